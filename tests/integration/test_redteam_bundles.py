"""Red team: `docgen check --json` on bundles typed as offices type them, not as the samples are.

Each case writes its bundle under tmp_path; the expected findings were decided from
CONTRACT.md and DOMAIN.md before the checker was run on it.
"""

from __future__ import annotations

import csv
import json
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import docx
import openpyxl
import pytest
from typer.testing import CliRunner

from docgen.cli import app
from tests.integration.redteam_support import (
    PEOPLE,
    THAI,
    bad_pid,
    bylaws_dotted,
    bylaws_hmuad,
    check_json,
    committee_lines,
    committee_table,
    dashed,
    finding_codes,
    full,
    letter_request,
    pid,
    plan_lines,
    plan_months,
    print_to_pdf,
    roster_csv_semicolon,
    roster_docx,
    roster_xlsx_english,
    spaced,
    table_request,
)

P = PEOPLE
EGGS = "กลุ่มเลี้ยงไก่ไข่บ้านหนองแวง"
VEG = "กลุ่มปลูกผักปลอดสารบ้านโคก"
SILK = "กลุ่มทอผ้าไหมบ้านดอนหัน"
ACTS = ["เลี้ยงไก่ไข่", "ผลิตอาหารสัตว์ใช้เอง", "จำหน่ายไข่ไก่ในตลาดชุมชน"]
KEYS3 = [(P[0], "ประธาน"), (P[2], "เลขานุการ"), (P[3], "เหรัญญิก")]
runner = CliRunner()


@dataclass
class Expect:
    findings: list[tuple[str, str]]
    members: int
    committee: int
    subdistrict: str = "ท่าพระ"
    docs: dict[str, str] = field(default_factory=dict)
    says: list[str] = field(default_factory=list)  # words some finding's message must use

    @property
    def complete(self) -> bool:
        return not any(code in _ERRORS for code, _ in self.findings)


_ERRORS = {
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


def letter_xlsx_clean(root: Path) -> tuple[Path, Expect]:
    """A letter, ข้อบังคับ under หมวด with ข้อ ๑, committee lines, an English-header XLSX roster
    with float IDs, a header over two rows, blank numbered rows and notes; a month-column plan."""
    b = root / "A"
    b.mkdir()
    letter_request(b / "หนังสือ.docx", EGGS, 12)
    bylaws_hmuad(b / "ข้อบังคับ.docx", EGGS)
    committee_lines(b / "กรรมการ.docx", KEYS3)
    roster_xlsx_english(b / "members.xlsx", P[:12], [pid(i) for i in range(12)])
    plan_months(b / "แผน.docx", ACTS)
    return b, Expect(
        [],
        members=12,
        committee=3,
        docs={"members.xlsx": "member_roster", "หนังสือ.docx": "request_form"},
    )


def table_form_csv_defects(root: Path) -> tuple[Path, Expect]:
    """Label/value table with Thai digits, ระเบียบ without resignation but with a removal clause
    saying ลาออก, long posts in a committee table, a semicolon CSV with spaced IDs, one bad
    check digit, one person twice, a committee member not on the roster."""
    b = root / "B"
    b.mkdir()
    table_request(b / "คำขอ.docx", VEG, "๑๕")
    bylaws_dotted(b / "ระเบียบ.docx", "ระเบียบกลุ่มปลูกผักปลอดสารบ้านโคก", drop=frozenset({"resignation"}))
    seats = [
        (P[0], "ประธานกลุ่ม"),
        (P[1], "รองประธานคนที่ 1"),
        (P[2], "เลขานุการกลุ่ม"),
        (P[3], "เหรัญญิก/บัญชี"),
        (P[4], "กรรมการ/ประชาสัมพันธ์"),
        (P[5], "ผู้ช่วยเลขานุการ"),
        (("นาย", "ประยูร", "นอกบัญชี"), "กรรมการ"),
        (("นาย", "ผู้ใหญ่", "บ้านโคก"), "ที่ปรึกษา"),
    ]
    committee_table(b / "คณะกรรมการ.docx", seats)
    ids = [pid(i) for i in range(12)]
    ids[4] = bad_pid(4)
    roster_csv_semicolon(b / "สมาชิก.csv", [*P[:12], P[7]], [*ids, ids[7]])
    plan_lines(b / "แผนงาน.docx", ACTS)
    return b, Expect(
        [
            ("MEMBER_COUNT_MISMATCH", ""),
            ("BYLAWS_TOPIC_MISSING", "resignation"),
            ("INVALID_NATIONAL_ID", ""),
            ("DUPLICATE_MEMBER", ""),
            ("COMMITTEE_NOT_MEMBER", ""),
        ],
        members=12,
        committee=7,
    )


def windows_zip(root: Path) -> tuple[Path, Expect]:
    """A ZIP with cp874 names and no UTF-8 flag, a photo and a note beside the five; a letter in
    Thai digits, ข้อตกลง without a term clause, ผู้ช่วยเหรัญญิก as the only treasurer-like post,
    a Word roster with Thai-digit IDs and one member without an ID."""
    src = root / "src"
    src.mkdir()
    letter_request(src / "1.หนังสือขอรับรอง.docx", EGGS, "๑๑", thai_digits=True)
    bylaws_hmuad(src / "2.ข้อตกลงกลุ่ม.docx", EGGS, thai=False, drop=frozenset({"term"}))
    committee_lines(
        src / "3.คณะกรรมการ.docx",
        [(P[0], "ประธานกรรมการ"), (P[1], "ผู้ช่วยเหรัญญิก"), (P[2], "เลขานุการ")],
    )
    ids = [pid(i) for i in range(11)]
    ids[10] = ""
    roster_docx(src / "4.รายชื่อสมาชิก.docx", P[:11], ids)
    plan_months(src / "5.แผน.docx", ACTS[:1])
    (src / "รูปถ่าย.jpg").write_bytes(b"\xff\xd8\xff\xe0" + b"\0" * 64)
    (src / "หมายเหตุ.txt").write_text("ส่งเอกสารครบแล้ว", encoding="utf-8")
    out = root / "เอกสาร กลุ่ม.zip"
    with out.open("wb") as raw, zipfile.ZipFile(raw, "w") as z:
        for f in sorted(src.iterdir()):
            info = zipfile.ZipInfo("เอกสารกลุ่ม/" + f.name)
            z.writestr(info, f.read_bytes())
    _recode_zip_names_cp874(out)
    return out, Expect(
        [
            ("UNREADABLE_FILE", ""),  # a photo: a kind the project cannot read
            ("UNKNOWN_DOCUMENT", ""),
            ("COMMITTEE_ROLE_MISSING", "treasurer"),
            ("BYLAWS_TOPIC_MISSING", "term"),
        ],
        members=11,
        committee=3,
        docs={"เอกสารกลุ่ม/4.รายชื่อสมาชิก.docx": "member_roster", "เอกสารกลุ่ม/หมายเหตุ.txt": "unknown"},
    )


class _Cp874Name(zipfile.ZipInfo):
    """An entry named as Windows Explorer on a Thai system names it: cp874, no UTF-8 flag."""

    def _encodeFilenameFlags(self) -> tuple[bytes, int]:
        return self.filename.encode("cp874"), self.flag_bits & ~0x800


def _recode_zip_names_cp874(path: Path) -> None:
    """Rewrite a ZIP with its entry names in cp874 and no UTF-8 flag."""
    with zipfile.ZipFile(path) as z:
        entries = [(i.filename, z.read(i)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w") as z:
        for name, data in entries:
            z.writestr(_Cp874Name(name), data)
    with zipfile.ZipFile(path) as z:
        assert all(not (i.flag_bits & 0x800) for i in z.infolist())
        assert "เอกสารกลุ่ม/หมายเหตุ.txt" not in z.namelist()  # cp437 reading garbles them


def two_sheet_roster(root: Path) -> tuple[Path, Expect]:
    """A roster over two sheets (the second with its own header), a committee with long posts."""
    b = root / "D"
    b.mkdir()
    table_request(b / "คำขอ.docx", EGGS, "13")
    bylaws_hmuad(b / "ข้อบังคับ.docx", EGGS)
    seats = [
        (P[0], "ประธานกลุ่ม"),
        (P[1], "รองประธานคนที่ 1"),
        (P[2], "เลขานุการกลุ่ม"),
        (P[3], "เหรัญญิก/บัญชี"),
    ]
    committee_table(b / "คณะกรรมการ.docx", seats)
    roster_xlsx_english(b / "สมาชิก.xlsx", P[:13], [pid(i) for i in range(13)], two_sheets=True)
    plan_lines(b / "แผน.docx", ACTS)
    return b, Expect([], members=13, committee=4)


def one_file_all_five(root: Path, *, defects: bool = False) -> tuple[Path, Expect]:
    """All five documents in one Word file, page after page."""
    b = root / ("E2" if defects else "E")
    b.mkdir()
    group = "กลุ่มปลูกผักปลอดภัยบ้านท่าพระ"
    d = docx.Document()
    for line in ("หนังสือขอใบรับรองการจัดตั้งกลุ่มส่งเสริมอาชีพการเกษตร", "ชื่อกลุ่ม " + group):
        d.add_paragraph(line)
    d.add_paragraph("ที่ตั้ง หมู่ที่ 4 ตำบลท่าพระ อำเภอเมืองขอนแก่น จังหวัดขอนแก่น")
    d.add_paragraph("จำนวนสมาชิก 11 ราย")
    d.add_page_break()
    d.add_paragraph("ข้อบังคับ" + group)
    clauses = [
        "กลุ่มมีวัตถุประสงค์เพื่อปลูกผักปลอดภัยจำหน่าย",
        "ผู้สมัครเป็นสมาชิกต้องอยู่ในตำบลท่าพระ",
        "สมาชิกภาพสิ้นสุดลงเมื่อ ตาย ลาออก หรือถูกให้ออก",
        "สมาชิกถือหุ้นคนละไม่น้อยกว่า 1 หุ้น หุ้นละ 100 บาท",
        "เงินของกลุ่มให้ฝากธนาคาร",
        "ที่ประชุมใหญ่เลือกตั้งคณะกรรมการ",
        "กรรมการมีวาระการดำรงตำแหน่ง 2 ปี",
        "กรรมการพ้นจากตำแหน่งเมื่อ ลาออก หรือตาย",
    ]
    if defects:
        clauses.remove("กรรมการมีวาระการดำรงตำแหน่ง 2 ปี")
    for i, text in enumerate(clauses, 1):
        d.add_paragraph(f"ข้อ {i} {text}")
    d.add_page_break()
    d.add_paragraph("รายชื่อคณะกรรมการ")
    tb = d.add_table(rows=1, cols=3)
    for c, h in zip(tb.rows[0].cells, ["ลำดับ", "ชื่อ-สกุล", "ตำแหน่ง"], strict=True):
        c.text = h
    seats = [(P[0], "ประธาน"), (P[1], "เลขานุการ"), (P[2], "ผู้ช่วยเหรัญญิก" if defects else "เหรัญญิก")]
    for i, (p, pos) in enumerate(seats, 1):
        cells = tb.add_row().cells
        cells[0].text, cells[1].text, cells[2].text = str(i), full(p), pos
    d.add_page_break()
    d.add_paragraph("บัญชีรายชื่อสมาชิก")
    tb = d.add_table(rows=1, cols=4)
    for c, h in zip(tb.rows[0].cells, ["ลำดับ", "ชื่อ-สกุล", "เลขประจำตัวประชาชน", "ที่อยู่"], strict=True):
        c.text = h
    for i, p in enumerate(P[:11], 1):
        cells = tb.add_row().cells
        cells[0].text, cells[1].text = str(i), full(p)
        cells[2].text = bad_pid(i, 3) if defects and i == 4 else pid(i, 3)
        cells[3].text = f"{i} ม.4 ต.ท่าพระ อ.เมืองขอนแก่น จ.ขอนแก่น"
    d.add_page_break()
    d.add_paragraph("แผนงาน/กิจกรรม")
    tb = d.add_table(rows=1, cols=3)
    for c, h in zip(tb.rows[0].cells, ["ที่", "กิจกรรม", "ระยะเวลา"], strict=True):
        c.text = h
    for i, a in enumerate(["ปลูกผักปลอดภัย", "ทำปุ๋ยหมักชีวภาพ"], 1):
        cells = tb.add_row().cells
        cells[0].text, cells[1].text, cells[2].text = str(i), a, "ต.ค. 69 - ก.ย. 70"
    d.save(str(b / "เอกสารขอจัดตั้งกลุ่ม.docx"))
    if defects:
        found = [
            ("BYLAWS_TOPIC_MISSING", "term"),
            ("COMMITTEE_ROLE_MISSING", "treasurer"),
            ("INVALID_NATIONAL_ID", ""),
        ]
        return b, Expect(found, members=11, committee=3)
    return b, Expect([], members=11, committee=3)


def one_file_all_five_defects(root: Path) -> tuple[Path, Expect]:
    """All five in one Word file, with a clause, the treasurer and one ID check digit wrong."""
    return one_file_all_five(root, defects=True)


def cp874_csv_places(root: Path) -> tuple[Path, Expect]:
    """A cp874 CSV with a title row and a total row: an ID Excel turned into 3.40011E+12, a
    member in another district, an address without level words."""
    b = root / "F"
    b.mkdir()
    group = "กลุ่มปลูกผักปลอดภัยบ้านท่าพระ"
    table_request(b / "คำขอ.docx", group, "12")
    bylaws_hmuad(b / "ข้อบังคับ.docx", group)
    committee_lines(
        b / "กรรมการ.docx",
        [(P[0], "ประธาน"), (P[1], "เลขานุการ"), (P[2], "เหรัญญิก"), (P[3], "กรรมการ")],
    )
    with (b / "รายชื่อสมาชิก.csv").open("w", encoding="cp874", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["รายชื่อสมาชิก" + group, "", "", "", ""])
        w.writerow(["ที่", "ชื่อ - นามสกุล", "เลขบัตรประจำตัวประชาชน", "ที่อยู่", "โทรศัพท์"])
        for i, p in enumerate(P[:12], 1):
            id_ = "3.40011E+12" if i == 3 else pid(i, 5)
            if i == 7:
                id_ = "3-4001-00xxx-xx-1"  # masked as lists are, then typed into the roster
            addr = f"{i} ม.2 ต.ท่าพระ อ.เมืองขอนแก่น จ.ขอนแก่น"
            if i == 5:
                addr = "7 หมู่ 1 ต.โนนทอง อ.หนองเรือ จ.ขอนแก่น"
            if i == 6:
                addr = "15 ท่าพระ เมืองขอนแก่น ขอนแก่น"
            w.writerow([str(i), full(p), id_, addr, "081-234-5678"])
        w.writerow(["", "รวม 12 คน", "", "", ""])
    plan_months(b / "แผนปฏิบัติงาน.docx", ACTS)
    return b, Expect(
        [("INVALID_NATIONAL_ID", ""), ("INVALID_NATIONAL_ID", ""), ("MEMBER_OUTSIDE_AREA", "")],
        members=12,
        committee=4,
        says=["ยกกำลัง", "ปิดบัง", "หนองเรือ"],
    )


def club_small_committee(root: Path) -> tuple[Path, Expect]:
    """A ชมรม, not a กลุ่ม; two committee members, one holding เลขานุการและเหรัญญิก; an empty plan table."""
    b = root / "G"
    b.mkdir()
    club = "ชมรมผู้เลี้ยงโคบ้านนา"
    table_request(b / "คำขอ.docx", club, "10")
    bylaws_dotted(b / "ข้อตกลง.docx", "ข้อตกลง" + club)
    d = docx.Document()
    d.add_paragraph("รายชื่อคณะกรรมการ")
    d.add_paragraph("1. นาย  สมชาย     ใจดี   ตำแหน่ง ประธาน")
    d.add_paragraph("2. นางบุญเรือน  ศรีวงศ์ ตำแหน่ง เลขานุการและเหรัญญิก")
    d.save(str(b / "คณะกรรมการ.docx"))
    roster_docx(b / "สมาชิก.docx", P[:10], [pid(i, 9) for i in range(10)])
    d = docx.Document()
    d.add_paragraph("แผนงาน/กิจกรรมของกลุ่ม")
    tb = d.add_table(rows=2, cols=3)
    for c, h in zip(tb.rows[0].cells, ["ลำดับ", "กิจกรรม", "ระยะเวลา"], strict=True):
        c.text = h
    d.save(str(b / "แผนงาน.docx"))
    return b, Expect(
        [("GROUP_NAME_PREFIX", ""), ("COMMITTEE_TOO_SMALL", ""), ("ACTIVITY_PLAN_EMPTY", "")],
        members=10,
        committee=2,
    )


def bylaws_subitems_trap(root: Path) -> tuple[Path, Expect]:
    """ข้อ ๑ alone on its line, sub-items (๑) (๒) on their own lines, and only a committee
    removal clause that says ลาออก: the members' resignation topic is missing."""
    b = root / "J"
    b.mkdir()
    table_request(b / "คำขอ.docx", SILK, "10")
    d = docx.Document()
    d.add_paragraph("ข้อตกลงของ" + SILK)
    for line in (
        "ข้อ ๑",
        "กลุ่มนี้ดำเนินกิจกรรมทอผ้าไหมและจำหน่ายผลิตภัณฑ์",
        "ข้อ ๒ การรับสมาชิก",
        "(๑) เป็นผู้มีภูมิลำเนาในตำบล",
        "(๒) ยื่นใบสมัครต่อคณะกรรมการ",
        "ข้อ ๓ สมาชิกต้องลงหุ้นอย่างน้อยคนละ ๑๐ หุ้น",
        "ข้อ ๔ การเงินของกลุ่มให้เหรัญญิกเป็นผู้รับผิดชอบ จัดทำบัญชีรายรับรายจ่าย",
        "ข้อ ๕ ให้สมาชิกเลือกตั้งคณะกรรมการในที่ประชุมใหญ่",
        "ข้อ ๖ คณะกรรมการมีวาระ ๒ ปี",
        "ข้อ ๗ การพ้นจากตำแหน่งของกรรมการ",
        "กรรมการพ้นจากตำแหน่งเมื่อ",
        "(๑) ตาย",
        "(๒) ลาออก",
        "(๓) ขาดจากสมาชิกภาพ",
    ):
        d.add_paragraph(line)
    d.save(str(b / "ข้อตกลงกลุ่ม.docx"))
    committee_table(b / "คณะกรรมการ.docx", KEYS3)
    roster_docx(b / "สมาชิก.docx", P[:10], [pid(i, 11) for i in range(10)])
    plan_lines(b / "แผน.docx", ACTS)
    return b, Expect([("BYLAWS_TOPIC_MISSING", "resignation")], members=10, committee=3)


def tab_csv_duplicate_by_id(root: Path) -> tuple[Path, Expect]:
    """A tab CSV with Thai-digit IDs, น.ส. for นางสาว, the same person again by ID, blank numbered rows."""
    b = root / "M"
    b.mkdir()
    table_request(b / "คำขอ.docx", SILK, "12")
    bylaws_hmuad(b / "ข้อบังคับ.docx", SILK)
    committee_lines(b / "กรรมการ.docx", [(P[0], "ประธาน"), (P[1], "เลขานุการ"), (P[2], "เหรัญญิก")])
    people = [*P[:12], ("น.ส.", "ลำดวน", "พรมมา")]
    ids = [pid(i, 12) for i in range(12)] + [pid(2, 12)]
    with (b / "สมาชิก.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter="\t")
        w.writerow(
            ["ลำดับ", "คำนำหน้าชื่อ", "ชื่อ", "สกุล", "เลขประจำตัวประชาชน", "ตำบล", "อำเภอ", "จังหวัด"]
        )
        for i, (p, id_) in enumerate(zip(people, ids, strict=True), 1):
            w.writerow([i, *p, id_.translate(THAI), "ท่าพระ", "เมืองขอนแก่น", "ขอนแก่น"])
        for k in range(14, 20):
            w.writerow([k, "", "", "", "", "", "", ""])
    plan_months(b / "แผน.docx", ACTS)
    return b, Expect([("DUPLICATE_MEMBER", "")], members=12, committee=3)


def merged_header_xlsx(root: Path) -> tuple[Path, Expect]:
    """XLSX roster with merged two-row headers, IDs spaced as text or as numbers in scientific
    format; an XLSX committee where ผู้ช่วยเหรัญญิก is the only treasurer-like post."""
    b = root / "N"
    b.mkdir()
    table_request(b / "คำขอ.docx", SILK, "11")
    bylaws_hmuad(b / "ข้อบังคับ.docx", SILK)
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["รายชื่อคณะกรรมการ" + SILK])
    ws.append(["ลำดับ", "ชื่อ-สกุล", "ตำแหน่ง"])
    posts = ["ประธานกรรมการ", "รองประธานกรรมการ", "ผู้ช่วยเหรัญญิก", "กรรมการและเลขานุการ"]
    for i, (p, pos) in enumerate(zip(P, posts, strict=False), 1):
        ws.append([i, full(p), pos])
    wb.save(str(b / "คณะกรรมการ.xlsx"))
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["ทะเบียนสมาชิก" + SILK])
    ws.append(["ลำดับที่", "ชื่อ - นามสกุล", None, "เลขบัตรประชาชน", "ที่อยู่", None, None, None])
    ws.append([None, "ชื่อ", "นามสกุล", None, "บ้านเลขที่", "หมู่ที่", "ตำบล", "อำเภอ"])
    for rng in ("B2:C2", "E2:H2", "A2:A3", "D2:D3"):
        ws.merge_cells(rng)
    for i, p in enumerate(P[:11], 1):
        id_ = pid(i, 13)
        ws.append(
            [
                i,
                f"{p[0]}{p[1]}",
                p[2],
                spaced(id_) if i % 2 else int(id_),
                f"{i}/1",
                5,
                "ท่าพระ",
                "เมืองขอนแก่น",
            ]
        )
        if not i % 2:
            ws.cell(ws.max_row, 4).number_format = "0.00E+00"
    wb.save(str(b / "ทะเบียนสมาชิก.xlsx"))
    plan_months(b / "แผนงาน.docx", ACTS)
    return b, Expect([("COMMITTEE_ROLE_MISSING", "treasurer")], members=11, committee=4)


def signature_column_csv(root: Path) -> tuple[Path, Expect]:
    """A CSV roster with a ลายมือชื่อ column holding "(ลงชื่อ)" on every row, ranks and
    spaced prefixes (ว่าที่ ร.ต., จ.ส.อ., นาย สมชาย), one name with no prefix, dashed IDs."""
    b = root / "S"
    b.mkdir()
    table_request(b / "คำขอ.docx", EGGS, "12")
    bylaws_hmuad(b / "ข้อบังคับ.docx", EGGS)
    committee_lines(b / "กรรมการ.docx", [(P[0], "ประธาน"), (P[1], "เลขานุการ"), (P[2], "เหรัญญิก")])
    names = [
        "นาย สมชาย ใจดี",
        "นางบุญเรือน  ศรีวงศ์",
        "น.ส.ลำดวน พรมมา",
        "ว่าที่ ร.ต.คำปั่น แสนสุข",
        "จ.ส.อ.ทองใบ บุญมา",
        "ด.ต.สุดใจ คำภา",
        "เสถียร ชัยวงศ์",
        "นาง  ประนอม   ทองคำ",
        "นายวิชัย  สีหา",
        "นางจันทร์เพ็ญ ภูมิโคกรักษ์",
        "นาย สุริยา อินทร์แก้ว",
        "นางสาว อรุณี โพธิ์ศรี",
    ]
    with (b / "สมาชิก.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["ลำดับ", "ชื่อสมาชิก", "บัตรประชาชนเลขที่", "ที่อยู่ปัจจุบัน", "ลายมือชื่อ"])
        for i, name in enumerate(names, 1):
            w.writerow(
                [i, name, dashed(pid(i, 21)), "12 ม.3 ต.ท่าพระ อ.เมืองขอนแก่น จ.ขอนแก่น", "(ลงชื่อ)"]
            )
    plan_lines(b / "แผน.docx", ACTS)
    return b, Expect([], members=12, committee=3)


def roster_places(root: Path) -> tuple[Path, Expect]:
    """Members' addresses: a misspelt subdistrict (ท่าพะ), one in another province, อ.เมือง
    for เมืองขอนแก่น, one with no address and one with "-"."""
    b = root / "U"
    b.mkdir()
    table_request(b / "คำขอ.docx", EGGS, "12")
    bylaws_hmuad(b / "ข้อบังคับ.docx", EGGS)
    committee_lines(b / "กรรมการ.docx", [(P[0], "ประธาน"), (P[1], "เลขานุการ"), (P[2], "เหรัญญิก")])
    addresses = {
        3: "5 ม.1 ต.ท่าพะ อ.เมืองขอนแก่น จ.ขอนแก่น",
        4: "9 ม.2 ต.ในเมือง อ.เมืองนครราชสีมา จ.นครราชสีมา",
        5: "9 ม.2 ต.ในเมือง อ.เมือง จ.ขอนแก่น",
        6: "ต.บ้านเป็ด อ.เมือง จ.ขอนแก่น",
        7: "",
        8: "-",
    }
    with (b / "สมาชิก.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["ลำดับ", "ชื่อ-สกุล", "เลขประจำตัวประชาชน", "ที่อยู่"])
        for i, p in enumerate(P[:12], 1):
            w.writerow(
                [i, full(p), pid(i, 51), addresses.get(i, f"{i} ม.3 ต.ท่าพระ อ.เมืองขอนแก่น จ.ขอนแก่น")]
            )
    plan_lines(b / "แผน.docx", ACTS)
    return b, Expect([("UNKNOWN_PLACE", ""), ("MEMBER_OUTSIDE_AREA", "")], members=12, committee=3)


def request_with_applicants(root: Path) -> tuple[Path, Expect]:
    """A request form that carries its own table of ten applicants with a ลายมือชื่อ column,
    beside a roster of twelve: the roster counts, the applicants are no second roster."""
    b = root / "R"
    b.mkdir()
    d = docx.Document()
    d.add_paragraph("หนังสือคำขอใบรับรองการจัดตั้งกลุ่มส่งเสริมอาชีพการเกษตร")
    d.add_paragraph("ชื่อกลุ่ม " + EGGS)
    d.add_paragraph("ที่ตั้ง หมู่ที่ 7 ตำบลท่าพระ อำเภอเมืองขอนแก่น จังหวัดขอนแก่น")
    d.add_paragraph("จำนวนสมาชิก 12 ราย")
    d.add_paragraph("รายชื่อผู้ยื่นคำขอ")
    tb = d.add_table(rows=1, cols=3)
    for c, h in zip(tb.rows[0].cells, ["ลำดับ", "ชื่อ-สกุล", "ลายมือชื่อ"], strict=True):
        c.text = h
    for i, p in enumerate(P[:10], 1):
        cells = tb.add_row().cells
        cells[0].text, cells[1].text = str(i), full(p)
    d.save(str(b / "คำขอ.docx"))
    bylaws_hmuad(b / "ข้อบังคับ.docx", EGGS)
    committee_lines(b / "กรรมการ.docx", KEYS3)
    roster_docx(b / "สมาชิก.docx", P[:12], [pid(i, 93) for i in range(12)])
    plan_lines(b / "แผน.docx", ACTS)
    return b, Expect([], members=12, committee=3, docs={"คำขอ.docx": "request_form"})


CASES: list[Callable[[Path], tuple[Path, Expect]]] = [
    letter_xlsx_clean,
    table_form_csv_defects,
    windows_zip,
    two_sheet_roster,
    one_file_all_five,
    one_file_all_five_defects,
    cp874_csv_places,
    club_small_committee,
    bylaws_subitems_trap,
    tab_csv_duplicate_by_id,
    merged_header_xlsx,
    signature_column_csv,
    roster_places,
    request_with_applicants,
]


@pytest.mark.parametrize("case", CASES, ids=[c.__name__ for c in CASES])
def test_redteam_bundle(case: Callable[[Path], tuple[Path, Expect]], tmp_path: Path) -> None:
    path, want = case(tmp_path)
    code, report = check_json(path)
    assert finding_codes(report) == Counter(want.findings)
    assert report["complete"] is want.complete
    assert code == (0 if want.complete else 1)
    assert report["group"]["members"] == want.members
    assert report["group"]["committee"] == want.committee
    assert report["group"]["subdistrict"] == want.subdistrict
    kinds = {d["file"]: d["kind"] for d in report["documents"]}
    for file, kind in want.docs.items():
        assert kinds.get(file) == kind
    for f in report["findings"]:
        assert f["message"] and any("\u0e01" <= ch <= "\u0e5b" for ch in f["message"])
    for words in want.says:
        assert any(words in f["message"] for f in report["findings"]), words
    dumped = json.dumps(report["findings"], ensure_ascii=False)
    for row in report["members"]:
        if row.get("national_id"):
            assert row["national_id"] not in dumped  # findings mask IDs


# PDFs printed from the Word files of two bundles: one LibreOffice call for all of them.
PDF_CASES: list[Callable[[Path], tuple[Path, Expect]]] = [
    letter_xlsx_clean,
    table_form_csv_defects,
    one_file_all_five_defects,
]


@pytest.fixture(scope="module")
def pdf_bundles(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Path, Expect]]:
    root = tmp_path_factory.mktemp("redteam_pdf")
    built = [case(root) for case in PDF_CASES]
    print_to_pdf(root, sorted(root.glob("*/*.docx")))
    return built


@pytest.mark.soffice
@pytest.mark.parametrize("index", range(len(PDF_CASES)), ids=[c.__name__ for c in PDF_CASES])
def test_redteam_bundle_printed_to_pdf(pdf_bundles: list[tuple[Path, Expect]], index: int) -> None:
    path, want = pdf_bundles[index]
    assert not list(path.glob("*.docx")) and list(path.glob("*.pdf"))
    _code, report = check_json(path)
    assert finding_codes(report) == Counter(want.findings)
    assert report["complete"] is want.complete
    assert report["group"]["members"] == want.members
    assert report["group"]["committee"] == want.committee
    assert report["group"]["subdistrict"] == want.subdistrict


def test_a_folder_of_photos_is_read_but_holds_none_of_the_five(tmp_path: Path) -> None:
    folder = tmp_path / "รูป กิจกรรม"
    folder.mkdir()
    (folder / "ภาพ1.jpg").write_bytes(b"\xff\xd8\xff\xe0" + b"\0" * 32)
    (folder / "ภาพ2.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 32)
    code, report = check_json(folder)
    assert code == 1
    assert finding_codes(report) == Counter(
        [("UNREADABLE_FILE", ""), ("UNREADABLE_FILE", "")]
        + [
            ("MISSING_DOCUMENT", k)
            for k in ("request_form", "bylaws", "committee_list", "member_roster", "activity_plan")
        ]
    )


def test_a_single_roster_file_with_spaces_in_its_path(tmp_path: Path) -> None:
    folder = tmp_path / "ส่ง อำเภอ"
    folder.mkdir()
    roster = folder / "สมาชิก กลุ่ม ไก่ไข่.xlsx"
    roster_xlsx_english(roster, P[:12], [pid(i) for i in range(12)])
    code, report = check_json(roster)
    assert code == 1
    # No group address is given anywhere: the roster's header words are no place to warn about.
    assert finding_codes(report) == Counter(
        ("MISSING_DOCUMENT", k)
        for k in ("request_form", "bylaws", "committee_list", "activity_plan")
    )
    assert report["group"]["members"] == 12
    assert report["documents"] == [{"file": roster.name, "kind": "member_roster"}]


def test_a_path_that_does_not_exist_is_exit_2_in_thai(tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", str(tmp_path / "ไม่มี ไฟล์.zip"), "--json"])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert any("\u0e01" <= ch <= "\u0e5b" for ch in result.stderr)
