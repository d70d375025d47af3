"""District and province reports from a seeded SQLite registry: figures, export, charts, PDF."""

from __future__ import annotations

import datetime as dt
import subprocess
import zipfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from docgen import pipeline
from docgen.cli import app
from docgen.registry.db import make_engine, make_session_factory, migrate
from docgen.registry.models import Application, Certificate, Group
from docgen.render.linebreak import plain_text
from docgen.reports.export import EXPORT_HEADERS, read_groups
from docgen.reports.figures import Period
from docgen.reports.service import ReportResult
from docgen.settings import get_settings

SUBDISTRICTS = {"ท่าพระ": "400104", "โคกสี": "400103", "สำราญ": "400102"}
ACTIVITIES = ("ปลูกผักปลอดภัย", "เลี้ยงโคเนื้อ", "แปรรูปข้าวฮาง", "เลี้ยงไก่ไข่")


@dataclass(frozen=True)
class Seeded:
    """A group as the test put it in: the figures are counted from these, not from docgen."""

    name: str
    subdistrict: str
    members: int
    activity: str
    issued: dt.datetime
    number: str
    district_code: str = "4001"


def _seed_groups() -> list[Seeded]:
    out: list[Seeded] = []
    seq: Counter[int] = Counter()
    for i in range(30):
        year = 2025 if i % 3 == 0 else 2026
        sub = list(SUBDISTRICTS)[i % 3 if i % 5 else 0]
        seq[year] += 1
        out.append(
            Seeded(
                name=f"กลุ่ม{ACTIVITIES[i % 4]}บ้านที่ {i + 1}",
                subdistrict=sub,
                members=10 + (i * 7) % 13,
                activity=ACTIVITIES[(i * 3) % 4 if i % 2 else 0],
                # 1 October 2025, 02:00 UTC, is 09:00 Thai time: in fiscal 2569, not BE 2568.
                issued=dt.datetime(year, 1 + (i * 5) % 12, 1 + i % 27, 2, 0, tzinfo=dt.UTC),
                number=f"{seq[year]}/{year + 543}",
            )
        )
    # A group of the next district: never in 4001's report, always in the province's.
    out.append(Seeded("กลุ่มทอผ้าไหมบ้านฝาง", "บ้านฝาง", 25, "ทอผ้าไหม", out[1].issued, "1/2569", "4002"))
    return out


# Applications: (received, status, error codes). Returned ones carry the check's findings.
APPLICATIONS = [
    (
        dt.datetime(2026, 2, 3, 3, tzinfo=dt.UTC),
        "returned",
        ["MISSING_DOCUMENT", "TOO_FEW_MEMBERS"],
    ),
    (dt.datetime(2026, 3, 9, 3, tzinfo=dt.UTC), "returned", ["MISSING_DOCUMENT"]),
    (dt.datetime(2026, 4, 1, 3, tzinfo=dt.UTC), "returned", ["INVALID_NATIONAL_ID"]),
    (dt.datetime(2026, 5, 2, 3, tzinfo=dt.UTC), "checked", []),
    (dt.datetime(2026, 6, 2, 3, tzinfo=dt.UTC), "received", []),
    (dt.datetime(2026, 6, 3, 3, tzinfo=dt.UTC), "certified", []),
    (dt.datetime(2025, 6, 3, 3, tzinfo=dt.UTC), "returned", ["TOO_FEW_MEMBERS"]),
]


@pytest.fixture(scope="module")
def registry(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, list[Seeded]]]:
    data_dir = tmp_path_factory.mktemp("reports") / "var"
    engine = make_engine(f"sqlite:///{data_dir / 'docgen.sqlite3'}")
    migrate(engine)
    seeded = _seed_groups()
    with make_session_factory(engine)() as s, s.begin():
        for n, g in enumerate(seeded):
            group = Group(
                name=g.name,
                district_code=g.district_code,
                province_code="40",
                subdistrict=g.subdistrict,
                subdistrict_code=SUBDISTRICTS.get(g.subdistrict),
                district="เมืองขอนแก่น" if g.district_code == "4001" else "บ้านฝาง",
                province="ขอนแก่น",
                moo=str(1 + n % 9),
                members=g.members,
                chair="นายสมชาย ใจดี",
                main_activity=g.activity,
                established_at=g.issued - dt.timedelta(days=40),
            )
            s.add(group)
            s.flush()
            seq, year = g.number.split("/")
            s.add(
                Certificate(
                    number=g.number,
                    seq=int(seq),
                    be_year=int(year),
                    district_code=g.district_code,
                    idempotency_key=f"seed:{n}",
                    group_id=group.id,
                    issued_at=g.issued,
                )
            )
        for received, status, codes in APPLICATIONS:
            s.add(
                Application(
                    district_code="4001",
                    province_code="40",
                    status=status,
                    created_at=received,
                    report={
                        "findings": [{"code": c, "severity": "error"} for c in codes]
                        + [{"code": "MEMBER_OUTSIDE_AREA", "severity": "warning"}]
                    },
                )
            )
    engine.dispose()
    yield data_dir, seeded


def _sessions(data_dir: Path) -> sessionmaker[Session]:
    return make_session_factory(make_engine(f"sqlite:///{data_dir / 'docgen.sqlite3'}"))


def _tables(path: Path) -> list[list[list[str]]]:
    return [
        [[plain_text(c.text) for c in row.cells] for row in t.rows]
        for t in Document(str(path)).tables
    ]


def _text(path: Path) -> str:
    return plain_text("\n".join(p.text for p in Document(str(path)).paragraphs))


def _district_report(data_dir: Path, out: Path, period: Period, **kw: Any) -> ReportResult:
    with _sessions(data_dir)() as session:
        return pipeline.district_report(
            "4001", None, None, out, period=period, session=session, **kw
        )


def test_district_totals_equal_the_registry(
    registry: tuple[Path, list[Seeded]], tmp_path: Path
) -> None:
    data_dir, seeded = registry
    out = tmp_path / "report.docx"
    _district_report(data_dir, out, Period.be_year(2569))

    # Counted here from what the test seeded: groups of 4001 certified in 2026 (Thai time).
    mine = [g for g in seeded if g.district_code == "4001" and g.issued.year == 2026]
    by_sub = Counter[str]()
    members = Counter[str]()
    for g in mine:
        by_sub[g.subdistrict] += 1
        members[g.subdistrict] += g.members
    text = _text(out)
    assert f"จำนวน {len(mine)} กลุ่ม สมาชิกรวม {sum(g.members for g in mine)} ราย" in text
    groups_table, area_table, activity_table = _tables(out)
    assert len(groups_table) == 1 + len(mine) + 1  # header, one row per group, total
    assert {row[8] for row in groups_table[1:-1]} == {g.number for g in mine}
    assert {row[1]: (int(row[2]), int(row[3])) for row in area_table[1:-1]} == {
        sub: (by_sub[sub], members[sub]) for sub in by_sub
    }
    assert area_table[-1][2:] == [str(len(mine)), str(sum(g.members for g in mine))]
    by_activity = Counter(g.activity for g in mine)
    assert {row[1]: int(row[2]) for row in activity_table[1:]} == dict(by_activity)
    # Applications of 2026: six received, three returned, two waiting.
    assert "รับคำขอ 6 ราย ออกใบรับรองแล้ว 1 ราย ส่งคืนให้แก้ไข 3 ราย อยู่ระหว่างพิจารณา 2 ราย" in text
    assert "(1) เอกสารไม่ครบ 5 รายการ 2 ราย" in text


def test_fiscal_year_and_thai_time(registry: tuple[Path, list[Seeded]], tmp_path: Path) -> None:
    data_dir, seeded = registry
    result = _district_report(data_dir, tmp_path / "fy.docx", Period.fiscal_year(2569))
    fy = Period.fiscal_year(2569)
    expected = {
        g.number
        for g in seeded
        if g.district_code == "4001" and (g.issued + dt.timedelta(hours=7)).date() in fy
    }
    assert {g.certificate_no for g in result.figures.groups} == expected
    assert "ปีงบประมาณ พ.ศ. 2569" in _text(tmp_path / "fy.docx")


def test_export_reimports_to_the_same_rows(
    registry: tuple[Path, list[Seeded]], tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    data_dir, _ = registry
    result = _district_report(
        data_dir,
        tmp_path / "r.docx",
        Period.be_year(2569),
        xlsx=tmp_path / "export.xlsx",
        csv=tmp_path / "export.csv",
    )
    sheet = load_workbook(tmp_path / "export.xlsx", read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == EXPORT_HEADERS
    assert {r[0] for r in rows[1:]} == {2569}
    assert {(r[4], r[13], r[14], r[15]) for r in rows[1:]} == {
        (sub, code, "4001", "40") for sub, code in SUBDISTRICTS.items()
    }
    fields = (
        "name",
        "moo",
        "subdistrict",
        "district",
        "province",
        "members",
        "chair",
        "main_activity",
        "established",
        "certificate_no",
        "certified_on",
        "subdistrict_code",
        "district_code",
        "province_code",
    )
    want = [tuple(getattr(g, f) for f in fields) for g in result.figures.groups]
    for path in (tmp_path / "export.xlsx", tmp_path / "export.csv"):
        back = read_groups(path)
        assert [tuple(getattr(g, f) for f in fields) for g in back] == want

    # The district starts from its workbook: the same figures without the registry.
    again = pipeline.district_report(
        "4001", 2569, back, tmp_path / "from-sheet.docx", period=Period.be_year(2569)
    )
    assert [(t.name, t.groups, t.members) for t in again.figures.by_area] == [
        (t.name, t.groups, t.members) for t in result.figures.by_area
    ]


def test_chart_is_a_picture_in_the_document(
    registry: tuple[Path, list[Seeded]], tmp_path: Path
) -> None:
    data_dir, _ = registry
    out = tmp_path / "r.docx"
    _district_report(data_dir, out, Period.be_year(2569))
    with zipfile.ZipFile(out) as docx:
        pictures = [n for n in docx.namelist() if n.startswith("word/media/")]
        body = docx.read("word/document.xml").decode()
        assert len(pictures) == 2  # by subdistrict, by activity
        for name in pictures:
            assert docx.read(name).startswith(b"\x89PNG\r\n\x1a\n")
    assert body.count("<w:drawing>") == 2


def test_a_period_without_groups_says_so(
    registry: tuple[Path, list[Seeded]], tmp_path: Path
) -> None:
    data_dir, _ = registry
    out = tmp_path / "empty.docx"
    result = _district_report(data_dir, out, Period.be_year(2571))
    assert result.figures.total_groups == 0
    text = _text(out)
    assert "อำเภอเมืองขอนแก่นไม่มีกลุ่มส่งเสริมอาชีพการเกษตรที่ได้รับใบรับรองการจัดตั้ง ปี พ.ศ. 2571" in text
    assert _tables(out) == []
    with zipfile.ZipFile(out) as docx:
        assert not [n for n in docx.namelist() if n.startswith("word/media/")]


def test_cli_district_and_province_from_the_registry(
    registry: tuple[Path, list[Seeded]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data_dir, seeded = registry
    monkeypatch.setenv("DOCGEN_DATA_DIR", str(data_dir))
    monkeypatch.delenv("DOCGEN_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    try:
        runner = CliRunner()
        district = runner.invoke(
            app,
            [
                *("report", "district", "--district", "4001", "--year", "2569"),
                *("--out", str(tmp_path / "d.docx"), "--xlsx", str(tmp_path / "d.xlsx")),
            ],
        )
        province = runner.invoke(
            app,
            [
                *("report", "province", "--province", "40", "--year", "2569"),
                *("--out", str(tmp_path / "p.docx")),
            ],
        )
        bad = runner.invoke(
            app, ["report", "district", "--district", "4001", "--out", str(tmp_path / "x.docx")]
        )
    finally:
        get_settings.cache_clear()
    assert district.exit_code == 0, district.output
    in_2569 = [g for g in seeded if g.issued.year == 2026]
    ours = [g for g in in_2569 if g.district_code == "4001"]
    assert f"{len(ours)} กลุ่ม สมาชิก {sum(g.members for g in ours)} ราย" in district.output
    assert (tmp_path / "d.xlsx").is_file()
    assert province.exit_code == 0, province.output
    assert f"{len(in_2569)} กลุ่ม" in province.output
    area = _tables(tmp_path / "p.docx")[1]
    assert area[0][1] == "อำเภอ"
    assert {row[1]: int(row[2]) for row in area[1:-1]} == {
        "เมืองขอนแก่น": len(ours),
        "บ้านฝาง": len(in_2569) - len(ours),
    }
    assert "จังหวัดขอนแก่น ปี พ.ศ. 2569" in _text(tmp_path / "p.docx")
    assert bad.exit_code == 2 and "ระบุช่วงเวลา" in bad.output


@pytest.mark.soffice
def test_report_pdf_reads_in_thai(registry: tuple[Path, list[Seeded]], tmp_path: Path) -> None:
    from docgen.render.pdf import SofficeConverter

    data_dir, _ = registry
    with SofficeConverter() as converter:
        result = _district_report(
            data_dir,
            tmp_path / "r.docx",
            Period.be_year(2569),
            pdf=tmp_path / "r.pdf",
            converter=converter,
        )
    assert result.pdf is not None and result.pdf.stat().st_size > 10_000
    text = subprocess.run(
        ["pdftotext", "-layout", str(result.pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "รายงานการจัดตั้งกลุ่มส่งเสริมอาชีพการเกษตร" in text
    assert f"จำนวน {result.figures.total_groups} กลุ่ม" in text
    images = subprocess.run(
        ["pdfimages", "-list", str(result.pdf)], capture_output=True, text=True, check=True
    ).stdout
    assert len(images.strip().splitlines()) - 2 >= 2  # both charts made it into the PDF
