"""The main window: left navigation, the year/period selector, the pages, the
menus (with the actions feature areas register in ``ui.actions``), and the
remembered geometry and last page (QSettings, organisation "SoDanVan").

Pages refresh themselves on ``ui.ops.records_changed()``; the window itself
listens for the commune's profile (title) and for ``ops.ALL`` after a
restore, an import or a merge (caches, the period's years, the title)."""
from __future__ import annotations

import logging
from collections.abc import Mapping

from PySide6 import QtCore
from PySide6.QtCore import QByteArray, QSettings, QSize, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QSizePolicy,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from core import APP_ID, APP_NAME, __version__

from . import actions, ops
from .widgets import vi

log = logging.getLogger(__name__)

# (key, navigation title); list pages by record kind
NAV = [
    ("tong_quan", "Tổng quan"),
    ("don_thu", "Đơn thư"),
    ("tiep_cong_dan", "Tiếp công dân"),
    ("doi_thoai", "Đối thoại"),
    ("hoa_giai", "Hòa giải"),
    ("mo_hinh", "Mô hình Dân vận khéo"),
    ("van_ban_hoat_dong", "Văn bản & hoạt động"),
    ("chi_tieu", "Số liệu theo kỳ"),  # measured figures, not targets (kind key chi_tieu)
    ("bao_cao", "Báo cáo"),
    ("cai_dat", "Danh mục & cài đặt"),
]
LIST_KINDS = ("don_thu", "tiep_cong_dan", "doi_thoai", "hoa_giai", "mo_hinh", "chi_tieu")
# record kinds listed inside another page: kind -> page key
NESTED_LISTS = {"van_ban": "van_ban_hoat_dong", "hoat_dong": "van_ban_hoat_dong"}
# The navigation item's role holding its page key: Qt.ItemDataRole.UserRole as
# the int the item's data() takes.  Nothing before the window's first paint
# names Qt's enum namespace (``QtCore.Qt``): its first use builds every enum of
# it, ~20 ms of start-up (issue 16; tests/ui/test_startup_imports.py).
NAV_KEY_ROLE = 256

STYLE = """
QListWidget#nav { background: #1f3b5c; color: #e8eef6; border: none; font-size: 14px; padding-top: 6px; outline: 0; }
QListWidget#nav::item { padding: 9px 12px; }
QListWidget#nav::item:selected { background: #2f6db5; color: white; }
QLabel#page_title { font-size: 17px; font-weight: 600; color: #1f3b5c; }
QLabel#row_count { color: #555; padding-left: 10px; }
QLabel#unit_title { font-weight: 600; color: #1f3b5c; padding: 0 12px; }
"""


def _set_shortcut(action: QAction, keys: str):
    """``action.setShortcut(QKeySequence(keys))`` without its overload check,
    which names Qt's enum namespace (see ``NAV_KEY_ROLE``)."""
    action.setShortcuts([QKeySequence(keys)])


def settings() -> QSettings:
    return QSettings(APP_ID, APP_ID)


class PlaceholderPage(QWidget):
    def __init__(self, title: str, text: str, parent=None):
        super().__init__(parent)
        lay = QVBoxLayout(self)
        t = QLabel(title)
        t.setObjectName("page_title")
        lay.addWidget(t)
        lay.addStretch(1)
        m = QLabel(text)
        m.setWordWrap(True)
        m.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
        lay.addWidget(m)
        lay.addStretch(2)


class DocumentsPage(QWidget):
    """Văn bản & hoạt động: two lists side by side in tabs."""

    def __init__(self, store, parent=None):
        super().__init__(parent)
        from PySide6.QtWidgets import QTabWidget

        from .pages.list_page import ListPage
        lay = QVBoxLayout(self)
        t = QLabel("Văn bản & hoạt động")
        t.setObjectName("page_title")
        lay.addWidget(t)
        self.tabs = QTabWidget()
        self.van_ban = ListPage(store, "van_ban", show_title=False)
        self.hoat_dong = ListPage(store, "hoat_dong", show_title=False)
        self.tabs.addTab(self.van_ban, "Văn bản chỉ đạo, văn bản cấp trên")
        self.tabs.addTab(self.hoat_dong, "Tuyên truyền, tập huấn, kiểm tra")
        lay.addWidget(self.tabs, 1)

    def lists(self):
        return [self.van_ban, self.hoat_dong]

    def current_list(self):
        return self.tabs.currentWidget()

    def focus_search(self) -> bool:
        return self.current_list().focus_search()


class _LazyPages(Mapping):
    """``window.pages``: page key -> page, built on first access."""

    def __init__(self, win):
        self._win = win

    def __getitem__(self, key):
        return self._win.page(key)

    def __iter__(self):
        return iter(self._win._titles)

    def __len__(self):
        return len(self._win._titles)

    def __contains__(self, key):
        return key in self._win._titles

    def built(self) -> dict:
        return self._win.built_pages()


class _LazyListPages(Mapping):
    """``window.list_pages``: record kind -> its ``ListPage``, built on first
    access (``van_ban`` / ``hoat_dong`` are tabs of one page)."""

    def __init__(self, win):
        self._win = win

    def _owner(self, kind):
        key = kind if kind in LIST_KINDS else NESTED_LISTS.get(kind)
        if key is None or key not in self._win._titles:
            raise KeyError(kind)
        return key

    def __getitem__(self, kind):
        page = self._win.page(self._owner(kind))
        return getattr(page, kind) if kind in NESTED_LISTS else page

    def __iter__(self):
        return iter([k for k in (*LIST_KINDS, *NESTED_LISTS) if k in self])

    def __len__(self):
        return sum(1 for _ in self)

    def __contains__(self, kind):
        try:
            self._owner(kind)
        except KeyError:
            return False
        return True

    def built(self) -> dict:
        built = self._win.built_pages()
        return {k: self[k] for k in self if self._owner(k) in built}


class MainWindow(QMainWindow):
    """``MainWindow(store)``: the window on an open book.  ``MainWindow(None,
    data_dir=…)``: the frame alone — title (remembered for this folder),
    navigation, menus and the home page's layout with "Đang mở sổ…", input
    disabled — painted while ``ui.app`` opens the book; ``attach_store`` then
    fills it.  ``ready`` is emitted once the page on screen shows the book's
    data (the home page's figures)."""

    first_painted = Signal()
    ready = Signal()
    _maximize_on_show = False  # the first start on a small screen (``_restore_frame``)

    def __init__(self, store, demo: bool = False, remember: bool = True, data_dir=None):
        super().__init__()
        self.store = None
        self.demo = demo
        self.remember = remember
        self.data_dir = data_dir if store is None else store.data_dir
        self.painted = False
        self.is_ready = False
        self.period_selector = None
        self._skeleton = None  # the home page's layout while the book opens
        self._loading_actions: list[QAction] = []
        self.setObjectName("main_window")
        self.setStyleSheet(STYLE)
        self.setMinimumSize(QSize(1024, 640))
        central = QWidget()
        h = QHBoxLayout(central)
        h.setContentsMargins(0, 0, 0, 0)
        h.setSpacing(0)
        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setFixedWidth(215)
        # (a list view takes the focus by tab and click: Qt.FocusPolicy.StrongFocus, its default)
        self.stack = QStackedWidget()
        h.addWidget(self.nav)
        h.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        # connected before any page is built: after a restore the store's caches
        # are dropped before the pages read again
        self._stale: set[str] = set()
        ops.records_changed().changed.connect(self._records_changed)
        ops.records_changed().message.connect(self._say)  # an editor's "Đã lưu đơn số 151/2026"
        # toolbar: commune name + period selector
        tb = self._toolbar = QToolBar("Kỳ số liệu")
        tb.setObjectName("period_toolbar")
        tb.setMovable(False)
        self.unit_label = QLabel("")
        self.unit_label.setObjectName("unit_title")
        tb.addWidget(self.unit_label)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        tb.addWidget(spacer)
        self.addToolBar(tb)
        self._build_pages()
        self._build_menus()
        self.nav.currentRowChanged.connect(self._nav_changed)
        self._restore_frame()
        if store is not None:
            self.attach_store(store, demo)
        else:  # the frame painted before the book opens (ui.app)
            from .pages.home_skeleton import HomeSkeleton

            self._skeleton = HomeSkeleton()
            self.stack.addWidget(self._skeleton)
            self.nav.blockSignals(True)
            self.nav.setCurrentRow(0)
            self.nav.blockSignals(False)
            self._set_loading(True)
            self.update_title()
            self.statusBar().showMessage("Đang mở sổ…")

    # ------------------------------------------------------- the book
    def attach_store(self, store, demo: bool | None = None):
        """The book is open: the period selector, the title, the remembered
        period and page; the pages already built read it; input enabled."""
        from .widgets.period import PeriodSelector

        self.store = store
        self.data_dir = store.data_dir
        if demo is not None:
            self.demo = demo
        self.period_selector = PeriodSelector(store)
        self._toolbar.addWidget(self.period_selector)
        self._purge_old_trash()
        for page in self._built.values():
            if hasattr(page, "attach_store"):
                page.attach_store(store)
        self.period_selector.periodChanged.connect(self._period_changed)
        if self.demo:
            self.statusBar().showMessage("Đang dùng dữ liệu mẫu (thư mục riêng). Lần mở sau, chương trình sẽ hỏi lại "
                                         "để thiết lập dữ liệu thật của đơn vị.")
        else:
            self.statusBar().showMessage("Sẵn sàng")
        self.update_title()
        self._set_loading(False)
        self._restore_book()
        skeleton, self._skeleton = self._skeleton, None
        if skeleton is not None:  # the real page is on screen now
            self.stack.removeWidget(skeleton)
            skeleton.deleteLater()
        page = self.stack.currentWidget()
        if hasattr(page, "figures_shown") and not getattr(page, "cards_ready", True):
            page.figures_shown.connect(self._page_ready, QtCore.Qt.ConnectionType.SingleShotConnection)
        else:
            self._page_ready()

    def _page_ready(self):
        if not self.is_ready:
            self.is_ready = True
            self.ready.emit()

    def _set_loading(self, loading: bool):
        """Until the book is open: pages, navigation, menus and shortcuts
        disabled (a click or a key press then does nothing)."""
        self.centralWidget().setEnabled(not loading)
        self.menuBar().setEnabled(not loading)
        if loading:
            every = [*self.actions(), *(a for m in self.menus.values() for a in m.actions())]
            self._loading_actions = [a for a in dict.fromkeys(every) if a.isEnabled()]
            for a in self._loading_actions:
                a.setEnabled(False)
        else:
            for a in self._loading_actions:
                a.setEnabled(True)
            self._loading_actions = []
            if self.nav.isVisible() and QGuiApplication.focusObject() is None:
                self.nav.setFocus()

    def setVisible(self, visible):  # noqa: N802
        """Shown maximised when ``_restore_frame`` asked for it: through
        ``showMaximized`` (C++ sets the state), as setWindowState(… |
        WindowMaximized) would name Qt's enum namespace before the first paint."""
        if visible and self._maximize_on_show:
            self._maximize_on_show = False
            self.showMaximized()  # the state, then setVisible(True) again
            return
        super().setVisible(visible)

    def setWindowState(self, state):  # noqa: N802
        self._maximize_on_show = False  # a state set before the window is shown wins
        super().setWindowState(state)

    def paintEvent(self, e):  # noqa: N802
        super().paintEvent(e)
        if not self.painted:
            self.painted = True
            self.first_painted.emit()

    # ------------------------------------------------------------- pages
    # Pages are built when first needed (shown, or asked for through
    # ``pages`` / ``list_pages``), not before the first paint: building all
    # ten costs more than the rest of the start-up (docs/PACKAGING.md).
    def _build_pages(self):
        order = list(NAV)
        extra = {k: (t, f, a) for k, t, f, a in actions.PAGES}
        # registered pages replace a placeholder with the same key, or insert after `after`
        for key, (title, factory, after) in extra.items():
            if any(k == key for k, _ in order):
                order = [(k, title if k == key else t) for k, t in order]
                continue
            pos = next((i + 1 for i, (k, _) in enumerate(order) if k == after), len(order) - 1)
            order.insert(pos, (key, title))
        self._extra = extra
        self._titles = dict(order)
        self._built: dict[str, QWidget] = {}
        self.pages = _LazyPages(self)
        self.list_pages = _LazyListPages(self)
        for key, title in order:
            it = QListWidgetItem(title)
            it.setData(NAV_KEY_ROLE, key)
            it.setSizeHint(QSize(200, 38))
            self.nav.addItem(it)

    def _make_page(self, key: str) -> QWidget:
        s = self.store
        title = self._titles[key]
        if key in self._extra:
            try:
                return self._extra[key][1](self)
            except Exception:
                log.exception("page %s failed to build", key)
                return PlaceholderPage(title, "Trang này chưa mở được; chi tiết đã ghi vào tệp nhật ký.")
        if key == "tong_quan":
            from .pages.home import HomePage
            page = HomePage(s)
            page.open_requested.connect(self.open_record)
            return page
        if key in LIST_KINDS:
            from .pages.list_page import ListPage
            return ListPage(s, key)
        if key == "van_ban_hoat_dong":
            return DocumentsPage(s)
        if key == "cai_dat":
            from .pages.settings import SettingsPage
            return SettingsPage(s)
        return PlaceholderPage(
            title, "Phần này chưa được cài đặt trong phiên bản này.\n"
            "Trong lúc chờ, số liệu của từng kỳ xem ở trang “Tổng quan”.")

    def page(self, key: str) -> QWidget:
        """The page ``key``, built (and given the current period) on first use."""
        page = self._built.get(key)
        if page is None:
            if key not in self._titles:
                raise KeyError(key)
            page = self._make_page(key)
            page.setObjectName(f"page_{key}")
            self._built[key] = page
            self.stack.addWidget(page)
            if self.period_selector is not None:
                self._apply_period(page, self.period_selector.period())
        return page

    def built_pages(self) -> dict[str, QWidget]:
        """The pages built so far (the others will read fresh data when built)."""
        return dict(self._built)

    def page_keys(self) -> list[str]:
        return [self.nav.item(i).data(NAV_KEY_ROLE) for i in range(self.nav.count())]

    def show_page(self, key: str):
        keys = self.page_keys()
        if key in keys:
            row = keys.index(key)
            if self.nav.currentRow() == row:
                self._nav_changed(row)
            else:
                self.nav.setCurrentRow(row)

    def current_key(self) -> str | None:
        it = self.nav.currentItem()
        return it.data(NAV_KEY_ROLE) if it else None

    def _nav_changed(self, row: int):
        if row < 0:
            return
        key = self.nav.item(row).data(NAV_KEY_ROLE)
        self.stack.setCurrentWidget(self.page(key))

    def current_list(self):
        """The list page on screen (a ``ListPage``), or None."""
        from .pages.list_page import ListPage
        key = self.current_key()
        page = self.page(key) if key else None
        if isinstance(page, ListPage):
            return page
        if isinstance(page, DocumentsPage):
            return page.current_list()
        return None

    def focus_search(self) -> bool:
        """Ctrl+F: the search box of the page on screen gets the focus (its
        text selected); a page without one says so in the status bar."""
        key = self.current_key()
        page = self.page(key) if key else None
        focus = getattr(page, "focus_search", None)
        if focus is not None and focus():
            return True
        self.statusBar().showMessage("Trang này không có ô tìm kiếm.", 4000)
        return False

    def current_list_state(self) -> dict | None:
        """The list page on screen, as shown (see ``ListPage.list_state``);
        None when the current page is not a list."""
        lp = self.current_list()
        return lp.list_state() if lp is not None else None

    # ------------------------------------------------------------ period
    def _period_changed(self, period):
        for page in self._built.values():
            self._apply_period(page, period)

    @staticmethod
    def _apply_period(page, period):
        if hasattr(page, "set_period"):
            page.set_period(period)
        elif isinstance(page, DocumentsPage):
            for lp in page.lists():
                lp.set_period(period)

    def period(self):
        return self.period_selector.period()

    # ------------------------------------------------------------ records
    def open_record(self, kind_key: str, record_id: int):
        lp = self.list_pages.get(kind_key)
        if lp is not None:
            lp.open_record(record_id)
        else:
            from .widgets.editing import open_record
            open_record(self, self.store, kind_key, record_id)  # the editor announces the change

    def new_record(self):
        lp = self.current_list()
        if lp is None:
            lp = self.list_pages["don_thu"]
            self.show_page("don_thu")
        lp.new_record()

    def _records_changed(self, kind_key: str, record_id: int = 0):
        """``ops.records_changed()``: the pages refresh themselves; here the
        window's own parts (when shown again, for a closed window)."""
        if self.store is None:
            return
        if kind_key == ops.ALL:  # a restore, an import, a merge
            self.store.forget_caches()
            self._stale.add("years")
        if kind_key in (ops.ALL, "unit"):
            self._stale.add("title")
        if self.isVisible():
            self._apply_changes()

    def _say(self, text: str):
        self.statusBar().showMessage(text, 15000)

    def _apply_changes(self):
        stale, self._stale = self._stale, set()
        if "years" in stale:
            self.period_selector.reload_years()
        if "title" in stale:
            self.update_title()

    def showEvent(self, e):  # noqa: N802
        super().showEvent(e)
        if self._stale:
            self._apply_changes()

    def update_title(self):
        if self.store is None:  # the frame before the book opens: the title it had last time
            st = settings() if self.remember else None
            title = st.value("main/title") if st and self._same_folder(st) else None
            self.setWindowTitle(str(title) if title else APP_NAME)
            self.unit_label.setText(str(title).partition(" — ")[2] if title else "")
            return
        unit = self.store.current_unit()
        name = ""
        if unit:
            t = self.store.unit_title(unit)
            name = "UBND " + t
        suffix = " (dữ liệu mẫu)" if self.demo else ""
        self.setWindowTitle(f"{APP_NAME} — {name}{suffix}" if name else APP_NAME + suffix)
        self.unit_label.setText((name or "Chưa khai báo đơn vị") + suffix)

    # ------------------------------------------------------------- menus
    def _build_menus(self):
        mb = self.menuBar()
        self.menus = {}
        file_menu = self._menu("Tệp")
        # "In sổ…": the book of the list on screen (any book from another page)
        a_book = self.book_action = QAction("In sổ…", self)
        a_book.triggered.connect(self.print_book)
        file_menu.addAction(a_book)
        rec = self._menu("Hồ sơ")
        a_new = QAction("Thêm hồ sơ mới", self)
        _set_shortcut(a_new, "Ctrl+N")
        a_new.triggered.connect(self.new_record)
        rec.addAction(a_new)
        a_open = QAction("Mở hồ sơ đang chọn", self)
        a_open.triggered.connect(lambda: self.current_list() and self.current_list().open_current())
        rec.addAction(a_open)
        a_del = QAction("Xóa hồ sơ đang chọn", self)
        a_del.triggered.connect(lambda: self.current_list() and self.current_list().delete_current())
        rec.addAction(a_del)
        a_trash = self.trash_action = QAction("Thùng rác…", self)
        a_trash.triggered.connect(self.show_trash)
        rec.addAction(a_trash)
        rec.addSeparator()
        # the one Ctrl+F of the window (a page binding it too made both silent:
        # "Ambiguous shortcut overload")
        a_find = self.find_action = QAction("Tìm kiếm", self)
        _set_shortcut(a_find, "Ctrl+F")
        # (its shortcut context: Qt.ShortcutContext.WindowShortcut, an action's default)
        a_find.triggered.connect(self.focus_search)
        rec.addAction(a_find)
        self.addAction(a_new)
        self.addAction(a_find)
        view = self._menu("Xem")
        for i, (key, title) in enumerate((self.nav.item(r).data(NAV_KEY_ROLE), self.nav.item(r).text())
                                         for r in range(self.nav.count())):
            a = QAction(title.replace("&", "&&"), self)  # "&" would become a mnemonic
            if i < 9:
                _set_shortcut(a, f"Ctrl+{i + 1}")
            a.triggered.connect(lambda _=False, k=key: self.show_page(k))
            view.addAction(a)
        view.addSeparator()
        # the sidebar can be put away on a small screen (the pages stay in this menu, Ctrl+1…9)
        a_nav = self.nav_action = QAction("Hiện thanh điều hướng", self)
        a_nav.setCheckable(True)
        a_nav.setChecked(True)
        _set_shortcut(a_nav, "Ctrl+B")
        a_nav.toggled.connect(self.set_nav_visible)
        view.addAction(a_nav)
        self.addAction(a_nav)
        for menu, text, callback, shortcut in actions.MENU_ACTIONS:
            m = self._menu(menu)
            a = QAction(text.replace("&", "&&"), self)
            if shortcut:
                _set_shortcut(a, shortcut)
            a.triggered.connect(lambda _=False, cb=callback: self._run_action(cb))
            m.addAction(a)
        file_menu.addSeparator()
        a_quit = QAction("Thoát", self)
        _set_shortcut(a_quit, "Ctrl+Q")
        a_quit.triggered.connect(self.close)
        file_menu.addAction(a_quit)
        help_menu = self._menu("Trợ giúp")
        a_guide = self.guide_action = QAction("Hướng dẫn sử dụng", self)
        _set_shortcut(a_guide, "F1")
        a_guide.triggered.connect(self.show_guide)
        help_menu.addAction(a_guide)
        self.addAction(a_guide)
        a_about = QAction("Giới thiệu", self)
        a_about.triggered.connect(self.about)
        help_menu.addAction(a_about)
        # keep "Trợ giúp" last
        mb.removeAction(help_menu.menuAction())
        mb.addAction(help_menu.menuAction())

    def print_book(self):
        """Tệp › In sổ…: the list on screen's books ("In sổ…" of the page), or
        every book on the window's period from a page without one."""
        if self.store is None:  # the book is still opening
            return None
        lp = self.current_list()
        if lp is not None and getattr(lp, "book_keys", None):
            return lp.print_book()
        from core.papers.books import BOOKS

        from .papers.books import open_book_dialog

        self.book_dialog = open_book_dialog(self, self.store, list(BOOKS), self.period())
        return self.book_dialog

    def show_guide(self):
        from .guide import GuideDialog

        self.guide = GuideDialog(self.store, self)
        self.guide.show()
        return self.guide

    def show_trash(self):
        from .trash import TrashDialog

        dlg = TrashDialog(self.store, self)
        dlg.exec()

    def _purge_old_trash(self):
        """What was deleted more than 30 days ago goes for good, at start."""
        if getattr(self.store, "read_only", False):
            return
        try:
            from core.records import trash

            trash.purge_expired(self.store)
        except Exception:  # never keep the window from opening
            log.exception("purging the trash failed")

    def set_nav_visible(self, visible: bool):
        """Show or put away the navigation sidebar (remembered with the window)."""
        self.nav.setVisible(bool(visible))
        if self.nav_action.isChecked() != bool(visible):
            self.nav_action.setChecked(bool(visible))

    def _menu(self, title: str):
        if title not in self.menus:
            self.menus[title] = self.menuBar().addMenu(title)
        return self.menus[title]

    def _run_action(self, callback):
        try:
            callback(self)
        except Exception as e:  # a plugin's bug must not close the window
            log.exception("menu action failed")
            vi.error(self, "Có lỗi", "Thao tác không thực hiện được.", str(e))

    def about(self):
        vi.info(self, "Giới thiệu", f"{APP_NAME} {__version__}",
                "Sổ theo dõi công tác dân vận chính quyền cấp xã: đơn thư, tiếp công dân, đối thoại, hòa giải, "
                "mô hình “Dân vận khéo” và báo cáo định kỳ. Chạy hoàn toàn trên máy, không cần mạng.")

    # ---------------------------------------------------- remembered state
    def _same_folder(self, st) -> bool:
        from pathlib import Path

        saved = st.value("main/data_dir")
        return bool(saved) and self.data_dir is not None and (
            saved == str(self.data_dir) or Path(saved).resolve() == Path(self.data_dir).resolve())

    def _restore_frame(self):
        st = settings() if self.remember else None
        geo = st.value("main/geometry") if st else None
        if isinstance(geo, (QByteArray, bytes)) and geo:
            self.restoreGeometry(geo)
        else:
            # first start: 1366×768, or the whole screen when it is not larger
            # than that (the common commune PC), so nothing is cut off
            screen = self.screen() or QGuiApplication.primaryScreen()
            avail = screen.availableGeometry() if screen else None
            if avail is not None and (avail.width() <= 1400 or avail.height() <= 800):
                self.resize(avail.width(), avail.height())
                self._maximize_on_show = True  # (setVisible: showMaximized names no Qt enum)
            else:
                self.resize(1366, 768)
        nav = st.value("main/nav_visible") if st else None
        self.set_nav_visible(nav not in ("false", False, "0"))

    def _restore_book(self):
        st = settings() if self.remember else None
        year = st.value("main/year") if st else None
        part = st.value("main/part") if st else None
        if year is not None and st.value("main/data_dir") == str(self.store.data_dir):
            y = None if year in ("", "all") else int(year)
            self.period_selector.blockSignals(True)  # the pages get the period once, below
            self.period_selector.set_period(y, part or "nam")
            self.period_selector.blockSignals(False)
        self._period_changed(self.period_selector.period())
        last = st.value("main/page") if st else None
        keys = self.page_keys()
        self.show_page(last if last in keys else "tong_quan")

    def save_state(self):
        if not self.remember or self.store is None:  # closed before the book opened: nothing new
            return
        st = settings()
        st.setValue("main/geometry", self.saveGeometry())
        st.setValue("main/page", self.current_key() or "tong_quan")
        st.setValue("main/nav_visible", "true" if self.nav_action.isChecked() else "false")
        y = self.period_selector.year_value()
        st.setValue("main/year", "all" if y is None else str(y))
        st.setValue("main/part", self.period_selector.part_value())
        st.setValue("main/data_dir", str(self.store.data_dir))
        st.setValue("main/title", self.windowTitle())  # the frame's title at the next start
        st.sync()

    def closeEvent(self, e):  # noqa: N802
        self.save_state()
        super().closeEvent(e)
