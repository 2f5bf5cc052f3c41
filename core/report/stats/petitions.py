"""The SQL of the petitions' figures (đơn thư: received, classified,
handled, resolved in time / late, open, overdue), filling
``core.report.stats.model.Petitions``.  Resolution deadlines come from
``core.records.deadlines.resolution_due`` (the one place deadline rules
live), joined back into SQL through a temporary table.
"""
from __future__ import annotations

import datetime as dt
import json

from core.records.deadlines import resolution_due
from core.records.enums import KN_TC
from core.report.periods import Period
from core.report.stats.model import Petitions, Rate, ResolutionRow
from core.report.stats.queries import _Q, _counts, _labels, _nulls_first, _ordered

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
