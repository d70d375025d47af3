"""What every worker task shares: paths under the data folder, retry backoff, failing a job."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from celery import Task

from docgen.model import DocgenError, UnusableInput
from docgen.registry import store
from workers import runtime

__all__ = [
    "backoff",
    "data_path",
    "fail_job",
    "job_dir",
    "process_converter",
    "relative_to_data",
    "retry_or_fail",
    "unusable_text",
]


def data_path(relative: str) -> Path:
    """A stored path under DOCGEN_DATA_DIR; never outside it."""
    root = runtime.data_dir()
    path = (root / relative).resolve()
    if not path.is_relative_to(root):
        raise DocgenError("ตำแหน่งไฟล์ที่บันทึกไว้ไม่ถูกต้อง")
    return path


def relative_to_data(path: Path) -> str:
    """How a file under DOCGEN_DATA_DIR is stored in the registry."""
    return str(path.resolve().relative_to(runtime.data_dir()))


def job_dir(job_id: str) -> Path:
    """A job's own folder under DOCGEN_DATA_DIR (not created here)."""
    return runtime.data_dir() / "jobs" / job_id


def backoff(retries: int) -> int:
    """Seconds before the next try: 2, 4, 8 ... at most a minute."""
    return min(60, 2 ** (retries + 1))


def fail_job(job_id: str, message_th: str) -> None:
    """Finish a job as failed with the Thai message its page shows."""
    with runtime.registry_session() as session:
        store.finish_job(session, job_id, error=message_th)


def unusable_text(exc: UnusableInput, limit: int = 20) -> str:
    """The input's problems in one Thai line: the message, then the first `limit` errors."""
    detail = "; ".join(exc.errors[:limit])
    more = f" (และอีก {len(exc.errors) - limit} รายการ)" if len(exc.errors) > limit else ""
    return exc.message_th + (f": {detail}{more}" if detail else "")


def retry_or_fail(task: Task, job_id: str, message_th: str) -> str:
    """Retry the task later (with backoff) while it has tries left, else fail the job.

    Called from an `except` block; the retry is raised, the failure returns "failed".
    """
    if task.request.retries < (task.max_retries or 0):
        raise task.retry(countdown=backoff(task.request.retries)) from None
    fail_job(job_id, message_th)
    return "failed"


_converters: dict[int, Any] = {}


def process_converter() -> Any:
    """This process's LibreOffice converter (`soffice_pool.ChunkConverter`, a `PdfConverter`).

    Its profile is kept between tasks: a fresh profile costs about a second more per document.
    A worker process runs one task at a time, so one converter per process is never shared by
    two conversions at once. Killed past DOCGEN_PDF_TIMEOUT_S, tried once more.
    """
    from docgen.render.soffice_pool import ChunkConverter

    pid = os.getpid()
    if pid not in _converters:
        s = runtime.settings()
        _converters.clear()  # a forked child's inherited one belongs to its parent
        _converters[pid] = ChunkConverter(s.soffice, timeout_s=s.pdf_timeout_s)
    return _converters[pid]
