"""One program per data folder (core.safety.instance, ui.instance): the window holds
the folder's lock, a second start brings it forward, writing commands refuse
while it is open, reading commands run beside it."""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

import pytest

import cli
from core.paths import LOCK_FILENAME
from core.safety.instance import FolderBusy, FolderLock, channel_name, open_elsewhere

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def demo_dir(tmp_path):
    d = tmp_path / "data"
    assert cli.main(["--data-dir", str(d), "demo", "--records", "60", "--years", "2025-2025"]) == 0
    return d


def _counts(data_dir: Path) -> tuple:
    import sqlite3
    conn = sqlite3.connect(data_dir / "sodanvan.db")
    try:
        return tuple(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                     for t in ("don_thu", "tiep_cong_dan", "hoa_giai", "unit"))
    finally:
        conn.close()


# ------------------------------------------------------------------ core
def test_second_lock_on_a_folder_is_refused_in_vietnamese_until_released(tmp_path):
    first, second = FolderLock(tmp_path / "d"), FolderLock(tmp_path / "d")
    assert first.acquire() is True and first.held
    assert (tmp_path / "d" / LOCK_FILENAME).exists()
    with pytest.raises(FolderBusy) as e:
        second.acquire()
    assert "Sổ Dân vận đang mở thư mục dữ liệu này" in str(e.value)
    assert not second.held
    first.release()
    assert second.acquire() is True
    second.release()
    assert FolderLock(tmp_path / "other").acquire() is True  # folders are independent


def test_lock_of_a_killed_program_is_free_at_once(tmp_path, other_program):
    """A crash or a power cut never leaves the folder locked."""
    proc = other_program(tmp_path)
    with pytest.raises(FolderBusy):
        FolderLock(tmp_path).acquire()
    assert open_elsewhere(tmp_path)
    proc.kill()
    proc.wait(10)
    assert not open_elsewhere(tmp_path)
    lock = FolderLock(tmp_path)
    assert lock.acquire() is True
    assert not open_elsewhere(tmp_path)  # held here, not elsewhere
    lock.release()


def test_a_folder_that_cannot_hold_a_lock_does_not_stop_the_clerk(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    lock = FolderLock(blocker / "data")  # cannot be created: a file is in the way
    assert lock.acquire() is False and not lock.held
    lock.release()  # harmless


def test_channel_name_is_per_folder_and_stable(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    assert channel_name(a) == channel_name(tmp_path / "x" / ".." / "a")
    assert channel_name(a) != channel_name(b)
    assert channel_name(a).startswith("SoDanVan-") and len(channel_name(a)) < 40


# ------------------------------------------------------------------- CLI
@pytest.mark.parametrize("argv", [
    ["restore", "bản-sao.db"],
    ["import", "đơn.xlsx"],
    ["merge", "xa-cu", "--as-unit", "Nghĩa Hà"],
    ["password", "clear"],
    ["demo", "--records", "10"],
])
def test_writing_commands_refuse_while_the_window_is_open(demo_dir, capsys, argv):
    before = _counts(demo_dir)
    window = FolderLock(demo_dir)
    window.acquire()
    try:
        assert cli.main(["--data-dir", str(demo_dir), *argv]) == 1
    finally:
        window.release()
    err = capsys.readouterr().err
    assert "Lỗi: Sổ Dân vận đang mở thư mục dữ liệu này" in err and "Hãy đóng cửa sổ chương trình" in err
    assert "Traceback" not in err
    assert _counts(demo_dir) == before


def test_reading_commands_run_beside_the_window(demo_dir, tmp_path, capsys):
    window = FolderLock(demo_dir)
    window.acquire()
    try:
        assert cli.main(["--data-dir", str(demo_dir), "backup", "--to", str(tmp_path / "usb")]) == 0
        assert cli.main(["--data-dir", str(demo_dir), "export", "don_thu", "--out", str(tmp_path / "d.xlsx")]) == 0
        assert cli.main(["--data-dir", str(demo_dir), "report", "--year", "2025", "--format", "docx",
                         "--out", str(tmp_path / "bc.docx")]) == 0
        assert cli.main(["--data-dir", str(demo_dir), "check"]) == 0
    finally:
        window.release()
    assert list((tmp_path / "usb").glob("*.db")) and (tmp_path / "d.xlsx").exists() and (tmp_path / "bc.docx").exists()
    # the window gone, the writing commands work again
    assert cli.main(["--data-dir", str(demo_dir), "demo", "--records", "10", "--years", "2025-2025"]) == 0


# -------------------------------------------------------------------- GUI
def test_second_start_brings_the_open_window_forward(demo_dir, qtbot):
    """The real second program (``main.py``) on a folder whose window is open
    (here, this test's): it asks that window forward, is answered, and quits
    without a window or a message of its own."""
    from PySide6.QtWidgets import QLabel, QMainWindow

    from ui.instance import InstanceServer

    lock = FolderLock(demo_dir)
    assert lock.acquire()
    server = InstanceServer(channel_name(demo_dir))
    win = QMainWindow()
    win.setCentralWidget(QLabel("Sổ Dân vận"))
    qtbot.addWidget(win)
    win.show()
    win.showMinimized()
    server.window = win
    assert server.listening and win.isMinimized()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "--data-dir", str(demo_dir)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
    try:
        qtbot.waitUntil(lambda: proc.poll() is not None, timeout=30000)
    finally:
        if proc.poll() is None:
            proc.kill()
        out, err = proc.communicate(timeout=10)
        server.close()
        lock.release()
    assert proc.returncode == 0, err
    assert server.requests == 1
    assert not win.isMinimized()
    assert "Traceback" not in err and out == ""
    assert not (demo_dir / "sodanvan.db-dang-mo").exists()  # the second start opened nothing


def test_second_start_without_an_answer_explains_in_vietnamese(demo_dir, monkeypatch, qapp):
    """The first window does not answer (still starting, or hung): a message,
    no second window, nothing opened."""
    from ui import app as app_mod
    from ui.widgets import vi

    shown = []
    monkeypatch.setattr(vi, "info", lambda parent, title, text, detail=None: shown.append((title, text)))
    monkeypatch.setattr(qapp, "exec", lambda: pytest.fail("a second window was opened"))
    lock = FolderLock(demo_dir)
    assert lock.acquire()
    try:
        assert app_mod.run_gui(argparse.Namespace(data_dir=demo_dir)) == 0
    finally:
        lock.release()
    assert len(shown) == 1
    title, text = shown[0]
    assert title == "Sổ Dân vận đang mở"
    assert "trong một cửa sổ khác" in text and str(demo_dir) in text
    assert not (demo_dir / "sodanvan.db-dang-mo").exists()


@pytest.fixture
def global_hooks():
    """run_gui installs the app's error handlers for the process: put back."""
    old = sys.excepthook
    yield
    from ui.safety import errors
    errors.uninstall()
    sys.excepthook = old


def test_the_window_holds_the_folder_while_it_runs(demo_dir, monkeypatch, qapp, tmp_path, global_hooks):
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from ui import app as app_mod
    from ui import main_window as mw_mod
    from ui.commands.selftest import _one_window_per_folder

    monkeypatch.setattr(mw_mod, "settings", lambda: QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    seen = {}

    def fake_exec():
        win = next(w for w in QApplication.topLevelWidgets() if isinstance(w, mw_mod.MainWindow) and w.isVisible())
        with pytest.raises(FolderBusy):
            FolderLock(demo_dir).acquire()
        seen["self-test"] = _one_window_per_folder(demo_dir)
        win.close()
        return 0

    monkeypatch.setattr(qapp, "exec", fake_exec)
    assert _one_window_per_folder(demo_dir) == "cửa sổ chính không giữ khóa thư mục dữ liệu"
    assert app_mod.run_gui(argparse.Namespace(data_dir=demo_dir)) == 0
    assert seen["self-test"] is None  # the frozen build's check passes on a running window
    lock = FolderLock(demo_dir)  # released at exit
    assert lock.acquire()
    lock.release()


def test_a_channel_left_by_a_crash_is_taken_over(tmp_path, qapp):
    if sys.platform == "win32":
        pytest.skip("named pipes vanish with their process")
    from PySide6.QtCore import QDir

    from ui.instance import InstanceServer

    name = channel_name(tmp_path)
    stale = Path(QDir.tempPath()) / name
    stale.write_text("left by a crash")
    server = InstanceServer(name)
    try:
        assert server.listening
    finally:
        server.close()
