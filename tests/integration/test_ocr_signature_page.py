"""The bylaws photographed page by page, their signing block on a photo of its own (samples/scans.py
shape `signature-photos`): a page with no table and no clause number, only ประกาศ ณ วันที่,
ลงชื่อ and the chair's name, numbered on from the photo before it, is the bylaws' last page,
not a document of its own. Only the bylaws' photos are checked (the other documents are as in
test_ocr_scans), so the bundle is short of documents; what is asserted is how the photos join."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from docgen import pipeline
from docgen.intake.ocr import engine
from samples import scans

pytestmark = pytest.mark.skipif(not engine.available(), reason="needs Tesseract")


def test_a_photo_of_the_signatures_only_is_the_last_page_of_its_document(tmp_path: Path) -> None:
    expected = scans.make_bundle("valid-05-all-pdf", "signature-photos", tmp_path / "made", seed=11)
    (bylaws,) = [d for d in expected["documents"] if d["kind"] == "bylaws"]
    assert len(bylaws["files"]) == 4  # three pages, and the signing block on its own
    folder = tmp_path / "bylaws"
    folder.mkdir()
    for name in bylaws["files"]:
        shutil.copy(tmp_path / "made" / "bundle" / name, folder / name)
    report = pipeline.check_bundle([folder], tmp_path / "work").to_json()
    got = [(d["file"], d["kind"], d.get("files")) for d in report["documents"]]
    assert got == [(bylaws["file"], "bylaws", bylaws["files"])]
