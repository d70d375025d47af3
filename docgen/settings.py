"""One Settings object from DOCGEN_* environment variables; read only by the doors."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic_settings import BaseSettings, SettingsConfigDict

if TYPE_CHECKING:
    from docgen.storage import Store


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="DOCGEN_", extra="ignore")

    data_dir: Path = Path("./var")
    database_url: str | None = None  # default: SQLite in data_dir
    broker_url: str | None = None  # default: embedded broker (no server)
    result_backend: str | None = None  # default: follows the broker
    soffice: str = "soffice"
    secret_key: str | None = None  # default: generated once and kept in data_dir
    max_upload_bytes: int = 50 * 1024 * 1024
    pdf_timeout_s: float = 120.0
    # Workers (registry/workers engineer): longest task < stale_after_s < visibility_timeout_s.
    task_time_limit_s: int = 600  # hard limit of the longest task (a batch chunk, a merge)
    stale_after_s: float = 900.0  # unfinished this long: its worker is gone, the sweeper resubmits
    # Redis: an unacked message goes back to the queue after this; longer than the longest task
    # (2 x task_time_limit_s + a retry's backoff). Dead workers are recovered sooner by the
    # task ledger (workers/recovery.py), within a minute.
    visibility_timeout_s: int = 1260
    worker_concurrency: int = 2
    # Where uploads and outputs live (issue 16): file:///path, or s3://bucket/prefix with the
    # endpoint and keys in AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
    # AWS_DEFAULT_REGION. Default: the data folder itself.
    storage_url: str | None = None
    s3_addressing_style: str = ""  # "path" | "virtual"; default: path when an endpoint is set
    storage_redirect: bool = False  # downloads: send browsers to a presigned S3 URL

    @property
    def resolved_data_dir(self) -> Path:
        return self.data_dir.expanduser().resolve()

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.resolved_data_dir / 'docgen.sqlite3'}"

    @property
    def embedded_broker(self) -> bool:
        return not self.broker_url


def open_settings_store(settings: Settings) -> Store:
    """The file store these settings name (see `docgen.storage.open_store`)."""
    from docgen.storage import open_store

    return open_store(
        settings.storage_url,
        settings.resolved_data_dir,
        addressing_style=settings.s3_addressing_style,
    )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
