"""Attachments of a tố cáo are secret like the denouncer's identity
(SPEC §3.1 confidentiality, §8): encrypted at rest with a password, stored
without their name, opened only through a logged reveal; password set /
change / clear, a change of kind, backups, restore and merge keep them
openable and nothing leaks."""
from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from safety_data import DENOUNCER, DENOUNCER_CCCD, fill_records, setup_catalogue

from core.safety import audit, backup, secret_files
from core.safety import secrets as security
from core.session import open_session
from core.text import fold

PASSWORD = "mật-khẩu-xã-2025"
NAME = f"Don to cao {DENOUNCER}.pdf"
CONTENT = (b"%PDF-1.4\n% scan of the handwritten letter\n" + f"Người tố cáo: {DENOUNCER}, CCCD {DENOUNCER_CCCD}\n"
           .encode("utf-8") + DENOUNCER.encode("utf-16-le") + bytes(range(256)) * 40)


def _needles() -> list[bytes]:
    out = []
    for n in (DENOUNCER, fold(DENOUNCER), DENOUNCER_CCCD, "Tố Giác", "to giac", "To Giac"):
        out += [n.encode("utf-8"), n.encode("utf-16-le")]
    return out


def _leaks_in_folder(folder: Path, content_only: bool = False) -> list[str]:
    """Every file under ``folder``: its path (name) and its bytes."""
    found = []
    for p in sorted(folder.rglob("*")):
        rel = str(p.relative_to(folder))
        if any(n.decode("utf-8", "ignore").lower() in rel.lower() for n in _needles()[::2]) or "giac" in fold(rel):
            found.append(f"name: {rel}")
        if p.is_file():
            data = p.read_bytes()
            hits = [n for n in _needles() if n in data]
            if hits:
                found.append(f"content: {rel} {hits[:1]}")
    return found


def _checkpoint(store):
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _src(tmp_path: Path, name: str = NAME, content: bytes = CONTENT) -> Path:
    d = tmp_path / "scans"
    d.mkdir(exist_ok=True)
    p = d / name
    p.write_bytes(content)
    return p


def _reveals(store) -> int:
    return audit.count(store, action="reveal")


def _open(store, att_id) -> tuple[Path, bytes]:
    p = secret_files.open_attachment(store, att_id)
    return p, p.read_bytes()


@pytest.fixture
def filled(store):
    audit.install(store)
    security.install(store)
    ids = setup_catalogue(store)
    recs = fill_records(store, ids)
    return store, recs


def test_round_trip_encrypted_on_disk_and_logged_reveal(filled, tmp_path):
    store, recs = filled
    security.set_password(store, PASSWORD)
    rid = recs["tocao"]
    aid = store.add_attachment("don_thu", rid, _src(tmp_path))
    # an ordinary petition's file is unchanged in behaviour: named path, clear name
    other = _src(tmp_path, "kien_nghi_duong.txt", b"Kien nghi sua duong")
    oid = store.add_attachment("don_thu", recs["don1"], other)
    o = store.attachments("don_thu", recs["don1"])[0]
    assert o["id"] == oid and o["ten_goc"] == "kien_nghi_duong.txt" and not o.get("bao_mat")
    assert store.attachment_path(o).name.endswith("_kien_nghi_duong.txt")
    assert store.attachment_path(o).read_bytes() == b"Kien nghi sua duong"
    # the secret one: masked in the list, encrypted row and file, no name in the path
    a = store.attachments("don_thu", rid)[0]
    assert a["id"] == aid and a["ten_goc"] == secret_files.ATT_MASK and a["bao_mat"] == 1
    raw = store.q("SELECT * FROM dinh_kem WHERE id=?", (aid,))[0]
    assert raw["ten_goc"].startswith("v2:") and raw["sha256"] is None and raw["kich_thuoc"] == len(CONTENT)
    path = store.attachment_path(raw)
    assert path.suffix == ".bin" and path.read_bytes().startswith(secret_files._FILE_MAGIC)
    assert CONTENT not in path.read_bytes()
    _checkpoint(store)
    assert _leaks_in_folder(store.data_dir) == []
    # reveal: logged, the exact bytes under the original name
    before = _reveals(store)
    p, data = _open(store, aid)
    assert data == CONTENT and p.name == NAME and p.parent.parent == secret_files.open_copies_dir(store.data_dir)
    last = audit.query(store, action="reveal")[0]
    assert _reveals(store) == before + 1 and last["ban_ghi_id"] == rid and last["loai"] == "don_thu"
    assert DENOUNCER not in (last["ghi_chu"] or "") and "Don to cao" not in (last["ghi_chu"] or "")
    assert secret_files.attachment_names(store, rid) == {aid: NAME}
    secret_files.cleanup_open_copies(store.data_dir)
    assert not secret_files.open_copies_dir(store.data_dir).exists()
    _checkpoint(store)
    assert _leaks_in_folder(store.data_dir) == []
    # removing it deletes the encrypted file
    store.remove_attachment(aid)
    assert not path.exists() and store.attachments("don_thu", rid) == []


def test_without_password_name_kept_out_of_paths_and_lists(filled, tmp_path):
    store, recs = filled
    rid = recs["tocao"]
    aid = store.add_attachment("don_thu", rid, _src(tmp_path))
    a = store.attachments("don_thu", rid)[0]
    assert a["ten_goc"] == secret_files.ATT_MASK and a["bao_mat"] == 1
    path = store.attachment_path(a)
    assert secret_files._NAMELESS.match(path.name) and path.read_bytes() == CONTENT  # no key: content in clear
    assert not [p for p in store.data_dir.rglob("*") if "giac" in fold(p.name)]
    before = _reveals(store)
    p, data = _open(store, aid)
    assert data == CONTENT and p.name == NAME and _reveals(store) == before + 1


def test_set_change_clear_password_rekeys_files_and_backups(filled, tmp_path):
    store, recs = filled
    rid = recs["tocao"]
    aid = store.add_attachment("don_thu", rid, _src(tmp_path))
    clear_path = store.attachment_path(store.attachments("don_thu", rid)[0])
    daily = backup.make_backup(store, "daily")  # an automatic backup referring to the clear file
    # set: file encrypted, the clear one deleted (the backup was re-keyed too)
    assert security.set_password(store, PASSWORD) == []
    raw1 = store.q("SELECT * FROM dinh_kem WHERE id=?", (aid,))[0]
    p1 = store.attachment_path(raw1)
    assert raw1["ten_goc"].startswith("v2:") and p1.exists() and not clear_path.exists()
    b = sqlite3.connect(daily)
    try:
        brow = b.execute("SELECT ten_goc, duong_dan FROM dinh_kem WHERE id=?", (aid,)).fetchone()
    finally:
        b.close()
    assert brow[0].startswith("v2:") and brow[1] == raw1["duong_dan"]
    _checkpoint(store)
    assert _leaks_in_folder(store.data_dir) == []
    assert store.get_setting(secret_files.PENDING_SETTING) is None
    # change: another key, another file; the old one is gone
    security.set_password(store, "mat-khau-moi-2026", PASSWORD)
    raw2 = store.q("SELECT * FROM dinh_kem WHERE id=?", (aid,))[0]
    p2 = store.attachment_path(raw2)
    assert raw2["ten_goc"] != raw1["ten_goc"] and p2 != p1 and not p1.exists()
    assert _open(store, aid)[1] == CONTENT
    secret_files.cleanup_open_copies(store.data_dir)
    _checkpoint(store)
    assert _leaks_in_folder(store.data_dir) == []
    # clear: back to clear content, still no name in the path, list still masked
    assert security.clear_password(store, "mat-khau-moi-2026") == []
    raw3 = store.q("SELECT * FROM dinh_kem WHERE id=?", (aid,))[0]
    p3 = store.attachment_path(raw3)
    assert raw3["ten_goc"] == NAME and secret_files._NAMELESS.match(p3.name) and p3.read_bytes() == CONTENT
    assert not p2.exists()
    assert raw3["sha256"] == hashlib.sha256(CONTENT).hexdigest()
    assert store.attachments("don_thu", rid)[0]["ten_goc"] == secret_files.ATT_MASK
    assert _open(store, aid)[1] == CONTENT


def test_kind_change_to_and_from_to_cao(filled, tmp_path):
    store, recs = filled
    security.set_password(store, PASSWORD)
    rid = store.create("don_thu", {"ngay_nhan": "14/03/2025", "loai": "kien_nghi", "noi_dung": "Kiến nghị",
                                   "ho_ten": "Lê Văn Đổi"})  # a kiến nghị: its file is ordinary
    aid = store.add_attachment("don_thu", rid, _src(tmp_path))
    named = store.attachment_path(store.attachments("don_thu", rid)[0])
    assert named.name.endswith(NAME) and store.attachments("don_thu", rid)[0]["ten_goc"] == NAME
    # becomes a tố cáo: encrypted in the same save, the named file deleted after
    store.update("don_thu", rid, {"loai": "to_cao"})
    raw = store.q("SELECT * FROM dinh_kem WHERE id=?", (aid,))[0]
    assert raw["ten_goc"].startswith("v2:") and store.attachments("don_thu", rid)[0]["bao_mat"] == 1
    assert store.get_setting(secret_files.PENDING_SETTING) == [named.relative_to(store.data_dir).as_posix()]
    assert secret_files.flush_pending(store) == 1 and not named.exists()
    assert _open(store, aid)[1] == CONTENT
    secret_files.cleanup_open_copies(store.data_dir)
    # back to kiến nghị: like the identity, the file goes back to clear with its name
    store.update("don_thu", rid, {"loai": "kien_nghi"})
    secret_files.flush_pending(store)
    a = store.attachments("don_thu", rid)[0]
    assert a["ten_goc"] == NAME and not a.get("bao_mat")
    assert store.attachment_path(a).name.endswith(NAME) and store.attachment_path(a).read_bytes() == CONTENT
    assert not store.attachment_path(raw).exists()


def test_kind_change_refused_while_locked_and_nothing_half_done(filled, tmp_path):
    store, recs = filled
    security.set_password(store, PASSWORD)
    aid = store.add_attachment("don_thu", recs["don2"], _src(tmp_path, "ghi_chu.txt", b"ghi chu"))
    data_dir = store.data_dir
    store.close()
    s2 = security.install(open_session(data_dir))
    try:
        with pytest.raises(security.SecurityError, match="mật khẩu"):
            s2.update("don_thu", recs["don2"], {"loai": "to_cao"})
        assert s2.get("don_thu", recs["don2"])["loai"] == "kien_nghi"
        assert s2.attachments("don_thu", recs["don2"])[0]["ten_goc"] == "ghi_chu.txt"
        # a locked store cannot add to a tố cáo, nor open its files
        with pytest.raises(security.SecurityError, match="mật khẩu"):
            s2.add_attachment("don_thu", recs["tocao"], _src(tmp_path))
        assert security.unlock(s2, PASSWORD)
        tid = s2.add_attachment("don_thu", recs["tocao"], _src(tmp_path))
        s2.close()
        s2 = security.install(open_session(data_dir))
        assert s2.attachments("don_thu", recs["tocao"])[0]["ten_goc"] == secret_files.ATT_MASK
        with pytest.raises(security.SecurityError, match="mật khẩu"):
            secret_files.open_attachment(s2, tid)
        assert secret_files.attachment_names(s2, recs["tocao"]) == {}
        assert security.unlock(s2, PASSWORD) and secret_files.open_attachment(s2, tid).read_bytes() == CONTENT
        assert aid
    finally:
        s2.close()


def test_backup_to_folder_and_restore_keep_them_openable(filled, tmp_path):
    store, recs = filled
    security.set_password(store, PASSWORD)
    rid = recs["tocao"]
    aid = store.add_attachment("don_thu", rid, _src(tmp_path))
    usb = tmp_path / "usb"
    b = backup.make_backup(store, "manual", usb)
    files = [p for p in (usb / "dinh_kem").rglob("*") if p.is_file()]
    assert len(files) == 1 and files[0].suffix == ".bin"  # copied as it is: encrypted
    assert _leaks_in_folder(usb) == []
    # the file lost from the data folder, then the USB backup restored
    p = store.attachment_path(store.q("SELECT * FROM dinh_kem WHERE id=?", (aid,))[0])
    store.remove_attachment(aid)
    assert not p.exists()
    security.restore(store, b)
    assert p.exists() and _open(store, aid)[1] == CONTENT
    # an automatic backup restored: the file it refers to was kept
    auto = backup.make_backup(store, "daily")
    aid2 = store.add_attachment("don_thu", rid, _src(tmp_path, "Thu lan 2 Tố Giác.jpg", b"JPEG" + CONTENT))
    security.restore(store, auto)
    assert [a["id"] for a in store.attachments("don_thu", rid)] == [aid]
    assert _open(store, aid)[1] == CONTENT and aid2


def test_restore_of_an_old_clear_backup_encrypts_its_files(filled, tmp_path):
    store, recs = filled
    rid = recs["tocao"]
    aid = store.add_attachment("don_thu", rid, _src(tmp_path))
    old = backup.make_backup(store, "manual", tmp_path / "usb")  # no password then
    security.set_password(store, PASSWORD)
    security.restore(store, old)
    raw = store.q("SELECT * FROM dinh_kem WHERE id=?", (aid,))[0]
    assert raw["ten_goc"].startswith("v2:")
    assert _open(store, aid)[1] == CONTENT


def test_deleting_a_to_cao_deletes_its_files(filled, tmp_path):
    store, recs = filled
    security.set_password(store, PASSWORD)
    rid = store.create("don_thu", {"ngay_nhan": "15/03/2025", "loai": "to_cao", "noi_dung": "Tố cáo khác", "nac_danh": 1})
    store.add_attachment("don_thu", rid, _src(tmp_path))
    p = store.attachment_path(store.q("SELECT * FROM dinh_kem WHERE record_id=? AND record_kind='don_thu'", (rid,))[0])
    store.delete("don_thu", rid)
    assert p.exists()  # deleted once nothing refers to it
    assert secret_files.flush_pending(store) == 1 and not p.exists()


def test_merge_decrypts_with_the_source_password_and_follows_this_store(tmp_path):
    from core.safety import merge

    src_dir = tmp_path / "cu"
    s = open_session(src_dir)
    try:
        s.create("unit", {"ten": "Nghĩa Hà", "loai": "xa", "is_current": 1})
        security.install(s)
        rid = s.create("don_thu", {"ngay_nhan": "12/03/2025", "loai": "to_cao", "noi_dung": "Tố cáo",
                                   "ho_ten": DENOUNCER})
        s.add_attachment("don_thu", rid, _src(tmp_path))
        security.set_password(s, "mat-khau-nguon")
    finally:
        s.close()
    dst = open_session(tmp_path / "moi")
    try:
        dst.create("unit", {"ten": "Nghĩa Phương", "loai": "xa", "is_current": 1})
        security.install(dst)
        security.set_password(dst, PASSWORD)
        with pytest.raises(merge.MergeError, match="mật khẩu"):
            merge.merge(dst, src_dir, "Nghĩa Hà")
        r = merge.merge(dst, src_dir, "Nghĩa Hà", source_password="mat-khau-nguon")
        assert r.attachments == 1
        new_rid = dst.q1("SELECT id FROM don_thu WHERE loai='to_cao'")
        att = dst.attachments("don_thu", new_rid)[0]
        assert att["ten_goc"] == secret_files.ATT_MASK
        assert dst.q1("SELECT ten_goc FROM dinh_kem WHERE id=?", (att["id"],)).startswith("v2:")
        assert secret_files.open_attachment(dst, att["id"]).read_bytes() == CONTENT
        assert secret_files.attachment_names(dst, new_rid) == {att["id"]: NAME}
        secret_files.cleanup_open_copies(dst.data_dir)
        _checkpoint(dst)
        assert [x for x in _leaks_in_folder(dst.data_dir) if "sao_luu" not in x] == []
    finally:
        dst.close()


def test_old_named_files_of_to_cao_converted_once_at_start(filled, tmp_path):
    """Data from before this protection: a tố cáo's file under its name."""
    store, recs = filled
    rid = recs["tocao"]
    rel = Path("dinh_kem") / "don_thu" / str(rid) / f"abcdef012345_{NAME}"
    (store.data_dir / rel).parent.mkdir(parents=True)
    (store.data_dir / rel).write_bytes(CONTENT)
    with store.transaction():
        store.conn.execute("INSERT INTO dinh_kem(record_kind, record_id, ten_goc, duong_dan, kich_thuoc, sha256) "
                           "VALUES ('don_thu', ?, ?, ?, ?, ?)", (rid, NAME, rel.as_posix(), len(CONTENT),
                                                               hashlib.sha256(CONTENT).hexdigest()))
        store.conn.execute("DELETE FROM setting WHERE key=?", (secret_files.UPGRADE_SETTING,))
    data_dir = store.data_dir
    store.close()
    s2 = security.install(open_session(data_dir))
    try:
        a = s2.q("SELECT * FROM dinh_kem WHERE record_id=? AND record_kind='don_thu'", (rid,))[0]
        assert secret_files._NAMELESS.match(Path(a["duong_dan"]).name) and not (data_dir / rel).exists()
        assert s2.get_setting(secret_files.UPGRADE_SETTING) == 1
    finally:
        s2.close()


def test_leftovers_cleaned_at_start_but_not_by_a_reader_beside_the_window(filled, tmp_path, other_program):
    """A half-written file (crash before the rename) and the decrypted copies
    are removed at the next start; a reading command run while the window
    holds the folder (``core.safety.instance``) touches neither."""
    store, recs = filled
    att_id = store.add_attachment("don_thu", recs["tocao"], _src(tmp_path))
    att = store.q("SELECT * FROM dinh_kem WHERE id=?", (att_id,))[0]
    copy, _ = _open(store, att_id)
    folder = (store.data_dir / att["duong_dan"]).parent
    partial = folder / ".dang-ghi-k3j2l1"
    partial.write_bytes(b"half of a file")
    data_dir = store.data_dir
    store.close()

    window = other_program(data_dir)
    reader = security.install(open_session(data_dir))  # e.g. ``backup`` beside the window
    reader.close()
    assert partial.exists() and copy.exists()
    window.kill()
    window.wait(10)
    s2 = security.install(open_session(data_dir))  # the next start
    try:
        assert not partial.exists() and not copy.exists()
        assert (data_dir / att["duong_dan"]).exists()  # the real file stays
    finally:
        s2.close()


# ------------------------------------------------------------ the editor
@pytest.mark.parametrize("password", [None, PASSWORD])
def test_editor_lists_masked_names_until_reveal_and_opens_a_logged_copy(qtbot, filled, tmp_path, monkeypatch,
                                                                       password):
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QDesktopServices
    from PySide6.QtWidgets import QApplication, QFileDialog

    from ui.editors import dialog as dialog_mod
    from ui.editors.dialog import EditorDialog

    store, recs = filled
    if password:
        security.set_password(store, password)
    rid = recs["tocao"]
    second = _src(tmp_path, f"CCCD {DENOUNCER}.jpg", b"\xff\xd8JPEG" + CONTENT)
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *a, **k: ([str(_src(tmp_path))], "")))
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url.toLocalFile()) or True))
    asked = []
    monkeypatch.setattr(dialog_mod, "ask", lambda parent, title, text, choices, default=None, icon=None:
                        asked.append(text) or "remove")
    dlg = EditorDialog(store, "don_thu", rid)
    qtbot.addWidget(dlg)
    dlg.resize(1000, 760)
    dlg.show()
    # the clerk adds the scanned letter with "Thêm tệp…", then a second one
    dlg.add_file_button.click()
    store.add_attachment("don_thu", rid, second)
    dlg._refresh_attachments()
    lst = dlg.attachment_list
    texts = [lst.item(i).text() for i in range(lst.count())]
    assert texts[0].startswith("Tệp 1 (bảo mật) (") and texts[1].startswith("Tệp 2 (bảo mật) (")
    assert not any("giác" in t.lower() or "Don to cao" in t for t in texts)
    assert dlg.open_file_button.text() == "Mở (ghi nhật ký)"
    dlg.scroll.ensureWidgetVisible(lst)
    QApplication.processEvents()  # pending layout requests (the button's new text)
    dlg.grab().save(str(tmp_path / "before.png"))
    # opening is a reveal: logged, a decrypted copy under the original name
    before = _reveals(store)
    lst.setCurrentRow(0)
    dlg.open_file_button.click()
    assert _reveals(store) == before + 1
    assert len(opened) == 1 and Path(opened[0]).name == NAME and Path(opened[0]).read_bytes() == CONTENT
    assert Path(opened[0]).is_relative_to(secret_files.open_copies_dir(store.data_dir))
    # the identity's reveal button also shows the file names
    dlg.reveal_button.click()
    assert _reveals(store) == before + 2
    texts = [lst.item(i).text() for i in range(lst.count())]
    assert texts[0].startswith(NAME + " (") and texts[1].startswith(f"CCCD {DENOUNCER}.jpg (")
    # a file added after the reveal shows its name too
    store.add_attachment("don_thu", rid, _src(tmp_path, "Bo sung.pdf", b"%PDF bo sung"))
    dlg._refresh_attachments()
    assert lst.count() == 3 and lst.item(2).text().startswith("Bo sung.pdf (")
    store.remove_attachment(lst.item(2).data(Qt.UserRole))
    dlg._refresh_attachments()
    QApplication.processEvents()
    dlg.grab().save(str(tmp_path / "after.png"))
    # saving and reloading hides them again
    assert dlg.save()
    assert lst.item(0).text().startswith("Tệp 1 (bảo mật)")
    # removing asks with the masked name
    lst.setCurrentRow(1)
    dlg.remove_file_button.click()
    assert asked and DENOUNCER not in asked[-1] and "Tệp 2 (bảo mật)" in asked[-1]
    assert len(store.attachments("don_thu", rid)) == 1
    secret_files.cleanup_open_copies(store.data_dir)
    if password:
        _checkpoint(store)
        assert _leaks_in_folder(store.data_dir) == []
    # an ordinary petition: plain names, opened directly
    dlg2 = EditorDialog(store, "don_thu", recs["don1"])
    qtbot.addWidget(dlg2)
    store.add_attachment("don_thu", recs["don1"], _src(tmp_path, "bien_ban.txt", b"bien ban"))
    dlg2._refresh_attachments()
    assert dlg2.attachment_list.item(0).text().startswith("bien_ban.txt (") and dlg2.open_file_button.text() == "Mở"
    n = _reveals(store)
    dlg2.open_file_button.click()
    assert opened[-1] == str(store.attachment_path(store.attachments("don_thu", recs["don1"])[0]))
    assert _reveals(store) == n
    assert dlg2.attachment_list.item(0).data(Qt.UserRole + 2) is False
    import os
    shots = os.environ.get("SECRET_ATT_SHOTS")
    if shots:
        import shutil
        for f in ("before.png", "after.png"):
            shutil.copy(tmp_path / f, Path(shots) / f"{'mk' if password else 'khong_mk'}_{f}")


def test_a_failure_half_way_changes_nothing_and_a_crash_after_commit_is_finished_at_start(filled, tmp_path,
                                                                                        monkeypatch):
    store, recs = filled
    rid = recs["tocao"]
    a1 = store.add_attachment("don_thu", rid, _src(tmp_path))
    a2 = store.add_attachment("don_thu", rid, _src(tmp_path, "Thu hai.pdf", b"%PDF second " + CONTENT))
    before = {r["id"]: dict(r) for r in store.q("SELECT * FROM dinh_kem")}
    files_before = sorted(p for p in store.data_dir.joinpath("dinh_kem").rglob("*") if p.is_file())
    real_write = secret_files._write_file
    calls = []

    def failing_write(dest, data):
        calls.append(dest)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real_write(dest, data)

    monkeypatch.setattr(secret_files, "_write_file", failing_write)
    with pytest.raises(security.SecurityError, match="chưa có gì thay đổi"):
        security.set_password(store, PASSWORD)
    # nothing changed: no password, same rows, same files (the first new file removed again)
    assert not security.is_set(store)
    assert {r["id"]: dict(r) for r in store.q("SELECT * FROM dinh_kem")} == before
    assert sorted(p for p in store.data_dir.joinpath("dinh_kem").rglob("*") if p.is_file()) == files_before
    assert _open(store, a1)[1] == CONTENT
    monkeypatch.setattr(secret_files, "_write_file", real_write)
    # a crash right after the commit (the replaced clear files not deleted yet) …
    monkeypatch.setattr(secret_files, "flush_pending", lambda store: 0)
    security.set_password(store, PASSWORD)
    assert all(p.exists() for p in files_before) and store.get_setting(secret_files.PENDING_SETTING)
    monkeypatch.undo()
    data_dir = store.data_dir
    store.close()
    # … is finished at the next start
    s2 = security.install(open_session(data_dir))
    try:
        assert not any(p.exists() for p in files_before) and s2.get_setting(secret_files.PENDING_SETTING) is None
        assert not secret_files.open_copies_dir(data_dir).exists()  # the copies of the last session removed
        assert security.unlock(s2, PASSWORD)
        assert secret_files.open_attachment(s2, a2).read_bytes() == b"%PDF second " + CONTENT
        secret_files.cleanup_open_copies(data_dir)
        s2.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        assert _leaks_in_folder(data_dir) == []
    finally:
        s2.close()
