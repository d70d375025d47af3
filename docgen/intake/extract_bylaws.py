"""Bylaws: splitting the text into clauses (ข้อ 1, ข้อ ๑, 1.) under หมวด headings, and the topics of each clause."""

from __future__ import annotations

import re
from collections.abc import Sequence

from docgen.model import BylawClause, Topic
from docgen.thai.text import compact, strip_leaders

_CLAUSE_KHO = re.compile(r"^\s*ข้อ(?:ที่)?\s*\.?\s*(\d{1,3})(?!\d)\s*[.:)]?\s*")  # ข้อ 1, ข้อที่ 1, ข้อ.1
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
    "วัตถุประสงค์",
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


# Mentions in passing that do not state a topic: a share refund in a resignation clause, the
# first share paid on admission, re-election in a term clause, a by-election in a removal clause.
_INCIDENTAL = re.compile(
    r"(?:เงิน)?ค่าหุ้นคืน|คืน(?:เงิน)?ค่าหุ้น|(?:ชำระ)?(?:เงิน)?ค่าหุ้นแรกเข้า|"
    r"อาจได้รับ(?:การ)?เลือก(?:ตั้ง)?(?:ใหม่|อีก)?|ได้รับ(?:การ)?เลือก(?:ตั้ง)?(?:ใหม่|อีก)|"
    r"เลือก(?:ตั้ง)?ใหม่(?:อีก)?|เลือก(?:ตั้ง)?ซ่อม|"
    r"เลือก(?:ตั้ง)?(?:กรรมการ|ผู้)?(?:อื่น)?(?:เข้า)?(?:แทน)|"
    r"ผู้สมัครรับเลือก(?:ตั้ง)?|สมัครรับเลือก(?:ตั้ง)?|"
    r"(?:เข้า)?ร่วม(?:ใน)?กิจกรรม|ตรวจสอบกิจการ"
)
# ระดมทุนจากสมาชิก is the Department's การระดมหุ้น in other words; ค่าหุ้น alone (ทุนของกลุ่ม
# ได้มาจาก ค่าหุ้น เงินกู้ …) is a mention in passing.
_SHARES_STRONG = re.compile(
    r"ระดมหุ้น|ถือหุ้น|หุ้นละ|มูลค่าหุ้น|ซื้อหุ้น|ลงหุ้น|จำนวนหุ้น|เรือนหุ้น|\d+หุ้น|การถือหุ้น|โอนหุ้น|"
    r"ระดมทุน|ระดมเงินทุน"
)
_TERM_STRONG = re.compile(
    r"(?:วาระ|ดำรงตำแหน่ง|อยู่ในตำแหน่ง).{0,30}?(?:\d+|หนึ่ง|สอง|สาม|สี่|ห้า)ปี|คราวละ|วาระละ|"
    r"วาระการดำรงตำแหน่ง|ดำรงตำแหน่งติดต่อกัน|"
    r"(?:ดำรงตำแหน่ง|อยู่ในตำแหน่ง).{0,20}?(?:\d+|หนึ่ง|สอง|สาม)วาระ"
)
# Said of the committee only (a member's อายุ 20 ปี is admission): อายุการทำงาน 2 ปี, ไม่เกินสองวาระ.
_TERM_COMMITTEE = re.compile(
    r"(?:อายุ|ระยะเวลา|กำหนด)(?:การ)?(?:ทำงาน|ดำรงตำแหน่ง|อยู่ในตำแหน่ง)?.{0,20}?(?:\d+|หนึ่ง|สอง|สาม|สี่|ห้า)ปี|"
    r"(?:\d+|สอง|สาม)วาระ(?:ติดต่อกัน)?"
)
_FINANCE_STRONG = tuple(
    w
    for w in _FINANCE
    if w not in ("เงินทุน", "ทุนของกลุ่ม", "ทุนดำเนินงาน", "ทุนหมุนเวียน", "แหล่งทุน", "เงินของกลุ่ม")
)


# A clause listing members' rights and duties or the committee's powers mentions voting,
# dividends and admitting members in passing; it states none of the required topics.
_CATALOGUE = re.compile(
    r"^(?:สิทธิ(?:และหน้าที่)?|หน้าที่(?:และสิทธิ)?|อำนาจ(?:และ)?หน้าที่|อำนาจ)(?:ของ)?(?:คณะ)?(?:สมาชิก|กรรมการ)"
)


def topics_of(text: str, heading: str = "") -> frozenset[Topic]:
    """The required topics one clause covers, judged on the clause (and its chapter), not on a word anywhere.

    Each topic has strong words (that state it) and weak ones (that mention it); a clause covers
    every topic it states, and a topic it only mentions when it states none. So a share refund
    in a resignation clause or re-election in a term clause does not cover shares or election,
    and a clause on committee members leaving office (กรรมการพ้นจากตำแหน่งเมื่อ … ขาดจาก
    สมาชิกภาพ) is `removal`, not the `resignation` of members.
    """
    full = compact(text)
    h = compact(heading)
    if _CATALOGUE.match(full):
        return frozenset()
    subject = _subject(full, h)
    t = _INCIDENTAL.sub("|", full)
    strong: set[Topic] = set()
    weak: set[Topic] = set()

    if _SHARES_STRONG.search(t):
        strong.add(Topic.SHARES)
    elif "หุ้น" in t:
        weak.add(Topic.SHARES)

    if _has(t, _ACTIVITIES):
        strong.add(Topic.ACTIVITIES)
    elif re.search(r"กิจกรรม|กิจการ|ดำเนินงานของกลุ่ม|ผลิต|จำหน่าย|แปรรูป|รวบรวม|การตลาด", t):
        weak.add(Topic.ACTIVITIES)  # กลุ่มจะผลิต…และจำหน่าย, ส่งผลผลิตให้กลุ่มรวบรวมจำหน่าย

    if _has(t, _FINANCE_STRONG):
        strong.add(Topic.FINANCE)
    elif _has(t, _FINANCE) or _has(t, _FINANCE_WEAK):
        weak.add(Topic.FINANCE)

    if _has(t, _ADMISSION):
        strong.add(Topic.ADMISSION)
    elif subject != "committee" and re.search(r"สมาชิก.{0,15}คุณสมบัติ|คุณสมบัติ.{0,15}สมาชิก", t):
        weak.add(Topic.ADMISSION)

    if _has(t, _ELECTION):
        strong.add(Topic.ELECTION)
    elif "กรรมการ" in t and re.search(r"เลือก|สรรหา|แต่งตั้ง|ลงคะแนน|ออกเสียง", t):
        weak.add(Topic.ELECTION)

    if _TERM_STRONG.search(t) or (subject == "committee" and _TERM_COMMITTEE.search(t)):
        strong.add(Topic.TERM)

    if _has(t, _REMOVAL):
        strong.add(Topic.REMOVAL)
    elif subject == "committee" and _has(t, _LEAVING):
        weak.add(Topic.REMOVAL)

    if subject != "committee":
        if _has(t, _RESIGNATION):
            strong.add(Topic.RESIGNATION)
        elif subject == "member" and _has(t, _LEAVING):
            weak.add(Topic.RESIGNATION)

    if strong:
        return frozenset(strong)
    if weak:
        return frozenset(weak)
    return frozenset(_heading_topics(h)) if heading else frozenset()


def _heading_topics(h: str) -> set[Topic]:
    """Topics a chapter heading alone names (หมวด 3 การเงินและบัญชี), for clauses that name none."""
    out: set[Topic] = set()
    if "หุ้น" in h:
        out.add(Topic.SHARES)
    if "กิจกรรม" in h or "กิจการ" in h or "วัตถุประสงค์" in h:
        out.add(Topic.ACTIVITIES)
    if "เงิน" in h or "ทุน" in h or "บัญชี" in h:
        out.add(Topic.FINANCE)
    if "รับสมาชิก" in h or "การเข้าเป็นสมาชิก" in h or "คุณสมบัติ" in h:
        out.add(Topic.ADMISSION)
    if "ลาออก" in h and "กรรมการ" not in h:
        out.add(Topic.RESIGNATION)
    if "เลือกตั้ง" in h:
        out.add(Topic.ELECTION)
    if "วาระ" in h:
        out.add(Topic.TERM)
    if "พ้นจากตำแหน่ง" in h or "พ้นตำแหน่ง" in h:
        out.add(Topic.REMOVAL)
    return out


# `ข้อ ฒ ให้สมาชิกเลือกตั้ง…`: a clause number OCR read as one letter (๗ as ฒ, ๑ as ด).
_CLAUSE_BLURRED = re.compile(r"^\s*ข้อ(?:ที่)?\s*([\u0e01-\u0e2e])\s+")


def _blurred(line: str) -> re.Match[str] | None:
    """`ข้อ X` with X one letter, but not the letters sub-items go by (ข้อ ก, ข้อ ข …)."""
    m = _CLAUSE_BLURRED.match(line)
    return m if m is not None and m.group(1) not in "กขคงจฉ" else None


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
    last: int | None = None  # the number of the last clause numbered as written
    for line in cleaned:
        h = _HEADING.match(line)
        if h:
            heading = line
            continue
        m = pattern.match(line)
        if m:
            number = ("ข้อ " if pattern is _CLAUSE_KHO else "") + m.group(1)
            clauses.append((number, [line[m.end() :]], heading))
            last = int(m.group(1))
        elif pattern is _CLAUSE_KHO and last is not None and (b := _blurred(line)):
            # Numbered after the clause before it.
            clauses.append((f"ข้อ {last + 1}", [line[b.end() :]], heading))
        elif clauses:
            clauses[-1][1].append(line)
    return [
        BylawClause(number, " ".join(parts).strip(), topics_of(" ".join(parts), heading))
        for number, parts, heading in clauses
    ]
