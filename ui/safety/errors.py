"""One global handler for unexpected exceptions (SPEC §8).

``install(app, data_dir)``: the rotating log file in the data folder
(``core.safety.logs``), and ``sys.excepthook``/``threading.excepthook`` replaced by
a handler that writes the traceback to the log and shows a Vietnamese
dialog.  In PySide6 an exception raised in a slot reaches ``sys.excepthook``
and the event loop goes on: the open form stays as it is, with what the
clerk typed — the dialog says so.
"""
from __future__ import annotations

import logging
import sys
import threading
import traceback

log = logging.getLogger("sodanvan.errors")

_state = {"installed": False, "showing": False, "log_path": None, "prev_hook": None}


def message_for(exc: BaseException) -> str:
    """A short Vietnamese sentence for the exceptions a clerk can act on."""
    from core.errors import UserError

    if isinstance(exc, UserError):
        return exc.message()
    if isinstance(exc, PermissionError):
        return "Không có quyền ghi vào tệp hoặc thư mục này (tệp có thể đang mở trong chương trình khác)."
    if isinstance(exc, OSError) and getattr(exc, "errno", None) == 28:
        return "Ổ đĩa đã đầy. Hãy giải phóng dung lượng rồi thử lại."
    if isinstance(exc, MemoryError):
        return "Máy không đủ bộ nhớ để làm việc này. Hãy đóng bớt chương trình khác rồi thử lại."
    return "Chương trình gặp một lỗi không lường trước."


def handle(exc_type, exc, tb, parent=None):
    """Log the exception and tell the clerk (never raises)."""
    if issubclass(exc_type, KeyboardInterrupt):
        return
    text = "".join(traceback.format_exception(exc_type, exc, tb))
    log.error("unexpected error:\n%s", text)
    if _state["showing"]:
        return  # an error while showing the dialog: logged only
    try:
        from PySide6.QtWidgets import QApplication
        app = QApplication.instance()
        if app is None:
            print(text, file=sys.stderr)
            return
        _state["showing"] = True
        show_dialog(exc, text, parent or app.activeWindow())
    except Exception:  # pragma: no cover - last resort
        log.exception("could not show the error dialog")
    finally:
        _state["showing"] = False


def show_dialog(exc, detail: str, parent=None):
    from PySide6.QtWidgets import QMessageBox

    lp = _state.get("log_path")
    msg = message_for(exc)
    info = ("Những gì anh/chị đang nhập vẫn còn nguyên trên màn hình: hãy kiểm tra rồi lưu lại."
            + (f"\nChi tiết lỗi đã được ghi vào tệp nhật ký: {lp}" if lp else ""))
    m = QMessageBox(QMessageBox.Icon.Warning, "Có lỗi xảy ra", msg, QMessageBox.StandardButton.NoButton, parent)
    m.setInformativeText(info)
    m.setDetailedText(detail)
    m.addButton("Đóng", QMessageBox.ButtonRole.AcceptRole)
    m.setObjectName("safety_error_dialog")
    m.exec()


def install(app, data_dir):
    """Log file in ``data_dir`` + the global handlers (idempotent)."""
    from core.safety.logs import setup_logging

    _state["log_path"] = setup_logging(data_dir)
    if _state["installed"] and sys.excepthook is _state.get("hook"):
        return  # (a hook replaced since — e.g. by a test harness — is installed again)
    _state["prev_hook"] = sys.excepthook
    _state["hook"] = sys.excepthook = lambda t, e, tb: handle(t, e, tb)

    def thread_hook(args):
        log.error("unexpected error in thread %s", args.thread.name if args.thread else "?",
                  exc_info=(args.exc_type, args.exc_value, args.exc_traceback))

    threading.excepthook = thread_hook
    _state["installed"] = True
    log.info("error handler installed")


def uninstall():
    if _state["installed"]:
        sys.excepthook = _state["prev_hook"] or sys.__excepthook__
        threading.excepthook = threading.__excepthook__
        _state["installed"] = False
