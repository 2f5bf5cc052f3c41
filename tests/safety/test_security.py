"""Password, encryption at rest of tố cáo denouncers, reveal, audit log,
and the planted-name leak checks."""
from __future__ import annotations

import html
import json
import zipfile
from pathlib import Path

import pytest
from safety_data import DENOUNCER, DENOUNCER_ADDR, DENOUNCER_CCCD, DENOUNCER_PHONE, fill_records, setup_catalogue

from core.io import excel, exports
from core.records import secrecy
from core.safety import audit, backup, secret_fields
from core.safety import secrets as security
from core.session import open_session
from core.text import fold

PASSWORD = "mật-khẩu-xã-2025"
NEEDLES = [DENOUNCER, DENOUNCER_CCCD, DENOUNCER_PHONE, DENOUNCER_ADDR]


def _needles_bytes():
    out = []
    for n in NEEDLES + [fold(DENOUNCER), "Tố Giác", "to giac"]:
        out.append(n.encode("utf-8"))
        out.append(n.encode("utf-16-le"))
    return out


def _leaks(data: bytes) -> list[bytes]:
    return [n for n in _needles_bytes() if n in data]


def _xlsx_text(path: Path) -> bytes:
    """Every part of the .xlsx, XML character references resolved
    (openpyxl writes "ả" as "&#7843;")."""
    with zipfile.ZipFile(path) as z:
        return "".join(html.unescape(z.read(n).decode("utf-8", "replace")) for n in z.namelist()).encode("utf-8")


@pytest.fixture
def filled(store):
    audit.install(store)
    ids = setup_catalogue(store)
    recs = fill_records(store, ids)
    return store, recs


def test_password_never_stored_in_clear(filled):
    store, _ = filled
    security.set_password(store, PASSWORD)
    raw = json.dumps(store.get_setting(security.SETTING))
    assert PASSWORD not in raw and "scrypt" in raw
    db = store.path.read_bytes()
    assert PASSWORD.encode() not in db
    assert security.verify(store, PASSWORD) and not security.verify(store, "sai-mat-khau")
    assert security.password_required(store.data_dir)
    with pytest.raises(security.SecurityError, match="ít nhất"):
        security.set_password(store, "123", PASSWORD)
    with pytest.raises(security.SecurityError, match="không đúng"):
        security.set_password(store, "mat-khau-moi", "sai-mat-khau")


def test_identity_encrypted_at_rest_and_not_in_files(filled):
    store, recs = filled
    b_before = backup.make_backup(store, "daily")  # made while the name was still in clear
    assert _leaks(b_before.read_bytes())
    security.set_password(store, PASSWORD)
    raw = store.q("SELECT * FROM don_thu WHERE id=?", (recs["tocao"],))[0]
    assert all(raw[n] is None for n in secrecy.SECRET_FIELDS)
    assert raw["bi_mat"].startswith("v2:") and raw["sort_key"] == secrecy.SECRET_SORT_KEY
    assert DENOUNCER_CCCD not in json.dumps(raw, ensure_ascii=False)
    # other petitions keep their sender in clear (only tố cáo is secret)
    assert store.get("don_thu", recs["don1"])["ho_ten"] == "Nguyễn Văn An"
    # a record read back is masked; reveal is explicit and logged
    row = store.get("don_thu", recs["tocao"])
    assert row["ho_ten"] == secrecy.SECRET_MASK and row["cccd"] is None
    who = security.reveal(store, recs["tocao"])
    assert who["ho_ten"] == DENOUNCER and who["cccd"] == DENOUNCER_CCCD and who["thon_id"] is not None
    assert audit.query(store, action="reveal")[0]["ban_ghi_id"] == recs["tocao"]
    # new tố cáo written encrypted from the start
    rid = store.create("don_thu", {"ngay_nhan": "15/03/2025", "loai": "to_cao", "noi_dung": "Tố cáo lần hai",
                                   "ho_ten": DENOUNCER, "cccd": DENOUNCER_CCCD})
    assert store.q1("SELECT ho_ten FROM don_thu WHERE id=?", (rid,)) is None
    # not searchable
    assert store.search_ids("don_thu", "Tố Giác") == [] and store.search_ids("don_thu", DENOUNCER_CCCD) == []
    # the files: database + WAL after a checkpoint, and the automatic backups
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    for p in [store.path, Path(str(store.path) + "-wal")] + [b.path for b in backup.list_backups(store.data_dir)]:
        if p.exists():
            assert _leaks(p.read_bytes()) == [], p
    # …and the WAL while writing (before any checkpoint)
    store.update("don_thu", rid, {"noi_dung": "Tố cáo lần hai, bổ sung"})
    wal = Path(str(store.path) + "-wal")
    assert wal.exists() and _leaks(wal.read_bytes()) == []
    # the audit log never holds the identity
    log_text = json.dumps(store.q(f"SELECT * FROM {audit.AUDIT_TABLE}"), ensure_ascii=False)
    assert DENOUNCER not in log_text and DENOUNCER_CCCD not in log_text


def test_edit_without_reveal_keeps_identity_and_locked_store(filled, tmp_path):
    store, recs = filled
    security.set_password(store, PASSWORD)
    rid = recs["tocao"]
    store.update("don_thu", rid, {"noi_dung": "Nội dung đã sửa"})
    assert security.reveal(store, rid)["ho_ten"] == DENOUNCER
    # a partial edit without reveal keeps the fields it does not set
    store.update("don_thu", rid, {"cccd": "079999999999"})
    store.update("don_thu", rid, {"ho_ten": "Phạm Thị Tố Giác"})
    who = security.reveal(store, rid)
    assert who["cccd"] == "079999999999" and who["dien_thoai"] == DENOUNCER_PHONE
    # the editor, after a reveal, saves the whole identity: a field can be cleared
    who.update(ho_ten="Phạm Thị Tố Giác (sửa)", dien_thoai=None, cccd=DENOUNCER_CCCD)
    store.update("don_thu", rid, who)
    who = security.reveal(store, rid)
    assert who["ho_ten"] == "Phạm Thị Tố Giác (sửa)" and who["dien_thoai"] is None and who["cccd"] == DENOUNCER_CCCD
    upd = [r for r in audit.query(store, action="update", kind="don_thu") if r["ban_ghi_id"] == rid][0]
    assert upd["thay_doi"]["thong_tin_nguoi_to_cao"] == ["(bảo mật)", "(bảo mật)"]
    data_dir = store.data_dir
    store.close()
    # reopened without the password: masked, cannot reveal or write an identity
    s2 = security.install(open_session(data_dir))
    try:
        assert s2.get("don_thu", rid)["ho_ten"] == secrecy.SECRET_MASK
        with pytest.raises(security.SecurityError, match="mật khẩu"):
            security.reveal(s2, rid)
        with pytest.raises(security.SecurityError):
            s2.create("don_thu", {"ngay_nhan": "15/03/2025", "loai": "to_cao", "noi_dung": "x", "ho_ten": "Ai đó"})
        s2.update("don_thu", rid, {"ghi_chu": "sửa khi chưa mở khóa"})  # other fields can be edited
        with pytest.raises(security.SecurityError):  # …but not the kind of a tố cáo
            s2.update("don_thu", rid, {"loai": "kien_nghi"})
        assert not security.unlock(s2, "sai")
        assert security.unlock(s2, PASSWORD)
        assert security.reveal(s2, rid)["cccd"] == DENOUNCER_CCCD
        # a tố cáo turned into a kiến nghị: the sender back in clear, searchable
        other = s2.create("don_thu", {"ngay_nhan": "16/03/2025", "loai": "to_cao", "noi_dung": "Nhầm loại",
                                      "ho_ten": "Trần Văn Nhầm"})
        assert s2.search_ids("don_thu", "Nhầm") == [other]  # found by its content only
        s2.update("don_thu", other, {"loai": "kien_nghi"})
        assert s2.get("don_thu", other)["ho_ten"] == "Trần Văn Nhầm"
        assert s2.search_ids("don_thu", "Trần Văn") == [other]
        # clearing the password puts the identity back in clear
        security.clear_password(s2, PASSWORD)
        assert s2.get("don_thu", rid)["cccd"] == DENOUNCER_CCCD
        assert s2.q1("SELECT bi_mat FROM don_thu WHERE id=?", (rid,)) is None
        assert not security.password_required(data_dir)
    finally:
        s2.close()


def test_restore_of_an_old_clear_backup_keeps_the_password(filled):
    store, recs = filled
    old = backup.make_backup(store, "manual", store.data_dir.parent / "usb")  # USB copy: not re-keyed
    security.set_password(store, PASSWORD)
    safety = security.restore(store, old)
    assert security.is_set(store) and security.is_unlocked(store)
    assert store.q1("SELECT ho_ten FROM don_thu WHERE id=?", (recs["tocao"],)) is None
    assert security.reveal(store, recs["tocao"])["ho_ten"] == DENOUNCER
    assert _leaks(store.path.read_bytes()) == [] and _leaks(safety.read_bytes()) == []
    assert audit.query(store, action="restore")
    # a locked store cannot restore
    data_dir = store.data_dir
    store.close()
    s2 = security.install(open_session(data_dir))
    try:
        with pytest.raises(security.SecurityError, match="mật khẩu"):
            security.restore(s2, old)
    finally:
        s2.close()


def _planted_attachment(store, record_id, tmp_path) -> Path:
    """A scan whose NAME and CONTENT hold the planted denouncer."""
    src = tmp_path / f"Don to cao {DENOUNCER}.pdf"
    src.write_bytes(b"%PDF-1.4 " + f"{DENOUNCER} {DENOUNCER_CCCD} {DENOUNCER_ADDR}".encode("utf-8")
                    + DENOUNCER.encode("utf-16-le"))
    store.add_attachment("don_thu", record_id, src)
    return src


def _folder_leaks(folder: Path) -> list[str]:
    """Names and bytes of every file under ``folder``."""
    out = []
    for p in folder.rglob("*"):
        if "giac" in fold(str(p.relative_to(folder))):
            out.append(f"name {p}")
        if p.is_file() and _leaks(p.read_bytes()):
            out.append(f"bytes {p}")
    return out


def test_exports_never_contain_the_denouncer(filled, tmp_path):
    store, recs = filled
    _planted_attachment(store, recs["tocao"], tmp_path)
    for with_password in (False, True):
        if with_password:
            security.set_password(store, PASSWORD)
        p = tmp_path / f"don_{with_password}.xlsx"
        excel.export_kind(store, "don_thu", p)
        assert _leaks(_xlsx_text(p)) == []
        assert b"(b\xe1\xba\xa3o m\xe1\xba\xadt)" in _xlsx_text(p)  # "(bảo mật)"
        # the list as shown (core.records.listing) exported through export_rows
        from core.records import listing

        lr = listing.list_rows(store, "don_thu", listing.ListFilters(), "", None)
        headers, rows = lr[0], lr[1]
        q = tmp_path / f"list_{with_password}.xlsx"
        excel.export_rows(q, "Đơn thư", headers, rows)
        assert _leaks(_xlsx_text(q)) == []
        a = tmp_path / f"audit_{with_password}.xlsx"
        exports.export_audit_log(store, a)
        assert _leaks(_xlsx_text(a)) == []
    # the internal full export is the one exception, behind the password, logged
    with pytest.raises(security.SecurityError):
        exports.internal_full_export(store, tmp_path / "full.xlsx", "sai")
    n = exports.internal_full_export(store, tmp_path / "full.xlsx", PASSWORD)
    assert n == store.count("don_thu")
    assert DENOUNCER.encode() in _xlsx_text(tmp_path / "full.xlsx")
    assert audit.query(store, action="export_full")


def test_audit_log_query_filters_and_export(filled, tmp_path):
    store, recs = filled
    store.update("hoat_dong", recs["hd"], {"so_nguoi": 2000})
    store.delete("hoat_dong", recs["hd"])
    rows = audit.query(store, kind="hoat_dong")
    assert [r["hanh_dong"] for r in rows] == ["delete", "update", "create"]
    upd = rows[1]
    assert upd["thay_doi"] == {"so_nguoi": [1807, 2000]}
    assert audit.describe(store, upd) == "Số lượt người: 1807 → 2000"
    assert upd["nguoi"]
    store.set_setting(audit.USER_SETTING, "Nguyễn Thị Văn Thư")
    store.create("hoat_dong", {"ngay": "01/06/2025", "chu_de": "Tập huấn", "loai": "tap_huan"})
    assert audit.query(store, who="Nguyễn Thị Văn Thư")[0]["thay_doi"]["loai"] == [None, "tap_huan"]
    assert "Loại hoạt động: Tập huấn" in audit.describe(store, audit.query(store, who="Nguyễn Thị Văn Thư")[0])
    assert audit.count(store, action="create") == len(audit.query(store, action="create"))
    assert audit.query(store, tu_ngay="01/01/2000", den_ngay="01/01/2001") == []
    n = exports.export_audit_log(store, tmp_path / "nk.xlsx", kind="hoat_dong")
    assert n == 4


def _docx_text(path: Path) -> bytes:
    return _xlsx_text(path)  # a .docx is a zip of XML parts too


def _pdf_text(path: Path) -> bytes:
    import subprocess
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True)
    return out.stdout


@pytest.mark.parametrize("with_password", [False, True])
def test_planted_denouncer_in_no_report_docx_pdf_or_annex(tmp_path, with_password):
    """Demo data + planted tố cáo; the report of the year (with every
    annex) as DOCX and PDF never contains the denouncer's identity."""
    from cli import main

    d = tmp_path / "data"
    assert main(["--data-dir", str(d), "demo", "--records", "300", "--seed", "4"]) == 0
    s = open_session(d)
    try:
        year = s.q1("SELECT max(nam) FROM don_thu")
        for i in range(3):
            s.create("don_thu", {"ngay_nhan": f"0{i + 2}/03/{year}", "loai": "to_cao", "linh_vuc": "tham_nhung",
                                 "noi_dung": "Tố cáo cán bộ nhận tiền", "ho_ten": DENOUNCER, "cccd": DENOUNCER_CCCD,
                                 "dien_thoai": DENOUNCER_PHONE, "dia_chi": DENOUNCER_ADDR})
        security.install(s)
        _planted_attachment(s, s.q1("SELECT max(id) FROM don_thu WHERE loai='to_cao'"), tmp_path)
        for i in range(2):  # and a denouncer received in person (issue 13)
            vid = _visit(s, ngay_tiep=f"1{i}/03/{year}")
        scan = tmp_path / f"CCCD {VISITOR}.pdf"
        scan.write_bytes(b"%PDF " + f"{VISITOR} {VISITOR_CCCD}".encode())
        s.add_attachment("tiep_cong_dan", vid, scan)
        if with_password:
            security.set_password(s, PASSWORD)
        unit = s.current_unit()["ten"]
    finally:
        s.close()
    for fmt in ("docx", "pdf"):
        out = tmp_path / f"bao_cao.{fmt}"
        assert main(["--data-dir", str(d), "report", "--year", str(year), "--outline", "ket_qua",
                     "--format", fmt, "--out", str(out)]) == 0
        text = _docx_text(out) if fmt == "docx" else _pdf_text(out)
        assert unit.encode() in text  # the extraction works
        assert _all_leaks(text) == [], fmt
    if with_password:
        db = d / "sodanvan.db"
        assert _all_leaks(db.read_bytes()) == []
        # the book, -wal, backups, log, attachments (names and content), temp files: nothing
        assert _folder_leaks(d) == [] and _artifacts(d) == []
    else:  # no key: the content is in clear, but its name is in no path
        assert not [p for p in d.rglob("*") if "giac" in fold(p.name) or "tiep kin" in fold(p.name)]


def test_demo_and_report_open_no_network_socket(tmp_path, monkeypatch):
    import socket

    from cli import main

    opened = []

    def no_socket(*a, **k):
        opened.append(a)
        raise AssertionError("a network socket was opened")

    monkeypatch.setattr(socket, "socket", no_socket)
    monkeypatch.setattr(socket, "create_connection", no_socket)
    d = tmp_path / "data"
    assert main(["--data-dir", str(d), "demo", "--records", "200", "--seed", "2"]) == 0
    s = open_session(d)
    year = s.q1("SELECT max(nam) FROM don_thu")
    s.close()
    for fmt in ("docx", "pdf"):
        assert main(["--data-dir", str(d), "report", "--year", str(year), "--format", fmt,
                     "--out", str(tmp_path / f"r.{fmt}")]) == 0
    assert main(["--data-dir", str(d), "backup"]) == 0
    assert main(["--data-dir", str(d), "export", "don_thu", "--out", str(tmp_path / "d.xlsx")]) == 0
    assert opened == []


def test_internal_full_export_reimports_as_duplicates_with_password(filled, tmp_path):
    from core.io import importer

    store, _ = filled
    security.set_password(store, PASSWORD)
    p = tmp_path / "full.xlsx"
    n = exports.internal_full_export(store, p, PASSWORD)
    r = importer.import_xlsx(store, p)
    assert r.added == 0 and r.duplicates == n and not r.rejected
    # the masked export re-imports as duplicates too
    q = tmp_path / "masked.xlsx"
    excel.export_kind(store, "don_thu", q)
    r2 = importer.import_xlsx(store, q)
    assert r2.added == 0 and r2.duplicates == n and not r2.rejected


# ------------------------------------------- a tố cáo received in person (issue 13)
VISITOR = "Đoàn Thị Tiếp Kín"
VISITOR_CCCD = "051987654321"
VISITOR_PHONE = "0935777888"
VISITOR_ADDR = "Tổ 9 ngõ Vắng Vẻ"
VISITOR_NEEDLES = [VISITOR, VISITOR_CCCD, VISITOR_PHONE, VISITOR_ADDR]


def _visitor_leaks(data: bytes) -> list[bytes]:
    out = []
    for n in VISITOR_NEEDLES + [fold(VISITOR), fold(VISITOR_ADDR), "Tiếp Kín", "tiep kin"]:
        for b in (n.encode("utf-8"), n.encode("utf-16-le")):
            if b in data:
                out.append(b)
    return out


def _all_leaks(data: bytes) -> list[bytes]:
    return _leaks(data) + _visitor_leaks(data)


def _visit(store, ids=None, **extra) -> int:
    return store.create("tiep_cong_dan", {
        "ngay_tiep": "14/03/2025", "ho_ten": VISITOR, "cccd": VISITOR_CCCD, "dien_thoai": VISITOR_PHONE,
        "dia_chi": VISITOR_ADDR, "loai": "to_cao", "linh_vuc": "tham_nhung", "huong_xu_ly": "tiep_nhan_don",
        "noi_dung": "Tố cáo trực tiếp cán bộ thu tiền sai quy định", **extra})


def _artifacts(folder: Path) -> list[str]:
    """Every file under ``folder`` whose name or bytes hold a planted identity."""
    found = []
    for p in sorted(folder.rglob("*")):
        rel = str(p.relative_to(folder))
        if "giac" in fold(rel) or "tiep kin" in fold(rel):
            found.append(f"name {rel}")
        if p.is_file() and _all_leaks(p.read_bytes()):
            found.append(f"bytes {rel}")
    return found


@pytest.mark.parametrize("with_password", [False, True])
def test_a_denouncer_received_in_person_is_as_secret_as_in_writing(filled, tmp_path, with_password):
    from core.records import completion, listing

    store, recs = filled
    security.install(store)
    if with_password:
        security.set_password(store, PASSWORD)
    vid = _visit(store, thon_id=store.q1("SELECT id FROM thon LIMIT 1"))
    scan = tmp_path / f"CCCD {VISITOR}.pdf"
    scan.write_bytes(b"%PDF " + f"{VISITOR} {VISITOR_CCCD}".encode())
    store.add_attachment("tiep_cong_dan", vid, scan)
    store.update("tiep_cong_dan", vid, {"ghi_chu": "Đã hướng dẫn viết đơn"})
    raw = store.q("SELECT * FROM tiep_cong_dan WHERE id=?", (vid,))[0]
    assert raw["sort_key"] == secrecy.SECRET_SORT_KEY
    if with_password:  # encrypted, bound to the row; the clear columns empty
        assert raw["bi_mat"].startswith("v2:") and not raw["ho_ten"] and raw["cccd"] is None
    # read back masked; the reveal is explicit and logged
    row = store.get("tiep_cong_dan", vid)
    assert not with_password or (row["ho_ten"] == secrecy.SECRET_MASK and row["cccd"] is None)
    who = security.reveal(store, vid, "tiep_cong_dan")
    assert who["ho_ten"] == VISITOR and who["cccd"] == VISITOR_CCCD and who["dien_thoai"] == VISITOR_PHONE
    assert audit.query(store, action="reveal", kind="tiep_cong_dan")[0]["ban_ghi_id"] == vid
    # the list, its search and sort, the home page's due replies, a picker's label
    headers, rows = listing.list_rows(store, "tiep_cong_dan", listing.ListFilters(), "", None)
    assert [r for r in rows if secrecy.SECRET_MASK in r] and not _visitor_leaks(json.dumps(rows).encode())
    assert _visitor_leaks(json.dumps(rows, ensure_ascii=False).encode()) == []
    assert store.search_ids("tiep_cong_dan", "Tiếp Kín") == [] and store.search_ids("tiep_cong_dan", VISITOR_CCCD) == []
    assert store.search_ids("tiep_cong_dan", "thu tiền sai") == [vid]  # found by its content
    soon, late = listing.due_items(store, today=__import__("datetime").date(2025, 3, 20))
    assert all(VISITOR not in i.title for i in soon + late)
    assert VISITOR not in completion.label_of(store, "tiep_cong_dan", vid)
    assert all(a["ten_goc"] == secrecy.SECRET_MASK for a in store.attachments("tiep_cong_dan", vid))
    # Excel: the kind's export, the list as shown, the audit log
    for name, write in (("tcd.xlsx", lambda p: excel.export_kind(store, "tiep_cong_dan", p)),
                        ("list.xlsx", lambda p: excel.export_rows(p, "Tiếp công dân", headers, rows)),
                        ("audit.xlsx", lambda p: exports.export_audit_log(store, p))):
        write(tmp_path / name)
        assert _visitor_leaks(_xlsx_text(tmp_path / name)) == [], name
    assert b"(b\xe1\xba\xa3o m\xe1\xba\xadt)" in _xlsx_text(tmp_path / "tcd.xlsx")
    log_text = json.dumps(store.q(f"SELECT * FROM {audit.AUDIT_TABLE}"), ensure_ascii=False)
    assert _visitor_leaks(log_text.encode()) == []
    if with_password:
        # the internal full export is the one exception, behind the password, logged
        exports.internal_full_export(store, tmp_path / "full.xlsx", PASSWORD, kind="tiep_cong_dan")
        assert VISITOR.encode() in _xlsx_text(tmp_path / "full.xlsx")
        # the files: the book, its WAL (while writing and after a checkpoint), backups, attachments
        store.update("tiep_cong_dan", vid, {"ket_qua": "Đã chuyển đơn"})
        assert _visitor_leaks(Path(str(store.path) + "-wal").read_bytes()) == []
        backup.make_backup(store, "daily")
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        assert _artifacts(store.data_dir) == []


def test_a_visit_becoming_a_denunciation_and_back(filled):
    store, recs = filled
    security.set_password(store, PASSWORD)
    vid = store.create("tiep_cong_dan", {"ngay_tiep": "14/03/2025", "ho_ten": VISITOR, "cccd": VISITOR_CCCD,
                                         "loai": "kien_nghi", "noi_dung": "Hỏi về đất"})
    assert store.search_ids("tiep_cong_dan", "Tiếp Kín") == [vid]
    store.update("tiep_cong_dan", vid, {"loai": "to_cao"})
    assert store.q1("SELECT ho_ten FROM tiep_cong_dan WHERE id=?", (vid,)) == ""
    assert store.search_ids("tiep_cong_dan", "Tiếp Kín") == []
    assert security.reveal(store, vid, "tiep_cong_dan")["cccd"] == VISITOR_CCCD
    store.update("tiep_cong_dan", vid, {"loai": "kien_nghi"})
    assert store.get("tiep_cong_dan", vid)["ho_ten"] == VISITOR
    assert store.q1("SELECT bi_mat FROM tiep_cong_dan WHERE id=?", (vid,)) is None


def test_existing_clear_visits_are_protected_by_the_migration_and_the_unlock(tmp_path):
    """A book of the previous version: its tố cáo visits leave the search
    index and the name sort at the migration; with a password their
    identities (book and backups) are encrypted at the first unlock."""
    from core.records.store import open_store
    from core.safety import secret_files

    d = tmp_path / "data"
    s = open_session(d)
    s.create("unit", {"ten": "Nghĩa Phương", "loai": "xa", "is_current": 1})
    vid = _visit(s)
    security.set_password(s, PASSWORD)
    s.close()
    # back to the old schema: the identity in clear, in the search text and the sort
    raw = open_store(d, migrate=False)
    raw.conn.execute("UPDATE tiep_cong_dan SET ho_ten=?, cccd=?, dien_thoai=?, dia_chi=?, search_text=?, sort_key=? "
                     "WHERE id=?", (VISITOR, VISITOR_CCCD, VISITOR_PHONE, VISITOR_ADDR, fold(VISITOR), fold(VISITOR),
                                    vid))
    raw.conn.execute("ALTER TABLE tiep_cong_dan DROP COLUMN bi_mat")
    raw.conn.execute("DELETE FROM _sqlite_migrations WHERE name='m003_secret_reception'")
    raw.conn.execute("PRAGMA user_version = 0")
    raw.conn.execute("DELETE FROM setting WHERE key IN (?, ?)", (secret_files.BOUND_SETTING,
                                                                 secret_files.UPGRADE_SETTING_VISITS))
    raw.close()
    locked = open_session(d)  # migrated (after a backup), opened without the password
    try:
        assert locked.q1("SELECT sort_key FROM tiep_cong_dan WHERE id=?", (vid,)) == secrecy.SECRET_SORT_KEY
        assert locked.search_ids("tiep_cong_dan", "Tiếp Kín") == []
        assert any("mở chương trình bằng mật khẩu" in n for n in security.pending_notes(locked))
        assert backup.list_backups(d)  # the migration's backup, with the old clear identity
    finally:
        locked.close()
    s = open_session(d, password=PASSWORD)  # the first unlock encrypts it everywhere
    try:
        assert security.reveal(s, vid, "tiep_cong_dan")["ho_ten"] == VISITOR
        assert s.q1("SELECT bi_mat FROM tiep_cong_dan WHERE id=?", (vid,)).startswith("v2:")
        s.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        s.close()
    assert _artifacts(d) == []


# ------------------------------------------------ ciphertexts bound to their row (issue 13)
def test_a_swapped_ciphertext_is_refused_on_reveal(filled, tmp_path):
    store, recs = filled
    security.set_password(store, PASSWORD)
    other = store.create("don_thu", {"ngay_nhan": "13/03/2025", "loai": "to_cao", "noi_dung": "Tố cáo khác",
                                     "ho_ten": "Người Khác Hẳn", "cccd": "001122334455"})
    vid = _visit(store)
    blob = store.q1("SELECT bi_mat FROM don_thu WHERE id=?", (recs["tocao"],))
    reveals = audit.count(store, action="reveal")
    # one record's ciphertext copied onto another record, of the same kind or not
    store.conn.execute("UPDATE don_thu SET bi_mat=? WHERE id=?", (blob, other))
    store.conn.execute("UPDATE tiep_cong_dan SET bi_mat=? WHERE id=?", (blob, vid))
    for kind, rid in (("don_thu", other), ("tiep_cong_dan", vid)):
        with pytest.raises(security.SecurityError, match="không khớp") as e:
            security.reveal(store, rid, kind)
        assert _leaks(str(e.value).encode()) == [] and "Người Khác" not in str(e.value)
        assert security.identity(store, rid, kind) == {}  # nor used internally
    assert audit.count(store, action="reveal") == reveals  # nothing shown, nothing logged
    assert security.reveal(store, recs["tocao"])["ho_ten"] == DENOUNCER  # the original still opens
    # an attachment's name copied onto another record's attachment
    from core.safety import secret_files

    src = tmp_path / "a.pdf"
    src.write_bytes(b"%PDF one")
    a1 = store.add_attachment("don_thu", recs["tocao"], src)
    src.write_bytes(b"%PDF two")
    a2 = store.add_attachment("don_thu", other, src)
    r1 = store.q("SELECT * FROM dinh_kem WHERE id=?", (a1,))[0]
    store.conn.execute("UPDATE dinh_kem SET ten_goc=?, duong_dan=? WHERE id=?", (r1["ten_goc"], r1["duong_dan"], a2))
    with pytest.raises(security.SecurityError, match="không khớp"):
        secret_files.open_attachment(store, a2)
    assert secret_files.attachment_names(store, other) == {}
    # an unbound (v1) ciphertext planted in a book that is bound is refused too
    key = security.KEYS[store]
    store.conn.execute("UPDATE don_thu SET bi_mat=? WHERE id=?", (secret_fields._encrypt(key, {"ho_ten": "Giả"}), other))
    with pytest.raises(security.SecurityError, match="không khớp"):
        security.reveal(store, other)


def test_unbound_ciphertexts_of_an_older_book_are_bound_at_unlock(filled, tmp_path):
    from core.safety import secret_files

    store, recs = filled
    src = tmp_path / "scan.pdf"
    src.write_bytes(b"%PDF " + DENOUNCER.encode())
    store.add_attachment("don_thu", recs["tocao"], src)
    security.set_password(store, PASSWORD)
    key = security.KEYS[store]
    # as the previous version wrote them: v1, no binding, no flag
    who = security.identity(store, recs["tocao"])
    store.conn.execute("UPDATE don_thu SET bi_mat=? WHERE id=?", (secret_fields._encrypt(key, who), recs["tocao"]))
    att = store.q("SELECT * FROM dinh_kem")[0]
    meta = secret_files.decrypt_name(key, att)
    store.conn.execute("UPDATE dinh_kem SET ten_goc=? WHERE id=?",
                       (secret_files.encrypt_json(key, meta, secret_files._AAD_ATT_NAME), att["id"]))
    store.conn.execute("DELETE FROM setting WHERE key=?", (secret_files.BOUND_SETTING,))
    data_dir = store.data_dir
    store.close()
    s = open_session(data_dir)
    try:  # locked: still read as before, nothing converted
        assert s.q1("SELECT bi_mat FROM don_thu WHERE id=?", (recs["tocao"],)).startswith("v1:")
        assert security.unlock(s, PASSWORD)
        assert s.q1("SELECT bi_mat FROM don_thu WHERE id=?", (recs["tocao"],)).startswith("v2:")
        assert s.q1("SELECT ten_goc FROM dinh_kem").startswith("v2:")
        assert security.reveal(s, recs["tocao"])["cccd"] == DENOUNCER_CCCD
        assert secret_files.open_attachment(s, att["id"]).read_bytes() == b"%PDF " + DENOUNCER.encode()
        assert secret_files.is_bound(s.conn)
    finally:
        s.close()


# ------------------------------------------------------------ password strength
@pytest.mark.parametrize("weak", ["1234567", "12345678", "matkhau1", "Mật khẩu", "password", "PASSWORD2025",
                                  "aaaaaaaaaa", "nghiaphuong", "Nghĩa Phương 2025", "xanghiaphuong"])
def test_short_and_common_passwords_are_refused(store, weak):
    with pytest.raises(security.SecurityError) as e:
        security.set_password(store, weak)
    assert any(w in str(e.value) for w in ("ít nhất 8 ký tự", "quá phổ biến", "tên xã"))
    assert not security.is_set(store)


def test_a_good_password_is_accepted_and_the_cli_refuses_a_weak_one(store, capsys, monkeypatch):
    import io

    from cli import main

    data_dir = store.data_dir
    store.close()
    monkeypatch.setattr("sys.stdin", io.StringIO("123456789\n123456789\n"))
    assert main(["--data-dir", str(data_dir), "password", "set"]) == 1
    err = capsys.readouterr().err
    assert "quá phổ biến" in err and "Traceback" not in err
    assert not security.password_required(data_dir)
    monkeypatch.setattr("sys.stdin", io.StringIO("Đêm trăng Nghĩa Phương 7\nĐêm trăng Nghĩa Phương 7\n"))
    assert main(["--data-dir", str(data_dir), "password", "set"]) == 0
    assert security.password_required(data_dir)


# --------------------------------------------------------------- demo (issue 13)
def test_demo_on_a_book_with_a_password_asks_for_it_and_encrypts(tmp_path, monkeypatch, capsys):
    import io

    from cli import main

    d = tmp_path / "demo"
    assert main(["--data-dir", str(d), "demo", "--records", "120", "--seed", "5"]) == 0
    s = open_session(d)
    security.set_password(s, PASSWORD)
    count = s.count("don_thu")
    s.close()
    capsys.readouterr()
    # no password given: refused with a message, nothing written
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    monkeypatch.delenv("SODANVAN_PASSWORD", raising=False)
    assert main(["--data-dir", str(d), "demo", "--records", "120", "--seed", "6"]) == 1
    assert "mật khẩu" in capsys.readouterr().err
    s = open_session(d)
    assert s.count("don_thu") == count
    s.close()
    # a wrong one: refused too
    monkeypatch.setattr("sys.stdin", io.StringIO("sai-mat-khau-roi\n"))
    assert main(["--data-dir", str(d), "demo", "--records", "120", "--seed", "6"]) == 1
    # the password: the new tố cáo identities are written encrypted, bound to their rows
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert main(["--data-dir", str(d), "demo", "--records", "600", "--seed", "7"]) == 0
    s = open_session(d, password=PASSWORD)
    try:
        assert s.count("don_thu") > count
        ids = [r["id"] for r in s.q("SELECT id FROM don_thu WHERE loai='to_cao'")]
        assert ids and not s.q1("SELECT count(*) FROM don_thu WHERE loai='to_cao' AND (ho_ten IS NOT NULL OR "
                                "cccd IS NOT NULL OR dien_thoai IS NOT NULL OR dia_chi IS NOT NULL)")
        numbers = []
        for rid in ids:
            who = security.reveal(s, rid)
            numbers += [who[n] for n in ("cccd", "dien_thoai") if who.get(n)]
        assert numbers
        assert all(b.startswith("v2:") for b in (r["bi_mat"] for r in s.q(
            "SELECT bi_mat FROM don_thu WHERE loai='to_cao' AND bi_mat IS NOT NULL")))
        s.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        s.close()
    data = (d / "sodanvan.db").read_bytes()
    assert [n for n in numbers if n.encode() in data] == []


def test_a_to_cao_in_the_trash_is_encrypted_with_the_password_set_later(filled):
    """A tố cáo deleted (Thùng rác) before the password was set is re-keyed
    with the records in use: no identity left in clear in the book, its WAL
    or the backups; restored from the trash, it reveals as before."""
    from core.records import trash

    store, recs = filled
    store.trash("don_thu", recs["tocao"])
    assert _leaks(json.dumps(store.q("SELECT du_lieu FROM thung_rac"), ensure_ascii=False).encode())
    security.set_password(store, PASSWORD)
    payload = json.loads(store.q1("SELECT du_lieu FROM thung_rac WHERE ban_ghi_id=? AND loai='don_thu'",
                                  (recs["tocao"],)))
    assert payload["row"]["bi_mat"].startswith("v2:") and payload["row"]["ho_ten"] is None
    store.checkpoint()
    for p in [store.path, Path(str(store.path) + "-wal")] + [b.path for b in backup.list_backups(store.data_dir)]:
        if p.exists():
            assert _leaks(p.read_bytes()) == [], p
    tid = store.q1("SELECT id FROM thung_rac WHERE ban_ghi_id=? AND loai='don_thu'", (recs["tocao"],))
    trash.restore(store, tid)
    assert store.get("don_thu", recs["tocao"])["ho_ten"] == secrecy.SECRET_MASK
    assert security.reveal(store, recs["tocao"])["ho_ten"] == DENOUNCER


@pytest.mark.parametrize("with_password", [False, True])
def test_planted_denouncer_in_no_paper_book_or_issued_copy(filled, tmp_path, with_password):
    """Issue 14's outputs under the same grep: every paper a tố cáo (a letter
    and a visit) can be given through its life — receipt, proposal, transfer,
    reminder, acceptance notice, guidance, the reception reply and the receipt
    of documents — as DOCX and PDF, their issued copies kept in the book
    (``giay_to``), and the books of the year in DOCX, PDF and XLSX: no
    identity anywhere; with a password, nowhere in the database file either."""
    from core.papers import issued
    from core.papers.book_writers import write_book
    from core.papers.books import build_book
    from core.papers.registry import papers_for
    from core.report.docx_writer import write_docx
    from core.report.pdf_writer import write_pdf
    from core.report.periods import Period

    store, recs = filled
    if with_password:
        security.set_password(store, PASSWORD)
    visit = store.create("tiep_cong_dan", {
        "ngay_tiep": "12/03/2025", "ho_ten": DENOUNCER, "cccd": DENOUNCER_CCCD, "dia_chi": DENOUNCER_ADDR,
        "loai": "to_cao", "linh_vuc": "tham_nhung", "noi_dung": "Tố cáo cán bộ địa chính nhận tiền",
        "huong_xu_ly": "tiep_nhan_don", "tai_lieu_nhan": "Bản sao biên lai thu tiền\nẢnh chụp tin nhắn"})
    rid = recs["tocao"]
    states = [{"du_dieu_kien": 1, "huong_xu_ly": "chuyen", "ngay_xu_ly": "14/03/2025",
               "co_quan_nhan": "Thanh tra tỉnh"},
              {"huong_xu_ly": "huong_dan", "ngay_xu_ly": "14/03/2025", "co_quan_nhan": "Thanh tra tỉnh"},
              {"huong_xu_ly": "thu_ly", "ngay_xu_ly": "14/03/2025", "ngay_thu_ly": "15/03/2025",
               "co_quan_nhan": None}]
    made = set()
    outputs = []
    for values in [{}] + states:
        if values:
            store.update("don_thu", rid, values)
        for kind, record in (("don_thu", rid), ("tiep_cong_dan", visit)):
            for paper in papers_for(kind, store.get(kind, record)):
                if (kind, paper.key) in made:
                    continue
                made.add((kind, paper.key))
                doc = issued.reprint(store, issued.issue(store, paper.key, record).id)
                outputs += [write_docx(doc, tmp_path / f"{paper.key}.docx"), write_pdf(doc, tmp_path / f"{paper.key}.pdf")]
    assert {k for _, k in made} >= {"bien_nhan", "de_xuat", "chuyen_don", "don_doc", "huong_dan",
                                     "thong_bao_thu_ly", "tra_loi_tiep", "bien_nhan_tai_lieu"}
    for key in ("so_tiep_cong_dan", "so_xu_ly_don"):
        book = build_book(store, key, Period.year_(2025))
        outputs += [write_book(book, fmt, tmp_path / f"{key}.{fmt}") for fmt in ("docx", "pdf", "xlsx")]
    for path in map(Path, outputs):
        text = _pdf_text(path) if path.suffix == ".pdf" else _xlsx_text(path)
        text = b" ".join(text.split())  # a PDF line may break inside "(bảo mật)" or a name
        assert _leaks(text) == [], path.name
        assert "(bảo mật)".encode() in text, path.name
    kept = json.dumps(store.q("SELECT * FROM giay_to"), ensure_ascii=False).encode()
    assert len(store.q("SELECT id FROM giay_to")) == len(made) and _leaks(kept) == []
    if with_password:
        store.checkpoint()
        assert _leaks(Path(store.path).read_bytes()) == []
