"""The report's page layout, independent of the output format: page
geometry, type sizes, column widths, the order of the annexes and the
Nghị định 30/2020/NĐ-CP layout rules (agency block size, recipient lines,
the annex reference line, wide tables on portrait pages).

Both writers (``core.report.docx_writer``, ``core.report.pdf_writer``)
read it, so the DOCX and the PDF look the same; neither imports the other.
Sizes are in pt, lengths in cm/mm.
"""
from __future__ import annotations

from copy import deepcopy

from core.report.document import Annex, ReportDoc, Table
from core.text import nfc

# One place for the page geometry and type sizes (DOCX and PDF).
LAYOUT = {
    "page_w_mm": 210, "page_h_mm": 297,
    "margin_top_mm": 20, "margin_bottom_mm": 20, "margin_left_mm": 30, "margin_right_mm": 15,
    "header_distance_mm": 10,
    # landscape annex pages: the binding edge stays on the left of the text
    "land_margin_top_mm": 20, "land_margin_bottom_mm": 15, "land_margin_left_mm": 20, "land_margin_right_mm": 15,
    "body_pt": 14, "line": 1.15, "space_before_pt": 6, "first_line_cm": 1.27,
    "header_pt": 13, "quoc_hieu_pt": 13, "tieu_ngu_pt": 14, "date_pt": 14,
    "title_pt": 14, "noi_nhan_pt": 12, "noi_nhan_list_pt": 11, "signer_pt": 14,
    "table_pt": 12, "annex_table_pt": 11, "page_no_pt": 13,
    "header_left_cm": 6.0, "header_right_cm": 10.5,
    "footer_left_cm": 7.5, "footer_right_cm": 9.0,
    "agency_rule_cm": 2.2, "title_rule_cm": 3.0,
    "signature_space_lines": 4,
}



def text_area_cm(landscape: bool = False) -> float:
    """Width of the text area of a portrait (body) or landscape (annex) page."""
    if landscape:
        return (LAYOUT["page_h_mm"] - LAYOUT["land_margin_left_mm"] - LAYOUT["land_margin_right_mm"]) / 10
    return (LAYOUT["page_w_mm"] - LAYOUT["margin_left_mm"] - LAYOUT["margin_right_mm"]) / 10


# ------------------------------------------------------------- text widths
_MEASURE: dict[bool, str] = {}


def text_width_cm(text: str, size_pt: float, bold: bool = False) -> float:
    """Printed width of ``text`` in Times metrics (Liberation Serif is
    metric-compatible); only the one face needed is loaded."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    from core.paths import resource_path

    name = _MEASURE.get(bold)
    if name is None:
        name = "SDV-measure-" + ("bold" if bold else "regular")
        face = "LiberationSerif-Bold.ttf" if bold else "LiberationSerif-Regular.ttf"
        pdfmetrics.registerFont(TTFont(name, str(resource_path("fonts", face))))
        _MEASURE[bold] = name
    return pdfmetrics.stringWidth(nfc(text), name, size_pt) / 72 * 2.54


# ------------------------------------------------ Nghị định 30 text lines

def recipient_line(item: str, last: bool) -> str:
    """'- Sở Nội vụ;' … '- Lưu: VT, VP.' (the last line ends with a full stop)."""
    t = item.strip().lstrip("-").strip().rstrip(";.,")
    return f"- {t}." if last else f"- {t};"


def annex_reference(rd: ReportDoc) -> str:
    so = (rd.so_ky_hieu or "").replace("Số:", "").strip()
    so = so if so and not so.startswith("/") else "     " + so if so else ""
    when = f" {nfc(rd.ngay).strip()}" if rd.ngay else ""
    if not so:
        return ""
    return f"(Kèm theo Báo cáo số {so}{',' if when else ''}{when})"


# ------------------------------------------------------- type sizes, tables

MIN_COL_CM = 1.25  # the narrowest data column
CELL_PAD_CM = 0.12  # left/right padding inside data-table cells
HEADER_CELL_PAD_CM = 0.1  # header and signature tables: the columns keep their full width


def agency_pt(name_lines: list[str], parent_lines: list[str] = ()) -> float:
    """Type size of the agency block: 13 pt, or 12 pt (the ND30 minimum) when a
    line would not fit the left header column on one line at 13 pt."""
    room = LAYOUT["header_left_cm"] - 2 * HEADER_CELL_PAD_CM - 0.05
    pt = LAYOUT["header_pt"]
    too_wide = any(text_width_cm(x.upper(), pt, True) > room for x in name_lines if x.strip()) or any(
        text_width_cm(x.upper(), pt, False) > room for x in parent_lines if x.strip())
    return min(pt, 12) if too_wide else pt


def table_font_pt(n_cols: int, size: float) -> float:
    """Wide statistical tables (more than 12 columns) are set one point smaller."""
    return size - 1 if n_cols > 12 else size


def scale_widths(t: Table, avail_cm: float, size_pt: float | None = None) -> list[float]:
    """Column widths (cm) filling ``avail_cm`` in the table's proportions;
    with ``size_pt`` (the type size the table is set in) no column is
    narrower than its longest word, so no word is broken inside a cell
    ("Hướn g dẫn"): the width is taken from columns that have room to spare."""
    n = t.n_cols
    widths = list(t.widths_cm) if t.widths_cm and len(t.widths_cm) == n else [1.0] * n
    total = sum(widths) or 1.0
    out = [w * avail_cm / total for w in widths]
    # no column narrower than "STT" at 11-12 pt bold plus the cell padding
    floor = min(MIN_COL_CM, 0.95 * avail_cm / n)
    short = [i for i, w in enumerate(out) if w < floor]
    if short and len(short) < n:
        extra = sum(floor - out[i] for i in short)
        rest = [i for i in range(n) if i not in short]
        rest_total = sum(out[i] for i in rest) or 1.0
        for i in short:
            out[i] = floor
        for i in rest:
            out[i] -= extra * out[i] / rest_total
    if size_pt:
        out = _fit_words(t, out, size_pt)
    return out


WORD_SLACK_CM = 0.06  # rounding between the measured width and the renderers' line breaking
# a word is given this much more than its Times width: a renderer that substitutes a wider face for
# some glyphs (LibreOffice with an older Liberation Serif takes "ể", "ướ" from DejaVu Serif) still
# keeps it on one line
WORD_FALLBACK = 1.15


def word_widths(t: Table, size_pt: float) -> list[float]:
    """The width each column needs for the longest word of its one-column
    cells (header words bold) plus the cell padding."""
    n = t.n_cols
    need = [0.0] * n
    for ri, ci, cell in place_cells(t.header + t.rows, n):
        if cell.colspan != 1 or not cell.text.strip():
            continue
        bold = cell.bold or ri < len(t.header)
        longest = max(text_width_cm(w, size_pt, bold) for w in cell.text.split())
        need[ci] = max(need[ci], longest * WORD_FALLBACK + 2 * CELL_PAD_CM + WORD_SLACK_CM)
    return need


def _fit_words(t: Table, out: list[float], size_pt: float) -> list[float]:
    need = word_widths(t, size_pt)
    total = sum(out)
    if sum(need) > total:  # not every word can fit: leave the proportions (a word then wraps)
        return out
    out = list(out)
    short = [i for i in range(len(out)) if out[i] < need[i]]
    if not short:
        return out
    missing = sum(need[i] - out[i] for i in short)
    spare = {i: out[i] - need[i] for i in range(len(out)) if i not in short and out[i] > need[i]}
    room = sum(spare.values())
    for i in short:
        out[i] = need[i]
    for i, s in spare.items():
        out[i] -= missing * s / room
    return out


def place_cells(rows, n_cols: int):
    """Grid positions of the cells of rows with row/col spans: [(row, col, cell)]."""
    taken: set[tuple[int, int]] = set()
    out = []
    for ri, row in enumerate(rows):
        ci = 0
        for cell in row:
            while (ri, ci) in taken and ci < n_cols:
                ci += 1
            if ci >= n_cols:
                break
            cs = max(1, min(cell.colspan, n_cols - ci))
            rs = max(1, min(cell.rowspan, len(rows) - ri))
            for dr in range(rs):
                for dc in range(cs):
                    taken.add((ri + dr, ci + dc))
            out.append((ri, ci, _with_span(cell, rs, cs)))
            ci += cs
    return out


def _with_span(cell, rs, cs):
    if cell.rowspan == rs and cell.colspan == cs:
        return cell
    c = deepcopy(cell)
    c.rowspan, c.colspan = rs, cs
    return c


def order_annexes(annexes: list[Annex], portrait_text_cm: float = 16.5) -> tuple[list[Annex], list[Annex]]:
    """(landscape annexes, portrait annexes) in printing order: landscape
    first, portrait after.  The document must end in a portrait section (the
    last section's page setting is what Word shows as the document's page
    setup, and what the ND30 check reads), so when every annex asks for
    landscape, the one with the fewest columns is moved to the end and set
    on a portrait page (transposed when too wide, see ``portrait_table``)."""
    wide = [a for a in annexes if a.landscape]
    narrow = [a for a in annexes if not a.landscape]
    if wide and not narrow:
        def cols(a):
            return max((t.n_cols for t in a.tables), default=0)
        pick = min(reversed(wide), key=cols)  # ties: the later one
        wide = [a for a in wide if a is not pick]
        narrow = [pick]
    return wide, narrow


def annex_font_pt(n_cols: int, landscape: bool, size: float) -> float:
    """Type size of an annex table: 11 pt; 10 pt beyond 12 columns."""
    return table_font_pt(n_cols, size)


PORTRAIT_MAX_COLS = 10


def portrait_table(t: Table, avail_cm: float) -> Table:
    """A table for a portrait page: as is when it has at most
    ``PORTRAIT_MAX_COLS`` columns, else transposed (its header rows become
    the left-hand label columns, each data row a column), so a wide
    statistical form stays readable instead of breaking words in 1-cm
    columns."""
    if t.n_cols <= PORTRAIT_MAX_COLS:
        return t
    rows = t.header + t.rows
    placed = place_cells(rows, t.n_cols)
    n_head = len(t.header)
    new_rows: dict[int, list] = {}
    for ri, ci, cell in placed:
        c = deepcopy(cell)
        c.rowspan, c.colspan = cell.colspan, cell.rowspan
        c.bold = cell.bold or ri < n_head
        new_rows.setdefault(ci, []).append((ri, c))
    body = [[c for _, c in sorted(new_rows[i], key=lambda x: x[0])] for i in sorted(new_rows)]
    n_data = len(rows) - n_head
    label_cm = min(3.2, avail_cm * 0.55 / max(1, n_head))
    widths = [label_cm] * n_head + [max(MIN_COL_CM, (avail_cm - label_cm * n_head) / max(1, n_data))] * n_data
    return Table(title=t.title, header=[], rows=body, widths_cm=widths, note=t.note)
