"""Phụ lục (annex) tables modelled on the Government Inspectorate's periodic
forms (SPEC §6.3) — tổng hợp kết quả tiếp công dân, tổng hợp kết quả xử lý
đơn, kết quả giải quyết khiếu nại / tố cáo / kiến nghị, phản ánh — the
mediation summary and the list of "Dân vận khéo" models.

Every figure comes from the same ``core.report.stats.Stats`` the prose reads, so a
number is stated identically in the text and the annex.  ``ANNEXES[key](stats,
ctx) -> Annex``; header rows list only the cells that *start* in that row
(a cell spanning rows/columns covers the rest), widths in cm for an A4
landscape page (≈ 24.5 cm usable).
"""
from __future__ import annotations

from typing import Callable

from core.report.document import Annex, Cell, Table
from core.report.prose import ProseContext
from core.report.sources import fmt_rate, resolve
from core.report.stats.model import Stats
from core.text import fmt_int, pad2

# the two "kỳ trước chuyển sang" of the Inspectorate forms, each named (the prose uses the same words)
CARRIED_XU_LY = "Kỳ trước chuyển sang chưa xử lý"
CARRIED_THU_LY = "Kỳ trước chuyển sang chưa giải quyết xong"
MODELS_RUNNING = "Mô hình đang thực hiện"
MODELS_STOPPED = "Mô hình đã dừng thực hiện"

LANDSCAPE_CM = 24.5


def _c(text, **kw) -> Cell:
    return Cell(str(text), **kw)


def _h(text, colspan=1, rowspan=1) -> Cell:
    return Cell(text, colspan=colspan, rowspan=rowspan, bold=True)


def _v(x, source: str = "", bold: bool = False) -> Cell:
    """A number cell ("0" shown as "0" — tables state zeros plainly);
    ``source``: the Stats path it states (core/report/sources.py)."""
    return Cell(fmt_int(x or 0), align="center", bold=bold, source=source)


def _s(stats: Stats, source: str, bold: bool = False) -> Cell:
    """A number cell read from its source path: the value printed is the one the audit checks."""
    return _v(resolve(stats, source), source, bold)


def _r(stats: Stats, ctx: ProseContext, num: str, den: str, bold: bool = False) -> Cell:
    """A rate cell ("–" without a denominator) with the report's decimals."""
    source = f"rate:{num}/{den}"
    a, b = resolve(stats, source)
    text = fmt_rate(a, b, ctx.decimals)
    return Cell(text or "–", bold=bold, source=source if text else "")


def _eq(row: int, col: int, *cols: int) -> tuple:
    """A sum inside one row: column ``col`` = the sum of ``cols``."""
    return ((row, col), tuple((row, c) for c in cols))


def _auto_widths(header: list[list[Cell]], n_cols: int, fixed: dict[int, float],
                 total: float = LANDSCAPE_CM) -> list[float]:
    """Column widths so that no header word is broken: each free column gets
    at least the width of the longest word of its one-column header cells,
    then the rest of the page is shared in proportion."""
    occupied: set[tuple[int, int]] = set()
    need = [0.9] * n_cols
    for ri, row in enumerate(header):
        ci = 0
        for cell in row:
            while (ri, ci) in occupied:
                ci += 1
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    occupied.add((ri + dr, ci + dc))
            if cell.colspan == 1 and ci < n_cols:
                longest = max((len(w) for w in cell.text.split()), default=1)
                need[ci] = max(need[ci], 0.23 * longest + 0.45)
            ci += cell.colspan
    free = [i for i in range(n_cols) if i not in fixed]
    spare = total - sum(fixed.values()) - sum(need[i] for i in free)
    extra = spare / len(free) if free and spare > 0 else 0
    return [round(fixed[i], 2) if i in fixed else round(need[i] + extra, 2) for i in range(n_cols)]


def _subtitle(stats: Stats) -> str:
    p = stats.period
    return f"(Số liệu tính {p.range_text})"


def _numbers_row(n_cols: int) -> list[Cell]:
    """The "(1) (2) (3)…" column-number row of the Inspectorate forms."""
    return [Cell(f"({i})", align="center") for i in range(1, n_cols + 1)]


def _short(text: str) -> str:
    """Table notes stay short (one line under the table)."""
    text = text[:1].upper() + text[1:]
    return text if len(text) < 115 else text[:112] + "…"


def _unit_name(stats: Stats, ctx: ProseContext) -> str:
    return ctx.unit_title


# ---------------------------------------------------------------- reception

def tiep_cong_dan(stats: Stats, ctx: ProseContext) -> Annex:
    """Phụ lục I.  The case columns put each case of the period in one group
    (the Chairman's when any of its entries is định kỳ or đột xuất), so the
    four of them add up to the total's lần đầu + nhiều lần
    (``Reception.cases_thuong_xuyen``, ``Reception.cases_chu_tich``)."""
    header = [
        [_h("STT", rowspan=3), _h("Đơn vị", rowspan=3), _h("Tổng số", colspan=3),
         _h("Tiếp thường xuyên", colspan=6), _h("Tiếp định kỳ và đột xuất của Chủ tịch UBND", colspan=7)],
        [_h("Lượt", rowspan=2), _h("Người", rowspan=2), _h("Vụ việc", rowspan=2),
         _h("Lượt", rowspan=2), _h("Người", rowspan=2), _h("Vụ việc", colspan=2), _h("Đoàn đông người", colspan=2),
         _h("Số kỳ tiếp", rowspan=2), _h("Lượt", rowspan=2), _h("Người", rowspan=2), _h("Vụ việc", colspan=2),
         _h("Đoàn đông người", colspan=2)],
        [_h("Lần đầu"), _h("Nhiều lần"), _h("Số đoàn"), _h("Người"),
         _h("Lần đầu"), _h("Nhiều lần"), _h("Số đoàn"), _h("Người")],
        _numbers_row(18),
    ]
    r = "reception"
    row = [_c("1"), _c(_unit_name(stats, ctx), align="left"),
           *[_s(stats, f"{r}.total.{k}") for k in ("luot", "nguoi", "vu_viec")],
           *[_s(stats, f"{r}.thuong_xuyen.{k}") for k in ("luot", "nguoi")],
           *[_s(stats, f"{r}.cases_thuong_xuyen.{k}") for k in ("lan_dau", "nhieu_lan")],
           *[_s(stats, f"{r}.thuong_xuyen.{k}") for k in ("doan", "doan_nguoi")],
           _s(stats, f"{r}.dinh_ky_sessions"),
           *[_s(stats, f"{r}.chu_tich.{k}") for k in ("luot", "nguoi")],
           *[_s(stats, f"{r}.cases_chu_tich.{k}") for k in ("lan_dau", "nhieu_lan")],
           *[_s(stats, f"{r}.chu_tich.{k}") for k in ("doan", "doan_nguoi")]]
    # the counting rule (a visit not linked to a case counts as one case) is in docs/FIGURES.md, not printed
    table = Table(header=header, rows=[row], widths_cm=_auto_widths(header, 18, {0: 0.9, 1: 3.2}),
                  sums=[_eq(0, 2, 5, 12), _eq(0, 3, 6, 13), _eq(0, 4, 7, 8, 14, 15)])
    return Annex("TỔNG HỢP KẾT QUẢ TIẾP CÔNG DÂN", _subtitle(stats), [table])


# ---------------------------------------------------------------- petitions

def xu_ly_don(stats: Stats, ctx: ProseContext) -> Annex:
    """Phụ lục II.  Its "kỳ trước chuyển sang" is the Inspectorate handling
    form's: petitions whose handling was still to decide at the period start
    (``Petitions.carried_xu_ly``), named so in the header."""
    p = stats.petitions
    header = [
        [_h("STT", rowspan=2), _h("Đơn vị", rowspan=2), _h("Tổng số đơn", colspan=3),
         _h("Đã xử lý", rowspan=2), _h("Chưa xử lý", rowspan=2),
         _h("Đơn đủ điều kiện xử lý", colspan=2), _h("Phân loại đơn đủ điều kiện theo nội dung", colspan=3),
         _h("Thuộc thẩm quyền", colspan=4), _h("Không thuộc thẩm quyền", colspan=3),
         _h("Kết quả giải quyết đơn thuộc thẩm quyền", colspan=2)],
        [_h("Tổng"), _h(CARRIED_XU_LY), _h("Tiếp nhận trong kỳ"),
         _h("Số đơn"), _h("Số vụ việc"),
         _h("Khiếu nại"), _h("Tố cáo"), _h("Kiến nghị, phản ánh"),
         _h("Tổng"), _h("Khiếu nại"), _h("Tố cáo"), _h("Kiến nghị, phản ánh"),
         _h("Hướng dẫn"), _h("Chuyển đơn"), _h("Đôn đốc"),
         _h("Đã giải quyết"), _h("Chưa giải quyết xong")],
        _numbers_row(21),
    ]
    q = "petitions"
    total = f"{q}.carried_xu_ly+{q}.received"
    done = f"{q}.processed+{q}.carried_xu_ly_done"
    groups = ("khieu_nai", "to_cao", "knpa")
    row = [_c("1"), _c(_unit_name(stats, ctx), align="left"),
           _s(stats, total), _s(stats, f"{q}.carried_xu_ly"), _s(stats, f"{q}.received"), _s(stats, done),
           _s(stats, f"{total}-{q}.processed-{q}.carried_xu_ly_done"),
           _s(stats, f"{q}.du"), _s(stats, f"{q}.du_vu_viec"),
           *[_s(stats, f"{q}.du_by_group[{g}]") for g in groups],
           _s(stats, f"{q}.thu_ly"), *[_s(stats, f"{q}.thu_ly_by_group[{g}]") for g in groups],
           _s(stats, f"{q}.huong_dan"), _s(stats, f"{q}.chuyen"), _s(stats, f"{q}.don_doc"),
           _s(stats, f"{q}.resolved"), _s(stats, f"{q}.thu_ly_total-{q}.resolved")]
    parts = []
    if p.khong_du:
        parts.append(f"Đơn không đủ điều kiện xử lý: {pad2(p.khong_du)} đơn")
    if p.thu_ly_carried:
        parts.append(f"kết quả giải quyết gồm cả {pad2(p.thu_ly_carried)} đơn thụ lý kỳ trước chuyển sang")
    note = (_short("; ".join(parts)) + ".") if parts else ""
    table = Table(header=header, rows=[row], widths_cm=_auto_widths(header, 21, {0: 1.0, 1: 2.2}), note=note,
                  sums=[_eq(0, 2, 3, 4), _eq(0, 2, 5, 6), _eq(0, 7, 9, 10, 11), _eq(0, 12, 13, 14, 15)])
    return Annex("TỔNG HỢP KẾT QUẢ XỬ LÝ ĐƠN", _subtitle(stats), [table])


def giai_quyet(stats: Stats, ctx: ProseContext) -> Annex:
    """Kết quả giải quyết khiếu nại, tố cáo, kiến nghị, phản ánh thuộc thẩm
    quyền.  Its "kỳ trước chuyển sang" is the thụ lý petitions still
    unresolved at the period start (``Petitions.thu_ly_carried``)."""
    p = stats.petitions
    header = [
        [_h("STT", rowspan=2), _h("Nội dung", rowspan=2), _h("Đơn thuộc thẩm quyền", colspan=3),
         _h("Đã giải quyết", colspan=3), _h("Kết quả giải quyết", colspan=6),
         _h("Chưa giải quyết xong", colspan=2), _h("Tỷ lệ giải quyết", rowspan=2)],
        [_h("Tổng"), _h(CARRIED_THU_LY), _h("Tiếp nhận trong kỳ"),
         _h("Tổng"), _h("Đúng hạn"), _h("Trễ hạn"),
         _h("Đúng"), _h("Đúng một phần"), _h("Sai"), _h("Rút đơn, đình chỉ"), _h("Đã trả lời, giải quyết"),
         _h("Không có cơ sở"),
         _h("Trong hạn"), _h("Quá hạn")],
        _numbers_row(17),
    ]
    outcomes = (("dung",), ("dung_mot_phan",), ("sai",), ("rut_don", "dinh_chi"), ("da_tra_loi",),
                ("khong_co_co_so",))
    rows = []
    for i, r in enumerate(p.resolution):
        x = f"petitions.resolution[{i}]"
        rows.append([_c(str(i + 1)), _c(r.label, align="left"),
                     *[_s(stats, f"{x}.{k}") for k in ("total", "carried", "new", "resolved", "in_time", "late")],
                     *[_s(stats, "+".join(f"{x}.outcomes[{o}]" for o in oc)) for oc in outcomes],
                     _s(stats, f"{x}.open_in_time"), _s(stats, f"{x}.overdue"),
                     _r(stats, ctx, f"{x}.resolved", f"{x}.total")])
    q = "petitions"
    rows.append([_c(""), _c("Tổng cộng", bold=True, align="left"),
                 *[_s(stats, f"{q}.{k}", bold=True) for k in ("thu_ly_total", "thu_ly_carried")],
                 _s(stats, f"{q}.thu_ly_total-{q}.thu_ly_carried", bold=True),
                 *[_s(stats, f"{q}.{k}", bold=True) for k in ("resolved", "resolved_in_time", "resolved_late")],
                 *[_s(stats, "+".join(f"{q}.outcomes[{o}]" for o in oc), bold=True) for oc in outcomes],
                 *[_s(stats, f"{q}.{k}", bold=True) for k in ("open_in_time", "overdue")],
                 _r(stats, ctx, f"{q}.resolved", f"{q}.thu_ly_total", bold=True)])
    n_ = len(p.resolution)
    sums = [((n_, c), tuple((i, c) for i in range(n_))) for c in range(2, 16)]
    for i in range(n_ + 1):
        sums += [_eq(i, 2, 3, 4), _eq(i, 2, 5, 14, 15), _eq(i, 5, 6, 7)]
    note = f"Quá hạn tính đến ngày {p.asof.strftime('%d/%m/%Y')}."
    table = Table(header=header, rows=rows, widths_cm=_auto_widths(header, 17, {0: 0.9, 1: 3.4}), note=note,
                  sums=sums)
    return Annex("KẾT QUẢ GIẢI QUYẾT KHIẾU NẠI, TỐ CÁO, KIẾN NGHỊ, PHẢN ÁNH THUỘC THẨM QUYỀN",
                 _subtitle(stats), [table])


# ---------------------------------------------------------------- mediation

def hoa_giai(stats: Stats, ctx: ProseContext) -> Annex:
    m = stats.mediation
    header = [
        [_h("STT", rowspan=2), _h("Tổ hòa giải", rowspan=2), _h("Vụ việc tiếp nhận", colspan=3),
         _h("Đã hòa giải", colspan=3), _h("Tỷ lệ thành", rowspan=2), _h("Rút yêu cầu, tự hòa giải", rowspan=2),
         _h("Không thuộc phạm vi", rowspan=2), _h("Đang hòa giải", rowspan=2)],
        [_h("Tổng"), _h("Kỳ trước chuyển sang"), _h("Mới"), _h("Tổng"), _h("Thành"), _h("Không thành")],
        _numbers_row(12),
    ]

    def cells(x, bold=False):
        return ([_s(stats, f"{x}.{k}", bold) for k in ("total", "carried", "new", "mediated", "thanh", "khong_thanh")]
                + [_r(stats, ctx, f"{x}.thanh", f"{x}.mediated", bold)]
                + [_s(stats, f"{x}.{k}", bold) for k in ("rut", "khong_thuoc", "dang")])

    rows: list = []
    sums: list = []
    cols = (2, 3, 4, 5, 6, 7, 9, 10, 11)
    for roman, mk in (("I", m.co_so), ("II", m.dat_dai)):
        x = f"mediation.{mk.kind}"
        head = len(rows)
        rows.append([_c(roman, bold=True), Cell(mk.label, bold=True, align="left"), *cells(x, bold=True)])
        if mk.kind == "co_so":
            for i, t in enumerate(mk.team_rows):
                rows.append([_c(str(i + 1)), _c(t.label, align="left"), *cells(f"{x}.team_rows[{i}]")])
            if mk.team_rows:  # the kind's row is the sum of its teams
                sums += [((head, c), tuple((head + 1 + i, c) for i in range(len(mk.team_rows)))) for c in cols]
    for i in range(len(rows)):
        sums += [_eq(i, 2, 3, 4), _eq(i, 5, 6, 7), _eq(i, 2, 5, 9, 10, 11)]
    table = Table(header=header, rows=rows, widths_cm=_auto_widths(header, 12, {0: 0.9, 1: 5.0}), sums=sums)
    return Annex("TỔNG HỢP KẾT QUẢ HÒA GIẢI", _subtitle(stats), [table])


# ---------------------------------------------------------------- models

def mo_hinh(stats: Stats, ctx: ProseContext) -> Annex:
    """Phụ lục V: the models the prose counts; stopped ones (if any) under
    their own heading row; "x" for a model recognised in the years reported
    (as many as the prose's "… mô hình được công nhận")."""
    mo = stats.models
    yr = mo.years[-1] if len(mo.years) == 1 else f"{mo.years[0]} – {mo.years[-1]}"
    header = [[_h("STT"), _h("Tên mô hình, điển hình"), _h("Lĩnh vực"), _h("Đơn vị thực hiện"), _h("Địa bàn"),
               _h("Năm đăng ký"), _h("Tình trạng"), _h("Tiêu biểu")]]
    index = {it.id: k for k, it in enumerate(mo.items)}
    groups = [(None, mo.running)] if not mo.stopped else [(MODELS_RUNNING, mo.running), (MODELS_STOPPED, mo.stopped)]
    rows: list = []
    marks: list = []
    stt = 0
    for title, items in groups:
        if title and items:
            rows.append([_c(""), Cell(title, bold=True, align="left", colspan=7)])
        for it in items:
            stt += 1
            marks.append((len(rows), 7))
            rows.append([_c(str(stt)), _c(it.ten, align="left"), _c(it.linh_vuc_label, align="left"),
                         _c(it.don_vi_label, align="left"), _c(it.dia_ban or "", align="left"),
                         _c(str(it.nam_dang_ky or "")), _c(it.trang_thai_label),
                         Cell("x" if it.tieu_bieu else "", source=f"models.items[{index[it.id]}].tieu_bieu")])
    if not rows:
        rows.append([_c(""), Cell("Không có mô hình trong kỳ báo cáo", align="left", colspan=7)])
    # a portrait page (16,5 cm): eight columns fit without landscape
    table = Table(header=header, rows=rows, widths_cm=[1.0, 4.7, 2.1, 2.5, 2.0, 1.3, 1.6, 1.3],
                  sums=[("models.recognised", tuple(marks))] if marks else [])
    state = (f"tình trạng đăng ký năm {mo.years[-1]}" if mo.part_of_year else f"tình trạng năm {mo.years[-1]}"
             if len(mo.years) == 1 else "tình trạng năm gần nhất có số liệu")
    stopped = f", trong đó {pad2(len(mo.stopped))} mô hình đã dừng thực hiện" if mo.stopped else ""
    sub = f"(Năm {yr}; tổng số {pad2(mo.total)} mô hình{stopped}; {state})"
    return Annex("DANH SÁCH MÔ HÌNH, ĐIỂN HÌNH “DÂN VẬN KHÉO”", sub, [table], landscape=False)


AnnexBuilder = Callable[[Stats, ProseContext], Annex]

ANNEXES: dict[str, AnnexBuilder] = {
    "tiep_cong_dan": tiep_cong_dan,
    "xu_ly_don": xu_ly_don,
    "giai_quyet": giai_quyet,
    "hoa_giai": hoa_giai,
    "mo_hinh": mo_hinh,
}

ANNEX_TITLES: dict[str, str] = {
    "tiep_cong_dan": "Tổng hợp kết quả tiếp công dân",
    "xu_ly_don": "Tổng hợp kết quả xử lý đơn",
    "giai_quyet": "Kết quả giải quyết khiếu nại, tố cáo, kiến nghị, phản ánh",
    "hoa_giai": "Tổng hợp kết quả hòa giải",
    "mo_hinh": "Danh sách mô hình “Dân vận khéo”",
}


def build_annexes(stats: Stats, ctx: ProseContext | None = None, keys=None) -> list[Annex]:
    ctx = ctx or ProseContext.for_stats(stats)
    return [ANNEXES[k](stats, ctx) for k in (keys or ANNEXES) if k in ANNEXES]
