"""The safety screens driven like a clerk (pytest-qt, offscreen): menu,
restore dialog, guided recovery at start, import with rejected rows,
audit log page, password prompt, global error handler, screenshots."""
from __future__ import annotations

import datetime as dt
import logging

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QLineEdit, QPushButton, QVBoxLayout

import ui.safety as plugin  # noqa: E402  (registers the menu, page, hooks)
from core.safety import audit, backup
from core.safety import secrets as security
from core.session import open_session
from ui import actions, ops
from ui.safety import errors
from ui.safety.audit_page import AuditPage
from ui.safety.dialogs import ImportDialog, MergeDialog, PasswordDialog, PasswordPrompt, RestoreDialog
from ui.widgets import vi


@pytest.fixture
def quiet(monkeypatch):
    """Modal message boxes answered automatically; messages recorded."""
    said = []
    monkeypatch.setattr(vi, "info", lambda parent, title, text, detail=None: said.append(("info", text, detail)))
    monkeypatch.setattr(vi, "error", lambda parent, title, text, detail=None: said.append(("error", text, detail)))
    monkeypatch.setattr(vi, "ask", lambda *a, **k: True)
    return said


def finished(qtbot, timeout=20000):
    """The long steps run in a worker thread (``ui.ops.run``): wait for them."""
    qtbot.waitUntil(lambda: not ops.busy(), timeout=timeout)


@pytest.fixture
def filled(store):
    audit.install(store)
    for i in range(5):
        store.create("hoat_dong", {"ngay": f"0{i + 1}/05/2025", "chu_de": f"Tuyên truyền {i}", "so_nguoi": 10 * i})
    return store


def test_plugin_registers_menu_page_and_hooks():
    assert "ui.safety" in actions.PLUGIN_MODULES
    texts = [t for m, t, _, _ in actions.MENU_ACTIONS if m == "Dữ liệu"]
    assert texts == ["Sao lưu…", "Khôi phục…", "Nhập từ Excel…", "Tải mẫu nhập Excel…",
                     "Xuất danh sách đang xem ra Excel…", "Gộp dữ liệu đơn vị cũ…", "Đặt mật khẩu…", "Nhật ký thay đổi"]
    assert any(k == "nhat_ky" for k, _, _, _ in actions.PAGES)
    assert plugin.startup_hook in actions.STARTUP_HOOKS and plugin.store_hook in actions.STORE_HOOKS
    assert plugin.shutdown_hook in actions.SHUTDOWN_HOOKS


def test_store_hook_daily_backup_and_shutdown_backup(filled):
    plugin.store_hook(filled)
    backup.wait_for_backups()  # made in a worker thread
    assert [b.reason for b in backup.list_backups(filled.data_dir)] == ["daily"]
    plugin.store_hook(filled)  # same day: no second daily backup
    plugin.shutdown_hook(filled)
    assert sorted(b.reason for b in backup.list_backups(filled.data_dir)) == ["daily", "exit"]


def test_restore_dialog_shows_contents_then_restores(qtbot, filled, quiet):
    b = backup.make_backup(filled, "daily")
    filled.create("hoat_dong", {"ngay": "10/05/2025", "chu_de": "Sau bản sao lưu"})
    dlg = RestoreDialog(filled.data_dir, filled)
    qtbot.addWidget(dlg)
    dlg.show()
    assert dlg.list.rowCount() == 1 and dlg.file == b
    row = next(i for i in range(dlg.counts.rowCount()) if dlg.counts.item(i, 0).text().startswith("Hoạt động"))
    assert dlg.counts.item(row, 1).text() == "5" and dlg.counts.item(row, 2).text() == "6"
    assert dlg.l_unit.text() == "Nghĩa Phương" and dlg.ok.isEnabled()
    qtbot.mouseClick(dlg.ok, Qt.MouseButton.LeftButton)
    finished(qtbot)
    assert dlg.restored and filled.count("hoat_dong") == 5
    assert quiet[-1][0] == "info" and "truoc-khoi-phuc" in quiet[-1][2]


def test_restore_dialog_refuses_a_damaged_backup(qtbot, filled, quiet, tmp_path, monkeypatch):
    bad = tmp_path / "hong.db"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 5000)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(bad), ""))
    dlg = RestoreDialog(filled.data_dir, filled)
    qtbot.addWidget(dlg)
    qtbot.mouseClick(dlg.other, Qt.MouseButton.LeftButton)
    assert not dlg.ok.isEnabled() and dlg.status.text()


def test_startup_with_damaged_file_guides_the_restore(qtbot, filled, quiet, monkeypatch, tmp_path):
    from PySide6.QtWidgets import QApplication

    good = backup.make_backup(filled, "daily")
    data_dir = filled.data_dir
    filled.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    filled.close()
    db = data_dir / "sodanvan.db"
    db.write_bytes(b"NOT A DATABASE!!" + db.read_bytes()[16:])
    shown = {}

    def run_dialog(self):
        shown["problem"] = self.findChildren(type(self.l_when))[0].text()
        shown["file"] = self.file
        self.do_restore()  # at start-up: waits for its worker
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(RestoreDialog, "exec", run_dialog)
    monkeypatch.setattr(errors, "install", lambda app, d: None)
    assert plugin.startup_hook(QApplication.instance(), data_dir) is True
    assert "bị hỏng" in shown["problem"] and shown["file"] == good
    s = open_session(data_dir)
    try:
        assert s.count("hoat_dong") == 5
    finally:
        s.close()
    assert list((data_dir / "sao_luu" / "tep_hong").rglob("sodanvan.db"))


def test_startup_refuses_newer_file_with_a_message(filled, quiet, monkeypatch):
    from PySide6.QtWidgets import QApplication

    filled.conn.execute(f"PRAGMA user_version = {filled.schema_version + 1}")
    data_dir = filled.data_dir
    filled.close()
    monkeypatch.setattr(errors, "install", lambda app, d: None)
    assert plugin.startup_hook(QApplication.instance(), data_dir) is False
    assert quiet[-1][0] == "error" and "mới hơn" in quiet[-1][1]


def _bad_file(path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Ngày", "Loại hoạt động", "Chủ đề", "Số cuộc", "so_nguoi"])
    for i in range(20):
        ws.append([dt.date(2025, 3, 1 + i), "Tuyên truyền", f"Hội nghị {i}", -1 if i == 9 else 1, 40])
    wb.save(path)
    return path


def test_import_dialog_lists_rejected_rows_then_imports_valid_ones(qtbot, filled, tmp_path, monkeypatch):
    f = _bad_file(tmp_path / "hd.xlsx")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(f), ""))
    dlg = ImportDialog(filled)
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.choose()
    assert dlg.path.text() == str(f)
    qtbot.mouseClick(dlg.run_btn, Qt.MouseButton.LeftButton)
    finished(qtbot)
    assert dlg.rejected.rowCount() == 1 and dlg.rejected.item(0, 0).text() == "11"
    assert "Số cuộc" in dlg.rejected.item(0, 1).text()
    assert dlg.valid_btn.isVisible() and filled.count("hoat_dong") == 5 and not dlg.changed
    assert dlg.kind.currentData() == "hoat_dong"
    qtbot.mouseClick(dlg.valid_btn, Qt.MouseButton.LeftButton)
    finished(qtbot)
    assert filled.count("hoat_dong") == 24 and dlg.changed and not dlg.valid_btn.isVisible()
    assert "Đã nhập 19" in dlg.summary.text()


def test_import_dialog_bad_file_message(qtbot, filled, tmp_path):
    p = tmp_path / "x.xlsx"
    p.write_text("không phải excel", encoding="utf-8")
    dlg = ImportDialog(filled, path=str(p))
    qtbot.addWidget(dlg)
    qtbot.mouseClick(dlg.run_btn, Qt.MouseButton.LeftButton)
    finished(qtbot)
    assert "không phải tệp Excel" in dlg.summary.text()


def test_audit_page_filters_and_exports(qtbot, filled, tmp_path, monkeypatch, quiet):
    rid = filled.q1("SELECT max(id) FROM hoat_dong")
    filled.update("hoat_dong", rid, {"so_nguoi": 1807})
    filled.delete("hoat_dong", rid)
    page = AuditPage(filled)
    qtbot.addWidget(page)
    # 5 creates + update + delete, and the commune created by the `store`
    # fixture: every book opened through core.session has the audit log
    assert page.table.rowCount() == 8
    page.action.setCurrentIndex(page.action.findData("update"))
    assert page.table.rowCount() == 1
    assert page.table.item(0, 5).text() == "Số lượt người: 40 → 1.807" or "1807" in page.table.item(0, 5).text()
    out = tmp_path / "nk.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    qtbot.mouseClick(page.export_btn, Qt.MouseButton.LeftButton)
    assert out.exists() and openpyxl.load_workbook(out).active.max_row == 2
    page.use_dates.setChecked(True)
    page.d_from.setDate(page.d_from.date().addYears(-30))
    page.d_to.setDate(page.d_to.date().addYears(-29))
    page.refresh()
    assert page.table.rowCount() == 0


def test_password_prompt_and_dialog(qtbot, filled, quiet):
    dlg = PasswordDialog(filled)
    qtbot.addWidget(dlg)
    qtbot.keyClicks(dlg.new, "abc")
    qtbot.keyClicks(dlg.again, "abc")
    qtbot.mouseClick(dlg.set_btn, Qt.MouseButton.LeftButton)
    finished(qtbot)
    assert "ít nhất" in dlg.err.text() and not security.is_set(filled)
    dlg.new.setText("mat-khau-xa")
    dlg.again.setText("mat-khau-xa")
    qtbot.mouseClick(dlg.set_btn, Qt.MouseButton.LeftButton)
    finished(qtbot)
    assert security.is_set(filled) and dlg.done_action == "set"
    p = PasswordPrompt(filled.data_dir)
    qtbot.addWidget(p)
    p.show()
    qtbot.keyClicks(p.edit, "sai")
    qtbot.mouseClick(p.ok, Qt.MouseButton.LeftButton)
    assert p.key is None and "không đúng" in p.err.text()
    p.edit.clear()
    qtbot.keyClicks(p.edit, "mat-khau-xa")
    qtbot.keyClick(p.edit, Qt.Key.Key_Return)
    assert p.key is not None and p.result() == QDialog.DialogCode.Accepted


def test_merge_dialog_message_for_missing_source(qtbot, filled, tmp_path):
    dlg = MergeDialog(filled)
    qtbot.addWidget(dlg)
    dlg.path.setText(str(tmp_path / "khong_co"))
    dlg.name.setText("Nghĩa Hà")
    qtbot.mouseClick(dlg.go, Qt.MouseButton.LeftButton)
    finished(qtbot)
    assert "Không tìm thấy" in dlg.status.text() and dlg.result is None


@pytest.mark.qt_no_exception_capture
def test_unexpected_error_dialog_logs_and_keeps_the_form(qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QApplication

    shown = []
    monkeypatch.setattr(errors, "show_dialog", lambda exc, detail, parent=None: shown.append((exc, detail)))
    errors.install(QApplication.instance(), tmp_path / "data")
    try:
        form = QDialog()
        qtbot.addWidget(form)
        lay = QVBoxLayout(form)
        edit = QLineEdit()
        btn = QPushButton("Lưu")
        lay.addWidget(edit)
        lay.addWidget(btn)

        def buggy():
            raise RuntimeError("lỗi lập trình")

        btn.clicked.connect(buggy)
        form.show()
        edit.insert("Nguyễn Văn An đang nhập dở")  # QTest types ASCII only
        qtbot.mouseClick(btn, Qt.MouseButton.LeftButton)
        assert shown and isinstance(shown[0][0], RuntimeError)
        assert form.isVisible() and edit.text() == "Nguyễn Văn An đang nhập dở"
        for h in logging.getLogger().handlers:
            h.flush()
        log_text = (tmp_path / "data" / "nhat_ky" / "sodanvan.log").read_text(encoding="utf-8")
        assert "lỗi lập trình" in log_text and "Traceback" in log_text
        assert errors.message_for(RuntimeError()) == "Chương trình gặp một lỗi không lường trước."
        assert "Ổ đĩa đã đầy" in errors.message_for(OSError(28, "No space left on device"))
    finally:
        errors.uninstall()
        from core.safety.logs import shutdown_logging
        shutdown_logging()


def test_safety_screenshots(qtbot, tmp_path):
    from ui.safety.shots import grab_all

    saved = grab_all(tmp_path / "anh", tmp_path / "mau" / "data")
    names = [p.name for p in saved]
    for part in ("khoi_phuc", "nhap_excel_dong_loi", "nhat_ky_thay_doi", "hoi_mat_khau", "khoi_dong_du_lieu_hong",
                 "loi_khong_luong_truoc"):
        assert any(part in n for n in names), part
    assert all(p.stat().st_size > 2000 for p in saved)


def test_main_window_has_the_data_menu_and_audit_page(qtbot, filled, quiet, monkeypatch):
    from ui.main_window import MainWindow

    actions.load_plugins()
    win = MainWindow(filled, remember=False)
    qtbot.addWidget(win)
    assert "nhat_ky" in win.page_keys()
    menu = win.menus["Dữ liệu"]
    texts = [a.text() for a in menu.actions()]
    assert "Khôi phục…" in texts and "Nhật ký thay đổi" in texts
    next(a for a in menu.actions() if a.text() == "Nhật ký thay đổi").trigger()
    assert win.current_key() == "nhat_ky" and win.pages["nhat_ky"].table.rowCount() == 6  # 5 + the commune
    # Sao lưu… to a chosen folder
    usb = filled.data_dir.parent / "usb"
    usb.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(usb))
    next(a for a in menu.actions() if a.text() == "Sao lưu…").trigger()
    finished(qtbot)
    assert list(usb.glob("sodanvan_*_thu-cong.db")) and quiet[-1][0] == "info"


def test_export_the_list_as_shown(qtbot, filled, quiet, monkeypatch, tmp_path):
    from ui.main_window import MainWindow

    filled.create("don_thu", {"ngay_nhan": "05/03/2025", "loai": "to_cao", "noi_dung": "Tố cáo",
                              "ho_ten": "Phạm Thị Tố Giác"})
    filled.create("don_thu", {"ngay_nhan": "06/03/2025", "loai": "kien_nghi", "noi_dung": "Đường hỏng",
                              "ho_ten": "Nguyễn Văn An"})
    actions.load_plugins()
    win = MainWindow(filled, remember=False)
    qtbot.addWidget(win)
    win.show_page("don_thu")
    lp = win.current_list()
    lp.filter_bar.search.setText("duong")
    lp.filter_bar.flush()
    out = tmp_path / "ds.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    next(a for a in win.menus["Dữ liệu"].actions() if a.text().startswith("Xuất danh sách")).trigger()
    finished(qtbot)
    ws = openpyxl.load_workbook(out).active
    rows = list(ws.iter_rows(values_only=True))
    assert ws.freeze_panes == "A3" and len(rows) == 3  # subtitle, header, the one match
    assert "Đường hỏng" in rows[2] and "Nguyễn Văn An" in rows[2]
    assert isinstance(rows[2][1], dt.datetime)  # a real date
    lp.filter_bar.clear()
    next(a for a in win.menus["Dữ liệu"].actions() if a.text().startswith("Xuất danh sách")).trigger()
    finished(qtbot)
    text = " ".join(str(v) for r in openpyxl.load_workbook(out).active.iter_rows(values_only=True) for v in r)
    assert "Tố Giác" not in text and "(bảo mật)" in text


def test_ask_reveal_is_confirmed_and_logged(filled, quiet, monkeypatch):
    from ui.safety.dialogs import ask_reveal

    rid = filled.create("don_thu", {"ngay_nhan": "05/03/2025", "loai": "to_cao", "noi_dung": "Tố cáo",
                                    "ho_ten": "Phạm Thị Tố Giác", "cccd": "079123456789"})
    security.set_password(filled, "mat-khau-xa")
    assert filled.get("don_thu", rid)["ho_ten"] == "(bảo mật)"
    monkeypatch.setattr(vi, "ask", lambda *a, **k: False)
    assert ask_reveal(None, filled, rid) is None and not audit.query(filled, action="reveal")
    monkeypatch.setattr(vi, "ask", lambda *a, **k: True)
    assert ask_reveal(None, filled, rid)["cccd"] == "079123456789"
    assert audit.query(filled, action="reveal")[0]["ban_ghi_id"] == rid


def test_error_handler_is_installed_again_after_its_hook_was_replaced(qapp, tmp_path, monkeypatch):
    """``install`` is idempotent, but not blind: when something replaced
    ``sys.excepthook`` since (a test harness, a library), installing again
    puts the clerk's error dialog back (before, a stale flag skipped it and
    the next unexpected error went to a bare traceback)."""
    import sys

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    try:
        errors.install(qapp, tmp_path / "data")
        ours = sys.excepthook
        errors.install(qapp, tmp_path / "data")
        assert sys.excepthook is ours  # nothing stacked twice
        sys.excepthook = sys.__excepthook__
        errors.install(qapp, tmp_path / "data")
        assert sys.excepthook is not sys.__excepthook__ and errors._state["installed"]
    finally:
        errors.uninstall()
