"""Officer credentials: signed session cookies for pages, bearer tokens for the API, CSRF tokens."""

from __future__ import annotations

import contextlib
import hmac
import os
import random
import secrets
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

from itsdangerous import BadSignature, URLSafeTimedSerializer

SESSION_COOKIE = "docgen_session"
LOGIN_CSRF_COOKIE = "docgen_login_csrf"
SESSION_MAX_AGE_S = 12 * 60 * 60  # one working day
TOKEN_MAX_AGE_S = 12 * 60 * 60
SECRET_FILE = "secret_key"

T = TypeVar("T")


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

    An attempt is counted as a failure *before* its password is hashed (`attempt`), and taken
    back when it succeeds, so a burst of simultaneous guesses is cut off at the limit rather
    than all hashed. With `sessions` (the registry) the failures live in `login_failures`,
    shared by every web process; without, in this process's memory (tests, one-process tools).
    """

    def __init__(
        self,
        limit: int = 10,
        window_s: float = 15 * 60,
        sessions: Any = None,
        reads: Any = None,
    ) -> None:
        self.limit = limit
        self.window_s = window_s
        self.sessions = sessions
        self.reads = reads  # read-only sessions: refusals without taking the write lock
        self._failures: dict[str, list[float]] = {}
        self._lock = threading.Lock()
        self._registry_lock = threading.Lock()  # one attempt at a time in the registry, per process

    def _keys(self, username: str, address: str) -> tuple[str, str]:
        return f"user:{username.strip().lower()[:100]}", f"addr:{address[:100]}"

    # -- in memory ----------------------------------------------------------------------------

    def _recent(self, key: str, now: float) -> list[float]:
        times = [t for t in self._failures.get(key, []) if now - t < self.window_s]
        if times:
            self._failures[key] = times
        else:
            self._failures.pop(key, None)
        return times

    def blocked(self, username: str, address: str, now: float | None = None) -> bool:
        now = time.monotonic() if now is None else now
        with self._lock:
            return any(
                len(self._recent(k, now)) >= self.limit for k in self._keys(username, address)
            )

    def failed(self, username: str, address: str, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        with self._lock:
            if len(self._failures) > 10_000:  # bounded memory under a flood of names
                self._failures.clear()
            for key in self._keys(username, address):
                self._failures.setdefault(key, []).append(now)

    # -- one attempt: counted first, taken back on success -----------------------------------

    def attempt(self, username: str, address: str) -> Any | None:
        """Count this attempt as a failure now; None when over the limit (refuse, 429).
        Otherwise a token for `succeeded`."""
        if self.sessions is None:
            now = time.monotonic()
            with self._lock:
                keys = self._keys(username, address)
                if any(len(self._recent(k, now)) >= self.limit for k in keys):
                    return None
                for key in keys:
                    self._failures.setdefault(key, []).append(now)
            return now
        return self._attempt_in_registry(username, address)

    def _attempt_in_registry(self, username: str, address: str) -> Any | None:
        keys = self._keys(username, address)
        if self._over_limit(keys):
            return None  # refused by a read: a burst past the limit writes nothing
        deadline = time.monotonic() + 10
        while True:
            with self._registry_lock:
                outcome = self._try_attempt(keys)
            if outcome is not False or time.monotonic() > deadline:
                return outcome if outcome is not False else None
            # Another attempt on the same name holds its lock: wait without holding a connection.
            time.sleep(0.005 + random.random() * 0.02)

    def _over_limit(self, keys: tuple[str, str]) -> bool:
        """Whether a key already has `limit` failures in the window (a read, no write lock).

        Only a quick refusal: an attempt under the limit is counted, and counted again, inside
        `_try_attempt`'s locked transaction, so concurrent attempts still pass at most `limit`."""
        if self.reads is None:
            return False
        from sqlalchemy import func, select

        from docgen.registry.models import LoginFailure

        cutoff = datetime.now(UTC) - timedelta(seconds=self.window_s)
        with self.reads() as session:
            for key in keys:
                n = session.scalar(
                    select(func.count())
                    .select_from(LoginFailure)
                    .where(LoginFailure.key == key, LoginFailure.at >= cutoff)
                )
                if int(n or 0) >= self.limit:
                    return True
        return False

    def _try_attempt(self, keys: tuple[str, str]) -> Any:
        """The ids counted, None when over the limit, False when another attempt holds the lock."""
        from sqlalchemy import delete, func, select, text

        from docgen.registry.db import transaction
        from docgen.registry.models import LoginFailure

        now = datetime.now(UTC)
        cutoff = now - timedelta(seconds=self.window_s)
        with transaction(self.sessions) as session:
            if session.get_bind().dialect.name == "postgresql":
                # One attempt per name at a time (SQLite's BEGIN IMMEDIATE already does this), so
                # each sees the ones before it and exactly `limit` pass.
                for key in sorted(keys):
                    got = session.scalar(
                        text("SELECT pg_try_advisory_xact_lock(hashtext(:k))"),
                        {"k": f"docgen:{key}"},
                    )
                    if not got:
                        return False
            session.execute(delete(LoginFailure).where(LoginFailure.at < cutoff))
            rows = [LoginFailure(key=k, at=now) for k in keys]
            session.add_all(rows)
            session.flush()
            ids = [r.id for r in rows]
            over = False
            for row in rows:
                n = session.scalar(
                    select(func.count())
                    .select_from(LoginFailure)
                    .where(LoginFailure.key == row.key, LoginFailure.at >= cutoff)
                )
                over = over or int(n or 0) > self.limit
            if over:  # refused attempts do not count: the window ages as it would
                session.execute(delete(LoginFailure).where(LoginFailure.id.in_(ids)))
                return None
        return ids

    def succeeded(self, username: str, address: str, token: Any = None) -> None:
        """The password was right: forget the username's failures and this attempt's count."""
        user_key, addr_key = self._keys(username, address)
        if self.sessions is None:
            with self._lock:
                self._failures.pop(user_key, None)
                if token is not None and token in self._failures.get(addr_key, []):
                    self._failures[addr_key].remove(token)
            return
        from sqlalchemy import delete, or_

        from docgen.registry.db import transaction
        from docgen.registry.models import LoginFailure

        with transaction(self.sessions) as session:
            session.execute(
                delete(LoginFailure).where(
                    or_(LoginFailure.key == user_key, LoginFailure.id.in_(list(token or [])))
                )
            )


# -- sign-ins beside everything else ------------------------------------------------------------
#
# A burst of sign-ins must not slow uploads, pages or health checks. Three things keep it apart:
# sign-ins run on threads of their own (`SIGN_IN_THREADS` per web process, see `run_sign_in`),
# so waiting sign-ins never hold the threads every other request needs; their argon2 hashes
# run on one hashing thread per process at a lower CPU priority (`hash_apart`), so the kernel
# gives the cores to other requests first; and `hashing_slot` lets at most half the machine's
# cores hash at once across all web processes.

SIGN_IN_THREADS = 4
HASH_NICE = 10  # Linux nice of the hashing thread (0 is every other thread's)


async def run_sign_in(holder: Any, fn: Callable[..., T], *args: Any) -> T:
    """`fn(*args)` (a sign-in) in a worker thread, at most SIGN_IN_THREADS at a time per process:
    the others wait in the event loop, holding no thread of the pool that uploads and pages use.
    `holder` keeps the limiter (the app's WebContext; made on first use, in the event loop)."""
    import anyio.to_thread

    limiter = getattr(holder, "sign_in_limiter", None)
    if limiter is None:
        limiter = anyio.CapacityLimiter(SIGN_IN_THREADS)
        holder.sign_in_limiter = limiter
    return await anyio.to_thread.run_sync(fn, *args, limiter=limiter)


def _lower_this_threads_priority() -> None:
    # Linux's nice value belongs to one thread (PRIO_PROCESS with a thread id); elsewhere the
    # call would lower the whole process, or name another one: leave the priority alone there.
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), HASH_NICE)


_hash_pool: ThreadPoolExecutor | None = None
_hash_pool_lock = threading.Lock()


def _forget_hash_pool() -> None:
    global _hash_pool
    _hash_pool = None  # a forked child has none of its parent's threads


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_hash_pool)


def hash_apart(fn: Callable[..., T], *args: Any) -> T:
    """Run `fn(*args)` (argon2) on this process's hashing thread, at a lower CPU priority: under
    load the kernel runs uploads, pages and health checks first. Blocks until it is done."""
    global _hash_pool
    with _hash_pool_lock:
        if _hash_pool is None:
            _hash_pool = ThreadPoolExecutor(
                1, thread_name_prefix="docgen-argon2", initializer=_lower_this_threads_priority
            )
        pool = _hash_pool
    return pool.submit(fn, *args).result()


_process_slot = threading.BoundedSemaphore(1)


@contextmanager
def hashing_slot(data_dir: Path) -> Iterator[None]:
    """Wait for one of the machine's password-hashing slots (half its cores, at least one).

    argon2 is slow on purpose (about 0.1 s of a core and 64 MiB per sign-in, more on a busy
    machine): a burst of sign-ins across every web process hashes at most this many at a time,
    so uploads and pages keep the other cores. Slots are `flock`s on files in the data folder,
    shared by the processes of one machine; one hash at a time per process.
    """
    import fcntl

    slots = max(1, (os.cpu_count() or 2) // 2)
    folder = data_dir / ".hashing"
    with _process_slot:
        folder.mkdir(parents=True, exist_ok=True)
        handles = []
        try:
            for i in range(slots):
                fh = (folder / f"slot-{i}").open("a")
                handles.append(fh)
                try:
                    fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except OSError:
                    continue
                yield
                return
            fcntl.flock(handles[os.getpid() % slots], fcntl.LOCK_EX)  # all busy: wait for one
            yield
        finally:
            for fh in handles:
                fh.close()  # closing releases its lock
