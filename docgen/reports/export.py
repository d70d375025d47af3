"""The province's workbook: export groups to XLSX/CSV with Thai headers, and import them back."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from docgen.model import UnusableInput
from docgen.reports.figures import GroupRecord
from docgen.reports.table import header_index, header_key, table_lines
from docgen.thai.dates import BE_OFFSET, DateParseError, parse_date
from docgen.thai.digits import thai_to_arabic_digits

# The province's columns, in its order, then the DOPA codes and the chair (batch input needs it).
EXPORT_HEADERS: tuple[str, ...] = (
    "ปีข้อมูล",
    "ชื่อกลุ่ม",
    "เลขที่",
    "หมู่",
    "ตำบล",
    "อำเภอ",
    "จังหวัด",
    "เบอร์มือถือ",
    "วันที่จัดตั้งกลุ่ม",
    "ปีจัดตั้ง_พ.ศ.",
    "จำนวนสมาชิกกลุ่ม",
    "กิจกรรมหลัก",
    "เลขที่ใบรับรอง",
    "รหัสตำบล",
    "รหัสอำเภอ",
    "รหัสจังหวัด",
    "ประธาน",
    "วันที่ออกใบรับรอง",
)
SHEET_TITLE = "ข้อมูลกลุ่ม"

# Header words (province workbook and batch input, Thai or English) -> field.
_COLUMNS: dict[str, tuple[str, ...]] = {
    "data_year": ("ปีข้อมูล", "data_year"),
    "name": ("ชื่อกลุ่ม", "group_name", "groupname", "group"),
    "house_no": ("เลขที่", "บ้านเลขที่", "house_no"),
    "moo": ("หมู่", "หมู่ที่", "moo"),
    "subdistrict": ("ตำบล", "แขวง", "subdistrict", "tambon"),
    "district": ("อำเภอ", "เขต", "district", "amphoe"),
    "province": ("จังหวัด", "province", "changwat"),
    "phone": ("เบอร์มือถือ", "โทรศัพท์", "phone", "mobile"),
    "established": ("วันที่จัดตั้งกลุ่ม", "วันที่จัดตั้ง", "established"),
    "established_year": ("ปีจัดตั้ง_พ.ศ.", "ปีจัดตั้ง", "established_year"),
    "members": ("จำนวนสมาชิกกลุ่ม", "จำนวนสมาชิก", "members", "member_count"),
    "main_activity": ("กิจกรรมหลัก", "main_activity"),
    "certificate_no": ("เลขที่ใบรับรอง", "certificate_no", "certificate_number"),
    "subdistrict_code": ("รหัสตำบล", "subdistrict_code"),
    "district_code": ("รหัสอำเภอ", "district_code"),
    "province_code": ("รหัสจังหวัด", "province_code"),
    "chair": ("ประธาน", "ประธานกลุ่ม", "ชื่อประธาน", "chair"),
    "certified_on": ("วันที่ออกใบรับรอง", "certified_on", "issued"),
}


_HEADER_INDEX = header_index(_COLUMNS)


# ---------------------------------------------------------------------------
# Export.
# ---------------------------------------------------------------------------


def _short_date(day: dt.date | None) -> str:
    """`15/10/2569`: how Thai offices type dates into their sheets."""
    return f"{day.day}/{day.month}/{day.year + BE_OFFSET}" if day else ""


def export_rows(groups: Sequence[GroupRecord], data_year: int) -> list[list[Any]]:
    """One row per group under EXPORT_HEADERS (numbers as numbers, dates as d/m/พ.ศ.)."""
    rows: list[list[Any]] = []
    for g in groups:
        rows.append(
            [
                data_year,
                g.name,
                g.house_no,
                g.moo,
                g.subdistrict,
                g.district,
                g.province,
                g.phone,
                _short_date(g.established),
                (g.established.year + BE_OFFSET) if g.established else "",
                g.members,
                g.main_activity,
                g.certificate_no,
                g.subdistrict_code,
                g.district_code,
                g.province_code,
                g.chair,
                _short_date(g.certified_on),
            ]
        )
    return rows


def _csv_safe(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula (=, +, -, @) is kept as text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def write_xlsx(groups: Sequence[GroupRecord], data_year: int, out: Path) -> Path:
    """The province's workbook: one sheet, Thai headers, bold header row, widths that fit."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = SHEET_TITLE
    sheet.append(list(EXPORT_HEADERS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in export_rows(groups, data_year):
        sheet.append([_csv_safe(v) for v in row])
        # Codes and phone numbers keep their leading zeros: text, not numbers.
    sheet.freeze_panes = "A2"
    widths = (9, 40, 8, 6, 16, 18, 14, 14, 14, 12, 14, 28, 14, 10, 10, 10, 24, 16)
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[sheet.cell(1, i).column_letter].width = width
    out.parent.mkdir(parents=True, exist_ok=True)
    book.save(out)
    return out


def write_csv(groups: Sequence[GroupRecord], data_year: int, out: Path) -> Path:
    """The same table as CSV, UTF-8 with BOM so that Excel shows Thai."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(EXPORT_HEADERS)
    for row in export_rows(groups, data_year):
        writer.writerow([_csv_safe(v) for v in row])
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(buffer.getvalue(), encoding="utf-8-sig")
    return out


# ---------------------------------------------------------------------------
# Import.
# ---------------------------------------------------------------------------


def _int(text: str, label: str, row: int, errors: list[str]) -> int:
    cleaned = re.sub(r"\s*(ราย|คน)\s*$", "", thai_to_arabic_digits(text)).replace(",", "").strip()
    if not cleaned:
        return 0
    if not cleaned.isdigit():
        errors.append(f"แถวที่ {row}: {label} ต้องเป็นจำนวนเต็ม")
        return 0
    return int(cleaned)


def _date(text: str, row: int, errors: list[str], label: str = "วันที่จัดตั้ง") -> dt.date | None:
    if not text:
        return None
    try:
        return parse_date(text)
    except DateParseError:
        errors.append(f"แถวที่ {row}: อ่าน{label}ไม่ได้ ({text[:30]})")
        return None


def _certificate_date(
    certificate_no: str, established: dt.date | None, established_year: str = ""
) -> dt.date | None:
    """A sheet without issue dates: the founding date counts, else 1 January of the number's
    year, else 1 January of ปีจัดตั้ง (พ.ศ.)."""
    if established is not None:
        return None
    m = re.fullmatch(r"\d+/(\d{4})", thai_to_arabic_digits(certificate_no).replace(" ", ""))
    if m and 2400 <= int(m[1]) <= 2800:
        return dt.date(int(m[1]) - BE_OFFSET, 1, 1)
    year = thai_to_arabic_digits(established_year).strip()
    if year.isdigit() and 2400 <= int(year) <= 2800:
        return dt.date(int(year) - BE_OFFSET, 1, 1)
    return None


def read_groups(path: Path) -> list[GroupRecord]:
    """Groups from the province workbook (or a batch input sheet), CSV or XLSX.

    The header row is the first among the first ten rows naming at least three known columns;
    ชื่อกลุ่ม is required. Rows with unreadable numbers or dates stop the import with every bad
    row named (UnusableInput), so a district never reports half a sheet by mistake.
    """
    path = Path(path)
    if not path.is_file():
        raise UnusableInput(f"ไม่พบไฟล์ข้อมูล {path.name}")
    lines = table_lines(path)

    columns: dict[int, str] | None = None
    groups: list[GroupRecord] = []
    errors: list[str] = []
    for number, values in enumerate(lines, start=1):
        if columns is None:
            found: dict[int, str] = {}
            for i, v in enumerate(values):
                name = _HEADER_INDEX.get(header_key(v)) if v else None
                if name and name not in found.values():
                    found[i] = name
            if len(found) >= 3:
                if "name" not in found.values():
                    raise UnusableInput(f"ไฟล์ {path.name} ไม่มีคอลัมน์ ชื่อกลุ่ม")
                columns = found
            elif number >= 10:
                break
            continue
        if not any(values):
            continue
        cell = {name: (values[i] if i < len(values) else "") for i, name in columns.items()}
        if not cell.get("name"):
            errors.append(f"แถวที่ {number}: ไม่มีชื่อกลุ่ม")
            continue
        established = _date(cell.get("established", ""), number, errors)
        certificate_no = thai_to_arabic_digits(cell.get("certificate_no", "")).replace(" ", "")
        groups.append(
            GroupRecord(
                name=cell["name"],
                house_no=cell.get("house_no", ""),
                moo=re.sub(r"^(หมู่ที่|หมู่|ม\.)\s*", "", cell.get("moo", "")),
                subdistrict=cell.get("subdistrict", ""),
                district=cell.get("district", ""),
                province=cell.get("province", ""),
                phone=cell.get("phone", ""),
                members=_int(cell.get("members", ""), "จำนวนสมาชิก", number, errors),
                chair=cell.get("chair", ""),
                main_activity=cell.get("main_activity", ""),
                established=established,
                certificate_no=certificate_no,
                certified_on=_date(cell.get("certified_on", ""), number, errors, "วันที่ออกใบรับรอง")
                or _certificate_date(certificate_no, established, cell.get("established_year", "")),
                subdistrict_code=cell.get("subdistrict_code", ""),
                district_code=cell.get("district_code", ""),
                province_code=cell.get("province_code", ""),
            )
        )
    if columns is None:
        raise UnusableInput(
            f"ไม่พบแถวหัวตารางในไฟล์ {path.name} (ต้องมีคอลัมน์ เช่น ชื่อกลุ่ม ตำบล อำเภอ จังหวัด)"
        )
    if errors:
        raise UnusableInput(f"ไฟล์ {path.name} มีข้อมูลที่อ่านไม่ได้ {len(errors)} แถว", errors=errors[:50])
    return groups
