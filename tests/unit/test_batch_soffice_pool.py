"""The LibreOffice pool with a stand-in soffice: many files per call, timeouts kill and retry."""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path

import pytest

from docgen.render.soffice_pool import ChunkConverter, ConversionFailed, SofficePool

FAKE = """#!/usr/bin/env python3
import os, sys, time, pathlib
args = sys.argv[1:]
outdir = pathlib.Path(args[args.index("--outdir") + 1])
inputs = [a for a in args[args.index("--outdir") + 2:]]
log = pathlib.Path(os.environ["FAKE_SOFFICE_LOG"])
with log.open("a") as fh:
    fh.write(f"{os.getpid()} {len(inputs)} {args[0]}\\n")
mode = os.environ.get("FAKE_SOFFICE_MODE", "ok")
calls = len(log.read_text().splitlines())
if mode == "hang" or (mode == "hang-once" and calls == 1):
    time.sleep(60)
if mode == "grow" and calls == 1:
    hog = bytearray(400 * 1024 * 1024)  # touched below, so it is resident
    for i in range(0, len(hog), 4096):
        hog[i] = 1
    time.sleep(60)
if mode == "fail-once" and calls == 1:
    sys.exit(1)
for name in inputs:
    (outdir / (pathlib.Path(name).stem + ".pdf")).write_bytes(b"%PDF-1.4 " + pathlib.Path(name).read_bytes()[:20])
"""


@pytest.fixture
def fake_soffice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, Path]:
    script = tmp_path / "soffice"
    script.write_text(FAKE)
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    log = tmp_path / "calls.log"
    monkeypatch.setenv("FAKE_SOFFICE_LOG", str(log))
    return str(script), log


def inputs(tmp_path: Path, n: int) -> list[Path]:
    files = []
    for i in range(n):
        path = tmp_path / f"ใบรับรอง {i}.docx"
        path.write_bytes(f"doc-{i}".encode())
        files.append(path)
    return files


def test_many_files_in_one_call_each_output_matches_its_input(fake_soffice, tmp_path: Path) -> None:
    soffice, log = fake_soffice
    with ChunkConverter(soffice) as converter:
        docs = inputs(tmp_path, 5)
        outs = [tmp_path / "pdf" / f"{i}.pdf" for i in range(5)]
        converter.convert_many(docs, outs)
        assert [p.read_bytes() for p in outs] == [
            b"%PDF-1.4 doc-" + str(i).encode() for i in range(5)
        ]
    lines = log.read_text().splitlines()
    assert len(lines) == 1 and lines[0].split()[1] == "5"
    # Its own LibreOffice profile on the command line.
    assert "-env:UserInstallation=file://" in lines[0]


def test_hanging_converter_is_killed_and_retried_once(
    fake_soffice, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    soffice, log = fake_soffice
    monkeypatch.setenv("FAKE_SOFFICE_MODE", "hang-once")
    converter = ChunkConverter(soffice, timeout_s=1.0)
    started = time.monotonic()
    converter.convert_many(inputs(tmp_path, 2), [tmp_path / "a.pdf", tmp_path / "b.pdf"])
    assert time.monotonic() - started < 10
    assert converter.kills == 1
    assert (tmp_path / "b.pdf").read_bytes().startswith(b"%PDF")
    first_pid = int(log.read_text().split()[0])
    with pytest.raises(ProcessLookupError):
        os.kill(first_pid, 0)  # the hung process is gone, not left behind
    converter.close()


def test_converter_that_keeps_failing_gives_a_thai_error(
    fake_soffice, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    soffice, log = fake_soffice
    monkeypatch.setenv("FAKE_SOFFICE_MODE", "hang")
    with (
        ChunkConverter(soffice, timeout_s=0.5) as converter,
        pytest.raises(ConversionFailed) as info,
    ):
        converter.convert(inputs(tmp_path, 1)[0], tmp_path / "x.pdf")
    assert "LibreOffice" in info.value.message_th and "นานเกินกำหนด" in info.value.message_th
    assert len(log.read_text().splitlines()) == 2  # first try and one retry


def test_converter_growing_too_big_is_killed_and_retried(
    fake_soffice, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    soffice, log = fake_soffice
    monkeypatch.setenv("FAKE_SOFFICE_MODE", "grow")
    with ChunkConverter(soffice, timeout_s=30, max_rss_mb=200) as converter:
        started = time.monotonic()
        converter.convert(inputs(tmp_path, 1)[0], tmp_path / "x.pdf")
        assert time.monotonic() - started < 25  # killed for memory, long before the timeout
        assert converter.kills == 1
    assert (tmp_path / "x.pdf").is_file()
    assert len(log.read_text().splitlines()) == 2


def test_failed_call_retried_once(
    fake_soffice, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    soffice, log = fake_soffice
    monkeypatch.setenv("FAKE_SOFFICE_MODE", "fail-once")
    with ChunkConverter(soffice) as converter:
        converter.convert(inputs(tmp_path, 1)[0], tmp_path / "x.pdf")
    assert (tmp_path / "x.pdf").is_file()
    assert len(log.read_text().splitlines()) == 2


def test_pool_gives_each_converter_its_own_kept_profile(fake_soffice, tmp_path: Path) -> None:
    soffice, _ = fake_soffice
    root = tmp_path / "profiles"
    with SofficePool(3, soffice=soffice, profile_root=root) as pool:
        seen = set()
        with pool.converter() as a, pool.converter() as b, pool.converter() as c:
            seen = {a.profile_dir, b.profile_dir, c.profile_dir}
    assert len(seen) == 3
    assert all(p.parent == root and p.is_dir() for p in seen)  # kept for the next run


def test_missing_soffice_is_a_thai_error(tmp_path: Path) -> None:
    from docgen.model import DocgenError

    with ChunkConverter("no-such-soffice-binary") as converter, pytest.raises(DocgenError) as info:
        converter.convert(inputs(tmp_path, 1)[0], tmp_path / "x.pdf")
    assert "ไม่พบโปรแกรม LibreOffice" in info.value.message_th
