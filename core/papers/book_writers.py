"""A ``Book`` written as a landscape A4 DOCX, PDF or XLSX: the unit and the
period in the title, the header rows repeated on every page, every page
numbered.  The table is drawn by the report writers (the same cells, spans
and fonts as the report's annexes)."""
from __future__ import annotations

import os
from pathlib import Path

from core.papers.books import Book
from core.report.document import ReportDoc
from core.report.layout import LAYOUT, text_area_cm
from core.text import printable

BOOK_TABLE_PT = 10


def _title_lines(book: Book) -> list[tuple[str, float, bool, bool]]:
    """(text, size, bold, italic) of the lines above the table."""
    return [
        (book.unit.upper(), 12, True, False),
        (book.title, 14, True, False),
        *([(book.scope, 13, True, False)] if book.scope else []),  # the tổ of a Sổ hòa giải
        (f"{book.period_text[0].upper()}{book.period_text[1:]}", 12, False, True),
        (f"(Theo {book.form})", 11, False, True),
    ]


EMPTY_LINES = {
    "so_tiep_cong_dan": "Không có lượt tiếp công dân nào trong kỳ.",
    "so_xu_ly_don": "Không có đơn nào trong kỳ.",
    "so_hoa_giai": "Không có vụ, việc nào trong kỳ.",
}


def _empty(book: Book) -> str:
    """The line under an empty book's header."""
    return EMPTY_LINES.get(book.key, "Không có hồ sơ nào trong kỳ.")


def _atomic(path: Path, save):
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    try:
        save(tmp)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)  # never a half-written file left behind
        raise
    return path


# ---------------------------------------------------------------------- DOCX
def write_book_docx(book: Book, path) -> Path:
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    from core.report import docx_writer as W

    w = W._Writer(ReportDoc(loai_van_ban=book.title, trich_yeu=book.subtitle, ten_co_quan=book.ten_co_quan))
    sec = w.d.sections[0]
    w._landscape(sec)
    assert sec.orientation == WD_ORIENT.LANDSCAPE
    for text, size, bold, italic in _title_lines(book):
        p = w.d.add_paragraph()
        W._fmt(p, WD_ALIGN_PARAGRAPH.CENTER, first_line_cm=0, keep_next=True)
        W._run(p, text, size, bold=bold, italic=italic)
    w.table(book.table, text_area_cm(landscape=True), BOOK_TABLE_PT, fixed_size=True)
    if not book.table.rows:
        w.body_para(_empty(book), italic=True, align=WD_ALIGN_PARAGRAPH.CENTER, first_line=0)
    # "Trang N" centred in the header of every page (a book's first page is numbered too)
    hp = sec.header.paragraphs[0]
    W._fmt(hp, WD_ALIGN_PARAGRAPH.CENTER, first_line_cm=0)
    W._run(hp, "Trang ", LAYOUT["page_no_pt"] - 2)
    for kind, instr in (("begin", None), (None, " PAGE "), ("separate", None), (None, None), ("end", None)):
        r = W._run(hp, "1" if (kind is None and instr is None) else "", LAYOUT["page_no_pt"] - 2)
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
            r._r.append(el)
        elif instr:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = instr
            r._r.append(el)
    W._pin_part_fonts(sec.header)
    W._reorder_all(sec.header._element)
    W._reorder_all(w.d.element.body)
    W._reorder_all(w.d.styles.element)
    props = w.d.core_properties
    props.title = printable(f"{book.title} {book.period_label}")
    props.author = printable(book.unit)
    props.language = "vi-VN"
    return _atomic(Path(path), lambda p: w.d.save(str(p)))


# ----------------------------------------------------------------------- PDF
def write_book_pdf(book: Book, path) -> Path:
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.units import mm
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph

    from core.report import pdf_writer as P

    b = P._Builder(ReportDoc(loai_van_ban=book.title))
    fam = b.st.f
    for i, (text, size, bold, italic) in enumerate(_title_lines(book)):
        font = "bold" if bold else ("italic" if italic else "regular")
        b.add(Paragraph(P.x(text), b.st.hc(f"bt{i}", size, font, after=2)))
    b.table(book.table, text_area_cm(landscape=True), BOOK_TABLE_PT, fixed_size=True)
    if not book.table.rows:
        b.add(Paragraph(_empty(book), b.st.hc("empty", 12, "italic", before=6)))
    L = LAYOUT
    lw, lh = landscape(A4)

    def number(canvas, d):
        canvas.saveState()
        canvas.setFont(fam["regular"], L["page_no_pt"] - 2)
        canvas.drawCentredString(lw / 2, lh - L["header_distance_mm"] * mm - L["page_no_pt"] * 0.8, f"Trang {d.page}")
        canvas.restoreState()

    frame = Frame(L["land_margin_left_mm"] * mm, L["land_margin_bottom_mm"] * mm,
                  lw - (L["land_margin_left_mm"] + L["land_margin_right_mm"]) * mm,
                  lh - (L["land_margin_top_mm"] + L["land_margin_bottom_mm"]) * mm,
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)

    def save(tmp):
        d = BaseDocTemplate(str(tmp), pagesize=landscape(A4), title=printable(f"{book.title} {book.period_label}"),
                            author=printable(book.unit), creator="Sổ Dân vận", lang="vi-VN",
                            initialFontName=fam["regular"], initialFontSize=BOOK_TABLE_PT)
        d.addPageTemplates([PageTemplate("book", [frame], onPage=number, pagesize=landscape(A4))])
        d.build(b.story)

    return _atomic(Path(path), save)


# ---------------------------------------------------------------------- XLSX
def write_book_xlsx(book: Book, path) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    from core.report.layout import place_cells

    wb = Workbook()
    ws = wb.active
    ws.title = book.title.capitalize()[:31]
    n = book.table.n_cols
    r0 = 1
    for text, size, bold, italic in _title_lines(book):
        ws.cell(row=r0, column=1, value=printable(text)).font = Font(name="Times New Roman", size=size, bold=bold,
                                                                     italic=italic)
        ws.merge_cells(start_row=r0, start_column=1, end_row=r0, end_column=n)
        ws.cell(row=r0, column=1).alignment = Alignment(horizontal="center")
        r0 += 1
    r0 += 1
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    head = len(book.table.header)
    all_rows = book.table.header + book.table.rows
    for ri in range(len(all_rows)):
        for ci in range(n):
            ws.cell(row=r0 + ri, column=ci + 1).border = border
    for ri, ci, cell in place_cells(all_rows, n):
        value = printable(cell.text)
        if ri >= head and ci == 0 and value.isdigit():
            value = int(value)  # STT as a number (a CCCD stays text: its leading zero matters)
        c = ws.cell(row=r0 + ri, column=ci + 1, value=value)
        c.font = Font(name="Times New Roman", size=11, bold=cell.bold or ri < head)
        c.alignment = Alignment(horizontal={"left": "left", "right": "right"}.get(cell.align, "center"),
                                vertical="center", wrap_text=True)
        if cell.rowspan > 1 or cell.colspan > 1:
            ws.merge_cells(start_row=r0 + ri, start_column=ci + 1, end_row=r0 + ri + cell.rowspan - 1,
                           end_column=ci + cell.colspan)
    if not book.table.rows:  # the line an empty book says, under its header (as in the DOCX and PDF)
        below = r0 + len(all_rows)
        ws.cell(row=below, column=1, value=_empty(book)).font = Font(name="Times New Roman", size=11, italic=True)
        ws.merge_cells(start_row=below, start_column=1, end_row=below, end_column=n)
        ws.cell(row=below, column=1).alignment = Alignment(horizontal="center")
    for i, wcm in enumerate(book.table.widths_cm, 1):
        ws.column_dimensions[get_column_letter(i)].width = round(wcm * 4.5, 1)
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{r0}:{r0 + head - 1}"  # the header repeated on every printed page
    ws.oddHeader.center.text = "Trang &P / &N"
    ws.freeze_panes = ws.cell(row=r0 + head, column=1)
    return _atomic(Path(path), lambda p: wb.save(str(p)))


WRITERS = {"docx": write_book_docx, "pdf": write_book_pdf, "xlsx": write_book_xlsx}


def write_book(book: Book, fmt: str, path) -> Path:
    return WRITERS[fmt](book, path)
