"""The SQL of the report's figures, one function per area (profile,
reception, dialogues, mediation, models, documents, activities, period
figures, per-year rows); the petitions' figures are in
``core.report.stats.petitions``.  Each returns one class of
``core.report.stats.model``; ``core.report.stats.compute`` calls them.

Every count is an indexed SQL aggregate (``GROUP BY``), never a Python loop
over records.  The period's rows are read from covering indexes (migration
set ``sodanvan.stats`` in ``core/records/feature_tables.py``, kept in the
records layer so that opening the store does not import this package),
never copied.
"""
from __future__ import annotations

import datetime as dt
import json

from core.report.periods import Period
from core.report.stats.model import (
    Activities,
    Activity,
    CaseSplit,
    Count,
    Dialogues,
    Document,
    Documents,
    Figures,
    Mediation,
    MediationKind,
    MediationRow,
    ModelItem,
    Models,
    ModelYear,
    Profile,
    Rate,
    Reception,
    ReceptionGroup,
    YearRow,
)

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


def _counts_total(items) -> int:
    return sum(c.n for c in items)


def _nulls_first(v):
    return (v is not None, v if v is not None else 0)


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
    pred_rows = store.q(
        f"SELECT * FROM unit WHERE id IN ({','.join('?' * len(unit_ids))}) AND id <> ? ORDER BY id",
        (*unit_ids, root_id))
    preds = tuple(store.unit_title(r) for r in pred_rows)
    merged = [r["ngay_sap_nhap"] for r in pred_rows if r.get("ngay_sap_nhap")] or (
        [u["ngay_sap_nhap"]] if preds and u.get("ngay_sap_nhap") else [])
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
        village_counts=tuple((label.lower(), sum(1 for r in thon if r[1] == code))
                             for code, label in labels.items() if any(r[1] == code for r in thon)),
        merger_date=dt.date.fromisoformat(max(merged)[:10]) if merged else None,
        merger_resolution=(u.get("nghi_quyet_sap_nhap") or "").strip() or None,
        unit_titles=((root_id, store.unit_title(u)), *((r["id"], store.unit_title(r)) for r in pred_rows)),
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
    # the annex's case columns: a case is the Chairman's when any of its
    # entries is định kỳ or đột xuất, else thường xuyên — each case once, so
    # the two groups add up to the total (lần đầu as for the total)
    split = {r[0]: (r[1], r[2]) for r in conn.execute(f"""SELECT grp, count(*), sum(first) FROM
                  (SELECT k, max(hinh_thuc IN ('dinh_ky', 'dot_xuat')) AS grp, max(lan_dau) AS first FROM {t}
                   GROUP BY k) GROUP BY grp""", p)}

    def case_split(grp) -> CaseSplit:
        n_, first_ = split.get(grp, (0, 0))
        return CaseSplit(lan_dau=int(first_ or 0), nhieu_lan=int(n_ or 0) - int(first_ or 0))

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
        cases_thuong_xuyen=case_split(0), cases_chu_tich=case_split(1),
    )


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
    # a report of part of a year states what is registered for the year; the
    # year's results (a model stopped, recognised) come with the year's report
    part = not period.is_multi_year and period.end < dt.date(y2, 12, 14 if period.cutoff == "thanh_tra" else 31)
    stop = " AND n.trang_thai <> 'dung'" if part else ""
    base = (f"FROM mo_hinh_nam n JOIN mo_hinh m ON m.id = n.mo_hinh_id WHERE m.{q.uin} AND n.nam BETWEEN ? AND ?"
            + stop)
    # recognised in any year of the range (the annex marks the same models the sentence counts)
    tb = "0" if part else (f"EXISTS (SELECT 1 FROM mo_hinh_nam t WHERE t.mo_hinh_id = m.id AND t.nam BETWEEN {int(y1)} "
                           f"AND {int(y2)} AND (t.tieu_bieu = 1 OR t.cong_nhan IS NOT NULL))")
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
                      {tb}, m.hieu_qua,
                      (SELECT r.cong_nhan || CASE WHEN r.cong_nhan GLOB '*[0-9][0-9][0-9][0-9]*' THEN ''
                                                  ELSE ' năm ' || r.nam END
                       FROM mo_hinh_nam r WHERE r.mo_hinh_id = m.id AND trim(r.cong_nhan) <> '' AND r.nam <= ?
                       ORDER BY r.nam DESC LIMIT 1)
               FROM mo_hinh m JOIN mo_hinh_nam n ON n.mo_hinh_id = m.id
               WHERE m.{q.uin} AND n.nam = (SELECT max(n2.nam) FROM mo_hinh_nam n2
                                            WHERE n2.mo_hinh_id = m.id AND n2.nam BETWEEN ? AND ?){stop}
               ORDER BY m.sort_key"""
    items = tuple(ModelItem(id=r[0], ten=r[1], linh_vuc=r[2], linh_vuc_label=lv_l.get(r[2], r[2]), don_vi=r[3],
                            don_vi_label=dv_l.get(r[3], r[3]), dia_ban=r[4], trang_thai=r[5],
                            trang_thai_label=st_l.get(r[5], r[5]), loai=r[6], nam_dang_ky=r[7],
                            tieu_bieu=bool(r[8]), hieu_qua=r[9], cong_nhan=r[10])
                  for r in q.rows(last, (y2, *q.units, y1, y2)))
    lv_order = {c: i for i, c in enumerate(lv_l)}
    items = tuple(sorted(items, key=lambda m: lv_order.get(m.linh_vuc, 99)))  # stable: names stay sorted
    by_status = py[-1].by_status if len(years) == 1 else _counts(
        [(k, sum(1 for m in items if m.trang_thai == k)) for k in st_l], st_l, desc=False)
    by_field = q.rows(f"SELECT m.linh_vuc, count(DISTINCT m.id) {base} GROUP BY m.linh_vuc", params)
    by_org = q.rows(f"SELECT m.don_vi, count(DISTINCT m.id) {base} GROUP BY m.don_vi", params)
    recog = 0 if part else q.one(f"SELECT count(DISTINCT n.mo_hinh_id) {base} AND (n.tieu_bieu = 1 OR n.cong_nhan IS NOT NULL)",
                  params)[0]
    order_lv = list(lv_l)
    return Models(years=years, total=total, by_status=by_status, items=items,
                  by_field=tuple(sorted(_counts(by_field, lv_l, desc=False),
                                        key=lambda c: order_lv.index(c.code) if c.code in order_lv else 99)),
                  by_org=_counts(by_org, dv_l), per_year=tuple(py), recognised=recog,
                  part_of_year=part)


# -------------------------------------------------- documents, activities

def _documents(store, q: _Q, period: Period) -> Documents:
    s, e = period.sql_range()
    lb = _labels(store, "loai_van_ban")

    cols = "id, so_ky_hieu, loai, ngay_ban_hanh, trich_yeu, co_quan_ban_hanh, phoi_hop, unit_id, con_hieu_luc"

    def doc(r):
        return Document(r[0], r[1], r[2], lb.get(r[2], r[2]), dt.date.fromisoformat(r[3]), r[4], r[5], r[6],
                        unit_id=r[7], in_force=bool(r[8]))

    def get(cap):
        rows = q.rows(f"""SELECT {cols} FROM van_ban WHERE cap = ? AND {q.uin} AND ngay_ban_hanh BETWEEN ? AND ?
                          ORDER BY ngay_ban_hanh, id""", (cap, *q.units, s, e))
        return tuple(doc(r) for r in rows)

    # documents of earlier periods marked still in force (programmes, regulations): the report says it
    # "tiếp tục triển khai" them; the commune's own first, then the superior ones
    in_force = q.rows(f"""SELECT {cols} FROM van_ban WHERE con_hieu_luc = 1 AND {q.uin} AND ngay_ban_hanh < ?
                          ORDER BY cap = 'cap_tren', ngay_ban_hanh, id""", (*q.units, s))
    return Documents(directive=get("chi_dao"), superior=get("cap_tren"), in_force=tuple(doc(r) for r in in_force))


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


def _figures(store, raw: tuple[tuple[str, float], ...]) -> Figures:
    """``Figures`` (values and rates) from the summed period figures by code —
    which entries are summed is decided by
    ``core.report.stats.period_figures.period_figures``."""
    lb = _labels(store, "chi_tieu")
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


# ------------------------------------------------------ per-year rows

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
    first_seen = per_year(f"""SELECT yy.y, count(*) FROM (SELECT COALESCE(vu_viec_id, -id) AS k, min(ngay_tiep) AS d
                                FROM tiep_cong_dan WHERE {q.uin} AND ngay_tiep BETWEEN ? AND ? GROUP BY k) c
                                JOIN {yy} ON c.d BETWEEN yy.s AND yy.e GROUP BY yy.y""", (*q.units, *period.sql_range()))
    hg_new = per_year(f"""SELECT yy.y, count(*), sum(h.kind = 'co_so'), sum(h.kind = 'dat_dai') FROM {yy} CROSS JOIN hoa_giai h
                          WHERE h.{q.uin} AND h.ngay_nhan BETWEEN yy.s AND yy.e GROUP BY yy.y""", q.units)
    hg_ok = per_year(f"""SELECT yy.y, count(*), sum(h.kind = 'co_so'), sum(h.kind = 'dat_dai') FROM hoa_giai h CROSS JOIN {yy}
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

        out.append(YearRow(year=y, period=p, tiep_luot=v(rec), tiep_nguoi=v(rec, 1), tiep_vu_viec=v(first_seen),
                           doi_thoai=v(dia), doi_thoai_nguoi=v(dia, 1), don_nhan=v(new), don_thu_ly=v(due),
                           don_giai_quyet=v(res), hoa_giai_nhan=v(hg_new), hoa_giai_thanh=v(hg_ok), mo_hinh=v(mo),
                           tuyen_truyen_cuoc=v(tt), tuyen_truyen_nguoi=v(tt, 1), don_thu_ly_moi=v(new, 1),
                           hoa_giai_co_so_nhan=v(hg_new, 1), hoa_giai_co_so_thanh=v(hg_ok, 1),
                           hoa_giai_dat_dai_nhan=v(hg_new, 2), hoa_giai_dat_dai_thanh=v(hg_ok, 2)))
    return tuple(out)
