"""docgen CLI: batch commands (`docgen batch certificates`)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import typer

from docgen.cli.typer_app import batch_app, run


def _registry(officer: str) -> tuple[object, Any]:
    """Certificate numbers from the registry (SQLite in DOCGEN_DATA_DIR by default), and each
    district office's render fields from its profile there (name, address, signer, emblem;
    `officer` signs where the profile names nobody)."""
    from docgen.registry.db import make_engine, make_session_factory, migrate
    from docgen.registry.numbering import RegistryNumberer
    from docgen.registry.office import office_fields
    from docgen.settings import get_settings, open_settings_store
    from docgen.storage import local_file_of

    settings = get_settings()
    engine = make_engine(settings.resolved_database_url)
    migrate(engine)
    sessions = make_session_factory(engine)
    # The emblem as a local file for the renderer: the data folder's own, or a copy from
    # the S3 store kept in the data folder's work/cli-office/ (as `docgen report` does).
    emblem = local_file_of(
        open_settings_store(settings), settings.resolved_data_dir / "work" / "cli-office"
    )

    def office_of(district_code: str) -> dict[str, str]:
        with sessions() as session:
            return office_fields(session, district_code, emblem, signer_name=officer)

    return RegistryNumberer(sessions, issued_by="docgen batch certificates"), office_of


@batch_app.command("certificates")
def certificates(
    input_path: Path = typer.Option(
        ...,
        "--input",
        help="ไฟล์รายชื่อกลุ่ม .csv หรือ .xlsx / groups file (CSV or XLSX, Thai or English headers)",
    ),
    out: Path = typer.Option(
        ..., "--out", help="โฟลเดอร์ปลายทาง / output folder for the DOCX (and PDF) files"
    ),
    pdf: bool = typer.Option(
        False, "--pdf", help="รวมเป็น PDF ไฟล์เดียวพร้อมพิมพ์ / also write one merged certificates.pdf"
    ),
    workers: int = typer.Option(
        2, "--workers", min=1, max=16, help="จำนวน LibreOffice ที่ทำงานพร้อมกัน / parallel converters"
    ),
    officer: str = typer.Option(
        "",
        "--officer",
        help="ชื่อเกษตรอำเภอผู้ลงนาม (ว่าง = เว้นไว้เขียนเอง) / signing officer's name",
    ),
    issue_date: str = typer.Option(
        "",
        "--issue-date",
        help="วันที่ออกใบรับรอง เช่น 15 ตุลาคม 2569 (ว่าง = วันนี้) / date of issue (default today)",
    ),
) -> None:
    """ออกใบรับรองทีละหลายกลุ่ม: หนึ่งแถวต่อหนึ่งใบ / one certificate per row of the input.

    เลขที่ใบรับรองที่กรอกไว้ในไฟล์ใช้ตามนั้นและบันทึกในทะเบียน หากทะเบียนออกเลขนั้นให้กลุ่มอื่นแล้ว
    จะแจ้งเป็นแถวที่ผิด; ช่องที่ว่างได้เลขถัดไปของอำเภอ (ข้ามเลขที่กรอกไว้แล้ว ไม่ซ้ำ ไม่ข้าม).
    A number given in the file is kept and recorded; one the registry issued to another group
    is a bad row; empty cells get the district's next free numbers.
    """

    def body() -> None:
        from docgen.model import UnusableInput
        from docgen.pipeline import batch_certificates
        from docgen.settings import get_settings
        from docgen.thai.dates import DateParseError, parse_date

        when = None
        if issue_date:
            try:
                when = parse_date(issue_date)
            except DateParseError as exc:
                raise UnusableInput(f"วันที่ออกใบรับรองไม่ถูกต้อง: {exc}") from exc
        if out.exists() and not out.is_dir():
            raise UnusableInput(f"{out} เป็นไฟล์ ต้องระบุโฟลเดอร์ปลายทางสำหรับใบรับรอง")
        settings = get_settings()
        numberer, office_of = _registry(officer)
        with _progress_bar(pdf) as on_progress:
            result = batch_certificates(
                input_path,
                out,
                numberer=numberer,  # type: ignore[arg-type]
                pdf=pdf,
                workers=workers,
                on_progress=on_progress,
                issue_date=when,
                officer_name=officer,
                office_of=office_of,
                soffice=settings.soffice,
                profile_root=settings.resolved_data_dir / "soffice-profiles",
                timeout_s=max(settings.pdf_timeout_s, 300.0),
            )
        typer.echo(f"สร้างใบรับรอง {result.count} ฉบับ ไว้ที่ {result.out_dir}")
        if result.pdf is not None:
            typer.echo(f"PDF รวมพร้อมพิมพ์: {result.pdf}")
        typer.echo(f"{result.count} certificates in {result.seconds:.1f} s")

    run(body)


class _progress_bar:
    """A Rich progress bar on the terminal (stderr); elsewhere (a pipe, a log) a plain line on
    stderr at each tenth of the way."""

    def __init__(self, pdf: bool) -> None:
        self.pdf = pdf
        self._progress: Any = None
        self._task: Any = None

    def __enter__(self):  # type: ignore[no-untyped-def]
        if not sys.stderr.isatty():
            label = "สร้างใบรับรองและ PDF" if self.pdf else "สร้างใบรับรอง"
            shown = {"step": -1}

            def on_line(done: int, total: int) -> None:
                step = done * 10 // total if total else 10
                if step > shown["step"]:
                    shown["step"] = step
                    typer.echo(f"{label} {done}/{total}", err=True)

            return on_line
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

        self._progress = Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self._progress.start()
        label = "สร้างใบรับรองและ PDF" if self.pdf else "สร้างใบรับรอง"
        self._task = self._progress.add_task(label, total=None)

        def on_progress(done: int, total: int) -> None:
            assert self._progress is not None and self._task is not None
            self._progress.update(self._task, completed=done, total=total)

        return on_progress

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()
