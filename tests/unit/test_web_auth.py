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


def test_registry_throttle_refuses_past_the_limit_by_a_read_and_writes_nothing(
    tmp_path: Path,
) -> None:
    from sqlalchemy import func, select

    from docgen.registry.db import make_engine, make_session_factory, migrate
    from docgen.registry.models import LoginFailure
    from docgen.web.app import make_read_engine

    engine = make_engine(f"sqlite:///{tmp_path / 'r.sqlite3'}")
    migrate(engine)
    sessions = make_session_factory(engine)
    reads = make_session_factory(make_read_engine(engine))
    throttle = LoginThrottle(limit=3, sessions=sessions, reads=reads)
    tokens = [throttle.attempt("somchai", "10.0.0.1") for _ in range(3)]
    assert all(t is not None for t in tokens)

    def rows() -> int:
        with sessions() as s:
            return int(s.scalar(select(func.count()).select_from(LoginFailure)) or 0)

    assert rows() == 6  # each attempt counted for its username and its address
    written: list[object] = []
    throttle._try_attempt = lambda keys: written.append(keys)  # type: ignore[method-assign]
    assert throttle.attempt("Somchai", "10.0.0.2") is None  # refused by the read alone
    assert throttle.attempt("other", "10.0.0.1") is None
    assert written == [] and rows() == 6
    throttle.attempt("other", "10.0.0.3")  # keys under the limit: counted by the write
    assert written == [("user:other", "addr:10.0.0.3")]
    engine.dispose()


def test_password_hashes_run_on_a_lower_priority_thread_of_their_own() -> None:
    import os
    import sys
    import threading

    from docgen.web.auth import HASH_NICE, hash_apart

    def where() -> tuple[str, int]:
        return threading.current_thread().name, os.getpriority(
            os.PRIO_PROCESS, threading.get_native_id()
        )

    name, nice = hash_apart(where)
    assert name.startswith("docgen-argon2") and hash_apart(where)[0] == name  # one thread
    if sys.platform.startswith("linux"):
        assert nice >= HASH_NICE
        assert where()[1] < HASH_NICE or os.getpriority(os.PRIO_PROCESS, 0) >= HASH_NICE
