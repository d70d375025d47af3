"""Benchmark: `docgen check` as a whole command (a new Python process) on a five-file DOCX/XLSX bundle.

Runs, interleaved in one run, (a) the command as installed (`main()` loads only the `check`
command's module, see docgen/cli/app.py) and (b) the import-everything way (every command
module loaded first, as before lazy loading), 10 times each; prints the medians and the ratio.
The target is a median under 0.5 s for (a).

    python bench/cli_start.py            # 10 runs each
    python bench/cli_start.py --runs 20
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUNDLE = ROOT / "samples" / "bundles" / "valid-01-all-docx" / "bundle"

LAZY = "from docgen.cli import main; main()"
EAGER = "from docgen.cli.app import load_all, main; load_all(); main()"


def five_file_bundle() -> Path:
    """A sample bundle of exactly five DOCX/XLSX files."""
    for bundle in sorted((ROOT / "samples" / "bundles").glob("valid-*/bundle")):
        files = [p for p in bundle.iterdir() if p.is_file()]
        if len(files) == 5 and all(p.suffix in (".docx", ".xlsx") for p in files):
            return bundle
    return BUNDLE


def once(code: str, bundle: Path) -> float:
    env = dict(
        os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])
    )
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", code, "check", str(bundle), "--json"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        check=False,
    )
    took = time.perf_counter() - started
    if proc.returncode not in (0, 1):  # 1: the check found errors, a normal outcome
        raise SystemExit(proc.stderr.decode("utf-8", "replace"))
    return took


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
    lm, em = statistics.median(lazy), statistics.median(eager)
    print(
        f"bundle: {bundle.relative_to(ROOT)} ({len(list(bundle.iterdir()))} files), {args.runs} runs each"
    )
    print(
        f"docgen check, lazy commands : median {lm:.3f} s  (min {min(lazy):.3f}, max {max(lazy):.3f})"
    )
    print(
        f"import-everything way       : median {em:.3f} s  (min {min(eager):.3f}, max {max(eager):.3f})"
    )
    print(f"ratio lazy / import-everything: {lm / em:.2f}  (target: lazy median < 0.5 s)")


if __name__ == "__main__":
    main()
