"""What the doors do to the registry: applications, decisions, certificates, jobs, audit.

Every function takes a `Session` and works inside the caller's transaction (it flushes, never
commits), so a door can do several things in one unit of work:

    with Session() as session, session.begin():
        app = store.create_application(session, "4001", files)

Errors are `RegistryError` subclasses with a Thai message: `NotFound` (404), `NotAllowed`
(403) and `WrongState` (409) for the web door to map.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from docgen.model import DocgenError, UnusableInput
from docgen.registry.db import as_utc
from docgen.registry.models import (
    APPROVED,
    CERTIFIED,
    CHECKED,
    CHECKING,
    FAILED,
    JOB_DONE,
    JOB_FAILED,
    JOB_KINDS,
    JOB_QUEUED,
    JOB_RUNNING,
    RECEIVED,
    RETURNED,
    ROLE_ADMIN,
    ROLE_OFFICER,
    ROLE_PROVINCE,
    Account,
    Application,
    ApplicationFile,
    AuditLog,
    Certificate,
    Group,
    Job,
    Office,
    new_public_id,
    utcnow,
)
from docgen.registry.numbering import assign_certificate_number, current_be_year

STATUS_LABEL_TH = {
    RECEIVED: "ได้รับเอกสารแล้ว รอตรวจ",
    CHECKING: "กำลังตรวจเอกสาร",
    CHECKED: "ตรวจเอกสารแล้ว รอเจ้าหน้าที่พิจารณา",
    RETURNED: "ส่งคืนให้กลุ่มแก้ไข",
    APPROVED: "เห็นชอบแล้ว รอออกใบรับรอง",
    CERTIFIED: "ออกใบรับรองแล้ว",
    FAILED: "ตรวจไม่สำเร็จ",
}


class RegistryError(DocgenError):
    """A registry action that cannot be done, with a Thai reason."""


class NotFound(RegistryError):
    pass


class NotAllowed(RegistryError):
    pass


class WrongState(RegistryError):
    pass


class NeedsOverride(WrongState):
    """The check found errors: the decision needs the officer's written reason (409)."""


MSG_NEEDS_OVERRIDE = (
    "ผลตรวจพบ {n} รายการที่ต้องแก้ไข จึง{verb}ไม่ได้ หากยืนยันจะ{verb} "
    "โปรดระบุเหตุผล (override_reason) ซึ่งจะบันทึกไว้ในประวัติการพิจารณา"
)
MSG_RETURNED = "คำขอนี้ส่งคืนให้กลุ่มแก้ไขแล้ว ต้องรอกลุ่มส่งเอกสารใหม่ก่อนจึงจะเห็นชอบได้"
MAX_OVERRIDE_REASON = 4000


def error_count(application: Application) -> int:
    """How many findings of the application's check are errors."""
    findings = (application.report or {}).get("findings") or []
    return sum(1 for f in findings if isinstance(f, dict) and f.get("severity") == "error")


def _override(application: Application, override_reason: str | None, verb: str) -> str:
    """The reason to go on over the check's errors ("" when there are none); NeedsOverride when
    the check found errors and no reason was given."""
    errors = error_count(application)
    if application.complete is not False and not errors:
        return ""
    reason = " ".join((override_reason or "").split())
    if not reason:
        raise NeedsOverride(MSG_NEEDS_OVERRIDE.format(n=errors or "หลาย", verb=verb))
    if len(reason) > MAX_OVERRIDE_REASON:
        raise WrongState(f"เหตุผลยาวเกินไป (ไม่เกิน {MAX_OVERRIDE_REASON:,} ตัวอักษร)")
    return reason


@dataclass(frozen=True)
class StoredFile:
    """A file already written under DOCGEN_DATA_DIR, ready to be recorded with its application."""

    name: str  # as uploaded (display name)
    stored_path: str  # relative to DOCGEN_DATA_DIR
    size: int
    sha256: str


# ---------------------------------------------------------------------------
# Audit
# ---------------------------------------------------------------------------


def actor_name(account: Account | str | None) -> str:
    if account is None:
        return "system"
    return account if isinstance(account, str) else account.username


def audit(
    session: Session,
    actor: Account | str | None,
    action: str,
    target_type: str = "",
    target_id: str = "",
    detail: str = "",
) -> AuditLog:
    """Record who did what to which thing. Never pass national IDs in `detail`."""
    entry = AuditLog(
        actor=actor_name(actor),
        action=action,
        target_type=target_type,
        target_id=target_id,
        detail=detail[:2000],
    )
    session.add(entry)
    session.flush()
    return entry


def audit_trail(session: Session, target_type: str, target_id: str) -> list[AuditLog]:
    return list(
        session.scalars(
            select(AuditLog)
            .where(AuditLog.target_type == target_type, AuditLog.target_id == target_id)
            .order_by(AuditLog.id)
        )
    )


# ---------------------------------------------------------------------------
# Offices and who may see what
# ---------------------------------------------------------------------------


def ensure_office(
    session: Session,
    district_code: str,
    district_name_th: str,
    province_name_th: str,
    province_code: str | None = None,
) -> Office:
    office = session.get(Office, district_code)
    if office is None:
        office = Office(
            district_code=district_code,
            province_code=province_code or district_code[:2],
            district_name_th=district_name_th,
            province_name_th=province_name_th,
        )
        session.add(office)
        session.flush()
    return office


def can_read(account: Account | None, application: Application) -> bool:
    """Officers read their district's applications, province accounts their province's, admins all."""
    if account is None or not account.active:
        return False
    if account.role == ROLE_ADMIN:
        return True
    if account.role == ROLE_OFFICER:
        return bool(account.district_code) and application.district_code == account.district_code
    if account.role == ROLE_PROVINCE:
        return bool(account.province_code) and application.province_code == account.province_code
    return False


def can_act(account: Account | None, application: Application) -> bool:
    """Only an officer of the application's own district (or an admin) approves, returns, certifies."""
    if account is None or not account.active:
        return False
    if account.role == ROLE_ADMIN:
        return True
    return (
        account.role == ROLE_OFFICER
        and bool(account.district_code)
        and application.district_code == account.district_code
    )


# ---------------------------------------------------------------------------
# Applications
# ---------------------------------------------------------------------------


def create_application(
    session: Session,
    district_code: str | None,
    files: list[StoredFile],
    *,
    application_id: str | None = None,
    actor: Account | str | None = "group",
) -> Application:
    """Record an uploaded bundle whose files are already on disk; status `received`.

    `application_id` lets the door pick the id first (to name the upload folder); it must come
    from `new_public_id()`. `district_code` may be None: the check report fills it in.
    """
    if district_code and not (
        len(district_code) == 4 and district_code.isascii() and district_code.isdigit()
    ):
        raise UnusableInput("รหัสอำเภอต้องเป็นตัวเลข 4 หลัก (เช่น 4001)")
    if application_id is not None and not (16 <= len(application_id) <= 64):
        raise ValueError("application ids come from new_public_id()")
    application = Application(
        id=application_id or new_public_id(),
        district_code=district_code or None,
        province_code=district_code[:2] if district_code else None,
        uploaded_district_code=district_code or None,
        status=RECEIVED,
    )
    for f in files:
        application.files.append(
            ApplicationFile(name=f.name, stored_path=f.stored_path, size=f.size, sha256=f.sha256)
        )
    session.add(application)
    session.flush()
    audit(session, actor, "upload", "application", application.id, f"{len(files)} ไฟล์")
    return application


def get_application(session: Session, app_id: str) -> Application | None:
    if not app_id or len(app_id) > 64:
        return None
    return session.get(Application, app_id)


def _require(session: Session, app_id: str, *, lock: bool = False) -> Application:
    stmt = select(Application).where(Application.id == app_id)
    if lock and session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update()
    application = session.scalars(stmt).first() if app_id and len(app_id) <= 64 else None
    if application is None:
        raise NotFound("ไม่พบคำขอนี้")
    return application


def list_applications(
    session: Session,
    district_code: str | None = None,
    province_code: str | None = None,
    *,
    status: str | None = None,
    limit: int | None = None,
) -> list[Application]:
    """Applications, newest first, of one district or one province (or all when neither)."""
    stmt = select(Application).order_by(Application.created_at.desc(), Application.id)
    if district_code:
        stmt = stmt.where(Application.district_code == district_code)
    if province_code:
        stmt = stmt.where(Application.province_code == province_code)
    if status:
        stmt = stmt.where(Application.status == status)
    if limit:
        stmt = stmt.limit(limit)
    return list(session.scalars(stmt))


def applications_for(session: Session, account: Account, **kwargs: Any) -> list[Application]:
    """The applications `account` may read."""
    if account.role == ROLE_ADMIN:
        return list_applications(session, **kwargs)
    if account.role == ROLE_OFFICER and account.district_code:
        return list_applications(session, district_code=account.district_code, **kwargs)
    if account.role == ROLE_PROVINCE and account.province_code:
        return list_applications(session, province_code=account.province_code, **kwargs)
    return []


def mark_checking(
    session: Session, app_id: str, *, busy_for_s: float | None = None
) -> Application | None:
    """Claim an application for checking. None when there is nothing to do: it is checked
    already, or (with `busy_for_s`) another worker claimed it less than `busy_for_s` ago."""
    application = _require(session, app_id, lock=True)
    if application.status not in (RECEIVED, CHECKING, FAILED):
        return None
    if (
        busy_for_s is not None
        and application.status == CHECKING
        and not is_stale(application, busy_for_s)
    ):
        return None
    application.status = CHECKING
    application.check_started_at = utcnow()
    application.check_attempts = (application.check_attempts or 0) + 1
    application.error = ""
    application.ocr_pages_done = application.ocr_pages_total = 0  # a new run reads from page 1
    session.flush()
    return application


def update_check_progress(session: Session, app_id: str, done: int, total: int) -> None:
    """Pages OCR has read of a check's scans (the group's page shows them), written by the
    worker wherever it runs; only while the application is being checked, never backwards. One
    short UPDATE, without the row lock a claim takes: a late write after the report changes nothing."""
    session.execute(
        update(Application)
        .where(
            Application.id == app_id,
            Application.status == CHECKING,
            Application.ocr_pages_done <= done,  # two OCR threads may report out of order
        )
        .values(ocr_pages_done=max(0, done), ocr_pages_total=max(0, total, done))
    )


def release_check(session: Session, app_id: str) -> None:
    """Give a claimed check back (`checking` → `received`) so its retry may claim it again."""
    application = _require(session, app_id, lock=True)
    if application.status == CHECKING:
        application.status = RECEIVED
        application.check_started_at = None
        application.ocr_pages_done = application.ocr_pages_total = 0
        session.flush()


def record_report(session: Session, app_id: str, report: dict[str, Any]) -> Application:
    """Store the check report and mark `checked`. Running it again changes nothing."""
    application = _require(session, app_id, lock=True)
    if application.status not in (RECEIVED, CHECKING, FAILED):
        return application  # a second run of the same check: the first one's result stands
    group = report.get("group") or {}
    application.report = report
    application.complete = bool(report.get("complete"))
    application.group_name = str(group.get("name") or "")[:500]
    _route_by_documents(session, application, str(group.get("district_code") or "")[:4])
    application.status = CHECKED
    application.checked_at = utcnow()
    application.error = ""
    application.ocr_pages_done = application.ocr_pages_total = 0
    session.flush()
    audit(
        session,
        "system",
        "checked",
        "application",
        app_id,
        f"ข้อผิดพลาด {sum(1 for f in report.get('findings', []) if f.get('severity') == 'error')} รายการ",
    )
    return application


def _route_by_documents(
    session: Session, application: Application, documents_district: str
) -> None:
    """The application belongs to the district its documents name: when the uploader picked
    another, the documents win (the pick stays in `uploaded_district_code`, audited)."""
    if not (len(documents_district) == 4 and documents_district.isdigit()):
        return  # the documents name no real district: the uploader's choice stands
    if application.district_code == documents_district:
        return
    picked = application.district_code
    application.district_code = documents_district
    application.province_code = documents_district[:2]
    if picked:
        audit(
            session,
            "system",
            "route",
            "application",
            application.id,
            f"ผู้ยื่นเลือกอำเภอ {picked} แต่เอกสารระบุอำเภอ {documents_district} จึงส่งไปอำเภอตามเอกสาร",
        )


def hand_over(
    session: Session, app_id: str, account: Account, district_code: str, reason: str = ""
) -> Application:
    """An officer hands an application to another district's office (audited)."""
    application = _require(session, app_id, lock=True)
    if not can_act(account, application):
        raise NotAllowed("บัญชีนี้ไม่มีสิทธิ์ส่งต่อคำขอของอำเภออื่น")
    district_code = (district_code or "").strip()
    if not (len(district_code) == 4 and district_code.isascii() and district_code.isdigit()):
        raise UnusableInput("โปรดเลือกอำเภอที่จะส่งต่อ (รหัสอำเภอ 4 หลัก)")
    if district_code == application.district_code:
        raise WrongState("คำขอนี้อยู่ที่อำเภอนี้อยู่แล้ว")
    if application.status in (APPROVED, CERTIFIED):
        raise WrongState("คำขอที่เห็นชอบหรือออกใบรับรองแล้วส่งต่อไม่ได้")
    import geothai

    if geothai.district(district_code) is None:
        raise UnusableInput(f"ไม่พบอำเภอรหัส {district_code}")
    previous = application.district_code or "-"
    application.district_code = district_code
    application.province_code = district_code[:2]
    session.flush()
    note = " ".join((reason or "").split())[:500]
    audit(
        session,
        account,
        "hand_over",
        "application",
        app_id,
        f"จากอำเภอ {previous} ไปอำเภอ {district_code}" + (f" เหตุผล: {note}" if note else ""),
    )
    return application


def mark_failed(session: Session, app_id: str, error_th: str) -> Application:
    """The check could not run (the program's failure, not the bundle's): `failed`, with a reason."""
    application = _require(session, app_id, lock=True)
    if application.status in (RECEIVED, CHECKING, FAILED):
        application.status = FAILED
        application.error = error_th[:2000]
        application.ocr_pages_done = application.ocr_pages_total = 0
        session.flush()
        audit(session, "system", "check_failed", "application", app_id, error_th[:200])
    return application


def approve(
    session: Session, app_id: str, account: Account, *, override_reason: str | None = None
) -> Application:
    """The officer agrees the bundle is in order: `checked` → `approved`.

    A bundle whose check found errors needs `override_reason` (NeedsOverride otherwise); the
    reason is kept on the application and in the audit log. A returned bundle waits for the
    group to send it again.
    """
    application = _require(session, app_id, lock=True)
    if not can_act(account, application):
        raise NotAllowed("บัญชีนี้ไม่มีสิทธิ์พิจารณาคำขอของอำเภออื่น")
    if application.status == APPROVED:
        return application
    if application.status == RETURNED:
        raise WrongState(MSG_RETURNED)
    if application.status != CHECKED:
        raise WrongState(
            f"เห็นชอบไม่ได้ เพราะคำขออยู่ในสถานะ {STATUS_LABEL_TH.get(application.status, application.status)}"
        )
    reason = _override(application, override_reason, "เห็นชอบ")
    application.status = APPROVED
    application.return_reason = ""
    application.override_reason = reason
    application.decided_at = utcnow()
    application.decided_by = account.username
    session.flush()
    if reason:
        audit(session, account, "approve_override", "application", app_id, reason)
    else:
        audit(session, account, "approve", "application", app_id)
    return application


def return_application(session: Session, app_id: str, account: Account, reason: str) -> Application:
    """Send the bundle back to the group with a reason: `checked`/`approved` → `returned`."""
    application = _require(session, app_id, lock=True)
    if not can_act(account, application):
        raise NotAllowed("บัญชีนี้ไม่มีสิทธิ์พิจารณาคำขอของอำเภออื่น")
    reason = (reason or "").strip()
    if not reason:
        raise WrongState("โปรดระบุเหตุผลที่ส่งคืน")
    if application.status not in (CHECKED, APPROVED, RETURNED):
        raise WrongState(
            f"ส่งคืนไม่ได้ เพราะคำขออยู่ในสถานะ {STATUS_LABEL_TH.get(application.status, application.status)}"
        )
    application.status = RETURNED
    application.return_reason = reason[:4000]
    application.decided_at = utcnow()
    application.decided_by = account.username
    session.flush()
    audit(session, account, "return", "application", app_id, reason[:500])
    return application


def _group_from_report(application: Application) -> Group:
    report = application.report or {}
    g = report.get("group") or {}
    chair = next(
        (c.get("name", "") for c in report.get("committee", []) if c.get("role") == "chair"), ""
    )
    return Group(
        application_id=application.id,
        name=str(g.get("name") or application.group_name or "")[:500],
        district_code=application.district_code or "",
        province_code=application.province_code or "",
        subdistrict=str(g.get("subdistrict") or ""),
        subdistrict_code=g.get("subdistrict_code"),
        district=str(g.get("district") or ""),
        province=str(g.get("province") or ""),
        moo=str(g.get("moo") or "")[:20],
        members=int(g.get("members") or 0),
        chair=str(chair)[:300],
        # What the request form (or bylaws) states, never a row of the activity plan.
        main_activity=str(g.get("main_activity") or "")[:500],
        established_at=_founding(g.get("established")),
    )


def _founding(value: Any) -> datetime | None:
    """A founding date (ISO text or a date) as the registry keeps it: noon UTC of that day,
    which is the same day in Thailand."""
    import datetime as dt

    if isinstance(value, datetime):
        return value
    if isinstance(value, dt.date):
        return datetime(value.year, value.month, value.day, 12, tzinfo=UTC)
    if isinstance(value, str) and value:
        try:
            day = dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
        return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)
    return None


def certify(
    session: Session,
    app_id: str,
    account: Account,
    *,
    be_year: int | None = None,
    override_reason: str | None = None,
) -> Certificate:
    """Issue the certificate of an approved application: its number, once; `certified`.

    Calling it again gives the same certificate (the application id is the number's key).
    A bundle whose check found errors needs `override_reason` here too (NeedsOverride).
    """
    application = _require(session, app_id, lock=True)
    if not can_act(account, application):
        raise NotAllowed("บัญชีนี้ไม่มีสิทธิ์ออกใบรับรองของอำเภออื่น")
    if application.status == CERTIFIED and application.certificate is not None:
        return application.certificate
    if application.status != APPROVED:
        raise WrongState("ออกใบรับรองได้เฉพาะคำขอที่เห็นชอบแล้ว")
    reason = _override(application, override_reason, "ออกใบรับรอง")
    if reason:
        application.override_reason = reason
    if not application.district_code:
        raise WrongState("ไม่ทราบอำเภอของคำขอนี้ จึงออกเลขที่ใบรับรองไม่ได้")
    group = session.scalar(select(Group).where(Group.application_id == app_id))
    if group is None:
        group = _group_from_report(application)
        session.add(group)
        session.flush()
    certificate = assign_certificate_number(
        session,
        application.district_code,
        be_year or current_be_year(),
        f"application:{app_id}",
        application_id=app_id,
        issued_by=account.username,
    )
    certificate.group_id = group.id
    application.status = CERTIFIED
    application.decided_at = utcnow()
    application.decided_by = account.username
    session.flush()
    session.refresh(application)
    detail = f"เลขที่ {certificate.number}"
    if reason:
        audit(
            session, account, "certify_override", "application", app_id, f"{detail} เหตุผล: {reason}"
        )
    else:
        audit(session, account, "certify", "application", app_id, detail)
    return certificate


def record_batch_groups(session: Session, rows: Sequence[Mapping[str, Any]]) -> list[Group]:
    """A registry row for each certificate of a batch (or given number): founding date,
    members, chair, main activity and place, linked to its certificate.

    Each row: `key` (the certificate's idempotency key), `data` (the certificate's checked
    data: group_name, address, member_count, chair, established, main_activity). Run again
    (a retried plan) it updates the same groups.
    """
    from docgen.thai.places import resolve_place

    keys = [str(r["key"]) for r in rows]
    certs = {
        c.idempotency_key: c
        for c in session.scalars(select(Certificate).where(Certificate.idempotency_key.in_(keys)))
    }
    out: list[Group] = []
    for row in rows:
        cert = certs.get(str(row["key"]))
        if cert is None:
            continue  # a given number the web issued to this group: its group is there already
        data = row.get("data") or {}
        address = data.get("address") or {}
        place = resolve_place(
            str(address.get("subdistrict") or ""),
            str(address.get("district") or ""),
            str(address.get("province") or ""),
        )
        group = session.get(Group, cert.group_id) if cert.group_id is not None else None
        if group is None:
            group = Group(application_id=None, district_code=cert.district_code)
            session.add(group)
        group.name = str(data.get("group_name") or "")[:500]
        group.district_code = cert.district_code
        group.province_code = cert.district_code[:2]
        group.subdistrict = str(address.get("subdistrict") or "")[:200]
        group.subdistrict_code = place.subdistrict_code
        group.district = str(address.get("district") or "")[:200]
        group.province = str(address.get("province") or "")[:200]
        group.moo = str(address.get("moo") or "")[:20]
        group.members = int(data.get("member_count") or 0)
        group.chair = str(data.get("chair") or "")[:300]
        group.main_activity = str(data.get("main_activity") or "")[:500]
        group.established_at = _founding(data.get("established"))
        session.flush()
        cert.group_id = group.id
        out.append(group)
    session.flush()
    return out


# ---------------------------------------------------------------------------
# Jobs
# ---------------------------------------------------------------------------


def create_job(
    session: Session,
    kind: str,
    params: dict[str, Any] | None = None,
    *,
    created_by: Account | str | None = None,
    district_code: str | None = None,
    total: int = 0,
) -> Job:
    """A queued job; submit it with `workers.dispatch.submit_job(job.id)` after commit."""
    if kind not in JOB_KINDS:
        raise ValueError(f"unknown job kind {kind!r}")
    job = Job(
        kind=kind,
        status=JOB_QUEUED,
        params=dict(params or {}),
        state={},
        created_by=actor_name(created_by),
        district_code=district_code,
        progress_total=total,
        progress_done=0,
    )
    session.add(job)
    session.flush()
    audit(session, created_by, f"job_{kind}", "job", job.id)
    return job


def get_job(session: Session, job_id: str, *, lock: bool = False) -> Job | None:
    """The job, or None. `lock`: held (SELECT ... FOR UPDATE on PostgreSQL) until the
    transaction ends, so two workers finishing chunks of one job update its state in turn."""
    if not job_id or len(job_id) > 64:
        return None
    if not lock:
        return session.get(Job, job_id)
    stmt = select(Job).where(Job.id == job_id)
    if session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update()
    return session.scalars(stmt).first()


def start_job(session: Session, job_id: str) -> Job | None:
    """Mark a job running (None if it is already finished: nothing to do)."""
    job = session.get(Job, job_id)
    if job is None:
        raise NotFound("ไม่พบงานนี้")
    if job.status in (JOB_DONE, JOB_FAILED):
        return None
    job.status = JOB_RUNNING
    job.started_at = job.started_at or utcnow()
    job.attempts = (job.attempts or 0) + 1
    session.flush()
    return job


def update_job_progress(session: Session, job_id: str, done: int, total: int | None = None) -> None:
    """Set progress (never backwards) and touch the job so the sweeper sees it is alive."""
    values: dict[str, Any] = {"updated_at": utcnow()}
    if total is not None:
        values["progress_total"] = total
    session.execute(update(Job).where(Job.id == job_id).values(**values))
    session.execute(
        update(Job).where(Job.id == job_id, Job.progress_done < done).values(progress_done=done)
    )


def finish_job(
    session: Session, job_id: str, result_path: str | None = None, error: str | None = None
) -> Job:
    """`done` with a result path (relative to DOCGEN_DATA_DIR), or `failed` with a Thai error."""
    job = session.get(Job, job_id)
    if job is None:
        raise NotFound("ไม่พบงานนี้")
    if job.status in (JOB_DONE, JOB_FAILED):
        return job  # finished already: a repeated finish changes nothing
    job.status = JOB_FAILED if error else JOB_DONE
    job.error = (error or "")[:2000]
    job.result_path = result_path
    if not error and job.progress_total:
        job.progress_done = job.progress_total
    job.finished_at = utcnow()
    session.flush()
    return job


# ---------------------------------------------------------------------------
# The sweeper
# ---------------------------------------------------------------------------


MAX_CHECK_ATTEMPTS = 3
MAX_JOB_ATTEMPTS = 10  # a job counts its task's own retries too
MSG_GAVE_UP = "ระบบพยายามทำงานนี้หลายครั้งแล้วแต่ไม่สำเร็จ จึงหยุดไว้ โปรดแจ้งผู้ดูแลระบบ"


def requeue_stuck(
    session: Session,
    older_than_s: float,
    *,
    now: datetime | None = None,
    max_check_attempts: int = MAX_CHECK_ATTEMPTS,
    max_job_attempts: int = MAX_JOB_ATTEMPTS,
) -> tuple[list[str], list[str]]:
    """Applications and jobs left unfinished for longer than `older_than_s`: ids to submit again.

    An application stays `checking` only while a worker has it, and `received` only while its
    message waits; past the limit the worker (or the message) is taken to be gone. A stale
    `checking` one goes back to `received`; touching the rows keeps two sweepers from both
    resubmitting at once. Work that has already killed its worker `max_*_attempts` times
    (a hostile bundle, say) is marked `failed` with a Thai reason instead of going round
    for ever. Returns (application ids, job ids) to resubmit.
    """
    moment = now or datetime.now(UTC)
    cutoff = moment - timedelta(seconds=older_than_s)
    pg = session.get_bind().dialect.name == "postgresql"

    app_stmt = select(Application).where(
        or_(
            (Application.status == CHECKING) & (Application.check_started_at < cutoff),
            (Application.status == RECEIVED) & (Application.updated_at < cutoff),
        )
    )
    job_stmt = select(Job).where(Job.status.in_((JOB_QUEUED, JOB_RUNNING)), Job.updated_at < cutoff)
    if pg:
        app_stmt = app_stmt.with_for_update(skip_locked=True)
        job_stmt = job_stmt.with_for_update(skip_locked=True)
    app_ids: list[str] = []
    for application in session.scalars(app_stmt):
        if (application.check_attempts or 0) >= max_check_attempts:
            application.status = FAILED
            application.error = MSG_GAVE_UP
            audit(session, "system", "check_gave_up", "application", application.id)
            continue
        # Back to `received` (its worker is gone), touched so the next sweep leaves it alone.
        application.status = RECEIVED
        application.check_started_at = None
        application.updated_at = moment
        app_ids.append(application.id)
    job_ids: list[str] = []
    for job in session.scalars(job_stmt):
        if (job.attempts or 0) >= max_job_attempts:
            job.status = JOB_FAILED
            job.error = MSG_GAVE_UP
            job.finished_at = moment
            audit(session, "system", "job_gave_up", "job", job.id)
            continue
        job.updated_at = moment
        job_ids.append(job.id)
    session.flush()
    for app_id in app_ids:
        audit(session, "system", "requeue", "application", app_id)
    for job_id in job_ids:
        audit(session, "system", "requeue", "job", job_id)
    return app_ids, job_ids


def is_stale(application: Application, older_than_s: float) -> bool:
    started = as_utc(application.check_started_at) or as_utc(application.created_at)
    return started is not None and (datetime.now(UTC) - started).total_seconds() > older_than_s
