"""Crash safety, proven: a child process writes records through
``Store.create`` in a loop, printing each committed id; it is killed with
SIGKILL at random moments; after each kill the database passes
``integrity_check`` and holds every record the child reported."""
from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
from pathlib import Path

import pytest

CHILD = Path(__file__).resolve().parents[1] / "crash_child.py"
TRIALS = 20


def run_trial(data_dir: Path, rng: random.Random, max_lines: int = 40) -> tuple[list[tuple[str, int]], int]:
    """One kill -9 trial; returns (committed records, lines read)."""
    proc = subprocess.Popen([sys.executable, str(CHILD), str(data_dir), str(rng.randrange(1 << 30))],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, bufsize=1)
    committed: list[tuple[str, int]] = []
    try:
        first = proc.stdout.readline()
        assert first.strip() == "ready", proc.stderr.read()
        target = rng.randint(0, max_lines)
        while len(committed) < target:
            line = proc.stdout.readline()
            if not line:
                break
            kind, rid = line.split()
            committed.append((kind, int(rid)))
        os.kill(proc.pid, signal.SIGKILL)
        rest, _ = proc.communicate()
        # lines flushed between our last read and the kill were committed too
        for line in rest.splitlines():
            parts = line.split()
            if len(parts) == 2:
                committed.append((parts[0], int(parts[1])))
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == -signal.SIGKILL
    return committed, target


def verify(data_dir: Path, committed) -> None:
    from core.safety import integrity
    from core.session import open_session

    res = integrity.integrity_check(data_dir / "sodanvan.db")
    assert res.ok, res.details
    store = open_session(data_dir)
    try:
        for kind, rid in committed:
            assert store.exists(kind, rid), f"{kind} {rid} reported committed but lost"
        # children of a committed đối thoại are complete (one transaction)
        for kind, rid in committed:
            if kind == "doi_thoai":
                assert len(store.get("doi_thoai", rid)["y_kien"]) == 2
    finally:
        store.close()


@pytest.fixture
def crash_dir(tmp_path):
    from core.session import open_session

    d = tmp_path / "data"
    s = open_session(d)
    s.create("unit", {"ten": "Nghĩa Phương", "loai": "xa", "is_current": 1})
    s.close()
    return d


def test_kill9_trials_lose_nothing(crash_dir):
    rng = random.Random(20250701)
    total = 0
    all_committed = []
    for _ in range(TRIALS):
        committed, _ = run_trial(crash_dir, rng)
        all_committed.extend(committed)
        total += len(committed)
        verify(crash_dir, all_committed)
    assert total > TRIALS  # the child really wrote between kills
