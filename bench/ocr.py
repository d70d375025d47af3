"""OCR benchmark: a 7-page scanned bundle checked by docgen, against plain `tesseract -l tha --psm 6`
on the same pages in the same run; and character error rates of both against the printed text.

    python bench/ocr.py            (target: the 7-page bundle checked in under 30 s on 2 cores)
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pypdf import PdfReader, PdfWriter

from docgen.intake.ocr import ocr_pages
from docgen.pipeline import check_bundle
from samples import scans

SOURCE = "valid-05-all-pdf"


def _distance(a: str, b: str) -> int:
    """Levenshtein distance (two rows; the pages are a few thousand characters)."""
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def _letters(text: str) -> str:
    """What CER counts: the characters, without spaces, table rules or leaders."""
    text = text.replace("\u0e4d\u0e32", "\u0e33")
    return re.sub(r"[\s|.\-_…]+", "", text)


def cer(read: str, truth: str) -> float:
    t = _letters(truth)
    return _distance(_letters(read), t) / max(1, len(t))


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-ocr-") as tmp:
        root = Path(tmp)
        expected = scans.make_bundle(SOURCE, "scan-pdf", root / "b")
        bundle = root / "b" / "bundle"
        # Seven pages: the bylaws' third page left out (2 + 2 + 1 + 1 + 1).
        bylaws = bundle / "02 ข้อบังคับกลุ่ม.pdf"
        writer = PdfWriter()
        for page in PdfReader(bylaws).pages[:2]:
            writer.add_page(page)
        with open(bylaws, "wb") as f:
            writer.write(f)
        files = sorted(bundle.glob("*.pdf"))
        pages = sum(len(PdfReader(f).pages) for f in files)

        started = time.perf_counter()
        report = check_bundle([bundle], root / "work").to_json()
        ours = time.perf_counter() - started

        images = root / "pages"
        images.mkdir()
        for f in files:  # the page images as the scanner made them
            subprocess.run(["pdfimages", "-png", str(f), str(images / f.stem)], check=True)
        plain_text: dict[str, str] = {}
        started = time.perf_counter()
        for image in sorted(images.glob("*.png")):
            out = subprocess.run(
                ["tesseract", str(image), "-", "-l", "tha", "--psm", "6"],
                capture_output=True,
                check=True,
            )
            plain_text[image.name] = out.stdout.decode("utf-8")
        plain = time.perf_counter() - started

        print(f"{pages} scanned pages, {len(files)} files")
        print(f"docgen check (OCR, tables cell by cell): {ours:5.1f} s")
        print(
            f"plain tesseract -l tha --psm 6 per page: {plain:5.1f} s  (ratio {ours / plain:.2f}x)"
        )
        g = report["group"]
        print(
            f"result: complete={report['complete']} members={g['members']}/{expected['group']['members']} "
            f"committee={g['committee']}/{expected['group']['committee']} "
            f"name {'ok' if g['name'] == expected['group']['name'] else 'WRONG'}"
        )
        print("CER against the printed text (docgen / plain tesseract):")
        for stem in ("04 สมาชิก", "03 คณะกรรมการ", "02 ข้อบังคับกลุ่ม"):
            source = scans.BUNDLES / SOURCE / "bundle" / f"{stem}.pdf"
            truth = subprocess.run(
                ["pdftotext", "-f", "1", "-l", "1", str(source), "-"],
                capture_output=True,
                check=True,
            ).stdout.decode("utf-8")
            page_one = ocr_pages(bundle / f"{stem}.pdf")[0].text
            first_image = sorted(k for k in plain_text if k.startswith(stem))[0]
            print(
                f"  {stem} p.1: {100 * cer(page_one, truth):5.1f} % / "
                f"{100 * cer(plain_text[first_image], truth):5.1f} %"
            )


if __name__ == "__main__":
    main()
