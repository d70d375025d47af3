"""`docgen check` starts light: it imports only what a check needs, and answers exactly as the
Typer command does (same output, same Thai messages, same exit codes)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from docgen.cli.check_core import CheckArgs, quick_check_args

REPO = Path(__file__).resolve().parents[2]
DOCX_BUNDLE = REPO / "samples" / "bundles" / "valid-01-all-docx" / "bundle"
XLSX_BUNDLE = REPO / "samples" / "bundles" / "valid-02-xlsx-roster" / "bundle"
DEFECT_BUNDLE = REPO / "samples" / "bundles" / "defect-too-few" / "bundle"

# What `docgen check` of a DOCX/XLSX bundle has no use for (each costs start-up time).
NOT_FOR_A_CHECK = (
    "typer",
    "click",
    "pydantic",
    "pydantic_settings",
    "docgen.settings",
    "docgen.render",
    "docgen.registry",
    "docgen.web",
    "docgen.reports",
    "workers",
    "docxtpl",
    "docx",
    "openpyxl",
    "matplotlib",
    "pythainlp",
    "numpy",
    "PIL",
    "tesserocr",
    "pypdf",
    "sqlalchemy",
    "fastapi",
    "celery",
)

QUICK = "import sys; from docgen.cli import main; sys.argv[0] = 'docgen'; main()"
TYPER = "import sys; from docgen.cli.typer_app import main; sys.argv[0] = 'docgen'; main()"
PROBE = (
    "import atexit, json, os, sys\n"
    "out = os.environ['MODULES_OUT']\n"
    "atexit.register(lambda: open(out, 'w').write(json.dumps(sorted(sys.modules))))\n" + QUICK
)


def _docgen(code: str, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **env},
    )


def _modules_of_check(tmp_path: Path, *args: str) -> list[str]:
    out = tmp_path / "modules.json"
    done = _docgen(PROBE, "check", *args, MODULES_OUT=str(out))
    assert done.returncode == 0, done.stderr
    return list(json.loads(out.read_text()))


def _needless(loaded: list[str], allowed: tuple[str, ...]) -> list[str]:
    return sorted(
        m
        for m in loaded
        if any(m == n or m.startswith(n + ".") for n in NOT_FOR_A_CHECK if n not in allowed)
    )


@pytest.mark.parametrize(
    ("bundle", "allowed"),
    [(DOCX_BUNDLE, ()), (XLSX_BUNDLE, ("openpyxl", "PIL", "numpy"))],  # openpyxl reads XLSX
    ids=["docx", "xlsx"],
)
def test_check_imports_nothing_it_does_not_use(
    tmp_path: Path, bundle: Path, allowed: tuple[str, ...]
) -> None:
    loaded = _modules_of_check(tmp_path, str(bundle), "--json")
    assert _needless(loaded, allowed) == []
    assert "docgen.pipeline" in loaded and "docgen.thai.gazetteer" in loaded  # it did check
    # The table for people needs rich, and still nothing else.
    table = _modules_of_check(tmp_path, str(bundle))
    assert "rich" in table
    assert sorted(set(table) - set(loaded)) == sorted(
        m for m in set(table) - set(loaded) if not m.startswith("docgen.")
    )
    assert _needless(table, allowed) == []


def test_quick_path_answers_as_the_typer_command(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    cases = [
        ["check", str(DOCX_BUNDLE), "--json"],
        ["check", str(DEFECT_BUNDLE), "--json"],
        ["check", "--json", str(XLSX_BUNDLE)],
        ["check", str(DEFECT_BUNDLE)],  # the table for people
        ["check", str(tmp_path / "ไม่มี.zip")],
        ["check", str(tmp_path / "empty"), "--json"],
        ["check", str(DOCX_BUNDLE / "คณะกรรมการ.docx"), str(DOCX_BUNDLE / "รายชื่อสมาชิก.docx")],
    ]
    for args in cases:
        assert quick_check_args(args) is not None, args
        quick, typer_way = _docgen(QUICK, *args), _docgen(TYPER, *args)
        assert (quick.returncode, quick.stdout, quick.stderr) == (
            typer_way.returncode,
            typer_way.stdout,
            typer_way.stderr,
        ), args
    assert _docgen(QUICK, "check", str(DEFECT_BUNDLE), "--json").returncode == 1
    missing = _docgen(QUICK, "check", str(tmp_path / "ไม่มี.zip"))
    assert missing.returncode == 2 and missing.stderr.startswith("ข้อผิดพลาด: ")
    assert len(missing.stderr.strip().splitlines()) == 1


def test_quick_path_writes_the_memo_as_the_typer_command(tmp_path: Path) -> None:
    quick = _docgen(QUICK, "check", str(DEFECT_BUNDLE), f"--report={tmp_path / 'a.docx'}")
    typer_way = _docgen(TYPER, "check", str(DEFECT_BUNDLE), "--report", str(tmp_path / "b.docx"))
    assert quick.returncode == typer_way.returncode == 1, quick.stderr
    assert quick.stdout.replace("a.docx", "b.docx") == typer_way.stdout
    assert (tmp_path / "a.docx").stat().st_size > 0 and (tmp_path / "b.docx").stat().st_size > 0


def test_forms_the_quick_path_does_not_read_are_left_to_typer() -> None:
    b = str(DOCX_BUNDLE)
    assert quick_check_args(["check", b]) == CheckArgs((DOCX_BUNDLE,))
    assert quick_check_args(["--debug", "check", b, "--json", "--report", "m.docx"]) == CheckArgs(
        (DOCX_BUNDLE,), True, Path("m.docx"), True
    )
    for args in (
        [],
        ["check"],
        ["check", "--help"],
        ["--help"],
        ["check", b, "--bogus"],
        ["check", b, "--report"],
        ["check", b, "--report", "--json"],
        ["check", b, "--report="],
        ["check", b, "--report", "a.docx", "--report", "b.docx"],
        ["check", "--", b],
        ["check", b, "-h"],
        ["render", "certificate"],
        ["--debug", "render"],
    ):
        assert quick_check_args(args) is None, args
    # Typer's own answer to a bad option: one Thai sentence, exit 2.
    bad = _docgen(QUICK, "check", b, "--bogus")
    assert bad.returncode == 2 and bad.stderr.startswith("ข้อผิดพลาด: คำสั่งหรือตัวเลือกไม่ถูกต้อง")


def test_the_package_app_is_the_typer_app_whatever_was_imported_first() -> None:
    code = (
        "import docgen.cli.serve, typer\n"  # a command module first (it loads the Typer module)
        "from docgen.cli import app\n"
        "assert isinstance(app, typer.Typer), app\n"
        "assert 'check' in {c.name for c in app.registered_commands}\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
