"""Recovery within a minute: a ledger of every task message, worker heartbeats, and giving work back.

Celery alone recovers a pool process that dies (`acks_late` + `reject_on_worker_lost`: the
message goes back to the queue at once). It cannot recover a whole worker killed (main process
and pool), nor a broker that restarts without its queue: Redis hands an unacknowledged message
back only after `visibility_timeout`, which must stay longer than the longest task or healthy
work would be run twice. So the registry keeps its own account (`TaskLedger`):

- `send()` writes the row, then hands the message to the broker. A broker that does not
  answer leaves the row unsent; every worker sends unsent rows every `BEAT_S` seconds (an
  upload taken while Redis was down is checked as soon as Redis answers).
- A worker records each message it receives under its node name (`task_received`, in the main
  process) and drops the row when the task has finished (`task_postrun`, not on a retry).
- Each worker beats every `BEAT_S` seconds (`WorkerBeat`). A worker is gone when its beat is
  older than `DEAD_AFTER_S`, or at once when it ran on this machine and its process id is no
  longer alive. What it held is given back: a bundle it was checking goes back to `received`
  (or `failed` after `store.MAX_CHECK_ATTEMPTS` tries: a bundle that kills workers), and the
  message is sent again under a new task id (so Redis's own late copy is told apart).
- Redis restarted (its `run_id` changed): rows sent before the restart that no worker had
  received are sent again.

Every task is idempotent (see `workers.tasks`), so a message sent twice costs a skipped run.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from docgen.registry import store
from docgen.registry.models import CHECKING, RECEIVED, Application, TaskLedger, WorkerBeat
from workers import runtime

log = logging.getLogger("docgen.workers.recovery")

BEAT_S = 5.0  # how often a worker beats and looks for work to give back
DEAD_AFTER_S = 30.0  # no beat for this long: the worker is gone (on another machine)
CHECK_TASK = "docgen.check_bundle"
# Sending gives up quickly when the broker does not answer: the ledger sends it later.
PUBLISH_RETRY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}

Sessions = Callable[[], AbstractContextManager[Session]]


def _now() -> datetime:
    return datetime.now(UTC)


def _default_sessions() -> AbstractContextManager[Session]:
    return runtime.registry_session()


def _transaction(sessions: Any) -> Sessions:
    """A callable giving one committed transaction, from a sessionmaker or `registry_session`."""
    if sessions is None:
        return _default_sessions

    def tx() -> AbstractContextManager[Session]:
        from contextlib import contextmanager

        @contextmanager
        def inner():  # type: ignore[no-untyped-def]
            with sessions() as session, session.begin():
                yield session

        return inner()

    return tx


# ---------------------------------------------------------------------------
# Sending
# ---------------------------------------------------------------------------


def _publish(celery: Any, name: str, args: list[Any], task_id: str) -> None:
    # Results live in the registry: never touch the result backend (it would wait for Redis too).
    celery.send_task(
        name,
        args=args,
        task_id=task_id,
        retry=True,
        retry_policy=PUBLISH_RETRY,
        ignore_result=True,
    )


def send(celery: Any, name: str, args: list[Any], *, sessions: Any = None) -> str:
    """Record the message in the ledger, then send it; an unanswering broker leaves it for later.

    `sessions`: a sessionmaker of the registry (the web door's); default, this worker's.
    Returns the task id. Never raises for the broker: the ledger has the message.
    """
    tx = _transaction(sessions)
    task_id = uuid.uuid4().hex
    with tx() as session:
        session.add(TaskLedger(task_id=task_id, name=name, args=list(args), sent_at=_now()))
    try:
        _publish(celery, name, list(args), task_id)
    except Exception as exc:
        log.warning("broker did not take %s (%s): sent when it answers", name, type(exc).__name__)
        with tx() as session:
            session.execute(
                update(TaskLedger).where(TaskLedger.task_id == task_id).values(sent_at=None)
            )
    return task_id


def send_unsent(celery: Any, *, sessions: Any = None, limit: int = 500) -> int:
    """Send the ledger's unsent messages (each claimed once, even with several workers)."""
    tx = _transaction(sessions)
    with tx() as session:
        stmt = select(TaskLedger).where(TaskLedger.sent_at.is_(None)).limit(limit)
        if session.get_bind().dialect.name == "postgresql":
            stmt = stmt.with_for_update(skip_locked=True)
        rows = [(r.task_id, r.name, list(r.args or [])) for r in session.scalars(stmt)]
        moment = _now()
        for task_id, _, _ in rows:
            session.execute(
                update(TaskLedger).where(TaskLedger.task_id == task_id).values(sent_at=moment)
            )
    sent = 0
    for task_id, name, args in rows:
        try:
            _publish(celery, name, args, task_id)
            sent += 1
        except Exception:
            with tx() as session:
                session.execute(
                    update(TaskLedger).where(TaskLedger.task_id == task_id).values(sent_at=None)
                )
            break  # the broker is still away; the next beat tries again
    if sent:
        log.warning("sent %d messages the broker had not taken or had lost", sent)
    return sent


# ---------------------------------------------------------------------------
# In the worker: received, finished, beating
# ---------------------------------------------------------------------------

_node: dict[str, Any] = {}


def node_name() -> str:
    return str(_node.get("name") or f"celery@{socket.gethostname()}")


def _release_check(session: Session, app_id: str) -> None:
    """A check whose worker is gone: back to `received`, or `failed` after too many tries."""
    application = session.get(Application, app_id, with_for_update=True)
    if application is None or application.status != CHECKING:
        return
    if (application.check_attempts or 0) >= store.MAX_CHECK_ATTEMPTS:
        application.status = "failed"
        application.error = store.MSG_GAVE_UP
        store.audit(session, "system", "check_gave_up", "application", app_id)
    else:
        application.status = RECEIVED
        application.check_started_at = None
        store.audit(session, "system", "requeue", "application", app_id)
    session.flush()


def on_received(task_id: str, name: str, args: list[Any]) -> None:
    """The worker took a message: it holds it now. A message received before is a redelivery
    (Celery gives back the message of a pool process that died): its check is taken back."""
    with runtime.registry_session() as session:
        row = session.get(TaskLedger, task_id, with_for_update=True)
        if row is None:  # sent by something that does not keep the ledger, or Redis's late copy
            session.add(
                TaskLedger(
                    task_id=task_id,
                    name=name,
                    args=list(args),
                    sent_at=_now(),
                    worker=node_name(),
                    received_at=_now(),
                    deliveries=1,
                )
            )
            return
        if row.received_at is not None and name == CHECK_TASK and args:
            _release_check(session, str(args[0]))
        row.worker = node_name()
        row.received_at = _now()
        row.deliveries = (row.deliveries or 0) + 1


def on_finished(task_id: str) -> None:
    with runtime.registry_session() as session:
        session.execute(delete(TaskLedger).where(TaskLedger.task_id == task_id))


def beat(started: bool = False) -> None:
    """Write this worker's heartbeat (at start: forget what an earlier run of this name held)."""
    name = node_name()
    with runtime.registry_session() as session:
        row = session.get(WorkerBeat, name, with_for_update=True)
        if started and row is not None:
            # The same node name starting again: the earlier one is gone.
            _give_back(session, [name], before=_now())
        if row is None:
            row = WorkerBeat(name=name)
            session.add(row)
        if started:
            row.started_at = _now()
        row.machine = socket.gethostname()
        row.pid = os.getpid()
        row.beat_at = _now()


def forget_self() -> None:
    with runtime.registry_session() as session:
        session.execute(delete(WorkerBeat).where(WorkerBeat.name == node_name()))


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def dead_workers(session: Session, now: datetime | None = None) -> list[str]:
    """Workers seen gone: no beat for `DEAD_AFTER_S`, or a dead process on this machine."""
    now = now or _now()
    me = node_name()
    machine = socket.gethostname()
    dead = []
    for w in session.scalars(select(WorkerBeat).where(WorkerBeat.name != me)):
        beat_at = w.beat_at if w.beat_at.tzinfo else w.beat_at.replace(tzinfo=UTC)
        if (now - beat_at).total_seconds() > DEAD_AFTER_S or (
            w.machine == machine and w.pid and not _pid_alive(w.pid)
        ):
            dead.append(w.name)
    return dead


def _give_back(session: Session, workers: list[str], before: datetime) -> int:
    """Every message these workers held (received before `before`) goes out again, unsent."""
    stmt = select(TaskLedger).where(TaskLedger.worker.in_(workers), TaskLedger.received_at < before)
    if session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update(skip_locked=True)
    rows = list(session.scalars(stmt))
    for row in rows:
        if row.name == CHECK_TASK and row.args:
            _release_check(session, str(row.args[0]))
        session.add(TaskLedger(task_id=uuid.uuid4().hex, name=row.name, args=list(row.args or [])))
        session.delete(row)
    if rows:
        log.warning("gave back %d messages held by %s", len(rows), ", ".join(workers))
    return len(rows)


def recover_dead_workers() -> int:
    """Give back what gone workers held, and forget them. Also messages held by a node name
    that has no heartbeat at all (for longer than `DEAD_AFTER_S`)."""
    now = _now()
    with runtime.registry_session() as session:
        dead = dead_workers(session, now)
        n = _give_back(session, dead, before=now) if dead else 0
        if dead:
            session.execute(delete(WorkerBeat).where(WorkerBeat.name.in_(dead)))
        known = select(WorkerBeat.name)
        orphan_stmt = select(TaskLedger.worker).where(
            TaskLedger.worker.is_not(None),
            TaskLedger.worker.not_in(known),
            TaskLedger.received_at < now - timedelta(seconds=DEAD_AFTER_S),
        )
        orphans = sorted({str(w) for w in session.scalars(orphan_stmt)})
        if orphans:
            n += _give_back(session, orphans, before=now)
    return n


# ---------------------------------------------------------------------------
# The broker restarted without its queue (Redis with no persistence)
# ---------------------------------------------------------------------------

_broker: dict[str, Any] = {}


def broker_restart_time(broker_url: str) -> datetime | None:
    """When Redis restarted, if it did since we last looked (its `run_id` changed); else None."""
    if not broker_url.startswith(("redis://", "rediss://")):
        return None
    import redis

    client = _broker.get("client")
    if client is None:
        client = redis.Redis.from_url(broker_url, socket_timeout=2, socket_connect_timeout=2)
        _broker["client"] = client
    info = client.info("server")
    run_id, uptime = str(info["run_id"]), float(info.get("uptime_in_seconds", 0))
    previous = _broker.get("run_id")
    _broker["run_id"] = run_id
    if previous is None or previous == run_id:
        return None
    return _now() - timedelta(seconds=uptime + 1)


def resend_lost(since: datetime) -> int:
    """Messages sent before the broker restarted that no worker had received: unsent again."""
    with runtime.registry_session() as session:
        result = session.execute(
            update(TaskLedger)
            .where(
                TaskLedger.worker.is_(None),
                TaskLedger.sent_at.is_not(None),
                TaskLedger.sent_at < since,
            )
            .values(sent_at=None)
        )
        n = int(getattr(result, "rowcount", 0) or 0)
    if n:
        log.warning("the broker restarted and lost its queue: %d messages to send again", n)
    return n


def tick(celery: Any) -> None:
    """One beat: heartbeat, give back what gone workers held, resend what the broker lost."""
    beat()
    recover_dead_workers()
    try:
        since = broker_restart_time(runtime.settings().broker_url or "")
    except Exception:
        since = None  # the broker is away: try to send nothing now
        _broker.pop("client", None)
    if since is not None:
        resend_lost(since)
    send_unsent(celery)


_stop = threading.Event()


def start_beating(celery: Any) -> threading.Thread:
    def loop() -> None:
        while not _stop.wait(BEAT_S):
            try:
                tick(celery)
            except Exception as exc:  # never take the worker down
                log.error("recovery beat: %s", type(exc).__name__)

    _stop.clear()
    thread = threading.Thread(target=loop, name="docgen-recovery", daemon=True)
    thread.start()
    return thread


def stop_beating() -> None:
    _stop.set()


__all__ = [
    "BEAT_S",
    "DEAD_AFTER_S",
    "beat",
    "dead_workers",
    "on_finished",
    "on_received",
    "recover_dead_workers",
    "send",
    "send_unsent",
    "start_beating",
    "stop_beating",
    "tick",
]
