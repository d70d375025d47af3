"""The batch of certificates as Celery tasks: plan and number, render chunks in parallel, merge once.

The Job row coordinates (no chord, so no result backend is needed and it works the same on
the embedded queue and on Redis), using the pure steps of `docgen.render.batch`:

1. `docgen.batch_certificates(job_id)` reads and checks every row (a given certificate
   number the registry issued to another group is a bad row), records the given numbers and
   gives the other rows their numbers in row order from the registry (keyed by the group, so
   a rerun gets the same numbers), writes the chunk plan to `jobs/<id>/plan/`, and queues one `docgen.batch_chunk`
   per chunk not yet done. Run again (a redelivered message, the sweeper) it only queues what
   is missing.
2. `docgen.batch_chunk(job_id, i)` renders its rows in a local scratch folder and stores them
   under `jobs/<id>/out/` (fixed keys: a retried chunk rewrites its own objects, never adds
   copies), then marks itself done under the job's row lock. The chunk that completes the set queues the merge. A failing chunk (e.g.
   LibreOffice) is retried alone, with backoff.
3. `docgen.batch_merge(job_id)` joins the chunk PDFs into `certificates.pdf`, zips the DOCX
   files (and the PDF) into `certificates.zip`, and finishes the job once. The job's
   `result_path` is the PDF when one was asked for, else the ZIP; `state` names both.

Every file (input, plan, chunk results, outputs) is in the store (`runtime.storage()`) under
`jobs/<id>/...`, so the chunks of one batch may run on different machines.

Job params (set by the web door): `input` (store key), `pdf` (bool),
`district_code` (rows of another district are refused), optional `officer_name`.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import math
import shutil
import time
import zipfile
from pathlib import Path
from typing import Any

from celery import Task
from celery.exceptions import SoftTimeLimitExceeded

from docgen.model import DocgenError, UnusableInput
from docgen.registry import store
from docgen.registry.models import JOB_DONE, JOB_FAILED, Job
from docgen.registry.numbering import RegistryNumberer
from docgen.thai.dates import today_in_thailand
from workers import runtime
from workers.app import app
from workers.jobs import (
    fail_job,
    job_key,
    keep,
    process_converter,
    retry_or_fail,
    scratch,
    unusable_text,
)
from workers.recovery import send

log = logging.getLogger("docgen.workers.batch")

MAX_CHUNK_ROWS = 200
PARALLEL_CHUNKS = 4  # chunks per batch at least, so several workers share it
MSG_INTERNAL = "ระบบขัดข้องระหว่างออกใบรับรองเป็นชุด โปรดลองใหม่อีกครั้ง"
MSG_TIMEOUT = "การออกใบรับรองเป็นชุดใช้เวลานานเกินกำหนด จึงหยุดไว้"
EMBLEM_KEY_MARK = "store:"  # in a planned row: the emblem is this storage key, not yet a file


def _put_json(key: str, obj: Any) -> None:
    runtime.storage().put_bytes(key, json.dumps(obj, ensure_ascii=False).encode("utf-8"))


def _get_json(key: str) -> Any:
    return json.loads(runtime.storage().get_bytes(key).decode("utf-8"))


def _input_path(params: dict[str, Any], work: Path) -> Path:
    if not params.get("input"):
        raise UnusableInput("งานนี้ไม่มีไฟล์ข้อมูลกลุ่ม")
    return runtime.storage().fetch(str(params["input"]), work)


def chunk_size(total: int) -> int:
    return max(1, min(MAX_CHUNK_ROWS, math.ceil(total / PARALLEL_CHUNKS)))


# ---------------------------------------------------------------------------
# 1. plan
# ---------------------------------------------------------------------------


def plan(job_id: str) -> tuple[list[int], bool]:
    """Plan and number the batch once; (chunks still to do, whether every chunk is done)."""
    from docgen.render import batch as render_batch

    with runtime.registry_session() as session:
        job = store.start_job(session, job_id)
        if job is None:
            return [], False
        state = dict(job.state or {})
        if "chunks" in state:
            done = set(state.get("done", []))
            todo = [i for i in range(int(state["chunks"])) if i not in done]
            return todo, not todo
        params = dict(job.params or {})
        created_by = job.created_by
        job_district = job.district_code or params.get("district_code")
    issue_date = dt.date.fromisoformat(params["issue_date"]) if params.get("issue_date") else None
    issue_date = issue_date or today_in_thailand()
    numberer = RegistryNumberer(runtime.session_factory(), job_id=job_id, issued_by=created_by)
    # Given numbers are checked against the registry with the other bad rows, all at once.
    with scratch(f"plan-{job_id[:16]}") as work:
        rows = render_batch.read_certificate_rows(
            _input_path(params, work),
            issue_date=issue_date,
            officer_name=str(params.get("officer_name") or ""),
            numberer=numberer,
            # Rows of another district are refused, a given number or not (its sequence is theirs).
            district_code=job_district or None,
        )
    rows = render_batch.assign_numbers(rows, numberer)  # given ones recorded, the rest numbered
    rows = _with_office(rows, job_district, created_by, str(params.get("officer_name") or ""))
    chunks = render_batch.plan_chunks(rows, chunk_size(len(rows)))
    for chunk in chunks:
        _put_json(job_key(job_id, "plan", f"chunk-{chunk.index:05d}.json"), chunk.to_json())
    with runtime.registry_session() as session:
        job = store.get_job(session, job_id, lock=True)
        if job is None or job.status in (JOB_DONE, JOB_FAILED):
            return [], False
        state = dict(job.state or {})
        if "chunks" not in state:  # another run may have planned it meanwhile (same plan)
            state = {"chunks": len(chunks), "done": [], "rows": len(rows), "done_rows": 0}
            job.state = state
            job.progress_total = len(rows)
            job.progress_done = 0
        done = set(state.get("done", []))
        todo = [i for i in range(int(state["chunks"])) if i not in done]
        return todo, not todo


def _emblem_key(key: str) -> str:
    return f"{EMBLEM_KEY_MARK}{key}"


def _local_emblem(chunk: Any, scratch_dir: Path) -> Any:
    """The chunk with its rows' emblem keys replaced by a local copy of the emblem."""
    from docgen.render.batch import CertificateRow, Chunk
    from docgen.storage import FileMissing

    local: dict[str, str] = {}

    def path_of(value: str) -> str:
        if not value.startswith(EMBLEM_KEY_MARK):
            return value
        key = value[len(EMBLEM_KEY_MARK) :]
        if key not in local:
            try:
                local[key] = str(runtime.storage().fetch(key, scratch_dir))
            except FileMissing:
                local[key] = ""  # removed since: the certificate prints without it
        return local[key]

    rows = tuple(
        CertificateRow(
            r.index,
            r.row,
            {**r.data, "emblem_path": path_of(str(r.data["emblem_path"]))}
            if r.data.get("emblem_path")
            else r.data,
            r.district_code,
            r.key,
        )
        for r in chunk.rows
    )
    return Chunk(index=chunk.index, rows=rows, width=chunk.width)


def _with_office(
    rows: list[Any], district: str | None, username: str, officer_name: str
) -> list[Any]:
    """Each certificate headed by the job's office and signed by its signer (the registry's
    office profile; else the officer who made the batch)."""
    from docgen.registry.accounts import get_account
    from docgen.registry.office import office_fields
    from docgen.render.batch import with_office_fields

    if not district:
        return rows
    with runtime.registry_session() as session:
        account = get_account(session, username) if username else None
        name = (account.display_name if account else "") or officer_name
        position = account.position if account else ""
        # The emblem's storage key, not a file: each chunk (perhaps on another machine)
        # fetches it into its own scratch folder (`_local_emblem`).
        office = office_fields(
            session, district, _emblem_key, signer_name=name, signer_position=position
        )
    # One office issues the whole job (its rows were refused at the door if outside it).
    return with_office_fields(rows, lambda _district: office)


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
        fail_job(job_id, unusable_text(exc))
        return "failed"
    except Exception as exc:
        log.error("batch plan failed: %s", type(exc).__name__)
        return retry_or_fail(
            self, job_id, exc.message_th if isinstance(exc, DocgenError) else MSG_INTERNAL
        )
    if all_done:
        send(app, "docgen.batch_merge", [job_id])
        return "merging"
    for index in todo:
        send(app, "docgen.batch_chunk", [job_id, index])
    return f"{len(todo)} chunks"


# ---------------------------------------------------------------------------
# 2. chunks
# ---------------------------------------------------------------------------


def render_one_chunk(job_id: str, index: int) -> bool:
    """Render one chunk; True when it was the last one to finish (the caller queues the merge)."""
    from docgen.render import batch as render_batch

    with runtime.registry_session() as session:
        job = session.get(Job, job_id)
        if job is None or job.status in (JOB_DONE, JOB_FAILED):
            return False
        state = dict(job.state or {})
        if index in state.get("done", []):
            return False
        params = dict(job.params or {})
    chunk = render_batch.Chunk.from_json(
        _get_json(job_key(job_id, "plan", f"chunk-{index:05d}.json"))
    )
    last_touch = [time.monotonic()]
    rendered = [0]

    def on_each() -> None:
        # Progress within a chunk, at most once a second: the page shows it moving.
        rendered[0] += 1
        if time.monotonic() - last_touch[0] > 1.0:
            last_touch[0] = time.monotonic()
            with runtime.registry_session() as session:
                store.update_job_progress(
                    session, job_id, int(state.get("done_rows", 0)) + rendered[0]
                )

    pdf = bool(params.get("pdf"))
    with scratch(f"chunk-{job_id[:16]}-{index}") as out_dir:
        chunk = _local_emblem(chunk, out_dir / ".office")
        result = render_batch.render_chunk(
            chunk, out_dir, pdf=pdf, converter=process_converter() if pdf else None, on_each=on_each
        )
        # Stored under fixed keys (a retried chunk replaces its own objects), then named in
        # the chunk's result: the merge, perhaps on another machine, reads only keys.
        stored = {
            "index": index,
            "docx": [keep(job_key(job_id, "out", p.name), p) for p in result.docx],
            "pdf": keep(
                job_key(job_id, "out", render_batch.CHUNKS_DIR, result.pdf.name), result.pdf
            )
            if result.pdf
            else None,
            "seconds": result.seconds,
        }
    _put_json(job_key(job_id, "plan", f"result-{index:05d}.json"), stored)
    with runtime.registry_session() as session:
        job = store.get_job(session, job_id, lock=True)
        if job is None or job.status in (JOB_DONE, JOB_FAILED):
            return False
        state = dict(job.state or {})
        counted = index in state.get("done", [])  # a redelivered chunk counts once
        done = sorted(set(state.get("done", [])) | {index})
        state["done"] = done
        state["done_rows"] = int(state.get("done_rows", 0)) + (0 if counted else len(chunk.rows))
        job.state = state
        job.progress_done = min(int(state["done_rows"]), job.progress_total or state["done_rows"])
        job.updated_at = store.utcnow()
        return len(done) == int(state["chunks"])


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
        last = render_one_chunk(job_id, index)
    except SoftTimeLimitExceeded:
        fail_job(job_id, MSG_TIMEOUT)
        return "failed"
    except UnusableInput as exc:
        fail_job(job_id, unusable_text(exc))
        return "failed"
    except Exception as exc:  # LibreOffice hung or crashed, a disk hiccup: this chunk again
        log.error("batch chunk %d failed: %s", index, type(exc).__name__)
        return retry_or_fail(
            self, job_id, exc.message_th if isinstance(exc, DocgenError) else MSG_INTERNAL
        )
    if last:
        send(app, "docgen.batch_merge", [job_id])
    return "done"


# ---------------------------------------------------------------------------
# 3. merge
# ---------------------------------------------------------------------------


def merge(job_id: str) -> str | None:
    """Join the chunks and finish the job; None when there is nothing (more) to do."""
    from docgen.render import batch as render_batch

    with runtime.registry_session() as session:
        job = session.get(Job, job_id)
        if job is None or job.status in (JOB_DONE, JOB_FAILED):
            return None
        state = dict(job.state or {})
        params = dict(job.params or {})
    total = int(state.get("chunks", -1))
    if len(state.get("done", [])) != total:
        return None  # not every chunk is in yet (a stray duplicate merge message)
    storage = runtime.storage()
    results = [_get_json(job_key(job_id, "plan", f"result-{i:05d}.json")) for i in range(total)]
    docx: list[str] = [key for r in results for key in r["docx"]]
    if len(docx) != int(state.get("rows", len(docx))) or len(set(docx)) != len(docx):
        raise DocgenError("สร้างใบรับรองได้ไม่ครบ")
    zip_key = job_key(job_id, "certificates.zip")
    pdf_key = job_key(job_id, "out", render_batch.MERGED_PDF) if params.get("pdf") else None
    with scratch(f"merge-{job_id[:16]}") as work:
        pdf_path: Path | None = None
        if pdf_key is not None:
            chunk_pdfs = [storage.fetch(r["pdf"], work / "chunks") for r in results if r["pdf"]]
            pdf_path = render_batch.merge_chunks(chunk_pdfs, work / render_batch.MERGED_PDF)
        zip_path = work / "certificates.zip"
        with zipfile.ZipFile(zip_path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            for key in docx:  # streamed from the store into the archive, one at a time
                with storage.open(key) as src, zf.open(key.rsplit("/", 1)[-1], "w") as dst:
                    shutil.copyfileobj(src, dst, 1024 * 1024)
            if pdf_path is not None:
                zf.write(pdf_path, pdf_path.name)
        keep(zip_key, zip_path)
        if pdf_path is not None and pdf_key is not None:
            keep(pdf_key, pdf_path)
    result = pdf_key or zip_key
    with runtime.registry_session() as session:
        job = store.get_job(session, job_id, lock=True)
        if job is not None:
            job.state = dict(job.state or {}, zip=zip_key, pdf=pdf_key, files=len(docx))
        store.finish_job(session, job_id, result_path=result)
    # Only now, with the job finished: a merge retried before this point still finds them.
    storage.delete_prefix(job_key(job_id, "out", render_batch.CHUNKS_DIR))
    return result


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
        fail_job(job_id, MSG_TIMEOUT)
        return "failed"
    except Exception as exc:
        log.error("batch merge failed: %s", type(exc).__name__)
        return retry_or_fail(
            self, job_id, exc.message_th if isinstance(exc, DocgenError) else MSG_INTERNAL
        )
    return "skipped" if result is None else "done"
