"""Two hosts, no shared folder: the web app and a worker, each its own DOCGEN_DATA_DIR, meet only
through PostgreSQL, Redis and an S3 API (moto's server). Bundles go in over HTTP and are checked
with their expected findings; a certificate comes out as DOCX and PDF; a batch of 20 comes out
as one merged PDF; the bucket holds every file and neither data folder holds one."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import time
import zipfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from unittest import mock

import httpx
import pytest

from docgen.cli.serve import bundle_files

from .registry_fixtures import (
    REPO,
    SAMPLES,
    OwnRedis,
    WorkerProcess,
    expected,
    free_port,
    pg_schema,
    start_web,
    wait_for,
)
from .s3_fixtures import S3Server, moto_server

PREFIX = "khonkaen"
PASSWORD = "officer-password-s3"
BUNDLES = ["valid-01-all-docx", "valid-07-zip-cp874", "defect-missing-plan", "defect-invalid-ids"]
BUNDLES += ["defect-scanned-page"]  # a scan: its page images are kept in the bucket
BATCH_HEADER = ["ชื่อกลุ่ม", "หมู่ที่", "ตำบล", "อำเภอ", "จังหวัด", "จำนวนสมาชิก", "ประธาน"]
BATCH_HEADER += ["วันที่จัดตั้ง"]


def _png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (60, 60), (20, 90, 40)).save(out, format="PNG")
    return out.getvalue()


class Hosts:
    """The services, the web process (host A) and the worker process (host B)."""

    def __init__(self, root: Path, pg_url: str, s3: S3Server) -> None:
        self.root = root
        self.s3 = s3
        self.bucket = s3.make_bucket()
        self.redis = OwnRedis(free_port(), root)
        self.redis.start()
        self.web_dir = root / "host-a-web"
        self.worker_dir = root / "host-b-worker"
        self.common = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("DOCGEN_", "AWS_"))},
            **s3.env(),
            "DOCGEN_DATABASE_URL": pg_url,
            "DOCGEN_BROKER_URL": f"redis://127.0.0.1:{self.redis.port}/3",
            "DOCGEN_STORAGE_URL": f"s3://{self.bucket}/{PREFIX}",
            "DOCGEN_SECRET_KEY": "s3-flow-test-secret",
        }
        self.port = free_port()
        self.web: subprocess.Popen[bytes] | None = None
        self.worker: WorkerProcess | None = None

    def start(self) -> None:
        from docgen.registry.accounts import create_account
        from docgen.registry.db import make_engine, make_session_factory, migrate
        from docgen.registry.office import set_office_profile, store_emblem
        from docgen.storage import open_store

        engine = make_engine(self.common["DOCGEN_DATABASE_URL"])
        migrate(engine)
        with make_session_factory(engine)() as s, s.begin():
            create_account(s, "kk-officer", PASSWORD, "officer", "4001", display_name="นางสาวสุดา")
            # Applications go to their documents' district (samples come from many provinces):
            # an admin reads and decides them all.
            create_account(s, "s3-admin", PASSWORD, "admin", None, None, display_name="นายสมศักดิ์")
            # อำเภอเมืองขอนแก่น's emblem, uploaded into the bucket as an office would.
            with mock.patch.dict(os.environ, self.s3.env()):
                storage = open_store(self.common["DOCGEN_STORAGE_URL"], self.root)
                self.emblem_key = store_emblem(storage, "4001", _png())
            set_office_profile(s, "4001", emblem_path=self.emblem_key)
        engine.dispose()
        env = {**self.common, "DOCGEN_DATA_DIR": str(self.worker_dir)}
        self.worker = WorkerProcess(env, "hostb", self.root / "worker.log", concurrency=2).start()
        web_env = {**self.common, "DOCGEN_DATA_DIR": str(self.web_dir), "PYTHONPATH": str(REPO)}
        with (self.root / "web.log").open("ab") as log:
            self.web = start_web(self.port, web_env, log=log, cwd=self.root)
        wait_for(self._web_answers, 60, 0.2)

    def _web_answers(self) -> bool:
        try:
            return httpx.get(f"{self.url}/healthz", timeout=2).status_code < 600
        except httpx.HTTPError:
            return False

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        if self.web is not None and self.web.poll() is None:
            self.web.terminate()
            self.web.wait(20)
        if self.worker is not None:
            self.worker.stop()
        self.redis.stop()

    def stored_files(self, app_id: str) -> list[tuple[int, str, str]]:
        """(id, name, stored key) of an application's files, from the registry."""
        from sqlalchemy import create_engine, select

        from docgen.registry.models import ApplicationFile

        engine = create_engine(self.common["DOCGEN_DATABASE_URL"])
        try:
            with engine.connect() as conn:
                rows = conn.execute(
                    select(
                        ApplicationFile.id, ApplicationFile.name, ApplicationFile.stored_path
                    ).where(ApplicationFile.application_id == app_id)
                )
                return [(int(r[0]), str(r[1]), str(r[2])) for r in rows]
        finally:
            engine.dispose()

    def files_on_disk(self, folder: Path, sub: str) -> list[Path]:
        root = folder / sub
        return [p for p in root.rglob("*") if p.is_file()] if root.is_dir() else []


@pytest.fixture(scope="module")
def hosts(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hosts]:
    root = tmp_path_factory.mktemp("two-hosts")
    with moto_server(root / "moto.log") as s3, pg_schema() as pg_url:
        h = Hosts(root, pg_url, s3)
        try:
            h.start()
            yield h
        finally:
            h.stop()


def _client(hosts: Hosts, username: str) -> httpx.Client:
    token = httpx.post(
        f"{hosts.url}/api/token", json={"username": username, "password": PASSWORD}
    ).json()["access_token"]
    return httpx.Client(
        base_url=hosts.url, headers={"Authorization": f"Bearer {token}"}, timeout=120
    )


@pytest.fixture(scope="module")
def officer(hosts: Hosts) -> httpx.Client:
    """อำเภอเมืองขอนแก่น's officer (the batch's rows are groups of that district)."""
    return _client(hosts, "kk-officer")


@pytest.fixture(scope="module")
def admin(hosts: Hosts) -> httpx.Client:
    return _client(hosts, "s3-admin")


def _upload(hosts: Hosts, bundle: Path) -> str:
    files = [("files", (p.name, p.read_bytes())) for p in bundle_files(bundle)]
    answer = httpx.post(
        f"{hosts.url}/api/applications", files=files, data={"district": "4001"}, timeout=60
    )
    assert answer.status_code == 202, answer.text
    return str(answer.json()["id"])


def _status(hosts: Hosts, app_id: str) -> dict[str, Any]:
    return dict(httpx.get(f"{hosts.url}/api/applications/{app_id}", timeout=10).json())


def _codes(findings: list[dict[str, Any]]) -> Counter[tuple[str, str]]:
    return Counter((f["code"], f["severity"]) for f in findings)


def test_healthz_reports_the_object_store(hosts: Hosts) -> None:
    health = httpx.get(f"{hosts.url}/healthz", timeout=10)
    assert health.status_code == 200
    assert health.json()["storage"] is True


def test_uploads_are_checked_by_a_worker_that_shares_no_folder(
    hosts: Hosts, admin: httpx.Client
) -> None:
    # Other tests of this module share the bucket (in any order): count what this one adds.
    before = set(hosts.s3.keys(hosts.bucket, f"{PREFIX}/uploads/"))
    app_ids = {name: _upload(hosts, SAMPLES / name) for name in BUNDLES}
    # Stored before the 202: every uploaded file is already an object in the bucket.
    keys = set(hosts.s3.keys(hosts.bucket, f"{PREFIX}/uploads/")) - before
    sent = sum(len(bundle_files(SAMPLES / name)) for name in BUNDLES)
    assert len(keys) == sent
    reports = {
        name: wait_for(
            lambda a=app_id: (s := _status(hosts, a))["status"] in ("checked", "failed") and s,
            90,
            0.5,
        )
        for name, app_id in app_ids.items()
    }
    for name, status in reports.items():
        want = expected(SAMPLES / name)
        assert status["status"] == "checked", (name, status)
        assert status["complete"] == want["complete"], name
        assert _codes(status["report"]["findings"]) == _codes(want["findings"]), name
    # The scanned pages the report names are objects in the bucket, under the application.
    scanned = app_ids["defect-scanned-page"]
    named = [
        name
        for doc in reports["defect-scanned-page"]["report"]["documents"]
        for name in doc.get("page_images") or []
    ]
    assert named
    images = hosts.s3.keys(hosts.bucket, f"{PREFIX}/page-images/{scanned}/")
    assert sorted(images) == sorted(f"{PREFIX}/page-images/{scanned}/{n}" for n in named)
    # The web host keeps no upload and the worker host kept no copy of a bundle.
    assert hosts.files_on_disk(hosts.web_dir, "uploads") == []
    assert hosts.files_on_disk(hosts.worker_dir, "uploads") == []
    assert hosts.files_on_disk(hosts.worker_dir, "work") == []  # scratch removed after use

    # An uploaded file downloads back from the officer's page, streamed from the store; the
    # registry holds its key in the bucket, not a path on a disk.
    valid = app_ids["valid-01-all-docx"]
    for file_id, name, key in hosts.stored_files(valid):
        assert not key.startswith("/") and key.startswith("uploads/")
        assert f"{PREFIX}/{key}" in keys
        source = next(p for p in bundle_files(SAMPLES / "valid-01-all-docx") if p.name == name)
        got = admin.get(f"/api/applications/{valid}/files/{file_id}")
        assert got.status_code == 200
        assert got.content == source.read_bytes()
        assert got.headers["content-disposition"].startswith("attachment")


def test_approved_certificate_downloads_as_docx_and_pdf(hosts: Hosts, admin: httpx.Client) -> None:
    from docx import Document
    from pypdf import PdfReader

    app_id = _upload(hosts, SAMPLES / "valid-02-xlsx-roster")
    wait_for(lambda: _status(hosts, app_id)["status"] == "checked", 90, 0.5)
    assert admin.post(f"/api/applications/{app_id}/approve").status_code == 200
    certified = admin.post(f"/api/applications/{app_id}/certify").json()
    number = certified["certificate_number"]
    group = expected(SAMPLES / "valid-02-xlsx-roster")["group"]["name"]

    docx = admin.get(f"/api/applications/{app_id}/certificate.docx")
    assert docx.status_code == 200, docx.text
    assert docx.headers["content-disposition"].startswith("attachment")
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    # Word joiners and zero-width spaces mark where Thai may break a line: not letters.
    assert group in text.replace("\u2060", "").replace("\u200b", "")
    pdf = admin.get(f"/api/applications/{app_id}/certificate.pdf")
    assert pdf.status_code == 200, pdf.text
    assert pdf.content.startswith(b"%PDF")
    pdf_text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert number.split("/")[0] in pdf_text
    safe_no = number.replace("/", "-")
    keys = set(hosts.s3.keys(hosts.bucket, f"{PREFIX}/outputs/applications/{app_id}/"))
    assert keys == {
        f"{PREFIX}/outputs/applications/{app_id}/certificate-{safe_no}.docx",
        f"{PREFIX}/outputs/applications/{app_id}/certificate-{safe_no}.pdf",
    }
    assert hosts.files_on_disk(hosts.web_dir, "outputs") == []
    assert hosts.files_on_disk(hosts.web_dir, "work") == []


def test_batch_of_20_with_pdf_downloads_its_merged_pdf(hosts: Hosts, officer: httpx.Client) -> None:
    from pypdf import PdfReader

    names = [f"กลุ่มปลูกผักปลอดภัยบ้านโนนที่ {n}" for n in range(1, 21)]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(BATCH_HEADER)
    for name in names:
        writer.writerow(
            [name, "3", "ท่าพระ", "เมืองขอนแก่น", "ขอนแก่น", "14", "นายสมชาย ใจดี", "2025-05-01"]
        )
    started = time.monotonic()
    answer = officer.post(
        "/api/jobs",
        files={"file": ("กลุ่ม.csv", buffer.getvalue().encode("utf-8"))},
        data={"pdf": "1"},
    )
    assert answer.status_code == 202, answer.text
    job_id = answer.json()["id"]
    job = wait_for(
        lambda: (
            (j := officer.get(f"/api/jobs/{job_id}").json())["status"] in ("done", "failed") and j
        ),
        150,
        1.0,
    )
    assert (job["status"], job["error"]) == ("done", None)
    merged = officer.get(f"/api/jobs/{job_id}/download?format=pdf")
    assert merged.status_code == 200
    assert merged.headers["content-type"] == "application/pdf"
    assert int(merged.headers["content-length"]) == len(merged.content)
    reader = PdfReader(io.BytesIO(merged.content))
    assert len(reader.pages) == 20
    assert "ปลูกผักปลอดภัย" in (reader.pages[0].extract_text() or "").replace(" ", "")
    archive = officer.get(f"/api/jobs/{job_id}/download?format=zip")
    with zipfile.ZipFile(io.BytesIO(archive.content)) as zf:
        docx = [n for n in zf.namelist() if n.endswith(".docx")]
        first = zipfile.ZipFile(io.BytesIO(zf.read(docx[0])))
    assert len(docx) == 20
    # The office's emblem, kept only in the bucket, is on the certificate the worker made.
    emblem = [n for n in first.namelist() if n.startswith("word/media/")]
    assert emblem and all(first.read(n)[:8] == b"\x89PNG\r\n\x1a\n" for n in emblem), emblem
    assert f"{PREFIX}/{hosts.emblem_key}" in hosts.s3.keys(hosts.bucket, f"{PREFIX}/office/")
    keys = hosts.s3.keys(hosts.bucket, f"{PREFIX}/jobs/{job_id}/")
    assert f"{PREFIX}/jobs/{job_id}/out/certificates.pdf" in keys
    assert f"{PREFIX}/jobs/{job_id}/certificates.zip" in keys
    assert len([k for k in keys if k.endswith(".docx")]) == 20
    assert not [k for k in keys if "/.chunks/" in k]  # chunk PDFs removed once merged
    assert hosts.s3.keys(hosts.bucket, f"{PREFIX}/jobs-input/")  # the CSV itself
    # Neither host keeps a file of the job.
    assert hosts.files_on_disk(hosts.worker_dir, "jobs") == []
    assert hosts.files_on_disk(hosts.worker_dir, "work") == []
    assert hosts.files_on_disk(hosts.web_dir, "jobs-input") == []
    assert time.monotonic() - started < 120
