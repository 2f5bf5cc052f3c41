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
    from core.session import open_session

    s = open_session(tmp_path / "data")
    s.create("unit", {"ten": "Nghĩa Phương", "loai": "xa", "is_current": 1, "tinh": "Quảng Ngãi"})
    yield s
    s.close()


@pytest.fixture
def other_program():
    """``hold(data_dir)``: another process (the window, say) takes the data
    folder's lock and keeps it until the test ends."""
    import subprocess

    procs = []

    def hold(data_dir):
        code = ("import sys; sys.path.insert(0, %r)\n"
                "from core.safety.instance import FolderLock\n"
                "lock = FolderLock(%r); lock.acquire(); print('held', flush=True); sys.stdin.read()\n"
                ) % (str(ROOT), str(data_dir))
        proc = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                text=True)
        procs.append(proc)
        assert proc.stdout.readline().strip() == "held"
        return proc

    yield hold
    for proc in procs:
        proc.kill()
        proc.wait(10)
