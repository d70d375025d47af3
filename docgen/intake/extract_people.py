"""People from tables and lines: roster rows (members) and committee seats with their roles."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from docgen.intake.extract_tables import (
    DataRow,
    TableLayout,
    data_rows,
    find_layout,
    header_field,
    plausible_name,
)
from docgen.model import CommitteeSeat, Person, Place, Role, RosterRow, Table
from docgen.thai.ids import normalize_national_id
from docgen.thai.names import canonical_prefix, split_name, split_prefix
from docgen.thai.places import parse_address, resolve_place
from docgen.thai.text import compact, has_letters, strip_leaders

# Cells that mean "no ID given" rather than a malformed one.
_NO_VALUE = {"", "-", "--", "ไม่มี", "ไม่ระบุ", "n/a", "na", "none", "null", "x", "0"}

# Positions as written, longest first; the role is decided by `role_of`.
_POSITION_WORDS = (
    r"กรรมการและผู้ช่วยเลขานุการ|กรรมการและผู้ช่วยเหรัญญิก|กรรมการและเลขานุการ|กรรมการและเหรัญญิก|"
    r"กรรมการและประชาสัมพันธ์|กรรมการและปฏิคม|รองประธานกรรมการ|รองประธานกลุ่ม|รองประธาน|"
    r"ประธานกรรมการ|ประธานกลุ่ม|ประธาน|ผู้ช่วยเลขานุการ|ผู้ช่วยเหรัญญิก|เลขานุการ|เลขาฯ|เลขา|"
    r"เหรัญญิก|ประชาสัมพันธ์|ปฏิคม|ผู้ตรวจสอบบัญชี|ผู้ตรวจสอบกิจการ|ผู้ตรวจสอบ|ที่ปรึกษา|"
    r"กรรมการฝ่าย\S*|กรรมการ"
)
# A post as written may go on: เลขานุการกลุ่ม, รองประธานคนที่ 1, เหรัญญิก/บัญชี, เลขานุการและเหรัญญิก.
_POSITION_TAIL = r"(?:กลุ่ม|ฯ|\s*คนที่\s*\d{1,2}|\s*/\s*[\u0e01-\u0e4e]+|และ[\u0e01-\u0e4e]+)*"
_POSITION_AT_END = re.compile(
    r"(?:ตำแหน่ง\s*[:：]?\s*)?\(?\s*((?:" + _POSITION_WORDS + r")" + _POSITION_TAIL + r")\s*\)?\s*$"
)
# At the start of a line the post may go on too (เลขานุการกลุ่ม : …, รองประธานคนที่ 1 …), but not
# past a slash or และ, which could run into the name.
_POSITION_AT_START = re.compile(
    r"^(?:ตำแหน่ง\s*)?((?:" + _POSITION_WORDS + r")(?:กลุ่ม|ฯ|\s*คนที่\s*\d{1,2})*)[\s:：]+(?=\S)"
)
# 13 digits in a row, or grouped 1-4-5-2-1 with dashes or spaces (as printed on the card).
_POSITION_ONLY = re.compile(r"^(?:ตำแหน่ง)?(?:" + _POSITION_WORDS + r")(?:กลุ่ม|ฯ)?$")
_ID_IN_TEXT = re.compile(
    r"(?<!\d)(\d{13}|\d[\s\-–]*\d{4}[\s\-–]*\d{5}[\s\-–]*\d{2}[\s\-–]*\d)(?!\d)"
)
_PHONE_IN_TEXT = re.compile(r"(?<!\d)0\d{1,2}[\s\-]?\d{3}[\s\-]?\d{3,4}(?!\d)")
# The order number, then a space, a full stop or a bracket; or straight on into the prefix, as
# OCR reads a narrow order column beside the names of a table without rules (`3นาย วีระ`, or
# a word that starts with a leading vowel: `11ใน.ส.สุนันทา`, `4เสถียร`).
_ONE_MISREAD = "ไใlI|!"  # what OCR makes of a lone 1 in a narrow column
# Words of a list's own instructions and headings (กรอกรายชื่อสมาชิกในแผ่นงานถัดไป คนละหนึ่งแถว),
# never of a person's name: a numbered line holding them, with no prefix and no ID, is no member.
_LIST_WORDS = re.compile(r"รายชื่อ|สมาชิก|แผ่นงาน|แถว|กรอก")
_ADDRESS_WORD = re.compile(r"(?:[มตอจ]\.|หมู่|บ้านเลขที่|เลขที่|ตำบล|อำเภอ|จังหวัด|ถนน|ซอย)")
# An abbreviated prefix alone before a wide gap (a prefix column of a sheet without rules).
_ODD_PREFIX_COLUMN = re.compile(r"^\s*([\u0e01-\u0e4e]{1,3}[.,][\u0e01-\u0e4e.,]{0,4})\s{3,}(?=\S)")
_ORDER_AT_START = re.compile(r"^\s*(\d{1,4})(?:\s*[.)]?\s+|(?=[\u0e01-\u0e2e\u0e40-\u0e44]))")
# A committee line's order number as OCR reads it off a scan: its full stop read as a comma or
# doubled (`4, นาย…`, `5., นาง…`), a 4 read as mai yamok (`ๆ. นาย…`), a 1 as a letter (`l. …`).
# It ends in a stop, so it is never a prefix (น.ส.) or the first letters of a name.
_SEAT_ORDER = re.compile(r"^\s*(?:\d{1,3}|[ๆ" + _ONE_MISREAD + r"])?\s*[.,)][.,)\s]*(?=\S)")


def role_of(position: str) -> Role | None:
    """The role a position as written stands for; None when it is no committee seat (สมาชิก).

    ประธาน / ประธานกรรมการ / ประธานกลุ่ม → chair; รองประธาน → vice_chair (not the chair);
    เลขานุการ / เลขา / กรรมการและเลขานุการ → secretary; เหรัญญิก / กรรมการและเหรัญญิก →
    treasurer; any ผู้ช่วย… (ผู้ช่วยเหรัญญิก, ผู้ช่วยเลขานุการ) → other, never the seat it assists;
    กรรมการ → member; ประชาสัมพันธ์, ปฏิคม, ผู้ตรวจสอบ, ที่ปรึกษา … → other.
    """
    p = compact(position)
    p = re.sub(r"^ตำแหน่ง", "", p)
    p = re.sub(r"(ของกลุ่ม|กลุ่ม)$", "", p) or p
    if not p:
        return None
    if p in ("สมาชิก", "สมาชิกกลุ่ม", "member", "-"):
        return None
    if "ที่ปรึกษา" in p or "advis" in p:
        return (
            None  # an adviser (ผู้ใหญ่บ้าน, the extension officer) sits beside the committee, not on it
        )
    if "ผู้ช่วย" in p or "assistant" in p:
        return Role.OTHER
    if "รองประธาน" in p or "vice" in p:
        return Role.VICE_CHAIR
    if p.startswith("รอง"):
        return Role.OTHER
    if "ประธาน" in p or p in ("chair", "chairman", "chairperson", "president"):
        return Role.CHAIR
    if "เลขานุการ" in p or p.startswith("เลขา") or "secretary" in p:
        return Role.SECRETARY
    if "เหรัญญิก" in p or "treasurer" in p:
        return Role.TREASURER
    if p in ("กรรมการ", "คณะกรรมการ", "กรรมการกลุ่ม", "committeemember", "committee", "board"):
        return Role.MEMBER
    if p.startswith("กรรมการ") and not any(
        w in p for w in ("ประชาสัมพันธ์", "ปฏิคม", "ตรวจสอบ", "สวัสดิการ")
    ):
        return Role.MEMBER  # กรรมการฝ่ายผลิต, กรรมการ (ฝ่ายการตลาด): a committee member with a duty
    return Role.OTHER


def _id_raw(text: str) -> str:
    raw = strip_leaders(text)
    return "" if compact(raw) in _NO_VALUE else raw


def person_from_values(values: dict[str, str]) -> Person | None:
    """A person from one row's fields; None when the row holds no readable name."""
    main = values.get("full") or values.get("first") or ""
    # A note in brackets after a name (นายสมชาย ใจดี (ประธาน)) is not part of it, nor an
    # order number typed into the name cell (1. นายสมชาย ใจดี).
    parts = (
        re.sub(r"^\d{1,4}\s*[.)]\s*", "", values.get(f, "")) for f in ("full", "first", "last")
    )
    rest = " ".join(re.sub(r"\s*\([^)]*\)\s*", " ", p).strip() for p in parts if p).strip()
    # A prefix column and a name that carries its own prefix too (นาย | นายสมชาย ใจดี): one prefix.
    own_prefix, _ = split_prefix(rest)
    prefix_col = "" if own_prefix else values.get("prefix", "")
    odd_prefix = ""
    if (
        has_letters(prefix_col)
        and len(rest.split()) >= 2
        and not split_prefix(f"{prefix_col} ก ข")[0]
    ):
        # The prefix column holds a word no prefix list knows (OCR read น.ส. as น.สี., a rare
        # title): it is still the prefix, never the first name of the name beside it.
        odd_prefix, prefix_col = prefix_col.strip(), ""
    name_text = f"{prefix_col} {rest}".strip()
    if not plausible_name(main) and not (prefix_col and plausible_name(name_text)):
        return None
    prefix, first, last = split_name(name_text)
    if not first or not has_letters(first):
        return None
    raw_id = _id_raw(values.get("national_id", ""))
    if _POSITION_ONLY.match(compact(name_text)):
        return None  # "ประธานกลุ่ม" under a signature line, inside the table
    if not last and not prefix and not raw_id:
        return None  # one word, no prefix, no ID: a note or a heading, not a person
    return Person(
        prefix=canonical_prefix(prefix) if prefix else odd_prefix,
        first_name=first,
        last_name=last,
        national_id=normalize_national_id(raw_id) if raw_id else None,
        national_id_raw=raw_id,
        phone=strip_leaders(values.get("phone", "")),
        address=_address(values),
    )


def _address(values: dict[str, str]) -> Place | None:
    keys = ("address", "house_no", "moo", "subdistrict", "district", "province")
    if not any(values.get(k) for k in keys):
        return None
    free = parse_address(values["address"]) if values.get("address") else Place()
    return resolve_place(
        values.get("subdistrict") or free.subdistrict,
        values.get("district") or free.district,
        values.get("province") or free.province,
        moo=values.get("moo") or free.moo,
        house_no=values.get("house_no") or free.house_no,
    )


def _keep_numbered_only(rows: list[DataRow], layout: TableLayout) -> list[DataRow]:
    """When most rows carry an order number, a row with neither number nor ID is a stray line."""
    if not layout.has("order") or not rows:
        return rows
    numbered = [r for r in rows if re.search(r"\d", r.values.get("order", ""))]
    if len(numbered) < 0.8 * len(rows):
        return rows
    return [r for r in rows if r in numbered or r.values.get("national_id")]


def where_of(row_number: int) -> str:
    return f"แถวที่ {row_number}"


def roster_from_table(table: Table, layout: TableLayout, file: str) -> list[RosterRow]:
    """Member rows of one roster table (index is filled in later, over the whole roster)."""
    rows = _keep_numbered_only(list(data_rows(table, layout)), layout)
    out: list[RosterRow] = []
    for row in rows:
        person = person_from_values(row.values)
        if person is None:
            continue
        out.append(RosterRow(0, person, file, where_of(row.row_number)))
    return out


def seats_from_table(
    table: Table, layout: TableLayout, file: str, *, members_only: bool = False
) -> list[CommitteeSeat]:
    """Committee seats of one table. With `members_only`, rows whose position is สมาชิก or blank
    are skipped (a roster that marks its committee in a ตำแหน่ง column)."""
    rows = _keep_numbered_only(list(data_rows(table, layout)), layout)
    out: list[CommitteeSeat] = []
    for row in rows:
        values = dict(row.values)
        position = values.get("position", "")
        if not position:
            # The position typed into the name cell: "นายสมชาย ใจดี ประธาน".
            for field in ("full", "last", "first"):
                text = values.get(field, "")
                m = _POSITION_AT_END.search(text)
                if m and text[: m.start()].strip():
                    position = m.group(1)
                    values[field] = text[: m.start()].strip()
                    break
                # … or above it in the same cell: "ประธาน / นายสมชาย ใจดี".
                m = _POSITION_AT_START.match(strip_leaders(text))
                if m and field != "last":
                    position = m.group(1)
                    values[field] = strip_leaders(text)[m.end() :].strip()
                    break
        person = person_from_values(values)
        if person is None:
            continue
        role = role_of(position) if position else None
        if role is None:
            if members_only or position:
                continue  # สมาชิก, or an adviser listed beside the committee
            role = Role.MEMBER  # a person listed in a committee table with no post is a กรรมการ
        out.append(
            CommitteeSeat(person, strip_leaders(position), role, file, where_of(row.row_number))
        )
    return out


def committee_roles_in(table: Table, layout: TableLayout) -> set[Role]:
    """The roles a table's ตำแหน่ง column names (empty when it has none or only สมาชิก)."""
    roles: set[Role] = set()
    for j in layout.columns("position"):
        for i in range(layout.header_index + 1, len(table.rows)):
            row = table.rows[i]
            if j < len(row):
                role = role_of(row[j])
                if role is not None and strip_leaders(row[j]):
                    roles.add(role)
    return roles


def member_share(table: Table, layout: TableLayout) -> float:
    """Share of data rows whose ตำแหน่ง is สมาชิก or blank (1.0 when there is no such column)."""
    cols = layout.columns("position")
    if not cols:
        return 1.0
    rows = [
        r
        for r in data_rows(table, layout)
        if plausible_name(r.values.get("full") or r.values.get("first") or "")
    ]
    if not rows:
        return 0.0
    plain = sum(1 for r in rows if role_of(r.values.get("position", "")) is None)
    return plain / len(rows)


# ---------------------------------------------------------------------------
# Lines: documents without tables (PDF text, committees typed as paragraphs).
# ---------------------------------------------------------------------------


def _header_line_index(lines: Sequence[str]) -> int | None:
    for i, line in enumerate(lines[:40]):
        words = [header_field(w) for w in re.split(r"\s{2,}|\t|\|", line) if w.strip()]
        found = {w for w in words if w}
        if found & {"full", "first"} and len(found) >= 2:
            return i
        if not found:
            tokens = {header_field(w) for w in line.split()} - {None}
            if tokens & {"full", "first"} and len(tokens) >= 2:
                return i
    return None


def parse_roster_line(text: str, *, need_order: bool = True) -> tuple[Person, int | None] | None:
    """A member from one line of text (`1 นายสมชาย ใจดี 1-1017-00230-70-8 12 ม.3 ต.ท่าพระ …`)
    and the order number it starts with; None when the line holds no member."""
    column = _ODD_PREFIX_COLUMN.match(re.sub(r"^\s*\d{1,4}", "", text))  # spaces as read
    text = strip_leaders(text)
    if "ลงชื่อ" in text or text.startswith("("):
        return None
    m = _ORDER_AT_START.match(text)
    if m is None and need_order:
        return None
    rest = text[m.end() :] if m else text
    id_match = _ID_IN_TEXT.search(rest)
    raw_id = id_match.group(1) if id_match else ""
    if m is None and not raw_id:
        return None  # without an order number, only a line with an ID is a member row
    if id_match:
        rest = rest[: id_match.start()] + " " + rest[id_match.end() :]
    phone_match = _PHONE_IN_TEXT.search(rest)
    phone = phone_match.group(0) if phone_match else ""
    if phone_match:
        rest = rest[: phone_match.start()] + " " + rest[phone_match.end() :]
    prefix, first, last_and_more = split_name(rest)
    odd = column.group(1) if column else ""
    if (
        odd
        and (not prefix or not has_letters(first))
        and len(re.findall(r"[.,]", odd)) >= 2  # an abbreviation (จ.ส.อ.), not ต.ศรีสุข
        and rest.lstrip().startswith(odd)
    ):
        # A prefix column printed apart from the names (a sheet without rules), that OCR read
        # with a letter or a dot wrong (จ.สุอ., น.ส,): still the prefix, not the first name.
        first, _, last_and_more = rest.lstrip()[len(odd) :].strip().partition(" ")
        prefix = split_prefix(f"{odd} ก ข")[0] or odd
    words = last_and_more.split()
    if not first or not words or not has_letters(first) or not has_letters(words[0]):
        return None
    if header_field(first) is not None or _ADDRESS_WORD.match(first):
        # `45 ม.8 ต.เวียง …`: a house number and an address (a wide table's last columns
        # printed on a page of their own), not an order number and a name.
        return None
    last, remainder = words[0], " ".join(words[1:])
    if not prefix and not raw_id and _LIST_WORDS.search(f"{first}{last}"):
        return None  # the cover sheet's instruction (1. กรอกรายชื่อสมาชิก…), read off a photo
    person = Person(
        prefix=(canonical_prefix(prefix) or prefix) if prefix else "",
        first_name=first,
        last_name=last,
        national_id=normalize_national_id(raw_id) if raw_id else None,
        national_id_raw=raw_id,
        phone=phone,
        address=parse_address(remainder) if remainder.strip() else None,
    )
    return person, int(m.group(1)) if m else None


def roster_from_lines(lines: Sequence[str], file: str) -> list[RosterRow]:
    """Member rows from lines like `1 นายสมชาย ใจดี 1-1017-00230-70-8 12 ม.3 ต.ท่าพระ …`.

    Used only when a roster has no table (text of a PDF). A line counts when it starts with an
    order number and holds a name; the row number is the table row (header = row 1).
    """
    header = _header_line_index(lines)
    out: list[RosterRow] = []
    last_order = 0
    for i, line in enumerate(lines):
        if header is not None and i <= header:
            continue
        parsed = parse_roster_line(line)
        if parsed is None and line.lstrip()[:1] in _ONE_MISREAD:
            # OCR read an order number's 1 as a letter (ไน.ส. นงลักษณ์ …): the row follows the
            # one before it, and only a line with a prefix and an ID counts.
            parsed = parse_roster_line(line.lstrip()[1:], need_order=False)
            if parsed is not None and (not parsed[0].national_id or not parsed[0].prefix):
                parsed = None
            elif parsed is not None:
                parsed = (parsed[0], last_order + 1)
        if parsed is None:
            continue
        person, order = parsed
        last_order = order or last_order
        row_number = (i - header + 1) if header is not None else (order or 0) + 1
        out.append(RosterRow(0, person, file, where_of(row_number)))
    return out


def roster_from_headerless_table(table: Table, file: str) -> list[RosterRow]:
    """Member rows of a table typed without a header row: each row read as a line."""
    out: list[RosterRow] = []
    for i, row in enumerate(table.rows):
        parsed = parse_roster_line("  ".join(c for c in row if c), need_order=False)
        if parsed is not None:
            number = table.row_numbers[i] if i < len(table.row_numbers) else i + 1
            out.append(RosterRow(0, parsed[0], file, where_of(number)))
    return out if len(out) >= 2 else []


def seats_from_headerless_table(table: Table, file: str) -> list[CommitteeSeat]:
    """Committee seats of a table typed without a header row (`1 | นายสมชาย ใจดี | ประธาน`)."""
    lines = ["  ".join(c for c in row if c) for row in table.rows]
    seats = seats_from_lines(lines, file)
    out: list[CommitteeSeat] = []
    for seat in seats:
        index = int(seat.where.split()[-1]) - 1
        number = table.row_numbers[index] if index < len(table.row_numbers) else index + 1
        out.append(CommitteeSeat(seat.person, seat.position, seat.role, file, where_of(number)))
    return out if len(out) >= 2 else []


def seats_from_grid(table: Table, file: str) -> list[CommitteeSeat]:
    """Committee seats of a table laid out as a chart: posts and names in cells side by side
    (ประธาน over นายสมชาย ใจดี, or both in one cell), read column by column."""
    width = max((len(r) for r in table.rows), default=0)
    lines: list[str] = []
    numbers: list[int] = []
    for j in range(width):
        for i, row in enumerate(table.rows):
            if j < len(row) and row[j].strip():
                lines.append(row[j])
                numbers.append(table.row_numbers[i] if i < len(table.row_numbers) else i + 1)
    out: list[CommitteeSeat] = []
    for seat in seats_from_lines(lines, file):
        index = int(seat.where.split()[-1]) - 1
        out.append(replace(seat, where=where_of(numbers[index])))
    return out if len(out) >= 2 else []


def seats_from_lines(lines: Sequence[str], file: str) -> list[CommitteeSeat]:
    """Committee seats from lines like `1. นายสมชาย ใจดี ประธาน` or `ประธาน นายสมชาย ใจดี`."""
    out: list[CommitteeSeat] = []
    # A committee typed as a chart (โครงสร้างคณะกรรมการ): the post alone on a line, the name
    # on the next one.
    pending = ""
    for i, line in enumerate(lines):
        text = strip_leaders(line)
        if not text or "ลงชื่อ" in text or text.startswith("("):
            if text:
                pending = ""
            continue
        text = _SEAT_ORDER.sub("", _ORDER_AT_START.sub("", text))
        above, pending = pending, ""
        if _POSITION_ONLY.match(compact(text)):
            pending = text
            continue
        # A phone number or an ID typed after the name is no part of the name or the post.
        text = _ID_IN_TEXT.sub(" ", text)
        text = re.sub(
            r"(?:โทร(?:ศัพท์)?\.?|เบอร์(?:โทร)?|Tel\.?)?\s*[:：]?\s*" + _PHONE_IN_TEXT.pattern,
            " ",
            text,
        )
        text = re.sub(r"\s+", " ", text).strip(" :：-")
        position = ""
        name = ""
        m = _POSITION_AT_END.search(text)
        if m and text[: m.start()].strip():
            position, name = m.group(1), text[: m.start()]
        else:
            m2 = _POSITION_AT_START.match(text)
            if m2:
                position, name = m2.group(1), text[m2.end() :]
        if not position and above:
            position, name = re.sub(r"^ตำแหน่ง\s*", "", above), text
        if not position:
            continue
        name = re.sub(r"ตำแหน่ง\s*[:：]?\s*$", "", name.strip()).strip(" :：-")
        # "นายสมชาย ใจดี เป็นประธาน", "… ทำหน้าที่ เลขานุการ": the verb is no part of the name.
        name = re.sub(r"\s+(?:เป็น|ทำหน้าที่|ดำรงตำแหน่ง|รับตำแหน่ง)\s*$", "", name).strip(" :：-")
        name = re.sub(r"^(?:ชื่อ(?:\s*-?\s*(?:นาม)?สกุล)?|ได้แก่)\s*[:：]?\s*", "", name)
        prefix, first, last = split_name(name)
        # A name needs a prefix or two words; "คณะกรรมการ ประกอบด้วย" is no person.
        words = name.split()
        if not first or not plausible_name(name) or re.search(r"\d", name):
            continue
        if not (prefix and len(words) <= 4) and not (len(words) == 2 and last):
            continue  # a sentence that starts with a post (ประธานกลุ่มได้เรียกประชุม…) is no seat
        role = role_of(position)
        if role is None:
            continue  # an adviser beside the committee
        person = Person(
            prefix=canonical_prefix(prefix) if prefix else "", first_name=first, last_name=last
        )
        out.append(CommitteeSeat(person, position, role, file, f"บรรทัดที่ {i + 1}"))
    return out


def people_layouts(table: Table) -> TableLayout | None:
    """The header of a table of people, if the table is one."""
    layout = find_layout(table, "people")
    return layout if layout is not None and layout.is_people else None
