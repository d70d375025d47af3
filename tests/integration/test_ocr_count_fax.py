"""The request form's stated member count read off a noisy fax (1-bit, 200 dpi): the three
readings of its line agree, but the engine is unsure of the word `.....17.....` the number
makes with the leaders and the fax's specks. The number cut out and read digits only settles
it; a count crossed out on the paper stays UNCLEAR_TEXT (test_ocr_scan_shapes)."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from docgen.intake.extract_group import stated_members
from docgen.intake.ocr import engine
from docgen.intake.ocr.read import read_page
from docgen.thai.text import strip_leaders
from samples import scans

SOURCE = Path(__file__).resolve().parents[2] / "samples" / "bundles" / "valid-01-all-docx"

pytestmark = pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftoppm") is None or not engine.available(),
    reason="needs LibreOffice, poppler-utils and Tesseract",
)


def test_a_clear_count_on_a_noisy_fax_is_taken(tmp_path: Path) -> None:
    expected = json.loads((SOURCE / "expected.json").read_text(encoding="utf-8"))
    form = next(d["file"] for d in expected["documents"] if d["kind"] == "request_form")
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(SOURCE / "bundle" / form)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    pdf = tmp_path / (Path(form).stem + ".pdf")
    subprocess.run(
        ["pdftoppm", "-r", "200", "-gray", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "p")],
        check=True, timeout=120,
    )  # fmt: skip
    page = np.array(Image.open(next(tmp_path.glob("p*.png"))).convert("L"))
    # A fax as /work/notes/probe.py makes one (seed 25): scanner specks, a slight turn, 1 bit.
    rng = random.Random("25-valid-01-all-docx-fax")
    noisy = scans.skew(scans.scanner_noise(page, rng, 10.0), rng.uniform(-1.0, 1.0))
    fax = Image.fromarray(noisy).point(lambda v: 255 if v > 140 else 0).convert("1")
    result = read_page(fax, 1)
    assert not [d for d in result.doubts if d.field == "member_count"]
    lines = [strip_leaders(p) for p in result.page.paragraphs]
    assert stated_members(lines) == expected["group"]["stated_members"]


def test_a_digit_left_out_of_the_number_keeps_the_count_in_doubt() -> None:
    # The 1 of 18 read as a leader's dot: the 8 cut out alone would read 8, a count never stated.
    from PIL import ImageDraw, ImageFont

    from docgen.intake.ocr.read import _count_digits, _glyph_beside

    font = (
        Path(__file__).resolve().parents[2] / "docgen" / "render" / "fonts" / "Sarabun-Regular.ttf"
    )
    line = Image.new("L", (1500, 140), 255)
    ImageDraw.Draw(line).text(
        (30, 30), "3. จำนวนสมาชิก .....18..... ราย", font=ImageFont.truetype(str(font), 60), fill=0
    )
    symbols = engine.line_symbols(line)
    found = _count_digits(symbols)
    assert found is not None and found[0] == "18"
    page = np.asarray(line)
    assert not _glyph_beside(page, found[2], 2)
    eight = next(box for text, _c, box in symbols if text == "8")
    assert _glyph_beside(page, eight, 1)
