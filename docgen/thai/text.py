"""Normalising Thai text for matching: whitespace, zero-width marks, Thai digits, dotted leaders."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from docgen.thai.digits import thai_to_arabic_digits

# Marks that Word, PDFs and web forms leave inside Thai words; they break matching.
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
# Blank-space characters other than the ASCII space.
_SPACES = re.compile(r"[\s\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
# Dotted leaders and underscores are the blanks of a form, not text: `ชื่อกลุ่ม......กลุ่มปลูกผัก......`.
_LEADERS = re.compile(r"(?:\.{2,}|…+|_{2,}|-{3,}|·{2,}|\.(?:\s\.){2,})")
# Characters dropped when comparing header words or names in compact form.
_COMPACT_DROP = re.compile(r"[\s\-–—_.:：/\\()\[\]{}\"'*,;|]+")


@lru_cache(maxsize=1 << 13)
def normalize_text(text: str) -> str:
    """Text in one form for matching: NFC, no zero-width marks, Arabic digits, single spaces.

    Also repairs the split sara am (ํ + า → ำ) that PDF text often carries.
    """
    if not text:
        return ""
    out = unicodedata.normalize("NFC", str(text)).translate(_ZERO_WIDTH)
    out = out.replace("\u0e4d\u0e32", "\u0e33").replace("\u0e4d \u0e32", "\u0e33")
    out = thai_to_arabic_digits(out)
    return _SPACES.sub(" ", out).strip()


@lru_cache(maxsize=1 << 13)
def strip_leaders(text: str) -> str:
    """Replace dotted leaders / underscores (the blanks of a form) with one space, normalised."""
    return normalize_text(_LEADERS.sub(" ", normalize_text(text)))


@lru_cache(maxsize=1 << 13)
def compact(text: str) -> str:
    """Text without spaces, dashes, dots and brackets, lower case: for comparing labels and names."""
    return _COMPACT_DROP.sub("", strip_leaders(text)).lower()


@lru_cache(maxsize=1 << 13)
def is_blank(text: str) -> bool:
    """True for an empty cell or one holding only leaders, dashes or punctuation."""
    return not re.search(r"[0-9A-Za-z\u0e01-\u0e4f]", strip_leaders(text))


def has_letters(text: str) -> bool:
    """True when the text holds at least one Thai or Latin letter."""
    return bool(re.search(r"[A-Za-z\u0e01-\u0e2e]", text))


# What Thai OCR confuses: tone marks dropped or swapped (รายชือ for รายชื่อ), sara am read as
# a tone and sara aa (จ้านวน for จำนวน), and consonants that differ by a tail or a notch
# (ซ/ข/ช, ฝ/ผ, ฟ/พ, ป/บ, ฏ/ฎ, ฃ/ข, ฅ/ค). A key folds them all to one form.
_OCR_MARKS = re.compile("[\u0e47-\u0e4d]")
_OCR_LOOKALIKES = str.maketrans("ซขฃฝฟปฏฅ", "ชชชผพบฎค")


@lru_cache(maxsize=1 << 13)
def ocr_key(text: str) -> str:
    """`compact` text with what OCR confuses folded, for matching words read from a scan."""
    return _OCR_MARKS.sub("", compact(text).replace("\u0e33", "\u0e32")).translate(_OCR_LOOKALIKES)
