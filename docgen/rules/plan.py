"""The activity plan lists at least one activity."""

from __future__ import annotations

from docgen.model import Bundle, DocKind, Finding, Severity
from docgen.rules.base import RuleSet, finding, readable_files


def check_plan(bundle: Bundle, rules: RuleSet) -> list[Finding]:
    files = readable_files(bundle, DocKind.ACTIVITY_PLAN)
    if not files or bundle.activities:
        return []
    return [
        finding(
            "ACTIVITY_PLAN_EMPTY",
            Severity.ERROR,
            "แผนงาน/กิจกรรมของกลุ่มยังไม่มีกิจกรรมใด กรุณาระบุอย่างน้อยหนึ่งกิจกรรม",
            file=files[0],
        )
    ]
