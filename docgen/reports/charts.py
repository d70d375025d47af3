"""Report charts as PNG (matplotlib, Agg backend) with a Thai font: groups and members by area."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

from docgen.reports.figures import Tally

FONTS_DIR = Path(__file__).resolve().parent.parent / "render" / "fonts"
# Google's Sarabun (OFL), shipped for the PDFs; TLWG's Laksaman is the fallback on Debian.
_FONT_FILES = (
    FONTS_DIR / "Sarabun-Regular.ttf",
    Path("/usr/share/fonts/truetype/tlwg/Laksaman.ttf"),
    Path("/usr/share/fonts/opentype/tlwg/Laksaman.otf"),
)
MAX_BARS = 12  # more activities than this: the smallest are summed as "อื่น ๆ"
MAX_LONG_BARS = 30  # a province's districts (Khon Kaen has 26) each keep a bar
BAR_GROUPS = "#2f6b3a"
BAR_MEMBERS = "#d9a441"


@cache
def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg", force=True)
    from matplotlib import font_manager
    from matplotlib import pyplot as plt

    family = None
    for path in _FONT_FILES:
        if path.is_file():
            font_manager.fontManager.addfont(str(path))
            family = font_manager.FontProperties(fname=str(path)).get_name()
            break
    if family:
        plt.rcParams["font.family"] = family
    plt.rcParams["axes.unicode_minus"] = False
    # Names come from people: "$" is a price, never mathtext (an odd one would crash the chart).
    plt.rcParams["text.parse_math"] = False
    plt.rcParams["font.size"] = 13
    return plt


def _save(fig: Any, out: Path) -> None:
    """A white, opaque PNG (no alpha channel: smaller, and every viewer shows it alike)."""
    from PIL import Image

    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, format="png", facecolor="white")
    with Image.open(out) as image:
        rgb = image.convert("RGB")
    rgb.save(out, format="PNG", optimize=True)


def _label(name: str, limit: int = 28) -> str:
    """A bar's name, cut short so the bars keep their room (the table beside has it whole)."""
    name = " ".join(name.split())
    return name if len(name) <= limit else name[: limit - 1] + "…"


def is_other(name: str) -> bool:
    """ "อื่น ๆ" (however spaced): the rest, always listed last."""
    return "".join(name.split()) in {"อื่นๆ", "อื่น", "อื่นๆ(ระบุ)"}


def others_last(tallies: Sequence[Any]) -> list[Any]:
    """Tallies in their order, with "อื่น ๆ" moved to the end."""
    return [t for t in tallies if not is_other(t.name)] + [t for t in tallies if is_other(t.name)]


def _top(tallies: Sequence[Tally], limit: int = MAX_BARS) -> list[Tally]:
    rows = [Tally(_label(t.name), t.groups, t.members) for t in others_last(tallies)]
    if len(rows) <= limit:
        return rows
    head, rest = rows[: limit - 1], rows[limit - 1 :]
    head = [t for t in head if not is_other(t.name)]
    rest = [t for t in rows if t not in head]
    head.append(Tally("อื่น ๆ", sum(t.groups for t in rest), sum(t.members for t in rest)))
    return head


def groups_and_members_chart(
    tallies: Sequence[Tally], out: Path, *, area_word: str = "ตำบล", width_cm: float = 16
) -> Path:
    """Bars of groups (left axis) and members (right axis) for each area, as a PNG.

    More than six areas (a province's districts): one horizontal bar per area instead, its
    groups and members written at its end, so that long Thai names stay level and readable.
    """
    # One axis only: bars of groups with "N กลุ่ม / M ราย" at their ends. Two axes side by
    # side drew 1 group and 16 members the same height.
    return _many_areas_chart(tallies, out, area_word=area_word, width_cm=width_cm)


def _many_areas_chart(
    tallies: Sequence[Tally], out: Path, *, area_word: str, width_cm: float
) -> Path:
    rows = _top(tallies, MAX_LONG_BARS)
    return _bars_across(
        rows,
        out,
        title="",  # the document's caption (แผนภูมิที่ 1 ...) names it
        labels=[f"{t.groups} กลุ่ม / {t.members:,} ราย" for t in rows],
        width_cm=width_cm,
        row_cm=0.8,
        room=1.45,
        padding=3,
    )


def activity_chart(tallies: Sequence[Tally], out: Path, *, width_cm: float = 16) -> Path:
    """Horizontal bars: groups by main activity, most first, as a PNG."""
    return _bars_across(
        _top(tallies),
        out,
        title="",
        labels=None,
        width_cm=width_cm,
        row_cm=1.0,
        room=1.15,
        padding=2,
    )


def _bars_across(
    rows: Sequence[Tally],
    out: Path,
    *,
    title: str,
    labels: Sequence[str] | None,
    width_cm: float,
    row_cm: float,
    room: float,
    padding: float,
) -> Path:
    """One horizontal bar of groups per row, first row on top, `labels` (else the count) at
    each bar's end with `room` times the longest bar of width for them, as a PNG."""
    plt = _pyplot()
    rows = list(rows)[::-1]  # barh draws bottom-up; the first row belongs on top
    ends = None if labels is None else list(labels)[::-1]
    height_cm = max(6.0, 3.0 + row_cm * len(rows))
    fig, ax = plt.subplots(figsize=(width_cm / 2.54, height_cm / 2.54), dpi=200)
    try:
        bars = ax.barh([t.name for t in rows], [t.groups for t in rows], color=BAR_GROUPS)
        ax.bar_label(bars, ends, fontsize=10, padding=padding)
        ax.set_xlabel("จำนวนกลุ่ม")
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.set_xlim(0, max([t.groups for t in rows] + [1]) * room)
        if title:
            ax.set_title(title, fontsize=14)
        ax.spines["top"].set_visible(False)
        ax.spines["right"].set_visible(False)
        fig.tight_layout()
        _save(fig, out)
    finally:
        plt.close(fig)
    return out
