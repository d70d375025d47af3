"""Write the sample bundles and their expected findings: `python -m samples.generate` (`make samples`).

Each bundle is written the way a district office receives it (Word files typed from old forms,
Excel and CSV rosters, PDFs printed from Word, ZIPs made on Windows or a Mac) and lands in
`samples/bundles/<name>/` with `expected.json`: the exact findings `docgen check` must give.
The generator is seeded: the same seed writes the same bytes (PDFs aside, which LibreOffice stamps).
"""

from __future__ import annotations

import argparse
import functools
import json
import random
import shutil
import sys
import tempfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import geothai
from docx.document import Document as DocxDocument
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

from samples import writers
from samples.people import Address, Member, bad_check_digit, format_id, make_member, thai_digits
from samples.texts import GROUP_TYPES, MINUTES, PHOTO_CAPTIONS, VILLAGES, Clause, bylaw_clauses

DEFAULT_SEED = 2569
BUNDLES_DIR = Path(__file__).resolve().parent / "bundles"

SEVERITY = {
    "MISSING_DOCUMENT": "error",
    "UNREADABLE_FILE": "error",
    "UNKNOWN_DOCUMENT": "warning",
    "BUNDLE_REJECTED": "error",
    "GROUP_NAME_PREFIX": "error",
    "GROUP_NAME_MISMATCH": "warning",
    "TOO_FEW_MEMBERS": "error",
    "DUPLICATE_MEMBER": "error",
    "INVALID_NATIONAL_ID": "error",
    "MEMBER_OUTSIDE_AREA": "warning",
    "UNKNOWN_PLACE": "warning",
    "COMMITTEE_TOO_SMALL": "error",
    "COMMITTEE_ROLE_MISSING": "error",
    "COMMITTEE_NOT_MEMBER": "error",
    "BYLAWS_TOPIC_MISSING": "error",
    "ACTIVITY_PLAN_EMPTY": "error",
    "MEMBER_COUNT_MISMATCH": "warning",
}

# The roles of the positions this generator writes (written here, independently of the checker).
POSITION_ROLE = {
    "ประธาน": "chair",
    "ประธานกลุ่ม": "chair",
    "ประธานกรรมการ": "chair",
    "รองประธาน": "vice_chair",
    "รองประธานกรรมการ": "vice_chair",
    "เลขานุการ": "secretary",
    "กรรมการและเลขานุการ": "secretary",
    "ผู้ช่วยเลขานุการ": "other",
    "เหรัญญิก": "treasurer",
    "ผู้ช่วยเหรัญญิก": "other",
    "กรรมการ": "member",
    "ประชาสัมพันธ์": "other",
}

STANDARD_COMMITTEE = ("ประธาน", "รองประธาน", "เลขานุการ", "เหรัญญิก", "กรรมการ")

# Roster layouts: the header row and how the address is written.
ROSTER_LAYOUTS: list[tuple[list[str], str]] = [
    (
        [
            "ลำดับ",
            "ชื่อ-สกุล",
            "เลขประจำตัวประชาชน",
            "บ้านเลขที่",
            "หมู่ที่",
            "ตำบล",
            "อำเภอ",
            "จังหวัด",
            "เบอร์โทรศัพท์",
            "ลายมือชื่อ",
        ],
        "columns",
    ),
    (["ที่", "คำนำหน้า", "ชื่อ", "นามสกุล", "เลขบัตรประชาชน", "ที่อยู่", "โทรศัพท์"], "freetext"),
    (
        [
            "ลำดับที่",
            "ชื่อ - นามสกุล",
            "เลขบัตรประจำตัวประชาชน",
            "เลขที่",
            "หมู่",
            "ตำบล",
            "อำเภอ",
            "จังหวัด",
            "ลายมือชื่อ",
        ],
        "columns",
    ),
    (["ลำดับ", "ชื่อและนามสกุล", "เลขประจำตัวประชาชน", "ที่อยู่", "เบอร์โทร"], "freetext"),
]

COMMITTEE_LAYOUTS = [
    ["ลำดับ", "ชื่อ-สกุล", "ตำแหน่ง", "ลายมือชื่อ"],
    ["ที่", "คำนำหน้า", "ชื่อ", "นามสกุล", "ตำแหน่ง", "เบอร์โทรศัพท์"],
    ["ลำดับที่", "ชื่อ - นามสกุล", "เลขบัตรประจำตัวประชาชน", "ตำแหน่ง", "หมายเหตุ"],
    ["ตำแหน่ง", "ชื่อ - สกุล", "โทรศัพท์"],
    [],  # 4: no table, numbered lines "1. นายสมชาย ใจดี    ประธาน"
]

OFFICE_NAMES = {
    "request_form": ("01 หนังสือขอใบรับรอง", "1.แบบคำขอจัดตั้งกลุ่ม", "หนังสือขอรับรองการจัดตั้งกลุ่ม"),
    "bylaws": ("02 ข้อบังคับกลุ่ม", "ข้อบังคับกลุ่ม", "2.ข้อบังคับ"),
    "committee_list": ("03 คณะกรรมการ", "คณะกรรมการ", "3.รายชื่อกรรมการ"),
    "member_roster": ("04 สมาชิก", "รายชื่อสมาชิก", "4.บัญชีรายชื่อสมาชิก"),
    "activity_plan": ("05 แผนปฏิบัติงาน", "แผนปฏิบัติงาน", "5.แผนงานกิจกรรม"),
}
OPAQUE_NAMES = ("scan001", "เอกสาร1", "เอกสาร2", "Book1", "New Microsoft Word Document", "Doc1")
KINDS = ("request_form", "bylaws", "committee_list", "member_roster", "activity_plan")


@dataclass(frozen=True)
class Spec:
    """What one sample bundle looks like and which defects it carries."""

    name: str
    about: str  # one line, Thai then English
    district: str  # DOPA district code
    gtype: str
    members: int | None = None  # None: 12-18 chosen by the seed
    roster: str = "xlsx"  # docx | xlsx | csv-cp874 | csv-bom | csv-tab | pdf
    roster_layout: int = 0
    id_styles: tuple[str, ...] = ("plain", "dashed")
    form: str = "dotted"  # dotted | plain | table
    thai_numbers: bool = False  # Thai digits in the request form and dates
    bylaws: str = "doae"  # doae | agreement | thai
    committee_layout: int = 0
    positions: tuple[str, ...] = STANDARD_COMMITTEE
    plan: str = "table"  # table | lines
    package: str = "folder"  # folder | files | zip-utf8 | zip-cp874 | zip-nested | zip-slip
    naming: str = "office"  # office | opaque
    pdf_kinds: tuple[str, ...] = ()  # documents printed to PDF
    font: str = "TH Sarabun New"
    total_row: bool = False
    short_muang: bool = False  # write อ.เมือง for the capital district in free-text addresses
    two_row_header: bool = False  # XLSX roster: ที่อยู่ merged over บ้านเลขที่/หมู่ที่/ตำบล/... below it
    cover_sheet: bool = False  # XLSX roster: an instructions sheet first, the roster second
    page_header: str = (
        ""  # DOCX page header: "name" (the group's name) or "attachment" (เอกสารประกอบคำขอ...)
    )
    spaced_titles: bool = False  # titles typed "ข้อบังคับ กลุ่ม..." with a space
    blank_rows: int = 0  # roster: pre-numbered empty rows left at the end of the table
    noble_surname: str = ""  # the chair's surname with a space, e.g. "ณ เชียงใหม่"
    count_unit: str = "ราย"  # the request form's unit for the member count (ราย or คน)
    clause_dot: bool = False  # bylaw clauses numbered "ข้อ 1."
    plan_owners: str = (
        "posts"  # plan's ผู้รับผิดชอบ: "posts" (ประธานกลุ่ม …) or "names" (committee members)
    )
    defects: tuple[str, ...] = ()


SPECS: list[Spec] = [
    # ---- complete bundles, one per shape: no findings ----
    Spec(
        "valid-01-all-docx",
        "ครบถ้วน ทุกไฟล์เป็น DOCX / complete, all DOCX",
        "4002",
        "vegetable",
        roster="docx",
        roster_layout=0,
        form="dotted",
        bylaws="doae",
        committee_layout=0,
    ),
    Spec(
        "valid-02-xlsx-roster",
        "ครบถ้วน บัญชีสมาชิกเป็น XLSX มีแถวหัวเรื่องผสานเซลล์ เลขบัตรเป็นตัวเลข และแถวรวม / "
        "complete, XLSX roster with merged title rows, IDs as numbers, a total row",
        "5006",
        "longan",
        roster="xlsx",
        roster_layout=0,
        id_styles=("number",),
        form="plain",
        bylaws="agreement",
        committee_layout=1,
        plan="lines",
        total_row=True,
    ),
    Spec(
        "valid-03-csv-cp874",
        "ครบถ้วน บัญชีสมาชิกเป็น CSV รหัส cp874 / complete, CSV roster in cp874",
        "3004",
        "rice",
        roster="csv-cp874",
        roster_layout=2,
        id_styles=("dashed", "plain"),
        form="plain",
        bylaws="thai",
        committee_layout=2,
    ),
    Spec(
        "valid-04-csv-bom-freetext",
        "ครบถ้วน CSV UTF-8 BOM ที่อยู่เป็นข้อความเดียว (อ.เมือง) / complete, UTF-8 BOM CSV, "
        "free-text addresses incl. อ.เมือง",
        "4001",
        "mushroom",
        roster="csv-bom",
        roster_layout=3,
        id_styles=("plain", "spaced"),
        form="dotted",
        bylaws="doae",
        committee_layout=0,
        short_muang=True,
        plan="lines",
    ),
    Spec(
        "valid-05-all-pdf",
        "ครบถ้วน ทุกไฟล์เป็น PDF พิมพ์จาก Word / complete, all PDF printed from Word",
        "8406",
        "rubber",
        roster="pdf",
        roster_layout=2,
        form="plain",
        bylaws="doae",
        committee_layout=0,
        font="Laksaman",
        pdf_kinds=KINDS,
    ),
    Spec(
        "valid-06-loose-files",
        "ครบถ้วน ส่งเป็นไฟล์แยก 5 ไฟล์ / complete, five loose files",
        "3404",
        "fish",
        roster="xlsx",
        roster_layout=1,
        id_styles=("plain", "number"),
        form="table",
        bylaws="agreement",
        committee_layout=1,
        package="files",
    ),
    Spec(
        "valid-07-zip-cp874",
        "ครบถ้วน ZIP ชื่อไฟล์ภาษาไทย cp874 จาก Windows / complete, ZIP with cp874 names",
        "3405",
        "cattle",
        roster="xlsx",
        roster_layout=2,
        id_styles=("dashed",),
        form="table",
        thai_numbers=True,
        bylaws="thai",
        committee_layout=2,
        package="zip-cp874",
    ),
    Spec(
        "valid-08-zip-nested-mac",
        "ครบถ้วน ZIP มีโฟลเดอร์ซ้อนและ __MACOSX / complete, nested folders and __MACOSX",
        "5002",
        "longan",
        roster="xlsx",
        roster_layout=3,
        form="dotted",
        bylaws="doae",
        committee_layout=0,
        positions=(
            "ประธานกรรมการ",
            "รองประธานกรรมการ",
            "กรรมการและเลขานุการ",
            "เหรัญญิก",
            "กรรมการ",
            "ประชาสัมพันธ์",
        ),
        package="zip-nested",
    ),
    Spec(
        "valid-09-opaque-names",
        "ครบถ้วน ชื่อไฟล์ไม่บอกชนิด (scan001.pdf, เอกสาร1.docx) / complete, uninformative file names",
        "3006",
        "vegetable",
        roster="xlsx",
        roster_layout=0,
        form="plain",
        bylaws="agreement",
        committee_layout=1,
        plan="lines",
        package="zip-utf8",
        naming="opaque",
        pdf_kinds=("request_form",),
        font="Garuda",
    ),
    Spec(
        "valid-10-csv-tab",
        "ครบถ้วน CSV UTF-8 คั่นด้วยแท็บ / complete, tab-separated UTF-8 CSV",
        "8403",
        "durian",
        roster="csv-tab",
        roster_layout=1,
        form="dotted",
        bylaws="thai",
        committee_layout=0,
    ),
    Spec(
        "valid-11-thai-digits",
        "ครบถ้วน เลขไทยในเลขบัตร คำขอแบบตาราง / complete, Thai-digit IDs, table request form",
        "4004",
        "cattle",
        roster="docx",
        roster_layout=1,
        id_styles=("thai", "thai-dashed"),
        form="table",
        thai_numbers=True,
        bylaws="thai",
        committee_layout=2,
        positions=(
            "ประธาน",
            "รองประธาน",
            "เลขานุการ",
            "ผู้ช่วยเลขานุการ",
            "เหรัญญิก",
            "ผู้ช่วยเหรัญญิก",
            "กรรมการ",
        ),
    ),
    # ---- one defect each ----
    Spec(
        "defect-missing-plan",
        "ไม่มีแผนปฏิบัติงาน / no activity plan",
        "4005",
        "rice",
        defects=("missing:activity_plan",),
    ),
    Spec(
        "defect-missing-bylaws",
        "ไม่มีข้อบังคับ / no bylaws",
        "5001",
        "mushroom",
        roster="csv-bom",
        roster_layout=3,
        defects=("missing:bylaws",),
    ),
    Spec(
        "defect-unreadable-extra",
        "มีไฟล์ DOCX เสียปนอยู่กับไฟล์ดี / a corrupt extra DOCX among good files",
        "3401",
        "vegetable",
        defects=("corrupt-extra",),
    ),
    Spec(
        "defect-unreadable-plan",
        "แผนปฏิบัติงานเป็นไฟล์เสีย / the activity plan is a corrupt DOCX",
        "4002",
        "cattle",
        roster="csv-cp874",
        roster_layout=0,
        defects=("corrupt:activity_plan",),
    ),
    Spec(
        "defect-unknown-documents",
        "มีรายงานการประชุมและภาพถ่ายกิจกรรมแนบมา / meeting minutes and photo captions added",
        "3006",
        "fish",
        defects=("extra-minutes", "extra-photos"),
        package="zip-utf8",
    ),
    Spec(
        "defect-zip-slip",
        "ZIP มีรายการ ../ ออกนอกโฟลเดอร์ / a ZIP entry escaping with ../",
        "4004",
        "vegetable",
        package="zip-slip",
    ),
    Spec(
        "defect-name-prefix",
        "ชื่อกลุ่มขึ้นต้นด้วย ชมรม / the group name starts with ชมรม",
        "3404",
        "vegetable",
        defects=("name-prefix",),
    ),
    Spec(
        "defect-name-mismatch",
        "ชื่อกลุ่มในข้อบังคับไม่ตรงกับคำขอ / bylaws give another name",
        "5006",
        "mushroom",
        roster="docx",
        defects=("name-mismatch",),
    ),
    Spec(
        "defect-too-few",
        "สมาชิก 9 คน / nine members",
        "8401",
        "durian",
        members=9,
        positions=("ประธาน", "เลขานุการ", "เหรัญญิก"),
    ),
    Spec(
        "defect-duplicate",
        "มีสมาชิกซ้ำหนึ่งแถว / one member listed twice",
        "3001",
        "rice",
        members=13,
        defects=("duplicate",),
    ),
    Spec(
        "defect-duplicate-too-few",
        "10 แถวแต่ซ้ำหนึ่งคน จึงเหลือ 9 คน และคำขอระบุ 10 ราย / ten rows, one repeated: "
        "nine people, the form says ten",
        "4005",
        "vegetable",
        members=9,
        roster="csv-cp874",
        roster_layout=2,
        positions=("ประธาน", "เลขานุการ", "เหรัญญิก"),
        defects=("duplicate", "count-rows"),
    ),
    Spec(
        "defect-invalid-ids",
        "เลขบัตรผิดหลักตรวจสอบหนึ่งคน และ 12 หลักหนึ่งคน / one bad check digit, one 12-digit ID",
        "3405",
        "rice",
        roster="csv-cp874",
        roster_layout=2,
        id_styles=("dashed", "thai"),
        defects=("bad-check-digit", "short-id"),
    ),
    Spec(
        "defect-outside-area",
        "สมาชิกหนึ่งคนอยู่ต่างอำเภอในจังหวัดเดียวกัน / one member in another district",
        "4002",
        "vegetable",
        roster="docx",
        roster_layout=0,
        defects=("outside-area",),
    ),
    Spec(
        "defect-unknown-place",
        "ชื่อตำบลของสมาชิกพิมพ์ผิด / a member's subdistrict misspelt",
        "5006",
        "longan",
        roster="xlsx",
        roster_layout=2,
        defects=("unknown-place",),
    ),
    Spec(
        "defect-committee-too-small",
        "คณะกรรมการ 2 คน ไม่มีเลขานุการ / two committee members, no secretary",
        "8406",
        "rubber",
        positions=("ประธาน", "เหรัญญิก"),
    ),
    Spec(
        "defect-no-chair",
        "มีรองประธานแต่ไม่มีประธาน / a vice chair but no chair",
        "3004",
        "cattle",
        positions=("รองประธาน", "เลขานุการ", "เหรัญญิก", "กรรมการ"),
    ),
    Spec(
        "defect-no-treasurer",
        "มีผู้ช่วยเหรัญญิกแต่ไม่มีเหรัญญิก / an assistant treasurer but no treasurer",
        "3404",
        "mushroom",
        committee_layout=1,
        positions=("ประธานกรรมการ", "เลขานุการ", "ผู้ช่วยเหรัญญิก", "กรรมการ", "กรรมการ"),
    ),
    Spec(
        "defect-no-secretary",
        "มีผู้ช่วยเลขานุการแต่ไม่มีเลขานุการ / an assistant secretary but no secretary",
        "5002",
        "longan",
        committee_layout=2,
        positions=("ประธาน", "รองประธาน", "ผู้ช่วยเลขานุการ", "เหรัญญิก", "ประชาสัมพันธ์"),
    ),
    Spec(
        "defect-committee-not-member",
        "กรรมการหนึ่งคนไม่อยู่ในบัญชีสมาชิก (อีกคนเขียน น.ส. แทน นางสาว) / one committee "
        "member not on the roster; another written with another prefix form",
        "4001",
        "vegetable",
        roster="xlsx",
        roster_layout=0,
        positions=("ประธาน", "รองประธาน", "เลขานุการ", "เหรัญญิก", "กรรมการ", "กรรมการ"),
        defects=("committee-outsider",),
    ),
    Spec(
        "defect-bylaws-no-admission",
        "ข้อตกลงไม่มีข้อการรับสมาชิก / the agreement has no admission clause",
        "3401",
        "fish",
        bylaws="agreement",
        defects=("bylaws-without:admission",),
    ),
    Spec(
        "defect-bylaws-no-removal",
        "ข้อบังคับมีการลาออกของสมาชิก แต่ไม่มีการพ้นจากตำแหน่งของกรรมการ / member resignation "
        "but no committee removal",
        "3001",
        "vegetable",
        bylaws="doae",
        defects=("bylaws-without:removal",),
    ),
    Spec(
        "defect-bylaws-no-term",
        "ข้อบังคับ (เลขไทย) ไม่มีวาระการดำรงตำแหน่ง / Thai-digit bylaws without the term",
        "8403",
        "durian",
        bylaws="thai",
        defects=("bylaws-without:term",),
    ),
    Spec(
        "defect-plan-empty",
        "แผนปฏิบัติงานมีแต่หัวตาราง ชื่อไฟล์ไม่บอกชนิด / the plan has a header but no activity; uninformative file names",
        "3006",
        "rice",
        naming="opaque",
        defects=("plan-empty",),
    ),
    Spec(
        "defect-count-mismatch",
        "คำขอระบุสมาชิกมากกว่าบัญชีหนึ่งราย / the form states one member more",
        "4004",
        "mushroom",
        form="table",
        defects=("count-plus-one",),
    ),
    Spec(
        "defect-pdf-count-mismatch",
        "ทุกไฟล์เป็น PDF และคำขอระบุสมาชิกน้อยกว่าบัญชี / all PDF, the form states fewer members",
        "3403",
        "rice",
        roster="pdf",
        roster_layout=0,
        pdf_kinds=KINDS,
        font="Laksaman",
        defects=("count-minus-two",),
    ),
    Spec(
        "valid-12-sarabun-pdf",
        "ครบถ้วน คำขอและข้อบังคับเป็น PDF ฟอนต์ TH Sarabun New (ข้อความ PDF เพี้ยน) บัญชี XLSX หัวตารางสองแถว / "
        "complete, request form and bylaws printed in TH Sarabun New, XLSX roster with a two-row header",
        "5001",
        "vegetable",
        roster="xlsx",
        roster_layout=0,
        two_row_header=True,
        form="plain",
        bylaws="doae",
        clause_dot=True,
        committee_layout=1,
        plan="lines",
        pdf_kinds=("request_form", "bylaws"),
    ),
    Spec(
        "valid-13-cover-sheet-headers",
        "ครบถ้วน XLSX มีแผ่นคำชี้แจงก่อนแผ่นรายชื่อ ทุกไฟล์มีหัวกระดาษ ชื่อเรื่องเว้นวรรค / complete, XLSX with "
        "an instructions sheet first, page headers and footers, titles with a space",
        "3001",
        "fish",
        roster="xlsx",
        roster_layout=2,
        id_styles=("number", "dashed"),
        cover_sheet=True,
        page_header="attachment",
        spaced_titles=True,
        form="dotted",
        bylaws="agreement",
        committee_layout=2,
    ),
    Spec(
        "valid-14-csv-total-row",
        "ครบถ้วน CSV cp874 มีแถวรวมท้ายตาราง กรรมการมีเลขบัตร / complete, cp874 CSV with a total row, "
        "committee list with IDs",
        "8401",
        "durian",
        roster="csv-cp874",
        roster_layout=0,
        id_styles=("plain", "thai"),
        total_row=True,
        form="table",
        bylaws="doae",
        clause_dot=True,
        committee_layout=2,
        positions=(
            "ประธานกรรมการ",
            "รองประธานกรรมการ",
            "เลขานุการ",
            "เหรัญญิก",
            "ผู้ช่วยเหรัญญิก",
            "กรรมการ",
        ),
    ),
    Spec(
        "defect-bylaws-no-resignation",
        "ข้อบังคับมีกรรมการลาออกจากตำแหน่ง แต่ไม่มีการลาออกของสมาชิก / committee members leaving office, "
        "no member resignation",
        "4005",
        "mushroom",
        bylaws="doae",
        defects=("bylaws-without:resignation",),
    ),
    Spec(
        "defect-mixed",
        "หลายข้อพร้อมกัน: เลขบัตรผิด สมาชิกต่างอำเภอ ชื่อกลุ่มในข้อบังคับต่างไป หัวตาราง XLSX สองแถว / several at "
        "once: a bad ID, a member from another district, bylaws with another name; two-row XLSX header",
        "3404",
        "rice",
        roster="xlsx",
        roster_layout=2,
        two_row_header=True,
        defects=("bad-check-digit", "outside-area", "name-mismatch"),
    ),
    Spec(
        "valid-15-committee-lines",
        "ครบถ้วน รายชื่อกรรมการเป็นบรรทัดเลขข้อ (ไม่มีตาราง) ประธานนามสกุล ณ เชียงใหม่ บัญชี DOCX มีแถวว่างเตรียมไว้ / "
        "complete, committee as numbered lines, a chair surnamed ณ เชียงใหม่, DOCX roster with pre-numbered empty rows",
        "5001",
        "longan",
        roster="docx",
        roster_layout=2,
        committee_layout=4,
        blank_rows=4,
        noble_surname="ณ เชียงใหม่",
        form="plain",
        bylaws="thai",
        count_unit="คน",
    ),
    Spec(
        "valid-16-position-first",
        "ครบถ้วน ตารางกรรมการเริ่มด้วยคอลัมน์ตำแหน่ง บัญชี XLSX มีแถวว่างมีเส้นตาราง คำขอระบุจำนวนเป็น คน / complete, "
        "committee table with the position first, XLSX roster with bordered empty rows, count in คน",
        "8406",
        "rubber",
        roster="xlsx",
        roster_layout=3,
        committee_layout=3,
        blank_rows=5,
        page_header="name",
        form="dotted",
        count_unit="คน",
        bylaws="agreement",
        plan="lines",
    ),
    Spec(
        "defect-xlsx-number-id-short",
        "XLSX เลขบัตรเป็นตัวเลข มีหนึ่งคน 12 หลัก หัวตารางสองแถว / XLSX IDs stored as numbers, one of 12 digits, "
        "two-row header",
        "5002",
        "rice",
        roster="xlsx",
        roster_layout=0,
        two_row_header=True,
        id_styles=("number",),
        defects=("short-id",),
    ),
    Spec(
        "defect-freetext-places",
        "CSV UTF-8 BOM ที่อยู่ข้อความเดียว: สมาชิกหนึ่งคนอยู่ต่างอำเภอ อีกคนชื่อตำบลพิมพ์ผิด / free-text addresses: one "
        "member in another district, another with a misspelt subdistrict",
        "3405",
        "cattle",
        roster="csv-bom",
        roster_layout=3,
        defects=("outside-area", "unknown-place"),
    ),
    Spec(
        "defect-docx-duplicate-outsider",
        "บัญชี DOCX มีสมาชิกซ้ำ และกรรมการหนึ่งคนไม่อยู่ในบัญชี (ตารางกรรมการแยกคำนำหน้า/ชื่อ/สกุล) / DOCX roster "
        "with a repeated member, and a committee member not on the roster (prefix/first/last columns)",
        "8403",
        "fish",
        roster="docx",
        roster_layout=1,
        committee_layout=1,
        positions=("ประธาน", "รองประธาน", "เลขานุการ", "เหรัญญิก", "กรรมการ"),
        defects=("duplicate", "committee-outsider"),
    ),
    Spec(
        "defect-scanned-page",
        "ZIP cp874 มีหน้าลงนามที่สแกนเป็นภาพ (PDF ไม่มีข้อความ) แนบมาด้วย / cp874 ZIP with a scanned signature page "
        "(image-only PDF) added",
        "4004",
        "rice",
        roster="xlsx",
        roster_layout=1,
        package="zip-cp874",
        defects=("scan-extra",),
    ),
]


# ---------------------------------------------------------------------------
# The group a bundle describes.
# ---------------------------------------------------------------------------


@dataclass
class Seat:
    member: Member
    position: str
    written_name: str  # as typed on the committee list (prefix forms and spacing vary)


@dataclass
class RosterEntry:
    member: Member
    id_text: str | int  # as typed; int for XLSX numeric cells
    name_text: str


@dataclass
class Sample:
    spec: Spec
    rng: random.Random
    name: str
    stem: str
    address: Address  # the group's office
    members: list[Member]
    roster: list[RosterEntry]
    seats: list[Seat]
    activities: list[tuple[str, str, int]]
    stated_members: int
    findings: list[dict[str, Any]] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)  # kind -> file name in the bundle
    outputs: list[tuple[str, Path, str]] = field(default_factory=list)  # (name, staged path, kind)
    row_findings: list[tuple[str, int, dict[str, str]]] = field(
        default_factory=list
    )  # (code, roster index, extra)


@functools.cache
def _name_counts() -> Counter[str]:
    """How often each subdistrict name occurs in the whole country."""
    return Counter(
        s.name_th
        for p in geothai.provinces()
        for d in geothai.districts(p.code)
        for s in geothai.subdistricts(d.code)
    )


def _place(
    rng: random.Random, district_code: str
) -> tuple[geothai.Subdistrict, geothai.District, geothai.Province]:
    district = geothai.district(district_code)
    assert district is not None, district_code
    province = geothai.province(district.province_code)
    assert province is not None
    subs = geothai.subdistricts(district_code)
    # Prefer names that repeat elsewhere in the country: the checker must use district and province.
    repeated = [s for s in subs if _name_counts()[s.name_th] > 1]
    return rng.choice(repeated or subs), district, province


def _member_address(rng: random.Random, home: Address) -> Address:
    """Most members live in the group's subdistrict; some in a neighbouring one of the same district."""
    sub = home.subdistrict
    if rng.random() < 0.2:
        sub = rng.choice(geothai.subdistricts(home.district.code))
    moo = home.moo if rng.random() < 0.7 or sub != home.subdistrict else rng.randint(1, 12)
    return Address(str(rng.randint(1, 250)), moo, sub, home.district, home.province)


def _committee_name(rng: random.Random, member: Member, force: bool = False) -> str:
    """The name as the committee list types it: sometimes the other prefix form or extra spaces."""
    prefix = member.prefix
    if force or rng.random() < 0.3:
        prefix = {"นางสาว": "น.ส.", "น.ส.": "นางสาว"}.get(prefix, prefix)
        spaced = (
            f"{prefix}{member.first}  {member.last}"
            if rng.random() < 0.5
            else f"{prefix} {member.first} {member.last}"
        )
        return spaced
    return member.full_name


def _roster_name(rng: random.Random, member: Member) -> str:
    return (
        f"{member.prefix} {member.first} {member.last}" if rng.random() < 0.2 else member.full_name
    )


def build(spec: Spec, seed: int) -> Sample:
    rng = random.Random(f"{seed}:{spec.name}")
    sub, district, province = _place(rng, spec.district)
    home = Address(str(rng.randint(1, 150)), rng.randint(1, 15), sub, district, province)
    stem, activities = GROUP_TYPES[spec.gtype]
    village = rng.choice(VILLAGES)
    name = f"กลุ่ม{stem}บ้าน{village}" if rng.random() < 0.7 else f"กลุ่ม{stem}ตำบล{sub.name_th}"
    if "name-prefix" in spec.defects:
        name = f"ชมรมผู้{stem}บ้าน{village}".replace("ผู้ผู้", "ผู้")

    count = spec.members or rng.randint(12, 18)
    taken_ids: set[str] = set()
    taken_names: set[tuple[str, str]] = set()
    members = [
        make_member(rng, _member_address(rng, home), taken_ids, taken_names) for _ in range(count)
    ]
    members[0] = replace(
        members[0], address=replace(members[0].address, subdistrict=sub)
    )  # the chair lives here
    if spec.noble_surname:
        members[0] = replace(members[0], last=spec.noble_surname)

    # Committee: distinct members; the chair (or first seat) is the member who signs the request.
    seat_members = rng.sample(members[1:], len(spec.positions) - 1)
    seat_members.insert(0, members[0])
    seats = [
        Seat(m, pos, _committee_name(rng, m))
        for m, pos in zip(seat_members, spec.positions, strict=True)
    ]
    sample = Sample(spec, rng, name, stem, home, members, [], seats, list(activities), count)
    _apply_defects(sample, taken_ids, taken_names)
    return sample


def _finding(
    sample: Sample, code: str, file_kind: str | None, where: int | None = None, **extra: str
) -> None:
    item: dict[str, Any] = {"code": code, "severity": SEVERITY[code]}
    item["file"] = file_kind  # resolved to a file name once names are chosen
    item["where"] = f"แถวที่ {where}" if where is not None else None
    item.update(extra)
    sample.findings.append(item)


def _apply_defects(sample: Sample, taken_ids: set[str], taken_names: set[tuple[str, str]]) -> None:
    spec, rng = sample.spec, sample.rng
    committee_ids = {id(s.member) for s in sample.seats}
    plain = [m for m in sample.members if id(m) not in committee_ids]
    targets = rng.sample(plain, 4)

    # Typing the roster: the ID as typed, and the name.
    entries = [
        RosterEntry(m, _typed_id(rng, spec, m.national_id), _roster_name(rng, m))
        for m in sample.members
    ]
    sample.roster = entries
    row_findings: list[tuple[str, int, dict[str, str]]] = []  # (code, entry index, extra)
    inserted: list[int] = []  # where rows were typed in again, in order

    def row_of(member: Member) -> int:
        """The member's entry index once the rows typed again above it are counted."""
        at = sample.members.index(member)
        for extra in inserted:
            at += at >= extra
        return at

    for defect in spec.defects:
        if defect == "bad-check-digit":
            i = row_of(targets[0])
            bad = bad_check_digit(targets[0].national_id)
            entries[i] = RosterEntry(
                replace(targets[0], national_id=bad), format_id(bad, "dashed"), entries[i].name_text
            )
            row_findings.append(("INVALID_NATIONAL_ID", i, {}))
        elif defect == "short-id":
            i = row_of(targets[1])
            short = targets[1].national_id[:6] + targets[1].national_id[7:]
            typed: str | int = int(short) if isinstance(entries[i].id_text, int) else short
            entries[i] = RosterEntry(
                replace(targets[1], national_id=short), typed, entries[i].name_text
            )
            row_findings.append(("INVALID_NATIONAL_ID", i, {}))
        elif defect == "outside-area":
            i = row_of(targets[3])
            home = sample.address
            others = [
                d for d in geothai.districts(home.province.code) if d.code != home.district.code
            ]
            other = rng.choice(others)
            moved = Address(
                str(rng.randint(1, 200)),
                rng.randint(1, 10),
                rng.choice(geothai.subdistricts(other.code)),
                other,
                home.province,
            )
            entries[i] = replace(entries[i], member=replace(targets[3], address=moved))
            row_findings.append(("MEMBER_OUTSIDE_AREA", i, {}))
        elif defect == "unknown-place":
            i = row_of(targets[1])
            typo = _misspell(targets[1].address.subdistrict.name_th)
            assert not any(
                s.name_th == typo
                for d in geothai.districts(sample.address.province.code)
                for s in geothai.subdistricts(d.code)
            )
            moved = replace(targets[1].address, subdistrict_text=typo)
            entries[i] = replace(entries[i], member=replace(targets[1], address=moved))
            row_findings.append(("UNKNOWN_PLACE", i, {}))
        elif defect == "duplicate":
            i = row_of(targets[2])
            # Typed again further down, the ID written another way this time.
            again_typed = entries[i].id_text
            again: str | int = format_id(
                targets[2].national_id,
                "plain" if again_typed != targets[2].national_id else "dashed",
            )
            # The copy always comes after the original: the later row is the extra one.
            at = max(i + 1, len(entries) - 2)
            entries.insert(at, replace(entries[i], id_text=again))
            # Rows found before this one that lie below it moved down a row.
            row_findings = [(c, j + (j >= at), e) for c, j, e in row_findings]
            inserted.append(at)
            row_findings.append(("DUPLICATE_MEMBER", at, {}))
        elif defect == "committee-outsider":
            outsider = make_member(rng, sample.address, taken_ids, taken_names, odd_prefix_ok=False)
            sample.seats.insert(
                len(sample.seats) - 1, Seat(outsider, "กรรมการ", outsider.full_name)
            )
            # A trap beside it: a committee member typed with the other prefix form and extra spaces.
            for seat in sample.seats:
                if seat.member.prefix in ("นางสาว", "น.ส.") and seat.member is not outsider:
                    seat.written_name = _committee_name(rng, seat.member, force=True)
                    break
            else:
                seat = sample.seats[1]
                seat.written_name = f"{seat.member.prefix}{seat.member.first}   {seat.member.last}"
            row = (
                next(i for i, seat in enumerate(sample.seats) if seat.member is outsider) + 2
            )  # header is row 1
            _finding(sample, "COMMITTEE_NOT_MEMBER", "committee_list", row)
        elif defect.startswith("missing:"):
            _finding(sample, "MISSING_DOCUMENT", None, document=defect.split(":")[1])
        elif defect == "corrupt-extra":
            _finding(sample, "UNREADABLE_FILE", "extra:corrupt")
        elif defect == "scan-extra":
            pass  # read by OCR: the signed copy of the committee list, its rows blank
        elif defect.startswith("corrupt:"):
            kind = defect.split(":")[1]
            _finding(sample, "UNREADABLE_FILE", kind)
            _finding(sample, "MISSING_DOCUMENT", "*", document=kind)
        elif defect == "extra-minutes":
            _finding(sample, "UNKNOWN_DOCUMENT", "extra:minutes")
        elif defect == "extra-photos":
            _finding(sample, "UNKNOWN_DOCUMENT", "extra:photos")
        elif defect == "name-prefix":
            _finding(sample, "GROUP_NAME_PREFIX", "request_form")
        elif defect == "name-mismatch":
            _finding(sample, "GROUP_NAME_MISMATCH", "bylaws")
        elif defect.startswith("bylaws-without:"):
            _finding(sample, "BYLAWS_TOPIC_MISSING", "bylaws", topic=defect.split(":")[1])
        elif defect == "plan-empty":
            _finding(sample, "ACTIVITY_PLAN_EMPTY", "activity_plan")
        elif defect in ("count-rows", "count-plus-one", "count-minus-two"):
            pass  # handled below with the distinct count
        else:
            raise ValueError(defect)

    distinct = len({e.member.national_id for e in entries})
    sample.stated_members = distinct
    if "count-rows" in spec.defects:
        sample.stated_members = len(entries)
    elif "count-plus-one" in spec.defects:
        sample.stated_members = distinct + 1
    elif "count-minus-two" in spec.defects:
        sample.stated_members = distinct - 2
    if distinct < 10:
        _finding(sample, "TOO_FEW_MEMBERS", "member_roster")
    if sample.stated_members != distinct:
        _finding(sample, "MEMBER_COUNT_MISMATCH", "request_form")

    roles = [POSITION_ROLE[s.position] for s in sample.seats]
    if len(sample.seats) < 3:
        _finding(sample, "COMMITTEE_TOO_SMALL", "committee_list")
    for role in ("chair", "secretary", "treasurer"):
        if role not in roles:
            _finding(sample, "COMMITTEE_ROLE_MISSING", "committee_list", role=role)
    sample.row_findings = row_findings


# Consonants people confuse when typing place names (sound-alikes and neighbouring keys).
_CONFUSED = {
    "ป": "บ",
    "บ": "ป",
    "ด": "ต",
    "ต": "ด",
    "ร": "ล",
    "ล": "ร",
    "ส": "ศ",
    "ศ": "ส",
    "ข": "ค",
    "ค": "ข",
    "น": "ณ",
}


def _misspell(name: str) -> str:
    """A typing slip: one consonant swapped for a sound-alike."""
    for i, char in enumerate(name):
        if char in _CONFUSED:
            return name[:i] + _CONFUSED[char] + name[i + 1 :]
    return name[:-1] + "ร" + name[-1]


def _typed_id(rng: random.Random, spec: Spec, number: str) -> str | int:
    style = rng.choice(spec.id_styles)
    if style == "number":
        return int(number) if spec.roster == "xlsx" else number
    return format_id(number, style)


# ---------------------------------------------------------------------------
# Writing the documents.
# ---------------------------------------------------------------------------


def _num(sample: Sample, value: object) -> str:
    text = str(value)
    return thai_digits(text) if sample.spec.thai_numbers else text


def _place_line(sample: Sample, short: bool = False) -> str:
    a = sample.address
    if short:
        return f"หมู่ที่ {_num(sample, a.moo)} ต.{a.subdistrict.name_th} อ.{a.district.name_th} จ.{a.province.name_th}"
    return f"หมู่ที่ {_num(sample, a.moo)} ตำบล{a.subdistrict.name_th} อำเภอ{a.district.name_th} จังหวัด{a.province.name_th}"


def _date(sample: Sample, day: int, month: str, year: int = 2569) -> str:
    return _num(sample, f"{day} {month} {year}")


def _chair(sample: Sample) -> Seat:
    return sample.seats[0]


def _titled(sample: Sample, title: str, name: str | None = None) -> str:
    """A document title: "ข้อบังคับ" + the group's name, some offices with a space between."""
    return f"{title}{' ' if sample.spec.spaced_titles else ''}{name or sample.name}"


def _new_doc(sample: Sample, size: int = 16, landscape: bool = False) -> DocxDocument:
    doc = writers.new_docx(sample.spec.font, size=size, landscape=landscape)
    if sample.spec.page_header:
        section = doc.sections[0]
        section.header.paragraphs[0].text = (
            f"เอกสารประกอบคำขอจัดตั้ง{sample.name}"
            if sample.spec.page_header == "attachment"
            else sample.name
        )
        section.footer.paragraphs[0].text = (
            f"{sample.address.subdistrict.name_th} {sample.address.district.name_th} "
            f"{sample.address.province.name_th}"
        )
    return doc


def write_request_form(sample: Sample, path: Path) -> None:
    spec, rng, a = sample.spec, sample.rng, sample.address
    doc = _new_doc(sample)
    chair = _chair(sample).member
    n = sample.stated_members
    main_activity = sample.activities[0][0]
    if spec.form == "table":
        writers.para(doc, "แบบคำขอใบรับรองการจัดตั้งกลุ่มส่งเสริมอาชีพการเกษตร", bold=True, center=True)
        writers.para(doc, f"วันที่ {_date(sample, 20, 'ตุลาคม')}", right=True)
        writers.para(doc, "เรื่อง ขอใบรับรองการจัดตั้งกลุ่ม")
        writers.para(doc, f"เรียน เกษตรอำเภอ{a.district.name_th}")
        writers.para(doc, "ข้าพเจ้าขอยื่นคำขอใบรับรองการจัดตั้งกลุ่ม โดยมีรายละเอียดดังนี้")
        writers.table(
            doc,
            [
                ["รายการ", "รายละเอียด"],
                ["ชื่อกลุ่ม", sample.name],
                ["ที่ตั้ง เลขที่", _num(sample, a.house_no)],
                ["หมู่ที่", _num(sample, a.moo)],
                ["ตำบล", a.subdistrict.name_th],
                ["อำเภอ", a.district.name_th],
                ["จังหวัด", a.province.name_th],
                ["จำนวนสมาชิก", f"{_num(sample, n)} {spec.count_unit}"],
                ["กิจกรรมหลัก", main_activity],
                ["ประธานกลุ่ม", chair.full_name],
                ["โทรศัพท์", chair.phone],
            ],
        )
    else:
        if spec.form == "plain":
            writers.para(doc, "หนังสือคำขอใบรับรองการจัดตั้งกลุ่ม", bold=True, center=True)
        writers.para(doc, f"เขียนที่ ศาลาประชาคมหมู่ที่ {_num(sample, a.moo)}", right=True)
        writers.para(doc, f"วันที่ {_date(sample, 20, 'ตุลาคม')}", right=True)
        writers.para(doc, "เรื่อง ขอใบรับรองการจัดตั้งกลุ่ม")
        writers.para(doc, f"เรียน เกษตรอำเภอ{a.district.name_th}")
        writers.para(
            doc,
            f"ข้าพเจ้า {chair.full_name} ในฐานะประธานกลุ่ม ขอยื่นคำขอใบรับรองการจัดตั้งกลุ่มส่งเสริมอาชีพการเกษตร "
            "ตามรายละเอียดดังนี้",
        )
        if spec.form == "dotted":
            dots = lambda k: "." * k  # noqa: E731
            writers.para(doc, f"1. ชื่อกลุ่ม {dots(6)}{sample.name}{dots(rng.randint(10, 30))}")
            writers.para(
                doc,
                f"2. ที่ตั้ง เลขที่ {dots(3)}{_num(sample, a.house_no)}{dots(3)} หมู่ที่ {dots(2)}{_num(sample, a.moo)}{dots(2)} "
                f"ตำบล {dots(4)}{a.subdistrict.name_th}{dots(4)} อำเภอ {dots(4)}{a.district.name_th}{dots(4)} "
                f"จังหวัด {dots(4)}{a.province.name_th}{dots(4)}",
            )
            writers.para(
                doc, f"3. จำนวนสมาชิก {dots(5)}{_num(sample, n)}{dots(5)} {spec.count_unit}"
            )
            writers.para(doc, f"4. กิจกรรมหลักของกลุ่ม {dots(3)}{main_activity}{dots(8)}")
            writers.para(doc, f"5. โทรศัพท์ {dots(3)}{chair.phone}{dots(3)}")
        else:
            writers.para(doc, f"ชื่อกลุ่ม {sample.name}")
            short = rng.random() < 0.5
            writers.para(doc, f"ที่ตั้ง เลขที่ {_num(sample, a.house_no)} {_place_line(sample, short)}")
            writers.para(doc, f"จำนวนสมาชิก {_num(sample, n)} {spec.count_unit}")
            writers.para(doc, f"กิจกรรมหลัก {main_activity}")
            writers.para(doc, f"วันที่จัดตั้งกลุ่ม {_date(sample, 1, 'ตุลาคม')}")
    writers.para(doc, "พร้อมนี้ได้แนบเอกสารประกอบการพิจารณา ดังนี้")
    for i, item in enumerate(
        ("ข้อบังคับกลุ่ม", "รายชื่อคณะกรรมการ", "บัญชีรายชื่อสมาชิก", "แผนงาน/กิจกรรมของกลุ่ม"), 1
    ):
        writers.para(doc, f"    ({_num(sample, i)}) {item} จำนวน {_num(sample, 1)} ชุด")
    writers.para(doc, "จึงเรียนมาเพื่อโปรดพิจารณา")
    writers.para(doc, "ขอแสดงความนับถือ", center=True)
    writers.para(doc, "ลงชื่อ ...................................... ประธานกลุ่ม", center=True)
    writers.para(doc, f"({chair.full_name})", center=True)
    writers.save_docx(doc, path)


def write_bylaws(sample: Sample, path: Path, removed: set[str], name: str) -> None:
    spec = sample.spec
    doc = _new_doc(sample)
    a = sample.address
    place = f"เลขที่ {a.house_no} {_place_line(sample)}"
    share = sample.rng.choice((50, 100, 100, 200))
    clauses: list[Clause] = [
        c
        for c in bylaw_clauses(
            spec.bylaws,
            name=name,
            place=place,
            share=share,
            activities=[act for act, _, _ in sample.activities],
        )
        if c.topic not in removed
    ]
    if spec.bylaws == "agreement":
        writers.para(doc, _titled(sample, "ข้อตกลงของ", name), bold=True, center=True)
    else:
        writers.para(doc, _titled(sample, "ข้อบังคับ", name), bold=True, center=True)
        writers.para(
            doc, _num(sample, "พ.ศ. 2569") if spec.bylaws != "thai" else "พ.ศ. ๒๕๖๙", center=True
        )
    for number, clause in enumerate(clauses, 1):
        if clause.chapter:
            writers.para(doc, clause.chapter, bold=True, center=True)
        if spec.bylaws == "doae":
            dot = "." if spec.clause_dot else ""
            writers.para(doc, f"ข้อ {number}{dot} {clause.text}")
        elif spec.bylaws == "thai":
            writers.para(doc, f"ข้อ {thai_digits(str(number))} {clause.text}")
        else:
            writers.para(doc, f"{number}. {clause.text}")
    writers.para(doc, f"ประกาศ ณ วันที่ {_date(sample, 1, 'ตุลาคม')}", center=True)
    writers.para(doc, "ลงชื่อ ...................................... ประธานกลุ่ม", center=True)
    writers.para(doc, f"({_chair(sample).member.full_name})", center=True)
    writers.save_docx(doc, path)


def write_committee(sample: Sample, path: Path) -> None:
    spec = sample.spec
    doc = _new_doc(sample)
    title = "รายชื่อคณะกรรมการ" if spec.committee_layout != 1 else "คณะกรรมการบริหาร"
    writers.para(doc, _titled(sample, title), bold=True, center=True)
    writers.para(doc, _place_line(sample), center=True)
    header = COMMITTEE_LAYOUTS[spec.committee_layout]
    rows = [header]
    for i, seat in enumerate(sample.seats, 1):
        m = seat.member
        if spec.committee_layout == 0:
            rows.append([_num(sample, i), seat.written_name, seat.position, ""])
        elif spec.committee_layout == 3:
            rows.append([seat.position, seat.written_name, m.phone])
        elif spec.committee_layout == 4:
            gap = "\t" if i % 2 else "    "
            writers.para(doc, f"    {_num(sample, i)}. {seat.written_name}{gap}{seat.position}")
        elif spec.committee_layout == 1:
            prefix = seat.written_name.split(m.first)[0].strip()
            rows.append([_num(sample, i), prefix, m.first, m.last, seat.position, m.phone])
        else:
            rows.append(
                [
                    _num(sample, i),
                    seat.written_name,
                    format_id(m.national_id, "dashed"),
                    seat.position,
                    "",
                ]
            )
    if spec.committee_layout != 4:
        writers.table(doc, rows, widths_cm=_widths(rows[0], 16))
    writers.para(doc, "")
    writers.para(doc, "รับรองว่าถูกต้อง", center=True)
    writers.para(doc, "ลงชื่อ ...................................... เลขานุการ", center=True)
    writers.save_docx(doc, path)


def _address_text(sample: Sample, a: Address) -> str:
    district = a.district.name_th
    if sample.spec.short_muang and district.startswith("เมือง") and sample.rng.random() < 0.5:
        district = "เมือง"
    form = sample.rng.randrange(3)
    if form == 0:
        return f"{a.house_no} ม.{a.moo} ต.{a.subdistrict_name} อ.{district} จ.{a.province.name_th}"
    if form == 1:
        return f"{a.house_no} หมู่ {a.moo} ตำบล{a.subdistrict_name} อำเภอ{district} จังหวัด{a.province.name_th}"
    return f"บ้านเลขที่ {a.house_no} หมู่ที่ {a.moo} ต.{a.subdistrict_name} อ.{district} จ.{a.province.name_th}"


def _roster_rows(sample: Sample) -> tuple[list[str], list[list[str | int]]]:
    header, address_style = ROSTER_LAYOUTS[sample.spec.roster_layout]
    rows: list[list[str | int]] = []
    for i, entry in enumerate(sample.roster, 1):
        m, a = entry.member, entry.member.address
        row: list[str | int] = []
        for column in header:
            if column in ("ลำดับ", "ลำดับที่", "ที่"):
                row.append(i if sample.spec.roster == "xlsx" else str(i))
            elif column in ("ชื่อ-สกุล", "ชื่อ - นามสกุล", "ชื่อและนามสกุล"):
                row.append(entry.name_text)
            elif column == "คำนำหน้า":
                row.append(m.prefix)
            elif column == "ชื่อ":
                row.append(m.first)
            elif column == "นามสกุล":
                row.append(m.last)
            elif column.startswith("เลข") and column not in ("เลขที่",):
                row.append(entry.id_text)
            elif column in ("บ้านเลขที่", "เลขที่"):
                row.append(a.house_no)
            elif column in ("หมู่ที่", "หมู่"):
                row.append(a.moo if sample.spec.roster == "xlsx" else str(a.moo))
            elif column == "ตำบล":
                row.append(a.subdistrict_name)
            elif column == "อำเภอ":
                row.append(a.district.name_th)
            elif column == "จังหวัด":
                row.append(a.province.name_th)
            elif column == "ที่อยู่":
                row.append(_address_text(sample, a))
            elif column in ("เบอร์โทรศัพท์", "โทรศัพท์", "เบอร์โทร"):
                row.append(m.phone)
            else:
                row.append("")
        assert address_style
        rows.append(row)
    return header, rows


# Relative column widths for tables typed in Word, so that names and IDs stay on one line.
_COLUMN_WEIGHT = {
    "จังหวัด": 3.3,
    "ที่อยู่": 7.0,
    "ชื่อ": 2.6,
    "นามสกุล": 2.8,
    "คำนำหน้า": 1.8,
    "ลายมือชื่อ": 1.6,
    "หมายเหตุ": 2.0,
}


def _widths(header: Sequence[str], total_cm: float) -> list[float]:
    weights = []
    for column in header:
        if column in _COLUMN_WEIGHT:
            weights.append(_COLUMN_WEIGHT[column])
        elif column.startswith("ชื่อ"):
            weights.append(5.8)
        elif column.startswith("เลข") and column != "เลขที่":
            weights.append(4.6)
        elif column in ("ลำดับ", "ลำดับที่", "ที่", "หมู่", "หมู่ที่", "เลขที่", "บ้านเลขที่"):
            weights.append(1.3 if column.startswith("ลำดับ") or column == "ที่" else 1.6)
        elif column in ("ตำแหน่ง", "เบอร์โทรศัพท์", "โทรศัพท์", "เบอร์โทร", "อำเภอ"):
            weights.append(3.6)
        else:
            weights.append(2.6)
    scale = total_cm / sum(weights)
    return [round(w * scale, 2) for w in weights]


_ADDRESS_COLUMNS = ("บ้านเลขที่", "เลขที่", "หมู่ที่", "หมู่", "ตำบล", "อำเภอ", "จังหวัด")


def write_roster(sample: Sample, path: Path) -> list[int]:
    """Write the roster; return, for each roster entry, the row number a person sees."""
    spec = sample.spec
    header, rows = _roster_rows(sample)
    title = _titled(sample, "บัญชีรายชื่อสมาชิก")
    place = _place_line(sample)
    total = f"รวม {len({e.member.national_id for e in sample.roster})} คน"
    if spec.roster in ("docx", "pdf"):
        doc = _new_doc(sample, size=12 if len(header) > 8 else 14, landscape=len(header) > 6)
        writers.para(doc, title, bold=True, center=True)
        writers.para(doc, place, center=True)
        body = [[str(c) for c in r] for r in rows]
        for k in range(spec.blank_rows):  # the form was prepared for more people than signed
            body.append([str(len(rows) + k + 1)] + [""] * (len(header) - 1))
        if spec.total_row:
            body.append(["", total] + [""] * (len(header) - 2))
        writers.table(
            doc, [header, *body], widths_cm=_widths(header, 26.5 if len(header) > 6 else 16)
        )
        writers.para(doc, "ผู้จัดทำ ...................................... เลขานุการกลุ่ม", right=True)
        writers.save_docx(doc, path)
        return [i + 2 for i in range(len(rows))]
    if spec.roster == "xlsx":
        wb = Workbook()
        ws = wb.active
        assert ws is not None
        if spec.cover_sheet:
            ws.title = "คำชี้แจง"
            ws.append(["คำชี้แจง"])
            ws.append(["1. กรอกรายชื่อสมาชิกในแผ่นงานถัดไป คนละหนึ่งแถว"])
            ws.append(["2. เลขประจำตัวประชาชน 13 หลัก ตามบัตรประชาชน"])
            ws.append(["3. สมาชิกทุกคนลงลายมือชื่อ"])
            ws = wb.create_sheet("รายชื่อสมาชิก")
        else:
            ws.title = sample.rng.choice(("Sheet1", "สมาชิก", "รายชื่อ"))
        width = len(header)
        ws.append([title] + [None] * (width - 1))
        ws.append([place] + [None] * (width - 1))
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
        ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
        ws["A1"].font = Font(name=spec.font, size=16, bold=True)
        ws["A1"].alignment = Alignment(horizontal="center")
        ws["A2"].alignment = Alignment(horizontal="center")
        first = 4
        if sample.rng.random() < 0.5:
            ws.append([None] * width)  # a blank spacer row
            first = 5
        if spec.two_row_header:
            # Word-style grouped header: ที่อยู่ over the address columns, the rest merged downwards.
            address_cols = [c for c, h in enumerate(header) if h in _ADDRESS_COLUMNS]
            top: list[str | None] = [
                ("ที่อยู่" if c == address_cols[0] else None) if c in address_cols else h
                for c, h in enumerate(header)
            ]
            below: list[str | None] = [
                h if c in address_cols else None for c, h in enumerate(header)
            ]
            ws.append(top)
            ws.append(below)
            head_row = first - 1
            ws.merge_cells(
                start_row=head_row,
                start_column=address_cols[0] + 1,
                end_row=head_row,
                end_column=address_cols[-1] + 1,
            )
            for c in range(width):
                if c not in address_cols:
                    ws.merge_cells(
                        start_row=head_row,
                        start_column=c + 1,
                        end_row=head_row + 1,
                        end_column=c + 1,
                    )
            first += 1
        else:
            ws.append(header)
        for row in rows:
            ws.append(row)
        thin = Side(style="thin")
        for k in range(spec.blank_rows):  # pre-numbered, bordered, empty
            ws.append([len(rows) + k + 1] + [None] * (width - 1))
            for cell in ws[ws.max_row]:
                cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        if spec.total_row:
            ws.append([None, total] + [None] * (width - 2))
        for col in "BCDEFGH":
            ws.column_dimensions[col].width = 22
        writers.save_xlsx(wb, path)
        return [first + i for i in range(len(rows))]
    # CSV
    text_rows = [[str(c) for c in r] for r in rows]
    encoding = {"csv-cp874": "cp874", "csv-bom": "utf-8-sig", "csv-tab": "utf-8"}[spec.roster]
    delimiter = "\t" if spec.roster == "csv-tab" else ","
    lines: list[list[str]] = []
    if spec.roster == "csv-cp874":
        lines.append([title] + [""] * (len(header) - 1))
        lines.append([place] + [""] * (len(header) - 1))
    lines.append(header)
    first = len(lines) + 1
    lines.extend(text_rows)
    if spec.total_row:
        lines.append(["", total] + [""] * (len(header) - 2))
    writers.write_csv(path, lines, encoding=encoding, delimiter=delimiter)
    return [first + i for i in range(len(rows))]


def write_plan(sample: Sample, path: Path, empty: bool) -> None:
    spec, rng = sample.spec, sample.rng
    doc = _new_doc(sample)
    who = ("ประธานกลุ่ม", "คณะกรรมการ", "เหรัญญิก", "สมาชิกทุกคน")

    def owner() -> str:
        if spec.plan_owners == "names":
            return rng.choice(sample.seats).member.full_name
        return rng.choice(who)

    if spec.plan == "lines" and not empty:
        writers.para(doc, _titled(sample, "แผนงาน/กิจกรรมของ"), bold=True, center=True)
        writers.para(doc, _num(sample, "ประจำปี พ.ศ. 2570"), center=True)
        for i, (act, period, budget) in enumerate(sample.activities, 1):
            writers.para(
                doc,
                f"{_num(sample, i)}. {act} ระยะเวลา {period} งบประมาณ {_num(sample, f'{budget:,}')} บาท "
                f"ผู้รับผิดชอบ {rng.choice(who)}",
            )
    else:
        writers.para(doc, _titled(sample, "แผนปฏิบัติงาน"), bold=True, center=True)
        writers.para(doc, _num(sample, "ประจำปี พ.ศ. 2570"), center=True)
        header = rng.choice(
            (
                ["ที่", "กิจกรรม", "ระยะเวลา", "งบประมาณ (บาท)", "ผู้รับผิดชอบ"],
                ["ลำดับ", "โครงการ/กิจกรรม", "ระยะเวลาดำเนินการ", "งบประมาณ", "ผู้รับผิดชอบ"],
            )
        )
        if empty:
            rows = [["", "", "", "", ""] for _ in range(3)]
        else:
            rows = [
                [_num(sample, i), act, period, _num(sample, f"{budget:,}"), owner()]
                for i, (act, period, budget) in enumerate(sample.activities, 1)
            ]
        writers.table(doc, [header, *rows])
    writers.para(doc, "ผู้เสนอแผน ...................................... ประธานกลุ่ม", right=True)
    writers.save_docx(doc, path)


def write_lines(sample: Sample, path: Path, lines: Sequence[str]) -> None:
    doc = _new_doc(sample)
    a = sample.address
    for line in lines:
        writers.para(
            doc,
            line.format(
                name=sample.name,
                year=2569,
                date=_date(sample, 1, "ตุลาคม"),
                moo=a.moo,
                count=len(sample.members),
            ),
        )
    writers.save_docx(doc, path)


# ---------------------------------------------------------------------------
# A bundle: stage the files, then package them.
# ---------------------------------------------------------------------------


def _file_names(sample: Sample) -> dict[str, str]:
    spec, rng = sample.spec, sample.rng
    ext = {k: ("pdf" if k in spec.pdf_kinds else "docx") for k in KINDS}
    ext["member_roster"] = {"xlsx": "xlsx", "docx": "docx", "pdf": "pdf"}.get(spec.roster, "csv")
    if spec.roster == "pdf":
        ext["member_roster"] = "pdf"
    if spec.naming == "opaque":
        names: dict[str, str] = {}
        pool = list(OPAQUE_NAMES)
        for kind in KINDS:
            if ext[kind] == "pdf":
                stem = "scan001"
            elif ext[kind] == "xlsx":
                stem = "Book1"
            else:
                stem = next(p for p in pool if p not in ("scan001", "Book1"))
            pool.remove(stem)
            names[kind] = f"{stem}.{ext[kind]}"
        return names
    style = rng.randrange(3)
    return {kind: f"{OFFICE_NAMES[kind][style]}.{ext[kind]}" for kind in KINDS}


def stage(spec: Spec, seed: int, work: Path, pdf_jobs: list[tuple[Path, Path]]) -> Sample:
    """Write one bundle's files into `work`; queue PDF conversions."""
    sample = build(spec, seed)
    names = _file_names(sample)
    sample.files = dict(names)
    removed = {d.split(":")[1] for d in spec.defects if d.startswith("bylaws-without:")}
    missing = {d.split(":")[1] for d in spec.defects if d.startswith("missing:")}

    def target(kind: str) -> Path:
        return work / names[kind]

    def docx_for(kind: str) -> Path:
        path = target(kind)
        if path.suffix == ".pdf":
            source = work / "_src" / (path.stem + ".docx")
            pdf_jobs.append((source, path))
            return source
        return path

    if "request_form" not in missing:
        write_request_form(sample, docx_for("request_form"))
    if "bylaws" not in missing:
        other = sample.name
        if "name-mismatch" in spec.defects:
            other = sample.name.replace(
                sample.stem, {"เพาะเห็ด": "เพาะเห็ดนางฟ้า"}.get(sample.stem, sample.stem + "ปลอดภัย")
            )
            assert other != sample.name
        write_bylaws(sample, docx_for("bylaws"), removed, other)
    if "committee_list" not in missing:
        write_committee(sample, docx_for("committee_list"))
    rows = write_roster(
        sample, docx_for("member_roster") if spec.roster == "pdf" else target("member_roster")
    )
    if "activity_plan" not in missing:
        write_plan(sample, docx_for("activity_plan"), empty="plan-empty" in spec.defects)
    for kind in KINDS:
        if kind not in missing:
            sample.outputs.append((names[kind], target(kind), kind))

    for code, index, extra in sample.row_findings:
        _finding(sample, code, "member_roster", rows[index], **extra)

    if "extra-minutes" in spec.defects:
        path = work / "รายงานการประชุม.docx"
        write_lines(sample, path, MINUTES)
        sample.outputs.append((path.name, path, "unknown"))
    if "extra-photos" in spec.defects:
        path = work / "ภาพถ่ายกิจกรรม.docx"
        write_lines(sample, path, PHOTO_CAPTIONS)
        sample.outputs.append((path.name, path, "unknown"))
    if "corrupt-extra" in spec.defects:
        path = work / "ภาพกิจกรรม.docx"
        write_lines(sample, path, PHOTO_CAPTIONS)
        path.write_bytes(path.read_bytes()[:2048])  # cut short, as an interrupted copy leaves it
        sample.outputs.append((path.name, path, "unknown"))
        sample.files["extra:corrupt"] = path.name
    for defect in spec.defects:
        if defect.startswith("corrupt:"):
            path = target(defect.split(":")[1])
            path.write_bytes(path.read_bytes()[:3000])
            sample.outputs = [(n, p, "unknown" if p == path else k) for n, p, k in sample.outputs]
    if "scan-extra" in spec.defects:
        path = work / "scan002.pdf"
        writers.scanned_pdf(path, "รายชื่อคณะกรรมการ (ฉบับลงนาม)", rows=len(sample.seats) + 1)
        sample.outputs.append((path.name, path, "committee_list"))
        sample.files["extra:scan"] = path.name
    sample.files["extra:minutes"] = "รายงานการประชุม.docx"
    sample.files["extra:photos"] = "ภาพถ่ายกิจกรรม.docx"
    return sample


def package(sample: Sample, out: Path) -> dict[str, Any]:
    """Put the staged files into `out` as the spec's package; return expected.json's content."""
    spec = sample.spec
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    documents = [{"file": name, "kind": kind} for name, _path, kind in sample.outputs]
    if spec.package in ("folder", "files"):
        folder = out / "bundle"
        for name, path, _kind in sample.outputs:
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, folder / name)
        inputs = (
            ["bundle"]
            if spec.package == "folder"
            else [f"bundle/{n}" for n, _p, _k in sample.outputs]
        )
    else:
        zip_name = f"{sample.name}.zip" if sample.rng.random() < 0.5 else "เอกสารขอจัดตั้งกลุ่ม.zip"
        entries: list[tuple[str, bytes]] = []
        if spec.package == "zip-nested":
            top = f"{sample.name}/"
            entries.append((top, b""))
            entries.append((f"{top}เอกสารประกอบ/", b""))
            for name, path, kind in sample.outputs:
                inner = top + ("" if kind == "request_form" else "เอกสารประกอบ/") + name
                entries.append((inner, path.read_bytes()))
            entries.append(("__MACOSX/", b""))
            for name, _path, kind in sample.outputs:
                inner = top + ("" if kind == "request_form" else "เอกสารประกอบ/") + name
                parent, _, leaf = inner.rpartition("/")
                entries.append(
                    (
                        f"__MACOSX/{parent}/._{leaf}",
                        b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        ",
                    )
                )
            entries.append((f"{top}.DS_Store", b"\x00\x00\x00\x01Bud1" + bytes(64)))
            documents = [
                {
                    "file": top
                    + ("" if d["kind"] == "request_form" else "เอกสารประกอบ/")
                    + d["file"],
                    "kind": d["kind"],
                }
                for d in documents
            ]
        else:
            entries = [(name, path.read_bytes()) for name, path, _kind in sample.outputs]
        if spec.package == "zip-slip":
            entries.append(("../../ผลการตรวจ.docx", entries[0][1]))
        writers.write_zip(
            out / zip_name, entries, names="cp874" if spec.package == "zip-cp874" else "utf-8"
        )
        inputs = [zip_name]

    findings = []
    for item in sample.findings:
        item = dict(item)
        kind = item["file"]
        if kind == "*":
            del item["file"]  # the file of this finding is not defined by the contract
        elif kind is not None:
            item["file"] = sample.files[kind]
        findings.append(item)
    group: dict[str, Any] | None = {
        "name": sample.name,
        "subdistrict": sample.address.subdistrict.name_th,
        "district": sample.address.district.name_th,
        "province": sample.address.province.name_th,
        "subdistrict_code": sample.address.subdistrict.code,
        "members": len({e.member.national_id for e in sample.roster}),
        "committee": len(sample.seats),
        "stated_members": sample.stated_members,
    }
    if spec.package == "zip-slip":
        findings = [{"code": "BUNDLE_REJECTED", "severity": "error", "where": None}]
        group = None
        documents = []
    expected: dict[str, Any] = {
        "name": spec.name,
        "about": spec.about,
        "seed": None,  # filled by generate()
        "input": inputs,
        "complete": not any(f["severity"] == "error" for f in findings),
        "group": group,
        "documents": documents if spec.package != "zip-slip" else None,
        "findings": sorted(findings, key=lambda f: (f["code"], str(f.get("where")))),
    }
    return expected


def generate(
    out_dir: Path, seed: int = DEFAULT_SEED, *, pdf: bool = True, only: Sequence[str] = ()
) -> list[str]:
    """Write every sample bundle into `out_dir`. Without `pdf`, bundles that need PDFs are skipped."""
    specs = [s for s in SPECS if not only or s.name in only]
    if not pdf:
        specs = [s for s in specs if not s.pdf_kinds]
    written = []
    with tempfile.TemporaryDirectory(prefix="samples-") as tmp:
        jobs: list[tuple[Path, Path]] = []
        staged = []
        for spec in specs:
            work = Path(tmp) / spec.name
            staged.append(stage(spec, seed, work, jobs))
        writers.convert_to_pdf(jobs)
        for sample in staged:
            expected = package(sample, out_dir / sample.spec.name)
            expected["seed"] = seed
            (out_dir / sample.spec.name / "expected.json").write_text(
                json.dumps(expected, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
            )
            written.append(sample.spec.name)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="เขียนชุดเอกสารตัวอย่าง / write the sample bundles")
    parser.add_argument(
        "--out", type=Path, default=BUNDLES_DIR, help="โฟลเดอร์ปลายทาง / output folder"
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument(
        "--no-pdf", action="store_true", help="ข้ามชุดที่ต้องใช้ LibreOffice / skip PDF bundles"
    )
    parser.add_argument("only", nargs="*", help="ชื่อชุด / bundle names (default: all)")
    args = parser.parse_args(argv)
    names = generate(args.out, args.seed, pdf=not args.no_pdf, only=args.only)
    print(f"{len(names)} bundles in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
