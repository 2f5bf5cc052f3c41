"""Báo cáo: the saved reports (open, lập cho kỳ tiếp theo, delete), “Báo cáo
mới” and the report editor (sections, general information, preview,
export DOCX/PDF, print).  Registered with the main window as the page
``bao_cao`` by ``ui.report_page``, which imports this module only when the
clerk first opens the page (it pulls in the report engine and QtPdf)."""
from __future__ import annotations

import datetime as dt
import logging

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.records.validation import ValidationError
from core.report import saved as R
from core.text import fmt_date

from .. import ops
from ..widgets import vi
from ..widgets.empty import EmptyState
from .editor import ReportEditor, error_text
from .new_dialog import NewReportDialog

log = logging.getLogger(__name__)

COLUMNS = ["Trích yếu", "Kỳ báo cáo", "Đề cương", "Số", "Trạng thái", "Ngày sửa"]


def fmt_stamp(iso: str | None) -> str:
    """"2025-07-05T14:03:11.120" → "05/07/2025 14:03"."""
    if not iso:
        return ""
    try:
        t = dt.datetime.fromisoformat(iso)
    except ValueError:
        return fmt_date(iso[:10])
    return f"{fmt_date(t.date())} {t:%H:%M}"


class ReportList(QWidget):
    open_requested = Signal(int)

    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.store = store
        lay = QVBoxLayout(self)
        top = QHBoxLayout()
        t = QLabel("Báo cáo")
        t.setObjectName("page_title")
        top.addWidget(t)
        self.count = QLabel("")
        self.count.setObjectName("row_count")
        top.addWidget(self.count)
        top.addStretch(1)
        self.new_btn = QPushButton("Báo cáo mới…")
        self.new_btn.setObjectName("new_report")
        self.new_btn.setToolTip("Lập báo cáo mới: chọn đề cương, kỳ báo cáo, phạm vi số liệu")
        self.open_btn = QPushButton("Mở")
        self.open_btn.setObjectName("open_report")
        self.next_btn = QPushButton("Lập cho kỳ tiếp theo")
        self.next_btn.setObjectName("duplicate_next")
        self.next_btn.setToolTip("Nhân bản báo cáo đang chọn cho kỳ tiếp theo: giữ đề cương, nơi nhận, người ký và "
                                 "phần nhập tay; số liệu tính lại cho kỳ mới.")
        self.del_btn = QPushButton("Xóa")
        self.del_btn.setObjectName("delete_report")
        self.outline_btn = QPushButton("Đề cương…")
        self.outline_btn.setObjectName("outlines")
        self.outline_btn.setToolTip("Xem các đề cương báo cáo; nhân bản để thêm, bớt, sắp xếp mục theo yêu cầu "
                                    "của cấp trên")
        for b in (self.new_btn, self.open_btn, self.next_btn, self.del_btn, self.outline_btn):
            b.setAutoDefault(False)
            top.addWidget(b)
        lay.addLayout(top)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("report_table")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        h = self.table.horizontalHeader()
        h.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for i in range(1, len(COLUMNS)):
            h.setSectionResizeMode(i, QHeaderView.ResizeMode.ResizeToContents)
        # the period and the outline names are long: fixed, resizable columns (full text in the
        # tooltip), so Trích yếu keeps the room at 1024×768 (issue 15 item 16)
        for col, width in ((1, 175), (2, 175)):
            h.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            h.resizeSection(col, width)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        lay.addWidget(self.table, 1)
        # the same empty state as the other pages (title, hint, one button), issue 15 item 18
        self.empty = EmptyState("Chưa có báo cáo nào",
                                "Bấm “Báo cáo mới…” để lập báo cáo công tác dân vận chính quyền: chọn đề cương và "
                                "kỳ báo cáo, các phần số liệu được viết tự động từ sổ theo dõi.", "Báo cáo mới…")
        self.empty.button.clicked.connect(self.new_btn.click)
        lay.addWidget(self.empty, 1)
        self.table.itemDoubleClicked.connect(lambda *_: self._open())
        self.table.itemSelectionChanged.connect(self._sel)
        self.open_btn.clicked.connect(self._open)
        QShortcut(QKeySequence(Qt.Key.Key_Return), self.table, activated=self._open)
        self._stale = False
        # a restore, an import, a merge may bring other reports: read again (when shown)
        ops.records_changed().changed.connect(self._records_changed)
        self.reload()

    def _records_changed(self, kind: str, record_id: int = 0):
        if kind == ops.ALL:
            self._stale = True
            if self.isVisible():
                self.reload(self.selected_id())

    def showEvent(self, e):  # noqa: N802
        super().showEvent(e)
        if self._stale:
            self.reload(self.selected_id())

    def reload(self, select_id: int | None = None):
        self._stale = False
        rows = R.list_reports(self.store)
        self.rows = rows
        self.table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            ty = (r["trich_yeu"] or "").replace("\n", " ")
            vals = [ty[:1].upper() + ty[1:], f"{r['ky'][:1].upper()}{r['ky'][1:]} ({r['tu_ngay']} – {r['den_ngay']})",
                    r["outline_ten"] or r["outline_key"], r["so"], r["trang_thai_label"], fmt_stamp(r["updated_at"])]
            for j, v in enumerate(vals):
                it = QTableWidgetItem(v or "")
                it.setToolTip(v or "")
                if j == 0:
                    it.setData(Qt.ItemDataRole.UserRole, r["id"])
                if j == 4 and r["trang_thai"] == "da_ban_hanh":
                    it.setForeground(Qt.GlobalColor.darkGreen)
                self.table.setItem(i, j, it)
        self.count.setText(f"({len(rows)} báo cáo)" if rows else "")
        self.table.setVisible(bool(rows))
        self.empty.setVisible(not rows)
        if rows:
            row = next((i for i, r in enumerate(rows) if r["id"] == select_id), 0)
            self.table.selectRow(row)
        self._sel()

    def selected_id(self) -> int | None:
        items = self.table.selectedItems()
        if not items:
            return None
        return self.table.item(items[0].row(), 0).data(Qt.ItemDataRole.UserRole)

    def select_id(self, rid: int):
        for i in range(self.table.rowCount()):
            if self.table.item(i, 0).data(Qt.ItemDataRole.UserRole) == rid:
                self.table.selectRow(i)
                return

    def _sel(self):
        on = self.selected_id() is not None
        for b in (self.open_btn, self.next_btn, self.del_btn):
            b.setEnabled(on)

    def _open(self):
        rid = self.selected_id()
        if rid is not None:
            self.open_requested.emit(rid)


class _CloseGuard(QObject):
    """Asks about unsaved report edits when the main window closes."""

    def __init__(self, page):
        super().__init__(page)
        self.page = page

    def eventFilter(self, obj, e):  # noqa: N802
        if e.type() == QEvent.Type.Close and not self.page.confirm_leave():
            e.ignore()
            return True
        return False


class ReportPage(QWidget):
    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.store = store
        self.year: int | None = None
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.stack = QStackedWidget()
        lay.addWidget(self.stack)
        self.list = ReportList(store)
        self.editor = ReportEditor(store)
        self.stack.addWidget(self.list)
        self.stack.addWidget(self.editor)
        self.list.new_btn.clicked.connect(self.new_report)
        self.list.open_requested.connect(self.open_report)
        self.list.next_btn.clicked.connect(self.duplicate_next)
        self.list.del_btn.clicked.connect(self.delete_report)
        self.list.outline_btn.clicked.connect(self.edit_outlines)
        self.editor.back_requested.connect(self.back_to_list)
        self.editor.saved.connect(lambda rid: self.list.reload(rid))
        self._guard = None

    def showEvent(self, e):  # noqa: N802
        super().showEvent(e)
        win = self.window()
        if self._guard is None and win is not self:
            self._guard = _CloseGuard(self)
            win.installEventFilter(self._guard)

    def set_period(self, period):
        """The main window's period selector: its year is the default of “Báo cáo mới”."""
        self.year = period.report_year if period is not None else None

    def _unexpected(self, title: str, e: Exception):
        log.exception(title)
        vi.error(self, title, "Đã xảy ra lỗi ngoài dự kiến; dữ liệu trong sổ không bị ảnh hưởng. Chi tiết đã ghi "
                              "vào tệp nhật ký.", f"{type(e).__name__}: {e}")

    def _status(self, text: str):
        win = self.window()
        if hasattr(win, "statusBar"):
            win.statusBar().showMessage(text, 8000)

    # ------------------------------------------------------------ actions
    def new_report(self):
        if not self.confirm_leave():
            return None
        dlg = NewReportDialog(self.store, self, year=self.year)
        if dlg.exec() != NewReportDialog.DialogCode.Accepted:
            return None
        try:
            rep = dlg.report()
            rid = R.create_report(self.store, rep)
        except (ValidationError, ValueError) as e:
            vi.warning(self, "Chưa lập được báo cáo",
                       error_text(e) if isinstance(e, ValidationError) else str(e))
            return None
        except Exception as e:  # an engine bug must not lose the page
            self._unexpected("Chưa lập được báo cáo", e)
            return None
        self.list.reload(rid)
        self.open_report(rid)
        self._status("Đã lập báo cáo mới")
        return rid

    def open_report(self, rid: int):
        if self.stack.currentWidget() is self.editor and self.editor.rep is not None \
                and self.editor.rep.id != rid and not self.confirm_leave():
            return
        try:
            rep = R.get_report(self.store, rid)
        except Exception as e:  # e.g. a report saved by a newer version
            self._unexpected("Không mở được báo cáo", e)
            return
        if rep is None:
            vi.warning(self, "Không mở được báo cáo", "Không tìm thấy báo cáo này (có thể đã bị xóa).")
            self.list.reload()
            return
        self.editor.load(rep)
        self.stack.setCurrentWidget(self.editor)

    def duplicate_next(self):
        rid = self.list.selected_id()
        if rid is None:
            return None
        try:
            new_id = R.duplicate_for_next_period(self.store, rid)
        except (ValidationError, ValueError) as e:
            vi.warning(self, "Chưa lập được báo cáo kỳ tiếp theo",
                       error_text(e) if isinstance(e, ValidationError) else str(e))
            return None
        except Exception as e:
            self._unexpected("Chưa lập được báo cáo kỳ tiếp theo", e)
            return None
        self.list.reload(new_id)
        rep = R.get_report(self.store, new_id)
        self._status(f"Đã lập báo cáo {rep.period.label} từ báo cáo kỳ trước")
        self.open_report(new_id)
        return new_id

    def delete_report(self):
        rid = self.list.selected_id()
        if rid is None:
            return False
        row = next((r for r in self.list.rows if r["id"] == rid), None)
        name = (row["trich_yeu"] or "").replace("\n", " ") if row else ""
        detail = "Báo cáo đã ban hành: hãy chắc rằng đã lưu bản DOCX/PDF. " if row and row["trang_thai"] == "da_ban_hanh" else ""
        if not vi.ask(self, "Xóa báo cáo", f"Xóa báo cáo “{name}”?",
                      detail + "Các hồ sơ trong sổ theo dõi không bị ảnh hưởng; không khôi phục được báo cáo đã xóa.",
                      yes="Xóa", no="Không xóa"):
            return False
        R.delete_report(self.store, rid)
        if self.editor.rep is not None and self.editor.rep.id == rid:
            self.editor.rep = None
        self.list.reload()
        self._status("Đã xóa báo cáo")
        return True

    def edit_outlines(self):
        from .report.outline_dialog import OutlineDialog

        dlg = OutlineDialog(self.store, self)
        dlg.exec()
        return dlg

    def confirm_leave(self) -> bool:
        """True when the editor can be left (saved, discarded or clean)."""
        ed = self.editor
        if ed.busy():
            return False
        if ed.rep is None or not ed.dirty:
            return True
        ans = vi.ask_yes_no_cancel(self, "Báo cáo chưa lưu", "Báo cáo có thay đổi chưa lưu. Lưu trước khi rời đi?",
                                   yes="Lưu", no="Không lưu", cancel="Ở lại")
        if ans == "yes":
            return ed.save()
        if ans == "no":
            ed.dirty = False
            return True
        return False

    def back_to_list(self):
        if not self.confirm_leave():
            return
        rid = self.editor.rep.id if self.editor.rep else None
        self.list.reload(rid)
        self.stack.setCurrentWidget(self.list)
