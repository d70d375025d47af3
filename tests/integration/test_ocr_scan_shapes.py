"""Scans that used to be read wrong (samples/scans.py): the count-mismatch bundle scanned (its
committee's secretary and its stated count), its count crossed out on the paper (an UNCLEAR_TEXT
naming page and line, never a guessed count), and all five documents scanned into one PDF.
Expected results are the generator's (samples/bundles/*/expected.json and the defects it adds)."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from docgen import pipeline
from samples import scans

CASES = {
    "count-mismatch": ("defect-pdf-count-mismatch", "scan-pdf"),
    "count-scratched": ("defect-pdf-count-mismatch", "count-scratched"),
    "all-in-one": ("valid-05-all-pdf", "all-in-one-scan"),
}


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Any, Any]]:
    cache = tmp_path_factory.mktemp("rasterised")
    out: dict[str, tuple[Any, Any]] = {}
    for case, (source, shape) in CASES.items():
        folder = tmp_path_factory.mktemp(case)
        expected = scans.make_bundle(source, shape, folder, cache=cache)
        report = pipeline.check_bundle([folder / "bundle"], folder / "work").to_json()
        out[case] = (expected, report)
    return out


def _spots(findings: list[dict[str, Any]]) -> Counter[tuple[Any, ...]]:
    return Counter(
        (f["code"], f["severity"], f.get("file"), f.get("where"), f.get("document"))
        for f in findings
    )


@pytest.mark.parametrize("case", list(CASES))
def test_the_scan_gives_the_findings_and_group_of_its_paper(
    case: str, checked: dict[str, tuple[Any, Any]]
) -> None:
    expected, report = checked[case]
    want = [{**f, "document": f.get("document")} for f in expected["findings"]]
    got = [
        {**f, "document": f.get("document") if f["code"] == "UNCLEAR_TEXT" else None}
        for f in report["findings"]
    ]
    assert _spots(got) == _spots(want)
    assert report["complete"] == expected["complete"]
    for key in ("name", "subdistrict_code", "members", "committee", "stated_members"):
        assert report["group"][key] == expected["group"][key], key
    assert sorted((d["file"], d["kind"]) for d in report["documents"]) == sorted(
        (d["file"], d["kind"]) for d in expected["documents"]
    )


def test_every_committee_post_of_the_scanned_list_is_read(
    checked: dict[str, tuple[Any, Any]],
) -> None:
    _expected, report = checked["count-mismatch"]
    roles = Counter(seat["role"] for seat in report["committee"])
    assert roles["chair"] == roles["secretary"] == roles["treasurer"] == 1
    assert [f for f in report["findings"] if f["code"] == "COMMITTEE_ROLE_MISSING"] == []


def test_a_count_no_one_can_read_is_a_warning_for_its_line_not_a_number(
    checked: dict[str, tuple[Any, Any]],
) -> None:
    expected, report = checked["count-scratched"]
    unclear = [f for f in report["findings"] if f["code"] == "UNCLEAR_TEXT"]
    assert len(unclear) == 1 and unclear[0]["severity"] == "warning"
    assert unclear[0]["where"].startswith("หน้า 1 บรรทัดที่ ")
    assert "อ่านจากภาพไม่ชัด ตรวจกับต้นฉบับ" in unclear[0]["message"]
    assert report["group"]["stated_members"] is None
    assert not [f for f in report["findings"] if f["code"] == "MEMBER_COUNT_MISMATCH"]
    assert expected["group"]["members"] == report["group"]["members"]


def test_all_five_documents_in_one_scan_are_each_read_from_their_pages(
    checked: dict[str, tuple[Any, Any]],
) -> None:
    expected, report = checked["all-in-one"]
    assert {d["file"] for d in report["documents"]} == {scans.COMBINED_NAME}
    pages = [p for d in report["documents"] for p in d.get("pages", [])]
    assert sorted(set(pages)) == list(range(1, 9))  # 2 + 3 + 1 + 1 + 1 printed pages
    assert len(report["members"]) == expected["group"]["members"]
    assert all(m.get("province") for m in report["members"])
    assert report["complete"] is True and report["findings"] == []
