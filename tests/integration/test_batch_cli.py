"""`docgen batch certificates` end to end: files in input order, numbers from the registry,
bad rows reported at once, a merged print-ready PDF, and chunks that rebuild the same result."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree
from typer.testing import CliRunner

from docgen.cli import app
from docgen.render.batch import (
    Chunk,
    ChunkResult,
    InMemoryNumberer,
    assign_numbers,
    batch_certificates,
    chunk_size_for,
    plan_chunks,
    read_certificate_rows,
    render_chunk,
)
from docgen.render.linebreak import plain_text
from docgen.settings import get_settings

HEADER = [
    "ชื่อกลุ่ม",
    "หมู่ที่",
    "ตำบล",
    "อำเภอ",
    "จังหวัด",
    "จำนวนสมาชิก",
    "ประธาน",
    "วันที่จัดตั้ง",
    "กิจกรรมหลัก",
    "เลขที่ใบรับรอง",
]
PLACES = [
    ("ท่าพระ", "เมืองขอนแก่น", "ขอนแก่น"),
    ("ศรีภูมิ", "เมืองเชียงใหม่", "เชียงใหม่"),
    ("บ้านเป็ด", "เมืองขอนแก่น", "ขอนแก่น"),
]
ACTIVITIES = ["ปลูกผักปลอดสาร", "เลี้ยงไก่ไข่", "ทำปุ๋ยหมัก", "แปรรูปข้าว"]


def group_rows(n: int) -> list[list[str]]:
    rows = []
    for i in range(1, n + 1):
        sub, dist, prov = PLACES[i % len(PLACES)]
        rows.append(
            [
                f"กลุ่ม{ACTIVITIES[i % 4]}บ้านที่{i}",
                str(i % 12 + 1),
                sub,
                dist,
                prov,
                str(10 + i),
                "นายสมชาย ใจดี",
                f"2025-0{i % 9 + 1}-1{i % 9}",
                ACTIVITIES[i % 4],
                "",
            ]
        )
    return rows


def write_input(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows([HEADER, *rows])
    return path


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    var = tmp_path / "var"
    monkeypatch.setenv("DOCGEN_DATA_DIR", str(var))
    get_settings.cache_clear()
    yield var
    get_settings.cache_clear()


def doc_text(path: Path) -> str:
    document = docx.Document(str(path))
    return plain_text(
        "\n".join(p.text for p in document.paragraphs)
        + "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    )


def numbers_in(paths: list[Path]) -> list[str]:
    found = []
    for path in paths:
        m = re.search(r"เลขที่\s*(\d+/\d{4})", doc_text(path))
        assert m, path.name
        found.append(m.group(1))
    return found


def test_fifty_certificates_in_input_order_with_registry_numbers(
    tmp_path: Path, data_dir: Path
) -> None:
    rows = group_rows(50)
    source = write_input(tmp_path / "groups.csv", rows)
    runner = CliRunner()
    result = runner.invoke(
        app,
        [
            "batch",
            "certificates",
            "--input",
            str(source),
            "--out",
            str(tmp_path / "out"),
            "--officer",
            "นายสมศักดิ์ รักเกษตร",
            "--issue-date",
            "15 ตุลาคม 2569",
        ],
    )
    assert result.exit_code == 0, result.output
    assert re.search(r"^50 certificates in \d+(\.\d+)? s$", result.stdout, re.M)
    files = sorted((tmp_path / "out").glob("*.docx"))
    assert len(files) == 50
    for n, (path, row) in enumerate(zip(files, rows, strict=True), start=1):
        assert path.name == f"{n:04d}_{row[0]}.docx"
        text = doc_text(path)
        assert row[0] in text and "นายสมศักดิ์ รักเกษตร" in text
        assert "ให้ไว้ ณ วันที่ 15 เดือน ตุลาคม พ.ศ. 2569" in text
    numbers = numbers_in(files)
    # Per district and year, consecutive from 1 in input order.
    by_district: dict[str, list[int]] = {}
    for row, number in zip(rows, numbers, strict=True):
        assert number.endswith("/2569")
        by_district.setdefault(row[3], []).append(int(number.split("/")[0]))
    for seqs in by_district.values():
        assert seqs == list(range(1, len(seqs) + 1))
    assert (data_dir / "docgen.sqlite3").is_file()

    # A rerun (same groups) gets the same numbers from the registry, not new ones.
    again = runner.invoke(
        app,
        [
            "batch",
            "certificates",
            "--input",
            str(source),
            "--out",
            str(tmp_path / "again"),
            "--issue-date",
            "15 ตุลาคม 2569",
        ],
    )
    assert again.exit_code == 0, again.output
    assert numbers_in(sorted((tmp_path / "again").glob("*.docx"))) == numbers


def test_each_certificate_headed_and_signed_by_its_district_office(
    tmp_path: Path, data_dir: Path
) -> None:
    """The office profile set with `docgen office set` heads and signs the CLI's certificates
    as it does the web's; a district with no profile gets its default office and `--officer`."""
    runner = CliRunner()
    office = runner.invoke(
        app,
        [
            "office",
            "set",
            "--district",
            "4001",
            "--name",
            "สำนักงานเกษตรอำเภอเมืองขอนแก่น จังหวัดขอนแก่น",
            "--phone",
            "043-245-678",
            "--signer-name",
            "นางสาวพิมพ์ใจ ทองดี",
            "--signer-position",
            "เกษตรอำเภอเมืองขอนแก่น",
        ],
    )
    assert office.exit_code == 0, office.output
    rows = group_rows(3)  # rows 1 and 3 in เมืองขอนแก่น (4001), row 2 in เมืองเชียงใหม่
    source = write_input(tmp_path / "groups.csv", rows)
    result = runner.invoke(
        app,
        [
            "batch",
            "certificates",
            "--input",
            str(source),
            "--out",
            str(tmp_path / "out"),
            "--officer",
            "นายสมศักดิ์ รักเกษตร",
        ],
    )
    assert result.exit_code == 0, result.output
    files = sorted((tmp_path / "out").glob("*.docx"))
    assert len(files) == 3
    for path, row in zip(files, rows, strict=True):
        text = doc_text(path)
        if row[3] == "เมืองขอนแก่น":
            assert "สำนักงานเกษตรอำเภอเมืองขอนแก่น จังหวัดขอนแก่น" in text
            assert "นางสาวพิมพ์ใจ ทองดี" in text and "นายสมศักดิ์ รักเกษตร" not in text
        else:
            assert "สำนักงานเกษตรอำเภอเมืองเชียงใหม่" in text
            assert "นายสมศักดิ์ รักเกษตร" in text and "นางสาวพิมพ์ใจ" not in text


def test_bad_rows_all_reported_nothing_rendered(tmp_path: Path, data_dir: Path) -> None:
    rows = group_rows(6)
    rows[1][0] = ""  # sheet row 3
    rows[3][5] = "สิบ"  # sheet row 5
    rows[4][7] = "32/13/2568"  # sheet row 6
    source = write_input(tmp_path / "groups.csv", rows)
    result = CliRunner().invoke(
        app, ["batch", "certificates", "--input", str(source), "--out", str(tmp_path / "out")]
    )
    assert result.exit_code == 2
    assert "แถวที่ 3: ไม่มีชื่อกลุ่ม" in result.stderr
    assert re.search(r"แถวที่ 5: จำนวนสมาชิก", result.stderr)
    assert re.search(r"แถวที่ 6: วันที่จัดตั้ง", result.stderr)
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()  # checked before anything is written


def test_missing_input_is_exit_2(tmp_path: Path, data_dir: Path) -> None:
    result = CliRunner().invoke(
        app,
        ["batch", "certificates", "--input", str(tmp_path / "nope.csv"), "--out", str(tmp_path)],
    )
    assert result.exit_code == 2
    assert "ไม่พบไฟล์" in result.stderr


def canonical_parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {
            name: etree.tostring(etree.fromstring(zf.read(name)), method="c14n")
            if name.endswith((".xml", ".rels"))
            else zf.read(name)
            for name in zf.namelist()
        }


def test_chunk_tasks_rebuild_the_single_process_result(tmp_path: Path) -> None:
    """What Celery does (plan, chunk tasks from JSON, merge) gives the same files as one process."""
    source = write_input(tmp_path / "groups.csv", group_rows(7))
    issue = dt.date(2026, 10, 15)
    single = batch_certificates(
        source, tmp_path / "single", numberer=InMemoryNumberer(), issue_date=issue, chunk_size=3
    )
    rows = assign_numbers(read_certificate_rows(source, issue_date=issue), InMemoryNumberer())
    chunks = plan_chunks(rows, 3)
    assert single.chunks == len(chunks) == 3
    results = []
    for chunk in reversed(chunks):  # tasks finish in any order
        message = json.loads(json.dumps(chunk.to_json()))
        result = render_chunk(Chunk.from_json(message), tmp_path / "dist")
        results.append(ChunkResult.from_json(json.loads(json.dumps(result.to_json()))))
    results.sort(key=lambda r: r.index)
    distributed = [p for r in results for p in r.docx]
    assert [p.name for p in distributed] == [p.name for p in single.docx]
    for a, b in zip(distributed, single.docx, strict=True):
        assert canonical_parts(a) == canonical_parts(b)
    assert chunk_size_for(7, 2, pdf=True) == 4


def skeleton(text: str) -> str:
    """Thai text without spaces and marks: PDF text extraction moves tone marks and vowels
    above/below around (and into private-use code points), never the base letters."""
    return re.sub(r"[\s\u0e31\u0e34-\u0e3a\u0e47-\u0e4e\uf700-\uf71a]", "", text)


def pdf_page_texts(path: Path) -> list[str]:
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True)
    pages = out.stdout.decode("utf-8").split("\f")
    return [p for p in pages if p.strip()]


@pytest.mark.soffice
def test_merged_pdf_one_page_per_certificate_in_input_order(tmp_path: Path, data_dir: Path) -> None:
    rows = group_rows(8)
    source = write_input(tmp_path / "groups.csv", rows)
    result = CliRunner().invoke(
        app,
        [
            "batch",
            "certificates",
            "--input",
            str(source),
            "--out",
            str(tmp_path / "out"),
            "--pdf",
            "--workers",
            "2",
        ],
    )
    assert result.exit_code == 0, result.output
    merged = tmp_path / "out" / "certificates.pdf"
    from pypdf import PdfReader

    assert len(PdfReader(str(merged)).pages) == 8
    pages = pdf_page_texts(merged)
    assert len(pages) == 8
    numbers = numbers_in(sorted((tmp_path / "out").glob("*.docx")))
    for page, row, number in zip(pages, rows, numbers, strict=True):
        assert skeleton(row[0]) in skeleton(page)
        assert number in re.sub(r"\s+", "", page)
    assert not (tmp_path / "out" / ".chunks").exists()
    fonts = subprocess.run(
        ["pdffonts", str(merged)], capture_output=True, check=True
    ).stdout.decode()
    assert "Sarabun" in fonts


def test_batch_certificate_is_the_document_docgen_render_gives(tmp_path: Path) -> None:
    """Batch (compiled) and `docgen render certificate` (docxtpl) give the same document."""
    from docgen.render.engine import render_docx

    source = write_input(tmp_path / "groups.csv", group_rows(3))
    result = batch_certificates(
        source,
        tmp_path / "batch",
        numberer=InMemoryNumberer(),
        issue_date=dt.date(2026, 10, 15),
        officer_name="นางสาวสมศรี ขยันดี",
    )
    rows = assign_numbers(
        read_certificate_rows(
            source, issue_date=dt.date(2026, 10, 15), officer_name="นางสาวสมศรี ขยันดี"
        ),
        InMemoryNumberer(),
    )
    for row, produced in zip(rows, result.docx, strict=True):
        single = render_docx("certificate", row.data, tmp_path / f"single-{row.index}.docx")
        assert canonical_parts(produced) == canonical_parts(single)
