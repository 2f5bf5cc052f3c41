"""After an export: "Mở tệp" / "Mở thư mục" buttons (issue 15 item 18)."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget


def open_url(path: Path) -> bool:
    """The file or folder opened by the system's program for it."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


class OpenFileButtons(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.path: Path | None = None
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.file_btn = QPushButton("Mở tệp")
        self.file_btn.setObjectName("open_export_file")
        self.folder_btn = QPushButton("Mở thư mục")
        self.folder_btn.setObjectName("open_export_folder")
        for b in (self.file_btn, self.folder_btn):
            b.setAutoDefault(False)
            lay.addWidget(b)
        self.file_btn.clicked.connect(self.open_file)
        self.folder_btn.clicked.connect(self.open_folder)
        self.hide()

    def set_path(self, path: Path | None):
        self.path = Path(path) if path else None
        self.setVisible(self.path is not None)
        if self.path is not None:
            self.file_btn.setToolTip(str(self.path))
            self.folder_btn.setToolTip(str(self.path.parent))

    def open_file(self) -> bool:
        return bool(self.path) and open_url(self.path)

    def open_folder(self) -> bool:
        return bool(self.path) and open_url(self.path.parent)
