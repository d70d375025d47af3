"""One file holding several documents (an all-in-one workbook) on the officer's and the
group's pages: each part named with its sheet, each finding shown once, beside its part."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from .web_support import Web, module_web, sample_report

BOOK = "เอกสารขอจัดตั้งกลุ่ม.xlsx"
SHEETS = {
    "request_form": "คำขอ",
    "bylaws": "ข้อบังคับ",
    "committee_list": "Sheet3",
    "member_roster": "Sheet3",
    "activity_plan": "แผนงาน",
}


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Web]:
    yield from module_web(tmp_path_factory)


def _report() -> dict[str, object]:
    report = sample_report(complete=False)
    report["documents"] = [
        {"file": BOOK, "kind": kind, "headings": [sheet], "sheets": [sheet]}
        for kind, sheet in SHEETS.items()
    ]
    report["findings"] = [
        {
            "code": "INVALID_NATIONAL_ID",
            "severity": "error",
            "message": "เลขประจำตัวประชาชนของนายสมชาย ใจดี ไม่ถูกต้อง",
            "file": BOOK,
            "where": "แผ่นงาน Sheet3 แถวที่ 26",
        },
        {
            "code": "BYLAWS_TOPIC_MISSING",
            "severity": "error",
            "message": "ข้อบังคับไม่กล่าวถึงการระดมหุ้น",
            "file": BOOK,
            "where": None,
            "topic": "shares",
        },
    ]
    return report


def _rows(page: str) -> list[str]:
    return re.findall(r'<div class="file-row">(.*?)</div>\s*</div>', page, flags=re.S)


def test_each_finding_once_beside_the_part_it_is_about(web: Web) -> None:
    app_id = web.add_application(report=_report())
    client, _ = web.session_for("officer")
    page = client.get(f"/officer/applications/{app_id}").text
    rows = _rows(page)
    assert len(rows) == len(SHEETS)
    for row, sheet in zip(rows, SHEETS.values(), strict=True):
        assert f"(แผ่นงาน {sheet})" in row
    files = "".join(rows)
    assert files.count("แผ่นงาน Sheet3 แถวที่ 26") == 1
    assert files.count("ข้อบังคับไม่กล่าวถึงการระดมหุ้น") == 1
    kinds = list(SHEETS)
    assert "แถวที่ 26" in rows[kinds.index("member_roster")]
    assert "การระดมหุ้น" in rows[kinds.index("bylaws")]
    assert "ไม่พบข้อผิดพลาดในเอกสารนี้" in rows[kinds.index("committee_list")]


def test_the_groups_page_names_the_sheet_of_each_part(web: Web) -> None:
    app_id = web.add_application(report=_report())
    page = web.client.get(f"/a/{app_id}").text
    for sheet in set(SHEETS.values()):
        assert f"(แผ่นงาน {sheet})" in page


def test_a_document_sent_as_several_photos_is_listed_with_all_its_files(web: Web) -> None:
    report = sample_report(complete=True)
    photos = ["04 สมาชิก-1.jpg", "04 สมาชิก-2.jpg", "IMG_0412.jpg"]
    report["documents"] = [
        {"file": photos[0], "kind": "member_roster", "files": photos, "ocr": True},
        {"file": "คำขอ.pdf", "kind": "request_form"},
    ]
    report["findings"] = []
    app_id = web.add_application(report=report)
    group_page = web.client.get(f"/a/{app_id}").text
    client, _ = web.session_for("officer")
    officer_page = client.get(f"/officer/applications/{app_id}").text
    for page in (group_page, officer_page):
        assert ", ".join(photos) in page
