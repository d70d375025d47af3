"""Fuzzing the bundle opener and the readers with hypothesis: no input may crash them.

Few examples by default; `DOCGEN_FUZZ_EXAMPLES=5000 pytest -k fuzz` (`make fuzz`) runs longer.
"""

from __future__ import annotations

import io
import os
import tempfile
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from docgen.intake.bundle import BundleLimits, open_bundle
from docgen.intake.readers import read_document
from docgen.model import DocumentContent, SourceFile, UnreadableFile

EXAMPLES = int(os.environ.get("DOCGEN_FUZZ_EXAMPLES", "25"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=EXAMPLES <= 25,  # the short run in the suite is reproducible
)


def _docx_bytes() -> bytes:
    d = docx.Document()
    d.add_paragraph("ข้อบังคับกลุ่ม")
    t = d.add_table(rows=2, cols=2)
    t.cell(0, 0).text = "ลำดับ"
    t.cell(1, 1).text = "นายสมชาย"
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _xlsx_bytes() -> bytes:
    wb = openpyxl.Workbook()
    wb.active.append(["ลำดับ", "ชื่อ", 1101700230708])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _zip_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("สมาชิก.csv", "ลำดับ,ชื่อ\n1,นายสมชาย\n" * 20)
        zf.writestr("เอกสาร/ข้อบังคับ.txt", "ข้อ 1 " * 50)
    return buf.getvalue()


SEEDS = {"docx": _docx_bytes(), "xlsx": _xlsx_bytes(), "zip": _zip_bytes()}


@st.composite
def mutated(draw: st.DrawFn, seed: bytes) -> bytes:
    """A valid file with some bytes overwritten, a slice cut out, or truncated."""
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 8))):
        at = draw(st.integers(0, len(data) - 1))
        data[at] = draw(st.integers(0, 255))
    if draw(st.booleans()):
        start = draw(st.integers(0, len(data) - 1))
        del data[start : start + draw(st.integers(1, 64))]
    if draw(st.booleans()):
        data = data[: draw(st.integers(0, len(data)))]
    return bytes(data)


def _read(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"file{suffix}"
        path.write_bytes(data)
        try:
            content = read_document(SourceFile(name=path.name, path=path, size=len(data)))
        except UnreadableFile as exc:
            assert exc.message_th  # a Thai sentence for the officer
            return
        assert isinstance(content, DocumentContent)
        for table in content.tables:
            assert len(table.rows) == len(table.row_numbers)


@pytest.mark.parametrize("kind", ["docx", "xlsx"])
@FUZZ
@given(data=st.data())
def test_fuzz_office_readers_never_crash(kind: str, data: st.DataObject) -> None:
    _read(data.draw(mutated(SEEDS[kind])), f".{kind}")


@FUZZ
@given(
    blob=st.binary(max_size=4096), suffix=st.sampled_from([".csv", ".txt", ".docx", ".xlsx", ""])
)
def test_fuzz_readers_on_random_bytes(blob: bytes, suffix: str) -> None:
    _read(blob, suffix)


@FUZZ
@given(
    rows=st.lists(st.lists(st.text(max_size=12), min_size=1, max_size=5), min_size=1, max_size=20),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]),
)
def test_fuzz_csv_text_never_crashes(rows: list[list[str]], encoding: str) -> None:
    text = "\n".join(",".join(cells) for cells in rows)
    _read(text.encode(encoding, errors="replace"), ".csv")


@FUZZ
@given(data=st.data())
def test_fuzz_bundle_opener_stays_inside_its_workdir(data: st.DataObject) -> None:
    blob = data.draw(st.one_of(mutated(SEEDS["zip"]), st.binary(max_size=2048)))
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        upload = root / "upload.zip"
        upload.write_bytes(blob)
        work = root / "work"
        opened = open_bundle([upload], work, BundleLimits())
        for f in opened.findings:
            assert f.code in {"BUNDLE_REJECTED", "UNREADABLE_FILE"} and f.message
        for source in opened.files:
            assert work.resolve() in source.path.resolve().parents
            assert not any(ord(c) < 32 for c in source.name)
        assert {p.name for p in root.iterdir()} <= {"upload.zip", "work"}
