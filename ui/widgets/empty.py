"""The empty state every page shows the same way: a title, a hint and one
button, centred (as the list pages do)."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget


class EmptyState(QWidget):
    def __init__(self, title: str, hint: str, action: str | None = None, parent=None):
        super().__init__(parent)
        self.setObjectName("empty_state")
        ev = QVBoxLayout(self)
        ev.addStretch(1)
        self.title = QLabel(title)
        self.title.setObjectName("empty_title")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title.setStyleSheet("font-size: 15px; font-weight: 600;")
        self.hint = QLabel(hint)
        self.hint.setObjectName("empty_hint")
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setWordWrap(True)
        ev.addWidget(self.title)
        ev.addWidget(self.hint)
        row = QHBoxLayout()
        row.addStretch(1)
        self.button = QPushButton(action or "")
        self.button.setObjectName("empty_action")
        self.button.setVisible(bool(action))
        row.addWidget(self.button)
        row.addStretch(1)
        ev.addLayout(row)
        ev.addStretch(2)

    def text(self) -> str:
        return f"{self.title.text()}\n{self.hint.text()}"
