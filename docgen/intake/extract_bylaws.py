"""Bylaws: splitting the text into clauses (ข้อ 1, ข้อ ๑, 1.) under หมวด headings, and the topics of each clause."""

from __future__ import annotations

import re
from collections.abc import Sequence

from docgen.model import BylawClause, Topic
from docgen.thai.text import compact, strip_leaders

_CLAUSE_KHO = re.compile(r"^\s*ข้อ\s*(\d{1,3})(?!\d)\s*[.:)]?\s*")
_CLAUSE_NUM = re.compile(r"^\s*(\d{1,3})\s*[.)]\s*(?!\d)")
_HEADING = re.compile(r"^\s*(หมวด(?:ที่)?\s*\d{1,3}|หมวด\s*[ก-ฮ]\b|บทที่\s*\d{1,3})\s*[.:]?\s*(.*)$")

# Words a clause must use to be about a topic (compact text: no spaces, Arabic digits).
_SHARES = ("หุ้น",)
_ACTIVITIES = (
    "กิจกรรมของกลุ่ม",
    "กิจกรรมกลุ่ม",
    "ดำเนินกิจกรรม",
    "ดำเนินกิจการ",
    "ประกอบกิจการ",
    "กิจการของกลุ่ม",
    "กิจกรรมดังนี้",
    "กิจกรรมดังต่อไปนี้",
    "กิจกรรมหลัก",
    "กิจกรรมที่กลุ่ม",
    "กิจกรรมได้แก่",
    "ดำเนินการผลิต",
    "ดำเนินงานด้าน",
)
_FINANCE = (
    "การเงิน",
    "เงินทุน",
    "ทุนของกลุ่ม",
    "ทุนดำเนินงาน",
    "ทุนหมุนเวียน",
    "บัญชี",
    "ธนาคาร",
    "เงินกู้",
    "กู้ยืม",
    "ดอกเบี้ย",
    "กำไร",
    "ปันผล",
    "เงินปันผล",
    "รายรับ",
    "รายจ่าย",
    "ทรัพย์สินของกลุ่ม",
    "เก็บรักษาเงิน",
    "จัดการเงิน",
    "บริหารเงิน",
    "เงินของกลุ่ม",
    "แหล่งเงิน",
    "แหล่งทุน",
    "จัดสรรเงิน",
    "เงินสมทบ",
    "เงินออม",
    "ออมทรัพย์",
    "จัดการทุน",
    "บริหารทุน",
    "การเบิกจ่าย",
    "เบิกจ่ายเงิน",
)
_FINANCE_WEAK = ("เงิน", "ทุน")
_ADMISSION = (
    "รับสมาชิก",
    "สมัครเป็นสมาชิก",
    "สมัครสมาชิก",
    "คุณสมบัติของสมาชิก",
    "คุณสมบัติสมาชิก",
    "ผู้สมัคร",
    "การเข้าเป็นสมาชิก",
    "เข้าเป็นสมาชิก",
    "สมาชิกใหม่",
    "ผู้ที่จะเป็นสมาชิก",
    "ผู้ประสงค์จะเป็นสมาชิก",
    "ผู้ที่ประสงค์จะเป็นสมาชิก",
    "ประสงค์เป็นสมาชิก",
    "การรับเข้า",
    "ค่าสมัคร",
    "สมัครเข้า",
    "เข้ากลุ่ม",
    "รับเข้าเป็นสมาชิก",
    "รับเป็นสมาชิก",
    "เข้าร่วมเป็นสมาชิก",
    "เข้าร่วมกลุ่ม",
)
_RESIGNATION = (
    "ขาดจากสมาชิกภาพ",
    "ขาดสมาชิกภาพ",
    "สมาชิกภาพสิ้นสุด",
    "สิ้นสุดสมาชิกภาพ",
    "สิ้นสุดการเป็นสมาชิก",
    "สิ้นสภาพการเป็นสมาชิก",
    "สิ้นสภาพสมาชิก",
    "พ้นสภาพสมาชิก",
    "พ้นสภาพการเป็นสมาชิก",
    "พ้นจากสมาชิกภาพ",
    "พ้นจากการเป็นสมาชิก",
    "พ้นสมาชิกภาพ",
    "สมาชิกลาออก",
    "ลาออกจากการเป็นสมาชิก",
    "ลาออกจากกลุ่ม",
    "ลาออกจากสมาชิก",
    "ออกจากกลุ่ม",
    "ออกจากการเป็นสมาชิก",
    "การออกจากสมาชิก",
)
_ELECTION = (
    "เลือกตั้ง",
    "คัดเลือกคณะกรรมการ",
    "คัดเลือกกรรมการ",
    "เลือกคณะกรรมการ",
    "เลือกกรรมการ",
    "สรรหาคณะกรรมการ",
    "สรรหากรรมการ",
    "เลือกจากสมาชิก",
    "ลงคะแนนเลือก",
)
_TERM = re.compile(
    r"วาระ(?!การประชุม|ประชุม|ที่\d|ที่หนึ่ง|อื่น)|คราวละ|ดำรงตำแหน่ง(?:ได้|ติดต่อ|ไม่เกิน|.{0,20}?(?:\d+|หนึ่ง|สอง|สาม|สี่|ห้า)ปี)|"
    r"อยู่ในตำแหน่ง.{0,20}?(?:\d+|หนึ่ง|สอง|สาม|สี่|ห้า)ปี"
)
_TERM_NOT = re.compile(r"ครบวาระ|พ้นวาระ|หมดวาระ|ก่อนครบวาระ|ตามวาระ|ถึงวาระ|เท่ากับวาระ|วาระที่เหลือ")
_REMOVAL = (
    "พ้นจากตำแหน่ง",
    "พ้นตำแหน่ง",
    "ออกจากตำแหน่ง",
    "ถอดถอน",
    "ถอนถอน",
    "ให้ออกจากตำแหน่ง",
    "การพ้นจากตำแหน่ง",
    "พ้นจากการเป็นกรรมการ",
    "ลาออกจากตำแหน่ง",
    "ลาออกจากการเป็นกรรมการ",
    "ลาออกจากกรรมการ",
)
_LEAVING = ("ลาออก", "พ้นจาก", "พ้นสภาพ", "ขาดจาก", "สิ้นสุด", "ให้ออก", "ออกจาก", "สิ้นสภาพ")


def _has(text: str, words: Sequence[str]) -> bool:
    return any(w in text for w in words)


def _subject(text: str, heading: str) -> str:
    """Whom a clause is about: "committee", "member" or "" (from its opening words, then its chapter)."""
    opening = text[:40]
    c_at = opening.find("กรรมการ")
    m_at = opening.find("สมาชิก")
    if c_at >= 0 and (m_at < 0 or c_at < m_at):
        return "committee"
    if m_at >= 0:
        return "member"
    if "กรรมการ" in heading:
        return "committee"
    if "สมาชิก" in heading:
        return "member"
    return ""


def topics_of(text: str, heading: str = "") -> frozenset[Topic]:
    """The required topics one clause covers, judged on the clause (and its chapter), not on a word anywhere.

    A clause on committee members leaving office (กรรมการพ้นจากตำแหน่งเมื่อ … ขาดจากสมาชิกภาพ)
    is `removal`, not the `resignation` of members; weak words (เงิน, ทุน) count for finance only
    in a clause about nothing else.
    """
    t = compact(text)
    h = compact(heading)
    subject = _subject(t, h)
    topics: set[Topic] = set()
    if _has(t, _SHARES):
        topics.add(Topic.SHARES)
    if _has(t, _ACTIVITIES):
        topics.add(Topic.ACTIVITIES)
    if _has(t, _FINANCE):
        topics.add(Topic.FINANCE)
    t_admission = re.sub(r"ผู้สมัครรับเลือก(?:ตั้ง)?|สมัครรับเลือก(?:ตั้ง)?", "", t)
    if _has(t_admission, _ADMISSION) or (
        subject != "committee" and re.search(r"สมาชิก.{0,15}คุณสมบัติ|คุณสมบัติ.{0,15}สมาชิก", t)
    ):
        topics.add(Topic.ADMISSION)
    if _has(t, _ELECTION) or ("กรรมการ" in t and re.search(r"เลือก|สรรหา|แต่งตั้ง|ลงคะแนน|ออกเสียง", t)):
        topics.add(Topic.ELECTION)
    if _TERM.search(t) and not (
        _TERM_NOT.search(t) and not re.search(r"คราวละ|\d+ปี|สองปี|สามปี|สี่ปี", t)
    ):
        topics.add(Topic.TERM)
    removal = _has(t, _REMOVAL) or (subject == "committee" and _has(t, _LEAVING))
    if removal:
        topics.add(Topic.REMOVAL)
    leaving_member = _has(t, _RESIGNATION) or (subject == "member" and _has(t, _LEAVING))
    if leaving_member and subject != "committee":
        topics.add(Topic.RESIGNATION)
    if not topics:
        if _has(t, _FINANCE_WEAK):
            topics.add(Topic.FINANCE)
        elif heading:
            topics |= _heading_topics(h)
    return frozenset(topics)


def _heading_topics(h: str) -> set[Topic]:
    """Topics a chapter heading alone names (หมวด 3 การเงินและบัญชี), for clauses that name none."""
    out: set[Topic] = set()
    if "หุ้น" in h:
        out.add(Topic.SHARES)
    if "กิจกรรม" in h or "กิจการ" in h:
        out.add(Topic.ACTIVITIES)
    if "เงิน" in h or "ทุน" in h or "บัญชี" in h:
        out.add(Topic.FINANCE)
    if "รับสมาชิก" in h or "การเข้าเป็นสมาชิก" in h or "คุณสมบัติ" in h:
        out.add(Topic.ADMISSION)
    if "สมาชิกภาพ" in h or ("ลาออก" in h and "กรรมการ" not in h):
        out.add(Topic.RESIGNATION)
    if "เลือกตั้ง" in h:
        out.add(Topic.ELECTION)
    if "วาระ" in h:
        out.add(Topic.TERM)
    if "พ้นจากตำแหน่ง" in h or "พ้นตำแหน่ง" in h:
        out.add(Topic.REMOVAL)
    return out


def split_clauses(lines: Sequence[str]) -> list[BylawClause]:
    """Clauses of a bylaws text, each with the topics it covers.

    Numbering `ข้อ N` (Thai or Arabic digits) is preferred when the text uses it at least three
    times; otherwise lines starting `N.` or `N)` start clauses (sub-items `1.` inside a `ข้อ`
    stay in their clause). A text without any numbering is judged paragraph by paragraph.
    """
    cleaned = [strip_leaders(line) for line in lines]
    cleaned = [line for line in cleaned if line]
    kho = sum(1 for line in cleaned if _CLAUSE_KHO.match(line))
    pattern = _CLAUSE_KHO if kho >= 3 else _CLAUSE_NUM
    if kho < 3 and sum(1 for line in cleaned if _CLAUSE_NUM.match(line)) < 3:
        return [
            BylawClause("", line, topics_of(line))
            for line in cleaned
            if len(compact(line)) > 10 and not _HEADING.match(line)
        ]
    clauses: list[tuple[str, list[str], str]] = []
    heading = ""
    for line in cleaned:
        h = _HEADING.match(line)
        if h:
            heading = line
            continue
        m = pattern.match(line)
        if m:
            number = ("ข้อ " if pattern is _CLAUSE_KHO else "") + m.group(1)
            clauses.append((number, [line[m.end() :]], heading))
        elif clauses:
            clauses[-1][1].append(line)
    return [
        BylawClause(number, " ".join(parts).strip(), topics_of(" ".join(parts), heading))
        for number, parts, heading in clauses
    ]
