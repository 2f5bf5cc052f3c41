"""Shared helpers for the benchmark scripts: demo folders of a given size,
timing with repeats (median), machine description."""
from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SIZES = {"10k": 10_000, "100k": 100_000, "1M": 1_000_000}


def demo_folder(label: str, base: str = "/tmp") -> Path:
    """A demo data folder of the given size (created once, reused: /tmp/bench10k …)."""
    n = SIZES[label]
    path = Path(base) / f"bench{label.lower()}"
    if not (path / "sodanvan.db").exists():
        t0 = time.perf_counter()
        subprocess.run([sys.executable, str(ROOT / "main.py"), "--data-dir", str(path), "demo", "--records", str(n),
                        "--years", "2021-2025", "--seed", "1"], check=True, stdout=subprocess.DEVNULL)
        print(f"  (created {path} in {time.perf_counter() - t0:.1f} s)")
    return path


def timeit(fn, repeat: int = 7) -> float:
    """Median wall time in milliseconds."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def machine() -> str:
    cpu = ""
    try:
        for line in open("/proc/cpuinfo", encoding="utf-8"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        mem = f"{pages / 2**30:.0f} GiB"
    except (ValueError, OSError):
        pass
    return f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, {cpu}, {mem}, Python {platform.python_version()}, SQLite {__import__('sqlite3').sqlite_version}"


RECORD_TABLES = ("don_thu", "tiep_cong_dan", "hoa_giai", "doi_thoai", "hoat_dong")


def record_count(store) -> int:
    return sum(store.count(k) for k in RECORD_TABLES)


def sizes_from_args(doc: str | None = None) -> list[str]:
    """Parse ``--sizes 10k,100k,1M`` and print the machine line."""
    import argparse

    ap = argparse.ArgumentParser(description=doc)
    ap.add_argument("--sizes", default="10k,100k,1M")
    args = ap.parse_args()
    print(f"Machine: {machine()}")
    return args.sizes.split(",")
