"""Screenshots of the papers' screens for ``python main.py screenshots``: a
petition editor with "In…" open, "Lưu và in biên nhận" in a new petition, the
issue dialog with its preview (at its own size and squeezed to a 1024×768
screen), a paper that cannot be made, and "Giấy tờ đã phát hành"."""
from __future__ import annotations

from PySide6.QtCore import QPoint, QSize
from PySide6.QtGui import QPainter

from core.records import lookups


def _with_menu(dlg, menu):
    """The dialog with its open popup menu painted over it (a popup is a
    window of its own: ``grab`` of the dialog would not show it)."""
    img = dlg.grab()
    top_left = dlg.mapToGlobal(QPoint(0, 0))
    painter = QPainter(img)
    painter.drawPixmap(menu.pos() - top_left, menu.grab())
    painter.end()
    return img


def grab_all(store, parent, grab, save_pixmap):
    """``grab(widget, name)`` saves a widget; ``save_pixmap(pixmap, name)`` an image."""
    from ui.editors import EditorDialog
    from ui.papers.issue_dialog import IssueDialog

    def wait(dlg):
        """The PDF written, then QPdfView's own page rendering (it paints later, in a thread)."""
        import time

        from PySide6.QtWidgets import QApplication

        task = getattr(dlg, "task", None)
        if task is not None and not task.done:
            task.wait()
        end = time.monotonic() + 1.5
        while time.monotonic() < end:
            QApplication.processEvents()
            time.sleep(0.02)

    rid = (lookups.last_id(store, "don_thu", huong_xu_ly="chuyen")
           or lookups.last_id(store, "don_thu"))
    if rid is None:
        return
    # the editor with "In…" open: the papers that fit the saved petition
    ed = EditorDialog(store, "don_thu", rid, None, parent)
    ed.show()
    pc = ed.papers
    pc.fill_menu()
    above = pc.button.mapToGlobal(QPoint(0, -pc.menu.sizeHint().height()))
    pc.menu.popup(above)
    pc.menu.move(above)  # (the offscreen screen is smaller than the dialog: no clamping)
    save_pixmap(_with_menu(ed, pc.menu), "giay_to_menu_in")
    pc.menu.hide()
    # the issue dialog with the preview of the paper as it will be issued
    key = "chuyen_don" if any(p.key == "chuyen_don" for p in pc.offered()) else "bien_nhan"
    issue = IssueDialog(store, key, rid, ed, caption=pc.caption())
    issue.show()
    wait(issue)
    grab(issue, f"giay_to_phat_hanh_{key}")
    issue.resize(QSize(1000, 700))  # a 1024×768 screen less the taskbar
    wait(issue)
    grab(issue, f"man_hinh_nho_giay_to_phat_hanh_{key}")
    issue.number.setText("")
    issue.date.setText("31/02/2026")
    issue._date_left()
    grab(issue, "giay_to_phat_hanh_ngay_sai")
    issue.hide()
    issue.deleteLater()
    # a paper that cannot be made: the core's message in the dialog
    plain = lookups.last_id(store, "don_thu", huong_xu_ly="thu_ly") or rid
    prow = store.get("don_thu", plain) or {}
    bad = IssueDialog(store, "chuyen_don", plain, ed, caption=f"đơn số {prow.get('so_den')}/{prow.get('nam')}")
    bad.show()
    wait(bad)
    if bad.error_text():
        grab(bad, "giay_to_khong_lap_duoc")
    bad.hide()
    bad.deleteLater()
    # two papers issued, then the list with the first one's reprint
    from core.papers import issued as issued_mod
    from core.papers.common import IssueInfo
    from core.safety.audit import current_user

    for k in dict.fromkeys(("bien_nhan", key)):
        issued_mod.issue(store, k, rid, IssueInfo(nguoi_phat_hanh=current_user(store)))
    lst = pc.show_issued()
    lst.resize(QSize(900, 700))
    wait(lst)
    grab(lst, "giay_to_da_phat_hanh")
    lst.hide()
    lst.deleteLater()
    ed.hide()
    ed.deleteLater()
    # a new petition: "Lưu và in biên nhận" beside "Lưu", "In…" waiting for the save
    new = EditorDialog(store, "don_thu", None, None, parent)
    new.show()
    grab(new, "giay_to_don_moi_luu_va_in_bien_nhan")
    new.resize(QSize(984, new.height()))  # as _fit_size makes it on a 1024×768 screen
    grab(new, "man_hinh_nho_giay_to_don_moi")
    new.hide()
    new.deleteLater()
    # a visit's editor: "In…" beside "Tiếp nhận đơn…" (its reply notice)
    vid = lookups.last_id(store, "tiep_cong_dan")
    if vid is not None:
        visit = EditorDialog(store, "tiep_cong_dan", vid, None, parent)
        visit.show()
        grab(visit, "giay_to_luot_tiep")
        visit.hide()
        visit.deleteLater()


__all__ = ["grab_all"]
