"""The JSON API: uploads and status for groups; token, lists, decisions and downloads for officers."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import (
    FileResponse,
    JSONResponse,
    RedirectResponse,
    Response,
    StreamingResponse,
)
from pydantic import BaseModel, Field
from sqlalchemy import text

from docgen.intake.door import DoorRefusal
from docgen.web import actions
from docgen.web.app import WebContext, WebError, ctx_of
from docgen.web.auth import Officer, hash_apart, hashing_slot, run_sign_in
from docgen.web.deps import api_officer, check_public_id
from docgen.web.uploads import (
    ReceivedUpload,
    UploadError,
    new_partial_dir,
    receive_upload,
    safe_filename,
)

router = APIRouter()

DISTRICT_CODE = re.compile(r"^\d{4}$")


def _disposition(filename: str) -> str:
    """`attachment; filename…` as Starlette's FileResponse writes it (RFC 6266 for Thai names)."""
    from urllib.parse import quote

    quoted = quote(filename)
    if quoted != filename:
        return f"attachment; filename*=utf-8''{quoted}"
    return f'attachment; filename="{filename}"'


def stored_attachment(
    ctx: WebContext, key: str, filename: str, media_type: str | None = None
) -> Response:
    """A file in the store sent as a download, streamed: never read whole into memory.

    The local folder: the file itself (sendfile, ranges). S3: the object streamed through a
    mebibyte at a time, or with DOCGEN_STORAGE_REDIRECT a presigned URL the browser follows.
    404 when the store has no such object.
    """
    from docgen.storage import FileMissing

    store = ctx.storage
    local = store.local_path(key)
    if local is not None:
        if not local.is_file():
            raise WebError(404, "ไม่พบไฟล์นี้ในที่เก็บ")
        return attachment(local, filename, media_type)
    name = safe_filename(filename)
    media_type = media_type or "application/octet-stream"
    size = store.size(key)
    if size is None:
        raise WebError(404, "ไม่พบไฟล์นี้ในที่เก็บ")
    if ctx.settings.storage_redirect:
        url = store.presigned_url(key, name, media_type)
        if url:
            return RedirectResponse(url, status_code=307, headers={"Cache-Control": "no-store"})

    def chunks() -> Iterator[bytes]:
        try:
            yield from store.iter_chunks(key)
        except FileMissing:  # deleted between the size and the read: end the body short
            return

    return StreamingResponse(
        chunks(),
        media_type=media_type,
        headers={
            "Content-Disposition": _disposition(name),
            "Content-Length": str(size),
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "private, no-store",
        },
    )


def attachment(path: Path, filename: str, media_type: str | None = None) -> FileResponse:
    """A file sent as a download, never shown inline (so an upload can never run as a page)."""
    return FileResponse(
        path,
        media_type=media_type or "application/octet-stream",
        filename=safe_filename(filename),
        content_disposition_type="attachment",
        headers={"X-Content-Type-Options": "nosniff", "Cache-Control": "private, no-store"},
    )


DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


async def accept_upload(request: Request) -> str:
    """Stream an upload to disk, store it, record it, queue its check; the new application's id.

    Nothing is acknowledged before every file is in the store (fsynced on disk, or its S3 PUT
    answered) and the row is committed; on any failure the files stored so far are removed
    and no row exists.
    """
    ctx = ctx_of(request)
    staging = new_partial_dir(ctx.uploads_dir)
    keys: list[str] = []
    try:
        upload = await receive_upload(
            request, staging, max_bytes=ctx.settings.max_upload_bytes, file_field="files"
        )
        if not upload.files:
            raise UploadError(400, "ไม่พบไฟล์ที่ส่งมา กรุณาเลือกไฟล์ ZIP หรือไฟล์เอกสารของกลุ่ม")
        district = (upload.fields.get("district") or "").strip() or None
        if district is not None and not DISTRICT_CODE.match(district):
            raise UploadError(422, "รหัสอำเภอต้องเป็นตัวเลข 4 หลัก")
        # One trip to a worker thread for the door, the store and the row (each trip waits for
        # a core on a busy machine): `keys` is filled as the files are stored.
        app_id = await run_in_threadpool(_take_upload, ctx, staging.name, upload, district, keys)
    except UploadError as exc:
        actions.forget_files(ctx, keys)
        raise WebError(exc.status, exc.message_th) from exc
    except BaseException:
        actions.forget_files(ctx, keys)
        raise
    finally:
        actions.remove_tree(staging)
    await run_in_threadpool(request.app.state.dispatch_check, ctx, app_id)
    return app_id


def _take_upload(
    ctx: WebContext, staging: str, upload: ReceivedUpload, district: str | None, keys: list[str]
) -> str:
    """Refuse what is plainly no bundle, store the files (their keys into `keys`), record the
    application; its id."""
    refusal = _door_refusal(upload)
    if refusal is not None:
        raise UploadError(refusal.status, refusal.message_th)
    keys.extend(actions.store_files(ctx, f"uploads/{staging}", upload.files))
    return actions.record_upload(ctx, keys, upload, district)


def _door_refusal(upload: ReceivedUpload) -> DoorRefusal | None:
    """The first file that is plainly no document (by its bytes), or an archive of nothing."""
    from docgen.intake.door import door_refusal

    for received in upload.files:
        refusal = door_refusal(received.path, received.name)
        if refusal is not None:
            return refusal
    return None


UPLOAD_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["files"],
                    "properties": {
                        "files": {"type": "array", "items": {"type": "string", "format": "binary"}},
                        "district": {"type": "string", "pattern": "^[0-9]{4}$"},
                    },
                }
            }
        },
    }
}
BATCH_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                        "file": {"type": "string", "format": "binary"},
                        "pdf": {"type": "string", "enum": ["0", "1"]},
                    },
                }
            }
        },
    }
}


@router.post(
    "/api/applications",
    status_code=202,
    openapi_extra=UPLOAD_BODY,
    tags=["groups"],
    summary="ส่งเอกสารคำขอ / upload a bundle",
    description="multipart field `files`: one ZIP or several files. Answers once they are stored.",
)
async def post_application(request: Request) -> JSONResponse:
    app_id = await accept_upload(request)
    url = str(request.url_for("application_page", app_id=app_id))
    return JSONResponse({"id": app_id, "url": url}, status_code=202)


@router.get(
    "/api/applications/{app_id}",
    tags=["groups"],
    summary="สถานะและผลการตรวจ / status and check report",
)
async def get_application(app_id: str, request: Request) -> Response:
    check_public_id(app_id)
    # Polled often: one query, serialised once, no ORM objects (see actions.status_json).
    ctx = ctx_of(request)
    body = actions.cached_status(ctx, app_id)
    if body is None:
        body = await run_in_threadpool(actions.status_json, ctx, app_id)
    return Response(body, media_type="application/json", headers={"Cache-Control": "no-store"})


@router.get(
    "/api/applications",
    tags=["officers"],
    summary="คำขอของอำเภอ / the district's applications",
)
async def list_applications(
    request: Request, officer: Officer = Depends(api_officer)
) -> dict[str, Any]:
    views = await run_in_threadpool(actions.list_views, ctx_of(request), officer)
    return {"applications": [v.list_json() for v in views], "count": len(views)}


class TokenRequest(BaseModel):
    username: str = Field(max_length=100)
    password: str = Field(max_length=200)


@router.post("/api/token", tags=["officers"], summary="ขอโทเค็น / get a bearer token")
async def token(request: Request) -> dict[str, Any]:
    """Username and password (JSON or form) → a signed bearer token valid for 12 hours."""
    content_type = request.headers.get("content-type", "")
    data: dict[str, Any]
    if content_type.startswith("application/json"):
        try:
            data = TokenRequest.model_validate(await request.json()).model_dump()
        except Exception as exc:
            raise WebError(422, "กรุณาระบุชื่อผู้ใช้และรหัสผ่าน") from exc
    else:
        form = await request.form(max_files=0, max_fields=10)
        data = {
            "username": str(form.get("username", "")),
            "password": str(form.get("password", "")),
        }
    ctx = ctx_of(request)
    account_id = await run_sign_in(
        ctx, authenticate, ctx, data["username"], data["password"], client_address(request)
    )
    if account_id is None:
        raise WebError(401, "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง", {"WWW-Authenticate": "Bearer"})
    return {"access_token": ctx.signer.api_token(account_id), "token_type": "bearer"}


MSG_THROTTLED = "ลองเข้าสู่ระบบผิดหลายครั้งเกินไป กรุณารอ 15 นาทีแล้วลองใหม่"


def authenticate(ctx: WebContext, username: str, password: str, address: str = "") -> Any | None:
    """The account id for a right username and password, else None (argon2; constant-ish time).

    Raises 429 after too many failures for this username or from this address. The attempt is
    counted before the password is hashed (a burst is cut off at the limit), and the hash runs
    outside any database transaction (a burst never holds the registry's write lock), on the
    low-priority hashing thread (`auth.hash_apart`). Callers run it with `auth.run_sign_in`.
    """
    from docgen.registry.accounts import get_account, needs_rehash, verify_password
    from docgen.registry.db import transaction

    if not username or not password or len(username) > 100 or len(password) > 200:
        return None
    token = ctx.throttle.attempt(username, address)
    if token is None:
        raise WebError(429, MSG_THROTTLED)
    with ctx.reads() as session:
        account = get_account(session, username)
        found = (account.id, account.password_hash) if account and account.active else None
    with hashing_slot(ctx.data_dir):  # a burst never takes every core from uploads and pages
        right = hash_apart(verify_password, found[1] if found else None, password)
    if not right or found is None:
        return None  # the attempt stays counted as a failure
    ctx.throttle.succeeded(username, address, token)
    if needs_rehash(found[1]):
        from docgen.registry.accounts import hash_password
        from docgen.registry.models import Account

        new_hash = hash_apart(hash_password, password)
        with transaction(ctx.sessions) as session:
            row = session.get(Account, found[0])
            if row is not None and row.password_hash == found[1]:
                row.password_hash = new_hash
    return found[0]


def client_address(request: Request) -> str:
    return request.client.host if request.client else ""


# ---------------------------------------------------------------------------
# Officer actions
# ---------------------------------------------------------------------------


class ReturnRequest(BaseModel):
    reason: str = Field(min_length=1, max_length=4000)


class DecisionRequest(BaseModel):
    """Approve or certify: `override_reason` is required when the check found errors."""

    override_reason: str | None = Field(None, max_length=4000)


class HandOverRequest(BaseModel):
    district_code: str = Field(pattern=r"^\d{4}$")
    reason: str = Field("", max_length=2000)


_DECISION_409: dict[int | str, dict[str, Any]] = {
    409: {"description": "ผลตรวจพบรายการที่ต้องแก้ไข: ต้องส่ง override_reason"}
}


_DECISION_BODY: dict[str, Any] = {
    "requestBody": {
        "required": False,
        "content": {"application/json": {"schema": DecisionRequest.model_json_schema()}},
    }
}


async def override_reason_of(request: Request) -> str | None:
    """`override_reason` from an optional JSON body (no body, or a body of another kind: none)."""
    raw = await request.body()
    if not raw.strip() or "json" not in request.headers.get("content-type", ""):
        return None
    try:
        body = DecisionRequest.model_validate_json(raw)
    except ValueError as exc:
        raise WebError(422, "override_reason ต้องเป็นข้อความไม่เกิน 4,000 ตัวอักษร") from exc
    return body.override_reason


async def _decide(
    action: Callable[..., Any], app_id: str, request: Request, officer: Officer
) -> dict[str, Any]:
    """Approve or certify: the same checks, an optional override reason, one registry action."""
    check_public_id(app_id)
    reason = await override_reason_of(request)
    view = await run_in_threadpool(action, ctx_of(request), officer, app_id, reason)
    return dict(view.to_json())


@router.post(
    "/api/applications/{app_id}/approve",
    tags=["officers"],
    summary="เห็นชอบ / approve",
    responses=_DECISION_409,
    openapi_extra=_DECISION_BODY,
)
async def api_approve(
    app_id: str, request: Request, officer: Officer = Depends(api_officer)
) -> dict[str, Any]:
    return await _decide(actions.approve, app_id, request, officer)


@router.post(
    "/api/applications/{app_id}/hand-over",
    tags=["officers"],
    summary="ส่งต่อให้อำเภออื่น / hand over to another district",
)
async def api_hand_over(
    app_id: str, body: HandOverRequest, request: Request, officer: Officer = Depends(api_officer)
) -> dict[str, Any]:
    check_public_id(app_id)
    view = await run_in_threadpool(
        actions.hand_over, ctx_of(request), officer, app_id, body.district_code, body.reason
    )
    return view.to_json()


@router.post(
    "/api/applications/{app_id}/return", tags=["officers"], summary="ส่งคืนพร้อมเหตุผล / return"
)
async def api_return(
    app_id: str, body: ReturnRequest, request: Request, officer: Officer = Depends(api_officer)
) -> dict[str, Any]:
    check_public_id(app_id)
    view = await run_in_threadpool(
        actions.return_application, ctx_of(request), officer, app_id, body.reason
    )
    return view.to_json()


@router.post(
    "/api/applications/{app_id}/certify",
    tags=["officers"],
    summary="ออกใบรับรอง / certify",
    responses=_DECISION_409,
    openapi_extra=_DECISION_BODY,
)
async def api_certify(
    app_id: str, request: Request, officer: Officer = Depends(api_officer)
) -> dict[str, Any]:
    return await _decide(actions.certify, app_id, request, officer)


@router.get(
    "/api/applications/{app_id}/certificate.{fmt}",
    tags=["officers"],
    summary="ดาวน์โหลดใบรับรอง / certificate (docx or pdf)",
)
async def api_certificate(
    app_id: str, fmt: str, request: Request, officer: Officer = Depends(api_officer)
) -> Response:
    check_public_id(app_id)
    if fmt not in ("docx", "pdf"):
        raise WebError(404, "รองรับเฉพาะ .docx และ .pdf")
    ctx = ctx_of(request)
    key, name = await run_in_threadpool(actions.certificate_file, ctx, officer, app_id, fmt)
    media = DOCX_TYPE if fmt == "docx" else "application/pdf"
    return await run_in_threadpool(stored_attachment, ctx, key, name, media)


@router.get(
    "/api/applications/{app_id}/memo.docx",
    tags=["officers"],
    summary="บันทึกเสนอ / review memo",
)
async def api_memo(
    app_id: str, request: Request, officer: Officer = Depends(api_officer)
) -> Response:
    check_public_id(app_id)
    ctx = ctx_of(request)
    key, name = await run_in_threadpool(actions.memo_file, ctx, officer, app_id)
    return await run_in_threadpool(stored_attachment, ctx, key, name, DOCX_TYPE)


@router.get(
    "/api/applications/{app_id}/files/{file_id}",
    tags=["officers"],
    summary="ดาวน์โหลดไฟล์ที่กลุ่มส่ง / an uploaded file (as attachment)",
)
async def api_file(
    app_id: str, file_id: int, request: Request, officer: Officer = Depends(api_officer)
) -> Response:
    check_public_id(app_id)
    ctx = ctx_of(request)
    f = await run_in_threadpool(actions.file_of, ctx, officer, app_id, file_id)
    return await run_in_threadpool(stored_attachment, ctx, f.key, f.name)


@router.get(
    "/api/applications/{app_id}/page-images/{name:path}",
    tags=["officers"],
    summary="ภาพหน้าเอกสารสแกนที่ระบบอ่าน / a scanned page image the check read",
)
async def api_page_image(
    app_id: str, name: str, request: Request, officer: Officer = Depends(api_officer)
) -> Response:
    check_public_id(app_id)
    ctx = ctx_of(request)
    key = await run_in_threadpool(actions.page_image_of, ctx, officer, app_id, name)
    filename = "หน้า-" + name.replace("/", "-")
    return await run_in_threadpool(stored_attachment, ctx, key, filename, "image/png")


# ---------------------------------------------------------------------------
# Batch jobs
# ---------------------------------------------------------------------------

BATCH_SUFFIXES = (".csv", ".xlsx")


async def accept_batch_input(
    request: Request,
    officer: Officer,
    check_fields: Callable[[dict[str, str]], None] | None = None,
) -> str:
    """Stream a CSV/XLSX of groups to disk and create a batch certificate job; the job's id.

    Every row is read and checked first (`actions.check_batch_file`): a file with bad rows
    raises `BatchRowsRefused` listing them all, and no job is made."""
    ctx = ctx_of(request)
    if not officer.can_act:
        raise WebError(403, "บัญชีระดับจังหวัดดูข้อมูลได้อย่างเดียว ไม่สามารถออกใบรับรองได้")
    jobs_dir = ctx.data_dir / "jobs-input"
    jobs_dir.mkdir(parents=True, exist_ok=True)
    staging = new_partial_dir(jobs_dir)
    keys: list[str] = []
    try:
        upload = await receive_upload(
            request,
            staging,
            max_bytes=ctx.settings.max_upload_bytes,
            file_field="file",
            max_files=1,
        )
        if not upload.files or not upload.files[0].name.lower().endswith(BATCH_SUFFIXES):
            raise UploadError(415, "กรุณาส่งไฟล์รายชื่อกลุ่มเป็น .csv หรือ .xlsx")
        if check_fields is not None:
            check_fields(upload.fields)  # e.g. the page's CSRF token, before anything is made
        # Every row read and checked once, before any job exists (the page lists them all).
        await run_in_threadpool(actions.check_batch_file, ctx, officer, upload.files[0].path)
        keys = await run_in_threadpool(
            actions.store_files, ctx, f"jobs-input/{staging.name}", upload.files
        )
        pdf = upload.fields.get("pdf", "") in ("1", "true", "on", "yes")
        job_id = await run_in_threadpool(actions.create_batch_job, ctx, officer, keys[0], pdf)
    except UploadError as exc:
        actions.forget_files(ctx, keys)
        raise WebError(exc.status, exc.message_th) from exc
    except BaseException:
        actions.forget_files(ctx, keys)
        raise
    finally:
        actions.remove_tree(staging)
    return job_id


@router.post(
    "/api/jobs",
    status_code=202,
    tags=["officers"],
    summary="งานออกใบรับรองชุด / batch",
    openapi_extra=BATCH_BODY,
)
async def api_create_job(request: Request, officer: Officer = Depends(api_officer)) -> JSONResponse:
    """multipart field `file` (CSV or XLSX of groups), optional `pdf=1`. A file with bad rows
    is 422 with `errors`, one Thai line per problem of every row, and no job."""
    try:
        job_id = await accept_batch_input(request, officer)
    except actions.BatchRowsRefused as exc:
        return JSONResponse({"detail": exc.message_th, "errors": exc.rows}, status_code=422)
    return JSONResponse({"id": job_id, "url": f"/api/jobs/{job_id}"}, status_code=202)


@router.get("/api/jobs/{job_id}", tags=["officers"], summary="ความคืบหน้า / job progress")
async def api_job(
    job_id: str, request: Request, officer: Officer = Depends(api_officer)
) -> dict[str, Any]:
    check_public_id(job_id)
    view = await run_in_threadpool(actions.job_view, ctx_of(request), officer, job_id)
    return view.to_json()


@router.get("/api/jobs/{job_id}/download", tags=["officers"], summary="ผลงานชุด / job result")
async def api_job_download(
    job_id: str, request: Request, format: str = "", officer: Officer = Depends(api_officer)
) -> Response:
    """The result: `format=zip` (DOCX certificates), `format=pdf` (merged), or the job's main one."""
    check_public_id(job_id)
    ctx = ctx_of(request)
    view = await run_in_threadpool(actions.job_view, ctx, officer, job_id)
    if view.status != "done":
        raise WebError(409, "งานนี้ยังไม่เสร็จ")
    chosen = {"zip": view.zip_path, "pdf": view.pdf_path, "": view.result_path}.get(format)
    if chosen is None:
        raise WebError(404, "ไม่มีผลลัพธ์ในรูปแบบนี้")
    suffix = PurePosixPath(chosen).suffix
    media = "application/pdf" if suffix == ".pdf" else "application/zip"
    rows = await run_in_threadpool(actions.job_rows, ctx, view)
    # Named by its numbers (ใบรับรอง-12-2569-ถึง-40-2569.pdf), in RFC 5987 form for Thai.
    name = f"{actions.job_download_stem(rows)}{suffix}"
    return await run_in_threadpool(stored_attachment, ctx, chosen, name, media)


@router.get(
    "/api/jobs/{job_id}/certificates/{index}.docx",
    tags=["officers"],
    summary="ใบรับรองหนึ่งใบจากงานชุด / one certificate of a batch",
)
async def api_job_certificate(
    job_id: str, index: int, request: Request, officer: Officer = Depends(api_officer)
) -> Response:
    """One row's certificate, named by the group and its number."""
    from urllib.parse import quote

    check_public_id(job_id)
    content, name = await run_in_threadpool(
        actions.job_certificate, ctx_of(request), officer, job_id, index
    )
    return Response(
        content,
        media_type=DOCX_TYPE,
        headers={
            "Content-Disposition": f"attachment; filename*=utf-8''{quote(safe_filename(name))}",
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "private, no-store",
        },
    )


# ---------------------------------------------------------------------------
# Health
# ---------------------------------------------------------------------------


def _database_ok(ctx: WebContext) -> bool:
    try:
        with ctx.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        return True
    except Exception:
        return False


def _queue_ok(ctx: WebContext) -> bool:
    """Does the broker answer? (Redis, or the embedded SQLite queue.)"""
    try:
        from kombu import Connection

        from workers.app import broker_url

        with Connection(broker_url(ctx.settings), connect_timeout=2) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
            # A real round trip: the embedded transport opens its database only on use.
            conn.default_channel  # noqa: B018
        return True
    except Exception:
        return False


def _health(ctx: WebContext, queue_check: Callable[[WebContext], bool]) -> tuple[bool, bool, bool]:
    """Database, queue and store, in one trip to a worker thread."""
    return _database_ok(ctx), queue_check(ctx), ctx.storage.health()


@router.get("/healthz", tags=["service"], summary="สถานะระบบ / health")
async def healthz(request: Request) -> JSONResponse:
    ctx = ctx_of(request)
    database, queue, storage = await run_in_threadpool(_health, ctx, request.app.state.queue_check)
    ok = database and queue and storage
    return JSONResponse(
        {
            "status": "ok" if ok else "unavailable",
            "app": True,
            "database": database,
            "queue": queue,
            "storage": storage,
        },
        status_code=200 if ok else 503,
    )
