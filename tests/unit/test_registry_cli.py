"""`docgen user add` and `docgen demo-setup` on a fresh SQLite registry."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from docgen.cli import app
from docgen.registry.accounts import authenticate
from docgen.registry.db import make_engine, make_session_factory
from docgen.registry.models import Account, Application
from docgen.settings import get_settings

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture()
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("DOCGEN_DATA_DIR", str(tmp_path / "var"))
    for name in ("DOCGEN_DATABASE_URL", "DOCGEN_BROKER_URL"):
        monkeypatch.delenv(name, raising=False)
    get_settings.cache_clear()
    yield tmp_path / "var"
    get_settings.cache_clear()


def _sessions(data_dir: Path):
    return make_session_factory(make_engine(f"sqlite:///{data_dir / 'docgen.sqlite3'}"))


def test_user_add_creates_an_officer_who_can_sign_in(data_dir: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(
        app,
        [
            "user",
            "add",
            "somchai",
            "--role",
            "officer",
            "--district",
            "4001",
            "--password",
            "kaen-2569!",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "สร้างบัญชี somchai" in result.output
    with _sessions(data_dir)() as s:
        account = authenticate(s, "somchai", "kaen-2569!")
        assert account is not None and (account.role, account.district_code) == ("officer", "4001")

    again = runner.invoke(
        app, ["user", "add", "somchai", "--district", "4001", "--password", "another-1"]
    )
    assert again.exit_code == 2
    assert "มีผู้ใช้ชื่อ somchai อยู่แล้ว" in again.output
    bad = runner.invoke(app, ["user", "add", "x1", "--district", "40", "--password", "long-enough"])
    assert bad.exit_code == 2 and "รหัสอำเภอ 4 หลัก" in bad.output
    assert "Traceback" not in bad.output


def _district_code(district: str, province: str) -> str:
    import geothai

    (prov,) = [p for p in geothai.provinces() if p.name_th == province]
    (found,) = [d for d in geothai.districts(prov.code) if d.name_th == district]
    return found.code


def test_demo_setup_is_idempotent_and_loads_samples(data_dir: Path, tmp_path: Path) -> None:
    samples = tmp_path / "bundles"
    source = REPO / "samples" / "bundles"
    picked = (
        sorted(p for p in source.iterdir() if (p / "expected.json").is_file())[:2]
        if source.is_dir()
        else []
    )
    if picked:
        for p in picked:
            shutil.copytree(p, samples / p.name)
    else:  # samples not generated: a hand-made folder bundle stands in
        (samples / "one").mkdir(parents=True)
        (samples / "one" / "roster.csv").write_text("ชื่อ,นามสกุล\nสมชาย,ใจดี\n", encoding="utf-8")
    runner = CliRunner()
    first = runner.invoke(app, ["demo-setup", "--samples", str(samples)])
    assert first.exit_code == 0, first.output
    state = json.loads((data_dir / "demo-setup.json").read_text(encoding="utf-8"))
    # Each sample lands in the district its own documents name, with an officer account there.
    wanted: dict[str, str] = {}
    for p in picked:
        group = json.loads((p / "expected.json").read_text(encoding="utf-8"))["group"]
        wanted[p.name] = _district_code(group["district"], group["province"])
    extra = {f"officer{code}" for code in wanted.values() if code != "4001"}
    assert set(state["accounts"]) == {"officer", "province", "admin"} | extra
    assert state["accounts"]["officer"] in first.output
    second = runner.invoke(app, ["demo-setup", "--samples", str(samples)])
    assert second.exit_code == 0, second.output
    assert state["accounts"]["officer"] in second.output  # the same password, printed again
    with _sessions(data_dir)() as s:
        apps = list(s.scalars(select(Application)))
        assert len(apps) == len(picked or [1])  # loaded once, not twice
        assert all(a.status == "received" and a.files for a in apps)
        by_id = {a.id: a.district_code for a in apps}
        for name, code in wanted.items():
            assert by_id[state["samples"][name]] == code
        for username in extra:
            account = s.scalar(select(Account).where(Account.username == username))
            assert account is not None and account.district_code == username[-4:]
        for a in apps:
            for f in a.files:
                assert (data_dir / f.stored_path).is_file()
        officer = s.scalar(select(Account).where(Account.username == "officer"))
        assert officer is not None and officer.district_code == "4001"
        assert authenticate(s, "officer", state["accounts"]["officer"]) is not None


def test_user_add_prompts_for_the_password_twice(data_dir: Path) -> None:
    result = CliRunner().invoke(
        app,
        ["user", "add", "kk-province", "--role", "province", "--province", "40"],
        input="prov-secret-1\nprov-secret-1\n",
    )
    assert result.exit_code == 0, result.output
    assert "prov-secret-1" not in result.output  # never echoed
    with _sessions(data_dir)() as s:
        account = authenticate(s, "kk-province", "prov-secret-1")
        assert account is not None and (account.role, account.province_code) == ("province", "40")
