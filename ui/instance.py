"""A second window on the same data folder brings the first one forward.

The first window holds the folder's lock (``core.safety.instance.FolderLock``) and
listens on a local channel (``QLocalServer``: a named pipe on Windows, a
socket on Linux) named after the folder.  A second start finds the folder
busy, asks the first window to come forward (``notify_running``) and quits
without a word; only when the first window does not answer (it is still
starting, or hangs) does the clerk see a message.
"""
from __future__ import annotations

import logging
import sys

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QApplication, QWidget

log = logging.getLogger(__name__)

SHOW = b"hien\n"
ACK = b"da-hien\n"
TIMEOUT_MS = 2000

BUSY_TITLE = "Sổ Dân vận đang mở"
BUSY_TEXT = ("Sổ Dân vận đang mở thư mục dữ liệu này trong một cửa sổ khác ({folder}).\n\n"
             "Mỗi thư mục dữ liệu chỉ mở trong một cửa sổ, để hai cửa sổ không ghi đè lên nhau. "
             "Hãy chuyển sang cửa sổ đang mở (trên thanh tác vụ); nếu không thấy, hãy đợi một lát "
             "rồi mở lại chương trình.")


def notify_running(name: str, timeout_ms: int = TIMEOUT_MS) -> bool:
    """Asks the window listening on ``name`` to come forward; True once it
    has answered."""
    from PySide6.QtNetwork import QLocalSocket

    if sys.platform == "win32":  # let the first window take the foreground from us
        try:
            import ctypes
            ctypes.windll.user32.AllowSetForegroundWindow(-1)  # ASFW_ANY
        except Exception:
            pass
    sock = QLocalSocket()
    sock.connectToServer(name)
    if not sock.waitForConnected(timeout_ms):
        return False
    try:
        sock.write(SHOW)
        if not sock.waitForBytesWritten(timeout_ms):
            return False
        answer = b""
        while not answer.endswith(b"\n") and sock.waitForReadyRead(timeout_ms):
            answer += bytes(sock.readAll().data())
        return answer == ACK
    finally:
        sock.abort()


def bring_forward(window: QWidget | None):
    """The main window (or the dialog it is showing) restored from the task
    bar and put in front."""
    targets = [w for w in (window, QApplication.activeModalWidget()) if w is not None]
    if not targets:
        targets = [w for w in QApplication.topLevelWidgets() if w.isVisible() and w.isWindow()]
    for w in targets:
        if w.isMinimized():
            w.setWindowState((w.windowState() & ~Qt.WindowState.WindowMinimized) | Qt.WindowState.WindowActive)
        if not w.isVisible():
            w.show()
        w.raise_()
        w.activateWindow()


class InstanceServer(QObject):
    """Listens on ``name`` while the app runs; each ``SHOW`` brings
    ``window`` (set once it exists) forward and is answered with ``ACK``."""

    def __init__(self, name: str, parent: QObject | None = None):
        super().__init__(parent)
        from PySide6.QtNetwork import QLocalServer

        self.name = name
        self.window: QWidget | None = None
        self.requests = 0
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._on_connection)
        # only the holder of the folder lock gets here: a name left by a crash is stale
        QLocalServer.removeServer(name)
        if not self._server.listen(name):
            log.warning("instance channel %s: %s", name, self._server.errorString())

    @property
    def listening(self) -> bool:
        return self._server.isListening()

    def close(self):
        self._server.close()

    def _on_connection(self):
        while self._server.hasPendingConnections():
            sock = self._server.nextPendingConnection()
            sock.setParent(self)
            buf = bytearray()

            def on_ready(sock=sock, buf=buf):
                buf.extend(bytes(sock.readAll().data()))
                if not buf.endswith(b"\n"):
                    return
                if bytes(buf) == SHOW:
                    self.requests += 1
                    bring_forward(self.window)
                    sock.write(ACK)
                    sock.flush()
                sock.disconnectFromServer()

            sock.readyRead.connect(on_ready)
            sock.disconnected.connect(sock.deleteLater)
            if sock.bytesAvailable():
                on_ready()
