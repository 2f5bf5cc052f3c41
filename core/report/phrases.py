"""The phrasing the report's sentences share: the builders' context
(``ProseContext``), numbers as the seeds write them (``n``: two digits below
10, ``.`` thousands; rates with the report's decimals), comparisons with the
same period last year (``cmp``), the spans of period figures, names of
villages and the merger sentence.  The builders are ``core.report.prose``."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from core.report import wording as W
from core.report.document import Cell, Para, Table
from core.report.periods import THANH_TRA, Period
from core.report.sources import fmt_rate
from core.report.stats.model import Count, Rate, Stats
from core.report.stats.period_figures import span_label
from core.text import fmt_date, fmt_number, pad2


@dataclass(frozen=True)
class ProseContext:
    """What the builders need besides the figures.

    ``unit_title``: the issuing body as written in sentences ("UBND xã
    Nghĩa Phương"); ``unit_type``: "xã" / "phường" / "đặc khu";
    ``decimals``: 2 (default) or 1 for percentages; ``compare``: state the
    comparison with the previous period when it has data; ``max_named``:
    how many models are named per field before "và … mô hình khác"."""

    unit_title: str = "UBND xã"
    unit_type: str = "xã"
    period: Period | None = None
    decimals: int = 2
    compare: bool = True
    max_named: int = 12

    @classmethod
    def for_stats(cls, stats: Stats, **kw) -> "ProseContext":
        p = stats.profile
        unit_type = p.unit_type if p else "xã"
        title = f"UBND {p.title}" if p else "UBND xã"
        kw.setdefault("unit_title", title)
        kw.setdefault("unit_type", unit_type)
        kw.setdefault("period", stats.period)
        return cls(**kw)

    @property
    def unit_short(self) -> str:
        return W.UNIT_SHORT.format(unit_type=self.unit_type)


Builder = Callable[[Stats, ProseContext], list]


# ------------------------------------------------------------ helpers

def n(x) -> str:
    """A count as the report writes it: 01 … 09, 10, 1.807."""
    return pad2(int(round(x)))


def num(x) -> str:
    """A figure that may be fractional (period figures)."""
    if x is None:
        return ""
    if float(x).is_integer():
        return n(x)
    return fmt_number(x, 2)


def pct(rate: Rate, ctx: ProseContext) -> str:
    """A rate with the report's number of decimals, always that many (one
    convention per document: "91,30%" beside "90,12%"; 100% reads "100%")."""
    return fmt_rate(rate.num, rate.den, ctx.decimals)


def ratio(rate: Rate, unit: str, ctx: ProseContext) -> str:
    """"1.637/1.963 hồ sơ, đạt 83,39%" (ratio first, then the rate); a zero
    numerator is written "0/120", not "00/120"."""
    top = "0" if not rate.num else num(rate.num)
    return W.RATIO_RATE.format(num=top, den=num(rate.den), unit=unit, pct=pct(rate, ctx))


def join(items: list[str]) -> str:
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return W.LIST_SEP.join(items)


def lower_first(s: str) -> str:
    return s[:1].lower() + s[1:] if s else s


def upper_first(s: str) -> str:
    return s[:1].upper() + s[1:] if s else s


def label_lc(label: str, short: bool = False) -> str:
    """Labels inside sentences: lower-case except acronyms; ``short`` drops
    a bracketed explanation ("Dân sự (tài sản, …)" → "dân sự")."""
    if short and " (" in label:
        label = label[:label.index(" (")]
    words = label.split(" ")
    out = []
    for i, w in enumerate(words):
        if w[:1].isupper() and (w.isupper() or any(c.isupper() for c in w[1:])):
            out.append(w)  # acronyms: UBND, MTTQ, LHPN
        elif w in ("Nhân", "Đảng", "Nhà") and i:
            out.append(w)
        else:
            out.append(w.lower())
    return " ".join(out)


def intro(ctx: ProseContext, stats: Stats, note: bool = False) -> str:
    """"Trong 06 tháng đầu năm 2025"; with ``note`` and the Inspectorate
    cut-off, the exact bounds follow in brackets."""
    p = ctx.period or stats.period
    s = p.intro
    if note and p.cutoff == THANH_TRA:
        s += W.THANH_TRA_NOTE.format(range_text=p.range_text)
    return s


def prev(stats: Stats, ctx: ProseContext) -> Stats | None:
    return stats.previous if ctx.compare else None


def cmp(cur: int, previous: Stats | None, get, unit: str, *, paren: bool = True) -> str:
    """" (tăng 12 lượt so với cùng kỳ năm 2024)" or "" when the previous
    period has no data for this figure (``get(previous)`` is 0 or None)."""
    if previous is None:
        return ""
    old = get(previous)
    if not old:
        return ""
    label = previous.period.compare_label
    d = cur - old
    if d > 0:
        s = W.CMP_UP.format(diff=n(d), unit=unit, label=label)
    elif d < 0:
        s = W.CMP_DOWN.format(diff=n(-d), unit=unit, label=label)
    else:
        s = W.CMP_SAME.format(label=label)
    return f" ({s})" if paren else s


def top(items, k: int = 3, *, skip_khac: bool = True) -> list[Count]:
    main = [c for c in items if not (skip_khac and c.code in ("khac", "lv:khac"))]
    return (main or list(items))[:k]


def body(text: str, refs=()) -> Para:
    """A paragraph; ``refs``: the sources of the figures it states
    (``core.report.sources.Recorder.take``), checked by core.report.audit."""
    return Para(text, refs=tuple(refs))


def bullet(text: str, refs=()) -> Para:
    return Para(text, kind="bullet", refs=tuple(refs))


def plus(text: str, refs=()) -> Para:
    return Para(text, kind="plus", refs=tuple(refs))


def sentence(*parts: str) -> str:
    """Join clauses with "; " and end with a full stop."""
    s = "; ".join(p for p in parts if p)
    s = upper_first(s)
    return s if s.endswith((".", ":", "…")) else s + "."


def _year_table(title: str, cols, rows, total=None, widths=None, *, header=None, sum_cols=(),
                row_sums=()) -> Table:
    """A per-year table.  A value is a text or (text, source); ``sum_cols``:
    the columns whose total row is the sum of the years; ``row_sums``:
    (column, columns) — in every row that column is the sum of the others."""
    header = header or [[Cell(c, bold=True) for c in cols]]

    def cell(x, bold=False):
        text, source = x if isinstance(x, tuple) else (x, "")
        return Cell(text, align="right", bold=bold, source=source)

    body_rows = [[Cell(str(r[0]))] + [cell(x) for x in r[1:]] for r in rows]
    if total:
        body_rows.append([Cell(W.T_TOTAL, bold=True)] + [cell(x, bold=True) for x in total])
    n_cols = len(body_rows[0]) if body_rows else len(cols)
    w = widths or [2.5] + [(16.0 - 2.5) / (n_cols - 1)] * (n_cols - 1)
    t = Table(title=title, header=header, rows=body_rows, widths_cm=w)
    if total:
        t.sums += [((len(rows), c), tuple((i, c) for i in range(len(rows)))) for c in sum_cols]
    t.sums += [((i, c), tuple((i, x) for x in parts)) for i in range(len(body_rows)) for c, parts in row_sums]
    return t


def _yc(stats: Stats, source: str):
    """A per-year table value: (the number as tables write it, its source)."""
    from core.report.sources import resolve

    return _fmt_int(resolve(stats, source)), source


def _yr(stats: Stats, ctx: ProseContext, num_src: str, den_src: str):
    """A per-year table rate: (text, "rate:num/den"); "–" without a denominator."""
    from core.report.sources import resolve

    source = f"rate:{num_src}/{den_src}"
    a, b = resolve(stats, source)
    text = fmt_rate(a, b, ctx.decimals)
    return (text, source) if text else "–"


# ------------------------------------------------- period figures' spans

def _gaps_text(sp, p: Period) -> str:
    """"chưa gồm số liệu của xã Hòa Lộc (cũ) 06 tháng đầu năm 2025" (what the span misses)."""
    items = []
    for g in sp.gaps:
        of = W.PF_OF_UNIT.format(unit=g.unit_title).strip() if g.unit_title else ""
        when = "" if (g.start, g.end) == (sp.start, sp.end) else span_label(g.start, g.end, p)
        items.append(W.PF_GAP_ITEM.format(of_unit=of, when=(" " if of and when else "") + when))
    return W.PF_GAPS.format(items="; ".join(items)) if items else ""


def _span_words(sp, p: Period) -> tuple[str, list[str]]:
    """(the span's name, what to say in brackets after it): ("06 tháng đầu
    năm 2025", ["từ ngày 01/01/2025 đến ngày 30/06/2025", "chưa gồm số liệu
    của xã Hòa Lộc (cũ)"]); the name is "" when the span is the period."""
    extra = []
    name = ""
    if (sp.start, sp.end) != (p.start, p.end):
        name = span_label(sp.start, sp.end)
        dates = span_label(sp.start, sp.end, p)
        if dates != name:  # a preset named with its exact dates (Inspectorate cut-off, or like the period)
            extra.append(dates[len(name):].strip(" ()"))
    gaps = _gaps_text(sp, p)
    if gaps:
        extra.append(gaps)
    return name, extra


def _span(stats: Stats, group: str):
    sp = stats.period_figures.span(group)
    return None if sp is None or not sp.has_data or sp.exact else sp


def span_lead(stats: Stats, ctx: ProseContext, group: str) -> str:
    """The opening words of a sentence of period figures: the period's
    ("Trong năm 2025") when the entries cover it exactly, else the span they
    cover ("Theo số liệu 06 tháng đầu năm 2025 (chưa gồm số liệu của …)")."""
    it = intro(ctx, stats)
    sp = _span(stats, group)
    if sp is None:
        return it
    name, extra = _span_words(sp, ctx.period or stats.period)
    head = W.PF_LEAD.format(span=name) if name else it
    return head + (f" ({'; '.join(extra)})" if extra else "")


def span_note(stats: Stats, ctx: ProseContext, group: str) -> str:
    """" (số liệu 06 tháng đầu năm 2025; chưa gồm …)" for a heading, "" when exact."""
    sp = _span(stats, group)
    if sp is None:
        return ""
    name, extra = _span_words(sp, ctx.period or stats.period)
    parts = ([W.PF_SPAN_NOTE.format(span=name + (f", {extra[0]}" if extra and extra[0].startswith("từ") else ""))]
             if name else []) + [x for x in extra if not (name and x.startswith("từ"))]
    return f" ({'; '.join(parts)})" if parts else ""


def _same_span(stats: Stats, a: str, b: str) -> bool:
    """Two groups of period figures cover the same span with the same gaps
    (the second sentence need not say it again)."""
    x, y = _span(stats, a), _span(stats, b)
    return x is not None and y is not None and (x.start, x.end, x.gaps) == (y.start, y.end, y.gaps)


def _fmt_int(x) -> str:
    from core.text import fmt_int
    return fmt_int(x)


def and_join(items: list[str]) -> str:
    """"a, b và c"."""
    items = [i for i in items if i]
    return items[0] if len(items) == 1 else W.LIST_SEP.join(items[:-1]) + W.LIST_LAST + items[-1] if items else ""


VILLAGE_WORDS = ("Thôn ", "Tổ dân phố ", "Khu phố ", "Ấp ", "Bản ", "Buôn ", "Khu dân cư ", "Xóm ", "Tổ ")


def village_name(name: str) -> str:
    """A village inside a sentence: "Thôn An Bình" → "thôn An Bình"."""
    t = (name or "").strip()
    return lower_first(t) if t.startswith(VILLAGE_WORDS) else t


def resolution_text(text: str | None) -> str:
    """The merger resolution as typed, "Nghị quyết số …" put first when only its number was typed."""
    t = (text or "").strip().rstrip(".;")
    if t and not t.lower().startswith(("nghị quyết", "quyết định")):
        t = W.PROFILE_RESOLUTION_PREFIX + t
    return t


def merger_sentence(p) -> str:
    """"Xã Hòa Phong được thành lập từ ngày 01/07/2025 trên cơ sở sắp xếp, hợp
    nhất xã Hòa Bình và xã Hòa Lộc theo Nghị quyết số …"."""
    since = W.PROFILE_MERGED_SINCE.format(date=fmt_date(p.merger_date)) if p.merger_date else ""
    res = resolution_text(p.merger_resolution)
    return W.PROFILE_PREDECESSORS.format(Unit=upper_first(p.title), since=since, names=and_join(list(p.predecessors)),
                                         by=W.PROFILE_MERGED_BY.format(resolution=res) if res else "")


