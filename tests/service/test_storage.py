"""The storage interface, the same checks on both backends: a local folder and a real S3 API."""

from __future__ import annotations

import contextlib
import shutil
import socket
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from docgen.model import DocgenError
from docgen.storage import FileMissing, Store, StoreUnavailable, open_store
from docgen.storage.local import LocalStore
from docgen.storage.s3 import S3Store

from .registry_fixtures import free_port
from .s3_fixtures import S3Server, moto_server


@pytest.fixture(scope="module")
def s3(tmp_path_factory: pytest.TempPathFactory) -> Iterator[S3Server]:
    with moto_server(tmp_path_factory.mktemp("moto") / "moto.log") as server:
        yield server


@pytest.fixture
def s3_env(s3: S3Server, monkeypatch: pytest.MonkeyPatch) -> S3Server:
    for name, value in s3.env().items():
        monkeypatch.setenv(name, value)
    return s3


@pytest.fixture(params=["local", "s3"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Store:
    if request.param == "local":
        return open_store(None, tmp_path / "data")
    server = request.getfixturevalue("s3_env")
    bucket = server.make_bucket()
    return open_store(f"s3://{bucket}/docgen/ขอนแก่น", tmp_path / "data")


def test_bytes_round_trip_list_and_delete(store: Store, tmp_path: Path) -> None:
    store.put_bytes("jobs/j1/plan/chunk-00000.json", b'{"rows": []}')
    store.put_bytes("jobs/j1/out/0001.docx", b"x" * 3000)
    store.put_bytes("jobs/j10/out/0001.docx", b"other job")
    assert store.get_bytes("jobs/j1/plan/chunk-00000.json") == b'{"rows": []}'
    assert store.size("jobs/j1/out/0001.docx") == 3000
    assert store.size("jobs/j1/out/none.docx") is None
    assert store.exists("jobs/j1/out/0001.docx")
    # A folder prefix: jobs/j1 is not jobs/j10.
    assert store.list("jobs/j1") == ["jobs/j1/out/0001.docx", "jobs/j1/plan/chunk-00000.json"]
    with store.open("jobs/j1/out/0001.docx") as fh:
        assert fh.read(10) == b"x" * 10
    assert b"".join(store.iter_chunks("jobs/j1/out/0001.docx", 1024)) == b"x" * 3000
    store.delete("jobs/j1/out/0001.docx")
    store.delete("jobs/j1/out/0001.docx")  # already gone: no error
    assert not store.exists("jobs/j1/out/0001.docx")
    assert store.delete_prefix("jobs/j1") == 1
    assert store.list("jobs/j1") == []
    assert store.list("jobs/j10") == ["jobs/j10/out/0001.docx"]
    with pytest.raises(FileMissing):
        store.get_bytes("jobs/j1/plan/chunk-00000.json")


def test_files_thai_names_fetch_and_move(store: Store, tmp_path: Path) -> None:
    source = tmp_path / "ทะเบียนสมาชิก.xlsx"
    source.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 50)
    key = "uploads/abc123/ทะเบียนสมาชิก (2).xlsx"
    store.put_file(key, source)
    assert source.exists()
    scratch = tmp_path / "scratch"
    local = store.fetch(key, scratch)
    assert local.read_bytes() == source.read_bytes()
    assert local.name == "ทะเบียนสมาชิก (2).xlsx"  # a reader that looks at the suffix still can
    moved = tmp_path / "moved.pdf"
    moved.write_bytes(b"%PDF-1.7 merged")
    store.put_file("jobs/j2/out/certificates.pdf", moved, move=True)
    assert not moved.exists()
    assert store.get_bytes("jobs/j2/out/certificates.pdf") == b"%PDF-1.7 merged"
    store.put_bytes("jobs/j2/out/certificates.pdf", b"%PDF-1.7 again")  # replaced whole
    assert store.get_bytes("jobs/j2/out/certificates.pdf") == b"%PDF-1.7 again"


@pytest.mark.parametrize("key", ["../etc/passwd", "/etc/passwd", "a//b", "a/./b", "a\\b", ""])
def test_keys_that_leave_the_store_are_refused(store: Store, key: str) -> None:
    with pytest.raises(DocgenError):
        store.put_bytes(key, b"no")


def test_health(store: Store) -> None:
    assert store.health()


def test_local_store_is_the_data_folder_and_a_failed_write_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = open_store(None, tmp_path)
    assert isinstance(store, LocalStore)
    store.put_bytes("uploads/x/a.pdf", b"%PDF")
    assert (tmp_path / "uploads" / "x" / "a.pdf").read_bytes() == b"%PDF"  # today's layout
    assert open_store(f"file://{tmp_path}/other", tmp_path).local_path("k") == tmp_path / "other/k"

    source = tmp_path / "big.pdf"
    source.write_bytes(b"y" * 10_000)

    def half_then_fail(src: Path, dst: Path) -> None:
        Path(dst).write_bytes(b"y" * 5000)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(shutil, "copyfile", half_then_fail)
    with pytest.raises(OSError):
        store.put_file("jobs/j/out/certificates.pdf", source)
    assert not store.exists("jobs/j/out/certificates.pdf")
    assert list((tmp_path / "jobs" / "j" / "out").iterdir()) == []  # no temporary file left


def test_s3_prefixes_keep_stores_apart_and_presigned_downloads_work(
    s3_env: S3Server, tmp_path: Path
) -> None:
    bucket = s3_env.make_bucket()
    khon_kaen = open_store(f"s3://{bucket}/kk", tmp_path)
    udon = open_store(f"s3://{bucket}/ud", tmp_path)
    khon_kaen.put_bytes("uploads/a/b.pdf", b"%PDF kk")
    udon.put_bytes("uploads/a/b.pdf", b"%PDF ud")
    assert khon_kaen.get_bytes("uploads/a/b.pdf") == b"%PDF kk"
    assert s3_env.keys(bucket) == ["kk/uploads/a/b.pdf", "ud/uploads/a/b.pdf"]
    url = khon_kaen.presigned_url("uploads/a/b.pdf", "ใบรับรอง.pdf", "application/pdf")
    assert url is not None
    with urllib.request.urlopen(url, timeout=5) as response:
        assert response.read() == b"%PDF kk"
    assert isinstance(khon_kaen, S3Store) and khon_kaen.addressing_style == "path"


def test_s3_missing_bucket_and_dead_endpoint(s3_env: S3Server, tmp_path: Path) -> None:
    store = open_store("s3://no-such-bucket-here", tmp_path)
    assert not store.health()
    dead = S3Store("b", endpoint_url=f"http://127.0.0.1:{free_port()}", attempts=2)
    assert not dead.health()
    started = time.monotonic()
    with pytest.raises(StoreUnavailable):
        dead.get_bytes("uploads/x")
    assert time.monotonic() - started < 10


class _LateProxy:
    """A TCP forwarder to `target` that only starts listening after `delay_s` (a store restarting)."""

    def __init__(self, target_port: int, delay_s: float) -> None:
        self.port = free_port()
        self.target_port = target_port
        self.delay_s = delay_s
        self.stop = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    def _pipe(self, a: socket.socket, b: socket.socket) -> None:
        try:
            while data := a.recv(65536):
                b.sendall(data)
        except OSError:
            pass
        finally:
            for s in (a, b):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)

    def _serve(self) -> None:
        time.sleep(self.delay_s)
        with socket.socket() as listener:
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            listener.bind(("127.0.0.1", self.port))
            listener.listen()
            listener.settimeout(0.2)
            while not self.stop.is_set():
                try:
                    client, _ = listener.accept()
                except TimeoutError:
                    continue
                try:
                    upstream = socket.create_connection(("127.0.0.1", self.target_port))
                except OSError:  # the store itself busy: this client sees a closed connection
                    client.close()
                    continue
                threading.Thread(target=self._pipe, args=(client, upstream), daemon=True).start()
                threading.Thread(target=self._pipe, args=(upstream, client), daemon=True).start()


def test_s3_store_briefly_down_is_retried_with_backoff(s3_env: S3Server, tmp_path: Path) -> None:
    bucket = s3_env.make_bucket()
    proxy = _LateProxy(int(s3_env.endpoint.rsplit(":", 1)[1]), delay_s=0.5)
    try:
        # The default attempts: botocore's jittered back-off (see MAX_ATTEMPTS) outlasts this
        # outage but for odds below 1 in 5,000.
        store = S3Store(bucket, "p", endpoint_url=f"http://127.0.0.1:{proxy.port}")
        started = time.monotonic()
        store.put_bytes("uploads/u/a.pdf", b"%PDF written while the store came back")
        assert time.monotonic() - started >= 0.4  # it really waited for the store
        assert s3_env.keys(bucket) == ["p/uploads/u/a.pdf"]
    finally:
        proxy.stop.set()
