"""`docgen render` and `docgen templates list|lint` as people call them."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from docx import Document
from typer.testing import CliRunner

from docgen.cli import app
from docgen.render.linebreak import plain_text

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "data"
runner = CliRunner()


def test_render_one_template(tmp_path: Path) -> None:
    out = tmp_path / "c.docx"
    result = runner.invoke(
        app,
        ["render", "certificate", "--data", str(SAMPLES / "certificate.json"), "--out", str(out)],
    )
    assert result.exit_code == 0, result.output
    text = plain_text("\n".join(p.text for p in Document(str(out)).paragraphs))
    assert "กลุ่มปลูกผักปลอดภัยบ้านท่าพระ" in text


def test_bad_data_exits_2_naming_each_field(tmp_path: Path) -> None:
    data = json.loads((SAMPLES / "member_roster.json").read_text(encoding="utf-8"))
    data["members"][1]["name"] = ""
    data["listed_date"] = "เมื่อวาน"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = runner.invoke(
        app, ["render", "member_roster", "--data", str(bad), "--out", str(tmp_path / "x.docx")]
    )
    assert result.exit_code == 2
    assert "สมาชิก › ลำดับที่ 2 › ชื่อ-สกุล" in result.output
    assert "วันที่จัดทำ" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "x.docx").exists()


def test_unusable_inputs_exit_2(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{ not json", encoding="utf-8")
    for args in (
        ["render", "certificate", "--data", str(broken), "--out", str(tmp_path / "a.docx")],
        [
            "render",
            "certificate",
            "--data",
            str(tmp_path / "none.json"),
            "--out",
            str(tmp_path / "a.docx"),
        ],
        [
            "render",
            "receipt",
            "--data",
            str(SAMPLES / "certificate.json"),
            "--out",
            str(tmp_path / "a.docx"),
        ],
    ):
        result = runner.invoke(app, args)
        assert result.exit_code == 2, args
        assert "ข้อผิดพลาด" in result.output


def test_render_bundle_zips_five_documents(tmp_path: Path) -> None:
    out = tmp_path / "bundle.zip"
    result = runner.invoke(
        app, ["render", "bundle", "--data", str(SAMPLES / "group.json"), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(out) as archive:
        infos = archive.infolist()
    assert [i.filename for i in infos] == [
        "01 หนังสือคำขอใบรับรองการจัดตั้งกลุ่ม.docx",
        "02 ข้อบังคับกลุ่ม.docx",
        "03 รายชื่อคณะกรรมการ.docx",
        "04 บัญชีรายชื่อสมาชิก.docx",
        "05 แผนงานกิจกรรมของกลุ่ม.docx",
    ]
    assert all(i.flag_bits & 0x800 for i in infos)  # UTF-8 names


def test_blank_form(tmp_path: Path) -> None:
    out = tmp_path / "blank.docx"
    result = runner.invoke(app, ["render", "request_form", "--blank", "--out", str(out)])
    assert result.exit_code == 0, result.output
    text = plain_text("\n".join(p.text for p in Document(str(out)).paragraphs))
    assert "ชื่อกลุ่ม ......" in text


def test_templates_list_and_lint() -> None:
    listed = runner.invoke(app, ["templates", "list"])
    assert listed.exit_code == 0
    assert "certificate\tใบรับรองการจัดตั้งกลุ่มส่งเสริมอาชีพการเกษตร" in listed.output
    assert "certificate_no\tเลขที่ใบรับรอง" in listed.output
    linted = runner.invoke(app, ["templates", "lint"])
    assert linted.exit_code == 0, linted.output
    assert linted.output.count("ผ่าน") == 8


def test_lint_of_a_broken_template_exits_1(tmp_path: Path) -> None:
    doc = Document()
    par = doc.add_paragraph()
    par.add_run("{{ group")
    par.add_run("_name }}")
    path = tmp_path / "certificate.docx"
    doc.save(str(path))
    result = runner.invoke(app, ["templates", "lint", str(path)])
    assert result.exit_code == 1
    assert "split_tag" in result.output


def test_pdf_without_libreoffice_is_a_thai_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from docgen.settings import get_settings

    monkeypatch.setenv("DOCGEN_SOFFICE", str(tmp_path / "no-soffice"))
    get_settings.cache_clear()
    try:
        result = runner.invoke(
            app,
            [
                "render",
                "certificate",
                "--data",
                str(SAMPLES / "certificate.json"),
                "--out",
                str(tmp_path / "c.docx"),
                "--pdf",
                str(tmp_path / "c.pdf"),
            ],
        )
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 2
    assert "ไม่พบโปรแกรม LibreOffice" in result.output
    assert (tmp_path / "c.docx").is_file() and not (tmp_path / "c.pdf").exists()
