"""Engines, sessions and migrations for the registry (SQLite by default, PostgreSQL in production).

The doors (web, workers, CLI) build these from `docgen.settings`:

    engine = make_engine(settings.resolved_database_url)
    migrate(engine)                      # Alembic upgrade head; safe to call from many processes
    Session = make_session_factory(engine)
    with Session() as session, session.begin():
        ...

On SQLite every transaction starts with BEGIN IMMEDIATE (the database's write lock), WAL mode
lets readers go on meanwhile, and a busy timeout makes writers wait instead of failing. That
is what makes certificate numbering atomic across processes on one machine.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
SQLITE_BUSY_TIMEOUT_MS = 30_000


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine for `url`. SQLite: WAL, foreign keys, busy timeout, BEGIN IMMEDIATE.

    PostgreSQL URLs may be given as `postgresql://`; they are sent to psycopg 3.
    """
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database and database != ":memory:":
            Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        connect_args = dict(kwargs.pop("connect_args", {}))
        connect_args.setdefault("timeout", SQLITE_BUSY_TIMEOUT_MS / 1000)
        connect_args.setdefault("check_same_thread", False)
        engine = create_engine(parsed, connect_args=connect_args, **kwargs)
        _sqlite_setup(engine)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(parsed, **kwargs)


def _sqlite_setup(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy (not the sqlite3 module) decide where transactions begin.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # The write lock at the start: no deadlock upgrading a read to a write, and a
        # counter read-and-bump is atomic against other processes.
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions that keep loaded values after commit (handy for answering a request)."""
    return sessionmaker(bind=engine, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One short unit of work: commit on success, roll back on error."""
    with factory() as session, session.begin():
        yield session


def _alembic_config(connection: Any) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["connection"] = connection
    return cfg


def migrate(engine_or_url: Engine | str) -> None:
    """Bring the database to the newest schema (Alembic upgrade heads: each line of work adds its own migration from 0001).

    Safe when several processes start at once: PostgreSQL takes an advisory lock, SQLite its
    write lock, so one migrates and the others then find nothing to do.
    """
    from alembic import command

    engine = make_engine(engine_or_url) if isinstance(engine_or_url, str) else engine_or_url
    with engine.connect() as connection:
        if engine.dialect.name == "postgresql":
            lock_id = int.from_bytes(hashlib.sha256(b"docgen-migrate").digest()[:7], "big")
            connection.execute(text("SELECT pg_advisory_lock(:k)"), {"k": lock_id})
            connection.commit()
            try:
                command.upgrade(_alembic_config(connection), "heads")
                connection.commit()
            finally:
                connection.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": lock_id})
                connection.commit()
        else:
            command.upgrade(_alembic_config(connection), "heads")
            connection.commit()
    if isinstance(engine_or_url, str):
        engine.dispose()


def as_utc(value: datetime | None) -> datetime | None:
    """A stored time as aware UTC (SQLite gives back naive values)."""
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)
