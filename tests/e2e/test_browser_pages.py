"""In Chromium, at desktop and phone width: long Thai text, Thai digits, impossible places and
dates on the bylaws form; a very long sign-in name; files that are no bundle refused at the door;
the officer's list and a report on a phone. Screenshots land in var/screenshots/."""

from __future__ import annotations

import re
import sqlite3
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.browser_support import PASSWORD, add_user, serve_env, serving, shot

pytestmark = pytest.mark.e2e

WIDTHS = {"desktop": (1200, 900), "phone": (390, 844)}
LONG_PURPOSE = ("เพื่อส่งเสริมการปลูกผักปลอดภัยของสมาชิก" * 40)[:1300]
BYLAWS = {
    "group_name": "กลุ่มปลูกผักปลอดภัยบ้านโนนทอง",
    "main_activity": "ปลูกผักปลอดภัย",
    "subdistrict": "ท่าพระ",
    "district": "เมืองขอนแก่น",
    "province": "ขอนแก่น",
    "established": "๑๕/๑๐/๒๕๖๘",
    "chair_name": "นายสมชาย ใจดี",
    "committee_size": "๗",
    "term_years": "๒",
}


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """`docgen serve` on a free port with one officer; (its URL, its data folder)."""
    data = tmp_path_factory.mktemp("serve-pages")
    env = serve_env(data)
    add_user(env, "officer", "--role", "officer", "--district", "4001", "--name", "นายเกษตร ใจดี")
    with serving(data, env) as url:
        yield url, data


def _page(browser: Any, width: str) -> tuple[Any, Any]:
    w, h = WIDTHS[width]
    context = browser.new_context(
        accept_downloads=True, locale="th-TH", viewport={"width": w, "height": h}
    )
    return context, context.new_page()


def _no_sideways_scroll(page: Any, width: str) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS[width][0]


def _fill_bylaws(page: Any, values: dict[str, str]) -> None:
    for name, value in values.items():
        page.fill(f"#f-{name}", value)


def _applications(data: Path) -> int:
    with sqlite3.connect(data / "docgen.sqlite3") as db:
        return int(db.execute("select count(*) from applications").fetchone()[0])


@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_bylaws_form_takes_long_thai_text_and_thai_digits(
    served: tuple[str, Path], browser: Any, width: str, tmp_path: Path
) -> None:
    url, _ = served
    context, page = _page(browser, width)
    page.goto(url + "/forms/bylaws")
    _fill_bylaws(page, {**BYLAWS, "purpose": LONG_PURPOSE})
    _no_sideways_scroll(page, width)
    shot(page, f"20-bylaws-long-{width}")
    with page.expect_download() as info:
        page.click("button[type=submit]")
    saved = tmp_path / "bylaws.docx"
    info.value.save_as(saved)
    assert info.value.suggested_filename.endswith(".docx")
    with zipfile.ZipFile(saved) as zf:
        assert "word/document.xml" in zf.namelist()
    context.close()


@pytest.mark.parametrize("width", sorted(WIDTHS))
@pytest.mark.parametrize(
    ("box", "typed", "words"),
    [
        ("subdistrict", "ไม่มีตำบลนี้", "ไม่พบตำบล"),
        ("district", "เมืองเชียงใหม่", "ไม่พบอำเภอ"),
        ("established", "1 มกราคม 2600", "ยังมาไม่ถึง"),
    ],
)
def test_an_impossible_bylaws_form_comes_back_with_the_reason_beside_the_box(
    served: tuple[str, Path], browser: Any, width: str, box: str, typed: str, words: str
) -> None:
    url, _ = served
    context, page = _page(browser, width)
    page.goto(url + "/forms/bylaws")
    _fill_bylaws(page, {**BYLAWS, "purpose": LONG_PURPOSE, box: typed})
    page.click("button[type=submit]")
    page.wait_for_selector(f"#e-{box}")
    assert words in (page.text_content(f"#e-{box}") or "")
    # Beside its box: the message sits right under the box it speaks of.
    field = page.locator(f"#f-{box}").bounding_box()
    message = page.locator(f"#e-{box}").bounding_box()
    assert 0 <= message["y"] - (field["y"] + field["height"]) < 40
    assert page.input_value(f"#f-{box}") == typed
    assert page.input_value("#f-purpose") == LONG_PURPOSE  # everything typed is kept
    assert page.input_value("#f-committee_size") == "๗"
    _no_sideways_scroll(page, width)
    shot(page, f"21-bylaws-{box}-{width}")
    context.close()


@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_a_five_thousand_character_username_gets_the_login_page_with_a_message(
    served: tuple[str, Path], browser: Any, width: str
) -> None:
    url, _ = served
    context, page = _page(browser, width)
    page.goto(url + "/login")
    name = "ส" * 5000
    page.fill("#username", name)
    page.fill("#password", "x")
    page.click("button[type=submit]")
    page.wait_for_selector("#e-username")
    assert "เกินที่รับได้" in (page.text_content("#e-username") or "")
    assert page.input_value("#username") == name
    _no_sideways_scroll(page, width)
    shot(page, f"22-login-long-{width}")
    context.close()


@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_files_that_are_no_bundle_are_refused_at_the_door(
    served: tuple[str, Path], browser: Any, width: str, tmp_path: Path
) -> None:
    url, data = served
    before = _applications(data)
    stored = {p for p in (data / "uploads").rglob("*") if p.is_file()}
    exe = tmp_path / "เอกสารกลุ่ม.zip"  # a Windows program named .zip
    exe.write_bytes(b"MZ\x90\x00" + b"\x00" * 60 + b"PE\x00\x00" + bytes(200))
    empty = tmp_path / "ว่าง.zip"
    with zipfile.ZipFile(empty, "w"):
        pass
    context, page = _page(browser, width)
    for path, words in ((exe, "ไม่ใช่เอกสาร"), (empty, "ไม่มีเอกสารอยู่ข้างใน")):
        page.goto(url + "/upload")
        page.set_input_files("#files", str(path))
        assert (
            path.name in (page.text_content(".file-chosen") or "")
            or page.locator("#file-list li").count()
        )
        page.click("#submit")
        from playwright.sync_api import expect

        expect(page.locator("#upload-error")).to_contain_text(words, timeout=30_000)
        assert words in (page.text_content("#upload-error") or "")
        assert page.url.endswith("/upload")
        _no_sideways_scroll(page, width)
        shot(page, f"23-door-{path.stem}-{width}")
    assert _applications(data) == before  # no application, nothing stored
    assert {p for p in (data / "uploads").rglob("*") if p.is_file()} == stored
    context.close()


def test_on_a_phone_the_list_shows_status_and_the_report_keeps_names_whole(
    served: tuple[str, Path], browser: Any, tmp_path: Path
) -> None:
    import json

    from docgen.render.bundle import render_bundle

    url, _ = served
    repo = Path(__file__).resolve().parents[2]
    group = json.loads((repo / "samples" / "data" / "group.json").read_text(encoding="utf-8"))
    bundle = render_bundle(group, tmp_path / "เอกสารกลุ่ม.zip")
    context, page = _page(browser, "phone")
    page.goto(url + "/upload")
    page.set_input_files("#files", str(bundle))
    page.select_option("#district", "4001")
    page.click("#submit")
    page.wait_for_url(re.compile(r".*/a/[A-Za-z0-9_-]{32,}$"), timeout=60_000)
    page.wait_for_selector("table.members", timeout=120_000)
    _no_sideways_scroll(page, "phone")
    # Every member's name on one line: its words never cut (นายธีร|พงษ์).
    names = page.locator("table.members td.person .nowrap")
    assert names.count() >= 10
    for i in range(names.count()):
        box = names.nth(i).evaluate("e => e.getClientRects().length")
        assert box == 1, names.nth(i).text_content()
    shot(page, "24-phone-report-members")

    page.goto(url + "/login")
    page.fill("#username", "officer")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/officer")
    _no_sideways_scroll(page, "phone")
    status = page.locator("table.list td.status-cell").first
    box = status.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    assert status.is_visible()
    shot(page, "25-phone-officer-list")

    page.goto(url + "/officer/batch")
    assert page.locator("label.file-button").text_content() == "เลือกไฟล์รายชื่อกลุ่ม"
    assert page.text_content(".file-chosen") == "ยังไม่ได้เลือกไฟล์"
    csv = tmp_path / "รายชื่อกลุ่ม.csv"
    csv.write_text("ชื่อกลุ่ม\n", encoding="utf-8")
    page.set_input_files("#file", str(csv))
    assert page.text_content(".file-chosen") == "เลือกแล้ว: รายชื่อกลุ่ม.csv"
    shot(page, "26-phone-batch-picker")
    context.close()
