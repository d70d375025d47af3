"""National-ID cells drawn and damaged, read by docgen's real cell readers, and what the check digit
makes of each (`read.resolve_national_id`): how many wrong IDs are called clear, how many unsure
digits are put right. Against the naive way in the same run: any one digit's alternative that
passes the check digit taken (the rule the reader had before it learnt where its doubt lies).

    python bench/ocr_ids.py [--cells 600] [--seed 2570]

Cells: a valid ID (made with its check digit) in Arabic or Thai digits, plain or dashed, in the
Thai fonts fontconfig finds, 12-16 pt at 200 dpi, blurred and noised as a scan; most with one
digit partly covered by correction fluid and a pen speck on another, the damage that leaves one
digit unsure and may mislead the engine on another.
"""

from __future__ import annotations

import argparse
import random
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont
from stdnum.th import pin

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from docgen.intake.ocr import engine, thai_digits
from docgen.intake.ocr.read import SURE_DIGIT, read_cell_lines, resolve_national_id

FAMILIES = ("Laksaman", "Garuda", "Norasi", "Loma", "Kinnari", "Waree")
TO_THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


def _font(family: str) -> str:
    out = subprocess.run(
        ["fc-match", "-f", "%{file}", f"{family}:lang=th"], capture_output=True, text=True
    )
    return out.stdout.strip()


def _id(rng: random.Random) -> str:
    body = str(rng.choice((1, 3, 5))) + "".join(str(rng.randint(0, 9)) for _ in range(11))
    return body + pin.calc_check_digit(body)


def _cell(digits: str, rng: random.Random) -> tuple[np.ndarray, bool]:
    """The ID drawn in a cell and damaged; True when typed in Thai digits."""
    thai = rng.random() < 0.4
    typed = (
        f"{digits[0]}-{digits[1:5]}-{digits[5:10]}-{digits[10:12]}-{digits[12]}"
        if rng.random() < 0.5
        else digits
    )
    px = rng.choice((34, 40, 46))
    font = ImageFont.truetype(_font(rng.choice(FAMILIES)), px)
    text = typed.translate(TO_THAI) if thai else typed
    img = Image.new("L", (px * len(text) + 40, px * 2), 255)
    draw = ImageDraw.Draw(img)
    draw.text((20, px // 3), text, fill=0, font=font)
    # Each digit's box, to damage one of them.
    boxes = []
    x = 20.0
    for ch in text:
        width = draw.textlength(ch, font=font)
        if ch != "-":
            boxes.append((round(x), round(x + width)))
        x += width
    out = np.asarray(img).copy()
    if rng.random() < 0.8:
        # Correction fluid over part of one digit (top or bottom), a speck of pen on another.
        a, b = rng.sample(range(len(boxes)), 2)
        x0, x1 = boxes[a]
        share = rng.uniform(0.25, 0.55)
        top, bottom = px // 3, px // 3 + px
        if rng.random() < 0.5:
            out[top : top + round(share * px), x0:x1] = 255
        else:
            out[bottom - round(share * px) : bottom + 4, x0:x1] = 255
        x0, x1 = boxes[b]
        cx, cy = rng.randint(x0, x1), rng.randint(top + px // 4, bottom - px // 4)
        cv2.circle(out, (cx, cy), rng.randint(2, 4), 0, -1)
    blurred = cv2.GaussianBlur(out, (0, 0), rng.uniform(0.6, 1.3)).astype(float)
    blurred += np.random.default_rng(rng.randint(0, 1 << 30)).normal(0, 10, blurred.shape)
    return np.clip(blurred * 0.9 + 20, 0, 255).astype(np.uint8), thai


def naive(read: engine.CellRead) -> tuple[str, bool]:
    """Any digit's other choice that passes the check digit, the only one that does, taken."""
    digit_symbols = [s for s in read.symbols if s.text.isdigit()]
    value = "".join(s.text for s in digit_symbols)
    if len(value) != 13:
        return value, False
    if pin.is_valid(value):
        return value, True
    found = {
        value[:i] + alt + value[i + 1 :]
        for i, sym in enumerate(digit_symbols)
        for alt, _c in sym.choices
        if alt.isdigit() and alt != sym.text and pin.is_valid(value[:i] + alt + value[i + 1 :])
    }
    if len(found) == 1:
        return found.pop(), True
    return value, min((s.confidence for s in digit_symbols), default=0.0) >= SURE_DIGIT


def outcome(truth: str, read: engine.CellRead, text: str, clear: bool) -> str:
    got = re.sub(r"\D", "", text)
    raw = "".join(s.text for s in read.symbols if s.text.isdigit())
    corrected = got != raw
    if not clear:
        return "unsure (warning)"
    if got == truth:
        return "clear, right, corrected" if corrected else "clear, right"
    if pin.is_valid(got):
        return "CLEAR, WRONG, VALID" + (" (corrected)" if corrected else "")
    return "clear, wrong, invalid (error)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cells", type=int, default=600)
    parser.add_argument("--seed", type=int, default=2570)
    parser.add_argument("--show", action="store_true", help="each wrong or corrected cell's digits")
    args = parser.parse_args()
    if not engine.available():
        raise SystemExit("needs tesserocr and tha")
    rng = random.Random(args.seed)
    ours: Counter[str] = Counter()
    plain: Counter[str] = Counter()
    for _ in range(args.cells):
        truth = _id(rng)
        cell, thai = _cell(truth, rng)
        read = thai_digits.read_thai_digits(cell) if thai else read_cell_lines(cell, digits=True)
        mine = outcome(truth, read, *resolve_national_id(read))
        ours[mine] += 1
        if args.show and ("corrected" in mine or "WRONG" in mine):
            digits = [s for s in read.symbols if s.text.isdigit()]
            print(mine, "thai" if thai else "arabic", truth)
            for i, s in enumerate(digits):
                mark = "" if i < 13 and truth[i : i + 1] == s.text else "  <- wrong"
                alts = " ".join(f"{c}:{v:.2f}" for c, v in s.choices)
                print(f"   {i:2d} {s.text} {s.confidence:.2f}  [{alts}]{mark}")
        plain[outcome(truth, read, *naive(read))] += 1
    print(f"{args.cells} cells, seed {args.seed}")
    print(f"{'outcome':34} {'docgen':>7} {'naive':>7}")
    for key in sorted(set(ours) | set(plain)):
        print(f"{key:34} {ours[key]:7d} {plain[key]:7d}")


if __name__ == "__main__":
    main()
