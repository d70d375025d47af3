"""docker-compose.yml: redis, postgres, web and worker from one image, healthchecks, volumes."""

from __future__ import annotations

import subprocess
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]


def test_compose_has_the_four_services_with_healthchecks() -> None:
    spec = yaml.safe_load((REPO / "docker-compose.yml").read_text(encoding="utf-8"))
    services = spec["services"]
    assert set(services) == {"redis", "postgres", "web", "worker"}
    assert all("healthcheck" in s for s in services.values())
    # One image, two commands; both see the same data volume and the same settings.
    assert services["web"]["image"] == services["worker"]["image"]
    assert services["web"]["command"][:2] == ["docgen", "serve"]
    assert services["worker"]["command"] == ["docgen", "worker"]
    for name in ("web", "worker"):
        env = services[name]["environment"]
        assert env["DOCGEN_BROKER_URL"].startswith("redis://redis:")
        assert env["DOCGEN_DATABASE_URL"].startswith("postgresql+psycopg://")
        assert any(v.endswith(":/data") for v in services[name]["volumes"])
    assert set(spec["volumes"]) >= {"docgen-data", "postgres-data", "redis-data"}


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
