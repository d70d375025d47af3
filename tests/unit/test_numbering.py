"""Certificate numbers on SQLite: consecutive, idempotent per key, unique under threads."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from docgen.registry.db import make_engine, make_session_factory, migrate
from docgen.registry.models import Certificate
from docgen.registry.numbering import (
    RegistryNumberer,
    assign_certificate_number,
    current_be_year,
    next_numbers,
)


@pytest.fixture()
def factory(tmp_path: Path):
    engine = make_engine(f"sqlite:///{tmp_path / 'num.sqlite3'}")
    migrate(engine)
    yield make_session_factory(engine)
    engine.dispose()


def test_be_year_follows_thai_time() -> None:
    # 31 Dec 2025 18:00 UTC is already 1 Jan 2026 in Thailand.
    assert current_be_year(datetime(2025, 12, 31, 18, 0, tzinfo=UTC)) == 2569
    assert current_be_year(datetime(2025, 12, 31, 16, 0, tzinfo=UTC)) == 2568


def test_numbers_are_consecutive_per_district_and_year(factory) -> None:
    with factory() as s, s.begin():
        assert next_numbers(s, "4001", 2569, ["a", "b", "c"]) == ["1/2569", "2/2569", "3/2569"]
        assert next_numbers(s, "4002", 2569, ["d"]) == ["1/2569"]
        assert next_numbers(s, "4001", 2570, ["e"]) == ["1/2570"]
        # a key seen before keeps its number, new keys continue the sequence
        assert next_numbers(s, "4001", 2569, ["b", "f", "f"]) == ["2/2569", "4/2569", "4/2569"]
        cert = assign_certificate_number(s, "4001", 2569, "a")
        assert (cert.number, cert.seq) == ("1/2569", 1)


def test_rolled_back_transaction_leaves_no_gap(factory) -> None:
    with factory() as s:
        with s.begin():
            next_numbers(s, "4001", 2569, ["a"])
        s.begin()
        next_numbers(s, "4001", 2569, ["lost"])
        s.rollback()
    with factory() as s, s.begin():
        assert next_numbers(s, "4001", 2569, ["b"]) == ["2/2569"]


def test_threads_never_share_or_skip_a_number(factory) -> None:
    numberer = RegistryNumberer(factory, district_code="4001", be_year=2569, key_prefix="job1:")
    got: list[str] = []
    lock = threading.Lock()

    def work(worker: int) -> None:
        for i in range(10):
            # every key asked twice (by two workers): a retried task must not take a second number
            keys = [f"row{(worker // 2) * 10 + i}"]
            numbers = numberer.next_numbers(keys=keys)
            with lock:
                got.extend(numbers)

    threads = [threading.Thread(target=work, args=(w,)) for w in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with factory() as s:
        seqs = sorted(c.seq for c in s.scalars(select(Certificate)))
    assert seqs == list(range(1, 41))  # 40 distinct keys: 1..40, no gap, no repeat
    assert len(got) == 80 and len(set(got)) == 40


def _process_worker(db: str, worker: int, out) -> None:  # type: ignore[no-untyped-def]
    engine = make_engine(db)
    numberer = RegistryNumberer(make_session_factory(engine), district_code="4001", be_year=2569)
    out.put([numberer.next_numbers(keys=[f"p{worker // 2}-{i}"])[0] for i in range(10)])
    engine.dispose()


def test_processes_on_sqlite_never_share_or_skip_a_number(tmp_path: Path) -> None:
    import multiprocessing as mp

    db = f"sqlite:///{tmp_path / 'procs.sqlite3'}"
    migrate(db)
    ctx = mp.get_context("fork")
    out = ctx.Queue()
    procs = [ctx.Process(target=_process_worker, args=(db, w, out)) for w in range(4)]
    for p in procs:
        p.start()
    got = [n for _ in procs for n in out.get(timeout=60)]
    for p in procs:
        p.join(10)
    engine = make_engine(db)
    with make_session_factory(engine)() as s:
        seqs = sorted(c.seq for c in s.scalars(select(Certificate)))
    engine.dispose()
    assert seqs == list(range(1, 21))  # 2 pairs x 10 keys, each pair asking the same keys
    assert len(got) == 40 and len(set(got)) == 20
