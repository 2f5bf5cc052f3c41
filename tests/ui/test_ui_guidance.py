"""Guidance (issue 15 item 18): the guide in Trợ giúp with the real data
folder, the report page's empty state like the others, "Mở tệp" /
"Mở thư mục" after an export."""
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from core.paths import BACKUP_DIRNAME
from ui import main_window as mw_mod
from ui.widgets import vi


@pytest.fixture(autouse=True)
def _vi(qapp):
    vi.install(qapp)


@pytest.fixture
def win(qtbot, store, tmp_path, monkeypatch):
    path = str(tmp_path / "settings.ini")
    monkeypatch.setattr(mw_mod, "settings", lambda: QSettings(path, QSettings.Format.IniFormat))
    import ui.report_page  # noqa: F401  (registers the Báo cáo page)
    w = mw_mod.MainWindow(store)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def test_the_guide_opens_from_help_with_the_data_folder(qtbot, win, store):
    help_menu = win.menus["Trợ giúp"]
    assert win.guide_action in help_menu.actions() and win.guide_action.shortcut().toString() == "F1"
    win.guide_action.trigger()
    dlg = win.guide
    qtbot.waitExposed(dlg)
    text = dlg.browser.toPlainText()
    assert dlg.isVisible() and dlg.windowTitle() == "Hướng dẫn sử dụng"
    assert str(store.data_dir) in text and str(Path(store.data_dir) / BACKUP_DIRNAME) in text
    for words in ("Công việc trong năm", "Lập báo cáo", "Báo cáo mới", "Thùng rác", "Sao lưu"):
        assert words in text


def test_report_page_empty_state_is_styled_like_the_list_pages(qtbot, store):
    from ui.pages.list_page import ListPage
    from ui.report.page import ReportList
    lst = ReportList(store)
    qtbot.addWidget(lst)
    lst.reload()
    other = ListPage(store, "don_thu")
    qtbot.addWidget(other)
    assert lst.empty.isVisibleTo(lst) and not lst.table.isVisibleTo(lst)
    assert lst.empty.title.text() == "Chưa có báo cáo nào"
    assert lst.empty.title.styleSheet() == other.empty_title.styleSheet()
    assert "#5a6472" not in lst.empty.styleSheet() and "color" not in lst.empty.hint.styleSheet()
    assert lst.empty.button.text() == "Báo cáo mới…" and lst.empty.button.isVisibleTo(lst)
    clicked = []
    lst.new_btn.clicked.connect(lambda: clicked.append(1))
    lst.empty.button.click()
    assert clicked


def test_open_file_buttons_open_the_file_and_its_folder(qtbot, tmp_path, monkeypatch):
    from ui.widgets import open_file
    opened = []
    monkeypatch.setattr(open_file, "open_url", lambda p: opened.append(Path(p)) or True)
    w = open_file.OpenFileButtons()
    qtbot.addWidget(w)
    assert w.isHidden()
    f = tmp_path / "Báo cáo.docx"
    f.write_bytes(b"x")
    w.set_path(f)
    assert not w.isHidden() and w.file_btn.text() == "Mở tệp" and w.folder_btn.text() == "Mở thư mục"
    w.file_btn.click()
    w.folder_btn.click()
    assert opened == [f, tmp_path]
    w.set_path(None)
    assert w.isHidden()
