"""geothai's areas as a compact index, built once and kept in a cache file.

geothai builds its own lookup tables on first use: it parses its JSON, makes 7,400 objects and
normalizes 15,000 names, about 0.1-0.2 s, which is most of what `docgen check` spends on one
bundle. This module keeps the same data (every province, district and subdistrict, and the
subdistricts by `geothai.normalize`d Thai and English name) as plain tuples in one `marshal`
file, read in a few milliseconds, and makes geothai's own objects only for what is looked up.

The file is named after a digest of geothai's own files (its code and its `_data/*.json`)
and of `FORMAT`: another geothai (an upgrade, new data) gets a new index, built from geothai's
public API on first use, and the old file is removed. Matching uses geothai's own name rules
(`normalize`, and `is_province`/`is_district` for "อ.เมือง", "กทม" and the like); a geothai
without those falls back to `geothai.match` itself. `tests/unit/test_gazetteer.py` compares
`match` with `geothai.match` over every subdistrict.

Where: `$XDG_CACHE_HOME/docgen` (`~/.cache/docgen`), else a folder of this user's in the
temporary directory. A folder not owned by this user, or writable by others, is not used (the
index is then built in memory, each run).
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

import geothai
from geothai import Address, District, Province, Subdistrict

FORMAT = 1  # bump when the layout of the index below changes

# (code, name_th, name_en), (code, name_th, name_en, province_code),
# (code, name_th, name_en, district_code, province_code, postal_codes)
_ProvinceRow = tuple[str, str, str]
_DistrictRow = tuple[str, str, str, str]
_SubdistrictRow = tuple[str, str, str, str, str, tuple[str, ...]]

try:  # geothai's own rules for the names people write for a province or district
    from geothai._areas import is_district, is_province
except ImportError:  # pragma: no cover - another geothai: use its match itself
    is_district = is_province = None  # type: ignore[assignment]


def source_key() -> str:
    """A digest of geothai's code and data files, and of this index's FORMAT."""
    root = Path(geothai.__file__).resolve().parent
    digest = hashlib.sha256(f"docgen-gazetteer-{FORMAT}".encode())
    for path in sorted([*root.glob("*.py"), *(root / "_data").glob("*")]):
        if path.is_file():
            digest.update(path.name.encode() + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()[:32]


def build_index() -> dict[str, Any]:
    """The index, from geothai's public API (what `geothai.match` can return, in its order)."""
    provinces: list[_ProvinceRow] = []
    districts: list[_DistrictRow] = []
    subdistricts: list[_SubdistrictRow] = []
    for p in geothai.provinces():
        provinces.append((p.code, p.name_th, p.name_en))
        for d in geothai.districts(p.code):
            districts.append((d.code, d.name_th, d.name_en, d.province_code))
            for s in geothai.subdistricts(d.code):
                subdistricts.append(
                    (
                        s.code,
                        s.name_th,
                        s.name_en,
                        s.district_code,
                        s.province_code,
                        tuple(s.postal_codes),
                    )
                )
    order = sorted(range(len(subdistricts)), key=lambda i: subdistricts[i][0])
    by_name: dict[str, list[int]] = {}
    for i in order:
        row = subdistricts[i]
        for key in {geothai.normalize(row[1]), geothai.normalize(row[2])}:
            by_name.setdefault(key, []).append(i)
    return {
        "format": FORMAT,
        "provinces": tuple(provinces),
        "districts": tuple(districts),
        "subdistricts": tuple(subdistricts),
        "by_name": {k: tuple(v) for k, v in by_name.items()},
    }


def cache_dir() -> Path | None:
    """This user's cache folder for derived data, or None when none is safe to use."""
    xdg = os.environ.get("XDG_CACHE_HOME")
    uid = os.getuid() if hasattr(os, "getuid") else 0
    candidates = [
        Path(xdg) / "docgen" if xdg else Path.home() / ".cache" / "docgen",
        Path(tempfile.gettempdir()) / f"docgen-cache-{uid}",
    ]
    for folder in candidates:
        try:
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            st = folder.stat()
        except (OSError, RuntimeError):  # RuntimeError: no home folder
            continue
        mine = not hasattr(os, "getuid") or st.st_uid == os.getuid()
        if mine and not st.st_mode & 0o022 and os.access(folder, os.W_OK):
            return folder
    return None


def _valid(index: object, key: str) -> bool:
    return (
        isinstance(index, dict)
        and index.get("format") == FORMAT
        and index.get("key") == key
        and all(
            isinstance(index.get(k), t)
            for k, t in (
                ("provinces", tuple),
                ("districts", tuple),
                ("subdistricts", tuple),
                ("by_name", dict),
            )
        )
    )


def load_index(folder: Path | None = None) -> dict[str, Any]:
    """The index from the cache file for this geothai, built (and written) when missing."""
    key = source_key()
    folder = folder if folder is not None else cache_dir()
    path = folder / f"geothai-{key}.marshal" if folder is not None else None
    if path is not None:
        try:
            index = marshal.loads(path.read_bytes())
            if _valid(index, key):
                return dict(index)
        except (OSError, EOFError, ValueError, TypeError):
            pass  # missing or damaged: build it again
    index = build_index()
    index["key"] = key
    if path is not None:
        _write(path, index)
    return index


def _write(path: Path, index: dict[str, Any]) -> None:
    """Write atomically (a concurrent reader sees the old file or the new one); drop old ones."""
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".geothai-", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(marshal.dumps(index))
        os.replace(tmp, path)
    except OSError:
        return
    for old in path.parent.glob("geothai-*.marshal"):
        if old != path:
            with contextlib.suppress(OSError):
                old.unlink()


class Gazetteer:
    """Provinces, districts and subdistricts from the index, as geothai's own types."""

    def __init__(self, index: dict[str, Any]) -> None:
        self._index = index
        self._provinces = tuple(Province(*row) for row in index["provinces"])
        self._province_by_code = {p.code: p for p in self._provinces}
        self._districts = tuple(District(*row) for row in index["districts"])
        self._district_by_code = {d.code: d for d in self._districts}
        self._by_name: dict[str, tuple[int, ...]] = index["by_name"]
        self._rows: tuple[_SubdistrictRow, ...] = index["subdistricts"]

    def provinces(self) -> tuple[Province, ...]:
        return self._provinces

    def province(self, code: str) -> Province | None:
        return self._province_by_code.get(code)

    def districts(self) -> tuple[District, ...]:
        """Every district, by province then code."""
        return self._districts

    def district(self, code: str) -> District | None:
        return self._district_by_code.get(code)

    def names(self) -> frozenset[str]:
        """Every province, district and subdistrict name in Thai."""
        return frozenset(
            [p.name_th for p in self._provinces]
            + [d.name_th for d in self._districts]
            + [row[1] for row in self._rows]
        )

    def subdistrict_names(self) -> tuple[tuple[str, str], ...]:
        """Every subdistrict's Thai name with its district's code."""
        return tuple((row[1], row[3]) for row in self._rows)

    def match(
        self, subdistrict: str, *, district: str | None = None, province: str | None = None
    ) -> list[Address]:
        """What `geothai.match(subdistrict, district=..., province=...)` returns."""
        if is_province is None or is_district is None:  # pragma: no cover - another geothai
            return geothai.match(subdistrict, district=district, province=province)
        name = geothai.normalize(subdistrict)
        if not name:
            return []
        district_name = geothai.normalize(district) if district else ""
        province_name = geothai.normalize(province) if province else ""
        found: list[Address] = []
        for i in self._by_name.get(name, ()):
            code, name_th, name_en, district_code, province_code, postal = self._rows[i]
            d = self._district_by_code.get(district_code)
            p = self._province_by_code.get(province_code)
            if d is None or p is None:
                continue
            if province_name and not is_province(p, province_name):
                continue
            if district_name and not is_district(d, district_name):
                continue
            s = Subdistrict(code, name_th, name_en, district_code, province_code, tuple(postal))
            found.append(Address(p, d, s))
        return found


@cache
def gazetteer() -> Gazetteer:
    """The one Gazetteer of this process (index read from the cache, or built once)."""
    return Gazetteer(load_index())
