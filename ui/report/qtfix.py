"""Work around a reference-counting bug of PySide6 6.12.0 on Python < 3.12:
every Qt method returning ``void`` called from Python drops one reference to
``None`` (the bindings return ``Py_None`` without a new reference, which
only Python 3.12's immortal ``None`` tolerates).  After some thousands of
calls (``setEnabled``, ``setText``, ``processEvents``…) CPython aborts with
"Fatal Python error: none_dealloc".  Pinning a huge reference count on
``None`` makes it effectively immortal, as Python 3.12 does.  Idempotent;
a no-op on Python ≥ 3.12."""
from __future__ import annotations

import ctypes
import sys

_PINNED = False


def pin_none() -> None:
    global _PINNED
    if _PINNED or sys.version_info >= (3, 12):
        return
    ctypes.c_ssize_t.from_address(id(None)).value += 1 << 40
    _PINNED = True


pin_none()
