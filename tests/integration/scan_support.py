"""What the scan-shape tests share: a bundle of a samples.scans shape made and checked, and the
findings compared without OCR's doubts."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from docgen import pipeline
from samples import scans


def made_and_checked(
    source: str, shape: str, folder: Path, *, seed: int = 2569
) -> tuple[dict[str, Any], dict[str, Any]]:
    """(expected.json of the generator, docgen's report) for `shape` of `source` in `folder`."""
    expected = scans.make_bundle(source, shape, folder, seed=seed)
    report = pipeline.check_bundle([folder / "bundle"], folder / "work").to_json()
    return expected, report


def spots_but_doubts(findings: Iterable[dict[str, Any]]) -> Counter[tuple[Any, ...]]:
    """The findings as (code, severity, file), leaving out UNCLEAR_TEXT warnings."""
    return Counter(
        (f["code"], f["severity"], f.get("file")) for f in findings if f["code"] != "UNCLEAR_TEXT"
    )
