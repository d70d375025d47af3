"""A table printed across pages side by side, joined back row by row (docgen.intake.ocr.wide):
lines placed as a scan's pages would hold them, no OCR."""

from __future__ import annotations

from docgen.intake.ocr.read import HEADER_WORDS, ocr_header_field, ocr_header_word
from docgen.intake.ocr.wide import (
    PageLines,
    join_wide_pages,
    join_wide_tables,
    parted_id,
    settled_places,
)
from docgen.model import Table


def _page(lines: list[tuple[str, int]], height: int = 2300) -> PageLines:
    return PageLines(tuple(t for t, _y in lines), tuple((y, y + 30) for _t, y in lines), height)


def _printed(word: str) -> str:
    return HEADER_WORDS.get(ocr_header_word(word) or "", word)


NAMES = _page(
    [
        ("บัญชีรายชื่อสมาชิกกลุ่ม", 200),
        ("ที่  คำนำหน้า  ซื่อ", 330),
        ("1 นาย  สมชาย", 380),
        ("2 นาง  สมศรี", 420),
        ("3 นาย  สมปอง", 460),
    ]
)


def test_each_line_goes_with_the_row_it_lies_level_with() -> None:
    # The page going on was fed 12 px lower; its second row's address wraps onto a second line.
    more = _page(
        [
            ("ชิกกลุ่ม", 214),
            ("นามสกุล  เลขบัตรประชาชน", 342),
            ("ใจดี  3400000000011", 392),
            ("ดีมาก  3400000000029", 428),
            ("ต่อ", 440),
            ("มีสุข  3400000000037", 472),
            ("ผู้จัดทำ", 700),
        ]
    )
    joined = join_wide_pages([NAMES, more], ocr_header_word, _printed)
    assert joined is not None
    lines = list(joined.lines)
    head = lines.index("ลำดับ  คำนำหน้า  ชื่อ  นามสกุล  เลขประจำตัวประชาชน")  # as printed
    assert lines[:head] == ["บัญชีรายชื่อสมาชิกกลุ่ม", "ชิกกลุ่ม"]
    assert lines[head + 1] == "1 นาย  สมชาย  ใจดี  3400000000011"
    assert lines[head + 2] == "2 นาง  สมศรี  ดีมาก  3400000000029  ต่อ"
    assert lines[head + 3] == "3 นาย  สมปอง  มีสุข  3400000000037"
    assert lines[-1] == "ผู้จัดทำ"  # level with no row: kept, after the table
    assert [(row, page) for _i, row, page, _start in joined.rows] == [(2, 1), (3, 1), (4, 1)]


def test_a_page_whose_header_is_not_level_is_no_part_of_the_table() -> None:
    other = _page([("นามสกุล  เลขบัตรประชาชน", 900), ("ใจดี  3400000000011", 950)])
    assert join_wide_pages([NAMES, other], ocr_header_word, _printed) is None
    # Nor a page with a names header of its own (a roster going on downwards).
    again = _page([("ที่  ชื่อ-สกุล  เลขบัตรประชาชน", 330), ("4 นายสมใจ ดี  3400000000045", 380)])
    assert join_wide_pages([NAMES, again], ocr_header_word, _printed) is None


def test_an_id_run_into_the_house_number_parts_only_when_it_passes_its_check() -> None:
    assert parted_id("ใจดี  134045113095817 ม.6") == "ใจดี  1340451130958 17 ม.6"
    assert parted_id("1340472530700บ้านเลขที่ 69") == "1340472530700 บ้านเลขที่ 69"
    assert parted_id("134045113095917 ม.6") == "134045113095917 ม.6"  # fails the check digit


def test_a_place_within_ocr_noise_or_cut_by_the_sheet_edge_is_the_real_one() -> None:
    line, unsure = settled_places("1 นาย สมชาย  17 ม.6 ต.ศรีสุข อ.เชื่องใน จ.อุบ", 13)
    assert unsure is None and line.endswith("ต.ศรีสุข อ.เขื่องใน จ.อุบลราชธานี")
    line, unsure = settled_places("17 ม.6 ต.ศรีสุข อ.เขื่")
    assert unsure == "ต.ศรีสุข อ.เขื่" and line == "17 ม.6 ต.ศรีสุข อ.เขื่"


def test_a_ruled_table_going_on_is_appended_row_number_to_row_number() -> None:
    names = Table((("ที่", "ชื่อ"), ("1", "สมชาย"), ("2", "สมศรี"), ("3", "สมปอง")), (1, 2, 3, 4))
    more = Table(
        (("นามสกุล", "ที่อยู่"), ("ใจดี", "1 ม.6 ต.ศรีสุข อ.เชื่องใน จ.อุบ"), ("มีสุข", "")),
        (1, 2, 4),
    )
    joined = join_wide_tables([[names], [more]], ocr_header_field)
    assert joined is not None
    tables, unsure = joined
    assert len(tables) == 1 and unsure == []
    assert tables[0].rows[1] == ("1", "สมชาย", "ใจดี", "1 ม.6 ต.ศรีสุข อ.เขื่องใน จ.อุบลราชธานี")
    assert tables[0].rows[2] == ("2", "สมศรี", "", "")
    assert tables[0].rows[3] == ("3", "สมปอง", "มีสุข", "")


def test_pieces_of_one_printed_line_the_layout_cut_apart_are_one_line_again() -> None:
    """A roster's prefix and first-name columns printed far apart: the layout gives two lines
    for one, the name's (its marks higher) first; they are put back left to right."""
    from docgen.intake.ocr.engine import TextLine
    from docgen.intake.ocr.read import _side_by_side

    found = [
        TextLine("ชัยวัฒน์", 0.9, (700, 396, 860, 452)),
        TextLine("2จ.ส.อ.", 0.9, (280, 404, 420, 450)),
        TextLine("นิพนธ์", 0.9, (700, 466, 830, 520)),  # the next row: its own line
        TextLine("3นาย", 0.9, (280, 470, 400, 518)),
    ]
    assert [text for _y, text, _c, _s in _side_by_side(found)] == [
        "2จ.ส.อ.  ชัยวัฒน์",
        "3นาย  นิพนธ์",
    ]
    # Lines one above the other stay two lines, top first.
    stacked = [
        TextLine("ข้อ 2", 0.9, (100, 200, 400, 240)),
        TextLine("ข้อ 1", 0.8, (100, 120, 400, 160)),
    ]
    assert [text for _y, text, _c, _s in _side_by_side(stacked)] == ["ข้อ 1", "ข้อ 2"]
