"""Accounts: create them with an argon2id password hash, and check a password at sign-in."""

from __future__ import annotations

import contextlib
import re

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import select
from sqlalchemy.orm import Session

from docgen.model import UnusableInput
from docgen.registry.models import ROLE_ADMIN, ROLE_OFFICER, ROLE_PROVINCE, ROLES, Account

_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters
# A hash to verify against when the user does not exist, so timing does not tell.
_DUMMY_HASH = _hasher.hash("docgen-no-such-user")
USERNAME_RE = re.compile(r"^[A-Za-z0-9_.@-]{2,100}$")
MIN_PASSWORD_LENGTH = 8


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def create_account(
    session: Session,
    username: str,
    password: str,
    role: str,
    district_code: str | None = None,
    province_code: str | None = None,
    *,
    display_name: str = "",
) -> Account:
    """A new account. An officer needs a 4-digit district; a province account a 2-digit province.

    Raises `UnusableInput` (Thai message) for a bad name, role, code, short password or a
    username already taken.
    """
    errors: list[str] = []
    if not USERNAME_RE.match(username or ""):
        errors.append("ชื่อผู้ใช้ต้องเป็นอักษรอังกฤษ ตัวเลข หรือ . _ @ - ยาว 2-100 ตัว")
    if role not in ROLES:
        errors.append(f"บทบาทต้องเป็น {', '.join(ROLES)}")
    if len(password or "") < MIN_PASSWORD_LENGTH:
        errors.append(f"รหัสผ่านต้องยาวอย่างน้อย {MIN_PASSWORD_LENGTH} ตัวอักษร")
    if role == ROLE_OFFICER:
        if not (district_code and re.fullmatch(r"\d{4}", district_code)):
            errors.append("เจ้าหน้าที่อำเภอต้องระบุรหัสอำเภอ 4 หลัก (เช่น 4001)")
        else:
            province_code = province_code or district_code[:2]
    if role == ROLE_PROVINCE:
        if district_code and not province_code:
            province_code = district_code[:2]
        if not (province_code and re.fullmatch(r"\d{2}", province_code)):
            errors.append("บัญชีจังหวัดต้องระบุรหัสจังหวัด 2 หลัก (เช่น 40)")
        district_code = None
    if role == ROLE_ADMIN:
        district_code = province_code = None
    if not errors and session.scalar(select(Account.id).where(Account.username == username)):
        errors.append(f"มีผู้ใช้ชื่อ {username} อยู่แล้ว")
    if errors:
        raise UnusableInput("สร้างบัญชีผู้ใช้ไม่ได้", errors=errors)
    account = Account(
        username=username,
        password_hash=hash_password(password),
        role=role,
        district_code=district_code,
        province_code=province_code,
        display_name=display_name,
        active=True,
    )
    session.add(account)
    session.flush()
    return account


def get_account(session: Session, username: str) -> Account | None:
    return session.scalar(select(Account).where(Account.username == username))


def authenticate(session: Session, username: str, password: str) -> Account | None:
    """The account if the password is right and the account active, else None.

    Rehashes the password when the hashing parameters have moved on.
    """
    account = get_account(session, username)
    if account is None or not account.active:
        with contextlib.suppress(VerificationError):
            _hasher.verify(_DUMMY_HASH, password or "")
        return None
    try:
        _hasher.verify(account.password_hash, password or "")
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return None
    if _hasher.check_needs_rehash(account.password_hash):
        account.password_hash = hash_password(password)
    return account


def verify_password(password_hash: str | None, password: str) -> bool:
    """Whether `password` matches `password_hash` (None: no such account, still hashed, so the
    time does not tell). Touches no database: the caller runs it outside any transaction."""
    try:
        _hasher.verify(password_hash or _DUMMY_HASH, password or "")
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
    return password_hash is not None


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


def set_password(session: Session, account: Account, password: str) -> None:
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise UnusableInput(f"รหัสผ่านต้องยาวอย่างน้อย {MIN_PASSWORD_LENGTH} ตัวอักษร")
    account.password_hash = hash_password(password)
    session.flush()
