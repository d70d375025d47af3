"""The roster and committee list photographed close and at a slant, the page filling the frame
(samples.scans shape leaning-photos: columns leaning 3-6°, rows fanning, a lamp on one side):
read with their tables pulled straight, the bundle gives the findings and group of its paper.
Expected results are the generator's (samples/bundles/*/expected.json, its printed roster)."""

from __future__ import annotations

import re
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from samples import scans
from tests.integration.scan_support import made_and_checked, spots_but_doubts

SOURCE = "valid-05-all-pdf"


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Any]:
    return made_and_checked(SOURCE, "leaning-photos", tmp_path_factory.mktemp("leaning"))


def _printed_ids(pdf: Path) -> list[str]:
    """The national IDs printed on the roster (pdftotext of the generator's PDF)."""
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], check=True, capture_output=True, timeout=60
    ).stdout.decode("utf-8")
    found = re.findall(r"\b\d-\d{4}-\d{5}-\d{2}-\d\b|\b\d{13}\b", text)
    return [i.replace("-", "") for i in found]


def test_the_leaning_photos_give_the_findings_and_group_of_their_paper(
    checked: tuple[Any, Any],
) -> None:
    expected, report = checked
    assert spots_but_doubts(report["findings"]) == spots_but_doubts(expected["findings"])
    # A name the photo leaves in doubt may be said so (a warning naming its page and row),
    # never more than the odd one: a table read with its columns leaning gave a dozen.
    unclear = [f for f in report["findings"] if f["code"] == "UNCLEAR_TEXT"]
    assert len(unclear) <= 2
    assert all(f["severity"] == "warning" and f["where"].startswith("หน้า 1 แถวที่ ") for f in unclear)
    for key in ("name", "members", "committee", "stated_members"):
        assert report["group"][key] == expected["group"][key], key
    roles = Counter(seat["role"] for seat in report["committee"])
    assert roles["chair"] == roles["secretary"] == roles["treasurer"] == 1


def test_every_printed_id_of_the_leaning_roster_is_read(checked: tuple[Any, Any]) -> None:
    _expected, report = checked
    printed = _printed_ids(scans.BUNDLES / SOURCE / "bundle" / "04 สมาชิก.pdf")
    assert len(printed) == 14
    assert sorted(m["national_id"] for m in report["members"]) == sorted(printed)
