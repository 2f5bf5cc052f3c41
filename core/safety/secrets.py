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
  lists, ``open_attachment`` a logged reveal (see "attachments" below).
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import os
import re
import sqlite3
import weakref
from pathlib import Path

from core.errors import UserError
from core.records.fields import KINDS
from core.records.schema import SECRET_SORT_KEY, row_sort_key
from core.safety import audit
from core.text import sort_key

log = logging.getLogger(__name__)

SETTING = "bao_mat.mat_khau"
SECRET_MASK = audit.SECRET_MASK
SECRET_FIELDS = tuple(f.name for f in KINDS["don_thu"].fields if f.secret)
MIN_LENGTH = 6
_AAD = b"sodanvan.don_thu.bi_mat.v1"
_SCRYPT = {"n": 2 ** 15, "r": 8, "p": 1}

_KEYS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
# Ciphertexts revealed in this session (per store): an edit after a reveal
# replaces the whole identity.
_REVEALED: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


class SecurityError(UserError):
    """A password/secrecy problem, with a Vietnamese message."""


def _err(e: Exception) -> str:
    """An error for the log file: an OSError's path may hold a file's
    original name, so only its kind and number are written."""
    if isinstance(e, OSError):
        return f"{type(e).__name__} (errno {e.errno})"
    return str(e)


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
    check, key = _derive(password, params)
    return key if hmac.compare_digest(check, params["check"]) else None


def params_in_file(data_dir: str | os.PathLike) -> dict | None:
    """The password parameters of the data folder's database, read-only
    (for the prompt shown before the store is opened)."""
    path = Path(data_dir) / "sodanvan.db"
    if not path.exists():
        return None
    try:
        from core.safety.backup import _connect_ro
        conn = _connect_ro(path)
        try:
            row = conn.execute("SELECT value FROM setting WHERE key=?", (SETTING,)).fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return None
    return json.loads(row[0]) if row and row[0] else None


def password_required(data_dir) -> bool:
    return params_in_file(data_dir) is not None


def is_set(store) -> bool:
    return store.get_setting(SETTING) is not None


def is_unlocked(store) -> bool:
    return store in _KEYS


# ----------------------------------------------------- encrypt/decrypt
# cryptography is imported on first use: most books have no password, and
# the import costs ~15 ms of every start-up.
def _encrypt(key: bytes, values: dict, aad: bytes = _AAD) -> str | None:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    values = {k: v for k, v in values.items() if v not in (None, "")}
    if not values:
        return None
    nonce = os.urandom(12)
    ct = AESGCM(key).encrypt(nonce, json.dumps(values, ensure_ascii=False, sort_keys=True).encode("utf-8"), aad)
    return "v1:" + base64.b64encode(nonce + ct).decode("ascii")


def _decrypt(key: bytes, blob: str | None, aad: bytes = _AAD) -> dict:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    if not blob:
        return {}
    if not blob.startswith("v1:"):
        raise SecurityError("Dữ liệu bảo mật không đúng định dạng.")
    raw = base64.b64decode(blob[3:])
    try:
        pt = AESGCM(key).decrypt(raw[:12], raw[12:], aad)
    except InvalidTag:
        raise SecurityError("Không giải mã được thông tin bảo mật (sai mật khẩu hoặc dữ liệu bị sửa).") from None
    return json.loads(pt.decode("utf-8"))


# ------------------------------------------------------------- filters
def _write_filter(store, kind, row):
    if kind != "don_thu":
        return row
    key = _KEYS.get(store)
    old_blob = row.get("bi_mat")
    masked = row.get("ho_ten") == SECRET_MASK
    if row.get("loai") != "to_cao":
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
    if _attachment_hook not in store.on_change:
        store.on_change.append(_attachment_hook)  # a tố cáo's files are secret, password or not
    if _add_attachment not in store.attachment_adders:
        store.attachment_adders.append(_add_attachment)
    if mask_attachments not in store.attachment_filters:
        store.attachment_filters.append(mask_attachments)
    if params is None:
        _uninstall_filters(store)
        _start_attachments(store)
        return store
    if key is not None:
        _KEYS[store] = key
    if _write_filter not in store.write_filters:
        store.write_filters.append(_write_filter)
    if _read_filter not in store.read_filters:
        store.read_filters.append(_read_filter)
    store.conn.execute("PRAGMA secure_delete = ON")
    _start_attachments(store)
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
    _KEYS.pop(store, None)


# --------------------------------------------------- (re)keying files
def _rekey_conn(conn: sqlite3.Connection, old_key: bytes | None, new_key: bytes | None,
                data_dir: Path | None = None, att: dict | None = None) -> int:
    """Move every tố cáo identity from ``old_key`` (or clear) to ``new_key``
    (or clear) in one database — and, with ``data_dir``, the tố cáo
    attachment files (``att``: the ``done``/``created``/``replaced`` of
    ``_rekey_attachments``, shared by the live database and its backups).
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
        is_to_cao = conn.execute("SELECT loai FROM don_thu WHERE id=?", (rid,)).fetchone()[0] == "to_cao"
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
        _rekey_attachments(conn, Path(data_dir), old_key, new_key, **(att if att is not None else {}))
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
        _queue_unlink(store.conn, [_rel(store.data_dir, p) for p in att["created"]] + sorted(att["replaced"]))
    try:
        flush_pending(store)
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
            _queue_unlink(store.conn, att["replaced"])
    except OSError as e:
        _unlink_all(att["created"])
        log.warning("attachment files not converted: %s", _err(e))
        raise SecurityError(f"Không ghi được tệp đính kèm của đơn tố cáo ({e.strerror or type(e).__name__}); "
                            "chưa có gì thay đổi. Hãy kiểm tra ổ đĩa (còn chỗ trống, được phép ghi) rồi thử lại.") from e
    except BaseException:
        _unlink_all(att["created"])
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
    key = _KEYS.get(store)
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
            _KEYS.pop(store, None)
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
        flush_pending(store)
    except (OSError, sqlite3.Error) as e:
        log.warning("replaced attachment files not deleted yet: %s", _err(e))
    return safety


def _settle_restored(store, key):
    try:
        _rekey_live(store, key, key, lambda att: _rekey_attachments(store.conn, store.data_dir, key, key, **att))
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
        key = _KEYS.get(store)
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
        key = _KEYS.get(store)
        if key is None:
            return {}
        return _decrypt(key, row["bi_mat"])
    return {n: row[n] for n in SECRET_FIELDS if row[n] is not None}


# ------------------------------------------------------- attachments
# The files of a tố cáo (the handwritten letter, a scanned CCCD) belong to
# the denouncer's identity (SPEC §3.1).  One row of ``dinh_kem`` is in one
# of three states, told apart by its columns alone:
#
# - clear, named: ``<sha12>_<original name>``, ``ten_goc`` in clear — every
#   record that is not a tố cáo (unchanged behaviour);
# - clear, nameless: a tố cáo while no password is set — ``<sha12>.bin``
#   (the name is not in the path; the content cannot be protected without
#   a key), ``ten_goc`` in clear in the database like the identity columns;
# - encrypted: a tố cáo while a password is set — ``<random>.bin`` holding
#   ``_FILE_MAGIC`` ‖ nonce ‖ AES-256-GCM(content) with the store key, and
#   ``ten_goc`` = ``v1:`` + base64(nonce ‖ AES-GCM({ten_goc, sha256}))
#   (``sha256`` column empty: a digest of the clear file would let anyone
#   holding a candidate file confirm it is there).
#
# ``Store.attachments`` shows a tố cáo's files as "(bảo mật)";
# ``open_attachment`` is a reveal (audit log) that decrypts into
# ``<data>/mo_tam/`` (emptied at the next start and at exit).  Files are
# always written completely (temp file + ``os.replace``) before the row
# that points at them is changed; a file replaced by another is queued in
# the setting ``bao_mat.tep_cho_xoa`` inside the same transaction and
# deleted later (``flush_pending``) only once neither the database nor an
# automatic backup refers to it — the only copy is never lost.
ATT_MASK = SECRET_MASK
PENDING_SETTING = "bao_mat.tep_cho_xoa"
UPGRADE_SETTING = "bao_mat.dinh_kem_v1"
OPEN_DIRNAME = "mo_tam"
_AAD_ATT_NAME = b"sodanvan.dinh_kem.ten.v1"
_AAD_ATT_FILE = b"sodanvan.dinh_kem.tep.v1"
_FILE_MAGIC = b"SDVDK1\x00\x00"
_NAMELESS = re.compile(r"^[0-9a-f]{12,32}\.bin$")
_BAD_CHARS = re.compile(r'[\x00-\x1f/\\:*?"<>|]')
_STARTED: "weakref.WeakSet" = weakref.WeakSet()
_OPEN_DIRS: set = set()


def is_encrypted_attachment(att: dict) -> bool:
    return str(att.get("ten_goc") or "").startswith("v1:")


def _is_to_cao(conn, kind: str, record_id) -> bool:
    if kind != "don_thu":
        return False
    r = conn.execute("SELECT loai FROM don_thu WHERE id=?", (record_id,)).fetchone()
    return bool(r) and r[0] == "to_cao"


def mask_attachments(store, kind: str, record_id, rows: list[dict]) -> list[dict]:
    """``Store.attachments`` rows as lists show them: the files of a tố cáo
    (and any encrypted file) named "(bảo mật)", with ``bao_mat = 1``."""
    if kind != "don_thu" or not rows:
        return rows
    secret = _is_to_cao(store.conn, kind, record_id)
    for r in rows:
        if secret or is_encrypted_attachment(r):
            r["ten_goc"] = ATT_MASK
            r["bao_mat"] = 1
    return rows


def _safe_name(name: str | None) -> str:
    name = _BAD_CHARS.sub("_", (name or "").strip()).strip(". ") or "tep_dinh_kem"
    return name[:150]


_PARTIAL_PREFIX = ".dang-ghi-"


def _write_file(dest: Path, data: bytes):
    """``data`` into ``dest`` completely or not at all: a temporary file in the
    same folder, flushed to disk, then ``os.replace``."""
    import tempfile

    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=_PARTIAL_PREFIX, dir=dest.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, dest)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _remove_partial_writes(folder: Path):
    """Temporary files of ``_write_file`` left by a crash or a power cut
    (never renamed into place, so nothing refers to them)."""
    if not folder.is_dir():
        return
    for tmp in folder.rglob(f"{_PARTIAL_PREFIX}*"):
        try:
            tmp.unlink()
        except OSError as e:
            log.warning("could not remove a partial attachment write: %s", _err(e))


def _encrypt_bytes(key: bytes, data: bytes) -> bytes:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = os.urandom(12)
    return _FILE_MAGIC + nonce + AESGCM(key).encrypt(nonce, data, _AAD_ATT_FILE)


def _decrypt_bytes(key: bytes, blob: bytes) -> bytes:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    if not blob.startswith(_FILE_MAGIC):
        raise SecurityError("Tệp đính kèm bảo mật không đúng định dạng.")
    raw = blob[len(_FILE_MAGIC):]
    try:
        return AESGCM(key).decrypt(raw[:12], raw[12:], _AAD_ATT_FILE)
    except InvalidTag:
        raise SecurityError("Không giải mã được tệp đính kèm (sai mật khẩu hoặc tệp bị sửa).") from None


def _place(data_dir: Path, kind: str, record_id, data: bytes | None, name: str, digest: str | None,
           secret: bool, key: bytes | None) -> tuple[dict, Path | None]:
    """Write one attachment's content the way its record wants it (see the
    states above).  Returns the row's columns and the file newly written
    (None when the same bytes were already there, or ``data`` is None:
    the file is lost and only the row is converted)."""
    folder = Path("dinh_kem") / kind / str(record_id)
    size = len(data) if data is not None else None
    if secret and key is not None:
        import secrets

        rel = folder / f"{secrets.token_hex(8)}.bin"
        cols = {"ten_goc": _encrypt(key, {"ten_goc": name, "sha256": digest}, _AAD_ATT_NAME),
                "duong_dan": rel.as_posix(), "sha256": None, "kich_thuoc": size}
        if data is None:
            return cols, None
        _write_file(data_dir / rel, _encrypt_bytes(key, data))
        return cols, data_dir / rel
    if digest is None and data is not None:
        digest = hashlib.sha256(data).hexdigest()
    stem = (digest or "0" * 12)[:12]
    rel = folder / (f"{stem}.bin" if secret else f"{stem}_{_safe_name(name)}")
    cols = {"ten_goc": name, "duong_dan": rel.as_posix(), "sha256": digest, "kich_thuoc": size}
    dest = data_dir / rel
    if data is None or (dest.is_file() and dest.stat().st_size == len(data)):
        return cols, None  # content-addressed: the same bytes are already there
    _write_file(dest, data)
    return cols, dest


def _read_plain(data_dir: Path, att: dict, key: bytes | None) -> tuple[bytes, str, str | None]:
    """(content, original name, sha256) of one ``dinh_kem`` row as stored
    (raw columns).  ``FileNotFoundError`` when the file is gone."""
    path = Path(data_dir) / Path(att["duong_dan"])
    if is_encrypted_attachment(att):
        if key is None:
            raise SecurityError("Cần nhập mật khẩu để mở tệp đính kèm của đơn tố cáo.")
        meta = _decrypt(key, att["ten_goc"], _AAD_ATT_NAME)
        return _decrypt_bytes(key, path.read_bytes()), meta.get("ten_goc") or "tep_dinh_kem", meta.get("sha256")
    return path.read_bytes(), att["ten_goc"], att.get("sha256")


def _att_meta(att: dict, key: bytes | None) -> tuple[str, str | None]:
    if is_encrypted_attachment(att):
        if key is None:
            raise SecurityError("Cần nhập mật khẩu để đổi tệp đính kèm của đơn tố cáo.")
        meta = _decrypt(key, att["ten_goc"], _AAD_ATT_NAME)
        return meta.get("ten_goc") or "tep_dinh_kem", meta.get("sha256")
    return att["ten_goc"], att.get("sha256")


def add_secret_attachment(store, record_id: int, src) -> int:
    """``Store.add_attachment`` for a tố cáo: encrypted when a password is
    set (refused while locked), else stored under a name-free path."""
    from core.records.validation import ValidationError
    from core.text import clean

    src = Path(src)
    if not src.is_file():
        raise ValidationError({"dinh_kem": f"Không tìm thấy tệp {src.name}."})
    key = _KEYS.get(store)
    if is_set(store) and key is None:
        raise SecurityError("Cần nhập mật khẩu để thêm tệp vào đơn tố cáo.")
    data = src.read_bytes()
    cols, created = _place(store.data_dir, "don_thu", record_id, data, clean(src.name) or src.name,
                           hashlib.sha256(data).hexdigest(), True, key)
    try:
        with store.transaction():
            cur = store.conn.execute(
                "INSERT INTO dinh_kem(record_kind, record_id, ten_goc, duong_dan, kich_thuoc, sha256) VALUES (?,?,?,?,?,?)",
                ("don_thu", record_id, cols["ten_goc"], cols["duong_dan"], cols["kich_thuoc"], cols["sha256"]))
    except BaseException:
        if created is not None:
            created.unlink(missing_ok=True)
        raise
    log.info("secret attachment %s added to don_thu %s", cur.lastrowid, record_id)
    return cur.lastrowid


def attachment_names(store, record_id: int) -> dict[int, str]:
    """The real names of a đơn thư's files, for the editor after a logged
    reveal of the identity — not logged itself (like ``identity``); an
    encrypted name is left out while the store is locked."""
    key = _KEYS.get(store)
    out = {}
    for a in store.q("SELECT id, ten_goc FROM dinh_kem WHERE record_kind='don_thu' AND record_id=? ORDER BY id",
                     (record_id,)):
        if is_encrypted_attachment(a):
            if key is None:
                continue
            try:
                out[a["id"]] = _decrypt(key, a["ten_goc"], _AAD_ATT_NAME).get("ten_goc") or ""
            except SecurityError:
                continue
        else:
            out[a["id"]] = a["ten_goc"]
    return out


def open_copies_dir(data_dir) -> Path:
    return Path(data_dir) / OPEN_DIRNAME


def cleanup_open_copies(data_dir) -> None:
    """Delete the decrypted copies made by ``open_attachment`` (a file still
    open in a viewer on Windows stays until the next start)."""
    import shutil

    d = open_copies_dir(data_dir)
    if d.exists():
        shutil.rmtree(d, ignore_errors=True)
    _OPEN_DIRS.discard(str(Path(data_dir)))


def _cleanup_at_exit():
    for d in list(_OPEN_DIRS):
        cleanup_open_copies(d)


def open_attachment(store, attachment_id: int) -> Path:
    """Reveal one secret file: written to the audit log, decrypted into a
    copy named as the original under ``<data>/mo_tam/`` (deleted at exit
    and at the next start).  Returns the copy's path."""
    import atexit
    import secrets

    rows = store.q("SELECT * FROM dinh_kem WHERE id=?", (attachment_id,))
    if not rows:
        raise SecurityError("Không tìm thấy tệp đính kèm (có thể đã bị bỏ).")
    att = rows[0]
    try:
        data, name, digest = _read_plain(store.data_dir, att, _KEYS.get(store))
    except FileNotFoundError:
        raise SecurityError("Không tìm thấy tệp đính kèm trong thư mục dữ liệu (có thể đã bị xóa bên ngoài "
                            "chương trình).") from None
    if digest and hashlib.sha256(data).hexdigest() != digest:
        raise SecurityError("Tệp đính kèm bị hỏng (nội dung không khớp mã kiểm tra).")
    out = open_copies_dir(store.data_dir) / secrets.token_hex(6) / _safe_name(name)
    _write_file(out, data)
    if not _OPEN_DIRS:
        atexit.register(_cleanup_at_exit)
    _OPEN_DIRS.add(str(store.data_dir))
    try:
        with store.transaction():
            audit.log_event(store, "reveal", att["record_kind"], att["record_id"],
                            note="Mở tệp đính kèm của đơn tố cáo")
    except BaseException:
        out.unlink(missing_ok=True)
        raise
    log.info("reveal of attachment %s (%s %s)", attachment_id, att["record_kind"], att["record_id"])
    return out


# ------------------------------------------ (re)keying attachment files
def _rekey_attachments(conn, data_dir: Path, old_key, new_key, *, record_id=None, done=None,
                       created=None, replaced=None) -> int:
    """Bring the files of tố cáo (or of one record) to the state their
    record and ``new_key`` want: encrypted with ``new_key``, clear
    nameless, or clear named (no longer a tố cáo).  New files are written
    before the rows change; ``done`` maps an old file to its conversion so
    the automatic backups reuse the live database's new files; paths
    written go to ``created``, paths no longer used by this database to
    ``replaced``."""
    done = {} if done is None else done
    created = [] if created is None else created
    replaced = set() if replaced is None else replaced
    if not conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='dinh_kem'").fetchone():
        return 0
    sql = ("SELECT a.id, a.record_id, a.ten_goc, a.duong_dan, a.sha256, d.loai FROM dinh_kem a "
           "LEFT JOIN don_thu d ON d.id = a.record_id WHERE a.record_kind = 'don_thu'")
    params: list = []
    if record_id is not None:
        sql += " AND a.record_id = ?"
        params.append(record_id)
    else:
        sql += " AND (d.loai = 'to_cao' OR a.ten_goc LIKE 'v1:%' OR a.duong_dan LIKE '%.bin')"
    n = 0
    for att_id, rec_id, ten, path, sha, loai in conn.execute(sql, params).fetchall():
        secret = loai == "to_cao"
        enc = str(ten or "").startswith("v1:")
        nameless = bool(_NAMELESS.match(Path(path).name))
        want_enc = secret and new_key is not None
        if enc and want_enc and old_key is not None and old_key == new_key:
            continue
        if not enc and not want_enc and secret == nameless:
            continue
        row = {"ten_goc": ten, "duong_dan": path, "sha256": sha}
        ck = (path, ten, want_enc, secret)
        if ck in done:
            cols = done[ck]
        else:
            try:
                data, name, digest = _read_plain(data_dir, row, old_key)
            except FileNotFoundError:
                log.warning("attachment %s: file missing (row converted)", att_id)  # never a path: it may hold a name
                data = None
                name, digest = _att_meta(row, old_key)
            cols, new_file = _place(data_dir, "don_thu", rec_id, data, name, digest, secret,
                                    new_key if want_enc else None)
            if new_file is not None:
                created.append(new_file)
            done[ck] = cols
        sets = {k: v for k, v in cols.items() if not (k == "kich_thuoc" and v is None)}
        conn.execute(f"UPDATE dinh_kem SET {', '.join(f'{c}=?' for c in sets)} WHERE id=?", [*sets.values(), att_id])
        if cols["duong_dan"] != path:
            replaced.add(path)
        n += 1
    return n


def _queue_unlink(conn, paths) -> None:
    """Remember files to delete once nothing refers to them (in the
    caller's transaction: a crash keeps both the rows and the queue)."""
    paths = sorted({Path(p).as_posix() if not isinstance(p, str) else p for p in paths})
    if not paths:
        return
    row = conn.execute("SELECT value FROM setting WHERE key=?", (PENDING_SETTING,)).fetchone()
    old = json.loads(row[0]) if row and row[0] else []
    new = sorted(set(old) | set(paths))
    conn.execute("INSERT INTO setting(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value=excluded.value",
                 (PENDING_SETTING, json.dumps(new, ensure_ascii=False)))


def _rel(data_dir: Path, p) -> str:
    p = Path(p)
    try:
        return p.relative_to(data_dir).as_posix()
    except ValueError:
        return p.as_posix()


def _referenced(store, paths: list[str]) -> set[str]:
    """Which of ``paths`` a row of the database or of an automatic backup
    still points at (an unreadable backup counts as pointing at all)."""
    from core.safety.backup import _connect_ro, list_backups

    def refs(conn) -> set[str]:
        out = set()
        for i in range(0, len(paths), 400):
            chunk = paths[i:i + 400]
            out.update(r[0] for r in conn.execute(
                f"SELECT duong_dan FROM dinh_kem WHERE duong_dan IN ({','.join('?' * len(chunk))})", chunk))
        return out

    found = refs(store.conn)
    for b in list_backups(store.data_dir):
        try:
            conn = _connect_ro(b.path)
            try:
                found |= refs(conn)
            finally:
                conn.close()
        except sqlite3.Error as e:
            log.warning("backup %s not readable while cleaning attachments: %s", b.path.name, e)
            return set(paths)
    return found


def flush_pending(store) -> int:
    """Delete the queued files nothing refers to any more; returns how many."""
    pending = store.get_setting(PENDING_SETTING) or []
    if not pending:
        return 0
    used = _referenced(store, pending)
    keep, n = [], 0
    for rel in pending:
        if rel in used:
            keep.append(rel)
            continue
        p = store.data_dir / rel
        try:
            p.unlink(missing_ok=True)
            n += 1
        except OSError as e:
            log.warning("could not delete a replaced attachment file (%s)", type(e).__name__)
            keep.append(rel)
            continue
        try:
            p.parent.rmdir()  # only when empty
        except OSError:
            pass
    with store.transaction():
        if keep:
            store.conn.execute("UPDATE setting SET value=? WHERE key=?", (json.dumps(keep, ensure_ascii=False), PENDING_SETTING))
        else:
            store.conn.execute("DELETE FROM setting WHERE key=?", (PENDING_SETTING,))
    return n


def _unlink_all(paths):
    for p in paths:
        try:
            Path(p).unlink(missing_ok=True)
        except OSError:
            pass


def settle_attachments(store, record_id: int | None = None) -> int:
    """Convert the files of one đơn thư (or of all tố cáo) to what the
    record's kind and the password want — after a change of ``loai``."""
    key = _KEYS.get(store)
    if is_set(store) and key is None:
        if store.q1("SELECT 1 FROM dinh_kem WHERE record_kind='don_thu'" + (" AND record_id=?" if record_id else ""),
                    (record_id,) if record_id else ()):
            raise SecurityError("Cần nhập mật khẩu để đổi loại đơn tố cáo có tệp đính kèm.")
        return 0
    created, replaced = [], set()
    try:
        with store.transaction():
            n = _rekey_attachments(store.conn, store.data_dir, key, key, record_id=record_id,
                                   created=created, replaced=replaced)
            _queue_unlink(store.conn, replaced)
    except BaseException:
        _unlink_all(created)
        raise
    return n


def _attachment_hook(store, action, kind, record_id, old, new):
    """``Store.on_change``: a đơn thư that becomes (or stops being) a tố cáo
    has its files converted in the same transaction; a deleted one has its
    files queued for deletion."""
    if kind != "don_thu":
        return
    if action == "delete":
        if (old or {}).get("loai") != "to_cao":
            return  # other records keep today's behaviour
        folder = store.data_dir / "dinh_kem" / "don_thu" / str(record_id)
        if folder.is_dir():
            _queue_unlink(store.conn, [_rel(store.data_dir, f) for f in folder.iterdir() if f.is_file()])
        return
    if action != "update" or "loai" not in (new or {}):
        return
    if ((old or {}).get("loai") == "to_cao") == (new.get("loai") == "to_cao"):
        return
    if store.q1("SELECT 1 FROM dinh_kem WHERE record_kind='don_thu' AND record_id=?", (record_id,)):
        settle_attachments(store, record_id)


def _add_attachment(store, kind, record_id, src):
    """``Store.attachment_adders``: a tố cáo's files are stored encrypted or
    without their name; every other file is left to the store."""
    if kind == "don_thu" and _is_to_cao(store.conn, kind, record_id):
        return add_secret_attachment(store, record_id, src)
    return None


def _start_attachments(store):
    """Once per store at install: leftovers of the last session (decrypted
    copies, replaced files, half-written files) removed, and the files of tố
    cáo stored before this protection existed converted once — not by a
    reading command while the window has the folder (``core.safety.instance``)."""
    from core.safety.instance import open_elsewhere

    try:
        if open_elsewhere(store.data_dir):
            return  # a reading command beside the open window: the window's files, its housekeeping
        if store not in _STARTED:
            _STARTED.add(store)
            cleanup_open_copies(store.data_dir)
            _remove_partial_writes(store.attachments_dir())
        flush_pending(store)
        if store.get_setting(UPGRADE_SETTING) is None and (not is_set(store) or store in _KEYS):
            settle_attachments(store)
            store.set_setting(UPGRADE_SETTING, 1)
            flush_pending(store)
    except (OSError, sqlite3.Error, SecurityError) as e:
        log.warning("attachment housekeeping skipped: %s", _err(e))
