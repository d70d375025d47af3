"""A table photographed at a slant pulled straight by its own rules (prepare.straighten_table),
and the sheet-finding that a photo filling the frame must not fool. Pages are drawn here: the
grid's rules and the warp put on them are the test's own data."""

from __future__ import annotations

import itertools
import random

import cv2
import numpy as np
import pytest

from docgen.intake.ocr.grid import find_grids, line_masks
from docgen.intake.ocr.prepare import binarise, flatten_page, straighten_table

COLS = (200, 420, 900, 1300, 1550)
ROWS = tuple(range(300, 1300, 90))


def _ruled_page() -> np.ndarray:
    page = np.full((2300, 1700), 255, np.uint8)
    for x in COLS:
        cv2.line(page, (x, ROWS[0]), (x, ROWS[-1]), 0, 3)
    for y in ROWS:
        cv2.line(page, (COLS[0], y), (COLS[-1], y), 0, 3)
    rng = random.Random(5)
    for y in ROWS[:-1]:
        for x0, x1 in itertools.pairwise(COLS):
            for _ in range(rng.randint(2, 6)):  # the cells' "text": short strokes
                x = rng.randint(x0 + 15, x1 - 40)
                cv2.rectangle(page, (x, y + 30), (x + 18, y + 55), 0, -1)
    return page


def _keystone(page: np.ndarray, inset: float) -> np.ndarray:
    h, w = page.shape
    src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    dst = np.float32([[inset, 0], [w - inset, 0], [w, h], [0, h]])
    matrix = cv2.getPerspectiveTransform(src, dst)
    return cv2.warpPerspective(page, matrix, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)


def _column_lean(ink: np.ndarray) -> float:
    """The most any of the table's vertical rules runs sideways over its height, in px."""
    vertical = line_masks(ink, thin=True)[1]
    count, labels, stats, _ = cv2.connectedComponentsWithStats(vertical)
    leans = []
    for i in range(1, count):
        if stats[i, cv2.CC_STAT_HEIGHT] < 0.5 * (ROWS[-1] - ROWS[0]):
            continue
        ys, xs = np.nonzero(labels == i)
        leans.append(abs(np.polyfit(ys, xs, 1)[0]) * (ROWS[-1] - ROWS[0]))
    assert len(leans) >= 3
    return max(leans)


@pytest.mark.parametrize("inset", [60.0, 110.0])
def test_a_leaning_table_comes_out_with_upright_columns_and_its_cells_whole(inset: float) -> None:
    gray = _keystone(_ruled_page(), inset)
    ink = binarise(gray)
    assert _column_lean(ink) > 20  # the photo's lean: cells cut upright would take the rule
    _gray, out_ink, straightened = straighten_table(gray, ink)
    assert straightened
    assert _column_lean(out_ink) <= 2.5
    grids = find_grids(out_ink)
    assert len(grids) == 1
    assert len(grids[0].cols) == len(COLS) and len(grids[0].rows) == len(ROWS)


def test_a_straight_table_and_a_page_without_one_are_left_as_they_are() -> None:
    page = _ruled_page()
    gray, _ink, straightened = straighten_table(page, binarise(page))
    assert not straightened and gray is page
    text = np.full((2300, 1700), 255, np.uint8)
    for y in range(200, 2100, 60):
        cv2.putText(
            text, "lorem ipsum dolor sit amet", (150, y), cv2.FONT_HERSHEY_SIMPLEX, 1.4, 0, 3
        )
    leaning = _keystone(text, 100.0)
    _gray, _ink, straightened = straighten_table(leaning, binarise(leaning))
    assert not straightened


def test_a_photo_filling_the_frame_with_a_lamp_on_one_side_is_not_cut_to_its_lit_half() -> None:
    # Paper across the whole photo, light falling from 230 to 120 left to right: the bright
    # half Otsu finds has a border only where the light falls off, no sheet's edge.
    h, w = 2000, 1500
    photo = (np.linspace(230, 120, w, dtype=np.float32)[None, :] * np.ones((h, 1))).astype(np.uint8)
    for y in range(150, 1900, 70):
        cv2.putText(photo, "text line", (100, y), cv2.FONT_HERSHEY_SIMPLEX, 1.2, 30, 2)
    flat, flattened = flatten_page(photo)
    assert not flattened and flat.shape == photo.shape


def test_a_sheet_on_a_desk_is_still_flattened() -> None:
    desk = np.full((2000, 1600), 80, np.uint8)
    sheet = np.float32([[220, 180], [1380, 230], [1420, 1820], [180, 1760]])
    cv2.fillConvexPoly(desk, sheet.astype(np.int32), 225)
    _flat, flattened = flatten_page(desk)
    assert flattened
