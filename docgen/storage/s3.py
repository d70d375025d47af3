"""The S3-compatible store (AWS S3, MinIO, Ceph RGW, Garage) through boto3.

An object becomes visible only when its upload completes: a single PUT is atomic, and a
multipart upload (large files) shows nothing until CompleteMultipartUpload, so an upload cut
off half-way leaves no object under its key. botocore's "standard" retry mode retries
connection errors, 5xx answers and throttling with jittered exponential back-off.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO, cast

from docgen.storage import CHUNK_BYTES, FileMissing, StoreUnavailable, check_key

# botocore's standard mode waits rand(0,1) * 0.05 * 2**n s before retry n (non-throttling
# errors such as a refused connection): 10 attempts wait up to ~25 s in all (~13 s on
# average), long enough for a store that restarts; 6 would give up after ~1 s.
MAX_ATTEMPTS = 10
MULTIPART_THRESHOLD = 64 * 1024 * 1024  # below this one PUT per file


def _client_config(addressing_style: str, attempts: int, connect_timeout: float) -> Any:
    from botocore.config import Config

    return Config(
        retries={"mode": "standard", "max_attempts": attempts},
        s3={"addressing_style": addressing_style},
        connect_timeout=connect_timeout,
        read_timeout=60,
        # Checksums only where the API requires them: MinIO before 2025, Ceph RGW and Garage
        # refuse the CRC trailers boto3 >= 1.36 would otherwise send with every PUT.
        request_checksum_calculation="when_required",
        response_checksum_validation="when_required",
        signature_version="s3v4",
    )


def _is_missing(exc: Exception) -> bool:
    from botocore.exceptions import ClientError

    if not isinstance(exc, ClientError):
        return False
    code = str(exc.response.get("Error", {}).get("Code", ""))
    return code in ("404", "NoSuchKey", "NotFound")


def _unavailable(exc: Exception) -> StoreUnavailable:
    return StoreUnavailable(type(exc).__name__)


class S3Store:
    """Objects in `bucket` under `prefix/` (keys as given, below the prefix)."""

    def __init__(
        self,
        bucket: str,
        prefix: str = "",
        *,
        addressing_style: str = "",
        endpoint_url: str | None = None,
        attempts: int = MAX_ATTEMPTS,
    ) -> None:
        self.bucket = bucket
        self.prefix = prefix.strip("/")
        self.endpoint_url = endpoint_url or os.environ.get("AWS_ENDPOINT_URL") or None
        self.addressing_style = addressing_style or ("path" if self.endpoint_url else "virtual")
        self.url = f"s3://{bucket}/{self.prefix}".rstrip("/")
        self.attempts = attempts
        self._lock = threading.Lock()
        self._clients: dict[tuple[int, str], Any] = {}

    # clients are made per process (never shared across a fork) ---------------------------
    def _client(self, kind: str = "main") -> Any:
        key = (os.getpid(), kind)
        with self._lock:
            client = self._clients.get(key)
            if client is None:
                import boto3

                if kind == "main":
                    config = _client_config(self.addressing_style, self.attempts, 5)
                else:  # /healthz: one quick try, so a dead store is reported within seconds
                    config = _client_config(self.addressing_style, 1, 2)
                session = boto3.session.Session()
                client = session.client(
                    "s3",
                    endpoint_url=self.endpoint_url,
                    region_name=os.environ.get("AWS_DEFAULT_REGION") or "us-east-1",
                    config=config,
                )
                self._clients = {k: v for k, v in self._clients.items() if k[0] == key[0]}
                self._clients[key] = client
            return client

    def object_key(self, key: str) -> str:
        check_key(key)
        return f"{self.prefix}/{key}" if self.prefix else key

    def _strip(self, object_key: str) -> str:
        return object_key[len(self.prefix) + 1 :] if self.prefix else object_key

    def _call(self, key: str, op: str, **kwargs: Any) -> Any:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            return getattr(self._client(), op)(Bucket=self.bucket, **kwargs)
        except ClientError as exc:
            if _is_missing(exc):
                raise FileMissing(key) from exc
            status = int(exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode") or 0)
            if status >= 500 or status == 0:
                raise _unavailable(exc) from exc
            raise
        except BotoCoreError as exc:  # connection refused, timed out, after the retries
            raise _unavailable(exc) from exc

    # writing ----------------------------------------------------------------
    def put_file(self, key: str, path: Path, *, move: bool = False) -> None:
        from boto3.s3.transfer import TransferConfig
        from botocore.exceptions import BotoCoreError, ClientError

        config = TransferConfig(multipart_threshold=MULTIPART_THRESHOLD, use_threads=False)
        try:
            self._client().upload_file(str(path), self.bucket, self.object_key(key), Config=config)
        except (BotoCoreError, ClientError) as exc:
            raise _unavailable(exc) from exc
        except Exception as exc:  # boto3's S3UploadFailedError wraps the ClientError
            if type(exc).__name__ == "S3UploadFailedError":
                raise _unavailable(exc) from exc
            raise
        if move:
            Path(path).unlink(missing_ok=True)

    def put_bytes(self, key: str, data: bytes) -> None:
        self._call(key, "put_object", Key=self.object_key(key), Body=data)

    # reading ----------------------------------------------------------------
    def open(self, key: str) -> BinaryIO:
        answer = self._call(key, "get_object", Key=self.object_key(key))
        return cast(BinaryIO, answer["Body"])

    def get_bytes(self, key: str) -> bytes:
        body = self.open(key)
        try:
            return body.read()
        finally:
            body.close()

    def iter_chunks(self, key: str, chunk_bytes: int = CHUNK_BYTES) -> Iterator[bytes]:
        body = self._call(key, "get_object", Key=self.object_key(key))["Body"]
        try:
            yield from body.iter_chunks(chunk_bytes)
        finally:
            body.close()

    def size(self, key: str) -> int | None:
        try:
            answer = self._call(key, "head_object", Key=self.object_key(key))
        except FileMissing:
            return None
        return int(answer["ContentLength"])

    def exists(self, key: str) -> bool:
        return self.size(key) is not None

    def list(self, prefix: str) -> list[str]:
        from botocore.exceptions import BotoCoreError, ClientError

        folder = self.object_key(prefix).rstrip("/") + "/"
        keys: list[str] = []
        try:
            pages = self._client().get_paginator("list_objects_v2")
            for page in pages.paginate(Bucket=self.bucket, Prefix=folder):
                keys.extend(self._strip(obj["Key"]) for obj in page.get("Contents", []))
        except (BotoCoreError, ClientError) as exc:
            raise _unavailable(exc) from exc
        return sorted(keys)

    def delete(self, key: str) -> None:
        self._call(key, "delete_object", Key=self.object_key(key))

    def delete_prefix(self, prefix: str) -> int:
        keys = self.list(prefix)
        for start in range(0, len(keys), 1000):  # DeleteObjects takes at most 1000 keys
            batch = [{"Key": self.object_key(k)} for k in keys[start : start + 1000]]
            self._call(prefix, "delete_objects", Delete={"Objects": batch, "Quiet": True})
        return len(keys)

    def local_path(self, key: str) -> Path | None:
        return None

    def fetch(self, key: str, scratch: Path) -> Path:
        """Download into `scratch/<key>` (the key's folders kept, so names never clash)."""
        target = Path(scratch) / check_key(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".part-{target.name}")
        body = self.open(key)
        try:
            with tmp.open("wb") as out:
                for chunk in body.iter_chunks(CHUNK_BYTES):  # type: ignore[attr-defined]
                    out.write(chunk)
        except Exception as exc:
            tmp.unlink(missing_ok=True)
            if isinstance(exc, FileMissing | StoreUnavailable):
                raise
            raise _unavailable(exc) from exc
        finally:
            body.close()
        os.replace(tmp, target)
        return target

    def presigned_url(
        self, key: str, filename: str, media_type: str, expires_s: int = 300
    ) -> str | None:
        from urllib.parse import quote

        disposition = f"attachment; filename*=UTF-8''{quote(filename)}"
        return str(
            self._client().generate_presigned_url(
                "get_object",
                Params={
                    "Bucket": self.bucket,
                    "Key": self.object_key(key),
                    "ResponseContentDisposition": disposition,
                    "ResponseContentType": media_type,
                },
                ExpiresIn=expires_s,
            )
        )

    def health(self) -> bool:
        """Does the bucket answer to these keys? (One quick try.)"""
        try:
            self._client("health").head_bucket(Bucket=self.bucket)
            return True
        except Exception:
            return False
