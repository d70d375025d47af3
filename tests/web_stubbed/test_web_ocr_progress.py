"""The group's page while a scan is read: the worker writes OCR's page count into the registry,
and the page and the API show it as กำลังอ่านภาพหน้า N จาก M, with the worker on another data
folder (another machine) than the web."""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageDraw, ImageFont

from docgen.settings import get_settings

from .web_support import Web, fresh_web

LINES = ("บัญชีรายชื่อสมาชิกกลุ่มปลูกผัก", "ลำดับ ชื่อ-สกุล ตำบล", "1 นายสมชาย ใจดี ท่าพระ")


@pytest.fixture
def web(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Web]:
    from workers import runtime

    runtime.reset()
    gen = fresh_web(tmp_path / "web", monkeypatch)
    w = next(gen)
    yield w
    runtime.reset()
    next(gen, None)


def _font() -> Any:
    for path in (
        "/usr/share/fonts/truetype/tlwg/Loma.ttf",
        "/usr/share/fonts/truetype/tlwg/Norasi.ttf",
        "/usr/share/fonts/opentype/tlwg/Loma.otf",
    ):
        if Path(path).exists():
            return ImageFont.truetype(path, 34)
    return ImageFont.load_default()


def _scan(pages: int) -> bytes:
    """A small multi-page TIFF, as a copier sends it: a few typed lines a page."""
    font = _font()
    images = []
    for n in range(pages):
        page = Image.new("L", (900, 420), 255)
        draw = ImageDraw.Draw(page)
        for i, line in enumerate(LINES):
            draw.text((50, 50 + 110 * i), f"{line} {n + 1}" if i == 0 else line, font=font)
        images.append(page)
    out = io.BytesIO()
    images[0].save(out, format="TIFF", save_all=True, append_images=images[1:], dpi=(200, 200))
    return out.getvalue()


def test_progress_goes_through_the_registry_not_a_shared_folder(
    web: Web, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from workers import runtime, tasks

    answer = web.client.post(
        "/api/applications", files={"files": ("สแกน.tif", _scan(2), "image/tiff")}
    )
    assert answer.status_code == 202, answer.text
    app_id = str(answer.json()["id"])
    assert "กำลังอ่านภาพหน้า" not in web.client.get(f"/a/{app_id}").text  # not being read yet

    # The worker: its own data folder; the registry and the file store are what it shares.
    worker_dir = tmp_path / "worker" / "var"
    monkeypatch.setenv("DOCGEN_DATA_DIR", str(worker_dir))
    monkeypatch.setenv("DOCGEN_DATABASE_URL", web.settings.resolved_database_url)
    monkeypatch.setenv("DOCGEN_STORAGE_URL", web.settings.resolved_data_dir.as_uri())
    get_settings.cache_clear()
    runtime.reset()

    # Each page's progress, once written, waits for the test to look (one report at a time).
    written: list[tuple[int, int]] = []
    looked = threading.Semaphore(0)
    reported = threading.Semaphore(0)
    one_at_a_time = threading.Lock()

    class Watched(tasks.CheckProgress):
        def __call__(self, done: int, total: int) -> None:
            with one_at_a_time:
                super().__call__(done, total)
                written.append((done, total))
                reported.release()
                assert looked.acquire(timeout=60)

    monkeypatch.setattr(tasks, "CheckProgress", Watched)
    result: list[Any] = []
    worker = threading.Thread(target=lambda: result.append(tasks.run_check(app_id)))
    worker.start()
    try:
        seen = []
        for _ in range(2):
            assert reported.acquire(timeout=120), "the worker reported no page"
            status = web.client.get(f"/api/applications/{app_id}").json()
            page = web.client.get(f"/a/{app_id}").text
            seen.append((status["status"], status["ocr_pages"], written[-1]))
            done, total = written[-1]
            assert f"กำลังอ่านภาพหน้า {done} จาก {total}" in page
            looked.release()
            from docgen.web import actions

            actions.forget_status(web.ctx, app_id)
    finally:
        looked.release(4)
        worker.join(timeout=120)
    assert seen == [
        ("checking", {"done": 1, "total": 2}, (1, 2)),
        ("checking", {"done": 2, "total": 2}, (2, 2)),
    ]
    assert result and result[0] is not None
    # Checked: no progress left, and no file in either data folder carries it.
    status = web.client.get(f"/api/applications/{app_id}").json()
    assert status["status"] == "checked" and status["ocr_pages"] is None
    assert "กำลังอ่านภาพหน้า" not in web.client.get(f"/a/{app_id}").text
    for folder in (web.settings.resolved_data_dir, worker_dir):
        assert not (folder / "progress").exists()
    assert status["report"]["documents"][0]["ocr"] is True


def test_progress_is_written_once_a_page_at_most_and_never_backwards(web: Web) -> None:
    from docgen.registry import store
    from docgen.registry.db import transaction
    from docgen.registry.models import Application
    from workers import tasks

    app_id = web.add_application()
    with transaction(web.ctx.sessions) as session:
        assert store.mark_checking(session, app_id) is not None
    writes: list[tuple[int, int]] = []
    real = store.update_check_progress

    def counted(session: Any, application_id: str, done: int, total: int) -> None:
        writes.append((done, total))
        real(session, application_id, done, total)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(store, "update_check_progress", counted)
        progress = tasks.CheckProgress(app_id)
        for done in (1, 2, 2, 3):  # pages 1-3 within half a second; one repeated
            progress(done, 7)
        progress(7, 7)  # the last page is always written
    assert writes == [(1, 7), (7, 7)]
    with transaction(web.ctx.sessions) as session:
        store.update_check_progress(session, app_id, 5, 7)  # a slower thread, late
        app = session.get(Application, app_id)
        assert app is not None and (app.ocr_pages_done, app.ocr_pages_total) == (7, 7)
    status = web.client.get(f"/api/applications/{app_id}").json()
    assert status["ocr_pages"] == {"done": 7, "total": 7}
