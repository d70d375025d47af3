"""Pages for the office profile (header, signer, emblem on every document) and one's own name."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response

from docgen.web.app import WebContext, WebError, ctx_of
from docgen.web.auth import Officer
from docgen.web.deps import MSG_READ_ONLY, check_csrf, page_officer
from docgen.web.forms import read_form

router = APIRouter(include_in_schema=False)

MSG_NOT_YOURS = "แก้ไขข้อมูลสำนักงานได้เฉพาะเจ้าหน้าที่ของอำเภอนั้นหรือผู้ดูแลระบบ"
PROFILE_FIELDS = ("office_name", "address", "phone", "signer_name", "signer_position")


def _district_for(officer: Officer, wanted: str | None) -> str:
    """The district whose office this account may set: its own, or (an admin) any."""
    if officer.role == "admin":
        code = (wanted or "").strip()
        if not (len(code) == 4 and code.isdigit()):
            raise WebError(422, "โปรดเลือกอำเภอ (รหัส 4 หลัก)")
        return code
    if officer.role == "officer" and officer.district_code:
        if wanted and wanted != officer.district_code:
            raise WebError(403, MSG_NOT_YOURS)
        return officer.district_code
    if officer.role == "province":
        raise WebError(403, MSG_READ_ONLY)
    raise WebError(403, MSG_NOT_YOURS)


def emblem_data_uri(ctx: WebContext, relative: str) -> str:  # relative: the emblem's key
    """The office's emblem inline (data: URI) for its page; "" when it has none."""
    import base64

    from docgen.storage import FileMissing

    if not relative:
        return ""
    try:
        data = ctx.storage.get_bytes(relative)  # its key in the store (at most 2 MB)
    except FileMissing:
        return ""
    media = "image/png" if relative.endswith(".png") else "image/jpeg"
    return f"data:{media};base64," + base64.b64encode(data).decode("ascii")


def _profile(ctx: WebContext, district: str) -> Any:
    from docgen.registry.office import office_profile

    with ctx.reads() as session:
        profile = office_profile(session, district)
        session.rollback()
    return profile


def _save(
    ctx: WebContext, officer: Officer, district: str, fields: dict[str, str], emblem: bytes | None
) -> None:
    from docgen.registry import store
    from docgen.registry.db import transaction
    from docgen.registry.office import set_office_profile, store_emblem

    emblem_path = store_emblem(ctx.storage, district, emblem) if emblem else None
    with transaction(ctx.sessions) as session:
        set_office_profile(session, district, emblem_path=emblem_path, **fields)
        store.audit(session, officer.username, "office_set", "office", district)


async def _office_form(request: Request) -> tuple[dict[str, str], bytes | None]:
    """The office form: its text boxes and the emblem's bytes (None when no file was chosen)."""
    from docgen.registry.office import MAX_EMBLEM_BYTES

    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_EMBLEM_BYTES + 256 * 1024:
        raise WebError(413, "ไฟล์ตราสัญลักษณ์ใหญ่เกินไป (ไม่เกิน 2 MB)")
    form = await request.form(max_files=1, max_fields=20, max_part_size=64 * 1024)
    fields = {k: v for k, v in form.items() if isinstance(v, str)}
    upload = form.get("emblem")
    data: bytes | None = None
    if upload is not None and not isinstance(upload, str):
        data = await upload.read(MAX_EMBLEM_BYTES + 1) or None
    return fields, data


@router.get("/officer/office")
async def office_page(
    request: Request, officer: Officer = Depends(page_officer), district: str = "", done: str = ""
) -> Response:
    ctx = ctx_of(request)
    code = _district_for(officer, district or officer.district_code or "4001")
    profile = await run_in_threadpool(_profile, ctx, code)
    return ctx.render(
        request,
        "office.html",
        profile=profile,
        values={f: getattr(profile, f) for f in PROFILE_FIELDS},
        emblem=emblem_data_uri(ctx, profile.emblem_path),
        errors=[],
        saved=done == "1",
    )


@router.post("/officer/office")
async def office_submit(request: Request, officer: Officer = Depends(page_officer)) -> Response:
    from docgen.model import UnusableInput

    ctx = ctx_of(request)
    fields, emblem = await _office_form(request)
    check_csrf(officer, fields.get("csrf"))
    code = _district_for(officer, fields.get("district_code") or officer.district_code)
    values = {f: fields.get(f, "") for f in PROFILE_FIELDS}
    try:
        await run_in_threadpool(_save, ctx, officer, code, values, emblem)
    except UnusableInput as exc:
        profile = await run_in_threadpool(_profile, ctx, code)
        return ctx.render(
            request,
            "office.html",
            status_code=422,
            profile=profile,
            values=values,
            emblem=emblem_data_uri(ctx, profile.emblem_path),
            errors=exc.errors or [exc.message_th],
            saved=False,
        )
    return RedirectResponse(f"/officer/office?district={code}&done=1", status_code=303)


# ---------------------------------------------------------------------------
# One's own name and position
# ---------------------------------------------------------------------------


def _account(ctx: WebContext, officer: Officer) -> tuple[str, str]:
    from docgen.registry.models import Account

    with ctx.reads() as session:
        account = session.get(Account, officer.id)
        found = (account.display_name, account.position) if account else ("", "")
        session.rollback()
    return found


def _save_account(ctx: WebContext, officer: Officer, name: str, position: str) -> None:
    from docgen.registry import store
    from docgen.registry.db import transaction
    from docgen.registry.models import Account
    from docgen.registry.office import set_account_profile

    with transaction(ctx.sessions) as session:
        account = session.get(Account, officer.id)
        if account is None:
            raise WebError(401, "บัญชีนี้ถูกปิดแล้ว")
        set_account_profile(session, account, name=name, position=position)
        store.audit(session, account, "profile_set", "account", account.username)


@router.get("/officer/profile")
async def profile_page(
    request: Request, officer: Officer = Depends(page_officer), done: str = ""
) -> Response:
    ctx = ctx_of(request)
    name, position = await run_in_threadpool(_account, ctx, officer)
    return ctx.render(
        request,
        "profile.html",
        person_name=name,
        position=position,
        errors=[],
        saved=done == "1",
    )


@router.post("/officer/profile")
async def profile_submit(request: Request, officer: Officer = Depends(page_officer)) -> Response:
    from docgen.model import UnusableInput

    ctx = ctx_of(request)
    form = await read_form(request)
    check_csrf(officer, form.get("csrf"))
    name, position = form.get("name", ""), form.get("position", "")
    try:
        await run_in_threadpool(_save_account, ctx, officer, name, position)
    except UnusableInput as exc:
        return ctx.render(
            request,
            "profile.html",
            status_code=422,
            person_name=name,
            position=position,
            errors=exc.errors or [exc.message_th],
            saved=False,
        )
    return RedirectResponse("/officer/profile?done=1", status_code=303)
