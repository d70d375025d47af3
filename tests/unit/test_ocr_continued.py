"""One document sent as several photos (intake.continued): which files go on from which, built
from small contents as OCR gives them, then read by extraction (no OCR run here)."""

from __future__ import annotations

from pathlib import Path

from stdnum.th import pin

from docgen.intake.continued import join_continuations
from docgen.intake.extract import extract
from docgen.model import (
    CheckReport,
    ClassifiedFile,
    DocKind,
    DocumentContent,
    OcrInfo,
    OcrPage,
    SourceFile,
    Table,
)
from docgen.rules import distinct_members, run_rules

HEADER = ("ลำดับที่", "ชื่อ-สกุล", "เลขประจำตัวประชาชน", "ตำบล", "อำเภอ", "จังหวัด")
NAMES = [
    "นายสมชาย ใจดี",
    "นางสมศรี ใจงาม",
    "นายบุญมี ศรีสุข",
    "นางมาลี ทองดี",
    "นายประยุทธ มั่นคง",
    "นางสุดา แก้วใส",
]


def pid(n: int) -> str:
    body = f"3840{n:08d}"
    return body + pin.calc_check_digit(body)


def row(n: int, name: str | None = None) -> tuple[str, ...]:
    return (str(n), name or NAMES[n - 1], pid(n), "เวียง", "ไชยา", "สุราษฎร์ธานี")


def scan(
    name: str,
    kind: DocKind,
    *,
    paragraphs: tuple[str, ...] = (),
    rows: tuple[tuple[str, ...], ...] = (),
) -> ClassifiedFile:
    tables = (Table(rows, tuple(range(1, len(rows) + 1))),) if rows else ()
    page = OcrPage(1, paragraphs, tables, 0.9)
    content = DocumentContent(paragraphs, tables, pages=1, ocr=OcrInfo(0.9, (page,)))
    return ClassifiedFile(SourceFile(name, Path(name), 1), kind, content)


def typed(name: str, kind: DocKind, rows: tuple[tuple[str, ...], ...]) -> ClassifiedFile:
    table = Table(rows, tuple(range(1, len(rows) + 1)))
    return ClassifiedFile(SourceFile(name, Path(name), 1), kind, DocumentContent((), (table,)))


def first_page() -> ClassifiedFile:
    return scan(
        "สมาชิก-1.jpg",
        DocKind.MEMBER_ROSTER,
        paragraphs=("บัญชีรายชื่อสมาชิกกลุ่มผู้ปลูกยางพาราตำบลเวียง",),
        rows=(HEADER, row(1), row(2)),
    )


def test_rows_only_and_a_repeated_header_go_on_from_the_roster_wherever_they_sort() -> None:
    plan = scan("แผนงาน.jpg", DocKind.ACTIVITY_PLAN, paragraphs=("แผนปฏิบัติงานประจำปี",))
    repeated = scan("สมาชิก-2.jpg", DocKind.MEMBER_ROSTER, rows=(HEADER, row(3), row(4)))
    rows_only = scan("IMG_0412.jpg", DocKind.UNKNOWN, rows=(row(5), row(6)))
    files = join_continuations([rows_only, first_page(), repeated, plan])
    assert [(f.file.name, f.kind, f.continues) for f in files] == [
        ("สมาชิก-1.jpg", DocKind.MEMBER_ROSTER, ""),
        ("IMG_0412.jpg", DocKind.MEMBER_ROSTER, "สมาชิก-1.jpg"),
        ("สมาชิก-2.jpg", DocKind.MEMBER_ROSTER, "สมาชิก-1.jpg"),
        ("แผนงาน.jpg", DocKind.ACTIVITY_PLAN, ""),
    ]
    report = CheckReport(extract(files, []), tuple(run_rules(extract(files, []))), ()).to_json()
    (roster,) = [d for d in report["documents"] if d["kind"] == "member_roster"]
    assert roster["file"] == "สมาชิก-1.jpg"
    assert roster["files"] == ["สมาชิก-1.jpg", "IMG_0412.jpg", "สมาชิก-2.jpg"]
    assert not [d for d in report["documents"] if d["kind"] == "unknown"]


def test_the_rows_of_each_photo_name_that_photo_and_a_duplicate_across_photos_is_found() -> None:
    rows_only = scan("สมาชิก-2.jpg", DocKind.UNKNOWN, rows=(row(3), row(4), row(1, "นายสมชาย ใจดี")))
    bundle = extract(join_continuations([first_page(), rows_only]), [])
    members = distinct_members(bundle)
    assert [(m.file, m.where) for m in bundle.roster_rows] == [
        ("สมาชิก-1.jpg", "แถวที่ 2"),
        ("สมาชิก-1.jpg", "แถวที่ 3"),
        ("สมาชิก-2.jpg", "แถวที่ 1"),
        ("สมาชิก-2.jpg", "แถวที่ 2"),
        ("สมาชิก-2.jpg", "แถวที่ 3"),
    ]
    assert len(members) == 4
    duplicates = [f for f in run_rules(bundle) if f.code == "DUPLICATE_MEMBER"]
    assert [(f.file, f.where) for f in duplicates] == [("สมาชิก-2.jpg", "แถวที่ 3")]


def test_a_carried_over_table_read_without_header_gets_its_places_from_the_header_before() -> None:
    misread = ("3", NAMES[2], pid(3), "เงียง", "ไชยา", "สุราษฎร์ธานี")
    files = join_continuations(
        [first_page(), scan("สมาชิก-2.jpg", DocKind.UNKNOWN, rows=(misread,))]
    )
    assert files[1].content is not None
    assert files[1].content.tables[0].rows[0][3] == "เวียง"


def test_pages_that_do_not_go_on_stay_as_they_were() -> None:
    narrower = scan("a.jpg", DocKind.UNKNOWN, rows=(row(3)[:4], row(4)[:4]))
    committee_header = ("ลำดับที่", "ชื่อ-สกุล", "ตำแหน่ง", "ตำบล", "อำเภอ", "จังหวัด")
    committee = scan("b.jpg", DocKind.COMMITTEE_LIST, rows=(committee_header, row(3)))
    titled = scan(
        "c.jpg",
        DocKind.MEMBER_ROSTER,
        paragraphs=("รายชื่อสมาชิกกลุ่มแม่บ้าน",),
        rows=(HEADER, row(5)),
    )
    paper = typed("d.docx", DocKind.UNKNOWN, (row(6),))
    before = [first_page(), narrower, committee, titled, paper]
    after = join_continuations(before)
    assert [(f.file.name, f.kind, f.continues) for f in after] == [
        (f.file.name, f.kind, "") for f in before
    ]


def test_bylaws_clauses_that_go_on_numbering_join_the_bylaws() -> None:
    bylaws = scan(
        "ข้อบังคับ-1.jpg",
        DocKind.BYLAWS,
        paragraphs=("ข้อบังคับกลุ่มผู้ปลูกยางพารา", "ข้อ 1 กลุ่มนี้ชื่อ", "ข้อ 2 สมาชิก"),
    )
    next_page = scan("ข้อบังคับ-2.jpg", DocKind.UNKNOWN, paragraphs=("ข้อ 3 การลาออก", "ข้อ 4"))
    far = scan("IMG_1.jpg", DocKind.UNKNOWN, paragraphs=("ข้อ 9 การเงิน",))
    after = join_continuations([bylaws, next_page, far])
    assert [(f.kind, f.continues) for f in after] == [
        (DocKind.BYLAWS, ""),
        (DocKind.BYLAWS, "ข้อบังคับ-1.jpg"),
        (DocKind.UNKNOWN, ""),
    ]


SIGNATURES = (
    "ประกาศ ณ วันที่ 1 ตุลาคม 2569",
    "ลงชื่อ ...................................... ประธานกลุ่ม",
    "(นางศิริพร ศรีสุข)",
)


def test_a_page_of_signatures_only_joins_the_file_numbered_before_it() -> None:
    # The bylaws' last page, its signatures only, photographed as a file of its own.
    bylaws = scan(
        "ข้อบังคับ-1.jpg",
        DocKind.BYLAWS,
        paragraphs=("ข้อบังคับกลุ่มผู้ปลูกยางพารา", "ข้อ 1 กลุ่มนี้ชื่อ", "ข้อ 2 สมาชิก"),
    )
    signed = scan("ข้อบังคับ-2.jpg", DocKind.UNKNOWN, paragraphs=SIGNATURES)
    after = join_continuations([bylaws, signed])
    assert [(f.file.name, f.kind, f.continues) for f in after] == [
        ("ข้อบังคับ-1.jpg", DocKind.BYLAWS, ""),
        ("ข้อบังคับ-2.jpg", DocKind.BYLAWS, "ข้อบังคับ-1.jpg"),
    ]


def test_a_page_of_signatures_is_not_joined_by_guess() -> None:
    bylaws = scan(
        "ข้อบังคับ-1.jpg",
        DocKind.BYLAWS,
        paragraphs=("ข้อบังคับกลุ่มผู้ปลูกยางพารา", "ข้อ 1 กลุ่มนี้ชื่อ", "ข้อ 2 สมาชิก"),
    )
    # Not numbered on from the file before it (another name, a gap, another type) …
    for name in ("IMG_0412.jpg", "ข้อบังคับ-3.jpg", "ข้อบังคับ-2.png"):
        page = scan(name, DocKind.UNKNOWN, paragraphs=SIGNATURES)
        assert [f.continues for f in join_continuations([bylaws, page])] == ["", ""]
    # … or more on the page than the lines that close a document, or a table.
    letter = scan("ข้อบังคับ-2.jpg", DocKind.UNKNOWN, paragraphs=("ขอเชิญประชุมสมาชิก", *SIGNATURES))
    table = scan("ข้อบังคับ-2.jpg", DocKind.UNKNOWN, paragraphs=SIGNATURES, rows=(row(1),))
    for page in (letter, table):
        assert [f.continues for f in join_continuations([bylaws, page])] == ["", ""]
