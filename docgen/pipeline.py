"""The verbs the doors call (CLI, web, workers): check a bundle, read a file's text, render."""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path

from docgen.intake.bundle import BundleLimits, open_bundle
from docgen.intake.classify import classify
from docgen.intake.extract import extract
from docgen.intake.readers import read_document
from docgen.model import CheckReport, ClassifiedFile, DocKind, Finding, Severity, UnreadableFile
from docgen.rules import distinct_members, run_rules


def check_bundle(
    paths: Sequence[Path],
    workdir: Path | None = None,
    *,
    limits: BundleLimits | None = None,
) -> CheckReport:
    """Open, read, classify, extract and check one bundle. A bad bundle is a report, not an error.

    `workdir` receives unpacked archive entries; a temporary folder is used (and removed) if None.
    """
    if workdir is None:
        with tempfile.TemporaryDirectory(prefix="docgen-check-") as tmp:
            return check_bundle(paths, Path(tmp), limits=limits)

    opened = open_bundle(paths, workdir, limits or BundleLimits())
    intake_findings: list[Finding] = list(opened.findings)
    classified: list[ClassifiedFile] = []
    for source in opened.files:
        try:
            content = read_document(source)
        except UnreadableFile as exc:
            intake_findings.append(
                Finding(
                    code="UNREADABLE_FILE",
                    severity=Severity.ERROR,
                    message=exc.message_th,
                    file=source.name,
                )
            )
            classified.append(ClassifiedFile(source, DocKind.UNKNOWN, None))
            continue
        classified.append(ClassifiedFile(source, classify(source, content), content))

    bundle = extract(classified, intake_findings)
    findings = run_rules(bundle)
    return CheckReport(bundle=bundle, findings=tuple(findings), members=distinct_members(bundle))


def document_text(path: Path) -> str:
    """The text docgen reads from one document, after Thai repair (`docgen text`)."""
    from docgen.intake.readers import read_path

    return read_path(path).text
