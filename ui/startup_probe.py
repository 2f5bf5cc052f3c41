"""Start-up time probe for ``benchmarks/bench_startup.py``.

With ``SODANVAN_STARTUP_PROBE`` set, the first time a main window (any
top-level ``QMainWindow``) is painted, one line is written::

    SODANVAN_STARTUP_PROBE shown=<time.time()> title=<window title>

to standard output (value ``1`` or ``-``) or appended to the file named by the
variable, and the application quits (unless ``SODANVAN_STARTUP_PROBE_STAY=1``).
Unset, importing this module costs nothing and installs nothing.

Wiring: importing the module registers a store hook (``ui.actions``) that
installs the probe on the running ``QApplication``; the GUI start-up may also
call :func:`install` directly after creating the application.
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

        def eventFilter(self, obj, ev):  # noqa: N802 (Qt naming)
            if (not self.done and ev.type() == QEvent.Type.Paint and isinstance(obj, QMainWindow)
                    and obj.isWindow()):
                self.done = True
                shown = time.time()
                title = obj.windowTitle().replace("\n", " ")
                # after this paint has been flushed
                QTimer.singleShot(0, lambda: self._report(shown, title))
            return False

        def _report(self, shown, title):
            _emit(f"{ENV} shown={shown:.6f} title={title}")
            if os.environ.get(ENV + "_STAY") != "1":
                app.quit()

    _installed = _Probe(app)
    app.installEventFilter(_installed)
    return True


def _store_hook(store):  # noqa: ARG001 — signature of ui.actions store hooks
    install()


if enabled():
    from . import actions as _actions

    _actions.register_store_hook(_store_hook)
