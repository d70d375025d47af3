"""docgen CLI: report commands (`docgen report district`, `docgen report province`)."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

import typer

from docgen.cli.typer_app import report_app, run

_YEAR_HELP = "ปี พ.ศ. (ม.ค.–ธ.ค.) เช่น 2569 / Buddhist calendar year"
_FISCAL_HELP = "ปีงบประมาณ พ.ศ. (1 ต.ค.–30 ก.ย.) เช่น 2569 / fiscal year Oct–Sep"
_FROM_HELP = "วันที่เริ่มต้น เช่น 1 ตุลาคม 2568 หรือ 2025-10-01 / first day of a date range"
_TO_HELP = "วันที่สิ้นสุด (นับรวม) / last day of the range (included)"
_INPUT_HELP = (
    "ใช้ข้อมูลจากไฟล์ .csv/.xlsx แทนทะเบียน (แบบฟอร์มของจังหวัดหรือไฟล์งานชุด) / "
    "read groups from this workbook instead of the registry"
)


def _converter() -> Any:
    from docgen.render.pdf import SofficeConverter
    from docgen.settings import get_settings

    settings = get_settings()
    return SofficeConverter(settings.soffice, timeout_s=settings.pdf_timeout_s)


def _run_report(
    *,
    district: str | None,
    province: str | None,
    year: int | None,
    fiscal_year: int | None,
    date_from: str | None,
    date_to: str | None,
    input_path: Path | None,
    out: Path,
    xlsx: Path | None,
    csv: Path | None,
    pdf: Path | None,
    officer: str,
    ref_no: str = "",
    thai_digits: bool = False,
) -> None:
    from docgen import pipeline
    from docgen.model import UnusableInput
    from docgen.reports.service import period_from_options

    if out.suffix.lower() != ".docx":
        raise UnusableInput("ไฟล์รายงาน (--out) ต้องลงท้ายด้วย .docx")
    if xlsx is not None and xlsx.suffix.lower() != ".xlsx":
        raise UnusableInput("ไฟล์ส่งออก (--xlsx) ต้องลงท้ายด้วย .xlsx")
    period = period_from_options(year, fiscal_year, date_from, date_to)
    groups: Any = None
    office: dict[str, str] = {}
    applications = None
    if input_path is not None:
        from docgen.reports.export import read_groups

        groups = read_groups(input_path)
    else:
        groups, applications, office = _registry_records(district, province, officer)
        officer = office.get("signer_name") or officer

    with _converter() if pdf is not None else contextlib.nullcontext() as converter:
        result = pipeline.district_report(
            district or "",
            None,
            groups,
            out,
            xlsx=xlsx,
            csv=csv,
            pdf=pdf,
            converter=converter,
            period=period,
            applications=applications,
            province_code=province,
            officer_name=officer,
            ref_no=ref_no,
            thai_digits=thai_digits,
            office=office,
        )
    fig = result.figures
    typer.echo(
        f"{fig.period.label_th}: {fig.total_groups} กลุ่ม สมาชิก {fig.total_members} ราย"
        + (
            f" คำขอ {fig.received} (ส่งคืน {fig.returned} รอพิจารณา {fig.pending})"
            if fig.has_applications
            else ""
        )
    )
    if result.outside_area:
        where = "จังหวัด" if province else "อำเภอ"
        typer.echo(f"ข้าม {result.outside_area} กลุ่มที่อยู่นอก{where}นี้")
    for path in (result.docx, result.pdf, result.xlsx, result.csv):
        if path is not None:
            typer.echo(f"เขียน {path}")


def _registry_records(
    district: str | None, province: str | None, officer: str = ""
) -> tuple[Any, Any, dict[str, str]]:
    """Groups and applications from the registry, and the district office's render fields."""
    from docgen.registry.db import make_engine, make_session_factory, migrate
    from docgen.registry.office import office_fields
    from docgen.registry.reports_query import report_records
    from docgen.settings import get_settings, open_settings_store
    from docgen.storage import local_file_of

    settings = get_settings()
    engine = make_engine(settings.resolved_database_url)
    try:
        migrate(engine)
        with make_session_factory(engine)() as session:
            if province:
                return (*report_records(session, province_code=province), {})
            # The emblem as a local file for the renderer: the data folder's own, or a copy
            # from the S3 store kept in the data folder's work/cli-office/.
            emblem = local_file_of(
                open_settings_store(settings), settings.resolved_data_dir / "work" / "cli-office"
            )
            office = office_fields(session, district, emblem, signer_name=officer)
            return (*report_records(session, district_code=district), office)
    finally:
        engine.dispose()


@report_app.command("district")
def district_cmd(
    district: str = typer.Option(..., "--district", help="รหัสอำเภอ 4 หลัก เช่น 4001 / DOPA code"),
    year: int | None = typer.Option(None, "--year", help=_YEAR_HELP),
    fiscal_year: int | None = typer.Option(None, "--fiscal-year", help=_FISCAL_HELP),
    date_from: str | None = typer.Option(None, "--from", help=_FROM_HELP),
    date_to: str | None = typer.Option(None, "--to", help=_TO_HELP),
    input_path: Path | None = typer.Option(None, "--input", help=_INPUT_HELP),
    out: Path = typer.Option(..., "--out", help="ไฟล์รายงาน .docx / the report (DOCX)"),
    xlsx: Path | None = typer.Option(
        None, "--xlsx", help="ไฟล์ส่งจังหวัด .xlsx / export for the province (XLSX)"
    ),
    csv: Path | None = typer.Option(None, "--csv", help="ไฟล์ส่งจังหวัด .csv / the export as CSV"),
    pdf: Path | None = typer.Option(None, "--pdf", help="รายงานเป็น PDF ด้วย / also a PDF"),
    officer: str = typer.Option("", "--officer", help="ชื่อเกษตรอำเภอผู้ลงนาม / signing officer"),
    ref_no: str = typer.Option("", "--ref", help="เลขที่หนังสือ เช่น ขก 0012/310 / letter number"),
    thai_digits: bool = typer.Option(
        False, "--thai-digits", help="พิมพ์ตัวเลขเป็นเลขไทย / print numbers in Thai digits"
    ),
) -> None:
    """รายงานการจัดตั้งกลุ่มของอำเภอถึงจังหวัด / the district's report to the province."""
    run(
        lambda: _run_report(
            district=district.strip(),
            province=None,
            year=year,
            fiscal_year=fiscal_year,
            date_from=date_from,
            date_to=date_to,
            input_path=input_path,
            out=out,
            xlsx=xlsx,
            csv=csv,
            pdf=pdf,
            officer=officer,
            ref_no=ref_no,
            thai_digits=thai_digits,
        )
    )


@report_app.command("province")
def province_cmd(
    province: str = typer.Option(..., "--province", help="รหัสจังหวัด 2 หลัก เช่น 40 / DOPA code"),
    year: int | None = typer.Option(None, "--year", help=_YEAR_HELP),
    fiscal_year: int | None = typer.Option(None, "--fiscal-year", help=_FISCAL_HELP),
    date_from: str | None = typer.Option(None, "--from", help=_FROM_HELP),
    date_to: str | None = typer.Option(None, "--to", help=_TO_HELP),
    input_path: Path | None = typer.Option(None, "--input", help=_INPUT_HELP),
    out: Path = typer.Option(..., "--out", help="ไฟล์รายงาน .docx / the report (DOCX)"),
    xlsx: Path | None = typer.Option(None, "--xlsx", help="ข้อมูลกลุ่มทั้งจังหวัด .xlsx / export"),
    csv: Path | None = typer.Option(None, "--csv", help="ข้อมูลเป็น .csv / the export as CSV"),
    pdf: Path | None = typer.Option(None, "--pdf", help="รายงานเป็น PDF ด้วย / also a PDF"),
    officer: str = typer.Option("", "--officer", help="ชื่อเกษตรจังหวัดผู้ลงนาม / signing officer"),
    ref_no: str = typer.Option("", "--ref", help="เลขที่หนังสือ / letter number"),
    thai_digits: bool = typer.Option(
        False, "--thai-digits", help="พิมพ์ตัวเลขเป็นเลขไทย / print numbers in Thai digits"
    ),
) -> None:
    """รายงานการจัดตั้งกลุ่มของจังหวัด จำแนกตามอำเภอ / the province's report, by district."""
    run(
        lambda: _run_report(
            district=None,
            province=province.strip(),
            year=year,
            fiscal_year=fiscal_year,
            date_from=date_from,
            date_to=date_to,
            input_path=input_path,
            out=out,
            xlsx=xlsx,
            csv=csv,
            pdf=pdf,
            officer=officer,
            ref_no=ref_no,
            thai_digits=thai_digits,
        )
    )
