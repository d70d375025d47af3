"""Derives the PDF font "Sarabun DocGen" from Google's Sarabun (run: python templates/build_fonts.py).

Why: the templates name "TH Sarabun New" 16 pt, as Thai official documents do. Google's
Sarabun (OFL) draws the same letters, but about 1.47 times larger at the same point size
(fonts-tlwg makes the same observation for Laksaman, and synthesises "TH Sarabun" by scaling
Laksaman to 0.66 with a fontconfig matrix, which LibreOffice's PDF export does not follow
consistently: text comes out at the wrong size and digits from another font). Raising the
units-per-em by 1/0.68 scales every glyph, advance and line metric of Sarabun down to TH Sarabun
New's size without touching an outline, so LibreOffice lays out and embeds one Thai font at
true size. The OFL allows modified versions under another name; Sarabun reserves no name.

Second change: sara am (ำ) is shaped as nikhahit + sara aa, and LibreOffice's PDF export gives
the second glyph of a cluster no Unicode mapping; once ำ has been drawn, every later า on the
page extracts as a control character (ท่\x10พระ). The derived font draws ำ's tail with a copy
of the sara aa glyph (uni0E32.am), so า keeps its own glyph and its mapping.
"""

from __future__ import annotations

import copy
from pathlib import Path

from fontTools.otlLib import builder as otl
from fontTools.ttLib import TTFont
from fontTools.ttLib.tables import otTables as ot

FONTS = Path(__file__).resolve().parent.parent / "docgen" / "render" / "fonts"
FAMILY = "Sarabun DocGen"
SCALE = 0.68  # TH Sarabun New glyph size / Sarabun glyph size at the same point size
STYLES = ("Regular", "Bold", "Italic", "BoldItalic")


def _separate_sara_am_tail(font: TTFont) -> None:
    """Draw ำ's tail with a copy of า (see the module docstring).

    HarfBuzz decomposes ำ into NIKHAHIT + SARA AA itself (and ccmp ligates a tone mark into
    the nikhahit), so the copy is chosen by a chained rule: า right after any nikhahit glyph.
    """
    cmap = font.getBestCmap()
    aa = cmap[0x0E32]
    tail = f"{aa}.am"
    for tag in list(font.keys()):  # decompile every table before the glyph order changes
        font[tag]
    order = list(font.getGlyphOrder())
    nikhahits = [name for name in order if name.startswith(cmap[0x0E4D])]
    order.append(tail)
    font.setGlyphOrder(order)
    glyf = font["glyf"]
    glyf.glyphOrder = order
    glyf.glyphs[tail] = copy.deepcopy(glyf[aa])
    font["hmtx"].metrics[tail] = font["hmtx"].metrics[aa]
    for tag in ("hdmx", "LTSH", "VDMX"):
        if tag in font:
            del font[tag]
    classes = font["GDEF"].table.GlyphClassDef.classDefs
    if aa in classes:
        classes[tail] = classes[aa]

    gsub = font["GSUB"].table
    lookups = gsub.LookupList.Lookup
    single = otl.buildLookup([otl.buildSingleSubstSubtable({aa: tail})])
    lookups.append(single)
    chain = ot.ChainContextSubst()
    chain.Format = 3
    glyph_map = font.getReverseGlyphMap()
    chain.BacktrackCoverage = [otl.buildCoverage(nikhahits, glyph_map)]
    chain.InputCoverage = [otl.buildCoverage([aa], glyph_map)]
    chain.LookAheadCoverage = []
    record = ot.SubstLookupRecord()
    record.SequenceIndex = 0
    record.LookupListIndex = len(lookups) - 1
    chain.SubstLookupRecord = [record]
    chain.SubstCount = 1
    chain.BacktrackGlyphCount, chain.InputGlyphCount, chain.LookAheadGlyphCount = 1, 1, 0
    lookups.append(otl.buildLookup([chain]))
    gsub.LookupList.LookupCount = len(lookups)
    for record in gsub.FeatureList.FeatureRecord:
        if record.FeatureTag == "ccmp":
            record.Feature.LookupListIndex.append(len(lookups) - 1)
            record.Feature.LookupCount = len(record.Feature.LookupListIndex)


def derive(source: Path, target: Path, style: str) -> None:
    font = TTFont(source)
    _separate_sara_am_tail(font)
    head = font["head"]
    head.unitsPerEm = round(head.unitsPerEm / SCALE)
    subfamily = {"BoldItalic": "Bold Italic"}.get(style, style)
    postscript = f"{FAMILY.replace(' ', '')}-{style}"
    names = font["name"]
    for record in list(names.names):
        if record.nameID in (16, 17, 21, 22):  # typographic names: the legacy ones suffice
            names.removeNames(nameID=record.nameID)
    for name_id, value in (
        (1, FAMILY),
        (2, subfamily),
        (3, f"{postscript};docgen-scaled-{SCALE}"),
        (4, f"{FAMILY} {subfamily}".replace(" Regular", "")),
        (6, postscript),
    ):
        names.setName(value, name_id, 3, 1, 0x409)
        names.setName(value, name_id, 1, 0, 0)
    font.save(target)


def main() -> None:
    for style in STYLES:
        source = FONTS / f"Sarabun-{style}.ttf"
        target = FONTS / f"SarabunDocGen-{style}.ttf"
        derive(source, target, style)
        print(target)


if __name__ == "__main__":
    main()
