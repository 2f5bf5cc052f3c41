"""QtCharts charts of the home page (petitions and visits by month, by field)."""
from __future__ import annotations

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QHorizontalBarSeries, QValueAxis
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QFont, QPainter

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
    v = max(int(v), 1)
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000, 20000, 50000, 100000):
        if step * ticks >= v:
            return step * ticks
    return ((v // ticks) + 1) * ticks


class ChartView(QChartView):
    def __init__(self, chart: QChart, parent=None):
        super().__init__(chart, parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(220)


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
    ax = QBarCategoryAxis()
    ax.append(MONTHS)
    ay = QValueAxis()
    ay.setRange(0, _nice_max(max(don + tcd + [0]), 5))
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
    ay = QBarCategoryAxis()
    ay.append([_short(r[0]) for r in rows] or ["—"])
    ay.setTruncateLabels(False)
    ax = QValueAxis()
    ax.setRange(0, _nice_max(max([r[1] for r in rows] + [r[2] for r in rows] + [0]), 4))
    ax.setLabelFormat("%d")
    ax.setTickCount(5)
    c.addAxis(ay, Qt.AlignmentFlag.AlignLeft)
    c.addAxis(ax, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(ay)
    series.attachAxis(ax)
    return c


def _short(label: str, n: int = 28) -> str:
    return label if len(label) <= n else label[: n - 1] + "…"
