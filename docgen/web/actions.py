"""What the web does with the registry, shared by the JSON API and the pages (sync; run in threads)."""

from __future__ import annotations

import datetime as dt
import json
import logging
import secrets
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docgen.web.app import WebContext, WebError
from docgen.web.auth import Officer
from docgen.web.deps import MSG_NOT_FOUND, require_act, require_read
from docgen.web.uploads import ReceivedFile, ReceivedUpload

log = logging.getLogger("docgen.web")


@dataclass(frozen=True)
class FileView:
    id: int
    name: str
    size: int
    key: str  # in the store


@dataclass(frozen=True)
class ApplicationView:
    """A snapshot of one application, detached from the database session."""

    id: str
    status: str
    district_code: str | None
    group_name: str
    report: dict[str, Any] | None
    complete: bool | None
    return_reason: str
    error: str
    created_at: dt.datetime | None
    updated_at: dt.datetime | None
    decided_by: str
    files: tuple[FileView, ...] = ()
    certificate_number: str | None = None
    certificate_issued_at: dt.datetime | None = None
    uploaded_district_code: str | None = None  # the uploader's pick, when the documents differ
    override_reason: str = ""
    decided_by_name: str = ""  # the Thai name of the account that decided
    ocr_pages: tuple[int, int] | None = None  # (read, of) while a check reads scans

    @property
    def members(self) -> int:
        return int(((self.report or {}).get("group") or {}).get("members") or 0)

    @property
    def errors(self) -> int:
        findings = (self.report or {}).get("findings") or []
        return sum(1 for f in findings if isinstance(f, dict) and f.get("severity") == "error")

    @property
    def place(self) -> str:
        """ต.ท่าพระ อ.เมืองขอนแก่น: tells apart groups of the same name."""
        group = (self.report or {}).get("group") or {}
        parts = []
        if group.get("subdistrict"):
            parts.append(f"ต.{group['subdistrict']}")
        if group.get("district"):
            parts.append(f"อ.{group['district']}")
        return " ".join(parts)

    @property
    def rerouted(self) -> bool:
        return bool(
            self.uploaded_district_code and self.uploaded_district_code != self.district_code
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "status": self.status,
            "report": self.report,
            "group_name": self.group_name,
            "district_code": self.district_code,
            "complete": self.complete,
            "return_reason": self.return_reason or None,
            "certificate_number": self.certificate_number,
            "created_at": self.created_at.isoformat() if self.created_at else None,
            "uploaded_district_code": self.uploaded_district_code,
            "override_reason": self.override_reason or None,
            "ocr_pages": _pages_json(self.ocr_pages),
        }

    def list_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "status": self.status,
            "group_name": self.group_name,
            "district_code": self.district_code,
            "members": self.members,
            "place": self.place,
            "uploaded_district_code": self.uploaded_district_code,
            "complete": self.complete,
            "certificate_number": self.certificate_number,
            "created_at": self.created_at.isoformat() if self.created_at else None,
        }


def _view(ctx: WebContext, app: Any, names: dict[str, str] | None = None) -> ApplicationView:
    from docgen.registry.db import as_utc

    cert = getattr(app, "certificate", None)
    return ApplicationView(
        id=app.id,
        status=app.status,
        district_code=app.district_code,
        group_name=app.group_name or ((app.report or {}).get("group") or {}).get("name", ""),
        report=app.report,
        complete=app.complete,
        return_reason=app.return_reason or "",
        error=app.error or "",
        created_at=as_utc(app.created_at),
        updated_at=as_utc(app.updated_at),
        decided_by=app.decided_by or "",
        files=tuple(
            FileView(id=f.id, name=f.name, size=f.size, key=f.stored_path) for f in app.files
        ),
        certificate_number=cert.number if cert is not None else None,
        certificate_issued_at=as_utc(cert.issued_at) if cert is not None else None,
        uploaded_district_code=getattr(app, "uploaded_district_code", None),
        override_reason=getattr(app, "override_reason", "") or "",
        decided_by_name=names.get(app.decided_by or "", "") if names else "",
        ocr_pages=ocr_pages(app.status, app.ocr_pages_done, app.ocr_pages_total),
    )


def ocr_pages(status: str, done: int | None, total: int | None) -> tuple[int, int] | None:
    """Pages OCR has read of the pages it expects (the worker writes them into the registry),
    while the application is being checked; None otherwise."""
    if status != "checking" or not total:
        return None
    return (min(int(done or 0), int(total)), int(total))


def _names(session: Any, usernames: set[str]) -> dict[str, str]:
    """Thai names of accounts by login (what pages show instead of the login)."""
    from sqlalchemy import select

    from docgen.registry.models import Account

    wanted = {u for u in usernames if u}
    if not wanted:
        return {}
    rows = session.execute(
        select(Account.username, Account.display_name).where(Account.username.in_(wanted))
    )
    return {u: n for u, n in rows if n}


# ---------------------------------------------------------------------------
# Uploads
# ---------------------------------------------------------------------------


def store_files(ctx: WebContext, prefix: str, files: list[ReceivedFile]) -> list[str]:
    """Put received files into the store under `prefix/<name>`; their keys, in order.

    Each returns only once the store holds the whole file. If one fails, those already put
    are removed again and the error goes on (nothing half-stored stays behind).
    """
    from docgen.storage import join_key

    keys: list[str] = []
    try:
        for f in files:
            key = join_key(prefix, f.path.name)
            ctx.storage.put_file(key, f.path, move=True)
            keys.append(key)
    except BaseException:
        forget_files(ctx, keys)
        raise
    return keys


def forget_files(ctx: WebContext, keys: list[str]) -> None:
    """Remove stored files no record points at (an upload refused after storing)."""
    for key in keys:
        try:
            ctx.storage.delete(key)
        except Exception:
            log.warning("could not remove a stored file of a refused upload")


def record_upload(
    ctx: WebContext, keys: list[str], upload: ReceivedUpload, district: str | None
) -> str:
    """Record an upload whose files are already in the store, in one transaction; its id."""
    from docgen.registry import store
    from docgen.registry.db import transaction

    files = [
        store.StoredFile(name=f.name, stored_path=key, size=f.size, sha256=f.sha256)
        for key, f in zip(keys, upload.files, strict=True)
    ]
    with transaction(ctx.sessions) as session:
        app = store.create_application(session, district, files)
        return str(app.id)


def celery_for(ctx: WebContext) -> Any:
    """The Celery app for this web app's settings (made once; sending only, never consuming)."""
    celery = getattr(ctx, "_celery", None)
    if celery is None:
        from workers.app import make_celery

        celery = make_celery(ctx.settings)
        ctx._celery = celery  # type: ignore[attr-defined]
    return celery


def dispatch_check(ctx: WebContext, app_id: str) -> None:
    """Queue the check (the task ledger sends it later if the queue does not answer now)."""
    try:
        from workers.dispatch import submit_check

        submit_check(app_id, celery=celery_for(ctx), sessions=ctx.sessions)
    except Exception:
        log.exception("could not queue the check of an application; the sweeper will retry")


def dispatch_job(ctx: WebContext, job_id: str, kind: str) -> None:
    try:
        from workers.dispatch import submit_job

        submit_job(job_id, kind, celery=celery_for(ctx), sessions=ctx.sessions)
    except Exception:
        log.exception("could not queue a job; the sweeper will retry")


def remove_tree(path: Path | None) -> None:
    if path is not None:
        shutil.rmtree(path, ignore_errors=True)


# ---------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------


def get_view(ctx: WebContext, app_id: str) -> ApplicationView:
    from docgen.registry import store

    with ctx.reads() as session:
        app = store.get_application(session, app_id)
        if app is None:
            raise WebError(404, MSG_NOT_FOUND)
        view = _view(ctx, app, _names(session, {app.decided_by or ""}))
        session.rollback()
        return view


_STATUS_CACHE: dict[str, tuple[float, bytes]] = {}
STATUS_CACHE_S = 1.0  # a poll may be up to a second behind: 200 polls/s cost a few reads
STATUS_CACHE_MAX = 4096


def cached_status(ctx: WebContext, app_id: str) -> bytes | None:
    """The status answer if one was made less than a second ago (cheap: no thread, no query)."""
    hit = _STATUS_CACHE.get(f"{id(ctx)}:{app_id}")
    if hit is not None and time.monotonic() - hit[0] < STATUS_CACHE_S:
        return hit[1]
    return None


def status_json(ctx: WebContext, app_id: str) -> bytes:
    """`GET /api/applications/{id}`, kept for a second (groups' pages poll it; so do scripts)."""
    cached = cached_status(ctx, app_id)
    if cached is not None:
        return cached
    now = time.monotonic()
    key = f"{id(ctx)}:{app_id}"
    body = _status_json(ctx, app_id)
    if len(_STATUS_CACHE) >= STATUS_CACHE_MAX:
        _STATUS_CACHE.clear()
    _STATUS_CACHE[key] = (now, body)
    return body


def forget_status(ctx: WebContext, app_id: str) -> None:
    """After an officer's decision: the next poll reads the new status at once."""
    _STATUS_CACHE.pop(f"{id(ctx)}:{app_id}", None)


def _status_json(ctx: WebContext, app_id: str) -> bytes:
    """`GET /api/applications/{id}` as bytes: the same fields as `ApplicationView.to_json`."""
    from sqlalchemy import select

    from docgen.registry.db import as_utc
    from docgen.registry.models import Application, Certificate

    stmt = (
        select(
            Application.id,
            Application.status,
            Application.report,
            Application.group_name,
            Application.district_code,
            Application.complete,
            Application.return_reason,
            Application.created_at,
            Application.uploaded_district_code,
            Application.override_reason,
            Application.ocr_pages_done,
            Application.ocr_pages_total,
            Certificate.number,
        )
        .outerjoin(Certificate, Certificate.application_id == Application.id)
        .where(Application.id == app_id)
        .limit(1)
    )
    with ctx.reads() as session:
        row = session.execute(stmt).first()
    if row is None:
        raise WebError(404, MSG_NOT_FOUND)
    created = as_utc(row.created_at)
    group_name = row.group_name or ((row.report or {}).get("group") or {}).get("name", "")
    return json.dumps(
        {
            "id": row.id,
            "status": row.status,
            "report": row.report,
            "group_name": group_name,
            "district_code": row.district_code,
            "complete": row.complete,
            "return_reason": row.return_reason or None,
            "certificate_number": row.number,
            "created_at": created.isoformat() if created else None,
            "uploaded_district_code": row.uploaded_district_code,
            "override_reason": row.override_reason or None,
            "ocr_pages": _pages_json(
                ocr_pages(row.status, row.ocr_pages_done, row.ocr_pages_total)
            ),
        },
        ensure_ascii=False,
    ).encode("utf-8")


def _pages_json(pages: tuple[int, int] | None) -> dict[str, int] | None:
    return {"done": pages[0], "total": pages[1]} if pages else None


def list_views(ctx: WebContext, officer: Officer) -> list[ApplicationView]:
    from docgen.registry import store

    with ctx.reads() as session:
        if officer.role == "admin":
            apps = store.list_applications(session)
        elif officer.role == "province":
            apps = store.list_applications(session, province_code=officer.province_code or "--")
        else:
            apps = store.list_applications(session, district_code=officer.district_code or "----")
        names = _names(session, {a.decided_by or "" for a in apps})
        views = [_view(ctx, a, names) for a in apps]
        session.rollback()
    # Belt and braces: whatever the query returned, show only what this officer may read.
    return [v for v in views if officer.may_read(v.district_code)]


def officer_view(ctx: WebContext, officer: Officer, app_id: str) -> ApplicationView:
    view = get_view(ctx, app_id)
    require_read(officer, view.district_code)
    return view


def file_of(ctx: WebContext, officer: Officer, app_id: str, file_id: int) -> FileView:
    view = officer_view(ctx, officer, app_id)
    for f in view.files:
        if f.id == file_id:
            return f  # a file gone from the store: 404 when it is sent
    raise WebError(404, "ไม่พบไฟล์นี้ในคำขอ")


def page_image_of(ctx: WebContext, officer: Officer, app_id: str, name: str) -> str:
    """The storage key of a scanned page the application's report names (its
    `documents[].page_images`); 404 for any other name, so no other object can be asked for."""
    from docgen.storage import join_key

    view = officer_view(ctx, officer, app_id)
    for document in (view.report or {}).get("documents") or []:
        if name in (document.get("page_images") or []):
            return join_key("page-images", app_id, name)  # as the worker stored it
    raise WebError(404, "ไม่พบภาพหน้านี้ในคำขอ")


# ---------------------------------------------------------------------------
# Decisions
# ---------------------------------------------------------------------------

MSG_WRONG_STATE = "ทำรายการนี้ไม่ได้ในสถานะปัจจุบันของคำขอ"
MAX_REASON_CHARS = 4000  # a return reason may list every fix a group must make


def _act(
    ctx: WebContext,
    officer: Officer,
    app_id: str,
    action: str,
    reason: str = "",
    *,
    override_reason: str | None = None,
    district_code: str = "",
) -> ApplicationView:
    from docgen.model import DocgenError
    from docgen.registry import store
    from docgen.registry.db import transaction
    from docgen.registry.models import Account

    view = get_view(ctx, app_id)
    require_act(officer, view.district_code)
    try:
        with transaction(ctx.sessions) as session:
            account = session.get(Account, officer.id)
            if account is None:
                raise WebError(401, "บัญชีนี้ถูกปิดแล้ว")
            if action == "approve":
                store.approve(session, app_id, account, override_reason=override_reason)
            elif action == "return":
                store.return_application(session, app_id, account, reason)
            elif action == "certify":
                store.certify(session, app_id, account, override_reason=override_reason)
            elif action == "hand_over":
                store.hand_over(session, app_id, account, district_code, reason)
            else:  # pragma: no cover - programming error
                raise ValueError(action)
    except store.NeedsOverride as exc:
        raise NeedsOverrideError(exc.message_th) from exc
    except store.NotFound as exc:
        raise WebError(404, exc.message_th) from exc
    except store.NotAllowed as exc:
        raise WebError(403, exc.message_th) from exc
    except DocgenError as exc:
        raise WebError(409, exc.message_th) from exc
    forget_status(ctx, app_id)
    return get_view(ctx, app_id)


class NeedsOverrideError(WebError):
    """409: the check found errors and the decision carries no `override_reason`."""

    def __init__(self, message_th: str) -> None:
        super().__init__(409, message_th)


def approve(
    ctx: WebContext, officer: Officer, app_id: str, override_reason: str | None = None
) -> ApplicationView:
    return _act(ctx, officer, app_id, "approve", override_reason=override_reason)


def hand_over(
    ctx: WebContext, officer: Officer, app_id: str, district_code: str, reason: str = ""
) -> ApplicationView:
    """Give the application to another district's office (audited); the view as it is now."""
    if len(reason or "") > 2000:
        raise WebError(422, "เหตุผลยาวเกินไป (ไม่เกิน 2,000 ตัวอักษร)")
    return _act(ctx, officer, app_id, "hand_over", reason, district_code=district_code)


def return_application(
    ctx: WebContext, officer: Officer, app_id: str, reason: str
) -> ApplicationView:
    reason = (reason or "").strip()
    if not reason:
        raise WebError(422, "กรุณาระบุเหตุผลที่ส่งคืนคำขอ")
    if len(reason) > MAX_REASON_CHARS:
        raise WebError(
            422,
            f"เหตุผลยาว {len(reason):,} ตัวอักษร เกินที่รับได้ ({MAX_REASON_CHARS:,} ตัวอักษร) กรุณาตัดให้สั้นลง",
        )
    return _act(ctx, officer, app_id, "return", reason)


def certify(
    ctx: WebContext, officer: Officer, app_id: str, override_reason: str | None = None
) -> ApplicationView:
    return _act(ctx, officer, app_id, "certify", override_reason=override_reason)


# ---------------------------------------------------------------------------
# Documents made on request: certificate (DOCX, PDF), review memo
# ---------------------------------------------------------------------------


def _out_key(app_id: str, name: str) -> str:
    """Where an application's documents made on request are kept in the store."""
    from docgen.storage import join_key

    return join_key("outputs", "applications", app_id, name)


@contextmanager
def _scratch(ctx: WebContext) -> Iterator[Path]:
    """A private local folder for one request's work, removed afterwards."""
    path = ctx.work_dir / f"web-{secrets.token_hex(8)}"
    path.mkdir(parents=True, exist_ok=True)
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def office_fields_for(
    ctx: WebContext,
    district_code: str | None,
    signer_name: str = "",
    signer_position: str = "",
    *,
    scratch: Path,
) -> dict[str, str]:
    """The shared render fields of a district's office, from the registry's office profile;
    its emblem fetched from the store into `scratch` (the request's own folder) if need be."""
    from docgen.registry.office import office_fields
    from docgen.storage import local_file_of

    with ctx.reads() as session:
        fields = office_fields(
            session,
            district_code,
            local_file_of(ctx.storage, scratch / "office"),
            signer_name=signer_name,
            signer_position=signer_position,
        )
        session.rollback()
    return fields


def _signer(ctx: WebContext, username: str) -> tuple[str, str]:
    """The Thai name and position of the account that decided (never its login)."""
    from docgen.registry.accounts import get_account

    with ctx.reads() as session:
        account = get_account(session, username) if username else None
        found = (account.display_name or "", account.position or "") if account else ("", "")
        session.rollback()
    return found


def certificate_data(
    view: ApplicationView, officer_name: str, office: dict[str, str] | None = None
) -> dict[str, Any]:
    """The certificate template's data for a certified application, from its check report
    (and, with `office`, the issuing office and its signer from the registry)."""
    report = view.report or {}
    group = report.get("group") or {}
    issued = (view.certificate_issued_at or dt.datetime.now(dt.UTC)).date()
    office = office or {}
    return {
        **office,
        "certificate_no": view.certificate_number or "",
        "group_name": view.group_name or group.get("name", ""),
        "address": {
            "moo": group.get("moo") or "",
            "subdistrict": group.get("subdistrict") or "-",
            "district": group.get("district") or "-",
            "province": group.get("province") or "-",
        },
        "member_count": max(1, int(group.get("members") or 0)),
        # What the request form or bylaws state, never a row of the activity plan.
        "main_activity": str(group.get("main_activity") or "")[:300],
        "established": group.get("established") or None,
        "issue_date": issued.isoformat(),
        "officer_name": office.get("signer_name") or officer_name or "เกษตรอำเภอ",
    }


def certificate_file(ctx: WebContext, officer: Officer, app_id: str, fmt: str) -> tuple[str, str]:
    """The certificate as DOCX or PDF (made once, then kept in the store): its key, and the
    name to download it by."""
    view = officer_view(ctx, officer, app_id)
    if not view.certificate_number:
        raise WebError(409, "คำขอนี้ยังไม่ได้ออกใบรับรอง")
    safe_no = view.certificate_number.replace("/", "-")
    docx_key = _out_key(app_id, f"certificate-{safe_no}.docx")
    pdf_key = _out_key(app_id, f"certificate-{safe_no}.pdf")
    want = docx_key if fmt == "docx" else pdf_key
    if not ctx.storage.exists(want):
        with _scratch(ctx) as work:  # two officers at once: each its own folder, same result
            if ctx.storage.exists(docx_key):
                docx = ctx.storage.fetch(docx_key, work)
            else:
                from docgen.render.engine import render_docx

                docx = work / f"certificate-{safe_no}.docx"
                name, position = _signer(ctx, view.decided_by)
                name = name or officer.display_name
                office = office_fields_for(ctx, view.district_code, name, position, scratch=work)
                render_docx("certificate", certificate_data(view, name, office), docx)
                ctx.storage.put_file(docx_key, docx)
            if fmt == "pdf":
                from docgen.render.pdf import SofficeConverter

                pdf = work / f"certificate-{safe_no}.pdf"
                converter = SofficeConverter(
                    ctx.settings.soffice, timeout_s=ctx.settings.pdf_timeout_s
                )
                converter.convert(docx, pdf)
                ctx.storage.put_file(pdf_key, pdf, move=True)
    suffix = ".docx" if fmt == "docx" else ".pdf"
    return want, _with_group(f"ใบรับรอง-{safe_no}", view, suffix)


def _with_group(stem: str, view: ApplicationView, suffix: str) -> str:
    """`ใบรับรอง-12-2569-กลุ่มปลูกผัก.docx`: an office downloading many can tell them apart."""
    name = " ".join((view.group_name or "").split())[:80]
    return f"{stem}-{name}{suffix}" if name else f"{stem}{suffix}"


def memo_file(ctx: WebContext, officer: Officer, app_id: str) -> tuple[str, str]:
    """The review memo (บันทึกข้อความ) for one checked application, from its own files: its
    key in the store, and the name to download it by."""
    view = officer_view(ctx, officer, app_id)
    if view.report is None:
        raise WebError(409, "คำขอนี้ยังตรวจไม่เสร็จ จึงยังทำบันทึกเสนอไม่ได้")
    memo_key = _out_key(app_id, f"review-memo-{view.status}.docx")  # a decision changes it
    if not ctx.storage.exists(memo_key):
        from docgen.intake.convert import SofficeDocumentConverter
        from docgen.pipeline import check_bundle
        from docgen.render.memo import write_review_memo

        with _scratch(ctx) as work:
            paths = [ctx.storage.fetch(f.key, work / "files") for f in view.files]
            with SofficeDocumentConverter(
                ctx.settings.soffice, ctx.settings.pdf_timeout_s
            ) as converter:
                report = check_bundle(paths, work / "unpacked", converter=converter)
            memo = work / "review-memo.docx"
            # The memo is signed by a person: their name and position, never the login name.
            name, position = _signer(ctx, officer.username)
            extra: dict[str, Any] = dict(office_fields_for(ctx, view.district_code, scratch=work))
            if position:
                extra["officer_position"] = position
            if view.override_reason:
                extra["override_reason"] = view.override_reason
            write_review_memo(report, memo, officer=name or officer.display_name, extra=extra)
            ctx.storage.put_file(memo_key, memo, move=True)
    return memo_key, _with_group("บันทึกเสนอ", view, ".docx")


# ---------------------------------------------------------------------------
# Batch jobs
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class JobView:
    id: str
    kind: str
    status: str
    done: int
    total: int
    error: str
    district_code: str | None
    result_path: str | None  # store keys
    created_at: dt.datetime | None
    zip_path: str | None = None  # the DOCX certificates, zipped
    pdf_path: str | None = None  # one merged, print-ready PDF (when asked for)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "status": self.status,
            "done": self.done,
            "total": self.total,
            "error": self.error or None,
            "download": f"/api/jobs/{self.id}/download" if self.result_path else None,
            "download_zip": f"/api/jobs/{self.id}/download?format=zip" if self.zip_path else None,
            "download_pdf": f"/api/jobs/{self.id}/download?format=pdf" if self.pdf_path else None,
        }


class BatchRowsRefused(WebError):
    """The groups' file has bad rows: every one is listed at once, and no job is made."""

    def __init__(self, message_th: str, rows: list[str]) -> None:
        super().__init__(422, message_th)
        self.rows = rows


def check_batch_file(ctx: WebContext, officer: Officer, path: Path) -> int:
    """Read every row as the batch will (the same core function, the same rules), before any
    job exists: bad fields, the Department's rules, rows outside the officer's district, and
    given numbers the file repeats or the registry issued already. The number of rows."""
    from docgen.model import DocgenError, UnusableInput
    from docgen.registry.numbering import RegistryNumberer
    from docgen.render.batch import read_certificate_rows
    from docgen.thai.dates import today_in_thailand

    district = officer.district_code if officer.role != "admin" else None
    try:
        rows = read_certificate_rows(
            path,
            issue_date=today_in_thailand(),
            numberer=RegistryNumberer(ctx.sessions),  # reads only: nothing is taken here
            district_code=district,
            district_name=district_name(district),
        )
    except UnusableInput as exc:
        if exc.errors:
            raise BatchRowsRefused(
                f"ไฟล์นี้มี {len(exc.errors)} รายการที่ต้องแก้ไข ยังไม่ได้ออกใบรับรองและยังไม่ได้ใช้เลขที่ใด",
                list(exc.errors),
            ) from None
        raise BatchRowsRefused(exc.message_th, []) from None
    except DocgenError as exc:
        raise BatchRowsRefused(exc.message_th, []) from None
    return len(rows)


def district_name(code: str | None) -> str:
    """เมืองขอนแก่น for 4001 (DOPA's register), or "" for none."""
    if not code:
        return ""
    import geothai

    found = geothai.district(code)
    return found.name_th if found is not None else ""


def create_batch_job(ctx: WebContext, officer: Officer, input_key: str, pdf: bool) -> str:
    from docgen.registry import store
    from docgen.registry.db import transaction

    if not officer.can_act:
        raise WebError(403, "บัญชีระดับจังหวัดดูข้อมูลได้อย่างเดียว ไม่สามารถออกใบรับรองได้")
    params = {
        "input": input_key,
        "pdf": pdf,
        "district_code": officer.district_code,
        "officer_name": officer.display_name,
    }
    with transaction(ctx.sessions) as session:
        job = store.create_job(
            session,
            "batch_certificates",
            params,
            created_by=officer.username,
            district_code=officer.district_code,
        )
        job_id = str(job.id)
    dispatch_job(ctx, job_id, "batch_certificates")
    return job_id


def job_view(ctx: WebContext, officer: Officer, job_id: str) -> JobView:
    from docgen.registry import store

    with ctx.reads() as session:
        job = store.get_job(session, job_id)
        if job is None:
            raise WebError(404, "ไม่พบงานนี้")
        state = job.state or {}

        def key(value: Any) -> str | None:
            return str(value) if value else None

        view = JobView(
            id=job.id,
            kind=job.kind,
            status=job.status,
            done=job.progress_done or 0,
            total=job.progress_total or 0,
            error=job.error or "",
            district_code=job.district_code,
            result_path=key(job.result_path),
            created_at=job.created_at,
            zip_path=key(state.get("zip")),
            pdf_path=key(state.get("pdf")),
        )
        session.rollback()
    require_read(officer, view.district_code)
    return view


@dataclass(frozen=True)
class JobRow:
    """One certificate of a batch job as planned: its row in the file, group, place, number."""

    index: int
    row: int
    group_name: str
    place: str
    number: str
    member: str  # its file's name inside the job's ZIP

    @property
    def download_name(self) -> str:
        """`ใบรับรอง-12-2569-กลุ่มปลูกผัก.docx`: the group and its number, as an office files it."""
        name = " ".join(self.group_name.split())[:80]
        return f"ใบรับรอง-{self.number.replace('/', '-')}-{name}.docx"


def job_rows(ctx: WebContext, view: JobView) -> list[JobRow]:
    """Every certificate of a numbered batch, in the file's order (from the job's plan)."""
    from docgen.render.batch import Chunk

    if view.kind != "batch_certificates":
        return []
    rows: list[JobRow] = []
    plan = [k for k in ctx.storage.list(f"jobs/{view.id}/plan") if "/chunk-" in k]
    for key in plan:  # chunk-00000.json, chunk-00001.json ...: sorted is the file's order
        chunk = Chunk.from_json(json.loads(ctx.storage.get_bytes(key).decode("utf-8")))
        for r in chunk.rows:
            address = r.data.get("address") or {}
            place = " ".join(
                f"{label}{address[key]}"
                for key, label in (("subdistrict", "ต."), ("district", "อ."))
                if address.get(key)
            )
            rows.append(
                JobRow(
                    index=r.index,
                    row=r.row,
                    group_name=r.group_name,
                    place=place,
                    number=str(r.data.get("certificate_no") or ""),
                    member=r.file_name(chunk.width),
                )
            )
    return rows


def number_range(rows: list[JobRow]) -> tuple[str, str] | None:
    """The first and last certificate number of a batch (by year, then sequence)."""

    def order(number: str) -> tuple[int, int]:
        seq, _, year = number.partition("/")
        return (int(year), int(seq)) if seq.isdigit() and year.isdigit() else (0, 0)

    numbers = sorted((r.number for r in rows if r.number), key=order)
    return (numbers[0], numbers[-1]) if numbers else None


def job_download_stem(rows: list[JobRow]) -> str:
    """`ใบรับรอง-12-2569-ถึง-40-2569`: a batch's files named by its numbers."""
    span = number_range(rows)
    if span is None:
        return "ใบรับรอง"
    first, last = (n.replace("/", "-") for n in span)
    return f"ใบรับรอง-{first}" if first == last else f"ใบรับรอง-{first}-ถึง-{last}"


def job_certificate(
    ctx: WebContext, officer: Officer, job_id: str, index: int
) -> tuple[bytes, str]:
    """One certificate of a finished batch (DOCX bytes from the job's ZIP) and its name."""

    from docgen.storage import FileMissing, join_key

    view = job_view(ctx, officer, job_id)
    if view.status != "done" or view.zip_path is None:
        raise WebError(409, "งานนี้ยังไม่เสร็จ")
    found = next((r for r in job_rows(ctx, view) if r.index == index), None)
    if found is None:
        raise WebError(404, "ไม่พบใบรับรองลำดับนี้ในงาน")
    try:  # each certificate is kept beside the ZIP: no need to open the archive
        content = ctx.storage.get_bytes(join_key("jobs", view.id, "out", found.member))
    except FileMissing:
        raise WebError(404, "ไม่พบไฟล์ใบรับรองนี้ในผลงาน") from None
    return content, found.download_name
