"""A clerk's first week (issue 15, "In the window"): the window driven like a
clerk would, at the keyboard (pytest-qt, offscreen; modal dialogs patched)."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication

from ui import main_window as mw_mod
from ui.widgets import vi

TODAY = dt.date.today()


@pytest.fixture(autouse=True)
def _vi(qapp):
    vi.install(qapp)


@pytest.fixture
def ini(tmp_path, monkeypatch):
    path = str(tmp_path / "settings.ini")
    monkeypatch.setattr(mw_mod, "settings", lambda: QSettings(path, QSettings.Format.IniFormat))
    return path


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
