"""Load on the web service: 50 concurrent uploads of sample bundles, then 200 status polls a second.

    python bench/load.py                       # starts its own `docgen serve` on a free port
    python bench/load.py --url http://127.0.0.1:8000 --uploads 50 --rate 200 --seconds 20

Prints upload and poll latency (p50/p95/max), the error count (none allowed), and how long the
workers took until every uploaded bundle was checked (none lost). Not a test: a measurement.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
DONE = {"checked", "returned", "approved", "certified", "failed"}


def sample_uploads() -> list[list[Path]]:
    """Each sample bundle as the files a group would upload (a ZIP, or the loose files)."""
    out: list[list[Path]] = []
    for expected in sorted((REPO / "samples" / "bundles").glob("*/expected.json")):
        folder = expected.parent
        spec = json.loads(expected.read_text(encoding="utf-8"))
        files: list[Path] = []
        for item in spec.get("input", []):
            path = folder / item
            files.extend(
                sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
            )
        if files and sum(p.stat().st_size for p in files) < 20 * 1024 * 1024:
            out.append(files)
    if not out:
        sys.exit("ไม่พบชุดเอกสารตัวอย่างใน samples/bundles (สร้างด้วย make samples)")
    return out


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def summary(name: str, values: list[float], errors: int) -> str:
    ms = [v * 1000 for v in values]
    return (
        f"{name:<8} n={len(ms):>5}  p50={percentile(ms, 0.5):7.1f} ms  p95={percentile(ms, 0.95):7.1f} ms"
        f"  max={max(ms, default=float('nan')):7.1f} ms  errors={errors}"
    )


async def upload_one(
    client: httpx.AsyncClient, url: str, files: list[Path]
) -> tuple[float, str | None]:
    parts = [("files", (p.name, p.read_bytes(), "application/octet-stream")) for p in files]
    start = time.perf_counter()
    try:
        answer = await client.post(url + "/api/applications", files=parts)
    except httpx.HTTPError:
        return time.perf_counter() - start, None
    took = time.perf_counter() - start
    return took, answer.json()["id"] if answer.status_code == 202 else None


async def wait_checked(
    client: httpx.AsyncClient, url: str, ids: list[str], limit_s: float
) -> float:
    """Seconds until every id is past checking (polling gently, once a second)."""
    start = time.perf_counter()
    pending = list(ids)
    while pending and time.perf_counter() - start < limit_s:
        answers = await asyncio.gather(
            *(client.get(f"{url}/api/applications/{i}") for i in pending)
        )
        pending = [
            i for i, a in zip(pending, answers, strict=True) if a.json()["status"] not in DONE
        ]
        if pending:
            await asyncio.sleep(1)
    return time.perf_counter() - start


async def run(
    url: str, uploads: int, rate: float, seconds: float, settle_s: float, after: bool = False
) -> int:
    bundles = sample_uploads()
    limits = httpx.Limits(max_connections=uploads + 50, max_keepalive_connections=uploads + 50)
    async with httpx.AsyncClient(timeout=120, limits=limits) as client:
        chosen = [bundles[i % len(bundles)] for i in range(uploads)]
        t0 = time.perf_counter()
        results = await asyncio.gather(*(upload_one(client, url, files) for files in chosen))
        upload_wall = time.perf_counter() - t0
        upload_lat = [r[0] for r in results]
        ids = [r[1] for r in results if r[1]]
        upload_errors = uploads - len(ids)
        if after:  # measure the polls alone, once the workers are idle
            took = await wait_checked(client, url, ids, settle_s)
            print(f"(all checked {took:.1f} s after the uploads; polling starts now)")

        poll_lat: list[float] = []
        poll_errors = 0
        error_kinds: dict[str, int] = {}
        status: dict[str, str] = {}

        async def poll(app_id: str) -> None:
            nonlocal poll_errors
            start = time.perf_counter()
            try:
                answer = await client.get(f"{url}/api/applications/{app_id}")
                if answer.status_code != 200:
                    poll_errors += 1
                    kind = f"HTTP {answer.status_code}"
                    error_kinds[kind] = error_kinds.get(kind, 0) + 1
                else:
                    status[app_id] = answer.json()["status"]
            except httpx.HTTPError as exc:
                poll_errors += 1
                error_kinds[type(exc).__name__] = error_kinds.get(type(exc).__name__, 0) + 1
            poll_lat.append(time.perf_counter() - start)

        tasks: list[asyncio.Task[None]] = []
        interval = 1.0 / rate
        begin = time.perf_counter()
        all_checked_at: float | None = None
        n = 0
        while time.perf_counter() - begin < seconds:
            # A steady rate: each poll starts on its own tick, whether or not earlier ones ended.
            target = begin + n * interval
            delay = target - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(poll(random.choice(ids))))
            n += 1
            if (
                all_checked_at is None
                and len(status) == len(ids)
                and all(s in DONE for s in status.values())
            ):
                all_checked_at = time.perf_counter() - t0
        await asyncio.gather(*tasks)
        poll_wall = time.perf_counter() - begin

        # Then wait (bounded) until every upload is checked: none may be lost.
        deadline = time.perf_counter() + settle_s
        pending = [i for i in ids if status.get(i) not in DONE]
        while pending and time.perf_counter() < deadline:
            for app_id in pending:
                answer = await client.get(f"{url}/api/applications/{app_id}")
                status[app_id] = answer.json()["status"]
            pending = [i for i in ids if status.get(i) not in DONE]
            if pending:
                await asyncio.sleep(1)
        if all_checked_at is None and not pending:
            all_checked_at = time.perf_counter() - t0

    print(
        f"docgen load: {uploads} concurrent uploads of {len(bundles)} sample bundles, then {rate:g} polls/s for {seconds:g} s"
    )
    print(
        summary("upload", upload_lat, upload_errors)
        + f"  (all {uploads} stored in {upload_wall:.1f} s)"
    )
    print(
        summary("poll", poll_lat, poll_errors)
        + f"  (achieved {len(poll_lat) / poll_wall:.0f} polls/s)"
    )
    counts: dict[str, int] = {}
    for s in status.values():
        counts[s] = counts.get(s, 0) + 1
    when = (
        f"{all_checked_at:.1f} s after the first upload"
        if all_checked_at
        else "NOT within the time allowed"
    )
    print(f"checked  {sum(counts.get(s, 0) for s in DONE)}/{len(ids)} ({counts}); all done {when}")
    errors = upload_errors + poll_errors + len(pending)
    print(f"errors   {errors} {error_kinds or ''}")
    return 1 if errors else 0


def stop_group(proc: subprocess.Popen[bytes]) -> None:
    """Stop `docgen serve` and everything it started (the embedded worker and its children)."""
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
            return
        time.sleep(3)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--url", help="a running service; default: start `docgen serve` on a free port"
    )
    parser.add_argument("--uploads", type=int, default=50)
    parser.add_argument("--rate", type=float, default=200.0, help="status polls per second")
    parser.add_argument("--seconds", type=float, default=20.0, help="how long to poll")
    parser.add_argument("--settle", type=float, default=300.0, help="longest wait for every check")
    parser.add_argument(
        "--after-checks",
        action="store_true",
        help="start polling only when every upload is checked (the web alone, workers idle)",
    )
    args = parser.parse_args()
    if args.url:
        return asyncio.run(
            run(args.url.rstrip("/"), args.uploads, args.rate, args.seconds, args.settle)
        )

    with tempfile.TemporaryDirectory(prefix="docgen-load-") as tmp:
        env = {k: v for k, v in os.environ.items() if not k.startswith("DOCGEN_")}
        env["DOCGEN_DATA_DIR"] = tmp
        port = _free_port()
        log = open(Path(tmp) / "serve.log", "wb")  # noqa: SIM115  (kept open for the child)
        proc = subprocess.Popen(
            [
                sys.executable,
                "-c",
                "from docgen.cli import main; main()",
                "serve",
                "--port",
                str(port),
            ],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its worker children share the group: stop them all
        )
        url = f"http://127.0.0.1:{port}"
        try:
            for _ in range(200):
                try:
                    with urllib.request.urlopen(url + "/healthz", timeout=2) as answer:
                        if answer.status == 200:
                            break
                except OSError:
                    time.sleep(0.3)
            else:
                sys.exit("docgen serve did not start")
            return asyncio.run(
                run(url, args.uploads, args.rate, args.seconds, args.settle, args.after_checks)
            )
        finally:
            stop_group(proc)
            log.close()


if __name__ == "__main__":
    raise SystemExit(main())
