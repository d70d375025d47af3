"""The group from the request form: name (label, body, titles), address with leaders, the stated member count."""

from __future__ import annotations

from pathlib import Path

from docgen.intake.extract import extract
from docgen.intake.extract_plan import activities_from_content
from docgen.model import ClassifiedFile, DocKind, DocumentContent, SourceFile, Table


def cf(
    name: str, kind: DocKind, paragraphs: tuple[str, ...], tables: tuple[Table, ...] = ()
) -> ClassifiedFile:
    return ClassifiedFile(
        SourceFile(name, Path(name), 1), kind, DocumentContent(paragraphs, tables)
    )


def test_labels_with_dotted_leaders_and_thai_digits() -> None:
    form = cf(
        "คำขอ.docx",
        DocKind.REQUEST_FORM,
        (
            "แบบคำขอใบรับรองการจัดตั้งกลุ่มส่งเสริมอาชีพการเกษตร",
            "ชื่อกลุ่ม.........กลุ่มปลูกผักบ้านโนน..............",
            "ที่ตั้ง เลขที่......12.....หมู่ที่.....3.....ตำบล......ท่าพระ.......อำเภอ.....เมือง.....",
            "จังหวัด.....ขอนแก่น....",
            "จำนวนสมาชิก.......๑๕.......ราย",
        ),
    )
    group = extract([form], []).group
    assert group.name == "กลุ่มปลูกผักบ้านโนน"
    assert (group.place.moo, group.place.subdistrict_code, group.place.district) == (
        "3",
        "400104",
        "เมืองขอนแก่น",
    )
    assert group.stated_members == 15


def test_name_in_the_body_and_in_a_label_table() -> None:
    body = cf(
        "คำขอ.docx",
        DocKind.REQUEST_FORM,
        (
            "หนังสือขอรับรองการจัดตั้งกลุ่ม",
            "ด้วย กลุ่มเลี้ยงไก่พื้นเมืองบ้านหนองบัว ตั้งอยู่หมู่ที่ 5 ต.บ้านเป็ด อ.เมือง จ.ขอนแก่น "
            "มีสมาชิกทั้งหมด 12 คน มีความประสงค์ขอรับรอง",
        ),
    )
    group = extract([body], []).group
    assert (group.name, group.place.subdistrict_code, group.stated_members) == (
        "กลุ่มเลี้ยงไก่พื้นเมืองบ้านหนองบัว",
        "400115",
        12,
    )
    labels = Table(
        (
            ("ชื่อกลุ่ม", "กลุ่มทอผ้าบ้านโคก"),
            ("ที่ตั้ง", "99 ม.4 ต.ในเมือง อ.เมืองขอนแก่น จ.ขอนแก่น"),
            ("จำนวนสมาชิก", "20 คน"),
        ),
        (1, 2, 3),
    )
    group = extract([cf("คำขอ.docx", DocKind.REQUEST_FORM, ("คำขอใบรับรอง",), (labels,))], []).group
    assert (group.name, group.place.subdistrict_code, group.stated_members) == (
        "กลุ่มทอผ้าบ้านโคก",
        "400101",
        20,
    )


def test_name_without_the_word_group_is_kept_as_written() -> None:
    form = cf("คำขอ.docx", DocKind.REQUEST_FORM, ("คำขอใบรับรอง", "ชื่อกลุ่ม ปลูกผักบ้านโนน"))
    assert extract([form], []).group.name == "ปลูกผักบ้านโนน"


def test_names_by_file_from_titles() -> None:
    files = [
        cf("คำขอ.docx", DocKind.REQUEST_FORM, ("คำขอใบรับรอง", "ชื่อกลุ่ม กลุ่มปลูกผักบ้านโนน")),
        cf("ข้อบังคับ.docx", DocKind.BYLAWS, ("ข้อบังคับกลุ่มปลูกผักบ้านโนน", "ข้อ 1 ...")),
        cf(
            "สมาชิก.docx",
            DocKind.MEMBER_ROSTER,
            ("บัญชีรายชื่อสมาชิกกลุ่มส่งเสริมอาชีพการเกษตร", "กลุ่มเลี้ยงปลาบ้านโนน หมู่ที่ 3"),
        ),
    ]
    names = dict(extract(files, []).group.names_by_file)
    assert names == {
        "คำขอ.docx": "กลุ่มปลูกผักบ้านโนน",
        "ข้อบังคับ.docx": "กลุ่มปลูกผักบ้านโนน",
        "สมาชิก.docx": "กลุ่มเลี้ยงปลาบ้านโนน",
    }


def test_activities_from_table_rows_or_numbered_lines() -> None:
    plan = Table(
        (
            ("แผนปฏิบัติงานกลุ่ม",),
            ("ที่", "กิจกรรม/โครงการ", "ระยะเวลา", "งบประมาณ"),
            ("1", "ปลูกผักปลอดสารพิษ", "ม.ค.-มี.ค.", "5,000"),
            ("", "", "", ""),
            ("2", "อบรมทำปุ๋ยหมัก", "เม.ย.", "2,000"),
            ("", "รวม", "", "7,000"),
        ),
        (1, 2, 3, 4, 5, 6),
    )
    acts = activities_from_content(DocumentContent((), (plan,)))
    assert [(a.name, a.where) for a in acts] == [
        ("ปลูกผักปลอดสารพิษ", "แถวที่ 3"),
        ("อบรมทำปุ๋ยหมัก", "แถวที่ 5"),
    ]
    empty = Table(
        (("ที่", "กิจกรรม", "ระยะเวลา"), ("1", "..........", ""), ("", "รวม", "")), (1, 2, 3)
    )
    assert activities_from_content(DocumentContent((), (empty,))) == []
    lines = ("แผนงานของกลุ่ม", "1. ปลูกผักปลอดสารพิษ", "2) อบรมทำปุ๋ยหมัก", "ลงชื่อ ........ ประธานกลุ่ม")
    assert [a.name for a in activities_from_content(DocumentContent(lines))] == [
        "ปลูกผักปลอดสารพิษ",
        "อบรมทำปุ๋ยหมัก",
    ]


def test_form_field_ends_at_the_next_leader_and_instructions_are_no_name() -> None:
    form = cf(
        "คำขอ.docx",
        DocKind.REQUEST_FORM,
        (
            "คำขอใบรับรอง (ชื่อกลุ่มต้องขึ้นต้นด้วยคำว่า กลุ่ม)",
            "ชื่อกลุ่ม......กลุ่มปลูกผักบ้านโนน........ประเภทกลุ่ม.......พืช.......",
        ),
    )
    assert extract([form], []).group.name == "กลุ่มปลูกผักบ้านโนน"
    blank = cf(
        "คำขอ.docx", DocKind.REQUEST_FORM, ("คำขอใบรับรอง", "ชื่อกลุ่ม...............................")
    )
    assert extract([blank], []).group.name == ""


def test_the_group_address_wins_over_the_applicants_home() -> None:
    form = cf(
        "คำขอ.docx",
        DocKind.REQUEST_FORM,
        (
            "คำขอใบรับรองการจัดตั้งกลุ่ม",
            "ข้าพเจ้า นายสมชาย ใจดี ที่อยู่ 5 หมู่ 2 ตำบลบ้านเป็ด อำเภอเมือง จังหวัดขอนแก่น",
            "ชื่อกลุ่ม กลุ่มปลูกผักบ้านโนน",
            "ที่ตั้งกลุ่ม หมู่ที่ 3 ตำบลท่าพระ อำเภอเมือง จังหวัดขอนแก่น",
        ),
    )
    assert extract([form], []).group.place.subdistrict_code == "400104"


def test_stated_count_forms_and_a_blank_count() -> None:
    from docgen.intake.extract_group import stated_members

    assert stated_members(["จำนวนสมาชิก ๑๕ ราย"]) == 15
    assert stated_members(["จำนวนสมาชิก", "15"]) == 15
    assert stated_members(["มีสมาชิกทั้งหมด 12 คน"]) == 12
    assert stated_members(["จำนวนสมาชิก ราย", "3. ชื่อประธาน"]) is None


def test_activities_written_as_a_sentence_and_a_blank_one() -> None:
    said = ("แผนงานกลุ่ม", "ในปี 2570 กลุ่มจะดำเนินกิจกรรม ดังนี้ ปลูกผักปลอดสารพิษ, เลี้ยงไก่ไข่ และทำปุ๋ยหมัก")
    assert [a.name for a in activities_from_content(DocumentContent(said))] == [
        "ปลูกผักปลอดสารพิษ",
        "เลี้ยงไก่ไข่",
        "ทำปุ๋ยหมัก",
    ]
    blank = ("แผนงานกลุ่ม", "กิจกรรม ดังนี้ ..............................", "ลงชื่อ ...... ประธานกลุ่ม")
    assert activities_from_content(DocumentContent(blank)) == []


def test_a_name_wrapped_in_a_pdf_cell_is_spaced_as_the_other_documents_spell_it() -> None:
    labels = Table((("ชื่อกลุ่ม", "กลุ่มผู้ปลูกทุเรียนคุณภาพตำบลวัด ประดู่"), ("จำนวนสมาชิก", "17 ราย")), (1, 2))
    form = cf("รวม.pdf", DocKind.REQUEST_FORM, ("แบบคำขอใบรับรอง",), (labels,))
    bylaws = cf("รวม.pdf", DocKind.BYLAWS, ("ข้อบังคับกลุ่มผู้ปลูกทุเรียนคุณภาพตำบลวัดประดู่",))
    plan = cf("แผน.docx", DocKind.ACTIVITY_PLAN, ("แผนปฏิบัติงานกลุ่มผู้ปลูกทุเรียนคุณภาพตำบลวัดประดู่",))
    assert extract([form, bylaws, plan], []).group.name == "กลุ่มผู้ปลูกทุเรียนคุณภาพตำบลวัดประดู่"
    # Alone, or against one other spelling, the form's own words stand.
    assert extract([form], []).group.name == "กลุ่มผู้ปลูกทุเรียนคุณภาพตำบลวัด ประดู่"
    one = cf("ข้อบังคับ.docx", DocKind.BYLAWS, ("ข้อบังคับกลุ่มผู้ปลูกทุเรียนคุณภาพตำบลวัดประดู่",))
    spaced = cf("คำขอ.docx", DocKind.REQUEST_FORM, ("แบบคำขอใบรับรอง",), (labels,))
    assert extract([spaced, one], []).group.name == "กลุ่มผู้ปลูกทุเรียนคุณภาพตำบลวัด ประดู่"
