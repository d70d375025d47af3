"""Reading XLSX/XLSM: every worksheet as a table, values as a person sees them.

- One `Table` per non-empty visible worksheet (hidden sheets are skipped unless all are
  hidden): `title` and `sheet` are the sheet name, `row_numbers` the sheet's own row numbers. Empty rows are dropped, trailing empty cells trimmed.
- Merged cells: the value stays in the top-left cell, the others are empty.
- Numbers: integers print as `12` (not `12.0`), a 13-digit ID stored as a number prints as
  its digits, never `1.1017e+12`. Dates print as ISO `2026-10-15` (with the time only if it
  is not midnight). Number formats are not applied (reading them halves the speed): a phone
  number stored as a number has lost its leading zero in the file already.
- Bounds: reading a sheet stops after `_EMPTY_RUN` empty rows in a row (a sheet of a million
  empty styled rows costs milliseconds); more than `MAX_ROWS` rows with data, or
  `MAX_CELLS` cells, is refused as UnreadableFile.
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
from decimal import Decimal
from pathlib import Path
from typing import Any

from docgen.intake.read_ooxml import MSG_BROKEN, check_package, open_package
from docgen.model import DocumentContent, Table, UnreadableFile

MAX_ROWS = 50_000
MAX_CELLS = 1_000_000  # cells read, empty ones included
_EMPTY_RUN = 1_000
_SPACE = re.compile(r"\s+")


def cell_text(value: Any) -> str:
    """One cell's value as text a person would read in Excel."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return ""
        if value.is_integer() and abs(value) < 1e16:
            return str(int(value))
        text = repr(value)
        if "e" in text or "E" in text:
            text = format(Decimal(text), "f")
        return text
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.isoformat(timespec="seconds")
    if isinstance(value, dt.timedelta):
        return str(value)
    return _SPACE.sub(" ", str(value)).strip()


def read_xlsx(path: Path) -> DocumentContent:
    """Read every worksheet. Raises UnreadableFile for anything unsafe, broken or too big."""
    with open_package(path) as zf:
        check_package(zf)
        names = set(zf.namelist())
    if "xl/workbook.bin" in names:
        raise UnreadableFile("ไฟล์ Excel แบบไบนารี (.xlsb) ระบบอ่านไม่ได้ กรุณาบันทึกเป็น .xlsx")

    # A file object, not the path: openpyxl judges a path by its extension, we by content.
    with open(path, "rb") as handle:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                workbook = _load_workbook(handle)
        except Exception as exc:
            raise UnreadableFile(MSG_BROKEN, detail=type(exc).__name__) from exc
        return _read_sheets(workbook)


def _load_workbook(handle: Any) -> Any:
    """openpyxl's read-only workbook, without its pass over each sheet to find its size.

    A read-only sheet whose XML has no <dimension> is parsed in full by openpyxl just to learn
    its size (a million empty rows: 13 s, 130 MB). Sizes are not needed: rows are read until
    the data ends. If openpyxl's reader ever changes shape, its ordinary loader is used.
    """
    import openpyxl

    try:
        from openpyxl.reader.excel import ExcelReader
        from openpyxl.worksheet._read_only import ReadOnlyWorksheet
    except ImportError:  # pragma: no cover - other openpyxl layouts
        return openpyxl.load_workbook(handle, read_only=True, data_only=True, keep_links=False)

    class _UnsizedSheet(ReadOnlyWorksheet):  # type: ignore[misc]
        def _get_size(self) -> None:
            return None

    class _Reader(ExcelReader):  # type: ignore[misc]
        def read_worksheets(self) -> None:
            for sheet, rel in self.parser.find_sheets():
                if rel.target not in self.valid_files or "chartsheet" in rel.Type:
                    continue
                ws = _UnsizedSheet(self.wb, sheet.name, rel.target, self.shared_strings)
                ws.sheet_state = sheet.state
                self.wb._sheets.append(ws)

    reader = _Reader(handle, read_only=True, keep_vba=False, data_only=True, keep_links=False)
    reader.read()
    return reader.wb


def _read_sheets(workbook: Any) -> DocumentContent:
    """Every worksheet with data as one table, within the row and cell caps."""
    tables: list[Table] = []
    total_rows = 0
    total_cells = 0
    # A sheet the office hid (an old copy of the roster, a working sheet) is not what the
    # officer sees or prints; it is read only when every sheet is hidden.
    sheets = [s for s in workbook.worksheets if getattr(s, "sheet_state", "visible") == "visible"]
    try:
        for sheet in sheets or workbook.worksheets:
            if hasattr(sheet, "reset_dimensions"):
                sheet.reset_dimensions()  # a sheet's claimed size (A1:XFD1048576) is not trusted
            rows: list[tuple[str, ...]] = []
            numbers: list[int] = []
            empty_run = 0
            for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
                total_cells += len(row)
                if total_cells > MAX_CELLS:
                    raise UnreadableFile(
                        f"ไฟล์ Excel นี้มีข้อมูลเกิน {MAX_CELLS:,} ช่อง เกินกำหนดที่ระบบอ่านได้"
                    )
                cells = [cell_text(value) for value in row]
                while cells and not cells[-1]:
                    cells.pop()
                if not cells:
                    empty_run += 1
                    if empty_run >= _EMPTY_RUN:
                        break
                    continue
                empty_run = 0
                total_rows += 1
                if total_rows > MAX_ROWS:
                    raise UnreadableFile(
                        f"ไฟล์ Excel นี้มีข้อมูลเกิน {MAX_ROWS:,} แถว เกินกำหนดที่ระบบอ่านได้ กรุณาแยกเป็นไฟล์ย่อย"
                    )
                rows.append(tuple(cells))
                numbers.append(number)
            if rows:
                name = str(sheet.title)
                tables.append(
                    Table(rows=tuple(rows), row_numbers=tuple(numbers), title=name, sheet=name)
                )
    except UnreadableFile:
        raise
    except Exception as exc:
        raise UnreadableFile(MSG_BROKEN, detail=type(exc).__name__) from exc
    finally:
        workbook.close()
    return DocumentContent(paragraphs=(), tables=tuple(tables))
