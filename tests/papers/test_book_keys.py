"""``book_keys_for``: the books a list page offers ("In sổ…", issue 14)."""
from __future__ import annotations

from core.papers.books import BOOKS, book_keys_for
from core.records.listing import LIST_KINDS


def test_each_record_kind_offers_its_book():
    assert book_keys_for("tiep_cong_dan") == ["so_tiep_cong_dan"]
    assert book_keys_for("don_thu") == ["so_xu_ly_don"]
    assert book_keys_for("hoa_giai") == ["so_hoa_giai"]
    for kind in ("doi_thoai", "mo_hinh", "van_ban", "hoat_dong", "chi_tieu", "khong_co"):
        assert book_keys_for(kind) == []


def test_every_book_is_offered_by_exactly_one_list():
    offered = [k for kind in LIST_KINDS for k in book_keys_for(kind)]
    assert sorted(offered) == sorted(BOOKS)
