"""Extraction: from classified documents to the Bundle the rules check (group, members, committee, bylaws, plan).

Documents that hold two parts are a real office habit (a request form with the committee
table inside, a roster whose ตำแหน่ง column marks the committee). Each file keeps its primary
kind, and a table is read for what it is: when no committee list (or roster) of its own
yields people, committee seats (or members) are taken from such a table in another document,
and the completeness rule then treats that document as present (see rules.completeness).
The same holds for bylaws typed after the request form (five clauses or more) and a plan
table inside another document. A part only stands in when it is a real list, so an
applicant's block or a form's list of attachments never hides a missing document.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from typing import TypeVar

from docgen.intake.extract_bylaws import split_clauses
from docgen.intake.extract_group import (
    address_from_lines,
    content_lines,
    established_from_lines,
    main_activity_from_lines,
    name_from_body,
    name_from_label,
    name_from_title,
    stated_members,
)
from docgen.intake.extract_people import (
    committee_roles_in,
    member_share,
    people_layouts,
    roster_from_headerless_table,
    roster_from_lines,
    roster_from_table,
    seats_from_grid,
    seats_from_headerless_table,
    seats_from_lines,
    seats_from_table,
)
from docgen.intake.extract_plan import activities_from_content
from docgen.intake.extract_tables import TableLayout, find_layout, header_field, plausible_name
from docgen.model import (
    Activity,
    Bundle,
    BylawClause,
    ClassifiedFile,
    CommitteeSeat,
    DocKind,
    DocumentContent,
    Finding,
    GroupInfo,
    Person,
    Place,
    Role,
    RosterRow,
    Table,
)
from docgen.thai.names import close_names, name_key_of
from docgen.thai.places import closest_place, match_place, resolve_place
from docgen.thai.text import compact

_KEY_ROLES = {Role.CHAIR, Role.SECRETARY, Role.TREASURER, Role.VICE_CHAIR}
T = TypeVar("T", RosterRow, CommitteeSeat)


def _is_committee_title(text: str) -> bool:
    c = compact(text)
    return "กรรมการ" in c and "สมาชิก" not in c.replace("สมาชิกภาพ", "")


def _is_member_title(text: str) -> bool:
    c = compact(text)
    return "สมาชิก" in c and "กรรมการ" not in c


def _keys(person: Person) -> set[str]:
    keys = {"n:" + name_key_of(person.first_name, person.last_name)}
    if person.national_id:
        keys.add("i:" + person.national_id)
    return keys


def _add(into: list[T], new: Sequence[T]) -> None:
    """Add rows read from one table, unless they are the same list attached again.

    Offices attach one document twice (the Word file and its PDF, two sheets of one workbook,
    a committee table in the request form and a ตำแหน่ง column in the roster): when at least
    80% of a table's people are already listed (by ID or by name), the table is a copy and its
    rows would turn every member into a false DUPLICATE_MEMBER.
    """
    if into and len(new) >= 3:
        known: set[str] = set()
        for item in into:
            known |= _keys(item.person)
        repeated = sum(1 for item in new if _keys(item.person) & known)
        if repeated >= 0.8 * len(new):
            return
    into.extend(new)


def _on_sheet(items: list[T], start: int, table: Table, part: Sequence[str]) -> list[T]:
    """Rows read from one sheet of a workbook that holds several documents (`part`: the sheets
    of the part, intake.split) point at the sheet as well as the row (`แผ่นงาน รายชื่อสมาชิก
    แถวที่ 7`): items[start:] are relabelled in place."""
    if part and table.sheet:
        items[start:] = [
            replace(item, where=f"แผ่นงาน {table.sheet} {item.where}") if item.where else item
            for item in items[start:]
        ]
    return items


def _continues(table: Table, layout: TableLayout) -> bool:
    """A table without a header whose rows have the columns of the table before it."""
    width = max(layout.field_by_column) + 1
    rows = [r for r in table.rows if any(c.strip() for c in r)]
    return bool(rows) and all(len(r) >= width for r in rows[:3])


def _header_from_line(table: Table, lines: Sequence[str]) -> tuple[Table, TableLayout] | None:
    """A table whose header row a PDF kept as a line of text (Excel printed to PDF: the header
    is `ลำดับ ชื่อ-สกุล เลขประจำตัวประชาชน ตำแหน่ง …` above rows `1 นายสมชาย ใจดี | 34001… |
    ประธาน`): the header words name the columns, the order number glued into the name cell
    is taken off. None when no line names the table's columns one for one."""
    width = max((len(r) for r in table.rows), default=0)
    if width < 2 or len(table.rows) < 2:
        return None
    for line in reversed(lines):
        named = [header_field(w) for w in line.split()]
        fields = [f for f in named if f]
        if (
            len(fields) != len(named)
            or not (set(fields) & {"full", "first"})
            or len(set(fields)) < 2
        ):
            continue  # every word of the line must name a column, or the columns cannot be told
        glued = len(fields) == width + 1 and fields[0] == "order"
        if glued:
            fields = fields[1:]
        if len(fields) != width:
            continue
        rows = table.rows
        if glued:
            rows = tuple((re.sub(r"^\s*\d{1,4}\s*[.)]?\s+", "", r[0]), *r[1:]) for r in rows if r)
        layout = TableLayout(-1, dict(enumerate(fields)), ())
        name_col = fields.index("full") if "full" in fields else fields.index("first")
        names = [r[name_col] for r in rows if len(r) > name_col]
        if sum(1 for n in names if plausible_name(n) and not re.match(r"\d", n)) < 0.8 * len(rows):
            return None  # the columns do not line up with the words
        return replace(table, rows=rows), layout
    return None


def _people(
    files: Sequence[ClassifiedFile],
) -> tuple[list[RosterRow], list[CommitteeSeat]]:
    roster: list[RosterRow] = []
    seats: list[CommitteeSeat] = []
    embedded_roster: list[RosterRow] = []
    embedded_seats: list[CommitteeSeat] = []
    previous: TableLayout | None = None
    glued_order = False
    for cf in files:
        content = cf.content
        if content is None or cf.kind == DocKind.UNKNOWN:
            continue
        name = cf.file.name
        got_people = False
        if not cf.continues:  # a page sent as its own file goes on with the header before it
            previous = None
            glued_order = False
        people_tables = sum(1 for t in content.tables if people_layouts(t) is not None)
        for table in content.tables:
            marks = (len(roster), len(seats), len(embedded_roster), len(embedded_seats))
            layout = people_layouts(table)
            if layout is None and previous is not None and _continues(table, previous):
                # Word split the table at a page break and the second part has no header.
                layout = TableLayout(-1, previous.field_by_column, ())
                if previous.header_index == -1 and glued_order:
                    table = replace(
                        table,
                        rows=tuple(
                            (re.sub(r"^\s*\d{1,4}\s*[.)]?\s+", "", r[0]), *r[1:])
                            for r in table.rows
                            if r
                        ),
                    )
            if layout is None and previous is None and not content.tables[0].sheet:
                headed = _header_from_line(table, content.paragraphs)
                if headed is not None:
                    glued_order = headed[0].rows != table.rows
                    table, layout = headed
                    people_tables = max(people_tables, 1)
            if layout is None:
                continue
            previous = layout
            title = " ".join((table.title, *layout.title_lines))
            roles = committee_roles_in(table, layout)
            committee_like = bool(roles & _KEY_ROLES) and member_share(table, layout) < 0.5
            if cf.kind == DocKind.MEMBER_ROSTER:
                # Beside the member table, a table mostly of posts is the committee (a second
                # sheet or a second table of the roster file), not the same people again.
                if layout.has("position") and (
                    _is_committee_title(title) or (committee_like and people_tables > 1)
                ):
                    _add(seats, seats_from_table(table, layout, name))
                else:
                    _add(roster, roster_from_table(table, layout, name))
                    if roles & _KEY_ROLES:
                        _add(
                            embedded_seats, seats_from_table(table, layout, name, members_only=True)
                        )
                got_people = True
            elif cf.kind == DocKind.COMMITTEE_LIST:
                if _is_member_title(title) and not (roles & _KEY_ROLES):
                    _add(embedded_roster, roster_from_table(table, layout, name))
                else:
                    _add(seats, seats_from_table(table, layout, name))
                got_people = True
            elif committee_like:
                _add(embedded_seats, seats_from_table(table, layout, name))
            elif layout.has("national_id") and not _is_committee_title(title):
                _add(embedded_roster, roster_from_table(table, layout, name))
                if roles & _KEY_ROLES:
                    _add(embedded_seats, seats_from_table(table, layout, name, members_only=True))
            _on_sheet(roster, marks[0], table, cf.sheets)  # a workbook's part: rows say their sheet
            _on_sheet(seats, marks[1], table, cf.sheets)
            _on_sheet(embedded_roster, marks[2], table, cf.sheets)
            _on_sheet(embedded_seats, marks[3], table, cf.sheets)
        if not got_people and cf.kind == DocKind.MEMBER_ROSTER:
            rows = [
                r
                for t in content.tables
                for r in _on_sheet(roster_from_headerless_table(t, name), 0, t, cf.sheets)
            ]
            _add(roster, rows or roster_from_lines(list(content.paragraphs), name))
        if not got_people and cf.kind == DocKind.COMMITTEE_LIST:
            found = [
                s
                for t in content.tables
                for s in _on_sheet(seats_from_headerless_table(t, name), 0, t, cf.sheets)
            ]
            found = found or [
                s
                for t in content.tables
                for s in _on_sheet(seats_from_grid(t, name), 0, t, cf.sheets)
            ]
            _add(seats, found or seats_from_lines(list(content.paragraphs), name))
    # A part found inside another document stands in for its own file only when it is a
    # real list: three people or more, a committee with at least two of the key posts (a
    # request form's applicant block or the chair's signature is no roster or committee).
    if not roster and len(embedded_roster) >= 3:
        roster = embedded_roster
    if not seats and len({s.role for s in embedded_seats} & _KEY_ROLES) >= 2:
        seats = embedded_seats
    numbered = [replace(row, index=i) for i, row in enumerate(roster, start=1)]
    return numbered, _one_seat_per_person(seats)


_ROLE_RANK = (Role.CHAIR, Role.SECRETARY, Role.TREASURER, Role.VICE_CHAIR, Role.MEMBER, Role.OTHER)


def _one_seat_per_person(seats: list[CommitteeSeat]) -> list[CommitteeSeat]:
    """One person listed on two rows (รองประธาน, and again as ประชาสัมพันธ์) is one committee
    member holding both posts: the posts are joined and the higher role kept, so the
    committee counts people, not rows."""
    merged: list[CommitteeSeat] = []
    where: dict[str, int] = {}
    for seat in seats:
        keys = _keys(seat.person)
        at = next((where[k] for k in keys if k in where), None)
        if at is None:
            for k in keys:
                where[k] = len(merged)
            merged.append(seat)
            continue
        first = merged[at]
        if seat.position and seat.position not in first.position:
            position = f"{first.position}/{seat.position}" if first.position else seat.position
        else:
            position = first.position
        role = min(first.role, seat.role, key=_ROLE_RANK.index)
        merged[at] = replace(first, position=position, role=role)
    return merged


def _ocr_place(place: Place) -> Place:
    """The group's place as read from a scan: names within OCR noise of exactly one real place
    (ทห้วยไผ่ for ห้วยไผ่) are taken as its names; others stay as read (UNCLEAR_TEXT then)."""
    if place.resolved or not place.subdistrict:
        return place
    exact = resolve_place(
        place.subdistrict, place.district, place.province, moo=place.moo, house_no=place.house_no
    )
    if exact.resolved:
        return exact
    closest = closest_place(place.subdistrict, place.district, place.province)
    if closest is None:
        return place
    return resolve_place(*closest, moo=place.moo, house_no=place.house_no)


def _count_in_doubt(content: DocumentContent) -> bool:
    """OCR could not read the stated member count for sure: it is not taken (the UNCLEAR_TEXT
    warning asks the officer to read it from the paper), rather than taken wrong."""
    return content.ocr is not None and any(d.field == "member_count" for d in content.ocr.doubts)


def _ocr_name(name: str) -> str:
    """A group name read from a scan without the dot leader's noise OCR ran into its end
    (กลุ่มปลูกผักบ้านโนนงาม220, …บ้านป่าติง......2..222662206)."""
    return re.sub(r"(?<=[\u0e01-\u0e4e])(?:[.…]{2,}.*|\d{2,}\S*)$", "", name).strip()


def _reconciled_name(name: str, names_by_file: dict[str, list[str]]) -> str:
    """The group's name as most documents spell it, when the one it was taken from differs from
    them only as OCR misreads a letter or a mark (ป่าติง on the scanned form, ป่าตึง on the
    bylaws and the committee list): a name several documents repeat is read across them. A
    mark the form shows and the others lack is kept (OCR drops marks, it does not add them)."""
    votes = Counter(compact(n) for found in names_by_file.values() for n in set(found))
    spelled = {compact(n): n for found in names_by_file.values() for n in found}
    mine = votes.get(compact(name), 0)
    for key, count in votes.most_common():
        if count < 2 or count <= mine:
            break
        if key != compact(name) and close_names(name, key) and not _marks_lost(name, key):
            return spelled[key]
    return name


# Vowels above and below a consonant and the tone marks: what OCR drops from a word (a title in
# large type loses ้ over ิ: ป่าติ้ว read ป่าติว) and hardly ever puts in where none is printed.
_THAI_MARKS = (
    "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d"
)


def _marks_lost(name: str, other: str) -> bool:
    """Whether `other` is `name` with some of its marks left out (and nothing else changed):
    the name is then kept as read, marks and all, however many documents were read without."""
    rest = iter(compact(name))
    for ch in compact(other):
        for mine in rest:
            if mine == ch:
                break
            if mine not in _THAI_MARKS:
                return False
        else:
            return False
    return all(mine in _THAI_MARKS for mine in rest)


def _spaced_as_most(name: str, names_by_file: dict[str, list[str]]) -> str:
    """The group's name spaced as most documents spell it, when they differ from it in spaces
    only: a PDF cell wraps a long name between two Thai words (…ตำบลวัด|ประดู่), and whether a
    space stood there cannot be seen; the titles of the other documents say it."""
    alike = Counter(
        n for found in names_by_file.values() for n in found if compact(n) == compact(name)
    )
    best, count = max(alike.items(), key=lambda kv: kv[1], default=(name, 0))
    return best if count > alike.get(name, 0) and best.count(" ") < name.count(" ") else name


def _group(files: Sequence[ClassifiedFile]) -> GroupInfo:
    # A file that holds several documents (intake.split) gives a name per part: all are kept,
    # and the file is named with the one that disagrees, so GROUP_NAME_MISMATCH still sees it.
    names_by_file: dict[str, list[str]] = {}
    name = ""
    label_name = ""
    body_name = ""
    place = Place()
    stated: int | None = None
    main_activity = ""
    established: dt.date | None = None
    requests = [f for f in files if f.kind == DocKind.REQUEST_FORM and f.content is not None]
    for cf in requests:
        assert cf.content is not None
        lines = content_lines(cf.content)
        _found, from_label = name_from_label(content_lines(cf.content, raw=True))
        from_body = "" if from_label else name_from_body(lines)
        from_title = name_from_title(lines)
        label_name = label_name or from_label
        body_name = body_name or from_body
        file_name = from_label or from_body or from_title
        if file_name:
            names_by_file.setdefault(cf.file.name, []).append(file_name)
        if not place.subdistrict and not place.district:
            place = address_from_lines(lines)
            if cf.content.ocr is not None:
                place = _ocr_place(place)
        if stated is None and not _count_in_doubt(cf.content):
            stated = stated_members(lines)
        main_activity = main_activity or main_activity_from_lines(lines)
        established = established or established_from_lines(lines)
    title_names: list[str] = []
    for cf in files:
        if cf.content is None or cf.kind in (DocKind.UNKNOWN, DocKind.REQUEST_FORM):
            continue
        lines = content_lines(cf.content)
        from_title = name_from_title(lines)
        if from_title:
            names_by_file.setdefault(cf.file.name, []).append(from_title)
            title_names.append(from_title)
        if cf.kind == DocKind.BYLAWS:
            # The request form's own words win; the bylaws speak when it says nothing.
            main_activity = main_activity or main_activity_from_lines(lines, bylaws=True)
            established = established or established_from_lines(lines, bylaws=True)
        if not place.subdistrict and not place.district:
            head = lines if cf.kind == DocKind.BYLAWS else lines[:6]
            place = address_from_lines(head)
    ocr_files = {cf.file.name for cf in files if cf.content is not None and cf.content.ocr}
    if ocr_files:
        names_by_file = {
            file: [_ocr_name(n) if file in ocr_files else n for n in found]
            for file, found in names_by_file.items()
        }
        if any(cf.file.name in ocr_files for cf in requests):
            label_name, body_name = _ocr_name(label_name), _ocr_name(body_name)
    name = label_name or body_name or next((n[0] for n in names_by_file.values()), "")
    if any(cf.file.name in ocr_files for cf in requests):
        name = _reconciled_name(name, names_by_file)
    name = _spaced_as_most(name, names_by_file)
    by_file = {
        file: next((n for n in found if compact(n) != compact(name)), found[0])
        for file, found in names_by_file.items()
    }
    if not place.resolved and (place.subdistrict or place.district):
        place = resolve_place(
            place.subdistrict,
            place.district,
            place.province,
            moo=place.moo,
            house_no=place.house_no,
        )
    return GroupInfo(
        name=name,
        place=place,
        stated_members=stated,
        names_by_file=by_file,
        main_activity=main_activity,
        established=established,
    )


def _with_group_hints(rows: list[RosterRow], group: Place) -> list[RosterRow]:
    """A member's subdistrict written alone (no district/province columns) is read in the group's
    district and province when it exists there: ท่าพระ on a Khon Kaen roster is ท่าพระ, Khon Kaen."""
    if not group.resolved:
        return rows
    out: list[RosterRow] = []
    for row in rows:
        addr = row.person.address
        if addr is not None and not addr.resolved and addr.subdistrict:
            hinted = resolve_place(
                addr.subdistrict,
                addr.district or group.district,
                addr.province or group.province,
                moo=addr.moo,
                house_no=addr.house_no,
            )
            if hinted.resolved and (
                not addr.district or hinted.district_code == group.district_code
            ):
                row = replace(row, person=replace(row.person, address=hinted))
        out.append(row)
    return out


def _group_from_members(group: GroupInfo, rows: Sequence[RosterRow]) -> GroupInfo:
    """A group address that names only a subdistrict found in several places (ตำบลในเมือง, 22 of
    them) is read as the one where most of its members live, when most members with a
    resolved address live in one of those places."""
    place = group.place
    if place.resolved or not place.subdistrict:
        return group
    candidates = {
        a.subdistrict.code for a in match_place(place.subdistrict, place.district, place.province)
    }
    if len(candidates) < 2:
        return group
    homes = [
        r.person.address
        for r in rows
        if r.person.address is not None and r.person.address.subdistrict_code
    ]
    inside = Counter(h.subdistrict_code for h in homes if h.subdistrict_code in candidates)
    if not inside:
        return group
    code, count = inside.most_common(1)[0]
    if count * 2 < len(homes):
        return group
    home = next(h for h in homes if h.subdistrict_code == code)
    resolved = resolve_place(
        home.subdistrict, home.district, home.province, moo=place.moo, house_no=place.house_no
    )
    return replace(group, place=resolved) if resolved.resolved else group


_BYLAWS_TITLE = re.compile(r"^\s*(?:ข้อบังคับ|ข้อตกลง|ระเบียบ)(?:กลุ่ม|ของกลุ่ม|\s|$)")


def _embedded_bylaws(files: Sequence[ClassifiedFile]) -> list[BylawClause]:
    """Bylaws typed into another document (the request form with its bylaws after it): from a
    line that opens with ข้อบังคับ / ข้อตกลง / ระเบียบ, when at least five clauses covering four
    topics follow. A form that only lists "ข้อบังคับ" among its attachments has no clauses."""
    for cf in files:
        assert cf.content is not None
        lines = content_lines(cf.content)
        for i, line in enumerate(lines):
            if not _BYLAWS_TITLE.match(line):
                continue
            clauses = split_clauses(lines[i + 1 :])
            if len(clauses) >= 5 and len({t for c in clauses for t in c.topics}) >= 4:
                return clauses
    return []


def _embedded_plan(files: Sequence[ClassifiedFile]) -> list[Activity]:
    """Activities from a plan table inside another document (กิจกรรม | ระยะเวลา | งบประมาณ)."""
    out: list[Activity] = []
    for cf in files:
        assert cf.content is not None
        for table in cf.content.tables:
            if find_layout(table, "activity", strict=True) is not None:
                out.extend(activities_from_content(DocumentContent((), (table,))))
    return out


def extract(classified: Sequence[ClassifiedFile], intake_findings: Sequence[Finding]) -> Bundle:
    """Read the group, members, committee, bylaw clauses and activities out of a classified bundle."""
    group = _group(classified)
    roster, seats = _people(classified)
    group = _group_from_members(group, roster)
    roster = _with_group_hints(roster, group.place)
    clauses: list[BylawClause] = []
    activities: list[Activity] = []
    for cf in classified:
        if cf.content is None:
            continue
        if cf.kind == DocKind.BYLAWS:
            clauses.extend(split_clauses(content_lines(cf.content)))
        elif cf.kind == DocKind.ACTIVITY_PLAN:
            activities.extend(activities_from_content(cf.content))
    others = [f for f in classified if f.content is not None and f.kind != DocKind.UNKNOWN]
    if not any(f.kind == DocKind.BYLAWS for f in others):
        clauses = _embedded_bylaws(others)
    if not any(f.kind == DocKind.ACTIVITY_PLAN for f in others):
        activities = _embedded_plan(others)
    return Bundle(
        files=tuple(classified),
        group=group,
        roster_rows=tuple(roster),
        committee_seats=tuple(seats),
        bylaw_clauses=tuple(clauses),
        activities=tuple(activities),
        intake_findings=tuple(intake_findings),
    )
