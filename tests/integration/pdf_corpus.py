"""The Thai PDF corpus: one DOCX per Thai font, printed to PDF by LibreOffice in one call, cached."""

from __future__ import annotations

import difflib
import hashlib
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SARABUN_DIR = REPO / "docgen" / "render" / "fonts"

# Debian's Thai fonts (fonts-thai-tlwg, fonts-tlwg-*), and Sarabun where docgen ships it.
TLWG_FONTS = (
    "Laksaman",
    "Garuda",
    "Loma",
    "Norasi",
    "Kinnari",
    "Sawasdee",
    "Purisa",
    "Umpush",
    "Waree",
    "Tlwg Typist",
    "Tlwg Typo",
    "Tlwg Mono",
)

CONSONANTS = "กขฃคฅฆงจฉชซฌญฎฏฐฑฒณดตถทธนบปผฝพฟภมยรลวศษสหฬอฮ"
TONES = "่้๊๋"

PARAGRAPHS: tuple[str, ...] = (
    "หนังสือคำขอใบรับรองการจัดตั้งกลุ่มส่งเสริมอาชีพการเกษตร",
    "เรียน เกษตรอำเภอเมืองขอนแก่น สำนักงานเกษตรอำเภอเมืองขอนแก่น",
    "ชื่อกลุ่ม กลุ่มปลูกผักปลอดภัยบ้านท่าพระ ที่ตั้ง 12 หมู่ที่ 3 ตำบลท่าพระ",
    "อำเภอเมืองขอนแก่น จังหวัดขอนแก่น 40260 โทรศัพท์ 081-234-5678",
    "จำนวนสมาชิก ๑๔ ราย วันที่ ๑๕ ตุลาคม ๒๕๖๙ ผู้ใหญ่บ้าน ปั้นน้ำเป็นตัว",
    "นายสมชาย ใจดี นางสาวน้ำฝน ปู่ย่า นางฤดี ฦๅษี ไปๆ มาๆ กรุงเทพฯ",
    "ฟ้าผ่า ฝั่งฟ้า ป่าไม้ ฝ้าย ฟื้นฟู ปี่ ปิ๊ก ฝี่ ฟั่น ค่ำ น้ำ ซ้ำ ล้ำ ต๋ำ",
    "ญาติ ฐานะ กตัญญู ฎีกา ปฏิบัติ ธุรกิจ ภูมิ ฤทธิ์ ศุกร์ ทั้งนี้ กุ้ง ตู้ ปู่",
    "เลขที่ ๑๒๓/๔๕ ถนนมิตรภาพ ตำบลในเมือง จังหวัดขอนแก่น ๔๐๐๐๐",
    # Every consonant with each tone mark, above and below vowels, ั้, ำ and ่ำ.
    *(
        " ".join(
            [c + t for t in TONES]
            + [c + v + t for v in "ิีึืุู" for t in "่้"]
            + [c + "ั้", c + "ำ", c + "่ำ"]
        )
        for c in CONSONANTS
    ),
    "บัญชีรายชื่อสมาชิกกลุ่มปลูกผักปลอดภัยบ้านท่าพระ",
)

ROSTER_HEADER = ("ลำดับ", "ชื่อ-สกุล", "เลขประจำตัวประชาชน", "ที่อยู่")
_NAMES = (
    "นายสมชาย ใจดี",
    "นางสาวน้ำฝน ปู่ย่า",
    "นางฤดี ศรีสุข",
    "นายปิ่น ฟ้าใส",
    "นางสาวญาณี ฐิติกุล",
    "นายกิตติ์ ชื่นบาน",
    "นางคำปุ่น ทองดี",
    "นายฝ้าย ฟื้นฟู",
    "นางสาวปฏิมา ภูผา",
    "นายเฉลิม ฤทธิ์เดช",
    "นางแป้ง บุญค้ำ",
    "นายถนอม ซื่อตรง",
)
_ADDRESSES = (
    "12 ม.3 ต.ท่าพระ อ.เมืองขอนแก่น จ.ขอนแก่น",
    "5 หมู่ 1 ตำบลในเมือง",
    "๗/๒ ม.๔ ต.บ้านเป็ด",
)


def _national_id(seed: int) -> str:
    body = f"{1 + seed % 8}{(seed * 7919 + 10170023) % 10**11:011d}"
    total = sum(int(d) * (13 - i) for i, d in enumerate(body))
    return body + str((11 - total % 11) % 10)


ROSTER_ROWS: tuple[tuple[str, ...], ...] = tuple(
    (str(i + 1), name, _national_id(i), _ADDRESSES[i % len(_ADDRESSES)])
    for i, name in enumerate(_NAMES)
)


def fonts_available() -> list[str]:
    """The corpus fonts this machine has (fc-list), plus Sarabun if docgen ships it."""
    try:
        listed = subprocess.run(
            ["fc-list", ":lang=th", "family"], capture_output=True, text=True, timeout=30
        ).stdout
    except (OSError, subprocess.SubprocessError):
        listed = ""
    families = {f.strip() for line in listed.splitlines() for f in line.split(",")}
    fonts = [f for f in TLWG_FONTS if f in families]
    if (SARABUN_DIR / "Sarabun-Regular.ttf").exists():
        fonts.append("Sarabun")
    return fonts


def source_text() -> str:
    """What every corpus PDF says: paragraphs, then the roster rows tab-separated."""
    lines = list(PARAGRAPHS)
    lines.extend("\t".join(row) for row in (ROSTER_HEADER, *ROSTER_ROWS))
    return "\n".join(lines)


def write_docx(font: str, out: Path) -> None:
    """One corpus document set in `font` (Latin, complex-script and East Asian slots alike)."""
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = font
    normal.font.size = Pt(14)
    rpr = normal.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), font)
    size_cs = rpr.makeelement(qn("w:szCs"), {qn("w:val"): "28"})
    rpr.append(size_cs)
    for text in PARAGRAPHS:
        doc.add_paragraph(text)
    table = doc.add_table(rows=1 + len(ROSTER_ROWS), cols=len(ROSTER_HEADER))
    table.style = "Table Grid"
    for r, row in enumerate((ROSTER_HEADER, *ROSTER_ROWS)):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    for column, width in zip(table.columns, (1.5, 4.5, 4.5, 5.5), strict=True):
        for cell in column.cells:
            cell.width = Cm(width)
    doc.save(str(out))


@dataclass(frozen=True)
class Corpus:
    folder: Path
    pdfs: dict[str, Path]  # font -> PDF


def _fontconfig(folder: Path) -> Path:
    conf = folder / "fonts.conf"
    extra = f"<dir>{SARABUN_DIR}</dir>" if SARABUN_DIR.exists() else ""
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
        f'<fontconfig><include ignore_missing="yes">/etc/fonts/fonts.conf</include>{extra}'
        f"<cachedir>{folder / 'fc-cache'}</cachedir></fontconfig>\n",
        encoding="utf-8",
    )
    return conf


def build_corpus(cache_root: Path | None = None, soffice: str | None = None) -> Corpus:
    """DOCX per font, then ONE LibreOffice call for all; reused while the text and fonts match."""
    fonts = fonts_available()
    key = hashlib.sha256(
        (source_text() + "|".join(fonts) + Path(__file__).read_text(encoding="utf-8")).encode()
    ).hexdigest()[:16]
    root = cache_root or Path(tempfile.gettempdir()) / "docgen-pdf-corpus"
    folder = root / key
    pdfs = {f: folder / "pdf" / (f.replace(" ", "_") + ".pdf") for f in fonts}
    if all(p.exists() for p in pdfs.values()):
        return Corpus(folder, pdfs)
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "docx").mkdir(parents=True)
    for font, pdf in pdfs.items():
        write_docx(font, folder / "docx" / (pdf.stem + ".docx"))
    binary = soffice or os.environ.get("DOCGEN_SOFFICE") or "soffice"
    env = dict(os.environ, FONTCONFIG_FILE=str(_fontconfig(folder)))
    subprocess.run(
        [
            binary,
            f"-env:UserInstallation=file://{folder / 'profile'}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder / "pdf"),
            *sorted(str(p) for p in (folder / "docx").glob("*.docx")),
        ],
        check=True,
        capture_output=True,
        timeout=600,
        env=env,
    )
    missing = [f for f, p in pdfs.items() if not p.exists()]
    if missing:
        raise RuntimeError(f"LibreOffice made no PDF for {missing}")
    return Corpus(folder, pdfs)


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance, row by row (the corpus is a few thousand characters)."""
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def normalise(text: str) -> str:
    """Lines with runs of spaces made one; blank lines dropped (layout, not characters)."""
    return "\n".join(" ".join(line.split()) for line in text.splitlines() if line.strip())


def cer(reference: str, read: str) -> float:
    """Character error rate: edit distance over the reference length.

    Lines that match exactly cost nothing; the edit distance is taken over each block of
    lines that differ (with its line breaks), which equals the whole-text distance whenever
    the reader keeps the lines in order, and keeps the test fast.
    """
    ref, got = normalise(reference), normalise(read)
    ref_lines, got_lines = ref.splitlines(), got.splitlines()
    errors = 0
    matcher = difflib.SequenceMatcher(None, ref_lines, got_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            errors += edit_distance("\n".join(ref_lines[i1:i2]), "\n".join(got_lines[j1:j2]))
    return errors / max(len(ref), 1)
