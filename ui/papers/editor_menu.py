"""The papers in a record editor: "In…" (a menu of the papers that fit the
record's saved state, ``core.papers.registry.papers_for``, and "Giấy tờ đã
phát hành…"), and "Lưu và in biên nhận" in a new petition.

The editor (``ui.editors.dialog.EditorDialog``) makes one ``PapersControl``
and calls ``add_buttons(bar)`` and ``refresh()`` after each load/save; the
control only reads the editor (``store``, ``kind_key``, ``record_id``,
``is_dirty()``, ``save()``, ``_ask``)."""
from __future__ import annotations

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QMenu, QPushButton

from core.papers import issued as issued_mod
from core.papers.registry import PAPERS, papers_for

NEED_SAVE = "Lưu hồ sơ trước khi in giấy tờ"
RECEIPT = "bien_nhan"


def has_papers(kind_key: str) -> bool:
    return any(p.record_kind == kind_key for p in PAPERS.values())


class PapersControl:
    def __init__(self, dlg):
        self.dlg = dlg
        self.button: QPushButton | None = None
        self.receipt_button: QPushButton | None = None
        self.menu: QMenu | None = None
        self.issue_dialog = None
        self.issued_list = None

    # ------------------------------------------------------------ build
    def add_buttons(self, bar: QHBoxLayout):
        d = self.dlg
        if not has_papers(d.kind_key):
            return
        self.button = QPushButton("In…", d)
        self.button.setObjectName("papers_button")
        self.button.setAutoDefault(False)
        self.menu = QMenu(self.button)
        self.menu.setObjectName("papers_menu")
        self.menu.aboutToShow.connect(self.fill_menu)
        self.button.setMenu(self.menu)
        bar.addWidget(self.button)
        QShortcut(QKeySequence("Ctrl+P"), d, activated=self._show_menu)
        if d.kind_key == "don_thu" and RECEIPT in PAPERS:
            self.receipt_button = QPushButton("Lưu và in biên nhận", d)
            self.receipt_button.setObjectName("save_and_receipt")
            self.receipt_button.setToolTip("Lưu đơn rồi phát hành và in giấy biên nhận đơn (phiếu hẹn) cho công dân")
            self.receipt_button.setAutoDefault(False)
            self.receipt_button.clicked.connect(self.save_and_print_receipt)
            bar.addWidget(self.receipt_button)
            anonymous = d.widgets.get("nac_danh")
            if anonymous is not None:
                anonymous.changed.connect(self._update_receipt)

    def _update_receipt(self):
        """An anonymous letter has nobody to hand a receipt to (core refuses it):
        the button is greyed, saying why."""
        if self.receipt_button is None:
            return
        w = self.dlg.widgets.get("nac_danh")
        anonymous = bool(w.value()) if w is not None else False
        self.receipt_button.setEnabled(not anonymous)
        self.receipt_button.setToolTip(
            "Đơn nặc danh: không có người nhận giấy biên nhận — chỉ cần “Lưu”." if anonymous else
            "Lưu đơn rồi phát hành và in giấy biên nhận đơn (phiếu hẹn) cho công dân")

    def _show_menu(self):
        if self.button is not None and self.button.isEnabled():
            self.button.showMenu()

    def refresh(self):
        """After a load or a save: "In…" only for a saved record; "Lưu và in
        biên nhận" only while the petition is new."""
        new = self.dlg.record_id is None
        if self.button is not None:
            self.button.setEnabled(not new)
            self.button.setToolTip(NEED_SAVE if new else "Lập, phát hành và in giấy tờ từ hồ sơ này (Ctrl+P)")
        if self.receipt_button is not None:
            self.receipt_button.setVisible(new)
            self._update_receipt()

    # ------------------------------------------------------------- menu
    def offered(self) -> list:
        """The papers that fit the record as saved (not as typed)."""
        d = self.dlg
        if d.record_id is None:
            return []
        row = d.store.get(d.kind_key, d.record_id) or {}
        return papers_for(d.kind_key, row)

    def fill_menu(self):
        m = self.menu
        m.clear()
        for p in self.offered():
            act = m.addAction(p.label + "…")
            act.setObjectName(f"paper_{p.key}")
            act.setData(p.key)
            act.triggered.connect(lambda _c=False, k=p.key: self.choose(k))
        m.addSeparator()
        n = len(issued_mod.issued_for(self.dlg.store, self.dlg.kind_key, self.dlg.record_id)) \
            if self.dlg.record_id is not None else 0
        act = m.addAction(f"Giấy tờ đã phát hành ({n})…")
        act.setObjectName("issued_list")
        act.triggered.connect(self.show_issued)

    def menu_labels(self) -> list[str]:
        """What "In…" offers now (fills the menu as opening it does)."""
        self.fill_menu()
        return [a.text() for a in self.menu.actions() if not a.isSeparator()]

    def caption(self) -> str:
        """The record in a dialog's title: "đơn số 12/2026", "lượt tiếp công dân số hiệu 5"."""
        d = self.dlg
        row = (d.store.get(d.kind_key, d.record_id) or {}) if d.record_id is not None else {}
        if d.kind_key == "don_thu" and row.get("so_den") and row.get("nam"):
            return f"đơn số {row['so_den']}/{row['nam']}"
        return f"{d.kind.label} số hiệu {d.record_id}"

    # ----------------------------------------------------------- actions
    def _saved_first(self) -> bool:
        """Unsaved typing: ask to save before the paper is made from the record."""
        d = self.dlg
        if not d.is_dirty():
            return True
        choice = d._ask("In giấy tờ", "Hồ sơ có thay đổi chưa lưu. Giấy tờ được lập từ hồ sơ đã lưu: lưu trước "
                        "rồi in?", [("save", "Lưu rồi in"), ("cancel", "Hủy")], "save")
        return choice == "save" and d.save()

    def choose(self, paper_key: str):
        """A paper picked in "In…": save first if needed, then the issue dialog."""
        d = self.dlg
        if d.record_id is None or not self._saved_first():
            return None
        if paper_key not in [p.key for p in self.offered()]:
            d.banner.setText(f"Sau khi lưu, hồ sơ không còn hợp với “{PAPERS[paper_key].label}”; "
                             "mở lại nút “In…” để chọn giấy tờ phù hợp.")
            d.banner.show()
            return None
        return self.open_issue(paper_key)

    def open_issue(self, paper_key: str):
        from ui.papers.issue_dialog import IssueDialog

        d = self.dlg
        dlg = IssueDialog(d.store, paper_key, d.record_id, parent=d, caption=self.caption())
        dlg.issued.connect(self._issued)
        self.issue_dialog = dlg
        dlg.open()
        return dlg

    def _issued(self, _gid: int):
        """The record's "số văn bản" may have been filled by the issue."""
        d = self.dlg
        if d.record_id is not None and not d.is_dirty():
            d._load()

    def save_and_print_receipt(self):
        """"Lưu và in biên nhận": saved as "Lưu" saves (nothing printed on
        errors), then the receipt's issue dialog."""
        d = self.dlg
        if not d.save():
            return None
        return self.open_issue(RECEIPT)

    def show_issued(self):
        from ui.papers.issued_list import IssuedListDialog

        d = self.dlg
        if d.record_id is None:
            return None
        dlg = IssuedListDialog(d.store, d.kind_key, d.record_id, parent=d, caption=self.caption())
        self.issued_list = dlg
        dlg.open()
        return dlg


__all__ = ["PapersControl", "has_papers", "NEED_SAVE"]
