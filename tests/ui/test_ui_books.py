""""In sổ…" on the list pages (issue 14), driven like a clerk (pytest-qt,
offscreen; the file and print dialogs patched): the book of the period the
list shows, its preview, "In…", "Lưu DOCX… / PDF… / Excel…"; tố cáo rows
masked in what is saved; an empty period; errors said in the dialog; the
petition list's columns at 1024×768."""
from __future__ import annotations

import datetime as dt
import re
import subprocess
import zipfile

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QSettings, QSize, Qt
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QDialog

from core.io import demo
from core.report.periods import Period
from core.text import fmt_date
from ui import main_window as mw_mod
from ui.pages.list_page import ListPage
from ui.papers import books as B
from ui.papers import preview as P
from ui.widgets import vi
from ui.widgets.period import make_period


@pytest.fixture(autouse=True)
def _vi(qapp):
    vi.install(qapp)


@pytest.fixture
def demo_store(store):
    demo.generate(store, years=(2024, 2025), seed=1)
    return store


@pytest.fixture
def saves(tmp_path, monkeypatch):
    """The "Lưu…" file question answered with a file in tmp_path (the name
    the dialog suggests, kept in ``asked``); the folder remembered in a file of
    the test's own."""
    asked = []
    ini = tmp_path / "settings.ini"
    monkeypatch.setattr(P, "settings", lambda: QSettings(str(ini), QSettings.Format.IniFormat))
    out = tmp_path / "out"
    out.mkdir()

    def save_name(parent, title, start, filt):
        asked.append((title, start, filt))
        return str(out / start.replace("\\", "/").rsplit("/", 1)[-1]), filt

    monkeypatch.setattr(P.QFileDialog, "getSaveFileName", save_name)
    return asked


def _page(qtbot, store, kind, period):
    page = ListPage(store, kind)
    qtbot.addWidget(page)
    page.resize(1100, 600)
    page.set_period(period)
    page.show()
    qtbot.waitExposed(page)
    return page


def _ready(qtbot, dlg):
    qtbot.waitUntil(lambda: dlg.book is not None and not dlg.busy() and not dlg._timer.isActive(), timeout=60000)


def _open_book(qtbot, page) -> B.BookDialog:
    qtbot.mouseClick(page.book_btn, Qt.MouseButton.LeftButton)
    dlg = page.book_dialog
    assert isinstance(dlg, B.BookDialog) and dlg.isVisible()
    qtbot.waitExposed(dlg)
    _ready(qtbot, dlg)
    return dlg


def _choose_part(qtbot, dlg, code):
    box = dlg.period_sel.part
    box.setCurrentIndex(box.findData(code))
    qtbot.waitUntil(lambda: dlg.book_period is not None and dlg.book_period.kind != "year", timeout=60000)
    _ready(qtbot, dlg)


def _save(qtbot, dlg, fmt):
    qtbot.mouseClick(dlg.save_btns[fmt], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dlg.busy(), timeout=60000)
    assert dlg.last_saved is not None and dlg.last_saved.suffix == f".{fmt}", dlg.message.text()
    return dlg.last_saved


def _xlsx_rows(path) -> list[list]:
    """The book's body rows (from STT 1 down) as read by openpyxl."""
    ws = load_workbook(path).active
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    first = next(i for i, r in enumerate(rows) if r[0] == 1)
    return [r for r in rows[first:] if r[0] is not None]


def _visits(store, start, end):
    return store.q("SELECT * FROM tiep_cong_dan WHERE ngay_tiep BETWEEN ? AND ? ORDER BY ngay_tiep, id",
                   (start, end))


def test_clerk_prints_the_reception_book_of_the_first_half_year(qtbot, demo_store, saves, tmp_path):
    page = _page(qtbot, demo_store, "tiep_cong_dan", make_period(2025))
    assert page.book_btn.text() == "In sổ…"
    dlg = _open_book(qtbot, page)
    # one book for this list: named, no choice to make; the list's period (năm 2025) chosen
    assert not dlg.kind.isVisible() and dlg.kind_label.text().startswith("Sổ tiếp công dân")
    assert dlg.period_sel.year_value() == 2025 and dlg.period_sel.part_value() == "nam"
    _choose_part(qtbot, dlg, "h1")
    assert dlg.book_period == Period.half(2025, 1)
    visits = _visits(demo_store, "2025-01-01", "2025-06-30")
    assert visits  # the demo has visits in the half-year
    assert dlg.preview.page_count() >= 1 and dlg.preview.pages.text().startswith("Trang 1/")
    assert dlg.message.text() == (f"Sổ tiếp công dân 06 tháng đầu năm 2025: {len(visits)} dòng, "
                                  f"{dlg.preview.page_count()} trang.")
    # Lưu Excel…: the rows are the visits of the period, in order
    xlsx = _save(qtbot, dlg, "xlsx")
    title, start, filt = saves[-1]
    assert title == "Lưu ra tệp Excel" and filt == "Bảng tính Excel (*.xlsx)"
    assert start.endswith("So-tiep-cong-dan-06-thang-dau-nam-2025.xlsx")
    rows = _xlsx_rows(xlsx)
    assert [r[0] for r in rows] == list(range(1, len(visits) + 1))
    assert [r[1] for r in rows] == [fmt_date(v["ngay_tiep"]) for v in visits]
    assert [r[4] for r in rows] == [v["noi_dung"] for v in visits]
    assert "Đã lưu: So-tiep-cong-dan-06-thang-dau-nam-2025.xlsx" == dlg.message.text()
    assert dlg.open_saved.isVisible() and dlg.open_saved.path == xlsx
    # Lưu PDF…: landscape pages, as many as previewed
    pdf = _save(qtbot, dlg, "pdf")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    w, h = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups())
    assert w > h
    assert int(re.search(r"Pages:\s+(\d+)", info).group(1)) == dlg.preview.page_count()
    # Lưu DOCX…: a landscape section
    docx = _save(qtbot, dlg, "docx")
    with zipfile.ZipFile(docx) as z:
        assert 'w:orient="landscape"' in z.read("word/document.xml").decode("utf-8")
    # the folder is remembered for the next book
    assert P.settings().value(B.SAVE_KEY) == str(xlsx.parent)
    qtbot.mouseClick(dlg.close_btn, Qt.MouseButton.LeftButton)
    assert not dlg.isVisible()


def test_print_sends_the_previewed_pages_to_the_printer(qtbot, demo_store, tmp_path, monkeypatch):
    page = _page(qtbot, demo_store, "tiep_cong_dan", make_period(2025, "h2"))
    dlg = _open_book(qtbot, page)
    assert dlg.book_period == Period.half(2025, 2)  # the list's period
    printed = tmp_path / "printed.pdf"
    shown = []

    def fake_exec(pd):
        shown.append(pd.windowTitle())
        pr = pd.printer()
        pr.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        pr.setOutputFileName(str(printed))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(P.QPrintDialog, "exec", fake_exec)
    qtbot.mouseClick(dlg.print_btn, Qt.MouseButton.LeftButton)
    assert shown == ["In — Sổ tiếp công dân 06 tháng cuối năm 2025"]
    doc = QPdfDocument()
    doc.load(str(printed))
    assert doc.pageCount() == dlg.preview.page_count() >= 1
    doc.close()
    assert dlg.message.text() == f"Đã gửi {dlg.preview.page_count()} trang đến máy in."


def test_petition_list_offers_its_book_and_masks_the_denouncer(qtbot, demo_store, saves):
    page = _page(qtbot, demo_store, "don_thu", make_period(2025))
    dlg = _open_book(qtbot, page)
    assert dlg.kind_label.text() == "Sổ theo dõi xử lý đơn" and dlg.key() == "so_xu_ly_don"
    assert "SỔ THEO DÕI XỬ LÝ ĐƠN" == dlg.book.title
    to_cao = demo_store.q("SELECT * FROM don_thu WHERE loai = 'to_cao' AND ngay_nhan BETWEEN '2025-01-01' AND "
                          "'2025-12-31'")
    assert to_cao, "the demo has tố cáo petitions in 2025"
    # the denouncers' names and CCCD (those no other sender of the year shares)
    others = demo_store.q("SELECT ho_ten FROM don_thu WHERE loai != 'to_cao' AND ho_ten IS NOT NULL")
    names = ({r["ho_ten"] for r in to_cao if r["ho_ten"]} - {r["ho_ten"] for r in others}) \
        | {r["cccd"] for r in to_cao if r["cccd"]}
    assert names
    xlsx = _save(qtbot, dlg, "xlsx")
    assert xlsx.name == "So-theo-doi-xu-ly-don-2025.xlsx"
    rows = {r[1]: r for r in _xlsx_rows(xlsx)}
    for r in to_cao:
        row = rows[f"{r['so_den']}/{r['nam']}"]
        assert row[4] == "(bảo mật)"
        assert not [v for v in (r["ho_ten"], r["dia_chi"], r["cccd"]) if v and any(v in str(c) for c in row)]
    cells = " ".join(str(v) for r in load_workbook(xlsx).active.iter_rows(values_only=True) for v in r if v)
    assert not [n for n in names if n in cells]
    # nor in the PDF the clerk prints
    pdf = _save(qtbot, dlg, "pdf")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "(bảo mật)" in text and not [n for n in names if n in text]


def test_an_empty_period_shows_the_book_with_a_line_not_an_error(qtbot, store, saves):
    page = _page(qtbot, store, "tiep_cong_dan", make_period(2025))
    assert page.model.rowCount() == 0
    dlg = _open_book(qtbot, page)
    assert dlg.message.text() == "Sổ tiếp công dân năm 2025: không có lượt tiếp công dân nào trong kỳ."
    assert dlg.preview.page_count() == 1 and dlg.print_btn.isEnabled()
    xlsx = _save(qtbot, dlg, "xlsx")
    assert xlsx.exists()


def test_a_free_range_and_its_mistakes_said_in_the_dialog(qtbot, demo_store, saves, monkeypatch):
    page = _page(qtbot, demo_store, "tiep_cong_dan", make_period(2025))
    dlg = _open_book(qtbot, page)
    box = dlg.period_sel.part
    box.setCurrentIndex(box.findData(B.CUSTOM))
    assert dlg.d_from.isVisible() and not dlg.period_sel.year.isVisible()
    qtbot.waitUntil(lambda: "Hãy nhập" in dlg.message.text(), timeout=5000)
    assert not dlg.save_btns["pdf"].isEnabled() and not dlg.print_btn.isEnabled()
    qtbot.keyClicks(dlg.d_from, "01/03/2025")
    qtbot.keyClicks(dlg.d_to, "01/02/2025")
    qtbot.waitUntil(lambda: dlg.message.text() == "“Đến ngày” phải sau “từ ngày”.", timeout=5000)
    assert "#b3261e" in dlg.message.styleSheet()
    dlg.d_to.clear()
    qtbot.keyClicks(dlg.d_to, "31/03/2025")
    qtbot.waitUntil(lambda: dlg.book_period is not None and dlg.book_period.kind == "custom", timeout=60000)
    _ready(qtbot, dlg)
    visits = _visits(demo_store, "2025-03-01", "2025-03-31")
    assert len(dlg.book.rows()) == len(visits)
    assert dlg.message.text().startswith("Sổ tiếp công dân từ ngày 01/03/2025 đến ngày 31/03/2025:")
    # a file that cannot be written: said in the dialog, in Vietnamese; the dialog stays
    from core.papers import book_writers

    def refuse(book, fmt, path):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(book_writers, "write_book", refuse)
    qtbot.mouseClick(dlg.save_btns["xlsx"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dlg.busy(), timeout=60000)
    assert dlg.message.text().startswith("Không lưu được tệp. Không có quyền ghi")
    assert "#b3261e" in dlg.message.styleSheet() and dlg.isVisible()
    assert saves[-1][1].endswith("So-tiep-cong-dan-tu-ngay-01-03-2025-den-ngay-31-03-2025.xlsx")


def test_a_book_that_cannot_be_made_is_said_in_the_dialog(qtbot, demo_store, monkeypatch):
    from core.papers import books as core_books
    from core.papers.common import PaperError

    def broken(store, key, period, **kw):
        raise PaperError("Chưa khai báo tên đơn vị.")

    monkeypatch.setattr(core_books, "build_book", broken)
    page = _page(qtbot, demo_store, "tiep_cong_dan", make_period(2025))
    qtbot.mouseClick(page.book_btn, Qt.MouseButton.LeftButton)
    dlg = page.book_dialog
    qtbot.waitUntil(lambda: dlg.message.text().startswith("Không lập được sổ."), timeout=60000)
    assert "Chưa khai báo tên đơn vị." in dlg.message.text()
    assert not dlg.print_btn.isEnabled() and not any(b.isEnabled() for b in dlg.save_btns.values())


def test_lists_without_a_book_have_no_button_and_the_menu_offers_every_book(qtbot, demo_store, ini):
    assert _page(qtbot, demo_store, "doi_thoai", make_period(2025)).book_btn is None
    w = mw_mod.MainWindow(demo_store, remember=False)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.period_selector.set_period(2025, "q2")
    w.show_page("tiep_cong_dan")
    menu = w.menus["Tệp"]
    assert w.book_action in menu.actions() and w.book_action.text() == "In sổ…"
    w.book_action.trigger()
    dlg = w.list_pages["tiep_cong_dan"].book_dialog
    _ready(qtbot, dlg)
    assert dlg.keys == ["so_tiep_cong_dan"] and dlg.book_period == Period.quarter(2025, 2)
    dlg.close()
    # from a page without a book: every book, the window's period
    w.show_page("doi_thoai")
    w.book_action.trigger()
    dlg = w.book_dialog
    _ready(qtbot, dlg)
    assert dlg.kind.isVisible() and dlg.keys[:2] == ["so_tiep_cong_dan", "so_xu_ly_don"]
    dlg.kind.setCurrentIndex(dlg.kind.findData("so_xu_ly_don"))
    qtbot.waitUntil(lambda: dlg.book is not None and dlg.book.key == "so_xu_ly_don" and not dlg.busy(),
                    timeout=60000)
    assert dlg.book_period == Period.quarter(2025, 2)
    dlg.close()


def test_part_of_maps_every_period_back_to_the_period_widget():
    assert B.part_of(Period.year_(2025)) == (2025, "nam")
    assert B.part_of(Period.half(2025, 2)) == (2025, "h2")
    assert B.part_of(Period.quarter(2024, 3)) == (2024, "q3")
    assert B.part_of(Period.month(2024, 11)) == (2024, "t11")
    assert B.part_of(Period.months9(2024)) == (2024, "m9")
    assert B.part_of(Period.custom(dt.date(2025, 3, 1), dt.date(2025, 4, 2))) == (None, B.CUSTOM)
    assert B.part_of(None) == (None, "nam")


def test_petition_list_at_1024x768_gives_the_name_more_room_than_an_empty_deadline(qtbot, demo_store, ini):
    """The last closing note: at 1024 px the names were cut to "Nguyễ…" while
    an empty "Hạn / còn (ngày)" column kept 138 px.  Now the deadline column
    fits what it shows and the categories give way before the names."""
    w = mw_mod.MainWindow(demo_store, remember=False)
    qtbot.addWidget(w)
    w.setWindowState(Qt.WindowState.WindowNoState)
    w.resize(QSize(1024, 768))
    w.show()
    qtbot.waitExposed(w)
    w.period_selector.set_period(2025, "h1")  # the demo closed every 2025 case: no deadline shown
    w.show_page("don_thu")
    page = w.list_pages["don_thu"]
    # (the vertical scroll bar shows once the rows are laid out; the columns are fitted again then)
    qtbot.waitUntil(lambda: page.model.rowCount() > 0 and page.view.verticalScrollBar().isVisible()
                    and abs(page._fitted - page.view.viewport().width()) < 8)
    cols = [c.key for c in page.model.columns]
    han, name, content = cols.index("han"), cols.index("nguoi_gui"), cols.index("noi_dung")
    assert all(not page.model.data(page.model.index(r, han)) for r in range(page.model.rowCount()))
    width = page.view.columnWidth
    assert width(name) > width(han) and width(content) > width(han)
    assert width(han) < 100 and width(name) >= 90  # were 138 and 67
    for key in ("loai", "linh_vuc", "huong_xu_ly"):  # the categories gave way first
        assert width(cols.index(key)) < width(name)
    assert sum(width(i) for i in range(len(cols))) <= page.view.viewport().width()  # no sideways scrolling
    header = page.view.horizontalHeader()
    assert page.model.headerData(han, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) == "Hạn / còn (ngày)"
    assert header.textElideMode() == Qt.TextElideMode.ElideRight
    # a deadline shown: the column widens to show it whole
    today = dt.date.today()
    w.period_selector.set_period(today.year)
    demo_store.create("don_thu", {"ngay_nhan": (today - dt.timedelta(days=3)).isoformat(), "ho_ten": "Lê Văn Hạn",
                                  "loai": "khieu_nai", "linh_vuc": "dat_dai", "noi_dung": "Khiếu nại"})
    from ui import ops
    ops.notify("don_thu")
    qtbot.waitUntil(lambda: any(page.model.data(page.model.index(r, han)) for r in range(page.model.rowCount())))
    fm = page.view.fontMetrics()
    texts = [page.model.data(page.model.index(r, han)) or "" for r in range(page.model.rowCount())]
    qtbot.waitUntil(lambda: width(han) >= max(fm.horizontalAdvance(t) for t in texts) + 8)
    QApplication.processEvents()


def test_mediation_list_prints_the_book_of_one_to_hoa_giai(qtbot, demo_store, saves):
    from core.records.lookups import ref_labels

    page = _page(qtbot, demo_store, "hoa_giai", make_period(2025))
    dlg = _open_book(qtbot, page)
    assert dlg.key() == "so_hoa_giai" and dlg.kind_label.text().startswith("Sổ theo dõi hoạt động hòa giải")
    assert dlg.team.isVisible() and dlg.team.currentText() == B.ALL_TEAMS and dlg.book.scope == ""
    every = len(dlg.book.rows())
    team = ref_labels(demo_store, "to_hoa_giai")[0]
    dlg.team.setCurrentIndex(dlg.team.findData(team["id"]))
    qtbot.waitUntil(lambda: dlg.book is not None and dlg.book.scope != "" and not dlg.busy(), timeout=60000)
    assert team["label"] in dlg.book.scope and len(dlg.book.rows()) < every
    xlsx = _save(qtbot, dlg, "xlsx")
    assert xlsx.name.startswith("So-theo-doi-hoat-dong-hoa-giai-o-co-so-") and xlsx.name.endswith("-2025.xlsx")
