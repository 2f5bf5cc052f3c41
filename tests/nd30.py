"""The Nghị định 30/2020 check of a generated DOCX (shared helper of the
report tests)."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

CHECKER = Path(__file__).resolve().parents[2] / "shared" / "tools" / "nd30_check.py"


def nd30(path) -> str:
    r = subprocess.run([sys.executable, str(CHECKER), str(path)], capture_output=True, text=True, timeout=60)
    return r.stdout


def assert_nd30(path):
    out = nd30(path)
    last = out.strip().splitlines()[-1]
    assert re.search(r"(\d+)/\1 checks pass", last), out
    assert last.endswith("34/34 checks pass"), out
