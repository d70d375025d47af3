"""Round trip: the documents docgen hands out are documents `docgen check` accepts."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from docx import Document

from docgen.model import DocKind
from docgen.pipeline import check_bundle
from docgen.render.bundle import bundle_file_names, render_bundle
from docgen.render.engine import render_blank
from docgen.render.linebreak import plain_text

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "data"
GROUPS = sorted(SAMPLES.glob("group*.json"))


def load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("group_file", GROUPS, ids=[p.stem for p in GROUPS])
def test_rendered_bundle_passes_the_check(tmp_path: Path, group_file: Path) -> None:
    group = load(group_file)
    bundle = render_bundle(group, tmp_path / "bundle.zip")
    report = check_bundle([bundle])
    assert [f.to_json() for f in report.findings] == []
    data = report.to_json()
    assert data["complete"] is True
    assert data["group"]["name"] == group["group_name"]
    assert data["group"]["members"] == len(group["members"])
    assert data["group"]["stated_members"] == len(group["members"])
    assert data["group"]["committee"] == len(group["committee"])
    assert data["group"]["subdistrict_code"] is not None
    assert sorted(d["kind"] for d in data["documents"]) == sorted(
        k.value for k in DocKind if k != DocKind.UNKNOWN
    )
    assert len(data["activities"]) == len(group["activities"])


def test_two_sample_groups_at_least() -> None:
    assert len(GROUPS) >= 2


def test_blank_forms_are_recognised_as_their_documents(tmp_path: Path) -> None:
    for kind in ("request_form", "bylaws", "committee_list", "member_roster", "activity_plan"):
        render_blank(kind, tmp_path / f"{kind}.docx")
    report = check_bundle([tmp_path])
    kinds = {Path(d["file"]).stem: d["kind"] for d in report.to_json()["documents"]}
    assert kinds == {k: k for k in kinds}
    assert len(kinds) == 5


def _fill_dots(path: Path, values: dict[str, list[str]]) -> None:
    """Type over the dotted lines as a person does in Word: the first dots after each label."""
    doc = Document(str(path))
    for par in doc.paragraphs:
        for label, fills in values.items():
            if not plain_text(par.text).startswith(label) or not par.runs:
                continue
            text = plain_text(par.text)
            for fill in fills:
                text = re.sub(r"\.{4,}", fill, text, count=1)
            for run in par.runs[1:]:
                run.text = ""
            par.runs[0].text = text
    doc.save(str(path))


def test_blank_request_form_filled_in_word_is_read_back(tmp_path: Path) -> None:
    group = load(SAMPLES / "group.json")
    rendered = render_bundle(group, tmp_path / "filled.zip")
    folder = tmp_path / "bundle"
    with zipfile.ZipFile(rendered) as archive:
        archive.extractall(folder)
    request = folder / bundle_file_names()["request_form"]
    render_blank("request_form", request)
    a = group["address"]
    _fill_dots(
        request,
        {
            "ชื่อกลุ่ม": [group["group_name"]],
            "ที่ตั้ง": [a["house_no"], a["moo"], a["subdistrict"], a["district"], a["province"]],
            "จำนวนสมาชิก": [str(len(group["members"]))],
        },
    )
    report = check_bundle([folder])
    assert [f.to_json() for f in report.findings] == []
    assert report.bundle.group.stated_members == len(group["members"])
