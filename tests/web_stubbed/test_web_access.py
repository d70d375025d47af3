"""Access control: every officer route refuses strangers and other districts; provinces only read."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.routing import APIRoute

from docgen.web.auth import LOGIN_CSRF_COOKIE, SESSION_COOKIE

from .web_support import Web, fresh_web, module_web, sample_report


@pytest.fixture
def web(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Web]:
    yield from fresh_web(tmp_path, monkeypatch)


@pytest.fixture(scope="module")
def shared_web(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Web]:
    yield from module_web(tmp_path_factory)


# Every route an officer uses: (method, path, kind, needs) — kind api|page, needs read|act.
OFFICER_ROUTES: list[tuple[str, str, str, str]] = [
    ("GET", "/api/applications", "api", "list"),
    ("POST", "/api/applications/{app_id}/approve", "api", "act"),
    ("POST", "/api/applications/{app_id}/return", "api", "act"),
    ("POST", "/api/applications/{app_id}/certify", "api", "act"),
    ("POST", "/api/applications/{app_id}/hand-over", "api", "act"),
    ("GET", "/api/applications/{app_id}/certificate.{fmt}", "api", "read"),
    ("GET", "/api/applications/{app_id}/memo.docx", "api", "read"),
    ("GET", "/api/applications/{app_id}/files/{file_id}", "api", "read"),
    ("GET", "/api/applications/{app_id}/page-images/{name:path}", "api", "read"),
    ("POST", "/api/jobs", "api", "act"),
    ("GET", "/api/jobs/{job_id}", "api", "read"),
    ("GET", "/api/jobs/{job_id}/download", "api", "read"),
    ("GET", "/api/jobs/{job_id}/certificates/{index}.docx", "api", "read"),
    ("GET", "/officer", "page", "list"),
    ("GET", "/officer/applications/{app_id}", "page", "read"),
    ("POST", "/officer/applications/{app_id}/approve", "page", "act"),
    ("POST", "/officer/applications/{app_id}/return", "page", "act"),
    ("POST", "/officer/applications/{app_id}/certify", "page", "act"),
    ("POST", "/officer/applications/{app_id}/hand-over", "page", "act"),
    ("GET", "/officer/batch", "page", "list"),
    ("GET", "/officer/batch/template.csv", "page", "list"),
    ("POST", "/officer/batch", "page", "act"),
    ("GET", "/officer/jobs/{job_id}", "page", "read"),
    ("POST", "/logout", "page", "list"),
    # The office profile (docgen/web/office.py): its own district's officer or an admin.
    ("GET", "/officer/office", "page", "act"),
    ("POST", "/officer/office", "page", "act"),
    # One's own name and position: every account.
    ("GET", "/officer/profile", "page", "list"),
    ("POST", "/officer/profile", "page", "list"),
    # Reports (docgen/web/reports.py): a province account may ask for its own reports.
    ("GET", "/officer/reports", "page", "list"),
    ("POST", "/officer/reports", "page", "list"),
    ("GET", "/officer/reports/{job_id}", "page", "read"),
    ("GET", "/officer/reports/{job_id}/{fmt}", "page", "read"),
]
PUBLIC_ROUTES = {
    ("POST", "/api/applications"),
    ("GET", "/api/applications/{app_id}"),
    ("POST", "/api/token"),
    ("GET", "/healthz"),
    ("GET", "/"),
    ("GET", "/upload"),
    ("POST", "/upload"),
    ("GET", "/a/{app_id}"),
    ("GET", "/forms"),
    ("GET", "/forms/{kind}.docx"),
    ("GET", "/forms/bylaws"),
    ("POST", "/forms/bylaws"),
    ("GET", "/login"),
    ("POST", "/login"),
    ("GET", "/fonts/{name}"),
    ("GET", "/favicon.ico"),
    ("GET", "/docs"),
}


def test_every_route_is_either_public_or_in_the_officer_table(shared_web: Web) -> None:
    """A new route without an access test fails here."""
    web = shared_web

    def walk(routes: Any) -> Any:
        for route in routes:
            if isinstance(route, APIRoute):
                yield route
            inner = getattr(route, "original_router", None)  # FastAPI's included routers
            if inner is not None:
                yield from walk(inner.routes)

    routes = {(method, r.path) for r in walk(web.app.routes) for method in r.methods}
    officer = {(m, p) for m, p, _, _ in OFFICER_ROUTES}
    assert routes - PUBLIC_ROUTES == officer


def _setup(web: Web) -> dict[str, Any]:
    """One checked application in district 4001 with its file and a cached memo, a batch job
    and a finished report job of 4001."""
    from docgen.registry import store
    from docgen.registry.db import transaction

    checked = sample_report()
    checked["documents"] = [
        {"file": "roster.csv", "kind": "member_roster", "page_images": ["01/page-001.png"]}
    ]
    app_id = web.add_application("4001", report=checked)
    web.ctx.storage.put_bytes(f"page-images/{app_id}/01/page-001.png", b"\x89PNG page")
    with web.ctx.sessions() as session:
        file_id = store.get_application(session, app_id).files[0].id  # type: ignore[union-attr]
    memo = web.ctx.outputs_dir / "applications" / app_id / "review-memo-checked.docx"
    memo.parent.mkdir(parents=True, exist_ok=True)
    memo.write_bytes(b"PK memo")
    with transaction(web.ctx.sessions) as session:
        job = store.create_job(
            session, "batch_certificates", {}, created_by="officer", district_code="4001"
        )
        job_id = job.id
        report = store.create_job(
            session,
            "district_report",
            {"district_code": "4001", "be_year": 2569},
            created_by="officer",
            district_code="4001",
        )
        report_id = report.id
        out = web.ctx.data_dir / "jobs" / report_id / "report.docx"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(b"PK report")
        report.state = {"docx": str(out.relative_to(web.ctx.data_dir))}
        store.finish_job(session, report_id, result_path=report.state["docx"])
    return {
        "app_id": app_id,
        "file_id": file_id,
        "job_id": job_id,
        "report_id": report_id,
        "fmt": "docx",
        "name": "01/page-001.png",
    }


def _path(template: str, ids: dict[str, Any]) -> str:
    if template.startswith("/officer/reports/"):
        ids = {**ids, "job_id": ids["report_id"]}
    return template.replace("{name:path}", "{name}").format(index=1, **ids)


def _call(
    client: Any, method: str, path: str, kind: str, csrf: str = "", headers: Any = None
) -> Any:
    headers = dict(headers or {})
    if method == "GET":
        return client.get(path, headers=headers)
    if path == "/officer/profile":
        data = {"csrf": csrf, "name": "นางสาวใจดี มีสุข", "position": "เจ้าหน้าที่"}
        return client.post(path, data=data, headers=headers)
    if path.endswith("/hand-over"):
        if kind == "api":
            return client.post(path, json={"district_code": "4002"}, headers=headers)
        return client.post(
            path, data={"district_code": "4002", "csrf": csrf, "confirm": "1"}, headers=headers
        )
    if path.endswith("/return"):
        if kind == "api":
            return client.post(path, json={"reason": "เอกสารไม่ครบ"}, headers=headers)
        return client.post(
            path, data={"reason": "เอกสารไม่ครบ", "csrf": csrf, "confirm": "1"}, headers=headers
        )
    if path in ("/api/jobs", "/officer/batch"):
        return client.post(
            path,
            files={"file": ("groups.csv", "ชื่อกลุ่ม,ตำบล\nกลุ่มทดสอบ,ท่าพระ\n".encode())},
            data={"csrf": csrf},
            headers=headers,
        )
    if path == "/officer/reports":
        data = {"csrf": csrf, "scope": "province", "period": "year", "year": "2569"}
        return client.post(path, data=data, headers=headers)
    return client.post(path, data={"csrf": csrf, "confirm": "1"}, headers=headers)


@pytest.mark.parametrize(("method", "template", "kind", "needs"), OFFICER_ROUTES)
def test_anonymous_is_refused(
    shared_web: Web, method: str, template: str, kind: str, needs: str
) -> None:
    web = shared_web
    ids = _setup(web)
    path = _path(template, ids)
    answer = _call(web.new_client(), method, path, kind)
    if kind == "api":
        assert answer.status_code == 401
        assert answer.headers["www-authenticate"] == "Bearer"
        assert "เข้าสู่ระบบ" in answer.json()["detail"]
    else:
        assert answer.status_code == 303
        assert answer.headers["location"].startswith("/login")
    assert web.status(ids["app_id"]) == "checked"


@pytest.mark.parametrize(("method", "template", "kind", "needs"), OFFICER_ROUTES)
def test_forged_credentials_are_refused(
    shared_web: Web, method: str, template: str, kind: str, needs: str
) -> None:
    web = shared_web
    ids = _setup(web)
    path = _path(template, ids)
    client = web.new_client()
    # A token signed with another secret, and a session cookie someone edited.
    from docgen.web.auth import Signer

    forged = Signer("not-the-secret").api_token(1)
    client.cookies.set(SESSION_COOKIE, Signer("not-the-secret").session_value(1))
    answer = _call(
        client,
        method,
        path,
        kind,
        headers={"Authorization": f"Bearer {forged}"} if kind == "api" else None,
    )
    assert answer.status_code in (401, 303)
    assert web.status(ids["app_id"]) == "checked"


@pytest.mark.parametrize(
    ("method", "template", "kind", "needs"), [r for r in OFFICER_ROUTES if "{" in r[1]]
)
@pytest.mark.parametrize("stranger", ["other", "otherprov"])
def test_other_district_is_forbidden(
    shared_web: Web, method: str, template: str, kind: str, needs: str, stranger: str
) -> None:
    web = shared_web
    ids = _setup(web)
    path = _path(template, ids)
    if kind == "api":
        answer = _call(web.client, method, path, kind, headers=web.token(stranger))
    else:
        client, csrf = web.session_for(stranger)
        answer = _call(client, method, path, kind, csrf)
    assert answer.status_code == 403, (path, answer.text)
    assert web.status(ids["app_id"]) == "checked"


@pytest.mark.parametrize(("method", "template", "kind", "needs"), OFFICER_ROUTES)
def test_province_reads_but_cannot_act(
    shared_web: Web, method: str, template: str, kind: str, needs: str
) -> None:
    web = shared_web
    ids = _setup(web)
    path = _path(template, ids)
    if kind == "api":
        answer = _call(web.client, method, path, kind, headers=web.token("province"))
    else:
        # Signing out drops the client's cookie: use a session of its own for that one.
        client, csrf = web.login("province") if path == "/logout" else web.session_for("province")
        answer = _call(client, method, path, kind, csrf)
    if needs == "act":
        assert answer.status_code == 403, (path, answer.text)
        assert "อย่างเดียว" in answer.text
    else:
        # Reading is allowed: the answer is the thing itself, or "not ready yet" (409).
        assert answer.status_code in (200, 303, 409), (path, answer.status_code, answer.text)
    assert web.status(ids["app_id"]) == "checked"


def test_own_district_officer_reaches_every_read_route(shared_web: Web) -> None:
    web = shared_web
    ids = _setup(web)
    headers = web.token("officer")
    client, _ = web.session_for("officer")
    for method, template, kind, _needs in OFFICER_ROUTES:
        if method != "GET":
            continue
        path = _path(template, ids)
        answer = web.client.get(path, headers=headers) if kind == "api" else client.get(path)
        assert answer.status_code in (200, 409), (path, answer.status_code)


def test_lists_show_only_the_accounts_own_district_or_province(web: Web) -> None:
    mine = web.add_application("4001", report=sample_report("กลุ่มของอำเภอเมือง"))
    theirs = web.add_application(
        "4002", report=sample_report("กลุ่มของอำเภออื่น", district_code="4002")
    )
    far = web.add_application("4101", report=sample_report("กลุ่มของจังหวัดอื่น", district_code="4101"))
    unchecked = web.add_application(None)

    def ids(username: str) -> set[str]:
        answer = web.client.get("/api/applications", headers=web.token(username))
        assert answer.status_code == 200
        return {a["id"] for a in answer.json()["applications"]}

    assert ids("officer") == {mine}
    assert ids("other") == {theirs}
    assert ids("province") == {mine, theirs}
    assert ids("otherprov") == {far}
    assert unchecked not in ids("province")
    # The page list agrees with the API.
    client, _ = web.login("other")
    page = client.get("/officer").text
    assert "กลุ่มของอำเภออื่น" in page and "กลุ่มของอำเภอเมือง" not in page
    # A province account sees its districts by name, and that it may only read.
    client, _ = web.login("province")
    page = client.get("/officer").text
    assert "เมืองขอนแก่น จ.ขอนแก่น" in page and "กลุ่มของอำเภออื่น" in page
    assert "ดูข้อมูลได้อย่างเดียว" in page


def test_cookie_posts_need_the_csrf_token(shared_web: Web) -> None:
    web = shared_web
    app_id = web.add_application("4001", report=sample_report())
    client, csrf = web.login("officer")
    no_token = client.post(f"/officer/applications/{app_id}/approve", data={})
    wrong = client.post(f"/officer/applications/{app_id}/approve", data={"csrf": "x" * 32})
    api_no_header = client.post(f"/api/applications/{app_id}/approve")
    assert (no_token.status_code, wrong.status_code, api_no_header.status_code) == (403, 403, 403)
    assert web.status(app_id) == "checked"
    ok = client.post(f"/officer/applications/{app_id}/approve", data={"csrf": csrf, "confirm": "1"})
    assert ok.status_code == 303
    assert web.status(app_id) == "approved"


def test_login_form_needs_its_csrf_cookie(web: Web) -> None:
    client = web.new_client()
    answer = client.post(
        "/login", data={"username": "officer", "password": "correct-horse-42", "csrf": "guess"}
    )
    assert answer.status_code == 403
    assert SESSION_COOKIE not in client.cookies


def test_wrong_password_gives_no_session(web: Web) -> None:
    client = web.new_client()
    page = client.get("/login")
    csrf = client.cookies[LOGIN_CSRF_COOKIE]
    answer = client.post(
        "/login", data={"username": "officer", "password": "nope-nope", "csrf": csrf}
    )
    assert answer.status_code == 401
    assert "ไม่ถูกต้อง" in answer.text
    assert SESSION_COOKIE not in client.cookies
    assert page.status_code == 200
    assert (
        web.client.post("/api/token", json={"username": "officer", "password": "x"}).status_code
        == 401
    )


def test_session_cookie_is_httponly_and_samesite_lax(web: Web) -> None:
    client = web.new_client()
    client.get("/login")
    csrf = client.cookies[LOGIN_CSRF_COOKIE]
    answer = client.post(
        "/login", data={"username": "officer", "password": "correct-horse-42", "csrf": csrf}
    )
    cookies = [v for k, v in answer.headers.multi_items() if k == "set-cookie"]
    session = next(c for c in cookies if c.startswith(SESSION_COOKIE + "="))
    flags = {part.strip().lower() for part in session.split(";")}
    assert "httponly" in flags
    assert "samesite=lax" in flags
    assert "path=/" in flags


def test_sign_in_never_redirects_off_site(web: Web) -> None:
    client = web.new_client()
    client.get("/login")
    csrf = client.cookies[LOGIN_CSRF_COOKIE]
    answer = client.post(
        "/login",
        data={
            "username": "officer",
            "password": "correct-horse-42",
            "csrf": csrf,
            "next": "//evil.example/x",
        },
    )
    assert answer.headers["location"] == "/officer"


def test_sign_out_ends_the_page_session(web: Web) -> None:
    client, csrf = web.login("officer")
    assert client.get("/officer").status_code == 200
    assert client.post("/logout", data={"csrf": csrf}).status_code == 303
    assert client.get("/officer").status_code == 303


def test_application_ids_are_unguessable_and_not_enumerable(shared_web: Web) -> None:
    web = shared_web
    ids = [
        web.client.post("/api/applications", files={"files": ("a.csv", b"x")}).json()["id"]
        for _ in range(20)
    ]
    assert len(set(ids)) == 20
    for app_id in ids:
        assert len(app_id) >= 32
        # Shannon entropy of the characters: random base64url, not a counter or a timestamp.
        counts = Counter(app_id)
        entropy = -sum(c / len(app_id) * math.log2(c / len(app_id)) for c in counts.values())
        assert entropy > 4.0
    # A wrong id, a near miss, and a malformed one: all plain 404, same message.
    near = ids[0][:-1] + ("A" if ids[0][-1] != "A" else "B")
    answers = [web.client.get(f"/api/applications/{x}") for x in ("x" * 32, near, "1", "../etc")]
    assert [a.status_code for a in answers] == [404, 404, 404, 404]
    assert web.client.get(f"/a/{near}").status_code == 404
    # The list needs an officer: anonymous callers cannot list ids.
    assert web.client.get("/api/applications").status_code == 401
    # The holder of an id reads its status; the page says so in Thai.
    held = web.client.get(f"/api/applications/{ids[0]}").json()
    assert held["id"] == ids[0] and held["status"] == "received"
    assert "รับเอกสารแล้ว" in web.client.get(f"/a/{ids[0]}").text


def test_password_guessing_is_slowed_down(web: Web) -> None:
    for _ in range(10):
        wrong = web.client.post(
            "/api/token", json={"username": "officer", "password": "guess-guess"}
        )
        assert wrong.status_code == 401
    # Now even the right password waits: the guesser cannot tell it was right.
    blocked = web.client.post(
        "/api/token", json={"username": "officer", "password": "correct-horse-42"}
    )
    assert blocked.status_code == 429
    assert "15 นาที" in blocked.json()["detail"]
    page = web.new_client()
    page.get("/login")
    form = {
        "username": "OFFICER",
        "password": "correct-horse-42",
        "csrf": page.cookies[LOGIN_CSRF_COOKIE],
    }
    assert page.post("/login", data=form).status_code == 429
    assert SESSION_COOKIE not in page.cookies
