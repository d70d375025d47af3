"""Forms a person cannot trip over: long Thai text, Thai digits, real places and sensible dates."""

from __future__ import annotations

import html
import io
import re
from collections.abc import Iterator

import pytest

from .web_support import Web, module_web, sample_report


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Web]:
    yield from module_web(tmp_path_factory)


BYLAWS = {
    "group_name": "กลุ่มปลูกผักปลอดภัยบ้านโนนทอง",
    "main_activity": "ปลูกผักปลอดภัย",
    "purpose": "เพื่อเพิ่มรายได้ของสมาชิก",
    "subdistrict": "ท่าพระ",
    "district": "เมืองขอนแก่น",
    "province": "ขอนแก่น",
    "established": "15/10/2568",
    "chair_name": "นายสมชาย ใจดี",
}
# 1,300 Thai characters: 11.7 KB percent-encoded, above Starlette's default 8 KiB part limit.
LONG_PURPOSE = ("เพื่อส่งเสริมการปลูกผักปลอดภัยของสมาชิก" * 40)[:1300]


def _field_error(page: str, name: str) -> str:
    match = re.search(rf'<p class="field-error" id="e-{name}">([^<]*)</p>', page)
    return html.unescape(match.group(1)) if match else ""


def _docx_text(content: bytes) -> str:
    """The document's words as typed (the line-break marks the documents add taken out)."""
    from docx import Document

    from docgen.render.linebreak import strip_marks

    return strip_marks("\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs))


def test_a_long_purpose_and_thai_digits_in_number_boxes_give_the_bylaws(web: Web) -> None:
    assert len(LONG_PURPOSE) == 1300
    answer = web.client.post(
        "/forms/bylaws",
        data={**BYLAWS, "purpose": LONG_PURPOSE, "committee_size": "๗", "term_years": "๒"},
    )
    assert answer.status_code == 200, _field_error(answer.text, "committee_size")
    assert answer.headers["content-type"].startswith("application/vnd.openxmlformats")
    text = _docx_text(answer.content)
    assert LONG_PURPOSE[:200] in text.replace("\n", "")
    assert re.search(r"(?<![\d๐-๙])(7|๗)\s*คน", text), "the committee size typed in Thai digits"
    assert re.search(r"(?<![\d๐-๙])(2|๒)\s*ปี", text), "the term typed in Thai digits"


@pytest.mark.parametrize(
    ("change", "box", "words"),
    [
        ({"subdistrict": "ไม่มีตำบลนี้"}, "subdistrict", "ไม่พบตำบล “ไม่มีตำบลนี้”"),
        ({"district": "เมืองเชียงใหม่"}, "district", "ไม่พบอำเภอ “เมืองเชียงใหม่” ในจังหวัดขอนแก่น"),
        ({"subdistrict": "ช้างเผือก"}, "subdistrict", "ในอำเภอเมืองขอนแก่น"),
        ({"province": "ขอนแก้ว"}, "province", "ไม่พบจังหวัด “ขอนแก้ว”"),
        ({"established": "1 มกราคม 2600"}, "established", "ยังมาไม่ถึง"),
        ({"established": "๑/๑/๒๔๕๐"}, "established", "เก่าเกิน"),
        ({"purpose": "ก" * 4001}, "purpose", "เกินที่รับได้ (4,000 ตัวอักษร)"),
    ],
)
def test_an_impossible_bylaws_form_comes_back_with_the_reason_beside_its_box(
    web: Web, change: dict[str, str], box: str, words: str
) -> None:
    typed = {**BYLAWS, "purpose": LONG_PURPOSE, "committee_size": "๗", **change}
    answer = web.client.post("/forms/bylaws", data=typed)
    assert answer.status_code == 422
    assert words in _field_error(answer.text, box)
    assert f'aria-describedby="e-{box}"' in answer.text
    page = html.unescape(answer.text)
    # Everything typed is still there, the long purpose whole.
    assert f">{typed['purpose']}</textarea>" in page
    for name in ("subdistrict", "district", "province", "established", "committee_size"):
        assert f'value="{typed[name]}"' in page


def test_a_real_place_written_with_level_words_is_accepted(web: Web) -> None:
    answer = web.client.post(
        "/forms/bylaws",
        data={**BYLAWS, "subdistrict": "ต.ท่าพระ", "district": "อ.เมือง", "province": "จ.ขอนแก่น"},
    )
    assert answer.status_code == 200


def test_a_five_thousand_character_username_gives_the_login_page_with_a_message(
    web: Web,
) -> None:
    client = web.new_client()
    page = client.get("/login").text
    csrf = page.split('name="csrf" value="', 1)[1].split('"', 1)[0]
    name = "ส" * 5000
    answer = client.post(
        "/login", data={"username": name, "password": "x", "csrf": csrf, "next": "/officer"}
    )
    assert answer.status_code == 422
    assert "ชื่อผู้ใช้ยาว 5,000 ตัวอักษร" in _field_error(answer.text, "username")
    assert f'value="{name}"' in answer.text
    wrong = client.post(
        "/login", data={"username": "officer", "password": "x", "csrf": csrf, "next": "/"}
    )
    assert wrong.status_code == 401 and 'value="officer"' in wrong.text


def test_a_long_return_reason_is_kept_whole(web: Web) -> None:
    app_id = web.add_application(report=sample_report(complete=False))
    client, csrf = web.session_for("officer")
    reason = "กรุณาแก้ไขเลขประจำตัวประชาชนของสมาชิกลำดับที่ ๓ " * 60  # ~2,900 characters
    answer = client.post(
        f"/officer/applications/{app_id}/return",
        data={"csrf": csrf, "reason": reason, "confirm": "1"},
    )
    assert answer.status_code == 303
    assert web.status(app_id) == "returned"
    state = web.client.get(f"/api/applications/{app_id}").json()
    assert state["return_reason"] == reason.strip()

    too_long = client.post(
        f"/officer/applications/{web.add_application(report=sample_report(complete=False))}/return",
        data={"csrf": csrf, "reason": "ก" * 4500, "confirm": "1"},
    )
    assert too_long.status_code == 422
    assert "4,500 ตัวอักษร" in html.unescape(too_long.text)
    assert "ก" * 4500 in too_long.text  # what was typed is still in the box


def test_a_form_body_beyond_any_page_is_refused_in_thai(web: Web) -> None:
    answer = web.client.post("/forms/bylaws", data={**BYLAWS, "purpose": "ก" * 200_000})
    assert answer.status_code == 413
    assert "ยาวเกินกว่าที่ระบบรับได้" in html.unescape(answer.text)
