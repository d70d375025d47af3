"""`docgen check` on all-in-one workbooks (samples/shapes.py WORKBOOK_SHAPES): a sheet per
document (named, or Sheet1..5), two documents on one sheet, a subset beside Word files, saved
as .xlsx, .ods and .xls. Expected results come from the generator's data; each part is listed
in documents[] with its sheet, and findings point at file, sheet and row."""

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


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("workbooks")
    shapes.generate_workbooks(out)
    return out


@pytest.fixture(scope="module")
def converter() -> Any:
    with SofficeDocumentConverter(timeout_s=120) as c:
        yield c


@pytest.mark.parametrize("shape", shapes.WORKBOOK_SHAPES, ids=lambda s: s.name)
def test_workbook_shape(
    shape: shapes.WorkbookShape, workbooks: Path, converter: Any, tmp_path: Path
) -> None:
    folder = workbooks / shape.name
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    report = check_bundle(
        [folder / p for p in expected["input"]], tmp_path, converter=converter
    ).to_json()
    # Findings exactly as the generator wrote them: file, sheet and row included.
    assert not differences(report, expected, exact_where=True), shape.name
    # Each part of the workbook names the sheet it was read from, and a heading.
    workbook = f"{shapes.WORKBOOK_NAME}.{shape.save_as}"
    sheet_of = {
        k: n for kinds, n in zip(shape.sheets, shape.sheet_names, strict=True) for k in kinds
    }
    parts = [d for d in report["documents"] if d["file"] == workbook]
    assert {d["kind"]: d["sheets"] for d in parts} == {k: [n] for k, n in sheet_of.items()}
    assert all(d["headings"] for d in parts)
