"""Reading XLSX: every sheet, title rows, merged cells, numbers and dates as a person reads them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl

from docgen.intake.read_xlsx import cell_text
from docgen.intake.readers import read_path


def test_roster_sheet_reads_with_sheet_row_numbers(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "สมาชิก"
    ws.append(["บัญชีรายชื่อสมาชิกกลุ่มปลูกผัก"])
    ws.merge_cells("A1:E1")
    ws.append([])
    ws.append(["ลำดับ", "ชื่อ - นามสกุล", "เลขประจำตัวประชาชน", "วันเกิด", "หุ้น", None, None])
    ws.append([1, "นายสมชาย  ใจดี", 1101700230708, dt.date(1980, 10, 15), 12.0])
    ws.append([2, " นางสมศรี ใจดี ", 1.101700230708e12, dt.datetime(1985, 1, 2, 8, 30), 0.5])
    ws.cell(row=5, column=6).value = None
    ws.append(["0812345678", "เบอร์", None])
    ws2 = wb.create_sheet("กรรมการ")
    ws2.append(["ประธาน", "นายสมชาย ใจดี"])
    wb.create_sheet("ว่าง")
    path = tmp_path / "สมาชิก.xlsx"
    wb.save(path)

    content = read_path(path)
    assert content.paragraphs == ()
    first, second = content.tables
    assert (first.title, first.sheet) == ("สมาชิก", "สมาชิก")
    assert first.rows == (
        ("บัญชีรายชื่อสมาชิกกลุ่มปลูกผัก",),
        ("ลำดับ", "ชื่อ - นามสกุล", "เลขประจำตัวประชาชน", "วันเกิด", "หุ้น"),
        ("1", "นายสมชาย ใจดี", "1101700230708", "1980-10-15", "12"),
        ("2", "นางสมศรี ใจดี", "1101700230708", "1985-01-02 08:30:00", "0.5"),
        ("0812345678", "เบอร์"),
    )
    assert first.row_numbers == (1, 3, 4, 5, 6)
    assert second.rows == (("ประธาน", "นายสมชาย ใจดี"),)


def test_cell_text_never_prints_exponents_or_trailing_zero() -> None:
    assert cell_text(1.101700230708e12) == "1101700230708"
    assert cell_text(12.0) == "12"
    assert cell_text(1e-07) == "0.0000001"
    assert cell_text(3.25) == "3.25"
    assert cell_text(True) == "TRUE"
    assert cell_text(None) == ""
    assert cell_text(dt.datetime(2026, 10, 15)) == "2026-10-15"
