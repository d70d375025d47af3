"""Pages for officers: sign in and out, the district's applications, decisions, batch certificates."""

from __future__ import annotations

import secrets
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response

from docgen.web import actions
from docgen.web.api import accept_batch_input, authenticate, client_address
from docgen.web.app import WebError, ctx_of
from docgen.web.auth import (
    LOGIN_CSRF_COOKIE,
    SESSION_COOKIE,
    SESSION_MAX_AGE_S,
    Officer,
    csrf_matches,
    run_sign_in,
)
from docgen.web.deps import (
    check_csrf,
    check_public_id,
    optional_officer,
    page_officer,
    require_act,
)
from docgen.web.forms import read_form, too_long

router = APIRouter(include_in_schema=False)


def _secure(request: Request) -> bool:
    return request.url.scheme == "https"


def _safe_next(target: str | None) -> str:
    """Only a path on this site (never `//evil` or `https://evil`) after sign-in."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/officer"


async def _form(request: Request) -> dict[str, str]:
    return await read_form(request, max_fields=20)


MAX_USERNAME_CHARS = 100  # as the registry's accounts and the token API allow
MAX_PASSWORD_CHARS = 200


@router.get("/login")
async def login_page(
    request: Request, next: str = "/officer", officer: Officer | None = Depends(optional_officer)
) -> Response:
    ctx = ctx_of(request)
    token = request.cookies.get(LOGIN_CSRF_COOKIE) or secrets.token_urlsafe(24)
    response = ctx.render(
        request, "login.html", next=_safe_next(next), csrf=token, error="", field_errors={}
    )
    response.set_cookie(
        LOGIN_CSRF_COOKIE,
        token,
        httponly=True,
        samesite="lax",
        secure=_secure(request),
        path="/login",
    )
    return response


@router.post("/login")
async def login_submit(request: Request) -> Response:
    ctx = ctx_of(request)
    form = await _form(request)
    expected = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not csrf_matches(expected, form.get("csrf")):
        raise WebError(403, "แบบฟอร์มหมดอายุ กรุณาโหลดหน้าเข้าสู่ระบบใหม่แล้วลองอีกครั้ง")
    username = form.get("username", "").strip()
    field_errors = {
        name: message
        for name, message in (
            ("username", too_long(username, MAX_USERNAME_CHARS, "ชื่อผู้ใช้")),
            ("password", too_long(form.get("password", ""), MAX_PASSWORD_CHARS, "รหัสผ่าน")),
        )
        if message
    }
    if field_errors:
        # No account has such a name: say so beside the box, keep what was typed.
        return ctx.render(
            request,
            "login.html",
            status_code=422,
            next=_safe_next(form.get("next")),
            csrf=expected,
            error="",
            field_errors=field_errors,
            username=username,
        )
    account_id = await run_sign_in(
        ctx, authenticate, ctx, username, form.get("password", ""), client_address(request)
    )
    if account_id is None:
        return ctx.render(
            request,
            "login.html",
            status_code=401,
            next=_safe_next(form.get("next")),
            csrf=expected,
            error="ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง",
            field_errors={},
            username=username,
        )
    response = RedirectResponse(_safe_next(form.get("next")), status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        ctx.signer.session_value(account_id),
        max_age=SESSION_MAX_AGE_S,
        httponly=True,
        samesite="lax",
        secure=_secure(request),
        path="/",
    )
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/login")
    return response


@router.post("/logout")
async def logout(request: Request, officer: Officer = Depends(page_officer)) -> Response:
    form = await _form(request)
    check_csrf(officer, form.get("csrf"))
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax")
    return response


# The list's status filter, in the order an office works through its applications.
SORT_CHOICES = (
    ("newest", "ยื่นล่าสุดก่อน"),
    ("oldest", "รอนานที่สุดก่อน"),
    ("name", "ชื่อกลุ่ม ก-ฮ"),
)
STATUS_FILTERS = ("checked", "returned", "approved", "certified", "received", "checking", "failed")


@router.get("/officer")
async def officer_home(
    request: Request,
    officer: Officer = Depends(page_officer),
    status: str = "",
    q: str = "",
    sort: str = "newest",
    done: str = "",
) -> Response:
    """The district's applications; `status` keeps one status, `q` a part of the group's name,
    `sort` puts the newest, the longest waiting (oldest) or the groups by name first."""
    ctx = ctx_of(request)
    views = await run_in_threadpool(actions.list_views, ctx, officer)
    counts = {s: sum(1 for v in views if v.status == s) for s in STATUS_FILTERS}
    status = status if status in STATUS_FILTERS else ""
    query = " ".join(q.split())[:100]
    shown = [
        v
        for v in views
        if (not status or v.status == status)
        and (not query or query.casefold() in (v.group_name or "").casefold())
    ]
    if sort == "oldest":
        shown.reverse()  # the registry lists newest first
    elif sort == "name":
        from docgen.web.views import thai_sort_key

        shown.sort(key=lambda v: thai_sort_key(v.group_name or "\uffff"))
    else:
        sort = "newest"
    return ctx.render(
        request,
        "officer_list.html",
        apps=shown,
        sort=sort,
        sort_choices=SORT_CHOICES,
        total=len(views),
        counts=counts,
        status_filters=STATUS_FILTERS,
        status=status,
        q=query,
        done_message=DONE_MESSAGES.get(done, ""),
    )


# What an officer's decision did, said on the application page after it (`?done=...`).
DONE_MESSAGES = {
    "approve": "เห็นชอบคำขอแล้ว ขั้นต่อไป: ออกใบรับรอง",
    "certify": "ออกใบรับรองแล้ว ดาวน์โหลดใบรับรองได้ด้านล่าง",
    "return": "ส่งคืนให้กลุ่มแก้ไขแล้ว กลุ่มจะเห็นเหตุผลที่ลิงก์ของกลุ่ม",
    "hand_over": "ส่งต่อคำขอให้อำเภอที่เลือกแล้ว",
}
# The confirmation step: what the officer is about to do, in words.
CONFIRM_TEXT = {
    "approve": ("ยืนยันการเห็นชอบ", "เห็นชอบคำขอนี้ เพื่อออกใบรับรองในขั้นต่อไป", "ยืนยันเห็นชอบ"),
    "certify": (
        "ยืนยันการออกใบรับรอง",
        "ออกใบรับรองพร้อมเลขที่ใบรับรองของอำเภอ เลขที่ออกแล้วยกเลิกไม่ได้",
        "ยืนยันออกใบรับรอง",
    ),
    "return": ("ยืนยันการส่งคืน", "ส่งคืนคำขอให้กลุ่มแก้ไข พร้อมเหตุผลด้านล่าง", "ยืนยันส่งคืน"),
    "hand_over": (
        "ยืนยันการส่งต่อ",
        "ส่งคำขอนี้ไปให้สำนักงานเกษตรอำเภออื่นพิจารณา บัญชีนี้จะไม่เห็นคำขอนี้อีก",
        "ยืนยันส่งต่อ",
    ),
}


@router.get("/officer/applications/{app_id}")
async def officer_application(
    app_id: str, request: Request, officer: Officer = Depends(page_officer), done: str = ""
) -> Response:
    check_public_id(app_id)
    return await _application_page(
        request, officer, app_id, done_message=DONE_MESSAGES.get(done, "")
    )


async def _application_page(
    request: Request,
    officer: Officer,
    app_id: str,
    *,
    status_code: int = 200,
    action_error: str = "",
    reason: str = "",
    done_message: str = "",
) -> Response:
    """One application beside its findings; after a refused decision, the reason beside the
    form it came from (and what was typed), not a bare error page."""
    ctx = ctx_of(request)
    view = await run_in_threadpool(actions.officer_view, ctx, officer, app_id)
    report = view.report or {}
    documents = report.get("documents") or []
    by_part, general = findings_by_part(documents, report.get("findings") or [])
    return ctx.render(
        request,
        "officer_application.html",
        app=view,
        report=view.report,
        documents=documents,
        findings_by_part=by_part,
        rows_by_part=rows_by_part(documents, report),
        general_findings=general,
        may_act=officer.may_act(view.district_code),
        action_error=action_error,
        reason=reason,
        status_code=status_code,
        done_message=done_message,
        handover_choices=_handover_choices(view.district_code),
    )


def _handover_choices(district_code: str | None) -> list[tuple[str, str]]:
    """Districts of the same province first (the usual hand-over), then the rest by code."""
    import geothai

    from docgen.web.views import district_name

    province = (district_code or "")[:2]
    codes = [
        d.code
        for p in geothai.provinces()
        for d in geothai.districts(p.code)
        if d.code != district_code
    ]
    codes.sort(key=lambda c: (c[:2] != province, c))
    return [(c, district_name(c)) for c in codes]


def _confirm_page(
    request: Request,
    officer: Officer,
    view: actions.ApplicationView,
    action: str,
    form: dict[str, str],
    *,
    error: str = "",
    status_code: int = 200,
) -> Response:
    title, what, button = CONFIRM_TEXT[action]
    target = form.get("district_code", "")
    return ctx_of(request).render(
        request,
        "officer_confirm.html",
        status_code=status_code,
        app=view,
        action=action,
        action_path="hand-over" if action == "hand_over" else action,
        title=title,
        what=what,
        button=button,
        needs_override=action in ("approve", "certify") and view.errors > 0,
        override_reason=form.get("override_reason", "")[:4000],
        reason=form.get("reason", "")[:4000],
        district_code=target,
        error=error,
    )


async def _decide(request: Request, officer: Officer, app_id: str, action: str) -> Response:
    """Every decision is asked twice: the first post shows what will happen (with the override
    reason box when the check found errors), the second (`confirm=1`) does it. Works without
    JavaScript; afterwards the application page says what happened."""
    check_public_id(app_id)
    form = await _form(request)
    check_csrf(officer, form.get("csrf"))
    ctx = ctx_of(request)
    view = await run_in_threadpool(actions.officer_view, ctx, officer, app_id)
    require_act(officer, view.district_code)
    reason = form.get("reason", "")
    override = form.get("override_reason", "").strip()
    too_long_reason = too_long(reason.strip(), actions.MAX_REASON_CHARS, "เหตุผล")
    if action == "return" and (not reason.strip() or too_long_reason):
        # Back to the reason box, with every word typed in it and the reason beside it.
        return await _application_page(
            request,
            officer,
            app_id,
            status_code=422,
            action_error=too_long_reason or "กรุณาระบุเหตุผลที่ส่งคืนคำขอ",
            reason=reason,
        )
    if action == "hand_over" and not form.get("district_code"):
        return _confirm_page(
            request, officer, view, action, form, error="โปรดเลือกอำเภอที่จะส่งต่อ", status_code=422
        )
    if form.get("confirm") != "1":
        return _confirm_page(request, officer, view, action, form)
    try:
        if action == "approve":
            await run_in_threadpool(actions.approve, ctx, officer, app_id, override or None)
        elif action == "certify":
            await run_in_threadpool(actions.certify, ctx, officer, app_id, override or None)
        elif action == "hand_over":
            await run_in_threadpool(
                actions.hand_over, ctx, officer, app_id, form.get("district_code", ""), reason
            )
            return RedirectResponse("/officer?done=hand_over", status_code=303)
        else:
            await run_in_threadpool(actions.return_application, ctx, officer, app_id, reason)
    except actions.NeedsOverrideError as exc:
        return _confirm_page(
            request, officer, view, action, form, error=exc.message_th, status_code=409
        )
    except WebError as exc:
        if exc.status not in (409, 422):
            raise
        return _confirm_page(
            request, officer, view, action, form, error=exc.message_th, status_code=exc.status
        )
    return RedirectResponse(f"/officer/applications/{app_id}?done={action}", status_code=303)


@router.post("/officer/applications/{app_id}/approve")
async def page_approve(
    app_id: str, request: Request, officer: Officer = Depends(page_officer)
) -> Response:
    return await _decide(request, officer, app_id, "approve")


@router.post("/officer/applications/{app_id}/return")
async def page_return(
    app_id: str, request: Request, officer: Officer = Depends(page_officer)
) -> Response:
    return await _decide(request, officer, app_id, "return")


@router.post("/officer/applications/{app_id}/certify")
async def page_certify(
    app_id: str, request: Request, officer: Officer = Depends(page_officer)
) -> Response:
    return await _decide(request, officer, app_id, "certify")


@router.post("/officer/applications/{app_id}/hand-over")
async def page_hand_over(
    app_id: str, request: Request, officer: Officer = Depends(page_officer)
) -> Response:
    return await _decide(request, officer, app_id, "hand_over")


# ---------------------------------------------------------------------------
# Batch certificates
# ---------------------------------------------------------------------------


@router.get("/officer/batch")
async def batch_page(request: Request, officer: Officer = Depends(page_officer)) -> Response:
    ctx = ctx_of(request)
    return ctx.render(request, "batch.html", may_act=officer.can_act)


# The columns of CONTRACT.md's batch input, in its order, with one example row to copy.
BATCH_TEMPLATE_ROWS = (
    (
        "ชื่อกลุ่ม",
        "เลขที่",
        "หมู่ที่",
        "ตำบล",
        "อำเภอ",
        "จังหวัด",
        "จำนวนสมาชิก",
        "ประธาน",
        "วันที่จัดตั้ง",
        "กิจกรรมหลัก",
        "เลขที่ใบรับรอง",
    ),
    (
        "กลุ่มปลูกผักปลอดภัยบ้านโนนทอง",
        "12",
        "3",
        "ท่าพระ",
        "เมืองขอนแก่น",
        "ขอนแก่น",
        "15",
        "นายสมชาย ใจดี",
        "15 ตุลาคม 2569",
        "ปลูกผักปลอดภัย",
        "",
    ),
)


def batch_template_csv() -> bytes:
    """The batch input as a CSV that Excel opens with Thai intact (UTF-8 with BOM)."""
    import csv
    import io

    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(BATCH_TEMPLATE_ROWS)
    return out.getvalue().encode("utf-8-sig")


@router.get("/officer/batch/template.csv")
async def batch_template(officer: Officer = Depends(page_officer)) -> Response:
    from urllib.parse import quote

    return Response(
        batch_template_csv(),
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": "attachment; filename*=utf-8''"
            + quote("ตัวอย่างรายชื่อกลุ่มออกใบรับรอง.csv"),
            "Cache-Control": "private, no-store",
        },
    )


@router.post("/officer/batch")
async def batch_submit(request: Request, officer: Officer = Depends(page_officer)) -> Response:
    ctx = ctx_of(request)
    try:
        job_id = await accept_batch_input(
            request,
            officer,
            lambda fields: check_csrf(officer, fields.get("csrf")),
        )
    except actions.BatchRowsRefused as exc:
        return ctx.render(
            request,
            "batch.html",
            status_code=422,
            may_act=officer.can_act,
            error=exc.message_th,
            bad_rows=exc.rows,
        )
    except WebError as exc:
        if exc.status not in (400, 413, 415):
            raise
        return ctx.render(
            request,
            "batch.html",
            status_code=exc.status,
            may_act=officer.can_act,
            error=exc.message_th,
        )
    return RedirectResponse(f"/officer/jobs/{job_id}", status_code=303)


@router.get("/officer/jobs/{job_id}")
async def job_page(
    job_id: str, request: Request, officer: Officer = Depends(page_officer)
) -> Response:
    check_public_id(job_id)
    ctx = ctx_of(request)
    view = await run_in_threadpool(actions.job_view, ctx, officer, job_id)
    rows = await run_in_threadpool(actions.job_rows, ctx, view) if view.status == "done" else []
    return ctx.render(
        request,
        "job.html",
        job=view,
        done=view.status in ("done", "failed"),
        rows=rows[:JOB_ROWS_SHOWN],
        row_total=len(rows),
        span=actions.number_range(rows),
    )


JOB_ROWS_SHOWN = 1000  # a page stays light; the ZIP and the PDF hold every certificate


# The document a finding is about, when one file holds several (an all-in-one workbook, DOCX
# or PDF): its part is the one of that kind.
_CODE_KIND = {
    "INVALID_NATIONAL_ID": "member_roster",
    "DUPLICATE_MEMBER": "member_roster",
    "MEMBER_OUTSIDE_AREA": "member_roster",
    "TOO_FEW_MEMBERS": "member_roster",
    "COMMITTEE_NOT_MEMBER": "committee_list",
    "COMMITTEE_TOO_SMALL": "committee_list",
    "COMMITTEE_ROLE_MISSING": "committee_list",
    "BYLAWS_TOPIC_MISSING": "bylaws",
    "ACTIVITY_PLAN_EMPTY": "activity_plan",
    "MEMBER_COUNT_MISMATCH": "request_form",
    "GROUP_NAME_PREFIX": "request_form",
}


# The rows a reader took from a document, by its kind: shown beside its page images when the
# text came from OCR, so the officer compares each row with the paper it was read from.
_ROWS_OF_KIND = {"member_roster": "members", "committee_list": "committee"}


def rows_by_part(
    documents: list[dict[str, Any]], report: dict[str, Any]
) -> list[list[dict[str, Any]]]:
    """For each document of `documents` read by OCR, the members or committee rows the report
    took from its file(s); empty for the others (their rows are in the report below)."""
    out: list[list[dict[str, Any]]] = []
    for d in documents:
        key = _ROWS_OF_KIND.get(str(d.get("kind")))
        files = d.get("files") or [d.get("file")]
        rows = (report.get(key) or []) if key and d.get("ocr") else []
        out.append([r for r in rows if r.get("file") in files])
    return out


def findings_by_part(
    documents: list[dict[str, Any]], findings: list[dict[str, Any]]
) -> tuple[list[list[dict[str, Any]]], list[dict[str, Any]]]:
    """Each finding beside the one document (of `documents`, the report's entries) it is
    about, and those about no document there. A file listed once per part shows a finding
    once: under the part whose sheet its `where` names (of its kind, when two share a sheet),
    else the part of its kind, else the file's first part."""
    by_part: list[list[dict[str, Any]]] = [[] for _ in documents]
    general: list[dict[str, Any]] = []
    for finding in findings:
        mine = [
            i
            for i, d in enumerate(documents)
            if finding.get("file") in (d.get("files") or [d.get("file")])
        ]
        if not mine:
            general.append(finding)
            continue
        where = str(finding.get("where") or "")
        kind = finding.get("document") or _CODE_KIND.get(str(finding.get("code")))
        on_sheet = [
            i
            for i in mine
            if any(where.startswith(f"แผ่นงาน {s} ") for s in documents[i].get("sheets") or ())
        ]
        of_kind = [i for i in mine if documents[i].get("kind") == kind]
        both = [i for i in on_sheet if i in of_kind]
        by_part[(both or on_sheet or of_kind or mine)[0]].append(finding)
    return by_part, general
