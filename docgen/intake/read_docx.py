"""Reading DOCX/DOCM: paragraphs and tables in document order, with headers, footers and text boxes.

Parsed directly with lxml (a safe parser, after `check_package`) rather than python-docx, so
that text boxes, content controls and nested tables are all reached and nothing is resolved.

Decisions a reader of the output relies on:
- Whitespace runs collapse to one space; a line break inside a paragraph starts a new entry
  in `paragraphs`; empty paragraphs are dropped.
- Table cells: the cell's paragraphs joined by a space. A cell spanning N grid columns gives
  its text once followed by N-1 empty strings, so the columns of every row line up with the
  header. A vertically merged cell has its text in the first row only (like Excel's top-left).
  Rows with no text are dropped; `row_numbers` keep the row's position in the table (from 1).
- A table broken for a new page and typed on as a second table with its header row repeated
  (nothing but a page break between) is one table: rows numbered on, the repeated header dropped.
- A table nested in a cell is not part of the cell's text: it becomes its own table, listed
  right after the table that holds it, with the same title.
- Order of `paragraphs`: the body first (text boxes right after their paragraph), then
  header text, then footer text, each repeated line kept once. The body leads because the
  document's own title and labels are what classification and extraction look for first;
  a letterhead repeated on every page should not outrank them.
- Macros in a .docm are never run (docgen runs nothing); the text is read like any DOCX.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import replace
from pathlib import Path

from lxml import etree

from docgen.intake.read_ooxml import check_package, open_package, parse_xml, read_part
from docgen.model import DocumentContent, Layout, Table, UnreadableFile

_W = {
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",
}
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_REL_OFFICE_DOC = ("/officeDocument",)
_SPACE = re.compile(r"\s+")
_MAX_TABLE_ROWS = 50_000
_MAX_CELLS_PER_ROW = 1_000
_MAX_SPAN = 64
_MAX_PARSED_BYTES = 24 * 1024 * 1024  # document, headers and footers together

# Elements whose text is not the document's visible text.
_SKIP = {"pPr", "rPr", "tblPr", "trPr", "tcPr", "sectPr", "del", "moveFrom", "instrText",
         "delText", "fldChar", "commentReference", "footnoteReference", "endnoteReference"}  # fmt: skip

MSG_NO_BODY = "ไฟล์ Word นี้ไม่มีส่วนเนื้อหาเอกสาร (document.xml) อาจเสียหาย กรุณาเปิดด้วย Word แล้วบันทึกใหม่"


def _local(el: etree._Element) -> str | None:
    """The local name of a WordprocessingML element, else None."""
    tag = el.tag
    if not isinstance(tag, str) or not tag.startswith("{"):
        return None
    ns, _, local = tag[1:].partition("}")
    return local if ns in _W else None


def _is_mc(el: etree._Element, name: str) -> bool:
    return isinstance(el.tag, str) and el.tag == f"{{{_MC}}}{name}"


def _clean(text: str) -> str:
    # Zero-width spaces and word joiners mark line breaks (docgen's own documents carry them
    # at every Thai word boundary); they are no part of the text.
    return _SPACE.sub(" ", text.replace("\u200b", "").replace("\u2060", "")).strip()


class _Walker:
    def __init__(self) -> None:
        self.paragraphs: list[str] = []
        self.tables: list[Table] = []
        self.last_paragraph = ""
        self.rows_read = 0
        self.table_at: list[int] = []  # paragraphs before each table

    # -- blocks -----------------------------------------------------------------------
    def block(self, container: etree._Element) -> None:
        for child in container:
            name = _local(child)
            if name == "p":
                self.paragraph(child)
            elif name == "tbl":
                self.table(child, self.last_paragraph)
            elif name in ("sdt", "sdtContent", "customXml", "ins", "moveTo", "smartTag"):
                self.block(child)
            elif _is_mc(child, "AlternateContent"):
                choice = _first_choice(child)
                if choice is not None:
                    self.block(choice)

    def paragraph(self, p: etree._Element) -> None:
        boxes: list[etree._Element] = []
        text = _inline_text(p, boxes)
        for line in text.split("\n"):
            line = _clean(line)
            if line:
                self.paragraphs.append(line)
                self.last_paragraph = line
        for box in boxes:
            self.block(box)

    # -- tables -----------------------------------------------------------------------
    def table(self, tbl: etree._Element, title: str) -> None:
        rows: list[tuple[str, ...]] = []
        numbers: list[int] = []
        nested: list[etree._Element] = []
        for number, tr in enumerate(_children(tbl, "tr"), start=1):
            self.rows_read += 1
            if self.rows_read > _MAX_TABLE_ROWS:
                raise UnreadableFile(
                    f"ตารางในไฟล์นี้มีมากกว่า {_MAX_TABLE_ROWS:,} แถว เกินกำหนดที่ระบบอ่านได้"
                )
            cells: list[str] = [""] * _grid_value(tr, "trPr", "gridBefore")
            for tc in _children(tr, "tc"):
                span = _grid_value(tc, "tcPr", "gridSpan") or 1
                text = "" if _continues_vmerge(tc) else self.cell_text(tc, nested)
                cells.append(text)
                cells.extend([""] * (span - 1))
                if len(cells) > _MAX_CELLS_PER_ROW:
                    raise UnreadableFile("ตารางในไฟล์นี้มีจำนวนช่องต่อแถวมากผิดปกติ ระบบไม่อ่านไฟล์นี้")
            while cells and not cells[-1]:
                cells.pop()
            if cells:
                rows.append(tuple(cells))
                numbers.append(number)
        if rows and self._continue_table(rows, numbers):
            pass
        elif rows:
            self.tables.append(Table(rows=tuple(rows), row_numbers=tuple(numbers), title=title))
            self.table_at.append(len(self.paragraphs))
        for inner in nested:
            self.table(inner, title)

    def _continue_table(self, rows: list[tuple[str, ...]], numbers: list[int]) -> bool:
        """A table right after the one before (nothing but a page break or empty paragraphs
        between) that starts with the same header row(s): the person broke the table to go on
        on a new page and typed the header again. It joins the table before, its rows numbered
        on from there and the repeated header dropped, as the same table printed to PDF reads."""
        if not self.tables or self.table_at[-1] != len(self.paragraphs):
            return False
        before = self.tables[-1]
        repeated = 0
        while (
            repeated < min(len(before.rows), len(rows) - 1)
            and before.row_numbers[repeated] == repeated + 1
            and numbers[repeated] == repeated + 1
            and rows[repeated] == before.rows[repeated]
        ):
            repeated += 1
        if not repeated or sum(1 for c in rows[0] if c) < 2:
            return False
        offset = before.row_numbers[-1] - repeated
        self.tables[-1] = replace(
            before,
            rows=before.rows + tuple(rows[repeated:]),
            row_numbers=before.row_numbers + tuple(n + offset for n in numbers[repeated:]),
        )
        return True

    def cell_text(self, tc: etree._Element, nested: list[etree._Element]) -> str:
        parts: list[str] = []

        def walk(container: etree._Element) -> None:
            for child in container:
                name = _local(child)
                if name == "p":
                    boxes: list[etree._Element] = []
                    parts.append(_inline_text(child, boxes))
                    for box in boxes:
                        walk(box)
                elif name == "tbl":
                    nested.append(child)
                elif name in ("sdt", "sdtContent", "customXml", "ins", "moveTo"):
                    walk(child)
                elif _is_mc(child, "AlternateContent"):
                    choice = _first_choice(child)
                    if choice is not None:
                        walk(choice)

        walk(tc)
        return _clean(" ".join(parts))


def _children(parent: etree._Element, wanted: str) -> list[etree._Element]:
    """`wanted` children, looking through content controls and custom XML wrappers."""
    out: list[etree._Element] = []
    for child in parent:
        name = _local(child)
        if name == wanted:
            out.append(child)
        elif name in ("sdt", "sdtContent", "customXml"):
            out.extend(_children(child, wanted))
    return out


def _grid_value(el: etree._Element, props: str, prop: str) -> int:
    for p in el:
        if _local(p) == props:
            for q in p:
                if _local(q) == prop:
                    for key, value in q.attrib.items():
                        if key.endswith("}val") or key == "val":
                            try:
                                return max(0, min(int(value), _MAX_SPAN))
                            except ValueError:
                                return 0
    return 0


def _continues_vmerge(tc: etree._Element) -> bool:
    for p in tc:
        if _local(p) == "tcPr":
            for q in p:
                if _local(q) == "vMerge":
                    val = next((v for k, v in q.attrib.items() if k.endswith("}val")), "continue")
                    return val != "restart"
    return False


def _first_choice(alt: etree._Element) -> etree._Element | None:
    for child in alt:
        if _is_mc(child, "Choice"):
            return child
    for child in alt:
        if _is_mc(child, "Fallback"):
            return child
    return None


def _inline_text(p: etree._Element, boxes: list[etree._Element]) -> str:
    """A paragraph's visible text; text boxes found inside are handed back in `boxes`."""
    parts: list[str] = []

    def visit(el: etree._Element) -> None:
        for ch in el:
            if _is_mc(ch, "AlternateContent"):
                choice = _first_choice(ch)  # the same text box is stored twice: read it once
                if choice is not None:
                    visit(choice)
                continue
            name = _local(ch)
            if name == "t":
                parts.append(ch.text or "")
            elif name in _SKIP:
                continue
            elif name == "tab" or name == "ptab":
                parts.append(" ")
            elif name in ("br", "cr"):
                parts.append("\n")
            elif name == "noBreakHyphen":
                parts.append("-")
            elif name == "txbxContent":
                boxes.append(ch)
            elif name == "p":  # a paragraph inside a paragraph (a text box without wrapper)
                parts.append("\n")
                visit(ch)
                parts.append("\n")
            else:
                visit(ch)

    visit(p)
    return "".join(parts)


def _relationships(zf: zipfile.ZipFile, part: str) -> list[tuple[str, str]]:
    """(type, target part) of a part's internal relationships."""
    folder, base = posixpath.split(part)
    rels_name = posixpath.join(folder, "_rels", base + ".rels")
    try:
        root = parse_xml(read_part(zf, rels_name), rels_name)
    except KeyError:
        return []
    out: list[tuple[str, str]] = []
    for rel in root:
        if not isinstance(rel.tag, str) or not rel.tag.endswith("Relationship"):
            continue
        if rel.get("TargetMode", "Internal") != "Internal":
            continue
        target = rel.get("Target") or ""
        if target.startswith("/"):
            resolved = target.lstrip("/")
        else:
            resolved = posixpath.normpath(posixpath.join(folder, target))
        out.append((rel.get("Type") or "", resolved))
    return out


def read_docx(path: Path) -> DocumentContent:
    """Read a DOCX/DOCM file. Raises UnreadableFile for anything unsafe or broken."""
    with open_package(path) as zf:
        check_package(zf)
        names = set(zf.namelist())
        main = next(
            (t for kind, t in _relationships(zf, "") if kind.endswith(_REL_OFFICE_DOC)),
            "word/document.xml",
        )
        if main not in names:
            main = "word/document.xml"
        if main not in names:
            raise UnreadableFile(MSG_NO_BODY)
        main_xml = read_part(zf, main)
        parsed = len(main_xml)
        root = parse_xml(main_xml, main)
        body = next((c for c in root if _local(c) == "body"), None)
        if body is None:
            raise UnreadableFile(MSG_NO_BODY)

        headers: list[str] = []
        footers: list[str] = []
        extra_tables: list[Table] = []
        for kind, target in _relationships(zf, main):
            which = kind.rsplit("/", 1)[-1]
            if which not in ("header", "footer") or target not in names:
                continue
            part_walker = _Walker()
            part_xml = read_part(zf, target)
            parsed += len(part_xml)
            if parsed > _MAX_PARSED_BYTES:
                raise UnreadableFile("เนื้อหาในไฟล์ Word นี้ (รวมหัวและท้ายกระดาษ) ใหญ่เกินกำหนดที่ระบบอ่านได้")
            part_root = parse_xml(part_xml, target)
            part_walker.block(part_root)
            bucket = headers if which == "header" else footers
            for line in part_walker.paragraphs:
                if line not in bucket:
                    bucket.append(line)
            extra_tables.extend(part_walker.tables)

        walker = _Walker()
        walker.block(body)
    body_count = len(walker.paragraphs)
    return DocumentContent(
        paragraphs=tuple(walker.paragraphs + headers + footers),
        tables=tuple(walker.tables + extra_tables),
        # Tables of page headers and footers count as after the whole body.
        layout=Layout(body_count, tuple(walker.table_at) + (body_count,) * len(extra_tables)),
    )
