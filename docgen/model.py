"""The domain model: frozen values that flow through intake, rules and rendering."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any


class DocKind(StrEnum):
    """The five documents of an application, and `unknown` for anything else."""

    REQUEST_FORM = "request_form"
    BYLAWS = "bylaws"
    COMMITTEE_LIST = "committee_list"
    MEMBER_ROSTER = "member_roster"
    ACTIVITY_PLAN = "activity_plan"
    UNKNOWN = "unknown"


REQUIRED_KINDS: tuple[DocKind, ...] = (
    DocKind.REQUEST_FORM,
    DocKind.BYLAWS,
    DocKind.COMMITTEE_LIST,
    DocKind.MEMBER_ROSTER,
    DocKind.ACTIVITY_PLAN,
)

KIND_LABEL_TH: dict[DocKind, str] = {
    DocKind.REQUEST_FORM: "หนังสือคำขอใบรับรองการจัดตั้งกลุ่ม",
    DocKind.BYLAWS: "ข้อบังคับกลุ่ม",
    DocKind.COMMITTEE_LIST: "รายชื่อคณะกรรมการ",
    DocKind.MEMBER_ROSTER: "บัญชีรายชื่อสมาชิก",
    DocKind.ACTIVITY_PLAN: "แผนงาน/กิจกรรม",
    DocKind.UNKNOWN: "เอกสารอื่น",
}


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


class Role(StrEnum):
    """A committee seat's role, read from the position as written."""

    CHAIR = "chair"
    VICE_CHAIR = "vice_chair"
    SECRETARY = "secretary"
    TREASURER = "treasurer"
    MEMBER = "member"
    OTHER = "other"


class Topic(StrEnum):
    """The bylaw topics the Department requires."""

    SHARES = "shares"
    ACTIVITIES = "activities"
    FINANCE = "finance"
    ADMISSION = "admission"
    RESIGNATION = "resignation"
    ELECTION = "election"
    TERM = "term"
    REMOVAL = "removal"


# ---------------------------------------------------------------------------
# What readers produce: text and tables, with positions a person can find.
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Table:
    """A table read from a document: cell text by row, with the row number a person sees.

    `row_numbers[i]` is the number of `rows[i]` in the file as a person would look for it:
    the sheet row in XLSX, the line in CSV, the row of the table (from 1) in DOCX and PDF.
    """

    rows: tuple[tuple[str, ...], ...]
    row_numbers: tuple[int, ...]
    title: str = ""  # text just above the table, or the sheet name
    sheet: str | None = None


@dataclass(frozen=True)
class OcrDoubt:
    """A value OCR could not read with confidence: the officer checks it against the paper."""

    page: int
    row: int | None  # the table row (as in Table.row_numbers), None for running text
    field: str  # header_field of its column: national_id, full, ...; "text" for running text
    text: str  # as read (holds personal data: shown to officers only, never logged)
    line: int | None = None  # the page's line of running text (from 1), when not in a table


@dataclass(frozen=True)
class OcrPage:
    """One page read by OCR: its lines and tables, for splitting a scan into its documents."""

    number: int  # from 1
    paragraphs: tuple[str, ...]
    tables: tuple[Table, ...]
    confidence: float  # 0-1, mean over the page's words and cells
    image: str = ""  # where the prepared page image was kept, when asked
    rotation: int = 0  # degrees the page was turned clockwise to read it (scanned sideways, ...)

    @property
    def text(self) -> str:
        parts = list(self.paragraphs)
        for table in self.tables:
            parts.extend("\t".join(row) for row in table.rows)
        return "\n".join(parts)


@dataclass(frozen=True)
class OcrInfo:
    """How a document's text came from OCR: confidence, pages, values in doubt."""

    confidence: float  # 0-1
    pages: tuple[OcrPage, ...] = ()
    doubts: tuple[OcrDoubt, ...] = ()


@dataclass(frozen=True)
class Layout:
    """Where paragraphs and tables sit in one file, so that a file holding several documents
    can be split into them (intake.split). Readers that know it fill it in."""

    body: int  # paragraphs[:body] are the body in reading order; the rest are page headers/footers
    table_at: tuple[int, ...]  # table i comes after this many body paragraphs
    paragraph_pages: tuple[int, ...] = ()  # page (from 1) of each body paragraph: PDFs, scans
    table_pages: tuple[int, ...] = ()  # page on which table i starts


@dataclass(frozen=True)
class DocumentContent:
    """Everything a reader got out of one file, in reading order."""

    paragraphs: tuple[str, ...]
    tables: tuple[Table, ...] = ()
    pages: int | None = None  # PDFs and scans only
    ocr: OcrInfo | None = None  # set when the text was read from images
    layout: Layout | None = None  # where things sit, for splitting (intake.split)

    @property
    def text(self) -> str:
        parts = list(self.paragraphs)
        for table in self.tables:
            parts.extend("\t".join(row) for row in table.rows)
        return "\n".join(parts)


@dataclass(frozen=True)
class SourceFile:
    """One file of a bundle: its name as the group gave it, and where it lies on disk."""

    name: str  # display name, relative path inside the bundle, in correct Thai
    path: Path
    size: int


# ---------------------------------------------------------------------------
# What extraction produces.
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    """An address, with DOPA codes where it resolved to a real subdistrict."""

    house_no: str = ""
    moo: str = ""
    subdistrict: str = ""
    district: str = ""
    province: str = ""
    subdistrict_code: str | None = None
    district_code: str | None = None
    province_code: str | None = None

    @property
    def resolved(self) -> bool:
        return self.subdistrict_code is not None


@dataclass(frozen=True)
class Person:
    """A person as written in a document, with the national ID normalised to 13 digits if it can be."""

    prefix: str = ""
    first_name: str = ""
    last_name: str = ""
    national_id: str | None = None  # digits only, as normalised; may still fail its check digit
    national_id_raw: str = ""  # as typed, kept for messages shown only to officers
    phone: str = ""
    address: Place | None = None

    @property
    def name(self) -> str:
        """Full name without prefix, single-spaced."""
        return " ".join(p for p in (self.first_name, self.last_name) if p)

    @property
    def display_name(self) -> str:
        """Name as printed on documents: prefix joined to the first name (นายสมชาย ใจดี)."""
        return f"{self.prefix}{self.name}" if self.prefix else self.name


@dataclass(frozen=True)
class RosterRow:
    """One member row read from the roster."""

    index: int  # 1-based order among the roster's member rows
    person: Person
    file: str
    where: str  # e.g. "แถวที่ 7"


@dataclass(frozen=True)
class CommitteeSeat:
    person: Person
    position: str  # as written
    role: Role
    file: str
    where: str


@dataclass(frozen=True)
class BylawClause:
    number: str  # as written: "ข้อ 5", "5", "๕"
    text: str
    topics: frozenset[Topic] = frozenset()


@dataclass(frozen=True)
class Activity:
    name: str
    period: str = ""
    budget: str = ""
    where: str = ""


@dataclass(frozen=True)
class ClassifiedFile:
    file: SourceFile
    kind: DocKind
    content: DocumentContent | None  # None when unreadable
    # One of several documents in one file (intake.split): the pages it spans (PDFs, scans)
    # and the heading that opens it; both empty for a file that is one document.
    pages: tuple[int, ...] = ()
    heading: str = ""
    sheets: tuple[str, ...] = ()  # a workbook's part (intake.split): the sheets it spans
    # A page sent as its own file that goes on from another document (intake.continued):
    # that document's first file. Its findings still name this file.
    continues: str = ""


@dataclass(frozen=True)
class Finding:
    """One problem found in a bundle. `code` is stable English; `message` is Thai."""

    code: str
    severity: Severity
    message: str
    file: str | None = None
    where: str | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "code": self.code,
            "severity": str(self.severity),
            "message": self.message,
            "file": self.file,
            "where": self.where,
        }
        out.update(self.extra)
        return out


@dataclass(frozen=True)
class GroupInfo:
    """The group as the bundle states it."""

    name: str = ""
    place: Place = field(default_factory=Place)
    stated_members: int | None = None  # the count written on the request form
    names_by_file: Mapping[str, str] = field(default_factory=dict)  # file -> group name it gives
    phone: str = ""
    purpose: str = ""
    main_activity: str = ""  # as the request form (else the bylaws) states it
    established: dt.date | None = None  # the founding date the documents state


@dataclass(frozen=True)
class Bundle:
    """A bundle read and extracted: the input to the rules."""

    files: tuple[ClassifiedFile, ...]
    group: GroupInfo
    roster_rows: tuple[RosterRow, ...] = ()
    committee_seats: tuple[CommitteeSeat, ...] = ()
    bylaw_clauses: tuple[BylawClause, ...] = ()
    activities: tuple[Activity, ...] = ()
    intake_findings: tuple[Finding, ...] = ()  # BUNDLE_REJECTED, UNREADABLE_FILE, ...

    def files_of(self, kind: DocKind) -> tuple[ClassifiedFile, ...]:
        return tuple(f for f in self.files if f.kind == kind)


@dataclass(frozen=True)
class CheckReport:
    """The result of checking one bundle: the JSON of CONTRACT.md, as a value."""

    bundle: Bundle
    findings: tuple[Finding, ...]
    members: tuple[RosterRow, ...]  # distinct members whose rows could be read

    @property
    def complete(self) -> bool:
        return not any(f.severity == Severity.ERROR for f in self.findings)

    def to_json(self) -> dict[str, Any]:
        g = self.bundle.group
        return {
            "schema": "docgen.check/1",
            "complete": self.complete,
            "group": {
                "name": g.name,
                "moo": g.place.moo,
                "subdistrict": g.place.subdistrict,
                "district": g.place.district,
                "province": g.place.province,
                "subdistrict_code": g.place.subdistrict_code,
                "district_code": g.place.district_code,
                "province_code": g.place.province_code,
                "members": len(self.members),
                "committee": len(self.bundle.committee_seats),
                "stated_members": g.stated_members,
                "main_activity": g.main_activity,
                "established": g.established.isoformat() if g.established else None,
            },
            "documents": _documents_json(self.bundle.files),
            "members": [
                {
                    "row": r.index,
                    "name": r.person.display_name,
                    "prefix": r.person.prefix,
                    "national_id": r.person.national_id,
                    "subdistrict": r.person.address.subdistrict if r.person.address else "",
                    "district": r.person.address.district if r.person.address else "",
                    "province": r.person.address.province if r.person.address else "",
                    "file": r.file,
                    "where": r.where,
                }
                for r in self.members
            ],
            "committee": [
                {
                    "name": s.person.display_name,
                    "position": s.position,
                    "role": str(s.role),
                    "file": s.file,
                    "where": s.where,
                }
                for s in self.bundle.committee_seats
            ],
            "bylaws": {
                "clauses": len(self.bundle.bylaw_clauses),
                "topics": sorted({str(t) for c in self.bundle.bylaw_clauses for t in c.topics}),
            },
            "activities": [a.name for a in self.bundle.activities],
            "findings": [_finding_json(f, self.bundle) for f in self.findings],
        }


def _document_json(cf: ClassifiedFile) -> dict[str, Any]:
    out: dict[str, Any] = {"file": cf.file.name, "kind": str(cf.kind)}
    ocr = cf.content.ocr if cf.content is not None else None
    if ocr is not None:
        # Only documents read from images say so (typed ones keep the entry they always had).
        out["ocr"] = True
        out["confidence"] = round(ocr.confidence, 3)
        images = [p.image for p in ocr.pages if p.image]
        if images:
            out["page_images"] = images
        if any(p.rotation for p in ocr.pages):
            out["page_rotations"] = [p.rotation for p in ocr.pages]
    if cf.pages:
        out["pages"] = list(cf.pages)
    if cf.heading:
        out["headings"] = [cf.heading]
    if cf.sheets:
        out["sheets"] = list(cf.sheets)
    return out


def _documents_json(files: Sequence[ClassifiedFile]) -> list[dict[str, Any]]:
    """One entry per document: a document sent as several files (photos of its pages) is one
    entry, named by its first file, with `files` listing them all, its page images and page
    rotations over all of them and its confidence over their pages."""
    out: list[dict[str, Any]] = []
    joined: dict[str, list[ClassifiedFile]] = {}
    for cf in files:
        if cf.continues and cf.continues in joined:
            joined[cf.continues].append(cf)
            continue
        joined[cf.file.name] = [cf]
        out.append(_document_json(cf))
    for entry in out:
        parts = joined.get(entry["file"], [])
        if len(parts) < 2:
            continue
        read = [cf.content.ocr for cf in parts if cf.content and cf.content.ocr]
        pages = [p for ocr in read for p in ocr.pages]
        entry["files"] = [cf.file.name for cf in parts]
        if pages:
            weighted = sum(ocr.confidence * len(ocr.pages) for ocr in read)
            entry["confidence"] = round(weighted / len(pages), 3)
            images = [p.image for p in pages if p.image]
            if images:
                entry["page_images"] = images
            if any(p.rotation for p in pages):
                entry["page_rotations"] = [p.rotation for p in pages]
    return out


def _finding_json(finding: Finding, bundle: Bundle) -> dict[str, Any]:
    out = finding.to_json()
    if finding.file is not None:
        read_by_ocr = any(
            cf.file.name == finding.file and cf.content is not None and cf.content.ocr is not None
            for cf in bundle.files
        )
        if read_by_ocr:
            out["ocr"] = True
    return out


class DocgenError(Exception):
    """The program's own failures (not a bundle's): one family, with a Thai message for people."""

    def __init__(self, message_th: str, *, detail: str = "") -> None:
        super().__init__(message_th)
        self.message_th = message_th
        self.detail = detail


class UnusableInput(DocgenError):
    """The input cannot be used at all (missing path, not a bundle, bad data): exit code 2."""

    def __init__(
        self, message_th: str, *, detail: str = "", errors: list[str] | None = None
    ) -> None:
        super().__init__(message_th, detail=detail)
        self.errors = errors or []


class UnreadableFile(DocgenError):
    """A reader could not read one file; becomes an UNREADABLE_FILE finding."""
