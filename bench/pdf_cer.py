"""Character error rate of Thai PDF text per font: pypdf alone against docgen's reader."""

from __future__ import annotations

import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "integration"))
sys.path.insert(0, str(REPO))

from pdf_corpus import build_corpus, cer, source_text  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from docgen.intake.pdf import read_pdf  # noqa: E402


def main() -> None:
    started = time.perf_counter()
    corpus = build_corpus()
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


if __name__ == "__main__":
    main()
