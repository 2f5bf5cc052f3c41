"""Ctrl+Z in an editor undoes the last field edit (issue 15 item 18)."""
import pytest
from PySide6.QtCore import Qt

from tests.ui.test_ui_editors import key_text
from ui.editors import EditorDialog
from ui.widgets import vi


@pytest.fixture(autouse=True)
def _vi(qapp):
    vi.install(qapp)


def _dialog(qtbot, store, rid=None):
    dlg = EditorDialog(store, "don_thu", rid)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    return dlg


def _line(w):
    from PySide6.QtWidgets import QLineEdit
    return w if isinstance(w, QLineEdit) else w.findChild(QLineEdit)


def test_ctrl_z_puts_the_last_edited_field_back(qtbot, store):
    rid = store.create("don_thu", {"ngay_nhan": "05/03/2025", "ho_ten": "Trần Kim Lan", "loai": "kien_nghi",
                                   "noi_dung": "Đường thôn xuống cấp", "dia_chi": "Thôn Lộc Hạ"})
    dlg = _dialog(qtbot, store, rid)
    name, addr = dlg.field_widget("ho_ten"), dlg.field_widget("dia_chi")
    assert not dlg.history.can_undo()
    # typed by keyboard, then the cursor moves on to another box
    _line(name).setFocus()
    _line(name).selectAll()
    key_text(qtbot, _line(name), "Trần Kim Lân")
    _line(addr).setFocus()
    _line(addr).selectAll()
    key_text(qtbot, _line(addr), "Thôn Lộc Thượng")
    assert dlg.value("ho_ten") == "Trần Kim Lân" and dlg.value("dia_chi") == "Thôn Lộc Thượng"
    assert dlg.is_dirty()
    # the cursor leaves the address box: its own typing is no longer undone by the box
    dlg.field_widget("loai").setFocus()
    qtbot.keyClick(dlg.field_widget("loai"), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert dlg.value("dia_chi") == "Thôn Lộc Hạ" and dlg.value("ho_ten") == "Trần Kim Lân"
    # again, from a box that has nothing of its own to undo: the name edited before
    qtbot.keyClick(_line(addr), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert dlg.value("ho_ten") == "Trần Kim Lan"
    assert not dlg.is_dirty() and not dlg.history.can_undo()
    assert dlg.history.undo() is None


def test_a_choice_is_undone_and_a_new_record_starts_with_no_history(qtbot, store):
    dlg = _dialog(qtbot, store)
    before = dlg.value("loai")
    dlg.set_value("loai", "khieu_nai" if before != "khieu_nai" else "kien_nghi")
    assert dlg.history.undo() == "loai" and dlg.value("loai") == before
    dlg.set_value("ho_ten", "A")
    dlg._start_new()
    assert not dlg.history.can_undo()
