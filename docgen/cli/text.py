"""docgen CLI: `docgen text FILE`, the text docgen reads from one document."""

from __future__ import annotations

from pathlib import Path

import typer

from docgen.cli.typer_app import app, run


@app.command(
    "text",
    help="แสดงข้อความที่ระบบอ่านได้จากเอกสารหนึ่งไฟล์ (DOCX, DOC, ODT, RTF, PDF, XLSX, XLS, "
    "ODS, CSV): ย่อหน้าก่อน แล้วตามด้วยตาราง แถวละบรรทัด คั่นช่องด้วยแท็บ / Print the text "
    "docgen reads from one document (DOCX, DOC, ODT, RTF, PDF, XLSX, XLS, ODS, CSV): "
    "paragraphs, then tables as tab-separated rows.",
)
def text_command(
    file: Path = typer.Argument(..., help="ไฟล์เอกสาร / the document file"),
) -> None:
    def body() -> None:
        from docgen.intake.convert import SofficeDocumentConverter
        from docgen.pipeline import document_text
        from docgen.settings import get_settings

        settings = get_settings()
        with SofficeDocumentConverter(settings.soffice, settings.pdf_timeout_s) as converter:
            typer.echo(document_text(file, converter=converter))

    run(body)
