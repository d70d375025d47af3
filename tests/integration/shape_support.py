"""What docgen reported on a generated shape bundle, compared with the generator's expected.json
(samples/shapes.py): the findings, `complete`, the group's figures and the documents' kinds.
Shared by test_shapes.py and test_workbook_shapes.py."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import PurePosixPath
from typing import Any

# The field that tells two findings of one code apart (which document, role or topic).
EXTRA_FIELD = {
    "MISSING_DOCUMENT": "document",
    "COMMITTEE_ROLE_MISSING": "role",
    "BYLAWS_TOPIC_MISSING": "topic",
}
GROUP_FIELDS = ("name", "subdistrict_code", "members", "committee")


def row_of(where: str | None) -> int | None:
    """The row a finding's `where` points at (its last number), None when it names none."""
    digits = re.findall(r"\d+", where or "")
    return int(digits[-1]) if digits else None


def finding_key(finding: dict[str, Any]) -> tuple[Any, ...]:
    extra = EXTRA_FIELD.get(finding["code"])
    return (
        finding["code"],
        finding["severity"],
        finding.get(extra) if extra else None,
        finding.get("file"),
    )


def matches(want: dict[str, Any], got: dict[str, Any]) -> bool:
    """`got` is the finding `want` expects: same code, severity, extra field and file (unless the
    contract leaves the file open), and the same row when `want` names one."""
    if "file" not in want:  # the contract does not say which file is meant
        got = {k: v for k, v in got.items() if k != "file"}
    if finding_key(want) != finding_key(got):
        return False
    return want.get("where") is None or row_of(want["where"]) == row_of(got.get("where"))


def unmatched(
    expected: list[dict[str, Any]], found: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(expected findings not found, found findings not expected), each found one used once."""
    left = list(found)
    missing = []
    for want in expected:
        hit = next((g for g in left if matches(want, g)), None)
        if hit is None:
            missing.append(want)
        else:
            left.remove(hit)
    return missing, left


def document_kinds(documents: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """(file name, kind) of each document listed, the file's folders left out, sorted."""
    return sorted((PurePosixPath(d["file"]).name, d["kind"]) for d in documents)


def differences(
    report: dict[str, Any], expected: dict[str, Any], *, exact_where: bool = False
) -> list[str]:
    """What the report says otherwise than expected.json, one line each (empty: all agree).
    With `exact_where`, a finding's `where` must be the expected text itself (sheet and row),
    else only its row number is compared."""
    out = []
    if exact_where:
        got = Counter((*finding_key(f), f.get("where")) for f in report["findings"])
        want = Counter((*finding_key(f), f.get("where")) for f in expected["findings"])
        if got != want:
            missing, extra = list((want - got).elements()), list((got - want).elements())
            out.append(f"findings: expected, not found {missing}; found {extra}")
    else:
        missing, left = unmatched(expected["findings"], report["findings"])
        if missing or left:
            out.append(f"findings: expected, not found {missing}; found {left}")
    if report["complete"] is not expected["complete"]:
        out.append(f"complete: {report['complete']} != {expected['complete']}")
    group = report["group"] or {}
    for key in GROUP_FIELDS:
        if group.get(key) != expected["group"][key]:
            out.append(f"group.{key}: {group.get(key)!r} != {expected['group'][key]!r}")
    got_docs, want_docs = document_kinds(report["documents"]), document_kinds(expected["documents"])
    if got_docs != want_docs:
        out.append(f"documents: {got_docs} != {want_docs}")
    return out
