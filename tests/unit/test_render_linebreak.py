"""Thai line-break marks, official dates and phones, memo wording, fitted columns, the emblem."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from docx import Document
from docx.shared import Twips
from PIL import Image

from docgen.render.engine import FILTERS, format_phone, plan_years, render_docx
from docgen.render.linebreak import (
    NBSP,
    WJ,
    ZWSP,
    mark_breaks,
    mark_context,
    mark_group_name,
    mark_name,
    plain_text,
    strip_marks,
)
from docgen.render.memo import in_words
from docgen.render.tables import fit_columns, text_twips

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "data"


def words_of(marked: str) -> list[str]:
    """The pieces a line may break between."""
    return [w for w in strip_marks(marked.replace(ZWSP, " ")).split() if w]


@pytest.mark.parametrize(
    ("text", "pieces"),
    [
        ("กลุ่มส่งเสริมอาชีพการเกษตร", ["กลุ่ม", "ส่งเสริม", "อาชีพ", "การเกษตร"]),
        ("คณะกรรมการ", ["คณะกรรมการ"]),
        ("ตำบลแดงใหญ่", ["ตำบล", "แดงใหญ่"]),  # a place the dictionary would cut stays whole
        ("กลุ่มปลูกผักบ้านในเมือง", ["กลุ่ม", "ปลูก", "ผัก", "บ้านในเมือง"]),
    ],
)
def test_breaks_fall_between_words_only(text: str, pieces: list[str]) -> None:
    marked = mark_breaks(text)
    assert strip_marks(marked) == text
    assert words_of(marked) == pieces
    # Inside every piece a word joiner stands between letters, never before a vowel mark.
    for piece in marked.split(ZWSP):
        assert WJ in piece or len(strip_marks(piece)) <= 2
    assert "\u2060\u0e48" not in marked and "\u2060\u0e31" not in marked


def test_a_number_stays_with_its_word_and_unit() -> None:
    marked = mark_breaks("ถือหุ้นได้ไม่เกินร้อยละ 60 ของหุ้น สมาชิก 14 ราย")
    assert f"ร้อยละ{NBSP}60" in strip_marks(marked)
    assert f"14{NBSP}ราย" in strip_marks(marked)
    assert plain_text(marked) == "ถือหุ้นได้ไม่เกินร้อยละ 60 ของหุ้น สมาชิก 14 ราย"


def test_names_and_places_never_break_inside() -> None:
    name = mark_name("นางลำดวน ไชยมาตย์")
    assert ZWSP not in name and plain_text(name) == "นางลำดวน ไชยมาตย์"
    assert name.count(" ") == 1  # the only break: between first and last name
    group = mark_group_name("กลุ่มทอผ้าไหมบ้านโนนสำราญพัฒนา")
    assert words_of(group)[-1] == "บ้านโนนสำราญพัฒนา"
    assert words_of(mark_breaks("ประธาน นางลำดวน ไชยมาตย์", ("ไชยมาตย์",)))[-1] == "ไชยมาตย์"


def test_context_marks_texts_and_leaves_codes() -> None:
    ctx = mark_context(
        {
            "group_name": "กลุ่มปลูกผักบ้านท่าพระ",
            "certificate_no": "12/2569",
            "emblem_path": "/srv/ครุฑ.png",
            "scope": "district",
            "address": {"subdistrict": "ท่าพระ", "moo": "3"},
            "findings": [{"message": "นางลำดวน ไชยมาตย์ ไม่มีเลข", "severity": "error"}],
            "committee": [{"name": "นางลำดวน ไชยมาตย์", "position": "ประธาน"}],
        }
    )
    assert ctx["certificate_no"] == "12/2569" and ctx["emblem_path"] == "/srv/ครุฑ.png"
    assert ctx["scope"] == "district" and ctx["findings"][0]["severity"] == "error"
    assert ZWSP not in ctx["address"]["subdistrict"]
    # A member's name inside a message is kept whole too.
    assert "ไชยมาตย์" in words_of(ctx["findings"][0]["message"])
    assert plain_text(ctx["group_name"]) == "กลุ่มปลูกผักบ้านท่าพระ"


def test_official_date_and_phone_numbers() -> None:
    date = dt.date(2026, 11, 2)
    assert plain_text(FILTERS["official_date"](date)) == "2 เดือน พฤศจิกายน พ.ศ. 2569"
    assert format_phone("0831608365") == "083-160-8365"
    assert format_phone("083 160 8365") == "083-160-8365"
    assert format_phone("+66831608365") == "083-160-8365"
    assert format_phone("021234567") == "02-123-4567"
    assert format_phone("043245678") == "043-245-678"
    assert format_phone("ไม่มี") == "ไม่มี"


def test_plan_years_cover_the_activities() -> None:
    assert plan_years(2569, [{"period": "พฤศจิกายน 2569"}]) == "2569"
    assert plan_years(2569, [{"period": "ธันวาคม 2569 – กันยายน 2570"}]) == "2569–2570"
    assert plan_years(2569, [{"period": "ม.ค. 70"}]) == "2569–2570"


def test_memo_wording_has_no_file_names() -> None:
    labels = {"bundle/ข้อบังคับกลุ่ม.docx": "ข้อบังคับกลุ่ม"}
    assert in_words("ชื่อกลุ่มใน “bundle/ข้อบังคับกลุ่ม.docx” ไม่ตรง", labels) == ("ชื่อกลุ่มใน ข้อบังคับกลุ่ม ไม่ตรง")
    assert in_words("04 บัญชีรายชื่อสมาชิก.xlsx แถวที่ 14") == "บัญชีรายชื่อสมาชิก แถวที่ 14"
    assert in_words("กรุณาส่งเป็น .docx .xlsx .csv หรือ PDF") == "กรุณาส่งเป็น Word Excel CSV หรือ PDF"


def test_columns_take_the_width_their_content_needs(tmp_path: Path) -> None:
    doc = Document()
    table = doc.add_table(rows=3, cols=3)
    rows = [("1", "กลุ่มวิสาหกิจชุมชนปลูกผักปลอดภัยบ้านหนองบัวแดง", "12/2569")] * 3
    for tr, values in zip(table.rows, rows, strict=True):
        for cell, value in zip(tr.cells, values, strict=True):
            cell.text = mark_group_name(value) if value.startswith("กลุ่ม") else value
    total = 9000
    for col in table._tbl.tblGrid.gridCol_lst:
        col.w = Twips(total // 3)
    widths = fit_columns(table)
    assert sum(widths) == total
    assert widths[1] > widths[0] and widths[1] > widths[2]
    # The number column still holds its number on one line.
    assert widths[2] >= text_twips("12/2569", 16)


def test_emblem_goes_into_the_slot(tmp_path: Path) -> None:
    png = tmp_path / "emblem.png"
    Image.new("RGB", (200, 220), "white").save(png)
    data = json.loads((SAMPLES / "certificate.json").read_text(encoding="utf-8"))
    with_emblem = render_docx("certificate", data | {"emblem_path": str(png)}, tmp_path / "a.docx")
    without = render_docx("certificate", data, tmp_path / "b.docx")
    pictures = Document(str(with_emblem)).inline_shapes
    assert len(pictures) == 1 and abs(pictures[0].height.cm - 3.0) < 0.05
    assert len(Document(str(without)).inline_shapes) == 0


def test_batch_house_number_and_emblem_on_the_fast_path(tmp_path: Path) -> None:
    """A batch row's เลขที่ starts the address; with an emblem the compiled renderer stays on
    its fast path and writes what docxtpl writes."""
    import csv
    import zipfile

    from docgen.render.batch import certificate_template, read_certificate_rows, row_context
    from docgen.render.compiled import render_with_docxtpl
    from docgen.render.engine import jinja_env

    path = tmp_path / "groups.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(
            ["ชื่อกลุ่ม", "เลขที่", "หมู่ที่", "ตำบล", "อำเภอ", "จังหวัด", "จำนวนสมาชิก", "ประธาน", "วันที่จัดตั้ง"]
        )
        writer.writerow(
            [
                "กลุ่มปลูกผักบ้านโนน",
                "45/2",
                "3",
                "ท่าพระ",
                "เมืองขอนแก่น",
                "ขอนแก่น",
                "12",
                "นายสมชาย ใจดี",
                "2569-01-05",
            ]
        )
    (row,) = read_certificate_rows(path, issue_date=dt.date(2026, 10, 15))
    assert row.data["address"]["house_no"] == "45/2"
    png = tmp_path / "emblem.png"
    Image.new("RGB", (200, 220), "white").save(png)
    data = dict(row.data, certificate_no="1/2569", emblem_path=str(png))
    context = row_context(type(row)(row.index, row.row, data))
    template = certificate_template(emblem_path=str(png))
    fast = tmp_path / "fast.docx"
    template.render(context, fast)
    assert template.fast and template.fallback_renders == 0
    slow = tmp_path / "slow.docx"
    render_with_docxtpl(template.path, context, slow, jinja_env=jinja_env(), autoescape=True)
    with zipfile.ZipFile(fast) as a, zipfile.ZipFile(slow) as b:
        assert a.read("word/document.xml") == b.read("word/document.xml")
        assert any(n.startswith("word/media/") for n in a.namelist())
    text = plain_text("\n".join(p.text for p in Document(str(fast)).paragraphs))
    assert "ตั้งอยู่ เลขที่ 45/2 หมู่ที่ 3 ตำบลท่าพระ" in text
