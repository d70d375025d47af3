"""The service's batch (Celery task body, run in-process): given numbers clash with earlier jobs."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from sqlalchemy import select

from docgen.registry import store
from docgen.registry.models import Certificate, Job
from docgen.settings import get_settings

HEADER = ["ชื่อกลุ่ม", "หมู่ที่", "ตำบล", "อำเภอ", "จังหวัด", "จำนวนสมาชิก", "ประธาน", "วันที่จัดตั้ง"]
HEADER += ["เลขที่ใบรับรอง"]


def row(name: str, cert: str = "") -> list[str]:
    return [name, "3", "ท่าพระ", "เมืองขอนแก่น", "ขอนแก่น", "14", "นายสมชาย ใจดี", "2025-05-01", cert]


@pytest.fixture()
def runtime(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    from workers import runtime

    monkeypatch.setenv("DOCGEN_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.delenv("DOCGEN_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    runtime.reset()
    (tmp_path / "var" / "inputs").mkdir(parents=True)
    yield runtime
    runtime.reset()
    get_settings.cache_clear()


def job_for(runtime, name: str, rows: list[list[str]]) -> str:  # type: ignore[no-untyped-def]
    with (runtime.data_dir() / "inputs" / name).open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([HEADER, *rows])
    params = {
        "input": f"inputs/{name}",
        "pdf": False,
        "district_code": "4001",
        "issue_date": "2026-10-15",
    }
    with runtime.registry_session() as s:
        return store.create_job(s, "batch_certificates", params, district_code="4001").id


def planned_numbers(job_id: str) -> list[str]:
    from workers.jobs import job_dir

    chunks = sorted((job_dir(job_id) / "plan").glob("chunk-*.json"))
    return [
        r["data"]["certificate_no"]
        for c in chunks
        for r in json.loads(c.read_text(encoding="utf-8"))["rows"]
    ]


def test_job_with_a_number_issued_by_an_earlier_job_fails_naming_the_row(runtime) -> None:
    from workers.batch import batch_certificates, plan

    rows = [row("กลุ่มปลูกผักบ้านโนน"), row("กลุ่มทอผ้าบ้านดง", "5/2569")]
    first = job_for(runtime, "a.csv", rows)
    assert plan(first)[0] == [0, 1]
    # The same file again (an officer runs it twice): the same numbers, nothing new taken.
    again = job_for(runtime, "a2.csv", rows)
    plan(again)
    assert planned_numbers(first) == planned_numbers(again) == ["1/2569", "5/2569"]
    with runtime.registry_session() as s:
        numbers = sorted(c.number for c in s.scalars(select(Certificate)))
    assert numbers == ["1/2569", "5/2569"]

    second = job_for(runtime, "b.csv", [row("กลุ่มเลี้ยงไก่บ้านโคก"), row("กลุ่มแปรรูปข้าว", "5/2569")])
    assert batch_certificates(second) == "failed"  # no chunk queued: nothing reaches a broker
    with runtime.registry_session() as s:
        job = s.get(Job, second)
        assert job is not None and job.status == "failed"
        assert "แถวที่ 3: เลขที่ใบรับรอง 5/2569 ออกให้กลุ่มอื่นไปแล้ว (กลุ่มทอผ้าบ้านดง)" in job.error
        numbers = sorted(c.number for c in s.scalars(select(Certificate)))
    assert numbers == ["1/2569", "5/2569"]  # the refused job took no number
