"""docgen CLI: `docgen check PATH... [--json] [--report OUT.docx]`, the bundle check."""

from __future__ import annotations

from pathlib import Path

import typer

from docgen.cli.check_core import run_check
from docgen.cli.typer_app import app, run


@app.command(
    "check",
    help="ตรวจชุดเอกสารขอใบรับรองของกลุ่มหนึ่งกลุ่ม (ไฟล์ .zip โฟลเดอร์ หรือหลายไฟล์) "
    "ออกรหัส 0 เมื่อครบถ้วน 1 เมื่อพบข้อผิดพลาด 2 เมื่อใช้ข้อมูลไม่ได้ / "
    "Check one group's application bundle (a .zip, a folder or several files). "
    "Exit 0 when complete, 1 when errors are found, 2 when the input is unusable.",
)
def check_command(
    paths: list[Path] = typer.Argument(
        ..., help="ไฟล์ .zip โฟลเดอร์ หรือไฟล์เอกสาร / a .zip, a folder, or document files"
    ),
    as_json: bool = typer.Option(
        False, "--json", help="พิมพ์รายงานเป็น JSON / print the report as JSON"
    ),
    report_out: Path | None = typer.Option(
        None,
        "--report",
        help="เขียนบันทึกเสนอความเห็นของ นสว. (.docx) / also write the officer's review memo (.docx)",
    ),
) -> None:
    code = run(lambda: run_check(paths, as_json, report_out))
    raise typer.Exit(code)
