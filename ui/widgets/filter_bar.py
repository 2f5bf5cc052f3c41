"""The filter bar of a list page: the kind's filters (type, field, status …),
the unit (when the commune has predecessor units) and a search box
(diacritics ignored, đ→d, through ``Store.search_sql``)."""
from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from core.records import listing

from .collate import vi_sorted


class FilterBar(QWidget):
    changed = Signal()

    def __init__(self, store, kind_key: str, parent=None):
        super().__init__(parent)
        self.store = store
        self.kind = kind_key
        # one row on a wide page; on a narrow one (1024×768 screens) the
        # search box gets a row of its own above the filters (``_arrange``)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self._top = QHBoxLayout()
        lay = self._row = QHBoxLayout()
        outer.addLayout(self._top)
        outer.addLayout(lay)
        self.two_rows = False
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setPlaceholderText("Tìm theo tên, địa chỉ, nội dung… (gõ không dấu cũng được)")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(200)
        lay.addWidget(self.search, 1)
        self.combos: dict[str, QComboBox] = {}
        for spec in listing.filter_specs(kind_key):
            cb = QComboBox()
            cb.setObjectName(f"filter_{spec.name}")
            cb.setToolTip(spec.label)
            cb.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            cb.addItem(f"{spec.label}: tất cả", None)
            cb.setMinimumWidth(cb.fontMetrics().horizontalAdvance(cb.itemText(0)) + 42)
            for code, label in listing.filter_items(store, spec):
                cb.addItem(label, code)
            cb.currentIndexChanged.connect(self.changed)
            self.combos[spec.name] = cb
            lay.addWidget(cb)
        self.unit = QComboBox()
        self.unit.setObjectName("filter_unit")
        self.unit.setToolTip("Đơn vị")
        self.unit.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.unit.currentIndexChanged.connect(self.changed)
        lay.addWidget(self.unit)
        self.reload_units()
        self.clear_btn = QPushButton("Bỏ lọc")
        self.clear_btn.setObjectName("clear_filters")
        self.clear_btn.setToolTip("Xóa mọi điều kiện lọc và tìm kiếm")
        self.clear_btn.clicked.connect(self.clear)
        lay.addWidget(self.clear_btn)
        self._tail = lay.addStretch(0)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self.changed)
        self.search.textChanged.connect(lambda _: self._timer.start())
        self.search.returnPressed.connect(self.flush)

    SEARCH_MIN = 260  # px the search box needs to be usable

    def _one_row_width(self) -> int:
        sp = self._row.spacing()
        widgets = [w for w in (*self.combos.values(), self.unit, self.clear_btn) if not w.isHidden()]
        return self.SEARCH_MIN + sum(max(w.sizeHint().width(), w.minimumWidth()) + sp for w in widgets)

    def _arrange(self):
        two = self.width() < self._one_row_width()
        if two == self.two_rows:
            return
        self.two_rows = two
        if two:
            self._row.removeWidget(self.search)
            self._top.addWidget(self.search, 1)
            self._row.setStretch(self._row.count() - 1, 1)  # filters keep to the left
        else:
            self._top.removeWidget(self.search)
            self._row.insertWidget(0, self.search, 1)
            self._row.setStretch(self._row.count() - 1, 0)

    def resizeEvent(self, e):  # noqa: N802
        super().resizeEvent(e)
        self._arrange()

    def reload_units(self):
        units = self.store.units()
        self.unit.blockSignals(True)
        cur = self.unit.currentData()
        self.unit.clear()
        self.unit.addItem("Đơn vị: tất cả", None)
        if len(units) > 1:
            current = [u for u in units if u["is_current"]]
            others = vi_sorted([u for u in units if not u["is_current"]], key=lambda u: u["ten"])
            for u in current + others:
                self.unit.addItem(self.store.unit_title(u)[:1].upper() + self.store.unit_title(u)[1:], u["id"])
        i = self.unit.findData(cur)
        self.unit.setCurrentIndex(max(i, 0))
        self.unit.setVisible(len(units) > 1)
        self.unit.blockSignals(False)

    def flush(self):
        """Apply a pending search now (Enter in the search box)."""
        if self._timer.isActive():
            self._timer.stop()
            self.changed.emit()

    def values(self) -> dict[str, str]:
        return {name: cb.currentData() for name, cb in self.combos.items() if cb.currentData()}

    def unit_id(self):
        return self.unit.currentData()

    def text(self) -> str:
        return self.search.text().strip()

    def is_active(self) -> bool:
        return bool(self.values() or self.unit_id() or self.text())

    def clear(self):
        self.blockSignals(True)
        for cb in self.combos.values():
            cb.setCurrentIndex(0)
        self.unit.setCurrentIndex(0)
        self.search.clear()
        self._timer.stop()
        self.blockSignals(False)
        self.changed.emit()

    def keyPressEvent(self, e):  # noqa: N802
        if e.key() == Qt.Key.Key_Escape and self.is_active():
            self.clear()
            return
        super().keyPressEvent(e)
