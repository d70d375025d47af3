"""The officer's page shows each scanned page beside what was read from it, and serves only the
page images the application's own report names."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from PIL import Image

from .web_support import Web, module_web, sample_report


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Web]:
    yield from module_web(tmp_path_factory)


def _png(colour: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 56), colour).save(out, format="PNG")
    return out.getvalue()


def _scanned(web: Web, pages: dict[str, bytes]) -> str:
    report = sample_report()
    report["documents"] = [
        {
            "file": "roster.jpg",
            "kind": "member_roster",
            "ocr": True,
            "confidence": 0.874,
            "page_images": list(pages),
        }
    ]
    app_id = web.add_application(report=report)
    for name, data in pages.items():
        web.ctx.storage.put_bytes(f"page-images/{app_id}/{name}", data)
    return app_id


def test_scanned_pages_shown_beside_the_document_and_served_to_its_officer(web: Web) -> None:
    pages = {"01/page-001.png": _png("white"), "01/page-002.png": _png("gray")}
    app_id = _scanned(web, pages)
    client, _ = web.session_for("officer")
    page = client.get(f"/officer/applications/{app_id}").text
    assert "อ่านจากภาพ ความมั่นใจ 87%" in page
    for n, name in enumerate(pages, start=1):
        assert f'src="/api/applications/{app_id}/page-images/{name}"' in page
        assert f"ภาพหน้า {n} ของ roster.jpg" in page
        got = client.get(f"/api/applications/{app_id}/page-images/{name}")
        assert got.status_code == 200 and got.content == pages[name]
        assert got.headers["content-type"] == "image/png"


def test_only_the_reports_own_pages_and_only_for_officers_who_may_read(web: Web) -> None:
    app_id = _scanned(web, {"01/page-001.png": _png("white")})
    other = _scanned(web, {"01/page-001.png": _png("black")})
    web.ctx.storage.put_bytes(f"page-images/{app_id}/secret.png", _png("red"))
    client, _ = web.session_for("officer")
    # A name the report does not list, a path that climbs out, another application's page
    # under this one's id: none is served.
    for name in ("secret.png", "../" + other + "/01/page-001.png", "01/page-002.png"):
        assert client.get(f"/api/applications/{app_id}/page-images/{name}").status_code == 404
    # Nobody signed in gets nothing.
    anonymous = web.client.get(f"/api/applications/{app_id}/page-images/01/page-001.png")
    assert anonymous.status_code in (401, 403)
    # A typed (not scanned) document shows no images and no OCR badge.
    typed = web.add_application(report=sample_report())
    page = client.get(f"/officer/applications/{typed}").text
    assert "page-images" not in page.split('class="files"', 1)[1].split("</section>", 1)[0]
    assert "อ่านจากภาพ" not in page


def test_rows_read_from_a_scanned_roster_are_listed_beside_its_pages(web: Web) -> None:
    """Each member read from the photographed roster sits beside the page images with the row
    it came from and a masked ID; the rows of a typed document stay in the report below."""
    report = sample_report()
    report["documents"] = [
        {
            "file": "roster-1.jpg",
            "files": ["roster-1.jpg", "roster-2.jpg"],
            "kind": "member_roster",
            "ocr": True,
            "confidence": 0.91,
            "page_images": ["01/page-001.png"],
        },
        {"file": "committee.docx", "kind": "committee_list"},
    ]
    report["members"] = [
        {
            "row": 1,
            "name": "นายสมชาย ใจดี",
            "national_id": "1101700207030",
            "file": "roster-1.jpg",
            "where": "หน้า 1 แถวที่ 2",
        },
        {
            "row": 2,
            "name": "นางสมศรี ทองดี",
            "national_id": "3400200591569",
            "file": "roster-2.jpg",
            "where": "หน้า 1 แถวที่ 2",
        },
        {
            "row": 3,
            "name": "นายไม่ใช่ ของภาพ",
            "national_id": "1400287010621",
            "file": "other.xlsx",
            "where": "แถวที่ 4",
        },
    ]
    report["committee"] = [
        {"name": "นายสมชาย ใจดี", "position": "ประธาน", "file": "committee.docx", "where": "แถวที่ 2"}
    ]
    app_id = web.add_application(report=report)
    client, _ = web.session_for("officer")
    page = client.get(f"/officer/applications/{app_id}").text
    files = page.split('class="files"', 1)[1].split("</section>", 1)[0]
    assert "ข้อมูลที่อ่านได้จากภาพ 2 แถว" in files
    assert files.count('class="ocr-rows"') == 1  # the typed committee list shows none
    assert "roster-2.jpg หน้า 1 แถวที่ 2" in files and "นางสมศรี" in files
    assert "นายไม่ใช่" not in files  # a row of another file is not this document's
    assert "1101700207030" not in page and "1-1017-00xxx-xx-0" in files  # masked, never whole
