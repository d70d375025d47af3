"""The office profile (name, address, telephone, signer, emblem) and the people who sign documents."""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from docgen.model import UnusableInput
from docgen.registry.models import Account, Office

if TYPE_CHECKING:
    from docgen.storage import Store

# Where a document being made finds the emblem: the data folder (the emblem's key is a path
# under it), or a function from the emblem's storage key to a local file ("" when it is gone).
EmblemFiles = Path | Callable[[str], str] | None

MAX_EMBLEM_BYTES = 2 * 1024 * 1024
EMBLEM_DIR = "office"  # the emblems' folder in the store
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
PROFILE_LIMITS = {
    "office_name": 200,
    "address": 400,
    "phone": 60,
    "signer_name": 200,
    "signer_position": 200,
}
PROFILE_LABELS_TH = {
    "office_name": "ชื่อส่วนราชการ",
    "address": "ที่อยู่",
    "phone": "โทรศัพท์",
    "signer_name": "ชื่อผู้ลงนาม",
    "signer_position": "ตำแหน่งผู้ลงนาม",
}


def _district_names(district_code: str) -> tuple[str, str]:
    import geothai

    district = geothai.district(district_code)
    province = geothai.province(district_code[:2])
    if district is None or province is None:
        raise UnusableInput(f"ไม่พบอำเภอรหัส {district_code}")
    return district.name_th, province.name_th


@dataclass(frozen=True)
class OfficeProfile:
    """What a document prints about the office that issues it and who signs for it."""

    district_code: str
    district_name: str
    province_name: str
    office_name: str
    address: str
    phone: str
    signer_name: str
    signer_position: str
    emblem_path: str = ""  # its storage key (office/emblem-….png); "" when the office has none

    def render_fields(
        self, files: EmblemFiles = None, *, signer_name: str = "", signer_position: str = ""
    ) -> dict[str, str]:
        """The shared render fields (CertificateData, ReviewMemoData, DistrictReportData).

        `signer_*` stand in when the profile names no signer (the officer who decides).
        """
        emblem = ""
        if not self.emblem_path or files is None:
            pass
        elif isinstance(files, Path):
            path = files / self.emblem_path
            emblem = str(path) if path.is_file() else ""
        else:
            emblem = files(self.emblem_path)
        return {
            "office_name": self.office_name,
            "office_address": self.address,
            "office_phone": self.phone,
            "signer_name": self.signer_name or signer_name,
            "signer_position": self.signer_position or signer_position,
            "emblem_path": emblem,
        }


def default_office_name(district_name: str) -> str:
    return f"สำนักงานเกษตรอำเภอ{district_name}"


def default_signer_position(district_name: str) -> str:
    return f"เกษตรอำเภอ{district_name}"


def office_profile(session: Session, district_code: str) -> OfficeProfile:
    """The profile of a district's office; defaults from the district's name where unset."""
    office = session.get(Office, district_code)
    if office is not None:
        district_name, province_name = office.district_name_th, office.province_name_th
    else:
        district_name, province_name = _district_names(district_code)
    return OfficeProfile(
        district_code=district_code,
        district_name=district_name,
        province_name=province_name,
        office_name=(office.office_name if office else "") or default_office_name(district_name),
        address=(office.address if office else "") or "",
        phone=(office.phone if office else "") or "",
        signer_name=(office.signer_name if office else "") or "",
        signer_position=(office.signer_position if office else "")
        or default_signer_position(district_name),
        emblem_path=(office.emblem_path if office else "") or "",
    )


def _clean(value: Any, limit: int, label: str, errors: list[str]) -> str:
    text = " ".join(_CONTROL.sub(" ", str(value or "")).split())
    if len(text) > limit:
        errors.append(f"{label}ยาวเกินไป (ไม่เกิน {limit:,} ตัวอักษร)")
    return text[:limit]


def set_office_profile(session: Session, district_code: str, **fields: Any) -> Office:
    """Set some fields of a district office's profile (the office is made if it is new).

    Fields: office_name, address, phone, signer_name, signer_position, emblem_path (a path
    under the data dir from `store_emblem`). `None` leaves a field as it is; "" clears it.
    Raises UnusableInput naming each bad field.
    """
    if not (len(district_code or "") == 4 and district_code.isdigit()):
        raise UnusableInput("รหัสอำเภอต้องเป็นตัวเลข 4 หลัก (เช่น 4001)")
    unknown = set(fields) - set(PROFILE_LIMITS) - {"emblem_path"}
    if unknown:
        raise ValueError(f"unknown office fields: {sorted(unknown)}")
    office = session.get(Office, district_code)
    if office is None:
        district_name, province_name = _district_names(district_code)
        office = Office(
            district_code=district_code,
            province_code=district_code[:2],
            district_name_th=district_name,
            province_name_th=province_name,
        )
        session.add(office)
    errors: list[str] = []
    values = {
        name: _clean(fields[name], limit, PROFILE_LABELS_TH[name], errors)
        for name, limit in PROFILE_LIMITS.items()
        if fields.get(name) is not None
    }
    if errors:
        raise UnusableInput("บันทึกข้อมูลสำนักงานไม่ได้", errors=errors)
    for name, value in values.items():
        setattr(office, name, value)
    if fields.get("emblem_path") is not None:
        office.emblem_path = str(fields["emblem_path"])
    session.flush()
    return office


def emblem_kind(data: bytes) -> str:
    """`png` or `jpg` by the file's first bytes; UnusableInput for anything else or too big."""
    if not data:
        raise UnusableInput("ไฟล์ตราสัญลักษณ์ว่างเปล่า")
    if len(data) > MAX_EMBLEM_BYTES:
        raise UnusableInput("ไฟล์ตราสัญลักษณ์ใหญ่เกินไป (ไม่เกิน 2 MB)")
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg"
    raise UnusableInput("ตราสัญลักษณ์ต้องเป็นไฟล์ภาพ PNG หรือ JPEG")


def store_emblem(storage: Store, district_code: str, data: bytes) -> str:
    """Put an office's emblem into the store; its key (what the profile records).

    The one place that writes it. A new key for each upload: a document being made keeps
    reading the old one.
    """
    from docgen.storage import join_key

    kind = emblem_kind(data)
    if not (len(district_code) == 4 and district_code.isdigit()):
        raise UnusableInput("รหัสอำเภอต้องเป็นตัวเลข 4 หลัก (เช่น 4001)")
    key = join_key(EMBLEM_DIR, f"emblem-{district_code}-{secrets.token_hex(4)}.{kind}")
    storage.put_bytes(key, data)
    return key


# ---------------------------------------------------------------------------
# People who sign
# ---------------------------------------------------------------------------


def set_account_profile(
    session: Session, account: Account, *, name: str | None = None, position: str | None = None
) -> Account:
    """Set an account's Thai full name and position (what pages and documents print)."""
    errors: list[str] = []
    if name is not None:
        cleaned = _clean(name, 200, "ชื่อ-นามสกุล", errors)
        if not cleaned:
            errors.append("โปรดกรอกชื่อ-นามสกุล")
        elif not re.search(r"[\u0e01-\u0e4f]", cleaned):
            errors.append("ชื่อ-นามสกุลต้องเป็นภาษาไทย เช่น นายสมชาย ใจดี")
        account.display_name = cleaned
    if position is not None:
        account.position = _clean(position, 200, "ตำแหน่ง", errors)
    if errors:
        raise UnusableInput("บันทึกข้อมูลผู้ใช้ไม่ได้", errors=errors)
    session.flush()
    return account


def person_name(account: Account | None) -> str:
    """The name a page or document shows for an account: its Thai name, never the login."""
    if account is None:
        return ""
    return account.display_name or ""


def office_fields(
    session: Session,
    district_code: str | None,
    files: EmblemFiles,
    *,
    signer_name: str = "",
    signer_position: str = "",
) -> dict[str, str]:
    """The shared render fields of a district's office ({} when the district is unknown).

    `files` finds the emblem (see `EmblemFiles`; `docgen.storage.local_file_of` for a store)."""
    if not district_code:
        return {}
    try:
        profile = office_profile(session, district_code)
    except UnusableInput:
        return {}
    return profile.render_fields(files, signer_name=signer_name, signer_position=signer_position)
