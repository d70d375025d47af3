"""Legacy and open formats (.doc .rtf .odt, .xls .ods) turned into DOCX/XLSX by LibreOffice.

The converted file is then read by the project's own DOCX/XLSX readers, so a .doc roster and
a .docx roster give the same rows. LibreOffice is the one the project already runs for PDF: the
same converter class (`render.soffice_pool.ChunkConverter`: its own profile, time-out, memory
limit, one retry), with a profile whose settings forbid every macro. All files of one bundle
that need the same target are converted in ONE LibreOffice call (each start costs seconds).

The core never starts LibreOffice by itself: the doors pass a `DocumentConverter` in
(`SofficeDocumentConverter` is the real one). Without one, such files get a Thai message saying
what to send instead.
"""

from __future__ import annotations

import logging
import tempfile
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from docgen.model import DocgenError, SourceFile, UnreadableFile

log = logging.getLogger(__name__)

WRITER_TO_DOCX = "docx:MS Word 2007 XML"
CALC_TO_XLSX = "xlsx:Calc MS Excel 2007 XML"

# sniffed format -> (target, LibreOffice filter)
_TARGETS = {
    "doc": ("docx", WRITER_TO_DOCX),
    "rtf": ("docx", WRITER_TO_DOCX),
    "odt": ("docx", WRITER_TO_DOCX),
    "xls": ("xlsx", CALC_TO_XLSX),
    "ods": ("xlsx", CALC_TO_XLSX),
}

_WHAT = {
    "doc": "ไฟล์ Word รุ่นเก่า (.doc)",
    "rtf": "ไฟล์ RTF",
    "odt": "ไฟล์ OpenDocument (.odt)",
    "xls": "ไฟล์ Excel รุ่นเก่า (.xls)",
    "ods": "ไฟล์ OpenDocument (.ods)",
}
_SEND = {"docx": "Word (.docx) หรือ PDF", "xlsx": "Excel (.xlsx) หรือ .csv"}


def message_no_converter(fmt: str) -> str:
    """Thai: this legacy/open file cannot be converted here; what to send instead."""
    target = _TARGETS[fmt][0]
    return (
        f"{_WHAT[fmt]} ต้องแปลงด้วย LibreOffice ก่อนอ่าน แต่ระบบแปลงไม่ได้ในขณะนี้ "
        f"กรุณาเปิดไฟล์แล้วบันทึกเป็น {_SEND[target]} แล้วส่งอีกครั้ง"
    )


def message_failed(fmt: str) -> str:
    """Thai: LibreOffice could not open this file (broken, or too big/slow); what to send."""
    target = _TARGETS[fmt][0]
    return (
        f"แปลง{_WHAT[fmt]}นี้ไม่สำเร็จ ไฟล์อาจเสียหายหรือซับซ้อนเกินไป "
        f"กรุณาเปิดไฟล์ด้วยโปรแกรมเดิมแล้วบันทึกเป็น {_SEND[target]} แล้วส่งอีกครั้ง"
    )


class DocumentConverter(Protocol):
    """Converts files in one call: `convert_many(sources, outputs, convert_to=FILTER)`.

    `render.soffice_pool.ChunkConverter` is one; raises DocgenError when the call fails."""

    def convert_many(
        self, docx_files: Sequence[Path], out_pdfs: Sequence[Path], *, convert_to: str = ...
    ) -> list[Path]: ...


class SofficeDocumentConverter:
    """The real converter for the doors: a `ChunkConverter` made on first use (most bundles
    have no legacy file, and then no LibreOffice profile is made at all)."""

    def __init__(self, soffice: str = "soffice", timeout_s: float = 120.0) -> None:
        self.soffice = soffice
        self.timeout_s = timeout_s
        self._chunk: object | None = None

    def convert_many(
        self,
        docx_files: Sequence[Path],
        out_pdfs: Sequence[Path],
        *,
        convert_to: str = WRITER_TO_DOCX,
    ) -> list[Path]:
        from docgen.render.soffice_pool import ChunkConverter

        if self._chunk is None:
            self._chunk = ChunkConverter(self.soffice, timeout_s=self.timeout_s)
        assert isinstance(self._chunk, ChunkConverter)
        return self._chunk.convert_many(docx_files, out_pdfs, convert_to=convert_to)

    def close(self) -> None:
        from docgen.render.soffice_pool import ChunkConverter

        if isinstance(self._chunk, ChunkConverter):
            self._chunk.close()
        self._chunk = None

    def __enter__(self) -> SofficeDocumentConverter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def legacy_format(path: Path) -> str | None:
    """`doc`, `rtf`, `odt`, `xls` or `ods` when the file (by content) needs converting first.

    Password-protected Office files, presentations and drawings are not converted: the
    readers say why they cannot be read."""
    from docgen.intake.readers import sniff

    try:
        fmt = sniff(path)
    except OSError:
        return None
    if fmt in ("doc", "xls", "rtf"):
        return fmt
    if fmt == "odf":
        return _odf_kind(path)
    return None


def _odf_kind(path: Path) -> str | None:
    """odt or ods from the package's `mimetype` (templates .ott/.ots read the same)."""
    try:
        with zipfile.ZipFile(path) as zf:
            mimetype = zf.read("mimetype")[:100].decode("ascii", "replace").strip()
    except Exception:
        return None
    if mimetype.startswith("application/vnd.oasis.opendocument.text"):
        return "odt"
    if mimetype.startswith("application/vnd.oasis.opendocument.spreadsheet"):
        return "ods"
    return None


def convert_legacy(
    files: Sequence[SourceFile],
    converter: DocumentConverter | None,
    workdir: Path,
) -> dict[str, SourceFile | UnreadableFile]:
    """For each file that needs converting (by display name): the converted DOCX/XLSX, named
    as the original, or the UnreadableFile to report. Files that need no conversion are absent.

    One LibreOffice call per target; when a call fails, each of its files is tried alone so a
    broken file does not take the others with it.
    """
    wanted: dict[str, list[tuple[SourceFile, str]]] = {}
    out: dict[str, SourceFile | UnreadableFile] = {}
    for source in files:
        fmt = legacy_format(source.path)
        if fmt is None:
            continue
        if converter is None:
            out[source.name] = UnreadableFile(
                message_no_converter(fmt), detail=f"{fmt}: no converter"
            )
            continue
        wanted.setdefault(_TARGETS[fmt][1], []).append((source, fmt))
    if not wanted:
        return out
    assert converter is not None
    workdir.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="converted-", dir=workdir))
    for convert_to, group in wanted.items():
        ext = convert_to.partition(":")[0]
        outputs = [folder / f"{n:04d}-{len(out):03d}.{ext}" for n in range(len(group))]
        try:
            converter.convert_many([s.path for s, _ in group], outputs, convert_to=convert_to)
            done = list(zip(group, outputs, strict=True))
        except DocgenError as exc:
            log.info("conversion of %d files failed (%s); one by one", len(group), exc.detail)
            done = []
            for item, output in zip(group, outputs, strict=True):
                if len(group) == 1:
                    out[item[0].name] = _failure(item[1], exc)
                    continue
                try:
                    converter.convert_many([item[0].path], [output], convert_to=convert_to)
                    done.append((item, output))
                except DocgenError as one:
                    out[item[0].name] = _failure(item[1], one)
        for (source, _fmt), output in done:
            out[source.name] = SourceFile(source.name, output, output.stat().st_size)
    return out


def _failure(fmt: str, exc: DocgenError) -> UnreadableFile:
    missing = "ไม่พบโปรแกรม LibreOffice" in exc.message_th
    message = message_no_converter(fmt) if missing else message_failed(fmt)
    return UnreadableFile(message, detail=f"{fmt}: {exc.detail or 'soffice'}")
