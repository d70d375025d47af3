"""The pages themselves: Thai, self-contained (no CDN), safe headers, OpenAPI docs offline."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from .web_support import Web, fresh_web


@pytest.fixture
def web(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Web]:
    yield from fresh_web(tmp_path, monkeypatch)


PAGES = ["/", "/upload", "/forms", "/forms/bylaws", "/login"]


@pytest.mark.parametrize("path", PAGES)
def test_pages_are_thai_and_load_nothing_from_outside(web: Web, path: str) -> None:
    answer = web.client.get(path)
    assert answer.status_code == 200
    html = answer.text
    assert '<html lang="th">' in html
    assert re.search(r"[\u0E00-\u0E7F]{4,}", html)  # Thai text, not an English stub
    # Every script, stylesheet and font comes from this server (offices may be offline).
    assert not re.search(r'(src|href)="(https?:)?//', html)
    csp = answer.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert answer.headers["x-frame-options"] == "DENY"
    assert answer.headers["x-content-type-options"] == "nosniff"


def test_the_stylesheet_and_thai_font_are_served_locally(web: Web) -> None:
    css = web.client.get("/static/style.css")
    assert css.status_code == 200 and "/fonts/Sarabun-Regular.ttf" in css.text
    font = web.client.get("/fonts/Sarabun-Regular.ttf")
    assert font.status_code == 200 and font.content[:4] in (b"\x00\x01\x00\x00", b"true")
    assert web.client.get("/fonts/..%2F..%2Fsettings.py").status_code == 404
    assert web.client.get("/fonts/OFL.txt").status_code == 404


def test_openapi_docs_work_offline_and_list_the_contract(web: Web) -> None:
    docs = web.client.get("/docs")
    assert docs.status_code == 200
    assert "/static/swagger/swagger-ui-bundle.js" in docs.text
    assert "cdn." not in docs.text
    assert web.client.get("/static/swagger/swagger-ui-bundle.js").status_code == 200
    spec = web.client.get("/openapi.json").json()
    paths = spec["paths"]
    assert {"post", "get"} <= set(paths["/api/applications"])
    assert "get" in paths["/api/applications/{app_id}"]
    assert "get" in paths["/healthz"]
    assert "post" in paths["/api/token"]


def test_unknown_pages_and_api_paths_answer_in_thai(web: Web) -> None:
    page = web.client.get("/no-such-page")
    assert page.status_code == 404
    assert "ไม่พบ" in page.text and '<html lang="th">' in page.text
    api = web.client.get("/api/no-such-thing")
    assert api.status_code == 404
    assert "ไม่พบ" in api.json()["detail"]
