"""The books of a period (issue 14): Sổ tiếp công dân (Mẫu số 03, Thông tư
04/2021/TT-TTCP), Sổ theo dõi xử lý đơn (Thông tư 05/2021/TT-TTCP) and Sổ
theo dõi hoạt động hòa giải ở cơ sở (the Bộ Tư pháp's form, per tổ hòa giải).

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
    scope: str = ""  # a line under the title: "Tổ hòa giải thôn An Bình" (the Sổ hòa giải of one tổ)

    @property
    def period_text(self) -> str:
        """"năm 2025 (từ ngày 01/01/2025 đến ngày 31/12/2025)"; a custom range,
        whose label already is its range, once: "từ ngày 15/06/2025 đến ngày 10/02/2026"."""
        if self.period_label.strip().lower() == self.period_range.strip().lower():
            return self.period_label
        return f"{self.period_label} ({self.period_range})"

    @property
    def subtitle(self) -> str:
        scope = f" — {self.scope}" if self.scope else ""
        return f"{self.unit}{scope} — {self.period_text}"

    def header_rows(self) -> list[list[Cell]]:
        return self.table.header

    def rows(self) -> list[list[str]]:
        return [[c.text for c in r] for r in self.table.rows]


def _h(text, colspan=1, rowspan=1):
    return Cell(text, colspan=colspan, rowspan=rowspan, bold=True)


def _c(text, align="left"):
    return Cell(nfc(text or ""), align=align)


def _book(store, key, title, form, period, table, scope: str = "") -> Book:
    lh = letterhead(store)
    return Book(key=key, title=title, unit=lh["co_quan"], ten_co_quan=lh["ten_co_quan"], period_label=period.label,
                period_range=period.range_text, form=form, table=table, scope=scope)


def _units(store) -> tuple[list[int], str]:
    ids = store.unit_scope()
    return ids, ",".join("?" * len(ids))


def _name_address(who) -> str:
    """"Lê Văn An – Thôn An Bình" (a tố cáo's "(bảo mật)" once)."""
    return who.name + (f" – {who.address}" if who.address and who.address != who.name else "")


def _former_units(store) -> dict[int, str]:
    """"xã Hòa Lộc (cũ)" for each commune merged into this one: their letters keep
    their own numbers (29/2025 may be in the book twice), so their rows say whose."""
    cur = store.current_unit_id()
    return {uid: f"{store.unit_title(store.get('unit', uid))} (cũ)" for uid in store.unit_scope() if uid != cur}


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
    former = _former_units(store)
    body = []
    for n, r in enumerate(rows, 1):
        who = identity("tiep_cong_dan", r)
        name = _name_address(who)
        marks = ["", "", ""]
        if r.get("huong_xu_ly") in TCD_HUONG:
            marks[TCD_HUONG[r["huong_xu_ly"]]] = "x"
        so_nguoi = r.get("so_nguoi") or 1
        kind = loai.get(r.get("loai") or "", "")
        note = nfc(r.get("ghi_chu") or "")
        if r.get("huong_xu_ly") == "giai_thich":
            note = "; ".join(x for x in ("Giải thích, trả lời trực tiếp", note) if x)
        if r.get("unit_id") in former:
            note = "; ".join(x for x in (f"Tiếp tại {former[r['unit_id']]}", note) if x)
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
    former = _former_units(store)
    body = []
    for n, r in enumerate(rows, 1):
        who = identity("don_thu", r)
        name = _name_address(who)
        dk = {1: "Đủ", 0: "Không đủ"}.get(r.get("du_dieu_kien"), "")
        hx = "; ".join(x for x in (huong.get(r.get("huong_xu_ly") or "", ""), fmt_date(r.get("ngay_xu_ly"))) if x)
        to = "; ".join(x for x in (nfc(r.get("co_quan_nhan") or ""), nfc(r.get("so_van_ban_chuyen") or "")) if x)
        kq = "; ".join(x for x in (f"thụ lý {fmt_date(r['ngay_thu_ly'])}" if r.get("ngay_thu_ly") else "",
                                   ket_qua.get(r.get("ket_qua") or "", ""),
                                   f"xong {fmt_date(r['ngay_giai_quyet'])}" if r.get("ngay_giai_quyet") else "") if x)
        so_den = f"{r['so_den']}/{r['nam']}" + (f" – {former[r['unit_id']]}" if r.get("unit_id") in former else "")
        body.append([_c(str(n), "center"), _c(so_den, "center"),
                     _c(fmt_date(r["ngay_nhan"]), "center"), _c(nguon.get(r.get("nguon") or "", "")), _c(name),
                     _c(r.get("noi_dung")),
                     _c("; ".join(x for x in (loai.get(r.get("loai") or "", ""),
                                              linh_vuc.get(r.get("linh_vuc") or "", "")) if x)),
                     _c(dk, "center"), _c(hx), _c(to), _c(kq), _c(r.get("so_van_ban_ket_qua")), _c(r.get("ghi_chu"))])
    t = Table(header=header, rows=body, widths_cm=[1.0, 1.6, 2.0, 2.4, 3.4, 4.6, 2.6, 1.6, 2.6, 2.8, 2.6, 2.0, 1.8])
    return _book(store, "so_xu_ly_don", "SỔ THEO DÕI XỬ LÝ ĐƠN",
                 "Thông tư 05/2021/TT-TTCP: tiếp nhận, phân loại, xử lý đơn", period, t)


# ------------------------------------------------------------ Sổ theo dõi hoạt động hòa giải ở cơ sở
HG_FORM = ("mẫu Sổ theo dõi hoạt động hòa giải ở cơ sở của Bộ Tư pháp, Phần I; Luật Hòa giải ở cơ sở 2013, "
           "Điều 21 khoản 4")
HG_RESULT_COLS = {"thanh": 0, "khong_thanh": 1, "dang": 2}  # the three "Kết quả hòa giải" columns
HG_CARRIED_NOTE = "Tiếp nhận kỳ trước, chuyển sang"
NO_TEAM = "(không ghi tổ)"


def hoa_giai_outcome(row: dict, period_end: str) -> str:
    """A case's outcome as of the period's last day, as the report counts it
    (``core.report.stats.queries._mediation_groups``): a case not finished by
    then is "đang" whatever its result says now."""
    end = row.get("ngay_ket_thuc")
    return (row.get("ket_qua") or "dang") if end and str(end)[:10] <= period_end else "dang"


def _team_label(name) -> str:
    """"Tổ hòa giải thôn An Bình" whether the tổ is named "thôn An Bình" or in full."""
    name = nfc(name or "").strip()
    if not name:
        return NO_TEAM
    return name if name.lower().startswith("tổ") else f"Tổ hòa giải {name}"


def _mediators(store, case_ids: list[int]) -> dict[int, str]:
    out: dict[int, list[str]] = {}
    for i in range(0, len(case_ids), 500):
        chunk = case_ids[i:i + 500]
        for r in store.q(f"""SELECT l.hoa_giai_id, v.ho_ten FROM hoa_giai_hgv l
                             JOIN hoa_giai_vien v ON v.id = l.hoa_giai_vien_id
                             WHERE l.hoa_giai_id IN ({','.join('?' * len(chunk))})
                             ORDER BY v.vai_tro = 'to_truong' DESC, v.ho_ten, v.id""", chunk):
            out.setdefault(r["hoa_giai_id"], []).append(nfc(r["ho_ten"] or ""))
    return {k: ", ".join(v) for k, v in out.items()}


def so_hoa_giai(store, period, to_id: int | None = None) -> Book:
    """The grassroots mediation cases (``kind = co_so`` only: land disputes
    mediated at UBND xã are not grassroots mediation, SPEC §3.3) a tổ handled
    in the period: the cases received in it and those received earlier and
    still open at its start ("Tiếp nhận kỳ trước, chuyển sang" in Ghi chú), with
    the outcome as of the period's last day — the working set the report's
    mediation figures count, so the book and the report agree.  ``to_id``: one
    tổ's book; None: every tổ of the commune, one section row per tổ (STT
    restarting), the cases with no tổ last."""
    ids, qm = _units(store)
    s, e = period.sql_range()
    team_name = ""
    if to_id is not None:
        team = store.q(f"SELECT * FROM to_hoa_giai WHERE id=? AND unit_id IN ({qm})", (to_id, *ids))
        if not team:
            raise PaperError(f"Không có tổ hòa giải số hiệu {to_id} trong đơn vị này.")
        team_name = nfc(team[0]["ten"] or "")
    where = f"h.kind = 'co_so' AND h.unit_id IN ({qm}) AND (h.ngay_nhan BETWEEN ? AND ? OR (h.ngay_nhan < ? AND " \
            "(h.ngay_ket_thuc IS NULL OR h.ngay_ket_thuc >= ?)))"
    params: list = [*ids, s, e, s, s]
    if to_id is not None:
        where += " AND h.to_hoa_giai_id = ?"
        params.append(to_id)
    rows = store.q(f"""SELECT h.*, t.ten AS to_ten FROM hoa_giai h LEFT JOIN to_hoa_giai t ON t.id = h.to_hoa_giai_id
                       WHERE {where} ORDER BY h.ngay_nhan, h.id""", params)
    linh_vuc, ket_qua = store.enum_labels("linh_vuc_hoa_giai"), store.enum_labels("ket_qua_hoa_giai")
    hgv = _mediators(store, [r["id"] for r in rows])
    header = [
        [_h("STT", rowspan=2), _h("Ngày, tháng, năm nhận vụ, việc", rowspan=2),
         _h("Họ và tên hòa giải viên", rowspan=2),
         _h("Họ tên, địa chỉ các bên; người có quyền, nghĩa vụ liên quan", rowspan=2),
         _h("Nội dung chủ yếu của vụ, việc", rowspan=2),
         _h("Thỏa thuận của các bên (hoặc yêu cầu của mỗi bên) sau khi hòa giải", rowspan=2),
         _h("Kết quả hòa giải", colspan=3), _h("Ngày kết thúc", rowspan=2), _h("Chữ ký", rowspan=2),
         _h("Ghi chú", rowspan=2)],
        [_h("Hòa giải thành"), _h("Hòa giải không thành"), _h("Đang hòa giải")],
        [Cell(str(i), bold=False) for i in range(1, 13)],
    ]

    def line(n, r) -> list[Cell]:
        def party(name, addr):
            name, addr = nfc(name or ""), nfc(addr or "")
            return name + (f" – {addr}" if addr else "")

        parties = "; ".join(x for x in (party(r.get("ben_a"), r.get("ben_a_dia_chi")),
                                        party(r.get("ben_b"), r.get("ben_b_dia_chi"))) if x)
        if (r.get("so_nguoi_lien_quan") or 0) > 2:
            parties += f" ({r['so_nguoi_lien_quan']} người liên quan)"
        outcome = hoa_giai_outcome(r, e)
        marks = ["", "", ""]
        if outcome in HG_RESULT_COLS:
            marks[HG_RESULT_COLS[outcome]] = "x"
        agreed = "; ".join(x for x in (
            nfc(r.get("ket_luan") or ""),  # the agreement, when the record keeps one (m008)
            ket_qua.get(outcome, "") if outcome not in HG_RESULT_COLS else "",  # rút yêu cầu / không thuộc phạm vi
            nfc(r.get("huong_dan") or "") if outcome == "khong_thanh" else "") if x)
        done = fmt_date(r["ngay_ket_thuc"]) if outcome != "dang" and r.get("ngay_ket_thuc") else ""
        note = "; ".join(x for x in (HG_CARRIED_NOTE if r["ngay_nhan"] < s else "", nfc(r.get("ghi_chu") or ""))
                         if x)
        content = nfc(r.get("noi_dung") or "")
        lv = linh_vuc.get(r.get("linh_vuc") or "", "")
        return [_c(str(n), "center"), _c(fmt_date(r["ngay_nhan"]), "center"), _c(hgv.get(r["id"], "")), _c(parties),
                _c(f"{lv}: {content}" if lv and content else lv or content), _c(agreed),
                *(_c(m, "center") for m in marks), _c(done, "center"), _c(""), _c(note)]

    body: list[list[Cell]] = []
    if to_id is not None:
        body = [line(n, r) for n, r in enumerate(rows, 1)]
    else:
        from core.text import sort_key

        teams: dict = {}
        for r in rows:
            teams.setdefault(r.get("to_hoa_giai_id"), (_team_label(r.get("to_ten")), []))[1].append(r)
        for tid, (label, mine) in sorted(teams.items(), key=lambda kv: (kv[0] is None, sort_key(kv[1][0]), kv[0] or 0)):
            body.append([Cell(f"{label}: {len(mine)} vụ, việc", colspan=12, bold=True, align="left")])
            body.extend(line(n, r) for n, r in enumerate(mine, 1))
    t = Table(header=header, rows=body, widths_cm=[1.0, 2.0, 3.2, 4.6, 5.0, 3.6, 1.5, 1.6, 1.5, 2.0, 2.2, 2.6])
    scope = _team_label(team_name) if to_id is not None else ""
    return _book(store, "so_hoa_giai", "SỔ THEO DÕI HOẠT ĐỘNG HÒA GIẢI Ở CƠ SỞ", HG_FORM, period, t, scope)


BOOKS: dict[str, tuple[str, Callable]] = {
    "so_tiep_cong_dan": ("Sổ tiếp công dân (Mẫu số 03, Thông tư 04/2021/TT-TTCP)", so_tiep_cong_dan),
    "so_xu_ly_don": ("Sổ theo dõi xử lý đơn", so_xu_ly_don),
    "so_hoa_giai": ("Sổ theo dõi hoạt động hòa giải ở cơ sở (theo tổ hòa giải)", so_hoa_giai),
}
# the record kind each book lists (the list page that offers it: "In sổ…")
BOOK_RECORD_KIND: dict[str, str] = {
    "so_tiep_cong_dan": "tiep_cong_dan",
    "so_xu_ly_don": "don_thu",
    "so_hoa_giai": "hoa_giai",
}
# the books that take a tổ hòa giải (``to_id``)
TEAM_BOOKS = ("so_hoa_giai",)


def build_book(store, key: str, period, to_id: int | None = None) -> Book:
    if key not in BOOKS:
        raise PaperError(f"Không có loại sổ “{key}”. Các loại: {', '.join(BOOKS)}.")
    if to_id is not None:
        if key not in TEAM_BOOKS:
            raise PaperError(f"Chỉ sổ theo dõi hoạt động hòa giải ở cơ sở được lập theo tổ hòa giải, không phải “{key}”.")
        return BOOKS[key][1](store, period, to_id=to_id)
    return BOOKS[key][1](store, period)


# ------------------------------------------------------------ the list pages' "In sổ…"
def book_keys_for(record_kind: str) -> list[str]:
    """The books a list page of ``record_kind`` offers ("In sổ…"), in the
    order of ``BOOKS``: tiep_cong_dan → Sổ tiếp công dân, don_thu → Sổ theo
    dõi xử lý đơn, hoa_giai → Sổ theo dõi hoạt động hòa giải ở cơ sở; a
    kind without a book → []."""
    return [key for key in BOOKS if BOOK_RECORD_KIND.get(key) == record_kind]
