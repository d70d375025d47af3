"""Repairs Thai text as PDF extractors give it: sara am, shifted glyphs, mark order, split syllables."""

from __future__ import annotations

import re

# Thai fonts made for Windows (Tahoma, TH SarabunPSK, the TLWG fonts' legacy tables) hold
# shifted and tail-less forms in the Private Use Area; a PDF without a proper ToUnicode map
# gives these code points instead of the letters they draw.
PUA_TO_THAI: dict[str, str] = {
    "\uf700": "\u0e10",  # ฐ without its tail (above a below-vowel)
    "\uf701": "\u0e34",  # ิ  shifted left (tall consonants ป ฝ ฟ ฬ)
    "\uf702": "\u0e35",  # ี  shifted left
    "\uf703": "\u0e36",  # ึ  shifted left
    "\uf704": "\u0e37",  # ื  shifted left
    "\uf705": "\u0e48",  # ่  low, shifted left
    "\uf706": "\u0e49",  # ้  low, shifted left
    "\uf707": "\u0e4a",  # ๊  low, shifted left
    "\uf708": "\u0e4b",  # ๋  low, shifted left
    "\uf709": "\u0e4c",  # ์  low, shifted left
    "\uf70a": "\u0e48",  # ่  low (no vowel above)
    "\uf70b": "\u0e49",  # ้  low
    "\uf70c": "\u0e4a",  # ๊  low
    "\uf70d": "\u0e4b",  # ๋  low
    "\uf70e": "\u0e4c",  # ์  low
    "\uf70f": "\u0e0d",  # ญ without its tail
    "\uf710": "\u0e31",  # ั  shifted left
    "\uf711": "\u0e4d",  # ํ  shifted left
    "\uf712": "\u0e47",  # ็  shifted left
    "\uf713": "\u0e48",  # ่  shifted left
    "\uf714": "\u0e49",  # ้  shifted left
    "\uf715": "\u0e4a",  # ๊  shifted left
    "\uf716": "\u0e4b",  # ๋  shifted left
    "\uf717": "\u0e4c",  # ์  shifted left
    "\uf718": "\u0e38",  # ุ  lowered (below ฎ ฏ ฐ ญ)
    "\uf719": "\u0e39",  # ู  lowered
    "\uf71a": "\u0e3a",  # ฺ  lowered
}

ABOVE_VOWELS = "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e47"  # ั ิ ี ึ ื ็
BELOW_VOWELS = "\u0e38\u0e39\u0e3a"  # ุ ู ฺ
TONE_MARKS = "\u0e48\u0e49\u0e4a\u0e4b"  # ่ ้ ๊ ๋
OTHER_MARKS = "\u0e4c\u0e4d\u0e4e"  # ์ ํ ๎
THAI_MARKS = ABOVE_VOWELS + BELOW_VOWELS + TONE_MARKS + OTHER_MARKS
SARA_AA = "\u0e32"
SARA_AM = "\u0e33"
NIKHAHIT = "\u0e4d"
FOLLOWING_VOWELS = "\u0e30\u0e32\u0e33\u0e45"  # ะ า ำ ๅ: never begin a word
LEADING_VOWELS = "\u0e40\u0e41\u0e42\u0e43\u0e44"  # เ แ โ ใ ไ: never end a word
CONSONANTS = "".join(chr(c) for c in range(0x0E01, 0x0E2F))

_PUA = str.maketrans(PUA_TO_THAI)
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_MARK_RUN = re.compile(f"[{THAI_MARKS}]{{2,}}")
_SPACE_BEFORE_MARK = re.compile(f"[ \u00a0]+(?=[{THAI_MARKS}{FOLLOWING_VOWELS}])")
_SPACE_AFTER_LEADING = re.compile(f"(?<=[{LEADING_VOWELS}])[ \u00a0]+(?=[{CONSONANTS}])")
_TWO_BELOW = re.compile(f"[{BELOW_VOWELS[:2]}]([{BELOW_VOWELS[:2]}])")


def _mark_rank(ch: str) -> int:
    if ch in ABOVE_VOWELS or ch in BELOW_VOWELS:
        return 0
    if ch in TONE_MARKS:
        return 1
    return 2


def _order_marks(match: re.Match[str]) -> str:
    marks = sorted(match.group(0), key=_mark_rank)  # stable: keeps vowel order as written
    out: list[str] = []
    for ch in marks:
        if out and out[-1] == ch:
            continue  # the same mark drawn twice
        out.append(ch)
    return "".join(out)


def is_thai_mark(ch: str) -> bool:
    """True for a Thai vowel or tone mark drawn above or below a letter (or its PUA form)."""
    if len(ch) != 1:
        return False
    mapped = PUA_TO_THAI.get(ch, ch)
    return mapped in THAI_MARKS


def repair_thai(text: str) -> str:
    """Thai text as typed, from text a PDF extractor gave.

    Maps Private Use Area glyphs to their letters, composes sara am from its parts
    (ํ + า, า + ํ, ํ + tone + า) and drops the stray า of `ำา`, puts marks in Unicode order
    (letter, vowel above or below, tone mark, ์), moves a tone mark written after ำ before it,
    and removes spaces that split a syllable (before a mark or a following vowel, after a
    leading vowel). Two below-vowels on one letter (`หมุู`) cannot both be right: the first
    is a low tone-mark glyph misread, taken as ่.
    """
    if not text:
        return text
    text = text.translate(_PUA)
    text = _INVISIBLE.sub("", text)
    text = text.replace(
        "\u00a0", " "
    )  # no-break spaces (a number kept with its word) read as spaces
    text = _SPACE_BEFORE_MARK.sub("", text)
    text = _SPACE_AFTER_LEADING.sub("", text)
    # Until nothing changes: one fix can make room for another (three below-vowels on one
    # letter leave two after one pass; ordering marks can bring a tone mark after ำ). Each
    # pass that changes the text makes it shorter or its marks more ordered; a bound all the
    # same, so no text can keep it busy.
    for _ in range(16):
        fixed = _repair_marks(text)
        if fixed == text:
            break
        text = fixed
    return text


def _repair_marks(text: str) -> str:
    # Sara am: nikhahit and sara aa, in either order, with a tone mark possibly between.
    text = re.sub(f"{NIKHAHIT}([{TONE_MARKS}]?){SARA_AA}", rf"\1{SARA_AM}", text)
    text = re.sub(f"([{TONE_MARKS}]?){SARA_AA}{NIKHAHIT}", rf"\1{SARA_AM}", text)
    text = re.sub(f"{SARA_AM}([{TONE_MARKS}]?){SARA_AA}", rf"\1{SARA_AM}", text)
    text = re.sub(f"{SARA_AM}([{TONE_MARKS}])", rf"\1{SARA_AM}", text)
    text = _TWO_BELOW.sub(_low_tone, text)
    return _MARK_RUN.sub(_order_marks, text)


def _low_tone(match: re.Match[str]) -> str:
    return match.group(1) + TONE_MARKS[0]


def join_wrapped(
    lines: list[str], breaks: list[bool | None] | None = None, *, prose: bool = False
) -> str:
    """Joins wrapped lines (of a table cell, or with `prose` of a paragraph), deciding at each
    break whether a space was there.

    `breaks[i]` says what the layout shows after line i: True (a space was drawn, or a line
    that ends in a space), False (there was room for a space and none was drawn: the word
    went on), None (cannot tell). Where it cannot tell: digits broken across lines are one
    number (a national ID in a narrow column), and a line broken after - or / runs on. Between
    Thai letters, in prose the break is taken as inside the text (Thai puts no space between
    words); in a cell only when the two pieces make one dictionary word (ประชา|ชน), since names
    and addresses in roster cells break at their spaces (ปฏิมา|ภูผา, ท่าพระ|อ.เมือง).
    """
    out = ""
    pending: bool | None = None
    for index, raw in enumerate(lines):
        line = raw.strip()
        if not line:
            continue
        if not out:
            out = line
        elif pending is True:
            out += " " + line
        elif _runs_on(out, line, pending, prose=prose):
            out += line
        else:
            out += " " + line
        pending = True if raw != raw.rstrip() else None
        if pending is None and breaks is not None and index < len(breaks):
            pending = breaks[index]
    return out


def _runs_on(before: str, after: str, pending: bool | None, *, prose: bool) -> bool:
    """Whether the next line continues the word the last one ended (no space between).
    Digits, and a hyphen or slash written after a letter, run on with no space drawn (an ID or
    a phone number wrapped in a cell, Thai digits or Arabic alike)."""
    if before[-1].isdigit() and after[0].isdigit():
        return True
    if before[-1] in "-/" and not before[-2:-1].isspace():
        return True
    if pending is False:
        return _is_thai(before[-1]) == _is_thai(after[0])
    if not (_is_thai(before[-1]) and _is_thai(after[0])):
        return False
    return prose or _one_word(before, after)


def _one_word(before: str, after: str) -> bool:
    """Whether the Thai word ending `before` and the one starting `after` are one word."""
    tail = re.search("[\u0e01-\u0e4e]+$", before)
    head = re.match("[\u0e01-\u0e4e]+", after)
    if not tail or not head or head.group(0)[0] in FOLLOWING_VOWELS + THAI_MARKS:
        return bool(tail and head)
    try:
        from pythainlp.corpus import thai_words
        from pythainlp.tokenize import word_tokenize
    except ImportError:  # pragma: no cover - pythainlp is a dependency
        return False
    last = word_tokenize(tail.group(0), engine="newmm")[-1]
    first = word_tokenize(head.group(0), engine="newmm")[0]
    return last + first in thai_words()


def _is_thai(ch: str) -> bool:
    return "\u0e00" <= ch <= "\u0e7f"
