"""The in-app preview of the real output (the PDF the PDF writer produces,
shown with QtPdf) and printing through a print preview that paints the same
PDF pages onto the printer — what is previewed is what is printed."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QImage, QPainter, QTransform
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QStackedWidget, QVBoxLayout, QWidget

# Printing renders each PDF page to an image at most this many dots per inch
# (a 1200-dpi printer would otherwise ask for 0.5 GB per page).
PRINT_MAX_DPI = 300


class PdfPreview(QWidget):
    """A PDF viewer: zoom buttons, page counter, continuous pages."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.document = QPdfDocument(self)
        self.path: Path | None = None
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        self.actual = QPushButton("100%")
        self.fit_width = QPushButton("Vừa chiều rộng")
        self.fit_page = QPushButton("Cả trang")
        self.zoom_in = QPushButton("Phóng to")
        self.zoom_out = QPushButton("Thu nhỏ")
        self.pages = QLabel("")
        self.pages.setObjectName("preview_pages")
        for b in (self.actual, self.fit_width, self.fit_page, self.zoom_out, self.zoom_in):
            b.setAutoDefault(False)
            bar.addWidget(b)
        bar.addStretch(1)
        bar.addWidget(self.pages)
        lay.addLayout(bar)
        self.stack = QStackedWidget()
        self.empty = QLabel("Chưa có bản xem trước. Bấm “Xem trước” để lập bản PDF của báo cáo.")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.view = QPdfView(self)
        self.view.setObjectName("pdf_view")
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(1.0)
        self.view.setPageSpacing(12)
        self.view.setDocument(self.document)
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.view)
        lay.addWidget(self.stack, 1)
        self.actual.clicked.connect(self._actual)
        self.fit_width.clicked.connect(lambda: self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth))
        self.fit_page.clicked.connect(lambda: self.view.setZoomMode(QPdfView.ZoomMode.FitInView))
        self.zoom_in.clicked.connect(lambda: self._zoom(1.25))
        self.zoom_out.clicked.connect(lambda: self._zoom(0.8))
        self.view.pageNavigator().currentPageChanged.connect(self._update_pages)
        self._set_buttons(False)

    def _actual(self):
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(1.0)

    def _set_buttons(self, on: bool):
        for b in (self.actual, self.fit_width, self.fit_page, self.zoom_in, self.zoom_out):
            b.setEnabled(on)

    def _zoom(self, k: float):
        f = self.view.zoomFactor()
        if self.view.zoomMode() != QPdfView.ZoomMode.Custom:
            # turn the fitted zoom into a factor before scaling it
            size = self.document.pagePointSize(0) if self.document.pageCount() else None
            if size is not None and size.width() > 0:
                f = max(0.1, (self.view.viewport().width() - 24) / (size.width() * self.logicalDpiX() / 72))
            self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(min(4.0, max(0.25, f * k)))

    def _update_pages(self, *_):
        n = self.document.pageCount()
        if n <= 0:
            self.pages.setText("")
            return
        cur = self.view.pageNavigator().currentPage() + 1
        self.pages.setText(f"Trang {cur}/{n}")

    def load(self, path) -> bool:
        """Show the PDF at ``path``; False when QtPdf cannot read it."""
        self.document.close()
        err = self.document.load(str(path))
        ok = err == QPdfDocument.Error.None_ and self.document.pageCount() > 0
        self.path = Path(path) if ok else None
        self.stack.setCurrentWidget(self.view if ok else self.empty)
        self._set_buttons(ok)
        self._update_pages()
        return ok

    def clear(self, message: str | None = None):
        self.document.close()
        self.path = None
        if message:
            self.empty.setText(message)
        self.stack.setCurrentWidget(self.empty)
        self._set_buttons(False)
        self.pages.setText("")

    def page_count(self) -> int:
        return self.document.pageCount() if self.path else 0


def render_page(document: QPdfDocument, page: int, dpi: float) -> QImage:
    """Page ``page`` of ``document`` as an image at ``dpi``, on white."""
    pts = document.pagePointSize(page)
    size = QSize(max(1, round(pts.width() * dpi / 72)), max(1, round(pts.height() * dpi / 72)))
    img = document.render(page, size)
    if img.hasAlphaChannel():  # transparent background → white paper
        out = QImage(img.size(), QImage.Format.Format_RGB32)
        out.fill(Qt.GlobalColor.white)
        p = QPainter(out)
        p.drawImage(0, 0, img)
        p.end()
        img = out
    return img


def paint_pdf(document: QPdfDocument, printer: QPrinter) -> int:
    """Paint every page of ``document`` onto ``printer`` (full page, the
    PDF carries its own margins); landscape pages (the annexes) are turned
    to fit portrait paper.  Returns the number of pages painted."""
    n = document.pageCount()
    if n <= 0:
        return 0
    printer.setFullPage(True)
    dpi = min(printer.resolution(), PRINT_MAX_DPI)
    painter = QPainter()
    if not painter.begin(printer):
        return 0
    try:
        first = True
        from_, to = printer.fromPage(), printer.toPage()
        pages = range(n) if from_ <= 0 else range(max(0, from_ - 1), min(n, to))
        for i in pages:
            if not first:
                printer.newPage()
            first = False
            target = QRectF(printer.pageLayout().fullRectPixels(printer.resolution()))
            img = render_page(document, i, dpi)
            page_landscape = img.width() > img.height()
            paper_landscape = target.width() > target.height()
            if page_landscape != paper_landscape:
                img = img.transformed(QTransform().rotate(90 if page_landscape else -90))
            # keep the aspect ratio, centred (A4 on A4 fills the paper)
            s = min(target.width() / img.width(), target.height() / img.height())
            w, h = img.width() * s, img.height() * s
            tl = QPointF(target.x() + (target.width() - w) / 2, target.y() + (target.height() - h) / 2)
            painter.drawImage(QRectF(tl.x(), tl.y(), w, h), img)
    finally:
        painter.end()
    return len(pages)


def make_printer() -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    from PySide6.QtGui import QPageSize
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setFullPage(True)
    printer.setDocName("Báo cáo")
    return printer


def print_preview(parent, pdf_path, title: str = "Xem trước khi in") -> QPrintPreviewDialog:
    """Open the print preview of the PDF at ``pdf_path`` (modal); the
    dialog's print button sends the same pages to the printer."""
    document = QPdfDocument(parent)
    document.load(str(pdf_path))
    printer = make_printer()
    dlg = QPrintPreviewDialog(printer, parent)
    dlg.setWindowTitle(title)
    dlg.resize(1000, 700)
    vi_print_preview(dlg)
    dlg.paintRequested.connect(lambda pr: paint_pdf(document, pr))
    dlg._pdf_document = document  # keep alive with the dialog
    dlg.exec()
    document.close()
    return dlg


# Qt ships no Vietnamese: the preview dialog's toolbar texts, by Qt's own words.
PREVIEW_TEXTS = {
    "Next page": "Trang sau", "Previous page": "Trang trước", "First page": "Trang đầu",
    "Last page": "Trang cuối", "Fit width": "Vừa chiều rộng", "Fit page": "Vừa trang", "Zoom in": "Phóng to",
    "Zoom out": "Thu nhỏ", "Portrait": "Trang dọc", "Landscape": "Trang ngang", "Show single page": "Từng trang",
    "Show facing pages": "Hai trang đối diện", "Show overview of all pages": "Tổng quan các trang",
    "Print": "In", "Page setup": "Thiết lập trang", "Close": "Đóng", "Print Preview": "Xem trước khi in",
    "Export to PDF": "Xuất ra PDF",
}


def vi_print_preview(dlg: QPrintPreviewDialog):
    """Vietnamese tooltips/texts on the preview dialog's toolbar actions."""
    from PySide6.QtGui import QAction

    for act in dlg.findChildren(QAction):
        src = act.text().replace("&", "")
        if src in PREVIEW_TEXTS:
            act.setText(PREVIEW_TEXTS[src])
            act.setToolTip(PREVIEW_TEXTS[src])
            act.setIconText(PREVIEW_TEXTS[src])
    from PySide6.QtWidgets import QComboBox

    for box in dlg.findChildren(QComboBox):  # the zoom factor box has no tooltip of its own
        if not box.toolTip():
            box.setToolTip("Tỉ lệ phóng to, thu nhỏ")
