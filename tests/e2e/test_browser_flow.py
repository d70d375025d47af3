"""In a real browser against a real `docgen serve`: a group uploads and reads its report; an officer certifies."""

from __future__ import annotations

import io
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from docgen.render.linebreak import plain_text
from tests.e2e.browser_support import PASSWORD, REPO, add_user, serve_env, serving, shot

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`docgen serve` (web + embedded worker, SQLite) on a free port, with two accounts."""
    data = tmp_path_factory.mktemp("serve")
    env = serve_env(data)
    add_user(env, "officer", "--role", "officer", "--district", "4001", "--name", "นายเกษตร ใจดี")
    add_user(env, "province", "--role", "province", "--province", "40")
    with serving(data, env) as url:
        yield url


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from docgen.render.bundle import render_bundle

    group = json.loads((REPO / "samples" / "data" / "group.json").read_text(encoding="utf-8"))
    return render_bundle(group, tmp_path_factory.mktemp("bundle") / "เอกสารกลุ่มปลูกผัก.zip")


def test_group_uploads_and_officer_certifies(
    server: str, browser: Any, bundle: Path, tmp_path: Path
) -> None:
    from docx import Document

    group_name = json.loads((REPO / "samples" / "data" / "group.json").read_text(encoding="utf-8"))[
        "group_name"
    ]
    context = browser.new_context(
        accept_downloads=True, locale="th-TH", viewport={"width": 1200, "height": 900}
    )  # type: ignore[attr-defined]
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    # The group: home, upload, its own link, the report.
    page.goto(server + "/")
    assert "ยื่นขอใบรับรอง" in page.text_content("h1")
    shot(page, "01-home")
    page.click("text=ยื่นเอกสารของกลุ่ม")
    page.wait_for_url("**/upload")
    page.set_input_files("#files", str(bundle))
    assert bundle.name in page.text_content("#file-list")
    shot(page, "02-upload")
    page.click("#submit")
    page.wait_for_url(re.compile(r".*/a/[A-Za-z0-9_-]{32,}$"), timeout=30_000)
    app_url = page.url
    page.wait_for_selector("text=เอกสารครบถ้วน", timeout=60_000)
    assert group_name in page.content()
    assert re.search(r"\d-\d{4}-\d\dxxx-xx-\d", page.content())  # member IDs masked
    shot(page, "03-report")

    # The officer: sign in, the district's list, one application, approve, certify, download.
    officer = context.new_page()
    officer.on("pageerror", lambda exc: errors.append(str(exc)))
    officer.goto(server + "/officer")
    officer.wait_for_url("**/login**")
    shot(officer, "04-login")
    officer.fill("#username", "officer")
    officer.fill("#password", PASSWORD)
    officer.click("button[type=submit]")
    officer.wait_for_url("**/officer")
    shot(officer, "05-list")
    officer.click(f"text={group_name}")
    officer.wait_for_selector("text=เอกสารในคำขอและสิ่งที่ตรวจพบ")
    shot(officer, "06-application")
    # Each decision asks once more, naming the group, then says what happened.
    officer.click("button:has-text('เห็นชอบ')")
    officer.wait_for_selector("#confirm-button")
    assert group_name in (officer.text_content("main") or officer.content())
    shot(officer, "06b-confirm-approve")
    officer.click("#confirm-button")
    officer.wait_for_selector("text=เห็นชอบแล้ว รอออกใบรับรอง")
    officer.click("button:has-text('ออกใบรับรอง')")
    officer.wait_for_selector("#confirm-button")
    officer.click("#confirm-button")
    officer.wait_for_selector("text=ใบรับรองเลขที่")
    number = officer.text_content("#certificate-number") or ""
    assert re.fullmatch(r"\d+/25\d\d", number.strip())
    shot(officer, "07-certified")
    with officer.expect_download() as info:
        officer.click("text=ดาวน์โหลดใบรับรอง (Word)")
    saved = tmp_path / "certificate.docx"
    info.value.save_as(saved)
    text = plain_text(
        "\n".join(p.text for p in Document(io.BytesIO(saved.read_bytes())).paragraphs)
    )
    for table in Document(str(saved)).tables:
        text += "\n".join(c.text for row in table.rows for c in row.cells)
    assert number.strip() in text and group_name in text

    # The group's link now says it is certified.
    page.goto(app_url)
    assert "ออกใบรับรองแล้ว" in page.content()
    shot(page, "08-group-certified")

    # Blank forms and the bylaws form read well too.
    page.goto(server + "/forms")
    shot(page, "09-forms")
    page.goto(server + "/forms/bylaws")
    shot(page, "10-bylaws")
    # The API docs render from the app's own copy of Swagger UI.
    page.goto(server + "/docs")
    page.wait_for_selector(".swagger-ui .information-container", timeout=30_000)
    assert "/api/applications" in page.content()
    shot(page, "11-api-docs")
    assert errors == []
    context.close()
    shutil.rmtree(tmp_path, ignore_errors=True)


BATCH_CSV = (
    "ชื่อกลุ่ม,หมู่ที่,ตำบล,อำเภอ,จังหวัด,จำนวนสมาชิก,ประธาน,วันที่จัดตั้ง,กิจกรรมหลัก\n"
    "กลุ่มเลี้ยงโคบ้านโนนทอง,2,ท่าพระ,เมืองขอนแก่น,ขอนแก่น,15,นายมานะ ขยันดี,2026-09-01,เลี้ยงโคเนื้อ\n"
    "กลุ่มทอผ้าบ้านดอนหัน,5,บ้านทุ่ม,เมืองขอนแก่น,ขอนแก่น,12,นางสมใจ รักไทย,1 ตุลาคม 2569,ทอผ้าไหม\n"
    "กลุ่มปลูกผักหวานบ้านโคก,7,ท่าพระ,เมืองขอนแก่น,ขอนแก่น,20,นายบุญมี ใจงาม,2026-10-05,ปลูกผักหวานป่า\n"
)


def test_officer_runs_a_batch_of_certificates(server: str, browser: Any, tmp_path: Path) -> None:
    """Upload a CSV of groups, watch the job with the real embedded worker, download the DOCX zip."""
    import zipfile

    context = browser.new_context(
        accept_downloads=True, locale="th-TH", viewport={"width": 1200, "height": 900}
    )  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(server + "/login")
    page.fill("#username", "officer")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/officer")
    page.click("text=ออกใบรับรองเป็นชุด")
    page.wait_for_url("**/officer/batch")
    csv = tmp_path / "กลุ่มที่ขอใบรับรอง.csv"
    csv.write_text(BATCH_CSV, encoding="utf-8")
    page.set_input_files("#file", str(csv))
    page.uncheck("input[name=pdf]")  # the DOCX zip only: LibreOffice is tested elsewhere
    shot(page, "12-batch")
    page.click("button:has-text('เริ่มออกใบรับรอง')")
    page.wait_for_url(re.compile(r".*/officer/jobs/[A-Za-z0-9_-]{32,}$"))
    # The page refreshes itself every 2 s until the job is done.
    page.wait_for_selector("text=ดาวน์โหลดไฟล์ Word ทั้งหมด (ZIP)", timeout=120_000)
    assert "3 / 3" in page.content()
    shot(page, "13-batch-done")
    with page.expect_download() as info:
        page.click("text=ดาวน์โหลดไฟล์ Word ทั้งหมด (ZIP)")
    saved = tmp_path / "certificates.zip"
    info.value.save_as(saved)
    with zipfile.ZipFile(saved) as zf:
        docx = [n for n in zf.namelist() if n.endswith(".docx")]
    assert len(docx) == 3
    context.close()


def test_group_by_keyboard_and_on_a_phone(server: str, browser: Any, tmp_path: Path) -> None:
    """Tab reaches the file picker; a file the checker cannot read is refused before sending,
    in Thai; a bundle with errors reads on a phone as one card per finding, with what to do."""
    context = browser.new_context(locale="th-TH", viewport={"width": 390, "height": 844})  # type: ignore[attr-defined]
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(server + "/upload")
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "files":
            break
    assert page.evaluate("document.activeElement.id") == "files"
    exe = tmp_path / "โปรแกรม.exe"
    exe.write_bytes(b"MZ" + bytes(100))
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Space")
    chooser.value.set_files(str(exe))
    assert "ระบบอ่านไฟล์ต่อไปนี้ไม่ได้: โปรแกรม.exe" in (page.text_content("#upload-error") or "")
    page.click("#submit")
    page.wait_for_timeout(300)
    assert page.url.endswith("/upload")  # nothing was sent

    # A roster alone: the report lists what is missing, as cards, and how to send again.
    roster = tmp_path / "รายชื่อสมาชิก.csv"
    roster.write_text("ลำดับ,ชื่อ-สกุล\n1,นายสมชาย ใจดี\n", encoding="utf-8")
    page.set_input_files("#files", str(roster))
    page.click("#submit")
    page.wait_for_url(re.compile(r".*/a/[A-Za-z0-9_-]{32,}$"), timeout=30_000)
    page.wait_for_selector("#next-title", timeout=60_000)
    card = page.locator("table.findings tr.sev-error").first
    assert card.evaluate("e => getComputedStyle(e).display") == "block"
    assert page.locator("a:has-text('ยื่นเอกสารชุดที่แก้ไขแล้ว')").get_attribute("href") == "/upload"
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390  # nothing wider than the phone
    shot(page, "14-phone-report")
    assert errors == []
    context.close()


def test_officer_certifies_over_errors_only_with_a_confirmed_reason(
    server: str, browser: Any, bundle: Path, tmp_path: Path
) -> None:
    """A bundle without its plan: approving asks for a reason, the confirmation shows it,
    and the reason stays on the application after approval and certification."""
    import zipfile

    bad = tmp_path / "เอกสารไม่มีแผน.zip"
    with zipfile.ZipFile(bundle) as src, zipfile.ZipFile(bad, "w") as dst:
        for info in src.infolist():
            if "แผน" not in info.filename:
                dst.writestr(info, src.read(info))
    context = browser.new_context(locale="th-TH", viewport={"width": 1200, "height": 900})  # type: ignore[attr-defined]
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(server + "/upload")
    page.set_input_files("#files", str(bad))
    page.click("#submit")
    page.wait_for_url(re.compile(r".*/a/[A-Za-z0-9_-]{32,}$"), timeout=30_000)
    app_id = page.url.rsplit("/", 1)[1]
    page.wait_for_selector("text=พบรายการที่ต้องแก้ไข", timeout=60_000)

    page.goto(server + "/login")
    page.fill("#username", "officer")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/officer")
    page.goto(f"{server}/officer/applications/{app_id}")
    # The reason box is required: the browser keeps the form until it is filled.
    page.click("form[action$='/approve'] button[type=submit]")
    assert "/officer/applications/" in page.url and not page.query_selector("#confirm-button")
    reason = "กลุ่มนำแผนงานฉบับลงนามมายื่นที่สำนักงานแล้ว"
    page.fill("#override-approve", reason)
    page.click("form[action$='/approve'] button[type=submit]")
    page.wait_for_selector("#confirm-button")
    assert page.input_value("#override_reason") == reason
    shot(page, "12-confirm-override")
    page.click("#confirm-button")
    page.wait_for_selector("#done-message")
    assert reason in (page.text_content("#override-reason") or "")
    page.fill("#override-certify", reason)
    page.click("form[action$='/certify'] button[type=submit]")
    page.wait_for_selector("#confirm-button")
    page.click("#confirm-button")
    page.wait_for_selector("#certificate-number")
    assert reason in (page.text_content("#override-reason") or "")
    shot(page, "13-certified-over-errors")
    assert errors == []
    context.close()
