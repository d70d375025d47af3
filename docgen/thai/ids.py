"""Thai national ID numbers (เลขประจำตัวประชาชน): reading as typed, checking, masking."""

from __future__ import annotations

import re

from stdnum.th import pin

from docgen.thai.text import normalize_text

# What people put between digit groups: dashes, spaces, dots; Excel's text marker; zero-width marks.
_SEPARATORS = re.compile(r"[\s\-–—.'’`_/]+")
# An XLSX number read as float text: "1101700230708.0".
_FLOAT_TAIL = re.compile(r"^(\d{13})\.0+$")


def normalize_national_id(raw: str) -> str | None:
    """The 13 digits of an ID as typed (dashes, spaces, Thai digits, XLSX floats), or None.

    None means the text is not 13 digits after cleaning; the caller keeps the raw text.
    A 13-digit result may still fail its check digit: see `is_valid_national_id`.
    """
    text = normalize_text(str(raw) if raw is not None else "")
    if not text:
        return None
    float_tail = _FLOAT_TAIL.match(text.replace(" ", ""))
    if float_tail:
        return float_tail.group(1)
    digits = _SEPARATORS.sub("", text)
    if len(digits) == 13 and digits.isascii() and digits.isdigit():
        return digits
    return None


def is_valid_national_id(national_id: str) -> bool:
    """True for 13 digits whose last digit is the check digit over the first 12 (stdnum.th.pin)."""
    normalized = normalize_national_id(national_id)
    return normalized is not None and bool(pin.is_valid(normalized))


def mask_national_id(national_id: str) -> str:
    """Mask an ID for lists and messages: 1101700230708 → 1-1017-00xxx-xx-8.

    Text that is not 13 digits is masked all but its first and last character, so no
    malformed ID is ever printed in full either.
    """
    digits = normalize_national_id(national_id)
    if digits is None:
        text = re.sub(r"\s+", "", normalize_text(national_id or ""))
        if len(text) <= 2:
            return "x" * len(text)
        return text[0] + "x" * (len(text) - 2) + text[-1]
    return f"{digits[0]}-{digits[1:5]}-{digits[5:7]}xxx-xx-{digits[12]}"


def format_national_id(national_id: str) -> str:
    """The usual printed form 1-1017-00230-70-8 (for officers only, never for logs)."""
    digits = normalize_national_id(national_id)
    if digits is None:
        return national_id
    return f"{digits[0]}-{digits[1:5]}-{digits[5:10]}-{digits[10:12]}-{digits[12]}"
