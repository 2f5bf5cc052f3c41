"""Report statistics (SPEC §3 counting rules, §6.2–6.3): one computation per
figure, read by the prose builders, the annex tables, the on-screen
statistics and the home page.

``compute(store, period)`` returns an immutable ``Stats``.  Every count is an
indexed SQL aggregate (``GROUP BY``), never a Python loop over records, so a
year of a 1,000,000-record store takes about half a second (≈ 5× one plain
SQL pass over the year's rows, benchmarks/bench_report.py).  The period's
rows are read from covering indexes (migration set ``sodanvan.stats``), never
copied; each table is read in as few passes as possible, and where a GROUP
BY has several text keys they are sorted as one JSON text (much cheaper in
SQLite's sorter).  The only Python per-group work is the deadline of each
distinct (type, complexity, extensions, start date) combination, computed by
``core.records.deadlines`` (the one place deadline rules live) and joined back into
SQL through a temporary table.

Internal sums hold by construction (tests/test_stats.py checks them with
hypothesis):

- petitions: ``received = du + khong_du + chua_phan_loai``;
  ``du = thu_ly + chuyen + huong_dan + don_doc + luu + du_chua_xu_ly``;
  ``khong_du = sum(reasons)``; ``received = sum(by_type) = sum(by_field) =
  sum(by_content)``; ``thu_ly_total = thu_ly + thu_ly_carried = resolved +
  open_in_time + overdue``; ``resolved = resolved_in_time + resolved_late =
  sum(outcomes)``;
- reception: ``luot = sum over forms``; ``vu_viec = vu_viec_lan_dau +
  vu_viec_nhieu_lan = sum(by_field)``;
- mediation (each kind): ``new + carried = thanh + khong_thanh + dang + rut +
  khong_thuoc``; ``mediated = thanh + khong_thanh``.
"""
from __future__ import annotations

import datetime as dt
import json
import threading
from dataclasses import dataclass
from decimal import Decimal

from core.records.deadlines import resolution_due
from core.records.enums import KN_TC
from core.report.periods import Period

# The indexes these queries read through are created by the migration set
# "sodanvan.stats" in core/stats_indexes.py (kept apart so that opening the
# store does not import this module).

# ---------------------------------------------------------------- parts


@dataclass(frozen=True)
class Count:
    """One labelled count (a row of a by-field / by-type breakdown)."""

    code: str
    label: str
    n: int
    extra: int = 0  # a second figure where useful (people, attendees…)


@dataclass(frozen=True)
class Rate:
    """A ratio ``num/den``; ``pct`` is None when ``den`` is 0."""

    num: float
    den: float

    @property
    def pct(self) -> Decimal | None:
        if not self.den:
            return None
        return Decimal(str(self.num)) * 100 / Decimal(str(self.den))

    @property
    def defined(self) -> bool:
        return bool(self.den)


def _counts_total(items) -> int:
    return sum(c.n for c in items)


@dataclass(frozen=True)
class Profile:
    unit_id: int
    name: str  # "Nghĩa Phương"
    unit_type: str  # "xã"
    title: str  # "xã Nghĩa Phương"
    province: str | None
    area_ha: float | None
    population: int | None
    households: int | None
    villages: int
    village_kind: str  # "thôn" / "tổ dân phố" / "thôn, tổ dân phố"
    village_names: tuple[str, ...]
    predecessors: tuple[str, ...]
    ethnic_religion: str | None


@dataclass(frozen=True)
class ReceptionGroup:
    """Figures of a set of reception entries (all, or one form)."""

    luot: int = 0
    nguoi: int = 0
    vu_viec: int = 0
    vu_viec_lan_dau: int = 0
    vu_viec_nhieu_lan: int = 0
    doan: int = 0  # đoàn đông người (entries with ≥5 people)
    doan_nguoi: int = 0


@dataclass(frozen=True)
class Reception:
    total: ReceptionGroup
    thuong_xuyen: ReceptionGroup
    dinh_ky: ReceptionGroup
    dot_xuat: ReceptionGroup
    chu_tich: ReceptionGroup  # định kỳ + đột xuất (the Chairman's reception, annex columns)
    dinh_ky_sessions: int  # distinct dates of định kỳ reception (số kỳ)
    chu_tich_luot: int  # entries received by the Chairman in person
    luot_lan_dau: int
    luot_nhieu_lan: int
    by_field: tuple[Count, ...]  # vụ việc per linh_vuc, desc
    by_type: tuple[Count, ...]  # vụ việc per loai, desc

    @property
    def luot(self) -> int:
        return self.total.luot


@dataclass(frozen=True)
class Dialogues:
    count: int
    attendees: int
    opinions: int
    answered: int
    assigned: int
    by_field: tuple[Count, ...]  # opinions per linh_vuc, desc
    by_form: tuple[Count, ...]  # cuộc per hinh_thuc (extra = attendees)


@dataclass(frozen=True)
class ResolutionRow:
    """Resolution of thụ lý petitions of one group (khiếu nại / tố cáo /
    kiến nghị, phản ánh): carried + new = resolved + open_in_time + overdue."""

    code: str
    label: str
    total: int
    carried: int
    new: int
    resolved: int
    in_time: int
    late: int
    open_in_time: int
    overdue: int
    outcomes: tuple[Count, ...]

    def outcome(self, code: str) -> int:
        return next((c.n for c in self.outcomes if c.code == code), 0)


@dataclass(frozen=True)
class Petitions:
    carried: int  # received before the period, still open at its start
    received: int
    vu_viec: int  # distinct cases among received
    du: int
    du_vu_viec: int
    khong_du: int
    chua_phan_loai: int
    reasons: tuple[Count, ...]  # không đủ by ly_do
    by_type: tuple[Count, ...]  # loai
    by_field: tuple[Count, ...]  # linh_vuc
    by_content: tuple[Count, ...]  # type for KN/TC/tranh chấp, field for the rest
    du_by_group: tuple[Count, ...]  # đủ by khieu_nai / to_cao / knpa
    thu_ly: int
    chuyen: int
    huong_dan: int
    don_doc: int
    luu_du: int  # đủ điều kiện but stored (lưu)
    du_chua_xu_ly: int  # đủ, no decision yet
    khong_du_luu: int
    khong_du_huong_dan: int
    thu_ly_by_group: tuple[Count, ...]  # khieu_nai / to_cao / knpa (received in period)
    thu_ly_carried: int  # thụ lý, carried over unresolved
    thu_ly_total: int  # thu_ly + thu_ly_carried
    thu_ly_total_by_group: tuple[Count, ...]
    resolved: int
    resolved_by_group: tuple[Count, ...]
    resolved_in_time: int
    resolved_late: int
    open_in_time: int
    overdue: int
    outcomes: tuple[Count, ...]  # ket_qua among resolved
    asof: dt.date  # the day "overdue" is judged (period end, or today if earlier)
    resolve_rate: Rate  # resolved / thu_ly_total
    du_rate: Rate  # du / received
    resolution: tuple[ResolutionRow, ...] = ()  # per group: khieu_nai, to_cao, knpa
    carried_xu_ly: int = 0  # received before the period, handling decision still pending at its start
    carried_xu_ly_done: int = 0  # … of which decided by now
    dong_nguoi: int = 0  # received petitions flagged đông người
    keo_dai: int = 0  # received petitions flagged kéo dài, vượt cấp

    def type_count(self, code: str) -> int:
        return next((c.n for c in self.by_type if c.code == code), 0)

    def group(self, items: tuple[Count, ...], code: str) -> int:
        return next((c.n for c in items if c.code == code), 0)

    @property
    def processed(self) -> int:
        """Received in the period with a handling decision (đã xử lý)."""
        return self.received - self.chua_phan_loai - self.du_chua_xu_ly

    @property
    def outside_authority(self) -> int:
        return self.chuyen + self.huong_dan + self.don_doc


class _MediationCounts:
    """The one counting rule of mediation (SPEC §3.3): handled = new +
    carried; mediated = thành + không thành; success rate = thành / mediated."""

    @property
    def total(self) -> int:
        return self.new + self.carried

    @property
    def mediated(self) -> int:
        return self.thanh + self.khong_thanh

    @property
    def rate(self) -> "Rate":
        return Rate(self.thanh, self.mediated)


@dataclass(frozen=True)
class MediationRow(_MediationCounts):
    """One mediation team (or a whole kind): new + carried = thanh +
    khong_thanh + dang + rut + khong_thuoc."""

    label: str
    new: int
    carried: int
    thanh: int
    khong_thanh: int
    dang: int
    rut: int
    khong_thuoc: int


@dataclass(frozen=True)
class MediationKind(_MediationCounts):
    kind: str
    label: str
    new: int
    carried: int
    thanh: int
    khong_thanh: int
    dang: int
    rut: int
    khong_thuoc: int
    by_field: tuple[Count, ...]  # cases handled per field
    by_team: tuple[Count, ...]  # cases handled per team (extra = thành)
    team_rows: tuple[MediationRow, ...] = ()  # full breakdown per team


@dataclass(frozen=True)
class Mediation:
    co_so: MediationKind
    dat_dai: MediationKind
    teams: int  # active teams (tổ hòa giải) in scope
    mediators: int


@dataclass(frozen=True)
class ModelItem:
    id: int
    ten: str
    linh_vuc: str
    linh_vuc_label: str
    don_vi: str
    don_vi_label: str
    dia_ban: str | None
    trang_thai: str
    trang_thai_label: str
    loai: str
    nam_dang_ky: int = 0
    tieu_bieu: bool = False


@dataclass(frozen=True)
class ModelYear:
    year: int
    by_status: tuple[Count, ...]
    total: int


@dataclass(frozen=True)
class Models:
    years: tuple[int, ...]
    total: int  # distinct models with a status row in the years
    by_status: tuple[Count, ...]  # last year (or only year): models per status
    items: tuple[ModelItem, ...]  # distinct models, status of their last year in range
    by_field: tuple[Count, ...]
    by_org: tuple[Count, ...]
    per_year: tuple[ModelYear, ...]
    recognised: int  # tiêu biểu / công nhận in the years

    def status_items(self, status: str) -> tuple[ModelItem, ...]:
        return tuple(m for m in self.items if m.trang_thai == status)


@dataclass(frozen=True)
class Document:
    id: int
    so_ky_hieu: str
    loai: str
    loai_label: str
    ngay: dt.date
    trich_yeu: str
    co_quan: str | None
    phoi_hop: str | None


@dataclass(frozen=True)
class Documents:
    directive: tuple[Document, ...]
    superior: tuple[Document, ...]


@dataclass(frozen=True)
class Activity:
    code: str
    label: str
    records: int
    sessions: int  # sum so_cuoc
    attendees: int  # sum so_nguoi


@dataclass(frozen=True)
class Activities:
    tuyen_truyen: Activity
    tap_huan: Activity
    kiem_tra: Activity
    others: tuple[Activity, ...] = ()


@dataclass(frozen=True)
class Figures:
    values: tuple[Count, ...]  # chỉ tiêu sums by code (n = value as int when whole)
    raw: tuple[tuple[str, float], ...]
    tthc_dung_han: Rate
    dvc_mot_phan: Rate
    dvc_toan_trinh: Rate
    dvc_tong: Rate
    hai_long: Rate

    def get(self, code: str) -> float:
        return next((v for c, v in self.raw if c == code), 0.0)

    def has(self, code: str) -> bool:
        return any(c == code for c, _ in self.raw)


@dataclass(frozen=True)
class YearRow:
    """Headline figures of one year of a multi-year period."""

    year: int
    period: Period
    tiep_luot: int
    tiep_nguoi: int
    tiep_vu_viec: int
    doi_thoai: int
    doi_thoai_nguoi: int
    don_nhan: int
    don_thu_ly: int
    don_giai_quyet: int
    hoa_giai_nhan: int
    hoa_giai_thanh: int
    mo_hinh: int
    tuyen_truyen_cuoc: int
    tuyen_truyen_nguoi: int
    don_thu_ly_moi: int = 0  # thụ lý among the petitions received that year (adds up over years)


@dataclass(frozen=True)
class Stats:
    period: Period
    unit_ids: tuple[int, ...]
    today: dt.date
    profile: Profile | None
    reception: Reception
    dialogues: Dialogues
    petitions: Petitions
    mediation: Mediation
    models: Models
    documents: Documents
    activities: Activities
    figures: Figures
    by_year: tuple[YearRow, ...] = ()
    previous: "Stats | None" = None

    @property
    def has_any(self) -> bool:
        return bool(self.reception.luot or self.dialogues.count or self.petitions.received
                    or self.petitions.carried or self.mediation.co_so.total or self.mediation.dat_dai.total
                    or self.models.total or self.documents.directive or self.activities.tuyen_truyen.records
                    or self.figures.raw)


# ----------------------------------------------------------- helpers

class _Q:
    """Query helper bound to a store and a unit scope."""

    def __init__(self, store, unit_ids):
        self.store = store
        self.units = tuple(unit_ids)
        self.uin = f"unit_id IN ({','.join('?' * len(self.units))})"

    def rows(self, sql, params=()):
        cur = self.store.conn.execute(sql, params)
        return cur.fetchall()

    def one(self, sql, params=()):
        return self.store.conn.execute(sql, params).fetchone()


def _labels(store, key):
    return store.enum_labels(key)


def _counts(rows, labels, *, desc=True, khac_last=True) -> tuple[Count, ...]:
    """rows of (code, n[, extra]) → Counts ordered by n desc ("khác" last)."""
    out = []
    for r in rows:
        code = r[0] if r[0] is not None else "khac"
        n = int(r[1] or 0)
        extra = int(r[2] or 0) if len(r) > 2 else 0
        if n == 0 and extra == 0:
            continue
        out.append(Count(code, labels.get(code, code), n, extra))
    # merge duplicates (None and "khac")
    merged: dict[str, Count] = {}
    for c in out:
        if c.code in merged:
            m = merged[c.code]
            merged[c.code] = Count(c.code, m.label, m.n + c.n, m.extra + c.extra)
        else:
            merged[c.code] = c
    items = list(merged.values())
    if desc:
        items.sort(key=lambda c: (khac_last and c.code in ("khac", "lv:khac"), -c.n, c.label))
    return tuple(items)


def _ordered(items: tuple[Count, ...], order) -> tuple[Count, ...]:
    """Counts in a fixed (enumeration) order instead of by size."""
    pos = {c: i for i, c in enumerate(order)}
    return tuple(sorted(items, key=lambda c: pos.get(c.code, len(pos))))


# ----------------------------------------------------------- profile

def _profile(store, root_id, unit_ids) -> Profile | None:
    rows = store.q("SELECT * FROM unit WHERE id=?", (root_id,))
    if not rows:
        return None
    u = rows[0]
    q = _Q(store, unit_ids)
    thon = q.rows(f"SELECT ten, loai FROM thon WHERE {q.uin} AND an = 0 ORDER BY thu_tu, id", q.units)
    kinds = {r[1] for r in thon}
    labels = _labels(store, "loai_thon")
    if len(kinds) == 1:
        vk = labels.get(next(iter(kinds)), "thôn").lower()
    elif kinds:
        vk = "thôn, tổ dân phố"
    else:
        vk = "thôn"
    preds = tuple(store.unit_title(r) for r in store.q(
        f"SELECT * FROM unit WHERE id IN ({','.join('?' * len(unit_ids))}) AND id <> ? ORDER BY id",
        (*unit_ids, root_id)))
    return Profile(
        unit_id=root_id,
        name=u.get("ten") or "",
        unit_type=store.enum_label("loai_don_vi", u.get("loai") or "xa").lower(),
        title=store.unit_title(u),
        province=u.get("tinh"),
        area_ha=u.get("dien_tich_ha"),
        population=u.get("dan_so"),
        households=u.get("so_ho"),
        villages=len(thon),
        village_kind=vk,
        village_names=tuple(r[0] for r in thon),
        predecessors=preds,
        ethnic_religion=u.get("dan_toc_ton_giao"),
    )


# --------------------------------------------------------- reception

_CASE = "COALESCE(vu_viec_id, -id)"  # an entry without a case is its own case


def _reception(store, q: _Q, period: Period) -> Reception:
    """Reception figures, each a GROUP BY over the period's entries read from
    the covering index ``idx_tcd_rep`` (no table row, no temp copy)."""
    s, e = period.sql_range()
    conn = store.conn
    t = f"(SELECT {_CASE} AS k, * FROM tiep_cong_dan WHERE {q.uin} AND ngay_tiep BETWEEN ? AND ?)"
    p = (*q.units, s, e)
    # entries: lượt, người, đoàn đông người per form
    ent = {r[0]: r[1:] for r in conn.execute(f"""SELECT hinh_thuc, count(*), sum(so_nguoi), sum(so_nguoi >= 5),
                  COALESCE(sum(CASE WHEN so_nguoi >= 5 THEN so_nguoi END), 0), sum(lan_dau = 1),
                  sum(nguoi_tiep = 'chu_tich') FROM {t} GROUP BY hinh_thuc""", p)}
    # cases per form (a case seen under two forms counts in each); only the
    # three forms are read back, sorted by an integer code (cheaper than text)
    forms = ("thuong_xuyen", "dinh_ky", "dot_xuat")
    cas = {forms[r[0]]: r[1:] for r in conn.execute(f"""SELECT f, count(*), sum(first) FROM
                  (SELECT k, CASE hinh_thuc WHEN 'thuong_xuyen' THEN 0 WHEN 'dinh_ky' THEN 1 ELSE 2 END AS f,
                          max(lan_dau) AS first FROM {t} WHERE hinh_thuc IN ('thuong_xuyen', 'dinh_ky', 'dot_xuat')
                   GROUP BY k, f) GROUP BY f""", p)}
    ct = conn.execute(f"""SELECT count(*), COALESCE(sum(first), 0) FROM
                  (SELECT k, max(lan_dau) AS first FROM {t} WHERE hinh_thuc IN ('dinh_ky', 'dot_xuat') GROUP BY k)""",
                      p).fetchone()
    # all cases: total, first-time, field and type of each case (one JSON
    # group key: cheaper to sort than two text columns)
    cube = conn.execute(f"""SELECT key ->> 0, key ->> 1, count(*), sum(first) FROM
                  (SELECT max(lan_dau) AS first, json_array(COALESCE(max(linh_vuc), 'khac'),
                          COALESCE(max(loai), 'kien_nghi')) AS key FROM {t} GROUP BY k) GROUP BY key""",
                        p).fetchall()
    cube.sort(key=lambda r: (r[0], r[1]))  # (field, type) order, as GROUP BY lv, lo gave
    sessions = conn.execute(f"SELECT count(DISTINCT ngay_tiep) FROM {t} WHERE hinh_thuc = 'dinh_ky'", p).fetchone()[0]

    def group(forms, cases) -> ReceptionGroup:
        rows = [ent[f] for f in forms if f in ent]
        luot = sum(r[0] for r in rows)
        vv, first = cases
        return ReceptionGroup(luot=luot, nguoi=sum(r[1] for r in rows), vu_viec=vv or 0, vu_viec_lan_dau=first or 0,
                              vu_viec_nhieu_lan=(vv or 0) - (first or 0), doan=sum(r[2] for r in rows),
                              doan_nguoi=sum(r[3] for r in rows))

    total = group(tuple(ent), (sum(r[2] for r in cube), sum(r[3] for r in cube)))
    luot_first = sum(r[4] for r in ent.values())
    by_field: dict = {}
    by_type: dict = {}
    for lv, lo, n, _ in cube:
        by_field[lv] = by_field.get(lv, 0) + n
        by_type[lo] = by_type.get(lo, 0) + n
    return Reception(
        total=total, thuong_xuyen=group(("thuong_xuyen",), cas.get("thuong_xuyen", (0, 0))),
        dinh_ky=group(("dinh_ky",), cas.get("dinh_ky", (0, 0))), dot_xuat=group(("dot_xuat",), cas.get("dot_xuat", (0, 0))),
        chu_tich=group(("dinh_ky", "dot_xuat"), ct), dinh_ky_sessions=sessions,
        chu_tich_luot=sum(r[5] for r in ent.values()), luot_lan_dau=luot_first, luot_nhieu_lan=total.luot - luot_first,
        by_field=_counts(list(by_field.items()), _labels(store, "linh_vuc")),
        by_type=_counts(list(by_type.items()), _labels(store, "loai_don"), khac_last=False),
    )


# --------------------------------------------------------- dialogues
# --------------------------------------------------------- dialogues

def _dialogues(store, q: _Q, period: Period) -> Dialogues:
    s, e = period.sql_range()
    where = f"{q.uin} AND ngay BETWEEN ? AND ?"
    params = (*q.units, s, e)
    r = q.one(f"""SELECT count(*), COALESCE(sum(so_nguoi_du),0), COALESCE(sum(so_tra_loi_tai_cho),0),
                         COALESCE(sum(so_giao_xu_ly),0) FROM doi_thoai WHERE {where}""", params)
    by_field = q.rows(f"""SELECT y.linh_vuc, sum(y.so_luong) FROM doi_thoai_y_kien y
                          JOIN doi_thoai d ON d.id = y.doi_thoai_id
                          WHERE d.{where.replace(' AND ngay', ' AND d.ngay')} GROUP BY y.linh_vuc""", params)
    by_form = q.rows(f"SELECT hinh_thuc, count(*), sum(so_nguoi_du) FROM doi_thoai WHERE {where} GROUP BY hinh_thuc",
                     params)
    fields = _counts(by_field, _labels(store, "linh_vuc"))
    return Dialogues(count=r[0], attendees=r[1], opinions=_counts_total(fields), answered=r[2], assigned=r[3],
                     by_field=fields, by_form=_counts(by_form, _labels(store, "hinh_thuc_doi_thoai"), khac_last=False))


# --------------------------------------------------------- petitions

GROUP_LABELS = {"khieu_nai": "Khiếu nại", "to_cao": "Tố cáo", "knpa": "Kiến nghị, phản ánh"}
_START = "COALESCE(ngay_thu_ly, ngay_xu_ly, ngay_nhan)"


def _due_table(store, combos) -> str:
    """Fill a temp table with the resolution deadline of every distinct
    (loai, phuc_tap, gia_han, start) combination in ``combos`` (those of the
    thụ lý petitions of a period), computed by
    ``core.records.deadlines.resolution_due`` — the one place deadline rules live."""
    conn = store.conn
    # WITHOUT ROWID, start first: one b-tree descent per looked-up row
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS _sdv_due (loai TEXT, phuc_tap INTEGER, gia_han INTEGER, "
                 "start TEXT, due TEXT, PRIMARY KEY (start, loai, phuc_tap, gia_han)) WITHOUT ROWID")
    conn.execute("DELETE FROM temp._sdv_due")
    deadlines = store.deadlines()
    cur = store.current_unit() or {}
    remote = bool(cur.get("vung_kho_khan"))
    rows = []
    for loai, phuc_tap, gia_han, start in combos:
        _, due = resolution_due({"loai": loai, "phuc_tap": phuc_tap, "gia_han": gia_han, "ngay_thu_ly": start},
                                deadlines, remote)
        rows.append((loai, phuc_tap, gia_han, start, due.isoformat() if due else None))
    # one statement (autocommit mode would make each executemany row a transaction)
    conn.execute("INSERT OR REPLACE INTO temp._sdv_due SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, "
                 "value ->> 4 FROM json_each(?)", (json.dumps(rows),))
    return "temp._sdv_due"


# the deadline only depends on these (see core.records.deadlines.resolution_due)
_DL_COLS = ("CASE WHEN loai IN ('khieu_nai', 'to_cao') THEN loai ELSE 'kien_nghi' END AS dl_loai, "
            "CASE WHEN loai = 'khieu_nai' THEN phuc_tap ELSE 0 END AS dl_phuc, "
            "CASE WHEN loai = 'to_cao' THEN gia_han ELSE 0 END AS dl_gh")


def _petitions(store, q: _Q, period: Period, today: dt.date) -> Petitions:
    """Petition figures read straight from ``don_thu`` through the covering
    report indexes (``m002_petition_covering_indexes``): one GROUP BY cube of
    the received petitions, one count of their distinct cases, one count of
    the carried-over ones and one pass over the thụ lý petitions to resolve
    (received in the period + carried over unresolved) — no row is copied."""
    s, e = period.sql_range()
    asof = min(period.end, today)
    a = asof.isoformat()
    conn = store.conn
    new = f"{q.uin} AND ngay_nhan BETWEEN ? AND ?"
    new_p = (*q.units, s, e)

    # received in the period: one GROUP BY cube, summed up here.  The group
    # key is one JSON text (sorting one text is much cheaper than five
    # columns); rows without a case are each their own case (k = -id).
    cube = conn.execute(f"""SELECT json_array(du_dieu_kien, huong_xu_ly, loai, COALESCE(linh_vuc, 'khac'),
                                              ly_do_khong_du) AS key,
                                   count(*), sum(dong_nguoi), sum(keo_dai), sum(vu_viec_id IS NULL),
                                   sum(vu_viec_id IS NULL AND du_dieu_kien = 1)
                            FROM don_thu WHERE {new} GROUP BY key""", new_p).fetchall()
    agg: dict = {}

    def add(key, n):
        agg[key] = agg.get(key, 0) + n

    for key, n, dong_, keo_, solo, solo_du in cube:
        du_, huong, loai, lv, ly_do = json.loads(key)
        grp = loai if loai in KN_TC else "knpa"
        add("received", n)
        add("dong", dong_ or 0)
        add("keo", keo_ or 0)
        add("solo", solo or 0)
        add("solo_du", solo_du or 0)
        add(("type", loai), n)
        add(("field", lv), n)
        add(("content", loai if loai in ("khieu_nai", "to_cao", "tranh_chap") else f"lv:{lv}"), n)
        if du_ == 1:
            add("du", n)
            add(("du_group", grp), n)
            add(("huong", huong), n)
            if huong == "thu_ly":
                add(("tl_group", grp), n)
        elif du_ == 0:
            add("khong_du", n)
            add(("reason", ly_do), n)
            if huong == "huong_dan":
                add("kd_hd", n)
        else:
            add("chua", n)

    def g(key):
        return agg.get(key, 0)

    def pairs(kind):
        return [(k[1], v) for k, v in agg.items() if isinstance(k, tuple) and k[0] == kind]

    # distinct cases = petitions without a case + distinct cases of the others
    cases, du_cases = conn.execute(f"""SELECT count(DISTINCT vu_viec_id),
                                              count(DISTINCT CASE WHEN du_dieu_kien = 1 THEN vu_viec_id END)
                                       FROM don_thu WHERE {new} AND vu_viec_id IS NOT NULL""", new_p).fetchone()
    vv, du_vv = g("solo") + cases, g("solo_du") + du_cases
    # received before the period, still open at its start (no handling
    # decision before the start, or thụ lý and unresolved then): their ids
    # in a small temp table, each part of the union an index range read (the
    # unary + keeps the planner from scanning every earlier petition instead)
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS _sdv_carried (id INTEGER PRIMARY KEY)")
    conn.execute("DELETE FROM temp._sdv_carried")
    conn.execute(f"""INSERT INTO temp._sdv_carried SELECT id FROM don_thu WHERE +{q.uin} AND +ngay_nhan < ? AND id IN (
            SELECT id FROM don_thu WHERE huong_xu_ly IS NULL AND ngay_nhan < ?
            UNION SELECT id FROM don_thu WHERE ngay_xu_ly >= ? AND ngay_nhan < ?
            UNION SELECT id FROM don_thu WHERE huong_xu_ly = 'thu_ly' AND ngay_giai_quyet IS NULL AND ngay_nhan < ?
            UNION SELECT id FROM don_thu WHERE huong_xu_ly = 'thu_ly' AND ngay_giai_quyet >= ? AND ngay_nhan < ?)""",
                 (*q.units, s, s, s, s, s, s, s))
    carried_ids = "id IN (SELECT id FROM temp._sdv_carried)"
    carried, cx_n, cx_done = conn.execute(f"""SELECT count(*),
            COALESCE(sum(huong_xu_ly IS NULL OR ngay_xu_ly >= ?), 0),
            COALESCE(sum(huong_xu_ly IS NOT NULL AND ngay_xu_ly >= ? AND ngay_xu_ly <= ?), 0)
        FROM don_thu WHERE {carried_ids}""", (s, s, e)).fetchone()

    # thụ lý to resolve: received in the period + carried over unresolved
    tl_cols = (f"loai, {_DL_COLS}, {_START} AS start, han_giai_quyet, ngay_giai_quyet, ket_qua")
    tl_base = "huong_xu_ly = 'thu_ly' AND du_dieu_kien = 1"
    # two statements, not a UNION ALL: each is then a plain (flattened) index
    # read; the carried part is a few hundred rows
    parts = ((f"SELECT 1 AS is_new, {tl_cols} FROM don_thu WHERE {tl_base} AND {new}", new_p),
             (f"""SELECT 0 AS is_new, {tl_cols} FROM don_thu WHERE {tl_base} AND {carried_ids}
                  AND (ngay_giai_quyet IS NULL OR ngay_giai_quyet >= ?)""", (s,)))
    combos: set = set()
    for sql, p in parts:
        combos.update(conn.execute(f"SELECT DISTINCT dl_loai, dl_phuc, dl_gh, start FROM ({sql}) "
                                   "WHERE han_giai_quyet IS NULL", p).fetchall())
    due_t = _due_table(store, combos)
    # a LEFT JOIN to the due dates, not a correlated subquery (it would be
    # evaluated once for each test that reads ``d``).  Each row falls in one
    # category: 1 resolved in time, 2 resolved late (resolved = by the period
    # end), 3 open and not overdue at ``asof``, 4 overdue; only count(*) is
    # aggregated, per (group, outcome, new?, category)
    by_go: dict = {}  # (group, outcome) → total, carried, resolved, in time, late, open in time, overdue
    for sql, p in parts:
        for gi, kq, is_new, cat, n in conn.execute(f"""SELECT gi, ket_qua, is_new, cat, count(*) FROM
                  (SELECT CASE x.loai WHEN 'khieu_nai' THEN 0 WHEN 'to_cao' THEN 1 ELSE 2 END AS gi, x.ket_qua, x.is_new,
                          CASE WHEN x.ngay_giai_quyet <= ?
                               THEN CASE WHEN d IS NULL OR x.ngay_giai_quyet <= d THEN 1 ELSE 2 END
                               ELSE CASE WHEN d IS NULL OR d >= ? THEN 3 ELSE 4 END END AS cat
                   FROM (SELECT x.*, COALESCE(x.han_giai_quyet, dd.due) AS d FROM ({sql}) x
                         LEFT JOIN {due_t} dd ON dd.loai = x.dl_loai AND dd.phuc_tap = x.dl_phuc
                              AND dd.gia_han = x.dl_gh AND dd.start = x.start) x)
                  GROUP BY gi, ket_qua, is_new, cat""", (e, a, *p)):
            acc = by_go.setdefault((("khieu_nai", "to_cao", "knpa")[gi], kq), [0] * 7)
            acc[0] += n
            if not is_new:
                acc[1] += n
            if cat in (1, 2):
                acc[2] += n
            acc[2 + cat] += n
    # in (group, outcome) order, as GROUP BY g, ket_qua gave (NULL first)
    by_go = dict(sorted(by_go.items(), key=lambda kv: (_nulls_first(kv[0][0]), _nulls_first(kv[0][1]))))
    rows = [(grp, kq, *acc) for (grp, kq), acc in by_go.items()]
    by_g: dict = {}
    for r in rows:
        acc = by_g.setdefault(r[0], [r[0], 0, 0, 0, 0, 0, 0, 0])
        for i in range(1, 8):
            acc[i] += r[i + 1]
    oc_rows = [(r[0], r[1], r[4]) for r in rows if r[4]]  # resolved by the period end, per outcome
    kq_l = _labels(store, "ket_qua_don")
    resolution = []
    for grp in ("khieu_nai", "to_cao", "knpa"):
        r = by_g.get(grp, (grp, 0, 0, 0, 0, 0, 0, 0))
        resolution.append(ResolutionRow(
            code=grp, label=GROUP_LABELS[grp], total=r[1], carried=r[2], new=r[1] - r[2], resolved=r[3],
            in_time=r[4], late=r[5], open_in_time=r[6], overdue=r[7],
            outcomes=_ordered(_counts([(k, c) for gg, k, c in oc_rows if gg == grp], kq_l, desc=False), kq_l)))
    resolution = tuple(resolution)
    tl_total = sum(x.total for x in resolution)
    resolved = sum(x.resolved for x in resolution)
    loai_l = _labels(store, "loai_don")
    lv_l = _labels(store, "linh_vuc")
    content_labels = {**loai_l, **{f"lv:{k}": v for k, v in lv_l.items()}}
    received, du, khong_du, kd_hd = g("received"), g("du"), g("khong_du"), g("kd_hd")
    return Petitions(
        carried=carried, received=received, vu_viec=vv, du=du, du_vu_viec=du_vv, khong_du=khong_du,
        chua_phan_loai=g("chua"),
        reasons=_counts(pairs("reason"), _labels(store, "ly_do_khong_du")),
        by_type=_counts(pairs("type"), loai_l, khac_last=False),
        by_field=_counts(pairs("field"), lv_l),
        by_content=_counts(pairs("content"), content_labels),
        du_by_group=_ordered(_counts(pairs("du_group"), GROUP_LABELS, desc=False), GROUP_LABELS),
        thu_ly=g(("huong", "thu_ly")), chuyen=g(("huong", "chuyen")), huong_dan=g(("huong", "huong_dan")),
        don_doc=g(("huong", "don_doc")), luu_du=g(("huong", "luu")), du_chua_xu_ly=g(("huong", None)),
        khong_du_luu=khong_du - kd_hd, khong_du_huong_dan=kd_hd,
        thu_ly_by_group=_ordered(_counts(pairs("tl_group"), GROUP_LABELS, desc=False), GROUP_LABELS),
        thu_ly_carried=sum(x.carried for x in resolution), thu_ly_total=tl_total,
        thu_ly_total_by_group=_ordered(_counts([(x.code, x.total) for x in resolution], GROUP_LABELS, desc=False),
                                       GROUP_LABELS),
        resolved=resolved,
        resolved_by_group=_ordered(_counts([(x.code, x.resolved) for x in resolution], GROUP_LABELS, desc=False),
                                   GROUP_LABELS),
        resolved_in_time=sum(x.in_time for x in resolution), resolved_late=sum(x.late for x in resolution),
        open_in_time=sum(x.open_in_time for x in resolution), overdue=sum(x.overdue for x in resolution),
        outcomes=_ordered(_counts([(k, c) for _, k, c in oc_rows], kq_l, desc=False), kq_l),
        asof=asof, resolve_rate=Rate(resolved, tl_total), du_rate=Rate(du, received),
        dong_nguoi=g("dong"), keo_dai=g("keo"),
        resolution=resolution, carried_xu_ly=cx_n, carried_xu_ly_done=cx_done,
    )


# --------------------------------------------------------- mediation

def _mediation_groups(store, q: _Q, s: str, e: str) -> list:
    """The period's working set (cases received in it, and cases received
    earlier and not finished at its start; outcome as of the period end)
    counted per (kind, team, new?, outcome, field) in one pass over the
    covering index ``idx_hg_rep``; the carried part reads only the ids of
    the open cases (unary + keeps the planner off a scan of every earlier
    case)."""
    o = "CASE WHEN ngay_ket_thuc IS NOT NULL AND ngay_ket_thuc <= ? THEN ket_qua ELSE 'dang' END"
    rows = store.conn.execute(f"""SELECT key, count(*) FROM (
        SELECT json_array(kind, to_hoa_giai_id, 1, {o}, linh_vuc) AS key FROM hoa_giai
            WHERE {q.uin} AND ngay_nhan BETWEEN ? AND ?
        UNION ALL
        SELECT json_array(kind, to_hoa_giai_id, 0, {o}, linh_vuc) FROM hoa_giai
            WHERE +{q.uin} AND +ngay_nhan < ? AND id IN (
                SELECT id FROM hoa_giai WHERE ngay_ket_thuc IS NULL AND ngay_nhan < ?
                UNION SELECT id FROM hoa_giai WHERE ngay_ket_thuc >= ? AND ngay_nhan < ?))
        GROUP BY key""", (e, *q.units, s, e, e, *q.units, s, s, s, s)).fetchall()
    return [(*json.loads(k), n) for k, n in rows]


def _nulls_first(v):
    return (v is not None, v if v is not None else 0)


def _mediation_kind(store, groups: list, kind: str, label: str, names: dict) -> MediationKind:
    mine = [g for g in groups if g[0] == kind]
    # the order GROUP BY to_hoa_giai_id, is_new, o / GROUP BY linh_vuc gave
    rows_d: dict = {}
    fields: dict = {}
    for _, tid, is_new, o, lv, c in mine:
        rows_d[(tid, is_new, o)] = rows_d.get((tid, is_new, o), 0) + c
        fields[lv] = fields.get(lv, 0) + c
    rows = [(tid, names.get(tid), is_new, o, c) for (tid, is_new, o), c in
            sorted(rows_d.items(), key=lambda kv: (_nulls_first(kv[0][0]), kv[0][1], _nulls_first(kv[0][2])))]
    by_field = sorted(fields.items(), key=lambda kv: _nulls_first(kv[0]))
    teams: dict = {}
    for tid, ten, is_new, o, c in rows:
        d = teams.setdefault(tid, {"label": ten or ("(không ghi tổ)" if kind == "co_so" else label), "new": 0,
                                   "carried": 0})
        d["new" if is_new else "carried"] += c
        d[o] = d.get(o, 0) + c

    def row(lbl, d):
        return MediationRow(label=lbl, new=d.get("new", 0), carried=d.get("carried", 0), thanh=d.get("thanh", 0),
                            khong_thanh=d.get("khong_thanh", 0), dang=d.get("dang", 0), rut=d.get("rut", 0),
                            khong_thuoc=d.get("khong_thuoc", 0))

    from core.text import sort_key
    team_rows = tuple(sorted((row(d["label"], d) for d in teams.values()), key=lambda r: sort_key(r.label)))
    tot: dict = {}
    for r in team_rows:
        for k in ("new", "carried", "thanh", "khong_thanh", "dang", "rut", "khong_thuoc"):
            tot[k] = tot.get(k, 0) + getattr(r, k)
    t = row(label, tot)
    return MediationKind(kind=kind, label=label, new=t.new, carried=t.carried, thanh=t.thanh,
                         khong_thanh=t.khong_thanh, dang=t.dang, rut=t.rut, khong_thuoc=t.khong_thuoc,
                         by_field=_counts(by_field, _labels(store, "linh_vuc_hoa_giai")),
                         by_team=tuple(Count(r.label, r.label, r.total, r.thanh) for r in team_rows),
                         team_rows=team_rows)


def _mediation(store, q: _Q, period: Period) -> Mediation:
    labels = _labels(store, "loai_hoa_giai")
    teams = q.one(f"SELECT count(*) FROM to_hoa_giai WHERE {q.uin} AND an = 0", q.units)[0]
    mediators = q.one(f"""SELECT count(*) FROM hoa_giai_vien v JOIN to_hoa_giai t ON t.id = v.to_hoa_giai_id
                          WHERE t.{q.uin} AND t.an = 0 AND v.an = 0""", q.units)[0]
    groups = _mediation_groups(store, q, *period.sql_range())
    tids = sorted({g[1] for g in groups if g[1] is not None})
    names = dict(q.rows(f"SELECT id, ten FROM to_hoa_giai WHERE id IN ({','.join('?' * len(tids))})", tids)) \
        if tids else {}
    return Mediation(co_so=_mediation_kind(store, groups, "co_so", labels.get("co_so", ""), names),
                     dat_dai=_mediation_kind(store, groups, "dat_dai", labels.get("dat_dai", ""), names),
                     teams=teams, mediators=mediators)


# ------------------------------------------------------------ models

def _models(store, q: _Q, period: Period) -> Models:
    years = period.years_covered
    y1, y2 = years[0], years[-1]
    base = f"FROM mo_hinh_nam n JOIN mo_hinh m ON m.id = n.mo_hinh_id WHERE m.{q.uin} AND n.nam BETWEEN ? AND ?"
    params = (*q.units, y1, y2)
    st_l = _labels(store, "trang_thai_mo_hinh")
    lv_l = _labels(store, "linh_vuc_mo_hinh")
    dv_l = _labels(store, "don_vi_mo_hinh")
    total = q.one(f"SELECT count(DISTINCT n.mo_hinh_id) {base}", params)[0]
    per_year = []
    for y, st, n in q.rows(f"SELECT n.nam, n.trang_thai, count(*) {base} GROUP BY n.nam, n.trang_thai", params):
        per_year.append((y, st, n))
    py = []
    for y in years:
        cs = _counts([(st, n) for yy, st, n in per_year if yy == y], st_l, desc=False)
        order = list(st_l)
        cs = tuple(sorted(cs, key=lambda c: order.index(c.code) if c.code in order else 99))
        py.append(ModelYear(y, cs, _counts_total(cs)))
    # each distinct model with the status of its last year in range
    last = f"""SELECT m.id, m.ten, m.linh_vuc, m.don_vi, m.dia_ban, n.trang_thai, m.loai, m.nam_dang_ky,
                      (n.tieu_bieu = 1 OR n.cong_nhan IS NOT NULL)
               FROM mo_hinh m JOIN mo_hinh_nam n ON n.mo_hinh_id = m.id
               WHERE m.{q.uin} AND n.nam = (SELECT max(n2.nam) FROM mo_hinh_nam n2
                                            WHERE n2.mo_hinh_id = m.id AND n2.nam BETWEEN ? AND ?)
               ORDER BY m.sort_key"""
    items = tuple(ModelItem(id=r[0], ten=r[1], linh_vuc=r[2], linh_vuc_label=lv_l.get(r[2], r[2]), don_vi=r[3],
                            don_vi_label=dv_l.get(r[3], r[3]), dia_ban=r[4], trang_thai=r[5],
                            trang_thai_label=st_l.get(r[5], r[5]), loai=r[6], nam_dang_ky=r[7],
                            tieu_bieu=bool(r[8]))
                  for r in q.rows(last, (*q.units, y1, y2)))
    lv_order = {c: i for i, c in enumerate(lv_l)}
    items = tuple(sorted(items, key=lambda m: lv_order.get(m.linh_vuc, 99)))  # stable: names stay sorted
    by_status = py[-1].by_status if len(years) == 1 else _counts(
        [(k, sum(1 for m in items if m.trang_thai == k)) for k in st_l], st_l, desc=False)
    by_field = q.rows(f"SELECT m.linh_vuc, count(DISTINCT m.id) {base} GROUP BY m.linh_vuc", params)
    by_org = q.rows(f"SELECT m.don_vi, count(DISTINCT m.id) {base} GROUP BY m.don_vi", params)
    recog = q.one(f"SELECT count(DISTINCT n.mo_hinh_id) {base} AND (n.tieu_bieu = 1 OR n.cong_nhan IS NOT NULL)",
                  params)[0]
    order_lv = list(lv_l)
    return Models(years=years, total=total, by_status=by_status, items=items,
                  by_field=tuple(sorted(_counts(by_field, lv_l, desc=False),
                                        key=lambda c: order_lv.index(c.code) if c.code in order_lv else 99)),
                  by_org=_counts(by_org, dv_l), per_year=tuple(py), recognised=recog)


# -------------------------------------------------- documents, activities

def _documents(store, q: _Q, period: Period) -> Documents:
    s, e = period.sql_range()
    lb = _labels(store, "loai_van_ban")

    def get(cap):
        rows = q.rows(f"""SELECT id, so_ky_hieu, loai, ngay_ban_hanh, trich_yeu, co_quan_ban_hanh, phoi_hop
                          FROM van_ban WHERE cap = ? AND {q.uin} AND ngay_ban_hanh BETWEEN ? AND ?
                          ORDER BY ngay_ban_hanh, id""", (cap, *q.units, s, e))
        return tuple(Document(r[0], r[1], r[2], lb.get(r[2], r[2]), dt.date.fromisoformat(r[3]), r[4], r[5], r[6])
                     for r in rows)

    return Documents(directive=get("chi_dao"), superior=get("cap_tren"))


def _activities(store, q: _Q, period: Period) -> Activities:
    s, e = period.sql_range()
    lb = _labels(store, "loai_hoat_dong")
    rows = {r[0]: r for r in q.rows(f"""SELECT loai, count(*), sum(so_cuoc), sum(so_nguoi) FROM hoat_dong
                                        WHERE {q.uin} AND ngay BETWEEN ? AND ? GROUP BY loai""", (*q.units, s, e))}

    def act(code):
        r = rows.get(code, (code, 0, 0, 0))
        return Activity(code, lb.get(code, code), int(r[1] or 0), int(r[2] or 0), int(r[3] or 0))

    others = tuple(act(c) for c in rows if c not in ("tuyen_truyen", "tap_huan", "kiem_tra"))
    return Activities(act("tuyen_truyen"), act("tap_huan"), act("kiem_tra"), others)


def _figures(store, q: _Q, period: Period) -> Figures:
    s, e = period.sql_range()
    rows = q.rows(f"""SELECT ma, sum(gia_tri) FROM chi_tieu WHERE {q.uin} AND tu_ngay >= ? AND den_ngay <= ?
                      GROUP BY ma""", (*q.units, s, e))
    lb = _labels(store, "chi_tieu")
    raw = tuple((r[0], float(r[1] or 0)) for r in rows)
    vals = dict(raw)
    g = vals.get
    order = list(lb)
    values = tuple(sorted((Count(c, lb.get(c, c), int(round(v))) for c, v in raw),
                          key=lambda c: order.index(c.code) if c.code in order else 99))
    return Figures(
        values=values, raw=raw,
        tthc_dung_han=Rate(g("tthc_dung_han", 0), g("tthc_dung_han", 0) + g("tthc_tre_han", 0)),
        dvc_mot_phan=Rate(g("dvc_mot_phan_truc_tuyen", 0), g("dvc_mot_phan_tong", 0)),
        dvc_toan_trinh=Rate(g("dvc_toan_trinh_truc_tuyen", 0), g("dvc_toan_trinh_tong", 0)),
        dvc_tong=Rate(g("dvc_mot_phan_truc_tuyen", 0) + g("dvc_toan_trinh_truc_tuyen", 0),
                      g("dvc_mot_phan_tong", 0) + g("dvc_toan_trinh_tong", 0)),
        hai_long=Rate(g("khao_sat_hai_long", 0), g("khao_sat_phieu", 0)),
    )


# ------------------------------------------------------------- entry

def _any_data(q: _Q, period: Period) -> bool:
    s, e = period.sql_range()
    checks = [("tiep_cong_dan", "ngay_tiep"), ("don_thu", "ngay_nhan"), ("doi_thoai", "ngay"),
              ("hoa_giai", "ngay_nhan"), ("hoat_dong", "ngay")]
    for table, col in checks:
        if q.one(f"SELECT 1 FROM {table} WHERE {q.uin} AND {col} BETWEEN ? AND ? LIMIT 1", (*q.units, s, e)):
            return True
    y1, y2 = period.years_covered[0], period.years_covered[-1]
    if q.one(f"""SELECT 1 FROM mo_hinh_nam n JOIN mo_hinh m ON m.id = n.mo_hinh_id
                 WHERE m.{q.uin} AND n.nam BETWEEN ? AND ? LIMIT 1""", (*q.units, y1, y2)):
        return True
    return bool(q.one(f"SELECT 1 FROM chi_tieu WHERE {q.uin} AND tu_ngay >= ? AND den_ngay <= ? LIMIT 1",
                      (*q.units, s, e)))


def _by_year(store, q: _Q, period: Period) -> tuple[YearRow, ...]:
    """Headline figures per year of a multi-year period, each year a slice
    joined in SQL to the record tables — the same counting rules as a
    one-year report of that year, and the same sets as the period's own
    figures: what a year counts among the petitions / cases still open at
    the period start (thụ lý, resolved, mediated) is read with the period's
    carried-over conditions (received before the period end, unresolved at
    the year start), which for a year inside the period are exactly those."""
    conn = store.conn
    E = period.sql_range()[1]
    slices = period.year_slices()
    conn.execute("DROP TABLE IF EXISTS temp._sdv_years")
    conn.execute("CREATE TEMP TABLE _sdv_years (y INTEGER PRIMARY KEY, s TEXT, e TEXT)")
    conn.execute("INSERT INTO temp._sdv_years SELECT value ->> 0, value ->> 1, value ->> 2 FROM json_each(?)",
                 (json.dumps([(p.report_year, *p.sql_range()) for p in slices]),))
    yy = "temp._sdv_years yy"

    def per_year(sql, params=()) -> dict:
        return {r[0]: r[1:] for r in conn.execute(sql, params)}

    # yy first: one index range per year; t first: one scan, each row
    # matched against the few years
    rec = per_year(f"""SELECT yy.y, count(*), sum(t.so_nguoi), count(DISTINCT COALESCE(t.vu_viec_id, -t.id))
                       FROM {yy} CROSS JOIN tiep_cong_dan t
                       WHERE t.{q.uin} AND t.ngay_tiep BETWEEN yy.s AND yy.e GROUP BY yy.y""", q.units)
    dia = per_year(f"""SELECT yy.y, count(*), sum(d.so_nguoi_du) FROM doi_thoai d JOIN {yy}
                       ON d.ngay BETWEEN yy.s AND yy.e WHERE d.{q.uin} GROUP BY yy.y""", q.units)
    tl = "t.huong_xu_ly = 'thu_ly' AND t.du_dieu_kien = 1"
    new = per_year(f"""SELECT yy.y, count(*), COALESCE(sum({tl}), 0) FROM {yy} CROSS JOIN don_thu t
                       WHERE t.{q.uin} AND t.ngay_nhan BETWEEN yy.s AND yy.e GROUP BY yy.y""", q.units)
    res = per_year(f"""SELECT yy.y, count(*) FROM don_thu t CROSS JOIN {yy}
                       WHERE {tl} AND t.{q.uin} AND t.ngay_nhan <= ?
                             AND t.ngay_giai_quyet BETWEEN yy.s AND yy.e GROUP BY yy.y""", (*q.units, E))
    due = per_year(f"""SELECT yy.y, count(*) FROM don_thu t CROSS JOIN {yy}
                       WHERE {tl} AND t.{q.uin} AND t.ngay_nhan <= ? AND t.ngay_nhan <= yy.e
                             AND (t.ngay_giai_quyet IS NULL OR t.ngay_giai_quyet >= yy.s) GROUP BY yy.y""",
                   (*q.units, E))
    hg_new = per_year(f"""SELECT yy.y, count(*) FROM {yy} CROSS JOIN hoa_giai h
                          WHERE h.{q.uin} AND h.ngay_nhan BETWEEN yy.s AND yy.e GROUP BY yy.y""", q.units)
    hg_ok = per_year(f"""SELECT yy.y, count(*) FROM hoa_giai h CROSS JOIN {yy}
                         WHERE h.{q.uin} AND h.ngay_nhan <= ? AND h.ket_qua = 'thanh'
                               AND h.ngay_ket_thuc BETWEEN yy.s AND yy.e GROUP BY yy.y""", (*q.units, E))
    mo = per_year(f"""SELECT n.nam, count(DISTINCT n.mo_hinh_id) FROM mo_hinh_nam n JOIN mo_hinh m
                      ON m.id = n.mo_hinh_id WHERE m.{q.uin} AND n.nam BETWEEN ? AND ? GROUP BY n.nam""",
                  (*q.units, slices[0].report_year, slices[-1].report_year))
    tt = per_year(f"""SELECT yy.y, sum(a.so_cuoc), sum(a.so_nguoi) FROM hoat_dong a JOIN {yy}
                      ON a.ngay BETWEEN yy.s AND yy.e WHERE a.{q.uin} AND a.loai = 'tuyen_truyen' GROUP BY yy.y""",
                  q.units)
    out = []
    for p in slices:
        y = p.report_year

        def v(d, i=0):
            r = d.get(y)
            return int(r[i] or 0) if r else 0

        out.append(YearRow(year=y, period=p, tiep_luot=v(rec), tiep_nguoi=v(rec, 1), tiep_vu_viec=v(rec, 2),
                           doi_thoai=v(dia), doi_thoai_nguoi=v(dia, 1), don_nhan=v(new), don_thu_ly=v(due),
                           don_giai_quyet=v(res), hoa_giai_nhan=v(hg_new), hoa_giai_thanh=v(hg_ok), mo_hinh=v(mo),
                           tuyen_truyen_cuoc=v(tt), tuyen_truyen_nguoi=v(tt, 1), don_thu_ly_moi=v(new, 1)))
    return tuple(out)


def compute(store, period: Period, *, unit_id: int | None = None, include_predecessors: bool = True,
            compare: bool = True, today: dt.date | None = None) -> Stats:
    """Every figure of the report for ``period`` and the unit scope (the
    commune with or without its predecessor units, SPEC §7).

    The working sets live in connection-level temp tables, so computations
    are serialised (a report built in a worker thread and the home page
    refreshing never mix their sets)."""
    with _COMPUTE_LOCK:
        # a larger page cache for the duration: the GROUP BY sorts of a big
        # year then stay in memory instead of spilling to temp files (~10 %
        # of the time at 1,000,000 records); the clerk's setting is restored
        conn = store.conn
        cache = conn.execute("PRAGMA cache_size").fetchone()[0]
        conn.execute(f"PRAGMA cache_size = {min(int(cache), -_SORT_CACHE_KIB)}")
        try:
            return _compute(store, period, unit_id=unit_id, include_predecessors=include_predecessors,
                            compare=compare, today=today)
        finally:
            conn.execute(f"PRAGMA cache_size = {int(cache)}")


_SORT_CACHE_KIB = 65536


_COMPUTE_LOCK = threading.RLock()


def _compute(store, period: Period, *, unit_id, include_predecessors, compare, today) -> Stats:
    today = today or dt.date.today()
    root = unit_id or store.current_unit_id()
    unit_ids = tuple(store.unit_scope(root, include_predecessors))
    q = _Q(store, unit_ids)
    previous = None
    if compare:
        prev = period.previous_year()
        if _any_data(q, prev):
            previous = compute(store, prev, unit_id=root, include_predecessors=include_predecessors,
                               compare=False, today=today)
    # the period's own figures; they leave their working sets in temp tables
    # that the per-year rows of a multi-year period are then read from
    reception = _reception(store, q, period)
    petitions = _petitions(store, q, period, today)
    mediation = _mediation(store, q, period)
    by_year = _by_year(store, q, period) if period.is_multi_year else ()
    return Stats(
        period=period, unit_ids=unit_ids, today=today,
        profile=_profile(store, root, unit_ids),
        reception=reception,
        dialogues=_dialogues(store, q, period),
        petitions=petitions,
        mediation=mediation,
        models=_models(store, q, period),
        documents=_documents(store, q, period),
        activities=_activities(store, q, period),
        figures=_figures(store, q, period),
        by_year=by_year,
        previous=previous,
    )
