"""Merge another Sổ Dân vận database under a predecessor unit (SPEC §7).

``merge(store, path, as_unit_name)`` reads another data folder (or its
``.db`` file) read-only and copies its records into the open store:

- the source's current unit becomes a predecessor unit named
  ``as_unit_name`` with ``merged_into_id`` = the current commune (the
  source's own predecessors follow, merged into it);
- every id is remapped, and every link with it: thôn, vụ việc, lượt tiếp
  công dân, đơn gốc / đơn lần trước, tổ and hòa giải viên, the sub-rows
  (ý kiến, trạng thái theo năm, hòa giải viên of a case), attachments
  (files copied into this data folder), the issued papers (``giay_to``,
  their snapshot as issued, under the merged record);
- enumeration codes the source added are added here too;
- every source row goes through the validators of a form or an Excel
  import (``core.records.validation`` ``coerce``/``validate``, sub-rows
  with their record): a row that fails is not copied (nor its sub-rows and
  files) and is listed with its reasons in ``MergeResult.rejected``; the
  rest is merged;
- an attachment is copied only when its stored path stays inside the
  source folder's attachment tree and the copy inside this one
  (``core.records.attachments.resolve_attachment``): ``/etc/passwd``,
  ``../../x``, a link out, a device name is listed in
  ``MergeResult.bad_attachments`` and skipped — no file outside the two
  folders is ever read or written;
- the whole merge is one transaction, after a safety backup, and is
  idempotent: ``merge_source``/``merge_map`` (migration set
  ``sodanvan.safety``) remember each copied row, so merging the same source
  again adds only what is new there — merging twice equals merging once;
- identities of tố cáo denouncers encrypted in the source need the
  source's password (``source_password``); here they follow this store's
  policy (encrypted when a password is set).
"""
from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hashlib
import logging
import shutil
import sqlite3
from pathlib import Path

from core.errors import UserError
from core.paths import ATTACHMENTS_DIRNAME, DB_FILENAME
from core.records.attachments import AttachmentPathError, resolve_attachment, safe_file_name
from core.records.fields import KINDS, RECORD_KINDS
from core.records.secrecy import SECRET_KINDS, secret_fields
from core.records.validation import coerce, coerce_children, validate
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
    # source rows refused by the validators: one Vietnamese line each
    rejected: list = dataclasses.field(default_factory=list)
    # attachment rows whose path leaves the attachment tree: one line each
    bad_attachments: list = dataclasses.field(default_factory=list)
    # table -> source ids refused (their sub-rows and files are left out with them)
    rejected_ids: dict = dataclasses.field(default_factory=dict, repr=False)

    @property
    def total_added(self) -> int:
        return sum(self.added.values())

    def summary(self) -> str:
        from core.text import fmt_int

        parts = [f"{KINDS[t].title}: {fmt_int(n)}" for t, n in self.added.items() if n and t in KINDS]
        if parts:
            lines = ["Đã gộp " + "; ".join(parts) + "."]
        elif self.rejected:
            lines = ["Không gộp thêm được hồ sơ nào."]
        else:
            lines = ["Không có hồ sơ mới: dữ liệu này đã được gộp trước đây."]
        if self.rejected:
            lines.append(f"Bỏ qua {fmt_int(len(self.rejected))} dòng không hợp lệ của dữ liệu nguồn "
                         "(sửa trong dữ liệu nguồn rồi gộp lại để bổ sung):")
            lines += _listed(self.rejected, "dòng")
        if self.bad_attachments:
            lines.append(f"Bỏ qua {fmt_int(len(self.bad_attachments))} tệp đính kèm có đường dẫn không nằm trong "
                         "thư mục tệp đính kèm của dữ liệu nguồn (không chép, không đọc tệp đó):")
            lines += _listed(self.bad_attachments, "tệp")
        return "\n".join(lines)


SHOWN_REASONS = 20


def _listed(lines: list[str], what: str) -> list[str]:
    from core.text import fmt_int

    out = [f"- {x}" for x in lines[:SHOWN_REASONS]]
    if len(lines) > SHOWN_REASONS:
        out.append(f"- … và {fmt_int(len(lines) - SHOWN_REASONS)} {what} khác.")
    return out


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
    ("hoa_giai_hoi_dong", {"hoa_giai_id": "hoa_giai"}),
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
    name = clean(as_unit_name)
    if not name:
        raise MergeError("Hãy nhập tên đơn vị cũ (ví dụ: Nghĩa Hà).")
    src_path = _source_file(path)
    if src_path.resolve() == store.path.resolve():
        raise MergeError("Không thể gộp dữ liệu của chính đơn vị đang dùng.")
    with contextlib.ExitStack() as stack:
        try:
            # a journal left beside a backup by a killed re-key: rolled back on a private copy
            readable = stack.enter_context(backup.readable_copy(src_path))
        except sqlite3.Error as e:
            raise MergeError(f"Không gộp được: {integrity.classify_error(src_path, e).message}") from e
        except OSError as e:
            raise MergeError(f"Không đọc được dữ liệu nguồn {src_path}: {e.strerror or e}. Dữ liệu hiện tại "
                             "không bị thay đổi.") from e
        return _merge(store, src_path, readable, name, source_password, merge_date)


def _merge(store, src_path: Path, readable: Path, name: str, source_password, merge_date) -> MergeResult:
    from core.safety import secrets as security

    check = integrity.check_file(readable)
    if not check.ok:
        raise MergeError(f"Không gộp được: {check.message}")
    info = backup.describe_backup(readable)
    if not info["ok"]:
        raise MergeError(info["error"] or "Tệp nguồn không đọc được.")
    if info["newer"]:
        raise MergeError("Dữ liệu nguồn do phiên bản Sổ Dân vận mới hơn tạo ra; hãy cập nhật phần mềm trước khi gộp.")
    src = integrity.connect_ro(readable)
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
                new.update(_checked_unit(u, name))
                new["is_current"] = 0
                if u.get("is_current") or parent is None:
                    new["ten"] = name if u.get("is_current") else new["ten"]
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
                key, code, label = (clean(e[c]) if isinstance(e[c], str) else None
                                    for c in ("enum_key", "code", "label"))
                if not (key and code and label):
                    result.rejected.append(f"Mục danh mục mã {e.get('id')}: thiếu tên danh mục, mã hoặc tên mục.")
                    continue
                if not store.q1("SELECT 1 FROM enum_item WHERE enum_key=? AND code=?", (key, code)):
                    store.conn.execute("INSERT INTO enum_item(enum_key, code, label, thu_tu, an, builtin, extra) "
                                       "VALUES (?,?,?,?,?,0,?)", (key, code, label, e["thu_tu"],
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
                                                   src_key_aes, result)
            # ---- issued papers (giay_to): their record and unit remapped
            if "giay_to" in src_tables:
                _copy_issued_papers(store, src, maps, load_map, remember, result)
            if result.total_added or result.attachments:
                note = f"Gộp dữ liệu “{name}” từ {src_path}: {result.total_added} dòng"
                if result.rejected or result.bad_attachments:
                    note += (f"; bỏ qua {len(result.rejected)} dòng không hợp lệ, "
                             f"{len(result.bad_attachments)} tệp đính kèm có đường dẫn không hợp lệ")
                audit.log_event(store, "merge", "unit", unit_id, note=note)
        store._enum_cache = None
    finally:
        src.close()
    log.info("merged %s as unit %s: %s (%d rows rejected, %d attachment paths refused)", src_path, result.unit_id,
             result.added, len(result.rejected), len(result.bad_attachments))
    return result


def _reasons(kind, errors: dict) -> str:
    """The validators' messages with their fields' labels (as an import
    reports a rejected row)."""
    parts = []
    for name, msg in errors.items():
        try:
            label = kind.field(name).label
        except KeyError:
            label = next((ch.label for ch in kind.children if ch.name == name), name)
        msg = str(msg).strip()
        if not msg.endswith((".", "!", "?")):
            msg += "."
        parts.append(msg if msg.lower().startswith(label.lower()) else f"{label}: {msg}")
    return " ".join(parts)


def _checked_unit(u: dict, name: str) -> dict:
    """A source unit's fields, coerced like a form's (text cleaned, numbers
    checked); a unit that does not pass refuses the whole merge — every
    record hangs on it."""
    k = KINDS["unit"]
    values, errors = coerce(k, {f.name: u[f.name] for f in k.fields if f.name in u and f.name != "merged_into_id"})
    if not u.get("is_current") and not values.get("ten") and "ten" not in errors:
        errors["ten"] = "Tên đơn vị là bắt buộc."
    if errors:
        shown = clean(str(u.get("ten") or "")) if not u.get("is_current") else name
        raise MergeError(f"Đơn vị “{shown}” trong dữ liệu nguồn không hợp lệ ({_reasons(k, errors)}); chưa gộp gì. "
                         "Hãy sửa trong dữ liệu nguồn rồi gộp lại.")
    return {n: v for n, v in values.items() if v is not None or n not in ("ten", "loai")}


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


# sub-row tables: table -> (the record's kind, its Child)
_CHILD_TABLES = {ch.table: (k, ch) for k in KINDS.values() for ch in k.children}


def _source_children(src, kind, old_id, maps, layout: dict) -> dict:
    """A source record's sub-rows as a form gives them (``y_kien``, ``nam``,
    ``hoa_giai_vien_ids`` remapped), for its validation.  ``layout`` caches
    the source's sub-row columns (None: no such table)."""
    out = {}
    for ch in kind.children:
        if ch.table not in layout:
            present = src.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", (ch.table,)).fetchone()
            layout[ch.table] = [f.name for f in ch.fields if f.name in _cols(src, ch.table)] if present else None
        cols = layout[ch.table]
        if cols is None:
            continue
        if ch.name == "hoa_giai_vien_ids":
            m = maps.get("hoa_giai_vien", {})
            out[ch.name] = [m[r[0]] for r in src.execute(
                f"SELECT hoa_giai_vien_id FROM {ch.table} WHERE {ch.fk}=?", (old_id,)) if r[0] in m]
            continue
        if cols:
            out[ch.name] = [dict(zip(cols, r)) for r in src.execute(
                f"SELECT {', '.join(cols)} FROM {ch.table} WHERE {ch.fk}=? ORDER BY rowid", (old_id,))]
    return out


def _check_record(store, src, kind, table, r: dict, row: dict, maps, rejected_ids: dict,
                  layout: dict) -> str | None:
    """Coerce ``row`` (a source record, links remapped) in place the way a
    form or an import does and validate it with its sub-rows; the reasons
    when it fails.  A link to a row of the same table refused before is
    empty (a duplicate whose original was refused cannot come either)."""
    values, errors = coerce(kind, {f.name: row[f.name] for f in kind.fields if f.name in row})
    for f in kind.fields:  # as Store._prepare: an empty field with a default takes it
        if f.name in values and values[f.name] is None and f.default is not None and f.name not in errors:
            values[f.name] = f.default
    children, cerrors = coerce_children(kind, _source_children(src, kind, r.get("id"), maps, layout))
    errors.update(cerrors)
    full = {**row, **values, **children}
    if kind.key == "don_thu" and values.get("ngay_nhan") and "ngay_nhan" not in errors:
        full["nam"] = values["nam"] = int(values["ngay_nhan"][:4])
    pending = set()
    for c in SELF_REFS.get(table, ()):  # linked once every row is in: the mapped id, else a row still to come
        v = r.get(c)
        if v is None or v in rejected_ids.get(table, ()):
            continue  # none, or refused: empty here (the kind's rules say whether it may be)
        full[c] = maps.get(table, {}).get(v)
        if full[c] is None and src.execute(f"SELECT 1 FROM {table} WHERE id=?", (v,)).fetchone():
            full[c] = v  # a later row of the source: linked after it is in, not checked against this book
            pending.add(c)
    if not errors:
        errors = validate(store, kind, full, None)
        for c in pending:
            errors.pop(c, None)
    if errors:
        return _reasons(kind, errors)
    row.update({n: v for n, v in values.items() if n in row or v is not None})
    return None


def _check_child(kind, ch, row: dict) -> str | None:
    """Coerce one sub-row in place with its record's rules for sub-rows."""
    if ch.name == "hoa_giai_vien_ids":
        return None
    fields = {f.name: row.get(f.name) for f in ch.fields if f.name in row}
    out, errors = coerce_children(kind, {ch.name: [fields]})
    if errors:
        return _reasons(kind, errors)
    row.update(out[ch.name][0])
    return None


def _where(kind, parent, old_id, r: dict) -> str:
    """Which source row a reason is about: "Đơn thư mã 12 của dữ liệu nguồn", or for a sub-row
    "<its label> của đối thoại mã 3 của dữ liệu nguồn"."""
    if kind is not None:
        return f"{kind.title} mã {old_id} của dữ liệu nguồn"
    k, ch = parent
    return f"{ch.label} của {k.label} mã {r.get(ch.fk)} của dữ liệu nguồn"


def _copy_table(store, src, table, refs, maps, load_map, remember, result, src_key_aes):
    from core.safety import secrets as security

    for t in set(refs.values()) | {table}:
        if t not in maps:
            load_map(t)
    target_cols = set(_cols(store.conn, table))
    kind = next((k for k in KINDS.values() if k.table == table), None)
    parent = _CHILD_TABLES.get(table)
    rejected_ids = result.rejected_ids
    layout: dict = {}
    has_id = "id" in _cols(src, table)
    added = skipped = 0
    self_refs = SELF_REFS.get(table, ())
    for r in _rows(src, table):
        old_id = r.get("id") if has_id else None
        if has_id and old_id in maps[table]:
            skipped += 1
            continue
        if parent is not None and r.get(parent[1].fk) in rejected_ids.get(parent[0].table, ()):
            continue  # a sub-row of a record refused: reported with it
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
            if table in ("hoa_giai_hgv", "hoa_giai_hoi_dong", "doi_thoai_y_kien", "mo_hinh_nam"):
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
        where = _where(kind, parent, old_id, r)
        why = None
        if kind is not None:
            why = _check_record(store, src, kind, table, r, row, maps, rejected_ids, layout)
        elif parent is not None:
            why = _check_child(parent[0], parent[1], row)
        if why is not None:
            result.rejected.append(f"{where}: {why}")
            if old_id is not None:
                rejected_ids.setdefault(table, set()).add(old_id)
            continue
        if kind is not None:
            if "search_text" in target_cols:
                row["search_text"] = store._search_text(kind, row)
            if "sort_key" in target_cols:
                from core.records import schema
                row["sort_key"] = schema.row_sort_key(table, row) if table in schema.SORT_FIELDS else ""
            for f in store.write_filters:
                row = f(store, kind.key, row)
        if kind is not None and kind.key in RECORD_KINDS:
            # past the ids kept for the Thùng rác and for the papers issued from a purged record
            # (core.records.trash.next_id): a trashed record can still come back, a paper stays with its record
            from core.records.trash import next_id
            nid = next_id(store, table, kind.key)
            if nid is not None:
                row["id"] = nid
        names = list(row)
        try:
            with store.transaction():  # a savepoint: a row the schema refuses is the row's problem only
                cur = store.conn.execute(
                    f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
                    [row[n] for n in names])
        except sqlite3.IntegrityError:
            result.rejected.append(f"{where}: dữ liệu không hợp lệ (vi phạm ràng buộc của cơ sở dữ liệu).")
            if old_id is not None:
                rejected_ids.setdefault(table, set()).add(old_id)
            continue
        if has_id:
            remember(table, old_id, cur.lastrowid)
        added += 1
    result.added[table] = result.added.get(table, 0) + added
    result.skipped[table] = result.skipped.get(table, 0) + skipped


def _copy_issued_papers(store, src, maps, load_map, remember, result: MergeResult) -> None:
    """The source's issued papers (``giay_to``, core.papers.issued), kept as
    issued — the JSON snapshot unchanged — under the predecessor unit and the
    merged record's new id.  A paper whose record was refused (or is not in
    the source any more) stays behind: its record is not here to show it."""
    load_map("giay_to")
    if "giay_to" not in {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}:
        return
    cols = set(_cols(store.conn, "giay_to"))
    added = skipped = 0
    for g in _rows(src, "giay_to"):
        if g["id"] in maps["giay_to"]:
            skipped += 1
            continue
        k = KINDS.get(g.get("ban_ghi_loai"))
        if k is None:
            continue
        if k.table not in maps:
            load_map(k.table)
        new_rec = maps[k.table].get(g.get("ban_ghi_id"))
        if new_rec is None:
            continue
        row = {c: v for c, v in g.items() if c in cols and c != "id"}
        row["ban_ghi_id"] = new_rec
        row["unit_id"] = maps["unit"].get(g.get("unit_id"), result.unit_id)
        names = list(row)
        try:
            with store.transaction():
                cur = store.conn.execute(
                    f"INSERT INTO giay_to ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
                    [row[n] for n in names])
        except sqlite3.IntegrityError:
            result.rejected.append(f"Giấy tờ đã phát hành mã {g['id']} của dữ liệu nguồn: dữ liệu không hợp lệ "
                                   "(vi phạm ràng buộc của cơ sở dữ liệu).")
            continue
        remember("giay_to", g["id"], cur.lastrowid)
        added += 1
    result.added["giay_to"] = result.added.get("giay_to", 0) + added
    result.skipped["giay_to"] = result.skipped.get("giay_to", 0) + skipped


def _copy_attachments(store, src, src_dir: Path, maps, load_map, remember, src_key_aes=None,
                      result: MergeResult | None = None) -> int:
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
        try:  # the one rule for a stored path: inside the source folder's attachment tree
            src_file = resolve_attachment(src_dir, a["duong_dan"])
        except AttachmentPathError as e:
            log.warning("merge: attachment %s of the source refused (path outside its attachment folder)", a["id"])
            if result is not None:
                result.bad_attachments.append(f"Tệp đính kèm mã {a['id']} ({k.label} mã {a['record_id']} của dữ "
                                              f"liệu nguồn): {e.message()}")
            continue
        if a["record_kind"] in SECRET_KINDS and _copy_secret_attachment(store, a, src_dir, new_rec, src_key_aes,
                                                                        remember):
            n += 1
            continue
        rel = (Path(ATTACHMENTS_DIRNAME) / a["record_kind"] / str(new_rec)
               / safe_file_name(a["duong_dan"].replace("\\", "/").rsplit("/", 1)[-1])).as_posix()
        dest = resolve_attachment(store.data_dir, rel)
        if src_file.is_file():
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src_file, dest)
        else:
            log.warning("merge: attachment %s: file missing in source", a["id"])
        cur = store.conn.execute(
            "INSERT INTO dinh_kem(record_kind, record_id, ten_goc, duong_dan, kich_thuoc, sha256) VALUES (?,?,?,?,?,?)",
            (a["record_kind"], new_rec, (clean(a["ten_goc"]) if isinstance(a["ten_goc"], str) else None)
             or rel.rsplit("/", 1)[-1], rel, a.get("kich_thuoc") or 0, a.get("sha256")))
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
