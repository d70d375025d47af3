"""A batch job's progress counts the rows of every finished chunk (workers' chunk bookkeeping)."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest

from docgen.registry import store
from docgen.registry.models import Job
from docgen.settings import get_settings

HEADER = ["ชื่อกลุ่ม", "หมู่ที่", "ตำบล", "อำเภอ", "จังหวัด", "จำนวนสมาชิก", "ประธาน", "วันที่จัดตั้ง"]


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    from workers import runtime

    var = tmp_path / "var"
    monkeypatch.setenv("DOCGEN_DATA_DIR", str(var))
    monkeypatch.delenv("DOCGEN_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    runtime.reset()
    yield var
    runtime.reset()
    get_settings.cache_clear()


def test_progress_grows_with_each_finished_chunk(data_dir: Path) -> None:
    from workers import batch, runtime

    source = data_dir / "input" / "groups.csv"
    source.parent.mkdir(parents=True)
    with source.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        for n in range(1, 9):
            writer.writerow(
                [f"กลุ่มปลูกผักบ้านโนน{n}", "3", "ท่าพระ", "เมืองขอนแก่น", "ขอนแก่น", "12",
                 "นายสมชาย ใจดี", "15 ตุลาคม 2568"]
            )  # fmt: skip
    with runtime.registry_session() as session:
        job_id = store.create_job(
            session, "batch_certificates", {"input": "input/groups.csv"}, district_code="4001"
        ).id
    todo, all_done = batch.plan(job_id)
    assert len(todo) == 4 and not all_done  # 8 rows, 4 chunks of 2

    progress = []
    for index in todo:
        last = batch.render_one_chunk(job_id, index)
        with runtime.registry_session() as session:
            job = session.get(Job, job_id)
            assert job is not None
            progress.append((job.progress_done, job.progress_total, last))
    assert progress == [(2, 8, False), (4, 8, False), (6, 8, False), (8, 8, True)]
    # The same chunk again (a redelivered message) counts nothing twice.
    assert batch.render_one_chunk(job_id, todo[0]) is False
    with runtime.registry_session() as session:
        job = session.get(Job, job_id)
        assert job is not None and job.progress_done == 8
