"""The documents as printed: no line break inside a word or a name, the memo and certificate
wording, and every page against a reviewed image (LibreOffice, pdftotext, pdftoppm)."""

from __future__ import annotations

import itertools
import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageChops, ImageFilter

from docgen.render.engine import render_docx
from docgen.render.registry import TEMPLATES
from samples.report_groups import DISTRICT_CODE, report_groups, village_of

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "samples" / "data"
REFERENCE = Path(__file__).resolve().parent / "reference_pages"
DPI = 20  # small: the layout shows, the letters do not matter

pytestmark = pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="needs LibreOffice and poppler-utils",
)


def _sample(kind: str) -> dict[str, Any]:
    return json.loads((SAMPLES / f"{kind}.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every template's sample data, the 20-group district report, and the memo of a bundle
    with errors, printed to PDF in one LibreOffice call."""
    from docgen import pipeline
    from docgen.render.memo import write_review_memo
    from docgen.render.soffice_pool import ChunkConverter

    out = tmp_path_factory.mktemp("printed")
    docx: dict[str, Path] = {}
    for kind in TEMPLATES:
        docx[kind] = render_docx(kind, _sample(kind), out / f"{kind}.docx")
    pipeline.district_report(DISTRICT_CODE, 2569, report_groups(), out / "report20.docx")
    docx["report20"] = out / "report20.docx"
    report = pipeline.check_bundle([REPO / "samples" / "bundles" / "defect-mixed"])
    docx["memo_errors"] = write_review_memo(report, out / "memo_errors.docx")
    pdfs = {name: out / f"{name}.pdf" for name in docx}
    converter = ChunkConverter("soffice")
    try:
        converter.convert_many(list(docx.values()), list(pdfs.values()))
    finally:
        converter.close()
    return pdfs


def _pdftotext(pdf: Path, *args: str) -> str:
    return subprocess.run(
        ["pdftotext", *args, str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout


_THAI = re.compile("[\u0e01-\u0e5b]")


def _breaks(pdf: Path) -> Iterator[tuple[str, str]]:
    """(end of a line, start of the next) wherever a line of Thai text wraps onto the next:
    consecutive lines of one block of text, one under the other."""
    xml = _pdftotext(pdf, "-bbox-layout")
    xml = re.sub(r"<!DOCTYPE[^>]*>", "", xml).replace('xmlns="http://www.w3.org/1999/xhtml"', "")
    root = ET.fromstring(xml)
    for block in root.iter("block"):
        lines = [
            (
                float(line.get("yMin", 0)),
                float(line.get("yMax", 0)),
                [w.text or "" for w in line],
            )
            for line in block.iter("line")
        ]
        for (top1, bottom1, words1), (top2, _, words2) in itertools.pairwise(lines):
            # The next line of the same paragraph: right under it (a table's next row, or
            # the next paragraph, sits further down).
            if not words1 or not words2 or not top1 + 2 < top2 <= top1 + (bottom1 - top1) * 1.05:
                continue
            tail, head = words1[-1], words2[0]
            if _THAI.match(tail[-1:]) and _THAI.match(head[:1]):
                yield tail, head


def _protected(kind: str) -> set[str]:
    """The names and places the generator data holds: never to be broken."""
    found: set[str] = set()

    def walk(value: Any, key: str = "") -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, k)
        elif isinstance(value, list):
            for v in value:
                walk(v, key)
        elif isinstance(value, str) and _THAI.search(value):
            if key in {"name", "chair", "chair_name", "officer_name", "responsible"}:
                found.update(p for p in value.split() if len(p) > 2)
            elif key in {"subdistrict", "district", "province", "village"}:
                found.add(value)

    walk(_sample(kind) if kind in TEMPLATES else {})
    return found


def _inside(window: str, at: int, phrases: set[str]) -> str | None:
    for phrase in phrases:
        start = window.find(phrase)
        while start >= 0:
            if start < at < start + len(phrase):
                return phrase
            start = window.find(phrase, start + 1)
    return None


def test_no_line_break_inside_a_word_a_name_or_a_place(printed: dict[str, Path]) -> None:
    from pythainlp.corpus import thai_words
    from pythainlp.tokenize import word_tokenize

    words = set(thai_words())
    people: set[str] = set()
    for g in report_groups():
        people.update(p for p in g["chair"].split() if len(p) > 2)
        people.update((g["subdistrict"], g["district"], village_of(g["group_name"])))
    bad: list[str] = []
    seen = 0
    for name, pdf in printed.items():
        phrases = _protected(name) | people
        for tail, head in _breaks(pdf):
            seen += 1
            window = tail + head
            at = len(tail)
            hit = _inside(window, at, phrases)
            # A compound may break between its words: a dictionary word ends at the break
            # and another begins there (ทุ่งสว่าง|อารมณ์, สรุปผล|รวม). A name breaks only at
            # the space between its parts.
            between = any(tail.endswith(p) for p in phrases) or any(
                head.startswith(p) for p in phrases
            )
            compound = any(tail[-n:] in words for n in range(2, len(tail) + 1)) and any(
                head[:n] in words for n in range(2, len(head) + 1)
            )
            if hit is None and not between and not compound:
                pos = 0
                for token in word_tokenize(window, engine="newmm", keep_whitespace=False):
                    if pos < at < pos + len(token) and token in words:
                        hit = token
                    pos += len(token)
            if hit is not None:
                bad.append(f"{name}: {tail}|{head} ({hit})")
    assert seen > 20  # the check saw real wrapped lines (long names in narrow cells)
    assert bad == [], "\n".join(bad)


def _read(pdf: Path) -> str:
    """What `docgen text` reads from the PDF (pdftotext with Thai repair), spaces collapsed."""
    from docgen.pipeline import document_text

    raw = _pdftotext(pdf)
    assert "\u200b" not in raw and "\u2060" not in raw  # copied text carries no marks
    return " ".join(document_text(pdf).split())


def test_memo_of_a_bundle_with_errors_names_documents_in_words(printed: dict[str, Path]) -> None:
    text = _read(printed["memo_errors"])
    assert "ต้องแก้ไข" in text and "ข้อสังเกต" in text
    assert not re.search(r"\.(docx?|xlsx?|csv|pdf|json|zip)\b", text, re.I)
    assert not re.search(r"\[[^\]\s][^\]]*\]", text)  # no [ต้องแก้ไข] tags
    # The errors come before the observations; a roster row is named in words.
    assert text.index("3.1 รายการที่ต้องแก้ไข") < text.index("3.2 ข้อสังเกต")
    assert "บัญชีรายชื่อสมาชิก แถวที่ 11" in text
    assert "\u200b" not in text and "\u2060" not in text


def test_certificate_reads_as_given(printed: dict[str, Path]) -> None:
    text = _read(printed["certificate"])
    assert "ให้ไว้ ณ วันที่ 2 เดือน พฤศจิกายน พ.ศ. 2569" in text
    assert "เมื่อวันที่ 1 เดือน ตุลาคม พ.ศ. 2569" in text  # the founding date
    assert "(นายวีระ ศรีวิเศษ)" in text and "ลงชื่อ" not in text
    assert "\u200b" not in text and "\u2060" not in text


def _pages(pdf: Path, out: Path) -> list[Image.Image]:
    prefix = out / pdf.stem
    subprocess.run(["pdftoppm", "-r", str(DPI), "-gray", "-png", str(pdf), str(prefix)], check=True)
    return [Image.open(p).convert("L") for p in sorted(out.glob(f"{pdf.stem}-*.png"))]


def _difference(a: Image.Image, b: Image.Image) -> float:
    """Mean difference (0-255) of two pages blurred a little: text that moves a few points
    does not count, a block that moves or vanishes does."""
    if a.size != b.size:
        return 255.0
    blur = ImageFilter.GaussianBlur(2)
    diff = ImageChops.difference(a.filter(blur), b.filter(blur))
    return sum(i * n for i, n in enumerate(diff.histogram())) / (a.size[0] * a.size[1])


def test_pages_match_the_reviewed_images(printed: dict[str, Path], tmp_path: Path) -> None:
    """Each page against the image reviewed when the layout was last changed
    (tests/integration/reference_pages; DOCGEN_UPDATE_REFERENCE=1 rewrites them)."""
    import os

    update = os.environ.get("DOCGEN_UPDATE_REFERENCE") == "1"
    worst: list[str] = []
    for name in (*TEMPLATES, "report20"):
        pages = _pages(printed[name], tmp_path)
        if update:
            for old in REFERENCE.glob(f"{name}-*.png"):
                old.unlink()
        for n, page in enumerate(pages, start=1):
            ref = REFERENCE / f"{name}-{n}.png"
            if update:
                REFERENCE.mkdir(exist_ok=True)
                page.save(ref)
                continue
            assert ref.is_file(), f"no reviewed image for {name} page {n}"
            score = _difference(page, Image.open(ref).convert("L"))
            if score > 4.0:
                worst.append(f"{name} page {n}: {score:.1f}")
        if not update:
            assert not (REFERENCE / f"{name}-{len(pages) + 1}.png").exists(), f"{name}: pages lost"
    assert worst == []
