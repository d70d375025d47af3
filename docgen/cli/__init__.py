"""The command line door: `docgen ...`. Each command module calls one pipeline verb."""

from docgen.cli import batch, check, render, report, serve, text  # noqa: F401  (registers commands)
from docgen.cli.app import app, main

__all__ = ["app", "main"]
