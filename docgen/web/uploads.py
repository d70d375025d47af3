"""Streaming uploads: multipart bodies written straight to disk, with limits checked while reading."""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import shutil
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.requests import Request

MAX_FILES = 50  # a bundle is five documents; a few extras are fine, thousands are not
MAX_FIELD_BYTES = 8 * 1024  # plain form fields (CSRF token, reasons) are short
MAX_FIELDS = 20
MAX_NAME_CHARS = 120
PARTIAL_DIR = ".partial"


class UploadError(Exception):
    """The upload cannot be accepted; `status` is the HTTP status, `message_th` says why in Thai."""

    def __init__(self, status: int, message_th: str) -> None:
        super().__init__(message_th)
        self.status = status
        self.message_th = message_th


@dataclass(frozen=True)
class ReceivedFile:
    """One file as written to disk: the sanitised name the group gave it, where it is, its size."""

    name: str
    path: Path
    size: int
    sha256: str


@dataclass
class ReceivedUpload:
    """What a multipart body held: the files of the expected field and the small text fields."""

    directory: Path
    files: list[ReceivedFile] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)


_RESERVED = re.compile(r'[<>:"|?*\x00-\x1f\x7f]')


def safe_filename(raw: str) -> str:
    """The last path part of `raw`, without control or reserved characters, never hidden, bounded.

    Thai letters and marks stay as they are (NFC); `../x`, `C:\\x` and `/etc/x` all become `x`.
    """
    name = unicodedata.normalize("NFC", raw)
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    # Drop control, format (zero-width, bidi overrides), surrogate and unassigned characters.
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = _RESERVED.sub("_", name).strip().lstrip(".").strip()
    if len(name) > MAX_NAME_CHARS:
        stem, dot, ext = name.rpartition(".")
        if dot and 0 < len(ext) <= 10:
            name = stem[: MAX_NAME_CHARS - len(ext) - 1] + "." + ext
        else:
            name = name[:MAX_NAME_CHARS]
    return name or "file"


def _unique(directory: Path, name: str, taken: set[str]) -> str:
    if name not in taken:
        return name
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    n = 2
    while True:
        candidate = f"{stem} ({n}){'.' + ext if ext else ''}"
        if candidate not in taken:
            return candidate
        n += 1


def new_partial_dir(root: Path) -> Path:
    """A fresh private folder under `root/.partial/` for an upload still being received."""
    partial = root / PARTIAL_DIR
    partial.mkdir(parents=True, exist_ok=True)
    directory = partial / secrets.token_hex(16)
    directory.mkdir(mode=0o700)
    return directory


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def commit_dir(partial: Path, root: Path) -> Path:
    """Move a fully received upload from `.partial/` to its final folder under `root` (atomic)."""
    final = root / partial.name
    os.replace(partial, final)
    _fsync_dir(root)
    return final


def sweep_partial(root: Path) -> int:
    """Remove uploads left half-received by a crash; returns how many folders were removed."""
    partial = root / PARTIAL_DIR
    if not partial.is_dir():
        return 0
    removed = 0
    for child in partial.iterdir():
        shutil.rmtree(child, ignore_errors=True)
        removed += 1
    return removed


class _Receiver:
    """Multipart callbacks: route each part to a file on disk or a small text field."""

    def __init__(self, upload: ReceivedUpload, file_field: str, max_files: int) -> None:
        self.upload = upload
        self.file_field = file_field
        self.max_files = max_files
        self.header_field = b""
        self.header_value = b""
        self.headers: dict[bytes, bytes] = {}
        self.current: BinaryIO | None = None
        self.current_name = ""
        self.current_path: Path | None = None
        self.current_hash: Any = None
        self.current_size = 0
        self.text_name: str | None = None
        self.text_value = bytearray()
        self.taken: set[str] = set()

    # header callbacks -------------------------------------------------------
    def on_part_begin(self) -> None:
        self.headers = {}
        self.header_field = b""
        self.header_value = b""

    def on_header_field(self, data: bytes, start: int, end: int) -> None:
        self.header_field += data[start:end]

    def on_header_value(self, data: bytes, start: int, end: int) -> None:
        self.header_value += data[start:end]

    def on_header_end(self) -> None:
        self.headers[self.header_field.strip().lower()] = self.header_value.strip()
        self.header_field = b""
        self.header_value = b""

    def on_headers_finished(self) -> None:
        _, params = parse_options_header(self.headers.get(b"content-disposition", b""))
        field_name = params.get(b"name", b"").decode("utf-8", "replace")
        filename = params.get(b"filename")
        if filename is not None:
            if field_name != self.file_field:
                raise UploadError(400, "ฟอร์มส่งไฟล์มาในช่องที่ไม่รู้จัก")
            if not filename:  # an empty file input sends a part with filename=""
                self.current = None
                self.text_name = None
                return
            if len(self.upload.files) >= self.max_files:
                raise UploadError(413, f"ส่งไฟล์ได้ไม่เกิน {self.max_files} ไฟล์ต่อครั้ง")
            name = _unique(
                self.upload.directory,
                safe_filename(filename.decode("utf-8", "replace")),
                self.taken,
            )
            self.taken.add(name)
            self.current_name = name
            self.current_path = self.upload.directory / name
            # O_EXCL + O_NOFOLLOW: never write through something already there.
            fd = os.open(
                self.current_path,
                os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0),
                0o600,
            )
            self.current = os.fdopen(fd, "wb")
            self.current_hash = hashlib.sha256()
            self.current_size = 0
        else:
            if len(self.upload.fields) >= MAX_FIELDS:
                raise UploadError(413, "ฟอร์มมีช่องข้อมูลมากเกินไป")
            self.text_name = field_name
            self.text_value = bytearray()

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        chunk = data[start:end]
        if self.current is not None:
            self.current.write(chunk)
            self.current_hash.update(chunk)
            self.current_size += len(chunk)
        elif self.text_name is not None:
            self.text_value += chunk
            if len(self.text_value) > MAX_FIELD_BYTES:
                raise UploadError(413, "ข้อความในฟอร์มยาวเกินไป")

    def on_part_end(self) -> None:
        if self.current is not None:
            self.current.flush()
            os.fsync(self.current.fileno())
            self.current.close()
            assert self.current_path is not None
            self.upload.files.append(
                ReceivedFile(
                    name=self.current_name,
                    path=self.current_path,
                    size=self.current_size,
                    sha256=self.current_hash.hexdigest(),
                )
            )
            self.current = None
        elif self.text_name is not None:
            self.upload.fields[self.text_name] = self.text_value.decode("utf-8", "replace")
            self.text_name = None

    def close(self) -> None:
        if self.current is not None:
            self.current.close()
            self.current = None


def _too_large_message(max_bytes: int) -> str:
    mb = max_bytes / (1024 * 1024)
    return f"ไฟล์ที่ส่งมามีขนาดรวมเกิน {mb:g} MB ซึ่งเป็นขนาดสูงสุดที่รับได้"


async def receive_upload(
    request: Request,
    directory: Path,
    *,
    max_bytes: int,
    file_field: str = "files",
    max_files: int = MAX_FILES,
) -> ReceivedUpload:
    """Read a multipart body chunk by chunk into `directory`; stop past `max_bytes` (413).

    The caller owns `directory` and removes it when this raises.
    """
    content_type = request.headers.get("content-type", "")
    ctype, params = parse_options_header(content_type)
    boundary = params.get(b"boundary")
    if ctype != b"multipart/form-data" or not boundary:
        raise UploadError(415, "กรุณาส่งไฟล์แบบ multipart/form-data")
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > max_bytes:
        raise UploadError(413, _too_large_message(max_bytes))

    upload = ReceivedUpload(directory=directory)
    receiver = _Receiver(upload, file_field, max_files)
    callbacks: Any = {
        "on_part_begin": receiver.on_part_begin,
        "on_part_data": receiver.on_part_data,
        "on_part_end": receiver.on_part_end,
        "on_header_field": receiver.on_header_field,
        "on_header_value": receiver.on_header_value,
        "on_header_end": receiver.on_header_end,
        "on_headers_finished": receiver.on_headers_finished,
    }
    parser = MultipartParser(boundary, callbacks)
    received = 0
    try:
        async for chunk in request.stream():
            received += len(chunk)
            if received > max_bytes:
                raise UploadError(413, _too_large_message(max_bytes))
            parser.write(chunk)
        parser.finalize()
    except UploadError:
        raise
    except Exception as exc:  # malformed multipart, client gone
        raise UploadError(400, "อ่านไฟล์ที่ส่งมาไม่ได้ กรุณาลองส่งใหม่") from exc
    finally:
        receiver.close()
    if upload.files:
        _fsync_dir(directory)
    return upload
