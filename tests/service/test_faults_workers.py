"""Worker faults with real Redis and real Celery workers: kill -9 mid-check and mid-batch, a
hanging LibreOffice, a check that crashes once. Each job still finishes exactly once in effect:
every number once, no gaps, no duplicate files, nothing left running. (Redis restarted mid-run,
and a whole worker killed, with the production timing: test_recovery_redis.py.)"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from docgen.registry import store

from .registry_fixtures import Stack, expected, pg_stack, sample_bundles, wait_for

pytestmark = [
    pytest.mark.service,
]


@pytest.fixture()
def stack(tmp_path: Path) -> Iterator[Stack]:
    with pg_stack(tmp_path, DOCGEN_STALE_AFTER_S="3") as s:
        yield s


def test_kill9_during_a_bundle_check_loses_nothing(stack: Stack) -> None:
    bundles = sample_bundles()[:4]
    victim = stack.worker("victim", DOCGEN_TEST_SLOW_CHECK_S="5")
    app_ids = [stack.upload(b) for b in bundles]
    for app_id in app_ids:
        stack.submit_check(app_id)
    wait_for(lambda: "checking" in stack.statuses(app_ids).values(), 30)
    victim.kill9()  # the worker and its pool child die mid-check
    assert "checking" in stack.statuses(app_ids).values()

    stack.worker("rescuer")
    wait_for(lambda: set(stack.statuses(app_ids).values()) == {"checked"}, 60, 0.5)
    # Each application was checked and recorded exactly once, with the right result.
    assert stack.checked_entries(app_ids) == dict.fromkeys(app_ids, 1)
    apps = {a.id: a for a in stack.applications(app_ids)}
    for app_id, bundle in zip(app_ids, bundles, strict=True):
        assert apps[app_id].complete == expected(bundle)["complete"]
    assert max(a.check_attempts for a in apps.values()) >= 2  # the killed one ran again


def test_kill9_during_a_batch_gives_every_number_once_and_every_file_once(stack: Stack) -> None:
    from workers.dispatch import submit_job

    job_id = stack.batch_job(40)
    victim = stack.worker("victim", DOCGEN_TEST_SLOW_CHUNK_S="2")
    submit_job(job_id, "batch_certificates", celery=stack.celery, sessions=stack.sessions)

    def chunks_done() -> int:
        return len((stack.job(job_id).state or {}).get("done", []))

    wait_for(lambda: chunks_done() >= 1, 60)
    assert chunks_done() < 4
    victim.kill9()  # mid-batch: one chunk half-rendered, the others queued
    stack.worker("rescuer")
    stack.assert_batch_exact(stack.finished_job(job_id, 90), 40)


def test_hanging_libreoffice_is_killed_and_the_job_fails_clearly(
    stack: Stack, tmp_path: Path
) -> None:
    import json

    import psutil

    from workers.dispatch import submit_job

    from .registry_fixtures import REPO

    hang = tmp_path / "soffice-that-hangs"
    hang.write_text("#!/bin/sh\nexec sleep 613\n", encoding="utf-8")
    hang.chmod(0o755)
    data = json.loads((REPO / "samples" / "data" / "certificate.json").read_text(encoding="utf-8"))
    with stack.sessions() as s, s.begin():
        job_id = store.create_job(
            s, "render_document", {"kind": "certificate", "data": data, "pdf": True}
        ).id
    stack.worker(
        "w", DOCGEN_SOFFICE=str(hang), DOCGEN_PDF_TIMEOUT_S="1.5", DOCGEN_STALE_AFTER_S="60"
    )
    submit_job(job_id, "render_document", celery=stack.celery, sessions=stack.sessions)

    job = stack.finished_job(job_id, 60, 0.3)
    assert job.status == "failed"
    assert job.error and job.error.isascii() is False  # a Thai sentence for the officer
    assert job.attempts == 3 and job.result_path is None  # tried, then retried twice with backoff
    hung = [
        p for p in psutil.process_iter(["cmdline"]) if (p.info["cmdline"] or [])[-1:] == ["613"]
    ]
    assert not hung  # every hung LibreOffice was killed


def test_a_check_that_crashes_once_is_retried_and_recorded_once(
    stack: Stack, tmp_path: Path
) -> None:
    bundle = sample_bundles()[0]
    stack.worker(
        "w", DOCGEN_TEST_FAIL_FIRST_CHECK=str(tmp_path / "crashed-once"), DOCGEN_STALE_AFTER_S="600"
    )
    app_id = stack.upload(bundle)
    stack.submit_check(app_id)
    wait_for(lambda: stack.statuses([app_id])[app_id] in ("checked", "failed"), 40, 0.3)
    assert (tmp_path / "crashed-once").exists()
    [app] = stack.applications([app_id])
    assert (app.status, app.check_attempts, app.error) == ("checked", 2, "")
    assert app.complete == expected(bundle)["complete"]
    assert stack.checked_entries([app_id]) == {app_id: 1}
