"""The compiled renderer gives docxtpl's document: every part's parsed XML, on docxtpl's own
test templates (tests/integration/conformance/docxtpl) and on every template in templates/."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from docxtpl import Listing, RichText
from jinja2 import Environment
from lxml import etree

from docgen.render.compiled import CompiledTemplate, render_with_docxtpl

REPO = Path(__file__).resolve().parents[2]
# docxtpl's own test templates, copied here with their licence (LGPL-2.1).
CONFORMANCE = Path(__file__).resolve().parent / "conformance" / "docxtpl"

_items = [
    {"desc": "ปุ๋ยหมัก 10 กระสอบ", "qty": 10, "price": 250.5},
    {"desc": "Seeds & <tools>", "qty": 2, "price": 99},
]

# One context per template that reaches its tags (None: no tags in the body).
CONTEXTS: dict[str, dict[str, Any]] = {
    "cellbg_tpl.docx": {
        "alerts": [
            {"date": "2569-10-15", "bg": "FF0000", "type": "ข้อผิดพลาด", "desc": "ไม่มีสมาชิก"},
            {"date": "2569-10-16", "bg": "00FF00", "type": "ok", "desc": "ผ่าน"},
        ]
    },
    "comments_tpl.docx": {},
    "doc_properties_tpl.docx": {"test": "คุณสมบัติ"},
    "dynamic_table_tpl.docx": {
        "col_labels": ["ผลไม้", "ผัก", "ข้าว"],
        "tbl_contents": [
            {"label": "แดง", "cols": ["ส้ม", "มะเขือเทศ", "ข้าวแดง"]},
            {"label": "เขียว", "cols": ["ฝรั่ง", "ผักกาด", "ข้าวเขียว"]},
        ],
    },
    "embedded_dummy.docx": {},
    "embedded_dummy2.docx": {},
    "embedded_embedded_docx_tpl.docx": {"name": "สมชาย"},
    "embedded_main_tpl.docx": {"name": "สมหญิง"},
    "embedded_static_docx.docx": {},
    "escape_tpl.docx": {
        "myvar": "a < b & c > d",
        "myescvar": 'It\'s a <b>bold</b> & quote "x"',
        "nlnp": "line one\nline two\aparagraph two\tafter tab",
        "mylisting": "first\nsecond\ffirst after page break",
        "page_break": "\f",
        "new_listing": "one\ttwo\nthree",
        "some_html": "<p>html</p>",
    },
    "footnotes_tpl.docx": {"a_jinja_variable": "เชิงอรรถ"},
    "get_undeclared_variables.docx": {
        "name": "นายสมชาย ใจดี",
        "age": 42,
        "email": "a@example.org",
        "is_student": False,
        "has_degree": True,
        "degree_field": "เกษตรศาสตร์",
        "skills": ["ปลูกผัก", "เลี้ยงไก่"],
        "projects": [{"name": "แปลงผัก", "year": 2569, "description": "ผักปลอดสาร"}],
        "company_name": "กลุ่มปลูกผักบ้านโนน",
        "page_number": 1,
        "generation_date": dt.date(2026, 10, 15),
    },
    "header_footer_entities_tpl.docx": {"title": "หัวเรื่อง & <ชื่อ>"},
    "header_footer_image_tpl.docx": {"mycompany": "กลุ่มเลี้ยงปลา"},
    "header_footer_inline_image_tpl.docx": {"images": ["a", "b"], "inline_image": "ภาพ"},
    "header_footer_tpl.docx": {
        "title": "ใบรับรอง",
        "mysubdoc": "ข้อความแทนเอกสารย่อย",
        "date": "15 ตุลาคม 2569",
        "company_name": "สำนักงานเกษตรอำเภอเมืองขอนแก่น",
    },
    "header_footer_tpl_utf8.docx": {
        "title": "Titré ใบรับรอง",
        "mysubdoc": "sub",
        "date": "2026-10-15",
        "company_name": "Société",
    },
    "horizontal_merge_tpl.docx": {},
    "inline_image_tpl.docx": {
        "myimage": "img",
        "myimageratio": "ratio",
        "frameworks": [{"image": "i1", "desc": "Django"}, {"image": "i2", "desc": "FastAPI"}],
    },
    "less_cells_after_loop_tpl.docx": {},
    "merge_docx_master_tpl.docx": {"mysubdoc": "ข้อความ"},
    "merge_docx_subdoc.docx": {},
    "merge_paragraph_tpl.docx": {"living_in_town": True},
    "module_execute_tpl.docx": {
        "json_dict_var": {"a": 1},
        "json_array_var": [1, 2, 3],
        "json_string_var": "ข้อความ",
        "json_int_var": 7,
        "json_float_var": 1.5,
        "json_true_var": True,
        "json_false_var": False,
        "json_none_var": None,
    },
    "multi_rendering_tpl.docx": {"title": "เรื่อง", "body": "เนื้อความ\nบรรทัดที่สอง"},
    "nested_for_tpl.docx": {
        "dishes": [
            {"name": "ต้มยำ", "ingredients": ["กุ้ง", "ข่า", "ตะไคร้"]},
            {"name": "ส้มตำ", "ingredients": ["มะละกอ"]},
        ],
        "authors": [
            {"name": "A", "books": [{"title": "B1"}, {"title": "B2"}]},
            {"name": "C", "books": [{"title": "D1"}]},
        ],
    },
    "order_tpl.docx": {
        "customer_name": "นายสมชาย ใจดี",
        "items": _items,
        "total_price": 349.5,
        "is_paid": False,
        "in_europe": True,
        "company_name": "กลุ่ม",
    },
    "preserve_spaces_tpl.docx": {"tag_1": "  สอง  ช่อง  ", "tag_2": " x "},
    "replace_picture_tpl.docx": {},
    "richtext_and_if_tpl.docx": {"foobar": "ข้อความ"},
    "richtext_eastAsia_tpl.docx": {"example": "ex", "Chinese": "中文", "simsun": "宋体"},
    "richtext_paragraph_tpl.docx": {"example": "ย่อหน้า"},
    "richtext_tpl.docx": {"example": "ตัวอย่าง\nบรรทัด"},
    "subdoc_tpl.docx": {"mysubdoc": "ย่อย"},
    "vertical_merge_nested_tpl.docx": {},
    "vertical_merge_tpl.docx": {"items": _items, "category": "วัสดุ", "total_price": 349.5},
    "word2016_tpl.docx": {
        "test_space": "   ช่อง   ว่าง   ",
        "test_tabs": "\tแท็บ\t",
        "test_space_r": "  r  ",
        "test_tabs_r": "\tr\t",
    },
}


# Templates that need a Jinja environment of their own.
def _filters_env() -> Environment:
    env = Environment()
    env.filters["my_filterA"] = lambda value, name: f"{value} {name}"
    env.filters["my_filterB"] = lambda value, n: round(float(value) * n, 2)
    return env


def _iteritems_env() -> Environment:
    env = Environment()
    env.globals["iteritems"] = lambda d: d.items()
    return env


SPECIAL: dict[str, tuple[dict[str, Any], Any, bool]] = {
    "custom_jinja_filters_tpl.docx": (
        {"base_value_float": 1.5, "base_value_string": "abc", "doc_no": "D-1"},
        _filters_env,
        False,
    ),
    "escape_tpl_auto.docx": (
        {
            "nested_dict": {"name": "<ชื่อ> & co", "zone": "โซน"},
            "autoescape": 'Escaped "str" & <tag>',
            "autoescape_unicode": "ภาษาไทย & <แท็ก>",
        },
        _iteritems_env,
        True,
    ),
}


def parts_of(docx: bytes) -> dict[str, bytes]:
    """Every member of a DOCX: XML parts canonicalised (C14N), others as bytes."""
    out: dict[str, bytes] = {}
    with zipfile.ZipFile(io.BytesIO(docx)) as zf:
        assert zf.testzip() is None
        for name in zf.namelist():
            data = zf.read(name)
            if name.endswith((".xml", ".rels")):
                # docxtpl without autoescape can write broken XML: then compare bytes.
                with contextlib.suppress(etree.XMLSyntaxError):
                    data = etree.tostring(etree.fromstring(data), method="c14n")
            out[name] = data
    return out


def assert_same_document(fast: bytes, reference: bytes) -> None:
    got, want = parts_of(fast), parts_of(reference)
    assert sorted(got) == sorted(want)
    different = [name for name in want if got[name] != want[name]]
    assert different == [], f"parts differ from docxtpl's: {different}"


def render_both(
    path: Path, context: dict[str, Any], make_env: Any = None, autoescape: bool = False
):
    compiled = CompiledTemplate.prepare(
        path, jinja_env=make_env() if make_env else None, autoescape=autoescape
    )
    fast = io.BytesIO()
    compiled.render(context, fast)
    ref = io.BytesIO()
    render_with_docxtpl(
        path, context, ref, jinja_env=make_env() if make_env else None, autoescape=autoescape
    )
    return compiled, fast.getvalue(), ref.getvalue()


def test_every_conformance_template_has_a_context() -> None:
    names = {p.name for p in CONFORMANCE.glob("*.docx")}
    assert names - {"template_error_tpl.docx"} == set(CONTEXTS) | set(SPECIAL)


@pytest.mark.parametrize("name", sorted(CONTEXTS))
def test_compiled_equals_docxtpl(name: str) -> None:
    compiled, fast, ref = render_both(CONFORMANCE / name, CONTEXTS[name])
    assert compiled.fast, compiled.fallback_reason
    assert compiled.fallback_renders == 0
    assert_same_document(fast, ref)


@pytest.mark.parametrize("name", sorted(SPECIAL))
def test_compiled_equals_docxtpl_with_own_environment(name: str) -> None:
    context, make_env, autoescape = SPECIAL[name]
    compiled, fast, ref = render_both(CONFORMANCE / name, context, make_env, autoescape)
    assert compiled.fast, compiled.fallback_reason
    assert_same_document(fast, ref)


def test_paragraph_tags_other_branch() -> None:
    _, fast, ref = render_both(CONFORMANCE / "merge_paragraph_tpl.docx", {"living_in_town": False})
    assert_same_document(fast, ref)


def test_many_renders_from_one_preparation_stay_independent() -> None:
    path = CONFORMANCE / "order_tpl.docx"
    compiled = CompiledTemplate.prepare(path)
    for n in (1, 3, 0):
        ctx = dict(CONTEXTS["order_tpl.docx"], items=_items * n, customer_name=f"ลูกค้า {n}")
        fast = compiled.render_bytes(ctx)
        ref = io.BytesIO()
        render_with_docxtpl(path, ctx, ref)
        assert_same_document(fast, ref.getvalue())


@pytest.mark.parametrize(
    "value", [RichText("ตัวหนา", bold=True), Listing("a\nb")], ids=["richtext", "listing"]
)
def test_objects_fall_back_to_docxtpl(value: Any) -> None:
    compiled, fast, ref = render_both(CONFORMANCE / "richtext_tpl.docx", {"example": value})
    assert compiled.fast
    assert compiled.fallback_renders == 1
    assert_same_document(fast, ref)


def test_broken_template_falls_back_and_fails_as_docxtpl_does() -> None:
    compiled = CompiledTemplate.prepare(CONFORMANCE / "template_error_tpl.docx")
    assert not compiled.fast
    with pytest.raises(Exception) as fast_error:
        compiled.render_bytes({"test_variable": True})
    with pytest.raises(Exception) as ref_error:
        render_with_docxtpl(CONFORMANCE / "template_error_tpl.docx", {}, io.BytesIO())
    assert type(fast_error.value) is type(ref_error.value)


def _project_cases() -> list[tuple[str, str]]:
    from docgen.render.registry import TEMPLATES

    cases = [(kind, "blank") for kind in sorted(TEMPLATES)]
    cases += [
        (kind, "sample")
        for kind in sorted(TEMPLATES)
        if (REPO / "samples" / "data" / f"{kind}.json").is_file()
    ]
    return cases


@pytest.mark.parametrize(("kind", "data"), _project_cases())
def test_project_templates_compiled_equals_docxtpl(kind: str, data: str) -> None:
    """Every template in templates/, with the context docgen builds (engine.build_context)."""
    from docgen.render.engine import blank_context, build_context, clean_data, jinja_env
    from docgen.render.registry import template_path
    from docgen.render.schemas import validate_data

    if data == "blank":
        context = blank_context(kind)
    else:
        raw = json.loads((REPO / "samples" / "data" / f"{kind}.json").read_text(encoding="utf-8"))
        context = build_context(kind, validate_data(kind, clean_data(raw)))
    compiled, fast, ref = render_both(template_path(kind), context, jinja_env, True)
    assert compiled.fast, compiled.fallback_reason
    assert compiled.fallback_renders == 0
    assert_same_document(fast, ref)
