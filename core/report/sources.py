"""Where each printed number comes from: the builders (``core.report.prose``,
``core.report.annexes``) record, with every number they print, the path of
the ``Stats`` value it states; ``core.report.audit`` reads the paths back and
compares the printed text with the value.

A **source** is a path from the ``Stats`` object:

- attributes and properties, dotted: ``petitions.received``,
  ``reception.total.luot``, ``mediation.co_so.rate``;
- ``[i]`` an item of a tuple (``by_year[2].don_nhan``), ``[code]`` the count
  of a code in a tuple of counts (``petitions.du_by_group[khieu_nai]``) or a
  period figure (``figures[tthc_tiep_nhan]``), or a resolution row / team
  row by code or position;
- ``a+b`` / ``a-b``: sums and differences of paths
  (``petitions.carried_xu_ly+petitions.received``);
- ``rate:NUM/DEN``: a percentage of two such expressions
  (``rate:petitions.resolved/petitions.thu_ly_total``), printed with
  ``fmt_rate`` and the report's number of decimals.
"""
from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from core.text import fmt_number, pad2

RATE = "rate:"
_STEP = re.compile(r"\.?([A-Za-z_][A-Za-z0-9_]*)|\[([^\]]+)\]")


class SourceError(ValueError):
    """A source path that does not lead to a number."""


def _index(obj, key: str):
    if key.lstrip("-").isdigit():
        return obj[int(key)]
    if hasattr(obj, "get") and not isinstance(obj, (tuple, list)):
        return obj.get(key)  # Figures.get(code)
    for item in obj:
        if getattr(item, "code", None) == key:
            return item
    return 0  # a code absent from a breakdown counts 0


def resolve_path(stats, path: str):
    obj = stats
    pos = 0
    path = path.strip()
    while pos < len(path):
        m = _STEP.match(path, pos)
        if not m:
            raise SourceError(path)
        name, key = m.groups()
        obj = getattr(obj, name) if name else _index(obj, key)
        pos = m.end()
    if hasattr(obj, "n") and hasattr(obj, "code"):  # a Count
        obj = obj.n
    if isinstance(obj, bool):
        return int(obj)
    if not isinstance(obj, (int, float, Decimal)):
        raise SourceError(path)
    return obj


def resolve_sum(stats, expr: str):
    """``a+b-c`` over paths."""
    total = 0
    for sign, part in re.findall(r"([+-]?)([^+-]+)", expr.replace(" ", "")):
        v = resolve_path(stats, part)
        total = total - v if sign == "-" else total + v
    return total


def is_rate(source: str) -> bool:
    return source.startswith(RATE)


def rate_parts(source: str) -> tuple[str, str]:
    num, _, den = source[len(RATE):].partition("/")
    return num, den


def resolve(stats, source: str):
    """The value a source states: a number, or for ``rate:`` the pair (num, den)."""
    if is_rate(source):
        num, den = rate_parts(source)
        return resolve_sum(stats, num), resolve_sum(stats, den)
    return resolve_sum(stats, source)


def fmt_rate(num, den, decimals: int = 2) -> str:
    """A percentage with exactly ``decimals`` decimals — one convention per
    report (the report's setting "thập phân"): "90,12%", "91,30%"; a whole
    100% reads "100%" as in the seeds; "" when ``den`` is 0."""
    if not den:
        return ""
    v = Decimal(str(num)) * 100 / Decimal(str(den))
    q = v.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    if q == 100:
        return "100%"
    whole = fmt_number(int(q), 0)
    frac = f"{q - int(q):.{decimals}f}"[2:] if decimals else ""
    return whole + ("," + frac if frac else "") + "%"


def count_text(x) -> str:
    """A count as the prose writes it: 01 … 09, 10, 1.807."""
    return pad2(int(round(x)))


def parse_number(text: str):
    """The number a cell or a prose figure shows: "1.807" → 1807, "07" → 7,
    "1.234,5" → 1234.5; None when it is not a number."""
    t = text.strip().rstrip("%")
    if not re.fullmatch(r"-?\d{1,3}(\.\d{3})*(,\d+)?|-?\d+(,\d+)?", t):
        return None
    t = t.replace(".", "").replace(",", ".")
    v = Decimal(t)
    return int(v) if v == int(v) else v


class Recorder:
    """Formats numbers for one paragraph and remembers their sources:
    ``r.n("petitions.received")`` → "150"; ``r.take()`` → the refs to put on
    the ``Para`` (and forget)."""

    def __init__(self, stats, decimals: int = 2):
        self.stats = stats
        self.decimals = decimals
        self._refs: list[tuple[str, str]] = []

    def value(self, source: str):
        return resolve_sum(self.stats, source)

    def n(self, source: str, fmt=count_text) -> str:
        text = fmt(self.value(source))
        self._refs.append((source, text))
        return text

    def rate(self, num: str, den: str) -> str:
        source = f"{RATE}{num}/{den}"
        n_, d_ = resolve(self.stats, source)
        text = fmt_rate(n_, d_, self.decimals)
        if text:
            self._refs.append((source, text))
        return text

    def add(self, source: str, text: str) -> str:
        self._refs.append((source, text))
        return text

    def take(self) -> tuple[tuple[str, str], ...]:
        out, self._refs = tuple(self._refs), []
        return out
