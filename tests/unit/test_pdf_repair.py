"""repair_thai: the garbling PDF extractors show on Thai text, and text that must stay as it is."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docgen.thai.pdftext import PUA_TO_THAI, join_wrapped, repair_thai


@pytest.mark.parametrize(
    ("garbled", "typed"),
    [
        # Sara am split into nikhahit + sara aa (and the other way round), and doubled.
        ("สํานักงาน", "สำนักงาน"),
        ("สาํนักงาน", "สำนักงาน"),
        ("สำานักงาน", "สำนักงาน"),
        ("จํานวน", "จำนวน"),
        # A tone mark between the parts of sara am, or after it, belongs before it.
        ("นํ้า", "น้ำ"),
        ("น้ํา", "น้ำ"),
        ("นำ้", "น้ำ"),
        ("ค่ํา", "ค่ำ"),
        # Shifted and low glyphs from the Private Use Area.
        ("ป\uf701\uf713", "ปิ่"),  # ปิ่ with left-shifted sara i and mai ek
        ("หมู\uf70a", "หมู่"),
        ("ฟ\uf714า", "ฟ้า"),
        ("\uf70fาติ", "ญาติ"),
        ("\uf700าน", "ฐาน"),
        ("ฎ\uf718", "ฎุ"),
        # Marks in the wrong order: tone mark before the vowel it sits above.
        ("ก่ิน", "กิ่น"),
        ("ที่่", "ที่"),  # the same mark drawn twice is one mark
        # Spaces that split a syllable.
        ("ส ่งเสริม", "ส่งเสริม"),
        ("อ าชีพ", "อาชีพ"),
        ("เ กษตร", "เกษตร"),
        ("กลุ ่ม", "กลุ่ม"),
        ("ก ำ", "กำ"),
        # Two below-vowels on one letter: the first was the low mai ek glyph.
        ("หมุู", "หมู่"),
        # Invisible characters some producers add.
        ("กลุ่ม\u200bส่งเสริม", "กลุ่มส่งเสริม"),
    ],
)
def test_garbled_thai_is_repaired(garbled: str, typed: str) -> None:
    assert repair_thai(garbled) == typed


@pytest.mark.parametrize(
    "typed",
    [
        "นายสมชาย ใจดี",
        "กลุ่มส่งเสริมอาชีพการเกษตร หมู่ที่ ๓ ตำบลท่าพระ",
        "ไปๆ มาๆ กรุงเทพฯ",
        "ไป ๆ มา ๆ",  # a space before mai yamok is allowed
        "นางฤดี ฦๅษี ฤทธิ์ ศุกร์",
        "1-2345-67890-12-3 โทร. 081-234-5678",
        "Mr. Somchai Jaidee",
        "",
    ],
)
def test_correct_text_is_left_alone(typed: str) -> None:
    assert repair_thai(typed) == typed


def test_every_pua_glyph_maps_to_a_thai_character() -> None:
    assert len(PUA_TO_THAI) == 27
    for pua, thai in PUA_TO_THAI.items():
        assert repair_thai("ก" + pua).endswith(thai) or repair_thai(pua) == thai


# Well-formed Thai syllables: consonant, optional vowel above/below, optional tone mark.
_CONSONANTS = "กขคงจชซญฎฏฐณดตถทธนบปผฝพฟภมยรลวศษสหฬอฮ"
_syllable = st.builds(
    lambda lead, c, v, t, tail: lead + c + v + t + tail,
    st.sampled_from(["", "เ", "แ", "โ", "ใ", "ไ"]),
    st.sampled_from(list(_CONSONANTS)),
    st.sampled_from(["", "ิ", "ี", "ึ", "ื", "ุ", "ู", "ั"]),
    st.sampled_from(["", "่", "้", "๊", "๋"]),
    st.sampled_from(["", "า", "ำ", "ะ", "น", "ง", "ม"]),
)


@settings(max_examples=120, deadline=None)
@given(st.lists(st.lists(_syllable, min_size=1, max_size=4).map("".join), max_size=6))
def test_well_formed_thai_is_never_changed(words: list[str]) -> None:
    text = " ".join(words)
    assert repair_thai(text) == text


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=0x0E00, max_codepoint=0x0E7F) | st.just(" ")))
def test_repair_is_stable(text: str) -> None:
    once = repair_thai(text)
    assert repair_thai(once) == once


@pytest.mark.parametrize(
    ("lines", "breaks", "joined"),
    [
        (["1101700", "230708"], None, "1101700230708"),  # an ID in a narrow column
        (["เลขประจำตัวประชา", "ชน"], None, "เลขประจำตัวประชาชน"),  # one dictionary word
        (["นางสาวปฏิมา", "ภูผา"], None, "นางสาวปฏิมา ภูผา"),  # first name | surname
        (["12 ม.3 ต.ท่าพระ", "อ.เมือง"], None, "12 ม.3 ต.ท่าพระ อ.เมือง"),
        (["ตำบลใน", "เมือง"], [False], "ตำบลในเมือง"),  # room for a space, none drawn
        (["นางคำปุ่น ", "ทองดี"], None, "นางคำปุ่น ทองดี"),  # a drawn trailing space
        (["Somchai", "Jaidee"], None, "Somchai Jaidee"),
        # Room left for a space and none drawn: digits and dashes run on, Thai or Arabic.
        (["๓-๔๐๐๑-", "๐๐๑๑๐-๐๐-๓"], [False], "๓-๔๐๐๑-๐๐๑๑๐-๐๐-๓"),
        (["3-4001-00110-", "00-3"], [False], "3-4001-00110-00-3"),
        (["๓๔๐๐๑", "๐๐๑๑๐๐๐๓"], [False], "๓๔๐๐๑๐๐๑๑๐๐๐๓"),
        (["โทร 081-", "234-5678"], [False], "โทร 081-234-5678"),
        (["นายสมชาย ", "ใจดี"], [False], "นายสมชาย ใจดี"),  # the drawn space wins
    ],
)
def test_wrapped_cell_lines_join_as_typed(
    lines: list[str], breaks: list[bool | None] | None, joined: str
) -> None:
    assert join_wrapped(lines, breaks) == joined
