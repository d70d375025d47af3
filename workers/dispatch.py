"""Submit work to the workers by task name (the web door calls these after its commit).

Only ids travel in messages; files stay in DOCGEN_DATA_DIR. Every message is written to the
registry's task ledger first (`workers.recovery.send`): one the broker does not take, or loses,
or that a dead worker held, is sent again by the workers within seconds.
"""

from __future__ import annotations

from typing import Any

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


def submit_check(
    application_id: str, *, celery: Celery | None = None, sessions: Any = None
) -> None:
    """Queue `docgen.check_bundle` for an application already committed to the registry.

    `sessions`: the caller's registry sessionmaker (the web door's); default, the worker's."""
    from workers.recovery import send

    send(_celery(celery), "docgen.check_bundle", [application_id], sessions=sessions)


def submit_job(
    job_id: str, kind: str | None = None, *, celery: Celery | None = None, sessions: Any = None
) -> None:
    """Queue the task for a job already committed to the registry (its kind is looked up if None)."""
    from workers.recovery import send

    if kind is None:
        from docgen.registry.store import get_job
        from workers.runtime import registry_session

        with registry_session() as session:
            job = get_job(session, job_id)
            if job is None:
                raise ValueError("no such job")
            kind = job.kind
    send(_celery(celery), TASK_FOR_JOB_KIND[kind], [job_id], sessions=sessions)
