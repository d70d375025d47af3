"""Certificate numbers `ลำดับ/พ.ศ.` per district per Buddhist year, given atomically in the database.

Two rules hold whatever the number of workers: a number is never given twice, and none is
skipped. Each number is tied to an idempotency key (an application, or a job's row), so a
task that runs again with the same key gets the number it already has, never a second one.

How: one counter row per (district, year), bumped with `INSERT ... ON CONFLICT DO UPDATE ...
RETURNING` inside a savepoint together with the certificate rows it pays for. PostgreSQL holds
the row lock until commit, so other transactions queue behind it; SQLite transactions start
with BEGIN IMMEDIATE (see `db.py`), so only one writer runs at a time. If the certificate
insert loses a race on the same key, the savepoint is rolled back, the counter with it, and
the winner's number is returned.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import cast

from sqlalchemy import Table, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from docgen.registry.models import Certificate, CertificateCounter
from docgen.thai.dates import be_year, today_in_thailand


def current_be_year(now: datetime | None = None) -> int:
    """The Buddhist Era year now, in Thailand (UTC+7)."""
    return be_year(today_in_thailand(now))


def format_number(seq: int, be_year: int) -> str:
    """`12/2569`."""
    return f"{seq}/{be_year}"


def _bump_counter(session: Session, district_code: str, be_year: int, by: int) -> int:
    """Add `by` to the counter (creating it at `by`) and give back the new last number."""
    dialect = session.get_bind().dialect.name
    table = cast(Table, CertificateCounter.__table__)
    if dialect == "postgresql":
        pg_stmt = pg_insert(table).values(district_code=district_code, be_year=be_year, last_seq=by)
        stmt = pg_stmt.on_conflict_do_update(
            index_elements=["district_code", "be_year"],
            set_={"last_seq": table.c.last_seq + by},
        ).returning(table.c.last_seq)
    elif dialect == "sqlite":
        sl_stmt = sqlite_insert(table).values(
            district_code=district_code, be_year=be_year, last_seq=by
        )
        stmt = sl_stmt.on_conflict_do_update(
            index_elements=["district_code", "be_year"],
            set_={"last_seq": table.c.last_seq + by},
        ).returning(table.c.last_seq)
    else:  # pragma: no cover - only SQLite and PostgreSQL are supported
        raise NotImplementedError(dialect)
    return int(session.execute(stmt).scalar_one())


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
    """The certificate for each key, in order: an existing one, or a new consecutive number.

    Runs in the caller's transaction (a savepoint inside it); the numbers are final when the
    caller commits. Keys already numbered in another district/year keep their number.
    """
    ordered = list(dict.fromkeys(keys))
    for _attempt in range(5):
        found = _existing(session, ordered)
        missing = [k for k in ordered if k not in found]
        if not missing:
            return [found[k] for k in keys]
        try:
            with session.begin_nested():
                last = _bump_counter(session, district_code, be_year, len(missing))
                first = last - len(missing) + 1
                for offset, key in enumerate(missing):
                    cert = Certificate(
                        number=format_number(first + offset, be_year),
                        seq=first + offset,
                        be_year=be_year,
                        district_code=district_code,
                        idempotency_key=key,
                        application_id=application_id,
                        job_id=job_id,
                        issued_by=issued_by,
                    )
                    session.add(cert)
                    found[key] = cert
                session.flush()
        except IntegrityError:
            # Another transaction numbered one of these keys first; our bump was undone.
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

    __call__ = next_numbers
