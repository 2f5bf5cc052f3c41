"""Optional password; the identity of tố cáo denouncers encrypted at rest
(SPEC §8, Luật Tố cáo 2018 Điều 9, 47; issues 4 and 13).

- The password is never stored: ``hashlib.scrypt`` (N=2^15, r=8, p=1, random
  16-byte salt) derives 64 bytes; the first 32 are hashed (SHA-256) into a
  verifier kept in the ``setting`` table (key ``bao_mat.mat_khau``), the last
  32 are the AES-256-GCM key, kept in memory only while the app runs.  A
  password has at least ``MIN_LENGTH`` characters and is none of the
  commonest ones nor the commune's name (``check_password``).
- When a password is set, the ``Field.secret`` fields of a tố cáo — a đơn
  thư of loại tố cáo, or a visit (tiếp công dân) classified tố cáo — (ho_ten,
  dia_chi, thon_id, cccd, dien_thoai) are written encrypted into the row's
  ``bi_mat`` (``v2:`` + base64(nonce ‖ ciphertext)), bound as associated
  data to the table, the record id and the field set (``row_aad``): a
  ciphertext copied onto another row does not open.  A new row's id is
  reserved before its insert (the store's write filters run first).  The
  clear columns are emptied and the name's sort key is the secret one.
  The search index never holds them (``Store._search_text``).  Reading a
  record gives ``ho_ten = "(bảo mật)"`` and the other identity fields
  empty; ``reveal(store, id, kind)`` is the only way to see them, and it is
  written to the audit log.  ``v1:`` ciphertexts of older books (unbound)
  are read until the book's upgrade binds them, then refused.
- Setting, changing or clearing the password, restoring into a protected
  book and that upgrade are one *job* each (``_run_job``) that a crash never
  leaves half done with a secret in clear: a marker file
  (``core.paths.REKEY_MARKER``) is written first; each automatic backup is
  re-keyed into a copy beside it (``<backup>`` + ``REKEY_SUFFIX``); then
  the book itself is re-keyed in one transaction that also records the job
  (setting ``bao_mat.doi_khoa``) — the commit point; then the copies replace
  the backups, the book is vacuumed (``secure_delete`` on, ``VACUUM`` + WAL
  truncation, so no clear copy stays in the file), the replaced attachment
  files are deleted and the marker removed.  The next start (and
  ``check``) finishes a committed job and rolls back one killed before its
  commit (copies and files it wrote deleted, the WAL truncated) — neither
  needs the password — and tells the clerk (``pending_notes``).  A failed
  VACUUM (disk full) leaves the job to finish later, with a Vietnamese
  message.  A restore into a protected book re-keys the restored copy in
  memory before it replaces the book.
- ``core.io.exports.internal_full_export`` (Excel with the identities) asks for the password
  and is logged; every other export and report never contains them.
- A tố cáo's attachments (handwriting scans, …) are secret too: encrypted
  files under random names with the name encrypted in ``dinh_kem.ten_goc``
  when a password is set, name-free paths without one, "(bảo mật)" in
  lists, ``open_attachment`` a logged reveal — ``core.safety.secret_files``,
  whose hooks ``install`` installs and whose files the jobs re-key with the
  identities.
"""
from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import logging
import os
import sqlite3
import weakref
from pathlib import Path

from core.paths import DB_FILENAME, REKEY_MARKER, REKEY_SUFFIX
from core.records.fields import KINDS
from core.records.schema import row_sort_key
from core.records.secrecy import (
    SECRET_KINDS,
    SECRET_LOAI,
    SECRET_MASK,
    SECRET_SORT_KEY,
    has_secrets,
    is_secret,
    secret_fields,
)
from core.safety import audit, secret_files
from core.safety.secret_files import (
    BOUND_PREFIX,
    BOUND_SETTING,
    KEYS,
    SETTING,
    SWAPPED_MESSAGE,
    UPGRADE_SETTING_VISITS,
    SecurityError,
    _err,
    decrypt_json,
    encrypt_json,
    is_bound,
    opens_with,
    queue_unlink,
    rekey_attachments,
    relative_path,
    unlink_all,
)

# re-exported: ``is_set`` belongs to the password's vocabulary
from core.safety.secret_files import is_set as is_set
from core.text import fold, sort_key

log = logging.getLogger(__name__)

MIN_LENGTH = 8
# The commonest passwords (lists of leaked passwords, Vietnamese ones
# included), compared without case, diacritics, spaces or punctuation.
COMMON_PASSWORDS = frozenset({
    "123456", "1234567", "12345678", "123456789", "1234567890", "0123456789", "987654321", "87654321",
    "11111111", "00000000", "88888888", "66666666", "99999999", "12341234", "11223344", "123123123", "12121212",
    "password", "password1", "password123", "passw0rd", "matkhau", "matkhau1", "matkhau123",
    "qwerty", "qwertyui", "qwerty123", "qwertyuiop", "1q2w3e4r", "1qaz2wsx", "abc12345", "abcd1234", "abcdefgh",
    "12345678a", "a1234567", "iloveyou", "admin", "admin123", "administrator", "anhyeuem", "emyeuanh", "yeuem",
    "vietnam", "vietnam1", "vietnam123", "sodanvan", "danvan", "ubnd", "ubndxa", "congan", "hanoi123",
    "khongbiet", "batkhonggiadinh",
})
_AAD = b"sodanvan.don_thu.bi_mat.v1"  # the unbound ciphertexts of older books
_SCRYPT = {"n": 2 ** 15, "r": 8, "p": 1}
# The job in progress, committed with the book's own re-keying (see above).
REKEY_SETTING = "bao_mat.doi_khoa"
# A NOT NULL identity column keeps this instead of NULL when emptied.
_BLANK = {("tiep_cong_dan", "ho_ten"): ""}

# Ciphertexts revealed in this session (per store): an edit after a reveal
# replaces the whole identity.
_REVEALED: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
# What the clerk must be told about the secrets of this store (per store).
_NOTES: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()

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


# ------------------------------------------------------------ the KDF
def _derive(password: str, params: dict) -> tuple[str, bytes]:
    salt = base64.b64decode(params["salt"])
    raw = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=int(params["n"]), r=int(params["r"]),
                         p=int(params["p"]), maxmem=128 * 1024 * 1024, dklen=64)
    check = hashlib.sha256(raw[:32]).hexdigest()
    return check, raw[32:]


def _new_params(password: str) -> tuple[dict, bytes]:
    params = {"kdf": "scrypt", "salt": base64.b64encode(os.urandom(16)).decode(), **_SCRYPT}
    check, key = _derive(password, params)
    params["check"] = check
    return params, key


def key_from_params(params: dict | None, password: str) -> bytes | None:
    """The AES key if ``password`` is right, else None."""
    if not params or not password:
        return None
    from core.safety.integrity import KDF_BROKEN, kdf_params_problem

    if kdf_params_problem(params):  # a tampered setting: a message, never a traceback or gigabytes
        raise SecurityError(KDF_BROKEN)
    check, key = _derive(password, params)
    return key if hmac.compare_digest(check, params["check"]) else None


def params_in_file(data_dir: str | os.PathLike) -> dict | None:
    """The password parameters of the data folder's database, read-only
    (for the prompt shown before the store is opened)."""
    path = Path(data_dir) / DB_FILENAME
    if not path.exists():
        return None
    try:
        from core.safety.integrity import connect_ro
        conn = connect_ro(path)
        try:
            row = conn.execute("SELECT value FROM setting WHERE key=?", (SETTING,)).fetchone()
        finally:
            conn.close()
    except (sqlite3.Error, UnicodeDecodeError):
        return None
    try:
        return json.loads(row[0]) if row and row[0] else None
    except ValueError:
        raise SecurityError(KDF_BROKEN_JSON) from None


KDF_BROKEN_JSON = ("Cài đặt mật khẩu trong tệp dữ liệu bị hỏng (có thể đã bị sửa bằng công cụ khác). Hãy khôi phục "
                   "từ bản sao lưu gần nhất còn tốt.")


def password_required(data_dir) -> bool:
    return params_in_file(data_dir) is not None


def is_unlocked(store) -> bool:
    return store in KEYS


def _squash(text: str) -> str:
    """Lower case, no diacritics, letters and digits only."""
    return "".join(ch for ch in fold(text or "") if ch.isalnum())


def check_password(store, password: str) -> None:
    """Refuse (``SecurityError``, Vietnamese) a password shorter than
    ``MIN_LENGTH``, one of the commonest passwords, one character repeated,
    or the name of a unit of the book (without diacritics, a year or number
    after it allowed)."""
    if not password or len(password) < MIN_LENGTH:
        raise SecurityError(f"Mật khẩu phải có ít nhất {MIN_LENGTH} ký tự.")
    s = _squash(password)
    if s in COMMON_PASSWORDS or len(set(s)) <= 2 or s.rstrip("0123456789") in COMMON_PASSWORDS:
        raise SecurityError("Mật khẩu này quá phổ biến, dễ bị đoán ra. Hãy chọn mật khẩu khác, ví dụ một câu ngắn "
                            "chỉ mình biết, có cả chữ và số.")
    names = set()
    try:
        for u in store.q("SELECT ten FROM unit"):
            n = _squash(u["ten"])
            if len(n) >= 3:
                names |= {n, "xa" + n, "phuong" + n, "ubnd" + n, "ubndxa" + n}
    except sqlite3.Error:
        pass
    if s in names or s.rstrip("0123456789") in names or s.lstrip("0123456789") in names:
        raise SecurityError("Mật khẩu không được là tên xã, phường (kể cả khi viết không dấu hoặc thêm số năm). "
                            "Hãy chọn mật khẩu khác, khó đoán hơn.")


# ----------------------------------------------------- encrypt/decrypt
def row_aad(table: str, rid) -> bytes:
    """The associated data binding a row's ciphertext to its table, its
    record id and the identity fields it holds."""
    return f"sodanvan.v2|{table}|{int(rid)}|bi_mat|{','.join(secret_fields(table))}".encode("utf-8")


def _seal(key: bytes, table: str, rid, values: dict) -> str | None:
    return encrypt_json(key, {n: values.get(n) for n in secret_fields(table)}, row_aad(table, rid), BOUND_PREFIX)


def unseal(key: bytes, table: str, rid, blob: str | None, legacy: bool = True) -> dict:
    """The identity held by ``blob``, the ``bi_mat`` of row ``rid`` of
    ``table``: a ``v2:`` ciphertext must have been made for that row; an
    unbound ``v1:`` one (an older book, a đơn thư only) is read while
    ``legacy``.  ``SecurityError`` (Vietnamese, nothing shown) otherwise."""
    if not blob:
        return {}
    if blob.startswith(BOUND_PREFIX):
        return decrypt_json(key, blob, row_aad(table, rid))
    if not legacy or table != "don_thu":
        raise SecurityError(SWAPPED_MESSAGE)
    return decrypt_json(key, blob, _AAD)


def _encrypt(key: bytes, values: dict, aad: bytes = _AAD) -> str | None:
    """An unbound ``v1:`` ciphertext (the form of older books; tests)."""
    return encrypt_json(key, values, aad)


def _decrypt(key: bytes, blob: str | None, aad: bytes = _AAD) -> dict:
    return decrypt_json(key, blob, aad)


def _blank(table: str, name: str):
    return _BLANK.get((table, name))


# ------------------------------------------------------------- filters
def _reserve_id(store, table: str) -> int:
    """The id SQLite gives the next row of ``table`` (INTEGER PRIMARY KEY
    without AUTOINCREMENT: the largest + 1), written explicitly by the
    insert so the ciphertext made before it is bound to it."""
    return (store.q1(f"SELECT max(id) FROM {table}") or 0) + 1


def _write_filter(store, kind, row):
    """Installed while a password is set: a tố cáo's identity leaves the
    clear columns for ``bi_mat``, bound to the row.  ``row['id']`` is the
    record's id on an update (``Store.update`` passes it); a create has
    none and gets one reserved here."""
    if not has_secrets(kind):
        return row
    key = KEYS.get(store)
    fields = secret_fields(kind)
    old_blob = row.get("bi_mat")
    masked = row.get("ho_ten") == SECRET_MASK

    def rid() -> int:
        if row.get("id") is None:
            row["id"] = _reserve_id(store, kind)
        return row["id"]

    def opened(blob) -> dict:
        return unseal(key, kind, rid(), blob, legacy=not is_bound(store.conn))

    if not is_secret(kind, row):
        if old_blob:  # no longer a denunciation: the identity goes back to clear columns
            if key is None:
                raise SecurityError("Cần nhập mật khẩu để đổi phân loại tố cáo.")
            plain = opened(old_blob)
            for n in fields:
                if masked or row.get(n) in (None, ""):
                    row[n] = plain.get(n)
            if row.get("ho_ten") in (SECRET_MASK, None):
                row["ho_ten"] = plain.get("ho_ten") or _blank(kind, "ho_ten")
            row["bi_mat"] = None
            if "sort_key" in row:
                row["sort_key"] = row_sort_key(kind, row)
            if "search_text" in row:  # the sender is searchable again
                row["search_text"] = store._search_text(KINDS[kind], row)
        return row
    if masked:
        # identity not revealed in this edit: keep it as stored (plus any
        # field the caller set explicitly)
        extra = {n: row.get(n) for n in fields if n != "ho_ten" and row.get(n) is not None}
        if extra:
            if key is None:
                raise SecurityError("Cần nhập mật khẩu để ghi thông tin người tố cáo.")
            plain = opened(old_blob)
            plain.update(extra)
            row["bi_mat"] = _seal(key, kind, rid(), plain)
    else:
        values = {n: row.get(n) for n in fields}
        if any(v not in (None, "") for v in values.values()) or old_blob:
            if key is None:
                raise SecurityError("Cần nhập mật khẩu để ghi thông tin người tố cáo.")
            plain = opened(old_blob) if old_blob else {}
            if old_blob and old_blob not in _REVEALED.get(store, ()):
                # identity not revealed before this edit: a field left empty
                # keeps its stored value (only a revealed identity is edited
                # as a whole, so a field can be cleared)
                values = {n: (v if v not in (None, "") else plain.get(n)) for n, v in values.items()}
            if not (old_blob and old_blob.startswith(BOUND_PREFIX)
                    and plain == {k: v for k, v in values.items() if v not in (None, "")}):
                row["bi_mat"] = _seal(key, kind, rid(), values)
            # else unchanged: keep the same ciphertext
    for n in fields:
        row[n] = _blank(kind, n)
    if "sort_key" in row:
        row["sort_key"] = SECRET_SORT_KEY
    return row


def _read_filter(store, kind, row):
    if row.get("bi_mat") and has_secrets(kind):
        for n in secret_fields(kind):
            row[n] = None
        row["ho_ten"] = SECRET_MASK
    return row


def install(store, key: bytes | None = None, password: str | None = None):
    """Install the encryption filters when a password is set; ``key`` (from
    the start-up prompt) or ``password`` unlock writing/revealing.  A job
    left by a crash is finished or rolled back first; once unlocked, the
    book's secrets are brought up to date (``_upgrade``)."""
    params = store.get_setting(SETTING)
    if password is not None and key is None:
        key = key_from_params(params, password)
        if key is None:
            raise SecurityError("Mật khẩu không đúng.")
    secret_files.install_hooks(store)  # a tố cáo's files are secret, password or not
    _resume_quietly(store)
    _activate(store, key)
    secret_files.housekeeping(store)
    if store in KEYS:
        _upgrade_quietly(store)
    return store


def _activate(store, key: bytes | None):
    """The filters and the key as the book's password wants them now."""
    if store.get_setting(SETTING) is None:
        _uninstall_filters(store)
        return
    if key is not None:
        KEYS[store] = key
    if _write_filter not in store.write_filters:
        store.write_filters.append(_write_filter)
    if _read_filter not in store.read_filters:
        store.read_filters.append(_read_filter)
    store.conn.execute("PRAGMA secure_delete = ON")


def unlock(store, password: str) -> bool:
    key = key_from_params(store.get_setting(SETTING), password)
    if key is None:
        return False
    install(store, key=key)
    return True


def verify(store, password: str) -> bool:
    return key_from_params(store.get_setting(SETTING), password) is not None


def _uninstall_filters(store):
    if _write_filter in store.write_filters:
        store.write_filters.remove(_write_filter)
    if _read_filter in store.read_filters:
        store.read_filters.remove(_read_filter)
    KEYS.pop(store, None)


def pending_notes(store, clear: bool = True) -> list[str]:
    """What the clerk must be told about this book's secrets (a job of the
    last session finished or rolled back, a clean-up still waiting, an
    upgrade waiting for the password), in Vietnamese; emptied when read."""
    notes = list(_NOTES.get(store, ()))
    if clear:
        _NOTES.pop(store, None)
    if store not in KEYS and is_set(store) and _needs_upgrade(store.conn):
        notes.append("Có thông tin người tố cáo chưa được mã hóa theo mật khẩu (lượt tiếp công dân tố cáo của "
                     "dữ liệu cũ, hoặc dữ liệu cần nâng cấp): hãy mở chương trình bằng mật khẩu để việc mã hóa "
                     "tự hoàn tất.")
    return notes


def _note(store, text: str):
    _NOTES.setdefault(store, [])
    if text not in _NOTES[store]:
        _NOTES[store].append(text)
    log.warning("secrets: %s", text)


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
            rid, loai, blob = r[0], r[1], r[2]
            clear = {k: v for k, v in zip(fields, r[3:]) if v not in (None, "")}
            to_cao = loai == SECRET_LOAI
            want = new_key is not None and to_cao
            if blob:
                if want and not clear and opens_with(new_key, blob, row_aad(table, rid)):
                    continue  # already what is wanted
                if old_key is None:
                    raise SecurityError("Dữ liệu bảo mật cần mật khẩu cũ để giải mã.")
                plain = unseal(old_key, table, rid, blob, legacy)
                plain.update(clear)
            else:
                if not want:
                    continue  # clear and wanted clear
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
            conn.execute(f"UPDATE {table} SET {', '.join(f'{c}=?' for c in sets)} WHERE id=?", [*sets.values(), rid])
            n += 1
    if data_dir is not None:
        rekey_attachments(conn, Path(data_dir), old_key, new_key, src_dir=src_dir, **(att if att is not None else {}))
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


# ------------------------------------------------------------- restore
def restore(store, file) -> "Path":
    """``core.safety.backup.restore`` keeping the protection: when this data has a
    password, it must be unlocked, and the restored copy is re-keyed in
    memory *before* it replaces the book (an old backup without a password
    gets this password; with the same password its secrets are brought up
    to date) — no moment on disk holds the book's secrets in clear.
    Restored data with another password stays locked until that one is
    given.  Returns the safety backup of the data replaced."""
    from core.safety import backup

    params_before = store.get_setting(SETTING)
    key = KEYS.get(store)
    if params_before is not None and key is None:
        raise SecurityError("Cần nhập mật khẩu trước khi khôi phục dữ liệu.")
    _finish_or_raise(store)
    _REVEALED.pop(store, None)
    if params_before is None:
        safety = backup.restore(store, file)
        if store.get_setting(SETTING) is not None:
            KEYS.pop(store, None)
            install(store)
        else:
            _uninstall_filters(store)
            _settle_restored(store, None)
    else:
        att = {"done": {}, "created": [], "replaced": set()}
        state: dict = {}

        def prepare(src: sqlite3.Connection, src_dir) -> sqlite3.Connection:
            mem = sqlite3.connect(":memory:", isolation_level=None)
            state["mem"] = mem
            src.backup(mem)
            state["rekeyed"] = _prepare_restored(mem, params_before, key, store.data_dir, Path(src_dir), att)
            return mem

        store.conn.execute("PRAGMA secure_delete = ON")
        _write_marker(store.data_dir, "khoi_phuc")
        try:
            safety = backup.restore(store, file, prepare=prepare)
        except BaseException:
            unlink_all(att["created"])
            _marker(store.data_dir).unlink(missing_ok=True)
            raise
        finally:
            if state.get("mem") is not None:
                state["mem"].close()
        if state.get("rekeyed"):
            _activate(store, key)
        else:  # another password: locked until it is given
            KEYS.pop(store, None)
            _activate(store, None)
        try:
            _finish(store)
        except SecurityError as e:
            _note(store, str(e))
        _marker(store.data_dir).unlink(missing_ok=True)
    with store.transaction():
        dropped = len(getattr(safety, "problems", ()))  # attachment rows leaving the attachment folder
        audit.log_event(store, "restore", note=f"Khôi phục từ {Path(file).name}; dữ liệu trước đó lưu ở {safety.name}"
                        + (f"; bỏ {dropped} tệp đính kèm có đường dẫn không hợp lệ" if dropped else ""))
    try:
        secret_files.flush_pending(store)
    except (OSError, sqlite3.Error) as e:
        log.warning("replaced attachment files not deleted yet: %s", _err(e))
    return safety


def _prepare_restored(mem: sqlite3.Connection, params: dict, key: bytes, data_dir: Path, src_dir: Path,
                      att: dict) -> bool:
    """The restored copy ``mem`` (in memory) re-keyed for the protected book
    it replaces: migrated, every identity under ``key`` and bound, its tố cáo
    files encrypted (read from ``src_dir``, written into ``data_dir``).
    False when it has another password (left as it is)."""
    _migrate_conn(mem)
    row = mem.execute("SELECT value FROM setting WHERE key=?", (SETTING,)).fetchone()
    src_params = json.loads(row[0]) if row and row[0] else None
    if src_params is None:
        old = None
    elif src_params.get("salt") == params.get("salt"):
        old = key
    else:  # another salt: the same key only when its ciphertexts open with ours
        blob = None
        for table in SECRET_KINDS:
            r = mem.execute(f"SELECT id, bi_mat FROM {table} WHERE bi_mat IS NOT NULL LIMIT 1").fetchone()
            if r:
                blob = (table, r[0], r[1])
                break
        try:
            if blob is None:
                return False
            unseal(key, blob[0], blob[1], blob[2], legacy=not is_bound(mem))
            old = key
        except SecurityError:
            return False
    mem.execute("BEGIN")
    _rekey_conn(mem, old, key, data_dir, att, src_dir=src_dir)
    _set_params(mem, params)
    mem.execute("INSERT INTO setting(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value=excluded.value",
                (REKEY_SETTING, json.dumps({"viec": "khoi_phuc", "sao_luu": [], "xoa": []})))
    mem.execute("COMMIT")
    return True


def _settle_restored(store, key):
    created: list = []
    replaced: set = set()
    try:
        with store.transaction():
            rekey_attachments(store.conn, store.data_dir, key, key, created=created, replaced=replaced)
            queue_unlink(store.conn, replaced)
    except (SecurityError, OSError, sqlite3.Error) as e:  # the restore itself is done: never undo it for this
        unlink_all(created)
        log.warning("attachments of the restored data not converted: %s", _err(e))


# ------------------------------------------------------------- reveal
def _secret_row(store, kind: str, record_id: int) -> dict:
    if not has_secrets(kind):
        raise SecurityError("Loại hồ sơ này không có thông tin bảo mật.")
    rows = store.q(f"SELECT id, loai, bi_mat, {', '.join(secret_fields(kind))} FROM {kind} WHERE id=?", (record_id,))
    if not rows:
        raise SecurityError("Không tìm thấy đơn thư." if kind == "don_thu" else
                            f"Không tìm thấy {KINDS[kind].label}.")
    return rows[0]


def reveal(store, record_id: int, kind: str = "don_thu") -> dict:
    """The identity fields of one tố cáo (a đơn thư, or a visit with
    ``kind="tiep_cong_dan"``), as an explicit action written to the audit
    log.  Needs the password when one is set; a ciphertext that does not
    belong to this row is refused (nothing shown, nothing logged)."""
    row = _secret_row(store, kind, record_id)
    fields = secret_fields(kind)
    if row["bi_mat"]:
        key = KEYS.get(store)
        if key is None:
            raise SecurityError("Cần nhập mật khẩu để xem thông tin người tố cáo.")
        plain = unseal(key, kind, record_id, row["bi_mat"], legacy=not is_bound(store.conn))
        _REVEALED.setdefault(store, set()).add(row["bi_mat"])
    else:
        plain = {n: row[n] for n in fields if row[n] not in (None, "")}
    with store.transaction():
        audit.log_event(store, "reveal", kind, record_id, note="Xem thông tin người tố cáo")
    log.info("reveal of %s %s", kind, record_id)
    return {n: plain.get(n) for n in fields}


def identity(store, record_id: int, kind: str = "don_thu") -> dict:
    """Decrypted identity for internal processing (merge, duplicate check,
    the internal full export) — never shown, never logged.  Empty when
    locked, or when the ciphertext does not belong to the row."""
    if not has_secrets(kind):
        return {}
    fields = secret_fields(kind)
    rows = store.q(f"SELECT bi_mat, {', '.join(fields)} FROM {kind} WHERE id=?", (record_id,))
    if not rows:
        return {}
    row = rows[0]
    if row["bi_mat"]:
        key = KEYS.get(store)
        if key is None:
            return {}
        try:
            return unseal(key, kind, record_id, row["bi_mat"], legacy=not is_bound(store.conn))
        except SecurityError:
            log.warning("%s %s: its ciphertext does not open for this row", kind, record_id)
            return {}
    return {n: row[n] for n in fields if row[n] not in (None, "")}
