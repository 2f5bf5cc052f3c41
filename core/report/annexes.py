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
from core.report.stats.model import Stats
from core.text import fmt_int, fmt_percent, pad2

LANDSCAPE_CM = 24.5


def _c(text, **kw) -> Cell:
    return Cell(str(text), **kw)


def _h(text, colspan=1, rowspan=1) -> Cell:
    return Cell(text, colspan=colspan, rowspan=rowspan, bold=True)


def _v(x) -> Cell:
    """A number cell ("0" shown as "0" — tables state zeros plainly)."""
    return Cell(fmt_int(x or 0), align="center")


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
    r = stats.reception
    tx, ct, t = r.thuong_xuyen, r.chu_tich, r.total
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
    row = [_c("1"), _c(_unit_name(stats, ctx), align="left"),
           _v(t.luot), _v(t.nguoi), _v(t.vu_viec),
           _v(tx.luot), _v(tx.nguoi), _v(tx.vu_viec_lan_dau), _v(tx.vu_viec_nhieu_lan), _v(tx.doan), _v(tx.doan_nguoi),
           _v(r.dinh_ky_sessions), _v(ct.luot), _v(ct.nguoi), _v(ct.vu_viec_lan_dau), _v(ct.vu_viec_nhieu_lan),
           _v(ct.doan), _v(ct.doan_nguoi)]
    table = Table(header=header, rows=[row], widths_cm=_auto_widths(header, 18, {0: 0.9, 1: 3.2}),
                  note="Lượt tiếp chưa gắn vụ việc được tính là một vụ việc.")
    return Annex("TỔNG HỢP KẾT QUẢ TIẾP CÔNG DÂN", _subtitle(stats), [table])


# ---------------------------------------------------------------- petitions

def xu_ly_don(stats: Stats, ctx: ProseContext) -> Annex:
    p = stats.petitions
    g = p.group
    total = p.carried_xu_ly + p.received
    done = p.processed + p.carried_xu_ly_done
    header = [
        [_h("STT", rowspan=2), _h("Đơn vị", rowspan=2), _h("Tổng số đơn", colspan=3),
         _h("Đã xử lý", rowspan=2), _h("Chưa xử lý", rowspan=2),
         _h("Đơn đủ điều kiện xử lý", colspan=2), _h("Phân loại đơn đủ điều kiện theo nội dung", colspan=3),
         _h("Thuộc thẩm quyền", colspan=4), _h("Không thuộc thẩm quyền", colspan=3),
         _h("Kết quả giải quyết đơn thuộc thẩm quyền", colspan=2)],
        [_h("Tổng"), _h("Kỳ trước chuyển sang"), _h("Tiếp nhận trong kỳ"),
         _h("Số đơn"), _h("Số vụ việc"),
         _h("Khiếu nại"), _h("Tố cáo"), _h("Kiến nghị, phản ánh"),
         _h("Tổng"), _h("Khiếu nại"), _h("Tố cáo"), _h("Kiến nghị, phản ánh"),
         _h("Hướng dẫn"), _h("Chuyển đơn"), _h("Đôn đốc"),
         _h("Đã giải quyết"), _h("Chưa giải quyết xong")],
        _numbers_row(21),
    ]
    tl = p.thu_ly_total
    row = [_c("1"), _c(_unit_name(stats, ctx), align="left"),
           _v(total), _v(p.carried_xu_ly), _v(p.received), _v(done), _v(total - done),
           _v(p.du), _v(p.du_vu_viec),
           _v(g(p.du_by_group, "khieu_nai")), _v(g(p.du_by_group, "to_cao")), _v(g(p.du_by_group, "knpa")),
           _v(p.thu_ly), _v(g(p.thu_ly_by_group, "khieu_nai")), _v(g(p.thu_ly_by_group, "to_cao")),
           _v(g(p.thu_ly_by_group, "knpa")),
           _v(p.huong_dan), _v(p.chuyen), _v(p.don_doc),
           _v(p.resolved), _v(tl - p.resolved)]
    parts = []
    if p.khong_du:
        parts.append(f"Đơn không đủ điều kiện xử lý: {pad2(p.khong_du)} đơn")
    if p.thu_ly_carried:
        parts.append(f"kết quả giải quyết gồm cả {pad2(p.thu_ly_carried)} đơn thụ lý kỳ trước chuyển sang")
    note = (_short("; ".join(parts)) + ".") if parts else ""
    table = Table(header=header, rows=[row], widths_cm=_auto_widths(header, 21, {0: 1.0, 1: 2.2}), note=note)
    return Annex("TỔNG HỢP KẾT QUẢ XỬ LÝ ĐƠN", _subtitle(stats), [table])


def giai_quyet(stats: Stats, ctx: ProseContext) -> Annex:
    """Kết quả giải quyết khiếu nại, tố cáo, kiến nghị, phản ánh thuộc thẩm quyền."""
    p = stats.petitions
    header = [
        [_h("STT", rowspan=2), _h("Nội dung", rowspan=2), _h("Đơn thuộc thẩm quyền", colspan=3),
         _h("Đã giải quyết", colspan=3), _h("Kết quả giải quyết", colspan=6),
         _h("Chưa giải quyết xong", colspan=2), _h("Tỷ lệ giải quyết", rowspan=2)],
        [_h("Tổng"), _h("Kỳ trước chuyển sang"), _h("Tiếp nhận trong kỳ"),
         _h("Tổng"), _h("Đúng hạn"), _h("Trễ hạn"),
         _h("Đúng"), _h("Đúng một phần"), _h("Sai"), _h("Rút đơn, đình chỉ"), _h("Đã trả lời, giải quyết"),
         _h("Không có cơ sở"),
         _h("Trong hạn"), _h("Quá hạn")],
        _numbers_row(17),
    ]
    rows = []
    tot = {k: 0 for k in ("total", "carried", "new", "resolved", "in_time", "late", "open_in_time", "overdue")}
    oc_tot = {k: 0 for k in ("dung", "dung_mot_phan", "sai", "rut", "da_tra_loi", "khong_co_co_so")}
    for i, r in enumerate(p.resolution, 1):
        oc = {"dung": r.outcome("dung"), "dung_mot_phan": r.outcome("dung_mot_phan"), "sai": r.outcome("sai"),
              "rut": r.outcome("rut_don") + r.outcome("dinh_chi"), "da_tra_loi": r.outcome("da_tra_loi"),
              "khong_co_co_so": r.outcome("khong_co_co_so")}
        for k in tot:
            tot[k] += getattr(r, k)
        for k in oc_tot:
            oc_tot[k] += oc[k]
        rows.append([_c(str(i)), _c(r.label, align="left"), _v(r.total), _v(r.carried), _v(r.new),
                     _v(r.resolved), _v(r.in_time), _v(r.late), *[_v(oc[k]) for k in oc_tot],
                     _v(r.open_in_time), _v(r.overdue), _c(fmt_percent(r.resolved, r.total, ctx.decimals) or "–")])
    rows.append([_c(""), _c("Tổng cộng", bold=True, align="left"), *[
        Cell(fmt_int(tot[k]), bold=True) for k in ("total", "carried", "new", "resolved", "in_time", "late")],
        *[Cell(fmt_int(oc_tot[k]), bold=True) for k in oc_tot],
        Cell(fmt_int(tot["open_in_time"]), bold=True), Cell(fmt_int(tot["overdue"]), bold=True),
        Cell(fmt_percent(tot["resolved"], tot["total"], ctx.decimals) or "–", bold=True)])
    note = f"Quá hạn tính đến ngày {p.asof.strftime('%d/%m/%Y')}."
    table = Table(header=header, rows=rows, widths_cm=_auto_widths(header, 17, {0: 0.9, 1: 3.4}), note=note)
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

    def cells(r, bold=False):
        vals = (r.total, r.carried, r.new, r.mediated, r.thanh, r.khong_thanh)
        pct = fmt_percent(r.thanh, r.mediated, ctx.decimals) or "–"
        return [Cell(fmt_int(v), bold=bold) for v in vals] + [Cell(pct, bold=bold)] + [
            Cell(fmt_int(v), bold=bold) for v in (r.rut, r.khong_thuoc, r.dang)]

    rows = []
    for roman, mk in (("I", m.co_so), ("II", m.dat_dai)):
        rows.append([_c(roman, bold=True), Cell(mk.label, bold=True, align="left"), *cells(mk, bold=True)])
        if mk.kind == "co_so":
            for i, t in enumerate(mk.team_rows, 1):
                rows.append([_c(str(i)), _c(t.label, align="left"), *cells(t)])
    table = Table(header=header, rows=rows, widths_cm=_auto_widths(header, 12, {0: 0.9, 1: 5.0}))
    return Annex("TỔNG HỢP KẾT QUẢ HÒA GIẢI", _subtitle(stats), [table])


# ---------------------------------------------------------------- models

def mo_hinh(stats: Stats, ctx: ProseContext) -> Annex:
    mo = stats.models
    yr = mo.years[-1] if len(mo.years) == 1 else f"{mo.years[0]} – {mo.years[-1]}"
    header = [[_h("STT"), _h("Tên mô hình, điển hình"), _h("Lĩnh vực"), _h("Đơn vị thực hiện"), _h("Địa bàn"),
               _h("Năm đăng ký"), _h("Tình trạng"), _h("Tiêu biểu")]]
    rows = []
    for i, it in enumerate(mo.items, 1):
        rows.append([_c(str(i)), _c(it.ten, align="left"), _c(it.linh_vuc_label, align="left"),
                     _c(it.don_vi_label, align="left"), _c(it.dia_ban or "", align="left"),
                     _c(str(it.nam_dang_ky or "")), _c(it.trang_thai_label), _c("x" if it.tieu_bieu else "")])
    if not rows:
        rows.append([_c(""), Cell("Không có mô hình trong kỳ báo cáo", align="left", colspan=7)])
    # a portrait page (16,5 cm): eight columns fit without landscape
    table = Table(header=header, rows=rows, widths_cm=[1.0, 4.7, 2.1, 2.5, 2.0, 1.3, 1.6, 1.3])
    state = f"tình trạng năm {mo.years[-1]}" if len(mo.years) == 1 else "tình trạng năm gần nhất có số liệu"
    sub = f"(Năm {yr}; tổng số {pad2(mo.total)} mô hình; {state})"
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
