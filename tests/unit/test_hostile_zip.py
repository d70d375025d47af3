"""Hostile archives: each attack is built here, and must give the right finding in bounded time and memory.

Run with `-s` to see one `HOSTILE|attack|result|seconds|peak MB` line per attack (SECURITY.md).
"""

from __future__ import annotations

import os
import stat
import struct
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from docgen.intake.bundle import BundleLimits, OpenedBundle, open_bundle
from tests.unit.hostile_support import measure_call

MB = 1024 * 1024


def measure(attack: str, action: Callable[[], Any], max_seconds: float, max_mb: float) -> Any:
    """Open one hostile bundle; the outcome shown is its finding codes."""
    return measure_call(
        attack,
        action,
        max_seconds,
        max_mb,
        lambda r: ",".join(sorted({f.code for f in r.findings})) or "ok",
    )


def zeros_deflated(megabytes: int) -> bytes:
    """Raw deflate of `megabytes` MB of zeros, built from one compressed 1 MB block.

    After a full flush the compressor's state repeats, so the block is copied instead of
    compressing a gigabyte: building a 1 GB bomb costs milliseconds.
    """
    block = bytes(MB)
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = c.compress(block) + c.flush(zlib.Z_FULL_FLUSH)
    second = c.compress(block) + c.flush(zlib.Z_FULL_FLUSH)
    assert first == second
    return first * megabytes + c.flush()


def raw_zip(path: Path, entries: list[dict[str, Any]], claimed_entries: int | None = None) -> Path:
    """A zip written byte by byte, so headers can lie. Each entry: name (bytes), packed data,
    method (0 stored, 8 deflate), size (declared unpacked size), crc, flags, attr, system."""
    out = bytearray()
    central = bytearray()
    for e in entries:
        name: bytes = e["name"]
        packed: bytes = e["packed"]
        offset = len(out)
        header = (e.get("flags", 0x800), e.get("method", 0), 0, 0x21, e.get("crc", 0))
        sizes = (len(packed), e["size"], len(name))
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, *header, *sizes, 0)
        out += name + packed
        central += struct.pack(
            "<IHHHHHHIIIHHHHHII",
            0x02014B50,
            (e.get("system", 0) << 8) | 20,
            20,
            *header,
            *sizes,
            0,
            0,
            0,
            0,
            e.get("attr", 0),
            offset,
        )
        central += name
    count = len(entries) if claimed_entries is None else claimed_entries
    cd_offset = len(out)
    out += central
    out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, len(central), cd_offset, 0)
    path.write_bytes(bytes(out))
    return path


def stored(name: str, data: bytes, **extra: Any) -> dict[str, Any]:
    return {
        "name": name.encode(),
        "packed": data,
        "size": len(data),
        "crc": zlib.crc32(data),
        **extra,
    }


GOOD = stored("สมาชิก.csv", "ลำดับ,ชื่อ\n1,นายสมชาย ใจดี\n".encode())


def files_under(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.is_file()}


def test_zip_bomb_of_one_gigabyte_is_rejected_before_unpacking(tmp_path: Path) -> None:
    packed = zeros_deflated(1024)  # 1 GB of zeros in about 1 MB
    bomb = raw_zip(
        tmp_path / "bomb.zip",
        [GOOD, {"name": "ข้อบังคับ.csv".encode(), "packed": packed, "method": 8, "size": 1024 * MB}],
    )
    opened = measure(
        "zip bomb 1 GB (honest header)",
        lambda: open_bundle([bomb], tmp_path / "w", BundleLimits()),
        max_seconds=4,
        max_mb=16,
    )
    assert [f.code for f in opened.findings] == ["BUNDLE_REJECTED"]
    assert opened.files == ()
    assert "ผิดปกติ" in opened.findings[0].message
    assert files_under(tmp_path / "w") == set()


def test_zip_bomb_found_by_its_ratio(tmp_path: Path) -> None:
    packed = zeros_deflated(40)  # 40 MB declared honestly (under every size limit), ratio ~1000
    bomb = raw_zip(
        tmp_path / "ratio.zip",
        [GOOD, {"name": b"plan.csv", "packed": packed, "method": 8, "size": 40 * MB}],
    )
    opened = measure(
        "zip bomb by ratio (40 MB -> 40 KB)",
        lambda: open_bundle([bomb], tmp_path / "w", BundleLimits()),
        max_seconds=4,
        max_mb=16,
    )
    assert [f.code for f in opened.findings] == ["BUNDLE_REJECTED"]
    assert opened.files == ()
    assert files_under(tmp_path / "w") == set()  # the good entry is not left behind either


def test_zip_bomb_with_lying_header_stops_at_the_declared_size(tmp_path: Path) -> None:
    packed = zeros_deflated(1024)
    bomb = raw_zip(
        tmp_path / "liar.zip",
        [GOOD, {"name": b"plan.csv", "packed": packed, "method": 8, "size": 1000, "crc": 1}],
    )
    opened = measure(
        "zip bomb 1 GB declaring 1 KB",
        lambda: open_bundle([bomb], tmp_path / "w", BundleLimits()),
        max_seconds=4,
        max_mb=16,
    )
    assert [(f.code, f.file) for f in opened.findings] == [("UNREADABLE_FILE", "plan.csv")]
    assert [f.name for f in opened.files] == ["สมาชิก.csv"]
    assert sum(f.stat().st_size for f in files_under(tmp_path / "w")) < MB


def test_many_entries_sharing_one_bomb_are_rejected_by_declared_total(tmp_path: Path) -> None:
    packed = zeros_deflated(10)
    entries = [
        {"name": f"{i}.csv".encode(), "packed": packed, "method": 8, "size": 10 * MB}
        for i in range(30)
    ]
    bomb = raw_zip(tmp_path / "many.zip", entries)
    opened = measure(
        "30 entries x 10 MB of zeros",
        lambda: open_bundle([bomb], tmp_path / "w", BundleLimits()),
        max_seconds=4,
        max_mb=16,
    )
    assert [f.code for f in opened.findings] == ["BUNDLE_REJECTED"]
    assert opened.files == ()


def test_nested_archives_are_reported_and_the_rest_is_checked(tmp_path: Path) -> None:
    deepest = tmp_path / "deep.zip"
    with zipfile.ZipFile(deepest, "w") as zf:
        zf.writestr("x.csv", "a")
    for level in range(5):
        outer = tmp_path / f"level{level}.zip"
        with zipfile.ZipFile(outer, "w") as zf:
            zf.write(deepest, "inner.zip")
        deepest = outer
    bundle = raw_zip(
        tmp_path / "nested.zip",
        [
            GOOD,
            stored("ซ้อน/inner.zip", deepest.read_bytes()),
            stored("a.7z", b"7z\xbc\xaf\x27\x1c"),
            stored("b.tar.gz", b"\x1f\x8b"),
        ],
    )
    opened = measure(
        "nested archives (5 levels, .7z, .tar.gz)",
        lambda: open_bundle([bundle], tmp_path / "w", BundleLimits()),
        max_seconds=3,
        max_mb=8,
    )
    assert [f.name for f in opened.files] == ["สมาชิก.csv"]
    # One level is opened (a ZIP in the ZIP, as people make them); the ZIP inside that is not.
    assert sorted((f.code, f.file) for f in opened.findings) == [
        ("UNREADABLE_FILE", "a.7z"),
        ("UNREADABLE_FILE", "b.tar.gz"),
        ("UNREADABLE_FILE", "ซ้อน/inner.zip/inner.zip"),
    ]
    by_file = {f.file: f.message for f in opened.findings}
    assert "ซ้อน" in by_file["ซ้อน/inner.zip/inner.zip"]
    assert ".zip" in by_file["a.7z"] and ".zip" in by_file["b.tar.gz"]


def test_path_escapes_are_refused_and_the_rest_kept(tmp_path: Path) -> None:
    evil = [
        "../evil.csv",
        "../../../../tmp/evil.csv",
        "/etc/evil.csv",
        "C:\\Windows\\evil.csv",
        "..\\..\\evil.csv",
        "ok/../../evil.csv",
        "//server/share/evil.csv",
    ]
    bundle = raw_zip(tmp_path / "escape.zip", [GOOD] + [stored(n, b"pwned") for n in evil])
    before = set(tmp_path.parent.rglob("evil.csv"))
    opened = measure(
        "path escapes (../, absolute, drive, UNC)",
        lambda: open_bundle([bundle], tmp_path / "w", BundleLimits()),
        max_seconds=3,
        max_mb=8,
    )
    assert [f.name for f in opened.files] == ["สมาชิก.csv"]
    assert [f.code for f in opened.findings] == ["BUNDLE_REJECTED"] * len(evil)
    assert set(tmp_path.parent.rglob("evil.csv")) == before
    for f in files_under(tmp_path / "w"):
        assert f.read_bytes() != b"pwned"


def test_symlink_and_device_entries_are_refused(tmp_path: Path) -> None:
    link = stored("link.csv", b"/etc/passwd", system=3, attr=(stat.S_IFLNK | 0o777) << 16)
    fifo = stored("fifo.csv", b"", system=3, attr=(stat.S_IFIFO | 0o644) << 16)
    plain = stored("ok.csv", b"a,b", system=3, attr=(stat.S_IFREG | 0o644) << 16)
    bundle = raw_zip(tmp_path / "links.zip", [link, fifo, plain])
    opened = measure(
        "symlink and fifo entries",
        lambda: open_bundle([bundle], tmp_path / "w", BundleLimits()),
        max_seconds=3,
        max_mb=8,
    )
    assert [f.name for f in opened.files] == ["ok.csv"]
    assert sorted((f.code, f.file) for f in opened.findings) == [
        ("BUNDLE_REJECTED", "fifo.csv"),
        ("BUNDLE_REJECTED", "link.csv"),
    ]
    assert not any(os.path.islink(p) for p in (tmp_path / "w").rglob("*"))


def test_ten_thousand_tiny_entries_are_rejected(tmp_path: Path) -> None:
    bundle = raw_zip(tmp_path / "tiny.zip", [stored(f"{i}.csv", b"a") for i in range(10_000)])
    opened = measure(
        "10,000 tiny entries",
        lambda: open_bundle([bundle], tmp_path / "w", BundleLimits()),
        max_seconds=3,
        max_mb=8,
    )
    assert [f.code for f in opened.findings] == ["BUNDLE_REJECTED"]
    assert opened.files == ()
    assert files_under(tmp_path / "w") == set()


def test_a_zip_claiming_millions_of_entries_is_rejected_cheaply(tmp_path: Path) -> None:
    bundle = raw_zip(tmp_path / "claim.zip", [GOOD], claimed_entries=65_000)
    opened = measure(
        "end record claiming 65,000 entries",
        lambda: open_bundle([bundle], tmp_path / "w", BundleLimits()),
        max_seconds=3,
        max_mb=8,
    )
    assert [f.code for f in opened.findings] == ["BUNDLE_REJECTED"]


def test_three_hundred_documents_exceed_the_file_limit(tmp_path: Path) -> None:
    bundle = raw_zip(tmp_path / "300.zip", [stored(f"{i}.csv", b"a") for i in range(300)])
    opened = open_bundle([bundle], tmp_path / "w", BundleLimits())
    assert [f.code for f in opened.findings] == ["BUNDLE_REJECTED"]
    assert "200" in opened.findings[0].message
    assert opened.files == ()


def test_duplicate_names_keep_the_first_entry(tmp_path: Path) -> None:
    bundle = raw_zip(
        tmp_path / "dup.zip",
        [stored("สมาชิก.csv", b"first"), stored("สมาชิก.csv", b"second"), stored("สมาชิก.CSV", b"3")],
    )
    opened = measure(
        "duplicate entry names",
        lambda: open_bundle([bundle], tmp_path / "w", BundleLimits()),
        max_seconds=3,
        max_mb=8,
    )
    assert [(f.name, f.path.read_bytes()) for f in opened.files] == [("สมาชิก.csv", b"first")]
    assert [f.code for f in opened.findings] == ["BUNDLE_REJECTED", "BUNDLE_REJECTED"]


def test_encrypted_entry_is_unreadable_and_the_rest_kept(tmp_path: Path) -> None:
    secret = stored("ข้อบังคับ.docx", os.urandom(200), flags=0x801, crc=5)
    bundle = raw_zip(tmp_path / "enc.zip", [GOOD, secret])
    opened = measure(
        "encrypted entry",
        lambda: open_bundle([bundle], tmp_path / "w", BundleLimits()),
        max_seconds=3,
        max_mb=8,
    )
    assert [f.name for f in opened.files] == ["สมาชิก.csv"]
    assert [(f.code, f.file) for f in opened.findings] == [("UNREADABLE_FILE", "ข้อบังคับ.docx")]
    assert "รหัสผ่าน" in opened.findings[0].message


def test_control_characters_in_names_are_removed(tmp_path: Path) -> None:
    bundle = raw_zip(
        tmp_path / "ctl.zip",
        [stored("ข้อ\x1b[31mบังคับ\u202excod.docx", b"x"), stored("a\x00b.csv", b"y")],
    )
    opened = measure(
        "control characters in names",
        lambda: open_bundle([bundle], tmp_path / "w", BundleLimits()),
        max_seconds=3,
        max_mb=8,
    )
    shown = sorted(f.name for f in opened.files)
    assert shown == ["a", "ข้อ[31mบังคับxcod.docx"]  # zipfile cuts names at NUL
    for name in shown:
        assert not any(ord(c) < 32 or c == "\u202e" for c in name)


def test_corrupt_and_truncated_zips_are_findings(tmp_path: Path) -> None:
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"PK\x03\x04" + os.urandom(5000))
    good = tmp_path / "good.zip"
    with zipfile.ZipFile(good, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("สมาชิก.csv", "ลำดับ,ชื่อ\n" * 2000)
    truncated = tmp_path / "truncated.zip"
    truncated.write_bytes(good.read_bytes()[:-30])

    for path in (junk, truncated):
        opened: OpenedBundle = measure(
            f"corrupt zip ({path.stem})",
            lambda path=path: open_bundle([path], tmp_path / "w", BundleLimits()),  # type: ignore[misc]
            max_seconds=3,
            max_mb=8,
        )
        assert [f.code for f in opened.findings] == ["BUNDLE_REJECTED"]
        assert opened.files == ()
