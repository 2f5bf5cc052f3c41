"""Issued papers (``giay_to``, issue 14) survive a merge and the Thùng rác:
copied with their record and unit remapped, kept as issued, never left
pointing at another record."""
from __future__ import annotations

import datetime as dt

import pytest

from core.papers import issued as I
from core.papers.common import IssueInfo
from core.papers.snapshot import to_json
from core.records import trash
from core.safety import merge
from core.session import open_session

DAY = dt.date(2025, 3, 10)


def _petition(store, so_den, name="Lê Văn An"):
    return store.create("don_thu", {"so_den": so_den, "ngay_nhan": "05/03/2025", "ho_ten": name,
                                    "loai": "kien_nghi", "noi_dung": "Đường thôn xuống cấp", "du_dieu_kien": 1,
                                    "huong_xu_ly": "chuyen", "ngay_xu_ly": "06/03/2025",
                                    "co_quan_nhan": "UBND tỉnh Quảng Ngãi"})


@pytest.fixture
def source(tmp_path):
    s = open_session(tmp_path / "nghia_ha")
    s.create("unit", {"ten": "Nghĩa Hà", "loai": "xa", "is_current": 1, "tinh": "Quảng Ngãi", "dia_danh": "Nghĩa Hà"})
    s.create("lanh_dao", {"ho_ten": "Phạm Văn Hà", "chuc_vu": "chu_tich"})
    first = _petition(s, 1, "Nguyễn Văn Nguồn")
    second = _petition(s, 2, "Trần Thị Nguồn")
    papers = [I.issue(s, "bien_nhan", first, IssueInfo(ngay=DAY)),
              I.issue(s, "chuyen_don", second, IssueInfo(ngay=DAY)),
              I.issue(s, "bien_nhan", second, IssueInfo(ngay=DAY))]
    yield s, {"first": first, "second": second}, papers
    s.close()


def test_merge_copies_issued_papers_under_the_merged_records(store, source):
    src, recs, papers = source
    # this book has its own records (and papers) with the same ids and numbers
    mine = _petition(store, 1, "Người Của Xã Này")
    _petition(store, 2, "Người Thứ Hai")
    own = I.issue(store, "bien_nhan", mine, IssueInfo(ngay=DAY))
    r = merge.merge(store, src.data_dir, "Nghĩa Hà")
    assert r.added["giay_to"] == 3

    def new_id(table, old):
        return store.q1("SELECT new_id FROM merge_map WHERE bang=? AND old_id=?", (table, old))

    for g in papers:
        gid = new_id("giay_to", g.id)
        assert gid is not None
        copy = I.get_issued(store, gid)
        assert copy.ban_ghi_id == new_id("don_thu", g.ban_ghi_id) != g.ban_ghi_id
        assert (copy.loai, copy.number, copy.ngay) == (g.loai, g.number, g.ngay)
        assert to_json(copy.doc) == to_json(g.doc)  # kept as issued: the source's letterhead and signer
        assert store.q1("SELECT unit_id FROM giay_to WHERE id=?", (gid,)) == r.unit_id
    second_here = new_id("don_thu", recs["second"])
    assert store.get("don_thu", second_here)["ho_ten"] == "Trần Thị Nguồn"
    assert [g.loai for g in I.issued_for(store, "don_thu", second_here)] == ["chuyen_don", "bien_nhan"]
    # this book's own paper stays with its record, its number series untouched by the predecessor's
    assert [g.id for g in I.issued_for(store, "don_thu", mine)] == [own.id]
    assert I.issue(store, "bien_nhan", mine, IssueInfo(ngay=DAY)).so == 2
    # merging again adds nothing
    again = merge.merge(store, src.data_dir, "Nghĩa Hà")
    assert again.added.get("giay_to", 0) == 0 and again.skipped["giay_to"] == 3
    assert store.q1("SELECT count(*) FROM giay_to") == 5


def test_a_paper_of_a_refused_record_is_not_copied(store, source):
    src, recs, papers = source
    src.conn.execute("UPDATE don_thu SET noi_dung = '' WHERE id = ?", (recs["first"],))  # fails the validators
    r = merge.merge(store, src.data_dir, "Nghĩa Hà")
    assert any("Đơn thư mã" in x for x in r.rejected)
    assert r.added["giay_to"] == 2
    assert store.q1("SELECT count(*) FROM giay_to WHERE loai='bien_nhan'") == 1


def test_trash_and_restore_keep_the_papers_with_their_record(store):
    rid = _petition(store, 1)
    g = I.issue(store, "chuyen_don", rid, IssueInfo(ngay=DAY))
    tid = store.trash("don_thu", rid)
    # the paper is not lost, and no record entered meanwhile takes the trashed id
    assert I.get_issued(store, g.id).ban_ghi_id == rid
    other = _petition(store, 2, "Người Mới")
    assert other != rid and I.issued_for(store, "don_thu", other) == []
    trash.restore(store, tid)
    assert [x.id for x in I.issued_for(store, "don_thu", rid)] == [g.id]
    assert store.get("don_thu", rid)["so_van_ban_chuyen"] == g.number


def test_a_purged_records_id_is_not_given_again_when_it_has_papers(store):
    _petition(store, 1, "Người Trước")
    rid = _petition(store, 2)  # the last id
    g = I.issue(store, "bien_nhan", rid, IssueInfo(ngay=DAY))
    tid = store.trash("don_thu", rid)
    trash.purge(store, tid)
    assert I.get_issued(store, g.id).doc is not None  # still reprintable, as issued
    new = _petition(store, 3, "Người Sau")
    assert new != rid and I.issued_for(store, "don_thu", new) == []


def test_a_merge_does_not_take_a_trashed_id(store, source):
    src, recs, papers = source
    _petition(store, 1, "Người Trước")
    rid = _petition(store, 2)
    g = I.issue(store, "bien_nhan", rid, IssueInfo(ngay=DAY))
    tid = store.trash("don_thu", rid)
    merge.merge(store, src.data_dir, "Nghĩa Hà")
    assert store.get("don_thu", rid) is None  # no merged petition under the trashed id
    assert [x.id for x in I.issued_for(store, "don_thu", rid)] == [g.id]
    trash.restore(store, tid)
    assert store.get("don_thu", rid)["ho_ten"] == "Lê Văn An"
