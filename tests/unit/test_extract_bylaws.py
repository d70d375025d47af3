"""Bylaw clauses and their topics, judged per clause: committee removal is not member resignation."""

from __future__ import annotations

from docgen.intake.extract_bylaws import split_clauses, topics_of
from docgen.model import Topic

FULL = (
    "ข้อบังคับกลุ่มปลูกผักบ้านโนน",
    "หมวดที่ 1 บททั่วไป",
    "ข้อ ๑ ข้อบังคับนี้เรียกว่า ข้อบังคับกลุ่มปลูกผักบ้านโนน",
    "ข้อ ๒ กลุ่มดำเนินกิจกรรมปลูกผักปลอดสารพิษและจำหน่าย",
    "หมวดที่ 2 สมาชิก",
    "ข้อ 3 ผู้ที่จะเป็นสมาชิกต้องมีคุณสมบัติดังนี้",
    "(1) มีสัญชาติไทย",
    "(2) ประกอบอาชีพการเกษตรในตำบล",
    "ข้อ 4 สมาชิกภาพสิ้นสุดลงเมื่อ",
    "1. ตาย",
    "2. ลาออก",
    "หมวดที่ 3 หุ้นและการเงิน",
    "ข้อ 5 สมาชิกต้องถือหุ้นอย่างน้อยคนละ 1 หุ้น มูลค่าหุ้นละ 100 บาท",
    "ข้อ 6 ให้เหรัญญิกเปิดบัญชีเงินฝากกับธนาคารในนามกลุ่ม",
    "หมวดที่ 4 คณะกรรมการ",
    "ข้อ 7 ให้ที่ประชุมใหญ่เลือกตั้งคณะกรรมการจากสมาชิก",
    "ข้อ 8 คณะกรรมการดำรงตำแหน่งคราวละ 2 ปี",
    "ข้อ 9 กรรมการพ้นจากตำแหน่งเมื่อ (1) ตาย (2) ลาออก (3) ขาดจากสมาชิกภาพ",
)


def test_split_on_kho_with_sub_items_kept_inside() -> None:
    clauses = split_clauses(FULL)
    assert [c.number for c in clauses] == [f"ข้อ {n}" for n in range(1, 10)]
    assert "ลาออก" in clauses[3].text  # "1. ตาย / 2. ลาออก" belong to ข้อ 4
    covered = {t for c in clauses for t in c.topics}
    assert covered == set(Topic)


def test_committee_removal_is_not_member_resignation() -> None:
    removal = topics_of("กรรมการพ้นจากตำแหน่งเมื่อ (1) ตาย (2) ลาออก (3) ขาดจากสมาชิกภาพ")
    assert Topic.REMOVAL in removal and Topic.RESIGNATION not in removal
    resignation = topics_of("สมาชิกภาพสิ้นสุดลงเมื่อ ตาย หรือ ลาออก")
    assert Topic.RESIGNATION in resignation and Topic.REMOVAL not in resignation
    # Under a committee chapter, a clause that does not name its subject is about the committee.
    assert topics_of("ลาออกโดยยื่นหนังสือต่อที่ประชุม", "หมวด 4 คณะกรรมการ") >= {Topic.REMOVAL}
    assert Topic.RESIGNATION not in topics_of("ลาออกโดยยื่นหนังสือต่อที่ประชุม", "หมวด 4 คณะกรรมการ")


def test_bylaws_without_removal_clause_miss_only_removal() -> None:
    without = [line for line in FULL if not line.startswith("ข้อ 9")]
    covered = {t for c in split_clauses(without) for t in c.topics}
    assert set(Topic) - covered == {Topic.REMOVAL}


def test_words_in_the_wrong_clause_do_not_cover_a_topic() -> None:
    # "ครบวาระ" in a removal clause does not state a term; "เข้าร่วมกิจกรรม" is a member's duty.
    assert Topic.TERM not in topics_of("กรรมการพ้นจากตำแหน่งเมื่อครบวาระ")
    assert Topic.ACTIVITIES not in topics_of("สมาชิกมีหน้าที่เข้าร่วมประชุมและเข้าร่วมกิจกรรม")
    assert Topic.ADMISSION not in topics_of("ผู้สมัครรับเลือกตั้งเป็นกรรมการต้องเป็นสมาชิก")
    assert Topic.TERM not in topics_of("การประชุมใหญ่ให้มีวาระการประชุมดังนี้")


def test_agreement_numbered_1_2_3() -> None:
    lines = (
        "ข้อตกลงของกลุ่มเลี้ยงไก่",
        "1. กิจกรรมของกลุ่ม เลี้ยงไก่ไข่และจำหน่ายไข่",
        "2. เกษตรกรที่สนใจสมัครเข้ากลุ่มได้",
        "3. สมาชิกที่ต้องการลาออกจากกลุ่มให้แจ้งประธาน",
        "4. สมาชิกลงหุ้นคนละ 2 หุ้น",
        "5. เงินทุนของกลุ่มให้เหรัญญิกเก็บรักษา เปิดบัญชีเงินฝาก",
        "6. คณะกรรมการมาจากการคัดเลือกของสมาชิก",
        "7. คณะกรรมการอยู่ในตำแหน่งได้คราวละ 4 ปี",
        "8. กรรมการที่ไม่ปฏิบัติหน้าที่ สมาชิกอาจลงมติให้ออกจากตำแหน่งได้",
    )
    clauses = split_clauses(lines)
    assert len(clauses) == 8
    assert {t for c in clauses for t in c.topics} == set(Topic)


def test_mentions_in_passing_do_not_cover_a_topic() -> None:
    # Each clause states one topic and mentions another; only the stated one counts.
    assert topics_of("กรรมการมีวาระการดำรงตำแหน่งคราวละ 2 ปี และอาจได้รับเลือกตั้งใหม่อีกได้") == {Topic.TERM}
    assert topics_of("สมาชิกที่ต้องการลาออกจากกลุ่มให้แจ้งต่อประธานล่วงหน้า 30 วัน และจะได้รับเงินค่าหุ้นคืน") == {
        Topic.RESIGNATION
    }
    assert topics_of(
        "บุคคลที่ประสงค์จะเป็นสมาชิกกลุ่ม ให้ยื่นคำขอเข้าเป็นสมาชิกต่อเลขานุการ และชำระค่าหุ้นแรกเข้า"
    ) == {Topic.ADMISSION}
    assert topics_of("ทุนของกลุ่มได้จากการระดมหุ้นของสมาชิก มูลค่าหุ้นละ 100 บาท") == {Topic.SHARES}
    # A clause that states two topics covers both.
    assert topics_of("ให้ที่ประชุมใหญ่เลือกตั้งคณะกรรมการ มีวาระคราวละ 2 ปี") == {Topic.ELECTION, Topic.TERM}


def test_bylaws_and_plan_typed_into_the_request_form() -> None:
    from pathlib import Path

    from docgen.intake.extract import extract
    from docgen.model import ClassifiedFile, DocKind, DocumentContent, SourceFile, Table
    from docgen.rules import run_rules

    plan = Table((("ที่", "กิจกรรม", "ระยะเวลา"), ("1", "ปลูกผักปลอดสารพิษ", "ตลอดปี")), (1, 2))
    paragraphs = (
        "คำขอใบรับรองการจัดตั้งกลุ่ม",
        "พร้อมนี้ได้แนบ ข้อบังคับกลุ่ม รายชื่อคณะกรรมการ บัญชีรายชื่อสมาชิก",
        *FULL,
    )
    form = ClassifiedFile(
        SourceFile("คำขอ.docx", Path("คำขอ.docx"), 1),
        DocKind.REQUEST_FORM,
        DocumentContent(paragraphs, (plan,)),
    )
    bundle = extract([form], [])
    assert {t for c in bundle.bylaw_clauses for t in c.topics} == set(Topic)
    assert [a.name for a in bundle.activities] == ["ปลูกผักปลอดสารพิษ"]
    missing = {f.extra.get("document") for f in run_rules(bundle) if f.code == "MISSING_DOCUMENT"}
    assert missing == {"committee_list", "member_roster"}
    # A form that only lists the bylaws among its attachments has none.
    listed = ClassifiedFile(form.file, DocKind.REQUEST_FORM, DocumentContent(paragraphs[:2]))
    assert extract([listed], []).bylaw_clauses == ()


def test_a_clause_number_ocr_read_as_a_letter_still_starts_its_clause() -> None:
    """A scanned ข้อ ๗ read as ข้อ ฒ: the election clause is its own clause, not the end of the
    finance one (which would hide it: a clause stating finance only mentions nothing else)."""
    lines = [
        "ข้อ ๕ การจัดการเงินและทุนของกลุ่ม ให้คณะกรรมการจัดทำบัญชี",
        "ข้อ ๖ สมาชิกมีหน้าที่ชำระค่าหุ้นตามที่กำหนด",
        "ข้อ ฒ ให้สมาชิกเลือกตังคณะกรรมการบริหารกลุ่มจากสมาชิกด้วยกัน",
        "ข้อ ๘ คณะกรรมการอยู่ในตำแหน่งคราวละ ๓ ปี",
        "ข้อ ก ผู้ที่จะเป็นกรรมการต้องเป็นสมาชิก",  # a sub-item letter: no clause
    ]
    clauses = split_clauses(lines)
    assert [c.number for c in clauses] == ["ข้อ 5", "ข้อ 6", "ข้อ 7", "ข้อ 8"]
    assert Topic.ELECTION in clauses[2].topics
