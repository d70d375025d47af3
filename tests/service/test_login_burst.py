"""A burst of wrong passwords cannot stall the real web service, on SQLite and on PostgreSQL.

40 wrong-password sign-ins at once, beside 10 uploads and 5 health checks, against the real
service (`uvicorn`, two web processes sharing one registry): no 5xx, no upload or health check
over 3 s, and the burst is cut off at the throttle's limit across both processes.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from .registry_fixtures import pg_schema, sample_bundles

pytestmark = pytest.mark.service

LIMIT = 10  # LoginThrottle's default
PASSWORD = "right-password-42"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(data: Path, database_url: str | None) -> Iterator[str]:
    from docgen.registry.accounts import create_account
    from docgen.registry.db import make_engine, make_session_factory, migrate
    from docgen.settings import Settings

    settings = Settings(data_dir=data, database_url=database_url)
    engine = make_engine(settings.resolved_database_url)
    migrate(engine)
    with make_session_factory(engine)() as s, s.begin():
        create_account(s, "burst-officer", PASSWORD, "officer", "4001")
    engine.dispose()
    env = {k: v for k, v in os.environ.items() if not k.startswith("DOCGEN_")}
    env["DOCGEN_DATA_DIR"] = str(data)
    if database_url:
        env["DOCGEN_DATABASE_URL"] = database_url
    port = _free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "--factory",
            "docgen.web.app:create_app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            "2",
            "--log-level",
            "warning",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("the web app did not start") from None
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        os.killpg(proc.pid, 15)
        proc.wait(20)


@pytest.fixture(params=["sqlite", "postgresql"])
def base_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield from _serve(tmp_path / "var", None)
    else:
        with pg_schema() as url:
            yield from _serve(tmp_path / "var", url)


def test_forty_wrong_passwords_at_once_stall_nothing(base_url: str) -> None:
    bundle = sample_bundles()[0]
    from docgen.cli.serve import bundle_files

    files = list(bundle_files(bundle))

    def login(_: int) -> tuple[str, int, float]:
        t = time.monotonic()
        r = client.post(
            f"{base_url}/api/token",
            json={"username": "burst-officer", "password": "wrong-password"},
        )
        return "login", r.status_code, time.monotonic() - t

    def upload(_: int) -> tuple[str, int, float]:
        t = time.monotonic()
        r = client.post(
            f"{base_url}/api/applications",
            files=[("files", (p.name, p.read_bytes())) for p in files],
        )
        return "upload", r.status_code, time.monotonic() - t

    def health(_: int) -> tuple[str, int, float]:
        t = time.monotonic()
        r = client.get(f"{base_url}/healthz")
        return "health", r.status_code, time.monotonic() - t

    client = httpx.Client(timeout=60, limits=httpx.Limits(max_connections=100))
    calls = [login] * 40 + [upload] * 10 + [health] * 5
    calls = calls[::3] + calls[1::3] + calls[2::3]  # mixed, so all start together
    with client, ThreadPoolExecutor(len(calls)) as pool:
        results = list(pool.map(lambda f: f(0), calls))

    assert not [r for r in results if r[1] >= 500], results
    logins = [r[1] for r in results if r[0] == "login"]
    assert set(logins) <= {401, 429}
    assert logins.count(401) <= LIMIT  # cut off at the limit, across both web processes
    others = [r for r in results if r[0] != "login"]
    assert all(r[1] in (200, 202) for r in others), others
    slowest = max(r[2] for r in others)
    assert slowest < 3.0, others
    # The right password is refused now too (the account is being guessed at), in any process.
    r = httpx.post(
        f"{base_url}/api/token", json={"username": "burst-officer", "password": PASSWORD}
    )
    assert r.status_code == 429
    print(f"\nlogin burst: {logins.count(401)} hashed, slowest upload/health {slowest:.2f} s")
