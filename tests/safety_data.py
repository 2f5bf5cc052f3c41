"""Small fixtures for the safety tests: a commune with catalogue rows and
one or more records of every record kind, built through Store.create."""
from __future__ import annotations

DENOUNCER = "Phạm Thị Tố Giác"
DENOUNCER_CCCD = "079123456789"
DENOUNCER_PHONE = "0905123456"
DENOUNCER_ADDR = "Số 7 hẻm Bí Ẩn"


def setup_catalogue(store) -> dict:
    ids = {}
    ids["thon"] = store.create("thon", {"ten": "Thôn Phú Nhuận"})
    ids["thon2"] = store.create("thon", {"ten": "Thôn An Lộc"})
    ids["to"] = store.create("to_hoa_giai", {"ten": "Tổ hòa giải Phú Nhuận", "thon_id": ids["thon"]})
    ids["hgv"] = store.create("hoa_giai_vien", {"to_hoa_giai_id": ids["to"], "ho_ten": "Lê Văn Hòa"})
    ids["hgv2"] = store.create("hoa_giai_vien", {"to_hoa_giai_id": ids["to"], "ho_ten": "Đặng Thị Giải"})
    ids["vv"] = store.create("vu_viec", {"tieu_de": "Tranh chấp ranh giới đất thôn An Lộc", "linh_vuc": "dat_dai"})
    return ids


def fill_records(store, ids: dict, denouncer: bool = True) -> dict:
    out = {}
    out["tcd"] = store.create("tiep_cong_dan", {
        "ngay_tiep": "03/02/2025", "ho_ten": "Trần Thị Bình", "noi_dung": "Hỏi về cấp giấy chứng nhận",
        "thon_id": ids["thon"], "so_nguoi": 1, "vu_viec_id": ids["vv"], "loai": "kien_nghi", "linh_vuc": "dat_dai"})
    out["don1"] = store.create("don_thu", {
        "ngay_nhan": "05/03/2025", "ngay_viet": "01/03/2025", "loai": "kien_nghi", "linh_vuc": "dat_dai",
        "noi_dung": "Kiến nghị sửa đường liên thôn", "ho_ten": "Nguyễn Văn An", "thon_id": ids["thon"],
        "cccd": "012345678901", "dien_thoai": "0912345678", "vu_viec_id": ids["vv"],
        "du_dieu_kien": 1, "huong_xu_ly": "thu_ly", "ngay_xu_ly": "06/03/2025", "ngay_thu_ly": "07/03/2025",
        "ngay_giai_quyet": "20/03/2025", "ket_qua": "da_tra_loi", "ghi_chu": "=ghi chú bắt đầu bằng dấu bằng"})
    out["don2"] = store.create("don_thu", {
        "ngay_nhan": "10/03/2025", "loai": "kien_nghi", "noi_dung": "Đơn trùng lặp", "ho_ten": "Nguyễn Văn An",
        "du_dieu_kien": 0, "ly_do_khong_du": "trung_lap", "don_goc_id": out["don1"]})
    if denouncer:
        out["tocao"] = store.create("don_thu", {
            "ngay_nhan": "12/03/2025", "loai": "to_cao", "linh_vuc": "tham_nhung",
            "noi_dung": "Tố cáo cán bộ địa chính nhận tiền", "ho_ten": DENOUNCER, "cccd": DENOUNCER_CCCD,
            "dien_thoai": DENOUNCER_PHONE, "dia_chi": DENOUNCER_ADDR, "thon_id": ids["thon2"]})
    out["dt"] = store.create("doi_thoai", {
        "ngay": "10/04/2025", "chu_de": "Đối thoại về giải phóng mặt bằng", "so_nguoi_du": 45,
        "so_tra_loi_tai_cho": 3, "so_giao_xu_ly": 1,
        "y_kien": [{"linh_vuc": "dat_dai", "so_luong": 3}, {"linh_vuc": "moi_truong", "so_luong": 2}]})
    out["hg"] = store.create("hoa_giai", {
        "ngay_nhan": "01/02/2025", "ben_a": "Hộ ông Võ Văn Tư", "ben_b": "Hộ bà Lý Thị Năm",
        "noi_dung": "Tranh chấp lối đi chung", "to_hoa_giai_id": ids["to"],
        "hoa_giai_vien_ids": [ids["hgv"], ids["hgv2"]], "ket_qua": "thanh", "ngay_ket_thuc": "15/02/2025"})
    out["mh"] = store.create("mo_hinh", {
        "ten": "Mô hình “Camera an ninh”", "linh_vuc": "quoc_phong_an_ninh", "nam_dang_ky": 2023,
        "nam": [{"nam": 2023, "trang_thai": "dang_ky_moi"},
                {"nam": 2024, "trang_thai": "duy_tri", "cong_nhan": "UBND huyện 2024", "tieu_bieu": 1}]})
    out["vb"] = store.create("van_ban", {
        "so_ky_hieu": "15/KH-UBND", "ngay_ban_hanh": "02/01/2025", "trich_yeu": "Kế hoạch công tác dân vận năm 2025"})
    out["hd"] = store.create("hoat_dong", {"ngay": "20/05/2025", "chu_de": "Tuyên truyền pháp luật", "so_cuoc": 2,
                                           "so_nguoi": 1807})
    out["ct"] = store.create("chi_tieu", {"tu_ngay": "01/01/2025", "den_ngay": "30/06/2025",
                                          "ma": "tthc_tiep_nhan", "gia_tri": 1234.5})
    return out
