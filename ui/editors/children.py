"""Sub-row editors: opinions by field (đối thoại), the per-year status grid
(mô hình), the mediators of the chosen team and the council of a land
dispute (hòa giải)."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.records import lookups
from core.text import fmt_int

from .widgets import EnumField


def _fit_rows(table: QTableWidget, rows: int):
    h = table.horizontalHeader().height() + table.verticalHeader().defaultSectionSize() * rows + 4
    table.setFixedHeight(h)


class OpinionGrid(QWidget):
    """One row per lĩnh vực with the number of opinions (empty = none)."""

    changed = Signal()

    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.store = store
        v = QVBoxLayout(self)
        v.setContentsMargins(0, 0, 0, 0)
        self.table = QTableWidget(0, 2, self)
        self.table.setHorizontalHeaderLabels(["Lĩnh vực", "Số ý kiến"])
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeToContents)
        self.table.setEditTriggers(QAbstractItemView.AllEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        v.addWidget(self.table)
        self.total_label = QLabel(self)
        v.addWidget(self.total_label)
        self._codes: list[str] = []
        self.table.itemChanged.connect(self._item_changed)
        self._fill([])

    def focus_widget(self):
        return self.table

    def _fill(self, rows: list[dict]):
        counts = {r.get("linh_vuc"): r.get("so_luong") for r in rows}
        items = [it for it in self.store.enum_items("linh_vuc", include_hidden=True)
                 if not it["an"] or it["code"] in counts]
        self.table.blockSignals(True)
        self.table.setRowCount(len(items))
        self._codes = []
        for i, it in enumerate(items):
            name = QTableWidgetItem(it["label"])
            name.setFlags(Qt.ItemIsEnabled | Qt.ItemIsSelectable)
            self.table.setItem(i, 0, name)
            n = counts.get(it["code"])
            cell = QTableWidgetItem("" if n in (None, "") else str(n))
            cell.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
            self.table.setItem(i, 1, cell)
            self._codes.append(it["code"])
        self.table.blockSignals(False)
        _fit_rows(self.table, len(items))
        self._update_total()

    def _item_changed(self, _item):
        self._update_total()
        self.changed.emit()

    def _update_total(self):
        total = 0
        for r in self.value():
            try:
                total += int(str(r["so_luong"]).replace(".", ""))
            except ValueError:
                pass
        self.total_label.setText(f"Tổng số ý kiến: {fmt_int(total)}")

    def value(self) -> list[dict]:
        out = []
        for i, code in enumerate(self._codes):
            text = (self.table.item(i, 1).text() if self.table.item(i, 1) else "").strip()
            if text and text != "0":
                out.append({"linh_vuc": code, "so_luong": text})
        return out

    def set_value(self, rows):
        self._fill(list(rows or []))

    def set_count(self, code: str, n):
        i = self._codes.index(code)
        self.table.item(i, 1).setText("" if n is None else str(n))


class _RowGrid(QWidget):
    """An editable table of sub-rows with "Thêm …" / "Xóa dòng" under it;
    a subclass says its columns (``_setup``), how a row is shown
    (``_fill_row``), read (``value``) and what a new row holds (``new_row``)."""

    changed = Signal()
    columns: tuple[str, ...] = ()
    add_label = "Thêm dòng"
    min_height = 130

    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.store = store
        v = QVBoxLayout(self)
        v.setContentsMargins(0, 0, 0, 0)
        self.table = QTableWidget(0, len(self.columns), self)
        self.table.setHorizontalHeaderLabels(list(self.columns))
        self.table.verticalHeader().hide()
        self._setup(self.table.horizontalHeader())
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.AllEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setMinimumHeight(self.min_height)
        v.addWidget(self.table)
        h = QHBoxLayout()
        self.add_button = QPushButton(self.add_label, self)
        self.remove_button = QPushButton("Xóa dòng", self)
        for b in (self.add_button, self.remove_button):
            b.setAutoDefault(False)
            h.addWidget(b)
        h.addStretch(1)
        v.addLayout(h)
        self.add_button.clicked.connect(lambda: self.add_row())
        self.remove_button.clicked.connect(self.remove_row)
        self.table.itemChanged.connect(lambda _i: self.changed.emit())

    def _setup(self, header: QHeaderView):
        raise NotImplementedError

    def _fill_row(self, i: int, r: dict):
        raise NotImplementedError

    def new_row(self) -> dict:
        return {}

    def _combo(self, i: int, col: int, enum: str, value):
        combo = EnumField(self.store, enum, True)
        combo.set_value(value, emit=False)
        combo.changed.connect(self.changed)
        self.table.setCellWidget(i, col, combo)

    def focus_widget(self):
        return self.table

    def _append(self, r: dict) -> int:
        self.table.blockSignals(True)
        i = self.table.rowCount()
        self.table.insertRow(i)
        self._fill_row(i, r)
        self.table.blockSignals(False)
        return i

    def add_row(self, r: dict | None = None) -> int:
        i = self._append(r if isinstance(r, dict) else self.new_row())
        self.table.setCurrentCell(i, 0)
        self.changed.emit()
        return i

    def remove_row(self):
        i = self.table.currentRow()
        if i < 0:
            return
        self.table.removeRow(i)
        self.changed.emit()

    def set_value(self, rows):
        self.table.setRowCount(0)
        for r in rows or []:
            self._append(r)


class YearGrid(_RowGrid):
    """Mô hình: one row per year — năm, trạng thái, công nhận, tiêu biểu."""

    columns = ("Năm", "Trạng thái", "Được công nhận (cơ quan, năm)", "Tiêu biểu")
    add_label = "Thêm năm"
    min_height = 150

    def _setup(self, hh: QHeaderView):
        hh.setSectionResizeMode(0, QHeaderView.Fixed)
        hh.setSectionResizeMode(1, QHeaderView.Fixed)
        hh.setSectionResizeMode(2, QHeaderView.Stretch)
        hh.setSectionResizeMode(3, QHeaderView.ResizeToContents)
        fm = self.fontMetrics()
        self.table.setColumnWidth(0, fm.horizontalAdvance("00000") + 24)
        self.table.setColumnWidth(1, fm.horizontalAdvance("Đăng ký mới") + 60)

    def _fill_row(self, i: int, r: dict):
        year = QTableWidgetItem("" if r.get("nam") is None else str(r["nam"]))
        year.setTextAlignment(Qt.AlignCenter)
        self.table.setItem(i, 0, year)
        self._combo(i, 1, "trang_thai_mo_hinh", r.get("trang_thai"))
        self.table.setItem(i, 2, QTableWidgetItem(r.get("cong_nhan") or ""))
        tb = QTableWidgetItem("")
        tb.setFlags(Qt.ItemIsEnabled | Qt.ItemIsUserCheckable | Qt.ItemIsSelectable)
        tb.setCheckState(Qt.Checked if r.get("tieu_bieu") else Qt.Unchecked)
        self.table.setItem(i, 3, tb)

    def new_row(self) -> dict:
        """The year after the last one, "duy trì"; the first year "đăng ký mới"."""
        years = [x["nam"] for x in self.value() if str(x["nam"]).isdigit()]
        nxt = max(int(y) for y in years) + 1 if years else dt.date.today().year
        return {"nam": nxt, "trang_thai": "duy_tri" if years else "dang_ky_moi"}

    def value(self) -> list[dict]:
        out = []
        for i in range(self.table.rowCount()):
            out.append({
                "nam": self.table.item(i, 0).text().strip(),
                "trang_thai": self.table.cellWidget(i, 1).value(),
                "cong_nhan": self.table.item(i, 2).text().strip(),
                "tieu_bieu": 1 if self.table.item(i, 3).checkState() == Qt.Checked else 0,
            })
        return out


class CouncilGrid(_RowGrid):
    """Hòa giải tranh chấp đất đai: the Hội đồng hòa giải, one row per member
    — họ tên, chức vụ / cơ quan, vai trò (chủ tịch hội đồng, thành viên, thư ký)."""

    columns = ("Họ tên", "Chức vụ, cơ quan", "Vai trò")
    add_label = "Thêm thành viên"

    def _setup(self, hh: QHeaderView):
        hh.setSectionResizeMode(0, QHeaderView.Stretch)
        hh.setSectionResizeMode(1, QHeaderView.Stretch)
        hh.setSectionResizeMode(2, QHeaderView.Fixed)
        self.table.setColumnWidth(2, self.fontMetrics().horizontalAdvance("Chủ tịch Hội đồng") + 50)

    def _fill_row(self, i: int, r: dict):
        self.table.setItem(i, 0, QTableWidgetItem(r.get("ho_ten") or ""))
        self.table.setItem(i, 1, QTableWidgetItem(r.get("chuc_vu") or ""))
        self._combo(i, 2, "vai_tro_hoi_dong", r.get("vai_tro") or "thanh_vien")

    def new_row(self) -> dict:
        """A new member; the first one is the chairman (Chủ tịch Hội đồng)."""
        return {"vai_tro": "thanh_vien" if self.table.rowCount() else "chu_tich"}

    def value(self) -> list[dict]:
        out = []
        for i in range(self.table.rowCount()):
            name = self.table.item(i, 0).text().strip()
            pos = self.table.item(i, 1).text().strip()
            if not name and not pos:
                continue  # an empty row added and left
            out.append({"ho_ten": name, "chuc_vu": pos, "vai_tro": self.table.cellWidget(i, 2).value()})
        return out


class MediatorList(QWidget):
    """Hòa giải: check the mediators of the chosen team."""

    changed = Signal()

    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.store = store
        v = QVBoxLayout(self)
        v.setContentsMargins(0, 0, 0, 0)
        self.list = QListWidget(self)
        fm = self.list.fontMetrics()
        self.list.setFixedHeight(fm.lineSpacing() * 5 + 16)
        v.addWidget(self.list)
        self.hint = QLabel(self)
        self.hint.setStyleSheet("color: #607d8b;")
        v.addWidget(self.hint)
        self._team = None
        self._checked: set[int] = set()
        self.list.itemChanged.connect(self._item_changed)
        self.set_team(None, store)

    def focus_widget(self):
        return self.list

    def set_team(self, team_id, store=None):
        if self._team is not None and team_id != self._team:
            # another team chosen: keep only mediators of the new team
            members = lookups.team_member_ids(self.store, team_id) if team_id is not None else set()
            self._checked &= members
        self._team = team_id
        self._reload()

    def _reload(self):
        self.list.blockSignals(True)
        self.list.clear()
        rows = []
        if self._team is not None:
            rows = lookups.team_mediators(self.store, self._team)
        extra = self._checked - {r["id"] for r in rows}
        if extra:  # mediators of another team kept from an older record
            rows += lookups.mediators(self.store, extra)
        roles = self.store.enum_labels("vai_tro_hgv")
        for r in rows:
            if r["an"] and r["id"] not in self._checked:
                continue
            it = QListWidgetItem(f"{r['ho_ten']} ({roles.get(r['vai_tro'], '').lower()})")
            it.setData(Qt.UserRole, r["id"])
            it.setFlags(Qt.ItemIsEnabled | Qt.ItemIsUserCheckable | Qt.ItemIsSelectable)
            it.setCheckState(Qt.Checked if r["id"] in self._checked else Qt.Unchecked)
            self.list.addItem(it)
        self.list.blockSignals(False)
        if self._team is None:
            self.hint.setText("Chọn tổ hòa giải để hiện danh sách hòa giải viên.")
        elif not rows:
            self.hint.setText("Tổ này chưa có hòa giải viên (thêm trong Danh mục & cài đặt).")
        else:
            self.hint.setText("Đánh dấu các hòa giải viên tham gia (phím cách để chọn).")

    def _item_changed(self, it):
        rid = it.data(Qt.UserRole)
        if it.checkState() == Qt.Checked:
            self._checked.add(rid)
        else:
            self._checked.discard(rid)
        self.changed.emit()

    def value(self) -> list[int]:
        return sorted(self._checked)

    def set_value(self, ids):
        self._checked = set(int(i) for i in ids or [])
        self._reload()

    def set_checked(self, hgv_id: int, checked: bool = True):
        for i in range(self.list.count()):
            it = self.list.item(i)
            if it.data(Qt.UserRole) == hgv_id:
                it.setCheckState(Qt.Checked if checked else Qt.Unchecked)
                return
        raise KeyError(hgv_id)
