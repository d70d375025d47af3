"""Red team round 2: wordings the checker misread (office titles before names, nicknames,
shares and terms phrased other ways, committees typed with first names only)."""

from __future__ import annotations

import pytest

from docgen.intake.extract_bylaws import topics_of
from docgen.intake.extract_group import name_from_title
from docgen.intake.extract_people import seats_from_lines
from docgen.model import Role
from docgen.rules.group import _same_name
from docgen.thai.names import name_key, split_name
from docgen.thai.places import parse_address, resolve_place


@pytest.mark.parametrize(
    ("written", "prefix", "first", "last"),
    [
        ("ผู้ใหญ่บ้าน สมชาย ใจดี", "ผู้ใหญ่บ้าน", "สมชาย", "ใจดี"),
        ("ผู้ใหญ่บ้านนายสมชาย ใจดี", "นาย", "สมชาย", "ใจดี"),
        ("กำนัน คำปั่น แสนสุข", "กำนัน", "คำปั่น", "แสนสุข"),
        ("อสม. นางบุญเรือน ศรีวงศ์", "นาง", "บุญเรือน", "ศรีวงศ์"),
        ("นางสาวลำดวน พรมมา (แดง)", "นางสาว", "ลำดวน", "พรมมา"),
        ("นายทองใบ (ตี๋) บุญมา", "นาย", "ทองใบ", "บุญมา"),
        ("(นายสมชาย ใจดี)", "นาย", "สมชาย", "ใจดี"),
        ("นายกำนัน ใจดี", "นาย", "กำนัน", "ใจดี"),  # a first name that spells a title
    ],
)
def test_titles_and_nicknames_are_no_part_of_the_name(
    written: str, prefix: str, first: str, last: str
) -> None:
    assert split_name(written) == (prefix, first, last)


def test_a_title_before_the_name_keeps_the_same_person() -> None:
    assert name_key("ผู้ใหญ่บ้าน นายสมชาย  ใจดี") == name_key("นายสมชาย ใจดี")


def test_committee_line_with_a_village_title() -> None:
    seats = seats_from_lines(["1. กำนันคำปั่น แสนสุข ตำแหน่ง ประธาน"], "กรรมการ.docx")
    assert [(s.person.first_name, s.person.last_name, s.role) for s in seats] == [
        ("คำปั่น", "แสนสุข", Role.CHAIR)
    ]


@pytest.mark.parametrize(
    ("clause", "topics"),
    [
        ("ระดมทุนจากสมาชิกคนละ 500 บาท", {"shares"}),
        ("กลุ่มมีทุนดำเนินงานจากค่าหุ้น เงินออม เงินกู้ และเงินอุดหนุน", {"finance"}),
        ("ประธานดำรงตำแหน่งได้ไม่เกิน 2 วาระติดต่อกัน", {"term"}),
        ("สมาชิกที่ลาออกจะได้รับคืนเงินค่าหุ้นภายใน 30 วัน", {"resignation"}),
    ],
)
def test_clause_topics_phrased_other_ways(clause: str, topics: set[str]) -> None:
    assert {t.value for t in topics_of(clause)} == topics


@pytest.mark.parametrize(
    ("address", "code"),
    [
        ("ต.หนองบัว อ.เมืองอุดร จ.อุดรธานี", "410104"),
        ("ต.หนองบัว อ.เมืองอุดร", "410104"),
        ("ต.ในเมือง อ.เมืองนคร จ.นครราชสีมา", "300101"),
        ("ต.ในเมือง อ.เมือง จ.ขอนแก่น", "400101"),
    ],
)
def test_a_capital_district_written_short_resolves(address: str, code: str) -> None:
    p = parse_address(address)
    assert resolve_place(p.subdistrict, p.district, p.province).subdistrict_code == code


def test_a_short_district_that_fits_several_provinces_stays_unresolved() -> None:
    p = parse_address("ต.ในเมือง อ.เมืองนคร")  # นครราชสีมา, นครพนม, นครสวรรค์ …
    assert resolve_place(p.subdistrict, p.district, p.province).subdistrict_code is None


G = "กลุ่มปลูกผักปลอดสารพิษบ้านโคก"


@pytest.mark.parametrize(
    "title",
    [
        f"ข้อบังคับ{G} ว่าด้วยการบริหารกลุ่ม พ.ศ. 2569",
        f"รายชื่อคณะกรรมการบริหาร{G} ชุดที่ 1",
        f"คณะกรรมการ{G} วาระปี 2569-2570",
        f"ข้อบังคับ{G} ฉบับที่ 1",
        f"รายชื่อสมาชิก{G} ที่ขอจัดตั้ง",
    ],
)
def test_title_tails_are_no_part_of_the_group_name(title: str) -> None:
    assert name_from_title([title]) == G


def test_the_group_type_written_into_the_name_is_the_same_group() -> None:
    assert _same_name(G, "กลุ่มส่งเสริมอาชีพการเกษตรปลูกผักปลอดสารพิษบ้านโคก")
    assert not _same_name(G, "กลุ่มเลี้ยงโคบ้านนา")


def test_clauses_numbered_kho_thi_keep_their_body_lines() -> None:
    from docgen.intake.extract_bylaws import split_clauses

    lines = [
        "ข้อบังคับกลุ่ม",
        "ข้อที่ ๑ กลุ่มมีวัตถุประสงค์เพื่อปลูกผัก",
        "ข้อที่ ๒ การลาออก",
        "สมาชิกที่ประสงค์จะออกให้ยื่นหนังสือต่อประธาน",
        "ข้อ.๓ สมาชิกถือหุ้นคนละ ๕ หุ้น",
    ]
    clauses = split_clauses(lines)
    assert [sorted(t.value for t in c.topics) for c in clauses] == [
        ["activities"],
        ["resignation"],
        ["shares"],
    ]
