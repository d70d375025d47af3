"""The group's page while a scan is read: the worker's page count shows as กำลังอ่านภาพหน้า N จาก M."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from .web_support import Web, fresh_web


@pytest.fixture
def web(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Web]:
    gen = fresh_web(tmp_path, monkeypatch)
    w = next(gen)
    w.app.state.dispatch_check = lambda ctx, app_id: w.dispatched.append(app_id)  # still checking
    yield w
    next(gen, None)


def test_the_group_page_shows_which_page_ocr_is_reading(web: Web) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("บัญชีรายชื่อ.txt", "บัญชีรายชื่อสมาชิก")
    answer = web.client.post(
        "/api/applications", files={"files": ("ชุด.zip", buffer.getvalue(), "application/zip")}
    )
    assert answer.status_code == 202, answer.text
    app_id = str(answer.json()["id"])
    page = web.client.get(f"/a/{app_id}")
    assert "กำลังอ่านภาพหน้า" not in page.text  # no scan being read yet
    progress = Path(web.settings.resolved_data_dir) / "progress" / f"{app_id}.txt"
    progress.parent.mkdir(parents=True, exist_ok=True)
    progress.write_text("3 7", encoding="ascii")
    page = web.client.get(f"/a/{app_id}")
    assert "กำลังอ่านภาพหน้า 3 จาก 7" in page.text
