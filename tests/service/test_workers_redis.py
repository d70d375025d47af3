"""Real Celery workers on Redis + PostgreSQL: 50 uploaded bundles, two workers, certificates numbered.

The stack (Redis, schema, two workers) is shared by the module to keep it quick, so no test
relies on another: each makes the data it reads and counts numbers from where the district's
sequence stands when it starts (pytest-randomly runs them in any order).
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from docgen.registry import store
from docgen.registry.accounts import create_account, get_account
from docgen.registry.models import Application, AuditLog, Certificate, Group, Job
from docgen.registry.numbering import current_be_year
from docgen.render.linebreak import plain_text

from .registry_fixtures import (
    REPO,
    Stack,
    expected,
    pg_schema,
    rows_csv,
    sample_bundles,
    wait_for,
)

pytestmark = [
    pytest.mark.service,
]


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    with pg_schema() as url:
        # Checks wait in the queue behind each other: no sweeping of healthy work here.
        s = Stack(tmp_path_factory.mktemp("workers-redis"), url, 0, DOCGEN_STALE_AFTER_S="120")
        try:
            yield s
        finally:
            s.close()


def last_number(stack: Stack, district: str = "4001", be_year: int = 2569) -> int:
    """The district's last certificate number of the year so far (0 when none)."""
    with stack.sessions() as s:
        return (
            s.scalar(
                select(func.max(Certificate.seq)).where(
                    Certificate.district_code == district, Certificate.be_year == be_year
                )
            )
            or 0
        )


def two_workers(stack: Stack) -> None:
    """Every test here runs on two workers; the first test to need them starts them."""
    while len(stack.workers) < 2:
        stack.worker(f"w{len(stack.workers) + 1}")


def test_two_workers_check_50_bundles_once_each_and_numbers_are_unique(stack: Stack) -> None:
    two_workers(stack)
    bundles = sample_bundles()
    with stack.sessions() as s:
        certs_before = s.scalar(select(func.count()).select_from(Certificate)) or 0
    started = time.monotonic()
    app_ids = [stack.upload(bundles[i % len(bundles)]) for i in range(50)]
    for app_id in app_ids:
        stack.submit_check(app_id)
    wait_for(
        lambda: all(st in ("checked", "failed") for st in stack.statuses(app_ids).values()),
        120,
        0.5,
    )
    checked_s = time.monotonic() - started

    with stack.sessions() as s:
        apps = list(s.scalars(select(Application).where(Application.id.in_(app_ids))))
        assert {a.status for a in apps} == {"checked"}  # none lost, none failed
        assert all(a.report and a.report["schema"] == "docgen.check/1" for a in apps)
        assert [a.check_attempts for a in apps] == [1] * 50  # none done twice
        checked_entries = s.scalar(
            select(func.count())
            .select_from(AuditLog)
            .where(AuditLog.action == "checked", AuditLog.target_id.in_(app_ids))
        )
        assert checked_entries == 50
        # The valid samples come out complete, the defective ones do not.
        by_bundle = {app_ids[i]: bundles[i % len(bundles)] for i in range(50)}
        for a in apps:
            assert a.complete == expected(by_bundle[a.id])["complete"], by_bundle[a.id].name

    # Officers approve and certify all 50 at once from several threads: in each district (a
    # bundle goes to its documents' district) the next numbers, once each. Bundles with errors
    # are certified over them, with the reason an officer must give.
    district_of = {a.id: str(a.district_code) for a in apps}
    districts = sorted(set(district_of.values()))
    before_in = {d: last_number(stack, d) for d in districts}
    with stack.sessions() as s, s.begin():
        for d in districts:
            create_account(s, f"redis-officer-{d}", "officer-password", "officer", d)
    reason = "ทดสอบการออกเลขที่พร้อมกันหลายคำขอ"

    def decide(app_id: str, approve: bool = True) -> str:
        with stack.sessions() as s, s.begin():
            officer = get_account(s, f"redis-officer-{district_of[app_id]}")
            assert officer is not None
            if approve:
                store.approve(s, app_id, officer, override_reason=reason)
            return store.certify(s, app_id, officer, be_year=2569, override_reason=reason).number

    with ThreadPoolExecutor(8) as pool:
        numbers = list(pool.map(decide, app_ids))
    with ThreadPoolExecutor(8) as pool:  # a second click changes nothing
        again = list(pool.map(lambda a: decide(a, approve=False), app_ids))
    assert again == numbers
    for d in districts:
        mine = [
            int(n.split("/")[0])
            for a, n in zip(app_ids, numbers, strict=True)
            if district_of[a] == d
        ]
        assert sorted(mine) == list(range(before_in[d] + 1, before_in[d] + len(mine) + 1)), d
    with stack.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Certificate)) == certs_before + 50
    print(f"\n50 bundles checked by 2 workers (Redis + PostgreSQL) in {checked_s:.1f} s")


def _wait_job(stack: Stack, job_id: str, timeout: float = 90) -> Job:
    def finished() -> Job | None:
        with stack.sessions() as s:
            j = s.get(Job, job_id)
            return j if j is not None and j.status in ("done", "failed") else None

    return wait_for(finished, timeout, 0.3)


def test_render_document_job_writes_the_docx(stack: Stack) -> None:
    two_workers(stack)
    import json

    from docx import Document

    from workers.dispatch import submit_job

    data = json.loads((REPO / "samples" / "data" / "certificate.json").read_text(encoding="utf-8"))
    with stack.sessions() as s, s.begin():
        job_id = store.create_job(s, "render_document", {"kind": "certificate", "data": data}).id
        bad_id = store.create_job(s, "render_document", {"kind": "no-such-kind", "data": {}}).id
    submit_job(job_id, "render_document", celery=stack.celery, sessions=stack.sessions)
    submit_job(bad_id, "render_document", celery=stack.celery, sessions=stack.sessions)
    job = _wait_job(stack, job_id)
    assert (job.status, job.error) == ("done", "")
    text = plain_text(
        "\n".join(p.text for p in Document(str(stack.data_dir / str(job.result_path))).paragraphs)
    )
    assert data["group_name"] in text
    bad = _wait_job(stack, bad_id)
    assert bad.status == "failed" and "no-such-kind" in bad.error


def test_batch_job_spread_over_two_workers_numbers_rows_in_order(stack: Stack) -> None:
    two_workers(stack)
    import zipfile

    from workers.dispatch import submit_job

    (stack.data_dir / "inputs").mkdir(exist_ok=True)
    rows_csv(stack.data_dir / "inputs" / "batch60.csv", 60)
    before = last_number(stack, be_year=current_be_year())
    with stack.sessions() as s, s.begin():
        job_id = store.create_job(
            s,
            "batch_certificates",
            {"input": "inputs/batch60.csv", "pdf": False, "district_code": "4001"},
            district_code="4001",
        ).id
    submit_job(job_id, "batch_certificates", celery=stack.celery, sessions=stack.sessions)
    job = _wait_job(stack, job_id)
    assert (job.status, job.error, job.progress_done) == ("done", "", 60)
    assert job.state["chunks"] == 4 and sorted(job.state["done"]) == [0, 1, 2, 3]
    with stack.sessions() as s:
        certs = list(s.scalars(select(Certificate).where(Certificate.job_id == job_id)))
    # Numbers continue the district's sequence, in row order, none twice.
    seqs = sorted(c.seq for c in certs)
    assert seqs == list(range(before + 1, before + 61))
    with zipfile.ZipFile(stack.data_dir / str(job.result_path)) as zf:
        names = sorted(zf.namelist())
    assert len(names) == 60 and names[0].startswith("0001_")


def test_district_report_job_reads_the_registry(stack: Stack) -> None:
    two_workers(stack)
    import secrets

    from docx import Document
    from openpyxl import load_workbook

    from docgen.registry.numbering import assign_certificate_number
    from workers.dispatch import submit_job

    # This test's own certified groups (names no other test uses), straight into the registry.
    tag = secrets.token_hex(3)
    names = [f"กลุ่มทอผ้ารายงาน {tag} ที่ {i}" for i in range(1, 4)]
    with stack.sessions() as s, s.begin():
        for name in names:
            group = Group(
                name=name,
                district_code="4001",
                province_code="40",
                subdistrict="ในเมือง",
                district="เมืองขอนแก่น",
                province="ขอนแก่น",
                moo="3",
                members=15,
                chair="นายสมชาย ใจดี",
                main_activity="ทอผ้าไหม",
            )
            s.add(group)
            s.flush()
            cert = assign_certificate_number(s, "4001", 2569, f"report-test:{tag}:{name}")
            cert.group_id = group.id
        job_id = store.create_job(
            s,
            "district_report",
            {"district_code": "4001", "be_year": 2569, "xlsx": True},
            district_code="4001",
        ).id
    submit_job(job_id, "district_report", celery=stack.celery, sessions=stack.sessions)
    job = _wait_job(stack, job_id, 120)
    assert (job.status, job.error) == ("done", "")
    docx = stack.data_dir / str(job.result_path)
    assert docx.suffix == ".docx" and job.state["docx"] == job.result_path
    text = plain_text("\n".join(p.text for p in Document(str(docx)).paragraphs))
    assert "2569" in text
    sheet = load_workbook(stack.data_dir / job.state["xlsx"], read_only=True).active
    assert sheet is not None
    cells = {str(v) for row in sheet.iter_rows(values_only=True) for v in row if v is not None}
    assert set(names) <= cells
