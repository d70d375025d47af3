"""Shared set-up for the web tests: an app on a temporary data dir with SQLite, accounts, applications."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from docgen.settings import Settings, get_settings
from docgen.web.app import WebContext, create_app
from docgen.web.auth import SESSION_COOKIE

PASSWORD = "correct-horse-42"
ACCOUNTS = {
    # username: (role, district, province)
    "officer": ("officer", "4001", None),
    "other": ("officer", "4002", None),
    "province": ("province", None, "40"),
    "otherprov": ("province", None, "41"),
}


@dataclass
class Web:
    app: FastAPI
    client: TestClient
    ctx: WebContext
    settings: Settings
    dispatched: list[str] = field(default_factory=list)
    _tokens: dict[str, dict[str, str]] = field(default_factory=dict)
    _sessions: dict[str, tuple[TestClient, str]] = field(default_factory=dict)

    def new_client(self) -> TestClient:
        return TestClient(self.app, follow_redirects=False)

    def login(self, username: str, client: TestClient | None = None) -> tuple[TestClient, str]:
        """A client signed in through the real sign-in form; (client, its CSRF token)."""
        client = client or self.new_client()
        page = client.get("/login")
        assert page.status_code == 200
        csrf = page.text.split('name="csrf" value="', 1)[1].split('"', 1)[0]
        answer = client.post(
            "/login",
            data={"username": username, "password": PASSWORD, "csrf": csrf, "next": "/officer"},
        )
        assert answer.status_code == 303, answer.text
        session = self.ctx.signer.read_session(client.cookies.get(SESSION_COOKIE))
        assert session is not None
        return client, session[1]

    def session_for(self, username: str) -> tuple[TestClient, str]:
        """A signed-in client for `username`, made once per app (argon2 is slow on purpose)."""
        if username not in self._sessions:
            self._sessions[username] = self.login(username)
        return self._sessions[username]

    def token(self, username: str) -> dict[str, str]:
        if username in self._tokens:
            return self._tokens[username]
        answer = self.client.post("/api/token", json={"username": username, "password": PASSWORD})
        assert answer.status_code == 200, answer.text
        self._tokens[username] = {"Authorization": f"Bearer {answer.json()['access_token']}"}
        return self._tokens[username]

    def add_application(
        self,
        district: str | None = "4001",
        *,
        report: dict[str, Any] | None = None,
        files: dict[str, bytes] | None = None,
    ) -> str:
        """An application recorded the way an upload records it, optionally already checked."""
        from docgen.registry import store
        from docgen.registry.db import transaction

        files = files if files is not None else {"roster.csv": b"a,b\n1,2\n"}
        folder = self.ctx.uploads_dir / f"seed-{len(list(self.ctx.uploads_dir.iterdir()))}"
        folder.mkdir(parents=True)
        stored = []
        for name, content in files.items():
            (folder / name).write_bytes(content)
            stored.append(
                store.StoredFile(
                    name=name,
                    stored_path=str((folder / name).relative_to(self.ctx.data_dir)),
                    size=len(content),
                    sha256="0" * 64,
                )
            )
        with transaction(self.ctx.sessions) as session:
            app = store.create_application(session, district, stored)
            app_id = app.id
            if report is not None:
                store.record_report(session, app_id, report)
        return app_id

    def status(self, app_id: str) -> str:
        from docgen.registry import store

        with self.ctx.sessions() as session:
            app = store.get_application(session, app_id)
            assert app is not None
            return app.status


def sample_report(
    name: str = "กลุ่มปลูกผักปลอดภัยบ้านท่าพระ", complete: bool = True, district_code: str = "4001"
) -> dict[str, Any]:
    """A check report of a group in ต.ท่าพระ อ.เมืองขอนแก่น (or in the first subdistrict of
    `district_code`: the documents' district, which the application is routed to)."""
    import geothai

    subdistrict = next(iter(geothai.subdistricts(district_code)))
    district = geothai.district(district_code)
    province = geothai.province(district_code[:2])
    assert district is not None and province is not None
    place = (
        ("ท่าพระ", "เมืองขอนแก่น", "ขอนแก่น", "400104")
        if district_code == "4001"
        else (subdistrict.name_th, district.name_th, province.name_th, subdistrict.code)
    )
    findings = (
        []
        if complete
        else [
            {
                "code": "INVALID_NATIONAL_ID",
                "severity": "error",
                "message": "เลขประจำตัวประชาชนของนายสมชาย ใจดี ไม่ถูกต้อง",
                "file": "roster.csv",
                "where": "แถวที่ 3",
            }
        ]
    )
    return {
        "schema": "docgen.check/1",
        "complete": complete,
        "group": {
            "name": name,
            "moo": "3",
            "subdistrict": place[0],
            "district": place[1],
            "province": place[2],
            "subdistrict_code": place[3],
            "district_code": district_code,
            "province_code": district_code[:2],
            "members": 12,
            "committee": 5,
            "stated_members": 12,
        },
        "documents": [{"file": "roster.csv", "kind": "member_roster"}],
        "members": [
            {
                "row": 1,
                "name": "นายสมชาย ใจดี",
                "national_id": "1101700230708",
                "subdistrict": "ท่าพระ",
                "district": "เมืองขอนแก่น",
                "province": "ขอนแก่น",
                "file": "roster.csv",
                "where": "แถวที่ 2",
            }
        ],
        "committee": [{"name": "นายสมชาย ใจดี", "position": "ประธาน", "role": "chair"}],
        "activities": ["ปลูกผักปลอดภัย"],
        "findings": findings,
    }


def make_web(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, **overrides: Any) -> Web:
    from docgen.registry.accounts import create_account
    from docgen.registry.db import transaction

    data_dir = tmp_path / "var"
    # The workers' code reads the global settings: point them at the same place.
    monkeypatch.setenv("DOCGEN_DATA_DIR", str(data_dir))
    get_settings.cache_clear()
    settings = Settings(data_dir=data_dir, **overrides)
    app = create_app(settings)
    web = Web(
        app=app,
        client=TestClient(app, follow_redirects=False),
        ctx=app.state.ctx,
        settings=settings,
    )
    app.state.dispatch_check = lambda ctx, app_id: web.dispatched.append(app_id)
    app.state.queue_check = lambda ctx: True
    with transaction(web.ctx.sessions) as session:
        for username, (role, district, province) in ACCOUNTS.items():
            create_account(session, username, PASSWORD, role, district, province)
    return web


def fresh_web(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, **overrides: Any) -> Iterator[Web]:
    """A fresh app and database for one test (use from a fixture with `yield from`)."""
    w = make_web(tmp_path, monkeypatch, **overrides)
    yield w
    w.ctx.engine.dispose()
    get_settings.cache_clear()


def module_web(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Web]:
    """One app for a module's tests that each make their own applications (faster)."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        w = make_web(tmp_path_factory.mktemp("web"), monkeypatch)
        yield w
        w.ctx.engine.dispose()
    get_settings.cache_clear()
