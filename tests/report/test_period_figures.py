"""Period figures (chỉ tiêu theo kỳ) over report periods they do not fit
(issue 12, B): a figure counts only for the part of the period it covers,
every unit in scope is summed, the sentence says the span, the missing parts
are listed — and the models of part of a year."""
import datetime as dt

from core.report.document import Para
from core.report.periods import Period
from core.report.prose import BUILDERS, ProseContext
from core.report.stats import compute

D = dt.date
TODAY = D(2026, 1, 15)
CCHC = ("tthc_tiep_nhan", "tthc_dung_han", "tthc_tre_han", "dvc_mot_phan_tong", "dvc_mot_phan_truc_tuyen",
        "khao_sat_phieu", "khao_sat_hai_long", "lay_y_kien")


def texts(key, stats) -> list[str]:
    return [b.text for b in BUILDERS[key](stats, ProseContext.for_stats(stats)) if isinstance(b, Para)]


def entry(store, tu, den, unit=None, scale=1, codes=CCHC):
    vals = {"tthc_tiep_nhan": 1000, "tthc_dung_han": 990, "tthc_tre_han": 10, "dvc_mot_phan_tong": 200,
            "dvc_mot_phan_truc_tuyen": 150, "khao_sat_phieu": 100, "khao_sat_hai_long": 99, "lay_y_kien": 2}
    for ma in codes:
        data = {"tu_ngay": tu, "den_ngay": den, "ma": ma, "gia_tri": vals[ma] * scale}
        if unit:
            data["unit_id"] = unit
        store.create("chi_tieu", data)


def merged(store):
    """The current commune (formed 01/07/2025) and two predecessors."""
    cur = store.current_unit_id()
    a = store.create("unit", {"ten": "Hòa Bình", "merged_into_id": cur, "ngay_sap_nhap": "2025-07-01"})
    b = store.create("unit", {"ten": "Hòa Lộc", "merged_into_id": cur, "ngay_sap_nhap": "2025-07-01"})
    return cur, a, b


def test_nine_months_with_one_predecessors_half_year_only(store):
    """The demo's case: a 9-month report never states the 01/01–30/06 entry of
    one predecessor as the commune's 9 months."""
    cur, a, _ = merged(store)
    entry(store, "2025-01-01", "2025-06-30", unit=a)
    entry(store, "2025-07-01", "2025-12-31", unit=cur, scale=2)  # ends after 30/09: cannot be counted
    st = compute(store, Period.months9(2025), today=TODAY)
    assert st.figures.get("tthc_tiep_nhan") == 1000
    t = texts("cai_cach_hanh_chinh", st)
    assert t[0].startswith("Theo số liệu 06 tháng đầu năm 2025 (chưa gồm số liệu của xã Hòa Lộc (cũ)), Bộ phận "
                           "Một cửa xã tiếp nhận 1.000 hồ sơ")
    assert not any(x.startswith("Trong 09 tháng") for x in t)
    missing = [m.message for m in st.period_figures.missing]
    assert missing == [
        "Số liệu theo kỳ: chưa có số liệu của xã Hòa Lộc (cũ) từ ngày 01/01/2025 đến ngày 30/06/2025.",
        "Số liệu theo kỳ: chưa có số liệu của xã Nghĩa Phương từ ngày 01/07/2025 đến ngày 30/09/2025 (số liệu "
        "đã nhập từ ngày 01/07/2025 đến ngày 31/12/2025 không khớp kỳ báo cáo nên không được tính).",
    ]
    assert texts("dan_chu_co_so", st)[0].startswith("Theo số liệu 06 tháng đầu năm 2025 (chưa gồm số liệu của xã "
                                                    "Hòa Lộc (cũ)), UBND xã tổ chức 02 cuộc lấy ý kiến")


def test_year_sums_every_unit_in_scope(store):
    cur, a, b = merged(store)
    entry(store, "2025-01-01", "2025-06-30", unit=a)
    entry(store, "2025-01-01", "2025-06-30", unit=b, scale=2)
    entry(store, "2025-07-01", "2025-12-31", unit=cur, scale=3)
    st = compute(store, Period.year(2025), today=TODAY)
    assert st.figures.get("tthc_tiep_nhan") == 6000
    assert st.period_figures.missing == () and all(s.exact for s in st.period_figures.spans)
    assert texts("cai_cach_hanh_chinh", st)[0].startswith("Trong năm 2025, Bộ phận Một cửa xã tiếp nhận 6.000 hồ sơ")
    # one predecessor alone is said so
    st1 = compute(store, Period.year(2025), unit_id=a, include_predecessors=False, today=TODAY)
    assert st1.figures.get("tthc_tiep_nhan") == 1000


def test_a_successors_entry_is_not_added_to_its_predecessors(store):
    cur, a, _ = merged(store)
    entry(store, "2025-01-01", "2025-12-31", unit=cur, scale=5)  # the whole commune, typed after the merger
    entry(store, "2025-01-01", "2025-06-30", unit=a)
    st = compute(store, Period.year(2025), today=TODAY)
    assert st.figures.get("tthc_tiep_nhan") == 5000
    assert st.period_figures.missing == ()


def test_a_year_and_its_halves_are_not_counted_twice(store):
    entry(store, "2025-01-01", "2025-12-31", scale=3)
    entry(store, "2025-01-01", "2025-06-30")
    entry(store, "2025-07-01", "2025-12-31")
    assert compute(store, Period.year(2025), today=TODAY).figures.get("tthc_tiep_nhan") == 3000
    # the half-year report takes the half, never the year
    assert compute(store, Period.half(2025, 1), today=TODAY).figures.get("tthc_tiep_nhan") == 1000


def test_inspectorate_half_year_uses_the_calendar_half_with_its_span(store):
    entry(store, "2024-07-01", "2024-12-31", scale=7)  # 17 days inside 15/12–14/06: not this period's
    entry(store, "2025-01-01", "2025-06-30")
    st = compute(store, Period.half(2025, 1, "thanh_tra"), today=TODAY)
    assert st.figures.get("tthc_tiep_nhan") == 1000
    t = texts("cai_cach_hanh_chinh", st)
    assert t[0].startswith("Theo số liệu 06 tháng đầu năm 2025 (từ ngày 01/01/2025 đến ngày 30/06/2025), Bộ phận "
                           "Một cửa xã tiếp nhận 1.000 hồ sơ")
    assert not any("Chưa nhập số liệu" in x for x in t)
    assert st.period_figures.missing == ()  # the cut-off's 15/12–31/12 is the calendar shift, not a gap


def test_quarters_cover_part_of_the_year(store):
    for tu, den in (("2025-01-01", "2025-03-31"), ("2025-04-01", "2025-06-30"), ("2025-10-01", "2025-12-31")):
        entry(store, tu, den, codes=("tthc_tiep_nhan",))
    st = compute(store, Period.year(2025), today=TODAY)
    assert st.figures.get("tthc_tiep_nhan") == 3000
    assert texts("cai_cach_hanh_chinh", st)[0] == (
        "Trong năm 2025 (chưa gồm số liệu quý III năm 2025), Bộ phận Một cửa xã tiếp nhận 3.000 hồ sơ thủ tục "
        "hành chính.")
    assert [m.message for m in st.period_figures.missing] == [
        "Số liệu theo kỳ: chưa có số liệu từ ngày 01/07/2025 đến ngày 30/09/2025."]
    entry(store, "2025-07-01", "2025-09-30", codes=("tthc_tiep_nhan",))
    st = compute(store, Period.months9(2025), today=TODAY)
    assert texts("cai_cach_hanh_chinh", st)[0].startswith("Trong 09 tháng năm 2025, Bộ phận Một cửa xã tiếp nhận "
                                                          "3.000 hồ sơ")


def test_nothing_entered_is_missing_for_the_whole_period(store):
    st = compute(store, Period.half(2025, 1), today=TODAY)
    assert [str(m) for m in st.period_figures.missing] == [
        "Số liệu theo kỳ: chưa có số liệu từ ngày 01/01/2025 đến ngày 30/06/2025."]


def _models(store):
    for ten, rows in (("Hũ gạo", [(2024, "dang_ky_moi", 0), (2025, "duy_tri", 1)]),
                      ("Mâm cơm tri ân", [(2024, "dang_ky_moi", 0), (2025, "dung", 0)]),
                      ("Camera an ninh", [(2025, "dang_ky_moi", 0)])):
        store.create("mo_hinh", {"ten": ten, "linh_vuc": "kinh_te", "don_vi": "phu_nu", "nam_dang_ky": rows[0][0],
                                 "nam": [{"nam": y, "trang_thai": s, "tieu_bieu": tb} for y, s, tb in rows]})


def test_models_of_part_of_a_year_state_the_registered_statuses(store):
    _models(store)
    half = compute(store, Period.half(2025, 1, "thanh_tra"), today=TODAY)
    assert half.models.part_of_year and half.models.total == 2 and half.models.recognised == 0
    t = texts("dan_van_kheo", half)
    assert t[0] == ("Trong 06 tháng đầu năm 2025, toàn xã thực hiện 02 mô hình “Dân vận khéo” đã đăng ký năm 2025: "
                    "đăng ký mới 01 mô hình, duy trì 01 mô hình.")
    assert not any("dừng" in x or "công nhận" in x for x in t)
    year = compute(store, Period.year(2025), today=TODAY)
    t = texts("dan_van_kheo", year)
    assert t[0] == ("Năm 2025, toàn xã có 02 mô hình “Dân vận khéo” đang thực hiện: đăng ký mới 01 mô hình, duy trì "
                    "01 mô hình; 01 mô hình dừng thực hiện.")
    assert "Mô hình dừng: 01 mô hình:" in t and t[-1].startswith("Trong năm 2025, có 01 mô hình được công nhận")


def test_a_stopped_model_is_listed_only_under_its_heading_in_a_review(store):
    _models(store)
    st = compute(store, Period.years(2024, 2025), today=TODAY)
    t = texts("dan_van_kheo", st)
    assert t[0].endswith("; trong đó 01 mô hình đã dừng thực hiện.")
    i = t.index("Mô hình đã dừng thực hiện: 01 mô hình:")
    assert "Mâm cơm tri ân" in t[i + 1] and not any("Mâm cơm tri ân" in x for x in t[:i])
