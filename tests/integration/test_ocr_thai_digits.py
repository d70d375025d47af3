"""National IDs typed in Thai digits (๐-๙), as many offices type them, read from scanned tables.

Tesseract's Thai model misreads these digits (๔ as ๕, ๖ as ๒), so number cells in Thai digits
are read by their shapes (docgen.intake.ocr.thai_digits). Cells and tables are drawn here with the
Thai fonts fontconfig finds, from IDs made with a valid check digit, so the expected digits are
the drawn ones."""

from __future__ import annotations

import random
import subprocess

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont
from stdnum.th import pin

from docgen.intake.ocr import engine, thai_digits
from docgen.intake.ocr.read import read_images, resolve_national_id

pytestmark = pytest.mark.skipif(not engine.available(), reason="needs tesserocr and tha")

TO_THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


def _font(family: str) -> str:
    out = subprocess.run(
        ["fc-match", "-f", "%{file}", f"{family}:lang=th"], capture_output=True, text=True
    ).stdout
    return out.strip()


FAMILIES = ("Laksaman", "Garuda", "Norasi", "Loma", "Kinnari", "Waree")


def _id(rng: random.Random) -> str:
    body = str(rng.choice((1, 3, 5))) + "".join(str(rng.randint(0, 9)) for _ in range(11))
    return body + pin.calc_check_digit(body)


def _dashed(digits: str) -> str:
    return f"{digits[0]}-{digits[1:5]}-{digits[5:10]}-{digits[10:12]}-{digits[12]}"


def _degrade(img: np.ndarray, rng: random.Random) -> np.ndarray:
    """A scan of print: blur, scanner noise, a little grey."""
    out = cv2.GaussianBlur(img, (0, 0), rng.uniform(0.5, 1.0)).astype(float)
    out += np.random.default_rng(rng.randint(0, 1 << 30)).normal(0, 8, out.shape)
    return np.clip(out * 0.9 + 20, 0, 255).astype(np.uint8)


def _cell(text: str, family: str, px: int, rng: random.Random) -> np.ndarray:
    font = ImageFont.truetype(_font(family), px)
    img = Image.new("L", (px * len(text) + 40, px * 2), 255)
    ImageDraw.Draw(img).text((20, px // 3), text.translate(TO_THAI), fill=0, font=font)
    return _degrade(np.asarray(img), rng)


@pytest.mark.parametrize("family", FAMILIES)
def test_a_thai_digit_id_cell_reads_exactly_in_each_thai_font_or_is_called_unclear(
    family: str,
) -> None:
    """12-16 pt at 200 dpi; a misread is never passed off as a clear ID (it would become a false
    INVALID_NATIONAL_ID or COMMITTEE_NOT_MEMBER error)."""
    rng = random.Random(f"thai-digits:{family}")
    exact = 0
    for _ in range(8):
        digits = _id(rng)
        typed = _dashed(digits) if rng.random() < 0.5 else digits
        read = thai_digits.read_thai_digits(_cell(typed, family, rng.choice((34, 40, 46)), rng))
        text, clear = resolve_national_id(read)
        if clear:
            assert text.replace("-", "") == digits, (family, typed, read.text)
            exact += 1
    assert exact >= 5, f"{family}: only {exact} of 8 read"


def test_two_digits_run_together_are_cut_apart() -> None:
    rng = random.Random("touching")
    digits = _id(rng)
    font = ImageFont.truetype(_font("Laksaman"), 34)
    img = Image.new("L", (600, 70), 255)
    draw = ImageDraw.Draw(img)
    x = 20
    for i, ch in enumerate(digits.translate(TO_THAI)):
        draw.text((x, 12), ch, fill=0, font=font)
        width = draw.textlength(ch, font=font)
        x += int(width) - (3 if i in (4, 9) else -2)  # two pairs printed into each other
    read = thai_digits.read_thai_digits(_degrade(np.asarray(img), rng))
    assert read.text == digits


def _table(rows: list[list[str]], family: str = "Laksaman") -> Image.Image:
    """A ruled table page at about 200 dpi: columns ที่ | ชื่อ-สกุล | เลขประจำตัวประชาชน."""
    font = ImageFont.truetype(_font(family), 30)
    widths = (90, 520, 520)
    height = 70
    page = Image.new("L", (1300, 180 + height * len(rows)), 255)
    draw = ImageDraw.Draw(page)
    x0, y0 = 60, 100
    for r, row in enumerate(rows):
        x = x0
        for w, text in zip(widths, row, strict=True):
            draw.rectangle((x, y0 + r * height, x + w, y0 + (r + 1) * height), outline=0, width=3)
            draw.text((x + 14, y0 + r * height + 14), text, fill=0, font=font)
            x += w
    return page


def test_a_roster_page_and_its_headerless_continuation_read_thai_digit_ids() -> None:
    rng = random.Random("roster-thai-digits")
    names = ["นายสมชาย ใจดี", "นางสมศรี มีสุข", "นายบุญมา ทองคำ", "นางสาวมาลี ศรีสุข"]
    ids = [_id(rng) for _ in range(8)]
    first = [["ที่", "ชื่อ-สกุล", "เลขประจำตัวประชาชน"]] + [
        [str(i + 1), names[i], _dashed(ids[i]).translate(TO_THAI)] for i in range(4)
    ]
    # The second page carries on the table without repeating its header.
    second = [[str(i + 5), names[i], ids[i + 4].translate(TO_THAI)] for i in range(4)]
    pages = [_table(first), _table(second)]
    content = read_images(pages)
    got = [row[2].replace("-", "") for table in content.tables for row in table.rows[-4:]]
    assert got == ids
    assert not content.ocr.doubts
