"""Bylaws: every required topic is covered by at least one clause."""

from __future__ import annotations

from docgen.model import Bundle, DocKind, Finding, Severity
from docgen.rules.base import TOPIC_LABEL_TH, RuleSet, finding, has_bylaws, readable_files


def check_bylaws(bundle: Bundle, rules: RuleSet) -> list[Finding]:
    files = readable_files(bundle, DocKind.BYLAWS)
    if not has_bylaws(bundle):
        return []
    covered = {t for clause in bundle.bylaw_clauses for t in clause.topics}
    return [
        finding(
            "BYLAWS_TOPIC_MISSING",
            Severity.ERROR,
            f"ข้อบังคับกลุ่มยังไม่มีข้อว่าด้วย{TOPIC_LABEL_TH[topic]}",
            file=files[0] if files else None,
            topic=str(topic),
        )
        for topic in rules.required_topics
        if topic not in covered
    ]
