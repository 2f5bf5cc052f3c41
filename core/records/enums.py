"""Default enumerations (SPEC §3): stable codes with Vietnamese labels.

These are the *defaults* seeded into the ``enum_item`` table by the first
migration.  Clerks may rename or hide items and add new ones in Settings; a
code that records use can never be deleted.  Code that needs a label at run
time should ask the store (``Store.enum_label``) so renamed labels show up;
this module is the seed and the fallback.
"""
from __future__ import annotations

# key -> list of (code, label)
DEFAULT_ENUMS: dict[str, list[tuple[str, str]]] = {
    # ---- đơn thư (SPEC §3.1) -------------------------------------------
    "nguon_don": [
        ("truc_tiep", "Trực tiếp tại trụ sở"),
        ("tiep_cong_dan", "Qua buổi tiếp công dân"),
        ("buu_chinh", "Qua bưu chính"),
        ("co_quan_chuyen", "Cơ quan, tổ chức chuyển đến"),
        ("hom_thu", "Hòm thư góp ý"),
        ("duong_day_nong", "Đường dây nóng, thư điện tử"),
        ("khac", "Khác"),
    ],
    "loai_don": [
        ("khieu_nai", "Khiếu nại"),
        ("to_cao", "Tố cáo"),
        ("kien_nghi", "Kiến nghị"),
        ("phan_anh", "Phản ánh"),
        ("tranh_chap", "Tranh chấp đất đai"),
        ("nhieu_noi_dung", "Đơn có nhiều nội dung"),
    ],
    "linh_vuc": [
        ("dat_dai", "Đất đai"),
        ("boi_thuong", "Bồi thường, hỗ trợ, tái định cư"),
        ("do_thi", "Quản lý đô thị, trật tự xây dựng"),
        ("moi_truong", "Môi trường"),
        ("chinh_sach", "Chế độ, chính sách"),
        ("tu_phap", "Tư pháp, hộ tịch"),
        ("tham_nhung", "Tham nhũng, tiêu cực"),
        ("khac", "Khác"),
    ],
    "ly_do_khong_du": [
        ("nac_danh", "Nặc danh, mạo danh"),
        ("khong_ky_ten", "Không ký tên, không rõ người gửi"),
        ("khong_ro_dia_chi", "Không rõ địa chỉ"),
        ("trung_lap", "Trùng lặp"),
        ("da_giai_quyet", "Đã được giải quyết bằng quyết định có hiệu lực"),
        ("khong_ro_noi_dung", "Không rõ nội dung"),
        ("khac", "Khác"),
    ],
    "huong_xu_ly_don": [
        ("thu_ly", "Thụ lý giải quyết (thuộc thẩm quyền)"),
        ("chuyen", "Chuyển đơn đến cơ quan có thẩm quyền"),
        ("huong_dan", "Hướng dẫn, trả lại đơn"),
        ("don_doc", "Đôn đốc giải quyết"),
        ("luu", "Lưu đơn"),
    ],
    # Outcomes: the first five apply to khiếu nại / tố cáo, the last two to
    # kiến nghị / phản ánh / tranh chấp (see core.records.validation).
    "ket_qua_don": [
        ("dung", "Đúng"),
        ("dung_mot_phan", "Đúng một phần"),
        ("sai", "Sai"),
        ("rut_don", "Rút đơn"),
        ("dinh_chi", "Đình chỉ"),
        ("da_tra_loi", "Đã trả lời, giải quyết"),
        ("khong_co_co_so", "Không có cơ sở"),
    ],
    # ---- tiếp công dân, đối thoại (SPEC §3.2) ---------------------------
    "hinh_thuc_tiep": [
        ("thuong_xuyen", "Thường xuyên"),
        ("dinh_ky", "Định kỳ (Chủ tịch)"),
        ("dot_xuat", "Đột xuất"),
    ],
    "nguoi_tiep": [
        ("chu_tich", "Chủ tịch UBND"),
        ("pho_chu_tich", "Phó Chủ tịch UBND (ủy quyền)"),
        ("cong_chuc", "Công chức tiếp công dân"),
    ],
    "huong_xu_ly_tiep": [
        ("giai_thich", "Giải thích, hướng dẫn, trả lời trực tiếp"),
        ("tiep_nhan_don", "Tiếp nhận đơn"),
        ("chuyen_don", "Chuyển đơn"),
        ("huong_dan", "Hướng dẫn đến cơ quan có thẩm quyền"),
    ],
    "hinh_thuc_doi_thoai": [
        ("doi_thoai", "Đối thoại trực tiếp của người đứng đầu với Nhân dân"),
        ("hoi_nghi", "Hội nghị lắng nghe ý kiến Nhân dân"),
    ],
    # ---- hòa giải (SPEC §3.3) -------------------------------------------
    "loai_hoa_giai": [
        ("co_so", "Hòa giải ở cơ sở"),
        ("dat_dai", "Hòa giải tranh chấp đất đai tại UBND xã"),
    ],
    "nguon_hoa_giai": [
        ("ben_yeu_cau", "Bên yêu cầu"),
        ("hgv_chung_kien", "Hòa giải viên chứng kiến"),
        ("co_quan_de_nghi", "Cơ quan đề nghị"),
    ],
    "linh_vuc_hoa_giai": [
        ("lang_gieng", "Mâu thuẫn trong sinh hoạt, láng giềng"),
        ("dan_su", "Dân sự (tài sản, hợp đồng, thừa kế, quyền sử dụng đất)"),
        ("hon_nhan", "Hôn nhân và gia đình"),
        ("vi_pham", "Vi phạm pháp luật chưa đến mức xử lý"),
        ("khac", "Khác"),
    ],
    "ket_qua_hoa_giai": [
        ("thanh", "Hòa giải thành"),
        ("khong_thanh", "Hòa giải không thành"),
        ("dang", "Đang hòa giải"),
        ("rut", "Rút yêu cầu, tự hòa giải"),
        ("khong_thuoc", "Không thuộc phạm vi hòa giải"),
    ],
    "vai_tro_hgv": [
        ("to_truong", "Tổ trưởng"),
        ("thanh_vien", "Thành viên"),
    ],
    # the council of a land-dispute mediation at UBND xã (Luật Đất đai 2024 Điều 235; migration m008)
    "vai_tro_hoi_dong": [
        ("chu_tich", "Chủ tịch Hội đồng"),
        ("thanh_vien", "Thành viên"),
        ("thu_ky", "Thư ký"),
    ],
    # ---- mô hình Dân vận khéo (SPEC §3.4) -------------------------------
    "linh_vuc_mo_hinh": [
        ("kinh_te", "Kinh tế"),
        ("van_hoa_xa_hoi", "Văn hóa – xã hội"),
        ("quoc_phong_an_ninh", "Quốc phòng – an ninh"),
        ("he_thong_chinh_tri", "Xây dựng hệ thống chính trị"),
    ],
    "don_vi_mo_hinh": [
        ("ubnd", "UBND"),
        ("dang_uy", "Đảng ủy"),
        ("mttq", "Ủy ban MTTQ"),
        ("phu_nu", "Hội Liên hiệp Phụ nữ"),
        ("doan_tn", "Đoàn Thanh niên"),
        ("nong_dan", "Hội Nông dân"),
        ("cuu_chien_binh", "Hội Cựu chiến binh"),
        ("nguoi_cao_tuoi", "Hội Người cao tuổi"),
        ("cong_an", "Công an"),
        ("quan_su", "Ban Chỉ huy Quân sự"),
        ("truong_hoc", "Trường học"),
        ("thon", "Thôn, tổ dân phố"),
        ("khac", "Khác"),
    ],
    "loai_mo_hinh": [
        ("mo_hinh", "Mô hình"),
        ("dien_hinh_tap_the", "Điển hình tập thể"),
        ("dien_hinh_ca_nhan", "Điển hình cá nhân"),
    ],
    "trang_thai_mo_hinh": [
        ("dang_ky_moi", "Đăng ký mới"),
        ("duy_tri", "Duy trì"),
        ("nhan_rong", "Nhân rộng"),
        ("cung_co", "Củng cố"),
        ("dung", "Dừng"),
    ],
    # ---- supporting records (SPEC §3.5) ---------------------------------
    "loai_van_ban": [
        ("ke_hoach", "Kế hoạch"),
        ("quyet_dinh", "Quyết định"),
        ("cong_van", "Công văn"),
        ("chuong_trinh", "Chương trình"),
        ("thong_bao", "Thông báo"),
        ("bao_cao", "Báo cáo"),
        ("chi_thi", "Chỉ thị"),
        ("nghi_quyet", "Nghị quyết"),
        ("huong_dan", "Hướng dẫn"),
        ("khac", "Văn bản"),
    ],
    "loai_hoat_dong": [
        ("tuyen_truyen", "Tuyên truyền"),
        ("tap_huan", "Tập huấn"),
        ("kiem_tra", "Kiểm tra"),
    ],
    # Period figures (số liệu theo kỳ; kind chi_tieu).  Label = name shown and printed.
    "chi_tieu": [
        ("tthc_tiep_nhan", "Hồ sơ thủ tục hành chính tiếp nhận"),
        ("tthc_dung_han", "Hồ sơ giải quyết đúng hạn"),
        ("tthc_tre_han", "Hồ sơ giải quyết trễ hạn"),
        ("dvc_mot_phan_tong", "Hồ sơ dịch vụ công một phần"),
        ("dvc_mot_phan_truc_tuyen", "Hồ sơ một phần nộp trực tuyến"),
        ("dvc_toan_trinh_tong", "Hồ sơ dịch vụ công toàn trình"),
        ("dvc_toan_trinh_truc_tuyen", "Hồ sơ toàn trình nộp trực tuyến"),
        ("khao_sat_phieu", "Phiếu khảo sát sự hài lòng"),
        ("khao_sat_hai_long", "Phiếu hài lòng"),
        ("ttnd_giam_sat", "Cuộc giám sát của Ban Thanh tra nhân dân"),
        ("gsdtcd_cong_trinh", "Công trình được Ban Giám sát đầu tư cộng đồng giám sát"),
        ("huong_uoc", "Hương ước, quy ước được công nhận"),
        ("lay_y_kien", "Cuộc lấy ý kiến Nhân dân (dân chủ ở cơ sở)"),
    ],
    # ---- đơn vị (SPEC §3.5, §7) -----------------------------------------
    "loai_don_vi": [
        ("xa", "Xã"),
        ("phuong", "Phường"),
        ("dac_khu", "Đặc khu"),
        ("thi_tran", "Thị trấn"),
    ],
    "loai_thon": [
        ("thon", "Thôn"),
        ("to_dan_pho", "Tổ dân phố"),
        ("khu_pho", "Khu phố"),
        ("ap", "Ấp"),
        ("ban", "Bản"),
        ("buon", "Buôn"),
        ("khu_dan_cu", "Khu dân cư"),
    ],
    "chuc_vu": [
        ("chu_tich", "Chủ tịch"),
        ("pho_chu_tich", "Phó Chủ tịch"),
    ],
}

# Units of measure for the default period figures (stored in enum_item.extra).
CHI_TIEU_DON_VI: dict[str, str] = {
    "tthc_tiep_nhan": "hồ sơ",
    "tthc_dung_han": "hồ sơ",
    "tthc_tre_han": "hồ sơ",
    "dvc_mot_phan_tong": "hồ sơ",
    "dvc_mot_phan_truc_tuyen": "hồ sơ",
    "dvc_toan_trinh_tong": "hồ sơ",
    "dvc_toan_trinh_truc_tuyen": "hồ sơ",
    "khao_sat_phieu": "phiếu",
    "khao_sat_hai_long": "phiếu",
    "ttnd_giam_sat": "cuộc",
    "gsdtcd_cong_trinh": "công trình",
    "huong_uoc": "bản",
    "lay_y_kien": "cuộc",
}

# Human names of the enumerations, for the Settings page.
ENUM_TITLES: dict[str, str] = {
    "nguon_don": "Nguồn đơn",
    "loai_don": "Loại đơn",
    "linh_vuc": "Lĩnh vực",
    "ly_do_khong_du": "Lý do không đủ điều kiện xử lý",
    "huong_xu_ly_don": "Hướng xử lý đơn",
    "ket_qua_don": "Kết quả giải quyết đơn",
    "hinh_thuc_tiep": "Hình thức tiếp công dân",
    "nguoi_tiep": "Người tiếp",
    "huong_xu_ly_tiep": "Hướng xử lý sau tiếp",
    "hinh_thuc_doi_thoai": "Hình thức đối thoại",
    "loai_hoa_giai": "Loại hòa giải",
    "nguon_hoa_giai": "Nguồn vụ việc hòa giải",
    "linh_vuc_hoa_giai": "Lĩnh vực hòa giải",
    "ket_qua_hoa_giai": "Kết quả hòa giải",
    "vai_tro_hgv": "Vai trò hòa giải viên",
    "vai_tro_hoi_dong": "Vai trò trong Hội đồng hòa giải tranh chấp đất đai",
    "linh_vuc_mo_hinh": "Lĩnh vực mô hình",
    "don_vi_mo_hinh": "Đơn vị thực hiện mô hình",
    "loai_mo_hinh": "Loại mô hình",
    "trang_thai_mo_hinh": "Trạng thái mô hình theo năm",
    "loai_van_ban": "Loại văn bản",
    "loai_hoat_dong": "Loại hoạt động",
    "chi_tieu": "Các loại số liệu theo kỳ",
    "loai_don_vi": "Loại đơn vị hành chính",
    "loai_thon": "Loại thôn, tổ dân phố",
    "chuc_vu": "Chức vụ lãnh đạo",
}

# Groupings used by rules and statistics (codes, never labels).
KN_TC = ("khieu_nai", "to_cao")
KET_QUA_KN_TC = ("dung", "dung_mot_phan", "sai", "rut_don", "dinh_chi")
KET_QUA_KN_PA = ("da_tra_loi", "khong_co_co_so")


def default_label(key: str, code: str | None) -> str:
    """Label of a default code, or the code itself when unknown."""
    if code is None:
        return ""
    for c, label in DEFAULT_ENUMS.get(key, ()):
        if c == code:
            return label
    return code
