"""docgen CLI: `serve`, `worker`, `demo-setup` and `user add` (the service's doors on one machine)."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from docgen.cli.typer_app import app, run, user_app

if TYPE_CHECKING:
    from docgen.storage import Store

DEMO_DISTRICT = ("4001", "เมืองขอนแก่น", "40", "ขอนแก่น")
DEMO_ACCOUNTS = (
    ("officer", "officer", "4001", None, "เจ้าหน้าที่อำเภอเมืองขอนแก่น"),
    ("province", "province", None, "40", "สำนักงานเกษตรจังหวัดขอนแก่น"),
    ("admin", "admin", None, None, "ผู้ดูแลระบบ"),
)
SAMPLE_SUFFIXES = {".zip", ".docx", ".xlsx", ".csv", ".pdf", ".txt"}


def _settings() -> Any:
    from docgen.settings import get_settings

    return get_settings()


def _migrated_sessions(settings: Any) -> Any:
    from docgen.registry.db import make_engine, make_session_factory, migrate

    engine = make_engine(settings.resolved_database_url)
    migrate(engine)
    return make_session_factory(engine)


# ---------------------------------------------------------------------------
# docgen worker
# ---------------------------------------------------------------------------


def worker_argv(
    settings: Any, concurrency: int | None = None, pool: str | None = None
) -> list[str]:
    """The `celery worker` arguments for this configuration."""
    argv = [
        "worker",
        "--loglevel=WARNING",
        "--queues=docgen",
        f"--concurrency={concurrency or settings.worker_concurrency}",
        "--without-mingle",
        "--without-gossip",
    ]
    if pool:
        argv.append(f"--pool={pool}")
    if settings.embedded_broker:
        argv.append("--without-heartbeat")
    return argv


@app.command("worker")
def worker_command(
    concurrency: int = typer.Option(
        None, "--concurrency", "-c", min=1, max=32, help="จำนวนงานพร้อมกัน / worker processes"
    ),
    pool: str = typer.Option(
        None, "--pool", help="prefork (ค่าเริ่มต้น) หรือ solo / Celery pool: prefork or solo"
    ),
) -> None:
    """เริ่มตัวประมวลผลงาน (Celery worker) ตามคิวที่ตั้งค่าไว้ / run a Celery worker for the configured broker."""

    def body() -> None:
        settings = _settings()
        _migrated_sessions(settings)
        from workers.app import app as celery_app

        celery_app.worker_main(worker_argv(settings, concurrency, pool))

    run(body)


# ---------------------------------------------------------------------------
# docgen serve
# ---------------------------------------------------------------------------


def _die_with_parent() -> None:
    """In the worker child (Linux): stop at once if `docgen serve` dies, even by kill -9.

    SIGQUIT is Celery's cold shutdown: a warm one (SIGTERM) waits for the task at hand, which
    kept orphaned workers alive for minutes. Nothing is lost: tasks ack late, and the next
    `docgen serve` takes back unfinished work. A clean stop still sends SIGTERM (`stop`)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGQUIT)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


class WorkerChild:
    """The embedded worker: a real Celery worker in a child process, restarted if it dies."""

    def __init__(self, settings: Any) -> None:
        self.settings = settings
        self.proc: subprocess.Popen[bytes] | None = None
        self.stopping = threading.Event()
        self.restarts = 0

    def command(self) -> list[str]:
        concurrency = max(1, min(2, self.settings.worker_concurrency))
        return [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "workers.app",
            "--quiet",  # no banner in the middle of serve's own messages
            *worker_argv(self.settings, concurrency),
        ]

    def _spawn(self) -> subprocess.Popen[bytes]:
        env = os.environ.copy()
        # `make run` on a fresh machine often runs as root: Celery's English superuser warning
        # would fill the office's terminal. The embedded worker takes only JSON from our own
        # queue, which is what that warning is about.
        quiet = "ignore:You're running the worker with superuser privileges"
        env["PYTHONWARNINGS"] = ",".join(w for w in (env.get("PYTHONWARNINGS"), quiet) if w)
        return subprocess.Popen(self.command(), env=env, preexec_fn=_die_with_parent)

    def start(self) -> None:
        self.proc = self._spawn()
        threading.Thread(target=self._watch, name="docgen-worker-watch", daemon=True).start()

    def _watch(self) -> None:
        while not self.stopping.is_set():
            proc = self.proc
            if proc is not None and proc.poll() is not None and not self.stopping.is_set():
                self.restarts += 1
                typer.echo("ตัวประมวลผลงานหยุดทำงาน กำลังเริ่มใหม่", err=True)
                time.sleep(min(30, 2**self.restarts))
                if not self.stopping.is_set():
                    self.proc = self._spawn()
            self.stopping.wait(1.0)

    def stop(self, timeout_s: float = 20.0) -> None:
        self.stopping.set()
        proc = self.proc
        if proc is None or proc.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            proc.send_signal(signal.SIGTERM)  # Celery's warm shutdown: finish the task at hand
        try:
            proc.wait(timeout_s)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


@app.command("serve")
def serve_command(
    host: str = typer.Option("127.0.0.1", "--host", help="ที่อยู่ที่รับการเชื่อมต่อ / address to bind"),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="พอร์ต / port"),
) -> None:
    """เปิดเว็บและ API พร้อมตัวประมวลผลงานในเครื่องเดียว / serve the web app and API (with an embedded worker unless DOCGEN_BROKER_URL is set)."""

    def body() -> None:
        import uvicorn

        settings = _settings()
        settings.resolved_data_dir.mkdir(parents=True, exist_ok=True)
        _migrated_sessions(settings)
        from docgen.web.app import create_app

        web = create_app(settings)
        child: WorkerChild | None = None
        if settings.embedded_broker:
            child = WorkerChild(settings)
            child.start()
        shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
        typer.echo(f"docgen พร้อมใช้งานที่ http://{shown}:{port}/  (กด Ctrl-C เพื่อหยุด)")
        if settings.embedded_broker:
            typer.echo(f"คิวงานและตัวประมวลผลงานทำงานในเครื่องนี้ ข้อมูลอยู่ที่ {settings.resolved_data_dir}")
        else:
            typer.echo("ส่งงานไปยังคิวที่ตั้งค่าไว้ (เริ่มตัวประมวลผลด้วยคำสั่ง docgen worker)")
        try:
            uvicorn.run(web, host=host, port=port, log_level="warning")
        finally:
            if child is not None:
                child.stop()
            typer.echo("หยุดบริการแล้ว")

    run(body)


# ---------------------------------------------------------------------------
# docgen user add
# ---------------------------------------------------------------------------


@user_app.command("add")
def user_add(
    username: str = typer.Argument(..., help="ชื่อผู้ใช้ / username"),
    role: str = typer.Option("officer", "--role", help="officer | province | admin"),
    district: str = typer.Option(
        None, "--district", help="รหัสอำเภอ 4 หลัก / district code (officer)"
    ),
    province: str = typer.Option(None, "--province", help="รหัสจังหวัด 2 หลัก / province code"),
    password: str = typer.Option(
        None, "--password", help="รหัสผ่าน (ถ้าไม่ระบุจะถาม) / password (prompted if omitted)"
    ),
    name: str = typer.Option(
        "", "--name", help="ชื่อ-นามสกุลภาษาไทย เช่น นายสมชาย ใจดี / the person's Thai full name"
    ),
    position: str = typer.Option(
        "", "--position", help="ตำแหน่ง เช่น เกษตรอำเภอเมืองขอนแก่น / position"
    ),
) -> None:
    """สร้างบัญชีผู้ใช้ / create an account."""

    def body() -> None:
        from docgen.registry import store
        from docgen.registry.accounts import create_account
        from docgen.registry.office import set_account_profile

        secret = password
        if secret is None:
            secret = typer.prompt("รหัสผ่าน / password", hide_input=True, confirmation_prompt=True)
        sessions = _migrated_sessions(_settings())
        with sessions() as session, session.begin():
            account = create_account(
                session, username, secret, role, district, province, display_name=name
            )
            if name or position:
                set_account_profile(session, account, name=name or None, position=position)
            store.audit(session, "cli", "account_create", "account", username, role)
            where = account.district_code or account.province_code or "ทุกพื้นที่"
        typer.echo(f"สร้างบัญชี {username} ({role}, {where}) แล้ว")

    run(body)


# ---------------------------------------------------------------------------
# docgen demo-setup
# ---------------------------------------------------------------------------


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def sample_bundles(root: Path) -> list[Path]:
    """Sample bundles under `root`: folders with an `expected.json` (as `samples/` makes them),
    else each ZIP or folder of documents directly under `root`."""
    if not root.is_dir():
        return []
    found: list[Path] = []
    for entry in sorted(root.iterdir()):
        if (
            (entry.is_dir() and (entry / "expected.json").is_file())
            or (entry.is_file() and entry.suffix.lower() == ".zip")
            or (
                entry.is_dir() and any(p.suffix.lower() in SAMPLE_SUFFIXES for p in entry.iterdir())
            )
        ):
            found.append(entry)
    return found


def bundle_files(bundle: Path) -> list[Path]:
    """The files a group would upload for one sample bundle."""
    if bundle.is_file():
        return [bundle]
    inputs: list[Path] = [bundle]
    manifest = bundle / "expected.json"
    if manifest.is_file():
        listed = json.loads(manifest.read_text(encoding="utf-8")).get("input") or []
        inputs = [bundle / str(name) for name in listed]
    files: list[Path] = []
    for item in inputs:
        if item.is_file():
            files.append(item)
        elif item.is_dir():
            files.extend(
                sorted(p for p in item.iterdir() if p.is_file() and p.name != "expected.json")
            )
    return files


def sample_district(bundle: Path) -> tuple[str, str, str, str] | None:
    """(district code, district, province code, province) of a sample group, from its
    expected.json (the documents' own place), or None when it names no real district."""
    from docgen.thai.places import find_districts, find_province

    manifest = bundle / "expected.json" if bundle.is_dir() else None
    if manifest is None or not manifest.is_file():
        return None
    group = json.loads(manifest.read_text(encoding="utf-8")).get("group") or {}
    province = find_province(str(group.get("province") or ""))
    if province is None:
        return None
    found = find_districts(str(group.get("district") or ""), province.code)
    if len(found) != 1:
        return None
    return found[0].code, found[0].name_th, province.code, province.name_th


def load_sample(
    session: Any, storage: Store, bundle: Path, district_code: str | None = DEMO_DISTRICT[0]
) -> str:
    """Put one sample bundle into the store (as an upload) and record it as an application."""
    from docgen.registry import store
    from docgen.storage import join_key

    app_id = store.new_public_id()
    folder = f"uploads/demo-{secrets.token_hex(8)}"
    files = []
    for source in bundle_files(bundle):
        key = join_key(folder, source.name)
        storage.put_file(key, source)
        files.append(
            store.StoredFile(
                name=source.name,
                stored_path=key,
                size=source.stat().st_size,
                sha256=_sha256(source),
            )
        )
    store.create_application(
        session, district_code, files, application_id=app_id, actor="demo-setup"
    )
    return app_id


def district_accounts(samples_dir: Path) -> list[tuple[str, str, str | None, str | None, str]]:
    """One officer account for each district the sample bundles use (beside the fixed ones)."""
    fixed = {a[2] for a in DEMO_ACCOUNTS if a[2]}
    seen: dict[str, str] = {}
    for bundle in sample_bundles(samples_dir):
        place = sample_district(bundle)
        if place is not None and place[0] not in fixed:
            seen.setdefault(place[0], place[1])
    return [
        (f"officer{code}", "officer", code, None, f"เจ้าหน้าที่อำเภอ{name}")
        for code, name in sorted(seen.items())
    ]


def demo_setup(samples_dir: Path, *, submit: bool = True) -> dict[str, Any]:
    """Create the demo accounts and load sample bundles once; again, it only reprints them."""
    from docgen.registry import store
    from docgen.registry.accounts import create_account, get_account

    settings = _settings()
    data_dir = settings.resolved_data_dir
    data_dir.mkdir(parents=True, exist_ok=True)
    state_file = data_dir / "demo-setup.json"
    state: dict[str, Any] = {"accounts": {}, "samples": {}}
    if state_file.is_file():
        state = json.loads(state_file.read_text(encoding="utf-8"))
    sessions = _migrated_sessions(settings)
    from docgen.settings import open_settings_store

    storage = open_settings_store(settings)
    to_submit: list[str] = []
    with sessions() as session, session.begin():
        store.ensure_office(
            session, DEMO_DISTRICT[0], DEMO_DISTRICT[1], DEMO_DISTRICT[3], DEMO_DISTRICT[2]
        )
        for username, role, district, province, display in (
            *DEMO_ACCOUNTS,
            *district_accounts(samples_dir),
        ):
            if get_account(session, username) is not None:
                continue
            secret = state["accounts"].get(username) or secrets.token_urlsafe(9)
            create_account(
                session, username, secret, role, district, province, display_name=display
            )
            state["accounts"][username] = secret
        for bundle in sample_bundles(samples_dir):
            known = state["samples"].get(bundle.name)
            if known and store.get_application(session, known) is not None:
                continue
            # Each sample in its own district, as its documents say (where they name one).
            place = sample_district(bundle)
            app_id = load_sample(session, storage, bundle, place[0] if place else None)
            state["samples"][bundle.name] = app_id
            to_submit.append(app_id)
    fd = os.open(state_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(state, fh, ensure_ascii=False, indent=2)
    # On the embedded queue the one worker takes up every waiting application when it starts
    # (workers.tasks: sweep at start): queueing them here as well would check each twice.
    if submit and to_submit and not settings.embedded_broker:
        from workers.dispatch import submit_check

        for app_id in to_submit:
            try:
                submit_check(app_id)
            except Exception:  # the queue may be down: the sweeper picks them up later
                break
    state["new_samples"] = to_submit
    return state


@app.command("demo-setup")
def demo_setup_command(
    samples: Path = typer.Option(
        Path("samples/bundles"), "--samples", help="โฟลเดอร์ชุดเอกสารตัวอย่าง / sample bundles folder"
    ),
) -> None:
    """สร้างบัญชีตัวอย่างและนำเข้าชุดเอกสารตัวอย่าง (ทำซ้ำได้) / create demo accounts and load sample bundles (idempotent)."""

    def body() -> None:
        state = demo_setup(samples)
        typer.echo("บัญชีสำหรับทดลองใช้ (ชื่อผู้ใช้ / รหัสผ่าน):")
        for username, role, district, province, display in (
            *DEMO_ACCOUNTS,
            *district_accounts(samples),
        ):
            secret = state["accounts"].get(username, "(ตั้งไว้ก่อนแล้ว)")
            typer.echo(
                f"  {username:<12} {secret:<16} {display} [{role} {district or province or ''}]"
            )
        total = len(state["samples"])
        if total:
            typer.echo(f"ชุดเอกสารตัวอย่าง {total} ชุด (เพิ่มใหม่ {len(state['new_samples'])} ชุด)")
        else:
            typer.echo(f"ไม่พบชุดเอกสารตัวอย่างที่ {samples} จึงข้ามการนำเข้า")

    run(body)


# ---------------------------------------------------------------------------
# docgen office set
# ---------------------------------------------------------------------------

office_app = typer.Typer(help="ข้อมูลสำนักงาน / the office profile", no_args_is_help=True)
app.add_typer(office_app, name="office")


@office_app.command("set")
def office_set(
    district: str = typer.Option(..., "--district", help="รหัสอำเภอ 4 หลัก / district code"),
    name: str = typer.Option(None, "--name", help="ชื่อส่วนราชการ / office name"),
    address: str = typer.Option(None, "--address", help="ที่อยู่ / address"),
    phone: str = typer.Option(None, "--phone", help="โทรศัพท์ / telephone"),
    signer_name: str = typer.Option(
        None, "--signer-name", help="ชื่อเกษตรอำเภอผู้ลงนาม / the signing officer's name"
    ),
    signer_position: str = typer.Option(
        None, "--signer-position", help="ตำแหน่งผู้ลงนาม / the signer's position"
    ),
    emblem: Path = typer.Option(
        None, "--emblem", help="ไฟล์ตราสัญลักษณ์ PNG/JPEG / emblem image (PNG or JPEG)"
    ),
) -> None:
    """ตั้งข้อมูลสำนักงานที่พิมพ์บนเอกสาร / set what documents print about the office."""

    def body() -> None:
        from docgen.model import UnusableInput
        from docgen.registry import store
        from docgen.registry.office import office_profile, set_office_profile, store_emblem

        settings = _settings()
        emblem_path = None
        if emblem is not None:
            if not emblem.is_file():
                raise UnusableInput(f"ไม่พบไฟล์ {emblem}")
            from docgen.settings import open_settings_store

            emblem_path = store_emblem(open_settings_store(settings), district, emblem.read_bytes())
        sessions = _migrated_sessions(settings)
        with sessions() as session, session.begin():
            set_office_profile(
                session,
                district,
                office_name=name,
                address=address,
                phone=phone,
                signer_name=signer_name,
                signer_position=signer_position,
                emblem_path=emblem_path,
            )
            store.audit(session, "cli", "office_set", "office", district)
            profile = office_profile(session, district)
        typer.echo(f"บันทึกข้อมูล{profile.office_name} แล้ว")
        typer.echo(f"  ผู้ลงนาม: {profile.signer_name or '-'} ({profile.signer_position})")
        typer.echo(f"  ที่อยู่: {profile.address or '-'} โทร. {profile.phone or '-'}")
        typer.echo(f"  ตราสัญลักษณ์: {profile.emblem_path or 'ยังไม่มี'}")

    run(body)
