"""Thai digits (๐-๙) in a number cell, read glyph by glyph against the Thai fonts on this machine.

Why by hand: Tesseract's Thai model misreads Thai digits in the fonts Thai forms are printed in
(๔ as ๕, ๖ as ๒: "๓๔๐๐๔๔๔๑๖๒๖๐๔" came back "๓๕๐๐๕๕๕๕๑๒๒๐๐๕" from a clean 300 dpi scan, with
every whitelist, page mode and scale tried), and no other model for them is packaged. Yet a
number cell is the easiest thing on a page to read: ten shapes, each one stroke, on one line,
with dashes between groups. So each inked shape is cut out, scaled into a small square and
matched to the same ten digits rendered from every Thai font fontconfig knows (TLWG's Garuda,
Laksaman, Loma, Norasi and the rest; Sarabun where installed) and the project's own Sarabun.
The distance to the nearest other digit gives each choice its confidence, so the national-ID
check digit can still pick between close choices (`read.resolve_national_id`).
"""

from __future__ import annotations

import functools
import subprocess
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from docgen.intake.ocr.engine import CellRead, Symbol
from docgen.thai.digits import arabic_to_thai_digits

THAI_DIGITS = arabic_to_thai_digits("0123456789")
SIZE = 20  # each glyph is compared as a SIZE x SIZE square
_PROJECT_FONTS = Path(__file__).resolve().parents[2] / "fonts"


def _font_files() -> list[str]:
    """Thai fonts on this machine (fontconfig), plus the project's own."""
    found: set[str] = set()
    try:
        out = subprocess.run(
            ["fc-list", ":lang=th", "file"], capture_output=True, text=True, timeout=20
        ).stdout
        found.update(line.split(":")[0].strip() for line in out.splitlines() if line.strip())
    except (OSError, subprocess.SubprocessError):
        pass
    if _PROJECT_FONTS.is_dir():
        found.update(str(p) for p in _PROJECT_FONTS.glob("*.ttf"))
    # Slanted styles are not what forms are typed in; they blur the nearest neighbours.
    return sorted(f for f in found if not any(s in f for s in ("Oblique", "Italic")))


def _normalise(ink: Any) -> np.ndarray:
    """A glyph's ink (0-1 shade, tight box) as a SIZE x SIZE float square, aspect kept."""
    h, w = ink.shape
    side = max(h, w)
    square = np.zeros((side, side), np.float32)
    y0, x0 = (side - h) // 2, (side - w) // 2
    square[y0 : y0 + h, x0 : x0 + w] = ink
    small = cv2.resize(square, (SIZE, SIZE), interpolation=cv2.INTER_AREA)
    small = cv2.GaussianBlur(small, (3, 3), 0.8)
    norm = float(np.linalg.norm(small))
    return small.ravel() / norm if norm else small.ravel()


@functools.lru_cache(maxsize=1)
def _templates() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(features, digit index, aspect, font index) of every Thai digit in every font (64 px)."""
    from PIL import Image, ImageDraw, ImageFont

    feats: list[np.ndarray] = []
    labels: list[int] = []
    aspects: list[float] = []
    fonts: list[int] = []
    for number, path in enumerate(_font_files()):
        try:
            font = ImageFont.truetype(path, 64)
        except OSError:
            continue
        glyphs = []
        for i, ch in enumerate(THAI_DIGITS):
            img = Image.new("L", (120, 120), 0)
            ImageDraw.Draw(img).text((20, 10), ch, fill=255, font=font)
            ink = np.asarray(img) > 127
            ys, xs = np.nonzero(ink)
            if len(ys) < 20:  # the font has no glyph for it
                break
            shade = np.asarray(img, np.float32)[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1]
            glyphs.append((_normalise(shade / 255.0), i, shade.shape[1] / shade.shape[0]))
        if len(glyphs) < len(THAI_DIGITS):
            continue
        for feat, label, aspect in glyphs:
            feats.append(feat)
            labels.append(label)
            aspects.append(aspect)
            fonts.append(number)
    return np.array(feats), np.array(labels), np.array(aspects), np.array(fonts)


def available() -> bool:
    """True when at least one Thai font gave its digits."""
    return len(_templates()[0]) >= len(THAI_DIGITS)


def _components(ink: np.ndarray) -> list[tuple[int, int, int, int]]:
    """Boxes (x, y, w, h) of the inked shapes, pieces of one glyph merged, specks dropped."""
    n, _labels, stats, _c = cv2.connectedComponentsWithStats(ink.astype(np.uint8), connectivity=8)
    boxes = [tuple(int(v) for v in stats[i][:4]) for i in range(1, n) if stats[i][4] >= 4]
    if not boxes:
        return []
    tallest = max(b[3] for b in boxes)
    boxes = [b for b in boxes if b[3] >= 0.12 * tallest or b[2] >= 0.3 * tallest]
    boxes.sort()
    merged: list[list[int]] = []
    for x, y, w, h in boxes:
        if merged:
            px, py, pw, ph = merged[-1]
            overlap = min(px + pw, x + w) - max(px, x)
            same_line = min(py + ph, y + h) - max(py, y) > -0.2 * tallest
            if overlap > 0.5 * min(pw, w) and same_line:
                nx, ny = min(px, x), min(py, y)
                merged[-1] = [nx, ny, max(px + pw, x + w) - nx, max(py + ph, y + h) - ny]
                continue
        merged.append([x, y, w, h])
    return [(b[0], b[1], b[2], b[3]) for b in merged]


def _lines(boxes: list[tuple[int, int, int, int]]) -> list[list[tuple[int, int, int, int]]]:
    """Boxes grouped into lines top to bottom (a long ID wraps in a narrow column), each by x."""
    if not boxes:
        return []
    heights = sorted(b[3] for b in boxes)
    body = heights[len(heights) // 2] or 1
    lines: list[list[tuple[int, int, int, int]]] = []
    for box in sorted(boxes, key=lambda b: b[1] + b[3] / 2):
        middle = box[1] + box[3] / 2
        if lines:
            last = lines[-1]
            centre = sum(b[1] + b[3] / 2 for b in last) / len(last)
            if abs(middle - centre) < 0.6 * body:
                last.append(box)
                continue
        lines.append([box])
    return [sorted(line) for line in lines]


def _cut_dashes(
    ink: np.ndarray, line: list[tuple[int, int, int, int]], digit_h: int
) -> list[tuple[int, int, int, int]]:
    """A dash printed into the digit beside it (tight fonts such as Garuda) cut off as a dash:
    a run of columns whose ink is a thin stroke, as long as a dash, inside a digit-high shape."""
    out: list[tuple[int, int, int, int]] = []
    for x, y, w, h in line:
        if h < 0.6 * digit_h:
            out.append((x, y, w, h))
            continue
        part = ink[y : y + h, x : x + w] > 0
        filled = part.any(axis=0)
        top = np.where(filled, part.argmax(axis=0), 0)
        bottom = np.where(filled, h - 1 - part[::-1].argmax(axis=0), 0)
        thin = filled & (bottom - top + 1 <= 0.3 * digit_h)
        middle = (top + bottom) / 2
        pieces: list[tuple[int, int, bool]] = []  # (start, end, is a dash)
        start = 0
        for i in range(1, w + 1):
            if i == w or thin[i] != thin[start]:
                # A dash: at the shape's left or right end, as long as a dash, at mid-height.
                dash = (
                    bool(thin[start])
                    and (start == 0 or i == w)
                    and i - start >= 0.3 * digit_h
                    and 0.3 * h <= float(np.mean(middle[start:i])) <= 0.75 * h
                )
                pieces.append((start, i, dash))
                start = i
        if not any(dash for _a, _b, dash in pieces):
            out.append((x, y, w, h))
            continue
        # Short thin runs (a round digit's edge) stay with their neighbours.
        merged: list[list[Any]] = []
        for a, b, dash in pieces:
            if merged and not dash and not merged[-1][2]:
                merged[-1][1] = b
            else:
                merged.append([a, b, dash])
        for a, b, _dash in merged:
            sub = part[:, a:b]
            rows = np.nonzero(sub.any(axis=1))[0]
            if len(rows):
                out.append((x + a, y + int(rows[0]), b - a, int(rows[-1] - rows[0] + 1)))
    return out


class _Matcher:
    """Distances from inked boxes of one cell to every template."""

    def __init__(self, ink: np.ndarray, shade: np.ndarray) -> None:
        self.ink, self.shade = ink, shade
        self.feats, _labels, self.aspects, _fonts = _templates()

    def tight(self, x: int, y: int, w: int, h: int) -> tuple[int, int, int, int] | None:
        rows = np.nonzero(self.ink[y : y + h, x : x + w].any(axis=1))[0]
        if w <= 0 or not len(rows):
            return None
        return x, y + int(rows[0]), w, int(rows[-1] - rows[0] + 1)

    def distances(self, box: tuple[int, int, int, int]) -> np.ndarray:
        x, y, w, h = box
        # The shade, not the thresholded ink: a thin loop a threshold breaks stays a loop.
        f = _normalise(self.shade[y : y + h, x : x + w])
        return np.asarray(
            np.linalg.norm(self.feats - f, axis=1) + 0.15 * np.abs(np.log(self.aspects * h / w))
        )

    def split(self, box: tuple[int, int, int, int], k: int) -> tuple[float, list[np.ndarray]]:
        """`box` read as k digits printed into each other: the cuts that read best."""
        x, y, w, h = box
        if k == 1:
            row = self.distances(box)
            return float(row.min()), [row]
        best: tuple[float, list[np.ndarray]] = (float("inf"), [])
        step = 1 if k == 2 else 2
        for cut in range(max(2, int(0.6 * w / k)), min(w - 2, int(1.4 * w / k)) + 1, step):
            left, right = self.tight(x, y, cut, h), self.tight(x + cut, y, w - cut, h)
            if left is None or right is None:
                continue
            cost_left = float(self.distances(left).min())
            if cost_left >= best[0]:
                continue
            cost_rest, rows = self.split(right, k - 1)
            if cost_left + cost_rest < best[0]:
                best = (cost_left + cost_rest, [self.distances(left), *rows])
        return best if best[1] else self.split(box, 1)


def _glyph_rows(
    matcher: _Matcher, line: list[tuple[int, int, int, int]], digit_h: int
) -> list[str | np.ndarray]:
    """A line's dashes ("-") and each digit's distances to the templates. Two or three digits
    printed (or blurred) into one shape are cut where the pieces read best."""
    widths = sorted(b[2] for b in line if b[3] >= 0.6 * digit_h)
    one = widths[len(widths) // 2] if widths else 0
    items: list[str | np.ndarray] = []
    for x, y, w, h in line:
        if h < 0.45 * digit_h:
            if w > 1.4 * h:
                items.append("-")
            continue  # a speck or a full stop
        k = round(w / one) if one else 1
        if k >= 2 and w >= 1.6 * one:
            items.extend(matcher.split((x, y, w, h), min(k, 4))[1])
        else:
            items.append(matcher.distances((x, y, w, h)))
    return items


def read_thai_digits(gray: Any) -> CellRead:
    """A number cell (grayscale, dark ink on white) typed in Thai digits, given in Arabic digits.

    A cell is typed in one font: the font whose digits lie nearest to all the cell's shapes
    together is found first, and each shape is then read among that font's ten digits only,
    so another font's ๓ that looks like this font's ๑ cannot win.
    """
    feats, labels, _aspects, fonts = _templates()
    img = np.asarray(gray)
    if img.ndim == 3:
        img = cv2.cvtColor(img, cv2.COLOR_RGB2GRAY)
    _t, ink = cv2.threshold(img, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    if not ink.any() or len(feats) == 0:
        return CellRead("", 0.0)
    paper = float(np.median(img[ink == 0])) if (ink == 0).any() else 255.0
    shade = np.clip((paper - img.astype(np.float32)) / max(1.0, paper - float(img.min())), 0, 1)
    # Each line as a list of "-" and glyph distance rows (to every template).
    matcher = _Matcher(ink, shade)
    lines: list[list[str | np.ndarray]] = []
    for line in _lines(_components(ink)):
        digit_h = sorted(b[3] for b in line)[len(line) // 2] or 1
        lines.append(_glyph_rows(matcher, _cut_dashes(ink, line, digit_h), digit_h))
    rows = [item for items in lines for item in items if not isinstance(item, str)]
    if not rows:
        return CellRead(
            "\n".join("".join(i for i in items if isinstance(i, str)) for items in lines), 0.0
        )
    dist = np.vstack(rows)
    font_ids = np.unique(fonts)
    costs = [dist[:, fonts == f].min(axis=1).sum() for f in font_ids]
    mine = fonts == font_ids[int(np.argmin(costs))]
    mine_dist, mine_labels = dist[:, mine], labels[mine]
    out_lines: list[str] = []
    symbols: list[Symbol] = []
    g = 0
    for items in lines:
        text = ""
        for item in items:
            if isinstance(item, str):
                text += item
                continue
            order = np.argsort(mine_dist[g])
            ranked = [(int(mine_labels[i]), float(mine_dist[g][i])) for i in order]
            g += 1
            d1 = ranked[0][1]
            d2 = ranked[1][1] if len(ranked) > 1 else d1 + 1.0
            # Sure when the nearest other digit is much farther than the nearest one.
            confidence = max(0.0, min(1.0, 3.0 * (d2 - d1) / (d2 + 1e-6)))
            others = [(str(lab), max(0.0, min(1.0, d1 / (d + 1e-6)))) for lab, d in ranked[1:3]]
            ch = str(ranked[0][0])
            text += ch
            symbols.append(Symbol(ch, confidence, ((ch, confidence), *others)))
        if text:
            out_lines.append(text)
    return CellRead("\n".join(out_lines), min(s.confidence for s in symbols), tuple(symbols))
