"""One program per data folder.

A clerk on a slow PC double-clicks the icon twice, or starts a command-line
restore while the window is open: two programs writing one book (a restore
replacing the file under an open window) is how records get lost.  The
window holds an OS file lock (``filelock``: ``flock`` / ``msvcrt.locking``)
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

import functools
import hashlib
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


class FolderLock:
    """The data folder's lock: ``acquire()`` → True (held), False (the folder
    cannot hold a lock file; work goes on), or :class:`FolderBusy`."""

    def __init__(self, data_dir: str | os.PathLike):
        self.data_dir = Path(data_dir)
        self.path = self.data_dir / LOCK_FILENAME
        self._lock = None

    @property
    def held(self) -> bool:
        return self._lock is not None and self._lock.is_locked

    def acquire(self) -> bool:
        from filelock import FileLock, Timeout

        if self.held:
            return True
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True)
            lock = FileLock(self.path, timeout=0, thread_local=False, fallback_to_soft=False,
                            preserve_lock_file=True)
            lock.acquire()
        except Timeout:
            raise FolderBusy(BUSY_MESSAGE.format(folder=self.data_dir)) from None
        except (OSError, NotImplementedError) as e:
            log.warning("no lock on the data folder %s: %s", self.data_dir, e)
            return False
        self._lock = lock
        _HELD.add(_key(self.data_dir))
        return True

    def release(self):
        lock, self._lock = self._lock, None
        if lock is not None:
            _HELD.discard(_key(self.data_dir))
            try:
                lock.release()
            except OSError as e:
                log.warning("could not release the data folder lock: %s", e)

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
    user = os.environ.get("USERNAME") or os.environ.get("USER") or ""
    digest = hashlib.sha256(f"{_key(data_dir)}\0{user}".encode()).hexdigest()[:20]
    return f"SoDanVan-{digest}"
