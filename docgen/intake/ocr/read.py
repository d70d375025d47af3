"""Scans and photos read into the same DocumentContent the DOCX/XLSX readers give.

Per page: prepare (orientation, perspective, deskew, even light), find the ruled tables and
read them cell by cell (digit columns with digits only), then the running text around them
with Tesseract's `--psm 4` (one column of lines of varying size). National IDs that fail their
check digit are retried with the engine's second choices for their least sure digits; what
stays unsure becomes an OcrDoubt (page, row), never a guess.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from contextvars import copy_context
from dataclasses import dataclass, field
from difflib import SequenceMatcher, get_close_matches
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from docgen.intake.extract_tables import header_field
from docgen.intake.ocr import engine
from docgen.intake.ocr.grid import Grid, find_grids, line_masks
from docgen.intake.ocr.options import OcrOptions, current_options
from docgen.intake.ocr.prepare import PreparedPage, prepare
from docgen.model import DocumentContent, OcrDoubt, OcrInfo, OcrPage, Table
from docgen.thai.ids import is_valid_national_id
from docgen.thai.pdftext import join_wrapped, repair_thai
from docgen.thai.text import compact

DIGIT_FIELDS = {"national_id", "order", "house_no", "moo", "phone"}
NAME_FIELDS = {"full", "first", "last"}
# Below these a value is shown to the officer as unsure (measured on degraded sample pages:
# clean cells read at 0.85-0.97, wrong ones mostly under 0.6).
DOUBT_NAME = 0.55
DOUBT_DIGIT = 0.80
SURE_DIGIT = 0.85  # a digit at or above this is not replaced by the engine's second choice
THREADS = 2


@dataclass
class _PageResult:
    page: OcrPage
    doubts: list[OcrDoubt] = field(default_factory=list)
    confidences: list[float] = field(default_factory=list)


def _pil(array: Any) -> Image.Image:
    return Image.fromarray(array)


def _cell_crop(
    prep: PreparedPage, box: tuple[int, int, int, int], *, gray: bool = False
) -> Any | None:
    """The cell's ink, cut tight with a white margin; None for an empty cell. Thai reads best
    from the binary page (small marks kept whole), digits from the gray one (7 and 1 keep
    their shape)."""
    x0, y0, x1, y1 = box
    pad = 6
    if x1 - x0 <= 2 * pad + 4 or y1 - y0 <= 2 * pad + 4:
        return None
    ink = prep.ink[y0 + pad : y1 - pad, x0 + pad : x1 - pad]
    ys, xs = np.nonzero(ink)
    if len(ys) < 25:
        return None
    top, bottom = ys.min(), ys.max()
    left, right = xs.min(), xs.max()
    if bottom - top < 6:
        return None  # a dot or a stray rule fragment
    if gray:
        crop = prep.gray[
            y0 + pad + top : y0 + pad + bottom + 1, x0 + pad + left : x0 + pad + right + 1
        ]
        return np.pad(crop, 20, constant_values=255)
    crop = ink[top : bottom + 1, left : right + 1]
    return np.pad(255 - crop, 20, constant_values=255)


def line_strips(crop: Any) -> list[tuple[int, int]]:
    """The text lines of a cell image, top to bottom, as (y0, y1). Thai marks above or below
    a line make thin bands of their own; each goes with the nearest line. (Tesseract's block
    mode reads such a band as a line of its own: สายสุนีย์ comes out as ุ ี ์ over สายสนย.)"""
    dark = (crop < 128).any(axis=1)
    bands: list[list[int]] = []
    for y, on in enumerate(dark):
        if on and bands and y - bands[-1][1] <= 4:
            bands[-1][1] = y
        elif on:
            bands.append([y, y])
    if not bands:
        return []
    tallest = max(b[1] - b[0] + 1 for b in bands)
    lines = [b[:] for b in bands if b[1] - b[0] + 1 >= 0.6 * tallest]
    for b in bands:
        if b[1] - b[0] + 1 >= 0.6 * tallest:
            continue
        middle = (b[0] + b[1]) / 2
        nearest = min(lines, key=lambda line: abs((line[0] + line[1]) / 2 - middle))
        nearest[0], nearest[1] = min(nearest[0], b[0]), max(nearest[1], b[1])
    return [(line[0], line[1] + 1) for line in lines]


def read_cell_lines(crop: Any, *, digits: bool = False) -> engine.CellRead:
    """A cell read line by line (single-line mode, which keeps each line's marks with it)."""
    strips = line_strips(crop)
    if len(strips) <= 1:
        # A short word (หมู่) or one digit can be too small for line mode: block mode, then
        # single-character mode find it.
        for psm in (7, 6, 10):
            read = engine.read_cell(_pil(crop), digits=digits, psm=psm)
            if read.text:
                break
        return read
    reads = [
        engine.read_cell(
            _pil(np.pad(crop[max(0, y0 - 2) : y1 + 2], 16, constant_values=255)), digits=digits
        )
        for y0, y1 in strips
    ]
    reads = [r for r in reads if r.text]
    if not reads:
        return engine.CellRead("", 0.0)
    return engine.CellRead(
        "\n".join(r.text for r in reads),
        min(r.confidence for r in reads),
        tuple(sym for r in reads for sym in r.symbols),
    )


def _join_cell(text: str) -> str:
    lines = [repair_thai(line.strip()) for line in text.splitlines() if line.strip()]
    return join_wrapped(lines) if lines else ""


def _digits_text(read: engine.CellRead) -> str:
    return re.sub(r"\s+", "", read.text)


def resolve_national_id(read: engine.CellRead) -> tuple[str, bool]:
    """The ID as read, or corrected by one second choice, and whether it is clear.

    A 13-digit ID that fails its check digit is tried with the engine's other choices for
    each digit it was unsure of (below SURE_DIGIT); exactly one passing candidate is taken.
    Sure digits are never replaced: any one wrong digit can be "fixed" at any position, so
    only the engine's own doubt says where to look.
    """
    raw = _digits_text(read)
    digit_symbols = [s for s in read.symbols if s.text.isdigit()]
    value = "".join(s.text for s in digit_symbols)
    least = min((s.confidence for s in digit_symbols), default=read.confidence)
    if len(value) != 13 or value != re.sub(r"\D", "", raw):
        return raw, read.confidence >= DOUBT_DIGIT and len(re.sub(r"\D", "", raw)) == 13
    if is_valid_national_id(value):
        return raw, True
    candidates: set[str] = set()
    for i, sym in enumerate(digit_symbols):
        if sym.confidence >= SURE_DIGIT:
            continue
        for alt, _conf in sym.choices:
            if alt.isdigit() and alt != sym.text:
                candidate = value[:i] + alt + value[i + 1 :]
                if is_valid_national_id(candidate):
                    candidates.add(candidate)
    if len(candidates) == 1:
        fixed = iter(next(iter(candidates)))
        return "".join(next(fixed) if ch.isdigit() else ch for ch in raw), True
    return raw, least >= SURE_DIGIT


# Header words as forms print them; a header cell read by OCR (ซือ-สกุล, ลำดับที) is matched
# to the nearest of these and written as printed, so extraction sees the words it knows.
HEADER_VOCABULARY = (
    "ลำดับ",
    "ลำดับที่",
    "ที่",
    "ชื่อ-สกุล",
    "ชื่อ - นามสกุล",
    "ชื่อ-นามสกุล",
    "ชื่อและนามสกุล",
    "ชื่อ",
    "นามสกุล",
    "คำนำหน้า",
    "เลขประจำตัวประชาชน",
    "เลขบัตรประจำตัวประชาชน",
    "เลขบัตรประชาชน",
    "บ้านเลขที่",
    "เลขที่",
    "หมู่",
    "หมู่ที่",
    "ตำบล",
    "อำเภอ",
    "จังหวัด",
    "ที่อยู่",
    "ตำแหน่ง",
    "ตำแหน่งในกลุ่ม",
    "ลายมือชื่อ",
    "โทรศัพท์",
    "เบอร์โทรศัพท์",
    "หมายเหตุ",
    "อายุ",
    "กิจกรรม",
    "ระยะเวลา",
    "งบประมาณ",
)
HEADER_WORDS: dict[str, str] = {}
for _word in HEADER_VOCABULARY:
    _field = header_field(_word)
    if _field:
        HEADER_WORDS.setdefault(_field, _word)


def ocr_header_field(cell: str) -> str | None:
    """header_field, tolerant of OCR noise: the nearest printed header word (ratio >= 0.75)."""
    found = header_field(cell)
    if found or not cell:
        return found
    key = compact(cell)
    best, score = "", 0.0
    for word in HEADER_VOCABULARY:
        ratio = SequenceMatcher(None, key, compact(word)).ratio()
        if ratio > score:
            best, score = word, ratio
    return header_field(best) if score >= 0.75 else None


POSTS = (
    "ประธาน",
    "ประธานกรรมการ",
    "รองประธาน",
    "เลขานุการ",
    "ผู้ช่วยเลขานุการ",
    "เหรัญญิก",
    "ผู้ช่วยเหรัญญิก",
    "กรรมการ",
    "ประชาสัมพันธ์",
    "ปฏิคม",
    "ผู้ตรวจสอบ",
    "ที่ปรึกษา",
)
PLACE_FIELDS = {"subdistrict", "district", "province"}


@lru_cache(maxsize=1)
def _place_list() -> list[str]:
    from docgen.thai.places import _place_names

    return sorted(_place_names())


@lru_cache(maxsize=4096)
def snap_value(column: str, text: str) -> str:
    """A place name or committee post misread by a letter or a mark (ไซชยา, เลขานุกร) is taken
    as the nearest real one, as a person reading the scan would; other text stays as read."""
    if column in PLACE_FIELDS:
        words = _place_list()
        if not text or text in words or len(text) < 3:
            return text
        close = get_close_matches(text, words, n=1, cutoff=0.75)
        return close[0] if close else text
    if column == "position":
        if not text or text in POSTS:
            return text
        close = get_close_matches(text, POSTS, n=1, cutoff=0.7)
        return close[0] if close else text
    return text


def _header_index(rows: list[list[str]]) -> tuple[int, list[str | None]]:
    for i, row in enumerate(rows[:3]):
        fields = [ocr_header_field(c) if c else None for c in row]
        if sum(1 for f in fields if f) >= 2 and any(f in NAME_FIELDS for f in fields):
            return i, fields
    return -1, []


def _read_grid(prep: PreparedPage, grid: Grid, page_no: int, result: _PageResult) -> Table:
    cells = grid.cells()
    crops = [[_cell_crop(prep, box) for box in row] for row in cells]
    # The header first (text), so the digit columns are known before their cells are read.
    rows: list[list[str]] = []
    head_reads: list[list[str]] = []
    for r in range(min(3, len(crops))):
        line = [_join_cell(read_cell_lines(c).text) if c is not None else "" for c in crops[r]]
        head_reads.append(line)
    header_at, fields = _header_index(head_reads)
    if header_at >= 0:
        head_reads[header_at] = [
            HEADER_WORDS.get(f, c) if f else c
            for f, c in zip(fields, head_reads[header_at], strict=False)
        ]
    for r, row in enumerate(crops):
        if r < len(head_reads) and (header_at < 0 or r <= header_at):
            rows.append(head_reads[r])
            continue
        out: list[str] = []
        for c, crop in enumerate(row):
            column = fields[c] if c < len(fields) else None
            if crop is None:
                out.append("")
                continue
            if column in DIGIT_FIELDS:
                gray_crop = _cell_crop(prep, cells[r][c], gray=True)
                read = read_cell_lines(gray_crop if gray_crop is not None else crop, digits=True)
                text = _digits_text(read)
                if column == "national_id":
                    text, clear = resolve_national_id(read)
                    if not clear:
                        result.doubts.append(OcrDoubt(page_no, r + 1, "national_id", text))
                elif read.confidence < DOUBT_DIGIT and column == "phone":
                    result.doubts.append(OcrDoubt(page_no, r + 1, "phone", text))
            else:
                read = read_cell_lines(crop)
                text = snap_value(column or "", _join_cell(read.text))
                if column in NAME_FIELDS and text and read.confidence < DOUBT_NAME:
                    result.doubts.append(OcrDoubt(page_no, r + 1, column or "full", text))
            if text:
                result.confidences.append(read.confidence)
            out.append(text)
        rows.append(out)
    if header_at > 0:
        # Rows above the header are the table's caption, not rows.
        rows = rows[header_at:]
        offset = header_at
    else:
        offset = 0
    numbered = [(i + 1 + offset, row) for i, row in enumerate(rows) if any(c for c in row)]
    return Table(
        rows=tuple(tuple(row) for _n, row in numbered),
        row_numbers=tuple(n - offset for n, _row in numbered),
    )


def _bands(ink: Any, grids: list[Grid]) -> list[tuple[int, int]]:
    """The page's horizontal bands outside its tables, each holding some ink."""
    h = ink.shape[0]
    edges = [0]
    for grid in grids:
        edges.extend((max(0, grid.rows[0] - 4), min(h, grid.rows[-1] + 5)))
    edges.append(h)
    bands = []
    for y0, y1 in zip(edges[::2], edges[1::2], strict=True):
        if y1 - y0 >= 12 and int(np.count_nonzero(ink[y0:y1])) > 200:
            bands.append((y0, y1))
    return bands


def read_page(
    image: Image.Image, page_no: int, image_root: Path | None = None, image_subdir: str = ""
) -> _PageResult:
    """One page image: its tables cell by cell and its running text around them."""
    prep = prepare(image)
    masks = line_masks(prep.ink)
    grids = find_grids(prep.ink, masks)
    # Only rules inside a table: a long underline or dotted line of a form stays text.
    inside = np.zeros(prep.ink.shape, dtype=bool)
    for grid in grids:
        x0, y0, x1, y1 = grid.box
        inside[max(0, y0 - 6) : y1 + 7, max(0, x0 - 6) : x1 + 7] = True
    rules = (np.bitwise_or(masks[0], masks[1]) > 0) & inside
    # Cells and text are read with the rules taken out: a rule's stub reads as ๑, |, [ or 1.
    clean = PreparedPage(
        gray=np.where(rules, 255, prep.gray).astype(np.uint8),
        ink=np.where(rules, 0, prep.ink).astype(np.uint8),
        skew=prep.skew,
        flattened=prep.flattened,
    )
    result = _PageResult(OcrPage(page_no, (), (), 0.0))
    tables = [(grid, _read_grid(clean, grid, page_no, result)) for grid in grids]
    masked = (255 - clean.ink).astype(np.uint8)
    for grid in grids:
        x0, y0, x1, y1 = grid.box
        masked[max(0, y0 - 4) : y1 + 5, max(0, x0 - 4) : x1 + 5] = 255
    bands = _bands(clean.ink, grids)
    band_lines: list[tuple[int, list[str]]] = []
    for (y0, _y1), (text, confidence) in zip(
        bands, engine.read_bands(_pil(masked), bands, psm=4), strict=True
    ):
        lines = []
        for raw in text.splitlines():
            line = repair_thai(re.sub(r"\s*\|\s*", " ", raw)).strip()
            if line and re.search(r"[0-9A-Za-z\u0e01-\u0e4f]", line):
                lines.append(line)
        if lines:
            band_lines.append((y0, lines))
            result.confidences.append(confidence)
    titled: list[Table] = []
    for grid, table in tables:
        above = [ls for y, ls in band_lines if y < grid.rows[0]]
        titled.append(Table(table.rows, table.row_numbers, title=above[-1][-1] if above else ""))
    saved = ""
    if image_root is not None:
        relative = Path(image_subdir) / f"page-{page_no:03d}.png"
        (image_root / relative).parent.mkdir(parents=True, exist_ok=True)
        small = _pil(prep.gray)
        small.thumbnail((1400, 1400))
        small.save(image_root / relative, optimize=True)
        saved = relative.as_posix()
    confidence = float(np.mean(result.confidences)) if result.confidences else 0.0
    paragraphs = tuple(line for _y, ls in band_lines for line in ls)
    result.page = OcrPage(page_no, paragraphs, tuple(titled), confidence, image=saved)
    return result


def read_images(pages: Iterable[Image.Image]) -> DocumentContent:
    """The pages of one document read by OCR, two at a time (each thread its own engine)."""
    options = current_options.get() or OcrOptions()
    progress = options.progress
    images = list(pages)

    def one(args: tuple[int, Image.Image]) -> _PageResult:
        number, image = args
        out = read_page(image, number, options.image_root, options.image_subdir)
        if progress is not None:
            progress.page_done()
        return out

    if len(images) > 1:
        with ThreadPoolExecutor(max_workers=THREADS) as pool:
            contexts = [copy_context() for _ in images]
            futures = [
                pool.submit(ctx.run, one, (i, img))
                for ctx, (i, img) in zip(contexts, enumerate(images, start=1), strict=True)
            ]
            results = [f.result() for f in futures]
    else:
        results = [one((1, images[0]))] if images else []
    paragraphs: list[str] = []
    tables: list[Table] = []
    doubts: list[OcrDoubt] = []
    confidences: list[float] = []
    for res in results:
        paragraphs.extend(res.page.paragraphs)
        tables.extend(res.page.tables)
        doubts.extend(res.doubts)
        confidences.extend(res.confidences)
    confidence = float(np.mean(confidences)) if confidences else 0.0
    info = OcrInfo(confidence, tuple(r.page for r in results), tuple(doubts))
    return DocumentContent(tuple(paragraphs), tuple(tables), pages=len(results), ocr=info)
