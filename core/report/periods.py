"""Report periods (SPEC §5): presets, the two bound conventions, labels.

A ``Period`` is an inclusive date range with the words the report uses for
it.  Two conventions for the bounds of the presets:

- ``"lich"`` — calendar: 01/01–30/06, 01/01–31/12, quarters by month;
- ``"thanh_tra"`` — the Government Inspectorate's data cut-off (kỳ số liệu
  thanh tra): 6 months = 15/12 of the previous year to 14/6; 9 months =
  15/12–14/9; year = 15/12–14/12; quarters 15/12–14/3, 15/3–14/6, 15/6–14/9,
  15/9–14/12; second half 15/6–14/12.

A record belongs to a period by its main date (``ngay_nhan``, ``ngay_tiep``,
the dialogue's ``ngay``, ``ngay_ban_hanh``, the activity's ``ngay``); models
by year (``Period.years_covered``); period figures (``chi_tieu``) when their
own ``[tu_ngay, den_ngay]`` lies inside the period.  ``core.report.stats`` applies
these rules with ``sql_range()``.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from core.text import roman

LICH = "lich"
THANH_TRA = "thanh_tra"
CUTOFFS = {LICH: "Theo năm dương lịch", THANH_TRA: "Theo kỳ số liệu thanh tra (15/12 – 14/12)"}



def _norm_cutoff(cutoff: str | None) -> str:
    c = (cutoff or LICH).replace("-", "_").lower()
    if c not in CUTOFFS:
        raise ValueError("Cách tính kỳ không hợp lệ: chọn “lich” (dương lịch) hoặc “thanh_tra” (kỳ số liệu thanh tra).")
    return c


def _d(day: int, month: int, year: int) -> dt.date:
    return dt.date(year, month, day)


def _month_end(y: int, m: int) -> dt.date:
    nxt = dt.date(y + (m == 12), m % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def _fmt(d: dt.date) -> str:
    return d.strftime("%d/%m/%Y")


def _shift_year(d: dt.date, n: int) -> dt.date:
    try:
        return d.replace(year=d.year + n)
    except ValueError:  # 29/02 → 28/02
        return d.replace(year=d.year + n, day=28)


@dataclass(frozen=True)
class Period:
    """An inclusive date range.  ``kind``: ``year``, ``half``, ``quarter``,
    ``months9``, ``month``, ``years`` (multi-year), ``custom``.  ``year`` /
    ``num`` / ``year_to`` keep the preset's parameters (for
    ``previous_year``); ``label`` is the Vietnamese phrase the seeds use
    ("06 tháng đầu năm 2025")."""

    start: dt.date
    end: dt.date
    kind: str
    label: str
    cutoff: str = LICH
    year: int | None = None
    num: int = 0
    year_to: int | None = None

    def __post_init__(self):
        if self.end < self.start:
            raise ValueError("Kỳ báo cáo không hợp lệ: ngày kết thúc trước ngày bắt đầu.")

    # ------------------------------------------------------------ presets
    @classmethod
    def year_(cls, y: int, cutoff: str = LICH) -> "Period":
        c = _norm_cutoff(cutoff)
        if c == THANH_TRA:
            return cls(_d(15, 12, y - 1), _d(14, 12, y), "year", f"năm {y}", c, y)
        return cls(_d(1, 1, y), _d(31, 12, y), "year", f"năm {y}", c, y)

    @classmethod
    def half(cls, y: int, h: int, cutoff: str = LICH) -> "Period":
        if h not in (1, 2):
            raise ValueError("Chỉ có 6 tháng đầu năm (1) hoặc 6 tháng cuối năm (2).")
        c = _norm_cutoff(cutoff)
        label = f"06 tháng {'đầu' if h == 1 else 'cuối'} năm {y}"
        if c == THANH_TRA:
            start, end = (_d(15, 12, y - 1), _d(14, 6, y)) if h == 1 else (_d(15, 6, y), _d(14, 12, y))
        else:
            start, end = (_d(1, 1, y), _d(30, 6, y)) if h == 1 else (_d(1, 7, y), _d(31, 12, y))
        return cls(start, end, "half", label, c, y, h)

    @classmethod
    def quarter(cls, y: int, q: int, cutoff: str = LICH) -> "Period":
        if q not in (1, 2, 3, 4):
            raise ValueError("Quý phải từ 1 đến 4.")
        c = _norm_cutoff(cutoff)
        label = f"quý {roman(q)} năm {y}"
        if c == THANH_TRA:
            start = _d(15, 12, y - 1) if q == 1 else _d(15, 3 * (q - 1), y)
            end = _d(14, 3 * q, y)
        else:
            start = _d(1, 3 * q - 2, y)
            end = _month_end(y, 3 * q)
        return cls(start, end, "quarter", label, c, y, q)

    @classmethod
    def months9(cls, y: int, cutoff: str = LICH) -> "Period":
        c = _norm_cutoff(cutoff)
        label = f"09 tháng năm {y}"
        if c == THANH_TRA:
            return cls(_d(15, 12, y - 1), _d(14, 9, y), "months9", label, c, y, 9)
        return cls(_d(1, 1, y), _d(30, 9, y), "months9", label, c, y, 9)

    @classmethod
    def month(cls, y: int, m: int) -> "Period":
        if not 1 <= m <= 12:
            raise ValueError("Tháng phải từ 1 đến 12.")
        # Nghị định 30/2020 pads months 1–2 only ("tháng 01", "tháng 3").
        mm = f"{m:02d}" if m <= 2 else str(m)
        return cls(_d(1, m, y), _month_end(y, m), "month", f"tháng {mm} năm {y}", LICH, y, m)

    @classmethod
    def years(cls, y1: int, y2: int, cutoff: str = LICH) -> "Period":
        if y2 < y1:
            raise ValueError("Năm kết thúc giai đoạn phải sau năm bắt đầu.")
        if y1 == y2:
            return cls.year_(y1, cutoff)
        c = _norm_cutoff(cutoff)
        start = _d(15, 12, y1 - 1) if c == THANH_TRA else _d(1, 1, y1)
        end = _d(14, 12, y2) if c == THANH_TRA else _d(31, 12, y2)
        return cls(start, end, "years", f"giai đoạn {y1} – {y2}", c, y1, 0, y2)

    @classmethod
    def custom(cls, start, end) -> "Period":
        from core.text import parse_date

        s, e = parse_date(start), parse_date(end)
        if e < s:
            raise ValueError("Kỳ báo cáo không hợp lệ: “đến ngày” trước “từ ngày”.")
        label = f"từ ngày {_fmt(s)} đến ngày {_fmt(e)}"
        return cls(s, e, "custom", label, LICH)

    # ------------------------------------------------------ derived facts
    @property
    def is_multi_year(self) -> bool:
        return self.kind == "years" or (self.kind == "custom" and self.end.year > self.start.year
                                        and (self.end - self.start).days > 366)

    @property
    def years_covered(self) -> tuple[int, ...]:
        """The calendar years the period reports on (models are kept per year)."""
        if self.kind == "years":
            return tuple(range(self.year, self.year_to + 1))
        if self.year is not None:
            return (self.year,)
        return tuple(range(self.start.year, self.end.year + 1))

    @property
    def report_year(self) -> int:
        return self.years_covered[-1]

    @property
    def intro(self) -> str:
        """The opening words of a sentence: "Trong 06 tháng đầu năm 2025" /
        "Từ ngày 01/01/2025 đến ngày 15/05/2025"."""
        if self.kind == "custom":
            return self.label[0].upper() + self.label[1:]
        return f"Trong {self.label}"

    @property
    def range_text(self) -> str:
        """"từ ngày 15/12/2024 đến ngày 14/06/2025" (the exact bounds)."""
        return f"từ ngày {_fmt(self.start)} đến ngày {_fmt(self.end)}"

    @property
    def compare_label(self) -> str:
        """How the previous period is named in a comparison: "cùng kỳ năm
        2024" for part of a year, "năm 2024" for a year, "giai đoạn 2016 –
        2020" for a multi-year period."""
        if self.kind == "year":
            return f"năm {self.year}"
        if self.kind == "years":
            return self.label
        if self.kind == "custom":
            return f"cùng kỳ năm {self.end.year}"
        return f"cùng kỳ năm {self.year}"

    def previous_year(self) -> "Period":
        """The same period one year earlier.  A multi-year period is compared
        with the previous period of the same length (2021–2025 → 2016–2020)."""
        k = self.kind
        if k == "year":
            return Period.year_(self.year - 1, self.cutoff)
        if k == "half":
            return Period.half(self.year - 1, self.num, self.cutoff)
        if k == "quarter":
            return Period.quarter(self.year - 1, self.num, self.cutoff)
        if k == "months9":
            return Period.months9(self.year - 1, self.cutoff)
        if k == "month":
            return Period.month(self.year - 1, self.num)
        if k == "years":
            n = self.year_to - self.year + 1
            return Period.years(self.year - n, self.year_to - n, self.cutoff)
        p = Period.custom(_shift_year(self.start, -1), _shift_year(self.end, -1))
        return p

    def year_slices(self) -> tuple["Period", ...]:
        """One Period per year of a multi-year period (clipped to its bounds
        for a custom range); ``(self,)`` otherwise."""
        if self.kind == "years":
            return tuple(Period.year_(y, self.cutoff) for y in range(self.year, self.year_to + 1))
        if self.kind == "custom" and self.is_multi_year:
            out = []
            for y in range(self.start.year, self.end.year + 1):
                s = max(self.start, _d(1, 1, y))
                e = min(self.end, _d(31, 12, y))
                out.append(replace(Period.custom(s, e), label=f"năm {y}", year=y))
            return tuple(out)
        return (self,)

    def sql_range(self) -> tuple[str, str]:
        """(start, end) as ISO strings, inclusive, for ``BETWEEN ? AND ?``."""
        return self.start.isoformat(), self.end.isoformat()

    def contains(self, d) -> bool:
        if isinstance(d, str):
            d = dt.date.fromisoformat(d[:10])
        return self.start <= d <= self.end

    def __str__(self) -> str:
        return self.label


# ``Period.year`` is both a preset constructor (class access) and the field
# holding the preset's year (instance access): a descriptor does both.
class _YearAccessor:
    def __get__(self, obj, objtype=None):
        if obj is None:
            return objtype.year_
        return obj.__dict__.get("year")


def _install_year_accessor():
    # dataclass(frozen) stores fields in __dict__; the class attribute
    # "year" held the field default (None) — replace it with the accessor.
    Period.year = _YearAccessor()


_install_year_accessor()
