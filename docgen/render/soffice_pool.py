"""LibreOffice for batches: many documents per call, a profile per converter, watched and killed.

Starting LibreOffice costs a second or more, and loading each small file costs more than laying
out its page. So a batch converts one multi-page DOCX per chunk (see `CompiledTemplate.
render_merged`) in ONE soffice call, chunks in parallel across converters. Each converter owns
a LibreOffice profile folder (`-env:UserInstallation`) that it keeps between calls, so only its
first call pays for creating the profile; two converters never share a profile.

The warm path is this chunking, not a resident LibreOffice: the `uno` bridge is not importable
from this Python without hacks, so there is no listener to talk to. A conversion that runs past
its timeout or whose process group grows past `max_rss_mb` is killed (the whole process group)
and tried once more; a second failure is a DocgenError with a Thai message.
"""

from __future__ import annotations

import contextlib
import os
import queue
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

from docgen.model import DocgenError
from docgen.render.pdf import kill_group, prepare_profile, stage_sources, start_soffice

__all__ = ["ChunkConverter", "ConversionFailed", "SofficePool"]


class ConversionFailed(DocgenError):
    """LibreOffice did not produce the PDF (crash, timeout, too much memory)."""


class ChunkConverter:
    """One LibreOffice profile; converts one or many DOCX files per soffice call.

    Also satisfies `docgen.render.pdf.PdfConverter` (`convert(docx, out_pdf)`).
    """

    def __init__(
        self,
        soffice: str = "soffice",
        *,
        timeout_s: float = 300.0,
        max_rss_mb: int = 2048,
        profile_dir: Path | None = None,
        retries: int = 1,
    ) -> None:
        self.soffice = soffice
        self.timeout_s = timeout_s
        self.max_rss_mb = max_rss_mb
        self.retries = retries
        self._owns_profile = profile_dir is None
        self.profile_dir = (
            Path(tempfile.mkdtemp(prefix="docgen-pool-")) if profile_dir is None else profile_dir
        )
        self.profile_dir.mkdir(parents=True, exist_ok=True)
        prepare_profile(self.profile_dir)
        self.calls = 0
        self.kills = 0

    def _run_once(
        self, sources: Sequence[Path], outdir: Path, convert_to: str = "pdf:writer_pdf_Export"
    ) -> str | None:
        """Run soffice; None when it finished, else why it was stopped."""
        self.calls += 1
        proc = start_soffice(self.soffice, self.profile_dir, sources, outdir, convert_to=convert_to)
        started = time.monotonic()
        while True:
            try:
                proc.wait(timeout=0.25)
                return None if proc.returncode == 0 else f"exit {proc.returncode}"
            except subprocess.TimeoutExpired:
                pass
            if time.monotonic() - started > self.timeout_s:
                self._kill(proc)
                return "timeout"
            if _group_rss_mb(proc.pid) > self.max_rss_mb:
                self._kill(proc)
                return "memory"

    def _kill(self, proc: subprocess.Popen[bytes]) -> None:
        self.kills += 1
        kill_group(proc)

    # -- conversions ---------------------------------------------------------------------

    def convert_many(
        self,
        docx_files: Sequence[Path],
        out_pdfs: Sequence[Path],
        *,
        convert_to: str = "pdf:writer_pdf_Export",
    ) -> list[Path]:
        """Convert every DOCX to its PDF in one soffice call (retried once if it fails).

        `convert_to` names another target (`docx:MS Word 2007 XML`, `xlsx:Calc MS Excel 2007
        XML`): the same call, limits and time-out turn a .doc or .ods into DOCX or XLSX."""
        ext = convert_to.partition(":")[0]
        if len(docx_files) != len(out_pdfs):
            raise ValueError("one output per input")
        if not docx_files:
            return []
        with tempfile.TemporaryDirectory(dir=self.profile_dir, prefix="job-") as tmp:
            work = Path(tmp)
            sources = stage_sources(docx_files, work)
            outdir = work / "out"
            outdir.mkdir()
            why: str | None = None
            for _attempt in range(self.retries + 1):
                pending = [s for s in sources if not (outdir / f"{s.stem}.{ext}").is_file()]
                why = self._run_once(pending, outdir, convert_to)
                if all((outdir / f"{s.stem}.{ext}").is_file() for s in sources):
                    break
                why = why or "no output"
            else:
                raise ConversionFailed(_failure_th(why, len(docx_files)), detail=str(why))
            for source, out_pdf in zip(sources, out_pdfs, strict=True):
                out_pdf = Path(out_pdf)
                out_pdf.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(str(outdir / f"{source.stem}.{ext}"), out_pdf)
        return [Path(p) for p in out_pdfs]

    def convert(self, docx: Path, out_pdf: Path) -> Path:
        if not Path(docx).is_file():
            raise DocgenError(f"ไม่พบไฟล์ที่จะแปลงเป็น PDF: {Path(docx).name}")
        return self.convert_many([Path(docx)], [Path(out_pdf)])[0]

    def close(self) -> None:
        if self._owns_profile:
            shutil.rmtree(self.profile_dir, ignore_errors=True)

    def __enter__(self) -> ChunkConverter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class SofficePool:
    """`workers` converters, each with its own profile under `profile_root` (kept between runs
    when given, so later batches start warm). Borrow one with `with pool.converter() as c:`."""

    def __init__(
        self,
        workers: int = 2,
        *,
        soffice: str = "soffice",
        timeout_s: float = 300.0,
        max_rss_mb: int = 2048,
        profile_root: Path | None = None,
    ) -> None:
        self.workers = max(1, workers)
        self._tmp = None if profile_root is not None else tempfile.mkdtemp(prefix="docgen-pool-")
        root = Path(profile_root) if profile_root is not None else Path(str(self._tmp))
        self._converters = [
            ChunkConverter(
                soffice,
                timeout_s=timeout_s,
                max_rss_mb=max_rss_mb,
                profile_dir=root / f"worker-{n}",
            )
            for n in range(self.workers)
        ]
        self._free: queue.Queue[ChunkConverter] = queue.Queue()
        for c in self._converters:
            self._free.put(c)

    @contextlib.contextmanager
    def converter(self) -> Iterator[ChunkConverter]:
        c = self._free.get()
        try:
            yield c
        finally:
            self._free.put(c)

    @property
    def kills(self) -> int:
        return sum(c.kills for c in self._converters)

    def close(self) -> None:
        if self._tmp is not None:
            shutil.rmtree(self._tmp, ignore_errors=True)

    def __enter__(self) -> SofficePool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _failure_th(why: str | None, count: int) -> str:
    what = f"เอกสาร {count} ฉบับ" if count > 1 else "เอกสาร"
    if why == "timeout":
        return f"LibreOffice ใช้เวลาสร้าง PDF จาก{what}นานเกินกำหนด จึงหยุดการทำงานแล้ว (ลองซ้ำแล้ว)"
    if why == "memory":
        return f"LibreOffice ใช้หน่วยความจำมากเกินกำหนดขณะสร้าง PDF จาก{what} จึงหยุดการทำงานแล้ว"
    return f"LibreOffice สร้าง PDF จาก{what}ไม่สำเร็จ (ลองซ้ำแล้ว)"


def _group_rss_mb(pgid: int) -> float:
    """Resident memory of every process in a process group, in MB (Linux /proc; 0 elsewhere)."""
    total_pages = 0
    try:
        entries = os.listdir("/proc")
    except OSError:
        return 0.0
    for entry in entries:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        # Fields after the command name (which may hold spaces) start after the last ')'.
        fields = stat[stat.rfind(b")") + 2 :].split()
        if len(fields) > 21 and int(fields[2]) == pgid:
            total_pages += int(fields[21])
    return total_pages * os.sysconf("SC_PAGE_SIZE") / (1024 * 1024)
