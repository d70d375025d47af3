"""A request form typed as a table (จำนวนสมาชิก | 18 ราย): the count's cell is taken only when
its text readings and its number read digits only all give the count the text says; otherwise
the count is an OCR doubt (UNCLEAR_TEXT), never a count the paper does not state."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from docgen.intake.ocr import engine
from docgen.intake.ocr.prepare import PreparedPage
from docgen.intake.ocr.read import OcrPage, _check_count_cells, _count_cell_digits, _PageResult

pytestmark = pytest.mark.skipif(not engine.available(), reason="needs Tesseract")

FONT = Path(__file__).resolve().parents[2] / "docgen" / "render" / "fonts" / "Sarabun-Regular.ttf"
LABEL_BOX = (0, 0, 600, 120)
COUNT_BOX = (600, 0, 1100, 120)


def _row(count_text: str) -> PreparedPage:
    """One table row at about 200 dpi, 16 pt: the label's cell and the count's cell."""
    image = Image.new("L", (1100, 120), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(FONT), 46)
    draw.text((30, 25), "จำนวนสมาชิก", font=font, fill=0)
    draw.text((630, 25), count_text, font=font, fill=0)
    gray = np.asarray(image, dtype=np.uint8)
    return PreparedPage(gray=gray, ink=np.where(gray < 128, 255, 0).astype(np.uint8))


def _doubted(page: PreparedPage, read_as: str) -> bool:
    result = _PageResult(OcrPage(1, (), (), 0.0))
    # The row as the grid read it: its texts, each read surely.
    texts, sure_of = ["จำนวนสมาชิก", read_as], [0.95, 0.95]
    _check_count_cells(page, [LABEL_BOX, COUNT_BOX], texts, sure_of, 1, 3, result)
    return any(d.field == "member_count" and d.row == 3 for d in result.doubts)


def test_a_clear_count_cell_is_taken() -> None:
    assert not _doubted(_row("18 ราย"), "18 ราย")
    assert not _doubted(_row("25"), "25")


def test_a_count_the_text_reading_got_wrong_is_in_doubt() -> None:
    # A fax's 8 read as 6 by the Thai text reading (seen: 18 taken as 16, no warning).
    assert _doubted(_row("18 ราย"), "16 ราย")


def test_a_count_cell_with_more_than_a_number_is_in_doubt() -> None:
    assert _doubted(_row("18 ราย"), "1.8 ราย")  # a digit read as a dot
    assert _doubted(_row("18 ราย"), "18 ราย ๆ")


def test_the_number_is_cut_from_its_unit_and_read_digits_only() -> None:
    for text, number in (("18 ราย", "18"), ("7 คน", "7"), ("125 ราย", "125")):
        page = _row(text)
        x0, y0, x1, y1 = COUNT_BOX
        cell = np.pad(page.gray[y0 + 10 : y1 - 10, x0 + 20 : x1 - 300], 20, constant_values=255)
        assert _count_cell_digits(cell, unit=True) == number, text
