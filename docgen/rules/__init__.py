"""The Department's rules for a group's bundle; pure functions from Bundle to findings."""

from __future__ import annotations

from docgen.model import Bundle, Finding
from docgen.rules.base import FARMER_GROUP_RULES, RuleSet
from docgen.rules.bylaws import check_bylaws
from docgen.rules.committee import check_committee
from docgen.rules.completeness import check_completeness
from docgen.rules.group import check_group
from docgen.rules.members import check_members, distinct_members
from docgen.rules.plan import check_plan


def run_rules(bundle: Bundle, rules: RuleSet = FARMER_GROUP_RULES) -> list[Finding]:
    """All findings for a bundle in a stable order: intake, completeness, group, members,
    committee, bylaws, plan; within a family by row. No I/O."""
    findings: list[Finding] = list(bundle.intake_findings)
    for family in (
        check_completeness,
        check_group,
        check_members,
        check_committee,
        check_bylaws,
        check_plan,
    ):
        findings.extend(family(bundle, rules))
    return findings


__all__ = ["FARMER_GROUP_RULES", "RuleSet", "distinct_members", "run_rules"]
