"""The Tesseract engine as loaded in this process: Leptonica is kept quiet on stderr."""

from __future__ import annotations

import ctypes

import pytest

from docgen.intake.ocr import engine

pytestmark = pytest.mark.skipif(not engine.available(), reason="needs tesserocr and tha")


def _leptonica_paths() -> set[str]:
    with open("/proc/self/maps", encoding="utf-8") as maps:
        return {line.split()[-1] for line in maps if "libleptonica" in line or "liblept." in line}


def test_engine_silences_leptonica_messages() -> None:
    engine._api("text")
    paths = _leptonica_paths()
    assert paths, "tesserocr loaded no Leptonica"
    for path in paths:
        lept = ctypes.CDLL(path)
        # setMsgSeverity returns the level it replaces: the engine must have set "none".
        previous = lept.setMsgSeverity(engine._LEPT_SEVERITY_NONE)
        assert previous == engine._LEPT_SEVERITY_NONE
