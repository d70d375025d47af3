"""The local-folder store: key `a/b.pdf` is the file `root/a/b.pdf`; writes land by rename."""

from __future__ import annotations

import errno
import os
import secrets
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO, TypeVar

from docgen.storage import CHUNK_BYTES, FileMissing, StoreUnavailable, check_key

T = TypeVar("T")

# A network disk (NFS, SMB) that blinks answers with these for a moment; retry them, not the rest.
_TRANSIENT = {errno.EIO, errno.EAGAIN, errno.EBUSY, errno.ESTALE, errno.ETIMEDOUT, errno.EINTR}
ATTEMPTS = 4
BASE_DELAY_S = 0.2
TMP_PREFIX = ".tmp-"


def _retrying(op: Callable[[], T], attempts: int = ATTEMPTS) -> T:
    """`op()`, tried again after 0.2, 0.4, 0.8 s on a transient OS error."""
    for attempt in range(attempts):
        try:
            return op()
        except OSError as exc:
            if exc.errno not in _TRANSIENT:
                raise
            if attempt == attempts - 1:
                raise StoreUnavailable(type(exc).__name__) from exc
            time.sleep(BASE_DELAY_S * 2**attempt)
    raise AssertionError("unreachable")  # pragma: no cover


def _fsync(path: Path) -> None:
    """Flush a file's bytes, or a folder's entries (a rename), to the disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class LocalStore:
    """Files under one folder (DOCGEN_DATA_DIR by default)."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root).expanduser().resolve()
        self.url = self.root.as_uri()

    def path_of(self, key: str) -> Path:
        path = (self.root / check_key(key)).resolve()
        if not path.is_relative_to(self.root):  # a symlink pointing out of the folder
            raise FileMissing(key)
        return path

    # writing ----------------------------------------------------------------
    def _land(self, target: Path, write: Callable[[Path], object]) -> None:
        """Write through a temporary file beside `target`, fsync, then rename into place."""
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f"{TMP_PREFIX}{secrets.token_hex(6)}-{target.name}")
        try:
            write(tmp)
            _fsync(tmp)
            os.replace(tmp, target)
            _fsync(target.parent)
        finally:
            tmp.unlink(missing_ok=True)

    def put_file(self, key: str, path: Path, *, move: bool = False) -> None:
        target = self.path_of(key)
        source = Path(path)
        if source.resolve() == target:
            return
        if move:
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                _fsync(source)
                os.replace(source, target)  # same disk (scratch lives in the data folder)
                _fsync(target.parent)
                return
            except OSError as exc:
                if exc.errno != errno.EXDEV:  # another disk: copy instead
                    raise
        _retrying(lambda: self._land(target, lambda tmp: shutil.copyfile(source, tmp)))
        if move:
            source.unlink(missing_ok=True)

    def put_bytes(self, key: str, data: bytes) -> None:
        target = self.path_of(key)
        _retrying(lambda: self._land(target, lambda tmp: tmp.write_bytes(data)))

    # reading ----------------------------------------------------------------
    def open(self, key: str) -> BinaryIO:
        path = self.path_of(key)
        try:
            return _retrying(lambda: path.open("rb"))
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError) as exc:
            raise FileMissing(key) from exc

    def get_bytes(self, key: str) -> bytes:
        with self.open(key) as fh:
            return fh.read()

    def iter_chunks(self, key: str, chunk_bytes: int = CHUNK_BYTES) -> Iterator[bytes]:
        with self.open(key) as fh:
            while chunk := fh.read(chunk_bytes):
                yield chunk

    def size(self, key: str) -> int | None:
        path = self.path_of(key)
        return path.stat().st_size if path.is_file() else None

    def exists(self, key: str) -> bool:
        return self.path_of(key).is_file()

    def list(self, prefix: str) -> list[str]:
        folder = self.path_of(prefix)
        if not folder.is_dir():
            return []
        keys = [
            p.relative_to(self.root).as_posix()
            for p in folder.rglob("*")
            if p.is_file() and not p.name.startswith(TMP_PREFIX)
        ]
        return sorted(keys)

    def delete(self, key: str) -> None:
        self.path_of(key).unlink(missing_ok=True)

    def delete_prefix(self, prefix: str) -> int:
        keys = self.list(prefix)
        shutil.rmtree(self.path_of(prefix), ignore_errors=True)
        return len(keys)

    def local_path(self, key: str) -> Path | None:
        return self.path_of(key)

    def fetch(self, key: str, scratch: Path) -> Path:
        path = self.path_of(key)
        if not path.is_file():
            raise FileMissing(key)
        return path

    def presigned_url(
        self, key: str, filename: str, media_type: str, expires_s: int = 300
    ) -> str | None:
        return None

    def health(self) -> bool:
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            probe = self.root / f"{TMP_PREFIX}health-{secrets.token_hex(4)}"
            probe.write_bytes(b"ok")
            probe.unlink()
            return True
        except OSError:
            return False
