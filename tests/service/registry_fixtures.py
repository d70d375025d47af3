"""Helpers for the registry and worker service tests: a throw-away PostgreSQL schema, Redis checks."""

from __future__ import annotations

import os
import secrets
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import create_engine, text

PG_BASE = os.environ.get("DOCGEN_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def free_port() -> int:
    """A port nobody listens on now (our own Redis goes there; parallel runs do not collide)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def port_open(host: str, port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0


@contextmanager
def pg_schema() -> Iterator[str]:
    """A database URL whose tables live in a fresh schema, dropped afterwards."""
    schema = f"docgen_t_{secrets.token_hex(6)}"
    admin = create_engine(PG_BASE, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{PG_BASE}?options=-csearch_path%3D{schema}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


# ---------------------------------------------------------------------------
# Our own Redis (on its own port, so restarting it disturbs nobody) and real worker processes
# ---------------------------------------------------------------------------

import shutil  # noqa: E402
import signal  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent


class OwnRedis:
    """A redis-server on 127.0.0.1:`port`, no persistence (a restart loses every message)."""

    def __init__(self, port: int, workdir: Path) -> None:
        self.port = port
        self.workdir = workdir
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [
                shutil.which("redis-server") or "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.workdir),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while not port_open("127.0.0.1", self.port):
            if time.monotonic() > deadline:
                raise RuntimeError("redis-server did not start")
            time.sleep(0.05)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)
        self.proc = None


class WorkerProcess:
    """`celery -A workers_slow_app worker` (the real tasks) in its own process group."""

    def __init__(self, env: dict[str, str], name: str, log: Path, concurrency: int = 1) -> None:
        self.env = env
        self.name = name
        self.log = log
        self.concurrency = concurrency
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> WorkerProcess:
        env = dict(self.env)
        env["PYTHONPATH"] = os.pathsep.join([str(HERE), str(REPO), env.get("PYTHONPATH", "")])
        with self.log.open("ab") as log:
            self.proc = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "workers_slow_app",
                    "worker",
                    "--loglevel=WARNING",
                    "--queues=docgen",
                    f"--concurrency={self.concurrency}",
                    "--without-mingle",
                    "--without-gossip",
                    "--pool=prefork",
                    f"--hostname={self.name}@%h",
                ],
                env=env,
                cwd=str(HERE),
                stdout=log,
                stderr=log,
                start_new_session=True,
            )
        return self

    def kill9(self) -> None:
        """SIGKILL the worker and its pool children at once (a power cut, an OOM kill)."""
        if self.proc is not None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)


def wait_for(predicate, timeout: float, interval: float = 0.2):  # type: ignore[no-untyped-def]
    """Poll until `predicate()` is truthy; its value, or AssertionError after `timeout` s."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"not reached within {timeout} s")
        time.sleep(interval)


class Stack:
    """Redis (our own) + a PostgreSQL schema + a data folder, and a client to submit work."""

    def __init__(
        self, root: Path, pg_url: str, redis_port: int, *, timing: bool = True, **env: str
    ) -> None:
        """`timing=False`: no DOCGEN_* timing settings at all (the production defaults)."""
        from docgen.registry.db import make_engine, make_session_factory, migrate
        from docgen.settings import Settings
        from workers.app import make_celery

        self.root = root
        self.data_dir = root / "data"
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.redis = OwnRedis(redis_port or free_port(), root)
        redis_port = self.redis.port
        self.redis.start()
        self.env = {
            **os.environ,
            "DOCGEN_DATA_DIR": str(self.data_dir),
            "DOCGEN_DATABASE_URL": pg_url,
            "DOCGEN_BROKER_URL": f"redis://127.0.0.1:{redis_port}/5",
        }
        for name in (
            "DOCGEN_STALE_AFTER_S",
            "DOCGEN_VISIBILITY_TIMEOUT_S",
            "DOCGEN_TASK_TIME_LIMIT_S",
        ):
            self.env.pop(name, None)
        if timing:
            self.env.update(
                DOCGEN_STALE_AFTER_S="6",
                DOCGEN_VISIBILITY_TIMEOUT_S="30",
                DOCGEN_TASK_TIME_LIMIT_S="60",
            )
        self.env.update(env)
        self.settings = Settings(
            data_dir=self.data_dir, database_url=pg_url, broker_url=self.env["DOCGEN_BROKER_URL"]
        )
        self.celery = make_celery(self.settings)
        self.engine = make_engine(pg_url)
        migrate(self.engine)
        self.sessions = make_session_factory(self.engine)
        self.workers: list[WorkerProcess] = []

    def worker(self, name: str, concurrency: int = 1, **env: str) -> WorkerProcess:
        w = WorkerProcess({**self.env, **env}, name, self.root / f"{name}.log", concurrency)
        self.workers.append(w.start())
        return w

    def upload(self, bundle: Path, district: str | None = "4001") -> str:
        """What the web door does: files on disk first, then the registry row, then the queue."""
        import hashlib
        import secrets as _secrets

        from docgen.registry import store

        target = self.data_dir / "uploads" / _secrets.token_hex(8)
        target.mkdir(parents=True)
        files = []
        from docgen.cli.serve import bundle_files

        for src in bundle_files(bundle):
            dest = target / src.name
            shutil.copyfile(src, dest)
            files.append(
                store.StoredFile(
                    src.name,
                    str(dest.relative_to(self.data_dir)),
                    dest.stat().st_size,
                    hashlib.sha256(dest.read_bytes()).hexdigest(),
                )
            )
        with self.sessions() as s, s.begin():
            app_id = store.create_application(s, district, files).id
        return app_id

    def submit_check(self, app_id: str) -> None:
        """What the web door does after its commit (the task ledger in this stack's registry)."""
        from workers.dispatch import submit_check

        submit_check(app_id, celery=self.celery, sessions=self.sessions)

    def statuses(self, app_ids: list[str]) -> dict[str, str]:
        from sqlalchemy import select

        from docgen.registry.models import Application

        with self.sessions() as s:
            rows = s.execute(
                select(Application.id, Application.status).where(Application.id.in_(app_ids))
            )
            return {a: st for a, st in rows}

    # -- what the fault and recovery tests read back ------------------------------------------

    def checked_entries(self, app_ids: list[str]) -> dict[str, int]:
        """How many times each application was recorded as checked (the audit log)."""
        from sqlalchemy import func, select

        from docgen.registry.models import AuditLog

        with self.sessions() as s:
            rows = s.execute(
                select(AuditLog.target_id, func.count())
                .where(AuditLog.action == "checked", AuditLog.target_id.in_(app_ids))
                .group_by(AuditLog.target_id)
            )
            return {a: n for a, n in rows}

    def applications(self, app_ids: list[str]) -> list[Any]:
        from sqlalchemy import select

        from docgen.registry.models import Application

        with self.sessions() as s:
            return list(s.scalars(select(Application).where(Application.id.in_(app_ids))))

    def batch_job(self, rows: int) -> str:
        """A batch_certificates job of `rows` groups of district 4001 (inputs/groups.csv)."""
        from docgen.registry import store

        (self.data_dir / "inputs").mkdir(exist_ok=True)
        rows_csv(self.data_dir / "inputs" / "groups.csv", rows)
        with self.sessions() as s, s.begin():
            return str(
                store.create_job(
                    s,
                    "batch_certificates",
                    {"input": "inputs/groups.csv", "pdf": False, "district_code": "4001"},
                    created_by="officer",
                    district_code="4001",
                ).id
            )

    def job(self, job_id: str) -> Any:
        from docgen.registry.models import Job

        with self.sessions() as s:
            j = s.get(Job, job_id)
            assert j is not None
            return j

    def finished_job(self, job_id: str, timeout: float, interval: float = 0.5) -> Any:
        """The job once it is done or failed (AssertionError after `timeout` s)."""
        return wait_for(
            lambda: (j := self.job(job_id)).status in ("done", "failed") and j, timeout, interval
        )

    def assert_batch_exact(self, job: Any, rows: int) -> None:
        """Every number of district 4001 once, no gap; one DOCX a row, all in the result ZIP."""
        import zipfile

        from sqlalchemy import select

        from docgen.registry.models import Certificate

        assert (job.status, job.error) == ("done", "")
        assert (job.progress_done, job.progress_total) == (rows, rows)
        with self.sessions() as s:
            seqs = sorted(
                c.seq
                for c in s.scalars(select(Certificate).where(Certificate.district_code == "4001"))
            )
        assert seqs == list(range(1, rows + 1))  # every number once, no gaps
        out = self.data_dir / "jobs" / job.id / "out"
        docx = sorted(p.name for p in out.glob("*.docx"))
        assert len(docx) == rows  # no duplicate files from a retried chunk
        with zipfile.ZipFile(self.data_dir / str(job.result_path)) as zf:
            assert sorted(zf.namelist()) == docx
        assert not list(out.glob(".*.tmp"))

    def close(self) -> None:
        for w in self.workers:
            w.stop()
        self.redis.stop()
        self.engine.dispose()


@contextmanager
def pg_stack(root: Path, *, timing: bool = True, **env: str) -> Iterator[Stack]:
    """A Stack on a fresh PostgreSQL schema and its own Redis, closed (workers stopped) after."""
    with pg_schema() as url:
        stack = Stack(root, url, 0, timing=timing, **env)
        try:
            yield stack
        finally:
            stack.close()


SUBDISTRICTS = ["ในเมือง", "สำราญ", "โคกสี", "ท่าพระ", "บ้านทุ่ม"]


def rows_csv(path: Path, n: int) -> Path:
    """A batch input of `n` groups in อ.เมืองขอนแก่น."""
    lines = ["ชื่อกลุ่ม,หมู่ที่,ตำบล,อำเภอ,จังหวัด,จำนวนสมาชิก,ประธาน,วันที่จัดตั้ง,กิจกรรมหลัก"]
    for i in range(n):
        lines.append(
            f"กลุ่มปลูกผักบ้านหนองที่ {i + 1},{i % 12 + 1},{SUBDISTRICTS[i % 5]},เมืองขอนแก่น,"
            f"ขอนแก่น,{12 + i % 5},นายสมชาย ใจดี,2026-01-{i % 28 + 1:02d},ปลูกผักปลอดภัย"
        )
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def web_env(data: Path, **env: str) -> dict[str, str]:
    """This environment without any DOCGEN_* setting, with `data` as the data folder, and `env`."""
    out = {k: v for k, v in os.environ.items() if not k.startswith("DOCGEN_")}
    out["DOCGEN_DATA_DIR"] = str(data)
    out.update(env)
    return out


def start_web(
    port: int,
    env: dict[str, str],
    *,
    workers: int = 1,
    log: Any = subprocess.DEVNULL,
    cwd: Path | None = None,
) -> subprocess.Popen[bytes]:
    """The real web app (`uvicorn --factory docgen.web.app:create_app`) in its own process group."""
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "--factory",
            "docgen.web.app:create_app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=str(cwd) if cwd else None,
        stdout=log,
        stderr=log,
        start_new_session=True,
    )


def wait_for_health(port: int, proc: subprocess.Popen[bytes], timeout: float = 60) -> None:
    """Until /healthz answers; the process is killed and RuntimeError raised if it never does."""
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("the web app did not start")


SAMPLES = REPO / "samples" / "bundles"


def sample_bundles() -> list[Path]:
    """The generated sample bundles (each a folder with `expected.json`)."""
    from docgen.cli.serve import sample_bundles as found

    return found(SAMPLES)


def expected(bundle: Path) -> dict:  # type: ignore[type-arg]
    import json

    return json.loads((bundle / "expected.json").read_text(encoding="utf-8"))
