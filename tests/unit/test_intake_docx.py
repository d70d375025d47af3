"""Reading DOCX: order, merged cells, nested tables, headers/footers, text boxes, content controls."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest

from docgen.intake.readers import read_path
from docgen.model import UnreadableFile

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = (
    f'xmlns:w="{W}" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
)


def build_docx(path: Path, body: str, header: str | None = None, footer: str | None = None) -> Path:
    """A minimal DOCX package around a hand-written body."""
    rels = []
    if header is not None:
        rels.append(
            '<Relationship Id="rH" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/header" Target="header1.xml"/>'
        )
    if footer is not None:
        rels.append(
            '<Relationship Id="rF" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/footer" Target="footer1.xml"/>'
        )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="xml" ContentType="application/xml"/></Types>',
        )
        zf.writestr(
            "_rels/.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            '2006/relationships"><Relationship Id="r1" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
            "</Relationships>",
        )
        zf.writestr(
            "word/_rels/document.xml.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            f'package/2006/relationships">{"".join(rels)}</Relationships>',
        )
        zf.writestr(
            "word/document.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><w:document {NS}><w:body>{body}'
            "</w:body></w:document>",
        )
        if header is not None:
            zf.writestr("word/header1.xml", f"<w:hdr {NS}>{header}</w:hdr>")
        if footer is not None:
            zf.writestr("word/footer1.xml", f"<w:ftr {NS}>{footer}</w:ftr>")
    return path


def p(text: str) -> str:
    return f"<w:p><w:r><w:t xml:space='preserve'>{text}</w:t></w:r></w:p>"


def tc(text: str, props: str = "") -> str:
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{p(text)}</w:tc>"


def test_paragraphs_and_tables_in_order_with_titles(tmp_path: Path) -> None:
    body = (
        p("บัญชีรายชื่อสมาชิก")
        + p("   ")
        + "<w:tbl><w:tr>"
        + tc("ลำดับ")
        + tc("ชื่อ - นามสกุล")
        + "</w:tr><w:tr>"
        + tc("")
        + tc("")
        + "</w:tr><w:tr>"
        + tc("1")
        + tc("นายสมชาย   ใจดี")
        + "</w:tr></w:tbl>"
        + p("ลงชื่อ ประธาน")
    )
    content = read_path(build_docx(tmp_path / "r.docx", body))
    assert content.paragraphs == ("บัญชีรายชื่อสมาชิก", "ลงชื่อ ประธาน")
    [table] = content.tables
    assert table.title == "บัญชีรายชื่อสมาชิก"
    assert table.rows == (("ลำดับ", "ชื่อ - นามสกุล"), ("1", "นายสมชาย ใจดี"))
    assert table.row_numbers == (1, 3)


def test_merged_cells_keep_columns_aligned(tmp_path: Path) -> None:
    span = '<w:gridSpan w:val="2"/>'
    body = (
        "<w:tbl>"
        + "<w:tr>"
        + tc("ชื่อ-สกุล", span)
        + tc("ตำแหน่ง")
        + "</w:tr>"
        + "<w:tr>"
        + tc("นาย")
        + tc("สมชาย ใจดี")
        + tc("ประธาน", '<w:vMerge w:val="restart"/>')
        + "</w:tr>"
        + "<w:tr>"
        + tc("นาง")
        + tc("สมศรี ใจดี")
        + tc("", "<w:vMerge/>")
        + "</w:tr>"
        + "<w:tr><w:trPr><w:gridBefore w:val='1'/></w:trPr>"
        + tc("ศรี")
        + tc("เหรัญญิก")
        + "</w:tr>"
        + "</w:tbl>"
    )
    [table] = read_path(build_docx(tmp_path / "m.docx", body)).tables
    assert table.rows == (
        ("ชื่อ-สกุล", "", "ตำแหน่ง"),
        ("นาย", "สมชาย ใจดี", "ประธาน"),
        ("นาง", "สมศรี ใจดี"),
        ("", "ศรี", "เหรัญญิก"),
    )


def test_nested_table_becomes_its_own_table_after_its_parent(tmp_path: Path) -> None:
    inner = "<w:tbl><w:tr>" + tc("ใน 1") + tc("ใน 2") + "</w:tr></w:tbl>"
    body = (
        p("แผนงาน")
        + "<w:tbl><w:tr>"
        + tc("นอก")
        + f"<w:tc>{p('ช่อง')}{inner}</w:tc>"
        + "</w:tr></w:tbl>"
        + p("หลังตาราง")
        + "<w:tbl><w:tr>"
        + tc("ตารางสอง")
        + "</w:tr></w:tbl>"
    )
    tables = read_path(build_docx(tmp_path / "n.docx", body)).tables
    assert [t.rows for t in tables] == [
        (("นอก", "ช่อง"),),
        (("ใน 1", "ใน 2"),),
        (("ตารางสอง",),),
    ]
    assert [t.title for t in tables] == ["แผนงาน", "แผนงาน", "หลังตาราง"]


def test_headers_footers_text_boxes_content_controls_and_breaks(tmp_path: Path) -> None:
    textbox = (
        "<w:p><w:r><mc:AlternateContent><mc:Choice Requires='wps'><w:drawing><wps:txbx>"
        f"<w:txbxContent>{p('ในกล่องข้อความ')}</w:txbxContent></wps:txbx></w:drawing>"
        "</mc:Choice><mc:Fallback><w:pict><v:textbox>"
        f"<w:txbxContent>{p('ในกล่องข้อความ')}</w:txbxContent></v:textbox></w:pict>"
        "</mc:Fallback></mc:AlternateContent></w:r><w:r><w:t>ก่อนกล่อง</w:t></w:r></w:p>"
    )
    sdt = f"<w:sdt><w:sdtPr/><w:sdtContent>{p('ชื่อกลุ่ม กลุ่มปลูกผัก')}</w:sdtContent></w:sdt>"
    breaks = (
        "<w:p><w:pPr><w:tabs><w:tab w:val='left' w:pos='100'/></w:tabs></w:pPr>"
        "<w:r><w:t>หมู่ที่</w:t><w:tab/><w:t>3</w:t><w:br/><w:t>ตำบล ท่าพระ</w:t></w:r>"
        "<w:del><w:r><w:delText>ลบแล้ว</w:delText></w:r></w:del>"
        "<w:r><w:instrText>PAGE</w:instrText></w:r></w:p>"
    )
    content = read_path(
        build_docx(
            tmp_path / "h.docx",
            textbox + sdt + breaks,
            header=p("สำนักงานเกษตรอำเภอ") + p("สำนักงานเกษตรอำเภอ"),
            footer=p("หน้า 1"),
        )
    )
    assert content.paragraphs == (
        "ก่อนกล่อง",
        "ในกล่องข้อความ",
        "ชื่อกลุ่ม กลุ่มปลูกผัก",
        "หมู่ที่ 3",
        "ตำบล ท่าพระ",
        "สำนักงานเกษตรอำเภอ",
        "หน้า 1",
    )


def test_a_document_made_by_python_docx_reads(tmp_path: Path) -> None:
    d = docx.Document()
    d.add_paragraph("ข้อบังคับกลุ่มปลูกผัก")
    d.add_paragraph("ข้อ 1 กลุ่มนี้ชื่อว่า กลุ่มปลูกผัก")
    t = d.add_table(rows=2, cols=2)
    t.cell(0, 0).text = "ลำดับ"
    t.cell(0, 1).text = "กิจกรรม"
    t.cell(1, 0).text = "1"
    t.cell(1, 1).text = "ปลูกผักปลอดสาร"
    path = tmp_path / "ข้อบังคับ.docx"
    d.save(str(path))
    content = read_path(path)
    assert content.paragraphs == ("ข้อบังคับกลุ่มปลูกผัก", "ข้อ 1 กลุ่มนี้ชื่อว่า กลุ่มปลูกผัก")
    assert content.tables[0].rows == (("ลำดับ", "กิจกรรม"), ("1", "ปลูกผักปลอดสาร"))
    assert "1\tปลูกผักปลอดสาร" in content.text


def test_missing_document_part_is_unreadable(tmp_path: Path) -> None:
    path = build_docx(tmp_path / "x.docx", p("x"))
    broken = tmp_path / "broken.docx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(broken, "w") as dst:
        for item in src.infolist():
            if item.filename != "word/document.xml":
                dst.writestr(item, src.read(item))
    with pytest.raises(UnreadableFile) as err:
        read_path(broken)
    assert "document.xml" in err.value.message_th


def test_malformed_xml_is_unreadable(tmp_path: Path) -> None:
    path = build_docx(tmp_path / "bad.docx", "<w:p><w:r><w:t>ไม่ปิดแท็ก</w:r></w:p>")
    with pytest.raises(UnreadableFile):
        read_path(path)


def _tbl(*rows: tuple[str, ...]) -> str:
    return (
        "<w:tbl>"
        + "".join("<w:tr>" + "".join(tc(c) for c in r) + "</w:tr>" for r in rows)
        + "</w:tbl>"
    )


def test_a_table_typed_on_after_a_page_break_with_its_header_repeated_is_one_table(
    tmp_path: Path,
) -> None:
    header = ("ลำดับ", "ชื่อ-สกุล", "เลขประจำตัวประชาชน")
    page_break = "<w:p><w:r><w:br w:type='page'/></w:r></w:p>"
    body = (
        p("บัญชีรายชื่อสมาชิก")
        + _tbl(header, ("1", "นายสมชาย ใจดี", "1101700230708"), ("2", "นางมาลี ดีใจ", "-"))
        + page_break
        + _tbl(header, ("3", "นายทอง ดี", "-"), ("4", "นางสาวแก้ว ใส", "-"))
        + p("ผู้จัดทำ")
        # Another table after a paragraph with text is another table, even with that header.
        + _tbl(header, ("1", "นายเอก หนึ่ง", "-"))
    )
    content = read_path(build_docx(tmp_path / "r.docx", body))
    first, other = content.tables
    assert [r[0] for r in first.rows] == ["ลำดับ", "1", "2", "3", "4"]
    assert first.row_numbers == (1, 2, 3, 4, 5)  # the repeated header is no row of the roster
    assert other.rows[1][1] == "นายเอก หนึ่ง" and other.row_numbers == (1, 2)


def test_two_tables_with_different_headers_stay_two(tmp_path: Path) -> None:
    body = _tbl(("ลำดับ", "ชื่อ-สกุล", "ตำแหน่ง"), ("1", "นายสมชาย ใจดี", "ประธาน")) + _tbl(
        ("ลำดับ", "ชื่อ-สกุล", "เลขประจำตัวประชาชน"), ("1", "นายสมชาย ใจดี", "-")
    )
    content = read_path(build_docx(tmp_path / "r.docx", body))
    assert len(content.tables) == 2
