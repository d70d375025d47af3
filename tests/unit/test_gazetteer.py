"""docgen.thai.gazetteer: the same answers as geothai, from a cache file made again when geothai changes."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import geothai
import pytest

from docgen.thai import gazetteer as gz


@pytest.fixture(scope="module")
def index() -> dict:
    return gz.build_index()


def test_match_answers_what_geothai_match_answers_for_every_subdistrict(index: dict) -> None:
    g = gz.Gazetteer(index)
    asked = 0
    for p in geothai.provinces():
        for d in geothai.districts(p.code):
            for s in geothai.subdistricts(d.code):
                queries = [
                    (s.name_th, None, None),
                    (s.name_en, None, None),
                    ("ต." + s.name_th, d.name_th, None),
                    (s.name_th, "อำเภอ" + d.name_th, "จ." + p.name_th),
                    (s.name_en, d.name_en, p.name_en),
                    (s.name_th, "อ.เมือง", p.name_th),
                    (s.name_th, "เมือง", None),
                    (s.name_th, None, "กทม"),
                    (s.name_th, "ไม่มีอำเภอนี้", None),
                ]
                for sub, dist, prov in queries:
                    assert g.match(sub, district=dist, province=prov) == geothai.match(
                        sub, district=dist, province=prov
                    ), (sub, dist, prov)
                    asked += 1
    assert asked > 60_000  # every subdistrict was asked about
    assert g.match("") == [] and g.match("ไม่มีตำบลนี้") == []


def test_provinces_districts_and_names_are_geothais(index: dict) -> None:
    g = gz.Gazetteer(index)
    assert list(g.provinces()) == geothai.provinces()
    assert list(g.districts()) == [
        d for p in geothai.provinces() for d in geothai.districts(p.code)
    ]
    assert g.province("40") == geothai.province("40") and g.district("4001") == geothai.district(
        "4001"
    )
    names = g.names()
    assert {"ขอนแก่น", "เมืองขอนแก่น", "ท่าพระ"} <= names
    assert len(names) > 6000


def _fake_geothai(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of geothai's files that source_key reads instead of the installed ones."""
    copy = tmp_path / "geothai"
    shutil.copytree(Path(geothai.__file__).parent, copy, ignore=shutil.ignore_patterns("__py*"))
    monkeypatch.setattr(geothai, "__file__", str(copy / "__init__.py"))
    return copy


def test_index_is_read_from_the_cache_and_made_again_when_geothai_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = _fake_geothai(tmp_path, monkeypatch)
    cache = tmp_path / "cache"
    cache.mkdir(mode=0o700)
    built = []
    real_build = gz.build_index
    monkeypatch.setattr(gz, "build_index", lambda: built.append(1) or real_build())

    first = gz.load_index(cache)
    assert len(built) == 1 and [p.name for p in cache.iterdir()] == [
        f"geothai-{first['key']}.marshal"
    ]
    again = gz.load_index(cache)
    assert len(built) == 1 and again == first  # read from the file, not built

    # New geothai data (an upgrade): another key, built again, the old file removed.
    data = copy / "_data" / "provinces.json"
    data.write_text(data.read_text(encoding="utf-8") + " ", encoding="utf-8")
    upgraded = gz.load_index(cache)
    assert len(built) == 2 and upgraded["key"] != first["key"]
    assert [p.name for p in cache.iterdir()] == [f"geothai-{upgraded['key']}.marshal"]

    # A damaged file is built again, not trusted.
    (cache / f"geothai-{upgraded['key']}.marshal").write_bytes(b"\x00garbage")
    assert gz.load_index(cache) == upgraded and len(built) == 3


def test_a_cache_folder_others_can_write_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shared = tmp_path / "shared" / "docgen"
    shared.mkdir(parents=True)
    shared.chmod(0o777)
    monkeypatch.setenv("XDG_CACHE_HOME", str(shared.parent))
    monkeypatch.setattr(gz.tempfile, "gettempdir", lambda: str(shared.parent))
    (shared.parent / f"docgen-cache-{os.getuid()}").mkdir(mode=0o777)
    (shared.parent / f"docgen-cache-{os.getuid()}").chmod(0o777)
    assert gz.cache_dir() is None  # neither folder is safe
    shared.chmod(0o700)
    assert gz.cache_dir() == shared
