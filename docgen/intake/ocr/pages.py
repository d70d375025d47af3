"""Page images of a scan or photo: each frame of an image file (multi-page TIFF, HEIC), or each
page of a scanned PDF rasterised by poppler's pdftoppm."""

from __future__ import annotations

import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

from PIL import Image, ImageSequence

from docgen.model import UnreadableFile

MAX_PAGES = 60  # pages read by OCR from one file: a bundle is 5-15 pages
MAX_PIXELS = 80_000_000  # a 12,000 x 6,500 photo; larger is a decompression bomb
PDF_DPI = 200
PDF_SECONDS = 120

MSG_TOO_MANY = f"ไฟล์ภาพนี้มีมากกว่า {MAX_PAGES} หน้า เกินกว่าที่ระบบอ่านด้วย OCR ได้ กรุณาแยกส่งทีละเอกสาร"
MSG_BAD_IMAGE = "เปิดไฟล์รูปภาพนี้ไม่ได้ ไฟล์อาจเสียหาย กรุณาถ่ายหรือสแกนใหม่ แล้วส่งเป็น JPEG PNG หรือ PDF"
MSG_TOO_BIG = "ภาพนี้ใหญ่เกินกว่าที่ระบบอ่านได้ กรุณาลดขนาดภาพ (เช่น ส่งผ่าน LINE แบบปกติ) แล้วส่งใหม่"

_heif_ready = False


def _register_heif() -> None:
    global _heif_ready
    if _heif_ready:
        return
    try:
        from pillow_heif import register_heif_opener

        register_heif_opener()
    except ImportError:  # pragma: no cover - HEIC then reads as an unknown image
        pass
    _heif_ready = True


def image_pages(path: Path) -> Iterator[Image.Image]:
    """Each page (frame) of an image file, loaded; UnreadableFile for a broken or huge image."""
    _register_heif()
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        with Image.open(path) as image:
            frames = getattr(image, "n_frames", 1)
            if frames > MAX_PAGES and image.format not in ("GIF", "PNG", "WEBP"):
                raise UnreadableFile(MSG_TOO_MANY)
            if image.format in ("GIF", "PNG", "WEBP"):
                frames = 1  # an animation's frames are not pages
            for index, frame in enumerate(ImageSequence.Iterator(image)):
                if index >= frames:
                    break
                frame.load()
                # The EXIF orientation belongs to the frame; copy keeps it with the pixels.
                page = frame.copy()
                page.info.update(frame.info)
                if hasattr(frame, "getexif"):
                    page.info["exif_orientation"] = frame.getexif().get(0x0112, 1)
                yield page
    except UnreadableFile:
        raise
    except Image.DecompressionBombError as exc:
        raise UnreadableFile(MSG_TOO_BIG, detail="pixels") from exc
    except Exception as exc:
        raise UnreadableFile(MSG_BAD_IMAGE, detail=type(exc).__name__) from exc


def _embedded_scans(path: Path) -> list[Image.Image] | None:
    """The scanner's own image of each page, when every page is one image (as OCRmyPDF reads
    a scan): no resampling, and far quicker than rendering (pdftoppm takes seconds to smooth
    one JPEG page). None when a page has no image, or several."""
    try:
        from pypdf import PdfReader

        reader = PdfReader(path)
        if len(reader.pages) > MAX_PAGES:
            raise UnreadableFile(MSG_TOO_MANY)
        out: list[Image.Image] = []
        for page in reader.pages:
            images = list(page.images)
            if len(images) != 1:
                return None
            image = images[0].image
            if image is None or image.width * image.height > MAX_PIXELS:
                return None
            if image.width < 800 and image.height < 800:
                return None  # a small picture on the page, not the page
            # A colour scan stays in colour: its stamps and pen are dropped out by colour
            # (prepare.to_gray), which a gray copy could no longer tell from the print.
            out.append(image.convert("RGB" if image.mode in ("RGB", "CMYK", "YCbCr") else "L"))
        return out
    except UnreadableFile:
        raise
    except Exception:
        return None


def pdf_pages(path: Path, count: int | None = None, *, dpi: int = PDF_DPI) -> Iterator[Image.Image]:
    """Each page of a scanned PDF as an image: the page's own scan (in colour if scanned so),
    or rendered in gray at `dpi` (pdftoppm, one call for the file)."""
    if count is not None and count > MAX_PAGES:
        raise UnreadableFile(MSG_TOO_MANY)
    embedded = _embedded_scans(path)
    if embedded is not None:
        yield from embedded
        return
    with tempfile.TemporaryDirectory(prefix="docgen-ocr-") as tmp:
        cmd = [
            "pdftoppm",
            "-r",
            str(dpi),
            "-gray",
            "-png",
            "-l",
            str(MAX_PAGES),
            str(path),
            f"{tmp}/p",
        ]
        try:
            subprocess.run(cmd, check=True, capture_output=True, timeout=PDF_SECONDS)
        except FileNotFoundError as exc:
            raise UnreadableFile("ระบบยังอ่าน PDF ที่เป็นภาพสแกนไม่ได้ในขณะนี้", detail="pdftoppm") from exc
        except subprocess.TimeoutExpired as exc:
            raise UnreadableFile(
                "ไฟล์ PDF นี้ใช้เวลาอ่านนานเกินกำหนด", detail="pdftoppm timeout"
            ) from exc
        except subprocess.CalledProcessError as exc:
            raise UnreadableFile(MSG_BAD_IMAGE, detail="pdftoppm") from exc
        files = sorted(Path(tmp).glob("p-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
        for file in files:
            with Image.open(file) as image:
                image.load()
                yield image.copy()
