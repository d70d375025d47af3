"""Certificate numbers given in a batch file: checked against the registry, recorded, stepped over."""

from __future__ import annotations

import csv
import datetime as dt
import threading
from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from docgen.model import UnusableInput
from docgen.registry import store
from docgen.registry.accounts import create_account
from docgen.registry.db import make_engine, make_session_factory, migrate
from docgen.registry.models import Certificate, CertificateCounter
from docgen.registry.numbering import RegistryNumberer, assign_certificate_number
from docgen.render.batch import (
    GivenNumber,
    InMemoryNumberer,
    assign_numbers,
    batch_certificates,
    read_certificate_rows,
)

ISSUE = dt.date(2026, 10, 15)  # พ.ศ. 2569
HEADER = ["ชื่อกลุ่ม", "หมู่ที่", "ตำบล", "อำเภอ", "จังหวัด", "จำนวนสมาชิก", "ประธาน", "วันที่จัดตั้ง"]
HEADER += ["เลขที่ใบรับรอง"]
KHON_KAEN = "4001"


def row(name: str, cert: str = "", moo: str = "3") -> list[str]:
    return [name, moo, "ท่าพระ", "เมืองขอนแก่น", "ขอนแก่น", "14", "นายสมชาย ใจดี", "2025-05-01", cert]


def write(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows([HEADER, *rows])
    return path


@pytest.fixture()
def factory(tmp_path: Path):
    engine = make_engine(f"sqlite:///{tmp_path / 'reg.sqlite3'}")
    migrate(engine)
    yield make_session_factory(engine)
    engine.dispose()


def run_batch(path: Path, numberer) -> list[str]:  # type: ignore[no-untyped-def]
    rows = read_certificate_rows(path, issue_date=ISSUE, numberer=numberer)
    return [r.data["certificate_no"] for r in assign_numbers(rows, numberer)]


def issued(factory) -> list[tuple[int, str]]:  # type: ignore[no-untyped-def]
    with factory() as s:
        return sorted(
            (c.seq, c.number)
            for c in s.scalars(select(Certificate).where(Certificate.district_code == KHON_KAEN))
        )


@pytest.fixture(params=["registry", "memory"])
def numberer(request, factory):  # type: ignore[no-untyped-def]
    if request.param == "registry":
        return RegistryNumberer(factory, issued_by="test")
    return InMemoryNumberer()


def test_mix_of_given_and_empty_numbers_has_no_duplicate_and_no_gap(tmp_path, numberer) -> None:
    rows = [row(f"กลุ่มปลูกผักบ้านโนน{i}") for i in range(1, 6)]
    rows.insert(1, row("กลุ่มทอผ้าบ้านดง", cert="๓/๒๕๖๙"))  # within the run
    rows.insert(3, row("กลุ่มเลี้ยงไก่บ้านโคก", cert="9/2569"))  # far above the counter
    path = write(tmp_path / "mix.csv", rows)
    numbers = run_batch(path, numberer)
    assert numbers == ["1/2569", "3/2569", "2/2569", "9/2569", "4/2569", "5/2569", "6/2569"]
    # A later batch continues 7, 8, steps over the given 9, then 10: every number used once.
    later = write(tmp_path / "later.csv", [row(f"กลุ่มแปรรูปข้าวบ้านนา{i}") for i in range(3)])
    assert run_batch(later, numberer) == ["7/2569", "8/2569", "10/2569"]
    # A rerun of the first batch gets the same numbers and takes none.
    assert run_batch(path, numberer) == numbers


def test_registry_records_given_numbers_and_counter_skips_them(tmp_path, factory) -> None:
    numberer = RegistryNumberer(factory, issued_by="test")
    path = write(tmp_path / "a.csv", [row("กลุ่มก", cert="2/2569"), row("กลุ่มข"), row("กลุ่มค")])
    assert run_batch(path, numberer) == ["2/2569", "1/2569", "3/2569"]
    assert [seq for seq, _ in issued(factory)] == [1, 2, 3]
    with factory() as s:
        counter = s.get(CertificateCounter, (KHON_KAEN, 2569))
        assert counter is not None and counter.last_seq == 3
    # The web's certification steps over given numbers too.
    run_batch(write(tmp_path / "b.csv", [row("กลุ่มง", cert="4/2569")]), numberer)
    with factory() as s, s.begin():
        assert assign_certificate_number(s, KHON_KAEN, 2569, "application:x").number == "5/2569"


def test_number_issued_to_another_group_is_a_bad_row_and_nothing_is_recorded(
    tmp_path, numberer
) -> None:
    first = write(tmp_path / "first.csv", [row("กลุ่มปลูกผักบ้านโนน"), row("กลุ่มทอผ้าบ้านดง")])
    assert run_batch(first, numberer) == ["1/2569", "2/2569"]
    second = write(
        tmp_path / "second.csv",
        [
            row("กลุ่มเลี้ยงไก่บ้านโคก", cert="5/2569"),  # fine alone
            row("กลุ่มแปรรูปข้าวบ้านนา", cert="2/2569"),  # row 3: held by กลุ่มทอผ้าบ้านดง
            row("กลุ่มปลูกผักบ้านโนน", cert="7/2569"),  # row 4: this group already has 1/2569
            row("กลุ่มทำปุ๋ยบ้านหนอง"),
        ],
    )
    with pytest.raises(UnusableInput) as info:
        read_certificate_rows(second, issue_date=ISSUE, numberer=numberer)
    assert info.value.errors == [
        "แถวที่ 3: เลขที่ใบรับรอง 2/2569 ออกให้กลุ่มอื่นไปแล้ว (กลุ่มทอผ้าบ้านดง) "
        "ใช้ซ้ำไม่ได้ (เว้นว่างเพื่อให้ระบบออกเลขใหม่ หรือแก้เป็นเลขที่ถูกต้อง)",
        "แถวที่ 4: กลุ่มนี้ได้รับเลขที่ใบรับรอง 1/2569 ไปแล้ว จะใช้เลขที่ 7/2569 ไม่ได้ (เว้นว่างหรือใส่ 1/2569)",
    ]
    # The same clash found at numbering time (another run got there between) records nothing.
    rows = read_certificate_rows(second, issue_date=ISSUE)
    with pytest.raises(UnusableInput) as info:
        assign_numbers(rows, numberer)
    assert [e.split(":")[0] for e in info.value.errors] == ["แถวที่ 3", "แถวที่ 4"]
    assert run_batch(write(tmp_path / "next.csv", [row("กลุ่มใหม่บ้านใหม่")]), numberer) == [
        "3/2569"  # 5/2569 of the refused batch was not recorded
    ]


def test_reissue_with_the_groups_own_number_is_fine(tmp_path, numberer) -> None:
    first = write(tmp_path / "first.csv", [row("กลุ่มปลูกผักบ้านโนน"), row("กลุ่มทอผ้าบ้านดง")])
    assert run_batch(first, numberer) == ["1/2569", "2/2569"]
    reissue = write(tmp_path / "reissue.csv", [row("กลุ่มทอผ้าบ้านดง", cert="2/2569"), row("กลุ่มใหม่")])
    assert run_batch(reissue, numberer) == ["2/2569", "3/2569"]
    # A number given once is the group's: later left empty, the group gets it again.
    again = write(tmp_path / "again.csv", [row("กลุ่มใหม่"), row("กลุ่มทอผ้าบ้านดง")])
    assert run_batch(again, numberer) == ["3/2569", "2/2569"]


def test_web_certified_group_may_be_printed_with_its_number(tmp_path, factory) -> None:
    with factory() as s, s.begin():
        officer = create_account(s, "officer-kk", "password-123", "officer", KHON_KAEN)
        app = store.create_application(s, KHON_KAEN, [])
        store.mark_checking(s, app.id)
        store.record_report(
            s, app.id, {"complete": True, "group": {"name": "กลุ่มทอผ้าบ้านดง"}, "findings": []}
        )
        store.approve(s, app.id, officer)
        assert store.certify(s, app.id, officer, be_year=2569).number == "1/2569"
    numberer = RegistryNumberer(factory)
    same = write(tmp_path / "same.csv", [row("กลุ่มทอผ้าบ้านดง", cert="1/2569"), row("กลุ่มข")])
    assert run_batch(same, numberer) == ["1/2569", "2/2569"]
    other = write(tmp_path / "other.csv", [row("กลุ่มเลี้ยงไก่บ้านโคก", cert="1/2569")])
    with pytest.raises(UnusableInput) as info:
        run_batch(other, numberer)
    assert "แถวที่ 2: เลขที่ใบรับรอง 1/2569 ออกให้กลุ่มอื่นไปแล้ว (กลุ่มทอผ้าบ้านดง)" in (info.value.errors[0])
    with factory() as s:
        assert s.scalar(select(func.count()).select_from(Certificate)) == 2


def test_impossible_given_numbers_are_bad_rows_with_the_others(tmp_path, factory) -> None:
    numberer = RegistryNumberer(factory)
    run_batch(write(tmp_path / "first.csv", [row("กลุ่มทอผ้าบ้านดง")]), numberer)
    path = write(
        tmp_path / "bad.csv",
        [
            row("กลุ่มก", cert="1/2569"),  # row 2: issued to another group
            row("", cert=""),  # row 3: no name
            row("กลุ่มค", cert="4/2570"),  # row 4: a year after the issue date
            row("กลุ่มง", cert="0/2569"),  # row 5: no number 0
            row("กลุ่มจ", cert="4/2026"),  # row 6: a CE year
        ],
    )
    out = tmp_path / "out"
    with pytest.raises(UnusableInput) as info:
        batch_certificates(path, out, numberer=numberer, issue_date=ISSUE)
    assert [e.split(":")[0] for e in info.value.errors] == [
        "แถวที่ 2",
        "แถวที่ 3",
        "แถวที่ 4",
        "แถวที่ 5",
        "แถวที่ 6",
    ]
    assert "4/2570" in info.value.errors[2] and "2569" in info.value.errors[2]
    assert not out.exists() or not any(out.glob("*.docx"))  # checked before rendering
    assert issued(factory) == [(1, "1/2569")]


def test_batch_rerun_gives_the_same_files(tmp_path, factory) -> None:
    numberer = RegistryNumberer(factory)
    path = write(tmp_path / "g.csv", [row("กลุ่มก"), row("กลุ่มข", cert="5/2569"), row("กลุ่มค")])
    first = batch_certificates(path, tmp_path / "one", numberer=numberer, issue_date=ISSUE)
    second = batch_certificates(path, tmp_path / "two", numberer=numberer, issue_date=ISSUE)
    assert [p.name for p in first.docx] == [p.name for p in second.docx]
    from docx import Document

    def text(p: Path) -> str:
        d = Document(str(p))
        return "\n".join(x.text for x in d.paragraphs) + "".join(
            c.text for t in d.tables for r in t.rows for c in r.cells
        )

    assert [text(p) for p in first.docx] == [text(p) for p in second.docx]
    assert "5/2569" in text(first.docx[1]) and "2/2569" in text(first.docx[2])
    assert [seq for seq, _ in issued(factory)] == [1, 2, 5]


def test_cli_reports_a_clash_with_an_earlier_run(tmp_path, monkeypatch) -> None:
    from docgen.cli import app
    from docgen.settings import get_settings

    monkeypatch.setenv("DOCGEN_DATA_DIR", str(tmp_path / "var"))
    get_settings.cache_clear()
    try:
        first = write(tmp_path / "first.csv", [row("กลุ่มทอผ้าบ้านดง")])
        args = ["batch", "certificates", "--input", str(first), "--out", str(tmp_path / "o1")]
        ok = CliRunner().invoke(app, [*args, "--issue-date", "15 ตุลาคม 2569"])
        assert ok.exit_code == 0, ok.output
        second = write(tmp_path / "second.csv", [row("กลุ่มปลูกผัก", cert="1/2569")])
        args = ["batch", "certificates", "--input", str(second), "--out", str(tmp_path / "o2")]
        bad = CliRunner().invoke(app, [*args, "--issue-date", "15 ตุลาคม 2569"])
        assert bad.exit_code == 2
        assert "แถวที่ 2: เลขที่ใบรับรอง 1/2569 ออกให้กลุ่มอื่นไปแล้ว (กลุ่มทอผ้าบ้านดง)" in bad.stderr
        assert not (tmp_path / "o2").exists()
    finally:
        get_settings.cache_clear()


def batch_requests(b: int) -> tuple[list[GivenNumber], list[tuple[str, int, str]]]:
    """Batch `b` of 4: re-issues two numbers given earlier (inside 1..40), gives one far above
    (42, 44, 46, 48: new) and asks 8 automatic numbers."""
    given = [
        GivenNumber(KHON_KAEN, f"g{b}-{n}", f"{n}/2569", row=2, group_name=f"กลุ่ม{b}-{n}")
        for n in (b * 9 + 2, b * 9 + 7, 42 + 2 * b)
    ]
    return given, [(KHON_KAEN, 2569, f"a{b}-{i}") for i in range(8)]


def record_earlier_given(numberer) -> None:  # type: ignore[no-untyped-def]
    for b in range(4):
        numberer.number_batch(batch_requests(b)[0][:2], [])


def test_threads_mixing_given_and_automatic_numbers(factory) -> None:
    """4 batches at once, each run twice: the 32 automatic numbers fill exactly the holes
    between the 8 numbers given earlier (1..40, none twice, none skipped)."""
    numberer = RegistryNumberer(factory)
    record_earlier_given(numberer)
    results: dict[int, list[list[str]]] = {}
    errors: list[BaseException] = []

    def batch(b: int) -> None:
        given, wanted = batch_requests(b)
        try:
            results[b] = [numberer.number_batch(given, wanted) for _ in range(2)]
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=batch, args=(b,)) for b in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert all(first == again for first, again in results.values())  # a rerun: same numbers
    assert [seq for seq, _ in issued(factory)] == [*range(1, 41), 42, 44, 46, 48]
    with factory() as s:
        counter = s.get(CertificateCounter, (KHON_KAEN, 2569))
        assert counter is not None and counter.last_seq == 40  # 42.. wait their turn
    assert numberer.next_numbers(KHON_KAEN, 2569, ["later-1", "later-2"]) == ["41/2569", "43/2569"]


def _process_batch(db: str, b: int, out) -> None:  # type: ignore[no-untyped-def]
    engine = make_engine(db)
    numberer = RegistryNumberer(make_session_factory(engine))
    given, wanted = batch_requests(b)
    try:
        out.put([numberer.number_batch(given, wanted) for _ in range(2)])
    except Exception as exc:  # reported to the test
        out.put(type(exc).__name__)
    engine.dispose()


def test_processes_on_sqlite_mixing_given_and_automatic_numbers(tmp_path: Path) -> None:
    import multiprocessing as mp

    db = f"sqlite:///{tmp_path / 'procs.sqlite3'}"
    migrate(db)
    engine = make_engine(db)
    factory = make_session_factory(engine)
    record_earlier_given(RegistryNumberer(factory))
    ctx = mp.get_context("fork")
    out = ctx.Queue()
    procs = [ctx.Process(target=_process_batch, args=(db, b, out)) for b in range(4)]
    for p in procs:
        p.start()
    results = [out.get(timeout=60) for _ in procs]
    for p in procs:
        p.join(10)
    assert all(isinstance(r, list) and r[0] == r[1] for r in results), results
    assert [seq for seq, _ in issued(factory)] == [*range(1, 41), 42, 44, 46, 48]
    engine.dispose()
