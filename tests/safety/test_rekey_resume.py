"""What a change of the password guarantees on a crash (issue 13, items 3, 4
and 16): a child process sets, changes or clears the password, restores a
clear backup into a protected book, or upgrades an older book's secrets,
and is killed with SIGKILL at chosen points of the job (and at random
moments); the next start finishes the job (or rolls it back) and tells the
clerk, without the password — and then no file of the data folder (the
book, its -wal, the automatic backups, the attachment files, the log)
holds a planted denouncer in clear.

Run as a script, this file is the child:
``python test_rekey_resume.py DATA JOB PAUSE [EXTRA]``.  It prints
``tick <point>`` as the job passes each point; at ``PAUSE`` (``point#n``:
the n-th time) it prints ``at <point>`` and waits to be killed."""
from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
for p in (str(ROOT), str(ROOT / "tests")):
    if p not in sys.path:
        sys.path.insert(0, p)

import pytest  # noqa: E402
from safety_data import (  # noqa: E402
    DENOUNCER,
    DENOUNCER_ADDR,
    DENOUNCER_CCCD,
    DENOUNCER_PHONE,
    fill_records,
    setup_catalogue,
)

from core.safety import rekey, secret_fields  # noqa: E402
from core.text import fold  # noqa: E402

PASSWORD = "mật-khẩu-xã-2025"
NEW_PASSWORD = "mật-khẩu-mới-2026"
# the visitor who denounces in person (item 5), planted beside the written one
VISITOR = "Đoàn Thị Tiếp Kín"
VISITOR_CCCD = "051987654321"
VISITOR_PHONE = "0935777888"
VISITOR_ADDR = "Tổ 9 ngõ Vắng Vẻ"
SCAN_NAME = f"Don to cao {DENOUNCER}.pdf"


def needles() -> list[bytes]:
    out = []
    for n in (DENOUNCER, DENOUNCER_CCCD, DENOUNCER_PHONE, DENOUNCER_ADDR, VISITOR, VISITOR_CCCD, VISITOR_PHONE,
              VISITOR_ADDR):
        for v in {n, fold(n)}:
            out += [v.encode("utf-8"), v.encode("utf-16-le")]
    return out


def folder_hits(folder: Path) -> list[str]:
    """Every file under ``folder`` (names and bytes) holding a planted identity."""
    found = []
    ns = needles()
    for p in sorted(folder.rglob("*")):
        rel = str(p.relative_to(folder))
        if "giac" in fold(rel) or "tiep kin" in fold(rel):
            found.append(f"name {rel}")
        if p.is_file():
            data = p.read_bytes()
            hits = [n for n in ns if n in data]
            if hits:
                found.append(f"bytes {rel}: {hits[0][:30]!r}")
    return found


# ----------------------------------------------------------------- child
def _child(data_dir: str, job: str, pause: str, extra: str | None):
    from core.safety import backup, rekey, secret_files
    from core.safety import secrets as security
    from core.session import open_session

    want, _, nth = pause.partition("#")
    nth = int(nth or 1)
    seen: dict[str, int] = {}

    def tick(point: str):
        seen[point] = seen.get(point, 0) + 1
        print(f"tick {point}", flush=True)
        if point == want and seen[point] == nth:
            print(f"at {point}", flush=True)
            sys.stdin.readline()  # killed here
            raise SystemExit("not killed")

    def after(mod, name, point, when=lambda *a, **k: True):
        real = getattr(mod, name)

        def wrapped(*a, **k):
            out = real(*a, **k)
            if when(*a, **k):
                tick(point)
            return out
        setattr(mod, name, wrapped)

    def before(mod, name, point):
        real = getattr(mod, name)

        def wrapped(*a, **k):
            tick(point)
            return real(*a, **k)
        setattr(mod, name, wrapped)

    store = open_session(data_dir, password=None if job in ("set", "upgrade") else PASSWORD)
    after(rekey, "_prepare_backup", "prepared")
    after(rekey, "_rekey_conn", "live", when=lambda conn, *a, **k: conn is store.conn)
    before(rekey, "_activate", "committed")  # the job's commit point (core.safety.rekey._run_job)
    before(security, "_activate", "committed")  # … and a restore's (core.safety.secrets.restore)
    before(rekey, "_scrub", "vacuum")
    after(secret_files, "flush_pending", "flushed")
    after(security, "_prepare_restored", "restored_in_memory")

    class Os:
        def __getattr__(self, n):
            return getattr(os, n)

        def replace(self, a, b):
            os.replace(a, b)
            if str(b).endswith(".db"):  # a re-keyed copy over its backup (not the marker file)
                tick("swapped")

    rekey.os = Os()
    security.os = Os()
    print("ready", flush=True)
    if job == "upgrade":
        security.install(store, password=PASSWORD)
    elif job == "set":
        security.set_password(store, PASSWORD)
    elif job == "change":
        security.set_password(store, NEW_PASSWORD, PASSWORD)
    elif job == "clear":
        security.clear_password(store, PASSWORD)
    elif job == "restore":
        security.restore(store, extra)
    else:
        raise SystemExit(f"unknown job {job}")
    backup.wait_for_backups()
    print("done", flush=True)
    store.close()


# ---------------------------------------------------------------- parent
def run_child(data_dir: Path, job: str, pause: str, extra: str | None = None, kill_after: int | None = None):
    """Run the child until it pauses (or has printed ``kill_after`` ticks),
    then kill it with SIGKILL.  Returns the ticks seen and whether it was
    killed before finishing."""
    args = [sys.executable, __file__, str(data_dir), job, pause] + ([extra] if extra else [])
    proc = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            bufsize=1)
    ticks = []
    killed = False
    try:
        first = proc.stdout.readline().strip()
        if first != "ready":
            proc.kill()
            raise AssertionError(f"child: {first!r} {proc.stderr.read()}")
        while True:
            line = proc.stdout.readline()
            if not line:
                break
            line = line.strip()
            if line.startswith("tick "):
                ticks.append(line[5:])
                if kill_after is not None and len(ticks) >= kill_after:
                    os.kill(proc.pid, signal.SIGKILL)
                    killed = True
                    break
            elif line.startswith("at "):
                os.kill(proc.pid, signal.SIGKILL)
                killed = True
                break
            elif line == "done":
                break
        proc.wait(60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    if killed:
        assert proc.returncode == -signal.SIGKILL, proc.stderr.read()
    else:
        assert proc.returncode == 0, proc.stderr.read()
    return ticks, killed


def _scan(tmp: Path, name: str, content: str) -> Path:
    p = tmp / name
    p.write_bytes(b"%PDF-1.4 " + content.encode("utf-8") + content.encode("utf-16-le"))
    return p


def make_book(folder: Path, *, password: bool, backups: int = 2) -> dict:
    """A book with a tố cáo petition and a tố cáo visit (each with a scan
    naming its denouncer), automatic backups made while the identities were
    in clear, then (``password``) the password set."""
    from core.safety import backup
    from core.safety import secrets as security
    from core.session import open_session

    scans = folder.parent / (folder.name + "_scans")
    scans.mkdir(parents=True)
    s = open_session(folder)
    try:
        s.create("unit", {"ten": "Nghĩa Phương", "loai": "xa", "is_current": 1, "tinh": "Quảng Ngãi"})
        ids = setup_catalogue(s)
        recs = fill_records(s, ids)
        recs["visit"] = s.create("tiep_cong_dan", {
            "ngay_tiep": "14/03/2025", "ho_ten": VISITOR, "cccd": VISITOR_CCCD, "dien_thoai": VISITOR_PHONE,
            "dia_chi": VISITOR_ADDR, "thon_id": ids["thon2"], "loai": "to_cao", "linh_vuc": "tham_nhung",
            "noi_dung": "Tố cáo trực tiếp việc thu tiền sai quy định"})
        s.add_attachment("don_thu", recs["tocao"], _scan(scans, SCAN_NAME, f"{DENOUNCER} {DENOUNCER_CCCD}"))
        s.add_attachment("tiep_cong_dan", recs["visit"], _scan(scans, "CCCD cua nguoi to cao.pdf",
                                                              f"{VISITOR} {VISITOR_CCCD}"))
        import datetime as dt
        for i in range(backups):
            backup.make_backup(s, "daily", now=dt.datetime(2025, 3, 20 + i, 8, 0))
        if password:
            assert security.set_password(s, PASSWORD) == []
    finally:
        s.close()
    return recs


@pytest.fixture(scope="module")
def templates(tmp_path_factory):
    base = tmp_path_factory.mktemp("tpl")
    out = {}
    out["clear"] = (base / "clear", make_book(base / "clear", password=False))
    out["protected"] = (base / "protected", make_book(base / "protected", password=True))
    return out


def trial_dir(templates, which: str, tmp_path: Path, name: str) -> tuple[Path, dict]:
    src, recs = templates[which]
    d = tmp_path / name
    shutil.copytree(src, d)
    return d, recs


def reopen_and_check(data_dir: Path, *, protected: bool, expect_note: str | None):
    """The next start (no password): the job finished or rolled back, said
    so; nothing of the job left; the book intact."""
    from core.paths import REKEY_MARKER, REKEY_SUFFIX
    from core.safety import integrity
    from core.safety import secrets as security
    from core.session import open_session

    s = open_session(data_dir)
    try:
        notes = security.pending_notes(s)
        if expect_note is not None:
            assert any(expect_note in n for n in notes), notes
        assert security.is_set(s) == protected
        assert s.get_setting(security.REKEY_SETTING) is None
        assert security.resume(s) == []  # nothing left to do
        s.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        s.close()
    assert not (data_dir / REKEY_MARKER).exists()
    assert not [p for p in data_dir.rglob("*") if REKEY_SUFFIX in p.name]
    assert integrity.integrity_check(data_dir / "sodanvan.db").ok
    for b in (data_dir / "sao_luu").glob("*.db"):
        assert integrity.check_file(b).ok, b


def identity_with(data_dir: Path, password: str | None, recs: dict) -> tuple[dict, dict]:
    from core.safety import secret_files
    from core.safety import secrets as security
    from core.session import open_session

    s = open_session(data_dir, password=password)
    try:
        who = security.reveal(s, recs["tocao"])
        visitor = security.reveal(s, recs["visit"], "tiep_cong_dan")
        for a in s.q("SELECT id FROM dinh_kem"):  # every file still opens (nothing lost)
            secret_files.open_attachment(s, a["id"])
        secret_files.cleanup_open_copies(data_dir)
        s.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        s.close()
    return who, visitor


COMMITTED_POINTS = ["committed", "swapped#1", "vacuum", "flushed"]
BEFORE_COMMIT_POINTS = ["prepared#1", "live"]


@pytest.mark.parametrize("pause", BEFORE_COMMIT_POINTS + COMMITTED_POINTS)
def test_set_password_killed_at_each_point(templates, tmp_path, pause):
    d, recs = trial_dir(templates, "clear", tmp_path, "d")
    ticks, killed = run_child(d, "set", pause)
    assert killed and ticks[-1] == pause.split("#")[0]
    if pause in BEFORE_COMMIT_POINTS:
        # rolled back: still no password, said so; nothing the job wrote is left
        reopen_and_check(d, protected=False, expect_note="chưa có hiệu lực")
        from core.session import open_session
        s = open_session(d)
        try:
            used = {r["duong_dan"] for r in s.q("SELECT duong_dan FROM dinh_kem")}
            for b in (d / "sao_luu").glob("*.db"):
                used |= {r[0] for r in sqlite3.connect(b).execute("SELECT duong_dan FROM dinh_kem")}
            on_disk = {p.relative_to(d).as_posix() for p in (d / "dinh_kem").rglob("*") if p.is_file()}
            assert on_disk == used  # no file of the killed job left behind
        finally:
            s.close()
    else:
        reopen_and_check(d, protected=True, expect_note="đã được hoàn tất")
        assert folder_hits(d) == []
        who, visitor = identity_with(d, PASSWORD, recs)
        assert who["cccd"] == DENOUNCER_CCCD and visitor["ho_ten"] == VISITOR
        assert folder_hits(d) == []


@pytest.mark.parametrize("pause", ["live", "swapped#2"])
def test_change_password_killed_never_leaves_a_clear_copy(templates, tmp_path, pause):
    d, recs = trial_dir(templates, "protected", tmp_path, "d")
    ticks, killed = run_child(d, "change", pause)
    assert killed
    committed = pause != "live"
    reopen_and_check(d, protected=True, expect_note="đã được hoàn tất" if committed else "chưa có hiệu lực")
    assert folder_hits(d) == []
    who, visitor = identity_with(d, NEW_PASSWORD if committed else PASSWORD, recs)
    assert who["ho_ten"] == DENOUNCER and visitor["cccd"] == VISITOR_CCCD
    # every backup follows the book's password
    from core.safety import secrets as security
    params = security.params_in_file(d)
    for b in (d / "sao_luu").glob("*.db"):
        row = sqlite3.connect(b).execute("SELECT value FROM setting WHERE key=?", (security.SETTING,)).fetchone()
        assert row and __import__("json").loads(row[0])["salt"] == params["salt"], b.name


@pytest.mark.parametrize("pause", ["prepared#2", "committed"])
def test_clear_password_killed_before_commit_keeps_every_secret(templates, tmp_path, pause):
    d, recs = trial_dir(templates, "protected", tmp_path, "d")
    ticks, killed = run_child(d, "clear", pause)
    assert killed
    if pause == "committed":
        reopen_and_check(d, protected=False, expect_note="đã được hoàn tất")
        who, _ = identity_with(d, None, recs)
        assert who["ho_ten"] == DENOUNCER  # the clerk asked for clear data: there it is
    else:
        # the clear copies the job had written (backups, nameless files, WAL) are gone
        reopen_and_check(d, protected=True, expect_note="chưa có hiệu lực")
        assert folder_hits(d) == []


@pytest.mark.parametrize("pause", ["restored_in_memory", "committed", "vacuum"])
def test_restore_of_a_clear_backup_killed_never_drops_the_password(templates, tmp_path, pause):
    """Item 4: the restored copy is re-keyed before it replaces the book."""
    d, recs = trial_dir(templates, "protected", tmp_path, "d")
    usb = tmp_path / "usb"
    src, _ = templates["clear"]
    usb.mkdir()
    shutil.copy(src / "sodanvan.db", usb / "sodanvan_usb.db")
    shutil.copytree(src / "dinh_kem", usb / "dinh_kem")
    assert folder_hits(usb)  # the USB copy has them in clear
    ticks, killed = run_child(d, "restore", pause, str(usb / "sodanvan_usb.db"))
    assert killed
    reopen_and_check(d, protected=True, expect_note=None)
    assert folder_hits(d) == []
    who, visitor = identity_with(d, PASSWORD, recs)
    assert who["ho_ten"] == DENOUNCER and visitor["ho_ten"] == VISITOR
    assert folder_hits(d) == []


def _make_old_book(d: Path, recs: dict):
    """The protected book as an older version left it: the tố cáo visit's
    identity in clear (before its protection) and the petition's identity
    an unbound ``v1:`` ciphertext."""
    from core.safety import secrets as security
    from core.session import open_session

    s = open_session(d, password=PASSWORD)
    try:
        key = security.KEYS[s]
        who = security.identity(s, recs["tocao"])
        s.conn.execute("UPDATE don_thu SET bi_mat=? WHERE id=?", (secret_fields._encrypt(key, who), recs["tocao"]))
        s.conn.execute("UPDATE tiep_cong_dan SET bi_mat=NULL, ho_ten=?, cccd=?, dien_thoai=?, dia_chi=? WHERE id=?",
                       (VISITOR, VISITOR_CCCD, VISITOR_PHONE, VISITOR_ADDR, recs["visit"]))
        s.conn.execute("DELETE FROM setting WHERE key IN (?, ?)",
                       (security.BOUND_SETTING, security.UPGRADE_SETTING_VISITS))
        import datetime as dt

        from core.safety import backup
        backup.make_backup(s, "daily", now=dt.datetime(2025, 4, 1, 8, 0))  # a backup of the old state
    finally:
        s.close()


@pytest.mark.parametrize("pause", ["live", "committed#2", "swapped#1"])  # committed#1: the unlock itself
def test_upgrade_at_unlock_killed_is_finished_at_the_next_start(templates, tmp_path, pause):
    d, recs = trial_dir(templates, "protected", tmp_path, "d")
    _make_old_book(d, recs)
    assert folder_hits(d)
    ticks, killed = run_child(d, "upgrade", pause)
    assert killed
    if pause == "live":  # rolled back: done again at the next unlock
        reopen_and_check(d, protected=True, expect_note="làm lại khi mở")
    else:
        reopen_and_check(d, protected=True, expect_note="đã được hoàn tất")
        assert folder_hits(d) == []
    who, visitor = identity_with(d, PASSWORD, recs)  # the unlock (re)does the upgrade
    assert who["ho_ten"] == DENOUNCER and visitor["ho_ten"] == VISITOR
    assert folder_hits(d) == []
    from core.session import open_session
    s = open_session(d)
    try:
        assert not s.q1("SELECT count(*) FROM don_thu WHERE bi_mat LIKE 'v1:%'")
    finally:
        s.close()


def test_kill_at_random_moments_of_set_and_change(templates, tmp_path):
    rng = random.Random(20261205)
    for i in range(3):
        job = ("set", "change", "set")[i]
        d, recs = trial_dir(templates, "clear" if job == "set" else "protected", tmp_path, f"r{i}")
        ticks, killed = run_child(d, job, "never", kill_after=rng.randint(1, 9))
        from core.safety import secrets as security
        from core.session import open_session
        s = open_session(d)
        try:
            protected = security.is_set(s)
            assert s.get_setting(security.REKEY_SETTING) is None
        finally:
            s.close()
        reopen_and_check(d, protected=protected, expect_note=None)
        if protected:  # set (or changed) or not: never half of it, never a clear copy
            assert folder_hits(d) == []
            changed = security.key_from_params(security.params_in_file(d), NEW_PASSWORD) is not None
            who, visitor = identity_with(d, NEW_PASSWORD if changed else PASSWORD, recs)
            assert who["ho_ten"] == DENOUNCER and visitor["ho_ten"] == VISITOR


# ------------------------------------------------ disk full, in process
def test_vacuum_failing_after_commit_says_so_and_the_job_resumes(templates, tmp_path, monkeypatch):
    from core.paths import REKEY_MARKER
    from core.safety import rekey
    from core.safety import secrets as security
    from core.session import open_session

    d, recs = trial_dir(templates, "clear", tmp_path, "d")
    s = open_session(d)

    def full(conn):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(rekey, "_scrub", full)  # the book's VACUUM, after its commit
    try:
        problems = security.set_password(s, PASSWORD)  # no traceback: a message
        assert any("không đủ chỗ trống" in p for p in problems), problems
        assert security.is_set(s) and s.get_setting(security.REKEY_SETTING) is not None
        assert (d / REKEY_MARKER).exists()
    finally:
        s.close()
    monkeypatch.undo()
    reopen_and_check(d, protected=True, expect_note="đã được hoàn tất")
    assert folder_hits(d) == []


def test_cli_password_and_check_finish_an_interrupted_job(templates, tmp_path, monkeypatch, capsys):
    from cli import main
    from core.safety import secrets as security

    d, recs = trial_dir(templates, "clear", tmp_path, "d")
    ticks, killed = run_child(d, "set", "swapped#1")
    assert killed and folder_hits(d)  # half done: a backup still in clear
    assert main(["--data-dir", str(d), "check"]) == 0
    out = capsys.readouterr()
    assert "đã được hoàn tất" in out.err and "Traceback" not in out.err
    assert not security.job_pending(d)
    assert folder_hits(d) == []
    # disk full during the clean-up of `password set`: a message, exit 0, then `check` finishes
    d2, _ = trial_dir(templates, "clear", tmp_path, "d2")
    monkeypatch.setattr(rekey, "_scrub", lambda conn: (_ for _ in ()).throw(
        sqlite3.OperationalError("database or disk is full")))
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO(f"{PASSWORD}\n{PASSWORD}\n"))
    assert main(["--data-dir", str(d2), "password", "set"]) == 0
    out = capsys.readouterr()
    assert "không đủ chỗ trống" in out.out and "Traceback" not in out.err + out.out
    monkeypatch.undo()
    assert security.job_pending(d2)
    assert main(["--data-dir", str(d2), "check"]) == 0
    assert not security.job_pending(d2) and folder_hits(d2) == []


def test_disk_full_while_preparing_a_backup_changes_nothing(templates, tmp_path, monkeypatch):
    from core.paths import REKEY_MARKER
    from core.safety import rekey
    from core.safety import secrets as security
    from core.session import open_session

    d, recs = trial_dir(templates, "clear", tmp_path, "d")
    before = {p.relative_to(d): p.read_bytes() for p in (d / "sao_luu").glob("*.db")}
    real = rekey._prepare_backup
    calls = []

    def failing(*a, **k):
        calls.append(1)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return real(*a, **k)

    monkeypatch.setattr(rekey, "_prepare_backup", failing)
    s = open_session(d)
    try:
        with pytest.raises(security.SecurityError, match="chưa có gì thay đổi"):
            security.set_password(s, PASSWORD)
        assert not security.is_set(s)
    finally:
        s.close()
    assert not (d / REKEY_MARKER).exists()
    assert {p.relative_to(d): p.read_bytes() for p in (d / "sao_luu").glob("*.db")} == before
    assert not [p for p in d.rglob("*") if ".doi-khoa" in p.name]


def test_a_damaged_backup_goes_with_the_job_and_is_named(templates, tmp_path):
    """A backup that cannot be re-keyed because it is damaged may hold the
    identities in clear: it is deleted by the job, and the clerk told."""
    from core.safety import secrets as security
    from core.session import open_session

    d, recs = trial_dir(templates, "clear", tmp_path, "d")
    damaged = sorted((d / "sao_luu").glob("*.db"))[0]
    data = bytearray(damaged.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # header and first page overwritten
    damaged.write_bytes(bytes(data))
    s = open_session(d)
    try:
        problems = security.set_password(s, PASSWORD)
    finally:
        s.close()
    assert any(damaged.name in p and "bị hỏng" in p for p in problems), problems
    assert not damaged.exists() and list((d / "sao_luu").glob("*.db"))
    reopen_and_check(d, protected=True, expect_note=None)
    assert folder_hits(d) == []


if __name__ == "__main__":
    _child(sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4] if len(sys.argv) > 4 else None)
