"""The Celery app, configured from `docgen.settings` (Redis in production, an embedded queue by default).

`celery -A workers.app worker` and `docgen worker` use `app` below. With no
`DOCGEN_BROKER_URL` the broker is kombu's SQLAlchemy transport on a SQLite file in
`DOCGEN_DATA_DIR` (no server to run); the registry, not the result backend, holds every result.
"""

from __future__ import annotations

from typing import Any

from celery import Celery

from docgen.settings import Settings, get_settings

QUEUE = "docgen"


def embedded_broker_url(settings: Settings) -> str:
    return f"sqla+sqlite:///{settings.resolved_data_dir / 'queue.sqlite3'}"


def broker_url(settings: Settings) -> str:
    return settings.broker_url or embedded_broker_url(settings)


def result_backend_url(settings: Settings) -> str:
    if settings.result_backend:
        return settings.result_backend
    if settings.broker_url:
        return settings.broker_url  # follows the broker (Redis)
    return f"db+sqlite:///{settings.resolved_data_dir / 'results.sqlite3'}"


def celery_config(settings: Settings) -> dict[str, Any]:
    """The Celery configuration: JSON only, late acks, one message at a time per process."""
    transport_options: dict[str, Any]
    if settings.embedded_broker:
        settings.resolved_data_dir.mkdir(parents=True, exist_ok=True)
        # Options go to SQLAlchemy's create_engine (kombu polls the table once a second).
        transport_options = {"connect_args": {"timeout": 30}}  # SQLite busy timeout
    else:
        transport_options = {
            # An unacknowledged message goes back to the queue after this: longer than any task
            # (a task's hard limit twice, and a retry's longest backoff), so healthy work is never
            # run twice. A whole worker killed is recovered sooner by the task ledger.
            "visibility_timeout": max(
                settings.visibility_timeout_s, settings.task_time_limit_s * 2 + 60
            ),
            "socket_connect_timeout": 5,
            "socket_keepalive": True,
        }
    return {
        "broker_url": broker_url(settings),
        "result_backend": result_backend_url(settings),
        "broker_transport_options": transport_options,
        "broker_connection_retry_on_startup": True,
        "broker_connection_retry": True,  # a lost broker: the worker reconnects, for ever
        "broker_connection_max_retries": None,
        "broker_channel_error_retry": True,
        "task_serializer": "json",
        "result_serializer": "json",
        "accept_content": ["json"],
        "task_ignore_result": True,  # results live in the registry
        "task_default_queue": QUEUE,
        "task_acks_late": True,
        "task_reject_on_worker_lost": True,
        "task_acks_on_failure_or_timeout": True,
        "task_time_limit": settings.task_time_limit_s,
        "task_soft_time_limit": max(1, settings.task_time_limit_s - 30),
        "worker_prefetch_multiplier": 1,
        "worker_concurrency": settings.worker_concurrency,
        "worker_max_tasks_per_child": 200,  # LibreOffice and big bundles: start fresh now and then
        "worker_hijack_root_logger": False,
        "worker_enable_remote_control": not settings.embedded_broker,
        "worker_send_task_events": False,
        "timezone": "Asia/Bangkok",
        "enable_utc": True,
    }


def make_celery(settings: Settings | None = None) -> Celery:
    settings = settings or get_settings()
    celery = Celery("docgen")
    celery.conf.update(celery_config(settings))
    celery.conf.update(include=["workers.tasks"])
    return celery


app = make_celery()
