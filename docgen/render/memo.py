"""The นสว.'s review memo (บันทึกข้อความ) to the เกษตรอำเภอ, from a check report."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from docgen.model import REQUIRED_KINDS, CheckReport, DocKind
from docgen.render.engine import render_docx
from docgen.render.registry import get_spec

MEMO_GROUP_NAME_FALLBACK = "กลุ่ม (ไม่ทราบชื่อ)"

# What an officer calls a file type in words, where a message names extensions.
_TYPE_WORDS = {
    "doc": "Word",
    "docx": "Word",
    "odt": "Word",
    "rtf": "Word",
    "xls": "Excel",
    "xlsx": "Excel",
    "ods": "Excel",
    "csv": "CSV",
    "pdf": "PDF",
    "zip": "ZIP",
    "jpg": "รูปภาพ",
    "jpeg": "รูปภาพ",
    "png": "รูปภาพ",
}
_EXT = "|".join(sorted(_TYPE_WORDS, key=len, reverse=True)) + "|json|txt|tif|tiff|heic|odp|pptx?"
_FILE_NAME = re.compile(
    r"[“\"']?((?:[^\s“”\"'/]+/)*)([^\s“”\"'/]+(?: [^\s“”\"'/.]+)*)\.(" + _EXT + r")\b[”\"']?",
    re.I,
)
_EXT_LIST = re.compile(r"(?<![\w.])\.(" + _EXT + r")\b", re.I)


def _labels() -> dict[str, str]:
    from docgen.render.registry import TEMPLATES

    out: dict[str, str] = {}
    for spec in TEMPLATES.values():
        out[spec.label_th] = spec.label_th
        out[re.sub(r"^[0-9]+\s*", "", spec.filename_th)] = spec.label_th
    out["แผนงานกิจกรรมของกลุ่ม"] = out.get("แผนงาน/กิจกรรมของกลุ่ม", "แผนงาน/กิจกรรมของกลุ่ม")
    return out


_KNOWN_LABELS = _labels()


def in_words(text: str, documents: Mapping[str, str] | None = None) -> str:
    """A message as the memo prints it: a file the bundle holds named by the document it is
    (`documents`: file name -> บัญชีรายชื่อสมาชิก), any other file by its name without folder
    or extension, and file types in words (Word, Excel): no file names an officer would
    have to decode."""
    if not text:
        return text
    for name, label in sorted((documents or {}).items(), key=lambda kv: -len(kv[0])):
        for quoted in (f"“{name}”", f'"{name}"', name):
            text = text.replace(quoted, label)

    def stem(m: re.Match[str]) -> str:
        name = m.group(2)
        label = _KNOWN_LABELS.get(re.sub(r"^[0-9๐-๙]+[\s._-]*", "", name))
        if label:  # "04 บัญชีรายชื่อสมาชิก.xlsx": the document it is
            return label
        return f"ไฟล์ “{name}”" if not m.group(0).startswith("ไฟล์") else name

    text = _FILE_NAME.sub(stem, text).replace("ไฟล์ ไฟล์ ", "ไฟล์ ")
    words: list[str] = []

    def type_word(m: re.Match[str]) -> str:
        word = _TYPE_WORDS.get(m.group(1).lower(), m.group(1).upper())
        if word in words:
            return ""
        words.append(word)
        return word

    text = _EXT_LIST.sub(type_word, text)
    return re.sub(r"  +", " ", text).replace(" ,", ",").strip()


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
                "file": "",
                "found": bool(files),
            }
        )
    others = bundle.files_of(DocKind.UNKNOWN)
    if others:
        documents.append(
            {
                "label": "เอกสารอื่น " + ", ".join(in_words(f.file.name) for f in others),
                "file": "",
                "found": True,
            }
        )
    # A file is named by the document it is: "บัญชีรายชื่อสมาชิก แถวที่ 14".
    labels: dict[str, str] = {}
    for classified in bundle.files:
        name = classified.file.name
        if classified.kind in REQUIRED_KINDS:
            label = get_spec(str(classified.kind)).label_th
        else:
            label = "ไฟล์ “" + re.sub(r"\.[^./]+$", "", name.rsplit("/", 1)[-1]) + "”"
        labels[name] = label
        labels.setdefault(name.rsplit("/", 1)[-1], label)
    findings = []
    for f in sorted(report.findings, key=lambda f: str(f.severity) != "error"):
        document = labels.get(f.file or "", in_words(f.file or "")) if f.file else ""
        findings.append(
            {
                "severity": str(f.severity),
                "message": in_words(f.message, labels),
                "where": " ".join(part for part in (document, f.where or "") if part),
            }
        )
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
