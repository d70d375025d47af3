"""Red team round 2: `docgen check --json` on bundle shapes round 1 did not try.

Request forms as XLSX/CSV label-value sheets and as dotted-leader forms; committees marked in a
ตำแหน่ง column of the roster with no committee file; Excel formulas in ลำดับ; IDs with a leading
apostrophe; column-number header rows; a roster on a third sheet; a sheet per หมู่บ้าน; names
with titles and nicknames; group names written with quotes and addresses; bylaws and plans
phrased in other ways; places whose names repeat across provinces. The expected findings were
decided from CONTRACT.md and DOMAIN.md before the checker was run.
"""

from __future__ import annotations

import csv
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import docx
import openpyxl
import pytest

from tests.integration.redteam_support import (
    BYLAW_CLAUSES,
    PEOPLE,
    THAI,
    Name,
    bylaws_hmuad,
    check_json,
    committee_lines,
    committee_table,
    dashed,
    finding_codes,
    full,
    pid,
    plan_lines,
    table_request,
)

P = PEOPLE
HERB = "กลุ่มปลูกสมุนไพรบ้านหนองโน"
ACTS = ["ปลูกสมุนไพร", "แปรรูปสมุนไพรอบแห้ง"]
KEYS3 = [(P[0], "ประธาน"), (P[1], "เลขานุการ"), (P[2], "เหรัญญิก")]
ADDR = "ท่าพระ", "เมืองขอนแก่น", "ขอนแก่น"
ERRORS = {
    "MISSING_DOCUMENT",
    "UNREADABLE_FILE",
    "BUNDLE_REJECTED",
    "GROUP_NAME_PREFIX",
    "TOO_FEW_MEMBERS",
    "DUPLICATE_MEMBER",
    "INVALID_NATIONAL_ID",
    "COMMITTEE_TOO_SMALL",
    "COMMITTEE_ROLE_MISSING",
    "COMMITTEE_NOT_MEMBER",
    "BYLAWS_TOPIC_MISSING",
    "ACTIVITY_PLAN_EMPTY",
}


@dataclass
class Expect:
    findings: list[tuple[str, str]]
    members: int
    committee: int
    subdistrict: str = "ท่าพระ"
    subdistrict_code: str | None = None
    name: str | None = None
    docs: dict[str, str] = field(default_factory=dict)


# ---------------------------------------------------------------------------------------------
# Writers
# ---------------------------------------------------------------------------------------------

REQUEST_FIELDS = [
    ("แบบคำขอใบรับรองการจัดตั้งกลุ่มส่งเสริมอาชีพการเกษตร", ""),
    ("ชื่อกลุ่ม", "{group}"),
    ("ที่ตั้งกลุ่ม เลขที่", "45"),
    ("หมู่ที่", "7"),
    ("ตำบล", "ท่าพระ"),
    ("อำเภอ", "เมืองขอนแก่น"),
    ("จังหวัด", "ขอนแก่น"),
    ("จำนวนสมาชิก", "{count}"),
    ("ผู้ยื่นคำขอ", "นายสมชาย ใจดี"),
    ("วันที่ยื่น", "3 ตุลาคม 2569"),
]


def request_xlsx(path: Path, group: str, count: int) -> None:
    """The request typed into Excel: label in column A, value in column B."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "คำขอ"
    for label, value in REQUEST_FIELDS:
        ws.append([label, value.format(group=group, count=count) or None])
    wb.save(str(path))


def request_csv(path: Path, group: str, count: int) -> None:
    """The same sheet saved as CSV (UTF-8 with BOM, as Excel saves it)."""
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        for label, value in REQUEST_FIELDS:
            w.writerow([label, value.format(group=group, count=count)])


def request_dotted(path: Path, group: str, count: int) -> None:
    """A printed form: labels followed by dotted leaders, the values typed over the dots."""
    d = docx.Document()
    d.add_paragraph("แบบคำขอใบรับรองการจัดตั้งกลุ่มส่งเสริมอาชีพการเกษตร")
    d.add_paragraph("เขียนที่.......ที่ทำการกลุ่ม.......")
    d.add_paragraph("วันที่....3....เดือน.....ตุลาคม.....พ.ศ....2569....")
    d.add_paragraph("เรียน เกษตรอำเภอเมืองขอนแก่น")
    d.add_paragraph("ข้าพเจ้า.....นายสมชาย ใจดี.....ตำแหน่ง.....ประธานกลุ่ม.....")
    d.add_paragraph(f"ชื่อกลุ่ม.........{group}.............................")
    d.add_paragraph(
        "ที่ตั้ง เลขที่....45....หมู่ที่....7....ตำบล.....ท่าพระ.....อำเภอ.....เมืองขอนแก่น....."
        "จังหวัด.....ขอนแก่น....."
    )
    d.add_paragraph(f"จำนวนสมาชิก.......{count}.......ราย")
    d.add_paragraph("ขอยื่นคำขอใบรับรองการจัดตั้งกลุ่ม พร้อมเอกสารประกอบดังนี้")
    d.add_paragraph("(1) ข้อบังคับกลุ่ม (2) รายชื่อคณะกรรมการ (3) บัญชีรายชื่อสมาชิก (4) แผนงาน/กิจกรรม")
    d.add_paragraph("ลงชื่อ.............................ผู้ยื่นคำขอ")
    d.add_paragraph("(.....นายสมชาย ใจดี.....)")
    d.save(str(path))


def roster_rows(people: Sequence[Name], ids: Sequence[str], seed: int = 0) -> list[list[object]]:
    return [[i, full(p), ids[i - 1], *ADDR] for i, p in enumerate(people, 1)]


def simple_roster_xlsx(path: Path, people: Sequence[Name], ids: Sequence[str]) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["บัญชีรายชื่อสมาชิกกลุ่ม"])
    ws.append(["ลำดับ", "ชื่อ-สกุล", "เลขประจำตัวประชาชน", "ตำบล", "อำเภอ", "จังหวัด"])
    for r in roster_rows(people, ids):
        ws.append(r)
    wb.save(str(path))


def five(
    b: Path,
    group: str,
    count: int,
    *,
    request: Callable[[Path, str, int], None] | None = None,
    roster: bool = True,
    committee: bool = True,
    n: int = 12,
    seed: int = 31,
) -> None:
    """The ordinary parts a case does not vary."""
    b.mkdir()
    if request is not None:
        request(b / "คำขอ.docx", group, count)
    else:
        table_request(b / "คำขอ.docx", group, str(count))
    bylaws_hmuad(b / "ข้อบังคับ.docx", group)
    if committee:
        committee_lines(b / "กรรมการ.docx", KEYS3)
    if roster:
        simple_roster_xlsx(b / "สมาชิก.xlsx", P[:n], [pid(i, seed) for i in range(n)])
    plan_lines(b / "แผน.docx", ACTS)


# ---------------------------------------------------------------------------------------------
# Cases
# ---------------------------------------------------------------------------------------------


def request_as_xlsx(root: Path) -> tuple[Path, Expect]:
    """A request typed into Excel, label | value."""
    b = root / "A"
    five(b, HERB, 12)
    (b / "คำขอ.docx").unlink()
    request_xlsx(b / "แบบคำขอ.xlsx", HERB, 12)
    return b, Expect([], 12, 3, docs={"แบบคำขอ.xlsx": "request_form"})


def request_as_csv_with_wrong_count(root: Path) -> tuple[Path, Expect]:
    """A request saved as CSV whose stated member count (15) is not the roster's (12)."""
    b = root / "B"
    five(b, HERB, 12)
    (b / "คำขอ.docx").unlink()
    request_csv(b / "request.csv", HERB, 15)
    return b, Expect([("MEMBER_COUNT_MISMATCH", "")], 12, 3, docs={"request.csv": "request_form"})


def request_dotted_leaders(root: Path) -> tuple[Path, Expect]:
    """A printed form with dotted leaders filled by typed text."""
    b = root / "C"
    five(b, HERB, 11, request=request_dotted, n=11)
    return b, Expect([], 11, 3, docs={"คำขอ.docx": "request_form"})


def committee_in_roster_only(root: Path) -> tuple[Path, Expect]:
    """No committee file: the roster's ตำแหน่ง column marks five posts, the rest สมาชิก.
    The officer has the committee (names and posts): it is accepted, as a committee table
    inside the request form is."""
    b = root / "D"
    five(b, HERB, 12, committee=False, roster=False)
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["บัญชีรายชื่อสมาชิก" + HERB])
    ws.append(["ลำดับ", "ชื่อ-สกุล", "เลขประจำตัวประชาชน", "ตำแหน่ง", "ตำบล", "อำเภอ"])
    posts = {1: "ประธาน", 2: "รองประธาน", 3: "เลขานุการ", 4: "เหรัญญิก", 5: "กรรมการ"}
    for i, p in enumerate(P[:12], 1):
        ws.append([i, full(p), pid(i, 41), posts.get(i, "สมาชิก"), "ท่าพระ", "เมืองขอนแก่น"])
    wb.save(str(b / "รายชื่อสมาชิก.xlsx"))
    return b, Expect([], 12, 5)


def committee_in_roster_without_treasurer(root: Path) -> tuple[Path, Expect]:
    """The same with no เหรัญญิก marked: the committee is read, the treasurer is missing."""
    b = root / "D2"
    five(b, HERB, 12, committee=False, roster=False)
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["ลำดับ", "ชื่อ-สกุล", "เลขประจำตัวประชาชน", "ตำแหน่ง", "ตำบล", "อำเภอ"])
    posts = {1: "ประธาน", 3: "เลขานุการ", 5: "กรรมการ"}
    for i, p in enumerate(P[:12], 1):
        ws.append([i, full(p), pid(i, 42), posts.get(i, "สมาชิก"), "ท่าพระ", "เมืองขอนแก่น"])
    wb.save(str(b / "รายชื่อสมาชิก.xlsx"))
    return b, Expect([("COMMITTEE_ROLE_MISSING", "treasurer")], 12, 3)


def formulas_apostrophes_numbers_row(root: Path) -> tuple[Path, Expect]:
    """ลำดับ as =ROW()-3 with no cached values (saved by a tool, not Excel), a second header
    row of column numbers (1) (2) (3), IDs typed with a leading apostrophe, a birth-date
    column, หมู่ที่ holding "ม.3"."""
    b = root / "E"
    five(b, HERB, 12, roster=False)
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["บัญชีรายชื่อสมาชิก" + HERB])
    ws.append(
        [
            "ลำดับ",
            "ชื่อ - นามสกุล",
            "เลขบัตรประจำตัวประชาชน",
            "วัน เดือน ปีเกิด",
            "หมู่ที่",
            "ตำบล",
            "อำเภอ",
            "จังหวัด",
        ]
    )
    ws.append(["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)"])
    for i, p in enumerate(P[:12], 1):
        ws.append(["=ROW()-3", full(p), "'" + pid(i, 43), f"{i} มี.ค. 2510", "ม.3", *ADDR])
    wb.save(str(b / "สมาชิก.xlsx"))
    return b, Expect([], 12, 3)


def apostrophe_csv_ids(root: Path) -> tuple[Path, Expect]:
    """A CSV where IDs were typed '3400... to stop Excel rounding them; one is really wrong."""
    b = root / "E2"
    five(b, HERB, 12, roster=False)
    with (b / "สมาชิก.csv").open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["ที่", "ชื่อ-นามสกุล", "เลขประจำตัวประชาชน", "วันเกิด", "ที่อยู่"])
        for i, p in enumerate(P[:12], 1):
            id_ = pid(i, 44)
            if i == 9:
                id_ = id_[:12] + str((int(id_[12]) + 3) % 10)
            w.writerow(
                [i, full(p), "'" + id_, "12/05/2510", f"{i} ม.3 ต.ท่าพระ อ.เมืองขอนแก่น จ.ขอนแก่น"]
            )
    return b, Expect([("INVALID_NATIONAL_ID", "")], 12, 3)


def third_sheet_hidden_columns(root: Path) -> tuple[Path, Expect]:
    """A workbook whose first sheets are a cover and a summary; the roster is on sheet 3 with
    a hidden working column; a chart sheet at the end."""
    b = root / "F"
    five(b, HERB, 12, roster=False)
    wb = openpyxl.Workbook()
    cover = wb.active
    assert cover is not None
    cover.title = "ปก"
    cover.append(["เอกสารประกอบการขอจัดตั้ง" + HERB])
    summary = wb.create_sheet("สรุป")
    summary.append(["หมู่ที่", "จำนวน"])
    summary.append([3, 7])
    summary.append([4, 5])
    ws = wb.create_sheet("รายชื่อ")
    ws.append(["บัญชีรายชื่อสมาชิก"])
    ws.append(
        ["ลำดับที่", "คำนำหน้า", "ชื่อ", "นามสกุล", "เลขบัตรประชาชน", "ช่วยคิด", "ตำบล", "อำเภอ", "จังหวัด"]
    )
    for i, p in enumerate(P[:12], 1):
        ws.append([i, *p, pid(i, 45), "x", *ADDR])
    ws.column_dimensions["F"].hidden = True
    chart = wb.create_chartsheet("กราฟ")
    from openpyxl.chart import BarChart, Reference

    bar = BarChart()
    bar.add_data(Reference(summary, min_col=2, min_row=1, max_row=3), titles_from_data=True)
    chart.add_chart(bar)
    wb.save(str(b / "สมาชิก.xlsx"))
    return b, Expect([], 12, 3)


def sheet_per_village(root: Path) -> tuple[Path, Expect]:
    """Members split over a sheet per หมู่บ้าน, each with its own title and header."""
    b = root / "G"
    five(b, HERB, 13, roster=False)
    wb = openpyxl.Workbook()
    first = wb.active
    assert first is not None
    wb.remove(first)
    groups = [("บ้านหนองโน ม.3", P[:5], 3), ("บ้านโคก ม.4", P[5:9], 4), ("บ้านดอน ม.5", P[9:13], 5)]
    k = 0
    for title, people, moo in groups:
        ws = wb.create_sheet(title)
        ws.append([f"รายชื่อสมาชิก {title}"])
        ws.append(["ที่", "ชื่อ-สกุล", "เลขประจำตัวประชาชน", "หมู่", "ตำบล", "อำเภอ", "จังหวัด"])
        for i, p in enumerate(people, 1):
            k += 1
            ws.append([i, full(p), pid(k, 46), moo, *ADDR])
    wb.save(str(b / "สมาชิก.xlsx"))
    return b, Expect([], 13, 3)


def duplicates_by_name_and_id_forms(root: Path) -> tuple[Path, Expect]:
    """No ID column at all: นางสาวลำดวน พรมมา again as นางลำดวน พรมมา (same first and last
    name: the same person typed twice) and นาย สุริยา  อินทร์แก้ว spaced differently.
    A woman who married and took her husband's surname cannot be told from the roster and is
    not flagged. 12 distinct people, 14 rows."""
    b = root / "H"
    five(b, HERB, 12, roster=False)
    d = docx.Document()
    d.add_paragraph("บัญชีรายชื่อสมาชิก")
    tb = d.add_table(rows=1, cols=3)
    for c, h in zip(tb.rows[0].cells, ["ลำดับ", "ชื่อ-สกุล", "ที่อยู่"], strict=True):
        c.text = h
    names = [full(p) for p in P[:12]] + ["นางลำดวน พรมมา", "นาย สุริยา  อินทร์แก้ว"]
    for i, name in enumerate(names, 1):
        cells = tb.add_row().cells
        cells[0].text, cells[1].text, cells[2].text = (
            str(i),
            name,
            "5 ม.3 ต.ท่าพระ อ.เมืองขอนแก่น จ.ขอนแก่น",
        )
    d.save(str(b / "สมาชิก.docx"))
    return b, Expect([("DUPLICATE_MEMBER", ""), ("DUPLICATE_MEMBER", "")], 12, 3)


def same_id_typed_two_ways(root: Path) -> tuple[Path, Expect]:
    """The same ID once dashed and once in Thai digits under another spelling of the name."""
    b = root / "H2"
    five(b, HERB, 12, roster=False)
    with (b / "สมาชิก.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["ลำดับ", "ชื่อ-สกุล", "เลขประจำตัวประชาชน", "ตำบล", "อำเภอ", "จังหวัด"])
        for i, p in enumerate(P[:12], 1):
            w.writerow([i, full(p), dashed(pid(i, 47)), *ADDR])
        w.writerow([13, "นายคำปั่น แสนสุก", pid(4, 47).translate(THAI), *ADDR])
    return b, Expect([("DUPLICATE_MEMBER", "")], 12, 3)


def committee_titles_nicknames(root: Path) -> tuple[Path, Expect]:
    """Committee names with ผู้ใหญ่บ้าน, อสม., กำนัน, ดร. before them and nicknames in
    brackets; all are on the roster."""
    b = root / "I"
    five(b, HERB, 12, committee=False)
    seats = [
        (("ผู้ใหญ่บ้าน", "สมชาย", "ใจดี"), "ประธาน"),
        (("อสม.", "บุญเรือน", "ศรีวงศ์"), "รองประธาน"),
        (("นางสาว", "ลำดวน", "พรมมา (แดง)"), "เลขานุการ"),
        (("กำนัน", "คำปั่น", "แสนสุข"), "เหรัญญิก"),
        (("ดร.", "ทองใบ", "บุญมา"), "กรรมการ"),
    ]
    d = docx.Document()
    d.add_paragraph("รายชื่อคณะกรรมการ" + HERB)
    tb = d.add_table(rows=1, cols=3)
    for c, h in zip(tb.rows[0].cells, ["ลำดับ", "ชื่อ-สกุล", "ตำแหน่ง"], strict=True):
        c.text = h
    for i, (p, pos) in enumerate(seats, 1):
        cells = tb.add_row().cells
        cells[0].text, cells[1].text, cells[2].text = str(i), f"{p[0]} {p[1]} {p[2]}", pos
    d.save(str(b / "คณะกรรมการ.docx"))
    return b, Expect([], 12, 5)


def committee_surname_missing(root: Path) -> tuple[Path, Expect]:
    """A committee typed with first names only (นายสมชาย, นางบุญเรือน …) and one person not on
    the roster at all: only the stranger is COMMITTEE_NOT_MEMBER."""
    b = root / "I2"
    five(b, HERB, 12, committee=False)
    d = docx.Document()
    d.add_paragraph("รายชื่อคณะกรรมการ")
    tb = d.add_table(rows=1, cols=3)
    for c, h in zip(tb.rows[0].cells, ["ลำดับ", "ชื่อ", "ตำแหน่ง"], strict=True):
        c.text = h
    for i, (name, pos) in enumerate(
        [
            ("นายสมชาย", "ประธาน"),
            ("นางบุญเรือน", "เลขานุการ"),
            ("นางสาวลำดวน", "เหรัญญิก"),
            ("นายประยูร", "กรรมการ"),
        ],
        1,
    ):
        cells = tb.add_row().cells
        cells[0].text, cells[1].text, cells[2].text = str(i), name, pos
    d.save(str(b / "คณะกรรมการ.docx"))
    return b, Expect([("COMMITTEE_NOT_MEMBER", "")], 12, 4)


def group_name_variants(root: Path) -> tuple[Path, Expect]:
    """The request says กลุ่ม "ปลูกสมุนไพร" บ้านหนองโน หมู่ที่ 3 ตำบลท่าพระ อำเภอเมืองขอนแก่น; the
    bylaws กลุ่มปลูกสมุนไพร  บ้านหนองโน; the roster title กลุ่ม“ปลูกสมุนไพรบ้านหนองโน”: one name."""
    b = root / "J"
    b.mkdir()
    table_request(
        b / "คำขอ.docx", 'กลุ่ม "ปลูกสมุนไพร" บ้านหนองโน หมู่ที่ 3 ตำบลท่าพระ อำเภอเมืองขอนแก่น', "12"
    )
    bylaws_hmuad(b / "ข้อบังคับ.docx", "กลุ่มปลูกสมุนไพร  บ้านหนองโน")
    committee_table(b / "คณะกรรมการ.docx", KEYS3)
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["บัญชีรายชื่อสมาชิกกลุ่ม“ปลูกสมุนไพรบ้านหนองโน”"])
    ws.append(["ลำดับ", "ชื่อ-สกุล", "เลขประจำตัวประชาชน", "ตำบล", "อำเภอ", "จังหวัด"])
    for r in roster_rows(P[:12], [pid(i, 48) for i in range(12)]):
        ws.append(r)
    wb.save(str(b / "สมาชิก.xlsx"))
    plan_lines(b / "แผน.docx", ACTS)
    return b, Expect([], 12, 3)


def group_name_really_different(root: Path) -> tuple[Path, Expect]:
    """The bylaws were copied from another group: กลุ่มเลี้ยงปลานิลบ้านโคก."""
    b = root / "J2"
    five(b, HERB, 12)
    bylaws_hmuad(b / "ข้อบังคับ.docx", "กลุ่มเลี้ยงปลานิลบ้านโคก")
    return b, Expect([("GROUP_NAME_MISMATCH", "")], 12, 3)


def bylaws_other_phrasings(root: Path) -> tuple[Path, Expect]:
    """Clauses numbered ข้อ ๑๐/๑, topics phrased as offices phrase them, the shares and money
    topics only in a table."""
    b = root / "K"
    five(b, HERB, 12)
    d = docx.Document()
    d.add_paragraph("ข้อบังคับ" + HERB)
    for line in (
        "ข้อ ๑ กลุ่มนี้ชื่อว่า " + HERB,
        "ข้อ ๒ กลุ่มมีวัตถุประสงค์เพื่อปลูกและแปรรูปสมุนไพรจำหน่าย",
        "ข้อ ๓ ผู้ที่จะเป็นสมาชิกต้องเป็นเกษตรกรในตำบลท่าพระ และได้รับความเห็นชอบจากคณะกรรมการ",
        "ข้อ ๔ การออกจากการเป็นสมาชิก สมาชิกที่ประสงค์จะออกให้ยื่นหนังสือต่อคณะกรรมการ",
        "ข้อ ๕ ให้ที่ประชุมใหญ่คัดเลือกคณะกรรมการจากสมาชิก จำนวน ๕ คน",
        "ข้อ ๖ คณะกรรมการอยู่ในตำแหน่งได้คราวละ ๒ ปี",
        "ข้อ ๗ กรรมการจะพ้นจากตำแหน่งเมื่อ ตาย หรือที่ประชุมใหญ่มีมติ",
        "ข้อ ๑๐/๑ ทุนของกลุ่มและการแบ่งผลกำไรเป็นไปตามตารางท้ายข้อบังคับนี้",
    ):
        d.add_paragraph(line)
    tb = d.add_table(rows=1, cols=2)
    for c, h in zip(tb.rows[0].cells, ["รายการ", "รายละเอียด"], strict=True):
        c.text = h
    for k, v in (
        ("หุ้น", "สมาชิกถือหุ้นคนละไม่น้อยกว่า ๕ หุ้น หุ้นละ ๑๐๐ บาท"),
        ("การเงิน", "เงินของกลุ่มฝากธนาคาร เบิกจ่ายโดยประธานและเหรัญญิก"),
    ):
        cells = tb.add_row().cells
        cells[0].text, cells[1].text = k, v
    d.save(str(b / "ข้อบังคับ.docx"))
    return b, Expect([], 12, 3)


def plan_budget_table_only(root: Path) -> tuple[Path, Expect]:
    """A plan that is only a budget table (รายการ | จำนวนเงิน), activities in the รายการ column."""
    b = root / "L"
    five(b, HERB, 12)
    d = docx.Document()
    d.add_paragraph("แผนงาน/กิจกรรมของกลุ่ม ปีงบประมาณ 2570")
    tb = d.add_table(rows=1, cols=3)
    for c, h in zip(tb.rows[0].cells, ["ที่", "รายการ", "งบประมาณ (บาท)"], strict=True):
        c.text = h
    for i, (a, m) in enumerate([("จัดซื้อพันธุ์สมุนไพร", "5,000"), ("อบรมการแปรรูป", "3,000")], 1):
        cells = tb.add_row().cells
        cells[0].text, cells[1].text, cells[2].text = str(i), a, m
    cells = tb.add_row().cells
    cells[1].text, cells[2].text = "รวม", "8,000"
    d.save(str(b / "แผน.docx"))
    return b, Expect([], 12, 3)


def plan_single_activity_in_text(root: Path) -> tuple[Path, Expect]:
    """A plan whose single activity is written in the body: กิจกรรมที่ 1 ..."""
    b = root / "L2"
    five(b, HERB, 12)
    d = docx.Document()
    d.add_paragraph("แผนการดำเนินงานของ" + HERB)
    d.add_paragraph("กิจกรรมที่ 1 ปลูกสมุนไพรในแปลงรวมของกลุ่ม")
    d.add_paragraph("ระยะเวลา ตุลาคม 2569 ถึง กันยายน 2570")
    d.add_paragraph("งบประมาณ 10,000 บาท จากเงินทุนของกลุ่ม")
    d.save(str(b / "แผน.docx"))
    return b, Expect([], 12, 3)


def plan_blank_template(root: Path) -> tuple[Path, Expect]:
    """The plan form sent back blank: dotted lines only."""
    b = root / "L3"
    five(b, HERB, 12)
    d = docx.Document()
    d.add_paragraph("แผนงาน/กิจกรรมของกลุ่ม")
    for i in range(1, 4):
        d.add_paragraph(f"กิจกรรมที่ {i} .............................................")
        d.add_paragraph("ระยะเวลา ........................ งบประมาณ ................ บาท")
    tb = d.add_table(rows=1, cols=3)
    for c, h in zip(tb.rows[0].cells, ["ที่", "กิจกรรม", "ระยะเวลา"], strict=True):
        c.text = h
    for i in range(1, 4):
        cells = tb.add_row().cells
        cells[0].text, cells[1].text, cells[2].text = (
            str(i),
            "........................",
            "...........",
        )
    d.save(str(b / "แผน.docx"))
    return b, Expect([("ACTIVITY_PLAN_EMPTY", "")], 12, 3)


def neighbours_and_repeated_names(root: Path) -> tuple[Path, Expect]:
    """The group in ต.ในเมือง อ.เมืองขอนแก่น (ในเมือง occurs in 22 places); members with ในเมือง
    and the district only; two members from the neighbouring อ.บ้านฝาง (one warning each)."""
    b = root / "M"
    b.mkdir()
    d = docx.Document()
    d.add_paragraph("แบบคำขอใบรับรองการจัดตั้งกลุ่ม")
    d.add_paragraph("ชื่อกลุ่ม " + HERB)
    d.add_paragraph("ที่ตั้ง 9 หมู่ที่ 2 ตำบลในเมือง อำเภอเมืองขอนแก่น จังหวัดขอนแก่น")
    d.add_paragraph("จำนวนสมาชิก 12 ราย")
    d.save(str(b / "คำขอ.docx"))
    bylaws_hmuad(b / "ข้อบังคับ.docx", HERB)
    committee_lines(b / "กรรมการ.docx", KEYS3)
    with (b / "สมาชิก.csv").open("w", encoding="cp874", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["ลำดับ", "ชื่อ-สกุล", "เลขประจำตัวประชาชน", "ตำบล", "อำเภอ"])
        for i, p in enumerate(P[:12], 1):
            sub, dist = ("บ้านฝาง", "บ้านฝาง") if i in (5, 9) else ("ในเมือง", "เมืองขอนแก่น")
            w.writerow([i, full(p), pid(i, 49), sub, dist])
    plan_lines(b / "แผน.docx", ACTS)
    return b, Expect(
        [("MEMBER_OUTSIDE_AREA", ""), ("MEMBER_OUTSIDE_AREA", "")],
        12,
        3,
        subdistrict="ในเมือง",
        subdistrict_code="400101",
    )


def roster_in_two_shapes(root: Path) -> tuple[Path, Expect]:
    """The roster attached as XLSX and again as CSV: two files of one kind, no duplicates."""
    b = root / "N"
    five(b, HERB, 12)
    with (b / "สมาชิก.csv").open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["ลำดับ", "ชื่อ-สกุล", "เลขประจำตัวประชาชน", "ตำบล", "อำเภอ", "จังหวัด"])
        for r in roster_rows(P[:12], [pid(i, 31) for i in range(12)]):
            w.writerow(r)
    return b, Expect([], 12, 3, docs={"สมาชิก.csv": "member_roster", "สมาชิก.xlsx": "member_roster"})


def _with_cached_formulas(path: Path) -> None:
    """Rewrite column A's numbers as =ROW()-2 formulas keeping the value Excel cached."""
    import re
    import zipfile

    with zipfile.ZipFile(path) as z:
        entries = [(i, z.read(i)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in entries:
            if info.filename.startswith("xl/worksheets/sheet"):
                text = data.decode()
                text = re.sub(
                    r'<c r="A(\d+)" t="n"><v>(\d+)</v></c>',
                    r'<c r="A\1"><f>ROW()-2</f><v>\2</v></c>',
                    text,
                )
                data = text.encode()
            z.writestr(info, data)


def cached_formulas_200_members(root: Path) -> tuple[Path, Expect]:
    """200 members, ลำดับ as formulas with cached values, one bad ID at row 150."""
    b = root / "O"
    five(b, HERB, 200, roster=False)
    people = [
        (("นาย", "นาง", "นางสาว")[i % 3], f"สม{THAI_NAMES[i % 20]}", f"{SURNAMES[i // 20]}")
        for i in range(200)
    ]
    people[:3] = P[:3]  # the committee
    ids = [pid(i, 50) for i in range(200)]
    ids[149] = ids[149][:12] + str((int(ids[149][12]) + 1) % 10)
    simple_roster_xlsx(b / "สมาชิก.xlsx", people, ids)
    _with_cached_formulas(b / "สมาชิก.xlsx")
    return b, Expect([("INVALID_NATIONAL_ID", "")], 200, 3)


THAI_NAMES = [
    "ชาย", "หญิง", "ศรี", "พร", "ปอง", "หมาย", "จิต", "ใจ", "บูรณ์", "คิด",
    "ควร", "นึก", "บัติ", "ทรง", "พงษ์", "ยศ", "เกียรติ", "ศักดิ์", "รักษ์", "บุญ",
]  # fmt: skip
SURNAMES = [
    "ใจดี", "ศรีวงศ์", "พรมมา", "แสนสุข", "บุญมา", "คำภา", "ชัยวงศ์", "ทองคำ", "สีหา", "ภูมิโคก",
]  # fmt: skip


def committee_as_chart(root: Path) -> tuple[Path, Expect]:
    """โครงสร้างคณะกรรมการ typed as a chart: the post on one line, the name on the next."""
    b = root / "P"
    five(b, HERB, 12, committee=False)
    d = docx.Document()
    d.add_paragraph("โครงสร้างคณะกรรมการ" + HERB)
    for pos, p in (("ประธานกลุ่ม", P[0]), ("รองประธาน", P[1]), ("เลขานุการ", P[2]), ("เหรัญญิก", P[3])):
        d.add_paragraph(pos)
        d.add_paragraph(full(p))
    d.save(str(b / "คณะกรรมการ.docx"))
    return b, Expect([], 12, 4)


def committee_dotted_and_colon(root: Path) -> tuple[Path, Expect]:
    """Committee lines with dotted leaders and with the post first after a colon."""
    b = root / "P2"
    five(b, HERB, 12, committee=False)
    d = docx.Document()
    d.add_paragraph("รายชื่อคณะกรรมการบริหารกลุ่ม")
    d.add_paragraph("1. นายสมชาย ใจดี ............................ ประธาน")
    d.add_paragraph("2. ตำแหน่ง รองประธาน : นางบุญเรือน ศรีวงศ์")
    d.add_paragraph("3. เลขานุการ : นางสาวลำดวน พรมมา")
    d.add_paragraph("4. เหรัญญิก  นายคำปั่น แสนสุข")
    d.add_paragraph("5. นายทองใบ บุญมา ....................... กรรมการ")
    d.save(str(b / "คณะกรรมการ.docx"))
    return b, Expect([], 12, 5)


def word_roster_numbered_columns(root: Path) -> tuple[Path, Expect]:
    """A Word roster: คำนำหน้า | ชื่อ | นามสกุล, a row of column numbers (๑) (๒) under the
    header, หมู่ as ม.๓, Thai digits throughout."""
    b = root / "Q"
    five(b, HERB, 11, roster=False, n=11)
    d = docx.Document()
    d.add_paragraph("บัญชีรายชื่อสมาชิก" + HERB)
    header = [
        "ลำดับที่",
        "คำนำหน้า",
        "ชื่อ",
        "นามสกุล",
        "เลขประจำตัวประชาชน",
        "บ้านเลขที่",
        "หมู่",
        "ตำบล",
        "อำเภอ",
    ]
    tb = d.add_table(rows=2, cols=len(header))
    for j, h in enumerate(header):
        tb.rows[0].cells[j].text = h
        tb.rows[1].cells[j].text = f"({j + 1})".translate(THAI)
    for i, p in enumerate(P[:11], 1):
        cells = tb.add_row().cells
        vals = [str(i), *p, dashed(pid(i, 51)), f"{i}/2", "ม.๓", "ท่าพระ", "เมืองขอนแก่น"]
        for c, v in zip(cells, vals, strict=True):
            c.text = v.translate(THAI)
    d.save(str(b / "สมาชิก.docx"))
    return b, Expect([], 11, 3)


def bylaws_as_table(root: Path) -> tuple[Path, Expect]:
    """ข้อตกลง typed as a table (หัวข้อ | ข้อตกลง), no ข้อ numbers; the term row is missing."""
    b = root / "R"
    five(b, HERB, 12)
    d = docx.Document()
    d.add_paragraph("ข้อตกลงของ" + HERB)
    tb = d.add_table(rows=1, cols=3)
    for c, h in zip(tb.rows[0].cells, ["ที่", "หัวข้อ", "ข้อตกลง"], strict=True):
        c.text = h
    rows = [
        ("กิจกรรมของกลุ่ม", "ปลูกและแปรรูปสมุนไพรจำหน่าย"),
        ("การระดมหุ้น", "สมาชิกถือหุ้นคนละไม่น้อยกว่า 5 หุ้น หุ้นละ 100 บาท"),
        ("การบริหารเงินทุน", "เงินของกลุ่มฝากธนาคาร กำไรแบ่งเป็นเงินปันผลร้อยละ 60"),
        ("การรับสมาชิก", "ผู้สมัครต้องเป็นเกษตรกรในตำบลท่าพระ"),
        ("การลาออกของสมาชิก", "สมาชิกที่ประสงค์จะลาออกให้ยื่นหนังสือต่อประธาน"),
        ("การเลือกตั้งคณะกรรมการ", "ที่ประชุมใหญ่เลือกตั้งคณะกรรมการ 5 คน"),
        ("การพ้นจากตำแหน่ง", "กรรมการพ้นจากตำแหน่งเมื่อตาย ลาออก หรือที่ประชุมมีมติ"),
    ]
    for i, (topic, text) in enumerate(rows, 1):
        cells = tb.add_row().cells
        cells[0].text, cells[1].text, cells[2].text = str(i), topic, text
    d.save(str(b / "ข้อบังคับ.docx"))
    return b, Expect([("BYLAWS_TOPIC_MISSING", "term")], 12, 3)


def married_names_are_two_people(root: Path) -> tuple[Path, Expect]:
    """No IDs: นางสาวอรุณี โพธิ์ศรี and นางอรุณี ใจดี share a first name only: two people."""
    b = root / "S"
    five(b, HERB, 12, roster=False)
    with (b / "สมาชิก.csv").open("w", encoding="cp874", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["ลำดับ", "ชื่อ-สกุล", "ที่อยู่"])
        names = [full(p) for p in P[:11]] + ["นางอรุณี ใจดี"]
        for i, name in enumerate(names, 1):
            w.writerow([i, name, f"{i} ม.3 ต.ท่าพระ อ.เมืองขอนแก่น จ.ขอนแก่น"])
    return b, Expect([], 12, 3)


def xlsx_request_label_and_value_in_one_cell(root: Path) -> tuple[Path, Expect]:
    """An Excel request with `ชื่อกลุ่ม : …` in one cell, the place in one line, `12 คน`."""
    b = root / "T"
    five(b, HERB, 12)
    (b / "คำขอ.docx").unlink()
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    for line in (
        "หนังสือขอรับรองการจัดตั้งกลุ่ม",
        f"ชื่อกลุ่ม : {HERB}",
        "ที่ตั้ง : เลขที่ 45 หมู่ 7 ต.ท่าพระ อ.เมืองขอนแก่น จ.ขอนแก่น",
        "จำนวนสมาชิก : 12 คน",
        "ผู้ยื่นคำขอ : นายสมชาย ใจดี ประธานกลุ่ม",
    ):
        ws.append([line])
    wb.save(str(b / "หนังสือขอรับรอง.xlsx"))
    return b, Expect([], 12, 3, docs={"หนังสือขอรับรอง.xlsx": "request_form"})


def bylaws_title_with_address(root: Path) -> tuple[Path, Expect]:
    """Titles that carry the address: ข้อบังคับกลุ่ม… ตำบลท่าพระ อำเภอเมืองขอนแก่น จังหวัดขอนแก่น,
    a roster title with หมู่ที่ 3: the same group."""
    b = root / "U"
    five(b, HERB, 12)
    bylaws_hmuad(b / "ข้อบังคับ.docx", HERB + " ตำบลท่าพระ อำเภอเมืองขอนแก่น จังหวัดขอนแก่น")
    wb = openpyxl.load_workbook(b / "สมาชิก.xlsx")
    ws = wb.active
    assert ws is not None
    ws["A1"] = f"บัญชีรายชื่อสมาชิก{HERB} หมู่ที่ 3 ต.ท่าพระ"
    wb.save(str(b / "สมาชิก.xlsx"))
    return b, Expect([], 12, 3)


def csv_with_sep_line(root: Path) -> tuple[Path, Expect]:
    """A CSV that opens with Excel's `sep=,` hint line."""
    b = root / "V"
    five(b, HERB, 12, roster=False)
    with (b / "สมาชิก.csv").open("w", encoding="utf-8-sig", newline="") as fh:
        fh.write("sep=,\r\n")
        w = csv.writer(fh)
        w.writerow(["ลำดับ", "ชื่อ-สกุล", "เลขประจำตัวประชาชน", "ตำบล", "อำเภอ", "จังหวัด"])
        for i, p in enumerate(P[:12], 1):
            w.writerow([i, full(p), pid(i, 60), *ADDR])
    return b, Expect([], 12, 3)


def nickname_and_community_post_columns(root: Path) -> tuple[Path, Expect]:
    """A roster with a ชื่อเล่น column and two post columns: ตำแหน่งในกลุ่ม (the committee) and
    ตำแหน่งในชุมชน (ผู้ใหญ่บ้าน, อสม.: not committee posts). No committee file."""
    b = root / "W"
    five(b, HERB, 12, roster=False, committee=False)
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(
        [
            "ลำดับ",
            "ชื่อ-สกุล",
            "ชื่อเล่น",
            "เลขประจำตัวประชาชน",
            "ตำแหน่งในกลุ่ม",
            "ตำแหน่งในชุมชน",
            "ตำบล",
            "อำเภอ",
        ]
    )
    posts = {1: "ประธาน", 2: "เลขานุการ", 3: "เหรัญญิก"}
    social = {4: "ผู้ใหญ่บ้าน", 5: "อสม.", 6: "อสม."}
    for i, p in enumerate(P[:12], 1):
        ws.append(
            [
                i,
                full(p),
                "แดง",
                pid(i, 61),
                posts.get(i, "สมาชิก"),
                social.get(i, "-"),
                "ท่าพระ",
                "เมืองขอนแก่น",
            ]
        )
    wb.save(str(b / "สมาชิก.xlsx"))
    return b, Expect([], 12, 3)


def committee_post_first_one_person_twice(root: Path) -> tuple[Path, Expect]:
    """An XLSX committee with ตำแหน่ง before the name; one person on two rows (รองประธาน and
    ประชาสัมพันธ์): five people on the committee, not six."""
    b = root / "X"
    five(b, HERB, 12, committee=False)
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["คณะกรรมการบริหารกลุ่ม"])
    ws.append(["ตำแหน่ง", "ชื่อ - สกุล", "เบอร์โทรศัพท์"])
    for pos, p in [
        ("ประธาน", P[0]),
        ("รองประธาน", P[1]),
        ("เลขานุการ", P[2]),
        ("เหรัญญิก", P[3]),
        ("ประชาสัมพันธ์", P[1]),
        ("กรรมการ", P[4]),
    ]:
        ws.append([pos, full(p), "0812345678"])
    wb.save(str(b / "กรรมการ.xlsx"))
    return b, Expect([], 12, 5)


def quoted_group_name(root: Path) -> tuple[Path, Expect]:
    """กลุ่ม "ปลูกสมุนไพร" in every document: the name is กลุ่มปลูกสมุนไพร."""
    b = root / "Y"
    five(b, 'กลุ่ม "ปลูกสมุนไพร"', 12)
    return b, Expect([], 12, 3, name="กลุ่มปลูกสมุนไพร")


def count_with_sexes(root: Path) -> tuple[Path, Expect]:
    """The request states สมาชิกทั้งหมด 12 คน แยกเป็น ชาย 5 คน หญิง 7 คน (12 on the roster)."""
    b = root / "Z"
    five(b, HERB, 12)
    d = docx.Document()
    for line in (
        "หนังสือคำขอใบรับรองการจัดตั้งกลุ่มส่งเสริมอาชีพการเกษตร",
        "ชื่อกลุ่ม " + HERB,
        "ที่ตั้ง หมู่ที่ 7 ตำบลท่าพระ อำเภอเมืองขอนแก่น จังหวัดขอนแก่น",
        "มีสมาชิกทั้งหมด 12 คน แยกเป็น ชาย 5 คน หญิง 7 คน",
    ):
        d.add_paragraph(line)
    d.save(str(b / "คำขอ.docx"))
    return b, Expect([], 12, 3)


def _word_table(
    path: Path, title: str, header: Sequence[str], rows: Sequence[Sequence[str]]
) -> None:
    d = docx.Document()
    d.add_paragraph(title)
    tb = d.add_table(rows=1, cols=len(header))
    for c, h in zip(tb.rows[0].cells, header, strict=True):
        c.text = h
    for row in rows:
        for c, v in zip(tb.add_row().cells, row, strict=True):
            c.text = v
    d.save(str(path))


def xlsx_request_fields_across_columns(root: Path) -> tuple[Path, Expect]:
    """An Excel request: the name merged over B:F, เลขที่ | 45 | หมู่ที่ | 7 | ตำบล | ท่าพระ on one row."""
    b = root / "AA"
    five(b, HERB, 12)
    (b / "คำขอ.docx").unlink()
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["แบบคำขอใบรับรองการจัดตั้งกลุ่มส่งเสริมอาชีพการเกษตร"])
    ws.append(["ชื่อกลุ่ม", HERB])
    ws.merge_cells("B2:F2")
    ws.append(["เลขที่", "45", "หมู่ที่", "7", "ตำบล", "ท่าพระ"])
    ws.append(["อำเภอ", "เมืองขอนแก่น", "จังหวัด", "ขอนแก่น"])
    ws.append(["จำนวนสมาชิก", 12, "ราย"])
    wb.save(str(b / "คำขอ.xlsx"))
    return b, Expect([], 12, 3, subdistrict_code="400104", docs={"คำขอ.xlsx": "request_form"})


def committee_duty_column(root: Path) -> tuple[Path, Expect]:
    """A committee table whose post column is headed หน้าที่, not ตำแหน่ง."""
    b = root / "AB"
    five(b, HERB, 12, committee=False)
    rows = [(str(i), full(p), pos) for i, (p, pos) in enumerate(KEYS3, 1)]
    _word_table(b / "กรรมการ.docx", "รายชื่อคณะกรรมการ", ["ที่", "ชื่อ-สกุล", "หน้าที่"], rows)
    return b, Expect([], 12, 3)


def committee_name_and_post_in_one_cell(root: Path) -> tuple[Path, Expect]:
    """A committee table with one cell per person: `นายสมชาย ใจดี ประธาน`."""
    b = root / "AC"
    five(b, HERB, 12, committee=False)
    rows = [(str(i), f"{full(p)} {pos}") for i, (p, pos) in enumerate(KEYS3, 1)]
    _word_table(b / "กรรมการ.docx", "รายชื่อคณะกรรมการ", ["ที่", "ชื่อ-สกุล/ตำแหน่ง"], rows)
    return b, Expect([], 12, 3)


def applicants_count_differs(root: Path) -> tuple[Path, Expect]:
    """The request says ผู้ขอจัดตั้งกลุ่มจำนวน 14 ราย; the roster has 12."""
    b = root / "AD"
    five(b, HERB, 12)
    d = docx.Document()
    for line in (
        "หนังสือคำขอใบรับรองการจัดตั้งกลุ่ม",
        "ชื่อกลุ่ม " + HERB,
        "ที่ตั้ง หมู่ที่ 7 ตำบลท่าพระ อำเภอเมืองขอนแก่น จังหวัดขอนแก่น",
        "ผู้ขอจัดตั้งกลุ่มจำนวน 14 ราย",
    ):
        d.add_paragraph(line)
    d.save(str(b / "คำขอ.docx"))
    return b, Expect([("MEMBER_COUNT_MISMATCH", "")], 12, 3)


def plan_details_column(root: Path) -> tuple[Path, Expect]:
    """A plan table headed ลำดับ | รายละเอียด | ช่วงเวลา | ผู้รับผิดชอบ."""
    b = root / "AE"
    five(b, HERB, 12)
    (b / "แผน.docx").unlink()
    rows = [("1", "ปลูกสมุนไพร", "ต.ค. 69", "ประธาน")]
    _word_table(
        b / "แผนงาน.docx", "แผนงานของกลุ่ม", ["ลำดับ", "รายละเอียด", "ช่วงเวลา", "ผู้รับผิดชอบ"], rows
    )
    return b, Expect([], 12, 3)


def minutes_beside_the_five(root: Path) -> tuple[Path, Expect]:
    """Meeting minutes with the attendees' table and the committee elected, beside the five:
    one UNKNOWN_DOCUMENT warning, the attendees are no second roster."""
    b = root / "AF"
    five(b, HERB, 12)
    d = docx.Document()
    d.add_paragraph("บันทึกการประชุมจัดตั้ง" + HERB)
    d.add_paragraph("ผู้มาประชุม")
    tb = d.add_table(rows=1, cols=3)
    for c, h in zip(tb.rows[0].cells, ["ที่", "ชื่อ-สกุล", "ลายมือชื่อ"], strict=True):
        c.text = h
    for i, p in enumerate(P[:12], 1):
        cells = tb.add_row().cells
        cells[0].text, cells[1].text = str(i), full(p)
    d.add_paragraph("ที่ประชุมมีมติเลือกคณะกรรมการดังนี้")
    for i, (p, pos) in enumerate(KEYS3, 1):
        d.add_paragraph(f"{i}. {full(p)} {pos}")
    d.save(str(b / "บันทึกการประชุม.docx"))
    return b, Expect([("UNKNOWN_DOCUMENT", "")], 12, 3, docs={"บันทึกการประชุม.docx": "unknown"})


def committee_post_above_name_in_cell(root: Path) -> tuple[Path, Expect]:
    """A committee table without a ตำแหน่ง column: each name cell holds the post, then the name."""
    b = root / "AG"
    five(b, HERB, 12, committee=False)
    rows = [(str(i), f"{pos}\n{full(p)}") for i, (p, pos) in enumerate(KEYS3, 1)]
    _word_table(b / "กรรมการ.docx", "รายชื่อคณะกรรมการ", ["ลำดับ", "ชื่อ-สกุล"], rows)
    return b, Expect([], 12, 3)


def committee_chart_grid(root: Path) -> tuple[Path, Expect]:
    """โครงสร้างคณะกรรมการ drawn as a grid: posts in one row, the names under them; and a
    second chart with name and post in one cell. A missing treasurer is still found."""
    b = root / "AH"
    five(b, HERB, 12, committee=False)
    d = docx.Document()
    d.add_paragraph("โครงสร้างคณะกรรมการกลุ่ม")
    tb = d.add_table(rows=2, cols=3)
    for j, (p, pos) in enumerate([(P[0], "ประธาน"), (P[1], "รองประธาน"), (P[2], "เลขานุการ")]):
        tb.rows[0].cells[j].text = pos
        tb.rows[1].cells[j].text = full(p)
    tb = d.add_table(rows=1, cols=2)
    for j, (p, pos) in enumerate([(P[3], "ผู้ช่วยเหรัญญิก"), (P[4], "กรรมการ")]):
        tb.rows[0].cells[j].text = f"{full(p)}\n{pos}"
    d.save(str(b / "คณะกรรมการ.docx"))
    return b, Expect([("COMMITTEE_ROLE_MISSING", "treasurer")], 12, 5)


def word_list_formatting(root: Path) -> tuple[Path, Expect]:
    """Bylaws, plan and committee typed as Word bullet/numbered lists: the numbers and
    bullets are formatting, not text."""
    b = root / "AI"
    five(b, HERB, 12, committee=False)
    d = docx.Document()
    d.add_paragraph("ข้อบังคับ" + HERB)
    for text in BYLAW_CLAUSES.values():
        d.add_paragraph(text.format(group=HERB), style="List Number")
    d.save(str(b / "ข้อบังคับ.docx"))
    d = docx.Document()
    d.add_paragraph("แผนงาน/กิจกรรมของกลุ่ม")
    for a in ("ปลูกสมุนไพรในแปลงรวม", "อบรมการแปรรูปสมุนไพร"):
        d.add_paragraph(a, style="List Bullet")
    d.save(str(b / "แผน.docx"))
    d = docx.Document()
    d.add_paragraph("รายชื่อคณะกรรมการ")
    for p, pos in KEYS3:
        d.add_paragraph(f"{full(p)}   ตำแหน่ง {pos}", style="List Number")
    d.save(str(b / "กรรมการ.docx"))
    return b, Expect([], 12, 3)


def plan_with_title_and_signature_only(root: Path) -> tuple[Path, Expect]:
    """A plan file with its title, the year, and the chair's signature: no activity."""
    b = root / "AJ"
    five(b, HERB, 12)
    d = docx.Document()
    for line in (
        "แผนงาน/กิจกรรมของกลุ่ม",
        HERB,
        "ปีงบประมาณ 2570",
        "ลงชื่อ ..............................",
        "นายสมชาย ใจดี",
        "ประธานกลุ่ม",
        "วันที่ 1 ตุลาคม 2569",
    ):
        d.add_paragraph(line)
    d.save(str(b / "แผน.docx"))
    return b, Expect([("ACTIVITY_PLAN_EMPTY", "")], 12, 3)


def cp874_csv_request_thai_digits(root: Path) -> tuple[Path, Expect]:
    """A request saved as a cp874 CSV, values in Thai digits, stating ๑๔ members (12 listed)."""
    b = root / "AK"
    five(b, HERB, 12)
    (b / "คำขอ.docx").unlink()
    with (b / "แบบคำขอ.csv").open("w", encoding="cp874", newline="") as fh:
        w = csv.writer(fh)
        for label, value in REQUEST_FIELDS:
            w.writerow([label, value.format(group=HERB, count=14).translate(THAI)])
    return b, Expect(
        [("MEMBER_COUNT_MISMATCH", "")],
        12,
        3,
        subdistrict_code="400104",
        docs={"แบบคำขอ.csv": "request_form"},
    )


def files_named_by_the_scanner(root: Path) -> tuple[Path, Expect]:
    """The five files named scan01 … scan05: only their content tells what they are."""
    b = root / "AL"
    five(b, HERB, 12)
    kinds = {
        "กรรมการ.docx": "committee_list",
        "ข้อบังคับ.docx": "bylaws",
        "คำขอ.docx": "request_form",
        "สมาชิก.xlsx": "member_roster",
        "แผน.docx": "activity_plan",
    }
    docs = {}
    for i, f in enumerate(sorted(b.iterdir()), 1):
        new = f"scan{i:02d}{f.suffix}"
        docs[new] = kinds[f.name]
        f.rename(b / new)
    return b, Expect([], 12, 3, docs=docs)


def hidden_old_sheet(root: Path) -> tuple[Path, Expect]:
    """The roster workbook keeps last year's list on a hidden sheet (other people, one of them
    twice): the officer sees and counts the visible sheet only."""
    b = root / "AM"
    five(b, HERB, 12)
    wb = openpyxl.load_workbook(b / "สมาชิก.xlsx")
    old = wb.create_sheet("รายชื่อเดิม")
    old.append(["ลำดับ", "ชื่อ-สกุล", "เลขประจำตัวประชาชน", "ตำบล", "อำเภอ", "จังหวัด"])
    for i, p in enumerate([("นาย", "ประยูร", "นอกบัญชี"), ("นาง", "สมพร", "เก่าแก่")] * 2, 1):
        old.append([i, full(p), pid(90 + i % 2, 73), *ADDR])
    old.sheet_state = "hidden"
    wb.save(str(b / "สมาชิก.xlsx"))
    return b, Expect([], 12, 3)


def spouse_column(root: Path) -> tuple[Path, Expect]:
    """A roster with a ชื่อคู่สมรส column and a header typed over two lines in its cell."""
    b = root / "AN"
    five(b, HERB, 12, roster=False)
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(
        ["ลำดับ\nที่", "ชื่อ - สกุล\n(ตัวบรรจง)", "ชื่อคู่สมรส", "เลขประจำตัวประชาชน\n13 หลัก", "ตำบล", "อำเภอ"]
    )
    for i, p in enumerate(P[:12], 1):
        ws.append(
            [i, full(p), "นางสมศรี ใจงาม" if i % 2 else "-", pid(i, 74), "ท่าพระ", "เมืองขอนแก่น"]
        )
    wb.save(str(b / "สมาชิก.xlsx"))
    return b, Expect([], 12, 3)


def group_subdistrict_only(root: Path) -> tuple[Path, Expect]:
    """The request gives only หมู่ที่ 2 ตำบลในเมือง (a name 22 subdistricts share); the members
    live in ต.ในเมือง อ.เมืองขอนแก่น, two in อ.บ้านฝาง: the group is read where its members are,
    and the two are outside its district."""
    b = root / "AO"
    five(b, HERB, 12, roster=False)
    d = docx.Document()
    d.add_paragraph("แบบคำขอใบรับรองการจัดตั้งกลุ่ม")
    d.add_paragraph("ชื่อกลุ่ม " + HERB)
    d.add_paragraph("ที่ตั้ง หมู่ที่ 2 ตำบลในเมือง")
    d.add_paragraph("จำนวนสมาชิก 12 ราย")
    d.save(str(b / "คำขอ.docx"))
    with (b / "สมาชิก.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["ลำดับ", "ชื่อ-สกุล", "เลขประจำตัวประชาชน", "ที่อยู่"])
        for i, p in enumerate(P[:12], 1):
            home = "ต.บ้านฝาง อ.บ้านฝาง จ.ขอนแก่น" if i in (4, 8) else "ต.ในเมือง อ.เมืองขอนแก่น จ.ขอนแก่น"
            w.writerow([i, full(p), pid(i, 75), f"{i} ม.2 {home}"])
    return b, Expect(
        [("MEMBER_OUTSIDE_AREA", ""), ("MEMBER_OUTSIDE_AREA", "")],
        12,
        3,
        subdistrict="ในเมือง",
        subdistrict_code="400101",
    )


CASES: list[Callable[[Path], tuple[Path, Expect]]] = [
    request_as_xlsx,
    request_as_csv_with_wrong_count,
    request_dotted_leaders,
    committee_in_roster_only,
    committee_in_roster_without_treasurer,
    formulas_apostrophes_numbers_row,
    apostrophe_csv_ids,
    third_sheet_hidden_columns,
    sheet_per_village,
    duplicates_by_name_and_id_forms,
    same_id_typed_two_ways,
    committee_titles_nicknames,
    committee_surname_missing,
    group_name_variants,
    group_name_really_different,
    bylaws_other_phrasings,
    plan_budget_table_only,
    plan_single_activity_in_text,
    plan_blank_template,
    neighbours_and_repeated_names,
    roster_in_two_shapes,
    cached_formulas_200_members,
    committee_as_chart,
    committee_dotted_and_colon,
    word_roster_numbered_columns,
    bylaws_as_table,
    married_names_are_two_people,
    xlsx_request_label_and_value_in_one_cell,
    bylaws_title_with_address,
    csv_with_sep_line,
    nickname_and_community_post_columns,
    committee_post_first_one_person_twice,
    quoted_group_name,
    count_with_sexes,
    xlsx_request_fields_across_columns,
    committee_duty_column,
    committee_name_and_post_in_one_cell,
    applicants_count_differs,
    plan_details_column,
    minutes_beside_the_five,
    committee_post_above_name_in_cell,
    committee_chart_grid,
    word_list_formatting,
    plan_with_title_and_signature_only,
    cp874_csv_request_thai_digits,
    files_named_by_the_scanner,
    hidden_old_sheet,
    spouse_column,
    group_subdistrict_only,
]


@pytest.mark.parametrize("case", CASES, ids=[c.__name__ for c in CASES])
def test_redteam2_bundle(case: Callable[[Path], tuple[Path, Expect]], tmp_path: Path) -> None:
    path, want = case(tmp_path)
    code, report = check_json(path)
    assert finding_codes(report) == Counter(want.findings), report["findings"]
    complete = not any(c in ERRORS for c, _ in want.findings)
    assert report["complete"] is complete
    assert code == (0 if complete else 1)
    assert report["group"]["members"] == want.members
    assert report["group"]["committee"] == want.committee
    assert report["group"]["subdistrict"] == want.subdistrict
    if want.name:
        assert report["group"]["name"] == want.name
    if want.subdistrict_code:
        assert report["group"]["subdistrict_code"] == want.subdistrict_code
    kinds = {d["file"]: d["kind"] for d in report["documents"]}
    for file, kind in want.docs.items():
        assert kinds.get(file) == kind, kinds


def test_a_200_member_roster_is_checked_fast(tmp_path: Path) -> None:
    path, want = cached_formulas_200_members(tmp_path)
    check_json(path)  # warm the place tables
    times = []
    for _ in range(3):
        start = time.perf_counter()
        _code, report = check_json(path)
        times.append(time.perf_counter() - start)
    assert report["group"]["members"] == want.members
    assert sorted(times)[1] < 1.5  # measured 0.08 s on the build machine
