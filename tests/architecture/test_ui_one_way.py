"""The window runs long work one way and refreshes one way (issue 11):
threads, thread pools and the busy cursor only in ``ui/ops.py``; nothing in
``ui/`` reaches into the store's private caches (``Store.forget_caches``)."""
import re
from pathlib import Path

UI = Path(__file__).resolve().parents[2] / "ui"
OPS = UI / "ops.py"
# (pattern, what to use instead)
ONE_WAY = [
    (r"\bQRunnable\b", "ui.ops.run_in_background"),
    (r"\bQThreadPool\b", "ui.ops.run_in_background / ops.wait_for_background"),
    (r"\bQThread\s*\(|\(\s*QThread\s*\)", "ui.ops.run / ops.run_in_background"),  # made or subclassed
    (r"\bsetOverrideCursor\b", "ui.ops.run (its busy cursor and progress dialog)"),
]


def _sources():
    files = sorted(UI.rglob("*.py"))
    assert OPS in files and len(files) > 20
    for f in files:
        yield f, f.read_text(encoding="utf-8")


def _hits(pattern, skip=()):
    rx = re.compile(pattern)
    return [f"{f.relative_to(UI.parent)}:{n}: {line.strip()}"
            for f, text in _sources() if f not in skip
            for n, line in enumerate(text.splitlines(), 1) if rx.search(line)]


def test_threads_and_the_busy_cursor_only_in_ops():
    offenders = [f"{hit}  (use {instead})" for pattern, instead in ONE_WAY for hit in _hits(pattern, skip=(OPS,))]
    assert offenders == []


def test_ops_has_them():
    """The patterns above do find what they look for (in ops.py itself)."""
    text = OPS.read_text(encoding="utf-8")
    assert re.search(ONE_WAY[2][0], text) and re.search(ONE_WAY[3][0], text)


def test_no_ui_module_touches_the_store_caches():
    assert _hits(r"_enum_cache") == []


def test_no_raw_sql_in_ui():
    """Queries are named functions of core (``core.records.lookups``,
    ``listing``, ``completion`` …); the window never writes SQL."""
    sql = r"""\.q1?\(|\.conn\.execute|["'](SELECT|INSERT|UPDATE|DELETE|PRAGMA) """
    assert _hits(sql) == []
    assert re.search(sql, 'store.q1("SELECT max(id) FROM x")')
