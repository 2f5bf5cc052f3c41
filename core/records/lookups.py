"""Named look-ups the screens need (record editors, catalogues in the
settings, the report header, the period picker): the SQL stays in core,
each function answers plain values or rows (dicts).

Every query is bounded by an index or a small catalogue table.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from core.text import fold


# ------------------------------------------------------------ the editors
def earlier_petition(store, petition_id: int) -> dict | None:
    """``{"id", "lan", "vu_viec_id"}`` of a petition picked as "đơn lần trước"."""
    rows = store.q("SELECT id, lan, vu_viec_id FROM don_thu WHERE id=?", (petition_id,))
    return rows[0] if rows else None


def case_contacts(store, case_id: int, except_visit: int | None = None) -> int:
    """How often a case was brought here: its visits (but ``except_visit``) and letters."""
    return (store.q1("SELECT count(*) FROM tiep_cong_dan WHERE vu_viec_id=? AND id<>?",
                     (case_id, except_visit if except_visit is not None else -1))
            + store.q1("SELECT count(*) FROM don_thu WHERE vu_viec_id=?", (case_id,)))


# ------------------------------------------------- the same citizen again
def _place(address: str | None) -> str:
    """The first part of an address, folded ("Thôn Lộc Hạ, xã …" → "thon loc ha")."""
    return fold((address or "").split(",")[0])


def same_place(a: str | None, b: str | None) -> bool:
    """Two addresses may be one place: either is empty, or the first part of
    one (thôn, tổ, street) is in the other."""
    pa, pb = _place(a), _place(b)
    if not pa or not pb:
        return True
    return pa in fold(b) or pb in fold(a)


def earlier_petitions(store, ho_ten: str | None = None, cccd: str | None = None, dia_chi: str | None = None,
                      exclude_id: int | None = None, limit: int = 5) -> tuple[int, list[dict]]:
    """Petitions this citizen sent before: (how many, the newest ``limit``
    as ``{"id", "so_den", "nam", "ngay_nhan", "loai"}``).

    The same citizen is the same CCCD (12 digits), or the same name —
    diacritics, case and spaces ignored ("tran kim lan" is Trần Kim Lan) — at
    an address that may be the same place (``same_place``).  A tố cáo is
    never matched nor shown: its denouncer's identity is secret (Luật Tố cáo
    2018, Điều 9) and is not in the search index.  Candidates come through
    the search index, so this is instant on a large book."""
    name = fold(ho_ten)
    cccd = re.sub(r"\s", "", cccd or "")
    if not (name and len(name.split()) >= 2) and not re.fullmatch(r"\d{12}", cccd):
        return 0, []
    conds, params = [], []
    if name and len(name.split()) >= 2:
        c, p = store.search_sql("don_thu", name)
        conds.append(c)
        params.extend(p)
    if re.fullmatch(r"\d{12}", cccd):
        conds.append("cccd = ?")  # no index: read only when a whole CCCD is typed
        params.append(cccd)
    rows = store.q("SELECT id, so_den, nam, ngay_nhan, loai, ho_ten, dia_chi, cccd FROM don_thu "
                   f"WHERE ({' OR '.join(conds)}) AND (loai IS NULL OR loai <> 'to_cao') AND id <> ? "
                   "ORDER BY ngay_nhan DESC, id DESC LIMIT 500", [*params, exclude_id or -1])
    hits = [r for r in rows if (cccd and r["cccd"] == cccd)
            or (fold(r["ho_ten"]) == name and same_place(dia_chi, r["dia_chi"]))]
    return len(hits), [{k: r[k] for k in ("id", "so_den", "nam", "ngay_nhan", "loai")} for r in hits[:limit]]


def leader_name(store, chuc_vu: str) -> str | None:
    """The name of the serving leader with this chức vụ (the first in the list's order)."""
    return store.q1("SELECT ho_ten FROM lanh_dao WHERE chuc_vu=? AND dang_cong_tac=1 "
                    "ORDER BY thu_tu, id LIMIT 1", (chuc_vu,))


def petition_of_visit(store, visit_id: int) -> int | None:
    """The petition already received at a visit ("Tiếp nhận đơn" pressed before)."""
    return store.q1("SELECT id FROM don_thu WHERE tiep_cong_dan_id=? ORDER BY id LIMIT 1", (visit_id,))


def latest_petition_of_case(store, case_id: int) -> dict | None:
    """``{"id", "lan"}`` of a case's latest petition (by ngày nhận)."""
    rows = store.q("SELECT id, lan FROM don_thu WHERE vu_viec_id=? ORDER BY ngay_nhan DESC, id DESC LIMIT 1",
                   (case_id,))
    return rows[0] if rows else None


def team_member_ids(store, team_id: int) -> set[int]:
    """The mediators (hòa giải viên) of a mediation team, hidden ones included."""
    return {r["id"] for r in store.q("SELECT id FROM hoa_giai_vien WHERE to_hoa_giai_id=?", (team_id,))}


def team_mediators(store, team_id: int) -> list[dict]:
    """``{"id", "ho_ten", "vai_tro", "an"}`` of a team's mediators, the team leader first."""
    return store.q("SELECT id, ho_ten, vai_tro, an FROM hoa_giai_vien WHERE to_hoa_giai_id=? "
                   "ORDER BY vai_tro DESC, id", (team_id,))


def mediators(store, ids: Iterable[int]) -> list[dict]:
    """``{"id", "ho_ten", "vai_tro", "an"}`` of these mediators (of any team)."""
    ids = list(ids)
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    return store.q(f"SELECT id, ho_ten, vai_tro, an FROM hoa_giai_vien WHERE id IN ({marks})", ids)


# ---------------------------------------------------- catalogue combos
# Catalogues a plain form offers in a combo: the id and the name shown.
_REF_LABELS = {
    "thon": "SELECT id, ten AS label FROM thon WHERE an = 0",
    "to_hoa_giai": "SELECT id, ten AS label FROM to_hoa_giai WHERE an = 0",
    "unit": "SELECT id, ten AS label FROM unit",
    "hoa_giai_vien": "SELECT id, ho_ten AS label FROM hoa_giai_vien WHERE an = 0",
}
REF_LABEL_KINDS = frozenset(_REF_LABELS)


def ref_labels(store, ref_kind: str) -> list[dict]:
    """``{"id", "label"}`` of the visible items of a small catalogue (``REF_LABEL_KINDS``)."""
    return store.q(_REF_LABELS[ref_kind])


# ------------------------------------------------- settings catalogues
def days_off(store) -> list[dict]:
    """Declared days off and compensatory working days, newest first."""
    return store.q("SELECT * FROM ngay_nghi ORDER BY ngay DESC")


def predecessor_units(store, unit_id: int | None) -> list[dict]:
    """The former units merged into this one."""
    return store.q("SELECT * FROM unit WHERE merged_into_id = ?", (unit_id,))


def villages(store) -> list[dict]:
    """Thôn, tổ dân phố with the name of their unit (``unit``), in their order."""
    return store.q("SELECT t.*, u.ten AS unit FROM thon t JOIN unit u ON u.id = t.unit_id ORDER BY t.thu_tu")


def leaders(store) -> list[dict]:
    """Lãnh đạo UBND: serving first, the chủ tịch before the deputies."""
    return store.q("SELECT * FROM lanh_dao ORDER BY dang_cong_tac DESC, chuc_vu = 'pho_chu_tich', thu_tu")


def recipients(store) -> list[dict]:
    """Nơi nhận of reports, in their order."""
    return store.q("SELECT * FROM noi_nhan ORDER BY thu_tu, id")


def mediation_teams(store) -> list[dict]:
    """Tổ hòa giải with their thôn's name (``thon``) and number of visible mediators (``so_hgv``)."""
    return store.q("SELECT t.*, th.ten AS thon, (SELECT count(*) FROM hoa_giai_vien v "
                   "WHERE v.to_hoa_giai_id = t.id AND v.an = 0) AS so_hgv FROM to_hoa_giai t "
                   "LEFT JOIN thon th ON th.id = t.thon_id ORDER BY t.id")


def team_members(store, team_id: int | None) -> list[dict]:
    """Every column of a team's mediators, the tổ trưởng first."""
    return store.q("SELECT * FROM hoa_giai_vien WHERE to_hoa_giai_id = ? ORDER BY vai_tro != 'to_truong', id",
                   (team_id,))


# ------------------------------------------------------- report header
def signing_leaders(store) -> list[dict]:
    """``{"id", "ho_ten", "chuc_vu"}`` of serving leaders who may sign, the chủ tịch first."""
    return store.q("SELECT id, ho_ten, chuc_vu FROM lanh_dao WHERE dang_cong_tac=1 "
                   "ORDER BY chuc_vu <> 'chu_tich', thu_tu, id")


def higher_level_documents(store, limit: int = 300) -> list[dict]:
    """The newest documents from higher levels (cấp trên), for a report's legal grounds."""
    return store.q("SELECT id, loai, so_ky_hieu, ngay_ban_hanh, co_quan_ban_hanh, trich_yeu FROM van_ban "
                   f"WHERE cap='cap_tren' ORDER BY ngay_ban_hanh DESC, id DESC LIMIT {int(limit)}")


# ------------------------------------------------------------- periods
_DATED = (("don_thu", "ngay_nhan"), ("tiep_cong_dan", "ngay_tiep"), ("hoa_giai", "ngay_nhan"),
          ("doi_thoai", "ngay"), ("van_ban", "ngay_ban_hanh"), ("hoat_dong", "ngay"))


def data_years(store) -> list[int]:
    """Years that hold records (cheap: min/max over indexed date columns)."""
    lo, hi = None, None
    for table, col in _DATED:
        a = store.q1(f"SELECT min({col}) FROM {table}")
        b = store.q1(f"SELECT max({col}) FROM {table}")
        if a:
            lo = min(lo or 9999, int(a[:4]))
        if b:
            hi = max(hi or 0, int(b[:4]))
    if lo is None:
        return []
    return list(range(lo, hi + 1))


__all__ = [
    "earlier_petition", "earlier_petitions", "same_place", "case_contacts", "leader_name", "petition_of_visit", "latest_petition_of_case",
    "team_member_ids", "team_mediators", "mediators", "REF_LABEL_KINDS", "ref_labels", "days_off",
    "predecessor_units", "villages", "leaders", "recipients", "mediation_teams", "team_members",
    "signing_leaders", "higher_level_documents", "data_years",
]


def last_id(store, kind_key: str, **equal) -> int | None:
    """The newest record of a kind (optionally with column = value), or None."""
    from core.records.fields import kind as get_kind

    k = get_kind(kind_key)
    names = sorted(equal)
    for name in names:  # column names from the field registry only
        k.field(name)
    where = " AND ".join(f"{n} = ?" for n in names) or "1"
    return store.q1(f"SELECT max(id) FROM {k.table} WHERE {where}", [equal[n] for n in names])


def last_year_before(store, year: int) -> int | None:
    """The last year before ``year`` in which petitions were received."""
    d = store.q1("SELECT max(ngay_nhan) FROM don_thu WHERE ngay_nhan < ?", (f"{year}-01-01",))
    return int(d[:4]) if d else None
