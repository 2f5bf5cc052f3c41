"""The books of a period (issue 14): Sổ tiếp công dân (Mẫu số 03, Thông tư
04/2021/TT-TTCP) and Sổ theo dõi xử lý đơn (Thông tư 05/2021/TT-TTCP).

A builder returns a ``Book``: the title, the unit and the period, and one
``core.report.document.Table`` (the header rows, spans included, then one
row per record).  ``core.papers.book_writers`` writes it as landscape DOCX,
PDF or XLSX.  A tố cáo row never shows its sender: "(bảo mật)"."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from core.papers.common import PaperError, fmt_date, identity, letterhead
from core.report.document import Cell, Table
from core.text import nfc


@dataclass
class Book:
    key: str
    title: str  # "SỔ TIẾP CÔNG DÂN"
    unit: str  # "Ủy ban nhân dân xã Nghĩa Phương"
    ten_co_quan: str  # the letterhead lines
    period_label: str  # "năm 2025"
    period_range: str  # "từ ngày 01/01/2025 đến ngày 31/12/2025"
    form: str  # the legal form it follows
    table: Table = field(default_factory=Table)

    @property
    def subtitle(self) -> str:
        return f"{self.unit} — {self.period_label} ({self.period_range})"

    def header_rows(self) -> list[list[Cell]]:
        return self.table.header

    def rows(self) -> list[list[str]]:
        return [[c.text for c in r] for r in self.table.rows]


def _h(text, colspan=1, rowspan=1):
    return Cell(text, colspan=colspan, rowspan=rowspan, bold=True)


def _c(text, align="left"):
    return Cell(nfc(text or ""), align=align)


def _book(store, key, title, form, period, table) -> Book:
    lh = letterhead(store)
    return Book(key=key, title=title, unit=lh["co_quan"], ten_co_quan=lh["ten_co_quan"], period_label=period.label,
                period_range=period.range_text, form=form, table=table)


def _units(store) -> tuple[list[int], str]:
    ids = store.unit_scope()
    return ids, ",".join("?" * len(ids))


# ------------------------------------------------------------ Sổ tiếp công dân
TCD_HUONG = {"tiep_nhan_don": 0, "huong_dan": 1, "chuyen_don": 2}


def so_tiep_cong_dan(store, period) -> Book:
    """Mẫu số 03 (Thông tư 04/2021/TT-TTCP): one row per visit of the period."""
    ids, qm = _units(store)
    rows = store.q(f"SELECT * FROM tiep_cong_dan WHERE unit_id IN ({qm}) AND ngay_tiep BETWEEN ? AND ? "
                   "ORDER BY ngay_tiep, id", (*ids, *period.sql_range()))
    loai = store.enum_labels("loai_don")
    header = [
        [_h("STT", rowspan=2), _h("Ngày tiếp", rowspan=2), _h("Họ tên – Địa chỉ", rowspan=2),
         _h("Số CCCD", rowspan=2), _h("Nội dung vụ việc", rowspan=2), _h("Phân loại đơn / Số người", rowspan=2),
         _h("Cơ quan đã giải quyết", rowspan=2), _h("Hướng xử lý", colspan=3),
         _h("Theo dõi kết quả", rowspan=2), _h("Ghi chú", rowspan=2)],
        [_h("Thụ lý"), _h("Trả lại đơn, hướng dẫn"), _h("Chuyển đơn đến cơ quan có thẩm quyền")],
        [Cell(str(i), bold=False) for i in range(1, 13)],
    ]
    body = []
    for n, r in enumerate(rows, 1):
        who = identity("tiep_cong_dan", r)
        name = who.name + (f" – {who.address}" if who.address and who.address != who.name else "")
        marks = ["", "", ""]
        if r.get("huong_xu_ly") in TCD_HUONG:
            marks[TCD_HUONG[r["huong_xu_ly"]]] = "x"
        so_nguoi = r.get("so_nguoi") or 1
        kind = loai.get(r.get("loai") or "", "")
        note = nfc(r.get("ghi_chu") or "")
        if r.get("huong_xu_ly") == "giai_thich":
            note = "; ".join(x for x in ("Giải thích, trả lời trực tiếp", note) if x)
        ket_qua = nfc(r.get("ket_qua") or "")
        if r.get("ngay_ket_qua"):
            ket_qua = "; ".join(x for x in (ket_qua, f"trả lời ngày {fmt_date(r['ngay_ket_qua'])}") if x)
        body.append([_c(str(n), "center"), _c(fmt_date(r["ngay_tiep"]), "center"), _c(name),
                     _c(who.cccd, "center"), _c(r.get("noi_dung")),
                     _c("; ".join(x for x in (kind, f"{so_nguoi} người") if x), "center"),
                     _c(r.get("co_quan_da_giai_quyet")), *(_c(m, "center") for m in marks), _c(ket_qua), _c(note)])
    t = Table(header=header, rows=body, widths_cm=[1.0, 2.0, 4.2, 2.4, 5.5, 2.4, 2.6, 1.3, 1.6, 2.0, 3.0, 2.0])
    return _book(store, "so_tiep_cong_dan", "SỔ TIẾP CÔNG DÂN",
                 "Mẫu số 03, Thông tư 04/2021/TT-TTCP", period, t)


# ------------------------------------------------------------ Sổ theo dõi xử lý đơn
def so_xu_ly_don(store, period) -> Book:
    """Tiếp nhận → phân loại → hướng xử lý → kết quả, one row per petition received in the period."""
    ids, qm = _units(store)
    rows = store.q(f"SELECT * FROM don_thu WHERE unit_id IN ({qm}) AND ngay_nhan BETWEEN ? AND ? "
                   "ORDER BY ngay_nhan, so_den, id", (*ids, *period.sql_range()))
    loai, nguon = store.enum_labels("loai_don"), store.enum_labels("nguon_don")
    huong, ket_qua = store.enum_labels("huong_xu_ly_don"), store.enum_labels("ket_qua_don")
    linh_vuc = store.enum_labels("linh_vuc")
    header = [
        [_h("STT", rowspan=2), _h("Tiếp nhận", colspan=3), _h("Người gửi", rowspan=2),
         _h("Nội dung đơn", rowspan=2), _h("Phân loại", colspan=2), _h("Hướng xử lý", colspan=2),
         _h("Kết quả giải quyết", colspan=2), _h("Ghi chú", rowspan=2)],
        [_h("Số đến"), _h("Ngày nhận"), _h("Nguồn đơn"), _h("Loại đơn, lĩnh vực"), _h("Đủ điều kiện xử lý"),
         _h("Hướng xử lý, ngày"), _h("Cơ quan nhận, số văn bản"), _h("Ngày thụ lý, kết quả"), _h("Văn bản kết quả")],
        [Cell(str(i), bold=False) for i in range(1, 14)],
    ]
    body = []
    for n, r in enumerate(rows, 1):
        who = identity("don_thu", r)
        name = who.name + (f" – {who.address}" if who.address and who.address != who.name else "")
        dk = {1: "Đủ", 0: "Không đủ"}.get(r.get("du_dieu_kien"), "")
        hx = "; ".join(x for x in (huong.get(r.get("huong_xu_ly") or "", ""), fmt_date(r.get("ngay_xu_ly"))) if x)
        to = "; ".join(x for x in (nfc(r.get("co_quan_nhan") or ""), nfc(r.get("so_van_ban_chuyen") or "")) if x)
        kq = "; ".join(x for x in (f"thụ lý {fmt_date(r['ngay_thu_ly'])}" if r.get("ngay_thu_ly") else "",
                                   ket_qua.get(r.get("ket_qua") or "", ""),
                                   f"xong {fmt_date(r['ngay_giai_quyet'])}" if r.get("ngay_giai_quyet") else "") if x)
        body.append([_c(str(n), "center"), _c(f"{r['so_den']}/{r['nam']}", "center"),
                     _c(fmt_date(r["ngay_nhan"]), "center"), _c(nguon.get(r.get("nguon") or "", "")), _c(name),
                     _c(r.get("noi_dung")),
                     _c("; ".join(x for x in (loai.get(r.get("loai") or "", ""),
                                              linh_vuc.get(r.get("linh_vuc") or "", "")) if x)),
                     _c(dk, "center"), _c(hx), _c(to), _c(kq), _c(r.get("so_van_ban_ket_qua")), _c(r.get("ghi_chu"))])
    t = Table(header=header, rows=body, widths_cm=[1.0, 1.6, 2.0, 2.4, 3.4, 4.6, 2.6, 1.6, 2.6, 2.8, 2.6, 2.0, 1.8])
    return _book(store, "so_xu_ly_don", "SỔ THEO DÕI XỬ LÝ ĐƠN",
                 "Thông tư 05/2021/TT-TTCP (tiếp nhận, phân loại, xử lý đơn)", period, t)


BOOKS: dict[str, tuple[str, Callable]] = {
    "so_tiep_cong_dan": ("Sổ tiếp công dân (Mẫu số 03, Thông tư 04/2021/TT-TTCP)", so_tiep_cong_dan),
    "so_xu_ly_don": ("Sổ theo dõi xử lý đơn", so_xu_ly_don),
}


def build_book(store, key: str, period) -> Book:
    if key not in BOOKS:
        raise PaperError(f"Không có loại sổ “{key}”. Các loại: {', '.join(BOOKS)}.")
    return BOOKS[key][1](store, period)
