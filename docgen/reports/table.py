"""Reading a CSV or XLSX table as rows of text, with Thai or English header words matched."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from docgen.model import UnusableInput

__all__ = ["cell_text", "header_index", "header_key", "table_lines"]


def header_key(text: str) -> str:
    """A header word as compared: NFC, lower case, no (notes), no spaces, dashes, _ or dots."""
    text = unicodedata.normalize("NFC", str(text)).strip().lower()
    text = re.sub(r"\(.*?\)", "", text)
    return re.sub(r"[\s\-_.]+", "", text)


def header_index(columns: Mapping[str, tuple[str, ...]]) -> dict[str, str]:
    """{header_key(alias): field} for a table of field -> header words."""
    return {header_key(alias): name for name, aliases in columns.items() for alias in aliases}


def cell_text(value: Any) -> str:
    """One cell as text: dates ISO, whole floats without .0, spaces folded, Excel's ' dropped."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = re.sub(r"\s+", " ", str(value)).strip()
    # A leading ' keeps text as text in a spreadsheet (our own exports write it before = + - @).
    return text[1:] if text.startswith("'") else text


def _csv_lines(path: Path) -> Iterator[list[str]]:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "cp874"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise UnusableInput(f"อ่านไฟล์ {path.name} ไม่ได้: ไม่ใช่ข้อความ UTF-8 หรือ TIS-620")
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    for values in csv.reader(io.StringIO(text), dialect):
        yield [cell_text(v) for v in values]


def _xlsx_lines(path: Path) -> Iterator[list[str]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:
        raise UnusableInput(f"อ่านไฟล์ Excel {path.name} ไม่ได้ (ไฟล์เสียหรือไม่ใช่ .xlsx)") from exc
    try:
        for values in book.worksheets[0].iter_rows(values_only=True):
            yield [cell_text(v) for v in values]
    finally:
        book.close()


def table_lines(path: Path) -> Iterator[list[str]]:
    """Every row of a CSV (UTF-8 or TIS-620, , ; or tab) or of an XLSX's first sheet, as text.

    The file must exist (callers say which file is missing in their own words). Anything but
    CSV or XLSX is UnusableInput.
    """
    path = Path(path)
    with path.open("rb") as fh:
        magic = fh.read(4)
    suffix = path.suffix.lower()
    if magic.startswith(b"PK") or suffix in (".xlsx", ".xlsm"):
        return _xlsx_lines(path)
    if suffix in (".csv", ".txt", ".tsv"):
        return _csv_lines(path)
    raise UnusableInput(f"ไฟล์ข้อมูลต้องเป็น .csv หรือ .xlsx ({path.name})")
