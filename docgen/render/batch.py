"""Batch certificates: read and check every row, number them, render chunks, merge one PDF.

The pieces are pure functions so that the CLI (one process, threads for LibreOffice) and the
Celery workers (a chord of chunk tasks and a merge task) build the same result from the same
steps:

    rows = read_certificate_rows(path, issue_date=..., officer_name=...)   # all errors at once
    rows = assign_numbers(rows, numberer)                                  # registry numbers
    chunks = plan_chunks(rows, size)                                       # JSON-able
    results = [render_chunk(chunk, out_dir, pdf=True) for chunk in chunks] # DOCX + chunk PDF
    merge_chunks([r.pdf for r in results], out_dir / "certificates.pdf")

`batch_certificates(...)` is exactly that, with LibreOffice converters in parallel threads.
Documents go to disk one by one; nothing holds every document in memory.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import os
import re
import threading
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from docgen.model import DocgenError, UnusableInput
from docgen.render.compiled import CompiledTemplate
from docgen.reports.table import header_index, header_key, table_lines
from docgen.thai.dates import today_in_thailand

__all__ = [
    "BatchResult",
    "CertificateNumberer",
    "CertificateRow",
    "Chunk",
    "ChunkResult",
    "GivenNumber",
    "GivenNumberClash",
    "InMemoryNumberer",
    "NumberClash",
    "assign_numbers",
    "batch_certificates",
    "certificate_template",
    "chunk_size_for",
    "merge_chunks",
    "plan_chunks",
    "read_certificate_rows",
    "render_chunk",
]

ProgressCallback = Callable[[int, int], None]

KIND = "certificate"
MAX_ROWS = 20_000
DEFAULT_OFFICER = "." * 40  # signed and named by hand when no name is given
MERGED_PDF = "certificates.pdf"
CHUNKS_DIR = ".chunks"


# ---------------------------------------------------------------------------
# Certificate numbers.
# ---------------------------------------------------------------------------
#
# What an office expects of the numbers in a batch file:
#
# * A number given in the file (`เลขที่ใบรับรอง`) is printed as given, and recorded in the
#   registry under the group, so the registry never hands the same number to another group.
# * A given number the registry already issued to ANOTHER group is a bad row; so is a given
#   number for a group the registry already numbered differently (one group, one number).
#   A given number equal to the one the group already has is fine (a re-issue or a rerun).
# * Empty cells get the next numbers of the district and year. Given numbers above the
#   counter are "taken": automatic numbering steps over them and never leaves a number unused,
#   so the numbers issued (given and automatic together) have no gap below the counter.
# * Every number is keyed by the group, so a rerun gets the same numbers and the same files.


@dataclass(frozen=True)
class GivenNumber:
    """A certificate number typed in the batch file for one group (the row's identity)."""

    district_code: str
    key: str  # the group's numbering key
    number: str  # canonical `12/2569`
    row: int = 0  # sheet row, for messages
    group_name: str = ""
    moo: str = ""

    @property
    def seq(self) -> int:
        return int(self.number.split("/", 1)[0])

    @property
    def be_year(self) -> int:
        return int(self.number.split("/", 1)[1])


@dataclass(frozen=True)
class NumberClash:
    """A given number the registry cannot accept, and why (kind `other_group` or `renumbered`)."""

    given: GivenNumber
    kind: str
    held_number: str = ""  # renumbered: the number the group already has
    holder: str = ""  # other_group: the other group's name, when known

    def message_th(self) -> str:
        where = f"แถวที่ {self.given.row}"
        if self.kind == "renumbered":
            return (
                f"{where}: กลุ่มนี้ได้รับเลขที่ใบรับรอง {self.held_number} ไปแล้ว "
                f"จะใช้เลขที่ {self.given.number} ไม่ได้ (เว้นว่างหรือใส่ {self.held_number})"
            )
        holder = f" ({self.holder})" if self.holder else ""
        return (
            f"{where}: เลขที่ใบรับรอง {self.given.number} ออกให้กลุ่มอื่นไปแล้ว{holder} "
            "ใช้ซ้ำไม่ได้ (เว้นว่างเพื่อให้ระบบออกเลขใหม่ หรือแก้เป็นเลขที่ถูกต้อง)"
        )


class GivenNumberClash(Exception):
    """Given numbers the registry cannot accept; nothing was recorded."""

    def __init__(self, clashes: Sequence[NumberClash]) -> None:
        super().__init__(f"{len(clashes)} given certificate numbers clash")
        self.clashes = list(clashes)


class CertificateNumberer(Protocol):
    """Gives certificate numbers `ลำดับ/พ.ศ.` (e.g. `12/2569`) for a district and year.

    Idempotent per key: a key seen before gets the number it already has, so a retried batch
    gets the same numbers. `docgen.registry.numbering.RegistryNumberer` is the real one.
    """

    def next_numbers(self, district_code: str, be_year: int, keys: Sequence[str]) -> list[str]: ...

    def check_given(self, given: Sequence[GivenNumber]) -> list[NumberClash]:
        """The clashes of given numbers with what is recorded (changes nothing)."""
        ...

    def number_batch(
        self, given: Sequence[GivenNumber], wanted: Sequence[tuple[str, int, str]]
    ) -> list[str]:
        """Record the given numbers, then number each (district, year, key) of `wanted`, in
        order, stepping over taken numbers; all or nothing. Raises GivenNumberClash."""
        ...


def _name_in_key(key: str) -> str:
    """The group name inside a batch row's numbering key (see `_group_key`)."""
    if key.startswith("batch-certificate:"):
        parts = key.split(":", 1)[1].split("|")
        if len(parts) >= 2:
            return parts[1]
    return ""


class InMemoryNumberer:
    """Numbers kept in dicts, with the registry's rules: for tests and runs without a registry."""

    def __init__(self) -> None:
        self._last: dict[tuple[str, int], int] = {}
        self._by_key: dict[str, tuple[str, str]] = {}  # key -> (district, number)
        self._by_number: dict[tuple[str, str], str] = {}  # (district, number) -> key
        self._names: dict[str, str] = {}  # key -> group name
        self._lock = threading.Lock()

    def _clashes(self, given: Sequence[GivenNumber]) -> list[NumberClash]:
        out = []
        for g in given:
            held = self._by_key.get(g.key)
            if held is not None and held != (g.district_code, g.number):
                out.append(NumberClash(g, "renumbered", held_number=held[1]))
                continue
            holder = self._by_number.get((g.district_code, g.number))
            if holder is not None and holder != g.key:
                name = self._names.get(holder) or _name_in_key(holder)
                out.append(NumberClash(g, "other_group", holder=name))
        return out

    def check_given(self, given: Sequence[GivenNumber]) -> list[NumberClash]:
        with self._lock:
            return self._clashes(given)

    def _take(self, key: str, district: str, number: str, name: str = "") -> None:
        self._by_key[key] = (district, number)
        self._by_number[(district, number)] = key
        if name:
            self._names[key] = name

    def number_batch(
        self, given: Sequence[GivenNumber], wanted: Sequence[tuple[str, int, str]]
    ) -> list[str]:
        with self._lock:
            clashes = self._clashes(given)
            if clashes:
                raise GivenNumberClash(clashes)
            for g in given:
                self._take(g.key, g.district_code, g.number, g.group_name)
            out = []
            for district, year, key in wanted:
                if key not in self._by_key:
                    seq = self._last.get((district, year), 0) + 1
                    while (district, f"{seq}/{year}") in self._by_number:
                        seq += 1  # a given number: step over it
                    self._last[(district, year)] = seq
                    self._take(key, district, f"{seq}/{year}")
                out.append(self._by_key[key][1])
            return out

    def next_numbers(self, district_code: str, be_year: int, keys: Sequence[str]) -> list[str]:
        return self.number_batch([], [(district_code, be_year, k) for k in keys])


# ---------------------------------------------------------------------------
# Rows.
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CertificateRow:
    """One certificate to issue: its place in the input, its file name and its checked data.

    `data` is JSON (dates as ISO text): what `docgen render certificate` takes.
    """

    index: int  # 1-based order in the input
    row: int  # the row number a person sees in the sheet (header = its own row)
    data: dict[str, Any]
    district_code: str | None = None
    key: str = ""  # identity of the group, for numbering

    @property
    def group_name(self) -> str:
        return str(self.data.get("group_name", ""))

    def file_name(self, width: int = 4) -> str:
        return f"{self.index:0{width}d}_{safe_file_stem(self.group_name)}.docx"

    def to_json(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "row": self.row,
            "data": self.data,
            "district_code": self.district_code,
            "key": self.key,
        }

    @classmethod
    def from_json(cls, obj: Mapping[str, Any]) -> CertificateRow:
        return cls(
            index=int(obj["index"]),
            row=int(obj["row"]),
            data=dict(obj["data"]),
            district_code=obj.get("district_code"),
            key=str(obj.get("key", "")),
        )


_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]+')


def safe_file_stem(name: str, limit: int = 80) -> str:
    """A file name part that is safe on Windows and Linux and still says which group it is."""
    text = unicodedata.normalize("NFC", name)
    text = _UNSAFE.sub(" ", text)
    text = re.sub(r"\s+", "_", text.strip()).strip("._")
    return text[:limit] or "กลุ่ม"


# Batch input columns (CONTRACT.md): Thai or English header -> field.
_COLUMNS: dict[str, tuple[str, ...]] = {
    "group_name": ("ชื่อกลุ่ม", "group_name", "groupname", "group"),
    "house_no": ("เลขที่", "บ้านเลขที่", "house_no", "house_number"),
    "moo": ("หมู่ที่", "หมู่", "moo"),
    "subdistrict": ("ตำบล", "แขวง", "subdistrict", "tambon"),
    "district": ("อำเภอ", "เขต", "district", "amphoe"),
    "province": ("จังหวัด", "province", "changwat"),
    "members": ("จำนวนสมาชิก", "จำนวนสมาชิกกลุ่ม", "members", "member_count"),
    "chair": ("ประธาน", "ประธานกลุ่ม", "ชื่อประธาน", "chair"),
    "established": ("วันที่จัดตั้ง", "วันที่จัดตั้งกลุ่ม", "established"),
    "main_activity": ("กิจกรรมหลัก", "main_activity"),
    "certificate_no": ("เลขที่ใบรับรอง", "certificate_no", "certificate_number"),
}
_REQUIRED: dict[str, str] = {
    "group_name": "ชื่อกลุ่ม",
    "subdistrict": "ตำบล",
    "district": "อำเภอ",
    "province": "จังหวัด",
    "members": "จำนวนสมาชิก",
    "chair": "ประธาน",
    "established": "วันที่จัดตั้ง",
}


_HEADER_INDEX: dict[str, str] = header_index(_COLUMNS)


def read_input_table(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows of a batch input file (CSV or XLSX) as (sheet row number, {field: text}).

    The header row is the first row (among the first ten) naming the batch columns, in Thai
    or English; extra columns are ignored; empty rows are skipped.
    """
    path = Path(path)
    if not path.is_file():
        raise UnusableInput(f"ไม่พบไฟล์ข้อมูล {path}")
    columns: dict[int, str] | None = None
    for number, values in enumerate(table_lines(path), start=1):
        if columns is None:
            found = {
                i: _HEADER_INDEX[header_key(v)]
                for i, v in enumerate(values)
                if v and header_key(v) in _HEADER_INDEX
            }
            if len(set(found.values())) >= 2:
                columns = found
                missing = [label for name, label in _REQUIRED.items() if name not in found.values()]
                if missing:
                    raise UnusableInput(
                        f"ไฟล์ {path.name} ไม่มีคอลัมน์ที่ต้องมี: {', '.join(missing)}",
                        errors=[f"ไม่มีคอลัมน์ {label}" for label in missing],
                    )
            elif number >= 10:
                break
            continue
        if not any(values):
            continue
        yield number, {name: (values[i] if i < len(values) else "") for i, name in columns.items()}
    if columns is None:
        raise UnusableInput(
            f"ไม่พบแถวหัวตารางในไฟล์ {path.name} (ต้องมีคอลัมน์ เช่น ชื่อกลุ่ม ตำบล อำเภอ จังหวัด)"
        )


def _members(text: str) -> str:
    from docgen.thai.digits import thai_to_arabic_digits

    cleaned = thai_to_arabic_digits(text)
    cleaned = re.sub(r"\s*(ราย|คน)\s*$", "", cleaned).replace(",", "").strip()
    return cleaned


def _group_key(data: Mapping[str, Any], district_code: str | None) -> str:
    address = data.get("address", {})
    parts = [
        district_code or "",
        str(data.get("group_name", "")),
        str(address.get("moo", "")),
        str(address.get("subdistrict", "")),
    ]
    return "batch-certificate:" + "|".join(re.sub(r"\s+", "", p) for p in parts)


_TOTAL_WORDS = {"รวม", "รวมทั้งสิ้น", "รวมทั้งหมด", "ยอดรวม", "total", "sum"}


def _is_total_row(values: Mapping[str, str]) -> bool:
    """A sheet's totals row under the table (`รวม ... 120`): no group, no place, nothing to certify."""
    name = re.sub(r"[\s:.]", "", values.get("group_name", "")).lower()
    others = ("subdistrict", "district", "province", "chair", "established")
    return (not name or name in _TOTAL_WORDS) and not any(values.get(k) for k in others)


def read_certificate_rows(
    path: Path,
    *,
    issue_date: dt.date,
    officer_name: str = "",
    numberer: CertificateNumberer | None = None,
    district_code: str | None = None,
    district_name: str = "",
) -> list[CertificateRow]:
    """Read and check every row; raise UnusableInput listing every bad field of every bad row
    (`แถวที่ 5: ไม่มีชื่อกลุ่ม`) before anything is rendered. With `numberer`, given
    certificate numbers are also checked against the numbers it has issued (changing nothing).

    Rows go through the Department's rules on typed group data (`rules/entry.py`, as the
    bylaws form does): at least 10 members, a founding date that has come (by `issue_date`)
    and is not implausibly old. With `district_code` (the officer's district) every row must
    lie in that district, whether it gives its own number or not."""
    from docgen.render.engine import clean_data
    from docgen.render.schemas import validate_data
    from docgen.rules.entry import check_founding_date, check_members
    from docgen.thai.dates import be_year
    from docgen.thai.places import resolve_place

    rows: list[CertificateRow] = []
    errors: list[str] = []
    given_numbers: list[GivenNumber] = []
    issue_year = be_year(issue_date)
    first_row_of: dict[str, int] = {}
    places: dict[tuple[str, str], Any] = {}
    subdistricts: dict[tuple[str, str, str], Any] = {}
    given_row: dict[tuple[str, str], int] = {}
    for number, values in read_input_table(path):
        if len(rows) + len(errors) >= MAX_ROWS:
            raise UnusableInput(f"ไฟล์มีข้อมูลเกิน {MAX_ROWS:,} แถว กรุณาแบ่งเป็นหลายไฟล์")
        if _is_total_row(values):
            continue
        where = f"แถวที่ {number}"
        missing = [label for name, label in _REQUIRED.items() if not values.get(name)]
        row_errors = [f"{where}: ไม่มี{label}" for label in missing]
        data: dict[str, Any] = {
            "group_name": values.get("group_name", ""),
            "address": {
                "house_no": values.get("house_no", ""),
                "moo": values.get("moo", ""),
                "subdistrict": values.get("subdistrict", ""),
                "district": values.get("district", ""),
                "province": values.get("province", ""),
            },
            "member_count": _members(values.get("members", "")),
            "main_activity": values.get("main_activity", ""),
            "established": values.get("established") or None,
            "certificate_no": values.get("certificate_no") or "1/2500",  # checked below
            "issue_date": issue_date.isoformat(),
            "officer_name": officer_name or DEFAULT_OFFICER,
        }
        try:
            model = validate_data(KIND, clean_data(data))
        except UnusableInput as exc:
            # Fields already reported as missing are not reported twice.
            lines = [
                line
                for line in exc.errors
                if not any(label in line.split(":", 1)[0] for label in missing)
            ]
            row_errors += [f"{where}: {line}" for line in lines]
            model = None
        # The Department's rules, said with the row's other problems (all at once).
        for name, rule in (
            ("members", check_members(values.get("members", ""))),
            ("established", check_founding_date(values.get("established", ""), issue_date)),
        ):
            if rule and values.get(name) and not _reported(row_errors, name):
                row_errors.append(f"{where}: {rule}")
        if row_errors or model is None:
            errors.extend(row_errors or [f"{where}: ข้อมูลไม่ถูกต้อง"])
            continue
        checked = model.model_dump(mode="json")
        checked["chair"] = values.get("chair", "")
        if not values.get("certificate_no"):
            checked["certificate_no"] = ""
        address = checked["address"]
        # Numbers run per district: the district and province name it (district names are
        # unique within a province). Batches repeat the same few districts: resolve each once.
        where_key = (address["district"], address["province"])
        place = places.get(where_key)
        if place is None:
            place = places[where_key] = resolve_place("", *where_key)
        if not checked["certificate_no"] and place.district_code is None:
            errors.append(
                f"{where}: ไม่พบอำเภอ{address['district']} จังหวัด{address['province']} "
                "จึงออกเลขที่ใบรับรองไม่ได้"
            )
            continue
        # A certificate names a real place: the subdistrict must be one of the district's.
        sub_key = (address["subdistrict"], *where_key)
        if sub_key not in subdistricts:
            subdistricts[sub_key] = resolve_place(*sub_key)
        real = subdistricts[sub_key]
        if real.subdistrict_code is None:
            errors.append(
                f"{where}: ไม่พบตำบล{address['subdistrict']} อำเภอ{address['district']} "
                f"จังหวัด{address['province']} ในทะเบียนพื้นที่"
            )
            continue
        # The certificate prints the official names (อ.เมือง -> อำเภอเมืองขอนแก่น).
        address.update(subdistrict=real.subdistrict, district=real.district, province=real.province)
        if district_code and real.district_code != district_code:
            # Another district's group, numbered or not: its office certifies it, not this one.
            mine = f"อำเภอ{district_name}" if district_name else f"อำเภอรหัส {district_code}"
            errors.append(
                f"{where}: ตำบล{real.subdistrict} อำเภอ{real.district} จังหวัด{real.province} "
                f"อยู่นอก{mine}ซึ่งบัญชีนี้รับผิดชอบ จึงออกใบรับรองให้ไม่ได้"
            )
            continue
        given = checked["certificate_no"]
        if given:
            seq_text, year_text = given.split("/", 1)
            given = checked["certificate_no"] = f"{int(seq_text)}/{int(year_text)}"
            if int(seq_text) < 1:
                errors.append(f"{where}: เลขที่ใบรับรอง {given} ลำดับต้องเริ่มที่ 1")
                continue
            if not 2400 <= int(year_text) <= issue_year:
                errors.append(
                    f"{where}: เลขที่ใบรับรอง {given} ปีต้องเป็นปี พ.ศ. ไม่เกินปีที่ออกใบรับรอง ({issue_year})"
                )
                continue
        if given and place.district_code is not None:
            if (place.district_code, given) in given_row:
                errors.append(
                    f"{where}: เลขที่ใบรับรอง {given} ซ้ำกับแถวที่ "
                    f"{given_row[(place.district_code, given)]} ในอำเภอเดียวกัน"
                )
                continue
            given_row[(place.district_code, given)] = number
        key = _group_key(checked, place.district_code)
        if key in first_row_of:
            errors.append(f"{where}: เป็นกลุ่มเดียวกับแถวที่ {first_row_of[key]}")
            continue
        first_row_of[key] = number
        if given and place.district_code is not None:
            given_numbers.append(
                GivenNumber(
                    place.district_code,
                    key,
                    given,
                    row=number,
                    group_name=checked["group_name"],
                    moo=address.get("moo", ""),
                )
            )
        rows.append(
            CertificateRow(
                index=len(rows) + 1,
                row=number,
                data=checked,
                district_code=place.district_code,
                key=key,
            )
        )
    if numberer is not None and given_numbers:
        # Numbers issued in earlier runs or through the web: reported with the rest, in row order.
        clashes = numberer.check_given(given_numbers)
        if clashes:
            errors = _by_row(errors + [c.message_th() for c in clashes])
    if errors:
        raise UnusableInput(
            f"ข้อมูลในไฟล์ {Path(path).name} ไม่ถูกต้อง {len(errors)} รายการ ยังไม่ได้สร้างใบรับรอง",
            errors=errors,
        )
    if not rows:
        raise UnusableInput(f"ไม่มีข้อมูลกลุ่มในไฟล์ {Path(path).name}")
    return rows


_RULE_WORDS = {"members": "จำนวนสมาชิก", "established": "วันที่จัดตั้ง"}


def _reported(row_errors: Sequence[str], name: str) -> bool:
    """Whether the template's own check already spoke of this box (not said twice)."""
    label = _RULE_WORDS[name]
    return any(label in line.split(":", 2)[1] for line in row_errors if line.count(":") >= 1)


def _by_row(errors: Sequence[str]) -> list[str]:
    """Messages `แถวที่ N: ...` in row order (stable: a row's own messages keep their order)."""

    def row_of(text: str) -> int:
        m = re.match(r"แถวที่ (\d+)", text)
        return int(m.group(1)) if m else 0

    return sorted(errors, key=row_of)


def assign_numbers(
    rows: Sequence[CertificateRow], numberer: CertificateNumberer
) -> list[CertificateRow]:
    """Record the numbers the file gives and number every row that has none, in input order,
    in one registry call (all or nothing). A given number the registry issued to another
    group, or a group the registry numbered differently, is a bad row: UnusableInput lists
    them all and nothing is recorded."""
    from docgen.thai.dates import be_year

    given: list[GivenNumber] = []
    wanting: list[int] = []
    wanted: list[tuple[str, int, str]] = []
    for i, row in enumerate(rows):
        number = row.data.get("certificate_no")
        if number:
            if row.district_code is not None:
                given.append(
                    GivenNumber(
                        row.district_code,
                        row.key,
                        str(number),
                        row=row.row,
                        group_name=row.group_name,
                        moo=str(row.data.get("address", {}).get("moo", "")),
                    )
                )
        else:
            year = be_year(dt.date.fromisoformat(row.data["issue_date"]))
            wanting.append(i)
            wanted.append((str(row.district_code), year, row.key))
    try:
        numbers = numberer.number_batch(given, wanted)
    except GivenNumberClash as exc:
        raise UnusableInput(
            f"เลขที่ใบรับรองในไฟล์ซ้ำกับที่ออกไปแล้ว {len(exc.clashes)} รายการ ยังไม่ได้สร้างใบรับรอง",
            errors=_by_row([c.message_th() for c in exc.clashes]),
        ) from exc
    out = list(rows)
    for i, number in zip(wanting, numbers, strict=True):
        data = dict(rows[i].data, certificate_no=number)
        out[i] = CertificateRow(
            rows[i].index, rows[i].row, data, rows[i].district_code, rows[i].key
        )
    # A registry numberer keeps each certificate as a group of the registry (the reports' source).
    record_groups = getattr(numberer, "record_groups", None)
    if record_groups is not None:
        record_groups([r for r in out if r.district_code is not None])
    return out


# ---------------------------------------------------------------------------
# Chunks.
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Chunk:
    """Consecutive rows rendered (and converted) together. JSON-able for task messages."""

    index: int  # 0-based position among the chunks
    rows: tuple[CertificateRow, ...]
    width: int = 4  # digits of the running number in file names

    def to_json(self) -> dict[str, Any]:
        return {"index": self.index, "width": self.width, "rows": [r.to_json() for r in self.rows]}

    @classmethod
    def from_json(cls, obj: Mapping[str, Any]) -> Chunk:
        return cls(
            index=int(obj["index"]),
            rows=tuple(CertificateRow.from_json(r) for r in obj["rows"]),
            width=int(obj.get("width", 4)),
        )


@dataclass
class ChunkResult:
    """What one chunk wrote: its DOCX files in order, and its PDF when asked for."""

    index: int
    docx: list[Path] = field(default_factory=list)
    pdf: Path | None = None
    seconds: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "docx": [str(p) for p in self.docx],
            "pdf": str(self.pdf) if self.pdf else None,
            "seconds": self.seconds,
        }

    @classmethod
    def from_json(cls, obj: Mapping[str, Any]) -> ChunkResult:
        return cls(
            index=int(obj["index"]),
            docx=[Path(p) for p in obj["docx"]],
            pdf=Path(obj["pdf"]) if obj.get("pdf") else None,
            seconds=float(obj.get("seconds", 0.0)),
        )


def chunk_size_for(total: int, workers: int, *, pdf: bool, max_size: int = 500) -> int:
    """Chunks that keep every converter busy: a multiple of `workers` chunks, each at most
    `max_size` certificates (one LibreOffice call each)."""
    if not pdf:
        return max(1, min(total, max_size))
    workers = max(1, workers)
    rounds = max(1, math.ceil(total / (workers * max_size)))
    return max(1, math.ceil(total / (workers * rounds)))


def plan_chunks(rows: Iterable[CertificateRow], size: int) -> list[Chunk]:
    """Split rows, in order, into chunks of `size`."""
    rows = list(rows)
    size = max(1, size)
    width = max(4, len(str(len(rows))))
    return [
        Chunk(index=n, rows=tuple(rows[start : start + size]), width=width)
        for n, start in enumerate(range(0, len(rows), size))
    ]


_templates: dict[tuple[str, float], CompiledTemplate] = {}
_templates_lock = threading.Lock()


def certificate_template(path: Path | None = None, *, emblem_path: str = "") -> CompiledTemplate:
    """The certificate template, compiled once per process (and again if the file changes);
    with `emblem_path`, the office's emblem in its slot (the same copy the single path uses)."""
    from docgen.render.engine import jinja_env, kind_template

    path = Path(path) if path is not None else kind_template(KIND)
    if emblem_path:
        from docgen.render.emblem import template_with_emblem

        path = template_with_emblem(path, Path(emblem_path))
    key = (str(path.resolve()), path.stat().st_mtime)
    with _templates_lock:
        found = _templates.get(key)
        if found is None:
            found = CompiledTemplate.prepare(path, jinja_env=jinja_env(), autoescape=True)
            _templates[key] = found
        return found


def row_context(row: CertificateRow) -> dict[str, Any]:
    """The template context of one row: the same as `docgen render certificate` builds."""
    from docgen.render.engine import build_context, clean_data
    from docgen.render.schemas import validate_data

    return build_context(KIND, validate_data(KIND, clean_data(row.data)))


def with_office_fields(
    rows: Sequence[CertificateRow], office_of: Callable[[str], Mapping[str, str]]
) -> list[CertificateRow]:
    """Each row with its district office's fields; the profile's signer, when it names one,
    signs in place of the name given for the whole batch."""
    cache: dict[str, Mapping[str, str]] = {}
    out: list[CertificateRow] = []
    for r in rows:
        code = r.district_code or ""
        if code not in cache:
            cache[code] = office_of(code)
        office = cache[code]
        if not office:
            out.append(r)
            continue
        signer = office.get("signer_name") or ""
        data = {**r.data, **office, **({"officer_name": signer} if signer else {})}
        out.append(CertificateRow(r.index, r.row, data, r.district_code, r.key))
    return out


def _emblem_of(rows: Sequence[CertificateRow]) -> str:
    """The office's emblem for a batch (one office issues a batch: its first row says)."""
    return str(rows[0].data.get("emblem_path") or "") if rows else ""


_process_converter: Any = None


def _default_converter(soffice: str) -> Any:
    """One converter per process (each Celery worker process keeps its own warm profile)."""
    global _process_converter
    from docgen.render.soffice_pool import ChunkConverter

    if _process_converter is None or _process_converter.soffice != soffice:
        _process_converter = ChunkConverter(soffice)
    return _process_converter


def _atomic_write(path: Path, write: Callable[[Path], Any]) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def render_chunk(
    chunk: Chunk,
    out_dir: Path,
    *,
    template: CompiledTemplate | None = None,
    pdf: bool = False,
    converter: Any = None,
    soffice: str = "soffice",
    on_each: Callable[[], None] | None = None,
) -> ChunkResult:
    """Write the chunk's DOCX files into `out_dir` and, with `pdf`, the chunk's PDF into
    `out_dir/.chunks/`. Rerunning a chunk rewrites the same files (safe to retry)."""
    started = time.perf_counter()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    template = template or certificate_template(emblem_path=_emblem_of(chunk.rows))
    result = ChunkResult(index=chunk.index)
    bodies: list[str] | None = [] if pdf and template.body_only else None
    for row in chunk.rows:
        target = out_dir / row.file_name(chunk.width)
        context = row_context(row)
        # Written in place: a retried chunk rewrites the same files, and a batch is not done
        # (no summary, no merged PDF) until every chunk is.
        template.render(context, target, body_sink=bodies)
        result.docx.append(target)
        if on_each is not None:
            on_each()
    if pdf:
        converter = converter or _default_converter(soffice)
        work = out_dir / CHUNKS_DIR
        work.mkdir(exist_ok=True)
        chunk_pdf = work / f"chunk-{chunk.index:05d}.pdf"
        if template.body_only:
            merged = work / f"chunk-{chunk.index:05d}.docx"
            if bodies is not None and len(bodies) == len(chunk.rows):
                template.merge_bodies(bodies, merged)  # the bodies of the files just written
            else:
                template.render_merged((row_context(r) for r in chunk.rows), merged)
            converter.convert_many([merged], [chunk_pdf])
            merged.unlink(missing_ok=True)
        else:
            # Headers or footers change per certificate: convert the files, still in one call.
            singles = [
                work / f"chunk-{chunk.index:05d}-{n:05d}.pdf" for n in range(len(chunk.rows))
            ]
            converter.convert_many(result.docx, singles)
            merge_chunks(singles, chunk_pdf)
            for single in singles:
                single.unlink(missing_ok=True)
        result.pdf = chunk_pdf
    result.seconds = time.perf_counter() - started
    return result


def merge_chunks(chunk_pdfs: Sequence[Path], out_pdf: Path) -> Path:
    """One PDF from the chunk PDFs, in the given order."""
    from pypdf import PdfWriter

    out_pdf = Path(out_pdf)
    out_pdf.parent.mkdir(parents=True, exist_ok=True)
    writer = PdfWriter()
    for part in chunk_pdfs:
        writer.append(str(part))
    _atomic_write(out_pdf, lambda tmp: writer.write(str(tmp)))
    writer.close()
    return out_pdf


# ---------------------------------------------------------------------------
# The whole batch, in one process.
# ---------------------------------------------------------------------------


@dataclass
class BatchResult:
    count: int
    out_dir: Path
    docx: list[Path]
    pdf: Path | None
    seconds: float
    chunks: int


class _Progress:
    def __init__(self, total: int, callback: ProgressCallback | None) -> None:
        self.total = total
        self.done = 0
        self._callback = callback
        self._lock = threading.Lock()

    def step(self, n: int = 1) -> None:
        with self._lock:
            self.done += n
            done = self.done
        if self._callback is not None:
            self._callback(done, self.total)


def batch_certificates(
    input_path: Path,
    out_dir: Path,
    *,
    numberer: CertificateNumberer,
    pdf: bool = False,
    workers: int = 2,
    on_progress: ProgressCallback | None = None,
    issue_date: dt.date | None = None,
    officer_name: str = "",
    soffice: str = "soffice",
    profile_root: Path | None = None,
    chunk_size: int | None = None,
    template_path: Path | None = None,
    timeout_s: float = 300.0,
    office_of: Callable[[str], Mapping[str, str]] | None = None,
) -> BatchResult:
    """One certificate per row of `input_path` into `out_dir`; with `pdf`, one merged
    `out_dir/certificates.pdf` in input order. Progress counts DOCX written, then (with
    `pdf`) certificates converted.

    `office_of(district_code)` ("" for a row of no known district) gives the shared office
    fields (office_name, …, signer_name, emblem_path) of the office a row's district belongs
    to; each row is headed and signed by it (the registry's office profile, read by the door)."""
    started = time.perf_counter()
    if pdf:
        from docgen.render.pdf import soffice_binary

        soffice_binary(soffice)  # no LibreOffice: say so before writing anything
    issue_date = issue_date or today_in_thailand()
    rows = read_certificate_rows(
        Path(input_path), issue_date=issue_date, officer_name=officer_name, numberer=numberer
    )
    rows = assign_numbers(rows, numberer)
    if office_of is not None:
        rows = with_office_fields(rows, office_of)
    workers = max(1, workers)
    chunks = plan_chunks(rows, chunk_size or chunk_size_for(len(rows), workers, pdf=pdf))
    template = certificate_template(template_path, emblem_path=_emblem_of(rows))
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    progress = _Progress(len(rows) * (2 if pdf else 1), on_progress)
    if on_progress is not None:
        on_progress(0, progress.total)

    if not pdf:
        results = [
            render_chunk(chunk, out_dir, template=template, on_each=progress.step)
            for chunk in chunks
        ]
        merged_pdf = None
    else:
        from docgen.render.soffice_pool import SofficePool

        with SofficePool(
            workers, soffice=soffice, profile_root=profile_root, timeout_s=timeout_s
        ) as pool:

            def one(chunk: Chunk) -> ChunkResult:
                with pool.converter() as converter:
                    result = render_chunk(
                        chunk,
                        out_dir,
                        template=template,
                        pdf=True,
                        converter=converter,
                        on_each=progress.step,
                    )
                progress.step(len(chunk.rows))
                return result

            with ThreadPoolExecutor(max_workers=workers) as executor:
                results = list(executor.map(one, chunks))
        merged_pdf = merge_chunks([r.pdf for r in results if r.pdf], out_dir / MERGED_PDF)
        for r in results:
            if r.pdf:
                r.pdf.unlink(missing_ok=True)
        with contextlib.suppress(OSError):  # not empty: another run's files; leave them
            (out_dir / CHUNKS_DIR).rmdir()
    docx = [p for r in results for p in r.docx]
    if len(docx) != len(rows):
        raise DocgenError("สร้างใบรับรองได้ไม่ครบ")
    return BatchResult(
        count=len(rows),
        out_dir=out_dir,
        docx=docx,
        pdf=merged_pdf,
        seconds=time.perf_counter() - started,
        chunks=len(chunks),
    )
