""""In sổ…": the books of a period printed from a list page (issue 14).

The clerk chooses the book (when the list has several), the tổ hòa giải (the
Sổ hòa giải), the period — the main window's period widget
(``ui.widgets.period.PeriodSelector``: năm, 6 tháng đầu / cuối năm, 9 tháng,
quý, tháng) plus "Từ ngày … đến ngày …", by default the period the list
shows — and sees the book's real PDF (``ui.papers.preview.DocPreview``).
"In…" prints those pages; "Lưu DOCX… / Lưu PDF… / Lưu Excel…" write the book
that is previewed (``core.papers.book_writers.write_book``).  Building and
writing run through ``ui.ops.run``; a failure is said in the dialog.

    dlg = open_book_dialog(parent, store, book_keys_for("tiep_cong_dan"), period)
"""
from __future__ import annotations

import logging
import re
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from core.errors import UserError
from core.papers.book_writers import EMPTY_LINES
from core.papers.books import BOOKS, TEAM_BOOKS
from core.records.lookups import ref_labels
from core.report.periods import Period
from core.text import fmt_int, fold

from .. import ops
from ..editors.widgets import DateField
from ..widgets.open_file import OpenFileButtons
from ..widgets.period import PeriodSelector, default_year
from . import preview as P

log = logging.getLogger(__name__)

CUSTOM = "custom"  # the "Từ ngày … đến ngày …" item of the period's part box
SAVE_KEY = "papers/book_dir"  # the folder last saved to (``ui.papers.preview.settings``)
ALL_TEAMS = "Tất cả các tổ"


def part_of(period: Period | None) -> tuple[int | None, str]:
    """A ``Period`` as the period widget's (year, part); custom: (None, CUSTOM)."""
    if period is None:
        return None, "nam"
    k, n = period.kind, period.num
    part = {"year": "nam", "months9": "m9", "half": f"h{n}", "quarter": f"q{n}", "month": f"t{n}"}.get(k)
    if part is None or period.year is None:  # a free range, several years
        return None, CUSTOM
    return period.year, part


def _slug(text: str) -> str:
    s = re.sub(r"[^A-Za-z0-9]+", "-", fold(text)).strip("-")
    return s[:1].upper() + s[1:]


def default_file_name(book, period: Period) -> str:
    """"So-tiep-cong-dan-2026", "So-theo-doi-xu-ly-don-06-thang-dau-nam-2025"."""
    when = str(period.year) if period.kind == "year" and period.year else _slug(period.label).lower()
    parts = [_slug(book.title)] + ([_slug(book.scope)] if getattr(book, "scope", "") else []) + [when]
    return "-".join(p for p in parts if p)


class BookDialog(QDialog):
    """The "In sổ" dialog: choices on top, the preview, the buttons."""

    def __init__(self, store, keys: list[str], period: Period | None = None, parent=None):
        super().__init__(parent)
        self.store = store
        self.keys = [k for k in keys if k in BOOKS] or list(BOOKS)
        self.book = None  # the Book previewed (what "Lưu…" writes)
        self.book_period: Period | None = None
        self.task = None
        self.last_saved: Path | None = None
        self._pending = False
        self.setWindowTitle("In sổ")
        self.setObjectName("book_dialog")
        self.resize(1000, 700)
        lay = QVBoxLayout(self)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        # the book
        self.kind = QComboBox()
        self.kind.setObjectName("book_kind")
        for k in self.keys:
            self.kind.addItem(BOOKS[k][0], k)
        self.kind_label = QLabel(BOOKS[self.keys[0]][0])
        self.kind_label.setObjectName("book_kind_label")
        book_row = QWidget()
        br = QHBoxLayout(book_row)
        br.setContentsMargins(0, 0, 0, 0)
        br.addWidget(self.kind, 1)
        br.addWidget(self.kind_label, 1)
        self.kind.setVisible(len(self.keys) > 1)
        self.kind_label.setVisible(len(self.keys) == 1)
        form.addRow("Sổ:", book_row)
        # the tổ hòa giải (a Sổ hòa giải is kept per tổ)
        self.team = QComboBox()
        self.team.setObjectName("book_team")
        self.team.addItem(ALL_TEAMS, None)
        if any(k in TEAM_BOOKS for k in self.keys):
            for t in ref_labels(store, "to_hoa_giai"):
                self.team.addItem(t["label"], t["id"])
        self.team_label = QLabel("Tổ hòa giải:")
        form.addRow(self.team_label, self.team)
        # the period: the main window's widget, plus a free range
        self.period_sel = PeriodSelector(store)
        self.period_sel.layout().itemAt(0).widget().setText("Kỳ:")
        y = self.period_sel.year.findData(None)
        if y >= 0:  # "Tất cả các năm" is not a book's period
            self.period_sel.year.removeItem(y)
        self.period_sel.part.addItem("Từ ngày … đến ngày …", CUSTOM)
        self.d_from = DateField()
        self.d_from.setObjectName("book_from")
        self.d_to = DateField()
        self.d_to.setObjectName("book_to")
        self.from_label = QLabel("từ ngày")
        self.to_label = QLabel("đến ngày")
        prow = QWidget()
        pl = QHBoxLayout(prow)
        pl.setContentsMargins(0, 0, 0, 0)
        pl.addWidget(self.period_sel)
        for w in (self.from_label, self.d_from, self.to_label, self.d_to):
            pl.addWidget(w)
        pl.addStretch(1)
        form.addRow(prow)
        lay.addLayout(form)
        self.message = QLabel("")
        self.message.setObjectName("book_message")
        self.message.setWordWrap(True)
        lay.addWidget(self.message)
        self.preview = P.DocPreview(self, "Đang lập sổ…")
        lay.addWidget(self.preview, 1)
        # the buttons
        self.open_saved = OpenFileButtons(self)
        row, self.print_btn, self.save_btns, self.close_btn = P.button_bar(
            self, "In…", ("docx", "pdf", "xlsx"), extra=(self.open_saved,))
        self.print_btn.setObjectName("book_print")
        self.print_btn.setToolTip("In sổ đang xem ra máy in")
        for fmt, b in self.save_btns.items():
            b.setObjectName(f"book_save_{fmt}")
            b.clicked.connect(lambda _=False, f=fmt: self.save(f))
        self.close_btn.setObjectName("book_close")
        lay.addLayout(row)
        self.print_btn.clicked.connect(self.print_book)
        self.close_btn.clicked.connect(self.reject)
        # the period the list shows
        year, part = part_of(period)
        if part == CUSTOM and period is not None:
            self.d_from.set_value(period.start)
            self.d_to.set_value(period.end)
            year = period.end.year
        self.period_sel.set_period(year or default_year(store), part)
        # any change: the preview again (once the clerk stops changing)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self.refresh)
        self.kind.currentIndexChanged.connect(self._changed)
        self.team.currentIndexChanged.connect(self._changed)
        self.period_sel.periodChanged.connect(self._changed)
        for w in (self.d_from, self.d_to):
            w.textChanged.connect(self._changed)
        self._show_parts()
        self._set_enabled(False)
        QTimer.singleShot(0, self.refresh)

    # ------------------------------------------------------------ choices
    def key(self) -> str:
        return self.kind.currentData() or self.keys[0]

    def team_id(self) -> int | None:
        return self.team.currentData() if self.key() in TEAM_BOOKS else None

    def period(self) -> Period:
        """The chosen period; ``ValueError`` (Vietnamese) for an incomplete range."""
        if self.period_sel.part_value() != CUSTOM:
            return self.period_sel.period()
        a, b = self.d_from.text().strip(), self.d_to.text().strip()
        if not a or not b:
            raise ValueError("Hãy nhập “từ ngày” và “đến ngày” (dd/mm/yyyy).")
        for text, field in ((a, self.d_from), (b, self.d_to)):
            if field.date() is None:
                raise ValueError(f"Ngày “{text}” không đúng dạng dd/mm/yyyy.")
        if self.d_to.date() < self.d_from.date():
            raise ValueError("“Đến ngày” phải sau “từ ngày”.")
        return Period.custom(self.d_from.date(), self.d_to.date())

    def _show_parts(self):
        custom = self.period_sel.part_value() == CUSTOM
        self.period_sel.year.setVisible(not custom)
        for w in (self.from_label, self.d_from, self.to_label, self.d_to):
            w.setVisible(custom)
        team = self.key() in TEAM_BOOKS
        self.team.setVisible(team)
        self.team_label.setVisible(team)

    def _changed(self, *_):
        self._show_parts()
        self._timer.start()

    def busy(self) -> bool:
        return self.task is not None and not self.task.done

    def _set_enabled(self, on: bool):
        for b in (self.print_btn, *self.save_btns.values()):
            b.setEnabled(on)

    def _say(self, text: str, ok: bool = True):
        self.message.setText(text)
        self.message.setStyleSheet("color: #3b4a5c;" if ok else "color: #b3261e;")

    def _failed(self, what: str):
        """A failure said in the dialog: ``what`` ("Không lưu được tệp.") and why."""
        def failed(exc):
            if not isinstance(exc, (UserError, OSError)) and not getattr(exc, "_ops_logged", False):
                log.error("book: %s", what, exc_info=(type(exc), exc, exc.__traceback__))
            from ..safety.errors import message_for

            self._say(f"{what} {message_for(exc)}", ok=False)
            self._set_enabled(self.book is not None and self.preview.pdf_path is not None)
        return failed

    # ------------------------------------------------------------ preview
    def refresh(self):
        """Build the chosen book and show its PDF (``ui.ops.run``)."""
        self._timer.stop()
        if self.busy():
            self._pending = True
            return None
        try:
            period = self.period()
        except ValueError as e:
            self.book = None
            self._set_enabled(False)
            self.preview.clear(str(e))
            self._say(str(e), ok=False)
            return None
        key, team, store = self.key(), self.team_id(), self.store
        built = {}

        def write(path):
            from core.papers.book_writers import write_book
            from core.papers.books import build_book

            book = build_book(store, key, period, to_id=team) if team is not None else build_book(store, key, period)
            write_book(book, "pdf", path)
            built["book"] = book

        def done(_path):
            self.book, self.book_period = built["book"], period
            n = sum(1 for r in self.book.rows() if r and r[0].isdigit())  # not a tổ's section row
            pages = self.preview.page_count()
            what = f"{BOOKS[key][0].split(' (')[0]} {period.label}"
            if n:
                self._say(f"{what}: {fmt_int(n)} dòng, {fmt_int(pages)} trang.")
            else:
                line = EMPTY_LINES.get(key, "Không có hồ sơ nào trong kỳ.")  # what the book says under its header
                self._say(f"{what}: {line[:1].lower()}{line[1:]}")
            self._set_enabled(self.preview.pdf_path is not None)
            self._again()

        def failed(exc):
            self.book = None
            self.preview.clear("Không lập được sổ.")
            self._failed("Không lập được sổ.")(exc)
            self._again()

        self._set_enabled(False)
        self._say("Đang lập sổ…")
        self.task = self.preview.render(write, done, failed, label="Đang lập sổ…")
        return self.task

    def _again(self):
        if self._pending:
            self._pending = False
            self._timer.start()

    # ------------------------------------------------------------ output
    def default_name(self) -> str:
        return default_file_name(self.book, self.book_period)

    def save(self, fmt: str):
        """"Lưu DOCX… / PDF… / Excel…": the book previewed, to the file chosen."""
        if self.book is None or self.busy():
            return None
        path = P.ask_save_path(self, fmt, self.default_name(), key=SAVE_KEY)
        if path is None:
            return None
        book = self.book

        def work():
            from core.papers.book_writers import write_book

            return write_book(book, fmt, path)

        def done(p):
            self.last_saved = Path(p)
            self._say(f"Đã lưu: {Path(p).name}")
            self.message.setToolTip(str(p))
            self.open_saved.set_path(Path(p))

        self.task = ops.run(self, f"Đang lưu sổ ra tệp {fmt.upper()}…", work, done, self._failed("Không lưu được tệp."))
        return self.task

    def print_book(self) -> bool:
        """"In…": the Qt print dialog, then the previewed pages to the printer."""
        if self.book is None or self.busy() or self.preview.pdf_path is None:
            return False
        name = f"{self.book.title.capitalize()} {self.book_period.label}"
        try:
            ok = P.print_pdf(self, self.preview.pdf_path, name)
        except Exception as e:  # a printer driver's failure: said here, the dialog stays
            self._failed("Không in được.")(e)
            return False
        if ok:
            self._say(f"Đã gửi {fmt_int(self.preview.page_count())} trang đến máy in.")
        return ok


def open_book_dialog(parent, store, keys: list[str], period: Period | None = None) -> BookDialog:
    """Open the "In sổ" dialog (window-modal, not blocking) and return it."""
    dlg = BookDialog(store, keys, period, parent)
    dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dlg.open()
    return dlg
