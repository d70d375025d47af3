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
    straightened: bool = False  # warped so its table's rules are upright and level


def to_gray(image: Image.Image) -> Any:
    """An upright grayscale array of an image as its camera meant it (EXIF orientation applied),
    with coloured ink (a stamp, a pen's signature) dropped out of a colour page."""
    image = ImageOps.exif_transpose(image) or image
    if image.mode in ("RGBA", "LA", "P"):
        image = image.convert("RGBA")
        white = Image.new("RGBA", image.size, (255, 255, 255, 255))
        image = Image.alpha_composite(white, image)
    if image.mode in ("RGB", "RGBA", "CMYK", "YCbCr"):
        return without_colour_ink(np.asarray(image.convert("RGB"), dtype=np.uint8))
    return np.asarray(image.convert("L"), dtype=np.uint8)


# Coloured ink on a printed page: the group's red or purple stamp, "สำเนาถูกต้อง" and a signature
# in blue pen, across the very lines OCR must read. Printed text is black (toner, inkjet), so a
# colour scanner's "colour dropout" applies: a pixel far from gray, and not dark, is ink of a
# colour and is made paper; black text under the stamp is dark, so it stays. Colour is judged
# after white balance (the paper's cast, a lamp's yellow, divided out); the gray of everything
# else is the image's own.
COLOUR_INK_SATURATION = 0.2
COLOUR_INK_BLACK = 45  # gray at or below this is print, even beside coloured ink
COLOUR_INK_LEAST_BRIGHT = 150  # after white balance; dark blue print (a heading) is kept


def without_colour_ink(rgb: Any) -> Any:
    """The grayscale of a colour page, with coloured (not black) ink made paper."""
    import cv2

    lum = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    small = cv2.resize(rgb, (64, 64), interpolation=cv2.INTER_AREA).reshape(-1, 3)
    paper = np.maximum(np.percentile(small, 90, axis=0), 1.0)
    balanced = cv2.multiply(rgb, np.array([*(255.0 / paper), 0.0]))  # per-channel gain, saturating
    red, green, blue = cv2.split(balanced)  # OpenCV's own per-pixel ops: numpy's axis-2
    hi = cv2.max(cv2.max(red, green), blue)  # reductions take seconds on a 12 MP photo
    spread = cv2.subtract(hi, cv2.min(cv2.min(red, green), blue))
    coloured = cv2.bitwise_and(
        cv2.compare(spread, cv2.multiply(hi, COLOUR_INK_SATURATION), cv2.CMP_GT),
        cv2.threshold(hi, COLOUR_INK_LEAST_BRIGHT - 1, 255, cv2.THRESH_BINARY)[1],
    )
    if cv2.countNonZero(coloured):
        # A pen's thin line keeps its colour only at its middle once JPEG has halved the colour
        # resolution: what lies beside coloured ink and is not black is that ink too.
        near = cv2.dilate(coloured, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (7, 7)))
        not_black = cv2.threshold(lum, COLOUR_INK_BLACK, 255, cv2.THRESH_BINARY)[1]
        paper_gray = int(np.percentile(cv2.resize(lum, (64, 64), interpolation=cv2.INTER_AREA), 90))
        lum[cv2.bitwise_or(coloured, cv2.bitwise_and(near, not_black)) > 0] = paper_gray
    return lum


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


# How much darker (gray levels, median along the side) the desk is just outside a side of the
# sheet than the paper just inside: 40-150 on the sample photos; a bright region's border that
# is only where a lamp's light falls off across a page filling the photo steps by 1-3.
EDGE_STEP = 20


def _edges_seen(small: Any, corners: Any) -> bool:
    """Whether each side of the bright quad is a sheet's edge: darker outside than inside along
    it, or lying on the photo's own border (the page cut off by the frame). A photo framed on
    the page with a lamp on one side has a bright region of its own, the lit part of the page,
    whose inner border is no edge (flattening to it cut the page in half, its columns lost)."""
    h, w = small.shape[:2]
    centre = corners.mean(axis=0)
    for a, b in zip(corners, np.roll(corners, -1, axis=0), strict=True):
        on_border = any(
            (abs(a[i] - edge) <= 4 and abs(b[i] - edge) <= 4)
            for i, size in ((0, w), (1, h))
            for edge in (0, size - 1)
        )
        if on_border:
            continue
        along = (b - a) / max(float(np.linalg.norm(b - a)), 1.0)
        normal = np.array([along[1], -along[0]])
        if np.dot(normal, (a + b) / 2 - centre) < 0:
            normal = -normal
        steps = []
        for t in np.linspace(0.15, 0.85, 15):
            p = a + t * (b - a)
            inside, outside = p - 8 * normal, p + 8 * normal
            if not (0 <= outside[0] < w and 0 <= outside[1] < h):
                continue
            if not (0 <= inside[0] < w and 0 <= inside[1] < h):
                continue
            steps.append(
                float(small[int(inside[1]), int(inside[0])])
                - float(small[int(outside[1]), int(outside[0])])
            )
        if steps and float(np.median(steps)) < EDGE_STEP:
            return False
    return True


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
    if not _edges_seen(blur, _order_corners(quad)):
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


def without_edge_strips(gray: Any) -> Any:
    """A flattened photo's page with the sliver of desk its edges may keep (the corners found
    a pixel or two outside the sheet) made paper: ink touching a side of the image that runs
    along a tenth of it or more and reaches at most 1.5% into the page. Such a strip down the
    page's side joined every text line to it: one line of ink the height of the page, and a
    bylaws page read as no text."""
    import cv2

    h, w = gray.shape[:2]
    ink = binarise(gray)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    out = gray
    for i in range(1, count):
        x, y, bw, bh = (int(v) for v in stats[i, :4])
        side = (x == 0 or x + bw == w) and bw <= 0.015 * w and bh >= 0.1 * h
        top = (y == 0 or y + bh == h) and bh <= 0.015 * h and bw >= 0.1 * w
        if side or top:
            if out is gray:
                out = gray.copy()
            out[labels == i] = 255
    return out


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


# -- a table's rules pulled straight ---------------------------------------------------
# A photo whose page outline cannot be seen (the page fills the frame, a white desk) keeps its
# perspective after deskew: a table's columns lean apart and its rows fan out (a roster's
# outer column rules 3-6 degrees off upright), so cells cut between the rules take in the
# next column's text or lose a line. The table's own rules then tell the page's plane: the
# crossings of its long rules, fitted as lines, are sent by a homography to a rectilinear
# grid (the way img2table and OCRmyPDF's unpaper lean on a page's lines, here with OpenCV).
STRAIGHT_WITHIN = 2.5  # px at the reading scale: crossings this near a rectilinear grid stay
STRAIGHTEN_SCALE = 0.5  # rules found on a half-size copy of the ink (~1150 px long side)
REFITS = 30  # homography fits, each rule's place taken again from the last (converged by ~20)
MAX_SHIFT = 0.06  # of the page's long side, at the table's corners: more is a misfitted rule


def _fitted_rules(mask: Any, vertical: bool, least: float) -> list[tuple[float, float]]:
    """The long rules of a mask as lines (slope, offset): x = slope * y + offset for a vertical
    rule, y = slope * x + offset for a horizontal one. The pieces of a rule broken by a gap
    (a faint print, a cell's text touching it) are one rule when they lie on one line and
    their lengths add up to `least`."""
    import cv2

    count, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    span = cv2.CC_STAT_HEIGHT if vertical else cv2.CC_STAT_WIDTH
    pieces: list[tuple[float, float, float, Any, Any]] = []
    for i in range(1, count):
        length = float(stats[i, span])
        if length < 0.2 * least:
            continue
        x, y, bw, bh = (int(v) for v in stats[i, :4])
        ys, xs = np.nonzero(labels[y : y + bh, x : x + bw] == i)
        along, across = (ys + y, xs + x) if vertical else (xs + x, ys + y)
        slope, offset = np.polyfit(along, across, 1)
        pieces.append((float(slope), float(offset), length, along, across))
    middle = mask.shape[0 if vertical else 1] / 2
    pieces.sort(key=lambda p: p[0] * middle + p[1])
    rules: list[tuple[float, float]] = []
    group: list[tuple[float, float, float, Any, Any]] = []

    def close() -> None:
        if group and sum(p[2] for p in group) >= least:
            along = np.concatenate([p[3] for p in group])
            across = np.concatenate([p[4] for p in group])
            slope, offset = np.polyfit(along, across, 1)
            rules.append((float(slope), float(offset)))

    for piece in pieces:
        at = piece[0] * middle + piece[1]
        if group and at - (group[0][0] * middle + group[0][1]) > 6:
            close()
            group = []
        group.append(piece)
    close()
    return rules


def _spread(places: Any, span: Any) -> Any:
    """`places` moved and scaled so the first and last are `span`'s two ends."""
    if places[-1] == places[0]:
        return places
    return span[0] + (places - places[0]) * (span[1] - span[0]) / (places[-1] - places[0])


def _grid_homography(ink: Any) -> Any | None:
    """The homography (on `ink`'s pixels) that makes the largest ruled table's rules upright
    and level, or None: no table (3 long rules each way), or one already rectilinear."""
    import cv2

    h, w = ink.shape[:2]
    # Thickened across each rule's direction, so a leaning or stepped rule stays one run.
    horizontal = cv2.morphologyEx(
        cv2.dilate(ink, np.ones((5, 1), np.uint8)),
        cv2.MORPH_OPEN,
        cv2.getStructuringElement(cv2.MORPH_RECT, (max(30, w // 25), 1)),
    )
    vertical = cv2.morphologyEx(
        cv2.dilate(ink, np.ones((1, 5), np.uint8)),
        cv2.MORPH_OPEN,
        cv2.getStructuringElement(cv2.MORPH_RECT, (1, max(20, h // 50))),
    )
    frame = cv2.bitwise_or(horizontal, vertical)
    count, _labels, stats, _ = cv2.connectedComponentsWithStats(frame, connectivity=8)
    if count <= 1:
        return None
    best = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
    x, y, bw, bh = (int(v) for v in stats[best, :4])
    if bw < 0.25 * w or bh < 0.05 * h:
        return None
    box = (slice(y, y + bh), slice(x, x + bw))
    rows = _fitted_rules(horizontal[box], False, 0.5 * bw)
    cols = _fitted_rules(vertical[box], True, 0.4 * bh)
    if len(rows) < 3 or len(cols) < 3:
        return None
    src, dst = [], []
    mid_x, mid_y = bw / 2, bh / 2
    for cs, co in cols:
        for rs, ro in rows:
            # x = cs*y + co and y = rs*x + ro meet at:
            cy = (rs * co + ro) / (1 - rs * cs)
            src.append((cs * cy + co + x, cy + y))
            dst.append((cs * mid_y + co + x, rs * mid_x + ro + y))
    src_a = np.array(src, dtype=np.float32)
    dst_a = np.array(dst, dtype=np.float32)
    if float(np.abs(src_a - dst_a).max()) < STRAIGHT_WITHIN * STRAIGHTEN_SCALE:
        return None
    # Each rule's place in the straight grid is first its place across the table's middle;
    # under perspective those places are not quite one plane's, so each is taken again as
    # the mean of its crossings once mapped, and the homography fitted again.
    # (The outer rules keep their first places, so the grid does not drift or shrink.)
    shape = (len(cols), len(rows))
    first = dst_a.reshape(*shape, 2)
    x_span, y_span = first[[0, -1], 0, 0], first[0, [0, -1], 1]
    matrix: Any = None
    for _ in range(REFITS):
        matrix, _mask = cv2.findHomography(src_a, dst_a, 0)
        if matrix is None:
            return None
        mapped = cv2.perspectiveTransform(src_a.reshape(-1, 1, 2), matrix).reshape(*shape, 2)
        col_x = _spread(mapped[:, :, 0].mean(axis=1), x_span)
        row_y = _spread(mapped[:, :, 1].mean(axis=0), y_span)
        dst_a = np.stack(np.meshgrid(col_x, row_y, indexing="ij"), axis=-1).reshape(-1, 2)
        dst_a = dst_a.astype(np.float32)
    # Within the table the move is the lean undone; beyond it (a page's far corners under a
    # strong keystone) it grows, but not without bound.
    for (left, top, right, bottom), most in (
        ((x, y, x + bw, y + bh), MAX_SHIFT),
        ((0, 0, w, h), 3 * MAX_SHIFT),
    ):
        corners = np.array(
            [[left, top], [right, top], [right, bottom], [left, bottom]], dtype=np.float32
        )
        moved = cv2.perspectiveTransform(corners.reshape(-1, 1, 2), matrix).reshape(-1, 2)
        if float(np.abs(moved - corners).max()) > most * max(h, w):
            return None
    return matrix


def straighten_table(gray: Any, ink: Any) -> tuple[Any, Any, bool]:
    """The page warped so its table's rules are upright and level (see above); a page without
    a ruled table, or whose table is already straight, as it is."""
    import cv2

    small = cv2.resize(
        ink, None, fx=STRAIGHTEN_SCALE, fy=STRAIGHTEN_SCALE, interpolation=cv2.INTER_AREA
    )
    small = np.where(small >= 64, 255, 0).astype(np.uint8)
    matrix = _grid_homography(small)
    if matrix is None:
        return gray, ink, False
    scale = np.diag([STRAIGHTEN_SCALE, STRAIGHTEN_SCALE, 1.0])
    full = np.linalg.inv(scale) @ matrix @ scale
    h, w = gray.shape[:2]
    gray = cv2.warpPerspective(gray, full, (w, h), flags=cv2.INTER_CUBIC, borderValue=255)
    return gray, binarise(gray), True


def prepare(image: Image.Image) -> PreparedPage:
    """All steps in order, for one page image."""
    gray = to_gray(image)
    gray = (
        _scaled(gray, 2 * TARGET_LONG_SIDE // 1) if max(gray.shape) > 3 * TARGET_LONG_SIDE else gray
    )
    gray, flattened = flatten_page(gray)
    gray = _scaled(gray)
    gray = even_light(gray)
    if flattened:
        gray = without_edge_strips(gray)
    ink = binarise(gray)
    straight, straight_ink, angle = _deskewed(gray, ink)
    turns = 0 if reads_upright(straight_ink) else orientation(ink)
    if turns:
        gray = np.ascontiguousarray(np.rot90(gray, turns))
        ink = np.ascontiguousarray(np.rot90(ink, turns))
        straight, straight_ink, angle = _deskewed(gray, ink)
    gray, ink, straightened = straighten_table(straight, straight_ink)
    return PreparedPage(
        gray=gray,
        ink=ink,
        skew=angle,
        flattened=flattened,
        rotation=(360 - 90 * turns) % 360,
        straightened=straightened,
    )
