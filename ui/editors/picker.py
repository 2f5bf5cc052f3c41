"""A small searchable dialog to pick a linked record (a visit, a petition,
a case).  The search ignores diacritics (folded FTS); ``15/2025`` finds
petition số đến 15 of 2025.  A tố cáo's denouncer shows as "(bảo mật)"."""
from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
)

from core.records.completion import picker_rows
from core.records.fields import kind as get_kind
from core.records.validation import ValidationError

TITLES = {
    "don_thu": "Chọn đơn thư",
    "tiep_cong_dan": "Chọn lượt tiếp công dân",
    "vu_viec": "Chọn vụ việc",
    "hoa_giai": "Chọn vụ việc hòa giải",
}


class PickerDialog(QDialog):
    def __init__(self, store, kind_key: str, exclude_id=None, allow_new: bool = False, parent=None):
        super().__init__(parent)
        self.store = store
        self.kind_key = kind_key
        self.exclude_id = exclude_id
        self.selected_id = None
        self.setWindowTitle(TITLES.get(kind_key, "Chọn " + get_kind(kind_key).label))
        self.resize(980 if kind_key == "vu_viec" else 860, 480)
        lay = QVBoxLayout(self)
        hint = "Gõ để tìm (không cần dấu)"
        if kind_key == "don_thu":
            hint += "; gõ số đến, ví dụ 15/2025"
        lay.addWidget(QLabel(hint + ":"))
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Tìm…")
        self.search.setClearButtonEnabled(True)
        lay.addWidget(self.search)
        self.list = QListWidget(self)
        self.list.setUniformItemSizes(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.ElideRight)
        lay.addWidget(self.list, 1)
        self.count_label = QLabel(self)
        lay.addWidget(self.count_label)
        buttons = QDialogButtonBox(self)
        self.ok_button = buttons.addButton("Chọn", QDialogButtonBox.AcceptRole)
        self.new_button = None
        if allow_new:
            self.new_button = buttons.addButton("Tạo vụ việc mới từ nội dung tìm", QDialogButtonBox.ActionRole)
            self.new_button.clicked.connect(self.create_new)
        cancel = buttons.addButton("Hủy", QDialogButtonBox.RejectRole)
        cancel.setAutoDefault(False)
        lay.addWidget(buttons)
        buttons.accepted.connect(self.accept_current)
        buttons.rejected.connect(self.reject)
        self.list.itemActivated.connect(lambda _it: self.accept_current())
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.search.returnPressed.connect(self._enter)
        self.refresh()

    def refresh(self):
        self._timer.stop()
        rows = picker_rows(self.store, self.kind_key, self.search.text(), exclude_id=self.exclude_id)
        self.list.clear()
        for r in rows:
            it = QListWidgetItem(r["label"])
            it.setData(Qt.UserRole, r["id"])
            it.setToolTip(r["label"])
            self.list.addItem(it)
        if rows:
            self.list.setCurrentRow(0)
            self.count_label.setText(f"{len(rows)} kết quả" + (" (hiển thị 100 kết quả mới nhất)" if len(rows) >= 100 else ""))
        else:
            self.count_label.setText("Không tìm thấy." if self.search.text().strip() else "Chưa có hồ sơ nào.")
        self.ok_button.setEnabled(bool(rows))

    def _enter(self):
        if self._timer.isActive():
            self.refresh()
        self.accept_current()

    def keyPressEvent(self, e):
        if e.key() in (Qt.Key_Down, Qt.Key_Up) and self.search.hasFocus():
            self.list.setFocus()
            self.list.keyPressEvent(e)
            return
        super().keyPressEvent(e)

    def accept_current(self):
        it = self.list.currentItem()
        if it is None:
            return
        self.selected_id = it.data(Qt.UserRole)
        self.accept()

    def create_new(self):
        title = self.search.text().strip()
        if not title:
            self.count_label.setText("Hãy gõ tên vụ việc mới vào ô tìm rồi bấm lại.")
            self.search.setFocus()
            return
        try:
            self.selected_id = self.store.create("vu_viec", {"tieu_de": title})
        except ValidationError as e:
            self.count_label.setText(e.message("vu_viec"))
            return
        self.accept()
