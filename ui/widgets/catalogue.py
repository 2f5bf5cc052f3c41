"""A small catalogue table (villages, leaders, recipients, teams …) with
Thêm / Sửa / Xóa buttons, edited through ``FormDialog``."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from core.records.fields import kind as get_kind
from core.records.validation import ValidationError

from ..models import ID_ROLE, DictTableModel
from . import vi
from .form import edit_record


class CatalogueTable(QWidget):
    changed = Signal()
    selected = Signal(object)  # id or None

    def __init__(self, store, kind_key: str, title: str, columns, query, formatters=None, fields=None,
                 fixed=None, hint: str = "", parent=None):
        """``query()`` -> list of row dicts; ``fixed`` (dict or callable) is
        written with every new record."""
        super().__init__(parent)
        self.store = store
        self.kind_key = kind_key
        self.kind = get_kind(kind_key)
        self.query = query
        self.fields = fields
        self.fixed = fixed
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        t = QLabel(title)
        t.setStyleSheet("font-weight: 600;")
        head.addWidget(t)
        head.addStretch(1)
        self.add_btn = QPushButton("Thêm")
        self.edit_btn = QPushButton("Sửa")
        self.del_btn = QPushButton("Xóa")
        for b in (self.add_btn, self.edit_btn, self.del_btn):
            head.addWidget(b)
        lay.addLayout(head)
        if hint:
            h = QLabel(hint)
            h.setWordWrap(True)
            h.setStyleSheet("color: #555;")
            lay.addWidget(h)
        self.model = DictTableModel(columns, formatters=formatters, parent=self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        # the query's order (Chủ tịch first, recipients by their order) until a header is clicked
        self.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.view.setSortingEnabled(True)
        self.view.verticalHeader().setVisible(False)
        self.view.setWordWrap(False)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.doubleClicked.connect(lambda *_: self.edit())
        lay.addWidget(self.view, 1)
        self.empty_text = "Chưa có dòng nào. Bấm “Thêm” để khai báo."
        self.empty = QLabel(self.empty_text)
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet("color: #555;")
        lay.addWidget(self.empty)
        self.add_btn.clicked.connect(self.add)
        self.edit_btn.clicked.connect(self.edit)
        self.del_btn.clicked.connect(self.delete)
        self.refresh()
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self.selected.emit(self.current_id()))

    def refresh(self):
        keep = self.current_id()
        self.model.set_rows(self.query())
        self.empty.setVisible(self.model.rowCount() == 0)
        self.view.setVisible(self.model.rowCount() > 0)
        if self.model.rowCount():
            self.view.resizeColumnsToContents()
            for c in range(self.model.columnCount()):
                self.view.setColumnWidth(c, min(max(self.view.columnWidth(c) + 16, 90), 360))
        if keep is not None:
            for r, row in enumerate(self.model.rows):
                if row.get("id") == keep:
                    self.view.selectRow(r)

    def current_id(self):
        idx = self.view.currentIndex()
        return self.model.data(idx, ID_ROLE) if idx.isValid() else None

    def _fixed(self):
        return self.fixed() if callable(self.fixed) else (self.fixed or {})

    def add(self):
        fixed = self._fixed()
        if fixed is None:
            return None
        rid = edit_record(self, self.store, self.kind_key, None, fields=self.fields, fixed=fixed)
        if rid:
            self.refresh()
            self.changed.emit()
        return rid

    def edit(self):
        rid = self.current_id()
        if rid is None:
            return None
        saved = edit_record(self, self.store, self.kind_key, rid, fields=self.fields)
        if saved:
            self.refresh()
            self.changed.emit()
        return saved

    def delete(self):
        rid = self.current_id()
        if rid is None:
            return False
        if not vi.ask(self, "Xóa", f"Xóa {self.kind.label} này khỏi danh mục?", yes="Xóa", no="Không xóa"):
            return False
        try:
            self.store.delete(self.kind_key, rid)
        except ValidationError as e:
            vi.error(self, "Không xóa được", e.message(self.kind_key) +
                     "\nCó thể đánh dấu “Ẩn” thay vì xóa khi mục này đã được dùng.")
            return False
        except Exception as e:  # foreign keys of catalogue rows
            import sqlite3
            if isinstance(e, sqlite3.IntegrityError):
                vi.error(self, "Không xóa được", f"{self.kind.title} này đang được hồ sơ khác sử dụng. "
                         "Hãy đánh dấu “Ẩn” thay vì xóa.")
                return False
            raise
        self.refresh()
        self.changed.emit()
        return True
