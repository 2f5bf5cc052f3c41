"""Issue 15 items 12 and 16: no developer text in the window; 1024×768."""
import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from core.records.deadlines import DEADLINE_RULES
from ui import main_window as mw_mod
from ui.widgets import vi


@pytest.fixture(autouse=True)
def _vi(qapp):
    vi.install(qapp)


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


def test_the_sidebar_collapses_by_menu_and_shortcut_and_is_remembered(qtbot, store, ini):
    w = _window(qtbot, store)
    assert w.nav.isVisible() and w.nav_action.shortcut().toString() == "Ctrl+B"
    assert w.nav_action in w.menus["Xem"].actions()
    w.nav_action.trigger()
    assert not w.nav.isVisible()
    w.save_state()
    w.close()
    w2 = _window(qtbot, store)
    assert not w2.nav.isVisible() and not w2.nav_action.isChecked()
    w2.nav_action.trigger()
    assert w2.nav.isVisible()


def test_report_page_at_1024x768_shows_whole_headings_and_trich_yeu(qtbot, store, ini):
    from PySide6.QtCore import QSize

    import ui.report_page  # noqa: F401  (registers the Báo cáo page, as ui.app does)
    from core.report import saved as R
    from core.report.periods import Period
    w = _window(qtbot, store)
    w.setWindowState(Qt.WindowState.WindowNoState)
    w.resize(QSize(1024, 768))
    w.show_page("bao_cao")
    page = w.pages["bao_cao"]
    rid = R.create_report(store, R.new_report(store, None, Period.year(2025), compare=True))
    page.list.reload(select_id=rid)
    qtbot.wait(1)
    table = page.list.table
    assert table.columnWidth(0) >= 180, table.columnWidth(0)  # Trích yếu keeps the room
    page.open_report(rid)
    tree = page.editor.sections.tree
    qtbot.waitUntil(lambda: tree.topLevelItemCount() > 0)
    fm = tree.fontMetrics()
    delegate = tree.itemDelegateForColumn(0)
    for i in range(tree.topLevelItemCount()):
        it = tree.topLevelItem(i)
        idx = tree.indexFromItem(it, 0)
        text = it.text(0)
        # the row is as tall as the text wrapped at the column's width: nothing cut
        need = fm.boundingRect(0, 0, delegate.text_width(idx), 100000, int(Qt.TextFlag.TextWordWrap), text).height()
        assert tree.visualRect(idx).height() >= need, text
        assert it.toolTip(0) == text
    assert any(tree.visualRect(tree.indexFromItem(tree.topLevelItem(i), 0)).height() > fm.height() * 1.5
               for i in range(tree.topLevelItemCount()))


def test_new_report_dialog_fields_start_at_one_left_edge(qtbot, store):
    from PySide6.QtCore import QPoint

    from ui.report.new_dialog import NewReportDialog
    dlg = NewReportDialog(store, year=2025)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    pf = dlg.period_form
    xs = {name: w.mapTo(dlg, QPoint(0, 0)).x() for name, w in
          (("outline", dlg.outline), ("preset", pf.preset), ("cutoff", pf.cut_lich), ("compare", dlg.compare),
           ("scope", dlg.scope))}
    assert len(set(xs.values())) == 1, xs
