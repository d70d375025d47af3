"""`docgen check` on bundles in the shapes offices receive (samples/shapes.py): legacy and open
formats, all five documents in one DOCX, .doc, .odt, .rtf or PDF, subsets, a roster table typed
on as a second table, a ZIP in the ZIP (Mac and Windows names), a group folder with litter. Expected results come from the generator's data; LibreOffice runs once per format for
the whole session (generation) and once per target and bundle (checking)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from docgen.intake.convert import SofficeDocumentConverter
from docgen.pipeline import check_bundle
from samples import shapes
from tests.integration.shape_support import differences

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None, reason="needs LibreOffice")


@pytest.fixture(scope="session")
def shape_bundles(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("shapes")
    shapes.generate(out)
    return out


@pytest.fixture(scope="module")
def converter() -> Any:
    with SofficeDocumentConverter(timeout_s=120) as c:
        yield c


@pytest.mark.parametrize("name", [s.name for s in shapes.SHAPES])
def test_shape(name: str, shape_bundles: Path, converter: Any, tmp_path: Path) -> None:
    folder = shape_bundles / name
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    report = check_bundle(
        [folder / p for p in expected["input"]], tmp_path, converter=converter
    ).to_json()
    assert not differences(report, expected), name
