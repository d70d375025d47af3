"""A scanned bundle whose committee list prints one member's name with two letters OCR confuses
(samples/scans.py, shape committee-misread): OCR reads it clearly as printed, the roster has the
name as it should be, and the check gives an UNCLEAR_TEXT warning at that row, not
COMMITTEE_NOT_MEMBER; everything else as the paper says."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from docgen import pipeline
from docgen.intake.ocr import engine
from samples import scans

pytestmark = pytest.mark.skipif(not engine.available(), reason="needs tesserocr and tha")


@pytest.mark.parametrize("seed", [2569, 31])
def test_a_committee_name_misprinted_with_look_alike_letters_is_a_warning_at_its_row(
    seed: int, tmp_path: Path
) -> None:
    expected: dict[str, Any] = scans.make_bundle(
        "valid-05-all-pdf", "committee-misread", tmp_path / "made", seed=seed
    )
    misprinted = expected["misprinted"]
    assert misprinted["as"] != misprinted["name"]
    report = pipeline.check_bundle([tmp_path / "made" / "bundle"], tmp_path / "work").to_json()
    spots = Counter(
        (f["code"], f["severity"], f["file"], f.get("where")) for f in report["findings"]
    )
    assert spots == Counter(
        (f["code"], f["severity"], f["file"], f.get("where")) for f in expected["findings"]
    )
    assert not [f for f in report["findings"] if f["code"] == "COMMITTEE_NOT_MEMBER"]
    (warning,) = [f for f in report["findings"] if f["code"] == "UNCLEAR_TEXT"]
    assert warning["where"] == f"หน้า 1 แถวที่ {misprinted['row']}"
    assert warning["document"] == "committee_list" and warning["ocr"] is True
    assert "อ่านจากภาพไม่ชัด ตรวจกับต้นฉบับ" in warning["message"]
    assert report["complete"] is True
    for key in ("name", "members", "committee"):
        assert report["group"][key] == expected["group"][key], key
