"""The "Nhật ký thay đổi" page: who changed what and when (old → new),
every reveal of a denouncer's identity; filters and Excel export."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from core.records.fields import KINDS
from core.safety import audit
from core.text import fmt_date, fmt_int
from ui.widgets import vi
from ui.widgets.tables import read_only_table

from .dialogs import _item

PAGE_ROWS = 1000


class AuditPage(QWidget):
    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.setObjectName("audit_page")
        self.store = store
        v = QVBoxLayout(self)
        # two rows, so that nothing is cut on a 1024-px-wide window: the
        # title with the date range, then the filters and the export
        top = QHBoxLayout()
        title = QLabel("Nhật ký thay đổi")
        title.setObjectName("page_title")
        top.addWidget(title)
        top.addStretch(1)
        v.addLayout(top)
        bar = QHBoxLayout()
        self.use_dates = QCheckBox("Từ ngày")
        today = QDate.currentDate()
        self.d_from = QDateEdit(today.addMonths(-1))
        self.d_to = QDateEdit(today)
        for d in (self.d_from, self.d_to):
            d.setCalendarPopup(True)
            d.setDisplayFormat("dd/MM/yyyy")
            d.setEnabled(False)
        self.use_dates.toggled.connect(self.d_from.setEnabled)
        self.use_dates.toggled.connect(self.d_to.setEnabled)
        top.addWidget(self.use_dates)
        top.addWidget(self.d_from)
        top.addWidget(QLabel("đến"))
        top.addWidget(self.d_to)
        self.kind = QComboBox()
        self.kind.addItem("Mọi loại hồ sơ", None)
        for k in KINDS.values():
            self.kind.addItem(k.title, k.key)
        bar.addWidget(self.kind)
        self.action = QComboBox()
        self.action.addItem("Mọi hành động", None)
        for code, label in audit.ACTIONS.items():
            self.action.addItem(label, code)
        bar.addWidget(self.action)
        self.who = QComboBox()
        bar.addWidget(self.who)
        b = QPushButton("Lọc")
        b.clicked.connect(self.refresh)
        bar.addWidget(b)
        bar.addStretch(1)
        self.export_btn = QPushButton("Xuất Excel…")
        self.export_btn.clicked.connect(self.export)
        bar.addWidget(self.export_btn)
        v.addLayout(bar)
        for w in (self.kind, self.action, self.who):
            w.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            w.currentIndexChanged.connect(self.refresh)
        self.table = read_only_table(["Thời gian", "Người thực hiện", "Hành động", "Loại hồ sơ", "Mã", "Nội dung thay đổi"])
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(26)
        h = self.table.horizontalHeader()
        h.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        h.setStretchLastSection(True)
        for i, w in enumerate((125, 150, 150, 140, 55)):
            self.table.setColumnWidth(i, w)
        v.addWidget(self.table, 1)
        self.count = QLabel("")
        self.count.setStyleSheet("color: #444;")
        v.addWidget(self.count)
        self._reload_users()
        self.refresh()

    def _reload_users(self):
        cur = self.who.currentData()
        self.who.blockSignals(True)
        self.who.clear()
        self.who.addItem("Mọi người", None)
        for u in audit.users(self.store):
            self.who.addItem(u, u)
        i = self.who.findData(cur)
        self.who.setCurrentIndex(max(i, 0))
        self.who.blockSignals(False)

    def filters(self) -> dict:
        f = {"kind": self.kind.currentData(), "action": self.action.currentData(), "who": self.who.currentData()}
        if self.use_dates.isChecked():
            f["tu_ngay"] = self.d_from.date().toPython()
            f["den_ngay"] = self.d_to.date().toPython()
        return f

    def refresh(self):
        f = self.filters()
        rows = audit.query(self.store, limit=PAGE_ROWS, **f)
        total = audit.count(self.store, **f)
        self.table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            t = dt.datetime.fromisoformat(r["thoi_gian"])
            self.table.setItem(i, 0, _item(f"{fmt_date(t.date())} {t:%H:%M}"))
            self.table.setItem(i, 1, _item(r["nguoi"]))
            it = _item(audit.ACTIONS.get(r["hanh_dong"], r["hanh_dong"]))
            if r["hanh_dong"] in ("reveal", "export_full"):
                it.setForeground(Qt.GlobalColor.darkRed)
            self.table.setItem(i, 2, it)
            self.table.setItem(i, 3, _item(audit.kind_title(r["loai"])))
            self.table.setItem(i, 4, _item(r["ban_ghi_id"], True))
            desc = audit.describe(self.store, r)
            d = _item(desc)
            d.setToolTip(desc)
            self.table.setItem(i, 5, d)
        shown = f"{fmt_int(len(rows))}/{fmt_int(total)} dòng mới nhất" if total > len(rows) else f"{fmt_int(total)} dòng"
        self.count.setText(f"Hiển thị {shown}.")

    def export(self):
        p, _ = QFileDialog.getSaveFileName(self, "Xuất nhật ký thay đổi", "nhat_ky_thay_doi.xlsx", "Excel (*.xlsx)")
        if not p:
            return
        from core.io.excel import ExcelError
        try:
            from core.io.exports import export_audit_log

            n = export_audit_log(self.store, p, **self.filters())
        except ExcelError as e:
            vi.error(self, "Không xuất được", str(e))
            return
        vi.info(self, "Đã xuất", f"Đã xuất {fmt_int(n)} dòng nhật ký ra {p}.")
