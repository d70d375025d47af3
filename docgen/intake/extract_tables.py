"""Reading tables as offices type them: finding the header row, naming columns, skipping non-data rows."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from docgen.model import Table
from docgen.thai.digits import thai_to_arabic_digits
from docgen.thai.places import is_place_name
from docgen.thai.text import compact, has_letters, is_blank, strip_leaders

PEOPLE_NAME_FIELDS = ("full", "first")
_HEADER_SCAN_ROWS = 15


def header_field(cell: str) -> str | None:
    """The column a header cell names (`full`, `national_id`, `position`, `moo` …), or None.

    Header words vary: ชื่อ-สกุล, ชื่อ - นามสกุล, ชื่อและนามสกุล; เลขประจำตัวประชาชน,
    เลขบัตรประชาชน, เลขที่บัตร; ลำดับ, ลำดับที่, ที่; English headers too.
    """
    k = compact(cell).replace("และ", "")
    if not k or len(k) > 45:
        return None
    if any(w in k for w in ("ลายมือ", "ลงชื่อ", "ลายเซ็น", "signature", "ลงนาม")):
        return "signature"
    if any(
        w in k
        for w in (
            "ประจำตัวประชาชน",
            "บัตรประชาชน",
            "บัตรประจำตัว",
            "เลขบัตร",
            "เลขที่บัตร",
            "idcard",
            "nationalid",
            "citizenid",
            "idno",
            "pid",
        )
    ) or k in ("id", "เลขประจำตัว", "เลขประชาชน", "บัตร"):
        return "national_id"
    if "ตำแหน่ง" in k and any(
        w in k for w in ("ชุมชน", "หมู่บ้าน", "สังคม", "ท้องถิ่น", "อื่น", "ราชการ", "อาชีพ")
    ):
        return "remark"  # ตำแหน่งในชุมชน (ผู้ใหญ่บ้าน, อสม.): no post in the group's committee
    if "ตำแหน่ง" in k or k in ("position", "role", "post", "หน้าที่", "หน้าที่ในกลุ่ม"):
        return "position"
    if "โทร" in k or "phone" in k or "mobile" in k or k in ("tel", "เบอร์", "มือถือ"):
        return "phone"
    if "คำนำหน้า" in k or k in ("prefix", "title", "คำนำ"):
        return "prefix"
    if k.startswith("ที่อยู่") or k in ("address", "ภูมิลำเนา", "ที่อยู่ตามบัตร"):
        return "address"
    if k in ("บ้านเลขที่", "เลขที่", "houseno", "house", "เลขที่บ้าน", "บ้านเลขที่ที่"):
        return "house_no"
    if k in ("หมู่ที่", "หมู่", "ม", "moo", "หมู่ที", "villageno"):
        return "moo"
    if k in ("หมู่บ้าน", "บ้าน", "ชื่อหมู่บ้าน", "village"):
        return "village"
    if k in ("ตำบล", "ต", "แขวง", "ตำบลแขวง", "subdistrict", "tambon"):
        return "subdistrict"
    if k in ("อำเภอ", "อ", "เขต", "อำเภอเขต", "district", "amphoe", "amphur"):
        return "district"
    if k in ("จังหวัด", "จ", "province", "changwat"):
        return "province"
    if k in ("ลำดับ", "ลำดับที่", "ที่", "no", "#", "order", "ลำดับ ที่", "ลำ ดับ", "ลำดับที"):
        return "order"
    if k in ("นามสกุล", "สกุล", "surname", "lastname", "familyname"):
        return "last"
    if k.startswith("ชื่อเล่น") or k in ("nickname", "ฉายา"):
        return "remark"  # a nickname column is no part of the name
    if any(
        w in k for w in ("คู่สมรส", "บิดา", "มารดา", "สามี", "ภรรยา", "ผู้รับผลประโยชน์", "ทายาท", "ผู้ติดต่อ")
    ):
        return "remark"  # another person's name (spouse, heir): not the member's
    if k.startswith("ชื่อ") and "สกุล" in k:
        return "full"
    if k in (
        "รายชื่อ",
        "ชื่อสมาชิก",
        "รายชื่อสมาชิก",
        "ชื่อผู้สมัคร",
        "รายชื่อคณะกรรมการ",
        "ชื่อกรรมการ",
        "รายชื่อกรรมการ",
        "name",
        "fullname",
        "membername",
    ):
        return "full"
    if k in ("ชื่อ", "ชื่อตัว", "firstname", "first", "givenname"):
        return "first"
    if (
        (k.startswith("ชื่อ") or k.startswith("รายชื่อ"))
        and not k.startswith("ชื่อกลุ่ม")
        and not any(w in k for w in ("หมู่บ้าน", "โครงการ", "กิจกรรม", "พืช", "สัตว์", "สินค้า"))
    ):
        return "full"  # ชื่อผู้ขอจัดตั้ง, ชื่อเกษตรกร, รายชื่อผู้ร่วมจัดตั้ง …
    if k.startswith("อายุ") or k == "age":
        return "age"
    if "หมายเหตุ" in k or k in ("remark", "remarks", "note"):
        return "remark"
    if (
        "กิจกรรม" in k
        or "โครงการ" in k
        or k in ("activity", "activities", "แผนงาน", "รายการกิจกรรม", "รายการ", "งาน", "รายละเอียด")
    ):
        return "activity"
    if "ระยะเวลา" in k or "ช่วงเวลา" in k or k in ("period", "เวลา", "ปีงบประมาณ", "เดือน"):
        return "period"
    if k in _MONTHS:
        return "period"  # month columns of a plan laid out as a calendar
    if "งบประมาณ" in k or "ค่าใช้จ่าย" in k or k in ("budget", "จำนวนเงิน", "เงิน"):
        return "budget"
    if "สถานที่" in k or k == "place":
        return "place"
    if "ผู้รับผิดชอบ" in k or k == "responsible":
        return "responsible"
    if "วัตถุประสงค์" in k or "เป้าหมาย" in k:
        return "objective"
    return None


_MONTHS = frozenset(
    [
        *("ตค", "พย", "ธค", "มค", "กพ", "มีค", "เมย", "พค", "มิย", "กค", "สค", "กย"),
        *("ตุลาคม", "พฤศจิกายน", "ธันวาคม", "มกราคม", "กุมภาพันธ์", "มีนาคม"),
        *("เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม", "สิงหาคม", "กันยายน"),
    ]
)


def row_fields(row: tuple[str, ...]) -> dict[int, str]:
    """Column index → field for a row read as a header row."""
    out: dict[int, str] = {}
    for j, cell in enumerate(row):
        field = header_field(cell)
        if field is not None:
            out[j] = field
    return out


def looks_like_header(row: tuple[str, ...]) -> bool:
    """True for a header row (also one repeated where a table continues on the next page)."""
    return len(set(row_fields(row).values())) >= 2


@dataclass(frozen=True)
class TableLayout:
    """Where a table's header is and which column holds what."""

    header_index: int  # index in `table.rows` of the (last) header row; data starts after it
    field_by_column: dict[int, str]
    title_lines: tuple[str, ...]  # rows above the header (titles typed into the sheet)

    def columns(self, field: str) -> tuple[int, ...]:
        return tuple(j for j, f in sorted(self.field_by_column.items()) if f == field)

    def has(self, field: str) -> bool:
        return field in self.field_by_column.values()

    @property
    def is_people(self) -> bool:
        return any(self.has(f) for f in PEOPLE_NAME_FIELDS)


def find_layout(table: Table, kind: str = "people", *, strict: bool = False) -> TableLayout | None:
    """The header of a table of people (`kind="people"`) or of activities (`"activity"`).

    The header may sit below title rows; a second header row under a merged one (ที่อยู่ over
    บ้านเลขที่ / หมู่ที่ / ตำบล) refines the columns.
    """
    rows = table.rows
    candidates = list(enumerate(rows[:_HEADER_SCAN_ROWS]))
    if kind != "people":
        # A plan's title row may name กิจกรรม too: prefer a row naming two columns or more
        # (กิจกรรม | ระยะเวลา), else a row whose กิจกรรม sits among month columns.
        rich = [(i, r) for i, r in candidates if _activity_header(r, 2)]
        candidates = rich or (
            [] if strict else [(i, r) for i, r in candidates if _activity_header(r, 1)]
        )
    for i, row in candidates:
        fields = row_fields(row)
        values = set(fields.values())
        if kind == "people":
            ok = bool(values & set(PEOPLE_NAME_FIELDS)) and len(values) >= 2
        else:
            ok = True
        if not ok:
            continue
        header_index = i
        if i + 1 < len(rows):
            below = row_fields(rows[i + 1])
            if len(set(below.values())) >= 2 and not _has_person_data(rows[i + 1]):
                fields = {**fields, **below}
                header_index = i + 1
        fields = _spread_merged(row, rows[i + 1] if header_index > i else None, fields)
        titles = tuple(
            " ".join(_distinct_cells(r)) for r in rows[:i] if not all(is_blank(c) for c in r)
        )
        return TableLayout(header_index, fields, titles)
    return None


_SPREADING = ("full", "address", "national_id", "activity")


def _spread_merged(
    row: tuple[str, ...], below: tuple[str, ...] | None, fields: dict[int, str]
) -> dict[int, str]:
    """A header cell merged over several columns (ชื่อ-สกุล over คำนำหน้า | ชื่อ | สกุล, or 13
    boxes for the ID's digits) comes as its text then empty cells: those columns hold the same
    field, and their values are joined."""
    out = dict(fields)
    width = max(len(row), len(below or ()))
    for j in range(1, width):
        if j in out:
            continue
        own = row[j] if j < len(row) else ""
        sub = below[j] if below is not None and j < len(below) else ""
        if own.strip() or sub.strip():
            continue
        left = out.get(j - 1)
        if left in _SPREADING:
            out[j] = left
    return out


def _activity_header(row: tuple[str, ...], min_fields: int) -> bool:
    values = set(row_fields(row).values())
    if "activity" not in values or values & set(PEOPLE_NAME_FIELDS):
        return False
    return len(values) >= min_fields


def _has_person_data(row: tuple[str, ...]) -> bool:
    return any(re.search(r"\d{6,}", compact(c)) for c in row)


def _distinct_cells(row: tuple[str, ...]) -> list[str]:
    """Cell texts with horizontally merged repeats removed, in order."""
    out: list[str] = []
    for cell in row:
        text = strip_leaders(cell)
        if text and (not out or out[-1] != text):
            out.append(text)
    return out


def cell_values(row: tuple[str, ...], layout: TableLayout) -> dict[str, str]:
    """Field → text of one data row; a field over several columns (merged) is joined once."""
    out: dict[str, list[str]] = {}
    for j, field in sorted(layout.field_by_column.items()):
        if j >= len(row):
            continue
        text = strip_leaders(row[j])
        if not text:
            continue
        values = out.setdefault(field, [])
        # A merged cell repeated by some tools is taken once; an ID typed one digit per box is not.
        if not values or values[-1] != text or field == "national_id":
            values.append(text)
    return {field: " ".join(values) for field, values in out.items()}


_TOTAL = re.compile(r"^(รวม|ทั้งสิ้น|total|sum)")
_SIGNATURE_WORDS = ("ลงชื่อ", "ลายมือชื่อ", "(ลงชื่อ)", "ลงนาม")
_SIGN_OFF = ("ผู้จัดทำ", "ผู้รับรอง", "ผู้บันทึก", "รับรองว่า", "ขอรับรอง")


def is_total_row(row: tuple[str, ...]) -> bool:
    """A row of totals (รวม 12 คน); not a person's row that names ตำบลรวมไทยพัฒนา or has an ID."""
    if any(re.search(r"\d{13}", re.sub(r"[\s\-–]", "", thai_to_arabic_digits(c))) for c in row):
        return False
    return any(_TOTAL.match(compact(c)) and not is_place_name(c) for c in row if c)


def is_signature_row(row: tuple[str, ...]) -> bool:
    joined = " ".join(row)
    return any(w in compact(joined) for w in _SIGNATURE_WORDS) or any(
        w in compact(joined) for w in _SIGN_OFF
    )


@dataclass(frozen=True)
class DataRow:
    """One data row of a table: its values by field and the row number a person sees."""

    values: dict[str, str]
    row_number: int
    cells: tuple[str, ...]


def data_rows(table: Table, layout: TableLayout) -> Iterator[DataRow]:
    """Rows below the header that hold data: no blank, total, repeated header or signature rows."""
    # A ลายมือชื่อ column may hold "(ลงชื่อ)" on every row: that is no signature line below the table.
    signed = {j for j, field in layout.field_by_column.items() if field == "signature"}
    for i in range(layout.header_index + 1, len(table.rows)):
        row = table.rows[i]
        if all(is_blank(c) for c in row):
            continue
        unsigned = tuple(c for j, c in enumerate(row) if j not in signed)
        if looks_like_header(row) or is_total_row(row) or is_signature_row(unsigned):
            continue
        number = table.row_numbers[i] if i < len(table.row_numbers) else i + 1
        yield DataRow(cell_values(row, layout), number, row)


def plausible_name(text: str) -> bool:
    """A cell that could hold a person's name (not a note, a sentence, a leader or a bracket)."""
    cleaned = strip_leaders(text)
    if not cleaned or not has_letters(cleaned):
        return False
    if cleaned.startswith("("):
        return False  # "(นายสมชาย ใจดี)" under a signature line
    if len(cleaned) > 60 or len(cleaned.split()) > 6:
        return False
    return header_field(cleaned) is None
