"""Qt-free helpers for the record editors: completion from earlier values,
one-line labels of linked records for pickers, and the picker search.

Everything here is bounded (``LIMIT``) so it stays fast over 1,000,000
records; the denouncer of a *tố cáo* never appears in a suggestion or a
picker label (SPEC §3.1, Luật Tố cáo Điều 9).
"""
from __future__ import annotations

import re

from core.records.fields import kind as get_kind
from core.records.secrecy import SECRET_MASK
from core.text import fmt_date, fold

# (table, column, extra condition) sources of suggestions per logical key.
# Rows of a tố cáo petition are excluded from every identity source.
_NOT_TO_CAO = "(loai IS NULL OR loai <> 'to_cao')"
COMPLETION_SOURCES: dict[str, list[tuple[str, str, str]]] = {
    "ho_ten": [("tiep_cong_dan", "ho_ten", _NOT_TO_CAO), ("don_thu", "ho_ten", _NOT_TO_CAO)],
    "dia_chi": [("tiep_cong_dan", "dia_chi", _NOT_TO_CAO), ("don_thu", "dia_chi", _NOT_TO_CAO),
                ("hoa_giai", "ben_a_dia_chi", ""), ("hoa_giai", "ben_b_dia_chi", "")],
    "nguoi_tiep_ten": [("tiep_cong_dan", "nguoi_tiep_ten", "")],
    "co_quan_nhan": [("don_thu", "co_quan_nhan", "")],
    "nguon_chi_tiet": [("don_thu", "nguon_chi_tiet", "")],
    "co_quan_da_giai_quyet": [("tiep_cong_dan", "co_quan_da_giai_quyet", "")],
    "ben": [("hoa_giai", "ben_a", ""), ("hoa_giai", "ben_b", "")],
    "chu_tri": [("doi_thoai", "chu_tri", "")],
    "dia_diem": [("doi_thoai", "dia_diem", "")],
    "co_quan_ban_hanh": [("van_ban", "co_quan_ban_hanh", "")],
    "phoi_hop": [("van_ban", "phoi_hop", "")],
    "dia_ban": [("mo_hinh", "dia_ban", "")],
    "cong_nhan": [("mo_hinh_nam", "cong_nhan", "")],
}

# Which completion source a field of a kind uses.
FIELD_COMPLETION: dict[tuple[str, str], str] = {
    ("don_thu", "ho_ten"): "ho_ten",
    ("don_thu", "dia_chi"): "dia_chi",
    ("don_thu", "co_quan_nhan"): "co_quan_nhan",
    ("don_thu", "nguon_chi_tiet"): "nguon_chi_tiet",
    ("tiep_cong_dan", "ho_ten"): "ho_ten",
    ("tiep_cong_dan", "dia_chi"): "dia_chi",
    ("tiep_cong_dan", "nguoi_tiep_ten"): "nguoi_tiep_ten",
    ("tiep_cong_dan", "co_quan_da_giai_quyet"): "co_quan_da_giai_quyet",
    ("hoa_giai", "ben_a"): "ben",
    ("hoa_giai", "ben_b"): "ben",
    ("hoa_giai", "ben_a_dia_chi"): "dia_chi",
    ("hoa_giai", "ben_b_dia_chi"): "dia_chi",
    ("doi_thoai", "chu_tri"): "chu_tri",
    ("doi_thoai", "dia_diem"): "dia_diem",
    ("van_ban", "co_quan_ban_hanh"): "co_quan_ban_hanh",
    ("van_ban", "phoi_hop"): "phoi_hop",
    ("mo_hinh", "dia_ban"): "dia_ban",
}


def recent_values(store, source: str, scan: int = 3000, limit: int = 400) -> list[str]:
    """Distinct earlier values of a completion source, most recent first.

    Only the newest ``scan`` rows of each table are read (rowid order, no
    full scan), so this is instant on a million records.
    """
    seen: dict[str, None] = {}
    for table, col, cond in COMPLETION_SOURCES.get(source, []):
        where = f"{col} IS NOT NULL AND {col} <> ''" + (f" AND {cond}" if cond else "")
        sql = f"SELECT {col} FROM (SELECT {col} FROM {table} WHERE {where} ORDER BY rowid DESC LIMIT {int(scan)})"
        try:
            rows = store.conn.execute(sql).fetchall()
        except Exception:  # a table of another feature may be missing
            continue
        for (v,) in rows:
            if v not in seen:
                seen[v] = None
                if len(seen) >= limit:
                    return list(seen)
    return list(seen)


def match_values(values: list[str], text: str, limit: int = 15) -> list[str]:
    """Values containing every word of ``text``, diacritics and case ignored
    (``nguyen v`` finds ``Nguyễn Văn An``); prefix matches first."""
    words = fold(text).split()
    if not words:
        return []
    first, rest = [], []
    for v in values:
        f = fold(v)
        if all(w in f for w in words):
            (first if f.startswith(words[0]) else rest).append(v)
            if len(first) >= limit:
                break
    return (first + rest)[:limit]


# ------------------------------------------------------------ labels
def _short(text, n: int = 60) -> str:
    text = " ".join(str(text or "").split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def record_label(store, kind_key: str, row: dict | None) -> str:
    """One line naming a linked record, e.g.
    ``Số 15/2025 – Nguyễn Văn A – Tranh chấp lối đi…``.  A tố cáo's
    denouncer shows as "(bảo mật)"."""
    if not row:
        return ""
    if kind_key == "don_thu":
        name = SECRET_MASK if row.get("loai") == "to_cao" else (row.get("ho_ten") or "Nặc danh")
        nam = row.get("nam") or (str(row.get("ngay_nhan") or "")[:4])
        return f"Số {row.get('so_den')}/{nam} – {name} – {_short(row.get('noi_dung'))}"
    if kind_key == "tiep_cong_dan":
        name = SECRET_MASK if row.get("loai") == "to_cao" else (row.get("ho_ten") or "")
        return f"{fmt_date(row.get('ngay_tiep'))} – {name} – {_short(row.get('noi_dung'))}"
    if kind_key == "vu_viec":
        return _short(row.get("tieu_de"), 70)
    if kind_key == "hoa_giai":
        return f"{fmt_date(row.get('ngay_nhan'))} – {row.get('ben_a') or ''} – {_short(row.get('noi_dung'))}"
    for col in ("ten", "ho_ten", "tieu_de", "chu_de", "so_ky_hieu"):
        if row.get(col):
            return str(row[col])
    return f"#{row.get('id')}"


_LABEL_COLS = {
    "don_thu": "id, so_den, nam, ngay_nhan, loai, ho_ten, noi_dung",
    "tiep_cong_dan": "id, ngay_tiep, ho_ten, loai, noi_dung",
    "vu_viec": "id, tieu_de",
    "hoa_giai": "id, ngay_nhan, ben_a, noi_dung",
}


def label_of(store, kind_key: str, record_id) -> str:
    if record_id in (None, ""):
        return ""
    k = get_kind(kind_key)
    cols = _LABEL_COLS.get(kind_key, "*")
    rows = store.q(f"SELECT {cols} FROM {k.table} WHERE id=?", (record_id,))
    return record_label(store, kind_key, rows[0]) if rows else ""


_SO_DEN = re.compile(r"^\s*(\d+)\s*(?:/\s*(\d{4}))?\s*$")


def picker_rows(store, kind_key: str, text: str = "", limit: int = 100,
                exclude_id: int | None = None) -> list[dict]:
    """Rows ``{id, label}`` for a picker: the newest records, or the search
    hits for ``text`` (folded FTS search; ``15/2025`` finds số đến 15)."""
    k = get_kind(kind_key)
    cols = _LABEL_COLS.get(kind_key, "*")
    text = (text or "").strip()
    ids: list[int] | None = None
    if text:
        m = _SO_DEN.match(text) if kind_key == "don_thu" else None
        if m:
            params = [int(m.group(1))]
            cond = "so_den=?"
            if m.group(2):
                cond += " AND nam=?"
                params.append(int(m.group(2)))
            ids = [r["id"] for r in store.q(f"SELECT id FROM don_thu WHERE {cond} ORDER BY id DESC LIMIT {int(limit)}", params)]
        elif kind_key == "vu_viec":
            ids = store.search_ids("vu_viec", text, limit=limit)
            # cases are also found through the visits and petitions about them
            for other in ("tiep_cong_dan", "don_thu"):
                hits = store.search_ids(other, text, limit=limit)
                if hits:
                    marks = ",".join("?" * len(hits))
                    ids += [r["vu_viec_id"] for r in store.q(
                        f"SELECT DISTINCT vu_viec_id FROM {other} WHERE id IN ({marks}) AND vu_viec_id IS NOT NULL", hits)]
            ids = list(dict.fromkeys(ids))[:limit]
        else:
            ids = store.search_ids(kind_key, text, limit=limit)
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        rows = store.q(f"SELECT {cols} FROM {k.table} WHERE id IN ({marks}) ORDER BY id DESC", ids)
    else:
        rows = store.q(f"SELECT {cols} FROM {k.table} ORDER BY id DESC LIMIT {int(limit)}")
    out = [{"id": r["id"], "label": record_label(store, kind_key, r)} for r in rows if r["id"] != exclude_id]
    if kind_key == "vu_viec" and out:
        _case_context(store, out)
    return out


def _case_context(store, out: list[dict]):
    """Cases often share a title: add who came, when, and how often."""
    ids = [r["id"] for r in out]
    marks = ",".join("?" * len(ids))
    visits = {r["vu_viec_id"]: r for r in store.q(
        f"SELECT vu_viec_id, count(*) AS n, max(ngay_tiep) AS last, ho_ten, loai FROM tiep_cong_dan "
        f"WHERE vu_viec_id IN ({marks}) GROUP BY vu_viec_id", ids)}
    letters = {r["vu_viec_id"]: r["n"] for r in store.q(
        f"SELECT vu_viec_id, count(*) AS n FROM don_thu WHERE vu_viec_id IN ({marks}) GROUP BY vu_viec_id", ids)}
    for r in out:
        v = visits.get(r["id"])
        bits = []
        if v:
            name = SECRET_MASK if v["loai"] == "to_cao" else v["ho_ten"]
            bits.append(f"{name}, lần gần nhất {fmt_date(v['last'])}")
            bits.append(f"{v['n']} lượt tiếp")
        if letters.get(r["id"]):
            bits.append(f"{letters[r['id']]} đơn")
        if bits:
            r["label"] += " – " + " · ".join(bits)


def catalogue_items(store, kind_key: str, current=None, **where) -> list[tuple[int, str]]:
    """(id, name) of a small catalogue (thôn, tổ hòa giải, đơn vị, hòa giải
    viên) for a combo box; hidden items only when ``current`` uses them."""
    k = get_kind(kind_key)
    name = {"hoa_giai_vien": "ho_ten"}.get(kind_key, "ten")
    conds, params = [], []
    for col, v in where.items():
        conds.append(f"{col}=?")
        params.append(v)
    has_an = any(f.name == "an" for f in k.fields)
    if has_an:
        conds.append("(an = 0 OR id = ?)")
        params.append(current if current is not None else -1)
    order = "thu_tu, id" if any(f.name == "thu_tu" for f in k.fields) else "id"
    sql = f"SELECT id, {name} AS name FROM {k.table}"
    if conds:
        sql += " WHERE " + " AND ".join(conds)
    sql += f" ORDER BY {order} LIMIT 2000"
    return [(r["id"], r["name"]) for r in store.q(sql, params)]
