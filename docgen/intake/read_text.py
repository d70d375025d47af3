"""Reading CSV and plain text: encoding (UTF-8, UTF-8 BOM, UTF-16, cp874/TIS-620), delimiter, bounds.

- Encoding: a BOM decides; else strict UTF-8; else strict cp874 (which covers TIS-620);
  else charset-normalizer's best guess; else the file is unreadable. UTF-16 without a BOM
  is recognised by its high bytes. Stray NUL bytes are dropped.
- Delimiter: comma, tab, semicolon or pipe, whichever appears on the most of the first lines.
- CSV rows: cells stripped, trailing empty cells and empty rows dropped; `row_numbers` are
  the line where each row starts (a quoted cell may span lines).
- Bounds: files over `MAX_BYTES`, a line over `MAX_LINE` characters, a row over `MAX_FIELDS`
  cells or more than `MAX_ROWS` rows are refused as UnreadableFile, with a Thai reason.
"""

from __future__ import annotations

import csv
import io
import os
import re
from pathlib import Path

from docgen.model import DocumentContent, Table, UnreadableFile

MAX_BYTES = 20 * 1024 * 1024
MAX_LINE = 1_000_000  # characters
MAX_FIELDS = 1_000
MAX_ROWS = 50_000
_DELIMITERS = (",", "\t", ";", "|")
_SPACE = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

MSG_ENCODING = "อ่านตัวอักษรในไฟล์นี้ไม่ได้ (ไม่ทราบการเข้ารหัสอักขระ) กรุณาบันทึกเป็น CSV แบบ UTF-8 แล้วส่งใหม่"
MSG_BINARY = (
    "ไฟล์นี้ไม่ใช่ไฟล์ข้อความ อาจเสียหายหรือตั้งนามสกุลไฟล์ผิด กรุณาส่งเป็น Word (.docx) Excel (.xlsx .csv) หรือ PDF"
)


def decode_text(data: bytes) -> str:
    """The text of a CSV/TXT file's bytes, or UnreadableFile."""
    if data.startswith(b"\xef\xbb\xbf"):
        text = data[3:].decode("utf-8", errors="replace")
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace")
    elif order := _utf16_order(data):
        text = data.decode(order, errors="replace")
    else:
        data = data.replace(b"\x00", b"")
        text = _decode_plain(data)
    text = text.replace("\x00", "")
    if text:
        sample = text[:100_000]
        controls = len(_CONTROL.findall(sample)) + sample.count("\ufffd")
        if controls > max(10, len(sample) // 100):
            raise UnreadableFile(MSG_BINARY)
    return text


def _utf16_order(data: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' for UTF-16 without a BOM, judged by the high bytes.

    Thai and ASCII in UTF-16 put 0x0E or 0x00 in every other byte; no cp874 or UTF-8 text does.
    """
    head = data[:4000]
    half = len(head) // 2
    if half < 2:
        return None
    high_le = sum(1 for b in head[1::2] if b in (0, 0x0E))
    high_be = sum(1 for b in head[0::2] if b in (0, 0x0E))
    if high_le > half * 0.9 and high_be < half * 0.5:
        return "utf-16-le"
    if high_be > half * 0.9 and high_le < half * 0.5:
        return "utf-16-be"
    return None


def _decode_plain(data: bytes) -> str:
    for encoding in ("utf-8", "cp874"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:200_000]).best()
    except Exception:
        best = None
    if best is None or best.encoding is None:
        raise UnreadableFile(MSG_ENCODING)
    try:
        return data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise UnreadableFile(MSG_ENCODING) from exc


def _read_bytes(path: Path) -> bytes:
    with open(path, "rb") as f:
        too_big = os.fstat(f.fileno()).st_size > MAX_BYTES
        data = b"" if too_big else f.read()
    if too_big or len(data) > MAX_BYTES:
        raise UnreadableFile(f"ไฟล์ข้อความนี้ใหญ่เกิน {MAX_BYTES // (1024 * 1024)} MB เกินกำหนดที่ระบบอ่านได้")
    return data


def _check_lines(text: str) -> list[str]:
    lines = text.splitlines()
    for number, line in enumerate(lines, start=1):
        if len(line) > MAX_LINE:
            raise UnreadableFile(
                f"บรรทัดที่ {number} ของไฟล์นี้ยาวผิดปกติ (เกิน {MAX_LINE:,} ตัวอักษร) ระบบไม่อ่านไฟล์นี้"
            )
    return lines


def guess_delimiter(lines: list[str]) -> str:
    """The delimiter found on the most of the first non-empty lines (comma if none)."""
    sample = [line for line in lines[:60] if line.strip()][:40]
    best, best_score = ",", (0, 0)
    for delimiter in _DELIMITERS:
        score = (
            sum(1 for line in sample if delimiter in line),
            sum(line.count(delimiter) for line in sample),
        )
        if score > best_score:
            best, best_score = delimiter, score
    return best


def read_csv(path: Path) -> DocumentContent:
    """Read a CSV (or TSV) file into one table."""
    text = decode_text(_read_bytes(path))
    lines = _check_lines(text)
    delimiter = guess_delimiter(lines)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[str, ...]] = []
    numbers: list[int] = []
    start = 1
    try:
        for record in reader:
            if len(record) > MAX_FIELDS:
                raise UnreadableFile(
                    f"บรรทัดที่ {start} ของไฟล์นี้มีช่องข้อมูลมากผิดปกติ (เกิน {MAX_FIELDS:,} ช่อง)"
                )
            cells = [_SPACE.sub(" ", cell).strip() for cell in record]
            while cells and not cells[-1]:
                cells.pop()
            if cells:
                rows.append(tuple(cells))
                numbers.append(start)
                if len(rows) > MAX_ROWS:
                    raise UnreadableFile(
                        f"ไฟล์นี้มีข้อมูลเกิน {MAX_ROWS:,} แถว เกินกำหนดที่ระบบอ่านได้ กรุณาแยกเป็นไฟล์ย่อย"
                    )
            start = reader.line_num + 1
    except csv.Error as exc:
        raise UnreadableFile(
            f"อ่านไฟล์ CSV นี้ไม่ได้ตั้งแต่บรรทัดที่ {start} (รูปแบบไม่ถูกต้องหรือช่องข้อมูลยาวเกินกำหนด)"
        ) from exc
    tables = (Table(rows=tuple(rows), row_numbers=tuple(numbers)),) if rows else ()
    return DocumentContent(paragraphs=(), tables=tables)


def read_txt(path: Path) -> DocumentContent:
    """Read a plain text file: one paragraph per non-empty line."""
    text = decode_text(_read_bytes(path))
    lines = _check_lines(text)
    paragraphs = tuple(p for p in (_SPACE.sub(" ", line).strip() for line in lines) if p)
    return DocumentContent(paragraphs=paragraphs)
