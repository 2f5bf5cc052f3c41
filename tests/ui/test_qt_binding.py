"""Guard against a Qt binding that corrupts reference counts.

PySide6 6.12.0 on Python 3.11 dropped a reference to ``None`` on every Qt
method returning void; the interpreter aborted ("none_dealloc") after a few
thousand calls, i.e. within minutes of a clerk's work.  Run many such calls in
a child process and check it survives with ``None``'s count unchanged."""
import subprocess
import sys

CODE = r"""
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([])
w = QLabel("x")
before = sys.getrefcount(None)
for i in range(50000):
    w.setText("y")
    app.processEvents()
after = sys.getrefcount(None)
print(after - before)
"""


def test_void_qt_calls_do_not_leak_none_references():
    r = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr[-500:]
    assert abs(int(r.stdout.strip())) < 1000
