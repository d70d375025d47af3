"""Benchmark: `docgen check` time per bundle over samples/bundles, against a naive reading of the same files.

In one run, for every sample bundle (or for bundles built here if samples/bundles is empty):
  (a) docgen: `docgen.pipeline.check_bundle` end to end (open, read, classify, extract, rules);
  (b) naive: only opening each file the plain way, python-docx `Document()` for DOCX,
      `openpyxl.load_workbook()` (not read-only) for XLSX, `pypdf.PdfReader` + extract_text for
      PDF, `open().read()` for CSV, and joining the text; no classification, no rules.
Prints the median, mean and max time per bundle for each, docgen's split between reading and
checking, and the ratio docgen / naive (below 1 means docgen reads faster than the naive way
even though it also checks). Repeats each bundle `--repeat` times and keeps the best; docgen's
memoised text normalising is cleared before every run, so no run reuses an earlier one's work.

    python bench/check.py              # all samples, best of 3
    python bench/check.py --repeat 5
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from docgen.intake.bundle import BundleLimits, open_bundle  # noqa: E402
from docgen.intake.classify import classify  # noqa: E402
from docgen.intake.extract import extract  # noqa: E402
from docgen.intake.readers import read_document  # noqa: E402
from docgen.model import (  # noqa: E402
    ClassifiedFile,
    DocKind,
    DocumentContent,
    SourceFile,
    UnreadableFile,
)
from docgen.pipeline import check_bundle  # noqa: E402
from docgen.rules import run_rules  # noqa: E402


def sample_inputs() -> list[tuple[str, list[Path]]]:
    out: list[tuple[str, list[Path]]] = []
    for expected in sorted((ROOT / "samples" / "bundles").glob("*/expected.json")):
        data = json.loads(expected.read_text(encoding="utf-8"))
        out.append((expected.parent.name, [expected.parent / p for p in data["input"]]))
    return out


def built_inputs(tmp: Path) -> list[tuple[str, list[Path]]]:
    """A 15-member DOCX/XLSX bundle made here, for when no samples exist yet."""
    sys.path.insert(0, str(ROOT / "tests" / "integration"))
    from test_check_cli import write_bundle  # type: ignore[import-not-found]

    return [("built-11-members", [write_bundle(tmp / "built")])]


def _cold_text_caches() -> None:
    """Forget memoised text normalising, so a repeat does not time a warm cache of this bundle."""
    from docgen.thai import text

    for fn in (text.normalize_text, text.strip_leaders, text.compact, text.is_blank):
        fn.cache_clear()


def best_of(repeat: int, fn) -> float:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(repeat):
        _cold_text_caches()
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def naive_read(paths: list[Path], work: Path) -> int:
    """The plain way: open every document with its library and join the text."""
    import docx
    import openpyxl
    import pypdf

    files: list[Path] = []
    for p in paths:
        if p.is_dir():
            files.extend(f for f in sorted(p.rglob("*")) if f.is_file())
        elif p.suffix.lower() == ".zip":
            target = work / p.stem
            try:
                with zipfile.ZipFile(p) as zf:
                    zf.extractall(target)
            except Exception:
                continue
            files.extend(f for f in sorted(target.rglob("*")) if f.is_file())
        else:
            files.append(p)
    total = 0
    for f in files:
        suffix = f.suffix.lower()
        try:
            if suffix == ".docx":
                d = docx.Document(str(f))
                text = "\n".join(p.text for p in d.paragraphs)
                text += "\n".join(c.text for t in d.tables for r in t.rows for c in r.cells)
            elif suffix == ".xlsx":
                wb = openpyxl.load_workbook(f)
                text = "\n".join(
                    "\t".join("" if v is None else str(v) for v in row)
                    for ws in wb.worksheets
                    for row in ws.iter_rows(values_only=True)
                )
            elif suffix == ".pdf":
                text = "\n".join(page.extract_text() or "" for page in pypdf.PdfReader(f).pages)
            else:
                text = f.read_bytes().decode("utf-8", "replace")
        except Exception:
            text = ""
        total += len(text)
    return total


def split_times(paths: list[Path]) -> tuple[float, float]:
    """docgen's time reading files vs classifying + extracting + checking, for one bundle."""
    _cold_text_caches()
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        opened = open_bundle(paths, Path(tmp), BundleLimits())
        contents: list[tuple[SourceFile, DocumentContent | None]] = []
        for source in opened.files:
            try:
                contents.append((source, read_document(source)))
            except UnreadableFile:
                contents.append((source, None))
        t1 = time.perf_counter()
        classified = [
            ClassifiedFile(s, classify(s, c) if c is not None else DocKind.UNKNOWN, c)
            for s, c in contents
        ]
        run_rules(extract(classified, list(opened.findings)))
        t2 = time.perf_counter()
    return t1 - t0, t2 - t1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp_root:
        tmp = Path(tmp_root)
        inputs = sample_inputs() or built_inputs(tmp)
        # Warm up imports and geothai's tables once, outside the timings.
        check_bundle(inputs[0][1], tmp / "warm")
        rows = []
        for name, paths in inputs:
            ours = best_of(args.repeat, lambda p=paths: check_bundle(p))

            def naive(p: list[Path] = paths) -> None:
                with tempfile.TemporaryDirectory() as w:
                    naive_read(p, Path(w))

            plain = best_of(args.repeat, naive)
            read_s, check_s = split_times(paths)
            rows.append((name, ours, plain, read_s, check_s))

    width = max(len(r[0]) for r in rows)
    print(f"{'bundle':<{width}}  docgen ms  naive-read ms  ratio  (read ms / check ms)")
    for name, ours, plain, read_s, check_s in rows:
        print(
            f"{name:<{width}}  {ours * 1000:9.1f}  {plain * 1000:13.1f}  {ours / plain:5.2f}"
            f"  ({read_s * 1000:.1f} / {check_s * 1000:.1f})"
        )
    ours_all = [r[1] for r in rows]
    plain_all = [r[2] for r in rows]
    print()
    print(f"bundles: {len(rows)}, best of {args.repeat} each")
    print(
        f"docgen check per bundle: median {statistics.median(ours_all) * 1000:.1f} ms, "
        f"mean {statistics.mean(ours_all) * 1000:.1f} ms, max {max(ours_all) * 1000:.1f} ms"
    )
    print(
        f"naive read only per bundle: median {statistics.median(plain_all) * 1000:.1f} ms, "
        f"mean {statistics.mean(plain_all) * 1000:.1f} ms"
    )
    print(
        f"ratio docgen/naive (median of per-bundle ratios): "
        f"{statistics.median(o / p for o, p in zip(ours_all, plain_all, strict=True)):.2f}"
    )
    print(
        f"docgen split, median: reading {statistics.median(r[3] for r in rows) * 1000:.1f} ms, "
        f"classify+extract+rules {statistics.median(r[4] for r in rows) * 1000:.1f} ms"
    )


if __name__ == "__main__":
    main()
