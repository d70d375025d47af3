"""`docgen check` on bundles in the shapes offices receive (samples/shapes.py): legacy and open
formats, all five documents in one DOCX or PDF, subsets, a ZIP in the ZIP, a group folder with
litter. Expected results come from the generator's data; LibreOffice runs once per format for
the whole session (generation) and once per target and bundle (checking)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path, PurePosixPath
from typing import Any

import pytest

from docgen.intake.convert import SofficeDocumentConverter
from docgen.pipeline import check_bundle
from samples import shapes

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None, reason="needs LibreOffice")

EXTRA_FIELD = {
    "MISSING_DOCUMENT": "document",
    "COMMITTEE_ROLE_MISSING": "role",
    "BYLAWS_TOPIC_MISSING": "topic",
}


@pytest.fixture(scope="session")
def shape_bundles(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("shapes")
    shapes.generate(out)
    return out


@pytest.fixture(scope="module")
def converter() -> Any:
    with SofficeDocumentConverter(timeout_s=120) as c:
        yield c


def _row(where: str | None) -> int | None:
    digits = re.findall(r"\d+", where or "")
    return int(digits[-1]) if digits else None


def _key(f: dict[str, Any]) -> tuple[Any, ...]:
    extra = EXTRA_FIELD.get(f["code"])
    return (f["code"], f["severity"], f.get(extra) if extra else None, f.get("file"))


def _matches(want: dict[str, Any], got: dict[str, Any]) -> bool:
    if "file" not in want:  # the contract does not say which file is meant
        got = {k: v for k, v in got.items() if k != "file"}
    if _key(want) != _key(got):
        return False
    return want.get("where") is None or _row(want["where"]) == _row(got.get("where"))


@pytest.mark.parametrize("name", [s.name for s in shapes.SHAPES])
def test_shape(name: str, shape_bundles: Path, converter: Any, tmp_path: Path) -> None:
    folder = shape_bundles / name
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    report = check_bundle(
        [folder / p for p in expected["input"]], tmp_path, converter=converter
    ).to_json()
    left = list(report["findings"])
    missing = []
    for want in expected["findings"]:
        hit = next((g for g in left if _matches(want, g)), None)
        if hit is None:
            missing.append(want)
        else:
            left.remove(hit)
    assert not missing and not left, f"{name}: expected, not found {missing}; found {left}"
    assert report["complete"] is expected["complete"]
    got = sorted((PurePosixPath(d["file"]).name, d["kind"]) for d in report["documents"])
    want = sorted((PurePosixPath(d["file"]).name, d["kind"]) for d in expected["documents"])
    assert got == want
    for key in ("name", "subdistrict_code", "members", "committee"):
        assert report["group"][key] == expected["group"][key], f"{name}: group.{key}"
