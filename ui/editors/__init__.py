"""Record editors (issue 6 item 3).

API used by the main window and list pages:

- ``open_editor(parent, store, kind, record_id=None, prefill=None) -> int | None``:
  modal; the saved record's id, or ``None`` when cancelled (or deleted).
- ``EditorDialog(store, kind, record_id=None, prefill=None, parent=None)``: the
  dialog itself (``.show()`` for non-modal use), with ``.save() -> bool``,
  ``.field_widget(name)``, ``.error_label(name)``, ``.set_value(name, v)``,
  ``.value(name)``, ``.is_dirty()`` and signals ``saved(int)``, ``deleted(int)``.
- ``EDITOR_KINDS``: the kinds that have an editor.
- ``show_validation_demo(dialog)``: type typical mistakes and try to save (screenshots).
- ``PickerDialog(store, kind)``: the searchable picker of linked records.

Every editor (also the petition opened from "Tiếp nhận đơn") announces a
record saved or deleted through ``ui.ops.notify(kind, id)``; pages listen to
``ui.ops.records_changed().changed`` to refresh.
"""
from .dialog import EDITOR_KINDS, EditorDialog, ask, open_editor, show_validation_demo
from .picker import PickerDialog

__all__ = ["EDITOR_KINDS", "EditorDialog", "PickerDialog", "ask", "open_editor", "show_validation_demo"]
