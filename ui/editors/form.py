"""The form of a record editor, built from ``core.records.fields``: one
widget per field in labelled group boxes (two columns for the big kinds),
a red message line under each field, the sub-row editors and the
attachments box, the tab order, and the dialog's size.

``FormBuilder`` is a mixin of ``EditorDialog``; it fills ``widgets``,
``errors``, ``row_labels``, ``children`` and ``group_boxes``.
"""
from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFormLayout, QGroupBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from core.records.completion import FIELD_COMPLETION, catalogue_items
from core.records.fields import RECORD_KINDS, Field

from .children import CouncilGrid, MediatorList, OpinionGrid, YearGrid
from .widgets import (
    BoolField,
    CompletingTextField,
    DateField,
    EnumField,
    LongTextField,
    NumberField,
    RefCombo,
    RefPicker,
    SearchableRefCombo,
    TextField,
    TriBoolField,
)

# Record kinds picked in a search dialog; the rest (small catalogues) in a combo.
PICKER_REFS = {"don_thu", "tiep_cong_dan", "vu_viec", "hoa_giai"}
# Catalogues whose names share their first word ("Thôn …", "Tổ hòa giải thôn …"):
# a combo the clerk types a part of the name into.
SEARCHABLE_REFS = {"thon", "to_hoa_giai"}

# Group columns (left, right) of the kinds that have groups.
COLUMNS = {
    "don_thu": (("tiep_nhan", "nguoi_gui", "noi_dung"), ("phan_loai", "xu_ly", "giai_quyet")),
    "tiep_cong_dan": (("tiep", "cong_dan"), ("noi_dung", "xu_ly")),
    "hoa_giai": (("tiep_nhan", "cac_ben"), ("noi_dung", "hop_hoa_giai", "ket_qua")),
}

# Kinds whose sub-row editors sit at the foot of the left column (the
# mediators next to the team); elsewhere they sit in the right column.
CHILDREN_LEFT = {"hoa_giai"}

# Kinds edited with a wide two-column layout even without declared groups.
WIDE = {"doi_thoai", "mo_hinh", "unit"}

# Wide kinds whose plain fields are split in two halves (titles), with no extras.
HALVES = {"unit": ("Thông tin chung", "Hành chính, dân cư")}

# The tab order reaches a sub-row editor right after this field (kind → field → child).
TAB_AFTER = {"hoa_giai": {"so_nguoi_lien_quan": "hoa_giai_vien_ids"}}

# Sub-row editors by child name.
CHILD_EDITORS = {"y_kien": OpinionGrid, "nam": YearGrid, "hoa_giai_vien_ids": MediatorList, "hoi_dong": CouncilGrid}

ERROR_STYLE = "color: #c62828;"


def is_wide(kind_key: str) -> bool:
    return kind_key in COLUMNS or kind_key in WIDE


def field_widget(store, kind_key: str, f: Field, record_id):
    """The input widget of one field (by its type; completion from earlier values)."""
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
        combo = SearchableRefCombo if f.ref in SEARCHABLE_REFS else RefCombo
        return combo(store, lambda cur, r=f.ref: catalogue_items(store, r, cur))
    src = FIELD_COMPLETION.get((kind_key, f.name))
    if src:
        return CompletingTextField(store, src)
    return TextField()


def row_label_text(f: Field, label: str | None = None) -> str:
    """"Họ tên người gửi *:" — the label of a form row (``*``: required)."""
    return (label or f.label) + (" *" if f.required else "") + ":"


class FormBuilder:
    """Builds the body of an ``EditorDialog`` (mixin)."""

    def _build_body(self, body: QWidget):
        k = self.kind
        self.group_boxes: dict[str, QGroupBox] = {}
        if k.key in COLUMNS:
            cols_layout = QHBoxLayout(body)
            cols_layout.setContentsMargins(0, 0, 4, 0)
            titles = dict(k.groups)
            cols = COLUMNS[k.key]
            left_children = k.key in CHILDREN_LEFT
            for col in cols:
                v = QVBoxLayout()
                v.setSpacing(8)
                for g in col:
                    box = self._group_box(titles[g], [f for f in k.fields if f.group == g])
                    self.group_boxes[g] = box
                    v.addWidget(box)
                if left_children and col is cols[0]:
                    self._add_extras(v, attachments=False)
                if col is cols[-1]:
                    self._add_extras(v, children=not left_children)
                v.addStretch(1)
                cols_layout.addLayout(v, 1)
        elif k.key in WIDE:
            cols_layout = QHBoxLayout(body)
            cols_layout.setContentsMargins(0, 0, 4, 0)
            left = QVBoxLayout()
            right = QVBoxLayout()
            plain = [f for f in k.fields if f.type != "longtext"]
            long = [f for f in k.fields if f.type == "longtext"]
            if k.key in HALVES:
                first, second = HALVES[k.key]
                half = (len(plain) + 1) // 2
                left.addWidget(self._group_box(first, plain[:half]))
                right.addWidget(self._group_box(second, plain[half:] + long))
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
                    w = field_widget(self.store, self.kind_key, bf, self.record_id)
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
            w = field_widget(self.store, self.kind_key, f, self.record_id)
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
            label = QLabel(row_label_text(f), box)
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
            editor = CHILD_EDITORS.get(ch.name)
            if editor is not None:
                layout.addWidget(self._child_box(ch.label, ch.name, editor(self.store)))
        if k.key in RECORD_KINDS and attachments:
            layout.addWidget(self._attachments_box())

    def _set_tab_order(self):
        chain = []
        children = dict(self.children)
        after = TAB_AFTER.get(self.kind_key, {})
        for name, w in self.widgets.items():
            chain.append(w.choose_button if isinstance(w, RefPicker) else w)
            if name in after:
                chain.append(children.pop(after[name]).focus_widget())
        for w in children.values():
            chain.append(w.focus_widget() if hasattr(w, "focus_widget") else w)
        for a, b in zip(chain, chain[1:]):
            QWidget.setTabOrder(a, b)

    def _fit_size(self):
        screen = (self.parent().screen() if self.parent() else None) or QGuiApplication.primaryScreen()
        avail = screen.availableGeometry().size() if screen else QSize(1366, 728)
        if QGuiApplication.platformName() == "offscreen":  # tests, screenshots: a 1366×768 PC
            avail = QSize(1366, 728)
        wide = is_wide(self.kind_key)
        w = min(1240 if wide else 640, avail.width() - 40)
        body_h = self.body.sizeHint().height() + (180 if wide else 200)  # room for messages
        h = min(max(body_h, 300), avail.height() - 50, 720)
        self.resize(w, h)


__all__ = ["FormBuilder", "field_widget", "row_label_text", "is_wide", "PICKER_REFS", "COLUMNS", "WIDE",
           "ERROR_STYLE"]
