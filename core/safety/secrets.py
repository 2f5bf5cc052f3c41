"""Optional password; the identity of tố cáo denouncers encrypted at rest
(SPEC §8, Luật Tố cáo 2018 Điều 9, 47; issues 4 and 13).

- The password is never stored: scrypt (pycryptodome; N=2^15, r=8, p=1, random
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
  book and that upgrade are one *job* each (``core.safety.rekey._run_job``) that a crash never
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

import json
import logging
import sqlite3
from pathlib import Path

from core.records.fields import KINDS
from core.records.secrecy import SECRET_KINDS, has_secrets, secret_fields
from core.safety import audit, secret_files
from core.safety.rekey import (
    REKEY_SETTING,
    _finish,
    _finish_or_raise,
    _marker,
    _migrate_conn,
    _needs_upgrade,
    _rekey_conn,
    _resume_quietly,
    _set_params,
    _upgrade_quietly,
    _write_marker,
)
from core.safety.secret_fields import (
    _NOTES,
    _REVEALED,
    _activate,
    _note,
    _uninstall_filters,
    key_from_params,
    unseal,
)
from core.safety.secret_files import (
    KEYS,
    SETTING,
    SecurityError,
    _err,
    is_bound,
    queue_unlink,
    rekey_attachments,
    unlink_all,
)
from core.safety.secret_files import is_set as is_set

log = logging.getLogger(__name__)

# The public vocabulary of the password, in one place for the window, the
# commands and the tests (defined in the lower modules).
from core.safety.rekey import clear_copies as clear_copies  # noqa: E402
from core.safety.rekey import clear_password as clear_password  # noqa: E402
from core.safety.rekey import job_pending as job_pending  # noqa: E402
from core.safety.rekey import resume as resume  # noqa: E402
from core.safety.rekey import set_password as set_password  # noqa: E402
from core.safety.secret_fields import is_unlocked as is_unlocked  # noqa: E402
from core.safety.secret_fields import params_in_file as params_in_file  # noqa: E402
from core.safety.secret_fields import password_required as password_required  # noqa: E402
from core.safety.secret_fields import row_aad as row_aad  # noqa: E402
from core.safety.secret_fields import verify as verify  # noqa: E402
from core.safety.secret_files import BOUND_SETTING as BOUND_SETTING  # noqa: E402
from core.safety.secret_files import UPGRADE_SETTING_VISITS as UPGRADE_SETTING_VISITS  # noqa: E402


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


def unlock(store, password: str) -> bool:
    key = key_from_params(store.get_setting(SETTING), password)
    if key is None:
        return False
    install(store, key=key)
    return True


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
