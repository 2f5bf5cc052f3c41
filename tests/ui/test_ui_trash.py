"""Thùng rác in the window (issue 15 item 18): delete from a list, the record
leaves the list; restore from Hồ sơ › Thùng rác…, it is back; Xóa hẳn."""
import datetime as dt

import pytest
from PySide6.QtCore import QSettings

from core.records import trash
from ui import main_window as mw_mod
from ui.trash import TrashDialog
from ui.widgets import vi


@pytest.fixture(autouse=True)
def _vi(qapp):
    vi.install(qapp)


def _list(qtbot, store):
    from ui.pages.list_page import ListPage
    page = ListPage(store, "don_thu")
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    return page


def test_delete_restore_and_purge_from_the_window(qtbot, store, monkeypatch):
    from ui.pages import list_page
    rid = store.create("don_thu", {"ngay_nhan": "05/03/2025", "ho_ten": "Trần Kim Lan", "loai": "kien_nghi",
                                   "noi_dung": "Kiến nghị"})
    page = _list(qtbot, store)
    assert page.model.rowCount() == 1
    asked = []
    monkeypatch.setattr(list_page.vi, "ask", lambda *a, **k: asked.append(a[3]) or True)
    page.view.selectRow(0)
    assert page.delete_current()
    assert "Thùng rác" in asked[-1] and page.model.rowCount() == 0

    dlg = TrashDialog(store)
    qtbot.addWidget(dlg)
    assert dlg.table.rowCount() == 1 and "Trần Kim Lan" in dlg.table.item(0, 2).text()
    assert dlg.table.item(0, 1).text() == "Đơn thư"
    dlg.restore_btn.click()
    assert dlg.table.rowCount() == 0 and dlg.empty.isVisibleTo(dlg)
    assert page.model.rowCount() == 1 and store.get("don_thu", rid)["ho_ten"] == "Trần Kim Lan"

    page.view.selectRow(0)
    page.delete_current()
    dlg.reload()
    import ui.trash as trash_ui
    monkeypatch.setattr(trash_ui.vi, "ask", lambda *a, **k: True)
    dlg.purge_btn.click()
    assert trash.items(store) == [] and store.get("don_thu", rid) is None


def test_the_window_purges_month_old_trash_at_start_and_has_the_menu(qtbot, store, tmp_path, monkeypatch):
    path = str(tmp_path / "settings.ini")
    monkeypatch.setattr(mw_mod, "settings", lambda: QSettings(path, QSettings.Format.IniFormat))
    old = store.create("don_thu", {"ngay_nhan": "05/03/2025", "ho_ten": "Cũ", "loai": "kien_nghi", "noi_dung": "x"})
    new = store.create("don_thu", {"ngay_nhan": "05/03/2025", "ho_ten": "Mới", "loai": "kien_nghi", "noi_dung": "y"})
    store.trash("don_thu", old)
    store.trash("don_thu", new)
    month_ago = (dt.datetime.now() - dt.timedelta(days=31)).isoformat(timespec="seconds")
    store.conn.execute("UPDATE thung_rac SET ngay_xoa=? WHERE ban_ghi_id=?", (month_ago, old))
    w = mw_mod.MainWindow(store)
    qtbot.addWidget(w)
    assert [i["ban_ghi_id"] for i in trash.items(store)] == [new]
    assert w.trash_action in w.menus["Hồ sơ"].actions()
