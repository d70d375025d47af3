"""The embedded default end to end: `docgen serve` with no broker runs the web and a real
Celery worker on a SQLite queue; an upload over HTTP comes back checked; Ctrl-C stops both."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import psutil
import pytest

from .registry_fixtures import expected, sample_bundles, wait_for

pytestmark = [
    pytest.mark.service,
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _upload(base: str, bundle: Path) -> str:
    from docgen.cli.serve import bundle_files

    files = [("files", (p.name, p.read_bytes())) for p in bundle_files(bundle)]
    response = httpx.post(f"{base}/api/applications", files=files, timeout=30)
    assert response.status_code == 202, response.text
    return str(response.json()["id"])


def _status(base: str, app_id: str) -> dict:  # type: ignore[type-arg]
    response = httpx.get(f"{base}/api/applications/{app_id}", timeout=10)
    assert response.status_code == 200
    return dict(response.json())


def test_serve_embedded_checks_an_upload_and_stops_cleanly(tmp_path: Path) -> None:
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("DOCGEN_")}
    env["DOCGEN_DATA_DIR"] = str(tmp_path / "var")
    serve = subprocess.Popen(
        [sys.executable, "-c", "from docgen.cli import main; main()", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        wait_for(lambda: _healthy(base), 60, 0.3)
        bundles = sample_bundles()
        valid = next(b for b in bundles if expected(b)["complete"])
        defective = next(b for b in bundles if not expected(b)["complete"])

        started = time.monotonic()
        app_id = _upload(base, valid)
        done = wait_for(lambda: (s := _status(base, app_id))["status"] == "checked" and s, 60, 0.3)
        first_s = time.monotonic() - started
        assert done["report"]["complete"] is True
        assert done["report"]["group"]["name"] == expected(valid)["group"]["name"]
        assert first_s < 20, f"the report took {first_s:.1f} s"

        # The worker is a real child process; killed, it is started again and work goes on.
        workers = [
            p for p in psutil.Process(serve.pid).children() if "celery" in " ".join(p.cmdline())
        ]
        assert len(workers) == 1
        workers[0].kill()
        app2 = _upload(base, defective)
        done2 = wait_for(lambda: (s := _status(base, app2))["status"] == "checked" and s, 60, 0.3)
        assert done2["report"]["complete"] is False
        assert {f["code"] for f in done2["report"]["findings"]} >= {
            f["code"] for f in expected(defective)["findings"] if f["severity"] == "error"
        }
    finally:
        children = psutil.Process(serve.pid).children(recursive=True)
        serve.send_signal(signal.SIGINT)  # Ctrl-C
        try:
            out, _ = serve.communicate(timeout=40)
        except subprocess.TimeoutExpired:
            os.killpg(serve.pid, signal.SIGKILL)
            out, _ = serve.communicate()
    text = out.decode("utf-8", "replace")
    assert f"http://127.0.0.1:{port}/" in text and "พร้อมใช้งาน" in text
    assert serve.returncode == 0, text[-2000:]
    assert "หยุดบริการแล้ว" in text
    _gone, alive = psutil.wait_procs(children, timeout=10)
    assert not alive  # the worker and its pool stopped with serve


def _healthy(base: str) -> bool:
    try:
        return httpx.get(f"{base}/healthz", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False
