"""QtCharts charts of the home page (petitions and visits by month, by field).

Every bar carries its value; the value axis ends above the largest bar with
room for its label; a long category label wraps onto two lines, and one
still too long is shortened with "…" and shown whole as the bar's tooltip.
"""
from __future__ import annotations

import math
import textwrap

from PySide6.QtCharts import (
    QAbstractBarSeries,
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QCursor, QFont, QPainter
from PySide6.QtWidgets import QToolTip

BLUE = QColor("#2f6db5")
ORANGE = QColor("#e0892b")
MONTHS = [f"T{m}" for m in range(1, 13)]


def _chart(title: str) -> QChart:
    c = QChart()
    c.setTitle(title)
    f = QFont()
    f.setBold(True)
    c.setTitleFont(f)
    c.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    c.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    c.setMargins(QMargins(4, 4, 4, 4))
    c.setBackgroundRoundness(4)
    return c


def _nice_max(v: int, ticks: int) -> int:
    """A round axis maximum divisible into ``ticks`` whole steps."""
    v = max(math.ceil(v), 1)
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000, 20000, 50000, 100000):
        if step * ticks >= v:
            return step * ticks
    return ((v // ticks) + 1) * ticks


def axis_max(largest: float, ticks: int) -> int:
    """The value axis' end: round, and above the largest bar by at least a
    tenth (and 1) so that bar and its value label never touch the end."""
    return _nice_max(largest + max(1.0, largest * 0.1), ticks)


LABEL = QColor("#263238")


def _show_values(series: QAbstractBarSeries):
    """Each bar's value at its end (after the series is in its chart)."""
    font = QFont()
    font.setPixelSize(10)  # two thin bars of a category: their values must not overlap
    for s in series.barSets():
        s.setLabelColor(LABEL)
        s.setLabelFont(font)
    series.setLabelsPosition(QAbstractBarSeries.LabelsPosition.LabelsOutsideEnd)
    series.setLabelsVisible(True)


# Characters of a field's name on one line of the field chart's axis.
FIELD_LABEL_WIDTH = 34


def wrap_label(label: str, width: int = 24, lines: int = 2) -> str:
    """A category label on at most ``lines`` lines of ``width`` characters;
    what does not fit ends in "…" (the whole label is the bar's tooltip)."""
    parts = textwrap.wrap(label, width) or [""]
    if len(parts) > lines:
        last = " ".join(parts[lines - 1:])
        parts = parts[:lines - 1] + [last[: width - 1].rstrip() + "…"]
    return "<br>".join(parts)  # axis labels are rich text


class ChartView(QChartView):
    """A chart on the page; hovering a bar shows its category's whole label
    and the value (the chart's ``full_labels``, when it has them)."""

    def __init__(self, chart: QChart, parent=None):
        super().__init__(chart, parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(max(220, getattr(chart, "min_height", 0)))
        self._chart = chart
        for series in chart.series():
            if isinstance(series, QAbstractBarSeries):
                series.hovered.connect(self._hovered)

    def _hovered(self, status: bool, index: int, barset: QBarSet):
        if not status:
            QToolTip.hideText()
            return
        labels = getattr(self._chart, "full_labels", None) or []
        name = labels[index] if 0 <= index < len(labels) else ""
        value = int(barset.at(index)) if 0 <= index < barset.count() else 0
        text = f"{name}: {barset.label()} {value}" if name else f"{barset.label()}: {value}"
        QToolTip.showText(QCursor.pos(), text, self)


def monthly_chart(don: list[int], tcd: list[int], year: int) -> QChart:
    c = _chart(f"Đơn thư và lượt tiếp công dân theo tháng, năm {year}")
    s1 = QBarSet("Đơn thư tiếp nhận")
    s1.append([float(x) for x in don])
    s1.setColor(BLUE)
    s2 = QBarSet("Lượt tiếp công dân")
    s2.append([float(x) for x in tcd])
    s2.setColor(ORANGE)
    series = QBarSeries()
    series.append(s1)
    series.append(s2)
    c.addSeries(series)
    _show_values(series)
    c.full_labels = [f"Tháng {m}" for m in range(1, 13)]
    ax = QBarCategoryAxis()
    ax.append(MONTHS)
    ay = QValueAxis()
    ay.setRange(0, axis_max(max(don + tcd + [0]), 5))
    ay.setLabelFormat("%d")
    ay.setTickCount(6)
    c.addAxis(ax, Qt.AlignmentFlag.AlignBottom)
    c.addAxis(ay, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(ax)
    series.attachAxis(ay)
    return c


def field_chart(rows: list[tuple[str, int, int]], label: str) -> QChart:
    c = _chart(f"Theo lĩnh vực, {label}")
    rows = list(reversed(rows[:7]))  # biggest on top
    s1 = QBarSet("Đơn thư")
    s1.append([float(r[1]) for r in rows])
    s1.setColor(BLUE)
    s2 = QBarSet("Lượt tiếp")
    s2.append([float(r[2]) for r in rows])
    s2.setColor(ORANGE)
    series = QHorizontalBarSeries()
    series.append(s1)
    series.append(s2)
    c.addSeries(series)
    _show_values(series)
    c.full_labels = [r[0] for r in rows]
    labels = [wrap_label(r[0], FIELD_LABEL_WIDTH) for r in rows]
    # the axis hides a label that overlaps its neighbour: room for each
    # category as tall as two neighbouring labels need (a line is ~15 px)
    lines = [lab.count("<br>") + 1 for lab in labels]
    slot = max([15 * n + 3 for n in lines] + [7.5 * (a + b) + 3 for a, b in zip(lines, lines[1:])])
    c.min_height = int(100 + len(rows) * slot)
    ay = QBarCategoryAxis()
    ay.append(_unique(labels) or ["—"])
    ay.setTruncateLabels(False)
    ax = QValueAxis()
    ax.setRange(0, axis_max(max([r[1] for r in rows] + [r[2] for r in rows] + [0]), 4))
    ax.setLabelFormat("%d")
    ax.setTickCount(5)
    c.addAxis(ay, Qt.AlignmentFlag.AlignLeft)
    c.addAxis(ax, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(ay)
    series.attachAxis(ax)
    return c


def _unique(labels: list[str]) -> list[str]:
    """Category labels must differ: two shortened alike get a space more."""
    seen: set[str] = set()
    out = []
    for lab in labels:
        while lab in seen:
            lab += " "
        seen.add(lab)
        out.append(lab)
    return out
