"""Thùng rác: a deleted record is kept 30 days, restorable (issue 15 item 18).

Design (docs/DECISIONS.md, 05/12/2026): ``Store.trash`` *moves* the record
out of its table into one row of ``thung_rac`` — the record's raw row, its
child rows, its attachment rows and the links other records had to it, as
JSON — and ``restore`` puts them back under the same ids.  Every list,
search, statistic and report reads the record tables only, so a trashed
record is out of all of them without touching one query.  ``Store.delete``
stays the hard delete (catalogue items, purge).

* Secrets: the raw row is stored as it is in the book — a tố cáo's identity
  stays the encrypted ``bi_mat`` blob (bytes kept as base64); the label the
  trash list shows is masked (``SECRET_MASK``) for a secret row.
* Ids: a trashed id stays reserved (``next_id``), so the encrypted identity,
  bound to its table and id, still opens after a restore; an id taken anyway
  refuses the restore with a message (a merge asks ``next_id`` too).
* Issued papers (``giay_to``, core.papers.issued) stay where they are: they
  were issued, with their number, whatever happens to the record.  They
  point at the record's id, which stays reserved while the record is in the
  trash and, once purged, for good when papers were issued from it — so a
  paper never ends up under another record; a restore finds them again.
* Attachment files stay in the data folder until the purge, which deletes
  the files no other row uses.
* The audit log gets ``trash`` / ``untrash`` / ``purge`` through the store's
  ``on_change`` hooks.
"""
from __future__ import annotations

import base64
import datetime as dt
import json
import logging
import sqlite3

from core.errors import UserError
from core.records.attachments import AttachmentPathError, resolve_attachment
from core.records.fields import RECORD_KINDS
from core.records.fields import kind as get_kind
from core.records.secrecy import SECRET_MASK, is_secret

log = logging.getLogger(__name__)

TRASH_TABLE = "thung_rac"
RETENTION_DAYS = 30
TRASH_KINDS = RECORD_KINDS

# columns a record's short description is taken from, first present wins
_DESC_FIELDS = ("ho_ten", "ben_a", "ten", "ten_mo_hinh", "chu_de", "trich_yeu", "so_ky_hieu", "noi_dung")
# links other records hold with ON DELETE SET NULL: (table, column) -> kind pointed at
_SET_NULL_LINKS = {"tiep_cong_dan": [("don_thu", "tiep_cong_dan_id")]}


class TrashError(UserError):
    pass


def _now() -> str:
    return dt.datetime.now().isoformat(timespec="seconds")


def _enc(v):
    if isinstance(v, (bytes, bytearray, memoryview)):
        return {"__b64__": base64.b64encode(bytes(v)).decode("ascii")}
    return v


def _dec(v):
    if isinstance(v, dict) and "__b64__" in v:
        return base64.b64decode(v["__b64__"])
    return v


def _row_enc(row: dict) -> dict:
    return {k: _enc(v) for k, v in row.items()}


def _row_dec(row: dict) -> dict:
    return {k: _dec(v) for k, v in row.items()}


def _fmt_date(iso) -> str:
    try:
        return dt.date.fromisoformat(str(iso)[:10]).strftime("%d/%m/%Y")
    except (TypeError, ValueError):
        return ""


def describe(kind_key: str, row: dict) -> str:
    """A short description for the trash list; a secret identity masked."""
    k = get_kind(kind_key)
    parts = []
    if kind_key == "don_thu" and row.get("so_den"):
        parts.append(f"Số {row['so_den']}/{row.get('nam') or ''}".rstrip("/"))
    d = _fmt_date(row.get(k.date_field)) if k.date_field else ""
    if d:
        parts.append(d)
    if is_secret(kind_key, row):
        parts.append(SECRET_MASK)
    else:
        for name in _DESC_FIELDS:
            v = row.get(name)
            if isinstance(v, str) and v.strip():
                v = " ".join(v.split())
                parts.append(v if len(v) <= 80 else v[:79] + "…")
                break
    return " — ".join(parts)


def next_id(store, table: str, kind_key: str) -> int | None:
    """The id a new record of ``kind_key`` gets: past every id in its table
    and in the trash, so a restore never finds its id taken (None: a book
    opened without migrations has no trash; SQLite picks the id)."""
    try:
        b = store.q1(f"SELECT max(ban_ghi_id) FROM {TRASH_TABLE} WHERE loai=?", (kind_key,)) or 0
    except sqlite3.OperationalError:
        return None
    a = store.q1(f"SELECT max(id) FROM {table}") or 0
    try:  # a record purged from the trash keeps its issued papers (giay_to): its id is never given again
        c = store.q1("SELECT max(ban_ghi_id) FROM giay_to WHERE ban_ghi_loai=?", (kind_key,)) or 0
    except sqlite3.OperationalError:
        c = 0
    return max(a, b, c) + 1


def move_to_trash(store, kind_key: str, record_id: int, old: dict) -> int:
    """Inside the caller's transaction: the record's rows into one trash row,
    then the record deleted (its children cascade).  Returns the trash id."""
    k = get_kind(kind_key)
    raw = store.q(f"SELECT * FROM {k.table} WHERE id=?", (record_id,))[0]
    children = {}
    for ch in k.children:
        children[ch.table] = {"fk": ch.fk, "rows": [_row_enc(r) for r in store.q(
            f"SELECT * FROM {ch.table} WHERE {ch.fk}=?", (record_id,))]}
    atts = store.q("SELECT * FROM dinh_kem WHERE record_kind=? AND record_id=?", (kind_key, record_id))
    links = []
    for table, col in _SET_NULL_LINKS.get(kind_key, []):
        ids = [r["id"] for r in store.q(f"SELECT id FROM {table} WHERE {col}=?", (record_id,))]
        if ids:
            links.append({"table": table, "column": col, "ids": ids})
    payload = {"row": _row_enc(raw), "children": children, "attachments": [_row_enc(a) for a in atts],
               "links": links}
    cur = store.conn.execute(
        f"INSERT INTO {TRASH_TABLE}(loai, ban_ghi_id, ngay_xoa, mo_ta, du_lieu) VALUES (?,?,?,?,?)",
        (kind_key, record_id, _now(), describe(kind_key, raw), json.dumps(payload, ensure_ascii=False)))
    store.conn.execute("DELETE FROM dinh_kem WHERE record_kind=? AND record_id=?", (kind_key, record_id))
    store.conn.execute(f"DELETE FROM {k.table} WHERE id=?", (record_id,))
    for hook in store.on_change:
        hook(store, "trash", kind_key, record_id, old, None)
    return cur.lastrowid


def items(store) -> list[dict]:
    """The trash, newest first: id, loai, loai_label, ban_ghi_id, ngay_xoa, mo_ta, het_han."""
    out = []
    for r in store.q(f"SELECT id, loai, ban_ghi_id, ngay_xoa, mo_ta FROM {TRASH_TABLE} ORDER BY ngay_xoa DESC, id DESC"):
        r["loai_label"] = get_kind(r["loai"]).title
        try:
            r["het_han"] = (dt.datetime.fromisoformat(r["ngay_xoa"]) + dt.timedelta(days=RETENTION_DAYS)).date()
        except ValueError:
            r["het_han"] = None
        out.append(r)
    return out


def _load(store, trash_id: int) -> tuple[dict, dict]:
    rows = store.q(f"SELECT * FROM {TRASH_TABLE} WHERE id=?", (trash_id,))
    if not rows:
        raise TrashError("Mục này không còn trong thùng rác.")
    return rows[0], json.loads(rows[0]["du_lieu"])


def _insert(store, table: str, row: dict):
    names = list(row)
    store.conn.execute(f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
                       [row[n] for n in names])


def restore(store, trash_id: int) -> tuple[str, int]:
    """Put the record back under its id; returns (kind, id)."""
    item, payload = _load(store, trash_id)
    kind_key, rid = item["loai"], item["ban_ghi_id"]
    k = get_kind(kind_key)
    if store.q1(f"SELECT 1 FROM {k.table} WHERE id=?", (rid,)):
        raise TrashError(f"Không khôi phục được: mã {rid} của {k.label} đã được một hồ sơ khác dùng.")
    cols = {c.name for c in store.db[k.table].columns}
    row = {c: v for c, v in _row_dec(payload["row"]).items() if c in cols}
    try:
        with store.transaction():
            _insert(store, k.table, row)
            for table, ch in payload.get("children", {}).items():
                for r in ch["rows"]:
                    _insert(store, table, _row_dec(r))
            for a in payload.get("attachments", []):
                a = _row_dec(a)
                if store.q1("SELECT 1 FROM dinh_kem WHERE id=?", (a["id"],)):
                    a.pop("id")
                _insert(store, "dinh_kem", a)
            for link in payload.get("links", []):
                store.conn.execute(
                    f"UPDATE {link['table']} SET {link['column']}=? WHERE {link['column']} IS NULL "
                    f"AND id IN ({', '.join('?' * len(link['ids']))})", [rid, *link["ids"]])
            store.conn.execute(f"DELETE FROM {TRASH_TABLE} WHERE id=?", (trash_id,))
            new = store.get(kind_key, rid)
            for hook in store.on_change:
                hook(store, "untrash", kind_key, rid, None, new)
    except sqlite3.IntegrityError as e:
        if "UNIQUE" in str(e):
            raise TrashError(f"Không khôi phục được {k.label} này: sổ đã có một hồ sơ trùng số hoặc trùng kỳ "
                             "với nó (nhập sau khi xóa). Hãy sửa hoặc xóa hồ sơ đó trước.") from None
        raise TrashError(f"Không khôi phục được {k.label} này: hồ sơ mà nó liên kết tới (đơn gốc, đơn lần trước, "
                         "lượt tiếp…) không còn trong sổ. Hãy khôi phục hồ sơ đó trước.") from None
    return kind_key, rid


def purge(store, trash_id: int) -> None:
    """Delete for good: the trash row, then the attachment files no row uses."""
    item, payload = _load(store, trash_id)
    kind_key, rid = item["loai"], item["ban_ghi_id"]
    old = _row_dec(payload["row"])
    with store.transaction():
        store.conn.execute(f"DELETE FROM {TRASH_TABLE} WHERE id=?", (trash_id,))
        for hook in store.on_change:
            hook(store, "purge", kind_key, rid, old, None)
    for a in payload.get("attachments", []):
        rel = a.get("duong_dan")
        if not rel or store.q1("SELECT 1 FROM dinh_kem WHERE duong_dan=?", (rel,)):
            continue
        try:
            p = resolve_attachment(store.data_dir, rel)
        except AttachmentPathError:
            continue  # a row pointing outside the attachment tree: its file is not ours to delete
        if p.is_file():
            p.unlink()


def purge_expired(store, now: dt.datetime | None = None) -> int:
    """Purge what was deleted more than RETENTION_DAYS ago (at start)."""
    now = now or dt.datetime.now()
    limit = (now - dt.timedelta(days=RETENTION_DAYS)).isoformat(timespec="seconds")
    ids = [r["id"] for r in store.q(f"SELECT id FROM {TRASH_TABLE} WHERE ngay_xoa < ?", (limit,))]
    for tid in ids:
        purge(store, tid)
    if ids:
        log.info("trash: %d item(s) older than %d days purged", len(ids), RETENTION_DAYS)
    return len(ids)


def count(store) -> int:
    return store.q1(f"SELECT count(*) FROM {TRASH_TABLE}") or 0
