"""Field schemas of the official templates: pydantic models with Thai labels, and validation."""

from __future__ import annotations

import datetime as dt
import re
import types
import typing
from collections.abc import Mapping
from decimal import Decimal
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from stdnum.th import pin as thai_pin

from docgen.model import Role, UnusableInput
from docgen.thai.dates import be_year, parse_date
from docgen.thai.digits import thai_to_arabic_digits

# ---------------------------------------------------------------------------
# Field types: what people type, read leniently, checked strictly.
# ---------------------------------------------------------------------------

_PLACE_PREFIXES = re.compile(r"^\s*(ตำบล|ต\.|แขวง|อำเภอ|อ\.|เขต|จังหวัด|จ\.)\s*")
_MOO_PREFIX = re.compile(r"^\s*(หมู่ที่|หมู่|ม\.)\s*")


def _as_text(value: Any) -> Any:
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, str):
        return re.sub(r"\s+", " ", value).strip()
    return value


def _place_name(value: Any) -> Any:
    value = _as_text(value)
    return _PLACE_PREFIXES.sub("", value) if isinstance(value, str) else value


def _moo(value: Any) -> Any:
    value = _as_text(value)
    if isinstance(value, str):
        value = thai_to_arabic_digits(_MOO_PREFIX.sub("", value))
        if value and not re.fullmatch(r"\d{1,3}", value):
            raise ValueError("หมู่ที่ต้องเป็นตัวเลข เช่น 3")
    return value


def _date(value: Any) -> Any:
    if isinstance(value, dt.date) or value is None:
        return value
    if isinstance(value, str) and value.strip():
        return parse_date(value)  # DateParseError is a ValueError with a Thai message
    raise ValueError("ต้องเป็นวันที่ เช่น 15 ตุลาคม 2569 หรือ 2026-10-15")


def _national_id(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise ValueError("ต้องเป็นข้อความตัวเลข 13 หลัก")
    digits = re.sub(r"[\s\-.]", "", thai_to_arabic_digits(value))
    if not digits:
        return None
    # Never echo the number back: it is personal data.
    if not re.fullmatch(r"\d{13}", digits):
        raise ValueError("ต้องเป็นตัวเลข 13 หลัก")
    if not thai_pin.is_valid(digits):
        raise ValueError("เลขตรวจสอบ (หลักที่ 13) ไม่ถูกต้อง")
    return digits


def _count(value: Any) -> Any:
    """A whole number as people type it: Thai digits, thousands commas, a trailing ราย/คน."""
    if isinstance(value, str):
        text = thai_to_arabic_digits(value).strip()
        text = re.sub(r"\s*(ราย|คน|กลุ่ม|คำขอ|ปี|หุ้น)$", "", text).replace(",", "").strip()
        return text if re.fullmatch(r"[+-]?\d+", text) else value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _amount(value: Any) -> Any:
    """An amount as people type it: Thai digits, thousands commas, a trailing บาท."""
    if isinstance(value, str):
        text = thai_to_arabic_digits(value).strip()
        text = re.sub(r"\s*บาท$", "", text).replace(",", "").strip()
        return text or value
    return value


def _be_year(value: Any) -> Any:
    if isinstance(value, str):
        value = thai_to_arabic_digits(value).strip()
        if not value.isdigit():
            raise ValueError("ต้องเป็นปี พ.ศ. เช่น 2569")
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        if 1900 <= value < 2200:  # a CE year: people mean the same year
            return value + 543
        if 2400 <= value <= 2800:
            return value
        raise ValueError("ต้องเป็นปี พ.ศ. เช่น 2569")
    return value


def _certificate_no(value: Any) -> Any:
    value = _as_text(value)
    if isinstance(value, str):
        value = thai_to_arabic_digits(value).replace(" ", "")
        if not re.fullmatch(r"\d{1,5}/\d{4}", value):
            raise ValueError("ต้องเป็นรูปแบบ ลำดับ/ปี พ.ศ. เช่น 12/2569")
    return value


def _group_name(value: Any) -> Any:
    value = _as_text(value)
    if isinstance(value, str) and value and not value.startswith("กลุ่ม"):
        raise ValueError("ชื่อกลุ่มต้องขึ้นต้นด้วยคำว่า 'กลุ่ม' แล้วตามด้วยกิจกรรม เช่น กลุ่มปลูกผัก")
    return value


Text = Annotated[str, BeforeValidator(_as_text)]
PlaceName = Annotated[str, BeforeValidator(_place_name)]
Moo = Annotated[str, BeforeValidator(_moo)]
ThaiDate = Annotated[dt.date, BeforeValidator(_date)]
NationalId = Annotated[str | None, BeforeValidator(_national_id)]
BeYear = Annotated[int, BeforeValidator(_be_year)]
CertificateNo = Annotated[str, BeforeValidator(_certificate_no)]
GroupName = Annotated[str, BeforeValidator(_group_name)]
Count = Annotated[int, BeforeValidator(_count)]
Amount = Annotated[Decimal, BeforeValidator(_amount)]


def committee_role(position: str) -> Role:
    """The role of a committee position as written (ประธานกรรมการ = chair, รองประธาน is not)."""
    p = re.sub(r"\s+", "", position)
    if p.startswith("รองประธาน"):
        return Role.VICE_CHAIR
    if p.startswith("ประธาน"):
        return Role.CHAIR
    if "ผู้ช่วย" in p:
        return Role.OTHER
    if "เลขานุการ" in p or p == "เลขา":
        return Role.SECRETARY
    if "เหรัญญิก" in p:
        return Role.TREASURER
    if p.startswith("กรรมการ"):
        return Role.MEMBER
    return Role.OTHER


# ---------------------------------------------------------------------------
# Building blocks.
# ---------------------------------------------------------------------------


class DocModel(BaseModel):
    """Base of every schema: extra keys are ignored, text is trimmed."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    @model_validator(mode="before")
    @classmethod
    def _null_is_not_given(cls, data: Any) -> Any:
        """JSON `null` means "not given": the default applies, or a required field is missing."""
        if isinstance(data, Mapping):
            return {k: v for k, v in data.items() if v is not None}
        return data


def _address_fields(text: str) -> dict[str, str]:
    """The parts of an address written as one line (12 ม.3 ต.ท่าพระ อ.เมืองขอนแก่น จ.ขอนแก่น)."""
    from docgen.thai.places import parse_address

    place = parse_address(text)
    fields = {
        "house_no": place.house_no,
        "moo": place.moo,
        "subdistrict": place.subdistrict,
        "district": place.district,
        "province": place.province,
    }
    postal = re.search(r"(?<!\d)\d{5}(?!\d)", thai_to_arabic_digits(text))
    if postal:
        fields["postal_code"] = postal.group(0)
    return {k: v for k, v in fields.items() if v}


def _joined_name(data: Any) -> Any:
    """`prefix` + `first_name` + `last_name` given apart make `name` (นาย + สมชาย + ใจดี)."""
    if not isinstance(data, Mapping) or data.get("name"):
        return data
    first = str(data.get("first_name") or "").strip()
    last = str(data.get("last_name") or "").strip()
    if not first:
        return data
    prefix = str(data.get("prefix") or data.get("title") or "").strip()
    return {**data, "name": f"{prefix}{first} {last}".strip()}


class Address(DocModel):
    @model_validator(mode="before")
    @classmethod
    def _one_line(cls, data: Any) -> Any:
        if isinstance(data, str) and data.strip():
            return _address_fields(data)
        return data

    house_no: Text = Field("", title="บ้านเลขที่", max_length=40)
    moo: Moo = Field("", title="หมู่ที่")
    village: Text = Field("", title="หมู่บ้าน", max_length=120)
    subdistrict: PlaceName = Field(title="ตำบล", min_length=1, max_length=80)
    district: PlaceName = Field(title="อำเภอ", min_length=1, max_length=80)
    province: PlaceName = Field(title="จังหวัด", min_length=1, max_length=80)
    postal_code: Text = Field("", title="รหัสไปรษณีย์", max_length=5)


class Member(DocModel):
    @model_validator(mode="before")
    @classmethod
    def _one_line_address(cls, data: Any) -> Any:
        """`"address": "12 ม.3 ต.ท่าพระ ..."` fills the address fields not given on their own."""
        data = _joined_name(data)
        if isinstance(data, Mapping) and isinstance(data.get("address"), str):
            return _address_fields(data["address"]) | {k: v for k, v in data.items() if v}
        return data

    name: Text = Field(title="ชื่อ-สกุล", min_length=2, max_length=200)
    national_id: NationalId = Field(None, title="เลขประจำตัวประชาชน")
    house_no: Text = Field("", title="บ้านเลขที่", max_length=40)
    moo: Moo = Field("", title="หมู่ที่")
    subdistrict: PlaceName = Field("", title="ตำบล", max_length=80)
    district: PlaceName = Field("", title="อำเภอ", max_length=80)
    province: PlaceName = Field("", title="จังหวัด", max_length=80)
    phone: Text = Field("", title="โทรศัพท์", max_length=40)


class CommitteeSeat(DocModel):
    @model_validator(mode="before")
    @classmethod
    def _name_apart(cls, data: Any) -> Any:
        return _joined_name(data)

    name: Text = Field(title="ชื่อ-สกุล", min_length=2, max_length=200)
    position: Text = Field(title="ตำแหน่ง", min_length=2, max_length=80)
    phone: Text = Field("", title="โทรศัพท์", max_length=40)


class PlannedActivity(DocModel):
    name: Text = Field(title="กิจกรรม", min_length=2, max_length=300)
    period: Text = Field("", title="ระยะเวลา", max_length=120)
    location: Text = Field("", title="สถานที่", max_length=200)
    budget: Amount = Field(Decimal(0), title="งบประมาณ (บาท)", ge=0, le=Decimal("1e10"))
    responsible: Text = Field("", title="ผู้รับผิดชอบ", max_length=200)


def _check_committee_roles(seats: list[CommitteeSeat]) -> None:
    roles = {committee_role(s.position) for s in seats}
    missing = [
        label
        for role, label in (
            (Role.CHAIR, "ประธาน"),
            (Role.SECRETARY, "เลขานุการ"),
            (Role.TREASURER, "เหรัญญิก"),
        )
        if role not in roles
    ]
    if missing:
        raise ValueError("คณะกรรมการ: ไม่มีตำแหน่ง " + ", ".join(missing))


class BylawChoices(DocModel):
    """What the group decides in its bylaws; defaults follow common district drafts."""

    share_value: Amount = Field(Decimal(100), title="มูลค่าหุ้นละ (บาท)", gt=0, le=100000)
    min_shares: Count = Field(1, title="จำนวนหุ้นขั้นต่ำต่อสมาชิก", ge=1, le=1000)
    max_share_percent: Count = Field(20, title="ถือหุ้นได้ไม่เกินร้อยละของหุ้นทั้งหมด", ge=1, le=100)
    entry_fee: Amount = Field(Decimal(0), title="ค่าธรรมเนียมแรกเข้า (บาท)", ge=0, le=100000)
    committee_size: Count = Field(5, title="จำนวนกรรมการ", ge=3, le=25)
    term_years: Count = Field(2, title="วาระกรรมการ (ปี)", ge=1, le=5)
    meeting_frequency: Text = Field("ทุก 3 เดือน", title="การประชุมคณะกรรมการ", max_length=80)
    annual_meeting_month: Text = Field("มกราคม", title="เดือนที่ประชุมใหญ่สามัญประจำปี", max_length=40)
    fiscal_year_end: Text = Field("31 ธันวาคม", title="วันสิ้นปีบัญชี", max_length=40)
    reserve_percent: Count = Field(10, title="เงินทุนสำรอง (ร้อยละของกำไรสุทธิ)", ge=0, le=100)
    dividend_percent: Count = Field(60, title="เงินปันผลตามหุ้น (ร้อยละ)", ge=0, le=100)
    welfare_percent: Count = Field(10, title="สวัสดิการสมาชิก (ร้อยละ)", ge=0, le=100)
    committee_bonus_percent: Count = Field(10, title="ค่าตอบแทนกรรมการ (ร้อยละ)", ge=0, le=100)
    public_benefit_percent: Count = Field(10, title="สาธารณประโยชน์ (ร้อยละ)", ge=0, le=100)
    bank: Text = Field("ธนาคารเพื่อการเกษตรและสหกรณ์การเกษตร", title="ธนาคารที่ฝากเงิน", max_length=120)
    cash_limit: Amount = Field(Decimal(5000), title="เงินสดในมือไม่เกิน (บาท)", ge=0, le=10**9)

    @model_validator(mode="after")
    def _profit_shares(self) -> BylawChoices:
        total = (
            self.reserve_percent
            + self.dividend_percent
            + self.welfare_percent
            + self.committee_bonus_percent
            + self.public_benefit_percent
        )
        if total != 100:
            raise ValueError(f"การจัดสรรกำไรสุทธิ: ร้อยละรวมกันต้องเท่ากับ 100 (ตอนนี้ {total})")
        return self


# ---------------------------------------------------------------------------
# One schema per template kind.
# ---------------------------------------------------------------------------


class GroupDoc(DocModel):
    group_name: GroupName = Field(title="ชื่อกลุ่ม", min_length=6, max_length=200)
    address: Address = Field(title="ที่ตั้งกลุ่ม")


DEFAULT_ATTACHMENTS: tuple[str, ...] = (
    "ข้อบังคับกลุ่ม",
    "รายชื่อคณะกรรมการ",
    "บัญชีรายชื่อสมาชิก",
    "แผนงาน/กิจกรรมของกลุ่ม",
)


class RequestFormData(GroupDoc):
    phone: Text = Field("", title="โทรศัพท์", max_length=40)
    purpose: Text = Field(title="วัตถุประสงค์ของกลุ่ม", min_length=2, max_length=4000)
    main_activity: Text = Field(title="กิจกรรมหลัก", min_length=2, max_length=300)
    member_count: Count = Field(title="จำนวนสมาชิก (ราย)", ge=1, le=100000)
    established: ThaiDate = Field(title="วันที่จัดตั้งกลุ่ม")
    request_date: ThaiDate = Field(title="วันที่ยื่นคำขอ")
    chair_name: Text = Field(title="ชื่อประธานกลุ่ม", min_length=2, max_length=200)
    attachments: list[Text] = Field(
        default_factory=lambda: list(DEFAULT_ATTACHMENTS), title="เอกสารแนบ", max_length=20
    )


class BylawsData(BylawChoices, GroupDoc):
    main_activity: Text = Field(title="กิจกรรมหลัก", min_length=2, max_length=300)
    purpose: Text = Field(title="วัตถุประสงค์ของกลุ่ม", min_length=2, max_length=4000)
    established: ThaiDate = Field(title="วันที่จัดตั้งกลุ่ม")
    chair_name: Text = Field(title="ชื่อประธานกลุ่ม", min_length=2, max_length=200)


class CommitteeListData(GroupDoc):
    committee: list[CommitteeSeat] = Field(title="คณะกรรมการ", min_length=1, max_length=50)
    term_years: Count = Field(2, title="วาระกรรมการ (ปี)", ge=1, le=5)
    listed_date: ThaiDate = Field(title="วันที่จัดทำ")

    @field_validator("committee")
    @classmethod
    def _roles(cls, committee: list[CommitteeSeat]) -> list[CommitteeSeat]:
        _check_committee_roles(committee)
        return committee


class MemberRosterData(GroupDoc):
    members: list[Member] = Field(title="สมาชิก", min_length=1, max_length=5000)
    listed_date: ThaiDate = Field(title="วันที่จัดทำ")
    chair_name: Text = Field(title="ชื่อประธานกลุ่ม", min_length=2, max_length=200)


class ActivityPlanData(GroupDoc):
    plan_year: BeYear = Field(title="ปีงบประมาณ (พ.ศ.)")
    activities: list[PlannedActivity] = Field(title="กิจกรรม", min_length=1, max_length=200)
    plan_date: ThaiDate = Field(title="วันที่จัดทำ")
    chair_name: Text = Field(title="ชื่อประธานกลุ่ม", min_length=2, max_length=200)


class OfficeFields(DocModel):
    """The issuing office and the signing officer, filled from the registry's office profile."""

    office_name: Text = Field("", title="ชื่อส่วนราชการ", max_length=200)
    office_address: Text = Field("", title="ที่อยู่ส่วนราชการ", max_length=400)
    office_phone: Text = Field("", title="โทรศัพท์ส่วนราชการ", max_length=60)
    signer_name: Text = Field("", title="ชื่อผู้ลงนาม", max_length=200)
    signer_position: Text = Field("", title="ตำแหน่งผู้ลงนาม", max_length=200)
    # A path on this machine, filled by the doors; never taken from uploaded data.
    emblem_path: Text = Field("", title="ไฟล์ตราสัญลักษณ์ (ระบบใส่ให้)", max_length=1000)


class CertificateData(OfficeFields, GroupDoc):
    certificate_no: CertificateNo = Field(title="เลขที่ใบรับรอง")
    member_count: Count = Field(title="จำนวนสมาชิก (ราย)", ge=1, le=100000)
    main_activity: Text = Field("", title="กิจกรรมหลัก", max_length=300)
    established: ThaiDate | None = Field(None, title="วันที่จัดตั้งกลุ่ม")
    issue_date: ThaiDate = Field(title="วันที่ออกใบรับรอง")
    officer_name: Text = Field(title="ชื่อเกษตรอำเภอ", min_length=2, max_length=200)
    officer_district: PlaceName = Field(
        "", title="อำเภอของเกษตรอำเภอ (ว่างไว้ = อำเภอที่ตั้งกลุ่ม)", max_length=80
    )


class MemoDocument(DocModel):
    label: Text = Field(title="เอกสาร", max_length=200)
    file: Text = Field("", title="ไฟล์", max_length=300)
    found: bool = Field(True, title="พบเอกสาร")


class MemoFinding(DocModel):
    severity: Text = Field("error", title="ระดับ", max_length=20)
    message: Text = Field(title="ข้อสังเกต", max_length=1000)
    where: Text = Field("", title="ตำแหน่ง", max_length=300)


class MemoSeat(DocModel):
    name: Text = Field("", title="ชื่อ-สกุล", max_length=200)
    position: Text = Field("", title="ตำแหน่ง", max_length=80)


class ReviewMemoData(OfficeFields, GroupDoc):
    # The memo reports what the bundle says, so the name is printed as written.
    group_name: Text = Field(title="ชื่อกลุ่ม", min_length=1, max_length=300)  # type: ignore[assignment]
    office: Text = Field("", title="ส่วนราชการ", max_length=200)
    ref_no: Text = Field("", title="ที่", max_length=80)
    memo_date: ThaiDate = Field(title="วันที่")
    member_count: Count = Field(title="จำนวนสมาชิก (ราย)", ge=0, le=100000)
    committee: list[MemoSeat] = Field(default_factory=list, title="คณะกรรมการ", max_length=200)
    documents: list[MemoDocument] = Field(default_factory=list, title="เอกสารที่ตรวจ", max_length=100)
    findings: list[MemoFinding] = Field(default_factory=list, title="ผลการตรวจ", max_length=2000)
    complete: bool = Field(title="เอกสารครบถ้วนถูกต้อง")
    officer_name: Text = Field("", title="ชื่อผู้ตรวจ", max_length=200)
    officer_position: Text = Field("นักวิชาการส่งเสริมการเกษตร", title="ตำแหน่งผู้ตรวจ", max_length=200)
    # Why the office certified a bundle whose check found errors (empty when it had none).
    override_reason: Text = Field("", title="เหตุผลที่อนุมัติทั้งที่พบรายการต้องแก้ไข", max_length=4000)


class ReportGroup(DocModel):
    group_name: Text = Field(title="ชื่อกลุ่ม", min_length=2, max_length=200)
    moo: Moo = Field("", title="หมู่ที่")
    subdistrict: PlaceName = Field("", title="ตำบล", max_length=80)
    district: PlaceName = Field("", title="อำเภอ", max_length=80)
    members: Count = Field(0, title="จำนวนสมาชิก", ge=0, le=100000)
    established: ThaiDate | None = Field(None, title="วันที่จัดตั้ง")
    main_activity: Text = Field("", title="กิจกรรมหลัก", max_length=300)
    certificate_no: Text = Field("", title="เลขที่ใบรับรอง", max_length=20)
    chair: Text = Field("", title="ประธาน", max_length=200)


class ReportTally(DocModel):
    name: Text = Field(title="ชื่อ", max_length=300)
    groups: int = Field(0, title="จำนวนกลุ่ม", ge=0)
    members: int = Field(0, title="จำนวนสมาชิก", ge=0)


class ReportReason(DocModel):
    label: Text = Field(title="เหตุที่ส่งคืน", max_length=300)
    count: int = Field(0, title="จำนวนคำขอ", ge=0)


class ReportApplications(DocModel):
    received: int = Field(0, title="คำขอที่รับ", ge=0)
    certified: int = Field(0, title="ออกใบรับรองแล้ว", ge=0)
    returned: int = Field(0, title="ส่งคืนแก้ไข", ge=0)
    pending: int = Field(0, title="อยู่ระหว่างพิจารณา", ge=0)
    reasons: list[ReportReason] = Field(default_factory=list, title="เหตุที่ส่งคืน", max_length=50)


class DistrictReportData(OfficeFields):
    district: PlaceName = Field(title="อำเภอ", min_length=1, max_length=80)
    province: PlaceName = Field(title="จังหวัด", min_length=1, max_length=80)
    year: BeYear = Field(title="ปี (พ.ศ.)")
    report_date: ThaiDate = Field(title="วันที่รายงาน")
    ref_no: Text = Field("", title="ที่", max_length=80)
    officer_name: Text = Field("", title="ชื่อเกษตรอำเภอ", max_length=200)
    groups: list[ReportGroup] = Field(default_factory=list, title="กลุ่ม", max_length=5000)
    notes: list[Text] = Field(default_factory=list, title="หมายเหตุ", max_length=50)
    # Reports from the registry (docgen.reports) fill these; hand-made data may leave them out.
    scope: Text = Field("district", title="ระดับรายงาน (district หรือ province)", max_length=20)
    period_label: Text = Field("", title="ช่วงเวลา (ว่างไว้ = ประจำปี พ.ศ.)", max_length=200)
    by_area: list[ReportTally] = Field(default_factory=list, title="สรุปตามพื้นที่", max_length=1000)
    by_activity: list[ReportTally] = Field(
        default_factory=list, title="สรุปตามกิจกรรมหลัก", max_length=1000
    )
    applications: ReportApplications | None = Field(None, title="คำขอในช่วงเวลา")
    chart_area: Text = Field("", title="แผนภูมิตามพื้นที่ (ระบบใส่ให้)", max_length=10)
    chart_activity: Text = Field("", title="แผนภูมิตามกิจกรรม (ระบบใส่ให้)", max_length=10)


class GroupData(GroupDoc):
    """One group's whole data: what `docgen render bundle` takes."""

    phone: Text = Field("", title="โทรศัพท์", max_length=40)
    purpose: Text = Field(title="วัตถุประสงค์ของกลุ่ม", min_length=2, max_length=4000)
    main_activity: Text = Field(title="กิจกรรมหลัก", min_length=2, max_length=300)
    established: ThaiDate = Field(title="วันที่จัดตั้งกลุ่ม")
    request_date: ThaiDate | None = Field(None, title="วันที่ยื่นคำขอ (ว่างไว้ = วันที่จัดตั้ง)")
    plan_year: BeYear | None = Field(None, title="ปีของแผนงาน (พ.ศ.)")
    members: list[Member] = Field(title="สมาชิก", min_length=1, max_length=5000)
    committee: list[CommitteeSeat] = Field(title="คณะกรรมการ", min_length=1, max_length=50)
    bylaws: BylawChoices = Field(
        default_factory=lambda: BylawChoices.model_validate({}), title="ข้อบังคับ"
    )
    activities: list[PlannedActivity] = Field(title="กิจกรรม", min_length=1, max_length=200)

    # A field validator, so committee problems are named with the other bad fields at once.
    @field_validator("committee")
    @classmethod
    def _committee(
        cls, committee: list[CommitteeSeat], info: ValidationInfo
    ) -> list[CommitteeSeat]:
        _check_committee_roles(committee)
        members = info.data.get("members")
        if members is not None:  # when the roster itself is bad, that is reported instead
            names = {re.sub(r"\s+", "", m.name) for m in members}
            outsiders = [s.name for s in committee if re.sub(r"\s+", "", s.name) not in names]
            if outsiders:
                raise ValueError(
                    "คณะกรรมการต้องเป็นสมาชิก: ไม่พบในบัญชีรายชื่อสมาชิก " + ", ".join(outsiders)
                )
        return committee

    @property
    def chair_name(self) -> str:
        return next(s.name for s in self.committee if committee_role(s.position) == Role.CHAIR)

    def effective_plan_year(self) -> int:
        return self.plan_year or be_year(self.request_date or self.established)


SCHEMAS: dict[str, type[DocModel]] = {
    "request_form": RequestFormData,
    "bylaws": BylawsData,
    "committee_list": CommitteeListData,
    "member_roster": MemberRosterData,
    "activity_plan": ActivityPlanData,
    "certificate": CertificateData,
    "review_memo": ReviewMemoData,
    "district_report": DistrictReportData,
}


# ---------------------------------------------------------------------------
# Validation with Thai messages that name each bad field.
# ---------------------------------------------------------------------------

_MESSAGES: dict[str, str] = {
    "missing": "ต้องกรอก",
    "string_type": "ต้องเป็นข้อความ",
    "string_too_short": "ต้องกรอก (สั้นเกินไป)",
    "string_too_long": "ยาวเกิน {max_length} ตัวอักษร",
    "int_type": "ต้องเป็นจำนวนเต็ม",
    "int_parsing": "ต้องเป็นจำนวนเต็ม",
    "int_from_float": "ต้องเป็นจำนวนเต็ม",
    "decimal_parsing": "ต้องเป็นตัวเลข",
    "decimal_type": "ต้องเป็นตัวเลข",
    "float_parsing": "ต้องเป็นตัวเลข",
    "bool_parsing": "ต้องเป็น true หรือ false",
    "bool_type": "ต้องเป็น true หรือ false",
    "greater_than_equal": "ต้องไม่น้อยกว่า {ge}",
    "greater_than": "ต้องมากกว่า {gt}",
    "less_than_equal": "ต้องไม่เกิน {le}",
    "less_than": "ต้องน้อยกว่า {lt}",
    "too_short": "ต้องมีอย่างน้อย {min_length} รายการ",
    "too_long": "มีได้ไม่เกิน {max_length} รายการ",
    "list_type": "ต้องเป็นรายการ (list)",
    "model_type": "ต้องเป็นชุดข้อมูล (object)",
    "model_attributes_type": "ต้องเป็นชุดข้อมูล (object)",
    "dict_type": "ต้องเป็นชุดข้อมูล (object)",
    "date_type": "ต้องเป็นวันที่",
    "decimal_max_digits": "ตัวเลขยาวเกินไป",
    "finite_number": "ต้องเป็นตัวเลข",
}


def _submodel(annotation: Any) -> type[BaseModel] | None:
    """The pydantic model inside an annotation such as `list[Member]` or `Address | None`."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin is None and not isinstance(annotation, types.UnionType):
        return None
    for arg in typing.get_args(annotation):
        found = _submodel(arg)
        if found is not None:
            return found
    return None


def _label(model: type[BaseModel], loc: tuple[int | str, ...]) -> str:
    parts: list[str] = []
    current: type[BaseModel] | None = model
    for item in loc:
        if isinstance(item, int):
            parts.append(f"ลำดับที่ {item + 1}")
            continue
        info = current.model_fields.get(item) if current is not None else None
        if info is None:
            parts.append(str(item))
            current = None
            continue
        parts.append(info.title or item)
        current = _submodel(info.annotation)
    return " › ".join(parts)


def _key_path(loc: tuple[int | str, ...]) -> str:
    """The JSON path of a field as written in the data file: members[2].national_id."""
    path = ""
    for item in loc:
        path += f"[{item}]" if isinstance(item, int) else (f".{item}" if path else str(item))
    return path


def _message(error: Mapping[str, Any]) -> str:
    kind = error.get("type", "")
    if kind == "value_error":
        text = str(error.get("msg", ""))
        return text.removeprefix("Value error, ")
    template = _MESSAGES.get(kind)
    if template is None:
        return "ค่าไม่ถูกต้อง"
    try:
        return template.format(**(error.get("ctx") or {}))
    except (KeyError, IndexError):
        return template


def error_lines(model: type[BaseModel], exc: ValidationError, *, keys: bool = False) -> list[str]:
    """One Thai line per bad field, naming the field by its Thai label (and with `keys` its JSON
    key, for data files written by hand). Never echoes input."""
    lines: list[str] = []
    for error in exc.errors(include_input=False, include_url=False):
        loc = tuple(error.get("loc", ()))
        label = _label(model, loc)
        if keys and loc:
            label += f" ({_key_path(loc)})"
        message = _message(error)
        lines.append(f"{label}: {message}" if label else message)
    return lines


def validate_model(
    model: type[BaseModel], data: Mapping[str, Any], what_th: str, *, keys: bool = False
) -> BaseModel:
    if not isinstance(data, Mapping):
        raise UnusableInput(f"ข้อมูลสำหรับ{what_th}ต้องเป็นชุดข้อมูล JSON (object)")
    try:
        return model.model_validate(dict(data))
    except ValidationError as exc:
        lines = error_lines(model, exc, keys=keys)
        raise UnusableInput(
            f"ข้อมูลสำหรับ{what_th}ไม่ถูกต้อง {len(lines)} รายการ", errors=lines
        ) from None


def validate_data(kind: str, data: Mapping[str, Any], *, keys: bool = False) -> BaseModel:
    """Validate data for one template kind; raise UnusableInput naming every bad field in Thai."""
    model = SCHEMAS.get(kind)
    if model is None:
        raise UnusableInput(
            f"ไม่รู้จักแม่แบบ '{kind}' (มี: {', '.join(SCHEMAS)})",
        )
    from docgen.render.registry import label_th

    return validate_model(model, data, label_th(kind), keys=keys)


def validate_group(data: Mapping[str, Any]) -> GroupData:
    """Validate one group's whole data (for `render bundle`)."""
    model = validate_model(GroupData, data, "ชุดเอกสารของกลุ่ม", keys=True)
    assert isinstance(model, GroupData)
    return model
