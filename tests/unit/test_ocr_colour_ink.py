"""Colour dropout: a red stamp and a blue pen's signature are taken off a colour page before OCR,
and the black print under them stays."""

from __future__ import annotations

import numpy as np
from PIL import Image

from docgen.intake.ocr.prepare import to_gray, without_colour_ink

PAPER = (246, 238, 214)  # a cream sheet under a warm lamp


def _page() -> np.ndarray:
    page = np.empty((400, 300, 3), np.uint8)
    page[:] = PAPER
    page[100:110, 20:280] = (25, 22, 20)  # a printed line of black text
    page[50:60, 20:280] = (0, 0, 110)  # a heading printed in dark blue
    return page


def test_stamp_and_pen_become_paper_and_the_print_under_them_stays_black() -> None:
    page = _page()
    page[90:130, 100:140] = (205, 45, 50)  # a red stamp's ring across the text line
    page[100:110, 100:140] = (22, 10, 12)  # ... where it lies over black toner
    page[200:206, 30:200] = (30, 60, 190)  # a blue ballpoint signature
    page[300:306, 30:200] = (120, 40, 150)  # a purple stamp pad
    gray = without_colour_ink(page)
    paper = int(np.median(gray))
    assert paper > 235
    for ink in (
        (slice(90, 100), slice(100, 140)),
        (slice(200, 206), slice(30, 200)),
        (slice(300, 306), slice(30, 200)),
    ):
        assert gray[ink].min() >= paper - 40, ink  # near the paper: binarisation drops it
    assert gray[100:110, 20:280].max() < 60  # the print, under the stamp too
    assert gray[50:60, 20:280].max() < 60  # dark coloured print is print, not pen


def test_a_gray_page_is_its_plain_grayscale() -> None:
    rgb = np.repeat(np.linspace(0, 255, 300, dtype=np.uint8)[None, :, None], 3, axis=2)
    rgb = np.repeat(rgb, 50, axis=0)
    plain = np.asarray(Image.fromarray(rgb).convert("L"), dtype=np.int16)
    assert np.abs(without_colour_ink(rgb).astype(np.int16) - plain).max() <= 2


def test_to_gray_drops_colour_ink_of_colour_images_only() -> None:
    page = _page()
    page[200:206, 30:200] = (30, 60, 190)
    assert to_gray(Image.fromarray(page))[200:206, 30:200].min() > 190
    gray_file = Image.fromarray(page).convert("L")  # a gray scan: nothing to tell by colour
    assert to_gray(gray_file)[200:206, 30:200].max() < 120
