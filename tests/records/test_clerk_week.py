"""Core answers behind issue 15's window items: one validation pass, a date
checked alone, labels that do not mislead (Qt-free)."""
import datetime as dt

import pytest

from core.records.fields import kind as get_kind
from core.records.validation import ValidationError, check_value

TODAY = dt.date.today()


def test_a_date_that_does_not_read_no_longer_hides_the_other_messages(store):
    with pytest.raises(ValidationError) as e:
        store.create("don_thu", {"ngay_nhan": "31/02/2026", "ho_ten": "", "loai": None, "noi_dung": "",
                                 "cccd": "0512"})
    errs = e.value.errors
    assert errs["ngay_nhan"] == "Ngày không tồn tại trong lịch."  # the coerce message stands
    assert errs["loai"] == "Hãy chọn loại đơn."
    assert errs["noi_dung"] == "Nội dung (trích yếu) là bắt buộc."
    assert errs["ho_ten"] == "Hãy nhập họ tên người gửi, hoặc đánh dấu đơn nặc danh."
    assert errs["cccd"] == "Số CCCD phải gồm đúng 12 chữ số."
    assert store.count("don_thu") == 0


def test_an_update_with_a_bad_date_says_the_rules_too(store):
    rid = store.create("don_thu", {"ngay_nhan": "05/03/2025", "ho_ten": "Nguyễn Văn A", "loai": "kien_nghi",
                                   "noi_dung": "Nội dung"})
    with pytest.raises(ValidationError) as e:
        store.update("don_thu", rid, {"ngay_xu_ly": "30/02/2025", "huong_xu_ly": "chuyen", "du_dieu_kien": 1})
    errs = e.value.errors
    assert errs["ngay_xu_ly"] == "Ngày không tồn tại trong lịch."
    assert errs["co_quan_nhan"] == "Chuyển đơn: hãy ghi cơ quan nhận."
    assert store.get("don_thu", rid)["huong_xu_ly"] is None


def test_one_date_checked_alone_as_saving_would():
    k = get_kind("don_thu")
    assert check_value(k, "ngay_nhan", "31/02/2026") == "Ngày không tồn tại trong lịch."
    assert check_value(k, "ngay_nhan", "3/12/2020") is None
    assert check_value(k, "ngay_nhan", "") is None  # empty: the required check is the save's
    later = (TODAY + dt.timedelta(days=2)).strftime("%d/%m/%Y")
    assert "không được sau ngày hôm nay" in check_value(k, "ngay_nhan", later)
    assert check_value(k, "han_giai_quyet", later) is None  # a deadline may lie ahead
    assert check_value(k, "so_den", "12a") == "Phải là số nguyên."


# ------------------------------------------------------------- item 11
def _don(store, ho_ten, ngay, **kw):
    data = {"ngay_nhan": ngay, "ho_ten": ho_ten, "loai": "kien_nghi", "noi_dung": "Nội dung"}
    data.update(kw)
    return store.create("don_thu", data)


@pytest.mark.parametrize("working_days", [False, True])
def test_the_deadline_column_sorts_by_days_left_closed_letters_last(store, working_days):
    from core.records import listing

    if working_days:  # a working-day rule: sorted in Python, the same order
        store.set_deadline_override("xu_ly_don", 10, True)
    d = lambda n: (TODAY - dt.timedelta(days=n)).isoformat()  # noqa: E731
    late = _don(store, "Trễ Nhiều", d(30))
    soon = _don(store, "Sắp Hết", d(8))
    fresh = _don(store, "Mới Nhận", d(1))
    filed = _don(store, "Xếp Lưu", d(20), du_dieu_kien=0, ly_do_khong_du="khong_ro_noi_dung")
    cols = [c.key for c in listing.columns("don_thu")]
    assert listing.headers("don_thu")[cols.index("han")] == "Hạn / còn (ngày)"
    assert listing.query_ids(store, "don_thu", sort=("han", False)) == [late, soon, fresh, filed]
    assert listing.query_ids(store, "don_thu", sort=("han", True)) == [fresh, soon, late, filed]
    rows = listing.fetch_rows(store, "don_thu", [late, fresh, filed])
    c = cols.index("han")
    assert "· trễ" in rows[late].cells[c] and "· còn" in rows[fresh].cells[c] and rows[filed].cells[c] == ""
    assert rows[late].cells[cols.index("trang_thai")] == "Quá hạn"


# ------------------------------------------------------------- item 10
def test_earlier_petitions_of_the_same_citizen_folded_never_a_to_cao(store):
    from core.records import lookups

    first = _don(store, "Trần Kim Lan", "2025-05-12", so_den=67, dia_chi="Thôn Lộc Hạ, xã Nghĩa Phương",
                 cccd="051190001234")
    second = _don(store, "TRẦN  KIM LAN", "2026-01-03", dia_chi="thôn Lộc Hạ")
    _don(store, "Trần Kim Lan", "2025-08-01", dia_chi="Thôn An Bình")  # a namesake elsewhere
    _don(store, "Trần Kim Lan", "2025-09-01", loai="to_cao", dia_chi="Thôn Lộc Hạ")  # secret: never matched
    _don(store, "Trần Kim", "2025-09-02")
    n, found = lookups.earlier_petitions(store, "tran kim lan", dia_chi="Thôn Lộc Hạ, xã Nghĩa Phương")
    assert n == 2 and [r["id"] for r in found] == [second, first]  # newest first
    assert found[1]["so_den"] == 67 and found[1]["nam"] == 2025
    # no address typed yet: every letter under that name (a tố cáo still not)
    assert lookups.earlier_petitions(store, "Trần Kim Lan")[0] == 3
    # the same CCCD, whatever the name is typed as
    n, found = lookups.earlier_petitions(store, "Lan", cccd="0511 9000 1234")
    assert n == 1 and found[0]["id"] == first
    # the letter being edited is not its own earlier letter; one word is no name
    assert lookups.earlier_petitions(store, "Trần Kim Lan", dia_chi="Lộc Hạ", exclude_id=second)[0] == 1
    assert lookups.earlier_petitions(store, "Lan") == (0, [])


# ------------------------------------------------------------- item 15
def test_the_village_an_address_names():
    from core.records.rules import village_in_address

    villages = [(1, "Thôn An Bình"), (2, "Thôn Lộc"), (3, "Thôn Lộc Hạ"), (4, "Tổ dân phố 3"), (5, "Thôn 1")]
    assert village_in_address(villages, "Thôn Lộc Hạ, xã Nghĩa Phương") == 3  # the longest name wins
    assert village_in_address(villages, "thon loc ha, xa Nghia Phuong") == 3
    assert village_in_address(villages, "Lộc Hạ, xã Nghĩa Phương") == 3  # without "Thôn"
    assert village_in_address(villages, "Xóm Đồng, thôn Lộc") == 2
    assert village_in_address(villages, "Số 3 đường Hùng Vương, Tổ dân phố 3") == 4
    assert village_in_address(villages, "Số 1 đường Hùng Vương") is None  # "1" alone is no village
    assert village_in_address(villages, "xã Nghĩa Phương") is None
    assert village_in_address(villages, "") is None
    assert village_in_address([(1, "Thôn Đông"), (2, "Tổ Đông")], "Đông, xã Nghĩa Phương") is None  # two fit
