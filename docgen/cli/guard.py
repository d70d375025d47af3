"""The error handling every command shares, without Typer (so `docgen check` can start without it).

`guarded(action)` runs a command body and turns the program's own errors into one Thai
sentence on stderr and an exit code (`CommandExit`); `docgen.cli.typer_app.run` is the same for the
Typer commands. `--debug` lets the traceback through instead.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TypeVar

from docgen.model import DocgenError, UnusableInput

T = TypeVar("T")

MSG_CANCELLED = "ยกเลิกแล้ว"


class CommandExit(Exception):
    """The command is over: exit with `code` (its message, if any, is already on stderr)."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


def say_error(message_th: str) -> None:
    """One line to stderr, as every error of the command line is written."""
    sys.stderr.write(message_th + "\n")
    sys.stderr.flush()


def guarded(
    action: Callable[[], T],
    *,
    debug: bool = False,
    passthrough: tuple[type[BaseException], ...] = (),
) -> T:
    """Run a command body; the program's own errors become one Thai sentence and CommandExit."""
    through: tuple[type[BaseException], ...] = (CommandExit, BrokenPipeError, *passthrough)
    try:
        return action()
    except through:
        raise
    except UnusableInput as exc:
        if debug:
            raise
        say_error(f"ข้อผิดพลาด: {exc.message_th}")  # the sentence first, then each item
        for line in exc.errors:
            say_error(f"  - {line}")
        raise CommandExit(2) from None
    except DocgenError as exc:
        if debug:
            raise
        say_error(f"ข้อผิดพลาด: {exc.message_th}")
        raise CommandExit(2) from None
    except KeyboardInterrupt:
        say_error(f"ข้อผิดพลาด: {MSG_CANCELLED}")
        raise CommandExit(130) from None
    except Exception as exc:  # last resort: never a traceback without --debug
        if debug:
            raise
        say_error(
            f"ข้อผิดพลาด: เกิดข้อผิดพลาดภายในโปรแกรม ({type(exc).__name__}) ใช้ --debug เพื่อดูรายละเอียด"
        )
        raise CommandExit(2) from None


def exit_quietly_on_broken_pipe() -> None:
    """`docgen ... | head`: the reader left; no traceback, exit 1."""
    import os

    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    sys.exit(1)


def utf8_streams() -> None:
    """Windows consoles and pipes: make sure Thai prints."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8", errors="replace")
