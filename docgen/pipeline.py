"""The verbs the doors call (CLI, web, workers): check a bundle, read a file's text, render."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docgen.intake.bundle import BundleLimits, open_bundle
from docgen.intake.continued import join_continuations
from docgen.intake.convert import convert_legacy
from docgen.intake.extract import extract
from docgen.intake.ocr.findings import with_ocr_findings
from docgen.intake.readers import read_document
from docgen.intake.split import classify_parts
from docgen.model import (
    CheckReport,
    ClassifiedFile,
    DocgenError,
    DocKind,
    Finding,
    Severity,
    SourceFile,
    UnreadableFile,
    UnusableInput,
)
from docgen.rules import distinct_members, run_rules

if TYPE_CHECKING:
    from docgen.intake.convert import DocumentConverter
    from docgen.render.pdf import PdfConverter


def check_bundle(
    paths: Sequence[Path],
    workdir: Path | None = None,
    *,
    limits: BundleLimits | None = None,
    converter: DocumentConverter | None = None,
    progress: Callable[[int, int], None] | None = None,
    page_images: Path | None = None,
) -> CheckReport:
    """Open, read, classify, extract and check one bundle. A bad bundle is a report, not an error.

    `workdir` receives unpacked archive entries; a temporary folder is used (and removed) if None.
    `converter` (LibreOffice, from the door) turns .doc/.xls/.rtf/.odt/.ods into DOCX/XLSX
    first; without it such files are unreadable with a Thai message saying what to send.
    Scans and photos are read by OCR: `progress(done, total)` is called after each page, and
    with `page_images` each page image read is kept there (named in `documents[].page_images`).
    """
    if workdir is None:
        with tempfile.TemporaryDirectory(prefix="docgen-check-") as tmp:
            return check_bundle(
                paths,
                Path(tmp),
                limits=limits,
                converter=converter,
                progress=progress,
                page_images=page_images,
            )

    from docgen.intake import ocr

    opened = open_bundle(paths, workdir, limits or BundleLimits())
    intake_findings: list[Finding] = list(opened.findings)
    classified: list[ClassifiedFile] = []
    converted = convert_legacy(opened.files, converter, workdir)
    pages = ocr.Progress(report=progress)
    if progress is not None:
        pages.total = sum(ocr.scan_page_count(source.path) for source in opened.files)
    for number, source in enumerate(opened.files, start=1):
        options = ocr.OcrOptions(page_images, f"{number:02d}", pages)
        token = ocr.current_options.set(options)
        try:
            readable = converted.get(source.name, source)
            if isinstance(readable, UnreadableFile):
                raise readable
            content = read_document(readable)
        except UnreadableFile as exc:
            intake_findings.append(
                Finding(
                    code="UNREADABLE_FILE",
                    severity=Severity.ERROR,
                    message=exc.message_th,
                    file=source.name,
                )
            )
            classified.append(ClassifiedFile(source, DocKind.UNKNOWN, None))
            continue
        finally:
            ocr.current_options.reset(token)
        classified.extend(classify_parts(source, content))  # one file may hold several documents

    classified = join_continuations(classified)  # one document photographed as several files
    bundle = extract(classified, intake_findings)
    findings = with_ocr_findings(bundle, run_rules(bundle))
    return CheckReport(bundle=bundle, findings=tuple(findings), members=distinct_members(bundle))


def document_text(path: Path, *, converter: DocumentConverter | None = None) -> str:
    """The text docgen reads from one document, after Thai repair (`docgen text`)."""
    from docgen.intake.readers import read_path

    path = Path(path)
    if path.is_file():
        with tempfile.TemporaryDirectory(prefix="docgen-text-") as tmp:
            source = SourceFile(path.name, path, path.stat().st_size)
            readable = convert_legacy([source], converter, Path(tmp)).get(source.name, source)
            if isinstance(readable, UnreadableFile):
                raise readable
            return read_document(readable).text
    return read_path(path).text


def render_document(
    kind: str,
    data: Mapping[str, Any] | None,
    out_docx: Path,
    *,
    pdf: Path | None = None,
    converter: PdfConverter | None = None,
    blank: bool = False,
    thai_digits: bool = False,
) -> Path:
    """Fill one official template (`docgen render KIND`); with `pdf`, also print it through
    `converter`. `blank` gives the form with dotted lines. Bad data raises UnusableInput
    naming every bad field. Returns the DOCX written."""
    from docgen.render.engine import render_blank, render_docx

    if blank:
        written = render_blank(kind, out_docx)
    else:
        if data is None:
            raise UnusableInput("ต้องระบุข้อมูล (JSON) หรือขอแบบฟอร์มเปล่า")
        written = render_docx(kind, data, out_docx, thai_digits=thai_digits)
    if pdf is not None:
        if converter is None:
            raise DocgenError("ไม่มีตัวแปลง PDF (LibreOffice) สำหรับงานนี้")
        converter.convert(written, pdf)
    return written


def district_report(
    district_code: str,
    be_year: int | None,
    groups: Sequence[Any] | None,
    out_docx: Path,
    *,
    xlsx: Path | None = None,
    csv: Path | None = None,
    pdf: Path | None = None,
    converter: Any = None,
    period: Any = None,
    applications: Sequence[Any] | None = None,
    province_code: str | None = None,
    officer_name: str = "",
    session: Any = None,
    ref_no: str = "",
    thai_digits: bool = False,
    office: Any = None,
) -> Any:
    """The district's report to the province (or, with `province_code`, the province's report).

    `groups`: `docgen.reports.figures.GroupRecord`s (from `docgen.registry.reports_query` or
    `docgen.reports.export.read_groups`) or dicts with the batch input keys. `period` (a
    `docgen.reports.figures.Period`) wins over `be_year`. With `groups` None and a registry
    `session`, groups and applications come from the registry. `office`: the shared render
    fields of the issuing office (`docgen.registry.office.OfficeProfile.render_fields`).
    Returns a `ReportResult`.
    """
    from docgen.reports.figures import GroupRecord, Period
    from docgen.reports.service import make_report, records_from_rows

    if groups is None and session is not None:
        from docgen.registry.reports_query import report_records

        if province_code:
            groups, applications = report_records(session, province_code=province_code)
        else:
            groups, applications = report_records(session, district_code=district_code)
    records = [g for g in groups or () if isinstance(g, GroupRecord)]
    records += records_from_rows([g for g in groups or () if not isinstance(g, GroupRecord)])
    if period is None:
        if not be_year:
            raise UnusableInput("ต้องระบุปี พ.ศ. หรือช่วงเวลาของรายงาน")
        period = Period.be_year(int(be_year))
    return make_report(
        records,
        applications,
        period,
        out_docx,
        district_code=None if province_code else district_code,
        province_code=province_code,
        xlsx=xlsx,
        csv=csv,
        pdf=pdf,
        converter=converter,
        officer_name=officer_name,
        ref_no=ref_no,
        thai_digits=thai_digits,
        office=office,
    )


def batch_certificates(input_path: Path, out_dir: Path, **options: Any) -> Any:
    """One certificate per row of a CSV/XLSX (`docgen batch certificates`): DOCX files in input
    order and, with `pdf=True`, one merged PDF. Options and result: `docgen.render.batch`."""
    from docgen.render.batch import batch_certificates as run_batch

    return run_batch(input_path, out_dir, **options)
