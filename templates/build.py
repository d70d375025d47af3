"""Builds the official .docx templates with python-docx (run: python templates/build.py).

The generated files are ordinary Word documents an office may open and edit; this script is
how they are reviewed and reproduced. Every Jinja tag is written inside ONE run so that
docxtpl sees it whole (`docgen templates lint` checks that edits in Word keep it so).

Typography follows the Thai official-letter convention (ระเบียบสำนักนายกรัฐมนตรีว่าด้วยงาน
สารบรรณ): "TH Sarabun New" 16 pt body, titles 18–20 pt bold, the บันทึกข้อความ heading 29 pt,
A4, margins left 3 cm, right 2 cm, top 2.5 cm, bottom 2 cm. No ครุฑ emblem is shipped; the
space above the certificate's title is left for it. The PDF converter maps "TH Sarabun New"
to the shipped Sarabun font (same metrics, OFL).
"""

from __future__ import annotations

import datetime as dt
import sys
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from docgen.render.linebreak import mark_template_text

FONT = "TH Sarabun New"
BODY_PT = 16
HERE = Path(__file__).resolve().parent

ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "thai": WD_ALIGN_PARAGRAPH.THAI_JUSTIFY,
}

Run = str | tuple[str, dict[str, Any]]


def _set_fonts(rpr: Any, *, size: float | None = None, bold: bool | None = None) -> None:
    """Latin and complex-script (Thai) attributes together: Word uses the cs ones for Thai."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        if fonts.get(qn(attr)) is not None:
            del fonts.attrib[qn(attr)]
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)
    if bold is not None:
        for tag in ("w:b", "w:bCs"):
            el = rpr.find(qn(tag))
            if el is None:
                el = OxmlElement(tag)
                rpr.append(el)
            if not bold:
                el.set(qn("w:val"), "0")
    if size is not None:
        for tag in ("w:sz", "w:szCs"):
            el = rpr.find(qn(tag))
            if el is None:
                el = OxmlElement(tag)
                rpr.append(el)
            el.set(qn("w:val"), str(int(size * 2)))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "th-TH")
    lang.set(qn("w:bidi"), "th-TH")


class Builder:
    """A Thai official document under construction."""

    def __init__(self, *, landscape: bool = False) -> None:
        self.doc = Document()
        section = self.doc.sections[0]
        width, height = Cm(21.0), Cm(29.7)
        if landscape:
            section.orientation = WD_ORIENT.LANDSCAPE
            width, height = height, width
        section.page_width, section.page_height = width, height
        section.left_margin = Cm(3)
        section.right_margin = Cm(2)
        section.top_margin = Cm(2.5)
        section.bottom_margin = Cm(2)
        section.header_distance = Cm(1.2)
        section.footer_distance = Cm(1.0)
        self.text_width_cm = (29.7 if landscape else 21.0) - 5
        styles = self.doc.styles
        defaults = styles.element.find(qn("w:docDefaults"))
        rpr_default = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
        _set_fonts(rpr_default, size=BODY_PT)
        for name in ("Normal", "Table Grid"):
            style = styles[name]
            _set_fonts(style.element.get_or_add_rPr(), size=BODY_PT)
        normal = styles["Normal"].paragraph_format
        normal.space_before = Pt(0)
        normal.space_after = Pt(0)
        normal.line_spacing = 1.0
        props = self.doc.core_properties
        props.author = "docgen"
        props.last_modified_by = "docgen"
        props.revision = 1
        props.created = props.modified = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
        props.language = "th-TH"

    def page_numbers(self) -> None:
        """`- 2 -` centred at the top from the second page on, as official letters number pages."""
        section = self.doc.sections[0]
        section.different_first_page_header_footer = True
        par = section.header.paragraphs[0]
        par.paragraph_format.alignment = ALIGN["center"]
        par.add_run("- ")
        run = par.add_run()
        for kind, text in (
            ("begin", None),
            (None, " PAGE "),
            ("separate", None),
            (None, "2"),
            ("end", None),
        ):
            if kind:
                el = OxmlElement("w:fldChar")
                el.set(qn("w:fldCharType"), kind)
            else:
                el = OxmlElement("w:instrText" if text == " PAGE " else "w:t")
                el.set(qn("xml:space"), "preserve")
                el.text = text
            run._r.append(el)
        par.add_run(" -")
        for r in par.runs:
            _set_fonts(r._r.get_or_add_rPr(), size=BODY_PT)

    # -- paragraphs ---------------------------------------------------------

    def p(
        self,
        *runs: Run,
        align: str = "left",
        size: float | None = None,
        bold: bool = False,
        first: float | None = None,
        left: float | None = None,
        before: float = 0,
        after: float = 0,
        keep_next: bool = False,
        tabs: Sequence[float] = (),
    ) -> Any:
        par = self.doc.add_paragraph()
        fmt = par.paragraph_format
        fmt.alignment = ALIGN[align]
        if first is not None:
            fmt.first_line_indent = Cm(first)
        if left is not None:
            fmt.left_indent = Cm(left)
        fmt.space_before = Pt(before)
        fmt.space_after = Pt(after)
        fmt.keep_with_next = keep_next
        for stop in tabs:
            fmt.tab_stops.add_tab_stop(Cm(stop))
        for item in runs:
            text, opts = (item, {}) if isinstance(item, str) else item
            run = par.add_run(mark_template_text(text))
            _set_fonts(
                run._r.get_or_add_rPr(),
                size=opts.get("size", size),
                bold=opts.get("bold", bold) or None,
            )
        return par

    def emblem_slot(self, height_cm: float, *runs: Run, tabs: Sequence[float] = ()) -> Any:
        """The line that holds the office's emblem (ครุฑ or the Department's logo), `height_cm`
        high whether or not one is set: a bookmark `emblem` marks it, and
        `docgen.render.emblem` puts the picture at its start when the office has one."""
        par = self.p(*runs, align="left" if runs else "center", tabs=tabs)
        fmt = par.paragraph_format
        fmt.line_spacing = Cm(height_cm + 0.1)
        from docx.enum.text import WD_LINE_SPACING

        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        start = OxmlElement("w:bookmarkStart")
        start.set(qn("w:id"), "0")
        start.set(qn("w:name"), "emblem")
        end = OxmlElement("w:bookmarkEnd")
        end.set(qn("w:id"), "0")
        ppr = par._p.pPr
        ppr.addnext(start)
        start.addnext(end)
        return par

    def tag(self, jinja: str) -> None:
        """A paragraph that holds only a docxtpl paragraph tag ({%p ... %})."""
        self.p(jinja)

    def title(self, text: str, size: float = 20, before: float = 0, after: float = 0) -> None:
        self.p(text, align="center", size=size, bold=True, before=before, after=after)

    def body(self, *runs: Run, before: float = 0) -> None:
        """A body paragraph: first line indented 2.5 cm as official letters are."""
        self.p(*runs, first=2.5, before=before, align="thai")

    def line(self, label: str, value: str, *, left: float = 0) -> None:
        """A form line: bold label then the value (`ชื่อกลุ่ม {{ group_name }}`)."""
        self.p((label, {"bold": True}), " " + value, left=left)

    def signature(
        self,
        name: str,
        *positions: str,
        before: float = 18,
        sign: str = "ลงชื่อ",
        size: float | None = None,
        official: bool = False,
    ) -> None:
        """A signature block on the right half of the page.

        A group's form has the signing line (ลงชื่อ ....); an office's document (`official`)
        has, as official letters do, a blank space to sign in (about 1.5 cm), then the name in
        brackets and the position."""
        left = self.text_width_cm / 2 - 1
        if official:
            par = self.p(" ", left=left, before=before, keep_next=True, size=size)
            par.paragraph_format.line_spacing = Cm(1.5)
            from docx.enum.text import WD_LINE_SPACING

            par.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            lines = [f"({name})", *positions]
            for i, line in enumerate(lines):
                self.p(line, align="center", left=left, keep_next=i < len(lines) - 1, size=size)
            return
        # keep_with_next on all but the last line: the block never splits across pages.
        lines = [f"{sign} ........................................................", f"({name})"]
        lines += positions
        for i, line in enumerate(lines):
            self.p(
                line,
                align="center",
                left=left,
                before=before if i == 0 else 0,
                keep_next=i < len(lines) - 1,
                size=size,
            )

    # -- tables -------------------------------------------------------------

    def table(
        self,
        headers: Sequence[str],
        widths: Sequence[float],
        loop: str,
        cells: Sequence[str],
        *,
        aligns: Sequence[str] | None = None,
        size: float | None = None,
        footer: Sequence[str] | None = None,
        row_height_cm: float = 0,
    ) -> None:
        """A grid whose middle row repeats for each item (`{%tr for ... %}`)."""
        aligns = aligns or ["left"] * len(headers)
        table = self.doc.add_table(rows=0, cols=len(headers))
        table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        tbl_pr = table._tbl.tblPr
        layout = OxmlElement("w:tblLayout")
        layout.set(qn("w:type"), "fixed")
        tbl_pr.append(layout)
        for i, col in enumerate(table._tbl.tblGrid.findall(qn("w:gridCol"))):
            col.set(qn("w:w"), str(int(widths[i] * 567)))

        def add_row(values: Sequence[str], *, bold: bool = False, header: bool = False) -> None:
            row = table.add_row()
            if header:
                tr_pr = row._tr.get_or_add_trPr()
                repeat = OxmlElement("w:tblHeader")
                tr_pr.append(repeat)
            for i, value in enumerate(values):
                cell = row.cells[i]
                cell.width = Cm(widths[i])
                par = cell.paragraphs[0]
                par.paragraph_format.alignment = ALIGN["center" if header else aligns[i]]
                if value:
                    run = par.add_run(mark_template_text(value))
                    _set_fonts(run._r.get_or_add_rPr(), size=size, bold=bold or None)

        add_row(headers, bold=True, header=True)
        add_row([f"{{%tr for {loop} %}}"] + [""] * (len(headers) - 1))
        add_row(cells)
        if row_height_cm:  # a row people sign in: a signature needs at least 1 cm
            tr_pr = table.rows[-1]._tr.get_or_add_trPr()
            height = OxmlElement("w:trHeight")
            height.set(qn("w:val"), str(int(row_height_cm * 567)))
            height.set(qn("w:hRule"), "atLeast")
            tr_pr.append(height)
            for cell in table.rows[-1].cells:
                tc_pr = cell._tc.get_or_add_tcPr()
                valign = OxmlElement("w:vAlign")
                valign.set(qn("w:val"), "center")
                tc_pr.append(valign)
        add_row(["{%tr endfor %}"] + [""] * (len(headers) - 1))
        if footer:
            add_row(footer, bold=True)

    def save(self, path: Path) -> None:
        self.doc.save(str(path))
        _reproducible(path)


def _reproducible(path: Path) -> None:
    """Fixed entry times in the zip, so rebuilding unchanged templates changes no bytes."""
    with zipfile.ZipFile(path) as src:
        entries = [(info.filename, src.read(info)) for info in src.infolist()]
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as dst:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(info, data)


# ---------------------------------------------------------------------------
# The templates.
# ---------------------------------------------------------------------------

GROUP_PLACE = (
    "{% if address.house_no %}เลขที่ {{ address.house_no }} {% endif %}"
    "หมู่ที่ {{ address.moo }} ตำบล{{ address.subdistrict }} "
    "อำเภอ{{ address.district }} จังหวัด{{ address.province }}"
)
AREA = "ตำบล{{ address.subdistrict }} อำเภอ{{ address.district }} จังหวัด{{ address.province }}"


def request_form() -> Builder:
    b = Builder()
    b.title("หนังสือคำขอใบรับรองการจัดตั้งกลุ่ม", size=20)
    b.title("กลุ่มส่งเสริมอาชีพการเกษตร", size=18, after=12)
    half = b.text_width_cm / 2
    b.p("เขียนที่ {{ group_name }}", left=half)
    b.p("วันที่ {{ request_date|thai_date }}", left=half, after=12)
    b.p(("เรื่อง", {"bold": True}), "  ขอใบรับรองการจัดตั้งกลุ่มส่งเสริมอาชีพการเกษตร", after=6)
    b.p(("เรียน", {"bold": True}), "  {{ district_officer }}", after=6)
    b.p(("สิ่งที่ส่งมาด้วย", {"bold": True}))
    b.tag("{%p for item in attachments %}")
    b.p("{{ loop.index }}. {{ item }}", left=2.5)
    b.tag("{%p endfor %}")
    b.body(
        "ด้วยเกษตรกรซึ่งประกอบอาชีพการเกษตรในพื้นที่ได้รวมตัวกันโดยสมัครใจ "
        "จัดตั้งกลุ่มส่งเสริมอาชีพการเกษตร เมื่อวันที่ {{ established|thai_date }} "
        "โดยมีรายละเอียดดังนี้",
        before=12,
    )
    b.line("ชื่อกลุ่ม", "{{ group_name }}", left=2.5)
    b.line("ที่ตั้ง", GROUP_PLACE, left=2.5)
    b.line("โทรศัพท์", "{{ phone|phone if phone else '-' }}", left=2.5)
    b.line("วัตถุประสงค์", "{{ purpose }}", left=2.5)
    b.line("กิจกรรมหลัก", "{{ main_activity }}", left=2.5)
    b.line("จำนวนสมาชิก", "{{ member_count }} ราย", left=2.5)
    b.body(
        "กลุ่มได้จัดทำข้อบังคับกลุ่ม เลือกตั้งคณะกรรมการ จัดทำบัญชีรายชื่อสมาชิก "
        "และแผนงาน/กิจกรรมของกลุ่มเรียบร้อยแล้ว ตามเอกสารที่แนบมาพร้อมนี้",
        before=6,
    )
    b.body(
        "จึงเรียนมาเพื่อโปรดพิจารณาออกใบรับรองการจัดตั้งกลุ่มส่งเสริมอาชีพการเกษตรให้แก่กลุ่มต่อไป",
        before=6,
    )
    b.p("ขอแสดงความนับถือ", align="center", left=half - 1, before=12)
    b.signature("{{ chair_name }}", "ประธานกลุ่ม", before=30)
    return b


BYLAWS: list[tuple[str, list[tuple[str, str]]]] = [
    (
        "หมวด 1 บททั่วไป",
        [
            ("ข้อ 1", "ข้อบังคับนี้เรียกว่า ข้อบังคับ{{ group_name }}"),
            ("ข้อ 2", "สำนักงานของกลุ่มตั้งอยู่ที่ {{ address_line }}"),
            ("ข้อ 3", "กลุ่มมีวัตถุประสงค์ {{ purpose }}"),
        ],
    ),
    (
        "หมวด 2 หุ้นและการระดมหุ้น",
        [
            (
                "ข้อ 4",
                "การระดมหุ้น กลุ่มระดมทุนจากสมาชิกโดยการถือหุ้น มูลค่าหุ้นละ "
                "{{ share_value|money }} บาท ({{ share_value|baht_text }}) "
                "สมาชิกแต่ละคนต้องถือหุ้นอย่างน้อย {{ min_shares }} หุ้น "
                "และถือหุ้นได้ไม่เกินร้อยละ {{ max_share_percent }} ของหุ้นทั้งหมดของกลุ่ม",
            ),
            (
                "ข้อ 5",
                "สมาชิกอาจซื้อหุ้นเพิ่มได้ตามที่คณะกรรมการกำหนด ทั้งนี้ หุ้นของสมาชิก"
                "จะโอนแก่ผู้อื่นไม่ได้เว้นแต่คณะกรรมการอนุญาต",
            ),
        ],
    ),
    (
        "หมวด 3 กิจกรรมของกลุ่ม",
        [
            (
                "ข้อ 6",
                "กิจกรรมของกลุ่ม ได้แก่ {{ main_activity }} และกิจกรรมอื่นตามแผนงาน/กิจกรรม"
                "ที่ที่ประชุมใหญ่ให้ความเห็นชอบ เพื่อพัฒนาอาชีพและเพิ่มรายได้ของสมาชิก",
            ),
        ],
    ),
    (
        "หมวด 4 การบริหารเงินและทุน",
        [
            (
                "ข้อ 7",
                "การบริหารเงินและทุน เงินทุนของกลุ่มได้มาจากค่าหุ้น ค่าธรรมเนียมแรกเข้า "
                "เงินกู้ เงินอุดหนุน เงินบริจาค และรายได้จากการดำเนินกิจกรรมของกลุ่ม",
            ),
            (
                "ข้อ 8",
                "เงินของกลุ่มให้ฝากไว้ที่{{ bank }} ในนามของกลุ่ม เหรัญญิกเก็บเงินสดไว้ได้ไม่เกิน "
                "{{ cash_limit|money }} บาท ({{ cash_limit|baht_text }}) การถอนเงินต้องมีลายมือชื่อกรรมการอย่างน้อย 2 ใน 3 คน "
                "ซึ่งต้องมีเหรัญญิกเป็นหนึ่งในผู้ลงชื่อ",
            ),
            (
                "ข้อ 9",
                "กลุ่มต้องจัดทำบัญชีรายรับรายจ่ายให้เป็นปัจจุบัน ปีบัญชีของกลุ่มสิ้นสุดวันที่ "
                "{{ fiscal_year_end }} ของทุกปี และรายงานฐานะการเงินต่อที่ประชุมใหญ่ปีละครั้ง",
            ),
            (
                "ข้อ 10",
                "กำไรสุทธิประจำปีให้จัดสรรเป็นเงินทุนสำรองร้อยละ {{ reserve_percent }} "
                "เงินปันผลตามหุ้นร้อยละ {{ dividend_percent }} สวัสดิการสมาชิกร้อยละ "
                "{{ welfare_percent }} ค่าตอบแทนกรรมการร้อยละ {{ committee_bonus_percent }} "
                "และสาธารณประโยชน์ร้อยละ {{ public_benefit_percent }}",
            ),
        ],
    ),
    (
        "หมวด 5 สมาชิก",
        [
            (
                "ข้อ 11",
                "การรับสมาชิก ผู้ที่ประกอบอาชีพการเกษตรในตำบล{{ address.subdistrict }} "
                "หรือตำบลใกล้เคียง มีปัญหาหรือความต้องการเดียวกัน และสมัครใจ ให้ยื่นใบสมัคร"
                "เป็นสมาชิกต่อคณะกรรมการ เมื่อคณะกรรมการรับเข้าเป็นสมาชิกแล้ว ให้ชำระค่าธรรมเนียม"
                "แรกเข้า {{ entry_fee|money }} บาท ({{ entry_fee|baht_text }}) และค่าหุ้นตามข้อ 4",
            ),
            (
                "ข้อ 12",
                "การลาออกจากสมาชิก สมาชิกที่ประสงค์จะลาออกจากกลุ่มให้ยื่นหนังสือลาออก"
                "ต่อคณะกรรมการ สมาชิกภาพสิ้นสุดเมื่อตาย ลาออก หรือที่ประชุมใหญ่มีมติให้ออก "
                "โดยกลุ่มจะคืนค่าหุ้นเมื่อสิ้นปีบัญชี",
            ),
            (
                "ข้อ 13",
                "สมาชิกมีสิทธิเข้าร่วมกิจกรรมและประชุมของกลุ่ม มีหน้าที่ปฏิบัติตามข้อบังคับ และมติของที่ประชุมใหญ่",
            ),
        ],
    ),
    (
        "หมวด 6 คณะกรรมการ",
        [
            (
                "ข้อ 14",
                "การเลือกตั้งคณะกรรมการ ให้ที่ประชุมใหญ่เลือกตั้งคณะกรรมการจากสมาชิกจำนวน "
                "{{ committee_size }} คน ประกอบด้วยประธาน รองประธาน เลขานุการ เหรัญญิก "
                "และกรรมการตามที่ที่ประชุมเห็นสมควร",
            ),
            (
                "ข้อ 15",
                "วาระการดำรงตำแหน่งของคณะกรรมการ กรรมการอยู่ในตำแหน่งคราวละ "
                "{{ term_years }} ปี เมื่อครบวาระอาจได้รับเลือกตั้งใหม่ได้",
            ),
            (
                "ข้อ 16",
                "การพ้นจากตำแหน่งกรรมการ กรรมการพ้นจากตำแหน่งเมื่อครบวาระ ตาย "
                "ลาออกจากตำแหน่งกรรมการ ขาดจากสมาชิกภาพ หรือที่ประชุมใหญ่มีมติให้ออกจากตำแหน่ง",
            ),
            (
                "ข้อ 17",
                "คณะกรรมการมีหน้าที่บริหารงานของกลุ่มให้เป็นไปตามวัตถุประสงค์ ข้อบังคับ และแผนงาน/กิจกรรมของกลุ่ม",
            ),
        ],
    ),
    (
        "หมวด 7 การประชุม",
        [
            (
                "ข้อ 18",
                "ให้มีการประชุมใหญ่สามัญประจำปีภายในเดือน{{ annual_meeting_month }} "
                "และประชุมคณะกรรมการ{{ meeting_frequency }} องค์ประชุมต้องมีผู้เข้าประชุม"
                "ไม่น้อยกว่ากึ่งหนึ่ง มติใช้เสียงข้างมาก",
            ),
        ],
    ),
    (
        "หมวด 8 การแก้ไขข้อบังคับ",
        [
            (
                "ข้อ 19",
                "การแก้ไขเพิ่มเติมข้อบังคับต้องได้รับมติจากที่ประชุมใหญ่ไม่น้อยกว่าสองในสามของสมาชิกที่มาประชุม",
            ),
            ("ข้อ 20", "ข้อบังคับนี้ให้ใช้บังคับตั้งแต่วันที่ {{ established|thai_date }} เป็นต้นไป"),
        ],
    ),
]


def bylaws() -> Builder:
    b = Builder()
    b.page_numbers()
    b.title("ข้อบังคับกลุ่ม", size=20)
    b.title("{{ group_name }}", size=18)
    b.p(AREA, align="center", after=12)
    b.body("ที่ประชุมใหญ่สมาชิกเมื่อวันที่ {{ established|thai_date }} ได้มีมติให้ใช้ข้อบังคับของกลุ่มไว้ดังต่อไปนี้")
    for chapter, clauses in BYLAWS:
        b.p(chapter, align="center", bold=True, size=17, before=12, after=4, keep_next=True)
        for number, text in clauses:
            b.p((number, {"bold": True}), " " + text, first=2.5, align="thai", after=2)
    b.p("ประกาศ ณ วันที่ {{ established|official_date }}", align="center", before=18, keep_next=True)
    b.signature("{{ chair_name }}", "ประธานกลุ่ม", before=24, sign="ลงชื่อ")
    return b


def committee_list() -> Builder:
    b = Builder()
    b.title("รายชื่อคณะกรรมการ", size=20)
    b.title("{{ group_name }}", size=18)
    b.p(AREA, align="center")
    b.p(
        "วาระการดำรงตำแหน่ง {{ term_years }} ปี ตั้งแต่วันที่ {{ listed_date|thai_date }}",
        align="center",
        after=12,
    )
    b.table(
        ["ลำดับ", "ชื่อ-สกุล", "ตำแหน่ง", "โทรศัพท์", "ลายมือชื่อ"],
        [1.4, 5.0, 3.6, 3.0, 3.0],
        "seat in committee",
        [
            "{{ loop.index }}",
            "{{ seat.name }}",
            "{{ seat.position }}",
            "{{ seat.phone|phone }}",
            "",
        ],
        aligns=["center", "left", "left", "center", "left"],
        row_height_cm=1.1,
    )
    b.p("ขอรับรองว่ารายชื่อข้างต้นเป็นคณะกรรมการที่ได้รับเลือกตั้งจากที่ประชุมสมาชิกจริง", first=2.5, before=12)
    b.signature("{{ chair_name }}", "ประธานกลุ่ม")
    return b


def member_roster() -> Builder:
    b = Builder(landscape=True)
    b.page_numbers()
    b.title("บัญชีรายชื่อสมาชิก", size=20)
    b.title("{{ group_name }}", size=18)
    b.p(AREA, align="center", after=12)
    b.table(
        [
            "ลำดับ",
            "ชื่อ-สกุล",
            "เลขประจำตัวประชาชน",
            "บ้านเลขที่",
            "หมู่ที่",
            "ตำบล",
            "อำเภอ",
            "จังหวัด",
            "ลายมือชื่อ",
        ],
        [1.3, 5.0, 4.2, 2.1, 1.4, 2.8, 3.0, 2.5, 2.4],
        "m in members",
        [
            "{{ loop.index }}",
            "{{ m.name }}",
            "{{ m.national_id|format_id }}",
            "{{ m.house_no }}",
            "{{ m.moo }}",
            "{{ m.subdistrict }}",
            "{{ m.district }}",
            "{{ m.province }}",
            "",
        ],
        aligns=["center", "left", "center", "center", "center", "left", "left", "left", "left"],
        row_height_cm=1.1,
    )
    b.p("รวมสมาชิกทั้งสิ้น {{ member_count }} ราย", before=12)
    b.p("ขอรับรองว่าบัญชีรายชื่อข้างต้นถูกต้อง ข้อมูล ณ วันที่ {{ listed_date|thai_date }}", first=2.5)
    b.signature("{{ chair_name }}", "ประธานกลุ่ม")
    return b


def activity_plan() -> Builder:
    b = Builder(landscape=True)
    b.title("แผนงาน/กิจกรรมของกลุ่ม", size=20)
    b.title("{{ group_name }}", size=18)
    b.p(AREA, align="center")
    b.p("ประจำปี พ.ศ. {{ plan_years }}", align="center", after=12)
    b.table(
        ["ลำดับ", "กิจกรรม", "ระยะเวลา", "สถานที่", "งบประมาณ (บาท)", "ผู้รับผิดชอบ"],
        [1.4, 7.5, 4.0, 4.3, 3.0, 4.5],
        "a in activities",
        [
            "{{ loop.index }}",
            "{{ a.name }}",
            "{{ a.period }}",
            "{{ a.location }}",
            "{{ a.budget|money if not blank else '' }}",
            "{{ a.responsible }}",
        ],
        aligns=["center", "left", "left", "left", "right", "left"],
        footer=["", "รวม", "", "", "{{ total_budget|money }}", ""],
    )
    b.p("จัดทำเมื่อวันที่ {{ plan_date|thai_date }}", before=12)
    b.signature("{{ chair_name }}", "ประธานกลุ่ม")
    return b


SIGNER = (
    "{{ signer_name if signer_name else (officer_name if officer_name else '" + "." * 40 + "') }}"
)


def certificate() -> Builder:
    """Emblem, title, number, the office; what is certified; the date given; a space to sign,
    the name in brackets and the position. Spaced to fill the page evenly."""
    b = Builder()
    b.emblem_slot(3.0)
    b.title("ใบรับรองการจัดตั้งกลุ่มส่งเสริมอาชีพการเกษตร", size=26, before=24, after=6)
    b.p("เลขที่ {{ certificate_no }}", align="center", size=18, after=4)
    b.p(
        "{{ office_name if office_name else 'สำนักงานเกษตรอำเภอ' ~ officer_district }}"
        "  กรมส่งเสริมการเกษตร",
        align="center",
        size=20,
        after=54,
    )
    b.p("ให้ไว้เพื่อรับรองว่า", align="center", size=18, after=24)
    b.p("{{ group_name }}", align="center", bold=True, size=26, after=24)
    b.p(
        "ตั้งอยู่ {% if address.house_no %}เลขที่ {{ address.house_no }} {% endif %}"
        "{% if address.moo %}หมู่ที่ {{ address.moo }} {% endif %}ตำบล{{ address.subdistrict }} "
        "อำเภอ{{ address.district }} จังหวัด{{ address.province }}",
        align="center",
        size=18,
    )
    b.p("จำนวนสมาชิก {{ member_count }} ราย", align="center", size=18)
    b.p(
        "{% if main_activity %}กิจกรรมหลัก {{ main_activity }}{% endif %}",
        align="center",
        size=18,
    )
    b.p(
        "ได้จัดตั้งเป็นกลุ่มส่งเสริมอาชีพการเกษตรตามหลักเกณฑ์ของกรมส่งเสริมการเกษตร",
        align="center",
        size=18,
        before=30,
    )
    b.p(
        "{% if established %}เมื่อวันที่ {{ established|official_date }}{% endif %}",
        align="center",
        size=18,
    )
    b.p(
        "ให้ไว้ ณ วันที่ {{ issue_date|official_date }}",
        align="center",
        size=18,
        before=54,
        keep_next=True,
    )
    b.signature(
        SIGNER,
        "{{ signer_position if signer_position else 'เกษตรอำเภอ' ~ officer_district }}",
        before=30,
        size=18,
        official=True,
    )
    return b


def memo_head(b: Builder, subject: str, *, ref: str, date: str) -> None:
    """The head of a บันทึกข้อความ (ระเบียบสำนักนายกรัฐมนตรีว่าด้วยงานสารบรรณ): the ครุฑ 1.5 cm
    at the left with บันทึกข้อความ 29 pt beside it, then ส่วนราชการ (with โทร.), ที่ and
    วันที่, เรื่อง: labels 20 pt bold, what follows them 16 pt."""
    b.emblem_slot(
        1.5,
        "\t",
        ("บันทึกข้อความ", {"bold": True, "size": 29}),
        tabs=[b.text_width_cm / 2 - 2.4],
    )
    b.p(
        ("ส่วนราชการ", {"bold": True, "size": 20}),
        "  {{ office }}{% if office_phone %} โทร. {{ office_phone|phone }}{% endif %}",
    )
    b.p(
        ("ที่", {"bold": True, "size": 20}),
        f"  {ref}\t",
        ("วันที่", {"bold": True, "size": 20}),
        f"  {date}",
        tabs=[b.text_width_cm / 2 - 0.5],
    )
    b.p(("เรื่อง", {"bold": True, "size": 20}), f"  {subject}", after=6)


def review_memo() -> Builder:
    b = Builder()
    b.doc.sections[0].top_margin = Cm(1.5)
    b.page_numbers()
    memo_head(
        b,
        "ผลการตรวจเอกสารคำขอใบรับรองการจัดตั้ง{{ group_name }}",
        ref="{{ ref_no if ref_no else '....................' }}",
        date="{{ memo_date|thai_date }}",
    )
    b.p(("เรียน", {"bold": True}), "  {{ district_officer }}", after=6)
    b.body(
        "ตามที่ {{ group_name }} ตั้งอยู่ {{ address_line }} ได้ยื่นคำขอใบรับรองการจัดตั้ง"
        "กลุ่มส่งเสริมอาชีพการเกษตร ข้าพเจ้าได้ตรวจสอบเอกสารแล้ว ขอรายงานดังนี้"
    )
    b.p(("1. ข้อมูลกลุ่ม", {"bold": True}), before=6, left=1.25, keep_next=True)
    b.p("สมาชิก {{ member_count }} ราย คณะกรรมการ {{ committee|length }} คน ได้แก่", left=2.5)
    b.tag("{%p for c in committee %}")
    b.p("({{ loop.index }}) {{ c.name }} ตำแหน่ง {{ c.position }}", left=2.5)
    b.tag("{%p endfor %}")
    b.p(("2. เอกสารที่ได้รับ", {"bold": True}), before=6, left=1.25, keep_next=True)
    b.tag("{%p for d in documents %}")
    b.p(
        "({{ loop.index }}) {{ d.label }} "
        "{% if blank %}.............................{% elif d.found %}ได้รับแล้ว{% else %}ไม่พบในเอกสารที่ยื่น{% endif %}",
        left=2.5,
    )
    b.tag("{%p endfor %}")
    b.p(("3. ผลการตรวจ", {"bold": True}), before=6, left=1.25, keep_next=True)
    b.tag("{%p if blank %}")
    b.p("." * 110, left=2.5)
    b.p("." * 110, left=2.5)
    b.tag("{%p elif findings %}")
    b.p(
        "พบข้อที่ต้องแก้ไข {{ error_count }} รายการ และข้อสังเกต {{ warning_count }} รายการ ดังนี้",
        left=2.5,
    )
    b.tag("{%p if errors %}")
    b.p(("3.1 รายการที่ต้องแก้ไข", {"bold": True}), left=2.5, before=4, keep_next=True)
    b.tag("{%p for f in errors %}")
    b.p(
        "({{ loop.index }}) {% if f.where %}{{ f.where }}: {% endif %}{{ f.message }}",
        left=2.5,
        align="thai",
    )
    b.tag("{%p endfor %}")
    b.tag("{%p endif %}")
    b.tag("{%p if warnings %}")
    b.p(
        ("{{ '3.2' if errors else '3.1' }} ข้อสังเกต", {"bold": True}),
        left=2.5,
        before=4,
        keep_next=True,
    )
    b.tag("{%p for f in warnings %}")
    b.p(
        "({{ loop.index }}) {% if f.where %}{{ f.where }}: {% endif %}{{ f.message }}",
        left=2.5,
        align="thai",
    )
    b.tag("{%p endfor %}")
    b.tag("{%p endif %}")
    b.tag("{%p else %}")
    b.p("ไม่พบข้อบกพร่อง เอกสารครบถ้วนถูกต้องตามหลักเกณฑ์", left=2.5)
    b.tag("{%p endif %}")
    b.p(("4. ข้อเสนอ", {"bold": True}), before=6, left=1.25, keep_next=True)
    b.p("{{ recommendation }}", first=1.25, left=1.25, align="thai")
    b.tag("{%p if override_reason %}")
    b.p("เหตุผลที่เสนออนุมัติ: {{ override_reason }}", first=1.25, left=1.25, align="thai")
    b.tag("{%p endif %}")
    b.body("จึงเรียนมาเพื่อโปรดพิจารณา", before=12)
    b.signature(
        "{{ officer_name if officer_name else '" + "." * 40 + "' }}",
        "{{ officer_position }}",
        before=6,
        official=True,
    )
    b.p(("ความเห็นของ{{ district_officer }}", {"bold": True}), before=12, keep_next=True)
    b.p(
        "(   ) อนุมัติออกใบรับรอง     (   ) ส่งคืนเพื่อแก้ไข     (   ) อื่น ๆ .........................................",
        keep_next=True,
    )
    b.signature(
        "{{ signer_name if signer_name else '" + "." * 40 + "' }}",
        "{{ signer_position if signer_position else district_officer }}",
        before=0,
        official=True,
    )
    return b


def _keep_table_together(b: Builder) -> None:
    """A short summary table stays on one page with its heading (keep-with-next on every row)."""
    rows = b.doc.tables[-1].rows
    for row in rows[:-1]:
        for cell in row.cells:
            for par in cell.paragraphs:
                par.paragraph_format.keep_with_next = True


def district_report() -> Builder:
    """The district's report to the province (scope "district"), or the province's (scope
    "province"): a บันทึกข้อความ, its tables and charts (each chart with its caption and the
    table it draws, never alone on a page)."""
    prov = "scope == 'province'"
    area = "{{ 'อำเภอ' if " + prov + " else 'ตำบล' }}"
    period = "{{ period_label if period_label else 'ประจำปี พ.ศ. ' ~ year }}"
    b = Builder()
    b.doc.sections[0].top_margin = Cm(1.5)
    b.page_numbers()
    memo_head(
        b,
        "รายงานการจัดตั้งกลุ่มส่งเสริมอาชีพการเกษตร {% if " + prov + " %}จังหวัด{{ province }}"
        "{% else %}อำเภอ{{ district }} จังหวัด{{ province }}{% endif %} " + period,
        ref="{{ ref_no if ref_no else '....................' }}",
        date="{{ report_date|thai_date }}",
    )
    b.p(
        ("เรียน", {"bold": True}),
        "  {% if " + prov + " %}อธิบดีกรมส่งเสริมการเกษตร{% else %}เกษตรจังหวัด{{ province }}{% endif %}",
        after=6,
    )
    b.tag("{%p if groups or blank %}")
    b.body(
        "{{ office }} ขอรายงานกลุ่มส่งเสริมอาชีพการเกษตรที่ได้รับใบรับรอง"
        "การจัดตั้ง " + period + " จำนวน {{ group_count }} กลุ่ม สมาชิกรวม "
        "{{ total_members|number }} ราย ดังนี้"
    )
    b.p(("1. กลุ่มที่ได้รับใบรับรองการจัดตั้ง", {"bold": True}), before=6, after=4, keep_next=True)
    b.table(
        [
            "ที่",
            "ชื่อกลุ่ม",
            "หมู่ที่",
            "{{ 'ตำบล / อำเภอ' if " + prov + " else 'ตำบล' }}",
            "สมาชิก (ราย)",
            "วันที่จัดตั้ง",
            "กิจกรรมหลัก",
            "ประธาน",
            "เลขที่ใบรับรอง",
        ],
        [0.8, 3.6, 1.0, 1.9, 1.3, 1.8, 2.0, 2.2, 1.4],
        "g in groups",
        [
            "{{ loop.index }}",
            "{{ g.group_name }}",
            "{{ g.moo }}",
            "{{ g.subdistrict }}{% if " + prov + " and g.district %} / {{ g.district }}{% endif %}",
            "{{ g.members if not blank else '' }}",
            "{{ g.established|thai_date(short=True) if g.established else '' }}",
            "{{ g.main_activity }}",
            "{{ g.chair }}",
            "{{ g.certificate_no if g.certificate_no or blank else '-' }}",
        ],
        aligns=["center", "left", "center", "left", "right", "center", "left", "left", "center"],
        size=13,  # nine columns across a portrait page
        footer=["", "รวม", "", "", "{{ total_members|number }}", "", "", "", ""],
    )
    b.tag("{%p if missing_certificate_no and not blank %}")
    b.p(
        "หมายเหตุ: เครื่องหมาย - ในช่องเลขที่ใบรับรอง คือกลุ่มที่ยังไม่ได้บันทึกเลขที่ใบรับรองในระบบ "
        "({{ missing_certificate_no }} กลุ่ม) กรุณาตรวจสอบก่อนส่งรายงาน",
        size=14,
        before=4,
    )
    b.tag("{%p endif %}")
    b.tag("{%p if by_area %}")
    b.p(("2. สรุปจำแนกตาม" + area, {"bold": True}), before=12, after=4, keep_next=True)
    b.tag("{%p if chart_area and not blank %}")
    b.p("{{ chart_area }}", align="center", before=6, keep_next=True)
    b.p(
        "แผนภูมิที่ 1 จำนวนกลุ่มและสมาชิกจำแนกตาม" + area, align="center", size=14, after=6, keep_next=True
    )
    b.tag("{%p endif %}")
    b.table(
        ["ที่", area, "จำนวนกลุ่ม", "สมาชิก (ราย)"],
        [1.0, 8.0, 3.0, 3.0],
        "t in by_area",
        ["{{ loop.index }}", "{{ t.name }}", "{{ t.groups|number }}", "{{ t.members|number }}"],
        aligns=["center", "left", "right", "right"],
        size=14,
        footer=["", "รวม", "{{ group_count|number }}", "{{ total_members|number }}"],
    )
    _keep_table_together(b)
    b.tag("{%p endif %}")
    b.tag("{%p if by_activity %}")
    b.p(("3. สรุปจำแนกตามกิจกรรมหลัก", {"bold": True}), before=12, after=4, keep_next=True)
    b.tag("{%p if chart_activity and not blank %}")
    b.p("{{ chart_activity }}", align="center", before=6, keep_next=True)
    b.p(
        "แผนภูมิที่ {{ 2 if chart_area else 1 }} จำนวนกลุ่มจำแนกตามกิจกรรมหลัก",
        align="center",
        size=14,
        after=6,
        keep_next=True,
    )
    b.tag("{%p endif %}")
    b.table(
        ["ที่", "กิจกรรมหลัก", "จำนวนกลุ่ม", "สมาชิก (ราย)"],
        [1.0, 8.0, 3.0, 3.0],
        "t in by_activity",
        ["{{ loop.index }}", "{{ t.name }}", "{{ t.groups|number }}", "{{ t.members|number }}"],
        aligns=["center", "left", "right", "right"],
        size=14,
    )
    _keep_table_together(b)
    b.tag("{%p endif %}")
    b.tag("{%p else %}")
    b.body(
        "{% if " + prov + " %}จังหวัด{{ province }}{% else %}อำเภอ{{ district }}{% endif %}"
        "ไม่มีกลุ่มส่งเสริมอาชีพการเกษตรที่ได้รับใบรับรองการจัดตั้ง " + period
    )
    b.tag("{%p endif %}")
    b.tag("{%p if applications and not blank %}")
    b.p(("{{ '4. ' if groups else '' }}คำขอใบรับรองที่ได้รับ " + period, {"bold": True}), before=12)
    b.p(
        "รับคำขอ {{ applications.received|number }} ราย ออกใบรับรองแล้ว "
        "{{ applications.certified|number }} ราย ส่งคืนให้แก้ไข {{ applications.returned|number }} ราย "
        "อยู่ระหว่างพิจารณา {{ applications.pending|number }} ราย",
        left=1.25,
    )
    b.tag("{%p if applications.reasons %}")
    b.p("เหตุที่ส่งคืนที่พบบ่อย (นับเป็นจำนวนคำขอ)", left=1.25, before=4)
    b.tag("{%p for r in applications.reasons %}")
    b.p("({{ loop.index }}) {{ r.label }} {{ r.count|number }} ราย", left=2.5)
    b.tag("{%p endfor %}")
    b.tag("{%p endif %}")
    b.tag("{%p endif %}")
    b.tag("{%p for n in notes %}")
    b.p("หมายเหตุ: {{ n }}", before=6)
    b.tag("{%p endfor %}")
    b.body("จึงเรียนมาเพื่อโปรดทราบ", before=12)
    b.signature(
        "{{ signer_name if signer_name else (officer_name if officer_name else '"
        + "." * 40
        + "') }}",
        "{{ signer_position if signer_position else ('เกษตรจังหวัด' ~ province if "
        + prov
        + " else officer_title) }}",
        before=6,
        official=True,
    )
    return b


BUILDERS = {
    "request_form": request_form,
    "bylaws": bylaws,
    "committee_list": committee_list,
    "member_roster": member_roster,
    "activity_plan": activity_plan,
    "certificate": certificate,
    "review_memo": review_memo,
    "district_report": district_report,
}


def build(out_dir: Path = HERE, kinds: Sequence[str] | None = None) -> list[Path]:
    written = []
    for kind in kinds or BUILDERS:
        path = out_dir / f"{kind}.docx"
        BUILDERS[kind]().save(path)
        written.append(path)
    return written


if __name__ == "__main__":
    for path in build(kinds=sys.argv[1:] or None):
        print(path)
