"""Pages scanned sideways or upside down, and one document sent as several photos
(samples/scans.py shapes `turned` and `roster-photos`), checked end to end by OCR: findings,
members, committee and group name as the generator's data says."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image

from docgen import pipeline
from docgen.intake.ocr.prepare import prepare
from samples import scans

SOURCE = "valid-05-all-pdf"


@pytest.fixture(scope="module")
def page_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("rasterised")


def _check(shape: str, tmp: Path, cache: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    expected = scans.make_bundle(SOURCE, shape, tmp / shape, cache=cache)
    report = pipeline.check_bundle([tmp / shape / "bundle"], tmp / f"work-{shape}").to_json()
    return expected, report


def _spots(findings: list[dict[str, Any]]) -> Counter[tuple[str, str, str | None, str | None]]:
    return Counter((f["code"], f["severity"], f.get("file"), f.get("where")) for f in findings)


def _same_result(report: dict[str, Any], expected: dict[str, Any]) -> None:
    assert _spots(report["findings"]) == _spots(expected["findings"])
    assert report["complete"] == expected["complete"]
    for key in ("name", "subdistrict_code", "members", "committee"):
        assert report["group"][key] == expected["group"][key], key


@pytest.fixture(scope="module")
def turned(
    tmp_path_factory: pytest.TempPathFactory, page_cache: Path
) -> tuple[dict[str, Any], dict[str, Any]]:
    return _check("turned", tmp_path_factory.mktemp("turned"), page_cache)


def test_pages_sideways_and_upside_down_are_read_upright(
    turned: tuple[dict[str, Any], dict[str, Any]],
) -> None:
    expected, report = turned
    _same_result(report, expected)
    assert {d["file"]: d["kind"] for d in report["documents"]} == {
        d["file"]: d["kind"] for d in expected["documents"]
    }
    rotations = {
        d["file"]: d["page_rotations"] for d in report["documents"] if "page_rotations" in d
    }
    assert rotations == expected["page_rotations"]
    assert {r for turns in rotations.values() for r in turns} == {0, 90, 180, 270}


def test_an_upright_page_is_not_turned_and_a_turned_one_is_turned_back(page_cache: Path) -> None:
    pdf = scans.BUNDLES / SOURCE / "bundle" / "03 คณะกรรมการ.pdf"
    page = scans.rasterise(pdf, scans.DPI, page_cache)[0].image
    upright = prepare(Image.fromarray(page))
    assert upright.rotation == 0
    for degrees in (90, 180, 270):
        prepared = prepare(Image.fromarray(scans.turn_page(page, degrees)))
        assert prepared.rotation == (360 - degrees) % 360
        assert prepared.gray.shape == upright.gray.shape  # the page stands as it did
        assert _likeness(prepared.ink, upright.ink) > 0.8
        assert _likeness(np.rot90(prepared.ink, 2), upright.ink) < 0.5  # a likeness that can fail


def _likeness(a: np.ndarray, b: np.ndarray) -> float:
    """Correlation of two pages' ink, blurred to 1/16 scale (deskew moves ink a few pixels)."""
    from cv2 import INTER_AREA, resize

    size = (b.shape[1] // 16, b.shape[0] // 16)
    small_a = resize(a.astype(np.float32), size, interpolation=INTER_AREA).ravel()
    small_b = resize(b.astype(np.float32), size, interpolation=INTER_AREA).ravel()
    return float(np.corrcoef(small_a, small_b)[0, 1])


def test_a_roster_sent_as_three_photos_is_one_roster_and_each_row_names_its_photo(
    tmp_path: Path, page_cache: Path
) -> None:
    expected, report = _check("roster-photos", tmp_path, page_cache)
    _same_result(report, expected)
    got = [(d["file"], d["kind"], d.get("files")) for d in report["documents"]]
    assert got == [(d["file"], d["kind"], d.get("files")) for d in expected["documents"]]
    photo_of_row = {n: part["file"] for part in expected["roster_files"] for n in part["rows"]}
    assert {m["row"]: m["file"] for m in report["members"]} == photo_of_row
