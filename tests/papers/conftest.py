"""A commune with a chairman and a few petitions and visits whose every
printed field is known."""
from __future__ import annotations

import pytest

DENOUNCER = "Trần Thị Tốcáo"
DENOUNCER_ADDR = "Thôn Bí Mật"
DENOUNCER_CCCD = "051199000777"
VISITOR_TC = "Phạm Văn Kínđáo"


@pytest.fixture
def book(store):
    """(store, ids): the store of tests/conftest.py with records."""
    s = store
    s.update("unit", s.current_unit_id(), {"dia_danh": "Nghĩa Phương"})
    s.create("lanh_dao", {"ho_ten": "Nguyễn Văn Hùng", "chuc_vu": "chu_tich"})
    ids = {}
    ids["kn"] = s.create("don_thu", {
        "so_den": 12, "ngay_nhan": "2026-03-02", "ngay_viet": "2026-02-27", "ho_ten": "Lê Văn An",
        "dia_chi": "Thôn An Bình", "cccd": "051080000123", "loai": "khieu_nai", "linh_vuc": "dat_dai",
        "noi_dung": "Khiếu nại quyết định thu hồi đất thửa số 768", "du_dieu_kien": 1, "huong_xu_ly": "thu_ly",
        "ngay_xu_ly": "2026-03-05", "ngay_thu_ly": "2026-03-06"})
    ids["chuyen"] = s.create("don_thu", {
        "so_den": 13, "ngay_nhan": "2026-03-03", "ho_ten": "Võ Thị Bình", "dia_chi": "Thôn Đông Hòa",
        "loai": "kien_nghi", "linh_vuc": "dat_dai", "noi_dung": "Kiến nghị cấp giấy chứng nhận quyền sử dụng đất",
        "du_dieu_kien": 1, "huong_xu_ly": "chuyen", "ngay_xu_ly": "2026-03-06",
        "co_quan_nhan": "Văn phòng Đăng ký đất đai tỉnh Quảng Ngãi"})
    ids["tc"] = s.create("don_thu", {
        "so_den": 14, "ngay_nhan": "2026-03-04", "ho_ten": DENOUNCER, "dia_chi": DENOUNCER_ADDR,
        "cccd": DENOUNCER_CCCD, "loai": "to_cao", "linh_vuc": "dat_dai",
        "noi_dung": "Tố cáo cán bộ địa chính nhận tiền", "du_dieu_kien": 1, "huong_xu_ly": "chuyen",
        "ngay_xu_ly": "2026-03-07", "co_quan_nhan": "Thanh tra tỉnh Quảng Ngãi"})
    ids["tc_thu_ly"] = s.create("don_thu", {
        "so_den": 15, "ngay_nhan": "2026-03-05", "ho_ten": DENOUNCER, "dia_chi": DENOUNCER_ADDR,
        "loai": "to_cao", "linh_vuc": "dat_dai", "noi_dung": "Tố cáo trưởng thôn thu tiền sai quy định",
        "du_dieu_kien": 1, "huong_xu_ly": "thu_ly", "ngay_xu_ly": "2026-03-08", "ngay_thu_ly": "2026-03-09"})
    ids["hd"] = s.create("don_thu", {
        "so_den": 16, "ngay_nhan": "2026-03-06", "ho_ten": "Đặng Văn Cường", "dia_chi": "Thôn Tây Sơn",
        "loai": "khieu_nai", "linh_vuc": "khac", "noi_dung": "Khiếu nại quyết định của Sở Xây dựng",
        "du_dieu_kien": 1, "huong_xu_ly": "huong_dan", "ngay_xu_ly": "2026-03-09",
        "co_quan_nhan": "Sở Xây dựng tỉnh Quảng Ngãi"})
    ids["visit"] = s.create("tiep_cong_dan", {
        "ngay_tiep": "2026-03-02", "ho_ten": "Lê Văn An", "dia_chi": "Thôn An Bình", "cccd": "051080000123",
        "so_nguoi": 1, "loai": "khieu_nai", "noi_dung": "Khiếu nại thu hồi đất", "huong_xu_ly": "tiep_nhan_don",
        "co_quan_da_giai_quyet": "UBND huyện cũ"})
    ids["visit_tc"] = s.create("tiep_cong_dan", {
        "ngay_tiep": "2026-03-03", "ho_ten": VISITOR_TC, "dia_chi": "Thôn Kín", "cccd": "051199000888",
        "so_nguoi": 2, "loai": "to_cao", "noi_dung": "Tố cáo sai phạm", "huong_xu_ly": "chuyen_don"})
    ids["secrets"] = [DENOUNCER, DENOUNCER_ADDR, DENOUNCER_CCCD, VISITOR_TC, "Thôn Kín", "051199000888"]
    return s, ids
