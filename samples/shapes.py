"""Bundles in the shapes offices receive them: `python -m samples.shapes --out DIR`.

Legacy and open formats (.doc .xls .rtf .odt .ods, made with LibreOffice from the generated
DOCX/XLSX, and DOCX saved back by LibreOffice), all five documents in one DOCX, .doc, .odt, .rtf
or text PDF, a subset in one file, a roster table typed on as a second table, a ZIP inside the
ZIP (Mac and Windows names), a folder named after the group, and the litter Windows and Macs
leave (Thumbs.db, desktop.ini, `~$` lock files, __MACOSX, .DS_Store). The documents and the expected results
come from `samples.generate` (the group's data, never docgen's output); this module only
changes the shape. Seeded like generate: `random.Random(f"{seed}:{name}")` per bundle.

LibreOffice runs once per target format for all bundles together (seven calls at most).
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from samples import writers
from samples.generate import DEFAULT_SEED, KINDS, SPECS, Sample, Spec, package, stage

# LibreOffice export filters for the formats offices send.
FILTERS = {
    "doc": "doc:MS Word 97",
    "rtf": "rtf:Rich Text Format",
    "odt": "odt:writer8",
    "docx": "docx:MS Word 2007 XML",  # after odt: a document LibreOffice saved back to DOCX
    "xls": "xls:MS Excel 97",
    "ods": "ods:calc8",
    "pdf": "pdf:writer_pdf_Export",
}

COMBINED_NAME = "เอกสารขอจัดตั้งกลุ่ม"
LITTER: tuple[tuple[str, bytes], ...] = (
    ("Thumbs.db", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)),
    (
        "desktop.ini",
        b"[.ShellClassInfo]\r\nIconResource=C:\\Windows\\System32\\imageres.dll,-3\r\n",
    ),
    (".DS_Store", b"\x00\x00\x00\x01Bud1" + bytes(64)),
    ("Icon\r", b""),  # a Mac folder's custom icon
    (".localized", b""),
)
# What a USB stick zipped whole keeps at its root (a Mac's index, Windows' bin).
DRIVE_LITTER: tuple[tuple[str, bytes], ...] = (
    (".fseventsd/fseventsd-uuid", b"6F0E2B1C-2D4A-4C1B-9E7F-0A1B2C3D4E5F"),
    (".Spotlight-V100/VolumeConfiguration.plist", b"<?xml version='1.0'?><plist/>"),
    ("$RECYCLE.BIN/desktop.ini", b"[.ShellClassInfo]\r\n"),
)


@dataclass(frozen=True)
class Shape:
    """One bundle: a generate.Spec for its documents and the shape they are sent in."""

    name: str
    about: str
    spec: Spec
    formats: dict[str, str] = field(default_factory=dict)  # kind -> doc/rtf/odt/xls/ods/lo-docx
    combined: tuple[str, ...] = ()  # kinds typed into one file, in this order
    combined_as: str = "docx"  # docx | pdf | doc | odt | rtf | lo-docx (odt saved back as DOCX)
    package: str = "folder"  # folder | group-folder | zip-in-zip
    zip_names: str = "utf-8"  # zip-in-zip: "utf-8", or "mac-windows" (outer NFD, inner cp874)
    roster_split: bool = False  # a DOCX roster's table typed on as a second table, header repeated


def _spec(base: str, name: str, **changes: Any) -> Spec:
    spec = next(s for s in SPECS if s.name == base)
    return replace(spec, name=name, package="folder", naming="office", pdf_kinds=(), **changes)


SHAPES: list[Shape] = [
    Shape(
        "shape-legacy-doc-xls",
        "ครบถ้วน เอกสาร Word รุ่นเก่า (.doc) และบัญชีสมาชิก Excel รุ่นเก่า (.xls) / "
        "complete, .doc documents and an .xls roster",
        _spec("valid-02-xlsx-roster", "shape-legacy-doc-xls"),
        formats={
            "request_form": "doc",
            "bylaws": "doc",
            "committee_list": "doc",
            "member_roster": "xls",
            "activity_plan": "doc",
        },
    ),
    Shape(
        "shape-open-odt-ods-rtf",
        "ครบถ้วน ไฟล์จาก LibreOffice (.odt .ods) และคำขอเป็น .rtf / "
        "complete, LibreOffice .odt/.ods files and an .rtf request form",
        _spec("valid-06-loose-files", "shape-open-odt-ods-rtf"),
        formats={
            "request_form": "rtf",
            "bylaws": "odt",
            "committee_list": "odt",
            "member_roster": "ods",
            "activity_plan": "odt",
        },
    ),
    Shape(
        "shape-legacy-defects",
        "บัญชีสมาชิก .xls มีเลขบัตรผิดและสมาชิกซ้ำ / an .xls roster with a bad ID and a duplicate",
        _spec(
            "valid-02-xlsx-roster",
            "shape-legacy-defects",
            defects=("bad-check-digit", "duplicate"),
        ),
        formats={"member_roster": "xls", "bylaws": "doc"},
    ),
    Shape(
        "shape-all-in-one-docx",
        "ครบถ้วน เอกสารทั้งห้าพิมพ์รวมในไฟล์ Word เดียว / complete, all five in one DOCX",
        _spec("valid-01-all-docx", "shape-all-in-one-docx", roster="docx"),
        combined=KINDS,
    ),
    Shape(
        "shape-all-in-one-pdf",
        "ครบถ้วน เอกสารทั้งห้าพิมพ์รวมเป็น PDF ไฟล์เดียว / complete, all five in one text PDF",
        _spec(
            "valid-01-all-docx",
            "shape-all-in-one-pdf",
            roster="docx",
            district="5006",
            plan_owners="names",
        ),
        combined=KINDS,
        combined_as="pdf",
    ),
    Shape(
        "shape-all-in-one-defects",
        "เอกสารทั้งห้าในไฟล์ Word เดียว เลขบัตรผิดหนึ่งราย ไม่มีเหรัญญิก / all five in one DOCX, "
        "one bad ID, no treasurer",
        _spec(
            "valid-01-all-docx",
            "shape-all-in-one-defects",
            roster="docx",
            district="3004",
            positions=("ประธาน", "รองประธาน", "เลขานุการ", "กรรมการ"),
            plan_owners="names",
            defects=("bad-check-digit",),
        ),
        combined=KINDS,
    ),
    Shape(
        "shape-all-in-one-name-mismatch",
        "เอกสารทั้งห้าในไฟล์ Word เดียว ข้อบังคับใช้ชื่อกลุ่มต่างจากคำขอ / all five in one DOCX, "
        "the bylaws name the group differently",
        _spec(
            "valid-01-all-docx",
            "shape-all-in-one-name-mismatch",
            roster="docx",
            district="5002",
            gtype="mushroom",
            defects=("name-mismatch",),
        ),
        combined=KINDS,
    ),
    Shape(
        "shape-all-in-one-request-second",
        "ครบถ้วน ไฟล์ Word เดียว ข้อบังคับมาก่อน ตามด้วยหนังสือคำขอที่ไม่มีหัวเรื่อง / complete, one "
        "DOCX, the bylaws first, then a request letter with no title",
        _spec(
            "valid-01-all-docx", "shape-all-in-one-request-second", roster="docx", district="4002"
        ),
        combined=("bylaws", "request_form", "member_roster", "committee_list", "activity_plan"),
    ),
    Shape(
        "shape-subset-no-plan",
        "คำขอ ข้อบังคับ กรรมการ และสมาชิกรวมในไฟล์ Word เดียว ไม่มีแผนงาน / request, bylaws, "
        "committee and roster in one DOCX, no activity plan",
        _spec(
            "valid-01-all-docx",
            "shape-subset-no-plan",
            roster="docx",
            district="4001",
            defects=("missing:activity_plan",),
        ),
        combined=("request_form", "bylaws", "committee_list", "member_roster"),
    ),
    Shape(
        "shape-subset-pdf-and-files",
        "ครบถ้วน กรรมการ สมาชิก และแผนงานรวมเป็น PDF เดียว คำขอและข้อบังคับแยกไฟล์ / "
        "complete, committee, roster and plan in one PDF, request and bylaws apart",
        _spec("valid-01-all-docx", "shape-subset-pdf-and-files", roster="docx", district="8406"),
        combined=("committee_list", "member_roster", "activity_plan"),
        combined_as="pdf",
    ),
    Shape(
        "shape-zip-in-zip",
        "ครบถ้วน ZIP ซ้อน ZIP ในโฟลเดอร์ชื่อกลุ่ม มีไฟล์ขยะของ Windows และ Mac / complete, a ZIP "
        "inside the ZIP in a folder named after the group, with Windows and Mac litter",
        _spec("valid-06-loose-files", "shape-zip-in-zip", district="3405"),
        package="zip-in-zip",
    ),
    Shape(
        "shape-group-folder-litter",
        "ครบถ้วน โฟลเดอร์ชื่อกลุ่ม มี Thumbs.db desktop.ini และไฟล์ล็อก ~$ / complete, a folder "
        "named after the group with Thumbs.db, desktop.ini and ~$ lock files",
        _spec("valid-03-csv-cp874", "shape-group-folder-litter", roster="xlsx"),
        formats={"committee_list": "doc"},
        package="group-folder",
    ),
    Shape(
        "shape-all-in-one-doc",
        "เอกสารทั้งห้าพิมพ์รวมในไฟล์ Word รุ่นเก่า (.doc) เดียว มีสมาชิกซ้ำ / all five in one .doc, "
        "a member listed twice",
        _spec(
            "valid-01-all-docx",
            "shape-all-in-one-doc",
            roster="docx",
            district="3001",
            gtype="rice",
            defects=("duplicate",),
        ),
        combined=KINDS,
        combined_as="doc",
    ),
    Shape(
        "shape-all-in-one-odt-continued",
        "เอกสารทั้งห้าในไฟล์ .odt เดียว ตารางสมาชิกต่อเป็นตารางที่สองพิมพ์หัวตารางซ้ำ เลขบัตรผิดหนึ่งราย / "
        "all five in one .odt, the roster table continued as a second table with its header "
        "repeated, one bad ID",
        _spec(
            "valid-01-all-docx",
            "shape-all-in-one-odt-continued",
            roster="docx",
            roster_layout=2,
            district="3404",
            gtype="fish",
            defects=("bad-check-digit",),
        ),
        combined=KINDS,
        combined_as="odt",
        roster_split=True,
    ),
    Shape(
        "shape-all-in-one-rtf",
        "ครบถ้วน เอกสารทั้งห้าในไฟล์ .rtf เดียว กรรมการเป็นบรรทัดเลขข้อ มีแถวว่างท้ายบัญชี / complete, all "
        "five in one .rtf, the committee as numbered lines, empty rows left in the roster",
        _spec("valid-15-committee-lines", "shape-all-in-one-rtf", district="8401"),
        combined=KINDS,
        combined_as="rtf",
    ),
    Shape(
        "shape-all-in-one-pdf-headers",
        "ครบถ้วน เอกสารทั้งห้าพิมพ์จาก Word เป็น PDF เดียว ทุกหน้ามีหัวกระดาษ (เอกสารประกอบคำขอ…) และท้ายกระดาษ "
        "ชื่อเรื่องเว้นวรรค / complete, all five printed from one Word file to PDF, a page header "
        "and footer on every page, titles with a space",
        _spec(
            "valid-13-cover-sheet-headers",
            "shape-all-in-one-pdf-headers",
            roster="docx",
            cover_sheet=False,
            district="4004",
        ),
        combined=KINDS,
        combined_as="pdf",
    ),
    Shape(
        "shape-subset-odt-xls-dashed",
        "ครบถ้วน คำขอ ข้อบังคับ และกรรมการรวมในไฟล์ .odt เดียว บัญชีสมาชิก .xls เลขบัตรมีขีด แผนงาน DOCX "
        "ที่บันทึกจาก LibreOffice / complete, request, bylaws and committee in one .odt, an .xls "
        "roster with dashed IDs, the plan a DOCX saved by LibreOffice",
        _spec("valid-07-zip-cp874", "shape-subset-odt-xls-dashed", district="3001"),
        formats={"member_roster": "xls", "activity_plan": "lo-docx"},
        combined=("request_form", "bylaws", "committee_list"),
        combined_as="odt",
    ),
    Shape(
        "shape-ods-merged-header",
        "บัญชีสมาชิก .ods มีแถวชื่อเรื่องและหัวตารางผสานเซลล์สองแถว ข้อบังคับ .odt ชื่อกลุ่มต่างไป เลขบัตรผิด "
        "สมาชิกต่างอำเภอ / an .ods roster with title rows and a merged two-row header, .odt bylaws "
        "naming the group otherwise, a bad ID, a member from another district",
        _spec("defect-mixed", "shape-ods-merged-header", district="5006"),
        formats={"member_roster": "ods", "bylaws": "odt"},
    ),
    Shape(
        "shape-docx-roster-continued",
        "บัญชีสมาชิก DOCX ตารางต่อหน้าใหม่เป็นตารางที่สองพิมพ์หัวตารางซ้ำ มีสมาชิกซ้ำ กรรมการหนึ่งคนไม่อยู่ในบัญชี / "
        "a DOCX roster continued on the next page as a second table with the header repeated, "
        "a member listed twice, a committee member not on the roster",
        _spec("defect-docx-duplicate-outsider", "shape-docx-roster-continued", district="4005"),
        roster_split=True,
    ),
    Shape(
        "shape-zip-mac-windows",
        "ครบถ้วน ZIP ทำบน Mac (ชื่อไฟล์ NFD) ข้างในมี ZIP ทำบน Windows (ชื่อไฟล์ cp874) และไฟล์ขยะ / complete, "
        "a ZIP made on a Mac (NFD names) holding a ZIP made on Windows (cp874 names) and litter",
        _spec("valid-07-zip-cp874", "shape-zip-mac-windows", district="4001"),
        formats={"bylaws": "doc"},
        package="zip-in-zip",
        zip_names="mac-windows",
    ),
    Shape(
        "shape-subset-pdf-form-table",
        "ครบถ้วน คำขอแบบตาราง ข้อบังคับ กรรมการ และแผนงานรวมเป็น PDF เดียว (ชื่อกลุ่มยาวตัดบรรทัดในช่องตาราง) "
        "บัญชีสมาชิก CSV cp874 มีแถวรวม / complete, a table request form, bylaws, committee and "
        "plan in one PDF (a long group name wraps in its cell), a cp874 CSV roster with a total row",
        _spec("valid-14-csv-total-row", "shape-subset-pdf-form-table", district="8401"),
        combined=("request_form", "bylaws", "committee_list", "activity_plan"),
        combined_as="pdf",
    ),
    Shape(
        "shape-all-in-one-lo-docx",
        "ครบถ้วน เอกสารทั้งห้าในไฟล์ DOCX เดียวที่บันทึกจาก LibreOffice (odt เป็น docx) เลขบัตรเลขไทย / "
        "complete, all five in one DOCX saved by LibreOffice (odt to docx), Thai-digit IDs",
        _spec("valid-11-thai-digits", "shape-all-in-one-lo-docx", district="3006"),
        combined=KINDS,
        combined_as="lo-docx",
    ),
]


# ---------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------


def combine_docx(sources: Sequence[Path], target: Path) -> None:
    """Documents typed one after another into one Word file, each from a new page in a section
    of its own (a landscape roster stays landscape, as the secretary set its page), the first
    document's page header and footer going on in every section (Word's "same as previous")."""
    base = docx.Document(str(sources[0]))
    body = base.element.body
    sect = body[-1]
    assert sect.tag == qn("w:sectPr")
    ended = copy.deepcopy(sect)  # the page setup of the document before the next break
    styles = base.styles.element
    for source in sources[1:]:
        pasted = docx.Document(str(source))
        # Word brings a pasted document's styles along (Table Grid draws the tables' rules).
        known = {st.get(qn("w:styleId")) for st in styles.findall(qn("w:style"))}
        for st in pasted.styles.element.findall(qn("w:style")):
            if st.get(qn("w:styleId")) not in known:
                styles.append(copy.deepcopy(st))
        other = pasted.element.body
        # A section break (next page) ends the document before, with its own page setup.
        brk = OxmlElement("w:p")
        props = OxmlElement("w:pPr")
        props.append(ended)
        brk.append(props)
        sect.addprevious(brk)
        for element in list(other):
            if element.tag == qn("w:sectPr"):
                ended = _same_as_previous(element)
            else:
                sect.addprevious(copy.deepcopy(element))
    body.replace(sect, ended)
    writers.save_docx(base, target)


def _same_as_previous(sect: Any) -> Any:
    """A copy of a section's page setup without its own page header and footer (they are parts
    of the file it came from), so that the section goes on with the ones before."""
    out = copy.deepcopy(sect)
    for ref in out.findall(qn("w:headerReference")) + out.findall(qn("w:footerReference")):
        out.remove(ref)
    out.attrib.clear()
    return out


def convert_all(jobs: Sequence[tuple[Path, Path, str]], soffice: str | None = None) -> None:
    """(source, target, format) conversions with LibreOffice: one call per format."""
    binary = soffice or os.environ.get("DOCGEN_SOFFICE") or "soffice"
    with tempfile.TemporaryDirectory(prefix="shapes-lo-") as tmp:
        work = Path(tmp)
        profile = (work / "profile").as_uri()
        for fmt in FILTERS:
            todo = [(s, t) for s, t, f in jobs if f == fmt]
            if not todo:
                continue
            staged = []
            for i, (source, _target) in enumerate(todo):
                path = work / fmt / f"in{i:03d}{source.suffix}"
                path.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, path)
                staged.append(str(path))
            outdir = work / f"out-{fmt}"
            subprocess.run(
                [
                    binary,
                    f"-env:UserInstallation={profile}",
                    "--headless",
                    "--convert-to",
                    FILTERS[fmt],
                    "--outdir",
                    str(outdir),
                    *staged,
                ],
                check=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                timeout=600,
            )
            for i, (source, target) in enumerate(todo):
                produced = outdir / f"in{i:03d}.{fmt}"
                if not produced.exists():
                    raise RuntimeError(f"LibreOffice did not convert {source.name} to .{fmt}")
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(produced, target)


@dataclass
class _Staged:
    shape: Shape
    sample: Sample
    work: Path


def _queue(source: Path, target: Path, fmt: str, jobs: list[tuple[Path, Path, str]]) -> None:
    """Queue one conversion; "lo-docx" is a DOCX opened in LibreOffice, saved as .odt, and that
    saved back as .docx (two passes: odt, then docx)."""
    if fmt == "lo-docx":
        via = source.parent / "_lo" / f"{target.stem}.odt"
        jobs.append((source, via, "odt"))
        jobs.append((via, target, "docx"))
    else:
        jobs.append((source, target, fmt))


def continue_roster_table(path: Path) -> None:
    """The roster typed on in a second table after a page break, its header row typed again
    (Word starts no new page in a table, so people break the table and repeat the header).
    The rows keep the numbers a person counts: the repeated header is no row of the roster."""
    document = docx.Document(str(path))
    tbl = max(document.tables, key=lambda t: len(t.rows))._tbl
    rows = tbl.findall(qn("w:tr"))
    first = (len(rows) - 1) // 2  # data rows left in the first table
    second = copy.deepcopy(tbl)
    for tr in second.findall(qn("w:tr"))[1 : 1 + first]:
        second.remove(tr)
    for tr in rows[1 + first :]:
        tbl.remove(tr)
    brk = OxmlElement("w:p")
    run = OxmlElement("w:r")
    page = OxmlElement("w:br")
    page.set(qn("w:type"), "page")
    run.append(page)
    brk.append(run)
    tbl.addnext(brk)
    brk.addnext(second)
    writers.save_docx(document, path)


def _stage(shape: Shape, seed: int, work: Path, jobs: list[tuple[Path, Path, str]]) -> _Staged:
    """Write the documents (generate.stage), then queue the conversions this shape needs."""
    pdf_jobs: list[tuple[Path, Path]] = []
    sample = stage(shape.spec, seed, work, pdf_jobs)
    assert not pdf_jobs
    outputs = list(sample.outputs)
    if shape.roster_split:
        roster = next(p for _n, p, k in outputs if k == "member_roster")
        assert roster.suffix == ".docx"
        continue_roster_table(roster)
    for kind, fmt in shape.formats.items():
        at = next(i for i, o in enumerate(outputs) if o[2] == kind)
        name, path, _ = outputs[at]
        suffix = ".docx" if fmt == "lo-docx" else f".{fmt}"
        new = path.with_suffix(suffix)
        if fmt == "lo-docx":
            new = path.parent / "_saved" / path.name
        _queue(path, new, fmt, jobs)
        new_name = str(Path(name).with_suffix(suffix))
        outputs[at] = (new_name, new, kind)
        sample.files[kind] = new_name
    if shape.combined:
        parts = [next(o for o in outputs if o[2] == kind) for kind in shape.combined]
        combined_docx = work / "_combined" / f"{COMBINED_NAME}.docx"
        combine_docx([p for _, p, _ in parts], combined_docx)
        target = combined_docx
        if shape.combined_as != "docx":
            suffix = "docx" if shape.combined_as == "lo-docx" else shape.combined_as
            target = work / f"{COMBINED_NAME}.{suffix}"
            _queue(combined_docx, target, shape.combined_as, jobs)
        name = target.name
        outputs = [o for o in outputs if o[2] not in shape.combined]
        outputs[0:0] = [(name, target, kind) for kind in shape.combined]
        for kind in shape.combined:
            sample.files[kind] = name
    sample.outputs = outputs
    return _Staged(shape, sample, work)


def _package(staged: _Staged, out: Path, seed: int) -> dict[str, Any]:
    """The bundle in its shape, and expected.json's content (from generate.package)."""
    shape, sample = staged.shape, staged.sample
    # One copy of a combined file, listed once per document it holds.
    unique = {name: path for name, path, _ in sample.outputs}
    expected = package(sample, out)
    expected["name"], expected["about"], expected["seed"] = shape.name, shape.about, seed
    if shape.package == "folder":
        return expected
    shutil.rmtree(out / "bundle")
    group = sample.name
    renamed: dict[str, str] = {}
    if shape.package == "group-folder":
        folder = out / "bundle" / group
        folder.mkdir(parents=True)
        for name, path in unique.items():
            shutil.copyfile(path, folder / name)
            renamed[name] = f"{group}/{name}"
            if name.endswith((".docx", ".doc")) and sample.rng.random() < 0.6:
                # Word's lock file of a document left open when the folder was copied.
                (folder / f"~${name[2:]}").write_bytes(b"\x05User" + bytes(156))
            if name.endswith(".docx") and not (folder / "~WRL0001.tmp").exists():
                # The temporary copy Word saves beside a document (a whole DOCX, not sent).
                shutil.copyfile(path, folder / "~WRL0001.tmp")
            if name.endswith((".doc", ".xls", ".odt", ".ods", ".rtf")):
                # LibreOffice's lock file of the same kind, left by the PC that converted it.
                (folder / f".~lock.{name}#").write_text(
                    "สมศรี,PC-KASET01,PC-KASET01,03.12.2026 09:41,file:///C:/Users/kaset;",
                    encoding="utf-8",
                )
        for litter, data in LITTER:
            (folder / litter).write_bytes(data)
        (out / "bundle" / "Thumbs.db").write_bytes(LITTER[0][1])
        expected["input"] = ["bundle"]
    elif shape.package == "zip-in-zip":
        # The request form at the top of the group's folder; the attachments zipped again.
        top = f"{group}/"
        inner_name = "เอกสารแนบ.zip"
        inner_entries: list[tuple[str, bytes]] = []
        outer: list[tuple[str, bytes]] = [(top, b"")]
        for name, path in unique.items():
            kind = next(k for n, _p, k in sample.outputs if n == name)
            if kind == "request_form":
                outer.append((top + name, path.read_bytes()))
                renamed[name] = top + name
            else:
                inner_entries.append((name, path.read_bytes()))
                renamed[name] = f"{top}{inner_name}/{name}"
        inner_entries += [(n, d) for n, d in LITTER]
        inner_entries.append(("__MACOSX/", b""))
        inner_entries += [
            (f"__MACOSX/._{n}", b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        ")
            for n, _d in inner_entries
            if not n.startswith("__MACOSX") and n not in dict(LITTER)
        ]
        inner_zip = staged.work / "_inner.zip"
        mac_windows = shape.zip_names == "mac-windows"
        # Attachments zipped on a Thai Windows PC (cp874 names, no UTF-8 flag), the whole
        # folder zipped again on a Mac (names in NFD, as macOS keeps them).
        writers.write_zip(inner_zip, inner_entries, names="cp874" if mac_windows else "utf-8")
        outer.append((top + inner_name, inner_zip.read_bytes()))
        outer += [(top + n, d) for n, d in LITTER]
        outer.append((f"{top}~$หนังสือขอ.docx", b"\x05User" + bytes(156)))
        if mac_windows:
            outer = [(unicodedata.normalize("NFD", n), d) for n, d in outer]
            outer += list(DRIVE_LITTER)  # the group's folder zipped from the stick's root
        zip_name = f"{group}.zip"
        writers.write_zip(out / zip_name, outer)
        expected["input"] = [zip_name]
    for item in expected["documents"] or []:
        item["file"] = renamed.get(item["file"], item["file"])
    for finding in expected["findings"]:
        if finding.get("file") in renamed:
            finding["file"] = renamed[finding["file"]]
    return expected


def generate(
    out_dir: Path, seed: int = DEFAULT_SEED, *, only: Sequence[str] = (), soffice: str | None = None
) -> list[str]:
    """Write every shape bundle into `out_dir/<name>/` with its expected.json."""
    shapes = [s for s in SHAPES if not only or s.name in only]
    return _write(shapes, _stage, out_dir, seed, soffice)


def _write(
    shapes: Sequence[Any],
    stage: Callable[[Any, int, Path, list[tuple[Path, Path, str]]], _Staged],
    out_dir: Path,
    seed: int,
    soffice: str | None,
) -> list[str]:
    """Stage each shape's documents, convert them all in one LibreOffice call per format, then
    package each bundle with its expected.json."""
    written = []
    with tempfile.TemporaryDirectory(prefix="shapes-") as tmp:
        jobs: list[tuple[Path, Path, str]] = []
        staged = [stage(s, seed, Path(tmp) / s.name, jobs) for s in shapes]
        convert_all(jobs, soffice)
        for item in staged:
            target = out_dir / item.shape.name
            expected = _package(item, target, seed)
            (target / "expected.json").write_text(
                json.dumps(expected, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
            )
            written.append(item.shape.name)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="เขียนชุดเอกสารรูปแบบต่าง ๆ (.doc .xls .odt รวมไฟล์เดียว ZIP ซ้อน) / "
        "write bundles in the shapes offices receive"
    )
    parser.add_argument("--out", type=Path, required=True, help="โฟลเดอร์ปลายทาง / output folder")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("only", nargs="*", help="ชื่อชุด / bundle names (default: all)")
    args = parser.parse_args(argv)
    names = generate(args.out, args.seed, only=args.only)
    names += generate_workbooks(args.out, args.seed, only=args.only)
    print(f"{len(names)} bundles in {args.out}")
    return 0


# ---------------------------------------------------------------------------------------
# All in one workbook: a sheet per document, or two documents on one sheet
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class WorkbookShape:
    """Documents typed into one workbook (as a secretary copies them into Excel): each entry of
    `sheets` is one sheet, holding one document or two one below the other."""

    name: str
    about: str
    spec: Spec
    sheets: tuple[tuple[str, ...], ...]  # kinds on each sheet, top to bottom
    sheet_names: tuple[str, ...]  # as named in the workbook (Sheet1… says nothing)
    save_as: str = "xlsx"  # xlsx | ods | xls (LibreOffice)


WORKBOOK_NAME = "เอกสารขอจัดตั้งกลุ่ม"
WORKBOOK_SHAPES: list[WorkbookShape] = [
    WorkbookShape(
        "shape-workbook-named-sheets",
        "ครบถ้วน เอกสารทั้งห้าในไฟล์ Excel เดียว แผ่นงานละเอกสาร ตั้งชื่อแผ่นงาน / complete, all five "
        "in one XLSX, a named sheet each",
        _spec("valid-02-xlsx-roster", "shape-workbook-named-sheets"),
        tuple((k,) for k in KINDS),
        ("คำขอ", "ข้อบังคับ", "กรรมการ", "รายชื่อสมาชิก", "แผนงาน"),
    ),
    WorkbookShape(
        "shape-workbook-ods-defects",
        "เอกสารทั้งห้าในไฟล์ .ods เดียว แผ่นงาน Sheet1-5 เลขบัตรผิดหนึ่งรายและสมาชิกซ้ำ / all five in "
        "one .ods, Sheet1-5, one bad ID and a duplicate",
        _spec(
            "valid-02-xlsx-roster",
            "shape-workbook-ods-defects",
            district="4002",
            gtype="vegetable",
            defects=("bad-check-digit", "duplicate"),
        ),
        tuple((k,) for k in KINDS),
        ("Sheet1", "Sheet2", "Sheet3", "Sheet4", "Sheet5"),
        save_as="ods",
    ),
    WorkbookShape(
        "shape-workbook-two-on-one-sheet",
        "คำขอ ข้อบังคับ แผนงาน แผ่นงานละเอกสาร กรรมการกับสมาชิกอยู่แผ่นงานเดียวกัน เลขบัตรผิดหนึ่งราย / "
        "request, bylaws, plan a sheet each, committee and roster on one sheet, one bad ID",
        _spec(
            "valid-02-xlsx-roster",
            "shape-workbook-two-on-one-sheet",
            district="3004",
            gtype="rice",
            defects=("bad-check-digit",),
        ),
        (("request_form",), ("bylaws",), ("committee_list", "member_roster"), ("activity_plan",)),
        ("Sheet1", "ข้อบังคับ", "Sheet3", "แผนงาน"),
    ),
    WorkbookShape(
        "shape-workbook-subset-xls",
        "ครบถ้วน กรรมการ สมาชิก และแผนงานใน .xls เดียว คำขอและข้อบังคับแยกไฟล์ Word / complete, "
        "committee, roster and plan in one .xls, request and bylaws as Word files",
        _spec("valid-02-xlsx-roster", "shape-workbook-subset-xls", district="8406"),
        (("committee_list",), ("member_roster",), ("activity_plan",)),
        ("กรรมการ", "สมาชิก", "แผน"),
        save_as="xls",
    ),
    WorkbookShape(
        "shape-workbook-stacked-outsider",
        "สมาชิกแล้วกรรมการในแผ่นงานเดียว คำขอแล้วข้อบังคับในอีกแผ่นงาน กรรมการหนึ่งคนไม่อยู่ในบัญชีสมาชิก / "
        "roster then committee on one sheet, request then bylaws on another, a committee member "
        "not on the roster",
        _spec("defect-committee-not-member", "shape-workbook-stacked-outsider", district="5002"),
        (("member_roster", "committee_list"), ("request_form", "bylaws"), ("activity_plan",)),
        ("Sheet1", "Sheet2", "Sheet3"),
    ),
    WorkbookShape(
        "shape-workbook-one-sheet",
        "ครบถ้วน เอกสารทั้งห้าต่อกันในแผ่นงานเดียว หนังสือคำขอไม่มีหัวเรื่องอยู่กลางแผ่นงาน / complete, "
        "all five one below the other on one sheet, an untitled request letter in the middle",
        _spec("valid-08-zip-nested-mac", "shape-workbook-one-sheet", district="4001"),
        (("bylaws", "activity_plan", "request_form", "committee_list", "member_roster"),),
        ("Sheet1",),
    ),
]


def docx_rows(path: Path) -> list[list[str]]:
    """A Word document as rows a person pastes into Excel: a paragraph a row, a table's rows as
    they are (empty paragraphs left out)."""
    return _docx_rows(path)[0]


def _docx_rows(path: Path) -> tuple[list[list[str]], int | None]:
    """docx_rows, and how many rows come before the first table's (None: no table)."""
    document = docx.Document(str(path))
    rows: list[list[str]] = []
    table_at: int | None = None
    for element in document.element.body:
        if element.tag.endswith("}p"):
            text = "".join(t.text or "" for t in element.iter() if t.tag.endswith("}t")).strip()
            if text:
                rows.append([text])
        elif element.tag.endswith("}tbl"):
            table = docx.table.Table(element, document)
            table_at = len(rows) if table_at is None else table_at
            for row in table.rows:
                rows.append([cell.text.strip() for cell in row.cells])
    return rows, table_at


def _sheet_rows(path: Path) -> list[list[Any]]:
    """The rows of the generated roster workbook's sheet, every row (empty ones too), so each
    keeps the row number the generator wrote its findings with."""
    import openpyxl

    sheet = openpyxl.load_workbook(path).worksheets[-1]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def _stage_workbook(
    shape: WorkbookShape, seed: int, work: Path, jobs: list[tuple[Path, Path, str]]
) -> _Staged:
    """The documents (generate.stage), copied into the workbook's sheets; the roster's row
    findings moved to the sheet and row they land on."""
    from openpyxl import Workbook

    pdf_jobs: list[tuple[Path, Path]] = []
    sample = stage(shape.spec, seed, work, pdf_jobs)
    assert not pdf_jobs and shape.spec.roster == "xlsx"
    by_kind = {kind: path for _name, path, kind in sample.outputs}
    workbook = Workbook()
    first = workbook.active
    assert first is not None
    workbook.remove(first)
    # Where each document's rows land: the sheet, and the sheet row its table's row 1 is on,
    # less one (the roster is copied row for row, so its own sheet rows shift by the offset).
    moved: dict[str, tuple[str, int]] = {}
    for kinds, sheet_name in zip(shape.sheets, shape.sheet_names, strict=True):
        ws = workbook.create_sheet(sheet_name)
        used = 0  # rows written on this sheet
        for n, kind in enumerate(kinds):
            if n:
                ws.append([])  # a blank row between the two documents
                used += 1
            if kind == "member_roster":
                moved[kind] = (sheet_name, used)
                rows: list[list[Any]] = _sheet_rows(by_kind[kind])
            else:
                rows, table_at = _docx_rows(by_kind[kind])
                if table_at is not None:
                    moved[kind] = (sheet_name, used + table_at)
            for row in rows:
                ws.append(row)
            used += len(rows)
        ws.column_dimensions["B"].width = 30
    combined = {kind for kinds in shape.sheets for kind in kinds}
    staged_xlsx = work / "_workbook" / f"{WORKBOOK_NAME}.xlsx"
    writers.save_xlsx(workbook, staged_xlsx)
    target = staged_xlsx
    if shape.save_as != "xlsx":
        target = work / f"{WORKBOOK_NAME}.{shape.save_as}"
        jobs.append((staged_xlsx, target, shape.save_as))
    outputs = [o for o in sample.outputs if o[2] not in combined]
    sample.outputs = [(target.name, target, kind) for kinds in shape.sheets for kind in kinds]
    sample.outputs += outputs
    for kind in combined:
        sample.files[kind] = target.name
    for finding in sample.findings:
        where, kind = finding.get("where"), finding.get("file")
        if where and kind in moved:
            sheet_name, offset = moved[kind]
            row = int(where.rsplit(" ", 1)[1]) + offset
            finding["where"] = f"แผ่นงาน {sheet_name} แถวที่ {row}"
    return _Staged(
        Shape(shape.name, shape.about, shape.spec, combined=tuple(sorted(combined))),
        sample,
        work,
    )


def generate_workbooks(
    out_dir: Path, seed: int = DEFAULT_SEED, *, only: Sequence[str] = (), soffice: str | None = None
) -> list[str]:
    """Write every workbook shape into `out_dir/<name>/` with its expected.json."""
    chosen = [s for s in WORKBOOK_SHAPES if not only or s.name in only]
    return _write(chosen, _stage_workbook, out_dir, seed, soffice)


if __name__ == "__main__":
    sys.exit(main())
