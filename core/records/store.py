"""The records store: one SQLite file in the data folder, opened through
sqlite-utils, WAL mode, foreign keys on, one transaction per user action.

``Store`` is the only way ``ui/``, the command line, the report engine and the
tests write records: ``create``/``update``/``delete``/``get`` for every kind
of ``core.records.fields.KINDS``.  Each call NFC-normalises and coerces the input,
validates it (raising ``ValidationError`` with per-field Vietnamese messages,
nothing written), keeps the folded ``search_text`` in sync and writes the row
and its sub-rows in one transaction.

Hooks for other features (audit log, encryption of secret fields and files,
the backup before a migration) are plain lists of callables, installed by
``core.safety`` through ``core.session.open_session`` — this module never
imports them: ``on_change`` is called inside the transaction with
``(store, action, kind, id, old, new)``; ``write_filters`` may rewrite the
values about to be written ``(store, kind, values) -> values`` (``values["id"]``
is the record's id on an update; on a create a filter may set it to reserve
the id the insert then uses); ``read_filters``
rewrite a row read back ``(store, kind, row) -> row``; ``attachment_adders``
may take over storing a file ``(store, kind, id, src) -> id | None`` and
``attachment_filters`` rewrite the attachment rows listed
``(store, kind, id, rows) -> rows``; ``before_migrate`` runs ``(store)`` before
the pending migrations of an existing book.
"""
from __future__ import annotations

import datetime as dt
import json
import logging
import os
import sqlite3
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils

from core.errors import StoreError  # defined there (the folder lock needs it without the store)
from core.paths import ATTACHMENTS_DIRNAME, BACKUP_DIRNAME, DB_FILENAME
from core.records import schema
from core.records.attachments import AttachmentPathError, resolve_attachment, safe_file_name
from core.records.deadlines import Calendar, Deadlines, effective_rules, petition_state
from core.records.enums import default_label
from core.records.fields import FIXED_ENUMS, KINDS, RECORD_KINDS, Kind
from core.records.fields import kind as get_kind
from core.records.secrecy import is_secret
from core.records.validation import ValidationError, coerce, coerce_children, validate
from core.text import clean, fold

log = logging.getLogger(__name__)


class NewerSchemaError(StoreError):
    pass


class DamagedBookError(StoreError):
    """The book cannot be read (damaged, empty beside backups, tampered
    schema or settings): the way out is a restore from a backup."""


class ReadOnlyError(StoreError):
    """The book or its folder cannot be written."""


class PendingMigrationError(StoreError):
    """A read-only book that this version would have to upgrade first."""


# Errors reading a damaged file: SQLite's own, and the UnicodeDecodeError
# Python raises when SQLite's message quotes a damaged name of the schema.
DB_ERRORS = (sqlite3.Error, UnicodeDecodeError)


def lenient_text(b: bytes) -> str:
    """``text_factory`` of the connections: a damaged byte in a text reads
    as U+FFFD instead of raising."""
    return b.decode("utf-8", "replace")


def sqlite_uri(path: str | os.PathLike, mode: str = "ro", *, immutable: bool = False) -> str:
    """SQLite URI of a path (spaces, %, ?, #, Vietnamese letters escaped;
    ``file:C:/…`` on Windows)."""
    from urllib.parse import quote

    p = Path(path).resolve().as_posix()
    if not p.startswith("/"):
        p = "/" + p  # file:///C:/...
    return "file://" + quote(p, safe="/:") + f"?mode={mode}" + ("&immutable=1" if immutable else "")


def folder_writable(data_dir: str | os.PathLike) -> bool:
    """The data folder (and its book, when there) can be written: False on
    a write-protected USB stick or a read-only share (then only reading
    commands work, through ``open_store(read_only=True)``)."""
    d = Path(data_dir)
    book = d / DB_FILENAME
    try:
        if book.exists() and not os.access(book, os.W_OK):
            return False
        while not d.exists() and d.parent != d:
            d = d.parent  # a folder still to create: its first existing parent decides
        return os.access(d, os.W_OK)
    except OSError:
        return False


def book_is_empty(path: str | os.PathLike) -> bool:
    """The file exists but holds no table: 0 bytes, or a header with an
    empty schema (a crash while the file was created or copied)."""
    p = Path(path)
    if not p.exists():
        return False
    if p.stat().st_size == 0:
        return True
    immutable = not folder_writable(p.parent) and not Path(str(p) + "-wal").exists()
    conn = sqlite3.connect(sqlite_uri(p, "ro", immutable=immutable), uri=True, timeout=5)
    try:
        return conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0
    finally:
        conn.close()


def _has_backups(data_dir: Path) -> bool:
    d = data_dir / BACKUP_DIRNAME
    try:
        return d.is_dir() and any(p.is_file() for p in d.glob("sodanvan_*.db"))
    except OSError:
        return False


class Store:
    def __init__(self, path: str | os.PathLike, *, migrate: bool = True, read_only: bool = False):
        self.path = Path(path)
        self.data_dir = self.path.parent
        self.read_only = read_only
        self.on_change: list = []
        self.write_filters: list = []
        self.read_filters: list = []
        self.before_migrate: list = []  # callables(store) run before pending migrations
        self.attachment_adders: list = []  # (store, kind, id, src) -> attachment id, or None: not mine
        self.attachment_filters: list = []  # (store, kind, id, rows) -> rows shown
        self._enum_cache: dict[str, list[dict]] | None = None
        self._deadlines: Deadlines | None = None
        existed = self.path.exists()
        try:
            if read_only:
                conn = self._connect_read_only()
                mode = conn.execute("PRAGMA journal_mode").fetchone()
            else:
                conn = sqlite3.connect(str(self.path), timeout=10, isolation_level=None, check_same_thread=False)
                conn.execute("PRAGMA foreign_keys = ON")
                if existed and _has_backups(self.data_dir) and \
                        not conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
                    conn.close()
                    raise DamagedBookError(_explain_empty(self.path))
                mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()
                conn.execute("PRAGMA synchronous = NORMAL")
        except DB_ERRORS as e:
            raise _open_error(self.path, e) from e
        self.conn = conn
        # no sqlite-utils plugins: none is used, and scanning the installed
        # packages' entry points for them costs ~15 ms at every start
        self.db = sqlite_utils.Database(conn, execute_plugins=False)
        self.journal_mode = mode[0] if mode else None
        try:
            self._check_not_newer()
            if read_only and self.pending_migrations():
                raise PendingMigrationError(
                    f"Dữ liệu trong {self.data_dir} cần được nâng cấp lên phiên bản này trước khi dùng, nhưng thư "
                    "mục chỉ cho phép đọc nên không nâng cấp được. Hãy chép cả thư mục dữ liệu sang ổ đĩa ghi "
                    "được rồi mở ở đó (hoặc dùng phiên bản Sổ Dân vận đã tạo ra dữ liệu này để xuất, sao lưu).")
        except DB_ERRORS as e:
            self.conn.close()
            raise _open_error(self.path, e) from e
        except PendingMigrationError:
            self.conn.close()
            raise
        if migrate and not read_only:
            self.migrate()

    def _connect_read_only(self) -> sqlite3.Connection:
        """The book opened ``mode=ro`` (nothing can be written through it);
        in a folder that cannot be written and with no ``-wal`` to read,
        ``immutable`` (SQLite could not create its ``-shm`` file there)."""
        if not self.path.exists():
            raise sqlite3.OperationalError("unable to open database file")
        immutable = not folder_writable(self.data_dir) and not Path(str(self.path) + "-wal").exists()
        conn = sqlite3.connect(sqlite_uri(self.path, "ro", immutable=immutable), uri=True, timeout=10,
                               isolation_level=None, check_same_thread=False)
        conn.text_factory = lenient_text
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn

    # ------------------------------------------------------ schema
    def _applied(self) -> set[tuple[str, str]]:
        t = self.db[schema.core_migrations.migrations_table]
        if not t.exists():
            return set()
        return {(r["migration_set"], r["name"]) for r in t.rows}

    def _check_not_newer(self):
        unknown = self._applied() - schema.known_migration_names()
        uv = self.conn.execute("PRAGMA user_version").fetchone()[0]
        if unknown or uv > len(schema.known_migration_names()):
            self.conn.close()
            raise NewerSchemaError(
                "Tệp dữ liệu này được tạo bởi phiên bản Sổ Dân vận mới hơn phiên bản đang chạy. "
                "Hãy cài phiên bản mới hơn để mở; tệp được giữ nguyên, không bị thay đổi."
            )

    def pending_migrations(self) -> list[tuple[str, str]]:
        applied = self._applied()
        return [(s.name, m.name) for s in schema.MIGRATION_SETS for m in s._migrations
                if (s.name, m.name) not in applied]

    def migrate(self):
        pending = self.pending_migrations()
        if not pending:
            return
        if self._applied():  # an existing database: let backups run first
            for hook in list(self.before_migrate):
                hook(self)
        for s in schema.MIGRATION_SETS:
            s.apply(self.db)
        self.conn.execute(f"PRAGMA user_version = {len(schema.known_migration_names())}")
        self._enum_cache = None
        log.info("schema migrated: %s", pending)

    def checkpoint(self):
        """Write the WAL back into the book file (before copying it as a file)."""
        self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def forget_caches(self):
        """Read enumerations and deadline rules again (after a restore, an
        import or a merge wrote the book behind the store's back)."""
        self._enum_cache = None
        self._deadlines = None

    @property
    def schema_version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    def close(self):
        try:
            self.conn.execute("PRAGMA optimize")
        except sqlite3.Error:
            pass
        self.conn.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # ------------------------------------------------- transactions
    @contextmanager
    def transaction(self):
        """One user action = one transaction (nested calls use savepoints)."""
        with self.db.atomic():
            yield self

    def q(self, sql: str, params=()) -> list[dict]:
        cur = self.conn.execute(sql, params)
        cols = [c[0] for c in cur.description]
        return [dict(zip(cols, row)) for row in cur.fetchall()]

    def q1(self, sql: str, params=()):
        row = self.conn.execute(sql, params).fetchone()
        return row[0] if row else None

    # ------------------------------------------------- enumerations
    def _enums(self) -> dict[str, list[dict]]:
        if self._enum_cache is None:
            cache: dict[str, list[dict]] = {}
            for r in self.q("SELECT * FROM enum_item ORDER BY enum_key, thu_tu, id"):
                r["extra"] = json.loads(r["extra"]) if r["extra"] else {}
                cache.setdefault(r["enum_key"], []).append(r)
            self._enum_cache = cache
        return self._enum_cache

    def enum_items(self, key: str, include_hidden: bool = False) -> list[dict]:
        if key in FIXED_ENUMS:
            return [{"code": c, "label": label, "an": 0, "builtin": 1, "extra": {}} for c, label in FIXED_ENUMS[key]]
        return [r for r in self._enums().get(key, []) if include_hidden or not r["an"]]

    def enum_codes(self, key: str) -> set[str]:
        return {r["code"] for r in self.enum_items(key, include_hidden=True)}

    def enum_label(self, key: str, code: str | None) -> str:
        if code is None:
            return ""
        for r in self.enum_items(key, include_hidden=True):
            if r["code"] == code:
                return r["label"]
        return default_label(key, code)

    def enum_labels(self, key: str) -> dict[str, str]:
        return {r["code"]: r["label"] for r in self.enum_items(key, include_hidden=True)}

    def enum_used(self, key: str, code: str) -> int:
        """How many records use this code (a used code cannot be deleted)."""
        n = 0
        for k in KINDS.values():
            for f in k.fields:
                if f.type == "enum" and f.enum == key:
                    n += self.q1(f"SELECT count(*) FROM {k.table} WHERE {f.name} = ?", (code,))
            for ch in k.children:
                for f in ch.fields:
                    if f.type == "enum" and f.enum == key:
                        n += self.q1(f"SELECT count(*) FROM {ch.table} WHERE {f.name} = ?", (code,))
        return n

    def enum_save(self, key: str, code: str, label: str, *, an: int = 0, thu_tu: int | None = None,
                  extra: dict | None = None):
        """Add or rename/hide an enumeration item (codes are stable)."""
        code = clean(code)
        label = clean(label)
        if not code or not label:
            raise ValidationError({"label": "Mã và tên không được để trống."})
        with self.transaction():
            existing = self.q("SELECT id FROM enum_item WHERE enum_key=? AND code=?", (key, code))
            if existing:
                sets = {"label": label, "an": int(bool(an))}
                if thu_tu is not None:
                    sets["thu_tu"] = thu_tu
                if extra is not None:
                    sets["extra"] = json.dumps(extra, ensure_ascii=False)
                self.db["enum_item"].update(existing[0]["id"], sets)
            else:
                if thu_tu is None:
                    thu_tu = (self.q1("SELECT max(thu_tu) FROM enum_item WHERE enum_key=?", (key,)) or 0) + 1
                self.db["enum_item"].insert({"enum_key": key, "code": code, "label": label, "an": int(bool(an)),
                                             "thu_tu": thu_tu, "builtin": 0,
                                             "extra": json.dumps(extra, ensure_ascii=False) if extra else None})
        self._enum_cache = None

    def enum_delete(self, key: str, code: str):
        used = self.enum_used(key, code)
        if used:
            raise ValidationError({"code": f"Mã “{code}” đang được {used} hồ sơ sử dụng; chỉ có thể ẩn, không xóa được."})
        with self.transaction():
            self.conn.execute("DELETE FROM enum_item WHERE enum_key=? AND code=?", (key, code))
        self._enum_cache = None

    # ------------------------------------------------------ settings
    def get_setting(self, key: str, default=None):
        row = self.conn.execute("SELECT value FROM setting WHERE key=?", (key,)).fetchone()
        if not row:
            return default
        try:
            return json.loads(row[0])
        except (TypeError, ValueError):
            log.error("setting %s does not read as JSON", key)
            raise DamagedBookError(
                f"Cài đặt “{key}” trong tệp dữ liệu bị hỏng (có thể đã bị sửa bằng công cụ khác). Hãy chạy "
                "“Kiểm tra dữ liệu” (lệnh check) rồi khôi phục từ bản sao lưu gần nhất còn tốt.") from None

    def set_setting(self, key: str, value):
        with self.transaction():
            self.conn.execute("INSERT INTO setting(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value=excluded.value",
                              (key, json.dumps(value, ensure_ascii=False)))
        if key.startswith("deadline."):
            self._deadlines = None

    # ------------------------------------------------------ deadlines
    def deadlines(self) -> Deadlines:
        if self._deadlines is None:
            overrides = {r["key"][len("deadline."):]: json.loads(r["value"])
                         for r in self.q("SELECT key, value FROM setting WHERE key LIKE 'deadline.%'")}
            days = {dt.date.fromisoformat(r["ngay"]): not r["lam_viec"] for r in self.q("SELECT * FROM ngay_nghi")}
            self._deadlines = Deadlines(effective_rules(overrides), Calendar(days))
        return self._deadlines

    def set_deadline_override(self, code: str, days: int, working: bool):
        if days < 1:
            raise ValidationError({"days": "Số ngày phải từ 1 trở lên."})
        self.set_setting(f"deadline.{code}", {"days": int(days), "working": bool(working)})

    def add_day_off(self, day, ly_do: str | None = None, lam_viec: bool = False):
        from core.text import parse_date
        d = parse_date(day)
        with self.transaction():
            self.conn.execute("INSERT OR REPLACE INTO ngay_nghi(ngay, lam_viec, ly_do) VALUES (?,?,?)",
                              (d.isoformat(), int(lam_viec), clean(ly_do)))
        self._deadlines = None

    def remove_day_off(self, day):
        from core.text import parse_date
        with self.transaction():
            self.conn.execute("DELETE FROM ngay_nghi WHERE ngay=?", (parse_date(day).isoformat(),))
        self._deadlines = None

    def petition_state(self, row: dict, today: dt.date | None = None):
        return petition_state(row, self.deadlines(), today or dt.date.today(), self.remote_area())

    def remote_area(self) -> bool:
        """The current unit is a "vùng có điều kiện kinh tế - xã hội đặc biệt
        khó khăn" (longer khiếu nại deadlines, SPEC §4)."""
        u = self.current_unit()
        return bool(u and u.get("vung_kho_khan"))

    # ---------------------------------------------------------- units
    def current_unit(self) -> dict | None:
        rows = self.q("SELECT * FROM unit WHERE is_current = 1 ORDER BY id LIMIT 1")
        return rows[0] if rows else None

    def current_unit_id(self) -> int:
        u = self.current_unit()
        if u is None:
            raise StoreError("Chưa khai báo đơn vị (xã, phường, đặc khu). Hãy hoàn tất phần thiết lập ban đầu.")
        return u["id"]

    def units(self) -> list[dict]:
        return self.q("SELECT * FROM unit ORDER BY is_current DESC, id")

    def unit_scope(self, unit_id: int | None = None, include_predecessors: bool = True) -> list[int]:
        """The unit and (recursively) the predecessor units merged into it."""
        root = unit_id or self.current_unit_id()
        if not include_predecessors:
            return [root]
        ids = [root]
        frontier = [root]
        while frontier:
            rows = self.q(f"SELECT id FROM unit WHERE merged_into_id IN ({','.join('?' * len(frontier))})", frontier)
            frontier = [r["id"] for r in rows if r["id"] not in ids]
            ids.extend(frontier)
        return ids

    def unit_title(self, unit: dict | None = None) -> str:
        """'xã Nghĩa Phương' style name."""
        u = unit or self.current_unit() or {}
        return f"{self.enum_label('loai_don_vi', u.get('loai', 'xa')).lower()} {u.get('ten', '')}".strip()

    # ----------------------------------------------------- petitions
    def find_so_den(self, unit_id, nam: int, so_den: int) -> int | None:
        unit_id = unit_id or self.current_unit_id()
        return self.q1("SELECT id FROM don_thu WHERE unit_id=? AND nam=? AND so_den=?", (unit_id, nam, so_den))

    def next_so_den(self, unit_id=None, nam: int | None = None) -> int:
        unit_id = unit_id or self.current_unit_id()
        nam = nam or dt.date.today().year
        n = self.q1("SELECT max(so_den) FROM don_thu WHERE unit_id=? AND nam=?", (unit_id, nam)) or 0
        try:  # a petition in the Thùng rác keeps its số đến (core.records.trash)
            t = self.q1("SELECT max(json_extract(du_lieu, '$.row.so_den')) FROM thung_rac WHERE loai='don_thu' "
                        "AND json_extract(du_lieu, '$.row.unit_id')=? AND json_extract(du_lieu, '$.row.nam')=?",
                        (unit_id, nam)) or 0
        except sqlite3.OperationalError:
            t = 0
        return max(n, t) + 1

    # ------------------------------------------------------------ CRUD
    def exists(self, kind_key: str, record_id) -> bool:
        k = get_kind(kind_key)
        return self.q1(f"SELECT 1 FROM {k.table} WHERE id=?", (record_id,)) is not None

    def _raw(self, k: Kind, record_id: int) -> dict | None:
        rows = self.q(f"SELECT * FROM {k.table} WHERE id=?", (record_id,))
        return rows[0] if rows else None

    def _children(self, k: Kind, record_id: int) -> dict:
        out = {}
        for ch in k.children:
            if ch.name == "hoa_giai_vien_ids":
                out[ch.name] = [r["hoa_giai_vien_id"] for r in self.q(
                    "SELECT hoa_giai_vien_id FROM hoa_giai_hgv WHERE hoa_giai_id=? ORDER BY hoa_giai_vien_id", (record_id,))]
            else:
                cols = ", ".join(f.name for f in ch.fields)
                order = "nam" if ch.name == "nam" else "id"
                out[ch.name] = self.q(f"SELECT {cols} FROM {ch.table} WHERE {ch.fk}=? ORDER BY {order}", (record_id,))
        return out

    def get(self, kind_key: str, record_id: int) -> dict | None:
        k = get_kind(kind_key)
        row = self._raw(k, record_id)
        if row is None:
            return None
        row.update(self._children(k, record_id))
        for f in self.read_filters:
            row = f(self, kind_key, row)
        return row

    def _search_text(self, k: Kind, row: dict) -> str:
        parts = []
        secret = is_secret(k.key, row)
        for name in k.search_fields:
            if secret and k.field(name).secret:
                continue  # a denouncer's identity never enters the search index
            v = row.get(name)
            if v:
                parts.append(str(v))
        if k.key == "don_thu" and row.get("so_den"):
            parts.append(f"{row['so_den']}/{row.get('nam', '')}")
        if k.key == "van_ban" and row.get("so_ky_hieu"):
            parts.append(str(row["so_ky_hieu"]).replace("/", " ").replace("-", " "))
        return fold(" ".join(parts))

    def _derive(self, k: Kind, row: dict, cols: set[str]):
        """Keep the derived columns (folded search text, sort key) in sync."""
        if "search_text" in cols:
            row["search_text"] = self._search_text(k, row)
        if "sort_key" in cols:
            row["sort_key"] = schema.row_sort_key(k.table, row)

    def _prepare(self, k: Kind, data: dict, old: dict | None, record_id: int | None) -> tuple[dict, dict]:
        values, errors = coerce(k, data)
        children, cerrors = coerce_children(k, data)
        errors.update(cerrors)
        merged = dict(old or {})
        if old is None:
            for f in k.fields:
                if f.default is not None and values.get(f.name) is None and f.name not in data:
                    values[f.name] = f.default
        merged.update(values)
        for f in k.fields:  # an emptied field with a default (a NOT NULL column) takes it (found by fuzzing)
            if f.default is not None and f.name in data and merged.get(f.name) is None and f.name not in errors:
                merged[f.name] = values[f.name] = f.default
        if k.has_unit:
            unit_id = data.get("unit_id") or merged.get("unit_id")
            if unit_id is None:
                unit_id = self.current_unit_id()
            merged["unit_id"] = int(unit_id)
            values["unit_id"] = int(unit_id)
        if k.key == "don_thu":
            if merged.get("ngay_nhan") and "ngay_nhan" not in errors:
                merged["nam"] = values["nam"] = int(merged["ngay_nhan"][:4])
            if merged.get("du_dieu_kien") == 0 and merged.get("huong_xu_ly") is None:
                merged["huong_xu_ly"] = values["huong_xu_ly"] = "luu"
                if merged.get("ngay_xu_ly") is None:
                    merged["ngay_xu_ly"] = values["ngay_xu_ly"] = merged.get("ngay_nhan")
            if merged.get("so_den") is None and "so_den" not in errors and merged.get("ngay_nhan"):
                merged["so_den"] = values["so_den"] = self.next_so_den(merged["unit_id"], merged["nam"])
        if k.key == "tiep_cong_dan":
            if merged.get("so_nguoi") and merged["so_nguoi"] < 5:
                merged["so_dai_dien"] = values["so_dai_dien"] = None
        # check children merged too
        for ch in k.children:
            if ch.name in children:
                merged[ch.name] = children[ch.name]
            elif old is not None:
                merged[ch.name] = old.get(ch.name, [])
        # one pass: the other fields and rules are checked too when a value did
        # not read (31/02/2026); each message goes under its own field
        errors = validate(self, k, merged, record_id, known=errors)
        if errors:
            raise ValidationError(errors)
        for ch in k.children:
            merged.pop(ch.name, None)
        return merged, children

    def _write_children(self, k: Kind, record_id: int, children: dict):
        for ch in k.children:
            if ch.name not in children:
                continue
            self.conn.execute(f"DELETE FROM {ch.table} WHERE {ch.fk}=?", (record_id,))
            rows = children[ch.name]
            if ch.name == "hoa_giai_vien_ids":
                self.conn.executemany("INSERT INTO hoa_giai_hgv(hoa_giai_id, hoa_giai_vien_id) VALUES (?, ?)",
                                      [(record_id, i) for i in rows])
            elif rows:
                cols = [f.name for f in ch.fields]
                self.conn.executemany(
                    f"INSERT INTO {ch.table}({ch.fk}, {', '.join(cols)}) VALUES (?{', ?' * len(cols)})",
                    [(record_id, *[r.get(c) for c in cols]) for r in rows])

    def _columns(self, k: Kind) -> set[str]:
        return {c.name for c in self.db[k.table].columns}

    def create(self, kind_key: str, data: dict) -> int:
        k = get_kind(kind_key)
        row, children = self._prepare(k, data, None, None)
        cols = self._columns(k)
        row = {c: v for c, v in row.items() if c in cols and c != "id"}
        self._derive(k, row, cols)
        if kind_key in RECORD_KINDS:  # ids in the Thùng rác stay reserved (core.records.trash)
            from core.records.trash import next_id
            nid = next_id(self, k.table, kind_key)
            if nid is not None:
                row["id"] = nid
        for f in self.write_filters:
            row = f(self, kind_key, row)
        with self.transaction():
            names = list(row)
            cur = self.conn.execute(
                f"INSERT INTO {k.table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
                [row[n] for n in names])
            rid = cur.lastrowid
            self._write_children(k, rid, children)
            for hook in self.on_change:
                hook(self, "create", kind_key, rid, None, {**row, **children})
        log.debug("created %s %s", kind_key, rid)
        return rid

    def update(self, kind_key: str, record_id: int, data: dict) -> None:
        k = get_kind(kind_key)
        old = self.get(kind_key, record_id)
        if old is None:
            raise ValidationError({"id": f"Không tìm thấy {k.label} cần sửa (có thể đã bị xóa)."})
        row, children = self._prepare(k, data, old, record_id)
        cols = self._columns(k)
        row = {c: v for c, v in row.items() if c in cols and c not in ("id", "created_at")}
        self._derive(k, row, cols)
        row["updated_at"] = dt.datetime.now().isoformat(timespec="milliseconds")
        row["id"] = record_id  # a write filter binds what it encrypts to the record (core.safety.secrets)
        for f in self.write_filters:
            row = f(self, kind_key, row)
        row.pop("id", None)
        with self.transaction():
            names = list(row)
            self.conn.execute(f"UPDATE {k.table} SET {', '.join(f'{n}=?' for n in names)} WHERE id=?",
                              [row[n] for n in names] + [record_id])
            self._write_children(k, record_id, children)
            for hook in self.on_change:
                hook(self, "update", kind_key, record_id, old, {**row, **children})

    def delete(self, kind_key: str, record_id: int) -> None:
        k = get_kind(kind_key)
        old = self.get(kind_key, record_id)
        if old is None:
            return
        try:
            with self.transaction():
                self.conn.execute("DELETE FROM dinh_kem WHERE record_kind=? AND record_id=?", (kind_key, record_id))
                self.conn.execute(f"DELETE FROM {k.table} WHERE id=?", (record_id,))
                for hook in self.on_change:
                    hook(self, "delete", kind_key, record_id, old, None)
        except sqlite3.IntegrityError:
            raise ValidationError({"id": f"Không xóa được {k.label} này vì còn hồ sơ khác liên kết tới nó "
                                         "(ví dụ đơn trùng lặp, đơn lần sau, lượt tiếp, vụ việc hòa giải)."}) from None

    def trash(self, kind_key: str, record_id: int) -> int | None:
        """The clerk's delete: a record moves to the Thùng rác for 30 days
        (``core.records.trash``); a catalogue item is deleted.  Returns the
        trash id (None when nothing was moved)."""
        from core.records import trash

        if kind_key not in trash.TRASH_KINDS:
            self.delete(kind_key, record_id)
            return None
        k = get_kind(kind_key)
        old = self.get(kind_key, record_id)
        if old is None:
            return None
        try:
            with self.transaction():
                return trash.move_to_trash(self, kind_key, record_id, old)
        except sqlite3.IntegrityError:
            raise ValidationError({"id": f"Không xóa được {k.label} này vì còn hồ sơ khác liên kết tới nó "
                                         "(ví dụ đơn trùng lặp, đơn lần sau, lượt tiếp, vụ việc hòa giải)."}) from None

    def count(self, kind_key: str) -> int:
        return self.q1(f"SELECT count(*) FROM {get_kind(kind_key).table}")

    # ----------------------------------------------------- attachments
    def attachments_dir(self) -> Path:
        return self.data_dir / ATTACHMENTS_DIRNAME

    def add_attachment(self, kind_key: str, record_id: int, src: str | os.PathLike) -> int:
        import hashlib
        import shutil
        src = Path(src)
        if not src.is_file():
            raise ValidationError({"dinh_kem": f"Không tìm thấy tệp {src.name}."})
        for adder in self.attachment_adders:  # e.g. a tố cáo's files are secret (core.safety)
            att_id = adder(self, kind_key, record_id, src)
            if att_id is not None:
                return att_id
        digest = hashlib.sha256(src.read_bytes()).hexdigest()
        rel = Path(ATTACHMENTS_DIRNAME) / kind_key / str(record_id) / f"{digest[:12]}_{safe_file_name(src.name)}"
        dest = resolve_attachment(self.data_dir, rel.as_posix())
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, dest)
        with self.transaction():
            cur = self.conn.execute(
                "INSERT INTO dinh_kem(record_kind, record_id, ten_goc, duong_dan, kich_thuoc, sha256) VALUES (?,?,?,?,?,?)",
                (kind_key, record_id, clean(src.name), rel.as_posix(), src.stat().st_size, digest))
        return cur.lastrowid

    def attachments(self, kind_key: str, record_id: int) -> list[dict]:
        rows = self.q("SELECT * FROM dinh_kem WHERE record_kind=? AND record_id=? ORDER BY id", (kind_key, record_id))
        for f in self.attachment_filters:  # e.g. a tố cáo's file names are shown "(bảo mật)"
            rows = f(self, kind_key, record_id, rows)
        return rows

    def attachment_path(self, att: dict) -> Path:
        """The file of an attachment row, inside the data folder's attachment
        tree; ``AttachmentPathError`` for a row pointing anywhere else
        (``core.records.attachments``)."""
        return resolve_attachment(self.data_dir, att["duong_dan"])

    def remove_attachment(self, attachment_id: int):
        """Remove the row; its file is deleted when no other row uses it —
        never when the row points outside the attachment tree (the row of a
        tampered book goes, the file it names stays)."""
        rows = self.q("SELECT * FROM dinh_kem WHERE id=?", (attachment_id,))
        if not rows:
            return
        with self.transaction():
            self.conn.execute("DELETE FROM dinh_kem WHERE id=?", (attachment_id,))
        try:
            p = self.attachment_path(rows[0])
        except AttachmentPathError:
            log.warning("attachment %s removed; its path points outside the attachment folder, no file deleted",
                        attachment_id)
            return
        if p.is_file() and not self.q1("SELECT 1 FROM dinh_kem WHERE duong_dan=?", (rows[0]["duong_dan"],)):
            p.unlink()

    # ---------------------------------------------------------- search
    def search_ids(self, kind_key: str, text: str, limit: int | None = None) -> list[int]:
        """Ids whose folded text contains every word of ``text`` (FTS5 prefix
        match; ``LIKE`` when FTS5 is missing)."""
        k = get_kind(kind_key)
        words = fold(text).split()
        if not words:
            return []
        lim = f" LIMIT {int(limit)}" if limit else ""
        if schema.has_fts(self.db, k.table):
            match = " ".join('"' + w.replace('"', '""') + '"*' for w in words)
            return [r[0] for r in self.conn.execute(
                f"SELECT rowid FROM {k.table}_fts WHERE {k.table}_fts MATCH ? ORDER BY rowid DESC{lim}", (match,))]
        cond = " AND ".join("search_text LIKE ?" for _ in words)
        return [r[0] for r in self.conn.execute(
            f"SELECT id FROM {k.table} WHERE {cond} ORDER BY id DESC{lim}", [f"%{w}%" for w in words])]

    def search_sql(self, kind_key: str, text: str) -> tuple[str, list]:
        """A WHERE fragment (``id IN (…)``) selecting the search hits, for list queries."""
        k = get_kind(kind_key)
        words = fold(text).split()
        if not words:
            return "1", []
        if schema.has_fts(self.db, k.table):
            match = " ".join('"' + w.replace('"', '""') + '"*' for w in words)
            return f"id IN (SELECT rowid FROM {k.table}_fts WHERE {k.table}_fts MATCH ?)", [match]
        return " AND ".join("search_text LIKE ?" for _ in words), [f"%{w}%" for w in words]

    def rebuild_search(self):
        """Recompute every search_text (after a rule change)."""
        for key in schema.FTS_TABLES:
            k = get_kind(key)
            with self.transaction():
                for row in self.q(f"SELECT * FROM {k.table}"):
                    self.conn.execute(f"UPDATE {k.table} SET search_text=? WHERE id=?", (self._search_text(k, row), row["id"]))


RESTORE_HINT = ("Hãy khôi phục từ bản sao lưu: mở chương trình (sẽ tự đề nghị bản sao lưu gần nhất còn tốt) "
                "hoặc chạy lệnh check để biết bản nào rồi lệnh restore.")


def _explain_empty(path: Path) -> str:
    return (f"Tệp dữ liệu {path} trống (0 byte hoặc không còn bảng dữ liệu nào) trong khi thư mục có bản sao lưu: "
            "có thể tệp bị hỏng do mất điện hoặc chép lỗi. Chương trình không tạo sổ mới đè lên. " + RESTORE_HINT)


def _explain_open_error(path: Path, e: Exception) -> str:
    if isinstance(e, UnicodeDecodeError):
        return f"Tệp dữ liệu {path} bị hỏng (tên bảng trong cấu trúc dữ liệu không đọc được). " + RESTORE_HINT
    msg = str(e).lower()
    if "locked" in msg or "busy" in msg:
        return f"Tệp dữ liệu {path} đang bị một chương trình khác mở. Hãy đóng chương trình đó rồi thử lại."
    if "readonly" in msg or "read-only" in msg or "unable to open" in msg or "permission" in msg:
        return f"Không mở được tệp dữ liệu {path}: thư mục hoặc tệp chỉ cho phép đọc. Hãy chọn thư mục dữ liệu khác."
    if "not a database" in msg or "malformed" in msg or "corrupt" in msg:
        return f"Tệp dữ liệu {path} bị hỏng hoặc không phải dữ liệu của Sổ Dân vận. " + RESTORE_HINT
    return f"Không mở được tệp dữ liệu {path}: {e}"


def _open_error(path: Path, e: Exception) -> StoreError:
    """The StoreError subclass and Vietnamese message of a failed open."""
    text = _explain_open_error(path, e)
    msg = str(e).lower() if not isinstance(e, UnicodeDecodeError) else "malformed"
    if "readonly" in msg or "read-only" in msg or "unable to open" in msg or "permission" in msg:
        return ReadOnlyError(text)
    if "locked" in msg or "busy" in msg:
        return StoreError(text)
    return DamagedBookError(text)


def open_store(data_dir: str | os.PathLike, *, migrate: bool = True, read_only: bool = False) -> Store:
    """The book of ``data_dir`` (created when missing).  ``read_only``: opened
    ``mode=ro`` — no migration (``PendingMigrationError`` when one is due), no
    file created, writing fails; for reading commands on a read-only folder."""
    data_dir = Path(data_dir)
    if read_only:
        if not (data_dir / DB_FILENAME).exists():
            raise StoreError(f"Chưa có dữ liệu trong {data_dir}.")
        return Store(data_dir / DB_FILENAME, migrate=False, read_only=True)
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise StoreError(f"Không tạo được thư mục dữ liệu {data_dir}: {e.strerror or e}") from e
    return Store(data_dir / DB_FILENAME, migrate=migrate)
