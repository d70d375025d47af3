"""Benchmark: batch certificates, docgen's way against the naive docxtpl + LibreOffice way.

In one run, on the same input and the same template:
  (a) naive: a `DocxTemplate(path).render(ctx); save()` loop, then ONE
      `soffice --headless --convert-to pdf` call over all the files, then a pypdf merge;
  (b) docgen: `docgen.render.batch.batch_certificates` (reads and checks the CSV, numbers,
      compiled rendering, chunked LibreOffice in parallel, merge).
Prints both and the ratio, for DOCX alone and for DOCX + one merged PDF, plus docgen's peak
memory (DOCX only at 500 and 5,000 certificates).

The naive side gets its contexts ready-made (not timed) and a warm LibreOffice profile;
docgen's side is timed end to end from the CSV. Each docgen run is a fresh process so its
peak RSS is its own.

    python bench/batch.py                      # sizes 100 and 1000, PDF included, memory
    python bench/batch.py --sizes 100 --quick  # quick: naive PDF only at sizes <= 100
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

HEADER = [
    "ชื่อกลุ่ม",
    "หมู่ที่",
    "ตำบล",
    "อำเภอ",
    "จังหวัด",
    "จำนวนสมาชิก",
    "ประธาน",
    "วันที่จัดตั้ง",
    "กิจกรรมหลัก",
    "เลขที่ใบรับรอง",
]
PLACES = [
    ("ท่าพระ", "เมืองขอนแก่น", "ขอนแก่น"),
    ("ศรีภูมิ", "เมืองเชียงใหม่", "เชียงใหม่"),
    ("บ้านเป็ด", "เมืองขอนแก่น", "ขอนแก่น"),
    ("ในเมือง", "เมืองนครราชสีมา", "นครราชสีมา"),
]
ACTIVITIES = ["ปลูกผักปลอดสาร", "เลี้ยงไก่ไข่", "ทำปุ๋ยหมัก", "แปรรูปข้าว", "เลี้ยงปลานิล"]
ISSUE = dt.date(2026, 10, 15)
OFFICER = "นายสมศักดิ์ รักเกษตร"


def write_input(path: Path, n: int) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(HEADER)
        for i in range(1, n + 1):
            sub, dist, prov = PLACES[i % len(PLACES)]
            act = ACTIVITIES[i % len(ACTIVITIES)]
            out.writerow(
                [
                    f"กลุ่ม{act}บ้านหนองแวง{i}",
                    i % 15 + 1,
                    sub,
                    dist,
                    prov,
                    10 + i % 40,
                    "นายสมชาย ใจดี",
                    f"{1 + i % 28} มีนาคม 2568",
                    act,
                    f"{i}/2569",
                ]
            )
    return path


def peak_rss_mb() -> float:
    """This process's peak resident memory. VmHWM, not ru_maxrss: on Linux ru_maxrss keeps the
    high-water mark of the parent's image from before exec, which would blur the comparison."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# ---------------------------------------------------------------------------
# (b) docgen's way, in a fresh process.
# ---------------------------------------------------------------------------


def docgen_child(
    source: Path, out: Path, pdf: bool, workers: int, profiles: Path, template: Path
) -> None:
    # Modules loaded before timing, as the naive side has docxtpl loaded: a batch runs in a
    # process (CLI, web, worker) that has already imported its code.
    import docgen.render.engine
    import docgen.render.schemas
    import docgen.render.soffice_pool
    import docgen.thai.places  # noqa: F401
    from docgen.render.batch import InMemoryNumberer, batch_certificates

    started = time.perf_counter()
    cpu = time.process_time()
    result = batch_certificates(
        source,
        out,
        numberer=InMemoryNumberer(),
        pdf=pdf,
        workers=workers,
        issue_date=ISSUE,
        officer_name=OFFICER,
        profile_root=profiles,
        template_path=template,
    )
    seconds = time.perf_counter() - started
    cpu = time.process_time() - cpu
    print(
        json.dumps(
            {
                "seconds": seconds,
                "cpu": cpu,
                "count": result.count,
                "rss_mb": peak_rss_mb(),
                "pdf": str(result.pdf) if result.pdf else None,
            }
        )
    )


def run_docgen(
    source: Path, out: Path, *, pdf: bool, workers: int, profiles: Path, template: Path
) -> dict:
    shutil.rmtree(out, ignore_errors=True)
    os.sync()  # the other side's files are on disk before this side's clock starts
    cmd = [
        sys.executable,
        __file__,
        "--child",
        str(source),
        str(out),
        str(int(pdf)),
        str(workers),
        str(profiles),
        str(template),
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"docgen run failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------------------
# (a) the naive way.
# ---------------------------------------------------------------------------


def naive_contexts(source: Path) -> list[dict]:
    from docgen.render.batch import read_certificate_rows, row_context

    return [
        row_context(r)
        for r in read_certificate_rows(source, issue_date=ISSUE, officer_name=OFFICER)
    ]


def naive_docx(template: Path, contexts: list[dict], out: Path) -> tuple[float, float, list[Path]]:
    from docxtpl import DocxTemplate

    from docgen.render.engine import jinja_env

    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    files = []
    os.sync()  # the other side's files are on disk before this side's clock starts
    started = time.perf_counter()
    cpu = time.process_time()
    for n, ctx in enumerate(contexts, start=1):
        tpl = DocxTemplate(str(template))
        tpl.render(ctx, jinja_env(), autoescape=True)
        path = out / f"{n:05d}.docx"
        tpl.save(str(path))
        files.append(path)
    return time.perf_counter() - started, time.process_time() - cpu, files


def soffice_env(profile: Path) -> dict[str, str]:
    from docgen.render.pdf import fontconfig_conf

    profile.mkdir(parents=True, exist_ok=True)
    conf = profile / "fonts.conf"
    conf.write_text(fontconfig_conf(), encoding="utf-8")
    return dict(os.environ, FONTCONFIG_FILE=str(conf), HOME=str(profile))


def naive_pdf(files: list[Path], out: Path, profile: Path) -> float:
    from pypdf import PdfWriter

    pdf_dir = out / "pdf"
    shutil.rmtree(pdf_dir, ignore_errors=True)
    pdf_dir.mkdir(parents=True)
    env = soffice_env(profile)
    os.sync()  # the other side's files are on disk before this side's clock starts
    started = time.perf_counter()
    todo = list(files)
    # One call over all files. LibreOffice stops quietly after a few hundred files (here ~245,
    # exit code 0; it runs out of file handles), so, as a person would, rerun it on the rest.
    for _attempt in range(len(files) // 100 + 2):
        subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation={(profile / 'profile').as_uri()}",
                "--headless",
                "--norestore",
                "--nolockcheck",
                "--convert-to",
                "pdf",
                "--outdir",
                str(pdf_dir),
                *map(str, todo),
            ],
            env=env,
            capture_output=True,
            check=False,
        )
        todo = [f for f in todo if not (pdf_dir / f"{f.stem}.pdf").is_file()]
        if not todo:
            break
        print(f"naive: LibreOffice left {len(todo)} file(s); running it again on those", flush=True)
    if todo:
        raise SystemExit(f"naive: LibreOffice could not convert {len(todo)} file(s)")
    writer = PdfWriter()
    for f in files:
        writer.append(str(pdf_dir / f"{f.stem}.pdf"))
    writer.write(str(out / "naive.pdf"))
    return time.perf_counter() - started


def warm_naive_profile(template: Path, profile: Path, work: Path) -> None:
    from docxtpl import DocxTemplate

    from docgen.render.engine import blank_context, jinja_env

    tpl = DocxTemplate(str(template))
    tpl.render(blank_context("certificate"), jinja_env(), autoescape=True)
    tpl.save(str(work / "warm.docx"))
    naive_pdf([work / "warm.docx"], work / "warm", profile)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="100,1000", help="certificate counts, e.g. 100,1000")
    parser.add_argument("--quick", action="store_true", help="naive PDF only at sizes <= 100")
    parser.add_argument("--no-pdf", action="store_true", help="DOCX only")
    parser.add_argument(
        "--memory", default="500,5000", help="sizes for the peak-memory check ('' to skip)"
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--child", nargs=6, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        source, out, pdf, workers, profiles, template = args.child
        docgen_child(
            Path(source), Path(out), pdf == "1", int(workers), Path(profiles), Path(template)
        )
        return

    from docgen.render.registry import template_path

    sizes = [int(s) for s in args.sizes.split(",") if s]
    work = Path(tempfile.mkdtemp(prefix="docgen-bench-"))
    template = work / "certificate.docx"  # one copy, the same for both sides
    shutil.copyfile(template_path("certificate"), template)
    naive_profile = work / "naive-profile"
    docgen_profiles = work / "docgen-profiles"
    rows: list[tuple[str, ...]] = []
    try:
        with_pdf = not args.no_pdf and shutil.which("soffice") is not None
        if with_pdf:
            # Both sides start with a warm LibreOffice profile.
            warm_naive_profile(template, naive_profile, work)
            run_docgen(
                write_input(work / "warm.csv", 4),
                work / "warm-docgen",
                pdf=True,
                workers=args.workers,
                profiles=docgen_profiles,
                template=template,
            )
        for n in sizes:
            source = write_input(work / f"groups-{n}.csv", n)
            contexts = naive_contexts(source)
            naive_s, naive_cpu, files = naive_docx(template, contexts, work / f"naive-{n}")
            ours = run_docgen(
                source,
                work / f"docgen-{n}",
                pdf=False,
                workers=args.workers,
                profiles=docgen_profiles,
                template=template,
            )
            rows.append(
                (
                    str(n),
                    "DOCX",
                    f"{naive_s:.2f}",
                    f"{ours['seconds']:.2f}",
                    f"{naive_s / ours['seconds']:.1f}x",
                    f"{naive_cpu / ours['cpu']:.1f}x",
                    f"{ours['rss_mb']:.0f}",
                )
            )
            print(*rows[-1], flush=True)
            if with_pdf and (not args.quick or n <= 100):
                naive_total = naive_s + naive_pdf(files, work / f"naive-{n}", naive_profile)
                ours_pdf = run_docgen(
                    source,
                    work / f"docgen-pdf-{n}",
                    pdf=True,
                    workers=args.workers,
                    profiles=docgen_profiles,
                    template=template,
                )
                rows.append(
                    (
                        str(n),
                        "DOCX+PDF",
                        f"{naive_total:.2f}",
                        f"{ours_pdf['seconds']:.2f}",
                        f"{naive_total / ours_pdf['seconds']:.1f}x",
                        "-",
                        f"{ours_pdf['rss_mb']:.0f}",
                    )
                )
                print(*rows[-1], flush=True)
            shutil.rmtree(work / f"naive-{n}", ignore_errors=True)
        memory = [int(s) for s in args.memory.split(",") if s]
        mem_rows = []
        for n in memory:
            source = write_input(work / f"mem-{n}.csv", n)
            result = run_docgen(
                source,
                work / f"mem-{n}",
                pdf=False,
                workers=args.workers,
                profiles=docgen_profiles,
                template=template,
            )
            mem_rows.append((n, result["rss_mb"], result["seconds"]))
            shutil.rmtree(work / f"mem-{n}", ignore_errors=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print()
    print(
        f"{'size':>6} {'output':<9} {'naive s':>9} {'docgen s':>9} {'ratio':>7} "
        f"{'CPU ratio':>9} {'docgen RSS MB':>14}"
    )
    for r in rows:
        print(f"{r[0]:>6} {r[1]:<9} {r[2]:>9} {r[3]:>9} {r[4]:>7} {r[5]:>9} {r[6]:>14}")
    if mem_rows:
        print()
        for n, rss, seconds in mem_rows:
            print(f"peak RSS, DOCX only, {n:>5} certificates: {rss:6.0f} MB ({seconds:.1f} s)")
        if len(mem_rows) >= 2:
            print(
                f"memory ratio {mem_rows[-1][0]} vs {mem_rows[0][0]}: "
                f"{mem_rows[-1][1] / mem_rows[0][1]:.2f}x (target <= 1.5x)"
            )
    print("targets: DOCX >= 15x, DOCX+PDF >= 5x, 1000 certificates to PDF < 60 s")
    print(
        f"load average during the run: {os.getloadavg()[0]:.1f} (wall times suffer on a busy machine;"
    )
    print("the CPU ratio (this process's CPU seconds, naive / docgen) does not)")


if __name__ == "__main__":
    main()
