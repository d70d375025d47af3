"""The registry on real PostgreSQL: migrations, and certificate numbers under concurrent processes."""

from __future__ import annotations

import multiprocessing as mp

import pytest
from sqlalchemy import func, select

from docgen.registry import store
from docgen.registry.accounts import authenticate, create_account
from docgen.registry.db import make_engine, make_session_factory, migrate
from docgen.registry.models import Certificate

from .registry_fixtures import pg_schema

pytestmark = [
    pytest.mark.service,
]


@pytest.fixture(scope="module")
def pg_url():
    with pg_schema() as url:
        migrate(url)
        yield url


def _number_worker(url: str, worker: int, out: mp.Queue) -> None:
    from docgen.registry.numbering import RegistryNumberer

    engine = make_engine(url)
    numberer = RegistryNumberer(make_session_factory(engine), district_code="4001", be_year=2569)
    got = []
    for i in range(15):
        # workers pair up on the same keys: a retried task must get the number it already has
        got.extend(numberer.next_numbers(keys=[f"k{worker // 2}-{i}"]))
    out.put(got)
    engine.dispose()


def test_concurrent_processes_share_no_number_and_skip_none(pg_url: str) -> None:
    ctx = mp.get_context("fork")
    out: mp.Queue = ctx.Queue()
    procs = [ctx.Process(target=_number_worker, args=(pg_url, w, out)) for w in range(6)]
    for p in procs:
        p.start()
    results = [out.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(30)
    engine = make_engine(pg_url)
    with make_session_factory(engine)() as s:
        seqs = sorted(
            c.seq for c in s.scalars(select(Certificate).where(Certificate.district_code == "4001"))
        )
    engine.dispose()
    assert seqs == list(range(1, 46))  # 3 pairs x 15 keys
    numbers = [n for r in results for n in r]
    assert len(numbers) == 90 and len(set(numbers)) == 45


def test_migrate_twice_and_application_flow(pg_url: str) -> None:
    migrate(pg_url)  # a second start finds nothing to do
    engine = make_engine(pg_url)
    factory = make_session_factory(engine)
    with factory() as s, s.begin():
        officer = create_account(s, "pg-officer", "pg-password-1", "officer", "4002")
        app = store.create_application(
            s, "4002", [store.StoredFile("a.zip", "uploads/a/a.zip", 9, "0" * 64)]
        )
        store.mark_checking(s, app.id)
        store.record_report(
            s, app.id, {"complete": True, "group": {"name": "กลุ่มทดสอบ"}, "findings": []}
        )
        store.approve(s, app.id, officer)
        cert = store.certify(s, app.id, officer, be_year=2569)
        assert cert.number == "1/2569"
    with factory() as s, s.begin():
        assert authenticate(s, "pg-officer", "pg-password-1") is not None
        assert store.certify(s, app.id, s.merge(officer), be_year=2569).number == "1/2569"
        assert (
            s.scalar(
                select(func.count())
                .select_from(Certificate)
                .where(Certificate.district_code == "4002")
            )
            == 1
        )
    engine.dispose()


def _migrate_in_child(url: str, out: mp.Queue) -> None:
    try:
        migrate(url)
        out.put("ok")
    except Exception as exc:  # reported to the test, which fails on anything but "ok"
        out.put(type(exc).__name__)


def test_processes_starting_together_migrate_once() -> None:
    with pg_schema() as url:
        ctx = mp.get_context("fork")
        out: mp.Queue = ctx.Queue()
        procs = [ctx.Process(target=_migrate_in_child, args=(url, out)) for _ in range(3)]
        for p in procs:
            p.start()
        results = [out.get(timeout=120) for _ in procs]
        for p in procs:
            p.join(30)
        assert results == ["ok"] * 3
        engine = make_engine(url)
        with make_session_factory(engine)() as s:
            assert s.scalar(select(func.count()).select_from(Certificate)) == 0
        engine.dispose()


def _given(batch: int) -> list:
    from docgen.render.batch import GivenNumber

    # Two numbers given earlier inside 1..40 (re-issued now) and one new far above (42..48).
    return [
        GivenNumber("4003", f"g{batch}-{n}", f"{n}/2569", row=2, group_name=f"กลุ่ม{batch}-{n}")
        for n in (batch * 9 + 2, batch * 9 + 7, 42 + 2 * batch)
    ]


def _batch_worker(url: str, batch: int, out: mp.Queue) -> None:
    from docgen.registry.numbering import RegistryNumberer

    engine = make_engine(url)
    numberer = RegistryNumberer(make_session_factory(engine))
    wanted = [("4003", 2569, f"a{batch}-{i}") for i in range(8)]
    try:
        out.put([numberer.number_batch(_given(batch), wanted) for _ in range(2)])
    except Exception as exc:  # reported to the test
        out.put(type(exc).__name__)
    engine.dispose()


def test_concurrent_batches_with_given_numbers_fill_the_holes_exactly(pg_url: str) -> None:
    """4 processes number batches at once (each twice): automatic numbers step over the
    numbers given earlier and never take one given now; 1..40 used once each, none skipped."""
    from docgen.registry.numbering import RegistryNumberer

    engine = make_engine(pg_url)
    factory = make_session_factory(engine)
    earlier = RegistryNumberer(factory)
    for b in range(4):
        earlier.number_batch(_given(b)[:2], [])
    ctx = mp.get_context("fork")
    out: mp.Queue = ctx.Queue()
    procs = [ctx.Process(target=_batch_worker, args=(pg_url, b, out)) for b in range(4)]
    for p in procs:
        p.start()
    results = [out.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(30)
    assert all(isinstance(r, list) and r[0] == r[1] for r in results), results
    with factory() as s:
        seqs = sorted(
            c.seq for c in s.scalars(select(Certificate).where(Certificate.district_code == "4003"))
        )
    assert seqs == [*range(1, 41), 42, 44, 46, 48]
    assert earlier.next_numbers("4003", 2569, ["later"]) == ["41/2569"]
    engine.dispose()
