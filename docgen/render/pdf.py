"""DOCX to PDF through LibreOffice headless, with the shipped Thai font and a private profile."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import weakref
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol
from xml.sax.saxutils import escape

from docgen.model import DocgenError

FONTS_DIR = Path(__file__).resolve().parent / "fonts"

# Families the templates name (the official intent) and what renders them. On Debian,
# fontconfig answers "TH Sarabun New" with Laksaman scaled to two thirds and takes the digits
# from another font. fonts/ ships "Sarabun DocGen": Google's Sarabun (OFL) scaled to TH Sarabun
# New's size (templates/build_fonts.py), so the alias below gives one Thai font at true size
# for letters and digits alike.
OFFICIAL_FAMILIES: tuple[str, ...] = ("TH Sarabun New", "TH SarabunPSK", "TH Sarabun PSK")
SHIPPED_FAMILY = "Sarabun DocGen"


class PdfConverter(Protocol):
    """Turns one DOCX into one PDF."""

    def convert(self, docx: Path, out_pdf: Path) -> Path: ...


def fontconfig_conf(fonts_dir: Path = FONTS_DIR) -> str:
    """A fontconfig file: the system's configuration, the shipped fonts, and the alias."""
    matches = "\n".join(
        f"""  <match target="pattern">
    <test qual="any" name="family"><string>{escape(family)}</string></test>
    <edit name="family" mode="assign" binding="strong"><string>{SHIPPED_FAMILY}</string></edit>
  </match>"""
        for family in OFFICIAL_FAMILIES
    )
    return f"""<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <dir>{escape(str(fonts_dir))}</dir>
{matches}
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
</fontconfig>
"""


class SofficeConverter:
    """LibreOffice headless with its own profile folder; one conversion at a time per converter.

    Concurrent conversions need separate converters (each has its own profile, so two
    LibreOffice processes never share one). A conversion that runs past `timeout_s` is killed
    with its whole process group and reported as a DocgenError.
    """

    def __init__(
        self,
        soffice: str = "soffice",
        timeout_s: float = 120,
        *,
        profile_dir: Path | None = None,
    ) -> None:
        self.soffice = soffice
        self.timeout_s = timeout_s
        self._owns_profile = profile_dir is None
        self.profile_dir = (
            Path(tempfile.mkdtemp(prefix="docgen-soffice-")) if profile_dir is None else profile_dir
        )
        self.profile_dir.mkdir(parents=True, exist_ok=True)
        # A converter dropped without close() still removes the profile it made.
        self._cleanup = (
            weakref.finalize(self, shutil.rmtree, str(self.profile_dir), ignore_errors=True)
            if self._owns_profile
            else None
        )
        self._lock = threading.Lock()
        prepare_profile(self.profile_dir)

    def convert(self, docx: Path, out_pdf: Path) -> Path:
        """One DOCX to one PDF."""
        return self.convert_many([(Path(docx), Path(out_pdf))])[0]

    def convert_many(self, jobs: Sequence[tuple[Path, Path]]) -> list[Path]:
        """Several (docx, out_pdf) pairs in ONE LibreOffice start (it costs seconds each time).

        The timeout grows with the number of files: `timeout_s` for the start and the first
        file, a quarter of it for each further file.
        """
        for docx, _ in jobs:
            if not Path(docx).is_file():
                raise DocgenError(f"ไม่พบไฟล์ที่จะแปลงเป็น PDF: {Path(docx).name}")
        if not jobs:
            return []
        names = ", ".join(Path(d).name for d, _ in jobs[:3]) + (" ..." if len(jobs) > 3 else "")
        timeout = self.timeout_s * (1 + (len(jobs) - 1) / 4)
        with self._lock, tempfile.TemporaryDirectory(dir=self.profile_dir) as tmp:
            outdir = Path(tmp)
            sources = stage_sources([docx for docx, _ in jobs], outdir)
            proc = start_soffice(
                self.soffice, self.profile_dir, sources, outdir, stderr=subprocess.PIPE
            )
            try:
                _, stderr = proc.communicate(timeout=timeout)
            except subprocess.TimeoutExpired:
                kill_group(proc)
                raise DocgenError(
                    f"การสร้าง PDF จาก {names} ใช้เวลาเกิน {timeout:g} วินาที จึงหยุดการทำงานแล้ว"
                ) from None
            written: list[Path] = []
            for source, (docx, out_pdf) in zip(sources, jobs, strict=True):
                produced = outdir / f"{source.stem}.pdf"
                if proc.returncode != 0 or not produced.is_file():
                    raise DocgenError(
                        f"LibreOffice สร้าง PDF จาก {Path(docx).name} ไม่สำเร็จ",
                        detail=stderr.decode("utf-8", "replace")[-2000:],
                    )
                out_pdf = Path(out_pdf)
                out_pdf.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(str(produced), out_pdf)
                written.append(out_pdf)
        return written

    def close(self) -> None:
        """Remove the profile folder if this converter made it."""
        if self._cleanup is not None:
            self._cleanup()

    def __enter__(self) -> SofficeConverter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# -- one LibreOffice call: shared by SofficeConverter and soffice_pool.ChunkConverter ---------


# Documents from outside (a group's .doc, .xls, .odt) pass through the same LibreOffice: its
# profile forbids every macro, signed or not, before the first start.
MACROS_OFF_XCU = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" \
xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Common/Security/Scripting">\
<prop oor:name="DisableMacrosExecution" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting">\
<prop oor:name="MacroSecurityLevel" oor:op="fuse"><value>3</value></prop></item>
</oor:items>
"""


def prepare_profile(profile_dir: Path) -> Path:
    """Write the fontconfig file into a converter's profile folder, and LibreOffice settings
    that never run macros; returns the fontconfig file's path."""
    fontconfig = profile_dir / "fonts.conf"
    fontconfig.write_text(fontconfig_conf(), encoding="utf-8")
    user = profile_dir / "profile" / "user"
    settings = user / "registrymodifications.xcu"
    if not settings.exists():
        user.mkdir(parents=True, exist_ok=True)
        settings.write_text(MACROS_OFF_XCU, encoding="utf-8")
    else:
        # A profile kept from before: add the items LibreOffice has not written itself.
        text = settings.read_text(encoding="utf-8", errors="replace")
        if "DisableMacrosExecution" not in text and "</oor:items>" in text:
            items = MACROS_OFF_XCU.split("\n", 2)[2].replace("</oor:items>\n", "")
            settings.write_text(text.replace("</oor:items>", items + "</oor:items>"), "utf-8")
    return fontconfig


def soffice_binary(soffice: str) -> str:
    """The LibreOffice program's full path, or a Thai DocgenError when it is not installed."""
    found = shutil.which(soffice)
    if found is None:
        raise DocgenError(
            f"ไม่พบโปรแกรม LibreOffice ({soffice}) สำหรับสร้าง PDF "
            "กรุณาติดตั้ง LibreOffice หรือกำหนด DOCGEN_SOFFICE"
        )
    return found


def stage_sources(docx_files: Sequence[Path], work: Path) -> list[Path]:
    """Link (or copy) each file into `work` under a plain ASCII name, in order, keeping its
    own suffix (.docx when it has none).

    LibreOffice names each output after its input: ASCII names give no clashes and no quoting.
    """
    sources = []
    for n, docx in enumerate(docx_files):
        suffix = Path(docx).suffix.lower()
        if not re.fullmatch(r"\.[a-z0-9]{1,5}", suffix):
            suffix = ".docx"
        source = work / f"in{n}{suffix}"
        with contextlib.suppress(OSError):
            os.link(docx, source)
        if not source.exists():
            shutil.copyfile(docx, source)
        sources.append(source)
    return sources


def start_soffice(
    soffice: str,
    profile_dir: Path,
    sources: Sequence[Path],
    outdir: Path,
    *,
    stderr: int = subprocess.DEVNULL,
    convert_to: str = "pdf:writer_pdf_Export",
) -> subprocess.Popen[bytes]:
    """Start one headless conversion of `sources` into `outdir` with the profile's own settings.

    The profile folder must have been made with `prepare_profile`. The process gets its own
    process group, so `kill_group` takes every child along.
    """
    command = [
        soffice_binary(soffice),
        f"-env:UserInstallation={(profile_dir / 'profile').resolve().as_uri()}",
        "--headless",
        "--invisible",
        "--nologo",
        "--norestore",
        "--nodefault",
        "--nolockcheck",
        "--convert-to",
        convert_to,
        "--outdir",
        str(outdir),
        *(str(s) for s in sources),
    ]
    env = dict(os.environ)
    env["FONTCONFIG_FILE"] = str(profile_dir / "fonts.conf")
    env["HOME"] = str(profile_dir)  # LibreOffice writes caches under HOME
    env.setdefault("LANG", "C.UTF-8")
    return subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL,
        stderr=stderr,
        env=env,
        start_new_session=True,
    )


def kill_group(proc: subprocess.Popen[bytes]) -> None:
    """Kill a process started by `start_soffice` with its whole process group, and reap it."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(Exception):
        proc.communicate(timeout=10)
