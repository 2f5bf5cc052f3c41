"""How the window calls core: the one way to run long work off the GUI
thread, and the one notice that records changed.

Modelled on Anki's ``aqt.operations`` (``CollectionOp`` / ``QueryOp``):

- ``run(parent, label, fn, on_done, on_error=None, changes=None)``: ``fn()``
  runs in a ``QThread`` with a busy cursor and a progress dialog that
  appears only when the work takes longer than a moment — never a silent
  freeze.  ``on_done(result)`` runs back on the GUI thread; a failure goes
  to ``on_error(exc)`` or, by default, to the one error path
  (``show_error``: the Vietnamese message of a ``core.errors.UserError``,
  the log and a general message for anything else).  ``changes`` (record
  kinds, or ``ALL``) are announced through ``records_changed()`` after
  success.  While work runs the progress dialog is window-modal, so the
  clerk cannot start a second one or edit what is being written.
- ``records_changed()``: the application-wide hub; ``changed(kind, id)``
  fires after a record of ``kind`` was saved or deleted (``id`` 0: many),
  ``kind == ALL`` after a restore, an import, a merge or a settings change
  (everything may have changed).  Pages listen to it; editors and
  operations call ``notify(kind, id)``.
"""
from __future__ import annotations

import logging
import traceback

from PySide6.QtCore import QObject, Qt, QThread, QTimer, Signal
from PySide6.QtWidgets import QApplication, QProgressDialog

from core.errors import UserError

log = logging.getLogger(__name__)

# Show the progress dialog only when a step lasts longer than this (ms).
SHOW_AFTER_MS = 400


class _Worker(QThread):
    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(self, fn, parent=None):
        super().__init__(parent)
        self.fn = fn

    def run(self):
        try:
            res = self.fn()
        except BaseException as exc:  # reported on the GUI thread
            log.error("operation failed:\n%s", traceback.format_exc())
            self.failed.emit(exc)
        else:
            self.succeeded.emit(res)


class Task(QObject):
    """One running step; ``finished`` fires after ``on_done``/``on_error``."""

    finished = Signal()

    def __init__(self, parent, label: str, fn, on_done=None, on_error=None):
        super().__init__(parent)
        self.label = label
        self.on_done = on_done
        self.on_error = on_error
        self.done = False
        self.result = None
        self.error = None
        self.dialog = QProgressDialog(label, "", 0, 0, parent)
        self.dialog.setWindowTitle("Sổ Dân vận — đang xử lý")
        self.dialog.setCancelButton(None)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(0)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.hide()
        self._show_timer = QTimer(self)
        self._show_timer.setSingleShot(True)
        self._show_timer.timeout.connect(self._show)
        self.worker = _Worker(fn, self)
        self.worker.succeeded.connect(self._ok)
        self.worker.failed.connect(self._fail)

    def start(self):
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        self._show_timer.start(SHOW_AFTER_MS)
        self.worker.start()
        return self

    def _show(self):
        if not self.done:
            self.dialog.show()

    def _finish(self):
        self.done = True
        self._show_timer.stop()
        self.dialog.hide()
        self.dialog.deleteLater()
        QApplication.restoreOverrideCursor()
        self.worker.wait()
        self.worker.deleteLater()

    def _ok(self, res):
        self._finish()
        self.result = res
        try:
            if self.on_done:
                self.on_done(res)
        finally:
            self.finished.emit()
            self.deleteLater()

    def _fail(self, exc):
        self._finish()
        self.error = exc
        try:
            if self.on_error:
                self.on_error(exc)
        finally:
            self.finished.emit()
            self.deleteLater()


def run(parent, label: str, fn, on_done=None, on_error=None, changes=None) -> Task:
    """Start ``fn`` in a worker thread; see the module docstring."""
    if on_error is None:
        def on_error(exc):
            show_error(parent, exc)
    if changes is not None:
        done = on_done

        def on_done(res):
            try:
                if done is not None:
                    done(res)
            finally:
                for kind in ([changes] if isinstance(changes, str) else changes):
                    notify(kind)
    return Task(parent, label, fn, on_done, on_error).start()


def show_error(parent, exc: BaseException, title: str = "Không thực hiện được"):
    """The one error path: a clerk-facing message for ``UserError``; the
    traceback logged and a general message for anything else."""
    from ui.safety.errors import message_for
    from ui.widgets import vi

    if not isinstance(exc, UserError):
        log.error("operation failed", exc_info=(type(exc), exc, exc.__traceback__))
    vi.error(parent, title, message_for(exc))


# ---------------------------------------------------------- changes
ALL = "*"


class RecordsChanged(QObject):
    """``changed(kind, id)``: records of ``kind`` were saved or deleted
    (``id`` 0 when many); ``kind == ALL``: everything may have changed."""

    changed = Signal(str, int)


_HUB: RecordsChanged | None = None


def records_changed() -> RecordsChanged:
    global _HUB
    if _HUB is None:
        _HUB = RecordsChanged()
    return _HUB


def notify(kind: str, record_id: int = 0):
    records_changed().changed.emit(kind, int(record_id or 0))
