"""The group's main activity and founding date, as its request form (else its bylaws) states them."""

from __future__ import annotations

import datetime as dt

from docgen.intake.extract_group import established_from_lines, main_activity_from_lines


def test_main_activity_from_the_request_form_label() -> None:
    lines = [
        "3. จำนวนสมาชิก .....17..... ราย",
        "4. กิจกรรมหลักของกลุ่ม ...อบรมการผลิตผักตามมาตรฐาน GAP........",
        "5. โทรศัพท์ ...0610102789...",
    ]
    assert main_activity_from_lines(lines) == "อบรมการผลิตผักตามมาตรฐาน GAP"
    assert main_activity_from_lines(["กิจกรรมหลัก: เลี้ยงโคเนื้อ"]) == "เลี้ยงโคเนื้อ"


def test_main_activity_from_the_bylaws_clause_only_when_asked() -> None:
    clause = ["ข้อ 6 กิจกรรมของกลุ่ม ได้แก่ ปลูกผักปลอดภัย และกิจกรรมอื่นตามแผนงาน/กิจกรรม"]
    assert main_activity_from_lines(clause) == ""
    assert main_activity_from_lines(clause, bylaws=True) == "ปลูกผักปลอดภัย"


def test_a_label_with_no_value_gives_nothing() -> None:
    assert main_activity_from_lines(["4. กิจกรรมหลักของกลุ่ม ......................"]) == ""


def test_founding_date_in_words_and_in_thai_digits() -> None:
    assert established_from_lines(["วันที่จัดตั้งกลุ่ม 1 ตุลาคม 2569"]) == dt.date(2026, 10, 1)
    assert established_from_lines(["วันที่จัดตั้ง ๑๕ ม.ค. ๒๕๖๘"]) == dt.date(2025, 1, 15)
    body = ["ได้รวมตัวกันจัดตั้งกลุ่มส่งเสริมอาชีพการเกษตร เมื่อวันที่ 3 มีนาคม พ.ศ. 2567 โดยมี"]
    assert established_from_lines(body) == dt.date(2024, 3, 3)


def test_bylaws_give_their_adoption_date_only_when_asked() -> None:
    lines = ["ข้อ 20 ข้อบังคับนี้ให้ใช้", "ประกาศ ณ วันที่ 1 ตุลาคม 2569"]
    assert established_from_lines(lines) is None
    assert established_from_lines(lines, bylaws=True) == dt.date(2026, 10, 1)
    # The request's own date is no founding date.
    assert established_from_lines(["วันที่ 20 ตุลาคม 2569"], bylaws=True) is None
