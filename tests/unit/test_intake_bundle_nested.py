"""Archives as people make them: a ZIP in the ZIP (one level, limits across both), litter skipped."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from docgen.intake.bundle import BundleLimits, open_bundle

GROUP = "กลุ่มปลูกผักบ้านโนนงาม"


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return buffer.getvalue()


def _litter(top: str) -> dict[str, bytes]:
    return {
        f"{top}Thumbs.db": b"\x00" * 64,
        f"{top}desktop.ini": b"[.ShellClassInfo]",
        f"{top}~$ข้อบังคับ.docx": b"\x00" * 162,
        f"{top}.DS_Store": b"\x00\x00\x00\x01Bud1",
        f"__MACOSX/{top}._สมาชิก.csv": b"\x00\x05\x16\x07",
    }


def test_zip_in_zip_in_a_folder_named_after_the_group_with_litter(tmp_path: Path) -> None:
    top = f"{GROUP}/"
    inner = _zip({"สมาชิก.csv": b"a,b\n", "แผนงาน.csv": b"c\n", **_litter("")})
    outer = tmp_path / "ส่งเกษตรอำเภอ.zip"
    outer.write_bytes(
        _zip({f"{top}คำขอ.csv": b"x\n", f"{top}เอกสารแนบ.zip": inner, **_litter(top)})
    )
    opened = open_bundle([outer], tmp_path / "w", BundleLimits())
    assert opened.findings == ()  # litter is no finding
    assert sorted(f.name for f in opened.files) == [
        f"{GROUP}/คำขอ.csv",
        f"{GROUP}/เอกสารแนบ.zip/สมาชิก.csv",
        f"{GROUP}/เอกสารแนบ.zip/แผนงาน.csv",
    ]
    assert [f.path.read_bytes() for f in sorted(opened.files, key=lambda f: f.name)] == [
        b"x\n",
        b"a,b\n",
        b"c\n",
    ]


def test_files_are_counted_across_both_archives(tmp_path: Path) -> None:
    inner = _zip({f"{n}.csv": b"a\n" for n in range(3)})
    outer = tmp_path / "b.zip"
    outer.write_bytes(_zip({"x.csv": b"x\n", "y.csv": b"y\n", "in.zip": inner}))
    assert len(open_bundle([outer], tmp_path / "ok", BundleLimits(max_files=5)).files) == 5
    refused = open_bundle([outer], tmp_path / "w", BundleLimits(max_files=4))
    assert [f.code for f in refused.findings] == ["BUNDLE_REJECTED"]
    assert refused.files == ()
    entries = open_bundle([outer], tmp_path / "e", BundleLimits(max_entries=5))
    assert [f.code for f in entries.findings] == ["BUNDLE_REJECTED"]  # 3 + 3 entries


def test_bytes_are_counted_across_both_archives(tmp_path: Path) -> None:
    inner = _zip({"big.csv": bytes(range(256)) * 2000})  # 512,000 bytes unpacked
    outer = tmp_path / "b.zip"
    outer.write_bytes(_zip({"a.csv": bytes(range(256)) * 2000, "in.zip": inner}))
    each_fits = BundleLimits(max_total_bytes=1_100_000, ratio_floor_bytes=10**9)
    assert open_bundle([outer], tmp_path / "ok", each_fits).findings == ()
    both_do_not = BundleLimits(max_total_bytes=1_000_000, ratio_floor_bytes=10**9)
    opened = open_bundle([outer], tmp_path / "w", both_do_not)
    assert [f.code for f in opened.findings] == ["BUNDLE_REJECTED"]
    assert opened.files == ()


def test_a_zip_two_levels_down_or_broken_is_reported_not_opened(tmp_path: Path) -> None:
    deepest = _zip({"ลึก.csv": b"a\n"})
    inner = _zip({"ชั้นสอง.zip": deepest, "สมาชิก.csv": b"a\n"})
    outer = tmp_path / "b.zip"
    outer.write_bytes(_zip({"in.zip": inner, "broken.zip": b"PK\x03\x04 not a zip"}))
    opened = open_bundle([outer], tmp_path / "w", BundleLimits())
    assert [f.name for f in opened.files] == ["in.zip/สมาชิก.csv"]
    assert sorted((f.code, f.file) for f in opened.findings) == [
        ("UNREADABLE_FILE", "broken.zip"),
        ("UNREADABLE_FILE", "in.zip/ชั้นสอง.zip"),
    ]
    assert all("แตกไฟล์" in f.message for f in opened.findings)  # says what to send instead
