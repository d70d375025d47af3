"""The Department's rules on a group's data as people type it (a form's boxes, a batch file's row).

One set of checks for every door where a group's facts are typed rather than read from its
documents: the bylaws form and the rows of a batch certificate file. Each check answers with a
Thai sentence for one box (or None), so a page can show it beside that box and a batch can list
it under its row.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from docgen.model import Place
from docgen.rules.base import FARMER_GROUP_RULES, RuleSet
from docgen.thai.dates import be_year, parse_date, thai_date
from docgen.thai.digits import thai_to_arabic_digits
from docgen.thai.places import (
    clean_area_name,
    find_districts,
    find_province,
    match_place,
    resolve_place,
)

# The oldest founding year a group being certified today can plausibly state. The regulation
# on farmers' groups dates from the Department's founding (2510); a few groups formed around
# older cooperatives. Earlier years are typing slips (2056 for 2566, 1567 ...).
EARLIEST_FOUNDING_BE = 2500

GROUP_FIELDS = ("group_name", "members", "established", "subdistrict", "district", "province")


def check_group_name(name: str, rules: RuleSet = FARMER_GROUP_RULES) -> str | None:
    """The name must begin with กลุ่ม and then say the activity (กลุ่มปลูกผัก)."""
    text = " ".join((name or "").split())
    if not text:
        return "กรุณากรอกชื่อกลุ่ม"
    if not text.startswith(rules.name_prefix):
        return (
            f"ชื่อกลุ่มต้องขึ้นต้นด้วยคำว่า “{rules.name_prefix}” แล้วตามด้วยกิจกรรม "
            f"เช่น {rules.name_prefix}ปลูกผัก"
        )
    if len(text) <= len(rules.name_prefix) + 1:
        return f"ชื่อกลุ่มต้องมีกิจกรรมหรือวัตถุประสงค์ต่อจากคำว่า “{rules.name_prefix}”"
    return None


def read_whole_number(text: str | int) -> int | None:
    """A whole number as people type it: Thai or Arabic digits, thousands commas, ราย/คน/ปี after."""
    if isinstance(text, int) and not isinstance(text, bool):
        return text
    cleaned = thai_to_arabic_digits(str(text or "")).strip()
    cleaned = re.sub(r"\s*(ราย|คน|ปี|หุ้น|บาท)\s*$", "", cleaned).replace(",", "").strip()
    return int(cleaned) if re.fullmatch(r"\d{1,9}", cleaned) else None


def check_members(count: str | int, rules: RuleSet = FARMER_GROUP_RULES) -> str | None:
    """At least the rule set's minimum of members (10 for a farmers' group)."""
    number = read_whole_number(count)
    if number is None:
        return "จำนวนสมาชิกต้องเป็นจำนวนเต็ม เช่น 15 หรือ ๑๕"
    if number < rules.min_members:
        return f"กลุ่มต้องมีสมาชิกอย่างน้อย {rules.min_members} ราย (กรอกไว้ {number} ราย) จึงออกใบรับรองได้"
    return None


def check_founding_date(value: str | dt.date, today: dt.date) -> str | None:
    """A founding date that can be read, is not after today and not before EARLIEST_FOUNDING_BE."""
    try:
        date = parse_date(value)
    except ValueError as exc:  # DateParseError: a Thai sentence quoting what was typed
        return f"{exc} กรุณากรอกเป็น วัน/เดือน/ปี พ.ศ. เช่น 15/10/2569 หรือ 15 ตุลาคม 2569"
    if date > today:
        return f"วันที่จัดตั้ง {thai_date(date)} ยังมาไม่ถึง (วันนี้ {thai_date(today)}) กรุณาตรวจสอบปี พ.ศ."
    if be_year(date) < EARLIEST_FOUNDING_BE:
        return (
            f"ปีที่จัดตั้ง พ.ศ. {be_year(date)} เก่าเกินกว่าที่กลุ่มจะจัดตั้งได้ "
            f"(ตั้งแต่ พ.ศ. {EARLIEST_FOUNDING_BE}) กรุณาตรวจสอบปี พ.ศ."
        )
    return None


@dataclass(frozen=True)
class PlaceCheck:
    """A typed place checked against DOPA's register: the box each problem belongs to, and the
    place (with codes) when the three names fit exactly one subdistrict."""

    problems: dict[str, str] = field(default_factory=dict)
    place: Place | None = None

    @property
    def ok(self) -> bool:
        return not self.problems and self.place is not None


def check_place(
    subdistrict: str,
    district: str,
    province: str,
    *,
    district_code: str | None = None,
    district_name: str = "",
) -> PlaceCheck:
    """Subdistrict inside district inside province, each box told what is wrong with it.

    With `district_code` (an officer's district) the place must also lie in that district.
    """
    sub, dist, prov = (clean_area_name(x) for x in (subdistrict, district, province))
    problems: dict[str, str] = {}
    if not sub:
        problems["subdistrict"] = "กรุณากรอกตำบล"
    if not dist:
        problems["district"] = "กรุณากรอกอำเภอ"
    if not prov:
        problems["province"] = "กรุณากรอกจังหวัด"
    if problems:
        return PlaceCheck(problems)
    province_obj = find_province(prov)
    if province_obj is None:
        return PlaceCheck({"province": f"ไม่พบจังหวัด “{prov}” ในทะเบียนพื้นที่ของกรมการปกครอง"})
    if not find_districts(dist, province_obj.code):
        elsewhere = find_districts(dist)
        hint = ""
        if elsewhere and len({d.province_code for d in elsewhere}) == 1:
            from geothai import province as province_of

            other = province_of(elsewhere[0].province_code)
            hint = f" (อำเภอ{elsewhere[0].name_th}อยู่ในจังหวัด{other.name_th})" if other else ""
        return PlaceCheck({"district": f"ไม่พบอำเภอ “{dist}” ในจังหวัด{province_obj.name_th}{hint}"})
    place = resolve_place(sub, dist, prov)
    if place.subdistrict_code is None:
        if match_place(sub, dist, prov):
            message = f"ตำบล “{sub}” ตรงกับหลายแห่ง กรุณาระบุอำเภอและจังหวัดให้ชัดเจน"
        elif match_place(sub):
            message = f"ไม่พบตำบล “{sub}” ในอำเภอ{dist} จังหวัด{province_obj.name_th}"
        else:
            message = f"ไม่พบตำบล “{sub}” ในทะเบียนพื้นที่ของกรมการปกครอง"
        return PlaceCheck({"subdistrict": message})
    if district_code and place.district_code != district_code:
        where = f"อำเภอ{district_name}" if district_name else f"อำเภอรหัส {district_code}"
        return PlaceCheck(
            {"district": f"อำเภอ{place.district} จังหวัด{place.province} อยู่นอก{where} ซึ่งบัญชีนี้รับผิดชอบ"},
            place,
        )
    return PlaceCheck({}, place)


def check_group_fields(
    values: Mapping[str, str],
    *,
    today: dt.date,
    district_code: str | None = None,
    district_name: str = "",
    rules: RuleSet = FARMER_GROUP_RULES,
) -> tuple[dict[str, str], Place | None]:
    """Every rule on the group's boxes present in `values` (group_name, members, established,
    subdistrict/district/province), keyed by box; and the resolved place when it is real.

    A box missing from `values` is not checked (a form may not ask for the members)."""
    problems: dict[str, str] = {}
    if "group_name" in values:
        message = check_group_name(values["group_name"], rules)
        if message:
            problems["group_name"] = message
    if "members" in values and (values["members"] or "").strip():
        message = check_members(values["members"], rules)
        if message:
            problems["members"] = message
    if "established" in values and (values["established"] or "").strip():
        message = check_founding_date(values["established"], today)
        if message:
            problems["established"] = message
    place: Place | None = None
    if any(k in values for k in ("subdistrict", "district", "province")):
        checked = check_place(
            values.get("subdistrict", ""),
            values.get("district", ""),
            values.get("province", ""),
            district_code=district_code,
            district_name=district_name,
        )
        problems.update(checked.problems)
        place = checked.place
    return problems, place
