"""Hostile files (issue 13, items 1 and 2): a backup, a merge source or a
tampered book whose ``dinh_kem.duong_dan`` points outside the data folder
(an absolute path, ``..``, a symbolic link, a Windows device name) never
makes the program read, copy, move or delete a file outside the data
folder's attachment tree (``core.records.attachments.resolve_attachment``).
The offending row is reported in Vietnamese and skipped."""
from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from safety_data import fill_records, setup_catalogue

from core.errors import UserError
from core.records.attachments import AttachmentPathError, attachment_problem, resolve_attachment
from core.safety import audit, backup, merge, secret_files
from core.safety import secrets as security
from core.session import open_session

PASSWORD = "mật-khẩu-xã-2025"
THESIS = b"Luan van thac si - ban duy nhat, khong co ban sao\n" * 50
LEGIT = b"Bien ban hoa giai thanh"

needs_symlinks = pytest.mark.skipif(os.name == "nt", reason="symbolic links need a privilege on Windows")


@pytest.fixture
def outside(tmp_path) -> Path:
    """A precious file of the clerk, outside every data folder."""
    f = tmp_path / "home" / "x" / "thesis.docx"
    f.parent.mkdir(parents=True)
    f.write_bytes(THESIS)
    return f


def _untouched(f: Path) -> bool:
    return f.is_file() and f.read_bytes() == THESIS


def _copies_of_thesis(folder: Path) -> list[Path]:
    """Files under ``folder`` holding the outside file's bytes (read, copied
    or moved in)."""
    return [p for p in folder.rglob("*") if p.is_file() and not p.is_symlink() and THESIS[:40] in p.read_bytes()]


def _plant_rows(db: Path, rows: list[tuple[str, int, str]]) -> list[int]:
    """Insert ``(record_kind, record_id, duong_dan)`` rows into a book or a
    backup file behind the program's back."""
    conn = sqlite3.connect(str(db))
    try:
        ids = [conn.execute("INSERT INTO dinh_kem(record_kind, record_id, ten_goc, duong_dan, kich_thuoc, sha256) "
                            "VALUES (?,?,?,?,?,NULL)", (k, rid, "thesis.docx", rel, len(THESIS))).lastrowid
               for k, rid, rel in rows]
        conn.commit()
    finally:
        conn.close()
    return ids


def _hostile(data_dir: Path, outside: Path, rid: int) -> dict[str, str]:
    """The crafted paths, as seen from ``data_dir``."""
    up = os.path.relpath(outside, data_dir).replace(os.sep, "/")
    return {
        "absolute": str(outside),
        "dotdot": up,  # ../home/x/thesis.docx
        "dotdot_inside": f"dinh_kem/don_thu/{rid}/../../../{up}",
        "device": f"dinh_kem/don_thu/{rid}/CON",
    }


# ------------------------------------------------------------ the one rule
@pytest.mark.parametrize("rel", [
    "dinh_kem/don_thu/1/0123456789ab_Biên bản.pdf",
    "dinh_kem/hoa_giai/2/0123456789ab.bin",
    "dinh_kem/don_thu/3/0123456789ab_a\\b.pdf",  # a Linux name with a backslash: still inside
])
def test_paths_inside_the_attachment_tree_resolve(tmp_path, rel):
    p = resolve_attachment(tmp_path, rel)
    assert p.is_relative_to((tmp_path / "dinh_kem").resolve())


@pytest.mark.parametrize("rel", [
    None, "", "   ", "/etc/passwd", "/tmp/thesis.docx", "C:/Users/x/thesis.docx", "c:thesis.docx",
    "\\\\server\\share\\x", "\\Windows\\win.ini", "../../x", "..\\..\\x", "dinh_kem/../sodanvan.db",
    "dinh_kem/don_thu/1/../../../../etc/passwd", "dinh_kem/don_thu/1/..\\..\\..\\..\\x", "dinh_kem//x",
    "dinh_kem/./x", "dinh_kem/x/.. ", "dinh_kem/CON", "dinh_kem/don_thu/1/nul.txt", "dinh_kem/x/COM1",
    "dinh_kem/x/lpt9.pdf", "dinh_kem/x/CON:stream", "dinh_kem/x/aux .txt", "CON", "sodanvan.db",
    "sao_luu/sodanvan_2025-01-01_000000_hang-ngay.db", "dinh_kem", "dinh_kem/x\x00y", "dinh_kem/a/C:x",
])
def test_paths_leaving_the_attachment_tree_are_refused(tmp_path, rel):
    with pytest.raises(AttachmentPathError) as e:
        resolve_attachment(tmp_path, rel)
    assert isinstance(e.value, UserError) and "không hợp lệ" in e.value.message()
    assert attachment_problem(tmp_path, rel) == e.value.message()


@needs_symlinks
def test_symbolic_links_are_followed_and_checked(tmp_path, outside):
    data = tmp_path / "data"
    d = data / "dinh_kem" / "don_thu" / "1"
    d.mkdir(parents=True)
    (d / "ra_ngoai.bin").symlink_to(outside)
    (d / "that.bin").write_bytes(LEGIT)
    (d / "ben_trong.bin").symlink_to(d / "that.bin")
    (data / "dinh_kem" / "lien_ket_thu_muc").symlink_to(outside.parent, target_is_directory=True)
    with pytest.raises(AttachmentPathError, match="liên kết"):
        resolve_attachment(data, "dinh_kem/don_thu/1/ra_ngoai.bin")
    with pytest.raises(AttachmentPathError):
        resolve_attachment(data, "dinh_kem/lien_ket_thu_muc/thesis.docx")
    assert resolve_attachment(data, "dinh_kem/don_thu/1/ben_trong.bin").read_bytes() == LEGIT
    # the attachment tree itself a link to elsewhere
    other = tmp_path / "other"
    other.mkdir()
    (other / "dinh_kem").symlink_to(outside.parent, target_is_directory=True)
    with pytest.raises(AttachmentPathError):
        resolve_attachment(other, "dinh_kem/thesis.docx")


# ------------------------------------------------- restore (item 1)
@pytest.fixture
def book(store, tmp_path):
    ids = setup_catalogue(store)
    recs = fill_records(store, ids)
    legit = tmp_path / "bien_ban.txt"
    legit.write_bytes(LEGIT)
    store.add_attachment("hoa_giai", recs["hg"], legit)
    return store, recs


def _crafted_backup(store, recs, tmp_path, outside) -> tuple[Path, dict]:
    """A manual backup on a USB stick, then edited: one row per hostile path
    on the tố cáo (whose files a restore converts: read, re-written, the
    old one deleted — the outside file was gone), plus a link in the
    stick's ``dinh_kem`` and a file named CON there."""
    usb = tmp_path / "usb"
    file = backup.make_backup(store, "manual", usb)
    paths = _hostile(store.data_dir, outside, recs["tocao"])
    rows = [("don_thu", recs["tocao"], p) for p in paths.values()]
    if os.name != "nt":
        link = usb / "dinh_kem" / "don_thu" / str(recs["tocao"]) / "0123456789ab_link.docx"
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(outside)
        rows.append(("don_thu", recs["tocao"], "dinh_kem/don_thu/%d/0123456789ab_link.docx" % recs["tocao"]))
        (usb / paths["device"]).parent.mkdir(parents=True, exist_ok=True)
        (usb / paths["device"]).write_bytes(b"not a device on Linux")
    _plant_rows(file, rows)
    return file, paths


@pytest.mark.parametrize("password", [None, PASSWORD], ids=["no-password", "password"])
def test_restoring_a_crafted_backup_never_touches_a_file_outside(book, tmp_path, outside, password):
    store, recs = book
    file, paths = _crafted_backup(store, recs, tmp_path, outside)
    if password:  # the clear backup is re-keyed on restore: its files read and re-written
        security.set_password(store, password)
    safety = security.restore(store, file)
    assert _untouched(outside)
    assert _copies_of_thesis(store.data_dir) == []
    stored = {r["duong_dan"] for r in store.q("SELECT duong_dan FROM dinh_kem")}
    assert not stored & set(paths.values())
    # reported: one Vietnamese line per row dropped
    assert len(safety.problems) == len(paths)
    assert all("không hợp lệ" in p for p in safety.problems)
    assert f"bỏ {len(paths)} tệp đính kèm" in audit.query(store, action="restore")[0]["ghi_chu"]
    assert safety.exists() and safety.name.endswith("_truoc-khoi-phuc.db")
    # the legitimate file came back, the book works, a re-key is harmless
    hg = store.attachments("hoa_giai", recs["hg"])
    assert len(hg) == 1 and store.attachment_path(hg[0]).read_bytes() == LEGIT
    if password:
        security.set_password(store, PASSWORD + "-moi", PASSWORD)
    else:
        security.set_password(store, PASSWORD)
    secret_files.flush_pending(store)
    assert _untouched(outside)


def test_recovering_from_a_crafted_backup_never_touches_a_file_outside(book, tmp_path, outside):
    store, recs = book
    file, paths = _crafted_backup(store, recs, tmp_path, outside)
    data = store.data_dir
    store.close()
    backup.recover(data, file)
    assert _untouched(outside)
    s = open_session(data)  # the start-of-session housekeeping converts the tố cáo's files
    try:
        assert not {r["duong_dan"] for r in s.q("SELECT duong_dan FROM dinh_kem")} & set(paths.values())
        assert _copies_of_thesis(data) == []
    finally:
        s.close()
    assert _untouched(outside)


def test_a_crafted_queue_of_files_to_delete_deletes_nothing_outside(book, outside):
    store, recs = book
    with store.transaction():
        secret_files.queue_unlink(store.conn, list(_hostile(store.data_dir, outside, recs["tocao"]).values()))
    assert secret_files.flush_pending(store) == 0
    assert _untouched(outside) and store.get_setting(secret_files.PENDING_SETTING) is None


# ------------------------------------- a tampered book: open, re-key, remove
def test_a_tampered_book_never_reads_moves_or_deletes_a_file_outside(book, tmp_path, outside):
    store, recs = book
    paths = _hostile(store.data_dir, outside, recs["tocao"])
    rows = [("don_thu", recs["tocao"], p) for p in paths.values()] + [("don_thu", recs["don1"], paths["absolute"])]
    if os.name != "nt":  # a link planted in the data folder's own attachment tree
        link = store.data_dir / "dinh_kem" / "don_thu" / str(recs["tocao"]) / "0123456789abcdef.bin"
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(outside)
        rows.append(("don_thu", recs["tocao"], link.relative_to(store.data_dir).as_posix()))
    ids = _plant_rows(store.path, rows)
    for i in ids:
        row = store.q("SELECT * FROM dinh_kem WHERE id=?", (i,))[0]
        with pytest.raises(AttachmentPathError):
            store.attachment_path(row)
        with pytest.raises(UserError):  # the logged reveal of a tố cáo's file
            secret_files.open_attachment(store, i)
    assert not list(secret_files.open_copies_dir(store.data_dir).rglob("*.docx"))
    # a change of kind and a re-key convert the tố cáo's files: the crafted rows are left alone
    store.update("don_thu", recs["tocao"], {"loai": "kien_nghi"})
    store.update("don_thu", recs["tocao"], {"loai": "to_cao"})
    security.set_password(store, PASSWORD)
    security.clear_password(store, PASSWORD)
    secret_files.flush_pending(store)
    assert _untouched(outside) and _copies_of_thesis(store.data_dir) == []
    # removing such a row removes the row only
    for i in ids:
        store.remove_attachment(i)
    assert _untouched(outside)
    assert not store.q1(f"SELECT count(*) FROM dinh_kem WHERE id IN ({','.join('?' * len(ids))})", ids)


@needs_symlinks
def test_a_backup_to_usb_never_copies_through_a_link(book, tmp_path, outside):
    store, recs = book
    rel = f"dinh_kem/hoa_giai/{recs['hg']}/0123456789ab_link.txt"
    (store.data_dir / rel).symlink_to(outside)
    _plant_rows(store.path, [("hoa_giai", recs["hg"], rel)])
    backup.make_backup(store, "manual", tmp_path / "usb")
    assert _copies_of_thesis(tmp_path / "usb") == [] and _untouched(outside)
    assert (tmp_path / "usb" / "dinh_kem" / "hoa_giai").is_dir()  # the legitimate file went


# ---------------------------------------------------------- merge (item 2)
@pytest.fixture
def hostile_source(tmp_path, outside):
    src_dir = tmp_path / "nguon"
    s = open_session(src_dir)
    try:
        s.create("unit", {"ten": "Nghĩa Hà", "loai": "xa", "is_current": 1})
        ids = setup_catalogue(s)
        recs = fill_records(s, ids)
        legit = tmp_path / "bien_ban.txt"
        legit.write_bytes(LEGIT)
        s.add_attachment("hoa_giai", recs["hg"], legit)
        s.add_attachment("don_thu", recs["tocao"], legit)
    finally:
        s.close()
    up = os.path.relpath(outside, src_dir).replace(os.sep, "/")
    rows = []
    for kind, rid in (("hoa_giai", recs["hg"]), ("don_thu", recs["tocao"])):
        rows += [(kind, rid, str(outside)), (kind, rid, up), (kind, rid, "../../../../../../../../etc/passwd"),
                 (kind, rid, f"dinh_kem/{kind}/{rid}/../../../{up}"), (kind, rid, f"dinh_kem/{kind}/{rid}/CON")]
        (src_dir / "dinh_kem" / kind / str(rid)).mkdir(parents=True, exist_ok=True)
        (src_dir / "dinh_kem" / kind / str(rid) / "CON").write_bytes(b"con")
        if os.name != "nt":
            link = src_dir / "dinh_kem" / kind / str(rid) / "0123456789ab_link.docx"
            link.symlink_to(outside)
            rows.append((kind, rid, link.relative_to(src_dir).as_posix()))
    if Path("/etc/passwd").is_file():
        rows.append(("hoa_giai", recs["hg"], "/etc/passwd"))
    _plant_rows(src_dir / "sodanvan.db", rows)
    return src_dir, len(rows)


@pytest.mark.parametrize("password", [None, PASSWORD], ids=["no-password", "password"])
def test_merge_never_copies_a_file_from_outside_the_source(store, hostile_source, outside, password):
    src_dir, n_bad = hostile_source
    if password:
        security.set_password(store, password)
    passwd = Path("/etc/passwd").read_bytes() if Path("/etc/passwd").is_file() else None
    r = merge.merge(store, src_dir, "Nghĩa Hà")
    assert r.attachments == 2  # the two legitimate files
    assert len(r.bad_attachments) == n_bad
    text = r.summary()
    assert f"Bỏ qua {n_bad} tệp đính kèm" in text and "không hợp lệ" in text
    assert _untouched(outside) and _copies_of_thesis(store.data_dir) == []
    if passwd:
        assert not [p for p in store.data_dir.rglob("*") if p.is_file() and passwd[:64] in p.read_bytes()]
    # the paths stored here are this book's own
    for row in store.q("SELECT * FROM dinh_kem"):
        store.attachment_path(row)
    # merging again: the same rows refused again, nothing new copied
    r2 = merge.merge(store, src_dir, "Nghĩa Hà")
    assert r2.attachments == 0 and len(r2.bad_attachments) == n_bad and _untouched(outside)
