"""Classification: which of the five documents a file is, by its content first and its name second.

Every kind gets a score: the title (the first lines, the earliest title word weighs most),
the structure (ข้อ 1, ข้อ 2 … clauses; a table of people with or without a ตำแหน่ง column
naming committee posts; a table of activities) and, weakest, the file name. A roster and a
committee list are both tables of people: the ตำแหน่ง column (posts other than สมาชิก) and
the title decide. A file that holds two parts keeps its primary kind (the one its title and
most of its body say); extraction may still read the other part (see intake.extract).
"""

from __future__ import annotations

import re
from pathlib import PurePath

from docgen.intake.extract_bylaws import _CLAUSE_KHO, _HEADING, split_clauses
from docgen.intake.extract_group import content_lines
from docgen.intake.extract_people import (
    _ID_IN_TEXT,
    committee_roles_in,
    member_share,
    people_layouts,
    seats_from_lines,
)
from docgen.intake.extract_tables import find_layout
from docgen.model import DocKind, DocumentContent, Role, SourceFile
from docgen.thai.text import compact, ocr_key

_TITLE_WORDS: dict[DocKind, tuple[str, ...]] = {
    DocKind.UNKNOWN: (
        "บันทึกการประชุม",
        "รายงานการประชุม",
        "ผู้เข้าร่วมประชุม",
        "ผู้มาประชุม",
        "ใบสมัครสมาชิก",
        "สำเนาบัตร",
        "บันทึกข้อความ",
        "ภาพถ่าย",
        "ภาพกิจกรรม",
        "รูปภาพ",
        "รูปถ่าย",
        "ภาพประกอบ",
    ),
    DocKind.REQUEST_FORM: (
        "หนังสือคำขอ",
        "คำขอ",
        "ขอรับรอง",
        "ขอใบรับรอง",
        "ขอจัดตั้ง",
        "ขอจดทะเบียน",
        "ขอขึ้นทะเบียน",
        "หนังสือขอ",
        "คำร้อง",
    ),
    DocKind.BYLAWS: ("ข้อบังคับ", "ข้อตกลง", "ระเบียบกลุ่ม", "ระเบียบของกลุ่ม", "กฎระเบียบ", "ระเบียบข้อบังคับ"),
    DocKind.COMMITTEE_LIST: (
        "รายชื่อคณะกรรมการ",
        "บัญชีรายชื่อคณะกรรมการ",
        "ทำเนียบคณะกรรมการ",
        "โครงสร้างคณะกรรมการ",
        "คณะกรรมการกลุ่ม",
        "คณะกรรมการบริหาร",
        "คณะกรรมการ",
    ),
    DocKind.MEMBER_ROSTER: (
        "บัญชีรายชื่อสมาชิก",
        "ทะเบียนสมาชิก",
        "ทะเบียนรายชื่อสมาชิก",
        "รายชื่อสมาชิก",
        "บัญชีสมาชิก",
        "รายชื่อผู้ขอจัดตั้ง",
        "รายชื่อผู้ร่วมจัดตั้ง",
        "รายชื่อผู้ก่อตั้ง",
        "รายชื่อผู้ขอรับรอง",
        "รายชื่อเกษตรกร",
    ),
    DocKind.ACTIVITY_PLAN: (
        "แผนปฏิบัติงาน",
        "แผนงาน",
        "แผนกิจกรรม",
        "แผนการดำเนินงาน",
        "แผนการดำเนินกิจกรรม",
        "แผนดำเนินงาน",
        "ปฏิทินกิจกรรม",
        "แผนการผลิต",
        "แผนปฏิบัติการ",
        "โครงการ",
    ),
}

_NAME_WORDS: tuple[tuple[DocKind, tuple[str, ...]], ...] = (
    (
        DocKind.UNKNOWN,
        (
            "ภาพถ่าย",
            "รูปภาพ",
            "รูปถ่าย",
            "ภาพกิจกรรม",
            "photo",
            "ประชุม",
            "minutes",
            "สำเนา",
            "บัตรประชาชน",
        ),
    ),
    (
        DocKind.REQUEST_FORM,
        ("คำขอ", "ขอใบรับรอง", "ขอรับรอง", "หนังสือขอ", "คำร้อง", "request", "application"),
    ),
    (DocKind.BYLAWS, ("ข้อบังคับ", "ข้อตกลง", "ระเบียบ", "bylaw", "regulation", "rules", "statute")),
    (DocKind.COMMITTEE_LIST, ("กรรมการ", "committee", "board")),
    (DocKind.MEMBER_ROSTER, ("สมาชิก", "member", "roster")),
    (DocKind.ACTIVITY_PLAN, ("แผน", "กิจกรรม", "โครงการ", "plan", "activit")),
)

_KEY_ROLES = {Role.CHAIR, Role.SECRETARY, Role.TREASURER}

# A line saying which request a document goes with (เอกสารประกอบคำขอจัดตั้งกลุ่ม…, typed as
# the page header of the bylaws or the roster, and read by OCR as a scanned page's first line)
# names the request form but is no title: the page is the document it accompanies.
_ACCOMPANIES = tuple(ocr_key(w) for w in ("เอกสารประกอบ", "เอกสารแนบ", "แนบท้าย", "ประกอบคำขอ"))


def _title_scores(head_lines: list[str]) -> dict[DocKind, float]:
    """Title words in the first lines; the kind whose word comes first weighs most."""
    scores: dict[DocKind, float] = {}
    best: tuple[int, int, DocKind] | None = None
    for line_no, line in enumerate(head_lines):
        c = compact(line)
        if ocr_key(c).startswith(_ACCOMPANIES):
            continue
        for kind, words in _TITLE_WORDS.items():
            positions = [c.find(w) for w in words if w in c]
            if not positions:
                continue
            scores[kind] = max(scores.get(kind, 0.0), 1.0)
            key = (line_no, min(positions), kind)
            if best is None or key[:2] < best[:2]:
                best = key
    if best is not None:
        scores[best[2]] = 3.5
    return scores


def _name_kind(name: str) -> DocKind | None:
    stem = compact(PurePath(name).stem)
    for kind, words in _NAME_WORDS:
        if any(w in stem for w in words):
            return kind
    return None


def _structure_scores(content: DocumentContent, lines: list[str]) -> dict[DocKind, float]:
    scores: dict[DocKind, float] = {}

    def add(kind: DocKind, value: float) -> None:
        scores[kind] = scores.get(kind, 0.0) + value

    clauses = sum(1 for line in lines if _CLAUSE_KHO.match(line))
    if clauses >= 5:
        add(DocKind.BYLAWS, 3.0)
    elif clauses >= 3:
        add(DocKind.BYLAWS, 2.0)
    else:
        # Clauses numbered 1. 2. 3. (a ข้อตกลง): what they are about tells bylaws apart.
        topics = {t for c in split_clauses(lines) for t in c.topics}
        if len(topics) >= 5:
            add(DocKind.BYLAWS, 3.0)
    if sum(1 for line in lines if _HEADING.match(line)) >= 2:
        add(DocKind.BYLAWS, 1.0)
    for table in content.tables:
        layout = people_layouts(table)
        if layout is not None:
            roles = committee_roles_in(table, layout)
            if layout.has("position"):
                share = member_share(table, layout)
                if layout.has("national_id") or layout.has("address") or layout.has("subdistrict"):
                    add(DocKind.MEMBER_ROSTER, 1.0)
                if roles & _KEY_ROLES and share < 0.5:
                    add(DocKind.COMMITTEE_LIST, 3.0)
                elif share >= 0.5:
                    add(DocKind.MEMBER_ROSTER, 2.5)
                else:
                    add(DocKind.COMMITTEE_LIST, 1.5)
            elif layout.has("national_id") or any(
                layout.has(f) for f in ("address", "subdistrict", "moo", "house_no")
            ):
                add(DocKind.MEMBER_ROSTER, 3.0)
            else:
                add(DocKind.MEMBER_ROSTER, 1.0)
                add(DocKind.COMMITTEE_LIST, 1.0)
            continue
        if find_layout(table, "activity", strict=True) is not None:
            add(DocKind.ACTIVITY_PLAN, 3.0)
    if not content.tables:
        id_lines = sum(
            1
            for line in lines
            if any(len(re.sub(r"\D", "", m.group(1))) == 13 for m in _ID_IN_TEXT.finditer(line))
        )
        if id_lines >= 3:
            add(DocKind.MEMBER_ROSTER, 2.5)
        seats = seats_from_lines(lines, "")
        if len({s.role for s in seats} & _KEY_ROLES) >= 2 and len(seats) >= 3:
            add(DocKind.COMMITTEE_LIST, 2.5)
    planned = sum(
        1
        for line in lines
        if re.match(r"^\s*(?:\d{1,2}\s*[.)]|กิจกรรมที่\s*\d)", line)
        and any(w in line for w in ("ระยะเวลา", "งบประมาณ", "ผู้รับผิดชอบ", "เป้าหมาย"))
    )
    if planned >= 2:
        add(DocKind.ACTIVITY_PLAN, 2.0)  # numbered activities with when / how much / who
    text = compact(" ".join(lines[:80]))
    form_words = sum(
        1
        for w in ("ชื่อกลุ่ม", "จำนวนสมาชิก", "เรียนเกษตรอำเภอ", "ข้าพเจ้า", "ขอรับรอง", "ที่ตั้ง", "ขอยื่น")
        if w in text
    )
    if form_words >= 2:
        add(DocKind.REQUEST_FORM, min(3.0, form_words * 0.75))
    return scores


def kind_scores(source: SourceFile, content: DocumentContent) -> dict[DocKind, float]:
    """The score of each kind for one file (exposed for tests and for the bench)."""
    lines = content_lines(content)
    head: list[str] = []
    for table in content.tables[:1]:
        if table.sheet:
            head.append(table.sheet)
    head = [*lines[:6], *head]
    scores = {kind: 0.0 for kind in _TITLE_WORDS}
    for kind, value in _title_scores(head).items():
        scores[kind] += value
    for kind, value in _structure_scores(content, lines).items():
        scores[kind] += value
    by_name = _name_kind(source.name)
    if by_name is not None:
        scores[by_name] += 1.5
    return scores


def classify(source: SourceFile, content: DocumentContent) -> DocKind:
    """The kind of one file: request_form, bylaws, committee_list, member_roster, activity_plan or unknown."""
    scores = kind_scores(source, content)
    kind, best = max(scores.items(), key=lambda kv: kv[1])
    if best < 1.5:
        return DocKind.UNKNOWN
    return kind
