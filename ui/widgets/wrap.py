"""Items of a tree column that wrap onto more lines instead of being cut.

``QTreeView.setWordWrap(True)`` paints wrapped text but the standard
delegate asks for one line's height; this delegate measures the text at the
column's current width (minus the item's indentation), so a long heading
such as "III. Kết quả thực hiện nhiệm vụ …" shows whole at 1024×768.
"""
from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QStyledItemDelegate, QTreeView


class WrapDelegate(QStyledItemDelegate):
    def __init__(self, tree: QTreeView, column: int = 0):
        super().__init__(tree)
        self.tree = tree
        self.column = column
        tree.setWordWrap(True)
        tree.setUniformRowHeights(False)
        tree.header().sectionResized.connect(self._resized)

    def _resized(self, logical: int, _old: int, _new: int):
        if logical == self.column:
            self.tree.scheduleDelayedItemsLayout()

    def text_width(self, index) -> int:
        depth = 0
        p = index.parent()
        while p.isValid():
            depth += 1
            p = p.parent()
        indent = self.tree.indentation() * (depth + (1 if self.tree.rootIsDecorated() else 0))
        return max(40, self.tree.columnWidth(self.column) - indent - 10)

    def sizeHint(self, option, index):  # noqa: N802
        base = super().sizeHint(option, index)
        if index.column() != self.column:
            return base
        font = index.data(Qt.ItemDataRole.FontRole)
        fm = QFontMetrics(font if isinstance(font, QFont) else option.font)
        w = self.text_width(index)
        r = fm.boundingRect(QRect(0, 0, w, 100000), int(Qt.TextFlag.TextWordWrap), str(index.data() or ""))
        return QSize(base.width(), max(base.height(), r.height() + 6))
