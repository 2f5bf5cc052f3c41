"""Issue 13 (§6, §7, §9, §11, §15, §18): damaged and tampered files,
passwords on the command line, a full disk, a read-only data folder.

Every attack of the issue is reproduced on a real book: a byte of the schema
changed, an empty or truncated book beside good backups, a dropped table, a
malformed setting, absurd scrypt parameters, a read-only folder (as root,
``folder_writable`` is monkeypatched to say so and the book really is opened
``mode=ro``: any write would fail), a full disk (SQLite's own SQLITE_FULL
through ``max_page_count``, or ENOSPC raised by a monkeypatched write)."""
from __future__ import annotations

import errno
import io
import sqlite3
from pathlib import Path

import openpyxl
import pytest
from safety_data import fill_records, setup_catalogue

from cli import main
from core.records.store import DamagedBookError, PendingMigrationError
from core.safety import backup, integrity
from core.safety import secrets as security
from core.session import open_session

PASSWORD = "Kho-doan-7#Qx"


@pytest.fixture
def book(store):
    """A closed book with records of every kind and one good backup."""
    ids = setup_catalogue(store)
    fill_records(store, ids, denouncer=False)
    good = backup.make_backup(store, "daily")
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    d = store.data_dir
    store.close()
    return d, good


@pytest.fixture
def quiet(monkeypatch):
    """Every modal message box answered at once (a GUI test never waits)."""
    from PySide6.QtWidgets import QMessageBox

    from ui.widgets import vi

    said = []
    for name in ("info", "error", "warning"):
        monkeypatch.setattr(vi, name, lambda parent, title, text, detail=None, _n=name: said.append((_n, text)))
    monkeypatch.setattr(vi, "ask", lambda *a, **k: True)
    monkeypatch.setattr(vi, "ask_yes_no_cancel", lambda *a, **k: True)
    monkeypatch.setattr(QMessageBox, "exec", lambda self: said.append(("box", self.text())) or 0)
    return said


def _corrupt_table_name(db: Path, name: bytes = b"hoat_dong"):
    """One byte of a table's name in sqlite_master made invalid UTF-8."""
    data = bytearray(db.read_bytes())
    i = data.find(b"table" + name)
    assert i > 0
    data[i + 5] = 0xFF
    db.write_bytes(bytes(data))


def _run(capsys, data_dir, *argv) -> tuple[int, str]:
    code = main(["--data-dir", str(data_dir), *argv])
    out = capsys.readouterr()
    return code, out.out + out.err


def _count(data_dir, kind="hoat_dong") -> int:
    s = open_session(data_dir)
    try:
        return s.count(kind)
    finally:
        s.close()


# ------------------------------------------------------------ §6 damaged schema
def test_a_damaged_name_in_the_schema_leads_to_the_recovery(book, capsys, tmp_path):
    d, good = book
    _corrupt_table_name(d / "sodanvan.db")
    res = integrity.check_file(d / "sodanvan.db")
    assert not res.ok and res.problem == "corrupt" and "bị hỏng" in res.message
    start = backup.startup_check(d)
    assert start.problem == "corrupt" and start.newest_good == good
    with pytest.raises(DamagedBookError, match="bị hỏng"):
        open_session(d)
    code, text = _run(capsys, d, "check")
    assert code == 1 and "Bản sao lưu tốt gần nhất" in text and str(good) in text
    for argv in (["export", "hoat_dong", "--out", str(tmp_path / "x.xlsx")], ["backup"],
                 ["import", str(tmp_path / "khong.xlsx")]):
        code, text = _run(capsys, d, *argv)
        assert code == 1 and "bị hỏng" in text and "Traceback" not in text, argv
        assert f'restore "{good}"' in text
    code, text = _run(capsys, d, "restore", str(good))
    assert code == 0 and "đã khôi phục" in text
    assert _run(capsys, d, "check")[0] == 0
    assert _count(d) == 1
    assert list((d / "sao_luu" / "tep_hong").rglob("sodanvan.db"))  # the damaged file kept


def test_a_damaged_backup_neither_crashes_check_nor_restore(book, capsys):
    d, good = book
    bad = good.with_name(good.name.replace("hang-ngay", "thu-cong").replace("_0", "_1", 1))
    bad.write_bytes(good.read_bytes())
    _corrupt_table_name(bad)
    assert backup.newest_good_backup(d) == good
    assert backup.describe_backup(bad)["ok"] is False
    code, text = _run(capsys, d, "check")
    assert code == 0 and "nguyên vẹn" in text
    code, text = _run(capsys, d, "restore", str(bad))
    assert code == 1 and "bị hỏng" in text and "Traceback" not in text
    assert _count(d) == 1  # nothing replaced


def test_the_window_offers_the_recovery_for_a_damaged_schema(book, monkeypatch, qtbot, quiet):
    from PySide6.QtWidgets import QApplication, QDialog

    import ui.safety as plugin
    from ui.safety import errors
    from ui.safety.dialogs import RestoreDialog

    d, good = book
    _corrupt_table_name(d / "sodanvan.db")
    shown = {}

    def run_dialog(self):
        shown["file"] = self.file
        self.do_restore()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(RestoreDialog, "exec", run_dialog)
    monkeypatch.setattr(errors, "install", lambda app, dd: None)
    assert plugin.startup_hook(QApplication.instance(), d) is True
    assert shown["file"] == good
    assert _count(d) == 1


def test_the_window_offers_the_recovery_whatever_the_check_raises(book, monkeypatch, qtbot, quiet):
    from PySide6.QtWidgets import QApplication, QDialog

    import ui.safety as plugin
    from ui.safety import errors
    from ui.safety.dialogs import RestoreDialog

    d, _ = book
    offered = []

    def boom(*a, **k):
        raise UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte")

    monkeypatch.setattr(backup, "startup_check", boom)
    monkeypatch.setattr(RestoreDialog, "exec", lambda self: offered.append(self.windowTitle()) or
                        QDialog.DialogCode.Rejected)
    monkeypatch.setattr(errors, "install", lambda app, dd: None)
    assert plugin.startup_hook(QApplication.instance(), d) is False
    assert offered == ["Dữ liệu cần khôi phục"]


# ------------------------------------------------------------ §7 empty book
@pytest.mark.parametrize("size", [0, 1000, None])
def test_an_empty_or_truncated_book_beside_backups_is_never_a_new_book(book, capsys, size):
    d, good = book
    db = d / "sodanvan.db"
    if size is None:  # a valid SQLite file whose schema is empty
        db.unlink()
        conn = sqlite3.connect(db)
        conn.execute("CREATE TABLE x(a)")
        conn.execute("DROP TABLE x")
        conn.commit()
        conn.close()
        assert db.stat().st_size > 0
    else:
        db.write_bytes(db.read_bytes()[:size])
    before = db.read_bytes()
    start = backup.startup_check(d)
    assert not start.ok and start.problem == "corrupt" and start.newest_good == good
    with pytest.raises(DamagedBookError):
        open_session(d)
    assert db.read_bytes() == before  # no new book written over it
    code, text = _run(capsys, d, "backup")
    assert code == 1 and "restore" in text
    assert [b.path for b in backup.list_backups(d)] == [good]  # "Đơn thư: 0" never saved as a backup
    code, text = _run(capsys, d, "check")
    assert code == 1 and str(good) in text
    assert _run(capsys, d, "restore", str(good))[0] == 0
    assert _count(d) == 1


def test_an_empty_book_without_backups_is_a_first_start(tmp_path):
    d = tmp_path / "moi"
    d.mkdir()
    (d / "sodanvan.db").write_bytes(b"")
    assert backup.startup_check(d).ok
    s = open_session(d)
    try:
        assert s.current_unit() is None and s.count("don_thu") == 0  # a new book, the first start follows
    finally:
        s.close()


# ------------------------------------------------------------ §15 tampered book
def test_check_sees_a_dropped_table_and_column(book, capsys):
    d, good = book
    conn = sqlite3.connect(d / "sodanvan.db")
    conn.execute("DROP TABLE hoat_dong")
    conn.execute("ALTER TABLE van_ban DROP COLUMN ghi_chu")
    conn.commit()
    conn.close()
    code, text = _run(capsys, d, "check")
    assert code == 1
    assert "Thiếu bảng hoat_dong." in text and "Bảng van_ban thiếu cột ghi_chu." in text
    assert str(good) in text
    res = backup.startup_check(d)
    assert res.problem == "corrupt" and res.newest_good == good and "thiếu bảng" in res.message


def test_a_malformed_setting_is_a_message_not_a_traceback(book, capsys, tmp_path):
    d, good = book
    conn = sqlite3.connect(d / "sodanvan.db")
    conn.execute("INSERT OR REPLACE INTO setting(key, value) VALUES ('bao_mat.mat_khau', '{\"salt\": ')")
    conn.commit()
    conn.close()
    code, text = _run(capsys, d, "check")
    assert code == 1 and "Cài đặt “bao_mat.mat_khau” bị hỏng" in text and str(good) in text
    code, text = _run(capsys, d, "export", "hoat_dong", "--out", str(tmp_path / "x.xlsx"))
    assert code == 1 and "bị hỏng" in text and "Traceback" not in text
    with pytest.raises(security.SecurityError, match="bị hỏng"):
        security.password_required(d)


def test_absurd_scrypt_parameters_are_refused_with_a_message(store, tmp_path, capsys, monkeypatch):
    store.create("hoat_dong", {"ngay": "01/02/2025", "chu_de": "Tuyên truyền"})
    security.set_password(store, PASSWORD)
    params = store.get_setting("bao_mat.mat_khau")
    d = store.data_dir
    store.close()
    for bad in ({**params, "n": 2 ** 40}, {**params, "n": 1000}, {**params, "salt": "%%%"},
                {k: v for k, v in params.items() if k != "check"}, [1, 2]):
        assert integrity.kdf_params_problem(bad)
        with pytest.raises(security.SecurityError, match="Thông số mật khẩu trong tệp dữ liệu bị hỏng"):
            security.key_from_params(bad, PASSWORD)
    assert integrity.kdf_params_problem(params) is None
    import json

    conn = sqlite3.connect(d / "sodanvan.db")
    conn.execute("UPDATE setting SET value=? WHERE key='bao_mat.mat_khau'", (json.dumps({**params, "n": 2 ** 40}),))
    conn.commit()
    conn.close()
    code, text = _run(capsys, d, "check")
    assert code == 1 and "Cài đặt mật khẩu bị hỏng: thông số n" in text
    monkeypatch.setenv("SODANVAN_PASSWORD", PASSWORD)
    code, text = _run(capsys, d, "export", "hoat_dong", "--out", str(tmp_path / "x.xlsx"))
    assert code == 1 and "bị hỏng" in text and "Traceback" not in text


# ------------------------------------------------------------ §18 read-only folder
@pytest.fixture
def read_only(monkeypatch):
    """The data folder cannot be written (root ignores permissions: the
    check that decides is told so; the book is then really opened mode=ro)."""
    from core.records import store as store_mod

    folders = []

    def writable(data_dir):
        return Path(data_dir).resolve() not in folders

    monkeypatch.setattr(store_mod, "folder_writable", writable)
    monkeypatch.setattr(integrity, "folder_writable", writable)
    return lambda d: folders.append(Path(d).resolve())


def _snapshot(d: Path) -> dict:
    return {p.relative_to(d).as_posix(): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in d.rglob("*")}


def test_reading_commands_rescue_the_data_from_a_read_only_folder(book, read_only, capsys, tmp_path):
    d, _ = book
    read_only(d)
    before = _snapshot(d)
    usb = tmp_path / "usb"
    code, text = _run(capsys, d, "backup", "--to", str(usb))
    assert code == 0 and "chỉ cho phép đọc" in text, text
    assert len(list(usb.glob("sodanvan_*.db"))) == 1
    code, text = _run(capsys, d, "export", "don_thu", "--out", str(usb / "don.xlsx"))
    assert code == 0, text
    assert openpyxl.load_workbook(usb / "don.xlsx").active.max_row == 3  # header + 2 petitions
    assert _run(capsys, d, "check")[0] == 0
    code, text = _run(capsys, d, "backup")  # into the folder itself: impossible, said so
    assert code == 1 and "backup --to" in text
    assert _snapshot(d) == before  # no log, no -wal/-shm, no lock file, nothing touched


def test_report_from_a_read_only_folder(book, read_only, capsys, tmp_path):
    d, _ = book
    read_only(d)
    before = _snapshot(d)
    out = tmp_path / "bc.docx"
    code, text = _run(capsys, d, "report", "--year", "2025", "--format", "docx", "--out", str(out))
    assert code == 0 and out.is_file(), text
    assert _snapshot(d) == before


def test_a_read_only_session_cannot_write_and_never_migrates(book, read_only):
    d, _ = book
    read_only(d)
    s = open_session(d, read_only=True)
    try:
        assert s.read_only and s.count("hoat_dong") == 1
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            s.create("hoat_dong", {"ngay": "01/02/2025", "chu_de": "Không ghi được"})
    finally:
        s.close()
    conn = sqlite3.connect(d / "sodanvan.db")  # as if made by an older version: one migration pending
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = (SELECT max(name) FROM _sqlite_migrations "
                 "WHERE migration_set='sodanvan.stats')")
    conn.commit()
    conn.close()
    with pytest.raises(PendingMigrationError, match="cần được nâng cấp"):
        open_session(d, read_only=True)


# ------------------------------------------------------------ §11 passwords
@pytest.mark.parametrize("argv", [
    ["restore", "x.db", "--password", "bi-mat-lo-ra"],
    ["import", "x.xlsx", "--password=bi-mat-lo-ra"],
    ["merge", "nguon", "--as-unit", "Nghĩa Hà", "--source-password", "bi-mat-lo-ra"],
    ["merge", "nguon", "--as-unit", "Nghĩa Hà", "--password", "bi-mat-lo-ra"],
])
def test_password_options_refuse_with_the_reason(tmp_path, capsys, argv):
    with pytest.raises(SystemExit) as e:
        main(["--data-dir", str(tmp_path), *argv])
    assert e.value.code == 2
    err = capsys.readouterr().err
    assert "không dùng --" in err and "danh sách tiến trình" in err and "gõ không hiện" in err
    assert "SODANVAN_" in err
    assert not (tmp_path / "sodanvan.db").exists()  # refused before anything ran


def test_restore_reads_the_password_from_stdin_or_the_environment(store, capsys, monkeypatch):
    store.create("hoat_dong", {"ngay": "01/02/2025", "chu_de": "Tuyên truyền"})
    security.set_password(store, PASSWORD)
    good = backup.make_backup(store, "manual")
    store.create("hoat_dong", {"ngay": "02/02/2025", "chu_de": "Sau bản sao lưu"})
    d = store.data_dir
    store.close()
    monkeypatch.delenv("SODANVAN_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin", io.StringIO("sai-mat-khau\n"))
    code, text = _run(capsys, d, "restore", str(good))
    assert code == 1 and "Mật khẩu không đúng" in text
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert _run(capsys, d, "restore", str(good))[0] == 0
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    monkeypatch.setenv("SODANVAN_PASSWORD", PASSWORD)
    assert _run(capsys, d, "restore", str(good))[0] == 0
    assert _count(d) == 1


# ------------------------------------------------------------ §9 full disk
def _limited(monkeypatch, spare_pages: int = 2):
    """Sessions opened from now on get SQLITE_FULL once the book grows by
    ``spare_pages`` pages: the disk is full."""
    import core.session as session

    real = session.open_store

    def open_store(*a, **k):
        s = real(*a, **k)
        if not s.read_only:
            s.migrate()
            s.conn.execute(f"PRAGMA max_page_count = {s.q1('PRAGMA page_count') + spare_pages}")
        return s

    monkeypatch.setattr(session, "open_store", open_store)


def test_demo_import_and_export_on_a_full_disk(tmp_path, capsys, monkeypatch):
    d = tmp_path / "data"
    s = open_session(d)
    s.create("unit", {"ten": "Nghĩa Phương", "loai": "xa", "is_current": 1})
    s.create("hoat_dong", {"ngay": "01/02/2025", "chu_de": "Có từ trước"})
    s.close()
    _limited(monkeypatch)
    code, text = _run(capsys, tmp_path / "mau", "demo", "--records", "300", "--years", "2025-2025")
    assert code == 1 and "Ổ đĩa đã đầy" in text and "Traceback" not in text

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Hoạt động"
    ws.append(["Ngày", "Chủ đề", "Số lượt người"])
    for i in range(300):
        ws.append(["03/02/2025", f"Tuyên truyền {i} " + "x" * 400, i])
    xlsx = tmp_path / "hd.xlsx"
    wb.save(xlsx)
    code, text = _run(capsys, d, "import", str(xlsx), "--valid-rows")
    assert code == 1 and "Ổ đĩa đã đầy" in text and "chưa nhập dòng nào" in text
    monkeypatch.undo()
    assert _count(d) == 1  # what was there is there; nothing half imported

    def full(self, filename):
        Path(filename).write_bytes(b"")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(openpyxl.Workbook, "save", full)
    out = tmp_path / "usb"
    out.mkdir()
    code, text = _run(capsys, d, "export", "hoat_dong", "--out", str(out / "hd.xlsx"))
    assert code == 1 and "Ổ đĩa đã đầy" in text
    assert list(out.iterdir()) == []  # no 0-byte .xlsx, no .part


def test_password_set_on_a_full_disk_is_a_message(store, capsys, monkeypatch):
    for i in range(30):
        store.create("hoat_dong", {"ngay": "01/02/2025", "chu_de": f"Tuyên truyền {i}"})
    d = store.data_dir
    store.close()

    def full_everywhere(*a, **k):
        raise OSError(errno.ENOSPC, "No space left on device", str(d / "sao_luu"))

    monkeypatch.setattr(security, "set_password", full_everywhere)
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{PASSWORD}\n{PASSWORD}\n"))
    code, text = _run(capsys, d, "password", "set")
    assert code == 1 and "Ổ đĩa đã đầy" in text and "Traceback" not in text
    assert not security.password_required(d)


# ------------------------------------------------------------ §8 documents
def _doc_with_controls():
    from core.report.document import Annex, Cell, Para, ReportDoc, Section, Table

    t = Table(title="Bảng\x0b1", header=[[Cell("Cột\x00 A"), Cell("Cột B")]],
              rows=[[Cell("Hàng\x0bmột\x07", align="left"), Cell("1\x1b")]], widths_cm=[8, 4])
    return ReportDoc(ten_co_quan="ỦY BAN NHÂN DÂN\nXÃ NGHĨA\x01 PHƯƠNG", trich_yeu="Kết quả\x0bcông tác\x00 dân vận",
                     kinh_gui=["UBND\x0c huyện"], noi_nhan=["Như trên\x02;"],
                     sections=[Section("I", "KẾT QUẢ\x0b", blocks=[Para("Văn bản: Kế hoạch\x0btuyên truyền\x00 năm\x1f "
                                                                        "2025 \ud800"), t])],
                     annexes=[Annex("Phụ lục\x0b", tables=[t])])


def test_docx_and_pdf_survive_control_characters(tmp_path):
    from docx import Document

    from core.report.docx_writer import write_docx
    from core.report.pdf_writer import write_pdf

    doc = _doc_with_controls()
    out = write_docx(doc, tmp_path / "bc.docx")
    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert "Văn bản: Kế hoạch\ntuyên truyền năm 2025" in text  # Shift+Enter a line break, NUL dropped
    assert write_pdf(doc, tmp_path / "bc.pdf").stat().st_size > 1000
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bc.docx", "bc.pdf"]


def test_a_full_disk_while_writing_a_report_leaves_no_temporary_file(tmp_path, monkeypatch):
    import docx.document

    from core.report.docx_writer import write_docx

    def full(self, path):
        Path(path).write_bytes(b"PK half a document")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(docx.document.Document, "save", full)
    with pytest.raises(OSError):
        write_docx(_doc_with_controls(), tmp_path / "bc.docx")
    assert list(tmp_path.iterdir()) == []
