"""Members and committee seats read from tables as offices type them: header variants, addresses, IDs, roles."""

from __future__ import annotations

from pathlib import Path

import pytest

from docgen.intake.extract import extract
from docgen.intake.extract_people import role_of, seats_from_lines
from docgen.model import ClassifiedFile, DocKind, DocumentContent, Role, SourceFile, Table


def table(rows: list[list[str]], start: int = 1, title: str = "") -> Table:
    return Table(
        rows=tuple(tuple(r) for r in rows),
        row_numbers=tuple(range(start, start + len(rows))),
        title=title,
    )


def file(
    name: str, kind: DocKind, *tables: Table, paragraphs: tuple[str, ...] = ()
) -> ClassifiedFile:
    return ClassifiedFile(
        SourceFile(name, Path(name), 1), kind, DocumentContent(paragraphs, tables)
    )


@pytest.mark.parametrize(
    "header",
    [
        ["ลำดับ", "ชื่อ-สกุล", "เลขประจำตัวประชาชน"],
        ["ลำดับที่", "ชื่อ - นามสกุล", "เลขบัตรประชาชน"],
        ["ที่", "ชื่อและนามสกุล", "เลขบัตรประจำตัวประชาชน"],
        ["ที่", "ชื่อ–สกุล", "เลขที่บัตร"],
        ["No.", "Name", "National ID"],
    ],
)
def test_header_variants_under_title_rows(header: list[str]) -> None:
    rows = [
        ["บัญชีรายชื่อสมาชิกกลุ่มปลูกผักบ้านโนน"],
        ["หมู่ที่ 3 ตำบลท่าพระ อำเภอเมืองขอนแก่น จังหวัดขอนแก่น"],
        header,
        ["1", "นายสมชาย ใจดี", "1-1017-00230-70-8"],
        ["2", "น.ส.สมหญิง  รักดี", "๓๔๐๐๒๐๐๑๒๓๔๕๐"],
    ]
    bundle = extract([file("สมาชิก.xlsx", DocKind.MEMBER_ROSTER, table(rows))], [])
    got = [
        (r.index, r.where, r.person.prefix, r.person.name, r.person.national_id)
        for r in bundle.roster_rows
    ]
    assert got == [
        (1, "แถวที่ 4", "นาย", "สมชาย ใจดี", "1101700230708"),
        (2, "แถวที่ 5", "นางสาว", "สมหญิง รักดี", "3400200123450"),
    ]


def test_separate_name_columns_address_columns_and_noise_rows() -> None:
    rows = [
        [
            "ที่",
            "คำนำหน้า",
            "ชื่อ",
            "นามสกุล",
            "บ้านเลขที่",
            "หมู่ที่",
            "ตำบล",
            "อำเภอ",
            "จังหวัด",
            "โทรศัพท์",
            "ลายมือชื่อ",
        ],
        ["1", "นาย", "สมชาย", "ใจดี", "12", "3", "ท่าพระ", "เมือง", "ขอนแก่น", "081-234-5678", "สมชาย"],
        ["", "", "", "", "", "", "", "", "", "", ""],
        [
            "ที่",
            "คำนำหน้า",
            "ชื่อ",
            "นามสกุล",
            "บ้านเลขที่",
            "หมู่ที่",
            "ตำบล",
            "อำเภอ",
            "จังหวัด",
            "โทรศัพท์",
            "ลายมือชื่อ",
        ],
        ["2", "นาง", "มาลี", "ดีใจ", "7", "1", "บ้านไผ่", "บ้านไผ่", "ขอนแก่น", "", ""],
        ["", "รวม 2 คน", "", "", "", "", "", "", "", "", ""],
        ["", "ลงชื่อ..................ผู้จัดทำ", "", "", "", "", "", "", "", "", ""],
        ["", "(นายสมชาย ใจดี)", "", "", "", "", "", "", "", "", ""],
    ]
    bundle = extract([file("สมาชิก.xlsx", DocKind.MEMBER_ROSTER, table(rows, start=3))], [])
    rows_read = bundle.roster_rows
    assert [r.where for r in rows_read] == ["แถวที่ 4", "แถวที่ 7"]
    first, second = (r.person for r in rows_read)
    assert first.display_name == "นายสมชาย ใจดี" and first.phone == "081-234-5678"
    assert first.address is not None and first.address.subdistrict_code == "400104"
    assert first.address.moo == "3" and first.address.house_no == "12"
    assert second.address is not None and second.address.district_code == "4010"


def test_free_text_address_column_and_ids_as_numbers() -> None:
    rows = [
        ["ลำดับ", "ชื่อ-สกุล", "เลขประจำตัวประชาชน", "ที่อยู่"],
        ["1", "นายสมชาย ใจดี", "1101700230708.0", "12 ม.3 ต.ท่าพระ อ.เมืองขอนแก่น จ.ขอนแก่น"],
        ["2", "นางมาลี ดีใจ", "-", "บ้านเลขที่ 5 หมู่ที่ 2 ตำบลบ้านเป็ด อำเภอเมือง จังหวัดขอนแก่น"],
    ]
    bundle = extract([file("สมาชิก.csv", DocKind.MEMBER_ROSTER, table(rows))], [])
    a, b = (r.person for r in bundle.roster_rows)
    assert a.national_id == "1101700230708"
    assert b.national_id is None and b.national_id_raw == ""  # "-" means not given
    assert a.address is not None and a.address.subdistrict_code == "400104"
    assert b.address is not None and b.address.subdistrict_code == "400115"


def test_two_row_header_under_a_merged_address_cell() -> None:
    rows = [
        ["ลำดับ", "ชื่อ-สกุล", "ที่อยู่", "ที่อยู่", "ที่อยู่", "เลขประจำตัวประชาชน"],
        ["", "", "หมู่ที่", "ตำบล", "อำเภอ", ""],
        ["1", "นายสมชาย ใจดี", "3", "ท่าพระ", "เมืองขอนแก่น", "1101700230708"],
    ]
    bundle = extract([file("สมาชิก.docx", DocKind.MEMBER_ROSTER, table(rows))], [])
    (row,) = bundle.roster_rows
    assert row.where == "แถวที่ 3"
    assert row.person.address is not None and row.person.address.subdistrict_code == "400104"


@pytest.mark.parametrize(
    ("position", "role"),
    [
        ("ประธาน", Role.CHAIR),
        ("ประธานกรรมการ", Role.CHAIR),
        ("ประธานกลุ่ม", Role.CHAIR),
        ("รองประธาน", Role.VICE_CHAIR),
        ("รองประธานกรรมการ", Role.VICE_CHAIR),
        ("เลขานุการ", Role.SECRETARY),
        ("เลขา", Role.SECRETARY),
        ("กรรมการและเลขานุการ", Role.SECRETARY),
        ("เหรัญญิก", Role.TREASURER),
        ("กรรมการและเหรัญญิก", Role.TREASURER),
        ("ผู้ช่วยเหรัญญิก", Role.OTHER),
        ("ผู้ช่วยเลขานุการ", Role.OTHER),
        ("กรรมการ", Role.MEMBER),
        ("ประชาสัมพันธ์", Role.OTHER),
        ("ปฏิคม", Role.OTHER),
        ("ผู้ตรวจสอบบัญชี", Role.OTHER),
        ("กรรมการ (ฝ่ายการตลาด)", Role.MEMBER),
        ("ที่ปรึกษากลุ่ม", None),
        ("สมาชิก", None),
    ],
)
def test_role_from_position_as_written(position: str, role: Role | None) -> None:
    assert role_of(position) == role


def test_committee_table_and_committee_typed_as_lines() -> None:
    rows = [
        ["ลำดับ", "ชื่อ-สกุล", "ตำแหน่ง", "ลายมือชื่อ"],
        ["1", "นายสมชาย ใจดี", "ประธานกรรมการ", ""],
        ["2", "นางมาลี ดีใจ", "ผู้ช่วยเหรัญญิก", ""],
        ["", "ลงชื่อ.............ประธานกลุ่ม", "", ""],
    ]
    bundle = extract([file("กรรมการ.docx", DocKind.COMMITTEE_LIST, table(rows))], [])
    assert [(s.person.display_name, s.position, s.role) for s in bundle.committee_seats] == [
        ("นายสมชาย ใจดี", "ประธานกรรมการ", Role.CHAIR),
        ("นางมาลี ดีใจ", "ผู้ช่วยเหรัญญิก", Role.OTHER),
    ]
    lines = (
        "รายชื่อคณะกรรมการกลุ่มปลูกผัก",
        "1. นายสมชาย ใจดี ประธาน",
        "2. นางมาลี ดีใจ ตำแหน่ง เลขานุการ",
        "3. เหรัญญิก นางสาวสมหญิง รักดี",
        "ลงชื่อ ............ ประธาน",
    )
    bundle = extract([file("กรรมการ.docx", DocKind.COMMITTEE_LIST, paragraphs=lines)], [])
    assert [(s.person.name, s.role) for s in bundle.committee_seats] == [
        ("สมชาย ใจดี", Role.CHAIR),
        ("มาลี ดีใจ", Role.SECRETARY),
        ("สมหญิง รักดี", Role.TREASURER),
    ]


def test_committee_table_inside_the_request_form_is_read_when_no_list_is_given() -> None:
    committee = table(
        [
            ["ที่", "ชื่อ-สกุล", "ตำแหน่ง"],
            ["1", "นายสมชาย ใจดี", "ประธาน"],
            ["2", "นางมาลี ดีใจ", "เลขานุการ"],
            ["3", "นายทอง ดี", "เหรัญญิก"],
        ]
    )
    request = file("คำขอ.docx", DocKind.REQUEST_FORM, committee, paragraphs=("คำขอใบรับรอง",))
    bundle = extract([request], [])
    assert [s.role for s in bundle.committee_seats] == [Role.CHAIR, Role.SECRETARY, Role.TREASURER]
    assert bundle.committee_seats[0].file == "คำขอ.docx"


def test_roster_lines_from_a_pdf_without_table() -> None:
    lines = (
        "บัญชีรายชื่อสมาชิกกลุ่มปลูกผัก",
        "ลำดับ ชื่อ-สกุล เลขประจำตัวประชาชน ที่อยู่",
        "1 นายสมชาย ใจดี 1-1017-00230-70-8 12 ม.3 ต.ท่าพระ อ.เมือง จ.ขอนแก่น",
        "2 นางมาลี ดีใจ 3 4002 00123 45 0 5 ม.2 ต.ท่าพระ อ.เมือง จ.ขอนแก่น 081-234-5678",
    )
    bundle = extract([file("สมาชิก.pdf", DocKind.MEMBER_ROSTER, paragraphs=lines)], [])
    got = [(r.where, r.person.name, r.person.national_id) for r in bundle.roster_rows]
    assert got == [
        ("แถวที่ 2", "สมชาย ใจดี", "1101700230708"),
        ("แถวที่ 3", "มาลี ดีใจ", "3400200123450"),
    ]
    assert bundle.roster_rows[1].person.phone == "081-234-5678"
    assert bundle.roster_rows[0].person.address is not None
    assert bundle.roster_rows[0].person.address.subdistrict_code == "400104"


def test_roster_lines_read_from_a_scan_with_the_order_number_run_into_the_prefix() -> None:
    """OCR of a table without rules reads a narrow order column straight into the names."""
    lines = (
        "ลำดับ     ชื่อ-สกุล                  เลขประจำตัวประชาชน",
        "ไน.ส. นงลักษณ์ รัตนวงศ์          1-1017-00230-70-8",
        "2 นายเสถียร นามวงศ์             3400200123450",
        "13นาย วีระ แก้วคง                1101700230708",
        "14นายสมชาย ศรีสุข               1-1017-00230-70-8",
        "28                                                           10 โนนสะอาด",
        # The table's address columns printed on a page of their own.
        "45 ม.8 ต.เวียง อ.ไชยา จ.สุราษฐ0859306042",
        "10 หมู่ 12 ตำบลเวียง อำเภอไช6#060-812-8978",
        "บ้านเลขที่ 169 หมู่ที่ 15 ต.ทุ่ง อ.0962482565",
    )
    bundle = extract([file("สมาชิก.pdf", DocKind.MEMBER_ROSTER, paragraphs=lines)], [])
    got = [(r.person.name, r.person.national_id) for r in bundle.roster_rows]
    assert got == [
        ("นงลักษณ์ รัตนวงศ์", "1101700230708"),
        ("เสถียร นามวงศ์", "3400200123450"),
        ("วีระ แก้วคง", "1101700230708"),
        ("สมชาย ศรีสุข", "1101700230708"),
    ]


def test_a_first_row_whose_order_number_ocr_read_as_a_letter_under_a_misread_header() -> None:
    lines = (
        "ลำดับ     ซื่อ-สกุล                   เลขประจำตัวประชาชน",  # ชื่อ read as ซื่อ
        "ไน.ส. นงลักษณ์ รัตนวงศ์          1-1017-00230-70-8",
        "2 นายเสถียร นามวงศ์             3400200123450",
        "ใบรับรองนี้ไม่ใช่สมาชิก 1101700230708",  # no prefix: not a member
    )
    bundle = extract([file("สมาชิก.pdf", DocKind.MEMBER_ROSTER, paragraphs=lines)], [])
    got = [(r.where, r.person.name) for r in bundle.roster_rows]
    assert got == [("แถวที่ 2", "นงลักษณ์ รัตนวงศ์"), ("แถวที่ 3", "เสถียร นามวงศ์")]


def test_table_split_at_a_page_break_and_a_roster_attached_twice() -> None:
    header = ["ลำดับ", "ชื่อ-สกุล", "เลขประจำตัวประชาชน"]
    page1 = table([header, ["1", "นายสมชาย ใจดี", "1101700230708"], ["2", "นางมาลี ดีใจ", ""]])
    page2 = table([["3", "นายทอง ดี", ""], ["4", "นางสาวสมหญิง รักดี", ""]])
    roster = file("สมาชิก.docx", DocKind.MEMBER_ROSTER, page1, page2)
    rows = extract([roster], []).roster_rows
    assert [(r.index, r.person.name, r.where) for r in rows] == [
        (1, "สมชาย ใจดี", "แถวที่ 2"),
        (2, "มาลี ดีใจ", "แถวที่ 3"),
        (3, "ทอง ดี", "แถวที่ 1"),
        (4, "สมหญิง รักดี", "แถวที่ 2"),
    ]
    # The same roster as a PDF beside the Word file: one roster, not every member twice.
    copy = file("สมาชิก.pdf", DocKind.MEMBER_ROSTER, table([header, *page1.rows[1:], *page2.rows]))
    assert len(extract([roster, copy], []).roster_rows) == 4


def test_headerless_committee_table() -> None:
    rows = [
        ["1", "นายสมชาย ใจดี", "ประธาน"],
        ["2", "นางมาลี ดีใจ", "เลขานุการ"],
        ["3", "นายทอง ดี", "เหรัญญิก"],
    ]
    seats = extract(
        [file("กรรมการ.docx", DocKind.COMMITTEE_LIST, table(rows, start=1))], []
    ).committee_seats
    assert [(s.person.name, s.role, s.where) for s in seats] == [
        ("สมชาย ใจดี", Role.CHAIR, "แถวที่ 1"),
        ("มาลี ดีใจ", Role.SECRETARY, "แถวที่ 2"),
        ("ทอง ดี", Role.TREASURER, "แถวที่ 3"),
    ]


def test_header_merged_over_name_parts_and_id_boxes() -> None:
    header = ["ลำดับ", "ชื่อ-สกุล", "", "", "เลขประจำตัวประชาชน", *[""] * 12, "ที่อยู่"]
    row = ["1", "นาย", "สมชาย", "ใจดี", *"1101700230708", "12 ม.3 ต.ท่าพระ อ.เมือง จ.ขอนแก่น"]
    (member,) = extract(
        [file("สมาชิก.docx", DocKind.MEMBER_ROSTER, table([header, row]))], []
    ).roster_rows
    assert (member.person.display_name, member.person.national_id) == (
        "นายสมชาย ใจดี",
        "1101700230708",
    )
    assert member.person.address is not None and member.person.address.subdistrict_code == "400104"


def test_advisers_are_not_committee_seats() -> None:
    rows = [
        ["ลำดับ", "ชื่อ-สกุล", "ตำแหน่ง"],
        ["1", "นายสมชาย ใจดี", "ประธาน"],
        ["2", "นายผู้ใหญ่ บ้านดี", "ที่ปรึกษา"],
        ["3", "1. นางมาลี ดีใจ", "กรรมการ (ฝ่ายการตลาด)"],
    ]
    seats = extract([file("กรรมการ.docx", DocKind.COMMITTEE_LIST, table(rows))], []).committee_seats
    assert [(s.person.name, s.role) for s in seats] == [
        ("สมชาย ใจดี", Role.CHAIR),
        ("มาลี ดีใจ", Role.MEMBER),
    ]
    lines = ("1. นายสมชาย ใจดี ประธาน", "2. นายผู้ใหญ่ บ้านดี ที่ปรึกษา")
    seats = extract(
        [file("กรรมการ.docx", DocKind.COMMITTEE_LIST, paragraphs=lines)], []
    ).committee_seats
    assert [s.person.name for s in seats] == ["สมชาย ใจดี"]


def test_roster_workbook_with_a_committee_sheet() -> None:
    members = Table(
        rows=(
            ("ลำดับ", "ชื่อ-สกุล", "เลขประจำตัวประชาชน"),
            ("1", "นายสมชาย ใจดี", "1101700230708"),
            ("2", "นางมาลี ดีใจ", ""),
            ("3", "นายทอง ดี", ""),
        ),
        row_numbers=(1, 2, 3, 4),
        title="Sheet1",
    )
    committee = Table(
        rows=(
            ("ลำดับ", "ชื่อ-สกุล", "ตำแหน่ง"),
            ("1", "นายสมชาย ใจดี", "ประธาน"),
            ("2", "นางมาลี ดีใจ", "เลขานุการ"),
            ("3", "นายทอง ดี", "เหรัญญิก"),
        ),
        row_numbers=(1, 2, 3, 4),
        title="Sheet2",
    )
    bundle = extract([file("สมาชิก.xlsx", DocKind.MEMBER_ROSTER, members, committee)], [])
    assert len(bundle.roster_rows) == 3  # the committee sheet does not list the members twice
    assert [s.role for s in bundle.committee_seats] == [Role.CHAIR, Role.SECRETARY, Role.TREASURER]


def test_sign_off_lines_inside_the_roster_table_are_not_members() -> None:
    rows = [
        ["ลำดับ", "ชื่อ-สกุล", "เลขประจำตัวประชาชน"],
        ["1", "นายสมชาย ใจดี", "1101700230708"],
        ["", "ลงชื่อ ...................", ""],
        ["", "(นายสมชาย ใจดี)", ""],
        ["", "ประธานกลุ่ม", ""],
        ["", "หมายเหตุ", ""],
    ]
    rows_read = extract([file("สมาชิก.xlsx", DocKind.MEMBER_ROSTER, table(rows))], []).roster_rows
    assert [r.person.name for r in rows_read] == ["สมชาย ใจดี"]


def test_an_applicant_block_in_the_request_form_is_no_roster_or_committee() -> None:
    applicant = table(
        [["ชื่อ-สกุล", "เลขประจำตัวประชาชน", "ตำแหน่ง"], ["นายสมชาย ใจดี", "1101700230708", "ประธานกลุ่ม"]]
    )
    request = file("คำขอ.docx", DocKind.REQUEST_FORM, applicant, paragraphs=("คำขอใบรับรอง",))
    bundle = extract([request], [])
    assert bundle.roster_rows == () and bundle.committee_seats == ()


@pytest.mark.parametrize("order", ["4.", "4,", "4 ,", "5.,", "ๆ.", "l.", "๔."])
def test_a_committee_line_keeps_its_seat_when_ocr_misreads_the_order_number(order: str) -> None:
    # A committee typed as lines (valid-15-committee-lines), read off a TIFF or PNG scan: the
    # order number's stop read as a comma or doubled, a 4 read as mai yamok (ๆ), a 1 as l.
    lines = [
        "1. นายสมพงษ์ ณ เชียงใหม่ ประธาน",
        f"{order} นาย จำลอง บุญยืน เหรัญญิก",
        f"{order} นางดวงใจ พันธ์ทอง กรรมการ",
        f"{order}น.ส.มาลี ดีใจ เลขานุการ",
    ]
    seats = seats_from_lines(lines, "คณะกรรมการ.tif")
    got = [(s.person.prefix, s.person.first_name, s.person.last_name, s.role) for s in seats]
    assert got == [
        ("นาย", "สมพงษ์", "ณ เชียงใหม่", Role.CHAIR),
        ("นาย", "จำลอง", "บุญยืน", Role.TREASURER),
        ("นาง", "ดวงใจ", "พันธ์ทอง", Role.MEMBER),
        ("นางสาว", "มาลี", "ดีใจ", Role.SECRETARY),
    ]


def test_a_stop_after_a_letter_is_no_order_number() -> None:
    # น.ส. and a name are never taken for an order number misread.
    seats = seats_from_lines(["ไพโรจน์ ดีมาก กรรมการ", "น.ส. มาลี ดีใจ เหรัญญิก"], "x.png")
    assert [(s.person.prefix, s.person.first_name) for s in seats] == [
        ("", "ไพโรจน์"),
        ("นางสาว", "มาลี"),
    ]


def test_a_numbered_instruction_of_the_roster_is_no_member() -> None:
    """The roster workbook's cover sheet, photographed: `1. กรอกรายชื่อสมาชิก…` is the list's
    own instruction; a person without a prefix is still a member when the line has an ID."""
    from docgen.intake.extract_people import roster_from_lines

    lines = [
        "1. กรอกรายชื่อสมาชิกในแผ่นงานถัดไป คนละหนึ่งแถว",  # the cover sheet's own page
        "1 นายสมชาย ใจดี 1101700207030",
        "2 สมศรี แถวเหนือ 3400200591569",  # no prefix, but an ID: a member
    ]
    rows = roster_from_lines(lines, "roster.jpg")
    assert [(r.person.first_name, r.person.last_name) for r in rows] == [
        ("สมชาย", "ใจดี"),
        ("สมศรี", "แถวเหนือ"),
    ]
