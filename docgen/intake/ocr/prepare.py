"""Page images made ready for OCR: EXIF orientation, scale, phone-photo perspective, even light,
a page scanned sideways or upside down turned upright, deskew.

The steps follow what OCRmyPDF and paperless-ngx do before Tesseract (rotate, deskew, clean),
plus the two a phone photo of a page needs: the page's four corners pulled to a rectangle,
and the shadow of a hand or a lamp divided out so one threshold fits the whole page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from PIL import Image, ImageOps

# Pages are read at about 200 DPI: an A4 page's long side near 2300 px. Thai body text
# (16 pt) is then ~20 px high, enough for Tesseract; more costs time and gains little.
TARGET_LONG_SIDE = 2300
MAX_SKEW_DEGREES = 12.0


@dataclass(frozen=True)
class PreparedPage:
    """A page ready to read: `gray` (even light, upright) and `ink` (binary, ink = 255)."""

    gray: Any  # numpy uint8 array
    ink: Any
    skew: float = 0.0
    flattened: bool = False
    rotation: int = 0  # degrees the page was turned clockwise to stand upright (0, 90, 180, 270)


def to_gray(image: Image.Image) -> Any:
    """An upright grayscale array of an image as its camera meant it (EXIF orientation applied)."""
    image = ImageOps.exif_transpose(image) or image
    if image.mode in ("RGBA", "LA", "P"):
        image = image.convert("RGBA")
        white = Image.new("RGBA", image.size, (255, 255, 255, 255))
        image = Image.alpha_composite(white, image)
    return np.asarray(image.convert("L"), dtype=np.uint8)


def _scaled(gray: Any, target: int = TARGET_LONG_SIDE) -> Any:
    import cv2

    h, w = gray.shape[:2]
    scale = target / max(h, w)
    if 0.9 <= scale <= 1.15:
        return gray
    interp = cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC
    return cv2.resize(gray, (round(w * scale), round(h * scale)), interpolation=interp)


def _order_corners(pts: Any) -> Any:
    pts = pts.reshape(4, 2).astype(np.float32)
    s = pts.sum(axis=1)
    d = np.diff(pts, axis=1).ravel()
    return np.array(
        [pts[np.argmin(s)], pts[np.argmin(d)], pts[np.argmax(s)], pts[np.argmax(d)]],
        dtype=np.float32,
    )


def flatten_page(gray: Any) -> tuple[Any, bool]:
    """A photo of a sheet on a table: the sheet's four corners warped to a rectangle.

    Only when a four-cornered bright region covers 30-97% of the photo (a scan, whose page is
    the whole image, is left as it is).
    """
    import cv2

    h, w = gray.shape[:2]
    scale = 800 / max(h, w)
    small = cv2.resize(gray, (round(w * scale), round(h * scale)), interpolation=cv2.INTER_AREA)
    blur = cv2.GaussianBlur(small, (5, 5), 0)
    _, bright = cv2.threshold(blur, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    bright = cv2.morphologyEx(bright, cv2.MORPH_CLOSE, np.ones((15, 15), np.uint8))
    contours, _ = cv2.findContours(bright, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return gray, False
    biggest = max(contours, key=cv2.contourArea)
    area = cv2.contourArea(biggest) / float(small.shape[0] * small.shape[1])
    if not 0.30 <= area <= 0.97:
        return gray, False
    hull = cv2.convexHull(biggest)
    quad = cv2.approxPolyDP(hull, 0.02 * cv2.arcLength(hull, True), True)
    if len(quad) != 4:
        return gray, False
    corners = _order_corners(quad) / scale
    tl, tr, br, bl = corners
    width = int(max(np.linalg.norm(tr - tl), np.linalg.norm(br - bl)))
    height = int(max(np.linalg.norm(bl - tl), np.linalg.norm(br - tr)))
    if width < 200 or height < 200:
        return gray, False
    target = np.array(
        [[0, 0], [width - 1, 0], [width - 1, height - 1], [0, height - 1]], np.float32
    )
    matrix = cv2.getPerspectiveTransform(corners, target)
    flat = cv2.warpPerspective(
        gray, matrix, (width, height), flags=cv2.INTER_CUBIC, borderValue=255
    )
    return flat, True


def even_light(gray: Any) -> Any:
    """Divide the page by its own background (a wide median of the paper), so shade and lamp
    light become white paper: one threshold then fits the whole page."""
    import cv2

    h, w = gray.shape[:2]
    small = cv2.resize(gray, (max(1, w // 8), max(1, h // 8)), interpolation=cv2.INTER_AREA)
    # Closing removes the ink (dark, thin) and leaves the paper's light.
    background = cv2.morphologyEx(small, cv2.MORPH_CLOSE, np.ones((9, 9), np.uint8))
    background = cv2.medianBlur(background, 5)
    background = cv2.resize(background, (w, h), interpolation=cv2.INTER_LINEAR)
    out = cv2.divide(gray, np.maximum(background, 1), scale=255)
    return cv2.normalize(out, None, 0, 255, cv2.NORM_MINMAX)


def _profile_score(small: Any, angle: float) -> float:
    import cv2

    h, w = small.shape[:2]
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    turned = cv2.warpAffine(small, matrix, (w, h), flags=cv2.INTER_NEAREST, borderValue=0)
    rows = turned.sum(axis=1, dtype=np.float64)
    return float(np.sum(np.diff(rows) ** 2))


def skew_angle(ink: Any) -> float:
    """The page's skew in degrees, by the projection profile: the angle at which rows of ink
    (text lines, table rules) are sharpest, searched coarse then fine (as Leptonica's
    pixFindSkew). Why not the `deskew` package: it needs scikit-image for a Hough transform
    at one-degree steps, slower here and less exact than this search at 0.05 degree."""
    import cv2

    h, w = ink.shape[:2]
    scale = 700 / max(h, w)
    small = cv2.resize(ink, (round(w * scale), round(h * scale)), interpolation=cv2.INTER_AREA)
    coarse = np.arange(-MAX_SKEW_DEGREES, MAX_SKEW_DEGREES + 0.01, 0.5)
    best = max(coarse, key=lambda a: _profile_score(small, float(a)))
    fine = np.arange(best - 0.5, best + 0.51, 0.05)
    best = max(fine, key=lambda a: _profile_score(small, float(a)))
    return float(best) if abs(best) <= MAX_SKEW_DEGREES else 0.0


# -- pages sideways or upside down ------------------------------------------------------
# Tesseract's OSD reads Thai orientation right: 192 of 192 sample pages (scanned, photographed
# and 1-bit, each turned 0/90/180/270) and 32 of 32 more on another seed, at half the reading
# scale (Thai body text ~10 px high; at a third of it, 30% wrong). But it costs ~0.23 s of CPU
# a page, a third of reading one. So an upright page is told first by reading three short
# pieces of its text lines (~35 ms): upright Thai reads at 0.86-0.97 confidence, a page upside
# down or sideways at most 0.78 (2 of 3 pieces at 0.85 or more are needed). Cheap signs of the
# ink alone (rows sharper than columns, Thai marks above the letters more than below) were
# tried and dropped: they let a sideways page through on one seed in sixteen.
OSD_SCALE = 0.5  # of the reading scale
# OSD's orient_conf below which its answer is not taken: an upright photographed roster read
# 180 at 0.11 at half scale, and 0 at 13.5 at full scale; 27 turned photo pages read at 3.2-30.
OSD_SURE = 2.0
UPRIGHT_READ = 0.85  # confidence of a text piece read as it stands, for 2 pieces of 3
PROBE_WIDTH = 480  # px of each piece, where the page holds most ink (a skew of 1° moves 8 px)


def _small(ink: Any, long_side: int) -> Any:
    import cv2

    h, w = ink.shape[:2]
    scale = long_side / max(h, w)
    return cv2.resize(ink, (round(w * scale), round(h * scale)), interpolation=cv2.INTER_AREA)


def text_pieces(ink: Any, count: int = 3) -> list[Any]:
    """Up to `count` pieces of text lines (black on white, PROBE_WIDTH wide), the inkiest, from
    the columns of the page that hold most ink; bands of text-line height only (25-90 px)."""
    width = min(PROBE_WIDTH, ink.shape[1])
    columns = np.convolve((ink > 127).sum(axis=0), np.ones(width), mode="valid")
    x0 = int(np.argmax(columns))
    rows = (ink[:, x0 : x0 + width] > 127).sum(axis=1)
    on = np.concatenate(([0], (rows > 3).astype(np.int8), [0]))
    edges = np.flatnonzero(np.diff(on))
    bands = [(int(a), int(b)) for a, b in zip(edges[::2], edges[1::2], strict=True)]
    bands = [(a, b) for a, b in bands if 25 <= b - a <= 90]
    bands.sort(key=lambda band: -int(rows[band[0] : band[1]].sum()))
    return [
        np.pad(255 - ink[max(0, a - 4) : b + 4, x0 : x0 + width], 12, constant_values=255)
        for a, b in bands[:count]
    ]


def reads_upright(ink: Any) -> bool:
    """Whether the (deskewed) page reads as Thai standing as it is: two of its three inkiest
    text pieces read with confidence UPRIGHT_READ or more."""
    from docgen.intake.ocr import engine

    confidences = sorted(
        (engine.read_line(Image.fromarray(piece)).confidence for piece in text_pieces(ink)),
        reverse=True,
    )
    return len(confidences) >= 2 and confidences[1] >= UPRIGHT_READ


def orientation(ink: Any) -> int:
    """Counter-clockwise quarter turns (0-3) that stand the page upright, by Tesseract's OSD.
    Without OSD's model (Debian's tesseract-ocr-osd), or when OSD finds no text to judge by,
    the page is read as it is."""
    from docgen.intake.ocr import engine

    small = _small(ink, round(OSD_SCALE * max(ink.shape)))
    found = engine.detect_orientation(Image.fromarray(255 - small))
    if found is not None and found[1] < OSD_SURE:
        # Unsure at half scale (a photo whose page fills a third of it, a table without
        # rules): asked again at the reading scale, and an answer still unsure is no turn.
        found = engine.detect_orientation(Image.fromarray(255 - ink))
        if found is not None and found[1] < OSD_SURE:
            return 0
    return found[0] // 90 if found is not None else 0


def _rotate(gray: Any, angle: float) -> Any:
    import cv2

    h, w = gray.shape[:2]
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    cos, sin = abs(matrix[0, 0]), abs(matrix[0, 1])
    nw, nh = int(h * sin + w * cos), int(h * cos + w * sin)
    matrix[0, 2] += nw / 2 - w / 2
    matrix[1, 2] += nh / 2 - h / 2
    return cv2.warpAffine(gray, matrix, (nw, nh), flags=cv2.INTER_CUBIC, borderValue=255)


def binarise(gray: Any) -> Any:
    """Ink as 255 on 0 (Otsu on the evened page)."""
    import cv2

    _, ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    return ink


def _deskewed(gray: Any, ink: Any) -> tuple[Any, Any, float]:
    angle = skew_angle(ink)
    if abs(angle) >= 0.15:
        gray = _rotate(gray, angle)
        ink = binarise(gray)
    return gray, ink, angle


def prepare(image: Image.Image) -> PreparedPage:
    """All steps in order, for one page image."""
    gray = to_gray(image)
    gray = (
        _scaled(gray, 2 * TARGET_LONG_SIDE // 1) if max(gray.shape) > 3 * TARGET_LONG_SIDE else gray
    )
    gray, flattened = flatten_page(gray)
    gray = _scaled(gray)
    gray = even_light(gray)
    ink = binarise(gray)
    straight, straight_ink, angle = _deskewed(gray, ink)
    turns = 0 if reads_upright(straight_ink) else orientation(ink)
    if turns:
        gray = np.ascontiguousarray(np.rot90(gray, turns))
        ink = np.ascontiguousarray(np.rot90(ink, turns))
        straight, straight_ink, angle = _deskewed(gray, ink)
    gray, ink = straight, straight_ink
    return PreparedPage(
        gray=gray, ink=ink, skew=angle, flattened=flattened, rotation=(360 - 90 * turns) % 360
    )
