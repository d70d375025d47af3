"""Scanned and photographed bundles (samples/scans.py) checked end to end by OCR: findings, members,
committee and group name as the generator's data says, for every shape an office receives."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from docgen import pipeline
from docgen.cli import app
from docgen.intake.ocr import ocr_pages
from samples import scans

SHAPES = ("scan-pdf", "photos", "tiff-heic", "id-swapped", "id-blotted")


@pytest.fixture(scope="session")
def page_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("rasterised")


@pytest.fixture(scope="session")
def made(tmp_path_factory: pytest.TempPathFactory, page_cache: Path) -> dict[str, tuple[Path, Any]]:
    out: dict[str, tuple[Path, Any]] = {}
    for shape in SHAPES:
        folder = tmp_path_factory.mktemp(shape)
        expected = scans.make_bundle("valid-05-all-pdf", shape, folder, cache=page_cache)
        out[shape] = (folder / "bundle", expected)
    return out


@pytest.fixture(scope="session")
def checked(
    made: dict[str, tuple[Path, Any]], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Any]:
    """Each bundle checked once; the scan-pdf one with progress and page images kept."""
    out: dict[str, Any] = {}
    for shape, (bundle, _expected) in made.items():
        work = tmp_path_factory.mktemp(f"check-{shape}")
        seen: list[tuple[int, int]] = []
        extra: dict[str, Any] = {}
        if shape == "scan-pdf":
            extra = {
                "progress": lambda d, t, seen=seen: seen.append((d, t)),
                "page_images": work / "pages",
            }
        report = pipeline.check_bundle([bundle], work / "tmp", **extra).to_json()
        out[shape] = {"report": report, "progress": seen, "pages": work / "pages"}
    return out


def _spots(findings: list[dict[str, Any]]) -> Counter[tuple[str, str, str | None, str | None]]:
    return Counter((f["code"], f["severity"], f.get("file"), f.get("where")) for f in findings)


@pytest.mark.parametrize("shape", SHAPES)
def test_a_bundle_of_scans_or_photos_gives_the_findings_of_its_paper(
    shape: str, made: dict[str, tuple[Path, Any]], checked: dict[str, Any]
) -> None:
    _bundle, expected = made[shape]
    report = checked[shape]["report"]
    assert _spots(report["findings"]) == _spots(expected["findings"])
    assert report["complete"] == expected["complete"]
    for key in ("name", "subdistrict_code", "members", "committee"):
        assert report["group"][key] == expected["group"][key], key
    kinds = {d["file"]: d["kind"] for d in report["documents"]}
    assert kinds == {d["file"]: d["kind"] for d in expected["documents"]}
    for doc in report["documents"]:
        assert doc["ocr"] is True and 0.5 <= doc["confidence"] <= 1.0
    for finding in report["findings"]:
        assert finding.get("ocr") is True  # every file here was read from images


def test_an_unsure_id_names_page_and_row_and_a_clear_wrong_one_is_an_error(
    checked: dict[str, Any],
) -> None:
    blotted = checked["id-blotted"]["report"]
    unclear = [f for f in blotted["findings"] if f["code"] == "UNCLEAR_TEXT"]
    assert unclear and all("อ่านจากภาพไม่ชัด ตรวจกับต้นฉบับ" in f["message"] for f in unclear)
    assert all(f["severity"] == "warning" for f in unclear)
    assert not [f for f in blotted["findings"] if f["code"] == "INVALID_NATIONAL_ID"]
    swapped = checked["id-swapped"]["report"]
    assert [f["code"] for f in swapped["findings"]] == ["INVALID_NATIONAL_ID"]


def test_progress_counts_pages_and_page_images_are_kept(checked: dict[str, Any]) -> None:
    report, seen, kept = (checked["scan-pdf"][k] for k in ("report", "progress", "pages"))
    pages = sum(len(d.get("page_images", [])) for d in report["documents"])
    assert pages == 8  # 2 + 3 + 1 + 1 + 1 pages of the printed bundle
    assert seen[-1] == (8, 8) and [d for d, _t in seen] == list(range(1, 9))
    for doc in report["documents"]:
        for image in doc["page_images"]:
            assert (kept / image).stat().st_size > 10_000


def test_a_multi_page_tiff_reads_page_by_page_and_docgen_text_prints_it(
    made: dict[str, tuple[Path, Any]],
) -> None:
    bundle, _expected = made["tiff-heic"]
    tiff = bundle / "02 ข้อบังคับกลุ่ม.tif"
    pages = ocr_pages(tiff)
    assert [p.number for p in pages] == [1, 2, 3]
    assert "ข้อบังคับ" in pages[0].text
    result = CliRunner().invoke(app, ["text", str(bundle / "04 สมาชิก.png")])
    assert result.exit_code == 0
    assert "ตำบล" in result.output and "สุราษฎร์ธานี" in result.output
