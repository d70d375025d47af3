"""read_pdf on small PDFs built byte by byte: ActualText, PUA glyphs, order, tables, scans, hostile files."""

from __future__ import annotations

import io
import os
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader, PdfWriter

from docgen.intake.pdf import MAX_PAGES, ScannedPdf, read_pdf
from docgen.model import DocumentContent, UnreadableFile
from docgen.thai.pdftext import is_thai_mark


def _pdf(objects: list[bytes], root: int = 1) -> bytes:
    """A PDF file from numbered object bodies (object i+1 = objects[i]), with a correct xref."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        root,
        xref,
    )
    return bytes(out)


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


class Page:
    """One page drawn with a test font whose codes map (ToUnicode) to the text we choose."""

    def __init__(self) -> None:
        self.codes: dict[str, int] = {}
        self.ops: list[bytes] = []
        self.image = False
        self.self_drawing_form = False
        self.pages: list[list[bytes]] = []  # pages before the one being drawn

    def next_page(self) -> None:
        """What is drawn from now on goes on a new page (same font)."""
        self.pages.append(self.ops)
        self.ops = []

    def code(self, glyph_text: str) -> str:
        """The hex code of a glyph whose ToUnicode text is `glyph_text` ("" = unmapped)."""
        if glyph_text not in self.codes:
            self.codes[glyph_text] = len(self.codes) + 1
        return f"{self.codes[glyph_text]:02X}"

    def text(self, x: float, y: float, glyphs: list[str], size: float = 12) -> None:
        """Draws glyphs (letters 500/1000 em wide, marks none) starting at (x, y)."""
        hexes = "".join(self.code(g) for g in glyphs)
        self.ops.append(f"BT /F1 {size} Tf 1 0 0 1 {x} {y} Tm <{hexes}> Tj ET".encode())

    def actual(self, x: float, y: float, glyphs: list[str], actual_text: str) -> None:
        """Glyphs inside a /Span with /ActualText, the way LibreOffice writes shaped Thai."""
        hexes = "".join(self.code(g) for g in glyphs)
        utf16 = ("\ufeff" + actual_text).encode("utf-16-be").hex().upper()
        self.ops.append(
            f"/Span<</ActualText<{utf16}>>> BDC BT /F1 12 Tf 1 0 0 1 {x} {y} Tm <{hexes}> Tj ET EMC".encode()
        )

    def line(self, x0: float, y0: float, x1: float, y1: float) -> None:
        self.ops.append(f"q 0.5 w {x0} {y0} m {x1} {y1} l S Q".encode())

    def build(self) -> bytes:
        cmap = "\n".join(
            f"<{code:02X}> <{text.encode('utf-16-be').hex().upper() or '0000'}>"
            for text, code in self.codes.items()
            if text
        )
        tounicode = (
            "/CIDInit/ProcSet findresource begin 12 dict begin begincmap\n"
            "1 begincodespacerange <00> <FF> endcodespacerange\n"
            f"{sum(1 for t in self.codes if t)} beginbfchar\n{cmap}\nendbfchar\n"
            "endcmap CMapName currentdict /CMap defineresource pop end end"
        ).encode()
        # Marks take no room, like the Thai fonts' combining glyphs; the .notdef slot is unused.
        widths = b" ".join(b"0" if is_thai_mark(t[:1]) else b"500" for t in ["\x00", *self.codes])
        content = b"\n".join(self.ops)
        if self.image or self.self_drawing_form:
            content += b"\nq 100 0 0 100 50 50 cm /Im1 Do Q"
        xobject = _stream(
            b"\x80",
            b"/Type /XObject /Subtype /Image /Width 1 /Height 1 "
            b"/ColorSpace /DeviceGray /BitsPerComponent 8",
        )
        if self.self_drawing_form:
            xobject = _stream(
                b"/Im1 Do",
                b"/Type /XObject /Subtype /Form /BBox [0 0 9 9] "
                b"/Resources << /XObject << /Im1 7 0 R >> >>",
            )
        if self.pages:  # the first page is object 3; pages after it 8, 10, ... (contents 9, 11)
            contents = [b"\n".join(ops) for ops in self.pages[1:]] + [content]
            content = b"\n".join(self.pages[0])
        else:
            contents = []
        kids = b" ".join(b"%d 0 R" % n for n in [3, *range(8, 8 + 2 * len(contents), 2)])
        objects = [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, 1 + len(contents)),
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> /XObject << /Im1 7 0 R >> >> >>",
            _stream(content),
            b"<< /Type /Font /Subtype /TrueType /BaseFont /TestThai /FirstChar 0 "
            b"/LastChar %d /Widths [%s] /ToUnicode 6 0 R >>" % (len(self.codes), widths),
            _stream(tounicode),
            xobject,
        ]
        for k, data in enumerate(contents):
            objects.append(
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
                b"/Resources << /Font << /F1 5 0 R >> >> >>" % (9 + 2 * k)
            )
            objects.append(_stream(data))
        return _pdf(objects)


def _read(tmp_path: Path, data: bytes, name: str = "doc.pdf") -> DocumentContent:
    path = tmp_path / name
    path.write_bytes(data)
    return read_pdf(path)


def test_actual_text_replaces_what_the_glyphs_map_to(tmp_path: Path) -> None:
    # LibreOffice: the glyph drawn for ่ in ส่ง is one ToUnicode already gave to ุ; the
    # ActualText says ่. The sara am ligature is drawn as two glyphs inside one span.
    page = Page()
    page.text(50, 700, ["ส"])
    page.actual(56, 700, ["ุ"], "่")
    page.text(56, 700, ["ง", "เ", "ส", "ร", "ิ", "ม"])
    page.text(50, 680, ["ส"])
    page.actual(56, 680, ["ำ", "?"], "ำ")  # "?": a glyph ToUnicode gives a wrong letter
    page.text(68, 680, ["น", "ั", "ก", "ง"])
    page.actual(86, 680, [""], "า")  # "": a glyph with no ToUnicode entry
    page.text(92, 680, ["น"])
    content = _read(tmp_path, page.build())
    assert content.paragraphs == ("ส่งเสริม", "สำนักงาน")
    assert content.pages == 1


def test_private_use_glyphs_and_split_sara_am_are_repaired(tmp_path: Path) -> None:
    page = Page()
    # หมู่ with the low mai ek glyph (U+F70A), น้ำ as น ํ ้ า (no ActualText at all).
    page.text(50, 700, ["ห", "ม", "ู", "\uf70a"])
    page.text(50, 680, ["น", "ํ", "้", "า"])
    content = _read(tmp_path, page.build())
    assert content.paragraphs == ("หมู่", "น้ำ")


def test_text_drawn_out_of_order_is_read_left_to_right_top_to_bottom(tmp_path: Path) -> None:
    page = Page()
    page.text(50, 600, ["บ", "ร", "ร", "ท", "ั", "ด", "ล", "่", "า", "ง"])
    page.text(86, 700, ["ใ", "จ", "ด", "ี"])  # surname drawn before the first name
    page.text(50, 700, ["ส", "ม", "ช", "า", "ย"])
    content = _read(tmp_path, page.build())
    assert content.paragraphs == ("สมชาย ใจดี", "บรรทัดล่าง")


def test_ruled_table_comes_back_as_rows_and_columns_with_its_title(tmp_path: Path) -> None:
    page = Page()
    page.text(50, 760, ["บ", "ั", "ญ", "ช", "ี"])
    xs, ys = [40, 80, 200, 260], [740, 720, 690, 670]
    for y in ys:
        page.line(xs[0], y, xs[-1], y)
    for x in xs:
        page.line(x, ys[0], x, ys[-1])
    page.text(45, 726, ["ท", "ี", "่"])
    page.text(85, 726, ["ช", "ื", "่", "อ"])
    page.text(205, 726, ["เ", "ล", "ข"])
    page.text(45, 703, ["1"])
    page.text(85, 703, ["ส", "ม", "ช", "า", "ย"])
    # A 13-digit ID wrapped in a narrow cell: one number again.
    page.text(205, 708, list("1101700"))
    page.text(205, 696, list("230708"))
    page.text(45, 676, ["2"])
    page.text(85, 676, ["ส", "ม", "ศ", "ร", "ี"])
    page.text(205, 676, list("3400"))
    content = _read(tmp_path, page.build())
    assert content.paragraphs == ("บัญชี",)
    (table,) = content.tables
    assert table.title == "บัญชี"
    assert table.rows == (
        ("ที่", "ชื่อ", "เลข"),
        ("1", "สมชาย", "1101700230708"),
        ("2", "สมศรี", "3400"),
    )
    assert table.row_numbers == (1, 2, 3)


def test_a_page_with_only_an_image_is_reported_as_a_scan(tmp_path: Path) -> None:
    page = Page()
    page.image = True
    with pytest.raises(ScannedPdf) as caught:
        _read(tmp_path, page.build())
    assert "สแกน" in caught.value.message_th
    assert "OCR" in caught.value.message_th


def test_a_page_with_nothing_readable_says_there_is_no_text(tmp_path: Path) -> None:
    page = Page()
    page.line(10, 10, 100, 100)
    with pytest.raises(ScannedPdf, match="ไม่มีข้อความ"):
        _read(tmp_path, page.build())


def _simple_pdf() -> bytes:
    page = Page()
    page.text(50, 700, ["ก", "ล", "ุ", "่", "ม"])
    return page.build()


def _encrypted(user_password: str, algorithm: str = "RC4-128") -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_simple_pdf())))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm=algorithm)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-128", "AES-256"])
def test_password_protected_pdf_is_unreadable_with_a_thai_reason(
    tmp_path: Path, algorithm: str
) -> None:
    with pytest.raises(UnreadableFile, match="รหัสผ่าน"):
        _read(tmp_path, _encrypted("secret", algorithm))


@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-128", "AES-256"])
def test_pdf_with_only_an_owner_password_is_read(tmp_path: Path, algorithm: str) -> None:
    # Word's "restrict editing" PDFs: encrypted, but anyone may open them.
    content = _read(tmp_path, _encrypted("", algorithm))
    assert content.paragraphs == ("กลุ่ม",)


def _assert_unreadable_quickly(tmp_path: Path, data: bytes, match: str | None = None) -> None:
    started = time.monotonic()
    with pytest.raises(UnreadableFile, match=match) as caught:
        _read(tmp_path, data)
    assert type(caught.value) is UnreadableFile  # not mistaken for a scan
    assert time.monotonic() - started < 5


@pytest.mark.parametrize("keep", [0.3, 0.6, 0.9])
def test_truncated_pdf_is_unreadable(tmp_path: Path, keep: float) -> None:
    data = _simple_pdf()
    _assert_unreadable_quickly(tmp_path, data[: int(len(data) * keep)])


def test_not_a_pdf_and_empty_files_are_unreadable(tmp_path: Path) -> None:
    _assert_unreadable_quickly(tmp_path, b"PK\x03\x04 this is a zip")
    _assert_unreadable_quickly(tmp_path, b"")


def test_cyclic_page_tree_is_unreadable(tmp_path: Path) -> None:
    data = _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Pages /Kids [2 0 R] /Parent 2 0 R /Count 1 >>",
        ]
    )
    _assert_unreadable_quickly(tmp_path, data)


def test_too_many_pages_is_unreadable(tmp_path: Path) -> None:
    writer = PdfWriter()
    for _ in range(MAX_PAGES + 1):
        writer.add_blank_page(width=200, height=200)
    out = io.BytesIO()
    writer.write(out)
    _assert_unreadable_quickly(tmp_path, out.getvalue(), match=str(MAX_PAGES))


def test_a_page_count_that_lies_is_caught_before_any_page_is_read(tmp_path: Path) -> None:
    data = _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1000000000 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] >>",
        ]
    )
    _assert_unreadable_quickly(tmp_path, data, match=str(MAX_PAGES))


def test_a_form_that_draws_itself_ends(tmp_path: Path) -> None:
    page = Page()
    page.text(50, 700, ["ก"])
    page.self_drawing_form = True
    content = _read(tmp_path, page.build())
    assert content.paragraphs == ("ก",)


def test_drawing_that_takes_too_long_is_stopped(tmp_path: Path) -> None:
    page = Page()
    for i in range(8000):
        page.text(50, 700 - (i % 600), ["ก"])
    path = tmp_path / "slow.pdf"
    path.write_bytes(page.build())
    started = time.monotonic()
    with pytest.raises(UnreadableFile, match="ซับซ้อน"):
        read_pdf(path, max_seconds=0.05)
    assert time.monotonic() - started < 10


def test_a_table_printed_without_rules_is_read_from_where_its_columns_start(
    tmp_path: Path,
) -> None:
    page = Page()
    page.text(50, 760, ["ร", "า", "ย", "ช", "ื", "่", "อ"])
    columns = (50, 90, 150, 330)
    rows = [
        (["ท", "ี", "่"], ["ช", "ื", "่", "อ"], ["เ", "ล", "ข"], ["ห", "ม", "ู", "่"]),
        (["1"], ["ส", "ม", "ช", "า", "ย"], list("1101700230708"), ["3"]),
        (["2"], ["ส", "ม", "ศ", "ร", "ี"], list("3400100123456"), ["5"]),
        (["3"], list("มานีรัตนาพ"), list("1234567890121"), ["1"]),
    ]
    for n, row in enumerate(rows):
        for x, glyphs in zip(columns, row, strict=True):
            page.text(x, 730 - 20 * n, glyphs)
    # Row 3's name fills its column, and the surname goes to the next line.
    page.text(90, 730 - 20 * 3 - 14, ["ใ", "จ", "ด", "ี"])
    page.text(50, 600, ["ล", "ง", "ช", "ื", "่", "อ"])
    content = _read(tmp_path, page.build())
    assert content.paragraphs == ("รายชื่อ", "ลงชื่อ")
    (table,) = content.tables
    assert table.title == "รายชื่อ"
    assert table.rows == (
        ("ที่", "ชื่อ", "เลข", "หมู่"),
        ("1", "สมชาย", "1101700230708", "3"),
        ("2", "สมศรี", "3400100123456", "5"),
        ("3", "มานีรัตนาพ ใจดี", "1234567890121", "1"),
    )


def _cells(page: Page, y: float, cells: dict[int, str]) -> None:
    """One line of a table without rules: text (one glyph a letter, marks apart) at each x."""
    for x, text in cells.items():
        page.text(x, y, [ch for ch in text], size=16)


def test_a_table_without_rules_goes_on_over_the_page_and_a_broken_row_is_rejoined(
    tmp_path: Path,
) -> None:
    # 16 pt letters 8 pt wide; equal columns 100 pt apart. Page 1 ends inside row 3: its ID
    # and name went on at the top of page 2, where two more rows follow (fewer than three).
    page = Page()
    page.text(50, 770, list("รายชื่อ"), size=16)
    _cells(page, 740, {50: "ที่", 150: "ชื่อ", 250: "เลข", 350: "ที่อยู่"})
    _cells(page, 700, {50: "1", 150: "นาย ", 250: "3-4001-", 350: "ม.3"})
    _cells(page, 680, {150: "ก ข", 250: "00110-00-3"})
    _cells(page, 640, {50: "2", 150: "นาง ", 250: "3-4001-", 350: "ม.3"})
    _cells(page, 620, {150: "ค ง", 250: "00110-01-1"})
    _cells(page, 580, {50: "3", 150: "นาย ", 250: "3-4001-", 350: "ม.3"})
    page.next_page()
    _cells(page, 770, {150: "จ ฉ", 250: "00110-02-0"})
    _cells(page, 740, {50: "4", 150: "นาง ", 250: "3-4001-", 350: "ม.3"})
    _cells(page, 720, {150: "ช ซ", 250: "00110-03-8"})
    _cells(page, 680, {50: "5", 150: "นาย ", 250: "3-4001-", 350: "ม.3"})
    _cells(page, 660, {150: "ฌ ญ", 250: "00110-04-6"})
    page.text(50, 600, list("ลงชื่อ"), size=16)
    content = _read(tmp_path, page.build())
    assert content.pages == 2
    assert content.paragraphs == ("รายชื่อ", "ลงชื่อ")
    (table,) = content.tables
    assert table.title == "รายชื่อ"
    assert table.row_numbers == (1, 2, 3, 4, 5, 6)
    assert table.rows == (
        ("ที่", "ชื่อ", "เลข", "ที่อยู่"),
        ("1", "นาย ก ข", "3-4001-00110-00-3", "ม.3"),
        ("2", "นาง ค ง", "3-4001-00110-01-1", "ม.3"),
        ("3", "นาย จ ฉ", "3-4001-00110-02-0", "ม.3"),
        ("4", "นาง ช ซ", "3-4001-00110-03-8", "ม.3"),
        ("5", "นาย ฌ ญ", "3-4001-00110-04-6", "ม.3"),
    )


def test_a_table_without_rules_drops_its_header_drawn_again_on_the_next_page(
    tmp_path: Path,
) -> None:
    page = Page()
    for n, y in enumerate((740, 700, 660, 620)):
        cells = {50: "ที่", 150: "ชื่อ", 250: "เลข"} if n == 0 else {50: str(n), 150: "ก", 250: "12"}
        _cells(page, y, cells)
    page.next_page()
    _cells(page, 770, {50: "ที่", 150: "ชื่อ", 250: "เลข"})  # the header row repeated
    _cells(page, 740, {50: "4", 150: "ข", 250: "34"})
    content = _read(tmp_path, page.build())
    (table,) = content.tables
    assert table.rows == (
        ("ที่", "ชื่อ", "เลข"),
        ("1", "ก", "12"),
        ("2", "ก", "12"),
        ("3", "ก", "12"),
        ("4", "ข", "34"),
    )
    assert table.row_numbers == (1, 2, 3, 4, 5)


def test_a_page_that_starts_elsewhere_does_not_go_on_with_the_table(tmp_path: Path) -> None:
    page = Page()
    for n, y in enumerate((740, 700, 660, 620)):
        _cells(page, y, {50: str(n), 150: "ก", 250: "12"})
    page.next_page()
    page.text(50, 770, list("ข้อ ๑ กลุ่ม"), size=16)
    _cells(page, 740, {80: "ก", 200: "ข"})  # two pieces, not at the table's columns
    content = _read(tmp_path, page.build())
    (table,) = content.tables
    assert len(table.rows) == 4
    assert content.paragraphs[0] == "ข้อ ๑ กลุ่ม"


def test_lines_of_prose_are_not_taken_for_a_table(tmp_path: Path) -> None:
    page = Page()
    for n in range(4):
        page.text(50, 700 - 20 * n, ["ก", "า", "ร", " ", "ป", "ร", "ะ", "ช", "ุ", "ม"])
    content = _read(tmp_path, page.build())
    assert content.tables == ()
    assert len(content.paragraphs) == 4


_FUZZ_BASE = _simple_pdf()


@settings(
    max_examples=int(os.environ.get("DOCGEN_FUZZ_EXAMPLES", "40")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    st.lists(
        st.tuples(st.integers(0, len(_FUZZ_BASE) - 1), st.binary(min_size=0, max_size=8)),
        min_size=1,
        max_size=6,
    ),
    st.integers(1, len(_FUZZ_BASE)),
)
def test_fuzz_damaged_pdfs_are_read_or_unreadable_never_an_error(
    tmp_path_factory: pytest.TempPathFactory, edits: list[tuple[int, bytes]], keep: int
) -> None:
    data = bytearray(_FUZZ_BASE[:keep])
    for at, chunk in edits:
        data[at : at + len(chunk)] = chunk
    path = tmp_path_factory.mktemp("fuzz") / "damaged.pdf"
    path.write_bytes(bytes(data))
    started = time.monotonic()
    try:
        content = read_pdf(path)
    except UnreadableFile as exc:
        assert exc.message_th  # a Thai sentence for the finding
    else:
        assert isinstance(content, DocumentContent)
    assert time.monotonic() - started < 10
