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


@pytest.fixture
def store(tmp_path):
    """An empty store with the current commune set up."""
    from core.db import open_store

    s = open_store(tmp_path / "data")
    s.create("unit", {"ten": "Nghĩa Phương", "loai": "xa", "is_current": 1, "tinh": "Quảng Ngãi"})
    yield s
    s.close()
