"""Submit work to the workers by task name (the web door calls these after its commit).

Only ids travel in messages; files stay in DOCGEN_DATA_DIR. A message lost in a crash is
not lost work: the registry row stays `received`/`queued`, and the sweeper resubmits it.
"""

from __future__ import annotations

from celery import Celery

from docgen.registry.models import JOB_BATCH_CERTIFICATES, JOB_DISTRICT_REPORT, JOB_RENDER_DOCUMENT

TASK_FOR_JOB_KIND = {
    JOB_RENDER_DOCUMENT: "docgen.render_document",
    JOB_BATCH_CERTIFICATES: "docgen.batch_certificates",
    JOB_DISTRICT_REPORT: "docgen.district_report",
}


def _celery(celery: Celery | None) -> Celery:
    if celery is not None:
        return celery
    from workers.app import app

    return app


def submit_check(application_id: str, *, celery: Celery | None = None) -> None:
    """Queue `docgen.check_bundle` for an application already committed to the registry."""
    _celery(celery).send_task("docgen.check_bundle", args=[application_id])


def submit_job(job_id: str, kind: str | None = None, *, celery: Celery | None = None) -> None:
    """Queue the task for a job already committed to the registry (its kind is looked up if None)."""
    if kind is None:
        from docgen.registry.store import get_job
        from workers.runtime import registry_session

        with registry_session() as session:
            job = get_job(session, job_id)
            if job is None:
                raise ValueError("no such job")
            kind = job.kind
    _celery(celery).send_task(TASK_FOR_JOB_KIND[kind], args=[job_id])
