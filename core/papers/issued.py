"""Issued papers, kept as issued (table ``giay_to``, migration m007).

``issue`` builds the paper with the next number of its kind in the year (or
the number the clerk typed), stores the JSON snapshot of the document and
returns it; ``reprint`` gives back the snapshot, whatever the record or the
letterhead became since."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from core.papers.common import IssueInfo, PaperError
from core.papers.snapshot import from_json, to_json
from core.report.document import ReportDoc


@dataclass
class Issued:
    id: int
    loai: str
    ban_ghi_loai: str
    ban_ghi_id: int
    so: int
    nam: int
    ky_hieu: str
    ngay: dt.date
    nguoi_phat_hanh: str
    doc: ReportDoc

    @property
    def number(self) -> str:
        return f"{self.so}/{self.ky_hieu}"


def next_number(store, loai: str, nam: int, unit_id: int | None = None) -> int:
    """The next number of the paper's series in the year: papers sharing a ký hiệu (the two
    THÔNG BÁO, TB-UBND) share one series, so no two carry the same "Số: 5/TB-UBND"."""
    from core.papers.registry import get_paper

    unit_id = unit_id or store.current_unit_id()
    return (store.q1("SELECT max(so) FROM giay_to WHERE unit_id=? AND ky_hieu=? AND nam=?",
                     (unit_id, get_paper(loai).ky_hieu, nam)) or 0) + 1


def issue(store, loai: str, record_id: int, issue_info: IssueInfo | None = None) -> Issued:
    """Build paper ``loai`` of the record, number it and keep it as issued."""
    from core.papers.registry import default_date, get_paper

    paper = get_paper(loai)
    info = issue_info or IssueInfo()
    ngay = info.ngay or default_date(store, loai, record_id)
    unit_id = store.current_unit_id()
    so = info.so or next_number(store, loai, ngay.year, unit_id)
    if store.q1("SELECT 1 FROM giay_to WHERE unit_id=? AND ky_hieu=? AND nam=? AND so=?",
                (unit_id, paper.ky_hieu, ngay.year, so)):
        raise PaperError(f"Số {so}/{paper.ky_hieu} năm {ngay.year} đã được dùng cho một {paper.label.lower()} khác.")
    doc = paper.build(store, record_id, IssueInfo(so=so, ngay=ngay, nguoi_phat_hanh=info.nguoi_phat_hanh))
    with store.transaction():
        cur = store.conn.execute(
            "INSERT INTO giay_to (unit_id, loai, ban_ghi_loai, ban_ghi_id, so, nam, ky_hieu, ngay, noi_dung, "
            "nguoi_phat_hanh) VALUES (?,?,?,?,?,?,?,?,?,?)",
            (unit_id, loai, paper.record_kind, record_id, so, ngay.year, paper.ky_hieu, ngay.isoformat(),
             to_json(doc), info.nguoi_phat_hanh or ""))
        gid = cur.lastrowid
        # the result paper's number fills the record's "số văn bản" when the record has none yet
        field = paper.number_field
        if field:
            row = store.get(paper.record_kind, record_id) or {}
            if not row.get(field):
                store.update(paper.record_kind, record_id, {field: f"{so}/{paper.ky_hieu}"})
    return get_issued(store, gid)


def _from_row(r: dict) -> Issued:
    return Issued(id=r["id"], loai=r["loai"], ban_ghi_loai=r["ban_ghi_loai"], ban_ghi_id=r["ban_ghi_id"], so=r["so"],
                  nam=r["nam"], ky_hieu=r["ky_hieu"], ngay=dt.date.fromisoformat(r["ngay"]),
                  nguoi_phat_hanh=r["nguoi_phat_hanh"], doc=from_json(r["noi_dung"]))


def get_issued(store, issued_id: int) -> Issued:
    rows = store.q("SELECT * FROM giay_to WHERE id=?", (issued_id,))
    if not rows:
        raise PaperError(f"Không có giấy tờ đã phát hành số hiệu {issued_id}.")
    return _from_row(rows[0])


def reprint(store, issued_id: int) -> ReportDoc:
    """The document exactly as issued."""
    return get_issued(store, issued_id).doc


def issued_for(store, record_kind: str, record_id: int) -> list[Issued]:
    """What was issued from one record (the "Giấy tờ đã phát hành" list), oldest first."""
    rows = store.q("SELECT * FROM giay_to WHERE ban_ghi_loai=? AND ban_ghi_id=? ORDER BY ngay, id",
                   (record_kind, record_id))
    return [_from_row(r) for r in rows]
