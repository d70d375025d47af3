"""One way to read a page's form: limits sized for Thai text, and a Thai sentence for each refusal.

Thai text percent-encoded takes 9 bytes a character (each letter is 3 UTF-8 bytes, each byte
`%XX`), so Starlette's default 8 KiB part limit refuses a 1,000-character name. A box here
may hold up to `MAX_PART_BYTES` (room for 4,000 Thai characters and then some); the whole body
is bounded by `MAX_FORM_BYTES`, read by us before the parser sees it, so a page never buffers
an unbounded body. How long each box may be is the page's own rule, said beside the box.
"""

from __future__ import annotations

from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request

from docgen.web.app import WebError

MAX_TEXT_CHARS = 4000  # a purpose, a reason: a long paragraph of Thai
MAX_PART_BYTES = 64 * 1024  # 4,000 Thai characters percent-encoded are 36 KB
MAX_FORM_BYTES = 512 * 1024  # a whole page's form: every box full, with room to spare
MAX_FIELDS = 60

MSG_TOO_LARGE = "ข้อมูลที่กรอกมายาวเกินกว่าที่ระบบรับได้ กรุณาตัดข้อความให้สั้นลงแล้วส่งใหม่"
MSG_UNREADABLE = "อ่านข้อมูลในแบบฟอร์มไม่ได้ กรุณาโหลดหน้าใหม่แล้วลองอีกครั้ง"


async def read_form(request: Request, *, max_fields: int = MAX_FIELDS) -> dict[str, str]:
    """The text boxes of a posted form (urlencoded or multipart without files), as text.

    Refuses with 413 (a Thai sentence) a body over MAX_FORM_BYTES or a box over MAX_PART_BYTES,
    and with 400 a body that is no form."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_FORM_BYTES:
        raise WebError(413, MSG_TOO_LARGE)
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_FORM_BYTES:
            raise WebError(413, MSG_TOO_LARGE)
    # Starlette reads a cached body instead of the (now spent) stream.
    request._body = bytes(body)
    try:
        form = await request.form(max_files=0, max_fields=max_fields, max_part_size=MAX_PART_BYTES)
    except StarletteHTTPException as exc:
        detail = str(exc.detail or "")
        if "maximum size" in detail:
            raise WebError(413, MSG_TOO_LARGE) from exc
        raise WebError(400, MSG_UNREADABLE) from exc
    return {key: value for key, value in form.items() if isinstance(value, str)}


def too_long(value: str, limit: int, label: str) -> str | None:
    """`label` is too long for its box: a sentence saying by how much, else None."""
    if len(value) <= limit:
        return None
    return f"{label}ยาว {len(value):,} ตัวอักษร เกินที่รับได้ ({limit:,} ตัวอักษร) กรุณาตัดให้สั้นลง"
