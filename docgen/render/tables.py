"""Table columns sized to what they hold, measured with the shipped Thai font.

A fixed grid drawn for typical data gives a long group name three lines while a number
column has room to spare, and a column narrower than its longest word forces the word
processor to cut that word anywhere (ใ|บรับรอ|ง). `fit_columns` does what a browser's
automatic table layout does, with the real glyph widths: every column at least as wide
as its longest unbreakable piece (a word, a name: the text between the line-break marks
of `docgen.render.linebreak`), the rest of the width shared by how much more each column
would take to hold its cells on one line. The table's total width does not change.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

from docgen.render.linebreak import ZWSP

_FONTS = Path(__file__).resolve().parent / "fonts"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_BREAKS = re.compile(f"[ {ZWSP}\n\t]+")
_PAD_TWIPS = 2 * 108 + 24  # the cell's left and right margins (Table Grid), a little air


@cache
def _font(bold: bool) -> Any:
    from PIL import ImageFont

    name = "SarabunDocGen-Bold.ttf" if bold else "SarabunDocGen-Regular.ttf"
    return ImageFont.truetype(str(_FONTS / name), 200)  # 200 px = 10 units per point at 20 pt


def text_twips(text: str, size_pt: float, *, bold: bool = False) -> float:
    """The width of `text` in twips (1/20 pt) at `size_pt` in the shipped font."""
    if not text:
        return 0.0
    return float(_font(bold).getlength(text)) / 200 * size_pt * 20


def _cell_runs(tc: Any) -> list[tuple[str, float, bool]]:
    """(paragraph text, its size in pt, bold) for each paragraph of a cell."""
    out = []
    for p in tc.iter(f"{_W}p"):
        text = "".join(t.text or "" for t in p.iter(f"{_W}t"))
        size, bold = 16.0, False
        for rpr in p.iter(f"{_W}rPr"):
            sz = rpr.find(f"{_W}sz")
            if sz is not None and sz.get(f"{_W}val", "").isdigit():
                size = int(sz.get(f"{_W}val")) / 2
            b = rpr.find(f"{_W}b")
            bold = b is not None and b.get(f"{_W}val", "1") not in ("0", "false")
            break
        out.append((text.replace("\u2060", ""), size, bold))
    return out


def _share(least: list[float], most: list[float], total: float) -> list[float]:
    """Widths for columns that need `least` and would like `most`, within `total`. Short
    columns (a number, a date, a code: one line of at most SHORT_TWIPS) hold their value on
    one line; the long ones share what is left."""
    if sum(most) <= total:
        spare = total - sum(most)
        return [m + spare * m / sum(most) for m in most]
    short = [m <= SHORT_TWIPS for m in most]
    fixed = sum(m for m, s in zip(most, short, strict=True) if s)
    rest = [i for i, s in enumerate(short) if not s]
    if not rest or fixed + sum(least[i] for i in rest) > total:
        if sum(least) <= total:
            short, fixed, rest = [False] * len(most), 0.0, list(range(len(most)))
        else:  # nothing fits: every column its least, scaled down
            return [lo * total / sum(least) for lo in least]
    widths = [m if s else 0.0 for m, s in zip(most, short, strict=True)]
    spare = total - fixed - sum(least[i] for i in rest)
    wants = {i: most[i] - least[i] for i in rest}
    for i in rest:
        share = wants[i] / sum(wants.values()) if sum(wants.values()) else 1 / len(rest)
        widths[i] = least[i] + spare * share
    return widths


SHORT_TWIPS = 1500  # about 2.6 cm


def fit_columns(table: Any) -> list[int]:
    """Resize the columns of a python-docx table (or its `w:tbl` element) to their content,
    keeping the total width; returns the new widths in twips."""
    tbl = getattr(table, "_tbl", table)
    grid = tbl.find(f"{_W}tblGrid")
    cols = grid.findall(f"{_W}gridCol") if grid is not None else []
    if not cols:
        return []
    total = sum(int(c.get(f"{_W}w", "0")) for c in cols)
    n = len(cols)
    least = [0.0] * n
    most = [0.0] * n
    for tr in tbl.findall(f"{_W}tr"):
        tcs = tr.findall(f"{_W}tc")
        if len(tcs) != n:
            continue  # merged cells: leave the row to the columns the others decide
        trpr = tr.find(f"{_W}trPr")
        header = trpr is not None and trpr.find(f"{_W}tblHeader") is not None
        for i, tc in enumerate(tcs):
            for text, size, bold in _cell_runs(tc):
                pieces = [p for p in _BREAKS.split(text) if p]
                if not pieces:
                    continue
                least[i] = max(least[i], max(text_twips(p, size, bold=bold) for p in pieces))
                if not header:  # a heading may wrap between its words; the data decides
                    most[i] = max(most[i], text_twips(text.replace(ZWSP, ""), size, bold=bold))
    least = [w + _PAD_TWIPS for w in least]
    most = [max(m + _PAD_TWIPS, lo) for m, lo in zip(most, least, strict=True)]
    widths = _share(least, most, total)
    twips = [int(w) for w in widths]
    twips[-1] += total - sum(twips)
    for col, w in zip(cols, twips, strict=True):
        col.set(f"{_W}w", str(w))
    for tr in tbl.findall(f"{_W}tr"):
        tcs = tr.findall(f"{_W}tc")
        if len(tcs) != n:
            continue
        for tc, w in zip(tcs, twips, strict=True):
            tcpr = tc.find(f"{_W}tcPr")
            width = tcpr.find(f"{_W}tcW") if tcpr is not None else None
            if width is not None:
                width.set(f"{_W}w", str(w))
                width.set(f"{_W}type", "dxa")
    return twips
