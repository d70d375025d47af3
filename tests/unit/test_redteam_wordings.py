"""Red team: wordings offices use that the checker misread (bylaw topics, committee lines, titles, addresses)."""

from __future__ import annotations

import pytest

from docgen.intake.extract_bylaws import split_clauses, topics_of
from docgen.intake.extract_group import (
    address_from_lines,
    clean_group_name,
    name_from_title,
    stated_members,
)
from docgen.intake.extract_people import seats_from_lines
from docgen.model import Role
from docgen.thai.places import parse_address


@pytest.mark.parametrize(
    ("clause", "topic"),
    [
        ("วัตถุประสงค์ของกลุ่ม เพื่อเลี้ยงไก่ไข่และจำหน่ายไข่ไก่ร่วมกัน", "activities"),
        ("กลุ่มจะผลิตน้ำพริกแกงและจำหน่ายแก่สมาชิกและบุคคลทั่วไป", "activities"),
        ("สมาชิกมีหน้าที่ส่งผลผลิตให้กลุ่มเพื่อรวบรวมจำหน่าย", "activities"),
        ("คณะกรรมการมีอายุการทำงาน 2 ปี", "term"),
        ("กรรมการอยู่ในตำแหน่งได้ไม่เกินสองวาระติดต่อกัน", "term"),
        ("ผู้สมัครต้องมีอายุ 20 ปีบริบูรณ์", "admission"),
        ("กรรมการพ้นจากตำแหน่งเมื่อ (1) ตาย (2) ลาออก", "removal"),
        ("สมาชิกภาพสิ้นสุดลงเมื่อ (1) ตาย (2) ลาออก", "resignation"),
    ],
)
def test_clause_topic(clause: str, topic: str) -> None:
    assert {t.value for t in topics_of(clause)} == {topic}


@pytest.mark.parametrize(
    ("line", "position", "role"),
    [
        ("1. นายสมชาย ใจดี   ตำแหน่ง ประธานกลุ่ม", "ประธานกลุ่ม", Role.CHAIR),
        ("2. นางบุญเรือน ศรีวงศ์ ตำแหน่ง รองประธานคนที่ 1", "รองประธานคนที่ 1", Role.VICE_CHAIR),
        ("3. นายคำปั่น แสนสุข ตำแหน่ง เหรัญญิก/บัญชี", "เหรัญญิก/บัญชี", Role.TREASURER),
        ("4. นายทองใบ บุญมา ตำแหน่ง: กรรมการ/ประชาสัมพันธ์", "กรรมการ/ประชาสัมพันธ์", Role.OTHER),
        ("5. นางสุดใจ คำภา เลขานุการกลุ่ม", "เลขานุการกลุ่ม", Role.SECRETARY),
        ("6. นางสาวลำดวน พรมมา (ผู้ช่วยเหรัญญิก)", "ผู้ช่วยเหรัญญิก", Role.OTHER),
        ("7. นางสาวลำดวน พรมมา เป็นเหรัญญิก", "เหรัญญิก", Role.TREASURER),
        ("8. นางสาวลำดวน พรมมา ทำหน้าที่ เลขานุการ", "เลขานุการ", Role.SECRETARY),
    ],
)
def test_committee_line_with_a_post_that_goes_on(line: str, position: str, role: Role) -> None:
    seats = seats_from_lines([line], "กรรมการ.docx")
    assert [(s.position, s.role) for s in seats] == [(position, role)]
    assert seats[0].person.last_name in line and seats[0].person.last_name.split()[-1] in (
        "ใจดี",
        "ศรีวงศ์",
        "แสนสุข",
        "บุญมา",
        "คำภา",
        "พรมมา",
    )


def test_a_numbered_clause_or_a_sentence_is_no_group_name() -> None:
    assert name_from_title(["ระเบียบ", "1. กลุ่มมีวัตถุประสงค์เพื่อปลูกผัก"]) == ""
    assert name_from_title(["ข้อตกลงกลุ่มมีชัยพัฒนา"]) == "กลุ่มมีชัยพัฒนา"
    assert name_from_title(["ข้อบังคับกลุ่มปลูกผักบ้านโคก"]) == "กลุ่มปลูกผักบ้านโคก"


def test_letterhead_without_subdistrict_does_not_hide_the_address_in_the_letter() -> None:
    lines = [
        "ที่ทำการกลุ่ม 45 หมู่ 7",
        "เรียน เกษตรอำเภอเมืองขอนแก่น",
        "ข้าพเจ้า ... ตั้งอยู่เลขที่ 45 หมู่ที่ 7 ตำบลท่าพระ อำเภอเมืองขอนแก่น จังหวัดขอนแก่น มีสมาชิก 12 ราย",
    ]
    place = address_from_lines(lines)
    assert (place.subdistrict, place.subdistrict_code) == ("ท่าพระ", "400104")


def test_a_number_after_a_level_word_is_no_place_name() -> None:
    place = parse_address("หมู่ ตำบล อำเภอ 1 นายสมชาย")
    assert place.district == ""


@pytest.mark.parametrize(
    "text",
    [
        "12 หมู่ 3 บ้านหนองแวง ท่าพระ เมือง ขอนแก่น",
        "5 ม.4 ท่าพระ เมืองขอนแก่น",
        "15 ท่าพระ เมืองขอนแก่น ขอนแก่น",
    ],
)
def test_free_text_address_without_level_words(text: str) -> None:
    assert parse_address(text).subdistrict_code == "400104"


def test_a_name_is_no_address() -> None:
    assert parse_address("นายสมชาย ใจดี").subdistrict_code is None


@pytest.mark.parametrize(
    ("line", "count"), [("จำนวนสมา ชิก 12 ราย", 12), ("มีสมา ชิก จำนวน ๑๕ คน", 15)]
)
def test_member_count_label_split_by_pdf_text(line: str, count: int) -> None:
    assert stated_members([line]) == count


# ระเบียบ drafted the way many groups copy it: หมวด headings, a rights-and-duties clause and a
# committee-powers clause that mention voting, dividends, accounts and admitting members.
_DOAE_STYLE = [
    ("", "หมวดที่ ๑ บททั่วไป"),
    ("", "ข้อ ๑ ระเบียบนี้เรียกว่า ระเบียบกลุ่มเลี้ยงไก่ไข่บ้านหนองแวง พ.ศ. ๒๕๖๙"),
    ("", "ข้อ ๒ สำนักงานกลุ่มตั้งอยู่ที่บ้านเลขที่ ๔๕ หมู่ที่ ๗ ตำบลท่าพระ"),
    ("", "หมวดที่ ๒ วัตถุประสงค์"),
    ("activities", "ข้อ ๓ กลุ่มมีวัตถุประสงค์ดังนี้ (๑) ส่งเสริมการเลี้ยงไก่ไข่ (๒) รวบรวมผลผลิตจำหน่าย"),
    ("", "หมวดที่ ๓ สมาชิก"),
    ("admission", "ข้อ ๔ คุณสมบัติของสมาชิก (๑) เป็นเกษตรกรในตำบลท่าพระ (๒) บรรลุนิติภาวะ"),
    ("admission", "ข้อ ๕ ผู้ประสงค์จะเป็นสมาชิกให้ยื่นใบสมัครต่อคณะกรรมการ"),
    ("", "ข้อ ๖ สิทธิและหน้าที่ของสมาชิก (๑) ได้รับเงินปันผลตามหุ้น (๒) มีสิทธิเลือกตั้งและได้รับเลือกตั้งเป็นกรรมการ"),
    ("resignation", "ข้อ ๗ การขาดจากสมาชิกภาพ สมาชิกขาดจากสมาชิกภาพเมื่อ (๑) ตาย (๒) ลาออก"),
    ("", "หมวดที่ ๔ คณะกรรมการ"),
    ("election", "ข้อ ๘ ให้มีคณะกรรมการไม่น้อยกว่า ๕ คน ซึ่งได้รับเลือกตั้งจากที่ประชุมใหญ่"),
    ("term", "ข้อ ๙ กรรมการอยู่ในตำแหน่งคราวละ ๒ ปี"),
    ("removal", "ข้อ ๑๐ กรรมการพ้นจากตำแหน่งเมื่อ (๑) ครบวาระ (๒) ตาย (๓) ลาออก"),
    (
        "",
        "ข้อ ๑๑ อำนาจหน้าที่ของคณะกรรมการ (๑) จัดทำบัญชีรายรับรายจ่าย (๒) จัดให้มีการเลือกตั้งกรรมการ (๓) พิจารณารับสมาชิกใหม่",
    ),
    ("", "หมวดที่ ๕ ทุน"),
    ("finance", "ข้อ ๑๒ ทุนของกลุ่มได้มาจาก (๑) ค่าหุ้น (๒) เงินกู้ (๓) เงินอุดหนุน"),
    ("shares", "ข้อ ๑๓ สมาชิกต้องถือหุ้นอย่างน้อยคนละ ๕ หุ้น หุ้นละ ๕๐ บาท"),
    ("finance", "ข้อ ๑๔ การจัดสรรกำไรสุทธิ ให้จัดสรรเป็นเงินปันผลร้อยละ ๖๐"),
]
_ALL_TOPICS = {
    "activities",
    "admission",
    "resignation",
    "election",
    "term",
    "removal",
    "finance",
    "shares",
}


def _covered(lines: list[str]) -> set[str]:
    return {t.value for c in split_clauses(lines) for t in c.topics}


@pytest.mark.parametrize("dropped", sorted(_ALL_TOPICS))
def test_each_missing_topic_is_found_despite_mentions_in_passing(dropped: str) -> None:
    assert _covered([line for _, line in _DOAE_STYLE]) == _ALL_TOPICS
    kept = [line for topic, line in _DOAE_STYLE if topic != dropped]
    assert _ALL_TOPICS - _covered(kept) == {dropped}


def test_next_field_label_glued_to_the_name_by_pdf_text_is_cut() -> None:
    assert clean_group_name("กลุ่มทอผ้าไหมบ้านดอนหันที่ตั้ง: เลขที่ 9") == "กลุ่มทอผ้าไหมบ้านดอนหัน"
    assert clean_group_name("กลุ่มปลูกผักตำบลท่าพระ") == "กลุ่มปลูกผักตำบลท่าพระ"
