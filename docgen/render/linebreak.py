"""Thai line breaking the documents control: word boundaries marked before text reaches a template.

Thai is written without spaces between words, so a word processor finds line breaks with
its own dictionary. LibreOffice's and Word's dictionaries differ from each other, split
compounds the office reads as one word (กลุ่มส่ง|เสริม) and know no names or places
(นางลำดวน ไช|ยมาตย์, บ้านใน|เมือง). So the documents decide where a line may break:

- the text is cut into words with pythainlp (newmm, with every Thai place name added to
  its dictionary, and runs of pieces it does not know kept together as one name);
- a ZERO WIDTH SPACE (U+200B, a break opportunity in both LibreOffice and Word) goes
  between two Thai words;
- a WORD JOINER (U+2060, no break on either side) goes between the letters of each word,
  and of each part of a person's name or a place name, so no dictionary can cut them.

Neither mark is drawn. `strip_marks` takes them out again; the readers (`docgen text`,
DOCX and PDF intake) drop them, so text copied out of the documents reads as typed.
Every text of a template context goes through `mark_context` in one place
(`engine.build_context`), which the docxtpl engine and the compiled batch renderer share;
the templates' own wording is marked once when `templates/build.py` writes them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import cache, lru_cache
from typing import Any

from docgen.thai.dates import MONTHS_TH, MONTHS_TH_ABBR

ZWSP = "\u200b"  # a line may break here
WJ = "\u2060"  # a line may not break here
NBSP = "\u00a0"  # a space a line does not break at
MARKS = ZWSP + WJ
_MARKS_RE = re.compile(f"[{MARKS}]")

# A character a word joiner may stand before: a Thai letter, a leading vowel, or one of the
# spacing signs. Never before a vowel or tone mark drawn on a letter (it would come apart),
# nor before ะ า ำ ๅ, which belong to the letter before them.
_CLUSTER_START = re.compile("[\u0e01-\u0e2f\u0e3f-\u0e44\u0e46\u0e4f-\u0e5b]")
_THAI = re.compile("[\u0e01-\u0e5b]")
_THAI_RUN = re.compile("[\u0e01-\u0e5b]+")
_LETTER = "\u0e01-\u0e2e"

# A number stays on the line of the word that introduces it (ร้อยละ 60, หมู่ที่ 3) and of the
# unit after it (14 ราย, 100 บาท).
_LEAD_WORDS = (
    "ร้อยละ",
    "จำนวน",
    "หมู่ที่",
    "เลขที่",
    "บ้านเลขที่",
    "ข้อ",
    "ข้อที่",
    "แถวที่",
    "ลำดับที่",
    "หน้าที่",
    "วันที่",
    "พ.ศ.",
    "โทร.",
    "โทรศัพท์",
    "หุ้นละ",
    "มูลค่า",
    "ไม่เกิน",
    "อย่างน้อย",
    "ที่",
    "ฉบับที่",
    "ครั้งที่",
    "แผนภูมิที่",
    "ตารางที่",
)
_UNIT_WORDS = (
    "ราย",
    "คน",
    "บาท",
    "กลุ่ม",
    "หุ้น",
    "ปี",
    "เดือน",
    "วัน",
    "ครั้ง",
    "คำขอ",
    "รายการ",
    "แห่ง",
    "ไร่",
    "ตัวอักษร",
    "หน้า",
)
_NUMBER = r"[0-9๐-๙][0-9๐-๙,./\-]*"
_LEAD_SPACE = re.compile(
    "((?<!["
    + _LETTER
    + "])ที่|(?<!["
    + _LETTER
    + "])ข้อ|"
    + "|".join(map(re.escape, [w for w in _LEAD_WORDS if w not in ("ที่", "ข้อ")]))
    + ") (?="
    + _NUMBER
    + ")"
)
_UNIT_SPACE = re.compile(
    "(" + _NUMBER + ") (?=(?:" + "|".join(map(re.escape, _UNIT_WORDS)) + ")(?![" + _LETTER + "]))"
)
# "วันที่ 2 พฤศจิกายน 2569": a date is read as one; the day and month stay together.
_MONTHS = (*MONTHS_TH, *MONTHS_TH_ABBR)
_DAY_MONTH = re.compile(r"([0-9๐-๙]{1,2}) (" + "|".join(map(re.escape, _MONTHS)) + ")")

# Word pieces that begin a village name inside a longer text: บ้าน + its name is one place.
_VILLAGE = "บ้าน"


def strip_marks(text: str) -> str:
    """The text without the line-break marks (as it was typed)."""
    return _MARKS_RE.sub("", text)


@cache
def _places() -> frozenset[str]:
    from docgen.thai.places import _place_names

    return _place_names()


@cache
def _words() -> frozenset[str]:
    from pythainlp.corpus import thai_words

    return frozenset(thai_words())


def join_letters(word: str) -> str:
    """A word no line breaks inside: a word joiner between its letters (not before marks)."""
    out: list[str] = []
    for i, ch in enumerate(word):
        if i and _CLUSTER_START.match(ch) and _THAI.match(word[i - 1]):
            out.append(WJ)
        out.append(ch)
    return "".join(out)


def _segment(run: str) -> list[str]:
    """A run of Thai letters as words: pythainlp's newmm, then pieces that spell a place name
    (แดง + ใหญ่), บ้าน with its village's name, and pieces the dictionary does not know (a
    name it cut into syllables) put back together."""
    from pythainlp.tokenize import word_tokenize

    tokens = [t for t in word_tokenize(run, engine="newmm", keep_whitespace=False) if t]
    words, places = _words(), _places()
    merged: list[str] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        for j in range(min(len(tokens), i + 5), i + 1, -1):
            joined = "".join(tokens[i:j])
            if joined in places and joined not in words:
                token, i = joined, j - 1
                break
        known = token in words or token in places
        if merged and merged[-1] == _VILLAGE and (not known or token in places):
            merged[-1] += token  # บ้าน + the village's name
        elif merged and not known and merged[-1] not in words and merged[-1] not in places:
            merged[-1] += token  # pieces of one word the dictionary does not know
        else:
            merged.append(token)
        i += 1
    return merged


@lru_cache(maxsize=1 << 15)
def mark_breaks(text: str, keep: tuple[str, ...] = ()) -> str:
    """`text` with its line breaks decided: a break opportunity between Thai words, none inside
    one, and none inside any of the phrases in `keep` (names and places the text holds).

    Text without Thai comes back unchanged (numbers, codes, Latin names)."""
    if not text or not _THAI.search(text) or _MARKS_RE.search(text):
        return text
    text = _LEAD_SPACE.sub(lambda m: m.group(1) + NBSP, text)
    text = _UNIT_SPACE.sub(lambda m: m.group(1) + NBSP, text)
    text = _DAY_MONTH.sub(lambda m: m.group(1) + NBSP + m.group(2), text)
    protected: list[tuple[int, int]] = []
    for phrase in sorted({k for k in keep if k and len(k) > 1}, key=len, reverse=True):
        for m in re.finditer(re.escape(phrase), text):
            if not any(a < m.end() and m.start() < b for a, b in protected):
                protected.append((m.start(), m.end()))
    out: list[str] = []
    pos = 0
    for start, end in sorted(protected):
        out.append(_mark_plain(text[pos:start]))
        if out[-1] and _THAI.match(out[-1][-1]) and _THAI.match(text[start]):
            # บ้าน + a village named after the place is one name (บ้านท่าพระ).
            out.append(WJ if strip_marks(out[-1]).endswith(_VILLAGE) else ZWSP)
        out.append(_join_parts(text[start:end]))
        if end < len(text) and _THAI.match(text[end - 1]) and _THAI.match(text[end]):
            out.append(ZWSP)
        pos = end
    out.append(_mark_plain(text[pos:]))
    return "".join(out)


def _mark_plain(text: str) -> str:
    def run(m: re.Match[str]) -> str:
        return ZWSP.join(join_letters(w) for w in _segment(m.group(0)))

    return _THAI_RUN.sub(run, text)


def _join_parts(text: str) -> str:
    """Each space-separated part kept whole (a break may still fall at the spaces)."""
    return " ".join(join_letters(part) for part in text.split(" "))


@lru_cache(maxsize=1 << 15)
def mark_name(name: str) -> str:
    """A person's name: no break inside the prefix with the first name, nor the last name."""
    if not name or not _THAI.search(name) or _MARKS_RE.search(name) or name.startswith(".."):
        return name
    return _join_parts(name)


@lru_cache(maxsize=1 << 15)
def mark_place(name: str) -> str:
    """A place name (ตำบล, อำเภอ, จังหวัด, หมู่บ้าน): never broken."""
    if not name or not _THAI.search(name) or _MARKS_RE.search(name) or name.startswith(".."):
        return name
    return _join_parts(name)


# ---------------------------------------------------------------------------
# Template contexts.
# ---------------------------------------------------------------------------

# Keys whose values are a person's name, and keys whose values are a place.
NAME_KEYS = frozenset(
    {
        "name",
        "chair",
        "chair_name",
        "officer_name",
        "signer_name",
        "responsible",
    }
)
PLACE_KEYS = frozenset(
    {
        "subdistrict",
        "district",
        "province",
        "village",
        "officer_district",
    }
)
# Keys never marked: codes, paths and values templates compare or compute with.
RAW_KEYS = frozenset(
    {
        "emblem_path",
        "scope",
        "severity",
        "certificate_no",
        "ref_no",
        "phone",
        "office_phone",
        "national_id",
        "postal_code",
        "house_no",
        "moo",
        "file",
        "code",
    }
)
# Where a list of dicts holds names under "name" only in some templates: tallies of areas
# and activities name a place or an activity, not a person.
_NOT_PERSON_LISTS = frozenset({"by_area", "by_activity", "documents", "reasons"})


def _phrases_in(ctx: Mapping[str, Any]) -> tuple[str, ...]:
    """The place names and the parts of people's names a context holds: kept whole wherever
    they appear in its other texts (a finding that names a member, a group named after its
    village)."""
    found: set[str] = set()

    def walk(value: Any, person_list: bool = True) -> None:
        if isinstance(value, Mapping):
            for k, v in value.items():
                if not isinstance(v, str):
                    if isinstance(v, Mapping | list):
                        walk(v, person_list and k not in _NOT_PERSON_LISTS)
                    continue
                if not _THAI.search(v) or v.startswith(".."):
                    continue
                if k in PLACE_KEYS:
                    found.add(v)
                elif k in NAME_KEYS and (k != "name" or person_list):
                    found.update(part for part in v.split() if len(part) > 2)
        elif isinstance(value, list):
            for v in value[:200]:
                walk(v, person_list)

    walk(ctx)
    return tuple(sorted(found))


_VILLAGE_TAIL = re.compile("^(กลุ่ม.{3,}?)(บ้าน[\u0e01-\u0e5b]{2,})$")


def mark_group_name(name: str, keep: tuple[str, ...] = ()) -> str:
    """A group's name: words, and the village it is named after (the tail from บ้าน, as in
    กลุ่มทอผ้าไหมบ้านโนนสำราญพัฒนา) kept whole, as a place name is."""
    m = _VILLAGE_TAIL.match(name) if not _MARKS_RE.search(name) else None
    if m is None:
        return mark_breaks(name, keep)
    return mark_breaks(m.group(1), keep) + ZWSP + join_letters(m.group(2))


def _mark_value(key: str, value: Any, keep: tuple[str, ...], person_list: bool) -> Any:
    if isinstance(value, str):
        if key in RAW_KEYS or not value:
            return value
        if key == "group_name":
            return mark_group_name(value, keep)
        if key in PLACE_KEYS:
            return mark_place(value)
        if key in NAME_KEYS and (key != "name" or person_list):
            return mark_name(value)
        return mark_breaks(value, keep)
    if isinstance(value, Mapping):
        return {
            k: _mark_value(k, v, keep, person_list and k not in _NOT_PERSON_LISTS)
            for k, v in value.items()
        }
    if isinstance(value, list):
        inner = key not in _NOT_PERSON_LISTS
        return [_mark_value(key, v, keep, inner) for v in value]
    return value


def mark_context(ctx: Mapping[str, Any], *, keep: Iterable[str] = ()) -> dict[str, Any]:
    """Every text of a template context with its line breaks marked (see the module's doc).

    Names (keys in NAME_KEYS) and places (PLACE_KEYS) are kept whole; other texts are cut
    into words, with the context's own place names kept whole inside them (the village in
    a group's name, the subdistrict in an address line). Codes and paths (RAW_KEYS) are left
    as they are."""
    places = tuple(sorted(set(_phrases_in(ctx)) | set(keep)))
    return {k: _mark_value(k, v, places, True) for k, v in ctx.items()}


# ---------------------------------------------------------------------------
# Template wording (templates/build.py).
# ---------------------------------------------------------------------------

_JINJA = re.compile(r"(\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\})", re.S)
_QUOTED = re.compile(r"('[^']*'|\"[^\"]*\")")


def mark_template_text(text: str) -> str:
    """A template's own wording marked, its Jinja tags left alone except for the Thai text
    quoted inside them (`{{ 'ตำบล' if ... }}`). A space between a word that introduces a
    number and the tag that prints it does not break (ร้อยละ {{ n }})."""
    parts = _JINJA.split(text)
    out: list[str] = []
    for i, part in enumerate(parts):
        if i % 2:
            out.append(
                _QUOTED.sub(
                    lambda m: m.group(0)[0] + mark_breaks(m.group(0)[1:-1]) + m.group(0)[0], part
                )
            )
            continue
        marked = mark_breaks(part)
        if i + 1 < len(parts) and marked.endswith(" "):
            words = marked.rstrip(" ")
            bare = strip_marks(words)
            if any(bare.endswith(w) for w in _LEAD_WORDS) and parts[i + 1].startswith("{{"):
                marked = words + NBSP
        if i > 0 and marked.startswith(" ") and parts[i - 1].startswith("{{"):
            bare = strip_marks(marked[1:])
            if any(
                bare.startswith(w) and not re.match(f"[{_LETTER}]", bare[len(w) : len(w) + 1])
                for w in _UNIT_WORDS
            ):
                marked = NBSP + marked[1:]
        out.append(marked)
    return "".join(out)


def plain_text(text: str) -> str:
    """The text as typed: no line-break marks, and ordinary spaces for no-break spaces."""
    return strip_marks(text).replace(NBSP, " ")
