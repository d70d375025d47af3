"""A burst of wrong passwords cannot stall the real web service, on SQLite and on PostgreSQL.

40 wrong-password sign-ins at once, beside 10 uploads and 5 health checks, against the real
service (`uvicorn`, two web processes sharing one registry): no 5xx, no upload or health check
over 3 s, and the burst is cut off at the throttle's limit across both processes.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from .registry_fixtures import (
    free_port,
    pg_schema,
    sample_bundles,
    start_web,
    wait_for_health,
    web_env,
)

pytestmark = pytest.mark.service

LIMIT = 10  # LoginThrottle's default
PASSWORD = "right-password-42"


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
    env = web_env(data, **({"DOCGEN_DATABASE_URL": database_url} if database_url else {}))
    port = free_port()
    log_path = data.parent / "web.log"
    with log_path.open("wb") as log:
        proc = start_web(port, env, workers=2, log=log)
    url = f"http://127.0.0.1:{port}"
    LOGS[url] = log_path
    try:
        wait_for_health(port, proc)
        yield url
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, 15)
        proc.wait(20)


LOGS: dict[str, Path] = {}


def _log_tail(base_url: str) -> str:
    """The end of the web processes' own log (warnings and tracebacks), for a failure message."""
    return LOGS[base_url].read_text(encoding="utf-8", errors="replace")[-3000:]


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

    assert not [r for r in results if r[1] >= 500], (results, _log_tail(base_url))
    logins = [r[1] for r in results if r[0] == "login"]
    assert set(logins) <= {401, 429}
    assert logins.count(401) <= LIMIT  # cut off at the limit, across both web processes
    others = [r for r in results if r[0] != "login"]
    assert all(r[1] in (200, 202) for r in others), (others, _log_tail(base_url))
    slowest = max(r[2] for r in others)
    assert slowest < 3.0, (others, _log_tail(base_url))
    # The right password is refused now too (the account is being guessed at), in any process.
    r = httpx.post(
        f"{base_url}/api/token", json={"username": "burst-officer", "password": PASSWORD}
    )
    assert r.status_code == 429
    print(f"\nlogin burst: {logins.count(401)} hashed, slowest upload/health {slowest:.2f} s")
