"""The batch of certificates as Celery tasks: plan and number, render chunks in parallel, merge once.

The Job row is the coordinator (no chord, no result backend needed, so it works the same on
the embedded queue and on Redis):

1. `docgen.batch_certificates(job_id)` reads the rows, gives every row its certificate number
   in row order in one transaction (keyed `job:<id>:row:<n>`, so a rerun gets the same
   numbers), records the chunk plan in `job.state`, and queues one `docgen.batch_chunk` per
   chunk not yet done. Run again (a redelivered message, the sweeper), it only queues what is
   missing.
2. `docgen.batch_chunk(job_id, i)` renders its rows into `jobs/<id>/chunks/<i>/` (emptied
   first: a retried chunk never leaves a second copy), then marks itself done under the job's
   row lock. The chunk that completes the set queues the merge. A failing chunk is retried alone.
3. `docgen.batch_merge(job_id)` joins the chunks into the results and finishes the job once.
"""

from __future__ import annotations

import importlib
import logging
import shutil
from pathlib import Path
from typing import Any

from celery import Task
from celery.exceptions import SoftTimeLimitExceeded
from sqlalchemy import select

from docgen.model import DocgenError, UnusableInput
from docgen.registry import store
from docgen.registry.models import JOB_DONE, JOB_FAILED, Job
from docgen.registry.numbering import assign_certificates, current_be_year
from workers import runtime
from workers.app import app

log = logging.getLogger("docgen.workers.batch")

CHUNK_ROWS = 25  # rows per chunk: small enough to spread, large enough to amortise start-up
MSG_NOT_AVAILABLE = "การออกใบรับรองเป็นชุดยังไม่พร้อมใช้งานในรุ่นนี้"
MSG_INTERNAL = "ระบบขัดข้องระหว่างออกใบรับรองเป็นชุด โปรดลองใหม่อีกครั้ง"
MSG_TIMEOUT = "การออกใบรับรองเป็นชุดใช้เวลานานเกินกำหนด จึงหยุดไว้"


def row_key(job_id: str, row: int) -> str:
    return f"job:{job_id}:row:{row}"


def job_dir(job_id: str) -> Path:
    return runtime.data_dir() / "jobs" / job_id


def _locked_job(session: Any, job_id: str) -> Job | None:
    stmt = select(Job).where(Job.id == job_id)
    if session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update()
    return session.scalars(stmt).first()


# ---------------------------------------------------------------------------
# What the batch engineer's renderer does (docgen.render.batch), behind three small calls.
# ---------------------------------------------------------------------------


def _batch_module() -> Any:
    try:
        render_batch = importlib.import_module("docgen.render.batch")
    except ImportError:
        raise UnusableInput(MSG_NOT_AVAILABLE) from None
    return render_batch


def read_rows(path: Path) -> list[dict[str, Any]]:
    """The input rows (CSV/XLSX) as dicts; bad rows raise UnusableInput naming them."""
    return list(_batch_module().read_rows(path))


def given_number(row: dict[str, Any]) -> str:
    """The certificate number a row already carries (เลขที่ใบรับรอง), if any."""
    value = row.get("certificate_no") or row.get("เลขที่ใบรับรอง") or ""
    return str(value).strip()


def render_rows(
    rows: list[dict[str, Any]], numbers: list[str], first_row: int, out_dir: Path, pdf: bool
) -> list[Path]:
    """Render certificates for `rows` with their `numbers` into `out_dir`."""
    return list(_batch_module().render_rows(rows, numbers, first_row, out_dir, pdf=pdf))


def merge_outputs(chunk_dirs: list[Path], out_dir: Path, pdf: bool) -> Path:
    """Join the chunk folders into the job's result (a ZIP of DOCX, and a merged PDF)."""
    return Path(_batch_module().merge_outputs(chunk_dirs, out_dir, pdf=pdf))


# ---------------------------------------------------------------------------
# The tasks
# ---------------------------------------------------------------------------


def _fail(job_id: str, message_th: str) -> None:
    with runtime.registry_session() as session:
        store.finish_job(session, job_id, error=message_th)


def plan(job_id: str) -> tuple[list[int], bool]:
    """Plan and number the batch once; (chunks still to do, whether all chunks are done)."""
    with runtime.registry_session() as session:
        job = store.start_job(session, job_id)
        if job is None:
            return [], False
        state = dict(job.state or {})
        if "chunks" in state:
            done = set(state.get("done", []))
            todo = [i for i in range(len(state["chunks"])) if i not in done]
            return todo, not todo
        params = dict(job.params or {})
    rows = read_rows(_input_path(params))
    if not rows:
        raise UnusableInput("ไฟล์ข้อมูลไม่มีแถวของกลุ่มเลย")
    with runtime.registry_session() as session:
        job = _locked_job(session, job_id)
        if job is None or job.status in (JOB_DONE, JOB_FAILED):
            return [], False
        state = dict(job.state or {})
        if "chunks" not in state:  # another run may have planned it meanwhile
            district = str(params.get("district_code") or job.district_code or "")
            be_year = int(params.get("be_year") or current_be_year())
            wanting = [i for i, row in enumerate(rows) if not given_number(row)]
            if wanting and not district:
                raise UnusableInput("ไม่ทราบรหัสอำเภอ จึงออกเลขที่ใบรับรองไม่ได้")
            if wanting:
                assign_certificates(
                    session,
                    district,
                    be_year,
                    [row_key(job_id, i) for i in wanting],
                    job_id=job_id,
                    issued_by=job.created_by,
                )
            state = {
                "chunks": [
                    [s, min(s + CHUNK_ROWS, len(rows))] for s in range(0, len(rows), CHUNK_ROWS)
                ],
                "done": [],
                "rows": len(rows),
                "district_code": district,
                "be_year": be_year,
            }
            job.state = state
            job.progress_total = len(rows)
            job.progress_done = 0
        return list(range(len(state["chunks"]))), False


def _input_path(params: dict[str, Any]) -> Path:
    from workers.tasks import data_path

    if not params.get("input"):
        raise UnusableInput("งานนี้ไม่มีไฟล์ข้อมูลกลุ่ม")
    return data_path(str(params["input"]))


@app.task(
    name="docgen.batch_certificates",
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=2,
)
def batch_certificates(self: Task, job_id: str) -> str:
    """Plan, number and fan out a batch (or, run again, queue only what is missing)."""
    try:
        todo, all_done = plan(job_id)
    except store.NotFound:
        return "missing"
    except UnusableInput as exc:
        detail = "; ".join(exc.errors[:10])
        _fail(job_id, exc.message_th + (f": {detail}" if detail else ""))
        return "failed"
    except Exception as exc:
        log.error("batch plan failed: %s", type(exc).__name__)
        if self.request.retries < (self.max_retries or 0):
            raise self.retry(countdown=2 ** (self.request.retries + 1)) from None
        _fail(job_id, MSG_INTERNAL)
        return "failed"
    if all_done:
        batch_merge.delay(job_id)
        return "merging"
    for index in todo:
        batch_chunk.delay(job_id, index)
    return f"{len(todo)} chunks"


def render_chunk(job_id: str, index: int) -> bool:
    """Render one chunk; True when it was the last one to finish (the caller queues the merge)."""
    with runtime.registry_session() as session:
        job = session.get(Job, job_id)
        if job is None or job.status in (JOB_DONE, JOB_FAILED):
            return False
        state = dict(job.state or {})
        if index in state.get("done", []):
            return False
        params = dict(job.params or {})
    start, end = state["chunks"][index]
    rows = read_rows(_input_path(params))[start:end]
    keys = [row_key(job_id, i) for i in range(start, end)]
    with runtime.registry_session() as session:
        # Numbers were given at planning; this only reads them back (same keys, same numbers).
        wanting = [k for k, row in zip(keys, rows, strict=True) if not given_number(row)]
        numbered = {
            c.idempotency_key: c.number
            for c in assign_certificates(
                session, state["district_code"], int(state["be_year"]), wanting, job_id=job_id
            )
        }
    numbers = [given_number(row) or numbered[k] for k, row in zip(keys, rows, strict=True)]
    out_dir = job_dir(job_id) / "chunks" / f"{index:04d}"
    if out_dir.exists():
        shutil.rmtree(out_dir)  # a retried chunk starts clean: no duplicate files
    tmp_dir = out_dir.with_name(out_dir.name + ".tmp")
    shutil.rmtree(tmp_dir, ignore_errors=True)
    tmp_dir.mkdir(parents=True)
    render_rows(rows, numbers, start, tmp_dir, bool(params.get("pdf")))
    tmp_dir.rename(out_dir)
    with runtime.registry_session() as session:
        job = _locked_job(session, job_id)
        if job is None or job.status in (JOB_DONE, JOB_FAILED):
            return False
        state = dict(job.state or {})
        done = sorted(set(state.get("done", [])) | {index})
        state["done"] = done
        job.state = state
        finished_rows = sum(e - s for i, (s, e) in enumerate(state["chunks"]) if i in done)
        job.progress_done = finished_rows
        return len(done) == len(state["chunks"])


@app.task(
    name="docgen.batch_chunk",
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=3,
)
def batch_chunk(self: Task, job_id: str, index: int) -> str:
    """Render one chunk of a batch; a failing chunk is retried alone, with backoff."""
    try:
        last = render_chunk(job_id, index)
    except SoftTimeLimitExceeded:
        _fail(job_id, MSG_TIMEOUT)
        return "failed"
    except UnusableInput as exc:
        detail = "; ".join(exc.errors[:10])
        _fail(job_id, exc.message_th + (f": {detail}" if detail else ""))
        return "failed"
    except Exception as exc:  # LibreOffice hung or crashed, a disk hiccup: try this chunk again
        log.error("batch chunk %d failed: %s", index, type(exc).__name__)
        if self.request.retries < (self.max_retries or 0):
            raise self.retry(countdown=min(60, 2 ** (self.request.retries + 1))) from None
        _fail(job_id, exc.message_th if isinstance(exc, DocgenError) else MSG_INTERNAL)
        return "failed"
    if last:
        batch_merge.delay(job_id)
    return "done"


def merge(job_id: str) -> str | None:
    with runtime.registry_session() as session:
        job = session.get(Job, job_id)
        if job is None or job.status in (JOB_DONE, JOB_FAILED):
            return None
        state = dict(job.state or {})
        params = dict(job.params or {})
    if len(state.get("done", [])) != len(state.get("chunks", [None])):
        return None  # not every chunk is in yet (a stray duplicate merge message)
    chunk_dirs = [job_dir(job_id) / "chunks" / f"{i:04d}" for i in range(len(state["chunks"]))]
    result = merge_outputs(chunk_dirs, job_dir(job_id), bool(params.get("pdf")))
    from workers.tasks import relative_to_data

    with runtime.registry_session() as session:
        store.finish_job(session, job_id, result_path=relative_to_data(result))
    return str(result)


@app.task(
    name="docgen.batch_merge",
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=3,
)
def batch_merge(self: Task, job_id: str) -> str:
    """Join a batch's chunks into its result and finish the job (once)."""
    try:
        result = merge(job_id)
    except SoftTimeLimitExceeded:
        _fail(job_id, MSG_TIMEOUT)
        return "failed"
    except Exception as exc:
        log.error("batch merge failed: %s", type(exc).__name__)
        if self.request.retries < (self.max_retries or 0):
            raise self.retry(countdown=min(60, 2 ** (self.request.retries + 1))) from None
        _fail(job_id, exc.message_th if isinstance(exc, DocgenError) else MSG_INTERNAL)
        return "failed"
    return "skipped" if result is None else "done"
