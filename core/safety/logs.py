"""Logging to a rotating file in the data folder (SPEC §8).

``core/`` modules log with the standard ``logging`` module
(``logging.getLogger(__name__)``); the app and the command line call
``setup_logging(data_dir)`` once, which writes ``nhat_ky/sodanvan.log``
(1 MB × 5 files, UTF-8).  No handler ever writes a denouncer's identity:
callers log ids and kinds, never field values.
"""
from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path

from core.paths import LOG_DIRNAME, LOG_FILENAME

_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

_handler: logging.Handler | None = None


def log_path(data_dir: str | os.PathLike) -> Path:
    return Path(data_dir) / LOG_DIRNAME / LOG_FILENAME


def setup_logging(data_dir: str | os.PathLike, level: int = logging.INFO) -> Path | None:
    """Attach one rotating file handler to the root logger (idempotent:
    calling it again for another folder moves the handler).  Returns the log
    file path, or None when the folder cannot be written."""
    global _handler
    path = log_path(data_dir)
    root = logging.getLogger()
    if _handler is not None:
        if getattr(_handler, "baseFilename", None) == str(path.resolve()):
            return path
        root.removeHandler(_handler)
        _handler.close()
        _handler = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if not os.access(path.parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
            return None  # a read-only folder (rescue): no handler that fails at every message
        h = logging.handlers.RotatingFileHandler(path, maxBytes=1_000_000, backupCount=5, encoding="utf-8",
                                                 delay=True)
    except OSError:
        return None
    h.setFormatter(logging.Formatter(_FORMAT))
    h.setLevel(level)
    root.addHandler(h)
    if root.level > level or root.level == logging.NOTSET:
        root.setLevel(level)
    _handler = h
    return path


def shutdown_logging():
    global _handler
    if _handler is not None:
        logging.getLogger().removeHandler(_handler)
        _handler.close()
        _handler = None
