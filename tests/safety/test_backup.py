"""Backups, restore, integrity checks, newer/locked/read-only files."""
from __future__ import annotations

import datetime as dt
import hashlib
import random
import sqlite3
from pathlib import Path

import pytest

from core.records.store import StoreError
from core.safety import backup, integrity
from core.session import open_session


def _fill(store, n=3):
    ids = []
    for i in range(n):
        ids.append(store.create("hoat_dong", {"ngay": "01/02/2025", "chu_de": f"Tuyên truyền {i}", "so_nguoi": 10 + i}))
    store.create("tiep_cong_dan", {"ngay_tiep": "03/02/2025", "ho_ten": "Trần Thị Bình", "noi_dung": "Hỏi về đất"})
    store.create("doi_thoai", {"ngay": "10/04/2025", "chu_de": "Đối thoại đất đai",
                               "y_kien": [{"linh_vuc": "dat_dai", "so_luong": 3}]})
    return ids


def _dump(store):
    out = {}
    for t in ("hoat_dong", "tiep_cong_dan", "doi_thoai", "doi_thoai_y_kien", "unit"):
        out[t] = store.q(f"SELECT * FROM {t} ORDER BY id")
    return out


def _sha(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def test_backup_describe_restore_round_trip(store):
    _fill(store)
    before = _dump(store)
    b = backup.make_backup(store, "manual")
    info = backup.describe_backup(b)
    assert info["ok"] and not info["newer"]
    assert info["counts"]["hoat_dong"] == 3 and info["counts"]["tiep_cong_dan"] == 1
    assert info["counts"]["don_thu"] == 0 and info["unit"] == "Nghĩa Phương"
    assert info["schema_version"] == store.schema_version
    # the backup is self-contained (no -wal needed) and passes integrity_check
    assert not Path(str(b) + "-wal").exists()
    assert integrity.integrity_check(b).ok
    # change things, then restore
    store.create("hoat_dong", {"ngay": "02/02/2025", "chu_de": "Sau sao lưu"})
    store.delete("tiep_cong_dan", store.q1("SELECT id FROM tiep_cong_dan"))
    changed = _dump(store)
    safety = backup.restore(store, b)
    assert _dump(store) == before
    # the data replaced was kept as a backup first
    assert safety.exists() and backup.describe_backup(safety)["counts"]["hoat_dong"] == 4
    assert backup.list_backups(store.data_dir)[0].reason == "restore"
    # the open store keeps working after the restore, and a restore back works
    store.create("hoat_dong", {"ngay": "05/02/2025", "chu_de": "Sau khôi phục"})
    assert store.count("hoat_dong") == 4
    backup.restore(store, safety)
    assert _dump(store) == changed
    assert integrity.integrity_check(store.path).ok


def test_manual_backup_to_folder_copies_attachments(store, tmp_path):
    rid = _fill(store)[0]
    f = tmp_path / "bien_ban.txt"
    f.write_text("biên bản", encoding="utf-8")
    store.add_attachment("hoat_dong", rid, f)
    usb = tmp_path / "usb"
    b = backup.make_backup(store, "manual", usb)
    assert b.parent == usb and b.name.endswith("_thu-cong.db")
    assert list((usb / "dinh_kem").rglob("*bien_ban.txt"))


def test_daily_backup_once_a_day_and_rotation(store):
    _fill(store)
    day = dt.datetime(2025, 6, 1, 8, 0, 0)
    assert backup.daily_backup(store, now=day) is not None
    assert backup.daily_backup(store, now=day.replace(hour=9)) is None
    assert backup.exit_backup(store, now=day.replace(hour=17)) is not None
    # 400 days of daily + exit backups, as if the app ran every day
    d = backup.backup_dir(store.data_dir)
    src = backup.list_backups(store.data_dir)[0].path
    for i in range(1, 400):
        when = day + dt.timedelta(days=i)
        for h, reason in ((8, "daily"), (12, "exit"), (17, "exit")):
            p = backup._backup_name(d, reason, when.replace(hour=h))
            p.write_bytes(src.read_bytes())
    backup.rotate(store.data_dir, None, (day + dt.timedelta(days=399)).date())
    left = backup.list_backups(store.data_dir)
    days = {b.when.date() for b in left}
    months = {(b.when.year, b.when.month) for b in left}
    last = (day + dt.timedelta(days=399)).date()
    # the last 7 days each keep their first and last backup (and the 2
    # newest files are always kept)
    assert sorted(b.when.hour for b in left if b.when.date() == last) == [8, 12, 17]
    for i in range(1, 7):
        same = [b for b in left if b.when.date() == last - dt.timedelta(days=i)]
        assert sorted(b.when.hour for b in same) == [8, 17]
    assert len(months) == 12 and len(days) <= 7 + 12
    assert len(left) <= 7 * 2 + 12 + 1
    # size cap: oldest removed first, the 2 newest always kept
    size = left[0].size
    backup.rotate(store.data_dir, size * 5)
    left2 = backup.list_backups(store.data_dir)
    assert len(left2) == 5 and left2[0].path == left[0].path
    backup.rotate(store.data_dir, 1)
    assert len(backup.list_backups(store.data_dir)) == 2


def test_backup_before_migration(store, monkeypatch):
    from sqlite_utils import Migrations

    from core.records import schema

    _fill(store)
    data_dir = store.data_dir
    store.close()
    extra = Migrations("sodanvan.test_future")

    @extra()
    def m001_add_table(db):
        db.execute("CREATE TABLE test_extra (id INTEGER PRIMARY KEY)")

    monkeypatch.setattr(schema, "MIGRATION_SETS", schema.MIGRATION_SETS + [extra])
    s = open_session(data_dir)
    try:
        bs = backup.list_backups(data_dir)
        assert [b.reason for b in bs] == ["migrate"]
        info = backup.describe_backup(bs[0].path)
        assert info["counts"]["hoat_dong"] == 3
        assert not sqlite3.connect(bs[0].path).execute(
            "SELECT 1 FROM sqlite_master WHERE name='test_extra'").fetchall()
    finally:
        s.close()


def _corrupt(path: Path, how: str):
    data = bytearray(path.read_bytes())
    if how == "header":
        data[0:16] = b"NOT A DATABASE!!"
    else:  # scribble over every page after the schema page
        page = 4096
        rng = random.Random(7)
        for off in range(2 * page, len(data), page):
            data[off + 100: off + 1000] = rng.randbytes(900)
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("how", ["pages", "header"])
def test_corrupt_file_guided_restore_from_newest_good_backup(store, how):
    _fill(store, 40)
    good = backup.make_backup(store, "daily", now=dt.datetime(2025, 6, 1, 8))
    store.create("hoat_dong", {"ngay": "02/02/2025", "chu_de": "Ghi sau bản sao lưu tốt"})
    newer_good = backup.make_backup(store, "exit", now=dt.datetime(2025, 6, 1, 17))
    # the newest backup is itself damaged: the finder must skip it
    bad = backup.make_backup(store, "daily", now=dt.datetime(2025, 6, 2, 8))
    _corrupt(bad, "header")
    data_dir = store.data_dir
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    _corrupt(data_dir / "sodanvan.db", how)

    res = backup.startup_check(data_dir)
    assert not res.ok and res.problem == "corrupt"
    assert "bị hỏng" in res.message and "sao lưu" in res.message
    assert res.newest_good == newer_good != good
    aside = backup.recover(data_dir, res.newest_good)
    assert list(aside.glob("sodanvan.db"))  # the damaged file is kept
    assert backup.startup_check(data_dir).ok
    s = open_session(data_dir)
    try:
        assert s.count("hoat_dong") == 41
    finally:
        s.close()


def test_store_error_messages_are_vietnamese(tmp_path):
    from core.records.store import _explain_open_error

    p = tmp_path / "sodanvan.db"
    assert "chương trình khác" in _explain_open_error(p, sqlite3.OperationalError("database is locked"))
    assert "chỉ cho phép đọc" in _explain_open_error(p, sqlite3.OperationalError("attempt to write a readonly database"))
    (tmp_path / "sodanvan.db").write_bytes(b"garbage" * 1000)
    with pytest.raises(StoreError, match="hỏng"):
        open_session(tmp_path)


def test_background_daily_backup_while_the_clerk_writes(store):
    _fill(store, 200)
    t = backup.daily_backup(store, background=True)
    for i in range(50):  # the window keeps working meanwhile
        store.create("hoat_dong", {"ngay": "03/02/2025", "chu_de": f"Trong lúc sao lưu {i}"})
    t.join(30)
    (b,) = backup.list_backups(store.data_dir)
    assert b.reason == "daily" and integrity.integrity_check(b.path).ok
    assert 200 <= backup.describe_backup(b.path)["counts"]["hoat_dong"] <= 250
    assert store.count("hoat_dong") == 250


def test_cli_backup_check_restore(tmp_path, capsys):
    from cli import main

    d = tmp_path / "data"
    s = open_session(d)
    s.create("unit", {"ten": "Nghĩa Phương", "loai": "xa", "is_current": 1})
    _fill(s, 4)
    s.close()
    assert main(["--data-dir", str(d), "backup", "--to", str(tmp_path / "usb")]) == 0
    out = capsys.readouterr().out
    assert "Đã sao lưu vào" in out and "Hoạt động tuyên truyền, tập huấn, kiểm tra: 4" in out
    assert main(["--data-dir", str(d), "check"]) == 0
    assert "nguyên vẹn" in capsys.readouterr().out
    s = open_session(d)
    backup.make_backup(s, "daily")
    s.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    s.close()
    _corrupt(d / "sodanvan.db", "header")
    assert main(["--data-dir", str(d), "check"]) == 1
    err = capsys.readouterr().err
    assert "bị hỏng" in err and "restore" in err
    (usb_file,) = (tmp_path / "usb").glob("*.db")
    assert main(["--data-dir", str(d), "restore", str(usb_file)]) == 0
    assert "đã khôi phục" in capsys.readouterr().out.lower()
    assert main(["--data-dir", str(d), "check"]) == 0
    assert main(["--data-dir", str(d), "restore", str(tmp_path / "khong_co.db")]) == 1


def test_paths_with_spaces_percent_and_vietnamese(tmp_path):
    d = tmp_path / "Thư mục có dấu cách & 100% ?#" / "data"
    s = open_session(d)
    try:
        s.create("unit", {"ten": "Nghĩa Phương", "loai": "xa", "is_current": 1})
        b = backup.make_backup(s, "manual")
        assert backup.describe_backup(b)["ok"] and backup.startup_check(d).ok
        assert backup.restore(s, b).exists()
    finally:
        s.close()


# ------------------------------------- killed backups (issue 13, item 13)
def _run_child(code: str, *args: str):
    """Run ``code`` in a child Python that dies with ``os._exit`` (kill -9:
    no cleanup, no finally) at the point the code chooses."""
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    subprocess.run([sys.executable, "-c", f"import sys; sys.path.insert(0, {str(root)!r})\n" + code, *args],
                   check=False, timeout=60)


def test_leftovers_of_a_killed_backup_are_removed_by_the_next_backup(store):
    import os
    import time

    _fill(store, 50)
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    # a backup killed after the copy was written, before its rename
    _run_child("import os\n"
               "from core.session import open_session\n"
               "from core.safety import backup\n"
               "s = open_session(sys.argv[1])\n"
               "backup.os.replace = lambda *a: os._exit(9)\n"
               "backup.make_backup(s, 'daily')\n", str(store.data_dir))
    folder = backup.backup_dir(store.data_dir)
    parts = sorted(folder.glob("sodanvan_*.db.part*"))
    assert parts and not backup.list_backups(store.data_dir)
    # …and what an earlier killed copy left beside it, SQLite's journal included
    for name in ("sodanvan_2026-01-02_080000_hang-ngay.db.part", "sodanvan_2026-01-02_080000_hang-ngay.db.part-journal"):
        (folder / name).write_bytes(b"\0" * 34_000)
        parts.append(folder / name)
    (folder / ".ban-doc-tam-abc").mkdir()
    (folder / ".ban-doc-tam-abc" / "sodanvan_x.db").write_bytes(b"x")
    parts.append(folder / ".ban-doc-tam-abc")
    old = time.time() - 3600
    for p in parts:
        os.utime(p, (old, old))
    # a copy another process is writing right now is left alone
    fresh = folder / "sodanvan_2026-12-05_080000_khi-thoat.db.part"
    fresh.write_bytes(b"being written")
    keep = folder / "sodanvan_ghi-chu.txt"  # not ours
    keep.write_text("x")
    b = backup.make_backup(store, "daily")
    assert [p for p in parts if p.exists()] == []
    assert fresh.exists() and keep.exists() and b.exists()
    assert integrity.integrity_check(b).ok
    # rotation removes the rest once it is old
    os.utime(fresh, (old, old))
    backup.rotate(store.data_dir)
    assert not fresh.exists()


def _journal_left_by_a_killed_rekey(file: Path):
    """What a re-encryption of an automatic backup killed midway leaves: the
    backup changed in place and its rollback journal beside it."""
    _run_child("import os, sqlite3\n"
               "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
               "c.execute('PRAGMA cache_size = 1')\n"
               "c.execute('BEGIN')\n"
               "c.execute(\"UPDATE hoat_dong SET chu_de = 'v1:' || hex(randomblob(200))\")\n"
               "c.execute(\"UPDATE tiep_cong_dan SET ho_ten = '(bảo mật)'\")\n"
               "os._exit(9)\n", str(file))
    assert Path(str(file) + "-journal").stat().st_size > 0


@pytest.mark.parametrize("where", ["sao_luu", "usb"])
def test_a_backup_with_a_leftover_journal_is_described_and_restored(store, tmp_path, where):
    _fill(store, 40)
    before = _dump(store)
    b = backup.make_backup(store, "daily" if where == "sao_luu" else "manual",
                           None if where == "sao_luu" else tmp_path / "usb")
    _journal_left_by_a_killed_rekey(b)
    journal = Path(str(b) + "-journal")
    shas = (_sha(b), _sha(journal))
    info = backup.describe_backup(b)
    assert info["ok"], info["error"]  # was: "… chỉ cho phép đọc …"
    assert info["counts"]["hoat_dong"] == 40
    assert backup.check_backup(b).ok
    if where == "sao_luu":
        assert backup.newest_good_backup(store.data_dir) == b
    store.create("hoat_dong", {"ngay": "05/02/2025", "chu_de": "Sau khi sao lưu"})
    safety = backup.restore(store, b)
    assert safety.problems == ()
    assert _dump(store) == before  # the backup as it was before the killed re-key
    # the backup and its journal untouched (a read-only stick reads the same), no private copy left
    assert (_sha(b), _sha(journal)) == shas
    assert not list(b.parent.glob(".ban-doc-tam-*"))


def test_restoring_a_file_that_cannot_be_rolled_back_says_so(store, tmp_path):
    _fill(store)
    usb = tmp_path / "usb"
    b = backup.make_backup(store, "manual", usb)
    Path(str(b) + "-journal").write_bytes(b"\xd9\xd5\x05\xf9\x20\xa1\x63\xd7" + b"\xff" * 600)
    b.write_bytes(b"garbage" * 500)
    info = backup.describe_backup(b)
    assert not info["ok"] and "chỉ cho phép đọc" not in (info["error"] or "")
    with pytest.raises(backup.BackupError) as e:
        backup.restore(store, b)
    assert "chỉ cho phép đọc" not in e.value.message()
