"""“Thông tin chung” of a report: period and scope, the document header
(số, ngày, địa danh, Kính gửi, trích yếu), the preamble “Thực hiện …” with a
picker of văn bản cấp trên, recipients, signer and status."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from core.records import lookups
from core.records.validation import ValidationError
from core.report import saved as R
from core.text import fmt_date, parse_date

from ..editors.widgets import DateField
from .new_dialog import compare_text, scope_choices
from .period_form import PeriodForm

AUTHORITY_CHOICES = [R.AUTHORITIES["tm"][0], R.AUTHORITIES["kt"][0]]
TITLE_CHOICES = [R.AUTHORITIES["tm"][1], R.AUTHORITIES["kt"][1]]

# ValidationError field keys of core.report.saved → the label the clerk sees
FIELD_LABELS = {
    "so": "Số", "ky_hieu": "Ký hiệu", "ngay": "Ngày ban hành", "trang_thai": "Trạng thái",
    "thap_phan": "Số chữ số thập phân", "nguoi_ky": "Người ký", "period": "Kỳ báo cáo", "id": "Báo cáo",
    "section": "Mục", "outline": "Đề cương",
}


def _lines(text: str) -> list[str]:
    return [x.strip() for x in text.replace("\r\n", "\n").split("\n") if x.strip()]


def _plain(min_h: int = 60) -> QPlainTextEdit:
    e = QPlainTextEdit()
    e.setTabChangesFocus(True)
    e.setMinimumHeight(min_h)
    e.setMaximumHeight(max(min_h, 110))
    return e


class HeaderForm(QScrollArea):
    changed = Signal()
    scope_changed = Signal()  # period / comparison / scope / decimals: the figures change

    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.store = store
        self._loading = False
        self.setWidgetResizable(True)
        inner = QWidget()
        self.setWidget(inner)
        cols = QHBoxLayout(inner)
        left = QVBoxLayout()
        right = QVBoxLayout()
        cols.addLayout(left, 1)
        cols.addLayout(right, 1)

        # --- period and scope
        g = QGroupBox("Kỳ báo cáo và số liệu")
        gl = QVBoxLayout(g)
        self.period_form = PeriodForm(g)
        gl.addWidget(self.period_form)
        f = QFormLayout()
        self.compare = QCheckBox("So sánh với cùng kỳ năm trước")
        self.compare.setObjectName("hdr_compare")
        f.addRow("", self.compare)
        self.scope = QComboBox()
        self.scope.setObjectName("hdr_scope")
        for label, uid, inc in scope_choices(store):
            self.scope.addItem(label, (uid, inc))
        f.addRow("Phạm vi số liệu:", self.scope)
        self.decimals = QComboBox()
        self.decimals.addItem("2 chữ số thập phân (76,92%)", 2)
        self.decimals.addItem("1 chữ số thập phân (76,9%)", 1)
        f.addRow("Tỷ lệ phần trăm:", self.decimals)
        gl.addLayout(f)
        left.addWidget(g)

        # --- document header
        g = QGroupBox("Văn bản")
        f = QFormLayout(g)
        row = QHBoxLayout()
        self.so = QLineEdit()
        self.so.setObjectName("hdr_so")
        self.so.setPlaceholderText("chưa lấy số")
        self.so.setMaximumWidth(160)
        self.ky_hieu = QLineEdit()
        self.ky_hieu.setObjectName("hdr_ky_hieu")
        self.ky_hieu.setMaximumWidth(150)
        row.addWidget(self.so)
        row.addWidget(QLabel("/"))
        row.addWidget(self.ky_hieu)
        row.addStretch(1)
        f.addRow("Số, ký hiệu:", row)
        row = QHBoxLayout()
        self.dia_danh = QLineEdit()
        self.dia_danh.setObjectName("hdr_dia_danh")
        self.ngay = DateField()
        self.ngay.setObjectName("hdr_ngay")
        row.addWidget(self.dia_danh, 1)
        row.addWidget(QLabel("ngày"))
        row.addWidget(self.ngay)
        f.addRow("Địa danh:", row)
        self.trich_yeu = QLineEdit()
        self.trich_yeu.setObjectName("hdr_trich_yeu")
        f.addRow("Trích yếu:", self.trich_yeu)
        self.kinh_gui = _plain(48)
        self.kinh_gui.setMaximumHeight(72)
        self.kinh_gui.setObjectName("hdr_kinh_gui")
        self.kinh_gui.setPlaceholderText("Mỗi dòng một nơi (để trống nếu báo cáo không ghi “Kính gửi”).")
        f.addRow("Kính gửi:", self.kinh_gui)
        left.addWidget(g)

        # --- preamble
        g = QGroupBox("Mở đầu “Thực hiện …” (căn cứ: văn bản yêu cầu báo cáo, kế hoạch của năm)")
        gl = QVBoxLayout(g)
        self.can_cu_filter = QLineEdit()
        self.can_cu_filter.setPlaceholderText("Tìm văn bản theo số, trích yếu…")
        self.can_cu_filter.setClearButtonEnabled(True)
        gl.addWidget(self.can_cu_filter)
        self.can_cu = QListWidget()
        self.can_cu.setObjectName("hdr_can_cu")
        self.can_cu.setWordWrap(True)
        self.can_cu.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.can_cu.setMinimumHeight(90)
        self.can_cu.setMaximumHeight(130)
        gl.addWidget(self.can_cu)
        self.can_cu_empty = QLabel("Chưa có văn bản nào trong sổ (trang “Văn bản, hoạt động”: văn bản cấp trên "
                                   "yêu cầu báo cáo, kế hoạch của cấp trên và của UBND xã).")
        self.can_cu_empty.setWordWrap(True)
        self.can_cu_empty.setStyleSheet("color: #5a6472;")
        gl.addWidget(self.can_cu_empty)
        self.preamble = _plain(56)
        self.preamble.setObjectName("hdr_preamble")
        self.preamble.setPlaceholderText("Để trống: câu “Thực hiện …” viết tự động từ các văn bản được đánh dấu ở "
                                         "trên. Nhập vào đây nếu muốn tự viết lời mở đầu.")
        gl.addWidget(self.preamble)
        left.addWidget(g)
        left.addStretch(1)

        # --- recipients
        g = QGroupBox("Nơi nhận")
        gl = QVBoxLayout(g)
        self.noi_nhan = QPlainTextEdit()
        self.noi_nhan.setObjectName("hdr_noi_nhan")
        self.noi_nhan.setTabChangesFocus(True)
        self.noi_nhan.setMinimumHeight(110)
        self.noi_nhan.setPlaceholderText("Mỗi dòng một nơi nhận, ví dụ:\nSở Nội vụ\nThường trực Đảng ủy xã\nLưu: VT, VP")
        gl.addWidget(self.noi_nhan)
        right.addWidget(g)

        # --- signer
        g = QGroupBox("Người ký")
        f = QFormLayout(g)
        self.leader = QComboBox()
        self.leader.setObjectName("hdr_leader")
        f.addRow("Chọn lãnh đạo:", self.leader)
        self.authority = QComboBox()
        self.authority.setObjectName("hdr_authority")
        self.authority.setEditable(True)
        self.authority.addItems(AUTHORITY_CHOICES)
        f.addRow("Thẩm quyền ký:", self.authority)
        self.title = QComboBox()
        self.title.setObjectName("hdr_title")
        self.title.setEditable(True)
        self.title.addItems(TITLE_CHOICES)
        f.addRow("Chức vụ:", self.title)
        self.signer_name = QLineEdit()
        self.signer_name.setObjectName("hdr_signer_name")
        f.addRow("Họ và tên:", self.signer_name)
        right.addWidget(g)

        # --- status
        g = QGroupBox("Trạng thái")
        f = QFormLayout(g)
        self.status = QComboBox()
        self.status.setObjectName("hdr_status")
        for code, label in R.STATUS.items():
            self.status.addItem(label, code)
        f.addRow("Trạng thái:", self.status)
        self.ghi_chu = QLineEdit()
        self.ghi_chu.setObjectName("hdr_ghi_chu")
        f.addRow("Ghi chú:", self.ghi_chu)
        right.addWidget(g)
        right.addStretch(1)

        for w in (self.so, self.ky_hieu, self.dia_danh, self.ngay, self.trich_yeu, self.ghi_chu, self.signer_name):
            w.textChanged.connect(self._changed)
        for w in (self.kinh_gui, self.preamble, self.noi_nhan):
            w.textChanged.connect(self._changed)
        for w in (self.authority, self.title):
            w.currentTextChanged.connect(self._changed)
        self.status.currentIndexChanged.connect(self._changed)
        self.can_cu.itemChanged.connect(self._changed)
        self.can_cu_filter.textChanged.connect(self._filter_can_cu)
        self.leader.activated.connect(self._leader_picked)
        self.period_form.changed.connect(self._scope)
        self.compare.toggled.connect(self._scope)
        self.scope.currentIndexChanged.connect(self._scope)
        self.decimals.currentIndexChanged.connect(self._scope)

    # --------------------------------------------------------------- load
    def _changed(self, *_):
        if not self._loading:
            self.changed.emit()

    def _scope(self, *_):
        try:
            self.compare.setText(compare_text(self.period_form.period()))
        except ValueError:
            pass
        if not self._loading:
            self.changed.emit()
            self.scope_changed.emit()

    def _load_leaders(self, unit_id: int):
        self.leader.clear()
        self.leader.addItem("— chọn để điền thẩm quyền, chức vụ, họ tên —", None)
        rows = lookups.signing_leaders(self.store)
        for r in rows:
            cv = self.store.enum_label("chuc_vu", r["chuc_vu"]) or r["chuc_vu"]
            self.leader.addItem(f"{r['ho_ten']} — {cv}", r["id"])

    def _load_can_cu(self, chosen: list[int]):
        self.can_cu.clear()
        # every document of the book: the superior ones first (the request, the year's plans), then the
        # commune's own; the chosen ones (the defaults: core.report.saved.default_can_cu) at the top
        rows = R.citable_documents(self.store, 300)
        have = {r["id"] for r in rows}
        extra = [self.store.get("van_ban", i) for i in chosen if i not in have]
        rows = [r for r in extra if r] + rows
        rows.sort(key=lambda r: r["id"] not in chosen)  # stable: the order above within each part
        for r in rows:
            loai = self.store.enum_label("loai_van_ban", r["loai"]) or "Văn bản"
            text = f"{loai} số {r['so_ky_hieu']} ngày {fmt_date(r['ngay_ban_hanh'])}"
            if r.get("co_quan_ban_hanh"):
                text += f" của {r['co_quan_ban_hanh']}"
            if r.get("trich_yeu"):
                text += f" — {r['trich_yeu']}"
            marks = ["cấp trên" if r.get("cap") == "cap_tren" else "UBND xã"]
            if r.get("con_hieu_luc"):
                marks.append("còn hiệu lực: trích ở mục lãnh đạo, chỉ đạo")
            text += f" ({'; '.join(marks)})"
            it = QListWidgetItem(text)
            it.setToolTip(text)
            it.setData(Qt.ItemDataRole.UserRole, r["id"])
            it.setFlags(it.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            it.setCheckState(Qt.CheckState.Checked if r["id"] in chosen else Qt.CheckState.Unchecked)
            self.can_cu.addItem(it)
        self.can_cu_empty.setVisible(self.can_cu.count() == 0)
        self.can_cu.setVisible(self.can_cu.count() > 0)
        self.can_cu_filter.setVisible(self.can_cu.count() > 0)

    def _filter_can_cu(self, text: str):
        from core.text import fold

        t = fold(text or "")
        for i in range(self.can_cu.count()):
            it = self.can_cu.item(i)
            it.setHidden(bool(t) and t not in fold(it.text()))

    def _leader_picked(self, _i):
        lid = self.leader.currentData()
        if lid is None:
            return
        s = R.signer_from_leader(self.store, lid)
        self.authority.setCurrentText(s["authority"])
        self.title.setCurrentText(s["title"])
        self.signer_name.setText(s["name"])
        self._leader_id = lid

    def load(self, rep):
        self._loading = True
        try:
            self.period_form.set_period(rep.period)
            self.compare.setChecked(rep.compare)
            want = (rep.unit_id, bool(rep.include_predecessors))
            i = next((k for k in range(self.scope.count()) if tuple(self.scope.itemData(k)) == want), -1)
            if i < 0:
                self.scope.addItem(f"Đơn vị số {rep.unit_id}", (rep.unit_id, rep.include_predecessors))
                i = self.scope.count() - 1
            self.scope.setCurrentIndex(i)
            self.decimals.setCurrentIndex(max(0, self.decimals.findData(rep.decimals)))
            self.so.setText(rep.so or "")
            self.ky_hieu.setText(rep.ky_hieu or "BC-UBND")
            self.dia_danh.setText(rep.dia_danh or "")
            self.ngay.set_value(rep.ngay)
            self.trich_yeu.setText(rep.trich_yeu or "")
            self.kinh_gui.setPlainText("\n".join(rep.kinh_gui))
            self._load_can_cu(list(rep.can_cu))
            self.preamble.setPlainText(rep.preamble or "")
            self.noi_nhan.setPlainText("\n".join(rep.noi_nhan))
            self._load_leaders(rep.unit_id)
            self._leader_id = rep.signer.get("lanh_dao_id")
            j = self.leader.findData(self._leader_id) if self._leader_id else 0
            self.leader.setCurrentIndex(max(0, j))
            self.authority.setCurrentText(rep.signer.get("authority") or AUTHORITY_CHOICES[0])
            self.title.setCurrentText(rep.signer.get("title") or TITLE_CHOICES[0])
            self.signer_name.setText(rep.signer.get("name") or "")
            self.status.setCurrentIndex(max(0, self.status.findData(rep.status)))
            self.ghi_chu.setText(rep.ghi_chu or "")
        finally:
            self._loading = False

    def set_trich_yeu_hint(self, text: str):
        self.trich_yeu.setPlaceholderText(f"Để trống: “{text}”" if text else "")

    def set_locked(self, locked: bool):
        """An issued report: everything read-only except the status."""
        for w in (self.period_form, self.compare, self.scope, self.decimals, self.leader, self.authority,
                  self.title, self.can_cu, self.can_cu_filter):
            w.setEnabled(not locked)
        for w in (self.so, self.ky_hieu, self.dia_danh, self.ngay, self.trich_yeu, self.ghi_chu, self.signer_name):
            w.setReadOnly(locked)
        for w in (self.kinh_gui, self.preamble, self.noi_nhan):
            w.setReadOnly(locked)

    # --------------------------------------------------------------- save
    def apply(self, rep):
        """Write the form into ``rep``; ``ValidationError`` for bad input."""
        errors = {}
        try:
            rep.period = self.period_form.period()
        except ValueError as e:
            errors["period"] = str(e)
        rep.compare = self.compare.isChecked()
        uid, inc = self.scope.currentData()
        rep.unit_id, rep.include_predecessors = uid, inc
        rep.decimals = self.decimals.currentData()
        rep.so = self.so.text().strip()
        rep.ky_hieu = self.ky_hieu.text().strip().upper()
        rep.dia_danh = self.dia_danh.text().strip()
        t = self.ngay.text().strip()
        if t:
            try:
                rep.ngay = parse_date(t)
            except ValueError as e:
                errors["ngay"] = str(e)
        else:
            rep.ngay = None
        rep.trich_yeu = self.trich_yeu.text().strip()
        rep.kinh_gui = _lines(self.kinh_gui.toPlainText())
        rep.can_cu = [self.can_cu.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.can_cu.count())
                      if self.can_cu.item(i).checkState() == Qt.CheckState.Checked]
        rep.preamble = self.preamble.toPlainText().strip()
        rep.noi_nhan = _lines(self.noi_nhan.toPlainText())
        signer = {"authority": self.authority.currentText().strip(), "title": self.title.currentText().strip(),
                  "name": self.signer_name.text().strip()}
        lid = getattr(self, "_leader_id", None)
        if lid:
            leader = self.store.get("lanh_dao", lid)
            if leader and leader["ho_ten"] == signer["name"]:
                signer["lanh_dao_id"] = lid
        rep.signer = signer
        rep.status = self.status.currentData()
        rep.ghi_chu = self.ghi_chu.text().strip()
        if errors:
            raise ValidationError(errors)
        return rep
