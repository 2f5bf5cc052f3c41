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
from pathlib import Path

from core.errors import UserError
from core.paths import ATTACHMENTS_DIRNAME, BACKUP_DIRNAME, DAMAGED_DIRNAME, DB_FILENAME
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



def _copy_db(src: sqlite3.Connection, dest: Path):
    """Online-backup ``src`` into a new self-contained file ``dest``."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".part")
    if tmp.exists():
        tmp.unlink()
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
        _copy_attachments(store.data_dir / ATTACHMENTS_DIRNAME, target_dir / ATTACHMENTS_DIRNAME, _attachment_paths(dest))
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


def _copy_attachments(src: Path, dest: Path, only: set[str] | None = None) -> int:
    """Copy attachment files missing in ``dest`` (they are never modified;
    an encrypted file of a tố cáo is copied as it is).  ``only``: the
    ``dinh_kem/…`` paths the backup refers to — a file replaced and still
    waiting for deletion (``core.safety.secret_files.flush_pending``) or a decrypted
    copy is never carried to a USB stick."""
    n = 0
    if not src.is_dir():
        return 0
    for f in src.rglob("*"):
        if f.is_file():
            if only is not None and f"{ATTACHMENTS_DIRNAME}/{f.relative_to(src).as_posix()}" not in only:
                continue
            t = dest / f.relative_to(src)
            if not t.exists() or t.stat().st_size != f.stat().st_size:
                t.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(f, t)
                n += 1
    return n


def _max_total_bytes(store) -> int:
    try:
        mb = store.get_setting("backup.max_total_mb", DEFAULT_MAX_TOTAL_MB)
        return int(float(mb) * 1024 * 1024)
    except Exception:  # a broken setting must not stop backups
        return DEFAULT_MAX_TOTAL_MB * 1024 * 1024


def rotate(data_dir: str | os.PathLike, max_total_bytes: int | None = None,
           today: dt.date | None = None) -> list[Path]:
    """Apply the retention policy; return the deleted files."""
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
    from core.records import schema

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
        conn = connect_ro(path)
    except sqlite3.Error as e:
        info["error"] = classify_error(path, e).message
        return info
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "_sqlite_migrations" not in tables or "unit" not in tables:
            info["error"] = f"Tệp {path.name} không phải dữ liệu của Sổ Dân vận."
            return info
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
    except (sqlite3.Error, UnicodeDecodeError) as e:  # a damaged name in the schema: SQLite's message
        info["error"] = classify_error(path, e).message
    finally:
        conn.close()
    return info


def newest_good_backup(data_dir: str | os.PathLike, extra: list[str | os.PathLike] = ()) -> Path | None:
    """The newest backup that passes quick_check and is not from a newer
    version (backup folder of ``data_dir``, plus ``extra`` files)."""
    cands = [b.path for b in list_backups(data_dir)] + [Path(p) for p in extra]
    for p in cands:
        if check_file(p).ok:
            info = describe_backup(p)
            if info["ok"] and not info["newer"]:
                return p
    return None


def startup_check(data_dir: str | os.PathLike, timeout: float = 2.0, *, defer_large: bool = False) -> CheckResult:
    """``core.safety.integrity.check_at_start``; when the file is damaged,
    ``newest_good`` names the backup to propose for ``recover``."""
    return check_at_start(data_dir, timeout, defer_large=defer_large, find_good=newest_good_backup)


# ------------------------------------------------------------ restore
def _validate_source(file: Path) -> dict:
    res = check_file(file)
    if not res.ok:
        raise BackupError(f"Không khôi phục được từ {file.name}: " + res.message)
    info = describe_backup(file)
    if not info["ok"]:
        raise BackupError(info["error"] or f"Tệp {file.name} không đọc được.")
    if info["newer"]:
        raise BackupError("Bản sao lưu này do phiên bản Sổ Dân vận mới hơn tạo ra; hãy cài phiên bản mới hơn để "
                          "khôi phục. Dữ liệu hiện tại không bị thay đổi.")
    return info


def restore(store, file: str | os.PathLike, prepare=None) -> Path:
    """Replace the store's data with ``file``'s, after backing the current
    data up (returned path).  The open store stays usable.
    ``prepare(src, folder) -> connection``: what replaces the book is that
    connection's database, made from the source's (``core.safety.secrets``
    re-keys a copy in memory for a protected book, so its secrets are never
    on disk in clear); its attachment paths are the ones copied."""
    file = Path(file)
    _validate_source(file)
    wait_for_backups()
    if file.resolve() == store.path.resolve():
        raise BackupError("Không thể khôi phục từ chính tệp dữ liệu đang dùng.")
    safety = make_backup(store, "restore")
    src = connect_ro(file)
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
        only = _attachment_paths(file)
    store.conn.execute("PRAGMA journal_mode = WAL")
    store._enum_cache = None
    store._deadlines = None
    store.migrate()  # an older backup is brought up to date (backed up first)
    _copy_attachments(file.parent / ATTACHMENTS_DIRNAME, store.data_dir / ATTACHMENTS_DIRNAME, only)
    log.info("restored from %s (previous data saved as %s)", file, safety)
    return safety


def recover(data_dir: str | os.PathLike, file: str | os.PathLike, now: dt.datetime | None = None) -> Path | None:
    """Guided recovery when the store cannot be opened: the damaged file (and
    its -wal/-shm) is moved to ``sao_luu/tep_hong/<time>/`` — never deleted —
    then ``file`` is copied in.  Returns the folder holding the damaged file."""
    data_dir = Path(data_dir)
    file = Path(file)
    _validate_source(file)
    now = now or dt.datetime.now()
    target = data_dir / DB_FILENAME
    aside = None
    if any((data_dir / (DB_FILENAME + s)).exists() for s in ("", "-wal", "-shm")):
        aside = backup_dir(data_dir) / DAMAGED_DIRNAME / f"{now:%Y-%m-%d_%H%M%S}"
        aside.mkdir(parents=True, exist_ok=True)
        for s in ("", "-wal", "-shm"):
            p = data_dir / (DB_FILENAME + s)
            if p.exists():
                shutil.move(str(p), str(aside / p.name))
    src = connect_ro(file)
    try:
        _copy_db(src, target)
    finally:
        src.close()
    _copy_attachments(file.parent / ATTACHMENTS_DIRNAME, data_dir / ATTACHMENTS_DIRNAME, _attachment_paths(file))
    clear_recheck(data_dir)  # the damaged file it was about is aside
    log.warning("recovered %s from %s (damaged file kept in %s)", target, file, aside)
    return aside
