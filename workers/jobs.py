"""What every worker task shares: store keys, local scratch folders, retry backoff, failing a job.

Inputs and outputs live in the store (`runtime.storage()`: the data folder, or S3 when workers
run on other machines); a task fetches what it reads into its own scratch folder, writes there,
stores each result under its key, and removes the scratch folder. Only keys go in the registry.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from celery import Task

from docgen.model import UnusableInput
from docgen.registry import store
from docgen.storage import join_key
from workers import runtime

__all__ = [
    "backoff",
    "fail_job",
    "job_dir",
    "job_key",
    "keep",
    "process_converter",
    "retry_or_fail",
    "scratch",
    "unusable_text",
]


def job_key(job_id: str, *parts: str) -> str:
    """A job's file in the store: `jobs/<id>/...` (the same layout the data folder always had)."""
    return join_key("jobs", job_id, *parts)


def keep(key: str, path: Path) -> str:
    """Store a finished local file under `key` (moved: scratch holds no second copy); the key.

    Returns only once the store holds the whole file, so the registry may then point at it.
    """
    runtime.storage().put_file(key, path, move=True)
    return key


@contextmanager
def scratch(label: str) -> Iterator[Path]:
    """A private local folder for one task's work, removed afterwards whatever happens."""
    path = runtime.data_dir() / "work" / f"{label}-{uuid.uuid4().hex[:12]}"
    path.mkdir(parents=True, exist_ok=True)
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def job_dir(job_id: str) -> Path:
    """A job's own folder under DOCGEN_DATA_DIR when the store is that folder (not created)."""
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
