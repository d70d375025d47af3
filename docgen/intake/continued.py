"""One document sent as several files: a roster photographed page by page, each photo its own file.

A phone sends every page as a file of its own (roster-1.jpg, roster-2.jpg, IMG_0412.jpg), and
read alone, a page that goes on from another one has no title: it is classified as nothing,
or its rows are counted apart. So a file read from images that has no heading of its own
and goes on from a document before it is joined to that document:

- a table carried over: the same number of columns as the document's last table, and either
  no header row (rows only) or the same header again (as Word repeats it on each page);
- bylaws clauses that go on numbering from the last clause of the bylaws (ข้อ 8 after ข้อ 7);
- a page of signatures only (ลงชื่อ …, the names in brackets, ประกาศ ณ วันที่ …), when its file
  is numbered on from the file just before it (ข้อบังคับ-3.jpg after ข้อบังคับ-2.jpg).

A file goes on from the file just before it in the bundle, or, when that one is no match,
from the only document in the bundle it matches (the last photo often keeps the camera's
own name and sorts elsewhere). A joined file takes its document's kind and comes right after
it, with `continues` naming the document's first file, so extraction reads a header-less table
with the header before it; each file keeps its name, so findings name the photo and its row.
The report lists the document once, with its files (documents[].files).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from docgen.intake.extract_tables import header_field
from docgen.intake.split import heading_kind
from docgen.model import ClassifiedFile, DocKind, DocumentContent, Table
from docgen.thai.digits import thai_to_arabic_digits
from docgen.thai.places import closest_place, resolve_place

_TABLE_KINDS = {DocKind.MEMBER_ROSTER, DocKind.COMMITTEE_LIST, DocKind.ACTIVITY_PLAN}
_CLAUSE = re.compile(r"^\s*ข้อ(?:ที่)?\s*\.?\s*(\d{1,3})(?!\d)")
_HEAD_LINES = 4  # a heading is among a page's first lines
_PLACE_ORDER = ("subdistrict", "district", "province")


def _ocr_whole(cf: ClassifiedFile) -> bool:
    """Read from images, and one document by itself (not a part of an all-in-one file)."""
    return cf.content is not None and cf.content.ocr is not None and not cf.pages and not cf.sheets


def _has_heading(content: DocumentContent) -> bool:
    lines = [p for p in content.paragraphs[:_HEAD_LINES] if p.strip()]
    lines += [t.title for t in content.tables if t.title]
    return any(heading_kind(line) is not None for line in lines)


def _width(table: Table) -> int:
    return max((len(r) for r in table.rows), default=0)


def _header(table: Table) -> tuple[str | None, ...] | None:
    """The fields a table's header row names, or None for a table of rows only."""
    for row in table.rows[:3]:
        fields = tuple(header_field(c) if c else None for c in row)
        if sum(1 for f in fields if f) >= 2:
            return fields
    return None


def _last_header(contents: Sequence[DocumentContent]) -> tuple[str | None, ...] | None:
    for content in reversed(contents):
        for table in reversed(content.tables):
            found = _header(table)
            if found is not None:
                return found
    return None


def _clauses(content: DocumentContent) -> list[int]:
    out = []
    for line in content.paragraphs:
        m = _CLAUSE.match(thai_to_arabic_digits(line))
        if m:
            out.append(int(m.group(1)))
    return out


# What a page that only closes a document holds: its signing lines (ลงชื่อ …… ประธานกลุ่ม), the
# names in brackets under them, the posts, the date it was given or announced (its marks as OCR
# may lose them: วันที), the closing words.
_CLOSING_LINE = re.compile(
    r"ลงชื่อ|^\(.*\)?$|^(?:ตำแหน่ง)?(?:ประธาน|รองประธาน|เลขานุการ|เหรัญญิก|กรรมการ)\S{0,12}$"
    r"|^ประกาศ\s*ณ|^วันที|^ขอแสดงความนับถือ|^รับรอง(?:ว่า)?ถูกต้อง|^ผู้(?:จัดทำ|เสนอแผน)"
)
_SEQUENCE = re.compile(r"^(.*?)(\d{1,4})$")


def _only_signatures(content: DocumentContent) -> bool:
    """A page with no table and nothing but the lines that close a document (the signature
    page of bylaws or a letter photographed on its own), one signature at least."""
    if content.tables:
        return False
    lines = [re.sub(r"[\s.…_]+", " ", p).strip() for p in content.paragraphs]
    lines = [line for line in lines if line]
    return (
        bool(lines)
        # OCR can lose a signing line's ลงชื่อ with its leaders (only the post is left).
        and any("ลงชื่อ" in line or line.startswith("(") for line in lines)
        and all(_CLOSING_LINE.search(line) for line in lines)
    )


def _in_sequence(before: str, after: str) -> bool:
    """File names numbered on from one another (ข้อบังคับ-2.jpg after ข้อบังคับ-1.jpg,
    IMG_0413.jpg after IMG_0412.jpg), same type."""
    a, b = Path(before), Path(after)
    ma, mb = _SEQUENCE.match(a.stem), _SEQUENCE.match(b.stem)
    return (
        a.suffix.lower() == b.suffix.lower()
        and ma is not None
        and mb is not None
        and ma.group(1) == mb.group(1)
        and int(mb.group(2)) == int(ma.group(2)) + 1
    )


def _goes_on(kind: DocKind, chain: Sequence[DocumentContent], page: DocumentContent) -> bool:
    """Whether `page` (a file without a heading) goes on from the document read so far."""
    tail = chain[-1]
    if kind in _TABLE_KINDS and page.tables and tail.tables:
        first = page.tables[0]
        if _width(first) != _width(tail.tables[-1]):
            return False
        header = _header(first)
        return header is None or header == _last_header(chain)
    if kind == DocKind.BYLAWS and not page.tables:
        before, after = _clauses(tail), _clauses(page)
        # One number misread or skipped is still the next page of the same bylaws.
        return bool(before and after) and 0 < after[0] - max(before) <= 2
    return False


def _with_carried_places(
    content: DocumentContent | None, chain: Sequence[ClassifiedFile]
) -> DocumentContent | None:
    """A carried-over table read without its header could not know which columns hold the
    subdistrict, district and province, so OCR left their names as read (เงียง for เวียง):
    with the header before it, each row's three names are set to the one real place within
    OCR noise of them, as the first page's rows were."""
    header = _last_header([c.content for c in chain if c.content is not None])
    if content is None or header is None:
        return content
    at = {f: i for i, f in enumerate(header) if f in ("subdistrict", "district", "province")}
    if "subdistrict" not in at or len(at) < 2:
        return content
    tables = []
    for table in content.tables:
        if _header(table) is not None:
            tables.append(table)
            continue
        rows = []
        for row in table.rows:
            names = [row[at[f]] if f in at and at[f] < len(row) else "" for f in _PLACE_ORDER]
            if names[0] and not resolve_place(*names).resolved:
                closest = closest_place(*names)
                if closest is not None:
                    cells = list(row)
                    for f, value in zip(_PLACE_ORDER, closest, strict=True):
                        if f in at and at[f] < len(cells) and cells[at[f]]:
                            cells[at[f]] = value
                    row = tuple(cells)
            rows.append(row)
        tables.append(replace(table, rows=tuple(rows)))
    return replace(content, tables=tuple(tables))


def join_continuations(files: Sequence[ClassifiedFile]) -> list[ClassifiedFile]:
    """The bundle's files with each page that goes on from a document joined to it (its kind,
    `continues`, placed after the document's last file); other files as they were."""
    # Documents that open with their own heading, wherever they sort in the bundle.
    heads: dict[str, list[ClassifiedFile]] = {
        cf.file.name: [cf]
        for cf in files
        if _ocr_whole(cf)
        and cf.kind != DocKind.UNKNOWN
        and cf.content is not None
        and _has_heading(cf.content)
    }
    head_of = {name: name for name in heads}  # a document's files -> its first file
    # What stays in place, in bundle order: a file's own entry, or a document's first file
    # (its joined pages follow it). Entries, not names: an all-in-one file gives several parts.
    order: list[ClassifiedFile | str] = []
    previous: ClassifiedFile | None = None
    for cf in files:
        name = cf.file.name
        target = None
        if name not in heads and _ocr_whole(cf):
            target = _target(cf, previous, heads, head_of)
        if target is not None:
            joined = replace(
                cf,
                kind=heads[target][0].kind,
                continues=target,
                content=_with_carried_places(cf.content, heads[target]),
            )
            heads[target].append(joined)
            head_of[name] = target
            previous = joined
            continue
        if name not in heads and _ocr_whole(cf) and cf.kind != DocKind.UNKNOWN:
            # A page without a heading left alone (its first page missing): the pages after
            # it may still go on from it.
            heads[name] = [cf]
            head_of[name] = name
        order.append(name if name in heads and heads[name][0] is cf else cf)
        previous = cf
    out: list[ClassifiedFile] = []
    for entry in order:
        out.extend(heads[entry] if isinstance(entry, str) else [entry])
    return out


def _target(
    cf: ClassifiedFile,
    previous: ClassifiedFile | None,
    heads: dict[str, list[ClassifiedFile]],
    head_of: dict[str, str],
) -> str | None:
    """The first file of the document `cf` goes on from, if it goes on from one."""
    content = cf.content
    if content is None or _has_heading(content):
        return None

    def matches(first: str) -> bool:
        chain = heads[first]
        kind = chain[0].kind
        if cf.kind not in (DocKind.UNKNOWN, kind):
            return False
        return _goes_on(kind, [c.content for c in chain if c.content is not None], content)

    if previous is not None and previous.file.name in head_of:
        first = head_of[previous.file.name]
        if matches(first):
            return first
        # A page of signatures only goes on from nothing by its content: it is joined only to
        # the file just before it, when their names are numbered on (never to a far file).
        if (
            cf.kind in (DocKind.UNKNOWN, heads[first][0].kind)
            and _only_signatures(content)
            and _in_sequence(previous.file.name, cf.file.name)
        ):
            return first
    candidates = [first for first in heads if first != cf.file.name and matches(first)]
    return candidates[0] if len(candidates) == 1 else None
