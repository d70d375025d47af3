"""The committee: at least three people, a chair, a secretary and a treasurer, all of them members."""

from __future__ import annotations

import re
from collections import Counter

from docgen.model import Bundle, CommitteeSeat, Finding, Role, Severity
from docgen.rules.base import ROLE_LABEL_TH, RuleSet, finding, has_committee
from docgen.thai.ids import mask_national_id
from docgen.thai.names import name_key_of, names_close


def _key(seat: CommitteeSeat) -> str:
    return seat.person.national_id or name_key_of(seat.person.first_name, seat.person.last_name)


# The posts one person holds together (เลขานุการและเหรัญญิก): each part that opens with a key post.
_PART_ROLES = (
    ("ประธาน", Role.CHAIR),
    ("เลขานุการ", Role.SECRETARY),
    ("เลขา", Role.SECRETARY),
    ("เหรัญญิก", Role.TREASURER),
)


_GLUED_PREFIX = re.compile(r"^.{0,2}?(?:นางสาว|นาง|นาย|นส)(.+)$")


def _held_roles(seat: CommitteeSeat) -> set[Role]:
    """The seat's role, and every key post its position names jointly (กรรมการและเลขานุการ, เลขานุการ/เหรัญญิก)."""
    held = {seat.role}
    for part in re.split(r"และ|/|,", re.sub(r"\s+", "", seat.position or "")):
        for word, role in _PART_ROLES:
            if part.startswith(word):
                held.add(role)
                break
    return held


def check_committee(bundle: Bundle, rules: RuleSet) -> list[Finding]:
    if not has_committee(bundle):
        return []
    out: list[Finding] = []
    seats = bundle.committee_seats
    file = seats[0].file if seats else None
    people = {_key(s) for s in seats}
    if len(people) < rules.min_committee:
        out.append(
            finding(
                "COMMITTEE_TOO_SMALL",
                Severity.ERROR,
                f"คณะกรรมการมี {len(people)} คน ต้องมีอย่างน้อย {rules.min_committee} คน",
                file=file,
            )
        )
    roles = {r for s in seats for r in _held_roles(s)}
    for role in rules.required_roles:
        if role not in roles:
            out.append(
                finding(
                    "COMMITTEE_ROLE_MISSING",
                    Severity.ERROR,
                    f"คณะกรรมการไม่มีตำแหน่ง{ROLE_LABEL_TH[role]}",
                    file=file,
                    role=str(role),
                )
            )
    if not bundle.roster_rows:
        return out  # no roster read: the roster's own findings say so
    ids = {r.person.national_id for r in bundle.roster_rows if r.person.national_id}
    names = {name_key_of(r.person.first_name, r.person.last_name) for r in bundle.roster_rows}
    # A roster name read with its prefix glued on and misread so it was not split off
    # (นนางสาวอำไพ มณีรัตน์): the name after it is the member's too.
    names |= {m.group(1) for n in names if (m := _GLUED_PREFIX.match(n)) and len(m.group(1)) >= 6}
    # Distinct people per first name, for a committee typed without surnames.
    people_by_first = {
        (name_key_of(r.person.first_name, ""), name_key_of(r.person.first_name, r.person.last_name))
        for r in bundle.roster_rows
    }
    first_names = Counter(first for first, _whole in people_by_first)
    seen: set[str] = set()
    for seat in seats:
        key = _key(seat)
        if key in seen:
            continue
        seen.add(key)
        person = seat.person
        if person.national_id and person.national_id in ids:
            continue
        if name_key_of(person.first_name, person.last_name) in names:
            continue
        if not person.last_name and first_names[name_key_of(person.first_name, "")] == 1:
            # A committee typed with first names only (นายสมชาย): one member of that name is him.
            continue
        if not person.national_id and person.last_name:
            # A name read from a scan may lose a mark (สายสุนีย์ / สายสนีย์): the one roster
            # name that close is the same person. IDs, where given, are compared exactly above.
            key = name_key_of(person.first_name, person.last_name)
            close = [n for n in names if names_close(key, n)]
            if len(close) == 1:
                continue
        extra = (
            f" (เลขประจำตัวประชาชน {mask_national_id(person.national_id)})"
            if person.national_id
            else ""
        )
        out.append(
            finding(
                "COMMITTEE_NOT_MEMBER",
                Severity.ERROR,
                f"{person.display_name}{extra} ตำแหน่ง{seat.position or ROLE_LABEL_TH[seat.role]} "
                "ไม่อยู่ในบัญชีรายชื่อสมาชิก กรรมการทุกคนต้องเป็นสมาชิกกลุ่ม",
                file=seat.file,
                where=seat.where,
            )
        )
    return out
