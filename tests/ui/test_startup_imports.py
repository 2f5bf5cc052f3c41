"""What the start-up does not load: heavy libraries and modules the first
window does not need are imported when first used (start-up time goal of
docs/PACKAGING.md; measured by benchmarks/bench_startup.py)."""
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# imported only by the features that use them
LATER = ["docx", "openpyxl", "reportlab", "holidays", "Crypto", "core.report.stats", "core.report.build",
         "core.report.docx_writer", "core.report.pdf_writer", "ui.report.page", "ui.report.editor", "PySide6.QtPdf",
         "core.commands.demo", "ui.commands.selftest", "ui.pages.list_page", "ui.pages.settings",
         # issue 16: the command modules' lookup, the one-window channel's name, the default data
         # folder's lookup (the window is opened on --data-dir here)
         "pkgutil", "hashlib", "platformdirs"]

PROBE = r"""
import json, sys
sys.path.insert(0, {root!r})
import ui.startup_probe as probe
emit = probe._emit
def at_first_paint(line):  # the modules loaded when the main window is first painted
    print("MODULES", json.dumps([m for m in {later!r} if m in sys.modules]), flush=True)
    # PySide6 builds Qt's enum namespace (every enum of QtCore.Qt, ~20 ms) when it is first named
    print("QT_NAMESPACE", "Qt" in vars(sys.modules["PySide6.QtCore"]), flush=True)
    emit(line)
probe._emit = at_first_paint
from cli import main
sys.exit(main(["--data-dir", {data!r}]))
"""


def test_first_window_is_shown_without_the_heavy_modules(tmp_path):
    data = tmp_path / "data"
    env = {"HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "QT_QPA_PLATFORM": "offscreen"}
    r = subprocess.run([sys.executable, "main.py", "--data-dir", str(data), "demo", "--records", "300"],
                       cwd=ROOT, capture_output=True, text=True, encoding="utf-8", env=env)
    assert r.returncode == 0, r.stderr
    code = PROBE.format(root=str(ROOT), later=LATER, data=str(data))
    r = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True,
                       encoding="utf-8", env={**env, "SODANVAN_STARTUP_PROBE": "1"}, timeout=120)
    assert r.returncode == 0, r.stderr
    assert "SODANVAN_STARTUP_PROBE shown=" in r.stdout  # the main window was painted
    line = next(x for x in r.stdout.splitlines() if x.startswith("MODULES "))
    # the home page's statistics run on a worker thread, which may have
    # imported core.report.stats (and the holiday table) already; nothing else
    assert [m for m in json.loads(line[8:]) if m not in ("core.report.stats", "holidays")] == []
    # nothing before the first paint names QtCore.Qt (nor passes a Qt enum to or from Qt: the
    # overload check of QAction.setShortcut(QKeySequence) does — ui.main_window._set_shortcut)
    assert "QT_NAMESPACE False" in r.stdout.splitlines()
