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
from core.safety import audit, backup
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
    assert raw["bi_mat"].startswith("v1:") and raw["sort_key"] == secrecy.SECRET_SORT_KEY
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
        assert _leaks(text) == [], fmt
    if with_password:
        db = d / "sodanvan.db"
        assert _leaks(db.read_bytes()) == []
        assert _folder_leaks(d) == []  # the attachment's name and content included
    else:  # no key: the content is in clear, but its name is in no path
        assert not [p for p in d.rglob("*") if "giac" in fold(p.name)]


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
