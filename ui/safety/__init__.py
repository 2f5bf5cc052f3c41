"""Safety and privacy in the app (issue 4): plugged into the main window
through ``ui.actions`` (this module is listed in ``PLUGIN_MODULES``).

- start-up hook: the log file and the global error handler
  (``errors.install``), the integrity check (``PRAGMA quick_check``) with a
  guided restore from the newest good backup, clear messages for a newer,
  locked or read-only data file, then the password prompt;
- store hook: the audit log, the encryption filters (with the key from the
  prompt), the backup of the first start of the day;
- shutdown hook: the backup on exit;
- the "Dữ liệu" menu and the "Nhật ký thay đổi" page.
"""
from __future__ import annotations

import logging

from ui import actions

log = logging.getLogger(__name__)

MENU = "Dữ liệu"
_session: dict = {"key": None}


# ------------------------------------------------------------- hooks
def startup_hook(app, data_dir) -> bool:
    from core import backup, security
    from ui.widgets import vi

    from . import errors
    from .dialogs import PasswordPrompt, RestoreDialog

    errors.install(app, data_dir)
    res = backup.startup_check(data_dir)
    if not res.ok:
        log.warning("start-up check failed: %s %s", res.problem, res.details[:3])
        if res.problem == "corrupt":
            dlg = RestoreDialog(data_dir, None, res.message)
            if dlg.exec() != RestoreDialog.DialogCode.Accepted or not dlg.restored:
                return False
        else:
            vi.error(None, "Không mở được dữ liệu", res.message)
            return False
    if security.password_required(data_dir):
        dlg = PasswordPrompt(data_dir)
        if dlg.exec() != PasswordPrompt.DialogCode.Accepted or dlg.key is None:
            return False
        _session["key"] = dlg.key
    return True


def store_hook(store):
    from core import audit, backup, security

    audit.install(store)
    security.install(store, key=_session.get("key"))
    _session["key"] = None  # the store holds it now; nothing else keeps it
    try:
        backup.daily_backup(store, background=True)
    except backup.BackupError:
        log.exception("daily backup failed")


def shutdown_hook(store):
    from core import backup

    try:
        backup.exit_backup(store)
    except backup.BackupError:
        log.exception("backup on exit failed")


# ------------------------------------------------------------ actions
def _refresh(win):
    if hasattr(win, "refresh_all"):
        win.refresh_all()
    if hasattr(win, "update_title"):
        win.update_title()
    page = getattr(win, "pages", {}).get("nhat_ky")
    if page is not None and hasattr(page, "refresh"):
        page.refresh()


def act_backup(win):
    from .dialogs import backup_to_folder
    backup_to_folder(win.store, win)


def act_restore(win):
    from .dialogs import RestoreDialog
    dlg = RestoreDialog(win.store.data_dir, win.store, parent=win)
    dlg.exec()
    if dlg.restored:
        _refresh(win)


def act_import(win):
    from .dialogs import ImportDialog
    dlg = ImportDialog(win.store, win)
    dlg.exec()
    if dlg.changed:
        _refresh(win)


def act_export_list(win):
    """The list on screen, exactly as shown, to .xlsx."""
    from PySide6.QtWidgets import QFileDialog

    from core import excel
    from core.text import fmt_int, fold
    from ui.widgets import vi

    state = win.current_list_state() if hasattr(win, "current_list_state") else None
    if not state:
        vi.info(win, "Xuất Excel", "Hãy mở một trang danh sách (đơn thư, tiếp công dân…) rồi chọn lại.")
        return
    name = fold(state["title"]).replace(" — ", "_").replace(" ", "_").replace(",", "") + ".xlsx"
    path, _ = QFileDialog.getSaveFileName(win, "Xuất danh sách ra Excel", name, "Excel (*.xlsx)")
    if not path:
        return
    try:
        n = excel.export_list(win.store, path, state["kind_key"], state["filters"], state["search"], state["sort"],
                              state["ids"], state["title"])
    except excel.ExcelError as e:
        vi.error(win, "Không xuất được", str(e))
        return
    vi.info(win, "Đã xuất Excel", f"Đã xuất {fmt_int(n)} dòng ra {path}.")


def act_template(win):
    from .dialogs import TemplateDialog
    TemplateDialog(win.store, win).exec()


def act_merge(win):
    from .dialogs import MergeDialog
    dlg = MergeDialog(win.store, win)
    dlg.exec()
    if dlg.result is not None and dlg.result.total_added:
        _refresh(win)


def act_password(win):
    from .dialogs import PasswordDialog
    PasswordDialog(win.store, win).exec()


def act_audit(win):
    if hasattr(win, "show_page") and "nhat_ky" in getattr(win, "pages", {}):
        win.pages["nhat_ky"].refresh()
        win.show_page("nhat_ky")


def audit_page(win):
    from .audit_page import AuditPage
    return AuditPage(win.store)


actions.register_startup_hook(startup_hook)
actions.register_store_hook(store_hook)
actions.register_shutdown_hook(shutdown_hook)
actions.register_menu_action(MENU, "Sao lưu…", act_backup, "Ctrl+Shift+S")
actions.register_menu_action(MENU, "Khôi phục…", act_restore)
actions.register_menu_action(MENU, "Nhập từ Excel…", act_import, "Ctrl+Shift+I")
actions.register_menu_action(MENU, "Tải mẫu nhập Excel…", act_template)
actions.register_menu_action(MENU, "Xuất danh sách đang xem ra Excel…", act_export_list, "Ctrl+Shift+E")
actions.register_menu_action(MENU, "Gộp dữ liệu đơn vị cũ…", act_merge)
actions.register_menu_action(MENU, "Đặt mật khẩu…", act_password)
actions.register_menu_action(MENU, "Nhật ký thay đổi", act_audit)
actions.register_page("nhat_ky", "Nhật ký thay đổi", audit_page, after="cai_dat")
