"""Exports that belong to safety but are written as Excel: the audit log as
shown on its page, and the one export with denouncers' identities."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from core.io.excel import export_kind, export_rows
from core.safety import audit
from core.safety.secrets import SecurityError, is_set, verify


def export_audit_log(store, path, **filters) -> int:
    """Export the (filtered) audit log to .xlsx; returns the number of rows."""
    rows = audit.query(store, limit=None, **filters)
    headers = ["Thời gian", "Người thực hiện", "Hành động", "Loại hồ sơ", "Mã hồ sơ", "Nội dung thay đổi"]
    types = ["datetime", "text", "text", "text", "int", "text"]
    data = [[dt.datetime.fromisoformat(r["thoi_gian"]), r["nguoi"],
             audit.ACTIONS.get(r["hanh_dong"], r["hanh_dong"]), audit.kind_title(r["loai"]), r["ban_ghi_id"],
             audit.describe(store, r, max_len=32000)] for r in rows]
    export_rows(path, "Nhật ký thay đổi", headers, data, types)
    return len(data)


def internal_full_export(store, path, password: str, year: int | None = None, kind: str = "don_thu") -> int:
    """The only export with denouncers' identities: all đơn thư (or, with
    ``kind="tiep_cong_dan"``, all visits) with every field, behind the
    password (when one is set), logged."""
    from core.records.fields import KINDS

    if is_set(store) and not verify(store, password):
        raise SecurityError("Mật khẩu không đúng.")
    n = export_kind(store, kind, path, year=year, include_secret=True)
    with store.transaction():
        audit.log_event(store, "export_full", kind, None,
                        note=f"Xuất đầy đủ {n} {KINDS[kind].label} ra {Path(path).name}")
    return n
