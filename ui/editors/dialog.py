"""The record editor dialog, built from ``core.records.fields`` with kind-specific
additions (SPEC §3, issue 6 item 3).

Keyboard: Tab walks the fields group by group; Ctrl+S saves (and closes),
Ctrl+N starts a new record, Esc closes (asking "Bỏ các thay đổi chưa lưu?"
when something was typed).  Saving calls ``Store.create/update``; a
``ValidationError`` puts each message in red right under its field and
focuses the first one — the typed text stays.
"""
from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from PySide6.QtCore import QObject, QSize, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from core.records.completion import FIELD_COMPLETION, catalogue_items
from core.records.deadlines import reception_reply_due
from core.records.enums import KET_QUA_KN_PA, KET_QUA_KN_TC, KN_TC
from core.records.fields import KINDS, RECORD_KINDS, Field
from core.records.fields import kind as get_kind
from core.records.validation import ValidationError, coerce
from core.text import fmt_date, fmt_int

from .children import MediatorList, OpinionGrid, YearGrid
from .widgets import (
    BoolField,
    CompletingTextField,
    DateField,
    EnumField,
    LongTextField,
    NumberField,
    RefCombo,
    RefPicker,
    TextField,
    TriBoolField,
)

log = logging.getLogger(__name__)

SECRET_FIELDS = tuple(f.name for f in KINDS["don_thu"].fields if f.secret)

EDITOR_KINDS = (
    "don_thu", "tiep_cong_dan", "doi_thoai", "hoa_giai", "mo_hinh", "van_ban", "hoat_dong", "chi_tieu",
    "thon", "lanh_dao", "noi_nhan", "to_hoa_giai", "hoa_giai_vien", "vu_viec", "unit",
)

# Record kinds picked in a search dialog; the rest (small catalogues) in a combo.
PICKER_REFS = {"don_thu", "tiep_cong_dan", "vu_viec", "hoa_giai"}

# Group columns (left, right) of the kinds that have groups.
COLUMNS = {
    "don_thu": (("tiep_nhan", "nguoi_gui", "noi_dung"), ("phan_loai", "xu_ly", "giai_quyet")),
    "tiep_cong_dan": (("tiep", "cong_dan"), ("noi_dung", "xu_ly")),
    "hoa_giai": (("tiep_nhan", "cac_ben"), ("noi_dung", "ket_qua")),
}

# Kinds edited with a wide two-column layout even without declared groups.
WIDE = {"doi_thoai", "mo_hinh", "unit"}

COLOURS = {"green": "#2e7d32", "amber": "#b26a00", "red": "#c62828", None: "#37474f"}

ERROR_STYLE = "color: #c62828;"
BANNER_STYLE = ("QLabel { background: #fdecea; color: #8e1b1b; border: 1px solid #f5c2c0;"
                " border-radius: 3px; padding: 6px; }")


class EditorEvents(QObject):
    """Application-wide notice of records saved or deleted in any editor
    (including a petition opened from "Tiếp nhận đơn"), so list pages and
    the home page can refresh: ``editor_events().saved.connect(fn(kind, id))``."""

    saved = Signal(str, int)
    deleted = Signal(str, int)


_EVENTS: EditorEvents | None = None


def editor_events() -> EditorEvents:
    global _EVENTS
    if _EVENTS is None:
        _EVENTS = EditorEvents()
    return _EVENTS


def ask(parent, title: str, text: str, choices: list[tuple[str, str]], default: str | None = None,
        icon=QMessageBox.Question) -> str | None:
    """A modal question with Vietnamese buttons; returns the chosen key
    (``None`` when closed).  ``choices``: (key, label), the last one is the
    escape choice."""
    box = QMessageBox(icon, title, text, QMessageBox.NoButton, parent)
    buttons = {}
    for i, (key, label) in enumerate(choices):
        role = QMessageBox.RejectRole if i == len(choices) - 1 else QMessageBox.AcceptRole
        buttons[key] = box.addButton(label, role)
    if default in buttons:
        box.setDefaultButton(buttons[default])
    box.setEscapeButton(buttons[choices[-1][0]])
    box.exec()
    clicked = box.clickedButton()
    for key, b in buttons.items():
        if b is clicked:
            return key
    return None


def _field_widget(store, kind_key: str, f: Field, record_id):
    if f.type == "date":
        return DateField()
    if f.type == "longtext":
        return LongTextField(lines=2 if f.name == "ghi_chu" else 3)
    if f.type in ("int", "float"):
        return NumberField(is_float=f.type == "float")
    if f.type == "bool":
        if f.default is None:
            if f.name == "du_dieu_kien":
                return TriBoolField("Đủ điều kiện xử lý", "Không đủ điều kiện xử lý")
            return TriBoolField("Có", "Không")
        return BoolField(f.label)
    if f.type == "enum":
        return EnumField(store, f.enum, f.required)
    if f.type == "ref":
        if f.ref in PICKER_REFS:
            exclude = record_id if f.ref == kind_key else None
            return RefPicker(store, f.ref, exclude_id=exclude, allow_new=f.ref == "vu_viec")
        if f.ref == "unit":
            return RefCombo(store, lambda cur: [(i, n) for i, n in catalogue_items(store, "unit", cur)
                                                if i != record_id])
        return RefCombo(store, lambda cur, r=f.ref: catalogue_items(store, r, cur))
    src = FIELD_COMPLETION.get((kind_key, f.name))
    if src:
        return CompletingTextField(store, src)
    return TextField()


class EditorDialog(QDialog):
    saved = Signal(int)
    deleted = Signal(int)

    def __init__(self, store, kind, record_id=None, prefill=None, parent=None):
        super().__init__(parent)
        self.store = store
        self.kind = get_kind(kind)
        self.kind_key = self.kind.key
        self.record_id = record_id
        self.saved_id: int | None = None
        self.child_editor: EditorDialog | None = None
        self._prefill = dict(prefill or {})
        self._extra: dict = {}
        self._loading = False
        self._inactive: set[str] = set()
        self._pending_files: list[str] = []
        self._so_den_auto = False
        self._secret_hidden = False  # identity of a stored tố cáo not revealed yet
        self.reveal_button: QPushButton | None = None
        self.widgets: dict[str, object] = {}
        self.errors: dict[str, QLabel] = {}
        self.row_labels: dict[str, QLabel] = {}
        self.children: dict[str, object] = {}
        self.setObjectName(f"editor_{self.kind_key}")
        self.setSizeGripEnabled(True)
        self._build()
        self._load()
        self._fit_size()

    # ------------------------------------------------------------ build
    def _build(self):
        outer = QVBoxLayout(self)
        outer.setContentsMargins(10, 8, 10, 8)
        outer.setSpacing(6)
        head = QHBoxLayout()
        self.title_label = QLabel(self)
        f = self.title_label.font()
        f.setPointSizeF(f.pointSizeF() * 1.25)
        f.setBold(True)
        self.title_label.setFont(f)
        head.addWidget(self.title_label, 1)
        self.status_label = QLabel(self)
        self.status_label.setObjectName("status_label")
        sf = self.status_label.font()
        sf.setBold(True)
        self.status_label.setFont(sf)
        self.status_label.setAlignment(Qt.AlignRight | Qt.AlignVCenter)
        head.addWidget(self.status_label)
        outer.addLayout(head)
        self.banner = QLabel(self)
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(BANNER_STYLE)
        self.banner.hide()
        outer.addWidget(self.banner)

        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.NoFrame)
        self.scroll = scroll
        body = QWidget()
        self.body = body
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)

        k = self.kind
        if k.key in COLUMNS:
            cols_layout = QHBoxLayout(body)
            cols_layout.setContentsMargins(0, 0, 4, 0)
            titles = dict(k.groups)
            self.group_boxes = {}
            for col in COLUMNS[k.key]:
                v = QVBoxLayout()
                v.setSpacing(8)
                for g in col:
                    box = self._group_box(titles[g], [f for f in k.fields if f.group == g])
                    self.group_boxes[g] = box
                    v.addWidget(box)
                if k.key == "hoa_giai" and col is COLUMNS[k.key][0]:
                    self._add_extras(v, attachments=False)  # mediators next to the team
                if col is COLUMNS[k.key][-1]:
                    self._add_extras(v, children=k.key != "hoa_giai")
                v.addStretch(1)
                cols_layout.addLayout(v, 1)
        elif k.key in WIDE:
            cols_layout = QHBoxLayout(body)
            cols_layout.setContentsMargins(0, 0, 4, 0)
            left = QVBoxLayout()
            right = QVBoxLayout()
            plain = [f for f in k.fields if f.type != "longtext"]
            long = [f for f in k.fields if f.type == "longtext"]
            if k.key == "unit":
                half = (len(plain) + 1) // 2
                left.addWidget(self._group_box("Thông tin chung", plain[:half]))
                right.addWidget(self._group_box("Hành chính, dân cư", plain[half:] + long))
            else:
                left.addWidget(self._group_box("Thông tin chung", plain + long))
                self._add_extras(right)
            left.addStretch(1)
            right.addStretch(1)
            cols_layout.addLayout(left, 1)
            cols_layout.addLayout(right, 1)
        else:
            v = QVBoxLayout(body)
            v.setContentsMargins(0, 0, 4, 0)
            v.addWidget(self._group_box("Thông tin", list(k.fields)))
            self._add_extras(v)
            v.addStretch(1)

        # buttons
        bar = QHBoxLayout()
        self.delete_button = QPushButton("Xóa", self)
        self.delete_button.setAutoDefault(False)
        self.delete_button.clicked.connect(self.delete_record)
        bar.addWidget(self.delete_button)
        self.receive_button = None
        if k.key == "tiep_cong_dan":
            self.receive_button = QPushButton("Tiếp nhận đơn…", self)
            self.receive_button.setToolTip("Lưu lượt tiếp rồi mở đơn thư mới điền sẵn thông tin công dân")
            self.receive_button.setAutoDefault(False)
            self.receive_button.clicked.connect(self.receive_petition)
            bar.addWidget(self.receive_button)
        bar.addStretch(1)
        self.hint_label = QLabel("Ctrl+S: lưu · Ctrl+N: thêm mới · Esc: đóng", self)
        self.hint_label.setStyleSheet("color: #607d8b;")
        self.hint_label.setVisible(k.key in COLUMNS or k.key in WIDE)
        bar.addWidget(self.hint_label)
        self.save_new_button = QPushButton("Lưu và thêm mới", self)
        self.save_new_button.setAutoDefault(False)
        self.save_new_button.clicked.connect(self.save_and_new)
        bar.addWidget(self.save_new_button)
        self.save_button = QPushButton("Lưu", self)
        self.save_button.setToolTip("Lưu và đóng (Ctrl+S)")
        self.save_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.save_and_close)
        bar.addWidget(self.save_button)
        self.close_button = QPushButton("Đóng", self)
        self.close_button.setToolTip("Đóng (Esc)")
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        bar.addWidget(self.close_button)
        outer.addLayout(bar)

        QShortcut(QKeySequence("Ctrl+S"), self, activated=self.save_and_close)
        QShortcut(QKeySequence("Ctrl+N"), self, activated=self.new_record)

        if k.key == "don_thu":
            self.reveal_button = QPushButton("Xem thông tin người tố cáo (ghi nhật ký)", self.body)
            self.reveal_button.setAutoDefault(False)
            self.reveal_button.setToolTip("Danh tính người tố cáo được giữ bí mật (Luật Tố cáo 2018, Điều 9); "
                                          "mỗi lần xem được ghi vào nhật ký.")
            self.reveal_button.clicked.connect(self.reveal_identity)
            self.group_boxes["nguoi_gui"].layout().insertRow(0, "", self.reveal_button)
            self.reveal_button.hide()
        for name, w in list(self.widgets.items()) + list(self.children.items()):
            w.changed.connect(self._on_changed)
            w.changed.connect(lambda n=name: self._field_edited(n))
        self._wire_kind()
        self._set_tab_order()

    def _group_box(self, title: str, fields: list[Field]) -> QGroupBox:
        box = QGroupBox(title, self.body)
        form = QFormLayout(box)
        form.setRowWrapPolicy(QFormLayout.DontWrapRows)
        form.setFieldGrowthPolicy(QFormLayout.ExpandingFieldsGrow)
        form.setLabelAlignment(Qt.AlignRight | Qt.AlignTop)
        form.setVerticalSpacing(4)
        form.setHorizontalSpacing(8)
        i = 0
        while i < len(fields):
            f = fields[i]
            if f.type == "bool" and f.default is not None:
                # consecutive check boxes share one row
                run = []
                while i < len(fields) and fields[i].type == "bool" and fields[i].default is not None:
                    run.append(fields[i])
                    i += 1
                row = QWidget(box)
                h = QHBoxLayout(row)
                h.setContentsMargins(0, 0, 0, 0)
                for bf in run:
                    w = _field_widget(self.store, self.kind_key, bf, self.record_id)
                    w.setObjectName(bf.name)
                    self.widgets[bf.name] = w
                    h.addWidget(w)
                h.addStretch(1)
                wrap = QWidget(box)
                v = QVBoxLayout(wrap)
                v.setContentsMargins(0, 0, 0, 0)
                v.setSpacing(1)
                v.addWidget(row)
                for bf in run:
                    v.addWidget(self._error_label(bf.name, wrap))
                form.addRow("", wrap)
                continue
            w = _field_widget(self.store, self.kind_key, f, self.record_id)
            w.setObjectName(f.name)
            self.widgets[f.name] = w
            if f.help:
                w.setToolTip(f.help)
                if hasattr(w, "setPlaceholderText") and isinstance(w, TextField):
                    w.setPlaceholderText(f.help)
            wrap = QWidget(box)
            v = QVBoxLayout(wrap)
            v.setContentsMargins(0, 0, 0, 0)
            v.setSpacing(1)
            v.addWidget(w)
            v.addWidget(self._error_label(f.name, wrap))
            label = QLabel(f.label + (" *" if f.required else "") + ":", box)
            label.setWordWrap(True)
            label.setBuddy(w)
            label.setMinimumWidth(150)
            label.setMaximumWidth(185)
            self.row_labels[f.name] = label
            form.addRow(label, wrap)
            i += 1
        return box

    def _error_label(self, name: str, parent) -> QLabel:
        lab = QLabel(parent)
        lab.setObjectName(f"error_{name}")
        lab.setStyleSheet(ERROR_STYLE)
        lab.setWordWrap(True)
        lab.hide()
        self.errors[name] = lab
        return lab

    def _child_box(self, title: str, name: str, widget) -> QGroupBox:
        box = QGroupBox(title, self.body)
        v = QVBoxLayout(box)
        v.addWidget(widget)
        v.addWidget(self._error_label(name, box))
        widget.setObjectName(name)
        self.children[name] = widget
        return box

    def _add_extras(self, layout: QVBoxLayout, children: bool = True, attachments: bool = True):
        k = self.kind
        for ch in (k.children if children else ()):
            if ch.name == "y_kien":
                layout.addWidget(self._child_box(ch.label, ch.name, OpinionGrid(self.store)))
            elif ch.name == "nam":
                layout.addWidget(self._child_box(ch.label, ch.name, YearGrid(self.store)))
            elif ch.name == "hoa_giai_vien_ids":
                layout.addWidget(self._child_box(ch.label, ch.name, MediatorList(self.store)))
        if k.key in RECORD_KINDS and attachments:
            layout.addWidget(self._attachments_box())

    def _attachments_box(self) -> QGroupBox:
        box = QGroupBox("Tệp đính kèm", self.body)
        v = QVBoxLayout(box)
        self.attachment_list = QListWidget(box)
        self.attachment_list.setObjectName("attachments")
        fm = self.attachment_list.fontMetrics()
        self.attachment_list.setFixedHeight(fm.lineSpacing() * 3 + 12)
        self.attachment_list.itemActivated.connect(lambda _it: self.open_attachment())
        self.attachment_list.currentItemChanged.connect(lambda *_: self._update_open_button())
        v.addWidget(self.attachment_list)
        h = QHBoxLayout()
        self.add_file_button = QPushButton("Thêm tệp…", box)
        self.open_file_button = QPushButton("Mở", box)
        self.remove_file_button = QPushButton("Bỏ tệp", box)
        for b in (self.add_file_button, self.open_file_button, self.remove_file_button):
            b.setAutoDefault(False)
            h.addWidget(b)
        h.addStretch(1)
        v.addLayout(h)
        self.add_file_button.clicked.connect(self.add_attachment)
        self.open_file_button.clicked.connect(self.open_attachment)
        self.remove_file_button.clicked.connect(self.remove_attachment)
        return box

    def _set_tab_order(self):
        chain = []
        children = dict(self.children)
        for name, w in self.widgets.items():
            chain.append(w.choose_button if isinstance(w, RefPicker) else w)
            if self.kind_key == "hoa_giai" and name == "so_nguoi_lien_quan":
                # the mediators list sits at the bottom of the left column
                m = children.pop("hoa_giai_vien_ids")
                chain.append(m.focus_widget())
        for w in children.values():
            chain.append(w.focus_widget() if hasattr(w, "focus_widget") else w)
        for a, b in zip(chain, chain[1:]):
            QWidget.setTabOrder(a, b)

    def _fit_size(self):
        screen = (self.parent().screen() if self.parent() else None) or QGuiApplication.primaryScreen()
        avail = screen.availableGeometry().size() if screen else QSize(1366, 728)
        if QGuiApplication.platformName() == "offscreen":  # tests, screenshots: a 1366×768 PC
            avail = QSize(1366, 728)
        wide = self.kind_key in COLUMNS or self.kind_key in WIDE
        w = min(1240 if wide else 640, avail.width() - 40)
        body_h = self.body.sizeHint().height() + (180 if wide else 200)  # room for messages
        h = min(max(body_h, 300), avail.height() - 50, 720)
        self.resize(w, h)

    # ------------------------------------------------------------- data
    def _defaults(self) -> dict:
        vals: dict = {}
        today = dt.date.today()
        for f in self.kind.fields:
            if f.default is not None:
                vals[f.name] = f.default
        if self.kind.date_field and self.kind_key != "chi_tieu":
            vals[self.kind.date_field] = today.isoformat()
        if self.kind_key == "mo_hinh":
            vals["nam_dang_ky"] = today.year
            vals["nam"] = [{"nam": today.year, "trang_thai": "dang_ky_moi"}]
        if self.kind_key == "chi_tieu":
            vals["tu_ngay"] = dt.date(today.year, 1, 1).isoformat()
            vals["den_ngay"] = today.isoformat()
        return vals

    def _load(self):
        self._loading = True
        try:
            self._clear_errors()
            if self.record_id is not None:
                row = self.store.get(self.kind_key, self.record_id) or {}
                self._extra = {}
            else:
                row = self._defaults()
                row.update(self._prefill)
                self._extra = {k: v for k, v in self._prefill.items()
                               if k not in self.widgets and k not in self.children}
            for name, w in self.widgets.items():
                w.set_value(row.get(name))
            if self.kind_key == "hoa_giai":
                self.children["hoa_giai_vien_ids"].set_team(row.get("to_hoa_giai_id"), self.store)
            for name, w in self.children.items():
                w.set_value(row.get(name) or [])
            self._so_den_auto = False
            self._hide_identity(self.kind_key == "don_thu" and self.record_id is not None
                                and row.get("loai") == "to_cao")
            if self.kind_key == "don_thu" and self.record_id is None and not row.get("so_den"):
                self._suggest_so_den()
                self._so_den_auto = True
            self._pending_files = []
            self._update_states()
            self._refresh_attachments()
            self._update_title()
        finally:
            self._loading = False
        self._snapshot = self._collect()
        self._update_status()

    def _collect(self) -> dict:
        out = {}
        for name, w in self.widgets.items():
            if self._secret_hidden and name in SECRET_FIELDS:
                continue  # not shown, not sent: the stored identity stays as it is
            # a field that does not apply is saved empty (or its default)
            out[name] = self.kind.field(name).default if name in self._inactive else w.value()
        for name, w in self.children.items():
            out[name] = w.value()
        return out

    def values(self) -> dict:
        """What would be saved now (inactive fields are empty)."""
        return self._collect()

    def is_dirty(self) -> bool:
        return bool(self._pending_files) or self._collect() != self._snapshot

    # ----------------------------------------------------------- API
    def field_widget(self, name: str):
        return self.widgets.get(name) or self.children.get(name)

    def error_label(self, name: str) -> QLabel:
        return self.errors[name]

    def error_text(self, name: str) -> str:
        lab = self.errors.get(name)
        return lab.text() if lab is not None and not lab.isHidden() else ""

    def set_value(self, name: str, v):
        self.field_widget(name).set_value(v)

    def value(self, name: str):
        return self.field_widget(name).value()

    # ---------------------------------------------------------- states
    def _on_changed(self):
        if self._loading:
            return
        self._update_states()
        self._update_status()

    def _field_edited(self, name: str):
        """The clerk is fixing this field: its old message goes away."""
        if self._loading:
            return
        lab = self.errors.get(name)
        if lab is not None and not lab.isHidden():
            lab.hide()

    def _set_active(self, name: str, active: bool):
        w = self.widgets.get(name)
        if w is None:
            return
        w.setEnabled(active)
        lab = self.row_labels.get(name)
        if lab is not None:
            lab.setEnabled(active)
        if active:
            self._inactive.discard(name)
        else:
            self._inactive.add(name)

    def _int(self, name: str):
        try:
            return int(str(self.widgets[name].value()).replace(".", "").strip())
        except (ValueError, TypeError):
            return None

    def _update_states(self):
        w = self.widgets
        key = self.kind_key
        if key == "don_thu":
            nguon = w["nguon"].value()
            self._set_active("nguon_chi_tiet", nguon in ("co_quan_chuyen", "duong_day_nong", "khac"))
            self._set_active("tiep_cong_dan_id", nguon == "tiep_cong_dan")
            self._set_active("don_truoc_id", (self._int("lan") or 1) >= 2)
            du = w["du_dieu_kien"].value()
            self._set_active("ly_do_khong_du", du == 0)
            self._set_active("don_goc_id", du == 0 and w["ly_do_khong_du"].value() == "trung_lap")
            w["huong_xu_ly"].set_allowed(("luu", "huong_dan") if du == 0 else None)
            huong = w["huong_xu_ly"].value()
            self._set_active("co_quan_nhan", huong in ("chuyen", "don_doc"))
            self._set_active("so_van_ban_chuyen", huong in ("chuyen", "huong_dan", "don_doc"))
            thu_ly = huong == "thu_ly"
            for n in ("ngay_thu_ly", "han_giai_quyet", "ly_do_dieu_chinh_han", "ngay_giai_quyet",
                      "ket_qua", "so_van_ban_ket_qua"):
                self._set_active(n, thu_ly)
            loai = w["loai"].value()
            self._set_active("gia_han", thu_ly and loai == "to_cao")
            self.group_boxes["nguoi_gui"].setTitle(
                "Người tố cáo (thông tin được giữ bí mật)" if loai == "to_cao" else "Người gửi")
            if loai in KN_TC:
                w["ket_qua"].set_allowed(KET_QUA_KN_TC)
            elif loai:
                w["ket_qua"].set_allowed(KET_QUA_KN_PA + ("rut_don",))
            else:
                w["ket_qua"].set_allowed(None)
            if self._so_den_auto and not self._loading:
                self._suggest_so_den()
        elif key == "tiep_cong_dan":
            self._set_active("so_dai_dien", (self._int("so_nguoi") or 1) >= 5)
        elif key == "chi_tieu":
            unit = ""
            for it in self.store.enum_items("chi_tieu", include_hidden=True):
                if it["code"] == w["ma"].value():
                    unit = (it.get("extra") or {}).get("don_vi_tinh") or ""
            self.row_labels["gia_tri"].setText(f"Giá trị ({unit}) *:" if unit else "Giá trị *:")
        elif key == "hoa_giai":
            kq = w["ket_qua"].value()
            self._set_active("huong_dan", kq == "khong_thanh")
            self._set_active("ngay_ket_thuc", kq not in (None, "dang"))

    def _suggest_so_den(self):
        d = self.widgets["ngay_nhan"].date() or dt.date.today()
        try:
            n = self.store.next_so_den(self._extra.get("unit_id"), d.year)
        except Exception:  # no current unit yet
            return
        w = self.widgets["so_den"]
        if w.value() != str(n):
            w.blockSignals(True)
            w.set_value(n)
            w.blockSignals(False)

    def _wire_kind(self):
        w = self.widgets
        if self.kind_key == "don_thu":
            w["so_den"].textEdited.connect(lambda _t: setattr(self, "_so_den_auto", False))
            w["ly_do_khong_du"].activated.connect(self._on_ly_do_picked)
            w["don_truoc_id"].changed.connect(self._earlier_petition_chosen)
            w["tiep_cong_dan_id"].changed.connect(self._visit_chosen)
        if self.kind_key == "tiep_cong_dan":
            w["nguoi_tiep"].changed.connect(self._fill_receiver_name)
            w["vu_viec_id"].changed.connect(self._case_chosen)
        if self.kind_key == "mo_hinh":
            w["nam_dang_ky"].changed.connect(self._registration_year_changed)
        if "thon_id" in w and "dia_chi" in w:
            w["thon_id"].changed.connect(self._thon_chosen)
        if self.kind_key == "hoa_giai":
            w["to_hoa_giai_id"].changed.connect(
                lambda: self.children["hoa_giai_vien_ids"].set_team(w["to_hoa_giai_id"].value(), self.store))

    def showEvent(self, e):
        super().showEvent(e)
        if not getattr(self, "_focused_once", False):
            self._focused_once = True
            first = next(iter(self.widgets.values()))
            (first.choose_button if isinstance(first, RefPicker) else first).setFocus(Qt.OtherFocusReason)

    def _thon_chosen(self):
        """Thôn picked and no address typed yet: the address starts with it."""
        if self._loading or "dia_chi" not in self.widgets or self._secret_hidden:
            return
        w = self.widgets["thon_id"]
        if w.value() is not None and not self.widgets["dia_chi"].value():
            self.widgets["dia_chi"].set_value(w.currentText())

    def _registration_year_changed(self):
        """A new model: its "đăng ký mới" row follows the registration year."""
        if self._loading or self.record_id is not None:
            return
        grid = self.children["nam"]
        rows = grid.value()
        year = self._int("nam_dang_ky")
        if len(rows) == 1 and rows[0]["trang_thai"] == "dang_ky_moi" and year and 1990 <= year <= 2100:
            grid.table.item(0, 0).setText(str(year))

    def _earlier_petition_chosen(self):
        """Đơn lần trước picked: lần gửi becomes its lần + 1 (never lowered)."""
        if self._loading:
            return
        prev = self.widgets["don_truoc_id"].value()
        if prev is None:
            return
        row = self.store.q("SELECT lan, vu_viec_id FROM don_thu WHERE id=?", (prev,))
        if not row:
            return
        lan = (row[0]["lan"] or 1) + 1
        if (self._int("lan") or 1) < lan:
            self.widgets["lan"].set_value(lan)
        if row[0]["vu_viec_id"] and self.widgets["vu_viec_id"].value() is None:
            self.widgets["vu_viec_id"].set_value(row[0]["vu_viec_id"])

    def _visit_chosen(self):
        """Lượt tiếp picked: empty fields are filled from the visit."""
        if self._loading or self._secret_hidden:
            return
        vid = self.widgets["tiep_cong_dan_id"].value()
        if vid is None:
            return
        visit = self.store.get("tiep_cong_dan", vid) or {}
        for n in ("ho_ten", "dia_chi", "thon_id", "cccd", "dien_thoai", "loai", "linh_vuc", "noi_dung",
                  "vu_viec_id"):
            w = self.widgets[n]
            if w.value() in (None, "") and visit.get(n) not in (None, ""):
                w.set_value(visit[n])

    def _case_chosen(self):
        """A visit about a case already brought here is not a first visit."""
        if self._loading:
            return
        case = self.widgets["vu_viec_id"].value()
        earlier = 0
        if case is not None:
            earlier = (self.store.q1("SELECT count(*) FROM tiep_cong_dan WHERE vu_viec_id=? AND id<>?",
                                     (case, self.record_id or -1))
                       + self.store.q1("SELECT count(*) FROM don_thu WHERE vu_viec_id=?", (case,)))
        self.widgets["lan_dau"].set_value(0 if earlier else 1)

    def _fill_receiver_name(self):
        """Chủ tịch / Phó Chủ tịch chosen: their name from the leaders list
        (only when the name box is empty or was filled this way)."""
        if self._loading:
            return
        role = self.widgets["nguoi_tiep"].value()
        name_w = self.widgets["nguoi_tiep_ten"]
        if name_w.value() and name_w.value() != getattr(self, "_auto_receiver", None):
            return
        name = None
        if role in ("chu_tich", "pho_chu_tich"):
            name = self.store.q1("SELECT ho_ten FROM lanh_dao WHERE chuc_vu=? AND dang_cong_tac=1 "
                                 "ORDER BY thu_tu, id LIMIT 1", (role,))
        name_w.set_value(name)
        self._auto_receiver = name

    def _on_ly_do_picked(self, _i):
        """Trùng lặp: the original must be linked — open the picker at once."""
        w = self.widgets
        if w["ly_do_khong_du"].value() == "trung_lap" and w["don_goc_id"].value() is None:
            w["don_goc_id"].pick()

    def _update_title(self):
        k = self.kind
        if self.record_id is None:
            text = f"Thêm {k.label}"
        else:
            text = f"Sửa {k.label}"
            if self.kind_key == "don_thu":
                text += f" số {self.widgets['so_den'].value()}/{(self.widgets['ngay_nhan'].date() or dt.date.today()).year}"
        self.title_label.setText(text[0].upper() + text[1:])
        self.setWindowTitle(self.title_label.text() + " — Sổ Dân vận")
        self.delete_button.setVisible(self.record_id is not None)

    def _current_row(self) -> dict:
        values, _errs = coerce(self.kind, self._collect())
        if self.kind_key == "don_thu" and values.get("du_dieu_kien") == 0 and not values.get("huong_xu_ly"):
            values["huong_xu_ly"] = "luu"  # what the store will record
        return values

    def _update_status(self):
        text, colour = "", None
        if self.kind_key == "don_thu":
            row = self._current_row()
            if row.get("ngay_nhan"):
                try:
                    st = self.store.petition_state(row)
                except Exception:  # half-typed values
                    st = None
                if st is not None:
                    text = "Trạng thái: " + ("Đã lưu đơn (không xử lý tiếp)" if st.status == "da_luu" else st.label)
                    if st.due is not None:
                        text += f" · hạn {fmt_date(st.due)}"
                        if st.days_left is not None:
                            if st.days_left < 0:
                                text += f" · trễ {fmt_int(-st.days_left)} ngày"
                            elif st.days_left == 0:
                                text += " · hết hạn hôm nay"
                            else:
                                text += f" · còn {fmt_int(st.days_left)} ngày"
                    colour = st.colour
        elif self.kind_key == "tiep_cong_dan":
            row = self._current_row()
            if row.get("ngay_tiep") and not row.get("ngay_ket_qua"):
                try:
                    due = reception_reply_due(row["ngay_tiep"], self.store.deadlines())
                    left = (due - dt.date.today()).days
                    text = f"Hạn trả lời: {fmt_date(due)}"
                    text += f" · trễ {-left} ngày" if left < 0 else f" · còn {left} ngày"
                    colour = "red" if left < 0 else ("amber" if left <= 3 else "green")
                except Exception:
                    text = ""
        self.status_label.setText(text)
        self.status_label.setStyleSheet(f"color: {COLOURS.get(colour)};")

    # ----------------------------------------------------------- errors
    def _clear_errors(self):
        for lab in self.errors.values():
            lab.clear()
            lab.hide()
        self.banner.hide()

    def show_errors(self, errors: dict[str, str]):
        self._clear_errors()
        order = list(self.widgets) + list(self.children)
        first = None
        other = []
        for name in order:
            if name in errors:
                lab = self.errors[name]
                lab.setText(errors[name])
                lab.show()
                if first is None:
                    first = name
        for name, msg in errors.items():
            if name not in self.errors:
                other.append(msg)
        n = len(errors)
        text = "Chưa lưu được: " + (f"có {n} chỗ cần sửa, xem các dòng chữ đỏ." if first else "")
        if other:
            text += " " + " ".join(other)
        self.banner.setText(text)
        self.banner.show()
        if first is not None:
            w = self.field_widget(first)
            target = w.choose_button if isinstance(w, RefPicker) else (
                w.focus_widget() if hasattr(w, "focus_widget") else w)
            if not w.isEnabled():
                target = self.errors[first]
            target.setFocus(Qt.OtherFocusReason)
            self.scroll.ensureWidgetVisible(self.errors[first], 50, 80)
            self.scroll.ensureWidgetVisible(w, 50, 80)

    # ------------------------------------------------------------- save
    def save(self) -> bool:
        """Validate and write; on error show the messages and keep everything typed."""
        data = self._collect()
        data.update(self._extra)
        try:
            if self.record_id is None:
                rid = self.store.create(self.kind_key, data)
                self.record_id = rid
                for p in self._pending_files:
                    try:
                        self.store.add_attachment(self.kind_key, rid, p)
                    except (ValidationError, OSError) as e:
                        log.warning("attachment %s not added: %s", p, e)
                self._pending_files = []
                for w in self.widgets.values():  # a record never links to itself
                    if isinstance(w, RefPicker) and w.ref_kind == self.kind_key:
                        w.exclude_id = rid
            else:
                self.store.update(self.kind_key, self.record_id, data)
        except ValidationError as e:
            self.show_errors(e.errors)
            return False
        except Exception as e:  # never lose the form on an unexpected error
            self._clear_errors()
            if type(e).__name__ in ("SecurityError", "StoreError", "NewerSchemaError"):
                # problems core explains in Vietnamese (password locked, store closed, …)
                log.warning("saving %s refused: %s", self.kind_key, e)
                self.banner.setText(f"Chưa lưu được: {e} Nội dung đang nhập vẫn được giữ nguyên.")
            else:
                log.exception("saving %s failed", self.kind_key)
                self.banner.setText("Lỗi không mong muốn khi lưu (đã ghi vào nhật ký lỗi); nội dung đang nhập "
                                    f"vẫn được giữ nguyên. Chi tiết: {e}")
            self.banner.show()
            return False
        self.saved_id = self.record_id
        rid = self.record_id
        self._load()  # stored form (normalised values, derived so_den, …)
        self.saved.emit(rid)
        editor_events().saved.emit(self.kind_key, rid)
        return True

    def save_and_close(self):
        if self.save():
            self.accept()

    def save_and_new(self):
        if self.save():
            self._start_new()

    def _start_new(self, prefill=None):
        self.record_id = None
        self._prefill = dict(prefill or {})
        for w in self.widgets.values():
            if isinstance(w, RefPicker) and w.ref_kind == self.kind_key:
                w.exclude_id = None
        self._load()
        first = next(iter(self.widgets.values()))
        (first.choose_button if isinstance(first, RefPicker) else first).setFocus()

    def new_record(self):
        """Ctrl+N: a new blank record (asks first when something is unsaved)."""
        if self.is_dirty():
            choice = ask(self, "Thêm mới", "Hồ sơ đang nhập có thay đổi chưa lưu. Lưu trước khi thêm mới?",
                         [("save", "Lưu"), ("discard", "Không lưu"), ("cancel", "Hủy")], "save")
            if choice == "save":
                if not self.save():
                    return
            elif choice != "discard":
                return
        self._start_new()

    def reject(self):
        """Esc / Đóng: ask before dropping unsaved typing."""
        if self.is_dirty():
            choice = ask(self, "Đóng", "Bỏ các thay đổi chưa lưu?",
                         [("discard", "Bỏ thay đổi"), ("keep", "Tiếp tục sửa")], "keep",
                         icon=QMessageBox.Warning)
            if choice != "discard":
                return
        super().reject()

    def closeEvent(self, e):
        if self.is_dirty():
            choice = ask(self, "Đóng", "Bỏ các thay đổi chưa lưu?",
                         [("discard", "Bỏ thay đổi"), ("keep", "Tiếp tục sửa")], "keep",
                         icon=QMessageBox.Warning)
            if choice != "discard":
                e.ignore()
                return
            self._snapshot = self._collect()
            self._pending_files = []
        super().closeEvent(e)

    def delete_record(self):
        if self.record_id is None:
            return
        k = self.kind
        choice = ask(self, "Xóa", f"Xóa {k.label} này? Thao tác này không hoàn tác được.",
                     [("delete", "Xóa"), ("cancel", "Không xóa")], "cancel", icon=QMessageBox.Warning)
        if choice != "delete":
            return
        rid = self.record_id
        try:
            self.store.delete(self.kind_key, rid)
        except ValidationError as e:
            self._clear_errors()
            self.banner.setText(" ".join(e.errors.values()))
            self.banner.show()
            return
        self.record_id = None
        self.saved_id = None
        self._snapshot = self._collect()
        self._pending_files = []
        self.deleted.emit(rid)
        editor_events().deleted.emit(self.kind_key, rid)
        self.accept()

    # -------------------------------------------------------- attachments
    def _refresh_attachments(self):
        if not hasattr(self, "attachment_list"):
            return
        lst = self.attachment_list
        lst.clear()
        if self.record_id is not None:
            names = {}
            if self.kind_key == "don_thu":
                self._flush_replaced_files()
                if not self._secret_hidden:  # the identity was revealed (logged): so are the names
                    from core.safety import secrets as security

                    names = security.attachment_names(self.store, self.record_id)
            n_secret = 0
            for a in self.store.attachments(self.kind_key, self.record_id):
                size = a.get("kich_thuoc") or 0
                secret = bool(a.get("bao_mat"))
                if secret:
                    # a tố cáo's file: its name is part of the denouncer's identity,
                    # shown only after the identity is revealed
                    n_secret += 1
                    name = names.get(a["id"]) or f"Tệp {n_secret} (bảo mật)"
                else:
                    name = a["ten_goc"]
                it = QListWidgetItem(f"{name} ({fmt_int(max(1, round(size / 1024)))} KB)")
                it.setData(Qt.UserRole, a["id"])
                it.setData(Qt.UserRole + 1, str(self.store.attachment_path(a)))
                it.setData(Qt.UserRole + 2, secret)
                if secret:
                    it.setToolTip("Tệp của đơn tố cáo được giữ bí mật; mở tệp được ghi vào nhật ký.")
                lst.addItem(it)
        for p in self._pending_files:
            it = QListWidgetItem(f"{Path(p).name} (sẽ lưu cùng hồ sơ)")
            it.setData(Qt.UserRole, None)
            it.setData(Qt.UserRole + 1, p)
            lst.addItem(it)
        if lst.count():
            lst.setCurrentRow(0)
        has = lst.count() > 0
        self.open_file_button.setEnabled(has)
        self.remove_file_button.setEnabled(has)
        self._update_open_button()

    def _update_open_button(self):
        it = self.attachment_list.currentItem() if hasattr(self, "attachment_list") else None
        secret = bool(it is not None and it.data(Qt.UserRole + 2))
        self.open_file_button.setText("Mở (ghi nhật ký)" if secret else "Mở")

    def _flush_replaced_files(self):
        """Files replaced when a đơn thư became (or stopped being) a tố cáo
        are deleted once nothing refers to them (core.safety.secrets)."""
        from core.safety import secrets as security

        try:
            security.flush_pending(self.store)
        except Exception:  # housekeeping only: never in the clerk's way
            log.warning("replaced attachment files not deleted yet", exc_info=True)

    def add_attachment(self):
        paths, _ = QFileDialog.getOpenFileNames(self, "Chọn tệp đính kèm", str(Path.home()),
                                                "Tất cả các tệp (*)")
        if not paths:
            return
        if self.record_id is None:
            self._pending_files.extend(paths)
        else:
            from core.safety.secrets import SecurityError

            errs = []
            for p in paths:
                try:
                    self.store.add_attachment(self.kind_key, self.record_id, p)
                except (ValidationError, OSError, SecurityError) as e:
                    errs.append(" ".join(e.errors.values()) if isinstance(e, ValidationError) else str(e))
            if errs:
                self.banner.setText(" ".join(errs))
                self.banner.show()
        self._refresh_attachments()

    def open_attachment(self):
        it = self.attachment_list.currentItem()
        if it is None:
            return
        path = it.data(Qt.UserRole + 1)
        if it.data(Qt.UserRole + 2):
            # a tố cáo's file: a reveal, logged, through a decrypted copy
            from core.safety import secrets as security

            try:
                path = str(security.open_attachment(self.store, it.data(Qt.UserRole)))
            except (security.SecurityError, OSError) as e:
                self.banner.setText(str(e) if isinstance(e, security.SecurityError)
                                    else f"Không mở được tệp đính kèm: {e.strerror or e}")
                self.banner.show()
                return
        QDesktopServices.openUrl(QUrl.fromLocalFile(path))

    def remove_attachment(self):
        it = self.attachment_list.currentItem()
        if it is None:
            return
        att_id = it.data(Qt.UserRole)
        path = it.data(Qt.UserRole + 1)
        if att_id is None:
            self._pending_files.remove(path)
        else:
            label = it.text().rsplit(" (", 1)[0] if it.data(Qt.UserRole + 2) else Path(path).name
            choice = ask(self, "Bỏ tệp", f"Bỏ tệp “{label}” khỏi hồ sơ?",
                         [("remove", "Bỏ tệp"), ("cancel", "Không")], "cancel")
            if choice != "remove":
                return
            self.store.remove_attachment(att_id)
        self._refresh_attachments()

    # ------------------------------------------------- người tố cáo
    def _hide_identity(self, hide: bool):
        if self.kind_key != "don_thu":
            return
        self._secret_hidden = hide
        for name in SECRET_FIELDS:
            w = self.widgets[name]
            if hide:
                w.set_value(None)
            w.setEnabled(not hide)
            lab = self.row_labels.get(name)
            if lab is not None:
                lab.setEnabled(not hide)
        self.widgets["ho_ten"].setPlaceholderText("(bảo mật)" if hide else "")
        if self.reveal_button is not None:
            self.reveal_button.setVisible(hide)

    def reveal_identity(self) -> bool:
        """Show a stored denouncer's identity: an explicit action, written to
        the audit log (needs the password when one is set)."""
        if not self._secret_hidden or self.record_id is None:
            return False
        from core.safety import secrets as security

        try:
            ident = security.reveal(self.store, self.record_id)
        except security.SecurityError as e:
            self.banner.setText(str(e))
            self.banner.show()
            return False
        self._loading = True
        try:
            self._hide_identity(False)
            for name in SECRET_FIELDS:
                self.widgets[name].set_value(ident.get(name))
        finally:
            self._loading = False
        for name in SECRET_FIELDS:  # revealing is not an edit
            self._snapshot[name] = self.widgets[name].value()
        self._refresh_attachments()  # the same (logged) reveal shows the names of its files
        return True

    # ------------------------------------------------- tiếp nhận đơn
    def receive_petition(self):
        """Tiếp công dân → "Tiếp nhận đơn": save the visit, then open a new
        petition pre-filled from it (or the petition already received)."""
        w = self.widgets
        if w["huong_xu_ly"].value() is None:
            w["huong_xu_ly"].set_value("tiep_nhan_don")
        if not self.save():
            return None
        existing = self.store.q1("SELECT id FROM don_thu WHERE tiep_cong_dan_id=? ORDER BY id LIMIT 1",
                                 (self.record_id,))
        if existing:
            dlg = EditorDialog(self.store, "don_thu", existing, parent=self)
        else:
            dlg = EditorDialog(self.store, "don_thu", prefill=self.petition_prefill(), parent=self)
        self.child_editor = dlg
        dlg.open()
        return dlg

    def petition_prefill(self) -> dict:
        row = self.store.get("tiep_cong_dan", self.record_id)
        pre = {"nguon": "tiep_cong_dan", "tiep_cong_dan_id": self.record_id, "ngay_nhan": row["ngay_tiep"],
               "unit_id": row["unit_id"]}
        for n in ("ho_ten", "dia_chi", "thon_id", "cccd", "dien_thoai", "loai", "linh_vuc", "noi_dung",
                  "vu_viec_id"):
            if row.get(n) is not None:
                pre[n] = row[n]
        if (row.get("so_nguoi") or 1) >= 5:
            pre["dong_nguoi"] = 1
        if row.get("lan_dau") == 0:
            prev = None
            if row.get("vu_viec_id"):
                prev = self.store.q1("SELECT id FROM don_thu WHERE vu_viec_id=? ORDER BY ngay_nhan DESC, id DESC LIMIT 1",
                                     (row["vu_viec_id"],))
            if prev:
                pre["don_truoc_id"] = prev
                pre["lan"] = (self.store.q1("SELECT lan FROM don_thu WHERE id=?", (prev,)) or 1) + 1
        return pre


def open_editor(parent, store, kind, record_id=None, prefill=None) -> int | None:
    """Open the editor modally; the saved record's id, or ``None`` when
    nothing was saved (cancelled, or the record was deleted)."""
    dlg = EditorDialog(store, kind, record_id, prefill, parent)
    dlg.exec()
    return dlg.saved_id


def show_validation_demo(dialog: EditorDialog) -> EditorDialog:
    """Fill the editor with typical mistakes and try to save, so the
    screenshots show the messages next to the fields."""
    k = dialog.kind
    for f in k.fields:
        if f.required and f.type in ("text", "longtext"):
            dialog.set_value(f.name, "")
    if "cccd" in dialog.widgets:
        dialog.set_value("cccd", "03520001234")
    if "dien_thoai" in dialog.widgets:
        dialog.set_value("dien_thoai", "09xx")
    for f in k.fields:
        if f.type in ("int", "float") and f.min is not None and f.name not in ("so_den",):
            dialog.set_value(f.name, "-3")
            break
    if k.key == "chi_tieu":
        dialog.set_value("tu_ngay", "01/07/2025")
        dialog.set_value("den_ngay", "30/06/2025")
    if k.key == "van_ban":
        dialog.set_value("cap", "cap_tren")
        dialog.set_value("co_quan_ban_hanh", "")
    if k.key == "don_thu":
        dialog.set_value("du_dieu_kien", 0)
        dialog.set_value("ly_do_khong_du", "trung_lap")
    dialog.save()
    return dialog


__all__ = ["EDITOR_KINDS", "EditorDialog", "open_editor", "show_validation_demo", "ask", "editor_events"]
