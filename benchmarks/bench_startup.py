"""Start-up time of the frozen app on Linux: process start → main window first
painted (offscreen), next to a bare PySide6 window in the same run; and
process start → the app *ready* (book open, the home page's figures painted).

    bash build_scripts/build_linux.sh          # builds dist/SoDanVan once
    python benchmarks/bench_startup.py [--runs 7] [--records N]

Measured by ``SODANVAN_STARTUP_PROBE=1`` (ui/startup_probe.py, enabled in the
frozen app by a PyInstaller runtime hook): the app prints the wall-clock time
of the first paint of its main window (``shown=``: the frame — title,
navigation, the home page's layout with "Đang mở sổ…") and of the first paint
once it is ready (``ready=``), then quits.  The baselines print the first line
from a bare ``QMainWindow`` (for them ready = shown):

- *bare frozen*: the same PySide6 frozen with PyInstaller (onedir, built once
  into build/bench-bare, ~20 s) — what PyInstaller + Qt cost by themselves;
- *bare source*: the bare window run by the venv's Python;
- *app source*: the app itself run from the source tree by the venv's Python.

The app runs on a data folder filled with demo data (the usual case: a clerk
opens an existing book).  The first run of each is a cold start and is
reported separately; the goals are checked on the medians of the warm runs of
the same run (interleaved, so machine load hits every case alike): ≤ 0.6 s,
and ≤ 1.5× the bare frozen window (issue 16), both on the first paint.

``--phases``: where the app's time goes, from source (phase wrappers around
``ui.app``'s start-up steps, median of the runs) — the import profile of one
run is ``python -X importtime`` of the same command.
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
GOAL_RATIO = 1.5  # app frozen / bare frozen, warm medians of one run
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
w = QMainWindow()
w.setWindowTitle("Sổ Dân vận — bare")
w.setCentralWidget(QLabel("Sổ Dân vận"))
w.resize(1366, 768)
p = Probe(app)  # after the window is built, before show(): as the app installs its probe
app.installEventFilter(p)
w.show()
sys.exit(app.exec())
'''


# Time stamps of the app's start-up steps (from source): each step of
# ui.app.run_gui is wrapped; the probe's first-paint line closes the list.
PHASES = r'''
import os, sys, time
T0 = float(os.environ["BENCH_T0"])
marks = [("python ready", time.time())]
def mark(name):
    marks.append((name, time.time()))
sys.path.insert(0, os.environ["BENCH_ROOT"])
import ui.startup_probe
import cli, ui.app as app_mod
from ui import actions
mark("imports: cli, ui.app, ui.actions, core.paths")
import core.safety.instance as inst
mark("imports: core.safety.instance (the folder lock)")
def wrap(obj, name, label):
    f = getattr(obj, name, None)
    if f is None:
        return
    def w(*a, **k):
        try:
            return f(*a, **k)
        finally:
            mark(label)
    setattr(obj, name, w)
wrap(app_mod, "make_app", "QApplication (PySide6 import, make_app)")
wrap(inst.FolderLock, "acquire", "folder lock")
wrap(app_mod, "_setup_logging", "log file (logging.handlers)")
wrap(actions, "load_plugins", "ui plugins loaded")
def wrap_hooks():
    for i, h in enumerate(list(actions.STARTUP_HOOKS)):
        def w(*a, _h=h, **k):
            try:
                return _h(*a, **k)
            finally:
                mark("start-up hook " + getattr(_h, "__module__", "?") + "." + getattr(_h, "__name__", "?"))
        actions.STARTUP_HOOKS[i] = w
f_load = actions.load_plugins
def load_plugins(*a, **k):
    r = f_load(*a, **k)
    wrap_hooks()
    return r
actions.load_plugins = load_plugins
wrap(app_mod, "_wait_first_paint", "frame shown and painted (show, layout, paint)")
wrap(app_mod._Channel, "start", "one-window channel (QtNetwork)")
wrap(app_mod, "open_store_gui", "store opened (sqlite-utils, migrations checked)")
wrap(app_mod, "run_store_hooks", "store hooks (audit, secrecy, backup thread…)")
f_load2 = actions.load_plugins
def load_plugins2(*a, **k):  # the window's module right after the plugins, as ui.app does
    r = f_load2(*a, **k)
    import ui.main_window as mw
    f_init = mw.MainWindow.__init__
    def init(self, *a, **k):
        mark("imports: ui.main_window, ui.pages.home_skeleton")
        f_init(self, *a, **k)
        mark("MainWindow frame built (navigation, menus, the home page's layout)")
    mw.MainWindow.__init__ = init
    wrap(mw.MainWindow, "attach_store", "window filled (period, title, home page built, worker started)")
    return r
actions.load_plugins = load_plugins2
import atexit
def dump():
    prev = T0
    for name, t in marks:
        print(f"BENCH_PHASE {t - prev:.6f} {t - T0:.6f} {name}", flush=True)
        prev = t
atexit.register(dump)
sys.exit(cli.main(["--data-dir", os.environ["BENCH_DATA"]]))
'''


def venv_python() -> str:
    p = ROOT / ".venv" / "bin" / "python"
    return str(p) if p.exists() else sys.executable


def _probe_times(out: str) -> tuple[float | None, float | None]:
    """(shown, ready) wall-clock times from the probe's lines (ready = shown
    for a window that does not report it, e.g. the bare one)."""
    shown = ready = None
    for line in out.splitlines():
        if line.startswith(PROBE + " shown="):
            shown = float(line.split()[1].split("=", 1)[1])
        elif line.startswith(PROBE + " ready="):
            ready = float(line.split()[1].split("=", 1)[1])
    return shown, (ready if ready is not None else shown)


def run_once(cmd: list[str], env: dict, timeout: float = 60.0) -> tuple[float, float, float]:
    """(seconds to first paint, seconds to ready, seconds to process exit)."""
    t0 = time.time()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL,
                            env=env, text=True, encoding="utf-8", cwd="/")
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        raise SystemExit(f"timeout: {' '.join(cmd)} (is the start-up probe wired? see ui/startup_probe.py)")
    t_exit = time.time() - t0
    shown, ready = _probe_times(out)
    if shown is not None:
        return shown - t0, ready - t0, t_exit
    raise SystemExit(f"no probe line from {' '.join(cmd)} (exit {proc.returncode}); output:\n{out[-2000:]}")


def build_bare_frozen(py: str) -> Path:
    out = ROOT / "build" / "bench-bare"
    exe = out / "dist" / "bare" / "bare"
    src = out / "bare.py"
    if exe.exists() and src.exists() and src.read_text(encoding="utf-8") == BARE:
        return exe  # built from this script already
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
    ap.add_argument("--compare", type=Path, default=None, metavar="EXE",
                    help="also measure this build of the app (e.g. the previous commit's), interleaved: app_compare")
    ap.add_argument("--no-bare-frozen", action="store_true", help="skip building/measuring the frozen bare window")
    ap.add_argument("--json", type=Path, default=None, help="also write the figures to this JSON file")
    ap.add_argument("--phases", action="store_true",
                    help="only: where the app's start-up time goes, from source (median of --runs)")
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
        if args.phases:
            return phases(py, env, data, args.runs)
        cases = {"app_frozen": [str(app), "--data-dir", str(data)]}
        if args.compare:
            cases["app_compare"] = [str(args.compare), "--data-dir", str(data)]
        if not args.no_bare_frozen:
            cases["bare_frozen"] = [str(build_bare_frozen(py))]
        # the same app from source (bytecode cached after the first run)
        cases["app_source"] = [py, "-c", f"import sys; sys.path.insert(0, {str(ROOT)!r}); import ui.startup_probe; "
                               f"from cli import main; sys.exit(main(['--data-dir', {str(data)!r}]))"]
        bare_py = tmp / "bare.py"
        bare_py.write_text(BARE, encoding="utf-8")
        cases["bare_source"] = [py, str(bare_py)]

        times: dict[str, list[float]] = {k: [] for k in cases}
        readies: dict[str, list[float]] = {k: [] for k in cases}
        exits: dict[str, list[float]] = {k: [] for k in cases}
        for _ in range(args.runs):  # interleaved, so machine load hits every case alike
            for name, cmd in cases.items():
                shown, ready, ended = run_once(cmd, env)
                times[name].append(shown)
                readies[name].append(ready)
                exits[name].append(ended)
        result = {name: summarize(ts) for name, ts in times.items()}
        for name in result:
            result[name]["ready"] = summarize(readies[name])
            result[name]["exit_median_s"] = round(statistics.median(exits[name]), 3)
        size = sum(f.stat().st_size for f in app.parent.rglob("*") if f.is_file() and not f.is_symlink())
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
    print("Start-up to ready (book open, the home page's figures painted):")
    for name in ("app_frozen", *(("app_compare",) if args.compare else ()), "app_source"):
        r = result[name]["ready"]
        print(f"  {name:12s} cold {r['cold_s']:.3f} s   warm median {r['warm_median_s']:.3f} s"
              f"   warm min {r['warm_min_s']:.3f} s")
    app_warm = result["app_frozen"]["warm_median_s"]  # the goals: first paint
    verdict = "OK" if app_warm <= GOAL_S else "OVER"
    print(f"  goal ≤ {GOAL_S} s for app_frozen warm median: {verdict} ({app_warm:.3f} s); "
          f"load average {result['meta']['loadavg']:.2f}")
    if "bare_frozen" in result:
        ratio = app_warm / result["bare_frozen"]["warm_median_s"]
        result["meta"]["ratio_app_bare_frozen"] = round(ratio, 2)
        print(f"  goal ≤ {GOAL_RATIO}× the bare frozen window: {'OK' if ratio <= GOAL_RATIO else 'OVER'} "
              f"({ratio:.2f}×: {app_warm:.3f} s / {result['bare_frozen']['warm_median_s']:.3f} s)")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0


def phases(py: str, env: dict, data: Path, runs: int) -> int:
    """Median time of each start-up step of the app from source."""
    per: dict[str, list[float]] = {}
    first: dict[str, list[float]] = {}
    order: list[str] = []
    for _ in range(runs):
        t0 = time.time()
        out = subprocess.run([py, "-c", PHASES], capture_output=True, text=True, encoding="utf-8", cwd="/",
                             stdin=subprocess.DEVNULL, timeout=120,
                             env=dict(env, BENCH_T0=repr(t0), BENCH_ROOT=str(ROOT), BENCH_DATA=str(data))).stdout
        shown, ready = _probe_times(out)
        marks = [(float(ln.split(" ", 3)[2]), ln.split(" ", 3)[3]) for ln in out.splitlines()
                 if ln.startswith("BENCH_PHASE ")]
        if shown is None or not marks:
            raise SystemExit(f"no phases/probe line:\n{out[-2000:]}")
        marks.append((shown - t0, "== FIRST PAINT (probe) =="))
        marks.append((ready - t0, "ready: the home page's figures painted (worker: stats, lists)"))
        marks.sort()
        prev = 0.0
        for at, name in marks:
            if name not in per:
                order.append(name)
            per.setdefault(name, []).append(at - prev)
            first.setdefault(name, []).append(at)
            prev = at
    print(f"Start-up steps of the app from source (median of {runs} runs, offscreen; ms of the step, ms since start):")
    for name in order:
        print(f"  {statistics.median(per[name]) * 1000:6.0f} {statistics.median(first[name]) * 1000:6.0f}  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
