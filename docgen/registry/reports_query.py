"""What the district and province reports read from the registry: groups, certificates, applications."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from docgen.registry.db import as_utc
from docgen.registry.models import Application, Certificate, Group
from docgen.reports.figures import ApplicationRecord, GroupRecord
from docgen.thai.dates import THAI_TZ

# Offices work in Thai time: a certificate issued at 23:30 UTC belongs to the next Thai day.


def thai_day(value: dt.datetime | None) -> dt.date | None:
    aware = as_utc(value)
    return aware.astimezone(THAI_TZ).date() if aware else None


def _group_record(group: Group, certificate: Certificate | None) -> GroupRecord:
    certified_on = thai_day(certificate.issued_at) if certificate else thai_day(group.created_at)
    return GroupRecord(
        name=group.name,
        subdistrict=group.subdistrict or "",
        district=group.district or "",
        province=group.province or "",
        moo=group.moo or "",
        members=group.members or 0,
        chair=group.chair or "",
        main_activity=group.main_activity or "",
        # The founding date the documents (or the batch file) state; never the day of the
        # certificate: an unknown founding date stays unknown.
        established=thai_day(group.established_at),
        certificate_no=certificate.number if certificate else "",
        certified_on=certified_on,
        subdistrict_code=group.subdistrict_code or "",
        district_code=group.district_code or "",
        province_code=group.province_code or "",
    )


def _error_codes(report: dict[str, Any] | None) -> tuple[str, ...]:
    findings = (report or {}).get("findings") or []
    return tuple(
        str(f.get("code"))
        for f in findings
        if isinstance(f, dict) and f.get("severity") == "error" and f.get("code")
    )


def _application_record(application: Application) -> ApplicationRecord:
    group = (application.report or {}).get("group") or {}
    return ApplicationRecord(
        received_on=thai_day(application.created_at) or dt.date.min,
        status=application.status,
        error_codes=_error_codes(application.report),
        subdistrict=str(group.get("subdistrict") or ""),
        district=str(group.get("district") or ""),
    )


def report_records(
    session: Session, *, district_code: str | None = None, province_code: str | None = None
) -> tuple[list[GroupRecord], list[ApplicationRecord]]:
    """Every group (with its certificate) and every application of a district, or of a province."""
    if bool(district_code) == bool(province_code):
        raise ValueError("give exactly one of district_code, province_code")
    group_q = select(Group, Certificate).outerjoin(Certificate, Certificate.group_id == Group.id)
    app_q = select(Application)
    if district_code:
        group_q = group_q.where(Group.district_code == district_code)
        app_q = app_q.where(Application.district_code == district_code)
    else:
        group_q = group_q.where(Group.district_code.startswith(str(province_code)))
        app_q = app_q.where(Application.province_code == province_code)
    groups: dict[int, GroupRecord] = {}
    for group, certificate in session.execute(group_q.order_by(Group.id)):
        if group.id not in groups or certificate is not None:
            groups[group.id] = _group_record(group, certificate)
    applications = [_application_record(a) for a in session.scalars(app_q)]
    return list(groups.values()), applications
