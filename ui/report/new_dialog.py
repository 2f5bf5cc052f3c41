"""“Báo cáo mới”: outline, period, comparison, unit scope."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout

from core.report import outlines as O
from core.report import saved as R

from ..widgets import vi
from .period_form import PeriodForm


def scope_choices(store) -> list[tuple[str, int, bool]]:
    """(label, unit_id, include_predecessors) for the unit-scope combo."""
    cur = store.current_unit()
    if not cur:
        return []
    title = store.unit_title(cur)
    ids = store.unit_scope(cur["id"], True)
    olds = [store.get("unit", i) for i in ids if i != cur["id"]]
    olds = [u for u in olds if u]
    out = []
    if olds:
        names = ", ".join(store.unit_title(u) for u in olds)
        out.append((f"{title[0].upper()}{title[1:]} và các đơn vị cũ trước sáp nhập ({names})", cur["id"], True))
        out.append((f"Chỉ {title} (không gồm số liệu của đơn vị cũ)", cur["id"], False))
        for u in olds:
            out.append((f"Riêng đơn vị cũ: {store.unit_title(u)}", u["id"], False))
    else:
        out.append((f"{title[0].upper()}{title[1:]}", cur["id"], True))
    return out


def compare_text(p) -> str:
    """"So sánh với cùng kỳ năm 2024" / "… với giai đoạn 2016 – 2020"."""
    try:
        prev = p.previous_year()
    except ValueError:
        return "So sánh với cùng kỳ năm trước"
    return f"So sánh với {prev.compare_label}"


def outline_label(o: dict) -> str:
    return o["ten"] if o.get("builtin") else f"{o['ten']} (đề cương riêng)"


class NewReportDialog(QDialog):
    """``report()`` after ``exec()`` accepted → an unsaved ``core.report.saved.Report``."""

    def __init__(self, store, parent=None, year: int | None = None):
        super().__init__(parent)
        self.store = store
        self.setWindowTitle("Báo cáo mới")
        self.setMinimumWidth(820)
        lay = QVBoxLayout(self)
        form = QFormLayout()
        self.outline = QComboBox()
        self.outline.setObjectName("new_outline")
        for o in R.list_outlines(store):
            self.outline.addItem(outline_label(o), o["key"])
        self._outline_touched = False
        self.outline.activated.connect(lambda *_: setattr(self, "_outline_touched", True))
        form.addRow("Đề cương:", self.outline)
        lay.addLayout(form)
        self.period_form = PeriodForm(self, year=year)
        lay.addWidget(self.period_form)
        form2 = QFormLayout()
        self.compare = QCheckBox("So sánh với cùng kỳ năm trước")
        self.compare.setObjectName("new_compare")
        self.compare.setChecked(True)
        form2.addRow("", self.compare)
        self.scope = QComboBox()
        self.scope.setObjectName("new_scope")
        for label, uid, inc in scope_choices(store):
            self.scope.addItem(label, (uid, inc))
        form2.addRow("Phạm vi số liệu:", self.scope)
        lay.addLayout(form2)
        self.error = QLabel("")
        self.error.setObjectName("new_error")
        self.error.setStyleSheet("color: #b3261e;")
        self.error.setWordWrap(True)
        lay.addWidget(self.error)
        hint = QLabel("Phần tự động lấy số liệu từ sổ theo dõi; phần nhập tay được điền sẵn từ báo cáo kỳ trước "
                      "cùng đề cương (nếu có).")
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #5a6472;")
        lay.addWidget(hint)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        vi.vi_buttons(box)
        box.button(QDialogButtonBox.StandardButton.Ok).setText("Lập báo cáo")
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        self.buttons = box
        lay.addWidget(box)
        self.period_form.changed.connect(self._period_changed)
        self._align_labels(form, form2)
        self._period_changed()

    def _align_labels(self, *forms):
        """Every field starts at one left edge: the labels of the two forms
        and of the period form get one width and one spacing (issue 15 item 18)."""
        grid = self.period_form.layout()
        labels = [f.itemAt(r, QFormLayout.ItemRole.LabelRole).widget() for f in forms for r in range(f.rowCount())
                  if f.itemAt(r, QFormLayout.ItemRole.LabelRole) is not None]
        labels += [grid.itemAtPosition(r, 0).widget() for r in range(grid.rowCount())
                   if grid.itemAtPosition(r, 0) is not None and grid.itemAtPosition(r, 0).widget() is not None]
        width = max(lab.sizeHint().width() for lab in labels)
        for lab in labels:
            lab.setFixedWidth(width)
        space = grid.horizontalSpacing()
        for f in forms:
            f.setHorizontalSpacing(space)
            f.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)

    def _period_changed(self):
        try:
            p = self.period_form.period()
        except ValueError:
            return
        self.compare.setText(compare_text(p))
        if not self._outline_touched:
            i = self.outline.findData(O.default_outline_key(p))
            if i >= 0:
                self.outline.setCurrentIndex(i)

    def accept(self):
        try:
            self.period_form.period()
        except ValueError as e:
            self.error.setText(str(e))
            return
        if self.scope.currentData() is None:
            self.error.setText("Chưa khai báo đơn vị (xã) hiện tại: vào “Danh mục & cài đặt” để khai báo trước.")
            return
        super().accept()

    def report(self, today=None):
        uid, inc = self.scope.currentData()
        return R.new_report(self.store, self.outline.currentData(), self.period_form.period(),
                            compare=self.compare.isChecked(), unit_id=uid, include_predecessors=inc, today=today)
