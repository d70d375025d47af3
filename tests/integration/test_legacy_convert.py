"""LibreOffice turns .doc/.odt into DOCX for the readers, in one call, with macros switched off."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from docgen.intake.convert import SofficeDocumentConverter
from docgen.pipeline import document_text
from docgen.render.soffice_pool import ChunkConverter
from samples import writers

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None, reason="needs LibreOffice")

LINES = ["ข้อบังคับกลุ่มปลูกผักปลอดภัยบ้านโนนงาม", "ข้อ 1 กลุ่มนี้ชื่อ กลุ่มปลูกผักปลอดภัยบ้านโนนงาม"]


def test_doc_and_odt_read_like_the_docx_they_came_from(tmp_path: Path) -> None:
    doc = writers.new_docx()
    for line in LINES:
        writers.para(doc, line)
    writers.table(doc, [["ลำดับ", "ชื่อ-สกุล"], ["1", "นายสมชาย ใจดี"]], widths_cm=[2, 8])
    writers.para(doc, "ลงชื่อ ประธานกลุ่ม")  # Word always keeps a paragraph after a table
    source = tmp_path / "ข้อบังคับ.docx"
    writers.save_docx(doc, source)
    with ChunkConverter(timeout_s=120) as maker:
        old = maker.convert_many([source], [tmp_path / "ข้อบังคับ.doc"], convert_to="doc:MS Word 97")
        odt = maker.convert_many([source], [tmp_path / "ข้อบังคับ.odt"], convert_to="odt")
    with SofficeDocumentConverter(timeout_s=120) as converter:
        for path in (*old, *odt):
            text = document_text(path, converter=converter).splitlines()
            assert text[:2] == LINES
            assert "1\tนายสมชาย ใจดี" in text
        chunk = converter._chunk
        assert isinstance(chunk, ChunkConverter)
        assert chunk.calls == 2
        # LibreOffice rewrites its settings on exit: the macro switch survived, so it was read.
        settings = chunk.profile_dir / "profile" / "user" / "registrymodifications.xcu"
        text = settings.read_text(encoding="utf-8")
        assert 'oor:name="DisableMacrosExecution"' in text
        assert '<prop oor:name="MacroSecurityLevel" oor:op="fuse"><value>3</value>' in text
