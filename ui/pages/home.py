"""Tổng quan: this period's figures for each record kind, what is due this
week and what is overdue (click to open), and two charts.

The figures come from the statistics module (``core.report.stats.compute``) when it
is installed, so the home page states the same numbers as the report; until
then plain counts from ``core.records.listing.simple_counts``.
"""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from core.text import fmt_date, fmt_int

from .. import ops
from .home_skeleton import PLACEHOLDER

# ``core.records.listing``, the charts and the list colours are imported when
# the figures arrive: the page's frame is painted before the book is open.


def stats_cards(store, period) -> list[tuple[str, list[tuple[str, str]]]]:
    """(title, [(label, value)]) per record kind for ``period``: the figures
    of ``core.report.stats.compute`` (the report's own numbers); plain counts only
    when the statistics module is missing or fails."""
    try:
        from core.report import stats as _stats
    except ImportError:
        _stats = None
    if _stats is not None:
        try:
            p = period
            if p is None:
                from core.report.periods import Period

                from ..widgets.period import data_years
                years = data_years(store) or [dt.date.today().year]
                p = Period.years(years[0], years[-1])
            return cards_from_stats(_stats.compute(store, p, compare=False))
        except Exception:  # a statistics bug must not close the home page
            import logging
            logging.getLogger(__name__).exception("core.report.stats failed; plain counts shown")
    from core.records import listing

    return listing.simple_counts(store, period.start if period else None, period.end if period else None)


def cards_from_stats(st) -> list[tuple[str, list[tuple[str, str]]]]:
    n = fmt_int
    p, r, m, d = st.petitions, st.reception, st.mediation, st.dialogues
    med = [m.co_so, m.dat_dai]
    act = st.activities.tuyen_truyen
    status = [(c.label, n(c.n)) for c in st.models.by_status if c.n][:3]
    return [
        # (the overdue figure is added by ``home_data`` from the list's own computation)
        ("Đơn thư", [("Tiếp nhận", n(p.received)), ("Kỳ trước chưa giải quyết xong", n(p.thu_ly_carried)),
                     ("Đủ điều kiện", n(p.du)), ("Đã giải quyết", f"{n(p.resolved)}/{n(p.thu_ly_total)}")]),
        ("Tiếp công dân", [("Lượt", n(r.total.luot)), ("Người", n(r.total.nguoi)), ("Vụ việc", n(r.total.vu_viec)),
                           ("Đoàn đông người", n(r.total.doan))]),
        ("Hòa giải", [("Tiếp nhận mới", n(sum(k.new for k in med))), ("Thành", n(sum(k.thanh for k in med))),
                      ("Không thành", n(sum(k.khong_thanh for k in med))), ("Đang hòa giải", n(sum(k.dang for k in med)))]),
        ("Đối thoại", [("Cuộc", n(d.count)), ("Người dự", n(d.attendees)), ("Ý kiến", n(d.opinions))]),
        ("Dân vận khéo", [("Mô hình", n(st.models.total))] + status),
        ("Văn bản, hoạt động", [("Văn bản chỉ đạo", n(len(st.documents.directive))),
                                ("Cuộc tuyên truyền", n(act.sessions)), ("Lượt người nghe", n(act.attendees))]),
    ]


# The one "overdue" of the dashboard: thụ lý letters past their resolution
# deadline today (Luật Khiếu nại, Luật Tố cáo), the card's figure and the
# giải quyết part of the "Quá hạn" list, both from ``listing.due_summary``.
OVERDUE_CARD_LABEL = "Quá hạn giải quyết"


def with_overdue(cards, overdue_count: dict[str, int]):
    """The petitions card with the overdue figure of ``listing.due_summary``."""
    out = []
    for title, items in cards:
        if title == "Đơn thư":
            items = [*items, (OVERDUE_CARD_LABEL, fmt_int(overdue_count.get("giai_quyet", 0)))]
        out.append((title, items))
    return out


def overdue_breakdown(overdue_count: dict[str, int]) -> str:
    """"giải quyết: 2 · xử lý đơn: 1": which deadline, by stage."""
    from core.records import listing

    return " · ".join(f"{listing.STAGE_LABELS[s]}: {fmt_int(n)}" for s, n in overdue_count.items() if n)


def home_data(store, period, today: dt.date | None = None) -> dict:
    """Everything the home page shows, computed away from the window."""
    from core.records import listing

    today = today or dt.date.today()
    summary = listing.due_summary(store, today)
    due, over = summary.due, summary.overdue
    year = period.report_year if period else today.year
    return {
        "cards": with_overdue(stats_cards(store, period), summary.overdue_count),
        "due": due, "over": over, "year": year, "due_summary": summary,
        "monthly": listing.monthly_counts(store, year),
        "fields": listing.by_field(store, period.start if period else None, period.end if period else None),
    }


def read_home_data(data_dir, period) -> dict:
    """``home_data`` on a read connection of its own (``core.session.open_reader``):
    run in the background, a year of a 1,000,000-record folder takes seconds
    and the window stays live."""
    from core.session import open_reader

    s = open_reader(data_dir)
    try:
        return home_data(s, period)
    finally:
        s.conn.close()


def two_lines(label: str, longer_than: int = 14) -> str:
    """A figure's label longer than ``longer_than`` characters on two lines
    (split at the middle space): the cards keep one row at 1366 px."""
    words = label.split()
    if len(label) <= longer_than or len(words) < 2:
        return label
    best = min(range(1, len(words)), key=lambda i: abs(len(" ".join(words[:i])) - len(" ".join(words[i:]))))
    return " ".join(words[:best]) + "\n" + " ".join(words[best:])


class Card(QFrame):
    """A titled row of figures; on a narrow page the figures wrap into a
    second row (``fit``)."""

    def __init__(self, title: str, items: list[tuple[str, str]], parent=None):
        super().__init__(parent)
        self.setObjectName("card")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("#card { background: white; border: 1px solid #d6dbe3; border-radius: 6px; }")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(10, 8, 10, 8)
        t = QLabel(title)
        t.setStyleSheet("font-weight: 600; color: #23466e;")
        lay.addWidget(t)
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(12)
        self.grid.setVerticalSpacing(0)
        self.items: list[tuple[QLabel, QLabel]] = []
        for label, value in items:
            v = QLabel(value)
            v.setStyleSheet("font-size: 19px; font-weight: 600;")
            lab = QLabel(two_lines(label))
            lab.setStyleSheet("color: #555;")
            lab.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            lab.setToolTip(label)
            self.items.append((v, lab))
        self.per_row = 0
        self._place(len(self.items))
        lay.addLayout(self.grid)
        lay.addStretch(1)  # figures stay under the title when the row is taller
        # Preferred height: cards of one grid row share its height (tidy when one wraps)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)

    def _widths(self) -> list[int]:
        return [max(v.sizeHint().width(), lab.sizeHint().width()) for v, lab in self.items]

    def width_for(self, per_row: int) -> int:
        """Width the card needs with ``per_row`` figures a row."""
        w = self._widths()
        cols = [max(w[i::per_row]) for i in range(min(per_row, len(w)))]
        return sum(cols) + 12 * (len(cols) - 1) + 22  # spacing, margins + frame

    def fit(self, width: int) -> bool:
        """Lay the figures out in one row, or two when one does not fit
        ``width``; False when even two rows are too wide."""
        n = len(self.items)
        two = (n + 1) // 2
        per_row = n if self.width_for(n) <= width else two
        self._place(per_row)
        return self.width_for(per_row) <= width

    def _place(self, per_row: int):
        if per_row == self.per_row:
            return
        self.per_row = per_row
        for v, lab in self.items:
            self.grid.removeWidget(v)
            self.grid.removeWidget(lab)
        for i, (v, lab) in enumerate(self.items):
            r, c = divmod(i, per_row)
            self.grid.addWidget(v, 2 * r, c)
            self.grid.addWidget(lab, 2 * r + 1, c)


class HomePage(ops.RefreshWhenShown, QWidget):
    """The home page; it may be built before the book is open (``store``
    None: nothing read until ``attach_store``); ``figures_shown`` after each
    fill of the figures."""

    open_requested = Signal(str, int)  # kind, id
    figures_shown = Signal()

    # figures on a worker thread (False: computed in place, e.g. in tests)
    async_stats = True

    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.store = store
        self.period = None
        self._dirty = True
        self._token = 0
        self.cards_ready = False
        # any record saved or deleted, a restore, an import: the figures again
        ops.records_changed().changed.connect(self.mark_dirty)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = self._scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.viewport().installEventFilter(self)
        outer.addWidget(scroll)
        body = QWidget()
        scroll.setWidget(body)
        self.lay = QVBoxLayout(body)
        self.heading = QLabel("")
        self.heading.setObjectName("page_title")
        self.lay.addWidget(self.heading)
        self.cards = QGridLayout()
        self.cards.setSpacing(8)
        self.lay.addLayout(self.cards)
        lists = QHBoxLayout()
        self.due_list = self._list("Đến hạn trong 7 ngày tới")
        self.over_list = self._list("Quá hạn")
        lists.addWidget(self.due_list[0], 1)
        lists.addWidget(self.over_list[0], 1)
        self.lay.addLayout(lists)
        charts = QHBoxLayout()
        self.chart_box = charts
        self.lay.addLayout(charts)
        self.lay.addStretch(1)
        self.charts: list[QWidget] = []

    def attach_store(self, store):
        """The book is open (the frame was built before): read when the
        window gives the period (``set_period``) or the page is next shown."""
        self.store = store
        self._dirty = True

    def _list(self, title):
        w = QWidget()
        v = QVBoxLayout(w)
        v.setContentsMargins(0, 0, 0, 0)
        lab = QLabel(title)
        lab.setStyleSheet("font-weight: 600;")
        lab.setWordWrap(True)
        lst = QListWidget()
        lst.setObjectName("due_list" if "7" in title else "overdue_list")
        lst.setMinimumHeight(110)
        lst.setMaximumHeight(170)
        # long lines wrap instead of needing a horizontal scroll bar
        lst.setWordWrap(True)
        lst.setTextElideMode(Qt.TextElideMode.ElideNone)
        lst.setResizeMode(QListWidget.ResizeMode.Adjust)
        lst.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        lst.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
        lst.itemClicked.connect(self._open)
        v.addWidget(lab)
        v.addWidget(lst)
        return w, lst, lab

    def _open(self, item: QListWidgetItem):
        data = item.data(Qt.ItemDataRole.UserRole)
        if data:
            self.open_requested.emit(data[0], data[1])

    def set_period(self, period):
        self.period = period
        self.mark_dirty()

    def refresh(self):
        if self.store is None:
            return  # still opening: refreshed by attach_store
        self._dirty = False
        p = self.period
        self.heading.setText(f"Tổng quan — {p.label if p else 'tất cả các năm'}")
        self._token += 1
        token = self._token
        self.cards_ready = False
        if self.async_stats and self.store.path.exists():
            self._show_cards(PLACEHOLDER)
            # a failure (logged by the worker) is computed here instead
            data_dir = self.store.data_dir
            ops.run_in_background(self, lambda: read_home_data(data_dir, p),
                                  lambda data: self._cards_done(token, data),
                                  lambda exc: self._cards_done(token, None))
        else:
            self._cards_done(token, home_data(self.store, p))

    def _show_cards(self, cards):
        while self.cards.count():
            it = self.cards.takeAt(0)
            w = it.widget()
            if w:
                w.hide()
                w.setParent(None)
                w.deleteLater()
        self._cards = [Card(title, items) for title, items in cards]
        self._card_cols = None
        self._reflow()

    # The page fits the window instead of scrolling sideways: three cards a
    # row on a wide window, two or one on a small screen (1024×768 PCs), and
    # the two charts one under the other when they do not fit side by side.
    CHARTS_SIDE_BY_SIDE_MIN = 900  # px of page width

    def _reflow(self):
        m = self.lay.contentsMargins()
        avail = self._scroll.viewport().width() - m.left() - m.right()
        cards = getattr(self, "_cards", [])
        if cards:
            sp = self.cards.horizontalSpacing()
            for cols in (3, 2, 1):
                # every card's figures on one row, columns as wide as their widest card
                natural = [max(c.width_for(len(c.items)) for c in cards[j::cols]) for j in range(cols)]
                if sum(natural) + (cols - 1) * sp <= avail:
                    stretch = False
                    for c in cards:
                        c.fit(10 ** 6)
                    break
                # or equal columns, figures wrapping into two rows where needed
                width = (avail - (cols - 1) * sp) // cols
                stretch = True
                if all([c.fit(width) for c in cards]) or cols == 1:
                    break
            if (cols, stretch) != self._card_cols:
                self._card_cols = (cols, stretch)
                for c in cards:
                    self.cards.removeWidget(c)
                for i, c in enumerate(cards):
                    self.cards.addWidget(c, i // cols, i % cols)
                for col in range(3):
                    self.cards.setColumnStretch(col, 1 if stretch and col < cols else 0)
        side = avail >= self.CHARTS_SIDE_BY_SIDE_MIN
        self.chart_box.setDirection(QBoxLayout.Direction.LeftToRight if side else QBoxLayout.Direction.TopToBottom)

    def eventFilter(self, obj, e):  # noqa: N802
        # the scroll area's viewport is resized once the layout has run, also
        # for a page resized while hidden (another page on screen)
        if obj is self._scroll.viewport() and e.type() == QEvent.Type.Resize:
            self._reflow()
        return False

    def _cards_done(self, token, data):
        if token != self._token:
            return  # a newer period was chosen meanwhile
        p = self.period
        if data is None:  # the worker failed: compute here
            data = home_data(self.store, p)
        self._show_cards(data["cards"])
        summary = data["due_summary"]
        self._fill(self.due_list, data["due"], "Không có việc nào đến hạn trong 7 ngày tới.", "Đến hạn trong 7 ngày tới",
                   summary.due_total)
        self._fill(self.over_list, data["over"], "Không có hồ sơ nào quá hạn.", "Quá hạn", summary.overdue_total,
                   overdue_breakdown(summary.overdue_count))
        for w in self.charts:
            self.chart_box.removeWidget(w)
            w.hide()
            w.setParent(None)
            w.deleteLater()
        m, fields, year = data["monthly"], data["fields"], data["year"]
        if sum(m["don_thu"]) + sum(m["tiep_cong_dan"]) + sum(r[1] + r[2] for r in fields):
            from ..widgets.charts import field_chart, monthly_chart

            self.charts = [monthly_chart(m["don_thu"], m["tiep_cong_dan"], year),
                           field_chart(fields, p.label if p else "tất cả các năm")]
            for w in self.charts:
                w.setMinimumHeight(max(260, w.minimumHeight()))  # a chart's wrapped labels need more
                # the chart shrinks to the page (labels elide) rather than widening it
                w.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        else:
            hint = QLabel(f"Chưa có đơn thư hay lượt tiếp công dân nào trong {p.label if p else 'sổ'}, nên chưa có "
                          "biểu đồ.\nBắt đầu ghi sổ ở trang “Đơn thư” hoặc “Tiếp công dân” (Ctrl+N để thêm mới); "
                          "thông tin đơn vị, thôn, tổ hòa giải khai báo ở “Danh mục & cài đặt”.\n"
                          "Dữ liệu của năm khác: chọn năm ở ô “Kỳ số liệu” phía trên.")
            hint.setObjectName("home_empty")
            hint.setWordWrap(True)
            hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
            hint.setMinimumHeight(160)
            hint.setStyleSheet("background: white; border: 1px solid #d6dbe3; border-radius: 6px; padding: 16px;")
            self.charts = [hint]
        for w in self.charts:
            self.chart_box.addWidget(w, 1)
        self.cards_ready = True
        self.figures_shown.emit()

    def _fill(self, box, items, empty_text, title, total=None, detail=""):
        _, lst, lab = box
        lst.clear()
        total = len(items) if total is None else total
        text = f"{title} ({fmt_int(total)})" if total else title
        if detail:
            text += " — " + detail
        if total > len(items):
            text += f" — hiện {fmt_int(len(items))} việc có hạn sớm nhất"
        lab.setText(text)
        if not items:
            it = QListWidgetItem(empty_text)
            it.setFlags(Qt.ItemFlag.NoItemFlags)
            lst.addItem(it)
            return
        from ..models import COLOURS

        for d in items:
            when = (f"hạn {fmt_date(d.due)}, trễ {-d.days_left} ngày" if d.days_left < 0
                    else f"hạn {fmt_date(d.due)}, còn {d.days_left} ngày" if d.days_left else
                    f"hạn {fmt_date(d.due)}, hết hạn hôm nay")
            it = QListWidgetItem(f"{d.title} — {when}")
            it.setData(Qt.ItemDataRole.UserRole, (d.kind, d.id))
            it.setToolTip("Bấm để mở hồ sơ")
            if d.colour in COLOURS:
                it.setForeground(COLOURS[d.colour][0])
            lst.addItem(it)
