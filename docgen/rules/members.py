"""Members: enough distinct people, no one twice, valid national IDs, living in the group's district."""

from __future__ import annotations

import re

from docgen.model import Bundle, DocKind, Finding, Place, RosterRow, Severity
from docgen.rules.base import RuleSet, finding, has_roster, readable_files
from docgen.thai.ids import is_valid_national_id, mask_national_id
from docgen.thai.names import name_key_of
from docgen.thai.places import find_districts, find_province, match_place, place_problem


def _person_key(row: RosterRow) -> tuple[str | None, str]:
    return row.person.national_id, name_key_of(row.person.first_name, row.person.last_name)


def duplicates(rows: tuple[RosterRow, ...]) -> list[tuple[RosterRow, RosterRow]]:
    """(extra row, first row of the same person): same national ID, or, when either row has no
    ID, the same name with prefix and spacing normalised. Two rows with the same name but
    different IDs are namesakes, not one person."""
    firsts: list[RosterRow] = []
    out: list[tuple[RosterRow, RosterRow]] = []
    for row in rows:
        pid, key = _person_key(row)
        match = None
        for first in firsts:
            fid, fkey = _person_key(first)
            if pid and fid:
                if pid == fid:
                    match = first
                    break
            elif key and key == fkey:
                match = first
                break
        if match is None:
            firsts.append(row)
        else:
            out.append((row, match))
    return out


def distinct_members(bundle: Bundle) -> tuple[RosterRow, ...]:
    """Distinct people whose rows could be read, each at its first row."""
    extra = {id(row) for row, _first in duplicates(bundle.roster_rows)}
    return tuple(r for r in bundle.roster_rows if id(r) not in extra)


def outside_district(addr: Place, group: Place) -> bool | None:
    """True when the member's address lies in another district than the group's; None when
    it cannot be told (no address, unknown names, or the group's district is unknown)."""
    if group.district_code is None:
        return None
    if addr.district_code:
        return addr.district_code != group.district_code
    if addr.district:
        prov = find_province(addr.province) if addr.province else None
        districts = find_districts(addr.district, prov.code if prov else None)
        if not districts:
            return None
        return all(d.code != group.district_code for d in districts)
    if addr.subdistrict:
        found = match_place(addr.subdistrict, "", addr.province)
        if not found:
            return None
        return all(a.district.code != group.district_code for a in found)
    return None


def _why_invalid(national_id: str | None, raw: str = "") -> str:
    """Why an ID fails, in words an officer can check against the card."""
    if national_id is None:
        if re.search(r"\d[.,]?\d*\s*[eE]\+?\d{1,2}$", raw.strip()):
            return "ถูก Excel แสดงเป็นเลขยกกำลัง (เช่น 3.4E+12) จนเลขบางหลักหายไป ไม่ใช่ตัวเลข 13 หลัก"
        if re.search(r"[xX*•]", raw):
            return "ถูกปิดบังบางหลัก (เช่น x หรือ *) ต้องกรอกเลขครบ 13 หลัก"
        return "ไม่ใช่ตัวเลข 13 หลัก"
    if national_id[0] in "09":
        return "ขึ้นต้นด้วยเลขที่ไม่มีในเลขประจำตัวประชาชน"
    return "เลขหลักสุดท้าย (เลขตรวจสอบ) ไม่ถูกต้อง"


def check_members(bundle: Bundle, rules: RuleSet) -> list[Finding]:
    if not has_roster(bundle):
        return []  # MISSING_DOCUMENT says it; counting an absent roster would repeat it
    out: list[Finding] = []
    rows = bundle.roster_rows
    distinct = distinct_members(bundle)
    roster_file = rows[0].file if rows else None
    if len(distinct) < rules.min_members:
        out.append(
            finding(
                "TOO_FEW_MEMBERS",
                Severity.ERROR,
                f"กลุ่มมีสมาชิกที่ไม่ซ้ำกัน {len(distinct)} คน ต้องมีอย่างน้อย {rules.min_members} คน",
                file=roster_file,
            )
        )
    for row, first in duplicates(rows):
        same_id = row.person.national_id and row.person.national_id == first.person.national_id
        how = (
            f"เลขประจำตัวประชาชน ({mask_national_id(row.person.national_id or '')})"
            if same_id
            else "ชื่อ-สกุล"
        )
        out.append(
            finding(
                "DUPLICATE_MEMBER",
                Severity.ERROR,
                f"{row.person.display_name} ({row.where}) ซ้ำกับ{first.person.display_name} "
                f"({first.where}) เพราะ{how} ตรงกัน กรุณาลบรายชื่อที่ซ้ำออก",
                file=row.file,
                where=row.where,
            )
        )
    for row in rows:
        raw = row.person.national_id_raw
        # An empty ID cell is an omission the officer sees in the members list, not a malformed
        # number: the contract flags IDs that are written wrong, and rosters typed from forms
        # without an ID column must not turn every member into an error.
        if not raw:
            continue
        if row.person.national_id is None or not is_valid_national_id(row.person.national_id):
            why = _why_invalid(row.person.national_id, raw)
            out.append(
                finding(
                    "INVALID_NATIONAL_ID",
                    Severity.ERROR,
                    f"เลขประจำตัวประชาชนของ{row.person.display_name} ({mask_national_id(raw)}) {why} "
                    "กรุณาตรวจสอบกับบัตรประชาชน",
                    file=row.file,
                    where=row.where,
                )
            )
    for row in rows:
        addr = row.person.address
        if addr is None:
            continue
        problem = place_problem(addr)
        if problem is not None:
            out.append(
                finding(
                    "UNKNOWN_PLACE",
                    Severity.WARNING,
                    f"ที่อยู่ของ{row.person.display_name}: {problem}",
                    file=row.file,
                    where=row.where,
                )
            )
    group = bundle.group.place
    for row in distinct:
        addr = row.person.address
        if addr is None or not outside_district(addr, group):
            continue
        district = addr.district or addr.subdistrict
        out.append(
            finding(
                "MEMBER_OUTSIDE_AREA",
                Severity.WARNING,
                f"{row.person.display_name} มีที่อยู่ในอำเภอ{district} ซึ่งอยู่นอกอำเภอ{group.district} "
                "ที่ตั้งกลุ่ม กรุณาตรวจสอบว่าทำการเกษตรในพื้นที่ใกล้เคียงกลุ่มหรือไม่",
                file=row.file,
                where=row.where,
            )
        )
    stated = bundle.group.stated_members
    requests = readable_files(bundle, DocKind.REQUEST_FORM)
    if stated is not None and stated != len(distinct):
        out.append(
            finding(
                "MEMBER_COUNT_MISMATCH",
                Severity.WARNING,
                f"หนังสือคำขอระบุจำนวนสมาชิก {stated} ราย แต่บัญชีรายชื่อสมาชิกมี {len(distinct)} ราย",
                file=requests[0] if requests else roster_file,
            )
        )
    return out
