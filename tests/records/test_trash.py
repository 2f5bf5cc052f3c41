"""Thùng rác (issue 15 item 18): a deleted record is kept 30 days, restorable,
and out of every list, search and report figure meanwhile."""
import datetime as dt

import pytest

from core.records import listing, trash
from core.records.secrecy import SECRET_MASK
from core.report.periods import Period
from core.report.stats import compute

TODAY = dt.date(2025, 12, 31)


def _petition(store, name="Trần Kim Lan", **kw):
    return store.create("don_thu", {"ngay_nhan": "05/03/2025", "ho_ten": name, "loai": "kien_nghi",
                                    "noi_dung": "Đường thôn xuống cấp", **kw})


def _received(store):
    return compute(store, Period.year(2025), today=TODAY, compare=False).petitions.received


def test_delete_moves_to_trash_out_of_lists_search_and_figures_then_restore(store):
    keep = _petition(store, "Lê Văn Bốn")
    rid = _petition(store)
    store.add_attachment("don_thu", rid, _file(store))
    assert _received(store) == 2 and rid in store.search_ids("don_thu", "kim lan")
    before = store.get("don_thu", rid)

    tid = store.trash("don_thu", rid)
    assert store.get("don_thu", rid) is None
    assert listing.query_ids(store, "don_thu") == [keep]
    assert store.search_ids("don_thu", "kim lan") == []
    assert _received(store) == 1
    assert not store.q("SELECT 1 FROM dinh_kem WHERE record_kind='don_thu' AND record_id=?", (rid,))
    [item] = trash.items(store)
    assert item["id"] == tid and item["loai_label"] == "Đơn thư" and "Trần Kim Lan" in item["mo_ta"]
    # its id stays reserved while it is in the trash
    other = _petition(store, "Người mới")
    assert other > rid

    assert trash.restore(store, tid) == ("don_thu", rid)
    after = store.get("don_thu", rid)
    assert {k: v for k, v in after.items()} == before
    assert _received(store) == 3 and rid in store.search_ids("don_thu", "kim lan")
    assert len(store.attachments("don_thu", rid)) == 1 and trash.items(store) == []
    acts = [r[0] for r in store.conn.execute("SELECT hanh_dong FROM nhat_ky_thay_doi WHERE ban_ghi_id=? "
                                             "AND loai='don_thu' ORDER BY id", (rid,))]
    assert acts[-2:] == ["trash", "untrash"]


def _file(store):
    p = store.data_dir.parent / "bien_ban.txt"
    p.write_text("biên bản", encoding="utf-8")
    return p


def test_children_and_links_come_back(store):
    team = store.create("to_hoa_giai", {"ten": "Tổ 1"})
    h1 = store.create("hoa_giai_vien", {"ho_ten": "Hòa giải viên A", "to_hoa_giai_id": team})
    hg = store.create("hoa_giai", {"ngay_nhan": "02/02/2025", "ben_a": "A", "noi_dung": "x",
                                   "to_hoa_giai_id": team, "hoa_giai_vien_ids": [h1]})
    tid = store.trash("hoa_giai", hg)
    assert store.q1("SELECT count(*) FROM hoa_giai_hgv") == 0
    trash.restore(store, tid)
    assert store.get("hoa_giai", hg)["hoa_giai_vien_ids"] == [h1]


def test_purge_after_30_days_deletes_for_good(store):
    rid = _petition(store)
    store.add_attachment("don_thu", rid, _file(store))
    path = store.attachment_path(store.attachments("don_thu", rid)[0])
    tid = store.trash("don_thu", rid)
    assert path.is_file()
    assert trash.purge_expired(store, now=dt.datetime.now() + dt.timedelta(days=29)) == 0
    assert trash.purge_expired(store, now=dt.datetime.now() + dt.timedelta(days=31)) == 1
    assert trash.items(store) == [] and not path.exists()
    with pytest.raises(trash.TrashError):
        trash.restore(store, tid)
    acts = [r[0] for r in store.conn.execute("SELECT hanh_dong FROM nhat_ky_thay_doi WHERE ban_ghi_id=? "
                                             "AND loai='don_thu' ORDER BY id", (rid,))]
    assert acts[-1] == "purge"


def test_a_to_cao_identity_stays_masked_in_the_trash(store):
    rid = store.create("don_thu", {"ngay_nhan": "05/03/2025", "ho_ten": "Người Tố Cáo", "loai": "to_cao",
                                   "noi_dung": "Tố cáo cán bộ"})
    store.trash("don_thu", rid)
    [item] = trash.items(store)
    assert SECRET_MASK in item["mo_ta"] and "Người Tố Cáo" not in item["mo_ta"]


def test_catalogue_items_are_still_deleted(store):
    thon = store.create("thon", {"ten": "Thôn Lộc Hạ", "loai": "thon"})
    assert store.trash("thon", thon) is None
    assert store.get("thon", thon) is None and trash.items(store) == []
