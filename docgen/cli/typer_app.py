"""The Typer apps and the error handling every command shares; commands are loaded lazily.

Start-up (`docgen check` under 0.5 s as a whole command): `docgen.cli.main` runs the usual
forms of `docgen check` without Typer at all (`docgen.cli.check_core`); for everything else,
lazy loading: each command lives in its own module,
`docgen/cli/<name>.py`, which registers it on `app` (or a sub-app below) when imported, and
imports what it needs heavily (pipeline, docxtpl, the registry, matplotlib...) inside the
command function, not at module top. `main()` imports only the module(s) of the command
named on the command line, from `COMMAND_MODULES`; a name missing from the map, `--help`, or a
bare `docgen` loads every module (`load_all()`), so a new command works before it is mapped,
only slower to start. To add a command or a sub-app: put it in a module, list that module in
`ALL_MODULES`, and map its top-level name in `COMMAND_MODULES`. Tests that use
`from docgen.cli import app` get every command (the package loads them all on that import).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TypeVar

import typer

from docgen.cli.guard import CommandExit, exit_quietly_on_broken_pipe, guarded, utf8_streams

T = TypeVar("T")

app = typer.Typer(
    help="docgen: ตรวจเอกสารและออกใบรับรองกลุ่มส่งเสริมอาชีพการเกษตร / "
    "checks bundles and issues certificates for farmers' groups.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
templates_app = typer.Typer(help="แม่แบบเอกสาร / official templates", no_args_is_help=True)
batch_app = typer.Typer(help="งานชุด / batch jobs", no_args_is_help=True)
report_app = typer.Typer(help="รายงาน / reports", no_args_is_help=True)
user_app = typer.Typer(help="บัญชีผู้ใช้ / accounts", no_args_is_help=True)
app.add_typer(templates_app, name="templates")
app.add_typer(batch_app, name="batch")
app.add_typer(report_app, name="report")
app.add_typer(user_app, name="user")

_state = {"debug": False}

# Top-level command (or sub-app) name -> the module(s) that register it.
COMMAND_MODULES: dict[str, tuple[str, ...]] = {
    "check": ("docgen.cli.check",),
    "text": ("docgen.cli.text",),
    "render": ("docgen.cli.render",),
    "templates": ("docgen.cli.render",),
    "batch": ("docgen.cli.batch",),
    "report": ("docgen.cli.report",),
    "worker": ("docgen.cli.serve",),
    "serve": ("docgen.cli.serve",),
    "user": ("docgen.cli.serve",),
    "demo-setup": ("docgen.cli.serve",),
    "office": ("docgen.cli.serve",),
}
ALL_MODULES = (
    "docgen.cli.batch",
    "docgen.cli.check",
    "docgen.cli.render",
    "docgen.cli.report",
    "docgen.cli.serve",
    "docgen.cli.text",
)


def load_all() -> None:
    """Import every command module (each registers its commands on `app`)."""
    import importlib

    for name in ALL_MODULES:
        importlib.import_module(name)


def load_commands(argv: list[str]) -> None:
    """Import only the module of the command named in `argv` (everything when unsure)."""
    import importlib

    words = [a for a in argv if not a.startswith("-")]
    if not words or "--help" in argv or words[0] not in COMMAND_MODULES:
        load_all()
        return
    for name in COMMAND_MODULES[words[0]]:
        importlib.import_module(name)


@app.callback()
def _root(
    debug: bool = typer.Option(False, "--debug", help="แสดงรายละเอียดข้อผิดพลาด / show tracebacks"),
) -> None:
    _state["debug"] = debug


def fail(message_th: str, code: int = 2) -> None:
    """Print one clear sentence to stderr and exit."""
    typer.echo(f"ข้อผิดพลาด: {message_th}", err=True)
    raise typer.Exit(code)


def run(action: Callable[[], T]) -> T:
    """Run a command body; turn the program's own errors into one Thai sentence and an exit code."""
    try:
        return guarded(action, debug=_state["debug"], passthrough=(typer.Exit, typer.Abort))
    except CommandExit as exc:
        raise typer.Exit(exc.code) from None


def main() -> None:
    """The command line through Typer (`docgen.cli.main` runs the usual `check` forms without it)."""
    utf8_streams()
    load_commands(sys.argv[1:])
    try:
        code = app(standalone_mode=False)
    except typer.Abort:
        typer.echo("ข้อผิดพลาด: ยกเลิกแล้ว", err=True)
        sys.exit(130)
    except BrokenPipeError:  # `docgen ... | head`: the reader left
        exit_quietly_on_broken_pipe()
    except Exception as exc:
        # Bad arguments (Typer's own click errors): one Thai sentence, not a usage box.
        message = getattr(exc, "format_message", None)
        if _state["debug"] or message is None or not hasattr(exc, "exit_code"):
            raise
        if type(exc).__name__ == "NoArgsIsHelpError":
            exc.show()  # type: ignore[attr-defined]  # a bare `docgen`: the help
            sys.exit(0)
        ctx = getattr(exc, "ctx", None)
        where = ctx.command_path if ctx is not None else "docgen"
        typer.echo(
            f"ข้อผิดพลาด: คำสั่งหรือตัวเลือกไม่ถูกต้อง ({message()}) ดูวิธีใช้ด้วย {where} --help",
            err=True,
        )
        sys.exit(2)
    # Exit codes come back as the return value; a command's own return value means success.
    sys.exit(code if isinstance(code, int) and not isinstance(code, bool) else 0)
