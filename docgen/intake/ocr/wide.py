"""A table printed across pages side by side, joined back row by row (scans of a wide roster).

Excel and LibreOffice print a sheet wider than the paper column by column: the left columns
(order, prefix, name) on one page, the columns to their right (surname, ID, address, phone) on
the next, each page with the same rows at the same heights and the header row's words for its
own columns. Read page by page, the first page holds names without IDs and the next IDs and
addresses without names: no member can be read whole. Here each line of a page that goes on
with the columns of a page before it (its header at the same height, no name column) is put
back at the end of the line of the row it lies level with, so the roster reads as typed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise

from docgen.intake.extract_tables import PEOPLE_NAME_FIELDS
from docgen.model import Table
from docgen.thai.ids import is_valid_national_id
from docgen.thai.places import closest_place, parse_address, place_problem
from docgen.thai.text import ocr_key

# A page's header is "level" with another's when their heights differ by no more than this
# share of the page (a scanner's feed shifts a sheet by a few millimetres; 3% of A4 is 9 mm).
HEADER_LEVEL = 0.03
# A line goes with the row whose middle is within this share of the rows' pitch of its own.
ROW_LEVEL = 0.5
_THAI = re.compile(r"[\u0e01-\u0e4e]")
FieldOf = Callable[[str], str | None]  # a header word's column (read.ocr_header_word)


@dataclass(frozen=True)
class PageLines:
    """One page's lines of running text, top to bottom, each with its height on the page."""

    lines: tuple[str, ...]
    spans: tuple[tuple[int, int], ...]  # y0, y1 of each line's ink
    height: int


def header_fields(line: str, field_of: FieldOf) -> list[str] | None:
    """The columns a line names when it is a table's header row (most of its words are header
    words: `ลำดับ ชื่อ-สกุล เลขประจำตัวประชาชน`, `นามสกุล เลขบัตรประชาชน ที่อยู่`,
    `โทรศัพท์`); None for other lines."""
    words = [w for w in line.split() if _THAI.search(w)]
    if not words or len(words) > 10:
        return None
    fields = [f for f in (field_of(w) for w in words) if f]
    if not fields or 2 * len(fields) < len(words):
        return None
    return fields


def _header_at(page: PageLines, field_of: FieldOf) -> tuple[int, list[str]] | None:
    for i, line in enumerate(page.lines[:25]):
        fields = header_fields(line, field_of)
        if fields:
            return i, fields
    return None


def _at(head: tuple[int, list[str]] | None) -> int:
    assert head is not None
    return head[0]


def _middle(span: tuple[int, int]) -> float:
    return (span[0] + span[1]) / 2


def _level_rows(names: PageLines, head: int, page: PageLines, their_head: int) -> dict[int, int]:
    """Which row of the names page (its line index) each line under `page`'s header lies level
    with (page line index -> names line index), the two headers taken as level."""
    rows = list(range(head + 1, len(names.lines)))
    if not rows:
        return {}
    middles = [_middle(names.spans[i]) for i in rows]
    gaps = sorted(b - a for a, b in pairwise(middles) if b > a)
    pitch = gaps[len(gaps) // 2] if gaps else float(names.height)
    shift = _middle(page.spans[their_head]) - _middle(names.spans[head])
    out: dict[int, int] = {}
    for j in range(their_head + 1, len(page.lines)):
        at = _middle(page.spans[j]) - shift
        nearest = min(rows, key=lambda i: abs(_middle(names.spans[i]) - at))
        if abs(_middle(names.spans[nearest]) - at) <= ROW_LEVEL * pitch:
            out[j] = nearest
    return out


@dataclass(frozen=True)
class WideTable:
    """The document's lines with a table's pages joined: `rows` are the joined rows, each
    (index in `lines`, table row number with the header row 1, page of the names, where in
    the line the text of the pages going on starts)."""

    lines: tuple[str, ...]
    rows: tuple[tuple[int, int, int, int], ...]


def _joined(
    names: PageLines,
    head: int,
    goes_on: list[tuple[PageLines, int, dict[int, int]]],
    start: int,
    page_no: int,
    printed: Callable[[str], str],
) -> tuple[list[str], list[tuple[int, int, int, int]]]:
    """The names page's lines with the lines of the pages that go on with its columns: each
    line below their header after the line of the row level with it; the lines above their
    header (the rest of a title cut by the page's edge) before the header; lines level with
    no row at the end."""
    tails: dict[int, list[str]] = {i: [] for i in range(head, len(names.lines))}
    above: list[str] = []
    left_over: list[str] = []
    for page, their_head, level in goes_on:
        above.extend(page.lines[:their_head])
        tails[head].append(page.lines[their_head])
        for j in range(their_head + 1, len(page.lines)):
            if j in level:
                tails[level[j]].append(page.lines[j])
            else:
                left_over.append(page.lines[j])
    out = list(names.lines[:head]) + above
    rows: list[tuple[int, int, int, int]] = []
    for i in range(head, len(names.lines)):
        if i == head:  # the header's words as printed (ซื่อ read for ชื่อ), one cell apart
            out.append("  ".join(printed(w) for w in " ".join([names.lines[i], *tails[i]]).split()))
            continue
        if tails[i]:
            rows.append((start + len(out), i - head + 1, page_no, len(names.lines[i]) + 2))
        out.append("  ".join([names.lines[i], *tails[i]]))
    return out + left_over, rows


def join_wide_pages(
    pages: Sequence[PageLines], field_of: FieldOf, printed: Callable[[str], str] = str
) -> WideTable | None:
    """The document's lines with every page that goes on with the columns of a page before it
    joined to that page's rows; None when no page does (the pages' lines stand as read).

    A page goes on with the columns of a names page (a header naming a name column, and rows
    under it) when its own header names no name column and lies level with the names page's
    header, and two or more of its lines lie level with that page's rows. `printed` gives a
    header word as forms print it (the joined header is written so)."""
    heads = [_header_at(page, field_of) for page in pages]
    owner: dict[int, tuple[int, dict[int, int]]] = {}  # page -> its names page, rows level
    names_page: int | None = None
    for p, (page, head) in enumerate(zip(pages, heads, strict=True)):
        if head is None:
            continue
        at, fields = head
        if set(fields) & set(PEOPLE_NAME_FIELDS) and len(fields) >= 2:
            names_page = p
            continue
        if names_page is None:
            continue
        base = pages[names_page]
        base_at = _at(heads[names_page])
        level = abs(
            _middle(page.spans[at]) / page.height - _middle(base.spans[base_at]) / base.height
        )
        if level > HEADER_LEVEL:
            continue
        rows = _level_rows(base, base_at, page, at)
        if len(rows) >= 2:
            owner[p] = (names_page, rows)
    if not owner:
        return None
    lines: list[str] = []
    joined: list[tuple[int, int, int, int]] = []
    for p, page in enumerate(pages):
        if p in owner:
            continue
        followers = [
            (pages[q], _at(heads[q]), rows)
            for q, (base, rows) in sorted(owner.items())
            if base == p
        ]
        if followers:
            more, rows_here = _joined(page, _at(heads[p]), followers, len(lines), p + 1, printed)
            lines.extend(more)
            joined.extend(rows_here)
        else:
            lines.extend(page.lines)
    return WideTable(tuple(lines), tuple(joined))


def settled_places(line: str, start: int = 0) -> tuple[str, str | None]:
    """A joined row's address as a person reading the scan would take it: names within OCR
    noise of exactly one real place (อ.เชื่องใน) written as that place, a province cut short
    by the page's edge (จ.อุบ, the cell's text ran on past the sheet) left out of the match;
    with the text of the names no real place fits for sure (for an UNCLEAR_TEXT), or None.
    Only the line from `start` is read for the address (a prefix จ.ส.อ. holds a marker)."""
    head, line = line[:start], line[start:]
    place = parse_address(line)
    read = (place.subdistrict, place.district, place.province)
    if place_problem(place) is None or not place.subdistrict:
        return head + line, None
    found = closest_place(*read)
    if found is None and place.province and place.district:
        found = closest_place(place.subdistrict, place.district, "")
        cut = len(ocr_key(place.province)) <= 3  # a letter or two left of the sheet's edge
        if found is not None and not (cut or ocr_key(found[2]).startswith(ocr_key(place.province))):
            found = None
    if found is None:
        shown = " ".join(
            f"{label}{value}"
            for label, value in zip(("ต.", "อ.", "จ."), read, strict=True)
            if value
        )
        return head + line, shown
    for was, real in zip(read, found, strict=True):
        at = line.rfind(was) if was else -1
        if at >= 0 and was != real:
            line = line[:at] + real + line[at + len(was) :]
    return head + line, None


# An ID typed as a number is right-aligned in its cell and the address beside it left-aligned:
# on paper the two nearly touch and OCR reads them as one run of digits (134045113095817 ม.6).
_ID_AND_HOUSE = re.compile(r"(?<!\d)(\d{13})(\d{1,4}(?:/\d{1,4})?)(?=\s*(?:ม\.|หมู่|ต\.|ตำบล))")
_ID_AND_HOUSE_WORD = re.compile(r"(?<!\d)(\d{13})(?=บ้านเลขที่|เลขที่)")


def parted_id(line: str) -> str:
    """A joined row with an ID that OCR ran into the house number (or the word บ้านเลขที่)
    after it parted from it, when its 13 digits pass the check digit."""

    def part(m: re.Match[str]) -> str:
        return f"{m.group(1)} {m.group(2)}" if is_valid_national_id(m.group(1)) else m.group(0)

    line = _ID_AND_HOUSE.sub(part, line)
    return _ID_AND_HOUSE_WORD.sub(
        lambda m: f"{m.group(1)} " if is_valid_national_id(m.group(1)) else m.group(0), line
    )


# ---------------------------------------------------------------------------
# The same for a ruled table: the grid of each page read on its own, joined cell row to row.
# ---------------------------------------------------------------------------


def _grid_header(table: Table, field_of: FieldOf) -> list[str] | None:
    """The columns a ruled table's first row names (most of its filled cells header words)."""
    if not table.rows or not table.row_numbers or table.row_numbers[0] != 1:
        return None
    cells = [c for c in table.rows[0] if c.strip()]
    fields = [f for f in (field_of(c) for c in cells) if f]
    if not fields or 2 * len(fields) < len(cells):
        return None
    return fields


def join_wide_tables(
    pages: Sequence[Sequence[Table]], field_of: FieldOf
) -> tuple[list[Table], list[tuple[int, int, str]]] | None:
    """The document's tables with each ruled table of a page that goes on with the columns of
    a table on a page before it appended to that table's rows, row number to row number; None
    when no table does. A table goes on with a names table (its header naming a name column)
    when its own header names none and its rows end at the names table's last row. With the
    tables, the places of its ที่อยู่ cells no real place fits for sure: (page, row, text)."""
    out: list[Table] = []
    unsure: list[tuple[int, int, str]] = []
    names: tuple[int, int] | None = None  # index in `out` of the last names table, its page
    joined = False
    for page_no, tables in enumerate(pages, start=1):
        for table in tables:
            fields = _grid_header(table, field_of)
            if fields and set(fields) & set(PEOPLE_NAME_FIELDS):
                names = (len(out), page_no)
                out.append(table)
                continue
            base = out[names[0]] if names is not None else None
            if (
                base is None
                or names is None
                or not fields
                or len(table.rows) < 3
                or table.row_numbers[-1] != base.row_numbers[-1]
            ):
                out.append(table)
                continue
            width = max(len(r) for r in base.rows)
            addresses = [j for j, c in enumerate(table.rows[0]) if field_of(c) == "address"]
            mine = dict(zip(table.row_numbers, table.rows, strict=True))
            blank = ("",) * max(len(r) for r in table.rows)
            rows = []
            for n, row in zip(base.row_numbers, base.rows, strict=True):
                more = list(mine.get(n, blank))
                for j in addresses if n != 1 else ():
                    if j < len(more) and more[j]:
                        more[j], doubt = settled_places(more[j])
                        if doubt:
                            unsure.append((names[1], n, doubt))
                rows.append((*row, *("",) * (width - len(row)), *more))
            out[names[0]] = replace(base, rows=tuple(rows))
            joined = True
    return (out, unsure) if joined else None
