"""The docs name files and modules that exist: every backticked path
(``core/…``, ``ui/…``, ``tests/…``, ``benchmarks/…``, ``build_scripts/…``)
and every backticked dotted module name (``core.records.store``, with an
optional attribute: ``core.session.open_session``) in README.md and docs/*.md."""
from __future__ import annotations

import dataclasses
import importlib
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
PATH_RE = re.compile(r"`((?:core|ui|tests|benchmarks|build_scripts|resources)/[\w./-]*?)(?::\w+)?`")
NAME_RE = re.compile(r"`((?:core|ui)(?:\.\w+)+)(?:\(\))?`")


def paths_in(text: str) -> list[str]:
    return [m.group(1) for m in PATH_RE.finditer(text) if "*" not in m.group(1)]


def names_in(text: str) -> list[str]:
    return [m.group(1) for m in NAME_RE.finditer(text)]


def resolves(name: str) -> bool:
    """``a.b.c``: a module, or an attribute (one or two levels) of one."""
    parts = name.split(".")
    for cut in range(len(parts), 0, -1):
        mod = ".".join(parts[:cut])
        if importlib.util.find_spec(mod) is None if cut == 1 else not _module_exists(mod):
            continue
        obj = importlib.import_module(mod)
        for attr in parts[cut:]:
            if hasattr(obj, attr):
                obj = getattr(obj, attr)
            elif dataclasses.is_dataclass(obj) and attr in {f.name for f in dataclasses.fields(obj)}:
                obj = None  # a dataclass field without a default: nothing further to check
            else:
                return False
        return True
    return False


def _module_exists(mod: str) -> bool:
    try:
        return importlib.util.find_spec(mod) is not None
    except ModuleNotFoundError:
        return False


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_named_paths_exist(doc):
    missing = [p for p in paths_in(doc.read_text(encoding="utf-8")) if not (ROOT / p.rstrip("/")).exists()]
    assert not missing, f"{doc.name} names paths that do not exist: {missing}"


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_named_modules_exist(doc):
    missing = [n for n in names_in(doc.read_text(encoding="utf-8")) if not resolves(n)]
    assert not missing, f"{doc.name} names modules or functions that do not exist: {missing}"


def test_the_checks_catch_a_renamed_name():
    text = "see `core/records/store.py` and `core/records/nothing.py`, `core.records.store.Store` " \
           "and `core.records.store.NoSuchThing`"
    assert paths_in(text) == ["core/records/store.py", "core/records/nothing.py"]
    assert [resolves(n) for n in names_in(text)] == [True, False]
