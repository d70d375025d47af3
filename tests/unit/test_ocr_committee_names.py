"""A committee member's name OCR misread clearly (a look-alike letter, a mark, a letter added) on
the committee list or the roster: an UNCLEAR_TEXT warning at that name's page and row, not a
COMMITTEE_NOT_MEMBER error; IDs stay exact, and typed lists and other people keep the error."""

from __future__ import annotations

import random
from pathlib import Path

from stdnum.th import pin

from docgen.intake.ocr.findings import MSG_UNCLEAR, ocr_close, with_ocr_findings
from docgen.model import (
    Bundle,
    ClassifiedFile,
    CommitteeSeat,
    DocKind,
    DocumentContent,
    Finding,
    GroupInfo,
    OcrInfo,
    OcrPage,
    Person,
    Role,
    RosterRow,
    SourceFile,
    Table,
)
from docgen.rules import run_rules
from samples.people import FEMALE_FIRST, LAST, MALE_FIRST

ROSTER = "04 สมาชิก.pdf"
COMMITTEE = "03 คณะกรรมการ.pdf"
MEMBERS = (
    Person("นาง", "ศิริพร", "ศรีสุข"),
    Person("นาย", "บุญช่วย", "ชัยมงคล"),
    Person("นาง", "จิราพร", "พลศรี"),
    Person("นาย", "สมศักดิ์", "ทองดี"),
)


def _id(rng: random.Random) -> str:
    body = "3" + "".join(str(rng.randint(0, 9)) for _ in range(11))
    return body + pin.calc_check_digit(body)


def _content(rows: list[tuple[str, ...]], page: int, ocr: bool) -> DocumentContent:
    """A list's one table on `page`, as an OCR reader (or a typed file's reader) gives it."""
    table = Table(tuple(rows), tuple(range(1, len(rows) + 1)))
    info = OcrInfo(0.9, (OcrPage(page, (), (table,), 0.9),), ()) if ocr else None
    return DocumentContent((), (table,), page, ocr=info)


def _bundle(
    seat: Person,
    *,
    seat_ocr: bool = True,
    roster_ocr: bool = True,
    members: tuple[Person, ...] = MEMBERS,
) -> Bundle:
    """Two members seated (chair read as `seat`, the treasurer exactly); the committee list
    on its page 2 (a cover page before it), the roster on page 1."""
    rows = tuple(RosterRow(i, p, ROSTER, f"แถวที่ {i + 1}") for i, p in enumerate(members, 1))
    seats = (
        CommitteeSeat(seat, "ประธาน", Role.CHAIR, COMMITTEE, "แถวที่ 2"),
        CommitteeSeat(members[2], "เหรัญญิก", Role.TREASURER, COMMITTEE, "แถวที่ 3"),
    )
    committee_rows = [("ลำดับ", "ชื่อ-สกุล", "ตำแหน่ง")] + [
        (str(i), s.person.display_name, s.position) for i, s in enumerate(seats, 1)
    ]
    roster_rows = [("ลำดับ", "ชื่อ-สกุล")] + [(str(r.index), r.person.display_name) for r in rows]
    return Bundle(
        (
            ClassifiedFile(
                _file(ROSTER), DocKind.MEMBER_ROSTER, _content(roster_rows, 1, roster_ocr)
            ),
            ClassifiedFile(
                _file(COMMITTEE), DocKind.COMMITTEE_LIST, _content(committee_rows, 2, seat_ocr)
            ),
        ),
        GroupInfo(),
        rows,
        committee_seats=seats,
    )


def _file(name: str) -> SourceFile:
    return SourceFile(name, Path(name), 1)


def _committee_findings(bundle: Bundle) -> list[Finding]:
    rules = [f for f in run_rules(bundle) if f.code == "COMMITTEE_NOT_MEMBER"]
    return with_ocr_findings(bundle, rules)


def test_each_look_alike_pair_a_mark_and_a_letter_added_are_ocr_close() -> None:
    # The pairs Tesseract confuses in printed names, each swapped into a real roster name.
    for first, last, read_first, read_last in (
        ("จิราพร", "พลศรี", "จิธาพร", "พลศรี"),  # ธ/ร
        ("บุญช่วย", "ชัยมงคล", "บุญช่วย", "ชัยนงคล"),  # ม/น
        ("บุญช่วย", "ชัยมงคล", "บุญข่วย", "ชัยมงคล"),  # ข/ช
        ("สมศักดิ์", "ทองดี", "สมศักดิ์", "ทองคี"),  # ด/ค
        ("บุญมา", "ทองประเสริฐ", "ปุญมา", "ทองประเสริฐ"),  # บ/ป
        ("สมศักดิ์", "ทองดี", "สมศักดิ์", "ทองดี๊"),  # a tone mark added
        ("วิชัย", "แก้วคง", "วิชัย", "แก๊วคง"),  # ้/๊
        ("สมศักดิ์", "ทองดี", "สมศักดิ์", "ทองตดี"),  # one letter inserted
        ("บุญช่วย", "ชัยมงคล", "บุญข่วย", "ชัยนงคล"),  # two look-alikes at once
    ):
        assert ocr_close(read_first, read_last, first, last), (read_first, read_last)


def test_other_people_are_not_ocr_close() -> None:
    assert not ocr_close("มาลี", "ศรีสุข", "สมชาย", "ใจดี")
    assert not ocr_close("สมหมาย", "ปัญญาดี", "สมหมาย", "บุญประเสริฐ")
    assert not ocr_close("ศิริพร", "ศรีสุข", "ศิริพร", "อินทร์แก้ว")
    assert not ocr_close("ชัย", "ดี", "ชัย", "ดี")  # too short to tell anyone apart
    # Distinct names of the sample generator: hardly ever within OCR noise of each other.
    names = [(f, last) for f in MALE_FIRST + FEMALE_FIRST for last in LAST]
    rng = random.Random(2570)
    pairs = [rng.sample(names, 2) for _ in range(5000)]
    close = sum(ocr_close(*a, *b) for a, b in pairs)
    assert close <= 5, close  # 5 in 100,000 at another seed: a warning there, not silence


def test_a_chair_misread_clearly_on_the_committee_scan_is_a_warning_at_its_page_and_row() -> None:
    misread = Person("นาย", "บุญข่วย", "ชัยนงคล")  # ข/ช and ม/น, both read with confidence
    assert [f.code for f in run_rules(_bundle(misread)) if f.code == "COMMITTEE_NOT_MEMBER"]
    found = _committee_findings(_bundle(misread))
    assert [(f.code, str(f.severity), f.file, f.where) for f in found] == [
        ("UNCLEAR_TEXT", "warning", COMMITTEE, "หน้า 2 แถวที่ 2")
    ]
    assert MSG_UNCLEAR in found[0].message and "นายบุญข่วย ชัยนงคล" in found[0].message
    assert "นายบุญช่วย ชัยมงคล" in found[0].message  # the member it is near
    assert found[0].extra == {"document": "committee_list", "ocr": True}


def test_a_member_misread_on_the_roster_scan_is_the_warning_there_when_the_list_was_typed() -> None:
    # The committee list typed (DOCX), the roster scanned: the roster's reading is in doubt.
    members = (MEMBERS[0], Person("นาย", "บุญข่วย", "ชัยนงคล"), *MEMBERS[2:])
    bundle = _bundle(MEMBERS[1], seat_ocr=False, members=members)
    found = _committee_findings(bundle)
    assert [(f.code, f.file, f.where) for f in found] == [("UNCLEAR_TEXT", ROSTER, "หน้า 1 แถวที่ 3")]
    assert found[0].extra["document"] == "member_roster"


def test_typed_lists_keep_the_error_and_so_does_a_stranger_or_two_near_members() -> None:
    misread = Person("นาย", "บุญข่วย", "ชัยนงคล")
    typed = _committee_findings(_bundle(misread, seat_ocr=False, roster_ocr=False))
    assert [f.code for f in typed] == ["COMMITTEE_NOT_MEMBER"]
    stranger = Person("นาง", "มาลี", "บุญมา")
    assert [f.code for f in _committee_findings(_bundle(stranger))] == ["COMMITTEE_NOT_MEMBER"]
    # Two members a letter apart from the name read: which one is not OCR's to guess.
    twins = (*MEMBERS, Person("นาย", "บุญช่วย", "ชัยมงคน"))
    assert [f.code for f in _committee_findings(_bundle(misread, members=twins))] == [
        "COMMITTEE_NOT_MEMBER"
    ]


def test_national_ids_decide_exactly_where_both_lists_give_valid_ones() -> None:
    rng = random.Random(11)
    his, other = _id(rng), _id(rng)
    member = Person("นาย", "บุญช่วย", "ชัยมงคล", his)
    members = (MEMBERS[0], member, *MEMBERS[2:])
    # The same ID read on both lists: the same person, whatever the name read; no finding.
    same = Person("นาย", "บุญข่วย", "ชัยนงคล", his)
    assert _committee_findings(_bundle(same, members=members)) == []
    # Another valid ID: another person of a like name; the error stays.
    another = Person("นาย", "บุญข่วย", "ชัยนงคล", other)
    assert [f.code for f in _committee_findings(_bundle(another, members=members))] == [
        "COMMITTEE_NOT_MEMBER"
    ]
    # An ID that fails its check digit contradicts nothing: the name decides, with a warning.
    broken = Person("นาย", "บุญข่วย", "ชัยนงคล", other[:12] + str((int(other[12]) + 1) % 10))
    assert [f.code for f in _committee_findings(_bundle(broken, members=members))] == [
        "UNCLEAR_TEXT"
    ]
