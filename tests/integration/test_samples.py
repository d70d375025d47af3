"""Acceptance: `docgen check` over every sample bundle gives exactly the findings its expected.json lists."""

from __future__ import annotations

import json
import re
from pathlib import Path, PurePosixPath
from typing import Any

import pytest

BUNDLES = Path(__file__).resolve().parents[2] / "samples" / "bundles"
CASES = sorted(p.parent.name for p in BUNDLES.glob("*/expected.json"))

# The extra field each code carries (CONTRACT.md, finding codes).
EXTRA_FIELD = {
    "MISSING_DOCUMENT": "document",
    "COMMITTEE_ROLE_MISSING": "role",
    "BYLAWS_TOPIC_MISSING": "topic",
}


def _row(where: str | None) -> int | None:
    """The row number in `where` ("แถวที่ 7", "row 7"); None when it names no row."""
    if not where:
        return None
    digits = re.findall(r"\d+", where.translate(str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")))
    return int(digits[-1]) if digits else None


def _describe(finding: dict[str, Any]) -> str:
    extra = EXTRA_FIELD.get(finding["code"])
    parts = [finding["code"], finding.get("severity", "?")]
    if extra:
        parts.append(f"{extra}={finding.get(extra)}")
    parts.append(f"file={finding.get('file', '(any)')}")
    parts.append(f"where={finding.get('where')}")
    return " ".join(str(p) for p in parts)


def _matches(expected: dict[str, Any], actual: dict[str, Any]) -> bool:
    if (expected["code"], expected["severity"]) != (actual["code"], actual["severity"]):
        return False
    extra = EXTRA_FIELD.get(expected["code"])
    if extra and expected.get(extra) != actual.get(extra):
        return False
    # A sample leaves `file` out where the contract does not say which file is meant.
    if "file" in expected and expected["file"] != actual.get("file"):
        return False
    return expected.get("where") is None or _row(expected["where"]) == _row(actual.get("where"))


def _unmatched(expected: list[dict[str, Any]], actual: list[dict[str, Any]]) -> tuple[list, list]:
    """Pair findings one to one, most specific expectations first; return what is left on each side."""
    left = list(actual)
    missing = []
    for item in sorted(expected, key=lambda f: ("file" not in f, f.get("where") is None)):
        hit = next((a for a in left if _matches(item, a)), None)
        if hit is None:
            missing.append(item)
        else:
            left.remove(hit)
    return missing, left


@pytest.fixture(scope="module")
def check_bundle():
    from docgen.pipeline import check_bundle

    return check_bundle


@pytest.mark.parametrize("name", CASES)
def test_sample_bundle(name: str, check_bundle, tmp_path: Path) -> None:
    folder = BUNDLES / name
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    report = check_bundle([folder / p for p in expected["input"]], tmp_path).to_json()

    missing, unexpected = _unmatched(expected["findings"], report["findings"])
    assert not missing and not unexpected, (
        f"{name}: {expected['about']}\n"
        + "".join(f"  expected, not found: {_describe(f)}\n" for f in missing)
        + "".join(f"  found, not expected: {_describe(f)}\n" for f in unexpected)
    )
    assert report["complete"] is expected["complete"]

    if expected["documents"] is not None:
        got = sorted((PurePosixPath(d["file"]).name, d["kind"]) for d in report["documents"])
        want = sorted((PurePosixPath(d["file"]).name, d["kind"]) for d in expected["documents"])
        assert got == want

    group = expected["group"]
    if group is not None:
        for key in ("name", "subdistrict_code", "members", "committee"):
            assert report["group"][key] == group[key], f"{name}: group.{key}"


def test_samples_cover_every_finding_code() -> None:
    """Each finding code of the contract has a sample (hostile archives aside, BUNDLE_REJECTED once)."""
    from samples.generate import SEVERITY

    seen: set[str] = set()
    for name in CASES:
        expected = json.loads((BUNDLES / name / "expected.json").read_text(encoding="utf-8"))
        seen.update(f["code"] for f in expected["findings"])
    assert seen == set(SEVERITY)
    assert sum(name.startswith("valid-") for name in CASES) >= 8
