"""One program per data folder.

A clerk on a slow PC double-clicks the icon twice, or starts a command-line
restore while the window is open: two programs writing one book (a restore
replacing the file under an open window) is how records get lost.  The
window holds an OS file lock (``flock`` / ``msvcrt.locking`` on one byte,
what the ``filelock`` package used before — the same lock, so an older
version's window and this one's commands still see each other; taken directly
because importing ``filelock`` cost ≈ 20 ms before the first paint, issue 16)
on ``<data>/sodanvan.db-dang-dung`` for as long as it runs; the operating
system drops it when the process ends, even after a crash or a power cut,
so it never goes stale.  A second window on the same folder brings the first
one forward instead (``ui.instance``, through the local channel named by
:func:`channel_name`); a command that writes (restore, import, merge,
password, demo) refuses with a Vietnamese message.  Commands that only read
(backup, export, report, check) run beside the window: SQLite's own locking
covers them.

A folder where no lock can be taken (read-only, a file system without
locks) is not refused here: the start-up check explains a read-only folder,
and a missing lock must not stop the clerk from working.
"""
from __future__ import annotations

import errno
import functools
import logging
import os
from pathlib import Path

from core.errors import StoreError
from core.paths import LOCK_FILENAME

log = logging.getLogger(__name__)

BUSY_MESSAGE = ("Sổ Dân vận đang mở thư mục dữ liệu này ({folder}). "
                "Hãy đóng cửa sổ chương trình rồi chạy lại lệnh.")


# Folders whose lock this process holds (normalised paths).
_HELD: set[str] = set()


def _key(data_dir) -> str:
    try:
        return os.path.normcase(str(Path(data_dir).resolve()))
    except OSError:
        return os.path.normcase(str(Path(data_dir).absolute()))


class FolderBusy(StoreError):
    """Another program holds the data folder (message in Vietnamese)."""


# errno of a lock another process holds: flock → EWOULDBLOCK/EAGAIN;
# msvcrt.locking(LK_NBLCK) → EACCES (EDEADLOCK after retries).
_BUSY_ERRNOS = {errno.EACCES, errno.EAGAIN, errno.EWOULDBLOCK, getattr(errno, "EDEADLOCK", errno.EDEADLK)}


def _lock(fd: int) -> None:
    """Lock one byte of ``fd`` without waiting (OSError when it cannot)."""
    if os.name == "nt":
        import msvcrt

        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


def _unlock(fd: int) -> None:
    if os.name == "nt":
        import msvcrt

        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_UN)


class FolderLock:
    """The data folder's lock: ``acquire()`` → True (held), False (the folder
    cannot hold a lock file; work goes on), or :class:`FolderBusy`."""

    def __init__(self, data_dir: str | os.PathLike):
        self.data_dir = Path(data_dir)
        self.path = self.data_dir / LOCK_FILENAME
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> bool:
        if self.held:
            return True
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as e:
            log.warning("no lock on the data folder %s: %s", self.data_dir, e)
            return False
        try:
            _lock(fd)
        except OSError as e:
            os.close(fd)
            if e.errno in _BUSY_ERRNOS:
                raise FolderBusy(BUSY_MESSAGE.format(folder=self.data_dir)) from None
            log.warning("no lock on the data folder %s: %s", self.data_dir, e)  # e.g. ENOLCK
            return False
        self._fd = fd
        _HELD.add(_key(self.data_dir))
        return True

    def release(self):
        fd, self._fd = self._fd, None
        if fd is not None:
            _HELD.discard(_key(self.data_dir))
            try:
                _unlock(fd)
            except OSError as e:
                log.warning("could not release the data folder lock: %s", e)
            finally:
                os.close(fd)  # closing drops the lock in any case

    def __enter__(self) -> "FolderLock":
        self.acquire()
        return self

    def __exit__(self, *exc):
        self.release()


def open_elsewhere(data_dir: str | os.PathLike) -> bool:
    """True when another program (the window) holds ``data_dir``: a reading
    command beside it leaves the folder's housekeeping to that program."""
    if _key(data_dir) in _HELD:
        return False
    probe = FolderLock(data_dir)
    try:
        if probe.acquire():
            probe.release()
    except FolderBusy:
        return True
    return False


def exclusive(command):
    """A command handler ``f(args)`` run while holding ``args.data_dir``'s
    lock (FolderBusy — printed by ``cli`` — when the window has it)."""
    @functools.wraps(command)
    def run(args):
        with FolderLock(args.data_dir):
            return command(args)
    return run


def channel_name(data_dir: str | os.PathLike) -> str:
    """Name of the local channel (named pipe / socket) a second window uses
    to bring the first one forward: one per data folder and user."""
    import hashlib  # here: the window asks for the name after its first paint (issue 16)

    user = os.environ.get("USERNAME") or os.environ.get("USER") or ""
    digest = hashlib.sha256(f"{_key(data_dir)}\0{user}".encode()).hexdigest()[:20]
    return f"SoDanVan-{digest}"
