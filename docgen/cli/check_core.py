"""`docgen check` without Typer: the check itself, its output, and a quick start for the usual forms.

`docgen check PATH... [--json] [--report OUT.docx]` is most of what the command line runs,
often from scripts, once a bundle: `run_check` is its body (the Typer command in
`docgen/cli/check.py` calls it too), and `quick_check_args` reads the usual argument forms
so that `docgen.cli.main` runs them without loading Typer (which brings pydantic and every
parameter's converter, ~0.15 s). Anything else (`--help`, an unknown option, `--`, an option
value starting with "-") is left to Typer, which gives its help or its one Thai sentence.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from docgen.intake.convert import WRITER_TO_DOCX
from docgen.model import KIND_LABEL_TH, CheckReport, DocgenError, Severity
from docgen.thai.ids import mask_national_id

if TYPE_CHECKING:
    from docgen.intake.convert import SofficeDocumentConverter


def _print_table(report: CheckReport) -> None:
    """The report for people: group summary, documents, members, committee and findings."""
    from rich.console import Console
    from rich.table import Table

    console = Console()
    data = report.to_json()
    g = data["group"]
    summary = Table(title="สรุปกลุ่ม / group", show_header=False)
    summary.add_column("", style="bold")
    summary.add_column("")
    place = " ".join(
        p
        for p in (
            f"หมู่ที่ {g['moo']}" if g.get("moo") else "",
            f"ตำบล{g['subdistrict']}" if g["subdistrict"] else "",
            f"อำเภอ{g['district']}" if g["district"] else "",
            f"จังหวัด{g['province']}" if g["province"] else "",
        )
        if p
    )
    summary.add_row("ชื่อกลุ่ม", g["name"] or "(ไม่พบ)")
    summary.add_row("ที่ตั้ง", place or "(ไม่พบ)")
    stated = g.get("stated_members")
    summary.add_row(
        "สมาชิก",
        f"{g['members']} คน" + (f" (หนังสือคำขอระบุ {stated} ราย)" if stated is not None else ""),
    )
    summary.add_row("คณะกรรมการ", f"{g['committee']} คน")
    summary.add_row("กิจกรรมในแผน", f"{len(data['activities'])} กิจกรรม")
    summary.add_row(
        "ผลการตรวจ",
        "[green]ครบถ้วน[/green]" if report.complete else "[red]ต้องแก้ไข[/red]",
    )
    console.print(summary)

    docs = Table(title="เอกสาร / documents")
    docs.add_column("ไฟล์", overflow="fold")
    docs.add_column("ประเภท", overflow="fold")
    for cf in report.bundle.files:
        label = KIND_LABEL_TH[cf.kind] if cf.content is not None else "อ่านไม่ได้"
        name = cf.file.name
        if cf.pages:  # one of several documents in one file
            first, last = cf.pages[0], cf.pages[-1]
            name += f" (หน้า {first})" if first == last else f" (หน้า {first}–{last})"
        elif cf.sheets:  # a workbook's part
            name += f" (แผ่นงาน {', '.join(cf.sheets)})"
        elif cf.heading:
            name += f" ({cf.heading[:40]})"
        docs.add_row(name, label)
    console.print(docs)

    if report.members:
        members = Table(title="สมาชิก / members")
        for col in ("ลำดับ", "ชื่อ-สกุล", "เลขประจำตัวประชาชน", "ตำบล", "อำเภอ", "ที่มา"):
            members.add_column(col, overflow="fold")
        for r in report.members:
            addr = r.person.address
            members.add_row(
                str(r.index),
                r.person.display_name,
                mask_national_id(r.person.national_id_raw) if r.person.national_id_raw else "-",
                addr.subdistrict if addr else "",
                addr.district if addr else "",
                f"{r.file} {r.where}",
            )
        console.print(members)

    if report.bundle.committee_seats:
        committee = Table(title="คณะกรรมการ / committee")
        committee.add_column("ชื่อ-สกุล")
        committee.add_column("ตำแหน่ง")
        committee.add_column("บทบาท")
        for s in report.bundle.committee_seats:
            committee.add_row(s.person.display_name, s.position, str(s.role))
        console.print(committee)

    findings = Table(title="ข้อค้นพบ / findings")
    findings.add_column("ระดับ", overflow="fold")
    findings.add_column("รหัส", overflow="fold")
    findings.add_column("รายละเอียด", overflow="fold", ratio=3)
    findings.add_column("ไฟล์ / ตำแหน่ง", overflow="fold", ratio=1)
    for f in report.findings:
        level = "[red]ข้อผิดพลาด[/red]" if f.severity == Severity.ERROR else "[yellow]คำเตือน[/yellow]"
        spot = " ".join(p for p in (f.file or "", f.where or "") if p)
        findings.add_row(level, f.code, f.message, spot)
    if report.findings:
        console.print(findings)
    else:
        console.print("[green]ไม่พบข้อผิดพลาด เอกสารครบถ้วน[/green]")


def _write_memo(report: CheckReport, out: Path) -> None:
    try:
        from docgen.render.memo import write_review_memo
    except ImportError as exc:
        raise DocgenError(
            "ยังเขียนบันทึกเสนอความเห็น (--report) ไม่ได้ เพราะส่วนสร้างเอกสารยังไม่พร้อม"
        ) from exc
    write_review_memo(report, out)


class LazyConverter:
    """The LibreOffice converter, with its settings read only when a bundle has a file to convert
    (.doc, .xls, .rtf, .odt, .ods): most bundles have none, and then no settings are loaded."""

    def __init__(self) -> None:
        self._real: SofficeDocumentConverter | None = None

    def convert_many(
        self,
        docx_files: Sequence[Path],
        out_pdfs: Sequence[Path],
        *,
        convert_to: str = WRITER_TO_DOCX,
    ) -> list[Path]:
        if self._real is None:
            from docgen.intake.convert import SofficeDocumentConverter
            from docgen.settings import get_settings

            settings = get_settings()
            self._real = SofficeDocumentConverter(settings.soffice, settings.pdf_timeout_s)
        return self._real.convert_many(docx_files, out_pdfs, convert_to=convert_to)

    def close(self) -> None:
        if self._real is not None:
            self._real.close()
            self._real = None


def run_check(paths: Sequence[Path], as_json: bool, report_out: Path | None) -> int:
    """Check one bundle, print its report (JSON or the table), write the memo; the exit code."""
    from docgen.pipeline import check_bundle

    converter = LazyConverter()
    try:
        report = check_bundle(list(paths), converter=converter)
    finally:
        converter.close()
    if as_json:
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    else:
        _print_table(report)
    if report_out is not None:
        _write_memo(report, report_out)
        if not as_json:
            print(f"เขียนบันทึกเสนอความเห็นแล้ว: {report_out}")
    sys.stdout.flush()
    rejected = any(f.code == "BUNDLE_REJECTED" for f in report.findings)
    if not report.bundle.files and not rejected:
        # An empty folder or archive: no bundle at all.
        from docgen.cli.guard import say_error

        say_error("ข้อผิดพลาด: ไม่พบเอกสารใดในชุดที่ให้ตรวจ")
        return 2
    return 0 if report.complete else 1


@dataclass(frozen=True)
class CheckArgs:
    paths: tuple[Path, ...]
    as_json: bool = False
    report_out: Path | None = None
    debug: bool = False


def quick_check_args(argv: Sequence[str]) -> CheckArgs | None:
    """`[--debug] check PATH... [--json] [--report OUT | --report=OUT]` read as Typer reads it;
    None for any other form (Typer then reads it)."""
    args = list(argv)
    debug = False
    while args and args[0] == "--debug":
        debug = True
        args.pop(0)
    if not args or args[0] != "check":
        return None
    paths: list[Path] = []
    as_json = False
    report: str | None = None
    rest = args[1:]
    i = 0
    while i < len(rest):
        word = rest[i]
        if word == "--json":
            as_json = True
        elif word == "--report" or word.startswith("--report="):
            if report is not None:
                return None  # given twice: Typer's rule
            if word == "--report":
                if i + 1 >= len(rest) or rest[i + 1].startswith("-"):
                    return None
                i += 1
                report = rest[i]
            else:
                report = word[len("--report=") :]
            if not report:
                return None
        elif word.startswith("-"):
            return None  # --help, --, an unknown option: Typer says what it says
        else:
            paths.append(Path(word))
        i += 1
    if not paths:
        return None
    return CheckArgs(tuple(paths), as_json, Path(report) if report is not None else None, debug)


def quick_check(args: CheckArgs) -> int:
    """Run `docgen check` from CheckArgs with the shared error handling; the exit code."""
    from docgen.cli.guard import CommandExit, guarded

    try:
        return guarded(
            lambda: run_check(args.paths, args.as_json, args.report_out), debug=args.debug
        )
    except CommandExit as exc:
        return exc.code
