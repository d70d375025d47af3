"""Compiled templates: valid packages, one document per render, merging many into one."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from docxtpl import RichText

from docgen.render.compiled import CompiledTemplate, ZipEntry, ZipWriter, is_plain_context
from docgen.render.linebreak import plain_text

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def make_template(path: Path, *, header: str = "สำนักงานเกษตรอำเภอ") -> Path:
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = header
    document.add_paragraph("ใบรับรอง {{ name }}")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "{% for m in members %}{{ m }}, {% endfor %}"
    table.rows[0].cells[1].text = "{{ count }}"
    document.add_paragraph("เลขที่ {{ number }}")
    document.save(str(path))
    return path


def texts(data: bytes) -> list[str]:
    document = docx.Document(io.BytesIO(data))
    return [plain_text(p.text) for p in document.paragraphs]


def test_zip_writer_output_is_a_valid_zip() -> None:
    buf = io.BytesIO()
    writer = ZipWriter(buf)
    writer.write(ZipEntry.deflate("a.xml", b"<a>" + "ไทย".encode() * 100 + b"</a>"))
    writer.write(ZipEntry.deflate("ชื่อไทย.txt", b"x"))
    writer.close()
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as zf:
        assert zf.testzip() is None
        assert zf.read("a.xml").startswith(b"<a>\xe0")
        assert zf.namelist() == ["a.xml", "ชื่อไทย.txt"]


def test_renders_are_independent_and_deterministic(tmp_path: Path) -> None:
    compiled = CompiledTemplate.prepare(make_template(tmp_path / "t.docx"))
    assert compiled.fast and compiled.body_only
    one = compiled.render_bytes(
        {"name": "กลุ่มปลูกผัก", "members": ["ก", "ข"], "count": 2, "number": "1/2569"}
    )
    two = compiled.render_bytes(
        {"name": "กลุ่มเลี้ยงปลา", "members": [], "count": 0, "number": "2/2569"}
    )
    assert texts(one)[0] == "ใบรับรอง กลุ่มปลูกผัก"
    assert texts(two)[0] == "ใบรับรอง กลุ่มเลี้ยงปลา"
    assert docx.Document(io.BytesIO(one)).tables[0].rows[0].cells[0].text == "ก, ข, "
    again = compiled.render_bytes(
        {"name": "กลุ่มปลูกผัก", "members": ["ก", "ข"], "count": 2, "number": "1/2569"}
    )
    assert again == one  # same input, same bytes (fixed timestamps)


def test_merged_document_has_one_section_per_render_in_order(tmp_path: Path) -> None:
    compiled = CompiledTemplate.prepare(make_template(tmp_path / "t.docx"))
    names = [f"กลุ่มที่ {n}" for n in range(1, 6)]
    out = tmp_path / "merged.docx"
    count = compiled.render_merged(
        (
            {"name": n, "members": [], "count": i, "number": f"{i}/2569"}
            for i, n in enumerate(names)
        ),
        out,
    )
    assert count == 5
    document = docx.Document(str(out))
    firsts = [
        plain_text(p.text) for p in document.paragraphs if plain_text(p.text).startswith("ใบรับรอง")
    ]
    assert firsts == [f"ใบรับรอง {n}" for n in names]
    assert len(document.sections) == 5
    first = document.sections[0]
    for section in document.sections:
        assert section.start_type == docx.enum.section.WD_SECTION.NEW_PAGE
        assert (section.page_width, section.page_height) == (first.page_width, first.page_height)
        assert section.left_margin == first.left_margin
    assert len(document.tables) == 5


def test_header_with_tags_is_rendered_and_not_merged(tmp_path: Path) -> None:
    compiled = CompiledTemplate.prepare(make_template(tmp_path / "t.docx", header="หัว {{ name }}"))
    assert compiled.fast and not compiled.body_only
    data = compiled.render_bytes({"name": "กลุ่มก", "members": [], "count": 1, "number": "1/2569"})
    header = docx.Document(io.BytesIO(data)).sections[0].header.paragraphs[0].text
    assert header == "หัว กลุ่มก"
    with pytest.raises(Exception, match=r"header|footer|note"):
        compiled.render_merged([{"name": "x"}], tmp_path / "m.docx")


def test_objects_are_not_plain_data() -> None:
    assert is_plain_context({"a": [1, "x", {"b": None}], "d": __import__("datetime").date.today()})
    assert not is_plain_context({"a": RichText("x")})
    assert not is_plain_context({"a": [object()]})


def test_rich_text_falls_back_to_docxtpl(tmp_path: Path) -> None:
    from lxml import etree

    from docgen.render.compiled import render_with_docxtpl

    path = make_template(tmp_path / "t.docx")
    compiled = CompiledTemplate.prepare(path)
    context = {"name": RichText("ตัวหนา", bold=True), "members": [], "count": 0, "number": ""}
    data = compiled.render_bytes(context)
    assert compiled.fallback_renders == 1
    reference = io.BytesIO()
    render_with_docxtpl(path, context, reference)

    def body(package: bytes) -> bytes:
        with zipfile.ZipFile(io.BytesIO(package)) as zf:
            return etree.tostring(etree.fromstring(zf.read("word/document.xml")), method="c14n")

    assert body(data) == body(reference.getvalue())
    assert b"<w:b/>" in body(data) or b"<w:b></w:b>" in body(data)


def test_merging_kept_bodies_equals_merging_contexts(tmp_path: Path) -> None:
    compiled = CompiledTemplate.prepare(make_template(tmp_path / "t.docx"))
    contexts = [
        {"name": f"กลุ่ม{n}", "members": ["ก"] * n, "count": n, "number": f"{n}/2569"}
        for n in range(4)
    ]
    bodies: list[str] = []
    for n, context in enumerate(contexts):
        compiled.render(context, tmp_path / f"{n}.docx", body_sink=bodies)
    assert len(bodies) == 4
    compiled.merge_bodies(bodies, tmp_path / "a.docx")
    compiled.render_merged(contexts, tmp_path / "b.docx")
    assert (tmp_path / "a.docx").read_bytes() == (tmp_path / "b.docx").read_bytes()
