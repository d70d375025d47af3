"""Fill official templates with docxtpl: validate, build the context, render (autoescaped)."""

from __future__ import annotations

import datetime as dt
import re
import typing
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from docxtpl import DocxTemplate
from jinja2 import Environment, StrictUndefined
from pydantic import BaseModel
from pythainlp.util import bahttext

from docgen.model import DocgenError
from docgen.render import schemas
from docgen.render.linebreak import NBSP, WJ, mark_breaks, mark_context
from docgen.render.registry import get_spec, template_path
from docgen.thai.dates import MONTHS_TH, be_year, parse_date, thai_date
from docgen.thai.digits import arabic_to_thai_digits, thai_to_arabic_digits
from docgen.thai.ids import format_national_id, mask_national_id

# XML 1.0 forbids these; they come from copy-paste out of old systems. Dropped, never fatal.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SEVERITY_TH = {"error": "ต้องแก้ไข", "warning": "ข้อสังเกต"}


def clean_text(text: str) -> str:
    """Drop characters XML cannot carry."""
    return _XML_ILLEGAL.sub("", text)


def clean_data(value: Any) -> Any:
    """`clean_text` applied to every string in nested dicts and lists (keys too)."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, Mapping):
        return {clean_data(k): clean_data(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [clean_data(v) for v in value]
    return value


# ---------------------------------------------------------------------------
# Filters. Each accepts what a blank form puts in place of a value (dotted text) unchanged.
# ---------------------------------------------------------------------------


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value.strip() and not value.startswith("."):
        try:
            return parse_date(value)
        except ValueError:
            return None
    return None


def filter_thai_date(value: Any, thai_digits: bool = False, short: bool = False) -> str:
    """`15 ตุลาคม 2569`; with thai_digits `๑๕ ตุลาคม ๒๕๖๙`."""
    if value is None:
        return ""
    date = _as_date(value)
    if date is None:
        return str(value)
    text = thai_date(date, thai_digits=thai_digits, short=short)
    # The day stays with its month, and an abbreviated month (ม.ค.) is never cut at its dots
    # (a narrow column printed `22 ม.ค` over `. 256` over `9`).
    day, month, year = text.split(" ")
    month = month.replace(".", WJ + "." + WJ).strip(WJ)
    # A short date stands in a table column: one unit (the column is made wide enough).
    return f"{day}{NBSP}{month}{NBSP if short else ' '}{year}"


def filter_official_date(value: Any) -> str:
    """`2 เดือน พฤศจิกายน พ.ศ. 2569`, as a date is written where an office gives or
    proclaims (ให้ไว้ ณ วันที่ ..., ประกาศ ณ วันที่ ...)."""
    date = _as_date(value)
    if date is None:
        return "" if value is None else str(value)
    return f"{date.day}{NBSP}เดือน{NBSP}{MONTHS_TH[date.month - 1]} พ.ศ.{NBSP}{be_year(date)}"


_PHONE_DIGITS = re.compile(r"[\s\-.()]")


def format_phone(value: Any) -> str:
    """A Thai telephone number as it is printed: 083-160-8365 (mobile), 02-123-4567
    (Bangkok), 043-245-678 (provinces). Anything else comes back as typed."""
    if value is None:
        return ""
    text = str(value).strip()
    digits = _PHONE_DIGITS.sub("", thai_to_arabic_digits(text))
    if digits.startswith("+66"):
        digits = "0" + digits[3:]
    if not digits.isdigit() or not digits.startswith("0"):
        return text
    if len(digits) == 10:
        return f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"
    if len(digits) == 9:
        head = 2 if digits.startswith("02") else 3
        return f"{digits[:head]}-{digits[head : head + 3]}-{digits[head + 3 :]}"
    return text


def filter_be_year(value: Any) -> str:
    date = _as_date(value)
    return str(be_year(date)) if date is not None else str(value)


def _as_decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float | Decimal):
        return Decimal(str(value))
    if isinstance(value, str):
        try:
            return Decimal(thai_to_arabic_digits(value).replace(",", "").strip())
        except InvalidOperation:
            return None
    return None


def filter_baht_text(value: Any) -> str:
    """หนึ่งพันบาทถ้วน."""
    amount = _as_decimal(value)
    if amount is None:
        return "" if value is None else str(value)
    return mark_breaks(bahttext(float(amount)))


def filter_money(value: Any) -> str:
    """1,250.00"""
    amount = _as_decimal(value)
    if amount is None:
        return "" if value is None else str(value)
    return f"{amount:,.2f}"


def filter_number(value: Any) -> str:
    """1,250"""
    amount = _as_decimal(value)
    if amount is None:
        return "" if value is None else str(value)
    return f"{amount:,.0f}" if amount == amount.to_integral_value() else f"{amount:,}"


def filter_thai_digits(value: Any) -> str:
    return arabic_to_thai_digits("" if value is None else str(value))


def _is_placeholder(value: Any) -> bool:
    """Empty, or the dotted line of a blank form."""
    return value is None or (isinstance(value, str) and not value.strip(". "))


def filter_format_id(value: Any) -> str:
    """1-2345-67890-12-3 (the full number, for documents an officer needs it on)."""
    if _is_placeholder(value):
        return "" if value is None else str(value)
    return format_national_id(str(value))


def filter_mask_id(value: Any) -> str:
    """1-1017-00xxx-xx-8: enough to tell people apart, not enough to misuse."""
    if _is_placeholder(value):
        return "" if value is None else str(value)
    return mask_national_id(str(value))


FILTERS: dict[str, Any] = {
    "thai_date": filter_thai_date,
    "official_date": filter_official_date,
    "phone": format_phone,
    "be_year": filter_be_year,
    "baht_text": filter_baht_text,
    "money": filter_money,
    "number": filter_number,
    "thai_digits": filter_thai_digits,
    "mask_id": filter_mask_id,
    "format_id": filter_format_id,
}


def jinja_env() -> Environment:
    """The Jinja environment every template renders with: autoescape on, Thai filters."""
    env = Environment(autoescape=True, undefined=StrictUndefined)
    env.filters.update(FILTERS)
    return env


# ---------------------------------------------------------------------------
# Context.
# ---------------------------------------------------------------------------


def address_line(address: Mapping[str, Any], *, with_house: bool = True) -> str:
    """บ้านเลขที่ 99 หมู่ที่ 3 ตำบลท่าพระ อำเภอเมืองขอนแก่น จังหวัดขอนแก่น"""
    parts: list[str] = []
    if with_house and address.get("house_no"):
        parts.append(f"บ้านเลขที่ {address['house_no']}")
    if address.get("moo"):
        parts.append(f"หมู่ที่ {address['moo']}")
    if address.get("village"):
        parts.append(f"บ้าน{address['village']}")
    for key, label in (("subdistrict", "ตำบล"), ("district", "อำเภอ"), ("province", "จังหวัด")):
        if address.get(key):
            parts.append(f"{label}{address[key]}")
    if address.get("postal_code"):
        parts.append(str(address["postal_code"]))
    return " ".join(parts)


def _chair(committee: list[Mapping[str, Any]]) -> str:
    for seat in committee:
        if schemas.committee_role(str(seat.get("position", ""))) == schemas.Role.CHAIR:
            return str(seat.get("name", ""))
    return ""


def derive(kind: str, ctx: dict[str, Any], *, blank: bool = False) -> dict[str, Any]:
    """Add the values templates print but data does not carry (address line, totals, ...)."""
    address = ctx.get("address")
    if isinstance(address, Mapping):
        ctx["address_line"] = address_line(address)
        district = str(address.get("district", ""))
        ctx["district_officer"] = f"เกษตรอำเภอ{district}"
    if kind == "committee_list":
        ctx["chair_name"] = ctx.get("chair_name") or _chair(ctx.get("committee", []))
    elif kind == "member_roster":
        ctx["member_count"] = "" if blank else len(ctx.get("members", []))
    elif kind == "activity_plan":
        ctx["plan_years"] = plan_years(ctx.get("plan_year"), ctx.get("activities", []))
        budgets = [_as_decimal(a.get("budget")) for a in ctx.get("activities", [])]
        ctx["total_budget"] = (
            "" if blank else sum((b for b in budgets if b is not None), Decimal(0))
        )
    elif kind == "certificate":
        if not ctx.get("officer_district") and isinstance(address, Mapping):
            ctx["officer_district"] = address.get("district", "")
    elif kind == "review_memo":
        from docgen.render.memo import in_words

        district = address.get("district", "") if isinstance(address, Mapping) else ""
        ctx["office"] = (
            ctx.get("office") or ctx.get("office_name") or f"สำนักงานเกษตรอำเภอ{district}"
        )
        for finding in ctx.get("findings", []):
            finding["severity_th"] = SEVERITY_TH.get(str(finding.get("severity")), "ข้อสังเกต")
            finding["message"] = in_words(str(finding.get("message", "")))
            finding["where"] = in_words(str(finding.get("where", "")))
        # What must be fixed first, then what to look at.
        ctx["errors"] = [f for f in ctx.get("findings", []) if f.get("severity") == "error"]
        ctx["warnings"] = [f for f in ctx.get("findings", []) if f.get("severity") != "error"]
        ctx["error_count"] = sum(1 for f in ctx.get("findings", []) if f.get("severity") == "error")
        ctx["warning_count"] = sum(
            1 for f in ctx.get("findings", []) if f.get("severity") == "warning"
        )
        if blank:
            ctx["recommendation"] = "." * 90
        elif ctx.get("complete"):
            ctx["recommendation"] = (
                f"เอกสารครบถ้วนถูกต้องตามหลักเกณฑ์ เห็นควรออกใบรับรองการจัดตั้งกลุ่มส่งเสริม"
                f"อาชีพการเกษตรให้แก่{ctx.get('group_name', '')}"
            )
        else:
            ctx["recommendation"] = (
                "เอกสารยังไม่ครบถ้วนหรือไม่ถูกต้อง เห็นควรส่งคืนเพื่อแก้ไขตามผลการตรวจข้างต้น แล้วให้กลุ่มยื่นคำขอใหม่"
            )
    elif kind == "district_report":
        groups = ctx.get("groups", [])
        ctx["group_count"] = "" if blank else len(groups)
        ctx["total_members"] = "" if blank else sum(int(g.get("members") or 0) for g in groups)
        ctx["officer_title"] = f"เกษตรอำเภอ{ctx.get('district', '')}"
        province_scope = ctx.get("scope") == "province"
        ctx["office"] = ctx.get("office_name") or (
            f"สำนักงานเกษตรจังหวัด{ctx.get('province', '')}"
            if province_scope
            else f"สำนักงานเกษตรอำเภอ{ctx.get('district', '')}"
        )
        ctx["missing_certificate_no"] = sum(1 for g in groups if not g.get("certificate_no"))
    return ctx


_BE_YEAR = re.compile(r"(?<!\d)(25\d\d)(?!\d)")
_SHORT_YEAR = re.compile(
    r"(?:ม\.ค\.|ก\.พ\.|มี\.ค\.|เม\.ย\.|พ\.ค\.|มิ\.ย\.|ก\.ค\.|ส\.ค\.|ก\.ย\.|ต\.ค\.|พ\.ย\.|ธ\.ค\.)"
    r"\s*(\d\d)(?!\d)"
)


def plan_years(plan_year: Any, activities: list[Mapping[str, Any]]) -> str:
    """The years an activity plan covers: `2569`, or `2569–2570` when its activities run into
    the next year (a period `พ.ย. 2569 – ม.ค. 2570`, `ม.ค. 70`)."""
    try:
        first = int(plan_year)
    except (TypeError, ValueError):
        return "" if plan_year is None else str(plan_year)
    years = {first}
    for activity in activities:
        period = thai_to_arabic_digits(str(activity.get("period", "")))
        years.update(int(y) for y in _BE_YEAR.findall(period))
        years.update(2500 + int(y) for y in _SHORT_YEAR.findall(period))
    years = {y for y in years if first <= y <= first + 5}
    last = max(years)
    return str(first) if last == first else f"{first}–{last}"


def build_context(kind: str, model: BaseModel) -> dict[str, Any]:
    """The context a template renders from: the validated data plus derived values, every
    text with its Thai line breaks marked (`linebreak.mark_context`: the one place both the
    docxtpl engine and the compiled batch renderer take their texts from).

    Dates stay `date` objects (templates format them with `thai_date`), amounts stay Decimal.
    """
    get_spec(kind)
    ctx = model.model_dump(mode="python")
    ctx["blank"] = False
    return mark_context(derive(kind, ctx))


def _to_thai_digits(template: DocxTemplate) -> None:
    """Every Arabic digit in the body's text as a Thai digit (๐–๙), as official letters may print."""
    body = template.docx.element.body
    for node in body.iter(f"{_W}t"):
        if node.text:
            node.text = arabic_to_thai_digits(node.text)


# Templates whose tables take their column widths from what they hold (rendered by docxtpl
# only: the compiled batch renderer's certificate has no table).
FIT_COLUMNS = frozenset({"district_report"})


def fit_tables(template: DocxTemplate) -> None:
    """Every table of a rendered document with its columns sized to their content."""
    from docgen.render.tables import fit_columns

    for table in template.docx.tables:
        fit_columns(table)


def kind_template(kind: str, emblem_path: str = "") -> Path:
    """The .docx a kind renders from: its template, with the office's emblem when it has one."""
    path = template_path(kind)
    if emblem_path:
        from docgen.render.emblem import template_with_emblem

        return template_with_emblem(path, Path(emblem_path))
    return path


def render_context(
    kind: str, context: Mapping[str, Any], out: Path, *, thai_digits: bool = False
) -> Path:
    """Render an already built context into `out` (.docx)."""
    template = DocxTemplate(str(kind_template(kind, str(context.get("emblem_path") or ""))))
    try:
        template.render(dict(context), jinja_env(), autoescape=True)
    except Exception as exc:  # a template the office edited into something broken
        raise DocgenError(
            f"แม่แบบ {get_spec(kind).label_th} มีข้อผิดพลาด ตรวจด้วย docgen templates lint",
            detail=f"{type(exc).__name__}: {exc}",
        ) from exc
    if kind in FIT_COLUMNS:
        fit_tables(template)
    if thai_digits:
        _to_thai_digits(template)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    template.save(str(out))
    return out


def render_docx(
    kind: str, data: Mapping[str, Any], out: Path, *, thai_digits: bool = False
) -> Path:
    """Validate `data` for `kind` and write the filled document to `out`.

    With `thai_digits`, every number in the document is printed in Thai digits (๑๒/๒๕๖๙).
    """
    model = schemas.validate_data(kind, clean_data(data), keys=True)
    return render_context(kind, build_context(kind, model), out, thai_digits=thai_digits)


# ---------------------------------------------------------------------------
# Blank forms, for groups that fill by hand.
# ---------------------------------------------------------------------------

_BLANK_WIDTH: dict[str, int] = {
    "house_no": 10,
    "moo": 6,
    "postal_code": 10,
    "phone": 20,
    "certificate_no": 12,
    "ref_no": 20,
    "member_count": 10,
    "group_count": 10,
    "total_members": 10,
}
BLANK_DATE = "........ เดือน .................... พ.ศ. ........"


def _base_types(annotation: Any) -> set[Any]:
    """The plain types inside `Annotated[...]`, `X | None`, `list[X]`."""
    if isinstance(annotation, type):
        return {annotation}
    out: set[Any] = set()
    for arg in typing.get_args(annotation):
        out |= _base_types(arg)
    origin = typing.get_origin(annotation)
    if isinstance(origin, type) and origin is not typing.Annotated:
        out.add(origin)
    return out


def _blank_value(name: str, annotation: Any, rows: int, in_list: bool) -> Any:
    sub = schemas._submodel(annotation)
    types_ = _base_types(annotation)
    if list in types_:
        if sub is None:
            return ["." * 60 for _ in range(min(rows, 4) or 4)]
        return [_blank_model(sub, rows, in_list=True) for _ in range(rows)]
    if sub is not None:
        return _blank_model(sub, rows, in_list)
    if in_list:
        return ""
    if dt.date in types_:
        return BLANK_DATE
    if types_ == {bool}:
        return False
    if types_ & {int, Decimal}:
        return "." * 8
    return "." * _BLANK_WIDTH.get(name, 40)


def _blank_model(model: type[BaseModel], rows: int, in_list: bool) -> dict[str, Any]:
    return {
        name: _blank_value(name, info.annotation, rows, in_list)
        for name, info in model.model_fields.items()
    }


def blank_context(kind: str) -> dict[str, Any]:
    """The context of a blank form: dotted lines for values, empty table rows to fill."""
    spec = get_spec(kind)
    ctx = _blank_model(spec.schema, spec.blank_rows, in_list=False)
    if kind == "request_form":
        ctx["attachments"] = list(schemas.DEFAULT_ATTACHMENTS)
    if isinstance(ctx.get("address"), dict):  # optional parts would only add dotted noise
        ctx["address"]["village"] = ctx["address"]["postal_code"] = ""
    if kind == "district_report":
        ctx["notes"] = ["." * 100]
    if kind == "review_memo":
        ctx["committee"] = [
            {"name": "." * 40, "position": "." * 25} for _ in range(get_spec(kind).blank_rows)
        ]
        ctx["documents"] = [
            {"label": get_spec(k).label_th, "file": "", "found": False}
            for k in ("request_form", "bylaws", "committee_list", "member_roster", "activity_plan")
        ]
        ctx["findings"] = []
    ctx["emblem_path"] = ""  # a blank form keeps the emblem's slot empty
    ctx = derive(kind, ctx, blank=True)
    for key, value in ctx.items():  # derived totals and names: dotted in the text
        if value == "" and key not in ("total_budget", "emblem_path"):
            ctx[key] = "." * _BLANK_WIDTH.get(key, 30)
    ctx["blank"] = True
    return ctx


def render_blank(kind: str, out: Path) -> Path:
    """A blank form with dotted lines, for groups that fill it by hand."""
    return render_context(kind, blank_context(kind), out)
