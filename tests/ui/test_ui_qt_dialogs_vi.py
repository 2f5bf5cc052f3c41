"""Qt's own dialogs in Vietnamese (issue 15 item 13): the non-native file
dialog's labels, the print dialog, the print preview's toolbar tooltips.
PySide6 ships no qtbase_vi.qm, so ui.widgets.vi answers Qt's texts."""
import re
from pathlib import Path

import PySide6
import pytest
from PySide6.QtGui import QAction
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QGroupBox,
    QLabel,
    QPushButton,
    QRadioButton,
    QToolButton,
)

from ui.widgets import vi

ENGLISH = re.compile(r"\b(Look|Files|type|Name|Print|Printer|Options|Copies|Pages|Location|Type|Output|Preview|"
                     r"Properties|Selection|Color|Collate|Reverse|Open|Cancel)\b")


@pytest.fixture(autouse=True)
def _vi(qapp):
    vi.install(qapp)


def test_pyside_ships_no_vietnamese_qm_so_our_table_is_used():
    folder = Path(PySide6.__file__).parent / "Qt" / "translations"
    assert not list(folder.glob("qtbase_vi*.qm"))  # if it ever does, load it instead


def test_file_dialog_labels_are_vietnamese(qtbot):
    d = QFileDialog(None, "Chọn tệp")
    d.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    qtbot.addWidget(d)
    L = QFileDialog.DialogLabel
    labels = [d.labelText(x) for x in (L.LookIn, L.FileName, L.FileType, L.Accept, L.Reject)]
    assert labels == ["&Tìm trong:", "Tên &tệp:", "&Loại tệp:", "&Mở", "Hủy"]
    tips = [b.toolTip() for b in d.findChildren(QToolButton) if b.toolTip()]
    assert tips and not [t for t in tips if ENGLISH.search(t)]


def test_native_dialogs_are_not_refused_anywhere():
    root = Path(__file__).resolve().parents[2] / "ui"
    offenders = [p for p in root.rglob("*.py") if "DontUseNativeDialog" in p.read_text(encoding="utf-8")]
    assert offenders == []


def test_print_dialog_and_preview_toolbar_speak_vietnamese(qtbot):
    from ui.report.pdfview import make_printer, vi_print_preview
    pd = QPrintDialog(QPrinter())
    qtbot.addWidget(pd)
    texts = {w.text() for cls in (QLabel, QPushButton, QCheckBox, QRadioButton) for w in pd.findChildren(cls)
             if w.text()} | {g.title() for g in pd.findChildren(QGroupBox)}
    assert "Máy in" in texts and "Phạm vi in" in texts
    assert not [t for t in texts if ENGLISH.search(t.replace("&", ""))]
    pp = QPrintPreviewDialog(make_printer())
    qtbot.addWidget(pp)
    vi_print_preview(pp)
    acts = [a for a in pp.findChildren(QAction) if a.text()]
    assert acts and all(a.toolTip() and not ENGLISH.search(a.toolTip()) for a in acts)
    assert all(c.toolTip() for c in pp.findChildren(QComboBox))
