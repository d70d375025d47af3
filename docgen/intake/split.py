"""Several documents in one file: split one DOCX, text PDF or scan into its documents.

A secretary types all five documents into one Word file, or prints them into one PDF. Read
whole, the activity plan's table rows become roster members. So the file is cut where a
document's own heading opens a new part (ข้อบังคับกลุ่ม…, รายชื่อคณะกรรมการ…, บัญชีรายชื่อ
สมาชิก…, แผนปฏิบัติงาน…, หนังสือคำขอ…), each part is classified on its own, and each is read
as the document it is.

The splitter works on a sequence of `Block`s (a paragraph or a table, with its page when
known), so DOCX, text PDF and OCR pages go the same way: `blocks_of(content)` for what the
readers give, `blocks_from_pages(pages)` for page texts (a scan read by OCR, page by page).

Guards against cutting one document in two: a heading is a short line that starts with a
title word (not a numbered line, not an attachment list `(1) ข้อบังคับกลุ่ม จำนวน 1 ชุด`,
not `ข้อบังคับนี้…`); a heading followed by clause ข้อ 2 or later continues the bylaws; a part
whose content is not the kind its heading names, and a part of the same kind as the one before
(a title repeated on the next page), go back into the part before. A file is split only when
two parts or more of different kinds remain.

A workbook (XLSX, and XLS/ODS converted to it) is split by its sheets: each sheet is a part,
classified by its content and its name (คำขอ, ข้อบังคับ, กรรมการ, รายชื่อสมาชิก, แผนงาน; Sheet1
says nothing), and a sheet holding two documents one below the other (the committee table,
then the roster, each under its own heading row) is cut at the heading. A sheet that is none
of the five (a cover, a summary) goes with its neighbour; sheets of one kind in a row (members
on a sheet per village) are one part. Rows keep their sheet and sheet row numbers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from docgen.intake.classify import classify
from docgen.model import (
    ClassifiedFile,
    DocKind,
    DocumentContent,
    Layout,
    OcrInfo,
    SourceFile,
    Table,
)
from docgen.thai.digits import thai_to_arabic_digits as to_arabic_digits
from docgen.thai.text import compact, ocr_key

# Title words that open a document when a line starts with them (compact text). Stricter than
# classify's: a word that is also common inside a document (โครงการ, คณะกรรมการ alone) is no
# heading on its own.
_HEADINGS: tuple[tuple[DocKind, tuple[str, ...]], ...] = (
    (
        DocKind.REQUEST_FORM,
        ("หนังสือคำขอ", "คำขอใบรับรอง", "คำขอรับรอง", "คำขอจัดตั้ง", "หนังสือขอ", "คำร้องขอ"),
    ),
    (DocKind.BYLAWS, ("ข้อบังคับ", "ข้อตกลง", "ระเบียบกลุ่ม", "ระเบียบของกลุ่ม", "ระเบียบข้อบังคับ")),
    (
        DocKind.COMMITTEE_LIST,
        (
            "รายชื่อคณะกรรมการ",
            "บัญชีรายชื่อคณะกรรมการ",
            "ทำเนียบคณะกรรมการ",
            "โครงสร้างคณะกรรมการ",
            "คณะกรรมการบริหารกลุ่ม",
        ),
    ),
    (
        DocKind.MEMBER_ROSTER,
        (
            "บัญชีรายชื่อสมาชิก",
            "ทะเบียนรายชื่อสมาชิก",
            "ทะเบียนสมาชิก",
            "รายชื่อสมาชิก",
            "บัญชีสมาชิก",
            "รายชื่อผู้ขอจัดตั้ง",
            "รายชื่อผู้ร่วมจัดตั้ง",
            "รายชื่อผู้ก่อตั้ง",
            "รายชื่อเกษตรกร",
        ),
    ),
    (
        DocKind.ACTIVITY_PLAN,
        (
            "แผนปฏิบัติงาน",
            "แผนการดำเนินงาน",
            "แผนการดำเนินกิจกรรม",
            "แผนดำเนินงาน",
            "แผนงาน",
            "แผนกิจกรรม",
            "ปฏิทินกิจกรรม",
            "แผนปฏิบัติการ",
        ),
    ),
    (DocKind.UNKNOWN, ("รายงานการประชุม", "บันทึกการประชุม")),
)
_NOT_HEADINGS = ("ข้อบังคับนี้", "ข้อตกลงนี้", "ระเบียบนี้", "แผนงานนี้")
_LEADING = ("แบบ", "ร่าง", "สำเนา")  # แบบคำขอ…, (ร่าง) ข้อบังคับ…
# A request letter typed without a title opens with its subject line (เรื่อง ขอใบรับรอง…),
# after the lines a Thai letter puts above it (เขียนที่…, วันที่…): they go with it.
_SUBJECT = re.compile(r"^\s*เรื่อง\s*(?:การ)?ขอ(?:ใบ)?(?:รับรอง|จัดตั้ง|ขึ้นทะเบียน|จดทะเบียน)")
_LETTER_TOP = re.compile(r"^\s*(?:เขียนที่|วันที่|ที่\s|ที่\S{0,3}\s*[0-9๐-๙])")
_MAX_HEADING_CHARS = 110
_CLAUSE = re.compile(r"^\s*ข้อ(?:ที่)?\s*\.?\s*(\d{1,3})(?!\d)")
_ATTACHMENT = re.compile(r"จำนวน\s*\S{0,6}\s*(?:ชุด|ฉบับ|แผ่น|หน้า)")


@dataclass(frozen=True)
class Block:
    """One paragraph or one table of a file, in reading order, with its page when known."""

    paragraph: str | None = None
    table: Table | None = None
    page: int | None = None


@dataclass(frozen=True)
class Part:
    """One document found in a file: its content, kind, the heading that opens it, its pages."""

    content: DocumentContent
    kind: DocKind
    heading: str = ""
    pages: tuple[int, ...] = ()
    sheets: tuple[str, ...] = ()  # a workbook's part: the sheets it spans


def blocks_of(content: DocumentContent) -> list[Block] | None:
    """The body of what a reader gave, in reading order; None when the reader gave no layout."""
    layout = content.layout
    if layout is None or len(layout.table_at) != len(content.tables):
        return None
    blocks: list[Block] = []
    page_of = layout.paragraph_pages
    tables = sorted(range(len(content.tables)), key=lambda i: (layout.table_at[i], i))
    t = 0
    for j in range(layout.body + 1):
        while t < len(tables) and layout.table_at[tables[t]] <= j:
            i = tables[t]
            page = layout.table_pages[i] if i < len(layout.table_pages) else None
            blocks.append(Block(table=content.tables[i], page=page))
            t += 1
        if j < layout.body:
            page = page_of[j] if j < len(page_of) else None
            blocks.append(Block(paragraph=content.paragraphs[j], page=page))
    for i in tables[t:]:
        blocks.append(Block(table=content.tables[i]))
    return blocks


def blocks_from_pages(pages: Sequence[Sequence[str | Table]]) -> list[Block]:
    """Blocks from page contents (each page a sequence of lines and tables): for OCR pages."""
    return [
        Block(table=item, page=n) if isinstance(item, Table) else Block(paragraph=item, page=n)
        for n, page in enumerate(pages, start=1)
        for item in page
        if not isinstance(item, str) or item.strip()
    ]


def heading_kind(line: str) -> DocKind | None:
    """The document a line opens when it is a document's heading, else None."""
    if len(line) > _MAX_HEADING_CHARS or _ATTACHMENT.search(line):
        return None
    stripped = line.strip().lstrip("(").lstrip()
    if not stripped or not (
        "\u0e01" <= stripped[0] <= "\u0e2e" or "\u0e40" <= stripped[0] <= "\u0e44"
    ):
        return None  # numbered lines, bullets, (1) …: lists inside a document
    c = _toneless(compact(to_arabic_digits(stripped)))
    for lead in map(_toneless, _LEADING):
        if c.startswith(lead) and not c.startswith(_toneless("แบบฟอร์ม") + lead):
            c = c[len(lead) :].lstrip(")")
            break
    if c.startswith(_TONELESS_NOT_HEADINGS):
        return None
    for kind, words in _TONELESS_HEADINGS:
        if c.startswith(words):
            return kind
    return None


# OCR of Thai drops or swaps tone marks (รายชื่อ read as รายชือ) and look-alike letters (รายซื้อ):
# headings are matched in the form `ocr_key` folds them to.
def _toneless(text: str) -> str:
    return ocr_key(text)


_TONELESS_HEADINGS = tuple((k, tuple(_toneless(w) for w in ws)) for k, ws in _HEADINGS)
_TONELESS_NOT_HEADINGS = tuple(_toneless(w) for w in _NOT_HEADINGS)


def _is_letter_top(block: Block) -> bool:
    return block.paragraph is not None and bool(_LETTER_TOP.match(block.paragraph))


def _continues_clauses(blocks: Sequence[Block], at: int) -> bool:
    """A heading-like line followed by clause ข้อ 2 or later: inside the bylaws, not a new one."""
    for block in blocks[at + 1 : at + 3]:
        if block.paragraph is None:
            return False
        m = _CLAUSE.match(to_arabic_digits(block.paragraph))
        if m:
            return int(m.group(1)) > 1
    return False


def _content(blocks: Sequence[Block], extra: Sequence[str] = ()) -> DocumentContent:
    paragraphs: list[str] = []
    paragraph_pages: list[int] = []
    tables: list[Table] = []
    table_at: list[int] = []
    table_pages: list[int] = []
    for block in blocks:
        if block.table is not None:
            tables.append(block.table)
            table_at.append(len(paragraphs))
            table_pages.append(block.page or 0)
        elif block.paragraph is not None:
            paragraphs.append(block.paragraph)
            paragraph_pages.append(block.page or 0)
    pages = sorted({b.page for b in blocks if b.page})
    body = len(paragraphs)
    layout = Layout(
        body,
        tuple(table_at),
        tuple(paragraph_pages) if pages else (),
        tuple(table_pages) if pages else (),
    )
    return DocumentContent(
        paragraphs=(*paragraphs, *extra),
        tables=tuple(tables),
        pages=len(pages) if pages else None,
        layout=layout,
    )


def split_blocks(
    blocks: Sequence[Block], source: SourceFile | None = None, extra: Sequence[str] = ()
) -> list[Part]:
    """The documents in a sequence of blocks: one Part per document, in order. One Part with
    everything (kind from its content) when the blocks hold one document. `extra` (page
    headers and footers) goes with the first part."""
    # Parts are classified by content only: the file's name speaks for the whole file.
    anonymous = SourceFile("", source.path if source else Path(), source.size if source else 0)
    starts: list[tuple[int, DocKind | None, str]] = [(0, None, "")]
    for i, block in enumerate(blocks):
        if block.paragraph is None:
            continue
        kind = heading_kind(block.paragraph)
        if kind is None and _SUBJECT.match(block.paragraph):
            kind = DocKind.REQUEST_FORM
            while i > starts[-1][0] + 1 and _is_letter_top(blocks[i - 1]):
                i -= 1
        if kind is None or _continues_clauses(blocks, i):
            continue
        if i == 0:
            starts[0] = (0, kind, block.paragraph)
        else:
            starts.append((i, kind, block.paragraph))
    segments = []
    for n, (start, hint, heading) in enumerate(starts):
        end = starts[n + 1][0] if n + 1 < len(starts) else len(blocks)
        if end > start:
            segments.append((list(blocks[start:end]), hint, heading))
    # Classify each segment; fold back what does not stand as a document of its own.
    parts: list[tuple[list[Block], DocKind, str]] = []
    for segment, hint, heading in segments:
        kind = classify(anonymous, _content(segment))
        keep = (hint is not None and kind == hint) or (hint is None and kind != DocKind.UNKNOWN)
        if parts and (not keep or parts[-1][1] == kind):
            parts[-1][0].extend(segment)
            continue
        if not parts and not keep:
            kind = DocKind.UNKNOWN  # a cover page or a letterhead: goes with the next part
        parts.append((segment, kind, heading))
    if parts and parts[0][1] == DocKind.UNKNOWN and len(parts) > 1 and not parts[0][2]:
        first = parts.pop(0)
        parts[0] = (first[0] + parts[0][0], parts[0][1], parts[0][2])
    if len({kind for _, kind, _ in parts}) < 2:
        content = _content(blocks, extra)
        return [Part(content, classify(anonymous, content))]
    out: list[Part] = []
    for n, (segment, kind, heading) in enumerate(parts):
        pages = _pages(segment, parts[n + 1][0] if n + 1 < len(parts) else None)
        out.append(Part(_content(segment, extra if n == 0 else ()), kind, heading, pages))
    return out


def _pages(segment: Sequence[Block], following: Sequence[Block] | None) -> tuple[int, ...]:
    """Pages a part spans: from its first page to the last before the next part starts (the
    page the next part starts on, too, when this part holds something on it)."""
    known = [b.page for b in segment if b.page]
    if not known:
        return ()
    first, last = min(known), max(known)
    if following:
        nxt = next((b.page for b in following if b.page), None)
        if nxt is not None and nxt - 1 > last:
            last = nxt - 1
    return tuple(range(first, last + 1))


def split_document(content: DocumentContent, source: SourceFile | None = None) -> list[Part]:
    """The documents in what a reader gave: several Parts when one file holds several
    documents, else one Part with the content unchanged."""
    sheets = split_workbook(content, source)
    if sheets is not None:
        return sheets
    blocks = blocks_of(content)
    ocr = content.ocr
    if blocks is None and ocr is not None and len(ocr.pages) > 1:
        # A scan: its pages as OCR read them (a page's tables after its lines).
        blocks = blocks_from_pages([(*page.paragraphs, *page.tables) for page in ocr.pages])
        parts = split_blocks(blocks, source)
        if len(parts) == 1:
            return [Part(content, parts[0].kind)]
        return [replace(p, content=replace(p.content, ocr=_ocr_of(ocr, p.pages))) for p in parts]
    if blocks is None or not any(
        b.paragraph is not None and heading_kind(b.paragraph) for b in blocks
    ):
        return [Part(content, classify(source or SourceFile("", Path(), 0), content))]
    assert content.layout is not None
    extra = content.paragraphs[content.layout.body :]
    parts = split_blocks(blocks, source, extra)
    if len(parts) == 1:
        return [Part(content, classify(source, content) if source else parts[0].kind)]
    return parts


def _ocr_of(ocr: OcrInfo, pages: Sequence[int]) -> OcrInfo:
    """What OCR says about the pages of one part of a scan."""
    mine = tuple(p for p in ocr.pages if p.number in pages)
    confidence = sum(p.confidence for p in mine) / len(mine) if mine else ocr.confidence
    return OcrInfo(confidence, mine, tuple(d for d in ocr.doubts if d.page in pages))


def classify_parts(source: SourceFile, content: DocumentContent) -> list[ClassifiedFile]:
    """One ClassifiedFile per document in the file (the pipeline's step before extraction)."""
    parts = split_document(content, source)
    if len(parts) == 1:
        return [ClassifiedFile(source, classify(source, content), content)]
    return [
        replace(
            ClassifiedFile(source, p.kind, p.content),
            pages=p.pages,
            heading=p.heading,
            sheets=p.sheets,
        )
        for p in parts
    ]


# ---------------------------------------------------------------------------------------
# Workbooks: a document per sheet, or two on one sheet
# ---------------------------------------------------------------------------------------


_MIN_SHEET_ROWS = 3  # rows with text a document on a sheet has at least


@dataclass
class _Piece:
    """Rows [start, end) of one sheet (tables[sheet]), the heading row opening it if any."""

    sheet: int
    start: int
    end: int
    hint: DocKind | None
    heading: str
    whole: bool  # the whole sheet (its name speaks for it)


def _heading_row(row: Sequence[str]) -> tuple[DocKind, str] | None:
    """A row that is a document's title: one cell of text (a merged title row) that opens a document."""
    cells = [c.strip() for c in row if c.strip()]
    if len(cells) != 1:
        return None
    kind = heading_kind(cells[0])
    return (kind, cells[0]) if kind is not None else None


def _sheet_pieces(index: int, table: Table) -> list[_Piece]:
    """One sheet cut where a heading row (or a request letter's subject line, with the letter's
    top above it) opens a second document below the first."""
    lines = [Block(paragraph=" ".join(c for c in row if c.strip())) for row in table.rows]
    starts: list[tuple[int, DocKind | None, str]] = [(0, None, "")]
    seen_data = False  # below the current start: more than a title's rows
    for i, row in enumerate(table.rows):
        found = _heading_row(row)
        at = i
        text = lines[i].paragraph or ""
        if found is None and _SUBJECT.match(text):
            found = (DocKind.REQUEST_FORM, text)
            while at > starts[-1][0] + 1 and _is_letter_top(lines[at - 1]):
                at -= 1
        if found is None or _continues_clauses(lines, i):
            cells = sum(1 for c in row if c.strip())
            seen_data = seen_data or cells > 1 or i - starts[-1][0] > 2
            continue
        if not seen_data:  # the document's own title (perhaps below a letterhead row)
            if starts[-1][1] is None:
                starts[-1] = (starts[-1][0], found[0], found[1])
        else:
            starts.append((at, found[0], found[1]))
            seen_data = False
    pieces = []
    for n, (first, hint, heading) in enumerate(starts):
        last = starts[n + 1][0] if n + 1 < len(starts) else len(table.rows)
        pieces.append(_Piece(index, first, last, hint, heading, whole=len(starts) == 1))
    return pieces


def _piece_table(table: Table, start: int, end: int, whole: bool) -> Table:
    if whole:
        return table
    # Part of a sheet: the sheet's name is no title of this part (its heading row is).
    return Table(table.rows[start:end], table.row_numbers[start:end], title="", sheet=table.sheet)


def _tables_of(tables: Sequence[Table], pieces: Sequence[_Piece]) -> tuple[Table, ...]:
    """The tables of a part: pieces of one sheet next to each other become one table again."""
    out: list[Table] = []
    run: list[_Piece] = []
    for piece in [*pieces, None]:
        if run and (piece is None or piece.sheet != run[-1].sheet or piece.start != run[-1].end):
            table = tables[run[0].sheet]
            whole = run[0].start == 0 and run[-1].end == len(table.rows)
            out.append(_piece_table(table, run[0].start, run[-1].end, whole))
            run = []
        if piece is not None:
            run.append(piece)
    return tuple(out)


def split_workbook(content: DocumentContent, source: SourceFile | None = None) -> list[Part] | None:
    """The documents in a workbook: a Part per document (a sheet, or a piece of a sheet under
    its own heading row). None when the content is no workbook or holds one document only."""
    tables = content.tables
    if content.paragraphs or content.ocr is not None or not tables:
        return None
    if not all(t.sheet for t in tables):
        return None
    path, size = (source.path, source.size) if source else (Path(), 0)
    pieces = [p for i, t in enumerate(tables) for p in _sheet_pieces(i, t)]
    if len(pieces) < 2:
        return None
    # Classify each piece: a whole sheet by its content and its name, a piece under a heading
    # by its content, which must be what the heading says (else it stays with the piece above).
    parts: list[tuple[list[_Piece], DocKind]] = []
    pending: list[_Piece] = []  # what no part claims yet (a cover sheet before the first)
    for piece in pieces:
        table = tables[piece.sheet]
        name = f"{table.sheet}.xlsx" if piece.whole else ""
        one = DocumentContent((), (_piece_table(table, piece.start, piece.end, piece.whole),))
        kind = classify(SourceFile(name, path, size), one)
        under_heading = piece.hint is not None and not piece.whole
        keep = kind == piece.hint if under_heading else kind != DocKind.UNKNOWN
        if piece.end - piece.start < _MIN_SHEET_ROWS:
            keep = False  # a cover or a note (เอกสารประกอบการขอจัดตั้ง…), not a document
        if not keep:  # goes with the part above (or, before the first, with the next)
            (parts[-1][0] if parts else pending).append(piece)
            continue
        if parts and parts[-1][1] == kind:
            parts[-1][0].append(piece)
            continue
        parts.append(([*pending, piece], kind))
        pending = []
    if len({kind for _, kind in parts}) < 2:
        return None
    out: list[Part] = []
    for group, kind in parts:
        heading = next((p.heading for p in group if p.heading), "")
        names = tuple(dict.fromkeys(str(tables[p.sheet].sheet) for p in group))
        part_tables = _tables_of(tables, group)
        out.append(
            Part(
                DocumentContent((), part_tables),
                kind,
                heading or names[0],
                sheets=names,
            )
        )
    return out
