"""Red-team bundle writers: application documents typed the way different offices type them.

Deliberately not the samples generator's shapes: letters with the group name inside a
sentence, label/value tables with colons, English roster headers, headers over two rows,
IDs as floats or spaced, Thai digits, trailing notes and blank numbered rows, committees as
lines with posts that go on (รองประธานคนที่ 1, เหรัญญิก/บัญชี), bylaws under หมวด headings.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

import docx
import openpyxl
from stdnum.th import pin
from typer.testing import CliRunner

from docgen.cli import app

THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
Name = tuple[str, str, str]
PEOPLE: list[Name] = [
    ("นาย", "สมชาย", "ใจดี"),
    ("นาง", "บุญเรือน", "ศรีวงศ์"),
    ("นางสาว", "ลำดวน", "พรมมา"),
    ("นาย", "คำปั่น", "แสนสุข"),
    ("นาย", "ทองใบ", "บุญมา"),
    ("นาง", "สุดใจ", "คำภา"),
    ("นาย", "เสถียร", "ชัยวงศ์"),
    ("นาง", "ประนอม", "ทองคำ"),
    ("นาย", "วิชัย", "สีหา"),
    ("นาง", "จันทร์เพ็ญ", "ภูมิโคกรักษ์"),
    ("นาย", "สุริยา", "อินทร์แก้ว"),
    ("นางสาว", "อรุณี", "โพธิ์ศรี"),
    ("นาย", "บัวลอง", "ศรีสะอาด"),
]
MONTHS = [
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
]
ADDRESS = "ตำบลท่าพระ อำเภอเมืองขอนแก่น จังหวัดขอนแก่น"


def pid(n: int, seed: int = 7) -> str:
    """A valid national ID (check digit right), different for each (n, seed)."""
    body = f"3{4001 * 10**7 + seed * 1000 + n:011d}"
    return body + pin.calc_check_digit(body)


def bad_pid(n: int, seed: int = 7) -> str:
    """The same ID with a wrong check digit."""
    good = pid(n, seed)
    return good[:12] + str((int(good[12]) + 1) % 10)


def full(p: Name) -> str:
    return f"{p[0]}{p[1]} {p[2]}"


def spaced(id_: str) -> str:
    return f"{id_[0]} {id_[1:5]} {id_[5:10]} {id_[10:12]} {id_[12]}"


def dashed(id_: str) -> str:
    return f"{id_[0]}-{id_[1:5]}-{id_[5:10]}-{id_[10:12]}-{id_[12]}"


def _table(d: docx.document.Document, header: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    tb = d.add_table(rows=1, cols=len(header))
    for c, h in zip(tb.rows[0].cells, header, strict=True):
        c.text = h
    for row in rows:
        cells = tb.add_row().cells
        for c, v in zip(cells, row, strict=True):
            c.text = v


def letter_request(path: Path, group: str, count: int | str, *, thai_digits: bool = False) -> None:
    """A request typed as a letter: letterhead, เรื่อง/เรียน, the group name inside a sentence."""
    d = docx.Document()

    def t(s: str) -> str:
        return s.translate(THAI) if thai_digits else s

    d.add_paragraph(t("ที่ทำการกลุ่ม 45 หมู่ 7"))
    d.add_paragraph(t("วันที่ 3 ตุลาคม 2569"))
    d.add_paragraph("เรื่อง ขอใบรับรองการจัดตั้งกลุ่มส่งเสริมอาชีพการเกษตร")
    d.add_paragraph("เรียน เกษตรอำเภอเมืองขอนแก่น")
    d.add_paragraph(
        t(
            f"ข้าพเจ้า นายสมชาย ใจดี ประธาน{group} ตั้งอยู่เลขที่ 45 หมู่ที่ 7 {ADDRESS} "
            f"มีสมาชิกจำนวน {count} ราย ขอยื่นคำขอใบรับรองการจัดตั้งกลุ่มต่อเกษตรอำเภอ "
            "พร้อมนี้ได้แนบเอกสารประกอบมาด้วยแล้ว"
        )
    )
    for line in ("จึงเรียนมาเพื่อโปรดพิจารณา", "ขอแสดงความนับถือ", "(นายสมชาย ใจดี)", f"ประธาน{group}"):
        d.add_paragraph(line)
    d.save(str(path))


def table_request(path: Path, group: str, count: str) -> None:
    """A request whose fields sit in a two-column label/value table, labels with colons."""
    d = docx.Document()
    d.add_paragraph("แบบคำขอใบรับรองการจัดตั้งกลุ่มส่งเสริมอาชีพการเกษตร")
    rows = [
        ("ชื่อกลุ่ม:", group),
        ("ที่ตั้ง:", "เลขที่ 9 หมู่ที่ 2"),
        ("ตำบล:", "ท่าพระ"),
        ("อำเภอ:", "เมืองขอนแก่น"),
        ("จังหวัด:", "ขอนแก่น"),
        ("จำนวนสมาชิก:", count),
        ("ผู้ยื่นคำขอ:", "นายสมชาย ใจดี"),
    ]
    tb = d.add_table(rows=0, cols=2)
    for k, v in rows:
        cells = tb.add_row().cells
        cells[0].text, cells[1].text = k, v
    d.save(str(path))


BYLAW_CLAUSES = {
    "name": "กลุ่มนี้ชื่อว่า {group} ที่ตั้ง 45 หมู่ 7 ตำบลท่าพระ",
    "activities": "วัตถุประสงค์ของกลุ่ม เพื่อเลี้ยงไก่ไข่และจำหน่ายไข่ไก่ร่วมกัน",
    "admission": "ผู้ที่จะเข้าเป็นสมาชิกต้องมีคุณสมบัติดังนี้ (1) อายุ 20 ปีขึ้นไป (2) มีภูมิลำเนาในตำบล",
    "resignation": "สมาชิกภาพสิ้นสุดลงเมื่อ (1) ตาย (2) ลาออก (3) ที่ประชุมใหญ่มีมติให้ออก",
    "shares": "สมาชิกต้องซื้อหุ้นอย่างน้อยคนละ 5 หุ้น มูลค่าหุ้นละ 50 บาท",
    "finance": "เงินของกลุ่มให้ฝากไว้กับธนาคาร การเบิกจ่ายต้องมีลายมือชื่อกรรมการ 2 ใน 3 คน",
    "election": "ให้ที่ประชุมใหญ่สามัญประจำปีเลือกตั้งคณะกรรมการจำนวนไม่เกิน 9 คน",
    "term": "คณะกรรมการอยู่ในตำแหน่งได้คราวละ 2 ปี",
    "removal": "กรรมการพ้นจากตำแหน่งเมื่อ (1) ครบวาระ (2) ตาย (3) ลาออก (4) ที่ประชุมใหญ่มีมติให้ออก",
}
_HMUAD = {
    "name": "หมวด 1 ชื่อและที่ตั้ง",
    "activities": "หมวด 2 วัตถุประสงค์",
    "admission": "หมวด 3 สมาชิก",
    "shares": "หมวด 4 ทุนและการเงิน",
    "election": "หมวด 5 คณะกรรมการ",
}


def bylaws_hmuad(
    path: Path, group: str, *, thai: bool = True, drop: frozenset[str] = frozenset()
) -> None:
    """ข้อบังคับ under หมวด headings, clauses `ข้อ ๑` (Thai digits) with sub-items (1) (2)."""
    d = docx.Document()
    d.add_paragraph("ข้อบังคับ" + group)
    d.add_paragraph("พ.ศ. ๒๕๖๙" if thai else "พ.ศ. 2569")
    i = 1
    for key, text in BYLAW_CLAUSES.items():
        if key in _HMUAD:
            d.add_paragraph(_HMUAD[key].translate(THAI) if thai else _HMUAD[key])
        if key in drop:
            continue
        number = str(i).translate(THAI) if thai else str(i)
        d.add_paragraph(f"ข้อ {number} {text.format(group=group)}")
        i += 1
    d.add_paragraph("ประกาศ ณ วันที่ ๑ ตุลาคม ๒๕๖๙")
    d.add_paragraph("ลงชื่อ นายสมชาย ใจดี ประธานกลุ่ม")
    d.save(str(path))


def bylaws_dotted(path: Path, title: str, *, drop: frozenset[str] = frozenset()) -> None:
    """ระเบียบกลุ่ม with clauses numbered `1.`; the removal clause says ลาออก (a trap for resignation)."""
    clauses = [
        ("activities", "กลุ่มมีวัตถุประสงค์เพื่อปลูกผักปลอดสารพิษจำหน่ายในชุมชน"),
        ("admission", "การรับสมาชิก ผู้สมัครเป็นสมาชิกต้องเป็นเกษตรกรในพื้นที่และได้รับความเห็นชอบจากคณะกรรมการ"),
        ("shares", "การระดมทุน สมาชิกถือหุ้นได้ไม่เกิน 20 หุ้น หุ้นละ 100 บาท"),
        ("finance", "การบริหารเงินทุน กำไรสุทธิแบ่งเป็นเงินปันผลร้อยละ 60 ทุนสำรองร้อยละ 20"),
        ("resignation", "การออกจากสมาชิก สมาชิกที่ประสงค์จะลาออกให้ยื่นหนังสือต่อประธาน"),
        ("election", "คณะกรรมการมาจากการเลือกตั้งของสมาชิกในที่ประชุมใหญ่"),
        ("term", "วาระการดำรงตำแหน่งของคณะกรรมการ 4 ปี"),
        ("removal", "กรรมการพ้นจากตำแหน่งเมื่อลาออก หรือตาย หรือที่ประชุมมีมติให้ออก"),
    ]
    d = docx.Document()
    d.add_paragraph(title)
    kept = [text for key, text in clauses if key not in drop]
    for i, text in enumerate(kept, 1):
        d.add_paragraph(f"{i}. {text}")
    d.save(str(path))


def committee_lines(path: Path, seats: Sequence[tuple[Name, str]]) -> None:
    """A committee typed as lines: `1. นายสมชาย ใจดี   ตำแหน่ง ประธาน`."""
    d = docx.Document()
    d.add_paragraph("รายชื่อคณะกรรมการกลุ่ม")
    for i, (p, pos) in enumerate(seats, 1):
        d.add_paragraph(f"{i}. {full(p)}   ตำแหน่ง {pos}")
    d.save(str(path))


def committee_table(path: Path, seats: Sequence[tuple[Name, str]]) -> None:
    """A committee table with ที่ in Thai digits and a phone column."""
    d = docx.Document()
    d.add_paragraph("ทำเนียบคณะกรรมการบริหารกลุ่ม")
    rows = [
        (str(i).translate(THAI), full(p), pos, f"08-1234-567{i % 10}")
        for i, (p, pos) in enumerate(seats, 1)
    ]
    _table(d, ["ที่", "ชื่อ - นามสกุล", "ตำแหน่ง", "เบอร์โทร"], rows)
    d.save(str(path))


def plan_months(path: Path, acts: Sequence[str]) -> None:
    """An activity plan as a table with the fiscal year's months as columns."""
    d = docx.Document()
    d.add_paragraph("แผนการดำเนินงานของกลุ่ม ปีงบประมาณ 2570")
    rows = []
    for i, a in enumerate(acts, 1):
        marks = ["✓" if k == i else "" for k in range(len(MONTHS))]
        rows.append([str(i), a, *marks])
    _table(d, ["ที่", "กิจกรรม", *MONTHS], rows)
    d.save(str(path))


def plan_lines(path: Path, acts: Sequence[str]) -> None:
    """An activity plan as numbered lines."""
    d = docx.Document()
    d.add_paragraph("แผนงาน/กิจกรรม กลุ่ม")
    for i, a in enumerate(acts, 1):
        d.add_paragraph(f"{i}. {a} ระยะเวลา ตุลาคม 2569 - มีนาคม 2570 งบประมาณ 5,000 บาท")
    d.save(str(path))


def roster_xlsx_english(
    path: Path, people: Sequence[Name], ids: Sequence[str], *, two_sheets: bool = False
) -> None:
    """English headers split over two rows, IDs as floats, name and surname apart by several
    spaces, เพศ/อายุ columns, blank numbered rows and notes below; optionally over two sheets."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["บัญชีรายชื่อสมาชิกกลุ่มเลี้ยงไก่ไข่บ้านหนองแวง"])
    ws.append([])
    ws.append(["No.", "Name", "ID card", "Address", None, None, "เพศ", "อายุ"])
    ws.append([None, None, None, "หมู่", "ตำบล", "อำเภอ", None, None])

    def put(sheet: object, i: int, p: Name, id_: str) -> None:
        value: object = float(id_) if id_.isdigit() else id_
        sex = "ชาย" if p[0] == "นาย" else "หญิง"
        sheet.append([i, f"{p[0]}{p[1]}    {p[2]}", value, 7, "ท่าพระ", "เมืองขอนแก่น", sex, 45])  # type: ignore[attr-defined]

    half = len(people) // 2 if two_sheets else len(people)
    for i in range(half):
        put(ws, i + 1, people[i], ids[i])
    target = ws
    if two_sheets:
        target = wb.create_sheet("Sheet2")
        target.append(["No.", "Name", "ID card", "หมู่", "ตำบล", "อำเภอ", "เพศ", "อายุ"])
        for i in range(half, len(people)):
            put(target, i + 1, people[i], ids[i])
    for k in range(1, 4):
        target.append([len(people) + k])
    target.append([])
    target.append(["หมายเหตุ สมาชิกทุกคนสมัครใจเข้าร่วมกลุ่ม"])
    target.append(["ลงชื่อ", "นายสมชาย ใจดี", "ผู้รับรอง"])
    wb.save(str(path))


def roster_csv_semicolon(path: Path, people: Sequence[Name], ids: Sequence[str]) -> None:
    """A CSV saved with semicolons: separate prefix/name/surname, spaced IDs, a birth date."""
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f, delimiter=";")
        w.writerow(
            [
                "ลำดับที่",
                "คำนำหน้า",
                "ชื่อ",
                "นามสกุล",
                "เลขบัตรประชาชน",
                "วันเกิด",
                "บ้านเลขที่",
                "หมู่ที่",
                "ตำบล",
                "อำเภอ",
                "จังหวัด",
            ]
        )
        for i, (p, id_) in enumerate(zip(people, ids, strict=True), 1):
            w.writerow(
                [
                    i,
                    *p,
                    spaced(id_) if id_ else "",
                    "12/05/2510",
                    10 + i,
                    2,
                    "ท่าพระ",
                    "เมืองขอนแก่น",
                    "ขอนแก่น",
                ]
            )


def roster_docx(path: Path, people: Sequence[Name], ids: Sequence[str]) -> None:
    """A roster in Word: ลำดับ and IDs in Thai digits, free-text addresses, a signature below."""
    d = docx.Document()
    d.add_paragraph("บัญชีรายชื่อสมาชิกกลุ่ม")
    rows = [
        (
            str(i).translate(THAI),
            full(p),
            dashed(id_).translate(THAI) if id_ else "",
            "12 ม.3 ต.ท่าพระ อ.เมืองขอนแก่น จ.ขอนแก่น",
        )
        for i, (p, id_) in enumerate(zip(people, ids, strict=True), 1)
    ]
    _table(d, ["ลำดับ", "ชื่อและนามสกุล", "เลขประจำตัวประชาชน", "ที่อยู่"], rows)
    d.add_paragraph("ข้าพเจ้าขอรับรองว่ารายชื่อข้างต้นถูกต้อง")
    d.add_paragraph("ลงชื่อ ........................ ประธานกลุ่ม")
    d.save(str(path))


# --- running the checker and LibreOffice, shared by the red-team test files -----------------

EXTRA = ("document", "role", "topic")
_runner = CliRunner()


def check_json(path: Path) -> tuple[int, dict]:
    """`docgen check PATH --json`: the exit code and the report."""
    result = _runner.invoke(app, ["check", str(path), "--json"])
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout)


def finding_codes(report: dict) -> Counter[tuple[str, str]]:
    """The findings as (code, its extra field's value) with counts."""
    return Counter(
        (f["code"], next((str(f[k]) for k in EXTRA if f.get(k)), "")) for f in report["findings"]
    )


def print_to_pdf(root: Path, docs: Sequence[Path]) -> None:
    """Print Word/Excel files to PDF beside them in ONE LibreOffice call, removing the originals."""
    flat = root / "flat"
    flat.mkdir()
    for i, f in enumerate(docs):
        (flat / f"{i:02d}{f.suffix}").write_bytes(f.read_bytes())
    soffice = os.environ.get("DOCGEN_SOFFICE") or shutil.which("soffice") or "soffice"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{root / 'lo_profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(flat),
            *sorted(str(p) for p in flat.iterdir()),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    for i, f in enumerate(docs):
        pdf = flat / f"{i:02d}.pdf"
        assert pdf.exists(), f"LibreOffice did not print {f.name}"
        f.with_suffix(".pdf").write_bytes(pdf.read_bytes())
        f.unlink()
