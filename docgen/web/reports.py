"""Report pages for officers: ask for a district or province report, follow the job, download."""

from __future__ import annotations

import re
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response

from docgen.model import UnusableInput
from docgen.web.app import WebContext, WebError, ctx_of
from docgen.web.auth import Officer
from docgen.web.deps import check_csrf, check_public_id, page_officer
from docgen.web.forms import read_form

router = APIRouter(include_in_schema=False)

JOB_KIND = "district_report"
FORMATS = {
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "รายงาน"),
    "pdf": ("application/pdf", "รายงาน"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "ข้อมูลกลุ่ม"),
}
_CODE = {"district": re.compile(r"^\d{4}$"), "province": re.compile(r"^\d{2}$")}


def _current_be_year() -> int:
    from docgen.registry.numbering import current_be_year

    return current_be_year()


def _scope_for(officer: Officer, fields: dict[str, str]) -> tuple[str | None, str | None]:
    """(district_code, province_code) this officer may ask a report for; one of the two is None."""
    if officer.role == "officer":
        if not officer.district_code:
            raise WebError(403, "บัญชีนี้ยังไม่ได้ผูกกับอำเภอ")
        return officer.district_code, None
    scope = fields.get("scope", "district")
    code = fields.get("code", "").strip()
    if officer.role == "province":
        if scope == "province":
            return None, officer.province_code
        if not code.startswith(officer.province_code or "-"):
            raise WebError(403, "บัญชีระดับจังหวัดขอรายงานได้เฉพาะอำเภอในจังหวัดของตน")
    kind = "province" if scope == "province" else "district"
    if not _CODE[kind].match(code):
        raise WebError(
            400, "รหัสจังหวัดต้องเป็นตัวเลข 2 หลัก" if kind == "province" else "รหัสอำเภอต้องเป็นตัวเลข 4 หลัก"
        )
    return (None, code) if kind == "province" else (code, None)


def _period_params(fields: dict[str, str]) -> dict[str, Any]:
    """The job's period, checked here so that a mistake is answered at once, in Thai."""
    from docgen.reports.service import period_from_options

    kind = fields.get("period", "year")
    try:
        if kind == "range":
            start, end = fields.get("date_from", ""), fields.get("date_to", "")
            period = period_from_options(date_from=start or None, date_to=end or None)
            return {"date_from": period.start.isoformat(), "date_to": period.end.isoformat()}
        year_text = fields.get("year", "").strip()
        if not year_text.isdigit():
            raise UnusableInput("ปี พ.ศ. ต้องเป็นตัวเลข เช่น 2569")
        if kind == "fiscal":
            return {"fiscal_year": period_from_options(fiscal_year=int(year_text)).data_year}
        return {"be_year": period_from_options(year=int(year_text)).data_year}
    except UnusableInput as exc:
        raise WebError(400, exc.message_th) from exc


def create_report_job(ctx: WebContext, officer: Officer, fields: dict[str, str]) -> str:
    from docgen.registry import store
    from docgen.registry.db import transaction
    from docgen.web import actions

    district, province = _scope_for(officer, fields)
    params: dict[str, Any] = {
        **_period_params(fields),
        "xlsx": True,
        "pdf": fields.get("pdf") == "1",
        "officer_name": officer.display_name,
    }
    if province:
        params["province_code"] = province
    else:
        params["district_code"] = district
    with transaction(ctx.sessions) as session:
        job = store.create_job(
            session, JOB_KIND, params, created_by=officer.username, district_code=district
        )
        job_id = str(job.id)
    actions.dispatch_job(ctx, job_id, JOB_KIND)
    return job_id


def _report_job(ctx: WebContext, officer: Officer, job_id: str) -> dict[str, Any]:
    from docgen.registry import store

    with ctx.reads() as session:
        job = store.get_job(session, job_id)
        if job is None or job.kind != JOB_KIND:
            raise WebError(404, "ไม่พบงานรายงานนี้")
        params = dict(job.params or {})
        view: dict[str, Any] = {
            "id": job.id,
            "status": job.status,
            "error": job.error or "",
            "district_code": job.district_code or params.get("district_code"),
            "province_code": params.get("province_code"),
            "params": params,
            "files": {k: v for k, v in (job.state or {}).items() if k in FORMATS and v},
        }
        session.rollback()
    province = view["province_code"]
    allowed = (
        officer.role == "admin"
        or (officer.role == "province" and officer.province_code == province)
        if province
        else officer.may_read(view["district_code"])
    )
    if not allowed:
        raise WebError(403, "บัญชีนี้ไม่มีสิทธิ์ดูรายงานของพื้นที่อื่น")
    return view


def _period_text(params: dict[str, Any]) -> str:
    """The period as the report itself names it (ปี พ.ศ. 2569, ปีงบประมาณ ..., ระหว่างวันที่ ...)."""
    from docgen.reports.service import period_from_params

    period = period_from_params(params)
    return period.label_th if period is not None else ""


@router.get("/officer/reports")
async def reports_page(request: Request, officer: Officer = Depends(page_officer)) -> Response:
    ctx = ctx_of(request)
    return ctx.render(request, "reports.html", year=_current_be_year())


@router.post("/officer/reports")
async def reports_submit(request: Request, officer: Officer = Depends(page_officer)) -> Response:
    fields = await read_form(request, max_fields=30)
    check_csrf(officer, fields.get("csrf"))
    ctx = ctx_of(request)
    try:
        job_id = await run_in_threadpool(create_report_job, ctx, officer, fields)
    except WebError as exc:
        if exc.status != 400:
            raise
        # A typing mistake: the form again, with the reason and what was typed.
        return ctx.render(
            request,
            "reports.html",
            status_code=400,
            year=fields.get("year", "") or _current_be_year(),
            error=exc.message_th,
            values=fields,
        )
    return RedirectResponse(f"/officer/reports/{job_id}", status_code=303)


@router.get("/officer/reports/{job_id}")
async def report_job_page(
    job_id: str, request: Request, officer: Officer = Depends(page_officer)
) -> Response:
    check_public_id(job_id)
    ctx = ctx_of(request)
    job = await run_in_threadpool(_report_job, ctx, officer, job_id)
    return ctx.render(
        request,
        "report_job.html",
        job=job,
        period=_period_text(job["params"]),
        done=job["status"] in ("done", "failed"),
    )


@router.get("/officer/reports/{job_id}/{fmt}")
async def report_download(
    job_id: str, fmt: str, request: Request, officer: Officer = Depends(page_officer)
) -> Response:
    from docgen.web.api import stored_attachment

    check_public_id(job_id)
    if fmt not in FORMATS:
        raise WebError(404, "ไม่พบไฟล์นี้")
    ctx = ctx_of(request)
    job = await run_in_threadpool(_report_job, ctx, officer, job_id)
    relative = job["files"].get(fmt)
    if job["status"] != "done" or not relative:
        raise WebError(404, "ไฟล์ยังไม่พร้อม")
    media_type, stem = FORMATS[fmt]
    # รายงาน-อำเภอเมืองขอนแก่น-ปี พ.ศ. 2569.docx: a name an office can file without opening it.
    from docgen.web.views import district_name, province_name

    if job["province_code"]:
        area = f"จังหวัด{province_name(job['province_code'])}"
    else:
        area = f"อำเภอ{district_name(job['district_code']).split(' จ.')[0]}"
    period = _period_text(job["params"])
    name = f"{stem}-{area}-{period}.{fmt}".replace("--", "-")
    return await run_in_threadpool(stored_attachment, ctx, str(relative), name, media_type)
