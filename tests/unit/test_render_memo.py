"""The review memo: what the นสว. sends the เกษตรอำเภอ, built from a check report."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from docx import Document

from docgen.model import (
    Bundle,
    CheckReport,
    ClassifiedFile,
    CommitteeSeat,
    DocKind,
    DocumentContent,
    Finding,
    GroupInfo,
    Person,
    Place,
    Role,
    RosterRow,
    Severity,
    SourceFile,
)
from docgen.render.linebreak import plain_text
from docgen.render.memo import write_review_memo


def text_of(path: Path) -> str:
    return plain_text("\n".join(p.text for p in Document(str(path)).paragraphs))


def report(findings: tuple[Finding, ...], kinds: tuple[DocKind, ...]) -> CheckReport:
    files = tuple(
        ClassifiedFile(
            SourceFile(f"{kind.value}.docx", Path(f"/nonexistent/{kind.value}.docx"), 10),
            kind,
            DocumentContent(paragraphs=("x",)),
        )
        for kind in kinds
    )
    people = [Person(prefix="นาย", first_name=f"สมชาย{i}", last_name="ใจดี") for i in range(12)]
    seats = (
        CommitteeSeat(people[0], "ประธาน", Role.CHAIR, "committee_list.docx", "แถวที่ 2"),
        CommitteeSeat(people[1], "เลขานุการ", Role.SECRETARY, "committee_list.docx", "แถวที่ 3"),
        CommitteeSeat(people[2], "เหรัญญิก", Role.TREASURER, "committee_list.docx", "แถวที่ 4"),
    )
    bundle = Bundle(
        files=files,
        group=GroupInfo(
            name="กลุ่มเลี้ยงปลาบ้านโนน & <ห้วย>",
            place=Place(moo="4", subdistrict="ท่าพระ", district="เมืองขอนแก่น", province="ขอนแก่น"),
        ),
        committee_seats=seats,
    )
    members = tuple(
        RosterRow(i + 1, p, "member_roster.docx", f"แถวที่ {i + 2}") for i, p in enumerate(people)
    )
    return CheckReport(bundle=bundle, findings=findings, members=members)


ALL = (
    DocKind.REQUEST_FORM,
    DocKind.BYLAWS,
    DocKind.COMMITTEE_LIST,
    DocKind.MEMBER_ROSTER,
    DocKind.ACTIVITY_PLAN,
)


def test_complete_bundle_is_recommended_for_a_certificate(tmp_path: Path) -> None:
    out = write_review_memo(
        report((), ALL),
        tmp_path / "memo.docx",
        officer="นางสาวกนกวรรณ สุวรรณศรี",
        date=dt.date(2026, 10, 20),
    )
    text = text_of(out)
    assert text.lstrip().startswith("บันทึกข้อความ")
    assert "วันที่  20 ตุลาคม 2569" in text
    assert "เรียน  เกษตรอำเภอเมืองขอนแก่น" in text
    assert "กลุ่มเลี้ยงปลาบ้านโนน & <ห้วย>" in text
    assert "สมาชิก 12 ราย คณะกรรมการ 3 คน" in text
    assert "(1) นายสมชาย0 ใจดี ตำแหน่ง ประธาน" in text
    assert "(4) บัญชีรายชื่อสมาชิก ได้รับแล้ว" in text
    assert "member_roster" not in text and ".docx" not in text
    assert "ไม่พบข้อบกพร่อง" in text
    assert "เห็นควรออกใบรับรอง" in text and "เห็นควรส่งคืนเพื่อแก้ไข" not in text
    assert "(นางสาวกนกวรรณ สุวรรณศรี)" in text


def test_incomplete_bundle_is_returned_with_its_findings(tmp_path: Path) -> None:
    findings = (  # an observation first: the memo lists what must be fixed first
        Finding(
            "MEMBER_OUTSIDE_AREA",
            Severity.WARNING,
            "สมาชิกอยู่นอกอำเภอ",
            file="member_roster.docx",
            where="แถวที่ 9",
        ),
        Finding("MISSING_DOCUMENT", Severity.ERROR, "ไม่พบแผนงาน/กิจกรรมของกลุ่ม"),
    )
    out = write_review_memo(report(findings, ALL[:4]), tmp_path / "memo.docx")
    text = text_of(out)
    assert "(5) แผนงาน/กิจกรรมของกลุ่ม ไม่พบในเอกสารที่ยื่น" in text
    assert "พบข้อที่ต้องแก้ไข 1 รายการ และข้อสังเกต 1 รายการ" in text
    assert "3.1 รายการที่ต้องแก้ไข\n(1) ไม่พบแผนงาน/กิจกรรมของกลุ่ม" in text
    # The document and row in words; no file name, extension or bracketed tag.
    assert "3.2 ข้อสังเกต\n(1) บัญชีรายชื่อสมาชิก แถวที่ 9: สมาชิกอยู่นอกอำเภอ" in text
    assert text.index("3.1 รายการที่ต้องแก้ไข") < text.index("3.2 ข้อสังเกต")
    assert "[" not in text and ".docx" not in text and "member_roster" not in text
    assert "เห็นควรส่งคืนเพื่อแก้ไข" in text and "เห็นควรออกใบรับรอง" not in text


def test_memo_for_a_bundle_with_nothing_readable(tmp_path: Path) -> None:
    empty = CheckReport(
        bundle=Bundle(files=(), group=GroupInfo()),
        findings=(Finding("MISSING_DOCUMENT", Severity.ERROR, "ไม่พบหนังสือคำขอ"),),
        members=(),
    )
    text = text_of(write_review_memo(empty, tmp_path / "memo.docx"))
    assert "สมาชิก 0 ราย" in text and "เห็นควรส่งคืนเพื่อแก้ไข" in text
