"""Changing the key of a book as one job that a crash never leaves half done
(set, change or clear the password, restore into a protected book, the
upgrade that binds old ciphertexts): see ``core.safety.secrets`` for the
sequence and the guarantees."""
from __future__ import annotations

import datetime as dt
import json
import logging
import os
import sqlite3
from pathlib import Path

from core.paths import DB_FILENAME, REKEY_MARKER, REKEY_SUFFIX
from core.records.secrecy import SECRET_KINDS, SECRET_LOAI, SECRET_SORT_KEY, secret_fields
from core.safety import audit, secret_files
from core.safety.secret_fields import (
    _REVEALED,
    _activate,
    _blank,
    _new_params,
    _note,
    _seal,
    check_password,
    key_from_params,
    password_required,
    row_aad,
    unseal,
)
from core.safety.secret_files import (
    BOUND_SETTING,
    KEYS,
    SETTING,
    UPGRADE_SETTING_VISITS,
    SecurityError,
    _err,
    is_bound,
    opens_with,
    queue_unlink,
    rekey_attachments,
    relative_path,
    unlink_all,
)
from core.text import sort_key

log = logging.getLogger(__name__)

# The job in progress, committed with the book's own re-keying (see above).
REKEY_SETTING = "bao_mat.doi_khoa"
VACUUM_MESSAGE = ("Chưa dọn được bản cũ của dữ liệu trong tệp vì ổ đĩa không đủ chỗ trống ({why}). "
                  "Hãy giải phóng chỗ trống trên ổ đĩa rồi mở lại chương trình (hoặc chạy lệnh check): "
                  "việc này sẽ tự hoàn tất.")
DISK_MESSAGE = ("Không ghi được vào thư mục dữ liệu ({why}); chưa có gì thay đổi. "
                "Hãy kiểm tra ổ đĩa (còn chỗ trống, được phép ghi) rồi thử lại.")
_ROLLED_BACK = {
    "dat": "Lần đặt mật khẩu trước bị ngắt giữa chừng nên chưa có hiệu lực: dữ liệu vẫn chưa có mật khẩu. "
           "Hãy đặt lại mật khẩu (menu Dữ liệu → Mật khẩu, hoặc lệnh password set).",
    "doi": "Lần đổi mật khẩu trước bị ngắt giữa chừng nên chưa có hiệu lực: vẫn dùng mật khẩu cũ. "
           "Hãy đổi lại mật khẩu nếu cần.",
    "bo": "Lần bỏ mật khẩu trước bị ngắt giữa chừng nên chưa có hiệu lực: dữ liệu vẫn có mật khẩu.",
    "khoi_phuc": "Lần khôi phục dữ liệu trước bị ngắt giữa chừng nên chưa có hiệu lực: dữ liệu vẫn như trước "
                 "khi khôi phục. Hãy khôi phục lại nếu cần.",
    "nang_cap": "Lần mã hóa thông tin người tố cáo trước bị ngắt giữa chừng; việc này sẽ được làm lại khi mở "
                "chương trình bằng mật khẩu.",
}
_FINISHED = {
    "dat": "Việc đặt mật khẩu bị ngắt lần trước đã được hoàn tất: các bản sao lưu tự động đã được mã hóa.",
    "doi": "Việc đổi mật khẩu bị ngắt lần trước đã được hoàn tất: các bản sao lưu tự động dùng mật khẩu mới.",
    "bo": "Việc bỏ mật khẩu bị ngắt lần trước đã được hoàn tất.",
    "khoi_phuc": "Việc khôi phục dữ liệu bị ngắt lần trước đã được hoàn tất.",
    "nang_cap": "Việc mã hóa thông tin người tố cáo bị ngắt lần trước đã được hoàn tất.",
}


# ----------------------------------------------------- re-keying a database
def _cols(conn, table: str) -> set[str]:
    return {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}


def _tables(conn) -> set[str]:
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def _rekey_conn(conn: sqlite3.Connection, old_key: bytes | None, new_key: bytes | None,
                data_dir: Path | None = None, att: dict | None = None, src_dir: Path | None = None) -> int:
    """Move every tố cáo identity of one database from ``old_key`` (or
    clear) to ``new_key`` (bound to its row) or clear — and, with
    ``data_dir``, the tố cáo attachment files (``att``: the
    ``done``/``created``/``replaced`` of ``secret_files.rekey_attachments``,
    shared by the live database and its backups; ``src_dir``: where the
    files are read, a restored backup's folder).  A row already in the
    wanted state is left alone.  Returns the number of records touched."""
    tables = _tables(conn)
    legacy = not is_bound(conn)
    n = 0
    for table in SECRET_KINDS:
        if table not in tables:
            continue
        cols = _cols(conn, table)
        if "bi_mat" not in cols:
            continue  # a backup older than the column: migrated before it is given a key
        fields = secret_fields(table)
        has_sort = "sort_key" in cols
        rows = conn.execute(f"SELECT id, loai, bi_mat, {', '.join(fields)} FROM {table} "
                            "WHERE loai = 'to_cao' OR bi_mat IS NOT NULL").fetchall()
        for r in rows:
            rid = r[0]
            clear = {k: v for k, v in zip(fields, r[3:]) if v not in (None, "")}
            sets = _rekeyed(table, rid, r[1], r[2], clear, old_key, new_key, legacy, has_sort)
            if sets is not None:
                conn.execute(f"UPDATE {table} SET {', '.join(f'{c}=?' for c in sets)} WHERE id=?",
                             [*sets.values(), rid])
                n += 1
    n += _rekey_trash(conn, tables, old_key, new_key, legacy)
    if data_dir is not None:
        rekey_attachments(conn, Path(data_dir), old_key, new_key, src_dir=src_dir, **(att if att is not None else {}))
    return n


def _rekeyed(table: str, rid, loai, blob, clear: dict, old_key, new_key, legacy: bool,
             has_sort: bool) -> dict | None:
    """The identity columns of one row as ``new_key`` wants them (sealed to
    the row, or clear), or None when the row is already so."""
    fields = secret_fields(table)
    to_cao = loai == SECRET_LOAI
    want = new_key is not None and to_cao
    if blob:
        if want and not clear and opens_with(new_key, blob, row_aad(table, rid)):
            return None  # already what is wanted
        if old_key is None:
            raise SecurityError("Dữ liệu bảo mật cần mật khẩu cũ để giải mã.")
        plain = unseal(old_key, table, rid, blob, legacy)
        plain.update(clear)
    else:
        if not want:
            return None  # clear and wanted clear
        plain = clear
    if want:
        sets = {f: _blank(table, f) for f in fields}
        sets["bi_mat"] = _seal(new_key, table, rid, plain)
        if has_sort:
            sets["sort_key"] = SECRET_SORT_KEY
    else:
        sets = {f: plain.get(f, _blank(table, f)) for f in fields}
        sets["bi_mat"] = None
        if has_sort:
            sets["sort_key"] = SECRET_SORT_KEY if to_cao else sort_key(plain.get("ho_ten"))
    return sets


def _rekey_trash(conn, tables: set[str], old_key, new_key, legacy: bool) -> int:
    """The records in the trash (``core.records.trash``: each row kept as
    JSON) follow the same rule as the live ones: a tố cáo deleted before the
    password was set is encrypted with it, like the records still in use."""
    if "thung_rac" not in tables:
        return 0
    n = 0
    marks = ", ".join("?" * len(SECRET_KINDS))
    for tid, kind, data in conn.execute(f"SELECT id, loai, du_lieu FROM thung_rac WHERE loai IN ({marks})",
                                        list(SECRET_KINDS)).fetchall():
        payload = json.loads(data)
        row = payload.get("row") or {}
        fields = secret_fields(kind)
        clear = {f: row.get(f) for f in fields if row.get(f) not in (None, "")}
        sets = _rekeyed(kind, row.get("id"), row.get("loai"), row.get("bi_mat"), clear, old_key, new_key, legacy,
                        "sort_key" in row)
        if sets is not None:
            row.update(sets)
            conn.execute("UPDATE thung_rac SET du_lieu=? WHERE id=?", (json.dumps(payload, ensure_ascii=False), tid))
            n += 1
    return n


def _needs_upgrade(conn) -> bool:
    """A protected book whose secrets are not all as this version keeps
    them: an unbound ciphertext, a tố cáo identity in clear (a visit of a
    book older than their protection), a tố cáo file not encrypted."""
    try:
        if conn.execute("SELECT 1 FROM setting WHERE key=?", (SETTING,)).fetchone() is None:
            return False
        if not is_bound(conn):
            return True
        tables = _tables(conn)
        for table in SECRET_KINDS:
            if table not in tables or "bi_mat" not in _cols(conn, table):
                continue
            ident = " OR ".join(f"COALESCE({f}, '') <> ''" for f in secret_fields(table))
            if conn.execute(f"SELECT 1 FROM {table} WHERE loai = 'to_cao' AND ({ident}) LIMIT 1").fetchone():
                return True
            if "dinh_kem" in tables and conn.execute(
                    f"SELECT 1 FROM dinh_kem a JOIN {table} d ON d.id = a.record_id WHERE a.record_kind = ? "
                    "AND d.loai = 'to_cao' AND a.ten_goc NOT LIKE 'v2:%' LIMIT 1", (table,)).fetchone():
                return True
    except sqlite3.Error:
        return False
    return False


def _migrate_conn(conn: sqlite3.Connection):
    """The pending migrations of a database that is not a store (a backup
    copy, a restored copy in memory), so it has every secret column."""
    import sqlite_utils

    from core.records import schema

    db = sqlite_utils.Database(conn, execute_plugins=False)
    for s in schema.MIGRATION_SETS:
        s.apply(db)
    conn.execute(f"PRAGMA user_version = {len(schema.known_migration_names())}")


def _needs_migration(conn) -> bool:
    tables = _tables(conn)
    return any(t in tables and "bi_mat" not in _cols(conn, t) for t in SECRET_KINDS)


def _set_params(conn, params: dict | None):
    if params is None:
        conn.execute("DELETE FROM setting WHERE key=?", (SETTING,))
    else:
        conn.execute("INSERT INTO setting(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value=excluded.value",
                     (SETTING, json.dumps(params)))
    conn.execute("INSERT INTO setting(key, value) VALUES (?, '1') ON CONFLICT(key) DO UPDATE SET value='1'",
                 (BOUND_SETTING,))
    if params is not None:
        conn.execute("INSERT INTO setting(key, value) VALUES (?, '1') ON CONFLICT(key) DO UPDATE SET value='1'",
                     (UPGRADE_SETTING_VISITS,))


def _vacuum(conn: sqlite3.Connection):
    conn.execute("VACUUM")


def _scrub(conn: sqlite3.Connection):
    """No clear copy left in free pages, the search indexes or the WAL."""
    for table in SECRET_KINDS:
        try:
            conn.execute(f"INSERT INTO {table}_fts({table}_fts) VALUES ('optimize')")
        except sqlite3.Error:
            pass
    _vacuum(conn)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _fsync_dir(d: Path):
    if os.name != "posix":
        return
    try:
        fd = os.open(str(d), os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError:
        pass


def _prepared(path: Path) -> Path:
    return path.with_name(path.name + REKEY_SUFFIX)


def _remove_db_file(path: Path):
    for suffix in ("", "-journal", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)


def _prepare_backup(path: Path, old_key, new_key, params, data_dir: Path, att: dict) -> Path:
    """A re-keyed copy of the backup ``path`` beside it (``REKEY_SUFFIX``),
    complete on disk; the backup itself is not touched."""
    tmp = _prepared(path)
    _remove_db_file(tmp)
    try:
        # read-write: a journal a killed copy left beside it is rolled back, as
        # SQLite does (the backup is ours, in our folder, and about to be replaced)
        from core.records.store import sqlite_uri

        src = sqlite3.connect(sqlite_uri(path, "rw"), uri=True, isolation_level=None)
        try:
            out = sqlite3.connect(str(tmp), isolation_level=None)
            try:
                src.backup(out)
            finally:
                out.close()
        finally:
            src.close()
        out = sqlite3.connect(str(tmp), isolation_level=None)
        try:
            out.execute("PRAGMA journal_mode = DELETE")
            out.execute("PRAGMA secure_delete = ON")
            if new_key is not None and _needs_migration(out):
                _migrate_conn(out)
            out.execute("BEGIN")
            _rekey_conn(out, old_key, new_key, data_dir, att)
            _set_params(out, params)
            out.execute("COMMIT")
            _vacuum(out)
        finally:
            out.close()
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
    except BaseException:
        _remove_db_file(tmp)
        raise
    return tmp


def _marker(data_dir) -> Path:
    return Path(data_dir) / REKEY_MARKER


def _write_marker(data_dir: Path, what: str):
    p = _marker(data_dir)
    tmp = p.with_name(p.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump({"viec": what, "bat_dau": dt.datetime.now().isoformat(timespec="seconds")}, fh)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, p)
    _fsync_dir(Path(data_dir))


def _read_marker(data_dir) -> dict | None:
    p = _marker(data_dir)
    if not p.exists():
        return None
    try:
        return json.loads(p.read_text(encoding="utf-8")) or {}
    except (OSError, ValueError):
        return {}


def _leftover_copies(data_dir) -> list[Path]:
    from core.safety.backup import backup_dir

    d = backup_dir(data_dir)
    if not d.is_dir():
        return []
    return [p for p in d.iterdir() if REKEY_SUFFIX in p.name and p.name.startswith("sodanvan")]


def _disk_error(e: BaseException) -> SecurityError:
    why = getattr(e, "strerror", None) or str(e) or type(e).__name__
    return SecurityError(DISK_MESSAGE.format(why=why))


def _run_job(store, what: str, old_key: bytes | None, new_key: bytes | None, params: dict | None,
             note=None) -> list[str]:
    """Bring the book, its automatic backups and the tố cáo files from
    ``old_key`` (or clear) to ``new_key``/``params`` (or clear), as a job a
    crash never leaves half done (module docstring).  ``note(n)``: the audit
    log's note, ``n`` records touched.  Returns what the clerk should be told
    (a backup that could not be re-keyed, a clean-up left for later)."""
    from core.safety import backup

    backup.wait_for_backups()
    problems = _finish_or_raise(store)  # a job of an earlier session first
    data_dir = store.data_dir
    att = {"done": {}, "created": [], "replaced": set()}
    prepared: list[str] = []
    removed: list[str] = []
    committed = False
    store.conn.execute("PRAGMA secure_delete = ON")
    try:
        _write_marker(data_dir, what)
        for b in backup.list_backups(data_dir):
            try:
                _prepare_backup(b.path, old_key, new_key, params, data_dir, att)
                prepared.append(b.path.name)
            except SecurityError as e:  # under another password: encrypted, kept as it is
                problems.append(f"Bản sao lưu {b.path.name} dùng một mật khẩu khác nên được giữ nguyên ({e}).")
            except sqlite3.DatabaseError as e:
                if isinstance(e, sqlite3.OperationalError) and "full" in str(e).lower():
                    raise
                from core.safety.integrity import check_file

                if check_file(b.path).ok:  # readable but busy, …: kept, named (and checked again at the end)
                    log.warning("backup %s not re-keyed: %s", b.path.name, e)
                    problems.append(f"Không xử lý được bản sao lưu {b.path.name} ({e}); hãy thử lại sau.")
                    continue
                removed.append(b.path.name)  # damaged: it cannot be re-keyed, so it goes with the job
                problems.append(f"Bản sao lưu {b.path.name} bị hỏng, không mã hóa lại được nên đã được xóa.")
        counted = {}
        with store.transaction():
            counted["n"] = _rekey_conn(store.conn, old_key, new_key, data_dir, att)
            _set_params(store.conn, params)
            # replaced files, and files written for a backup that then failed: deleted
            # once nothing refers to them (secret_files.flush_pending)
            live = {r[0] for r in store.conn.execute("SELECT duong_dan FROM dinh_kem")}
            queue_unlink(store.conn, sorted(att["replaced"]) + [
                rel for rel in (relative_path(data_dir, p) for p in att["created"]) if rel not in live])
            store.conn.execute(
                "INSERT INTO setting(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value=excluded.value",
                (REKEY_SETTING, json.dumps({"viec": what, "sao_luu": prepared, "xoa": removed})))
            if note is not None:
                audit.log_event(store, "password", note=note(counted["n"]))
        committed = True
    except BaseException as e:
        if not committed:
            _rollback(store, att["created"])
            if isinstance(e, OSError) or (isinstance(e, sqlite3.OperationalError) and "full" in str(e).lower()):
                log.warning("re-key %s failed: %s", what, _err(e))
                raise _disk_error(e) from e
        raise
    _REVEALED.pop(store, None)
    _activate(store, new_key)
    log.info("re-key %s committed: %d records, %d backups", what, counted["n"], len(prepared))
    try:
        problems += _finish(store)
    except SecurityError as e:
        problems.append(str(e))
    return problems


def _rollback(store, created=()):
    """Undo what a job wrote before its commit: the re-keyed copies of the
    backups, the attachment files, the uncommitted pages in the WAL."""
    for p in _leftover_copies(store.data_dir):
        try:
            p.unlink()
        except OSError as e:
            log.warning("could not remove a re-keyed copy: %s", _err(e))
    unlink_all(created)
    try:
        secret_files.sweep_orphans(store)
    except (OSError, sqlite3.Error) as e:
        log.warning("files of an interrupted re-key not swept: %s", _err(e))
    try:
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except sqlite3.Error:
        pass
    _marker(store.data_dir).unlink(missing_ok=True)


def _finish(store) -> list[str]:
    """The part of a committed job that needs no key: the re-keyed copies
    replace the backups, the book is vacuumed, replaced files are deleted,
    then the job's record and marker go.  ``SecurityError`` when the VACUUM
    fails (the job stays, to be finished at the next start)."""
    from core.safety.backup import backup_dir

    job = store.get_setting(REKEY_SETTING)
    if job is None:
        return []
    bdir = backup_dir(store.data_dir)
    for name in job.get("sao_luu", []):
        tmp = _prepared(bdir / name)
        if tmp.exists():
            os.replace(tmp, bdir / name)
    for name in job.get("xoa", []):
        _remove_db_file(bdir / name)
    for p in _leftover_copies(store.data_dir):  # a copy of a backup the job no longer lists
        p.unlink(missing_ok=True)
    _fsync_dir(bdir)
    try:
        _scrub(store.conn)
    except sqlite3.Error as e:
        log.warning("vacuum after re-key failed: %s", e)
        raise SecurityError(VACUUM_MESSAGE.format(why=e)) from e
    try:
        secret_files.flush_pending(store)
    except (OSError, sqlite3.Error) as e:
        log.warning("replaced attachment files not deleted yet: %s", _err(e))
    out = _stragglers(store)
    # the marker before the job's record: killed in between, the next start
    # finishes (again, a no-op) rather than reports a roll-back
    _marker(store.data_dir).unlink(missing_ok=True)
    _fsync_dir(Path(store.data_dir))
    with store.transaction():
        store.conn.execute("DELETE FROM setting WHERE key=?", (REKEY_SETTING,))
    return out


def _stragglers(store) -> list[str]:
    """Backups that are not as the book's password wants (one made beside
    the job by another program): re-keyed when the key is at hand, else
    named for the clerk."""
    from core.safety.backup import list_backups
    from core.safety.integrity import connect_ro

    params = store.get_setting(SETTING)
    key = KEYS.get(store)
    out = []
    for b in list_backups(store.data_dir):
        try:
            conn = connect_ro(b.path)
            try:
                bparams = conn.execute("SELECT value FROM setting WHERE key=?", (SETTING,)).fetchone()
                bparams = json.loads(bparams[0]) if bparams and bparams[0] else None
                clear = False
                for table in SECRET_KINDS:
                    if table in _tables(conn):
                        ident = " OR ".join(f"COALESCE({f}, '') <> ''" for f in secret_fields(table))
                        clear = clear or bool(conn.execute(
                            f"SELECT 1 FROM {table} WHERE loai = 'to_cao' AND ({ident}) LIMIT 1").fetchone())
            finally:
                conn.close()
        except sqlite3.Error:
            continue
        if params is None or not clear:
            continue
        if key is not None and (bparams is None or bparams.get("salt") == params.get("salt")):
            att = {"done": {}, "created": [], "replaced": set()}
            try:
                tmp = _prepare_backup(b.path, None if bparams is None else key, key, params, store.data_dir, att)
                os.replace(tmp, b.path)
                with store.transaction():
                    queue_unlink(store.conn, sorted(att["replaced"]))
                secret_files.flush_pending(store)
                continue
            except (sqlite3.Error, SecurityError, OSError) as e:
                unlink_all(att["created"])
                log.warning("backup %s not re-keyed: %s", b.path.name, _err(e))
        out.append(f"Bản sao lưu {b.path.name} còn thông tin người tố cáo chưa mã hóa: hãy mở chương trình bằng "
                   "mật khẩu để mã hóa, hoặc xóa bản sao lưu này.")
    return out


def _finish_or_raise(store) -> list[str]:
    """Before a new job: the last one finished (or rolled back)."""
    if store.get_setting(REKEY_SETTING) is not None:
        return _finish(store)
    if _read_marker(store.data_dir) is not None or _leftover_copies(store.data_dir):
        _rollback(store)
    return []


def resume(store) -> list[str]:
    """At the start (``install``) and in ``check``: a job killed after its
    commit is finished, one killed before is rolled back; no key needed.
    Returns what to tell the clerk (also kept for ``pending_notes``)."""
    from core.safety.instance import open_elsewhere

    job = store.get_setting(REKEY_SETTING)
    marker = _read_marker(store.data_dir)
    if job is None and marker is None and not _leftover_copies(store.data_dir):
        return []
    if getattr(store, "read_only", False) or open_elsewhere(store.data_dir):
        return []  # a reading command beside the window (or on a read-only folder): the window's job
    out = []
    if job is not None:
        try:
            problems = _finish(store)
            out.append(_FINISHED.get(job.get("viec"), _FINISHED["nang_cap"]))
            out += problems
        except SecurityError as e:
            out.append(str(e))
    else:
        _rollback(store)
        out.append(_ROLLED_BACK.get((marker or {}).get("viec"), _ROLLED_BACK["nang_cap"]))
    for text in out:
        _note(store, text)
    return out


def job_pending(data_dir) -> bool:
    """A job of an earlier session is to be finished or rolled back (read
    only: for ``check``, before it opens the book to do it)."""
    if _read_marker(data_dir) is not None or _leftover_copies(data_dir):
        return True
    path = Path(data_dir) / DB_FILENAME
    if not path.exists():
        return False
    try:
        from core.safety.integrity import connect_ro
        conn = connect_ro(path)
        try:
            return conn.execute("SELECT 1 FROM setting WHERE key=?", (REKEY_SETTING,)).fetchone() is not None
        finally:
            conn.close()
    except sqlite3.Error:
        return False


def clear_copies(data_dir) -> list[str]:
    """The files of the folder (the book, its automatic backups) that hold
    a tố cáo identity in clear although the book has a password — read
    only, for ``check``.  Empty for a book without a password."""
    from core.safety.backup import list_backups
    from core.safety.integrity import connect_ro

    if not password_required(data_dir):
        return []
    out = []
    for path in [Path(data_dir) / DB_FILENAME] + [b.path for b in list_backups(data_dir)]:
        try:
            conn = connect_ro(path)
            try:
                tables = _tables(conn)
                for table in SECRET_KINDS:
                    if table not in tables:
                        continue
                    ident = " OR ".join(f"COALESCE({f}, '') <> ''" for f in secret_fields(table))
                    if conn.execute(f"SELECT 1 FROM {table} WHERE loai = 'to_cao' AND ({ident}) LIMIT 1").fetchone():
                        out.append(path.name)
                        break
            finally:
                conn.close()
        except sqlite3.Error:
            continue
    return out


def _resume_quietly(store):
    try:
        resume(store)
    except (OSError, sqlite3.Error) as e:  # never stops the book from opening
        _note(store, "Chưa hoàn tất được việc đổi mật khẩu bị ngắt lần trước "
                     f"({getattr(e, 'strerror', None) or e}); chương trình sẽ thử lại ở lần mở sau.")


def _upgrade_quietly(store):
    """Once unlocked: the book's secrets as this version keeps them (tố cáo
    visits encrypted, every ciphertext bound to its row), backups included,
    as a job — not by a reading command beside the window."""
    from core.safety.instance import open_elsewhere

    if getattr(store, "read_only", False) or not _needs_upgrade(store.conn):
        return
    try:
        if open_elsewhere(store.data_dir):
            return
        key = KEYS[store]
        for p in _run_job(store, "nang_cap", key, key, store.get_setting(SETTING),
                          note=lambda n: f"Nâng cấp bảo mật: thông tin người tố cáo của {n} hồ sơ được mã hóa "
                                         "gắn với từng hồ sơ"):
            _note(store, p)
    except (SecurityError, OSError, sqlite3.Error) as e:
        _note(store, f"Chưa mã hóa xong thông tin người tố cáo ({e}); chương trình sẽ thử lại ở lần mở sau.")


# ------------------------------------------------------ password changes
def set_password(store, new_password: str, old_password: str | None = None) -> list[str]:
    """Set (or change) the password and encrypt the denouncers' identities
    in the database and in the automatic backups.  Returns what the clerk
    should be told (backups kept as they were, a clean-up left for later)."""
    check_password(store, new_password)
    old_params = store.get_setting(SETTING)
    old_key = None
    if old_params is not None:
        old_key = key_from_params(old_params, old_password or "")
        if old_key is None:
            raise SecurityError("Mật khẩu hiện tại không đúng.")
    params, key = _new_params(new_password)
    what = "doi" if old_params else "dat"
    label = "Đổi mật khẩu" if old_params else "Đặt mật khẩu"
    problems = _run_job(store, what, old_key, key, params,
                        note=lambda n: f"{label}; thông tin người tố cáo của {n} hồ sơ được mã hóa")
    log.info("password %s", "changed" if old_params else "set")
    return problems


def clear_password(store, password: str) -> list[str]:
    params = store.get_setting(SETTING)
    if params is None:
        return []
    key = key_from_params(params, password)
    if key is None:
        raise SecurityError("Mật khẩu không đúng.")
    return _run_job(store, "bo", key, None, None, note=lambda n: "Bỏ mật khẩu")


