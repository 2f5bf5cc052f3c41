"""The papers that can be made from one record: key → ``Paper``."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from core.papers import mediation, petition, reception
from core.papers.common import PaperError


@dataclass(frozen=True)
class Paper:
    key: str
    label: str
    record_kind: str
    ky_hieu: str  # printed after the number: "12/PC-UBND"
    title: str  # the loại văn bản printed (what the ND30 check expects as title)
    build: Callable
    form: str  # the legal form it follows (docs/PAPERS.md)
    offered: Callable[[dict], bool] = lambda row: True  # fits the record's state (the editor's "In…" menu)
    number_field: str = ""  # the record's field the issued number fills when empty
    dated_by: str = ""  # the record's date field a paper is dated by default (a biên bản: the meeting's day)


def _huong(*codes):
    return lambda row: row.get("huong_xu_ly") in codes


PAPERS: dict[str, Paper] = {p.key: p for p in (
    Paper("bien_nhan", "Giấy biên nhận đơn (phiếu hẹn)", "don_thu", "GBN-UBND", "GIẤY BIÊN NHẬN", petition.bien_nhan,
          "Thông tư 05/2021/TT-TTCP (tiếp nhận đơn); Luật Tiếp công dân 2013 Điều 28", petition.not_anonymous),
    Paper("de_xuat", "Phiếu đề xuất xử lý đơn", "don_thu", "PĐX-UBND", "PHIẾU ĐỀ XUẤT", petition.de_xuat,
          "Thông tư 05/2021/TT-TTCP, mẫu phiếu đề xuất xử lý đơn"),
    Paper("chuyen_don", "Phiếu chuyển đơn", "don_thu", "PC-UBND", "PHIẾU CHUYỂN ĐƠN", petition.chuyen_don,
          "Thông tư 05/2021/TT-TTCP, mẫu phiếu chuyển đơn khiếu nại / tố cáo / kiến nghị, phản ánh",
          _huong("chuyen"), "so_van_ban_chuyen"),
    Paper("thong_bao_thu_ly", "Thông báo thụ lý giải quyết", "don_thu", "TB-UBND", "THÔNG BÁO",
          petition.thong_bao_thu_ly,
          "Luật Khiếu nại 2011 Điều 27; Luật Tố cáo 2018 Điều 29; Thông tư 05/2021/TT-TTCP",
          lambda row: row.get("huong_xu_ly") == "thu_ly" and row.get("loai") in ("khieu_nai", "to_cao")
          and bool(row.get("ngay_thu_ly"))),
    Paper("huong_dan", "Văn bản hướng dẫn, trả lại đơn", "don_thu", "HD-UBND", "HƯỚNG DẪN", petition.huong_dan,
          "Thông tư 05/2021/TT-TTCP, mẫu văn bản hướng dẫn / trả lại đơn",
          lambda row: _huong("huong_dan")(row) and petition.not_anonymous(row), "so_van_ban_chuyen"),
    Paper("don_doc", "Phiếu đôn đốc giải quyết đơn", "don_thu", "PĐĐ-UBND", "PHIẾU ĐÔN ĐỐC", petition.don_doc,
          "Thông tư 05/2021/TT-TTCP (theo dõi, đôn đốc việc giải quyết đơn đã chuyển)",
          lambda row: row.get("huong_xu_ly") in ("chuyen", "don_doc") and bool(row.get("co_quan_nhan"))),
    Paper("tra_loi_tiep", "Thông báo trả lời sau buổi tiếp công dân", "tiep_cong_dan", "TB-UBND", "THÔNG BÁO",
          petition.tra_loi_tiep, "Luật Tiếp công dân 2013 Điều 28; Thông tư 04/2021/TT-TTCP"),
    Paper("bien_nhan_tai_lieu", "Giấy biên nhận thông tin, tài liệu (tiếp công dân)", "tiep_cong_dan", "GBN-UBND",
          "GIẤY BIÊN NHẬN", reception.bien_nhan_tai_lieu,
          "Thông tư 04/2021/TT-TTCP (tiếp nhận thông tin, tài liệu, bằng chứng); Luật Tiếp công dân 2013",
          reception.has_documents),
    Paper("bien_ban_hoa_giai", "Biên bản hòa giải tranh chấp đất đai (thành / không thành)", "hoa_giai", "BB-UBND",
          "BIÊN BẢN", mediation.bien_ban_hoa_giai,
          "Luật Đất đai 2024 Điều 235; Nghị định 102/2024/NĐ-CP; Nghị định 30/2020/NĐ-CP (biên bản)",
          mediation.offered, dated_by="ngay_hoa_giai"),
)}


def get_paper(key: str) -> Paper:
    try:
        return PAPERS[key]
    except KeyError:
        raise PaperError(f"Không có loại giấy tờ “{key}”. Các loại: {', '.join(PAPERS)}.") from None


def papers_for(record_kind: str, row: dict) -> list[Paper]:
    """The papers that fit the record's state, in menu order."""
    return [p for p in PAPERS.values() if p.record_kind == record_kind and p.offered(row)]


def default_date(store, key: str, record_id: int, today=None):
    """The date paper ``key`` of the record is dated unless one is typed:
    the record's ``dated_by`` date when set (a biên bản is made, dated and
    signed at the meeting it records), else ``today`` (default: today)."""
    import datetime as dt

    paper = get_paper(key)
    if paper.dated_by:
        row = store.get(paper.record_kind, record_id)
        value = (row or {}).get(paper.dated_by)
        if value:
            try:
                return dt.date.fromisoformat(str(value)[:10])
            except ValueError:
                pass
    return today or dt.date.today()


def build(store, key: str, record_id: int, issue=None):
    """An unnumbered (draft) paper, nothing stored."""
    from core.papers.common import IssueInfo

    issue = issue or IssueInfo()
    if issue.ngay is None:
        issue = IssueInfo(so=issue.so, ngay=default_date(store, key, record_id),
                          nguoi_phat_hanh=issue.nguoi_phat_hanh)
    return get_paper(key).build(store, record_id, issue)
