"""Names: prefixes (นาย, นาง, นางสาว = น.ส., ranks), splitting, and keys that match one person written differently."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from docgen.thai.names import PREFIXES, canonical_prefix, name_key, split_name


def test_split_common_forms() -> None:
    assert split_name("นายสมชาย ใจดี") == ("นาย", "สมชาย", "ใจดี")
    assert split_name("น.ส. สมหญิง  รักดี") == ("น.ส.", "สมหญิง", "รักดี")
    assert split_name("น. ส.สมหญิง รักดี")[1:] == ("สมหญิง", "รักดี")
    assert split_name("นางสาวสมศรี มีสุข") == ("นางสาว", "สมศรี", "มีสุข")
    assert split_name("ว่าที่ร้อยตรีสมปอง ดีใจ") == ("ว่าที่ร้อยตรี", "สมปอง", "ดีใจ")
    assert split_name("นาง สมใจ ณ อยุธยา") == ("นาง", "สมใจ", "ณ อยุธยา")
    assert split_name("(นายสมชาย ใจดี)") == ("นาย", "สมชาย", "ใจดี")


def test_names_that_begin_like_an_abbreviation_keep_their_letters() -> None:
    # ศ. / นพ. / ม.ล. need their dots; ศรีสุดา, นพดล and มลฤดี are names.
    assert split_name("ศรีสุดา ใจงาม") == ("", "ศรีสุดา", "ใจงาม")
    assert split_name("นพดล แก้วมณี") == ("", "นพดล", "แก้วมณี")
    assert split_name("มลฤดี สุขใจ") == ("", "มลฤดี", "สุขใจ")


def test_abbreviations_mean_the_full_prefix() -> None:
    assert canonical_prefix("น.ส.") == "นางสาว"
    assert canonical_prefix("ด.ช.") == "เด็กชาย"
    assert canonical_prefix("นาย") == "นาย"


def test_one_person_written_differently_has_one_key() -> None:
    forms = [
        "นางสาวสมหญิง รักดี",
        "น.ส.สมหญิง รักดี",
        "น.ส. สมหญิง  รักดี",
        "สมหญิง รักดี",
        "นางสาว สม\u200bหญิง รักดี",
    ]
    assert len({name_key(f) for f in forms}) == 1
    assert name_key("นายสมชาย ใจดี") != name_key("นายสมชัย ใจดี")


PREFIX_WORDS = tuple(p for p in PREFIXES if "." not in p and not p.isascii())
THAI_LETTERS = "กขคงจฉชซญดตถทนบปผพฟภมยรลวศสหอฮะาิีึืุูเแโใไ่้๊๋"


@given(
    st.sampled_from(["นาย", "นาง", "นางสาว", "น.ส.", "น.ส. ", "นาย ", ""]),
    st.text(alphabet=THAI_LETTERS, min_size=2, max_size=10).filter(
        # A first name that itself reads as a prefix glued on (พระ…, นาย…) is a different case.
        lambda s: s[0] in "กขคงจฉชซญดตถทบปผพฟภยรลวหอฮ" and not s.startswith(PREFIX_WORDS)
    ),
    st.text(alphabet=THAI_LETTERS, min_size=2, max_size=10),
    st.sampled_from([" ", "  ", "\u00a0", " \u200b"]),
)
def test_key_ignores_prefix_and_spacing(prefix: str, first: str, last: str, gap: str) -> None:
    written = f"{prefix}{first}{gap}{last}"
    assert name_key(written) == name_key(f"{first} {last}")
    p, f, _l = split_name(written)
    assert f.startswith(first[:1])
    if prefix.strip():
        assert canonical_prefix(p) in ("นาย", "นาง", "นางสาว")


def test_a_split_prefix_from_pdf_text_and_a_name_that_starts_like_one() -> None:
    assert split_name("นาง สาวสมหญิง รักดี")[1:] == ("สมหญิง", "รักดี")
    assert split_name("นาง สาวิตรี ดีงาม") == ("นาง", "สาวิตรี", "ดีงาม")
    assert name_key("นางสาวสาวิตรี ดีงาม") == name_key("สาวิตรี ดีงาม")
