"""Issue 16 (start-up ≤ 1.5× a bare window): the main window's frame is
painted before the book is opened, then filled; the home charts are drawn
with QPainter (no QtCharts)."""
import argparse
import sys

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QWidget

import cli


@pytest.fixture
def book(tmp_path):
    d = tmp_path / "data"
    assert cli.main(["--data-dir", str(d), "demo", "--records", "60", "--years", "2025-2025"]) == 0
    return d


@pytest.fixture
def global_hooks():
    """run_gui installs the app's error handlers for the process: put back."""
    old = sys.excepthook
    yield
    from ui.safety import errors
    errors.uninstall()
    sys.excepthook = old


def _main_windows():
    from ui.main_window import MainWindow

    return [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]


def test_the_frame_is_painted_before_the_book_opens_then_filled(book, monkeypatch, qapp, qtbot, ini, global_hooks):
    from ui import actions
    from ui import app as app_mod

    actions.load_plugins()
    seen = {}

    def at_startup_hook(app, data_dir):  # the integrity check, the password prompt run here
        wins = _main_windows()
        assert len(wins) == 1
        win = seen["win"] = wins[0]
        home = win.stack.currentWidget()  # the home page's layout, nothing read yet
        seen["at_hook"] = {
            "painted": win.painted, "store": win.store, "ready": win.is_ready,
            "enabled": win.centralWidget().isEnabled() or win.menuBar().isEnabled(),
            "loading": [lab.text() for lab in home.findChildren(QLabel) if lab.objectName() == "home_loading"],
            "built": list(win.pages.built()), "nav_row": win.nav.currentRow(),
            "nav": [win.nav.item(i).text() for i in range(win.nav.count())][:2],
        }
        # the clerk presses keys and clicks before the book is open: nothing happens
        QTest.keyClick(win, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
        QTest.keyClick(win, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
        row = win.nav.visualItemRect(win.nav.item(1)).center()
        QTest.mouseClick(win.nav.viewport(), Qt.MouseButton.LeftButton, pos=row)
        seen["page_after_input"] = win.current_key()
        seen["modal"] = QApplication.activeModalWidget()
        return True

    def at_store_hook(store):
        seen["store_opened_while_painted"] = seen["win"].painted and seen["win"].store is None

    monkeypatch.setattr(actions, "STARTUP_HOOKS", [*actions.STARTUP_HOOKS, at_startup_hook])
    monkeypatch.setattr(actions, "STORE_HOOKS", [*actions.STORE_HOOKS, at_store_hook])

    def fake_exec():
        win = _main_windows()[0]
        assert win is seen["win"]  # the same window, filled
        ready = []
        win.ready.connect(lambda: ready.append(True))
        qtbot.waitUntil(lambda: win.is_ready, timeout=15000)
        home = win.pages["tong_quan"]
        seen["after"] = {"store": win.store is not None, "cards": home.cards_ready, "page": win.stack.currentWidget(),
                         "home": home, "skeleton": win.findChildren(QWidget, "home_skeleton"),
                         "enabled": win.centralWidget().isEnabled() and win.menuBar().isEnabled(),
                         "title": win.windowTitle(), "charts": [type(c).__name__ for c in home.charts]}
        win.close()
        return 0

    monkeypatch.setattr(qapp, "exec", fake_exec)
    assert app_mod.run_gui(argparse.Namespace(data_dir=book)) == 0
    at = seen["at_hook"]
    assert at["painted"] and at["store"] is None and not at["ready"] and not at["enabled"]
    assert at["loading"] == ["Đang mở sổ…"] and at["nav"] == ["Tổng quan", "Đơn thư"]
    assert at["built"] == [] and at["nav_row"] == 0  # no page built before the book is open
    assert seen["page_after_input"] == "tong_quan" and seen["modal"] is None  # no page, no editor opened
    assert seen["store_opened_while_painted"]
    after = seen["after"]
    assert after["store"] and after["cards"] and after["enabled"]
    assert after["page"] is after["home"] and after["skeleton"] == []  # the real page replaced the layout
    assert "UBND" in after["title"] and after["charts"] == ["BarChart", "BarChart"]


def test_the_frame_remembers_the_title_of_its_folder(book, qtbot, ini):
    from core.session import open_session
    from ui.main_window import MainWindow

    s = open_session(book)
    try:
        w = MainWindow(s, remember=True)
        title = w.windowTitle()
        w.save_state()
        w.deleteLater()
    finally:
        s.close()
    frame = MainWindow(None, data_dir=book)
    qtbot.addWidget(frame)
    assert frame.windowTitle() == title and "UBND" in title
    other = MainWindow(None, data_dir=book.parent / "other")
    qtbot.addWidget(other)
    assert other.windowTitle() == "Sổ Dân vận"


def test_a_damaged_book_is_still_offered_its_restore_over_the_frame(book, monkeypatch, qapp, ini, global_hooks):
    """The integrity check runs after the first paint; a damaged book still
    gets the restore dialog (before anything is opened) and the frame goes."""
    from core.safety import backup
    from core.safety.integrity import CheckResult
    from ui import actions
    from ui import app as app_mod
    from ui.safety import dialogs

    actions.load_plugins()
    asked = {}
    monkeypatch.setattr(backup, "startup_check",
                        lambda *a, **k: CheckResult(False, "corrupt", "Tệp dữ liệu bị hỏng."))

    def fake_restore_exec(self):
        asked["frame_painted"] = [w.painted for w in _main_windows()]
        return dialogs.RestoreDialog.DialogCode.Rejected

    monkeypatch.setattr(dialogs.RestoreDialog, "exec", fake_restore_exec)
    monkeypatch.setattr(qapp, "exec", lambda: pytest.fail("the window must not run on a damaged book"))
    assert app_mod.run_gui(argparse.Namespace(data_dir=book)) == 1
    assert asked["frame_painted"] == [True]
    assert _main_windows() == []


def test_bar_chart_paints_the_data_it_is_given(qtbot):
    from ui.widgets import charts

    don = [3, 0, 5, 12] + [0] * 8
    tcd = [1, 2, 0, 4] + [0] * 8
    c = charts.monthly_chart(don, tcd, 2026)
    qtbot.addWidget(c)
    c.resize(600, 300)
    c.grab()  # painted once
    assert c.title == "Đơn thư và lượt tiếp công dân theo tháng, năm 2026"
    assert c.categories == [f"T{m}" for m in range(1, 13)]
    assert c.legend() == [("Đơn thư tiếp nhận", "#2f6db5"), ("Lượt tiếp công dân", "#e0892b")]
    assert c.bars()[:4] == [("Tháng 1", "Đơn thư tiếp nhận", 3), ("Tháng 1", "Lượt tiếp công dân", 1),
                            ("Tháng 2", "Đơn thư tiếp nhận", 0), ("Tháng 2", "Lượt tiếp công dân", 2)]
    assert c.value_labels()[:4] == ["3", "1", "", "2"]  # a zero bar carries no value
    assert c.value_labels()[6:8] == ["12", "4"]
    assert c.axis_max == charts.axis_max(12, 5) == 25  # above 12 + a tenth, five round steps (as before)
    heights = {(i, j): r.height() for r, i, j in c._rects}
    assert heights[(3, 0)] == pytest.approx(3 * heights[(3, 1)])  # 12 vs 4: bars to scale
    assert heights[(1, 0)] == 0
    # the pixel in the middle of April's petitions bar is the petitions' blue
    rect = next(r for r, i, j in c._rects if (i, j) == (3, 0))
    img = c.grab().toImage()
    centre = rect.center().toPoint()
    dpr = img.devicePixelRatio()
    assert QColor(img.pixel(int(centre.x() * dpr), int(centre.y() * dpr))).name() == "#2f6db5"
    assert c.tooltip_at(centre) == "Tháng 4: Đơn thư tiếp nhận 12"
    assert c.tooltip_at(QPoint(2, 2)) is None

    long = "Bồi thường, hỗ trợ, tái định cư khi Nhà nước thu hồi đất"
    f = charts.field_chart([("Đất đai", 30, 20), (long, 1200, 5)], "năm 2026")
    qtbot.addWidget(f)
    f.resize(1024 // 2, 320)
    f.grab()
    assert f.horizontal and f.full_labels == ["Đất đai", long]  # the biggest on top, as given
    assert f.value_labels()[2] == "1.200"  # Vietnamese thousands separator
    first, second = (next(r for r, i, j in f._rects if (i, j) == (k, 0)) for k in (0, 1))
    assert first.top() < second.top() and second.width() == pytest.approx(40 * first.width())
    assert f.tooltip_at(second.center().toPoint()) == f"{long}: Đơn thư 1.200"


def test_the_charts_do_not_load_qtcharts():
    import subprocess

    code = ("import sys; import ui.pages.home, ui.widgets.charts; "
            "print(any(m.startswith('PySide6.QtCharts') for m in sys.modules))")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                       cwd=str(__import__("pathlib").Path(__file__).resolve().parents[2]))
    assert r.returncode == 0 and r.stdout.strip() == "False", r.stderr


FIRST_PAINT_PROBE = r"""
import json, sys
sys.path.insert(0, {root!r})
import ui.startup_probe as probe
emit = probe._emit
def at_line(line):  # the shown= line is written during the first paint
    if " shown=" in line:
        print("MODULES", json.dumps([m for m in {later!r} if m in sys.modules]), flush=True)
    emit(line)
probe._emit = at_line
from cli import main
sys.exit(main(["--data-dir", {data!r}]))
"""


def test_the_first_paint_comes_before_the_book_is_opened(tmp_path):
    """The store (sqlite-utils), the integrity check and the safety dialogs,
    the log file, the one-window channel and the home page's own module are
    loaded after the window's first paint (docs/PERFORMANCE.md, issue 16)."""
    import json
    import subprocess
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    data = tmp_path / "data"
    env = {"HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "QT_QPA_PLATFORM": "offscreen"}
    r = subprocess.run([sys.executable, "main.py", "--data-dir", str(data), "demo", "--records", "200"],
                       cwd=root, capture_output=True, text=True, encoding="utf-8", env=env)
    assert r.returncode == 0, r.stderr
    later = ["sqlite_utils", "core.records.store", "core.safety.backup", "ui.safety.dialogs", "logging.handlers",
             "PySide6.QtNetwork", "ui.pages.home", "core.text", "PySide6.QtCharts", "ui.widgets.charts"]
    code = FIRST_PAINT_PROBE.format(root=str(root), later=later, data=str(data))
    r = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True,
                       encoding="utf-8", env={**env, "SODANVAN_STARTUP_PROBE": "1"}, timeout=120)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert json.loads(next(x for x in lines if x.startswith("MODULES "))[8:]) == []
    shown = next(x for x in lines if " shown=" in x)
    ready = next(x for x in lines if " ready=" in x)
    assert lines.index(shown) < lines.index(ready)
    assert float(ready.split("ready=")[1]) > float(shown.split("shown=")[1].split()[0])
