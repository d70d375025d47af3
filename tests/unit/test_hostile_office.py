"""Hostile DOCX/XLSX: entity expansion, external entities, huge or missing parts, macros, endless rows.

Each attack is built here; each must end as UnreadableFile (or a correct, bounded read) in
bounded time and memory. Run with `-s` for the `HOSTILE|...` lines used in SECURITY.md.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import docx
import openpyxl
import pytest
from openpyxl.styles import Font

from docgen.model import DocumentContent, UnreadableFile
from tests.unit.hostile_support import measure_read

MB = 1024 * 1024

LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    )
    + "]>"
)
XXE = '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def replace_parts(
    src: Path, dst: Path, parts: dict[str, bytes | Callable[[], Iterator[bytes]]]
) -> Path:
    """Copy a package, replacing (or adding) parts; a callable part is written streaming."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            if item.filename not in parts:
                zout.writestr(item, zin.read(item))
        for name, data in parts.items():
            if callable(data):
                with zout.open(name, "w", force_zip64=True) as out:
                    for chunk in data():
                        out.write(chunk)
            else:
                zout.writestr(name, data)
    return dst


@pytest.fixture(scope="module")
def base_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = docx.Document()
    d.add_paragraph("ข้อบังคับกลุ่มปลูกผัก")
    path = tmp_path_factory.mktemp("docx") / "base.docx"
    d.save(str(path))
    return path


@pytest.fixture(scope="module")
def base_xlsx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["ลำดับ", "ชื่อ"])
    ws.append([1, "นายสมชาย ใจดี"])
    ws["A1"].font = Font(bold=True)  # a second cell style, so s="1" exists
    path = tmp_path_factory.mktemp("xlsx") / "base.xlsx"
    wb.save(path)
    return path


def document_xml(inner: str, prolog: str = '<?xml version="1.0"?>') -> bytes:
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    return (
        f'{prolog}<w:document xmlns:w="{w}"><w:body><w:p><w:r><w:t>{inner}</w:t></w:r></w:p>'
        "</w:body></w:document>"
    ).encode()


def test_billion_laughs_in_docx(base_docx: Path, tmp_path: Path) -> None:
    path = replace_parts(
        base_docx, tmp_path / "laughs.docx", {"word/document.xml": document_xml("&lol9;", LAUGHS)}
    )
    outcome = measure_read("billion laughs in DOCX", path, max_seconds=3, max_mb=16)
    assert isinstance(outcome, UnreadableFile)
    assert "ไม่ปลอดภัย" in outcome.message_th


def test_xxe_in_docx_reads_no_local_file(base_docx: Path, tmp_path: Path) -> None:
    path = replace_parts(
        base_docx, tmp_path / "xxe.docx", {"word/document.xml": document_xml("&xxe;", XXE)}
    )
    outcome = measure_read("XXE (file:///etc/passwd) in DOCX", path, max_seconds=3, max_mb=16)
    assert isinstance(outcome, UnreadableFile)
    assert "root" not in outcome.message_th


def test_dtd_spelled_in_utf16_is_still_found(base_docx: Path, tmp_path: Path) -> None:
    part = document_xml("&xxe;", '<?xml version="1.0" encoding="UTF-16"?>' + XXE[21:])
    path = replace_parts(
        base_docx,
        tmp_path / "u16.docx",
        {"word/document.xml": part.decode().encode("utf-16")},
    )
    outcome = measure_read("XXE in a UTF-16 part", path, max_seconds=3, max_mb=16)
    assert isinstance(outcome, UnreadableFile)


def test_billion_laughs_and_xxe_in_xlsx(base_xlsx: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(base_xlsx) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml").decode()
    laughs = replace_parts(
        base_xlsx,
        tmp_path / "laughs.xlsx",
        {"xl/worksheets/sheet1.xml": (LAUGHS + sheet.split("?>", 1)[-1]).encode()},
    )
    assert isinstance(
        measure_read("billion laughs in XLSX sheet", laughs, max_seconds=3, max_mb=16),
        UnreadableFile,
    )
    xxe = replace_parts(
        base_xlsx,
        tmp_path / "xxe.xlsx",
        {
            "xl/sharedStrings.xml": (
                XXE + '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                "<si><t>&xxe;</t></si></sst>"
            ).encode()
        },
    )
    outcome = measure_read("XXE in XLSX sharedStrings", xxe, max_seconds=3, max_mb=16)
    assert isinstance(outcome, UnreadableFile)
    assert "root" not in outcome.message_th


def test_huge_document_part_is_refused_while_streaming(base_docx: Path, tmp_path: Path) -> None:
    def huge() -> Iterator[bytes]:
        yield b'<?xml version="1.0"?><w:document xmlns:w="x"><!--'
        for _ in range(40):
            yield b"a" * MB
        yield b"--></w:document>"

    path = replace_parts(base_docx, tmp_path / "huge.docx", {"word/document.xml": huge})
    outcome = measure_read("DOCX with a 40 MB document.xml", path, max_seconds=3, max_mb=8)
    assert isinstance(outcome, UnreadableFile)
    assert "ใหญ่เกินกำหนด" in outcome.message_th


def test_docx_without_document_part(base_docx: Path, tmp_path: Path) -> None:
    broken = tmp_path / "nobody.docx"
    with zipfile.ZipFile(base_docx) as zin, zipfile.ZipFile(broken, "w") as zout:
        for item in zin.infolist():
            if item.filename != "word/document.xml":
                zout.writestr(item, zin.read(item))
    outcome = measure_read("DOCX with document.xml missing", broken, max_seconds=3, max_mb=16)
    assert isinstance(outcome, UnreadableFile)
    assert "document.xml" in outcome.message_th


def test_macro_document_renamed_docx_is_read_as_text_only(base_docx: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(base_docx) as zf:
        types = zf.read("[Content_Types].xml").decode()
    types = types.replace(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        "application/vnd.ms-word.document.macroEnabled.main+xml",
    )
    path = replace_parts(
        base_docx,
        tmp_path / "macro.docx",
        {
            "[Content_Types].xml": types.encode(),
            "word/vbaProject.bin": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1Attribute VB_Name AutoOpen",
        },
    )
    outcome = measure_read(".docm renamed .docx", path, max_seconds=3, max_mb=16)
    assert isinstance(outcome, DocumentContent)
    assert outcome.paragraphs == ("ข้อบังคับกลุ่มปลูกผัก",)


def _sheet_with_rows(
    rows: Iterator[bytes], dimension: str | None = "A1:B2"
) -> Callable[[], Iterator[bytes]]:
    def parts() -> Iterator[bytes]:
        yield (
            b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
            b'spreadsheetml/2006/main">'
        )
        if dimension:
            yield b'<dimension ref="' + dimension.encode() + b'"/>'
        yield b"<sheetData>"
        yield '<row r="1"><c r="A1" t="inlineStr"><is><t>ลำดับ</t></is></c><c r="B1"><v>7</v></c></row>'.encode()
        yield from rows
        yield b"</sheetData></worksheet>"

    return parts


@pytest.mark.parametrize("dimension", ["A1:XFD1048576", None], ids=["claims-max", "no-dimension"])
def test_a_million_empty_styled_rows_read_fast(
    base_xlsx: Path, tmp_path: Path, dimension: str | None
) -> None:
    def empty_rows() -> Iterator[bytes]:
        for start in range(2, 1_000_002, 10_000):
            yield b"".join(
                b'<row r="%d"><c r="A%d" s="1"/></row>' % (r, r)
                for r in range(start, start + 10_000)
            )

    path = replace_parts(
        base_xlsx,
        tmp_path / "million.xlsx",
        {"xl/worksheets/sheet1.xml": _sheet_with_rows(empty_rows(), dimension)},
    )
    attack = f"XLSX with 1,000,000 empty styled rows ({dimension or 'no dimension'})"
    outcome = measure_read(attack, path, max_seconds=5, max_mb=32)
    assert isinstance(outcome, DocumentContent)
    assert outcome.tables[0].rows == (("ลำดับ", "7"),)


def test_a_row_of_a_million_cells_is_refused(base_xlsx: Path, tmp_path: Path) -> None:
    def wide_row() -> Iterator[bytes]:
        yield b'<row r="2">' + b'<c s="1"/>' * 1_000_000 + b"</row>"

    path = replace_parts(
        base_xlsx,
        tmp_path / "wide.xlsx",
        {"xl/worksheets/sheet1.xml": _sheet_with_rows(wide_row())},
    )
    outcome = measure_read("XLSX row of 1,000,000 cells", path, max_seconds=3, max_mb=16)
    assert isinstance(outcome, UnreadableFile)


def test_more_rows_than_the_cap_are_refused(
    base_xlsx: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The cap is lowered so the test stays fast; SECURITY.md gives the real cap's figures.
    monkeypatch.setattr("docgen.intake.read_xlsx.MAX_ROWS", 5_000)

    def many_rows() -> Iterator[bytes]:
        for start in range(2, 6_002, 1_000):
            yield b"".join(
                b'<row r="%d"><c r="A%d"><v>%d</v></c></row>' % (r, r, r)
                for r in range(start, start + 1_000)
            )

    path = replace_parts(
        base_xlsx,
        tmp_path / "rows.xlsx",
        {"xl/worksheets/sheet1.xml": _sheet_with_rows(many_rows())},
    )
    outcome = measure_read("XLSX with 6,000 data rows, cap 5,000", path, max_seconds=5, max_mb=32)
    assert isinstance(outcome, UnreadableFile)
    assert "5,000" in outcome.message_th


def test_deeply_nested_xml_is_unreadable(base_docx: Path, tmp_path: Path) -> None:
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    deep = (
        f'<?xml version="1.0"?><w:document xmlns:w="{w}"><w:body><w:p>'
        + "<w:r>" * 100_000
        + "</w:r>" * 100_000
        + "</w:p></w:body></w:document>"
    ).encode()
    path = replace_parts(base_docx, tmp_path / "deep.docx", {"word/document.xml": deep})
    outcome = measure_read("DOCX nested 100,000 elements deep", path, max_seconds=4, max_mb=16)
    assert isinstance(outcome, UnreadableFile)


def test_a_sheet_with_too_many_values_is_refused_before_parsing(
    base_xlsx: Path, tmp_path: Path
) -> None:
    def rows() -> Iterator[bytes]:
        cells = b"<c><v>1</v></c>" * 10
        for start in range(2, 60_002, 10_000):
            yield b"".join(
                b'<row r="%d">%s</row>' % (r, cells) for r in range(start, start + 10_000)
            )

    path = replace_parts(
        base_xlsx, tmp_path / "values.xlsx", {"xl/worksheets/sheet1.xml": _sheet_with_rows(rows())}
    )
    outcome = measure_read("XLSX with 600,000 values (60,000 rows)", path, max_seconds=3, max_mb=16)
    assert isinstance(outcome, UnreadableFile)
    assert "500,000" in outcome.message_th


def test_many_huge_headers_exceed_the_parse_budget(base_docx: Path, tmp_path: Path) -> None:
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    kind = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header"
    rels = (
        '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        '2006/relationships">'
        + "".join(
            f'<Relationship Id="h{i}" Type="{kind}" Target="header{i}.xml"/>' for i in range(3)
        )
        + "</Relationships>"
    ).encode()
    header = (
        f'<?xml version="1.0"?><w:hdr xmlns:w="{w}"><!--'.encode()
        + b"a" * (10 * MB)
        + b"--></w:hdr>"
    )
    parts: dict[str, bytes | Callable[[], Iterator[bytes]]] = {"word/_rels/document.xml.rels": rels}
    parts.update({f"word/header{i}.xml": header for i in range(3)})
    path = replace_parts(base_docx, tmp_path / "headers.docx", parts)
    outcome = measure_read("DOCX with three 10 MB headers", path, max_seconds=4, max_mb=48)
    assert isinstance(outcome, UnreadableFile)
