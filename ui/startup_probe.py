"""Start-up time probe for ``benchmarks/bench_startup.py``.

With ``SODANVAN_STARTUP_PROBE`` set, two moments of the main window (any
top-level ``QMainWindow``) are written, one line each::

    SODANVAN_STARTUP_PROBE shown=<time.time()> title=<window title>
    SODANVAN_STARTUP_PROBE ready=<time.time()>

*shown*: its first paint (the frame: title, navigation, the home page's
layout with "Đang mở sổ…"); *ready*: the first paint after the window's
``ready`` signal (book open, the home page's figures filled) — for a window
without that signal, the same time as *shown*.  The lines go to standard
output (value ``1`` or ``-``) or are appended to the file named by the
variable, and the application quits (unless ``SODANVAN_STARTUP_PROBE_STAY=1``).
Unset, importing this module costs nothing and installs nothing.

Wiring: ``ui.app`` calls :func:`install` once the main window is built,
before it is shown (the probe's Python event filter sees every event from
then on; the bare window of ``benchmarks/bench_startup.py`` installs its own
at the same point).  The frozen app imports this module from a PyInstaller
runtime hook when the variable is set.
"""
from __future__ import annotations

import os
import sys
import time

ENV = "SODANVAN_STARTUP_PROBE"
_installed = None


def enabled() -> bool:
    return bool(os.environ.get(ENV))


def _emit(line: str):
    target = os.environ.get(ENV, "")
    if target in ("1", "-", "stdout"):
        if sys.stdout is not None:
            print(line, flush=True)
    else:
        with open(target, "a", encoding="utf-8") as f:
            f.write(line + "\n")


def install(app=None) -> bool:
    """Installs the probe on ``app`` (default: the running QApplication)."""
    global _installed
    if not enabled() or _installed is not None:
        return False
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = app or QApplication.instance()
    if app is None:
        return False

    class _Probe(QObject):
        done = False
        window = None
        shown = None
        waiting = False  # ready signalled: the next paint of the window is "ready"

        def eventFilter(self, obj, ev):  # noqa: N802 (Qt naming)
            if self.done or ev.type() != QEvent.Type.Paint or not obj.isWidgetType():
                return False
            if self.window is None and isinstance(obj, QMainWindow) and obj.isWindow():
                self.window = obj
                self.shown = time.time()
                title = obj.windowTitle().replace("\n", " ")
                ready = getattr(obj, "ready", None)
                at_once = ready is None or getattr(obj, "is_ready", True)
                if at_once:
                    self.done = True
                else:
                    ready.connect(self._ready)
                # the line now (what is loaded at first paint is what was loaded before it);
                # ready and quitting after this paint has been flushed
                _emit(f"{ENV} shown={self.shown:.6f} title={title}")
                if at_once:
                    shown = self.shown
                    QTimer.singleShot(0, lambda: self._report_ready(shown))
            elif self.waiting and obj.window() is self.window:
                self.done = True
                t = time.time()
                QTimer.singleShot(0, lambda: self._report_ready(t))
            return False

        def _ready(self):
            self.waiting = True
            self.window.update()  # a paint follows even if nothing changed on screen

        def _report_ready(self, t):
            _emit(f"{ENV} ready={t:.6f}")
            if os.environ.get(ENV + "_STAY") != "1":
                app.quit()

    _installed = _Probe(app)
    app.installEventFilter(_installed)
    return True
