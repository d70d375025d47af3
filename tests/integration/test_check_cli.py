"""`docgen check` end to end on small DOCX/XLSX bundles built here: JSON, exit codes, Rich table, review memo."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import openpyxl
from stdnum.th import pin
from typer.testing import CliRunner

from docgen.cli import app
from docgen.render.linebreak import plain_text

MEMBERS = [
    ("นาย", "สมชาย", "ใจดี"),
    ("นาง", "มาลี", "ดีใจ"),
    ("นางสาว", "สมหญิง", "รักดี"),
    ("นาย", "ทองดี", "มีสุข"),
    ("นาย", "บุญมี", "ศรีสุข"),
    ("นาง", "สมศรี", "แก้วคง"),
    ("นาย", "ประเสริฐ", "ทองสุข"),
    ("นาง", "วันเพ็ญ", "นาคสุข"),
    ("นาง", "บัวผัน", "วงศ์ใหญ่"),
    ("นาย", "ไพโรจน์", "ไชยมาตย์"),
    ("นาง", "อำไพ", "รักษ์ทอง"),
]


def pid(n: int) -> str:
    body = f"3{4001 * 10**7 + n:011d}"
    return body + pin.calc_check_digit(body)


def write_bundle(folder: Path, *, members: int = 11, committee_treasurer: str = "เหรัญญิก") -> Path:
    folder.mkdir()
    d = docx.Document()
    d.add_paragraph("แบบคำขอใบรับรองการจัดตั้งกลุ่มส่งเสริมอาชีพการเกษตร")
    d.add_paragraph("เรียน เกษตรอำเภอเมืองขอนแก่น")
    d.add_paragraph("ชื่อกลุ่ม.......กลุ่มปลูกผักปลอดภัยบ้านโนน.......")
    d.add_paragraph("ที่ตั้ง เลขที่ 12 หมู่ที่ 3 ตำบลท่าพระ อำเภอเมืองขอนแก่น จังหวัดขอนแก่น")
    d.add_paragraph(f"จำนวนสมาชิก {members} ราย")
    d.save(folder / "01 หนังสือขอใบรับรอง.docx")

    d = docx.Document()
    d.add_paragraph("ข้อบังคับกลุ่มปลูกผักปลอดภัยบ้านโนน")
    for line in (
        "ข้อ 1 กลุ่มดำเนินกิจกรรมปลูกผักปลอดภัยและจำหน่าย",
        "ข้อ 2 เกษตรกรในตำบลสมัครเป็นสมาชิกได้",
        "ข้อ 3 สมาชิกภาพสิ้นสุดเมื่อตายหรือลาออก",
        "ข้อ 4 สมาชิกถือหุ้นคนละ 2 หุ้น หุ้นละ 100 บาท",
        "ข้อ 5 เหรัญญิกเปิดบัญชีเงินฝากกับธนาคารในนามกลุ่ม",
        "ข้อ 6 ที่ประชุมใหญ่เลือกตั้งคณะกรรมการจากสมาชิก",
        "ข้อ 7 คณะกรรมการดำรงตำแหน่งคราวละ 2 ปี",
        "ข้อ 8 กรรมการพ้นจากตำแหน่งเมื่อตาย ลาออก หรือขาดจากสมาชิกภาพ",
    ):
        d.add_paragraph(line)
    d.save(folder / "02 ข้อบังคับ.docx")

    d = docx.Document()
    d.add_paragraph("รายชื่อคณะกรรมการกลุ่มปลูกผักปลอดภัยบ้านโนน")
    t = d.add_table(rows=1, cols=3)
    for cell, text in zip(t.rows[0].cells, ("ลำดับ", "ชื่อ-สกุล", "ตำแหน่ง"), strict=True):
        cell.text = text
    for i, pos in enumerate(("ประธานกรรมการ", "เลขานุการ", committee_treasurer)):
        prefix, first, last = MEMBERS[i]
        row = t.add_row().cells
        row[0].text, row[1].text, row[2].text = str(i + 1), f"{prefix}{first}  {last}", pos
    d.save(folder / "03 คณะกรรมการ.docx")

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["บัญชีรายชื่อสมาชิกกลุ่มปลูกผักปลอดภัยบ้านโนน"])
    ws.append(["ลำดับ", "คำนำหน้า", "ชื่อ", "นามสกุล", "เลขประจำตัวประชาชน", "ที่อยู่"])
    for i in range(members):
        prefix, first, last = MEMBERS[i]
        ws.append([i + 1, prefix, first, last, int(pid(i)), "12 ม.3 ต.ท่าพระ อ.เมือง จ.ขอนแก่น"])
    ws.append(["", "รวม", f"{members} คน"])
    wb.save(folder / "04 สมาชิก.xlsx")

    d = docx.Document()
    d.add_paragraph("แผนปฏิบัติงานกลุ่มปลูกผักปลอดภัยบ้านโนน")
    t = d.add_table(rows=2, cols=3)
    for cell, text in zip(t.rows[0].cells, ("ที่", "กิจกรรม", "ระยะเวลา"), strict=True):
        cell.text = text
    for cell, text in zip(t.rows[1].cells, ("1", "ปลูกผักปลอดภัย", "ตลอดปี"), strict=True):
        cell.text = text
    d.save(folder / "05 แผนปฏิบัติงาน.docx")
    return folder


runner = CliRunner()


def test_complete_bundle_json_and_exit_0(tmp_path: Path) -> None:
    bundle = write_bundle(tmp_path / "bundle")
    result = runner.invoke(app, ["check", str(bundle), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["schema"] == "docgen.check/1" and report["complete"] is True
    assert report["findings"] == []
    g = report["group"]
    assert (g["name"], g["subdistrict_code"], g["members"], g["committee"]) == (
        "กลุ่มปลูกผักปลอดภัยบ้านโนน",
        "400104",
        11,
        3,
    )
    kinds = {d["file"]: d["kind"] for d in report["documents"]}
    assert kinds == {
        "01 หนังสือขอใบรับรอง.docx": "request_form",
        "02 ข้อบังคับ.docx": "bylaws",
        "03 คณะกรรมการ.docx": "committee_list",
        "04 สมาชิก.xlsx": "member_roster",
        "05 แผนปฏิบัติงาน.docx": "activity_plan",
    }
    assert [c["role"] for c in report["committee"]] == ["chair", "secretary", "treasurer"]
    assert report["members"][0]["national_id"] == pid(0)  # the ID read from an XLSX number


def test_errors_give_exit_1_with_rows_and_the_table_for_people(tmp_path: Path) -> None:
    bundle = write_bundle(tmp_path / "bundle", members=9, committee_treasurer="ผู้ช่วยเหรัญญิก")
    result = runner.invoke(app, ["check", str(bundle), "--json"])
    assert result.exit_code == 1
    found = [(f["code"], f.get("role")) for f in json.loads(result.stdout)["findings"]]
    assert found == [("TOO_FEW_MEMBERS", None), ("COMMITTEE_ROLE_MISSING", "treasurer")]
    table = runner.invoke(app, ["check", str(bundle)])
    assert table.exit_code == 1
    assert "TOO_FEW_MEMBERS" in table.stdout and "กลุ่มปลูกผักปลอดภัยบ้านโนน" in table.stdout
    assert pid(0) not in table.stdout  # IDs are masked for people


def test_missing_path_or_empty_folder_is_exit_2_with_one_thai_sentence(tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", str(tmp_path / "nothing.zip")])
    assert result.exit_code == 2
    assert "ไม่พบ" in result.stderr and "Traceback" not in result.stderr
    (tmp_path / "empty").mkdir()
    empty = runner.invoke(app, ["check", str(tmp_path / "empty")])
    assert empty.exit_code == 2 and "ไม่พบเอกสาร" in empty.stderr


def test_report_writes_the_review_memo(tmp_path: Path) -> None:
    bundle = write_bundle(tmp_path / "bundle", members=9)
    out = tmp_path / "memo.docx"
    result = runner.invoke(app, ["check", str(bundle), "--report", str(out)])
    assert result.exit_code == 1, result.output
    text = plain_text("\n".join(p.text for p in docx.Document(str(out)).paragraphs))
    tables = "\n".join(
        c.text for t in docx.Document(str(out)).tables for r in t.rows for c in r.cells
    )
    assert "กลุ่มปลูกผักปลอดภัยบ้านโนน" in text + tables
