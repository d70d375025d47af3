"""What pages show: Thai labels for statuses and findings, Buddhist Era times, masked national IDs."""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

from jinja2 import Environment

from docgen.model import KIND_LABEL_TH, DocKind
from docgen.thai.dates import THAI_TZ

STATUS_TH = {
    "received": "รับเอกสารแล้ว รอตรวจ",
    "checking": "กำลังตรวจเอกสาร",
    "checked": "ตรวจแล้ว รอเจ้าหน้าที่พิจารณา",
    "returned": "ส่งคืนให้แก้ไข",
    "approved": "เห็นชอบแล้ว รอออกใบรับรอง",
    "certified": "ออกใบรับรองแล้ว",
    "failed": "ตรวจไม่สำเร็จ",
}

JOB_STATUS_TH = {
    "queued": "รอคิว",
    "running": "กำลังทำ",
    "done": "เสร็จแล้ว",
    "failed": "ไม่สำเร็จ",
}

SEVERITY_TH = {"error": "ต้องแก้ไข", "warning": "ข้อสังเกต"}

ROLE_TH = {"officer": "เจ้าหน้าที่อำเภอ", "province": "สำนักงานเกษตรจังหวัด", "admin": "ผู้ดูแลระบบ"}


def mask_national_id(value: str | None) -> str:
    """`1101700230708` → `1-1017-00xxx-xx-8`: enough to tell people apart, not to identify them."""
    if not value:
        return "-"
    digits = "".join(ch for ch in str(value) if ch.isdigit())
    if len(digits) != 13:
        return "x" * min(len(digits), 13) or "-"
    try:
        from docgen.thai.ids import mask_national_id as core_mask  # type: ignore[import-not-found]

        return str(core_mask(digits))
    except Exception:
        return f"{digits[0]}-{digits[1:5]}-{digits[5:7]}xxx-xx-{digits[12]}"


def thai_datetime(value: dt.datetime | dt.date | None, with_time: bool = True) -> str:
    """A time in Bangkok, Buddhist Era: `15 ต.ค. 2569 14:05`."""
    if value is None:
        return "-"
    from docgen.thai.dates import thai_date

    if isinstance(value, dt.datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
        local = aware.astimezone(THAI_TZ)
        text = thai_date(local.date(), short=True)
        return f"{text} {local:%H:%M} น." if with_time else text
    return thai_date(value, short=True)


def kind_label(kind: str | None) -> str:
    try:
        return KIND_LABEL_TH[DocKind(kind or "unknown")]
    except ValueError:
        return KIND_LABEL_TH[DocKind.UNKNOWN]


def file_size(n: int | None) -> str:
    if n is None:
        return "-"
    if n < 1024:
        return f"{n} ไบต์"
    if n < 1024 * 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n / (1024 * 1024):.1f} MB"


def report_summary(report: dict[str, Any] | None) -> dict[str, Any]:
    """Counts a page shows at the top of a report."""
    if not report:
        return {"errors": 0, "warnings": 0, "members": 0}
    findings = report.get("findings") or []
    return {
        "errors": sum(1 for f in findings if f.get("severity") == "error"),
        "warnings": sum(1 for f in findings if f.get("severity") == "warning"),
        "members": (report.get("group") or {}).get("members", 0),
    }


def thai_sort_key(text: str) -> str:
    """Dictionary order: a leading vowel (เ แ โ ใ ไ) sorts after the consonant it is written before."""
    if len(text) > 1 and text[0] in "เแโใไ":
        return text[1] + text[0] + text[2:]
    return text


@cache
def district_choices() -> tuple[tuple[str, tuple[tuple[str, str], ...]], ...]:
    """Every district by province (Thai alphabetical order), for the upload form's select."""
    import geothai

    return tuple(
        (
            p.name_th,
            tuple(
                (d.code, d.name_th)
                for d in sorted(geothai.districts(p.code), key=lambda d: thai_sort_key(d.name_th))
            ),
        )
        for p in sorted(geothai.provinces(), key=lambda p: thai_sort_key(p.name_th))
    )


@cache
def districts_of(province_code: str | None) -> tuple[tuple[str, str], ...]:
    """(code, name) of every district of one province, in Thai order: a select, not a code to type."""
    if not province_code:
        return ()
    import geothai

    return tuple(
        (d.code, d.name_th)
        for d in sorted(geothai.districts(province_code), key=lambda d: thai_sort_key(d.name_th))
    )


@cache
def district_name(code: str | None) -> str:
    """อำเภอเมืองขอนแก่น จ.ขอนแก่น for 4001; the code itself if unknown."""
    if not code:
        return "-"
    import geothai

    district = geothai.district(code)
    if district is None:
        return code
    province = geothai.province(code[:2])
    return f"{district.name_th} จ.{province.name_th}" if province else district.name_th


@cache
def province_name(code: str | None) -> str:
    if not code:
        return "-"
    import geothai

    province = geothai.province(code)
    return province.name_th if province else code


def app_status_th(status: str | None, report: dict[str, Any] | None = None) -> str:
    """The status in the words the group reads: a checked bundle with errors says so."""
    if status == "checked" and report is not None and report.get("complete") is False:
        return "ตรวจแล้ว พบรายการที่ต้องแก้ไข"
    return STATUS_TH.get(status or "", status or "")


def error_list(text: str | None) -> dict[str, Any]:
    """A job's failure `message: first; second; ...` (as workers write it) as a heading and
    one item per bad row, so an officer reads a list instead of one long line."""
    text = (text or "").strip()
    head, sep, rest = text.partition(": ")
    items = [item.strip() for item in rest.split("; ") if item.strip()] if sep else []
    if not items:
        return {"head": text or "ไม่ทราบสาเหตุ", "items": []}
    return {"head": head, "items": items}


def install(env: Environment) -> None:
    """Register the filters and globals the templates use."""
    env.filters["status_th"] = lambda s: STATUS_TH.get(s, s)
    env.filters["job_status_th"] = lambda s: JOB_STATUS_TH.get(s, s)
    env.filters["severity_th"] = lambda s: SEVERITY_TH.get(s, s)
    env.filters["role_th"] = lambda s: ROLE_TH.get(s, s)
    env.filters["mask_id"] = mask_national_id
    env.filters["thai_dt"] = thai_datetime
    env.filters["kind_th"] = kind_label
    env.filters["file_size"] = file_size
    env.filters["district_name"] = district_name
    env.filters["wordbreaks"] = _word_breaks
    env.filters["person_name"] = _person_name
    env.filters["province_name"] = province_name
    env.globals["report_summary"] = report_summary
    env.globals["app_status_th"] = app_status_th
    env.globals["error_list"] = error_list
    env.globals["district_choices"] = district_choices
    env.globals["districts_of"] = districts_of


def _word_breaks(text: Any) -> Any:
    from docgen.thai.wrap import html_word_breaks

    return html_word_breaks(text)


def _person_name(text: Any) -> Any:
    from docgen.thai.wrap import html_person_name

    return html_person_name(text)
