"""The layers only point down, and nothing imports in a circle — counting
imports inside functions too (read from the source, not by importing).

    core base (core, core.text, core.paths, core.errors)
      ← core.records
      ← core.report            ← core.safety ← core.io
      ← core.session (records + safety)
      ← core.commands
      ← ui, cli (the dispatcher beside main.py), main
"""
from __future__ import annotations

import importgraph

BASE = {"core", "core.text", "core.paths", "core.errors"}

# layer -> the layers it may import (besides itself)
ALLOWED = {
    "base": {"base"},
    "records": {"base"},
    "report": {"base", "records"},
    "papers": {"base", "records", "report"},
    "safety": {"base", "records"},
    "io": {"base", "records", "safety"},
    "session": {"base", "records", "safety"},
    "commands": {"base", "records", "report", "papers", "safety", "io", "session"},
    "ui": {"base", "records", "report", "papers", "safety", "io", "session", "commands"},
    "cli": {"base", "session", "commands", "ui"},
    "main": {"cli"},
}


def layer(module: str) -> str:
    if module in BASE:
        return "base"
    if module in ("cli", "main"):
        return module
    if module == "core.session":
        return "session"
    parts = module.split(".")
    if parts[0] == "ui":
        return "ui"
    assert parts[0] == "core" and len(parts) > 1 and parts[1] in ALLOWED, (
        f"{module}: every core module belongs to a layer package (records, report, safety, io, commands) "
        "or to the base (core.text, core.paths, core.errors)")
    return parts[1]


def test_every_module_has_a_known_layer():
    for name in importgraph.graph():
        assert layer(name) in ALLOWED, name


def test_layers_only_point_down():
    bad = []
    for name, deps in importgraph.graph().items():
        mine = layer(name)
        for dep, line in deps:
            theirs = layer(dep)
            if theirs != mine and theirs not in ALLOWED[mine]:
                bad.append(f"{name}:{line} ({mine}) imports {dep} ({theirs})")
    assert not bad, "imports that point up or sideways:\n" + "\n".join(bad)


def test_no_import_cycle():
    assert importgraph.cycles(importgraph.graph()) == []


def test_the_store_never_imports_safety():
    """The store offers hooks; core.safety installs them (core.session)."""
    g = importgraph.graph()
    for name, deps in g.items():
        if name.startswith("core.records"):
            assert not [d for d, _ in deps if d.startswith("core.safety")], name


def test_the_checker_sees_imports_inside_functions(tmp_path):
    """A function-level import counts: the graph of a small module shows it."""
    p = tmp_path / "m.py"
    p.write_text("def f():\n    from core.safety import audit\n    import core.text\n", encoding="utf-8")
    deps = importgraph.imports_of("core.records.m", p, {"core.safety.audit", "core.text", "core.safety"})
    assert ("core.safety.audit", 2) in deps and ("core.text", 3) in deps


def test_cycles_are_found():
    g = {"a": [("b", 1)], "b": [("c", 1)], "c": [("a", 1)], "d": [("a", 1)]}
    assert importgraph.cycles(g) == [["a", "b", "c"]]
