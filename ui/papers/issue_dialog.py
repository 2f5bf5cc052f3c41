"""The issue dialog of one paper of one record: its number (the next of its
series, editable, or a draft without number), its date, the print preview
of the paper as it will be issued, and "Phát hành và in…", "Lưu DOCX…",
"Lưu PDF…", "Đóng".

Issuing numbers the paper and keeps its snapshot (``core.papers.issued``
through ``core.commands.papers.write_paper``); after that the dialog works
on the issued copy (printing or saving again never issues a second number).
A paper that cannot be made (a transfer slip without "cơ quan nhận", a
number already used) says why in the dialog; what was typed stays."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
)

from core.errors import UserError
from core.papers import issued as issued_mod
from core.papers.common import IssueInfo
from core.papers.registry import build, default_date, get_paper
from core.text import fmt_date, parse_date
from ui import ops
from ui.papers import preview as preview_mod

ERROR_STYLE = ("QLabel { background: #fdecea; color: #8e1b1b; border: 1px solid #f5c2c0;"
               " border-radius: 3px; padding: 6px; }")
DONE_STYLE = ("QLabel { background: #e8f5e9; color: #1b5e20; border: 1px solid #a5d6a7;"
              " border-radius: 3px; padding: 6px; }")


class FieldProblem(Exception):
    """A number or date typed wrong (the message is Vietnamese)."""


class IssueDialog(QDialog):
    """``issued(giay_to id)`` fires once the paper is issued."""

    issued = Signal(int)

    def __init__(self, store, paper_key: str, record_id: int, parent=None, today: dt.date | None = None,
                 caption: str = ""):
        super().__init__(parent)
        self.store = store
        self.paper = get_paper(paper_key)
        self.record_id = record_id
        self.issued_paper = None  # core.papers.issued.Issued once issued
        self.task = None
        self._auto_number = True  # the number follows the date's year until typed
        self._rendered_key = None
        self._pending_render = False
        self.caption = caption  # the record: "đơn số 12/2026"
        self.setObjectName("issue_paper")
        self.setWindowTitle(f"{self.paper.label} — Sổ Dân vận")
        self.setSizeGripEnabled(True)
        self._build(default_date(store, paper_key, record_id, today or dt.date.today()))
        self._suggest_number()
        self.resize(900, 720)
        self.render_preview()

    # ------------------------------------------------------------ build
    def _build(self, today: dt.date):
        lay = QVBoxLayout(self)
        lay.setContentsMargins(10, 8, 10, 8)
        title = QLabel(self.paper.label + (f" — {self.caption}" if self.caption else ""), self)
        f = title.font()
        f.setPointSizeF(f.pointSizeF() * 1.25)
        f.setBold(True)
        title.setFont(f)
        lay.addWidget(title)
        form_note = QLabel(f"Theo: {self.paper.form}", self)
        form_note.setWordWrap(True)
        form_note.setStyleSheet("color: #607d8b;")
        lay.addWidget(form_note)

        row = QHBoxLayout()
        row.addWidget(QLabel("Số:", self))
        self.number = QLineEdit(self)
        self.number.setObjectName("paper_number")
        self.number.setValidator(QIntValidator(1, 999_999, self))
        self.number.setMaximumWidth(self.fontMetrics().horizontalAdvance("0000000") + 16)
        self.number.setToolTip("Số tiếp theo của loại giấy tờ này trong năm; sửa được")
        row.addWidget(self.number)
        self.ky_hieu = QLabel(f"/{self.paper.ky_hieu}", self)
        row.addWidget(self.ky_hieu)
        row.addSpacing(12)
        self.draft = QCheckBox("(bản nháp, không đánh số)", self)
        self.draft.setToolTip("In bản nháp để xem lại: không cấp số, không lưu vào Giấy tờ đã phát hành")
        row.addWidget(self.draft)
        row.addSpacing(18)
        row.addWidget(QLabel("Ngày:", self))
        self.date = QLineEdit(fmt_date(today), self)
        self.date.setObjectName("paper_date")
        self.date.setPlaceholderText("dd/mm/yyyy")
        self.date.setMaxLength(10)
        self.date.setMaximumWidth(self.fontMetrics().horizontalAdvance("00/00/00000") + 16)
        row.addWidget(self.date)
        row.addStretch(1)
        lay.addLayout(row)

        self.message = QLabel(self)
        self.message.setObjectName("paper_message")
        self.message.setWordWrap(True)
        self.message.hide()
        lay.addWidget(self.message)

        self.preview = preview_mod.DocPreview(self)
        lay.addWidget(self.preview, 1)

        bar, self.issue_button, saves, self.close_button = preview_mod.button_bar(self, "Phát hành và in…")
        self.docx_button, self.pdf_button = saves["docx"], saves["pdf"]
        self.issue_button.setObjectName("issue_and_print")
        self.issue_button.setToolTip("Cấp số, lưu bản đã phát hành rồi mở hộp thoại in")
        lay.addLayout(bar)

        self.issue_button.clicked.connect(self.issue_and_print)
        self.docx_button.clicked.connect(lambda: self.save_as("docx"))
        self.pdf_button.clicked.connect(lambda: self.save_as("pdf"))
        self.close_button.clicked.connect(self.reject)
        self.number.textEdited.connect(lambda _t: setattr(self, "_auto_number", False))
        self.number.editingFinished.connect(self._fields_left)
        self.date.editingFinished.connect(self._date_left)
        self.draft.toggled.connect(self._draft_toggled)

    # ----------------------------------------------------------- fields
    def _say(self, text: str, ok: bool = False):
        self.message.setText(text)
        self.message.setStyleSheet(DONE_STYLE if ok else ERROR_STYLE)
        self.message.setVisible(bool(text))

    def error_text(self) -> str:
        return self.message.text() if self.message.isVisible() and not self._said_ok() else ""

    def _said_ok(self) -> bool:
        return self.message.styleSheet() == DONE_STYLE

    def issue_date(self) -> dt.date:
        text = self.date.text().strip()
        if not text:
            raise FieldProblem("Chưa nhập ngày phát hành (dd/mm/yyyy).")
        try:
            d = parse_date(text)
        except ValueError as e:
            raise FieldProblem(f"Ngày phát hành “{text}” không đúng: {e}") from None
        if not 1900 <= d.year <= 2200:
            raise FieldProblem(f"Ngày phát hành “{text}” không đúng: năm {d.year} ngoài khoảng cho phép.")
        return d

    def issue_number(self) -> int | None:
        """The number typed (None for a draft)."""
        if self.draft.isChecked():
            return None
        text = self.number.text().strip()
        if not text.isdigit() or int(text) < 1:
            raise FieldProblem("Số văn bản phải là số nguyên dương (ví dụ 12); để trống nếu chỉ in bản nháp "
                               "thì chọn “bản nháp, không đánh số”.")
        return int(text)

    def _checked(self):
        """(số, ngày) typed, or None after saying what is wrong."""
        try:
            d = self.issue_date()
            so = self.issue_number()
        except FieldProblem as e:
            self._say(str(e))
            return None
        return so, d

    def _suggest_number(self):
        if not self._auto_number or self.issued_paper is not None:
            return
        try:
            year = self.issue_date().year
        except FieldProblem:
            return
        self.number.setText(str(issued_mod.next_number(self.store, self.paper.key, year)))

    def _date_left(self):
        try:
            self.issue_date()
        except FieldProblem as e:
            self._say(str(e))
            return
        d = parse_date(self.date.text())
        if self.date.text() != fmt_date(d):
            self.date.setText(fmt_date(d))
        self._suggest_number()
        self._fields_left()

    def _fields_left(self):
        if self.issued_paper is not None:
            return
        if self._checked() is not None:
            if not self._said_ok():
                self._say("")
            self.render_preview()

    def _draft_toggled(self, on: bool):
        self.number.setEnabled(not on)
        self.issue_button.setText("In bản nháp…" if on else "Phát hành và in…")
        self._fields_left()

    # ---------------------------------------------------------- preview
    def render_preview(self):
        """The paper with the number and date typed, as it will be issued."""
        if self.issued_paper is not None:
            return None
        checked = self._checked()
        if checked is None:
            return None
        so, d = checked
        key = (so, d)
        if key == self._rendered_key:
            return None
        if self.task is not None and not self.task.done:
            self._pending_render = True
            return None
        store, paper_key, rid = self.store, self.paper.key, self.record_id

        def write(path):
            from core.report.pdf_writer import write_pdf

            write_pdf(build(store, paper_key, rid, IssueInfo(so=so, ngay=d)), path)

        def done(_p):
            self._rendered_key = key
            self._set_can_issue(True)
            self._after_task()

        def failed(exc):
            self._rendered_key = None
            self._set_can_issue(False)
            self.preview.clear("Chưa lập được giấy tờ này (xem thông báo ở trên).")
            self._show_failure(exc)
            self._after_task()

        self.task = self.preview.render(write, done, failed)
        return self.task

    def _after_task(self):
        if self._pending_render:
            self._pending_render = False
            self.render_preview()

    def _set_can_issue(self, on: bool):
        for b in (self.issue_button, self.docx_button, self.pdf_button):
            b.setEnabled(on)

    def _show_failure(self, exc: BaseException):
        if isinstance(exc, UserError):
            self._say(exc.message())
        else:
            ops.show_error(self, exc)

    # ----------------------------------------------------------- actions
    def _doc_name(self) -> str:
        if self.issued_paper is not None:
            return f"{self.paper.label} {self.issued_paper.number}"
        return f"{self.paper.label} (bản nháp)"

    def _mark_issued(self, g):
        self.issued_paper = g
        self._rendered_key = None
        for w in (self.number, self.date, self.draft):
            w.setEnabled(False)
        self.number.setText(str(g.so))
        self.date.setText(fmt_date(g.ngay))
        self.issue_button.setText("In…")
        self.issue_button.setToolTip("In lại bản đã phát hành (không cấp số mới)")
        self._say(f"Đã phát hành {self.paper.label.lower()} số {g.number} ngày {fmt_date(g.ngay)}; bản đã phát "
                  "hành được lưu trong “Giấy tờ đã phát hành” của hồ sơ.", ok=True)
        self.issued.emit(g.id)
        ops.notify(self.paper.record_kind, self.record_id)  # its "số văn bản" may have been filled

    def _who(self) -> str:
        from core.safety.audit import current_user

        try:
            return current_user(self.store)
        except Exception:
            return ""

    def issue_and_print(self):
        """Issue (number + snapshot), then the print dialog; a draft or an
        issued paper is printed as it is."""
        if self.task is not None and not self.task.done:
            return None
        if self.issued_paper is None and self.draft.isChecked():
            if self._checked() is None or self.preview.pdf_path is None:
                return None
            preview_mod.print_pdf(self, self.preview.pdf_path, self._doc_name())
            return None
        if self.issued_paper is not None:
            return self._print_issued()
        checked = self._checked()
        if checked is None:
            return None
        so, d = checked
        path = self.preview.next_pdf()
        store, key, rid, who = self.store, self.paper.key, self.record_id, self._who()

        def work():
            from core.commands.papers import write_paper

            return write_paper(store, key, rid, "pdf", path, so=so, ngay=d, nguoi_phat_hanh=who)

        def done(g):
            self._mark_issued(g)
            if self.preview.load(path):
                self.preview.pdf_path = path
            preview_mod.print_pdf(self, path, self._doc_name())

        self.task = ops.run(self, "Đang phát hành giấy tờ…", work, done, self._show_failure)
        return self.task

    def _print_issued(self):
        g = self.issued_paper
        path = self.preview.next_pdf()
        store = self.store

        def work():
            from core.commands.papers import write_issued

            return write_issued(store, g.id, "pdf", path)

        def done(_g):
            preview_mod.print_pdf(self, path, self._doc_name())

        self.task = ops.run(self, "Đang chuẩn bị bản in…", work, done, self._show_failure)
        return self.task

    def default_file_name(self) -> str:
        if self.issued_paper is not None:
            return f"{self.paper.label} {self.issued_paper.number}"
        return f"{self.paper.label} (bản nháp)" if self.draft.isChecked() else self.paper.label

    def save_as(self, fmt: str):
        """"Lưu DOCX…/Lưu PDF…": the file asked first; then the paper is
        issued (unless a draft or already issued) and written."""
        if self.task is not None and not self.task.done:
            return None
        checked = self._checked() if self.issued_paper is None else (None, None)
        if checked is None:
            return None
        so, d = checked
        draft = self.issued_paper is None and self.draft.isChecked()
        name = self.default_file_name()
        if self.issued_paper is None and not draft:
            name = f"{self.paper.label} {so}/{self.paper.ky_hieu}"
        path = preview_mod.ask_save_path(self, fmt, name)
        if path is None:
            return None
        store, key, rid, g0, who = self.store, self.paper.key, self.record_id, self.issued_paper, self._who()

        def work():
            from core.commands.papers import write_issued, write_paper

            if g0 is not None:
                return write_issued(store, g0.id, fmt, path)
            return write_paper(store, key, rid, fmt, path, so=so, ngay=d, draft=draft, nguoi_phat_hanh=who)

        def done(g):
            if g is not None and self.issued_paper is None:
                self._mark_issued(g)
            self.last_saved = Path(path)
            what = "bản nháp" if draft else f"số {self.issued_paper.number}"
            self._say(f"Đã lưu {self.paper.label.lower()} {what} vào {Path(path).name}."
                      + ("" if draft or g0 is not None else " Giấy tờ đã được cấp số và lưu trong “Giấy tờ đã phát hành”."),
                      ok=True)

        self.task = ops.run(self, f"Đang lưu tệp {fmt.upper()}…", work, done, self._show_failure)
        return self.task

    def keyPressEvent(self, e):  # noqa: N802 — Enter in a field must not close the dialog
        if e.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._fields_left()
            return
        super().keyPressEvent(e)


__all__ = ["IssueDialog"]
