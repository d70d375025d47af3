"""The Thai PDF corpus: one DOCX per Thai font, printed to PDF by LibreOffice in one call, cached."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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


LONG_ROSTER_FONTS = ("Sarabun", "Laksaman", "Garuda")
BORDERLESS_FONT = "Garuda"  # in every Debian install, unlike Sarabun


def long_roster_rows(count: int = 40) -> tuple[tuple[str, ...], ...]:
    """A roster long enough to run over a page, with names and addresses of every kind."""
    first_names = ("สมชาย", "น้ำฝน", "ฤดี", "ปิ่น", "ญาณี", "กิตติ์", "คำปุ่น", "ฝ้าย", "ปฏิมา")
    surnames = ("ใจดี", "ศรีสุข", "ฟ้าใส", "ทองคำ", "บุญค้ำ", "ฤทธิ์เดช", "ปู่ย่า", "ชื่นบาน")
    return tuple(
        (
            str(i + 1),
            f"{('นาย', 'นาง', 'นางสาว')[i % 3]}{first_names[i % len(first_names)]} "
            f"{surnames[i % len(surnames)]}",
            _national_id(100 + i),
            _ADDRESSES[i % len(_ADDRESSES)],
        )
        for i in range(count)
    )


def write_roster_docx(font: str, out: Path, *, ruled: bool = True) -> None:
    """A member roster as offices type it: a title line, then a table whose header repeats
    (ruled, or with no lines at all)."""
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = font
    normal.font.size = Pt(14)
    fonts = normal.element.get_or_add_rPr().find(qn("w:rFonts"))
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), font)
    doc.add_paragraph("บัญชีรายชื่อสมาชิกกลุ่มปลูกผักปลอดภัยบ้านท่าพระ")
    rows = long_roster_rows()
    table = doc.add_table(rows=1 + len(rows), cols=len(ROSTER_HEADER))
    if ruled:
        table.style = "Table Grid"
    for r, row in enumerate((ROSTER_HEADER, *rows)):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    header_props = table.rows[0]._tr.get_or_add_trPr()
    header_props.append(header_props.makeelement(qn("w:tblHeader"), {}))
    for column, width in zip(table.columns, (1.6, 5.6, 4.4, 6.4), strict=True):
        for cell in column.cells:
            cell.width = Cm(width)
    doc.save(str(out))


# A red-team bundle (test_redteam_bundles, bundle J) typed at 16 pt in Debian's Thai fonts,
# tables with no lines (python-docx's plain table, as Word's borderless tables print) and with
# "Table Grid": its roster of 10 runs over pages and rows break across the page.
BUNDLE16_FONTS = ("Garuda", "Loma", "Laksaman")
BUNDLE16_SIZE = 16
BUNDLE16_BYLAWS = (
    "ข้อ ๑",
    "กลุ่มนี้ดำเนินกิจกรรมทอผ้าไหมและจำหน่ายผลิตภัณฑ์",
    "ข้อ ๒ การรับสมาชิก",
    "(๑) เป็นผู้มีภูมิลำเนาในตำบล",
    "(๒) ยื่นใบสมัครต่อคณะกรรมการ",
    "ข้อ ๓ สมาชิกต้องลงหุ้นอย่างน้อยคนละ ๑๐ หุ้น",
    "ข้อ ๔ การเงินของกลุ่มให้เหรัญญิกเป็นผู้รับผิดชอบ จัดทำบัญชีรายรับรายจ่าย",
    "ข้อ ๕ ให้สมาชิกเลือกตั้งคณะกรรมการในที่ประชุมใหญ่",
    "ข้อ ๖ คณะกรรมการมีวาระ ๒ ปี",
    "ข้อ ๗ การพ้นจากตำแหน่งของกรรมการ",
    "กรรมการพ้นจากตำแหน่งเมื่อ",
    "(๑) ตาย",
    "(๒) ลาออก",
    "(๓) ขาดจากสมาชิกภาพ",
)
BUNDLE16_GROUP = "กลุ่มทอผ้าไหมบ้านดอนหัน"
BUNDLE16_SEED = 11  # the members' IDs: redteam_support.pid(i, BUNDLE16_SEED)


def bundle16_keys() -> list[str]:
    """`borderless_Garuda`, `ruled_Garuda`, ...: one bundle per font and table style."""
    return [f"{style}_{font}" for font in BUNDLE16_FONTS for style in ("borderless", "ruled")]


def _restyle(path: Path, font: str, *, ruled: bool) -> None:
    """Set a DOCX in `font` at BUNDLE16_SIZE pt (every script slot), its tables ruled or not."""
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Pt

    doc = Document(str(path))
    normal = doc.styles["Normal"]
    normal.font.name = font
    normal.font.size = Pt(BUNDLE16_SIZE)
    rpr = normal.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), font)
    rpr.append(rpr.makeelement(qn("w:szCs"), {qn("w:val"): str(2 * BUNDLE16_SIZE)}))
    if ruled:
        for table in doc.tables:
            table.style = "Table Grid"
    doc.save(str(path))


def write_bundle16(key: str, folder: Path) -> dict[str, Path]:
    """Bundle J's five DOCX files for `key` (style_font) in `folder`: file name -> path."""
    import docx
    from redteam_support import PEOPLE, committee_table, pid, plan_lines, roster_docx, table_request

    style, font = key.split("_", 1)
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        name: folder / f"{name}.docx"
        for name in ("คำขอ", "ข้อตกลงกลุ่ม", "คณะกรรมการ", "สมาชิก", "แผน")
    }
    table_request(files["คำขอ"], BUNDLE16_GROUP, "10")
    d = docx.Document()
    d.add_paragraph("ข้อตกลงของ" + BUNDLE16_GROUP)
    for line in BUNDLE16_BYLAWS:
        d.add_paragraph(line)
    d.save(str(files["ข้อตกลงกลุ่ม"]))
    committee_table(
        files["คณะกรรมการ"],
        [(PEOPLE[0], "ประธาน"), (PEOPLE[2], "เลขานุการ"), (PEOPLE[3], "เหรัญญิก")],
    )
    roster_docx(files["สมาชิก"], PEOPLE[:10], [pid(i, BUNDLE16_SEED) for i in range(10)])
    plan_lines(files["แผน"], ["ทอผ้าไหม", "ย้อมสีธรรมชาติ", "จำหน่ายผ้าไหมในตลาดชุมชน"])
    for path in files.values():
        _restyle(path, font, ruled=style == "ruled")
    return files


SAMPLES = REPO / "samples" / "bundles"
# Bundles whose DOCX files carry each kind of content the checker reads: rosters and committee
# tables, bylaws clauses, plans, request forms, page headers, Thai digits. All bundles with
# DOCGEN_PDF_ALL_SAMPLES=1 (and in bench/pdf_cer.py).
SAMPLE_BUNDLES = (
    "valid-01-all-docx",
    "valid-11-thai-digits",
    "valid-13-cover-sheet-headers",
    "valid-15-committee-lines",
    "valid-16-position-first",
    "defect-bylaws-no-term",
    "defect-committee-not-member",
    "defect-docx-duplicate-outsider",
    "defect-name-mismatch",
    "defect-no-chair",
    "defect-outside-area",
    "defect-plan-empty",
)


def sample_bundles(everything: bool = False) -> list[str]:
    """Sample bundles (folders) that hold DOCX files, to print to PDF and check again."""
    names = (
        sorted(p.name for p in SAMPLES.iterdir())
        if everything and SAMPLES.exists()
        else SAMPLE_BUNDLES
    )
    return [
        n
        for n in names
        if (SAMPLES / n / "bundle").is_dir() and any((SAMPLES / n / "bundle").glob("*.docx"))
    ]


def sample_docx(names: list[str]) -> dict[str, Path]:
    """`bundle/file.docx` -> path, for build_corpus(extra_docx=...)."""
    return {
        f"{n}/{d.name}": d for n in names for d in sorted((SAMPLES / n / "bundle").glob("*.docx"))
    }


def pdf_twin(name: str, corpus: Corpus, out: Path) -> Path:
    """A copy of a sample bundle with every DOCX replaced by its PDF print (other files kept)."""
    twin = out / name
    shutil.rmtree(twin, ignore_errors=True)
    twin.mkdir(parents=True)
    for f in sorted((SAMPLES / name / "bundle").iterdir()):
        key = f"{name}/{f.name}"
        if f.suffix.lower() == ".docx" and key in corpus.extra:
            shutil.copyfile(corpus.extra[key], twin / (f.stem + ".pdf"))
        elif f.is_file():
            shutil.copyfile(f, twin / f.name)
    return twin


def check_summary(report_json: dict[str, Any]) -> tuple[list[tuple[str, ...]], tuple[Any, ...]]:
    """What must match between a bundle and its PDF twin: the findings (without file names and
    messages, which name the files) and the group as read."""
    findings: list[tuple[str, ...]] = sorted(
        (
            f["code"],
            f["severity"],
            str(f.get("where")),
            json.dumps(
                {
                    k: v
                    for k, v in f.items()
                    if k not in ("code", "severity", "where", "file", "message")
                },
                ensure_ascii=False,
                sort_keys=True,
            ),
        )
        for f in report_json["findings"]
    )
    g = report_json["group"]
    group = (g["name"], g["members"], g["committee"], g["subdistrict_code"], g["stated_members"])
    return findings, group


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
    if (SARABUN_DIR / "SarabunDocGen-Regular.ttf").exists():
        fonts.append("Sarabun DocGen")  # what docgen's own PDFs are set in
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
    pdfs: dict[str, Path]  # font -> PDF of the corpus text
    rosters: dict[str, Path]  # font -> PDF of the long roster
    extra: dict[str, Path]  # name -> PDF of each extra DOCX given to build_corpus
    borderless_roster: Path  # the long roster with no table lines, in BORDERLESS_FONT
    bundles16: dict[str, Path] = field(default_factory=dict)  # bundle16 key -> folder of PDFs


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


def build_corpus(
    cache_root: Path | None = None,
    soffice: str | None = None,
    extra_docx: dict[str, Path] | None = None,
) -> Corpus:
    """DOCX per font (and any extra DOCX), then ONE LibreOffice call for all; cached by content."""
    fonts = fonts_available()
    extra_docx = extra_docx or {}
    digest = hashlib.sha256()
    digest.update((source_text() + "|".join(fonts)).encode())
    digest.update(Path(__file__).read_bytes())
    digest.update((Path(__file__).parent / "redteam_support.py").read_bytes())  # bundles16
    for name, docx in sorted(extra_docx.items()):
        digest.update(name.encode() + docx.read_bytes())
    root = cache_root or Path(tempfile.gettempdir()) / "docgen-pdf-corpus"
    folder = root / digest.hexdigest()[:16]
    pdf_dir = folder / "pdf"
    pdfs = {f: pdf_dir / (f.replace(" ", "_") + ".pdf") for f in fonts}
    rosters = {
        f: pdf_dir / ("roster_" + f.replace(" ", "_") + ".pdf")
        for f in LONG_ROSTER_FONTS
        if f in fonts
    }
    extra = {name: pdf_dir / f"extra_{i}.pdf" for i, name in enumerate(sorted(extra_docx))}
    borderless = pdf_dir / "roster_borderless.pdf"
    keys16 = [k for k in bundle16_keys() if k.split("_", 1)[1] in fonts]
    bundles16 = {k: folder / "bundles16" / k for k in keys16}
    names16 = ("คำขอ", "ข้อตกลงกลุ่ม", "คณะกรรมการ", "สมาชิก", "แผน")
    wanted16 = [bundles16[k] / f"{n}.pdf" for k in keys16 for n in names16]
    wanted = [*pdfs.values(), *rosters.values(), borderless, *wanted16]
    done = folder / "done"  # LibreOffice ran; an extra DOCX it could not open has no PDF
    if done.exists() and all(p.exists() for p in wanted):
        return Corpus(
            folder,
            pdfs,
            rosters,
            {n: p for n, p in extra.items() if p.exists()},
            borderless,
            bundles16,
        )
    shutil.rmtree(folder, ignore_errors=True)
    # Older corpora (other text, other samples) are not read again: keep the cache small.
    for stale in root.glob("*/done") if root.exists() else ():
        if stale.stat().st_mtime < time.time() - 3600:
            shutil.rmtree(stale.parent, ignore_errors=True)
    docx_dir = folder / "docx"
    docx_dir.mkdir(parents=True)
    for font, pdf in pdfs.items():
        write_docx(font, docx_dir / (pdf.stem + ".docx"))
    for font, pdf in rosters.items():
        write_roster_docx(font, docx_dir / (pdf.stem + ".docx"))
    write_roster_docx(BORDERLESS_FONT, docx_dir / (borderless.stem + ".docx"), ruled=False)
    for name, pdf in extra.items():
        shutil.copyfile(extra_docx[name], docx_dir / (pdf.stem + ".docx"))
    for k in keys16:
        for name, path in write_bundle16(k, folder / "docx16" / k).items():
            shutil.copyfile(path, docx_dir / f"b16_{k}_{names16.index(name)}.docx")
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
            str(pdf_dir),
            *sorted(str(p) for p in docx_dir.glob("*.docx")),
        ],
        check=True,
        capture_output=True,
        timeout=900,
        env=env,
    )
    for k in keys16:
        bundles16[k].mkdir(parents=True, exist_ok=True)
        for i, name in enumerate(names16):
            printed = pdf_dir / f"b16_{k}_{i}.pdf"
            if printed.exists():
                shutil.copyfile(printed, bundles16[k] / f"{name}.pdf")
    missing = [p.name for p in wanted if not p.exists()]
    if missing:
        raise RuntimeError(f"LibreOffice made no PDF for {missing}")
    done.touch()
    return Corpus(
        folder, pdfs, rosters, {n: p for n, p in extra.items() if p.exists()}, borderless, bundles16
    )


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance by the bit-vector algorithm (Myers 1999, Hyyrö 2003): one pass
    over `b` with `a` held as bits of Python integers, so whole documents compare in ms."""
    if not a:
        return len(b)
    if not b:
        return len(a)
    m = len(a)
    full = (1 << m) - 1
    last = 1 << (m - 1)
    peq: dict[str, int] = {}
    for i, ch in enumerate(a):
        peq[ch] = peq.get(ch, 0) | (1 << i)
    pv, mv, score = full, 0, m
    for ch in b:
        eq = peq.get(ch, 0)
        xv = eq | mv
        xh = (((eq & pv) + pv) ^ pv) | eq
        ph = mv | (~(xh | pv) & full)
        mh = pv & xh
        if ph & last:
            score += 1
        elif mh & last:
            score -= 1
        ph = ((ph << 1) | 1) & full
        mh = (mh << 1) & full
        pv = mh | (~(xv | ph) & full)
        mv = ph & xv
    return score


def normalise(text: str) -> str:
    """Lines with runs of spaces made one; blank lines dropped (layout, not characters)."""
    return "\n".join(" ".join(line.split()) for line in text.splitlines() if line.strip())


def cer(reference: str, read: str) -> float:
    """Character error rate: edit distance over the reference length (layout-normalised)."""
    ref, got = normalise(reference), normalise(read)
    return edit_distance(ref, got) / max(len(ref), 1)
