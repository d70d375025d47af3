"""Report periods, figures and the province workbook's import rules (no registry, no LibreOffice)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from docgen.model import UnusableInput
from docgen.render.linebreak import plain_text
from docgen.reports.export import EXPORT_HEADERS, read_groups, write_csv
from docgen.reports.figures import ApplicationRecord, GroupRecord, Period, compute_figures
from docgen.reports.service import in_area, period_from_options


def test_fiscal_year_runs_october_to_september() -> None:
    fy = Period.fiscal_year(2569)
    assert (fy.start, fy.end) == (dt.date(2025, 10, 1), dt.date(2026, 9, 30))
    assert fy.label_th == "ปีงบประมาณ พ.ศ. 2569" and fy.data_year == 2569
    assert dt.date(2025, 9, 30) not in fy and dt.date(2025, 10, 1) in fy
    assert dt.date(2026, 9, 30) in fy and dt.date(2026, 10, 1) not in fy


def test_be_year_and_date_range() -> None:
    year = Period.be_year(2569)
    assert (year.start, year.end) == (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert Period.be_year(2026) == year  # a CE year typed by mistake means the same year
    span = period_from_options(date_from="1 ต.ค. 2568", date_to="2026-03-31")
    assert span.start == dt.date(2025, 10, 1) and span.end == dt.date(2026, 3, 31)
    assert span.label_th == "ระหว่างวันที่ 1 ตุลาคม 2568 ถึงวันที่ 31 มีนาคม 2569"


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"year": 2569, "fiscal_year": 2569},
        {"date_from": "2026-01-01"},
        {"date_from": "2026-02-01", "date_to": "2026-01-01"},
        {"year": 1234},
    ],
)
def test_period_options_must_name_one_real_period(options: dict[str, object]) -> None:
    with pytest.raises(UnusableInput):
        period_from_options(**options)  # type: ignore[arg-type]


def _group(name: str, sub: str, members: int, activity: str, day: dt.date) -> GroupRecord:
    return GroupRecord(
        name=name,
        subdistrict=sub,
        district="เมืองขอนแก่น",
        province="ขอนแก่น",
        members=members,
        main_activity=activity,
        certified_on=day,
    )


def test_figures_count_only_the_period_and_rank_areas() -> None:
    groups = [
        _group("กลุ่มก", "ศิลา", 12, "ปลูกผัก", dt.date(2026, 2, 1)),
        _group("กลุ่มข", "ศิลา", 20, "เลี้ยงโค", dt.date(2026, 3, 1)),
        _group("กลุ่มค", "ท่าพระ", 15, "ปลูกผัก", dt.date(2026, 4, 1)),
        _group("กลุ่มง", "ท่าพระ", 99, "ปลูกผัก", dt.date(2025, 4, 1)),  # last year
    ]
    fig = compute_figures(groups, None, Period.be_year(2569))
    assert fig.total_groups == 3 and fig.total_members == 47
    assert [(t.name, t.groups, t.members) for t in fig.by_area] == [
        ("ศิลา", 2, 32),
        ("ท่าพระ", 1, 15),
    ]
    assert [(t.name, t.groups) for t in fig.by_activity] == [("ปลูกผัก", 2), ("เลี้ยงโค", 1)]
    assert not fig.has_applications


def test_returned_reasons_count_applications_not_findings() -> None:
    day = dt.date(2026, 5, 1)
    apps = [
        ApplicationRecord(day, "returned", ("MISSING_DOCUMENT", "MISSING_DOCUMENT")),
        ApplicationRecord(day, "returned", ("MISSING_DOCUMENT", "TOO_FEW_MEMBERS")),
        ApplicationRecord(day, "returned", ()),
        ApplicationRecord(day, "checked"),
        ApplicationRecord(day, "approved"),
        ApplicationRecord(day, "certified"),
        ApplicationRecord(dt.date(2025, 5, 1), "returned", ("TOO_FEW_MEMBERS",)),
    ]
    fig = compute_figures([], apps, Period.be_year(2569))
    assert (fig.received, fig.returned, fig.pending, fig.certified_applications) == (6, 3, 2, 1)
    assert [(r.label_th, r.applications) for r in fig.reasons] == [
        ("เอกสารไม่ครบ 5 รายการ", 2),
        ("สมาชิกไม่ถึง 10 ราย", 1),
        ("เหตุอื่นตามที่เจ้าหน้าที่ระบุ", 1),
    ]


def test_area_by_code_else_by_name() -> None:
    names = ("เมืองขอนแก่น", "ขอนแก่น")
    here = GroupRecord(name="กลุ่มก", district="อ.เมืองขอนแก่น", province="จ.ขอนแก่น")
    elsewhere = GroupRecord(name="กลุ่มข", district="บ้านฝาง", province="ขอนแก่น")
    coded = GroupRecord(name="กลุ่มค", district="เมืองขอนแก่น", district_code="4002")

    def in_4001(g: GroupRecord) -> bool:
        return in_area(g, district_code="4001", province_code=None, names=names)

    assert in_4001(here)
    assert not in_4001(elsewhere)
    assert not in_4001(coded)  # the code wins over the name
    assert in_area(coded, district_code=None, province_code="40", names=("", "ขอนแก่น"))


def test_csv_export_guards_formulas_and_reads_back(tmp_path: Path) -> None:
    g = GroupRecord(
        name="กลุ่ม=SUM(A1)",
        subdistrict="ท่าพระ",
        district="เมืองขอนแก่น",
        province="ขอนแก่น",
        phone="0812345678",
        members=14,
        established=dt.date(2025, 10, 15),
        certificate_no="3/2569",
    )
    out = write_csv([g], 2569, tmp_path / "groups.csv")
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel needs the BOM to show Thai
    header = raw.decode("utf-8-sig").splitlines()[0].split(",")
    assert tuple(header[:13]) == EXPORT_HEADERS[:13]
    assert "15/10/2568" in raw.decode("utf-8-sig")
    (back,) = read_groups(out)
    assert back.name == g.name and back.phone == "0812345678"
    assert (back.members, back.established, back.certificate_no) == (14, g.established, "3/2569")


def test_import_names_every_bad_row(tmp_path: Path) -> None:
    sheet = tmp_path / "groups.csv"
    sheet.write_text(
        "ชื่อกลุ่ม,ตำบล,อำเภอ,จำนวนสมาชิก,วันที่จัดตั้ง\n"
        "กลุ่มก,ท่าพระ,เมืองขอนแก่น,สิบสอง,1/2/2569\n"
        "กลุ่มข,ท่าพระ,เมืองขอนแก่น,12,ไม่ทราบ\n"
        "กลุ่มค,ท่าพระ,เมืองขอนแก่น,๑๒ ราย,๑ ก.พ. ๒๕๖๙\n",
        encoding="utf-8",
    )
    with pytest.raises(UnusableInput) as err:
        read_groups(sheet)
    assert [e.split(":")[0] for e in err.value.errors] == ["แถวที่ 2", "แถวที่ 3"]
    sheet.write_text("ชื่อ,ที่อยู่\nก,ข\n", encoding="utf-8")
    with pytest.raises(UnusableInput, match="หัวตาราง"):
        read_groups(sheet)


def test_import_reads_batch_input_columns_in_english(tmp_path: Path) -> None:
    sheet = tmp_path / "batch.csv"
    sheet.write_text(
        "group_name,moo,subdistrict,district,province,members,chair,established,main_activity\n"
        "กลุ่มปลูกผัก,หมู่ที่ 3,ท่าพระ,เมืองขอนแก่น,ขอนแก่น,"
        "14,นายสมชาย ใจดี,2026-01-05,ปลูกผัก\n",
        encoding="utf-8",
    )
    (g,) = read_groups(sheet)
    assert (g.moo, g.members, g.chair, g.established) == (
        "3",
        14,
        "นายสมชาย ใจดี",
        dt.date(2026, 1, 5),
    )


def test_job_params_name_the_period() -> None:
    from docgen.reports.service import period_from_params

    assert period_from_params({"be_year": 2569}) == Period.be_year(2569)
    assert period_from_params({"fiscal_year": "2569"}) == Period.fiscal_year(2569)
    span = period_from_params({"date_from": "2025-10-01", "date_to": "2026-03-31"})
    assert span is not None and span.end == dt.date(2026, 3, 31)
    assert period_from_params({"district_code": "4001"}) is None


def test_charts_take_any_names_people_type(tmp_path: Path) -> None:
    from docgen.reports.charts import activity_chart, groups_and_members_chart
    from docgen.reports.figures import Tally

    odd = [
        Tally("ขายผัก $5 ต่อกำ $", 3, 40),
        Tally("เลี้ยงปลา ราคา $\\frac$ บาท", 2, 25),
        Tally("ก" * 300, 1, 10),
    ]
    for png in (
        groups_and_members_chart(odd, tmp_path / "a.png"),
        groups_and_members_chart(odd * 5, tmp_path / "b.png", area_word="อำเภอ"),
        activity_chart(odd * 6, tmp_path / "c.png"),
    ):
        assert png.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")


def test_import_reads_a_province_sheet_with_title_rows_and_date_cells(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["ข้อมูลกลุ่มส่งเสริมอาชีพการเกษตร จังหวัดขอนแก่น"])
    sheet.append([])
    sheet.append(
        [
            "ปีข้อมูล",
            "ชื่อกลุ่ม",
            "หมู่",
            "ตำบล",
            "อำเภอ",
            "จังหวัด",
            "วันที่จัดตั้งกลุ่ม",
            "จำนวนสมาชิกกลุ่ม",
            "รหัสอำเภอ",
        ]
    )
    sheet.append(
        [
            2569,
            "กลุ่มเพาะเห็ด",
            4,
            "ท่าพระ",
            "เมืองขอนแก่น",
            "ขอนแก่น",
            dt.datetime(2026, 2, 3),
            18,
            "4001",
        ]
    )
    sheet.append([None] * 9)
    sheet.append(
        [2569, "กลุ่มทอผ้า", "ม.2", "ท่าพระ", "เมืองขอนแก่น", "ขอนแก่น", "๓/๒/๒๕๖๙", "๒๐", "4001"]
    )
    book.save(tmp_path / "province.xlsx")
    cp874 = tmp_path / "old.csv"
    cp874.write_bytes("ชื่อกลุ่ม;ตำบล;อำเภอ;จำนวนสมาชิก\nกลุ่มเพาะเห็ด;ท่าพระ;เมือง;12\n".encode("cp874"))

    first, second = read_groups(tmp_path / "province.xlsx")
    assert (first.name, first.moo, first.established, first.members) == (
        "กลุ่มเพาะเห็ด",
        "4",
        dt.date(2026, 2, 3),
        18,
    )
    assert (second.moo, second.established, second.members) == ("2", dt.date(2026, 2, 3), 20)
    assert first.district_code == "4001"
    (old,) = read_groups(cp874)
    assert (old.name, old.members) == ("กลุ่มเพาะเห็ด", 12)


def test_a_sheet_of_several_districts_reports_only_ours(tmp_path: Path) -> None:
    from docgen.reports.service import make_report

    rows = [
        GroupRecord(name="กลุ่มก", subdistrict="ท่าพระ", district="อ.เมือง", province="ขอนแก่น"),
        GroupRecord(name="กลุ่มข", subdistrict="ท่าพระ", district="เมืองขอนแก่น", province=""),
        GroupRecord(name="กลุ่มค", subdistrict="บ้านฝาง", district="บ้านฝาง", province="ขอนแก่น"),
        GroupRecord(name="กลุ่มง", subdistrict="ท่าพระ", district="เมือง", province="นครราชสีมา"),
    ]
    rows = [
        GroupRecord(**{**r.__dict__, "members": 12, "established": dt.date(2026, 1, 9)})
        for r in rows
    ]
    result = make_report(
        rows, None, Period.be_year(2569), tmp_path / "r.docx", district_code="4001"
    )
    assert [g.name for g in result.figures.groups] == ["กลุ่มก", "กลุ่มข"]
    assert {g.subdistrict_code for g in result.figures.groups} == {"400104"}
    assert result.outside_area == 2


def test_thai_digits_on_request(tmp_path: Path) -> None:
    from docx import Document

    from docgen import pipeline

    rows = [
        {"group_name": "กลุ่มเพาะเห็ด", "subdistrict": "ท่าพระ", "district": "เมืองขอนแก่น"}
        | {"province": "ขอนแก่น", "members": "12", "established": "2026-01-09"}
    ]
    out = tmp_path / "r.docx"
    pipeline.district_report("4001", 2569, rows, out, thai_digits=True)
    text = plain_text("\n".join(p.text for p in Document(str(out)).paragraphs))
    assert "จำนวน ๑ กลุ่ม สมาชิกรวม ๑๒ ราย" in text and "2569" not in text
