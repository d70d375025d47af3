"""A group uploads a real bundle and reads its report; an officer approves, certifies, downloads."""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from docx import Document

from docgen.render.linebreak import plain_text

from .web_support import Web, fresh_web

REPO = Path(__file__).resolve().parents[2]


def docx_text(content: bytes) -> str:
    doc = Document(io.BytesIO(content))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return plain_text("\n".join(parts))


@pytest.fixture
def web(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Web]:
    from workers import runtime, tasks

    runtime.reset()
    gen = fresh_web(tmp_path, monkeypatch)
    w = next(gen)
    # The check runs in-process through the workers' own code path (claim, check, record).

    def check_now(ctx: object, app_id: str) -> None:
        w.dispatched.append(app_id)
        tasks.run_check(app_id)

    w.app.state.dispatch_check = check_now
    yield w
    runtime.reset()
    next(gen, None)


@pytest.fixture(scope="module")
def bundles(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The sample group's bundle, and the same without its activity plan."""
    from docgen.render.bundle import render_bundle

    root = tmp_path_factory.mktemp("bundles")
    group = json.loads((REPO / "samples" / "data" / "group.json").read_text(encoding="utf-8"))
    good = render_bundle(group, root / "กลุ่มปลูกผัก.zip")
    # The same bundle without its activity plan.
    bad = root / "กลุ่มไม่ครบ.zip"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
        for info in src.infolist():
            if "แผน" not in info.filename:
                dst.writestr(info, src.read(info))
    return {"good": good, "bad": bad, "group": Path(group["group_name"])}


def upload(web: Web, bundle: Path) -> str:
    answer = web.client.post(
        "/api/applications", files={"files": (bundle.name, bundle.read_bytes(), "application/zip")}
    )
    assert answer.status_code == 202, answer.text
    return str(answer.json()["id"])


def test_group_sees_its_report_and_officer_certifies(web: Web, bundles: dict[str, Path]) -> None:
    group_name = str(bundles["group"])
    app_id = upload(web, bundles["good"])

    # The group's link: JSON and page.
    status = web.client.get(f"/api/applications/{app_id}").json()
    assert status["status"] == "checked"
    assert status["report"]["complete"] is True
    assert status["report"]["group"]["name"] == group_name
    assert status["report"]["schema"] == "docgen.check/1"
    page = web.client.get(f"/a/{app_id}").text
    assert group_name in page
    assert "เอกสารครบถ้วน" in page
    assert "บัญชีรายชื่อสมาชิก" in page  # documents found, by their Thai names
    members = status["report"]["members"]
    assert len(members) >= 10
    for member in members:
        nid = member["national_id"]
        assert nid not in page  # never the whole number on a page
        assert f"{nid[0]}-{nid[1:5]}-{nid[5:7]}xxx-xx-{nid[12]}" in page  # the masked form
        assert member["name"] in page

    # The officer of its district sees it, decides and certifies.
    client, csrf = web.login("officer")
    listing = client.get("/officer").text
    assert group_name in listing and f"/officer/applications/{app_id}" in listing
    detail = client.get(f"/officer/applications/{app_id}").text
    assert bundles["good"].name in detail
    assert "เห็นชอบ" in detail
    # Each decision is confirmed first: the first post only asks, the second does it.
    asked = client.post(f"/officer/applications/{app_id}/approve", data={"csrf": csrf})
    assert asked.status_code == 200 and "ยืนยันเห็นชอบ" in asked.text
    assert web.status(app_id) == "checked"
    done = client.post(
        f"/officer/applications/{app_id}/approve", data={"csrf": csrf, "confirm": "1"}
    )
    assert done.status_code == 303 and done.headers["location"].endswith("?done=approve")
    assert web.status(app_id) == "approved"
    assert "เห็นชอบคำขอแล้ว" in client.get(done.headers["location"]).text
    done = client.post(
        f"/officer/applications/{app_id}/certify", data={"csrf": csrf, "confirm": "1"}
    )
    assert done.status_code == 303
    assert web.status(app_id) == "certified"
    number = web.client.get(f"/api/applications/{app_id}").json()["certificate_number"]
    assert re.fullmatch(r"1/25\d\d", number)
    assert f"เลขที่ {number}" in web.client.get(f"/a/{app_id}").text

    certificate = client.get(f"/api/applications/{app_id}/certificate.docx")
    assert certificate.status_code == 200
    assert certificate.headers["content-disposition"].startswith("attachment")
    text = docx_text(certificate.content)
    assert number in text and group_name in text

    memo = client.get(f"/api/applications/{app_id}/memo.docx")
    assert memo.status_code == 200
    assert group_name in docx_text(memo.content)

    # The uploaded file itself, as the group sent it.
    file_link = re.search(rf"/api/applications/{app_id}/files/\d+", detail)
    assert file_link is not None
    assert client.get(file_link.group(0)).content == bundles["good"].read_bytes()


def test_defective_bundle_is_reported_and_returned_with_a_reason(
    web: Web, bundles: dict[str, Path]
) -> None:
    app_id = upload(web, bundles["bad"])
    report = web.client.get(f"/api/applications/{app_id}").json()["report"]
    codes = {f["code"] for f in report["findings"]}
    assert "MISSING_DOCUMENT" in codes
    assert report["complete"] is False
    page = web.client.get(f"/a/{app_id}").text
    too_few = next(f for f in report["findings"] if f["code"] == "MISSING_DOCUMENT")
    assert too_few["message"] in page
    assert "ต้องแก้ไข" in page

    # The officer reads the same findings, beside the documents they concern.
    client, _ = web.login("officer")
    detail = client.get(f"/officer/applications/{app_id}").text
    assert too_few["message"] in detail
    for document in report["documents"]:
        assert document["file"] in detail

    headers = web.token("officer")
    empty = web.client.post(
        f"/api/applications/{app_id}/return", json={"reason": ""}, headers=headers
    )
    assert empty.status_code == 422
    reason = "ไม่มีแผนงาน/กิจกรรมของกลุ่ม กรุณาแนบแล้วยื่นใหม่"
    returned = web.client.post(
        f"/api/applications/{app_id}/return", json={"reason": reason}, headers=headers
    )
    assert returned.status_code == 200
    assert returned.json()["status"] == "returned"
    assert reason in web.client.get(f"/a/{app_id}").text
    # A returned application cannot be certified without approval first.
    refused = web.client.post(f"/api/applications/{app_id}/certify", headers=headers)
    assert refused.status_code == 409
    assert web.status(app_id) == "returned"


def test_certifying_twice_keeps_one_number(web: Web, bundles: dict[str, Path]) -> None:
    first, second = upload(web, bundles["good"]), upload(web, bundles["good"])
    headers = web.token("officer")
    numbers = []
    for app_id in (first, second):
        assert (
            web.client.post(f"/api/applications/{app_id}/approve", headers=headers).status_code
            == 200
        )
        once = web.client.post(f"/api/applications/{app_id}/certify", headers=headers).json()
        again = web.client.post(f"/api/applications/{app_id}/certify", headers=headers).json()
        assert once["certificate_number"] == again["certificate_number"]
        numbers.append(once["certificate_number"])
    assert [n.split("/")[0] for n in numbers] == ["1", "2"]


def test_blank_forms_and_the_bylaws_form(web: Web) -> None:
    forms = web.client.get("/forms").text
    for kind in ("request_form", "bylaws", "committee_list", "member_roster", "activity_plan"):
        assert f"/forms/{kind}.docx" in forms
    blank = web.client.get("/forms/member_roster.docx")
    assert blank.status_code == 200
    assert blank.headers["content-disposition"].startswith("attachment")
    assert "บัญชีรายชื่อสมาชิก" in docx_text(blank.content)
    assert web.client.get("/forms/secret.docx").status_code == 404

    fields = {
        "group_name": "กลุ่มเลี้ยงปลาบ้านหนองแวง",
        "main_activity": "เลี้ยงปลานิลในกระชัง",
        "purpose": "เพิ่มรายได้ให้สมาชิก",
        "moo": "5",
        "subdistrict": "ท่าพระ",
        "district": "เมืองขอนแก่น",
        "province": "ขอนแก่น",
        "established": "2026-10-01",
        "chair_name": "นายมานะ ขยันดี",
        "share_value": "250",
        "term_years": "3",
    }
    filled = web.client.post("/forms/bylaws", data=fields)
    assert filled.status_code == 200, filled.text
    assert filled.headers["content-disposition"].startswith("attachment")
    text = docx_text(filled.content)
    assert "กลุ่มเลี้ยงปลาบ้านหนองแวง" in text
    assert "250" in text
    # Bad data: the form comes back with Thai reasons naming the field, and what was typed.
    bad = web.client.post("/forms/bylaws", data=dict(fields, group_name="ปลา", share_value="-5"))
    assert bad.status_code == 422
    assert "ชื่อกลุ่ม" in bad.text
    assert 'value="ปลา"' in bad.text


def test_markup_in_a_bundle_prints_as_text(
    web: Web, bundles: dict[str, Path], tmp_path: Path
) -> None:
    """A group name with HTML in it is shown escaped on the pages, never as markup."""
    from docgen.render.bundle import render_bundle

    group = json.loads((REPO / "samples" / "data" / "group.json").read_text(encoding="utf-8"))
    group["group_name"] = "กลุ่ม<script>alert(1)</script>ปลูกผัก"
    evil = render_bundle(group, tmp_path / "evil.zip")
    app_id = upload(web, evil)
    page = web.client.get(f"/a/{app_id}").text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page


def test_batch_job_pages_show_progress_and_the_result(web: Web) -> None:
    from docgen.registry import store
    from docgen.registry.db import transaction

    client, csrf = web.login("officer")
    csv = (
        "ชื่อกลุ่ม,ตำบล,อำเภอ,จังหวัด,จำนวนสมาชิก,ประธาน,วันที่จัดตั้ง\n"
        "กลุ่มเลี้ยงโคบ้านโนนทอง,ท่าพระ,เมืองขอนแก่น,ขอนแก่น,15,นายมานะ ขยันดี,2026-09-01\n"
    ).encode()
    queued: list[tuple[str, str]] = []
    from docgen.web import actions

    original = actions.dispatch_job
    actions.dispatch_job = lambda ctx, job_id, kind: queued.append((job_id, kind))  # type: ignore[assignment]
    try:
        answer = client.post(
            "/officer/batch", data={"csrf": csrf, "pdf": "1"}, files={"file": ("กลุ่ม.csv", csv)}
        )
    finally:
        actions.dispatch_job = original  # type: ignore[assignment]
    assert answer.status_code == 303
    job_id = answer.headers["location"].rsplit("/", 1)[1]
    assert queued == [(job_id, "batch_certificates")]
    page = client.get(f"/officer/jobs/{job_id}").text
    assert "รอคิว" in page and 'http-equiv="refresh"' in page

    with transaction(web.ctx.sessions) as session:
        job = store.get_job(session, job_id)
        assert job is not None
        assert job.params["pdf"] is True and job.district_code == "4001"
        assert (web.ctx.data_dir / job.params["input"]).read_bytes() == csv
        store.start_job(session, job_id)
        store.update_job_progress(session, job_id, 3, 4)
    progress = client.get(f"/api/jobs/{job_id}").json()
    assert (progress["status"], progress["done"], progress["total"]) == ("running", 3, 4)
    assert "3 / 4" in client.get(f"/officer/jobs/{job_id}").text
    assert client.get(f"/api/jobs/{job_id}/download").status_code == 409

    result = web.ctx.data_dir / "jobs" / job_id / "certificates.pdf"
    result.parent.mkdir(parents=True, exist_ok=True)
    result.write_bytes(b"%PDF-1.7 merged")
    with transaction(web.ctx.sessions) as session:
        store.finish_job(session, job_id, result_path=str(result.relative_to(web.ctx.data_dir)))
    done = client.get(f"/api/jobs/{job_id}/download")
    assert done.status_code == 200
    assert done.content == b"%PDF-1.7 merged"
    assert done.headers["content-type"] == "application/pdf"
    assert done.headers["content-disposition"].startswith("attachment")
    # A wrong file type is refused before any job exists.
    wrong = client.post("/officer/batch", data={"csrf": csrf}, files={"file": ("x.exe", b"MZ")})
    assert wrong.status_code == 415


@pytest.mark.soffice
def test_certificate_pdf_is_made_once_and_served_as_attachment(
    web: Web, bundles: dict[str, Path]
) -> None:
    app_id = upload(web, bundles["good"])
    headers = web.token("officer")
    web.client.post(f"/api/applications/{app_id}/approve", headers=headers)
    number = web.client.post(f"/api/applications/{app_id}/certify", headers=headers).json()[
        "certificate_number"
    ]
    pdf = web.client.get(f"/api/applications/{app_id}/certificate.pdf", headers=headers)
    assert pdf.status_code == 200, pdf.text
    assert pdf.content.startswith(b"%PDF")
    assert pdf.headers["content-type"] == "application/pdf"
    from pypdf import PdfReader

    text = "".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert number in text
    again = web.client.get(f"/api/applications/{app_id}/certificate.pdf", headers=headers)
    assert again.content == pdf.content  # kept, not made again
