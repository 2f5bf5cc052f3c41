"""The home page's bar charts (petitions and visits by month, by field),
drawn with QPainter in one small widget — no QtCharts (its Qt6Charts and
Qt6OpenGL libraries cost the bundle 4.4 MiB and the start-up their imports).

Every bar carries its value; the value axis ends above the largest bar with
room for its label; a long category label wraps onto two lines, and one
still too long is shortened with "…" and shown whole as the bar's tooltip.
What is painted is also kept as data (``BarChart.bars()``, ``axis_max``,
``categories``) for the tests.
"""
from __future__ import annotations

import math
import textwrap

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

BLUE = QColor("#2f6db5")
ORANGE = QColor("#e0892b")
MONTHS = [f"T{m}" for m in range(1, 13)]
LABEL = QColor("#263238")
GRID = QColor("#e3e7ec")
AXIS = QColor("#8a96a3")
TICK_TEXT = QColor("#4a5560")


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


# Characters of a field's name on one line of the field chart's axis.
FIELD_LABEL_WIDTH = 34


def wrap_label(label: str, width: int = 24, lines: int = 2) -> str:
    """A category label on at most ``lines`` lines of ``width`` characters,
    joined by "<br>"; what does not fit ends in "…" (the whole label is the
    bar's tooltip)."""
    parts = textwrap.wrap(label, width) or [""]
    if len(parts) > lines:
        last = " ".join(parts[lines - 1:])
        parts = parts[:lines - 1] + [last[: width - 1].rstrip() + "…"]
    return "<br>".join(parts)


def _fmt(v: float) -> str:
    return f"{int(v):,}".replace(",", ".")  # Vietnamese thousands separator


class BarChart(QWidget):
    """Grouped bars of a few series over categories: vertical (one column
    group per category, the value axis on the left) or horizontal (one row
    group per category, the first category on top, the value axis below).
    Title on top, legend below, values at the bars' ends; hovering a bar
    shows its category's whole label and the value."""

    def __init__(self, title: str, categories: list[str], series: list[tuple[str, list[float], QColor]],
                 horizontal: bool = False, ticks: int = 5, full_labels: list[str] | None = None, parent=None):
        super().__init__(parent)
        self.title = title
        self.categories = list(categories)  # as painted ("<br>" between lines)
        self.full_labels = list(full_labels) if full_labels is not None else [c.replace("<br>", " ")
                                                                                for c in categories]
        self.series = [(name, [float(v) for v in values], QColor(colour)) for name, values, colour in series]
        self.horizontal = horizontal
        self.ticks = ticks
        largest = max([v for _, values, _ in self.series for v in values] + [0])
        self.axis_max = axis_max(largest, ticks)
        self._rects: list[tuple[QRectF, int, int]] = []  # bar, category, series — as last painted
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        lines = [c.count("<br>") + 1 for c in self.categories]
        if horizontal:
            # room for each category as tall as its label (a line is ~15 px)
            slot = max([15 * n + 3 for n in lines] + [26])
            self.setMinimumHeight(int(100 + len(self.categories) * slot))
        else:
            self.setMinimumHeight(220)

    # ------------------------------------------------------------ data
    def bars(self) -> list[tuple[str, str, float]]:
        """(category's whole label, series, value) of every bar painted."""
        return [(self.full_labels[i], name, values[i]) for i in range(len(self.categories))
                for name, values, _ in self.series]

    def value_labels(self) -> list[str]:
        """The value written at each bar's end, in the order of ``bars()``
        ("" for a zero bar: none is written)."""
        return [_fmt(v) if v else "" for _, _, v in self.bars()]

    def legend(self) -> list[tuple[str, str]]:
        return [(name, colour.name()) for name, _, colour in self.series]

    def tooltip_at(self, pos) -> str | None:
        """The tooltip of the bar under ``pos`` (widget coordinates)."""
        p = QPointF(pos)
        for rect, i, j in self._rects:
            if rect.adjusted(-1, -3, 1, 3).contains(p):
                name, values, _ = self.series[j]
                label = self.full_labels[i] if i < len(self.full_labels) else ""
                return f"{label}: {name} {_fmt(values[i])}" if label else f"{name}: {_fmt(values[i])}"
        return None

    def sizeHint(self):  # noqa: N802
        return QSize(480, max(280, self.minimumHeight()))

    # ---------------------------------------------------------- events
    def event(self, e):
        if e.type() == QEvent.Type.ToolTip:
            text = self.tooltip_at(e.pos())
            if text:
                QToolTip.showText(e.globalPos(), text, self)
            else:
                QToolTip.hideText()
                e.ignore()
            return True
        return super().event(e)

    def resizeEvent(self, e):  # noqa: N802
        super().resizeEvent(e)
        self._layout()

    # ---------------------------------------------------------- layout
    def _fonts(self):
        base = QFont(self.font())
        title = QFont(base)
        title.setBold(True)
        small = QFont(base)
        small.setPixelSize(10)  # two thin bars of a category: their values must not overlap
        return base, title, small

    def _layout(self):
        """The plot area and every bar's rectangle for the current size."""
        base, title_font, small = self._fonts()
        fm, tfm, sfm = QFontMetricsF(base), QFontMetricsF(title_font), QFontMetricsF(small)
        w, h = float(self.width()), float(self.height())
        top = 8 + tfm.height() + 8
        legend_h = fm.height() + 10
        bottom = h - legend_h - 6
        n, k = len(self.categories), max(len(self.series), 1)
        self._rects = []
        if self.horizontal:
            longest = max([fm.horizontalAdvance(line) for c in self.categories for line in c.split("<br>")] + [0])
            left = 10 + min(longest, w * 0.42) + 8
            right = w - 14 - sfm.horizontalAdvance(_fmt(self.axis_max))
            plot = QRectF(left, top, max(right - left, 10), max(bottom - fm.height() - 6 - top, 10))
            group = plot.height() / max(n, 1)
            bar = min(group * 0.8 / k, 22)
            for i in range(n):
                y0 = plot.top() + group * i + (group - bar * k) / 2
                for j, (_, values, _) in enumerate(self.series):
                    length = plot.width() * values[i] / self.axis_max
                    self._rects.append((QRectF(plot.left(), y0 + j * bar, length, bar), i, j))
        else:
            left = 10 + fm.horizontalAdvance(_fmt(self.axis_max)) + 6
            plot = QRectF(left, top + sfm.height(), max(w - left - 10, 10),
                          max(bottom - fm.height() - 6 - top - sfm.height(), 10))
            group = plot.width() / max(n, 1)
            bar = min(group * 0.8 / k, 28)
            for i in range(n):
                x0 = plot.left() + group * i + (group - bar * k) / 2
                for j, (_, values, _) in enumerate(self.series):
                    height = plot.height() * values[i] / self.axis_max
                    self._rects.append((QRectF(x0 + j * bar, plot.bottom() - height, bar, height), i, j))
        self._plot = plot
        self._group = group
        self._bottom = bottom
        return base, title_font, small

    # ----------------------------------------------------------- paint
    def paintEvent(self, e):  # noqa: N802
        base, title_font, small = self._layout()
        fm, sfm = QFontMetricsF(base), QFontMetricsF(small)
        plot = self._plot
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(QPen(QColor("#d6dbe3")))
        p.setBrush(QColor("white"))
        p.drawRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), 4, 4)
        # title
        p.setFont(title_font)
        p.setPen(LABEL)
        p.drawText(QRectF(8, 8, self.width() - 16, QFontMetricsF(title_font).height()),
                   int(Qt.AlignmentFlag.AlignCenter), QFontMetricsF(title_font).elidedText(
                       self.title, Qt.TextElideMode.ElideRight, self.width() - 16))
        # grid and value axis
        p.setFont(base)
        for t in range(self.ticks + 1):
            v = self.axis_max * t / self.ticks
            text = _fmt(v)
            if self.horizontal:
                x = plot.left() + plot.width() * t / self.ticks
                p.setPen(QPen(GRID if t else AXIS, 1))
                p.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
                p.setPen(TICK_TEXT)
                tw = fm.horizontalAdvance(text)
                p.drawText(QPointF(x - tw / 2, plot.bottom() + 4 + fm.ascent()), text)
            else:
                y = plot.bottom() - plot.height() * t / self.ticks
                p.setPen(QPen(GRID if t else AXIS, 1))
                p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
                p.setPen(TICK_TEXT)
                tw = fm.horizontalAdvance(text)
                p.drawText(QPointF(plot.left() - 6 - tw, y + fm.ascent() / 2 - 1), text)
        # category labels
        p.setPen(LABEL)
        for i, cat in enumerate(self.categories):
            lines = cat.split("<br>")
            if self.horizontal:
                width = plot.left() - 18
                cy = plot.top() + self._group * (i + 0.5)
                y = cy - len(lines) * fm.height() / 2
                for line in lines:
                    text = fm.elidedText(line, Qt.TextElideMode.ElideRight, width)
                    p.drawText(QRectF(10, y, width, fm.height()),
                               int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), text)
                    y += fm.height()
            else:
                cx = plot.left() + self._group * (i + 0.5)
                text = fm.elidedText(lines[0], Qt.TextElideMode.ElideRight, self._group)
                p.drawText(QRectF(cx - self._group / 2, plot.bottom() + 4, self._group, fm.height()),
                           int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop), text)
        # bars and their values
        p.setFont(small)
        for rect, i, j in self._rects:
            _, values, colour = self.series[j]
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(colour)
            p.drawRect(rect)
            if not values[i]:
                continue  # a zero bar: no value written
            text = _fmt(values[i])
            p.setPen(LABEL)
            tw = sfm.horizontalAdvance(text)
            if self.horizontal:
                p.drawText(QPointF(rect.right() + 3, rect.center().y() + sfm.ascent() / 2 - 1), text)
            else:
                p.drawText(QPointF(rect.center().x() - tw / 2, rect.top() - 2), text)
        # legend
        p.setFont(base)
        items = [(name, colour, fm.horizontalAdvance(name)) for name, _, colour in self.series]
        total = sum(12 + 6 + tw for _, _, tw in items) + 18 * (len(items) - 1)
        x = (self.width() - total) / 2
        y = self._bottom + 6
        for name, colour, tw in items:
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(colour)
            p.drawRect(QRectF(x, y + (fm.height() - 12) / 2, 12, 12))
            p.setPen(LABEL)
            p.drawText(QPointF(x + 18, y + fm.ascent()), name)
            x += 12 + 6 + tw + 18
        p.end()


def monthly_chart(don: list[int], tcd: list[int], year: int) -> BarChart:
    return BarChart(f"Đơn thư và lượt tiếp công dân theo tháng, năm {year}", MONTHS,
                    [("Đơn thư tiếp nhận", don, BLUE), ("Lượt tiếp công dân", tcd, ORANGE)],
                    ticks=5, full_labels=[f"Tháng {m}" for m in range(1, 13)])


def field_chart(rows: list[tuple[str, int, int]], label: str) -> BarChart:
    rows = rows[:7]  # biggest on top
    labels = _unique([wrap_label(r[0], FIELD_LABEL_WIDTH) for r in rows]) or ["—"]
    return BarChart(f"Theo lĩnh vực, {label}", labels,
                    [("Đơn thư", [r[1] for r in rows] or [0], BLUE), ("Lượt tiếp", [r[2] for r in rows] or [0], ORANGE)],
                    horizontal=True, ticks=4, full_labels=[r[0] for r in rows] or [""])


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
