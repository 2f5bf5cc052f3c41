"""core.records.listing: the list queries behind every list page and the Excel export."""
import datetime as dt

import pytest

from core.records import listing
from core.records.listing import ListFilters


def _don(store, ho_ten, ngay="2025-03-10", loai="kien_nghi", **kw):
    data = {"ngay_nhan": ngay, "ho_ten": ho_ten, "loai": loai, "linh_vuc": "dat_dai",
            "noi_dung": "Đề nghị giải quyết việc cấp giấy chứng nhận"}
    data.update(kw)
    return store.create("don_thu", data)


def _names(store, ids):
    rows = listing.fetch_rows(store, "don_thu", ids)
    return [rows[i].cells[2] for i in ids]


def test_every_kind_has_columns_filters_and_a_default_sort():
    for key in listing.LIST_KINDS:
        assert listing.columns(key)
        assert listing.DEFAULT_SORT[key][0] in [c.key for c in listing.columns(key)]
        assert key in listing.FILTERS


def test_name_sort_is_vietnamese_alphabetical(store):
    for n in ["Đặng Văn Bình", "Dương Thị Hoa", "Ân Văn Tư", "An Văn Tư", "Ăn Văn Tư", "Đỗ Thị Lan", "Dung Văn Ba"]:
        _don(store, n)
    ids = listing.query_ids(store, "don_thu", sort=("nguoi_gui", False))
    names = _names(store, ids)
    assert names == ["An Văn Tư", "Ăn Văn Tư", "Ân Văn Tư", "Dung Văn Ba", "Dương Thị Hoa",
                     "Đặng Văn Bình", "Đỗ Thị Lan"]
    last_d = max(i for i, n in enumerate(names) if n.startswith("D"))
    first_dd = min(i for i, n in enumerate(names) if n.startswith("Đ"))
    assert last_d < first_dd
    desc = _names(store, listing.query_ids(store, "don_thu", sort=("nguoi_gui", True)))
    assert desc == list(reversed(names))


def test_search_folds_diacritics_and_d(store):
    a = _don(store, "Đặng Văn Bình")
    _don(store, "Nguyễn Thị Hoa")
    assert listing.query_ids(store, "don_thu", search="dang") == [a]
    assert listing.query_ids(store, "don_thu", search="ĐẶNG bình") == [a]
    assert listing.query_ids(store, "don_thu", search="khongco") == []


def test_denouncer_of_to_cao_is_never_shown(store):
    rid = _don(store, "Trần Bí Mật", loai="to_cao", dia_chi="Thôn Kín")
    _don(store, "Lê Công Khai")
    headers, rows = listing.list_rows(store, "don_thu")
    flat = " ".join(" ".join(r) for r in rows)
    assert "Bí Mật" not in flat and "Thôn Kín" not in flat
    assert listing.SECRET_TEXT in flat
    assert listing.fetch_rows(store, "don_thu", [rid])[rid].secret
    # the name sort does not place it among the names either
    ids = listing.query_ids(store, "don_thu", sort=("nguoi_gui", False))
    assert ids[-1] == rid
    # and a search by the secret name finds nothing
    assert listing.query_ids(store, "don_thu", search="Bí Mật") == []


def test_period_and_filter_values(store):
    a = _don(store, "A", ngay="2024-05-01")
    b = _don(store, "B", ngay="2025-05-01", loai="khieu_nai")
    c = _don(store, "C", ngay="2025-06-01")
    y25 = ListFilters(dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert set(listing.query_ids(store, "don_thu", y25)) == {b, c}
    y25.values["loai"] = "khieu_nai"
    assert listing.query_ids(store, "don_thu", y25) == [b]
    assert set(listing.query_ids(store, "don_thu", ListFilters())) == {a, b, c}


def test_status_filter_matches_petition_state(store):
    today = dt.date.today()
    old = (today - dt.timedelta(days=40)).isoformat()
    recent = (today - dt.timedelta(days=2)).isoformat()
    late = _don(store, "Quá Hạn", ngay=old)  # unclassified for 40 days
    fresh = _don(store, "Mới Nhận", ngay=recent)
    stored = _don(store, "Đã Lưu", ngay=recent, du_dieu_kien=0, ly_do_khong_du="khong_ro_noi_dung")
    for code in ("qua_han", "cho_phan_loai", "da_luu", "dang_giai_quyet"):
        ids = listing.query_ids(store, "don_thu", ListFilters(values={"trang_thai": code}))
        expected = [i for i in (late, fresh, stored)
                    if store.petition_state(store.get("don_thu", i)).status == code]
        assert sorted(ids) == sorted(expected), code
    # working-day rules fall back to an exact Python check
    store.set_deadline_override("xu_ly_don", 10, True)
    ids = listing.query_ids(store, "don_thu", ListFilters(values={"trang_thai": "qua_han"}))
    assert ids == [late]
    rows = listing.fetch_rows(store, "don_thu", [late, fresh])
    assert rows[late].colour == "red" and rows[late].cells[7] == "Quá hạn" and "trễ" in rows[late].cells[8]
    assert rows[fresh].colour in ("green", "amber")


def test_every_kind_lists_rows(store):
    store.create("tiep_cong_dan", {"ngay_tiep": "2025-02-03", "ho_ten": "Đặng Thị Mai", "noi_dung": "Hỏi đất"})
    store.create("doi_thoai", {"ngay": "2025-02-03", "chu_de": "Đối thoại về đất đai", "so_nguoi_du": 40})
    to = store.create("to_hoa_giai", {"ten": "Tổ hòa giải thôn 1"})
    store.create("hoa_giai", {"ngay_nhan": "2025-02-03", "ben_a": "Lê Văn A", "noi_dung": "Lối đi",
                              "to_hoa_giai_id": to})
    store.create("mo_hinh", {"ten": "Hũ gạo tiết kiệm", "linh_vuc": "kinh_te", "nam_dang_ky": 2024,
                             "nam": [{"nam": 2025, "trang_thai": "duy_tri"}]})
    store.create("van_ban", {"so_ky_hieu": "09/KH-UBND", "ngay_ban_hanh": "2025-02-10", "trich_yeu": "Kế hoạch"})
    store.create("hoat_dong", {"ngay": "2025-02-10", "chu_de": "Tuyên truyền pháp luật", "so_nguoi": 120})
    store.create("chi_tieu", {"tu_ngay": "2025-01-01", "den_ngay": "2025-06-30", "ma": "tthc_tiep_nhan",
                              "gia_tri": 1807})
    f = ListFilters(dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    for key in listing.LIST_KINDS:
        if key == "don_thu":
            continue
        headers, rows = listing.list_rows(store, key, f)
        assert len(rows) == 1, key
        assert len(rows[0]) == len(headers)
    assert listing.list_rows(store, "chi_tieu", f)[1][0][3] == "1.807"
    assert "Duy trì (2025)" in listing.list_rows(store, "mo_hinh", f)[1][0]
    assert listing.query_ids(store, "tiep_cong_dan", search="dang thi") != []
    assert listing.query_ids(store, "chi_tieu", search="ho so tiep nhan") != []
    # a year without the model's status row does not list it
    assert listing.list_rows(store, "mo_hinh", ListFilters(dt.date(2022, 1, 1), dt.date(2022, 12, 31)))[1] == []


def test_due_items(store):
    today = dt.date.today()
    late = _don(store, "Quá Hạn", ngay=(today - dt.timedelta(days=30)).isoformat())
    soon = _don(store, "Sắp Hạn", ngay=(today - dt.timedelta(days=5)).isoformat())
    _don(store, "Mới", ngay=today.isoformat(), du_dieu_kien=1, huong_xu_ly="thu_ly",
         ngay_xu_ly=today.isoformat(), ngay_thu_ly=today.isoformat())
    due, overdue = listing.due_items(store, today)
    assert [i.id for i in overdue] == [late]
    assert [i.id for i in due] == [soon]


@pytest.mark.parametrize("kind_key", listing.LIST_KINDS)
def test_every_sortable_column_sorts(store, kind_key):
    for col in listing.columns(kind_key):
        listing.query_ids(store, kind_key, ListFilters(), "", (col.key, True))
