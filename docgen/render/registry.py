"""The official templates: kind, .docx path, field schema, Thai label, blank-form shape."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel

from docgen.model import UnusableInput
from docgen.render import schemas


def _templates_dir() -> Path:
    """`templates/` at the repository root is the one source of truth.

    `docgen/render/templates` is a symlink to it so that a wheel (which copies through the
    link, see package-data in pyproject.toml) carries the same files; an editable install or
    a checkout reads the repository folder directly.
    """
    here = Path(__file__).resolve().parent
    repo = here.parent.parent / "templates"
    if (repo / "certificate.docx").is_file():
        return repo
    return here / "templates"


TEMPLATES_DIR = _templates_dir()


@dataclass(frozen=True)
class TemplateSpec:
    """One official template."""

    kind: str
    path: Path
    schema: type[BaseModel]
    label_th: str
    filename_th: str  # file name (without .docx) used in bundles and downloads
    blank_rows: int = 0  # rows a blank form offers in its table, for filling by hand


def _spec(kind: str, label: str, filename: str, blank_rows: int = 0) -> TemplateSpec:
    return TemplateSpec(
        kind=kind,
        path=TEMPLATES_DIR / f"{kind}.docx",
        schema=schemas.SCHEMAS[kind],
        label_th=label,
        filename_th=filename,
        blank_rows=blank_rows,
    )


TEMPLATES: dict[str, TemplateSpec] = {
    spec.kind: spec
    for spec in (
        _spec(
            "request_form",
            "หนังสือคำขอใบรับรองการจัดตั้งกลุ่ม",
            "01 หนังสือคำขอใบรับรองการจัดตั้งกลุ่ม",
        ),
        _spec("bylaws", "ข้อบังคับกลุ่ม", "02 ข้อบังคับกลุ่ม"),
        _spec("committee_list", "รายชื่อคณะกรรมการ", "03 รายชื่อคณะกรรมการ", blank_rows=9),
        _spec("member_roster", "บัญชีรายชื่อสมาชิก", "04 บัญชีรายชื่อสมาชิก", blank_rows=15),
        _spec("activity_plan", "แผนงาน/กิจกรรมของกลุ่ม", "05 แผนงานกิจกรรมของกลุ่ม", blank_rows=8),
        _spec("certificate", "ใบรับรองการจัดตั้งกลุ่มส่งเสริมอาชีพการเกษตร", "ใบรับรองการจัดตั้งกลุ่ม"),
        _spec("review_memo", "บันทึกข้อความผลการตรวจเอกสาร", "บันทึกผลการตรวจเอกสาร", blank_rows=6),
        _spec("district_report", "รายงานการจัดตั้งกลุ่มของอำเภอ", "รายงานอำเภอ", blank_rows=10),
    )
}

# The five documents of an application, in the order a bundle lists them.
BUNDLE_KINDS: tuple[str, ...] = (
    "request_form",
    "bylaws",
    "committee_list",
    "member_roster",
    "activity_plan",
)


def get_spec(kind: str) -> TemplateSpec:
    spec = TEMPLATES.get(kind)
    if spec is None:
        raise UnusableInput(f"ไม่รู้จักแม่แบบ '{kind}' (มี: {', '.join(TEMPLATES)})")
    return spec


def template_path(kind: str) -> Path:
    """The .docx of one template kind; a Thai error if the kind or file is missing."""
    path = get_spec(kind).path
    if not path.is_file():
        raise UnusableInput(f"ไม่พบไฟล์แม่แบบ {path.name} (สร้างด้วย python templates/build.py)")
    return path


def label_th(kind: str) -> str:
    spec = TEMPLATES.get(kind)
    return spec.label_th if spec else kind
