"""Integrity of the data file (``core.safety.integrity``): the start-up
check's messages for a newer, locked or read-only file; and for a LARGE
data file, cheap checks at start, ``PRAGMA quick_check`` in the background
after the window is shown, synchronous again after an unclean session or a
problem found in the background.  The size threshold is monkeypatched (no
64 MB files)."""
from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
from pathlib import Path

import pytest

from core.records.store import NewerSchemaError
from core.safety import backup, integrity
from core.session import open_session


def _fill(store, n=400):
    with store.transaction():
        for i in range(n):
            store.create("hoat_dong", {"ngay": "01/02/2025", "chu_de": f"Tuyên truyền pháp luật số {i} " + "x" * 200,
                                       "so_nguoi": 10 + i})


def _close(store) -> Path:
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    return store.data_dir


def _corrupt_middle_page(path: Path):
    """One b-tree page in the last half of the file made unreadable (the
    schema pages at the start stay intact: the file still opens)."""
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    n = len(data) // page
    off = (n * 3 // 4) * page
    data[off:off + page] = b"\xff" * page
    path.write_bytes(bytes(data))


def _fill_few(store, n=3):
    ids = []
    for i in range(n):
        ids.append(store.create("hoat_dong", {"ngay": "01/02/2025", "chu_de": f"Tuyên truyền {i}", "so_nguoi": 10 + i}))
    store.create("tiep_cong_dan", {"ngay_tiep": "03/02/2025", "ho_ten": "Trần Thị Bình", "noi_dung": "Hỏi về đất"})
    store.create("doi_thoai", {"ngay": "10/04/2025", "chu_de": "Đối thoại đất đai",
                               "y_kien": [{"linh_vuc": "dat_dai", "so_luong": 3}]})
    return ids


def _sha(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


@pytest.fixture
def large(monkeypatch):
    """Every file counts as large."""
    monkeypatch.setattr(integrity, "LARGE_FILE_BYTES", 0)


@pytest.fixture
def quick_checks(monkeypatch):
    """Records the integrity pragmas run (in any thread)."""
    ran = []
    real = integrity._run_check

    def spy(conn, pragma):
        ran.append(pragma)
        return real(conn, pragma)

    monkeypatch.setattr(integrity, "_run_check", spy)
    return ran


# ------------------------------------------------- start-up check messages
def test_newer_schema_refused_and_file_unchanged(store):
    _fill_few(store)
    store.conn.execute("INSERT INTO _sqlite_migrations(migration_set, name, applied_at) "
                       "VALUES ('sodanvan', 'm999_from_the_future', '2030-01-01')")
    store.conn.execute(f"PRAGMA user_version = {store.schema_version + 5}")
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data_dir = store.data_dir
    store.close()
    db = data_dir / "sodanvan.db"
    h = _sha(db)
    with pytest.raises(NewerSchemaError) as e:
        open_session(data_dir)
    assert "phiên bản Sổ Dân vận mới hơn" in str(e.value)
    assert _sha(db) == h
    res = backup.startup_check(data_dir)
    assert res.problem == "newer" and "mới hơn" in res.message
    assert _sha(db) == h
    # nor can such a file be restored over current data
    with pytest.raises(backup.BackupError, match="mới hơn"):
        backup.recover(data_dir, db)
    assert _sha(db) == h


def test_locked_file_message(store):
    _fill_few(store)
    other = sqlite3.connect(store.path, timeout=0)
    other.execute("BEGIN EXCLUSIVE")
    try:
        res = backup.startup_check(store.data_dir, timeout=0.05)
        assert res.problem == "locked"
        assert "đang bị một chương trình khác mở" in res.message
    finally:
        other.execute("ROLLBACK")
        other.close()


def test_read_only_file_message(store, monkeypatch):
    """A read-only data folder (chmod; as root, where chmod does not bind,
    the permission probe is made to answer like a non-admin account)."""
    _fill_few(store)
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data_dir = store.data_dir
    store.close()
    db = data_dir / "sodanvan.db"
    h = _sha(db)
    os.chmod(db, 0o444)
    os.chmod(data_dir, 0o555)
    try:
        if os.geteuid() == 0:
            real = os.access
            monkeypatch.setattr(integrity.os, "access",
                                lambda p, mode: False if (mode & os.W_OK) and str(data_dir) in str(p) else real(p, mode))
        res = backup.startup_check(data_dir)
        assert res.problem == "readonly"
        assert "chỉ cho phép đọc" in res.message and str(db) in res.message
    finally:
        os.chmod(data_dir, 0o755)
        os.chmod(db, 0o644)
    assert _sha(db) == h


# ------------------------------------------------------------------ core
def test_small_file_is_checked_at_start_as_before(store, quick_checks):
    _fill(store, 20)
    data_dir = _close(store)
    assert (data_dir / "sodanvan.db").stat().st_size < integrity.LARGE_FILE_BYTES
    res = backup.startup_check(data_dir, defer_large=True)
    assert res.ok and not res.deferred and quick_checks == ["quick_check"]
    # a damaged small file is found at start, as before
    s = open_session(data_dir)
    backup_file = backup.make_backup(s, "daily")
    _close(s)
    _corrupt_middle_page(data_dir / "sodanvan.db")
    res = backup.startup_check(data_dir, defer_large=True)
    assert res.problem == "corrupt" and res.newest_good == backup_file


def test_large_file_start_skips_quick_check_and_background_check_reports(store, large, quick_checks):
    _fill(store)
    data_dir = _close(store)
    res = backup.startup_check(data_dir, defer_large=True)
    assert res.ok and res.deferred and quick_checks == []
    # callers that do not opt in (CLI restore, screenshots) keep the full check
    assert not backup.startup_check(data_dir).deferred and quick_checks == ["quick_check"]

    s = open_session(data_dir)  # the app is open and writing while the check runs
    try:
        got = []
        chk = integrity.BackgroundCheck(data_dir, on_done=lambda r: got.append((r, threading.current_thread())))
        chk.start()
        for i in range(20):
            s.create("hoat_dong", {"ngay": "02/02/2025", "chu_de": f"Trong lúc kiểm tra {i}"})
        assert chk.join(30)
        (r, thread), = got
        assert r.ok and chk.result is r and thread is chk.thread and chk.seconds is not None
        assert quick_checks[-1] == "quick_check"
        assert not integrity.recheck_requested(data_dir)
    finally:
        s.close()


def test_damaged_large_file_found_in_background_then_guided_at_next_start(store, large):
    _fill(store)
    good = backup.make_backup(store, "daily")
    data_dir = _close(store)
    _corrupt_middle_page(data_dir / "sodanvan.db")

    res = backup.startup_check(data_dir, defer_large=True)
    assert res.ok and res.deferred  # the cheap checks cannot see a damaged page
    done = threading.Event()
    chk = integrity.BackgroundCheck(data_dir, on_done=lambda r: done.set()).start()
    assert chk.join(30) and done.is_set()
    assert not chk.result.ok and chk.result.problem == "corrupt" and chk.result.details
    assert "bị hỏng" in chk.result.message
    assert integrity.recheck_requested(data_dir)

    # the next start checks synchronously and proposes the newest good backup
    res = backup.startup_check(data_dir, defer_large=True)
    assert not res.ok and res.problem == "corrupt" and not res.deferred
    assert res.newest_good == good
    aside = backup.recover(data_dir, res.newest_good)
    assert list(aside.glob("sodanvan.db"))
    assert not integrity.recheck_requested(data_dir)
    assert backup.startup_check(data_dir, defer_large=True).deferred


def test_recheck_marker_removed_once_a_full_check_passes(store, large):
    _fill(store, 20)
    data_dir = _close(store)
    integrity.request_recheck(data_dir, ["giả lập"])
    res = backup.startup_check(data_dir, defer_large=True)
    assert res.ok and not res.deferred
    assert not integrity.recheck_requested(data_dir)
    assert backup.startup_check(data_dir, defer_large=True).deferred


def test_unclean_last_session_means_a_full_check_at_start(store, large, quick_checks):
    _fill(store, 20)
    data_dir = store.data_dir
    assert integrity.mark_session_open(data_dir)
    _close(store)  # … and the power went off: the marker stays
    assert integrity.unclean_last_session(data_dir)
    res = backup.startup_check(data_dir, defer_large=True)
    assert res.ok and not res.deferred and quick_checks == ["quick_check"]
    integrity.mark_session_closed(data_dir)
    assert not integrity.unclean_last_session(data_dir)
    assert backup.startup_check(data_dir, defer_large=True).deferred


def test_large_file_cheap_checks_still_run_at_start(store, large, quick_checks):
    _fill(store, 20)
    # locked by another program (a writer holds the lock)
    other = sqlite3.connect(store.path, timeout=0)
    other.execute("BEGIN EXCLUSIVE")
    try:
        assert backup.startup_check(store.data_dir, timeout=0.05, defer_large=True).problem == "locked"
    finally:
        other.execute("ROLLBACK")
        other.close()
    # from a newer version
    store.conn.execute(f"PRAGMA user_version = {store.schema_version + 1}")
    data_dir = _close(store)
    assert backup.startup_check(data_dir, defer_large=True).problem == "newer"
    # not a database any more (damaged header)
    db = data_dir / "sodanvan.db"
    db.write_bytes(b"NOT A DATABASE!!" + db.read_bytes()[16:])
    res = backup.startup_check(data_dir, defer_large=True)
    assert res.problem == "corrupt" and "bị hỏng" in res.message
    assert quick_checks == []


def test_background_check_is_interrupted_on_cancel(store, large, monkeypatch):
    """``cancel`` stops a running check at once (``conn.interrupt``): no
    result, no callback, no marker — closing the app never waits."""
    _fill(store, 20)
    data_dir = _close(store)
    started = threading.Event()

    def endless(conn, pragma):  # stands in for a quick_check of a huge file
        started.set()
        conn.execute("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) "
                     "SELECT count(*) FROM c").fetchall()
        return []

    monkeypatch.setattr(integrity, "_run_check", endless)
    got = []
    chk = integrity.BackgroundCheck(data_dir, on_done=got.append).start()
    assert started.wait(30)
    assert chk.running()
    assert chk.cancel(timeout=10)
    assert not chk.running() and chk.result is None and got == []
    assert not integrity.recheck_requested(data_dir)
    # cancelling a check that never started is instant too
    assert integrity.BackgroundCheck(data_dir).cancel()


# -------------------------------------------------------------------- UI
@pytest.fixture
def ui_plugin(monkeypatch):
    import ui.safety as plugin
    from ui.safety import errors
    from ui.widgets import vi

    monkeypatch.setattr(errors, "install", lambda app, d: None)
    monkeypatch.setattr(plugin, "BACKGROUND_CHECK_FALLBACK_MS", 10 * 60 * 1000)  # the paint must start it
    said = []
    for name in ("info", "error", "warning"):
        monkeypatch.setattr(vi, name, lambda parent, title, text, detail=None, _n=name: said.append((_n, title, text)))
    plugin.said = said
    yield plugin
    relay = plugin._bg.get("relay")
    if relay is not None:
        relay.stop()
    plugin._bg["relay"] = None
    plugin._session["deferred"] = None
    backup.wait_for_backups()


def _main_window(qtbot):
    from PySide6.QtWidgets import QLabel, QMainWindow

    win = QMainWindow()
    win.setCentralWidget(QLabel("Sổ Dân vận"))
    qtbot.addWidget(win)
    win.show()
    return win


def test_gui_large_file_checked_after_the_window_then_daily_backup(qtbot, store, large, ui_plugin, quick_checks):
    from PySide6.QtWidgets import QApplication

    _fill(store)
    data_dir = _close(store)
    assert ui_plugin.startup_hook(QApplication.instance(), data_dir) is True
    assert quick_checks == []  # the window is not kept waiting
    s = open_session(data_dir)
    try:
        ui_plugin.store_hook(s)
        relay = ui_plugin._bg["relay"]
        assert relay is not None and relay.check is None  # waits for the window
        assert integrity.unclean_last_session(data_dir)
        assert backup.list_backups(data_dir) == []  # the daily backup waits for the check
        win = _main_window(qtbot)  # noqa: F841 (kept: painted)
        qtbot.waitUntil(lambda: relay.result is not None, timeout=30000)
        assert relay.result.ok and quick_checks == ["quick_check"] and ui_plugin.said == []
        backup.wait_for_backups()
        assert [b.reason for b in backup.list_backups(data_dir)] == ["daily"]
        ui_plugin.shutdown_hook(s)
        assert sorted(b.reason for b in backup.list_backups(data_dir)) == ["daily", "exit"]
        assert not integrity.unclean_last_session(data_dir)
    finally:
        s.close()


def test_gui_damaged_large_file_warns_then_next_start_guides_the_restore(qtbot, store, large, ui_plugin,
                                                                          monkeypatch):
    from PySide6.QtWidgets import QApplication, QDialog

    from ui.safety.dialogs import RestoreDialog

    _fill(store)
    good = backup.make_backup(store, "exit")
    data_dir = _close(store)
    _corrupt_middle_page(data_dir / "sodanvan.db")
    assert ui_plugin.startup_hook(QApplication.instance(), data_dir) is True
    s = open_session(data_dir)  # opens: only a data page is damaged
    try:
        ui_plugin.store_hook(s)
        relay = ui_plugin._bg["relay"]
        with qtbot.waitSignal(relay.finished, timeout=30000):
            win = _main_window(qtbot)  # noqa: F841 (kept: painted)
        qtbot.waitUntil(lambda: bool(ui_plugin.said), timeout=30000)
        ((kind, title, text),) = ui_plugin.said
        assert kind == "warning" and title == "Tệp dữ liệu có lỗi"
        assert "có lỗi" in text and "chưa thay đổi gì" in text
        assert "đóng chương trình rồi mở lại" in text and "bản sao lưu gần nhất còn tốt" in text
        assert integrity.recheck_requested(data_dir)
        backup.wait_for_backups()
        ui_plugin.shutdown_hook(s)  # neither a daily nor an exit backup of the damaged file
        assert [b.path for b in backup.list_backups(data_dir)] == [good]
        assert not integrity.unclean_last_session(data_dir)
    finally:
        s.close()

    # next start: the full check runs before the window and guides the restore
    shown = {}

    def run_dialog(self):
        shown["file"] = self.file
        self.do_restore()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(RestoreDialog, "exec", run_dialog)
    assert ui_plugin.startup_hook(QApplication.instance(), data_dir) is True
    assert shown["file"] == good and ui_plugin._session["deferred"] is None
    assert not integrity.recheck_requested(data_dir)
    assert integrity.check_file(data_dir / "sodanvan.db").ok


def test_gui_closing_during_the_check_does_not_wait(qtbot, store, large, ui_plugin, monkeypatch):
    from PySide6.QtWidgets import QApplication

    _fill(store, 20)
    data_dir = _close(store)
    started = threading.Event()

    def endless(conn, pragma):
        started.set()
        conn.execute("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) "
                     "SELECT count(*) FROM c").fetchall()
        return []

    monkeypatch.setattr(integrity, "_run_check", endless)
    assert ui_plugin.startup_hook(QApplication.instance(), data_dir) is True
    s = open_session(data_dir)
    try:
        ui_plugin.store_hook(s)
        relay = ui_plugin._bg["relay"]
        win = _main_window(qtbot)  # noqa: F841 (kept: painted)
        qtbot.waitUntil(started.is_set, timeout=30000)
        ui_plugin.shutdown_hook(s)  # interrupts the check, then the exit backup
        assert not relay.check.running() and relay.check.result is None
        assert [b.reason for b in backup.list_backups(data_dir)] == ["exit"]
        assert not integrity.recheck_requested(data_dir) and not integrity.unclean_last_session(data_dir)
    finally:
        s.close()


def test_gui_check_starts_even_if_no_window_paints(qtbot, store, large, ui_plugin, monkeypatch):
    from PySide6.QtWidgets import QApplication

    monkeypatch.setattr(ui_plugin, "BACKGROUND_CHECK_FALLBACK_MS", 0)
    data_dir = _close(store)
    assert ui_plugin.startup_hook(QApplication.instance(), data_dir) is True
    s = open_session(data_dir)
    try:
        ui_plugin.store_hook(s)
        relay = ui_plugin._bg["relay"]
        qtbot.waitUntil(lambda: relay.result is not None, timeout=30000)
        assert relay.result.ok
        ui_plugin.shutdown_hook(s)
    finally:
        s.close()
