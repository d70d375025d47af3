"""The command line door: `docgen ...`. Each command module calls one pipeline verb.

`main` loads only the command it runs (see `docgen.cli.app`); `docgen.cli.app` here, as an
attribute of this package, comes with every command registered.
"""

from __future__ import annotations

from typing import Any

from docgen.cli.app import main

# Importing the submodule bound `app` to it; `app` here is the Typer app, loaded on first use.
globals().pop("app", None)

__all__ = ["app", "main"]


def __getattr__(name: str) -> Any:
    if name == "app":
        import importlib

        module = importlib.import_module("docgen.cli.app")
        module.load_all()
        globals()["app"] = module.app
        return module.app
    raise AttributeError(name)
