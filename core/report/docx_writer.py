"""Write a ``ReportDoc`` as a DOCX laid out per Nghị định 30/2020/NĐ-CP
(SPEC §6.4), with python-docx.

The page geometry, type sizes, column widths and the Nghị định 30 layout
rules shared with the PDF writer live in ``core.report.layout``, so both
outputs look the same.  python-docx sets only two
of the four font slots and leaves theme fonts in the default template's
styles; ``_pin_fonts`` rewrites every ``w:rFonts`` (document defaults, every
style, every run) to Times New Roman in ascii/hAnsi/eastAsia/cs and strips the
theme attributes, so Word never substitutes Calibri/Cambria.

Every document this module writes passes ``tools/nd30_check.py`` (34/34).
"""
from __future__ import annotations

import datetime as _dt
import os
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docx.table import _Cell

from core.report.document import Annex, Para, ReportDoc, Section, Table
from core.report.layout import (
    CELL_PAD_CM,
    HEADER_CELL_PAD_CM,
    LAYOUT,
    agency_pt,
    annex_font_pt,
    annex_reference,
    order_annexes,
    place_cells,
    portrait_table,
    recipient_line,
    scale_widths,
    table_font_pt,
    text_area_cm,
    text_width_cm,
)
from core.text import nfc, printable, roman

FONT = "Times New Roman"


# ------------------------------------------------------------------ XML helpers
# Child order required by the WordprocessingML schema (Word rejects or
# "repairs" files whose property elements are out of order).
_ORDER = {
    "rPr": ["rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline",
            "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing", "w",
            "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign",
            "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath"],
    "pPr": ["pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
            "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
            "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid",
            "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection",
            "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange"],
    "tblPr": ["tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize",
              "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook",
              "tblCaption", "tblDescription"],
}


def _reorder(el):
    """Sort the children of an rPr / pPr / tblPr element into schema order."""
    order = _ORDER[el.tag.split("}")[1]]
    rank = {name: i for i, name in enumerate(order)}
    kids = list(el)
    kids.sort(key=lambda k: rank.get(k.tag.split("}")[1], len(order)))
    for k in kids:
        el.remove(k)
    for k in kids:
        el.append(k)


def _reorder_all(root):
    for tag in ("w:rPr", "w:pPr", "w:tblPr"):
        for el in root.iter(qn(tag)):
            _reorder(el)


def _set_rfonts(rpr):
    rf = rpr.find(qn("w:rFonts"))
    if rf is None:
        rf = OxmlElement("w:rFonts")
        rpr.insert(0, rf)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme", "w:csTheme"):
        if rf.get(qn(attr)) is not None:
            del rf.attrib[qn(attr)]
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rf.set(qn(slot), FONT)
    return rf


def _pin_fonts(doc):
    """Times New Roman in all four slots everywhere in styles.xml, theme fonts stripped."""
    styles = doc.styles.element
    for rf in list(styles.iter(qn("w:rFonts"))):
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme", "w:csTheme"):
            if rf.get(qn(attr)) is not None:
                del rf.attrib[qn(attr)]
        for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            rf.set(qn(slot), FONT)
    # document defaults: make sure an rFonts exists there too, and colour/size
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_default.append(rpr)
    _set_rfonts(rpr)
    for tag in ("w:color", "w:sz", "w:szCs"):
        el = rpr.find(qn(tag))
        if el is not None:
            rpr.remove(el)
    for tag, val in (("w:sz", str(LAYOUT["body_pt"] * 2)), ("w:szCs", str(LAYOUT["body_pt"] * 2))):
        el = OxmlElement(tag)
        el.set(qn("w:val"), val)
        rpr.append(el)
    # paragraph defaults: no space after, single lines (every paragraph this
    # writer makes sets its own; this covers empty merged-cell paragraphs)
    ppr_default = defaults.find(qn("w:pPrDefault"))
    if ppr_default is not None:
        sp = ppr_default.find(f"{qn('w:pPr')}/{qn('w:spacing')}")
        if sp is not None:
            sp.set(qn("w:after"), "0")
            sp.set(qn("w:line"), "240")
            sp.set(qn("w:lineRule"), "auto")
    # proofing language: Vietnamese, so Word does not underline every word as misspelt English
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "vi-VN")
    lang.set(qn("w:eastAsia"), "vi-VN")
    if lang.get(qn("w:bidi")) is None:
        lang.set(qn("w:bidi"), "ar-SA")
    # theme colours on styles (headings, hyperlinks) would print blue: make them black
    for col in styles.iter(qn("w:color")):
        for attr in ("w:themeColor", "w:themeShade", "w:themeTint"):
            if col.get(qn(attr)) is not None:
                del col.attrib[qn(attr)]
        col.set(qn("w:val"), "000000")
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(LAYOUT["body_pt"])
    _set_rfonts(normal.element.get_or_add_rPr())


def _run(p, text: str, size: float, bold=False, italic=False, caps=False):
    text = printable(text)  # Word's Shift+Enter (\x0b) a line break, other control characters dropped
    r = p.add_run(text.upper() if caps else text)
    r.font.size = Pt(size)
    r.font.bold = bold
    r.font.italic = italic
    r.font.name = FONT
    _set_rfonts(r._element.get_or_add_rPr())
    return r


def _fmt(p, align=WD_ALIGN_PARAGRAPH.JUSTIFY, first_line_cm=None, before=0, after=0, line=1.0,
         left_cm=None, right_cm=None, keep_next=False):
    pf = p.paragraph_format
    p.alignment = align
    if first_line_cm is not None:
        pf.first_line_indent = Cm(first_line_cm)
    if left_cm is not None:
        pf.left_indent = Cm(left_cm)
    if right_cm is not None:
        pf.right_indent = Cm(right_cm)
    pf.space_before = Pt(before)
    pf.space_after = Pt(after)
    if line == 1.0:
        pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    else:
        pf.line_spacing = line
    if keep_next:
        pf.keep_with_next = True
    return p


def _border(p, side="bottom", size_eighths=6):
    ppr = p._p.get_or_add_pPr()
    bdr = ppr.find(qn("w:pBdr"))
    if bdr is None:
        bdr = OxmlElement("w:pBdr")
        # pBdr must come before spacing/ind/jc in the schema order
        anchor = None
        for tag in ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
                    "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
                    "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
                    "w:suppressOverlap", "w:jc"):
            anchor = ppr.find(qn(tag))
            if anchor is not None:
                break
        if anchor is not None:
            anchor.addprevious(bdr)
        else:
            ppr.append(bdr)
    el = OxmlElement(f"w:{side}")
    el.set(qn("w:val"), "single")
    el.set(qn("w:sz"), str(size_eighths))
    el.set(qn("w:space"), "1")
    el.set(qn("w:color"), "000000")
    bdr.append(el)


def _rule(cell_or_doc, width_cm: float, container_cm: float, before=0, after=0):
    """A centred horizontal rule ``width_cm`` long: an empty 1-pt paragraph with a
    bottom border, indented from both sides."""
    p = cell_or_doc.add_paragraph()
    side = max(0.0, (container_cm - width_cm) / 2)
    _fmt(p, WD_ALIGN_PARAGRAPH.CENTER, first_line_cm=0, left_cm=side, right_cm=side, before=before, after=after)
    p.paragraph_format.line_spacing = Pt(2)
    p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    _border(p, "bottom", 6)
    r = _run(p, "", 1)
    r.font.size = Pt(1)
    return p


def _set_borders(table, **attrs):
    """Replace the table's borders: every side gets ``attrs`` (w:val, w:sz …)."""
    tblPr = table._tbl.tblPr
    old = tblPr.find(qn("w:tblBorders"))
    if old is not None:
        tblPr.remove(old)
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        for k, v in attrs.items():
            el.set(qn(f"w:{k}"), v)
        borders.append(el)
    tblPr.append(borders)


def _no_borders(table):
    _set_borders(table, val="nil")


def _grid_borders(table):
    _set_borders(table, val="single", sz="4", space="0", color="000000")


def _cell_margins(table, cm: float):
    tblPr = table._tbl.tblPr
    mar = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), str(int(cm * 567)))
        el.set(qn("w:type"), "dxa")
        mar.append(el)
    tblPr.append(mar)


def _fixed_widths(table, widths_cm: list[float]):
    """Fixed layout, a tblGrid and a tcW on every cell (Word and LibreOffice
    otherwise split the width evenly)."""
    table.autofit = False
    tbl = table._tbl
    tblPr = tbl.tblPr
    layout = tblPr.find(qn("w:tblLayout"))
    if layout is None:
        layout = OxmlElement("w:tblLayout")
        tblPr.append(layout)
    layout.set(qn("w:type"), "fixed")
    tblW = tblPr.find(qn("w:tblW"))
    if tblW is None:
        tblW = OxmlElement("w:tblW")
        tblPr.append(tblW)
    tblW.set(qn("w:type"), "dxa")
    tblW.set(qn("w:w"), str(int(sum(widths_cm) * 567)))
    grid = tbl.tblGrid
    cols = grid.findall(qn("w:gridCol"))
    for gc, w in zip(cols, widths_cm):
        gc.set(qn("w:w"), str(int(w * 567)))
    for row in table.rows:
        col = 0
        for tc in row._tr.tc_lst:
            span = tc.grid_span
            w = sum(widths_cm[col:col + span])
            tcPr = tc.get_or_add_tcPr()
            tcW = tcPr.find(qn("w:tcW"))
            if tcW is None:
                tcW = OxmlElement("w:tcW")
                tcPr.insert(0, tcW)
            tcW.set(qn("w:type"), "dxa")
            tcW.set(qn("w:w"), str(int(w * 567)))
            col += span


def _row_flags(row, header=False):
    trPr = row._tr.get_or_add_trPr()
    cs = OxmlElement("w:cantSplit")
    trPr.append(cs)
    if header:
        th = OxmlElement("w:tblHeader")
        trPr.append(th)


def _cell_text(cell, text: str, size: float, bold=False, italic=False, align="center"):
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    lines = printable(text or "").split("\n")
    p = cell.paragraphs[0]
    al = {"left": WD_ALIGN_PARAGRAPH.LEFT, "right": WD_ALIGN_PARAGRAPH.RIGHT}.get(align, WD_ALIGN_PARAGRAPH.CENTER)
    for i, line in enumerate(lines):
        if i:
            p = cell.add_paragraph()
        _fmt(p, al, first_line_cm=0, before=1, after=1)
        _run(p, line, size, bold=bold, italic=italic)


# ----------------------------------------------------------------- the writer
class _Writer:
    def __init__(self, doc: ReportDoc):
        self.rd = doc
        self.d = Document()
        _pin_fonts(self.d)
        sec = self.d.sections[0]
        self._portrait(sec)
        self.text_cm = text_area_cm()

    # -- page setup
    def _page(self, sec, landscape: bool):
        """A4 page of the section, portrait (body) or landscape (annexes)."""
        p = "land_" if landscape else ""
        sec.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
        w, h = Mm(LAYOUT["page_w_mm"]), Mm(LAYOUT["page_h_mm"])
        sec.page_width, sec.page_height = (h, w) if landscape else (w, h)
        sec.top_margin = Mm(LAYOUT[f"{p}margin_top_mm"])
        sec.bottom_margin = Mm(LAYOUT[f"{p}margin_bottom_mm"])
        sec.left_margin = Mm(LAYOUT[f"{p}margin_left_mm"])
        sec.right_margin = Mm(LAYOUT[f"{p}margin_right_mm"])
        sec.header_distance = Mm(LAYOUT["header_distance_mm"])
        sec.footer_distance = Mm(LAYOUT["header_distance_mm"])

    def _portrait(self, sec):
        self._page(sec, False)

    def _landscape(self, sec):
        self._page(sec, True)

    def _page_numbers(self):
        sec = self.d.sections[0]
        sec.different_first_page_header_footer = True
        hp = sec.header.paragraphs[0]
        _fmt(hp, WD_ALIGN_PARAGRAPH.CENTER, first_line_cm=0)
        r1 = _run(hp, "", LAYOUT["page_no_pt"])
        fb = OxmlElement("w:fldChar")
        fb.set(qn("w:fldCharType"), "begin")
        r1._r.append(fb)
        r2 = _run(hp, "", LAYOUT["page_no_pt"])
        it = OxmlElement("w:instrText")
        it.set(qn("xml:space"), "preserve")
        it.text = " PAGE "
        r2._r.append(it)
        r3 = _run(hp, "", LAYOUT["page_no_pt"])
        fs = OxmlElement("w:fldChar")
        fs.set(qn("w:fldCharType"), "separate")
        r3._r.append(fs)
        _run(hp, "2", LAYOUT["page_no_pt"])
        r5 = _run(hp, "", LAYOUT["page_no_pt"])
        fe = OxmlElement("w:fldChar")
        fe.set(qn("w:fldCharType"), "end")
        r5._r.append(fe)
        # an explicit, empty first-page header (no number on page 1)
        fp = sec.first_page_header
        fp.is_linked_to_previous = False
        _fmt(fp.paragraphs[0], WD_ALIGN_PARAGRAPH.CENTER, first_line_cm=0)
        for part in (sec.header, sec.first_page_header, sec.footer, sec.first_page_footer):
            _pin_part_fonts(part)

    # -- blocks
    def body_para(self, text: str, bold_prefix: str = "", italic=False, align=WD_ALIGN_PARAGRAPH.JUSTIFY,
                  first_line=None, keep_next=False, container=None):
        c = container or self.d
        p = c.add_paragraph()
        _fmt(p, align, first_line_cm=LAYOUT["first_line_cm"] if first_line is None else first_line,
             before=LAYOUT["space_before_pt"], after=0, line=LAYOUT["line"], keep_next=keep_next)
        if bold_prefix:
            _run(p, bold_prefix, LAYOUT["body_pt"], bold=True, italic=italic)
        if text:
            _run(p, text, LAYOUT["body_pt"], italic=italic)
        return p

    def para(self, b: Para, keep_next: bool = False):
        text = b.text
        if b.kind == "bullet" and not text.lstrip().startswith("-"):
            text = "- " + text
        elif b.kind == "plus" and not text.lstrip().startswith("+"):
            text = "+ " + text
        if b.kind == "center":
            self.body_para(text, b.bold_prefix, align=WD_ALIGN_PARAGRAPH.CENTER, first_line=0, keep_next=keep_next)
        elif b.kind == "note":
            self.body_para(text, b.bold_prefix, italic=True, keep_next=keep_next)
        elif b.kind == "placeholder":  # still to be written by a person: yellow, impossible to miss when signing
            p = self.body_para(text, b.bold_prefix, italic=True, keep_next=keep_next)
            for r in p.runs:
                r.font.highlight_color = WD_COLOR_INDEX.YELLOW
        else:
            self.body_para(text, b.bold_prefix, keep_next=keep_next)

    def heading(self, s: Section):
        p = self.d.add_paragraph()
        _fmt(p, WD_ALIGN_PARAGRAPH.JUSTIFY, first_line_cm=LAYOUT["first_line_cm"],
             before=LAYOUT["space_before_pt"], after=0, line=LAYOUT["line"], keep_next=True)
        lvl = max(1, min(3, s.level))
        title = nfc(s.title)
        if lvl == 1:
            title = title.upper()
        number = nfc(s.number).strip()
        text = f"{number} {title}".strip() if number else title
        _run(p, text, LAYOUT["body_pt"], bold=True, italic=(lvl == 3))
        ol = OxmlElement("w:outlineLvl")
        ol.set(qn("w:val"), str(lvl - 1))
        p._p.get_or_add_pPr().append(ol)

    def section(self, s: Section):
        self.heading(s)
        for b in s.blocks:
            if isinstance(b, Table):
                self.table(b, self.text_cm, LAYOUT["table_pt"])
            else:
                self.para(b)
        for c in s.children:
            self.section(c)

    def table(self, t: Table, avail_cm: float, size: float, container=None, fixed_size=False):
        c = container or self.d
        if t.title:
            p = c.add_paragraph()
            _fmt(p, WD_ALIGN_PARAGRAPH.CENTER, first_line_cm=0, before=LAYOUT["space_before_pt"], after=3,
                 keep_next=True)
            _run(p, t.title, size + 1, bold=True)
        size = size if fixed_size else table_font_pt(t.n_cols, size)
        widths = scale_widths(t, avail_cm, size)  # no word broken inside a cell
        n = len(widths)
        all_rows = t.header + t.rows
        if not all_rows:
            return
        table = c.add_table(rows=len(all_rows), cols=n)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        (_no_borders if t.borderless else _grid_borders)(table)
        _cell_margins(table, CELL_PAD_CM)
        # the tc grid taken once (python-docx's table.cell() rescans the table on every call)
        grid = [list(tr.tc_lst) for tr in table._tbl.tr_lst]
        placed = place_cells(all_rows, n)
        for (ri, ci, cell) in placed:
            head = ri < len(t.header)
            _cell_text(_Cell(grid[ri][ci], table), cell.text, size, bold=cell.bold or head, align=cell.align)
        for (ri, ci, cell) in placed:
            if cell.rowspan > 1 or cell.colspan > 1:
                a = _Cell(grid[ri][ci], table)
                b = _Cell(grid[min(ri + cell.rowspan, len(all_rows)) - 1][min(ci + cell.colspan, n) - 1], table)
                a.merge(b)
        for i, row in enumerate(table.rows):
            _row_flags(row, header=i < len(t.header))
        _fixed_widths(table, widths)
        if t.note:
            p = c.add_paragraph()
            _fmt(p, WD_ALIGN_PARAGRAPH.LEFT, first_line_cm=0, before=3, after=0)
            _run(p, t.note, size, italic=True)
        else:
            # a small gap so the next paragraph does not touch the table
            p = c.add_paragraph()
            _fmt(p, WD_ALIGN_PARAGRAPH.LEFT, first_line_cm=0)
            p.paragraph_format.line_spacing = Pt(4)
            p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY

    # -- header block (Quốc hiệu, tên cơ quan, số, ngày)
    def header_block(self):
        rd = self.rd
        L, R = LAYOUT["header_left_cm"], LAYOUT["header_right_cm"]
        table = self.d.add_table(rows=1, cols=2)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        _no_borders(table)
        _cell_margins(table, HEADER_CELL_PAD_CM)
        left, right = table.cell(0, 0), table.cell(0, 1)
        name_lines = [x for x in nfc(rd.ten_co_quan).split("\n") if x.strip()] or ["ỦY BAN NHÂN DÂN"]
        hp = agency_pt(name_lines, nfc(rd.co_quan_chu_quan or "").split("\n"))
        first = True

        def lp(cell, text, size, bold=False, italic=False, before=0, caps=False):
            nonlocal first
            p = cell.paragraphs[0] if (cell is left and first) else cell.add_paragraph()
            if cell is left:
                first = False
            _fmt(p, WD_ALIGN_PARAGRAPH.CENTER, first_line_cm=0, before=before)
            _run(p, text, size, bold=bold, italic=italic, caps=caps)
            return p

        if rd.co_quan_chu_quan:
            for line in nfc(rd.co_quan_chu_quan).split("\n"):
                lp(left, line, hp, caps=True)
        for line in name_lines:
            lp(left, line, hp, bold=True, caps=True)
        widest = max(text_width_cm(x.upper(), hp, True) for x in name_lines)
        _rule(left, min(LAYOUT["agency_rule_cm"], widest), L - 2 * HEADER_CELL_PAD_CM)
        lp(left, rd.so_ky_hieu or "Số:      /BC-UBND", LAYOUT["header_pt"], before=6)

        rp = right.paragraphs[0]
        _fmt(rp, WD_ALIGN_PARAGRAPH.CENTER, first_line_cm=0)
        _run(rp, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", LAYOUT["quoc_hieu_pt"], bold=True)
        p = right.add_paragraph()
        _fmt(p, WD_ALIGN_PARAGRAPH.CENTER, first_line_cm=0)
        tieu_ngu = "Độc lập - Tự do - Hạnh phúc"
        _run(p, tieu_ngu, LAYOUT["tieu_ngu_pt"], bold=True)
        _rule(right, text_width_cm(tieu_ngu, LAYOUT["tieu_ngu_pt"], True), R - 2 * HEADER_CELL_PAD_CM)
        date_line = ", ".join(x for x in (nfc(rd.dia_danh).strip(), nfc(rd.ngay).strip()) if x)
        if not rd.ngay:
            date_line = (nfc(rd.dia_danh).strip() + ", " if rd.dia_danh else "") + f"ngày      tháng      năm {_dt.date.today().year}"
        p = right.add_paragraph()
        _fmt(p, WD_ALIGN_PARAGRAPH.CENTER, first_line_cm=0, before=6)
        _run(p, date_line, LAYOUT["date_pt"], italic=True)
        _fixed_widths(table, [L, R])

    def title_block(self):
        rd = self.rd
        p = self.d.add_paragraph()
        _fmt(p, WD_ALIGN_PARAGRAPH.CENTER, first_line_cm=0, before=18, after=0, keep_next=True)
        _run(p, rd.loai_van_ban or "BÁO CÁO", LAYOUT["title_pt"], bold=True)
        lines = [x for x in nfc(rd.trich_yeu or "").split("\n") if x.strip()]
        for line in lines:
            p = self.d.add_paragraph()
            _fmt(p, WD_ALIGN_PARAGRAPH.CENTER, first_line_cm=0, keep_next=True)
            _run(p, line, LAYOUT["title_pt"], bold=True)
        _rule(self.d, LAYOUT["title_rule_cm"], self.text_cm, before=2, after=6)
        if rd.kinh_gui:
            gui = [nfc(x) for x in rd.kinh_gui if x and x.strip()]
            if len(gui) == 1:
                p = self.d.add_paragraph()
                _fmt(p, WD_ALIGN_PARAGRAPH.CENTER, first_line_cm=0, before=6, after=6)
                _run(p, "Kính gửi: ", LAYOUT["body_pt"])
                _run(p, gui[0], LAYOUT["body_pt"])
            else:
                p = self.d.add_paragraph()
                _fmt(p, WD_ALIGN_PARAGRAPH.LEFT, first_line_cm=0, left_cm=3.0, before=6)
                _run(p, "Kính gửi:", LAYOUT["body_pt"])
                for g in gui:
                    p = self.d.add_paragraph()
                    _fmt(p, WD_ALIGN_PARAGRAPH.LEFT, first_line_cm=0, left_cm=5.0)
                    _run(p, "- " + g, LAYOUT["body_pt"])

    def footer_block(self):
        rd = self.rd
        table = self.d.add_table(rows=1, cols=2)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        _no_borders(table)
        _cell_margins(table, HEADER_CELL_PAD_CM)
        left, right = table.cell(0, 0), table.cell(0, 1)
        p = left.paragraphs[0]
        _fmt(p, WD_ALIGN_PARAGRAPH.LEFT, first_line_cm=0, before=LAYOUT["space_before_pt"])
        _run(p, "Nơi nhận:", LAYOUT["noi_nhan_pt"], bold=True, italic=True)
        items = [nfc(x).strip() for x in rd.noi_nhan if x and x.strip()] or ["Lưu: VT."]
        for i, item in enumerate(items):
            q = left.add_paragraph()
            _fmt(q, WD_ALIGN_PARAGRAPH.LEFT, first_line_cm=0)
            _run(q, recipient_line(item, last=(i == len(items) - 1)), LAYOUT["noi_nhan_list_pt"])
        s = rd.signer
        sp = LAYOUT["signer_pt"]
        p = right.paragraphs[0]
        _fmt(p, WD_ALIGN_PARAGRAPH.CENTER, first_line_cm=0, before=LAYOUT["space_before_pt"])
        lines = [x for x in (s.authority, s.title) if x and x.strip()]
        for i, line in enumerate(lines):
            if i:
                p = right.add_paragraph()
                _fmt(p, WD_ALIGN_PARAGRAPH.CENTER, first_line_cm=0)
            _run(p, nfc(line).upper(), sp, bold=True)
        for _ in range(LAYOUT["signature_space_lines"]):
            q = right.add_paragraph()
            _fmt(q, WD_ALIGN_PARAGRAPH.CENTER, first_line_cm=0)
        if s.name:
            q = right.add_paragraph()
            _fmt(q, WD_ALIGN_PARAGRAPH.CENTER, first_line_cm=0, before=LAYOUT["space_before_pt"])
            _run(q, s.name, sp, bold=True)
        _fixed_widths(table, [LAYOUT["footer_left_cm"], LAYOUT["footer_right_cm"]])
        _row_flags(table.rows[0])

    # -- annexes
    def annexes(self):
        wide, narrow = order_annexes(self.rd.annexes, self.text_cm)
        n = 0
        for group, land in ((wide, True), (narrow, False)):
            for j, a in enumerate(group):
                n += 1
                if j == 0:
                    sec = self.d.add_section(WD_SECTION.NEW_PAGE)
                    sec.different_first_page_header_footer = False
                    (self._landscape if land else self._portrait)(sec)
                else:
                    self._page_break()
                avail = text_area_cm(landscape=True) if land else self.text_cm
                self.annex(a, n, avail)

    def _page_break(self):
        from docx.enum.text import WD_BREAK
        p = self.d.add_paragraph()
        _fmt(p, WD_ALIGN_PARAGRAPH.LEFT, first_line_cm=0)
        p.add_run().add_break(WD_BREAK.PAGE)

    def annex(self, a: Annex, n: int, avail_cm: float):
        rd = self.rd
        for text, bold, italic, before in (
            (f"Phụ lục {roman(n)}", True, False, 0),
            (a.title, True, False, 2),
            (a.subtitle, False, True, 2),
            (annex_reference(rd), False, True, 0),
        ):
            if not text:
                continue
            p = self.d.add_paragraph()
            _fmt(p, WD_ALIGN_PARAGRAPH.CENTER, first_line_cm=0, before=before, keep_next=True)
            _run(p, text, LAYOUT["title_pt"] if bold else LAYOUT["title_pt"] - 1, bold=bold, italic=italic)
        land = avail_cm > self.text_cm
        for t in a.tables:
            t = t if land else portrait_table(t, avail_cm)
            self.table(t, avail_cm, annex_font_pt(t.n_cols, land, LAYOUT["annex_table_pt"]), fixed_size=True)

    # -- all
    def build(self):
        rd = self.rd
        self.header_block()
        self.title_block()
        for b in rd.preamble:
            self.para(b)
        for s in rd.sections:
            self.section(s)
        for b in rd.closing:  # the closing sentence stays on the page of the signature
            self.para(b, keep_next=True)
        self.footer_block()
        self._page_numbers()
        if rd.annexes:
            self.annexes()
        for part in self._header_parts():
            _pin_part_fonts(part)
            _reorder_all(part._element)
        _reorder_all(self.d.element.body)
        _reorder_all(self.d.styles.element)
        props = self.d.core_properties
        props.title = printable(f"{rd.loai_van_ban} {rd.trich_yeu}").replace("\n", " ").strip()
        props.author = printable(rd.ten_co_quan).replace("\n", " ")
        props.language = "vi-VN"
        return self.d

    def _header_parts(self):
        for sec in self.d.sections:
            for part in (sec.header, sec.first_page_header):
                if not part.is_linked_to_previous:
                    yield part


def _pin_part_fonts(part):
    for r in part._element.iter(qn("w:r")):
        rpr = r.find(qn("w:rPr"))
        if rpr is None:
            rpr = OxmlElement("w:rPr")
            r.insert(0, rpr)
        _set_rfonts(rpr)


def write_docx(doc: ReportDoc, path: str | os.PathLike) -> Path:
    """Write ``doc`` to ``path`` (.docx); returns the path."""
    path = Path(path)
    d = _Writer(doc).build()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    try:
        d.save(str(tmp))
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)  # never a half-written file left behind (a full disk)
        raise
    return path
