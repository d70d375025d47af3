"""Findings about OCR itself: values read without confidence become UNCLEAR_TEXT warnings, and an
INVALID_NATIONAL_ID whose digits were unsure is that warning instead (never an OCR doubt as an error);
a group name misread by a letter is the name the other documents give."""

from __future__ import annotations

import re
from collections.abc import Sequence
from difflib import SequenceMatcher

from docgen.model import Bundle, ClassifiedFile, DocKind, Finding, OcrDoubt, RosterRow, Severity
from docgen.thai.ids import is_valid_national_id, mask_national_id
from docgen.thai.names import close_names, name_key_of, names_close
from docgen.thai.text import compact

MSG_UNCLEAR = "อ่านจากภาพไม่ชัด ตรวจกับต้นฉบับ"
FIELD_LABEL_TH = {
    "national_id": "เลขประจำตัวประชาชน",
    "full": "ชื่อ-สกุล",
    "first": "ชื่อ",
    "last": "นามสกุล",
    "phone": "เบอร์โทรศัพท์",
    "member_count": "จำนวนสมาชิกที่ระบุ",
    "place": "ตำบล อำเภอ จังหวัด",
    "text": "ข้อความ",
}


def doubt_where(doubt: OcrDoubt) -> str:
    if doubt.row:
        return f"หน้า {doubt.page} แถวที่ {doubt.row}"
    return f"หน้า {doubt.page} บรรทัดที่ {doubt.line}" if doubt.line else f"หน้า {doubt.page}"


def _shown(doubt: OcrDoubt) -> str:
    if doubt.field == "national_id":
        digits = re.sub(r"\D", "", doubt.text)
        return mask_national_id(digits) if len(digits) == 13 else "อ่านได้ไม่ครบ 13 หลัก"
    return doubt.text


def _place_line(cf: ClassifiedFile, name: str) -> OcrDoubt | None:
    """Where on the scan a place name was read: its page and line of running text."""
    if cf.content is None or cf.content.ocr is None or not name:
        return None
    for page in cf.content.ocr.pages:
        for number, line in enumerate(page.paragraphs, start=1):
            if name in line:
                return OcrDoubt(page.number, None, "place", line, line=number)
    return None


_NAME_FIELDS = {"full", "first", "last"}


def _names_confirmed_elsewhere(bundle: Bundle) -> set[tuple[str, str]]:
    """Roster and committee rows (file, where) whose name another document confirms: the other
    list has a person with the same national ID (valid, so read for sure) whose name is the
    same but for what OCR misreads, or (a list without IDs) one whose name reads letter for
    letter the same: two readings of two papers agreeing. Such a name needs no look at the
    paper."""
    people = [(r.file, r.where, r.person) for r in bundle.roster_rows]
    seats = [(s.file, s.where, s.person) for s in bundle.committee_seats]
    out: set[tuple[str, str]] = set()
    for mine, others in ((people, seats), (seats, people)):
        by_id: dict[str, list[tuple[str, str]]] = {}
        names = {
            (file, name_key_of(person.first_name, person.last_name)) for file, _w, person in others
        }
        for file, _where, person in others:
            if person.national_id and is_valid_national_id(person.national_id):
                by_id.setdefault(person.national_id, []).append(
                    (file, name_key_of(person.first_name, person.last_name))
                )
        for file, where, person in mine:
            key = name_key_of(person.first_name, person.last_name)
            same_name = len(key) >= 6 and any(f != file and k == key for f, k in names)
            same_person = any(
                other_file != file and names_close(key, other_key)
                for other_file, other_key in by_id.get(person.national_id or "", [])
            )
            if same_name or same_person:
                out.add((file, where))
    return out


# How far two readings of one name may differ when OCR was unsure of one of them: letters
# changed, added or lost, as a share of the longer name without its marks.
LOOSE_NAME_SHARE = 0.35


def _bare(text: str) -> str:
    return _MARKS.sub("", text)


_MARKS = re.compile("[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]")


def loosely_same_name(first_a: str, last_a: str, first_b: str, last_b: str) -> bool:
    """Two names that may be one person read twice, once unsure: the same first name but for
    marks (ธนากร ไฟ เสริฐ / ธนากร แก้วประเสริฐ), or the whole name, marks aside, differing in
    at most LOOSE_NAME_SHARE of its letters (ทองตี กันทะวงค์ / ทองดี กันทะวงศ์; a prefix
    misread into the name, น่ายบูญส่ง วงศ์ใหญ่ / บุญส่ง วงศ์ใหญ่)."""
    fa, fb = _bare(compact(first_a)), _bare(compact(first_b))
    if len(fa) >= 3 and fa == fb:
        return True
    a, b = _bare(name_key_of(first_a, last_a)), _bare(name_key_of(first_b, last_b))
    if min(len(a), len(b)) < 6:
        return False
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    longest = max(len(a), len(b))
    changed = longest - sum(m.size for m in matcher.get_matching_blocks())
    return changed <= LOOSE_NAME_SHARE * longest


def _unsure_member(
    bundle: Bundle, file: str, where: str, unsure_names: set[tuple[str, str]]
) -> bool:
    """A committee seat not found on the roster whose name OCR read unsure, on the committee
    list or on the roster row of a member loosely of that name: whether he is a member is
    the paper's to tell, so no error (never an OCR doubt as an error). A name read clearly on
    both lists and far from every member stays COMMITTEE_NOT_MEMBER."""
    seat = next((s for s in bundle.committee_seats if (s.file, s.where) == (file, where)), None)
    if seat is None or seat.person.national_id:
        return False  # an ID is compared exactly
    seat_unsure = (file, where) in unsure_names
    for row in bundle.roster_rows:
        p = row.person
        if not loosely_same_name(
            seat.person.first_name, seat.person.last_name, p.first_name, p.last_name
        ):
            continue
        if seat_unsure or (row.file, row.where) in unsure_names:
            return True
    return False


# Letters Tesseract takes one for another in a printed name while sure of itself: a notch or
# a tail (ข/ช/ซ/ฃ, บ/ป, ผ/ฝ, พ/ฟ, ฎ/ฏ), a head or a loop (ด/ค/ต/ฅ, ม/น, ธ/ร). Each set folds to
# one letter; tone and vowel marks above and below the line are dropped (่/้/๊, ิ/ี), ำ is า.
_NAME_LOOKALIKES = str.maketrans("ขซฃปฝฟฏคตฅนร", "ชชชบผพฎดดดมธ")


def ocr_name_key(first: str, last: str) -> str:
    """A name key with what OCR misreads in a name folded away (ชัยมงคล / ชัยนงคล)."""
    key = name_key_of(first, last).replace("\u0e33", "\u0e32")
    return _bare(key).translate(_NAME_LOOKALIKES)


def ocr_close(first_a: str, last_a: str, first_b: str, last_b: str) -> bool:
    """Two names one printed name may be as OCR reads it clearly: the same once look-alike
    letters and marks are folded, but for one letter added, lost or changed in twelve
    (close_names). Too short a name (under six letters) says too little to match."""
    a, b = ocr_name_key(first_a, last_a), ocr_name_key(first_b, last_b)
    return min(len(a), len(b)) >= 6 and close_names(a, b)


def _ocr_part(bundle: Bundle, file: str, kind: DocKind) -> ClassifiedFile | None:
    parts = [cf for cf in bundle.files if cf.file.name == file and cf.content is not None]
    parts = [cf for cf in parts if cf.content is not None and cf.content.ocr is not None]
    return next((cf for cf in parts if cf.kind == kind), parts[0] if parts else None)


def _page_of(cf: ClassifiedFile, where: str, first: str) -> int:
    """The page of an OCR part on which a row ("แถวที่ N") holding this first name was read."""
    assert cf.content is not None and cf.content.ocr is not None
    number = int(m.group(1)) if (m := re.search(r"(\d+)\s*$", where)) else None
    pages = cf.content.ocr.pages
    for page in pages:
        for table in page.tables:
            for row, n in zip(table.rows, table.row_numbers, strict=False):
                if n == number and first in " ".join(row):
                    return page.number
    for page in pages:
        if first and first in page.text:
            return page.number
    return cf.pages[0] if cf.pages else (pages[0].number if pages else 1)


def _misread_member(
    bundle: Bundle, file: str, where: str, unsure: set[tuple[str, str]]
) -> Finding | bool | None:
    """A committee seat not found on the roster whose name, on one list or both read by OCR,
    is OCR-close to exactly one member, no national ID saying otherwise (two valid IDs that
    differ are two people): whether he is that member is the paper's to tell. Returns the
    UNCLEAR_TEXT warning at the name read by OCR, True when a doubt already stands there
    (its warning says it), or None when the error stays."""
    seat = next((s for s in bundle.committee_seats if (s.file, s.where) == (file, where)), None)
    if seat is None:
        return None
    me = seat.person
    near: dict[str, RosterRow] = {}
    for row in bundle.roster_rows:
        p = row.person
        if ocr_close(me.first_name, me.last_name, p.first_name, p.last_name):
            near.setdefault(p.national_id or name_key_of(p.first_name, p.last_name), row)
    if len(near) != 1:
        return None
    row = next(iter(near.values()))
    them = row.person
    if (
        me.national_id
        and them.national_id
        and is_valid_national_id(me.national_id)
        and is_valid_national_id(them.national_id)
        and me.national_id != them.national_id
    ):
        return None  # IDs are compared exactly: another person of a like name
    seat_cf = _ocr_part(bundle, seat.file, DocKind.COMMITTEE_LIST)
    row_cf = _ocr_part(bundle, row.file, DocKind.MEMBER_ROSTER)
    if seat_cf is None and row_cf is None:
        return None  # both typed: no OCR to blame
    if (seat.file, seat.where) in unsure or (row.file, row.where) in unsure:
        return True
    if seat_cf is not None:
        cf, at, person, kind = seat_cf, seat.where, me, DocKind.COMMITTEE_LIST
        other = f"สมาชิก {them.display_name} ({row.file} {row.where})"
    else:
        assert row_cf is not None
        cf, at, person, kind = row_cf, row.where, them, DocKind.MEMBER_ROSTER
        other = f"กรรมการ {me.display_name} ({seat.file} {seat.where})"
    spot = f"หน้า {_page_of(cf, at, person.first_name)} {at}"
    return Finding(
        code="UNCLEAR_TEXT",
        severity=Severity.WARNING,
        message=(
            f"{spot}: {FIELD_LABEL_TH['full']} ({person.display_name}) ใกล้เคียงกับ{other} "
            f"แต่ไม่ตรงกัน {MSG_UNCLEAR}"
        ),
        file=cf.file.name,
        where=spot,
        extra={"document": str(kind), "ocr": True},
    )


def with_ocr_findings(bundle: Bundle, findings: Sequence[Finding]) -> list[Finding]:
    """The rules' findings, OCR doubts added as UNCLEAR_TEXT (one per value); an
    INVALID_NATIONAL_ID of a row whose ID digits OCR was unsure of, and an UNKNOWN_PLACE whose
    names OCR could not match to a real place for sure, give way to that warning."""
    doubts_by_file: dict[str, list[tuple[OcrDoubt, str]]] = {}
    ocr_files: dict[str, ClassifiedFile] = {}
    for cf in bundle.files:
        if cf.content is not None and cf.content.ocr is not None:
            # A file holding several documents has one part per document: each its pages' doubts.
            mine = doubts_by_file.setdefault(cf.file.name, [])
            seen = {d for d, _kind in mine}
            mine.extend((d, str(cf.kind)) for d in cf.content.ocr.doubts if d not in seen)
            if cf.kind == DocKind.REQUEST_FORM or cf.file.name not in ocr_files:
                ocr_files[cf.file.name] = cf
    if not doubts_by_file:
        return list(findings)
    unsure_ids = {
        (file, re.sub(r"\D", "", d.text))
        for file, doubts in doubts_by_file.items()
        for d, _kind in doubts
        if d.field == "national_id"
    }
    unsure_places = {
        (file, f"แถวที่ {d.row}", d.text)
        for file, doubts in doubts_by_file.items()
        for d, _kind in doubts
        if d.field == "place"
    }
    raw_by_spot = {
        (r.file, r.where): re.sub(r"\D", "", r.person.national_id_raw or r.person.national_id or "")
        for r in bundle.roster_rows
    }
    place_by_spot = {
        (r.file, r.where): r.person.address.subdistrict
        for r in bundle.roster_rows
        if r.person.address is not None
    }
    unsure_names = {
        (file, f"แถวที่ {d.row}")
        for file, doubts in doubts_by_file.items()
        for d, _kind in doubts
        if d.field in _NAME_FIELDS and d.row
    }
    out: list[Finding] = []
    for f in findings:
        if (
            f.code == "COMMITTEE_NOT_MEMBER"
            and f.file in doubts_by_file
            and _unsure_member(bundle, f.file, f.where or "", unsure_names)
        ):
            continue  # the seat's (or that member's) UNCLEAR_TEXT says it
        if f.code == "COMMITTEE_NOT_MEMBER":
            misread = _misread_member(bundle, f.file or "", f.where or "", unsure_names)
            if isinstance(misread, Finding):
                if misread not in out:
                    out.append(misread)
                continue
            if misread is True:
                continue  # the name's own UNCLEAR_TEXT says it
        if f.code == "GROUP_NAME_MISMATCH" and f.file in doubts_by_file:
            other = bundle.group.names_by_file.get(f.file, "")
            if close_names(bundle.group.name, other):
                continue  # the same name as the other documents, a letter or mark misread
        if f.code == "INVALID_NATIONAL_ID" and f.file in doubts_by_file:
            digits = raw_by_spot.get((f.file, f.where or ""))
            if digits is not None and (f.file, digits) in unsure_ids:
                continue  # the UNCLEAR_TEXT warning for this row says it
        if f.code == "UNKNOWN_PLACE" and f.file in doubts_by_file and f.where:
            sub = place_by_spot.get((f.file, f.where))
            if sub and any(
                (f.file, f.where) == (file, where) and sub in text
                for file, where, text in unsure_places
            ):
                continue  # the row's UNCLEAR_TEXT says it
        if f.code == "UNKNOWN_PLACE" and f.file in ocr_files and not f.where:
            # The group's place, read from the scanned request form and not a real one for sure.
            cf = ocr_files[f.file]
            place = bundle.group.place
            spot = _place_line(cf, place.subdistrict) or _place_line(cf, place.district)
            if spot is not None:
                doubts_by_file[f.file].append((spot, str(DocKind.REQUEST_FORM)))
                continue
        out.append(f)
    confirmed = _names_confirmed_elsewhere(bundle)
    for file, doubts in doubts_by_file.items():
        for d, kind in doubts:
            if d.field in _NAME_FIELDS and (file, f"แถวที่ {d.row}") in confirmed:
                continue  # the same person, ID for ID, spelled alike on the other list
            label = FIELD_LABEL_TH.get(d.field, "ข้อความ")
            out.append(
                Finding(
                    code="UNCLEAR_TEXT",
                    severity=Severity.WARNING,
                    message=f"{doubt_where(d)}: {label} ({_shown(d)}) {MSG_UNCLEAR}",
                    file=file,
                    where=doubt_where(d),
                    extra={"document": kind, "ocr": True},
                )
            )
    return out
