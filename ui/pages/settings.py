"""Danh mục & cài đặt: commune profile, predecessor units, villages,
mediation teams and members, leaders, report recipients, enumerations,
deadline limits and days off.

Every change is announced through ``ui.ops.notify`` (the record kind, or
``"enum"`` / ``"deadline"`` / ``"ngay_nghi"``): the window's title, the lists'
unit filter, the home page's deadlines follow.  After a restore, an import or
a merge (``ops.ALL``) the page reads everything again when next shown."""
from __future__ import annotations

import re

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from core.records import lookups
from core.records.deadlines import DEADLINE_RULES
from core.records.enums import ENUM_TITLES
from core.records.validation import ValidationError
from core.text import fmt_date, fold

from .. import ops
from ..models import DictTableModel
from ..widgets import vi
from ..widgets.catalogue import CatalogueTable
from ..widgets.form import FieldForm

UNIT_PROFILE_FIELDS = ["loai", "ten", "ma", "tinh", "co_quan_chu_quan", "dia_danh", "kinh_gui", "dien_tich_ha",
                       "dan_so", "so_ho", "dan_toc_ton_giao", "vung_kho_khan", "nghi_quyet_sap_nhap"]


def _scroll(w: QWidget) -> QScrollArea:
    s = QScrollArea()
    s.setWidgetResizable(True)
    s.setWidget(w)
    return s


class UnitProfile(QWidget):
    saved = Signal()

    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.store = store
        lay = QVBoxLayout(self)
        self.form = FieldForm(store, "unit", UNIT_PROFILE_FIELDS)
        self.form.setMaximumWidth(760)
        lay.addWidget(self.form)
        row = QHBoxLayout()
        self.msg = QLabel("")
        self.save_btn = QPushButton("Lưu thông tin đơn vị")
        self.save_btn.setObjectName("save_unit")
        self.save_btn.clicked.connect(self.save)
        row.addWidget(self.save_btn)
        row.addWidget(self.msg, 1)
        lay.addLayout(row)
        lay.addStretch(1)
        self.load()

    def load(self):
        self.form.set_values(self.store.current_unit() or {})

    def save(self) -> bool:
        unit = self.store.current_unit()
        data = self.form.values()
        try:
            if unit:
                self.store.update("unit", unit["id"], data)
            else:
                self.store.create("unit", {**data, "is_current": 1})
        except ValidationError as e:
            self.form.show_errors(e.errors)
            self.msg.setText("Chưa lưu: hãy sửa các ô báo đỏ.")
            self.msg.setStyleSheet("color: #b3261e;")
            return False
        self.form.show_errors({})
        self.msg.setText("Đã lưu.")
        self.msg.setStyleSheet("color: #1b6e35;")
        self.saved.emit()
        return True


class EnumEditor(QWidget):
    """Add / rename / hide enumeration items; a code that records use cannot
    be deleted (``Store.enum_used``)."""

    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.store = store
        lay = QHBoxLayout(self)
        self.keys = QListWidget()
        self.keys.setObjectName("enum_keys")
        self.keys.setMaximumWidth(300)
        for key, title in ENUM_TITLES.items():
            it = QListWidgetItem(title)
            it.setData(Qt.ItemDataRole.UserRole, key)
            self.keys.addItem(it)
        lay.addWidget(self.keys)
        right = QVBoxLayout()
        btns = QHBoxLayout()
        self.title = QLabel("")
        self.title.setStyleSheet("font-weight: 600;")
        btns.addWidget(self.title)
        btns.addStretch(1)
        self.add_btn = QPushButton("Thêm mục")
        self.rename_btn = QPushButton("Đổi tên")
        self.hide_btn = QPushButton("Ẩn / hiện")
        self.del_btn = QPushButton("Xóa")
        for b in (self.add_btn, self.rename_btn, self.hide_btn, self.del_btn):
            btns.addWidget(b)
        right.addLayout(btns)
        hint = QLabel("Mục bị ẩn không còn hiện trong ô chọn khi nhập mới, nhưng hồ sơ cũ vẫn giữ nguyên. "
                      "Mục đã có hồ sơ sử dụng thì chỉ ẩn được, không xóa được.")
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        right.addWidget(hint)
        # the internal code (truc_tiep, …) is the program's, not the clerk's: not shown
        self.model = DictTableModel([("label", "Tên hiển thị"), ("an", "Trạng thái")],
                                    formatters={"an": lambda r: "Đang ẩn" if r["an"] else "Đang dùng"}, parent=self)
        self.view = QTableView()
        self.view.setObjectName("enum_items")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.verticalHeader().setVisible(False)
        self.view.setColumnWidth(0, 420)
        self.view.setColumnWidth(1, 110)
        self.view.horizontalHeader().setStretchLastSection(True)
        right.addWidget(self.view, 1)
        lay.addLayout(right, 1)
        self.keys.currentRowChanged.connect(lambda *_: self.load())
        self.add_btn.clicked.connect(self.add)
        self.rename_btn.clicked.connect(self.rename)
        self.hide_btn.clicked.connect(self.toggle_hidden)
        self.del_btn.clicked.connect(self.delete)
        self.keys.setCurrentRow(0)

    def key(self) -> str:
        it = self.keys.currentItem()
        return it.data(Qt.ItemDataRole.UserRole) if it else next(iter(ENUM_TITLES))

    def load(self):
        self.title.setText(ENUM_TITLES.get(self.key(), ""))
        self.model.set_rows(self.store.enum_items(self.key(), include_hidden=True))

    def current(self) -> dict | None:
        idx = self.view.currentIndex()
        return self.model.rows[idx.row()] if idx.isValid() else None

    def _select_code(self, code):
        for r, row in enumerate(self.model.rows):
            if row["code"] == code:
                self.view.selectRow(r)

    def add(self, label: str | None = None):
        if label is None:
            label, ok = QInputDialog.getText(self, "Thêm mục", f"Tên mục mới của “{self.title.text()}”:")
            if not ok:
                return None
        label = (label or "").strip()
        if not label:
            return None
        base = re.sub(r"[^a-z0-9]+", "_", fold(label)).strip("_")[:30] or "muc"
        codes = self.store.enum_codes(self.key())
        code, n = base, 2
        while code in codes:
            code, n = f"{base}_{n}", n + 1
        try:
            self.store.enum_save(self.key(), code, label)
        except ValidationError as e:
            vi.error(self, "Không thêm được", e.message())
            return None
        self.load()
        self._select_code(code)
        ops.notify("enum")
        return code

    def rename(self, label: str | None = None):
        row = self.current()
        if row is None:
            return
        if label is None:
            label, ok = QInputDialog.getText(self, "Đổi tên", "Tên mới:", text=row["label"])
            if not ok:
                return
        try:
            self.store.enum_save(self.key(), row["code"], label, an=row["an"])
        except ValidationError as e:
            vi.error(self, "Không đổi tên được", e.message())
            return
        self.load()
        self._select_code(row["code"])
        ops.notify("enum")

    def toggle_hidden(self):
        row = self.current()
        if row is None:
            return
        self.store.enum_save(self.key(), row["code"], row["label"], an=0 if row["an"] else 1)
        self.load()
        self._select_code(row["code"])
        ops.notify("enum")

    def delete(self):
        row = self.current()
        if row is None:
            return False
        if not vi.ask(self, "Xóa mục", f"Xóa mục “{row['label']}”?", yes="Xóa", no="Không xóa"):
            return False
        try:
            self.store.enum_delete(self.key(), row["code"])
        except ValidationError as e:
            vi.error(self, "Không xóa được", "\n".join(e.errors.values()))
            return False
        self.load()
        ops.notify("enum")
        return True


class DeadlineEditor(QWidget):
    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.store = store
        outer = QVBoxLayout(self)
        hint = QLabel("Thời hạn theo quy định hiện hành. Khi quy định thay đổi, sửa số ngày ở đây; "
                      "“ngày làm việc” bỏ qua thứ Bảy, Chủ nhật, ngày lễ, Tết và các ngày nghỉ khai báo bên cạnh.")
        hint.setWordWrap(True)
        outer.addWidget(hint)
        grid = QGridLayout()
        for c, h in enumerate(["Việc", "Số ngày", "Ngày làm việc", "Tính từ", "Căn cứ"]):
            lab = QLabel(h)
            lab.setStyleSheet("font-weight: 600;")
            grid.addWidget(lab, 0, c)
        self.rows = {}
        for r, (code, base) in enumerate(DEADLINE_RULES.items(), start=1):
            lab = QLabel(base.label)
            lab.setWordWrap(True)
            sp = QSpinBox()
            sp.setRange(1, 365)
            sp.setObjectName(f"days_{code}")
            cb = QCheckBox()
            src = QLabel(base.counted_from)
            basis = QLabel(base.basis)
            basis.setWordWrap(True)
            basis.setStyleSheet("color: #555;")
            grid.addWidget(lab, r, 0)
            grid.addWidget(sp, r, 1)
            grid.addWidget(cb, r, 2, Qt.AlignmentFlag.AlignCenter)
            grid.addWidget(src, r, 3)
            grid.addWidget(basis, r, 4)
            self.rows[code] = (sp, cb)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(4, 2)
        outer.addLayout(grid)
        row = QHBoxLayout()
        self.save_btn = QPushButton("Lưu thời hạn")
        self.save_btn.setObjectName("save_deadlines")
        self.reset_btn = QPushButton("Về mặc định")
        self.msg = QLabel("")
        self.save_btn.clicked.connect(self.save)
        self.reset_btn.clicked.connect(self.reset)
        row.addWidget(self.save_btn)
        row.addWidget(self.reset_btn)
        row.addWidget(self.msg, 1)
        outer.addLayout(row)
        outer.addStretch(1)
        self.load()

    def load(self):
        rules = self.store.deadlines().rules
        for code, (sp, cb) in self.rows.items():
            sp.setValue(rules[code].days)
            cb.setChecked(rules[code].working)

    def save(self):
        rules = self.store.deadlines().rules
        for code, (sp, cb) in self.rows.items():
            if sp.value() != rules[code].days or cb.isChecked() != rules[code].working:
                self.store.set_deadline_override(code, sp.value(), cb.isChecked())
        self.msg.setText("Đã lưu. Trạng thái và hạn của các hồ sơ được tính lại theo thời hạn mới.")
        self.msg.setStyleSheet("color: #1b6e35;")
        ops.notify("deadline")

    def reset(self):
        for code, (sp, cb) in self.rows.items():
            sp.setValue(DEADLINE_RULES[code].days)
            cb.setChecked(DEADLINE_RULES[code].working)


class DaysOffEditor(QWidget):
    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.store = store
        lay = QVBoxLayout(self)
        hint = QLabel("Ngày lễ, Tết (kể cả Tết Nguyên đán, Giỗ Tổ Hùng Vương) đã được tính sẵn. Khai báo thêm "
                      "ngày nghỉ bù hoặc ngày làm việc bù theo thông báo hằng năm.")
        hint.setWordWrap(True)
        lay.addWidget(hint)
        form = QHBoxLayout()
        self.day = QLineEdit()
        self.day.setObjectName("day_off_date")
        self.day.setPlaceholderText("dd/mm/yyyy")
        self.day.setMaximumWidth(130)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("Lý do (ví dụ: nghỉ bù Quốc khánh)")
        self.working = QCheckBox("Là ngày làm việc bù")
        self.add_btn = QPushButton("Thêm ngày")
        self.add_btn.setObjectName("add_day_off")
        self.del_btn = QPushButton("Xóa ngày đã chọn")
        for w in (QLabel("Ngày:"), self.day, self.reason, self.working, self.add_btn):
            form.addWidget(w)
        lay.addLayout(form)
        self.error = QLabel("")
        self.error.setStyleSheet("color: #b3261e;")
        lay.addWidget(self.error)
        self.list = QListWidget()
        self.list.setObjectName("days_off")
        lay.addWidget(self.list, 1)
        row = QHBoxLayout()
        row.addWidget(self.del_btn)
        row.addStretch(1)
        lay.addLayout(row)
        self.add_btn.clicked.connect(self.add)
        self.day.returnPressed.connect(self.add)
        self.del_btn.clicked.connect(self.remove)
        self.load()

    def load(self):
        self.list.clear()
        rows = lookups.days_off(self.store)
        if not rows:
            it = QListWidgetItem("Chưa khai báo ngày nghỉ bù hay ngày làm việc bù nào.")
            it.setFlags(Qt.ItemFlag.NoItemFlags)
            self.list.addItem(it)
        for r in rows:
            kind = "làm việc bù" if r["lam_viec"] else "nghỉ"
            it = QListWidgetItem(f"{fmt_date(r['ngay'])} — {kind}" + (f" — {r['ly_do']}" if r["ly_do"] else ""))
            it.setData(Qt.ItemDataRole.UserRole, r["ngay"])
            self.list.addItem(it)

    def add(self):
        try:
            self.store.add_day_off(self.day.text(), self.reason.text(), self.working.isChecked())
        except (ValueError, ValidationError) as e:
            self.error.setText(str(e) if not isinstance(e, ValidationError) else e.message())
            return False
        self.error.setText("")
        self.day.clear()
        self.reason.clear()
        self.working.setChecked(False)
        self.load()
        ops.notify("ngay_nghi")
        return True

    def remove(self):
        it = self.list.currentItem()
        if it is None or not it.data(Qt.ItemDataRole.UserRole):
            return
        self.store.remove_day_off(it.data(Qt.ItemDataRole.UserRole))
        self.load()
        ops.notify("ngay_nghi")


class SettingsPage(ops.RefreshWhenShown, QWidget):
    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.store = store
        self._dirty = False
        lay = QVBoxLayout(self)
        title = QLabel("Danh mục & cài đặt")
        title.setObjectName("page_title")
        lay.addWidget(title)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("settings_tabs")
        lay.addWidget(self.tabs, 1)
        s = store
        self.profile = UnitProfile(s)
        self.profile.saved.connect(lambda: ops.notify("unit", (s.current_unit() or {}).get("id") or 0))
        self.tabs.addTab(_scroll(self.profile), "Đơn vị")
        cur = lambda: (s.current_unit() or {}).get("id")  # noqa: E731
        self.predecessors = CatalogueTable(
            s, "unit", "Đơn vị hành chính cũ đã sáp nhập vào đơn vị hiện tại",
            [("ten", "Tên"), ("loai", "Loại"), ("ma", "Mã"), ("ngay_sap_nhap", "Ngày sáp nhập")],
            lambda: lookups.predecessor_units(s, cur()),
            formatters={"loai": lambda r: s.enum_label("loai_don_vi", r["loai"]),
                        "ngay_sap_nhap": lambda r: fmt_date(r["ngay_sap_nhap"])},
            fields=["loai", "ten", "ma", "ngay_sap_nhap"],
            fixed=lambda: {"merged_into_id": cur(), "is_current": 0},
            hint="Hồ sơ của các đơn vị cũ được giữ theo đơn vị đó; báo cáo của đơn vị hiện tại cộng cả các đơn vị cũ.")
        self.tabs.addTab(self.predecessors, "Đơn vị tiền thân")
        self.thon = CatalogueTable(
            s, "thon", "Thôn, tổ dân phố (dùng để chọn địa chỉ)",
            [("ten", "Tên"), ("loai", "Loại"), ("unit", "Thuộc đơn vị"), ("an", "Ẩn")],
            lambda: lookups.villages(s),
            formatters={"loai": lambda r: s.enum_label("loai_thon", r["loai"]), "an": lambda r: "Ẩn" if r["an"] else ""},
            fields=["ten", "loai", "thu_tu", "an"])
        self.tabs.addTab(self.thon, "Thôn, tổ dân phố")
        self.tabs.addTab(self._teams(), "Tổ hòa giải")
        self.leaders = CatalogueTable(
            s, "lanh_dao", "Lãnh đạo UBND (người ký báo cáo)",
            [("ho_ten", "Họ tên"), ("chuc_vu", "Chức vụ"), ("dang_cong_tac", "Đang công tác")],
            lambda: lookups.leaders(s),
            formatters={"chuc_vu": lambda r: s.enum_label("chuc_vu", r["chuc_vu"]),
                        "dang_cong_tac": lambda r: "Có" if r["dang_cong_tac"] else "Không"},
            hint="Báo cáo ký “TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH” hoặc “KT. CHỦ TỊCH / PHÓ CHỦ TỊCH” theo người ký chọn "
                 "khi lập báo cáo.")
        self.tabs.addTab(self.leaders, "Lãnh đạo, người ký")
        self.recipients = CatalogueTable(
            s, "noi_nhan", "Nơi nhận báo cáo (mặc định)",
            [("ten", "Nơi nhận"), ("mac_dinh", "Mặc định"), ("thu_tu", "Thứ tự")],
            lambda: lookups.recipients(s),
            formatters={"mac_dinh": lambda r: "Có" if r["mac_dinh"] else ""},
            hint="Ví dụ: “Ban Dân vận Đảng ủy xã”, “Thường trực Đảng ủy xã”, “Lưu: VT, VP”.")
        self.tabs.addTab(self.recipients, "Nơi nhận")
        self.enums = EnumEditor(s)
        self.tabs.addTab(self.enums, "Danh mục")
        self.deadlines = DeadlineEditor(s)
        self.tabs.addTab(_scroll(self.deadlines), "Thời hạn")
        self.days_off = DaysOffEditor(s)
        self.tabs.addTab(self.days_off, "Ngày nghỉ")
        for table in self.catalogues():
            table.changed.connect(lambda t=table: ops.notify(t.kind_key))
        ops.records_changed().changed.connect(self._records_changed)

    def catalogues(self) -> list[CatalogueTable]:
        return [self.predecessors, self.thon, self.teams, self.members, self.leaders, self.recipients]

    def _records_changed(self, kind: str, record_id: int = 0):
        if kind == ops.ALL:  # a restore, an import, a merge: read everything again
            self.mark_dirty()

    def refresh(self):
        self._dirty = False
        self.profile.load()
        for table in self.catalogues():
            table.refresh()
        self._team_selected()
        self.enums.load()
        self.deadlines.load()
        self.days_off.load()

    def _teams(self) -> QWidget:
        s = self.store
        w = QSplitter(Qt.Orientation.Horizontal)
        self.teams = CatalogueTable(
            s, "to_hoa_giai", "Tổ hòa giải ở cơ sở",
            [("ten", "Tên tổ"), ("thon", "Thôn, tổ dân phố"), ("so_hgv", "Số hòa giải viên")],
            lambda: lookups.mediation_teams(s),
            fields=["ten", "thon_id", "an", "ghi_chu"])
        self.members = CatalogueTable(
            s, "hoa_giai_vien", "Hòa giải viên của tổ đã chọn",
            [("ho_ten", "Họ tên"), ("vai_tro", "Vai trò"), ("dien_thoai", "Điện thoại")],
            lambda: lookups.team_members(s, self.teams.current_id()),
            formatters={"vai_tro": lambda r: s.enum_label("vai_tro_hgv", r["vai_tro"])},
            fields=["ho_ten", "vai_tro", "dien_thoai", "an"],
            fixed=self._member_fixed)
        self.teams.selected.connect(lambda *_: self._team_selected())
        self.members.changed.connect(self.teams.refresh)
        if self.teams.model.rowCount():
            self.teams.view.selectRow(0)
        self._team_selected()
        w.addWidget(self.teams)
        w.addWidget(self.members)
        return w

    def _team_selected(self):
        if self.teams.current_id() is None:
            self.members.empty.setText("Chọn một tổ hòa giải ở bảng bên trái để xem và khai báo hòa giải viên.")
        else:
            self.members.empty.setText("Tổ này chưa có hòa giải viên. Bấm “Thêm” để khai báo.")
        self.members.refresh()

    def _member_fixed(self):
        tid = self.teams.current_id()
        if tid is None:
            vi.info(self, "Hòa giải viên", "Hãy chọn một tổ hòa giải ở bảng bên trái trước.")
            return None
        return {"to_hoa_giai_id": tid}
