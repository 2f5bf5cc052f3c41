"""The home page's layout for the main window's first paint, before the book
is open (``ui.main_window``, issue 16): kept apart from ``ui.pages.home`` so
that painting it imports no more than Qt widgets (the page's own module
pulls in the records layer's text and date helpers), and names no Qt enum
(the first use of ``QtCore.Qt`` builds all of its enums: ~20 ms; the loading
line is centred by its style sheet)."""
from __future__ import annotations

from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

# the cards' titles with their first figure, before the figures are known
PLACEHOLDER = [("Đơn thư", [("Tiếp nhận", "…")]), ("Tiếp công dân", [("Lượt", "…")]), ("Hòa giải", [("Tiếp nhận mới", "…")]),
               ("Đối thoại", [("Cuộc", "…")]), ("Dân vận khéo", [("Mô hình", "…")]),
               ("Văn bản, hoạt động", [("Văn bản chỉ đạo", "…")])]

LOADING_TEXT = "Đang mở sổ…"


class HomeSkeleton(QWidget):
    """The home page's layout for the window's first paint, before the book
    is open: the heading, the six cards' titles with "…", the two list boxes
    and "Đang mở sổ…" — plain labels and frames under one style sheet (the
    real page, with its scroll area, lists and card reflow, costs several
    times more to build; it replaces this once the book is open)."""

    STYLE = """
    QFrame#card { background: white; border: 1px solid #d6dbe3; border-radius: 6px; }
    QLabel#card_title { font-weight: 600; color: #23466e; }
    QLabel#card_value { font-size: 19px; font-weight: 600; color: #9aa5b1; }
    QLabel#card_label { color: #555; }
    QLabel#list_title { font-weight: 600; }
    QFrame#list_box { background: white; border: 1px solid #c9ced6; }
    QLabel#home_loading { color: #6b7785; font-size: 15px; qproperty-alignment: AlignCenter; }
    """

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("home_skeleton")
        self.setStyleSheet(self.STYLE)
        lay = QVBoxLayout(self)
        heading = QLabel("Tổng quan")
        heading.setObjectName("page_title")
        lay.addWidget(heading)
        grid = QGridLayout()
        grid.setSpacing(8)
        for i, (title, items) in enumerate(PLACEHOLDER):
            card = QFrame()
            card.setObjectName("card")
            v = QVBoxLayout(card)
            v.setContentsMargins(10, 8, 10, 8)
            v.setSpacing(0)
            for name, text in (("card_title", title), ("card_value", "…"), ("card_label", items[0][0])):
                lab = QLabel(text)
                lab.setObjectName(name)
                v.addWidget(lab)
            grid.addWidget(card, i // 3, i % 3)
        lay.addLayout(grid)
        lists = QHBoxLayout()
        for title in ("Đến hạn trong 7 ngày tới", "Quá hạn"):
            col = QVBoxLayout()
            lab = QLabel(title)
            lab.setObjectName("list_title")
            box = QFrame()
            box.setObjectName("list_box")
            box.setFixedHeight(170)
            col.addWidget(lab)
            col.addWidget(box)
            lists.addLayout(col, 1)
        lay.addLayout(lists)
        self.loading = QLabel(LOADING_TEXT)
        self.loading.setObjectName("home_loading")
        self.loading.setMinimumHeight(260)
        lay.addWidget(self.loading)
        lay.addStretch(1)
