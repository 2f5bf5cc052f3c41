"""Where things live: the data folder and the bundled resources.

- Data folder: ``--data-dir`` if given; else *portable mode* (a file named
  ``portable.txt`` or a folder ``data`` marker beside the program) keeps data
  in ``<program folder>/SoDanVanData``; else the per-user folder from
  platformdirs (``%LOCALAPPDATA%\\SoDanVan`` on Windows,
  ``~/.local/share/SoDanVan`` on Linux).  The program folder is never written
  to otherwise.
- Resources: found through the bundle path (``sys._MEIPASS`` when frozen by
  PyInstaller, the source tree otherwise), never ``sys.executable``'s folder.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

from core import APP_ID

PORTABLE_MARKER = "portable.txt"
PORTABLE_DATA = "SoDanVanData"


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
    return Path(platformdirs.user_data_dir(APP_ID, appauthor=False, roaming=False))
