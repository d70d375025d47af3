"""Shared set-up of the browser tests: a real `docgen serve` on a free port, Chromium, screenshots."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("DOCGEN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
PASSWORD = "browser-test-42"
# Screenshots land here so a person can look at the pages (kept out of git).
SHOTS = Path(os.environ.get("DOCGEN_SCREENSHOTS", REPO / "var" / "screenshots"))
DOCGEN = [sys.executable, "-c", "from docgen.cli import main; main()"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve_env(data: Path) -> dict[str, str]:
    """This environment without any DOCGEN_* setting, with `data` as the data folder."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DOCGEN_")}
    env["DOCGEN_DATA_DIR"] = str(data)
    return env


def docgen(*args: str, env: dict[str, str]) -> None:
    subprocess.run([*DOCGEN, *args], env=env, check=True, capture_output=True, timeout=120)


def add_user(env: dict[str, str], username: str, *args: str) -> None:
    """`docgen user add USERNAME ARGS... --password PASSWORD`."""
    docgen("user", "add", username, *args, "--password", PASSWORD, env=env)


@contextmanager
def serving(data: Path, env: dict[str, str]) -> Iterator[str]:
    """`docgen serve` (web + embedded worker, SQLite) on a free port until the block ends; its URL.

    Stopped with its whole process group: the embedded worker and its children too."""
    port = free_port()
    log = (data / "serve.log").open("wb")
    proc = subprocess.Popen(
        [*DOCGEN, "serve", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(url + "/healthz", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError((data / "serve.log").read_text(errors="replace")[-3000:])
            time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(proc.pid, sig)
            except ProcessLookupError:
                break
            time.sleep(3)
        log.close()


def shot(page: Any, name: str) -> None:
    """A full-page screenshot in SHOTS."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
