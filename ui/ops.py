"""How the window calls core: the one way to run long work off the GUI
thread, and the one notice that records changed.

Modelled on Anki's ``aqt.operations`` (``CollectionOp`` / ``QueryOp``):

- ``run(parent, label, fn, on_done, on_error=None, changes=None)``: ``fn()``
  runs in a worker thread with a busy cursor and a progress dialog that
  appears only when the work takes longer than a moment — never a silent
  freeze.  From the start until ``on_done`` the clerk's input (clicks, keys,
  closing a window) is held back: the progress dialog is window-modal once
  shown, and before that ``run`` swallows the input itself, so the clerk
  cannot start a second step or edit what is being written.  That is what
  makes it safe for ``fn`` to use the window's store (its connection is
  opened with ``check_same_thread=False``): the GUI thread does not touch it
  meanwhile.  ``on_done(result)`` runs back on the GUI thread; a failure
  goes to ``on_error(exc)`` or, by default, to the one error path
  (``show_error``: the Vietnamese message of a ``core.errors.UserError``,
  the log and a general message for anything else).  ``changes`` (a kind,
  kinds, or ``ALL``) are announced through ``records_changed()`` after
  success.  Returns the ``Task``: ``finished`` fires after the callbacks;
  ``busy()`` tells whether a step is running; ``call()`` runs one and waits
  for it (start-up, before the main window's event loop).
- ``run_in_background(owner, fn, on_done, on_error=None)``: the same worker
  without dialog, busy cursor or held input, for reading work the clerk must
  not wait for (the home page's figures, on a connection of their own).
  The result comes back on the GUI thread, or is dropped when ``owner`` was
  deleted meanwhile.  ``wait_for_background(ms)`` at exit.
- ``records_changed()``: the application-wide hub; ``changed(kind, id)``
  fires after a record of ``kind`` was saved or deleted (``id`` 0: many, or
  a settings table such as ``"enum"``), ``kind == ALL`` after a restore, an
  import or a merge (everything may have changed).  Pages listen to it and
  refresh themselves (later when hidden); editors and operations call
  ``notify(kind, id)``.
"""
from __future__ import annotations

import logging
import time

from PySide6 import QtCore
from PySide6.QtCore import QEvent, QEventLoop, QObject, QThread, QTimer, Signal
from PySide6.QtWidgets import QApplication, QProgressDialog

from core.errors import UserError

log = logging.getLogger(__name__)

# Show the progress dialog only when a step lasts longer than this (ms).
SHOW_AFTER_MS = 400

# Work started here and not finished yet (both kinds); see ``wait_for_background``.
_RUNNING: set[_Job] = set()


def _alive(obj) -> bool:
    if obj is None:
        return False
    try:
        import shiboken6
        return shiboken6.isValid(obj)
    except ImportError:  # pragma: no cover - PySide6 always ships shiboken6
        return True


class _Worker(QThread):
    """The one worker thread: runs ``fn`` and reports back by signal (queued
    to the GUI thread, where the ``_Job`` that owns it lives)."""

    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(self, fn, parent=None):
        super().__init__(parent)
        self.fn = fn

    def run(self):
        try:
            res = self.fn()
        except BaseException as exc:  # reported on the GUI thread
            if isinstance(exc, UserError):
                log.info("operation refused: %s", exc)
            else:
                log.error("operation failed", exc_info=(type(exc), exc, exc.__traceback__))
                try:
                    exc._ops_logged = True  # show_error does not log it twice
                except Exception:
                    pass
            self.failed.emit(exc)
        else:
            self.succeeded.emit(res)


class _Job(QObject):
    """Work on a ``_Worker`` whose outcome is delivered on the GUI thread.

    The job belongs to the application, not to ``owner``: a window closed
    while the thread runs never destroys a running thread; the outcome is
    then dropped (``discarded``) instead of reaching a deleted widget."""

    finished = Signal()

    def __init__(self, owner, fn, on_done=None, on_error=None, changes=None):
        super().__init__(QApplication.instance())
        self.owner = owner
        self.on_done = on_done
        self.on_error = on_error
        self.changes = changes
        self.done = False
        self.discarded = False
        self.result = None
        self.error = None
        self.worker = _Worker(fn, self)
        self.worker.succeeded.connect(self._ok)
        self.worker.failed.connect(self._fail)

    def owner_alive(self) -> bool:
        # (not through owner.destroyed: a Python slot on it crashes PySide6 later)
        return self.owner is None or _alive(self.owner)

    def start(self):
        _RUNNING.add(self)
        self.worker.start()
        return self

    def wait(self, timeout_ms: int = 60_000) -> bool:
        """Run a local event loop until the callbacks have run (start-up and
        screenshots, where no event loop runs yet); False on time-out."""
        if self.done:
            return True
        loop = QEventLoop()
        self.finished.connect(loop.quit)
        QTimer.singleShot(timeout_ms, loop.quit)
        loop.exec()
        return self.done

    def _finish(self):
        self.done = True
        self.worker.wait()
        _RUNNING.discard(self)

    def _deliver(self, callback, value, succeeded: bool):
        try:
            if self.owner_alive():
                if callback is not None:
                    callback(value)
            else:
                self.discarded = True
        finally:
            try:
                if succeeded and self.changes is not None:
                    for kind in ([self.changes] if isinstance(self.changes, str) else self.changes):
                        notify(kind)
            finally:
                self.finished.emit()
                self.deleteLater()

    def _ok(self, res):
        self._finish()
        self.result = res
        self._deliver(self.on_done, res, True)

    def _fail(self, exc):
        self._finish()
        self.error = exc
        self._deliver(self.on_error, exc, False)


# Input the clerk gives while a step runs (before its dialog is shown).
_HELD = frozenset({
    QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease, QEvent.Type.MouseButtonDblClick,
    QEvent.Type.Wheel, QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.ShortcutOverride,
    QEvent.Type.Shortcut, QEvent.Type.ContextMenu, QEvent.Type.Drop, QEvent.Type.TouchBegin,
})


class Task(_Job):
    """One running step of ``run``: busy cursor, held input, and the
    progress dialog after ``SHOW_AFTER_MS``; ``finished`` fires after
    ``on_done``/``on_error``."""

    def __init__(self, parent, label: str, fn, on_done=None, on_error=None, changes=None):
        super().__init__(parent, fn, on_done, on_error, changes)
        self.label = label
        self.dialog = QProgressDialog(label, "", 0, 0, parent)
        self.dialog.setWindowTitle("Sổ Dân vận — đang xử lý")
        self.dialog.setCancelButton(None)
        self.dialog.setWindowModality(QtCore.Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(0)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        # QProgressDialog starts a timer of its own in its constructor that
        # shows it after 4 s unless reset: only ``_show_timer`` shows it here.
        # (Left running, it showed the dialog over the print preview opened by
        # ``on_done``: a nested event loop keeps the deleteLater'd dialog alive.)
        self.dialog.reset()
        self.dialog.hide()
        self._show_timer = QTimer(self)
        self._show_timer.setSingleShot(True)
        self._show_timer.timeout.connect(self._show)

    def start(self):
        QApplication.setOverrideCursor(QtCore.Qt.CursorShape.WaitCursor)
        QApplication.instance().installEventFilter(self)
        self._show_timer.start(SHOW_AFTER_MS)
        return super().start()

    def eventFilter(self, obj, e):  # noqa: N802 (Qt naming)
        t = e.type()
        if t in _HELD:
            return True
        # a window closed by the clerk (title bar) while the step runs
        return t == QEvent.Type.Close and e.spontaneous() and obj.isWidgetType() and obj.isWindow()

    def _show(self):
        if not self.done and _alive(self.dialog):
            self.dialog.show()

    def _finish(self):
        super()._finish()
        self._show_timer.stop()
        QApplication.instance().removeEventFilter(self)
        if _alive(self.dialog):
            self.dialog.reset()  # stops Qt's own show timer too
            self.dialog.hide()
            self.dialog.deleteLater()
        QApplication.restoreOverrideCursor()


def run(parent, label: str, fn, on_done=None, on_error=None, changes=None) -> Task:
    """Start ``fn`` in a worker thread; see the module docstring."""
    if on_error is None:
        def on_error(exc):
            show_error(parent, exc)
    return Task(parent, label, fn, on_done, on_error, changes).start()


def busy() -> bool:
    """A step started by ``run`` is still running."""
    return any(isinstance(j, Task) for j in _RUNNING)


def call(parent, label: str, fn, timeout_ms: int = 600_000):
    """``run`` and wait for it: ``fn()``'s result, or its exception raised
    here.  For the start-up, where no event loop runs yet."""
    out = {}
    task = run(parent, label, fn, lambda res: out.setdefault("res", res), lambda exc: out.setdefault("exc", exc))
    if not task.wait(timeout_ms):
        raise TimeoutError(label)
    if "exc" in out:
        raise out["exc"]
    return out.get("res")


def run_in_background(owner, fn, on_done=None, on_error=None) -> _Job:
    """``fn()`` in the worker thread without dialog, busy cursor or held
    input; ``on_done(result)`` / ``on_error(exc)`` (default: logged only) on
    the GUI thread, unless ``owner`` was deleted meanwhile.  ``fn`` must not
    touch the window's store: open a reader of its own
    (``core.session.open_reader``)."""
    if on_error is None:
        def on_error(exc):
            log.warning("background work failed: %s", exc)
    return _Job(owner, fn, on_done, on_error).start()


def wait_for_background(timeout_ms: int = 15_000) -> bool:
    """At exit: wait for every worker still running (the home page's figures,
    say); False when some did not end within ``timeout_ms``."""
    deadline = time.monotonic() + timeout_ms / 1000
    for job in list(_RUNNING):
        left = max(0, int((deadline - time.monotonic()) * 1000))
        if not job.worker.wait(left):
            return False
    return True


def show_error(parent, exc: BaseException, title: str = "Không thực hiện được"):
    """The one error path: a clerk-facing message for ``UserError``; the
    traceback logged and a general message for anything else."""
    from ui.safety.errors import message_for
    from ui.widgets import vi

    if not isinstance(exc, UserError) and not getattr(exc, "_ops_logged", False):
        log.error("operation failed", exc_info=(type(exc), exc, exc.__traceback__))
    vi.error(parent, title, message_for(exc))


# ---------------------------------------------------------- changes
ALL = "*"


class RecordsChanged(QObject):
    """``changed(kind, id)``: records of ``kind`` were saved or deleted
    (``id`` 0 when many); ``kind == ALL``: everything may have changed."""

    changed = Signal(str, int)
    # a short line for the main window's status bar ("Đã lưu đơn số 151/2026")
    message = Signal(str)


_HUB: RecordsChanged | None = None


def records_changed() -> RecordsChanged:
    global _HUB
    if _HUB is None:
        _HUB = RecordsChanged()
    return _HUB


def notify(kind: str, record_id: int = 0):
    records_changed().changed.emit(kind, int(record_id or 0))


def say(text: str):
    """A line for the main window's status bar (an editor's "Đã lưu …")."""
    records_changed().message.emit(text)


class RefreshWhenShown:
    """Mixin of a page (a ``QWidget`` with ``refresh()``): ``mark_dirty()``
    refreshes now when the page is on screen, else when it is next shown —
    a hidden page never reads the book for nothing."""

    _dirty = True

    def mark_dirty(self, *_):
        self._dirty = True
        if self.isVisible():
            self.refresh()

    def showEvent(self, e):  # noqa: N802
        super().showEvent(e)
        if self._dirty:
            self.refresh()
