"""The command line door: `docgen ...`. Each command module calls one pipeline verb.

`main` runs the usual forms of `docgen check` without loading Typer (`docgen.cli.check_core`)
and everything else through Typer, loading only the command it runs (see `docgen.cli.typer_app`).
`docgen.cli.app`, an attribute of this package, is the Typer app with every command registered
(loaded on first use; the module is not named `app`, so that importing it never binds the
module itself to this attribute).
"""

from __future__ import annotations

import sys
from typing import Any

__all__ = ["app", "main"]


def main() -> None:
    """The `docgen` program."""
    from docgen.cli.guard import exit_quietly_on_broken_pipe, utf8_streams

    utf8_streams()
    from docgen.cli.check_core import quick_check, quick_check_args

    args = quick_check_args(sys.argv[1:])
    if args is None:
        from docgen.cli.typer_app import main as typer_main

        typer_main()
        return
    try:
        code = quick_check(args)
    except BrokenPipeError:
        exit_quietly_on_broken_pipe()
    sys.exit(code)


def __getattr__(name: str) -> Any:
    if name == "app":
        import importlib

        module = importlib.import_module("docgen.cli.typer_app")
        module.load_all()
        globals()["app"] = module.app
        return module.app
    raise AttributeError(name)
