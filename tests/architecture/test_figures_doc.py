"""docs/FIGURES.md stays true: every reference it makes (files, Python names,
``S.`` figures of ``Stats``, indexes, temp tables — the notation is stated at
the top of the page) names something that exists, every prose builder and
annex is mapped, and the worked example follows one real figure from its
SQL to its sentence."""
from __future__ import annotations

import dataclasses
import datetime as dt
import importlib
import inspect
import re
import types
import typing
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "FIGURES.md"
DDL_FILES = ("core/records/feature_tables.py", "core/records/schema.py")
TEMP_DIR = "core/report/stats"

_TICKS = re.compile(r"`([^`\n]+)`")
_STEP = re.compile(r"\.(\w+)(\([^)]*\))?(\[\w+\])?")


# ------------------------------------------------------------ the notation

def kind(ref: str) -> str | None:
    """Which kind of reference a backticked text is (None: SQL or a value)."""
    if re.fullmatch(r"[\w/.-]+\.(py|md)", ref):
        return "file"
    if re.fullmatch(r"core(\.\w+)+", ref):
        return "name"
    if ref.startswith("S."):
        return "figure"
    if re.fullmatch(r"idx_\w+", ref):
        return "index"
    if re.fullmatch(r"temp\.\w+", ref):
        return "temp"
    if re.fullmatch(r"_\w+(\(\))?", ref) or re.fullmatch(r"[A-Z][A-Za-z]+\.\w+.*", ref):
        return "abbreviated"
    return None


def references(text: str) -> list[tuple[str, str]]:
    """(kind, reference) of every backticked reference, in order."""
    return [(k, r) for r in _TICKS.findall(text) if (k := kind(r))]


# ------------------------------------------------------------ resolving

def _unwrap(t):
    """``X | None`` → X (the type a field or property leads to)."""
    if isinstance(t, types.UnionType) or typing.get_origin(t) is typing.Union:
        rest = [a for a in typing.get_args(t) if a is not type(None)]
        if len(rest) == 1:
            return rest[0]
    return t


def _hints(obj) -> dict:
    try:
        return typing.get_type_hints(obj)
    except Exception:  # noqa: BLE001 — an unresolvable hint just stops the walk
        return {}


def _step(cur, name: str, called: bool):
    """The object or type ``name`` leads to from ``cur`` (a module, a class,
    or a value), or raise LookupError."""
    if inspect.isclass(cur):
        if dataclasses.is_dataclass(cur) and name in {f.name for f in dataclasses.fields(cur)}:
            if called:
                raise LookupError(f"{cur.__name__}.{name} is a field, not a method")
            return _unwrap(_hints(cur).get(name))
        try:
            attr = inspect.getattr_static(cur, name)
        except AttributeError:
            raise LookupError(f"{cur.__name__} has no field, property or method {name!r}") from None
        if isinstance(attr, property):
            return _unwrap(_hints(attr.fget).get("return"))
        if called and inspect.isfunction(attr):
            return _unwrap(_hints(attr).get("return"))
        return getattr(cur, name)
    if isinstance(cur, types.ModuleType):
        if not hasattr(cur, name):
            raise LookupError(f"module {cur.__name__} has no {name!r}")
        return getattr(cur, name)
    if cur is None:
        raise LookupError(f"cannot follow {name!r}: the type before it is not known")
    if not hasattr(cur, name):
        raise LookupError(f"{cur!r} has no {name!r}")
    return getattr(cur, name)


def _import_longest(parts: list[str]):
    for k in range(len(parts), 0, -1):
        name = ".".join(parts[:k])
        try:
            return importlib.import_module(name), parts[k:]
        except ModuleNotFoundError as e:
            if not (e.name and (name == e.name or name.startswith(e.name + "."))):
                raise
    raise LookupError(f"no module in {'.'.join(parts)!r}")


def resolve_name(ref: str):
    """``core.a.b.Name.attr`` → the object (or field type) it names."""
    cur, rest = _import_longest(ref.split("."))
    for part in rest:
        cur = _step(cur, part, called=False)
    return cur


def resolve_figure(ref: str):
    """``S.a[i].b.c(...)`` walked from ``Stats`` → the type it leads to."""
    from core.report.stats.model import Stats

    tail = ref[1:]
    steps = list(_STEP.finditer(tail))
    if not steps or "".join(m.group(0) for m in steps) != tail:
        raise LookupError(f"not a figure path: {ref!r}")
    cur = Stats
    for m in steps:
        name, call, index = m.groups()
        cur = _step(cur, name, called=bool(call))
        if index:
            if typing.get_origin(cur) is not tuple:
                raise LookupError(f"{name!r} is not a tuple, {index} does not apply")
            cur = _unwrap(typing.get_args(cur)[0])
    return cur


def _created(pattern: str, files) -> set[str]:
    return {m.group(1) for f in files for m in re.finditer(pattern, f.read_text(encoding="utf-8"))}


def index_names() -> set[str]:
    return _created(r"CREATE\s+(?:UNIQUE\s+)?INDEX\s+(?:IF\s+NOT\s+EXISTS\s+)?(\w+)", [ROOT / f for f in DDL_FILES])


def temp_tables() -> set[str]:
    files = sorted((ROOT / TEMP_DIR).glob("*.py"))
    return _created(r"CREATE\s+TEMP(?:ORARY)?\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?(\w+)", files)


def problems(text: str) -> list[str]:
    """What is wrong with the references of ``text`` (empty when all hold)."""
    out = []
    indexes, temps = index_names(), temp_tables()
    for k, ref in references(text):
        try:
            if k == "file":
                if not (ROOT / ref).is_file():
                    raise LookupError("no such file")
                if ref.startswith("core/") and ref.endswith(".py"):
                    mod = ref[:-3].removesuffix("/__init__").replace("/", ".")
                    importlib.import_module(mod)
            elif k == "name":
                resolve_name(ref)
            elif k == "figure":
                resolve_figure(ref)
            elif k == "index":
                if ref not in indexes:
                    raise LookupError(f"no CREATE INDEX {ref} in {', '.join(DDL_FILES)}")
            elif k == "temp":
                if ref.removeprefix("temp.") not in temps:
                    raise LookupError(f"no CREATE TEMP TABLE {ref.removeprefix('temp.')} in {TEMP_DIR}/")
            elif k == "abbreviated":
                raise LookupError("write the full name (core.module.name, or S.… for a figure)")
        except (LookupError, ImportError) as e:
            out.append(f"`{ref}` ({k}): {e}")
    return out


def doc_text() -> str:
    return DOC.read_text(encoding="utf-8")


# ------------------------------------------------------------ the page

def test_every_reference_of_the_page_exists():
    assert problems(doc_text()) == []


def test_the_page_uses_every_kind_of_reference():
    """The checks above are not vacuous: the page's references are read."""
    kinds = [k for k, _ in references(doc_text())]
    for k, least in (("file", 5), ("name", 30), ("figure", 80), ("index", 4), ("temp", 3)):
        assert kinds.count(k) >= least, (k, kinds.count(k))


def test_every_builder_and_annex_is_mapped():
    from core.report.annexes import ANNEXES
    from core.report.prose import BUILDERS

    refs = {r for k, r in references(doc_text()) if k == "name"}
    missing = [f"core.report.prose.{fn.__name__}" for fn in BUILDERS.values()
               if f"core.report.prose.{fn.__name__}" not in refs]
    missing += [f"core.report.annexes.{fn.__name__}" for fn in ANNEXES.values()
                if f"core.report.annexes.{fn.__name__}" not in refs]
    assert missing == []


# ------------------------------------------------------------ the checker fails on a rename

def test_a_renamed_name_is_caught():
    bad = {
        "`core/report/no_such_module.py`": "file",
        "`core.report.prose.no_such_builder`": "name",
        "`core.report.no_such_module.x`": "name",
        "`core.report.stats.model.Petitions.recieved`": "name",
        "`S.petitions.recieved`": "figure",
        "`S.petitions.received.more`": "figure",
        "`S.by_year.don_nhan`": "figure",
        "`S.petitions.received(x)`": "figure",
        "`idx_no_such_index`": "index",
        "`temp._sdv_no_such`": "temp",
        "`_year_row`": "abbreviated",
        "`Period.sql_range()`": "abbreviated",
    }
    for ref, k in bad.items():
        found = problems(f"a line with {ref} in it")
        assert len(found) == 1 and found[0].startswith(f"{ref} ({k})"), (ref, found)
    good = ("`core/report/prose.py` `core.report.prose.don_thu` `core.report.stats.compute` "
            "`core.report.stats.model.Petitions.received` `S.petitions.received` `S.by_year[i].don_nhan` "
            "`S.previous.mediation.co_so.rate.pct` `S.figures.get(\"x\")` `idx_don_rep_nhan` `temp._sdv_due` "
            "`count(*)` `huong_xu_ly IS NULL`")
    assert problems(good) == []


def test_the_page_with_a_field_renamed_fails():
    text = doc_text()
    assert "`S.petitions.received`" in text
    found = problems(text.replace("S.petitions.received", "S.petitions.recieved"))
    assert found and all("S.petitions.recieved" in f for f in found)


# ------------------------------------------------------------ the worked example

def worked_example() -> str:
    text = doc_text()
    start = text.index("## Worked example")
    end = text.index("\n## ", start + 1)
    return text[start:end]


def _template_pattern(template: str) -> re.Pattern:
    """A wording template as a regular expression ({placeholders} match anything)."""
    parts = re.split(r"\{\w*\}", template)
    return re.compile(".+?".join(re.escape(p) for p in parts))


def example_hops():
    """(query function, model field name, figure, builder, template name) of
    the worked example, each taken from its references."""
    from core.report import wording
    from core.report.prose import BUILDERS

    refs = references(worked_example())
    assert problems(worked_example()) == []
    names = [r for k, r in refs if k == "name"]
    query = next(resolve_name(r) for r in names if r.startswith(("core.report.stats.queries.",
                                                                   "core.report.stats.petitions.")))
    field = next(r for r in names if r.startswith("core.report.stats.model.")).rpartition(".")[2]
    figure = next(r for k, r in refs if k == "figure")
    builder = next(resolve_name(r) for r in names if r.startswith("core.report.prose.")
                   and resolve_name(r) in BUILDERS.values())
    template = next(r for r in names if r.startswith("core.report.wording.")).rpartition(".")[2]
    assert isinstance(getattr(wording, template), str)
    return query, field, figure, builder, template


def test_the_worked_example_hops_link_up():
    """SQL → field → builder → template: each hop names the next one in its code."""
    from core.report import wording

    query, field, figure, builder, template = example_hops()
    assert figure.rpartition(".")[2] == field
    assert re.search(rf"\b{field}=", inspect.getsource(query)), (query.__name__, field)
    src = inspect.getsource(builder)
    assert f"W.{template}" in src and f".{field}" in src, (builder.__name__, template, field)
    quoted = next(line[2:] for line in worked_example().splitlines() if line.startswith("> "))
    assert _template_pattern(getattr(wording, template)).match(quoted), quoted


def test_the_worked_example_runs(store):
    """Three petitions received in the year: the builder's sentence, from the
    template the example names, says "tiếp nhận 03 đơn"."""
    from core.report import wording
    from core.report.document import Para
    from core.report.periods import Period
    from core.report.prose import ProseContext
    from core.report.stats import compute

    _, field, figure, builder, template = example_hops()
    for day in ("2025-02-03", "2025-05-06", "2025-09-10"):
        store.create("don_thu", {"ngay_nhan": day, "ho_ten": "Nguyễn Văn A", "loai": "kien_nghi", "noi_dung": "x"})
    stats = compute(store, Period.year(2025), compare=False, today=dt.date(2025, 12, 31))
    value = stats
    for part in figure.split(".")[1:]:
        value = getattr(value, part)
    assert value == 3
    texts = [b.text for b in builder(stats, ProseContext.for_stats(stats)) if isinstance(b, Para)]
    pattern = _template_pattern(getattr(wording, template))
    assert any(pattern.match(t) and "tiếp nhận 03 đơn" in t for t in texts), texts
