"""File writers for the sample generator: DOCX, XLSX, CSV, ZIP (UTF-8 or cp874 names), PDF."""

from __future__ import annotations

import calendar
import csv
import io
import os
import re
import shutil
import subprocess
import tempfile
import time
import zipfile
from collections.abc import Sequence
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from openpyxl import Workbook

# Every file carries the same timestamp so that the generator is reproducible byte for byte.
FIXED_TIME = (2026, 10, 15, 9, 30, 0)
FIXED_W3CDTF = "2026-10-15T09:30:00Z"

# Parts of python-docx's default template that Word does not need and that only add size.
_DROP_PARTS = ("word/stylesWithEffects.xml", "docProps/thumbnail.jpeg", "customXml/")


def new_docx(font: str = "TH Sarabun New", size: int = 16, landscape: bool = False) -> DocxDocument:
    """An empty A4 document typed the way Thai offices do: the font for Thai (cs) text, 16 pt."""
    document = docx.Document()
    normal = document.styles["Normal"]
    normal.font.name = font
    normal.font.size = Pt(size)
    rpr = normal.element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), font)
    szcs = rpr.find(qn("w:szCs"))
    if szcs is None:
        szcs = rpr.makeelement(qn("w:szCs"), {})
        rpr.append(szcs)
    szcs.set(qn("w:val"), str(size * 2))
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(29.7), Cm(21)
        section.left_margin, section.right_margin = Cm(1.5), Cm(1.5)
    if not landscape:
        section.left_margin, section.right_margin = Cm(3), Cm(2)
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(2)
    document.core_properties.author = "User"
    return document


def para(
    document: DocxDocument,
    text: str,
    *,
    bold: bool = False,
    center: bool = False,
    right: bool = False,
) -> None:
    paragraph = document.add_paragraph()
    run = paragraph.add_run(text)
    run.bold = bold
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def table(
    document: DocxDocument,
    rows: Sequence[Sequence[str]],
    *,
    bold_header: bool = True,
    widths_cm: Sequence[float] | None = None,
) -> None:
    """A grid table; row 1 is the header. `widths_cm` fixes the column widths (else Word's autofit)."""
    width = max(len(r) for r in rows)
    grid = document.add_table(rows=len(rows), cols=width)
    grid.style = "Table Grid"
    if widths_cm:
        grid.autofit = False
        for c, w in enumerate(widths_cm):
            grid.columns[c].width = Cm(w)
            for cell in grid.columns[c].cells:
                cell.width = Cm(w)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            cell = grid.cell(r, c)
            cell.text = value
            if r == 0 and bold_header:
                for run in cell.paragraphs[0].runs:
                    run.bold = True


def save_docx(document: DocxDocument, path: Path) -> None:
    buffer = io.BytesIO()
    document.save(buffer)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(freeze_ooxml(buffer.getvalue()))


def save_xlsx(workbook: Workbook, path: Path) -> None:
    buffer = io.BytesIO()
    workbook.save(buffer)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(freeze_ooxml(buffer.getvalue()))


def freeze_ooxml(data: bytes) -> bytes:
    """Rewrite a DOCX/XLSX package with fixed dates and without unneeded parts (reproducible, small)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as dst,
    ):
        for info in src.infolist():
            name = info.filename
            if any(name.startswith(p) for p in _DROP_PARTS):
                continue
            body = src.read(name)
            if name.endswith(".rels") or name == "[Content_Types].xml":
                text = body.decode("utf-8")
                text = re.sub(
                    r'<Relationship [^>]*Target="[^"]*(stylesWithEffects|thumbnail|customXml)[^"]*"/>',
                    "",
                    text,
                )
                text = re.sub(
                    r'<Override PartName="/(word/stylesWithEffects|customXml)[^"]*"[^>]*/>',
                    "",
                    text,
                )
                body = text.encode("utf-8")
            elif name == "word/styles.xml":
                body = _prune_styles(
                    body.decode("utf-8"), src.read("word/document.xml").decode("utf-8")
                )
            elif name == "docProps/core.xml":
                text = body.decode("utf-8")
                text = re.sub(
                    r"(<dcterms:(created|modified)[^>]*>)[^<]*", rf"\g<1>{FIXED_W3CDTF}", text
                )
                text = text.replace(">python-docx<", ">User<").replace(">openpyxl<", ">User<")
                text = text.replace("generated by python-docx", "")
                body = text.encode("utf-8")
            entry = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, body)
    return out.getvalue()


def _prune_styles(styles: str, document: str) -> bytes:
    """Keep only the styles the document uses (and what they are based on): python-docx's
    template carries 164 of them, which would make every sample three times its size."""
    blocks = re.findall(r"<w:style [^>]*>.*?</w:style>", styles, flags=re.S)
    by_id = {}
    for block in blocks:
        found = re.search(r'w:styleId="([^"]+)"', block)
        if found:
            by_id[found.group(1)] = block
    wanted = set(re.findall(r'<w:(?:pStyle|rStyle|tblStyle) w:val="([^"]+)"', document))
    wanted |= {i for i, b in by_id.items() if 'w:default="1"' in b.split(">", 1)[0]}
    todo = list(wanted)
    while todo:
        block = by_id.get(todo.pop())
        if block is None:
            continue
        for ref in re.findall(r'<w:(?:basedOn|link|next) w:val="([^"]+)"', block):
            if ref not in wanted and ref in by_id:
                wanted.add(ref)
                todo.append(ref)
    kept = "".join(by_id[i] for i in by_id if i in wanted)
    head = styles[: styles.index("<w:style ")]
    head = re.sub(r"<w:latentStyles.*?</w:latentStyles>", "", head, flags=re.S)
    return (head + kept + "</w:styles>").encode("utf-8")


def scanned_pdf(path: Path, title: str, rows: int = 6) -> None:
    """A page as a copier scans it: one 1-bit image, no text layer (a signed committee page)."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("L", (827, 1169), 255)  # A4 at 100 dpi
    draw = ImageDraw.Draw(image)
    font_path = Path("/usr/share/fonts/truetype/tlwg/Garuda.ttf")
    font = (
        ImageFont.truetype(str(font_path), 22) if font_path.exists() else ImageFont.load_default()
    )
    draw.text((150, 80), title, font=font, fill=0)
    for i in range(rows):
        top = 160 + i * 40
        draw.rectangle((100, top, 727, top + 40), outline=0)
        draw.line((540, top + 30, 700, top + 12), fill=0, width=2)  # a signature stroke
    path.parent.mkdir(parents=True, exist_ok=True)
    stamp = time.gmtime(calendar.timegm((*FIXED_TIME, 0, 0, 0)))  # Pillow writes a struct_time
    image.convert("1", dither=Image.Dither.NONE).save(
        path, "PDF", resolution=100.0, creationDate=stamp, modDate=stamp
    )


def write_csv(
    path: Path, rows: Sequence[Sequence[str]], *, encoding: str, delimiter: str = ","
) -> None:
    """A CSV as Excel on Windows saves it: CRLF line ends, in the given encoding (utf-8-sig, cp874 ...)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow(row)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue().encode(encoding))


class _Cp874Name(zipfile.ZipInfo):
    """A ZIP entry named in cp874 without the UTF-8 flag, as Windows' built-in zip writes Thai names."""

    def _encodeFilenameFlags(self) -> tuple[bytes, int]:
        return self.filename.encode("cp874"), self.flag_bits & ~0x800


def write_zip(path: Path, entries: Sequence[tuple[str, bytes]], *, names: str = "utf-8") -> None:
    """A ZIP of (entry name, bytes). `names`: "utf-8" (flag set) or "cp874" (no flag, Windows)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in entries:
            entry: zipfile.ZipInfo
            if names == "cp874":
                entry = _Cp874Name(name, date_time=FIXED_TIME)
                entry.create_system = 0  # MS-DOS/Windows
            else:
                entry = zipfile.ZipInfo(name, date_time=FIXED_TIME)
                entry.create_system = 3
                entry.external_attr = 0o644 << 16
            entry.compress_type = zipfile.ZIP_DEFLATED
            if name.endswith("/"):
                entry.external_attr |= 0x10
                archive.writestr(entry, b"")
            else:
                archive.writestr(entry, body)


def convert_to_pdf(jobs: Sequence[tuple[Path, Path]], soffice: str | None = None) -> None:
    """Convert each (source .docx or .xlsx, target .pdf) with ONE LibreOffice call and a private
    profile."""
    if not jobs:
        return
    binary = soffice or os.environ.get("DOCGEN_SOFFICE") or "soffice"
    with tempfile.TemporaryDirectory(prefix="samples-pdf-") as tmp:
        work = Path(tmp)
        sources = []
        for i, (source, _target) in enumerate(jobs):
            staged = work / "in" / f"doc{i:03d}{source.suffix or '.docx'}"
            staged.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, staged)
            sources.append(str(staged))
        profile = (work / "profile").as_uri()
        subprocess.run(
            [
                binary,
                f"-env:UserInstallation={profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(work / "out"),
                *sources,
            ],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=600,
        )
        for i, (_source, target) in enumerate(jobs):
            produced = work / "out" / f"doc{i:03d}.pdf"
            if not produced.exists():
                raise RuntimeError(f"LibreOffice did not convert {_source}")
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(produced, target)
