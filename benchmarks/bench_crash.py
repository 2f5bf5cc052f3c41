"""kill -9 benchmark: N trials (default 100) of the crash child
(tests/crash_child.py) killed at random moments; after each kill the
database must pass integrity_check and hold every reported record.

    python benchmarks/bench_crash.py [--trials 100] [--seed 1]
"""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from test_crash_safety import run_trial, verify  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--trials", type=int, default=100)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--max-lines", type=int, default=60)
    a = ap.parse_args(argv)
    from core.session import open_session

    rng = random.Random(a.seed)
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp) / "data"
        s = open_session(d)
        s.create("unit", {"ten": "Nghĩa Phương", "loai": "xa", "is_current": 1})
        s.close()
        committed_all = []
        t0 = time.perf_counter()
        for i in range(a.trials):
            committed, _ = run_trial(d, rng, a.max_lines)
            committed_all.extend(committed)
            verify(d, committed_all)
            if (i + 1) % 10 == 0:
                print(f"{i + 1} trials, {len(committed_all)} committed records, all present, integrity ok", flush=True)
        dt = time.perf_counter() - t0
    print(f"RESULT: {a.trials} kill -9 trials, {len(committed_all)} committed records, 0 lost, "
          f"integrity ok every time ({dt:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
