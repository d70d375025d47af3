"""Copies certified as groups certify them (samples.scans shape signed-copies): every page
scanned in colour with "สำเนาถูกต้อง", a blue signature and the group's red or purple stamp,
whose words are the group's name, pressed over text and tables. The stamp and the pen are dropped
out by colour, so the bundle gives the findings, group and people of its paper (the
generator's expected.json), and no stamp's words are read as the group's name."""

from __future__ import annotations

from typing import Any

import pytest

from samples import scans
from tests.integration.scan_support import made_and_checked, spots_but_doubts

SOURCE = "valid-05-all-pdf"


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Any]:
    return made_and_checked(SOURCE, "signed-copies", tmp_path_factory.mktemp("signed"))


def test_signed_and_stamped_colour_copies_read_as_their_paper(checked: tuple[Any, Any]) -> None:
    expected, report = checked
    assert spots_but_doubts(report["findings"]) == spots_but_doubts(expected["findings"])
    unclear = [f for f in report["findings"] if f["code"] == "UNCLEAR_TEXT"]
    assert len(unclear) <= 1 and all(f["severity"] == "warning" for f in unclear)
    for key in ("name", "subdistrict_code", "members", "committee", "stated_members"):
        assert report["group"][key] == expected["group"][key], key
    kinds = {d["file"]: d["kind"] for d in report["documents"]}
    assert kinds == {d["file"]: d["kind"] for d in expected["documents"]}
    assert all(d["ocr"] for d in report["documents"])


def test_the_generator_really_stamps_in_colour(tmp_path: Any) -> None:
    """The shape's pages carry coloured ink (else the test above proves nothing)."""
    import numpy as np
    from pypdf import PdfReader

    scans.make_bundle(SOURCE, "signed-copies", tmp_path)
    page = PdfReader(tmp_path / "bundle" / "03 คณะกรรมการ.pdf").pages[0]
    image = np.asarray(page.images[0].image.convert("RGB")).astype(int)
    spread = image.max(axis=2) - image.min(axis=2)
    assert (spread > 80).sum() > 2000  # the stamp's ring and the pen's lines
