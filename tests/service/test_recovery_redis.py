"""Recovery with the production defaults (no DOCGEN_* timing settings) on Redis + PostgreSQL.

A whole worker (main process and pool) killed with SIGKILL mid-work, then a fresh worker: all
of the dead worker's work is done within 120 s of the fresh worker's start (SECURITY.md
promises a minute), numbers exact. And an upload taken while Redis was down is checked once
Redis answers. The only DOCGEN_TEST_* settings slow the work down so that the kill lands in
the middle of it; they change no timing of the recovery itself.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from docgen.registry.models import TaskLedger

from .registry_fixtures import Stack, expected, pg_stack, sample_bundles, wait_for

pytestmark = [pytest.mark.service]

RECOVERY_LIMIT_S = 120


@pytest.fixture()
def stack(tmp_path: Path) -> Iterator[Stack]:
    with pg_stack(tmp_path, timing=False) as s:
        yield s


def test_a_whole_worker_killed_mid_check_its_10_bundles_are_checked_by_a_fresh_one(
    stack: Stack,
) -> None:
    bundles = sample_bundles()
    victim = stack.worker("victim", concurrency=2, DOCGEN_TEST_SLOW_CHECK_S="4")
    app_ids = [stack.upload(bundles[i % len(bundles)]) for i in range(10)]
    for app_id in app_ids:
        stack.submit_check(app_id)
    wait_for(lambda: list(stack.statuses(app_ids).values()).count("checking") == 2, 60)
    victim.kill9()  # main process and pool at once: nobody acknowledges, nobody gives back
    assert "checking" in stack.statuses(app_ids).values()

    started = time.monotonic()
    stack.worker("rescuer", concurrency=2)
    wait_for(
        lambda: set(stack.statuses(app_ids).values()) == {"checked"}, RECOVERY_LIMIT_S + 30, 0.5
    )
    took = time.monotonic() - started
    assert took < RECOVERY_LIMIT_S, f"recovered in {took:.0f} s"
    assert stack.checked_entries(app_ids) == dict.fromkeys(app_ids, 1)  # each recorded once
    apps = {a.id: a for a in stack.applications(app_ids)}
    for i, app_id in enumerate(app_ids):
        assert apps[app_id].complete == expected(bundles[i % len(bundles)])["complete"]
    wait_for(lambda: _ledger_rows(stack) == 0, 30)  # nothing left held by the dead worker
    print(f"\n10 bundles: the dead worker's checks done {took:.1f} s after a fresh worker started")


def _ledger_rows(stack: Stack) -> int:
    with stack.sessions() as s:
        return int(s.scalar(select(func.count()).select_from(TaskLedger)) or 0)


def test_a_whole_worker_killed_mid_batch_of_300_numbers_stay_exact(stack: Stack) -> None:
    from workers.dispatch import submit_job

    job_id = stack.batch_job(300)
    victim = stack.worker("victim", concurrency=2, DOCGEN_TEST_SLOW_CHUNK_S="3")
    submit_job(job_id, "batch_certificates", celery=stack.celery, sessions=stack.sessions)

    wait_for(lambda: "chunks" in (stack.job(job_id).state or {}), 90, 0.3)  # planned, numbered
    wait_for(lambda: stack.job(job_id).progress_done > 0, 60, 0.2)  # chunks being rendered
    victim.kill9()
    assert stack.job(job_id).status == "running"

    started = time.monotonic()
    stack.worker("rescuer", concurrency=2)
    done = stack.finished_job(job_id, RECOVERY_LIMIT_S + 30)
    took = time.monotonic() - started
    stack.assert_batch_exact(done, 300)
    assert took < RECOVERY_LIMIT_S, f"recovered in {took:.0f} s"
    print(f"\nbatch of 300: finished {took:.1f} s after a fresh worker started")


def test_uploads_while_redis_is_down_are_checked_when_it_answers(stack: Stack) -> None:
    bundles = sample_bundles()[:3]
    stack.worker("w", concurrency=2)
    first = stack.upload(bundles[0])
    stack.submit_check(first)
    wait_for(lambda: stack.statuses([first])[first] == "checked", 60, 0.3)

    stack.redis.stop()
    app_ids = [stack.upload(b) for b in bundles]
    sent = time.monotonic()
    for app_id in app_ids:
        stack.submit_check(app_id)  # the broker refuses: the ledger keeps the message
    assert time.monotonic() - sent < 10  # the upload is not held up by the missing broker
    with stack.sessions() as s:
        unsent = s.scalar(
            select(func.count()).select_from(TaskLedger).where(TaskLedger.sent_at.is_(None))
        )
    assert unsent == len(app_ids)
    time.sleep(2)
    stack.redis.start()
    answered = time.monotonic()
    wait_for(lambda: set(stack.statuses(app_ids).values()) == {"checked"}, 90, 0.5)
    took = time.monotonic() - answered
    assert took < 60, f"checked {took:.0f} s after Redis answered"
    assert stack.checked_entries(app_ids) == dict.fromkeys(app_ids, 1)


def test_redis_restarted_mid_run_loses_nothing_with_default_settings(stack: Stack) -> None:
    bundles = sample_bundles()[:6]
    stack.worker("w", DOCGEN_TEST_SLOW_CHECK_S="1")
    app_ids = [stack.upload(b) for b in bundles]
    for app_id in app_ids:
        stack.submit_check(app_id)
    wait_for(lambda: "checked" in stack.statuses(app_ids).values(), 60)
    stack.redis.stop()  # no persistence: every queued message is gone
    stack.redis.start()
    answered = time.monotonic()
    wait_for(lambda: set(stack.statuses(app_ids).values()) == {"checked"}, 90, 0.5)
    assert time.monotonic() - answered < 60
    assert stack.checked_entries(app_ids) == dict.fromkeys(app_ids, 1)
