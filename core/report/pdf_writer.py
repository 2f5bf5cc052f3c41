"""Write a ``ReportDoc`` as a PDF with reportlab platypus, in the same layout
as the DOCX (``core.report.layout``): A4, Nghị định 30/2020 header and
footer blocks, page numbers centred in the top margin from page 2, annexes on
landscape pages.

Fonts are embedded TrueType: Times New Roman from the Windows font folder
when it is there (``%WINDIR%\\Fonts\\times*.ttf``), else the bundled
Liberation Serif (metric-compatible, full Vietnamese coverage, OFL).  All text
is NFC and XML-escaped before it reaches reportlab's mini-markup, so the PDF's
text layer extracts with correct diacritics.
"""
from __future__ import annotations

import datetime as _dt
import os
import re
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm, mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    TableStyle,
)
from reportlab.platypus import Table as RLTable
from reportlab.platypus.flowables import Flowable

from core.paths import resource_path
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

_FAMILY: dict[str, str] | None = None
PLACEHOLDER_BACK = "#FFFF00"  # Word's yellow highlight

WINDOWS_FILES = {"regular": "times.ttf", "bold": "timesbd.ttf", "italic": "timesi.ttf", "bolditalic": "timesbi.ttf"}
BUNDLED_FILES = {"regular": "LiberationSerif-Regular.ttf", "bold": "LiberationSerif-Bold.ttf",
                 "italic": "LiberationSerif-Italic.ttf", "bolditalic": "LiberationSerif-BoldItalic.ttf"}


def font_files() -> tuple[str, dict[str, Path]]:
    """(family label, {style: path}): Windows Times New Roman if present, else Liberation Serif."""
    windir = os.environ.get("WINDIR") or os.environ.get("SystemRoot")
    if windir:
        folder = Path(windir) / "Fonts"
        files = {k: folder / v for k, v in WINDOWS_FILES.items()}
        if all(p.is_file() for p in files.values()):
            return "TimesNewRoman", files
    return "LiberationSerif", {k: resource_path("fonts", v) for k, v in BUNDLED_FILES.items()}


def register_fonts() -> dict[str, str]:
    """Register the serif family once; returns {style: reportlab font name}."""
    global _FAMILY
    if _FAMILY is None:
        label, files = font_files()
        names = {k: f"SDV-{label}-{k}" for k in files}
        for k, p in files.items():
            pdfmetrics.registerFont(TTFont(names[k], str(p)))
        pdfmetrics.registerFontFamily(names["regular"], normal=names["regular"], bold=names["bold"],
                                      italic=names["italic"], boldItalic=names["bolditalic"])
        _FAMILY = names
    return _FAMILY


def x(text) -> str:
    """NFC + XML-escape a user string for reportlab's paragraph markup (runs
    of spaces kept, as in the DOCX: "Số:      /BC-UBND")."""
    s = escape(printable(text or ""))  # control characters an older book may hold dropped
    return re.sub(r" {2,}", lambda m: "\u00a0" * len(m.group()), s)


class _Rule(Flowable):
    """A centred horizontal rule ``width`` points long (DOCX: a bordered empty paragraph)."""

    def __init__(self, width: float, before: float = 1, after: float = 0, thickness: float = 0.6):
        super().__init__()
        self.rule_w, self.before, self.after, self.thickness = width, before, after, thickness

    def wrap(self, aw, ah):
        self.aw = aw
        return aw, self.before + self.after + self.thickness

    def draw(self):
        x0 = max(0.0, (self.aw - self.rule_w) / 2)
        y = self.after + self.thickness / 2
        self.canv.setLineWidth(self.thickness)
        self.canv.line(x0, y, x0 + min(self.rule_w, self.aw), y)


class _Styles:
    def __init__(self, L):
        f = register_fonts()
        self.f = f
        body = L["body_pt"]
        lead = body * L["line"] * 1.15  # Word's "single" for Times is ~1.15 em
        self.body = ParagraphStyle("body", fontName=f["regular"], fontSize=body, leading=lead,
                                   alignment=TA_JUSTIFY, firstLineIndent=L["first_line_cm"] * cm,
                                   spaceBefore=L["space_before_pt"])
        self.heading = ParagraphStyle("heading", parent=self.body, fontName=f["bold"])
        self.heading3 = ParagraphStyle("heading3", parent=self.body, fontName=f["bolditalic"])
        self.center = ParagraphStyle("center", parent=self.body, alignment=TA_CENTER, firstLineIndent=0)
        self.note = ParagraphStyle("note", parent=self.body, fontName=f["italic"])

        def hc(name, size, font="regular", before=0, align=TA_CENTER, after=0):
            return ParagraphStyle(name, fontName=f[font], fontSize=size, leading=size * 1.18,
                                  alignment=align, spaceBefore=before, spaceAfter=after)

        self.hc = hc
        self.title = hc("title", L["title_pt"], "bold")


def _cell_style(st: _Styles, size, bold, align):
    al = {"left": TA_LEFT, "right": TA_RIGHT}.get(align, TA_CENTER)
    return ParagraphStyle(f"cell{size}{bold}{align}", fontName=st.f["bold" if bold else "regular"], fontSize=size,
                          leading=size * 1.2, alignment=al)


class _Builder:
    def __init__(self, rd: ReportDoc):
        self.L = LAYOUT
        self.rd = rd
        self.st = _Styles(LAYOUT)
        self.text_cm = text_area_cm()
        self.land_cm = text_area_cm(landscape=True)
        self.story: list = []

    def add(self, fl):
        self.story.append(fl)

    # ---- blocks
    def para(self, b: Para):
        text = b.text
        if b.kind == "bullet" and not text.lstrip().startswith("-"):
            text = "- " + text
        elif b.kind == "plus" and not text.lstrip().startswith("+"):
            text = "+ " + text
        markup = (f"<b>{x(b.bold_prefix)}</b>" if b.bold_prefix else "") + x(text)
        style = {"center": self.st.center, "note": self.st.note, "placeholder": self.st.note}.get(b.kind, self.st.body)
        if b.kind in ("note", "placeholder") and b.bold_prefix:
            markup = f"<b><i>{x(b.bold_prefix)}</i></b>" + x(text)
        if b.kind == "placeholder":  # still to be written by a person: on yellow, as the DOCX's highlight
            markup = f'<font backColor="{PLACEHOLDER_BACK}">{markup}</font>'
        self.add(Paragraph(markup, style))

    def heading(self, s: Section):
        lvl = max(1, min(3, s.level))
        title = nfc(s.title).upper() if lvl == 1 else nfc(s.title)
        number = nfc(s.number).strip()
        text = f"{number} {title}".strip() if number else title
        style = self.st.heading3 if lvl == 3 else self.st.heading
        p = Paragraph(x(text), style)
        p.keepWithNext = True
        self.n_marks = getattr(self, "n_marks", 0) + 1
        p._sdv_bookmark = (f"s{self.n_marks}", text, lvl - 1)
        self.add(p)

    def section(self, s: Section):
        self.heading(s)
        for b in s.blocks:
            if isinstance(b, Table):
                self.table(b, self.text_cm, self.L["table_pt"])
            else:
                self.para(b)
        for c in s.children:
            self.section(c)

    def table(self, t: Table, avail_cm: float, size: float, fixed_size: bool = False):
        rows = t.header + t.rows
        if not rows:
            return
        size = size if fixed_size else table_font_pt(t.n_cols, size)
        widths = scale_widths(t, avail_cm, size)  # no word broken inside a cell
        n = len(widths)
        pad = CELL_PAD_CM * cm
        grid = [["" for _ in range(n)] for _ in rows]
        cmds = [
            ("FONT", (0, 0), (-1, -1), self.st.f["regular"], size),
            *(() if t.borderless else (("GRID", (0, 0), (-1, -1), 0.5, "black"),)),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), pad),
            ("RIGHTPADDING", (0, 0), (-1, -1), pad),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ]
        for ri, ci, cell in place_cells(rows, n):
            head = ri < len(t.header)
            style = _cell_style(self.st, size, cell.bold or head, cell.align)
            grid[ri][ci] = Paragraph(x(cell.text).replace("\n", "<br/>"), style)
            if cell.rowspan > 1 or cell.colspan > 1:
                cmds.append(("SPAN", (ci, ri), (ci + cell.colspan - 1, ri + cell.rowspan - 1)))
        tbl = RLTable(grid, colWidths=[w * cm for w in widths], repeatRows=len(t.header), hAlign="CENTER")
        tbl.setStyle(TableStyle(cmds))
        parts = []
        if t.title:
            tp = Paragraph(x(t.title), self.st.hc("tt", size + 1, "bold", before=self.L["space_before_pt"], after=3))
            tp.keepWithNext = True
            parts.append(tp)
        parts.append(tbl)
        if t.note:
            parts.append(Paragraph(x(t.note), self.st.hc("tn", size, "italic", before=3, align=TA_LEFT)))
        else:
            # the gap after a table is its space after, not a Spacer: space after is dropped at the
            # foot of a page, a Spacer that does not fit opens a page of its own (a blank last page)
            tbl.spaceAfter = 4
        for p in parts:
            self.add(p)

    # ---- header, title, footer
    def header_block(self):
        rd, L, hc = self.rd, self.L, self.st.hc
        names = [s for s in nfc(rd.ten_co_quan).split("\n") if s.strip()] or ["ỦY BAN NHÂN DÂN"]
        hp = agency_pt(names, nfc(rd.co_quan_chu_quan or "").split("\n"))
        left = []
        if rd.co_quan_chu_quan:
            for line in nfc(rd.co_quan_chu_quan).split("\n"):
                left.append(Paragraph(x(line.upper()), hc("cq", hp)))
        for line in names:
            left.append(Paragraph(x(line.upper()), hc("tcq", hp, "bold")))
        widest = max(text_width_cm(s.upper(), hp, True) for s in names)
        left.append(_Rule(min(L["agency_rule_cm"], widest) * cm, before=5))
        left.append(Paragraph(x(rd.so_ky_hieu or "Số:      /BC-UBND"), hc("so", L["header_pt"], before=6)))
        right = [Paragraph("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", hc("qh", L["quoc_hieu_pt"], "bold"))]
        tn = "Độc lập - Tự do - Hạnh phúc"
        right.append(Paragraph(tn, hc("tn", L["tieu_ngu_pt"], "bold")))
        right.append(_Rule(text_width_cm(tn, L["tieu_ngu_pt"], True) * cm, before=5))
        date_line = ", ".join(s for s in (nfc(rd.dia_danh).strip(), nfc(rd.ngay).strip()) if s)
        if not rd.ngay:
            date_line = (nfc(rd.dia_danh).strip() + ", " if rd.dia_danh else "") + f"ngày      tháng      năm {_dt.date.today().year}"
        right.append(Paragraph(x(date_line), hc("dl", L["date_pt"], "italic", before=6)))
        t = RLTable([[left, right]], colWidths=[L["header_left_cm"] * cm, L["header_right_cm"] * cm])
        pad = HEADER_CELL_PAD_CM * cm
        t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("FONT", (0, 0), (-1, -1), self.st.f["regular"]),
                               ("LEFTPADDING", (0, 0), (-1, -1), pad), ("RIGHTPADDING", (0, 0), (-1, -1), pad)]))
        self.add(t)

    def title_block(self):
        rd, L, hc = self.rd, self.L, self.st.hc
        self.add(Paragraph(x(rd.loai_van_ban or "BÁO CÁO"), hc("bc", L["title_pt"], "bold", before=18)))
        for line in [s for s in nfc(rd.trich_yeu or "").split("\n") if s.strip()]:
            self.add(Paragraph(x(line), hc("ty", L["title_pt"], "bold")))
        self.add(_Rule(L["title_rule_cm"] * cm, before=6, after=6))
        gui = [nfc(g) for g in rd.kinh_gui if g and g.strip()]
        if len(gui) == 1:
            self.add(Paragraph("Kính gửi: " + x(gui[0]), hc("kg", L["body_pt"], before=6)))
        elif gui:
            self.add(Paragraph("Kính gửi:", ParagraphStyle("kg1", parent=self.st.body, alignment=TA_LEFT,
                                                            firstLineIndent=0, leftIndent=3 * cm)))
            for g in gui:
                self.add(Paragraph(x("- " + g), ParagraphStyle("kg2", parent=self.st.body, alignment=TA_LEFT,
                                                                firstLineIndent=0, leftIndent=5 * cm,
                                                                spaceBefore=0)))

    def footer_block(self):
        rd, L, hc = self.rd, self.L, self.st.hc
        left = [Paragraph("Nơi nhận:", hc("nn", L["noi_nhan_pt"], "bolditalic", before=L["space_before_pt"],
                                          align=TA_LEFT))]
        items = [nfc(i).strip() for i in rd.noi_nhan if i and i.strip()] or ["Lưu: VT."]
        for i, item in enumerate(items):
            left.append(Paragraph(x(recipient_line(item, i == len(items) - 1)),
                                  hc("nni", L["noi_nhan_list_pt"], align=TA_LEFT)))
        s = rd.signer
        right = []
        for i, line in enumerate([v for v in (s.authority, s.title) if v and v.strip()]):
            right.append(Paragraph(x(nfc(line).upper()), hc("sg", L["signer_pt"], "bold",
                                                           before=L["space_before_pt"] if i == 0 else 0)))
        right.append(Spacer(1, L["signature_space_lines"] * L["signer_pt"] * 1.18))
        if s.name:
            right.append(Paragraph(x(s.name), hc("sn", L["signer_pt"], "bold", before=L["space_before_pt"])))
        t = RLTable([[left, right]], colWidths=[L["footer_left_cm"] * cm, L["footer_right_cm"] * cm])
        t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("FONT", (0, 0), (-1, -1), self.st.f["regular"]),
                               ("LEFTPADDING", (0, 0), (-1, -1), HEADER_CELL_PAD_CM * cm),
                               ("RIGHTPADDING", (0, 0), (-1, -1), HEADER_CELL_PAD_CM * cm)]))
        self.add(t)

    def annex(self, a: Annex, n: int, avail_cm: float):
        L, hc = self.L, self.st.hc
        head = [Paragraph(x(f"Phụ lục {roman(n)}"), hc("pl", L["title_pt"], "bold"))]
        if a.title:
            head.append(Paragraph(x(a.title), hc("plt", L["title_pt"], "bold", before=2)))
        if a.subtitle:
            head.append(Paragraph(x(a.subtitle), hc("pls", L["title_pt"] - 1, "italic", before=2)))
        ref = annex_reference(self.rd)
        if ref:
            head.append(Paragraph(x(ref), hc("plr", L["title_pt"] - 1, "italic")))
        head.append(Spacer(1, 6))
        for p in head:
            p.keepWithNext = True
            self.add(p)
        head[0]._sdv_bookmark = (f"pl{n}", f"Phụ lục {roman(n)}. {nfc(a.title)}", 0)
        land = avail_cm > self.text_cm
        for t in a.tables:
            t = t if land else portrait_table(t, avail_cm)
            self.table(t, avail_cm, annex_font_pt(t.n_cols, land, L["annex_table_pt"]), fixed_size=True)

    def build(self) -> list:
        rd = self.rd
        self.header_block()
        self.title_block()
        for b in rd.preamble:
            self.para(b)
        for s in rd.sections:
            self.section(s)
        for b in rd.closing:  # the closing sentence stays on the page of the signature
            self.para(b)
            self.story[-1].keepWithNext = True
        self.footer_block()
        wide, narrow = order_annexes(rd.annexes, self.text_cm)
        n = 0
        for group, land in ((wide, True), (narrow, False)):
            for a in group:
                n += 1
                self.add(NextPageTemplate("landscape" if land else "portrait"))
                self.add(PageBreak())
                self.annex(a, n, self.land_cm if land else self.text_cm)
        return self.story


class _Doc(BaseDocTemplate):
    """Adds a PDF outline (bookmarks) entry for each section heading and annex."""

    def afterFlowable(self, flowable):
        mark = getattr(flowable, "_sdv_bookmark", None)
        if mark:
            key, title, level = mark
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(title, key, level=level, closed=level > 0)


def write_pdf(doc: ReportDoc, path: str | os.PathLike) -> Path:
    """Write ``doc`` to ``path`` (.pdf); returns the path."""
    L = LAYOUT
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    b = _Builder(doc)
    story = b.build()
    fam = b.st.f
    pw, ph = A4
    lw, lh = landscape(A4)

    def number(canvas, d):
        canvas.saveState()
        canvas.setFont(fam["regular"], L["page_no_pt"])
        w, h = canvas._pagesize
        canvas.drawCentredString(w / 2, h - L["header_distance_mm"] * mm - L["page_no_pt"] * 0.8, str(d.page))
        canvas.restoreState()

    portrait_frame = dict(x1=L["margin_left_mm"] * mm, y1=L["margin_bottom_mm"] * mm,
                          width=pw - (L["margin_left_mm"] + L["margin_right_mm"]) * mm,
                          height=ph - (L["margin_top_mm"] + L["margin_bottom_mm"]) * mm,
                          leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    land_frame = dict(x1=L["land_margin_left_mm"] * mm, y1=L["land_margin_bottom_mm"] * mm,
                      width=lw - (L["land_margin_left_mm"] + L["land_margin_right_mm"]) * mm,
                      height=lh - (L["land_margin_top_mm"] + L["land_margin_bottom_mm"]) * mm,
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    templates = [
        PageTemplate("first", [Frame(id="f1", **portrait_frame)], pagesize=A4, autoNextPageTemplate="portrait"),
        PageTemplate("portrait", [Frame(id="f2", **portrait_frame)], onPage=number, pagesize=A4),
        PageTemplate("landscape", [Frame(id="f3", **land_frame)], onPage=number, pagesize=landscape(A4)),
    ]
    title = printable(f"{doc.loai_van_ban} {doc.trich_yeu}").replace("\n", " ").strip()
    tmp = path.with_name(path.name + ".tmp")
    d = _Doc(str(tmp), pagesize=A4, title=title, author=printable(doc.ten_co_quan).replace("\n", " "),
                        subject=title, creator="Sổ Dân vận", lang="vi-VN",
                        # else every page opens with (unembedded) Helvetica
                        initialFontName=fam["regular"], initialFontSize=L["body_pt"])
    d.addPageTemplates(templates)
    try:
        d.build(story)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)  # never a half-written file left behind (a full disk)
        raise
    return path


__all__ = ["write_pdf", "register_fonts", "font_files"]
