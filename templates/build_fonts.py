"""Derives the PDF font "Sarabun DocGen" from Google's Sarabun (run: python templates/build_fonts.py).

Why: the templates name "TH Sarabun New" 16 pt, as Thai official documents do. Google's
Sarabun (OFL) draws the same letters, but about 1.47 times larger at the same point size
(fonts-tlwg makes the same observation for Laksaman, and synthesises "TH Sarabun" by scaling
Laksaman to 0.66 with a fontconfig matrix, which LibreOffice's PDF export does not follow
consistently: text comes out at the wrong size and digits from another font). Raising the
units-per-em by 1/0.68 scales every glyph, advance and line metric of Sarabun down to TH Sarabun
New's size without touching an outline, so LibreOffice lays out and embeds one Thai font at
true size. The OFL allows modified versions under another name; Sarabun reserves no name.
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools.ttLib import TTFont

FONTS = Path(__file__).resolve().parent.parent / "docgen" / "render" / "fonts"
FAMILY = "Sarabun DocGen"
SCALE = 0.68  # TH Sarabun New glyph size / Sarabun glyph size at the same point size
STYLES = ("Regular", "Bold", "Italic", "BoldItalic")


def derive(source: Path, target: Path, style: str) -> None:
    font = TTFont(source)
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
    sys.exit(main())
