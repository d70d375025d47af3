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
from docgen.intake.ocr import engine, thai_digits
from docgen.intake.ocr.grid import Grid, find_grids, line_masks
from docgen.intake.ocr.options import OcrOptions, current_options
from docgen.intake.ocr.prepare import PreparedPage, prepare
from docgen.intake.ocr.wide import (
    PageLines,
    join_wide_pages,
    join_wide_tables,
    parted_id,
    settled_places,
)
from docgen.model import DocumentContent, OcrDoubt, OcrInfo, OcrPage, Table
from docgen.thai.digits import thai_to_arabic_digits
from docgen.thai.ids import is_valid_national_id
from docgen.thai.pdftext import join_wrapped, repair_thai
from docgen.thai.places import closest_place, resolve_place
from docgen.thai.text import compact, ocr_key, strip_leaders

DIGIT_FIELDS = {"national_id", "order", "house_no", "moo", "phone"}
NAME_FIELDS = {"full", "first", "last"}
# Below these a value is shown to the officer as unsure (measured on degraded sample pages:
# clean cells read at 0.85-0.97, wrong ones mostly under 0.6).
DOUBT_NAME = 0.55
DOUBT_DIGIT = 0.80
SURE_DIGIT = 0.85  # a digit at or above this is not replaced by the engine's second choice
# Only a digit the engine barely chose (below this) is replaced by the choice that passes the
# check digit. One it nearly trusted is more likely right, and a passing replacement for it more
# likely the check digit's chance answer to a wrong digit elsewhere (read sure, or a digit lost
# and another added). In bench/ocr_ids.py's damaged cells the right corrections were nearly all
# of digits read below 0.5; the wrong one, of a right digit read at 0.82.
FIX_DIGIT = 0.6
THREADS = 2


@dataclass
class _PageResult:
    page: OcrPage
    doubts: list[OcrDoubt] = field(default_factory=list)
    confidences: list[float] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)  # y0, y1 of each paragraph line
    height: int = 0


def _pil(array: Any) -> Image.Image:
    return Image.fromarray(array)


# Ink blobs of fewer pixels than this are specks (a fax's or copier's salt noise, dust), not
# marks: a full stop or a tone mark of 16 pt print read at ~200 DPI has 12 or more.
SPECK_AREA = 8


def _without_specks(ink: Any) -> Any:
    """The cell's ink without its specks, to tell an empty cell and to cut the crop: an empty
    roster row of a 1-bit fax, dotted with noise, read as a name ("ลั็ไเ") otherwise."""
    import cv2

    count, labels, stats, _ = cv2.connectedComponentsWithStats(
        (ink > 0).astype(np.uint8), connectivity=8
    )
    if count <= 1:
        return ink
    keep = stats[:, cv2.CC_STAT_AREA] >= SPECK_AREA
    keep[0] = False
    return keep[labels]


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
    ys, xs = np.nonzero(_without_specks(ink))
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


def read_cell_lines(
    crop: Any, *, digits: bool = False, thai_digits: bool = False
) -> engine.CellRead:
    """A cell read line by line (single-line mode, which keeps each line's marks with it)."""
    strips = line_strips(crop)
    if len(strips) <= 1:
        # A short word (หมู่) or one digit can be too small for line mode: block mode, then
        # single-character mode find it.
        for psm in (7, 6, 10):
            read = engine.read_cell(_pil(crop), digits=digits, thai_digits=thai_digits, psm=psm)
            if read.text:
                break
        return read
    reads = [
        engine.read_cell(
            _pil(np.pad(crop[max(0, y0 - 2) : y1 + 2], 16, constant_values=255)),
            digits=digits,
            thai_digits=thai_digits,
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


def _read_arabic_cell(
    prep: PreparedPage, box: tuple[int, int, int, int], ink_crop: Any
) -> engine.CellRead:
    """A digit cell read from the gray page; when that finds nothing in a cell that has ink,
    from the binary page, then at twice the size. (The LSTM now and then returns nothing for
    a lone clear digit, a 3 in an order column, in one rendering and reads it in another.)"""
    gray_crop = _cell_crop(prep, box, gray=True)
    tries = [gray_crop, ink_crop] if gray_crop is not None else [ink_crop]
    for crop in tries:
        read = read_cell_lines(crop, digits=True)
        if read.text:
            return read
    big = _pil(ink_crop)
    return read_cell_lines(np.asarray(big.resize((big.width * 2, big.height * 2))), digits=True)


def _read_digit_cell(
    prep: PreparedPage,
    box: tuple[int, int, int, int],
    ink_crop: Any,
    column: int,
    thai_columns: dict[int, bool],
) -> engine.CellRead:
    """A number cell in the column's script: the first filled cell of a digit column is read as
    Arabic and as Thai digits, and the likelier (more digits at a higher confidence) decides the
    column, since a form types a whole column one way and each script misreads the other."""
    gray_crop = _cell_crop(prep, box, gray=True)
    crop = gray_crop if gray_crop is not None else ink_crop
    if column in thai_columns:
        return _read_thai(crop) if thai_columns[column] else _read_arabic_cell(prep, box, ink_crop)
    arabic = _read_arabic_cell(prep, box, ink_crop)
    thai = read_cell_lines(crop, digits=True, thai_digits=True)
    if not arabic.text and not thai.text:
        return arabic  # an empty cell decides nothing
    thai_columns[column] = _digit_score(thai) > _digit_score(arabic)
    return _read_thai(crop) if thai_columns[column] else arabic


def _read_thai(crop: Any) -> engine.CellRead:
    """Thai digits by their shapes (Tesseract's Thai model confuses ๔/๕ and ๖/๒)."""
    if thai_digits.available():
        return thai_digits.read_thai_digits(crop)
    return read_cell_lines(crop, digits=True, thai_digits=True)


def _digit_score(read: engine.CellRead) -> float:
    digits = [s.confidence for s in read.symbols if s.text.isdigit()]
    return sum(digits) / max(1, len(digits)) * min(1.0, len(digits) / 13) if digits else 0.0


def _join_cell(text: str) -> str:
    # A "|" at either end of a cell's line is the stub of a rule left in the cell (a rule a
    # photo leaves leaning is not all taken out); Thai text never holds one.
    lines = [repair_thai(line.strip(" |")) for line in text.splitlines() if line.strip(" |")]
    return join_wrapped(lines) if lines else ""


def _digits_text(read: engine.CellRead) -> str:
    return re.sub(r"\s+", "", read.text)


def resolve_national_id(read: engine.CellRead) -> tuple[str, bool]:
    """The ID as read, or corrected by one second choice, and whether it is clear.

    A 13-digit ID that fails its check digit, with one digit the engine was unsure of (below
    SURE_DIGIT), has that digit put right if the engine barely chose it (below FIX_DIGIT) and
    the one digit of all ten that passes the check there is among its other choices. Sure
    digits are never replaced: any one wrong digit can be "fixed" at any position, so only the
    engine's own doubt says where to look, and a check digit passes by chance for about one
    replacement in ten.
    """
    raw = _digits_text(read)
    digit_symbols = [s for s in read.symbols if s.text.isdigit()]
    value = "".join(s.text for s in digit_symbols)
    least = min((s.confidence for s in digit_symbols), default=read.confidence)
    if len(value) != 13 or value != re.sub(r"\D", "", raw):
        return raw, read.confidence >= DOUBT_DIGIT and len(re.sub(r"\D", "", raw)) == 13
    groups = [len(g) for g in re.split(r"[-\s]+", raw) if g]
    if len(groups) > 1 and groups != [1, 4, 5, 2, 1]:
        # Dashes where an ID has none (1-2345-67890-12-3): a digit was cut in two or two run
        # together, so the digits themselves are in doubt even if they pass the check.
        return raw, False
    if is_valid_national_id(value):
        return raw, True
    unsure = [s for s in digit_symbols if s.confidence < SURE_DIGIT]
    if len(unsure) != 1:
        # The check digit can put right one digit at a known place, no more: with two unsure
        # digits, one replaced digit passes the check by chance about once in five tries.
        return raw, not unsure
    at, sym = next((i, s) for i, s in enumerate(digit_symbols) if s.confidence < SURE_DIGIT)
    # The digits that pass the check there, of all ten: one, and one of the engine's own
    # choices for that glyph, or no correction (a check digit of 1 stands for two sums, so two
    # digits pass and the engine's choices may hold only the wrong one).
    passing = [d for d in "0123456789" if is_valid_national_id(value[:at] + d + value[at + 1 :])]
    choices = {alt for alt, _conf in sym.choices if alt.isdigit() and alt != sym.text}
    if sym.confidence < FIX_DIGIT and len(passing) == 1 and passing[0] in choices:
        fixed = iter(value[:at] + passing[0] + value[at + 1 :])
        return "".join(next(fixed) if ch.isdigit() else ch for ch in raw), True
    return raw, least >= SURE_DIGIT


def _checked_national_id(read: engine.CellRead, ink_crop: Any) -> tuple[str, bool]:
    """resolve_national_id, and for an ID that still fails its check digit a second reading
    from the binary page: one that passes, a digit or two from the first, is the ID (a check
    digit passes by chance one time in ten, and here on top of a near match); one that reads
    other digits makes the ID unsure. Only an ID both readings give alike is clearly wrong."""
    text, clear = resolve_national_id(read)
    if is_valid_national_id(re.sub(r"\D", "", text)):
        return text, clear
    again, _clear = resolve_national_id(read_cell_lines(ink_crop, digits=True))
    first, second = re.sub(r"\D", "", text), re.sub(r"\D", "", again)
    if len(first) == len(second) == 13:
        apart = sum(a != b for a, b in zip(first, second, strict=True))
        if is_valid_national_id(second) and apart <= 2:
            return again, True
    return text, clear and first == second


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
    # A header word read without its marks or with a look-alike letter (ซือ for ชื่อ: a 150 DPI
    # scan loses the marks of small print) is that word.
    found = _header_keys().get(ocr_key(cell))
    if found:
        return found
    key = compact(cell)
    best, score = "", 0.0
    for word in HEADER_VOCABULARY:
        ratio = SequenceMatcher(None, key, compact(word)).ratio()
        if ratio > score:
            best, score = word, ratio
    return header_field(best) if score >= 0.75 else None


@lru_cache(maxsize=1)
def _header_keys() -> dict[str, str]:
    keys: dict[str, str] = {}
    for word in HEADER_VOCABULARY:
        field_name = header_field(word)
        if field_name:
            keys.setdefault(ocr_key(word), field_name)
    return keys


def ocr_header_word(word: str) -> str | None:
    """The column a word names when it is a header word as forms print them, give or take
    OCR noise (ratio >= 0.75 to the nearest); unlike header_field, not a word that only holds
    one (ตำบลศรีสุข, จังหวัดอุบลราชธานี in a title line)."""
    key = compact(word)
    if not key:
        return None
    if ocr_key(word) in _header_keys():
        return _header_keys()[ocr_key(word)]
    best = max(HEADER_VOCABULARY, key=lambda w: SequenceMatcher(None, key, compact(w)).ratio())
    return header_field(best) if SequenceMatcher(None, key, compact(best)).ratio() >= 0.75 else None


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
        # Compared in ocr_key form: a post read without its marks or with a look-alike letter
        # (ผูช่วยเหรัญญิก, เลขานุกร) is the post, while ผู้ช่วย… never becomes the post it assists.
        keys = _post_keys()
        key = ocr_key(text)
        if key in keys:
            return keys[key]
        close = get_close_matches(key, list(keys), n=1, cutoff=0.7)
        return keys[close[0]] if close else text
    return text


@lru_cache(maxsize=1)
def _post_keys() -> dict[str, str]:
    return {ocr_key(post): post for post in POSTS}


def _settle_places(
    row: list[str], fields: list[str | None], page_no: int, row_no: int, result: _PageResult
) -> None:
    """A row's subdistrict, district and province as read, taken together: names that fit a
    real place stay; names within OCR noise of exactly one real place become its names; names
    that fit none for sure are an OcrDoubt for the row (UNCLEAR_TEXT, not UNKNOWN_PLACE). A
    row with one place column only has each name snapped on its own, as before."""
    at = {f: i for i, f in enumerate(fields) if f in PLACE_FIELDS and i < len(row)}
    names = {f: row[i] for f, i in at.items()}
    if len([v for v in names.values() if v]) < 2 or not names.get("subdistrict"):
        for f, i in at.items():
            row[i] = snap_value(f, row[i])
        return
    sub, dist, prov = (names.get(k, "") for k in ("subdistrict", "district", "province"))
    if resolve_place(sub, dist, prov).resolved:
        return
    closest = closest_place(sub, dist, prov)
    if closest is None:
        shown = " ".join(
            f"{label}{value}" for label, value in (("ต.", sub), ("อ.", dist), ("จ.", prov)) if value
        )
        result.doubts.append(OcrDoubt(page_no, row_no, "place", shown))
        return
    for f, value in zip(("subdistrict", "district", "province"), closest, strict=True):
        if f in at and row[at[f]]:
            row[at[f]] = value


def _header_index(rows: list[list[str]]) -> tuple[int, list[str | None]]:
    for i, row in enumerate(rows[:3]):
        fields = [ocr_header_field(c) if c else None for c in row]
        if sum(1 for f in fields if f) >= 2 and any(f in NAME_FIELDS for f in fields):
            return i, fields
    return -1, []


def _fields_by_content(rows: list[list[str]]) -> list[str | None]:
    """Number columns of a table without a header, from the first rows as read as text: a
    column of 13 digits is national IDs, of 9-10 digits from 0 phones, of 1-3 in front order."""
    width = max((len(row) for row in rows), default=0)
    fields: list[str | None] = []
    for c in range(width):
        values = [
            thai_to_arabic_digits(re.sub(r"[\s\-.]", "", row[c]))
            for row in rows
            if c < len(row) and row[c].strip()
        ]
        # As text, a Thai digit may come back as a letter (๑ as ด): most of it digits is enough.
        numeric = [v for v in values if v and sum(ch.isdigit() for ch in v) >= 0.6 * len(v)]
        field: str | None = None
        if values and 3 * len(numeric) >= 2 * len(values):
            n = sorted(sum(ch.isdigit() for ch in v) for v in numeric)[len(numeric) // 2]
            if n >= 11:
                field = "national_id"
            elif n in (9, 10) and all(v.startswith("0") for v in numeric):
                field = "phone"
            elif n <= 3 and c == 0:
                field = "order"
        fields.append(field)
    return fields


# A cell holding the stated count says the number and at most its unit (18 ราย, ๑๘ คน).
_COUNT_CELL = re.compile(r"^\s*[0-9\u0e50-\u0e59]{1,4}\s*(?:ราย|คน)?\s*$")


def _count_cell_digits(gray: Any, *, unit: bool) -> str:
    """The number at the start of a count's cell (`18 ราย`) read digits only: the cell's ink up
    to its widest gap (the space before the `unit`), or all of it when it has none."""
    dark = np.nonzero((gray < 128).any(axis=0))[0]
    if len(dark) < 2:
        return ""
    gaps = np.diff(dark)
    cut = int(dark[int(np.argmax(gaps))]) + 1 if unit else gray.shape[1]
    number = np.pad(gray[:, :cut], 10, constant_values=255)
    read = engine.read_cell(_pil(number), digits=True)
    return _digits_text(read) if read.confidence >= SURE_COUNT else ""


def _check_count_cells(
    prep: PreparedPage,
    boxes: list[tuple[int, int, int, int]],
    texts: list[str],
    sure_of: list[float],
    page_no: int,
    row_no: int,
    result: _PageResult,
) -> None:
    """A request form typed as a table (จำนวนสมาชิก | 18 ราย): the number's cell is read once
    as text (`texts`, with the engine's confidence in `sure_of`), so the count is taken only
    when that reading is sure, the cell holds nothing but the number and its unit, and the gray
    page's reading of it gives the same number; else an OcrDoubt for the count, as for a form's
    line (a fax read 18 as 16 with no doubt)."""
    from docgen.intake.extract_group import stated_members

    label = next((i for i, t in enumerate(texts) if _COUNT_LABEL.search(ocr_key(t))), None)
    if label is None:
        return
    at = next(
        (i for i in range(label + 1, len(texts)) if re.search(r"[0-9\u0e50-\u0e59]", texts[i])),
        None,
    )
    if at is None:
        return  # the count's cell left blank, or the count in the label's own cell (a line)
    count = stated_members([" ".join(texts[label:])])
    sure = False
    if count is not None and _COUNT_CELL.match(texts[at]):
        gray = _cell_crop(prep, boxes[at], gray=True)
        again = read_cell_lines(gray) if gray is not None else None
        # Read as Thai text, a fax's 8 can come out 6 twice over, surely; the number's own ink
        # read digits only must say the same.
        sure = (
            gray is not None
            and again is not None
            and stated_members(["จำนวนสมาชิก " + texts[at]]) == count
            and stated_members(["จำนวนสมาชิก " + _join_cell(again.text)]) == count
            and min(sure_of[at], again.confidence) >= SURE_COUNT
            and _count_cell_digits(gray, unit=bool(re.search(r"ราย|คน", texts[at]))) == str(count)
        )
    if not sure:
        result.doubts.append(OcrDoubt(page_no, row_no, "member_count", " ".join(texts)))


def _read_grid(prep: PreparedPage, grid: Grid, page_no: int, result: _PageResult) -> Table:
    cells = grid.cells()
    crops = [[_cell_crop(prep, box) for box in row] for row in cells]
    # The header first (text), so the digit columns are known before their cells are read.
    rows: list[list[str]] = []
    head_cells = [
        [read_cell_lines(c) if c is not None else None for c in crops[r]]
        for r in range(min(3, len(crops)))
    ]
    head_reads = [[_join_cell(c.text) if c else "" for c in line] for line in head_cells]
    header_at, fields = _header_index(head_reads)
    if header_at < 0:
        # No header row: a table carried over from the page before. Its number columns are
        # known by what they hold, so they are read as numbers like the first page's.
        fields = _fields_by_content(head_reads)
    thai_columns: dict[int, bool] = {}  # digit column -> typed in Thai digits (๐-๙)
    if header_at >= 0:
        head_reads[header_at] = [
            HEADER_WORDS.get(f, c) if f else c
            for f, c in zip(fields, head_reads[header_at], strict=False)
        ]
    for r, row in enumerate(crops):
        if r < len(head_reads) and r <= header_at:
            rows.append(head_reads[r])
            continue
        out: list[str] = []
        sure_of: list[float] = []  # each cell's read confidence (0 for an empty cell)
        for c, crop in enumerate(row):
            column = fields[c] if c < len(fields) else None
            if crop is None:
                out.append("")
                sure_of.append(0.0)
                continue
            if column in DIGIT_FIELDS:
                read = _read_digit_cell(prep, cells[r][c], crop, c, thai_columns)
                text = _digits_text(read)
                if column == "national_id":
                    text, clear = _checked_national_id(read, crop)
                    if not clear:
                        result.doubts.append(OcrDoubt(page_no, r + 1, "national_id", text))
                elif read.confidence < DOUBT_DIGIT and column == "phone":
                    result.doubts.append(OcrDoubt(page_no, r + 1, "phone", text))
            else:
                head = head_cells[r][c] if r < len(head_cells) else None
                read = head if head is not None else read_cell_lines(crop)
                text = _join_cell(read.text)
                if column not in PLACE_FIELDS:  # places are settled for the row as a whole
                    text = snap_value(column or "", text)
                if column in NAME_FIELDS and text and read.confidence < DOUBT_NAME:
                    result.doubts.append(OcrDoubt(page_no, r + 1, column or "full", text))
            if text:
                result.confidences.append(read.confidence)
            out.append(text)
            sure_of.append(read.confidence)
        if header_at < 0 or r > header_at:
            _check_count_cells(prep, cells[r], out, sure_of, page_no, r + 1, result)
        _settle_places(out, fields, page_no, r + 1, result)
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


@dataclass(frozen=True)
class _Line:
    """A line of running text as read, with the strip of the page it came from (when known)."""

    text: str
    confidence: float
    strip: tuple[int, int, int, int] | None  # x0, y0, x1, y1 of the line's ink
    span: tuple[int, int] | None = None  # y0, y1 of the line as the layout found it


def _clean_line(raw: str) -> str:
    line = repair_thai(re.sub(r"\s*\|\s*", " ", raw)).strip()
    return line if line and re.search(r"[0-9A-Za-z\u0e01-\u0e4f]", line) else ""


def text_strips(page: Any, y0: int, y1: int) -> list[tuple[int, int, int, int]]:
    """The lines of ink of a band of a page (white paper), each as the box of its ink. A row
    counts as ink with two dark pixels or more, so a speck of scanner noise joins no lines."""
    band = page[y0:y1] < 128
    on = band.sum(axis=1) >= 2
    runs: list[list[int]] = []
    for y, dark in enumerate(on):
        if dark and runs and y - runs[-1][1] <= 3:
            runs[-1][1] = y + 1
        elif dark:
            runs.append([y, y + 1])
    if not runs:
        return []
    # A line's height is the usual height of the taller runs; a run under half of it is a
    # row of marks above or below a line (or a speck), and goes with the nearest line.
    heights = sorted(b - a for a, b in runs)
    tall = [h for h in heights if h >= 0.5 * heights[-1]]
    typical = tall[len(tall) // 2]
    lines = [r[:] for r in runs if r[1] - r[0] >= 0.5 * typical]
    if not lines:
        return []
    for r in runs:
        if r[1] - r[0] >= 0.5 * typical:
            continue
        middle = (r[0] + r[1]) / 2
        nearest = min(lines, key=lambda ln: abs((ln[0] + ln[1]) / 2 - middle))
        if abs((nearest[0] + nearest[1]) / 2 - middle) <= 1.5 * typical:
            nearest[0], nearest[1] = min(nearest[0], r[0]), max(nearest[1], r[1])
    out = []
    for s0, s1 in lines:
        xs = np.nonzero(band[s0:s1].any(axis=0))[0]
        if len(xs) and int(band[s0:s1].sum()) >= 40:
            out.append((int(xs.min()), y0 + s0, int(xs.max()) + 1, y0 + s1))
    return out


# Below this a line of running text is read again on its own; a count read from a line
# below DOUBT_LINE is shown to the officer as unsure.
SURE_LINE = 0.60
DOUBT_LINE = 0.70
SURE_COUNT = 0.74  # mean confidence of the count's number words over two readings
LINE_COVERAGE = 0.85  # of a line's ink the layout's lines must span, else it is read again


def _strip_image(page: Any, strip: tuple[int, int, int, int]) -> Image.Image:
    x0, y0, x1, y1 = strip
    h, w = page.shape[:2]
    crop = page[max(0, y0 - 3) : min(h, y1 + 3), max(0, x0 - 10) : min(w, x1 + 10)]
    return _pil(np.pad(crop, 16, constant_values=255))


def _without_ghosts(lines: list[engine.TextLine]) -> list[engine.TextLine]:
    """A line's own row of tone marks and vowels above it, which the layout can take for a line
    of its own and read as noise (ณฆฒญ 6): a lower line lying over a surer, taller line is
    dropped (two lines of print never share the same place)."""

    def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
        return max(0, min(a[1], b[1]) - max(a[0], b[0]))

    def ghost(t: engine.TextLine) -> bool:
        x0, y0, x1, y1 = t.box
        return any(
            u is not t
            and u.confidence >= SURE_LINE
            and u.confidence > t.confidence
            and u.box[3] - u.box[1] > y1 - y0
            and overlap((x0, x1), (u.box[0], u.box[2])) >= 0.5 * (x1 - x0)
            and overlap((y0, y1), (u.box[1], u.box[3])) >= 0.3 * (y1 - y0)
            for u in lines
        )

    return [t for t in lines if not ghost(t)]


def _side_by_side(found: list[engine.TextLine]) -> list[tuple[int, str, float, tuple[int, int]]]:
    """The layout's lines of one line of ink, the pieces it cut side by side put back into one
    line, left to right: (top, text, confidence, (y0, y1)). The layout takes a wide gap for a
    column's edge (a roster's prefix and first-name columns printed far apart), and the pieces,
    sorted by their tops, came out in the wrong order: `ชัยวัฒน์` (its marks higher) before
    `2 จ.ส.อ.`, so a sheet printed across pages joined each row to the wrong one."""
    rows: list[list[engine.TextLine]] = []
    for t in sorted(found, key=lambda t: t.box[0]):
        for row in rows:
            last = row[-1]
            overlap = min(t.box[3], last.box[3]) - max(t.box[1], last.box[1])
            least = min(t.box[3] - t.box[1], last.box[3] - last.box[1])
            if t.box[0] >= last.box[2] - 8 and overlap >= 0.5 * max(least, 1):
                row.append(t)
                break
        else:
            rows.append([t])
    return sorted(
        (
            min(t.box[1] for t in row),
            "  ".join(t.text for t in row),
            min(t.confidence for t in row),
            (min(t.box[1] for t in row), max(t.box[3] for t in row)),
        )
        for row in rows
    )


def _verified_lines(page: Any, band: tuple[int, int], found: list[engine.TextLine]) -> list[_Line]:
    """The band's lines as the layout read them, each checked against the page's own lines of
    ink: a line of ink that the layout's lines leave partly unread, or read with low
    confidence, is read again on its own (single-line mode) and the better reading kept.
    (On a form line such as `3. จำนวนสมาชิก .....10..... ราย` the layout can cut the line
    after its label and read the rest, leaders and number, as a line of noise.)"""
    strips = text_strips(page, *band)
    if not strips:
        return [_Line(t.text, t.confidence, None, (t.box[1], t.box[3])) for t in found]
    owner: list[int | None] = []
    for t in found:
        overlaps = [max(0, min(t.box[3], s[3]) - max(t.box[1], s[1])) for s in strips]
        best = int(np.argmax(overlaps))
        owner.append(best if overlaps[best] > 0 else None)
    out: list[tuple[float, _Line]] = []
    for i, strip in enumerate(strips):
        mine = _without_ghosts([t for t, o in zip(found, owner, strict=True) if o == i])
        x0, y0, x1, y1 = strip
        ink_cols = np.nonzero((page[y0:y1, x0:x1] < 128).any(axis=0))[0] + x0
        covered = np.zeros(page.shape[1], dtype=bool)
        for t in mine:
            covered[max(0, t.box[0] - 8) : t.box[2] + 8] = True
        coverage = float(covered[ink_cols].mean()) if len(ink_cols) else 1.0
        least = min((t.confidence for t in mine), default=0.0)
        if mine and coverage >= LINE_COVERAGE and least >= SURE_LINE:
            out.extend((y, _Line(text, c, strip, span)) for y, text, c, span in _side_by_side(mine))
            continue
        again = engine.read_line(_strip_image(page, strip))
        text, confidence = again.text, again.confidence
        # Taken when about as sure as the layout's least sure line here (a row of leaders
        # the layout rightly skipped reads no better on its own: ลงชื่อ ....... ประธานกลุ่ม).
        if text and confidence >= SURE_LINE and confidence >= least - 0.05:
            span = (min(t.box[1] for t in mine), max(t.box[3] for t in mine)) if mine else None
            out.append((y0, _Line(text, confidence, strip, span)))
        else:
            out.extend(
                (t.box[1], _Line(t.text, t.confidence, strip, (t.box[1], t.box[3]))) for t in mine
            )
    for t, o in zip(found, owner, strict=True):
        if o is None:  # outside every line of ink the page shows: kept as the layout read it
            out.append((t.box[1], _Line(t.text, t.confidence, None, (t.box[1], t.box[3]))))
    out.sort(key=lambda item: item[0])
    return [line for _y, line in out]


# The request form's stated member count (จำนวนสมาชิก … ราย, มีสมาชิก … คน), in ocr_key form.
_COUNT_LABEL = re.compile(r"(?:จานวน|มี)สมาชิก")


def _number_confidence(read: engine.LineRead) -> float | None:
    """How sure the engine is of the words holding digits after the count's label (None when
    there are none). Each digit of a number crossed out can read clearly (3, 8), while the
    word it makes does not (0.4-0.7 against 0.7-0.9 for a clear number)."""
    after = False
    least: float | None = None
    for word, confidence in read.words:
        if after and re.search(r"[0-9\u0e50-\u0e59]", word):
            least = confidence if least is None else min(least, confidence)
        after = after or "ชิ" in word or "ชก" in word or "สมาชิก" in word
    return least


def _count_blank(text: str) -> str:
    """What is written in the count's blank: after the label, before ราย/คน, leaders taken out."""
    at = max(text.rfind("ชิก"), text.rfind("ชก"))
    if at < 0:
        return ""
    return strip_leaders(re.split(r"ราย|คน", text[at + 3 :])[0]).strip(" .")


def _count_written(text: str) -> bool:
    """Something written in the count's blank that is not a leader: a number OCR could not
    make out, crossed out or smudged."""
    return bool(re.search(r"[0-9A-Za-z\u0e01-\u0e2e\u0e50-\u0e59]", _count_blank(text)))


def _only_digits_in_blank(text: str, *, stops: bool = False) -> bool:
    """The count's blank holds a number and nothing else (ฐิ๕ is a scribble read as letters
    around a digit, not the count 5); with `stops`, a fax's speck read as a comma or a stop
    beside it (`17 ,`) is allowed too."""
    blank = re.sub(r"[\s.,'`]" if stops else r"\s", "", _count_blank(text))
    return bool(re.fullmatch(r"[0-9\u0e50-\u0e59]{1,4}", blank))


def _count_digits(
    symbols: list[tuple[str, float, tuple[int, int, int, int]]],
) -> tuple[str, float, tuple[int, int, int, int]] | None:
    """The count's digits in a line read symbol by symbol (the run of digits after the label's
    สมาชิก; the line's own item number, `3.`, comes before it): as read, the least confidence
    of them, and their box."""
    text = ""
    ends: list[int] = []
    for sym, _confidence, _box in symbols:
        text += sym
        ends.append(len(text))
    at = max(text.rfind("ชิก"), text.rfind("ชก"))
    if at < 0:
        return None
    start = at + (3 if text.startswith("ชิก", at) else 2)
    run: list[tuple[str, float, tuple[int, int, int, int]]] = []
    for (sym, confidence, box), end in zip(symbols, ends, strict=True):
        if end <= start:
            continue
        if re.fullmatch(r"[0-9\u0e50-\u0e59]+", sym):
            run.append((sym, confidence, box))
        elif run:
            break
    if not run:
        return None
    boxes = [r[2] for r in run]
    return (
        "".join(r[0] for r in run),
        min(r[1] for r in run),
        (
            min(b[0] for b in boxes),
            min(b[1] for b in boxes),
            max(b[2] for b in boxes),
            max(b[3] for b in boxes),
        ),
    )


def _glyph_beside(page: Any, box: tuple[int, int, int, int], digits: int) -> bool:
    """Whether ink as tall as a digit stands within a digit's width of the digits' box: a glyph
    the line's reading left out of the number (the 1 of 18 read as a leader's dots), so the
    digits cut out would not be the whole number. Leaders are low dots; they do not count."""
    x0, y0, x1, y1 = box
    width = max(1, (x1 - x0) // max(1, digits))
    for a, b in ((max(0, x0 - width), x0 - 1), (x1 + 1, min(page.shape[1], x1 + width))):
        ink = page[y0:y1, a:b] < 128
        rows = np.nonzero(ink.any(axis=1))[0]
        if len(rows) and rows[-1] - rows[0] + 1 >= 0.5 * (y1 - y0):
            return True
    return False


def _count_digits_agree(
    masked: Any, gray: Any, strip: tuple[int, int, int, int], count: int
) -> bool:
    """Whether the count's number reads `count` surely, digit by digit in its line, and again
    cut out of the line and read digits only (Thai digits by their shapes) from the binary and
    the gray page. Any reading that differs, or is unsure, leaves it in doubt."""
    return _digits_read_again(_strip_image(masked, strip), _strip_image(gray, strip), count)


def _digits_read_again(binary: Image.Image, gray: Image.Image, count: int) -> bool:
    """The count's number in a line image, the same line in `binary` and `gray`: sure when read
    `count` digit by digit at a sure confidence, with no glyph beside it left out, and again cut
    out and read digits only from both images."""
    found = _count_digits(engine.line_symbols(binary))
    if found is None:
        return False
    digits, least, (x0, y0, x1, y1) = found
    if thai_to_arabic_digits(digits) != str(count) or least < SURE_DIGIT:
        return False
    if _glyph_beside(np.asarray(binary.convert("L")), (x0, y0, x1, y1), len(digits)):
        return False
    thai = bool(re.search(r"[\u0e50-\u0e59]", digits))
    for image in (binary, gray):
        crop = np.asarray(image.convert("L"))[max(0, y0 - 3) : y1 + 3, max(0, x0 - 3) : x1 + 3]
        if crop.size == 0:
            return False
        crop = np.pad(crop, 20, constant_values=255)
        read = _read_thai(crop) if thai else engine.read_cell(_pil(crop), digits=True)
        if read.text.replace(" ", "") != str(count) or read.confidence < SURE_DIGIT:
            return False
    return True


def _checked_count(
    clean: PreparedPage,
    masked: Any,
    line: _Line,
    text: str,
    page_no: int,
    line_no: int,
    result: _PageResult,
) -> str:
    """A line stating the member count, read twice more on its own (binary and gray page):
    the count is sure when at least two readings give it and none gives another; otherwise
    it is an OcrDoubt for that line (the count is then not taken, never guessed). A line whose
    readings give no count at all is a blank field, unless it was read with low confidence."""
    from docgen.intake.extract_group import stated_members

    assert line.strip is not None
    texts = [text]
    number_words: list[float] = []
    for page in (masked, clean.gray):
        again = engine.read_line(_strip_image(page, line.strip))
        texts.append(_clean_line(again.text))
        sure_of = _number_confidence(again)
        if sure_of is not None:
            number_words.append(sure_of)
    counts = [stated_members([strip_leaders(t)]) if t else None for t in texts]
    given = [c for c in counts if c is not None]
    if not given and line.confidence >= DOUBT_LINE and not any(map(_count_written, texts)):
        return text  # the form's blank: จำนวนสมาชิก ........ ราย
    # The two readings' number words, on average: clear counts measured 0.80-0.85 (one
    # reading alone down to 0.72, the leaders around it lower it), crossed-out ones 0.45-0.67.
    number_sure = bool(number_words) and sum(number_words) / len(number_words) >= SURE_COUNT
    number_sure = number_sure and all(
        _only_digits_in_blank(t) for t, c in zip(texts, counts, strict=True) if c is not None
    )
    agreed = len(given) >= 2 and len(set(given)) == 1 and line.confidence >= SURE_LINE
    if (
        agreed
        and not number_sure
        and all(
            _only_digits_in_blank(t, stops=True)
            for t, c in zip(texts, counts, strict=True)
            if c is not None
        )
    ):
        # The readings agree but the engine is unsure of the word the number makes, leaders and
        # all (a fax's specks on the dots): the number's own ink read again, digits only.
        number_sure = _count_digits_agree(masked, clean.gray, line.strip, given[0])
    if agreed and number_sure:
        # The text kept is one that states it (the first reading may have lost the number).
        return next(t for t, c in zip(texts, counts, strict=True) if c is not None)
    result.doubts.append(OcrDoubt(page_no, None, "member_count", text, line=line_no))
    return text


def read_page(
    image: Image.Image, page_no: int, image_root: Path | None = None, image_subdir: str = ""
) -> _PageResult:
    """One page image: its tables cell by cell and its running text around them."""
    prep = prepare(image)
    masks = line_masks(prep.ink)
    grids = find_grids(prep.ink, line_masks(prep.ink, thin=True))
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
    result = _PageResult(OcrPage(page_no, (), (), 0.0), height=int(prep.ink.shape[0]))
    tables = [(grid, _read_grid(clean, grid, page_no, result)) for grid in grids]
    masked = (255 - clean.ink).astype(np.uint8)
    for grid in grids:
        x0, y0, x1, y1 = grid.box
        masked[max(0, y0 - 4) : y1 + 5, max(0, x0 - 4) : x1 + 5] = 255
    bands = _bands(clean.ink, grids)
    band_lines: list[tuple[int, list[str]]] = []
    line_no = 0
    for (y0, y1), (text, confidence, found) in zip(
        bands, engine.read_band_lines(_pil(masked), bands, psm=4), strict=True
    ):
        read_lines = (
            [_Line(t, confidence, None) for t in text.splitlines() if t.strip()]
            if found is None
            else _verified_lines(masked, (y0, y1), found)
        )
        # Where each line lies on the page (to put a table printed across pages back
        # together): its own strip, or when the layout's lines were not paired with its text,
        # the band's lines of ink when there are as many.
        ink_lines = text_strips(masked, y0, y1) if found is None else []
        spans = [
            one.span
            or ((one.strip[1], one.strip[3]) if one.strip else None)
            or ((ink_lines[i][1], ink_lines[i][3]) if len(ink_lines) == len(read_lines) else None)
            or (y0, y1)
            for i, one in enumerate(read_lines)
        ]
        lines = []
        for one, span in zip(read_lines, spans, strict=True):
            line = _clean_line(one.text)
            if not line:
                continue
            line_no += 1
            if one.strip is not None and _COUNT_LABEL.search(ocr_key(line)):
                line = _checked_count(clean, masked, one, line, page_no, line_no, result)
            lines.append(line)
            result.spans.append(span)
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
    result.page = OcrPage(
        page_no, paragraphs, tuple(titled), confidence, image=saved, rotation=prep.rotation
    )
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
    joined = join_wide_pages(
        [PageLines(r.page.paragraphs, tuple(r.spans), r.height) for r in results],
        ocr_header_word,
        lambda word: HEADER_WORDS.get(ocr_header_word(word) or "", word),
    )
    if joined is not None:  # a table printed across pages side by side, rows put back whole
        paragraphs = list(joined.lines)
        for index, row, page_no, start in joined.rows:
            line = paragraphs[index]
            paragraphs[index], unsure = settled_places(
                line[:start] + parted_id(line[start:]), start
            )
            if unsure:
                doubts.append(OcrDoubt(page_no, row, "place", unsure))
    wide = join_wide_tables([r.page.tables for r in results], ocr_header_field)
    if wide is not None:  # the same for a ruled table: its grids joined cell row to row
        tables, unsure_places = wide
        doubts.extend(OcrDoubt(page_no, row, "place", text) for page_no, row, text in unsure_places)
    confidence = float(np.mean(confidences)) if confidences else 0.0
    info = OcrInfo(confidence, tuple(r.page for r in results), tuple(doubts))
    return DocumentContent(tuple(paragraphs), tuple(tables), pages=len(results), ocr=info)
