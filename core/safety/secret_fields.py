"""The password and the secret fields of a tố cáo: the key derivation, the
(bound) encryption of an identity, the store's write/read filters that keep
it encrypted, and what the clerk must be told about the book's secrets.
The jobs that change the key are ``core.safety.rekey``; the entry points
(install, unlock, set/clear password, restore, reveal) ``core.safety.secrets``."""
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
from core.records.secrecy import SECRET_MASK, SECRET_SORT_KEY, has_secrets, is_secret, secret_fields
from core.safety.secret_files import (
    BOUND_PREFIX,
    KEYS,
    SETTING,
    SWAPPED_MESSAGE,
    SecurityError,
    decrypt_json,
    encrypt_json,
    is_bound,
)
from core.text import fold

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
# A NOT NULL identity column keeps this instead of NULL when emptied.
_BLANK = {("tiep_cong_dan", "ho_ten"): ""}

# Ciphertexts revealed in this session (per store): an edit after a reveal
# replaces the whole identity.
_REVEALED: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
# What the clerk must be told about the secrets of this store (per store).
_NOTES: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()

# ------------------------------------------------------------ the KDF
# scrypt from pycryptodome (the same RFC 7914 function as OpenSSL's
# ``hashlib.scrypt`` that derived the keys until 0.1.0: the bundle then needs
# no OpenSSL; tests/safety/test_crypto_vectors.py).  OpenSSL's memory bound is
# kept: parameters that would need more than _MAXMEM are refused, not run.
_MAXMEM = 128 * 1024 * 1024


def _derive(password: str, params: dict) -> tuple[str, bytes]:
    from Crypto.Protocol.KDF import scrypt

    salt = base64.b64decode(params["salt"])
    n, r, p = int(params["n"]), int(params["r"]), int(params["p"])
    if 128 * r * (n + 2) + 128 * r * p > _MAXMEM:
        from core.safety.integrity import KDF_BROKEN

        raise SecurityError(KDF_BROKEN)
    raw = scrypt(password.encode("utf-8"), salt, 64, N=n, r=r, p=p)
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


def verify(store, password: str) -> bool:
    return key_from_params(store.get_setting(SETTING), password) is not None


def _uninstall_filters(store):
    if _write_filter in store.write_filters:
        store.write_filters.remove(_write_filter)
    if _read_filter in store.read_filters:
        store.read_filters.remove(_read_filter)
    KEYS.pop(store, None)


def _note(store, text: str):
    _NOTES.setdefault(store, [])
    if text not in _NOTES[store]:
        _NOTES[store].append(text)
    log.warning("secrets: %s", text)


