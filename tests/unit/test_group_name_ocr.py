"""The group's name read from a scanned request form: the dot leader's noise taken off its end,
and a letter OCR misread put right by the other documents that spell the name alike."""

from __future__ import annotations

from pathlib import Path

from docgen.intake.extract import extract
from docgen.model import ClassifiedFile, DocKind, DocumentContent, OcrInfo, SourceFile

NAME = "กลุ่มผู้ปลูกลำไยบ้านป่าตึง"


def _file(name: str, kind: DocKind, lines: tuple[str, ...], *, ocr: bool) -> ClassifiedFile:
    content = DocumentContent(lines, (), ocr=OcrInfo(0.8) if ocr else None)
    return ClassifiedFile(SourceFile(name, Path(name), 1), kind, content)


def _bundle(form_name: str, *, form_ocr: bool, titles_ocr: bool = True) -> str:
    files = [
        _file(
            "คำขอ.pdf",
            DocKind.REQUEST_FORM,
            ("แบบคำขอจดทะเบียนจัดตั้งกลุ่ม", f"1. ชื่อกลุ่ม ......{form_name}"),
            ocr=form_ocr,
        ),
        _file("ข้อบังคับ.pdf", DocKind.BYLAWS, (f"ข้อบังคับ{NAME}", "ข้อ 1"), ocr=titles_ocr),
        _file("กรรมการ.pdf", DocKind.COMMITTEE_LIST, (f"รายชื่อคณะกรรมการ{NAME}",), ocr=titles_ocr),
    ]
    return extract(files, []).group.name


def test_a_letter_misread_on_the_scanned_form_is_read_as_the_other_documents_spell_it() -> None:
    assert _bundle("กลุ่มผู้ปลูกลำไยบ้านป่าติง", form_ocr=True) == NAME


def test_dot_leader_noise_after_the_name_is_not_part_of_it() -> None:
    assert _bundle(f"{NAME}......2..222662206", form_ocr=True) == NAME
    assert _bundle(f"{NAME}220", form_ocr=True) == NAME
    assert _bundle(f"{NAME}2220000เ0", form_ocr=True) == NAME


def test_a_name_typed_differently_is_kept_for_the_mismatch_rule() -> None:
    other = "กลุ่มเลี้ยงโคเนื้อบ้านหนองบัว"
    assert _bundle(other, form_ocr=True) == other


def test_a_typed_form_is_never_respelled_from_scans() -> None:
    assert _bundle("กลุ่มผู้ปลูกลำไยบ้านป่าติง", form_ocr=False) == "กลุ่มผู้ปลูกลำไยบ้านป่าติง"


def test_a_name_ending_in_a_number_after_a_space_keeps_it() -> None:
    name = "กลุ่มแม่บ้านเกษตรกรบ้านหนองบัว 2"
    assert _bundle(name, form_ocr=True) == name


def test_a_tone_mark_the_form_shows_is_kept_when_the_other_scans_lost_it() -> None:
    # defect-too-few scanned to TIFF: the form read ป่าติ้ว, the titles in large type ป่าติว.
    marked = "กลุ่มผู้ปลูกทุเรียนคุณภาพบ้านป่าติ้ว"
    lost = marked.replace("ติ้ว", "ติว")
    files = [
        _file(
            "คำขอ.tif",
            DocKind.REQUEST_FORM,
            ("แบบคำขอจดทะเบียนจัดตั้งกลุ่ม", f"1. ชื่อกลุ่ม ......{marked}"),
            ocr=True,
        ),
        _file("ข้อบังคับ.tif", DocKind.BYLAWS, (f"ข้อบังคับ{lost}", "ข้อ 1"), ocr=True),
        _file("กรรมการ.tif", DocKind.COMMITTEE_LIST, (f"รายชื่อคณะกรรมการ{lost}",), ocr=True),
    ]
    assert extract(files, []).group.name == marked
    # … while a mark the form lost is put back from the others, as a letter misread is.
    files[0] = _file(
        "คำขอ.tif",
        DocKind.REQUEST_FORM,
        ("แบบคำขอจดทะเบียนจัดตั้งกลุ่ม", f"1. ชื่อกลุ่ม ......{lost}"),
        ocr=True,
    )
    files[1:] = [
        _file("ข้อบังคับ.tif", DocKind.BYLAWS, (f"ข้อบังคับ{marked}", "ข้อ 1"), ocr=True),
        _file("กรรมการ.tif", DocKind.COMMITTEE_LIST, (f"รายชื่อคณะกรรมการ{marked}",), ocr=True),
    ]
    assert extract(files, []).group.name == marked
