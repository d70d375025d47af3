"""docgen CLI: `docgen render KIND|bundle`, `docgen templates list|lint`."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any

import typer

from docgen import pipeline
from docgen.cli.typer_app import app, run, templates_app
from docgen.model import UnusableInput

MAX_DATA_BYTES = 50 * 1024 * 1024


def _read_json(path: Path) -> Any:
    if not path.is_file():
        raise UnusableInput(f"ไม่พบไฟล์ข้อมูล {path}")
    if path.stat().st_size > MAX_DATA_BYTES:
        raise UnusableInput(f"ไฟล์ข้อมูล {path.name} ใหญ่เกิน {MAX_DATA_BYTES // 1024 // 1024} MB")
    deep = UnusableInput(f"ไฟล์ข้อมูล {path.name} ซ้อนกันลึกเกินไป ไม่ใช่ข้อมูลแม่แบบ")
    try:
        value = json.loads(path.read_text(encoding="utf-8-sig"))
    except RecursionError as exc:
        raise deep from exc
    except UnicodeDecodeError as exc:
        raise UnusableInput(f"ไฟล์ข้อมูล {path.name} ไม่ใช่ข้อความ UTF-8") from exc
    except json.JSONDecodeError as exc:
        raise UnusableInput(
            f"ไฟล์ข้อมูล {path.name} ไม่ใช่ JSON ที่ถูกต้อง (บรรทัด {exc.lineno} คอลัมน์ {exc.colno})"
        ) from exc
    if _depth(value) > MAX_DEPTH:
        raise deep
    return value


MAX_DEPTH = 32


def _depth(value: Any) -> int:
    """How deeply lists and objects nest (counted without recursion)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, level)
            if level <= MAX_DEPTH:
                stack.extend(
                    (v, level + 1) for v in (item.values() if isinstance(item, dict) else item)
                )
    return deepest


def _check_out(path: Path, what_th: str) -> None:
    """An output path must name a file, not a folder."""
    if path.is_dir():
        raise UnusableInput(f"{path} เป็นโฟลเดอร์ ต้องระบุชื่อไฟล์{what_th}")


def _converter() -> Any:
    from docgen.render.pdf import SofficeConverter
    from docgen.settings import get_settings

    settings = get_settings()
    return SofficeConverter(settings.soffice, timeout_s=settings.pdf_timeout_s)


@app.command(
    "render",
    help="กรอกแม่แบบเอกสารราชการหนึ่งฉบับจากข้อมูล JSON หรือ KIND=bundle เพื่อสร้างเอกสารคำขอ "
    "ทั้งห้าฉบับของกลุ่มเป็นไฟล์ ZIP / Fill one official template from JSON data, or with "
    "KIND=bundle write a group's five application documents as a ZIP. "
    "KIND: request_form, bylaws, committee_list, member_roster, activity_plan, certificate, "
    "review_memo, district_report, bundle.",
)
def render_command(
    kind: str = typer.Argument(..., help="ชนิดแม่แบบ หรือ bundle / template kind, or bundle"),
    data: Path | None = typer.Option(None, "--data", help="ไฟล์ข้อมูล JSON / the data (JSON)"),
    out: Path = typer.Option(..., "--out", help="ไฟล์ผลลัพธ์ .docx (.zip สำหรับ bundle) / output"),
    pdf: Path | None = typer.Option(
        None, "--pdf", help="สร้าง PDF ด้วย LibreOffice ด้วย / also write a PDF"
    ),
    blank: bool = typer.Option(
        False, "--blank", help="แบบฟอร์มเปล่ามีเส้นประสำหรับกรอกด้วยมือ / blank form, dotted lines"
    ),
    thai_digits: bool = typer.Option(
        False, "--thai-digits", help="พิมพ์ตัวเลขเป็นเลขไทย / print numbers in Thai digits"
    ),
) -> None:
    def body() -> None:
        from docgen.render.registry import get_spec

        _check_out(out, " .zip" if kind == "bundle" else " .docx")
        if pdf is not None:
            _check_out(pdf, " .pdf")
        if kind == "bundle":
            if pdf is not None or blank:
                raise UnusableInput("--pdf และ --blank ใช้กับแม่แบบทีละฉบับ ไม่ใช้กับ bundle")
            if data is None:
                raise UnusableInput("ต้องระบุ --data ไฟล์ข้อมูลกลุ่ม (JSON)")
            from docgen.render.bundle import render_bundle

            written = render_bundle(_read_json(data), out)
            typer.echo(f"เขียนเอกสารคำขอ 5 ฉบับลงใน {written}")
            return
        spec = get_spec(kind)
        if not blank and data is None:
            raise UnusableInput("ต้องระบุ --data ไฟล์ข้อมูล (JSON) หรือใช้ --blank")
        values = None if blank or data is None else _read_json(data)
        with contextlib.ExitStack() as stack:
            converter = stack.enter_context(_converter()) if pdf is not None else None
            written = pipeline.render_document(
                kind,
                values,
                out,
                pdf=pdf,
                converter=converter,
                blank=blank,
                thai_digits=thai_digits,
            )
        typer.echo(f"เขียน{spec.label_th}ลงใน {written}")
        if pdf is not None:
            typer.echo(f"เขียน PDF ลงใน {pdf}")

    run(body)


@templates_app.command(
    "list",
    help="แสดงแม่แบบทั้งหมดพร้อมช่องข้อมูล / list templates with their fields",
)
def templates_list() -> None:
    def body() -> None:
        from docgen.render.registry import TEMPLATES
        from docgen.render.schemas import _submodel

        for spec in TEMPLATES.values():
            typer.echo(f"{spec.kind}\t{spec.label_th}\t{spec.path.name}")
            for name, info in spec.schema.model_fields.items():
                need = "ต้องกรอก" if info.is_required() else "ไม่บังคับ"
                typer.echo(f"    {name}\t{info.title or name}\t({need})")
                sub = _submodel(info.annotation)
                for sub_name, sub_info in sub.model_fields.items() if sub else ():
                    sub_need = "ต้องกรอก" if sub_info.is_required() else "ไม่บังคับ"
                    typer.echo(
                        f"        {name}.{sub_name}\t{sub_info.title or sub_name}\t({sub_need})"
                    )

    run(body)


@templates_app.command(
    "lint",
    help="ตรวจแม่แบบ: ช่องที่ไม่มีในรายการช่อง แท็กที่ Word แยกเป็นหลายช่วง และบล็อกที่ไม่สมดุล "
    "(ไม่ระบุไฟล์ = ตรวจทุกแม่แบบ) / lint templates: unknown fields, tags split across runs, "
    "unbalanced blocks (no PATH: every template).",
)
def templates_lint(
    path: Path | None = typer.Argument(None, help="ไฟล์แม่แบบ .docx / a template"),
    kind: str | None = typer.Option(
        None, "--kind", help="ชนิดแม่แบบ (ค่าเริ่มต้น: ชื่อไฟล์) / template kind (default: file stem)"
    ),
) -> None:
    def body() -> int:
        from docgen.render.lint import lint_all, lint_template

        if path is None:
            results = lint_all()
        else:
            if not path.is_file():
                raise UnusableInput(f"ไม่พบไฟล์ {path}")
            results = {str(path): lint_template(path, kind)}
        failed = 0
        for name, issues in results.items():
            problems = [i for i in issues if i.code != "unknown_kind"]
            notes = [i for i in issues if i.code == "unknown_kind"]
            typer.echo(f"{name}: {'ผ่าน' if not problems else f'พบ {len(problems)} ปัญหา'}")
            for issue in problems + notes:
                typer.echo(f"  - [{issue.code}] {issue}")
            failed += bool(problems)
        return 1 if failed else 0

    code = run(body)
    if code:
        raise typer.Exit(code)
