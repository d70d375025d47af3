"""Guards for Office Open XML packages (DOCX, XLSX): part sizes, DTDs and entities, safe parsing."""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from docgen.model import UnreadableFile

_MB = 1024 * 1024
_CHUNK = 256 * 1024

# A DTD in an OOXML part is never legitimate: Office never writes one. Refusing it outright
# stops entity expansion (billion laughs) and external entities (XXE) before any parser runs.
# UTF-16 spellings are searched too, since an XML parser would honour them.
_DTD = re.compile(
    rb"<!(?:DOCTYPE|ENTITY)|<\x00!\x00(?:D\x00O\x00C\x00T\x00Y\x00P\x00E|E\x00N\x00T\x00I\x00T\x00Y)",
    re.IGNORECASE,
)
_ROW = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s/>]")

MSG_DTD = (
    "ไฟล์นี้มีโครงสร้าง XML ที่ไม่ปลอดภัย (DTD หรือ entity) ซึ่งโปรแกรม Office ไม่สร้างขึ้นเอง ระบบจึงไม่อ่านไฟล์นี้"
)
MSG_ENCRYPTED = "ไฟล์นี้ตั้งรหัสผ่านไว้ จึงอ่านไม่ได้ กรุณาเอารหัสผ่านออกแล้วบันทึกใหม่"
MSG_BROKEN = "ไฟล์นี้เสียหาย เปิดไม่ได้ กรุณาเปิดด้วยโปรแกรมเดิมแล้วบันทึกใหม่"


@dataclass(frozen=True)
class PackageLimits:
    """What one DOCX/XLSX package may hold; real documents are far below these."""

    max_parts: int = 5000
    max_part_bytes: int = 16 * _MB  # document.xml, sharedStrings.xml, ... (held in memory)
    max_styles_bytes: int = 4 * _MB  # styles.xml: every style becomes objects in openpyxl
    max_shared_strings: int = 500_000  # <si> entries, all held in memory by openpyxl
    max_sheet_bytes: int = 96 * _MB  # one worksheet part (streamed, not held in memory)
    max_total_bytes: int = 256 * _MB  # all XML parts together
    max_row_bytes: int = 1024 * 1024  # XML with no row tag (bounds the cells of one row)
    max_value_cells: int = 500_000  # cells holding a value, all worksheets (bounds read time)


DEFAULT_LIMITS = PackageLimits()


def safe_parser() -> etree.XMLParser:
    """An lxml parser that never loads DTDs, expands entities or touches the network."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def parse_xml(data: bytes, what: str = "") -> etree._Element:
    """Parse one already-scanned part; a malformed part is an UnreadableFile."""
    if _DTD.search(data):
        raise UnreadableFile(MSG_DTD, detail=what)
    try:
        return etree.fromstring(data, safe_parser())
    except etree.XMLSyntaxError as exc:
        raise UnreadableFile(MSG_BROKEN, detail=f"{what}: XML syntax") from exc


def open_package(path: Path) -> zipfile.ZipFile:
    """Open a DOCX/XLSX as a zip, or raise UnreadableFile."""
    try:
        return zipfile.ZipFile(path)
    except Exception as exc:
        raise UnreadableFile(MSG_BROKEN, detail=type(exc).__name__) from exc


def _is_xml_part(name: str) -> bool:
    low = name.lower()
    return low.endswith((".xml", ".rels", ".vml")) or "." not in low.rsplit("/", 1)[-1]


def _is_sheet_part(name: str) -> bool:
    low = name.lower()
    return "worksheets/" in low and low.endswith(".xml")


def check_package(zf: zipfile.ZipFile, limits: PackageLimits = DEFAULT_LIMITS) -> None:
    """Stream every XML part once: refuse encryption, DTDs/entities and oversized parts.

    Sizes are counted while decompressing (headers are not trusted). Worksheet parts also
    are checked for rows longer than `max_row_bytes`, so a row of millions of cells is refused
    before a spreadsheet library tries to hold it.
    """
    infos = zf.infolist()
    if len(infos) > limits.max_parts:
        raise UnreadableFile("ไฟล์นี้มีส่วนประกอบภายในมากผิดปกติ ระบบไม่อ่านไฟล์นี้")
    total = 0
    values = 0  # across all sheets
    for info in infos:
        if info.is_dir() or not _is_xml_part(info.filename):
            continue
        if info.flag_bits & 0x1:
            raise UnreadableFile(MSG_ENCRYPTED)
        sheet = _is_sheet_part(info.filename)
        strings = info.filename.lower().endswith("sharedstrings.xml")
        cap = limits.max_sheet_bytes if sheet else limits.max_part_bytes
        if info.filename.lower().endswith("styles.xml"):
            cap = limits.max_styles_bytes
        if info.file_size > cap:
            raise _too_big(info.filename)
        rowless = 0
        string_count = 0
        size = 0
        carry = b""
        try:
            with zf.open(info) as src:
                while chunk := src.read(_CHUNK):
                    size += len(chunk)
                    total += len(chunk)
                    if size > cap:
                        raise _too_big(info.filename)
                    if total > limits.max_total_bytes:
                        raise UnreadableFile("ไฟล์นี้แตกออกมาแล้วใหญ่ผิดปกติ ระบบไม่อ่านไฟล์นี้")
                    buf = carry + chunk
                    # Cut at the last '<' so no tag is split between two windows.
                    cut = buf.rfind(b"<")
                    if cut <= 0 or len(buf) - cut > 64:
                        cut = len(buf)
                    window, carry = buf[:cut], buf[cut:]
                    if _DTD.search(window):
                        raise UnreadableFile(MSG_DTD, detail=info.filename)
                    if strings:
                        string_count += window.count(b"<si>") + window.count(b"<si ")
                        if string_count > limits.max_shared_strings:
                            raise UnreadableFile(
                                "ไฟล์ Excel นี้มีข้อความมากเกินกำหนดที่ระบบอ่านได้ กรุณาแยกเป็นไฟล์ย่อย"
                            )
                    if sheet:
                        values += window.count(b"<v>") + window.count(b"<is>")
                        if values > limits.max_value_cells:
                            raise UnreadableFile(
                                f"ไฟล์ Excel นี้มีข้อมูลเกิน {limits.max_value_cells:,} ช่อง "
                                "เกินกำหนดที่ระบบอ่านได้ กรุณาแยกเป็นไฟล์ย่อย"
                            )
                        # A row longer than a few windows leaves a whole window with no row
                        # tag: one search per window bounds every row without a per-row loop.
                        if _ROW.search(window):
                            rowless = 0
                        else:
                            rowless += len(window)
                            if rowless > limits.max_row_bytes:
                                raise UnreadableFile("ตารางในไฟล์นี้มีข้อมูลต่อแถวมากผิดปกติ ระบบไม่อ่านไฟล์นี้")
                if carry and _DTD.search(carry):
                    raise UnreadableFile(MSG_DTD, detail=info.filename)
        except UnreadableFile:
            raise
        except RuntimeError as exc:  # zipfile: password required
            raise UnreadableFile(MSG_ENCRYPTED) from exc
        except Exception as exc:  # bad CRC, truncated, unsupported compression
            raise UnreadableFile(MSG_BROKEN, detail=type(exc).__name__) from exc


def read_part(zf: zipfile.ZipFile, name: str, cap: int = DEFAULT_LIMITS.max_part_bytes) -> bytes:
    """One part's bytes, read with a size cap (the header's size is not trusted)."""
    try:
        with zf.open(name) as src:
            data = src.read(cap + 1)
    except KeyError:
        raise
    except RuntimeError as exc:
        raise UnreadableFile(MSG_ENCRYPTED) from exc
    except Exception as exc:
        raise UnreadableFile(MSG_BROKEN, detail=type(exc).__name__) from exc
    if len(data) > cap:
        raise _too_big(name)
    return data


def _too_big(part: str) -> UnreadableFile:
    return UnreadableFile(
        "เนื้อหาในไฟล์นี้ใหญ่เกินกำหนด ระบบไม่อ่านไฟล์นี้ กรุณาแยกเป็นไฟล์ย่อยหรือลดขนาด", detail=part
    )
