"""What the papers' and books' dialogs share: a preview of the real PDF
rendered off the GUI thread, the "Lưu DOCX… / Lưu PDF…" file question, and
printing through the Qt print dialog (what is previewed is what is printed:
the same PDF pages are painted onto the printer, ``ui.report.pdfview``).

    preview = DocPreview(self)
    preview.render(lambda path: write_pdf(doc, path), on_done=…)   # ui.ops.run
    path = ask_save_path(self, "pdf", "Giấy biên nhận 1-GBN-UBND")     # None: cancelled
    print_pdf(self, preview.pdf_path, "Giấy biên nhận")             # False: cancelled

Tests patch ``print_pdf`` / ``ask_save_path`` (module attributes, looked up
at call time)."""
from __future__ import annotations

import re
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtGui import QPageLayout
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog
from PySide6.QtWidgets import QDialog, QFileDialog, QHBoxLayout, QPushButton

from ui import ops
from ui.report.pdfview import PdfPreview, make_printer, paint_pdf

FORMATS = {
    "docx": ("Lưu ra tệp Word", "Tài liệu Word (*.docx)"),
    "pdf": ("Lưu ra tệp PDF", "Tài liệu PDF (*.pdf)"),
    "xlsx": ("Lưu ra tệp Excel", "Bảng tính Excel (*.xlsx)"),
}


SAVE_TEXT = {"docx": "Lưu DOCX…", "pdf": "Lưu PDF…", "xlsx": "Lưu Excel…"}


def button_bar(parent, first_text: str, formats=("docx", "pdf"), extra=()):
    """The papers' and books' dialogs' row: the print action, "Lưu DOCX… / Lưu PDF…
    (/ Lưu Excel…)", any ``extra`` widgets, then "Đóng" on the right.
    Returns (layout, first button, {format: save button}, close button)."""
    bar = QHBoxLayout()
    first = QPushButton(first_text, parent)
    saves = {fmt: QPushButton(SAVE_TEXT[fmt], parent) for fmt in formats}
    close = QPushButton("Đóng", parent)
    for b in (first, *saves.values(), close):
        b.setAutoDefault(False)
    for w in (first, *saves.values(), *extra):
        bar.addWidget(w)
    bar.addStretch(1)
    bar.addWidget(close)
    return bar, first, saves, close


def settings() -> QSettings:
    """Where the last folder saved to is remembered (tests patch this)."""
    return QSettings("SoDanVan", "SoDanVan")


def safe_file_name(text: str) -> str:
    """A file name from a title: no characters Windows refuses, "/" → "-"."""
    text = text.replace("/", "-")
    text = re.sub(r'[\\:*?"<>|\n\r\t]+', " ", text)
    return re.sub(r"\s+", " ", text).strip(" .") or "giay-to"


def ask_save_path(parent, fmt: str, default_name: str, key: str = "papers/save_dir") -> Path | None:
    """The file to save to (the format's suffix added), or None when cancelled;
    the folder is remembered under ``key``."""
    title, filt = FORMATS[fmt]
    s = settings()
    folder = s.value(key, "") or str(Path.home())
    path, _ = QFileDialog.getSaveFileName(parent, title, str(Path(folder) / f"{safe_file_name(default_name)}.{fmt}"),
                                          filt)
    if not path:
        return None
    path = Path(path)
    if path.suffix.lower() != f".{fmt}":
        path = path.with_name(path.name + f".{fmt}")
    s.setValue(key, str(path.parent))
    return path


def print_pdf(parent, pdf_path, doc_name: str = "Giấy tờ") -> bool:
    """The Qt print dialog, then the PDF's pages painted onto the chosen
    printer; False when the clerk cancelled (or nothing was printed)."""
    printer = make_printer()
    printer.setDocName(doc_name)
    document = QPdfDocument(None)
    try:
        document.load(str(pdf_path))
        if document.pageCount() > 0:
            size = document.pagePointSize(0)
            if size.width() > size.height():  # a book: the dialog offers landscape paper
                printer.setPageOrientation(QPageLayout.Orientation.Landscape)
        dlg = QPrintDialog(printer, parent)
        dlg.setWindowTitle(f"In — {doc_name}")
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return False
        return paint_pdf(document, printer) > 0
    finally:
        document.close()


class DocPreview(PdfPreview):
    """A ``PdfPreview`` that renders its own PDF into a temporary folder
    (kept as long as the widget) through ``ui.ops.run``."""

    def __init__(self, parent=None, empty_text: str = "Đang lập bản xem trước…"):
        super().__init__(parent)
        self._tmp = tempfile.TemporaryDirectory(prefix="sodanvan-giay-to-")
        self._n = 0
        self.pdf_path: Path | None = None  # the PDF shown now
        self.empty.setText(empty_text)

    def next_pdf(self) -> Path:
        self._n += 1
        return Path(self._tmp.name) / f"xem-truoc-{self._n}.pdf"

    def render(self, write_pdf: Callable[[Path], object], on_done: Callable[[Path], None] | None = None,
               on_error: Callable[[BaseException], None] | None = None,
               label: str = "Đang lập bản xem trước…") -> ops.Task:
        """``write_pdf(path)`` runs in the worker (it may read the store);
        then the PDF is shown and ``on_done(path)`` called.  ``on_error`` gets
        a failure (default: ``ops.show_error``)."""
        path = self.next_pdf()

        def work():
            write_pdf(path)
            return path

        def done(p):
            if self.load(p):
                self.pdf_path = Path(p)
                self.view.setZoomMode(self.view.ZoomMode.FitToWidth)
            else:
                self.pdf_path = None
                self.clear("Không hiển thị được bản xem trước (tệp PDF không đọc được).")
            if on_done is not None:
                on_done(Path(p))

        def failed(exc):
            self.pdf_path = None
            if on_error is not None:
                on_error(exc)
            else:
                ops.show_error(self, exc)

        return ops.run(self, label, work, done, failed)


__all__ = ["DocPreview", "ask_save_path", "print_pdf", "safe_file_name", "settings", "FORMATS"]
