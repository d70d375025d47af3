"""Legacy and open formats go through a converter before the DOCX/XLSX readers (fake converter)."""

from __future__ import annotations

import shutil
import zipfile
from collections.abc import Sequence
from pathlib import Path

from docx import Document

from docgen.intake.convert import CALC_TO_XLSX, WRITER_TO_DOCX, convert_legacy, legacy_format
from docgen.model import DocgenError, SourceFile, UnreadableFile
from docgen.pipeline import check_bundle, document_text

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class CopyConverter:
    """Stands in for LibreOffice: 'converts' by copying a prepared DOCX/XLSX; counts calls."""

    def __init__(self, results: dict[str, Path], broken: Sequence[str] = ()) -> None:
        self.results = results
        self.broken = set(broken)
        self.calls: list[tuple[str, int]] = []

    def convert_many(
        self, docx_files: Sequence[Path], out_pdfs: Sequence[Path], *, convert_to: str = ""
    ) -> list[Path]:
        self.calls.append((convert_to, len(docx_files)))
        if any(Path(f).name in self.broken for f in docx_files):
            raise DocgenError("LibreOffice สร้าง PDF จากเอกสารไม่สำเร็จ", detail="exit 1")
        for src, out in zip(docx_files, out_pdfs, strict=True):
            shutil.copyfile(self.results[Path(src).name], out)
        return list(out_pdfs)


def _docx(path: Path, lines: Sequence[str]) -> Path:
    doc = Document()
    for line in lines:
        doc.add_paragraph(line)
    doc.save(str(path))
    return path


def _odf(path: Path, mimetype: str) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", mimetype)
        zf.writestr("content.xml", "<x/>")
    return path


def test_formats_are_told_by_content_not_name(tmp_path: Path) -> None:
    (tmp_path / "a.doc").write_bytes(OLE + "WordDocument".encode("utf-16-le") + bytes(600))
    (tmp_path / "scan.bin").write_bytes(OLE + "Workbook".encode("utf-16-le") + bytes(600))
    (tmp_path / "x.docx").write_bytes(b"{\\rtf1\\ansi hello}")
    _odf(tmp_path / "b.odt", "application/vnd.oasis.opendocument.text")
    _odf(tmp_path / "c.zip", "application/vnd.oasis.opendocument.spreadsheet")
    _odf(tmp_path / "d.odp", "application/vnd.oasis.opendocument.presentation")
    locked = tmp_path / "locked.doc"
    locked.write_bytes(OLE + "EncryptedPackage".encode("utf-16-le"))
    got = {p.name: legacy_format(p) for p in sorted(tmp_path.iterdir())}
    assert got == {
        "a.doc": "doc",
        "b.odt": "odt",
        "c.zip": "ods",
        "d.odp": None,
        "locked.doc": None,
        "scan.bin": "xls",
        "x.docx": "rtf",
    }


def test_one_call_per_target_and_a_broken_file_fails_alone(tmp_path: Path) -> None:
    made = _docx(tmp_path / "made.docx", ["ข้อบังคับกลุ่มปลูกผัก"])
    files = []
    for name in ("ก.doc", "ข.doc", "ค.rtf"):
        path = tmp_path / name
        path.write_bytes(
            b"{\\rtf1 x}" if name.endswith("rtf") else OLE + "WordDocument".encode("utf-16-le")
        )
        files.append(SourceFile(name, path, path.stat().st_size))
    sheet = _odf(tmp_path / "ง.ods", "application/vnd.oasis.opendocument.spreadsheet")
    files.append(SourceFile("ง.ods", sheet, sheet.stat().st_size))
    results = {f.path.name: made for f in files}
    converter = CopyConverter(results, broken=["ข.doc"])
    out = convert_legacy(files, converter, tmp_path / "w")
    # The writer call fails (ข.doc is broken): each of its files is tried alone.
    assert converter.calls == [
        (WRITER_TO_DOCX, 3),
        (WRITER_TO_DOCX, 1),
        (WRITER_TO_DOCX, 1),
        (WRITER_TO_DOCX, 1),
        (CALC_TO_XLSX, 1),
    ]
    assert isinstance(out["ข.doc"], UnreadableFile)
    assert ".docx" in out["ข.doc"].message_th
    for name in ("ก.doc", "ค.rtf", "ง.ods"):
        converted = out[name]
        assert isinstance(converted, SourceFile)
        assert converted.name == name  # findings keep the name the group gave
        assert converted.path.read_bytes() == made.read_bytes()


def test_without_a_converter_the_message_says_what_to_send(tmp_path: Path) -> None:
    path = tmp_path / "สมาชิก.xls"
    path.write_bytes(OLE + "Workbook".encode("utf-16-le") + bytes(600))
    report = check_bundle([path], tmp_path / "w")
    unreadable = [f for f in report.findings if f.code == "UNREADABLE_FILE"]
    assert [f.file for f in unreadable] == ["สมาชิก.xls"]
    assert ".xlsx" in unreadable[0].message and "LibreOffice" in unreadable[0].message


def test_check_and_text_read_the_converted_file_under_its_own_name(tmp_path: Path) -> None:
    made = _docx(tmp_path / "made.docx", ["ข้อบังคับกลุ่มปลูกผักบ้านโนนงาม", "ข้อ 1 ชื่อกลุ่ม"])
    old = tmp_path / "in" / "ข้อบังคับ.doc"
    old.parent.mkdir()
    old.write_bytes(OLE + "WordDocument".encode("utf-16-le") + bytes(600))
    converter = CopyConverter({old.name: made})
    report = check_bundle([old.parent], tmp_path / "w", converter=converter)
    assert [(f.file.name, str(f.kind)) for f in report.bundle.files] == [("ข้อบังคับ.doc", "bylaws")]
    assert not any(f.code == "UNREADABLE_FILE" for f in report.findings)
    assert "ข้อ 1 ชื่อกลุ่ม" in document_text(old, converter=converter)
