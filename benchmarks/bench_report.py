"""Report benchmarks (issue 5): for one year (2024) of the 10k / 100k / 1M
demo folders, the time to compute the statistics (``core.report.stats.compute``), to
build the document and write the DOCX and the PDF — beside the raw SQLite
floor measured in the same run.

The floor is the least any statistics must do: one SQL pass reading every row
of the year in each record table (`count(*)` and `sum(length(noi_dung))`, so
the rows themselves are read, not only an index).  Goals: statistics within
5× the floor; DOCX ≤ 1 s and PDF ≤ 2 s at 1M.

    python benchmarks/bench_report.py [--sizes 10k,100k,1M]
"""
from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path

from _common import demo_folder, record_count, sizes_from_args, timeit

from core.report.build import BuildParams, build_document
from core.report.docx_writer import write_docx
from core.report.pdf_writer import write_pdf
from core.report.periods import Period
from core.report.stats import compute
from core.session import open_session

FLOOR_SQL = [
    ("don_thu", "ngay_nhan", "sum(length(noi_dung))"),
    ("tiep_cong_dan", "ngay_tiep", "sum(length(noi_dung))"),
    ("hoa_giai", "ngay_nhan", "sum(length(noi_dung))"),
    ("doi_thoai", "ngay", "sum(so_nguoi_du)"),
    ("hoat_dong", "ngay", "sum(so_nguoi)"),
]


def bench(label: str) -> dict:
    folder = demo_folder(label)
    store = open_session(folder)  # applies pending migrations once, before timing
    raw = sqlite3.connect(str(folder / "sodanvan.db"))
    period = Period.year(2024)
    s, e = period.sql_range()

    def floor():
        for table, col, agg in FLOOR_SQL:
            raw.execute(f"SELECT count(*), {agg} FROM {table} WHERE {col} BETWEEN ? AND ?", (s, e)).fetchone()

    res = {"size": label, "floor": timeit(floor, 5)}
    res["stats"] = timeit(lambda: compute(store, period, compare=False), 3)
    res["stats_cmp"] = timeit(lambda: compute(store, period, compare=True), 3)
    stats = compute(store, period, compare=True)
    params = BuildParams(period=period, compare=True)
    res["build"] = timeit(lambda: build_document(store, params, stats=stats), 3)
    doc = build_document(store, params, stats=stats)
    with tempfile.TemporaryDirectory() as d:
        res["docx"] = timeit(lambda: write_docx(doc, Path(d) / "r.docx"), 3)
        res["pdf"] = timeit(lambda: write_pdf(doc, Path(d) / "r.pdf"), 3)
    res["records"] = record_count(store)
    store.close()
    raw.close()
    return res


def main():
    sizes = sizes_from_args(__doc__)
    print()
    print("| records | floor (one pass over 2024) | statistics 2024 (× floor) | with comparison year | build document | write DOCX | write PDF |")
    print("|---|---|---|---|---|---|---|")
    for label in sizes:
        r = bench(label)
        f = r["floor"]
        print(f"| {label} ({r['records']:,}) | {f:.1f} ms | {r['stats']:.0f} ms ({r['stats'] / f:.1f}×) | "
              f"{r['stats_cmp']:.0f} ms ({r['stats_cmp'] / (2 * f):.1f}× two floors) | {r['build']:.0f} ms | "
              f"{r['docx']:.0f} ms | {r['pdf']:.0f} ms |")


if __name__ == "__main__":
    main()
