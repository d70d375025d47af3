"""Several documents in one file: headings cut it into parts, each classified on its own."""

from __future__ import annotations

from pathlib import Path

from docgen.intake.split import Block, blocks_from_pages, heading_kind, split_blocks
from docgen.model import DocKind, Table
from samples.people import format_id

GROUP = "กลุ่มปลูกผักปลอดภัยบ้านโนนงาม"
IDS = ["1101700230708", "3400100112342", "1409900456781", "3401600078123"]


def _valid(ids: list[str]) -> list[str]:
    from stdnum.th import pin

    return [i[:12] + pin.calc_check_digit(i[:12]) for i in ids]


REQUEST = [
    "หนังสือคำขอใบรับรองการจัดตั้งกลุ่ม",
    "เรียน เกษตรอำเภอเมืองขอนแก่น",
    f"ข้าพเจ้าขอยื่นคำขอใบรับรองการจัดตั้ง{GROUP}",
    f"1. ชื่อกลุ่ม {GROUP}",
    "2. จำนวนสมาชิก 12 ราย",
    "พร้อมนี้ได้แนบเอกสารประกอบการพิจารณา ดังนี้",
    "(1) ข้อบังคับกลุ่ม จำนวน 1 ชุด",
    "(2) รายชื่อคณะกรรมการ จำนวน 1 ชุด",
    "บัญชีรายชื่อสมาชิกกลุ่ม จำนวน 1 ชุด",
]
BYLAWS = [
    f"ข้อบังคับ{GROUP}",
    "หมวดที่ 1 บททั่วไป",
    f"ข้อ 1 ข้อบังคับนี้เรียกว่า ข้อบังคับ{GROUP}",
    "ข้อ 2 สมาชิกต้องถือหุ้นอย่างน้อยคนละ 1 หุ้น",
    "คณะกรรมการกลุ่ม",
    "ข้อ 3 คณะกรรมการมาจากการเลือกตั้งของที่ประชุมใหญ่",
    "ข้อ 4 คณะกรรมการอยู่ในตำแหน่งคราวละ 2 ปี",
    "ข้อ 5 สมาชิกลาออกได้โดยยื่นหนังสือต่อคณะกรรมการ",
    "ข้อ 6 การรับสมาชิกให้คณะกรรมการพิจารณา",
]
COMMITTEE = [
    f"รายชื่อคณะกรรมการ{GROUP}",
    "1. นายสมชาย ใจดี ประธาน",
    "2. นางสาวพิมพ์ใจ ศรีสุข เลขานุการ",
    "3. นายประเสริฐ มีสุข เหรัญญิก",
]


def test_headings_and_what_only_looks_like_one() -> None:
    assert heading_kind(f"ข้อบังคับ{GROUP}") == DocKind.BYLAWS
    assert heading_kind(f"แผนปฏิบัติงาน{GROUP} ประจำปี 2570") == DocKind.ACTIVITY_PLAN
    assert heading_kind("แบบคำขอใบรับรองการจัดตั้งกลุ่มส่งเสริมอาชีพการเกษตร") == DocKind.REQUEST_FORM
    assert heading_kind(f"บัญชีรายชื่อสมาชิก{GROUP}") == DocKind.MEMBER_ROSTER
    assert heading_kind(f"รายชื่อคณะกรรมการ{GROUP}") == DocKind.COMMITTEE_LIST
    # OCR drops tone marks: รายชื่อ read as รายชือ is still the heading.
    assert heading_kind(f"บัญชีรายชือสมาชิก{GROUP}") == DocKind.MEMBER_ROSTER
    assert heading_kind(f"รายชือคณะกรรมการ{GROUP}") == DocKind.COMMITTEE_LIST
    for inside in (
        "(1) ข้อบังคับกลุ่ม จำนวน 1 ชุด",  # a request form's attachment list
        "บัญชีรายชื่อสมาชิกกลุ่ม จำนวน 1 ชุด",
        "ข้อบังคับนี้เรียกว่า ข้อบังคับกลุ่มปลูกผัก",
        "ข้อ 1 ข้อบังคับนี้ใช้บังคับตั้งแต่วันที่ได้รับรอง",
        "หมวดที่ 4 คณะกรรมการ",
        "1. นายสมชาย ใจดี ประธาน",
        "คณะกรรมการ",  # a heading inside the bylaws, not a committee list
        "แผนงาน" + "ก" * 120,  # a long running line
    ):
        assert heading_kind(inside) is None, inside


def test_ocr_pages_split_into_documents_with_their_pages() -> None:
    ids = _valid(IDS)
    roster = [f"บัญชีรายชื่อสมาชิก{GROUP}"] + [
        f"{n}. นายสมาชิก{n} นามสกุล{n} {format_id(i, 'dashed')}" for n, i in enumerate(ids, 1)
    ]
    pages = [REQUEST, BYLAWS[:5], BYLAWS[5:], COMMITTEE, roster]
    parts = split_blocks(blocks_from_pages(pages))
    assert [(p.kind, p.pages) for p in parts] == [
        (DocKind.REQUEST_FORM, (1,)),
        (DocKind.BYLAWS, (2, 3)),  # "คณะกรรมการกลุ่ม" before ข้อ 3 stays in the bylaws
        (DocKind.COMMITTEE_LIST, (4,)),
        (DocKind.MEMBER_ROSTER, (5,)),
    ]
    assert parts[1].heading == BYLAWS[0]
    assert parts[1].content.paragraphs == tuple(BYLAWS)


def test_one_document_is_not_split() -> None:
    parts = split_blocks(blocks_from_pages([REQUEST]))
    assert [p.kind for p in parts] == [DocKind.REQUEST_FORM]
    assert parts[0].content.paragraphs == tuple(REQUEST)
    # A committee list whose title repeats on its second page is one document.
    again = split_blocks(blocks_from_pages([COMMITTEE, [COMMITTEE[0] + " (ต่อ)", *COMMITTEE[1:]]]))
    assert [p.kind for p in again] == [DocKind.COMMITTEE_LIST]


def test_tables_stay_with_the_document_they_follow() -> None:
    plan = Table(
        rows=(("ลำดับ", "กิจกรรม", "ระยะเวลา", "งบประมาณ"), ("1", "อบรม GAP", "พ.ย. 2569", "5,000")),
        row_numbers=(1, 2),
    )
    members = Table(
        rows=(
            ("ลำดับ", "ชื่อ-สกุล", "เลขประจำตัวประชาชน"),
            *tuple((str(n), f"นายสมาชิก{n} นามสกุล{n}", i) for n, i in enumerate(_valid(IDS), 1)),
        ),
        row_numbers=(1, 2, 3, 4, 5),
    )
    blocks = [Block(paragraph=line) for line in COMMITTEE]
    blocks += [Block(paragraph=f"บัญชีรายชื่อสมาชิก{GROUP}"), Block(table=members)]
    blocks += [Block(paragraph=f"แผนปฏิบัติงาน{GROUP}"), Block(table=plan), Block(paragraph="ลงชื่อ")]
    parts = split_blocks(blocks)
    assert [(p.kind, p.content.tables) for p in parts] == [
        (DocKind.COMMITTEE_LIST, ()),
        (DocKind.MEMBER_ROSTER, (members,)),
        (DocKind.ACTIVITY_PLAN, (plan,)),
    ]
    assert parts[2].content.paragraphs == (f"แผนปฏิบัติงาน{GROUP}", "ลงชื่อ")


def test_all_five_in_one_docx_from_the_generator(tmp_path: Path) -> None:
    from samples import generate, shapes

    shape = next(s for s in shapes.SHAPES if s.name == "shape-all-in-one-docx")
    jobs: list[tuple[Path, Path, str]] = []
    staged = shapes._stage(shape, generate.DEFAULT_SEED, tmp_path / "w", jobs)
    assert jobs == []  # a DOCX: no LibreOffice
    combined = staged.sample.outputs[0][1]
    from docgen.pipeline import check_bundle

    report = check_bundle([combined], tmp_path / "check").to_json()
    assert [d["kind"] for d in report["documents"]] == list(shape.combined)
    assert report["group"]["name"] == staged.sample.name
    assert report["group"]["members"] == len({e.member.national_id for e in staged.sample.roster})
    assert report["group"]["committee"] == len(staged.sample.seats)
    assert report["findings"] == []


def test_a_scan_is_split_by_its_ocr_pages_and_each_part_keeps_its_ocr_facts() -> None:
    from docgen.intake.split import split_document
    from docgen.model import DocumentContent, OcrDoubt, OcrInfo, OcrPage

    pages = [REQUEST, BYLAWS, COMMITTEE]
    ocr_pages = tuple(
        OcrPage(n, tuple(lines), (), confidence=0.5 + n / 10) for n, lines in enumerate(pages, 1)
    )
    doubt = OcrDoubt(page=3, row=None, field="text", text="นายประเสริฐ มีสุข")
    content = DocumentContent(
        tuple(line for lines in pages for line in lines),
        pages=3,
        ocr=OcrInfo(0.7, ocr_pages, (doubt,)),
    )
    parts = split_document(content)
    assert [(p.kind, p.pages) for p in parts] == [
        (DocKind.REQUEST_FORM, (1,)),
        (DocKind.BYLAWS, (2,)),
        (DocKind.COMMITTEE_LIST, (3,)),
    ]
    committee = parts[2].content.ocr
    assert committee is not None
    assert committee.doubts == (doubt,) and committee.pages == (ocr_pages[2],)
    assert committee.confidence == ocr_pages[2].confidence
    assert parts[0].content.ocr is not None and parts[0].content.ocr.doubts == ()


def test_a_request_letter_without_a_title_starts_at_its_letter_head() -> None:
    letter = [
        "เขียนที่ ศาลาประชาคมหมู่ที่ 5",
        "วันที่ 20 ตุลาคม 2569",
        "เรื่อง ขอใบรับรองการจัดตั้งกลุ่ม",
        *REQUEST[1:],
    ]
    parts = split_blocks(blocks_from_pages([BYLAWS + letter]))
    assert [p.kind for p in parts] == [DocKind.BYLAWS, DocKind.REQUEST_FORM]
    assert parts[0].content.paragraphs == tuple(BYLAWS)
    assert parts[1].content.paragraphs == tuple(letter)


# ---- workbooks: a document per sheet, or two on one sheet ----

ROSTER_HEADER = ["ลำดับ", "ชื่อ-สกุล", "เลขประจำตัวประชาชน", "ตำบล", "อำเภอ", "จังหวัด"]
SEATS = [("นายสมชาย ใจดี", "ประธาน"), ("นางสาวพิมพ์ใจ ศรีสุข", "เลขานุการ"), ("นายประเสริฐ มีสุข", "เหรัญญิก")]


def _members(n: int) -> list[list[object]]:
    from stdnum.th import pin

    rows: list[list[object]] = []
    for k in range(1, n + 1):
        first12 = f"3400100{k:05d}"
        rows.append(
            [
                k,
                f"นายสมาชิก{k} นามสกุล{k}",
                first12 + pin.calc_check_digit(first12),
                "ท่าพระ",
                "เมืองขอนแก่น",
                "ขอนแก่น",
            ]
        )
    return rows


def _workbook(tmp_path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    first = wb.active
    assert first is not None
    wb.remove(first)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    path = tmp_path / "เอกสาร.xlsx"
    wb.save(path)
    return path


def _committee_rows() -> list[list[object]]:
    rows: list[list[object]] = [[f"รายชื่อคณะกรรมการ{GROUP}"], ["ลำดับ", "ชื่อ-สกุล", "ตำแหน่ง"]]
    return rows + [[n, name, post] for n, (name, post) in enumerate(SEATS, 1)]


def test_a_sheet_holding_the_committee_then_the_roster_is_cut_at_the_heading(
    tmp_path: Path,
) -> None:
    from docgen.intake.readers import read_path
    from docgen.intake.split import split_document
    from docgen.pipeline import check_bundle

    committee = _committee_rows()
    roster = [[f"บัญชีรายชื่อสมาชิก{GROUP}"], ROSTER_HEADER, *_members(11)]
    path = _workbook(tmp_path, {"Sheet1": [*committee, [], *roster]})
    parts = split_document(read_path(path))
    assert [(p.kind, p.sheets, p.heading) for p in parts] == [
        (DocKind.COMMITTEE_LIST, ("Sheet1",), committee[0][0]),
        (DocKind.MEMBER_ROSTER, ("Sheet1",), roster[0][0]),
    ]
    # The roster keeps the sheet's own row numbers: it starts on row len(committee) + 2.
    first_row = len(committee) + 2
    assert parts[1].content.tables[0].row_numbers[0] == first_row
    report = check_bundle([path], tmp_path / "check")
    assert len(report.bundle.committee_seats) == len(SEATS)
    assert [r.where for r in report.bundle.roster_rows][:2] == [
        f"แผ่นงาน Sheet1 แถวที่ {first_row + 2}",
        f"แผ่นงาน Sheet1 แถวที่ {first_row + 3}",
    ]
    assert {m.person.national_id for m in report.bundle.roster_rows} == {
        str(r[2]) for r in _members(11)
    }


def test_sheets_named_for_their_documents_and_a_cover_sheet_that_is_none(tmp_path: Path) -> None:
    from docgen.intake.readers import read_path
    from docgen.intake.split import split_document

    plan = [
        [f"แผนปฏิบัติงาน{GROUP}"],
        ["ที่", "กิจกรรม", "ระยะเวลา", "งบประมาณ"],
        [1, "อบรมการปลูกผักปลอดภัย", "พ.ย. 2569", 5000],
    ]
    path = _workbook(
        tmp_path,
        {
            "ปก": [["เอกสารประกอบการขอจัดตั้ง" + GROUP]],
            "กรรมการ": [
                ["ลำดับ", "ชื่อ-สกุล", "ตำแหน่ง"],
                *[[n, a, b] for n, (a, b) in enumerate(SEATS, 1)],
            ],
            "รายชื่อสมาชิก": [ROSTER_HEADER, *_members(10)],
            "แผน": plan,
        },
    )
    parts = split_document(read_path(path))
    assert [(p.kind, p.sheets) for p in parts] == [
        (DocKind.COMMITTEE_LIST, ("ปก", "กรรมการ")),  # the cover goes with the first document
        (DocKind.MEMBER_ROSTER, ("รายชื่อสมาชิก",)),
        (DocKind.ACTIVITY_PLAN, ("แผน",)),
    ]
    assert parts[1].heading == "รายชื่อสมาชิก"  # no heading row: the sheet's name


def test_one_document_over_several_sheets_is_not_split(tmp_path: Path) -> None:
    from docgen.intake.readers import read_path
    from docgen.intake.split import split_document

    members = _members(12)
    path = _workbook(
        tmp_path,
        {
            "หมู่ 3": [["รายชื่อสมาชิก หมู่ที่ 3"], ROSTER_HEADER, *members[:6]],
            "หมู่ 4": [["รายชื่อสมาชิก หมู่ที่ 4"], ROSTER_HEADER, *members[6:]],
        },
    )
    content = read_path(path)
    parts = split_document(content)
    assert [(p.kind, p.sheets) for p in parts] == [(DocKind.MEMBER_ROSTER, ())]
    assert parts[0].content is content
