"""The upload door refuses what is plainly no bundle, by its bytes, and stores nothing for it."""

from __future__ import annotations

import html
import io
import struct
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from docgen.intake.door import door_refusal, kind_by_bytes

from .web_support import Web, fresh_web


@pytest.fixture
def web(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Web]:
    yield from fresh_web(tmp_path, monkeypatch)


def _applications(web: Web) -> int:
    from docgen.registry.models import Application

    with web.ctx.sessions() as session:
        count = session.scalar(select(func.count()).select_from(Application)) or 0
        session.rollback()
    return count


def _stored(web: Web) -> list[Path]:
    return [p for p in web.ctx.uploads_dir.rglob("*") if p.is_file()]


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name, data in entries.items():
            if name.endswith("/"):
                zf.writestr(zipfile.ZipInfo(name), b"")
            else:
                zf.writestr(name, data)
    return buffer.getvalue()


# A Windows program: "MZ", the DOS stub, NUL bytes, then the PE header.
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00"
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 56


def _docx() -> bytes:
    from docx import Document

    buffer = io.BytesIO()
    Document().save(buffer)
    return buffer.getvalue()


def _xlsx() -> bytes:
    from openpyxl import Workbook

    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


def _odt() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        zf.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def _png() -> bytes:
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\x00\x00"))
        + chunk(b"IEND", b"")
    )


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504  # legacy .doc / .xls container
ACCEPTED = {
    "ชุดเอกสาร.zip": _zip({"กลุ่มปลูกผัก/บัญชีรายชื่อ.csv": "ลำดับ,ชื่อ\n".encode()}),
    "คำขอ.docx": _docx(),
    "รายชื่อ.xlsx": _xlsx(),
    "คำขอ.odt": _odt(),
    "คำขอ.doc": OLE,
    "รายชื่อ.xls": OLE,
    "ข้อบังคับ.rtf": b"{\\rtf1\\ansi\\ansicpg874 \\f0 test}",
    "สแกน.pdf": b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
    "รูปถ่าย.jpg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01" + b"\x00" * 64,
    "รูปถ่าย.png": _png(),
    "สแกน.tif": b"II*\x00\x08\x00\x00\x00" + b"\x00" * 32,
    "รูปไลน์.heic": b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 16,
    "รายชื่อ.csv": "ลำดับ,ชื่อ-สกุล\r\n1,นายสมชาย ใจดี\r\n".encode("utf-8-sig"),
    "รายชื่อ-tis620.csv": "ลำดับ,ชื่อ-สกุล\r\n1,นายสมชาย ใจดี\r\n".encode("cp874"),
    "บันทึก.txt": "หนังสือคำขอ".encode("utf-16"),
}


@pytest.mark.parametrize("name", sorted(ACCEPTED))
def test_every_kind_of_document_an_office_receives_passes_the_door(
    name: str, tmp_path: Path
) -> None:
    path = tmp_path / "upload.bin"
    path.write_bytes(ACCEPTED[name])
    assert door_refusal(path, name) is None


REFUSED = {
    # name sent: (bytes, status, words of the sentence)
    "ชุดเอกสาร.zip": (EXE, 415, "ไม่ใช่เอกสาร"),
    "รายชื่อ.csv": (ELF, 415, "ไม่ใช่เอกสาร"),
    "ว่าง.zip": (_zip({}), 422, "ไม่มีเอกสารอยู่ข้างใน"),
    "โฟลเดอร์ว่าง.zip": (
        _zip({"กลุ่ม/": b"", "__MACOSX/._x": b"\x00", "Thumbs.db": b"\x00"}),
        422,
        "ไม่มีเอกสารอยู่ข้างใน",
    ),
    "ขาด.zip": (_zip({"a.csv": b"x,y\n"})[:30], 422, "เสียหาย"),
    "ศูนย์ไบต์.pdf": (b"", 422, "ว่างเปล่า"),
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_what_is_plainly_no_bundle_is_refused_at_the_door_and_nothing_is_kept(
    web: Web, name: str
) -> None:
    content, status, words = REFUSED[name]
    answer = web.client.post("/api/applications", files=[("files", (name, content))])
    assert answer.status_code == status
    detail = answer.json()["detail"]
    assert words in detail and name in detail
    assert _applications(web) == 0 and _stored(web) == [] and web.dispatched == []

    page = web.client.post("/upload", files=[("files", (name, content))])
    assert page.status_code == status
    assert words in html.unescape(page.text) and 'name="files"' in page.text  # the form again
    assert _applications(web) == 0 and _stored(web) == []


def test_one_program_among_good_files_refuses_the_whole_upload(web: Web) -> None:
    answer = web.client.post(
        "/api/applications",
        files=[
            ("files", ("รายชื่อ.csv", ACCEPTED["รายชื่อ.csv"])),
            ("files", ("setup.pdf", EXE)),
        ],
    )
    assert answer.status_code == 415 and "setup.pdf" in answer.json()["detail"]
    assert _applications(web) == 0 and _stored(web) == []
    good = web.client.post(
        "/api/applications", files=[("files", ("ชุด.zip", ACCEPTED["ชุดเอกสาร.zip"]))]
    )
    assert good.status_code == 202 and _applications(web) == 1


def test_first_bytes_say_the_kind() -> None:
    assert kind_by_bytes(EXE) is None and kind_by_bytes(ELF) is None
    assert kind_by_bytes(b"Rar!\x1a\x07\x00") is None  # a RAR: not a ZIP whatever its name
    assert kind_by_bytes("ชื่อกลุ่ม".encode("cp874")) == "text"
    assert kind_by_bytes(b"RIFF\x00\x00\x00\x00WEBPVP8 ") == "image"
