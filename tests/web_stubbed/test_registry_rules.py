"""One truthful registry over HTTP: routing by the documents, no certificate over errors
without a reason, returned bundles wait, hand-over, and reports drawn from the registry."""

from __future__ import annotations

import copy
import html
import io
import json
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from docx import Document

from docgen.render.linebreak import plain_text

from .web_support import PASSWORD, Web, fresh_web

REPO = Path(__file__).resolve().parents[2]
GROUP = json.loads((REPO / "samples" / "data" / "group.json").read_text(encoding="utf-8"))


def _text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _docx_text(content: bytes) -> str:
    doc = Document(io.BytesIO(content))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return plain_text("\n".join(parts))  # without the documents' line-break marks


@pytest.fixture
def web(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Web]:
    from docgen.registry.accounts import create_account
    from docgen.registry.db import transaction
    from workers import runtime, tasks

    runtime.reset()
    gen = fresh_web(tmp_path, monkeypatch)
    w = next(gen)

    def check_now(ctx: object, app_id: str) -> None:
        w.dispatched.append(app_id)
        tasks.run_check(app_id)

    w.app.state.dispatch_check = check_now
    with transaction(w.ctx.sessions) as session:
        create_account(session, "maechaem", PASSWORD, "officer", "5003")
        create_account(
            session, "somsri", PASSWORD, "officer", "4001", display_name="นางสมศรี ขยันงาน"
        )
    yield w
    runtime.reset()
    next(gen, None)


@pytest.fixture(scope="module")
def bundles(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The sample group (ท่าพระ, เมืองขอนแก่น), the same without its plan (errors), and a
    group of ต.ช่างเคิ่ง อ.แม่แจ่ม จ.เชียงใหม่."""
    from docgen.render.bundle import render_bundle

    root = tmp_path_factory.mktemp("registry-bundles")
    good = render_bundle(GROUP, root / "good.zip")
    bad = root / "bad.zip"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
        for info in src.infolist():
            if "แผน" not in info.filename:
                dst.writestr(info, src.read(info))
    chiang_mai = copy.deepcopy(GROUP)
    chiang_mai["group_name"] = "กลุ่มปลูกกาแฟบ้านแม่แจ่ม"
    chiang_mai["address"] = {
        "house_no": "12",
        "moo": "4",
        "subdistrict": "ช่างเคิ่ง",
        "district": "แม่แจ่ม",
        "province": "เชียงใหม่",
    }
    for member in chiang_mai["members"]:
        if isinstance(member.get("address"), dict):
            member["address"] = dict(chiang_mai["address"])
    maechaem = render_bundle(chiang_mai, root / "maechaem.zip")
    return {"good": good, "bad": bad, "maechaem": maechaem}


def _upload(web: Web, bundle: Path, district: str | None = None) -> str:
    data = {"district": district} if district else {}
    answer = web.client.post(
        "/api/applications",
        files={"files": (bundle.name, bundle.read_bytes(), "application/zip")},
        data=data,
    )
    assert answer.status_code == 202, answer.text
    return str(answer.json()["id"])


def _listed(web: Web, username: str) -> set[str]:
    answer = web.client.get("/api/applications", headers=web.token(username))
    assert answer.status_code == 200
    return {a["id"] for a in answer.json()["applications"]}


def _audit(web: Web, app_id: str) -> list[tuple[str, str]]:
    from docgen.registry import store

    with web.ctx.sessions() as session:
        return [(a.action, a.detail) for a in store.audit_trail(session, "application", app_id)]


def test_a_bundle_goes_to_the_district_its_documents_name(
    web: Web, bundles: dict[str, Path]
) -> None:
    app_id = _upload(web, bundles["maechaem"], district="4001")  # เมืองขอนแก่น picked
    status = web.client.get(f"/api/applications/{app_id}").json()
    assert status["status"] == "checked"
    assert status["district_code"] == "5003"
    assert status["uploaded_district_code"] == "4001"
    assert app_id in _listed(web, "maechaem")
    assert app_id not in _listed(web, "officer")
    page_4001, _ = web.session_for("officer")
    assert app_id not in page_4001.get("/officer").text
    assert page_4001.get(f"/officer/applications/{app_id}").status_code == 403
    # The officer of แม่แจ่ม sees both: the uploader's pick and the documents' district.
    client, _ = web.session_for("maechaem")
    listing = _text(client.get("/officer").text)
    assert "ผู้ยื่นเลือก อ.เมืองขอนแก่น" in listing and "ต.ช่างเคิ่ง อ.แม่แจ่ม" in listing
    detail = _text(client.get(f"/officer/applications/{app_id}").text)
    assert "ผู้ยื่นเลือกอำเภอเมืองขอนแก่น" in detail and "อำเภอแม่แจ่ม" in detail
    assert [a for a, _ in _audit(web, app_id)] == ["upload", "route", "checked"]


def test_hand_over_moves_the_application_and_is_audited(web: Web, bundles: dict[str, Path]) -> None:
    app_id = _upload(web, bundles["good"], district="4001")
    refused = web.client.post(
        f"/api/applications/{app_id}/hand-over",
        json={"district_code": "4002"},
        headers=web.token("other"),
    )
    assert refused.status_code == 403  # only the office that holds it hands it on
    # On the page: a confirmation first, then it goes.
    client, csrf = web.session_for("officer")
    asked = client.post(
        f"/officer/applications/{app_id}/hand-over",
        data={"csrf": csrf, "district_code": "4002", "reason": "กลุ่มอยู่เขตบ้านฝาง"},
    )
    assert asked.status_code == 200 and "ยืนยันส่งต่อ" in asked.text
    assert app_id in _listed(web, "officer")
    done = client.post(
        f"/officer/applications/{app_id}/hand-over",
        data={"csrf": csrf, "district_code": "4002", "reason": "กลุ่มอยู่เขตบ้านฝาง", "confirm": "1"},
    )
    assert done.status_code == 303
    assert app_id not in _listed(web, "officer") and app_id in _listed(web, "other")
    actions, details = zip(*_audit(web, app_id), strict=True)
    assert actions[-1] == "hand_over" and "กลุ่มอยู่เขตบ้านฝาง" in details[-1]
    # And back by the API.
    back = web.client.post(
        f"/api/applications/{app_id}/hand-over",
        json={"district_code": "4001", "reason": "ส่งผิด"},
        headers=web.token("other"),
    )
    assert back.status_code == 200 and back.json()["district_code"] == "4001"


def test_api_certifies_over_errors_only_with_a_reason(web: Web, bundles: dict[str, Path]) -> None:
    app_id = _upload(web, bundles["bad"])
    headers = web.token("officer")
    approve = f"/api/applications/{app_id}/approve"
    no_reason = web.client.post(approve, headers=headers)
    assert no_reason.status_code == 409
    assert "override_reason" in no_reason.json()["detail"]
    assert "ต้องแก้ไข" in no_reason.json()["detail"]
    blank = web.client.post(approve, json={"override_reason": "   "}, headers=headers)
    assert blank.status_code == 409 and web.status(app_id) == "checked"
    reason = "กลุ่มนำแผนงานฉบับลงนามมายื่นที่สำนักงานแล้ว"
    ok = web.client.post(approve, json={"override_reason": reason}, headers=headers)
    assert ok.status_code == 200 and ok.json()["override_reason"] == reason
    certify = f"/api/applications/{app_id}/certify"
    assert web.client.post(certify, headers=headers).status_code == 409
    assert web.status(app_id) == "approved"
    certified = web.client.post(certify, json={"override_reason": reason}, headers=headers)
    assert certified.status_code == 200 and certified.json()["status"] == "certified"
    trail = _audit(web, app_id)
    assert ("approve_override", reason) in trail
    assert any(a == "certify_override" and reason in d for a, d in trail)
    # The reason is on the officer's page and the group's page.
    client, _ = web.session_for("officer")
    assert reason in _text(client.get(f"/officer/applications/{app_id}").text)
    group_page = _text(web.client.get(f"/a/{app_id}").text)
    assert "ออกใบรับรองแล้ว" in group_page and reason in group_page
    # And in the review memo the office files.
    memo = web.client.get(f"/api/applications/{app_id}/memo.docx", headers=headers)
    assert memo.status_code == 200 and reason in _docx_text(memo.content)


def test_the_page_asks_for_a_reason_and_a_confirmation(web: Web, bundles: dict[str, Path]) -> None:
    app_id = _upload(web, bundles["bad"])
    client, csrf = web.session_for("officer")
    page = client.get(f"/officer/applications/{app_id}").text
    assert 'name="override_reason"' in page and "required" in page
    path = f"/officer/applications/{app_id}/approve"
    # Straight to "confirm" with no reason: 409, the box marked with the message.
    refused = client.post(path, data={"csrf": csrf, "confirm": "1"})
    assert refused.status_code == 409
    assert 'aria-describedby="override-error"' in refused.text
    assert "โปรดระบุเหตุผล" in _text(refused.text)
    assert web.status(app_id) == "checked"
    reason = "ตรวจเอกสารฉบับจริงที่สำนักงานแล้ว ครบถ้วน"
    asked = client.post(path, data={"csrf": csrf, "override_reason": reason})
    assert asked.status_code == 200 and web.status(app_id) == "checked"
    assert "ยืนยันเห็นชอบ" in asked.text and reason in asked.text
    done = client.post(path, data={"csrf": csrf, "override_reason": reason, "confirm": "1"})
    assert done.status_code == 303 and web.status(app_id) == "approved"
    after = _text(client.get(done.headers["location"]).text)
    assert "เห็นชอบคำขอแล้ว" in after and reason in after
    certify = f"/officer/applications/{app_id}/certify"
    assert client.post(certify, data={"csrf": csrf, "confirm": "1"}).status_code == 409
    done = client.post(certify, data={"csrf": csrf, "override_reason": reason, "confirm": "1"})
    assert done.status_code == 303 and web.status(app_id) == "certified"
    assert "ออกใบรับรองแล้ว" in _text(client.get(done.headers["location"]).text)


def test_a_returned_application_waits_for_a_new_bundle(web: Web, bundles: dict[str, Path]) -> None:
    app_id = _upload(web, bundles["good"])
    headers = web.token("officer")
    returned = web.client.post(
        f"/api/applications/{app_id}/return", json={"reason": "ลายมือชื่อไม่ครบ"}, headers=headers
    )
    assert returned.status_code == 200
    again = web.client.post(f"/api/applications/{app_id}/approve", headers=headers)
    assert again.status_code == 409 and "ส่งเอกสารใหม่" in again.json()["detail"]
    client, csrf = web.session_for("officer")
    page = client.post(
        f"/officer/applications/{app_id}/approve", data={"csrf": csrf, "confirm": "1"}
    )
    assert page.status_code == 409 and "ส่งเอกสารใหม่" in _text(page.text)
    assert web.status(app_id) == "returned"
    # Sent again, the new application is approved as any other.
    new_id = _upload(web, bundles["good"])
    assert (
        web.client.post(f"/api/applications/{new_id}/approve", headers=headers).status_code == 200
    )


def test_documents_and_pages_name_people_and_the_office(
    web: Web, bundles: dict[str, Path], tmp_path: Path
) -> None:
    from docgen.registry.db import transaction
    from docgen.registry.office import set_office_profile

    with transaction(web.ctx.sessions) as session:
        set_office_profile(
            session,
            "4001",
            signer_name="นายวีระ ศรีวิเศษ",
            address="ถนนศรีจันทร์ ตำบลในเมือง",
            phone="043-236-214",
        )
    app_id = _upload(web, bundles["good"])
    report = web.client.get(f"/api/applications/{app_id}").json()["report"]
    # The main activity and founding date the request form states, not a row of the plan.
    assert report["group"]["main_activity"] == GROUP["main_activity"]
    assert report["group"]["established"] == "2026-10-01"
    client, csrf = web.login("somsri")
    home = client.get("/officer").text
    assert "นางสมศรี ขยันงาน" in home and "somsri" not in _text(home)
    for step in ("approve", "certify"):
        path = f"/officer/applications/{app_id}/{step}"
        assert client.post(path, data={"csrf": csrf, "confirm": "1"}).status_code == 303
    detail = _text(client.get(f"/officer/applications/{app_id}").text)
    assert "พิจารณาโดย นางสมศรี ขยันงาน" in detail
    text = _docx_text(client.get(f"/api/applications/{app_id}/certificate.docx").content)
    assert GROUP["main_activity"] in text
    assert GROUP["activities"][0]["name"] not in text
    assert "นายวีระ ศรีวิเศษ" in text and "somsri" not in text


def test_reports_hold_exactly_the_certified_groups_with_their_founding_dates(
    web: Web, bundles: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A web certificate and a batch of two: all three, and nothing else, in 4001's report
    (founding dates as given); none of them in another district's."""
    import openpyxl
    from typer.testing import CliRunner

    from docgen.cli import app as cli_app
    from docgen.web import actions
    from workers import batch

    headers = web.token("officer")
    single = _upload(web, bundles["good"])
    uncertified = _upload(web, bundles["good"])  # approved only: not in the report
    for step in ("approve", "certify"):
        assert (
            web.client.post(f"/api/applications/{single}/{step}", headers=headers).status_code
            == 200
        )
    web.client.post(f"/api/applications/{uncertified}/approve", headers=headers)

    csv = (
        "ชื่อกลุ่ม,หมู่ที่,ตำบล,อำเภอ,จังหวัด,จำนวนสมาชิก,ประธาน,วันที่จัดตั้ง,กิจกรรมหลัก\n"
        "กลุ่มเลี้ยงโคบ้านโนนทอง,2,ท่าพระ,เมืองขอนแก่น,ขอนแก่น,15,นายมานะ ขยันดี,1 กันยายน 2569,เลี้ยงโคเนื้อ\n"
        "กลุ่มทอผ้าบ้านดอนหัน,5,บ้านทุ่ม,เมืองขอนแก่น,ขอนแก่น,12,นางสมใจ รักไทย,5 สิงหาคม 2568,ทอผ้าไหม\n"
    )
    queued: list[str] = []
    monkeypatch.setattr(actions, "dispatch_job", lambda ctx, job_id, kind: queued.append(job_id))
    answer = web.client.post(
        "/api/jobs",
        files={"file": ("groups.csv", csv.encode("utf-8"), "text/csv")},
        headers=headers,
    )
    assert answer.status_code == 202, answer.text
    batch.plan(queued[0])  # numbers the rows and records them in the registry

    def export(district: str) -> dict[str, str]:
        out = tmp_path / f"report-{district}.xlsx"
        result = CliRunner().invoke(
            cli_app,
            [
                "report", "district", "--district", district, "--year", "2569",
                "--out", str(tmp_path / f"report-{district}.docx"), "--xlsx", str(out),
            ],
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        sheet = openpyxl.load_workbook(out).active
        rows = [[str(c or "") for c in row] for row in sheet.iter_rows(values_only=True)]
        head = next(i for i, r in enumerate(rows) if "ชื่อกลุ่ม" in r)
        name, founded = rows[head].index("ชื่อกลุ่ม"), rows[head].index("วันที่จัดตั้งกลุ่ม")
        return {r[name]: r[founded] for r in rows[head + 1 :] if r[name]}

    assert export("4001") == {
        GROUP["group_name"]: "1/10/2569",
        "กลุ่มเลี้ยงโคบ้านโนนทอง": "1/9/2569",
        "กลุ่มทอผ้าบ้านดอนหัน": "5/8/2568",
    }
    assert export("4002") == {}


PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)


def test_the_office_sets_its_profile_and_emblem_on_its_page(web: Web) -> None:
    from docgen.registry.office import office_profile

    client, csrf = web.session_for("officer")
    form = client.get("/officer/office").text
    assert "สำนักงานเกษตรอำเภอเมืองขอนแก่น" in form and 'name="emblem"' in form
    fields = {
        "csrf": csrf,
        "office_name": "สำนักงานเกษตรอำเภอเมืองขอนแก่น",
        "address": "ที่ว่าการอำเภอเมืองขอนแก่น ถนนศรีจันทร์",
        "phone": "043-236-214",
        "signer_name": "นายวีระ ศรีวิเศษ",
        "signer_position": "เกษตรอำเภอเมืองขอนแก่น",
    }
    fake = client.post(
        "/officer/office", data=fields, files={"emblem": ("logo.png", b"MZ\x90\x00" * 10)}
    )
    assert fake.status_code == 422 and "PNG หรือ JPEG" in _text(fake.text)
    assert "นายวีระ ศรีวิเศษ" in fake.text  # what was typed is kept
    saved = client.post("/officer/office", data=fields, files={"emblem": ("logo.png", PNG)})
    assert saved.status_code == 303
    page = client.get(saved.headers["location"]).text
    assert "บันทึกข้อมูลสำนักงานแล้ว" in _text(page) and 'id="emblem-now"' in page
    with web.ctx.sessions() as session:
        profile = office_profile(session, "4001")
    assert (profile.signer_name, profile.phone) == ("นายวีระ ศรีวิเศษ", "043-236-214")
    assert (web.ctx.data_dir / profile.emblem_path).read_bytes() == PNG
    # Another district's officer cannot set this office, nor a province account any.
    other, other_csrf = web.session_for("other")
    refused = other.post(
        "/officer/office", data={**fields, "csrf": other_csrf, "district_code": "4001"}
    )
    assert refused.status_code == 403
    province, _ = web.session_for("province")
    assert province.get("/officer/office").status_code == 403


def test_an_account_sets_its_own_thai_name_and_position(web: Web) -> None:
    client, csrf = web.session_for("officer")
    assert "ออกจากระบบ (officer)" not in client.get("/officer").text
    latin = client.post("/officer/profile", data={"csrf": csrf, "name": "Somchai", "position": ""})
    assert latin.status_code == 422 and "ภาษาไทย" in _text(latin.text)
    done = client.post(
        "/officer/profile",
        data={"csrf": csrf, "name": "นายสมชาย ใจดี", "position": "นักวิชาการส่งเสริมการเกษตร"},
    )
    assert done.status_code == 303
    header = client.get("/officer").text
    assert "นายสมชาย ใจดี" in header
