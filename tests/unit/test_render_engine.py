"""Filling every official template from its sample data, blank forms, escaping and filters."""

from __future__ import annotations

import datetime as dt
import json
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from docgen.render.engine import (
    FILTERS,
    build_context,
    render_blank,
    render_docx,
)
from docgen.render.linebreak import plain_text
from docgen.render.registry import TEMPLATES, template_path
from docgen.render.schemas import validate_data

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "data"


def sample(kind: str) -> dict[str, Any]:
    return json.loads((SAMPLES / f"{kind}.json").read_text(encoding="utf-8"))


def docx_text(path: Path) -> str:
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.append("\t".join(c.text for c in row.cells))
    return plain_text("\n".join(parts))


def table_rows(path: Path, index: int = 0) -> list[list[str]]:
    table = Document(str(path)).tables[index]
    return [[plain_text(c.text) for c in row.cells] for row in table.rows]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("rendered")
    return {kind: render_docx(kind, sample(kind), out / f"{kind}.docx") for kind in TEMPLATES}


def test_every_kind_has_a_template_and_sample() -> None:
    assert set(TEMPLATES) == {
        "request_form",
        "bylaws",
        "committee_list",
        "member_roster",
        "activity_plan",
        "certificate",
        "review_memo",
        "district_report",
    }
    for kind in TEMPLATES:
        assert template_path(kind).is_file()
        assert (SAMPLES / f"{kind}.json").is_file()


@pytest.mark.parametrize("kind", sorted(TEMPLATES))
def test_rendered_document_has_no_tags_left(rendered: dict[str, Path], kind: str) -> None:
    text = docx_text(rendered[kind])
    assert "{{" not in text and "{%" not in text
    if kind != "district_report":
        assert sample(kind)["group_name"] in text


def test_request_form_states_group_place_and_count(rendered: dict[str, Path]) -> None:
    text = docx_text(rendered["request_form"])
    data = sample("request_form")
    assert f"ชื่อกลุ่ม {data['group_name']}" in text
    assert "หมู่ที่ 3 ตำบลท่าพระ อำเภอเมืองขอนแก่น จังหวัดขอนแก่น" in text  # no stray spaces
    assert f"จำนวนสมาชิก {data['member_count']} ราย" in text
    assert "วันที่ 15 ตุลาคม 2569" in text
    assert "เรียน  เกษตรอำเภอเมืองขอนแก่น" in text


def test_member_roster_has_one_row_per_member(rendered: dict[str, Path]) -> None:
    rows = table_rows(rendered["member_roster"])
    members = sample("member_roster")["members"]
    assert rows[0][:3] == ["ลำดับ", "ชื่อ-สกุล", "เลขประจำตัวประชาชน"]
    body = rows[1:]
    assert len(body) == len(members) == 14
    assert [r[0] for r in body] == [str(i) for i in range(1, 15)]
    assert body[0][1] == members[0]["name"]
    # The full number, printed in the usual groups, on the roster the officer checks.
    digits = members[0]["national_id"]
    assert body[0][2] == f"{digits[0]}-{digits[1:5]}-{digits[5:10]}-{digits[10:12]}-{digits[12]}"
    assert body[11][5] == "บ้านทุ่ม"


def test_activity_plan_totals_the_budget(rendered: dict[str, Path]) -> None:
    rows = table_rows(rendered["activity_plan"])
    assert len(rows) == 1 + 5 + 1
    assert rows[-1][1] == "รวม" and rows[-1][4] == "45,000.00"
    assert "ประจำปี พ.ศ. 2569" in docx_text(rendered["activity_plan"])


def test_certificate_fields_and_signature(rendered: dict[str, Path]) -> None:
    text = docx_text(rendered["certificate"])
    assert "ใบรับรองการจัดตั้งกลุ่มส่งเสริมอาชีพการเกษตร" in text
    assert "เลขที่ 12/2569" in text
    assert "ให้ไว้ ณ วันที่ 2 เดือน พฤศจิกายน พ.ศ. 2569" in text
    assert "เมื่อวันที่ 1 เดือน ตุลาคม พ.ศ. 2569" in text
    # A signing space, the name in brackets, the position: no form lines or labels.
    assert "(นายวีระ ศรีวิเศษ)\nเกษตรอำเภอเมืองขอนแก่น" in text
    assert "ลงชื่อ" not in text and "ตำแหน่ง" not in text and "หนังสือฉบับนี้" not in text
    assert "จำนวนสมาชิก 14 ราย" in text


def test_bylaws_fill_the_groups_choices(rendered: dict[str, Path]) -> None:
    text = docx_text(rendered["bylaws"])
    assert "หุ้นละ 100.00 บาท (หนึ่งร้อยบาทถ้วน)" in text
    assert "อย่างน้อย 5 หุ้น" in text
    assert "คราวละ 2 ปี" in text
    for n in range(1, 21):
        assert f"ข้อ {n} " in text
    for chapter in ("หมวด 2 หุ้นและการระดมหุ้น", "หมวด 6 คณะกรรมการ", "หมวด 8 การแก้ไขข้อบังคับ"):
        assert chapter in text


def test_district_report_sums_members(rendered: dict[str, Path]) -> None:
    text = docx_text(rendered["district_report"])
    assert "จำนวน 3 กลุ่ม สมาชิกรวม 54 ราย" in text
    rows = table_rows(rendered["district_report"])
    assert rows[1][1] == "กลุ่มปลูกผักปลอดภัยบ้านท่าพระ" and rows[1][5] == "1 ต.ค. 2569"
    assert rows[-1][4] == "54"


def test_hostile_text_renders_a_valid_document(tmp_path: Path) -> None:
    data = sample("certificate")
    data["group_name"] = 'กลุ่มผัก & ผลไม้ <ปลอดสาร> "บ้านนา"\x01\x0b\x1f'
    data["main_activity"] = "ปลูกผัก </w:t></w:r> & ]]> \x00เลี้ยงไก่"
    out = render_docx("certificate", data, tmp_path / "c.docx")
    with zipfile.ZipFile(out) as archive:
        etree.fromstring(archive.read("word/document.xml"))  # well-formed XML
    text = docx_text(out)
    assert 'กลุ่มผัก & ผลไม้ <ปลอดสาร> "บ้านนา"' in text
    assert "ปลูกผัก </w:t></w:r> & ]]> เลี้ยงไก่" in text
    assert "\x01" not in text and "\x00" not in text


@pytest.mark.parametrize("kind", sorted(TEMPLATES))
def test_blank_forms_have_dotted_lines(tmp_path: Path, kind: str) -> None:
    out = render_blank(kind, tmp_path / f"{kind}.docx")
    text = docx_text(out)
    assert "{{" not in text and "{%" not in text
    assert "......" in text
    spec = TEMPLATES[kind]
    if spec.blank_rows and kind not in ("review_memo",):
        rows = table_rows(out)
        footer = 1 if kind in ("activity_plan", "district_report") else 0
        assert len(rows) == 1 + spec.blank_rows + footer
        assert rows[1][0] == "1" and rows[1][1] == ""


def test_build_context_keeps_dates_and_adds_derived_values() -> None:
    model = validate_data("member_roster", sample("member_roster"))
    ctx = build_context("member_roster", model)
    assert ctx["listed_date"] == dt.date(2026, 10, 15)
    assert ctx["member_count"] == 14
    assert plain_text(ctx["address_line"]).startswith("บ้านเลขที่ 99 หมู่ที่ 3 ตำบลท่าพระ")
    assert plain_text(ctx["district_officer"]) == "เกษตรอำเภอเมืองขอนแก่น"


def test_filters() -> None:
    d = dt.date(2026, 10, 15)
    assert plain_text(FILTERS["thai_date"](d)) == "15 ตุลาคม 2569"
    assert plain_text(FILTERS["thai_date"](d, thai_digits=True)) == "๑๕ ตุลาคม ๒๕๖๙"
    assert plain_text(FILTERS["thai_date"]("2026-10-15")) == "15 ตุลาคม 2569"
    assert plain_text(FILTERS["baht_text"](1250)) == "หนึ่งพันสองร้อยห้าสิบบาทถ้วน"
    assert plain_text(FILTERS["baht_text"]("100.50")) == "หนึ่งร้อยบาทห้าสิบสตางค์"
    assert FILTERS["thai_digits"]("12/2569") == "๑๒/๒๕๖๙"
    assert FILTERS["mask_id"]("1101700230708") == "1-1017-00xxx-xx-8"
    assert FILTERS["mask_id"]("110170023") != "110170023"  # malformed: still not in full
    assert FILTERS["format_id"]("1101700230708") == "1-1017-00230-70-8"
    assert FILTERS["money"](45000) == "45,000.00"
    assert FILTERS["number"](1234) == "1,234"
    # Blank forms pass dotted lines through unchanged.
    assert plain_text(FILTERS["thai_date"]("........")) == "........"
    assert FILTERS["mask_id"]("") == ""


def test_thai_digits_option(tmp_path: Path) -> None:
    out = render_docx("certificate", sample("certificate"), tmp_path / "c.docx", thai_digits=True)
    text = docx_text(out)
    assert "เลขที่ ๑๒/๒๕๖๙" in text
    assert "ให้ไว้ ณ วันที่ ๒ เดือน พฤศจิกายน พ.ศ. ๒๕๖๙" in text
    assert not any(ch.isascii() and ch.isdigit() for ch in text)


_ILLEGAL = set(range(0x00, 0x20)) - {0x09, 0x0A, 0x0D}


def expected(value: str) -> str:
    """What a document shows of typed text: XML-illegal characters dropped, spaces collapsed."""
    kept = "".join(
        ch
        for ch in value
        if ord(ch) not in _ILLEGAL and not 0xD800 <= ord(ch) <= 0xDFFF and ch not in "\ufffe\uffff"
    )
    return " ".join(kept.split())


@settings(max_examples=25, deadline=None)
@given(
    name=st.text(min_size=1, max_size=40).filter(lambda s: expected(s) != ""),
    activity=st.text(max_size=60),
)
def test_any_text_renders_a_valid_document(name: str, activity: str) -> None:
    """Whatever people paste, the document opens and says what they typed (less XML-illegal chars)."""
    data = sample("certificate") | {"group_name": "กลุ่ม" + name, "main_activity": activity}
    with tempfile.TemporaryDirectory() as tmp:
        out = render_docx("certificate", data, Path(tmp) / "c.docx")
        with zipfile.ZipFile(out) as archive:
            etree.fromstring(archive.read("word/document.xml"))
        text = docx_text(out)
    assert expected("กลุ่ม" + name) in text
    assert expected(activity) in text
