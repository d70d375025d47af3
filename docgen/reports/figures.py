"""Report figures: periods, group and application records, totals by area and by activity."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from docgen.model import UnusableInput
from docgen.thai.dates import BE_OFFSET, thai_date

# ---------------------------------------------------------------------------
# Periods: a Buddhist year, a fiscal year (Oct–Sep), a date range.
# ---------------------------------------------------------------------------


def _ce_year(be_year: int) -> int:
    if 1900 <= be_year < 2200:  # someone typed a CE year: they mean the same year
        return be_year
    if not 2400 <= be_year <= 2800:
        raise UnusableInput(f"ปี พ.ศ. {be_year} ไม่ถูกต้อง (ตัวอย่าง: 2569)")
    return be_year - BE_OFFSET


@dataclass(frozen=True)
class Period:
    """Days from `start` to `end`, both included, with the Thai words that name them."""

    start: dt.date
    end: dt.date
    label_th: str  # ปี พ.ศ. 2569 / ปีงบประมาณ พ.ศ. 2569 / ระหว่างวันที่ ... ถึง ...
    data_year: int  # the BE year the province files the data under (ปีข้อมูล)

    @classmethod
    def be_year(cls, year: int) -> Period:
        ce = _ce_year(year)
        return cls(
            dt.date(ce, 1, 1), dt.date(ce, 12, 31), f"ปี พ.ศ. {ce + BE_OFFSET}", ce + BE_OFFSET
        )

    @classmethod
    def fiscal_year(cls, year: int) -> Period:
        """ปีงบประมาณ 2569 = 1 October 2025 to 30 September 2026."""
        ce = _ce_year(year)
        return cls(
            dt.date(ce - 1, 10, 1),
            dt.date(ce, 9, 30),
            f"ปีงบประมาณ พ.ศ. {ce + BE_OFFSET}",
            ce + BE_OFFSET,
        )

    @classmethod
    def date_range(cls, start: dt.date, end: dt.date) -> Period:
        if end < start:
            raise UnusableInput("วันที่สิ้นสุดต้องไม่ก่อนวันที่เริ่มต้น")
        return cls(
            start,
            end,
            f"ระหว่างวันที่ {thai_date(start)} ถึงวันที่ {thai_date(end)}",
            end.year + BE_OFFSET,
        )

    def __contains__(self, day: object) -> bool:
        if isinstance(day, dt.datetime):
            day = day.date()
        return isinstance(day, dt.date) and self.start <= day <= self.end


# ---------------------------------------------------------------------------
# Records: what the reports read (from the registry or an imported workbook).
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class GroupRecord:
    """A certified group as the district reports it to the province."""

    name: str
    subdistrict: str = ""
    district: str = ""
    province: str = ""
    moo: str = ""
    house_no: str = ""
    phone: str = ""
    members: int = 0
    chair: str = ""
    main_activity: str = ""
    established: dt.date | None = None
    certificate_no: str = ""
    certified_on: dt.date | None = None
    subdistrict_code: str = ""
    district_code: str = ""
    province_code: str = ""

    @property
    def report_date(self) -> dt.date | None:
        """The day that places the group in a period: its certificate, else its founding."""
        return self.certified_on or self.established


# Application statuses (registry) grouped as the report counts them.
PENDING_STATUSES = frozenset({"received", "checking", "checked", "approved", "failed"})


@dataclass(frozen=True)
class ApplicationRecord:
    """An application bundle: when it came in, where it stands, the error codes its check found."""

    received_on: dt.date
    status: str
    error_codes: tuple[str, ...] = ()
    subdistrict: str = ""
    district: str = ""


# What each finding code means to an officer, as a reason a bundle went back.
REASON_TH: dict[str, str] = {
    "MISSING_DOCUMENT": "เอกสารไม่ครบ 5 รายการ",
    "UNREADABLE_FILE": "ไฟล์เสียหรือเปิดอ่านไม่ได้",
    "BUNDLE_REJECTED": "ไฟล์ที่ส่งไม่ปลอดภัยหรือเกินขนาด",
    "GROUP_NAME_PREFIX": "ชื่อกลุ่มไม่ขึ้นต้นด้วยคำว่า กลุ่ม",
    "TOO_FEW_MEMBERS": "สมาชิกไม่ถึง 10 ราย",
    "DUPLICATE_MEMBER": "มีรายชื่อสมาชิกซ้ำ",
    "INVALID_NATIONAL_ID": "เลขประจำตัวประชาชนไม่ถูกต้อง",
    "COMMITTEE_TOO_SMALL": "คณะกรรมการไม่ถึง 3 คน",
    "COMMITTEE_ROLE_MISSING": "ไม่มีประธาน เลขานุการ หรือเหรัญญิก",
    "COMMITTEE_NOT_MEMBER": "กรรมการไม่อยู่ในบัญชีรายชื่อสมาชิก",
    "BYLAWS_TOPIC_MISSING": "ข้อบังคับขาดหัวข้อที่กำหนด",
    "ACTIVITY_PLAN_EMPTY": "แผนงานไม่มีกิจกรรม",
}
OTHER_REASON_TH = "เหตุอื่นตามที่เจ้าหน้าที่ระบุ"


# ---------------------------------------------------------------------------
# Figures.
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Tally:
    """Groups and members under one heading (a subdistrict, a district, an activity)."""

    name: str
    groups: int
    members: int


@dataclass(frozen=True)
class ReasonCount:
    code: str
    label_th: str
    applications: int


@dataclass(frozen=True)
class ReportFigures:
    """Everything a report prints, computed once."""

    period: Period
    area_level: str  # "subdistrict" (a district's report) or "district" (a province's)
    groups: tuple[GroupRecord, ...]
    by_area: tuple[Tally, ...]
    by_activity: tuple[Tally, ...]
    received: int
    returned: int
    pending: int
    certified_applications: int
    reasons: tuple[ReasonCount, ...]
    has_applications: bool = field(default=False)

    @property
    def total_groups(self) -> int:
        return len(self.groups)

    @property
    def total_members(self) -> int:
        return sum(g.members for g in self.groups)


_UNKNOWN_AREA = "ไม่ระบุ"


def _activity_key(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip() or _UNKNOWN_AREA


def _tally(groups: Iterable[GroupRecord], key: str) -> tuple[Tally, ...]:
    counts: Counter[str] = Counter()
    members: Counter[str] = Counter()
    for g in groups:
        name = _activity_key(getattr(g, key))
        counts[name] += 1
        members[name] += g.members
    # Most groups first, then most members; the name last keeps the order stable.
    order = sorted(counts, key=lambda n: (n == _UNKNOWN_AREA, -counts[n], -members[n], n))
    return tuple(Tally(n, counts[n], members[n]) for n in order)


def _certificate_sort_key(g: GroupRecord) -> tuple[dt.date, int, str]:
    m = re.match(r"(\d+)/", g.certificate_no)
    return (g.report_date or dt.date.min, int(m[1]) if m else 0, g.name)


def compute_figures(
    groups: Sequence[GroupRecord],
    applications: Sequence[ApplicationRecord] | None,
    period: Period,
    *,
    area_level: str = "subdistrict",
    top_reasons: int = 5,
) -> ReportFigures:
    """The report's figures for one period.

    A group counts when its certificate (else its founding) date falls in the period; an
    application counts when it was received in the period. `applications` None means the data
    carries none (an imported workbook): the report then says nothing about applications.
    """
    if area_level not in ("subdistrict", "district"):
        raise ValueError(area_level)
    in_period = sorted(
        (g for g in groups if g.report_date in period),
        key=_certificate_sort_key,
    )
    apps = [a for a in applications or () if a.received_on in period]
    returned = [a for a in apps if a.status == "returned"]
    reason_counts: Counter[str] = Counter()
    for a in returned:
        for code in set(a.error_codes) or {"OTHER"}:
            reason_counts[code] += 1
    reasons = tuple(
        ReasonCount(code, REASON_TH.get(code, OTHER_REASON_TH), n)
        for code, n in sorted(
            reason_counts.items(), key=lambda kv: (-kv[1], kv[0] == "OTHER", kv[0])
        )[:top_reasons]
    )
    return ReportFigures(
        period=period,
        area_level=area_level,
        groups=tuple(in_period),
        by_area=_tally(in_period, area_level),
        by_activity=_tally(in_period, "main_activity"),
        received=len(apps),
        returned=len(returned),
        pending=sum(1 for a in apps if a.status in PENDING_STATUSES),
        certified_applications=sum(1 for a in apps if a.status == "certified"),
        reasons=reasons,
        has_applications=applications is not None,
    )
