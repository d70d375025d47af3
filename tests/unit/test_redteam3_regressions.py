"""Red team round 3 regressions: cases the valid-bundle matrix found, kept as small fixed tests."""

from __future__ import annotations

import pytest

from docgen.intake.extract_people import seats_from_lines
from docgen.intake.extract_tables import is_total_row
from docgen.model import Role
from docgen.thai.places import parse_address, resolve_place


def test_post_first_lines_with_group_tail_are_seats() -> None:
    """`เลขานุการกลุ่ม : นาง…` (post first, with กลุ่ม after it) is the secretary's seat."""
    seats = seats_from_lines(
        [
            "รายชื่อคณะกรรมการกลุ่มปลูกผัก",
            "ประธานกรรมการ : นายสมชาย ใจดี",
            "เลขานุการกลุ่ม : นางสมศรี ใจงาม",
            "เหรัญญิกกลุ่ม : นายมานะ ดีมาก",
            "รองประธานคนที่ 1 นายมานี ดีจริง",
        ],
        "คณะกรรมการ.docx",
    )
    got = [(s.person.first_name, s.role) for s in seats]
    assert got == [
        ("สมชาย", Role.CHAIR),
        ("สมศรี", Role.SECRETARY),
        ("มานะ", Role.TREASURER),
        ("มานี", Role.VICE_CHAIR),
    ]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("หมู่ที่ 7 ตำบลม่วงหมู่ อำเภอเมืองสิงห์บุรี จังหวัดสิงห์บุรี", "170104"),
        ("12 ม.3 ต.สามตำบล อ.จุฬาภรณ์ จ.นครศรีธรรมราช", "801906"),
        ("ต.ถนนใหญ่ อ.เมืองลพบุรี จ.ลพบุรี", "160125"),
        ("ตำบลท่าพระอำเภอเมืองขอนแก่นจังหวัดขอนแก่น", "400104"),
        ("ต.จ.ป.ร. อ.กระบุรี จ.ระนอง", "850406"),
        ("หมู่ที่:\t7 ตำบล:\tจ.ป.ร. อำเภอ:\tกระบุรี จังหวัด:\tระนอง", "850406"),
        ("12 หมู่ที่ 3 ตำบลปอภาร (ปอพาน) อำเภอเมืองร้อยเอ็ด จังหวัดร้อยเอ็ด", "450109"),
        ("12 ม.3 ต.ปอพาน อ.เมืองร้อยเอ็ด จ.ร้อยเอ็ด", "450109"),
        ("แขวงหนองจอก เขตหนองจอก กรุงเทพมหานคร", "100302"),
    ],
)
def test_subdistrict_named_with_a_level_word_is_found(text: str, code: str) -> None:
    """A place whose own name holds หมู่, ตำบล or ถนน is not cut at that word."""
    assert parse_address(text).subdistrict_code == code


def test_form_fields_name_places_that_look_like_level_words() -> None:
    """A request form's ตำบล field holding จ.ป.ร. (a subdistrict of Ranong) is that subdistrict."""
    assert resolve_place("จ.ป.ร.", "กระบุรี", "ระนอง").subdistrict_code == "850406"
    assert resolve_place("ปอภาร (ปอพาน)", "เมืองร้อยเอ็ด", "ร้อยเอ็ด").subdistrict_code == "450109"


def test_member_living_in_a_subdistrict_named_ruam_is_no_total_row() -> None:
    """ตำบลรวมไทยพัฒนา (Tak) in a roster's ตำบล column: the row is a member, not a รวม line."""
    row = ("5", "นางสมศรี ภูมิสายดอร์", "๓๖๓๐๗๐๗๐๗๒๘๖๖", "15", "2", "รวมไทยพัฒนา", "พบพระ", "ตาก")
    assert not is_total_row(row)
    assert not is_total_row(tuple(c if i != 2 else "" for i, c in enumerate(row)))
    assert is_total_row(("", "รวม 12 คน", "", ""))
    assert is_total_row(("รวมทั้งสิ้น", "", "12"))
