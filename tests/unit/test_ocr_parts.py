"""OCR's parts that need no Tesseract: choosing an ID digit by the check digit, grids, skew, findings."""

from __future__ import annotations

import random
from pathlib import Path

import cv2
import numpy as np
import pytest
from stdnum.th import pin

from docgen.intake.ocr.engine import CellRead, Symbol
from docgen.intake.ocr.findings import with_ocr_findings
from docgen.intake.ocr.grid import find_grids
from docgen.intake.ocr.prepare import _rotate, binarise, even_light, skew_angle
from docgen.intake.ocr.read import ocr_header_field, resolve_national_id
from docgen.model import (
    Bundle,
    ClassifiedFile,
    DocKind,
    DocumentContent,
    Finding,
    GroupInfo,
    OcrDoubt,
    OcrInfo,
    Person,
    RosterRow,
    Severity,
    SourceFile,
)
from docgen.thai.names import names_close


def _valid_id(rng: random.Random) -> str:
    body = "".join(str(rng.randint(0, 9)) for _ in range(12))
    return body + pin.calc_check_digit(body)


def _read(
    digits: str, sure: float = 0.99, unsure_at: int | None = None, alts: str = ""
) -> CellRead:
    symbols = []
    for i, ch in enumerate(digits):
        conf = 0.55 if i == unsure_at else sure
        choices = ((ch, conf), *((a, 0.3) for a in alts)) if i == unsure_at else ((ch, conf),)
        symbols.append(Symbol(ch, conf, choices))
    return CellRead(digits, min(s.confidence for s in symbols), tuple(symbols))


def test_an_unsure_digit_is_replaced_by_the_one_second_choice_that_passes_the_check_digit() -> None:
    rng = random.Random(11)
    checked = 0
    for _ in range(30):
        good = _valid_id(rng)
        at = rng.randrange(12)
        wrong = next(d for d in "0123456789" if d != good[at])
        misread = good[:at] + wrong + good[at + 1 :]
        if pin.is_valid(misread):
            continue
        others = "".join(d for d in "0123456789" if d not in (wrong, good[at]))[:2]
        text, clear = resolve_national_id(_read(misread, unsure_at=at, alts=good[at] + others))
        # Of all ten digits, one passes there (a check digit of 1 lets two pass: no choice).
        if sum(pin.is_valid(misread[:at] + d + misread[at + 1 :]) for d in "0123456789") == 1:
            assert (text, clear) == (good, True)
            checked += 1
        else:
            assert clear is False
    assert checked >= 10


def test_sure_digits_are_never_changed_and_an_id_read_clearly_stays_invalid() -> None:
    rng = random.Random(5)
    good = _valid_id(rng)
    wrong = good[:12] + str((int(good[12]) + 1) % 10)
    text, clear = resolve_national_id(_read(wrong))
    assert (text, clear) == (wrong, True)  # clear digits: the rules give INVALID_NATIONAL_ID


def test_an_id_with_an_unsure_digit_and_no_passing_choice_is_in_doubt() -> None:
    rng = random.Random(7)
    good = _valid_id(rng)
    wrong = good[:5] + str((int(good[5]) + 3) % 10) + good[6:]
    assert not pin.is_valid(wrong)
    text, clear = resolve_national_id(_read(wrong, unsure_at=5, alts=""))
    assert text == wrong and clear is False


def test_a_short_id_read_unsure_is_in_doubt_and_dashes_are_kept() -> None:
    assert resolve_national_id(_read("38406123", sure=0.5))[1] is False
    rng = random.Random(3)
    good = _valid_id(rng)
    dashed = f"{good[0]}-{good[1:5]}-{good[5:10]}-{good[10:12]}-{good[12]}"
    symbols = tuple(Symbol(ch, 0.99, ((ch, 0.99),)) for ch in dashed)
    assert resolve_national_id(CellRead(dashed, 0.99, symbols)) == (dashed, True)


def test_header_words_misread_by_ocr_still_name_their_column() -> None:
    assert ocr_header_field("ซือ-สกุล") == "full"
    assert ocr_header_field("เลขบัตรบระจำตัวประชาชน") == "national_id"
    assert ocr_header_field("ลำดับที") == "order"
    assert ocr_header_field("ตำแหนง") == "position"
    assert ocr_header_field("ผลการเรียน") is None


def test_names_close_tolerates_a_lost_mark_but_not_another_name() -> None:
    assert names_close("สายสุนีย์ทองประเสริฐ", "สายสนีย์ทองประเสริฐ")
    assert names_close("สมหมายปัญญาดี", "สมหมายปัญญาตดี")
    assert not names_close("สมชายใจดี", "สมศรีใจดี")
    assert not names_close("มาลีสุข", "มานีสุด")


def _ruled_page(rows: int = 6, cols: int = 4) -> np.ndarray:
    page = np.full((1400, 1000), 255, np.uint8)
    ys = [300 + i * 60 for i in range(rows + 1)]
    xs = [100, 200, 550, 800, 900][: cols + 1]
    for y in ys:
        cv2.line(page, (xs[0], y), (xs[-1], y), 0, 2)
    for x in xs:
        cv2.line(page, (x, ys[0]), (x, ys[-1]), 0, 2)
    for i, y in enumerate(ys[:-1]):
        cv2.putText(page, f"{i + 1}", (xs[0] + 20, y + 42), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 0, 2)
        cv2.putText(page, "name here", (xs[1] + 20, y + 42), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 0, 2)
    for j in range(8):
        cv2.putText(
            page, "running text line", (100, 900 + 50 * j), cv2.FONT_HERSHEY_SIMPLEX, 1.2, 0, 2
        )
    return page


def test_the_ruled_grid_of_a_table_is_found_with_its_rows_and_columns() -> None:
    grids = find_grids(binarise(_ruled_page()))
    assert len(grids) == 1
    assert len(grids[0].rows) == 7 and len(grids[0].cols) == 5
    assert len(grids[0].cells()) == 6 and len(grids[0].cells()[0]) == 4


def test_skew_is_measured_to_a_tenth_of_a_degree_and_the_grid_found_after_deskew() -> None:
    page = _ruled_page()
    for angle in (3.0, -1.7, 0.6):
        turned = _rotate(page, angle)
        found = skew_angle(binarise(even_light(turned)))
        assert abs(found + angle) <= 0.15
        straight = _rotate(turned, found)
        grids = find_grids(binarise(straight))
        assert len(grids) == 1 and len(grids[0].rows) == 7


def test_uneven_light_is_divided_out() -> None:
    page = _ruled_page().astype(np.float32)
    shade = np.linspace(0.45, 1.0, page.shape[1], dtype=np.float32)[None, :]
    dark = (page * shade).astype(np.uint8)
    ink = binarise(even_light(dark))
    # The shaded paper is paper, not ink: about as much ink as the evenly lit page.
    assert abs(
        int(np.count_nonzero(ink)) - int(np.count_nonzero(binarise(_ruled_page())))
    ) < 0.2 * int(np.count_nonzero(binarise(_ruled_page())))


def _bundle(doubts: tuple[OcrDoubt, ...], raw_id: str) -> tuple[Bundle, list[Finding]]:
    source = SourceFile("สมาชิก.jpg", Path("สมาชิก.jpg"), 1)
    content = DocumentContent((), (), pages=1, ocr=OcrInfo(0.8, (), doubts))
    person = Person("นาย", "สมชาย", "ใจดี", national_id=raw_id, national_id_raw=raw_id)
    rows = (RosterRow(1, person, source.name, "แถวที่ 3"),)
    bundle = Bundle((ClassifiedFile(source, DocKind.MEMBER_ROSTER, content),), GroupInfo(), rows)
    invalid = Finding("INVALID_NATIONAL_ID", Severity.ERROR, "ผิด", source.name, "แถวที่ 3")
    return bundle, [invalid]


def test_an_unsure_id_is_a_warning_naming_page_and_row_not_an_error() -> None:
    bundle, findings = _bundle((OcrDoubt(2, 3, "national_id", "3840688516261"),), "3840688516261")
    out = with_ocr_findings(bundle, findings)
    assert [f.code for f in out] == ["UNCLEAR_TEXT"]
    assert out[0].severity == Severity.WARNING
    assert out[0].where == "หน้า 2 แถวที่ 3"
    assert "อ่านจากภาพไม่ชัด ตรวจกับต้นฉบับ" in out[0].message
    assert "3840688516261" not in out[0].message  # IDs are masked
    assert out[0].extra["document"] == "member_roster"


def test_a_clear_invalid_id_stays_an_error() -> None:
    bundle, findings = _bundle((OcrDoubt(1, 5, "full", "นายสมชาย ใจดี"),), "3840688516261")
    out = with_ocr_findings(bundle, findings)
    assert sorted(f.code for f in out) == ["INVALID_NATIONAL_ID", "UNCLEAR_TEXT"]


def test_an_unsure_orientation_is_asked_again_at_full_scale_and_else_not_turned(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from docgen.intake.ocr import engine, prepare

    ink = np.zeros((400, 300), np.uint8)

    def answers(*found: tuple[int, float] | None) -> list[int]:
        queue = list(found)
        asked: list[int] = []

        def fake(image: object) -> tuple[int, float] | None:
            asked.append(max(image.size))  # type: ignore[attr-defined]
            return queue.pop(0)

        monkeypatch.setattr(engine, "detect_orientation", fake)
        turns = prepare.orientation(ink)
        return [turns, *asked]

    # Sure at half scale: taken (90 degrees counter-clockwise = one quarter turn).
    assert answers((90, 6.0)) == [1, 200]
    # Unsure at half scale, sure at full: the full-scale answer.
    assert answers((180, 0.11), (0, 13.5)) == [0, 200, 400]
    assert answers((180, 0.5), (270, 9.0)) == [3, 200, 400]
    # Unsure twice: read as it is.
    assert answers((180, 0.11), (180, 1.0)) == [0, 200, 400]


def test_thin_stepped_and_broken_rules_of_a_fax_are_still_rules() -> None:
    # A 1-bit fax: rules 1 px thick that step up and down a pixel every 40 px (a scanner's
    # wavy line, runs shorter than the opening), one rule broken by a 12 px gap. All 8 found.
    page = np.full((1400, 1600), 255, np.uint8)
    ys = [300 + i * 60 for i in range(8)]
    xs = [100, 200, 700, 1100, 1500]
    for n, y in enumerate(ys):
        for x in range(xs[0], xs[-1] + 1):
            if n == 4 and 800 <= x < 812:
                continue  # the broken rule
            page[y + (x - xs[0]) // 40 % 2, x] = 0
    for x in xs:
        page[ys[0] : ys[-1] + 5, x] = 0
    for y in ys[:-1]:
        cv2.putText(page, "name here", (xs[1] + 20, y + 42), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 0, 2)
    grids = find_grids(binarise(page))
    assert len(grids) == 1
    assert len(grids[0].rows) == len(ys) and len(grids[0].cols) == len(xs)


def test_an_empty_cell_dotted_with_fax_specks_is_empty_and_a_full_stop_is_kept() -> None:
    from docgen.intake.ocr.prepare import PreparedPage
    from docgen.intake.ocr.read import _cell_crop

    rng = np.random.default_rng(5)
    ink = np.zeros((60, 400), np.uint8)
    ink[rng.random(ink.shape) < 0.01] = 255  # salt noise: ~200 single pixels
    prep = PreparedPage(gray=255 - ink, ink=ink)
    assert _cell_crop(prep, (0, 0, 400, 60)) is None
    written = ink.copy()
    written[25:41, 100:104] = 255  # a stroke
    written[38:42, 300:304] = 255  # a full stop far to its right
    crop = _cell_crop(PreparedPage(gray=255 - written, ink=written), (0, 0, 400, 60))
    assert crop is not None and crop.shape[1] >= 204 + 40  # stroke to full stop, margins 20


def test_column_rules_leaning_as_a_photo_leaves_them_are_still_columns() -> None:
    # A photographed table whose perspective was not fully undone: its left rules lean 6°
    # (a 1 px rule moving 100 px over the table's 1000 px). All 5 columns are found.
    page = np.full((1500, 1400), 255, np.uint8)
    top, bottom = 250, 1250
    ys = list(range(top, bottom + 1, 125))
    xs = [150, 300, 700, 1000, 1250]
    lean = [100, 80, 30, 0, 0]  # px the rule moves left to right, from top to bottom
    for y in ys:
        cv2.line(page, (xs[0] + lean[0] * (y - top) // 1000, y), (xs[-1], y), 0, 2)
    for x, d in zip(xs, lean, strict=True):
        cv2.line(page, (x, top), (x + d, bottom), 0, 1)
    for y in ys[:-1]:
        cv2.putText(page, "name here", (xs[1] + 60, y + 70), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 0, 2)
    grids = find_grids(binarise(page))
    assert len(grids) == 1
    assert len(grids[0].cols) == len(xs) and len(grids[0].rows) == len(ys)


def test_a_rule_stub_at_the_end_of_a_cell_line_is_not_text() -> None:
    from docgen.intake.ocr.read import _join_cell

    assert _join_cell("| นายสุริยา คำแปง |") == "นายสุริยา คำแปง"
    assert _join_cell("นายไพโรจน์ แก้วคง\n|") == "นายไพโรจน์ แก้วคง"
