"""Integrity of the data file (SPEC §8, issue 4): the checks, the start-up
check and the markers it reads.

- ``check_file(path)``: ``PRAGMA quick_check`` (``full=True``: the full
  ``integrity_check`` of the ``check`` command, plus the foreign keys) of a
  database file, read-only; ``CheckResult`` says what is wrong in Vietnamese.
- ``check_at_start(data_dir)``: what the app runs before opening the store —
  the file is readable, writable, not locked, not from a newer version
  (``is_newer``) and passes quick_check.  ``core.safety.backup.startup_check``
  adds the newest good backup to propose when the file is damaged.
  A book that is empty (0 bytes, or no table at all: a truncated copy, a
  file zeroed by a crash) beside backups is damaged too — never silently
  a new book; only a folder without backups starts one.
- ``schema_problems(conn)``: every table, column and trigger the applied
  migrations create is there (a table dropped with another tool makes
  ``check`` fail, not ``report``), every setting reads as JSON, the
  password's KDF parameters are sane (``kdf_params_problem``).
- ``folder_writable(data_dir)``; ``connect_ro`` reads a book in a read-only
  folder too (``immutable``: nothing can change it there), and decodes a
  damaged text leniently — a damaged byte is a damaged file, never a
  ``UnicodeDecodeError`` (``DB_ERRORS``).
  With ``defer_large=True`` (the GUI) a file above ``LARGE_FILE_BYTES`` gets
  only the cheap checks at start, unless the last session did not end
  cleanly (``SESSION_MARKER``) or a background check found a problem
  (``RECHECK_MARKER``); ``BackgroundCheck`` then runs quick_check in a worker
  thread while the clerk works.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import os
import sqlite3
from pathlib import Path

from core.paths import BACKUP_DIRNAME, DB_FILENAME, RECHECK_MARKER, SESSION_MARKER
from core.records.store import DB_ERRORS, book_is_empty, folder_writable, lenient_text, sqlite_uri

log = logging.getLogger(__name__)

__all__ = ["DB_ERRORS", "folder_writable"]


# ------------------------------------------------------------ helpers
# The read-only connection every safety module uses to look into a database
# file (a backup, a merge source, the book before it is opened).
def _uri(path: Path, mode: str = "ro") -> str:
    return sqlite_uri(path, mode)


def connect_ro(path: Path, timeout: float = 5.0) -> sqlite3.Connection:
    """A read-only connection.  In a folder that cannot be written (a
    write-protected USB stick, a read-only share) and with no ``-wal`` file
    to read, the file is opened ``immutable`` (SQLite could not create its
    ``-shm`` there).  Damaged text decodes with U+FFFD instead of raising."""
    path = Path(path)
    immutable = not folder_writable(path.parent) and not Path(str(path) + "-wal").exists()
    conn = sqlite3.connect(sqlite_uri(path, "ro", immutable=immutable), uri=True, timeout=timeout,
                           check_same_thread=False)
    conn.text_factory = lenient_text
    return conn


# ------------------------------------------------------------ checks
@dataclasses.dataclass
class CheckResult:
    ok: bool
    problem: str | None = None  # corrupt | newer | locked | readonly | missing
    message: str = ""
    details: list[str] = dataclasses.field(default_factory=list)
    newest_good: Path | None = None
    deferred: bool = False  # quick_check left to ``BackgroundCheck`` (large file)


def _run_check(conn: sqlite3.Connection, pragma: str) -> list[str]:
    rows = [r[0] for r in conn.execute(f"PRAGMA {pragma}").fetchall()]
    return [] if rows == ["ok"] else rows


def check_file(path: str | os.PathLike, full: bool = False, timeout: float = 5.0) -> CheckResult:
    """``quick_check`` (or the full ``integrity_check``) of a database file,
    read-only, then its schema and settings (``schema_problems``).  An empty
    file (``book_is_empty``) is not a good copy.  Never modifies the file."""
    path = Path(path)
    if not path.exists():
        return CheckResult(False, "missing", f"Không tìm thấy tệp {path}.")
    try:
        if book_is_empty(path):
            return CheckResult(False, "corrupt", empty_message(path), [EMPTY_DETAIL])
        conn = connect_ro(path, timeout)
    except DB_ERRORS as e:
        return classify_error(path, e)
    except OSError as e:
        return classify_error(path, e)
    try:
        problems = _run_check(conn, "integrity_check" if full else "quick_check")
        if not problems:
            fk = conn.execute("PRAGMA foreign_key_check").fetchall() if full else []
            if fk:
                problems = [f"Liên kết hỏng: bảng {r[0]} dòng {r[1]} → {r[2]}" for r in fk[:20]]
        if not problems:
            problems = schema_problems(conn)
            if problems:
                return CheckResult(False, "corrupt", _tampered_message(path), problems[:20])
    except DB_ERRORS as e:
        return classify_error(path, e)
    finally:
        conn.close()
    if problems:
        return CheckResult(False, "corrupt", _corrupt_message(path), problems[:20])
    return CheckResult(True, None, "Dữ liệu nguyên vẹn (đã kiểm tra, không có lỗi).")


EMPTY_DETAIL = "Tệp trống: không có bảng dữ liệu nào."


def empty_message(path: Path) -> str:
    return (f"Tệp dữ liệu {path.name} trống (0 byte hoặc không còn bảng dữ liệu nào) — thường do mất điện, "
            "tắt máy đột ngột hoặc chép tệp bị hỏng. Chương trình không tạo sổ mới đè lên: hãy khôi phục từ "
            "bản sao lưu gần nhất còn tốt; tệp hiện tại sẽ được giữ lại riêng, không bị xóa.")


def _tampered_message(path: Path) -> str:
    return (f"Tệp dữ liệu {path.name} thiếu bảng, cột hoặc có cài đặt bị hỏng (có thể đã bị sửa bằng công cụ "
            "khác ngoài Sổ Dân vận). Hãy khôi phục từ bản sao lưu gần nhất còn tốt; tệp hiện tại sẽ được giữ "
            "lại riêng, không bị xóa.")


# ------------------------------------------------------------ schema
_EXPECTED: dict[frozenset, dict[str, set[str]]] = {}


def expected_schema(applied: frozenset) -> dict[str, set[str]]:
    """``{table: {columns}}`` (and ``{"trigger:<name>": set()}``) that the
    ``applied`` migrations create, built once per set in memory."""
    if applied not in _EXPECTED:
        import sqlite_utils

        from core.records import schema

        conn = sqlite3.connect(":memory:")
        try:
            db = sqlite_utils.Database(conn, execute_plugins=False)
            for s in schema.MIGRATION_SETS:
                for m in s._migrations:
                    if (s.name, m.name) in applied:
                        m.fn(db)
            _EXPECTED[applied] = _schema_of(conn)
        finally:
            conn.close()
    return _EXPECTED[applied]


def _schema_of(conn: sqlite3.Connection) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for typ, name in conn.execute("SELECT type, name FROM sqlite_master WHERE type IN ('table', 'trigger')"):
        if typ == "trigger":
            out[f"trigger:{name}"] = set()
        elif not name.startswith("sqlite_"):
            q = name.replace('"', '""')
            out[name] = {r[1] for r in conn.execute(f'PRAGMA table_info("{q}")')}
    return out


# The password's key derivation (core.safety.secrets): what a sane book holds.
_KDF_LIMITS = {"n": (2 ** 10, 2 ** 20), "r": (1, 32), "p": (1, 16)}
KDF_BROKEN = ("Thông số mật khẩu trong tệp dữ liệu bị hỏng (có thể đã bị sửa bằng công cụ khác), nên không thể "
              "kiểm tra mật khẩu. Hãy khôi phục từ bản sao lưu gần nhất còn tốt.")


def kdf_params_problem(params) -> str | None:
    """None when ``params`` (the password setting) can be used; else what is
    wrong, in Vietnamese (a huge ``n`` would take gigabytes, a missing salt
    a traceback)."""
    import base64
    import binascii

    if not isinstance(params, dict):
        return "thông số mật khẩu không phải một bộ giá trị"
    if params.get("kdf", "scrypt") != "scrypt":
        return f"kiểu mã hóa mật khẩu “{params.get('kdf')}” không được hỗ trợ"
    for name, (lo, hi) in _KDF_LIMITS.items():
        v = params.get(name)
        if isinstance(v, bool) or not isinstance(v, int) or not lo <= v <= hi:
            return f"thông số {name} = {v!r} nằm ngoài giới hạn {lo}–{hi}"
    if params["n"] & (params["n"] - 1):
        return f"thông số n = {params['n']} không phải lũy thừa của 2"
    try:
        salt = base64.b64decode(params.get("salt") or "", validate=True)
    except (binascii.Error, ValueError, TypeError):
        salt = b""
    if not 8 <= len(salt) <= 64:
        return "muối (salt) của mật khẩu bị hỏng"
    check = params.get("check")
    if not isinstance(check, str) or len(check) != 64:
        return "mã kiểm tra mật khẩu bị hỏng"
    return None


PASSWORD_SETTING = "bao_mat.mat_khau"  # core.safety.secret_files.SETTING (no import: a cycle)


def schema_problems(conn: sqlite3.Connection) -> list[str]:
    """What the migrations recorded in the file should have created but is
    missing, and the settings that do not read (Vietnamese, one per line).
    A file without the migrations table is no Sổ Dân vận book: nothing to
    compare (``describe_backup`` says so)."""
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if "_sqlite_migrations" not in tables:
        if tables & {"unit", "don_thu", "setting"}:
            return ["Thiếu bảng _sqlite_migrations (danh sách các lần nâng cấp dữ liệu)."]
        return []
    applied = frozenset((r[0], r[1]) for r in conn.execute("SELECT migration_set, name FROM _sqlite_migrations"))
    from core.records import schema

    if applied - schema.known_migration_names():
        return []  # a newer version's file: is_newer says so, its schema is not ours to judge
    have = _schema_of(conn)
    out = []
    for name, cols in sorted(expected_schema(applied).items()):
        if name.startswith("trigger:"):
            if name not in have:
                out.append(f"Thiếu trigger {name[8:]}.")
        elif name not in have:
            out.append(f"Thiếu bảng {name}.")
        elif cols - have[name]:
            out.append(f"Bảng {name} thiếu cột {', '.join(sorted(cols - have[name]))}.")
    if "setting" in tables:
        import json

        for key, value in conn.execute("SELECT key, value FROM setting"):
            try:
                parsed = json.loads(value) if value is not None else None
            except (TypeError, ValueError):
                out.append(f"Cài đặt “{key}” bị hỏng (không đọc được).")
                continue
            if key == PASSWORD_SETTING and parsed is not None:
                problem = kdf_params_problem(parsed)
                if problem:
                    out.append(f"Cài đặt mật khẩu bị hỏng: {problem}.")
    return out


def _corrupt_message(path: Path) -> str:
    return (f"Tệp dữ liệu {path.name} bị hỏng (có thể do mất điện hoặc tắt máy đột ngột khi đang ghi). "
            "Có thể khôi phục từ bản sao lưu gần nhất còn tốt; tệp hỏng sẽ được giữ lại riêng, không bị xóa.")


def corrupt_message(path: Path) -> str:
    """The message of a damaged data file (the recovery offer follows)."""
    return _corrupt_message(Path(path))


def classify_error(path: Path, e: Exception) -> CheckResult:
    if isinstance(e, UnicodeDecodeError):  # SQLite's message quoting a damaged name
        detail = e.object.decode("utf-8", "replace") if isinstance(e.object, bytes) else str(e)
        return CheckResult(False, "corrupt", _corrupt_message(path), [detail])
    msg = str(e).lower()
    if "locked" in msg or "busy" in msg:
        return CheckResult(False, "locked", f"Tệp dữ liệu {path} đang bị một chương trình khác mở "
                           "(có thể Sổ Dân vận đang chạy ở cửa sổ khác). Hãy đóng chương trình đó rồi thử lại.")
    if "readonly" in msg or "read-only" in msg or "unable to open" in msg or "permission" in msg:
        return CheckResult(False, "readonly", f"Không mở được tệp dữ liệu {path}: tệp hoặc thư mục chỉ cho phép "
                           "đọc (hoặc không có quyền truy cập). Hãy chép dữ liệu sang thư mục khác hoặc nhờ "
                           "cán bộ tin học cấp quyền ghi.")
    if "not a database" in msg or "malformed" in msg or "corrupt" in msg:
        return CheckResult(False, "corrupt", _corrupt_message(path), [str(e)])
    return CheckResult(False, "corrupt", _corrupt_message(path), [str(e)])


def quick_check(path: str | os.PathLike) -> CheckResult:
    return check_file(path, full=False)


def integrity_check(path: str | os.PathLike) -> CheckResult:
    return check_file(path, full=True)


def _writable(path: Path) -> bool:
    return folder_writable(path.parent)


def has_backups(data_dir: str | os.PathLike) -> bool:
    """The folder holds automatic or manual backups (then an empty book is a
    damaged one, not a first start)."""
    d = Path(data_dir) / BACKUP_DIRNAME
    try:
        return d.is_dir() and any(p.is_file() for p in d.glob("sodanvan_*.db"))
    except OSError:
        return False


# A commune's file is a few MB (quick_check ≈ 10 ms); a file above this size
# (≈ 1.000.000 records for 1 GB: quick_check takes seconds) is checked in the
# background after the window is shown — see ``check_at_start(defer_large=)``.
LARGE_FILE_BYTES = 64 * 1024 * 1024
# SESSION_MARKER (core.paths) is written when the app opens the store and
# removed on a normal exit: still there at the next start = the last session
# ended by a power cut / crash (the main cause of corruption), so the next
# start checks synchronously.  RECHECK_MARKER is written when a background
# check found a problem: the next start checks synchronously and offers the
# guided recovery.


def _marker_write(path: Path, text: str) -> bool:
    try:
        path.write_text(text, encoding="utf-8")
        return True
    except OSError as e:
        log.warning("could not write %s: %s", path, e)
        return False


def _marker_remove(path: Path):
    try:
        path.unlink(missing_ok=True)
    except OSError as e:
        log.warning("could not remove %s: %s", path, e)


def mark_session_open(data_dir: str | os.PathLike) -> bool:
    """The app has opened the store (GUI); see ``SESSION_MARKER``."""
    return _marker_write(Path(data_dir) / SESSION_MARKER,
                         f"{dt.datetime.now():%Y-%m-%d %H:%M:%S} pid {os.getpid()}\n")


def mark_session_closed(data_dir: str | os.PathLike):
    """A normal exit (after the exit backup)."""
    _marker_remove(Path(data_dir) / SESSION_MARKER)


def unclean_last_session(data_dir: str | os.PathLike) -> bool:
    return (Path(data_dir) / SESSION_MARKER).exists()


def recheck_requested(data_dir: str | os.PathLike) -> bool:
    return (Path(data_dir) / RECHECK_MARKER).exists()


def request_recheck(data_dir: str | os.PathLike, details: list[str] = ()) -> bool:
    text = f"{dt.datetime.now():%Y-%m-%d %H:%M:%S}\n" + "\n".join(details) + "\n"
    return _marker_write(Path(data_dir) / RECHECK_MARKER, text)


def clear_recheck(data_dir: str | os.PathLike):
    """A full check passed, or the damaged file it was about is gone."""
    _marker_remove(Path(data_dir) / RECHECK_MARKER)


def _cheap_open_check(path: Path, timeout: float) -> CheckResult | None:
    """The file opens as a SQLite database and its schema reads (a damaged
    header gives "file is not a database"): page 1 and the schema pages
    only, milliseconds whatever the size.  None when fine."""
    try:
        conn = connect_ro(path, timeout)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            conn.execute("PRAGMA user_version").fetchone()
            problems = schema_problems(conn)
        finally:
            conn.close()
    except DB_ERRORS as e:
        return classify_error(path, e)
    if problems:
        return CheckResult(False, "corrupt", _tampered_message(path), problems[:20])
    return None


def check_at_start(data_dir: str | os.PathLike, timeout: float = 2.0, *, defer_large: bool = False,
                   find_good=None) -> CheckResult:
    """What the app runs before opening the store: the file is readable,
    writable, not locked, not from a newer version, and passes quick_check.
    When that check finds the file damaged, ``newest_good`` is
    ``find_good(data_dir)`` — the backup to propose
    (``core.safety.backup.startup_check`` passes ``newest_good_backup``).

    ``defer_large`` (the GUI, which then runs ``BackgroundCheck``): for a
    file above ``LARGE_FILE_BYTES`` whose last session ended cleanly and
    with no pending ``RECHECK_MARKER``, quick_check is skipped (the result
    says ``deferred=True``); the cheap checks always run."""
    data_dir = Path(data_dir)
    path = data_dir / DB_FILENAME
    if not path.exists():
        return CheckResult(True, None, "Chưa có dữ liệu (lần chạy đầu).")
    try:
        empty = book_is_empty(path)
    except DB_ERRORS:
        empty = False  # the checks below explain it
    if empty and not has_backups(data_dir):
        return CheckResult(True, None, "Chưa có dữ liệu (lần chạy đầu).")
    if not _writable(path):
        return classify_error(path, sqlite3.OperationalError("readonly"))
    defer = defer_large and _should_defer(data_dir, path)
    if defer:
        res = _cheap_open_check(path, timeout) or CheckResult(
            True, None, "Đã kiểm tra nhanh; kiểm tra toàn bộ tệp chạy nền sau khi mở.", deferred=True)
    else:
        res = check_file(path, timeout=timeout)
    if res.ok:
        try:
            conn = sqlite3.connect(str(path), timeout=timeout)
            try:
                conn.execute("BEGIN IMMEDIATE")
                conn.execute("ROLLBACK")
            finally:
                conn.close()
        except DB_ERRORS as e:
            return classify_error(path, e)
        if is_newer(path):
            return CheckResult(False, "newer", NEWER_MESSAGE)
        if not res.deferred:
            clear_recheck(data_dir)  # a full check passed
        return res
    if res.problem == "corrupt" and find_good is not None:
        res.newest_good = find_good(data_dir)
        if res.newest_good is None:
            res.message += " Hiện chưa có bản sao lưu nào còn tốt trong thư mục sao lưu."
    return res


def _should_defer(data_dir: Path, path: Path) -> bool:
    try:
        size = path.stat().st_size
    except OSError:
        return False
    if size <= LARGE_FILE_BYTES:
        return False
    if unclean_last_session(data_dir):
        log.info("last session did not end cleanly: full start-up check")
        return False
    if recheck_requested(data_dir):
        log.info("a background check asked for a check at start")
        return False
    return True


class BackgroundCheck:
    """``PRAGMA quick_check`` of the data file in a daemon thread, through a
    read-only connection of its own (WAL: the app keeps reading and
    writing meanwhile).  ``on_done(result)`` is called *from the worker
    thread* with a ``CheckResult`` (the UI hands it to its own thread);
    not called when cancelled.  On a problem the ``RECHECK_MARKER`` is
    written first, so the next start checks synchronously and guides the
    recovery.  ``cancel()`` interrupts a running check (``conn.interrupt``)
    so closing the app never waits for it."""

    def __init__(self, data_dir: str | os.PathLike, on_done=None):
        import threading

        self.data_dir = Path(data_dir)
        self.path = self.data_dir / DB_FILENAME
        self.on_done = on_done
        self.result: CheckResult | None = None
        self.cancelled = False
        self.seconds: float | None = None
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None
        self.thread = threading.Thread(target=self._work, name="kiem-tra-du-lieu", daemon=True)

    def start(self) -> "BackgroundCheck":
        self.thread.start()
        return self

    def join(self, timeout: float | None = None) -> bool:
        self.thread.join(timeout)
        return not self.thread.is_alive()

    def running(self) -> bool:
        return self.thread.is_alive()

    def cancel(self, timeout: float = 5.0) -> bool:
        """Stop the check (no result, no marker); True once the thread ended."""
        import time

        deadline = time.monotonic() + timeout
        while True:
            with self._lock:
                self.cancelled = True
                if self._conn is not None:
                    # an interrupt that lands before the statement starts is lost: repeated
                    self._conn.interrupt()
            if self.thread.ident is None or self.join(0.05):
                return True  # never started, or ended
            if time.monotonic() >= deadline:
                return False

    def _work(self):
        import time

        t0 = time.perf_counter()
        res = self._check()
        self.seconds = time.perf_counter() - t0
        if res is None:
            log.info("background integrity check cancelled after %.1f s", self.seconds)
            return
        self.result = res
        if res.ok:
            log.info("background integrity check ok (%.1f s)", self.seconds)
        else:
            log.error("background integrity check failed (%s, %.1f s): %s", res.problem, self.seconds,
                      res.details[:5])
            if res.problem == "corrupt":
                request_recheck(self.data_dir, res.details[:20])
        if self.on_done is not None:
            try:
                self.on_done(res)
            except Exception:
                log.exception("background check callback failed")

    def _check(self) -> CheckResult | None:
        with self._lock:
            if self.cancelled:
                return None
            try:
                conn = connect_ro(self.path, timeout=30)
            except DB_ERRORS as e:
                return classify_error(self.path, e)
            self._conn = conn
        try:
            problems = _run_check(conn, "quick_check")
        except DB_ERRORS as e:
            if self.cancelled:
                return None
            return classify_error(self.path, e)
        finally:
            with self._lock:
                self._conn = None
                conn.close()
        if self.cancelled:
            return None
        if problems:
            return CheckResult(False, "corrupt", _corrupt_message(self.path), problems[:20])
        return CheckResult(True, None, "Dữ liệu nguyên vẹn (đã kiểm tra, không có lỗi).")


NEWER_MESSAGE = ("Tệp dữ liệu này được tạo bởi phiên bản Sổ Dân vận mới hơn phiên bản đang chạy. "
                 "Hãy cài phiên bản mới hơn để mở; tệp được giữ nguyên, không bị thay đổi.")


def is_newer(path: str | os.PathLike) -> bool:
    """True when the file records a migration this app does not know
    (cheap: no counting, for the start-up check)."""
    from core.records import schema

    try:
        conn = connect_ro(Path(path))
    except DB_ERRORS:
        return False
    try:
        uv = conn.execute("PRAGMA user_version").fetchone()[0]
        try:
            applied = {(r[0], r[1]) for r in conn.execute("SELECT migration_set, name FROM _sqlite_migrations")}
        except DB_ERRORS:
            applied = set()
        known = schema.known_migration_names()
        return bool(applied - known) or uv > len(known)
    except DB_ERRORS:
        return False
    finally:
        conn.close()

