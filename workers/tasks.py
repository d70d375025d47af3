"""Thin Celery tasks: take ids, call a pipeline verb, record status and results in the registry.

Every task may run twice (late acks, a worker killed, the sweeper resubmitting): each is
written so a second run changes nothing in effect. A check records its report only while the
application is still unchecked; a batch row's certificate number is keyed by job and row, and
a chunk rewrites its own folder; a finished job is never finished again.
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path
from typing import Any

from celery import Task
from celery.exceptions import SoftTimeLimitExceeded
from celery.signals import (
    celeryd_after_setup,
    task_postrun,
    task_received,
    worker_process_init,
    worker_ready,
    worker_shutdown,
)
from sqlalchemy import select

from docgen.model import DocgenError, UnusableInput
from docgen.registry import store
from docgen.registry.models import JOB_DONE, JOB_FAILED, Job
from docgen.storage import StoreUnavailable
from workers import recovery, runtime
from workers.app import app
from workers.jobs import (
    backoff,
    fail_job,
    job_key,
    keep,
    process_converter,
    retry_or_fail,
    scratch,
    unusable_text,
)

log = logging.getLogger("docgen.workers")

CHECK_TIME_LIMIT_S = 300
MSG_INTERNAL = "ระบบขัดข้องระหว่างทำงาน โปรดลองใหม่อีกครั้ง หากยังไม่ได้โปรดแจ้งผู้ดูแลระบบ"
MSG_TIMEOUT = "งานนี้ใช้เวลานานเกินกำหนด จึงหยุดไว้ โปรดแจ้งผู้ดูแลระบบ"
MSG_NOT_AVAILABLE = "ความสามารถนี้ยังไม่พร้อมใช้งานในรุ่นนี้"


# ---------------------------------------------------------------------------
# docgen.check_bundle
# ---------------------------------------------------------------------------


def run_check(application_id: str) -> dict[str, Any] | None:
    """Claim, check and record one application. None when there was nothing to do."""
    from docgen import pipeline

    with runtime.registry_session() as session:
        application = store.mark_checking(
            session, application_id, busy_for_s=runtime.settings().stale_after_s
        )
        if application is None:
            return None
        keys = [f.stored_path for f in application.files]  # store keys
    storage = runtime.storage()
    with scratch(f"check-{application_id[:16]}") as workdir:
        from docgen.intake.convert import SofficeDocumentConverter

        # The bundle's files, fetched from the store (a worker on another machine has no copy).
        paths = [storage.fetch(key, workdir / "files") for key in keys]
        settings = runtime.settings()
        pages = workdir / "pages"
        with SofficeDocumentConverter(settings.soffice, settings.pdf_timeout_s) as converter:
            report = pipeline.check_bundle(
                paths,
                workdir / "unpacked",
                converter=converter,
                page_images=pages,
                progress=CheckProgress(application_id),
            ).to_json()
        # The scanned pages read, for the officer's page: page_image_key(id, name) in the store,
        # stored before the report that names them is recorded.
        for image in sorted(pages.rglob("*.png")) if pages.is_dir() else []:
            keep(page_image_key(application_id, image.relative_to(pages).as_posix()), image)
    with runtime.registry_session() as session:
        store.record_report(session, application_id, report)
    return report


class CheckProgress:
    """OCR's pages read (done, total), written into the application's row for the group's page
    ("กำลังอ่านภาพหน้า 3 จาก 7"): the registry is what the web and every worker share, wherever
    they run. At most one write per page, and none closer than `MIN_INTERVAL_S` apart except
    the last page; a failed write is logged and the check goes on."""

    MIN_INTERVAL_S = 0.5

    def __init__(self, application_id: str) -> None:
        self.application_id = application_id
        self._lock = threading.Lock()
        self._written = (0, 0)
        self._at = 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        with self._lock:
            if (done, total) == self._written or (
                done < total and now - self._at < self.MIN_INTERVAL_S
            ):
                return
            self._written, self._at = (done, total), now
        try:
            with runtime.registry_session() as session:
                store.update_check_progress(session, self.application_id, done, total)
        except Exception as exc:  # progress is for show: never the reason a check fails
            log.warning("check progress not recorded (%s)", type(exc).__name__)


def page_image_key(application_id: str, name: str) -> str:
    """Where a check keeps a page image its report names (`documents[].page_images`)."""
    from docgen.storage import join_key

    return join_key("page-images", application_id, name)


def _fail_application(application_id: str, message_th: str) -> None:
    with runtime.registry_session() as session:
        store.mark_failed(session, application_id, message_th)


@app.task(
    name="docgen.check_bundle",
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=2,
    soft_time_limit=CHECK_TIME_LIMIT_S - 30,
    time_limit=CHECK_TIME_LIMIT_S,
)
def check_bundle(self: Task, application_id: str) -> str:
    """Check an uploaded bundle; the application ends `checked` or `failed`, never `checking`."""
    try:
        report = run_check(application_id)
    except store.NotFound:
        return "missing"
    except SoftTimeLimitExceeded:
        _fail_application(application_id, MSG_TIMEOUT)
        return "failed"
    except DocgenError as exc:
        if not isinstance(exc, StoreUnavailable):
            _fail_application(application_id, exc.message_th)
            return "failed"
        # The store did not answer: like any other failure of ours, worth a later try.
        if self.request.retries < (self.max_retries or 0):
            with runtime.registry_session() as session:
                store.release_check(session, application_id)
            raise self.retry(countdown=backoff(self.request.retries)) from None
        _fail_application(application_id, exc.message_th)
        return "failed"
    except Exception as exc:
        # Type only: messages from deep inside readers may quote the bundle's personal data.
        log.error("check of an application failed: %s", type(exc).__name__)
        if self.request.retries < (self.max_retries or 0):
            with runtime.registry_session() as session:
                store.release_check(session, application_id)  # the retry claims it afresh
            raise self.retry(countdown=backoff(self.request.retries)) from None
        _fail_application(application_id, MSG_INTERNAL)
        return "failed"
    return "skipped" if report is None else "checked"


# ---------------------------------------------------------------------------
# Jobs: render_document, district_report
# ---------------------------------------------------------------------------


def _start(job_id: str) -> Job | None:
    with runtime.registry_session() as session:
        job = store.start_job(session, job_id)
        if job is None:
            return None
        session.expunge(job)
        return job


def _run_job(task: Task, job_id: str, body: Any) -> str:
    """Start the job, run `body(job) -> result path`, finish it; retry LibreOffice failures."""
    try:
        job = _start(job_id)
    except store.NotFound:
        return "missing"
    if job is None:
        return "skipped"
    try:
        result = body(job)
    except SoftTimeLimitExceeded:
        fail_job(job_id, MSG_TIMEOUT)
        return "failed"
    except UnusableInput as exc:
        fail_job(job_id, unusable_text(exc, limit=10))
        return "failed"
    except DocgenError as exc:
        # LibreOffice hung or crashed, a file was busy: worth another try, later.
        return retry_or_fail(task, job_id, exc.message_th)
    except Exception as exc:
        log.error("job %s failed: %s", job_id[:8], type(exc).__name__)
        return retry_or_fail(task, job_id, MSG_INTERNAL)
    with runtime.registry_session() as session:
        store.finish_job(session, job_id, result_path=result)
    return "done"


def render_document_body(job: Job) -> str:
    """params: {"kind": KIND, "data": {...}, "pdf": bool}. Result: the PDF if asked, else the DOCX."""
    from docgen import pipeline
    from docgen.render.registry import get_spec

    kind = str(job.params.get("kind", ""))
    get_spec(kind)  # an unknown kind: UnusableInput naming the known ones
    with scratch(f"render-{job.id[:16]}") as out_dir:
        out_pdf = out_dir / f"{kind}.pdf" if job.params.get("pdf") else None
        out_docx = pipeline.render_document(
            kind,
            job.params.get("data") or {},
            out_dir / f"{kind}.docx",
            pdf=out_pdf,
            converter=process_converter() if out_pdf else None,
        )
        docx_key = keep(job_key(job.id, out_docx.name), out_docx)
        return keep(job_key(job.id, out_pdf.name), out_pdf) if out_pdf else docx_key


@app.task(
    name="docgen.render_document",
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=2,
)
def render_document(self: Task, job_id: str) -> str:
    """Fill one template from a job's params; the job ends `done` with a file, or `failed`."""
    return _run_job(self, job_id, render_document_body)


def district_report_body(job: Job) -> str:
    """params: {"district_code" | "province_code", "be_year" | "fiscal_year" | "date_from" +
    "date_to", "xlsx": bool, "pdf": bool, "officer_name"}. Result: the PDF if asked, else the DOCX; `state` names every file."""
    from docgen import pipeline
    from docgen.registry.reports_query import report_records
    from docgen.reports.service import period_from_params

    params = dict(job.params or {})
    province = str(params.get("province_code") or "") or None
    district = str(params.get("district_code") or job.district_code or "")
    if not (district or province):
        raise UnusableInput("ไม่ทราบอำเภอหรือจังหวัดของรายงาน")
    be_year = int(params.get("be_year") or 0) or None
    period = period_from_params(params)  # be_year, fiscal_year, or date_from + date_to
    from docgen.registry.office import office_fields
    from docgen.storage import local_file_of

    officer_name = str(params.get("officer_name") or "")
    stem = f"report-{province or district}-{be_year or 'all'}"
    want_pdf = bool(params.get("pdf"))
    with scratch(f"report-{job.id[:16]}") as out_dir:
        with runtime.registry_session() as session:  # read, then render outside the transaction
            if province:
                groups, applications = report_records(session, province_code=province)
                office: dict[str, str] = {}
            else:
                groups, applications = report_records(session, district_code=district)
                # The emblem fetched from the store into this task's scratch folder.
                emblem = local_file_of(runtime.storage(), out_dir / "office")
                office = office_fields(session, district, emblem, signer_name=officer_name)
        result = pipeline.district_report(
            district,
            be_year,
            groups,
            out_dir / f"{stem}.docx",
            xlsx=out_dir / f"{stem}.xlsx" if params.get("xlsx") else None,
            pdf=out_dir / f"{stem}.pdf" if want_pdf else None,
            converter=process_converter() if want_pdf else None,
            period=period,
            applications=applications,
            province_code=province,
            officer_name=office.get("signer_name") or officer_name,
            office=office,
        )
        files = {
            name: keep(job_key(job.id, Path(path).name), Path(path))
            for name, path in (("docx", result.docx), ("pdf", result.pdf), ("xlsx", result.xlsx))
            if path
        }
    with runtime.registry_session() as session:
        row = session.get(Job, job.id)
        if row is not None:
            row.state = dict(row.state or {}, **files)
    return files.get("pdf") or files["docx"]


@app.task(
    name="docgen.district_report",
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=2,
)
def district_report(self: Task, job_id: str) -> str:
    """The district's report to the province, from the registry's certified groups."""
    return _run_job(self, job_id, district_report_body)


# ---------------------------------------------------------------------------
# docgen.batch_certificates: chunks in parallel, merged once, numbers keyed by job and row
# ---------------------------------------------------------------------------

from workers import batch as _batch  # noqa: E402  (the batch tasks register on `app`)

batch_certificates = _batch.batch_certificates
batch_chunk = _batch.batch_chunk
batch_merge = _batch.batch_merge


# ---------------------------------------------------------------------------
# The sweeper: nothing stays `checking` (or a job `running`) after its worker is gone
# ---------------------------------------------------------------------------


def sweep(
    older_than_s: float | None = None, *, at_start: bool = False
) -> tuple[list[str], list[str]]:
    """Resubmit applications and jobs whose worker is gone (older than `stale_after_s`).

    `at_start`: the embedded queue's one worker taking up what waits from before it started
    (demo data just loaded, say): expected work, said at INFO, not a warning."""
    from workers.dispatch import submit_check, submit_job

    limit = runtime.settings().stale_after_s if older_than_s is None else older_than_s
    with runtime.registry_session() as session:
        app_ids, job_ids = store.requeue_stuck(session, limit)
        kinds = {
            j.id: j.kind for j in session.scalars(select(Job).where(Job.id.in_(job_ids or [""])))
        }
    for app_id in app_ids:
        submit_check(app_id, celery=app)
    for job_id in job_ids:
        submit_job(job_id, kinds[job_id], celery=app)
    if (app_ids or job_ids) and at_start:
        log.info("took up %d applications, %d jobs waiting at start", len(app_ids), len(job_ids))
    elif app_ids or job_ids:
        log.warning("sweeper resubmitted %d applications, %d jobs", len(app_ids), len(job_ids))
    return app_ids, job_ids


_sweeper_stop = threading.Event()


def _sweeper_loop() -> None:
    interval = max(1.0, runtime.settings().stale_after_s / 3)
    while not _sweeper_stop.wait(interval):
        try:
            sweep()
        except Exception as exc:  # the sweeper must never take the worker down
            log.error("sweeper: %s", type(exc).__name__)


@celeryd_after_setup.connect
def _on_setup(sender: Any = None, **_: Any) -> None:
    """Before the worker consumes: its node name, its first beat (an earlier run of the same
    name is gone: what it held is given back at once)."""
    recovery._node["name"] = str(sender or "")
    try:
        recovery.beat(started=True)
    except Exception as exc:
        log.error("first heartbeat: %s", type(exc).__name__)


@worker_ready.connect
def _on_worker_ready(**_: Any) -> None:
    try:
        # The embedded queue has one worker, this one: whatever is unfinished at its start was
        # left by a worker that died (the SQLite queue never redelivers), so take it back now.
        embedded = runtime.settings().embedded_broker
        sweep(0.0 if embedded else None, at_start=embedded)
        recovery.tick(app)  # what gone workers held, what the broker lost or never took
    except Exception as exc:
        log.error("sweeper at start: %s", type(exc).__name__)
    threading.Thread(target=_sweeper_loop, name="docgen-sweeper", daemon=True).start()
    recovery.start_beating(app)


@worker_shutdown.connect
def _on_worker_shutdown(**_: Any) -> None:
    _sweeper_stop.set()
    recovery.stop_beating()


@task_received.connect
def _on_task_received(request: Any = None, **_: Any) -> None:
    """In the worker's main process: this worker holds the message now (the task ledger)."""
    if request is None:
        return
    try:
        recovery.on_received(str(request.id), str(request.name), list(request.args or []))
    except Exception as exc:  # the ledger must never stop a task from running
        log.error("task ledger (received): %s", type(exc).__name__)


@task_postrun.connect
def _on_task_postrun(task_id: str | None = None, state: str | None = None, **_: Any) -> None:
    """The task finished (not a retry, which comes back under the same id): out of the ledger."""
    if not task_id or state == "RETRY":
        return
    try:
        recovery.on_finished(task_id)
    except Exception as exc:
        log.error("task ledger (finished): %s", type(exc).__name__)


@worker_process_init.connect
def _on_process_init(**_: Any) -> None:
    runtime.reset()  # a forked child makes its own database connections


__all__ = [
    "JOB_DONE",
    "JOB_FAILED",
    "batch_certificates",
    "batch_chunk",
    "batch_merge",
    "check_bundle",
    "district_report",
    "render_document",
    "sweep",
]
