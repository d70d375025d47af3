"""Worker faults with real Redis and real Celery workers: kill -9 mid-check and mid-batch,
Redis restarted mid-run. Each job still finishes exactly once in effect: every number once,
no gaps, no duplicate files, nothing left running."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from sqlalchemy import func, select

from docgen.registry import store
from docgen.registry.models import Application, AuditLog, Certificate, Job

from .registry_fixtures import Stack, expected, pg_schema, sample_bundles, wait_for

pytestmark = [
    pytest.mark.service,
]

SUBDISTRICTS = ["ในเมือง", "สำราญ", "โคกสี", "ท่าพระ", "บ้านทุ่ม"]


@pytest.fixture()
def stack(tmp_path: Path):
    with pg_schema() as url:
        s = Stack(tmp_path, url, 0, DOCGEN_STALE_AFTER_S="3")
        try:
            yield s
        finally:
            s.close()


def _checked_entries(stack: Stack, app_ids: list[str]) -> dict[str, int]:
    with stack.sessions() as s:
        rows = s.execute(
            select(AuditLog.target_id, func.count())
            .where(AuditLog.action == "checked", AuditLog.target_id.in_(app_ids))
            .group_by(AuditLog.target_id)
        )
        return {a: n for a, n in rows}


def _applications(stack: Stack, app_ids: list[str]) -> list[Application]:
    with stack.sessions() as s:
        return list(s.scalars(select(Application).where(Application.id.in_(app_ids))))


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
    assert _checked_entries(stack, app_ids) == dict.fromkeys(app_ids, 1)
    apps = {a.id: a for a in _applications(stack, app_ids)}
    for app_id, bundle in zip(app_ids, bundles, strict=True):
        assert apps[app_id].complete == expected(bundle)["complete"]
    assert max(a.check_attempts for a in apps.values()) >= 2  # the killed one ran again


def test_redis_restart_mid_run_loses_no_application(stack: Stack) -> None:
    bundles = sample_bundles()[:6]
    stack.worker("w", DOCGEN_TEST_SLOW_CHECK_S="1")
    app_ids = [stack.upload(b) for b in bundles]
    for app_id in app_ids:
        stack.submit_check(app_id)
    wait_for(lambda: "checked" in stack.statuses(app_ids).values(), 30)
    stack.redis.stop()  # no persistence: every queued message is gone
    stack.redis.start()
    wait_for(lambda: set(stack.statuses(app_ids).values()) == {"checked"}, 60, 0.5)
    assert _checked_entries(stack, app_ids) == dict.fromkeys(app_ids, 1)


def _rows_csv(path: Path, n: int) -> Path:
    lines = ["ชื่อกลุ่ม,หมู่ที่,ตำบล,อำเภอ,จังหวัด,จำนวนสมาชิก,ประธาน,วันที่จัดตั้ง,กิจกรรมหลัก"]
    for i in range(n):
        lines.append(
            f"กลุ่มปลูกผักบ้านหนองที่ {i + 1},{i % 12 + 1},{SUBDISTRICTS[i % 5]},เมืองขอนแก่น,"
            f"ขอนแก่น,{12 + i % 5},นายสมชาย ใจดี,2026-01-{i % 28 + 1:02d},ปลูกผักปลอดภัย"
        )
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def test_kill9_during_a_batch_gives_every_number_once_and_every_file_once(stack: Stack) -> None:
    from workers.dispatch import submit_job

    inputs = stack.data_dir / "inputs"
    inputs.mkdir()
    _rows_csv(inputs / "groups.csv", 40)
    with stack.sessions() as s, s.begin():
        job = store.create_job(
            s,
            "batch_certificates",
            {"input": "inputs/groups.csv", "pdf": False, "district_code": "4001"},
            created_by="officer",
            district_code="4001",
        )
        job_id = job.id
    victim = stack.worker("victim", DOCGEN_TEST_SLOW_CHUNK_S="2")
    submit_job(job_id, "batch_certificates", celery=stack.celery, sessions=stack.sessions)

    def chunks_done() -> int:
        with stack.sessions() as s:
            j = s.get(Job, job_id)
            return len((j.state or {}).get("done", [])) if j else 0

    wait_for(lambda: chunks_done() >= 1, 60)
    assert chunks_done() < 4
    victim.kill9()  # mid-batch: one chunk half-rendered, the others queued
    stack.worker("rescuer")

    def finished() -> Job | None:
        with stack.sessions() as s:
            j = s.get(Job, job_id)
            return j if j is not None and j.status in ("done", "failed") else None

    job = wait_for(finished, 90, 0.5)
    assert (job.status, job.error) == ("done", "")
    assert (job.progress_done, job.progress_total) == (40, 40)
    with stack.sessions() as s:
        seqs = sorted(
            c.seq for c in s.scalars(select(Certificate).where(Certificate.district_code == "4001"))
        )
    assert seqs == list(range(1, 41))  # every number once, no gaps
    out = stack.data_dir / "jobs" / job_id / "out"
    docx = sorted(p.name for p in out.glob("*.docx"))
    assert len(docx) == 40  # no duplicate files from the retried chunk
    result = stack.data_dir / str(job.result_path)
    with zipfile.ZipFile(result) as zf:
        names = zf.namelist()
    assert sorted(names) == docx
    assert not list(out.glob(".*.tmp"))


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

    def finished() -> Job | None:
        with stack.sessions() as s:
            j = s.get(Job, job_id)
            return j if j is not None and j.status in ("done", "failed") else None

    job = wait_for(finished, 60, 0.3)
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
    [app] = _applications(stack, [app_id])
    assert (app.status, app.check_attempts, app.error) == ("checked", 2, "")
    assert app.complete == expected(bundle)["complete"]
    assert _checked_entries(stack, [app_id]) == {app_id: 1}
