"""List queries for every record kind (Qt-free).

The list pages of the UI and the Excel export of "the list exactly as shown"
both go through this module, so a list means one thing everywhere:

- ``columns(kind)``: the visible columns (Vietnamese header, sortable or not);
- ``query_ids(store, kind, filters, search, sort)``: one indexed SQL query that
  returns only the ids, filtered, searched (``Store.search_sql``: diacritics
  ignored, đ→d) and sorted (names by the indexed ``sort_key`` column, i.e.
  Vietnamese alphabetical order);
- ``fetch_rows(store, kind, ids)``: the display strings of a page of ids
  (lists fetch ~200 rows at a time, on demand);
- ``list_rows(store, kind, filters, search, sort, ids=None)``: headers + all
  display rows, for exports.

The identity of a tố cáo denouncer (SPEC §3.1) — a đơn thư of loại tố cáo or
a visit classified tố cáo — never leaves this module: the name cell reads
"(bảo mật)" (``core.records.secrecy.SECRET_MASK``), the address cell is
empty, and the name sort puts those rows in a bucket of their own so the
position does not reveal the name either.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from core.records.deadlines import STATUS_LABELS, _d, deadline_colour, mediation_state, petition_state
from core.records.fields import kind as get_kind
from core.records.secrecy import SECRET_MASK, is_secret
from core.text import fmt_date, fmt_int, fmt_number

SECRET_TEXT = SECRET_MASK  # the name cell of a tố cáo row
ANONYMOUS_TEXT = "(nặc danh)"
PAGE_SIZE = 200


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    order: str | None = None  # SQL ORDER BY expression (ascending); None = not sortable
    width: int = 120  # suggested width in pixels at 96 dpi
    align: str = "left"  # left / right / center
    fixed: bool = False  # never narrowed to fit the window (a short status, a deadline)


@dataclass(frozen=True)
class FilterSpec:
    """A combo box of the filter bar: ``name`` is a column (or a special
    name handled here), ``enum`` the enumeration its items come from."""

    name: str
    label: str
    enum: str | None = None
    items: tuple[tuple[str, str], ...] = ()  # fixed items (code, label) when enum is None


@dataclass
class ListFilters:
    date_from: dt.date | None = None
    date_to: dt.date | None = None  # inclusive
    unit_id: int | None = None  # None: the current unit and its predecessors
    values: dict[str, str] = field(default_factory=dict)  # FilterSpec.name -> code

    def year_span(self) -> tuple[int, int] | None:
        if self.date_from is None and self.date_to is None:
            return None
        return ((self.date_from or dt.date(1900, 1, 1)).year, (self.date_to or dt.date(2999, 12, 31)).year)


@dataclass
class ListRow:
    id: int
    cells: list[str]
    colour: str | None = None  # green / amber / red for the status cell
    colour_col: int | None = None
    secret: bool = False  # a tố cáo row (identity hidden)


# ------------------------------------------------------------------ specs
# The order of the deadline column: computed per store (``_due_order``).
DUE_ORDER = "<due>"
# tố cáo rows carry secrecy.SECRET_SORT_KEY: they sort after every name
_NAME_ORDER_DON_THU = "sort_key"

COLUMNS: dict[str, list[Column]] = {
    "don_thu": [
        Column("so_den", "Số đến", "nam, so_den", 80, "right"),
        Column("ngay_nhan", "Ngày nhận", "ngay_nhan", 90),
        Column("nguoi_gui", "Người gửi", _NAME_ORDER_DON_THU, 170),
        Column("loai", "Loại đơn", "loai", 100),
        Column("linh_vuc", "Lĩnh vực", "linh_vuc", 150),
        Column("noi_dung", "Nội dung", None, 260),
        Column("huong_xu_ly", "Hướng xử lý", "huong_xu_ly", 170),
        Column("trang_thai", "Trạng thái", None, 138, fixed=True),
        # the deadline that applies and the days left (or late): its own column,
        # sorted by the deadline, i.e. by the days left (closed letters last)
        Column("han", "Hạn / còn (ngày)", DUE_ORDER, 138, fixed=True),
    ],
    "tiep_cong_dan": [
        Column("ngay_tiep", "Ngày tiếp", "ngay_tiep", 90),
        Column("ho_ten", "Họ tên công dân", "sort_key", 170),
        Column("dia_chi", "Địa chỉ", None, 160),
        Column("so_nguoi", "Số người", "so_nguoi", 70, "right"),
        Column("hinh_thuc", "Hình thức", "hinh_thuc", 140),
        Column("linh_vuc", "Lĩnh vực", "linh_vuc", 140),
        Column("noi_dung", "Nội dung vụ việc", None, 260),
        Column("huong_xu_ly", "Hướng xử lý", "huong_xu_ly", 190),
    ],
    "doi_thoai": [
        Column("ngay", "Ngày", "ngay", 90),
        Column("hinh_thuc", "Hình thức", "hinh_thuc", 220),
        Column("chu_de", "Chủ đề", None, 280),
        Column("chu_tri", "Người chủ trì", None, 150),
        Column("dia_diem", "Địa điểm", None, 150),
        Column("so_nguoi_du", "Số người dự", "so_nguoi_du", 90, "right"),
        Column("so_tra_loi_tai_cho", "Trả lời tại chỗ", "so_tra_loi_tai_cho", 100, "right"),
        Column("so_giao_xu_ly", "Giao xử lý", "so_giao_xu_ly", 90, "right"),
    ],
    "hoa_giai": [
        Column("ngay_nhan", "Ngày tiếp nhận", "ngay_nhan", 115),
        Column("kind", "Loại hòa giải", "kind", 140),
        Column("to_hoa_giai", "Tổ hòa giải", "to_hoa_giai_id", 160),
        Column("ben_a", "Bên A", "sort_key", 150),
        Column("ben_b", "Bên B", None, 150),
        Column("linh_vuc", "Lĩnh vực", "linh_vuc", 180),
        Column("ket_qua", "Kết quả", "ket_qua", 145),
        Column("ngay_ket_thuc", "Ngày kết thúc", "ngay_ket_thuc", 100),
        # a land dispute's legal time limit (Luật Đất đai 2024 Điều 235), coloured like a petition's
        Column("han", "Hạn / còn (ngày)", None, 138, fixed=True),
    ],
    "mo_hinh": [
        Column("ten", "Tên mô hình", "sort_key", 260),
        Column("linh_vuc", "Lĩnh vực", "linh_vuc", 170),
        Column("don_vi", "Đơn vị thực hiện", "don_vi", 160),
        Column("dia_ban", "Địa bàn", None, 140),
        Column("loai", "Loại", "loai", 130),
        Column("nam_dang_ky", "Năm đăng ký", "nam_dang_ky", 90, "right"),
        Column("trang_thai", "Trạng thái trong kỳ", None, 170),
    ],
    "van_ban": [
        Column("so_ky_hieu", "Số, ký hiệu", "so_ky_hieu", 130),
        Column("loai", "Loại văn bản", "loai", 110),
        Column("ngay_ban_hanh", "Ngày ban hành", "ngay_ban_hanh", 100),
        Column("cap", "Cấp", "cap", 170),
        Column("co_quan_ban_hanh", "Cơ quan ban hành", None, 150),
        Column("trich_yeu", "Trích yếu", None, 330),
        Column("phoi_hop", "Phối hợp với", None, 140),
    ],
    "hoat_dong": [
        Column("ngay", "Ngày", "ngay", 90),
        Column("loai", "Loại hoạt động", "loai", 130),
        Column("chu_de", "Chủ đề", None, 380),
        Column("so_cuoc", "Số cuộc", "so_cuoc", 80, "right"),
        Column("so_nguoi", "Số lượt người", "so_nguoi", 110, "right"),
    ],
    "chi_tieu": [
        Column("tu_ngay", "Từ ngày", "tu_ngay", 90),
        Column("den_ngay", "Đến ngày", "den_ngay", 90),
        Column("ma", "Chỉ tiêu", "ma", 380),
        Column("gia_tri", "Giá trị", "gia_tri", 100, "right"),
        Column("don_vi_tinh", "Đơn vị tính", None, 100),
        Column("ghi_chu", "Ghi chú", None, 220),
    ],
}

# Default order of each list: newest first (an index serves it).
DEFAULT_SORT: dict[str, tuple[str, bool]] = {
    "don_thu": ("ngay_nhan", True),
    "tiep_cong_dan": ("ngay_tiep", True),
    "doi_thoai": ("ngay", True),
    "hoa_giai": ("ngay_nhan", True),
    "mo_hinh": ("ten", False),
    "van_ban": ("ngay_ban_hanh", True),
    "hoat_dong": ("ngay", True),
    "chi_tieu": ("tu_ngay", True),
}

_STATUS_ITEMS = tuple(STATUS_LABELS.items())

FILTERS: dict[str, list[FilterSpec]] = {
    "don_thu": [FilterSpec("loai", "Loại đơn", "loai_don"), FilterSpec("linh_vuc", "Lĩnh vực", "linh_vuc"),
                FilterSpec("trang_thai", "Trạng thái", items=_STATUS_ITEMS)],
    "tiep_cong_dan": [FilterSpec("hinh_thuc", "Hình thức", "hinh_thuc_tiep"),
                      FilterSpec("loai", "Phân loại", "loai_don"),
                      FilterSpec("linh_vuc", "Lĩnh vực", "linh_vuc")],
    "doi_thoai": [FilterSpec("hinh_thuc", "Hình thức", "hinh_thuc_doi_thoai")],
    "hoa_giai": [FilterSpec("kind", "Loại hòa giải", "loai_hoa_giai"),
                 FilterSpec("linh_vuc", "Lĩnh vực", "linh_vuc_hoa_giai"),
                 FilterSpec("ket_qua", "Kết quả", "ket_qua_hoa_giai")],
    "mo_hinh": [FilterSpec("linh_vuc", "Lĩnh vực", "linh_vuc_mo_hinh"),
                FilterSpec("don_vi", "Đơn vị thực hiện", "don_vi_mo_hinh"),
                FilterSpec("trang_thai", "Trạng thái", "trang_thai_mo_hinh")],
    "van_ban": [FilterSpec("cap", "Cấp", "cap_van_ban"), FilterSpec("loai", "Loại văn bản", "loai_van_ban")],
    "hoat_dong": [FilterSpec("loai", "Loại hoạt động", "loai_hoat_dong")],
    "chi_tieu": [FilterSpec("ma", "Chỉ tiêu", "chi_tieu")],
}

LIST_KINDS = tuple(COLUMNS)


def columns(kind_key: str) -> list[Column]:
    return COLUMNS[kind_key]


def headers(kind_key: str) -> list[str]:
    return [c.label for c in COLUMNS[kind_key]]


def filter_specs(kind_key: str) -> list[FilterSpec]:
    return FILTERS[kind_key]


def filter_items(store, spec: FilterSpec) -> list[tuple[str, str]]:
    if spec.enum:  # hidden items stay filterable: old records still use them
        return [(r["code"], r["label"] + (" (đã ẩn)" if r.get("an") else ""))
                for r in store.enum_items(spec.enum, include_hidden=True)]
    return list(spec.items)


# ------------------------------------------------------------ the query
def _iso(d) -> str:
    return d.isoformat() if isinstance(d, dt.date) else str(d)


def _where(store, kind_key: str, filters: ListFilters | None, search: str) -> tuple[list[str], list, dict]:
    """WHERE conditions, parameters, and post-filters applied in Python."""
    k = get_kind(kind_key)
    f = filters or ListFilters()
    conds: list[str] = []
    params: list = []
    post: dict = {}
    # unit scope (no condition when the scope is every unit of the folder:
    # the date index then serves the query alone)
    if k.has_unit:
        try:
            scope = [f.unit_id] if f.unit_id else store.unit_scope()
        except Exception:  # no current unit yet: everything
            scope = None
        if scope and (f.unit_id or len(scope) < (store.q1("SELECT count(*) FROM unit") or 0)):
            conds.append(f"unit_id IN ({','.join('?' * len(scope))})")
            params.extend(scope)
    # period
    if f.date_from or f.date_to:
        lo = _iso(f.date_from or dt.date(1900, 1, 1))
        hi = _iso(f.date_to or dt.date(2999, 12, 31))
        if kind_key == "mo_hinh":
            y1, y2 = f.year_span()
            conds.append("(nam_dang_ky BETWEEN ? AND ? OR id IN "
                         "(SELECT mo_hinh_id FROM mo_hinh_nam WHERE nam BETWEEN ? AND ?))")
            params.extend([y1, y2, y1, y2])
        elif kind_key == "chi_tieu":
            conds.append("tu_ngay <= ? AND den_ngay >= ?")
            params.extend([hi, lo])
        elif k.date_field:
            conds.append(f"{k.date_field} BETWEEN ? AND ?")
            params.extend([lo, hi])
    # filter bar values
    for name, code in (f.values or {}).items():
        if code in (None, ""):
            continue
        if kind_key == "don_thu" and name == "trang_thai":
            c, p, needs_post = _status_condition(store, code)
            conds.append(c)
            params.extend(p)
            if needs_post:
                post["trang_thai"] = code
        elif kind_key == "mo_hinh" and name == "trang_thai":
            span = f.year_span()
            if span:
                conds.append("id IN (SELECT mo_hinh_id FROM mo_hinh_nam WHERE trang_thai = ? AND nam BETWEEN ? AND ?)")
                params.extend([code, *span])
            else:
                conds.append("id IN (SELECT mo_hinh_id FROM mo_hinh_nam WHERE trang_thai = ?)")
                params.append(code)
        else:
            if name not in k.field_names:
                raise KeyError(name)
            conds.append(f"{name} = ?")
            params.append(code)
    # search
    text = (search or "").strip()
    if text and kind_key != "chi_tieu":
        c, p = store.search_sql(kind_key, text)
        if (f.date_from or f.date_to) and c.startswith("id IN"):
            # walk the (covering) date index and test membership, instead of
            # one table lookup per search hit
            c = "+" + c
        conds.append(c)
        params.extend(p)
    elif text:  # chi_tieu has no search index: match the indicator's label
        from core.text import fold
        labels = [code for code, label in store.enum_labels("chi_tieu").items()
                  if all(w in fold(label) for w in fold(text).split())]
        conds.append(f"ma IN ({','.join('?' * len(labels))})" if labels else "0")
        params.extend(labels)
    return conds, params, post


# Petition status in SQL (SPEC §3.1 trạng thái, derived).  Unclassified and
# unresolved thụ lý rows depend on deadlines; with calendar-day rules (the
# default) the deadline is a SQL date expression, otherwise (working-day rules)
# the candidates are checked in Python with core.records.deadlines.petition_state.
_UNCLASSIFIED = "(huong_xu_ly IS NULL OR (du_dieu_kien IS NULL AND huong_xu_ly != 'luu'))"
_CLASSIFIED = "(huong_xu_ly IS NOT NULL AND (du_dieu_kien IS NOT NULL OR huong_xu_ly = 'luu'))"
_OPEN_THU_LY = (f"({_CLASSIFIED} AND COALESCE(du_dieu_kien, 1) != 0 AND huong_xu_ly = 'thu_ly' "
                "AND ngay_giai_quyet IS NULL)")


def _due_sql(store) -> str | None:
    """SQL expression of the current deadline of an open petition, or None
    when a rule counts working days (then Python decides)."""
    rules = store.deadlines().rules
    remote = bool((store.current_unit() or {}).get("vung_kho_khan"))
    kn = "giai_quyet_khieu_nai" + ("_vung_kho_khan" if remote else "")
    needed = ["xu_ly_don", kn, kn + "_phuc_tap", "giai_quyet_to_cao", "gia_han_to_cao", "giai_quyet_kien_nghi"]
    if any(rules[c].working for c in needed):
        return None
    n = {c: int(rules[c].days) for c in needed}
    start = "COALESCE(ngay_thu_ly, ngay_xu_ly, ngay_nhan)"
    resolve = (f"COALESCE(han_giai_quyet, CASE loai "
               f"WHEN 'khieu_nai' THEN date({start}, '+' || (CASE WHEN phuc_tap THEN {n[kn + '_phuc_tap']} "
               f"ELSE {n[kn]} END) || ' days') "
               f"WHEN 'to_cao' THEN date({start}, '+' || ({n['giai_quyet_to_cao']} + "
               f"COALESCE(gia_han, 0) * {n['gia_han_to_cao']}) || ' days') "
               f"ELSE date({start}, '+{n['giai_quyet_kien_nghi']} days') END)")
    return (f"(CASE WHEN {_UNCLASSIFIED} THEN date(ngay_nhan, '+{n['xu_ly_don']} days') "
            f"ELSE {resolve} END)")


def _status_condition(store, code: str, today: dt.date | None = None) -> tuple[str, list, bool]:
    today_s = (today or dt.date.today()).isoformat()
    if code == "da_luu":
        return "(du_dieu_kien = 0 OR huong_xu_ly = 'luu')", [], False
    if code == "da_chuyen":
        return f"({_CLASSIFIED} AND COALESCE(du_dieu_kien, 1) != 0 AND huong_xu_ly IN ('chuyen', 'don_doc'))", [], False
    if code == "da_huong_dan":
        return f"({_CLASSIFIED} AND COALESCE(du_dieu_kien, 1) != 0 AND huong_xu_ly = 'huong_dan')", [], False
    if code == "da_giai_quyet":
        return (f"({_CLASSIFIED} AND COALESCE(du_dieu_kien, 1) != 0 AND huong_xu_ly = 'thu_ly' "
                "AND ngay_giai_quyet IS NOT NULL)"), [], False
    due = _due_sql(store)
    if code == "cho_phan_loai":
        base = _UNCLASSIFIED
    elif code == "dang_giai_quyet":
        base = _OPEN_THU_LY
    elif code == "qua_han":
        base = f"({_UNCLASSIFIED} OR {_OPEN_THU_LY})"
    else:
        return "0", [], False
    if due is None:
        return base, [], True
    if code == "qua_han":
        return f"({base} AND {due} < ?)", [today_s], False
    return f"({base} AND {due} >= ?)", [today_s], False


def _order_sql(kind_key: str, sort: tuple[str, bool] | None, store=None) -> str | None:
    """ORDER BY of the list; None when Python sorts (the deadline column
    under working-day rules, see ``ListQuery``)."""
    key, desc = sort or DEFAULT_SORT[kind_key]
    col = next((c for c in COLUMNS[kind_key] if c.key == key), None)
    if col is None or not col.order:
        key, desc = DEFAULT_SORT[kind_key]
        col = next(c for c in COLUMNS[kind_key] if c.key == key)
    direction = " DESC" if desc else ""
    if col.order == DUE_ORDER:
        due = _due_sql(store) if store is not None else None
        if due is None:
            return None
        # open letters by their deadline (fewest days left first), closed ones after them
        d = f"(CASE WHEN {_UNCLASSIFIED} OR {_OPEN_THU_LY} THEN {due} END)"
        return f"{d} IS NULL, {d}{direction}, ngay_nhan{direction}, id{direction}"
    # no id tie-breaker: it would force a sort step after the index walk;
    # ties keep the index order, which is stable for a given query
    return ", ".join(p.strip() + direction for p in col.order.split(","))


class ListQuery:
    """One list query (filters, search, sort) of one kind: ``count()``,
    ``ids()`` (all, or a window with ``offset``/``limit``) and whether the
    order is served by an index (``index_ordered``)."""

    def __init__(self, store, kind_key: str, filters: ListFilters | None = None, search: str = "",
                 sort: tuple[str, bool] | None = None, today: dt.date | None = None):
        self.store = store
        self.kind = kind_key
        self.today = today
        k = get_kind(kind_key)
        conds, self.params, self.post = _where(store, kind_key, filters, search)
        self.where = " AND ".join(conds) or "1"
        self.table = k.table
        self.order = _order_sql(kind_key, sort, store)
        if self.order is None:  # by deadline, counted in working days: sorted in Python
            self.post["by_due"] = bool((sort or (None, False))[1])
            self.order = _order_sql(kind_key, DEFAULT_SORT[kind_key])

    @property
    def sql(self) -> str:
        return f"SELECT id FROM {self.table} WHERE {self.where} ORDER BY {self.order}"

    def count(self) -> int:
        if self.post:
            return len(self.ids())
        return self.store.conn.execute(f"SELECT count(*) FROM {self.table} WHERE {self.where}",
                                       self.params).fetchone()[0]

    def index_ordered(self) -> bool:
        """True when SQLite walks an index in list order (no sort step), so a
        window (LIMIT/OFFSET) costs no more than its own rows."""
        plan = self.store.conn.execute("EXPLAIN QUERY PLAN " + self.sql, self.params).fetchall()
        return not any("TEMP B-TREE" in str(r[-1]) for r in plan)

    def ids(self, offset: int | None = None, limit: int | None = None) -> list[int]:
        sql = self.sql
        params = list(self.params)
        if limit is not None and not self.post:
            sql += " LIMIT ? OFFSET ?"
            params += [int(limit), int(offset or 0)]
        ids = [r[0] for r in self.store.conn.execute(sql, params)]
        if self.post.get("trang_thai"):
            wanted = self.post["trang_thai"]
            keep = set()
            st = self.store
            rules, remote, day = st.deadlines(), st.remote_area(), self.today or dt.date.today()
            for row in _fetch_raw(self.store, self.kind, ids):
                if petition_state(row, rules, day, remote).status == wanted:
                    keep.add(row["id"])
            ids = [i for i in ids if i in keep]
            if limit is not None and "by_due" not in self.post:
                ids = ids[offset or 0:(offset or 0) + limit]
        if "by_due" in self.post:
            st = self.store
            rules, remote, day = st.deadlines(), st.remote_area(), self.today or dt.date.today()
            due = {row["id"]: petition_state(row, rules, day, remote).due for row in _fetch_raw(st, self.kind, ids)}
            late = dt.date.max
            ids.sort(key=lambda i: due.get(i) or late, reverse=self.post["by_due"])
            ids.sort(key=lambda i: due.get(i) is None)  # closed letters last, either way
            if limit is not None:
                ids = ids[offset or 0:(offset or 0) + limit]
        return ids


def query_ids(store, kind_key: str, filters: ListFilters | None = None, search: str = "",
              sort: tuple[str, bool] | None = None, today: dt.date | None = None) -> list[int]:
    """Ids of the list, filtered, searched and sorted, in one SQL query."""
    return ListQuery(store, kind_key, filters, search, sort, today).ids()


def count(store, kind_key: str, filters: ListFilters | None = None, search: str = "") -> int:
    return len(query_ids(store, kind_key, filters, search))


# ------------------------------------------------------------- the rows
_FETCH_SQL = {
    "don_thu": "SELECT id, so_den, nam, ngay_nhan, ho_ten, nac_danh, loai, linh_vuc, noi_dung, huong_xu_ly, "
               "du_dieu_kien, ngay_xu_ly, ngay_thu_ly, han_giai_quyet, gia_han, ngay_giai_quyet, phuc_tap "
               "FROM don_thu",
    "tiep_cong_dan": "SELECT t.id, t.ngay_tiep, t.ho_ten, t.dia_chi, th.ten AS thon, t.so_nguoi, t.hinh_thuc, "
                     "t.linh_vuc, t.noi_dung, t.huong_xu_ly, t.loai FROM tiep_cong_dan t "
                     "LEFT JOIN thon th ON th.id = t.thon_id",
    "hoa_giai": "SELECT h.id, h.ngay_nhan, h.kind, t.ten AS to_hoa_giai, h.ben_a, h.ben_b, h.linh_vuc, "
                "h.ket_qua, h.ngay_ket_thuc FROM hoa_giai h LEFT JOIN to_hoa_giai t ON t.id = h.to_hoa_giai_id",
}


def _fetch_raw(store, kind_key: str, ids: list[int]) -> list[dict]:
    if not ids:
        return []
    k = get_kind(kind_key)
    base = _FETCH_SQL.get(kind_key, f"SELECT * FROM {k.table}")
    alias = base.split(" FROM ")[1].split()[1] + "." if " JOIN " in base else ""
    out: list[dict] = []
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        out.extend(store.q(f"{base} WHERE {alias}id IN ({','.join('?' * len(chunk))})", chunk))
    return out


def _trim(text, n: int = 160) -> str:
    if not text:
        return ""
    s = " ".join(str(text).split())
    return s if len(s) <= n else s[: n - 1] + "…"


def fetch_rows(store, kind_key: str, ids: list[int], today: dt.date | None = None,
               filters: ListFilters | None = None) -> dict[int, ListRow]:
    """Display rows of the given ids (any order), keyed by id."""
    rows = _fetch_raw(store, kind_key, ids)
    lab = store.enum_labels
    out: dict[int, ListRow] = {}
    if kind_key == "don_thu":
        loai, lv, hx = lab("loai_don"), lab("linh_vuc"), lab("huong_xu_ly_don")
        # the deadline rules and the unit, read once for the whole page of rows
        rules, remote, day = store.deadlines(), store.remote_area(), today or dt.date.today()
        for r in rows:
            secret = is_secret(kind_key, r)
            if secret:
                name = SECRET_TEXT
            elif r["nac_danh"] or not r["ho_ten"]:
                name = ANONYMOUS_TEXT
            else:
                name = r["ho_ten"]
            st = petition_state(r, rules, day, remote)
            out[r["id"]] = ListRow(r["id"], [
                f"{r['so_den']}/{r['nam']}", fmt_date(r["ngay_nhan"]), name, loai.get(r["loai"], r["loai"] or ""),
                lv.get(r["linh_vuc"], r["linh_vuc"] or ""), _trim(r["noi_dung"]), hx.get(r["huong_xu_ly"], ""),
                st.label, due_text(st)], st.colour, 7, secret)
    elif kind_key == "tiep_cong_dan":
        ht, lv, hx = lab("hinh_thuc_tiep"), lab("linh_vuc"), lab("huong_xu_ly_tiep")
        for r in rows:
            secret = is_secret(kind_key, r)
            addr = r["dia_chi"] or ""
            if r["thon"] and r["thon"].casefold() not in addr.casefold():
                addr = ", ".join(x for x in (addr, r["thon"]) if x)
            out[r["id"]] = ListRow(r["id"], [
                fmt_date(r["ngay_tiep"]), SECRET_TEXT if secret else r["ho_ten"] or "", "" if secret else addr,
                fmt_int(r["so_nguoi"]), ht.get(r["hinh_thuc"], ""), lv.get(r["linh_vuc"], ""), _trim(r["noi_dung"]),
                hx.get(r["huong_xu_ly"], "")], secret=secret)
    elif kind_key == "doi_thoai":
        ht = lab("hinh_thuc_doi_thoai")
        for r in rows:
            out[r["id"]] = ListRow(r["id"], [
                fmt_date(r["ngay"]), ht.get(r["hinh_thuc"], ""), _trim(r["chu_de"]), r["chu_tri"] or "",
                r["dia_diem"] or "", fmt_int(r["so_nguoi_du"]), fmt_int(r["so_tra_loi_tai_cho"]),
                fmt_int(r["so_giao_xu_ly"])])
    elif kind_key == "hoa_giai":
        kd, lv, kq = lab("loai_hoa_giai"), lab("linh_vuc_hoa_giai"), lab("ket_qua_hoa_giai")
        rules, day = store.deadlines(), today or dt.date.today()
        for r in rows:
            st = mediation_state(r, rules, day)  # None for grassroots mediation: no time limit
            out[r["id"]] = ListRow(r["id"], [
                fmt_date(r["ngay_nhan"]), kd.get(r["kind"], ""), r["to_hoa_giai"] or "", r["ben_a"] or "",
                r["ben_b"] or "", lv.get(r["linh_vuc"], ""), kq.get(r["ket_qua"], ""), fmt_date(r["ngay_ket_thuc"]),
                due_text(st) if st else ""], st.colour if st else None, 8)
    elif kind_key == "mo_hinh":
        lv, dv, lo, tt = lab("linh_vuc_mo_hinh"), lab("don_vi_mo_hinh"), lab("loai_mo_hinh"), lab("trang_thai_mo_hinh")
        status = _model_status(store, [r["id"] for r in rows], filters)
        for r in rows:
            st = status.get(r["id"])
            out[r["id"]] = ListRow(r["id"], [
                r["ten"] or "", lv.get(r["linh_vuc"], ""), dv.get(r["don_vi"], ""), r["dia_ban"] or "",
                lo.get(r["loai"], ""), str(r["nam_dang_ky"] or ""),
                (f"{tt.get(st[1], st[1])} ({st[0]})" if st else "")])
    elif kind_key == "van_ban":
        lo, cap = lab("loai_van_ban"), lab("cap_van_ban")
        for r in rows:
            out[r["id"]] = ListRow(r["id"], [
                r["so_ky_hieu"] or "", lo.get(r["loai"], ""), fmt_date(r["ngay_ban_hanh"]), cap.get(r["cap"], ""),
                r["co_quan_ban_hanh"] or "", _trim(r["trich_yeu"]), r["phoi_hop"] or ""])
    elif kind_key == "hoat_dong":
        lo = lab("loai_hoat_dong")
        for r in rows:
            out[r["id"]] = ListRow(r["id"], [
                fmt_date(r["ngay"]), lo.get(r["loai"], ""), _trim(r["chu_de"]), fmt_int(r["so_cuoc"]),
                fmt_int(r["so_nguoi"])])
    elif kind_key == "chi_tieu":
        items = {i["code"]: i for i in store.enum_items("chi_tieu", include_hidden=True)}
        for r in rows:
            it = items.get(r["ma"], {})
            out[r["id"]] = ListRow(r["id"], [
                fmt_date(r["tu_ngay"]), fmt_date(r["den_ngay"]), it.get("label", r["ma"]),
                fmt_number(r["gia_tri"]), (it.get("extra") or {}).get("don_vi_tinh", ""), _trim(r["ghi_chu"])])
    else:
        raise KeyError(kind_key)
    return out


def due_text(st) -> str:
    """The deadline cell of a petition: "16/03/2026 · còn 27", "… · trễ 3",
    "… · hôm nay"; empty when nothing is due."""
    if st.due is None or st.days_left is None:
        return ""
    if st.days_left < 0:
        return f"{fmt_date(st.due)} · trễ {fmt_int(-st.days_left)}"
    if st.days_left == 0:
        return f"{fmt_date(st.due)} · hôm nay"
    return f"{fmt_date(st.due)} · còn {fmt_int(st.days_left)}"


def _model_status(store, ids: list[int], filters: ListFilters | None) -> dict[int, tuple[int, str]]:
    """The latest yearly status of each model within the period (or overall)."""
    if not ids:
        return {}
    span = filters.year_span() if filters else None
    cond, params = "", list(ids)
    if span:
        cond = " AND nam BETWEEN ? AND ?"
        params.extend(span)
    rows = store.q(f"SELECT mo_hinh_id, nam, trang_thai FROM mo_hinh_nam WHERE mo_hinh_id IN "
                   f"({','.join('?' * len(ids))}){cond} ORDER BY nam", params)
    return {r["mo_hinh_id"]: (r["nam"], r["trang_thai"]) for r in rows}


def list_rows(store, kind_key: str, filters: ListFilters | None = None, search: str = "",
              sort: tuple[str, bool] | None = None, ids: list[int] | None = None,
              today: dt.date | None = None) -> tuple[list[str], list[list[str]]]:
    """Headers and every display row of the list as shown (for exports)."""
    if ids is None:
        ids = query_ids(store, kind_key, filters, search, sort, today)
    rows: list[list[str]] = []
    for i in range(0, len(ids), 1000):
        page = ids[i:i + 1000]
        got = fetch_rows(store, kind_key, page, today, filters)
        rows.extend(got[j].cells for j in page if j in got)
    return headers(kind_key), rows


# ---------------------------------------------------- due and overdue
# What a deadline is for: a petition's handling decision (xử lý đơn, 10 days
# after receipt), a thụ lý petition's resolution (giải quyết), a reply after a
# reception (trả lời công dân).  "Quá hạn" always names one of them.
STAGE_LABELS = {"giai_quyet": "giải quyết", "xu_ly": "xử lý đơn", "tra_loi": "trả lời công dân",
                "hoa_giai": "hòa giải tranh chấp đất đai"}


@dataclass
class DueItem:
    kind: str
    id: int
    title: str
    due: dt.date
    days_left: int
    colour: str | None
    stage: str = ""  # a key of STAGE_LABELS

    def __post_init__(self):
        if not self.stage and self.kind == "tiep_cong_dan":
            self.stage = "tra_loi"
        if not self.stage and self.kind == "hoa_giai":
            self.stage = "hoa_giai"


@dataclass(frozen=True)
class DueSummary:
    """The home page's deadlines, computed once: the first ``limit`` items due
    soon and overdue, and how many are overdue for each stage (all of them)."""

    due: list[DueItem]
    overdue: list[DueItem]
    overdue_count: dict[str, int]  # stage -> overdue items
    due_total: int

    @property
    def overdue_total(self) -> int:
        return sum(self.overdue_count.values())


def due_items(store, today: dt.date | None = None, horizon: int = 7, limit: int = 50) -> tuple[list[DueItem], list[DueItem]]:
    """(due within ``horizon`` days, overdue) open petitions and reception
    replies (SPEC §4: the home page shows both)."""
    s = due_summary(store, today, horizon, limit)
    return s.due, s.overdue


def due_summary(store, today: dt.date | None = None, horizon: int = 7, limit: int = 50) -> DueSummary:
    """``due_items`` with the overdue counts per stage (xử lý đơn, giải
    quyết, trả lời công dân): the dashboard's card and its list read this
    one computation, so they cannot disagree."""
    today = today or dt.date.today()
    try:
        store.unit_scope()
    except Exception:
        return DueSummary([], [], {}, 0)
    sc, sp = _scope_cond(store)
    due_soon: list[DueItem] = []
    overdue: list[DueItem] = []
    cols = _FETCH_SQL["don_thu"].split(" FROM ")[0]
    due = _due_sql(store)
    # open petitions through idx_don_open (the store never keeps a decision
    # without the đủ/không đủ answer, so "no decision" is huong_xu_ly IS NULL)
    cond = f"{sc} AND (huong_xu_ly IS NULL OR (huong_xu_ly = 'thu_ly' AND ngay_giai_quyet IS NULL))"
    params: list = list(sp)
    if due:
        cond += f" AND {due} <= ?"
        params.append((today + dt.timedelta(days=horizon)).isoformat())
    lt = store.enum_labels("loai_don")
    rules, remote = store.deadlines(), store.remote_area()
    for r in store.q(f"{cols} FROM don_thu WHERE {cond} ORDER BY ngay_nhan LIMIT 20000", params):
        st = petition_state(r, rules, today, remote)
        if st.due is None or st.days_left is None or st.days_left > horizon:
            continue
        who = SECRET_TEXT if is_secret("don_thu", r) else (r["ho_ten"] or ANONYMOUS_TEXT)
        stage = "xu_ly" if r["huong_xu_ly"] is None else "giai_quyet"  # no decision yet / thụ lý
        what = ("quá hạn " + STAGE_LABELS[stage]) if st.days_left < 0 else STAGE_LABELS[stage]
        title = f"Đơn số {r['so_den']}/{r['nam']} — {lt.get(r['loai'], '')} — {who}: {what}"
        item = DueItem("don_thu", r["id"], title, st.due, st.days_left, st.colour, stage)
        (overdue if st.days_left < 0 else due_soon).append(item)
    # reception replies: 10 working days, open while no result is recorded
    dl = store.deadlines()
    since = (today - dt.timedelta(days=120)).isoformat()
    for r in store.q(f"SELECT id, ngay_tiep, ho_ten, loai FROM tiep_cong_dan WHERE {sc} "
                     "AND ngay_tiep >= ? AND ngay_ket_qua IS NULL AND (ket_qua IS NULL OR ket_qua = '') "
                     "AND huong_xu_ly IS NOT NULL AND huong_xu_ly != 'giai_thich' ORDER BY ngay_tiep LIMIT 5000",
                     [*sp, since]):
        start = _d(r["ngay_tiep"])
        d = dl.due("tra_loi_tiep_cong_dan", start)
        left = (d - today).days
        if left > horizon:
            continue
        colour = deadline_colour(d, start, left)
        who = SECRET_TEXT if is_secret("tiep_cong_dan", r) else r["ho_ten"]
        item = DueItem("tiep_cong_dan", r["id"], f"Trả lời công dân {who} (tiếp ngày {fmt_date(start)})",
                       d, left, colour)
        (overdue if left < 0 else due_soon).append(item)
    # land disputes at UBND xã still being mediated (Luật Đất đai 2024 Điều 235)
    for r in store.q(f"SELECT id, kind, ngay_nhan, ket_qua, ben_a, ben_b FROM hoa_giai WHERE {sc} "
                     "AND kind = 'dat_dai' AND ket_qua = 'dang' ORDER BY ngay_nhan LIMIT 5000", sp):
        st = mediation_state(r, dl, today)
        if st is None or st.due is None or st.days_left > horizon:
            continue
        parties = " – ".join(x for x in (r["ben_a"], r["ben_b"]) if x)
        item = DueItem("hoa_giai", r["id"], f"Hòa giải tranh chấp đất đai {parties} (nhận ngày "
                       f"{fmt_date(r['ngay_nhan'])})", st.due, st.days_left, st.colour)
        (overdue if st.days_left < 0 else due_soon).append(item)
    due_soon.sort(key=lambda x: x.due)
    overdue.sort(key=lambda x: x.due)
    counts = {stage: sum(1 for x in overdue if x.stage == stage) for stage in STAGE_LABELS}
    return DueSummary(due_soon[:limit], overdue[:limit], counts, len(due_soon))


# ------------------------------------------- home page (until core.report.stats)
def _scope_cond(store) -> tuple[str, list]:
    try:
        scope = store.unit_scope()
    except Exception:
        return "1", []
    if len(scope) >= (store.q1("SELECT count(*) FROM unit") or 0):
        return "1", []  # every unit of the folder: no condition, indexes serve alone
    return f"unit_id IN ({','.join('?' * len(scope))})", list(scope)


def simple_counts(store, start: dt.date | None, end: dt.date | None) -> list[tuple[str, list[tuple[str, str]]]]:
    """Plain counts per record kind for the home page, used only while the
    statistics module (core.report.stats) is not installed."""
    sc, sp = _scope_cond(store)
    lo = (start or dt.date(1900, 1, 1)).isoformat()
    hi = (end or dt.date(2999, 12, 31)).isoformat()

    def one(sql, extra=()):
        return store.conn.execute(sql, [*sp, lo, hi, *extra]).fetchone()

    d = one(f"SELECT count(*), sum(du_dieu_kien = 1), sum(huong_xu_ly = 'thu_ly'), "
            f"sum(huong_xu_ly = 'thu_ly' AND ngay_giai_quyet IS NOT NULL) FROM don_thu "
            f"WHERE {sc} AND ngay_nhan BETWEEN ? AND ?")
    t = one(f"SELECT count(*), sum(so_nguoi), count(DISTINCT vu_viec_id), sum(so_nguoi >= 5) FROM tiep_cong_dan "
            f"WHERE {sc} AND ngay_tiep BETWEEN ? AND ?")
    h = one(f"SELECT count(*), sum(ket_qua = 'thanh'), sum(ket_qua = 'khong_thanh'), sum(ket_qua = 'dang') "
            f"FROM hoa_giai WHERE {sc} AND ngay_nhan BETWEEN ? AND ?")
    dt_ = one(f"SELECT count(*), sum(so_nguoi_du) FROM doi_thoai WHERE {sc} AND ngay BETWEEN ? AND ?")
    y1, y2 = int(lo[:4]), int(hi[:4])
    m = store.conn.execute(f"SELECT count(DISTINCT mo_hinh_id) FROM mo_hinh_nam WHERE nam BETWEEN ? AND ? "
                           f"AND mo_hinh_id IN (SELECT id FROM mo_hinh WHERE {sc})", [y1, y2, *sp]).fetchone()
    v = one(f"SELECT count(*) FROM van_ban WHERE {sc} AND ngay_ban_hanh BETWEEN ? AND ? AND cap = 'chi_dao'")
    a = one(f"SELECT sum(so_cuoc), sum(so_nguoi) FROM hoat_dong WHERE {sc} AND ngay BETWEEN ? AND ?")
    n = lambda x: fmt_int(x or 0)  # noqa: E731
    return [
        ("Đơn thư", [("Tiếp nhận", n(d[0])), ("Đủ điều kiện", n(d[1])), ("Thụ lý", n(d[2])),
                     ("Đã giải quyết", n(d[3]))]),
        ("Tiếp công dân", [("Lượt", n(t[0])), ("Người", n(t[1])), ("Vụ việc", n(t[2])), ("Đoàn đông người", n(t[3]))]),
        ("Hòa giải", [("Tiếp nhận", n(h[0])), ("Thành", n(h[1])), ("Không thành", n(h[2])), ("Đang hòa giải", n(h[3]))]),
        ("Đối thoại", [("Cuộc", n(dt_[0])), ("Người dự", n(dt_[1]))]),
        ("Dân vận khéo", [("Mô hình", n(m[0]))]),
        ("Văn bản, hoạt động", [("Văn bản chỉ đạo", n(v[0])), ("Cuộc tuyên truyền", n(a[0])),
                                ("Lượt người nghe", n(a[1]))]),
    ]


def monthly_counts(store, year: int) -> dict[str, list[int]]:
    """Petitions received and reception visits per month of ``year``."""
    sc, sp = _scope_cond(store)
    out = {}
    for key, table, col in (("don_thu", "don_thu", "ngay_nhan"), ("tiep_cong_dan", "tiep_cong_dan", "ngay_tiep")):
        counts = [0] * 12
        for mth, c in store.conn.execute(
                f"SELECT CAST(substr({col}, 6, 2) AS INTEGER), count(*) FROM {table} WHERE {sc} "
                f"AND {col} BETWEEN ? AND ? GROUP BY 1", [*sp, f"{year}-01-01", f"{year}-12-31"]):
            counts[mth - 1] = c
        out[key] = counts
    return out


def by_field(store, start: dt.date | None, end: dt.date | None) -> list[tuple[str, int, int]]:
    """(field label, petitions, reception visits) for the period, biggest first."""
    sc, sp = _scope_cond(store)
    lo = (start or dt.date(1900, 1, 1)).isoformat()
    hi = (end or dt.date(2999, 12, 31)).isoformat()
    don = dict(store.conn.execute(f"SELECT linh_vuc, count(*) FROM don_thu WHERE {sc} AND ngay_nhan BETWEEN ? AND ? "
                                  "GROUP BY 1", [*sp, lo, hi]).fetchall())
    tcd = dict(store.conn.execute(f"SELECT linh_vuc, count(*) FROM tiep_cong_dan WHERE {sc} "
                                  "AND ngay_tiep BETWEEN ? AND ? GROUP BY 1", [*sp, lo, hi]).fetchall())
    labels = store.enum_labels("linh_vuc")
    rows = [(labels.get(code, code or "Chưa phân loại"), don.get(code, 0), tcd.get(code, 0))
            for code in set(don) | set(tcd)]
    rows.sort(key=lambda r: -(r[1] + r[2]))
    return rows
