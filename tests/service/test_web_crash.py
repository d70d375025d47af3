"""kill -9 of the real web process in the middle of an upload: nothing half-recorded, nothing left."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import sqlite3
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from .registry_fixtures import free_port, start_web, wait_for_health, web_env

pytestmark = pytest.mark.service


def _start(data: Path, port: int) -> subprocess.Popen[bytes]:
    proc = start_web(port, web_env(data))
    wait_for_health(port, proc)
    return proc


def _applications(data: Path) -> int:
    with sqlite3.connect(data / "docgen.sqlite3") as db:
        return int(db.execute("SELECT count(*) FROM applications").fetchone()[0]) + int(
            db.execute("SELECT count(*) FROM application_files").fetchone()[0]
        )


def _files(data: Path) -> list[Path]:
    return [p for p in (data / "uploads").rglob("*") if p.is_file()]


def test_web_process_killed_mid_upload_leaves_nothing(tmp_path: Path) -> None:
    data = tmp_path / "var"
    port = free_port()
    proc = _start(data, port)
    try:
        boundary = "----docgenkill"
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="big.zip"\r\n'
            "Content-Type: application/zip\r\n\r\n"
        ).encode()
        total = 4 * 1024 * 1024
        with socket.create_connection(("127.0.0.1", port)) as sock:
            sock.sendall(
                (
                    f"POST /api/applications HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    f"Content-Type: multipart/form-data; boundary={boundary}\r\n"
                    f"Content-Length: {len(head) + total}\r\n\r\n"
                ).encode()
                + head
            )
            sock.sendall(b"Z" * (total // 2))  # half of the file, then the process dies
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline and not any(
                p.stat().st_size > 0 for p in _files(data)
            ):
                time.sleep(0.1)
            half = _files(data)
            assert half and all(".partial" in p.parts for p in half)  # it was being written
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)
        assert _applications(data) == 0  # nothing was recorded

        proc = _start(data, port)  # the restart sweeps what the dead process left
        assert _files(data) == []
        assert _applications(data) == 0
        # And the service takes uploads again, acknowledged only once stored and recorded.
        answer = httpx.post(
            f"http://127.0.0.1:{port}/api/applications",
            files={"files": ("roster.csv", b"a,b\n1,2\n")},
            timeout=30,
        )
        assert answer.status_code == 202
        assert _applications(data) == 2  # one application, one file
        assert [p.read_bytes() for p in _files(data)] == [b"a,b\n1,2\n"]
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(10)
