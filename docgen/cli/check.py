"""docgen CLI: `docgen check PATH... [--json] [--report OUT.docx]`, the bundle check."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from docgen.cli.app import app, run
from docgen.model import KIND_LABEL_TH, CheckReport, DocgenError, Severity
from docgen.thai.ids import mask_national_id


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


@app.command(
    "check",
    help="ตรวจชุดเอกสารขอใบรับรองของกลุ่มหนึ่งกลุ่ม (ไฟล์ .zip โฟลเดอร์ หรือหลายไฟล์) "
    "ออกรหัส 0 เมื่อครบถ้วน 1 เมื่อพบข้อผิดพลาด 2 เมื่อใช้ข้อมูลไม่ได้ / "
    "Check one group's application bundle (a .zip, a folder or several files). "
    "Exit 0 when complete, 1 when errors are found, 2 when the input is unusable.",
)
def check_command(
    paths: list[Path] = typer.Argument(
        ..., help="ไฟล์ .zip โฟลเดอร์ หรือไฟล์เอกสาร / a .zip, a folder, or document files"
    ),
    as_json: bool = typer.Option(
        False, "--json", help="พิมพ์รายงานเป็น JSON / print the report as JSON"
    ),
    report_out: Path | None = typer.Option(
        None,
        "--report",
        help="เขียนบันทึกเสนอความเห็นของ นสว. (.docx) / also write the officer's review memo (.docx)",
    ),
) -> None:
    def body() -> int:
        from docgen.intake.convert import SofficeDocumentConverter
        from docgen.pipeline import check_bundle
        from docgen.settings import get_settings

        settings = get_settings()
        with SofficeDocumentConverter(settings.soffice, settings.pdf_timeout_s) as converter:
            report = check_bundle(paths, converter=converter)
        if as_json:
            typer.echo(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
        else:
            _print_table(report)
        if report_out is not None:
            _write_memo(report, report_out)
            if not as_json:
                typer.echo(f"เขียนบันทึกเสนอความเห็นแล้ว: {report_out}")
        rejected = any(f.code == "BUNDLE_REJECTED" for f in report.findings)
        if not report.bundle.files and not rejected:
            # An empty folder or archive: no bundle at all.
            typer.echo("ข้อผิดพลาด: ไม่พบเอกสารใดในชุดที่ให้ตรวจ", err=True)
            return 2
        return 0 if report.complete else 1

    code = run(body)
    raise typer.Exit(code)
