"""Request dependencies: who is asking (officer by bearer token or session cookie), and may they."""

from __future__ import annotations

import re
from typing import Any

from fastapi import Request, Security
from fastapi.concurrency import run_in_threadpool
from fastapi.security import HTTPBearer

from docgen.web.app import LoginRequired, WebContext, WebError, ctx_of
from docgen.web.auth import SESSION_COOKIE, Officer, csrf_matches

PUBLIC_ID = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

MSG_SIGN_IN = "กรุณาเข้าสู่ระบบในฐานะเจ้าหน้าที่ก่อน"
MSG_OTHER_DISTRICT = "รายการนี้อยู่ในความรับผิดชอบของอำเภออื่น คุณไม่มีสิทธิ์เข้าถึง"
MSG_READ_ONLY = "บัญชีระดับจังหวัดดูข้อมูลได้อย่างเดียว ไม่สามารถดำเนินการกับคำขอได้"
MSG_CSRF = "แบบฟอร์มหมดอายุหรือไม่ถูกต้อง กรุณาโหลดหน้าใหม่แล้วลองอีกครั้ง"
MSG_NOT_FOUND = "ไม่พบคำขอนี้ กรุณาตรวจสอบลิงก์อีกครั้ง"


def load_officer(ctx: WebContext, account_id: Any) -> Officer | None:
    """The active account with this id, as an `Officer` (a short read; no transaction kept)."""
    from docgen.registry.models import Account

    with ctx.reads() as session:
        account = session.get(Account, account_id)
        session.rollback()  # end the read transaction at once (SQLite takes its lock at BEGIN)
        if account is None or not account.active:
            return None
        return Officer(
            id=account.id,
            username=account.username,
            role=account.role,
            district_code=account.district_code,
            province_code=account.province_code,
            display_name=account.display_name or "",
        )


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return None


async def identify(request: Request) -> tuple[Officer | None, str]:
    """The officer behind this request and how they proved it (`bearer`, `cookie` or ``)."""
    ctx = ctx_of(request)
    token = _bearer(request)
    if token is not None:
        uid = ctx.signer.read_token(token)
        officer = await run_in_threadpool(load_officer, ctx, uid) if uid is not None else None
        return officer, "bearer" if officer else ""
    session = ctx.signer.read_session(request.cookies.get(SESSION_COOKIE))
    if session is not None:
        uid, csrf = session
        officer = await run_in_threadpool(load_officer, ctx, uid)
        if officer is not None:
            return Officer(**{**officer.__dict__, "csrf": csrf}), "cookie"
    return None, ""


async def optional_officer(request: Request) -> Officer | None:
    """The signed-in officer if any (pages that anyone may see but officers see more of)."""
    officer, _ = await identify(request)
    request.state.officer = officer
    return officer


# Declared so that OpenAPI shows the bearer scheme (and /docs an Authorize button);
# the token itself is read and checked in `identify`.
bearer_scheme = HTTPBearer(auto_error=False, description="POST /api/token → access_token")


async def api_officer(request: Request, _declared: Any = Security(bearer_scheme)) -> Officer:
    """An officer for an API route: 401 without credentials; cookie-authenticated writes need CSRF."""
    officer, how = await identify(request)
    if officer is None:
        raise WebError(401, MSG_SIGN_IN, {"WWW-Authenticate": "Bearer"})
    if (
        how == "cookie"
        and request.method not in SAFE_METHODS
        and not csrf_matches(officer.csrf, request.headers.get("x-csrf-token"))
    ):
        raise WebError(403, MSG_CSRF)
    request.state.officer = officer
    return officer


async def page_officer(request: Request) -> Officer:
    """An officer for a page: the sign-in page otherwise. Pages use cookies only."""
    ctx = ctx_of(request)
    session = ctx.signer.read_session(request.cookies.get(SESSION_COOKIE))
    officer = None
    if session is not None:
        uid, csrf = session
        found = await run_in_threadpool(load_officer, ctx, uid)
        if found is not None:
            officer = Officer(**{**found.__dict__, "csrf": csrf})
    if officer is None:
        target = request.url.path if request.method == "GET" else "/officer"
        raise LoginRequired(target)
    request.state.officer = officer
    return officer


def check_csrf(officer: Officer, token: str | None) -> None:
    """A page form must carry the session's CSRF token."""
    if not csrf_matches(officer.csrf, token):
        raise WebError(403, MSG_CSRF)


def check_public_id(value: str) -> str:
    """An id in a link: 404 at once for anything that cannot be one of ours."""
    if not PUBLIC_ID.match(value):
        raise WebError(404, MSG_NOT_FOUND)
    return value


def require_read(officer: Officer, district_code: str | None) -> None:
    if not officer.may_read(district_code):
        raise WebError(403, MSG_OTHER_DISTRICT)


def require_act(officer: Officer, district_code: str | None) -> None:
    require_read(officer, district_code)
    if not officer.can_act:
        raise WebError(403, MSG_READ_ONLY)
