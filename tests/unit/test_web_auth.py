"""Signing and throttling for the web door, without a server."""

from __future__ import annotations

from pathlib import Path

from docgen.web.auth import LoginThrottle, Officer, Signer, csrf_matches, load_secret


def test_throttle_blocks_after_the_limit_and_forgets_after_the_window() -> None:
    throttle = LoginThrottle(limit=3, window_s=60)
    for t in (0.0, 1.0, 2.0):
        assert not throttle.blocked("somchai", "10.0.0.1", now=t)
        throttle.failed("somchai", "10.0.0.1", now=t)
    assert throttle.blocked("Somchai ", "10.0.0.9", now=3.0)  # same user, any address
    assert throttle.blocked("someone-else", "10.0.0.1", now=3.0)  # same address, any user
    assert not throttle.blocked("someone-else", "10.0.0.2", now=3.0)
    assert not throttle.blocked("somchai", "10.0.0.1", now=62.5)  # the failures aged out


def test_signed_values_resist_tampering_and_other_keys() -> None:
    signer = Signer("k" * 40)
    cookie = signer.session_value(7)
    uid, csrf = signer.read_session(cookie)  # type: ignore[misc]
    assert uid == 7 and len(csrf) >= 24
    assert signer.read_session(cookie[:-2] + "xx") is None
    assert Signer("other-key-" * 4).read_session(cookie) is None
    token = signer.api_token(7)
    assert signer.read_token(token) == 7
    assert signer.read_token(cookie) is None  # a session cookie is not an API token
    assert signer.read_session(token) is None


def test_secret_is_made_once_and_private(tmp_path: Path) -> None:
    first = load_secret(tmp_path)
    assert load_secret(tmp_path) == first and len(first) >= 40
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
    assert load_secret(tmp_path, "configured") == "configured"


def test_csrf_and_roles() -> None:
    assert not csrf_matches("", "")
    assert csrf_matches("abc", "abc") and not csrf_matches("abc", "abd")
    province = Officer(id=1, username="p", role="province", district_code=None, province_code="40")
    assert province.may_read("4001") and not province.may_act("4001")
    assert not province.may_read("4101") and not province.may_read(None)
    officer = Officer(id=2, username="o", role="officer", district_code="4001", province_code="40")
    assert officer.may_act("4001") and not officer.may_read("4002")
