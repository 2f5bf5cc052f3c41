"""The section view of a report: the outline tree on the left, the selected
section on the right.  Auto sections show the text their builder writes
from the records (read-only, refreshed with “Cập nhật số liệu”); the clerk
may rewrite it (“Sửa lời văn”), which marks the section “đã sửa” until
“Dùng lại nội dung tự động”.  Free-text sections are typed in place.

Every keystroke goes straight into the ``core.report.saved.Report`` held by the
editor, so switching sections never loses typing."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.report import outlines as O
from core.text import roman

from ..widgets import vi
from .render import blocks_html, has_tables

EDITED_MARK = "đã sửa"
EDITED_STYLE = ("background: #fde7e4; color: #a3251a; border: 1px solid #e3a59e; border-radius: 8px; "
                "padding: 1px 8px; font-weight: 600;")


def number(depth: int, i: int) -> str:
    """Section numbers as the document prints them (I., 1., a))."""
    if depth == 1:
        return f"{roman(i)}."
    if depth == 2:
        return f"{i}."
    return f"{'abcdefghiklmnopqrstuvxy'[min(i - 1, 22)]})"


def kind_text(node: dict, edited: bool) -> str:
    if node.get("builder"):
        base = "tự động + nhập tay" if node.get("free_text") else "tự động"
        return f"{base}, {EDITED_MARK}" if edited else base
    if node.get("free_text"):
        return "nhập tay"
    return ""


class SectionView(QWidget):
    """``changed`` after any edit; ``refresh_requested`` from the panel's
    own “Cập nhật số liệu” button.  The editor supplies
    ``generated(section_id) -> list[blocks] | None`` (None: figures not
    computed yet)."""

    changed = Signal()
    refresh_requested = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rep = None
        self.generated = lambda sid: None
        self.stats_note = ""
        self.locked = False
        self._loading = False
        self._items: dict[str, QTreeWidgetItem] = {}
        self._numbers: dict[str, str] = {}
        self.current_id: str | None = None

        split = QSplitter(Qt.Orientation.Horizontal, self)
        self.split = split
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(split)

        self.tree = QTreeWidget()
        self.tree.setObjectName("section_tree")
        self.tree.setHeaderLabels(["Mục", "Nội dung"])
        self.tree.setRootIsDecorated(True)
        self.tree.setUniformRowHeights(True)
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.currentItemChanged.connect(self._select)
        split.addWidget(self.tree)

        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(8, 0, 0, 0)
        self.heading = QLabel("")
        self.heading.setObjectName("section_heading")
        self.heading.setWordWrap(True)
        self.heading.setStyleSheet("font-size: 15px; font-weight: 600; color: #23466e;")
        rl.addWidget(self.heading)

        # --- auto part
        self.auto_box = QWidget()
        al = QVBoxLayout(self.auto_box)
        al.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        self.auto_label = QLabel("Phần tự động — số liệu tính từ sổ theo dõi")
        self.auto_label.setStyleSheet("color: #2f5f8a; font-weight: 600;")
        self.edited_mark = QLabel(EDITED_MARK)
        self.edited_mark.setObjectName("edited_mark")
        self.edited_mark.setStyleSheet(EDITED_STYLE)
        self.edited_mark.setToolTip("Lời văn của mục này do cán bộ sửa; số liệu tự động không còn ghi đè lên.")
        self.edit_btn = QPushButton("Sửa lời văn")
        self.edit_btn.setObjectName("override_start")
        self.edit_btn.setToolTip("Chép nội dung tự động sang ô soạn thảo để sửa lời văn; mục sẽ được đánh dấu "
                                 "“đã sửa”.")
        self.revert_btn = QPushButton("Dùng lại nội dung tự động")
        self.revert_btn.setObjectName("override_revert")
        self.refresh_btn = QPushButton("Cập nhật số liệu")
        self.refresh_btn.setObjectName("section_refresh")
        self.refresh_btn.setToolTip("Tính lại số liệu từ sổ theo dõi (sau khi thêm, sửa hồ sơ).")
        for b in (self.edit_btn, self.revert_btn, self.refresh_btn):
            b.setAutoDefault(False)
        bar.addWidget(self.auto_label)
        bar.addWidget(self.edited_mark)
        bar.addStretch(1)
        bar.addWidget(self.refresh_btn)
        bar.addWidget(self.edit_btn)
        bar.addWidget(self.revert_btn)
        al.addLayout(bar)
        self.override_edit = QPlainTextEdit()
        self.override_edit.setObjectName("override_edit")
        self.override_edit.setPlaceholderText("Lời văn đã sửa của mục này (mỗi dòng một đoạn; dòng bắt đầu bằng "
                                              "“- ” là gạch đầu dòng).")
        al.addWidget(self.override_edit, 3)
        self.auto_caption = QLabel("")
        self.auto_caption.setObjectName("auto_caption")
        self.auto_caption.setWordWrap(True)
        self.auto_caption.setStyleSheet("color: #5a6472;")
        al.addWidget(self.auto_caption)
        self.auto_view = QTextBrowser()
        self.auto_view.setObjectName("auto_view")
        self.auto_view.setOpenLinks(False)
        al.addWidget(self.auto_view, 4)
        rl.addWidget(self.auto_box, 5)

        # --- free part
        self.free_box = QWidget()
        fl = QVBoxLayout(self.free_box)
        fl.setContentsMargins(0, 0, 0, 0)
        self.free_caption = QLabel("Phần nhập tay")
        self.free_caption.setStyleSheet("color: #2f5f8a; font-weight: 600;")
        self.free_caption.setWordWrap(True)
        fl.addWidget(self.free_caption)
        self.free_edit = QPlainTextEdit()
        self.free_edit.setObjectName("free_edit")
        fl.addWidget(self.free_edit)
        rl.addWidget(self.free_box, 4)

        self.group_note = QLabel("Mục này gồm các mục con: chọn mục con ở cây bên trái để xem, soạn nội dung.")
        self.group_note.setWordWrap(True)
        self.group_note.setStyleSheet("color: #5a6472;")
        rl.addWidget(self.group_note)
        rl.addStretch(0)
        split.addWidget(right)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 5)
        split.setSizes([450, 690])

        self.free_edit.textChanged.connect(self._free_changed)
        self.override_edit.textChanged.connect(self._override_changed)
        self.edit_btn.clicked.connect(self.start_override)
        self.revert_btn.clicked.connect(self.revert_override)
        self.refresh_btn.clicked.connect(self.refresh_requested)

    # ------------------------------------------------------------- model
    def set_report(self, rep, keep_current: bool = True):
        cur = self.current_id if keep_current else None
        self.rep = rep
        self.tree.blockSignals(True)
        self.tree.clear()
        self._items.clear()
        self._numbers.clear()

        def add(parent, nodes, depth, prefix):
            for i, node in enumerate(nodes, 1):
                num = number(depth, i)
                it = QTreeWidgetItem([f"{num} {node['title']}", ""])
                it.setData(0, Qt.ItemDataRole.UserRole, node["id"])
                it.setToolTip(0, f"{num} {node['title']}")
                if depth == 1:
                    f = it.font(0)
                    f.setBold(True)
                    it.setFont(0, f)
                (parent.addChild if parent is not None else self.tree.addTopLevelItem)(it)
                self._items[node["id"]] = it
                self._numbers[node["id"]] = prefix + num
                add(it, node.get("children", []), depth + 1, prefix + num)

        add(None, rep.outline.get("sections", []), 1, "")
        self.tree.expandAll()
        for sid in self._items:
            self._mark(sid)
        self.tree.blockSignals(False)
        first = cur if cur in self._items else next(
            (sid for sid, it in self._items.items() if self._content_node(sid)), None)
        if first:
            self.select(first)

    def _content_node(self, sid) -> bool:
        n = O.find(self.rep.outline, sid)
        return bool(n and (n.get("builder") or n.get("free_text")))

    def is_edited(self, sid: str) -> bool:
        ov = self.rep.overrides.get(sid) if self.rep else None
        return bool(ov and ov.get("edited"))

    def _mark(self, sid: str):
        it = self._items.get(sid)
        node = O.find(self.rep.outline, sid)
        if it is None or node is None:
            return
        edited = self.is_edited(sid)
        it.setText(1, kind_text(node, edited))
        colour = "#a3251a" if edited else ("#2f5f8a" if node.get("builder") else "#3b4a5c")
        it.setForeground(1, QBrush(QColor(colour)))
        f = it.font(1)
        f.setBold(edited)
        it.setFont(1, f)

    def item_text(self, sid: str) -> str:
        it = self._items[sid]
        return f"{it.text(0)} [{it.text(1)}]"

    def select(self, sid: str):
        it = self._items.get(sid)
        if it is not None:
            self.tree.setCurrentItem(it)
            self._show(sid)

    def _select(self, cur, _prev=None):
        if cur is not None:
            self._show(cur.data(0, Qt.ItemDataRole.UserRole))

    # ------------------------------------------------------------- panel
    def _show(self, sid: str):
        self.current_id = sid
        node = O.find(self.rep.outline, sid)
        if node is None:
            return
        self._loading = True
        try:
            self.heading.setText(f"{self._numbers.get(sid, '')} {node['title']}")
            auto = bool(node.get("builder"))
            free = bool(node.get("free_text"))
            self.auto_box.setVisible(auto)
            self.free_box.setVisible(free)
            self.group_note.setVisible(not auto and not free)
            if auto:
                self._show_auto(sid)
            if free:
                self.free_caption.setText("Phần nhập tay (in sau phần tự động)" if auto else "Phần nhập tay")
                self.free_edit.setPlaceholderText(node.get("hint") or "Nhập nội dung của mục này.")
                self.free_edit.setPlainText(self.rep.free_text.get(sid, ""))
                self.free_edit.setReadOnly(self.locked)
        finally:
            self._loading = False

    def _show_auto(self, sid: str):
        edited = self.is_edited(sid)
        blocks = self.generated(sid)
        self.edited_mark.setVisible(edited)
        self.override_edit.setVisible(edited)
        self.edit_btn.setVisible(not edited)
        self.revert_btn.setVisible(edited)
        self.edit_btn.setEnabled(blocks is not None and not self.locked)
        self.revert_btn.setEnabled(not self.locked)
        self.refresh_btn.setEnabled(not self.locked)
        self.override_edit.setReadOnly(self.locked)
        if edited:
            self.override_edit.setPlainText(self.rep.overrides[sid].get("text", ""))
        if blocks is None:
            self.auto_caption.setText("Đang tính số liệu…")
            self.auto_view.setHtml("")
            return
        note = f" ({self.stats_note})" if self.stats_note else ""
        if edited:
            extra = " Các bảng số liệu vẫn lấy tự động." if has_tables(blocks) else ""
            self.auto_caption.setText(f"Nội dung tự động theo số liệu hiện tại{note}, để đối chiếu — bản in dùng "
                                      f"lời văn đã sửa ở trên.{extra}")
        else:
            self.auto_caption.setText(f"Nội dung tự động{note}:")
        self.auto_view.setHtml(blocks_html(blocks))

    def refresh_current(self):
        if self.current_id:
            self._show(self.current_id)

    def set_locked(self, locked: bool):
        self.locked = locked
        self.refresh_current()

    # ------------------------------------------------------------- edits
    def _free_changed(self):
        if self._loading or not self.current_id or self.locked:
            return
        self.rep.set_free_text(self.current_id, self.free_edit.toPlainText())
        self.changed.emit()

    def _override_changed(self):
        if self._loading or not self.current_id or not self.is_edited(self.current_id) or self.locked:
            return
        self.rep.set_override(self.current_id, self.override_edit.toPlainText())
        self.changed.emit()

    def start_override(self):
        """Copy the generated prose into the editor and mark the section edited."""
        from core.report.build import blocks_text

        sid = self.current_id
        blocks = self.generated(sid) if sid else None
        if blocks is None or self.locked:
            return
        self.rep.set_override(sid, blocks_text(blocks))
        self._mark(sid)
        self._show(sid)
        self.override_edit.setFocus()
        self.changed.emit()

    def revert_override(self):
        sid = self.current_id
        if not sid or not self.is_edited(sid) or self.locked:
            return
        if not vi.ask(self, "Dùng lại nội dung tự động",
                      "Bỏ lời văn đã sửa của mục này và dùng lại nội dung tự động theo số liệu?",
                      "Lời văn đã sửa sẽ mất sau khi lưu báo cáo.", yes="Dùng lại nội dung tự động", no="Giữ lời văn đã sửa"):
            return
        self.rep.clear_override(sid)
        self._mark(sid)
        self._show(sid)
        self.changed.emit()
