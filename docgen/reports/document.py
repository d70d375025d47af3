"""The report document: figures into the `district_report` template, with charts as pictures."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from docgen.model import DocgenError
from docgen.reports.charts import activity_chart, groups_and_members_chart, others_last
from docgen.reports.figures import ReportFigures

KIND = "district_report"
CHART_WIDTH_CM = 16.0
CHART_MAX_HEIGHT_CM = 13.0  # a landscape A4 page holds the chart with its heading


def _picture(template: Any, png: Path) -> Any:
    """The chart at 16 cm wide, or smaller when that would make it taller than a page allows."""
    from docx.shared import Cm
    from docxtpl import InlineImage

    header = png.read_bytes()[16:24]  # PNG IHDR: width, height (big-endian)
    width_px, height_px = int.from_bytes(header[:4], "big"), int.from_bytes(header[4:], "big")
    if width_px and height_px * CHART_WIDTH_CM / width_px > CHART_MAX_HEIGHT_CM:
        return InlineImage(template, str(png), height=Cm(CHART_MAX_HEIGHT_CM))
    return InlineImage(template, str(png), width=Cm(CHART_WIDTH_CM))


NO_GROUPS_TH = "ไม่มีกลุ่มส่งเสริมอาชีพการเกษตรที่ได้รับใบรับรองการจัดตั้ง"


def report_data(
    figures: ReportFigures,
    *,
    district: str,
    province: str,
    report_date: dt.date,
    ref_no: str = "",
    officer_name: str = "",
    notes: Sequence[str] = (),
    office: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The template data (schema `DistrictReportData`) for these figures."""
    scope = "province" if figures.area_level == "district" else "district"
    data: dict[str, Any] = {
        "scope": scope,
        "district": district or province,
        "province": province,
        "year": figures.period.data_year,
        "period_label": figures.period.label_th,
        "report_date": report_date,
        "ref_no": ref_no,
        "officer_name": officer_name,
        "groups": [
            {
                "group_name": g.name,
                "moo": g.moo,
                "subdistrict": g.subdistrict,
                "district": g.district,
                "members": g.members,
                "established": g.established,
                "main_activity": g.main_activity,
                "certificate_no": g.certificate_no,
                "chair": g.chair,
            }
            for g in figures.groups
        ],
        "by_area": [t.__dict__ for t in figures.by_area],
        "by_activity": [t.__dict__ for t in others_last(figures.by_activity)],
        "notes": list(notes),
    }
    # The issuing office and its signer (office_name ... emblem_path), from the registry.
    data.update(office or {})
    if figures.has_applications:
        data["applications"] = {
            "received": figures.received,
            "certified": figures.certified_applications,
            "returned": figures.returned,
            "pending": figures.pending,
            "reasons": [{"label": r.label_th, "count": r.applications} for r in figures.reasons],
        }
    return data


def render_report(
    figures: ReportFigures,
    out: Path,
    *,
    district: str,
    province: str,
    report_date: dt.date,
    ref_no: str = "",
    officer_name: str = "",
    notes: Sequence[str] = (),
    charts: bool = True,
    thai_digits: bool = False,
    office: Mapping[str, str] | None = None,
) -> Path:
    """Write the report DOCX to `out`: tables, and the charts drawn into it when there are groups."""
    from docxtpl import DocxTemplate

    from docgen.render import schemas
    from docgen.render.engine import (
        build_context,
        clean_data,
        fit_tables,
        jinja_env,
        kind_template,
    )
    from docgen.render.registry import get_spec

    data = report_data(
        figures,
        district=district,
        province=province,
        report_date=report_date,
        ref_no=ref_no,
        officer_name=officer_name,
        notes=notes,
        office=office,
    )
    model = schemas.validate_data(KIND, clean_data(data))
    context = build_context(KIND, model)
    template = DocxTemplate(str(kind_template(KIND, str(context.get("emblem_path") or ""))))
    area_word = "อำเภอ" if figures.area_level == "district" else "ตำบล"
    with tempfile.TemporaryDirectory(prefix="docgen-report-") as tmp:
        if charts and figures.groups:
            area_png = groups_and_members_chart(
                figures.by_area, Path(tmp) / "area.png", area_word=area_word
            )
            context["chart_area"] = _picture(template, area_png)
            if len(figures.by_activity) > 1:  # one activity: the table says it all
                activity_png = activity_chart(figures.by_activity, Path(tmp) / "activity.png")
                context["chart_activity"] = _picture(template, activity_png)
        try:
            template.render(context, jinja_env(), autoescape=True)
        except Exception as exc:
            raise DocgenError(
                f"แม่แบบ {get_spec(KIND).label_th} มีข้อผิดพลาด ตรวจด้วย docgen templates lint",
                detail=f"{type(exc).__name__}: {exc}",
            ) from exc
        fit_tables(template)  # the group names get the room, not the numbers
        if thai_digits:
            from docgen.render.engine import _to_thai_digits

            _to_thai_digits(template)  # ๑๒/๒๕๖๙, as official letters may print numbers
        out = Path(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        template.save(str(out))
    return out
