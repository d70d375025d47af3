"""PDFs whose fonts carry no ToUnicode map: Thai read from the embedded font's glyph names."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pytest
from fontTools import subset
from fontTools.ttLib import TTFont

from docgen.intake.pdf import read_pdf


def _font_file(family: str) -> Path:
    found = subprocess.run(
        ["fc-match", "-f", "%{file}", family], capture_output=True, text=True, timeout=30
    ).stdout
    path = Path(found)
    if path.name.lower() != f"{family.lower()}.ttf":
        pytest.fail(f"{family} is not installed: run .ci/system-deps.sh (fonts-thai-tlwg)")
    return path


def _pdf(objects: list[bytes]) -> bytes:
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def _cid_pdf(font_path: Path, lines: list[list[str]]) -> bytes:
    """Glyphs drawn by name (shaped forms like uni0E48.left) in a CID font with no ToUnicode."""
    wanted = sorted({g for line in lines for g in line})
    options = subset.Options()
    options.glyph_names = True  # keep the names: they are what the reader goes by
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    font = TTFont(str(font_path))
    subsetter.populate(glyphs=wanted)
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.save(buffer)
    gid = {name: i for i, name in enumerate(font.getGlyphOrder())}
    scale = 1000 / font["head"].unitsPerEm
    widths = b" ".join(
        b"%d" % round(font["hmtx"][name][0] * scale) for name in font.getGlyphOrder()
    )
    content = b"\n".join(
        b"BT /F1 16 Tf 1 0 0 1 72 %d Tm <%s> Tj ET"
        % (750 - 30 * n, "".join(f"{gid[g]:04X}" for g in line).encode())
        for n, line in enumerate(lines)
    )
    program = buffer.getvalue()
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            _stream(content),
            b"<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEF+Garuda /Encoding /Identity-H "
            b"/DescendantFonts [6 0 R] >>",
            b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /ABCDEF+Garuda "
            b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
            b"/FontDescriptor 7 0 R /CIDToGIDMap /Identity /W [0 [%s]] >>" % widths,
            b"<< /Type /FontDescriptor /FontName /ABCDEF+Garuda /Flags 4 "
            b"/FontBBox [0 -300 1000 1000] /ItalicAngle 0 /Ascent 900 /Descent -300 "
            b"/CapHeight 700 /StemV 80 /FontFile2 8 0 R >>",
            _stream(program, b"/Length1 %d" % len(program)),
        ]
    )


def test_shaped_thai_glyphs_are_read_by_their_names(tmp_path: Path) -> None:
    font = _font_file("Garuda")
    lines = [
        # ป่า: the mai ek shifted left for a tall consonant.
        ["uni0E1B", "uni0E48.left", "uni0E32"],
        # หมู่: the mai ek lowered (no vowel above), after sara uu.
        ["uni0E2B", "uni0E21", "uni0E39", "uni0E48.low"],
        # สำนัก: sara am drawn as nikhahit + sara aa.
        ["uni0E2A", "uni0E4D", "uni0E32", "uni0E19", "uni0E31", "uni0E01"],
        # ญาติ with the tail-less yo ying is not in every font; ฐุ with the lowered sara u.
        ["uni0E10", "uni0E38.low"],
    ]
    pdf = tmp_path / "names.pdf"
    pdf.write_bytes(_cid_pdf(font, lines))
    content = read_pdf(pdf)
    assert content.paragraphs == ("ป่า", "หมู่", "สำนัก", "ฐุ")
