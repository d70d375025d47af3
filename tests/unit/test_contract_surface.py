"""Contract probes turned tests: what an outside checker writing its own data would notice."""

from __future__ import annotations

import json
from pathlib import Path

from docx import Document
from typer.testing import CliRunner

from docgen.cli import app  # every command registered
from docgen.render.linebreak import plain_text
from docgen.render.lint import lint_template

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "data"
runner = CliRunner()


def _sample(kind: str) -> dict:
    return json.loads((SAMPLES / f"{kind}.json").read_text(encoding="utf-8"))


def _text(path: Path) -> str:
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        parts += [c.text for row in table.rows for c in row.cells]
    return plain_text("\n".join(parts))


def _render(tmp_path: Path, kind: str, data: dict) -> tuple[int, str, Path]:
    src = tmp_path / "data.json"
    src.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "out.docx"
    result = runner.invoke(app, ["render", kind, "--data", str(src), "--out", str(out)])
    return result.exit_code, result.output, out


def test_counts_in_thai_digits_and_with_unit_are_read(tmp_path: Path) -> None:
    data = _sample("certificate") | {"member_count": "๑๔", "extra_key": 1}
    code, output, out = _render(tmp_path, "certificate", data)
    assert code == 0, output
    assert "จำนวนสมาชิก 14 ราย" in _text(out)
    data = _sample("request_form") | {"member_count": "1,250 ราย"}
    code, output, out = _render(tmp_path, "request_form", data)
    assert code == 0, output
    data = _sample("activity_plan")
    data["activities"][0]["budget"] = "๕,๐๐๐ บาท"
    code, output, out = _render(tmp_path, "activity_plan", data)
    assert code == 0, output
    assert "5,000" in _text(out)


def test_bad_fields_sentence_first_then_each_field_by_thai_label_and_key(tmp_path: Path) -> None:
    data = _sample("certificate") | {"member_count": "สิบสี่", "issue_date": "วันไหนก็ได้"}
    code, output, out = _render(tmp_path, "certificate", data)
    assert code == 2
    lines = output.strip().splitlines()
    assert lines[0].startswith("ข้อผิดพลาด:") and "2 รายการ" in lines[0]
    assert any("จำนวนสมาชิก" in line and "member_count" in line for line in lines[1:])
    assert any("วันที่ออกใบรับรอง" in line and "issue_date" in line for line in lines[1:])
    assert "Traceback" not in output and not out.exists()


def test_lint_unknown_field_in_file_of_unknown_kind_and_behind_unbalanced_block(
    tmp_path: Path,
) -> None:
    doc = Document()
    doc.add_paragraph("{{ group_name }} {{ no_such_field }}")
    doc.add_paragraph("{% for m in members %}{{ m.name }}")
    path = tmp_path / "mine.docx"
    doc.save(str(path))
    codes = [i.code for i in lint_template(path)]
    assert "syntax" in codes and "unknown_field" in codes
    assert sum(c == "unknown_field" for c in codes) == 1  # group_name and the loop's m are known
    result = runner.invoke(app, ["templates", "lint", str(path)])
    assert result.exit_code == 1
    assert "no_such_field" in result.output


def test_bad_arguments_give_one_thai_sentence_and_exit_2(tmp_path: Path) -> None:
    import subprocess
    import sys

    def docgen(*args: str) -> subprocess.CompletedProcess[str]:
        code = "import sys; from docgen.cli import main; sys.argv[0] = 'docgen'; main()"
        return subprocess.run(
            [sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=60
        )

    for args in (
        ["render", "certificate"],
        ["nosuch"],
        ["batch", "certificates", "--workers", "0"],
    ):
        done = docgen(*args)
        assert done.returncode == 2, (args, done.stderr)
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("ข้อผิดพลาด:"), done.stderr
        assert "Traceback" not in done.stderr and "╭" not in done.stderr
    assert docgen("--help").returncode == 0
    lint = docgen("templates", "lint", str(tmp_path / "missing.docx"))
    assert lint.returncode == 2 and lint.stderr.startswith("ข้อผิดพลาด:")


BATCH_HEADER = "ชื่อกลุ่ม,ตำบล,อำเภอ,จังหวัด,จำนวนสมาชิก,ประธาน,วันที่จัดตั้ง,เลขที่ใบรับรอง\n"


def _batch_rows(tmp_path: Path, body: str) -> list:
    import datetime as dt

    from docgen.render.batch import read_certificate_rows

    src = tmp_path / "groups.csv"
    src.write_text(BATCH_HEADER + body, encoding="utf-8")
    return read_certificate_rows(src, issue_date=dt.date(2026, 11, 2))


def test_assigned_certificate_numbers_never_repeat_given_ones(tmp_path: Path) -> None:
    from docgen.render.batch import InMemoryNumberer, assign_numbers

    rows = _batch_rows(
        tmp_path,
        "กลุ่มปลูกผักบ้านท่าพระ,ท่าพระ,เมืองขอนแก่น,ขอนแก่น,14,นายก ข,15 ตุลาคม 2569,1/2569\n"
        "กลุ่มปลูกผักบ้านโนน,ท่าพระ,เมืองขอนแก่น,ขอนแก่น,12,นายค ง,15/10/2569,\n"
        "กลุ่มเลี้ยงไก่บ้านโคก,ในเมือง,เมืองขอนแก่น,ขอนแก่น,12,นายจ ฉ,2026-10-15,2/2569\n"
        "กลุ่มทอผ้าบ้านดง,ในเมือง,เมืองขอนแก่น,ขอนแก่น,12,นายช ซ,2026-10-15,\n",
    )
    numberer = InMemoryNumberer()
    numbers = [r.data["certificate_no"] for r in assign_numbers(rows, numberer)]
    assert numbers[0] == "1/2569" and numbers[2] == "2/2569"  # kept as given
    assert len(set(numbers)) == 4
    again = [r.data["certificate_no"] for r in assign_numbers(rows, numberer)]
    assert again == numbers  # a rerun gets the same numbers


def test_batch_rows_with_unknown_subdistrict_or_repeated_number_are_reported(
    tmp_path: Path,
) -> None:
    import pytest

    from docgen.model import UnusableInput

    with pytest.raises(UnusableInput) as caught:
        _batch_rows(
            tmp_path,
            "กลุ่มปลูกผักบ้านท่าพระ,ไม่มีตำบลนี้,เมืองขอนแก่น,ขอนแก่น,14,นายก ข,15 ตุลาคม 2569,\n"
            "กลุ่มปลูกผักบ้านโนน,ท่าพระ,เมืองขอนแก่น,ขอนแก่น,12,นายค ง,15/10/2569,7/2569\n"
            "กลุ่มเลี้ยงไก่บ้านโคก,ในเมือง,เมืองขอนแก่น,ขอนแก่น,12,นายจ ฉ,2026-10-15,7/2569\n",
        )
    errors = caught.value.errors
    assert len(errors) == 2
    assert errors[0].startswith("แถวที่ 2:") and "ไม่มีตำบลนี้" in errors[0]
    assert errors[1].startswith("แถวที่ 4:") and "7/2569" in errors[1] and "แถวที่ 3" in errors[1]


def test_bundle_data_names_committee_problems_with_the_other_bad_fields(tmp_path: Path) -> None:
    data = _sample("group")
    data["established"] = "30/02/2569"
    data["committee"] = [{"name": data["members"][0]["name"], "position": "ประธาน"}]
    src = tmp_path / "group.json"
    src.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "b.zip"
    result = runner.invoke(app, ["render", "bundle", "--data", str(src), "--out", str(out)])
    assert result.exit_code == 2
    assert "established" in result.output
    assert "คณะกรรมการ (committee)" in result.output and "เลขานุการ" in result.output
    assert not out.exists()


def test_null_optional_fields_are_left_out_and_null_required_ones_are_missing(
    tmp_path: Path,
) -> None:
    data = _sample("certificate") | {"main_activity": None, "established": None}
    data["address"] |= {"house_no": None, "moo": None, "postal_code": None}
    code, output, out = _render(tmp_path, "certificate", data)
    assert code == 0, output
    text = _text(out)
    assert "None" not in text and "ตำบลท่าพระ" in text and "กิจกรรมหลัก" not in text
    code, output, _ = _render(
        tmp_path, "certificate", _sample("certificate") | {"group_name": None}
    )
    assert code == 2 and "ชื่อกลุ่ม (group_name): ต้องกรอก" in output


def test_render_output_folder_and_deep_data_are_unusable_input(tmp_path: Path) -> None:
    data = _sample("certificate")
    src = tmp_path / "data.json"
    src.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = runner.invoke(
        app, ["render", "certificate", "--data", str(src), "--out", str(tmp_path)]
    )
    assert result.exit_code == 2 and "โฟลเดอร์" in result.output
    nested: object = 1
    for _ in range(900):
        nested = {"a": nested}
    src.write_text(json.dumps(data | {"extra": nested}), encoding="utf-8")
    out = tmp_path / "x.docx"
    result = runner.invoke(app, ["render", "certificate", "--data", str(src), "--out", str(out)])
    assert result.exit_code == 2 and "ลึกเกินไป" in result.output
    assert "ภายในโปรแกรม" not in result.output


def test_batch_cli_progress_summary_and_out_that_is_a_file(tmp_path: Path, monkeypatch) -> None:
    import re

    from docgen.settings import get_settings

    monkeypatch.setenv("DOCGEN_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.delenv("DOCGEN_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    try:
        src = tmp_path / "groups.csv"
        src.write_text(
            BATCH_HEADER
            + "กลุ่มปลูกผักบ้านท่าพระ,ท่าพระ,เมืองขอนแก่น,ขอนแก่น,14,นายก ข,15 ตุลาคม 2569,\n"
            + "กลุ่มปลูกผักบ้านโนน,ท่าพระ,เมืองขอนแก่น,ขอนแก่น,๑๒ ราย,นายค ง,15/10/2569,\n",
            encoding="cp874",
        )
        args = ["batch", "certificates", "--input", str(src), "--out"]
        result = runner.invoke(app, [*args, str(src)])
        assert result.exit_code == 2 and "เป็นไฟล์" in result.output
        result = runner.invoke(app, [*args, str(tmp_path / "out")])
        assert result.exit_code == 0, result.output
        assert re.search(r"^2 certificates in \d+(\.\d+)? s$", result.output, re.M)
        assert "สร้างใบรับรอง 2/2" in result.output  # progress, even without a terminal
        assert len(list((tmp_path / "out").glob("*.docx"))) == 2
    finally:
        get_settings.cache_clear()


def test_province_sheet_row_with_only_the_founding_year_is_reported(tmp_path: Path) -> None:
    from docgen.reports.export import read_groups

    src = tmp_path / "province.csv"
    src.write_text(
        "ปีข้อมูล,ชื่อกลุ่ม,หมู่,ตำบล,อำเภอ,จังหวัด,วันที่จัดตั้งกลุ่ม,ปีจัดตั้ง (พ.ศ.),จำนวนสมาชิกกลุ่ม\n"
        "2569,กลุ่มทอเสื่อ,1,บ้านเป็ด,เมืองขอนแก่น,ขอนแก่น,,๒๕๖๙,11\n",
        encoding="utf-8",
    )
    (group,) = read_groups(src)
    assert group.report_date is not None and group.report_date.year + 543 == 2569


def test_batch_rows_print_official_place_names(tmp_path: Path) -> None:
    (row,) = _batch_rows(
        tmp_path, "กลุ่มปลูกผักบ้านท่าพระ,ต.ท่าพระ,อ.เมือง,จ.ขอนแก่น,14,นายก ข,15 ตุลาคม 2569,\n"
    )
    assert row.data["address"]["district"] == "เมืองขอนแก่น"
    assert row.district_code == "4001"


def test_batch_totals_row_under_the_table_is_not_a_bad_row(tmp_path: Path) -> None:
    rows = _batch_rows(
        tmp_path,
        "กลุ่มปลูกผักบ้านท่าพระ,ท่าพระ,เมืองขอนแก่น,ขอนแก่น,14,นายก ข,15 ตุลาคม 2569,\nรวม,,,,14,,,\n",
    )
    assert [r.data["group_name"] for r in rows] == ["กลุ่มปลูกผักบ้านท่าพระ"]


def test_lint_says_an_unclosed_block_in_thai(tmp_path: Path) -> None:
    doc = Document()
    doc.add_paragraph("{% for m in members %}{{ m.name }}")
    path = tmp_path / "member_roster.docx"
    doc.save(str(path))
    (issue,) = [i for i in lint_template(path) if i.code == "syntax"]
    assert "ไม่มี {% endfor %} ปิด" in issue.message


def test_address_written_as_one_line_is_read(tmp_path: Path) -> None:
    data = _sample("certificate") | {"address": "99 หมู่ที่ ๓ ต.ท่าพระ อ.เมือง จ.ขอนแก่น 40260"}
    code, output, out = _render(tmp_path, "certificate", data)
    assert code == 0, output
    assert "หมู่ที่ 3 ตำบลท่าพระ อำเภอเมืองขอนแก่น จังหวัดขอนแก่น" in _text(out)
    roster = _sample("member_roster")
    for member in roster["members"]:
        for key in ("house_no", "moo", "subdistrict", "district", "province"):
            member.pop(key, None)
        member["address"] = "12 ม.3 ต.ท่าพระ อ.เมืองขอนแก่น จ.ขอนแก่น"
    code, output, out = _render(tmp_path, "member_roster", roster)
    assert code == 0, output
    assert "ท่าพระ | เมืองขอนแก่น" in " | ".join(_text(out).splitlines())
    code, output, _ = _render(tmp_path, "certificate", data | {"address": "ที่ไหนสักแห่ง"})
    assert code == 2 and "address.subdistrict" in output


def test_names_given_as_prefix_first_and_last_are_joined(tmp_path: Path) -> None:
    roster = _sample("member_roster")
    roster["members"][0] = {k: v for k, v in roster["members"][0].items() if k != "name"} | {
        "prefix": "นางสาว",
        "first_name": "ทดสอบ",
        "last_name": "ชื่อแยก",
    }
    code, output, out = _render(tmp_path, "member_roster", roster)
    assert code == 0, output
    assert "นางสาวทดสอบ ชื่อแยก" in _text(out)
