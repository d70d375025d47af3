"""Real Celery workers on Redis + PostgreSQL: 50 uploaded bundles, two workers, certificates numbered."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from docgen.registry import store
from docgen.registry.accounts import create_account, get_account
from docgen.registry.models import Application, AuditLog, Certificate

from .registry_fixtures import Stack, expected, pg_schema, port_open, sample_bundles, wait_for

pytestmark = [
    pytest.mark.service,
    pytest.mark.skipif(not port_open("127.0.0.1", 5432), reason="PostgreSQL not running"),
    pytest.mark.skipif(not sample_bundles(), reason="samples/bundles not generated"),
]


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    with pg_schema() as url:
        s = Stack(tmp_path_factory.mktemp("workers-redis"), url, 6391)
        try:
            yield s
        finally:
            s.close()


def test_two_workers_check_50_bundles_once_each_and_numbers_are_unique(stack: Stack) -> None:
    stack.worker("w1")
    stack.worker("w2")
    bundles = sample_bundles()
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

    # Officers approve and certify all 50 at once from several threads: numbers 1..50, once each.
    with stack.sessions() as s, s.begin():
        create_account(s, "redis-officer", "officer-password", "officer", "4001")

    def decide(app_id: str, approve: bool = True) -> str:
        with stack.sessions() as s, s.begin():
            officer = get_account(s, "redis-officer")
            assert officer is not None
            if approve:
                store.approve(s, app_id, officer)
            return store.certify(s, app_id, officer, be_year=2569).number

    with ThreadPoolExecutor(8) as pool:
        numbers = list(pool.map(decide, app_ids))
    with ThreadPoolExecutor(8) as pool:  # a second click changes nothing
        again = list(pool.map(lambda a: decide(a, approve=False), app_ids))
    assert again == numbers
    assert sorted(int(n.split("/")[0]) for n in numbers) == list(range(1, 51))
    with stack.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Certificate)) == 50
    print(f"\n50 bundles checked by 2 workers (Redis + PostgreSQL) in {checked_s:.1f} s")
