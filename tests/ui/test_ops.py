"""``ui.ops``: the one way the window runs long work (a worker thread, the
result back on the GUI thread, the one error path) and the one notice that
records changed."""
from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication, QWidget

from core.errors import UserError
from ui import ops
from ui.widgets import vi


@pytest.fixture
def errors(monkeypatch):
    """The error dialog, recorded instead of shown."""
    shown = []
    monkeypatch.setattr(vi, "error", lambda parent, title, text, detail=None: shown.append((title, text)))
    return shown


@pytest.fixture
def heard():
    """Every ``records_changed`` notice during the test."""
    seen = []

    def listen(kind, rid):
        seen.append((kind, rid))

    ops.records_changed().changed.connect(listen)
    yield seen
    ops.records_changed().changed.disconnect(listen)


def _owner(qtbot):
    w = QWidget()
    qtbot.addWidget(w)
    return w


def test_run_works_in_a_thread_and_delivers_on_the_gui_thread(qtbot):
    gui = QApplication.instance().thread()
    where = {}

    def work():
        where["work"] = QThread.currentThread()
        return 42

    def done(res):
        where["done"] = (QThread.currentThread(), res)

    task = ops.run(_owner(qtbot), "Đang tính…", work, done)
    assert ops.busy()
    with qtbot.waitSignal(task.finished, timeout=10000):
        pass
    assert where["work"] is not gui
    assert where["done"] == (gui, 42)
    assert task.result == 42 and not ops.busy() and not task.discarded


def test_run_holds_the_clerks_input_until_done(qtbot):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QPushButton

    owner = _owner(qtbot)
    button = QPushButton("Nhập", owner)
    clicks = []
    button.clicked.connect(lambda: clicks.append(1))
    owner.show()
    release = threading.Event()
    task = ops.run(owner, "Đang nhập…", lambda: release.wait(10))
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # a second click while the first step runs
    assert clicks == []
    release.set()
    with qtbot.waitSignal(task.finished, timeout=10000):
        pass
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert clicks == [1]


def test_a_user_error_shows_its_vietnamese_message_through_the_one_error_path(qtbot, errors):
    def work():
        raise UserError("Tệp sao lưu không đọc được.")

    task = ops.run(_owner(qtbot), "Đang khôi phục…", work, lambda res: pytest.fail("no result"))
    with qtbot.waitSignal(task.finished, timeout=10000):
        pass
    assert errors == [("Không thực hiện được", "Tệp sao lưu không đọc được.")]
    assert isinstance(task.error, UserError)


def test_an_unexpected_error_gets_the_general_message(qtbot, errors, caplog):
    task = ops.run(_owner(qtbot), "Đang tính…", lambda: 1 / 0)
    with qtbot.waitSignal(task.finished, timeout=10000):
        pass
    assert errors == [("Không thực hiện được", "Chương trình gặp một lỗi không lường trước.")]
    logged = [r for r in caplog.records if r.levelname == "ERROR" and r.exc_info]
    assert len(logged) == 1 and logged[0].exc_info[0] is ZeroDivisionError  # logged once, with its traceback


def test_changes_are_announced_after_success_only(qtbot, heard, errors):
    task = ops.run(_owner(qtbot), "Đang nhập…", lambda: 3, changes="don_thu")
    with qtbot.waitSignal(task.finished, timeout=10000):
        pass
    task = ops.run(_owner(qtbot), "Đang khôi phục…", lambda: None, changes=ops.ALL)
    with qtbot.waitSignal(task.finished, timeout=10000):
        pass
    task = ops.run(_owner(qtbot), "Đang gộp…", lambda: 1 / 0, changes=ops.ALL)
    with qtbot.waitSignal(task.finished, timeout=10000):
        pass
    assert heard == [("don_thu", 0), (ops.ALL, 0)]
    ops.notify("hoa_giai", 7)
    assert heard[-1] == ("hoa_giai", 7)


def test_call_waits_and_returns_or_raises(qtbot):
    def refused():
        raise UserError("Không ghi được.")

    assert ops.call(None, "Đang tạo dữ liệu mẫu…", lambda: "sổ") == "sổ"
    with pytest.raises(UserError, match="Không ghi được"):
        ops.call(None, "Đang tạo dữ liệu mẫu…", refused)


def test_background_work_is_dropped_when_its_owner_is_gone(qtbot):
    owner = QWidget()
    release = threading.Event()
    got = []
    job = ops.run_in_background(owner, lambda: release.wait(10) and "số liệu", got.append, got.append)
    assert not ops.busy()  # no dialog, no held input: the clerk keeps working
    owner.deleteLater()
    qtbot.waitUntil(lambda: job.owner_alive() is False, timeout=5000)
    release.set()
    with qtbot.waitSignal(job.finished, timeout=10000):
        pass
    assert got == [] and job.discarded and job.result == "số liệu"
    assert ops.wait_for_background(1000)


def test_background_result_reaches_a_live_owner_and_exit_waits(qtbot):
    owner = _owner(qtbot)
    got = []
    release = threading.Event()
    job = ops.run_in_background(owner, lambda: release.wait(10) and threading.current_thread().name, got.append)
    assert not ops.wait_for_background(50)  # still running
    release.set()
    assert ops.wait_for_background(10000)  # at exit: the worker has ended
    with qtbot.waitSignal(job.finished, timeout=10000):
        pass
    assert got and got[0] != threading.main_thread().name


def test_notify_refreshes_a_list_page_on_screen(qtbot, store):
    from ui.pages.list_page import ListPage

    page = ListPage(store, "hoat_dong")
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    assert page.model.rowCount() == 0
    rid = store.create("hoat_dong", {"ngay": "05/05/2025", "chu_de": "Tuyên truyền pháp luật"})
    assert page.model.rowCount() == 0  # written behind the page's back
    ops.notify("hoat_dong", rid)
    assert page.model.rowCount() == 1 and page.model.id_at(0) == rid


def test_no_progress_box_over_a_modal_dialog_opened_when_the_work_is_done(qtbot):
    """Issue 15 item 7: "In…" builds the PDF through ``run``, then opens the
    (modal) print preview from ``on_done``.  The finished step's progress box
    must never appear over it — QProgressDialog's own 4-second timer did, and
    swallowed every click until Esc."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QDialog, QProgressDialog

    owner = _owner(qtbot)
    seen = {}

    def open_preview(_res):
        dlg = QDialog(owner)
        dlg.setModal(True)

        def look():
            boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog)]
            seen["visible"] = [b for b in boxes if b.isVisible()]
            # nothing left that would show one later (Qt's own timer of 4 s)
            seen["armed"] = [t for b in boxes for t in b.findChildren(QTimer) if t.isActive()]
            dlg.reject()

        QTimer.singleShot(0, look)
        dlg.exec()  # a nested event loop, as QPrintPreviewDialog.exec

    task = ops.run(owner, "Đang chuẩn bị bản in…", lambda: "in.pdf", open_preview)
    with qtbot.waitSignal(task.finished, timeout=10000):
        pass
    assert seen == {"visible": [], "armed": []}


def test_the_progress_box_shows_during_long_work_and_goes_with_it(qtbot, monkeypatch):
    from PySide6.QtWidgets import QProgressDialog

    monkeypatch.setattr(ops, "SHOW_AFTER_MS", 0)
    owner = _owner(qtbot)
    owner.show()
    release = threading.Event()
    task = ops.run(owner, "Đang lập bản xem trước…", lambda: release.wait(10), lambda _r: None)
    qtbot.waitUntil(lambda: task.dialog.isVisible(), timeout=5000)
    assert task.dialog.labelText() == "Đang lập bản xem trước…"
    box = task.dialog
    release.set()
    with qtbot.waitSignal(task.finished, timeout=10000):
        pass
    visible = [w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog) and w.isVisible()]
    assert visible == [] and not box.isVisible()
