"""The report period chooser: preset (tháng, quý, 6 tháng, 9 tháng, năm,
nhiều năm, từ ngày … đến ngày …), the bound convention (dương lịch / kỳ số
liệu thanh tra), with the exact bounds shown as the clerk chooses."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QButtonGroup, QComboBox, QGridLayout, QHBoxLayout, QLabel, QRadioButton, QSpinBox, QWidget

from core.report.periods import LICH, THANH_TRA, Period
from core.text import parse_date, roman

from ..editors.widgets import DateField

PRESETS = [
    ("month", "Tháng"),
    ("quarter", "Quý"),
    ("half1", "6 tháng đầu năm"),
    ("half2", "6 tháng cuối năm"),
    ("months9", "9 tháng"),
    ("year", "Năm"),
    ("years", "Nhiều năm (sơ kết, tổng kết giai đoạn)"),
    ("custom", "Từ ngày … đến ngày …"),
]


def _spin(lo=2000, hi=2100) -> QSpinBox:
    s = QSpinBox()
    s.setRange(lo, hi)
    s.setGroupSeparatorShown(False)
    return s


class PeriodForm(QWidget):
    """``period()`` → ``Period`` (raises ``ValueError`` with a Vietnamese
    message); ``set_period(p)``; ``changed`` on every edit."""

    changed = Signal()

    def __init__(self, parent=None, year: int | None = None):
        super().__init__(parent)
        year = year or dt.date.today().year
        g = QGridLayout(self)
        g.setContentsMargins(0, 0, 0, 0)
        self.preset = QComboBox()
        self.preset.setObjectName("period_preset")
        for code, label in PRESETS:
            self.preset.addItem(label, code)
        self.year = _spin()
        self.year.setObjectName("period_year")
        self.year.setValue(year)
        self.month = QComboBox()
        for m in range(1, 13):
            self.month.addItem(f"Tháng {m:02d}" if m <= 2 else f"Tháng {m}", m)
        self.quarter = QComboBox()
        for q in range(1, 5):
            self.quarter.addItem(f"Quý {roman(q)}", q)
        self.year_from_label = QLabel("Từ năm")
        self.year_to_label = QLabel("đến năm")
        self.year_to = _spin()
        self.year_to.setObjectName("period_year_to")
        self.year_to.setValue(year)
        self.d_from = DateField()
        self.d_from.setObjectName("period_from")
        self.d_to = DateField()
        self.d_to.setObjectName("period_to")
        self.from_label = QLabel("Từ ngày")
        self.to_label = QLabel("đến ngày")

        row0 = QHBoxLayout()
        row0.addWidget(self.preset, 1)
        row0.addWidget(self.month)
        row0.addWidget(self.quarter)
        row0.addWidget(self.year_from_label)
        row0.addWidget(self.year)
        row0.addWidget(self.year_to_label)
        row0.addWidget(self.year_to)
        row0.addWidget(self.from_label)
        row0.addWidget(self.d_from)
        row0.addWidget(self.to_label)
        row0.addWidget(self.d_to)
        g.addWidget(QLabel("Kỳ báo cáo:"), 0, 0)
        g.addLayout(row0, 0, 1)

        self.cut_lich = QRadioButton("Theo năm dương lịch")
        self.cut_lich.setObjectName("cutoff_lich")
        self.cut_tt = QRadioButton("Theo kỳ số liệu thanh tra (từ 15/12 năm trước)")
        self.cut_tt.setObjectName("cutoff_thanh_tra")
        self.cut_group = QButtonGroup(self)
        self.cut_group.addButton(self.cut_lich)
        self.cut_group.addButton(self.cut_tt)
        self.cut_lich.setChecked(True)
        row1 = QHBoxLayout()
        row1.addWidget(self.cut_lich)
        row1.addWidget(self.cut_tt)
        row1.addStretch(1)
        g.addWidget(QLabel("Cách tính kỳ:"), 1, 0)
        g.addLayout(row1, 1, 1)

        self.bounds = QLabel("")
        self.bounds.setObjectName("period_bounds")
        self.bounds.setWordWrap(True)
        g.addWidget(self.bounds, 2, 1)
        g.setColumnStretch(1, 1)

        self.preset.setCurrentIndex(self.preset.findData("year"))
        for w in (self.preset, self.month, self.quarter):
            w.currentIndexChanged.connect(self._update)
        for w in (self.year, self.year_to):
            w.valueChanged.connect(self._update)
        for w in (self.d_from, self.d_to):
            w.textChanged.connect(self._update)
        self.cut_lich.toggled.connect(self._update)
        self._update()

    # ------------------------------------------------------------ values
    def preset_code(self) -> str:
        return self.preset.currentData()

    def cutoff(self) -> str:
        return THANH_TRA if self.cut_tt.isChecked() else LICH

    def period(self) -> Period:
        k, y, c = self.preset_code(), self.year.value(), self.cutoff()
        if k == "month":
            return Period.month(y, self.month.currentData())
        if k == "quarter":
            return Period.quarter(y, self.quarter.currentData(), c)
        if k == "half1":
            return Period.half(y, 1, c)
        if k == "half2":
            return Period.half(y, 2, c)
        if k == "months9":
            return Period.months9(y, c)
        if k == "year":
            return Period.year_(y, c)
        if k == "years":
            if self.year_to.value() <= y:
                raise ValueError("Giai đoạn nhiều năm: “đến năm” phải sau “từ năm”.")
            return Period.years(y, self.year_to.value(), c)
        if not self.d_from.text().strip() or not self.d_to.text().strip():
            raise ValueError("Hãy nhập “từ ngày” và “đến ngày” (dd/mm/yyyy).")
        return Period.custom(parse_date(self.d_from.text()), parse_date(self.d_to.text()))

    def set_period(self, p: Period):
        widgets = (self.preset, self.month, self.quarter, self.year, self.year_to, self.d_from, self.d_to,
                   self.cut_lich, self.cut_tt)
        for w in widgets:
            w.blockSignals(True)
        try:
            k = p.kind
            code = {"half": "half1" if p.num == 1 else "half2"}.get(k, k)
            self.preset.setCurrentIndex(max(0, self.preset.findData(code)))
            if p.year is not None:
                self.year.setValue(p.year)
            if k == "month":
                self.month.setCurrentIndex(p.num - 1)
            if k == "quarter":
                self.quarter.setCurrentIndex(p.num - 1)
            if k == "years":
                self.year_to.setValue(p.year_to)
            if k == "custom":
                self.d_from.set_value(p.start)
                self.d_to.set_value(p.end)
            (self.cut_tt if p.cutoff == THANH_TRA else self.cut_lich).setChecked(True)
        finally:
            for w in widgets:
                w.blockSignals(False)
        self._update()

    # ------------------------------------------------------------- state
    def _update(self, *_):
        k = self.preset_code()
        self.month.setVisible(k == "month")
        self.quarter.setVisible(k == "quarter")
        yearly = k != "custom"
        self.year.setVisible(yearly)
        self.year_from_label.setVisible(k == "years")
        self.year_to_label.setVisible(k == "years")
        self.year_to.setVisible(k == "years")
        for w in (self.from_label, self.d_from, self.to_label, self.d_to):
            w.setVisible(k == "custom")
        if k == "years" and self.year_to.value() <= self.year.value():
            # the usual review: the five years ending with the chosen year (2021 – 2025)
            for w in (self.year, self.year_to):
                w.blockSignals(True)
            end = self.year.value()
            self.year_to.setValue(end)
            self.year.setValue(end - 4)
            for w in (self.year, self.year_to):
                w.blockSignals(False)
        # the Inspectorate cut-off has no meaning for a month or a free range
        cut_ok = k not in ("month", "custom")
        self.cut_lich.setEnabled(cut_ok)
        self.cut_tt.setEnabled(cut_ok)
        try:
            p = self.period()
        except ValueError as e:
            self.bounds.setText(str(e))
            self.bounds.setStyleSheet("color: #b3261e;")
        else:
            self.bounds.setText(f"{p.label[0].upper()}{p.label[1:]}: {p.range_text}.")
            self.bounds.setStyleSheet("color: #3b4a5c;")
        self.changed.emit()
