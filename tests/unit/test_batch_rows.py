"""Batch input: reading CSV/XLSX, checking every row at once, numbering, chunk planning."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import openpyxl
import pytest

from docgen.model import UnusableInput
from docgen.render.batch import (
    CertificateRow,
    Chunk,
    InMemoryNumberer,
    assign_numbers,
    chunk_size_for,
    plan_chunks,
    read_certificate_rows,
    safe_file_stem,
)

ISSUE = dt.date(2026, 10, 15)
TH_HEADER = [
    "ลำดับ",
    "ชื่อกลุ่ม",
    "หมู่ที่",
    "ตำบล",
    "อำเภอ",
    "จังหวัด",
    "จำนวนสมาชิก",
    "ประธาน",
    "วันที่จัดตั้ง",
    "กิจกรรมหลัก",
    "เลขที่ใบรับรอง",
]
EN_HEADER = [
    "no",
    "group_name",
    "moo",
    "subdistrict",
    "district",
    "province",
    "members",
    "chair",
    "established",
    "main_activity",
    "certificate_no",
]


def group(n: int, **over: str) -> list[str]:
    row = {
        "no": str(n),
        "name": f"กลุ่มปลูกผักบ้านโนน{n}",
        "moo": "3",
        "sub": "ท่าพระ",
        "dist": "เมืองขอนแก่น",
        "prov": "ขอนแก่น",
        "members": "14",
        "chair": "นายสมชาย ใจดี",
        "est": "15 ตุลาคม 2568",
        "act": "ปลูกผัก",
        "cert": "",
    }
    row.update(over)
    return list(row.values())


def write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8-sig") -> Path:
    with path.open("w", encoding=encoding, newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


def test_thai_headers_utf8_bom(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "g.csv", [TH_HEADER, group(1), group(2)])
    rows = read_certificate_rows(path, issue_date=ISSUE, officer_name="นายสมศักดิ์ รักดี")
    assert [r.group_name for r in rows] == ["กลุ่มปลูกผักบ้านโนน1", "กลุ่มปลูกผักบ้านโนน2"]
    assert [r.row for r in rows] == [2, 3]
    first = rows[0].data
    assert first["member_count"] == 14
    assert first["established"] == "2025-10-15"
    assert first["issue_date"] == "2026-10-15"
    assert first["officer_name"] == "นายสมศักดิ์ รักดี"
    assert first["address"]["district"] == "เมืองขอนแก่น"
    assert rows[0].district_code == "4001"


def test_cp874_english_headers_title_row_and_extra_columns(tmp_path: Path) -> None:
    header = [*EN_HEADER, "note"]
    path = write_csv(
        tmp_path / "g.csv",
        [["รายชื่อกลุ่มที่อนุมัติ"], header, [*group(1, members="๑๒ ราย"), "x"]],
        encoding="cp874",
    )
    rows = read_certificate_rows(path, issue_date=ISSUE)
    assert rows[0].group_name == "กลุ่มปลูกผักบ้านโนน1"
    assert rows[0].data["member_count"] == 12
    assert rows[0].row == 3


def test_xlsx_with_real_dates_and_numbers(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(TH_HEADER)
    values: list[object] = list(group(1))
    values[6] = 21  # a number cell
    values[8] = dt.datetime(2025, 3, 1)  # a date cell
    sheet.append(values)
    path = tmp_path / "g.xlsx"
    book.save(path)
    rows = read_certificate_rows(path, issue_date=ISSUE)
    assert rows[0].data["member_count"] == 21
    assert rows[0].data["established"] == "2025-03-01"


def test_every_bad_row_reported_at_once(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "g.csv",
        [
            TH_HEADER,
            group(1),
            group(2, name=""),  # row 3: no name
            group(3),
            group(4, name="ปลูกผัก", members=""),  # row 5: bad prefix, no member count
            group(5, est="ไม่ทราบ"),  # row 6: unreadable date
            group(6, dist="ไม่มีอำเภอนี้"),  # row 7: no district code for a number
        ],
    )
    with pytest.raises(UnusableInput) as info:
        read_certificate_rows(path, issue_date=ISSUE)
    errors = info.value.errors
    assert "แถวที่ 3: ไม่มีชื่อกลุ่ม" in errors
    assert "แถวที่ 5: ไม่มีจำนวนสมาชิก" in errors
    assert any(e.startswith("แถวที่ 5: ชื่อกลุ่ม") and "กลุ่ม" in e for e in errors)
    assert any(e.startswith("แถวที่ 6: วันที่จัดตั้ง") for e in errors)
    assert any(e.startswith("แถวที่ 7:") and "อำเภอ" in e for e in errors)
    assert not any(e.startswith(("แถวที่ 2:", "แถวที่ 4:")) for e in errors)
    # One line per bad field: the missing name is not reported a second time by the schema.
    assert len([e for e in errors if e.startswith("แถวที่ 3:")]) == 1


def test_missing_required_column_is_unusable(tmp_path: Path) -> None:
    header = [h for h in TH_HEADER if h != "ประธาน"]
    path = write_csv(tmp_path / "g.csv", [header, group(1)[:7] + group(1)[8:]])
    with pytest.raises(UnusableInput) as info:
        read_certificate_rows(path, issue_date=ISSUE)
    assert "ประธาน" in info.value.message_th


def test_same_group_twice_is_reported(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "g.csv", [TH_HEADER, group(1), group(1)])
    with pytest.raises(UnusableInput) as info:
        read_certificate_rows(path, issue_date=ISSUE)
    assert info.value.errors == ["แถวที่ 3: เป็นกลุ่มเดียวกับแถวที่ 2"]


def test_numbers_assigned_in_input_order_kept_when_given_and_stable(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "g.csv",
        [
            TH_HEADER,
            group(1),
            group(2, cert="๗/๒๕๖๙"),
            group(3),
            group(4, dist="เมืองเชียงใหม่", sub="ศรีภูมิ", prov="เชียงใหม่"),
        ],
    )
    numberer = InMemoryNumberer()
    rows = assign_numbers(read_certificate_rows(path, issue_date=ISSUE), numberer)
    assert [r.data["certificate_no"] for r in rows] == ["1/2569", "7/2569", "2/2569", "1/2569"]
    again = assign_numbers(read_certificate_rows(path, issue_date=ISSUE), numberer)
    assert [r.data["certificate_no"] for r in again] == [r.data["certificate_no"] for r in rows]


def test_plan_chunks_keeps_order_and_survives_json(tmp_path: Path) -> None:
    rows = [
        CertificateRow(i, i + 1, {"group_name": f"กลุ่ม{i}"}, "4001", f"k{i}") for i in range(1, 12)
    ]
    chunks = plan_chunks(rows, 5)
    assert [len(c.rows) for c in chunks] == [5, 5, 1]
    assert [r.index for c in chunks for r in c.rows] == list(range(1, 12))
    again = [Chunk.from_json(json.loads(json.dumps(c.to_json()))) for c in chunks]
    assert again == chunks


def test_chunk_sizes_keep_every_converter_busy() -> None:
    assert chunk_size_for(1000, 2, pdf=True) == 500  # one LibreOffice call per converter
    assert chunk_size_for(1500, 2, pdf=True) == 375  # 4 chunks of <= 500, 2 per converter
    assert chunk_size_for(10, 2, pdf=True) == 5
    assert chunk_size_for(1, 4, pdf=True) == 1
    assert chunk_size_for(5000, 2, pdf=False) == 500


def test_chunk_size_limit_holds_without_pdf_too() -> None:
    assert chunk_size_for(5000, 2, pdf=False, max_size=100) == 100
    assert chunk_size_for(30, 2, pdf=False, max_size=100) == 30


def test_batch_without_libreoffice_says_so_before_writing(tmp_path: Path) -> None:
    from docgen.model import DocgenError
    from docgen.render.batch import batch_certificates

    path = write_csv(tmp_path / "g.csv", [TH_HEADER, group(1)])
    out = tmp_path / "out"
    with pytest.raises(DocgenError) as info:
        batch_certificates(
            path, out, numberer=InMemoryNumberer(), pdf=True, soffice="/nonexistent/soffice"
        )
    assert "LibreOffice" in info.value.message_th
    assert not out.exists()


def test_file_names_sort_in_input_order_and_are_safe() -> None:
    row = CertificateRow(7, 8, {"group_name": 'กลุ่มปลูก/ผัก: "บ้านโนน"?'})
    assert row.file_name() == "0007_กลุ่มปลูก_ผัก_บ้านโนน.docx"
    assert safe_file_stem("../..") == "กลุ่ม"
    names = [CertificateRow(i, i, {"group_name": "กลุ่มก"}).file_name(5) for i in (2, 10, 100)]
    assert names == sorted(names)


def test_province_workbook_is_batch_input_without_its_formula_guard(tmp_path: Path) -> None:
    # The export writes ' before text a spreadsheet would run (= + - @); a list of
    # activities typed "- ปลูกผัก" must come back without that ' on the certificate.
    from docgen.reports.export import write_xlsx
    from docgen.reports.figures import GroupRecord

    record = GroupRecord(
        name="กลุ่มปลูกผักบ้านโนน1",
        moo="3",
        subdistrict="ท่าพระ",
        district="เมืองขอนแก่น",
        province="ขอนแก่น",
        members=14,
        chair="นายสมชาย ใจดี",
        main_activity="- ปลูกผัก",
        established=dt.date(2025, 10, 15),
    )
    path = write_xlsx([record], 2569, tmp_path / "province.xlsx")
    assert openpyxl.load_workbook(path).active["L2"].value == "'- ปลูกผัก"
    rows = read_certificate_rows(path, issue_date=ISSUE)
    assert rows[0].group_name == "กลุ่มปลูกผักบ้านโนน1"
    assert rows[0].data["main_activity"] == "- ปลูกผัก"
    assert rows[0].data["established"] == "2025-10-15"
