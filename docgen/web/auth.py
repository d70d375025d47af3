"""Officer credentials: signed session cookies for pages, bearer tokens for the API, CSRF tokens."""

from __future__ import annotations

import hmac
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from itsdangerous import BadSignature, URLSafeTimedSerializer

SESSION_COOKIE = "docgen_session"
LOGIN_CSRF_COOKIE = "docgen_login_csrf"
SESSION_MAX_AGE_S = 12 * 60 * 60  # one working day
TOKEN_MAX_AGE_S = 12 * 60 * 60
SECRET_FILE = "secret_key"


def load_secret(data_dir: Path, configured: str | None = None) -> str:
    """The signing secret: `DOCGEN_SECRET_KEY`, else one generated once and kept in the data dir (0600)."""
    if configured:
        return configured
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / SECRET_FILE
    try:
        return path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        pass
    secret = secrets.token_urlsafe(48)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process won the race: use theirs
        return path.read_text(encoding="ascii").strip()
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(secret)
    return secret


@dataclass(frozen=True)
class Officer:
    """The signed-in account, as the web door needs it (no password hash)."""

    id: Any
    username: str
    role: str  # officer | province | admin
    district_code: str | None
    province_code: str | None
    display_name: str = ""
    csrf: str = ""  # the session's CSRF token (empty for bearer tokens, which need none)

    @property
    def can_act(self) -> bool:
        """Officers act on their district's applications; province accounts only read."""
        return self.role in ("officer", "admin")

    def may_read(self, district_code: str | None) -> bool:
        if self.role == "admin":
            return True
        if not district_code:
            return False
        if self.role == "officer":
            return district_code == self.district_code
        if self.role == "province":
            return bool(self.province_code) and district_code.startswith(self.province_code or "")
        return False

    def may_act(self, district_code: str | None) -> bool:
        return self.can_act and self.may_read(district_code)


class Signer:
    """Signs and reads session cookies, API tokens and login CSRF values with one secret."""

    def __init__(self, secret: str) -> None:
        self._session = URLSafeTimedSerializer(secret, salt="docgen.session")
        self._token = URLSafeTimedSerializer(secret, salt="docgen.api-token")
        self._secret = secret.encode()

    def session_value(self, account_id: Any) -> str:
        return self._session.dumps({"uid": account_id, "csrf": secrets.token_urlsafe(24)})

    def read_session(self, value: str | None) -> tuple[Any, str] | None:
        if not value:
            return None
        try:
            data = self._session.loads(value, max_age=SESSION_MAX_AGE_S)
        except BadSignature:
            return None
        if not isinstance(data, dict) or "uid" not in data:
            return None
        return data["uid"], str(data.get("csrf", ""))

    def api_token(self, account_id: Any) -> str:
        return self._token.dumps({"uid": account_id})

    def read_token(self, value: str | None) -> Any | None:
        if not value:
            return None
        try:
            data = self._token.loads(value, max_age=TOKEN_MAX_AGE_S)
        except BadSignature:
            return None
        if not isinstance(data, dict) or "uid" not in data:
            return None
        return data["uid"]


def csrf_matches(expected: str, given: str | None) -> bool:
    """Constant-time comparison; an empty expected token never matches."""
    return bool(expected) and given is not None and hmac.compare_digest(expected, given)


class LoginThrottle:
    """Slows password guessing: after `limit` failures for one username (or from one address)
    within `window_s`, further attempts are refused until the oldest failure ages out.
    In memory, per process: enough for one office's server; argon2 already makes each guess slow.
    """

    def __init__(self, limit: int = 10, window_s: float = 15 * 60) -> None:
        self.limit = limit
        self.window_s = window_s
        self._failures: dict[str, list[float]] = {}

    def _keys(self, username: str, address: str) -> tuple[str, str]:
        return f"user:{username.strip().lower()}", f"addr:{address}"

    def _recent(self, key: str, now: float) -> list[float]:
        times = [t for t in self._failures.get(key, []) if now - t < self.window_s]
        if times:
            self._failures[key] = times
        else:
            self._failures.pop(key, None)
        return times

    def blocked(self, username: str, address: str, now: float | None = None) -> bool:
        import time

        now = time.monotonic() if now is None else now
        return any(len(self._recent(k, now)) >= self.limit for k in self._keys(username, address))

    def failed(self, username: str, address: str, now: float | None = None) -> None:
        import time

        now = time.monotonic() if now is None else now
        if len(self._failures) > 10_000:  # bounded memory under a flood of names
            self._failures.clear()
        for key in self._keys(username, address):
            self._failures.setdefault(key, []).append(now)

    def succeeded(self, username: str, address: str) -> None:
        self._failures.pop(self._keys(username, address)[0], None)
