"""Run a slow step (building a report, writing a PDF/DOCX) off the GUI
thread, with a busy cursor and a progress dialog that appears only when the
step takes longer than a moment — never a silent freeze.

``run_task(parent, label, fn, on_done, on_error)``: ``fn()`` runs in a
``QThread``; ``on_done(result)`` / ``on_error(exc)`` run back on the GUI
thread.  While a task runs the progress dialog is window-modal, so the
clerk cannot start a second one or edit the report being written.
"""
from __future__ import annotations

import logging
import traceback

from PySide6.QtCore import QObject, Qt, QThread, QTimer, Signal
from PySide6.QtWidgets import QApplication, QProgressDialog

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
            log.error("report task failed:\n%s", traceback.format_exc())
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


def run_task(parent, label: str, fn, on_done=None, on_error=None) -> Task:
    """Start ``fn`` in a worker thread; see the module docstring."""
    return Task(parent, label, fn, on_done, on_error).start()
