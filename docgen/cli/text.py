"""docgen CLI: `docgen text FILE`, the text docgen reads from one document."""

from __future__ import annotations

from pathlib import Path

import typer

from docgen.cli.app import app, run


@app.command(
    "text",
    help="แสดงข้อความที่ระบบอ่านได้จากเอกสารหนึ่งไฟล์ (DOCX, XLSX, CSV, PDF): ย่อหน้าก่อน "
    "แล้วตามด้วยตาราง แถวละบรรทัด คั่นช่องด้วยแท็บ / Print the text docgen reads from one "
    "document (DOCX, XLSX, CSV, PDF): paragraphs, then tables as tab-separated rows.",
)
def text_command(
    file: Path = typer.Argument(..., help="ไฟล์เอกสาร / the document file"),
) -> None:
    def body() -> None:
        from docgen.pipeline import document_text

        typer.echo(document_text(file))

    run(body)
