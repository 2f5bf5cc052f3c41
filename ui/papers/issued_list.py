"""“Giấy tờ đã phát hành” of one record: what was issued from it (paper,
số/ký hiệu, ngày, người phát hành), the selected one previewed exactly as
issued (``core.papers.issued.reprint``: the snapshot, whatever the record or
the letterhead became since), saved again as DOCX/PDF or printed."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QSplitter, QTableWidgetItem, QVBoxLayout

from core.papers import issued as issued_mod
from core.papers.registry import PAPERS
from core.text import fmt_date
from ui import ops
from ui.papers import preview as preview_mod
from ui.widgets.tables import read_only_table

HEADERS = ["Giấy tờ", "Số, ký hiệu", "Ngày", "Người phát hành"]


def paper_label(loai: str) -> str:
    p = PAPERS.get(loai)
    return p.label if p else loai


class IssuedListDialog(QDialog):
    def __init__(self, store, record_kind: str, record_id: int, parent=None, caption: str = ""):
        super().__init__(parent)
        self.store = store
        self.record_kind = record_kind
        self.record_id = record_id
        self.items = []
        self.task = None
        self.shown_id: int | None = None  # the issued paper previewed
        self.setObjectName("issued_papers")
        self.setWindowTitle("Giấy tờ đã phát hành — Sổ Dân vận")
        self.setSizeGripEnabled(True)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(10, 8, 10, 8)
        title = QLabel("Giấy tờ đã phát hành" + (f" — {caption}" if caption else ""), self)
        f = title.font()
        f.setPointSizeF(f.pointSizeF() * 1.2)
        f.setBold(True)
        title.setFont(f)
        lay.addWidget(title)
        self.note = QLabel("Bản in lại đúng như bản đã phát hành, kể cả khi hồ sơ hoặc tên đơn vị đã thay đổi.", self)
        self.note.setStyleSheet("color: #607d8b;")
        self.note.setWordWrap(True)
        lay.addWidget(self.note)
        split = QSplitter(Qt.Orientation.Vertical, self)
        self.table = read_only_table(HEADERS, name="issued_table")
        split.addWidget(self.table)
        self.preview = preview_mod.DocPreview(self, "Chọn một giấy tờ để xem bản đã phát hành.")
        split.addWidget(self.preview)
        split.setChildrenCollapsible(False)
        split.setSizes([130, 520])  # a few rows above, the paper below
        lay.addWidget(split, 1)
        bar, self.print_button, saves, self.close_button = preview_mod.button_bar(self, "In lại…")
        self.docx_button, self.pdf_button = saves["docx"], saves["pdf"]
        lay.addLayout(bar)
        self.print_button.clicked.connect(self.print_selected)
        self.docx_button.clicked.connect(lambda: self.save_selected("docx"))
        self.pdf_button.clicked.connect(lambda: self.save_selected("pdf"))
        self.close_button.clicked.connect(self.accept)
        self.table.itemSelectionChanged.connect(self._selected)
        self.resize(900, 720)
        self.reload()

    # -------------------------------------------------------------- list
    def reload(self):
        self.items = issued_mod.issued_for(self.store, self.record_kind, self.record_id)
        self.items.reverse()  # newest first
        t = self.table
        t.setRowCount(len(self.items))
        for r, g in enumerate(self.items):
            for c, text in enumerate((paper_label(g.loai), g.number, fmt_date(g.ngay), g.nguoi_phat_hanh)):
                it = QTableWidgetItem(text)
                it.setData(Qt.ItemDataRole.UserRole, g.id)
                t.setItem(r, c, it)
        self._set_buttons()
        if self.items:
            t.selectRow(0)
        else:
            self.preview.clear("Hồ sơ này chưa phát hành giấy tờ nào. Dùng nút “In…” của hồ sơ để lập và phát hành.")

    def rows(self) -> list[list[str]]:
        t = self.table
        return [[t.item(r, c).text() for c in range(t.columnCount())] for r in range(t.rowCount())]

    def selected(self):
        r = self.table.currentRow()
        return self.items[r] if 0 <= r < len(self.items) else None

    def _set_buttons(self):
        on = self.selected() is not None
        for b in (self.print_button, self.docx_button, self.pdf_button):
            b.setEnabled(on)

    def _selected(self):
        self._set_buttons()
        g = self.selected()
        if g is None or g.id == self.shown_id:
            return
        self.show_issued(g.id)

    def show_issued(self, issued_id: int):
        """Preview issued paper ``issued_id`` as issued."""
        store = self.store

        def write(path):
            from core.commands.papers import write_issued

            write_issued(store, issued_id, "pdf", path)

        def done(_p):
            self.shown_id = issued_id
            if self.selected() is not None and self.selected().id != issued_id:
                self._selected()

        if self.task is not None and not self.task.done:
            return None
        self.task = self.preview.render(write, done, label="Đang mở bản đã phát hành…")
        return self.task

    # ------------------------------------------------------------ actions
    def print_selected(self):
        g = self.selected()
        if g is None:
            return
        if self.shown_id == g.id and self.preview.pdf_path is not None:
            preview_mod.print_pdf(self, self.preview.pdf_path, f"{paper_label(g.loai)} {g.number}")

    def save_selected(self, fmt: str):
        g = self.selected()
        if g is None or (self.task is not None and not self.task.done):
            return None
        path = preview_mod.ask_save_path(self, fmt, f"{paper_label(g.loai)} {g.number}")
        if path is None:
            return None
        store = self.store

        def work():
            from core.commands.papers import write_issued

            return write_issued(store, g.id, fmt, path)

        def done(_g):
            self.last_saved = Path(path)
            self.note.setText(f"Đã lưu {paper_label(g.loai).lower()} số {g.number} vào {Path(path).name}.")

        self.task = ops.run(self, f"Đang lưu tệp {fmt.upper()}…", work, done)
        return self.task


__all__ = ["IssuedListDialog"]
