"""The secret attachments: the files of a tố cáo (SPEC §3.1, Luật Tố cáo 2018
Điều 9; issue 4).

The files of a tố cáo (the handwritten letter, a scanned CCCD) belong to
the denouncer's identity.  One row of ``dinh_kem`` is in one of three
states, told apart by its columns alone:

- clear, named: ``<sha12>_<original name>``, ``ten_goc`` in clear — every
  record that is not a tố cáo (unchanged behaviour);
- clear, nameless: a tố cáo while no password is set — ``<sha12>.bin``
  (the name is not in the path; the content cannot be protected without
  a key), ``ten_goc`` in clear in the database like the identity columns;
- encrypted: a tố cáo while a password is set — ``<random>.bin`` holding
  ``_FILE_MAGIC`` ‖ nonce ‖ AES-256-GCM(content) with the store key, and
  ``ten_goc`` = ``v2:`` + base64(nonce ‖ AES-GCM({ten_goc, sha256})), the
  name bound (associated data) to its record and its file's path, so it
  cannot be copied onto another row (``v1:``: the unbound form of older
  books, converted at the next unlock); the ``sha256`` inside is checked
  when the file is opened, so a file swapped under the row is refused too
  (``sha256`` column empty: a digest of the clear file would let anyone
  holding a candidate file confirm it is there).

A tố cáo is a đơn thư of loại tố cáo or a visit classified tố cáo
(``core.records.secrecy.SECRET_KINDS``); their files live under
``dinh_kem/<kind>/<id>/``.

``Store.attachments`` shows a tố cáo's files as "(bảo mật)"
(``mask_attachments``); ``open_attachment`` is a reveal (audit log) that
decrypts into ``<data>/mo_tam/`` (emptied at the next start and at exit).
Files are always written completely (temp file + ``os.replace``) before the
row that points at them is changed; a file replaced by another is queued in
the setting ``bao_mat.tep_cho_xoa`` inside the same transaction and deleted
later (``flush_pending``) only once neither the database nor an automatic
backup refers to it — the only copy is never lost.

``core.safety.secrets`` (the password and the identity fields) sits above
this module: its ``install`` calls ``install_hooks`` and ``housekeeping``,
and re-keying the password converts the files through ``rekey_attachments``.
The store key and the cipher both modules use live here (the lower one).
"""
from __future__ import annotations

import base64
import hashlib
import json
import logging
import os
import re
import sqlite3
import weakref
from pathlib import Path

from core.errors import UserError
from core.paths import ATTACHMENTS_DIRNAME, OPEN_COPIES_DIRNAME
from core.records.attachments import AttachmentPathError, resolve_attachment
from core.records.secrecy import SECRET_KINDS, SECRET_LOAI, SECRET_MASK, is_secret
from core.safety import audit

log = logging.getLogger(__name__)

# ------------------------------------------- the store key and the cipher
# Shared with core.safety.secrets, which derives the key from the password
# and sets it here when the store is unlocked.
SETTING = "bao_mat.mat_khau"  # the password's parameters (never the password)
KEYS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()  # store -> AES key, while unlocked


class SecurityError(UserError):
    """A password/secrecy problem, with a Vietnamese message."""


def _err(e: Exception) -> str:
    """An error for the log file: an OSError's path may hold a file's
    original name, so only its kind and number are written."""
    if isinstance(e, OSError):
        return f"{type(e).__name__} (errno {e.errno})"
    return str(e)


def is_set(store) -> bool:
    """A password is set for this book."""
    return store.get_setting(SETTING) is not None


# AES-256-GCM from pycryptodome (``Crypto``), imported on first use: most
# books have no password.  The layout is the one ``cryptography``'s AESGCM
# wrote until 0.1.0 (ciphertext ‖ 16-byte tag after the 12-byte nonce);
# tests/safety/test_crypto_vectors.py holds what that code produced.
_TAG = 16


class _BadTag(Exception):
    """The ciphertext does not open with this key and associated data."""


def _seal(key: bytes, nonce: bytes, data: bytes, aad: bytes | None) -> bytes:
    from Crypto.Cipher import AES

    cipher = AES.new(key, AES.MODE_GCM, nonce=nonce, mac_len=_TAG)
    if aad:
        cipher.update(aad)
    ct, tag = cipher.encrypt_and_digest(data)
    return ct + tag


def _open(key: bytes, nonce: bytes, sealed: bytes, aad: bytes | None) -> bytes:
    """The plaintext of ``_seal``'s output; ``_BadTag`` for a wrong key or
    associated data, a changed byte or a truncated ciphertext."""
    from Crypto.Cipher import AES

    if len(nonce) != 12 or len(sealed) < _TAG:
        raise _BadTag
    cipher = AES.new(key, AES.MODE_GCM, nonce=nonce, mac_len=_TAG)
    if aad:
        cipher.update(aad)
    try:
        return cipher.decrypt_and_verify(sealed[:-_TAG], sealed[-_TAG:])
    except ValueError:  # "MAC check failed"
        raise _BadTag from None


def encrypt_json(key: bytes, values: dict, aad: bytes, prefix: str = "v1:") -> str | None:
    """``prefix`` + base64(nonce ‖ AES-256-GCM(json of the non-empty values)),
    None when every value is empty.  ``v2:`` marks a ciphertext whose ``aad``
    binds it to its row (``core.safety.secrets.row_aad``, ``name_aad``)."""
    values = {k: v for k, v in values.items() if v not in (None, "")}
    if not values:
        return None
    nonce = os.urandom(12)
    ct = _seal(key, nonce, json.dumps(values, ensure_ascii=False, sort_keys=True).encode("utf-8"), aad)
    return prefix + base64.b64encode(nonce + ct).decode("ascii")


BOUND_PREFIX = "v2:"
SWAPPED_MESSAGE = ("Thông tin bảo mật của hồ sơ này không khớp với chính hồ sơ (có thể đã bị sao chép từ hồ sơ "
                   "khác hoặc bị sửa ngoài chương trình); không hiển thị. Hãy khôi phục từ bản sao lưu nếu cần.")


def decrypt_json(key: bytes, blob: str | None, aad: bytes) -> dict:
    if not blob:
        return {}
    if not blob.startswith(("v1:", BOUND_PREFIX)):
        raise SecurityError("Dữ liệu bảo mật không đúng định dạng.")
    try:
        raw = base64.b64decode(blob[3:], validate=True)
    except ValueError:
        raise SecurityError("Dữ liệu bảo mật không đúng định dạng.") from None
    if len(raw) < 28:
        raise SecurityError("Dữ liệu bảo mật không đúng định dạng.")
    try:
        pt = _open(key, raw[:12], raw[12:], aad)
    except _BadTag:
        if blob.startswith(BOUND_PREFIX):
            raise SecurityError(SWAPPED_MESSAGE) from None
        raise SecurityError("Không giải mã được thông tin bảo mật (sai mật khẩu hoặc dữ liệu bị sửa).") from None
    return json.loads(pt.decode("utf-8"))


def opens_with(key: bytes | None, blob: str | None, aad: bytes) -> bool:
    """``blob`` is a ``v2:`` ciphertext that ``key`` opens under ``aad``."""
    if key is None or not blob or not blob.startswith(BOUND_PREFIX):
        return False
    try:
        decrypt_json(key, blob, aad)
        return True
    except SecurityError:
        return False


# ------------------------------------------------------- attachments
ATT_MASK = SECRET_MASK
PENDING_SETTING = "bao_mat.tep_cho_xoa"
UPGRADE_SETTING = "bao_mat.dinh_kem_v1"
# The files of tố cáo visits (issue 13) settled once too.
UPGRADE_SETTING_VISITS = "bao_mat.dinh_kem_tiep_cong_dan"
# Set once every ciphertext of the book is bound to its row (``v2:``); from
# then on an unbound ``v1:`` one is refused (core.safety.secrets).
BOUND_SETTING = "bao_mat.rang_buoc_v2"
_AAD_ATT_NAME = b"sodanvan.dinh_kem.ten.v1"
_AAD_ATT_FILE = b"sodanvan.dinh_kem.tep.v1"
_FILE_MAGIC = b"SDVDK1\x00\x00"
_NAMELESS = re.compile(r"^[0-9a-f]{12,32}\.bin$")
_BAD_CHARS = re.compile(r'[\x00-\x1f/\\:*?"<>|]')
_STARTED: "weakref.WeakSet" = weakref.WeakSet()
_OPEN_DIRS: set = set()


def is_encrypted_attachment(att: dict) -> bool:
    return str(att.get("ten_goc") or "").startswith(("v1:", BOUND_PREFIX))


def name_aad(kind: str, record_id, rel: str) -> bytes:
    """The associated data of an encrypted file name: its record and its
    file's path (a name copied onto another row does not open)."""
    return f"sodanvan.v2|dinh_kem|{kind}|{int(record_id)}|ten_goc|{rel}".encode("utf-8")


def decrypt_name(key: bytes, att: dict, legacy: bool = True) -> dict:
    """``{ten_goc, sha256}`` of an encrypted row (``record_kind``,
    ``record_id``, ``duong_dan``, ``ten_goc``).  An unbound ``v1:`` name is
    read only while ``legacy`` (before the book's upgrade)."""
    blob = str(att.get("ten_goc") or "")
    if blob.startswith(BOUND_PREFIX):
        return decrypt_json(key, blob, name_aad(att.get("record_kind") or "don_thu", att.get("record_id") or 0,
                                                att.get("duong_dan") or ""))
    if not legacy:
        raise SecurityError(SWAPPED_MESSAGE)
    return decrypt_json(key, blob, _AAD_ATT_NAME)


def is_bound(conn) -> bool:
    """Every ciphertext of this database is bound to its row (``v2:``)."""
    try:
        r = conn.execute("SELECT value FROM setting WHERE key=?", (BOUND_SETTING,)).fetchone()
    except sqlite3.Error:
        return False
    return bool(r and r[0] and json.loads(r[0]))


def _is_to_cao(conn, kind: str, record_id) -> bool:
    """The stored record is a tố cáo (``core.records.secrecy.is_secret``)."""
    if kind not in SECRET_KINDS:
        return False
    r = conn.execute(f"SELECT loai FROM {kind} WHERE id=?", (record_id,)).fetchone()
    return bool(r) and r[0] == SECRET_LOAI


def mask_attachments(store, kind: str, record_id, rows: list[dict]) -> list[dict]:
    """``Store.attachments`` rows as lists show them: the files of a tố cáo
    (and any encrypted file) named "(bảo mật)", with ``bao_mat = 1``."""
    if kind not in SECRET_KINDS or not rows:
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
    nonce = os.urandom(12)
    return _FILE_MAGIC + nonce + _seal(key, nonce, data, _AAD_ATT_FILE)


def _decrypt_bytes(key: bytes, blob: bytes) -> bytes:
    if not blob.startswith(_FILE_MAGIC):
        raise SecurityError("Tệp đính kèm bảo mật không đúng định dạng.")
    raw = blob[len(_FILE_MAGIC):]
    try:
        return _open(key, raw[:12], raw[12:], _AAD_ATT_FILE)
    except _BadTag:
        raise SecurityError("Không giải mã được tệp đính kèm (sai mật khẩu hoặc tệp bị sửa).") from None


def _place(data_dir: Path, kind: str, record_id, data: bytes | None, name: str, digest: str | None,
           secret: bool, key: bytes | None) -> tuple[dict, Path | None]:
    """Write one attachment's content the way its record wants it (see the
    states above).  Returns the row's columns and the file newly written
    (None when the same bytes were already there, or ``data`` is None:
    the file is lost and only the row is converted)."""
    folder = Path(ATTACHMENTS_DIRNAME) / kind / str(record_id)
    size = len(data) if data is not None else None
    if secret and key is not None:
        import secrets

        rel = folder / f"{secrets.token_hex(8)}.bin"
        cols = {"ten_goc": encrypt_json(key, {"ten_goc": name, "sha256": digest},
                                        name_aad(kind, record_id, rel.as_posix()), BOUND_PREFIX),
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


def _read_plain(data_dir: Path, att: dict, key: bytes | None, legacy: bool = True) -> tuple[bytes, str, str | None]:
    """(content, original name, sha256) of one ``dinh_kem`` row as stored
    (raw columns).  ``FileNotFoundError`` when the file is gone,
    ``AttachmentPathError`` when the row points outside ``data_dir``'s
    attachment tree (nothing is read)."""
    path = resolve_attachment(data_dir, att["duong_dan"])
    if is_encrypted_attachment(att):
        if key is None:
            raise SecurityError("Cần nhập mật khẩu để mở tệp đính kèm của đơn tố cáo.")
        meta = decrypt_name(key, att, legacy)
        return _decrypt_bytes(key, path.read_bytes()), meta.get("ten_goc") or "tep_dinh_kem", meta.get("sha256")
    return path.read_bytes(), att["ten_goc"], att.get("sha256")


def _att_meta(att: dict, key: bytes | None, legacy: bool = True) -> tuple[str, str | None]:
    if is_encrypted_attachment(att):
        if key is None:
            raise SecurityError("Cần nhập mật khẩu để đổi tệp đính kèm của đơn tố cáo.")
        meta = decrypt_name(key, att, legacy)
        return meta.get("ten_goc") or "tep_dinh_kem", meta.get("sha256")
    return att["ten_goc"], att.get("sha256")


def add_secret_attachment(store, record_id: int, src, kind: str = "don_thu") -> int:
    """``Store.add_attachment`` for a tố cáo (a đơn thư, or a visit with
    ``kind="tiep_cong_dan"``): encrypted when a password is set (refused
    while locked), else stored under a name-free path."""
    from core.records.validation import ValidationError
    from core.text import clean

    src = Path(src)
    if not src.is_file():
        raise ValidationError({"dinh_kem": f"Không tìm thấy tệp {src.name}."})
    key = KEYS.get(store)
    if is_set(store) and key is None:
        raise SecurityError("Cần nhập mật khẩu để thêm tệp vào đơn tố cáo.")
    data = src.read_bytes()
    cols, created = _place(store.data_dir, kind, record_id, data, clean(src.name) or src.name,
                           hashlib.sha256(data).hexdigest(), True, key)
    try:
        with store.transaction():
            cur = store.conn.execute(
                "INSERT INTO dinh_kem(record_kind, record_id, ten_goc, duong_dan, kich_thuoc, sha256) VALUES (?,?,?,?,?,?)",
                (kind, record_id, cols["ten_goc"], cols["duong_dan"], cols["kich_thuoc"], cols["sha256"]))
    except BaseException:
        if created is not None:
            created.unlink(missing_ok=True)
        raise
    log.info("secret attachment %s added to %s %s", cur.lastrowid, kind, record_id)
    return cur.lastrowid


def attachment_names(store, record_id: int, kind: str = "don_thu") -> dict[int, str]:
    """The real names of a tố cáo's files, for the editor after a logged
    reveal of the identity — not logged itself (like ``identity``); an
    encrypted name is left out while the store is locked (or when it does
    not belong to this row)."""
    key = KEYS.get(store)
    legacy = not is_bound(store.conn)
    out = {}
    for a in store.q("SELECT id, record_kind, record_id, duong_dan, ten_goc FROM dinh_kem "
                     "WHERE record_kind=? AND record_id=? ORDER BY id", (kind, record_id)):
        if is_encrypted_attachment(a):
            if key is None:
                continue
            try:
                out[a["id"]] = decrypt_name(key, a, legacy).get("ten_goc") or ""
            except SecurityError:
                continue
        else:
            out[a["id"]] = a["ten_goc"]
    return out


def open_copies_dir(data_dir) -> Path:
    return Path(data_dir) / OPEN_COPIES_DIRNAME


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
        data, name, digest = _read_plain(store.data_dir, att, KEYS.get(store), not is_bound(store.conn))
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
def rekey_attachments(conn, data_dir: Path, old_key, new_key, *, record_id=None, kind=None, done=None,
                      created=None, replaced=None, src_dir=None) -> int:
    """Bring the files of tố cáo (or of one record of ``kind``) to the state
    their record and ``new_key`` want: encrypted with ``new_key`` under a
    name bound to the row, clear nameless, or clear named (no longer a tố
    cáo).  New files are written (into ``data_dir``; read from ``src_dir``,
    default ``data_dir`` — a restored backup's folder) before the rows
    change; ``done`` maps an old file to its conversion so the automatic
    backups reuse the live database's new files; paths written go to
    ``created``, paths no longer used by this database to ``replaced``.
    A row already in the wanted state is left alone (a job run twice does
    nothing twice); an unbound name under the same key is re-bound without
    touching its file."""
    done = {} if done is None else done
    created = [] if created is None else created
    replaced = set() if replaced is None else replaced
    src_dir = Path(data_dir) if src_dir is None else Path(src_dir)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if "dinh_kem" not in tables:
        return 0
    legacy = not is_bound(conn)
    n = 0
    for k in ([kind] if kind else SECRET_KINDS):
        if k not in tables:
            continue
        sql = ("SELECT a.id, a.record_id, a.ten_goc, a.duong_dan, a.sha256, d.loai FROM dinh_kem a "
               f"LEFT JOIN {k} d ON d.id = a.record_id WHERE a.record_kind = ?")
        params: list = [k]
        if record_id is not None:
            sql += " AND a.record_id = ?"
            params.append(record_id)
        else:
            sql += " AND (d.loai = 'to_cao' OR a.ten_goc LIKE 'v1:%' OR a.ten_goc LIKE 'v2:%' OR a.duong_dan LIKE '%.bin')"
        for att_id, rec_id, ten, path, sha, loai in conn.execute(sql, params).fetchall():
            secret = loai == SECRET_LOAI
            row = {"record_kind": k, "record_id": rec_id, "ten_goc": ten, "duong_dan": path, "sha256": sha}
            enc = is_encrypted_attachment(row)
            nameless = bool(_NAMELESS.match(Path(path).name))
            want_enc = secret and new_key is not None
            if enc and want_enc:
                if opens_with(new_key, ten, name_aad(k, rec_id, path)):
                    continue  # already what is wanted
                if old_key is not None and old_key == new_key:
                    try:  # same key, unbound name: bind it, the file stays
                        meta = decrypt_name(old_key, row, legacy)
                    except SecurityError as e:
                        log.warning("attachment %s: name not converted (%s)", att_id, e)
                        continue
                    conn.execute("UPDATE dinh_kem SET ten_goc=? WHERE id=?",
                                 (encrypt_json(new_key, meta, name_aad(k, rec_id, path), BOUND_PREFIX), att_id))
                    n += 1
                    continue
            if not enc and not want_enc and secret == nameless:
                continue
            ck = (k, rec_id, path, ten, want_enc, secret)
            if ck in done:
                cols = done[ck]
            else:
                try:
                    data, name, digest = _read_plain(src_dir, row, old_key, legacy)
                except FileNotFoundError:
                    log.warning("attachment %s: file missing (row converted)", att_id)  # never a path: it may hold a name
                    data = None
                    name, digest = _att_meta(row, old_key, legacy)
                except SecurityError:
                    raise
                except UserError as e:  # a stored path leaving the attachment folder: left for its check
                    log.warning("attachment %s not converted: %s", att_id, type(e).__name__)
                    continue
                cols, new_file = _place(data_dir, k, rec_id, data, name, digest, secret,
                                        new_key if want_enc else None)
                if new_file is not None:
                    created.append(new_file)
                done[ck] = cols
            sets = {c: v for c, v in cols.items() if not (c == "kich_thuoc" and v is None)}
            conn.execute(f"UPDATE dinh_kem SET {', '.join(f'{c}=?' for c in sets)} WHERE id=?", [*sets.values(), att_id])
            if cols["duong_dan"] != path and src_dir == Path(data_dir):
                replaced.add(path)
            n += 1
    return n


def queue_unlink(conn, paths) -> None:
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


def relative_path(data_dir: Path, p) -> str:
    p = Path(p)
    try:
        return p.relative_to(data_dir).as_posix()
    except ValueError:
        return p.as_posix()


def _referenced(store, paths: list[str]) -> set[str]:
    """Which of ``paths`` a row of the database or of an automatic backup
    still points at (an unreadable backup counts as pointing at all)."""
    from core.safety.backup import list_backups
    from core.safety.integrity import connect_ro

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
            conn = connect_ro(b.path)
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
    if not isinstance(pending, list):  # a tampered setting: nothing in it is deleted
        pending = []
    pending = [p for p in pending if isinstance(p, str)]
    used = _referenced(store, pending)
    keep, n = [], 0
    for rel in pending:
        try:
            p = resolve_attachment(store.data_dir, rel)
        except AttachmentPathError:  # a crafted queue (a restored book): dropped, nothing deleted
            log.warning("a queued file outside the attachment folder was dropped from the queue")
            continue
        if rel in used:
            keep.append(rel)
            continue
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


def sweep_orphans(store) -> int:
    """Delete the secret files (``*.bin`` under ``dinh_kem/<kind>/<id>/`` of
    the secret kinds) that neither the database nor an automatic backup
    refers to: what a re-key killed before its commit wrote (a clear copy
    among them when the password was being removed).  Returns how many."""
    root = store.attachments_dir()
    found = []
    for k in SECRET_KINDS:
        d = root / k
        if d.is_dir() and not d.is_symlink():
            found += [f for f in d.glob("*/*.bin") if f.is_file() and not f.is_symlink()]
    if not found:
        return 0
    rels = [relative_path(store.data_dir, f) for f in found]
    used = _referenced(store, rels)
    n = 0
    for f, rel in zip(found, rels):
        if rel in used:
            continue
        try:
            f.unlink()
            n += 1
        except OSError as e:
            log.warning("could not delete a file left by an interrupted re-key: %s", _err(e))
    if n:
        log.info("removed %d attachment files left by an interrupted re-key", n)
    return n


def unlink_all(paths):
    for p in paths:
        try:
            Path(p).unlink(missing_ok=True)
        except OSError:
            pass


def settle_attachments(store, record_id: int | None = None, kind: str | None = None) -> int:
    """Convert the files of one record of ``kind`` (or of all tố cáo) to
    what the record's classification and the password want — after a
    change of ``loai``."""
    key = KEYS.get(store)
    if is_set(store) and key is None:
        kinds = [kind] if kind else list(SECRET_KINDS)
        cond = f"record_kind IN ({','.join('?' * len(kinds))})" + (" AND record_id=?" if record_id else "")
        if store.q1(f"SELECT 1 FROM dinh_kem WHERE {cond}", [*kinds, *([record_id] if record_id else [])]):
            raise SecurityError("Cần nhập mật khẩu để đổi phân loại tố cáo của hồ sơ có tệp đính kèm.")
        return 0
    created, replaced = [], set()
    try:
        with store.transaction():
            n = rekey_attachments(store.conn, store.data_dir, key, key, record_id=record_id, kind=kind,
                                  created=created, replaced=replaced)
            queue_unlink(store.conn, replaced)
    except BaseException:
        unlink_all(created)
        raise
    return n


def _attachment_hook(store, action, kind, record_id, old, new):
    """``Store.on_change``: a record that becomes (or stops being) a tố cáo
    has its files converted in the same transaction; a deleted one has its
    files queued for deletion."""
    if kind not in SECRET_KINDS:
        return
    if action == "delete":
        if not is_secret(kind, old):
            return  # other records keep today's behaviour
        folder = store.data_dir / ATTACHMENTS_DIRNAME / kind / str(record_id)
        if folder.is_dir():
            queue_unlink(store.conn, [relative_path(store.data_dir, f) for f in folder.iterdir() if f.is_file()])
        return
    if action != "update" or "loai" not in (new or {}):
        return
    if is_secret(kind, old) == is_secret(kind, new):
        return
    if store.q1("SELECT 1 FROM dinh_kem WHERE record_kind=? AND record_id=?", (kind, record_id)):
        settle_attachments(store, record_id, kind)


def _add_attachment(store, kind, record_id, src):
    """``Store.attachment_adders``: a tố cáo's files are stored encrypted or
    without their name; every other file is left to the store."""
    if kind in SECRET_KINDS and _is_to_cao(store.conn, kind, record_id):
        return add_secret_attachment(store, record_id, src, kind)
    return None


def install_hooks(store):
    """The store hooks of the secret attachments (``core.safety.secrets.install``
    calls it whether a password is set or not: a tố cáo's files are secret
    either way)."""
    if _attachment_hook not in store.on_change:
        store.on_change.append(_attachment_hook)
    if _add_attachment not in store.attachment_adders:
        store.attachment_adders.append(_add_attachment)
    if mask_attachments not in store.attachment_filters:
        store.attachment_filters.append(mask_attachments)


def housekeeping(store):
    """Once per store at install: leftovers of the last session (decrypted
    copies, replaced files, half-written files) removed, and the files of tố
    cáo stored before this protection existed converted once — not by a
    reading command while the window has the folder (``core.safety.instance``)."""
    from core.safety.instance import open_elsewhere

    if getattr(store, "read_only", False):
        return  # a reading command on a read-only folder (rescue): nothing to tidy there
    try:
        if open_elsewhere(store.data_dir):
            return  # a reading command beside the open window: the window's files, its housekeeping
        if store not in _STARTED:
            _STARTED.add(store)
            cleanup_open_copies(store.data_dir)
            _remove_partial_writes(store.attachments_dir())
        flush_pending(store)
        if store.get_setting(UPGRADE_SETTING) is None and (not is_set(store) or store in KEYS):
            settle_attachments(store, kind="don_thu")
            store.set_setting(UPGRADE_SETTING, 1)
            flush_pending(store)
        # a protected book's tố cáo visits are the upgrade job's (core.safety.secrets): backups included
        if store.get_setting(UPGRADE_SETTING_VISITS) is None and not is_set(store):
            settle_attachments(store, kind="tiep_cong_dan")
            store.set_setting(UPGRADE_SETTING_VISITS, 1)
            flush_pending(store)
    except (OSError, sqlite3.Error, SecurityError) as e:
        log.warning("attachment housekeeping skipped: %s", _err(e))
