"""Each validator's accept and reject cases, with the Vietnamese message."""
import datetime as dt

import pytest

from core.records.validation import ValidationError

TODAY = dt.date.today()


def _err(store, kind, data, rid=None):
    with pytest.raises(ValidationError) as e:
        if rid:
            store.update(kind, rid, data)
        else:
            store.create(kind, data)
    return e.value.errors


PET = {"ngay_nhan": "05/03/2025", "ho_ten": "Nguyễn Văn A", "loai": "kien_nghi", "noi_dung": "Nội dung"}


def test_required_fields(store):
    errs = _err(store, "don_thu", {"ngay_nhan": "", "loai": None, "noi_dung": "  "})
    assert errs["ngay_nhan"] == "Ngày nhận là bắt buộc."
    assert errs["loai"] == "Hãy chọn loại đơn."
    assert errs["noi_dung"] == "Nội dung (trích yếu) là bắt buộc."
    assert errs["ho_ten"] == "Hãy nhập họ tên người gửi, hoặc đánh dấu đơn nặc danh."
    store.create("don_thu", {**PET, "ho_ten": None, "nac_danh": True})  # anonymous: accepted


def test_date_format_and_future(store):
    assert _err(store, "don_thu", {**PET, "ngay_nhan": "31/02/2025"})["ngay_nhan"] == "Ngày không tồn tại trong lịch."
    assert _err(store, "don_thu", {**PET, "ngay_nhan": "hôm qua"})["ngay_nhan"] == "Ngày không hợp lệ, hãy nhập theo dạng dd/mm/yyyy."
    future = (TODAY + dt.timedelta(days=1)).strftime("%d/%m/%Y")
    assert _err(store, "don_thu", {**PET, "ngay_nhan": future})["ngay_nhan"].startswith("Ngày nhận không được sau ngày hôm nay")
    rid = store.create("don_thu", {**PET, "ngay_nhan": "5/3/2025"})
    assert store.get("don_thu", rid)["ngay_nhan"] == "2025-03-05"


def test_dates_in_order(store):
    errs = _err(store, "don_thu", {**PET, "ngay_viet": "10/03/2025"})
    assert errs["ngay_nhan"] == "Ngày viết đơn không được sau ngày nhận."
    errs = _err(store, "hoa_giai", {"ngay_nhan": "10/03/2025", "ben_a": "A", "noi_dung": "x", "kind": "dat_dai",
                                    "ket_qua": "thanh", "ngay_ket_thuc": "01/03/2025"})
    assert errs["ngay_ket_thuc"] == "Ngày kết thúc không được trước ngày tiếp nhận."
    errs = _err(store, "chi_tieu", {"tu_ngay": "01/07/2025", "den_ngay": "30/06/2025", "ma": "tthc_tiep_nhan", "gia_tri": 1})
    assert errs["den_ngay"] == "Đến ngày không được trước từ ngày."


@pytest.mark.parametrize("cccd,ok", [("051234567890", True), ("05123456789", False), ("0512345678901", False),
                                      ("05123456789a", False), ("051 234 567 890", False)])
def test_cccd_exactly_12_digits(store, cccd, ok):
    data = {"ngay_tiep": "03/03/2025", "ho_ten": "A", "noi_dung": "x", "cccd": cccd}
    if ok:
        store.create("tiep_cong_dan", data)
    else:
        assert _err(store, "tiep_cong_dan", data)["cccd"] == "Số CCCD phải gồm đúng 12 chữ số."


def test_counts_at_least_one(store):
    errs = _err(store, "tiep_cong_dan", {"ngay_tiep": "03/03/2025", "ho_ten": "A", "noi_dung": "x", "so_nguoi": 0})
    assert errs["so_nguoi"] == "Số người phải từ 1 trở lên."
    errs = _err(store, "hoat_dong", {"ngay": "03/03/2025", "chu_de": "x", "so_cuoc": "abc"})
    assert errs["so_cuoc"] == "Phải là số nguyên."
    errs = _err(store, "chi_tieu", {"tu_ngay": "01/01/2025", "den_ngay": "30/06/2025", "ma": "tthc_tiep_nhan", "gia_tri": -1})
    assert errs["gia_tri"] == "Giá trị không được âm."


def test_enum_code_must_exist(store):
    assert _err(store, "don_thu", {**PET, "linh_vuc": "xyz"})["linh_vuc"] == "Giá trị “xyz” không có trong danh mục lĩnh vực."


def test_duplicate_petition_must_link_original(store):
    errs = _err(store, "don_thu", {**PET, "du_dieu_kien": 0, "ly_do_khong_du": "trung_lap"})
    assert errs["don_goc_id"] == "Đơn trùng lặp phải chọn đơn gốc."
    orig = store.create("don_thu", PET)
    dup = store.create("don_thu", {**PET, "du_dieu_kien": 0, "ly_do_khong_du": "trung_lap", "don_goc_id": orig})
    row = store.get("don_thu", dup)
    assert row["huong_xu_ly"] == "luu" and row["ngay_xu_ly"] == row["ngay_nhan"]
    assert _err(store, "don_thu", {"don_goc_id": dup}, rid=dup)["don_goc_id"] == "Đơn gốc không thể là chính đơn này."


def test_not_eligible_needs_reason_and_cannot_be_accepted(store):
    errs = _err(store, "don_thu", {**PET, "du_dieu_kien": 0, "huong_xu_ly": "thu_ly", "ngay_xu_ly": "06/03/2025"})
    assert errs["ly_do_khong_du"] == "Đơn không đủ điều kiện: hãy chọn lý do."
    assert errs["huong_xu_ly"].startswith("Đơn không đủ điều kiện xử lý chỉ có thể lưu")


def test_handling_rules(store):
    errs = _err(store, "don_thu", {**PET, "du_dieu_kien": 1, "huong_xu_ly": "chuyen"})
    assert errs["co_quan_nhan"] == "Chuyển đơn: hãy ghi cơ quan nhận."
    assert errs["ngay_xu_ly"] == "Đã chọn hướng xử lý: hãy nhập ngày xử lý."
    errs = _err(store, "don_thu", {**PET, "huong_xu_ly": "thu_ly", "ngay_xu_ly": "06/03/2025"})
    assert errs["du_dieu_kien"].startswith("Hãy xác định đơn đủ hay không đủ")
    accepted = {**PET, "du_dieu_kien": 1, "huong_xu_ly": "thu_ly", "ngay_xu_ly": "06/03/2025", "ngay_thu_ly": "06/03/2025"}
    errs = _err(store, "don_thu", {**accepted, "ket_qua": "dung"})
    assert errs["ngay_giai_quyet"] == "Đã có kết quả: hãy nhập ngày giải quyết xong."
    assert errs["ket_qua"].startswith("Kiến nghị, phản ánh có kết quả")
    errs = _err(store, "don_thu", {**accepted, "ngay_giai_quyet": "01/03/2025", "ket_qua": "da_tra_loi"})
    assert errs["ngay_giai_quyet"] == "Ngày giải quyết không được trước ngày thụ lý."
    errs = _err(store, "don_thu", {**accepted, "gia_han": 1})
    assert errs["gia_han"] == "Chỉ đơn tố cáo mới được gia hạn giải quyết."
    rid = store.create("don_thu", {**accepted, "ngay_giai_quyet": "20/03/2025", "ket_qua": "da_tra_loi"})
    assert store.petition_state(store.get("don_thu", rid)).status == "da_giai_quyet"
    errs = _err(store, "don_thu", {**PET, "nguon": "co_quan_chuyen"})
    assert errs["nguon_chi_tiet"] == "Đơn do cơ quan chuyển đến: hãy ghi cơ quan và số văn bản."


def test_reception_rules(store):
    errs = _err(store, "tiep_cong_dan", {"ngay_tiep": "03/03/2025", "ho_ten": "A", "noi_dung": "x",
                                         "hinh_thuc": "dinh_ky", "nguoi_tiep": "cong_chuc"})
    assert errs["nguoi_tiep"].startswith("Tiếp định kỳ do Chủ tịch")
    errs = _err(store, "tiep_cong_dan", {"ngay_tiep": "03/03/2025", "ho_ten": "A", "noi_dung": "x", "so_nguoi": 6,
                                         "so_dai_dien": 8})
    assert errs["so_dai_dien"] == "Số người đại diện không được lớn hơn số người."


def test_mediation_and_models(store):
    errs = _err(store, "hoa_giai", {"ngay_nhan": "10/03/2025", "ben_a": "A", "noi_dung": "x", "kind": "co_so"})
    assert errs["to_hoa_giai_id"] == "Hòa giải ở cơ sở: hãy chọn tổ hòa giải."
    errs = _err(store, "hoa_giai", {"ngay_nhan": "10/03/2025", "ben_a": "A", "noi_dung": "x", "kind": "dat_dai",
                                    "ket_qua": "thanh"})
    assert errs["ngay_ket_thuc"] == "Vụ việc đã kết thúc: hãy nhập ngày kết thúc."
    errs = _err(store, "mo_hinh", {"ten": "M", "linh_vuc": "kinh_te", "nam_dang_ky": 2023,
                                   "nam": [{"nam": 2022, "trang_thai": "duy_tri"}]})
    assert errs["nam"] == "Năm 2022 trước năm đăng ký 2023."
    errs = _err(store, "mo_hinh", {"ten": "M", "linh_vuc": "kinh_te", "nam_dang_ky": 2023,
                                   "nam": [{"nam": 2023, "trang_thai": "duy_tri"}, {"nam": 2023, "trang_thai": "dung"}]})
    assert errs["nam"] == "Năm 2023 ghi hai lần."
    errs = _err(store, "van_ban", {"cap": "cap_tren", "so_ky_hieu": "217/PNV", "ngay_ban_hanh": "07/07/2023", "trich_yeu": "x"})
    assert errs["co_quan_ban_hanh"] == "Văn bản cấp trên: hãy ghi cơ quan ban hành."


def test_message_lists_labels():
    e = ValidationError({"cccd": "Số CCCD phải gồm đúng 12 chữ số."})
    assert e.message("don_thu") == "Số CCCD: Số CCCD phải gồm đúng 12 chữ số."


def test_vietnamese_number_input(store):
    base = {"tu_ngay": "01/01/2025", "den_ngay": "30/06/2025"}
    a = store.create("chi_tieu", {**base, "ma": "tthc_tiep_nhan", "gia_tri": "1.963"})
    b = store.create("chi_tieu", {**base, "ma": "dvc_mot_phan_tong", "gia_tri": "1.234,5"})
    c = store.create("chi_tieu", {**base, "ma": "khao_sat_phieu", "gia_tri": "97.5"})
    assert [store.get("chi_tieu", i)["gia_tri"] for i in (a, b, c)] == [1963, 1234.5, 97.5]


# ------------------------------------------- issue 13: hostile input (§8, §10, §17)
def test_control_characters_cleaned_on_the_way_in(store):
    """Word's Shift+Enter (\\x0b), NUL and other C0/C1 controls never reach the
    book; a multi-line field keeps its lines and tabs, a one-line field gets
    a space instead."""
    rid = store.create("don_thu", {**PET, "ho_ten": "Nguyễn\x00 Văn\tA\x1f", "dia_chi": "Thôn 1\nxã B",
                                   "noi_dung": "Dòng một\x0bdòng hai\r\nba\x07\tcột\x85bốn\u2028năm\x9b"})
    row = store.get("don_thu", rid)
    assert row["ho_ten"] == "Nguyễn Văn A"
    assert row["dia_chi"] == "Thôn 1 xã B"
    assert row["noi_dung"] == "Dòng một\ndòng hai\nba\tcột\nbốn\nnăm"
    stored = store.q1("SELECT noi_dung FROM don_thu WHERE id=?", (rid,))
    assert not [c for c in stored if ord(c) < 32 and c not in "\t\n"]
    # a value of nothing but control characters is empty: the required rule speaks
    assert _err(store, "van_ban", {"so_ky_hieu": "01/KH-UBND", "ngay_ban_hanh": "02/01/2025",
                                   "trich_yeu": "\x00\x0b \x01"})["trich_yeu"] == "Trích yếu là bắt buộc."


def test_text_length_limits_per_field(store):
    from core.records.fields import KINDS

    limit = KINDS["don_thu"].field("noi_dung").max_length
    assert limit == 10_000 and KINDS["don_thu"].field("ho_ten").max_length == 1_000
    store.create("don_thu", {**PET, "noi_dung": "x" * limit})  # at the limit: accepted
    errs = _err(store, "don_thu", {**PET, "noi_dung": "x" * (limit + 1)})
    assert errs["noi_dung"] == "Nội dung (trích yếu) dài 10.001 ký tự, vượt giới hạn 10.000 ký tự."
    huge = _err(store, "don_thu", {**PET, "noi_dung": "y" * 60_000_000})  # refused before any work on it
    assert "vượt giới hạn 10.000 ký tự" in huge["noi_dung"] and "60.000.000" in huge["noi_dung"]
    assert "vượt giới hạn 1.000" in _err(store, "don_thu", {**PET, "ho_ten": "A" * 1001})["ho_ten"]


@pytest.mark.parametrize("day", ["01/01/0001", "01/02/1800", "31/12/1944"])
def test_dates_before_1945_refused(store, day):
    msg = _err(store, "don_thu", {**PET, "ngay_nhan": day})["ngay_nhan"]
    assert msg.startswith(f"Ngày nhận {day} không hợp lệ (trước năm 1945)")
    assert "trước năm 1945" in _err(store, "hoat_dong", {"ngay": day, "chu_de": "Tuyên truyền"})["ngay"]


def test_date_ranges_of_fields_that_are_not_past_events(store):
    store.create("don_thu", {**PET, "ngay_nhan": "01/01/1945"})  # the first day accepted
    rid = store.create("don_thu", {**PET})
    next_year = TODAY.replace(year=TODAY.year + 1, day=min(TODAY.day, 28))
    store.update("don_thu", rid, {"han_giai_quyet": next_year.strftime("%d/%m/%Y"), "ly_do_dieu_chinh_han": "Gia hạn"})
    too_far = TODAY.replace(year=TODAY.year + 2, day=min(TODAY.day, 28)).strftime("%d/%m/%Y")
    msg = _err(store, "don_thu", {"han_giai_quyet": too_far, "ly_do_dieu_chinh_han": "x"}, rid)["han_giai_quyet"]
    assert "không hợp lệ (sau ngày" in msg
    # a five-year target period may lie ahead (chỉ tiêu giai đoạn)
    store.create("chi_tieu", {"tu_ngay": f"01/01/{TODAY.year + 1}", "den_ngay": f"31/12/{TODAY.year + 5}",
                              "ma": store.enum_items("chi_tieu")[0]["code"], "gia_tri": 1})


@pytest.mark.parametrize("kind,data,field", [
    ("don_thu", {**PET, "ho_ten": "123456"}, "ho_ten"),
    ("tiep_cong_dan", {"ngay_tiep": "03/02/2025", "ho_ten": "0905 123 456", "noi_dung": "Hỏi"}, "ho_ten"),
    ("hoa_giai", {"ngay_nhan": "03/02/2025", "ben_a": "42", "noi_dung": "Tranh chấp", "kind": "xa"}, "ben_a"),
])
def test_names_that_are_only_digits_refused(store, kind, data, field):
    assert _err(store, kind, data)[field].endswith("phải có chữ cái (không chỉ gồm chữ số, dấu).")


def test_names_with_digits_and_letters_accepted(store):
    store.create("don_thu", {**PET, "ho_ten": "Nguyễn Văn A (tổ 12)"})
    store.create("tiep_cong_dan", {"ngay_tiep": "03/02/2025", "ho_ten": "Đoàn 5 hộ dân", "noi_dung": "Hỏi"})
