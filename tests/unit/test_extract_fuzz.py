"""Fuzzing the checker's core: any text and any table shape is classified, extracted and checked without a crash."""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from docgen.intake.classify import classify
from docgen.intake.extract import extract
from docgen.model import ClassifiedFile, DocumentContent, Finding, SourceFile, Table
from docgen.rules import distinct_members, run_rules

EXAMPLES = int(os.environ.get("DOCGEN_FUZZ_EXAMPLES", "60"))

# Words the checker reacts to, mixed with noise, so the fuzzer reaches the interesting branches.
WORDS = [
    "ลำดับ",
    "ชื่อ-สกุล",
    "ชื่อ",
    "นามสกุล",
    "คำนำหน้า",
    "ตำแหน่ง",
    "ประธาน",
    "เลขานุการ",
    "เหรัญญิก",
    "ผู้ช่วยเหรัญญิก",
    "สมาชิก",
    "เลขประจำตัวประชาชน",
    "1-1017-00230-70-8",
    "๑๒๓",
    "ที่อยู่",
    "ต.ท่าพระ",
    "อ.เมือง",
    "จ.ขอนแก่น",
    "หมู่ที่",
    "ตำบล",
    "อำเภอ",
    "จังหวัด",
    "กิจกรรม",
    "ระยะเวลา",
    "รวม",
    "ลงชื่อ",
    "ข้อ 1",
    "หมวด 2",
    "ชื่อกลุ่ม",
    "กลุ่มปลูกผัก",
    "จำนวนสมาชิก 12 ราย",
    "นายสมชาย ใจดี",
    "น.ส.",
    "(",
    ")",
    "......",
    "",
    " ",
    "\u200b",
    "x",
    "1",
    "1101700230708",
    "ต.ค.",
    "ที่ตั้ง",
]
cell = st.one_of(st.sampled_from(WORDS), st.text(max_size=12))
line = st.lists(cell, max_size=6).map(" ".join)
row = st.lists(cell, min_size=0, max_size=8).map(tuple)


@st.composite
def tables(draw: st.DrawFn) -> Table:
    rows = tuple(draw(st.lists(row, max_size=12)))
    numbers = tuple(range(1, len(rows) + 1)) if draw(st.booleans()) else ()
    return Table(rows=rows, row_numbers=numbers, title=draw(line))


@st.composite
def files(draw: st.DrawFn) -> ClassifiedFile:
    name = draw(
        st.sampled_from(
            ["สมาชิก.xlsx", "คณะกรรมการ.docx", "คำขอ.docx", "แผน.pdf", "x.csv", "ข้อบังคับ.docx"]
        )
    )
    content = DocumentContent(
        paragraphs=tuple(draw(st.lists(line, max_size=10))),
        tables=tuple(draw(st.lists(tables(), max_size=3))),
    )
    source = SourceFile(name, Path(name), 1)
    return ClassifiedFile(source, classify(source, content), content)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(files(), max_size=5))
def test_fuzz_any_content_gives_findings_not_a_crash(bundle_files: list[ClassifiedFile]) -> None:
    bundle = extract(bundle_files, [])
    findings = run_rules(bundle)
    assert all(isinstance(f, Finding) and f.message for f in findings)
    assert len(distinct_members(bundle)) <= len(bundle.roster_rows)
