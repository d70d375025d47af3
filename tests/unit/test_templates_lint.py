"""Template lint over every shipped template, and on templates broken the ways Word breaks them."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from docx import Document

from docgen.render.lint import lint_all, lint_template
from docgen.render.registry import TEMPLATES, TEMPLATES_DIR


def make_docx(path: Path, paragraphs: list[list[str]]) -> Path:
    doc = Document()
    for runs in paragraphs:
        par = doc.add_paragraph()
        for text in runs:
            par.add_run(text)
    doc.save(str(path))
    return path


def codes(issues: list) -> list[str]:
    return [i.code for i in issues]


def test_every_template_lints_clean() -> None:
    results = lint_all()
    assert set(results) == set(TEMPLATES)
    assert {kind: [str(i) for i in issues] for kind, issues in results.items()} == {
        kind: [] for kind in TEMPLATES
    }


def test_split_tag_is_found(tmp_path: Path) -> None:
    path = make_docx(tmp_path / "certificate.docx", [["เลขที่ {{ certif", "icate_no }}"]])
    issues = lint_template(path)
    assert codes(issues) == ["split_tag"]
    assert issues[0].where == "ย่อหน้าที่ 1"


def test_unknown_fields_and_attributes(tmp_path: Path) -> None:
    path = make_docx(
        tmp_path / "x.docx",
        [
            ["{{ grup_name }} {{ address.city }} {{ address.district }}"],
            ["{%p for m in members %}"],
            ["{{ m.name }} {{ m.idcard }} {{ loop.index }} {{ member_count }}"],
            ["{%p endfor %}"],
            ["{{ listed_date|thai_date_x }}"],
        ],
    )
    issues = lint_template(path, "member_roster")
    messages = " ".join(str(i) for i in issues)
    assert sorted(codes(issues)) == [
        "unknown_attribute",
        "unknown_attribute",
        "unknown_field",
        "unknown_filter",
    ]
    assert "grup_name" in messages and "address.city" in messages and "m.idcard" in messages
    assert "m.name" not in messages and "member_count" not in messages


def test_unbalanced_block(tmp_path: Path) -> None:
    path = make_docx(
        tmp_path / "committee_list.docx",
        [
            ["{%p for seat in committee %}"],
            ["{{ seat.name }}"],
            ["{%p if seat.phone %}"],
            ["{%p endfor %}"],
        ],
    )
    assert codes(lint_template(path)) == ["syntax"]


def test_unclosed_tag(tmp_path: Path) -> None:
    path = make_docx(tmp_path / "certificate.docx", [["เลขที่ {{ certificate_no"]])
    assert "unclosed_tag" in codes(lint_template(path))


def test_unknown_kind_still_checks_structure(tmp_path: Path) -> None:
    path = make_docx(tmp_path / "mine.docx", [["{{ group_", "name }}"]])
    assert codes(lint_template(path)) == ["split_tag", "unknown_kind"]


def test_committed_templates_match_build_script(tmp_path: Path) -> None:
    """templates/*.docx are what templates/build.py writes: nobody edited one without the other."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("template_build", TEMPLATES_DIR / "build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for path in module.build(tmp_path):
        committed = TEMPLATES_DIR / path.name
        with zipfile.ZipFile(path) as new, zipfile.ZipFile(committed) as old:
            for part in ("word/document.xml", "word/styles.xml"):
                assert new.read(part) == old.read(part), f"{path.name}: {part} differs"


def test_not_a_docx(tmp_path: Path) -> None:
    from docgen.model import UnusableInput

    bad = tmp_path / "certificate.docx"
    bad.write_bytes(b"not a zip")
    with pytest.raises(UnusableInput):
        lint_template(bad)


def test_block_tags_in_the_wrong_place(tmp_path: Path) -> None:
    path = make_docx(
        tmp_path / "member_roster.docx",
        [["รายชื่อ {%p for m in members %}"], ["{{ m.name }}"], ["{%tr endfor %}"]],
    )
    found = codes(lint_template(path))
    assert "paragraph_tag_shared" in found and "row_tag_outside_table" in found
