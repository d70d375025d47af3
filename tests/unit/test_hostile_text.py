"""Hostile CSV/text: wrong encodings, NUL bytes, 10 MB lines, huge rosters, unclosed quotes.

Run with `-s` for the `HOSTILE|...` lines used in SECURITY.md.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from docgen.model import DocumentContent, UnreadableFile
from tests.unit.hostile_support import measure_read

MB = 1024 * 1024


def roster_line(i: int) -> str:
    return f"{i},นายสมชาย{i} ใจดี,1101700230708,ท่าพระ,เมืองขอนแก่น,ขอนแก่น\n"


def test_binary_junk_named_csv_is_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "สมาชิก.csv"
    path.write_bytes(bytes(range(256)) * 40 + os.urandom(4000))
    outcome = measure_read("binary junk named .csv", path, max_seconds=3, max_mb=16)
    assert isinstance(outcome, UnreadableFile)


def test_nul_bytes_are_dropped(tmp_path: Path) -> None:
    path = tmp_path / "สมาชิก.csv"
    path.write_bytes(b"\x00".join([b"a,b\n", "1,นายสมชาย\n".encode("cp874"), b""]))
    outcome = measure_read("CSV with NUL bytes", path, max_seconds=3, max_mb=16)
    assert isinstance(outcome, DocumentContent)
    assert outcome.tables[0].rows == (("a", "b"), ("1", "นายสมชาย"))


def test_mixed_encodings_still_read_without_crash(tmp_path: Path) -> None:
    path = tmp_path / "mixed.csv"
    path.write_bytes("ชื่อ,ตำบล\n".encode() + "นายสมชาย,ท่าพระ\n".encode("cp874"))
    outcome = measure_read("CSV mixing UTF-8 and cp874", path, max_seconds=3, max_mb=16)
    assert isinstance(
        outcome, DocumentContent
    )  # cp874 decodes every byte here: garbled, not a crash
    assert len(outcome.tables[0].rows) == 2


def test_a_ten_megabyte_line_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    with open(path, "wb") as f:
        f.write(b"a,b\n")
        f.write(b"x," * (5 * MB) + b"\n")
    outcome = measure_read("CSV with a 10 MB line", path, max_seconds=4, max_mb=64)
    assert isinstance(outcome, UnreadableFile)
    assert "บรรทัดที่ 2" in outcome.message_th


def test_an_unclosed_quote_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "quote.csv"
    path.write_text('a,b\n1,"' + "ก\n" * 200_000, encoding="utf-8")
    outcome = measure_read("CSV with an unclosed quote", path, max_seconds=4, max_mb=32)
    assert isinstance(outcome, UnreadableFile)


def test_a_roster_of_twenty_thousand_rows_is_read(tmp_path: Path) -> None:
    path = tmp_path / "สมาชิก.csv"
    path.write_text(
        "ลำดับ,ชื่อ-สกุล,เลขประจำตัวประชาชน,ตำบล,อำเภอ,จังหวัด\n"
        + "".join(roster_line(i) for i in range(1, 20_001)),
        encoding="cp874",
    )
    outcome = measure_read("CSV roster of 20,000 rows (cp874)", path, max_seconds=3, max_mb=64)
    assert isinstance(outcome, DocumentContent)
    table = outcome.tables[0]
    assert len(table.rows) == 20_001
    assert table.rows[-1][1] == "นายสมชาย20000 ใจดี"
    assert table.row_numbers[-1] == 20_001


def test_more_rows_than_the_cap_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("docgen.intake.read_text.MAX_ROWS", 1_000)
    path = tmp_path / "big.csv"
    path.write_text("".join(roster_line(i) for i in range(1_500)), encoding="utf-8")
    outcome = measure_read(
        "CSV over the row cap (1,500 rows, cap 1,000)", path, max_seconds=4, max_mb=16
    )
    assert isinstance(outcome, UnreadableFile)
    assert "1,000" in outcome.message_th


def test_a_file_over_the_size_cap_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    with open(path, "wb") as f:
        f.truncate(30 * MB)
    outcome = measure_read("30 MB CSV", path, max_seconds=3, max_mb=48)
    assert isinstance(outcome, UnreadableFile)
