"""Field widgets of the record editors.

Every widget has ``value()`` (what goes to ``Store.create/update``: text as
typed, the store coerces and validates it), ``set_value(v)`` (a stored value)
and a ``changed`` signal.  Text stays exactly as typed until saved, so a
validation error never loses the clerk's input.
"""
from __future__ import annotations

import datetime as dt
import re

from PySide6.QtCore import QDate, QLocale, QStringListModel, Qt, Signal
from PySide6.QtGui import QAction, QColor, QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QCalendarWidget,
    QCheckBox,
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QWidget,
    QWidgetAction,
)

from core.records.completion import label_of, match_values, recent_values
from core.text import fmt_date, fmt_number, fold, parse_date

EMPTY_CHOICE = ""  # label of the "nothing chosen" item of optional combos


def calendar_icon() -> QIcon:
    pm = QPixmap(32, 32)  # drawn at 2× so it stays sharp on high-DPI screens
    pm.setDevicePixelRatio(2.0)
    pm.fill(Qt.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.Antialiasing)
    p.setPen(QPen(QColor("#455a64"), 1.2))
    p.setBrush(QColor("white"))
    p.drawRect(1, 3, 14, 12)
    p.fillRect(1, 3, 15, 4, QColor("#c62828"))
    p.setPen(QPen(QColor("#455a64"), 1))
    for x in (4, 8, 12):
        for y in (9, 12):
            p.drawPoint(x, y)
    p.end()
    return QIcon(pm)


class TextField(QLineEdit):
    changed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.textChanged.connect(self.changed)

    def value(self):
        return self.text()

    def set_value(self, v):
        self.setText("" if v is None else str(v))


class CompletingTextField(TextField):
    """A line edit suggesting earlier values, diacritics ignored
    (``nguyen`` suggests ``Nguyễn Văn An``)."""

    def __init__(self, store, source: str, parent=None):
        super().__init__(parent)
        self._store = store
        self._source = source
        self._values: list[str] | None = None
        self._model = QStringListModel(self)
        comp = QCompleter(self._model, self)
        comp.setCompletionMode(QCompleter.UnfilteredPopupCompletion)
        comp.setCaseSensitivity(Qt.CaseInsensitive)
        self.setCompleter(comp)
        self.textEdited.connect(self._refresh)

    def _refresh(self, text: str):
        if self._values is None:
            self._values = recent_values(self._store, self._source)
        hits = [v for v in match_values(self._values, text) if v != text] if len(text.strip()) >= 2 else []
        self._model.setStringList(hits)
        if hits and self.hasFocus():
            self.completer().complete()
        else:
            self.completer().popup().hide()


class LongTextField(QPlainTextEdit):
    changed = Signal()

    def __init__(self, parent=None, lines: int = 3):
        super().__init__(parent)
        self.setTabChangesFocus(True)
        fm = self.fontMetrics()
        self.setFixedHeight(fm.lineSpacing() * lines + 12)
        self.textChanged.connect(self.changed)

    def value(self):
        return self.toPlainText()

    def set_value(self, v):
        self.setPlainText("" if v is None else str(v))


class DateField(QLineEdit):
    """A date typed ``dd/mm/yyyy`` (also ``d/m/yyyy``, ``dd.mm.yyyy``), with a
    calendar popup (the icon, F4 or Alt+↓).  Empty = no date."""

    changed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setPlaceholderText("dd/mm/yyyy")
        self.setMaxLength(10)
        self.setClearButtonEnabled(False)
        self.textChanged.connect(self.changed)
        self.editingFinished.connect(self._tidy)
        act = QAction(calendar_icon(), "Chọn ngày trên lịch (F4)", self)
        act.setToolTip("Chọn ngày trên lịch (F4)")
        act.triggered.connect(self.show_calendar)
        self.addAction(act, QLineEdit.TrailingPosition)
        self._cal_action = act
        fm = self.fontMetrics()
        self.setMinimumWidth(fm.horizontalAdvance("00/00/00000") + 40)
        self.setMaximumWidth(fm.horizontalAdvance("00/00/00000") + 60)
        self.calendar_menu: QMenu | None = None

    def value(self):
        return self.text()

    def set_value(self, v):
        if v in (None, ""):
            self.setText("")
            return
        try:
            self.setText(fmt_date(v))
        except ValueError:
            self.setText(str(v))

    def date(self) -> dt.date | None:
        try:
            return parse_date(self.text()) if self.text().strip() else None
        except ValueError:
            return None

    def _tidy(self):
        d = self.date()
        if d is not None and fmt_date(d) != self.text():
            self.setText(fmt_date(d))

    def keyPressEvent(self, e):
        if e.key() == Qt.Key_F4 or (e.key() == Qt.Key_Down and e.modifiers() & Qt.AltModifier):
            self.show_calendar()
            return
        super().keyPressEvent(e)

    def show_calendar(self):
        menu = QMenu(self)
        cal = QCalendarWidget(menu)
        cal.setGridVisible(True)
        cal.setFirstDayOfWeek(Qt.Monday)
        cal.setLocale(QLocale(QLocale.Vietnamese, QLocale.Vietnam))
        cal.setHorizontalHeaderFormat(QCalendarWidget.ShortDayNames)
        cal.setVerticalHeaderFormat(QCalendarWidget.NoVerticalHeader)
        d = self.date() or dt.date.today()
        cal.setSelectedDate(QDate(d.year, d.month, d.day))
        wa = QWidgetAction(menu)
        wa.setDefaultWidget(cal)
        menu.addAction(wa)

        def pick(qd: QDate):
            self.setText(fmt_date(dt.date(qd.year(), qd.month(), qd.day())))
            menu.close()
            self.setFocus()

        cal.activated.connect(pick)
        cal.clicked.connect(pick)
        self.calendar_menu = menu
        menu.popup(self.mapToGlobal(self.rect().bottomLeft()))
        cal.setFocus()


_VN_GROUPED = re.compile(r"^\s*-?\d{1,3}(\.\d{3})+(,\d+)?\s*$")


class NumberField(QLineEdit):
    """A number typed the Vietnamese way: ``1.963`` is one thousand nine
    hundred sixty-three, ``12,5`` is twelve and a half."""

    changed = Signal()

    def __init__(self, is_float: bool = False, parent=None):
        super().__init__(parent)
        self._float = is_float
        self.setAlignment(Qt.AlignRight | Qt.AlignVCenter)
        fm = self.fontMetrics()
        self.setMaximumWidth(fm.horizontalAdvance("0000000000") + 24)
        self.textChanged.connect(self.changed)

    def value(self):
        text = self.text()
        if self._float and _VN_GROUPED.match(text):
            return text.strip().replace(".", "").replace(",", ".")
        return text

    def set_value(self, v):
        if v in (None, ""):
            self.setText("")
        elif self._float:
            self.setText(fmt_number(v))
        else:
            self.setText(str(v))


class BoolField(QCheckBox):
    changed = Signal()

    def __init__(self, text: str, parent=None):
        super().__init__(text, parent)
        self.toggled.connect(self.changed)

    def value(self):
        return 1 if self.isChecked() else 0

    def set_value(self, v):
        self.setChecked(bool(v))


class ChoiceField(QComboBox):
    """A combo of (code, label); ``None`` is the empty choice."""

    changed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(16)
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Fixed)
        self.setMaxVisibleItems(16)
        self.currentIndexChanged.connect(self.changed)

    def set_items(self, items: list[tuple[object, str]], empty: str | None = EMPTY_CHOICE):
        cur = self.value()
        self.blockSignals(True)
        self.clear()
        if empty is not None:
            self.addItem(empty, None)
        for code, label in items:
            self.addItem(label, code)
        self.blockSignals(False)
        self.set_value(cur, emit=False)

    def value(self):
        return self.currentData()

    def set_value(self, v, emit: bool = True):
        i = self.findData(v) if v is not None else (self.findData(None))
        if i < 0:
            i = 0 if self.count() and self.itemData(0) is None else -1
        if i != self.currentIndex():
            if not emit:
                self.blockSignals(True)
            self.setCurrentIndex(i)
            if not emit:
                self.blockSignals(False)

    def codes(self) -> list:
        return [self.itemData(i) for i in range(self.count())]


class EnumField(ChoiceField):
    """Enumeration from ``store.enum_items(key)``: hidden items only when the
    record already uses them."""

    def __init__(self, store, key: str, required: bool, parent=None):
        super().__init__(parent)
        self._store = store
        self._key = key
        self._required = required
        self._allowed: set | None = None
        self.reload()

    def reload(self, keep=None):
        cur = keep if keep is not None else self.value()
        items = []
        for it in self._store.enum_items(self._key, include_hidden=True):
            if it["an"] and it["code"] != cur:
                continue
            if self._allowed is not None and it["code"] not in self._allowed and it["code"] != cur:
                continue
            items.append((it["code"], it["label"]))
        self.set_items(items, EMPTY_CHOICE)
        self.set_value(cur, emit=False)

    def set_allowed(self, codes):
        """Restrict the list (e.g. kết quả by loại đơn); ``None`` = all."""
        allowed = set(codes) if codes is not None else None
        if allowed != self._allowed:
            self._allowed = allowed
            self.reload()

    def set_value(self, v, emit: bool = True):
        if v is not None and self.findData(v) < 0 and hasattr(self, "_store"):
            # a hidden item in use, or one outside the filter
            self.blockSignals(True)
            self.addItem(self._store.enum_label(self._key, v), v)
            self.blockSignals(False)
        super().set_value(v, emit)


class TriBoolField(ChoiceField):
    """Yes / no / not yet decided (e.g. đủ điều kiện xử lý)."""

    def __init__(self, yes: str, no: str, parent=None):
        super().__init__(parent)
        self.set_items([(1, yes), (0, no)], "(chưa xác định)")


class RefCombo(ChoiceField):
    """A link to a small catalogue (thôn, tổ hòa giải, đơn vị)."""

    def __init__(self, store, items_fn, parent=None):
        super().__init__(parent)
        self._store = store
        self._items_fn = items_fn
        self.reload()

    def reload(self, keep=None):
        cur = keep if keep is not None else self.value()
        self.set_items(self._items_fn(cur), EMPTY_CHOICE)
        self.set_value(cur, emit=False)


FOLD_ROLE = Qt.UserRole + 7  # an item's name folded (no diacritics, lower case)


class FoldingCompleter(QCompleter):
    """Completion that finds what is typed anywhere in an item's name,
    diacritics and case ignored: "loc", "Lộc", "loc ha" all find "Thôn Lộc
    Hạ" (the items carry their folded name in ``FOLD_ROLE``)."""

    def __init__(self, model, parent=None):
        super().__init__(model, parent)
        self.setCompletionRole(FOLD_ROLE)
        self.setFilterMode(Qt.MatchContains)
        self.setCaseSensitivity(Qt.CaseInsensitive)
        self.setCompletionMode(QCompleter.PopupCompletion)
        self.setMaxVisibleItems(12)

    def splitPath(self, path: str) -> list[str]:  # noqa: N802 (Qt naming)
        return [fold(path)]

    def pathFromIndex(self, index) -> str:  # noqa: N802
        return index.data(Qt.DisplayRole) or ""


class SearchableRefCombo(RefCombo):
    """A catalogue combo the clerk can type into (thôn, tổ hòa giải): every
    name starts with "Thôn", so the first letter does not choose; a few
    letters from anywhere in the name do.  Leaving it with text that names
    no item puts the chosen item's name back."""

    def __init__(self, store, items_fn, parent=None):
        super().__init__(store, items_fn, parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.NoInsert)
        self.lineEdit().setPlaceholderText("Gõ vài chữ của tên, không dấu cũng được")
        self.setCompleter(FoldingCompleter(self.model(), self))
        self.lineEdit().editingFinished.connect(self.settle)

    def focusOutEvent(self, e):  # noqa: N802
        super().focusOutEvent(e)
        if e.reason() != Qt.PopupFocusReason:  # left (Tab, a click elsewhere): settle what was typed
            self.completer().popup().hide()
            self.settle()

    def set_items(self, items, empty=EMPTY_CHOICE):
        super().set_items(items, empty)
        for i in range(self.count()):
            self.setItemData(i, fold(self.itemText(i)), FOLD_ROLE)

    def settle(self):
        """The text typed names one item (whole, or a part only it has): that
        item; empty: none; anything else: the chosen item's name again."""
        text = fold(self.lineEdit().text())
        if not text:
            self.set_value(None)
            return
        names = [(i, fold(self.itemText(i))) for i in range(self.count()) if self.itemData(i) is not None]
        hits = [i for i, n in names if n == text] or [i for i, n in names if text in n]
        if len(hits) == 1:
            self.setCurrentIndex(hits[0])
        self.setEditText(self.itemText(self.currentIndex()) if self.currentIndex() >= 0 else "")


class RefPicker(QWidget):
    """A link to another record, chosen in a searchable picker dialog
    (``Số 15/2025 – Nguyễn Văn A – nội dung…``)."""

    changed = Signal()

    def __init__(self, store, ref_kind: str, exclude_id=None, allow_new: bool = False, parent=None):
        super().__init__(parent)
        self._store = store
        self.ref_kind = ref_kind
        self.exclude_id = exclude_id
        self.allow_new = allow_new
        self._id = None
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(4)
        self.display = QLineEdit(self)
        self.display.setReadOnly(True)
        self.display.setFocusPolicy(Qt.NoFocus)
        self.display.setPlaceholderText("(chưa chọn)")
        self.choose_button = QPushButton("Chọn…", self)
        self.choose_button.setToolTip("Tìm và chọn (F4); phím Delete để bỏ liên kết")
        self.clear_button = QToolButton(self)
        self.clear_button.setText("✕")
        self.clear_button.setToolTip("Bỏ liên kết")
        self.clear_button.setFocusPolicy(Qt.NoFocus)
        lay.addWidget(self.display, 1)
        lay.addWidget(self.choose_button)
        lay.addWidget(self.clear_button)
        self.setFocusProxy(self.choose_button)
        self.choose_button.clicked.connect(self.pick)
        self.clear_button.clicked.connect(lambda: self.set_value(None))
        self._update()

    def value(self):
        return self._id

    def set_value(self, v):
        v = int(v) if v not in (None, "") else None
        if v != self._id:
            self._id = v
            self._update()
            self.changed.emit()

    def _update(self):
        label = label_of(self._store, self.ref_kind, self._id) if self._id else ""
        self.display.setText(label)
        self.display.setToolTip(label)
        self.display.setCursorPosition(0)
        self.clear_button.setEnabled(self._id is not None and self.isEnabled())

    def changeEvent(self, e):
        super().changeEvent(e)
        if e.type() == e.Type.EnabledChange:
            self.clear_button.setEnabled(self._id is not None and self.isEnabled())

    def keyPressEvent(self, e):
        if e.key() == Qt.Key_F4 or (e.key() == Qt.Key_Down and e.modifiers() & Qt.AltModifier):
            self.pick()
            return
        if e.key() in (Qt.Key_Delete, Qt.Key_Backspace) and self._id is not None:
            self.set_value(None)
            return
        super().keyPressEvent(e)

    def pick(self):
        from .picker import PickerDialog

        dlg = PickerDialog(self._store, self.ref_kind, exclude_id=self.exclude_id,
                           allow_new=self.allow_new, parent=self.window())
        if dlg.exec() and dlg.selected_id is not None:
            self.set_value(dlg.selected_id)


__all__ = [
    "TextField", "CompletingTextField", "LongTextField", "DateField", "NumberField", "BoolField",
    "ChoiceField", "EnumField", "TriBoolField", "RefCombo", "SearchableRefCombo", "FoldingCompleter", "RefPicker",
    "calendar_icon",
]
