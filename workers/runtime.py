"""Per-process registry access for the workers (engines are made after fork, never shared)."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from docgen.registry.db import make_engine, make_session_factory, migrate
from docgen.settings import Settings, get_settings, open_settings_store
from docgen.storage import Store

_lock = threading.Lock()
_state: dict[str, object] = {}


def settings() -> Settings:
    return get_settings()


def data_dir() -> Path:
    return settings().resolved_data_dir


def storage() -> Store:
    """This process's file store (DOCGEN_STORAGE_URL; the data folder by default)."""
    with _lock:
        found = _state.get("store")
        if found is None:
            found = open_settings_store(settings())
            _state["store"] = found
    assert isinstance(found, Store)
    return found


def session_factory() -> sessionmaker[Session]:
    """This process's session factory; the first call in a process migrates the database."""
    pid = os.getpid()
    with _lock:
        if _state.get("pid") != pid:
            engine = make_engine(settings().resolved_database_url)
            migrate(engine)
            _state.update(pid=pid, engine=engine, factory=make_session_factory(engine))
        factory = _state["factory"]
    assert isinstance(factory, sessionmaker)
    return factory


def engine() -> Engine:
    session_factory()
    eng = _state["engine"]
    assert isinstance(eng, Engine)
    return eng


@contextmanager
def registry_session() -> Iterator[Session]:
    """One short transaction: commit on success, roll back on error."""
    factory = session_factory()
    with factory() as session, session.begin():
        yield session


def reset() -> None:
    """Forget this process's engine (after fork, or in tests).

    A forked child must not close the connections it inherited (they are its parent's), so it
    only drops them; the owning process closes them.
    """
    with _lock:
        eng = _state.get("engine")
        if isinstance(eng, Engine):
            eng.dispose(close=_state.get("pid") == os.getpid())
        _state.clear()
