"""The upload door's first look: is a received file plainly no part of a bundle, by its bytes?

A bundle is documents: ZIP (and the Office/ODF files built on it), PDF, legacy Office (OLE),
RTF, images (JPEG, PNG, TIFF, HEIC, and GIF/BMP/WebP that phones and scanners also send) and
text (CSV, TXT, XML, HTML). A program, a RAR of photos renamed .zip, or a ZIP with no file in
it is refused before anything is stored; everything else is left to the readers, which say
file by file what they could not read. Names are never trusted: only the first bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from docgen.intake.bundle import archive_document_count

HEAD_BYTES = 8192

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_IMAGES = (
    b"\xff\xd8\xff",  # JPEG
    b"\x89PNG\r\n\x1a\n",
    b"II*\x00",  # TIFF, little-endian (most scanners)
    b"MM\x00*",
    b"GIF87a",
    b"GIF89a",
    b"BM",
)
_HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1", b"avif"}
_TEXT_CONTROLS = set(range(0, 32)) - {9, 10, 12, 13}

MSG_NOT_A_DOCUMENT = (
    "ไฟล์ “{name}” ไม่ใช่เอกสาร (ดูจากเนื้อในไฟล์ ไม่ใช่ชื่อไฟล์) ระบบรับเฉพาะไฟล์ ZIP, PDF, "
    "Word, Excel, LibreOffice, RTF, รูปภาพ (JPEG, PNG, TIFF, HEIC) และไฟล์ข้อความ เช่น CSV"
)
MSG_EMPTY_FILE = "ไฟล์ “{name}” ว่างเปล่า ไม่มีข้อมูลอยู่ข้างใน กรุณาตรวจสอบแล้วเลือกไฟล์ใหม่"
MSG_EMPTY_ZIP = "ไฟล์ ZIP “{name}” ไม่มีเอกสารอยู่ข้างใน กรุณาใส่เอกสารของกลุ่มลงในไฟล์ ZIP แล้วส่งใหม่"
MSG_BROKEN_ZIP = "ไฟล์ ZIP “{name}” เสียหายหรือส่งมาไม่ครบ จึงเปิดไม่ได้ กรุณาบีบอัดใหม่แล้วส่งอีกครั้ง"


@dataclass(frozen=True)
class DoorRefusal:
    """Why a file cannot enter: the HTTP status (415 no document, 422 an empty one) and a Thai
    sentence naming the file."""

    status: int
    message_th: str


def kind_by_bytes(head: bytes) -> str | None:
    """zip, pdf, ole, rtf, image or text from a file's first bytes; None for anything else."""
    if head.startswith(_ZIP):
        return "zip"
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(_OLE):
        return "ole"
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if head.startswith(_IMAGES):
        return "image"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image"
    if head[4:8] == b"ftyp" and head[8:12] in _HEIF_BRANDS:
        return "image"
    if _looks_like_text(head):
        return "text"
    return None


def _looks_like_text(head: bytes) -> bool:
    """UTF-8 (BOM or not), UTF-16 with its BOM, or Thai Windows (cp874/TIS-620) text."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = head[2 : len(head) - (len(head) % 2)].decode(
                "utf-16-le" if head[:2] == b"\xff\xfe" else "utf-16-be"
            )
        except UnicodeDecodeError:
            return False
        return not any(ord(c) in _TEXT_CONTROLS for c in text)
    if any(b in _TEXT_CONTROLS for b in head):
        return False  # NUL and other control bytes: a program or binary data
    for encoding in ("utf-8", "cp874"):
        try:
            head.decode(encoding)
            return True
        except UnicodeDecodeError as exc:
            if encoding == "utf-8" and exc.start >= len(head) - 3:
                return True  # a character cut by the 8 KiB window
    return False


def door_refusal(path: Path, name: str) -> DoorRefusal | None:
    """Why the file at `path` (sent as `name`) is plainly no part of a bundle, or None."""
    with open(path, "rb") as f:
        head = f.read(HEAD_BYTES)
    if not head:
        return DoorRefusal(422, MSG_EMPTY_FILE.format(name=name))
    kind = kind_by_bytes(head)
    if kind is None:
        return DoorRefusal(415, MSG_NOT_A_DOCUMENT.format(name=name))
    if kind == "zip":
        # A .docx or .odt is a ZIP of its parts: it counts as holding files, and passes.
        count = archive_document_count(path)
        if count is None:
            # A damaged .docx is still a document the readers name in the report; a .zip
            # that cannot be opened holds nothing anyone can check.
            if name.lower().endswith(".zip"):
                return DoorRefusal(422, MSG_BROKEN_ZIP.format(name=name))
            return None
        if count == 0:
            return DoorRefusal(422, MSG_EMPTY_ZIP.format(name=name))
    return None
