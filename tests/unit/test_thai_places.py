"""Places: free-text Thai addresses parsed and resolved to DOPA codes with geothai, and unknown names told apart."""

from __future__ import annotations

from docgen.model import Place
from docgen.thai.places import parse_address, place_problem, resolve_place
from docgen.thai.text import normalize_text, strip_leaders


def test_abbreviated_address() -> None:
    p = parse_address("12 ม.3 ต.ท่าพระ อ.เมืองขอนแก่น จ.ขอนแก่น")
    assert (p.house_no, p.moo, p.subdistrict_code, p.district_code, p.province_code) == (
        "12",
        "3",
        "400104",
        "4001",
        "40",
    )


def test_full_words_leaders_and_postal_code() -> None:
    p = parse_address(
        "ที่ตั้ง เลขที่.....45/2....หมู่ที่....7....ตำบล.....ท่าพระ......อำเภอ.....เมือง......"
        "จังหวัด....ขอนแก่น.... 40260"
    )
    assert (p.house_no, p.moo, p.subdistrict, p.district, p.subdistrict_code) == (
        "45/2",
        "7",
        "ท่าพระ",
        "เมืองขอนแก่น",
        "400104",
    )


def test_bangkok_khwaeng_khet() -> None:
    assert parse_address("99 แขวงลาดยาว เขตจตุจักร กรุงเทพมหานคร").subdistrict_code == "103001"


def test_address_without_level_words() -> None:
    assert parse_address("12 ท่าพระ เมืองขอนแก่น ขอนแก่น").subdistrict_code == "400104"


def test_same_subdistrict_name_is_resolved_with_its_district_and_province() -> None:
    a = resolve_place("วังทอง", "วังทอง", "พิษณุโลก")
    assert a.subdistrict_code == "650801"
    ambiguous = resolve_place("วังทอง", "", "")
    assert not ambiguous.resolved and place_problem(ambiguous) is None  # real, only ambiguous


def test_misspelt_subdistrict_is_a_problem_but_a_blank_form_is_not() -> None:
    wrong = parse_address("5 ม.2 ต.ท่าพร อ.เมือง จ.ขอนแก่น")
    assert not wrong.resolved and wrong.district_code == "4001"
    assert place_problem(wrong) is not None
    blank = parse_address("ตำบล.......... อำเภอ........ จังหวัด.........")
    assert blank == Place() and place_problem(blank) is None
    assert place_problem(resolve_place("", "", "ขอนแก่นน")) is not None


def test_text_normalising() -> None:
    assert normalize_text("ก\u200bข  ๑๒\u00a0ค") == "กข 12 ค"
    assert normalize_text("น\u0e4d\u0e32") == "นำ"
    assert strip_leaders("ชื่อกลุ่ม.......กลุ่มปลูกผัก____") == "ชื่อกลุ่ม กลุ่มปลูกผัก"


def test_village_road_and_lane_words_are_skipped_and_words_run_together() -> None:
    p = parse_address("12/1 หมู่บ้านสุขใจ ซอย 5 ม.3 ถ.มิตรภาพ ต.ในเมือง อ.เมือง จ.ขอนแก่น 40000")
    assert (p.house_no, p.moo, p.subdistrict_code) == ("12/1", "3", "400101")
    run_together = parse_address("12 หมู่3 ตำบลท่าพระอำเภอเมืองจังหวัดขอนแก่น")
    assert (run_together.moo, run_together.subdistrict_code) == ("3", "400104")
