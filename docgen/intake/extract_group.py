"""The group as the documents state it: its name, address and the member count on the request form."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from docgen.model import DocumentContent, Place
from docgen.thai.places import parse_address
from docgen.thai.text import compact, normalize_text, strip_leaders

# The type of group, not a name: a title "บัญชีรายชื่อสมาชิกกลุ่มส่งเสริมอาชีพการเกษตร" names no group.
_GENERIC_NAMES = {
    compact(n)
    for n in (
        "กลุ่ม",
        "กลุ่มส่งเสริมอาชีพการเกษตร",
        "กลุ่มส่งเสริมอาชีพ",
        "กลุ่มเกษตรกร",
        "กลุ่มฯ",
        "กลุ่มแม่บ้านเกษตรกร",
        "กลุ่มยุวเกษตรกร",
    )
}
# Where a name stops: an address, a verb of the request, a count, brackets.
_NAME_END = re.compile(
    r"\s(?:ที่ตั้ง|ตั้งอยู่|สถานที่ตั้ง|ที่อยู่|บ้านเลขที่|เลขที่|หมู่ที่|หมู่|ม\.|ตำบล|ต\.|แขวง|อำเภอ|อ\.|เขต|จังหวัด|จ\.|"
    r"ปี|ประจำปี|ปีงบประมาณ|พ\.ศ\.|ได้|ซึ่ง|มีความ|ขอ(?:รับ|ยื่น|ใบ|จด|อนุ)|จำนวน|มีสมาชิก|โดย|โทร|ประกอบด้วย|เพื่อ|ณ\s|"
    r"ว่าด้วย|ชุดที่|วาระ|ฉบับ|ที่ขอ|ที่ยื่น)"
    r"|[,(（:;]"
)
# The next form field's label, colon and all, glued to a name when a PDF line runs on.
_GLUED_LABEL = re.compile(
    r"(?:สถานที่ตั้ง|ที่ตั้ง|ตั้งอยู่|ที่อยู่|บ้านเลขที่|หมู่ที่|ตำบล|อำเภอ|จังหวัด|จำนวนสมาชิก|ผู้ยื่นคำขอ|ชื่อประธาน|โทรศัพท์)"
    r"(?:กลุ่ม)?\s*[:：]"
)
_NAME_LABEL = re.compile(r"ชื่อ\s*กลุ่ม(?:\s*\(.*?\))?\s*[:：]?\s*")
_ADDRESS_LABELS = (
    # The group's own address first; a bare ที่อยู่ may be the applicant's home.
    re.compile(
        r"(?:สถานที่ตั้ง(?:กลุ่ม)?|ที่ตั้ง(?:กลุ่ม|ของกลุ่ม|สำนักงาน|ที่ทำการ)?|ตั้งอยู่(?:ที่)?|"
        r"ที่ทำการ(?:กลุ่ม)?|ที่อยู่(?:กลุ่ม|ของกลุ่ม))\s*[:：]?"
    ),
    re.compile(r"ที่อยู่\s*[:：]?"),
)
_ADDRESS_STOP = re.compile(
    r"จำนวนสมาชิก|มีสมาชิก|โทรศัพท์|โทร\.|วัตถุประสงค์|ประธานกลุ่ม|ชื่อประธาน|วันที่จัดตั้ง|จัดตั้งเมื่อ|ขอรับรอง|ขอยื่น|รหัสไปรษณีย์"
)
_STATED = (
    re.compile(
        r"(?:จำนวน\s*)?สมาชิก\s*(?:กลุ่ม\s*)?(?:ทั้งหมด|ทั้งสิ้น|รวม|จำนวน|มี)?\s*[:：=]?\s*(\d{1,4})\s*(?:ราย|คน)"
    ),
    re.compile(r"มีสมาชิก\D{0,25}?(\d{1,4})\s*(?:ราย|คน)"),
    # A count in the next cell without a unit; a blank "จำนวนสมาชิก ....... ราย" is no count.
    re.compile(r"จำนวนสมาชิก(?:(?!ราย|คน)\D){0,25}?(\d{1,4})(?![\d.)/])"),
    re.compile(r"สมาชิก\D{0,20}?(\d{1,4})\s*(?:ราย|คน)"),
    # ผู้ขอจัดตั้งกลุ่มจำนวน 14 ราย, เกษตรกรรวมกลุ่มกันจำนวน 14 คน: the applicants are the members.
    re.compile(r"(?:ผู้ขอจัดตั้ง|ผู้ร่วมจัดตั้ง|ผู้ก่อตั้ง|ผู้ยื่นคำขอ|เกษตรกร)\D{0,25}?(\d{1,4})\s*(?:ราย|คน)"),
)


def content_lines(content: DocumentContent, *, raw: bool = False) -> list[str]:
    """Paragraphs and table rows (cells joined, merged repeats dropped) as cleaned lines.

    With `raw`, dotted leaders are kept and cells are joined by a tab: a leader or a cell
    border ends a form's field (`ชื่อกลุ่ม.....กลุ่มปลูกผัก.....ประเภท.....`).
    """
    clean = normalize_text if raw else strip_leaders
    joiner = "\t" if raw else "  "
    lines = [clean(p) for p in content.paragraphs]
    for table in content.tables:
        if table.title:
            lines.append(clean(table.title))
        for row in table.rows:
            cells: list[str] = []
            for cell in row:
                text = clean(cell)
                if text and (not cells or cells[-1] != text):
                    cells.append(text)
            lines.append(joiner.join(cells))
    return [line for line in lines if line]


_FIELD_END = re.compile(r"\.{2,}|…|_{2,}|\t|\s{2,}")
_LEADING_BLANKS = re.compile(r"^[\s.…_·:：]*")
# Words that open an instruction or the next field, never a name (ชื่อกลุ่ม | ประเภทกลุ่ม | …).
_INSTRUCTION = (
    "ต้อง",
    "ให้",
    "ระบุ",
    "ตาม",
    "หมายถึง",
    "ประเภท",
    "ที่ตั้ง",
    "ตั้งอยู่",
    "จำนวน",
    "วันที่",
    "โทร",
    "เลขที่",
    "หมู่",
    "ประธาน",
    "กิจกรรม",
    "วัตถุประสงค์",
    "ภาษาอังกฤษ",
)


def field_value(rest: str) -> str:
    """The value typed after a label on a form: up to the next dotted leader, tab or cell border."""
    rest = _LEADING_BLANKS.sub("", rest)
    m = _FIELD_END.search(rest)
    return rest[: m.start()] if m else rest


def clean_group_name(text: str) -> str:
    """The name part of a text that starts with a group name: cut at address words and verbs."""
    # A cell border (tab, or two spaces between joined cells) ends the name before spaces collapse.
    value = re.split(r"\t|\s{2,}", text.strip(" \t"), maxsplit=1)[0]
    # กลุ่ม "ปลูกผักปลอดสาร": the quotes go, and the space they stood after with them.
    value = re.sub(r"^(กลุ่ม)\s*(?=[“”\"'‘’])", r"\1", strip_leaders(value))
    value = re.sub(r"[“”\"'‘’]", "", value).strip(" :：-")
    glued = _GLUED_LABEL.search(value)
    if glued and glued.start() > 0:
        value = value[: glued.start()]  # PDF text ran the next field on: …ดอนหันที่ตั้ง: เลขที่ 9
    m = _NAME_END.search(value)
    if m:
        value = value[: m.start()]
    return value.strip(" .,:-")


def is_generic(name: str) -> bool:
    return compact(name) in _GENERIC_NAMES or len(compact(name)) < 4


def name_from_label(lines: Sequence[str]) -> tuple[bool, str]:
    """(label found, name) from `ชื่อกลุ่ม …` on the request form; name "" when left blank.

    `lines` are raw lines (`content_lines(raw=True)`), so the value ends at the next leader.
    A value that starts with กลุ่ม wins over one that does not; an instruction printed on the
    form (ชื่อกลุ่มต้องขึ้นต้นด้วย…) is no value.
    """
    found = False
    values: list[str] = []
    for i, line in enumerate(lines):
        for m in _NAME_LABEL.finditer(line):
            found = True
            value = clean_group_name(field_value(line[m.end() :]))
            if not value and i + 1 < len(lines) and not _NAME_LABEL.search(lines[i + 1]):
                nxt = clean_group_name(field_value(lines[i + 1]))
                if nxt.startswith("กลุ่ม"):
                    value = nxt
            if value and not is_generic(value) and not value.startswith(_INSTRUCTION):
                values.append(value)
    for value in values:
        if value.startswith("กลุ่ม"):
            return True, value
    return found, values[0] if values else ""


def name_from_body(lines: Sequence[str]) -> str:
    """A group name that starts a line of the request's body (`กลุ่มปลูกผัก… ได้รวมตัวกัน…`)."""
    for line in lines[:60]:
        text = re.sub(r"^(?:ด้วย|ข้าพเจ้า.*?ในนาม(?:ของ)?|เรื่อง.*?ของ)\s*", "", line)
        if text.startswith("กลุ่ม"):
            value = clean_group_name(text)
            if (
                not is_generic(value)
                and "ใบรับรอง" not in value
                and "จัดตั้ง" not in value
                and not _SENTENCE_SUBJECT.match(value)
            ):
                return value
    return ""


_TITLE_LEADS = (
    "ข้อบังคับ",
    "ข้อตกลง",
    "ระเบียบ",
    "สมาชิก",
    "กรรมการ",
    "บริหาร",
    "ของ",
    "งาน",
    "กิจกรรม",
    "ทะเบียน",
    "บัญชี",
    "รายชื่อ",
    "โครงการ",
)
_TITLE_NAME = re.compile(r"^กลุ่ม\s?[\u0e01-\u0e4f]{3,}")
# กลุ่ม as the subject of a sentence (กลุ่มมีวัตถุประสงค์…, กลุ่มนี้…, กลุ่มจะ…) starts no name.
_SENTENCE_SUBJECT = re.compile(
    r"^กลุ่ม\s?(?:มี(?!ชัย|สุข|ทรัพย์)|ได้|จะ|ต้อง|ให้|เป็น|นี้|ฯ|ดังกล่าว|ซึ่ง|ที่|อาจ|สามารถ|ของเรา)"
)
# A numbered clause or item (ข้อ 1, 1.) is no title.
_NUMBERED_LINE = re.compile(r"^\s*(?:ข้อ\s*)?[\d๐-๙]{1,3}\s*[.)]?\s")


def name_from_title(lines: Sequence[str]) -> str:
    """A group name in a document's title (`ข้อบังคับกลุ่มปลูกผัก…`, `บัญชีรายชื่อสมาชิก` / `กลุ่ม…`).

    A title only gives a name that reads as one: กลุ่ม followed by words (not `กลุ่ม ปี 2570`).
    """
    for line in lines[:6]:
        if _NUMBERED_LINE.match(line):
            continue
        idx = line.find("กลุ่ม")
        while idx >= 0:
            value = clean_group_name(line[idx:])
            before = line[:idx]
            # กลุ่ม starts a name at the line's start, after a space, or after the document's
            # own words (ข้อบังคับกลุ่ม…, สมาชิกกลุ่ม…); not in พัฒนากลุ่มอาชีพ or ส่งเสริมกลุ่ม.
            starts_name = not before or before[-1].isspace() or before.endswith(_TITLE_LEADS)
            if (
                starts_name
                and value
                and not is_generic(value)
                and "ใบรับรอง" not in value
                and _TITLE_NAME.match(value)
                and not _SENTENCE_SUBJECT.match(value)
            ):
                return value
            idx = line.find("กลุ่ม", idx + 1)
    return ""


def address_from_lines(lines: Sequence[str]) -> Place:
    """The group's address: after a ที่ตั้ง / ตั้งอยู่ label, else the first address on the form."""
    text = "\n".join(lines)
    candidates: list[str] = []
    for label in _ADDRESS_LABELS:
        for m in label.finditer(text):
            candidates.append(text[m.end() : m.end() + 300])
    for m in re.finditer(r"(?:ตำบล|แขวง|(?<![\u0e01-\u0e4f])ต\.)", text):
        candidates.append(text[max(0, m.start() - 60) : m.start() + 240])
    # A letterhead (ที่ทำการกลุ่ม 45 หมู่ 7) may run on into เรียน เกษตรอำเภอ…: an address that
    # names its subdistrict beats one that only picked up a district.
    fallback = Place()
    for chunk in candidates:
        stop = _ADDRESS_STOP.search(chunk)
        if stop:
            chunk = chunk[: stop.start()]
        place = parse_address(chunk.replace("\n", " "))
        if place.subdistrict:
            return place
        if place.district and not fallback.district:
            fallback = place
    return fallback


def stated_members(lines: Sequence[str]) -> int | None:
    """The member count the request form states (`จำนวนสมาชิก 15 ราย`, Thai digits read too)."""
    text = " ".join(lines)
    # PDF text may split a word (จำนวนสมา ชิก 12 ราย): try again with Thai words joined up.
    joined = re.sub(r"(?<=[\u0e01-\u0e4e])\s+(?=[\u0e01-\u0e4e])", "", text)
    for candidate in (text, joined):
        for pattern in _STATED:
            m = pattern.search(candidate)
            if m:
                return int(m.group(1))
    return None


# `4. กิจกรรมหลักของกลุ่ม ...ปลูกผัก...`, `กิจกรรมหลัก: ปลูกผัก`: the request form's own label.
_MAIN_ACTIVITY = re.compile(r"กิจกรรมหลัก(?:ของกลุ่ม)?\s*(?:คือ|ได้แก่)?\s*[:：]?(.*)")
# The bylaws' clause on activities: `ข้อ 6 กิจกรรมของกลุ่ม ได้แก่ ปลูกผัก และกิจกรรมอื่น…`.
_BYLAWS_ACTIVITY = re.compile(
    r"กิจกรรม(?:หลัก)?ของกลุ่ม\s*(?:ได้แก่|คือ)\s*(.+?)(?:\s+และกิจกรรมอื่น|\s+ตามแผน|$)"
)
_THAI_DATE = (
    r"(\d{1,2}\s*[\u0e01-\u0e4f.]+\s*(?:พ\.ศ\.\s*)?\d{2,4}"
    r"|\d{1,2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*\d{2,4}|\d{4}-\d{2}-\d{2})"
)
# `วันที่จัดตั้งกลุ่ม 1 ตุลาคม 2569`, `…จัดตั้งกลุ่ม… เมื่อวันที่ 1 ตุลาคม 2569`.
_ESTABLISHED = (
    re.compile(r"วัน(?:ที่)?(?:จัดตั้ง|ก่อตั้ง)(?:กลุ่ม)?\s*[:：]?\s*(?:วันที่)?\s*" + _THAI_DATE),
    re.compile(r"(?:จัดตั้ง|ก่อตั้ง)[^\n]{0,80}?เมื่อ\s*วันที่\s*" + _THAI_DATE),
)
# The bylaws' opening: `ที่ประชุมใหญ่สมาชิกเมื่อวันที่ 1 ตุลาคม 2569 ได้มีมติ…`.
_BYLAWS_MEETING = re.compile(r"ที่ประชุม[^\n]{0,30}?เมื่อ\s*วันที่\s*" + _THAI_DATE)
# Their signing line, `ประกาศ ณ วันที่ 1 ตุลาคม 2569`: adopted at the founding meeting.
_BYLAWS_ANNOUNCED = re.compile(r"^\s*ประกาศ\s*ณ\s*วันที่\s*" + _THAI_DATE)


def _activity_value(text: str) -> str:
    value = re.sub(r"\s+", " ", strip_leaders(field_value(text))).strip(" .,:：-")
    return value[:300] if len(value) >= 2 else ""


def main_activity_from_lines(lines: Sequence[str], *, bylaws: bool = False) -> str:
    """The group's main activity as the request form (or, with `bylaws`, the bylaws) states it."""
    for line in lines:
        m = _MAIN_ACTIVITY.search(line)
        if m and _activity_value(m.group(1)):
            return _activity_value(m.group(1))
    if bylaws:
        for line in lines:
            m = _BYLAWS_ACTIVITY.search(normalize_text(line))
            if m and _activity_value(m.group(1)):
                return _activity_value(m.group(1))
    return ""


def established_from_lines(lines: Sequence[str], *, bylaws: bool = False) -> dt.date | None:
    """The founding date the request form states (or, with `bylaws`, the meeting that adopted them)."""
    from docgen.thai.dates import parse_date
    from docgen.thai.digits import thai_to_arabic_digits

    patterns = _ESTABLISHED + ((_BYLAWS_MEETING, _BYLAWS_ANNOUNCED) if bylaws else ())
    for pattern in patterns:
        for line in lines:
            m = pattern.search(thai_to_arabic_digits(line))
            if not m:
                continue
            try:
                return parse_date(m.group(1))
            except ValueError:
                continue
    return None
