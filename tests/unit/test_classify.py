"""Classification by content first and file name second; a roster and a committee list told apart by columns and titles."""

from __future__ import annotations

from pathlib import Path

import pytest

from docgen.intake.classify import classify
from docgen.model import DocKind, DocumentContent, SourceFile, Table


def src(name: str) -> SourceFile:
    return SourceFile(name, Path(name), 1)


def table(rows: list[list[str]], title: str = "") -> Table:
    return Table(tuple(tuple(r) for r in rows), tuple(range(1, len(rows) + 1)), title=title)


PEOPLE = [
    ["1", "นายสมชาย ใจดี"],
    ["2", "นางมาลี ดีใจ"],
    ["3", "นายทอง ดี"],
]


def roster_table(with_position: str | None = None) -> Table:
    header = ["ลำดับ", "ชื่อ-สกุล", "เลขประจำตัวประชาชน", "ที่อยู่"]
    if with_position is not None:
        header.append("ตำแหน่ง")
    rows = [header]
    for n, name in PEOPLE:
        row = [n, name, "1101700230708", "12 ม.3 ต.ท่าพระ อ.เมือง จ.ขอนแก่น"]
        if with_position is not None:
            row.append(with_position)
        rows.append(row)
    return table(rows)


def committee_table() -> Table:
    return table(
        [
            ["ลำดับ", "ชื่อ-สกุล", "ตำแหน่ง"],
            ["1", "นายสมชาย ใจดี", "ประธาน"],
            ["2", "นางมาลี ดีใจ", "เลขานุการ"],
            ["3", "นายทอง ดี", "เหรัญญิก"],
        ]
    )


BYLAWS = (
    "ข้อบังคับกลุ่มปลูกผักบ้านโนน",
    "หมวดที่ 1 บททั่วไป",
    "ข้อ 1 ข้อบังคับนี้เรียกว่า ข้อบังคับกลุ่มปลูกผักบ้านโนน",
    "ข้อ 2 สำนักงานตั้งอยู่ที่ หมู่ที่ 3 ตำบลท่าพระ",
    "หมวดที่ 2 สมาชิก",
    "ข้อ 3 คุณสมบัติของสมาชิก",
    "ข้อ 4 สมาชิกภาพสิ้นสุดลงเมื่อ ตาย ลาออก",
    "ข้อ 5 คณะกรรมการมีวาระคราวละ 2 ปี",
)
REQUEST = (
    "แบบคำขอใบรับรองการจัดตั้งกลุ่มส่งเสริมอาชีพการเกษตร",
    "เรียน เกษตรอำเภอเมืองขอนแก่น",
    "ข้าพเจ้า นายสมชาย ใจดี ประธานกลุ่ม ขอยื่นคำขอพร้อมเอกสาร ได้แก่ ข้อบังคับ รายชื่อคณะกรรมการ บัญชีรายชื่อสมาชิก แผนงาน",
    "ชื่อกลุ่ม กลุ่มปลูกผักบ้านโนน",
    "จำนวนสมาชิก 15 ราย",
)
PLAN = table([["ที่", "กิจกรรม", "ระยะเวลา", "งบประมาณ"], ["1", "ปลูกผักปลอดสารพิษ", "ม.ค.", "5,000"]])


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("เอกสาร1.docx", DocumentContent(REQUEST), DocKind.REQUEST_FORM),
        ("เอกสาร2.docx", DocumentContent(BYLAWS), DocKind.BYLAWS),
        (
            "เอกสาร3.docx",
            DocumentContent(("รายชื่อคณะกรรมการกลุ่ม",), (committee_table(),)),
            DocKind.COMMITTEE_LIST,
        ),
        ("Book1.xlsx", DocumentContent((), (roster_table(),)), DocKind.MEMBER_ROSTER),
        (
            "เอกสาร5.docx",
            DocumentContent(("แผนปฏิบัติงานประจำปี 2570",), (PLAN,)),
            DocKind.ACTIVITY_PLAN,
        ),
        # No title at all: the table decides.
        ("scan.docx", DocumentContent((), (committee_table(),)), DocKind.COMMITTEE_LIST),
        # A roster whose ตำแหน่ง column only says สมาชิก is still a roster.
        ("data.xlsx", DocumentContent((), (roster_table("สมาชิก"),)), DocKind.MEMBER_ROSTER),
        # Names decide when the content says little.
        ("01 หนังสือขอใบรับรอง.docx", DocumentContent(("ที่ตั้งกลุ่ม ...........",)), DocKind.REQUEST_FORM),
        ("คณะกรรมการ.docx", DocumentContent(("",)), DocKind.COMMITTEE_LIST),
        ("04 สมาชิก.xlsx", DocumentContent(()), DocKind.MEMBER_ROSTER),
        ("แผนปฏิบัติงาน.docx", DocumentContent(("",)), DocKind.ACTIVITY_PLAN),
        ("members.csv", DocumentContent(()), DocKind.MEMBER_ROSTER),
        ("bylaws.pdf", DocumentContent(("",)), DocKind.BYLAWS),
        # Strangers.
        (
            "รายงานการประชุม.docx",
            DocumentContent(("รายงานการประชุมจัดตั้งกลุ่ม", "ผู้มาประชุม 15 คน")),
            DocKind.UNKNOWN,
        ),
        (
            "ภาพถ่ายกิจกรรม.docx",
            DocumentContent(("ภาพถ่ายกิจกรรม", "ภาพที่ 1 สมาชิกร่วมประชุม")),
            DocKind.UNKNOWN,
        ),
        ("notes.txt.docx", DocumentContent(("สวัสดีครับ",)), DocKind.UNKNOWN),
    ],
)
def test_kind(name: str, content: DocumentContent, kind: DocKind) -> None:
    assert classify(src(name), content) == kind


def test_content_wins_over_a_misleading_name() -> None:
    assert classify(src("สมาชิก.docx"), DocumentContent(BYLAWS)) == DocKind.BYLAWS
    assert (
        classify(src("คณะกรรมการ.xlsx"), DocumentContent((), (roster_table(),)))
        == DocKind.MEMBER_ROSTER
    )


def test_request_form_with_a_committee_table_stays_a_request_form() -> None:
    content = DocumentContent(REQUEST, (committee_table(),))
    assert classify(src("คำขอ.docx"), content) == DocKind.REQUEST_FORM


def test_a_page_header_naming_the_request_is_no_request_title() -> None:
    # The second page of scanned bylaws: OCR reads the page header (เอกสารประกอบคำขอ…) first.
    page = DocumentContent(
        (
            "เอกสารประกอบคำขอจัดตังกลุ่มเลียงปลานิลในกระชังบ้านโคกกลาง",
            "10. ข้อตกลงนีให้ใช้ตั้งแต่วันทีสมาชิกลงมติเห็นชอบเป็นต้นไป",
            "ประกาศ ณ วันที 1 ตุลาคม 2569",
            "ประธานกลุ่ม",
        )
    )
    assert classify(src("2.ข้อบังคับ-2.jpg"), page) == DocKind.BYLAWS
    assert classify(src(""), DocumentContent(page.paragraphs[:1])) == DocKind.UNKNOWN
