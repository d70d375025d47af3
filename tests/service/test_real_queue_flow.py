"""The whole path on the real services: upload through the web door → check by a real Celery
worker on Redis → approve and certify through the API, with the registry on PostgreSQL.

No stub queue here (most web tests replace `dispatch_check`); the web app sends through the
task ledger to Redis exactly as in production.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from docgen.registry.models import Certificate

from .registry_fixtures import Stack, expected, pg_schema, sample_bundles, wait_for

pytestmark = [pytest.mark.service]


@pytest.fixture()
def stack(tmp_path: Path) -> Iterator[tuple[Stack, str]]:
    with pg_schema() as url:
        s = Stack(tmp_path, url, 0, timing=False)
        try:
            yield s, url
        finally:
            s.close()


def test_upload_check_certify_on_redis_and_postgresql(
    stack: tuple[Stack, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from docgen.cli.serve import bundle_files
    from docgen.registry.accounts import create_account
    from docgen.settings import Settings, get_settings
    from docgen.web.app import create_app

    s, url = stack
    monkeypatch.setenv("DOCGEN_DATA_DIR", str(s.data_dir))
    get_settings.cache_clear()
    bundle = next(b for b in sample_bundles() if expected(b)["complete"])
    s.worker("w", concurrency=2)
    app = create_app(
        Settings(data_dir=s.data_dir, database_url=url, broker_url=s.env["DOCGEN_BROKER_URL"])
    )
    try:
        client = TestClient(app, follow_redirects=False)
        answer = client.post(
            "/api/applications",
            files=[("files", (p.name, p.read_bytes())) for p in bundle_files(bundle)],
        )
        assert answer.status_code == 202, answer.text
        app_id = answer.json()["id"]
        wait_for(lambda: s.statuses([app_id])[app_id] == "checked", 90, 0.3)

        district = client.get(f"/api/applications/{app_id}").json().get("district_code")
        with s.sessions() as session, session.begin():
            create_account(session, "flow-officer", "flow-password-42", "officer", district)
        token = client.post(
            "/api/token", json={"username": "flow-officer", "password": "flow-password-42"}
        ).json()["access_token"]
        auth = {"Authorization": f"Bearer {token}"}
        assert client.post(f"/api/applications/{app_id}/approve", headers=auth).status_code == 200
        certified = client.post(f"/api/applications/{app_id}/certify", headers=auth)
        assert certified.status_code == 200, certified.text
        with s.sessions() as session:
            [cert] = list(session.scalars(select(Certificate)))
        assert cert.application_id == app_id and cert.seq == 1
    finally:
        app.state.ctx.engine.dispose()
        get_settings.cache_clear()
