"""Reading CSV/TXT: encodings, delimiters, line numbers; and sniffing formats by content."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest

from docgen.intake.readers import read_document, read_path
from docgen.model import SourceFile, UnreadableFile, UnusableInput

ROSTER = "ลำดับ,ชื่อ-สกุล,ตำบล\n1,นายสมชาย ใจดี,ท่าพระ\n2,นางสมศรี มีสุข,ท่าพระ\n"
EXPECTED = (
    ("ลำดับ", "ชื่อ-สกุล", "ตำบล"),
    ("1", "นายสมชาย ใจดี", "ท่าพระ"),
    ("2", "นางสมศรี มีสุข", "ท่าพระ"),
)


@pytest.mark.parametrize(
    "encoded",
    [
        ROSTER.encode("utf-8"),
        b"\xef\xbb\xbf" + ROSTER.encode("utf-8"),
        ROSTER.encode("cp874"),
        ROSTER.encode("tis-620"),
        ROSTER.encode("utf-16"),
        ROSTER.encode("utf-16-le"),
        ROSTER.replace("\n", "\r\n").encode("cp874"),
    ],
    ids=["utf8", "utf8-bom", "cp874", "tis620", "utf16-bom", "utf16-nobom", "crlf"],
)
def test_csv_encodings(tmp_path: Path, encoded: bytes) -> None:
    path = tmp_path / "สมาชิก.csv"
    path.write_bytes(encoded)
    [table] = read_path(path).tables
    assert table.rows == EXPECTED
    assert table.row_numbers == (1, 2, 3)


@pytest.mark.parametrize("delimiter", ["\t", ";", "|"])
def test_csv_delimiters(tmp_path: Path, delimiter: str) -> None:
    path = tmp_path / "สมาชิก.csv"
    path.write_text(ROSTER.replace(",", delimiter), encoding="utf-8")
    assert read_path(path).tables[0].rows == EXPECTED


def test_csv_title_rows_quoted_newlines_and_line_numbers(tmp_path: Path) -> None:
    text = 'บัญชีรายชื่อสมาชิก\n,,\nลำดับ,ชื่อ-สกุล,ที่อยู่\n1,นายสมชาย ใจดี,"12 ม.3\nต.ท่าพระ"\n2,"นาง, สมศรี",x\n'
    path = tmp_path / "r.csv"
    path.write_text(text, encoding="utf-8")
    [table] = read_path(path).tables
    assert table.rows == (
        ("บัญชีรายชื่อสมาชิก",),
        ("ลำดับ", "ชื่อ-สกุล", "ที่อยู่"),
        ("1", "นายสมชาย ใจดี", "12 ม.3 ต.ท่าพระ"),
        ("2", "นาง, สมศรี", "x"),
    )
    assert table.row_numbers == (1, 3, 4, 6)


def test_txt_lines_are_paragraphs(tmp_path: Path) -> None:
    path = tmp_path / "แผนงาน.txt"
    path.write_bytes("แผนงาน\n\n 1. ปลูกผัก \n".encode("cp874"))
    assert read_path(path).paragraphs == ("แผนงาน", "1. ปลูกผัก")


def test_format_is_sniffed_by_content_not_extension(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active.append(["ลำดับ", "ชื่อ"])
    wrong = tmp_path / "สมาชิก.docx"  # really a workbook
    wb.save(wrong)
    assert read_path(wrong).tables[0].rows == (("ลำดับ", "ชื่อ"),)

    csv_as_xlsx = tmp_path / "สมาชิก.xlsx"
    csv_as_xlsx.write_text(ROSTER, encoding="utf-8")
    with pytest.raises(UnreadableFile) as err:
        read_path(csv_as_xlsx)
    assert ".xlsx" in err.value.message_th


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("ข้อบังคับ.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, ".docx"),
        ("สมาชิก.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, ".xlsx"),
        (
            "ล็อก.docx",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le"),
            "รหัสผ่าน",
        ),
        ("ว่าง.docx", b"", "ว่างเปล่า"),
        ("รูป.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 50, "รูปภาพ"),
        ("ข้อบังคับ.rtf", b"{\\rtf1\\ansi hello}", ".docx"),
        ("เพลง.mp3", b"ID3\x03\x00\x00\x00", "ไม่รู้จัก"),
    ],
)
def test_unreadable_kinds_say_why_in_thai(
    tmp_path: Path, name: str, data: bytes, words: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(UnreadableFile) as err:
        read_document(SourceFile(name=name, path=path, size=len(data)))
    assert words in err.value.message_th


def test_odt_and_plain_zip_are_refused(tmp_path: Path) -> None:
    odt = tmp_path / "a.odt"
    with zipfile.ZipFile(odt, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        zf.writestr("content.xml", "<x/>")
    with pytest.raises(UnreadableFile, match="OpenDocument"):
        read_path(odt)
    inner = tmp_path / "ซ้อน.docx"
    with zipfile.ZipFile(inner, "w") as zf:
        zf.writestr("a.txt", "x")
    with pytest.raises(UnreadableFile, match="บีบอัด"):
        read_path(inner)


def test_read_path_of_a_missing_file_is_unusable_input(tmp_path: Path) -> None:
    with pytest.raises(UnusableInput):
        read_path(tmp_path / "ไม่มี.docx")
