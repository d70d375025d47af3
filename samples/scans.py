"""Seeded generator of scanned and photographed bundles, from the sample bundles printed to PDF.

Each shape is what a district office receives when a group has no computer at hand: every
document scanned to an image-only PDF; single pages photographed with a phone (perspective,
a lamp's uneven light, JPEG, the EXIF orientation of a phone held sideways); multi-page TIFFs
from a copier with the sheet fed skewed; an iPhone's HEIC; a skewed PNG; copies certified with
"สำเนาถูกต้อง", a blue signature and the group's red stamp, scanned in colour. Pages come from the text
PDFs of `samples/bundles/<source>/` rasterised by pdftoppm, and the expected result is that
bundle's expected.json (written by samples.generate from its data) with the new file names,
plus the findings of the defects this generator puts in (an ID with two digits swapped is a
clear INVALID_NATIONAL_ID; an ID with a digit blotted out is UNCLEAR_TEXT, not an error; a
committee member's name printed with two letters OCR confuses is UNCLEAR_TEXT at its row, not
COMMITTEE_NOT_MEMBER). signature-photos: the bylaws photographed page by page, the signing block
under the last clause on a photo of its own (one document over four photos).

    python -m samples.scans OUT_DIR [--source valid-05-all-pdf] [--shape scan-pdf] [--seed 2569]
"""

from __future__ import annotations

import argparse
import functools
import itertools
import json
import random
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cv2
import numpy as np
from PIL import Image

BUNDLES = Path(__file__).resolve().parent / "bundles"
SOURCES = ("valid-05-all-pdf", "defect-pdf-count-mismatch")  # bundles printed to PDF
SHAPES = (
    "scan-pdf",
    "photos",
    "tiff-heic",
    "id-swapped",
    "id-blotted",
    "all-in-one-scan",
    "count-scratched",
    "turned",
    "roster-photos",
    "wide-roster-scan",
    "wide-roster-150",
    "wide-ruled-150",
    "leaning-photos",
    "committee-misread",
    "signed-copies",
    "signature-photos",
)
# wide-roster-*: the XLSX roster printed by LibreOffice as Excel prints a sheet wider than the
# paper (its left columns on one page, the columns to their right on the next ones, the same
# rows on each), then scanned at 300 or 150 DPI; the bundle's other documents as they are.
# wide-ruled-150: the same sheet with its table ruled (every cell bordered), at 150 DPI.
WIDE_DPI = {"wide-roster-scan": 300, "wide-roster-150": 150, "wide-ruled-150": 150}
WIDE_SOURCES = ("valid-06-loose-files", "valid-02-xlsx-roster")
# leaning-photos: the tables photographed close and at a slant (photograph_leaning), the rest
# sent as their text PDFs.
LEANING_KINDS = ("member_roster", "committee_list")
COMBINED_NAME = "เอกสารขอจัดตั้งกลุ่ม.pdf"  # all-in-one-scan: the stack fed through the scanner at once
DPI = 200


@dataclass
class Page:
    image: np.ndarray  # grayscale, uint8
    words: list[tuple[str, tuple[float, float, float, float]]]  # text, box in pixels


def _words(pdf: Path, dpi: int) -> list[list[tuple[str, tuple[float, float, float, float]]]]:
    """Each page's words with their boxes (pdftotext -bbox), in pixels at `dpi`."""
    out = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, timeout=60
    ).stdout.decode("utf-8")
    scale = dpi / 72.0
    pages: list[list[tuple[str, tuple[float, float, float, float]]]] = []
    for chunk in out.split("<page ")[1:]:
        words = []
        for m in re.finditer(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
            chunk,
        ):
            x0, y0, x1, y1 = (float(m.group(i)) * scale for i in range(1, 5))
            words.append((m.group(5), (x0, y0, x1, y1)))
        pages.append(words)
    return pages


def rasterise(pdf: Path, dpi: int = DPI, cache: Path | None = None) -> list[Page]:
    """The pages of a text PDF as gray images with their word boxes (cached by file and dpi)."""
    words = _words(pdf, dpi)
    with tempfile.TemporaryDirectory() as tmp:
        # Keyed by the bundle too: every bundle has its "01 หนังสือขอใบรับรอง.pdf".
        key = f"{pdf.parent.parent.name}-{pdf.stem}-{dpi}"
        target = cache / key if cache is not None else Path(tmp) / "p"
        if cache is not None:
            cache.mkdir(parents=True, exist_ok=True)
        files = sorted(target.parent.glob(f"{target.name}-*.png"))
        if not files:
            subprocess.run(
                ["pdftoppm", "-r", str(dpi), "-gray", "-png", str(pdf), str(target)],
                check=True,
                timeout=120,
            )
            files = sorted(target.parent.glob(f"{target.name}-*.png"))
        files.sort(key=lambda p: int(p.stem.rsplit("-", 1)[1]))
        images = [np.asarray(Image.open(f).convert("L")) for f in files]
    return [Page(img, words[i] if i < len(words) else []) for i, img in enumerate(images)]


# ---------------------------------------------------------------------------
# How paper gets into a computer.
# ---------------------------------------------------------------------------


def skew(img: np.ndarray, degrees: float) -> np.ndarray:
    h, w = img.shape[:2]
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), degrees, 1.0)
    return cv2.warpAffine(img, matrix, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)


def scanner_noise(img: np.ndarray, rng: random.Random, amount: float = 8.0) -> np.ndarray:
    noise = np.random.default_rng(rng.randrange(1 << 30)).normal(0, amount, img.shape)
    return np.clip(img.astype(np.float32) + noise, 0, 255).astype(np.uint8)


def _on_desk(
    img: np.ndarray, corners: np.ndarray, canvas: tuple[int, int], rng: random.Random
) -> tuple[np.ndarray, np.ndarray]:
    """The sheet seen with its corners at `corners`, on a darker desk filling `canvas` (w, h):
    the photo (float) and the desk."""
    h, w = img.shape[:2]
    source = np.array([[0, 0], [w, 0], [w, h], [0, h]], np.float32)
    matrix = cv2.getPerspectiveTransform(source, corners)
    desk = np.full((canvas[1], canvas[0]), rng.randint(60, 110), np.uint8)
    sheet = cv2.warpPerspective(img, matrix, canvas, borderValue=0)
    mask = cv2.warpPerspective(np.full((h, w), 255, np.uint8), matrix, canvas)
    return np.where(mask > 0, sheet, desk).astype(np.float32), desk


def _lamp_lit(photo: np.ndarray, rng: random.Random) -> np.ndarray:
    """A lamp on one side (light falling from 1.0 to about 0.6 across the photo), and a
    phone's slight softness."""
    canvas_h, canvas_w = photo.shape[:2]
    gx = np.linspace(1.0, rng.uniform(0.55, 0.7), canvas_w, dtype=np.float32)[None, :]
    gy = np.linspace(rng.uniform(0.85, 1.0), 1.0, canvas_h, dtype=np.float32)[:, None]
    return cv2.GaussianBlur(photo * gx * gy, (3, 3), 0.8)


def photograph(img: np.ndarray, rng: random.Random) -> np.ndarray:
    """A phone photo of the page lying on a desk: the sheet seen at an angle on a darker
    background, lit more on one side than the other, slightly soft."""
    h, w = img.shape[:2]
    margin = int(0.12 * max(h, w))
    canvas_w, canvas_h = w + 2 * margin, h + 2 * margin
    jitter = lambda: rng.uniform(-0.06, 0.06) * min(w, h)  # noqa: E731
    corners = np.array(
        [
            [margin + jitter(), margin + jitter()],
            [margin + w + jitter(), margin + jitter()],
            [margin + w + jitter(), margin + h + jitter()],
            [margin + jitter(), margin + h + jitter()],
        ],
        np.float32,
    )
    photo, _desk = _on_desk(img, corners, (canvas_w, canvas_h), rng)
    photo = _lamp_lit(photo, rng)
    return scanner_noise(np.clip(photo, 0, 255).astype(np.uint8), rng, 5.0)


def photograph_leaning(img: np.ndarray, rng: random.Random) -> np.ndarray:
    """A phone photo taken close and at a slant, the page filling the frame (its edges cut
    off, so no page outline to pull straight): the page's far edge narrower than its near one
    (a keystone of 5-8% a side: the table's columns lean 3-6 degrees, the outer ones apart),
    a wide lens's slight barrel distortion bowing straight lines, lamp light and softness as
    in `photograph`."""
    h, w = img.shape[:2]
    margin = int(0.10 * max(h, w))
    canvas_w, canvas_h = w + 2 * margin, h + 2 * margin
    jitter = lambda: rng.uniform(-0.03, 0.03) * min(w, h)  # noqa: E731
    inset = rng.uniform(0.05, 0.08) * w
    far_top = rng.random() < 0.5  # the phone held nearer the page's foot, or its head
    top, bottom = (inset, 0.0) if far_top else (0.0, inset)
    lift = rng.uniform(0.02, 0.05) * h  # the far edge also looks nearer the middle
    corners = np.array(
        [
            [margin + top + jitter(), margin + (lift if far_top else 0) + jitter()],
            [margin + w - top + jitter(), margin + (lift if far_top else 0) + jitter()],
            [margin + w - bottom + jitter(), margin + h - (0 if far_top else lift) + jitter()],
            [margin + bottom + jitter(), margin + h - (0 if far_top else lift) + jitter()],
        ],
        np.float32,
    )
    photo, desk = _on_desk(img, corners, (canvas_w, canvas_h), rng)
    # Barrel distortion: each pixel taken from farther out the nearer the frame's edge it is.
    k = rng.uniform(0.008, 0.016)
    ys, xs = np.indices((canvas_h, canvas_w), dtype=np.float32)
    cx, cy, half = canvas_w / 2, canvas_h / 2, float(np.hypot(canvas_w, canvas_h) / 2)
    r2 = ((xs - cx) ** 2 + (ys - cy) ** 2) / half**2
    photo = cv2.remap(
        photo,
        cx + (xs - cx) * (1 + k * r2),
        cy + (ys - cy) * (1 + k * r2),
        cv2.INTER_LINEAR,
        borderValue=float(desk[0, 0]),
    )
    photo = _lamp_lit(photo, rng)
    # Framed on the page: the box inside its four corners, a little in from the nearest edge.
    x0, x1 = max(corners[0][0], corners[3][0]), min(corners[1][0], corners[2][0])
    y0, y1 = max(corners[0][1], corners[1][1]), min(corners[2][1], corners[3][1])
    cut = 0.01 * min(w, h)
    photo = photo[int(y0 + cut) : int(y1 - cut), int(x0 + cut) : int(x1 - cut)]
    return scanner_noise(np.clip(photo, 0, 255).astype(np.uint8), rng, 5.0)


def _pil(img: np.ndarray) -> Image.Image:
    return Image.fromarray(img)


def save_scanned_pdf(pages: list[np.ndarray], path: Path, dpi: int = DPI, **jpeg: Any) -> None:
    """An image-only PDF, a page an image (`jpeg` options, e.g. quality, for colour pages)."""
    first, *rest = [_pil(p) for p in pages]
    first.save(path, "PDF", resolution=float(dpi), save_all=True, append_images=rest, **jpeg)


def save_tiff(pages: list[np.ndarray], path: Path) -> None:
    """A copier's multi-page TIFF: 1-bit, CCITT group 4."""
    bits = [_pil(p).point(lambda v: 255 if v > 150 else 0).convert("1") for p in pages]
    bits[0].save(
        path, "TIFF", compression="group4", save_all=True, append_images=bits[1:], dpi=(DPI, DPI)
    )


def save_jpeg_sideways(img: np.ndarray, path: Path, rng: random.Random) -> None:
    """A phone held sideways: pixels stored rotated, with the EXIF orientation that turns them
    upright (6: rotate 90 clockwise to view)."""
    stored = _pil(img).transpose(Image.Transpose.ROTATE_90)
    exif = Image.Exif()
    exif[0x0112] = 6
    stored.save(path, "JPEG", quality=rng.randint(70, 85), exif=exif.tobytes())


def save_heic(img: np.ndarray, path: Path) -> None:
    from pillow_heif import register_heif_opener

    register_heif_opener()
    _pil(img).convert("RGB").save(path, "HEIF", quality=60)


# ---------------------------------------------------------------------------
# Defects put into a roster page, with the finding they must give.
# ---------------------------------------------------------------------------


def _id_words(page: Page) -> list[tuple[int, str, tuple[float, float, float, float]]]:
    """The roster's ID cells on a page, with their table row (the header is row 1)."""
    ids = [(t, b) for t, b in page.words if len(re.sub(r"\D", "", t)) == 13]
    return [(i + 2, t, b) for i, (t, b) in enumerate(sorted(ids, key=lambda w: w[1][1]))]


def _digit_boxes(
    text: str, box: tuple[float, float, float, float]
) -> list[tuple[int, int, int, int, str]]:
    """Each character's box, assuming equal advance (Thai fonts print tabular digits)."""
    x0, y0, x1, y1 = box
    step = (x1 - x0) / len(text)
    return [
        (round(x0 + i * step), round(y0), round(x0 + (i + 1) * step), round(y1), ch)
        for i, ch in enumerate(text)
    ]


def swap_id_digits(page: Page, rng: random.Random) -> tuple[np.ndarray, int]:
    """Two neighbouring different digits of one member's ID swapped (a typing slip, printed
    clearly): the check digit fails. Returns the page and the table row."""
    img = page.image.copy()
    candidates = _id_words(page)
    row, text, box = candidates[rng.randrange(len(candidates))]
    chars = _digit_boxes(text, box)
    pairs = [
        i
        for i in range(1, len(chars) - 2)
        if chars[i][4].isdigit() and chars[i + 1][4].isdigit() and chars[i][4] != chars[i + 1][4]
    ]
    i = pairs[rng.randrange(len(pairs))]
    a, b = chars[i], chars[i + 1]
    y0, y1 = min(a[1], b[1]) - 2, max(a[3], b[3]) + 2
    left = img[y0:y1, a[0] : a[2]].copy()
    right = img[y0:y1, b[0] : b[2]].copy()
    width = min(left.shape[1], right.shape[1])
    img[y0:y1, a[0] : a[0] + width] = right[:, :width]
    img[y0:y1, b[0] : b[0] + width] = left[:, :width]
    return img, row


def blot_id_digit(page: Page, rng: random.Random) -> tuple[np.ndarray, int]:
    """One digit of a member's ID covered by correction fluid: OCR cannot know it."""
    img = page.image.copy()
    candidates = _id_words(page)
    row, text, box = candidates[rng.randrange(len(candidates))]
    chars = [c for c in _digit_boxes(text, box) if c[4].isdigit()]
    x0, y0, x1, y1, _ch = chars[rng.randrange(2, 11)]
    img[y0 - 2 : y1 + 2, x0:x1] = 255
    return img, row


def _lines(page: Page) -> list[list[tuple[str, tuple[float, float, float, float]]]]:
    """The page's words grouped into printed lines, top to bottom."""
    lines: list[list[tuple[str, tuple[float, float, float, float]]]] = []
    for word in sorted(page.words, key=lambda w: (w[1][1] + w[1][3]) / 2):
        middle = (word[1][1] + word[1][3]) / 2
        if lines and abs(middle - (lines[-1][0][1][1] + lines[-1][0][1][3]) / 2) < 12:
            lines[-1].append(word)
        else:
            lines.append([word])
    return lines


def scratch_out_count(page: Page, count: int, rng: random.Random) -> tuple[np.ndarray, int]:
    """The member count on the request form crossed out with pen strokes (a correction no one
    rewrote): no reader can say the number. Returns the page and the count's printed line."""
    img = page.image.copy()
    for number, line in enumerate(_lines(page), start=1):
        if not any("สมาชิก" in t for t, _b in line):
            continue
        for text, (x0, y0, x1, y1) in line:
            if re.sub(r"\D", "", text) != str(count):
                continue
            # The digits are the ink that stands taller than the leaders around them.
            box = img[round(y0) : round(y1), round(x0) : round(x1)] < 128
            tall = np.nonzero(box[: box.shape[0] // 2].any(axis=0))[0]
            left, right = x0 + tall.min() - 4, x0 + tall.max() + 4
            # A pen going to and fro over the digits, top to bottom.
            top, bottom = y0 + 0.15 * (y1 - y0), y1 - 0.1 * (y1 - y0)
            points = [
                (
                    round((left, right)[k % 2] + rng.uniform(-3, 3)),
                    round(top + k * (bottom - top) / 9 + rng.uniform(-2, 2)),
                )
                for k in range(10)
            ]
            for a, b in itertools.pairwise(points):
                cv2.line(img, a, b, 30, thickness=rng.randint(3, 4))
            return img, number
    raise ValueError("no stated member count on this page")


# Letters OCR takes one for another in a printed name (each way round).
LOOK_ALIKES = {"ช": "ข", "ข": "ช", "ม": "น", "น": "ม", "ร": "ธ", "ธ": "ร", "ด": "ค", "ค": "ด"}
LOOK_ALIKES |= {"บ": "ป", "ป": "บ"}
NAME_FONT = "Laksaman"  # the font samples.generate prints the bundles in


@functools.cache
def _name_font_file() -> str:
    return subprocess.run(
        ["fc-match", "-f", "%{file}", f"{NAME_FONT}:lang=th"],
        capture_output=True,
        text=True,
        check=True,
        timeout=20,
    ).stdout.strip()


def _name_font(px: int) -> Any:
    from PIL import ImageFont

    return ImageFont.truetype(_name_font_file(), px)  # fc-match once, not once a drawing


def misprint_committee_name(page: Page, rng: random.Random) -> tuple[np.ndarray, int, str, str]:
    """One committee member's name printed again with letters swapped for their look-alikes
    (ช as ข, ม as น ...), as OCR would read them with confidence: more of them than a typing
    slip of one letter in ten (which passes as the same person on typed lists too), at least
    two, yet one person. Returns the page, the table row (the header is row 1), the name as
    printed and the name as misprinted."""
    from PIL import ImageDraw

    img = page.image.copy()
    lines = [line for line in _lines(page) if line and re.fullmatch(r"\d+", line[0][0])]
    candidates = []
    for row, line in enumerate(sorted(lines, key=lambda ln: ln[0][1][1]), start=2):
        words = sorted(line[1:3], key=lambda w: w[1][0])  # prefix+first name, last name
        name = " ".join(t for t, _b in words)
        given = re.sub(r"^(?:นางสาว|นาง|นาย)", "", name)
        where = [
            i for i, ch in enumerate(name) if ch in LOOK_ALIKES and i >= len(name) - len(given)
        ]
        swaps = max(2, len(given.replace(" ", "")) // 10 + 1)
        if len(words) == 2 and len(where) >= swaps:
            candidates.append((row, words, name, where, swaps))
    row, words, name, where, swaps = candidates[rng.randrange(len(candidates))]
    chars = list(name)
    for i in rng.sample(where, swaps):
        chars[i] = LOOK_ALIKES[chars[i]]
    misprinted = "".join(chars)
    x0 = round(min(b[0] for _t, b in words))
    y0 = round(min(b[1] for _t, b in words))
    x1 = round(max(b[2] for _t, b in words))
    y1 = round(max(b[3] for _t, b in words))
    font = _name_font(round(16 * DPI / 72))  # 16 pt, as printed
    # Where the font puts the name: the printed name drawn alone, its ink laid on the page's.
    pad = 40
    canvas = Image.new("L", (x1 - x0 + 2 * pad, y1 - y0 + 2 * pad), 255)
    ImageDraw.Draw(canvas).text((pad, pad), name, fill=0, font=font, anchor="la")
    ys, xs = np.nonzero(np.asarray(canvas) < 128)
    box = img[y0 - 6 : y1 + 6, x0 - 2 : x1 + 2] < 128
    rules = box.mean(axis=1) > 0.6  # the cell's rules above and below, kept
    ink_ys, ink_xs = np.nonzero(box & ~rules[:, None])
    at = (x0 - 2 + ink_xs.min() - (xs.min() - pad), y0 - 6 + ink_ys.min() - (ys.min() - pad))
    # The printed name taken off, marks above and below too.
    cell = img[y0 - 6 : y1 + 6, x0 - 2 : x1 + 2]
    cell[~rules] = 255
    drawn = Image.fromarray(img)
    ImageDraw.Draw(drawn).text(at, misprinted, fill=0, font=font, anchor="la")
    return np.asarray(drawn), row, name, misprinted


# ---------------------------------------------------------------------------
# Bundles.
# ---------------------------------------------------------------------------


def expected_of(source: str) -> dict[str, Any]:
    return json.loads((BUNDLES / source / "expected.json").read_text(encoding="utf-8"))


def make_bundle(
    source: str, shape: str, out: Path, *, seed: int = 2569, cache: Path | None = None
) -> dict[str, Any]:
    """Write `out/bundle/` in `shape` from the sample bundle `source`; return its expected.json."""
    if shape not in SHAPES:
        raise ValueError(f"unknown shape {shape}")
    rng = random.Random(f"{seed}-{source}-{shape}")
    expected = expected_of(source)
    folder = out / "bundle"
    folder.mkdir(parents=True, exist_ok=True)
    renamed: dict[str, list[str]] = {}
    documents: list[dict[str, Any]] = []
    extra_findings: list[dict[str, Any]] = []
    stack: list[np.ndarray] = []  # all-in-one-scan: every page, in the bundle's order
    turns: dict[str, Any] = {}  # turned / roster-photos: what those shapes add to expected.json
    for doc in expected["documents"]:
        if shape in WIDE_DPI:
            name = _wide_roster_or_copy(
                source, doc, folder, WIDE_DPI[shape], rng, ruled=shape == "wide-ruled-150"
            )
            renamed[doc["file"]] = [name]
            documents.append({"file": name, "kind": doc["kind"]})
            continue
        pdf = BUNDLES / source / "bundle" / doc["file"]
        pages = rasterise(pdf, DPI, cache)
        stem = pdf.stem
        names: list[str] = []
        images = [p.image for p in pages]
        if shape in ("id-swapped", "id-blotted") and doc["kind"] == "member_roster":
            images[0], row = (swap_id_digits if shape == "id-swapped" else blot_id_digit)(
                pages[0], rng
            )
            code = "INVALID_NATIONAL_ID" if shape == "id-swapped" else "UNCLEAR_TEXT"
            where = f"แถวที่ {row}" if shape == "id-swapped" else f"หน้า 1 แถวที่ {row}"
            extra_findings.append(
                {
                    "code": code,
                    "severity": "error" if code == "INVALID_NATIONAL_ID" else "warning",
                    "file": f"{stem}.pdf",
                    "where": where,
                    **({"document": "member_roster"} if code == "UNCLEAR_TEXT" else {}),
                }
            )
        if shape == "committee-misread" and doc["kind"] == "committee_list":
            images[0], row, printed, misprinted = misprint_committee_name(pages[0], rng)
            # The member is on the roster by the name as printed: a warning to look at the
            # paper, not COMMITTEE_NOT_MEMBER (never an OCR doubt as an error).
            extra_findings.append(
                {
                    "code": "UNCLEAR_TEXT",
                    "severity": "warning",
                    "file": f"{stem}.pdf",
                    "where": f"หน้า 1 แถวที่ {row}",
                    "document": "committee_list",
                }
            )
            turns["misprinted"] = {"row": row, "name": printed, "as": misprinted}
        if shape == "count-scratched" and doc["kind"] == "request_form":
            images[0], line = scratch_out_count(pages[0], expected["group"]["stated_members"], rng)
            extra_findings.append(
                {
                    "code": "UNCLEAR_TEXT",
                    "severity": "warning",
                    "file": f"{stem}.pdf",
                    "where": f"หน้า 1 บรรทัดที่ {line}",
                    "document": "request_form",
                }
            )
            # The count cannot be read, so it cannot be found to differ from the roster.
            expected = {
                **expected,
                "group": {**expected["group"], "stated_members": None},
                "findings": [
                    f for f in expected["findings"] if f["code"] != "MEMBER_COUNT_MISMATCH"
                ],
            }
        if shape in ("turned", "roster-photos"):
            names = _turned_or_split(shape, doc, stem, images, folder, rng, turns)
        elif shape == "signature-photos" and doc["kind"] == "bylaws":
            names = []
            for i, sheet in enumerate(cut_signatures(pages), start=1):
                names.append(f"{stem}-{i}.jpg")
                save_jpeg_plain(photograph(sheet, rng), folder / names[-1], rng)
            turns["signed_files"] = names
        elif shape == "leaning-photos" and doc["kind"] in LEANING_KINDS:
            name = f"{stem}.jpg"
            save_jpeg_plain(photograph_leaning(images[0], rng), folder / name, rng)
            names.append(name)
        elif shape == "leaning-photos":
            # The office's own typed documents come as they were printed (text PDFs).
            name = pdf.name
            (folder / name).write_bytes(pdf.read_bytes())
            names.append(name)
        elif shape == "photos" and len(images) == 1:
            name = f"{stem}.jpg"
            save_jpeg_sideways(photograph(images[0], rng), folder / name, rng)
            names.append(name)
        elif shape == "tiff-heic" and len(images) > 1:
            name = f"{stem}.tif"
            save_tiff(
                [skew(p, rng.uniform(1.0, 3.0) * rng.choice((-1, 1))) for p in images],
                folder / name,
            )
            names.append(name)
        elif shape == "tiff-heic" and doc["kind"] == "committee_list":
            name = f"{stem}.heic"
            save_heic(skew(images[0], rng.uniform(-2.0, 2.0)), folder / name)
            names.append(name)
        elif shape == "tiff-heic":
            name = f"{stem}.png"
            _pil(skew(scanner_noise(images[0], rng), rng.uniform(-2.5, 2.5))).save(folder / name)
            names.append(name)
        elif shape == "signed-copies":
            name = f"{stem}.pdf"
            save_scanned_pdf(
                [
                    sign_and_stamp(skew(p, rng.uniform(-1.0, 1.0)), rng, expected["group"]["name"])
                    for p in images
                ],
                folder / name,
                quality=85,
            )
            names.append(name)
        elif shape == "all-in-one-scan":
            # Each sheet fed a little crooked, as a feeder does with a stack of them.
            stack.extend(
                skew(scanner_noise(p, rng, 6.0), rng.uniform(0.4, 1.2) * rng.choice((-1, 1)))
                for p in images
            )
            names.append(COMBINED_NAME)
        else:
            name = f"{stem}.pdf"
            scanned = [skew(scanner_noise(p, rng, 6.0), rng.uniform(-1.2, 1.2)) for p in images]
            save_scanned_pdf(scanned, folder / name)
            names.append(name)
        renamed[doc["file"]] = names
        documents.extend({"file": n, "kind": doc["kind"]} for n in names)
    if stack:
        save_scanned_pdf(stack, folder / COMBINED_NAME)
    findings = []
    for f in expected["findings"]:
        if f.get("file") in renamed:
            f = {**f, "file": renamed[f["file"]][0]}
        findings.append(f)
    findings.extend(extra_findings)
    result = {
        **expected,
        "name": f"{source}-{shape}",
        "about": f"{expected.get('about', '')} / as {shape}",
        "input": ["bundle"],
        "complete": not any(f["severity"] == "error" for f in findings),
        "documents": documents,
        "findings": findings,
        **_merged_documents(documents, turns),
    }
    (out / "expected.json").write_text(
        json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    return result


def cut_signatures(pages: list[Page]) -> list[np.ndarray]:
    """signature-photos: the bylaws photographed page by page, the signing block under the
    last clause (ประกาศ ณ วันที่ …, ลงชื่อ …, the chair's name) on a sheet of its own, as if it
    had gone over onto a page with no table and no clause number: one image a photo."""
    *first, last = [p.image for p in pages]
    announced = [b for t, b in pages[-1].words if t.startswith("ประกาศ")]
    if not announced:
        raise ValueError("no signing block on the bylaws' last page")
    cut = round(min(b[1] for b in announced)) - 20
    top = last.copy()
    top[cut:] = 255
    sheet = np.full_like(last, 255)
    block = last[cut:]
    sheet[150 : 150 + len(block)] = block[: sheet.shape[0] - 150]
    return [*first, top, sheet]


# ---------------------------------------------------------------------------
# Pages turned, and one document sent as several photos.
# ---------------------------------------------------------------------------

# turned: the roster fed into the scanner sideways, one bylaws page upside down... each turned
# clockwise by this many degrees; the reader must turn it back by (360 - turn) % 360.
TURNS = {"member_roster": (90,), "bylaws": (0, 180, 270), "committee_list": (180,)}
# roster-photos: the roster page photographed in three parts, each its own file, in the order
# a phone sends them (the last one keeps the camera's own name, as LINE delivers it).
ROSTER_PARTS = ("-1.jpg", "-2.jpg", "IMG_0412.jpg")


def turn_page(img: np.ndarray, degrees: int) -> np.ndarray:
    """The page turned clockwise by 0, 90, 180 or 270 degrees."""
    return np.ascontiguousarray(np.rot90(img, -(degrees // 90) % 4))


def _pen_line(
    img: np.ndarray,
    rng: random.Random,
    x: float,
    y: float,
    w: float,
    h: float,
    colour: tuple[int, int, int],
) -> None:
    """A signature's scribble in pen: a wavering stroke `w` wide about the line at `y`."""
    knots = [
        (x + i * w / 8 + rng.uniform(-w / 12, w / 12), y + rng.uniform(-h, h)) for i in range(9)
    ]
    stroke = [
        (
            a[0] + (b[0] - a[0]) * t,
            a[1] + (b[1] - a[1]) * t + np.sin(t * np.pi) * rng.uniform(-h, h),
        )
        for a, b in itertools.pairwise(knots)
        for t in np.linspace(0.0, 1.0, 10)
    ]
    cv2.polylines(img, [np.array(stroke, np.int32)], False, colour, rng.randint(3, 5), cv2.LINE_AA)


def sign_and_stamp(img: np.ndarray, rng: random.Random, stamp_text: str) -> np.ndarray:
    """A copy certified the way groups certify them, scanned in colour: on cream paper,
    "สำเนาถูกต้อง" and a signature in blue ballpoint, and the group's round stamp in red or purple
    (its words the group's name) pressed over whatever lies beneath, text and table alike."""
    from PIL import ImageDraw

    h, w = img.shape[:2]
    paper = np.array([1.0, rng.uniform(0.95, 0.99), rng.uniform(0.86, 0.94)], np.float32)
    rgb = np.clip(cv2.cvtColor(img, cv2.COLOR_GRAY2RGB) * paper, 0, 255).astype(np.uint8)
    blue = (rng.randint(10, 45), rng.randint(40, 85), rng.randint(150, 215))
    x0, y0 = int(w * rng.uniform(0.45, 0.62)), int(h * rng.uniform(0.3, 0.8))
    pil = _pil(rgb)
    ImageDraw.Draw(pil).text((x0, y0), "สำเนาถูกต้อง", fill=blue, font=_name_font(h // 60))
    signed = np.array(pil)
    _pen_line(signed, rng, x0, y0 + h / 28, w * 0.25, h / 90, blue)
    ink = rng.choice([(205, 40, 50), (190, 30, 90), (120, 45, 160)])  # red, crimson, purple pad
    cx, cy, r = int(w * rng.uniform(0.2, 0.8)), int(h * rng.uniform(0.15, 0.85)), int(w * 0.08)
    stamp = np.full_like(signed, 255)
    cv2.circle(stamp, (cx, cy), r, ink, 7, cv2.LINE_AA)
    cv2.circle(stamp, (cx, cy), int(r * 0.74), ink, 3, cv2.LINE_AA)
    pil = _pil(stamp)
    words = _name_font(max(12, r // 5))
    ImageDraw.Draw(pil).text(
        (cx - int(r * 0.68), cy - r // 8), stamp_text[:14], fill=ink, font=words
    )
    stamp = np.array(pil).astype(np.float32) / 255.0
    return (signed.astype(np.float32) * stamp).astype(np.uint8)  # ink darkens what it lies on


def save_jpeg_plain(img: np.ndarray, path: Path, rng: random.Random) -> None:
    """A photo as LINE delivers it: pixels as the camera stored them, no EXIF orientation."""
    _pil(img).save(path, "JPEG", quality=rng.randint(75, 88))


def _table_rules(img: np.ndarray) -> list[int]:
    """The y of each horizontal rule of the page's table (runs of dark rows merged)."""
    dark = np.nonzero((img < 128).sum(axis=1) > 0.5 * img.shape[1])[0]
    rules: list[int] = []
    for y in dark:
        if rules and y - rules[-1] <= 3:
            rules[-1] = int(y)
        else:
            rules.append(int(y))
    return rules


def split_roster_page(img: np.ndarray, parts: int = 3) -> list[tuple[np.ndarray, list[int]]]:
    """The roster page cut into `parts` sheets as if it had gone on over several pages:
    the first keeps the title and header; the second repeats the header row but has no title
    (as Word repeats a table's header on each page); the last has neither, only rows and the
    signature line under the table. Returns each sheet with the roster rows (1-based) it holds."""
    rules = _table_rules(img)
    top, header_end, row_rules = rules[0], rules[1], rules[1:]
    rows = len(row_rules) - 1
    per = -(-rows // parts)
    left, right = 0, img.shape[1]
    sheets: list[tuple[np.ndarray, list[int]]] = []
    for i in range(parts):
        first, last = i * per, min(rows, (i + 1) * per)
        sheet = np.full_like(img, 255)
        y = top if i == 0 else 150
        if i == 0:
            sheet[: row_rules[last] + 2] = img[: row_rules[last] + 2]
            y = row_rules[last] + 2
        else:
            if i < parts - 1:  # the header row again, on its own rule
                band = img[top - 2 : header_end + 2]
                sheet[y : y + len(band), left:right] = band
                y += len(band) - 3
            band = img[row_rules[first] - 1 : row_rules[last] + 2]
            sheet[y : y + len(band)] = band
            y += len(band)
        if i == parts - 1:  # the signature line under the table
            below = img[row_rules[-1] + 3 : min(img.shape[0], row_rules[-1] + 200)]
            sheet[y : y + len(below)] = below[: sheet.shape[0] - y]
        sheets.append((sheet, list(range(first + 1, last + 1))))
    return sheets


def _turned_or_split(
    shape: str,
    doc: dict[str, Any],
    stem: str,
    images: list[np.ndarray],
    folder: Path,
    rng: random.Random,
    turns: dict[str, Any],
) -> list[str]:
    if shape == "roster-photos" and doc["kind"] == "member_roster":
        names = []
        roster_rows = []
        for suffix, (sheet, rows) in zip(ROSTER_PARTS, split_roster_page(images[0]), strict=True):
            name = f"{stem}{suffix}" if suffix.startswith("-") else suffix
            save_jpeg_plain(photograph(sheet, rng), folder / name, rng)
            names.append(name)
            roster_rows.append({"file": name, "rows": rows})
        turns["roster_files"] = roster_rows
        return names
    degrees = TURNS.get(doc["kind"], ()) if shape == "turned" else ()
    if shape == "turned" and doc["kind"] == "committee_list":
        # A phone photo taken upside down, EXIF lost on the way.
        name = f"{stem}.jpg"
        save_jpeg_plain(turn_page(photograph(images[0], rng), degrees[0]), folder / name, rng)
        turns.setdefault("page_rotations", {})[name] = [(360 - degrees[0]) % 360]
        return [name]
    name = f"{stem}.pdf"
    scanned = []
    for i, p in enumerate(images):
        turn = degrees[i] if i < len(degrees) else 0
        scanned.append(turn_page(skew(scanner_noise(p, rng, 6.0), rng.uniform(-1.2, 1.2)), turn))
    save_scanned_pdf(scanned, folder / name)
    if any(degrees):
        turns.setdefault("page_rotations", {})[name] = [
            (360 - (degrees[i] if i < len(degrees) else 0)) % 360 for i in range(len(images))
        ]
    return [name]


def _ruled_copy(original: Path, target: Path) -> None:
    """The workbook with its table ruled: every cell from the header row down bordered."""
    from openpyxl import load_workbook
    from openpyxl.styles import Border, Side

    book = load_workbook(original)
    sheet = book.worksheets[-1]  # the roster (after a cover sheet, when there is one)
    head = next(
        r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 2).value and sheet.cell(r, 3).value
    )
    thin = Side(style="thin")
    for row in sheet.iter_rows(min_row=head, max_row=sheet.max_row):
        for cell in row:
            cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
    book.save(target)


def _wide_roster_or_copy(
    source: str,
    doc: dict[str, Any],
    folder: Path,
    dpi: int,
    rng: random.Random,
    *,
    ruled: bool = False,
) -> str:
    """The bundle's XLSX roster printed by LibreOffice (a wide sheet goes on over pages side
    by side) and scanned at `dpi`, as an image-only PDF; any other document copied as it is."""
    from samples import writers

    original = BUNDLES / source / "bundle" / doc["file"]
    if doc["kind"] != "member_roster" or original.suffix.lower() != ".xlsx":
        shutil.copyfile(original, folder / original.name)
        return original.name
    with tempfile.TemporaryDirectory(prefix="wide-roster-") as tmp:
        printed = Path(tmp) / f"{original.stem}.pdf"
        sheet = original
        if ruled:
            sheet = Path(tmp) / original.name
            _ruled_copy(original, sheet)
        writers.convert_to_pdf([(sheet, printed)])
        subprocess.run(
            ["pdftoppm", "-r", str(dpi), "-gray", "-png", str(printed), f"{tmp}/p"],
            check=True,
            timeout=120,
        )
        files = sorted(Path(tmp).glob("p-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
        images = [np.asarray(Image.open(f).convert("L")) for f in files]
    scanned = [skew(scanner_noise(p, rng, 6.0), rng.uniform(-1.2, 1.2)) for p in images]
    name = f"{original.stem}.pdf"
    save_scanned_pdf(scanned, folder / name, dpi)
    return name


def _merged_documents(documents: list[dict[str, Any]], turns: dict[str, Any]) -> dict[str, Any]:
    """What the turned / roster-photos shapes add to expected.json: the pages' rotations, or
    the roster as one document over its photos (documents[] lists it once, with its files)
    and which roster rows each photo holds."""
    out: dict[str, Any] = {}
    if "misprinted" in turns:
        out["misprinted"] = turns["misprinted"]
    if "page_rotations" in turns:
        out["page_rotations"] = turns["page_rotations"]
    if "signed_files" in turns:
        files = turns["signed_files"]
        out["documents"] = [
            {**d, "files": files} if d["file"] == files[0] else d
            for d in documents
            if d["file"] not in files[1:]
        ]
    if "roster_files" in turns:
        files = [part["file"] for part in turns["roster_files"]]
        merged = [d for d in documents if d["file"] not in files[1:]]
        for d in merged:
            if d["file"] == files[0]:
                d["files"] = files
        out["documents"] = merged
        out["roster_files"] = turns["roster_files"]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--source", default=SOURCES[0], choices=SOURCES + WIDE_SOURCES)
    parser.add_argument("--shape", default="scan-pdf", choices=SHAPES)
    parser.add_argument("--seed", type=int, default=2569)
    args = parser.parse_args()
    expected = make_bundle(args.source, args.shape, args.out, seed=args.seed)
    files = {d["file"] for d in expected["documents"]}
    print(f"{expected['name']}: {len(files)} files in {args.out / 'bundle'}")


if __name__ == "__main__":
    main()
