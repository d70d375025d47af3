"""Ruled tables on a page image: the grid of a roster or committee table found by morphology.

Why not img2table: it pulls opencv-contrib-python (a second OpenCV beside the headless one)
and Polars for what is here a few morphology passes; rosters and committee lists are ruled
grids, which long horizontal and vertical openings find reliably.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass(frozen=True)
class Grid:
    """A ruled table: the y of each horizontal rule and the x of each vertical rule, in order."""

    rows: tuple[int, ...]
    cols: tuple[int, ...]

    @property
    def box(self) -> tuple[int, int, int, int]:
        return (self.cols[0], self.rows[0], self.cols[-1], self.rows[-1])

    def cells(self) -> list[list[tuple[int, int, int, int]]]:
        """Cell boxes (x0, y0, x1, y1) row by row, between the rules."""
        return [
            [
                (self.cols[c], self.rows[r], self.cols[c + 1], self.rows[r + 1])
                for c in range(len(self.cols) - 1)
            ]
            for r in range(len(self.rows) - 1)
        ]


def _merge(values: list[float], gap: int) -> list[int]:
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= gap:
            out[-1].append(v)
        else:
            out.append([v])
    return [round(sum(group) / len(group)) for group in out]


def line_masks(ink: Any, *, thin: bool = False) -> tuple[Any, Any]:
    """Horizontal and vertical rules of a binary page (ink = 255), text removed.

    With `thin`, for finding where the rules run: a thin rule (1 px on a 1-bit fax or a light
    scan) that a leftover skew or a scanner's wavy line steps by a pixel every few dozen
    would break the long opening into short pieces, so the ink is first thickened across the
    rule's direction (3 px), which keeps the stepped rule one run and joins no text (letters
    stay apart along a line). Not for taking the rules out of the cells: the thicker mask
    would take the edge of a letter touching a rule with it."""
    import cv2

    h, w = ink.shape[:2]
    across_h = cv2.dilate(ink, np.ones((3, 1), np.uint8)) if thin else ink
    # A column rule also leans where a photo's perspective was not fully undone (the left
    # rules of a table 5° off upright: 6 px over the opening's length): 7 px across keeps it.
    across_v = cv2.dilate(ink, np.ones((1, 7), np.uint8)) if thin else ink
    horizontal = cv2.morphologyEx(
        across_h, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (max(60, w // 25), 1))
    )
    vertical = cv2.morphologyEx(
        across_v, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, max(45, h // 35)))
    )
    # Close the small gaps a faint scan leaves in a rule, and cover its soft edges.
    horizontal = cv2.dilate(horizontal, np.ones((3, 9), np.uint8))
    vertical = cv2.dilate(vertical, np.ones((9, 3), np.uint8))
    return horizontal, vertical


def find_grids(ink: Any, masks: tuple[Any, Any] | None = None) -> list[Grid]:
    """The ruled tables of a page, top to bottom. A grid needs 3 horizontal rules (a header and
    one row) and 3 vertical ones (two columns)."""
    import cv2

    w = ink.shape[1]
    horizontal, vertical = masks if masks is not None else line_masks(ink, thin=True)
    frame = cv2.bitwise_or(horizontal, vertical)
    count, _labels, stats, _ = cv2.connectedComponentsWithStats(frame, connectivity=8)
    grids: list[Grid] = []
    for i in range(1, count):
        x, y, bw, bh, _area = stats[i]
        if bw < w * 0.25 or bh < 40:
            continue
        grid = _grid_in(horizontal[y : y + bh, x : x + bw], vertical[y : y + bh, x : x + bw], x, y)
        if grid is not None:
            grids.append(grid)
    return sorted(grids, key=lambda g: g.rows[0])


def _grid_in(horizontal: Any, vertical: Any, x0: int, y0: int) -> Grid | None:
    import cv2

    bh, bw = horizontal.shape[:2]
    n, _l, stats, centroids = cv2.connectedComponentsWithStats(horizontal, connectivity=8)
    rows = _rules([(float(centroids[i][1]), int(stats[i][2])) for i in range(1, n)], 0.6 * bw)
    n, _l, stats, centroids = cv2.connectedComponentsWithStats(vertical, connectivity=8)
    cols = _rules([(float(centroids[i][0]), int(stats[i][3])) for i in range(1, n)], 0.5 * bh)
    row_lines = _merge(rows, 10)
    col_lines = _merge(cols, 10)
    # Drop rules that leave slivers (a doubled rule, a rule's own thickness).
    row_lines = _spaced(row_lines, 18)
    col_lines = _spaced(col_lines, 18)
    if len(row_lines) < 3 or len(col_lines) < 3:
        return None
    return Grid(tuple(y0 + r for r in row_lines), tuple(x0 + c for c in col_lines))


def _rules(pieces: list[tuple[float, int]], least: float) -> list[float]:
    """Where the rules run: the pieces (position across the rule, length along it) lying on one
    line (within 5 px) make one rule when their lengths add up to `least`. A rule a faint or
    1-bit scan breaks in two or three (a gap of a pixel where the line was thin) still counts;
    the short strokes of text never add up to most of the table's width."""
    out: list[float] = []
    line: list[tuple[float, int]] = []
    for at, length in sorted(pieces):
        if line and at - line[0][0] > 5:
            out.extend(_rule_of(line, least))
            line = []
        line.append((at, length))
    out.extend(_rule_of(line, least))
    return out


def _rule_of(line: list[tuple[float, int]], least: float) -> list[float]:
    total = sum(length for _at, length in line)
    if not line or total < least:
        return []
    return [sum(at * length for at, length in line) / total]


def _spaced(lines: list[int], least: int) -> list[int]:
    out: list[int] = []
    for v in lines:
        if out and v - out[-1] < least:
            continue
        out.append(v)
    return out
