"""Audit log (SPEC §8): who changed what, when, old → new; every reveal of
a denouncer's identity and every internal full export.

The table is defined in ``core.records.feature_tables`` (migration set
``sodanvan.safety``, which also holds the merge mapping tables of
``core.safety.merge``).  ``install(store)``
adds an ``on_change`` hook, so each create/update/delete is logged inside
the same transaction as the change itself (a crash keeps both or neither).

Privacy: the identity fields of a tố cáo (``Field.secret`` of a đơn thư of
loại tố cáo or of a visit classified tố cáo) are never written to the log,
whether a password is set or not — a change to them is logged as
"(bảo mật)" (``core.records.secrecy``).
"""
from __future__ import annotations

import datetime as dt
import getpass
import json
import logging
import os

from core.records.feature_tables import AUDIT_TABLE
from core.records.fields import KINDS
from core.records.secrecy import SECRET_MASK, is_secret, secret_fields

log = logging.getLogger(__name__)

USER_SETTING = "nguoi_dung.ten"  # clerk name, else the OS account

ACTIONS = {
    "create": "Thêm mới",
    "update": "Sửa",
    "delete": "Xóa",
    "trash": "Xóa (vào thùng rác)",
    "untrash": "Khôi phục từ thùng rác",
    "purge": "Xóa hẳn khỏi thùng rác",
    "reveal": "Xem thông tin bảo mật",
    "export_full": "Xuất đầy đủ (nội bộ)",
    "restore": "Khôi phục dữ liệu",
    "import": "Nhập từ Excel",
    "merge": "Gộp dữ liệu đơn vị cũ",
    "password": "Mật khẩu",
}

# Columns never shown as changes (derived or technical).
_SKIP = {"id", "search_text", "sort_key", "created_at", "updated_at", "bi_mat", "nam"}


# ------------------------------------------------------------- writing
def current_user(store) -> str:
    try:
        name = store.get_setting(USER_SETTING)
    except Exception:
        name = None
    if name:
        return str(name)
    try:
        return getpass.getuser()
    except Exception:
        return os.environ.get("USERNAME") or os.environ.get("USER") or "?"


def _now() -> str:
    return dt.datetime.now().isoformat(timespec="seconds")


def _is_secret_row(kind: str, *rows) -> bool:
    return any(is_secret(kind, r) for r in rows)


def _norm(v):
    if isinstance(v, list):
        return [dict(x) if isinstance(x, dict) else x for x in v]
    return v


def diff(store, kind: str, old: dict | None, new: dict | None) -> dict:
    """``{field: [old, new]}`` of the changed values, identity of a tố cáo
    denouncer replaced by SECRET_MASK."""
    old = dict(old or {})
    new = dict(new or {})
    secret = _is_secret_row(kind, old, new)
    secret_names = set(secret_fields(kind)) if secret else set()
    out = {}
    names = [n for n in (list(old) + [n for n in new if n not in old]) if n not in _SKIP]
    for n in names:
        if n in secret_names:
            continue
        if old and new and n not in new:
            continue  # not written by this change
        a, b = _norm(old.get(n)), _norm(new.get(n))
        if a != b and not (a in (None, "", []) and b in (None, "", [])):
            out[n] = [a, b]
    if secret:
        if not old or not new:
            row = old or new
            if row.get("bi_mat") or any(row.get(n) for n in secret_names):
                out["thong_tin_nguoi_to_cao"] = [SECRET_MASK if old else None, SECRET_MASK if new else None]
        else:
            if old.get("bi_mat") or new.get("bi_mat"):
                changed = "bi_mat" in new and old.get("bi_mat") != new.get("bi_mat")
            else:
                changed = any((old.get(n) or None) != (new.get(n) or None) for n in secret_names if n in new)
            if changed:
                out["thong_tin_nguoi_to_cao"] = [SECRET_MASK, SECRET_MASK]
    return out


def log_event(store, action: str, kind: str | None = None, record_id: int | None = None,
              changes: dict | None = None, note: str | None = None):
    store.conn.execute(
        f"INSERT INTO {AUDIT_TABLE}(thoi_gian, nguoi, hanh_dong, loai, ban_ghi_id, thay_doi, ghi_chu) "
        "VALUES (?,?,?,?,?,?,?)",
        (_now(), current_user(store), action, kind, record_id,
         json.dumps(changes, ensure_ascii=False, default=str) if changes else None, note))


def _hook(store, action, kind, record_id, old, new):
    changes = diff(store, kind, old, new)
    if action == "update" and not changes:
        return
    log_event(store, action, kind, record_id, changes)


def install(store):
    """Log every create/update/delete of ``store`` (idempotent)."""
    if _hook not in store.on_change:
        store.on_change.append(_hook)
    return store


def uninstall(store):
    if _hook in store.on_change:
        store.on_change.remove(_hook)


# ------------------------------------------------------------- reading
def query(store, *, tu_ngay=None, den_ngay=None, kind: str | None = None, action: str | None = None,
          who: str | None = None, record_id: int | None = None, limit: int | None = 1000,
          offset: int = 0) -> list[dict]:
    """Log rows, newest first (dates as ``date``/ISO/``dd/mm/yyyy``)."""
    where, params = _where(tu_ngay, den_ngay, kind, action, who, record_id)
    lim = f" LIMIT {int(limit)} OFFSET {int(offset)}" if limit else ""
    rows = store.q(f"SELECT * FROM {AUDIT_TABLE} WHERE {where} ORDER BY id DESC{lim}", params)
    for r in rows:
        r["thay_doi"] = json.loads(r["thay_doi"]) if r["thay_doi"] else {}
    return rows


def count(store, **filters) -> int:
    where, params = _where(*(filters.get(k) for k in ("tu_ngay", "den_ngay", "kind", "action", "who", "record_id")))
    return store.q1(f"SELECT count(*) FROM {AUDIT_TABLE} WHERE {where}", params)


def _where(tu_ngay, den_ngay, kind, action, who, record_id):
    from core.text import parse_date

    conds, params = ["1"], []
    if tu_ngay:
        conds.append("thoi_gian >= ?")
        params.append(parse_date(tu_ngay).isoformat())
    if den_ngay:
        conds.append("thoi_gian < ?")
        params.append((parse_date(den_ngay) + dt.timedelta(days=1)).isoformat())
    if kind:
        conds.append("loai = ?")
        params.append(kind)
    if action:
        conds.append("hanh_dong = ?")
        params.append(action)
    if who:
        conds.append("nguoi = ?")
        params.append(who)
    if record_id:
        conds.append("ban_ghi_id = ?")
        params.append(int(record_id))
    return " AND ".join(conds), params


def users(store) -> list[str]:
    return [r["nguoi"] for r in store.q(f"SELECT DISTINCT nguoi FROM {AUDIT_TABLE} WHERE nguoi IS NOT NULL ORDER BY nguoi")]


def _fmt_value(store, kind: str | None, name: str, v) -> str:
    from core.text import fmt_date, fmt_number

    if v is None or v == "" or v == []:
        return "(trống)"
    if name == "unit_id":
        try:
            return store.q1("SELECT ten FROM unit WHERE id=?", (v,)) or str(v)
        except Exception:
            return str(v)
    k = KINDS.get(kind) if kind else None
    f = None
    if k:
        try:
            f = k.field(name)
        except KeyError:
            f = None
    if f is not None:
        try:
            if f.type == "enum":
                return store.enum_label(f.enum, v)
            if f.type == "date":
                return fmt_date(v)
            if f.type == "bool":
                return "Có" if v else "Không"
            if f.type == "float":
                return fmt_number(v)
        except Exception:
            pass
    if isinstance(v, list):
        return f"{len(v)} dòng"
    return str(v)


def field_label(kind: str | None, name: str) -> str:
    if name == "thong_tin_nguoi_to_cao":
        return "Thông tin người tố cáo"
    if name == "unit_id":
        return "Đơn vị"
    k = KINDS.get(kind) if kind else None
    if k:
        try:
            return k.field(name).label
        except KeyError:
            for ch in k.children:
                if ch.name == name:
                    return ch.label
    return name


def describe(store, row: dict, max_len: int = 400) -> str:
    """'Trường: cũ → mới; …' for the log page and the export."""
    ch = row.get("thay_doi") or {}
    if isinstance(ch, str):
        ch = json.loads(ch)
    parts = []
    for name, (a, b) in ch.items():
        if name == "unit_id" and row.get("hanh_dong") in ("create", "delete", "trash", "untrash", "purge"):
            continue
        la = _fmt_value(store, row.get("loai"), name, a)
        lb = _fmt_value(store, row.get("loai"), name, b)
        label = field_label(row.get("loai"), name)
        if row.get("hanh_dong") in ("create", "untrash"):
            parts.append(f"{label}: {lb}")
        elif row.get("hanh_dong") in ("delete", "trash", "purge"):
            parts.append(f"{label}: {la}")
        else:
            parts.append(f"{label}: {la} → {lb}")
    text = "; ".join(parts)
    if row.get("ghi_chu"):
        text = (row["ghi_chu"] + (". " + text if text else "")).strip()
    return text if len(text) <= max_len else text[: max_len - 1] + "…"


def kind_title(kind: str | None) -> str:
    """Short name of a record kind for the log ("Hoạt động", "Đơn thư")."""
    k = KINDS.get(kind) if kind else None
    if not k:
        return kind or ""
    return k.label[:1].upper() + k.label[1:]
