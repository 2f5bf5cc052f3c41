"""Period figures (chỉ tiêu theo kỳ) over a report period: which entries
count, the span they cover, and what is missing for the period.

A period figure is typed by the clerk for a span of her choosing (6 months,
a quarter, a year) and per unit (the commune, or a predecessor before the
merger).  A report period rarely matches those spans exactly, so:

- **an entry counts** when most of it lies inside the report period and at
  most ``TOLERANCE_DAYS`` of it outside (the calendar entry 01/01–30/06 fits
  the Inspectorate half-year 15/12–14/06; the entry 01/07–31/12 does not fit
  a 9-month report ending 30/09) — a count cannot be split by days;
- **every unit in scope is summed**: an entry covers its own unit and the
  predecessors merged into it; where an entry of a successor covers a day,
  the predecessors' entries for that day are not added (no double count);
  per unit, the entries counted are the non-overlapping set covering the
  most days of the period (the fewest entries on a tie: a year entry rather
  than its two halves);
- each group of codes (``GROUPS``: procedures, online services, survey, and
  everything else) is chosen on its own, so that a rate's two codes always
  come from the same entries;
- **what the sentence must say**: each group's ``FigureSpan`` gives the span
  its entries cover and the gaps inside it (a unit without an entry, a
  missing stretch); ``exact`` when they cover the report period, every unit;
- **what is missing** (``PeriodFigures.missing``, listed on the report page):
  for each unit of the scope, the days of its lifetime inside the period no
  counted entry covers — a predecessor lives until the day before its
  ``ngay_sap_nhap``, the commune from its predecessors' latest merger date.
  With entries on a shifted calendar (an entry crossing a period edge) a gap
  of at most ``TOLERANCE_DAYS`` at an edge is the shift, not missing data.

``period_figures(store, q, period, root_id)`` returns ``(Figures,
PeriodFigures)``; ``span_label`` names a span as the report does.
"""
from __future__ import annotations

import datetime as dt

from core.report import wording as W
from core.report.periods import THANH_TRA, Period
from core.report.stats.model import FigureGap, Figures, FigureSpan, MissingFigures, PeriodFigures
from core.report.stats.queries import _Q, _figures

TOLERANCE_DAYS = 31

GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("tthc", ("tthc_tiep_nhan", "tthc_dung_han", "tthc_tre_han")),
    ("dvc", ("dvc_mot_phan_tong", "dvc_mot_phan_truc_tuyen", "dvc_toan_trinh_tong", "dvc_toan_trinh_truc_tuyen")),
    ("khao_sat", ("khao_sat_phieu", "khao_sat_hai_long")),
)
OTHER_GROUP = "dccs"  # consultations, inspection boards, village rules and any code the clerk added

_ONE = dt.timedelta(days=1)


def _day(v) -> dt.date:
    return v if isinstance(v, dt.date) else dt.date.fromisoformat(str(v)[:10])


def _days(a: dt.date, b: dt.date) -> int:
    return (b - a).days + 1 if b >= a else 0


def group_of(code: str) -> str:
    return next((g for g, codes in GROUPS if code in codes), OTHER_GROUP)


# ------------------------------------------------------------ intervals

def _subtract(need: tuple[dt.date, dt.date], covers) -> list[tuple[dt.date, dt.date]]:
    """The parts of ``need`` (inclusive bounds) no interval of ``covers`` holds."""
    out = []
    cur = need[0]
    for a, b in sorted(covers):
        if b < cur or a > need[1]:
            continue
        if a > cur:
            out.append((cur, min(a - _ONE, need[1])))
        cur = max(cur, b + _ONE)
        if cur > need[1]:
            break
    if cur <= need[1]:
        out.append((cur, need[1]))
    return out


def _best(cands: list[tuple], s: dt.date, e: dt.date) -> list[tuple]:
    """Weighted interval scheduling: the non-overlapping entries (unit, a, b)
    covering the most days of [s, e], the fewest entries on a tie."""
    items = sorted(cands, key=lambda k: (k[2], k[1]))
    best: list[tuple[tuple[int, int], list]] = [((0, 0), [])]  # best[i]: over items[:i]
    for i, it in enumerate(items):
        w = (_days(max(it[1], s), min(it[2], e)), -1)
        j = i
        while j > 0 and items[j - 1][2] >= it[1]:
            j -= 1
        take_score = (best[j][0][0] + w[0], best[j][0][1] + w[1])
        skip = best[i]
        best.append((take_score, best[j][1] + [it]) if take_score > skip[0] else skip)
    return best[-1][1]


# ------------------------------------------------------------ units

class _Unit:
    def __init__(self, uid, title, successor, start, end, known):
        self.id, self.title, self.successor, self.start, self.end, self.known = (
            uid, title, successor, start, end, known)


def _units(store, unit_ids, root_id) -> dict[int, _Unit]:
    rows = store.q(f"SELECT * FROM unit WHERE id IN ({','.join('?' * len(unit_ids))})", tuple(unit_ids))
    by_id = {r["id"]: r for r in rows}
    single = len(unit_ids) == 1
    out = {}
    for uid in unit_ids:
        r = by_id.get(uid) or {}
        merged = r.get("ngay_sap_nhap")
        succ = r.get("merged_into_id") if uid != root_id else None
        succ = succ if succ in by_id else None
        title = "" if single else (store.unit_title(r) if uid == root_id else W.PF_UNIT_OLD.format(
            title=store.unit_title(r)))
        preds = [_day(p["ngay_sap_nhap"]) for p in rows if p.get("merged_into_id") == uid and p.get("ngay_sap_nhap")]
        start = max(preds) if preds else None
        end = _day(merged) - _ONE if (uid != root_id and merged) else None
        out[uid] = _Unit(uid, title, succ, start, end, known=(uid == root_id or bool(merged)))
    return out


def _successors(units: dict[int, _Unit], uid: int) -> set[int]:
    out: set[int] = set()
    cur = units[uid].successor
    while cur is not None and cur not in out:
        out.add(cur)
        cur = units[cur].successor
    return out


def _depth_order(units: dict[int, _Unit], root_id: int) -> list[int]:
    return sorted(units, key=lambda u: (len(_successors(units, u)), u != root_id, u))


# ------------------------------------------------------------ choice

def _choose(keys, units, root_id, s, e) -> list[tuple]:
    """Entries (unit, a, b) counted for one group: successors first, each
    unit's best non-overlapping set among the entries no successor covers."""
    chosen: list[tuple] = []
    for u in _depth_order(units, root_id):
        succ = _successors(units, u)
        cands = [k for k in keys if k[0] == u and not any(
            c[0] in succ and c[1] <= k[2] and k[1] <= c[2] for c in chosen)]
        chosen += _best(cands, s, e)
    return sorted(chosen, key=lambda k: (k[1], k[2], k[0]))


def _gaps(chosen, units, lo: dt.date, hi: dt.date, *, shift_edges=None) -> list[FigureGap]:
    """Per unit of known lifetime, the days of [lo, hi] it lived that no counted
    entry of its own or of a successor covers."""
    out = []
    for u in units.values():
        if not u.known:
            continue
        a = max(lo, u.start) if u.start else lo
        b = min(hi, u.end) if u.end else hi
        if a > b:
            continue
        mine = {u.id} | _successors(units, u.id)
        for ga, gb in _subtract((a, b), [(k[1], k[2]) for k in chosen if k[0] in mine]):
            if shift_edges and _days(ga, gb) <= TOLERANCE_DAYS and (ga == shift_edges[0] or gb == shift_edges[1]):
                continue  # the shift of a calendar entry at the period's edge
            out.append(FigureGap(u.id, u.title, ga, gb))
    return sorted(out, key=lambda g: (g.start, g.end, g.unit_title))


def _span(group, chosen, units, period) -> FigureSpan:
    s, e = period.start, period.end
    if not chosen:
        return FigureSpan(group, (), None, None, (), False)
    a, b = min(k[1] for k in chosen), max(k[2] for k in chosen)
    shifted = a < s or b > e
    # gaps inside the span (what the sentence says), over the span and the period together
    lo, hi = min(a, s), max(b, e)
    inside = [g for g in _gaps(chosen, units, lo, hi, shift_edges=(s, e) if shifted else None)
              if g.end >= a and g.start <= b]
    inside = [FigureGap(g.unit_id, g.unit_title, max(g.start, a), min(g.end, b)) for g in inside]
    exact = (a, b) == (s, e) and not inside
    return FigureSpan(group, tuple((k[0], k[1], k[2]) for k in chosen), a, b, tuple(inside), exact)


def period_figures(store, q: _Q, period: Period, root_id: int) -> tuple[Figures, PeriodFigures]:
    """The period figures of ``period`` for the scope of ``q`` (summed by
    code over the counted entries) and their spans and missing parts."""
    s, e = period.start, period.end
    tol = dt.timedelta(days=TOLERANCE_DAYS)
    rows = q.rows(f"""SELECT unit_id, tu_ngay, den_ngay, ma, gia_tri FROM chi_tieu
                      WHERE {q.uin} AND tu_ngay <= ? AND den_ngay >= ?""",
                  (*q.units, (e + tol).isoformat(), (s - tol).isoformat()))
    units = _units(store, q.units, root_id)
    fits: dict[str, dict[tuple, dict[str, float]]] = {}
    unfit: set[tuple] = set()
    for uid, tu, den, ma, v in rows:
        a, b = _day(tu), _day(den)
        inside = _days(max(a, s), min(b, e))
        outside = _days(a, b) - inside
        if inside and inside > outside and outside <= TOLERANCE_DAYS:
            fits.setdefault(group_of(ma), {}).setdefault((uid, a, b), {})[ma] = float(v or 0)
        elif inside:
            unfit.add((uid, a, b))
    totals: dict[str, float] = {}
    spans = []
    every: list[tuple] = []
    for group in [g for g, _ in GROUPS] + [OTHER_GROUP]:
        batches = fits.get(group, {})
        chosen = _choose(list(batches), units, root_id, s, e)
        for k in chosen:
            for ma, v in batches[k].items():
                totals[ma] = totals.get(ma, 0.0) + v
        every += chosen
        spans.append(_span(group, chosen, units, period))
    shifted = any(k[1] < s or k[2] > e for k in every)
    missing = []
    for g in _gaps(every, units, s, e, shift_edges=(s, e) if shifted else None):
        entered = tuple(sorted((a, b) for (u, a, b) in unfit if u == g.unit_id and a <= g.end and g.start <= b
                               and not any(k[0] == u and k[1] == a and k[2] == b for k in every)))
        missing.append(MissingFigures(g.unit_id, g.unit_title, g.start, g.end, entered,
                                      missing_message(g, entered)))
    order = {c: i for i, (_, codes) in enumerate(GROUPS) for c in codes}
    raw = tuple(sorted(totals.items(), key=lambda kv: (order.get(kv[0], 99), kv[0])))
    return _figures(store, raw), PeriodFigures(spans=tuple(spans), missing=tuple(missing))


# ------------------------------------------------------------ words

def dates_text(a: dt.date, b: dt.date) -> str:
    return W.PF_DATES.format(start=a.strftime("%d/%m/%Y"), end=b.strftime("%d/%m/%Y"))


def _preset(a: dt.date, b: dt.date) -> str | None:
    """The report's name of a calendar span ("06 tháng đầu năm 2025"), or None."""
    if a.year != b.year:
        if (a.month, a.day, b.month, b.day) == (1, 1, 12, 31):
            return Period.years(a.year, b.year).label
        return None
    y = a.year
    cands = [Period.year(y), Period.half(y, 1), Period.half(y, 2), Period.months9(y)]
    cands += [Period.quarter(y, i) for i in range(1, 5)] + [Period.month(y, m) for m in range(1, 13)]
    return next((p.label for p in cands if (p.start, p.end) == (a, b)), None)


def span_label(a: dt.date, b: dt.date, period: Period | None = None) -> str:
    """"06 tháng đầu năm 2025"; with the exact dates when the report uses the
    Inspectorate cut-off or names its own period alike; else the dates."""
    preset = _preset(a, b)
    if preset is None:
        return dates_text(a, b)
    if period is not None and (period.cutoff == THANH_TRA or preset == period.label):
        return f"{preset} ({dates_text(a, b)})"
    return preset


def missing_message(g: FigureGap, entered) -> str:
    of = W.PF_OF_UNIT.format(unit=g.unit_title) if g.unit_title else ""
    text = W.PF_MISSING.format(of_unit=of, span=dates_text(g.start, g.end))
    if entered:
        text += W.PF_MISSING_ENTERED.format(spans=", ".join(dates_text(a, b) for a, b in entered))
    return text + "."
