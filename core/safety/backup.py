"""Backups and recovery (SPEC §8, issue 4).

Every copy is made with SQLite's online backup API
(``sqlite3.Connection.backup``): consistent even while the app writes, never
a half-copied file (written to ``*.part`` then renamed).  Backup files are
self-contained (journal mode DELETE, no ``-wal`` needed) and keep the app's
schema, so one can be opened, described and restored on its own.

- Automatic backups live in ``<data>/sao_luu``: at the first start of each
  day (``daily_backup``), on exit (``exit_backup``) and always before a schema
  migration (hook installed by ``core.session.open_session``).
  Rotation keeps, for the last 7 days, the first and the last backup of the
  day; for the last 12 months, the last backup of the month; the 5 newest
  safety copies (before a migration, before a restore); then deletes the
  oldest files until the folder is under the size cap (setting
  ``backup.max_total_mb``, default 2000), always keeping the 2 newest.
- ``make_backup(store, "manual", dest_dir)`` saves to a chosen folder (USB)
  and copies the attachment files beside it (``dinh_kem/``).
- ``describe_backup(file)``: date, schema version, counts per record kind —
  what the restore dialog shows before anything is replaced.
- ``restore(store, file)`` backs up the current data first, then copies the
  backup into the open database (backup API again, one step).
- ``startup_check(data_dir)``: the start-up check of ``core.safety.integrity``
  and, when the file is damaged, the newest good backup for a guided
  ``recover(data_dir, file)`` (the damaged file is moved aside, never
  deleted).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import os
import re
import shutil
import sqlite3
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from core.errors import UserError
from core.paths import ATTACHMENTS_DIRNAME, BACKUP_DIRNAME, DAMAGED_DIRNAME, DB_FILENAME
from core.records.attachments import AttachmentPathError, resolve_attachment
from core.records.fields import KINDS, RECORD_KINDS
from core.safety.integrity import CheckResult, check_at_start, check_file, classify_error, clear_recheck, connect_ro

log = logging.getLogger(__name__)

REASONS = {
    "daily": "hang-ngay",
    "exit": "khi-thoat",
    "migrate": "truoc-nang-cap",
    "restore": "truoc-khoi-phuc",
    "manual": "thu-cong",
    "merge": "truoc-gop",
}
REASON_LABELS = {
    "daily": "Tự động đầu ngày",
    "exit": "Tự động khi thoát",
    "migrate": "Trước khi nâng cấp dữ liệu",
    "restore": "Trước khi khôi phục",
    "manual": "Sao lưu thủ công",
    "merge": "Trước khi gộp dữ liệu",
    "other": "Tệp dữ liệu",
}
_NAME_RE = re.compile(r"^sodanvan_(\d{4}-\d{2}-\d{2})_(\d{6})(?:_(\d+))?_([a-z\-]+)\.db$")
KEEP_DAILY = 7
KEEP_MONTHLY = 12
KEEP_SAFETY = 5
DEFAULT_MAX_TOTAL_MB = 2000


class BackupError(UserError):
    """A backup/restore problem, with a Vietnamese message for the clerk."""


# ------------------------------------------------------------ helpers
def backup_dir(data_dir: str | os.PathLike) -> Path:
    return Path(data_dir) / BACKUP_DIRNAME



# What a killed copy leaves: the ``.part`` file and SQLite's journal (or
# WAL) of it; removed together.
_PART_SUFFIXES = (".part", ".part-journal", ".part-wal", ".part-shm")
# A leftover older than this is not a copy still being written by another
# process (a backup command beside the window): it is removed.
STALE_PART_SECONDS = 10 * 60
# Private copies of a backup whose journal had to be rolled back
# (``readable_copy``), when made inside the backup's folder.
_PRIVATE_PREFIX = ".ban-doc-tam-"


def _copy_db(src: sqlite3.Connection, dest: Path):
    """Online-backup ``src`` into a new self-contained file ``dest``."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".part")
    for suffix in _PART_SUFFIXES:
        left = dest.with_name(dest.name + suffix)
        if left.exists():
            left.unlink()
    out = sqlite3.connect(str(tmp))
    try:
        src.backup(out)
        out.execute("PRAGMA journal_mode=DELETE")
        out.commit()
    finally:
        out.close()
    with open(tmp, "rb+") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, dest)


def remove_stale_parts(folder: str | os.PathLike, older_than: float = STALE_PART_SECONDS) -> list[Path]:
    """Remove what killed copies left in ``folder`` (a backup folder, or the
    data folder after a killed ``recover``): ``sodanvan*.db.part`` and its
    ``-journal``/``-wal``/``-shm``, and private copies of ``readable_copy``,
    once older than ``older_than`` seconds (a copy still being written
    by another process is left alone).  Returns what was removed."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    limit = time.time() - older_than
    out = []
    for p in folder.iterdir():
        name = p.name
        part = name.startswith("sodanvan") and any(name.endswith(".db" + s) for s in _PART_SUFFIXES)
        private = name.startswith(_PRIVATE_PREFIX)
        if not (part or private):
            continue
        try:
            if p.is_symlink() or p.lstat().st_mtime > limit:
                continue
            if private and p.is_dir():
                shutil.rmtree(p)
            elif part and p.is_file():
                p.unlink()
            else:
                continue
            out.append(p)
        except OSError as e:
            log.warning("could not remove a leftover of a killed backup (%s)", type(e).__name__)
    if out:
        log.info("removed %d leftovers of killed backups in %s", len(out), folder.name)
    return out


def _hot_journal(path: Path) -> Path | None:
    """The rollback journal SQLite left beside ``path`` (a copy or a re-key
    killed midway), None when there is none.  Until it is rolled back the
    file cannot be read through a read-only connection ("attempt to write a
    readonly database")."""
    j = path.with_name(path.name + "-journal")
    try:
        return j if j.is_file() and j.stat().st_size > 0 else None
    except OSError:
        return None


@contextmanager
def readable_copy(file: str | os.PathLike):
    """``file`` itself, or — when a rollback journal was left beside it — a
    private copy of the file and its journal, rolled back the way SQLite
    would at the next write, in a temporary folder removed on exit (inside
    the backup's folder when it is writable, so a denouncer's identity in a
    journal never leaves the data folder; else the system's temporary
    folder).  The file and its journal are never changed: a backup on a
    read-only USB stick reads the same."""
    path = Path(file)
    journal = _hot_journal(path)
    if journal is None:
        yield path
        return
    try:  # os.access says little on Windows: try the backup's folder, then the system's
        tmp = Path(tempfile.mkdtemp(prefix=_PRIVATE_PREFIX, dir=path.parent))
    except OSError:
        tmp = Path(tempfile.mkdtemp(prefix=_PRIVATE_PREFIX))
    try:
        copy = tmp / path.name
        shutil.copyfile(path, copy)
        shutil.copyfile(journal, copy.with_name(copy.name + "-journal"))
        conn = sqlite3.connect(str(copy), timeout=5)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # rolls the journal back
        finally:
            conn.close()
        log.info("%s: a leftover journal was rolled back on a private copy", path.name)
        yield copy
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


@dataclasses.dataclass
class BackupInfo:
    path: Path
    when: dt.datetime
    reason: str  # key of REASONS, or "other"
    size: int

    @property
    def reason_label(self) -> str:
        return REASON_LABELS.get(self.reason, REASON_LABELS["other"])


def _parse(path: Path) -> BackupInfo:
    m = _NAME_RE.match(path.name)
    st = path.stat()
    if m:
        when = dt.datetime.strptime(f"{m.group(1)} {m.group(2)}", "%Y-%m-%d %H%M%S")
        reason = next((k for k, v in REASONS.items() if v == m.group(4)), "other")
    else:
        when = dt.datetime.fromtimestamp(st.st_mtime)
        reason = "other"
    return BackupInfo(path, when, reason, st.st_size)


def list_backups(data_dir: str | os.PathLike) -> list[BackupInfo]:
    """Backups in the data folder's backup folder, newest first."""
    d = backup_dir(data_dir)
    if not d.is_dir():
        return []
    out = [_parse(p) for p in d.glob("sodanvan_*.db") if p.is_file()]
    out.sort(key=lambda b: (b.when, b.path.stat().st_mtime_ns, b.path.name), reverse=True)
    return out


def _backup_name(dest_dir: Path, reason: str, now: dt.datetime) -> Path:
    base = f"sodanvan_{now:%Y-%m-%d_%H%M%S}"
    p = dest_dir / f"{base}_{REASONS[reason]}.db"
    n = 1
    while p.exists():
        n += 1
        p = dest_dir / f"{base}_{n}_{REASONS[reason]}.db"
    return p


# ------------------------------------------------------------- backups
def make_backup(store, reason: str = "manual", dest_dir: str | os.PathLike | None = None,
                now: dt.datetime | None = None, copy_attachments: bool | None = None,
                own_connection: bool = False) -> Path:
    """Back the store up into ``dest_dir`` (default: the backup folder).
    ``own_connection``: read through a connection of its own (WAL readers
    never block the app's writes), for a backup made in a worker thread."""
    if reason not in REASONS:
        raise ValueError(reason)
    now = now or dt.datetime.now()
    target_dir = Path(dest_dir) if dest_dir else backup_dir(store.data_dir)
    try:
        target_dir.mkdir(parents=True, exist_ok=True)
        remove_stale_parts(target_dir)
        dest = _backup_name(target_dir, reason, now)
        if own_connection:
            src = sqlite3.connect(str(store.path), timeout=30)
            try:
                _copy_db(src, dest)
            finally:
                src.close()
        else:
            _copy_db(store.conn, dest)
    except (OSError, sqlite3.Error) as e:
        raise BackupError(f"Không sao lưu được vào {target_dir}: {getattr(e, 'strerror', None) or e}. "
                          "Hãy kiểm tra thư mục (còn chỗ trống, được phép ghi) rồi thử lại.") from e
    if copy_attachments is None:
        copy_attachments = dest_dir is not None
    if copy_attachments:
        _copy_attachments(store.data_dir, target_dir, _attachment_paths(dest))
    log.info("backup (%s) written: %s", reason, dest)
    return dest


def _attachment_paths(db_file: Path) -> set[str] | None:
    """The attachment files a backup refers to (``dinh_kem/…`` paths)."""
    try:
        conn = connect_ro(db_file)
        try:
            return {r[0] for r in conn.execute("SELECT duong_dan FROM dinh_kem")}
        finally:
            conn.close()
    except sqlite3.Error:
        return None


def _copy_attachments(src_dir: Path, dest_dir: Path, only: set[str] | None = None) -> int:
    """Copy the attachment files of the folder ``src_dir`` (a data folder,
    or a backup's folder) missing in ``dest_dir``'s (they are never
    modified; an encrypted file of a tố cáo is copied as it is).  ``only``:
    the ``dinh_kem/…`` paths the backup refers to — a file replaced and
    still waiting for deletion (``core.safety.secret_files.flush_pending``)
    or a decrypted copy is never carried to a USB stick.  Each path must
    stay inside both attachment trees, links followed
    (``core.records.attachments``): a link or a crafted row never makes it
    read or write a file anywhere else."""
    tree = Path(src_dir) / ATTACHMENTS_DIRNAME
    if not tree.is_dir():
        return 0
    if only is None:
        only = {f"{ATTACHMENTS_DIRNAME}/{f.relative_to(tree).as_posix()}" for f in tree.rglob("*")
                if not f.is_dir() or f.is_symlink()}
    n = refused = 0
    for rel in sorted(r for r in only if isinstance(r, str)):
        try:
            f = resolve_attachment(src_dir, rel)
            t = resolve_attachment(dest_dir, rel)
        except AttachmentPathError:
            refused += 1
            continue
        if not f.is_file():
            continue
        if not t.exists() or t.stat().st_size != f.stat().st_size:
            t.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(f, t)
            n += 1
    if refused:
        log.warning("%d attachment paths refused while copying (outside the attachment folder)", refused)
    return n


def drop_bad_attachments(conn: sqlite3.Connection, data_dir: str | os.PathLike) -> list[str]:
    """Delete (in the caller's transaction) the ``dinh_kem`` rows of a
    database just restored into ``data_dir`` whose path would leave its
    attachment tree; no file is touched (the queue of files to delete is
    checked the same way when it is flushed,
    ``core.safety.secret_files.flush_pending``).  Returns one Vietnamese
    line per row dropped, for the clerk."""
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    problems = []
    if "dinh_kem" in tables:
        for att_id, kind, rec, rel in conn.execute(
                "SELECT id, record_kind, record_id, duong_dan FROM dinh_kem ORDER BY id").fetchall():
            try:
                resolve_attachment(data_dir, rel)
            except AttachmentPathError as e:
                conn.execute("DELETE FROM dinh_kem WHERE id=?", (att_id,))
                k = KINDS.get(kind)
                problems.append(f"Bỏ tệp đính kèm số {att_id} ({k.label if k else kind} mã {rec}): {e.message()}")
    if problems:
        log.warning("%d attachment rows pointing outside the attachment folder dropped", len(problems))
    return problems


def _max_total_bytes(store) -> int:
    try:
        mb = store.get_setting("backup.max_total_mb", DEFAULT_MAX_TOTAL_MB)
        return int(float(mb) * 1024 * 1024)
    except Exception:  # a broken setting must not stop backups
        return DEFAULT_MAX_TOTAL_MB * 1024 * 1024


def rotate(data_dir: str | os.PathLike, max_total_bytes: int | None = None,
           today: dt.date | None = None) -> list[Path]:
    """Apply the retention policy; return the deleted files.  Leftovers of
    killed backups (``remove_stale_parts``) go too."""
    remove_stale_parts(backup_dir(data_dir))
    backups = list_backups(data_dir)  # newest first
    if not backups:
        return []
    today = today or dt.date.today()
    keep: set[Path] = set()
    days = sorted({b.when.date() for b in backups if b.reason != "manual"}, reverse=True)[:KEEP_DAILY]
    for d in days:
        same = [b for b in backups if b.when.date() == d]
        keep.add(same[0].path)   # last of the day
        keep.add(same[-1].path)  # first of the day
    months = sorted({(b.when.year, b.when.month) for b in backups}, reverse=True)[:KEEP_MONTHLY]
    for m in months:
        keep.add(next(b.path for b in backups if (b.when.year, b.when.month) == m))
    for b in [b for b in backups if b.reason in ("migrate", "restore", "manual", "merge")][:KEEP_SAFETY]:
        keep.add(b.path)
    keep.update(b.path for b in backups[:2])
    deleted = []
    for b in backups:
        if b.path not in keep:
            deleted.append(b)
    kept = [b for b in backups if b.path in keep]
    if max_total_bytes is not None:
        total = sum(b.size for b in kept)
        for b in reversed(kept[2:]):  # oldest first, never the 2 newest
            if total <= max_total_bytes:
                break
            deleted.append(b)
            total -= b.size
    out = []
    for b in deleted:
        try:
            b.path.unlink()
            out.append(b.path)
        except OSError as e:
            log.warning("could not delete old backup %s: %s", b.path, e)
    if out:
        log.info("rotated backups, deleted %d", len(out))
    return out


def daily_backup(store, now: dt.datetime | None = None, background: bool = False):
    """The first start of the day makes a backup (None when one exists).
    ``background``: made in a worker thread (a large file does not freeze
    the window); returns the started ``threading.Thread``."""
    now = now or dt.datetime.now()
    if any(b.when.date() == now.date() and b.reason != "manual" for b in list_backups(store.data_dir)):
        return None
    if not store.current_unit() and not store.q1("SELECT count(*) FROM don_thu"):
        return None  # nothing worth saving yet (first run)
    cap = _max_total_bytes(store)
    if not background:
        p = make_backup(store, "daily", now=now)
        rotate(store.data_dir, cap, now.date())
        return p
    import threading

    def work():
        try:
            make_backup(store, "daily", now=now, own_connection=True)
            rotate(store.data_dir, cap, now.date())
        except BackupError:
            log.exception("daily backup failed")

    t = threading.Thread(target=work, name="sao-luu-hang-ngay", daemon=False)
    t.start()
    _WORKERS.append(t)
    return t


_WORKERS: list = []


def wait_for_backups(timeout: float | None = None):
    """Join backup threads (before the exit backup and closing)."""
    while _WORKERS:
        _WORKERS.pop().join(timeout)


def exit_backup(store, now: dt.datetime | None = None) -> Path | None:
    wait_for_backups()
    if not store.current_unit():
        return None
    p = make_backup(store, "exit", now=now)
    rotate(store.data_dir, _max_total_bytes(store), (now or dt.datetime.now()).date())
    return p


def before_migrate_backup(store) -> Path:
    """Installed by ``core.session.open_session`` as a ``Store.before_migrate`` hook: a backup of the
    old schema before it is changed.  Failing to back up stops the
    migration (the store is not opened) rather than risking the data."""
    return make_backup(store, "migrate")


def describe_backup(file: str | os.PathLike) -> dict:
    """What a backup (or any Sổ Dân vận database file) holds, read-only:
    ``{path, when, reason, reason_label, size, ok, error, schema_version,
    newer, unit, units, counts: {kind: n}, labels: {kind: title},
    last_change}``."""
    path = Path(file)
    info: dict = {"path": path, "ok": False, "error": None, "counts": {}, "labels": {},
                  "schema_version": None, "newer": False, "unit": None, "units": [], "last_change": None}
    try:
        b = _parse(path)
        info.update(when=b.when, reason=b.reason, reason_label=b.reason_label, size=b.size)
    except OSError as e:
        info["error"] = f"Không đọc được tệp {path}: {e.strerror or e}"
        return info
    try:
        # a journal left by a killed re-key or copy is rolled back on a
        # private copy (a read-only look cannot undo it)
        with readable_copy(path) as readable:
            _read_info(readable, path, info)
    except (sqlite3.Error, UnicodeDecodeError) as e:  # a damaged name in the schema: SQLite's message
        info["error"] = classify_error(path, e).message
    except OSError as e:
        info["error"] = f"Không đọc được tệp {path}: {e.strerror or e}"
    return info


def _read_info(readable: Path, path: Path, info: dict):
    from core.records import schema

    conn = connect_ro(readable)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "_sqlite_migrations" not in tables or "unit" not in tables:
            info["error"] = f"Tệp {path.name} không phải dữ liệu của Sổ Dân vận."
            return
        info["schema_version"] = conn.execute("PRAGMA user_version").fetchone()[0]
        applied = {(r[0], r[1]) for r in conn.execute("SELECT migration_set, name FROM _sqlite_migrations")}
        known = schema.known_migration_names()
        info["newer"] = bool(applied - known) or info["schema_version"] > len(known)
        units = [dict(zip(("id", "ten", "loai", "is_current"), r))
                 for r in conn.execute("SELECT id, ten, loai, is_current FROM unit ORDER BY is_current DESC, id")]
        info["units"] = units
        cur = next((u for u in units if u["is_current"]), None)
        info["unit"] = cur["ten"] if cur else None
        last = []
        for key in RECORD_KINDS:
            k = KINDS[key]
            if k.table in tables:
                info["counts"][key] = conn.execute(f"SELECT count(*) FROM {k.table}").fetchone()[0]
                info["labels"][key] = k.title
                last.append(conn.execute(f"SELECT max(updated_at) FROM {k.table}").fetchone()[0])
        last = [x for x in last if x]
        info["last_change"] = max(last) if last else None
        info["ok"] = True
    finally:
        conn.close()


def check_backup(file: str | os.PathLike) -> CheckResult:
    """``check_file`` of a backup, a journal left beside it rolled back on
    a private copy first (``readable_copy``)."""
    try:
        with readable_copy(file) as readable:
            return check_file(readable)
    except (sqlite3.Error, UnicodeDecodeError) as e:
        return classify_error(Path(file), e)
    except OSError as e:
        return CheckResult(False, "readonly", f"Không đọc được tệp {file}: {e.strerror or e}")


def newest_good_backup(data_dir: str | os.PathLike, extra: list[str | os.PathLike] = ()) -> Path | None:
    """The newest backup that passes quick_check and is not from a newer
    version (backup folder of ``data_dir``, plus ``extra`` files)."""
    cands = [b.path for b in list_backups(data_dir)] + [Path(p) for p in extra]
    for p in cands:
        if check_backup(p).ok:
            info = describe_backup(p)
            if info["ok"] and not info["newer"]:
                return p
    return None


def startup_check(data_dir: str | os.PathLike, timeout: float = 2.0, *, defer_large: bool = False) -> CheckResult:
    """``core.safety.integrity.check_at_start``; when the file is damaged,
    ``newest_good`` names the backup to propose for ``recover``."""
    return check_at_start(data_dir, timeout, defer_large=defer_large, find_good=newest_good_backup)


# ------------------------------------------------------------ restore
def _validate_source(file: Path, name: str | None = None) -> dict:
    name = name or file.name
    res = check_file(file)
    if not res.ok:
        raise BackupError(f"Không khôi phục được từ {name}: " + res.message)
    info = describe_backup(file)
    if not info["ok"]:
        raise BackupError(info["error"] or f"Tệp {name} không đọc được.")
    if info["newer"]:
        raise BackupError("Bản sao lưu này do phiên bản Sổ Dân vận mới hơn tạo ra; hãy cài phiên bản mới hơn để "
                          "khôi phục. Dữ liệu hiện tại không bị thay đổi.")
    return info


def _unreadable(file: Path, e: Exception) -> BackupError:
    if isinstance(e, sqlite3.Error):
        return BackupError(f"Không khôi phục được từ {file.name}: " + classify_error(file, e).message)
    return BackupError(f"Không đọc được tệp {file}: {getattr(e, 'strerror', None) or e}. Dữ liệu hiện tại không "
                       "bị thay đổi.")


class RestoredSafety(type(Path())):
    """What ``restore`` returns: the path of the safety backup of the data
    replaced (as always), with ``problems`` — one Vietnamese line per
    attachment row of the restored file that was dropped because its path
    left the attachment folder (``drop_bad_attachments``)."""

    problems: tuple = ()


def restore(store, file: str | os.PathLike, prepare=None) -> RestoredSafety:
    """Replace the store's data with ``file``'s, after backing the current
    data up (returned path, with the attachment rows refused in
    ``.problems``).  The open store stays usable.  A journal left beside
    ``file`` is rolled back on a private copy first (``readable_copy``).
    ``prepare(src, folder) -> connection``: what replaces the book is that
    connection's database, made from the source's (``core.safety.secrets``
    re-keys a copy in memory for a protected book, so its secrets are never
    on disk in clear); its attachment paths are the ones copied."""
    file = Path(file)
    try:
        with readable_copy(file) as readable:
            _validate_source(readable, file.name)
            wait_for_backups()
            if file.resolve() == store.path.resolve():
                raise BackupError("Không thể khôi phục từ chính tệp dữ liệu đang dùng.")
            safety = make_backup(store, "restore")
            src = connect_ro(readable)
            only = None
            try:
                copy = prepare(src, file.parent) if prepare is not None else src
                copy.backup(store.conn)
                if prepare is not None:
                    only = {r[0] for r in copy.execute("SELECT duong_dan FROM dinh_kem")}
            except sqlite3.Error as e:
                raise BackupError(f"Khôi phục không thành công ({e}); dữ liệu hiện tại vẫn còn trong bản sao lưu "
                                  f"{safety.name}.") from e
            finally:
                src.close()
            if prepare is None:
                only = _attachment_paths(readable)
    except (sqlite3.Error, OSError) as e:
        raise _unreadable(file, e) from e
    store.conn.execute("PRAGMA journal_mode = WAL")
    with store.transaction():  # before anything reads a path of the restored rows
        problems = drop_bad_attachments(store.conn, store.data_dir)
    store._enum_cache = None
    store._deadlines = None
    store.migrate()  # an older backup is brought up to date (backed up first)
    _copy_attachments(file.parent, store.data_dir, only)
    log.info("restored from %s (previous data saved as %s)", file, safety)
    out = RestoredSafety(safety)
    out.problems = tuple(problems)
    return out


def recover(data_dir: str | os.PathLike, file: str | os.PathLike, now: dt.datetime | None = None) -> Path | None:
    """Guided recovery when the store cannot be opened: the damaged file (and
    its -wal/-shm) is moved to ``sao_luu/tep_hong/<time>/`` — never deleted —
    then ``file`` is copied in (a journal left beside it rolled back on a
    private copy; attachment rows leaving the attachment folder dropped and
    logged).  Returns the folder holding the damaged file."""
    data_dir = Path(data_dir)
    file = Path(file)
    now = now or dt.datetime.now()
    target = data_dir / DB_FILENAME
    try:
        with readable_copy(file) as readable:
            _validate_source(readable, file.name)
            aside = None
            if any((data_dir / (DB_FILENAME + s)).exists() for s in ("", "-wal", "-shm")):
                aside = backup_dir(data_dir) / DAMAGED_DIRNAME / f"{now:%Y-%m-%d_%H%M%S}"
                aside.mkdir(parents=True, exist_ok=True)
                for s in ("", "-wal", "-shm"):
                    p = data_dir / (DB_FILENAME + s)
                    if p.exists():
                        shutil.move(str(p), str(aside / p.name))
            src = connect_ro(readable)
            try:
                _copy_db(src, target)
            finally:
                src.close()
            only = _attachment_paths(readable)
    except (sqlite3.Error, OSError) as e:
        raise _unreadable(file, e) from e
    conn = sqlite3.connect(str(target), isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        drop_bad_attachments(conn, data_dir)
        conn.execute("COMMIT")
    finally:
        conn.close()
    _copy_attachments(file.parent, data_dir, only)
    clear_recheck(data_dir)  # the damaged file it was about is aside
    log.warning("recovered %s from %s (damaged file kept in %s)", target, file, aside)
    return aside
