"""Merge another Sổ Dân vận database under a predecessor unit (SPEC §7).

``merge(store, path, as_unit_name)`` reads another data folder (or its
``.db`` file) read-only and copies its records into the open store:

- the source's current unit becomes a predecessor unit named
  ``as_unit_name`` with ``merged_into_id`` = the current commune (the
  source's own predecessors follow, merged into it);
- every id is remapped, and every link with it: thôn, vụ việc, lượt tiếp
  công dân, đơn gốc / đơn lần trước, tổ and hòa giải viên, the sub-rows
  (ý kiến, trạng thái theo năm, hòa giải viên of a case), attachments
  (files copied into this data folder);
- enumeration codes the source added are added here too;
- the whole merge is one transaction, after a safety backup, and is
  idempotent: ``merge_source``/``merge_map`` (migration set
  ``sodanvan.safety``) remember each copied row, so merging the same source
  again adds only what is new there — merging twice equals merging once;
- identities of tố cáo denouncers encrypted in the source need the
  source's password (``source_password``); here they follow this store's
  policy (encrypted when a password is set).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import logging
import shutil
from pathlib import Path

from core.errors import UserError
from core.paths import ATTACHMENTS_DIRNAME, DB_FILENAME
from core.records.fields import KINDS
from core.records.secrecy import SECRET_KINDS, secret_fields
from core.safety import audit, backup, integrity
from core.text import clean

log = logging.getLogger(__name__)


class MergeError(UserError):
    """Problem with a merge, with a Vietnamese message."""


@dataclasses.dataclass
class MergeResult:
    unit_id: int
    added: dict = dataclasses.field(default_factory=dict)  # table -> rows added
    skipped: dict = dataclasses.field(default_factory=dict)  # table -> rows already merged
    attachments: int = 0
    backup: Path | None = None

    @property
    def total_added(self) -> int:
        return sum(self.added.values())

    def summary(self) -> str:
        from core.text import fmt_int

        parts = [f"{KINDS[t].title}: {fmt_int(n)}" for t, n in self.added.items() if n and t in KINDS]
        if not parts:
            return "Không có hồ sơ mới: dữ liệu này đã được gộp trước đây."
        return "Đã gộp " + "; ".join(parts) + "."


# Tables copied, in dependency order: (table, {column: referenced table}).
# Self references (don_thu) are filled in a second pass.
PLAN: list[tuple[str, dict[str, str]]] = [
    ("thon", {"unit_id": "unit"}),
    ("vu_viec", {"unit_id": "unit"}),
    ("tiep_cong_dan", {"unit_id": "unit", "thon_id": "thon", "vu_viec_id": "vu_viec"}),
    ("don_thu", {"unit_id": "unit", "thon_id": "thon", "vu_viec_id": "vu_viec", "tiep_cong_dan_id": "tiep_cong_dan"}),
    ("doi_thoai", {"unit_id": "unit"}),
    ("doi_thoai_y_kien", {"doi_thoai_id": "doi_thoai"}),
    ("to_hoa_giai", {"unit_id": "unit", "thon_id": "thon"}),
    ("hoa_giai_vien", {"to_hoa_giai_id": "to_hoa_giai"}),
    ("hoa_giai", {"unit_id": "unit", "to_hoa_giai_id": "to_hoa_giai"}),
    ("hoa_giai_hgv", {"hoa_giai_id": "hoa_giai", "hoa_giai_vien_id": "hoa_giai_vien"}),
    ("mo_hinh", {"unit_id": "unit"}),
    ("mo_hinh_nam", {"mo_hinh_id": "mo_hinh"}),
    ("van_ban", {"unit_id": "unit"}),
    ("hoat_dong", {"unit_id": "unit"}),
    ("chi_tieu", {"unit_id": "unit"}),
]
SELF_REFS = {"don_thu": ("don_goc_id", "don_truoc_id")}
DERIVED = {"search_text", "sort_key"}


def _source_file(path) -> Path:
    p = Path(path)
    if p.is_dir():
        p = p / DB_FILENAME
    if not p.is_file():
        raise MergeError(f"Không tìm thấy dữ liệu Sổ Dân vận tại {path} (cần thư mục dữ liệu hoặc tệp .db).")
    return p


def _source_key(conn) -> str:
    """Identity of a source database: its current unit row as created."""
    r = conn.execute("SELECT id, ten, ma, created_at FROM unit ORDER BY is_current DESC, id LIMIT 1").fetchone()
    if r is None:
        raise MergeError("Dữ liệu nguồn chưa khai báo đơn vị nên không gộp được.")
    return hashlib.sha256(f"{r[0]}|{r[1]}|{r[2]}|{r[3]}".encode()).hexdigest()


def _rows(conn, table):
    cur = conn.execute(f"SELECT * FROM {table} ORDER BY rowid")
    cols = [c[0] for c in cur.description]
    for r in cur:
        yield dict(zip(cols, r))


def _cols(conn, table) -> list[str]:
    return [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]


def merge(store, path, as_unit_name: str, source_password: str | None = None,
          merge_date: dt.date | None = None) -> MergeResult:
    from core.safety import secrets as security

    name = clean(as_unit_name)
    if not name:
        raise MergeError("Hãy nhập tên đơn vị cũ (ví dụ: Nghĩa Hà).")
    src_path = _source_file(path)
    if src_path.resolve() == store.path.resolve():
        raise MergeError("Không thể gộp dữ liệu của chính đơn vị đang dùng.")
    check = integrity.check_file(src_path)
    if not check.ok:
        raise MergeError(f"Không gộp được: {check.message}")
    info = backup.describe_backup(src_path)
    if not info["ok"]:
        raise MergeError(info["error"] or "Tệp nguồn không đọc được.")
    if info["newer"]:
        raise MergeError("Dữ liệu nguồn do phiên bản Sổ Dân vận mới hơn tạo ra; hãy cập nhật phần mềm trước khi gộp.")
    src = integrity.connect_ro(src_path)
    try:
        src_tables = {r[0] for r in src.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        src_key = _source_key(src)
        src_params = None
        if "setting" in src_tables:
            row = src.execute("SELECT value FROM setting WHERE key=?", (security.SETTING,)).fetchone()
            import json
            src_params = json.loads(row[0]) if row and row[0] else None
        src_key_aes = None
        has_secret = any(t in src_tables and "bi_mat" in _cols(src, t) and src.execute(
            f"SELECT 1 FROM {t} WHERE bi_mat IS NOT NULL LIMIT 1").fetchone() for t in SECRET_KINDS) or (
            "dinh_kem" in src_tables and src.execute(  # encrypted files of tố cáo
                "SELECT 1 FROM dinh_kem WHERE ten_goc LIKE 'v1:%' OR ten_goc LIKE 'v2:%' LIMIT 1").fetchone())
        if has_secret:
            src_key_aes = security.key_from_params(src_params, source_password or "")
            if src_key_aes is None:
                raise MergeError("Dữ liệu nguồn có thông tin người tố cáo được bảo mật: hãy nhập đúng mật khẩu "
                                 "của dữ liệu nguồn.")
        safety = backup.make_backup(store, "merge")
        result = MergeResult(unit_id=0, backup=safety)
        with store.transaction():
            src_row = store.q("SELECT * FROM merge_source WHERE source_key=?", (src_key,))
            if src_row:
                source_id, unit_id = src_row[0]["id"], src_row[0]["unit_id"]
            else:
                source_id = store.conn.execute(
                    "INSERT INTO merge_source(source_key, duong_dan, thoi_gian) VALUES (?,?,?)",
                    (src_key, str(src_path), dt.datetime.now().isoformat(timespec="seconds"))).lastrowid
                unit_id = None
            maps: dict[str, dict[int, int]] = {}

            def load_map(table):
                maps[table] = {r["old_id"]: r["new_id"] for r in store.q(
                    "SELECT old_id, new_id FROM merge_map WHERE source_id=? AND bang=?", (source_id, table))}
                return maps[table]

            def remember(table, old_id, new_id):
                maps[table][old_id] = new_id
                store.conn.execute("INSERT INTO merge_map(source_id, bang, old_id, new_id) VALUES (?,?,?,?)",
                                   (source_id, table, old_id, new_id))

            # ---- units: the source's current unit → as_unit_name
            load_map("unit")
            units = list(_rows(src, "unit"))
            units.sort(key=lambda u: (not u.get("is_current"), u["id"]))
            current = store.current_unit_id()
            unit_cols = set(_cols(store.conn, "unit"))
            for u in _order_units(units):
                if u["id"] in maps["unit"]:
                    continue
                parent = maps["unit"].get(u.get("merged_into_id")) if u.get("merged_into_id") else None
                new = {c: u[c] for c in u if c in unit_cols and c not in ("id",)}
                new["is_current"] = 0
                if u.get("is_current") or parent is None:
                    new["ten"] = name if u.get("is_current") else u["ten"]
                    new["merged_into_id"] = current
                    new["ngay_sap_nhap"] = (merge_date or dt.date(2025, 7, 1)).isoformat()
                else:
                    new["merged_into_id"] = parent
                names = list(new)
                nid = store.conn.execute(f"INSERT INTO unit ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
                                         [new[c] for c in names]).lastrowid
                remember("unit", u["id"], nid)
            unit_id = unit_id or maps["unit"][next(u["id"] for u in units if u.get("is_current")) if any(
                u.get("is_current") for u in units) else units[0]["id"]]
            store.conn.execute("UPDATE merge_source SET unit_id=? WHERE id=?", (unit_id, source_id))
            result.unit_id = unit_id

            # ---- enumeration codes added in the source
            for e in _rows(src, "enum_item"):
                if not store.q1("SELECT 1 FROM enum_item WHERE enum_key=? AND code=?", (e["enum_key"], e["code"])):
                    store.conn.execute("INSERT INTO enum_item(enum_key, code, label, thu_tu, an, builtin, extra) "
                                       "VALUES (?,?,?,?,?,0,?)", (e["enum_key"], e["code"], e["label"], e["thu_tu"],
                                                                 e["an"], e.get("extra")))
            store._enum_cache = None

            # ---- records
            for table, refs in PLAN:
                if table not in src_tables:
                    continue
                _copy_table(store, src, table, refs, maps, load_map, remember, result, src_key_aes)
            for table, cols in SELF_REFS.items():
                m = maps.get(table, {})
                for r in src.execute(f"SELECT id, {', '.join(cols)} FROM {table}"):
                    new_id = m.get(r[0])
                    sets = {c: m.get(v) for c, v in zip(cols, r[1:]) if v is not None}
                    if new_id and sets:
                        store.conn.execute(f"UPDATE {table} SET {', '.join(f'{c}=?' for c in sets)} WHERE id=? AND "
                                           + " AND ".join(f"{c} IS NULL" for c in sets),
                                           [*sets.values(), new_id])

            # ---- attachments
            result.attachments = _copy_attachments(store, src, src_path.parent, maps, load_map, remember,
                                                   src_key_aes)
            if result.total_added or result.attachments:
                audit.log_event(store, "merge", "unit", unit_id,
                                note=f"Gộp dữ liệu “{name}” từ {src_path}: {result.total_added} dòng")
        store._enum_cache = None
    finally:
        src.close()
    log.info("merged %s as unit %s: %s", src_path, result.unit_id, result.added)
    return result


def _order_units(units):
    """Current unit first, then units whose parent is already placed."""
    placed, out = set(), []
    pending = list(units)
    while pending:
        progressed = False
        for u in list(pending):
            if u.get("is_current") or not u.get("merged_into_id") or u["merged_into_id"] in placed:
                out.append(u)
                placed.add(u["id"])
                pending.remove(u)
                progressed = True
        if not progressed:
            out.extend(pending)
            break
    return out


def _copy_table(store, src, table, refs, maps, load_map, remember, result, src_key_aes):
    from core.safety import secrets as security

    for t in set(refs.values()) | {table}:
        if t not in maps:
            load_map(t)
    target_cols = set(_cols(store.conn, table))
    kind = next((k for k in KINDS.values() if k.table == table), None)
    has_id = "id" in _cols(src, table)
    added = skipped = 0
    self_refs = SELF_REFS.get(table, ())
    for r in _rows(src, table):
        old_id = r.get("id") if has_id else None
        if has_id and old_id in maps[table]:
            skipped += 1
            continue
        row = {c: v for c, v in r.items() if c in target_cols and c != "id" and c not in DERIVED}
        missing_ref = False
        for col, ref in refs.items():
            v = row.get(col)
            if v is None:
                continue
            nv = maps.get(ref, {}).get(v)
            if nv is None:
                missing_ref = True
                break
            row[col] = nv
        if missing_ref:
            if table in ("hoa_giai_hgv", "doi_thoai_y_kien", "mo_hinh_nam"):
                # sub-rows of a record merged before: already there
                skipped += 1
                continue
            for col, ref in refs.items():
                if row.get(col) is not None and maps.get(ref, {}).get(r.get(col)) is None and col != "unit_id":
                    row[col] = None
        for c in self_refs:
            row[c] = None
        if not has_id:
            # pure link tables: skip when the parent was merged before
            if store.q1(f"SELECT 1 FROM {table} WHERE " + " AND ".join(f"{c}=?" for c in row), list(row.values())):
                skipped += 1
                continue
        if table in SECRET_KINDS and r.get("bi_mat"):  # bound to the source's row (core.safety.secrets)
            plain = security.unseal(src_key_aes, table, old_id, r["bi_mat"],
                                    legacy=not security.is_bound(src)) if src_key_aes else {}
            row.update({n: plain.get(n) for n in secret_fields(table)})
            row["bi_mat"] = None
        if kind is not None:
            if "search_text" in target_cols:
                row["search_text"] = store._search_text(kind, row)
            if "sort_key" in target_cols:
                from core.records import schema
                row["sort_key"] = schema.row_sort_key(table, row) if table in schema.SORT_FIELDS else ""
            for f in store.write_filters:
                row = f(store, kind.key, row)
        names = list(row)
        cur = store.conn.execute(f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
                                 [row[n] for n in names])
        if has_id:
            remember(table, old_id, cur.lastrowid)
        added += 1
    result.added[table] = result.added.get(table, 0) + added
    result.skipped[table] = result.skipped.get(table, 0) + skipped


def _copy_attachments(store, src, src_dir: Path, maps, load_map, remember, src_key_aes=None) -> int:
    if "dinh_kem" not in {r[0] for r in src.execute("SELECT name FROM sqlite_master WHERE type='table'")}:
        return 0
    load_map("dinh_kem")
    n = 0
    for a in _rows(src, "dinh_kem"):
        if a["id"] in maps["dinh_kem"]:
            continue
        k = KINDS.get(a["record_kind"])
        if k is None:
            continue
        if k.table not in maps:
            load_map(k.table)
        new_rec = maps[k.table].get(a["record_id"])
        if new_rec is None:
            continue
        if a["record_kind"] in SECRET_KINDS and _copy_secret_attachment(store, a, src_dir, new_rec, src_key_aes,
                                                                        remember):
            n += 1
            continue
        src_file = src_dir / Path(a["duong_dan"])
        rel = Path(ATTACHMENTS_DIRNAME) / a["record_kind"] / str(new_rec) / Path(a["duong_dan"]).name
        dest = store.data_dir / rel
        if src_file.is_file():
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src_file, dest)
        else:
            log.warning("merge: attachment file missing in source: %s", src_file)
        cur = store.conn.execute(
            "INSERT INTO dinh_kem(record_kind, record_id, ten_goc, duong_dan, kich_thuoc, sha256) VALUES (?,?,?,?,?,?)",
            (a["record_kind"], new_rec, a["ten_goc"], rel.as_posix(), a.get("kich_thuoc") or 0, a.get("sha256")))
        remember("dinh_kem", a["id"], cur.lastrowid)
        n += 1
    return n


def _copy_secret_attachment(store, a: dict, src_dir: Path, new_rec: int, src_key_aes, remember) -> bool:
    """A file of a đơn thư that is a tố cáo here, or was secret in the
    source: decrypted with the source's key and stored the way this store
    keeps a tố cáo's files (``core.safety.secret_files``).  False for an ordinary file
    (copied as it is by the caller)."""
    from core.safety import secret_files

    kind = a["record_kind"]
    secret_here = secret_files._is_to_cao(store.conn, kind, new_rec)
    was_secret = secret_files.is_encrypted_attachment(a) or bool(secret_files._NAMELESS.match(Path(a["duong_dan"]).name))
    if not secret_here and not was_secret:
        return False
    key = secret_files.KEYS.get(store)
    if secret_here and secret_files.is_set(store) and key is None:
        raise MergeError("Cần nhập mật khẩu của dữ liệu này trước khi gộp tệp đính kèm của đơn tố cáo.")
    try:
        data, name, digest = secret_files._read_plain(src_dir, a, src_key_aes)
    except FileNotFoundError:
        log.warning("merge: attachment %s: file missing in source", a["id"])
        data = None
        name, digest = secret_files._att_meta(a, src_key_aes)
    cols, _ = secret_files._place(store.data_dir, kind, new_rec, data, name, digest, secret_here,
                              key if secret_here else None)
    cur = store.conn.execute(
        "INSERT INTO dinh_kem(record_kind, record_id, ten_goc, duong_dan, kich_thuoc, sha256) VALUES (?,?,?,?,?,?)",
        (kind, new_rec, cols["ten_goc"], cols["duong_dan"], cols["kich_thuoc"] or a.get("kich_thuoc") or 0,
         cols["sha256"]))
    remember("dinh_kem", a["id"], cur.lastrowid)
    return True
