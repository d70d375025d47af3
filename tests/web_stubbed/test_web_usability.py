"""What an office user meets on the pages: filters, clear next steps, errors beside the field."""

from __future__ import annotations

import html
import io
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

import pytest

from docgen.render.linebreak import plain_text
from docgen.web.views import thai_sort_key

from .web_support import Web, module_web, sample_report


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Web]:
    yield from module_web(tmp_path_factory)


def _text(page: str) -> str:
    """The words a person reads: tags dropped, entities decoded, spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _rows(page: str) -> list[str]:
    body = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return re.findall(r'href="/officer/applications/([\w-]+)"', body)


@pytest.fixture
def own_web(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Web]:
    """An app of this test's own: the list's exact rows must not depend on other tests."""
    yield from module_web(tmp_path_factory)


def test_officer_list_filters_by_status_and_by_group_name(own_web: Web) -> None:
    web = own_web
    checked = web.add_application(report=sample_report("กลุ่มเลี้ยงไก่ไข่บ้านดอนหัน"))
    waiting = web.add_application()  # received, not yet checked
    client, _ = web.session_for("officer")

    everything = _rows(client.get("/officer").text)
    assert checked in everything and waiting in everything

    # Other tests of this module add applications too (in any order): judge by these two.
    only_checked = client.get("/officer", params={"status": "checked"}).text
    shown = _rows(only_checked)
    assert checked in shown and waiting not in shown
    assert all(web.status(a) == "checked" for a in shown)
    assert f"แสดง {len(shown)} จาก" in _text(only_checked)
    received = _rows(client.get("/officer", params={"status": "received"}).text)
    assert waiting in received and checked not in received

    by_name = client.get("/officer", params={"q": "ไก่ไข่"}).text
    assert _rows(by_name) == [checked]
    none = client.get("/officer", params={"q": "ไม่มีกลุ่มนี้"}).text
    assert _rows(none) == [] and "ไม่มีคำขอที่ตรงกับตัวกรอง" in _text(none)

    # Sorted: the longest waiting first, or by the groups' names in Thai order.
    oldest = _rows(client.get("/officer", params={"sort": "oldest"}).text)
    assert oldest == list(reversed(everything))  # (nothing added between the two reads)
    web.add_application(report=sample_report("กลุ่มทอผ้าไหมบ้านหนองแวง"))
    web.add_application(report=sample_report("กลุ่มแปรรูปข้าวบ้านโคก"))
    named = client.get("/officer", params={"sort": "name", "status": "checked"}).text
    names = re.findall(r'href="/officer/applications/[\w-]+">([^<]+)</a>', named)
    mine = {"กลุ่มเลี้ยงไก่ไข่บ้านดอนหัน", "กลุ่มทอผ้าไหมบ้านหนองแวง", "กลุ่มแปรรูปข้าวบ้านโคก"}
    assert mine <= set(names) and names == sorted(names, key=thai_sort_key)

    # An unknown status is ignored (everything shown), not an error page.
    odd = client.get("/officer", params={"status": "<script>"})
    assert odd.status_code == 200 and set(everything) < set(_rows(odd.text))
    # The filter is a labelled form a screen reader can name.
    assert '<label for="filter-status">' in odd.text and 'id="filter-status"' in odd.text


def test_group_page_says_what_to_fix_and_how_to_send_again(web: Web) -> None:
    bad = web.add_application(report=sample_report(complete=False))
    page = web.client.get(f"/a/{bad}").text
    words = _text(page)
    assert "ขั้นตอนต่อไป" in words and "ยื่นเอกสารใหม่ทั้งชุด" in words
    assert "ตรวจแล้ว พบรายการที่ต้องแก้ไข" in words  # not "waiting for the officer"
    assert 'href="/upload"' in page.split('id="next-title"', 1)[1]
    # The finding names the file and the row, each labelled for a phone's stacked layout.
    assert 'data-label="ไฟล์">roster.csv<' in page and 'data-label="ตำแหน่ง">แถวที่ 3<' in page

    good = web.add_application(report=sample_report(complete=True))
    words = _text(web.client.get(f"/a/{good}").text)
    assert "ไม่ต้องส่งเอกสารเพิ่ม" in words and "ยื่นเอกสารใหม่ทั้งชุด" not in words
    assert "ตรวจแล้ว รอเจ้าหน้าที่พิจารณา" in words

    waiting = web.add_application()
    assert "ขั้นตอนต่อไป" not in _text(web.client.get(f"/a/{waiting}").text)


def test_findings_list_what_must_be_fixed_before_the_remarks(web: Web) -> None:
    report = sample_report(complete=False)
    remark = {
        "code": "MEMBER_OUTSIDE_AREA",
        "severity": "warning",
        "message": "นางอัมพร ใจมา มีที่อยู่นอกอำเภอที่ตั้งกลุ่ม",
        "file": "roster.csv",
        "where": "แถวที่ 9",
    }
    report["findings"] = [remark, *report["findings"]]
    page = web.client.get(f"/a/{web.add_application(report=report)}").text
    table = page.split('class="findings"', 1)[1]
    assert table.index("ไม่ถูกต้อง") < table.index("นอกอำเภอ")


GOOD_BYLAWS = {
    "group_name": "กลุ่มปลูกผักปลอดภัยบ้านโนนทอง",
    "main_activity": "ปลูกผักปลอดภัย",
    "purpose": "เพื่อเพิ่มรายได้ของสมาชิก",
    "subdistrict": "ท่าพระ",
    "district": "เมืองขอนแก่น",
    "province": "ขอนแก่น",
    "established": "15/10/2569",  # as a Thai office writes it: day/month/พ.ศ.
    "chair_name": "นายสมชาย ใจดี",
}


def _field_error(page: str, name: str) -> str:
    match = re.search(rf'<p class="field-error" id="e-{name}">([^<]*)</p>', page)
    return html.unescape(match.group(1)) if match else ""


def test_bylaws_form_puts_each_error_beside_its_box_in_thai(web: Web) -> None:
    blank = web.client.get("/forms/bylaws").text
    assert 'id="f-group_name"' in blank and 'aria-required="true"' in blank

    answer = web.client.post(
        "/forms/bylaws", data={**GOOD_BYLAWS, "group_name": "", "chair_name": ""}
    )
    assert answer.status_code == 422
    assert _field_error(answer.text, "group_name") == "กรุณากรอกชื่อกลุ่ม"
    assert _field_error(answer.text, "chair_name") == "กรุณากรอกชื่อประธานกลุ่ม"
    assert 'aria-describedby="e-group_name"' in answer.text
    assert 'href="#f-group_name"' in answer.text  # the summary leads to the box

    no_prefix = web.client.post("/forms/bylaws", data={**GOOD_BYLAWS, "group_name": "ปลูกผัก"})
    said = _field_error(no_prefix.text, "group_name")
    assert "ขึ้นต้นด้วยคำว่า" in said and said.count("ชื่อกลุ่ม") == 1
    assert 'value="ปลูกผัก"' in no_prefix.text  # what was typed stays in the box

    letters = web.client.post("/forms/bylaws", data={**GOOD_BYLAWS, "share_value": "abc"})
    assert letters.status_code == 422
    assert "ตัวเลข" in _field_error(letters.text, "share_value")
    # No English field keys (group_name, address.subdistrict) in what the person reads.
    words = _text(letters.text.split("<main", 1)[1])
    assert "share_value" not in words and "address." not in words

    done = web.client.post("/forms/bylaws", data=GOOD_BYLAWS)
    assert done.status_code == 200
    assert done.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert "ข้อบังคับกลุ่มปลูกผักปลอดภัย" in unquote(done.headers["content-disposition"])
    from docx import Document

    text = plain_text("\n".join(p.text for p in Document(io.BytesIO(done.content)).paragraphs))
    assert "15 ตุลาคม 2569" in text

    bad_date = web.client.post("/forms/bylaws", data={**GOOD_BYLAWS, "established": "32/10/2569"})
    assert "วันที่ไม่ถูกต้อง" in _field_error(bad_date.text, "established")


def test_return_without_a_reason_stays_on_the_application_with_the_reason_box_marked(
    web: Web,
) -> None:
    app_id = web.add_application(report=sample_report(complete=False))
    client, csrf = web.session_for("officer")
    page = client.get(f"/officer/applications/{app_id}").text
    assert "ผลตรวจยังพบ 1 รายการที่ต้องแก้ไข" in _text(page)

    answer = client.post(
        f"/officer/applications/{app_id}/return", data={"csrf": csrf, "reason": "   "}
    )
    assert answer.status_code == 422
    assert "กรุณาระบุเหตุผลที่ส่งคืนคำขอ" in _text(answer.text)
    assert 'aria-describedby="reason-error"' in answer.text
    assert 'id="reason"' in answer.text and "ส่งคืน" in answer.text  # the form is still there
    assert web.status(app_id) == "checked"

    done = client.post(
        f"/officer/applications/{app_id}/return",
        data={"csrf": csrf, "reason": "เลขประจำตัวประชาชนแถวที่ 3 ไม่ถูกต้อง", "confirm": "1"},
    )
    assert done.status_code == 303 and web.status(app_id) == "returned"
    group_page = _text(web.client.get(f"/a/{app_id}").text)
    assert "เลขประจำตัวประชาชนแถวที่ 3 ไม่ถูกต้อง" in group_page
    assert "แก้ไขเอกสารตามเหตุผลที่เจ้าหน้าที่แจ้ง" in group_page


BAD_BATCH = (
    "ชื่อกลุ่ม,ตำบล,อำเภอ,จังหวัด,จำนวนสมาชิก,ประธาน,วันที่จัดตั้ง\n"
    "ปลูกผัก,ท่าพระ,เมืองขอนแก่น,ขอนแก่น,abc,นายก ใจดี,2026-13-01\n"
    "กลุ่มเลี้ยงปลา,ท่าพระ,เมืองขอนแก่น,ขอนแก่น,12,,1 มกราคม 2569\n"
    "กลุ่มเลี้ยงไก่,ท่าพระ,เมืองขอนแก่น,ขอนแก่น,15,นายค ใจงาม,32 มีนาคม 2569\n"
)


def test_a_failed_batch_job_lists_every_row_to_fix(web: Web, tmp_path: Path) -> None:
    """The API reads the CSV as the worker reads it and refuses it at the door with every
    row's problem; a failure the worker records (a number taken meanwhile) is shown on the
    job page one line per bad row, with the way back to send the file again."""
    import datetime as dt

    from docgen.model import UnusableInput
    from docgen.registry import store
    from docgen.render.batch import read_certificate_rows
    from workers.jobs import unusable_text

    client, _ = web.session_for("officer")
    queued: list[str] = []
    from docgen.web import actions

    source = tmp_path / "กลุ่ม.csv"
    source.write_text(BAD_BATCH, encoding="utf-8")
    with pytest.raises(UnusableInput) as caught:
        read_certificate_rows(source, issue_date=dt.date(2026, 11, 1))

    original = actions.dispatch_job
    actions.dispatch_job = lambda ctx, job_id, kind: queued.append(job_id)  # type: ignore[assignment]
    try:
        refused = web.client.post(
            "/api/jobs",
            headers=web.token("officer"),
            files={"file": ("กลุ่ม.csv", BAD_BATCH.encode(), "text/csv")},
        )
        assert refused.status_code == 422 and queued == []
        assert refused.json()["errors"] == list(caught.value.errors)
        good = BAD_BATCH.split("\n", 1)[0] + (
            "\nกลุ่มเลี้ยงโคบ้านโนนทอง,ท่าพระ,เมืองขอนแก่น,ขอนแก่น,15,นายมานะ ขยันดี,2026-09-01\n"
        )
        answer = web.client.post(
            "/api/jobs",
            headers=web.token("officer"),
            files={"file": ("กลุ่ม.csv", good.encode(), "text/csv")},
        )
    finally:
        actions.dispatch_job = original  # type: ignore[assignment]
    assert answer.status_code == 202
    job_id = queued[0]
    with web.ctx.sessions() as session, session.begin():
        store.finish_job(session, job_id, error=unusable_text(caught.value))

    page = client.get(f"/officer/jobs/{job_id}").text
    rows = [_text(li) for li in re.findall(r"<li>(.*?)</li>", page.split('class="bad-rows"')[1])]
    assert len(rows) == len(caught.value.errors) >= 3
    assert {r.split(":", 1)[0] for r in rows} == {"แถวที่ 2", "แถวที่ 3", "แถวที่ 4"}
    assert 'href="/officer/batch"' in page and "ส่งไฟล์ใหม่" in _text(page)


def test_downloads_carry_the_group_name_and_the_memo_the_officers_name(web: Web) -> None:
    from docx import Document

    from docgen.registry.accounts import create_account
    from docgen.registry.db import transaction

    from .web_support import PASSWORD

    with transaction(web.ctx.sessions) as session:
        create_account(
            session, "somsri", PASSWORD, "officer", "4001", display_name="นางสมศรี ขยันงาน"
        )
    client, csrf = web.login("somsri")
    app_id = web.add_application(report=sample_report("กลุ่มทอผ้าไหมบ้านโนนทอง"))
    for step in ("approve", "certify"):
        answer = client.post(
            f"/officer/applications/{app_id}/{step}", data={"csrf": csrf, "confirm": "1"}
        )
        assert answer.status_code == 303

    certificate = client.get(f"/api/applications/{app_id}/certificate.docx")
    assert certificate.status_code == 200
    assert certificate.headers["content-type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml"
    )
    name = unquote(certificate.headers["content-disposition"])
    assert re.search(r"ใบรับรอง-\d+-25\d\d-กลุ่มทอผ้าไหมบ้านโนนทอง\.docx", name)

    memo = client.get(f"/api/applications/{app_id}/memo.docx")
    assert memo.status_code == 200
    assert "บันทึกเสนอ-กลุ่มทอผ้าไหมบ้านโนนทอง.docx" in unquote(memo.headers["content-disposition"])
    document = Document(io.BytesIO(memo.content))
    text = plain_text("\n".join(p.text for p in document.paragraphs))
    text += "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    assert "นางสมศรี ขยันงาน" in text and "somsri" not in text


def test_report_dates_are_typed_in_the_buddhist_era_and_a_mistake_keeps_the_form(
    web: Web, monkeypatch: pytest.MonkeyPatch
) -> None:
    from docgen.registry import store
    from docgen.web import actions

    queued: list[str] = []
    monkeypatch.setattr(actions, "dispatch_job", lambda ctx, job_id, kind: queued.append(job_id))
    client, csrf = web.session_for("officer")
    form = client.get("/officer/reports").text
    assert "อำเภอเมืองขอนแก่น" in _text(form)  # the district by name, not only its code
    assert 'type="date"' not in form  # a ค.ศ. date picker is not what an office types

    fields = {"csrf": csrf, "period": "range", "date_from": "1/10/2568", "date_to": "30/9/2569"}
    answer = client.post("/officer/reports", data=fields)
    assert answer.status_code == 303 and len(queued) == 1
    with web.ctx.sessions() as session:
        job = store.get_job(session, queued[0])
        assert job is not None
        assert (job.params["date_from"], job.params["date_to"]) == ("2025-10-01", "2026-09-30")

    wrong = client.post("/officer/reports", data={**fields, "date_to": "31/9/2569"})
    assert wrong.status_code == 400 and len(queued) == 1
    assert 'role="alert"' in wrong.text and 'id="date_from"' in wrong.text
    assert 'value="31/9/2569"' in wrong.text
    assert re.search(r'<option value="range" selected>', wrong.text)


def test_a_province_account_picks_a_district_by_name(
    web: Web, monkeypatch: pytest.MonkeyPatch
) -> None:
    from docgen.registry import store
    from docgen.web import actions

    queued: list[str] = []
    monkeypatch.setattr(actions, "dispatch_job", lambda ctx, job_id, kind: queued.append(job_id))
    client, csrf = web.session_for("province")
    form = client.get("/officer/reports").text
    assert '<option value="4001">เมืองขอนแก่น</option>' in form
    assert "ทั้งจังหวัดขอนแก่น" in _text(form)
    answer = client.post(
        "/officer/reports",
        data={"csrf": csrf, "scope": "district", "code": "4001", "period": "year", "year": "2569"},
    )
    assert answer.status_code == 303
    with web.ctx.sessions() as session:
        job = store.get_job(session, queued[-1])
        assert job is not None and job.params["district_code"] == "4001"
    report_page = _text(client.get(answer.headers["location"]).text)
    assert "อำเภอเมืองขอนแก่น" in report_page


def test_every_page_lets_a_keyboard_user_skip_the_menu(web: Web) -> None:
    for path in ("/", "/upload", "/forms/bylaws", "/login"):
        page = web.client.get(path).text
        skip = page.index('href="#content"')
        assert skip < page.index('<nav class="nav" aria-label="เมนูหลัก">')
        assert 'id="content"' in page


def test_an_upload_with_no_file_comes_back_to_the_upload_form_with_the_reason(web: Web) -> None:
    answer = web.client.post("/upload", files={"files": ("", b"", "application/octet-stream")})
    assert answer.status_code == 400
    assert 'id="upload-form"' in answer.text  # the form to try again, not a dead end
    alert = answer.text.split('id="upload-error"', 1)[1].split("</p>", 1)[0]
    assert "hidden" not in alert.split(">", 1)[0] and "ไม่พบไฟล์ที่ส่งมา" in alert


def test_the_group_page_shows_its_own_link_to_copy(web: Web) -> None:
    app_id = web.add_application(report=sample_report())
    page = web.client.get(f"/a/{app_id}").text
    box = re.search(r'<input id="own-link" readonly value="([^"]+)">', page)
    assert box is not None and box.group(1).endswith(f"/a/{app_id}")
    assert '<label for="own-link">' in page
    assert web.client.get("/static/copy.js").status_code == 200


def test_report_files_download_under_the_district_and_period_names(
    web: Web, monkeypatch: pytest.MonkeyPatch
) -> None:
    from docgen.web import actions
    from workers import runtime
    from workers.tasks import district_report

    queued: list[str] = []
    monkeypatch.setattr(actions, "dispatch_job", lambda ctx, job_id, kind: queued.append(job_id))
    client, csrf = web.session_for("officer")
    fields = {"csrf": csrf, "period": "year", "year": "2569", "pdf": "0"}
    assert client.post("/officer/reports", data=fields).status_code == 303
    runtime.reset()  # the task's registry is this test's (another test may have set it)
    try:
        district_report.apply(args=[queued[-1]])  # the real task, run here, not by a worker
    finally:
        runtime.reset()  # and no later test inherits this one's database
    for fmt, kind in (("docx", "wordprocessingml"), ("xlsx", "spreadsheetml")):
        answer = client.get(f"/officer/reports/{queued[-1]}/{fmt}")
        assert answer.status_code == 200 and kind in answer.headers["content-type"]
        name = unquote(answer.headers["content-disposition"])
        assert f"-อำเภอเมืองขอนแก่น-ปี พ.ศ. 2569.{fmt}" in name


def test_the_batch_page_offers_a_template_that_the_batch_itself_accepts(
    web: Web, tmp_path: Path
) -> None:
    import datetime as dt

    from docgen.render.batch import read_certificate_rows

    client, _ = web.session_for("officer")
    assert 'href="/officer/batch/template.csv"' in client.get("/officer/batch").text
    answer = client.get("/officer/batch/template.csv")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/csv")
    assert answer.content.startswith(b"\xef\xbb\xbf")  # Excel opens Thai correctly with a BOM
    assert "ตัวอย่าง" in unquote(answer.headers["content-disposition"])
    saved = tmp_path / "template.csv"
    saved.write_bytes(answer.content)
    rows = read_certificate_rows(saved, issue_date=dt.date(2026, 11, 1))
    assert [r.group_name for r in rows] == ["กลุ่มปลูกผักปลอดภัยบ้านโนนทอง"]
    assert rows[0].data["address"]["house_no"] == "12"  # the optional เลขที่ column
    # Officers only, like the rest of the batch pages.
    assert web.new_client().get("/officer/batch/template.csv").status_code in (303, 401)


def test_the_batch_page_reads_every_row_first_and_lists_the_bad_ones_at_once(
    web: Web, monkeypatch: pytest.MonkeyPatch
) -> None:
    from docgen.web import actions

    queued: list[str] = []
    monkeypatch.setattr(actions, "dispatch_job", lambda ctx, job_id, kind: queued.append(job_id))
    client, csrf = web.session_for("officer")
    many = BAD_BATCH + "".join(
        f"กลุ่มที่ {n},ท่าพระ,เมืองขอนแก่น,ขอนแก่น,ไม่ทราบ,นายก ใจดี,2026-10-01\n" for n in range(30)
    )
    answer = client.post(
        "/officer/batch",
        data={"csrf": csrf},
        files={"file": ("กลุ่ม.csv", many.encode(), "text/csv")},
    )
    assert answer.status_code == 422 and queued == []  # no job, no number taken
    rows = re.findall(r"<li>(.*?)</li>", answer.text.split('class="bad-rows"')[1].split("</ul>")[0])
    listed = {_text(r).split(":", 1)[0] for r in rows}
    assert {"แถวที่ 2", "แถวที่ 3", "แถวที่ 4", "แถวที่ 34"} <= listed  # all, not the first 20
    assert 'id="file"' in answer.text  # the form to send the fixed file is right there

    wrong_type = client.post(
        "/officer/batch", data={"csrf": csrf}, files={"file": ("กลุ่ม.pdf", b"%PDF-1.4", "x")}
    )
    assert wrong_type.status_code == 415 and ".csv หรือ .xlsx" in _text(wrong_type.text)
    assert 'id="file"' in wrong_type.text
