"""Uploads: acknowledged means on disk and recorded; limits hold while streaming; crashes leave nothing."""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Iterator, MutableMapping
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from docgen.web import uploads
from docgen.web.uploads import safe_filename

from .web_support import Web, fresh_web, sample_report

LIMIT = 64 * 1024


@pytest.fixture
def web(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Web]:
    yield from fresh_web(tmp_path, monkeypatch, max_upload_bytes=LIMIT)


def _count_applications(web: Web) -> int:
    from docgen.registry.models import Application, ApplicationFile

    with web.ctx.sessions() as session:
        apps = session.scalar(select(func.count()).select_from(Application)) or 0
        files = session.scalar(select(func.count()).select_from(ApplicationFile)) or 0
        session.rollback()
    assert (apps == 0) == (files == 0)
    return apps


def _stored_files(web: Web) -> list[Path]:
    """Every file under the uploads folder, half-received ones included."""
    return [p for p in web.ctx.uploads_dir.rglob("*") if p.is_file()]


def test_acknowledged_upload_is_on_disk_and_in_the_registry(web: Web) -> None:
    from docgen.registry import store

    roster = "ลำดับ,ชื่อ-สกุล\n1,นายสมชาย ใจดี\n".encode()
    answer = web.client.post(
        "/api/applications",
        files=[("files", ("บัญชีรายชื่อสมาชิก.csv", roster)), ("files", ("แผนงาน.csv", b"x,y\n"))],
    )
    assert answer.status_code == 202
    body = answer.json()
    assert body["url"].endswith(f"/a/{body['id']}")
    assert web.dispatched == [body["id"]]  # the check was queued, after the commit
    with web.ctx.sessions() as session:
        app = store.get_application(session, body["id"])
        assert app is not None and app.status == "received"
        recorded = {f.name: f for f in app.files}
    assert set(recorded) == {"บัญชีรายชื่อสมาชิก.csv", "แผนงาน.csv"}
    on_disk = web.ctx.data_dir / recorded["บัญชีรายชื่อสมาชิก.csv"].stored_path
    assert on_disk.read_bytes() == roster
    assert recorded["บัญชีรายชื่อสมาชิก.csv"].sha256 == hashlib.sha256(roster).hexdigest()
    assert recorded["บัญชีรายชื่อสมาชิก.csv"].size == len(roster)
    assert on_disk.resolve().is_relative_to(web.ctx.uploads_dir.resolve())


def test_the_page_form_upload_redirects_to_the_applications_own_link(web: Web) -> None:
    answer = web.client.post("/upload", files={"files": ("คำขอ.docx", b"PK\x03\x04 not really")})
    assert answer.status_code == 303
    location = answer.headers["location"]
    assert "/a/" in location
    page = web.client.get(location)
    assert page.status_code == 200
    assert "กำลังตรวจ" in page.text or "รอตรวจ" in page.text
    assert page.headers["cache-control"] == "no-store"
    assert page.headers["referrer-policy"] == "no-referrer"


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("../../etc/passwd", "passwd"),
        ("..\\..\\windows\\win.ini", "win.ini"),
        ("/abs/path/รายชื่อ.xlsx", "รายชื่อ.xlsx"),
        ("a\x00b\x1fc.csv", "abc.csv"),
        (".htaccess", "htaccess"),
        ("\u202eexe.csv", "exe.csv"),
        ('x<y>:"z".csv', "x_y___z_.csv"),
        ("..", "file"),
        ("ข้อบังคับกลุ่ม.docx", "ข้อบังคับกลุ่ม.docx"),
    ],
)
def test_file_names_are_sanitised(given: str, kept: str) -> None:
    assert safe_filename(given) == kept


def test_hostile_names_never_leave_the_upload_folder(web: Web) -> None:
    answer = web.client.post(
        "/api/applications",
        files=[
            ("files", ("../../../escape.csv", b"1")),
            ("files", ("../../../escape.csv", b"2")),
            ("files", ("/tmp/abs.csv", b"3")),
        ],
    )
    assert answer.status_code == 202
    stored = _stored_files(web)
    assert len(stored) == 3
    assert all(p.resolve().is_relative_to(web.ctx.uploads_dir.resolve()) for p in stored)
    assert sorted(p.name for p in stored) == ["abs.csv", "escape (2).csv", "escape.csv"]
    assert not (web.ctx.data_dir.parent / "escape.csv").exists()


def test_upload_over_the_declared_limit_is_refused_before_reading(web: Web) -> None:
    answer = web.client.post("/api/applications", files={"files": ("big.zip", b"0" * (LIMIT + 1))})
    assert answer.status_code == 413
    assert "MB" in answer.json()["detail"]
    assert _count_applications(web) == 0
    assert _stored_files(web) == []


def _asgi_upload(
    web: Web, chunks: list[bytes], boundary: str, declare_length: bool
) -> tuple[int, int, bytes]:
    """Send a body chunk by chunk straight to the ASGI app; (status, chunks it read, body)."""
    sent = {"n": 0}
    status = {"code": 0}
    body = bytearray()

    async def receive() -> dict[str, Any]:
        i = sent["n"]
        sent["n"] += 1
        if i >= len(chunks):
            return {"type": "http.disconnect"}
        return {"type": "http.request", "body": chunks[i], "more_body": i < len(chunks) - 1}

    async def send(message: MutableMapping[str, Any]) -> None:
        if message["type"] == "http.response.start":
            status["code"] = message["status"]
        elif message["type"] == "http.response.body":
            body.extend(message.get("body", b""))

    headers = [(b"content-type", f"multipart/form-data; boundary={boundary}".encode())]
    if declare_length:
        headers.append((b"content-length", str(sum(map(len, chunks))).encode()))
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/api/applications",
        "raw_path": b"/api/applications",
        "query_string": b"",
        "root_path": "",
        "headers": headers,
        "client": ("127.0.0.1", 5000),
        "server": ("testserver", 80),
        "state": {},
    }
    asyncio.run(web.app(scope, receive, send))
    return status["code"], sent["n"], bytes(body)


def test_size_limit_holds_while_streaming_without_a_declared_length(web: Web) -> None:
    """A chunked upload that lies about nothing and just keeps going is cut off at the limit."""
    boundary = "----docgenboundary"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="huge.zip"\r\n'
        "Content-Type: application/zip\r\n\r\n"
    ).encode()
    chunk = b"A" * 8192
    chunks = [head] + [chunk] * 200 + [f"\r\n--{boundary}--\r\n".encode()]  # ~1.6 MB
    status, read, body = _asgi_upload(web, chunks, boundary, declare_length=False)
    assert status == 413
    assert "เกิน" in body.decode()
    # It stopped reading a little past the limit, not at the end of the body.
    assert read * 8192 <= LIMIT + 2 * 8192
    assert read < len(chunks) // 2
    assert _count_applications(web) == 0
    assert _stored_files(web) == []


def test_crash_mid_file_leaves_no_application_and_no_files(
    web: Web, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The web process fails after writing part of a file: nothing is recorded, nothing is left."""
    original = uploads._Receiver.on_part_data
    calls = {"n": 0}

    def crash_after_first_chunk(self: Any, data: bytes, start: int, end: int) -> None:
        original(self, data, start, end)
        calls["n"] += 1
        if calls["n"] >= 2:
            raise RuntimeError("simulated crash mid-upload")

    monkeypatch.setattr(uploads._Receiver, "on_part_data", crash_after_first_chunk)
    client = web.new_client()
    client_raise = type(client)(web.app, raise_server_exceptions=False)
    answer = client_raise.post(
        "/api/applications",
        files=[("files", ("a.csv", b"x" * 20000)), ("files", ("b.csv", b"y" * 20000))],
    )
    assert answer.status_code >= 400
    assert calls["n"] >= 2  # part of the upload really was written before the crash
    assert _count_applications(web) == 0
    assert _stored_files(web) == []
    assert web.dispatched == []


def test_crash_while_recording_leaves_no_orphan_files(
    web: Web, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Files fully on disk, then the database write fails: the files go too."""
    from docgen.registry import store

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("database went away")

    monkeypatch.setattr(store, "create_application", broken)
    client = type(web.client)(web.app, raise_server_exceptions=False)
    answer = client.post("/api/applications", files={"files": ("a.csv", b"x" * 1000)})
    assert answer.status_code == 500
    assert "ภายในระบบ" in answer.json()["detail"]
    assert _stored_files(web) == []
    assert _count_applications(web) == 0


def test_half_received_upload_left_by_a_killed_process_is_swept_on_start(
    web: Web, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    partial = uploads.new_partial_dir(web.ctx.uploads_dir)
    (partial / "half.zip").write_bytes(b"PK" + b"\0" * 100)
    from docgen.web.app import create_app

    create_app(web.settings)  # a restart
    assert not partial.exists()
    assert _count_applications(web) == 0


def test_uploads_are_downloaded_as_attachments_never_as_pages(web: Web) -> None:
    html = b"<html><script>alert(document.cookie)</script></html>"
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'
    app_id = web.add_application(
        "4001", report=sample_report(), files={"evil.html": html, "pic.svg": svg}
    )
    from docgen.registry import store

    with web.ctx.sessions() as session:
        files = store.get_application(session, app_id).files  # type: ignore[union-attr]
        file_ids = [f.id for f in files]
    headers = web.token("officer")
    for file_id, content in zip(file_ids, (html, svg), strict=True):
        answer = web.client.get(f"/api/applications/{app_id}/files/{file_id}", headers=headers)
        assert answer.status_code == 200
        assert answer.content == content
        assert answer.headers["content-type"] == "application/octet-stream"
        assert answer.headers["content-disposition"].startswith("attachment")
        assert answer.headers["x-content-type-options"] == "nosniff"
    assert (
        web.client.get(f"/api/applications/{app_id}/files/999999", headers=headers).status_code
        == 404
    )


def test_requests_that_are_not_uploads_get_thai_answers(web: Web) -> None:
    not_multipart = web.client.post(
        "/api/applications", content=b"{}", headers={"content-type": "application/json"}
    )
    assert not_multipart.status_code == 415
    no_files = web.client.post(
        "/api/applications", data={"district": "4001"}, files={"other": ("", b"")}
    )
    assert no_files.status_code == 400
    assert "ไม่พบไฟล์" in no_files.json()["detail"]
    bad_district = web.client.post(
        "/api/applications", data={"district": "../1"}, files={"files": ("a.csv", b"x")}
    )
    assert bad_district.status_code == 422
    assert _count_applications(web) == 0
    assert _stored_files(web) == []


def test_a_group_may_name_its_district_so_officers_see_it_at_once(web: Web) -> None:
    answer = web.client.post(
        "/api/applications", data={"district": "4001"}, files={"files": ("a.csv", b"x")}
    )
    app_id = answer.json()["id"]
    listed = web.client.get("/api/applications", headers=web.token("officer")).json()
    assert [a["id"] for a in listed["applications"]] == [app_id]
    assert web.client.get("/api/applications", headers=web.token("other")).json()["count"] == 0


def test_health_answers_for_database_and_queue(web: Web) -> None:
    from docgen.web import api

    ok = web.client.get("/healthz")
    assert ok.status_code == 200 and ok.json()["database"] is True
    web.app.state.queue_check = api._queue_ok
    embedded = web.client.get("/healthz")  # the real embedded queue (SQLite in the data dir)
    assert embedded.status_code == 200, embedded.json()
    web.ctx.settings.broker_url = "redis://127.0.0.1:1/0"  # nothing listens there
    down = web.client.get("/healthz")
    assert down.status_code == 503
    assert down.json()["queue"] is False


def test_upload_page_offers_every_district_and_the_form_sends_it(web: Web) -> None:
    page = web.client.get("/upload").text
    assert page.count("<option value=") == 928 + 1  # every district, and "not given"
    assert '<option value="4001">เมืองขอนแก่น</option>' in page
    answer = web.client.post(
        "/upload", data={"district": "4001"}, files={"files": ("คำขอ.docx", b"PK\x03\x04")}
    )
    assert answer.status_code == 303
    listed = web.client.get("/api/applications", headers=web.token("officer")).json()
    assert listed["count"] == 1


def test_too_many_files_or_fields_are_refused_and_nothing_is_kept(web: Web) -> None:
    many_files = [("files", (f"f{i}.csv", b"x")) for i in range(51)]
    assert web.client.post("/api/applications", files=many_files).status_code == 413
    many_fields = {f"k{i}": "v" for i in range(30)}
    answer = web.client.post(
        "/api/applications", data=many_fields, files={"files": ("a.csv", b"x")}
    )
    assert answer.status_code == 413
    assert _count_applications(web) == 0
    assert _stored_files(web) == []
