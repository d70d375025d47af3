"""`docgen check` on all-in-one workbooks (samples/shapes.py WORKBOOK_SHAPES): a sheet per
document (named, or Sheet1..5), two documents on one sheet, a subset beside Word files, saved
as .xlsx, .ods and .xls. Expected results come from the generator's data; each part is listed
in documents[] with its sheet, and findings point at file, sheet and row."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path, PurePosixPath
from typing import Any

import pytest

from docgen.intake.convert import SofficeDocumentConverter
from docgen.pipeline import check_bundle
from samples import shapes

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None, reason="needs LibreOffice")

EXTRA_FIELD = {"MISSING_DOCUMENT": "document", "COMMITTEE_ROLE_MISSING": "role"}


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("workbooks")
    shapes.generate_workbooks(out)
    return out


@pytest.fixture(scope="module")
def converter() -> Any:
    with SofficeDocumentConverter(timeout_s=120) as c:
        yield c


def _finding(f: dict[str, Any]) -> tuple[Any, ...]:
    extra = EXTRA_FIELD.get(f["code"])
    return (
        f["code"],
        f["severity"],
        f.get("file"),
        f.get("where"),
        f.get(extra) if extra else None,
    )


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
    assert Counter(_finding(f) for f in report["findings"]) == Counter(
        _finding(f) for f in expected["findings"]
    )
    assert report["complete"] is expected["complete"]
    for key in ("name", "subdistrict_code", "members", "committee"):
        assert report["group"][key] == expected["group"][key], key
    got = sorted((PurePosixPath(d["file"]).name, d["kind"]) for d in report["documents"])
    want = sorted((PurePosixPath(d["file"]).name, d["kind"]) for d in expected["documents"])
    assert got == want
    # Each part of the workbook names the sheet it was read from, and a heading.
    workbook = f"{shapes.WORKBOOK_NAME}.{shape.save_as}"
    sheet_of = {
        k: n for kinds, n in zip(shape.sheets, shape.sheet_names, strict=True) for k in kinds
    }
    parts = [d for d in report["documents"] if d["file"] == workbook]
    assert {d["kind"]: d["sheets"] for d in parts} == {k: [n] for k, n in sheet_of.items()}
    assert all(d["headings"] for d in parts)
