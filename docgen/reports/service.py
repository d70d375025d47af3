"""One report run: pick the area's groups for a period, compute, write DOCX (and PDF, XLSX, CSV)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Protocol

from docgen.model import UnusableInput
from docgen.reports.document import render_report
from docgen.reports.export import write_csv, write_xlsx
from docgen.reports.figures import (
    ApplicationRecord,
    GroupRecord,
    Period,
    ReportFigures,
    compute_figures,
)
from docgen.thai.dates import DateParseError, parse_date, today_in_thailand
from docgen.thai.digits import thai_to_arabic_digits
from docgen.thai.places import clean_area_name, resolve_place


class Converter(Protocol):
    def convert(self, docx: Path, out_pdf: Path) -> Path: ...


@dataclass(frozen=True)
class ReportResult:
    """What a report run wrote, and the figures it printed."""

    figures: ReportFigures
    docx: Path
    pdf: Path | None = None
    xlsx: Path | None = None
    csv: Path | None = None
    outside_area: int = 0  # groups given that belong to another district or province


def area_names(
    *, district_code: str | None = None, province_code: str | None = None
) -> tuple[str, str]:
    """(district, province) Thai names for a DOPA code; the district is "" for a province."""
    import geothai

    if district_code:
        district = geothai.district(str(district_code).strip())
        if district is None:
            raise UnusableInput(f"ไม่รู้จักรหัสอำเภอ {district_code} (รหัส 4 หลัก เช่น 4001)")
        province = geothai.province(district.province_code)
        return district.name_th, province.name_th if province else ""
    if province_code:
        found = geothai.province(str(province_code).strip())
        if found is None:
            raise UnusableInput(f"ไม่รู้จักรหัสจังหวัด {province_code} (รหัส 2 หลัก เช่น 40)")
        return "", found.name_th
    raise UnusableInput("ต้องระบุรหัสอำเภอหรือรหัสจังหวัด")


def period_from_options(
    year: int | None = None,
    fiscal_year: int | None = None,
    date_from: str | dt.date | None = None,
    date_to: str | dt.date | None = None,
) -> Period:
    """Exactly one way of naming the period: a BE year, a fiscal year, or a date range."""
    given = sum(x is not None for x in (year, fiscal_year)) + (
        1 if (date_from is not None or date_to is not None) else 0
    )
    if given != 1:
        raise UnusableInput("ระบุช่วงเวลาอย่างใดอย่างหนึ่ง: ปี พ.ศ. ปีงบประมาณ หรือวันที่เริ่มต้นถึงวันที่สิ้นสุด")
    if year is not None:
        return Period.be_year(year)
    if fiscal_year is not None:
        return Period.fiscal_year(fiscal_year)
    if date_from is None or date_to is None:
        raise UnusableInput("ช่วงวันที่ต้องระบุทั้งวันที่เริ่มต้นและวันที่สิ้นสุด")
    try:
        return Period.date_range(parse_date(date_from), parse_date(date_to))
    except DateParseError as exc:
        raise UnusableInput(str(exc)) from exc


def period_from_params(params: Mapping[str, Any]) -> Period | None:
    """The period a job's params name (be_year, fiscal_year, or date_from + date_to); None if none."""
    year, fiscal = params.get("be_year"), params.get("fiscal_year")
    start, end = params.get("date_from"), params.get("date_to")
    if not (year or fiscal or start or end):
        return None
    return period_from_options(
        int(year) if year else None, int(fiscal) if fiscal else None, start or None, end or None
    )


def _same_name(a: str, b: str) -> bool:
    return clean_area_name(a).replace(" ", "") == clean_area_name(b).replace(" ", "")


def in_area(
    group: GroupRecord,
    *,
    district_code: str | None,
    province_code: str | None,
    names: tuple[str, str],
) -> bool:
    """Whether a group belongs to the report's district (or province), by code, else by name."""
    district_name, province_name = names
    if district_code:
        if group.district_code:
            return group.district_code == district_code
        if group.district:
            same_province = not group.province or _same_name(group.province, province_name)
            return _same_name(group.district, district_name) and same_province
        return True
    if group.province_code:
        return group.province_code == province_code
    if group.district_code:
        return group.district_code[:2] == province_code
    return not group.province or _same_name(group.province, province_name)


def with_codes(group: GroupRecord, *, district: str = "", province: str = "") -> GroupRecord:
    """Fill DOPA codes (and the canonical names) the province's system keys on, where they resolve."""
    if group.subdistrict_code and group.district_code and group.province_code:
        return group
    place = resolve_place(
        group.subdistrict, group.district or district, group.province or province, moo=group.moo
    )
    return replace(
        group,
        subdistrict=group.subdistrict or place.subdistrict,
        district=group.district or place.district,
        province=group.province or place.province,
        subdistrict_code=group.subdistrict_code or (place.subdistrict_code or ""),
        district_code=group.district_code or (place.district_code or ""),
        province_code=group.province_code or (place.province_code or ""),
    )


def records_from_rows(rows: Sequence[Mapping[str, Any]]) -> list[GroupRecord]:
    """Groups from dicts with the batch input keys (group_name, subdistrict, members, established ...)."""
    out: list[GroupRecord] = []
    for row in rows:
        established = row.get("established")
        try:
            day = parse_date(established) if established else None
        except DateParseError:
            day = None
        members = thai_to_arabic_digits(str(row.get("members") or "0")).replace(",", "").strip()
        out.append(
            GroupRecord(
                name=str(row.get("group_name") or row.get("name") or ""),
                moo=str(row.get("moo") or ""),
                subdistrict=str(row.get("subdistrict") or ""),
                district=str(row.get("district") or ""),
                province=str(row.get("province") or ""),
                members=int(members) if members.isdigit() else 0,
                chair=str(row.get("chair") or ""),
                main_activity=str(row.get("main_activity") or ""),
                established=day,
                certificate_no=str(row.get("certificate_no") or ""),
                district_code=str(row.get("district_code") or ""),
                province_code=str(row.get("province_code") or ""),
            )
        )
    return out


def make_report(
    groups: Sequence[GroupRecord],
    applications: Sequence[ApplicationRecord] | None,
    period: Period,
    out_docx: Path,
    *,
    district_code: str | None = None,
    province_code: str | None = None,
    xlsx: Path | None = None,
    csv: Path | None = None,
    pdf: Path | None = None,
    converter: Converter | None = None,
    report_date: dt.date | None = None,
    officer_name: str = "",
    ref_no: str = "",
    notes: Sequence[str] = (),
    thai_digits: bool = False,
    office: Mapping[str, str] | None = None,
) -> ReportResult:
    """A district's report (district_code) or a province's (province_code) for one period.

    Groups outside the area are left out; the export holds the groups of the period.
    """
    names = area_names(district_code=district_code, province_code=province_code)
    district_name, province_name = names
    if district_code:
        province_code = None
    # Codes first: a sheet's "อ.เมือง" is the capital district only once resolved with its province.
    resolved = [with_codes(g, district=district_name, province=province_name) for g in groups]
    mine = [
        g
        for g in resolved
        if in_area(g, district_code=district_code, province_code=province_code, names=names)
    ]
    figures = compute_figures(
        mine, applications, period, area_level="subdistrict" if district_code else "district"
    )
    docx = render_report(
        figures,
        out_docx,
        district=district_name,
        province=province_name,
        report_date=report_date or today_in_thailand(),
        ref_no=ref_no,
        officer_name=officer_name,
        notes=notes,
        thai_digits=thai_digits,
        office=office,
    )
    result = ReportResult(figures=figures, docx=docx, outside_area=len(groups) - len(mine))
    if xlsx is not None:
        result = replace(result, xlsx=write_xlsx(figures.groups, period.data_year, xlsx))
    if csv is not None:
        result = replace(result, csv=write_csv(figures.groups, period.data_year, csv))
    if pdf is not None:
        if converter is None:
            raise UnusableInput("ต้องมีตัวแปลง PDF (LibreOffice) จึงจะสร้าง PDF ได้")
        converter.convert(docx, pdf)
        result = replace(result, pdf=pdf)
    return result
