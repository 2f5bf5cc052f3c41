"""Issue 15 items 12 and 16: no developer text in the window; 1024×768."""
import re

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QLabel

from core.records.deadlines import DEADLINE_RULES
from ui import main_window as mw_mod
from ui.widgets import vi


@pytest.fixture(autouse=True)
def _vi(qapp):
    vi.install(qapp)


@pytest.fixture
def ini(tmp_path, monkeypatch):
    path = str(tmp_path / "settings.ini")
    monkeypatch.setattr(mw_mod, "settings", lambda: QSettings(path, QSettings.Format.IniFormat))
    return path


def _window(qtbot, store, **kw):
    w = mw_mod.MainWindow(store, **kw)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


CODE = re.compile(r"\bSPEC\b|§|\b[a-z]+_[a-z_]+\b")


def test_every_deadline_rule_cites_a_law_not_the_spec():
    for rule in DEADLINE_RULES.values():
        assert "SPEC" not in rule.basis and "§" not in rule.basis, rule
        assert rule.basis
    assert DEADLINE_RULES["xu_ly_don"].basis == "Thông tư 05/2021/TT-TTCP"
    assert "Điều 27" in DEADLINE_RULES["thu_ly_khieu_nai"].basis
    assert "Điều 30" in DEADLINE_RULES["giai_quyet_to_cao"].basis
    assert "Điều 28" in DEADLINE_RULES["tra_loi_tiep_cong_dan"].basis


def test_settings_show_no_codes(qtbot, store):
    from ui.pages import settings as st_mod
    page = st_mod.SettingsPage(store)
    qtbot.addWidget(page)
    texts = [lab.text() for lab in page.deadlines.findChildren(QLabel)]
    assert not [t for t in texts if CODE.search(t)]
    ed = page.enums
    for key in st_mod.ENUM_TITLES:
        ed.keys.setCurrentRow(list(st_mod.ENUM_TITLES).index(key))
        m = ed.view.model()
        headers = [m.headerData(c, Qt.Orientation.Horizontal) for c in range(m.columnCount())]
        assert "Mã" not in headers
        shown = [m.data(m.index(r, c)) for r in range(m.rowCount()) for c in range(m.columnCount())]
        assert not [t for t in shown if t and CODE.search(str(t))], key


def test_menu_texts_equal_the_page_titles(qtbot, store, ini):
    w = _window(qtbot, store)
    view = w.menus["Xem"]
    titles = [w.nav.item(r).text() for r in range(w.nav.count())]
    shown = [a.iconText() for a in view.actions() if not a.isSeparator()]
    for t in titles:
        assert t in shown, (t, shown)
    assert "Văn bản & hoạt động" in shown and "Danh mục & cài đặt" in shown
