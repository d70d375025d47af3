"""Certificate numbers `ลำดับ/พ.ศ.` per district per Buddhist year, given atomically in the database.

Two rules hold whatever the number of workers: a number is never given twice, and none is
skipped. Each number is tied to an idempotency key (an application, or a batch row's group),
so a task that runs again with the same key gets the number it already has, never a second.

Numbers typed in a batch file ("given") are recorded as Certificate rows too, under the
group's key, with no schema change. They are "taken": the counter is not moved past them
(that would leave every number between unused, a gap), automatic numbering steps over them
instead. So the counter is the last automatic number, every number up to it is issued
(automatically or given), and given numbers above it wait until the sequence reaches them.
A given number held by another group, or a group that already holds another number, is a
clash: nothing of the batch is recorded (see `docgen.render.batch` for the office's view).

How: one counter row per (district, year), locked first (`INSERT ... ON CONFLICT DO UPDATE
... RETURNING`; PostgreSQL holds the row lock until commit, SQLite transactions start with
BEGIN IMMEDIATE, see `db.py`), in sorted order when a batch needs several. Under the lock the
keys and taken numbers are read, then the certificate rows written, all inside a savepoint:
if an insert still loses a race on a key (the same key under another district or year), the
savepoint is rolled back, the counter with it, and the whole step is tried again.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, and_, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from docgen.model import DocgenError
from docgen.registry.models import Certificate, CertificateCounter, Group
from docgen.render.batch import GivenNumber, GivenNumberClash, NumberClash
from docgen.thai.dates import be_year, today_in_thailand


def current_be_year(now: datetime | None = None) -> int:
    """The Buddhist Era year now, in Thailand (UTC+7)."""
    return be_year(today_in_thailand(now))


def format_number(seq: int, be_year: int) -> str:
    """`12/2569`."""
    return f"{seq}/{be_year}"


def _lock_counter(session: Session, district_code: str, be_year: int) -> int:
    """Lock the (district, year) counter row, creating it at 0, and give back its last number."""
    dialect = session.get_bind().dialect.name
    table = cast(Table, CertificateCounter.__table__)
    if dialect == "postgresql":
        pg_stmt = pg_insert(table).values(district_code=district_code, be_year=be_year, last_seq=0)
        stmt = pg_stmt.on_conflict_do_update(
            index_elements=["district_code", "be_year"],
            set_={"last_seq": table.c.last_seq},
        ).returning(table.c.last_seq)
    elif dialect == "sqlite":
        sl_stmt = sqlite_insert(table).values(
            district_code=district_code, be_year=be_year, last_seq=0
        )
        stmt = sl_stmt.on_conflict_do_update(
            index_elements=["district_code", "be_year"],
            set_={"last_seq": table.c.last_seq},
        ).returning(table.c.last_seq)
    else:  # pragma: no cover - only SQLite and PostgreSQL are supported
        raise DocgenError(f"ฐานข้อมูล {dialect} ไม่รองรับ ใช้ SQLite หรือ PostgreSQL")
    return int(session.execute(stmt).scalar_one())


def _set_counter(session: Session, district_code: str, be_year: int, last: int) -> None:
    session.execute(
        update(CertificateCounter)
        .where(
            CertificateCounter.district_code == district_code,
            CertificateCounter.be_year == be_year,
        )
        .values(last_seq=last)
    )


def _taken_above(session: Session, district_code: str, be_year: int, last: int) -> set[int]:
    """Numbers above the counter already issued: given in a batch file, waiting their turn."""
    return set(
        session.scalars(
            select(Certificate.seq).where(
                Certificate.district_code == district_code,
                Certificate.be_year == be_year,
                Certificate.seq > last,
            )
        )
    )


def _existing(session: Session, keys: Sequence[str]) -> dict[str, Certificate]:
    if not keys:
        return {}
    found: dict[str, Certificate] = {}
    # Chunked to stay under bind-parameter limits on big batches.
    for start in range(0, len(keys), 500):
        part = list(keys[start : start + 500])
        for cert in session.scalars(
            select(Certificate).where(Certificate.idempotency_key.in_(part))
        ):
            found[cert.idempotency_key] = cert
    return found


def _by_number(
    session: Session, wanted: Iterable[tuple[str, int, int]]
) -> dict[tuple[str, int, int], Certificate]:
    """Certificates by (district, year, seq)."""
    wanted = list(dict.fromkeys(wanted))
    found: dict[tuple[str, int, int], Certificate] = {}
    for start in range(0, len(wanted), 300):
        part = wanted[start : start + 300]
        cond = or_(
            *(
                and_(
                    Certificate.district_code == d,
                    Certificate.be_year == y,
                    Certificate.seq == n,
                )
                for d, y, n in part
            )
        )
        for cert in session.scalars(select(Certificate).where(cond)):
            found[(cert.district_code, cert.be_year, cert.seq)] = cert
    return found


def _digits(text: str) -> str:
    from docgen.thai.digits import thai_to_arabic_digits

    return "".join(re.findall(r"\d+", thai_to_arabic_digits(text)))


def _holder(session: Session, cert: Certificate) -> tuple[str, str]:
    """The (name, moo) of the group holding a certificate, as far as the registry knows."""
    group = None
    if cert.group_id is not None:
        group = session.get(Group, cert.group_id)
    if group is None and cert.application_id is not None:
        group = session.scalar(select(Group).where(Group.application_id == cert.application_id))
    if group is not None:
        return group.name, group.moo or ""
    if cert.idempotency_key.startswith("batch-certificate:"):
        parts = cert.idempotency_key.split(":", 1)[1].split("|")
        if len(parts) >= 3:
            return parts[1], parts[2]
    return "", ""


def find_clashes(session: Session, given: Sequence[GivenNumber]) -> list[NumberClash]:
    """Given numbers that cannot be accepted: held by another group, or for a group that
    already holds another number. Reads only."""
    return _clashes(session, given, _existing(session, [g.key for g in given]))[0]


def _clashes(
    session: Session, given: Sequence[GivenNumber], by_key: dict[str, Certificate]
) -> tuple[list[NumberClash], dict[tuple[str, int, int], Certificate]]:
    """The clashes, and the certificates already holding given numbers."""
    by_number = _by_number(
        session, ((g.district_code, g.be_year, g.seq) for g in given if g.key not in by_key)
    )
    clashes: list[NumberClash] = []
    for g in given:
        own = by_key.get(g.key)
        if own is not None:
            if (own.district_code, own.number) != (g.district_code, g.number):
                clashes.append(NumberClash(g, "renumbered", held_number=own.number))
            continue
        held = by_number.get((g.district_code, g.be_year, g.seq))
        if held is None:
            continue
        name, moo = _holder(session, held)
        same_group = (
            held.idempotency_key.startswith("application:")
            and bool(name)
            and re.sub(r"\s+", "", name) == re.sub(r"\s+", "", g.group_name)
            and (not _digits(moo) or not _digits(g.moo) or _digits(moo) == _digits(g.moo))
        )
        if not same_group:  # the web certified this very group: its number, printed again
            clashes.append(NumberClash(g, "other_group", holder=name))
    return clashes, by_number


def _number_missing(
    session: Session,
    district_code: str,
    be_year: int,
    keys: Sequence[str],
    found: dict[str, Certificate],
    *,
    application_id: str | None,
    job_id: str | None,
    issued_by: str,
) -> None:
    """Give the keys not in `found` the next free numbers (counter row already locked)."""
    missing = [k for k in dict.fromkeys(keys) if k not in found]
    if not missing:
        return
    last = _lock_counter(session, district_code, be_year)
    taken = _taken_above(session, district_code, be_year, last)
    seq = last
    for key in missing:
        seq += 1
        while seq in taken:
            seq += 1  # a number given in a batch file: step over it, never reuse it
        cert = Certificate(
            number=format_number(seq, be_year),
            seq=seq,
            be_year=be_year,
            district_code=district_code,
            idempotency_key=key,
            application_id=application_id,
            job_id=job_id,
            issued_by=issued_by,
        )
        session.add(cert)
        found[key] = cert
    # Taken numbers right after the last one are issued too: the counter moves past them.
    while seq + 1 in taken:
        seq += 1
    _set_counter(session, district_code, be_year, seq)


def number_batch(
    session: Session,
    given: Sequence[GivenNumber],
    wanted: Sequence[tuple[str, int, str]],
    *,
    job_id: str | None = None,
    issued_by: str = "",
) -> list[Certificate]:
    """Record the given numbers, then the certificate of each (district, year, key) of
    `wanted`, in order: the one it has, or the next free number. All or nothing, in a
    savepoint of the caller's transaction; raises GivenNumberClash (nothing recorded)."""
    counters = sorted(
        {(g.district_code, g.be_year) for g in given} | {(d, y) for d, y, _ in wanted}
    )
    for _attempt in range(5):
        try:
            with session.begin_nested():
                for district, year in counters:  # sorted: two batches never deadlock
                    _lock_counter(session, district, year)
                found = _existing(session, [g.key for g in given] + [k for _, _, k in wanted])
                clashes, held = _clashes(session, given, found)
                if clashes:
                    raise GivenNumberClash(clashes)
                for g in given:
                    if g.key in found:
                        continue  # the group's own number, recorded before
                    if (g.district_code, g.be_year, g.seq) in held:
                        continue  # the web certified this group under this number
                    cert = Certificate(
                        number=g.number,
                        seq=g.seq,
                        be_year=g.be_year,
                        district_code=g.district_code,
                        idempotency_key=g.key,
                        job_id=job_id,
                        issued_by=issued_by,
                    )
                    session.add(cert)
                    found[g.key] = cert
                session.flush()
                by_counter: dict[tuple[str, int], list[str]] = {}
                for district, year, key in wanted:
                    by_counter.setdefault((district, year), []).append(key)
                for (district, year), keys in by_counter.items():
                    _number_missing(
                        session,
                        district,
                        year,
                        keys,
                        found,
                        application_id=None,
                        job_id=job_id,
                        issued_by=issued_by,
                    )
                session.flush()
        except IntegrityError:
            # Another transaction numbered one of these keys first; our changes were undone.
            continue
        return [found[k] for _, _, k in wanted]
    raise RuntimeError("certificate numbering kept conflicting")  # pragma: no cover


def assign_certificates(
    session: Session,
    district_code: str,
    be_year: int,
    keys: Sequence[str],
    *,
    application_id: str | None = None,
    job_id: str | None = None,
    issued_by: str = "",
) -> list[Certificate]:
    """The certificate for each key, in order: an existing one, or the next free number
    (numbers given in batch files are stepped over).

    Runs in the caller's transaction (a savepoint inside it); the numbers are final when the
    caller commits. Keys already numbered in another district/year keep their number.
    """
    ordered = list(dict.fromkeys(keys))
    for _attempt in range(5):
        try:
            with session.begin_nested():
                _lock_counter(session, district_code, be_year)
                found = _existing(session, ordered)
                _number_missing(
                    session,
                    district_code,
                    be_year,
                    ordered,
                    found,
                    application_id=application_id,
                    job_id=job_id,
                    issued_by=issued_by,
                )
                session.flush()
        except IntegrityError:
            # Another transaction numbered one of these keys first; our changes were undone.
            continue
        return [found[k] for k in keys]
    raise RuntimeError("certificate numbering kept conflicting")  # pragma: no cover


def assign_certificate_number(
    session: Session,
    district_code: str,
    be_year: int,
    key: str,
    *,
    application_id: str | None = None,
    job_id: str | None = None,
    issued_by: str = "",
) -> Certificate:
    """The certificate for `key`: the one it already has, or the next number of the district/year."""
    return assign_certificates(
        session,
        district_code,
        be_year,
        [key],
        application_id=application_id,
        job_id=job_id,
        issued_by=issued_by,
    )[0]


def next_numbers(
    session: Session, district_code: str, be_year: int, keys: Sequence[str]
) -> list[str]:
    """Numbers (`ลำดับ/พ.ศ.`) for `keys`, in order; a key seen before gets its old number."""
    return [c.number for c in assign_certificates(session, district_code, be_year, keys)]


class RegistryNumberer:
    """Certificate numbers from the registry, for batch rendering.

    Each call commits its own short transaction, so numbers are durable as soon as they are
    handed out and the write lock is not held while documents render.
    """

    def __init__(
        self,
        session_factory: sessionmaker[Session],
        *,
        district_code: str | None = None,
        be_year: int | None = None,
        key_prefix: str = "",
        job_id: str | None = None,
        issued_by: str = "",
    ) -> None:
        self.session_factory = session_factory
        self.district_code = district_code
        self.be_year = be_year
        self.key_prefix = key_prefix
        self.job_id = job_id
        self.issued_by = issued_by

    def next_numbers(
        self,
        district_code: str | None = None,
        be_year: int | None = None,
        keys: Sequence[str] = (),
    ) -> list[str]:
        district = district_code or self.district_code
        year = be_year or self.be_year or current_be_year()
        if not district:
            raise ValueError("district_code is required for certificate numbers")
        with self.session_factory() as session, session.begin():
            certs = assign_certificates(
                session,
                district,
                year,
                [f"{self.key_prefix}{k}" for k in keys],
                job_id=self.job_id,
                issued_by=self.issued_by,
            )
            return [c.number for c in certs]

    def check_given(self, given: Sequence[GivenNumber]) -> list[NumberClash]:
        """Given numbers that clash with the registry (reads only)."""
        if not given:
            return []
        with self.session_factory() as session:
            return find_clashes(session, self._prefixed(given))

    def number_batch(
        self, given: Sequence[GivenNumber], wanted: Sequence[tuple[str, int, str]]
    ) -> list[str]:
        """Record the given numbers and number `wanted`, in one short transaction."""
        if not given and not wanted:
            return []
        prefixed = self._prefixed(given)
        with self.session_factory() as session, session.begin():
            try:
                certs = number_batch(
                    session,
                    prefixed,
                    [(d, y, f"{self.key_prefix}{k}") for d, y, k in wanted],
                    job_id=self.job_id,
                    issued_by=self.issued_by,
                )
            except GivenNumberClash as exc:
                unprefixed = {g.key: g for g in given}
                raise GivenNumberClash(
                    [
                        NumberClash(
                            unprefixed.get(c.given.key[len(self.key_prefix) :], c.given),
                            c.kind,
                            c.held_number,
                            c.holder,
                        )
                        for c in exc.clashes
                    ]
                ) from exc
            return [c.number for c in certs]

    def record_groups(self, rows: Sequence[Any]) -> None:
        """A registry group for each numbered row (`key`, `data`): what the reports read."""
        from docgen.registry.store import record_batch_groups

        if not rows:
            return
        with self.session_factory() as session, session.begin():
            record_batch_groups(
                session,
                [{"key": f"{self.key_prefix}{r.key}", "data": r.data} for r in rows],
            )

    def _prefixed(self, given: Sequence[GivenNumber]) -> list[GivenNumber]:
        if not self.key_prefix:
            return list(given)
        return [dataclasses.replace(g, key=f"{self.key_prefix}{g.key}") for g in given]

    __call__ = next_numbers
