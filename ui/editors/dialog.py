"""The record editor dialog, built from ``core.records.fields`` with kind-specific
additions (SPEC §3, issue 6 item 3).

Keyboard: Tab walks the fields group by group; Ctrl+S saves (and closes),
Ctrl+N starts a new record, Esc closes (asking "Bỏ các thay đổi chưa lưu?"
when something was typed).  Saving calls ``Store.create/update``; a
``ValidationError`` puts each message in red right under its field and
focuses the first one — the typed text stays.

This module is the dialog's shell: loading, the field states, the status
line, errors, save / new / close / delete.  The parts live beside it:
``form`` (the form builder), ``kinds`` (what each kind adds: petition
intake, reception, mediation, …), ``attachments``, ``identity`` (a tố
cáo's denouncer).  The rules are ``core.records.rules``.
"""
from __future__ import annotations

import datetime as dt
import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from core.records import rules, validation
from core.records.fields import kind as get_kind
from core.records.secrecy import SECRET_FIELDS
from core.records.validation import ValidationError, coerce

from .. import ops
from ..papers.editor_menu import PapersControl
from .attachments import AttachmentsPanel
from .form import FormBuilder, is_wide, row_label_text
from .identity import IdentityPanel
from .kinds import behaviour_for
from .undo import FieldHistory
from .widgets import DateField, RefPicker

log = logging.getLogger(__name__)

EDITOR_KINDS = (
    "don_thu", "tiep_cong_dan", "doi_thoai", "hoa_giai", "mo_hinh", "van_ban", "hoat_dong", "chi_tieu",
    "thon", "lanh_dao", "noi_nhan", "to_hoa_giai", "hoa_giai_vien", "vu_viec", "unit",
)

COLOURS = {"green": "#2e7d32", "amber": "#b26a00", "red": "#c62828", None: "#37474f"}

BANNER_STYLE = ("QLabel { background: #fdecea; color: #8e1b1b; border: 1px solid #f5c2c0;"
                " border-radius: 3px; padding: 6px; }")


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


class EditorDialog(FormBuilder, AttachmentsPanel, IdentityPanel, QDialog):
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
        self._secret_hidden = False  # identity of a stored tố cáo not revealed yet
        self.reveal_button: QPushButton | None = None
        self.receive_button: QPushButton | None = None
        self.widgets: dict[str, object] = {}
        self.errors: dict[str, QLabel] = {}
        self.row_labels: dict[str, QLabel] = {}
        self.children: dict[str, object] = {}
        self.behaviour = behaviour_for(self)
        self.setObjectName(f"editor_{self.kind_key}")
        self.setSizeGripEnabled(True)
        self._build()
        self._load()
        self._fit_size()

    def _ask(self, title: str, text: str, choices: list[tuple[str, str]], default: str | None = None,
             icon=QMessageBox.Question) -> str | None:
        """``ask`` with this dialog as parent (for the parts: one place to answer in tests)."""
        return ask(self, title, text, choices, default, icon=icon)

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
        self._build_body(body)

        # buttons
        bar = QHBoxLayout()
        self.delete_button = QPushButton("Xóa", self)
        self.delete_button.setAutoDefault(False)
        self.delete_button.clicked.connect(self.delete_record)
        bar.addWidget(self.delete_button)
        self.behaviour.add_buttons(bar)
        bar.addStretch(1)
        self.hint_label = QLabel("Ctrl+S: lưu · Ctrl+N: thêm mới · Ctrl+Z: hoàn tác · Esc: đóng", self)
        self.hint_label.setStyleSheet("color: #607d8b;")
        self.hint_label.setVisible(is_wide(self.kind_key))
        bar.addWidget(self.hint_label)
        self.papers = PapersControl(self)  # "In…", "Lưu và in biên nhận" (issue 14)
        self.papers.add_buttons(bar)
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

        self.behaviour.after_build()
        for name, w in list(self.widgets.items()) + list(self.children.items()):
            w.changed.connect(self._on_changed)
            w.changed.connect(lambda n=name: self._field_edited(n))
        if "thon_id" in self.widgets and "dia_chi" in self.widgets:
            self.widgets["thon_id"].changed.connect(self._thon_chosen)
            self.widgets["dia_chi"].editingFinished.connect(self._address_typed)
        for name, w in self.widgets.items():
            if isinstance(w, DateField):  # checked as the cursor leaves it
                w.editingFinished.connect(lambda n=name: self.check_date(n))
        self.behaviour.wire()
        self._set_tab_order()
        # Ctrl+Z: the last field edit undone (issue 15 item 18)
        self.history = FieldHistory(self, {**self.widgets, **self.children})

    # ------------------------------------------------------------- data
    def _load(self):
        self._loading = True
        try:
            self._clear_errors()
            if self.record_id is not None:
                row = self.store.get(self.kind_key, self.record_id) or {}
                self._extra = {}
            else:
                row = rules.defaults(self.kind_key, dt.date.today())
                row.update(self._prefill)
                self._extra = {k: v for k, v in self._prefill.items()
                               if k not in self.widgets and k not in self.children}
            for name, w in self.widgets.items():
                w.set_value(row.get(name))
            self.behaviour.before_children(row)
            for name, w in self.children.items():
                w.set_value(row.get(name) or [])
            self.behaviour.loaded(row)
            self._pending_files = []
            self._update_states()
            self._refresh_attachments()
            self._update_title()
        finally:
            self._loading = False
        self._snapshot = self._collect()
        if getattr(self, "history", None) is not None:
            self.history.reset()
        self._update_status()
        self.papers.refresh()

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

    def widget_values(self) -> dict:
        """What every field shows now (inactive ones too), for the rules."""
        return {name: w.value() for name, w in self.widgets.items()}

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

    def check_date(self, name: str) -> str | None:
        """A date field left by the cursor: a date that is not one (31/02/2026)
        or out of range is said at once under the field, as saving would."""
        if self._loading or name in self._inactive:
            return None
        msg = validation.check_value(self.kind, name, self.widgets[name].value())
        lab = self.errors[name]
        if msg:
            lab.setText(msg)
            lab.show()
        elif not lab.isHidden() and lab.property("date_check"):
            lab.hide()
        lab.setProperty("date_check", bool(msg))
        return msg

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

    def _apply_state(self, name: str, st: rules.FieldState):
        w = self.widgets.get(name)
        if w is None:
            return
        self._set_active(name, st.active)
        if hasattr(w, "set_allowed"):
            w.set_allowed(st.options)
        if st.label is not None and name in self.row_labels:
            self.row_labels[name].setText(row_label_text(self.kind.field(name), st.label))

    def _update_states(self):
        """Ask core which fields apply and what they offer, given the values."""
        values = self.widget_values()
        for name, st in self.behaviour.field_states(values).items():
            self._apply_state(name, st)
        self.behaviour.states_updated(values)

    def showEvent(self, e):
        super().showEvent(e)
        if not getattr(self, "_focused_once", False):
            self._focused_once = True
            first = next(iter(self.widgets.values()))
            (first.choose_button if isinstance(first, RefPicker) else first).setFocus(Qt.OtherFocusReason)

    def _thon_chosen(self):
        """Thôn picked and no address typed yet: the address starts with it."""
        if self._loading or self._secret_hidden:
            return
        w = self.widgets["thon_id"]
        if rules.fills_address(w.value(), self.widgets["dia_chi"].value()):
            self.widgets["dia_chi"].set_value(w.currentText())

    def _address_typed(self):
        """The address left naming a thôn ("Thôn Lộc Hạ, xã …") while none
        is chosen: that thôn is chosen."""
        if self._loading or self._secret_hidden:
            return
        w = self.widgets["thon_id"]
        if w.value() is not None or "thon_id" in self._inactive:
            return
        items = [(w.itemData(i), w.itemText(i)) for i in range(w.count()) if w.itemData(i) is not None]
        found = rules.village_in_address(items, self.widgets["dia_chi"].value())
        if found is not None:
            w.set_value(found)

    def _update_title(self):
        self.title_label.setText(self.behaviour.title())
        self.setWindowTitle(self.title_label.text() + " — Sổ Dân vận")
        self.delete_button.setVisible(self.record_id is not None)

    def _current_row(self) -> dict:
        values, _errs = coerce(self.kind, self._collect())
        return rules.stored_preview(self.kind_key, values)

    def _update_status(self):
        text, colour = self.behaviour.status()
        self.status_label.setText(text)
        self.status_label.setStyleSheet(f"color: {COLOURS.get(colour)};")

    # ----------------------------------------------------------- errors
    def _clear_errors(self):
        for lab in self.errors.values():
            lab.clear()
            lab.hide()
            lab.setProperty("date_check", False)
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
                self._add_pending_files(rid)
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
        ops.notify(self.kind_key, rid)
        ops.say(self.behaviour.saved_message())  # the window's status bar: "Đã lưu đơn số 151/2026"
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
        choice = ask(self, "Xóa", f"Xóa {k.label} này? Hồ sơ được giữ trong Thùng rác 30 ngày, khôi phục được.",
                     [("delete", "Xóa"), ("cancel", "Không xóa")], "cancel", icon=QMessageBox.Warning)
        if choice != "delete":
            return
        rid = self.record_id
        try:
            self.store.trash(self.kind_key, rid)
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
        ops.notify(self.kind_key, rid)
        self.accept()


def open_editor(parent, store, kind, record_id=None, prefill=None) -> int | None:
    """Open the editor modally; the saved record's id, or ``None`` when
    nothing was saved (cancelled, or the record was deleted)."""
    dlg = EditorDialog(store, kind, record_id, prefill, parent)
    dlg.exec()
    return dlg.saved_id


# Typical mistakes of a kind, typed by ``show_validation_demo`` (in this order).
DEMO_MISTAKES = {
    "chi_tieu": {"tu_ngay": "01/07/2025", "den_ngay": "30/06/2025"},
    "van_ban": {"cap": "cap_tren", "co_quan_ban_hanh": ""},
    "don_thu": {"du_dieu_kien": 0, "ly_do_khong_du": "trung_lap"},
}


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
    for name, v in DEMO_MISTAKES.get(k.key, {}).items():
        dialog.set_value(name, v)
    dialog.save()
    return dialog


__all__ = ["EDITOR_KINDS", "EditorDialog", "open_editor", "show_validation_demo", "ask"]
