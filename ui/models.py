"""Table models of the list pages.

``RecordListModel`` holds only the ids of the list (one indexed SQL query
through ``core.records.listing.query_ids``) plus a lazily fetched row cache: when a
view asks ``data()`` for a row that is not cached, the page of ~200 ids
around it is fetched by id (the Anki browser model is the pattern).  A page
therefore opens in the time of one id query, over 1,000,000 records.

``DictTableModel`` is a small in-memory table (catalogues in Settings) sorted
with QCollator (vi_VN).
"""
from __future__ import annotations

from array import array

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from core.records import listing

ID_ROLE = Qt.ItemDataRole.UserRole + 1

COLOURS = {  # foreground, background (SPEC §4: green / amber / red)
    "green": (QColor("#1b6e35"), QColor("#e3f3e8")),
    "amber": (QColor("#8a5200"), QColor("#fff1d6")),
    "red": (QColor("#b3261e"), QColor("#fde7e5")),
}
SECRET_COLOUR = QColor("#6b6b6b")


class RecordListModel(QAbstractTableModel):
    PAGE = listing.PAGE_SIZE
    MAX_CACHE = 4000
    # Above this many rows, when an index serves the order, ids are fetched
    # in windows (LIMIT/OFFSET) instead of all at once: the page opens in the
    # time of a count and one window, whatever the size of the list.
    WINDOW_THRESHOLD = 20_000
    WINDOW = 2000
    MAX_WINDOWS = 64

    def __init__(self, store, kind_key: str, parent=None):
        super().__init__(parent)
        self.store = store
        self.kind = kind_key
        self.columns = listing.columns(kind_key)
        self.filters = listing.ListFilters()
        self.search = ""
        self.sort_spec: tuple[str, bool] = listing.DEFAULT_SORT[kind_key]
        self.query: listing.ListQuery | None = None
        self._ids: array | None = array("q")
        self._windows: dict[int, array] = {}
        self._n = 0
        self._cache: dict[int, listing.ListRow] = {}
        self.fetches = 0  # pages fetched (for tests / benchmarks)
        self.loaded = False  # the id query ran at least once

    # ------------------------------------------------------------ loading
    @property
    def windowed(self) -> bool:
        return self._ids is None

    def refresh(self):
        """Run the id query again (filters, search or sort changed, or data)."""
        q = listing.ListQuery(self.store, self.kind, self.filters, self.search, self.sort_spec)
        ids = None
        n = 0
        if q.post or self.search.strip():
            ids = q.ids()  # search hits are bounded by the index: one query, no count first
        else:
            n = q.count()
            if n <= self.WINDOW_THRESHOLD or not q.index_ordered():
                ids = q.ids()
        self.loaded = True
        self.beginResetModel()
        self.query = q
        self._cache.clear()
        self._windows = {}
        if ids is None:
            self._ids = None
            self._n = n
        else:
            self._ids = array("q", ids)
            self._n = len(self._ids)
        self.endResetModel()

    def set_query(self, filters=None, search=None, sort=None, refresh=True):
        if filters is not None:
            self.filters = filters
        if search is not None:
            self.search = search
        if sort is not None:
            self.sort_spec = sort
        if refresh:
            self.refresh()

    def invalidate(self, record_id: int | None = None):
        """Drop cached rows (after an edit) without re-running the id query."""
        if record_id is None:
            self._cache.clear()
            if self._n:
                self.dataChanged.emit(self.index(0, 0), self.index(self._n - 1, len(self.columns) - 1))
            return
        self._cache.pop(record_id, None)
        r = self.row_of(record_id)
        if r >= 0:
            self.dataChanged.emit(self.index(r, 0), self.index(r, len(self.columns) - 1))

    def _window(self, w: int) -> array:
        win = self._windows.get(w)
        if win is None:
            if len(self._windows) >= self.MAX_WINDOWS:
                self._windows.clear()
            win = self._windows[w] = array("q", self.query.ids(w * self.WINDOW, self.WINDOW))
        return win

    def id_at(self, r: int) -> int | None:
        if not 0 <= r < self._n:
            return None
        if self._ids is not None:
            return self._ids[r]
        win = self._window(r // self.WINDOW)
        i = r % self.WINDOW
        return win[i] if i < len(win) else None

    def row_of(self, record_id: int) -> int:
        if self._ids is not None:
            try:
                return self._ids.index(record_id)
            except ValueError:
                return -1
        for w, win in self._windows.items():
            try:
                return w * self.WINDOW + win.index(record_id)
            except ValueError:
                continue
        return -1

    def ids(self) -> list[int]:
        """Every id of the list in order (exports)."""
        if self._ids is not None:
            return list(self._ids)
        return self.query.ids() if self.query else []

    def _row(self, r: int) -> listing.ListRow | None:
        rid = self.id_at(r)
        if rid is None:
            return None
        row = self._cache.get(rid)
        if row is None:
            if len(self._cache) > self.MAX_CACHE:
                self._cache.clear()
            start = (r // self.PAGE) * self.PAGE
            page = [i for i in (self.id_at(j) for j in range(start, min(start + self.PAGE, self._n)))
                    if i is not None and i not in self._cache]
            got = listing.fetch_rows(self.store, self.kind, page, filters=self.filters)
            self.fetches += 1
            self._cache.update(got)
            for i in page:  # a row deleted meanwhile: keep a blank placeholder
                if i not in got:
                    self._cache[i] = listing.ListRow(i, [""] * len(self.columns))
            row = self._cache[rid]
        return row

    # ---------------------------------------------------------- Qt API
    def rowCount(self, parent=QModelIndex()):  # noqa: N802
        return 0 if parent.isValid() else self._n

    def columnCount(self, parent=QModelIndex()):  # noqa: N802
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < self._n) \
                or not (0 <= index.column() < len(self.columns)):
            return None
        c = index.column()
        if role == ID_ROLE:
            return self.id_at(index.row())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            row = self._row(index.row())
            return row.cells[c] if row else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if self.columns[c].align == "right":
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role in (Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.BackgroundRole):
            row = self._row(index.row())
            if row is None:
                return None
            if row.colour and (row.colour_col == c or self.columns[c].key == "han"):
                fg, bg = COLOURS[row.colour]
                return QBrush(fg if role == Qt.ItemDataRole.ForegroundRole else bg)
            if row.secret and role == Qt.ItemDataRole.ForegroundRole and self.columns[c].key in ("nguoi_gui", "ho_ten"):
                return QBrush(SECRET_COLOUR)
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.ToolTipRole and orientation == Qt.Orientation.Horizontal:
            # the whole name of a column narrowed to its content ("Hạn / …")
            return self.columns[section].label if 0 <= section < len(self.columns) else None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            if 0 <= section < len(self.columns):
                return self.columns[section].label
            return None
        return str(section + 1)

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def is_sortable(self, column: int) -> bool:
        return 0 <= column < len(self.columns) and bool(self.columns[column].order)

    def sort(self, column, order=Qt.SortOrder.AscendingOrder):
        if not self.is_sortable(column):
            return
        spec = (self.columns[column].key, order == Qt.SortOrder.DescendingOrder)
        if spec != self.sort_spec:
            self.sort_spec = spec
            if self.loaded:
                self.refresh()


class DictTableModel(QAbstractTableModel):
    """Rows as dicts; ``columns`` = [(key, header)] ; ``formatters`` map a key
    to a function(row) -> str.  Sorting uses Vietnamese collation."""

    def __init__(self, columns, rows=None, formatters=None, parent=None):
        super().__init__(parent)
        self.columns = list(columns)
        self.formatters = dict(formatters or {})
        self.rows: list[dict] = list(rows or [])

    def set_rows(self, rows):
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()):  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()):  # noqa: N802
        return 0 if parent.isValid() else len(self.columns)

    def text(self, r: int, c: int) -> str:
        key = self.columns[c][0]
        row = self.rows[r]
        if key in self.formatters:
            return self.formatters[key](row)
        v = row.get(key)
        return "" if v is None else str(v)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self.rows)) \
                or not (0 <= index.column() < len(self.columns)):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.text(index.row(), index.column())
        if role == ID_ROLE:
            return self.rows[index.row()].get("id")
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.columns[section][1] if 0 <= section < len(self.columns) else None
        return str(section + 1)

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def sort(self, column, order=Qt.SortOrder.AscendingOrder):
        if not 0 <= column < len(self.columns):
            return
        from .widgets.collate import vi_key
        self.layoutAboutToBeChanged.emit()
        old = [self.index(r, c) for r in range(len(self.rows)) for c in range(len(self.columns))]
        tagged = list(enumerate(self.rows))
        tagged.sort(key=lambda t: vi_key(self.text(t[0], column)),
                    reverse=order == Qt.SortOrder.DescendingOrder)
        pos = {orig: new for new, (orig, _) in enumerate(tagged)}
        self.rows = [r for _, r in tagged]
        new = [self.index(pos[i.row()], i.column()) for i in old]
        self.changePersistentIndexList(old, new)
        self.layoutChanged.emit()
