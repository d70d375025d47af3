"""`docgen text FILE`: prints what docgen reads; a bad or missing file is exit 2 with one Thai sentence."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from typer.testing import CliRunner

from docgen.cli import app


def test_text_prints_paragraphs_then_tables(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active.append(["ลำดับ", "ชื่อ-สกุล"])
    wb.active.append([1, "นายสมชาย ใจดี"])
    path = tmp_path / "สมาชิก.xlsx"
    wb.save(path)
    result = CliRunner().invoke(app, ["text", str(path)])
    assert result.exit_code == 0
    assert result.stdout.splitlines() == ["ลำดับ\tชื่อ-สกุล", "1\tนายสมชาย ใจดี"]


def test_text_of_an_unreadable_or_missing_file_exits_2(tmp_path: Path) -> None:
    old = tmp_path / "ข้อบังคับ.doc"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    result = CliRunner().invoke(app, ["text", str(old)])
    assert result.exit_code == 2
    assert ".docx" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    missing = CliRunner().invoke(app, ["text", str(tmp_path / "ไม่มี.csv")])
    assert missing.exit_code == 2
    assert "ไม่พบไฟล์" in missing.stderr
