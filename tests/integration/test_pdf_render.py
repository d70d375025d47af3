"""A certificate through LibreOffice: one embedded Thai font, A4, and the text reads back."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from docgen.cli import app
from docgen.thai.pdftext import repair_thai

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "data"

pytestmark = [
    pytest.mark.soffice,
]


@pytest.fixture(scope="module")
def certificate_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pdf")
    result = CliRunner().invoke(
        app,
        [
            "render",
            "certificate",
            "--data",
            str(SAMPLES / "certificate.json"),
            "--out",
            str(out / "certificate.docx"),
            "--pdf",
            str(out / "certificate.pdf"),
        ],
    )
    assert result.exit_code == 0, result.output
    return out / "certificate.pdf"


def test_one_thai_font_embedded(certificate_pdf: Path) -> None:
    listing = subprocess.run(
        ["pdffonts", str(certificate_pdf)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    fonts = [line.split()[0] for line in listing]
    assert fonts, "no fonts in the PDF"
    families = {re.sub(r"^[A-Z]{6}\+", "", f).split("-")[0] for f in fonts}
    assert families == {"SarabunDocGen"}
    assert all(" yes " in line for line in listing)  # embedded


def test_a4_and_text_reads_back(certificate_pdf: Path) -> None:
    reader = PdfReader(str(certificate_pdf))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    raw = reader.pages[0].extract_text()
    # LibreOffice gives ำ's second glyph no Unicode mapping: pypdf prints its code (a C0 control).
    text = re.sub(r"[\x00-\x08\x0b-\x1f]", "", repair_thai(raw))
    data = json.loads((SAMPLES / "certificate.json").read_text(encoding="utf-8"))
    assert data["group_name"] in text
    assert "ใบรับรองการจัดตั้งกลุ่มส่งเสริมอาชีพการเกษตร" in text
    assert "เลขที่ 12/2569" in text
    # า after an ำ on the page keeps its own mapping (the shipped font's sara am fix).
    assert "ท่าพระ" in text and "จำนวนสมาชิก 14 ราย" in text


def test_bundle_printed_to_pdf_passes_the_check(tmp_path: Path) -> None:
    """Groups print the forms to PDF and upload those: docgen still reads them back whole."""
    import zipfile

    from docgen.pipeline import check_bundle
    from docgen.render.bundle import render_bundle
    from docgen.render.pdf import SofficeConverter

    group = json.loads((SAMPLES / "group.json").read_text(encoding="utf-8"))
    with zipfile.ZipFile(render_bundle(group, tmp_path / "b.zip")) as archive:
        archive.extractall(tmp_path / "docx")
    pdfs = tmp_path / "pdf"
    jobs = [(p, pdfs / f"{p.stem}.pdf") for p in sorted((tmp_path / "docx").glob("*.docx"))]
    with SofficeConverter() as converter:
        converter.convert_many(jobs)
    report = check_bundle([pdfs])
    assert [f.to_json() for f in report.findings] == []
    assert len(report.members) == len(group["members"])
    assert {d["kind"] for d in report.to_json()["documents"]} == {
        "request_form",
        "bylaws",
        "committee_list",
        "member_roster",
        "activity_plan",
    }
