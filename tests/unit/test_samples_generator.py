"""The sample generator is seeded: the same seed writes the same bytes, and the committed samples are its output."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from samples.generate import BUNDLES_DIR, DEFAULT_SEED, generate

# One bundle per writer: DOCX roster, CSV cp874, XLSX in a cp874-named ZIP, nested Mac ZIP.
SUBSET = (
    "valid-01-all-docx",
    "valid-03-csv-cp874",
    "valid-07-zip-cp874",
    "valid-08-zip-nested-mac",
)


def _tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


@pytest.fixture(scope="module")
def first_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("first")
    generate(out, DEFAULT_SEED, pdf=False, only=SUBSET)
    return out


def test_same_seed_writes_same_bytes(first_run: Path, tmp_path: Path) -> None:
    again = SUBSET[1:3]  # a CSV roster and a cp874 ZIP: enough to catch a stray clock or dict order
    generate(tmp_path, DEFAULT_SEED, pdf=False, only=again)
    for name in again:
        first, second = _tree(first_run / name), _tree(tmp_path / name)
        assert len(first) >= 2
        assert first == second, name


def test_committed_samples_are_the_generators_output(first_run: Path) -> None:
    for name in SUBSET:
        assert _tree(first_run / name) == _tree(BUNDLES_DIR / name), f"{name}: run `make samples`"


def test_another_seed_writes_other_groups(first_run: Path, tmp_path: Path) -> None:
    generate(tmp_path, DEFAULT_SEED + 1, pdf=False, only=SUBSET[:1])
    ours = json.loads((first_run / SUBSET[0] / "expected.json").read_text(encoding="utf-8"))
    theirs = json.loads((tmp_path / SUBSET[0] / "expected.json").read_text(encoding="utf-8"))
    assert (
        ours["group"]["name"] != theirs["group"]["name"]
        or ours["group"]["members"] != theirs["group"]["members"]
    )


def test_windows_zip_names_are_cp874_without_utf8_flag(first_run: Path) -> None:
    (archive,) = (first_run / "valid-07-zip-cp874").glob("*.zip")
    with zipfile.ZipFile(archive) as zf:
        infos = zf.infolist()
    assert infos and all(not info.flag_bits & 0x800 for info in infos)
    # zipfile decodes flagless names as cp437; the bytes are cp874 Thai.
    names = [info.filename.encode("cp437").decode("cp874") for info in infos]
    assert any("ข้อบังคับ" in n for n in names)
