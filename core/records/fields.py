"""Declarative description of every record kind (SPEC §3).

One list per kind says which fields exist, their Vietnamese label, type,
enumeration, whether they are required, and which group of the editor they
belong to.  Validation (``core.records.validation``), the Excel template and import
(headers as label *or* code), the list columns and the editors all read this
one description.

Field types: ``text`` (one line), ``longtext``, ``date`` (ISO in the store,
``dd/mm/yyyy`` for people), ``int``, ``float``, ``bool``, ``enum`` (code of
``enum``), ``ref`` (id of a row of ``ref``).
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    type: str = "text"
    enum: str | None = None
    ref: str | None = None
    required: bool = False
    min: float | None = None
    max: float | None = None
    no_future: bool = False  # dates: not after today
    secret: bool = False  # identity of a denouncer when the record is a tố cáo (SPEC §3.1)
    group: str = ""
    default: object = None
    help: str = ""
    max_len: int | None = None  # characters; None: the type's limit (MAX_LEN)

    @property
    def max_length(self) -> int | None:
        """Longest text accepted (forms, Excel import, merge); None: no limit."""
        return self.max_len or MAX_LEN.get(self.type)


# Longest text per field type (a name, an address, a document number; a
# petition's content or a note).  Beyond it a value is refused with a message
# — a 60 MB "nội dung" in a hostile file must not reach the book.
MAX_LEN = {"text": 1_000, "longtext": 10_000, "enum": 200}


@dataclass(frozen=True)
class Child:
    """A list of sub-rows edited together with the record (one transaction)."""

    name: str
    table: str
    fk: str
    label: str
    fields: tuple[Field, ...]


@dataclass(frozen=True)
class Kind:
    key: str
    table: str
    label: str  # singular, lower-case, as used in sentences
    title: str  # page / sheet title
    date_field: str | None
    fields: tuple[Field, ...]
    children: tuple[Child, ...] = ()
    groups: tuple[tuple[str, str], ...] = ()
    search_fields: tuple[str, ...] = ()
    has_unit: bool = True

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]


F = Field

CCCD_HELP = "12 chữ số"

DON_THU = Kind(
    key="don_thu",
    table="don_thu",
    label="đơn thư",
    title="Đơn thư",
    date_field="ngay_nhan",
    groups=(
        ("tiep_nhan", "Tiếp nhận"),
        ("nguoi_gui", "Người gửi"),
        ("noi_dung", "Nội dung"),
        ("phan_loai", "Phân loại"),
        ("xu_ly", "Xử lý"),
        ("giai_quyet", "Giải quyết"),
    ),
    fields=(
        F("so_den", "Số đến", "int", required=True, min=1, group="tiep_nhan"),
        F("ngay_nhan", "Ngày nhận", "date", required=True, no_future=True, group="tiep_nhan"),
        F("ngay_viet", "Ngày viết đơn", "date", no_future=True, group="tiep_nhan"),
        F("nguon", "Nguồn đơn", "enum", enum="nguon_don", required=True, group="tiep_nhan", default="truc_tiep"),
        F("nguon_chi_tiet", "Cơ quan chuyển đến, số văn bản", group="tiep_nhan"),
        F("tiep_cong_dan_id", "Lượt tiếp công dân", "ref", ref="tiep_cong_dan", group="tiep_nhan"),
        F("vu_viec_id", "Vụ việc", "ref", ref="vu_viec", group="tiep_nhan"),
        F("ho_ten", "Họ tên người gửi", secret=True, group="nguoi_gui"),
        F("dia_chi", "Địa chỉ", secret=True, group="nguoi_gui"),
        F("thon_id", "Thôn, tổ dân phố", "ref", ref="thon", secret=True, group="nguoi_gui"),
        F("cccd", "Số CCCD", secret=True, group="nguoi_gui", help=CCCD_HELP),
        F("dien_thoai", "Điện thoại", secret=True, group="nguoi_gui"),
        F("nac_danh", "Đơn nặc danh", "bool", group="nguoi_gui", default=0),
        F("so_nguoi_ky", "Số người ký", "int", min=1, group="nguoi_gui", default=1),
        F("loai", "Loại đơn", "enum", enum="loai_don", required=True, group="noi_dung"),
        F("linh_vuc", "Lĩnh vực", "enum", enum="linh_vuc", required=True, group="noi_dung", default="khac"),
        F("noi_dung", "Nội dung (trích yếu)", "longtext", required=True, group="noi_dung"),
        F("phuc_tap", "Vụ việc phức tạp", "bool", group="noi_dung", default=0),
        F("dong_nguoi", "Đông người", "bool", group="noi_dung", default=0),
        F("keo_dai", "Kéo dài, vượt cấp", "bool", group="noi_dung", default=0),
        F("lan", "Lần gửi", "int", min=1, group="noi_dung", default=1),
        F("don_truoc_id", "Đơn lần trước", "ref", ref="don_thu", group="noi_dung"),
        F("du_dieu_kien", "Đủ điều kiện xử lý", "bool", group="phan_loai"),
        F("ly_do_khong_du", "Lý do không đủ điều kiện", "enum", enum="ly_do_khong_du", group="phan_loai"),
        F("don_goc_id", "Đơn gốc (đơn trùng lặp)", "ref", ref="don_thu", group="phan_loai"),
        F("huong_xu_ly", "Hướng xử lý", "enum", enum="huong_xu_ly_don", group="xu_ly"),
        F("ngay_xu_ly", "Ngày xử lý", "date", no_future=True, group="xu_ly"),
        F("co_quan_nhan", "Cơ quan nhận đơn chuyển", group="xu_ly"),
        F("so_van_ban_chuyen", "Số văn bản chuyển, hướng dẫn", group="xu_ly"),
        F("ngay_thu_ly", "Ngày thụ lý", "date", no_future=True, group="giai_quyet"),
        F("han_giai_quyet", "Hạn giải quyết (điều chỉnh)", "date", group="giai_quyet"),
        F("ly_do_dieu_chinh_han", "Lý do điều chỉnh hạn", group="giai_quyet"),
        F("gia_han", "Số lần gia hạn", "int", min=0, max=2, group="giai_quyet", default=0),
        F("ngay_giai_quyet", "Ngày giải quyết xong", "date", no_future=True, group="giai_quyet"),
        F("ket_qua", "Kết quả giải quyết", "enum", enum="ket_qua_don", group="giai_quyet"),
        F("so_van_ban_ket_qua", "Số văn bản kết quả", group="giai_quyet"),
        F("ghi_chu", "Ghi chú", "longtext", group="giai_quyet"),
    ),
    search_fields=("ho_ten", "dia_chi", "noi_dung", "nguon_chi_tiet", "co_quan_nhan", "ghi_chu"),
)

TIEP_CONG_DAN = Kind(
    key="tiep_cong_dan",
    table="tiep_cong_dan",
    label="lượt tiếp công dân",
    title="Tiếp công dân",
    date_field="ngay_tiep",
    groups=(
        ("tiep", "Buổi tiếp"),
        ("cong_dan", "Công dân"),
        ("noi_dung", "Nội dung"),
        ("xu_ly", "Xử lý, kết quả"),
    ),
    fields=(
        F("ngay_tiep", "Ngày tiếp", "date", required=True, no_future=True, group="tiep"),
        F("hinh_thuc", "Hình thức tiếp", "enum", enum="hinh_thuc_tiep", required=True, group="tiep", default="thuong_xuyen"),
        F("nguoi_tiep", "Người tiếp", "enum", enum="nguoi_tiep", required=True, group="tiep", default="cong_chuc"),
        F("nguoi_tiep_ten", "Họ tên người tiếp", group="tiep"),
        # secret when the visit is classified tố cáo (core.records.secrecy)
        F("ho_ten", "Họ tên công dân", required=True, secret=True, group="cong_dan"),
        F("dia_chi", "Địa chỉ", secret=True, group="cong_dan"),
        F("thon_id", "Thôn, tổ dân phố", "ref", ref="thon", secret=True, group="cong_dan"),
        F("cccd", "Số CCCD", secret=True, group="cong_dan", help=CCCD_HELP),
        F("dien_thoai", "Điện thoại", secret=True, group="cong_dan"),
        F("so_nguoi", "Số người", "int", required=True, min=1, group="cong_dan", default=1),
        F("so_dai_dien", "Số người đại diện", "int", min=1, group="cong_dan"),
        F("vu_viec_id", "Vụ việc", "ref", ref="vu_viec", group="noi_dung"),
        F("lan_dau", "Lần đầu", "bool", group="noi_dung", default=1),
        F("loai", "Phân loại", "enum", enum="loai_don", group="noi_dung"),
        F("linh_vuc", "Lĩnh vực", "enum", enum="linh_vuc", group="noi_dung"),
        F("noi_dung", "Nội dung vụ việc", "longtext", required=True, group="noi_dung"),
        F("co_quan_da_giai_quyet", "Cơ quan đã giải quyết", group="noi_dung"),
        # handed over at the reception, one per line: the giấy biên nhận prints them (core.papers.reception)
        F("tai_lieu_nhan", "Giấy tờ, tài liệu công dân cung cấp", "longtext", group="noi_dung",
          help="Mỗi giấy tờ, tài liệu một dòng (tên, số trang, bản chính hay bản sao)"),
        F("huong_xu_ly", "Hướng xử lý", "enum", enum="huong_xu_ly_tiep", group="xu_ly"),
        F("ket_qua", "Theo dõi kết quả", "longtext", group="xu_ly"),
        F("ngay_ket_qua", "Ngày trả lời", "date", no_future=True, group="xu_ly"),
        F("ghi_chu", "Ghi chú", "longtext", group="xu_ly"),
    ),
    search_fields=("ho_ten", "dia_chi", "noi_dung", "nguoi_tiep_ten", "ghi_chu"),
)

DOI_THOAI = Kind(
    key="doi_thoai",
    table="doi_thoai",
    label="cuộc đối thoại",
    title="Đối thoại",
    date_field="ngay",
    fields=(
        F("ngay", "Ngày", "date", required=True, no_future=True),
        F("hinh_thuc", "Hình thức", "enum", enum="hinh_thuc_doi_thoai", required=True, default="doi_thoai"),
        F("chu_tri", "Người chủ trì"),
        F("chu_de", "Chủ đề", required=True),
        F("dia_diem", "Địa điểm"),
        F("so_nguoi_du", "Số người dự", "int", min=0, default=0),
        F("so_tra_loi_tai_cho", "Ý kiến trả lời tại chỗ", "int", min=0, default=0),
        F("so_giao_xu_ly", "Ý kiến giao xử lý", "int", min=0, default=0),
        F("ghi_chu", "Ghi chú", "longtext"),
    ),
    children=(
        Child(
            "y_kien",
            "doi_thoai_y_kien",
            "doi_thoai_id",
            "Ý kiến theo lĩnh vực",
            (
                F("linh_vuc", "Lĩnh vực", "enum", enum="linh_vuc", required=True),
                F("so_luong", "Số ý kiến", "int", required=True, min=0),
            ),
        ),
    ),
    search_fields=("chu_de", "chu_tri", "dia_diem", "ghi_chu"),
)

HOA_GIAI = Kind(
    key="hoa_giai",
    table="hoa_giai",
    label="vụ việc hòa giải",
    title="Hòa giải",
    date_field="ngay_nhan",
    groups=(
        ("tiep_nhan", "Tiếp nhận"),
        ("cac_ben", "Các bên"),
        ("noi_dung", "Nội dung"),
        ("hop_hoa_giai", "Họp hòa giải tại UBND xã"),
        ("ket_qua", "Kết quả"),
    ),
    fields=(
        F("kind", "Loại hòa giải", "enum", enum="loai_hoa_giai", required=True, group="tiep_nhan", default="co_so"),
        F("to_hoa_giai_id", "Tổ hòa giải", "ref", ref="to_hoa_giai", group="tiep_nhan"),
        F("ngay_nhan", "Ngày tiếp nhận", "date", required=True, no_future=True, group="tiep_nhan"),
        F("nguon", "Nguồn", "enum", enum="nguon_hoa_giai", required=True, group="tiep_nhan", default="ben_yeu_cau"),
        F("ben_a", "Bên A", required=True, group="cac_ben"),
        F("ben_a_dia_chi", "Địa chỉ bên A", group="cac_ben"),
        F("ben_b", "Bên B", group="cac_ben"),
        F("ben_b_dia_chi", "Địa chỉ bên B", group="cac_ben"),
        F("so_nguoi_lien_quan", "Số người liên quan", "int", min=1, group="cac_ben", default=2),
        F("linh_vuc", "Lĩnh vực", "enum", enum="linh_vuc_hoa_giai", required=True, group="noi_dung", default="khac"),
        F("noi_dung", "Nội dung", "longtext", required=True, group="noi_dung"),
        # the session of the Hội đồng hòa giải and what its biên bản records: a land
        # dispute at UBND xã only (Luật Đất đai 2024 Điều 235; core.records.rules hides
        # them otherwise; migration m008)
        F("ngay_hoa_giai", "Ngày họp hòa giải", "date", no_future=True, group="hop_hoa_giai"),
        F("dia_diem_hoa_giai", "Địa điểm họp", group="hop_hoa_giai"),
        F("y_kien_cac_ben", "Ý kiến của các bên", "longtext", group="hop_hoa_giai"),
        # "Nội dung các bên thỏa thuận" (thành) or "… không thống nhất" (không thành): the label follows ket_qua
        F("ket_luan", "Nội dung thỏa thuận, không thống nhất", "longtext", group="hop_hoa_giai"),
        F("ket_qua", "Kết quả", "enum", enum="ket_qua_hoa_giai", required=True, group="ket_qua", default="dang"),
        F("huong_dan", "Hướng dẫn các bên (khi không thành)", group="ket_qua"),
        F("ngay_ket_thuc", "Ngày kết thúc", "date", no_future=True, group="ket_qua"),
        F("ghi_chu", "Ghi chú", "longtext", group="ket_qua"),
    ),
    children=(
        Child(
            "hoa_giai_vien_ids",
            "hoa_giai_hgv",
            "hoa_giai_id",
            "Hòa giải viên",
            (F("hoa_giai_vien_id", "Hòa giải viên", "ref", ref="hoa_giai_vien", required=True),),
        ),
        Child(
            "hoi_dong",
            "hoa_giai_hoi_dong",
            "hoa_giai_id",
            "Hội đồng hòa giải tranh chấp đất đai",
            (
                F("ho_ten", "Họ tên", required=True),
                F("chuc_vu", "Chức vụ, cơ quan"),
                F("vai_tro", "Vai trò", "enum", enum="vai_tro_hoi_dong", required=True, default="thanh_vien"),
            ),
        ),
    ),
    search_fields=("ben_a", "ben_b", "noi_dung", "ben_a_dia_chi", "ben_b_dia_chi", "ghi_chu"),
)

MO_HINH = Kind(
    key="mo_hinh",
    table="mo_hinh",
    label="mô hình",
    title="Mô hình Dân vận khéo",
    date_field=None,
    fields=(
        F("ten", "Tên mô hình", required=True),
        F("linh_vuc", "Lĩnh vực", "enum", enum="linh_vuc_mo_hinh", required=True),
        F("don_vi", "Đơn vị thực hiện", "enum", enum="don_vi_mo_hinh", required=True, default="ubnd"),
        F("dia_ban", "Địa bàn"),
        F("loai", "Loại", "enum", enum="loai_mo_hinh", required=True, default="mo_hinh"),
        F("nam_dang_ky", "Năm đăng ký", "int", required=True, min=1990),
        F("mo_ta", "Mô tả", "longtext"),
        F("hieu_qua", "Hiệu quả", "longtext"),
        F("ghi_chu", "Ghi chú", "longtext"),
    ),
    children=(
        Child(
            "nam",
            "mo_hinh_nam",
            "mo_hinh_id",
            "Trạng thái theo năm",
            (
                F("nam", "Năm", "int", required=True, min=1990),
                F("trang_thai", "Trạng thái", "enum", enum="trang_thai_mo_hinh", required=True),
                F("cong_nhan", "Được công nhận (cơ quan, năm)"),
                F("tieu_bieu", "Tiêu biểu", "bool", default=0),
            ),
        ),
    ),
    search_fields=("ten", "dia_ban", "mo_ta", "hieu_qua", "ghi_chu"),
)

VAN_BAN = Kind(
    key="van_ban",
    table="van_ban",
    label="văn bản",
    title="Văn bản",
    date_field="ngay_ban_hanh",
    fields=(
        F("cap", "Cấp văn bản", "enum", enum="cap_van_ban", required=True, default="chi_dao"),
        F("so_ky_hieu", "Số, ký hiệu", required=True),
        F("loai", "Loại văn bản", "enum", enum="loai_van_ban", required=True, default="ke_hoach"),
        F("ngay_ban_hanh", "Ngày ban hành", "date", required=True, no_future=True),
        F("co_quan_ban_hanh", "Cơ quan ban hành"),
        F("trich_yeu", "Trích yếu", "longtext", required=True),
        F("phoi_hop", "Phối hợp với"),
        F("con_hieu_luc", "Còn hiệu lực, tiếp tục triển khai (chương trình, quy chế)", "bool", default=0),
        F("ghi_chu", "Ghi chú", "longtext"),
    ),
    search_fields=("so_ky_hieu", "trich_yeu", "co_quan_ban_hanh", "phoi_hop", "ghi_chu"),
)

HOAT_DONG = Kind(
    key="hoat_dong",
    table="hoat_dong",
    label="hoạt động",
    title="Hoạt động tuyên truyền, tập huấn, kiểm tra",
    date_field="ngay",
    fields=(
        F("ngay", "Ngày", "date", required=True, no_future=True),
        F("loai", "Loại hoạt động", "enum", enum="loai_hoat_dong", required=True, default="tuyen_truyen"),
        F("chu_de", "Chủ đề", required=True),
        F("so_cuoc", "Số cuộc", "int", required=True, min=1, default=1),
        F("so_nguoi", "Số lượt người", "int", min=0, default=0),
        F("ghi_chu", "Ghi chú", "longtext"),
    ),
    search_fields=("chu_de", "ghi_chu"),
)

CHI_TIEU = Kind(
    key="chi_tieu",
    table="chi_tieu",
    label="số liệu theo kỳ",  # measured figures of a period, not targets (issue 15)
    title="Số liệu theo kỳ",
    date_field="tu_ngay",
    fields=(
        F("tu_ngay", "Từ ngày", "date", required=True),
        F("den_ngay", "Đến ngày", "date", required=True),
        F("ma", "Chỉ tiêu", "enum", enum="chi_tieu", required=True),
        F("gia_tri", "Giá trị", "float", required=True, min=0),
        F("ghi_chu", "Ghi chú", "longtext"),
    ),
)

# --------------------------------------------- profile and catalogue kinds
THON = Kind(
    key="thon", table="thon", label="thôn, tổ dân phố", title="Thôn, tổ dân phố", date_field=None,
    fields=(
        F("ten", "Tên", required=True),
        F("loai", "Loại", "enum", enum="loai_thon", required=True, default="thon"),
        F("thu_tu", "Thứ tự", "int", min=0, default=0),
        F("an", "Ẩn", "bool", default=0),
    ),
)
LANH_DAO = Kind(
    key="lanh_dao", table="lanh_dao", label="lãnh đạo", title="Lãnh đạo UBND", date_field=None,
    fields=(
        F("ho_ten", "Họ tên", required=True),
        F("chuc_vu", "Chức vụ", "enum", enum="chuc_vu", required=True),
        F("dang_cong_tac", "Đang công tác", "bool", default=1),
        F("thu_tu", "Thứ tự", "int", min=0, default=0),
    ),
)
NOI_NHAN = Kind(
    key="noi_nhan", table="noi_nhan", label="nơi nhận", title="Nơi nhận báo cáo", date_field=None,
    fields=(
        F("ten", "Nơi nhận", required=True),
        F("thu_tu", "Thứ tự", "int", min=0, default=0),
        F("mac_dinh", "Mặc định", "bool", default=1),
    ),
)
TO_HOA_GIAI = Kind(
    key="to_hoa_giai", table="to_hoa_giai", label="tổ hòa giải", title="Tổ hòa giải", date_field=None,
    fields=(
        F("ten", "Tên tổ", required=True),
        F("thon_id", "Thôn, tổ dân phố", "ref", ref="thon"),
        F("an", "Ẩn", "bool", default=0),
        F("ghi_chu", "Ghi chú", "longtext"),
    ),
)
HOA_GIAI_VIEN = Kind(
    key="hoa_giai_vien", table="hoa_giai_vien", label="hòa giải viên", title="Hòa giải viên",
    date_field=None, has_unit=False,
    fields=(
        F("to_hoa_giai_id", "Tổ hòa giải", "ref", ref="to_hoa_giai", required=True),
        F("ho_ten", "Họ tên", required=True),
        F("vai_tro", "Vai trò", "enum", enum="vai_tro_hgv", required=True, default="thanh_vien"),
        F("dien_thoai", "Điện thoại"),
        F("an", "Ẩn", "bool", default=0),
    ),
)
VU_VIEC = Kind(
    key="vu_viec", table="vu_viec", label="vụ việc", title="Vụ việc", date_field=None,
    search_fields=("tieu_de", "ghi_chu"),
    fields=(
        F("tieu_de", "Vụ việc", required=True),
        F("linh_vuc", "Lĩnh vực", "enum", enum="linh_vuc"),
        F("ghi_chu", "Ghi chú", "longtext"),
    ),
)
UNIT = Kind(
    key="unit", table="unit", label="đơn vị", title="Đơn vị", date_field=None, has_unit=False,
    fields=(
        F("ten", "Tên đơn vị (không kèm loại)", required=True),
        F("loai", "Loại", "enum", enum="loai_don_vi", required=True, default="xa"),
        F("ma", "Mã đơn vị"),
        F("tinh", "Tỉnh, thành phố"),
        F("is_current", "Đơn vị hiện tại", "bool", default=0),
        F("merged_into_id", "Sáp nhập vào", "ref", ref="unit"),
        F("ngay_sap_nhap", "Ngày sáp nhập", "date"),
        F("nghi_quyet_sap_nhap", "Nghị quyết sắp xếp, sáp nhập (số, ngày, cơ quan ban hành)", "longtext"),
        F("co_quan_chu_quan", "Cơ quan chủ quản (dòng trên tên cơ quan)"),
        F("dia_danh", "Địa danh ghi trên văn bản"),
        F("kinh_gui", "Kính gửi (mặc định)"),
        F("dien_tich_ha", "Diện tích (ha)", "float", min=0),
        F("dan_so", "Dân số (người)", "int", min=0),
        F("so_ho", "Số hộ", "int", min=0),
        F("dan_toc_ton_giao", "Dân tộc, tôn giáo", "longtext"),
        F("vung_kho_khan", "Vùng có điều kiện kinh tế - xã hội đặc biệt khó khăn", "bool", default=0),
        F("ghi_chu", "Ghi chú", "longtext"),
    ),
)

KINDS: dict[str, Kind] = {
    k.key: k
    for k in (
        DON_THU, TIEP_CONG_DAN, DOI_THOAI, HOA_GIAI, MO_HINH, VAN_BAN, HOAT_DONG, CHI_TIEU,
        THON, LANH_DAO, NOI_NHAN, TO_HOA_GIAI, HOA_GIAI_VIEN, VU_VIEC, UNIT,
    )
}

# The record kinds a clerk enters through the year (list pages, Excel import).
RECORD_KINDS = ("don_thu", "tiep_cong_dan", "doi_thoai", "hoa_giai", "mo_hinh", "van_ban", "hoat_dong", "chi_tieu")

# A fixed two-value enumeration that is not editable (stored in code only).
FIXED_ENUMS = {
    "cap_van_ban": [("chi_dao", "Văn bản chỉ đạo của UBND xã"), ("cap_tren", "Văn bản cấp trên")],
}


def kind(key: str) -> Kind:
    try:
        return KINDS[key]
    except KeyError:
        raise KeyError(f"Không có loại hồ sơ '{key}'.") from None
