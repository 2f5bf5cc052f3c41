"""A form built from ``core.records.fields`` (catalogue records in Settings, the
commune profile, and a plain fallback editor for any kind).

Each field gets a widget by type; ``values()`` returns what the store
accepts; ``show_errors({field: message})`` writes each Vietnamese message in
red under its field and keeps what was typed.
"""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from core.records import lookups
from core.records.fields import FIXED_ENUMS, Field
from core.records.fields import kind as get_kind
from core.records.validation import ValidationError
from core.text import fmt_date, fmt_number

from .collate import vi_sorted
from .vi import vi_buttons


class FieldForm(QWidget):
    changed = Signal()

    def __init__(self, store, kind_key: str, fields: list[str] | None = None, parent=None):
        super().__init__(parent)
        self.store = store
        self.kind = get_kind(kind_key)
        names = fields or [f.name for f in self.kind.fields if f.type != "ref" or f.ref in lookups.REF_LABEL_KINDS]
        self.fields: list[Field] = [self.kind.field(n) for n in names]
        self.widgets: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        lay = QFormLayout(self)
        lay.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for f in self.fields:
            w = self._make(f)
            w.setObjectName(f.name)
            self.widgets[f.name] = w
            err = QLabel("")
            err.setObjectName(f"err_{f.name}")
            err.setStyleSheet("color: #b3261e;")
            err.setWordWrap(True)
            err.hide()
            self.errors[f.name] = err
            box = QWidget()
            v = QVBoxLayout(box)
            v.setContentsMargins(0, 0, 0, 0)
            v.setSpacing(2)
            v.addWidget(w)
            v.addWidget(err)
            label = f.label + (" *" if f.required else "")
            lay.addRow(label if f.type != "bool" else "", box)

    def _make(self, f: Field) -> QWidget:
        if f.type == "bool":
            w = QCheckBox(f.label)
            w.toggled.connect(self.changed)
            return w
        if f.type == "enum":
            w = QComboBox()
            if not f.required:
                w.addItem("", None)
            items = FIXED_ENUMS.get(f.enum) or [(r["code"], r["label"]) for r in self.store.enum_items(f.enum)]
            for code, label in items:
                w.addItem(label, code)
            w.currentIndexChanged.connect(self.changed)
            return w
        if f.type == "ref":
            w = QComboBox()
            w.addItem("", None)
            rows = lookups.ref_labels(self.store, f.ref)
            for r in vi_sorted(rows, key=lambda r: r["label"]):
                w.addItem(r["label"], r["id"])
            w.currentIndexChanged.connect(self.changed)
            return w
        if f.type == "longtext":
            w = QPlainTextEdit()
            w.setTabChangesFocus(True)
            w.setFixedHeight(64)
            w.textChanged.connect(self.changed)
            return w
        w = QLineEdit()
        if f.type == "date":
            w.setPlaceholderText("dd/mm/yyyy")
            w.setMaximumWidth(140)
        elif f.type in ("int", "float"):
            w.setMaximumWidth(140)
        elif f.help:
            w.setPlaceholderText(f.help)
        w.textChanged.connect(self.changed)
        return w

    # ----------------------------------------------------------- values
    def set_values(self, row: dict):
        for f in self.fields:
            w = self.widgets[f.name]
            v = row.get(f.name)
            if isinstance(w, QCheckBox):
                w.setChecked(bool(v))
            elif isinstance(w, QComboBox):
                i = w.findData(v)
                if i < 0 and v is not None and f.type == "enum":
                    w.addItem(self.store.enum_label(f.enum, v), v)  # a hidden code still in use
                    i = w.count() - 1
                w.setCurrentIndex(max(i, 0))
            elif isinstance(w, QPlainTextEdit):
                w.setPlainText(v or "")
            elif f.type == "date":
                w.setText(fmt_date(v) if v else "")
            elif f.type == "float":
                w.setText(fmt_number(v) if v is not None else "")
            else:
                w.setText("" if v is None else str(v))

    def values(self) -> dict:
        out = {}
        for f in self.fields:
            w = self.widgets[f.name]
            if isinstance(w, QCheckBox):
                out[f.name] = int(w.isChecked())
            elif isinstance(w, QComboBox):
                out[f.name] = w.currentData()
            elif isinstance(w, QPlainTextEdit):
                out[f.name] = w.toPlainText()
            else:
                out[f.name] = w.text()
        return out

    def show_errors(self, errors: dict[str, str]) -> list[str]:
        """Show messages next to their fields; returns messages of fields
        that are not on this form."""
        rest = []
        for name, lab in self.errors.items():
            msg = errors.get(name)
            lab.setText(msg or "")
            lab.setVisible(bool(msg))
        for name, msg in errors.items():
            if name not in self.errors:
                rest.append(msg)
        first = next((n for n in (f.name for f in self.fields) if n in errors), None)
        if first:
            self.widgets[first].setFocus()
        return rest


class FormDialog(QDialog):
    """Add or edit one record of ``kind_key`` with a ``FieldForm``.  ``fixed``
    values are written with the record (e.g. the team of a mediator)."""

    def __init__(self, parent, store, kind_key: str, record_id: int | None = None, fields=None,
                 fixed: dict | None = None, prefill: dict | None = None, title: str | None = None):
        super().__init__(parent)
        self.store = store
        self.kind_key = kind_key
        self.record_id = record_id
        self.saved_id: int | None = None
        self.fixed = dict(fixed or {})
        k = get_kind(kind_key)
        self.setWindowTitle(title or (f"Sửa {k.label}" if record_id else f"Thêm {k.label}"))
        lay = QVBoxLayout(self)
        self.form = FieldForm(store, kind_key, fields)
        if len(self.form.fields) > 10:
            sc = QScrollArea()
            sc.setWidgetResizable(True)
            sc.setWidget(self.form)
            lay.addWidget(sc)
            self.resize(640, 600)
        else:
            lay.addWidget(self.form)
            self.setMinimumWidth(480)
        self.general = QLabel("")
        self.general.setStyleSheet("color: #b3261e;")
        self.general.setWordWrap(True)
        self.general.hide()
        lay.addWidget(self.general)
        if record_id:
            self.form.set_values(store.get(kind_key, record_id) or {})
        elif prefill:
            self.form.set_values(prefill)
        else:
            self.form.set_values({f.name: f.default for f in self.form.fields})
        bb = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        vi_buttons(bb)
        bb.accepted.connect(self.save)
        bb.rejected.connect(self.reject)
        lay.addWidget(bb)
        self.buttons = bb

    def save(self) -> bool:
        data = {**self.form.values(), **self.fixed}
        try:
            if self.record_id:
                self.store.update(self.kind_key, self.record_id, data)
                self.saved_id = self.record_id
            else:
                self.saved_id = self.record_id = self.store.create(self.kind_key, data)
        except ValidationError as e:
            rest = self.form.show_errors(e.errors)
            self.general.setText("\n".join(rest))
            self.general.setVisible(bool(rest))
            return False
        self.accept()
        return True


def edit_record(parent, store, kind_key, record_id=None, **kw) -> int | None:
    dlg = FormDialog(parent, store, kind_key, record_id, **kw)
    if dlg.exec() == QDialog.DialogCode.Accepted:
        return dlg.saved_id
    return None
