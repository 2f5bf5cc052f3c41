"""A list page: filter bar, lazily loaded table, row count, and the actions
(new, open, delete) of one record kind."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from core.papers.books import book_keys_for
from core.records import listing
from core.records.fields import kind as get_kind
from core.records.validation import ValidationError
from core.text import fmt_int

from .. import ops
from ..models import RecordListModel
from ..widgets import vi
from ..widgets.editing import open_record
from ..widgets.filter_bar import FilterBar

EMPTY_HINTS = {
    "don_thu": "Bấm “Thêm đơn thư” (Ctrl+N) để vào sổ lá đơn đầu tiên: số đến được gợi ý tự động.",
    "tiep_cong_dan": "Bấm “Thêm lượt tiếp” (Ctrl+N) sau mỗi buổi tiếp công dân để ghi vào sổ.",
    "doi_thoai": "Bấm “Thêm cuộc đối thoại” (Ctrl+N) để ghi một buổi đối thoại hoặc hội nghị lắng nghe ý kiến Nhân dân.",
    "hoa_giai": "Bấm “Thêm vụ việc” (Ctrl+N) để ghi vụ việc hòa giải; khai báo tổ hòa giải ở “Danh mục & cài đặt”.",
    "mo_hinh": "Bấm “Thêm mô hình” (Ctrl+N) để đăng ký mô hình “Dân vận khéo” và trạng thái từng năm.",
    "van_ban": "Bấm “Thêm văn bản” (Ctrl+N) để ghi kế hoạch, công văn… UBND xã ban hành.",
    "hoat_dong": "Bấm “Thêm hoạt động” (Ctrl+N) để ghi buổi tuyên truyền, tập huấn, kiểm tra.",
    "chi_tieu": "Bấm “Thêm số liệu” (Ctrl+N) để nhập số liệu theo kỳ (thủ tục hành chính, khảo sát…).",
}
NEW_TEXT = {
    "don_thu": "Thêm đơn thư", "tiep_cong_dan": "Thêm lượt tiếp", "doi_thoai": "Thêm cuộc đối thoại",
    "hoa_giai": "Thêm vụ việc", "mo_hinh": "Thêm mô hình", "van_ban": "Thêm văn bản",
    "hoat_dong": "Thêm hoạt động", "chi_tieu": "Thêm số liệu",
}
UNIT_WORD = {
    "don_thu": "đơn", "tiep_cong_dan": "lượt tiếp", "doi_thoai": "cuộc đối thoại", "hoa_giai": "vụ việc",
    "mo_hinh": "mô hình", "van_ban": "văn bản", "hoat_dong": "hoạt động", "chi_tieu": "số liệu",
}


class RecordTable(QTableView):
    activated_id = Signal(int)
    delete_requested = Signal()

    def keyPressEvent(self, e):  # noqa: N802
        if e.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            idx = self.currentIndex()
            if idx.isValid():
                self.activated_id.emit(self.model().id_at(idx.row()))
                return
        if e.key() == Qt.Key.Key_Delete:
            self.delete_requested.emit()
            return
        super().keyPressEvent(e)


class ListPage(ops.RefreshWhenShown, QWidget):
    """The list of one record kind.  It refreshes itself on
    ``ui.ops.records_changed()``: at once when visible and a record of its
    kind (or everything) changed, otherwise when next shown."""

    def __init__(self, store, kind_key: str, parent=None, show_title: bool = True):
        super().__init__(parent)
        self.store = store
        self.kind_key = kind_key
        self.kind = get_kind(kind_key)
        self.period = None
        self._dirty = True
        self._units_stale = False
        lay = QVBoxLayout(self)
        top = QHBoxLayout()
        self.title = QLabel(self.kind.title)
        self.title.setObjectName("page_title")
        self.title.setVisible(show_title)
        top.addWidget(self.title)
        self.count_label = QLabel("")
        self.count_label.setObjectName("row_count")
        top.addWidget(self.count_label)
        # a search finds in the chosen year; the hits of other years are counted
        # and one click searches every year ("has this citizen written before?")
        self.all_years = False
        self.other_years = 0
        self.years_btn = QPushButton("Tìm mọi năm")
        self.years_btn.setObjectName("search_all_years")
        self.years_btn.setToolTip("Tìm trong hồ sơ của mọi năm, không chỉ kỳ số liệu đang chọn")
        self.years_btn.clicked.connect(self.toggle_all_years)
        self.years_btn.hide()
        top.addWidget(self.years_btn)
        top.addStretch(1)
        self.new_btn = QPushButton(NEW_TEXT[kind_key])
        self.new_btn.setObjectName("new")
        self.new_btn.setToolTip("Ctrl+N")
        self.open_btn = QPushButton("Mở")
        self.open_btn.setToolTip("Enter hoặc bấm đúp vào dòng")
        self.del_btn = QPushButton("Xóa")
        self.del_btn.setToolTip("Phím Delete")
        for b in (self.new_btn, self.open_btn, self.del_btn):
            top.addWidget(b)
        # "In sổ…": the book of this kind for the period shown (issue 14)
        self.book_keys = book_keys_for(kind_key)
        self.book_btn = None
        if self.book_keys:
            self.book_btn = QPushButton("In sổ…")
            self.book_btn.setObjectName("print_book")
            self.book_btn.setToolTip("In hoặc lưu sổ của kỳ đang xem (Word, PDF, Excel)")
            self.book_btn.clicked.connect(self.print_book)
            top.addWidget(self.book_btn)
        lay.addLayout(top)
        self.filter_bar = FilterBar(store, kind_key)
        lay.addWidget(self.filter_bar)
        self.model = RecordListModel(store, kind_key, self)
        self.view = RecordTable()
        self.view.setObjectName("table")
        self.view.setModel(self.model)
        hh0 = self.view.horizontalHeader()
        key, desc = self.model.sort_spec
        col = next(i for i, c in enumerate(self.model.columns) if c.key == key)
        hh0.setSortIndicator(col, Qt.SortOrder.DescendingOrder if desc else Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setSortingEnabled(True)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.verticalHeader().setDefaultSectionSize(26)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.view.verticalHeader().setVisible(False)
        hh = self.view.horizontalHeader()
        hh.setHighlightSections(False)
        hh.setSectionsClickable(True)
        for i, c in enumerate(self.model.columns):
            self.view.setColumnWidth(i, c.width)
        hh.setStretchLastSection(True)
        hh.setTextElideMode(Qt.TextElideMode.ElideRight)  # a narrowed header reads "Hạn / …", not "n / cò"
        self._fitted = 0
        # the viewport narrows without the page resizing (a scroll bar appears): fit again
        self.view.viewport().installEventFilter(self)
        hh.sortIndicatorChanged.connect(self._sort_changed)
        # a record saved or deleted anywhere (e.g. the petition created by
        # "Tiếp nhận đơn" from a reception), a restore, an import, the commune's
        # profile: see _record_changed
        ops.records_changed().changed.connect(self._record_changed)
        self.empty = QWidget()
        ev = QVBoxLayout(self.empty)
        ev.addStretch(1)
        self.empty_title = QLabel("")
        self.empty_title.setObjectName("empty_title")
        self.empty_title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_title.setStyleSheet("font-size: 15px; font-weight: 600;")
        self.empty_hint = QLabel("")
        self.empty_hint.setObjectName("empty_hint")
        self.empty_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_hint.setWordWrap(True)
        ev.addWidget(self.empty_title)
        ev.addWidget(self.empty_hint)
        row = QHBoxLayout()
        row.addStretch(1)
        self.empty_action = QPushButton("")
        self.empty_action.setObjectName("empty_action")
        self.empty_action.clicked.connect(self._empty_action)
        row.addWidget(self.empty_action)
        row.addStretch(1)
        ev.addLayout(row)
        ev.addStretch(2)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.empty)
        lay.addWidget(self.stack, 1)
        self.new_btn.clicked.connect(self.new_record)
        self.open_btn.clicked.connect(self.open_current)
        self.del_btn.clicked.connect(self.delete_current)
        self.view.doubleClicked.connect(lambda idx: self.open_record(self.model.id_at(idx.row())))
        self.view.activated_id.connect(self.open_record)
        self.view.delete_requested.connect(self.delete_current)
        self.filter_bar.changed.connect(self.refresh)
        # Ctrl+F is the main window's one action (``MainWindow.focus_search``)

    # ------------------------------------------------------------ query
    def filters(self) -> listing.ListFilters:
        p = None if self.all_years else self.period
        return listing.ListFilters(p.start if p else None, p.end if p else None,
                                   self.filter_bar.unit_id(), self.filter_bar.values())

    def toggle_all_years(self):
        """"Tìm mọi năm" (or back to the chosen period): the search, every year."""
        self.all_years = not self.all_years
        self.refresh()

    def focus_search(self) -> bool:
        """Ctrl+F: the cursor in the search box, its text selected."""
        box = self.filter_bar.search
        box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        box.selectAll()
        return True

    def set_period(self, period):
        self.period = period
        self.all_years = False  # a year chosen: the list is that year's again
        self.mark_dirty()

    def showEvent(self, e):  # noqa: N802
        super().showEvent(e)  # RefreshWhenShown: refresh when marked
        self._fit_columns()

    def resizeEvent(self, e):  # noqa: N802
        super().resizeEvent(e)
        self._fit_columns()

    def eventFilter(self, obj, e):  # noqa: N802
        if e.type() == QEvent.Type.Resize and obj is self.view.viewport():
            self._fit_columns()
        return super().eventFilter(obj, e)

    def _fit_columns(self, force: bool = False):
        """Fit the columns to the visible width (once per width, or ``force``
        after the rows changed):

        - dates, numbers and short codes keep their width (never "27/12…");
        - a status or deadline column (``Column.fixed``) is as wide as its
          widest cell among the first rows (an empty "Hạn / còn (ngày)" is
          narrow, its header shortened, the full name in its tooltip);
        - the text columns share the rest.  When the room is short, the
          category columns (loại, lĩnh vực, hướng xử lý…) give way first, down
          to ``MIN_CATEGORY_WIDTH``, so the names and the content stay readable;
          then the names and content shrink too (to ``MIN_TEXT_WIDTH`` at
          least; then the table scrolls sideways).

        At 1366×768 every column shows without a horizontal scroll bar."""
        avail = self.view.viewport().width() or self.view.width()
        if avail < 200 or (abs(avail - self._fitted) < 8 and not force):
            return
        self._fitted = avail
        fm = self.view.horizontalHeader().fontMetrics()
        cell_fm = self.view.fontMetrics()
        cols = self.model.columns
        widths = [c.width for c in cols]
        rigid = [c.fixed or c.align == "right" or c.width <= 90 or c.key.startswith("ngay")
                 or c.key.endswith("_ngay") for c in cols]  # numbers, dates, deadlines, short codes
        shown = min(self.model.rowCount(), self.model.PAGE)
        for i, c in enumerate(cols):
            if c.fixed:  # sized to what it shows
                texts = [self.model.data(self.model.index(r, i)) or "" for r in range(shown)]
                content = max((cell_fm.horizontalAdvance(t) for t in texts), default=0)
                short = fm.horizontalAdvance(c.label.split(" /")[0] + " …") + 28
                widths[i] = min(max(content + 16, short), 2 * c.width)
            elif rigid[i]:  # never narrower than its header (+ the sort arrow)
                widths[i] = max(widths[i], fm.horizontalAdvance(c.label) + 28)
        # room for the vertical scroll bar the rows will need, before it shows (the viewport then narrows)
        bar = self.view.verticalScrollBar()
        tall = self.model.rowCount() * self.view.verticalHeader().defaultSectionSize() > self.view.viewport().height()
        room = avail - 4 - (bar.sizeHint().width() if tall and not bar.isVisible() else 0)
        left = room - sum(w for w, r in zip(widths, rigid) if r)
        flex = [i for i, r in enumerate(rigid) if not r]
        # names and free text first (sorted by name or not sortable); categories give way
        main = [i for i in flex if cols[i].order in (None, "sort_key")]
        category = [i for i in flex if i not in main]
        preferred = sum(widths[i] for i in flex)
        if left >= preferred or not main or not category:
            self._share(widths, flex, left, self.MIN_TEXT_WIDTH)
        else:
            floor = sum(min(widths[i], self.MIN_CATEGORY_WIDTH) for i in category)
            need = sum(widths[i] for i in main)
            if left - need >= floor:  # the names keep their width; the categories share the rest
                self._share(widths, category, left - need, self.MIN_CATEGORY_WIDTH)
            else:  # then the widest of the names and content gives way first
                for i in category:
                    widths[i] = min(widths[i], self.MIN_CATEGORY_WIDTH)
                self._level(widths, main, left - floor, self.MIN_TEXT_WIDTH)
        for i, w in enumerate(widths):
            self.view.setColumnWidth(i, w)

    @staticmethod
    def _level(widths: list[int], cols: list[int], left: int, minimum: int):
        """Cut ``cols`` of ``widths`` to one level so that they fill ``left``
        px: the widest shrink first, a narrow one keeps its width (a short
        name stays whole while the long content gives way); never below
        ``minimum``."""
        ws = sorted(widths[i] for i in cols)
        level, acc = float(ws[-1]) if ws else 0.0, 0
        for k, w in enumerate(ws):
            if acc + w * (len(ws) - k) >= left:
                level = (left - acc) / (len(ws) - k)
                break
            acc += w
        for i in cols:
            widths[i] = int(max(minimum, min(widths[i], level)))
        spare = left - sum(widths[i] for i in cols)  # the pixels rounding left over: to the widest
        if cols and spare > 0:
            widths[max(cols, key=lambda i: widths[i])] += spare

    @staticmethod
    def _share(widths: list[int], cols: list[int], left: int, minimum: int):
        """Scale ``cols`` of ``widths`` to fill ``left`` px; one that would be
        narrower than ``minimum`` keeps ``minimum`` and the others share the rest."""
        pending = list(cols)
        while pending:
            flex = sum(widths[i] for i in pending)
            scale = max(0.0, left) / flex if flex else 1.0
            small = [i for i in pending if widths[i] * scale < minimum]
            if not small:
                for i in pending:
                    widths[i] = int(widths[i] * scale)
                break
            for i in small:
                widths[i] = minimum
                left -= minimum
            pending = [i for i in pending if i not in small]

    MIN_TEXT_WIDTH = 56  # px: a text column is never narrower (the table then scrolls sideways)
    MIN_CATEGORY_WIDTH = 56  # px: a category column (loại, lĩnh vực…) gives way to this first

    # kinds whose change shows in every list: the communes (the filter bar's
    # unit choice and the unit column)
    UNIT_KINDS = ("unit", ops.ALL)

    def _record_changed(self, kind_key: str, record_id: int = 0):
        if kind_key in self.UNIT_KINDS:
            self._units_stale = True
        if kind_key == self.kind_key or kind_key in self.UNIT_KINDS:
            self.mark_dirty()
        else:
            # another kind: its names and links may show here; read again when next shown
            self._dirty = True

    def refresh(self):
        self._dirty = False
        if self._units_stale:
            self._units_stale = False
            self.filter_bar.reload_units()
        keep = self.current_id()
        search = self.filter_bar.text()
        if not search.strip() or self.period is None:
            self.all_years = False  # only a search looks beyond the chosen year
        self.model.set_query(self.filters(), search)
        self.other_years = 0
        if search.strip() and self.period is not None and not self.all_years:
            everywhere = listing.ListFilters(None, None, self.filter_bar.unit_id(), self.filter_bar.values())
            self.other_years = max(0, listing.count(self.store, self.kind_key, everywhere, search)
                                   - self.model.rowCount())
        self._update_count()
        self._fit_columns(force=True)  # the status and deadline columns fit what they show now
        if keep is not None:
            self.select_id(keep)

    def _sort_changed(self, col, order):
        if not self.model.is_sortable(col):
            key, desc = self.model.sort_spec
            cur = next(i for i, c in enumerate(self.model.columns) if c.key == key)
            hh = self.view.horizontalHeader()
            hh.blockSignals(True)
            hh.setSortIndicator(cur, Qt.SortOrder.DescendingOrder if desc else Qt.SortOrder.AscendingOrder)
            hh.blockSignals(False)

    def _update_count(self):
        n = self.model.rowCount()
        word = UNIT_WORD[self.kind_key]
        if self.all_years:
            scope = " — mọi năm"
        else:
            scope = f" — {self.period.label}" if self.period else " — tất cả các năm"
        text = f"{fmt_int(n)} {word}{scope}"
        if self.other_years:
            text += f" · có {fmt_int(self.other_years)} kết quả ở năm khác"
        self.count_label.setText(text)
        self.years_btn.setVisible(bool(self.other_years) or self.all_years)
        self.years_btn.setText(f"Chỉ tìm trong {self.period.label}" if self.all_years and self.period
                               else "Tìm mọi năm")
        if n:
            self.stack.setCurrentWidget(self.view)
            return
        self.stack.setCurrentWidget(self.empty)
        if self.other_years:
            self.empty_title.setText(f"Không có {self.kind.label} nào khớp trong {self.period.label}.")
            self.empty_hint.setText(f"Có {fmt_int(self.other_years)} kết quả ở năm khác: bấm “Tìm mọi năm” để xem.")
            self.empty_action.setText("Tìm mọi năm")
        elif self.filter_bar.is_active():
            self.empty_title.setText(f"Không có {self.kind.label} nào khớp với điều kiện lọc, tìm kiếm.")
            self.empty_hint.setText("Hãy bỏ bớt điều kiện lọc, hoặc gõ ít chữ hơn trong ô tìm kiếm.")
            self.empty_action.setText("Bỏ lọc")
        else:
            when = f" trong {self.period.label}" if self.period else ""
            self.empty_title.setText(f"Chưa có {self.kind.label} nào{when}.")
            hint = EMPTY_HINTS[self.kind_key]
            if self.period:
                hint += "\nHồ sơ của năm khác: chọn năm ở ô “Kỳ số liệu” phía trên."
            self.empty_hint.setText(hint)
            self.empty_action.setText(NEW_TEXT[self.kind_key])

    def _empty_action(self):
        if self.other_years:
            self.toggle_all_years()
        elif self.filter_bar.is_active():
            self.filter_bar.clear()
        else:
            self.new_record()

    def list_state(self) -> dict:
        """The list exactly as shown, for exports: ``listing.list_rows(store,
        **{k: v for k in ("kind_key", "filters", "search", "sort", "ids")})``
        gives its headers and display rows; ``title`` names it."""
        when = "mọi năm" if self.all_years else (self.period.label if self.period else "tất cả các năm")
        return {"kind_key": self.kind_key, "filters": self.model.filters, "search": self.model.search,
                "sort": self.model.sort_spec, "ids": self.model.ids(), "title": f"{self.kind.title} — {when}"}

    # ---------------------------------------------------------- actions
    def current_id(self) -> int | None:
        idx = self.view.currentIndex()
        if not idx.isValid() or self.stack.currentWidget() is not self.view:
            return None
        return self.model.id_at(idx.row())

    def select_id(self, record_id: int):
        r = self.model.row_of(record_id)
        if r >= 0:
            idx = self.model.index(r, 0)
            self.view.selectionModel().setCurrentIndex(
                idx, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
            self.view.scrollTo(idx)

    def new_record(self, prefill: dict | None = None):
        rid = open_record(self, self.store, self.kind_key, None, prefill)
        if rid:  # the editor announced it (ops.notify); here it is selected
            self.refresh()
            self.select_id(rid)
        return rid

    def open_current(self):
        rid = self.current_id()
        if rid is None:
            vi.info(self, self.kind.title, f"Hãy chọn một {self.kind.label} trong danh sách trước.")
            return
        self.open_record(rid)

    def open_record(self, record_id):
        if record_id is None:
            return None
        saved = open_record(self, self.store, self.kind_key, record_id)
        if saved:
            self.refresh()
            self.select_id(saved)
        return saved

    def print_book(self):
        """"In sổ…": the dialog of this kind's books, on the period shown."""
        from ..papers.books import open_book_dialog

        if not self.book_keys:
            return None
        self.book_dialog = open_book_dialog(self, self.store, self.book_keys, self.period)
        return self.book_dialog

    def delete_current(self):
        rid = self.current_id()
        if rid is None:
            return False
        r = self.model.row_of(rid)
        cells = self.model._row(r).cells if r >= 0 else []
        desc = " — ".join(c for c in cells[:3] if c)
        if not vi.ask(self, "Xóa hồ sơ", f"Xóa {self.kind.label} này?",
                      f"{desc}\n\nHồ sơ được giữ trong Thùng rác 30 ngày (Hồ sơ › Thùng rác…), khôi phục được.",
                      yes="Xóa", no="Không xóa"):
            return False
        try:
            self.store.trash(self.kind_key, rid)
        except ValidationError as e:
            vi.error(self, "Không xóa được", e.message(self.kind_key))
            return False
        ops.notify(self.kind_key, rid)  # this list refreshes itself, the others when shown
        if self._dirty:  # not on screen
            self.refresh()
        if self.model.rowCount():
            self.view.selectRow(min(r, self.model.rowCount() - 1))
        return True
