"""National IDs: reading as typed (dashes, spaces, Thai digits, XLSX floats), check digit, masking."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from stdnum.th import pin

from docgen.thai.digits import arabic_to_thai_digits
from docgen.thai.ids import (
    format_national_id,
    is_valid_national_id,
    mask_national_id,
    normalize_national_id,
)

VALID = "1101700230708"


def test_forms_people_type_all_read_as_the_same_13_digits() -> None:
    for typed in (
        "1101700230708",
        "1-1017-00230-70-8",
        "1 1017 00230 70 8",
        "๑-๑๐๑๗-๐๐๒๓๐-๗๐-๘",
        "1101700230708.0",
        "'1101700230708",
        " 1-1017-00230-70- 8 ",
        "1\u200b101700230708",
    ):
        assert normalize_national_id(typed) == VALID, typed


def test_not_13_digits_is_none() -> None:
    for typed in (
        "",
        "-",
        "110170023070",
        "11017002307081",
        "1.10170023071E+12",
        "abc1101700230708",
    ):
        assert normalize_national_id(typed) is None, typed


def test_check_digit() -> None:
    assert is_valid_national_id(VALID)
    assert is_valid_national_id("1-1017-00230-70-8")
    assert not is_valid_national_id("1101700230709")
    assert not is_valid_national_id("12345")


def test_mask_keeps_only_what_an_officer_needs() -> None:
    assert mask_national_id(VALID) == "1-1017-00xxx-xx-8"
    assert "00230" not in mask_national_id("1-1017-00230-70-8")
    assert mask_national_id("12345") == "1xxx5"
    assert format_national_id(VALID) == "1-1017-00230-70-8"


@st.composite
def national_ids(draw: st.DrawFn) -> str:
    # The first digit is a person category 1-8 (0 and 9 are not issued to people).
    first = draw(st.sampled_from("12345678"))
    body = first + draw(st.text(alphabet="0123456789", min_size=11, max_size=11))
    return body + str(pin.calc_check_digit(body))


@given(national_ids(), st.sampled_from(["", "-", " ", "  ", " - "]), st.booleans())
def test_any_valid_id_survives_separators_and_thai_digits(pid: str, sep: str, thai: bool) -> None:
    typed = sep.join([pid[0], pid[1:5], pid[5:10], pid[10:12], pid[12]])
    if thai:
        typed = arabic_to_thai_digits(typed)
    assert normalize_national_id(typed) == pid
    assert is_valid_national_id(typed)
    masked = mask_national_id(typed)
    assert masked.startswith(pid[0]) and masked.endswith(pid[-1]) and "xxx" in masked


@given(national_ids(), st.integers(min_value=1, max_value=9))
def test_a_wrong_check_digit_fails(pid: str, delta: int) -> None:
    changed = pid[:12] + str((int(pid[12]) + delta) % 10)
    assert not is_valid_national_id(changed)
