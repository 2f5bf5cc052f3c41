"""The section view of a report: the outline tree on the left, the selected
section on the right.  Auto sections show the text their builder writes
from the records (read-only, refreshed with “Cập nhật số liệu”); the clerk
may rewrite it (“Sửa lời văn”), which marks the section “đã sửa” until
“Dùng lại nội dung tự động”.  Free-text sections are typed in place; the
evaluative ones (ưu điểm, hạn chế, nhiệm vụ …) show the draft written from
the records (core.report.drafts), marked “bản nháp” until the clerk accepts
it (“Dùng bản nháp”) or rewords it (“Sửa bản nháp”, then “đã sửa”); text
typed in the section (or carried over from the previous report) wins.

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
from ..widgets.wrap import WrapDelegate
from .render import blocks_html, has_tables

EDITED_MARK = "đã sửa"
EDITED_STYLE = ("background: #fde7e4; color: #a3251a; border: 1px solid #e3a59e; border-radius: 8px; "
                "padding: 1px 8px; font-weight: 600;")
DRAFT_MARK = "bản nháp"
ACCEPTED_MARK = "đã duyệt"
MISSING_MARK = "chưa nhập"
DRAFT_STYLE = ("background: #fff4c2; color: #7a5600; border: 1px solid #e8c96a; border-radius: 8px; "
               "padding: 1px 8px; font-weight: 600;")
ACCEPTED_STYLE = ("background: #e3f3e5; color: #1b6e35; border: 1px solid #9fd0a8; border-radius: 8px; "
                  "padding: 1px 8px; font-weight: 600;")
# tree colours by state (core.report.build.STATES)
STATE_COLOURS = {"draft": "#9a6a00", "missing": "#b3261e", "edited": "#a3251a", "accepted": "#1b6e35",
                 "text": "#3b4a5c", "auto": "#2f5f8a"}


def number(depth: int, i: int) -> str:
    """Section numbers as the document prints them (I., 1., a))."""
    if depth == 1:
        return f"{roman(i)}."
    if depth == 2:
        return f"{i}."
    return f"{'abcdefghiklmnopqrstuvxy'[min(i - 1, 22)]})"


def kind_text(node: dict, edited: bool, state: str | None = None) -> str:
    """What the tree says of a section: how it is written and, once the
    figures are computed, its state (bản nháp, đã duyệt, chưa nhập …)."""
    if node.get("builder"):
        base = "tự động + nhập tay" if node.get("free_text") else "tự động"
        if edited:
            return f"{base}, {EDITED_MARK}"
        return f"{base}, {MISSING_MARK}" if state == "missing" else base
    if node.get("free_text"):
        extra = {"draft": DRAFT_MARK, "accepted": f"{DRAFT_MARK} {ACCEPTED_MARK}", "edited": EDITED_MARK,
                 "missing": MISSING_MARK}.get(state or "")
        return f"nhập tay, {extra}" if extra else "nhập tay"
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
        # the editor supplies a section's state (core.report.build.STATES; None: not computed yet)
        self.state_of = lambda sid: None

        split = QSplitter(Qt.Orientation.Horizontal, self)
        self.split = split
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(split)

        self.tree = QTreeWidget()
        self.tree.setObjectName("section_tree")
        self.tree.setHeaderLabels(["Mục", "Nội dung"])
        self.tree.setRootIsDecorated(True)
        # long headings wrap onto a second line instead of being cut (1024×768, issue 15 item 16);
        # the full heading is also the item's tooltip
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.setItemDelegateForColumn(0, WrapDelegate(self.tree, 0))
        self.tree.setMinimumWidth(300)
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
        self.draft_mark = QLabel(DRAFT_MARK)
        self.draft_mark.setObjectName("draft_mark")
        self.draft_mark.setStyleSheet(DRAFT_STYLE)
        self.draft_mark.setToolTip("Bản nháp viết từ số liệu của sổ: hãy đọc lại, rồi bấm “Dùng bản nháp” hoặc sửa.")
        self.accept_btn = QPushButton("Dùng bản nháp")
        self.accept_btn.setObjectName("draft_accept")
        self.accept_btn.setToolTip("Đồng ý với bản nháp như đang viết: mục được giữ nguyên lời văn này (không tự "
                                   "viết lại khi số liệu đổi) và không còn đánh dấu “bản nháp”.")
        self.edit_btn = QPushButton("Sửa lời văn")
        self.edit_btn.setObjectName("override_start")
        self.edit_btn.setToolTip("Chép nội dung tự động sang ô soạn thảo để sửa lời văn; mục sẽ được đánh dấu "
                                 "“đã sửa”.")
        self.revert_btn = QPushButton("Dùng lại nội dung tự động")
        self.revert_btn.setObjectName("override_revert")
        self.refresh_btn = QPushButton("Cập nhật số liệu")
        self.refresh_btn.setObjectName("section_refresh")
        self.refresh_btn.setToolTip("Tính lại số liệu từ sổ theo dõi (sau khi thêm, sửa hồ sơ).")
        for b in (self.edit_btn, self.revert_btn, self.refresh_btn, self.accept_btn):
            b.setAutoDefault(False)
        bar.addWidget(self.auto_label)
        bar.addWidget(self.edited_mark)
        bar.addWidget(self.draft_mark)
        bar.addStretch(1)
        bar.addWidget(self.refresh_btn)
        bar.addWidget(self.accept_btn)
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
        split.setStretchFactor(1, 3)
        split.setChildrenCollapsible(False)
        split.setSizes([460, 690])

        self.free_edit.textChanged.connect(self._free_changed)
        self.override_edit.textChanged.connect(self._override_changed)
        self.edit_btn.clicked.connect(self.start_override)
        self.accept_btn.clicked.connect(self.accept_draft)
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

    def is_accepted(self, sid: str) -> bool:
        ov = self.rep.overrides.get(sid) if self.rep else None
        return bool(ov and ov.get("accepted") and not ov.get("edited"))

    def _draft_node(self, node) -> bool:
        return bool(node and O.draft_key(node))

    def _mark(self, sid: str):
        it = self._items.get(sid)
        node = O.find(self.rep.outline, sid)
        if it is None or node is None:
            return
        edited = self.is_edited(sid)
        state = self._state(sid, node)
        it.setText(1, kind_text(node, edited, state))
        colour = "#a3251a" if edited else STATE_COLOURS.get(state or "", "#2f5f8a" if node.get("builder") else
                                                              "#3b4a5c")
        it.setForeground(1, QBrush(QColor(colour)))
        f = it.font(1)
        f.setBold(edited or state in ("draft", "missing"))
        it.setFont(1, f)

    def _state(self, sid: str, node) -> str | None:
        """The section's state as core.report.build.section_content decides it:
        what the clerk did here is known at once (typed text first, then an
        edited or accepted draft); the rest comes from the last check."""
        if not node.get("builder") and node.get("free_text") and not node.get("children"):
            if (self.rep.free_text.get(sid) or "").strip():
                return "text"
            if self.is_edited(sid):
                return "edited"
            if self.is_accepted(sid):
                return "accepted"
            known = self.state_of(sid)
            return known if known in ("draft", "missing") else None
        return self.state_of(sid)

    def mark_all(self):
        """Redraw every section's state in the tree (after the figures or the text changed)."""
        for sid in self._items:
            self._mark(sid)

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
            drafted = not auto and self._draft_node(node)
            self.auto_box.setVisible(auto or drafted)
            self.free_box.setVisible(free)
            self.group_note.setVisible(not auto and not free)
            if auto:
                self._show_auto(sid)
            elif drafted:
                self._show_draft(sid)
            if free:
                self.free_caption.setText("Phần nhập tay (in sau phần tự động)" if auto else (
                    "Phần nhập tay — khi có nội dung, bản in dùng phần này thay cho bản nháp" if drafted
                    else "Phần nhập tay"))
                self.free_edit.setPlaceholderText(node.get("hint") or "Nhập nội dung của mục này.")
                self.free_edit.setPlainText(self.rep.free_text.get(sid, ""))
                self.free_edit.setReadOnly(self.locked)
        finally:
            self._loading = False

    def _show_auto(self, sid: str):
        edited = self.is_edited(sid)
        blocks = self.generated(sid)
        self.auto_label.setText("Phần tự động — số liệu tính từ sổ theo dõi")
        self.edit_btn.setText("Sửa lời văn")
        self.revert_btn.setText("Dùng lại nội dung tự động")
        self.draft_mark.setVisible(False)
        self.accept_btn.setVisible(False)
        self.edited_mark.setVisible(edited)
        self.override_edit.setVisible(edited)
        self.edit_btn.setVisible(not edited)
        self.revert_btn.setVisible(edited)
        self.edit_btn.setEnabled(blocks is not None and not self.locked)
        if not self._show_override(sid, edited, blocks):
            return
        note = f" ({self.stats_note})" if self.stats_note else ""
        if edited:
            extra = " Các bảng số liệu vẫn lấy tự động." if has_tables(blocks) else ""
            self.auto_caption.setText(f"Nội dung tự động theo số liệu hiện tại{note}, để đối chiếu — bản in dùng "
                                      f"lời văn đã sửa ở trên.{extra}")
        else:
            self.auto_caption.setText(f"Nội dung tự động{note}:")
        self.auto_view.setHtml(blocks_html(blocks))

    def _show_override(self, sid: str, edited: bool, blocks) -> bool:
        """What an auto section and a drafted one show alike: the clerk's
        edited text, the lock, and "Đang tính số liệu…" (False) while the
        figures are still being computed."""
        self.revert_btn.setEnabled(not self.locked)
        self.refresh_btn.setEnabled(not self.locked)
        self.override_edit.setReadOnly(self.locked)
        if edited:
            self.override_edit.setPlainText(self.rep.overrides[sid].get("text", ""))
        if blocks is None:
            self.auto_caption.setText("Đang tính số liệu…")
            self.auto_view.setHtml("")
            return False
        return True

    def _show_draft(self, sid: str):
        """A free-text section pre-written from the records: the draft (or
        the accepted / edited text) above the clerk's own typing."""
        edited, accepted = self.is_edited(sid), self.is_accepted(sid)
        typed = bool((self.rep.free_text.get(sid) or "").strip())
        blocks = self.generated(sid)
        self.auto_label.setText("Bản nháp viết từ số liệu của sổ")
        self.edit_btn.setText("Sửa bản nháp")
        self.revert_btn.setText("Bỏ, dùng lại bản nháp theo số liệu")
        self.edited_mark.setVisible(edited)
        self.draft_mark.setText(ACCEPTED_MARK if accepted else DRAFT_MARK)
        self.draft_mark.setStyleSheet(ACCEPTED_STYLE if accepted else DRAFT_STYLE)
        self.draft_mark.setVisible(not edited and not typed and (accepted or bool(blocks)))
        self.override_edit.setVisible(edited)
        self.accept_btn.setVisible(not edited and not accepted)
        self.accept_btn.setEnabled(bool(blocks) and not self.locked and not typed)
        self.edit_btn.setVisible(not edited)
        self.edit_btn.setEnabled((accepted or bool(blocks)) and not self.locked)
        self.revert_btn.setVisible(edited or accepted)
        if not self._show_override(sid, edited, blocks):
            return
        note = f" ({self.stats_note})" if self.stats_note else ""
        if typed:
            self.auto_caption.setText(f"Mục đã có phần nhập tay bên dưới: bản in dùng phần nhập tay. Bản nháp theo "
                                      f"số liệu{note}, để tham khảo:")
        elif edited:
            self.auto_caption.setText(f"Bản nháp theo số liệu hiện tại{note}, để đối chiếu — bản in dùng lời văn đã "
                                      "sửa ở trên.")
        elif accepted:
            from core.report.build import text_blocks

            self.auto_caption.setText("Bản nháp đã duyệt — bản in dùng đúng lời văn này (không tự viết lại khi số "
                                      "liệu đổi):")
            self.auto_view.setHtml(blocks_html(text_blocks(self.rep.overrides[sid].get("text", ""))))
            return
        elif blocks:
            self.auto_caption.setText(f"Bản nháp{note} — chưa duyệt: đọc lại rồi bấm “Dùng bản nháp” hoặc “Sửa "
                                      "bản nháp”, hoặc tự nhập ở phần nhập tay:")
        else:
            self.auto_caption.setText("Sổ theo dõi chưa có số liệu để viết bản nháp cho mục này: hãy nhập nội dung "
                                      "ở phần nhập tay (mục được đánh dấu vàng trong bản in).")
        self.auto_view.setHtml(blocks_html(blocks) if blocks else "")

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
        self._mark(self.current_id)
        self.changed.emit()

    def _override_changed(self):
        if self._loading or not self.current_id or not self.is_edited(self.current_id) or self.locked:
            return
        self.rep.set_override(self.current_id, self.override_edit.toPlainText())
        self.changed.emit()

    def start_override(self):
        """Copy the generated prose (or the draft, or the accepted draft) into
        the editor and mark the section edited."""
        from core.report.build import blocks_text

        sid = self.current_id
        blocks = self.generated(sid) if sid else None
        if self.locked or not sid:
            return
        if self.is_accepted(sid):
            text = self.rep.overrides[sid].get("text", "")
        elif blocks is None:
            return
        else:
            text = blocks_text(blocks)
        self.rep.set_override(sid, text)
        self._mark(sid)
        self._show(sid)
        self.override_edit.setFocus()
        self.changed.emit()

    def accept_draft(self):
        """The clerk agrees with the draft as it reads: kept as is, no longer marked “bản nháp”."""
        from core.report.build import blocks_text

        sid = self.current_id
        blocks = self.generated(sid) if sid else None
        if not blocks or self.locked:
            return
        self.rep.accept_draft(sid, blocks_text(blocks))
        self._mark(sid)
        self._show(sid)
        self.changed.emit()

    def revert_override(self):
        sid = self.current_id
        if not sid or not (self.is_edited(sid) or self.is_accepted(sid)) or self.locked:
            return
        node = O.find(self.rep.outline, sid)
        if node and not node.get("builder"):
            question = ("Dùng lại bản nháp", "Bỏ lời văn đã duyệt, đã sửa của mục này và dùng lại bản nháp viết theo "
                        "số liệu hiện tại?", "Lời văn đã duyệt, đã sửa sẽ mất sau khi lưu báo cáo.",
                        "Dùng lại bản nháp", "Giữ lời văn hiện tại")
        else:
            question = ("Dùng lại nội dung tự động", "Bỏ lời văn đã sửa của mục này và dùng lại nội dung tự động theo "
                        "số liệu?", "Lời văn đã sửa sẽ mất sau khi lưu báo cáo.", "Dùng lại nội dung tự động",
                        "Giữ lời văn đã sửa")
        if not vi.ask(self, question[0], question[1], question[2], yes=question[3], no=question[4]):
            return
        self.rep.clear_override(sid)
        self._mark(sid)
        self._show(sid)
        self.changed.emit()
