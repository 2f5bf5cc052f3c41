"""Store benchmarks (issue 2): demo generation rate; for 10k / 100k / 1M
records the time to open the store, to count one year's petitions by type,
and to answer a folded surname search — each next to the raw SQLite floor
measured in the same run.

    python benchmarks/bench_store.py [--sizes 10k,100k,1M]
"""
from __future__ import annotations

import sqlite3
import tempfile
import time

from _common import demo_folder, record_count, sizes_from_args, timeit

from core.io.demo import generate
from core.session import open_session


def bench_generation(n: int = 100_000) -> float:
    with tempfile.TemporaryDirectory() as d:
        s = open_session(d)
        t0 = time.perf_counter()
        added = generate(s, records=n, years=(2021, 2025), seed=2)
        dt = time.perf_counter() - t0
        s.close()
    return sum(added.values()) / dt


def bench_size(label: str) -> dict:
    folder = demo_folder(label)
    db = str(folder / "sodanvan.db")
    year = ("2024-01-01", "2024-12-31")
    res = {"size": label}

    def open_app():
        open_session(folder).close()

    def open_raw():
        c = sqlite3.connect(db)
        c.execute("SELECT 1 FROM don_thu LIMIT 1").fetchone()
        c.close()

    res["open"] = (timeit(open_app), timeit(open_raw))

    store = open_session(folder)
    raw = sqlite3.connect(db)
    res["records"] = record_count(store)

    def count_app():
        return store.q("SELECT loai, count(*) AS n FROM don_thu WHERE ngay_nhan BETWEEN ? AND ? GROUP BY loai", year)

    def count_raw():
        return raw.execute("SELECT count(*) FROM don_thu WHERE ngay_nhan BETWEEN ? AND ?", year).fetchone()

    res["count"] = (timeit(count_app), timeit(count_raw))

    def search_app():
        return store.search_ids("don_thu", "Đặng")

    def search_raw():
        return raw.execute("SELECT rowid FROM don_thu_fts WHERE don_thu_fts MATCH '\"dang\"*'").fetchall()

    res["search"] = (timeit(search_app), timeit(search_raw))
    res["hits"] = len(search_app())
    store.close()
    raw.close()
    return res


def main():
    sizes = sizes_from_args(__doc__)
    rate = bench_generation()
    print(f"Demo generation: {rate:,.0f} records/s (100k records)")
    print()
    print("| records | open store (app / raw floor) | count 2024 petitions by type (app / floor) | search 'Đặng' (app / floor, hits) |")
    print("|---|---|---|---|")
    for label in sizes:
        r = bench_size(label)
        o, c, s = r["open"], r["count"], r["search"]
        print(f"| {label} ({r['records']:,}) | {o[0]:.1f} / {o[1]:.1f} ms ({o[0] / o[1]:.1f}×) | "
              f"{c[0]:.1f} / {c[1]:.1f} ms ({c[0] / c[1]:.1f}×) | {s[0]:.1f} / {s[1]:.1f} ms ({s[0] / s[1]:.1f}×, {r['hits']:,}) |")


if __name__ == "__main__":
    main()
