"""Screenshots of the safety screens (restore dialog, guided recovery,
import result, audit log, password prompt and dialog, error dialog), for
``ui/commands/safety_screenshots.py`` and the tests.

``grab_all(out_dir, data_dir)`` builds a small commune in ``data_dir``,
opens each screen offscreen like a clerk would, and saves PNGs."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from core.records import lookups


def _sample_store(data_dir: Path):
    from core.safety import audit, backup
    from core.session import open_session

    store = open_session(data_dir)
    audit.install(store)
    if store.current_unit() is None:
        store.create("unit", {"ten": "Nghĩa Phương", "loai": "xa", "is_current": 1, "tinh": "Quảng Ngãi"})
        t = store.create("thon", {"ten": "Thôn Phú Nhuận"})
        for i in range(12):
            store.create("don_thu", {"ngay_nhan": dt.date(2025, 1 + i % 12, 3 + i).strftime("%d/%m/%Y"),
                                     "loai": ["kien_nghi", "phan_anh", "khieu_nai"][i % 3], "linh_vuc": "dat_dai",
                                     "noi_dung": f"Kiến nghị về đường giao thông thôn, lần {i + 1}",
                                     "ho_ten": f"Nguyễn Văn {chr(65 + i)}", "thon_id": t})
        store.create("don_thu", {"ngay_nhan": "12/03/2025", "loai": "to_cao", "noi_dung": "Tố cáo cán bộ địa chính",
                                 "ho_ten": "Phạm Thị Tố Giác", "cccd": "079123456789"})
        for i in range(6):
            store.create("hoat_dong", {"ngay": f"{10 + i:02d}/05/2025", "chu_de": f"Tuyên truyền pháp luật đợt {i + 1}",
                                       "so_nguoi": 100 + i * 25})
        hd = lookups.last_id(store, "hoat_dong")
        store.update("hoat_dong", hd, {"so_nguoi": 1807, "ghi_chu": "Bổ sung số liệu"})
        store.set_setting(audit.USER_SETTING, "Lê Thị Văn Phòng")
        store.update("don_thu", 1, {"du_dieu_kien": 1, "huong_xu_ly": "thu_ly", "ngay_xu_ly": "05/01/2025"})
        store.delete("hoat_dong", hd - 1)
        backup.make_backup(store, "daily", now=dt.datetime(2025, 6, 2, 7, 45))
        backup.make_backup(store, "exit", now=dt.datetime(2025, 6, 2, 17, 5))
        store.create("hoat_dong", {"ngay": "20/06/2025", "chu_de": "Tập huấn hòa giải viên", "loai": "tap_huan"})
        backup.make_backup(store, "daily", now=dt.datetime(2025, 6, 3, 7, 50))
    return store


def _bad_import_file(path: Path) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Hoạt động"
    ws.append(["Ngày", "Loại hoạt động", "Chủ đề", "Số cuộc", "so_nguoi"])
    for i in range(20):
        row = [dt.date(2025, 3, 1 + i), "Tuyên truyền" if i % 2 else "tap_huan", f"Hội nghị thôn lần {i + 1}", 1, 40 + i]
        if i == 4:
            row[0] = "31/02/2025"
        if i == 11:
            row[3] = -2
        if i == 17:
            row[1] = "Họp dân"
            row[2] = None
        ws.append(row)
    wb.save(path)
    return path


def grab_all(out_dir, data_dir) -> list[Path]:
    from PySide6.QtWidgets import QApplication

    from core.safety import backup
    from core.safety import secrets as security

    from .audit_page import AuditPage
    from .dialogs import ImportDialog, PasswordDialog, PasswordPrompt, RestoreDialog
    from .errors import show_dialog

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    data_dir = Path(data_dir)
    store = _sample_store(data_dir)
    saved: list[Path] = []
    app = QApplication.instance()

    def grab(w, name):
        w.show()
        for _ in range(3):
            app.processEvents()
        p = out / f"an_toan_{len(saved) + 1:02d}_{name}.png"
        w.grab().save(str(p))
        saved.append(p)
        w.hide()

    d = RestoreDialog(store.data_dir, store)
    d.list.selectRow(1)
    grab(d, "khoi_phuc")
    f = _bad_import_file(data_dir.parent / "nhap_co_loi.xlsx")
    imp = ImportDialog(store, path=str(f))
    imp.run("all_or_nothing").wait()  # a worker thread: the result shows once done
    grab(imp, "nhap_excel_dong_loi")
    imp.run("valid_rows").wait()
    grab(imp, "nhap_excel_da_nhap")
    dlg = PasswordDialog(store)
    grab(dlg, "dat_mat_khau")
    security.set_password(store, "ghi-so-tiep-dan-2025")
    tc = lookups.last_id(store, "don_thu", loai="to_cao")
    security.reveal(store, tc)
    store.update("don_thu", tc, {"linh_vuc": "tham_nhung", "phuc_tap": 1})
    page = AuditPage(store)
    page.resize(1280, 600)
    grab(page, "nhat_ky_thay_doi")
    prompt = PasswordPrompt(store.data_dir)
    grab(prompt, "hoi_mat_khau")
    prompt.edit.setText("sai")
    prompt.check()
    grab(prompt, "hoi_mat_khau_sai")
    # guided recovery at start: a damaged data file
    other = data_dir.parent / "hong"
    s2 = _sample_store(other)
    s2.checkpoint()
    s2.close()
    db = other / "sodanvan.db"
    raw = bytearray(db.read_bytes())
    raw[0:16] = b"NOT A DATABASE!!"
    db.write_bytes(bytes(raw))
    res = backup.startup_check(other)
    rec = RestoreDialog(other, None, res.message)
    grab(rec, "khoi_dong_du_lieu_hong")

    # the global error dialog (non-modal copy for the picture)
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QMessageBox

    def shoot():
        for w in app.topLevelWidgets():
            if isinstance(w, QMessageBox) and w.isVisible():
                p = out / f"an_toan_{len(saved) + 1:02d}_loi_khong_luong_truoc.png"
                w.grab().save(str(p))
                saved.append(p)
                w.done(0)

    QTimer.singleShot(50, shoot)
    try:
        raise ZeroDivisionError("division by zero")
    except ZeroDivisionError as e:
        import traceback
        show_dialog(e, traceback.format_exc())
    store.close()
    return saved
