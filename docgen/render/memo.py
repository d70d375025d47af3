"""The นสว.'s review memo (บันทึกข้อความ) to the เกษตรอำเภอ, from a check report."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from docgen.model import REQUIRED_KINDS, CheckReport, DocKind
from docgen.render.engine import render_docx
from docgen.render.registry import get_spec

MEMO_GROUP_NAME_FALLBACK = "กลุ่ม (ไม่ทราบชื่อ)"


def memo_data(
    report: CheckReport,
    *,
    officer: str = "",
    date: dt.date | None = None,
    extra: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The review_memo template's data for one checked bundle."""
    bundle = report.bundle
    group = bundle.group
    place = group.place
    documents: list[dict[str, Any]] = []
    for kind in REQUIRED_KINDS:
        files = bundle.files_of(kind)
        documents.append(
            {
                "label": get_spec(str(kind)).label_th,
                "file": ", ".join(f.file.name for f in files),
                "found": bool(files),
            }
        )
    others = bundle.files_of(DocKind.UNKNOWN)
    if others:
        documents.append(
            {
                "label": "เอกสารอื่น",
                "file": ", ".join(f.file.name for f in others),
                "found": True,
            }
        )
    findings = [
        {
            "severity": str(f.severity),
            "message": f.message,
            "where": " ".join(part for part in (f.file or "", f.where or "") if part),
        }
        for f in report.findings
    ]
    data = {
        "group_name": group.name or MEMO_GROUP_NAME_FALLBACK,
        "address": {
            "house_no": place.house_no,
            "moo": place.moo if place.moo.isdigit() else "",
            "subdistrict": place.subdistrict or "-",
            "district": place.district or "-",
            "province": place.province or "-",
        },
        "memo_date": date or dt.date.today(),
        "member_count": len(report.members),
        "committee": [
            {"name": s.person.display_name, "position": s.position} for s in bundle.committee_seats
        ],
        "documents": documents,
        "findings": findings,
        "complete": report.complete,
        "officer_name": officer,
    }
    # The office, its signer, the reviewer's position, an override reason: from the registry.
    data.update(extra or {})
    return data


def write_review_memo(
    report: CheckReport,
    out: Path,
    *,
    officer: str = "",
    date: dt.date | None = None,
    extra: Mapping[str, Any] | None = None,
) -> Path:
    """Write the review memo (.docx) for a checked bundle: summary, findings, recommendation.

    The recommendation is ควรออกใบรับรอง when the report is complete, else ส่งคืนเพื่อแก้ไข.
    """
    return render_docx(
        "review_memo", memo_data(report, officer=officer, date=date, extra=extra), out
    )
