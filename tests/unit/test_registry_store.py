"""Registry on SQLite: migrations, applications through their statuses, accounts, jobs, sweeper."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from docgen.model import UnusableInput
from docgen.registry import store
from docgen.registry.accounts import authenticate, create_account
from docgen.registry.db import make_engine, make_session_factory, migrate
from docgen.registry.models import Application, AuditLog, Certificate, Group

REPORT = {
    "schema": "docgen.check/1",
    "complete": True,
    "group": {
        "name": "กลุ่มปลูกผักบ้านโนน",
        "subdistrict": "ท่าพระ",
        "district": "เมืองขอนแก่น",
        "province": "ขอนแก่น",
        "subdistrict_code": "400104",
        "district_code": "4001",
        "province_code": "40",
        "members": 12,
        "committee": 3,
    },
    "committee": [{"name": "นายสมชาย ใจดี", "position": "ประธาน", "role": "chair"}],
    "activities": ["ปลูกผักปลอดสาร"],
    "findings": [],
}


@pytest.fixture()
def factory(tmp_path: Path):
    engine = make_engine(f"sqlite:///{tmp_path / 'reg.sqlite3'}")
    migrate(engine)
    migrate(engine)  # a second start finds nothing to do
    yield make_session_factory(engine)
    engine.dispose()


def _files() -> list[store.StoredFile]:
    return [store.StoredFile("ข้อบังคับกลุ่ม.docx", "uploads/x/1.docx", 1234, "ab" * 32)]


def test_application_goes_from_upload_to_certificate(factory) -> None:
    with factory() as s, s.begin():
        officer = create_account(s, "officer1", "secret-pass-1", "officer", "4001")
        other = create_account(s, "officer2", "secret-pass-2", "officer", "4002")
        app = store.create_application(s, None, _files())
        app_id = app.id
    assert len(app_id) >= 32

    with factory() as s, s.begin():
        assert store.mark_checking(s, app_id) is not None
        store.record_report(s, app_id, REPORT)
    with factory() as s, s.begin():
        got = store.get_application(s, app_id)
        assert got is not None
        app = got
        assert (app.status, app.district_code, app.province_code) == ("checked", "4001", "40")
        assert app.group_name == "กลุ่มปลูกผักบ้านโนน"
        assert app.files[0].name == "ข้อบังคับกลุ่ม.docx"
        # a check that runs a second time changes nothing
        assert store.mark_checking(s, app_id) is None

    with factory() as s, s.begin():
        with pytest.raises(store.NotAllowed):
            store.approve(s, app_id, s.merge(other))
        with pytest.raises(store.WrongState):
            store.certify(s, app_id, s.merge(officer))
        with pytest.raises(store.WrongState):
            store.return_application(s, app_id, s.merge(officer), "   ")
        store.return_application(s, app_id, s.merge(officer), "ข้อบังคับไม่ครบ")
    # A returned bundle waits for the group to send it again.
    with factory() as s, s.begin(), pytest.raises(store.WrongState, match="ส่งเอกสารใหม่"):
        store.approve(s, app_id, s.merge(officer))
    with factory() as s, s.begin():  # sent again: a new application, checked
        app_id = store.create_application(s, None, _files()).id
        store.record_report(s, app_id, REPORT)
    with factory() as s, s.begin():
        store.approve(s, app_id, s.merge(officer))
        cert = store.certify(s, app_id, s.merge(officer), be_year=2569)
        assert cert.number == "1/2569"
    with factory() as s, s.begin():
        again = store.certify(s, app_id, s.merge(officer), be_year=2569)
        assert again.number == "1/2569"
        assert s.scalar(select(func.count()).select_from(Certificate)) == 1
        group = s.scalar(select(Group))
        assert group is not None and group.chair == "นายสมชาย ใจดี" and group.members == 12
        actions = [a.action for a in store.audit_trail(s, "application", app_id)]
        assert actions == ["upload", "checked", "approve", "certify"]
        assert store.get_application(s, app_id).status == "certified"  # type: ignore[union-attr]


def test_province_reads_its_districts_only(factory) -> None:
    with factory() as s, s.begin():
        prov = create_account(s, "kk", "province-pass", "province", province_code="40")
        officer = create_account(s, "o-4002", "officer-pass", "officer", "4002")
        a = store.create_application(s, "4001", _files())
        b = store.create_application(s, "4101", _files())
        assert [x.id for x in store.applications_for(s, prov)] == [a.id]
        assert store.applications_for(s, officer) == []
        assert store.can_read(prov, a) and not store.can_read(prov, b)
        assert not store.can_act(prov, a)


def test_accounts_hash_and_authenticate(factory) -> None:
    with factory() as s, s.begin():
        acc = create_account(s, "officer", "correct horse", "officer", "4001")
        assert acc.password_hash.startswith("$argon2id$")
        assert "correct horse" not in acc.password_hash
        assert acc.province_code == "40"
    with factory() as s, s.begin():
        assert authenticate(s, "officer", "correct horse") is not None
        assert authenticate(s, "officer", "wrong horse!") is None
        assert authenticate(s, "nobody", "correct horse") is None
        with pytest.raises(UnusableInput) as err:
            create_account(s, "officer", "another-pass", "officer", "4001")
        assert "มีผู้ใช้ชื่อ officer อยู่แล้ว" in err.value.errors[0]
        with pytest.raises(UnusableInput):
            create_account(s, "x2", "short", "officer", "40")


def test_jobs_progress_and_finish_once(factory) -> None:
    with factory() as s, s.begin():
        job = store.create_job(s, "batch_certificates", {"rows": 3}, created_by="officer", total=3)
        job_id = job.id
    with factory() as s, s.begin():
        assert store.start_job(s, job_id) is not None
        store.update_job_progress(s, job_id, 2)
        store.update_job_progress(s, job_id, 1)  # never backwards
    with factory() as s, s.begin():
        running = store.get_job(s, job_id)
        assert running is not None and (running.status, running.progress_done) == ("running", 2)
        store.finish_job(s, job_id, result_path="jobs/x/certificates.zip")
        store.finish_job(s, job_id, error="ไม่ควรทับ")
    with factory() as s, s.begin():
        done = store.get_job(s, job_id)
        assert done is not None and (done.status, done.progress_done, done.error) == ("done", 3, "")
        assert store.start_job(s, job_id) is None


def test_sweeper_finds_only_stale_work(factory) -> None:
    long_ago = datetime.now(UTC) - timedelta(hours=2)
    with factory() as s, s.begin():
        fresh = store.create_application(s, "4001", _files())
        stale = store.create_application(s, "4001", _files())
        busy = store.create_application(s, "4001", _files())
        lost = store.create_application(s, "4001", _files())
        done = store.create_application(s, "4001", _files())
        store.mark_checking(s, stale.id)
        store.mark_checking(s, busy.id)
        store.record_report(s, done.id, REPORT)
        ids = (fresh.id, stale.id, busy.id, lost.id, done.id)
    with factory() as s, s.begin():
        # a check whose worker died long ago, and an upload whose message was lost long ago
        s.execute(
            update(Application).where(Application.id == ids[1]).values(check_started_at=long_ago)
        )
        s.execute(
            update(Application).where(Application.id.in_(ids[3:])).values(updated_at=long_ago)
        )
    with factory() as s, s.begin():
        apps, jobs = store.requeue_stuck(s, 600)
        assert sorted(apps) == sorted([ids[1], ids[3]]) and jobs == []
        assert store.get_application(s, ids[1]).status == "received"  # type: ignore[union-attr]
    with factory() as s, s.begin():
        # touched: a second sweeper right after finds nothing
        assert store.requeue_stuck(s, 600) == ([], [])
        requeued = select(func.count()).select_from(AuditLog).where(AuditLog.action == "requeue")
        assert s.scalar(requeued) == 2
        # a worker still busy with a check keeps it; a duplicate message finds nothing to do
        assert store.mark_checking(s, ids[2], busy_for_s=600) is None
        assert store.mark_checking(s, ids[1], busy_for_s=600) is not None
        assert store.mark_checking(s, ids[4], busy_for_s=600) is None  # checked already


def test_sweeper_gives_up_on_a_bundle_that_keeps_killing_its_worker(factory) -> None:
    long_ago = datetime.now(UTC) - timedelta(hours=2)
    with factory() as s, s.begin():
        app_id = store.create_application(s, "4001", _files()).id
    for _ in range(store.MAX_CHECK_ATTEMPTS):
        with factory() as s, s.begin():
            assert store.mark_checking(s, app_id) is not None
            s.execute(
                update(Application)
                .where(Application.id == app_id)
                .values(check_started_at=long_ago)
            )
        with factory() as s, s.begin():
            apps, _ = store.requeue_stuck(s, 600)
    assert apps == []  # the third time it is not sent round again
    with factory() as s:
        app = store.get_application(s, app_id)
        assert app is not None and app.status == "failed"
        assert "หลายครั้ง" in app.error


def test_an_upload_with_a_bad_district_code_is_refused(factory) -> None:
    with factory() as s, s.begin():
        for bad in ("40", "abcd", "4001; DROP", "๔๐๐๑"):
            with pytest.raises(UnusableInput):
                store.create_application(s, bad, _files())
        assert store.create_application(s, "", _files()).district_code is None


def test_a_released_check_can_be_claimed_again_at_once(factory) -> None:
    with factory() as s, s.begin():
        app_id = store.create_application(s, "4001", _files()).id
        assert store.mark_checking(s, app_id, busy_for_s=600) is not None
        assert store.mark_checking(s, app_id, busy_for_s=600) is None  # held
        store.release_check(s, app_id)
        again = store.mark_checking(s, app_id, busy_for_s=600)
        assert again is not None and again.check_attempts == 2
