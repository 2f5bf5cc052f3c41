"""Thùng rác dialog (Hồ sơ › Thùng rác…): the records deleted in the last
30 days, with "Khôi phục" and "Xóa hẳn" (core.records.trash)."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
)

from core.records import trash

from . import ops
from .widgets import vi
from .widgets.tables import read_only_table

COLUMNS = ["Ngày xóa", "Loại hồ sơ", "Hồ sơ", "Tự xóa hẳn sau"]


def _fmt_stamp(iso: str) -> str:
    try:
        d, t = iso[:10], iso[11:16]
        return f"{d[8:10]}/{d[5:7]}/{d[:4]} {t}".strip()
    except (TypeError, IndexError):
        return iso or ""


class TrashDialog(QDialog):
    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.store = store
        self.setObjectName("trash_dialog")
        self.setWindowTitle("Thùng rác")
        self.resize(860, 480)
        lay = QVBoxLayout(self)
        hint = QLabel(f"Hồ sơ đã xóa được giữ ở đây {trash.RETENTION_DAYS} ngày rồi tự xóa hẳn. Trong thời gian đó "
                      "hồ sơ không có trong danh sách, tìm kiếm, số liệu và báo cáo; bấm “Khôi phục” để đưa trở lại.")
        hint.setWordWrap(True)
        lay.addWidget(hint)
        self.table = read_only_table(COLUMNS, stretch_last=False, name="trash_table")
        h = self.table.horizontalHeader()
        for c in (0, 1, 3):
            h.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        h.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        lay.addWidget(self.table, 1)
        self.empty = QLabel("Thùng rác trống.")
        self.empty.setObjectName("empty_hint")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet("color: #1f3b5c; font-size: 14px; padding: 24px;")
        lay.addWidget(self.empty)
        row = QHBoxLayout()
        self.restore_btn = QPushButton("Khôi phục")
        self.restore_btn.setObjectName("trash_restore")
        self.purge_btn = QPushButton("Xóa hẳn")
        self.purge_btn.setObjectName("trash_purge")
        close = QPushButton("Đóng")
        for b in (self.restore_btn, self.purge_btn):
            b.setAutoDefault(False)
            row.addWidget(b)
        row.addStretch(1)
        row.addWidget(close)
        lay.addLayout(row)
        self.restore_btn.clicked.connect(self.restore_current)
        self.purge_btn.clicked.connect(self.purge_current)
        close.clicked.connect(self.accept)
        self.table.itemSelectionChanged.connect(self._sel)
        self.reload()

    def reload(self):
        self.items = trash.items(self.store)
        self.table.setRowCount(len(self.items))
        for i, it in enumerate(self.items):
            vals = [_fmt_stamp(it["ngay_xoa"]), it["loai_label"], it["mo_ta"],
                    it["het_han"].strftime("%d/%m/%Y") if it["het_han"] else ""]
            for j, v in enumerate(vals):
                cell = QTableWidgetItem(v)
                cell.setToolTip(v)
                if j == 0:
                    cell.setData(Qt.ItemDataRole.UserRole, it["id"])
                self.table.setItem(i, j, cell)
        self.table.setVisible(bool(self.items))
        self.empty.setVisible(not self.items)
        if self.items:
            self.table.selectRow(0)
        self._sel()

    def current(self) -> dict | None:
        r = self.table.currentRow()
        return self.items[r] if self.items and 0 <= r < len(self.items) else None

    def _sel(self):
        ok = self.current() is not None
        self.restore_btn.setEnabled(ok)
        self.purge_btn.setEnabled(ok)

    def restore_current(self) -> bool:
        it = self.current()
        if it is None:
            return False
        try:
            kind, rid = trash.restore(self.store, it["id"])
        except trash.TrashError as e:
            vi.error(self, "Không khôi phục được", str(e))
            return False
        ops.notify(kind, rid)
        self.reload()
        return True

    def purge_current(self) -> bool:
        it = self.current()
        if it is None:
            return False
        if not vi.ask(self, "Xóa hẳn", f"Xóa hẳn {it['loai_label'].lower()} này?",
                      f"{it['mo_ta']}\n\nSau khi xóa hẳn, hồ sơ không khôi phục được nữa "
                      "(trừ khi khôi phục cả bản sao lưu).", yes="Xóa hẳn", no="Không xóa"):
            return False
        trash.purge(self.store, it["id"])
        self.reload()
        return True
