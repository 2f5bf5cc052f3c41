"""Ctrl+Z in an editor: the last field edit undone (issue 15 item 18).

A per-dialog history of field values: each field's value before the clerk
changed it is pushed once per run of edits to that field (typing "Lộc Hạ"
is one step), so Ctrl+Z puts the last edited field back as it was and
gives it the focus; pressed again, the field edited before it.  A text box
that has its own undo (the text typed in it since the cursor came) keeps
Ctrl+Z for itself, as everywhere else; once it has none, the dialog's
history answers.
"""
from __future__ import annotations

import copy

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QTextEdit


class FieldHistory(QObject):
    def __init__(self, dialog, fields: dict):
        super().__init__(dialog)
        self.dialog = dialog
        self.fields = dict(fields)
        self.stack: list[tuple[str, object]] = []
        self.last: dict[str, object] = {}
        self._restoring = False
        for name, w in self.fields.items():
            w.changed.connect(lambda n=name: self._changed(n))
        for cls in (QLineEdit, QPlainTextEdit, QTextEdit):
            for box in dialog.findChildren(cls):
                box.installEventFilter(self)
        self.shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Undo), dialog, activated=self.undo)
        self.reset()

    def reset(self):
        """A record just loaded (or a new one started): nothing to undo."""
        self.stack.clear()
        self.last = {n: copy.deepcopy(w.value()) for n, w in self.fields.items()}

    def can_undo(self) -> bool:
        return bool(self.stack)

    def _changed(self, name: str):
        if self._restoring or getattr(self.dialog, "_loading", False):
            return
        new = self.fields[name].value()
        old = self.last.get(name)
        if new == old:
            return
        if not (self.stack and self.stack[-1][0] == name):
            self.stack.append((name, old))
        self.last[name] = copy.deepcopy(new)

    def undo(self) -> str | None:
        """Put the last edited field back; its name (None: nothing to undo)."""
        while self.stack:
            name, old = self.stack.pop()
            w = self.fields[name]
            if w.value() == old:
                continue
            self._restoring = True
            try:
                w.set_value(copy.deepcopy(old))
            finally:
                self._restoring = False
            self.last[name] = copy.deepcopy(w.value())
            if hasattr(self.dialog, "_on_changed"):
                self.dialog._on_changed()
            w.setFocus()
            return name
        return None

    def eventFilter(self, obj, e):  # noqa: N802
        if e.type() == QEvent.Type.ShortcutOverride and e.matches(QKeySequence.StandardKey.Undo):
            if isinstance(obj, QLineEdit):
                own = obj.isUndoAvailable() and not obj.isReadOnly()
            else:
                own = obj.document().isUndoAvailable() and not obj.isReadOnly()
            if not own:
                e.ignore()
                return True  # not this box's: the dialog's Ctrl+Z answers
        return False
