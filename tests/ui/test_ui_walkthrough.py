"""A clerk's first week (issue 15, "In the window"): the window driven like a
clerk would, at the keyboard (pytest-qt, offscreen; modal dialogs patched)."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QLabel

from ui import main_window as mw_mod
from ui.widgets import vi

TODAY = dt.date.today()


@pytest.fixture(autouse=True)
def _vi(qapp):
    vi.install(qapp)


@pytest.fixture(autouse=True)
def answers(monkeypatch):
    """The editors' modal questions, answered "no" (the last choice) and recorded."""
    from ui.editors import dialog as dialog_mod

    asked = []

    def fake_ask(parent, title, text, choices, default=None, icon=None):
        asked.append(text)
        return choices[-1][0]

    monkeypatch.setattr(dialog_mod, "ask", fake_ask)
    return asked


def _window(qtbot, store):
    w = mw_mod.MainWindow(store)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w, timeout=5000)
    return w


def _don(store, ho_ten, ngay, **kw):
    data = {"ngay_nhan": ngay, "ho_ten": ho_ten, "loai": "kien_nghi", "linh_vuc": "dat_dai",
            "noi_dung": "Đề nghị giải quyết việc cấp giấy chứng nhận"}
    data.update(kw)
    return store.create("don_thu", data)


# ------------------------------------------------------------- item 8
def _ctrl_f_bindings(w):
    seq = QKeySequence("Ctrl+F")
    return ([a for a in w.findChildren(QAction) if seq in a.shortcuts()]
            + [s for s in w.findChildren(QShortcut) if s.key() == seq])


def test_ctrl_f_puts_the_cursor_in_the_search_box_of_the_page_on_screen(qtbot, store, ini):
    w = _window(qtbot, store)
    for key in ("don_thu", "tiep_cong_dan", "van_ban_hoat_dong"):
        w.show_page(key)
        page = w.current_list()
        page.filter_bar.search.setText("cũ")
        page.filter_bar.flush()
        w.nav.setFocus()
        qtbot.keyClick(w.nav, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
        box = page.filter_bar.search
        assert QApplication.focusWidget() is box, key
        assert box.selectedText() == "cũ"  # typing replaces the last search
    assert len(_ctrl_f_bindings(w)) == 1  # one action: no "Ambiguous shortcut overload"
    w.show_page("cai_dat")  # no search box there: said in the status bar
    w.nav.setFocus()
    qtbot.keyClick(w.nav, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert "không có ô tìm kiếm" in w.statusBar().currentMessage()


# ------------------------------------------------------- the editors
def _editor(qtbot, store, kind, record_id=None):
    from ui.editors import EditorDialog

    dlg = EditorDialog(store, kind, record_id)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    dlg.activateWindow()  # the clerk's window: focus moves for real (Tab, focus-out)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dlg, timeout=5000)
    return dlg


def _type(qtbot, w, text):
    """Type key by key (Vietnamese letters as the key events a Vietnamese IME sends)."""
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QKeyEvent

    w.setFocus()
    for ch in text:
        if ch.isascii():
            qtbot.keyClick(w, ch)
        else:
            for t in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(w, QKeyEvent(t, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch))


def _choose(dlg, name, code):
    w = dlg.field_widget(name)
    w.setCurrentIndex(w.findData(code))


# ------------------------------------------------------------- item 9
def test_a_wrong_date_is_said_when_left_and_every_mistake_at_the_first_save(qtbot, store):
    dlg = _editor(qtbot, store, "don_thu")
    date = dlg.field_widget("ngay_nhan")
    date.clear()
    _type(qtbot, date, "31/02/2026")
    assert dlg.error_text("ngay_nhan") == ""
    qtbot.keyClick(date, Qt.Key.Key_Tab)  # the cursor leaves the date
    assert dlg.focusWidget() is not date
    assert "không tồn tại" in dlg.error_text("ngay_nhan")  # said at once, under the field
    # the deadline line says why it has no deadline instead of vanishing
    assert dlg.status_label.text() == "Chưa tính được hạn: ngày nhận chưa đúng"
    # three required fields left empty (người gửi, loại đơn, nội dung): one save says all four
    assert not dlg.save()
    wrong = {n for n in dlg.errors if dlg.error_text(n)}
    assert {"ngay_nhan", "ho_ten", "loai", "noi_dung"} <= wrong
    assert "có %d chỗ cần sửa" % len(wrong) in dlg.banner.text()
    assert store.count("don_thu") == 0
    # a good date, left: its message goes; the others stay until fixed
    date.clear()
    _type(qtbot, date, "3/12/2026")
    qtbot.keyClick(date, Qt.Key.Key_Tab)
    assert dlg.error_text("ngay_nhan") == "" and date.text() == "03/12/2026"
    assert dlg.status_label.text().startswith("Trạng thái: Chờ phân loại · hạn 13/12/2026")
    assert dlg.error_text("noi_dung")
    # a date in the future is said when left, too (Ngày nhận: no future)
    later = (TODAY + dt.timedelta(days=3)).strftime("%d/%m/%Y")
    date.clear()
    _type(qtbot, date, later)
    qtbot.keyClick(date, Qt.Key.Key_Tab)
    assert "không được sau ngày hôm nay" in dlg.error_text("ngay_nhan")


# ------------------------------------------------------------ item 14
def test_a_new_petition_shows_no_outcome_and_a_filed_one_reads_xep_luu(qtbot, store):
    from ui.pages.list_page import ListPage

    dlg = _editor(qtbot, store, "don_thu")
    _type(qtbot, dlg.field_widget("ho_ten"), "Lê Thị Hoa")
    _choose(dlg, "loai", "kien_nghi")
    _type(qtbot, dlg.field_widget("noi_dung"), "Xin cấp lại sổ hộ nghèo")
    assert dlg.status_label.text().startswith("Trạng thái: Chờ phân loại")  # what is due: shown
    _choose(dlg, "du_dieu_kien", 0)
    _choose(dlg, "ly_do_khong_du", "khong_ro_noi_dung")
    assert dlg.status_label.text() == ""  # nothing happened to it yet: no "Đã lưu đơn" beside "Lưu"
    assert dlg.save()
    assert dlg.status_label.text() == "Trạng thái: Xếp lưu (không xử lý)"
    page = ListPage(store, "don_thu")
    qtbot.addWidget(page)
    page.show()
    col = [c.key for c in page.model.columns].index("trang_thai")
    assert page.model.data(page.model.index(0, col)) == "Xếp lưu (không xử lý)"
    status = page.filter_bar.combos["trang_thai"]
    assert status.itemText(status.findData("da_luu")) == "Xếp lưu (không xử lý)"


def test_period_figures_are_called_so_lieu_theo_ky_in_the_window_and_the_files(qtbot, store, ini, tmp_path):
    """"Chỉ tiêu" reads as a target; these are measured figures (item 14).
    The kind key ``chi_tieu`` stays."""
    import openpyxl

    from core.io import excel

    w = _window(qtbot, store)
    assert "Số liệu theo kỳ" in [w.nav.item(i).text() for i in range(w.nav.count())]
    w.show_page("chi_tieu")
    page = w.current_list()
    assert page.title.text() == "Số liệu theo kỳ" and page.new_btn.text() == "Thêm số liệu"
    dlg = _editor(qtbot, store, "chi_tieu")
    assert dlg.title_label.text() == "Thêm số liệu theo kỳ"
    dlg.reject()
    path = tmp_path / "so_lieu.xlsx"
    excel.export_kind(store, "chi_tieu", path)
    assert openpyxl.load_workbook(path).sheetnames[0] == "Số liệu theo kỳ"
    texts = [a.text() for a in w.findChildren(QAction)] + [w.nav.item(i).text() for i in range(w.nav.count())]
    assert not [t for t in texts if "Chỉ tiêu" in t]


# ------------------------------------------------------------ item 11
def test_deadlines_have_their_own_column_sorted_by_a_click_and_never_cut(qtbot, store):
    from ui.pages.list_page import ListPage

    d = lambda n: (TODAY - dt.timedelta(days=n)).isoformat()  # noqa: E731
    late = _don(store, "Trễ Nhiều", d(30))
    fresh = _don(store, "Mới Nhận", d(1))
    soon = _don(store, "Sắp Hết", d(8))
    page = ListPage(store, "don_thu")
    qtbot.addWidget(page)
    page.set_period(None)  # every year
    page.resize(790, 600)  # the list page of a 1024×768 screen
    page.show()
    qtbot.waitExposed(page)
    cols = [c.key for c in page.model.columns]
    c = cols.index("han")
    assert page.model.headerData(c, Qt.Orientation.Horizontal) == "Hạn / còn (ngày)"
    header = page.view.horizontalHeader()
    at = QPoint(header.sectionViewportPosition(c) + 20, header.height() // 2)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=at)
    orders = {page.model.sort_spec: [page.model.id_at(r) for r in range(3)]}
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=at)
    orders[page.model.sort_spec] = [page.model.id_at(r) for r in range(3)]
    assert orders == {("han", False): [late, soon, fresh],  # fewest days left first
                      ("han", True): [fresh, soon, late]}
    qtbot.waitUntil(lambda: abs(page._fitted - page.view.viewport().width()) < 8)
    fm = page.view.fontMetrics()
    for key in ("trang_thai", "han"):  # "Đang giải quyết (còn 27 n…" no more
        k = cols.index(key)
        for r in range(3):
            text = page.model.data(page.model.index(r, k))
            assert page.view.columnWidth(k) >= fm.horizontalAdvance(text) + 8, (key, text)
    total = sum(page.view.columnWidth(i) for i in range(len(cols)))
    assert total <= page.view.viewport().width()


# ---------------------------------------------------------- item 17, 11
def _overdue_book(store):
    """Two thụ lý letters past their resolution deadline, one letter with no
    handling decision after 10 days, one reception reply overdue."""
    d = lambda n: (TODAY - dt.timedelta(days=n)).isoformat()  # noqa: E731
    for name in ("Nguyễn Văn Giải", "Trần Thị Quyết"):
        _don(store, name, d(70), du_dieu_kien=1, huong_xu_ly="thu_ly", ngay_xu_ly=d(68), ngay_thu_ly=d(68))
    _don(store, "Lê Văn Chờ Phân Loại Rất Dài Tên Để Dòng Không Vừa Một Hàng", d(25))
    store.create("tiep_cong_dan", {"ngay_tiep": d(40), "ho_ten": "Phạm Thị Trả Lời", "noi_dung": "Hỏi đất",
                                   "huong_xu_ly": "huong_dan"})


def test_the_dashboards_overdue_card_and_list_say_the_same_thing(qtbot, store, ini):
    _overdue_book(store)
    w = _window(qtbot, store)
    w.setWindowState(Qt.WindowState.WindowNoState)
    w.resize(1024, 768)
    w.period_selector.set_period(None)
    w.show_page("tong_quan")
    home = w.pages["tong_quan"]
    qtbot.waitUntil(lambda: home.cards_ready, timeout=10000)
    petitions = next(c for c in home._cards if c.items[0][1].text() == "Tiếp nhận")
    figures = {lab.text().replace("\n", " "): v.text() for v, lab in petitions.items}
    assert "Quá hạn" not in figures  # no bare "Quá hạn": it says which deadline
    card = int(figures["Quá hạn giải quyết"])
    lst, title = home.over_list[1], home.over_list[2].text()
    items = [lst.item(i).text() for i in range(lst.count())]
    in_list = sum("quá hạn giải quyết" in t for t in items)
    assert card == in_list == 2  # one computation: the card is the list's giải quyết part
    assert title == "Quá hạn (4) — giải quyết: 2 · xử lý đơn: 1 · trả lời công dân: 1"
    assert len(items) == 4 and sum("quá hạn xử lý đơn" in t for t in items) == 1
    # the long lines wrap: no sideways scrolling in the lists (1024×768)
    qtbot.waitUntil(lambda: lst.viewport().width() > 100)
    assert lst.wordWrap() and lst.horizontalScrollBar().maximum() == 0
    long = next(i for i in range(lst.count()) if "Rất Dài" in lst.item(i).text())
    assert lst.visualItemRect(lst.item(long)).height() > lst.fontMetrics().height() * 1.5


def test_charts_label_their_bars_and_keep_labels_whole(qtbot):
    from ui.widgets import charts

    long = "Bồi thường, hỗ trợ, tái định cư khi Nhà nước thu hồi đất"
    rows = [("Đất đai", 30, 20), (long, 12, 5), ("Chế độ chính sách", 3, 0)]
    for chart in (charts.field_chart(rows, "năm 2026"),
                  charts.monthly_chart([3, 0, 5, 12] + [0] * 8, [1, 2, 0, 4] + [0] * 8, 2026)):
        qtbot.addWidget(chart)
        bars = chart.bars()
        assert bars and len(chart.value_labels()) == len(bars)  # a value on every bar
        top = max(v for _, _, v in bars)
        assert chart.axis_max >= top * 1.1 and chart.axis_max >= top + 1  # the largest bar stops short of the end
    chart = charts.field_chart(rows, "năm 2026")
    label = next(c for c in chart.categories if c.startswith("Bồi"))
    assert "<br>" in label  # wrapped onto two lines, not cut at 28 characters
    assert label.replace("<br>", " ").rstrip("…") in long
    assert charts.wrap_label("Đất đai") == "Đất đai"


# ------------------------------------------------------------ item 10
def test_a_search_in_one_year_says_what_other_years_hold_and_searches_them(qtbot, store):
    from ui.pages.list_page import ListPage
    from ui.widgets.period import make_period

    old = _don(store, "Trần Kim Lan", "2025-05-12", so_den=67)
    _don(store, "Nguyễn Văn Khác", f"{TODAY.year}-01-05")
    page = ListPage(store, "don_thu")
    qtbot.addWidget(page)
    page.set_period(make_period(TODAY.year))
    page.show()
    qtbot.waitExposed(page)
    box = page.filter_bar.search
    box.setFocus()
    qtbot.keyClicks(box, "tran kim lan")
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert page.model.rowCount() == 0
    assert page.count_label.text().endswith("· có 1 kết quả ở năm khác")
    assert page.stack.currentWidget() is page.empty
    assert "Có 1 kết quả ở năm khác" in page.empty_hint.text()
    assert page.empty_action.text() == "Tìm mọi năm" and page.years_btn.isVisible()
    qtbot.mouseClick(page.empty_action, Qt.MouseButton.LeftButton)
    assert [page.model.id_at(r) for r in range(page.model.rowCount())] == [old]
    assert page.count_label.text() == "1 đơn — mọi năm"
    assert page.years_btn.text() == f"Chỉ tìm trong năm {TODAY.year}"
    qtbot.mouseClick(page.years_btn, Qt.MouseButton.LeftButton)  # back to the chosen year
    assert page.model.rowCount() == 0 and page.years_btn.text() == "Tìm mọi năm"
    box.clear()
    page.filter_bar.flush()
    assert page.model.rowCount() == 1 and not page.years_btn.isVisible()  # no search: the year's list


def test_a_new_petition_says_when_its_sender_wrote_before(qtbot, store):
    first = _don(store, "Trần Kim Lan", "2025-05-12", so_den=67, dia_chi="Thôn Lộc Hạ, xã Nghĩa Phương")
    _don(store, "Trần Kim Lan", f"{TODAY.year}-01-03", so_den=3, dia_chi="Thôn Lộc Hạ")
    _don(store, "Trần Kim Lan", "2025-09-01", loai="to_cao", dia_chi="Thôn Lộc Hạ")  # a denouncer: secret
    dlg = _editor(qtbot, store, "don_thu")
    hint = dlg.findChild(QLabel, "repeat_hint")
    _type(qtbot, dlg.field_widget("ho_ten"), "Trần Kim Lan")
    qtbot.waitUntil(lambda: hint.isVisible(), timeout=3000)
    assert hint.text().startswith("Người này đã gửi 2 đơn: 3/%d" % TODAY.year)
    assert "67/2025 (nhận 12/05/2025)" in hint.text()
    _type(qtbot, dlg.field_widget("dia_chi"), "Thôn An Bình")  # a namesake in another thôn
    qtbot.waitUntil(lambda: not hint.isVisible(), timeout=3000)
    dlg.field_widget("dia_chi").clear()
    _type(qtbot, dlg.field_widget("dia_chi"), "Thôn Lộc Hạ")
    qtbot.waitUntil(lambda: hint.isVisible(), timeout=3000)
    # the link sets the newest as "đơn lần trước" (lần gửi follows)
    href = hint.text().split('href="')[1].split('"')[0]
    hint.linkActivated.emit(href)
    earlier = dlg.value("don_truoc_id")
    assert earlier != first and store.get("don_thu", earlier)["so_den"] == 3 and dlg.value("lan") == "2"
    _choose(dlg, "loai", "to_cao")  # typing a tố cáo: no cross-reference of a denouncer
    qtbot.waitUntil(lambda: not hint.isVisible(), timeout=3000)


# ------------------------------------------------------------ item 15
def _villages(store):
    return {name: store.create("thon", {"ten": name, "thu_tu": i})
            for i, name in enumerate(("Thôn An Bình", "Thôn Lộc Thượng", "Thôn Lộc Hạ", "Thôn Đông", "Tổ dân phố 3"))}


def test_a_hamlet_is_chosen_by_typing_any_part_of_its_name(qtbot, store):
    ids = _villages(store)
    dlg = _editor(qtbot, store, "don_thu")
    combo = dlg.field_widget("thon_id")
    comp = combo.completer()
    edit = combo.lineEdit()
    edit.setFocus()
    _type(qtbot, edit, "Lộc")  # every name starts with "Thôn": the first letters choose nothing
    shown = [comp.completionModel().index(i, 0).data() for i in range(comp.completionCount())]
    assert shown == ["Thôn Lộc Thượng", "Thôn Lộc Hạ"]
    assert comp.popup().isVisible()
    _type(qtbot, edit, " h")  # "Lộc h": one left, diacritics or not
    assert [comp.completionModel().index(i, 0).data() for i in range(comp.completionCount())] == ["Thôn Lộc Hạ"]
    qtbot.keyClick(comp.popup(), Qt.Key.Key_Down)
    qtbot.keyClick(comp.popup(), Qt.Key.Key_Return)
    assert combo.value() == ids["Thôn Lộc Hạ"] and edit.text() == "Thôn Lộc Hạ"
    # the thôn fills the empty address, as before
    assert dlg.value("dia_chi") == "Thôn Lộc Hạ"
    # typed without diacritics and left with Tab: the one item it names
    edit.selectAll()
    _type(qtbot, edit, "an binh")
    assert comp.popup().isVisible()
    qtbot.keyClick(comp.popup(), Qt.Key.Key_Tab)  # the popup has the keys while it is open
    assert combo.value() == ids["Thôn An Bình"] and edit.text() == "Thôn An Bình"
    assert QApplication.focusWidget() is not combo
    # text naming nothing: the chosen item stays
    edit.setFocus()
    edit.selectAll()
    _type(qtbot, edit, "xyz")
    assert not comp.popup().isVisible()
    qtbot.keyClick(combo, Qt.Key.Key_Tab)
    assert combo.value() == ids["Thôn An Bình"] and edit.text() == "Thôn An Bình"


def test_the_address_names_the_hamlet(qtbot, store):
    ids = _villages(store)
    dlg = _editor(qtbot, store, "don_thu")
    address = dlg.field_widget("dia_chi")
    _type(qtbot, address, "Thôn Lộc Hạ, xã Nghĩa Phương")
    qtbot.keyClick(address, Qt.Key.Key_Tab)
    assert dlg.value("thon_id") == ids["Thôn Lộc Hạ"]
    assert dlg.value("dia_chi") == "Thôn Lộc Hạ, xã Nghĩa Phương"  # the address is left as typed
    # a thôn chosen by the clerk is never replaced by the address
    _choose(dlg, "thon_id", ids["Thôn Đông"])
    address.setFocus()
    address.selectAll()
    _type(qtbot, address, "Thôn An Bình")
    qtbot.keyClick(address, Qt.Key.Key_Tab)
    assert dlg.value("thon_id") == ids["Thôn Đông"]


# ------------------------------------------------------------- item 7
def test_in_opens_the_print_preview_with_no_progress_box_over_it(qtbot, store, tmp_path, monkeypatch):
    """"In…" builds the PDF through ``ui.ops.run`` and opens the modal print
    preview when it is done; nothing of that step may show over the preview
    later (the "Đang chuẩn bị bản in…" box appeared 4 s after and took every
    click until Esc)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QDialog, QProgressDialog

    from ui.report import editor as editor_mod
    from ui.report import pdfview
    from ui.report.new_dialog import NewReportDialog
    from ui.report.page import ReportPage

    for name in ("warning", "error", "info"):
        monkeypatch.setattr(vi, name, lambda *a, **k: None)
    monkeypatch.setattr(vi, "ask", lambda *a, **k: True)  # "Vẫn in?": yes
    # the clerk's case: the PDF is ready before the progress box's delay, so
    # that box is never shown while the work runs (shown, Qt stops its timer)
    from ui import ops
    monkeypatch.setattr(ops, "SHOW_AFTER_MS", 600_000)
    monkeypatch.setattr(editor_mod, "_settings",
                        lambda: QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    _don(store, "Trần Kim Lan", f"{TODAY.year}-01-05")
    page = ReportPage(store)
    qtbot.addWidget(page)
    page.resize(1151, 688)
    page.show()

    def fill(dlg):
        dlg.period_form.preset.setCurrentIndex(dlg.period_form.preset.findData("year"))
        dlg.period_form.year.setValue(TODAY.year)
        dlg.accept()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(NewReportDialog, "exec", fill)
    qtbot.mouseClick(page.list.new_btn, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.editor and not page.editor.busy(), timeout=60000)
    seen = []

    def preview_exec(dlg):
        def look():  # inside the preview's own event loop, as the clerk sees it
            boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog)]
            seen.append(([b for b in boxes if b.isVisible()],
                         [t for b in boxes for t in b.findChildren(QTimer) if t.isActive()]))
            dlg.reject()

        QTimer.singleShot(0, look)
        return QDialog.exec(dlg)

    monkeypatch.setattr(pdfview.QPrintPreviewDialog, "exec", preview_exec)
    qtbot.mouseClick(page.editor.print_btn, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(seen), timeout=60000)
    assert seen == [([], [])]  # no box shown, none armed to show later


def test_a_closed_editor_does_not_look_up_earlier_petitions_afterwards(qtbot, store, monkeypatch):
    """Typing a name starts the 300 ms look-up; closing the editor before it
    fires stops it (the book may be closed by then)."""
    import ui.editors.dialog as dialog_mod

    dlg = _editor(qtbot, store, "don_thu")
    _type(qtbot, dlg.field_widget("ho_ten"), "Trần Kim Lan")
    timer = dlg.behaviour._repeat_timer
    assert timer.isActive()
    monkeypatch.setattr(dialog_mod, "ask", lambda *a, **k: "discard")
    dlg.reject()
    assert not timer.isActive()
