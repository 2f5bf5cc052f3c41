"""Optional password; the identity of tố cáo denouncers encrypted at rest
(SPEC §8, Luật Tố cáo 2018 Điều 9, 47; issue 4).

- The password is never stored: ``hashlib.scrypt`` (N=2^15, r=8, p=1, random
  16-byte salt) derives 64 bytes; the first 32 are hashed (SHA-256) into a
  verifier kept in the ``setting`` table (key ``bao_mat.mat_khau``), the last
  32 are the AES-256-GCM key, kept in memory only while the app runs.
- When a password is set, the ``Field.secret`` fields of a đơn thư of kind
  tố cáo (ho_ten, dia_chi, thon_id, cccd, dien_thoai) are written encrypted
  into ``don_thu.bi_mat`` (``v1:`` + base64(nonce ‖ ciphertext)); the clear
  columns and the name's sort key are emptied.  The search index never
  holds them (``Store._search_text``).  Reading a record gives ``ho_ten =
  "(bảo mật)"`` and the other identity fields empty; ``reveal(store, id)``
  is the only way to see them, and it is written to the audit log.
- Setting, changing or clearing the password re-encrypts the live database
  and the automatic backups (``sao_luu``), with ``secure_delete`` on and a
  ``VACUUM`` + WAL truncation, so no clear copy stays in the files.
- ``core.io.exports.internal_full_export`` (Excel with the identities) asks for the password
  and is logged; every other export and report never contains them.
- A tố cáo's attachments (handwriting scans, …) are secret too: encrypted
  files under random names with the name encrypted in ``dinh_kem.ten_goc``
  when a password is set, name-free paths without one, "(bảo mật)" in
  lists, ``open_attachment`` a logged reveal — ``core.safety.secret_files``,
  whose hooks ``install`` installs and whose files ``set_password``,
  ``clear_password`` and ``restore`` re-key with the identities.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import os
import sqlite3
import weakref
from pathlib import Path

from core.paths import DB_FILENAME
from core.records.fields import KINDS
from core.records.schema import row_sort_key
from core.records.secrecy import SECRET_FIELDS, SECRET_LOAI, SECRET_MASK, SECRET_SORT_KEY, is_secret
from core.safety import audit, secret_files
from core.safety.secret_files import (
    KEYS,
    SETTING,
    SecurityError,
    _err,
    decrypt_json,
    encrypt_json,
    queue_unlink,
    rekey_attachments,
    relative_path,
    unlink_all,
)

# re-exported: ``is_set`` belongs to the password's vocabulary
from core.safety.secret_files import is_set as is_set
from core.text import sort_key

log = logging.getLogger(__name__)

MIN_LENGTH = 6
_AAD = b"sodanvan.don_thu.bi_mat.v1"
_SCRYPT = {"n": 2 ** 15, "r": 8, "p": 1}

# Ciphertexts revealed in this session (per store): an edit after a reveal
# replaces the whole identity.
_REVEALED: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()

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


# ----------------------------------------------------- encrypt/decrypt
def _encrypt(key: bytes, values: dict, aad: bytes = _AAD) -> str | None:
    return encrypt_json(key, values, aad)


def _decrypt(key: bytes, blob: str | None, aad: bytes = _AAD) -> dict:
    return decrypt_json(key, blob, aad)


# ------------------------------------------------------------- filters
def _write_filter(store, kind, row):
    if kind != "don_thu":
        return row
    key = KEYS.get(store)
    old_blob = row.get("bi_mat")
    masked = row.get("ho_ten") == SECRET_MASK
    if not is_secret(kind, row):
        if old_blob:  # no longer a denunciation: the identity goes back to clear columns
            if key is None:
                raise SecurityError("Cần nhập mật khẩu để đổi loại đơn tố cáo.")
            plain = _decrypt(key, old_blob)
            for n in SECRET_FIELDS:
                if masked or row.get(n) is None:
                    row[n] = plain.get(n)
            if row.get("ho_ten") == SECRET_MASK:
                row["ho_ten"] = None
            row["bi_mat"] = None
            if "sort_key" in row:
                row["sort_key"] = row_sort_key("don_thu", row)
            if "search_text" in row:  # the sender is searchable again
                row["search_text"] = store._search_text(KINDS["don_thu"], row)
        return row
    if masked:
        # identity not revealed in this edit: keep it as stored (plus any
        # field the caller set explicitly)
        extra = {n: row.get(n) for n in SECRET_FIELDS if n != "ho_ten" and row.get(n) is not None}
        if extra:
            if key is None:
                raise SecurityError("Cần nhập mật khẩu để ghi thông tin người tố cáo.")
            plain = _decrypt(key, old_blob)
            plain.update(extra)
            row["bi_mat"] = _encrypt(key, plain)
    else:
        values = {n: row.get(n) for n in SECRET_FIELDS}
        if any(v not in (None, "") for v in values.values()) or old_blob:
            if key is None:
                raise SecurityError("Cần nhập mật khẩu để ghi thông tin người tố cáo.")
            if old_blob and old_blob not in _REVEALED.get(store, ()):
                # identity not revealed before this edit: a field left empty
                # keeps its stored value (only a revealed identity is edited
                # as a whole, so a field can be cleared)
                plain = _decrypt(key, old_blob)
                values = {n: (v if v not in (None, "") else plain.get(n)) for n, v in values.items()}
            if old_blob and _decrypt(key, old_blob) == {k: v for k, v in values.items() if v not in (None, "")}:
                pass  # unchanged: keep the same ciphertext
            else:
                row["bi_mat"] = _encrypt(key, values)
    for n in SECRET_FIELDS:
        row[n] = None
    if "sort_key" in row:
        row["sort_key"] = SECRET_SORT_KEY
    return row


def _read_filter(store, kind, row):
    if kind == "don_thu" and row.get("bi_mat"):
        for n in SECRET_FIELDS:
            row[n] = None
        row["ho_ten"] = SECRET_MASK
    return row


def install(store, key: bytes | None = None, password: str | None = None):
    """Install the encryption filters when a password is set; ``key`` (from
    the start-up prompt) or ``password`` unlock writing/revealing."""
    params = store.get_setting(SETTING)
    if password is not None and key is None:
        key = key_from_params(params, password)
        if key is None:
            raise SecurityError("Mật khẩu không đúng.")
    secret_files.install_hooks(store)  # a tố cáo's files are secret, password or not
    if params is None:
        _uninstall_filters(store)
        secret_files.housekeeping(store)
        return store
    if key is not None:
        KEYS[store] = key
    if _write_filter not in store.write_filters:
        store.write_filters.append(_write_filter)
    if _read_filter not in store.read_filters:
        store.read_filters.append(_read_filter)
    store.conn.execute("PRAGMA secure_delete = ON")
    secret_files.housekeeping(store)
    return store


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


# --------------------------------------------------- (re)keying files
def _rekey_conn(conn: sqlite3.Connection, old_key: bytes | None, new_key: bytes | None,
                data_dir: Path | None = None, att: dict | None = None) -> int:
    """Move every tố cáo identity from ``old_key`` (or clear) to ``new_key``
    (or clear) in one database — and, with ``data_dir``, the tố cáo
    attachment files (``att``: the ``done``/``created``/``replaced`` of
    ``secret_files.rekey_attachments``, shared by the live database and its backups).
    Returns the number of records touched."""
    cols = ", ".join(SECRET_FIELDS)
    rows = conn.execute(f"SELECT id, bi_mat, {cols} FROM don_thu WHERE loai='to_cao' OR bi_mat IS NOT NULL").fetchall()
    has_sort = any(r[1] == "sort_key" for r in conn.execute("PRAGMA table_info(don_thu)"))
    n = 0
    for r in rows:
        rid, blob, clear = r[0], r[1], dict(zip(SECRET_FIELDS, r[2:]))
        if blob:
            if old_key is None:
                raise SecurityError("Dữ liệu bảo mật cần mật khẩu cũ để giải mã.")
            plain = _decrypt(old_key, blob)
        else:
            plain = {k: v for k, v in clear.items() if v not in (None, "")}
        is_to_cao = conn.execute("SELECT loai FROM don_thu WHERE id=?", (rid,)).fetchone()[0] == SECRET_LOAI
        if new_key is not None and is_to_cao:
            sets = {n_: None for n_ in SECRET_FIELDS}
            sets["bi_mat"] = _encrypt(new_key, plain)
            if has_sort:
                sets["sort_key"] = SECRET_SORT_KEY
        else:
            sets = {n_: plain.get(n_) for n_ in SECRET_FIELDS}
            sets["bi_mat"] = None
            if has_sort:
                sets["sort_key"] = SECRET_SORT_KEY if is_to_cao else sort_key(plain.get("ho_ten"))
        conn.execute(f"UPDATE don_thu SET {', '.join(f'{c}=?' for c in sets)} WHERE id=?", [*sets.values(), rid])
        n += 1
    if data_dir is not None:
        rekey_attachments(conn, Path(data_dir), old_key, new_key, **(att if att is not None else {}))
    return n


def _scrub(conn: sqlite3.Connection):
    """No clear copy left in free pages, the FTS index or the WAL."""
    try:
        conn.execute("INSERT INTO don_thu_fts(don_thu_fts) VALUES ('optimize')")
    except sqlite3.Error:
        pass
    conn.execute("VACUUM")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _rekey_file(path: Path, old_key, new_key, params, data_dir=None, att=None):
    conn = sqlite3.connect(str(path), isolation_level=None)
    try:
        conn.execute("PRAGMA secure_delete = ON")
        conn.execute("BEGIN")
        _rekey_conn(conn, old_key, new_key, data_dir, att)
        if params is None:
            conn.execute("DELETE FROM setting WHERE key=?", (SETTING,))
        else:
            conn.execute("INSERT INTO setting(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value=excluded.value",
                         (SETTING, json.dumps(params)))
        conn.execute("COMMIT")
        _scrub(conn)
    finally:
        conn.close()


def _rekey_backups(store, old_key, new_key, params, done: dict | None = None) -> list[str]:
    """Re-key the automatic backups (their attachment rows reuse the files
    already converted for the live database, ``done``), then delete the
    files nothing refers to any more."""
    from core.safety.backup import list_backups

    problems = []
    att = {"done": {} if done is None else done, "created": [], "replaced": set()}
    for b in list_backups(store.data_dir):
        try:
            _rekey_file(b.path, old_key, new_key, params, store.data_dir, att)
        except (sqlite3.Error, SecurityError, OSError) as e:
            problems.append(f"{b.path.name}: {e}")
            log.warning("could not re-key backup %s: %s", b.path, _err(e))
    # files written for a backup that then failed, and files no backup uses
    # any more: deleted unless something still points at them
    with store.transaction():
        queue_unlink(store.conn, [relative_path(store.data_dir, p) for p in att["created"]] + sorted(att["replaced"]))
    try:
        secret_files.flush_pending(store)
    except (OSError, sqlite3.Error) as e:
        log.warning("replaced attachment files not deleted yet: %s", _err(e))
    return problems


def _rekey_live(store, old_key, new_key, body) -> dict:
    """Run ``body(att)`` (the live database's re-keying, attachments
    included) in one transaction; the replaced files are queued in it.  On
    failure the files written for it are deleted again."""
    att = {"done": {}, "created": [], "replaced": set()}
    try:
        with store.transaction():
            body(att)
            queue_unlink(store.conn, att["replaced"])
    except OSError as e:
        unlink_all(att["created"])
        log.warning("attachment files not converted: %s", _err(e))
        raise SecurityError(f"Không ghi được tệp đính kèm của đơn tố cáo ({e.strerror or type(e).__name__}); "
                            "chưa có gì thay đổi. Hãy kiểm tra ổ đĩa (còn chỗ trống, được phép ghi) rồi thử lại.") from e
    except BaseException:
        unlink_all(att["created"])
        raise
    return att


def set_password(store, new_password: str, old_password: str | None = None) -> list[str]:
    """Set (or change) the password and encrypt the denouncers' identities
    in the database and in the automatic backups.  Returns problems met
    with backup files (they are kept as they are)."""
    if not new_password or len(new_password) < MIN_LENGTH:
        raise SecurityError(f"Mật khẩu phải có ít nhất {MIN_LENGTH} ký tự.")
    old_params = store.get_setting(SETTING)
    old_key = None
    if old_params is not None:
        old_key = key_from_params(old_params, old_password or "")
        if old_key is None:
            raise SecurityError("Mật khẩu hiện tại không đúng.")
    params, key = _new_params(new_password)
    store.conn.execute("PRAGMA secure_delete = ON")
    counted = {}

    def body(att):
        n = counted["n"] = _rekey_conn(store.conn, old_key, key, store.data_dir, att)
        store.conn.execute("INSERT INTO setting(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value=excluded.value",
                           (SETTING, json.dumps(params)))
        audit.log_event(store, "password", note=("Đổi mật khẩu" if old_params else "Đặt mật khẩu")
                        + f"; thông tin người tố cáo của {n} đơn được mã hóa")

    att = _rekey_live(store, old_key, key, body)
    n = counted["n"]
    _scrub(store.conn)
    install(store, key=key)
    problems = _rekey_backups(store, old_key, key, params, att["done"])
    log.info("password %s; %d tố cáo records encrypted", "changed" if old_params else "set", n)
    return problems


def clear_password(store, password: str) -> list[str]:
    params = store.get_setting(SETTING)
    if params is None:
        return []
    key = key_from_params(params, password)
    if key is None:
        raise SecurityError("Mật khẩu không đúng.")
    def body(att):
        _rekey_conn(store.conn, key, None, store.data_dir, att)
        store.conn.execute("DELETE FROM setting WHERE key=?", (SETTING,))
        audit.log_event(store, "password", note="Bỏ mật khẩu")

    att = _rekey_live(store, key, None, body)
    _uninstall_filters(store)
    _scrub(store.conn)
    return _rekey_backups(store, key, None, None, att["done"])


def restore(store, file) -> "Path":
    """``core.safety.backup.restore`` keeping the protection: when this data has a
    password, it must be unlocked; restored data that had no password (an
    old backup) gets this password and its identities encrypted; restored
    data with another password stays locked until that one is given.
    Returns the safety backup of the data replaced."""
    from core.safety import backup

    params_before = store.get_setting(SETTING)
    key = KEYS.get(store)
    if params_before is not None and key is None:
        raise SecurityError("Cần nhập mật khẩu trước khi khôi phục dữ liệu.")
    safety = backup.restore(store, file)
    _REVEALED.pop(store, None)
    params_now = store.get_setting(SETTING)
    if params_now is None and params_before is not None:
        store.conn.execute("PRAGMA secure_delete = ON")

        def body(att):
            _rekey_conn(store.conn, None, key, store.data_dir, att)
            store.conn.execute("INSERT INTO setting(key, value) VALUES (?, ?)", (SETTING, json.dumps(params_before)))

        _rekey_live(store, None, key, body)
        _scrub(store.conn)
        install(store, key=key)
    elif params_now is not None:
        blob = store.q1("SELECT bi_mat FROM don_thu WHERE bi_mat IS NOT NULL LIMIT 1")
        ok = key is not None and params_now.get("salt") == (params_before or {}).get("salt")
        if not ok and key is not None and blob:
            try:
                _decrypt(key, blob)
                ok = True
            except SecurityError:
                ok = False
        if not ok:
            KEYS.pop(store, None)
        install(store)
        if ok and store.q1("SELECT 1 FROM don_thu WHERE loai='to_cao' AND bi_mat IS NULL AND "
                           "(ho_ten IS NOT NULL OR cccd IS NOT NULL OR dia_chi IS NOT NULL OR dien_thoai IS NOT NULL)"):
            _rekey_live(store, key, key, lambda att: _rekey_conn(store.conn, key, key, store.data_dir, att))
            _scrub(store.conn)
        elif ok:  # clear files of tố cáo in an old backup
            _settle_restored(store, key)
    else:
        _uninstall_filters(store)
        _settle_restored(store, None)
    with store.transaction():
        audit.log_event(store, "restore", note=f"Khôi phục từ {Path(file).name}; dữ liệu trước đó lưu ở {safety.name}")
    try:
        secret_files.flush_pending(store)
    except (OSError, sqlite3.Error) as e:
        log.warning("replaced attachment files not deleted yet: %s", _err(e))
    return safety


def _settle_restored(store, key):
    try:
        _rekey_live(store, key, key, lambda att: rekey_attachments(store.conn, store.data_dir, key, key, **att))
    except (SecurityError, OSError, sqlite3.Error) as e:  # the restore itself is done: never undo it for this
        log.warning("attachments of the restored data not converted: %s", _err(e))


# ------------------------------------------------------------- reveal
def reveal(store, record_id: int) -> dict:
    """The identity fields of one đơn thư, as an explicit action written to
    the audit log.  Needs the password when one is set."""
    row = store.q(f"SELECT id, loai, bi_mat, {', '.join(SECRET_FIELDS)} FROM don_thu WHERE id=?", (record_id,))
    if not row:
        raise SecurityError("Không tìm thấy đơn thư.")
    row = row[0]
    if row["bi_mat"]:
        key = KEYS.get(store)
        if key is None:
            raise SecurityError("Cần nhập mật khẩu để xem thông tin người tố cáo.")
        plain = _decrypt(key, row["bi_mat"])
        _REVEALED.setdefault(store, set()).add(row["bi_mat"])
    else:
        plain = {n: row[n] for n in SECRET_FIELDS}
    with store.transaction():
        audit.log_event(store, "reveal", "don_thu", record_id, note="Xem thông tin người tố cáo")
    log.info("reveal of don_thu %s", record_id)
    return {n: plain.get(n) for n in SECRET_FIELDS}


def identity(store, record_id: int) -> dict:
    """Decrypted identity for internal processing (merge, duplicate check) —
    never shown, never logged.  Empty when locked."""
    row = store.q("SELECT bi_mat, " + ", ".join(SECRET_FIELDS) + " FROM don_thu WHERE id=?", (record_id,))
    if not row:
        return {}
    row = row[0]
    if row["bi_mat"]:
        key = KEYS.get(store)
        if key is None:
            return {}
        return _decrypt(key, row["bi_mat"])
    return {n: row[n] for n in SECRET_FIELDS if row[n] is not None}


