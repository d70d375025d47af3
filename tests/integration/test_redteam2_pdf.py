"""Red team round 2, printed: bundles whose request, committee or roster came as PDFs printed
from Word (one LibreOffice call for all of them)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import docx
import openpyxl
import pytest

from tests.integration.redteam_support import (
    PEOPLE,
    check_json,
    dashed,
    finding_codes,
    full,
    pid,
    print_to_pdf,
)
from tests.integration.test_redteam2_bundles import (
    HERB,
    committee_as_chart,
    committee_in_roster_only,
    five,
    plan_details_column,
    request_dotted,
)

P = PEOPLE


def _word_roster(path: Path) -> None:
    d = docx.Document()
    d.add_paragraph("บัญชีรายชื่อสมาชิก" + HERB)
    tb = d.add_table(rows=1, cols=4)
    for c, h in zip(tb.rows[0].cells, ["ลำดับ", "ชื่อ-สกุล", "เลขประจำตัวประชาชน", "ที่อยู่"], strict=True):
        c.text = h
    for i, p in enumerate(P[:12], 1):
        cells = tb.add_row().cells
        cells[0].text, cells[1].text = str(i), full(p)
        cells[2].text = dashed(pid(i - 1, 31))  # the same people and IDs as five()'s XLSX roster
        cells[3].text = f"{i} ม.3 ต.ท่าพระ อ.เมืองขอนแก่น จ.ขอนแก่น"
    d.save(str(path))


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("redteam2_pdf")
    dotted = root / "dotted"
    five(dotted, HERB, 11, request=request_dotted, n=11)
    both = root / "both"
    five(both, HERB, 12)
    _word_roster(both / "สมาชิก พิมพ์.docx")
    chart, _want = committee_as_chart(root)
    posts, _want = committee_in_roster_only(root)
    _fit_to_page(posts / "รายชื่อสมาชิก.xlsx")
    plan, _want = plan_details_column(root)
    print_to_pdf(
        root,
        [
            dotted / "คำขอ.docx",
            both / "สมาชิก พิมพ์.docx",
            chart / "คณะกรรมการ.docx",
            posts / "รายชื่อสมาชิก.xlsx",
            plan / "แผนงาน.docx",
        ],
    )
    return {"dotted": dotted, "both": both, "chart": chart, "posts": posts, "plan": plan}


def _fit_to_page(path: Path) -> None:
    """Columns wide enough for their text, one page wide: as an office prints a roster."""
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        for col, width in zip("ABCDEF", (7, 26, 18, 12, 12, 14), strict=True):
            ws.column_dimensions[col].width = width
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
    wb.save(str(path))


@pytest.mark.soffice
def test_dotted_request_form_printed_to_pdf(printed: dict[str, Path]) -> None:
    _code, report = check_json(printed["dotted"])
    assert finding_codes(report) == Counter()
    assert report["group"]["name"] == HERB
    assert report["group"]["subdistrict_code"] == "400104"
    assert {d["file"]: d["kind"] for d in report["documents"]}["คำขอ.pdf"] == "request_form"


@pytest.mark.soffice
def test_roster_as_xlsx_and_as_pdf_is_one_roster(printed: dict[str, Path]) -> None:
    _code, report = check_json(printed["both"])
    kinds = {d["file"]: d["kind"] for d in report["documents"]}
    assert kinds["สมาชิก.xlsx"] == kinds["สมาชิก พิมพ์.pdf"] == "member_roster"
    assert finding_codes(report) == Counter()
    assert report["group"]["members"] == 12


@pytest.mark.soffice
def test_committee_chart_printed_to_pdf(printed: dict[str, Path]) -> None:
    _code, report = check_json(printed["chart"])
    assert finding_codes(report) == Counter()
    assert sorted(s["role"] for s in report["committee"]) == [
        "chair",
        "secretary",
        "treasurer",
        "vice_chair",
    ]


@pytest.mark.soffice
def test_roster_with_posts_printed_from_excel(printed: dict[str, Path]) -> None:
    """The PDF keeps the header as a line of text and glues ลำดับ to the name: the posts are
    still read, and the committee stands in for its own file."""
    _code, report = check_json(printed["posts"])
    assert finding_codes(report) == Counter()
    assert report["group"]["members"] == 12
    assert report["group"]["committee"] == 5
    assert report["members"][0]["name"] == "นายสมชาย ใจดี"


@pytest.mark.soffice
def test_plan_table_printed_without_rules(printed: dict[str, Path]) -> None:
    _code, report = check_json(printed["plan"])
    assert finding_codes(report) == Counter()
