"""Opening an uploaded bundle (one .zip, one folder, or loose files) safely and within limits.

This is the only code in docgen that unpacks archives. Nothing from an entry's name ever
reaches the file system: entries are written as `workdir/zipXXXX/NNNN.ext`, with the sanitised
name kept only as the display name. Sizes are counted while unpacking (headers are not
trusted), and unpacking stops at the first limit broken.

As people make them: a ZIP inside the ZIP is opened, one level deep, its entries named
`outer/inner.zip/…` and counted against the same limits as the outer one (files, entries,
bytes); a ZIP inside that is reported, not opened. A folder named after the group is just
part of each display name. System litter (Thumbs.db, desktop.ini, .DS_Store, `~$` Word lock
files and `~WRL….tmp` copies, LibreOffice's `.~lock.…#`, `._`, `Icon\r`, `__MACOSX` and the
index folders a Mac or a USB stick keeps: .fseventsd, .Spotlight-V100, .Trashes, $RECYCLE.BIN,
System Volume Information) is skipped without a finding.
"""

from __future__ import annotations

import logging
import os
import re
import stat
import struct
import tempfile
import unicodedata
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from docgen.model import Finding, Severity, SourceFile, UnusableInput

log = logging.getLogger(__name__)

_CHUNK = 64 * 1024
_MB = 1024 * 1024


@dataclass(frozen=True)
class BundleLimits:
    """What one bundle may hold. The defaults fit five documents with plenty of room."""

    max_files: int = 200  # documents kept (after skipping __MACOSX, Thumbs.db, ...)
    max_entries: int = 1000  # entries of one archive, folders and skipped files included
    max_total_bytes: int = 200 * _MB  # all files together, unpacked
    max_file_bytes: int = 50 * _MB  # one file, unpacked
    max_archive_bytes: int = 200 * _MB  # one .zip as uploaded
    max_ratio: int = 100  # unpacked / packed size of one entry ...
    ratio_floor_bytes: int = 1 * _MB  # ... judged only once an entry has unpacked this much
    max_name_len: int = 255  # characters of a display name
    max_depth: int = 16  # folders inside folders


@dataclass(frozen=True)
class OpenedBundle:
    """The files of a bundle, ready to read, and what was refused on the way."""

    files: tuple[SourceFile, ...]
    findings: tuple[Finding, ...]


# Files that operating systems and editors leave behind; never part of an application.
# A Mac's folder icon is a file named "Icon\r" (an archive entry's name loses the \r when it is
# cleaned); ".localized" names a folder in Finder.
_JUNK_NAMES = {
    ".ds_store",
    "thumbs.db",
    "desktop.ini",
    "ehthumbs.db",
    "icon\r",
    "icon",
    ".localized",
}
# Folders a Mac, Windows or a USB stick zipped whole keeps (its index, its bin), and version control.
_JUNK_DIRS = {
    "__macosx",
    ".git",
    ".svn",
    ".fseventsd",
    ".spotlight-v100",
    ".trashes",
    ".temporaryitems",
    ".documentrevisions-v100",
    "$recycle.bin",
    "system volume information",
}
# Archives other than .zip are never opened; a .zip inside a .zip one level deep only (bombs nest).
_ARCHIVE_SUFFIXES = {
    ".zip",
    ".rar",
    ".7z",
    ".tar",
    ".gz",
    ".tgz",
    ".bz2",
    ".tbz",
    ".xz",
    ".txz",
    ".zst",
    ".lz",
    ".lzma",
    ".cab",
    ".arj",
    ".lzh",
    ".iso",
    ".z",
}
_SAFE_SUFFIX = re.compile(r"\.[A-Za-z0-9]{1,8}")
_DRIVE = re.compile(r"^[A-Za-z]:")

MSG_NESTED = "ไฟล์นี้เป็นไฟล์บีบอัดที่ซ้อนอยู่ในไฟล์บีบอัดเกินหนึ่งชั้น ระบบไม่เปิด กรุณาแตกไฟล์แล้วส่งเอกสารข้างในโดยตรง"
MSG_INNER_BROKEN = "ไฟล์บีบอัดที่อยู่ข้างในเสียหายหรือไม่ใช่ไฟล์ .zip จึงเปิดไม่ได้ กรุณาแตกไฟล์แล้วส่งเอกสารข้างในโดยตรง"
MSG_ONLY_ZIP = "ระบบเปิดได้เฉพาะไฟล์บีบอัดแบบ .zip กรุณาแตกไฟล์แล้วส่งเอกสารข้างในโดยตรง"
MSG_ENCRYPTED = "ไฟล์นี้ในไฟล์บีบอัดตั้งรหัสผ่านไว้ จึงอ่านไม่ได้ กรุณาบีบอัดใหม่โดยไม่ตั้งรหัสผ่าน"
MSG_ENTRY_BROKEN = "ไฟล์นี้ในไฟล์บีบอัดเสียหาย แตกไฟล์ไม่ได้ กรุณาบีบอัดใหม่แล้วส่งอีกครั้ง"
MSG_ESCAPE = "ชื่อไฟล์ในไฟล์บีบอัดชี้ออกนอกโฟลเดอร์ (มี ../ หรือเป็นที่อยู่เต็ม) ระบบไม่แตกไฟล์นี้เพื่อความปลอดภัย"
MSG_LINK = "ไฟล์นี้เป็นลิงก์ (symbolic link) หรือไฟล์พิเศษ ระบบไม่เปิดเพื่อความปลอดภัย"
MSG_DUPLICATE = "มีไฟล์ชื่อซ้ำกันในไฟล์บีบอัด ระบบใช้เฉพาะไฟล์แรก"
MSG_NAME_LONG = "ชื่อไฟล์หรือโฟลเดอร์ยาวหรือซ้อนลึกเกินกำหนด ระบบไม่เปิดไฟล์นี้"


def _mb(n: int) -> str:
    return f"{n / _MB:,.0f} MB"


@dataclass
class _RejectAll(Exception):
    """The whole upload is refused (a zip bomb, too many files, too large)."""

    message: str
    file: str | None = None


class _Opener:
    def __init__(self, workdir: Path, limits: BundleLimits) -> None:
        self.workdir = workdir
        self.limits = limits
        self.files: list[SourceFile] = []
        self.findings: list[Finding] = []
        self.total_bytes = 0
        self.seen: set[str] = set()
        self.written: list[Path] = []
        self.entries = 0  # entries of every archive opened, the inner ones included

    # -- findings ---------------------------------------------------------------------
    def reject(self, message: str, file: str | None) -> None:
        self.findings.append(Finding("BUNDLE_REJECTED", Severity.ERROR, message, file=file))

    def unreadable(self, message: str, file: str | None) -> None:
        self.findings.append(Finding("UNREADABLE_FILE", Severity.ERROR, message, file=file))

    # -- bookkeeping ------------------------------------------------------------------
    def unique_name(self, name: str) -> str:
        """A display name not used yet in this bundle: `ชื่อ (2).docx` for the second one."""
        if name.casefold() not in self.seen:
            self.seen.add(name.casefold())
            return name
        stem, dot, ext = name.rpartition(".")
        if not dot or "/" in ext:
            stem, ext = name, ""
        n = 2
        while True:
            candidate = f"{stem} ({n}).{ext}" if ext else f"{stem} ({n})"
            if candidate.casefold() not in self.seen:
                self.seen.add(candidate.casefold())
                return candidate
            n += 1

    def count_file(self, size: int, display: str) -> None:
        if len(self.files) >= self.limits.max_files:
            raise _RejectAll(
                f"ชุดเอกสารมีไฟล์มากเกินกำหนด (เกิน {self.limits.max_files:,} ไฟล์) "
                "ระบบไม่ตรวจชุดนี้ กรุณาส่งเฉพาะเอกสารของคำขอ"
            )
        if self.total_bytes + size > self.limits.max_total_bytes:
            raise _RejectAll(
                f"ชุดเอกสารมีขนาดรวมเกินกำหนด ({_mb(self.limits.max_total_bytes)}) ระบบไม่ตรวจชุดนี้"
            )
        self.total_bytes += size

    # -- loose files and folders ------------------------------------------------------
    def add_path(self, path: Path, display: str) -> None:
        try:
            st = path.lstat()
        except OSError:
            self.unreadable("เปิดไฟล์นี้ไม่ได้", display)
            return
        if stat.S_ISLNK(st.st_mode) or not stat.S_ISREG(st.st_mode):
            self.reject(MSG_LINK, display)
            return
        suffix = path.suffix.lower()
        if suffix == ".zip":
            self.add_zip(path, display)
            return
        if suffix in _ARCHIVE_SUFFIXES:
            self.unreadable(MSG_ONLY_ZIP, display)
            return
        if st.st_size > self.limits.max_file_bytes:
            self.reject(
                f"ไฟล์นี้ใหญ่เกินกำหนด ({_mb(self.limits.max_file_bytes)} ต่อไฟล์) ระบบไม่เปิดไฟล์นี้",
                display,
            )
            return
        self.count_file(st.st_size, display)
        self.files.append(SourceFile(self.unique_name(display), path, st.st_size))

    def add_folder(self, folder: Path, prefix: str) -> None:
        visited = 0
        for root, dirs, names in os.walk(folder, followlinks=False):
            rel_root = Path(root).relative_to(folder)
            depth = len(rel_root.parts)
            dirs[:] = sorted(d for d in dirs if d.casefold() not in _JUNK_DIRS)
            if depth >= self.limits.max_depth:
                dirs[:] = []
            for name in sorted(names):
                visited += 1
                if visited > self.limits.max_entries:
                    raise _RejectAll(
                        f"โฟลเดอร์มีไฟล์มากเกินกำหนด (เกิน {self.limits.max_entries:,} รายการ) "
                        "ระบบไม่ตรวจชุดนี้"
                    )
                if _is_junk(name):
                    continue
                rel = (rel_root / name).as_posix()
                display = clean_display_name(f"{prefix}{rel}")
                if len(display) > self.limits.max_name_len:
                    self.reject(MSG_NAME_LONG, display[: self.limits.max_name_len])
                    continue
                self.add_path(Path(root) / name, display)

    # -- archives ---------------------------------------------------------------------
    def add_zip(self, path: Path, display: str, *, inner: bool = False) -> None:
        """Unpack one .zip; `inner`: it came out of another one (its own zips are not opened)."""
        lim = self.limits
        size = path.stat().st_size
        if size > lim.max_archive_bytes:
            raise _RejectAll(
                f"ไฟล์บีบอัดใหญ่เกินกำหนด ({_mb(lim.max_archive_bytes)}) ระบบไม่ตรวจชุดนี้", display
            )
        directory = _central_directory(path)
        if directory is not None:
            entries, cd_bytes = directory
            if entries > lim.max_entries or cd_bytes > lim.max_entries * 1024:
                raise _RejectAll(
                    f"ไฟล์บีบอัดมีไฟล์มากเกินกำหนด (เกิน {lim.max_entries:,} รายการ) ระบบไม่ตรวจชุดนี้",
                    display,
                )
        try:
            zf = zipfile.ZipFile(path)
        except Exception as exc:  # BadZipFile, OSError, struct.error, ValueError, ...
            log.info("corrupt zip (%s)", type(exc).__name__)
            if inner:
                self.unreadable(MSG_INNER_BROKEN, self.unique_name(display))
            else:
                self.reject("ไฟล์บีบอัดเสียหายหรือไม่ใช่ไฟล์ .zip จึงเปิดไม่ได้", display)
            return
        with zf:
            infos = zf.infolist()
            self.entries += len(infos)
            if len(infos) > lim.max_entries or self.entries > lim.max_entries:
                raise _RejectAll(
                    f"ไฟล์บีบอัดมีไฟล์มากเกินกำหนด (เกิน {lim.max_entries:,} รายการ) ระบบไม่ตรวจชุดนี้",
                    display,
                )
            # A fresh folder per archive, so a reused workdir never mixes two uploads.
            outdir = Path(tempfile.mkdtemp(prefix="zip", dir=self.workdir))
            prefix = f"{display}/" if display else ""
            wanted: list[tuple[zipfile.ZipInfo, str]] = []
            names_here: set[str] = set()
            declared = 0
            for info in infos:
                picked = self.pick_entry(info, prefix, names_here, inner=inner)
                if picked is not None:
                    wanted.append((info, picked))
                    declared += info.file_size
            if len(self.files) + len(wanted) > lim.max_files:
                raise _RejectAll(
                    f"ไฟล์บีบอัดมีเอกสารมากเกินกำหนด (เกิน {lim.max_files:,} ไฟล์) ระบบไม่ตรวจชุดนี้",
                    display,
                )
            if self.total_bytes + declared > lim.max_total_bytes:
                raise _RejectAll(_bomb_message(lim), display)
            nested: list[tuple[Path, str]] = []
            for index, (info, name) in enumerate(wanted, start=1):
                dest = outdir / f"{index:04d}{_safe_suffix(name)}"
                is_zip = PurePosixPath(name).suffix.lower() == ".zip"
                if self.extract(zf, info, name, dest, keep=not is_zip) and is_zip:
                    nested.append((dest, name))
        for dest, name in nested:
            self.add_zip(dest, name, inner=True)

    def pick_entry(
        self, info: zipfile.ZipInfo, prefix: str, names_here: set[str], *, inner: bool = False
    ) -> str | None:
        """The display name of an entry worth unpacking, or None (skipped or refused)."""
        raw = entry_name(info)
        if raw.endswith(("/", "\\")) or info.is_dir():
            return None
        rel = safe_relative_name(raw)
        if rel is None:
            self.reject(MSG_ESCAPE, clean_display_name(raw)[: self.limits.max_name_len] or None)
            return None
        parts = rel.split("/")
        if not rel or any(p.casefold() in _JUNK_DIRS for p in parts[:-1]) or _is_junk(parts[-1]):
            return None
        display = f"{prefix}{rel}"
        if len(display) > self.limits.max_name_len or len(parts) > self.limits.max_depth:
            self.reject(MSG_NAME_LONG, display[: self.limits.max_name_len])
            return None
        file_type = stat.S_IFMT(info.external_attr >> 16)
        if info.create_system == 3 and file_type not in (0, stat.S_IFREG):
            # Unix symlinks, devices, fifos. (Type 0: many tools store permissions only.)
            if file_type != stat.S_IFDIR:
                self.reject(MSG_LINK, display)
            return None
        if display.casefold() in names_here:
            self.reject(MSG_DUPLICATE, display)
            return None
        names_here.add(display.casefold())
        suffix = PurePosixPath(rel).suffix.lower()
        if suffix in _ARCHIVE_SUFFIXES and (inner or suffix != ".zip"):
            self.unreadable(
                MSG_NESTED if suffix == ".zip" else MSG_ONLY_ZIP, self.unique_name(display)
            )
            return None
        if info.flag_bits & 0x1 or info.compress_type == 99:  # 99: WinZip AES
            self.unreadable(MSG_ENCRYPTED, self.unique_name(display))
            return None
        if info.file_size > self.limits.max_ratio * max(info.compress_size, 1) and (
            info.file_size > self.limits.ratio_floor_bytes
        ):
            raise _RejectAll(_bomb_message(self.limits), display)  # a bomb, however big
        if info.file_size > self.limits.max_file_bytes:
            self.reject(
                f"ไฟล์นี้ใหญ่เกินกำหนด ({_mb(self.limits.max_file_bytes)} ต่อไฟล์) ระบบไม่แตกไฟล์นี้",
                display,
            )
            return None
        return display

    def extract(
        self,
        zf: zipfile.ZipFile,
        info: zipfile.ZipInfo,
        name: str,
        dest: Path,
        *,
        keep: bool = True,
    ) -> bool:
        """Unpack one entry to `dest`; `keep`: it is a document of the bundle (not a zip to open).
        False when the entry could not be unpacked (reported)."""
        lim = self.limits
        written = 0
        packed = max(info.compress_size, 1)
        try:
            with zf.open(info) as src, open(dest, "xb") as out:
                self.written.append(dest)
                while chunk := src.read(_CHUNK):
                    written += len(chunk)
                    self.total_bytes += len(chunk)
                    if (
                        written > lim.max_file_bytes
                        or self.total_bytes > lim.max_total_bytes
                        or (written > lim.ratio_floor_bytes and written > lim.max_ratio * packed)
                    ):
                        raise _RejectAll(_bomb_message(lim), name)
                    out.write(chunk)
        except _RejectAll:
            raise
        except Exception as exc:  # bad CRC, unknown method, truncated data, password, ...
            log.info("zip entry not extracted (%s)", type(exc).__name__)
            dest.unlink(missing_ok=True)
            self.total_bytes -= written
            encrypted = isinstance(exc, RuntimeError) and "password" in str(exc).lower()
            self.unreadable(
                MSG_ENCRYPTED if encrypted else MSG_ENTRY_BROKEN, self.unique_name(name)
            )
            return False
        if not keep:
            # An inner zip: its bytes stay counted (its entries are counted again when unpacked).
            return True
        if len(self.files) >= lim.max_files:
            raise _RejectAll(f"ชุดเอกสารมีไฟล์มากเกินกำหนด (เกิน {lim.max_files:,} ไฟล์)", name)
        self.files.append(SourceFile(self.unique_name(name), dest, written))
        return True

    def cleanup(self) -> None:
        for p in self.written:
            p.unlink(missing_ok=True)


def _bomb_message(lim: BundleLimits) -> str:
    return (
        "ไฟล์บีบอัดแตกออกมาแล้วมีขนาดใหญ่ผิดปกติ (เกิน "
        f"{_mb(lim.max_total_bytes)} รวม หรือ {_mb(lim.max_file_bytes)} ต่อไฟล์ "
        f"หรือบีบอัดได้เกิน {lim.max_ratio} เท่า) อาจเป็นไฟล์อันตราย ระบบไม่ตรวจชุดนี้"
    )


def open_bundle(paths: Sequence[Path], workdir: Path, limits: BundleLimits) -> OpenedBundle:
    """Open one bundle: a .zip, a folder, or several files (files and zips mixed).

    Loose files and folder contents are read in place; zip entries are unpacked into
    `workdir`. Anything unsafe or over a limit becomes a BUNDLE_REJECTED finding (for one
    entry, or for the whole bundle when the upload itself is hostile); an entry that cannot
    be unpacked becomes UNREADABLE_FILE. A missing path raises UnusableInput.
    """
    if not paths:
        raise UnusableInput("ไม่ได้ระบุไฟล์หรือโฟลเดอร์ที่จะตรวจ")
    paths = [Path(p) for p in paths]
    for p in paths:
        if not p.exists():
            raise UnusableInput(f"ไม่พบไฟล์หรือโฟลเดอร์ {p}")
    # The paths given are the uploader's own choice: a symlink among them is followed
    # (a symlink found inside a folder or a zip is not).
    paths = [p.resolve() if p.is_symlink() else p for p in paths]
    workdir.mkdir(parents=True, exist_ok=True)
    opener = _Opener(workdir, limits)
    several = len(paths) > 1
    try:
        for p in paths:
            if p.is_dir():
                opener.add_folder(p, f"{clean_display_name(p.name)}/" if several else "")
            elif p.suffix.lower() == ".zip":
                # One zip alone: entries are named as inside it; among other files, under its name.
                # (A zip named otherwise is left to the readers, which say archives aren't opened.)
                opener.add_zip(p, clean_display_name(p.name) if several else "")
            else:
                opener.add_path(p, clean_display_name(p.name) or "ไฟล์")
    except _RejectAll as rejected:
        opener.cleanup()
        log.info("bundle rejected")
        findings = [f for f in opener.findings if f.code != "BUNDLE_REJECTED"]
        findings.insert(
            0,
            Finding("BUNDLE_REJECTED", Severity.ERROR, rejected.message, file=rejected.file),
        )
        return OpenedBundle(files=(), findings=tuple(findings))
    except OSError as exc:
        opener.cleanup()
        log.info("bundle unreadable (%s)", type(exc).__name__)
        return OpenedBundle(
            files=(),
            findings=(Finding("BUNDLE_REJECTED", Severity.ERROR, "เปิดชุดเอกสารไม่ได้ (อ่านไฟล์ไม่ได้)"),),
        )
    return OpenedBundle(files=tuple(opener.files), findings=tuple(opener.findings))


# ---------------------------------------------------------------------------------------
# Names
# ---------------------------------------------------------------------------------------


def entry_name(info: zipfile.ZipInfo) -> str:
    """An entry's name in correct Thai, whatever tool made the zip.

    Names flagged UTF-8 are already right. Otherwise zipfile decoded the raw bytes as cp437:
    take the bytes back and try the Info-ZIP Unicode Path field, then UTF-8, then cp874
    (Thai Windows). Bytes that decode as UTF-8 only into Latin letters are taken as cp874.
    """
    if info.flag_bits & 0x800:
        return info.filename
    unicode_path = _unicode_path_field(info)
    if unicode_path is not None:
        return unicode_path
    try:
        raw = info.orig_filename.encode("cp437")
    except UnicodeEncodeError:
        return info.filename
    as_utf8: str | None
    try:
        as_utf8 = raw.decode("utf-8")
    except UnicodeDecodeError:
        as_utf8 = None
    if as_utf8 is not None and not any("\u0080" <= c <= "\u07ff" for c in as_utf8):
        return as_utf8
    try:
        return raw.decode("cp874")
    except UnicodeDecodeError:
        return as_utf8 if as_utf8 is not None else info.filename


def _unicode_path_field(info: zipfile.ZipInfo) -> str | None:
    """The Info-ZIP Unicode Path extra field (0x7075), written by 7-Zip and WinRAR."""
    extra = info.extra or b""
    i = 0
    while i + 4 <= len(extra):
        tag, size = struct.unpack_from("<HH", extra, i)
        body = extra[i + 4 : i + 4 + size]
        if tag == 0x7075 and len(body) > 5 and body[0] == 1:
            try:
                return body[5:].decode("utf-8")
            except UnicodeDecodeError:
                return None
        i += 4 + size
    return None


def clean_display_name(name: str) -> str:
    """A name fit to show: NFC, no control or invisible format characters, `/` separators."""
    name = unicodedata.normalize("NFC", name.replace("\\", "/"))
    return "".join(c for c in name if unicodedata.category(c) not in {"Cc", "Cf", "Cs", "Co", "Cn"})


def safe_relative_name(name: str) -> str | None:
    """The entry's path relative to the bundle, or None if it tries to leave it.

    Absolute paths, drive letters, UNC paths and any `..` component count as leaving.
    """
    name = clean_display_name(name)
    if name.startswith("/") or _DRIVE.match(name):
        return None
    parts = [p.strip() for p in name.split("/")]
    if any(p == ".." for p in parts):
        return None
    return "/".join(p for p in parts if p not in ("", "."))


def _is_junk(name: str) -> bool:
    low = name.casefold()
    if low in _JUNK_NAMES or name.startswith(("~$", "._")):
        return True
    # LibreOffice's lock file of a document left open (.~lock.ข้อบังคับ.odt#), and the
    # temporary copy Word saves beside a document (~WRL0001.tmp).
    return (low.startswith(".~lock.") and low.endswith("#")) or (
        low.startswith("~") and low.endswith(".tmp")
    )


def _safe_suffix(name: str) -> str:
    suffix = PurePosixPath(name).suffix
    return suffix.lower() if _SAFE_SUFFIX.fullmatch(suffix) else ""


def _central_directory(path: Path) -> tuple[int, int] | None:
    """(entries, bytes) of a zip's central directory, read from its end record.

    Checked before zipfile reads the directory into memory, so a zip claiming millions of
    entries is refused cheaply. None if no end record is found (zipfile will then refuse it).
    """
    try:
        with open(path, "rb") as f:
            f.seek(0, os.SEEK_END)
            size = f.tell()
            n = min(size, 65536 + 22)
            f.seek(size - n)
            tail = f.read(n)
            i = tail.rfind(b"PK\x05\x06")
            if i < 0 or len(tail) - i < 22:
                return None
            entries, cd_bytes = struct.unpack_from("<HI", tail, i + 10)
            if entries == 0xFFFF or cd_bytes == 0xFFFFFFFF:
                j = i - 20
                if j >= 0 and tail[j : j + 4] == b"PK\x06\x07":
                    (offset,) = struct.unpack_from("<Q", tail, j + 8)
                    f.seek(offset)
                    rec = f.read(56)
                    if len(rec) == 56 and rec[:4] == b"PK\x06\x06":
                        entries, cd_bytes = struct.unpack_from("<QQ", rec, 32)
            return int(entries), int(cd_bytes)
    except (OSError, struct.error, ValueError):
        return None


def archive_document_count(path: Path, limits: BundleLimits | None = None) -> int | None:
    """How many documents a .zip holds as `open_bundle` would keep them (folders, __MACOSX,
    Thumbs.db and lock files left out), read from its directory only; None when it is no zip
    that can be opened. For the upload door: an archive of nothing is no bundle."""
    lim = limits or BundleLimits()
    directory = _central_directory(path)
    if directory is not None and directory[0] > lim.max_entries:
        return lim.max_entries  # too many to count here; open_bundle says so in its report
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except Exception as exc:  # BadZipFile, OSError, struct.error, ValueError, ...
        log.info("door: corrupt zip (%s)", type(exc).__name__)
        return None
    count = 0
    for info in infos:
        raw = entry_name(info)
        if raw.endswith(("/", "\\")) or info.is_dir():
            continue
        rel = safe_relative_name(raw) or ""
        parts = rel.split("/")
        if not rel or any(p.casefold() in _JUNK_DIRS for p in parts[:-1]) or _is_junk(parts[-1]):
            continue
        count += 1
    return count
