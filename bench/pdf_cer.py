"""Character error rate of Thai PDF text per font: pypdf alone against docgen's reader."""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "integration"))
sys.path.insert(0, str(REPO))

from pdf_corpus import (  # noqa: E402
    build_corpus,
    cer,
    check_summary,
    pdf_twin,
    sample_bundles,
    sample_docx,
    source_text,
)
from pypdf import PdfReader  # noqa: E402

from docgen.intake.pdf import read_pdf  # noqa: E402
from docgen.pipeline import check_bundle  # noqa: E402


def main() -> None:
    started = time.perf_counter()
    bundles = sample_bundles(everything=True)
    corpus = build_corpus(extra_docx=sample_docx(bundles))
    print(
        f"corpus: {len(corpus.pdfs)} fonts, {time.perf_counter() - started:.1f} s to build or load"
    )
    print(f"{'font':<14}{'pypdf':>9}{'docgen':>9}{'ratio':>8}{'pypdf s':>9}{'docgen s':>10}")
    reference = source_text()
    worst = 0.0
    for font, pdf in corpus.pdfs.items():
        t0 = time.perf_counter()
        naive = "\n".join(page.extract_text() for page in PdfReader(pdf).pages)
        t1 = time.perf_counter()
        ours = read_pdf(pdf).text
        t2 = time.perf_counter()
        naive_cer, our_cer = cer(reference, naive), cer(reference, ours)
        worst = max(worst, our_cer)
        ratio = naive_cer / our_cer if our_cer else float("inf")
        print(
            f"{font:<14}{naive_cer:>8.2%}{our_cer:>9.2%}{ratio:>7.0f}x"
            f"{t1 - t0:>9.2f}{t2 - t1:>10.2f}"
        )
    print(f"worst docgen CER {worst:.2%} (target 0.50%)")

    # Issue 8's second target: every sample bundle printed to PDF checks like its DOCX original.
    same = 0
    with tempfile.TemporaryDirectory(prefix="docgen-pdf-twins-") as tmp:
        for name in bundles:
            original = REPO / "samples" / "bundles" / name / "bundle"
            twin = pdf_twin(name, corpus, Path(tmp))
            as_docx = check_summary(check_bundle([original]).to_json())
            as_pdf = check_summary(check_bundle([twin]).to_json())
            same += as_docx == as_pdf
            if as_docx != as_pdf:
                print(f"DIFFERS {name}\n  docx {as_docx}\n  pdf  {as_pdf}")
    print(f"sample bundles printed to PDF with the same findings: {same}/{len(bundles)}")


if __name__ == "__main__":
    main()
