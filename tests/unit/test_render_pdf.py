"""The LibreOffice converter's plumbing, with a stand-in soffice: profile, fonts, timeout, errors."""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path

import pytest

from docgen.model import DocgenError
from docgen.render.pdf import FONTS_DIR, SofficeConverter, fontconfig_conf

FAKE = """#!/bin/sh
# A stand-in for soffice: records how it was called, then behaves as told by $MODE.
echo "$@" > "{log}"
echo "FONTCONFIG_FILE=$FONTCONFIG_FILE" >> "{log}"
case "{mode}" in
  hang) sleep 60 & echo $! > "{log}.child"; sleep 60 ;;
  fail) echo "boom" >&2; exit 3 ;;
  *) outdir=""; prev=""
     for a in "$@"; do [ "$prev" = "--outdir" ] && outdir="$a"; prev="$a"; done
     for a in "$@"; do
       case "$a" in *.docx) printf '%%PDF-1.4 %s' "$(basename "$a")" > "$outdir/$(basename "$a" .docx).pdf" ;; esac
     done ;;
esac
"""


def fake_soffice(tmp_path: Path, mode: str) -> Path:
    path = tmp_path / f"soffice-{mode}"
    path.write_text(FAKE.format(log=tmp_path / f"{mode}.log", mode=mode))
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return path


@pytest.fixture
def docx(tmp_path: Path) -> Path:
    path = tmp_path / "ใบรับรอง.docx"
    path.write_bytes(b"PK fake")
    return path


def test_converts_with_own_profile_and_shipped_fonts(tmp_path: Path, docx: Path) -> None:
    soffice = fake_soffice(tmp_path, "ok")
    with SofficeConverter(str(soffice)) as first, SofficeConverter(str(soffice)) as second:
        assert first.profile_dir != second.profile_dir
        out = first.convert(docx, tmp_path / "out" / "cert.pdf")
        assert out.read_bytes().startswith(b"%PDF")
        log = (tmp_path / "ok.log").read_text()
        assert f"-env:UserInstallation={(first.profile_dir / 'profile').as_uri()}" in log
        assert "--headless" in log and "--convert-to pdf" in log
        conf = Path(log.split("FONTCONFIG_FILE=")[1].strip())
        assert conf.is_file() and str(FONTS_DIR) in conf.read_text()
        profile = first.profile_dir
    assert not profile.exists()  # removed on close


def test_fontconfig_maps_official_font_to_shipped_one() -> None:
    conf = fontconfig_conf()
    assert "<string>TH Sarabun New</string>" in conf
    assert "<string>Sarabun DocGen</string>" in conf
    assert conf.index("<dir>") < conf.index("/etc/fonts/fonts.conf")
    assert sorted(p.name for p in FONTS_DIR.glob("SarabunDocGen-*.ttf")) == [
        "SarabunDocGen-Bold.ttf",
        "SarabunDocGen-BoldItalic.ttf",
        "SarabunDocGen-Italic.ttf",
        "SarabunDocGen-Regular.ttf",
    ]
    assert (FONTS_DIR / "OFL.txt").is_file()


def test_hanging_conversion_is_killed_with_its_children(tmp_path: Path, docx: Path) -> None:
    soffice = fake_soffice(tmp_path, "hang")
    started = time.monotonic()
    with (
        SofficeConverter(str(soffice), timeout_s=1) as converter,
        pytest.raises(DocgenError) as caught,
    ):
        converter.convert(docx, tmp_path / "x.pdf")
    assert time.monotonic() - started < 10
    assert "เกิน 1 วินาที" in caught.value.message_th
    child = int((tmp_path / "hang.log.child").read_text())
    for _ in range(50):
        try:
            os.kill(child, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        pytest.fail("the hung soffice's child process survived")


def test_failed_conversion_is_reported(tmp_path: Path, docx: Path) -> None:
    with (
        SofficeConverter(str(fake_soffice(tmp_path, "fail"))) as converter,
        pytest.raises(DocgenError) as caught,
    ):
        converter.convert(docx, tmp_path / "x.pdf")
    assert "ไม่สำเร็จ" in caught.value.message_th
    assert "boom" in caught.value.detail


def test_missing_soffice_is_a_clear_thai_error(tmp_path: Path, docx: Path) -> None:
    with (
        SofficeConverter("/nonexistent/soffice") as converter,
        pytest.raises(DocgenError) as caught,
    ):
        converter.convert(docx, tmp_path / "x.pdf")
    assert "ไม่พบโปรแกรม LibreOffice" in caught.value.message_th


def test_dropped_converter_removes_its_profile() -> None:
    import gc

    converter = SofficeConverter("/nonexistent/soffice")
    profile = converter.profile_dir
    assert profile.is_dir()
    del converter
    gc.collect()
    assert not profile.exists()


def test_many_files_in_one_start(tmp_path: Path) -> None:
    soffice = fake_soffice(tmp_path, "ok")
    jobs = []
    for name in ("ก.docx", "ข.docx", "ค.docx"):
        (tmp_path / name).write_bytes(b"PK fake")
        jobs.append((tmp_path / name, tmp_path / "out" / name.replace(".docx", ".pdf")))
    with SofficeConverter(str(soffice)) as converter:
        written = converter.convert_many(jobs)
    assert written == [out for _, out in jobs]
    # One LibreOffice start for all three, each output from its own input.
    assert (tmp_path / "ok.log").read_text().count(".docx") == 3
    assert [p.read_bytes() for p in written] == [
        b"%PDF-1.4 in0.docx",
        b"%PDF-1.4 in1.docx",
        b"%PDF-1.4 in2.docx",
    ]
