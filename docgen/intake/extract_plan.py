"""The activity plan: activities from a table under a กิจกรรม/โครงการ column, or from numbered lines."""

from __future__ import annotations

import re
from collections.abc import Sequence

from docgen.intake.extract_people import _POSITION_ONLY
from docgen.intake.extract_tables import data_rows, find_layout, header_field
from docgen.model import Activity, DocumentContent
from docgen.thai.names import split_prefix
from docgen.thai.text import compact, has_letters, strip_leaders

_NUMBERED = re.compile(
    r"^\s*(?:กิจกรรมที่\s*\d+|โครงการที่\s*\d+|\d{1,2}\s*[.)]|[-•●▪○◦➢✓]|\(\d{1,2}\))\s*[:.]?\s*(.+)$"
)
_NOT_ACTIVITY = (
    "ลงชื่อ",
    "ผู้จัดทำ",
    "ผู้รับรอง",
    "ผู้เสนอ",
    "ผู้อนุมัติ",
    "ประธานกลุ่ม",
    "รวม",
    # Sections of a project write-up, not activities.
    "เพื่อ",
    "หลักการ",
    "วัตถุประสงค์",
    "เป้าหมาย",
    "ผลที่คาดว่า",
    "ระยะเวลา",
    "งบประมาณ",
    "สถานที่",
    "ผู้รับผิดชอบ",
    "การประเมิน",
    "ตัวชี้วัด",
    "ชื่อกลุ่ม",
    "ที่ตั้ง",
)


def _is_activity_text(text: str) -> bool:
    t = strip_leaders(text)
    if not t or not has_letters(t) or len(t) < 3:
        return False
    c = compact(t)
    if any(c.startswith(w) for w in _NOT_ACTIVITY) or header_field(t) is not None:
        return False
    return not t.startswith("(")


def activities_from_content(content: DocumentContent) -> list[Activity]:
    """Activities of a plan: table rows first; numbered lines when the plan has no activity table."""
    activities: list[Activity] = []
    # A plan typed into a sheet line by line (every row one cell) is lines, not a table.
    lined = [t for t in content.tables if all(sum(1 for c in r if c.strip()) <= 1 for r in t.rows)]
    tables = [t for t in content.tables if t not in lined]
    paragraphs = (*content.paragraphs, *(c for t in lined for r in t.rows for c in r if c.strip()))
    for table in tables:
        layout = find_layout(table, "activity")
        if layout is None:
            continue
        for row in data_rows(table, layout):
            name = row.values.get("activity", "")
            if not _is_activity_text(name):
                continue
            activities.append(
                Activity(
                    name=name,
                    period=row.values.get("period", ""),
                    budget=row.values.get("budget", ""),
                    where=f"แถวที่ {row.row_number}",
                )
            )
    if activities:
        return activities
    # An empty activity table still lets numbered lines below it count.
    found = (
        activities_from_lines(paragraphs)
        or activities_under_header(paragraphs)
        or activities_from_prose(paragraphs)
    )
    if found or any(find_layout(t, "activity") is not None for t in tables):
        return found  # an activity table left empty is a blank form, whatever the lines say
    return activities_as_plain_lines(paragraphs)


_PLAIN_SKIP = re.compile(
    r"^(?:แผน|ปี|พ\.ศ|วันที่|ณ|กลุ่ม|ตำบล|หมู่|อำเภอ|จังหวัด|ที่ตั้ง|เรียน|เรื่อง|หมายเหตุ|"
    r"(?:กิจกรรม|โครงการ)(?:ที่)?\s*\d|กิจกรรม\s*$|ลำดับ)"
)


def activities_as_plain_lines(lines: Sequence[str]) -> list[Activity]:
    """Activities typed as a Word bullet or numbered list: the bullets and numbers are list
    formatting, not text, so each is a short plain line under the plan's title. Lines with
    blanks to fill (dots), labels, titles, dates and sentences are no activity."""
    out: list[Activity] = []
    for i, line in enumerate(lines[1:], start=2):
        raw = line.strip()
        if re.search(r"\.{3,}|_{3,}|…|[:：]", raw):
            continue
        text = strip_leaders(raw)
        c = compact(text)
        if len(text) > 80 or len(text.split()) > 8 or _PLAIN_SKIP.match(c):
            continue
        if sum(ch.isdigit() for ch in c) * 2 >= len(c):
            continue
        if split_prefix(text)[0] or _POSITION_ONLY.match(c):
            continue  # the signer's name or post under the plan
        if _is_activity_text(text):
            out.append(Activity(name=text, where=f"บรรทัดที่ {i}"))
    return out


_ROW_NUMBER = re.compile(r"^\s*(\d{1,2})\s+(\S.*)$")


def activities_under_header(lines: Sequence[str]) -> list[Activity]:
    """A plan table whose rules a PDF lost: a header line naming the activity column
    (`ลำดับ รายละเอียด ช่วงเวลา`), then rows that start with their number (`1 ปลูกสมุนไพร ต.ค. 69`)."""
    out: list[Activity] = []
    under = False
    for i, line in enumerate(lines):
        text = strip_leaders(line)
        fields = {header_field(w) for w in text.split()} - {None}
        if "activity" in fields and len(fields) >= 2:
            under = True
            continue
        m = _ROW_NUMBER.match(text) if under else None
        if m and _is_activity_text(m.group(2)):
            out.append(Activity(name=m.group(2).strip(), where=f"บรรทัดที่ {i + 1}"))
    return out


def activities_from_lines(lines: Sequence[str]) -> list[Activity]:
    """Numbered or bulleted lines (`1. ปลูกผักปลอดสารพิษ`, `กิจกรรมที่ 2 …`, `- …`)."""
    out: list[Activity] = []
    for i, line in enumerate(lines):
        text = strip_leaders(line)
        m = _NUMBERED.match(text)
        if not m:
            continue
        name = m.group(1).strip()
        if _is_activity_text(name):
            out.append(Activity(name=name, where=f"บรรทัดที่ {i + 1}"))
    return out


_LIST_INTRO = re.compile(r"กิจกรรม\S*\s*(?:\S+\s*){0,4}?(?:ดังนี้|ได้แก่|คือ)\s*[:：]?\s*(.+)$")


def activities_from_prose(lines: Sequence[str]) -> list[Activity]:
    """Activities written as a sentence: `กลุ่มจะดำเนินกิจกรรม ดังนี้ ปลูกผัก, เลี้ยงไก่ และทำปุ๋ย`."""
    out: list[Activity] = []
    for i, line in enumerate(lines):
        m = _LIST_INTRO.search(strip_leaders(line))
        if not m:
            continue
        for part in re.split(r"\s*[,;]\s*|\s+และ\s*|\s{2,}", m.group(1)):
            name = part.strip(" .")
            if _is_activity_text(name):
                out.append(Activity(name=name, where=f"บรรทัดที่ {i + 1}"))
    return out
