"""Where a line of Thai may break on a page: between words, never inside a person's or a place's name.

Browsers break Thai with their own dictionary, which knows no names: a narrow table cell cuts
นายธีรพงษ์ into นายธีร|พงษ์. Chromium ignores `word-break: keep-all` for Thai (measured: the
same breaks with and without it), so pages mark words themselves:

- a group name or an address is cut into words by pythainlp (newmm, with every DOPA place
  name added to its dictionary so ทุ่งหลวง or เมืองขอนแก่น stay whole); each word is a
  `nowrap` span and `<wbr>` goes between two words: a line breaks there and nowhere else;
- a person's name is one `nowrap` span (a long one: one per space-separated part).

The documents have their own marker (Word and LibreOffice, in render/); this one is for HTML.
"""

from __future__ import annotations

from functools import cache, lru_cache
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

if TYPE_CHECKING:
    from pythainlp.util import Trie

_THAI_START, _THAI_END = "\u0e00", "\u0e7f"


@cache
def _dictionary() -> Trie:
    from pythainlp.corpus.common import thai_words
    from pythainlp.util import dict_trie

    from docgen.thai.places import _place_names

    names = {n for n in _place_names() if " " not in n and "(" not in n}
    return dict_trie(set(thai_words()) | names)


def _has_thai(text: str) -> bool:
    return any(_THAI_START <= ch <= _THAI_END for ch in text)


@lru_cache(maxsize=8192)
def thai_words(text: str) -> tuple[str, ...]:
    """The words of a Thai text (spaces kept as their own pieces); other text as one piece."""
    if not _has_thai(text):
        return (text,)
    from pythainlp.tokenize import word_tokenize

    pieces = word_tokenize(text, engine="newmm", custom_dict=_dictionary(), keep_whitespace=True)
    return tuple(p for p in pieces if p)


def html_word_breaks(text: str | None) -> Markup:
    """`text` escaped, each Thai word kept whole (`nowrap`), `<wbr>` between two words."""
    if not text:
        return Markup("")
    pieces = thai_words(str(text))
    parts: list[str] = []
    for i, piece in enumerate(pieces):
        if piece.isspace():
            parts.append(str(escape(piece)))
            continue
        if i and not pieces[i - 1].isspace():
            parts.append("<wbr>")
        parts.append(f'<span class="nowrap">{escape(piece)}</span>')
    return Markup("".join(parts))


LONG_NAME_CHARS = 40  # wider than a phone's card: let it break at its spaces


def html_person_name(text: str | None) -> Markup:
    """A person's name kept whole (`nowrap`); a very long one breaks only at its spaces."""
    if not text:
        return Markup("")
    name = " ".join(str(text).split())
    if len(name) <= LONG_NAME_CHARS:
        return Markup(f'<span class="nowrap">{escape(name)}</span>')
    return Markup(" ".join(f'<span class="nowrap">{escape(part)}</span>' for part in name.split()))
