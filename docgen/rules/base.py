"""The rule set of a group type (thresholds, required posts and topics) and helpers shared by the rule families."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from docgen.model import (
    KIND_LABEL_TH,
    REQUIRED_KINDS,
    Bundle,
    DocKind,
    Finding,
    Role,
    Severity,
    Topic,
)


@dataclass(frozen=True)
class RuleSet:
    """What one type of group must satisfy; another group type (housewives, young farmers) swaps it."""

    name: str
    min_members: int = 10
    min_committee: int = 3
    required_roles: tuple[Role, ...] = (Role.CHAIR, Role.SECRETARY, Role.TREASURER)
    required_topics: tuple[Topic, ...] = tuple(Topic)
    required_kinds: tuple[DocKind, ...] = REQUIRED_KINDS
    name_prefix: str = "กลุ่ม"


FARMER_GROUP_RULES = RuleSet(name="กลุ่มส่งเสริมอาชีพการเกษตร")

ROLE_LABEL_TH: dict[Role, str] = {
    Role.CHAIR: "ประธาน",
    Role.VICE_CHAIR: "รองประธาน",
    Role.SECRETARY: "เลขานุการ",
    Role.TREASURER: "เหรัญญิก",
    Role.MEMBER: "กรรมการ",
    Role.OTHER: "ตำแหน่งอื่น",
}

TOPIC_LABEL_TH: dict[Topic, str] = {
    Topic.SHARES: "การระดมหุ้น",
    Topic.ACTIVITIES: "กิจกรรมของกลุ่ม",
    Topic.FINANCE: "การบริหารจัดการเงินและทุน",
    Topic.ADMISSION: "การรับสมาชิก",
    Topic.RESIGNATION: "การลาออกของสมาชิก",
    Topic.ELECTION: "การเลือกตั้งคณะกรรมการ",
    Topic.TERM: "วาระการดำรงตำแหน่ง",
    Topic.REMOVAL: "การพ้นจากตำแหน่งของคณะกรรมการ",
}


def finding(
    code: str,
    severity: Severity,
    message: str,
    file: str | None = None,
    where: str | None = None,
    **extra: Any,
) -> Finding:
    return Finding(
        code=code, severity=severity, message=message, file=file, where=where, extra=extra
    )


def kind_label(kind: DocKind) -> str:
    return KIND_LABEL_TH[kind]


def readable_files(bundle: Bundle, kind: DocKind) -> list[str]:
    """Names of the readable files classified as `kind`."""
    return [f.file.name for f in bundle.files_of(kind) if f.content is not None]


def has_roster(bundle: Bundle) -> bool:
    """A roster was given: its own file, or members read from a table in another document."""
    return bool(readable_files(bundle, DocKind.MEMBER_ROSTER) or bundle.roster_rows)


def has_committee(bundle: Bundle) -> bool:
    return bool(readable_files(bundle, DocKind.COMMITTEE_LIST) or bundle.committee_seats)


def has_bylaws(bundle: Bundle) -> bool:
    """Bylaws were given: their own file, or clauses read from another document."""
    return bool(readable_files(bundle, DocKind.BYLAWS) or bundle.bylaw_clauses)


def has_plan(bundle: Bundle) -> bool:
    """A plan was given: its own file, or an activity table inside another document."""
    return bool(readable_files(bundle, DocKind.ACTIVITY_PLAN) or bundle.activities)
