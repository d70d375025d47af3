"""Reading one file of a bundle: sniff its real format by content, then hand it to its reader.

`read_document` and `read_path` either return a `DocumentContent` or raise `UnreadableFile`
with a Thai sentence for the officer; no other exception leaves this module.
"""

from __future__ import annotations

import logging
import zipfile
from pathlib import Path

from docgen.model import DocumentContent, SourceFile, UnreadableFile, UnusableInput

log = logging.getLogger(__name__)

MAX_FILE_BYTES = 50 * 1024 * 1024

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_IMAGES = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*", b"BM", b"RIFF")
_HEIF_BRANDS = {b"ftypheic", b"ftypheix", b"ftyphevc", b"ftypmif1", b"ftypmsf1", b"ftypavif"}
_ARCHIVES = (b"Rar!\x1a\x07", b"7z\xbc\xaf\x27\x1c", b"\x1f\x8b", b"BZh", b"\xfd7zXZ\x00")
_TEXT_SUFFIXES = {".txt", ".text", ""}
_CSV_SUFFIXES = {".csv", ".tsv", ".tab"}
_OFFICE_SUFFIXES = {
    ".docx",
    ".docm",
    ".xlsx",
    ".xlsm",
    ".pdf",
    ".doc",
    ".xls",
    ".odt",
    ".ods",
    ".rtf",
}

MSG_EMPTY = "ไฟล์นี้ว่างเปล่า ไม่มีข้อมูล กรุณาตรวจว่าแนบถูกไฟล์ แล้วส่งไฟล์ที่มีเนื้อหาอีกครั้ง"
MSG_OLD_DOC = "ไฟล์ Word รุ่นเก่า (.doc) ระบบอ่านไม่ได้ กรุณาเปิดด้วย Word แล้วบันทึกเป็น .docx"
MSG_OLD_XLS = "ไฟล์ Excel รุ่นเก่า (.xls) ระบบอ่านไม่ได้ กรุณาเปิดด้วย Excel แล้วบันทึกเป็น .xlsx"
MSG_OLD_OFFICE = "ไฟล์ Office รุ่นเก่า (.doc หรือ .xls) ระบบอ่านไม่ได้ กรุณาบันทึกเป็น .docx หรือ .xlsx"
MSG_ENCRYPTED = "ไฟล์นี้ตั้งรหัสผ่านไว้ จึงอ่านไม่ได้ กรุณาเอารหัสผ่านออกแล้วบันทึกใหม่"
MSG_RTF = "ไฟล์ RTF ระบบอ่านไม่ได้ กรุณาเปิดด้วย Word แล้วบันทึกเป็น .docx"
MSG_ODF = (
    "ไฟล์ OpenDocument ชนิดนี้ (งานนำเสนอหรือภาพวาด) ไม่ใช่เอกสารที่ระบบอ่าน กรุณาบันทึกเป็น .docx หรือ .xlsx"
)
MSG_IMAGE = "ไฟล์นี้เป็นรูปภาพ ระบบอ่านข้อความจากรูปภาพไม่ได้ กรุณาส่งเป็น .docx .xlsx หรือ PDF ที่มีข้อความ"
MSG_ARCHIVE = "ไฟล์นี้เป็นไฟล์บีบอัด ระบบไม่เปิดไฟล์บีบอัดซ้อนในชุดเอกสาร กรุณาแตกไฟล์แล้วส่งเอกสารข้างในโดยตรง"
# What the project reads (README, "Accepted files"): said wherever a file cannot be read.
SEND_INSTEAD = (
    "Word (.docx .doc .odt .rtf) Excel (.xlsx .xls .ods .csv) PDF "
    "หรือภาพสแกน/รูปถ่ายเอกสาร (.jpg .png .tif)"
)
MSG_PPT = f"ไฟล์นำเสนอ (PowerPoint) ไม่ใช่เอกสารที่ระบบอ่าน กรุณาส่งเป็น {SEND_INSTEAD}"
MSG_UNKNOWN = f"ระบบไม่รู้จักชนิดของไฟล์นี้ กรุณาส่งเป็น {SEND_INSTEAD}"
MSG_BROKEN = "อ่านไฟล์นี้ไม่ได้ ไฟล์อาจเสียหาย กรุณาเปิดด้วยโปรแกรมเดิมแล้วบันทึกใหม่"


def read_path(path: Path) -> DocumentContent:
    """Read one file given by path (`docgen text`). A missing file raises UnusableInput."""
    path = Path(path)
    if not path.is_file():
        raise UnusableInput(f"ไม่พบไฟล์ {path}")
    return read_document(SourceFile(name=path.name, path=path, size=path.stat().st_size))


def read_document(source: SourceFile) -> DocumentContent:
    """Read one file of a bundle, whatever its extension claims. Raises only UnreadableFile."""
    try:
        return _read(source.path, source.name)
    except UnreadableFile as exc:
        log.info("unreadable file (%s)", exc.detail or "reader")
        raise
    except RecursionError as exc:
        raise UnreadableFile(MSG_BROKEN, detail="recursion") from exc
    except MemoryError as exc:
        raise UnreadableFile(
            "ไฟล์นี้ใหญ่หรือซับซ้อนเกินกว่าที่ระบบอ่านได้ กรุณาบันทึกใหม่ให้เล็กลง หรือแยกเป็นไฟล์ละเอกสาร",
            detail="memory",
        ) from exc
    except Exception as exc:  # any reader's own failure is this file's problem, not the bundle's
        log.info("reader failed (%s)", type(exc).__name__)
        raise UnreadableFile(MSG_BROKEN, detail=type(exc).__name__) from exc


def sniff(path: Path) -> str:
    """The real format of a file: docx, xlsx, pdf, csv, txt, or a reason-code it can't be read.

    Reason codes: empty, ole-encrypted, doc, xls, ole, rtf, odf, image, archive, pptx, xlsb, unknown.
    """
    with open(path, "rb") as f:
        head = f.read(2048)
    suffix = path.suffix.lower()
    if not head:
        return "empty"
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(_OLE):
        return _sniff_ole(path, suffix)
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _sniff_zip(path)
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if head.startswith(_IMAGES) or head[4:12] in _HEIF_BRANDS:
        return "image"
    if head.startswith(_ARCHIVES):
        return "archive"
    if suffix in _CSV_SUFFIXES:
        return "csv"
    if suffix in _TEXT_SUFFIXES:
        return "txt"
    return "unknown"


def _sniff_ole(path: Path, suffix: str) -> str:
    """Old binary Office files and password-protected new ones share the OLE container."""
    with open(path, "rb") as f:
        data = f.read(4 * 1024 * 1024)
    if (
        "EncryptedPackage".encode("utf-16-le") in data
        or "EncryptionInfo".encode("utf-16-le") in data
    ):
        return "ole-encrypted"
    if suffix in (".doc", ".dot", ".docx", ".docm"):
        return "doc"
    if suffix in (".xls", ".xlt", ".xlsx", ".xlsm"):
        return "xls"
    if "WordDocument".encode("utf-16-le") in data:
        return "doc"
    if "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") in data:
        return "xls"
    return "ole"


def _sniff_zip(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as zf:
            names = zf.namelist()[:10_000]
    except Exception:
        return "broken-zip"
    name_set = set(names)
    if "mimetype" in name_set and any(
        n in name_set for n in ("content.xml", "META-INF/manifest.xml")
    ):
        return "odf"
    if "[Content_Types].xml" in name_set:
        if any(n.startswith("word/") for n in names):
            return "docx"
        if "xl/workbook.bin" in name_set:
            return "xlsb"
        if any(n.startswith("xl/") for n in names):
            return "xlsx"
        if any(n.startswith("ppt/") for n in names):
            return "pptx"
        return "docx"  # an OOXML package of unknown layout: the DOCX reader says what is missing
    return "archive"


_REASONS = {
    "empty": MSG_EMPTY,
    "ole-encrypted": MSG_ENCRYPTED,
    "doc": MSG_OLD_DOC,
    "xls": MSG_OLD_XLS,
    "ole": MSG_OLD_OFFICE,
    "rtf": MSG_RTF,
    "odf": MSG_ODF,
    "image": MSG_IMAGE,
    "archive": MSG_ARCHIVE,
    "pptx": MSG_PPT,
    "xlsb": "ไฟล์ Excel แบบไบนารี (.xlsb) ระบบอ่านไม่ได้ กรุณาบันทึกเป็น .xlsx",
    "broken-zip": MSG_BROKEN,
    "unknown": MSG_UNKNOWN,
}


def _read(path: Path, name: str) -> DocumentContent:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise UnreadableFile("เปิดไฟล์นี้ไม่ได้") from exc
    if size > MAX_FILE_BYTES:
        raise UnreadableFile(
            f"ไฟล์นี้ใหญ่เกิน {MAX_FILE_BYTES // (1024 * 1024)} MB เกินกำหนดที่ระบบอ่านได้ "
            "กรุณาบันทึกใหม่ให้เล็กลง (เช่น ลดความละเอียดภาพ) หรือแยกเป็นไฟล์ละเอกสาร"
        )
    kind = sniff(path)
    if kind == "docx":
        from docgen.intake.read_docx import read_docx

        return read_docx(path)
    if kind == "xlsx":
        from docgen.intake.read_xlsx import read_xlsx

        return read_xlsx(path)
    if kind == "csv":
        from docgen.intake.read_text import read_csv

        return read_csv(path)
    if kind == "txt":
        from docgen.intake.read_text import read_txt

        return read_txt(path)
    if kind == "pdf":
        try:
            from docgen.intake.pdf import ScannedPdf, read_pdf
        except ImportError as exc:
            raise UnreadableFile(
                "ระบบยังอ่านไฟล์ PDF ไม่ได้ในขณะนี้", detail="pdf reader missing"
            ) from exc
        try:
            return read_pdf(path)
        except ScannedPdf as exc:
            return _read_scan(path, exc, pdf=True)
    if kind == "image":
        return _read_scan(path, UnreadableFile(MSG_IMAGE, detail="image"))
    if kind in ("doc", "xls", "rtf", "odf"):
        # Read after conversion (intake.convert, done by the pipeline); here only when no
        # LibreOffice was at hand.
        from docgen.intake.convert import legacy_format, message_no_converter

        fmt = legacy_format(path)
        if fmt is not None:
            raise UnreadableFile(message_no_converter(fmt), detail=f"{kind}: not converted")
    if kind == "unknown" and path.suffix.lower() in _OFFICE_SUFFIXES:
        raise UnreadableFile(
            f"ไฟล์นี้ไม่ใช่ไฟล์ {path.suffix.lower()} จริง หรือเสียหาย กรุณาบันทึกใหม่แล้วส่งอีกครั้ง"
        )
    raise UnreadableFile(_REASONS.get(kind, MSG_UNKNOWN), detail=kind)


def _read_scan(path: Path, without_ocr: UnreadableFile, *, pdf: bool = False) -> DocumentContent:
    """A scan or photo, read by OCR (docgen.intake.ocr); where OCR is not installed, the
    reader's own message saying what to send instead."""
    from docgen.intake import ocr

    if not ocr.available():
        raise without_ocr
    return ocr.read_scan(path, pdf=pdf)
