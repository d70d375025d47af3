"""docker-compose.yml: redis, postgres, MinIO, web and worker from one image, healthchecks; the
workers-only file for other machines shares no folder."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]


def test_compose_has_the_services_with_healthchecks_and_files_in_minio() -> None:
    spec = yaml.safe_load((REPO / "docker-compose.yml").read_text(encoding="utf-8"))
    services = spec["services"]
    assert set(services) == {"redis", "postgres", "minio", "minio-bucket", "web", "worker"}
    long_running = {k: v for k, v in services.items() if k != "minio-bucket"}
    assert all("healthcheck" in s for s in long_running.values())
    # The bucket is made by a one-shot mc run once MinIO is healthy; web and worker wait for it.
    bucket = services["minio-bucket"]
    assert bucket["image"].startswith("minio/mc")
    assert bucket["depends_on"]["minio"]["condition"] == "service_healthy"
    assert "mc mb --ignore-existing" in " ".join(bucket["command"])
    # One image, two commands, the same settings: files in the S3 store, not a shared volume.
    assert services["web"]["image"] == services["worker"]["image"]
    assert services["web"]["command"][:2] == ["docgen", "serve"]
    assert services["worker"]["command"] == ["docgen", "worker"]
    for name in ("web", "worker"):
        env = services[name]["environment"]
        assert env["DOCGEN_BROKER_URL"].startswith("redis://redis:")
        assert env["DOCGEN_DATABASE_URL"].startswith("postgresql+psycopg://")
        assert env["DOCGEN_STORAGE_URL"].startswith("s3://")
        assert env["AWS_ENDPOINT_URL"].endswith("minio:9000}")
        dep = services[name]["depends_on"]["minio-bucket"]
        assert dep["condition"] == "service_completed_successfully"
    assert "volumes" not in services["worker"]  # nothing shared with the web app
    assert set(spec["volumes"]) >= {"docgen-data", "postgres-data", "redis-data", "minio-data"}


def test_workers_file_for_other_machines_mounts_nothing() -> None:
    spec = yaml.safe_load((REPO / "docker-compose.workers.yml").read_text(encoding="utf-8"))
    assert set(spec["services"]) == {"worker"}
    worker = spec["services"]["worker"]
    assert worker["command"] == ["docgen", "worker"]
    assert "volumes" not in worker and "volumes" not in spec
    assert worker["environment"]["DOCGEN_STORAGE_URL"].startswith("s3://")
    result = subprocess.run(
        ["docker-compose", "-f", str(REPO / "docker-compose.workers.yml"), "config", "-q"],
        capture_output=True,
        text=True,
        timeout=60,
        env={
            **os.environ,
            "DOCGEN_MAIN_HOST": "10.0.0.5",
            "AWS_ENDPOINT_URL": "http://10.0.0.5:9000",
            "POSTGRES_PASSWORD": "pw",
            "MINIO_ROOT_PASSWORD": "minio-password",
        },
    )
    assert result.returncode == 0, result.stderr


def test_docker_compose_config_validates() -> None:
    result = subprocess.run(
        ["docker-compose", "-f", str(REPO / "docker-compose.yml"), "config", "-q"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr


def test_dockerfile_installs_libreoffice_and_thai_fonts_through_the_ci_script() -> None:
    text = (REPO / "Dockerfile").read_text(encoding="utf-8")
    assert ".ci/system-deps.sh" in text
    deps = (REPO / ".ci" / "system-deps.sh").read_text(encoding="utf-8")
    assert "libreoffice-writer-nogui" in deps and "fonts-thai-tlwg" in deps
