"""The office's emblem (ครุฑ or the Department's logo) in a template's emblem slot.

A template's emblem line is bookmarked `emblem` and has an exact height (3 cm on the
certificate, 1.5 cm on a บันทึกข้อความ), so a document without an emblem keeps a neutral empty
slot of the right size. With one, `template_with_emblem` writes a copy of the template with the
picture at the start of that line, once per template and emblem (cached by their contents),
and both the docxtpl engine and the compiled batch renderer render from that copy.

Why not a docxtpl InlineImage in the context: the compiled batch renderer renders plain
data only and falls back to docxtpl for anything else, so a batch with an emblem would lose
its speed; one picture baked into the template is the same in every certificate anyway.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import threading
from pathlib import Path

from docgen.model import UnusableInput

BOOKMARK = "emblem"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_lock = threading.Lock()


def _cache_dir() -> Path:
    path = (
        Path(tempfile.gettempdir()) / f"docgen-emblem-{os.getuid() if hasattr(os, 'getuid') else 0}"
    )
    path.mkdir(parents=True, exist_ok=True)
    return path


def template_with_emblem(template: Path, emblem: Path, cache_dir: Path | None = None) -> Path:
    """A copy of `template` with `emblem` (PNG or JPEG) in its emblem slot; `template` itself
    when it has no slot. Raises UnusableInput (Thai) when the emblem cannot be read."""
    template, emblem = Path(template), Path(emblem)
    if not emblem.is_file():
        raise UnusableInput(f"ไม่พบไฟล์ตราสัญลักษณ์ของสำนักงาน ({emblem.name})")
    digest = hashlib.sha256(template.read_bytes() + b"\0" + emblem.read_bytes()).hexdigest()[:24]
    out = (cache_dir or _cache_dir()) / f"{template.stem}-{digest}.docx"
    with _lock:
        if out.is_file():
            return out
        from docx import Document
        from docx.shared import Cm, Length

        doc = Document(str(template))
        slot = None
        for par in doc.paragraphs:
            if any(b.get(f"{_W}name") == BOOKMARK for b in par._p.iter(f"{_W}bookmarkStart")):
                slot = par
                break
        if slot is None:
            return template
        height = slot.paragraph_format.line_spacing
        height = Length(int(height)) if isinstance(height, Length) else Cm(1.6)
        run = slot.add_run()
        try:
            run.add_picture(str(emblem), height=Length(height - Cm(0.1)))
        except Exception as exc:  # not an image python-docx can place
            raise UnusableInput("ไฟล์ตราสัญลักษณ์ของสำนักงานไม่ใช่รูปภาพที่ใช้ได้ (ใช้ PNG หรือ JPEG)") from exc
        # The picture first on the line (a memo's ครุฑ stands left of บันทึกข้อความ).
        ppr = slot._p.pPr
        if ppr is not None:
            ppr.addnext(run._r)
        tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
        doc.save(str(tmp))
        os.replace(tmp, out)
    return out
