"""Field schemas: lenient reading of what people type, and Thai errors naming each bad field."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from docgen.model import Role, UnusableInput
from docgen.render.schemas import committee_role, validate_data, validate_group

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "data"


def sample(kind: str) -> dict[str, Any]:
    return json.loads((SAMPLES / f"{kind}.json").read_text(encoding="utf-8"))


def errors_of(kind: str, data: dict[str, Any]) -> list[str]:
    with pytest.raises(UnusableInput) as caught:
        validate_data(kind, data, keys=True)
    return caught.value.errors


def test_every_sample_validates() -> None:
    for kind in (
        "request_form",
        "bylaws",
        "committee_list",
        "member_roster",
        "activity_plan",
        "certificate",
        "review_memo",
        "district_report",
    ):
        validate_data(kind, sample(kind))
    validate_group(sample("group"))


def test_each_bad_field_is_named_in_thai() -> None:
    data = sample("certificate")
    data["group_name"] = "ปลูกผักบ้านนา"
    data["member_count"] = "สิบสี่"
    data["issue_date"] = "31 กุมภาพันธ์ 2569"
    data["certificate_no"] = "สิบสอง"
    del data["officer_name"]
    del data["address"]["province"]
    lines = errors_of("certificate", data)
    assert len(lines) == 6
    joined = "\n".join(lines)
    assert "ชื่อกลุ่ม (group_name): ชื่อกลุ่มต้องขึ้นต้นด้วยคำว่า 'กลุ่ม'" in joined
    assert "จำนวนสมาชิก (ราย) (member_count): ต้องเป็นจำนวนเต็ม" in joined
    assert "วันที่ออกใบรับรอง (issue_date):" in joined
    assert "เลขที่ใบรับรอง (certificate_no): ต้องเป็นรูปแบบ" in joined
    assert "ชื่อเกษตรอำเภอ (officer_name): ต้องกรอก" in joined
    assert "ที่ตั้งกลุ่ม › จังหวัด (address.province): ต้องกรอก" in joined


def test_dates_as_iso_thai_be_and_thai_digits() -> None:
    for typed in ("2026-11-02", "2569-11-02", "2 พฤศจิกายน 2569", "2 พ.ย. 69", "๒/๑๑/๒๕๖๙"):
        data = sample("certificate") | {"issue_date": typed}
        assert validate_data("certificate", data).issue_date == dt.date(2026, 11, 2)  # type: ignore[attr-defined]


def test_place_prefixes_and_thai_digits_are_read() -> None:
    data = sample("certificate")
    data["address"] = {
        "moo": "ม.๓",
        "subdistrict": "ต.ท่าพระ",
        "district": "อ.เมืองขอนแก่น",
        "province": "จังหวัดขอนแก่น",
    }
    data["certificate_no"] = "๑๒/๒๕๖๙"
    model = validate_data("certificate", data)
    assert model.address.moo == "3"  # type: ignore[attr-defined]
    assert model.address.subdistrict == "ท่าพระ"  # type: ignore[attr-defined]
    assert model.address.district == "เมืองขอนแก่น"  # type: ignore[attr-defined]
    assert model.certificate_no == "12/2569"  # type: ignore[attr-defined]


def test_national_ids_are_optional_checked_and_never_echoed() -> None:
    data = sample("member_roster")
    good = data["members"][0]["national_id"]
    data["members"][0]["national_id"] = (
        f"{good[0]}-{good[1:5]} {good[5:10]}-{good[10:12]}-{good[12]}"
    )
    data["members"][1]["national_id"] = ""
    bad = good[:12] + str((int(good[12]) + 1) % 10)
    data["members"][2]["national_id"] = bad
    data["members"][3]["national_id"] = "12345"
    lines = errors_of("member_roster", data)
    assert lines == [
        "สมาชิก › ลำดับที่ 3 › เลขประจำตัวประชาชน (members[2].national_id): เลขตรวจสอบ (หลักที่ 13) ไม่ถูกต้อง",
        "สมาชิก › ลำดับที่ 4 › เลขประจำตัวประชาชน (members[3].national_id): ต้องเป็นตัวเลข 13 หลัก",
    ]
    assert not any(bad in line or "12345" in line for line in lines)
    del data["members"][2:4]
    model = validate_data("member_roster", data)
    assert model.members[0].national_id == good  # type: ignore[attr-defined]
    assert model.members[1].national_id is None  # type: ignore[attr-defined]


def test_committee_must_have_chair_secretary_treasurer() -> None:
    data = sample("committee_list")
    data["committee"] = [
        {"name": "นายสมชาย ใจดี", "position": "รองประธาน"},
        {"name": "นางสมศรี ใจดี", "position": "ผู้ช่วยเหรัญญิก"},
        {"name": "นายวิชัย สุขเจริญ", "position": "กรรมการและเลขานุการ"},
    ]
    (line,) = errors_of("committee_list", data)
    assert "ประธาน" in line and "เหรัญญิก" in line and "เลขานุการ" not in line


def test_committee_roles() -> None:
    assert committee_role("ประธานกรรมการ") == Role.CHAIR
    assert committee_role("รองประธาน") == Role.VICE_CHAIR
    assert committee_role("กรรมการและเลขานุการ") == Role.SECRETARY
    assert committee_role("ผู้ช่วยเหรัญญิก") == Role.OTHER
    assert committee_role("เหรัญญิก") == Role.TREASURER
    assert committee_role("กรรมการ") == Role.MEMBER


def test_group_committee_must_be_members() -> None:
    data = sample("group")
    data["committee"][4]["name"] = "นายคนนอก ไม่ใช่สมาชิก"
    with pytest.raises(UnusableInput) as caught:
        validate_group(data)
    assert any("นายคนนอก ไม่ใช่สมาชิก" in e for e in caught.value.errors)


def test_bylaw_profit_shares_must_add_up() -> None:
    data = sample("bylaws") | {"dividend_percent": 70}
    (line,) = errors_of("bylaws", data)
    assert "ร้อยละรวมกันต้องเท่ากับ 100" in line


def test_unknown_kind_and_non_object() -> None:
    with pytest.raises(UnusableInput):
        validate_data("receipt", {})
    with pytest.raises(UnusableInput):
        validate_data("certificate", ["not", "an", "object"])  # type: ignore[arg-type]
