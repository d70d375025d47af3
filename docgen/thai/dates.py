"""Dates in the Buddhist Era: formatting (15 ตุลาคม 2569) and reading what people type."""

from __future__ import annotations

import datetime as dt
import re

from docgen.thai.digits import arabic_to_thai_digits, thai_to_arabic_digits

BE_OFFSET = 543
# Thailand keeps one offset all year (no daylight saving): the office's calendar is UTC+7.
THAI_TZ = dt.timezone(dt.timedelta(hours=7), "ICT")

MONTHS_TH: tuple[str, ...] = (
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
)
MONTHS_TH_ABBR: tuple[str, ...] = (
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
)

# Month words as people type them, longest first so "มิ.ย." wins over "มิ".
_MONTH_WORDS: list[tuple[str, int]] = sorted(
    [(name, i + 1) for i, name in enumerate(MONTHS_TH)]
    + [(abbr, i + 1) for i, abbr in enumerate(MONTHS_TH_ABBR)]
    + [(abbr.replace(".", ""), i + 1) for i, abbr in enumerate(MONTHS_TH_ABBR)],
    key=lambda pair: -len(pair[0]),
)


def today_in_thailand(now: dt.datetime | None = None) -> dt.date:
    """The office's calendar day, whatever the server's clock zone."""
    return (now or dt.datetime.now(dt.UTC)).astimezone(THAI_TZ).date()


def be_year(date: dt.date) -> int:
    """The Buddhist Era year of a date (ค.ศ. + 543)."""
    return date.year + BE_OFFSET


def thai_date(date: dt.date, *, thai_digits: bool = False, short: bool = False) -> str:
    """`15 ตุลาคม 2569`, or `15 ต.ค. 2569` with `short`, or with Thai digits."""
    month = MONTHS_TH_ABBR[date.month - 1] if short else MONTHS_TH[date.month - 1]
    text = f"{date.day} {month} {be_year(date)}"
    return arabic_to_thai_digits(text) if thai_digits else text


def _year_to_ce(year: int) -> int:
    """Read a typed year: BE (2569), short BE (69), or CE (2026)."""
    if year < 100:  # two-digit years are BE in Thai offices: 69 -> 2569
        year += 2500
    if year > 2400:
        return year - BE_OFFSET
    return year


class DateParseError(ValueError):
    """A text that is not a date docgen can read."""


def parse_date(text: str | dt.date) -> dt.date:
    """Read a date as people type it: ISO `2026-10-15`, `15 ตุลาคม 2569`, `15 ต.ค. 69`,
    `15/10/2569`, Thai digits. Years above 2400 are BE; two-digit years are BE.

    Raises DateParseError (a ValueError) with a Thai message.
    """
    if isinstance(text, dt.datetime):
        return text.date()
    if isinstance(text, dt.date):
        return text
    raw = thai_to_arabic_digits(str(text)).strip()
    cleaned = re.sub(r"^(วันที่|ณ\s*วันที่)\s*", "", raw)
    cleaned = re.sub(r"\s*(พ\.ศ\.|พศ\.?|ค\.ศ\.)\s*", " ", cleaned).strip()
    try:
        m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?", cleaned)
        if m:
            return dt.date(_year_to_ce(int(m[1])), int(m[2]), int(m[3]))
        m = re.fullmatch(r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2,4})", cleaned)
        if m:
            return dt.date(_year_to_ce(int(m[3])), int(m[2]), int(m[1]))
        m = re.fullmatch(r"(\d{1,2})\s*(\D+?)\s*(\d{2,4})", cleaned)
        if m:
            word = re.sub(r"\s+", "", m[2])
            for name, month in _MONTH_WORDS:
                if word == name or word == name.replace(".", ""):
                    return dt.date(_year_to_ce(int(m[3])), month, int(m[1]))
    except ValueError as exc:
        raise DateParseError(f"วันที่ไม่ถูกต้อง: {text}") from exc
    raise DateParseError(f"อ่านวันที่ไม่ได้: {text} (ใช้รูปแบบ 15 ตุลาคม 2569 หรือ 2026-10-15)")
