"""Prose builders: zero / one / many, comparisons, percentages, register."""
import datetime as dt
import re

import pytest

from core.report import wording
from core.report.document import Para, Table
from core.report.periods import Period
from core.report.prose import BUILDER_TITLES, BUILDERS, ProseContext, build, n
from core.report.stats import compute

D = dt.date
TODAY = D(2025, 12, 31)
ZERO = re.compile(r"(?<![\d.,/])0{1,2} (đơn|lượt|người|vụ|mô hình|cuộc|ý kiến|hồ sơ|phiếu|văn bản)\b")


def texts(blocks):
    return [b.text for b in blocks if isinstance(b, Para)]


def all_text(stats, **kw):
    ctx = ProseContext.for_stats(stats, **kw)
    return {k: texts(fn(stats, ctx)) for k, fn in BUILDERS.items()}


def assert_register(out: dict):
    for key, paras in out.items():
        for t in paras:
            assert not ZERO.search(t), (key, t)
            assert "  " not in t and " ," not in t and ",," not in t and ";;" not in t, (key, t)
            assert t[:1] == t[:1].upper(), (key, t)
            assert t.endswith((".", ";", ":")) or (t.startswith("[") and t.endswith("]")), (key, t)


def test_builders_registered():
    for key in ("dac_diem", "van_ban_chi_dao", "tuyen_truyen", "cai_cach_hanh_chinh", "dan_chu_co_so",
                "tiep_cong_dan", "don_thu", "hoa_giai", "dan_van_kheo"):
        assert key in BUILDERS and BUILDER_TITLES[key]
    assert set(BUILDER_TITLES) == set(BUILDERS)


def test_padding_and_numbers():
    assert [n(0), n(1), n(9), n(10), n(1807)] == ["00", "01", "09", "10", "1.807"]


def test_empty_store_says_nothing_happened(store):
    stats = compute(store, Period.half(2025, 1), today=TODAY)
    out = all_text(stats)
    assert_register(out)
    assert out["tiep_cong_dan"] == [
        "Trong 06 tháng đầu năm 2025, không có công dân đến trụ sở UBND xã kiến nghị, phản ánh, khiếu nại, tố cáo.",
        "Trong 06 tháng đầu năm 2025, UBND xã không tổ chức cuộc đối thoại trực tiếp với Nhân dân."]
    assert out["don_thu"] == ["Trong 06 tháng đầu năm 2025, UBND xã không tiếp nhận đơn khiếu nại, tố cáo, kiến "
                              "nghị, phản ánh nào."]
    assert out["hoa_giai"] == ["Trong 06 tháng đầu năm 2025, các tổ hòa giải ở cơ sở không tiếp nhận vụ việc nào."]
    assert out["dan_van_kheo"] == ["Trong 06 tháng đầu năm 2025, chưa ghi nhận mô hình “Dân vận khéo” nào."]
    assert out["van_ban_chi_dao"] == ["Trong 06 tháng đầu năm 2025, UBND xã không ban hành văn bản chỉ đạo riêng về "
                                      "công tác dân vận chính quyền."]
    assert out["dan_chu_co_so"] == []


def _pet(store, day, loai="kien_nghi", **kw):
    data = {"ngay_nhan": day, "ho_ten": "Nguyễn Thị H", "loai": loai, "linh_vuc": kw.pop("linh_vuc", "dat_dai"),
            "noi_dung": "Nội dung"}
    data.update(kw)
    return store.create("don_thu", data)


def _thu_ly(day, **kw):
    return {"du_dieu_kien": 1, "huong_xu_ly": "thu_ly", "ngay_xu_ly": day, "ngay_thu_ly": day, **kw}


def test_petitions_one_of_each_and_comparison(store):
    done = {"du_dieu_kien": 1, "huong_xu_ly": "luu", "ngay_xu_ly": "2024-04-01"}
    _pet(store, "2024-03-01", **done)
    _pet(store, "2024-03-02", **done)
    _pet(store, "2024-03-03", **done)
    _pet(store, "2025-02-01", "khieu_nai", **_thu_ly("2025-02-03", ngay_giai_quyet="2025-02-20", ket_qua="dung"))
    _pet(store, "2025-02-02", "kien_nghi", **_thu_ly("2025-02-03"))
    _pet(store, "2025-02-03", "kien_nghi", nac_danh=1, ho_ten=None, du_dieu_kien=0, ly_do_khong_du="nac_danh")
    _pet(store, "2025-02-04", du_dieu_kien=1, huong_xu_ly="chuyen", ngay_xu_ly="2025-02-05", co_quan_nhan="UBND tỉnh")
    stats = compute(store, Period.half(2025, 1), today=TODAY)
    t = texts(BUILDERS["don_thu"](stats, ProseContext.for_stats(stats)))
    assert t == [
        "Trong 06 tháng đầu năm 2025, UBND xã tiếp nhận 04 đơn (tăng 01 đơn so với cùng kỳ năm 2024), trong đó "
        "03 đơn đủ điều kiện xử lý (chiếm 75,00%) và 01 đơn không đủ điều kiện xử lý đã lưu (nặc danh, mạo danh 01 đơn).",
        "Theo nội dung: khiếu nại 01 đơn, đất đai 03 đơn. Trong kỳ không phát sinh đơn tố cáo. "
        "Không có vụ việc đông người, phức tạp.",
        "Trong số đơn đủ điều kiện: thụ lý giải quyết 02 đơn thuộc thẩm quyền (01 đơn khiếu nại, 01 đơn kiến nghị, "
        "phản ánh); chuyển 01 đơn đến cơ quan có thẩm quyền.",
        "Đã giải quyết 01/02 đơn thuộc thẩm quyền, đạt 50,00%; 01 đơn quá hạn giải quyết.",
        "Kết quả giải quyết khiếu nại, tố cáo: đúng 01 đơn.",
    ]
    # same count as the previous period; an open petition of 2024 is carried over
    _pet(store, "2024-03-04")
    stats = compute(store, Period.half(2025, 1), today=TODAY)
    # issue 12: the carried-over petitions say which of the forms' two quantities they are
    assert "04 đơn (kỳ trước chuyển sang 01 đơn chưa xử lý; bằng cùng kỳ năm 2024), trong đó" in texts(
        BUILDERS["don_thu"](stats, ProseContext.for_stats(stats)))[0]
    # a decrease, named for a year report
    _pet(store, "2024-08-04")
    stats = compute(store, Period.year(2025), today=TODAY)
    assert "04 đơn (kỳ trước chuyển sang 02 đơn chưa xử lý; giảm 01 đơn so với năm 2024)" in texts(build("don_thu", stats))[0]
    assert_register(all_text(stats))


def test_only_denunciation_zero(store):
    _pet(store, "2025-03-01", "khieu_nai")
    stats = compute(store, Period.year(2025), today=TODAY)
    t = texts(build("don_thu", stats))
    assert "Trong kỳ không phát sinh đơn tố cáo." in t[1]
    assert "khiếu nại, tố cáo" not in t[1]


def test_reception_many_with_crowd_and_fields(store):
    case = store.create("vu_viec", {"tieu_de": "Ranh giới đất"})
    base = {"ho_ten": "Bùi Văn K", "noi_dung": "Đất", "linh_vuc": "dat_dai"}
    for i in range(12):
        store.create("tiep_cong_dan", {**base, "ngay_tiep": f"2025-03-{i + 1:02d}", "so_nguoi": 1})
    store.create("tiep_cong_dan", {**base, "ngay_tiep": "2025-04-01", "so_nguoi": 7, "so_dai_dien": 2,
                                   "hinh_thuc": "dinh_ky", "nguoi_tiep": "chu_tich", "vu_viec_id": case})
    store.create("tiep_cong_dan", {**base, "ngay_tiep": "2025-04-08", "so_nguoi": 1, "hinh_thuc": "dinh_ky",
                                   "nguoi_tiep": "chu_tich", "vu_viec_id": case, "lan_dau": 0})
    store.create("tiep_cong_dan", {**base, "ngay_tiep": "2025-05-02", "so_nguoi": 2, "hinh_thuc": "dot_xuat",
                                   "nguoi_tiep": "chu_tich", "linh_vuc": "chinh_sach"})
    stats = compute(store, Period.half(2025, 1, "thanh_tra"), today=TODAY)
    t = texts(build("tiep_cong_dan", stats))
    assert t[0] == ("Trong 06 tháng đầu năm 2025 (số liệu tính từ ngày 15/12/2024 đến ngày 14/06/2025), UBND xã tiếp "
                    "15 lượt/22 người/14 vụ việc; trong đó Chủ tịch UBND xã tiếp định kỳ 02 lượt/08 người (02 kỳ "
                    "tiếp), tiếp đột xuất 01 lượt/02 người; công chức tiếp thường xuyên 12 lượt/12 người; có 01 "
                    "đoàn đông người với 07 người.")
    assert t[1] == "Nội dung chủ yếu thuộc lĩnh vực đất đai (13 vụ việc), chế độ, chính sách (01 vụ việc)."


def test_mediation_sentences(store):
    t1 = store.create("to_hoa_giai", {"ten": "Tổ hòa giải thôn An Bàn"})
    store.create("hoa_giai_vien", {"to_hoa_giai_id": t1, "ho_ten": "Ông A", "vai_tro": "to_truong"})
    mk = {"ben_a": "A", "noi_dung": "Lối đi", "to_hoa_giai_id": t1, "linh_vuc": "lang_gieng"}
    for i in range(42):
        store.create("hoa_giai", {**mk, "ngay_nhan": "2025-02-01", "ket_qua": "thanh", "ngay_ket_thuc": "2025-02-15"})
    for i in range(11):
        store.create("hoa_giai", {**mk, "ngay_nhan": "2025-02-01", "ket_qua": "khong_thanh",
                                  "ngay_ket_thuc": "2025-02-20", "linh_vuc": "dan_su"})
    store.create("hoa_giai", {**mk, "ngay_nhan": "2025-06-01"})
    stats = compute(store, Period.half(2025, 1), today=TODAY)
    t = texts(build("hoa_giai", stats))
    assert t[0] == "Toàn xã có 01 tổ hòa giải với 01 hòa giải viên."
    assert t[1] == ("Trong 06 tháng đầu năm 2025, các tổ hòa giải ở cơ sở tiếp nhận mới 54 vụ việc, tổ chức hòa "
                    "giải 53 vụ việc, trong đó hòa giải thành 42/53 vụ việc, đạt 79,25%, không thành 11 vụ việc; "
                    "còn 01 vụ việc đang hòa giải.")
    assert t[2] == "Các vụ việc chủ yếu thuộc lĩnh vực mâu thuẫn trong sinh hoạt, láng giềng (43 vụ việc), dân sự " \
                   "(11 vụ việc)."
    stats1 = compute(store, Period.half(2025, 1), today=TODAY)
    assert "đạt 79,2%" in texts(build("hoa_giai", stats1, ProseContext.for_stats(stats1, decimals=1)))[1]


def test_multi_year_adds_tables_and_zero_years(store):
    store.create("tiep_cong_dan", {"ngay_tiep": "2023-05-05", "ho_ten": "A", "noi_dung": "x"})
    stats = compute(store, Period.years(2021, 2025), today=TODAY)
    blocks = build("tiep_cong_dan", stats)
    tables = [b for b in blocks if isinstance(b, Table)]
    assert len(tables) == 1 and tables[0].widths_cm and len(tables[0].widths_cm) == 6
    assert [c.text for c in tables[0].rows[2]] == ["2023", "1", "1", "1", "0", "0"]
    for key in ("don_thu", "hoa_giai"):
        assert any(isinstance(b, Table) for b in build(key, stats)), key
    assert_register(all_text(stats))


def test_directive_document_lines(store):
    store.create("van_ban", {"so_ky_hieu": "09/KH-UBND", "ngay_ban_hanh": "2025-02-10",
                             "trich_yeu": "Về triển khai công tác dân vận chính quyền năm 2025.",
                             "phoi_hop": "Khối vận Đảng ủy xã"})
    store.create("van_ban", {"so_ky_hieu": "12/QĐ-UBND", "loai": "quyet_dinh", "ngay_ban_hanh": "2025-03-01",
                             "trich_yeu": "kiện toàn Tổ tiếp công dân"})
    stats = compute(store, Period.half(2025, 1), today=TODAY)
    t = texts(build("van_ban_chi_dao", stats))
    assert t[1:] == [
        "Kế hoạch số 09/KH-UBND ngày 10/02/2025 về triển khai công tác dân vận chính quyền năm 2025 "
        "(phối hợp với Khối vận Đảng ủy xã);",
        "Quyết định số 12/QĐ-UBND ngày 01/03/2025 về kiện toàn Tổ tiếp công dân."]
    assert t[0].endswith("đã ban hành 02 văn bản chỉ đạo, điều hành thực hiện công tác dân vận chính quyền, cụ thể:")


def test_period_figures_partial(store):
    store.create("chi_tieu", {"tu_ngay": "2025-01-01", "den_ngay": "2025-06-30", "ma": "tthc_tiep_nhan", "gia_tri": 1234})
    store.create("chi_tieu", {"tu_ngay": "2025-01-01", "den_ngay": "2025-06-30", "ma": "tthc_dung_han", "gia_tri": 1200})
    store.create("chi_tieu", {"tu_ngay": "2025-01-01", "den_ngay": "2025-06-30", "ma": "tthc_tre_han", "gia_tri": 10})
    store.create("chi_tieu", {"tu_ngay": "2025-01-01", "den_ngay": "2025-06-30", "ma": "dvc_mot_phan_tong",
                              "gia_tri": 100})
    store.create("chi_tieu", {"tu_ngay": "2025-01-01", "den_ngay": "2025-06-30", "ma": "dvc_mot_phan_truc_tuyen",
                              "gia_tri": 95})
    store.create("chi_tieu", {"tu_ngay": "2025-01-01", "den_ngay": "2025-06-30", "ma": "huong_uoc", "gia_tri": 5})
    stats = compute(store, Period.half(2025, 1), today=TODAY)
    assert texts(build("cai_cach_hanh_chinh", stats)) == [
        "Trong 06 tháng đầu năm 2025, Bộ phận Một cửa xã tiếp nhận 1.234 hồ sơ thủ tục hành chính, giải quyết "
        "đúng hạn 1.200/1.210 hồ sơ, đạt 99,17%, trễ hạn 10 hồ sơ.",
        "Kết quả cung cấp dịch vụ công trực tuyến:",
        "Một phần: 95/100 hồ sơ, đạt 95,00%.",  # issue 12: every rate with the report's decimals
    ]
    assert texts(build("dan_chu_co_so", stats)) == ["Trong 06 tháng đầu năm 2025, 05 hương ước, quy ước được công "
                                                    "nhận."]


def test_profile_variants(store):
    stats = compute(store, Period.year(2025), today=TODAY)
    assert texts(build("dac_diem", stats)) == [wording.PROFILE_NONE.format(unit="xã Nghĩa Phương")]
    uid = store.current_unit_id()
    store.update("unit", uid, {"dien_tich_ha": 1520.75, "dan_so": 10122})
    store.create("unit", {"ten": "Nghĩa Mỹ", "merged_into_id": uid})
    stats = compute(store, Period.year(2025), today=TODAY)
    assert texts(build("dac_diem", stats)) == [
        "Xã Nghĩa Phương có diện tích tự nhiên 1.520,75 ha, 10.122 nhân khẩu.",
        "Xã Nghĩa Phương được thành lập trên cơ sở sắp xếp, hợp nhất xã Nghĩa Mỹ."]


@pytest.mark.parametrize("key", sorted(BUILDERS))
def test_custom_period_intro(store, key):
    store.create("tiep_cong_dan", {"ngay_tiep": "2025-03-05", "ho_ten": "A", "noi_dung": "x"})
    stats = compute(store, Period.custom("01/01/2025", "15/05/2025"), today=TODAY)
    out = {key: texts(build(key, stats))}
    assert_register(out)
    for t in out[key]:
        assert "Trong từ ngày" not in t


def test_long_content_list_is_grouped(store):
    fields = ["dat_dai", "boi_thuong", "do_thi", "moi_truong", "chinh_sach", "tu_phap", "tham_nhung", "khac"]
    for i, lv in enumerate(fields):
        for _ in range(len(fields) - i):
            _pet(store, "2025-03-01", linh_vuc=lv)
    _pet(store, "2025-03-02", "to_cao")
    _pet(store, "2025-03-02", "khieu_nai")
    stats = compute(store, Period.year(2025), today=TODAY)
    assert texts(build("don_thu", stats))[1].startswith(
        "Theo nội dung: khiếu nại 01 đơn, tố cáo 01 đơn, đất đai 08 đơn, bồi thường, hỗ trợ, tái định cư 07 đơn, "
        "quản lý đô thị, trật tự xây dựng 06 đơn, môi trường 05 đơn, chế độ, chính sách 04 đơn, nội dung khác 06 đơn.")


def test_model_places(store):
    for ten, place, dv in (("Hũ gạo", "Thôn An Bình", "mttq"), ("Camera", "Toàn xã", "mttq"),
                           ("Đèn đường", None, "mttq"), ("Tuyến đường hoa", "Thôn Phước Thọ", "thon")):
        store.create("mo_hinh", {"ten": ten, "linh_vuc": "kinh_te", "don_vi": dv, "dia_ban": place,
                                 "nam_dang_ky": 2025, "nam": [{"nam": 2025, "trang_thai": "dang_ky_moi"}]})
    stats = compute(store, Period.year(2025), today=TODAY)
    assert texts(build("dan_van_kheo", stats))[2] == (
        "Lĩnh vực kinh tế: mô hình “Camera” của Ủy ban MTTQ; mô hình “Đèn đường” của Ủy ban MTTQ; "
        "mô hình “Hũ gạo” tại thôn An Bình của Ủy ban MTTQ; mô hình “Tuyến đường hoa” của thôn Phước Thọ.")
