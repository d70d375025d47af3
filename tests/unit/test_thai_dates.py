"""Thai dates and digits: formatting in พ.ศ. and reading what people type."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from docgen.thai.dates import be_year, parse_date, thai_date
from docgen.thai.digits import arabic_to_thai_digits, thai_to_arabic_digits


def test_thai_date_formats_in_buddhist_era() -> None:
    d = dt.date(2026, 10, 15)
    assert thai_date(d) == "15 ตุลาคม 2569"
    assert thai_date(d, thai_digits=True) == "๑๕ ตุลาคม ๒๕๖๙"
    assert thai_date(d, short=True) == "15 ต.ค. 2569"
    assert be_year(d) == 2569


@pytest.mark.parametrize(
    "typed",
    [
        "2026-10-15",
        "15 ตุลาคม 2569",
        "15 ต.ค. 69",
        "15 ต.ค. 2569",
        "15/10/2569",
        "15/10/2026",
        "๑๕ ตุลาคม ๒๕๖๙",
        "วันที่ 15 ตุลาคม พ.ศ. 2569",
        "15 ตค 2569",
    ],
)
def test_parse_date_reads_what_people_type(typed: str) -> None:
    assert parse_date(typed) == dt.date(2026, 10, 15)


@pytest.mark.parametrize("bad", ["31/02/2569", "เมื่อวาน", "", "15 หมาเน่า 2569"])
def test_parse_date_refuses_with_thai_message(bad: str) -> None:
    with pytest.raises(ValueError, match="วันที่"):
        parse_date(bad)


@given(st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2200, 12, 31)))
def test_thai_date_round_trips(d: dt.date) -> None:
    assert parse_date(thai_date(d)) == d
    assert parse_date(thai_date(d, thai_digits=True)) == d
    assert parse_date(thai_date(d, short=True)) == d


@given(st.text())
def test_digit_conversion_round_trips(text: str) -> None:
    assert thai_to_arabic_digits(arabic_to_thai_digits(text)) == thai_to_arabic_digits(text)


def test_today_in_thailand_follows_the_office_calendar_not_the_server_zone() -> None:
    from docgen.thai.dates import today_in_thailand

    # 20:30 UTC on 31 Dec is already 1 January in Thailand (UTC+7).
    late = dt.datetime(2025, 12, 31, 20, 30, tzinfo=dt.UTC)
    assert today_in_thailand(late) == dt.date(2026, 1, 1)
    assert be_year(today_in_thailand(late)) == 2569
