"""Completeness: the five documents are there (MISSING_DOCUMENT) and no file is a stranger (UNKNOWN_DOCUMENT)."""

from __future__ import annotations

from docgen.model import Bundle, DocKind, Finding, Severity
from docgen.rules.base import (
    RuleSet,
    finding,
    has_bylaws,
    has_committee,
    has_plan,
    has_roster,
    kind_label,
    readable_files,
)


def check_completeness(bundle: Bundle, rules: RuleSet) -> list[Finding]:
    """A kind is present when a readable file has it, or when its content was found inside
    another document (a committee table in the request form): the office has the information."""
    out: list[Finding] = []
    for kind in rules.required_kinds:
        present = bool(readable_files(bundle, kind))
        if kind == DocKind.COMMITTEE_LIST:
            present = has_committee(bundle)
        elif kind == DocKind.MEMBER_ROSTER:
            present = has_roster(bundle)
        elif kind == DocKind.BYLAWS:
            present = has_bylaws(bundle)
        elif kind == DocKind.ACTIVITY_PLAN:
            present = has_plan(bundle)
        if not present:
            out.append(
                finding(
                    "MISSING_DOCUMENT",
                    Severity.ERROR,
                    f"ไม่พบ{kind_label(kind)}ในชุดเอกสาร (หรือเปิดอ่านไฟล์ไม่ได้) กรุณาแนบเอกสารนี้",
                    document=str(kind),
                )
            )
    for cf in bundle.files_of(DocKind.UNKNOWN):
        if cf.content is None:
            continue  # unreadable: already an UNREADABLE_FILE finding from intake
        out.append(
            finding(
                "UNKNOWN_DOCUMENT",
                Severity.WARNING,
                f"ไฟล์ “{cf.file.name}” ไม่ใช่เอกสารที่ต้องใช้ทั้งห้าประเภท กรุณาตรวจสอบว่าแนบถูกไฟล์หรือไม่",
                file=cf.file.name,
            )
        )
    return out
