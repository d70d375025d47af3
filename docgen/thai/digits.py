"""Thai digits (๐–๙) to Arabic and back."""

from __future__ import annotations

_THAI = "๐๑๒๓๔๕๖๗๘๙"
_ARABIC = "0123456789"
_TO_ARABIC = str.maketrans(_THAI, _ARABIC)
_TO_THAI = str.maketrans(_ARABIC, _THAI)


def thai_to_arabic_digits(text: str) -> str:
    """Replace Thai digits with Arabic ones; everything else is kept."""
    return text.translate(_TO_ARABIC)


def arabic_to_thai_digits(text: str) -> str:
    """Replace Arabic digits with Thai ones, as official letters may print them."""
    return text.translate(_TO_THAI)
