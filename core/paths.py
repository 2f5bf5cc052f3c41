"""Where things live: the data folder and the bundled resources.

- Data folder: ``--data-dir`` if given; else *portable mode* (a file named
  ``portable.txt`` or a folder ``data`` marker beside the program) keeps data
  in ``<program folder>/SoDanVanData``; else the per-user folder from
  platformdirs (``%LOCALAPPDATA%\\SoDanVan`` on Windows,
  ``~/.local/share/SoDanVan`` on Linux).  The program folder is never written
  to otherwise.
- Resources: found through the bundle path (``sys._MEIPASS`` when frozen by
  PyInstaller, the source tree otherwise), never ``sys.executable``'s folder.
- The names of the files and folders inside the data folder, in one place
  (the store, the safety modules and the commands import them from here).
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

from core import APP_ID

PORTABLE_MARKER = "portable.txt"
PORTABLE_DATA = "SoDanVanData"

# ------------------------------------------------ inside the data folder
# The book (SQLite; its ``-wal``/``-shm`` files sit beside it).
DB_FILENAME = "sodanvan.db"
# Attached files; ``dinh_kem.duong_dan`` holds paths relative to the data
# folder that start with this folder (``dinh_kem/<kind>/<id>/…``).
ATTACHMENTS_DIRNAME = "dinh_kem"
# Decrypted copies of a tố cáo's files opened for viewing (emptied at exit
# and at the next start).
OPEN_COPIES_DIRNAME = "mo_tam"
# Automatic backups; damaged files moved aside by a recovery go into
# ``sao_luu/tep_hong/<time>/`` (never deleted).
BACKUP_DIRNAME = "sao_luu"
DAMAGED_DIRNAME = "tep_hong"
# The log (``nhat_ky/sodanvan.log``, rotated).
LOG_DIRNAME = "nhat_ky"
LOG_FILENAME = "sodanvan.log"
# The lock held by the program that has the folder open.
LOCK_FILENAME = DB_FILENAME + "-dang-dung"
# Written when the app opens the book, removed on a normal exit (still there
# at the next start: the last session did not end cleanly).
SESSION_MARKER = DB_FILENAME + "-dang-mo"
# Written when a background check found a problem: the next start checks
# synchronously.
RECHECK_MARKER = DB_FILENAME + "-kiem-tra-lai"
# Written before a change of the password (set, change, clear), a restore
# into a protected book or the upgrade of its secrets starts, removed when
# every file of the folder is in the new state: still there at the next
# start, the job is finished or rolled back (``core.safety.secrets``).
REKEY_MARKER = DB_FILENAME + "-doi-khoa"
# A backup re-keyed by that job before the book is: ``<backup>.db`` + this
# suffix, renamed over the backup once the book is committed.
REKEY_SUFFIX = ".doi-khoa"


def program_dir() -> Path:
    """Folder of the program the clerk started (the exe, or main.py)."""
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    return Path(__file__).resolve().parent.parent


def bundle_dir() -> Path:
    """Root of the read-only files shipped with the app."""
    base = getattr(sys, "_MEIPASS", None)
    if base:
        return Path(base)
    return Path(__file__).resolve().parent.parent


def resource_path(*parts: str) -> Path:
    return bundle_dir().joinpath("resources", *parts)


def is_portable() -> bool:
    return (program_dir() / PORTABLE_MARKER).exists()


def default_data_dir() -> Path:
    env = os.environ.get("SODANVAN_DATA_DIR")
    if env:
        return Path(env)
    if is_portable():
        return program_dir() / PORTABLE_DATA
    import platformdirs  # only here: the window's start-up on --data-dir does without it (issue 16)

    return Path(platformdirs.user_data_dir(APP_ID, appauthor=False, roaming=False))


# The demo data's own folder, beside the data folder: ``<data>_DuLieuMau``.
DEMO_SUFFIX = "_DuLieuMau"


def demo_data_dir(data_dir: str | os.PathLike | None = None) -> Path:
    """The separate folder of the demo data beside ``data_dir`` (default: the
    default data folder) — never the clerk's own book.  The window's "Dùng
    thử với dữ liệu mẫu" and the ``demo`` command both use it."""
    d = Path(data_dir) if data_dir is not None else default_data_dir()
    return d.parent / (d.name + DEMO_SUFFIX)
