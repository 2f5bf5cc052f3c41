"""Start-up time of the frozen app on Linux: process start → main window first
painted (offscreen), next to a bare PySide6 window in the same run.

    bash build_scripts/build_linux.sh          # builds dist/SoDanVan once
    python benchmarks/bench_startup.py [--runs 7] [--records N]

Measured by ``SODANVAN_STARTUP_PROBE=1`` (ui/startup_probe.py, enabled in the
frozen app by a PyInstaller runtime hook): the app prints the wall-clock time
of the first paint of its main window, then quits.  The baselines print the
same line from a bare ``QMainWindow``:

- *bare frozen*: the same PySide6 frozen with PyInstaller (onedir, built once
  into build/bench-bare, ~20 s) — what PyInstaller + Qt cost by themselves;
- *bare source*: the bare window run by the venv's Python;
- *app source*: the app itself run from the source tree by the venv's Python.

The app runs on a data folder filled with demo data (the usual case: a clerk
opens an existing book).  The first run of each is a cold start and is
reported separately; the goal (≤ 0.6 s) is checked on the median of the warm
runs.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOAL_S = 0.6
PROBE = "SODANVAN_STARTUP_PROBE"

BARE = r'''
import sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

class Probe(QObject):
    done = False
    def eventFilter(self, obj, ev):
        if not self.done and ev.type() == QEvent.Type.Paint and isinstance(obj, QMainWindow):
            self.done = True
            t = time.time()
            QTimer.singleShot(0, lambda: (print(f"SODANVAN_STARTUP_PROBE shown={t:.6f} title=bare", flush=True), app.quit()))
        return False

app = QApplication(sys.argv)
p = Probe(app)
app.installEventFilter(p)
w = QMainWindow()
w.setWindowTitle("Sổ Dân vận — bare")
w.setCentralWidget(QLabel("Sổ Dân vận"))
w.resize(1366, 768)
w.show()
sys.exit(app.exec())
'''


def venv_python() -> str:
    p = ROOT / ".venv" / "bin" / "python"
    return str(p) if p.exists() else sys.executable


def run_once(cmd: list[str], env: dict, timeout: float = 60.0) -> tuple[float, float]:
    """(seconds to first paint, seconds to process exit)."""
    t0 = time.time()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL,
                            env=env, text=True, encoding="utf-8", cwd="/")
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        raise SystemExit(f"timeout: {' '.join(cmd)} (is the start-up probe wired? see ui/startup_probe.py)")
    t_exit = time.time() - t0
    for line in out.splitlines():
        if line.startswith(PROBE + " shown="):
            shown = float(line.split()[1].split("=", 1)[1])
            return shown - t0, t_exit
    raise SystemExit(f"no probe line from {' '.join(cmd)} (exit {proc.returncode}); output:\n{out[-2000:]}")


def build_bare_frozen(py: str) -> Path:
    out = ROOT / "build" / "bench-bare"
    exe = out / "dist" / "bare" / "bare"
    if exe.exists():
        return exe
    out.mkdir(parents=True, exist_ok=True)
    (out / "bare.py").write_text(BARE, encoding="utf-8")
    subprocess.run([py, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN", "--onedir", "--noupx",
                    "--distpath", str(out / "dist"), "--workpath", str(out / "work"), "--specpath", str(out),
                    "--name", "bare", str(out / "bare.py")], check=True, cwd=out)
    return exe


def summarize(times: list[float]) -> dict:
    warm = times[1:] or times
    return {"cold_s": round(times[0], 3), "warm_median_s": round(statistics.median(warm), 3),
            "warm_min_s": round(min(warm), 3), "runs": [round(t, 3) for t in times]}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--records", type=int, default=None,
                    help="demo records in the data folder (default: a real commune's volume)")
    ap.add_argument("--app", type=Path, default=ROOT / "dist" / "SoDanVan" / "SoDanVan")
    ap.add_argument("--no-bare-frozen", action="store_true", help="skip building/measuring the frozen bare window")
    ap.add_argument("--json", type=Path, default=None, help="also write the figures to this JSON file")
    args = ap.parse_args(argv)

    app = args.app
    cli = app  # one executable: the window, and subcommands such as demo
    if not app.exists():
        print(f"{app} not found: run bash build_scripts/build_linux.sh first", file=sys.stderr)
        return 2
    py = venv_python()
    tmp = Path(tempfile.mkdtemp(prefix="sodanvan-bench-"))
    try:
        data = tmp / "data"
        # QT_QPA_PLATFORM rather than "-platform offscreen": main.py without a
        # subcommand does not accept Qt's two-token options (yet).
        env = {"HOME": str(tmp), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", PROBE: "1",
               "QT_QPA_PLATFORM": "offscreen"}
        demo = [str(cli), "--data-dir", str(data), "demo", "--years", "2021-2025"]
        if args.records:
            demo += ["--records", str(args.records)]
        subprocess.run(demo, check=True, stdout=subprocess.DEVNULL, stdin=subprocess.DEVNULL,
                       env={k: v for k, v in env.items() if k != PROBE})
        cases = {"app_frozen": [str(app), "--data-dir", str(data)]}
        if not args.no_bare_frozen:
            cases["bare_frozen"] = [str(build_bare_frozen(py))]
        # the same app from source (bytecode cached after the first run)
        cases["app_source"] = [py, "-c", f"import sys; sys.path.insert(0, {str(ROOT)!r}); import ui.startup_probe; "
                               f"from cli import main; sys.exit(main(['--data-dir', {str(data)!r}]))"]
        bare_py = tmp / "bare.py"
        bare_py.write_text(BARE, encoding="utf-8")
        cases["bare_source"] = [py, str(bare_py)]

        times: dict[str, list[float]] = {k: [] for k in cases}
        exits: dict[str, list[float]] = {k: [] for k in cases}
        for _ in range(args.runs):  # interleaved, so machine load hits every case alike
            for name, cmd in cases.items():
                shown, ended = run_once(cmd, env)
                times[name].append(shown)
                exits[name].append(ended)
        result = {name: summarize(ts) for name, ts in times.items()}
        for name in result:
            result[name]["exit_median_s"] = round(statistics.median(exits[name]), 3)
        size = sum(f.stat().st_size for f in app.parent.rglob("*") if f.is_file())
        result["meta"] = {"runs": args.runs, "goal_s": GOAL_S, "bundle_mb": round(size / 1048576, 1),
                          "cpu_count": os.cpu_count(), "loadavg": os.getloadavg()[0],
                          "db_mb": round(sum(f.stat().st_size for f in data.glob("*")) / 1048576, 1)}
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    print(f"Start-up to first paint of the main window (offscreen, {args.runs} runs, first = cold):")
    for name, r in result.items():
        if name == "meta":
            continue
        print(f"  {name:12s} cold {r['cold_s']:.3f} s   warm median {r['warm_median_s']:.3f} s"
              f"   warm min {r['warm_min_s']:.3f} s   (to exit {r['exit_median_s']:.3f} s)")
    app_warm = result["app_frozen"]["warm_median_s"]
    verdict = "OK" if app_warm <= GOAL_S else "OVER"
    print(f"  goal ≤ {GOAL_S} s for app_frozen warm median: {verdict} ({app_warm:.3f} s); "
          f"load average {result['meta']['loadavg']:.2f}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
