"""The year / period selector of the main window: it applies to every list
and to the home page.  Periods are ``core.report.periods.Period`` (calendar
bounds); "Tất cả các năm" means no period."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from core.records.lookups import data_years
from core.report.periods import Period

PARTS = [("nam", "Cả năm"), ("h1", "6 tháng đầu năm"), ("m9", "9 tháng"), ("h2", "6 tháng cuối năm"),
         ("q1", "Quý I"), ("q2", "Quý II"), ("q3", "Quý III"), ("q4", "Quý IV")] + \
        [(f"t{m}", f"Tháng {m:02d}" if m <= 2 else f"Tháng {m}") for m in range(1, 13)]


def make_period(year: int | None, part: str = "nam") -> Period | None:
    if year is None:
        return None
    if part == "h1":
        return Period.half(year, 1)
    if part == "h2":
        return Period.half(year, 2)
    if part == "m9":
        return Period.months9(year)
    if part.startswith("q"):
        return Period.quarter(year, int(part[1:]))
    if part.startswith("t"):
        return Period.month(year, int(part[1:]))
    return Period.year(year)


def default_year(store) -> int:
    """The current year, or the latest year with records when the current
    year has none yet (a demo folder, a January morning)."""
    this = dt.date.today().year
    years = data_years(store)
    if not years or this in years:
        return this
    return max(y for y in years if y <= this) if any(y <= this for y in years) else this


class PeriodSelector(QWidget):
    periodChanged = Signal(object)  # Period | None

    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.store = store
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lab = QLabel("Kỳ số liệu:")
        self.year = QComboBox()
        self.year.setObjectName("period_year")
        self.part = QComboBox()
        self.part.setObjectName("period_part")
        lab.setBuddy(self.year)
        lay.addWidget(lab)
        lay.addWidget(self.year)
        lay.addWidget(self.part)
        for code, label in PARTS:
            self.part.addItem(label, code)
        self.reload_years()
        self.year.currentIndexChanged.connect(self._changed)
        self.part.currentIndexChanged.connect(self._changed)

    def reload_years(self, keep=True):
        cur = self.year.currentData() if keep and self.year.count() else default_year(self.store)
        this = dt.date.today().year
        years = set(data_years(self.store)) | {this, cur if isinstance(cur, int) else this}
        self.year.blockSignals(True)
        self.year.clear()
        for y in sorted(years, reverse=True):
            self.year.addItem(f"Năm {y}", y)
        self.year.addItem("Tất cả các năm", None)
        i = self.year.findData(cur)
        self.year.setCurrentIndex(i if i >= 0 else 0)
        self.year.blockSignals(False)
        self.part.setEnabled(self.year.currentData() is not None)

    def set_period(self, year: int | None, part: str = "nam"):
        self.blockSignals(True)
        i = self.year.findData(year)
        if i < 0 and year is not None:
            self.year.insertItem(0, f"Năm {year}", year)
            i = 0
        self.year.setCurrentIndex(i if i >= 0 else 0)
        j = self.part.findData(part)
        self.part.setCurrentIndex(j if j >= 0 else 0)
        self.blockSignals(False)
        self._changed()

    def year_value(self) -> int | None:
        return self.year.currentData()

    def part_value(self) -> str:
        return self.part.currentData() or "nam"

    def period(self) -> Period | None:
        return make_period(self.year_value(), self.part_value())

    def _changed(self, *_):
        self.part.setEnabled(self.year.currentData() is not None)
        self.periodChanged.emit(self.period())
