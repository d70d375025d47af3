"""Pages for groups: home, upload, an application's own link, blank forms and the bylaws form."""

from __future__ import annotations

import secrets
import tempfile
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response
from starlette.background import BackgroundTask

from docgen.web import actions
from docgen.web.api import DOCX_TYPE, accept_upload, attachment
from docgen.web.app import WebError, ctx_of
from docgen.web.auth import Officer
from docgen.web.deps import check_public_id, optional_officer
from docgen.web.forms import MAX_TEXT_CHARS, read_form, too_long

router = APIRouter(include_in_schema=False)

BLANK_KINDS = ("request_form", "bylaws", "committee_list", "member_roster", "activity_plan")
DONE_STATUSES = ("checked", "returned", "approved", "certified", "failed")


@router.get("/")
async def home(request: Request, officer: Officer | None = Depends(optional_officer)) -> Response:
    return ctx_of(request).render(request, "home.html")


@router.get("/upload")
async def upload_form(
    request: Request, officer: Officer | None = Depends(optional_officer)
) -> Response:
    ctx = ctx_of(request)
    return ctx.render(request, "upload.html", max_mb=ctx.settings.max_upload_bytes / (1024 * 1024))


@router.post("/upload")
async def upload_submit(request: Request) -> Response:
    """The no-JavaScript path: a plain form post, then on to the application's own link."""
    try:
        app_id = await accept_upload(request)
    except WebError as exc:
        if exc.status not in (400, 413, 415, 422):
            raise
        # Refused upload (nothing chosen, too large, ...): the form again, with the reason.
        ctx = ctx_of(request)
        return ctx.render(
            request,
            "upload.html",
            status_code=exc.status,
            max_mb=ctx.settings.max_upload_bytes / (1024 * 1024),
            error=exc.message_th,
        )
    return RedirectResponse(request.url_for("application_page", app_id=app_id), status_code=303)


@router.get("/a/{app_id}", name="application_page")
async def application_page(
    app_id: str, request: Request, officer: Officer | None = Depends(optional_officer)
) -> Response:
    check_public_id(app_id)
    ctx = ctx_of(request)
    view = await run_in_threadpool(actions.get_view, ctx, app_id)
    response = ctx.render(
        request,
        "application.html",
        app=view,
        report=view.report,
        done=view.status in DONE_STATUSES,
        ocr_progress=view.ocr_pages,
        officer_may_read=bool(officer and officer.may_read(view.district_code)),
    )
    # The link is the key to this application: keep it out of caches and Referer headers.
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


# ---------------------------------------------------------------------------
# Blank forms and the bylaws form
# ---------------------------------------------------------------------------


def _forms() -> list[dict[str, str]]:
    try:
        from docgen.render.registry import TEMPLATES
    except Exception:
        return []
    return [
        {"kind": kind, "label": TEMPLATES[kind].label_th}
        for kind in BLANK_KINDS
        if kind in TEMPLATES and TEMPLATES[kind].path.is_file()
    ]


@router.get("/forms")
async def forms(request: Request, officer: Officer | None = Depends(optional_officer)) -> Response:
    return ctx_of(request).render(request, "forms.html", forms=_forms())


def _blank(ctx_outputs: Path, kind: str) -> tuple[Path, str]:
    from docgen.render.engine import render_blank
    from docgen.render.registry import TEMPLATES

    spec = TEMPLATES[kind]
    out_dir = ctx_outputs / "blank"
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / f"{kind}.docx"
    # Made once per template version; a newer template makes it again.
    if not out.is_file() or out.stat().st_mtime < spec.path.stat().st_mtime:
        tmp = out_dir / f".tmp-{kind}-{secrets.token_hex(6)}.docx"
        render_blank(kind, tmp)
        tmp.replace(out)
    return out, f"{spec.filename_th}.docx"


@router.get("/forms/{kind}.docx")
async def blank_form(kind: str, request: Request) -> Response:
    if kind not in BLANK_KINDS:
        raise WebError(404, "ไม่มีแบบฟอร์มนี้")
    ctx = ctx_of(request)
    path, name = await run_in_threadpool(_blank, ctx.outputs_dir, kind)
    return attachment(path, name, DOCX_TYPE)


BYLAW_FIELDS: tuple[tuple[str, str, str, str], ...] = (
    # name, Thai label, input type, placeholder
    ("group_name", "ชื่อกลุ่ม", "text", "กลุ่มปลูกผักปลอดภัยบ้านโนนทอง"),
    ("main_activity", "กิจกรรมหลัก", "text", "ปลูกผักปลอดภัยจำหน่ายในชุมชน"),
    ("purpose", "วัตถุประสงค์ของกลุ่ม", "textarea", "เพื่อเพิ่มรายได้และลดต้นทุนการผลิตของสมาชิก"),
    ("house_no", "บ้านเลขที่ (ที่ตั้งกลุ่ม)", "text", ""),
    ("moo", "หมู่ที่", "text", "3"),
    ("subdistrict", "ตำบล", "text", "ท่าพระ"),
    ("district", "อำเภอ", "text", "เมืองขอนแก่น"),
    ("province", "จังหวัด", "text", "ขอนแก่น"),
    # Text, not <input type=date>: that shows ค.ศ. (and mm/dd/yyyy on an English browser).
    ("established", "วันที่จัดตั้งกลุ่ม (วัน/เดือน/พ.ศ.)", "text", "15/10/2569 หรือ 15 ตุลาคม 2569"),
    ("chair_name", "ชื่อประธานกลุ่ม", "text", "นายสมชาย ใจดี"),
    ("share_value", "มูลค่าหุ้นละ (บาท)", "number", "100"),
    ("min_shares", "จำนวนหุ้นขั้นต่ำต่อสมาชิก", "number", "1"),
    ("entry_fee", "ค่าธรรมเนียมแรกเข้า (บาท)", "number", "0"),
    ("committee_size", "จำนวนกรรมการ", "number", "5"),
    ("term_years", "วาระกรรมการ (ปี)", "number", "2"),
    ("meeting_frequency", "การประชุมคณะกรรมการ", "text", "ทุก 3 เดือน"),
    ("annual_meeting_month", "เดือนที่ประชุมใหญ่สามัญประจำปี", "text", "มกราคม"),
)
BYLAW_DEFAULTS = {
    "share_value": "100",
    "min_shares": "1",
    "entry_fee": "0",
    "committee_size": "5",
    "term_years": "2",
    "meeting_frequency": "ทุก 3 เดือน",
    "annual_meeting_month": "มกราคม",
}
ADDRESS_KEYS = ("house_no", "moo", "subdistrict", "district", "province")
# How long each box may be (characters), said beside the box; the template's own limits apply
# to the rest (a group name of 200 characters, a place name of 80).
BYLAW_LIMITS = {"purpose": MAX_TEXT_CHARS, "main_activity": 300, "group_name": 200}
# What the bylaws template cannot be filled without (marked on the form, checked first).
BYLAW_REQUIRED = frozenset(
    (
        "group_name",
        "main_activity",
        "purpose",
        "subdistrict",
        "district",
        "province",
        "established",
        "chair_name",
    )
)


def bylaws_data(form: dict[str, str]) -> dict[str, Any]:
    """The bylaws template's data from the form's fields (blank numbers take their defaults)."""
    data: dict[str, Any] = {}
    for name, _label, _type, _ph in BYLAW_FIELDS:
        value = (form.get(name) or "").strip() or BYLAW_DEFAULTS.get(name, "")
        if name in ADDRESS_KEYS:
            data.setdefault("address", {})[name] = value
        elif value:
            data[name] = value
    return data


def bylaws_field_errors(form: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    """Each bad field of the bylaws form with a Thai sentence for it, keyed by the form's own
    field names (so the page can show it beside the box), and errors of no one field."""
    from pydantic import ValidationError

    from docgen.render import schemas
    from docgen.render.engine import clean_data
    from docgen.rules.entry import check_group_fields
    from docgen.thai.dates import today_in_thailand

    labels = {name: label for name, label, _type, _ph in BYLAW_FIELDS}
    by_field: dict[str, str] = {}
    for required in (n for n in labels if n in BYLAW_REQUIRED):
        if not (form.get(required) or "").strip():
            by_field[required] = f"กรุณากรอก{labels[required]}"
    for name, limit in BYLAW_LIMITS.items():
        message = too_long(form.get(name) or "", limit, labels[name].split(" (")[0])
        if message:
            by_field.setdefault(name, message)
    # The Department's rules on typed group data, the same as a batch row's (rules/entry.py):
    # a name beginning with กลุ่ม, a real place (subdistrict in district in province), a
    # founding date that has come and is not implausibly old.
    entry = {k: form.get(k) or "" for k in ("group_name", "established", *ADDRESS_KEYS[2:])}
    problems, _place = check_group_fields(
        {k: v for k, v in entry.items() if v.strip()}, today=today_in_thailand()
    )
    for name, message in problems.items():
        by_field.setdefault(name, message)
    general: list[str] = []
    try:
        schemas.SCHEMAS["bylaws"].model_validate(clean_data(bylaws_data(form)))
    except ValidationError as exc:
        for error in exc.errors(include_input=False, include_url=False):
            loc = tuple(error.get("loc", ()))
            name = str(loc[1] if loc[:1] == ("address",) and len(loc) > 1 else (loc or ("",))[0])
            message = schemas._message(error)
            if name in labels:
                # "ชื่อกลุ่ม: ชื่อกลุ่มต้องขึ้นต้นด้วย..." says the name twice; once is enough.
                label = labels[name].split(" (")[0]
                text = message if message.startswith(label) else f"{labels[name]}: {message}"
                by_field.setdefault(name, text)
            else:
                general.append(message)
    return by_field, general


def _bylaws_page(
    request: Request,
    values: dict[str, str],
    field_errors: dict[str, str] | None = None,
    errors: list[str] | None = None,
    status_code: int = 200,
) -> Response:
    field_errors = field_errors or {}
    labels = {name: label for name, label, _type, _ph in BYLAW_FIELDS}
    return ctx_of(request).render(
        request,
        "bylaws.html",
        status_code=status_code,
        fields=BYLAW_FIELDS,
        required=BYLAW_REQUIRED,
        values=values,
        field_errors=field_errors,
        # The summary at the top links each line to its box, in the form's order.
        summary=[(n, field_errors[n]) for n in labels if n in field_errors],
        errors=errors or [],
    )


@router.get("/forms/bylaws")
async def bylaws_form(
    request: Request, officer: Officer | None = Depends(optional_officer)
) -> Response:
    return _bylaws_page(request, BYLAW_DEFAULTS)


def _render_bylaws(data: dict[str, Any]) -> Path:
    from docgen.render.engine import render_docx

    handle, name = tempfile.mkstemp(prefix="docgen-bylaws-", suffix=".docx")
    import os

    os.close(handle)
    out = Path(name)
    try:
        render_docx("bylaws", data, out)
    except BaseException:
        out.unlink(missing_ok=True)
        raise
    return out


@router.post("/forms/bylaws")
async def bylaws_submit(request: Request) -> Response:
    from docgen.model import UnusableInput

    form = await read_form(request)
    # Everything typed comes back on a refusal, however long: the limit is said beside the box.
    values = {name: form.get(name, "") for name, _label, _type, _ph in BYLAW_FIELDS}
    field_errors, general = bylaws_field_errors(values)
    if field_errors or general:
        return _bylaws_page(request, values, field_errors, general, status_code=422)
    try:
        out = await run_in_threadpool(_render_bylaws, bylaws_data(values))
    except UnusableInput as exc:
        return _bylaws_page(request, values, errors=exc.errors or [exc.message_th], status_code=422)
    group = values.get("group_name", "").strip() or "กลุ่ม"
    response = attachment(out, f"ข้อบังคับ{group[:80]}.docx", DOCX_TYPE)
    response.background = BackgroundTask(out.unlink, missing_ok=True)
    return response
