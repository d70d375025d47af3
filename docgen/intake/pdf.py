"""Reads PDFs: Thai text in reading order (ActualText honoured, then repaired) and ruled tables.

Why not pypdf's extract_text: LibreOffice writes Thai with one ToUnicode entry per glyph, so a
glyph shared by two marks reads as the wrong one (ส่ง -> สุง, หมู่ -> หมุู) and the sara aa
drawn for ำ is lost or doubled (สำนักงาน -> สำนักงน, สำานักงาน); LibreOffice says what such
glyphs stand for in /ActualText spans, which
pypdf ignores. This module runs the content stream itself (operators parsed by pypdf): glyph
positions, ActualText, ruling lines and images, and decodes codes by ToUnicode, then the
encoding's glyph names, then the embedded font's own glyph names (uni0E48.low ...).

Decisions a reader of the output relies on:
- `paragraphs`: body lines top to bottom, page by page; a line that wrapped (its next line's
  first word would not have fitted on it) is joined to it, Thai without a space. Lines in the
  page's header band (top 7.5% of its long side, landscape too) and footer band (bottom 7%)
  come after the body, each once, page numbers dropped (as the DOCX reader puts headers and
  footers last).
- `tables`: a grid of ruling lines is a table (cells by position, wrapped cell lines joined);
  without lines, three or more rows whose pieces start at the same columns (counted over the
  pages it spans). A table that goes on over the next page is one table (a repeated header
  row is dropped, a row broken across the page joined); without lines, when the next page's
  first lines start at its columns. A wrapped cell line joins the next with a space where one
  was drawn after it, without where the line left room for one (Thai words, digits, dashes).
  `row_numbers` count the table's rows from 1, header included; `title` is the line just
  above the table.
- Unreadable (UnreadableFile, Thai message): not a PDF, damaged, encrypted with a user
  password, a cyclic page tree, over MAX_PAGES / MAX_BYTES / MAX_SECONDS. No text at all:
  ScannedPdf (a subclass) saying the file is an image to be typed or OCR-scanned.
- Nothing here logs or raises document text (it holds national IDs).
"""

from __future__ import annotations

import io
import itertools
import math
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docgen.model import DocumentContent, Layout, Table, UnreadableFile
from docgen.thai.pdftext import is_thai_mark, join_wrapped, repair_thai

MAX_PAGES = 200
MAX_BYTES = 50 * 1024 * 1024
MAX_SECONDS = 30.0
MAX_OPERATIONS = 2_000_000  # content-stream operators over the whole file
MAX_FORM_DEPTH = 8
MAX_FONT_BYTES = 8 * 1024 * 1024  # an embedded font program read for its glyph names
MAX_CONTENT_BYTES = 3 * 1024 * 1024  # one page's (or form's) drawing instructions

MSG_ENCRYPTED = "ไฟล์ PDF นี้ถูกเข้ารหัสหรือตั้งรหัสผ่านไว้ จึงเปิดอ่านไม่ได้ กรุณาส่งไฟล์ที่ไม่มีรหัสผ่าน"
MSG_CORRUPT = (
    "ไฟล์ PDF นี้เสียหายหรือไม่สมบูรณ์ จึงเปิดอ่านไม่ได้ กรุณาสร้าง PDF ใหม่จากต้นฉบับ หรือส่งไฟล์ Word/Excel ต้นฉบับแทน"
)
MSG_TOO_MANY_PAGES = (
    f"ไฟล์ PDF นี้มีมากกว่า {MAX_PAGES} หน้า เกินขนาดที่ระบบรับได้ กรุณาส่งเฉพาะหน้าของเอกสารคำขอ"
)
MSG_TOO_LARGE = (
    f"ไฟล์ PDF นี้ใหญ่เกิน {MAX_BYTES // (1024 * 1024)} MB เกินขนาดที่ระบบรับได้ "
    "กรุณาบันทึก PDF แบบขนาดเล็ก หรือแยกเป็นไฟล์ละเอกสาร"
)
MSG_TOO_SLOW = "ไฟล์ PDF นี้ซับซ้อนเกินไป อ่านไม่เสร็จในเวลาที่กำหนด กรุณาส่งไฟล์ Word/Excel ต้นฉบับแทน"
MSG_SCAN = (
    "ไฟล์ PDF นี้เป็นภาพสแกน ไม่มีข้อความให้อ่าน กรุณาพิมพ์เอกสารใหม่ หรือสแกนด้วยโปรแกรมที่แปลงภาพเป็นข้อความ (OCR)"
)
MSG_NO_TEXT = (
    "ไฟล์ PDF นี้ไม่มีข้อความให้อ่าน (อาจเป็นภาพหรือตัวอักษรที่แปลงเป็นเส้น) "
    "กรุณาพิมพ์เอกสารใหม่ หรือสแกนด้วยโปรแกรมที่แปลงภาพเป็นข้อความ (OCR)"
)


class ScannedPdf(UnreadableFile):
    """A PDF with no text layer (a scan or outlined text): it must be typed or OCR-scanned."""


Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _mult(m: Matrix, n: Matrix) -> Matrix:
    a1, b1, c1, d1, e1, f1 = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a1 * a2 + b1 * c2,
        a1 * b2 + b1 * d2,
        c1 * a2 + d1 * c2,
        c1 * b2 + d1 * d2,
        e1 * a2 + f1 * c2 + e2,
        e1 * b2 + f1 * d2 + f2,
    )


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])


def _num(value: Any, default: float = 0.0) -> float:
    try:
        result = float(value)
    except (TypeError, ValueError):
        return default
    return result if math.isfinite(result) else default


# ---------------------------------------------------------------------------
# Fonts: character codes to Unicode and widths, from the PDF's own font data.
# ---------------------------------------------------------------------------

_BF_BLOCK = re.compile(rb"begin(bfchar|bfrange)(.*?)end\1", re.S)
_CODESPACE = re.compile(rb"begincodespacerange(.*?)endcodespacerange", re.S)
_TOKEN = re.compile(rb"<([0-9A-Fa-f\s]*)>|\[|\]")
_STANDARD_ENCODINGS = {
    "/WinAnsiEncoding": "cp1252",
    "/MacRomanEncoding": "mac_roman",
    "/StandardEncoding": "latin-1",
    "/PDFDocEncoding": "latin-1",
}


def _utf16(hexdigits: bytes) -> str:
    raw = bytes.fromhex(hexdigits.decode("ascii"))
    if len(raw) % 2:
        raw = b"\x00" + raw
    return raw.decode("utf-16-be", errors="replace")


def _parse_tounicode(data: bytes) -> tuple[dict[int, str], int]:
    """A ToUnicode CMap: code -> text, and the code length in bytes (from the codespace)."""
    mapping: dict[int, str] = {}
    code_bytes = 1
    spaces = _CODESPACE.search(data)
    if spaces:
        first = re.search(rb"<([0-9A-Fa-f]+)>", spaces.group(1))
        if first:
            code_bytes = max(1, min(4, len(first.group(1)) // 2))
    for kind, body in _BF_BLOCK.findall(data):
        tokens: list[bytes | str] = []
        for m in _TOKEN.finditer(body):
            tokens.append(
                m.group(1).replace(b" ", b"").replace(b"\n", b"")
                if m.group(1) is not None
                else m.group(0).decode()
            )
        i = 0
        if kind == b"bfchar":
            while i + 1 < len(tokens):
                src, dst = tokens[i], tokens[i + 1]
                i += 2
                if isinstance(src, bytes) and isinstance(dst, bytes) and src:
                    mapping[int(src, 16)] = _utf16(dst)
        else:
            while i + 2 < len(tokens):
                lo, hi, dst = tokens[i], tokens[i + 1], tokens[i + 2]
                i += 3
                if not (isinstance(lo, bytes) and isinstance(hi, bytes) and lo and hi):
                    continue
                start, end = int(lo, 16), int(hi, 16)
                if end < start or end - start > 0xFFFF:
                    continue
                if dst == "[":
                    for code in range(start, end + 1):
                        if i < len(tokens) and isinstance(tokens[i], bytes):
                            mapping[code] = _utf16(tokens[i])  # type: ignore[arg-type]
                            i += 1
                    while i < len(tokens) and tokens[i] != "]":
                        i += 1
                    i += 1
                elif isinstance(dst, bytes) and dst:
                    base = bytes.fromhex(dst.decode("ascii"))
                    for offset, code in enumerate(range(start, end + 1)):
                        last = int.from_bytes(base[-2:], "big") + offset
                        mapping[code] = (base[:-2] + last.to_bytes(2, "big")).decode(
                            "utf-16-be", errors="replace"
                        )
    return mapping, code_bytes


def _glyph_name_text(name: str) -> str | None:
    """Unicode for a glyph name: uniXXXX, uXXXXX, or the Adobe glyph list."""
    bare = name.lstrip("/").split(".")[0].split("_")[0]
    m = re.fullmatch(r"uni([0-9A-Fa-f]{4})+", bare)
    if m:
        return "".join(chr(int(bare[i : i + 4], 16)) for i in range(3, len(bare), 4))
    m = re.fullmatch(r"u([0-9A-Fa-f]{4,6})", bare)
    if m:
        return chr(int(m.group(1), 16))
    try:
        from pypdf._codecs.adobe_glyphs import adobe_glyphs  # the Adobe glyph list pypdf ships

        text = adobe_glyphs.get("/" + bare)
    except Exception:  # pragma: no cover - layout of a private module
        return None
    return str(text) if text else None


class _Font:
    """What the reader needs of one font: code length, code -> text, code -> width (1/1000 em)."""

    def __init__(self, font: Any) -> None:
        self.code_bytes = 1
        self.text: dict[int, str] = {}  # from ToUnicode and /Differences: what the PDF says
        self.base: dict[int, str] = {}  # from the simple font's base encoding: a fallback
        self.widths: dict[int, float] = {}
        self.default_width = 500.0
        self._font = font
        self._names: dict[int, str] | None = None  # code -> text by the embedded glyph names
        subtype = str(font.get("/Subtype", ""))
        self.composite = subtype == "/Type0"
        base_codec = "latin-1"
        cid_font: Any = {}
        if self.composite:
            self.code_bytes = 2
            descendants = font.get("/DescendantFonts")
            cid_font = descendants[0].get_object() if descendants else {}
        self._program_font = cid_font if self.composite else font
        if self.composite:
            self.default_width = _num(cid_font.get("/DW", 1000), 1000.0)
            self._cid_widths(cid_font.get("/W"))
        else:
            first = int(_num(font.get("/FirstChar", 0)))
            widths = font.get("/Widths")
            if widths is not None:
                for i, w in enumerate(widths.get_object()):
                    self.widths[first + i] = _num(w, 500.0)
            encoding = font.get("/Encoding")
            encoding = encoding.get_object() if encoding is not None else None
            if isinstance(encoding, str) or encoding is None:
                base_codec = _STANDARD_ENCODINGS.get(str(encoding), "latin-1")
            else:
                base_codec = _STANDARD_ENCODINGS.get(
                    str(encoding.get("/BaseEncoding", "")), "latin-1"
                )
                code = 0
                for item in encoding.get("/Differences", []) or []:
                    item = item.get_object() if hasattr(item, "get_object") else item
                    if isinstance(item, int | float) and not isinstance(item, str):
                        code = int(item)
                    else:
                        name_text = _glyph_name_text(str(item))
                        if name_text is not None:
                            self.text[code] = name_text
                        code += 1
            for code in range(256):
                self.base[code] = bytes([code]).decode(base_codec, errors="replace")
        if subtype == "/Type3":
            # Type3 widths are in glyph space, scaled by the font's own matrix, not 1/1000 em.
            matrix = font.get("/FontMatrix")
            scale = _num(matrix[0], 0.001) * 1000 if matrix is not None and len(matrix) else 1.0
            self.widths = {code: w * scale for code, w in self.widths.items()}
        tounicode = font.get("/ToUnicode")
        if tounicode is not None:
            try:
                stream = tounicode.get_object()
                mapping, code_bytes = _parse_tounicode(stream.get_data())
            except Exception:
                mapping, code_bytes = {}, self.code_bytes
            if mapping:
                if self.composite:
                    self.code_bytes = code_bytes
                self.text.update(mapping)

    def _cid_widths(self, w: Any) -> None:
        if w is None:
            return
        items = list(w.get_object())
        i = 0
        while i + 1 < len(items):
            first = int(_num(items[i]))
            nxt = items[i + 1].get_object() if hasattr(items[i + 1], "get_object") else items[i + 1]
            if isinstance(nxt, list):
                for k, width in enumerate(nxt):
                    self.widths[first + k] = _num(width, self.default_width)
                i += 2
            elif i + 2 < len(items):
                last = int(_num(nxt))
                if 0 <= last - first <= 0xFFFF:
                    for code in range(first, last + 1):
                        self.widths[code] = _num(items[i + 2], self.default_width)
                i += 3
            else:
                break

    def _program_names(self) -> dict[int, str]:
        """Code -> text from the glyph names in the embedded TrueType program (uni0E48.low,
        maiekthai ...), for fonts whose ToUnicode map is missing or leaves codes out."""
        names: dict[int, str] = {}
        try:
            descriptor = self._program_font.get("/FontDescriptor")
            program = descriptor.get_object().get("/FontFile2") if descriptor is not None else None
            if program is None:
                return names
            data = program.get_object().get_data()
            if len(data) > MAX_FONT_BYTES:
                return names
            from fontTools.ttLib import TTFont

            tt = TTFont(io.BytesIO(data), lazy=True)
            order = tt.getGlyphOrder()
            if self.composite:
                cid_to_gid = self._program_font.get("/CIDToGIDMap")
                table = None
                if cid_to_gid is not None and not isinstance(cid_to_gid.get_object(), str):
                    table = cid_to_gid.get_object().get_data()
                for gid, name in enumerate(order):
                    cid = gid
                    if table is not None:
                        continue  # a CID -> GID table: rare for Thai, handled below
                    text = _glyph_name_text(name)
                    if text:
                        names[cid] = text
                if table is not None:
                    for cid in range(len(table) // 2):
                        gid = int.from_bytes(table[2 * cid : 2 * cid + 2], "big")
                        if 0 < gid < len(order) and (text := _glyph_name_text(order[gid])):
                            names[cid] = text
            else:
                for sub in tt["cmap"].tables:
                    for code, name in sub.cmap.items():
                        byte = code - 0xF000 if sub.platformID == 3 and sub.platEncID == 0 else code
                        if (
                            0 <= byte < 256
                            and byte not in names
                            and (text := _glyph_name_text(name))
                        ):
                            names[byte] = text
        except Exception:
            return {}
        return names

    def char(self, code: int) -> str:
        """The text one character code stands for, by the best evidence the PDF holds."""
        text = self.text.get(code)
        if text and text != "\ufffd":
            return text
        if self._names is None:
            self._names = self._program_names()
        named = self._names.get(code)
        if named:
            return named
        if text == "\ufffd":
            return ""  # the producer did not know either; the glyph keeps its room, no letter
        return text if text is not None else self.base.get(code, "")

    def decode(self, data: bytes) -> Iterable[tuple[int, str, float]]:
        step = self.code_bytes
        for i in range(0, len(data) - step + 1, step):
            code = int.from_bytes(data[i : i + step], "big")
            yield code, self.char(code), self.widths.get(code, self.default_width)


# ---------------------------------------------------------------------------
# The content-stream interpreter: glyphs with positions, ruling lines, images.
# ---------------------------------------------------------------------------


@dataclass
class _Glyph:
    text: str
    x: float
    y: float
    end: float
    size: float


@dataclass
class _PageMarks:
    glyphs: list[_Glyph] = field(default_factory=list)
    hrules: list[tuple[float, float, float]] = field(default_factory=list)  # y, x0, x1
    vrules: list[tuple[float, float, float]] = field(default_factory=list)  # x, y0, y1
    images: int = 0


@dataclass
class _TextState:
    font: _Font | None = None
    size: float = 0.0
    char_space: float = 0.0
    word_space: float = 0.0
    scale: float = 1.0
    leading: float = 0.0
    rise: float = 0.0


class _Budget:
    def __init__(self, seconds: float) -> None:
        self.deadline = time.monotonic() + seconds
        self.operations = 0

    def tick(self, count: int = 1) -> None:
        self.operations += count
        if self.operations > MAX_OPERATIONS or (
            self.operations % 2000 == 0 and time.monotonic() > self.deadline
        ):
            raise UnreadableFile(MSG_TOO_SLOW)

    def check_time(self) -> None:
        if time.monotonic() > self.deadline:
            raise UnreadableFile(MSG_TOO_SLOW)


class _Interpreter:
    def __init__(self, reader: Any, budget: _Budget) -> None:
        self.reader = reader
        self.budget = budget
        self.fonts: dict[int, _Font] = {}
        self.marks = _PageMarks()

    def _font(self, resources: Any, name: Any) -> _Font | None:
        try:
            fonts = resources.get("/Font")
            ref = fonts.get_object().raw_get(name) if fonts is not None else None
        except Exception:
            return None
        if ref is None:
            return None
        key = id(ref) if not hasattr(ref, "idnum") else ref.idnum * 100000 + ref.generation
        if key not in self.fonts:
            try:
                self.fonts[key] = _Font(ref.get_object())
            except Exception:
                return None
        return self.fonts[key]

    def run(self, content: Any, resources: Any, ctm: Matrix, depth: int, seen: set[int]) -> None:
        from pypdf.generic import ContentStream

        if content is None:
            return
        resources = resources.get_object() if resources is not None else {}
        if len(content.get_data()) > MAX_CONTENT_BYTES:
            raise UnreadableFile(MSG_TOO_SLOW)
        stream = (
            content if isinstance(content, ContentStream) else ContentStream(content, self.reader)
        )
        self.budget.check_time()
        state = _TextState()
        stack: list[tuple[Matrix, _TextState]] = []
        tm = lm = IDENTITY
        # Marked content: each level holds ActualText (or None) and the glyphs drawn inside.
        marked: list[tuple[str | None, list[_Glyph]]] = []
        path: list[tuple[float, float]] = []
        segments: list[tuple[float, float, float, float]] = []
        rects: list[tuple[float, float, float, float]] = []
        for operands, op in stream.operations:
            self.budget.tick()
            if op == b"Tj" or op == b"'" or op == b'"' or op == b"TJ":
                if op == b"'" or op == b'"':
                    if op == b'"' and len(operands) >= 3:
                        state.word_space = _num(operands[0])
                        state.char_space = _num(operands[1])
                    tm = lm = _mult((1, 0, 0, 1, 0, -state.leading), lm)
                items = operands[-1:] if op != b"TJ" else list(operands[0]) if operands else []
                for item in items:
                    if isinstance(item, bytes | str):
                        tm = self._show(item, state, tm, ctm, marked)
                    else:
                        shift = -_num(item) / 1000.0 * state.size * state.scale
                        tm = _mult((1, 0, 0, 1, shift, 0), tm)
            elif op == b"Tf" and len(operands) >= 2:
                state.font = self._font(resources, operands[0])
                state.size = _num(operands[1])
            elif op == b"Td" and len(operands) >= 2:
                tm = lm = _mult((1, 0, 0, 1, _num(operands[0]), _num(operands[1])), lm)
            elif op == b"TD" and len(operands) >= 2:
                state.leading = -_num(operands[1])
                tm = lm = _mult((1, 0, 0, 1, _num(operands[0]), _num(operands[1])), lm)
            elif op == b"Tm" and len(operands) >= 6:
                tm = lm = tuple(_num(v) for v in operands[:6])  # type: ignore[assignment]
            elif op == b"T*":
                tm = lm = _mult((1, 0, 0, 1, 0, -state.leading), lm)
            elif op == b"BT":
                tm = lm = IDENTITY
            elif op == b"Tc" and operands:
                state.char_space = _num(operands[0])
            elif op == b"Tw" and operands:
                state.word_space = _num(operands[0])
            elif op == b"Tz" and operands:
                state.scale = _num(operands[0], 100.0) / 100.0
            elif op == b"TL" and operands:
                state.leading = _num(operands[0])
            elif op == b"Ts" and operands:
                state.rise = _num(operands[0])
            elif op == b"q":
                if len(stack) < 64:
                    stack.append((ctm, _TextState(**vars(state))))
            elif op == b"Q":
                if stack:
                    ctm, state = stack.pop()
            elif op == b"cm" and len(operands) >= 6:
                ctm = _mult(tuple(_num(v) for v in operands[:6]), ctm)  # type: ignore[arg-type]
            elif op in (b"BDC", b"BMC"):
                marked.append((self._actual_text(operands, resources), []))
            elif op == b"EMC":
                if marked:
                    self._close_span(marked)
            elif op == b"m" and len(operands) >= 2:
                path = [_apply(ctm, _num(operands[0]), _num(operands[1]))]
            elif op == b"l" and len(operands) >= 2:
                point = _apply(ctm, _num(operands[0]), _num(operands[1]))
                if path:
                    segments.append((*path[-1], *point))
                path.append(point)
            elif op == b"re" and len(operands) >= 4:
                x, y, w, h = (_num(v) for v in operands[:4])
                x0, y0 = _apply(ctm, x, y)
                x1, y1 = _apply(ctm, x + w, y + h)
                rects.append((min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)))
            elif op in (b"S", b"s", b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*"):
                self._rules(segments, rects, stroked=op in (b"S", b"s", b"B", b"B*", b"b", b"b*"))
                segments, rects, path = [], [], []
            elif op == b"n":
                segments, rects, path = [], [], []
            elif op == b"INLINE IMAGE":
                self.marks.images += 1
            elif op == b"Do" and operands:
                self._do(operands[0], resources, ctm, depth, seen)
        while marked:
            self._close_span(marked)

    def _actual_text(self, operands: list[Any], resources: Any) -> str | None:
        if len(operands) < 2:
            return None
        props = operands[1]
        try:
            if not hasattr(props, "get"):
                named = resources.get("/Properties")
                props = named.get_object().get(props) if named is not None else None
            props = props.get_object() if props is not None else None
            text = props.get("/ActualText") if props is not None else None
        except Exception:
            return None
        return str(text) if text is not None else None

    def _close_span(self, marked: list[tuple[str | None, list[_Glyph]]]) -> None:
        actual, glyphs = marked.pop()
        if actual is not None and glyphs:
            # The producer says what these glyphs stand for: one glyph with that text.
            first = glyphs[0]
            glyphs = [
                _Glyph(
                    actual,
                    first.x,
                    first.y,
                    max(g.end for g in glyphs),
                    max(g.size for g in glyphs),
                )
            ]
        elif actual is not None and not glyphs:
            glyphs = []
        if marked:
            marked[-1][1].extend(glyphs)
        else:
            self.marks.glyphs.extend(glyphs)

    def _show(
        self,
        data: Any,
        state: _TextState,
        tm: Matrix,
        ctm: Matrix,
        marked: list[tuple[str | None, list[_Glyph]]],
    ) -> Matrix:
        # pypdf may have taken a string of character codes for text (UTF-16 or PDFDocEncoding);
        # original_bytes gives back the codes as written.
        raw = data.original_bytes if hasattr(data, "original_bytes") else data
        if isinstance(raw, str):
            raw = raw.encode("latin-1", errors="replace")
        font = state.font
        if font is None:
            return tm
        out = marked[-1][1] if marked else self.marks.glyphs
        for code, text, width in font.decode(bytes(raw)):
            self.budget.tick(0)
            m = _mult(tm, ctm)
            x, y = _apply(m, 0, state.rise)
            advance = width / 1000.0 * state.size + state.char_space
            if font.code_bytes == 1 and code == 32:
                advance += state.word_space
            advance *= state.scale
            tm = _mult((1, 0, 0, 1, advance, 0), tm)
            end, _ = _apply(_mult(tm, ctm), 0, state.rise)
            size = abs(state.size) * math.hypot(m[2], m[3])
            out.append(_Glyph(text, x, y, max(end, x), size))
        return tm

    def _rules(
        self,
        segments: list[tuple[float, float, float, float]],
        rects: list[tuple[float, float, float, float]],
        *,
        stroked: bool,
    ) -> None:
        for x0, y0, x1, y1 in segments:
            if abs(y1 - y0) < 1.0 and abs(x1 - x0) > 5:
                self.marks.hrules.append(((y0 + y1) / 2, min(x0, x1), max(x0, x1)))
            elif abs(x1 - x0) < 1.0 and abs(y1 - y0) > 5:
                self.marks.vrules.append(((x0 + x1) / 2, min(y0, y1), max(y0, y1)))
        for x0, y0, x1, y1 in rects:
            w, h = x1 - x0, y1 - y0
            if h < 2.5 and w > 5:
                self.marks.hrules.append(((y0 + y1) / 2, x0, x1))
            elif w < 2.5 and h > 5:
                self.marks.vrules.append(((x0 + x1) / 2, y0, y1))
            elif stroked and w > 5 and h > 5:
                self.marks.hrules.extend([(y0, x0, x1), (y1, x0, x1)])
                self.marks.vrules.extend([(x0, y0, y1), (x1, y0, y1)])

    def _do(self, name: Any, resources: Any, ctm: Matrix, depth: int, seen: set[int]) -> None:
        try:
            xobjects = resources.get("/XObject")
            ref = xobjects.get_object().raw_get(name) if xobjects is not None else None
            xobj = ref.get_object() if ref is not None else None
        except Exception:
            return
        if xobj is None:
            return
        subtype = str(xobj.get("/Subtype", ""))
        if subtype == "/Image":
            self.marks.images += 1
            return
        if subtype != "/Form" or depth >= MAX_FORM_DEPTH:
            return
        key = getattr(ref, "idnum", id(xobj))
        if key in seen:
            return  # a form that draws itself
        matrix = xobj.get("/Matrix")
        form_ctm = ctm
        if matrix is not None and len(matrix) == 6:
            form_ctm = _mult(tuple(_num(v) for v in matrix), ctm)  # type: ignore[arg-type]
        self.run(xobj, xobj.get("/Resources", resources), form_ctm, depth + 1, seen | {key})


# ---------------------------------------------------------------------------
# Layout: glyphs -> clusters -> lines; ruled regions -> tables.
# ---------------------------------------------------------------------------


@dataclass
class _Cluster:
    text: str
    x: float
    y: float
    end: float
    size: float


def _clusters(glyphs: list[_Glyph]) -> list[_Cluster]:
    """Glyphs in drawing order, with Thai marks joined to the letter they sit on."""
    out: list[_Cluster] = []
    for g in glyphs:
        if not g.text and g.end - g.x <= 0.05 * g.size:
            continue  # an unmapped glyph that takes room is kept: it is no gap between words
        if out and is_thai_mark(g.text[:1]) and abs(g.y - out[-1].y) < max(out[-1].size, 1.0):
            prev = out[-1]
            prev.text += g.text
            prev.end = max(prev.end, g.end)
            continue
        if (
            out
            and out[-1].text == g.text
            and abs(out[-1].x - g.x) < 0.5
            and abs(out[-1].y - g.y) < 0.5
        ):
            continue  # the same glyph drawn twice (fake bold)
        out.append(_Cluster(g.text, g.x, g.y, g.end, g.size))
    return out


def _lines(clusters: list[_Cluster]) -> list[list[_Cluster]]:
    """Clusters grouped by baseline, top to bottom, each line left to right."""
    ordered = sorted(clusters, key=lambda c: -c.y)
    lines: list[list[_Cluster]] = []
    for c in ordered:
        if lines:
            line = lines[-1]
            ref = line[0]
            if abs(ref.y - c.y) <= 0.5 * max(ref.size, c.size, 1.0):
                line.append(c)
                continue
        lines.append([c])
    for line in lines:
        # By the middle of each cluster: a sara am whose nikhahit is drawn back over the
        # letter before starts left of that letter, but ends right of it.
        line.sort(key=lambda c: (c.x + c.end) / 2)
    return lines


def _line_text(line: list[_Cluster], *, keep_trailing_space: bool = False) -> str:
    parts: list[str] = []
    prev: _Cluster | None = None
    for c in line:
        if prev is not None:
            gap = c.x - prev.end
            if (
                gap > 0.18 * max(prev.size, c.size, 1.0)
                and not parts[-1].endswith(" ")
                and not c.text.startswith(" ")
            ):
                parts.append(" ")
        parts.append(c.text)
        prev = c
    joined = "".join(parts)
    text = " ".join(joined.split())
    if keep_trailing_space and text and joined != joined.rstrip():
        text += " "
    return text


@dataclass
class _Grid:
    xs: list[float]  # column edges, left to right
    ys: list[float]  # row edges, top to bottom
    top: float
    bottom: float

    def contains(self, c: _Cluster) -> bool:
        cx = (c.x + c.end) / 2
        return self.xs[0] - 1 <= cx <= self.xs[-1] + 1 and self.bottom - 1 <= c.y <= self.top + 1


def _merge_positions(values: list[float], tolerance: float = 2.0) -> list[float]:
    merged: list[float] = []
    for v in sorted(values):
        if merged and v - merged[-1] <= tolerance:
            continue
        merged.append(v)
    return merged


def _grids(marks: _PageMarks) -> list[_Grid]:
    """Ruled tables: groups of horizontal and vertical rules that touch each other."""
    hr = [r for r in marks.hrules if r[2] - r[1] > 5]
    vr = [r for r in marks.vrules if r[2] - r[1] > 3]
    if len(hr) < 2 or len(vr) < 2:
        return []
    # Union-find over rules that meet (within 2pt).
    items: list[tuple[str, tuple[float, float, float]]] = [("h", r) for r in hr] + [
        ("v", r) for r in vr
    ]
    parent = list(range(len(items)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, (ki, ri) in enumerate(items):
        if ki != "h":
            continue
        y, x0, x1 = ri
        for j, (kj, rj) in enumerate(items):
            if kj != "v":
                continue
            x, y0, y1 = rj
            if x0 - 2 <= x <= x1 + 2 and y0 - 2 <= y <= y1 + 2:
                parent[find(i)] = find(j)
    groups: dict[int, list[int]] = {}
    for i in range(len(items)):
        groups.setdefault(find(i), []).append(i)
    grids: list[_Grid] = []
    for members in groups.values():
        hs = [items[i][1] for i in members if items[i][0] == "h"]
        vs = [items[i][1] for i in members if items[i][0] == "v"]
        if len(hs) < 2 or len(vs) < 2:
            continue
        xs = _merge_positions([v[0] for v in vs])
        ys = sorted(_merge_positions([h[0] for h in hs]), reverse=True)
        if len(xs) < 2 or len(ys) < 2:
            continue
        grids.append(_Grid(xs=xs, ys=ys, top=ys[0], bottom=ys[-1]))
    grids.sort(key=lambda g: -g.top)
    return grids


def _grid_cell(clusters: list[_Cluster], left: float, right: float) -> _Cell:
    """A ruled cell's lines; where a line stopped short of the edge with room for a space, the
    next word was too long for the rest of the line and no space stood between (Thai)."""
    lines = [line for line in _lines(clusters) if _line_text(line)]
    cell = _Cell()
    for line in lines:
        cell.pieces.append(_line_text(line, keep_trailing_space=True))
        padding = max(0.0, min(c.x for c in line) - left)
        room = (right - padding) - max(c.end for c in line)
        size = max(c.size for c in line)
        cell.breaks.append(False if room > 0.33 * size else None)
    return cell


def _grid_rows(
    grid: _Grid, clusters: list[_Cluster]
) -> tuple[list[tuple[int, tuple[str, ...]]], tuple[bool | None, ...]]:
    """A ruled table's rows, and after the last line of each cell of its last row whether a
    space stood there (for a row that goes on over the page)."""
    ncols = len(grid.xs) - 1
    nrows = len(grid.ys) - 1
    cells: list[list[list[_Cluster]]] = [[[] for _ in range(ncols)] for _ in range(nrows)]
    for c in clusters:
        cx = (c.x + c.end) / 2
        col = next((i for i in range(ncols) if cx < grid.xs[i + 1]), ncols - 1)
        row = next((i for i in range(nrows) if c.y > grid.ys[i + 1]), nrows - 1)
        cells[row][col].append(c)
    read = [
        [_grid_cell(cells[r][k], grid.xs[k], grid.xs[k + 1]) for k in range(ncols)]
        for r in range(nrows)
    ]
    rows: list[tuple[int, tuple[str, ...]]] = []
    tail: tuple[bool | None, ...] = ()
    for r in range(nrows):
        texts = tuple(repair_thai(cell.text()) for cell in read[r])
        if any(texts):
            rows.append((r + 1, texts))
            tail = tuple(cell.tail() for cell in read[r])
    return rows, tail


# A line that starts a list item or clause never continues the line above it.
_ITEM_START = re.compile(
    r"^\s*(?:ข้อ\s*[\d๐-๙]|หมวด|[\d๐-๙]+(?:\.[\d๐-๙]+)*[.)]|\([\d๐-๙ก-ฮ]+\)|[-•*▪●]\s|[ก-ฮ][.)]\s)"
)
_PAGE_NUMBER = re.compile(
    r"^[\s\-–—(]*(?:หน้า|page)?\s*[\d๐-๙]+(?:\s*(?:/|จาก|of)\s*[\d๐-๙]+)?[\s\-–—)]*$", re.I
)
HEADER_BAND = 0.075  # of the page's long side: lines above this (from the top) are the page header
FOOTER_BAND = 0.07  # and below this (from the bottom) the page footer


@dataclass
class _TextLine:
    clusters: list[_Cluster]
    text: str  # with a trailing space if one was drawn
    x0: float
    x1: float
    y: float
    size: float


def _text_line(line: list[_Cluster]) -> _TextLine:
    return _TextLine(
        clusters=line,
        text=_line_text(line, keep_trailing_space=True),
        x0=min(c.x for c in line),
        x1=max(c.end for c in line),
        y=line[0].y,
        size=max(c.size for c in line),
    )


def _width_of(line: _TextLine, chars: int) -> float:
    """How much room the first `chars` letters of a line (spaces not counted) take."""
    seen = 0
    for c in line.clusters:
        seen += len(c.text.replace(" ", ""))
        if seen >= chars:
            return c.end - line.x0
    return line.x1 - line.x0


def _first_word_fits(line: _TextLine, room: float) -> bool:
    """Whether the first word of `line` fits in `room` (Thai: its first dictionary word, since
    a line may break between Thai words; not before the dots or digits that follow one)."""
    chunk = line.text.strip().split(" ", 1)[0]
    if _width_of(line, len(chunk)) <= room:
        return True
    thai = re.match("[\u0e01-\u0e5b]+", chunk)
    if not thai:
        return False
    try:
        from pythainlp.tokenize import word_tokenize

        words = word_tokenize(thai.group(0), engine="newmm")
    except Exception:  # pragma: no cover - pythainlp is a dependency
        return False
    return len(words) > 1 and _width_of(line, len(words[0])) <= room


def _continues(above: _TextLine, below: _TextLine, right: float) -> bool:
    """Whether `below` is the wrapped rest of the paragraph `above` belongs to."""
    size = max(above.size, 1.0)
    if abs(above.size - below.size) > 0.15 * size:
        return False
    if not 0 < above.y - below.y <= 2.2 * size:  # Thai fonts set lines far apart
        return False
    if below.x0 > above.x0 + 0.5 * size or _ITEM_START.match(below.text):
        return False
    # The first word of the line below would have fitted on the line above: not a wrap.
    room = (right - above.x1) - 0.1 * size
    return room <= 0 or not _first_word_fits(below, room)


def _paragraphs(
    lines: list[_TextLine], page_left: float, page_right: float
) -> list[tuple[float, str]]:
    """Lines joined into paragraphs where a line wrapped; each with the y of its first line.

    The right edge of the text is where the longest line ends, trusted as a margin only when
    it lies in the right quarter of the page (a page of short lines has no wrapped lines)."""
    if not lines:
        return []
    right = max(line.x1 for line in lines)
    wraps = right >= page_left + 0.75 * (page_right - page_left)
    groups: list[list[_TextLine]] = []
    for line in lines:
        if groups and wraps and _continues(groups[-1][-1], line, right):
            groups[-1].append(line)
        else:
            groups.append([line])
    out = []
    for group in groups:
        text = repair_thai(join_wrapped([g.text for g in group], prose=True))
        if text:
            out.append((group[0].y, text))
    return out


def _segments(line: _TextLine) -> list[tuple[float, float, str]]:
    """A line cut where letters stand apart by more than a word space with no space drawn
    between them (a drawn space is a word space however wide): (x, end, text) each, the text
    ending in a space where one was drawn after its last letter (a cell wrapped at a space)."""
    pieces: list[tuple[float, list[_Cluster]]] = []
    prev: _Cluster | None = None
    for c in line.clusters:
        blank = not c.text.strip()
        if prev is not None and c.x - prev.end <= 0.55 * max(prev.size, c.size, 1.0):
            if pieces:
                pieces[-1][1].append(c)
        elif not blank:
            pieces.append((c.x, [c]))
        prev = c
    return [
        (
            x,
            max(c.end for c in cs if c.text.strip()),
            repair_thai(_line_text(cs, keep_trailing_space=True)),
        )
        for x, cs in pieces
    ]


@dataclass
class _Cell:
    """One cell of a table without rules: its lines, and after each whether a space stood."""

    pieces: list[str] = field(default_factory=list)
    breaks: list[bool | None] = field(default_factory=list)
    end: float = 0.0  # where its last line ended

    def text(self) -> str:
        return join_wrapped(self.pieces, self.breaks)

    def tail(self) -> bool | None:
        """After the last line: a space drawn (True), room left and none (False), or unknown."""
        if not self.pieces:
            return None
        return True if self.pieces[-1] != self.pieces[-1].rstrip() else self.breaks[-1]


def _column_limits(anchors: list[float], ends: list[float], size: float) -> list[float]:
    """Where each column's text must stop: before the next column, less the cells' padding
    (taken as half the gap the first row leaves, at most one em). The last column's edge is
    known only when the columns are equally wide (a table Word or LibreOffice drew across the
    page): one more column width; otherwise nothing is inferred from it."""
    limits = [
        anchors[k + 1] - min(size, max(0.0, anchors[k + 1] - ends[k]) / 2)
        for k in range(len(anchors) - 1)
    ]
    pitches = [b - a for a, b in itertools.pairwise(anchors)]
    if len(pitches) >= 2 and max(pitches) - min(pitches) <= max(3.0, 0.03 * max(pitches)):
        limits.append(anchors[-1] + sum(pitches) / len(pitches) - size)
    else:
        limits.append(-math.inf)
    return limits


AlignedTable = tuple[float, list[tuple[int, tuple[str, ...]]]]


def _aligned_tables(
    pages: list[list[_TextLine]],
) -> tuple[list[list[_TextLine]], list[list[AlignedTable]]]:
    """Tables printed without rules: three or more rows of lines cut into pieces that start at
    the same places (columns), the first piece at the first column. A line whose pieces all
    start at columns but not at the first one is the wrapped rest of the row above (a row
    broken over a page too). A table whose last line ends a page's body goes on at the top of
    the next page when that page's first lines start at its columns; the header row drawn again
    there is dropped. Returns each page's other lines, and each page's tables (placed on the
    page where they start)."""
    flat = [(p, line) for p, body in enumerate(pages) for line in body]
    segs = [_segments(line) for _, line in flat]
    used: set[int] = set()
    tables: list[list[AlignedTable]] = [[] for _ in pages]
    i = 0
    while i < len(flat):
        if len(segs[i]) < 3:
            i += 1
            continue
        page, first = flat[i]
        size = first.size
        tol = 0.6 * size
        anchors = [x for x, _, _ in segs[i]]
        limits = _column_limits(anchors, [e for _, e, _ in segs[i]], size)

        def column(x: float, anchors: list[float] = anchors, tol: float = tol) -> int | None:
            for k, a in enumerate(anchors):
                if abs(x - a) <= tol:
                    return k
            return None

        def signature(j: int) -> tuple[tuple[int | None, str], ...]:
            return tuple((column(x), t.strip()) for x, _, t in segs[j])

        rows: list[list[_Cell]] = []
        members: list[int] = []
        header_lines: list[int] = []  # the lines of the first row, to know it drawn again
        j = i
        while j < len(flat):
            if j > i:
                (p0, above), (p1, below) = flat[j - 1], flat[j]
                if p1 == p0 and not 0 < above.y - below.y <= 3 * below.size:
                    break
                if p1 != p0:
                    if p1 != p0 + 1:
                        break
                    repeat = len(header_lines)
                    if (
                        len(rows) > 1
                        and j + repeat <= len(flat)
                        and all(flat[j + k][0] == p1 for k in range(repeat))
                        and [signature(j + k) for k in range(repeat)]
                        == [signature(h) for h in header_lines]
                    ):
                        members.extend(range(j, j + repeat))  # the header on the new page
                        j += repeat
                        continue
            line_segs = segs[j]
            cols = [column(x) for x, _, _ in line_segs]
            if len(line_segs) >= 2 and sum(c is not None for c in cols) >= 2 and cols[0] == 0:
                row = [_Cell() for _ in anchors]
                current = 0
                for (_x, end, text), col in zip(line_segs, cols, strict=True):
                    if col is not None:
                        current = col
                    cell = row[current]
                    if cell.pieces:  # a piece off the columns: more of the same line
                        cell.pieces[-1] = f"{cell.pieces[-1].rstrip()} {text}"
                    else:
                        cell.pieces.append(text)
                        cell.breaks.append(None)
                    cell.end = end
                rows.append(row)
                members.append(j)
                if len(rows) == 1:
                    header_lines = [j]
            elif rows and line_segs and all(c is not None and c > 0 for c in cols):
                for (_, end, text), col in zip(line_segs, cols, strict=True):
                    cell = rows[-1][col or 0]
                    if cell.pieces:
                        # Room left for a space on the line above, and none drawn: one word.
                        room = limits[col or 0] - cell.end
                        cell.breaks[-1] = False if room > 0.33 * size else None
                    cell.pieces.append(text)
                    cell.breaks.append(None)
                    cell.end = end
                members.append(j)
                if len(rows) == 1:
                    header_lines.append(j)
            else:
                break
            j += 1
        if len(rows) >= 3:
            texts = [tuple(cell.text() for cell in row) for row in rows]
            tables[page].append((first.y, [(n, r) for n, r in enumerate(texts, 1)]))
            used.update(members)
            i = j
        else:
            i += 1
    rest: list[list[_TextLine]] = [[] for _ in pages]
    for k, (p, line) in enumerate(flat):
        if k not in used:
            rest[p].append(line)
    return rest, tables


# A table: title, rows, and after the last line of each cell of its last row whether a space
# stood there (to join a row broken over the page).
PageTable = tuple[str, list[tuple[int, tuple[str, ...]]], tuple[bool | None, ...]]
PageItems = list[str | PageTable]


@dataclass
class _PageLayout:
    items: PageItems  # paragraphs (str) and tables (title, rows), top to bottom
    header: list[str]
    footer: list[str]
    chars: int


@dataclass
class _PageParts:
    body: list[_TextLine]  # lines outside ruled tables and the header and footer bands
    grids: list[_Grid]
    in_grid: dict[int, list[_Cluster]]
    header: list[str]
    footer: list[str]
    left: float
    right: float
    chars: int


def _page_parts(
    marks: _PageMarks,
    box: tuple[float, float, float, float] = (0.0, 0.0, 595.0, 842.0),
) -> _PageParts:
    """A page's lines top to bottom and its ruled tables; header and footer bands set apart."""
    clusters = _clusters(marks.glyphs)
    grids = _grids(marks)
    in_grid: dict[int, list[_Cluster]] = {i: [] for i in range(len(grids))}
    free: list[_Cluster] = []
    for c in clusters:
        for i, g in enumerate(grids):
            if g.contains(c):
                in_grid[i].append(c)
                break
        else:
            free.append(c)
    left, bottom, right, top = box
    # Word sets the page header and footer a distance from the paper's edge, the same on a
    # landscape page: the bands are a share of the page's long side (of a landscape roster's
    # short height, a header line 1.8 cm down was taken for the body and broke its table).
    height = max(top - bottom, right - left, 1.0)
    body: list[_TextLine] = []
    header: list[str] = []
    footer: list[str] = []
    for line in _lines(free):
        info = _text_line(line)
        if not info.text.strip():
            continue
        if top - info.y < HEADER_BAND * height:
            header.append(repair_thai(info.text.strip()))
        elif info.y - bottom < FOOTER_BAND * height:
            footer.append(repair_thai(info.text.strip()))
        else:
            body.append(info)
    chars = sum(len(c.text.strip()) for c in clusters)
    return _PageParts(body, grids, in_grid, header, footer, left, right, chars)


def _page_layout(
    parts: _PageParts, body: list[_TextLine], aligned: list[AlignedTable]
) -> _PageLayout:
    """A page in reading order: paragraphs of `body` (the lines left when tables without rules
    were taken out), ruled tables and the tables without rules that start on it."""
    grids = parts.grids
    entries: list[tuple[float, str | int]] = list(_paragraphs(body, parts.left, parts.right))
    for i, g in enumerate(grids):
        entries.append((g.top, i))
    for k, (y, _) in enumerate(aligned):
        entries.append((y, len(grids) + k))
    entries.sort(key=lambda e: -e[0])
    items: PageItems = []
    for _, entry in entries:
        if isinstance(entry, str):
            items.append(entry)
        elif entry >= len(grids):
            items.append(("", aligned[entry - len(grids)][1], ()))
        else:
            rows, tail = _grid_rows(grids[entry], parts.in_grid[entry])
            if rows:
                items.append(("", rows, tail))
    return _PageLayout(items, parts.header, parts.footer, parts.chars)


def _layouts(parts: list[_PageParts]) -> list[_PageLayout]:
    """Every page laid out; tables without rules found over the whole document, so that one
    going on over a page is one table."""
    bodies, aligned = _aligned_tables([p.body for p in parts])
    return [
        _page_layout(part, body, tables)
        for part, body, tables in zip(parts, bodies, aligned, strict=True)
    ]


def _assemble(
    layouts: list[_PageLayout],
) -> tuple[tuple[str, ...], tuple[Table, ...], Layout]:
    """Pages into one document: tables continued across pages joined, page headers and footers
    after the body, each once (as the DOCX reader gives them), page numbers dropped. The
    Layout says on which page each paragraph and table lies (for intake.split)."""
    pages = [layout.items for layout in layouts]
    paragraphs: list[str] = []
    tables: list[Table] = []
    paragraph_pages: list[int] = []
    table_at: list[int] = []
    table_pages: list[int] = []
    last_was_table_end = False  # the previous page ended with a table
    after_paragraph = False  # the item before, across pages, was a line of text
    last_tail: tuple[bool | None, ...] = ()  # the last table's last row: a space after each cell?
    for page_no, page in enumerate(pages, start=1):
        for index, item in enumerate(page):
            if isinstance(item, str):
                paragraphs.append(item)
                paragraph_pages.append(page_no)
                after_paragraph = True
                continue
            title = paragraphs[-1] if after_paragraph else ""
            after_paragraph = False
            _, rows, tail = item
            split_tail, last_tail = last_tail, tail
            continued = (
                index == 0
                and last_was_table_end
                and tables
                and len(tables[-1].rows[0]) == len(rows[0][1])
            )
            if continued:
                prev = tables[-1]
                prev_rows = list(prev.rows)
                new_rows = [r for _, r in rows]
                header = prev_rows[0]
                if new_rows and new_rows[0] == header:
                    new_rows = new_rows[1:]  # the header repeated on the new page
                elif (
                    new_rows
                    and new_rows[0][0] == header[0]
                    and len(prev_rows) > 1
                    and all(c.startswith(h) for c, h in zip(new_rows[0], header, strict=True))
                ):
                    # A table without lines: the repeated header took in the rest of the row
                    # broken across the page. Give that rest back to the row it belongs to.
                    rest = tuple(
                        c[len(h) :].strip() for c, h in zip(new_rows[0], header, strict=True)
                    )
                    new_rows[0] = ("", *rest[1:])
                if new_rows and not new_rows[0][0] and prev_rows[-1][0] and len(prev_rows) > 1:
                    # A row broken across the page: its first cell is already on the last page.
                    split = new_rows.pop(0)
                    prev_rows[-1] = tuple(
                        join_wrapped([a, b], [split_tail[k] if k < len(split_tail) else None])
                        if a and b
                        else a or b
                        for k, (a, b) in enumerate(zip(prev_rows[-1], split, strict=True))
                    )
                offset = prev.row_numbers[-1]
                numbers = list(range(offset + 1, offset + 1 + len(new_rows)))
                tables[-1] = Table(
                    rows=tuple(prev_rows) + tuple(new_rows),
                    row_numbers=prev.row_numbers + tuple(numbers),
                    title=prev.title,
                )
            else:
                tables.append(
                    Table(
                        rows=tuple(r for _, r in rows),
                        row_numbers=tuple(n for n, _ in rows),
                        title=title,
                    )
                )
                table_at.append(len(paragraphs))
                table_pages.append(page_no)
        last_was_table_end = bool(page) and not isinstance(page[-1], str)
    body = len(paragraphs)
    seen = set(paragraphs)
    for band in (
        [h for lay in layouts for h in lay.header],
        [f for lay in layouts for f in lay.footer],
    ):
        for line in band:
            if line not in seen and not _PAGE_NUMBER.match(line):
                seen.add(line)
                paragraphs.append(line)
    layout = Layout(body, tuple(table_at), tuple(paragraph_pages), tuple(table_pages))
    return tuple(paragraphs), tuple(tables), layout


# ---------------------------------------------------------------------------
# The public reader.
# ---------------------------------------------------------------------------


def _open(path: Path) -> Any:
    from pypdf import PdfReader

    try:
        size = path.stat().st_size
    except OSError as exc:
        raise UnreadableFile("เปิดไฟล์ PDF ไม่ได้") from exc
    if size > MAX_BYTES:
        raise UnreadableFile(MSG_TOO_LARGE)
    data = path.read_bytes()
    if not data.lstrip()[:5].startswith(b"%PDF") and b"%PDF-" not in data[:1024]:
        raise UnreadableFile(MSG_CORRUPT)
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
    except Exception as exc:
        if "encrypt" in str(exc).lower() or "password" in str(exc).lower():
            raise UnreadableFile(MSG_ENCRYPTED) from None
        raise UnreadableFile(MSG_CORRUPT) from None
    if reader.is_encrypted:
        try:
            ok = reader.decrypt("")
        except Exception:
            raise UnreadableFile(MSG_ENCRYPTED) from None
        if not ok:
            raise UnreadableFile(MSG_ENCRYPTED)
    return reader


def _page_count(reader: Any) -> int:
    try:
        stated = int(reader.trailer["/Root"]["/Pages"]["/Count"])
    except Exception:
        stated = 0
    if stated > MAX_PAGES:
        raise UnreadableFile(MSG_TOO_MANY_PAGES)
    count = len(reader.pages)  # flattens the page tree (pypdf guards against cycles)
    if count > MAX_PAGES:
        raise UnreadableFile(MSG_TOO_MANY_PAGES)
    return count


def read_pdf(path: Path, *, max_seconds: float = MAX_SECONDS) -> DocumentContent:
    """Text and tables of one PDF, Thai repaired; UnreadableFile (ScannedPdf for scans) otherwise."""
    budget = _Budget(max_seconds)
    try:
        reader = _open(path)
        count = _page_count(reader)
        if count == 0:
            raise UnreadableFile(MSG_CORRUPT)
        parts: list[_PageParts] = []
        chars = 0
        images = 0
        for index in range(count):
            budget.check_time()
            page = reader.pages[index]
            interp = _Interpreter(reader, budget)
            interp.run(page.get_contents(), page.get("/Resources"), IDENTITY, 0, set())
            box = page.mediabox
            part = _page_parts(
                interp.marks, (float(box.left), float(box.bottom), float(box.right), float(box.top))
            )
            parts.append(part)
            chars += part.chars
            images += interp.marks.images
        pages = _layouts(parts)
    except UnreadableFile:
        raise
    except RecursionError:
        raise UnreadableFile(MSG_CORRUPT) from None
    except MemoryError:
        raise UnreadableFile(MSG_TOO_LARGE) from None
    except Exception:
        # pypdf's own errors name objects, not document text; never pass them on.
        raise UnreadableFile(MSG_CORRUPT) from None
    if chars == 0:
        raise ScannedPdf(MSG_SCAN if images else MSG_NO_TEXT)
    paragraphs, tables, layout = _assemble(pages)
    return DocumentContent(paragraphs=paragraphs, tables=tables, pages=count, layout=layout)
