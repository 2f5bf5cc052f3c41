import os
import sys
from pathlib import Path

# Offscreen Qt for every GUI test; set before any Qt import.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_QPA_FONTDIR", str(Path(__file__).resolve().parent.parent / "resources" / "fonts"))

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import pytest  # noqa: E402

# PySide6 6.12.0 on Python < 3.12 drops a reference to None on every void Qt
# call (fatal "none_dealloc" after some thousands): see ui/report/qtfix.py.
if sys.version_info < (3, 12):
    import ctypes  # noqa: E402

    ctypes.c_ssize_t.from_address(id(None)).value += 1 << 40


@pytest.fixture
def store(tmp_path):
    """An empty store with the current commune set up."""
    from core.db import open_store

    s = open_store(tmp_path / "data")
    s.create("unit", {"ten": "Nghĩa Phương", "loai": "xa", "is_current": 1, "tinh": "Quảng Ngãi"})
    yield s
    s.close()
