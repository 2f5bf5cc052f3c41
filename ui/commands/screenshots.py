"""``python main.py screenshots --out DIR``: the app offscreen on a demo data
folder at 1366×768, a PNG of every page, every Settings tab, the first-start
setup, the empty pages, and every record editor (one filled, one showing
validation errors) — to look at before calling the UI done."""
from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from core.records import lookups


def register(sub):
    p = sub.add_parser("screenshots", help="chụp ảnh mọi trang và mọi cửa sổ nhập liệu (không cần màn hình)",
                       description="Mở chương trình trên dữ liệu mẫu (không hiện cửa sổ), khổ 1366×768, "
                                   "và lưu ảnh PNG của mọi trang và mọi cửa sổ nhập liệu.")
    p.add_argument("--out", metavar="THƯ_MỤC", type=Path, required=True, help="thư mục lưu ảnh")
    p.add_argument("--demo-dir", metavar="THƯ_MỤC", type=Path, default=None,
                   help="thư mục dữ liệu mẫu (mặc định: thư mục tạm, tạo mới)")
    p.add_argument("--records", metavar="SỐ", type=int, default=None,
                   help="số hồ sơ mẫu (mặc định: quy mô một xã thật)")
    p.set_defaults(func=run)


def _slug(text: str) -> str:
    from core.text import fold
    return re.sub(r"[^a-z0-9]+", "_", fold(text)).strip("_")


def _add_open_cases(store):
    """A few cases received in the last days, so the home page shows what
    is due this week and what is overdue (the demo closes its own cases)."""
    import datetime as dt
    today = dt.date.today()
    for days, name, loai in ((8, "Phạm Thị Hạnh", "kien_nghi"), (16, "Lê Văn Tám", "phan_anh"),
                             (3, "Trần Quốc Việt", "khieu_nai")):
        store.create("don_thu", {"ngay_nhan": (today - dt.timedelta(days=days)).isoformat(), "ho_ten": name,
                                 "loai": loai, "linh_vuc": "dat_dai",
                                 "noi_dung": "Đề nghị giải quyết việc cấp giấy chứng nhận quyền sử dụng đất"})
    # land disputes at UBND xã still open: their 30-day deadline red, amber, green in the hòa giải list
    for days, a, b in ((34, "Lê Văn Hòa", "Nguyễn Thị Bình"), (25, "Trần Văn Sơn", "Phạm Văn Lâm"),
                       (9, "Đỗ Thị Hằng", "Võ Văn Nam")):
        store.create("hoa_giai", {"kind": "dat_dai", "ngay_nhan": (today - dt.timedelta(days=days)).isoformat(),
                                  "nguon": "ben_yeu_cau", "ben_a": a, "ben_b": b, "linh_vuc": "dan_su",
                                  "noi_dung": "Tranh chấp ranh giới thửa đất giáp ranh", "ket_qua": "dang"})


def run(args) -> int:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import QSize, Qt
    from PySide6.QtWidgets import QApplication

    from core.io import demo
    from core.session import open_session
    from ui import actions
    from ui.app import make_app, run_store_hooks
    from ui.first_start import FirstStartDialog
    from ui.main_window import DocumentsPage, MainWindow
    from ui.pages.settings import SettingsPage

    app = make_app()
    actions.load_plugins()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    tmp = tempfile.TemporaryDirectory(prefix="sodanvan_shots_")
    demo_dir = Path(args.demo_dir) if args.demo_dir else Path(tmp.name) / "demo"
    store = open_session(demo_dir)
    if store.current_unit() is None:
        demo.generate(store, records=args.records)
        _add_open_cases(store)
    run_store_hooks(store)
    last_year = lookups.last_year_before(store, __import__("datetime").date.today().year) or 2025
    saved: list[str] = []

    def settle():
        for _ in range(3):
            app.processEvents()

    def wait_home(window):
        import time
        home = getattr(window, "pages", {}).get("tong_quan")
        deadline = time.monotonic() + 60
        while home is not None and not getattr(home, "cards_ready", True) and time.monotonic() < deadline:
            app.processEvents()
            time.sleep(0.02)

    def grab(widget, name):
        settle()
        wait_home(widget)
        settle()
        path = out / f"{len(saved) + 1:02d}_{name}.png"
        widget.grab().save(str(path))
        saved.append(path.name)

    win = MainWindow(store, demo=True, remember=False)
    win.setWindowState(Qt.WindowState.WindowNoState)  # the offscreen screen is small: do not start maximized
    win.resize(QSize(1366, 768))
    win.show()
    win.period_selector.set_period(last_year)
    settle()
    for key in win.page_keys():
        win.show_page(key)
        page = win.pages[key]
        grab(win, f"trang_{key}")
        if isinstance(page, DocumentsPage):
            page.tabs.setCurrentIndex(1)
            grab(win, f"trang_{key}_hoat_dong")
            page.tabs.setCurrentIndex(0)
        if isinstance(page, SettingsPage):
            for i in range(1, page.tabs.count()):
                page.tabs.setCurrentIndex(i)
                grab(win, f"cai_dat_{_slug(page.tabs.tabText(i))}")
            page.tabs.setCurrentIndex(0)
    # a search and a status filter, as a clerk would use them
    lp = win.list_pages["don_thu"]
    win.show_page("don_thu")
    lp.filter_bar.search.setText("dang")
    lp.filter_bar.flush()
    grab(win, "don_thu_tim_dang")
    lp.filter_bar.clear()
    # the smallest window (a 1024×768 screen): pages reflow instead of scrolling sideways
    win.resize(QSize(1024, 640))
    for key in win.page_keys():
        if key != "bao_cao":  # the report page at 1024×768: below, with a report open
            win.show_page(key)
            grab(win, f"man_hinh_nho_{key}")
    win.resize(QSize(1366, 768))
    # every editor: one filled (the latest record), one with validation errors
    try:
        from ui.editors import EDITOR_KINDS, EditorDialog, show_validation_demo
    except ImportError:
        EDITOR_KINDS, EditorDialog, show_validation_demo = (), None, None
    for kind in EDITOR_KINDS:
        rid = lookups.last_id(store, kind)
        if rid is not None:
            dlg = EditorDialog(store, kind, rid, None, win)
            dlg.show()
            grab(dlg, f"soan_{kind}_da_nhap")
            dlg.hide()
            dlg.deleteLater()
        dlg = EditorDialog(store, kind, None, None, win)
        dlg.show()
        show_validation_demo(dlg)
        grab(dlg, f"soan_{kind}_bao_loi")
        dlg.hide()
        dlg.deleteLater()
    # a land dispute at UBND xã: the session and the Hội đồng hòa giải (issue 14), and the open
    # cases' deadlines in the list of this year
    rid = lookups.last_id(store, "hoa_giai", kind="dat_dai", ket_qua="thanh")
    if rid is not None:
        dlg = EditorDialog(store, "hoa_giai", rid, None, win)
        dlg.show()
        grab(dlg, "soan_hoa_giai_tranh_chap_dat_dai")
        dlg.hide()
        dlg.deleteLater()
    win.period_selector.set_period(__import__("datetime").date.today().year)
    win.show_page("hoa_giai")
    grab(win, "hoa_giai_han_tranh_chap_dat_dai")
    win.period_selector.set_period(last_year)
    # the Thùng rác with a record and a tố cáo in it (put back afterwards)
    from core.records import trash
    from ui.trash import TrashDialog

    trashed = [store.trash(kind, rid) for kind, rid in
               (("hoat_dong", lookups.last_id(store, "hoat_dong")),
                ("don_thu", lookups.last_id(store, "don_thu", loai="to_cao"))) if rid is not None]
    dlg = TrashDialog(store, win)
    dlg.show()
    grab(dlg, "thung_rac")
    dlg.hide()
    dlg.deleteLater()
    for tid in trashed:
        if tid is not None:
            trash.restore(store, tid)
    # the papers of one record (issue 14): "In…", the issue dialog, Giấy tờ đã phát hành
    from ui.papers.shots import grab_all as grab_papers

    def save_pixmap(pixmap, name):
        path = out / f"{len(saved) + 1:02d}_{name}.png"
        pixmap.save(str(path))
        saved.append(path.name)

    grab_papers(store, win, grab, save_pixmap)
    # "In sổ…" (issue 14): the list page with its button, the dialog with the book's preview
    import time

    def book_ready(dlg):
        deadline = time.monotonic() + 60
        while (dlg.book is None or dlg.busy() or dlg._timer.isActive()) and time.monotonic() < deadline \
                and not dlg.message.text().startswith("Không"):
            app.processEvents()
            time.sleep(0.02)
        end = time.monotonic() + 1.0  # QPdfView renders its pages after the load
        while time.monotonic() < end:
            app.processEvents()
            time.sleep(0.02)

    for kind, size, name in (("tiep_cong_dan", QSize(1366, 768), "in_so_tiep_cong_dan"),
                             ("don_thu", QSize(1024, 768), "man_hinh_nho_in_so_xu_ly_don"),
                             ("hoa_giai", QSize(1366, 768), "in_so_hoa_giai")):
        win.resize(size)
        win.show_page(kind)
        if kind == "tiep_cong_dan":
            grab(win, "danh_sach_nut_in_so")
        dlg = win.list_pages[kind].print_book()
        dlg.resize(min(1000, size.width() - 24), min(700, size.height() - 68))
        book_ready(dlg)
        grab(dlg, name)
        dlg.close()
    win.resize(QSize(1366, 768))
    # the Báo cáo page with a year report open: its sections and its header
    from core.report import saved as R
    from core.report.periods import Period

    rep_page = win.pages.get("bao_cao")
    if rep_page is not None and hasattr(rep_page, "open_report"):
        rid = R.create_report(store, R.new_report(store, None, Period.year(last_year), compare=True))
        win.show_page("bao_cao")
        rep_page.list.reload(select_id=rid)
        grab(win, "bao_cao_danh_sach")
        rep_page.open_report(rid)
        editor = rep_page.editor
        grab(win, "bao_cao_noi_dung")
        editor.tabs.setCurrentWidget(editor.header)
        grab(win, "bao_cao_thong_tin_chung")
        editor.tabs.setCurrentWidget(editor.sections)
        # the report page on a 1024×768 screen: the section tree and the list still readable
        win.resize(QSize(1024, 768))
        grab(win, "man_hinh_nho_bao_cao_noi_dung")
        rep_page.stack.setCurrentWidget(rep_page.list)
        rep_page.list.reload(select_id=rid)
        grab(win, "man_hinh_nho_bao_cao_danh_sach")
        # the sidebar put away (Xem › Hiện thanh điều hướng, Ctrl+B)
        if hasattr(win, "set_nav_visible"):
            rep_page.open_report(rid)
            win.set_nav_visible(False)
            grab(win, "man_hinh_nho_bao_cao_khong_thanh_dieu_huong")
            win.set_nav_visible(True)
        win.resize(QSize(1366, 768))
    win.hide()
    # an empty data folder: first start, then the empty pages
    empty = open_session(Path(tmp.name) / "empty")
    fs = FirstStartDialog(empty)
    fs.show()
    grab(fs, "thiet_lap_ban_dau")
    fs.ten.setText("")
    fs.accept_setup()
    grab(fs, "thiet_lap_ban_dau_bao_loi")
    fs.ten.setText("Nghĩa Phương")
    fs.tinh.setText("Quảng Ngãi")
    fs.accept_setup()
    fs.hide()
    ew = MainWindow(empty, remember=False)
    ew.setWindowState(Qt.WindowState.WindowNoState)
    ew.resize(QSize(1366, 768))
    ew.show()
    for key in ("tong_quan", "don_thu", "hoa_giai", "cai_dat"):
        ew.show_page(key)
        grab(ew, f"trong_{key}")
    ew.hide()
    empty.close()
    store.close()
    # the safety screens (restore, import, audit log, password, error dialog)
    try:
        from ui.safety.shots import grab_all
    except ImportError:
        grab_all = None
    if grab_all is not None:
        saved.extend(p.name for p in grab_all(out, Path(tmp.name) / "an_toan"))
    for name in saved:
        print(out / name)
    print(f"Đã lưu {len(saved)} ảnh vào {out}")
    QApplication.processEvents()
    return 0
