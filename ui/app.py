"""GUI start-up (placeholder main window until the UI lands)."""
from __future__ import annotations

import sys


def run_gui(args, qt_args=()) -> int:
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    from core.db import open_store

    app = QApplication.instance() or QApplication([sys.argv[0], *qt_args])
    store = open_store(args.data_dir)
    win = QMainWindow()
    unit = store.current_unit()
    win.setWindowTitle("Sổ Dân vận" + (f" — {store.unit_title(unit)}" if unit else ""))
    win.setCentralWidget(QLabel("Sổ Dân vận"))
    win.resize(1366, 768)
    win.show()
    return app.exec()
