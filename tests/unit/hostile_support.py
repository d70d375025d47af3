"""Shared measuring for the hostile-input tests: time and Python heap peak of one attack."""

from __future__ import annotations

import os
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

from docgen.intake.readers import read_path
from docgen.model import DocumentContent, UnreadableFile

MB = 1024 * 1024
# Bounds are for an idle 2-core machine; a loaded one (CI neighbours, tracemalloc itself)
# gets this factor of slack. The limits in the code are what really bound an attack.
TIME_SLACK = float(os.environ.get("DOCGEN_TIME_SLACK", "2"))


def measure_call(
    attack: str,
    action: Callable[[], Any],
    max_seconds: float,
    max_mb: float,
    describe: Callable[[Any], str],
) -> Any:
    """Run one attack under tracemalloc; assert its time and heap peak; print a SECURITY.md line."""
    tracemalloc.start()
    start = time.monotonic()
    try:
        result = action()
    finally:
        seconds = time.monotonic() - start
        peak = tracemalloc.get_traced_memory()[1] / MB
        tracemalloc.stop()
    print(f"\nHOSTILE|{attack}|{describe(result)}|{seconds:.2f}|{peak:.1f}")
    assert seconds < max_seconds * TIME_SLACK, f"{attack} took {seconds:.1f}s"
    assert peak < max_mb, f"{attack} peaked at {peak:.1f} MB"
    return result


def _read_or_error(path: Path) -> DocumentContent | UnreadableFile:
    try:
        return read_path(path)
    except UnreadableFile as exc:
        return exc


def measure_read(
    attack: str, path: Path, max_seconds: float, max_mb: float
) -> DocumentContent | UnreadableFile:
    """Read one hostile file; the outcome is the content or the UnreadableFile it raised."""
    return measure_call(  # type: ignore[no-any-return]
        attack,
        lambda: _read_or_error(path),
        max_seconds,
        max_mb,
        lambda r: "UNREADABLE_FILE" if isinstance(r, UnreadableFile) else "read",
    )
