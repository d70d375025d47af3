"""The group: its name begins with กลุ่ม, the documents agree on it, and its place is a real one."""

from __future__ import annotations

import re

from docgen.model import Bundle, DocKind, Finding, Severity
from docgen.rules.base import RuleSet, finding, readable_files
from docgen.thai.places import place_problem
from docgen.thai.text import compact


def _same_name(a: str, b: str) -> bool:
    """Names agree when one contains the other after spacing is normalised
    (กลุ่มปลูกผัก vs กลุ่มปลูกผัก บ้านโนน ตำบลท่าพระ is the same group written longer)."""
    ka, kb = _name_form(a), _name_form(b)
    return ka == kb or ka in kb or kb in ka


def _name_form(name: str) -> str:
    """A name with the usual abbreviations written out (บ. = บ้าน, ต. = ตำบล …) and no spaces."""
    # The group type written into the name (กลุ่มส่งเสริมอาชีพการเกษตรปลูกผัก) is no part of it.
    text = re.sub(r"^กลุ่ม\s*ส่งเสริมอาชีพ(?:การเกษตร)?", "กลุ่ม", name.strip()).replace("ฯ", "")
    for short, full in (
        ("บ.", "บ้าน"),
        ("ต.", "ตำบล"),
        ("อ.", "อำเภอ"),
        ("จ.", "จังหวัด"),
        ("ม.", "หมู่"),
    ):
        text = text.replace(short, full)
    return compact(text)


def check_group(bundle: Bundle, rules: RuleSet) -> list[Finding]:
    out: list[Finding] = []
    group = bundle.group
    requests = readable_files(bundle, DocKind.REQUEST_FORM)
    request_file = requests[0] if requests else None
    name = group.name.strip()
    if name and not name.startswith(rules.name_prefix):
        out.append(
            finding(
                "GROUP_NAME_PREFIX",
                Severity.ERROR,
                f"ชื่อกลุ่ม “{name}” ต้องขึ้นต้นด้วยคำว่า “{rules.name_prefix}” ตามด้วยกิจกรรมหรือวัตถุประสงค์ "
                f"เช่น {rules.name_prefix}ปลูกผัก",
                file=_file_giving(bundle, name) or request_file,
            )
        )
    elif not name and request_file is not None:
        # A request form without a group name cannot be certified: the name is what the
        # certificate states, and the rule on its first word cannot be met by a blank.
        out.append(
            finding(
                "GROUP_NAME_PREFIX",
                Severity.ERROR,
                f"ไม่พบชื่อกลุ่มในหนังสือคำขอ กรุณาระบุชื่อกลุ่มที่ขึ้นต้นด้วยคำว่า “{rules.name_prefix}”",
                file=request_file,
            )
        )
    if name:
        for file, other in group.names_by_file.items():
            if not _same_name(name, other):
                out.append(
                    finding(
                        "GROUP_NAME_MISMATCH",
                        Severity.WARNING,
                        f"ชื่อกลุ่มใน “{file}” คือ “{other}” ไม่ตรงกับ “{name}” กรุณาใช้ชื่อเดียวกันทุกเอกสาร",
                        file=file,
                    )
                )
    place = group.place
    problem = place_problem(place)
    if problem is not None:
        out.append(
            finding(
                "UNKNOWN_PLACE",
                Severity.WARNING,
                f"ที่ตั้งกลุ่ม: {problem} กรุณาตรวจสอบชื่อตำบล อำเภอ และจังหวัด",
                file=request_file,
            )
        )
    # A request form that gives no place at all is not UNKNOWN_PLACE (nothing failed to match);
    # the officer sees the empty place in the summary, and no member is judged outside the area.
    return out


def _file_giving(bundle: Bundle, name: str) -> str | None:
    for file, other in bundle.group.names_by_file.items():
        if other == name:
            return file
    return None
