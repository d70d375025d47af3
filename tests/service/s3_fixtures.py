"""A real S3 API for tests: moto's standalone server (moto[server]) on a free port, and a bucket."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .registry_fixtures import free_port

ACCESS_KEY = "docgen-test"
SECRET_KEY = "docgen-test-secret"
REGION = "ap-southeast-1"  # Bangkok's AWS region; any region works with moto and MinIO


@dataclass
class S3Server:
    endpoint: str
    proc: subprocess.Popen[bytes]

    def env(self) -> dict[str, str]:
        """The standard AWS_* variables a docgen process reads to reach this server."""
        return {
            "AWS_ENDPOINT_URL": self.endpoint,
            "AWS_ACCESS_KEY_ID": ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
            "AWS_DEFAULT_REGION": REGION,
        }

    def client(self):  # type: ignore[no-untyped-def]
        """A plain boto3 client to look into the bucket from the test's side."""
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
            region_name=REGION,
        )

    def make_bucket(self) -> str:
        name = f"docgen-{secrets.token_hex(4)}"
        self.client().create_bucket(
            Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION}
        )
        return name

    def keys(self, bucket: str, prefix: str = "") -> list[str]:
        pages = self.client().get_paginator("list_objects_v2")
        return sorted(
            obj["Key"]
            for page in pages.paginate(Bucket=bucket, Prefix=prefix)
            for obj in page.get("Contents", [])
        )

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1) as response:
            return bool(response.status < 500)
    except Exception:
        return False


@contextmanager
def moto_server(log: Path | None = None, port: int | None = None) -> Iterator[S3Server]:
    """`python -m moto.server` on 127.0.0.1 (a real HTTP S3 API), stopped afterwards."""
    port = port or free_port()
    out = log.open("ab") if log is not None else subprocess.DEVNULL
    proc = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=out,
        stderr=out,
        env={
            **os.environ,
            **{"AWS_ACCESS_KEY_ID": ACCESS_KEY, "AWS_SECRET_ACCESS_KEY": SECRET_KEY},
        },
    )
    server = S3Server(endpoint=f"http://127.0.0.1:{port}", proc=proc)
    try:
        deadline = time.monotonic() + 30
        while not _answers(f"{server.endpoint}/moto-api/"):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("moto server did not start")
            time.sleep(0.1)
        yield server
    finally:
        server.stop()
        if log is not None and hasattr(out, "close"):
            out.close()
