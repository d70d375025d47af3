"""Benchmark: `docgen check` as a whole command (a new Python process) on a five-file DOCX/XLSX bundle.

Runs, interleaved in one run, (a) the command as installed (`docgen.cli.main`: the usual
`check` forms run without Typer, see docgen/cli/check_core.py) and (b) the import-everything
way (every command module loaded first, through Typer), 10 times each; prints the medians of
the wall time and of the CPU time (user + system: what a loaded machine does not inflate)
and the ratio. The target is a wall-time median under 0.5 s for (a).

The geothai index (docgen/thai/gazetteer.py) is made in the cache folder by the first,
warming run, as a user's first `docgen check` does. Whether Python may write .pyc files
(PYTHONDONTWRITEBYTECODE) is printed: without them every docgen module is compiled each run.

    python bench/cli_start.py            # 10 runs each
    python bench/cli_start.py --runs 20
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUNDLE = ROOT / "samples" / "bundles" / "valid-01-all-docx" / "bundle"

LAZY = "from docgen.cli import main; main()"
EAGER = "from docgen.cli.typer_app import load_all, main; load_all(); main()"


def five_file_bundle() -> Path:
    """A sample bundle of exactly five DOCX/XLSX files."""
    for bundle in sorted((ROOT / "samples" / "bundles").glob("valid-*/bundle")):
        files = [p for p in bundle.iterdir() if p.is_file()]
        if len(files) == 5 and all(p.suffix in (".docx", ".xlsx") for p in files):
            return bundle
    return BUNDLE


def once(code: str, bundle: Path) -> tuple[float, float]:
    env = dict(
        os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])
    )
    cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", code, "check", str(bundle), "--json"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        check=False,
    )
    took = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0, 1):  # 1: the check found errors, a normal outcome
        raise SystemExit(proc.stderr.decode("utf-8", "replace"))
    return took, (after.ru_utime - cpu.ru_utime) + (after.ru_stime - cpu.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    bundle = five_file_bundle()
    once(LAZY, bundle)  # warm the disk cache and .pyc files
    lazy, eager = [], []
    for _ in range(args.runs):
        lazy.append(once(LAZY, bundle))
        eager.append(once(EAGER, bundle))
    print(
        f"bundle: {bundle.relative_to(ROOT)} ({len(list(bundle.iterdir()))} files), {args.runs} runs"
        f" each; .pyc written: {not os.environ.get('PYTHONDONTWRITEBYTECODE')}"
    )
    for label, runs in (
        ("docgen check, as installed", lazy),
        ("import-everything way     ", eager),
    ):
        wall, cpu = [r[0] for r in runs], [r[1] for r in runs]
        print(
            f"{label}: median {statistics.median(wall):.3f} s  (min {min(wall):.3f}, "
            f"max {max(wall):.3f}); CPU median {statistics.median(cpu):.3f} s"
        )
    lm = statistics.median(r[0] for r in lazy)
    em = statistics.median(r[0] for r in eager)
    print(f"ratio as installed / import-everything: {lm / em:.2f}  (target: median < 0.5 s)")


if __name__ == "__main__":
    main()
