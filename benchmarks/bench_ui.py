"""UI benchmark (issue 6): on a big demo folder, the time to open each list
page and to answer a search, and the peak memory after visiting every page.

    python main.py --data-dir /tmp/bench1m demo --records 1000000   # once
    python benchmarks/bench_ui.py --data-dir /tmp/bench1m [--write-doc]

Goal: ≤ 100 ms per page / search, ≤ 250 MB peak.  "Open a page" = switch to
it in the main window (1366×768, offscreen) with the period selector on a
year and the first screen of rows painted: the id query (or, for big lists,
a count and the first window of ids), the row fetch of the visible page and
the paint.  Each figure is the median of ``--repeat`` runs (the page is
marked stale between runs so the query really runs again).  The folder is
opened without migrating (read-only use: nothing is written to it).
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

LIST_PAGES = ["don_thu", "tiep_cong_dan", "doi_thoai", "hoa_giai", "mo_hinh", "van_ban", "hoat_dong", "chi_tieu"]
SEARCHES = [("don_thu", "dang"), ("don_thu", "nguyen van"), ("tiep_cong_dan", "dang"), ("hoa_giai", "dang")]


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data-dir", default="/tmp/bench1m")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--write-doc", action="store_true", help="append the results to docs/PERFORMANCE.md")
    a = ap.parse_args(argv)

    from PySide6.QtCore import Qt, QThreadPool

    from core.session import open_session
    from ui.app import make_app
    from ui.main_window import MainWindow
    from ui.pages.home import HomePage
    from ui.widgets.period import make_period

    app = make_app()
    base_mb = peak_mb()
    store = open_session(a.data_dir, migrate=False)
    counts = {k: store.count(k) for k in LIST_PAGES}
    total = sum(counts.values())
    year = max(int(store.q1("SELECT max(ngay_nhan) FROM don_thu")[:4]), 2021)
    HomePage.async_stats = True
    w = MainWindow(store, remember=False)
    w.resize(1366, 768)
    w.show()
    w.show_page("cai_dat")
    app.processEvents()
    QThreadPool.globalInstance().waitForDone()  # the home figures of the first screen

    def settle(page):
        app.processEvents()
        w.repaint()  # the visible rows are fetched and painted now

    def lp(key):
        return w.list_pages[key]

    def open_page(key):
        page = lp(key)
        page._dirty = True
        w.show_page("cai_dat")  # away (not the home page: it would start computing figures)
        t = time.perf_counter()
        w.show_page("van_ban_hoat_dong" if key in ("van_ban", "hoat_dong") else key)
        if key in ("van_ban", "hoat_dong"):
            w.pages["van_ban_hoat_dong"].tabs.setCurrentWidget(page)
            if page._dirty:
                page.refresh()
        settle(page)
        return (time.perf_counter() - t) * 1000, page.model.rowCount(), page.model.windowed

    results = []  # (what, period, ms, rows, note)
    for label, per in ((f"năm {year}", make_period(year)), ("tất cả các năm", None)):
        w.period_selector.set_period(year if per else None)
        app.processEvents()
        for key in LIST_PAGES:
            runs = [open_page(key) for _ in range(a.repeat)]
            ms = statistics.median(r[0] for r in runs)
            results.append((f"mở trang {key}", label, ms, runs[0][1], "cửa sổ id" if runs[0][2] else "toàn bộ id"))
        for key, text in SEARCHES:
            page = lp(key)
            w.show_page(key)
            settle(page)
            runs = []
            for _ in range(a.repeat):
                page.filter_bar.search.setText(text)
                t = time.perf_counter()
                page.filter_bar.flush()
                settle(page)
                runs.append(((time.perf_counter() - t) * 1000, page.model.rowCount()))
                page.filter_bar.search.setText("")
                page.filter_bar.flush()
            results.append((f"tìm “{text}” ({key})", label, statistics.median(r[0] for r in runs), runs[0][1], ""))
        # sort by name
        page = lp("don_thu")
        w.show_page("don_thu")
        settle(page)
        col = [c.key for c in page.model.columns].index("nguoi_gui")
        hh = page.view.horizontalHeader()
        runs = []
        for i in range(a.repeat):
            t = time.perf_counter()
            hh.setSortIndicator(col, Qt.SortOrder.AscendingOrder if i % 2 == 0 else Qt.SortOrder.DescendingOrder)
            settle(page)
            runs.append((time.perf_counter() - t) * 1000)
        hh.setSortIndicator([c.key for c in page.model.columns].index("ngay_nhan"), Qt.SortOrder.DescendingOrder)
        results.append(("sắp xếp theo người gửi (don_thu)", label, statistics.median(runs), page.model.rowCount(), ""))
        # scroll to the end of the petitions list
        page.view.scrollToBottom()
        t = time.perf_counter()
        settle(page)
        results.append(("cuộn tới cuối danh sách đơn", label, (time.perf_counter() - t) * 1000,
                        page.model.rowCount(), ""))
    # home page: the window part, then the figures on the worker thread
    w.period_selector.set_period(year)
    w.show_page("don_thu")
    app.processEvents()
    home = w.pages["tong_quan"]
    home._dirty = True
    t = time.perf_counter()
    w.show_page("tong_quan")
    settle(home)
    ui_ms = (time.perf_counter() - t) * 1000
    while not home.cards_ready:
        app.processEvents()
        time.sleep(0.005)
    stats_ms = (time.perf_counter() - t) * 1000
    results.append(("trang Tổng quan (cửa sổ hiện ngay)", f"năm {year}", ui_ms, 0, ""))
    results.append(("… số liệu core.report.stats xong (luồng nền)", f"năm {year}", stats_ms, 0, ""))
    for key in w.page_keys():  # visit every page once more
        w.show_page(key)
        settle(w.pages[key])
    peak = peak_mb()

    lines = [f"{total:,} records ({', '.join(f'{k} {v:,}' for k, v in counts.items())}).".replace(",", "."),
             "", "| thao tác | kỳ | ms (trung vị) | số dòng | ghi chú |", "|---|---|---:|---:|---|"]
    for what, per, ms, rows, note in results:
        lines.append(f"| {what} | {per} | {ms:.0f} | {rows:,} | {note} |".replace(",", "."))
    lines += ["", f"Peak RSS after visiting every page: **{peak:.0f} MB** (Qt application alone: {base_mb:.0f} MB)."]
    text = "\n".join(lines)
    print(text)
    if a.write_doc:
        import platform
        import sqlite3
        head = (f"\n## UI\n\n`python benchmarks/bench_ui.py --data-dir {a.data_dir}` — measured "
                f"{time.strftime('%d/%m/%Y')} on {platform.system()} {platform.machine()}, {os.cpu_count()} cores, "
                f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, Qt offscreen at 1366×768, "
                "with other jobs sharing the cores.\n\n")
        with open(ROOT / "docs" / "PERFORMANCE.md", "a", encoding="utf-8") as f:
            f.write(head + text + "\n")
    store.conn.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
