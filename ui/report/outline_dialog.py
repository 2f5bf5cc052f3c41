"""“Đề cương báo cáo”: the built-in outlines (read-only) and the clerk's
copies — duplicate, rename, delete; add, rename, move and remove sections;
make a section auto (choosing its builder, optionally with a free-text
part) or free text.  Every change is saved at once (one transaction, via
``core.report.saved.save_outline``); bad input shows the engine's Vietnamese
message.  Saved reports keep their own copy of the outline, so editing an
outline never changes a report already written."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
)

from core.records.validation import ValidationError
from core.report import outlines as O
from core.report import saved as R

from ..widgets import vi
from .new_dialog import outline_label
from .sections import number

FREE = "__free__"


def _msg(e: ValidationError) -> str:
    return "\n".join(e.errors.values())


class OutlineDialog(QDialog):
    def __init__(self, store, parent=None, key: str | None = None):
        super().__init__(parent)
        self.store = store
        self.setWindowTitle("Đề cương báo cáo")
        self.resize(980, 620)
        self.outline: dict | None = None
        lay = QVBoxLayout(self)

        top = QHBoxLayout()
        top.addWidget(QLabel("Đề cương:"))
        self.combo = QComboBox()
        self.combo.setObjectName("outline_combo")
        top.addWidget(self.combo, 1)
        self.dup_btn = QPushButton("Nhân bản…")
        self.dup_btn.setObjectName("outline_duplicate")
        self.ren_btn = QPushButton("Đổi tên…")
        self.ren_btn.setObjectName("outline_rename")
        self.del_btn = QPushButton("Xóa đề cương")
        self.del_btn.setObjectName("outline_delete")
        for b in (self.dup_btn, self.ren_btn, self.del_btn):
            b.setAutoDefault(False)
            top.addWidget(b)
        lay.addLayout(top)
        self.note = QLabel("")
        self.note.setObjectName("outline_note")
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #5a6472;")
        lay.addWidget(self.note)

        mid = QHBoxLayout()
        self.tree = QTreeWidget()
        self.tree.setObjectName("outline_tree")
        self.tree.setHeaderLabels(["Mục", "Nội dung"])
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        mid.addWidget(self.tree, 3)
        side = QGridLayout()
        self.add_btn = QPushButton("Thêm mục sau…")
        self.add_child_btn = QPushButton("Thêm mục con…")
        self.sec_ren_btn = QPushButton("Đổi tên mục…")
        self.up_btn = QPushButton("Chuyển lên")
        self.down_btn = QPushButton("Chuyển xuống")
        self.remove_btn = QPushButton("Xóa mục")
        for i, b in enumerate((self.add_btn, self.add_child_btn, self.sec_ren_btn, self.up_btn, self.down_btn,
                               self.remove_btn)):
            b.setAutoDefault(False)
            side.addWidget(b, i, 0, 1, 2)
        side.addWidget(QLabel("Nội dung của mục:"), 6, 0, 1, 2)
        self.kind = QComboBox()
        self.kind.setObjectName("section_kind")
        self.kind.addItem("Nhập tay", FREE)
        for k, t in O.builder_titles().items():
            self.kind.addItem(f"Tự động: {t}", k)
        side.addWidget(self.kind, 7, 0, 1, 2)
        self.with_free = QCheckBox("Kèm phần nhập tay sau phần tự động")
        self.with_free.setObjectName("section_with_free")
        side.addWidget(self.with_free, 8, 0, 1, 2)
        side.setRowStretch(9, 1)
        mid.addLayout(side, 2)
        lay.addLayout(mid, 1)

        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        vi.vi_buttons(box)
        box.rejected.connect(self.reject)
        lay.addWidget(box)

        self.combo.currentIndexChanged.connect(self._outline_changed)
        self.tree.currentItemChanged.connect(lambda *_: self._sync_side())
        self.dup_btn.clicked.connect(self.duplicate)
        self.ren_btn.clicked.connect(self.rename_outline)
        self.del_btn.clicked.connect(self.delete_outline)
        self.add_btn.clicked.connect(lambda: self.add_section(child=False))
        self.add_child_btn.clicked.connect(lambda: self.add_section(child=True))
        self.sec_ren_btn.clicked.connect(self.rename_section)
        self.up_btn.clicked.connect(lambda: self.move(-1))
        self.down_btn.clicked.connect(lambda: self.move(1))
        self.remove_btn.clicked.connect(self.remove_section)
        self.kind.activated.connect(lambda *_: self.set_kind())
        self.with_free.clicked.connect(lambda *_: self.set_kind())
        self.reload(key)

    # -------------------------------------------------------------- state
    def reload(self, key: str | None = None, section_id: str | None = None):
        key = key or self.combo.currentData()
        self.combo.blockSignals(True)
        self.combo.clear()
        for o in R.list_outlines(self.store):
            self.combo.addItem(outline_label(o), o["key"])
        i = self.combo.findData(key)
        self.combo.setCurrentIndex(max(0, i))
        self.combo.blockSignals(False)
        self._outline_changed(section_id=section_id)

    def editable(self) -> bool:
        return bool(self.outline) and not self.outline.get("builtin") and self.outline["key"] not in O.BUILTIN

    def current_section(self) -> str | None:
        it = self.tree.currentItem()
        return it.data(0, Qt.ItemDataRole.UserRole) if it else None

    def _outline_changed(self, *_, section_id: str | None = None):
        self.outline = R.get_outline(self.store, self.combo.currentData())
        self.note.setText("Đề cương có sẵn của phần mềm: chỉ xem. Bấm “Nhân bản…” để tạo bản riêng rồi sửa bản đó."
                          if not self.editable() else
                          "Đề cương riêng: mọi thay đổi được lưu ngay. Báo cáo đã lập giữ nguyên đề cương lúc lập.")
        self.tree.clear()
        items = {}

        def add(parent, nodes, depth):
            for i, n in enumerate(nodes, 1):
                kind = "nhập tay"
                if n.get("builder"):
                    kind = "tự động + nhập tay" if n.get("free_text") else "tự động"
                elif not n.get("free_text"):
                    kind = ""
                it = QTreeWidgetItem([f"{number(depth, i)} {n['title']}", kind])
                it.setData(0, Qt.ItemDataRole.UserRole, n["id"])
                (parent.addChild if parent is not None else self.tree.addTopLevelItem)(it)
                items[n["id"]] = it
                add(it, n.get("children", []), depth + 1)

        add(None, self.outline.get("sections", []), 1)
        self.tree.expandAll()
        first = items.get(section_id) or (self.tree.topLevelItem(0) if self.tree.topLevelItemCount() else None)
        if first is not None:
            self.tree.setCurrentItem(first)
        self._sync_side()

    def _sync_side(self):
        ed = self.editable()
        sid = self.current_section()
        for b in (self.add_btn, self.add_child_btn, self.sec_ren_btn, self.up_btn, self.down_btn, self.remove_btn,
                  self.kind, self.with_free):
            b.setEnabled(ed and sid is not None)
        self.ren_btn.setEnabled(ed)
        self.del_btn.setEnabled(ed)
        node = O.find(self.outline, sid) if sid else None
        self.kind.blockSignals(True)
        self.with_free.blockSignals(True)
        if node is not None:
            b = node.get("builder")
            self.kind.setCurrentIndex(max(0, self.kind.findData(b if b else FREE)))
            self.with_free.setChecked(bool(b and node.get("free_text")))
            self.with_free.setEnabled(ed and bool(b))
        self.kind.blockSignals(False)
        self.with_free.blockSignals(False)

    def _apply(self, new: dict, section_id: str | None = None) -> bool:
        try:
            R.save_outline(self.store, new)
        except ValidationError as e:
            vi.warning(self, "Chưa sửa được đề cương", _msg(e))
            return False
        self.reload(new["key"], section_id)
        return True

    def _ask(self, title: str, label: str, text: str = "") -> str | None:
        value, ok = QInputDialog.getText(self, title, label, text=text)
        return value if ok else None

    # ----------------------------------------------------------- outline
    def duplicate(self):
        name = self._ask("Nhân bản đề cương", "Tên đề cương mới:", f"{self.outline['ten']} (bản riêng)")
        if name is None:
            return None
        try:
            key = R.duplicate_outline(self.store, self.outline["key"], name)
        except ValidationError as e:
            vi.warning(self, "Chưa nhân bản được đề cương", _msg(e))
            return None
        self.reload(key)
        return key

    def rename_outline(self):
        if not self.editable():
            return
        name = self._ask("Đổi tên đề cương", "Tên đề cương:", self.outline["ten"])
        if name is None:
            return
        try:
            new = O.rename_outline(self.outline, name)
        except ValidationError as e:
            vi.warning(self, "Chưa đổi tên được", _msg(e))
            return
        self._apply(new, self.current_section())

    def delete_outline(self):
        if not self.editable():
            return
        if not vi.ask(self, "Xóa đề cương", f"Xóa đề cương “{self.outline['ten']}”?",
                      "Các báo cáo đã lập theo đề cương này vẫn giữ nguyên nội dung.", yes="Xóa", no="Không xóa"):
            return
        R.delete_outline(self.store, self.outline["key"])
        self.reload(O.DEFAULT_PERIODIC)

    # ---------------------------------------------------------- sections
    def add_section(self, child: bool):
        sid = self.current_section()
        if not self.editable() or sid is None:
            return
        title = self._ask("Thêm mục con" if child else "Thêm mục", "Tên mục:")
        if title is None:
            return
        try:
            if child:
                new, nid = O.add_section(self.outline, title, parent_id=sid)
            else:
                new, nid = O.add_section(self.outline, title, after_id=sid)
        except ValidationError as e:
            vi.warning(self, "Chưa thêm được mục", _msg(e))
            return
        self._apply(new, nid)

    def rename_section(self):
        sid = self.current_section()
        if not self.editable() or sid is None:
            return
        title = self._ask("Đổi tên mục", "Tên mục:", O.find(self.outline, sid)["title"])
        if title is None:
            return
        try:
            new = O.rename_section(self.outline, sid, title)
        except ValidationError as e:
            vi.warning(self, "Chưa đổi tên được", _msg(e))
            return
        self._apply(new, sid)

    def move(self, delta: int):
        sid = self.current_section()
        if self.editable() and sid is not None:
            self._apply(O.move_section(self.outline, sid, delta), sid)

    def remove_section(self):
        sid = self.current_section()
        if not self.editable() or sid is None:
            return
        node = O.find(self.outline, sid)
        extra = " và các mục con" if node.get("children") else ""
        if not vi.ask(self, "Xóa mục", f"Xóa mục “{node['title']}”{extra} khỏi đề cương?",
                      "Báo cáo đã lập không bị ảnh hưởng.", yes="Xóa", no="Không xóa"):
            return
        try:
            new = O.remove_section(self.outline, sid)
        except ValidationError as e:
            vi.warning(self, "Chưa xóa được mục", _msg(e))
            return
        self._apply(new)

    def set_kind(self):
        sid = self.current_section()
        if not self.editable() or sid is None:
            return
        b = self.kind.currentData()
        try:
            new = O.set_free_text(self.outline, sid) if b == FREE else O.set_auto(self.outline, sid, b,
                                                                                 self.with_free.isChecked())
        except ValidationError as e:
            vi.warning(self, "Chưa đổi được nội dung của mục", _msg(e))
            return
        self._apply(new, sid)
