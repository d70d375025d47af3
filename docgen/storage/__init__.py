"""Where files live: one interface (keys, not paths) over a local folder or an S3-compatible store.

A key is a relative POSIX path such as ``uploads/3f2a…/roster.xlsx`` or
``jobs/<id>/out/certificates.pdf``. The local backend keeps a key at ``root/key`` (the data
folder by default), so the registry's stored paths, which are relative to DOCGEN_DATA_DIR, are
keys unchanged. The doors (web, workers, cli) open a store with `open_store`; the core keeps
taking the bytes and paths it is given.

Every write is complete before it is visible: the local backend writes a temporary file and
renames it into place; S3 makes an object visible only when its PUT (or multipart upload)
completes. A caller records a key in the registry only after `put_*` returned.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO, Protocol, runtime_checkable

from docgen.model import DocgenError

__all__ = [
    "CHUNK_BYTES",
    "FileMissing",
    "Store",
    "StoreUnavailable",
    "check_key",
    "join_key",
    "local_file_of",
    "open_store",
]

CHUNK_BYTES = 1024 * 1024  # streamed downloads read the store a mebibyte at a time


class StoreUnavailable(DocgenError):
    """The store did not answer (after retries): worth trying again later."""

    def __init__(self, detail: str = "") -> None:
        super().__init__("ที่เก็บไฟล์ไม่ตอบสนอง โปรดลองใหม่อีกครั้ง")
        self.detail = detail


class FileMissing(DocgenError):
    """No object under this key."""

    def __init__(self, key: str) -> None:
        super().__init__("ไม่พบไฟล์นี้ในที่เก็บ")
        self.key = key


_BAD_PART = re.compile(r"^\.\.?$")


def check_key(key: str) -> str:
    """`key` if it is a clean relative POSIX path (no `..`, no leading `/`, no backslash)."""
    if (
        not key
        or key.startswith("/")
        or "\\" in key
        or "\x00" in key
        or any(not part or _BAD_PART.match(part) for part in key.split("/"))
    ):
        raise DocgenError("ตำแหน่งไฟล์ที่บันทึกไว้ไม่ถูกต้อง")
    return key


def join_key(*parts: str) -> str:
    """Parts joined with `/` into a checked key."""
    return check_key("/".join(p.strip("/") for p in parts if p))


@runtime_checkable
class Store(Protocol):
    """What the doors need from a file store. Keys are checked with `check_key`."""

    url: str  # where it is, without secrets (shown on /healthz and in logs)

    def put_file(self, key: str, path: Path, *, move: bool = False) -> None:
        """Store the file at `path` under `key` (replacing any); with `move`, `path` is consumed."""
        ...

    def put_bytes(self, key: str, data: bytes) -> None: ...

    def get_bytes(self, key: str) -> bytes: ...

    def open(self, key: str) -> BinaryIO:
        """A binary reader of the object (close it); FileMissing when there is none."""
        ...

    def iter_chunks(self, key: str, chunk_bytes: int = CHUNK_BYTES) -> Iterator[bytes]:
        """The object's bytes, a chunk at a time (never the whole object in memory)."""
        ...

    def size(self, key: str) -> int | None:
        """Its size in bytes, or None when there is no object under `key`."""
        ...

    def exists(self, key: str) -> bool: ...

    def list(self, prefix: str) -> list[str]:
        """Every key under the folder `prefix` (sorted)."""
        ...

    def delete(self, key: str) -> None:
        """Remove the object (no error when there is none)."""
        ...

    def delete_prefix(self, prefix: str) -> int:
        """Remove every object under the folder `prefix`; how many."""
        ...

    def local_path(self, key: str) -> Path | None:
        """The object's own file when the store is a local folder, else None."""
        ...

    def fetch(self, key: str, scratch: Path) -> Path:
        """A local file with the object's bytes: its own file (local) or a copy in `scratch`."""
        ...

    def presigned_url(
        self, key: str, filename: str, media_type: str, expires_s: int = 300
    ) -> str | None:
        """A time-limited URL a browser may download from directly (S3), or None (local)."""
        ...

    def health(self) -> bool:
        """Does the store answer now? (Quick: no long retries.)"""
        ...


def local_file_of(store: Store, scratch: Path) -> Callable[[str], str]:
    """key -> a local file with the object's bytes (fetched into `scratch` if need be), or ""
    when the store has no such object: for renderers that read a file by path (emblems)."""

    def local(key: str) -> str:
        try:
            return str(store.fetch(key, scratch))
        except FileMissing:
            return ""

    return local


def open_store(url: str | None, data_dir: Path, *, addressing_style: str = "") -> Store:
    """The store named by `url` (DOCGEN_STORAGE_URL): `file:///path` or `s3://bucket/prefix`.

    None or "" is the local data folder itself (today's layout, nothing else to run). For S3 the
    endpoint and keys come from AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and
    AWS_DEFAULT_REGION; `addressing_style` is "path", "virtual" or "" (path-style whenever an
    endpoint is given: MinIO, Ceph RGW and Garage all serve it; AWS itself: virtual-hosted).
    """
    from urllib.parse import unquote, urlsplit

    if not url:
        from docgen.storage.local import LocalStore

        return LocalStore(data_dir)
    parts = urlsplit(url)
    if parts.scheme == "file":
        from docgen.storage.local import LocalStore

        if parts.netloc not in ("", "localhost"):
            raise DocgenError("DOCGEN_STORAGE_URL แบบ file:// ต้องเป็นเส้นทางในเครื่องนี้")
        return LocalStore(Path(unquote(parts.path)) if parts.path else data_dir)
    if parts.scheme == "s3":
        from docgen.storage.s3 import S3Store

        if not parts.netloc:
            raise DocgenError("DOCGEN_STORAGE_URL แบบ s3:// ต้องระบุชื่อ bucket")
        return S3Store(
            parts.netloc, unquote(parts.path).strip("/"), addressing_style=addressing_style
        )
    raise DocgenError("DOCGEN_STORAGE_URL ต้องขึ้นต้นด้วย file:// หรือ s3://")
