"""OCR of scans and photos behind one reader: `read_scan(path)` gives a DocumentContent like any reader.

The rules never see where text came from; `DocumentContent.ocr` (confidence, pages, values in
doubt) is there for the report and the officer's page. The per-page text (`ocr.pages`) is what
a splitter of an all-in-one scan reads.
"""

from __future__ import annotations

from pathlib import Path

from docgen.intake.ocr.engine import OcrUnavailable, available
from docgen.intake.ocr.options import OcrOptions, Progress, current_options
from docgen.model import DocumentContent, OcrPage, UnreadableFile

MSG_NO_OCR = (
    "ระบบนี้ยังอ่านข้อความจากรูปภาพหรือภาพสแกนไม่ได้ (ไม่ได้ติดตั้ง OCR) กรุณาส่งเป็น .docx .xlsx หรือ PDF ที่มีข้อความ"
)

__all__ = [
    "OcrOptions",
    "Progress",
    "available",
    "current_options",
    "ocr_pages",
    "read_scan",
    "scan_page_count",
]


def read_scan(path: Path, *, pdf: bool = False, pdf_pages: int | None = None) -> DocumentContent:
    """Read an image file (JPEG, PNG, TIFF, HEIC, ...) or a scanned PDF by OCR."""
    from docgen.intake.ocr.pages import image_pages
    from docgen.intake.ocr.pages import pdf_pages as rasterise
    from docgen.intake.ocr.read import read_images

    if not available():
        raise UnreadableFile(MSG_NO_OCR, detail="ocr missing")
    pages = rasterise(path, pdf_pages) if pdf else image_pages(path)
    try:
        content = read_images(pages)
    except OcrUnavailable as exc:
        raise UnreadableFile(MSG_NO_OCR, detail="ocr missing") from exc
    if not content.paragraphs and not content.tables:
        raise UnreadableFile(
            "ไม่พบข้อความในภาพนี้ กรุณาถ่ายภาพหรือสแกนเอกสารใหม่ให้ชัด เต็มหน้า แล้วส่งอีกครั้ง",
            detail="ocr empty",
        )
    return content


def ocr_pages(path: Path) -> list[OcrPage]:
    """Each page of an image file or scanned PDF, read on its own (for splitting a scan)."""
    with open(path, "rb") as f:
        pdf = b"%PDF-" in f.read(1024)
    content = read_scan(path, pdf=pdf)
    assert content.ocr is not None
    return list(content.ocr.pages)


def scan_page_count(path: Path) -> int:
    """Pages OCR would read in this file, counted cheaply (0 for a file with a text layer)."""
    try:
        with open(path, "rb") as f:
            head = f.read(1024)
    except OSError:
        return 0
    if b"%PDF-" in head:
        return _scanned_pdf_pages(path)
    from docgen.intake.readers import sniff

    if sniff(path) != "image":
        return 0
    try:
        from PIL import Image

        from docgen.intake.ocr.pages import _register_heif

        _register_heif()
        with Image.open(path) as image:
            return (
                1 if image.format in ("GIF", "PNG", "WEBP") else int(getattr(image, "n_frames", 1))
            )
    except Exception:
        return 0


def _scanned_pdf_pages(path: Path) -> int:
    """Pages without any font: images only (a scan)."""
    try:
        from pypdf import PdfReader

        reader = PdfReader(path)
        count = 0
        for page in reader.pages[:200]:
            resources = page.get("/Resources") or {}
            fonts = resources.get("/Font") if hasattr(resources, "get") else None
            if not fonts:
                count += 1
        return count
    except Exception:
        return 0
