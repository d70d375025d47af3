"""Findings about OCR itself: values read without confidence become UNCLEAR_TEXT warnings, and an
INVALID_NATIONAL_ID whose digits were unsure is that warning instead (never an OCR doubt as an error);
a group name misread by a letter is the name the other documents give."""

from __future__ import annotations

import re
from collections.abc import Sequence
from difflib import SequenceMatcher

from docgen.model import Bundle, Finding, OcrDoubt, Severity
from docgen.thai.ids import mask_national_id
from docgen.thai.text import compact

MSG_UNCLEAR = "อ่านจากภาพไม่ชัด ตรวจกับต้นฉบับ"
FIELD_LABEL_TH = {
    "national_id": "เลขประจำตัวประชาชน",
    "full": "ชื่อ-สกุล",
    "first": "ชื่อ",
    "last": "นามสกุล",
    "phone": "เบอร์โทรศัพท์",
    "member_count": "จำนวนสมาชิกที่ระบุ",
    "text": "ข้อความ",
}


def doubt_where(doubt: OcrDoubt) -> str:
    if doubt.row:
        return f"หน้า {doubt.page} แถวที่ {doubt.row}"
    return f"หน้า {doubt.page} บรรทัดที่ {doubt.line}" if doubt.line else f"หน้า {doubt.page}"


def _shown(doubt: OcrDoubt) -> str:
    if doubt.field == "national_id":
        digits = re.sub(r"\D", "", doubt.text)
        return mask_national_id(digits) if len(digits) == 13 else "อ่านได้ไม่ครบ 13 หลัก"
    return doubt.text


def _close_names(a: str, b: str) -> bool:
    """Group names that differ as OCR misreads (one letter or mark in twelve)."""
    a, b = compact(a), compact(b)
    if not a or not b:
        return False
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    changed = max(len(a), len(b)) - sum(m.size for m in matcher.get_matching_blocks())
    return changed <= max(1, max(len(a), len(b)) // 12)


def with_ocr_findings(bundle: Bundle, findings: Sequence[Finding]) -> list[Finding]:
    """The rules' findings, OCR doubts added as UNCLEAR_TEXT (one per value), and each
    INVALID_NATIONAL_ID of a row whose ID digits OCR was unsure of dropped for that warning."""
    doubts_by_file: dict[str, list[OcrDoubt]] = {}
    kind_by_file: dict[str, str] = {}
    for cf in bundle.files:
        if cf.content is not None and cf.content.ocr is not None:
            doubts_by_file[cf.file.name] = list(cf.content.ocr.doubts)
            kind_by_file[cf.file.name] = str(cf.kind)
    if not doubts_by_file:
        return list(findings)
    unsure_ids = {
        (file, re.sub(r"\D", "", d.text))
        for file, doubts in doubts_by_file.items()
        for d in doubts
        if d.field == "national_id"
    }
    raw_by_spot = {
        (r.file, r.where): re.sub(r"\D", "", r.person.national_id_raw or r.person.national_id or "")
        for r in bundle.roster_rows
    }
    out: list[Finding] = []
    for f in findings:
        if f.code == "GROUP_NAME_MISMATCH" and f.file in doubts_by_file:
            other = bundle.group.names_by_file.get(f.file, "")
            if _close_names(bundle.group.name, other):
                continue  # the same name as the other documents, a letter or mark misread
        if f.code == "INVALID_NATIONAL_ID" and f.file in doubts_by_file:
            digits = raw_by_spot.get((f.file, f.where or ""))
            if digits is not None and (f.file, digits) in unsure_ids:
                continue  # the UNCLEAR_TEXT warning for this row says it
        out.append(f)
    for file, doubts in doubts_by_file.items():
        kind = kind_by_file[file]
        for d in doubts:
            label = FIELD_LABEL_TH.get(d.field, "ข้อความ")
            out.append(
                Finding(
                    code="UNCLEAR_TEXT",
                    severity=Severity.WARNING,
                    message=f"{doubt_where(d)}: {label} ({_shown(d)}) {MSG_UNCLEAR}",
                    file=file,
                    where=doubt_where(d),
                    extra={"document": kind, "ocr": True},
                )
            )
    return out
