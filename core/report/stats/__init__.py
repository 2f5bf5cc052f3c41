"""Report statistics (SPEC §3 counting rules, §6.2–6.3): one computation per
figure, read by the prose builders, the annex tables, the on-screen
statistics and the home page.

``compute(store, period)`` returns an immutable ``Stats``.  The package:

- ``core/report/stats/model.py`` — the result classes (``Stats``, ``Count``,
  ``Rate``, ``Petitions``, …): what every consumer reads;
- ``core/report/stats/queries.py`` — the SQL of each area (profile,
  reception, dialogues, mediation, models, documents, activities, period
  figures, per-year rows);
- ``core/report/stats/petitions.py`` — the SQL of the petitions' figures;
- this module — ``compute``, which runs them for a period and a unit scope.

docs/FIGURES.md maps every printed figure: sentence → prose builder →
``Stats`` field → query function.

Every count is an indexed SQL aggregate (``GROUP BY``), never a Python loop
over records, so a year of a 1,000,000-record store takes about half a second
(≈ 5× one plain SQL pass over the year's rows, benchmarks/bench_report.py).
The period's rows are read from covering indexes (migration set
``sodanvan.stats`` in ``core/records/feature_tables.py``), never copied; each
table is read in as few passes as possible, and where a GROUP BY has several
text keys they are sorted as one JSON text (much cheaper in SQLite's
sorter).  The only Python per-group work is the deadline of each distinct
(type, complexity, extensions, start date) combination, computed by
``core.records.deadlines`` (the one place deadline rules live) and joined
back into SQL through a temporary table.

Internal sums hold by construction (tests/report/test_stats.py checks them
with hypothesis):

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
import threading

from core.report.periods import Period
from core.report.stats.model import (
    Activities,
    Activity,
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
    Petitions,
    Profile,
    Rate,
    Reception,
    ReceptionGroup,
    ResolutionRow,
    Stats,
    YearRow,
)
from core.report.stats.period_figures import period_figures
from core.report.stats.petitions import _petitions
from core.report.stats.queries import (
    _Q,
    _activities,
    _by_year,
    _dialogues,
    _documents,
    _mediation,
    _models,
    _profile,
    _reception,
)

__all__ = [
    "compute", "Activities", "Activity", "Count", "Dialogues", "Document", "Documents", "Figures", "Mediation",
    "MediationKind", "MediationRow", "ModelItem", "ModelYear", "Models", "Petitions", "Profile", "Rate",
    "Reception", "ReceptionGroup", "ResolutionRow", "Stats", "YearRow",
]


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
    # a period figure overlapping the period may count for it (core/report/stats/period_figures.py)
    return bool(q.one(f"SELECT 1 FROM chi_tieu WHERE {q.uin} AND tu_ngay <= ? AND den_ngay >= ? LIMIT 1",
                      (*q.units, e, s)))


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
    figures, spans = period_figures(store, q, period, root)
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
        figures=figures,
        by_year=by_year,
        previous=previous,
        period_figures=spans,
    )
