"""The registry's tables as typed SQLAlchemy 2.0 models (the Alembic migrations create them)."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# Application statuses, in the order an application normally moves through them.
RECEIVED = "received"
CHECKING = "checking"
CHECKED = "checked"
RETURNED = "returned"
APPROVED = "approved"
CERTIFIED = "certified"
FAILED = "failed"
APPLICATION_STATUSES = (RECEIVED, CHECKING, CHECKED, RETURNED, APPROVED, CERTIFIED, FAILED)

# Job statuses.
JOB_QUEUED = "queued"
JOB_RUNNING = "running"
JOB_DONE = "done"
JOB_FAILED = "failed"
JOB_STATUSES = (JOB_QUEUED, JOB_RUNNING, JOB_DONE, JOB_FAILED)

# Job kinds (the task each one runs).
JOB_RENDER_DOCUMENT = "render_document"
JOB_BATCH_CERTIFICATES = "batch_certificates"
JOB_DISTRICT_REPORT = "district_report"
JOB_KINDS = (JOB_RENDER_DOCUMENT, JOB_BATCH_CERTIFICATES, JOB_DISTRICT_REPORT)

# Account roles.
ROLE_OFFICER = "officer"
ROLE_PROVINCE = "province"
ROLE_ADMIN = "admin"
ROLES = (ROLE_OFFICER, ROLE_PROVINCE, ROLE_ADMIN)


def utcnow() -> datetime:
    """Now, timezone-aware UTC (stored as such in PostgreSQL; SQLite keeps the text)."""
    return datetime.now(UTC)


def new_public_id() -> str:
    """An unguessable id for an application or a job link (192 random bits)."""
    return secrets.token_urlsafe(24)


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        dict[str, Any]: JSON,
        datetime: DateTime(timezone=True),
    }


class Office(Base):
    """A district agriculture office (DOPA district code, e.g. 4001) and its province."""

    __tablename__ = "offices"

    district_code: Mapped[str] = mapped_column(String(4), primary_key=True)
    province_code: Mapped[str] = mapped_column(String(2), index=True)
    district_name_th: Mapped[str] = mapped_column(String(200))
    province_name_th: Mapped[str] = mapped_column(String(200))
    # The office profile (0002): what documents print in their header and signature block.
    office_name: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(String(400), default="")
    phone: Mapped[str] = mapped_column(String(60), default="")
    signer_name: Mapped[str] = mapped_column(String(200), default="")
    signer_position: Mapped[str] = mapped_column(String(200), default="")
    emblem_path: Mapped[str] = mapped_column(String(1000), default="")  # relative to the data dir


class Account(Base):
    """A person who signs in: an officer of a district, a province reader, or an admin."""

    __tablename__ = "accounts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    password_hash: Mapped[str] = mapped_column(String(300))
    role: Mapped[str] = mapped_column(String(20))
    district_code: Mapped[str | None] = mapped_column(String(4), nullable=True)
    province_code: Mapped[str | None] = mapped_column(String(2), nullable=True)
    display_name: Mapped[str] = mapped_column(String(200), default="")  # the Thai full name
    position: Mapped[str] = mapped_column(String(200), default="")  # e.g. เกษตรอำเภอเมืองขอนแก่น
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Application(Base):
    """An uploaded bundle: its files, its check report and where it stands."""

    __tablename__ = "applications"

    id: Mapped[str] = mapped_column(String(64), primary_key=True, default=new_public_id)
    # Known at upload when the group picks its district; otherwise filled from the check report.
    district_code: Mapped[str | None] = mapped_column(String(4), nullable=True, index=True)
    province_code: Mapped[str | None] = mapped_column(String(2), nullable=True, index=True)
    # The district the uploader picked, kept when the documents name another (they win).
    uploaded_district_code: Mapped[str | None] = mapped_column(String(4), nullable=True)
    status: Mapped[str] = mapped_column(String(20), default=RECEIVED, index=True)
    group_name: Mapped[str] = mapped_column(String(500), default="")
    report: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    complete: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    return_reason: Mapped[str] = mapped_column(Text, default="")
    error: Mapped[str] = mapped_column(Text, default="")
    check_attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    check_started_at: Mapped[datetime | None] = mapped_column(nullable=True)
    checked_at: Mapped[datetime | None] = mapped_column(nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(nullable=True)
    decided_by: Mapped[str] = mapped_column(String(100), default="")
    # Why the office approved or certified it although the check found errors.
    override_reason: Mapped[str] = mapped_column(Text, default="")
    # While a check reads scans (0004): pages OCR has read of the pages expected, written by
    # the worker (on whatever machine) for the group's page; both 0 when no scan is being read.
    ocr_pages_done: Mapped[int] = mapped_column(Integer, default=0)
    ocr_pages_total: Mapped[int] = mapped_column(Integer, default=0)

    files: Mapped[list[ApplicationFile]] = relationship(
        back_populates="application",
        cascade="all, delete-orphan",
        order_by="ApplicationFile.id",
        lazy="selectin",
    )
    certificate: Mapped[Certificate | None] = relationship(
        back_populates="application", uselist=False, lazy="selectin"
    )


class ApplicationFile(Base):
    """One uploaded file: the name the group gave it, where it is kept, its size and SHA-256."""

    __tablename__ = "application_files"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    application_id: Mapped[str] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(500))
    stored_path: Mapped[str] = mapped_column(String(1000))  # a storage key: uploads/<folder>/<name>
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))

    application: Mapped[Application] = relationship(back_populates="files")


class Group(Base):
    """A certified group, as the district reports it to the province."""

    __tablename__ = "groups"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    application_id: Mapped[str | None] = mapped_column(
        ForeignKey("applications.id", ondelete="SET NULL"), nullable=True, unique=True
    )
    name: Mapped[str] = mapped_column(String(500))
    district_code: Mapped[str] = mapped_column(String(4), index=True)
    province_code: Mapped[str] = mapped_column(String(2), default="")
    subdistrict: Mapped[str] = mapped_column(String(200), default="")
    subdistrict_code: Mapped[str | None] = mapped_column(String(6), nullable=True)
    district: Mapped[str] = mapped_column(String(200), default="")
    province: Mapped[str] = mapped_column(String(200), default="")
    moo: Mapped[str] = mapped_column(String(20), default="")
    members: Mapped[int] = mapped_column(Integer, default=0)
    chair: Mapped[str] = mapped_column(String(300), default="")
    main_activity: Mapped[str] = mapped_column(String(500), default="")
    established_at: Mapped[datetime | None] = mapped_column(nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class CertificateCounter(Base):
    """The last certificate number given in one district in one Buddhist year."""

    __tablename__ = "certificate_counters"

    district_code: Mapped[str] = mapped_column(String(4), primary_key=True)
    be_year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_seq: Mapped[int] = mapped_column(Integer, default=0)


class Certificate(Base):
    """A certificate number `ลำดับ/พ.ศ.`, given once per idempotency key, never twice, never skipped."""

    __tablename__ = "certificates"
    __table_args__ = (
        UniqueConstraint("district_code", "be_year", "seq", name="uq_certificate_number"),
        UniqueConstraint("idempotency_key", name="uq_certificate_key"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    number: Mapped[str] = mapped_column(String(20))
    seq: Mapped[int] = mapped_column(Integer)
    be_year: Mapped[int] = mapped_column(Integer)
    district_code: Mapped[str] = mapped_column(String(4))
    idempotency_key: Mapped[str] = mapped_column(String(200))
    application_id: Mapped[str | None] = mapped_column(
        ForeignKey("applications.id", ondelete="SET NULL"), nullable=True, index=True
    )
    group_id: Mapped[int | None] = mapped_column(
        ForeignKey("groups.id", ondelete="SET NULL"), nullable=True
    )
    job_id: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)
    issued_by: Mapped[str] = mapped_column(String(100), default="")

    application: Mapped[Application | None] = relationship(back_populates="certificate")


class Job(Base):
    """A long piece of work (a document, a batch, a report) with its progress and result."""

    __tablename__ = "jobs"

    id: Mapped[str] = mapped_column(String(64), primary_key=True, default=new_public_id)
    kind: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20), default=JOB_QUEUED, index=True)
    progress_done: Mapped[int] = mapped_column(Integer, default=0)
    progress_total: Mapped[int] = mapped_column(Integer, default=0)
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    state: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # task bookkeeping
    result_path: Mapped[str | None] = mapped_column(String(1000), nullable=True)
    error: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[str] = mapped_column(String(100), default="")
    district_code: Mapped[str | None] = mapped_column(String(4), nullable=True, index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(nullable=True)


class AuditLog(Base):
    """Who did what to which thing, and when. Never holds national IDs."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_target", "target_type", "target_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(60))
    target_type: Mapped[str] = mapped_column(String(40), default="")
    target_id: Mapped[str] = mapped_column(String(64), default="")
    detail: Mapped[str] = mapped_column(Text, default="")


# ---------------------------------------------------------------------------
# Operations (migration 0003_ops): which worker holds which message, who is alive, login failures
# ---------------------------------------------------------------------------


class WorkerBeat(Base):
    """A Celery worker's heartbeat: its node name, the machine and process id, and when it last beat."""

    __tablename__ = "worker_beats"

    name: Mapped[str] = mapped_column(String(200), primary_key=True)  # e.g. `w1@host`
    machine: Mapped[str] = mapped_column(String(200), default="")
    pid: Mapped[int] = mapped_column(Integer, default=0)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    beat_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class TaskLedger(Base):
    """Every task message sent and not yet finished, and the worker holding it (if any).

    A row is written before the message goes to the broker and removed when the task has
    finished; `sent_at` is empty while the broker did not take it, `worker` names the worker
    that received it. From this the workers give back, within seconds, what a dead worker held,
    what the broker lost, and what the web door could not send.
    """

    __tablename__ = "task_ledger"

    task_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    args: Mapped[list[Any]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(nullable=True, index=True)
    worker: Mapped[str | None] = mapped_column(String(200), nullable=True, index=True)
    received_at: Mapped[datetime | None] = mapped_column(nullable=True)
    deliveries: Mapped[int] = mapped_column(Integer, default=0)


class LoginFailure(Base):
    """Wrong passwords within the throttle window, per username or address key (all web processes)."""

    __tablename__ = "login_failures"
    __table_args__ = (Index("ix_login_failures_key_at", "key", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(300))
    at: Mapped[datetime] = mapped_column(default=utcnow)
