"""The web app on PostgreSQL, with each check run inline instead of queued.

The registry is a real PostgreSQL schema and `/healthz` asks the real Redis, but
`dispatch_check` is replaced by a direct call of `workers.tasks.run_check`, so no Celery
worker or queue message is involved. The real queue path (upload -> Redis -> worker ->
PostgreSQL) is `tests/service/test_real_queue_flow.py`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.service.registry_fixtures import pg_schema

from .web_support import Web, fresh_web

pytestmark = pytest.mark.service

REPO = Path(__file__).resolve().parents[2]
REDIS = "redis://127.0.0.1:6379/7"


@pytest.fixture
def web(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Web]:
    from workers import runtime, tasks

    with pg_schema() as url:
        # The check runs in this process and reads the same settings from the environment.
        monkeypatch.setenv("DOCGEN_DATABASE_URL", url)
        runtime.reset()
        gen = fresh_web(tmp_path, monkeypatch, database_url=url, broker_url=REDIS)
        w = next(gen)
        w.app.state.dispatch_check = lambda ctx, app_id: tasks.run_check(app_id)
        from docgen.web import api

        w.app.state.queue_check = api._queue_ok  # the real Redis
        yield w
        runtime.reset()
        next(gen, None)


def test_upload_check_certify_on_postgresql_with_inline_check(web: Web, tmp_path: Path) -> None:
    from docgen.render.bundle import render_bundle

    assert web.ctx.engine.dialect.name == "postgresql"
    health = web.client.get("/healthz")
    assert health.status_code == 200, health.json()

    group = json.loads((REPO / "samples" / "data" / "group.json").read_text(encoding="utf-8"))
    bundle = render_bundle(group, tmp_path / "bundle.zip")
    ids = [
        web.client.post(
            "/api/applications", files={"files": ("b.zip", bundle.read_bytes())}
        ).json()["id"]
        for _ in range(2)
    ]
    for app_id in ids:
        status = web.client.get(f"/api/applications/{app_id}").json()
        assert status["status"] == "checked" and status["report"]["complete"] is True

    officer = web.token("officer")
    listed = web.client.get("/api/applications", headers=officer).json()
    assert {a["id"] for a in listed["applications"]} == set(ids)
    assert web.client.get("/api/applications", headers=web.token("other")).json()["count"] == 0
    province = web.client.get("/api/applications", headers=web.token("province")).json()
    assert province["count"] == 2

    numbers = []
    for app_id in ids:
        assert (
            web.client.post(f"/api/applications/{app_id}/approve", headers=officer).status_code
            == 200
        )
        numbers.append(
            web.client.post(f"/api/applications/{app_id}/certify", headers=officer).json()[
                "certificate_number"
            ]
        )
    assert [n.split("/")[0] for n in numbers] == ["1", "2"]
    page = web.login("officer")[0].get(f"/officer/applications/{ids[0]}").text
    assert numbers[0] in page
