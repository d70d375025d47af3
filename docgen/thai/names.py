"""Thai personal names: prefixes (นาย, นาง, นางสาว/น.ส., ranks …), splitting, keys for matching."""

from __future__ import annotations

import re
from functools import cache

from docgen.thai.text import compact, strip_leaders

# Abbreviations with the full form they stand for; both spellings match the same person.
PREFIX_CANONICAL: dict[str, str] = {
    "น.ส.": "นางสาว",
    "นส.": "นางสาว",
    "ด.ช.": "เด็กชาย",
    "ด.ญ.": "เด็กหญิง",
    "นางสาว": "นางสาว",
    "Mr.": "Mr.",
    "Mrs.": "Mrs.",
    "Ms.": "Ms.",
}

# Longest first when matching, so นางสาว wins over นาง.
PREFIXES: tuple[str, ...] = (
    "นาย",
    "นาง",
    "นางสาว",
    "นาง สาว",
    "น.ส.",
    "นส.",
    "เด็กชาย",
    "เด็กหญิง",
    "ด.ช.",
    "ด.ญ.",
    "ว่าที่ร้อยตรี",
    "ว่าที่ร้อยตรีหญิง",
    "ว่าที่ร.ต.",
    "ว่าที่ร.ต.หญิง",
    "ว่าที่ ร.ต.",
    "ร้อยตรี",
    "ร้อยโท",
    "ร้อยเอก",
    "ร.ต.",
    "ร.ท.",
    "ร.อ.",
    "พันตรี",
    "พันโท",
    "พันเอก",
    "พ.ต.",
    "พ.ท.",
    "พ.อ.",
    "สิบตรี",
    "สิบโท",
    "สิบเอก",
    "ส.ต.",
    "ส.ท.",
    "ส.อ.",
    "จ่าสิบตรี",
    "จ่าสิบโท",
    "จ่าสิบเอก",
    "จ.ส.ต.",
    "จ.ส.ท.",
    "จ.ส.อ.",
    "พลทหาร",
    "พลฯ",
    "ดาบตำรวจ",
    "ด.ต.",
    "สิบตำรวจตรี",
    "สิบตำรวจโท",
    "สิบตำรวจเอก",
    "ส.ต.ต.",
    "ส.ต.ท.",
    "ส.ต.อ.",
    "ร.ต.ต.",
    "ร.ต.ท.",
    "ร.ต.อ.",
    "พ.ต.ต.",
    "พ.ต.ท.",
    "พ.ต.อ.",
    "พ.จ.อ.",
    "พ.จ.ท.",
    "พ.จ.ต.",
    "จ.อ.",
    "จ.ท.",
    "จ.ต.",
    "พ.อ.อ.",
    "พ.อ.ท.",
    "พ.อ.ต.",
    "ดร.",
    "ผศ.",
    "รศ.",
    "ศ.",
    "นพ.",
    "พญ.",
    "หม่อมราชวงศ์",
    "หม่อมหลวง",
    "ม.ร.ว.",
    "ม.ล.",
    "พระครู",
    "พระ",
    "Mr.",
    "Mrs.",
    "Ms.",
    "Miss",
    "Mr",
    "Mrs",
    "Ms",
)


@cache
def _prefix_patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    out: list[tuple[re.Pattern[str], str]] = []
    for prefix in sorted(set(PREFIXES), key=len, reverse=True):
        parts: list[str] = []
        dots = prefix.count(".")
        for i, ch in enumerate(prefix):
            if ch == "." and dots >= 2 and i == len(prefix) - 1:
                parts.append(r"\.?\s*")  # "น.ส." = "น. ส." = "น.ส"
            elif ch == ".":
                # The dot is required: without it "ศ." would eat the ศ of ศรีสุดา, "นพ." of นพดล.
                parts.append(r"\.\s*")
            elif ch == " ":
                parts.append(r"\s*")
            else:
                parts.append(re.escape(ch))
        latin = prefix[0].isascii()
        tail = r"(?=\s|$)" if latin and not prefix.endswith(".") else ""
        flags = re.IGNORECASE if latin else 0
        out.append((re.compile("^" + "".join(parts) + tail, flags), prefix))
    return tuple(out)


def canonical_prefix(prefix: str) -> str:
    """น.ส. → นางสาว, ด.ช. → เด็กชาย; other prefixes as written without inner spaces."""
    key = re.sub(r"\s+", "", prefix)
    return PREFIX_CANONICAL.get(key, key)


# Local offices written before a name (ผู้ใหญ่บ้าน นายสมชาย ใจดี, กำนันคำปั่น แสนสุข, อสม.):
# a title, not part of the first name; a prefix after it is the prefix. Longest first.
OFFICE_TITLES: tuple[str, ...] = (
    "ผู้ช่วยผู้ใหญ่บ้าน",
    "ผู้ใหญ่บ้าน",
    "สารวัตรกำนัน",
    "แพทย์ประจำตำบล",
    "กำนัน",
    "นายกอบต.",
    "นายก อบต.",
    "ส.อบต.",
    "สมาชิกอบต.",
    "สมาชิก อบต.",
    "อ.ส.ม.",
    "อสม.",
    "อสม",
    "ผญบ.",
)
_OFFICE_TITLE = re.compile(
    "^(?:" + "|".join(re.escape(t).replace(r"\ ", r"\s*") for t in OFFICE_TITLES) + r")\s*"
)


def split_prefix(text: str) -> tuple[str, str]:
    """(prefix as written, rest) for a name; the prefix is "" when none is recognised.

    An office title before the name (ผู้ใหญ่บ้าน, กำนัน, อสม.) is dropped when a prefix
    follows it, and stands as the prefix when none does."""
    cleaned = strip_leaders(text).strip("()[] ")
    title = _OFFICE_TITLE.match(cleaned)
    if title:
        after = cleaned[title.end() :]
        prefix, rest = _split_prefix(after)
        if prefix:
            return prefix, rest
        if len(after.split()) >= 2:
            return title.group(0).strip(), after.strip()
    return _split_prefix(cleaned)


def _split_prefix(cleaned: str) -> tuple[str, str]:
    for pattern, _prefix in _prefix_patterns():
        m = pattern.match(cleaned)
        if not m:
            continue
        rest = cleaned[m.end() :].strip()
        if (
            rest[:1]
            and "\u0e31" <= rest[0] <= "\u0e4e"
            and rest[0] not in "\u0e40\u0e41\u0e42\u0e43\u0e44\u0e45\u0e46"
        ):
            continue  # a name never starts with a vowel or tone mark: นาง สาวิตรี is นาง + สาวิตรี
        # "พลทหาร กก" is a first and a last name that happen to spell a rank: a prefix set
        # apart by a space must leave a first and a last name behind.
        glued = (
            not cleaned[m.end() - 1 : m.end()].isspace() and not cleaned[m.end() :][:1].isspace()
        )
        if rest and (len(rest.split()) >= 2 or glued):
            return cleaned[: m.end()].strip(), rest
    return "", cleaned


def split_name(text: str) -> tuple[str, str, str]:
    """(prefix, first name, last name) from a name as written: `น.ส. สมหญิง  รักดี`.

    The prefix comes back as written (`น.ส.`); use `canonical_prefix` to compare. A name of
    more than two words keeps the extra words in the last name (`ณ อยุธยา`).
    """
    # A nickname in brackets after the name (นางสาวลำดวน พรมมา (แดง)) is no part of it.
    if not re.fullmatch(r"\s*\([^()]*\)\s*", text):
        text = re.sub(r"\s*[(\[][^()\[\]]*[)\]]", " ", text)
    prefix, rest = split_prefix(text)
    tokens = rest.split()
    if not tokens:
        return prefix, "", ""
    return prefix, tokens[0], " ".join(tokens[1:])


def name_key(text: str) -> str:
    """A key that is equal for the same person written differently: prefix dropped,
    spaces / zero-width marks / dots removed, Thai digits and split sara am normalised."""
    _prefix, first, last = split_name(text)
    return compact(first + last)


def name_key_of(first: str, last: str) -> str:
    """`name_key` for a name already split into first and last name (no prefix stripped again)."""
    return compact(first + last)


_MARKS_AND_VOWELS = re.compile("[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]")


def names_close(a_key: str, b_key: str) -> bool:
    """Two name keys that differ only as OCR misreads a name: a vowel or tone mark lost or
    added (สายสุนีย์ / สายสนีย์), or one letter in ten changed (ปัญญาดี / ปัญญาตดี).

    For names without an ID to decide; a national ID is always compared exactly.
    """
    if a_key == b_key:
        return True
    if min(len(a_key), len(b_key)) < 6:
        return False
    if _MARKS_AND_VOWELS.sub("", a_key) == _MARKS_AND_VOWELS.sub("", b_key):
        return True
    from difflib import SequenceMatcher

    longest = max(len(a_key), len(b_key))
    matcher = SequenceMatcher(None, a_key, b_key, autojunk=False)
    changed = longest - sum(block.size for block in matcher.get_matching_blocks())
    return changed <= max(1, longest // 10)


def close_names(a: str, b: str) -> bool:
    """Group names that differ as OCR misreads (one letter or mark in twelve)."""
    from difflib import SequenceMatcher

    a, b = compact(a), compact(b)
    if not a or not b:
        return False
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    changed = max(len(a), len(b)) - sum(m.size for m in matcher.get_matching_blocks())
    return changed <= max(1, max(len(a), len(b)) // 12)
