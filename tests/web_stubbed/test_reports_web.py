"""The officers' report page: ask, the job runs (the real task, in-process), download DOCX and XLSX."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from docgen.registry.db import transaction
from docgen.registry.models import Certificate, Group, Job
from docgen.render.linebreak import plain_text

from .web_support import Web, fresh_web


@pytest.fixture
def web(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Web]:
    yield from fresh_web(tmp_path, monkeypatch)


def _seed(web: Web) -> None:
    with transaction(web.ctx.sessions) as s:
        for n, (sub, members) in enumerate([("ท่าพระ", 14), ("โคกสี", 21), ("ท่าพระ", 11)]):
            group = Group(
                name=f"กลุ่มปลูกผักบ้านที่ {n + 1}",
                district_code="4001",
                province_code="40",
                subdistrict=sub,
                district="เมืองขอนแก่น",
                province="ขอนแก่น",
                members=members,
                main_activity="ปลูกผัก",
            )
            s.add(group)
            s.flush()
            s.add(
                Certificate(
                    number=f"{n + 1}/2569",
                    seq=n + 1,
                    be_year=2569,
                    district_code="4001",
                    idempotency_key=f"web-seed:{n}",
                    group_id=group.id,
                    issued_at=dt.datetime(2026, 3, 1 + n, 3, tzinfo=dt.UTC),
                )
            )


def _ask(web: Web, user: str, **fields: str) -> tuple[int, str]:
    client, csrf = web.session_for(user)
    answer = client.post("/officer/reports", data={"csrf": csrf, **fields})
    return answer.status_code, answer.headers.get("location", "") or answer.text


def _job(web: Web, job_id: str) -> Job:
    with web.ctx.sessions() as s:
        job = s.get(Job, job_id)
        assert job is not None
        return job


def test_officer_gets_the_report_and_the_province_workbook(web: Web) -> None:
    from workers.tasks import district_report

    _seed(web)
    client, _ = web.session_for("officer")
    page = client.get("/officer/reports")
    assert page.status_code == 200 and "รายงานการจัดตั้งกลุ่ม" in page.text
    status, location = _ask(web, "officer", period="year", year="2569", pdf="0")
    assert status == 303 and location.startswith("/officer/reports/")
    job_id = location.rsplit("/", 1)[1]
    assert _job(web, job_id).params["district_code"] == "4001"

    district_report.apply(args=[job_id])  # the real task, run here instead of by a worker
    assert _job(web, job_id).status == "done", _job(web, job_id).error

    page = client.get(location)
    assert page.status_code == 200
    assert "ปี พ.ศ. 2569" in page.text  # the period, worded as in the report
    assert f"/officer/reports/{job_id}/docx" in page.text
    assert f"/officer/reports/{job_id}/xlsx" in page.text
    docx = client.get(f"/officer/reports/{job_id}/docx")
    assert docx.status_code == 200 and "attachment" in docx.headers["content-disposition"]
    text = plain_text("\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs))
    assert "จำนวน 3 กลุ่ม สมาชิกรวม 46 ราย" in text
    xlsx = client.get(f"/officer/reports/{job_id}/xlsx")
    rows = list(load_workbook(io.BytesIO(xlsx.content)).worksheets[0].iter_rows(values_only=True))
    assert [r[12] for r in rows[1:]] == ["1/2569", "2/2569", "3/2569"]

    # Another district's officer sees neither the page nor the files.
    other, _ = web.session_for("other")
    assert other.get(location).status_code == 403
    assert other.get(f"/officer/reports/{job_id}/docx").status_code == 403
    # The province reads its districts' reports.
    province, _ = web.session_for("province")
    assert province.get(f"/officer/reports/{job_id}/docx").status_code == 200


def test_periods_and_scopes_are_checked_at_once(web: Web) -> None:
    status, location = _ask(web, "officer", period="fiscal", year="2569")
    assert status == 303
    assert _job(web, location.rsplit("/", 1)[1]).params["fiscal_year"] == 2569
    status, location = _ask(
        web, "officer", period="range", date_from="2025-10-01", date_to="2026-03-31"
    )
    params = _job(web, location.rsplit("/", 1)[1]).params
    assert (params["date_from"], params["date_to"]) == ("2025-10-01", "2026-03-31")

    status, body = _ask(web, "officer", period="year", year="ปีนี้")
    assert status == 400 and re.search(r"[\u0E00-\u0E7F]{4,}", body)
    status, body = _ask(
        web, "officer", period="range", date_from="2026-03-31", date_to="2026-01-01"
    )
    assert status == 400 and "วันที่สิ้นสุด" in body

    status, location = _ask(web, "province", scope="province", period="year", year="2569")
    assert status == 303
    job = _job(web, location.rsplit("/", 1)[1])
    assert job.params["province_code"] == "40" and job.district_code is None
    status, _ = _ask(web, "province", scope="district", code="4101", period="year", year="2569")
    assert status == 403  # a district of another province
