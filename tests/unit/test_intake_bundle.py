"""Opening bundles: zips, folders, loose files; Thai entry names; junk skipped; safe names."""

from __future__ import annotations

import stat
import struct
import zipfile
import zlib
from pathlib import Path

import pytest

from docgen.intake.bundle import BundleLimits, OpenedBundle, open_bundle
from docgen.model import Severity, UnusableInput


def raw_zip(path: Path, entries: list[tuple[bytes, bytes, int]]) -> Path:
    """A zip written byte by byte: (raw name, content, general-purpose flags), stored."""
    out = bytearray()
    central = bytearray()
    for name, data, flags in entries:
        offset = len(out)
        crc = zlib.crc32(data)
        out += struct.pack(
            "<IHHHHHIIIHH",
            0x04034B50,
            20,
            flags,
            0,
            0,
            0x21,
            crc,
            len(data),
            len(data),
            len(name),
            0,
        )
        out += name + data
        central += struct.pack(
            "<IHHHHHHIIIHHHHHII",
            0x02014B50,
            20,
            20,
            flags,
            0,
            0,
            0x21,
            crc,
            len(data),
            len(data),
            len(name),
            0,
            0,
            0,
            0,
            0,
            offset,
        )
        central += name
    cd_offset = len(out)
    out += central
    out += struct.pack(
        "<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(central), cd_offset, 0
    )
    path.write_bytes(bytes(out))
    return path


def names(opened: OpenedBundle) -> list[str]:
    return sorted(f.name for f in opened.files)


def codes(opened: OpenedBundle) -> list[str]:
    return sorted(f.code for f in opened.findings)


def test_cp874_and_utf8_names_without_flag_come_out_as_thai(tmp_path: Path) -> None:
    z = raw_zip(
        tmp_path / "bundle.zip",
        [
            ("01 หนังสือขอใบรับรอง.docx".encode("cp874"), b"a", 0),
            ("เอกสาร/04 สมาชิก.xlsx".encode("cp874"), b"b", 0),
            ("คณะกรรมการ.csv".encode(), b"c", 0),  # UTF-8 bytes, flag not set
            ("แผนงาน.csv".encode(), b"d", 0x800),  # UTF-8 with the flag
        ],
    )
    opened = open_bundle([z], tmp_path / "work", BundleLimits())
    assert names(opened) == sorted(
        ["01 หนังสือขอใบรับรอง.docx", "เอกสาร/04 สมาชิก.xlsx", "คณะกรรมการ.csv", "แผนงาน.csv"]
    )
    assert opened.findings == ()
    by_name = {f.name: f for f in opened.files}
    assert by_name["เอกสาร/04 สมาชิก.xlsx"].path.read_bytes() == b"b"
    assert by_name["คณะกรรมการ.csv"].size == 1


def test_info_zip_unicode_path_field_wins(tmp_path: Path) -> None:
    z = tmp_path / "u.zip"
    with zipfile.ZipFile(z, "w") as zf:
        info = zipfile.ZipInfo("garbled.docx")
        thai = "ข้อบังคับ.docx".encode()
        body = b"\x01" + struct.pack("<I", zlib.crc32(b"garbled.docx")) + thai
        info.extra = struct.pack("<HH", 0x7075, len(body)) + body
        zf.writestr(info, b"x")
    opened = open_bundle([z], tmp_path / "w", BundleLimits())
    assert names(opened) == ["ข้อบังคับ.docx"]


def test_junk_is_skipped_and_nested_folders_kept(tmp_path: Path) -> None:
    z = tmp_path / "b.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("กลุ่ม/ย่อย/ข้อบังคับ.docx", b"doc")
        zf.writestr("กลุ่ม/", b"")
        zf.writestr("__MACOSX/กลุ่ม/._ข้อบังคับ.docx", b"junk")
        zf.writestr("กลุ่ม/.DS_Store", b"junk")
        zf.writestr("กลุ่ม/Thumbs.db", b"junk")
        zf.writestr("กลุ่ม/desktop.ini", b"junk")
        zf.writestr("กลุ่ม/~$ข้อบังคับ.docx", b"lock")
    opened = open_bundle([z], tmp_path / "w", BundleLimits())
    assert names(opened) == ["กลุ่ม/ย่อย/ข้อบังคับ.docx"]
    assert opened.findings == ()


LITTER = (
    ".~lock.ข้อบังคับ.odt#",  # LibreOffice's lock file of a document left open
    "~WRL0001.tmp",  # Word's temporary copy
    "Icon\r",  # a Mac folder's icon
    ".localized",
    ".fseventsd/fseventsd-uuid",  # a USB stick zipped whole
    ".Spotlight-V100/Store-V2/store.db",
    "$RECYCLE.BIN/desktop.ini",
    "System Volume Information/IndexerVolumeGuid",
)


def test_office_and_drive_litter_is_skipped_in_a_zip_and_a_folder(tmp_path: Path) -> None:
    z = tmp_path / "b.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("กลุ่ม/ข้อบังคับ.odt", b"doc")
        for name in LITTER:
            zf.writestr(name if "/" in name else f"กลุ่ม/{name}", b"x")
    opened = open_bundle([z], tmp_path / "w", BundleLimits())
    assert names(opened) == ["กลุ่ม/ข้อบังคับ.odt"]
    assert opened.findings == ()
    folder = tmp_path / "ชุด"
    for name in ("ข้อบังคับ.odt", *LITTER):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(b"x")
    opened = open_bundle([folder], tmp_path / "w2", BundleLimits())
    assert names(opened) == ["ข้อบังคับ.odt"]
    assert opened.findings == ()


def test_folder_and_loose_files_are_read_in_place(tmp_path: Path) -> None:
    folder = tmp_path / "ชุด"
    (folder / "ย่อย").mkdir(parents=True)
    (folder / "ข้อบังคับ.docx").write_bytes(b"1")
    (folder / "ย่อย" / "สมาชิก.csv").write_bytes(b"2")
    (folder / "Thumbs.db").write_bytes(b"junk")
    opened = open_bundle([folder], tmp_path / "w", BundleLimits())
    assert names(opened) == ["ข้อบังคับ.docx", "ย่อย/สมาชิก.csv"]
    assert {f.path for f in opened.files} == {
        folder / "ข้อบังคับ.docx",
        folder / "ย่อย" / "สมาชิก.csv",
    }

    loose = open_bundle([folder / "ข้อบังคับ.docx"], tmp_path / "w2", BundleLimits())
    assert [(f.name, f.path) for f in loose.files] == [("ข้อบังคับ.docx", folder / "ข้อบังคับ.docx")]


def test_mixed_upload_of_files_and_a_zip(tmp_path: Path) -> None:
    (tmp_path / "แผนงาน.docx").write_bytes(b"p")
    z = tmp_path / "ชุด.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("สมาชิก.xlsx", b"x")
        zf.writestr("แผนงาน.docx", b"y")
    opened = open_bundle([tmp_path / "แผนงาน.docx", z], tmp_path / "w", BundleLimits())
    assert names(opened) == ["ชุด.zip/สมาชิก.xlsx", "ชุด.zip/แผนงาน.docx", "แผนงาน.docx"]


def test_same_file_name_from_two_places_stays_distinct(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    (a / "สมาชิก.csv").write_bytes(b"1")
    (b / "สมาชิก.csv").write_bytes(b"2")
    opened = open_bundle([a / "สมาชิก.csv", b / "สมาชิก.csv"], tmp_path / "w", BundleLimits())
    assert names(opened) == ["สมาชิก (2).csv", "สมาชิก.csv"]


def test_missing_path_is_unusable_input(tmp_path: Path) -> None:
    with pytest.raises(UnusableInput):
        open_bundle([tmp_path / "ไม่มี.zip"], tmp_path / "w", BundleLimits())
    with pytest.raises(UnusableInput):
        open_bundle([], tmp_path / "w", BundleLimits())


def test_other_archive_types_are_not_opened(tmp_path: Path) -> None:
    rar = tmp_path / "ชุด.rar"
    rar.write_bytes(b"Rar!\x1a\x07\x00junk")
    doc = tmp_path / "ข้อบังคับ.docx"
    doc.write_bytes(b"d")
    opened = open_bundle([rar, doc], tmp_path / "w", BundleLimits())
    assert names(opened) == ["ข้อบังคับ.docx"]
    assert codes(opened) == ["UNREADABLE_FILE"]
    assert ".zip" in opened.findings[0].message


def test_symlink_in_a_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "ชุด"
    folder.mkdir()
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0")
    (folder / "ok.csv").write_text("a,b")
    (folder / "link.csv").symlink_to(secret)
    opened = open_bundle([folder], tmp_path / "w", BundleLimits())
    assert names(opened) == ["ok.csv"]
    assert [(f.code, f.file) for f in opened.findings] == [("BUNDLE_REJECTED", "link.csv")]


def test_zip_entries_never_leave_the_workdir(tmp_path: Path) -> None:
    z = tmp_path / "b.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("ok/สมาชิก.csv", b"ok")
        info = zipfile.ZipInfo("ok/link.csv")
        info.create_system = 3
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(info, b"/etc/passwd")
    work = tmp_path / "w"
    opened = open_bundle([z], work, BundleLimits())
    assert names(opened) == ["ok/สมาชิก.csv"]
    assert [f.code for f in opened.findings] == ["BUNDLE_REJECTED"]
    assert opened.findings[0].severity == Severity.ERROR
    for f in opened.files:
        assert work.resolve() in f.path.resolve().parents
    assert not any(p.is_symlink() for p in work.rglob("*"))


def test_a_zip_inside_an_uploaded_folder_is_opened(tmp_path: Path) -> None:
    folder = tmp_path / "ชุด"
    folder.mkdir()
    with zipfile.ZipFile(folder / "เอกสาร.zip", "w") as zf:
        zf.writestr("สมาชิก.csv", "a,b")
    (folder / "ข้อบังคับ.docx").write_bytes(b"d")
    opened = open_bundle([folder], tmp_path / "w", BundleLimits())
    assert names(opened) == ["ข้อบังคับ.docx", "เอกสาร.zip/สมาชิก.csv"]


def test_a_symlink_given_on_the_command_line_is_followed(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    (real / "สมาชิก.csv").write_text("a,b")
    link = tmp_path / "link"
    link.symlink_to(real)
    opened = open_bundle([link], tmp_path / "w", BundleLimits())
    assert names(opened) == ["สมาชิก.csv"]
    assert opened.findings == ()
