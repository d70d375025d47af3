"""What the doors ask of OCR for one check (page images, progress): light, imported without numpy."""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["OcrOptions", "Progress", "ProgressFn", "current_options"]

ProgressFn = Callable[[int, int], None]


@dataclass
class Progress:
    """Pages read so far over the pages a bundle is expected to need (for the group's page)."""

    total: int = 0
    done: int = 0
    report: ProgressFn | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def page_done(self) -> None:
        with self._lock:
            self.done += 1
            self.total = max(self.total, self.done)
            done, total = self.done, self.total
        if self.report is not None:
            self.report(done, total)


@dataclass(frozen=True)
class OcrOptions:
    """Where the doors want page images kept (the officer's page shows them), and progress.

    Pages go to `image_root / image_subdir / page-NNN.png`; OcrPage.image names them relative
    to `image_root`, so the report can be moved with its folder.
    """

    image_root: Path | None = None
    image_subdir: str = ""
    progress: Progress | None = None


current_options: ContextVar[OcrOptions | None] = ContextVar("ocr_options", default=None)
