"""The core (intake, rules, thai, render, reports) imports no web, worker, database or settings module."""

from __future__ import annotations

import json
import subprocess
import sys

FORBIDDEN = (
    "fastapi",
    "starlette",
    "celery",
    "kombu",
    "redis",
    "sqlalchemy",
    "psycopg",
    "uvicorn",
    "docgen.web",
    "workers",
    "docgen.settings",
    "docgen.cli",
    "docgen.registry",
)

PROBE = """
import importlib, json, sys
for name in ("docgen.intake", "docgen.rules", "docgen.thai", "docgen.render", "docgen.reports",
             "docgen.intake.bundle", "docgen.intake.readers", "docgen.intake.read_docx",
             "docgen.intake.read_xlsx", "docgen.intake.read_text", "docgen.intake.read_ooxml"):
    importlib.import_module(name)
print(json.dumps(sorted(sys.modules)))
"""


def test_core_imports_no_web_worker_or_database_module() -> None:
    out = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=120, check=True
    )
    loaded = json.loads(out.stdout.strip().splitlines()[-1])
    leaked = sorted(m for m in loaded if any(m == f or m.startswith(f + ".") for f in FORBIDDEN))
    assert leaked == []
