"""Safety and privacy in the app (issue 4): plugged into the main window
through ``ui.actions`` (this module is listed in ``PLUGIN_MODULES``).

- start-up hook: the log file and the global error handler
  (``errors.install``), the integrity check (``PRAGMA quick_check``) with a
  guided restore from the newest good backup, clear messages for a newer,
  locked or read-only data file, then the password prompt.  A very large
  file (``core.safety.integrity.LARGE_FILE_BYTES``) whose last session ended cleanly
  gets only the cheap checks here: its quick_check runs in the background
  once the main window has painted (``BackgroundCheckRelay``), and a problem
  found there is explained in a dialog and checked again at the next start;
- store hook: the audit log, the encryption filters (with the key from the
  prompt), the "session open" marker, the backup of the first start of the
  day (for a file checked in the background: after the check passed);
- shutdown hook: a running background check is interrupted, the backup on
  exit, the "session open" marker removed;
- the "Dữ liệu" menu and the "Nhật ký thay đổi" page.
"""
from __future__ import annotations

import logging
from pathlib import Path

from PySide6 import QtCore
from PySide6.QtCore import QEvent, QObject, QTimer, Signal

from ui import actions

log = logging.getLogger(__name__)

MENU = "Dữ liệu"
_session: dict = {"key": None, "deferred": None}
# If no main window paints within this time (e.g. minimised start), the
# background check starts anyway.
BACKGROUND_CHECK_FALLBACK_MS = 5000
_bg: dict = {"relay": None}


# ------------------------------------------------------------- hooks
def startup_hook(app, data_dir) -> bool:
    from core.safety import backup
    from core.safety import secrets as security
    from ui.widgets import vi

    from . import errors

    errors.install(app, data_dir)
    try:
        res = backup.startup_check(data_dir, defer_large=True)
    except Exception:  # whatever the damage, the way out is the recovery offer, never a general apology
        log.exception("start-up check failed")
        from core.paths import DB_FILENAME
        from core.safety.integrity import CheckResult, corrupt_message

        res = CheckResult(False, "corrupt", corrupt_message(Path(data_dir) / DB_FILENAME))
    _session["deferred"] = Path(data_dir).resolve() if res.ok and res.deferred else None
    if not res.ok:
        log.warning("start-up check failed: %s %s", res.problem, res.details[:3])
        if res.problem == "corrupt":
            from .dialogs import RestoreDialog  # the dialogs only when needed (start-up time)

            dlg = RestoreDialog(data_dir, None, res.message)
            if dlg.exec() != RestoreDialog.DialogCode.Accepted or not dlg.restored:
                return False
        else:
            vi.error(None, "Không mở được dữ liệu", res.message)
            return False
    try:
        required = security.password_required(data_dir)
    except Exception:  # damaged password settings: the store's open explains them
        log.exception("could not read the password settings")
        required = False
    if required:
        from .dialogs import PasswordPrompt

        dlg = PasswordPrompt(data_dir)
        if dlg.exec() != PasswordPrompt.DialogCode.Accepted or dlg.key is None:
            return False
        _session["key"] = dlg.key
    return True


def store_hook(store):
    """The store comes from ``core.session.open_session`` (audit log and
    secrecy installed); here the key from the start-up prompt unlocks it."""
    from core.safety import integrity
    from core.safety import secrets as security

    if _session.get("key") is not None:
        security.install(store, key=_session["key"])
    _session["key"] = None  # the store holds it now; nothing else keeps it
    notes = security.pending_notes(store)  # a password change of the last session finished, rolled back, …
    if notes:
        from ui.widgets import vi

        QTimer.singleShot(0, lambda: vi.warning(None, "Lưu ý về bảo mật", notes[0], "\n".join(notes[1:]) or None))
    integrity.mark_session_open(store.data_dir)
    deferred, _session["deferred"] = _session.get("deferred"), None
    if deferred is not None and Path(store.data_dir).resolve() == deferred:
        # the daily backup waits for the check: never a damaged file saved as a good backup
        _bg["relay"] = BackgroundCheckRelay(store).schedule()
        return
    _daily_backup(store)


def _daily_backup(store):
    from core.safety import backup

    try:
        backup.daily_backup(store, background=True)
    except backup.BackupError:
        log.exception("daily backup failed")


def shutdown_hook(store):
    from core.safety import backup, integrity

    relay, _bg["relay"] = _bg.get("relay"), None
    damaged = False
    if relay is not None:
        relay.stop()  # interrupts a running check: closing never waits for it
        damaged = relay.damaged
    if damaged:
        log.warning("exit backup skipped: the background check found the data file damaged")
    else:
        try:
            backup.exit_backup(store)
        except backup.BackupError:
            log.exception("backup on exit failed")
    integrity.mark_session_closed(store.data_dir)


# ------------------------------------------------ background check
DAMAGED_TITLE = "Tệp dữ liệu có lỗi"


def damaged_message(file_name: str) -> str:
    return (f"Kiểm tra tự động vừa phát hiện tệp dữ liệu {file_name} có lỗi (thường do mất điện hoặc tắt máy "
            "đột ngột khi đang ghi). Chương trình chưa thay đổi gì trong tệp.\n\n"
            "Anh/chị hãy đóng chương trình rồi mở lại: khi mở, chương trình sẽ kiểm tra lại và hướng dẫn "
            "khôi phục từ bản sao lưu gần nhất còn tốt; tệp bị lỗi được giữ lại riêng, không bị xóa. "
            "Những gì nhập thêm từ bây giờ có thể không còn sau khi khôi phục.")


class BackgroundCheckRelay(QObject):
    """Runs ``core.safety.integrity.BackgroundCheck`` for a large file once the main
    window has painted and brings its result back to the GUI thread (the
    worker emits ``finished``; a queued connection delivers it)."""

    finished = Signal(object)  # CheckResult

    def __init__(self, store):
        from PySide6.QtWidgets import QApplication

        super().__init__(QApplication.instance())
        self.store = store
        self.check = None
        self.result = None
        self.stopped = False
        self.finished.connect(self._on_finished, QtCore.Qt.ConnectionType.QueuedConnection)
        self._timer = None

    @property
    def damaged(self) -> bool:
        # the worker's own result too: it may end after the event loop, its signal never delivered
        res = self.result or (self.check.result if self.check is not None else None)
        return res is not None and res.problem == "corrupt"

    def schedule(self) -> "BackgroundCheckRelay":
        """Start after the first paint of a main window (fallback: a timer)."""
        from PySide6.QtWidgets import QApplication

        QApplication.instance().installEventFilter(self)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.start)
        self._timer.start(BACKGROUND_CHECK_FALLBACK_MS)
        return self

    def eventFilter(self, obj, ev):  # noqa: N802 (Qt naming)
        if ev.type() == QEvent.Type.Paint and obj.isWidgetType() and obj.isWindow() \
                and obj.inherits("QMainWindow"):
            QTimer.singleShot(0, self.start)  # after this paint
        return False

    def _unhook(self):
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        if self._timer is not None:
            self._timer.stop()

    def start(self) -> "BackgroundCheckRelay":
        from core.safety import integrity

        self._unhook()
        if self.check is None and not self.stopped:
            log.info("background integrity check started (large file)")
            self.check = integrity.BackgroundCheck(self.store.data_dir, self.finished.emit).start()
        return self

    def stop(self, timeout: float = 5.0):
        self.stopped = True
        self._unhook()
        if self.check is not None and self.check.running() and not self.check.cancel(timeout):
            log.warning("background integrity check did not stop in %.0f s", timeout)

    def _on_finished(self, res):
        if self.stopped:
            return
        self.result = res
        if res.ok:
            _daily_backup(self.store)
            return
        if res.problem != "corrupt":
            return  # logged by the check; the next start checks again
        from PySide6.QtWidgets import QApplication

        from ui.widgets import vi

        from . import errors

        lp = errors._state.get("log_path")
        vi.warning(QApplication.activeWindow(), DAMAGED_TITLE, damaged_message(self.store.path.name),
                   f"Chi tiết đã ghi vào tệp nhật ký: {lp}" if lp else None)


# ------------------------------------------------------------ actions
# Restore, import and merge announce ``ui.ops.ALL`` themselves (the dialogs):
# the window and its pages read everything again.  Here the audit log page,
# which lists what they wrote.
def _refresh(win):
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

    from core.io import excel
    from core.text import fmt_int, fold
    from ui import ops
    from ui.widgets import vi

    state = win.current_list_state() if hasattr(win, "current_list_state") else None
    if not state:
        vi.info(win, "Xuất Excel", "Hãy mở một trang danh sách (đơn thư, tiếp công dân…) rồi chọn lại.")
        return
    name = fold(state["title"]).replace(" — ", "_").replace(" ", "_").replace(",", "") + ".xlsx"
    path, _ = QFileDialog.getSaveFileName(win, "Xuất danh sách ra Excel", name, "Excel (*.xlsx)")
    if not path:
        return None
    store = win.store
    return ops.run(win, "Đang xuất danh sách ra Excel…",
                   lambda: excel.export_list(store, path, state["kind_key"], state["filters"], state["search"],
                                             state["sort"], state["ids"], state["title"]),
                   lambda n: vi.info(win, "Đã xuất Excel", f"Đã xuất {fmt_int(n)} dòng ra {path}."),
                   lambda exc: ops.show_error(win, exc, "Không xuất được"))


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
