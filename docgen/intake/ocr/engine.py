"""Tesseract through tesserocr: one API object per thread and purpose, reused for every page and cell.

Why tesserocr and not the `tesseract` command: a roster page is a hundred cells, and one process
per cell (or per page, reloading the Thai model each time) costs more than the reading itself.
The API releases the GIL while it recognises, so two threads read two pages at once.
"""

from __future__ import annotations

import ctypes
import functools
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docgen.thai.digits import arabic_to_thai_digits, thai_to_arabic_digits

TESSDATA_DEFAULT = "/usr/share/tesseract-ocr/5/tessdata"
DIGIT_CHARS = "0123456789-"
THAI_DIGIT_CHARS = arabic_to_thai_digits(DIGIT_CHARS)


class OcrUnavailable(RuntimeError):
    """Tesseract (tesserocr) or its Thai model is not installed on this machine."""


def tessdata_path() -> str:
    """The folder holding tha.traineddata: TESSDATA_PREFIX (or its tessdata/), else Debian's."""
    env = os.environ.get("TESSDATA_PREFIX", "")
    for candidate in (env, os.path.join(env, "tessdata") if env else "", TESSDATA_DEFAULT):
        if candidate and (Path(candidate) / "tha.traineddata").is_file():
            return candidate
    raise OcrUnavailable("tha.traineddata not found")


def available() -> bool:
    """True when OCR can run here (tesserocr imports and the Thai model is found)."""
    try:
        import tesserocr  # noqa: F401

        tessdata_path()
    except (ImportError, OcrUnavailable):
        return False
    return True


@dataclass(frozen=True)
class Symbol:
    """One character read, with its confidence (0-1) and the engine's other choices, best first."""

    text: str
    confidence: float
    choices: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True)
class CellRead:
    """What was read from one table cell."""

    text: str
    confidence: float  # 0-1; 1.0 for an empty cell (nothing to doubt)
    symbols: tuple[Symbol, ...] = ()


_local = threading.local()
_LEPT_SEVERITY_NONE = 6  # leptonica's L_SEVERITY_NONE


@functools.cache
def _quiet_leptonica() -> None:
    """Once a process (the setting is the library's own): stop Leptonica printing "Error in boxClipToRectangle…" on stderr for every odd cell.

    Tesseract calls Leptonica on boxes it makes itself; the messages are not failures (the read
    goes on and its confidence says how good it is), but on a phone photo they are dozens of
    English lines in the middle of `docgen check`'s Thai output. The library is the one
    tesserocr loaded (its wheel bundles its own), found in this process's memory map.
    """
    try:
        with open("/proc/self/maps", encoding="utf-8") as maps:
            paths = {
                line.split()[-1] for line in maps if "libleptonica" in line or "liblept." in line
            }
    except OSError:
        return
    for path in paths:
        try:
            ctypes.CDLL(path).setMsgSeverity(_LEPT_SEVERITY_NONE)
        except (OSError, AttributeError):
            continue


def _api(purpose: str) -> Any:
    """This thread's API object for `purpose` (`text`: Thai block, `digits`: ID/number cells in
    Arabic digits, `thai_digits`: the same cells typed in Thai digits ๐-๙)."""
    api = getattr(_local, purpose, None)
    if api is not None:
        return api
    # One thread per engine: Tesseract's OpenMP threads would fight the page threads for 2 cores.
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    try:
        import tesserocr
    except ImportError as exc:  # pragma: no cover - the package is a dependency
        raise OcrUnavailable("tesserocr missing") from exc
    # Digits read best with the English model (the Thai model's digit shapes are fewer and
    # its confidences lower); Thai text with the Thai model.
    lang = "eng" if purpose == "digits" else "tha"
    _quiet_leptonica()
    api = tesserocr.PyTessBaseAPI(
        path=tessdata_path(), lang=lang, psm=tesserocr.PSM.SINGLE_BLOCK, oem=tesserocr.OEM.LSTM_ONLY
    )
    if purpose in ("digits", "thai_digits"):
        chars = DIGIT_CHARS if purpose == "digits" else THAI_DIGIT_CHARS
        api.SetVariable("tessedit_char_whitelist", chars)
        api.SetVariable("lstm_choice_mode", "2")
    setattr(_local, purpose, api)
    return api


def detect_orientation(image: Any) -> tuple[int, float] | None:
    """Tesseract's orientation and script detection (OSD) of a page image: the degrees to turn
    it counter-clockwise to stand it upright (0, 90, 180, 270) and how sure OSD is (its
    orient_conf, 0 and up). None when OSD's model (Debian's tesseract-ocr-osd) is missing or
    it found no text to judge by."""
    try:
        folder = tessdata_path()
    except OcrUnavailable:
        return None
    if not (Path(folder) / "osd.traineddata").is_file():
        return None
    api = getattr(_local, "osd", None)
    if api is None:
        os.environ.setdefault("OMP_THREAD_LIMIT", "1")
        import tesserocr

        _quiet_leptonica()
        api = tesserocr.PyTessBaseAPI(path=folder, lang="osd", psm=tesserocr.PSM.OSD_ONLY)
        _local.osd = api
    api.SetImage(image)
    found = api.DetectOrientationScript()
    if not found:
        return None
    return int(found["orient_deg"]) % 360, float(found["orient_conf"])


@dataclass(frozen=True)
class TextLine:
    """One line of running text as the engine's layout found it, with its box in the image."""

    text: str
    confidence: float  # 0-1
    box: tuple[int, int, int, int]  # x0, y0, x1, y1


def read_band_lines(
    image: Any, bands: list[tuple[int, int]], *, psm: int = 4
) -> list[tuple[str, float, list[TextLine] | None]]:
    """Running text of horizontal bands (y0, y1) of a page image: each band's text, its
    confidence (0-1), and its lines with their boxes (in page pixels), or None when the
    engine's lines cannot be paired with its text (the boxes are then not known).

    `psm` 4 (one column of lines of varying size) keeps a line's pieces together. A band is
    given as a crop, not SetRectangle: with a rectangle this tesserocr build reads noise.
    """
    from tesserocr import RIL, iterate_level

    api = _api("text")
    api.SetPageSegMode(psm)
    width = image.size[0]
    out: list[tuple[str, float, list[TextLine] | None]] = []
    for y0, y1 in bands:
        api.SetImage(image.crop((0, int(y0), width, int(y1))))
        text = api.GetUTF8Text() or ""
        boxes: list[tuple[tuple[int, int, int, int], float]] = []
        iterator = api.GetIterator()
        if iterator is not None:
            for line in iterate_level(iterator, RIL.TEXTLINE):
                box = line.BoundingBox(RIL.TEXTLINE)
                if box is None:
                    continue
                x0, ly0, x1, ly1 = box
                boxes.append(
                    ((x0, ly0 + int(y0), x1, ly1 + int(y0)), line.Confidence(RIL.TEXTLINE) / 100.0)
                )
        # GetUTF8Text gives one text line per layout line (the line iterator's own text
        # spaces Thai letters out one by one, so it is not used).
        texts = [t for t in text.splitlines() if t.strip()]
        lines = (
            [TextLine(t, c, b) for t, (b, c) in zip(texts, boxes, strict=True)]
            if len(texts) == len(boxes)
            else None
        )
        out.append((text, api.MeanTextConf() / 100.0, lines))
    return out


@dataclass(frozen=True)
class LineRead:
    """One line of running text read on its own: its text, the mean confidence of its words,
    and each word (as the engine splits it: Thai often letter by letter) with its own."""

    text: str
    confidence: float
    words: tuple[tuple[str, float], ...] = ()


def read_line(image: Any) -> LineRead:
    """One line of running text (`psm` 7)."""
    from tesserocr import RIL, iterate_level

    api = _api("text")
    api.SetPageSegMode(7)
    api.SetImage(image)
    text = (api.GetUTF8Text() or "").strip()
    if not text:
        return LineRead("", 0.0)
    words: list[tuple[str, float]] = []
    iterator = api.GetIterator()
    if iterator is not None:
        for word in iterate_level(iterator, RIL.WORD):
            words.append((word.GetUTF8Text(RIL.WORD) or "", word.Confidence(RIL.WORD) / 100.0))
    return LineRead(text, api.MeanTextConf() / 100.0, tuple(words))


def line_symbols(image: Any) -> list[tuple[str, float, tuple[int, int, int, int]]]:
    """One line of running text (`psm` 7) symbol by symbol: each symbol as read, its
    confidence (0-1) and its box (x0, y0, x1, y1) in the image."""
    from tesserocr import RIL, iterate_level

    api = _api("text")
    api.SetPageSegMode(7)
    api.SetImage(image)
    api.Recognize()
    out: list[tuple[str, float, tuple[int, int, int, int]]] = []
    iterator = api.GetIterator()
    if iterator is None:
        return out
    for sym in iterate_level(iterator, RIL.SYMBOL):
        box = sym.BoundingBox(RIL.SYMBOL)
        if box is not None:
            out.append((sym.GetUTF8Text(RIL.SYMBOL) or "", sym.Confidence(RIL.SYMBOL) / 100.0, box))
    return out


def read_cell(
    image: Any, *, digits: bool = False, thai_digits: bool = False, psm: int = 7
) -> CellRead:
    """One line of a cell (`psm` 7; 6 reads a block); with `digits`, only 0-9 and dashes,
    with the engine's choices for each digit. With `thai_digits` too, the cell is read as Thai
    digits (๐-๙, the Thai model) and given back in Arabic digits, choices and all."""
    from tesserocr import RIL, iterate_level

    api = _api(("thai_digits" if thai_digits else "digits") if digits else "text")
    api.SetPageSegMode(psm)
    api.SetImage(image)
    api.Recognize()
    text = (api.GetUTF8Text() or "").strip()
    if not text:
        return CellRead("", 0.0)
    symbols: list[Symbol] = []
    if digits:
        iterator = api.GetIterator()
        if iterator is not None:
            for sym in iterate_level(iterator, RIL.SYMBOL):
                ch = thai_to_arabic_digits(sym.GetUTF8Text(RIL.SYMBOL) or "")
                choices = tuple(
                    (thai_to_arabic_digits(c.GetUTF8Text() or ""), c.Confidence() / 100.0)
                    for c in sym.GetChoiceIterator()
                )
                symbols.append(Symbol(ch, sym.Confidence(RIL.SYMBOL) / 100.0, choices))
        text = thai_to_arabic_digits(text)
    words = api.AllWordConfidences() or [0]
    return CellRead(text, min(words) / 100.0, tuple(symbols))
