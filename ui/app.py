"""GUI start-up: QApplication (high-DPI, Vietnamese texts for Qt's own
strings), plugins and hooks of ``ui.actions``, the main window's frame
painted first, then the store (a Vietnamese error dialog when it cannot be
opened), first-start setup, the window filled."""
from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

log = logging.getLogger(__name__)


def make_app(qt_args=()):
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication

    from core import APP_ID, APP_NAME

    from .widgets import vi

    app = QApplication.instance()
    if app is None:
        # high DPI: fractional scale factors passed through (125 %, 150 %) — Qt 6's
        # default, which only QT_SCALE_FACTOR_ROUNDING_POLICY changes; set then
        # (naming Qt's enum namespace costs ~20 ms before the first paint otherwise)
        if os.environ.get("QT_SCALE_FACTOR_ROUNDING_POLICY"):
            from PySide6.QtCore import Qt
            from PySide6.QtGui import QGuiApplication

            QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        app = QApplication([sys.argv[0], *qt_args])
    QCoreApplication.setOrganizationName(APP_ID)
    QCoreApplication.setApplicationName(APP_ID)
    app.setApplicationDisplayName(APP_NAME)
    vi.install(app)
    try:
        from PySide6.QtGui import QIcon

        from core.paths import resource_path
        p = resource_path("icons", "sodanvan.png")
        if p.exists():
            app.setWindowIcon(QIcon(str(p)))
    except Exception:
        pass
    return app


def install_excepthook(data_dir=None):
    """An unexpected error in the window: logged to the data folder's log
    file and explained in a Vietnamese dialog; the window (and whatever the
    clerk was typing) stays open."""
    from .widgets import vi
    state = {"busy": False}

    def hook(etype, value, tb):
        logging.getLogger("ui").error("unexpected error", exc_info=(etype, value, tb))
        if state["busy"] or issubclass(etype, KeyboardInterrupt):
            return
        state["busy"] = True
        try:
            where = ""
            try:
                from core.safety.logs import log_path
                if data_dir is not None:
                    where = f"\nChi tiết đã ghi vào tệp nhật ký: {log_path(data_dir)}"
            except Exception:
                pass
            vi.error(None, "Có lỗi không mong muốn",
                     "Thao tác vừa rồi gặp lỗi và chưa hoàn tất. Dữ liệu đã lưu trước đó không bị ảnh hưởng; "
                     "nội dung đang nhập vẫn còn trên cửa sổ." + where, f"{etype.__name__}: {value}")
        finally:
            state["busy"] = False

    sys.excepthook = hook
    return hook


def _setup_logging(data_dir):
    try:
        from core.safety.logs import setup_logging
        setup_logging(data_dir)
    except Exception:
        pass


def open_store_gui(data_dir):
    """The store, or None after a Vietnamese error dialog."""
    from core.records.store import StoreError
    from core.session import open_session

    from .widgets import vi
    try:
        return open_session(data_dir)
    except StoreError as e:
        vi.error(None, "Không mở được dữ liệu", str(e))
        return None


def run_store_hooks(store):
    from . import actions
    for hook in actions.STORE_HOOKS:
        try:
            hook(store)
        except Exception:
            log.exception("store hook failed")


def run_gui(args, qt_args=(), remember: bool = True) -> int:
    """The GUI on ``args.data_dir``.  ``remember=False`` (the self-test)
    neither restores nor saves the clerk's window geometry, page and period.
    A folder already open in another window brings that window forward
    (``ui.instance``) and returns 0."""
    from core.safety.instance import FolderBusy, FolderLock

    app = make_app(qt_args)
    lock = FolderLock(args.data_dir)
    try:
        lock.acquire()
    except FolderBusy:
        return _already_open(args.data_dir)
    server = _Channel(args.data_dir)
    try:
        return _run_locked(app, args, server, remember)
    finally:
        server.close()
        lock.release()


class _Channel:
    """The one-window channel (``ui.instance.InstanceServer``, QtNetwork),
    started right after the window's first paint — a second start in the
    first tenths of a second gets the "already open" message instead of the
    window brought forward.  ``window``: the window brought forward.  Its
    name (``channel_name``, hashlib) is worked out when it starts."""

    def __init__(self, data_dir):
        self.data_dir = data_dir
        self.server = None
        self._window = None

    def start(self):
        if self.server is None:
            from core.safety.instance import channel_name

            from .instance import InstanceServer

            self.server = InstanceServer(channel_name(self.data_dir))
            self.server.window = self._window

    @property
    def window(self):
        return self._window

    @window.setter
    def window(self, win):
        self._window = win
        if self.server is not None:
            self.server.window = win

    def close(self):
        if self.server is not None:
            self.server.close()


def _already_open(data_dir) -> int:
    from core.safety.instance import channel_name

    from .instance import BUSY_TEXT, BUSY_TITLE, notify_running
    from .widgets import vi
    if notify_running(channel_name(data_dir)):
        log.info("data folder open in another window: brought it forward")
    else:
        vi.info(None, BUSY_TITLE, BUSY_TEXT.format(folder=data_dir))
    return 0


# The frame waits at most this long for its first paint (a minimised start
# never paints) before the book is opened anyway.
FIRST_PAINT_WAIT_MS = 1000


def _run_locked(app, args, server, remember: bool) -> int:
    """The main window's frame is painted first (title, navigation, the home
    page's layout with "Đang mở sổ…", input disabled), then the book is
    opened right after — start-up hooks (integrity check, restore of a
    damaged book, password prompt), store, first-start setup — and the window
    filled (``MainWindow.attach_store``).  A folder without a book yet (first
    start) opens before the window: the setup dialog comes first."""
    from core.paths import DB_FILENAME

    from . import actions, startup_probe

    install_excepthook(args.data_dir)
    actions.load_plugins()
    from .main_window import MainWindow

    win = None
    if (Path(args.data_dir) / DB_FILENAME).exists():
        win = MainWindow(None, remember=remember, data_dir=args.data_dir)
        server.window = win  # a second start meanwhile brings this window forward
        # (the benchmark's probe filters every event in Python from here on: installed after
        # the window is built, as the bare window's is, so it does not slow the building)
        startup_probe.install(app)
        win.show()
        if not _wait_first_paint(win):
            server.window = None
            return 0  # closed before the book opened
    server.start()
    opened = _open_book(app, args)
    if isinstance(opened, int):
        if win is not None:
            server.window = None
            win.hide()
            win.deleteLater()
        return opened
    store, demo = opened
    if win is None:
        win = MainWindow(store, demo=demo, remember=remember)
        server.window = win
        startup_probe.install(app)
        win.show()
    else:
        win.attach_store(store, demo=demo)
    try:
        code = app.exec()
    finally:
        server.window = None
        from . import ops
        ops.wait_for_background(15000)  # home figures still being computed
        for hook in actions.SHUTDOWN_HOOKS:
            try:
                hook(store)
            except Exception:
                log.exception("shutdown hook failed")
        store.close()
    return code


def _wait_first_paint(win) -> bool:
    """Runs the events until ``win`` has painted (or ``FIRST_PAINT_WAIT_MS``);
    False when the clerk closed it meanwhile."""
    from PySide6.QtCore import QEventLoop, QTimer

    if not win.painted:
        loop = QEventLoop()
        win.first_painted.connect(loop.quit)
        QTimer.singleShot(FIRST_PAINT_WAIT_MS, loop.quit)
        loop.exec()
        win.first_painted.disconnect(loop.quit)
    return win.isVisible()


def _open_book(app, args):
    """(store, demo) — or the exit code when the book is not opened (a hook
    said no, the store cannot be opened, the first-start setup was left)."""
    from . import actions
    from .widgets import vi

    _setup_logging(args.data_dir)
    for hook in actions.STARTUP_HOOKS:
        if hook(app, args.data_dir) is False:
            return 1
    store = open_store_gui(args.data_dir)
    if store is None:
        return 1
    run_store_hooks(store)
    demo = False
    if store.current_unit() is None:
        from .first_start import FirstStartDialog, open_demo_store
        dlg = FirstStartDialog(store)
        dlg.exec()
        if dlg.choice is None:
            store.close()
            return 0
        if dlg.choice == "demo":
            store.close()
            from . import ops
            try:  # a worker thread, the progress dialog; waited here
                store = ops.call(None, "Đang tạo dữ liệu mẫu…", lambda: open_demo_store(args.data_dir))
            except Exception as e:
                vi.error(None, "Không tạo được dữ liệu mẫu", str(e))
                return 1
            _setup_logging(store.data_dir)
            install_excepthook(store.data_dir)
            run_store_hooks(store)
            demo = True
    return store, demo
