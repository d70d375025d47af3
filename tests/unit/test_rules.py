"""The rules: each finding code of the contract, its severity, extra field, file and row, and no false errors."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from stdnum.th import pin

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
    Severity,
    SourceFile,
    Topic,
)
from docgen.rules import FARMER_GROUP_RULES, RuleSet, distinct_members, run_rules
from docgen.thai.places import resolve_place

HOME = resolve_place("ท่าพระ", "เมืองขอนแก่น", "ขอนแก่น", moo="3")
FIRST = [
    "สมชาย",
    "มาลี",
    "สมหญิง",
    "ทองดี",
    "บุญมี",
    "สมศรี",
    "ประเสริฐ",
    "วันเพ็ญ",
    "บัวผัน",
    "ไพโรจน์",
    "อำไพ",
    "นงลักษณ์",
]
LAST = [
    "ใจดี",
    "ดีใจ",
    "รักดี",
    "มีสุข",
    "ศรีสุข",
    "แก้วคง",
    "ทองสุข",
    "นาคสุข",
    "วงศ์ใหญ่",
    "ไชยมาตย์",
    "รักษ์ทอง",
    "ศรีสะอาด",
]


def pid(n: int) -> str:
    body = f"1{n:011d}"
    return body + pin.calc_check_digit(body)


def person(
    i: int, *, prefix: str = "นาย", national_id: str | None = None, address: Place | None = HOME
) -> Person:
    nid = pid(i) if national_id is None else national_id
    return Person(prefix, FIRST[i], LAST[i], nid or None, nid, address=address)


def roster(n: int = 12) -> tuple[RosterRow, ...]:
    return tuple(RosterRow(i + 1, person(i), "สมาชิก.xlsx", f"แถวที่ {i + 4}") for i in range(n))


def seats() -> tuple[CommitteeSeat, ...]:
    posts = [("ประธาน", Role.CHAIR), ("เลขานุการ", Role.SECRETARY), ("เหรัญญิก", Role.TREASURER)]
    return tuple(
        CommitteeSeat(
            replace(person(i), national_id=None, national_id_raw=""),
            pos,
            role,
            "กรรมการ.docx",
            f"แถวที่ {i + 2}",
        )
        for i, (pos, role) in enumerate(posts)
    )


def files(*kinds: DocKind) -> tuple[ClassifiedFile, ...]:
    names = {
        DocKind.REQUEST_FORM: "คำขอ.docx",
        DocKind.BYLAWS: "ข้อบังคับ.docx",
        DocKind.COMMITTEE_LIST: "กรรมการ.docx",
        DocKind.MEMBER_ROSTER: "สมาชิก.xlsx",
        DocKind.ACTIVITY_PLAN: "แผน.docx",
        DocKind.UNKNOWN: "อื่น.docx",
    }
    return tuple(
        ClassifiedFile(SourceFile(names[k], Path(names[k]), 1), k, DocumentContent(("x",)))
        for k in kinds
    )


ALL = (
    DocKind.REQUEST_FORM,
    DocKind.BYLAWS,
    DocKind.COMMITTEE_LIST,
    DocKind.MEMBER_ROSTER,
    DocKind.ACTIVITY_PLAN,
)


def good() -> Bundle:
    return Bundle(
        files=files(*ALL),
        group=GroupInfo(
            name="กลุ่มปลูกผักบ้านโนน",
            place=HOME,
            stated_members=12,
            names_by_file={"คำขอ.docx": "กลุ่มปลูกผักบ้านโนน", "ข้อบังคับ.docx": "กลุ่มปลูกผักบ้านโนน"},
        ),
        roster_rows=roster(),
        committee_seats=seats(),
        bylaw_clauses=(BylawClause("ข้อ 1", "...", frozenset(Topic)),),
        activities=(Activity("ปลูกผัก"),),
    )


def codes(findings: list[Finding]) -> list[str]:
    return [f.code for f in findings]


def test_a_good_bundle_has_no_finding() -> None:
    assert run_rules(good()) == []


def test_missing_documents_and_unknown_files() -> None:
    bundle = replace(
        good(),
        files=files(DocKind.REQUEST_FORM, DocKind.BYLAWS, DocKind.UNKNOWN),
        committee_seats=(),
        roster_rows=(),
        activities=(),
    )
    found = run_rules(bundle)
    missing = [f.extra["document"] for f in found if f.code == "MISSING_DOCUMENT"]
    assert missing == ["committee_list", "member_roster", "activity_plan"]
    assert all(f.severity == Severity.ERROR for f in found if f.code == "MISSING_DOCUMENT")
    (unknown,) = [f for f in found if f.code == "UNKNOWN_DOCUMENT"]
    assert unknown.severity == Severity.WARNING and unknown.file == "อื่น.docx"
    # No member/committee/plan findings pile up on top of a missing document.
    assert not {"TOO_FEW_MEMBERS", "COMMITTEE_TOO_SMALL", "ACTIVITY_PLAN_EMPTY"} & set(codes(found))


def test_committee_found_inside_another_document_counts_as_present() -> None:
    bundle = replace(
        good(),
        files=files(
            DocKind.REQUEST_FORM, DocKind.BYLAWS, DocKind.MEMBER_ROSTER, DocKind.ACTIVITY_PLAN
        ),
    )
    assert run_rules(bundle) == []


def test_group_name_prefix_mismatch_and_no_name() -> None:
    bundle = good()
    named = replace(
        bundle,
        group=replace(bundle.group, name="ปลูกผักบ้านโนน", names_by_file={"คำขอ.docx": "ปลูกผักบ้านโนน"}),
    )
    (f,) = run_rules(named)
    assert (f.code, f.severity, f.file) == ("GROUP_NAME_PREFIX", Severity.ERROR, "คำขอ.docx")
    mismatch = replace(
        bundle,
        group=replace(
            bundle.group,
            names_by_file={"คำขอ.docx": "กลุ่มปลูกผักบ้านโนน", "สมาชิก.xlsx": "กลุ่มเลี้ยงปลาบ้านโนน"},
        ),
    )
    (f,) = run_rules(mismatch)
    assert (f.code, f.severity, f.file) == ("GROUP_NAME_MISMATCH", Severity.WARNING, "สมาชิก.xlsx")
    longer = replace(
        bundle,
        group=replace(bundle.group, names_by_file={"สมาชิก.xlsx": "กลุ่มปลูกผักบ้านโนน ตำบลท่าพระ"}),
    )
    assert run_rules(longer) == []
    nameless = replace(bundle, group=replace(bundle.group, name="", names_by_file={}))
    assert codes(run_rules(nameless)) == ["GROUP_NAME_PREFIX"]


def test_too_few_duplicates_and_invalid_ids_point_at_rows() -> None:
    rows = list(roster(9))
    rows.append(
        RosterRow(10, replace(person(3), prefix="น.ส."), "สมาชิก.xlsx", "แถวที่ 20")
    )  # same ID as row 7
    no_id = RosterRow(
        11, person(0, prefix="", national_id=""), "สมาชิก.xlsx", "แถวที่ 21"
    )  # same name as row 4
    rows.append(no_id)
    bad = replace(person(11), national_id=pid(11)[:12] + str((int(pid(11)[12]) + 1) % 10))
    bad = replace(bad, national_id_raw=bad.national_id or "")
    rows.append(RosterRow(12, bad, "สมาชิก.xlsx", "แถวที่ 22"))
    short = replace(person(10), national_id=None, national_id_raw="12345")
    rows.append(RosterRow(13, short, "สมาชิก.xlsx", "แถวที่ 23"))
    bundle = replace(
        good(), roster_rows=tuple(rows), group=replace(good().group, stated_members=None)
    )
    found = run_rules(bundle)
    assert [(f.code, f.where) for f in found] == [
        ("DUPLICATE_MEMBER", "แถวที่ 20"),
        ("DUPLICATE_MEMBER", "แถวที่ 21"),
        ("INVALID_NATIONAL_ID", "แถวที่ 22"),
        ("INVALID_NATIONAL_ID", "แถวที่ 23"),
    ]
    assert len(distinct_members(bundle)) == 11
    assert "TOO_FEW_MEMBERS" not in codes(found)
    # The full ID is never in a message.
    assert all(pid(3) not in f.message for f in found)
    fewer = replace(good(), roster_rows=roster(9), group=replace(good().group, stated_members=None))
    (f,) = run_rules(fewer)
    assert (f.code, f.severity) == ("TOO_FEW_MEMBERS", Severity.ERROR)


def test_namesakes_with_different_ids_are_two_people_and_missing_id_is_not_invalid() -> None:
    rows = list(roster())
    rows.append(
        RosterRow(
            13,
            replace(person(0), national_id=pid(99), national_id_raw=pid(99)),
            "สมาชิก.xlsx",
            "แถวที่ 30",
        )
    )
    rows.append(
        RosterRow(
            14,
            replace(person(1), national_id=None, national_id_raw="", first_name="ใหม่"),
            "สมาชิก.xlsx",
            "แถวที่ 31",
        )
    )
    bundle = replace(
        good(), roster_rows=tuple(rows), group=replace(good().group, stated_members=14)
    )
    assert run_rules(bundle) == []


def test_outside_area_unknown_place_and_count_mismatch() -> None:
    rows = list(roster())
    elsewhere = resolve_place("บ้านไผ่", "บ้านไผ่", "ขอนแก่น")
    rows[2] = replace(rows[2], person=replace(rows[2].person, address=elsewhere))
    same_district = resolve_place("บ้านเป็ด", "เมือง", "ขอนแก่น")
    rows[3] = replace(rows[3], person=replace(rows[3].person, address=same_district))
    wrong = resolve_place("ท่าพร", "เมือง", "ขอนแก่น")
    rows[4] = replace(rows[4], person=replace(rows[4].person, address=wrong))
    rows[5] = replace(rows[5], person=replace(rows[5].person, address=None))
    bundle = replace(
        good(), roster_rows=tuple(rows), group=replace(good().group, stated_members=15)
    )
    found = run_rules(bundle)
    assert [(f.code, f.severity, f.where) for f in found] == [
        ("UNKNOWN_PLACE", Severity.WARNING, "แถวที่ 8"),
        ("MEMBER_OUTSIDE_AREA", Severity.WARNING, "แถวที่ 6"),
        ("MEMBER_COUNT_MISMATCH", Severity.WARNING, None),
    ]
    assert found[-1].file == "คำขอ.docx"
    assert "บ้านไผ่" in found[1].message


def test_committee_findings() -> None:
    two = seats()[:2]
    found = run_rules(replace(good(), committee_seats=two))
    assert [(f.code, f.extra.get("role")) for f in found] == [
        ("COMMITTEE_TOO_SMALL", None),
        ("COMMITTEE_ROLE_MISSING", "treasurer"),
    ]
    assistant = replace(seats()[2], position="ผู้ช่วยเหรัญญิก", role=Role.OTHER)
    vice = replace(seats()[0], position="รองประธาน", role=Role.VICE_CHAIR)
    found = run_rules(replace(good(), committee_seats=(vice, seats()[1], assistant)))
    assert [f.extra.get("role") for f in found] == ["chair", "treasurer"]
    stranger = CommitteeSeat(
        Person("นาย", "คนนอก", "กลุ่ม"), "กรรมการ", Role.MEMBER, "กรรมการ.docx", "แถวที่ 9"
    )
    found = run_rules(replace(good(), committee_seats=(*seats(), stranger)))
    assert [(f.code, f.where) for f in found] == [("COMMITTEE_NOT_MEMBER", "แถวที่ 9")]
    assert "คนนอก" in found[0].message


def test_committee_member_matches_roster_modulo_prefix_and_spacing() -> None:
    written = CommitteeSeat(
        Person("นางสาว", "มา\u200bลี", " ดีใจ"), "เลขานุการ", Role.SECRETARY, "กรรมการ.docx", "แถวที่ 3"
    )
    rows = list(roster())
    rows[1] = replace(rows[1], person=replace(rows[1].person, prefix="น.ส."))
    bundle = replace(
        good(), roster_rows=tuple(rows), committee_seats=(seats()[0], written, seats()[2])
    )
    assert run_rules(bundle) == []


def test_bylaws_topics_and_empty_plan() -> None:
    clauses = (BylawClause("ข้อ 1", "...", frozenset(Topic) - {Topic.REMOVAL, Topic.TERM}),)
    found = run_rules(replace(good(), bylaw_clauses=clauses, activities=()))
    assert [(f.code, f.extra.get("topic"), f.file) for f in found] == [
        ("BYLAWS_TOPIC_MISSING", "term", "ข้อบังคับ.docx"),
        ("BYLAWS_TOPIC_MISSING", "removal", "ข้อบังคับ.docx"),
        ("ACTIVITY_PLAN_EMPTY", None, "แผน.docx"),
    ]


def test_intake_findings_come_first_and_a_rule_set_can_be_swapped() -> None:
    unreadable = Finding("UNREADABLE_FILE", Severity.ERROR, "อ่านไม่ได้", file="x.docx")
    bundle = replace(good(), intake_findings=(unreadable,))
    assert run_rules(bundle)[0] is unreadable
    young = RuleSet(name="กลุ่มยุวเกษตรกร", min_members=15)
    assert codes(run_rules(good(), young)) == ["TOO_FEW_MEMBERS"]
    assert FARMER_GROUP_RULES.min_members == 10
