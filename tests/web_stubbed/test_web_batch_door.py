"""The batch door: every problem of every row at once, before any job or number exists; a
finished job shows its numbers, its rows, and files named by group and number."""

from __future__ import annotations

import html
import io
import re
import zipfile
from collections.abc import Iterator
from urllib.parse import unquote

import pytest
from sqlalchemy import func, select

from .web_support import Web, module_web

HEADER = "ชื่อกลุ่ม,หมู่ที่,ตำบล,อำเภอ,จังหวัด,จำนวนสมาชิก,ประธาน,วันที่จัดตั้ง,เลขที่ใบรับรอง\n"
GOOD = "กลุ่มปลูกผักบ้านโนนทอง,3,ท่าพระ,เมืองขอนแก่น,ขอนแก่น,15,นายสมชาย ใจดี,1 ตุลาคม 2568,\n"


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Web]:
    yield from module_web(tmp_path_factory)


@pytest.fixture
def queued(web: Web, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    from docgen.web import actions

    jobs: list[str] = []
    monkeypatch.setattr(actions, "dispatch_job", lambda ctx, job_id, kind: jobs.append(job_id))
    return jobs


def _counts(web: Web) -> tuple[int, int]:
    from docgen.registry.models import Certificate, Job

    with web.ctx.sessions() as session:
        jobs = session.scalar(select(func.count()).select_from(Job)) or 0
        certs = session.scalar(select(func.count()).select_from(Certificate)) or 0
        session.rollback()
    return jobs, certs


def _bad_rows(page: str) -> list[str]:
    items = page.split('class="bad-rows"')[1].split("</ul>")[0]
    return [
        " ".join(html.unescape(re.sub("<[^>]+>", "", li)).split())
        for li in re.findall(r"<li>(.*?)</li>", items, re.S)
    ]


def test_every_rule_of_every_row_is_listed_at_the_door_and_no_number_is_taken(
    web: Web, queued: list[str]
) -> None:
    before = _counts(web)
    rows = (
        HEADER
        + GOOD  # row 2: fine
        + "กลุ่มเลี้ยงปลา,1,ท่าพระ,เมืองขอนแก่น,ขอนแก่น,5,นายก ใจดี,1 มกราคม 2600,\n"  # 3
        + "กลุ่มเลี้ยงไก่,2,ช้างเผือก,เมืองเชียงใหม่,เชียงใหม่,12,นายข ใจดี,1/1/2568,1/2568\n"  # 4
        + "กลุ่มทอผ้า,4,ท่าพระ,เมืองขอนแก่น,ขอนแก่น,12,นายค ใจดี,1/1/2568,7/2568\n"  # 5
        + "กลุ่มจักสาน,5,ท่าพระ,เมืองขอนแก่น,ขอนแก่น,12,นายง ใจดี,1/1/2568,7/2568\n"  # 6
        + "ปลูกผัก,6,ท่าพระ,เมืองขอนแก่น,ขอนแก่น,๑๒,นายจ ใจดี,๑/๑/๒๔๙๐,\n"  # 7
    )
    client, csrf = web.session_for("officer")
    answer = client.post(
        "/officer/batch", data={"csrf": csrf}, files={"file": ("กลุ่ม.csv", rows.encode())}
    )
    assert answer.status_code == 422 and queued == []
    listed = _bad_rows(answer.text)
    by_row: dict[str, list[str]] = {}
    for line in listed:
        by_row.setdefault(line.split(":", 1)[0], []).append(line)
    assert set(by_row) == {"แถวที่ 3", "แถวที่ 4", "แถวที่ 6", "แถวที่ 7"}
    row3 = " ".join(by_row["แถวที่ 3"])
    assert "อย่างน้อย 10 ราย" in row3 and "ยังมาไม่ถึง" in row3  # both, at once
    assert "อยู่นอกอำเภอเมืองขอนแก่น" in " ".join(by_row["แถวที่ 4"])  # given number, too
    assert "ซ้ำกับแถวที่ 5" in " ".join(by_row["แถวที่ 6"])
    row7 = " ".join(by_row["แถวที่ 7"])
    assert "ขึ้นต้นด้วย" in row7 and "เก่าเกิน" in row7
    assert "ยังไม่ได้ใช้เลขที่ใด" in html.unescape(answer.text)
    assert _counts(web) == before  # no job, no certificate number

    api = web.client.post(
        "/api/jobs", headers=web.token("officer"), files={"file": ("กลุ่ม.csv", rows.encode())}
    )
    assert api.status_code == 422 and api.json()["errors"] == listed
    assert _counts(web) == before


def test_a_number_the_registry_issued_already_is_refused_at_the_door(
    web: Web, queued: list[str]
) -> None:
    from docgen.registry.db import transaction
    from docgen.registry.numbering import assign_certificates

    with transaction(web.ctx.sessions) as session:
        taken = assign_certificates(session, "4001", 2568, ["web-application:someone"])[0].number
    rows = HEADER + GOOD.replace(",\n", f",{taken}\n")
    client, csrf = web.session_for("officer")
    answer = client.post(
        "/officer/batch", data={"csrf": csrf}, files={"file": ("กลุ่ม.csv", rows.encode())}
    )
    assert answer.status_code == 422 and queued == []
    assert any(taken in line for line in _bad_rows(answer.text))


def test_a_finished_job_shows_its_number_range_rows_and_named_downloads(
    web: Web, queued: list[str]
) -> None:
    from docgen.settings import get_settings
    from workers import runtime

    # The worker's steps read the process's settings: this app's data folder and database.
    with pytest.MonkeyPatch.context() as env:
        env.setenv("DOCGEN_DATA_DIR", str(web.ctx.data_dir))
        get_settings.cache_clear()
        runtime.reset()
        _run_batch(web, queued)
    get_settings.cache_clear()
    runtime.reset()


def _run_batch(web: Web, queued: list[str]) -> None:
    from docgen.registry import store
    from docgen.registry.db import transaction
    from workers import batch

    rows = HEADER + "".join(
        f"กลุ่มปลูกผักบ้านที่{n},{n},ท่าพระ,เมืองขอนแก่น,ขอนแก่น,1{n},นายสมชาย ใจดี{n},1 ตุลาคม 2568,\n"
        for n in range(1, 4)
    )
    client, csrf = web.session_for("officer")
    answer = client.post(
        "/officer/batch", data={"csrf": csrf}, files={"file": ("กลุ่ม.csv", rows.encode())}
    )
    assert answer.status_code == 303 and len(queued) == 1
    job_id = queued[0]
    # The worker's own steps, in this process: plan and number, render, merge.
    todo, _ = batch.plan(job_id)
    for index in todo:
        batch.render_one_chunk(job_id, index)
    batch.merge(job_id)
    with transaction(web.ctx.sessions) as session:
        job = store.get_job(session, job_id)
        assert job is not None and job.status == "done"

    page = client.get(f"/officer/jobs/{job_id}").text
    # Each word of a name is its own span, with a break opportunity between two words.
    words = re.sub(r'<wbr>|<span class="nowrap">|</span>', "", page)
    text = " ".join(html.unescape(re.sub("<[^>]+>", " ", words)).split())
    numbers = re.findall(r"\b(\d+/2569)\b", text)
    first, last = numbers[0], numbers[1]
    assert f"ออกใบรับรอง 3 ใบ เลขที่ {first} ถึง {last}" in text
    assert int(last.split("/")[0]) - int(first.split("/")[0]) == 2
    for n in range(1, 4):
        assert f"กลุ่มปลูกผักบ้านที่{n} ต.ท่าพระ อ.เมืองขอนแก่น" in text

    whole = client.get(f"/api/jobs/{job_id}/download?format=zip")
    assert whole.status_code == 200
    disposition = whole.headers["content-disposition"]
    assert "filename*=utf-8''" in disposition
    assert unquote(disposition.split("''", 1)[1]) == (
        f"ใบรับรอง-{first.replace('/', '-')}-ถึง-{last.replace('/', '-')}.zip"
    )
    assert len(zipfile.ZipFile(io.BytesIO(whole.content)).namelist()) == 3

    links = re.findall(rf'href="(/api/jobs/{job_id}/certificates/\d+\.docx)"', page)
    assert len(links) == 3
    one = client.get(links[1])
    assert one.status_code == 200
    name = unquote(one.headers["content-disposition"].split("''", 1)[1])
    from docx import Document

    body = "\n".join(p.text for p in Document(io.BytesIO(one.content)).paragraphs)
    number = re.search(r"ใบรับรอง-(\d+)-(\d+)-", name)
    assert number is not None and name.endswith("-กลุ่มปลูกผักบ้านที่2.docx")
    assert "กลุ่มปลูกผักบ้านที่2" in body.replace("\u200b", "").replace("\u2060", "")
