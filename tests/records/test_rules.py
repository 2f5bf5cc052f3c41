"""The record editor's rules, without Qt: which fields apply given the other
values, which choices a list offers, the status line with its deadline,
defaults, and what a picked link fills in (core.records.rules)."""
import datetime as dt

import pytest

from core.records import rules
from core.records.deadlines import Calendar, Deadlines, PetitionState, effective_rules
from core.records.enums import KET_QUA_KN_PA, KET_QUA_KN_TC
from core.records.rules import FieldState

D = dt.date
DEADLINES = Deadlines(effective_rules(None), Calendar())


def active(kind_key, values, **kw):
    """The names of the governed fields that apply."""
    return {n for n, st in rules.field_states(kind_key, values, **kw).items() if st.active}


def test_numbers_as_typed():
    assert rules.to_int("1.200") == 1200
    assert rules.to_int(" 5 ") == 5
    assert rules.to_int(7) == 7
    assert rules.to_int("") is None and rules.to_int(None) is None and rules.to_int("ba") is None


# ------------------------------------------------------------- petitions
@pytest.mark.parametrize("nguon, detail, visit", [
    ("truc_tiep", False, False), ("buu_chinh", False, False), ("co_quan_chuyen", True, False),
    ("duong_day_nong", True, False), ("khac", True, False), ("tiep_cong_dan", False, True), (None, False, False),
])
def test_petition_source_detail_and_visit_link_follow_the_source(nguon, detail, visit):
    st = rules.field_states("don_thu", {"nguon": nguon})
    assert st["nguon_chi_tiet"].active is detail
    assert st["tiep_cong_dan_id"].active is visit


@pytest.mark.parametrize("lan, linked", [(None, False), ("", False), ("1", False), ("2", True), (3, True),
                                         ("x", False)])
def test_earlier_petition_link_only_from_the_second_sending(lan, linked):
    assert rules.field_states("don_thu", {"lan": lan})["don_truoc_id"].active is linked


def test_not_eligible_asks_the_reason_and_restricts_the_handling():
    undecided = rules.field_states("don_thu", {"du_dieu_kien": None})
    assert not undecided["ly_do_khong_du"].active and not undecided["don_goc_id"].active
    assert undecided["huong_xu_ly"] == FieldState(True, None)
    eligible = rules.field_states("don_thu", {"du_dieu_kien": 1, "ly_do_khong_du": "trung_lap"})
    assert not eligible["ly_do_khong_du"].active and not eligible["don_goc_id"].active
    assert eligible["huong_xu_ly"].options is None
    not_eligible = rules.field_states("don_thu", {"du_dieu_kien": 0})
    assert not_eligible["ly_do_khong_du"].active and not not_eligible["don_goc_id"].active
    assert not_eligible["huong_xu_ly"] == FieldState(True, ("luu", "huong_dan"))
    duplicate = rules.field_states("don_thu", {"du_dieu_kien": 0, "ly_do_khong_du": "trung_lap"})
    assert duplicate["don_goc_id"].active  # a duplicate names its original
    assert rules.handling_options(0) == rules.HUONG_NOT_ELIGIBLE
    assert rules.handling_options(1) is None and rules.handling_options(None) is None


@pytest.mark.parametrize("huong, receiver, document", [
    (None, False, False), ("luu", False, False), ("chuyen", True, True), ("don_doc", True, True),
    ("huong_dan", False, True), ("thu_ly", False, False),
])
def test_receiving_body_and_document_follow_the_handling(huong, receiver, document):
    st = rules.field_states("don_thu", {"huong_xu_ly": huong})
    assert st["co_quan_nhan"].active is receiver
    assert st["so_van_ban_chuyen"].active is document


def test_resolution_fields_only_when_taken_up_and_extension_only_for_a_denunciation():
    for huong in (None, "luu", "chuyen", "huong_dan", "don_doc"):
        st = rules.field_states("don_thu", {"huong_xu_ly": huong, "loai": "to_cao"})
        assert not any(st[n].active for n in rules.RESOLUTION_FIELDS), huong
        assert not st["gia_han"].active
    st = rules.field_states("don_thu", {"huong_xu_ly": "thu_ly", "loai": "to_cao"})
    assert all(st[n].active for n in rules.RESOLUTION_FIELDS)
    assert st["gia_han"].active
    for loai in ("khieu_nai", "kien_nghi", "phan_anh", None):
        assert not rules.field_states("don_thu", {"huong_xu_ly": "thu_ly", "loai": loai})["gia_han"].active
    assert set(rules.RESOLUTION_FIELDS) == {"ngay_thu_ly", "han_giai_quyet", "ly_do_dieu_chinh_han",
                                            "ngay_giai_quyet", "ket_qua", "so_van_ban_ket_qua"}


def test_outcomes_offered_by_kind_of_petition():
    assert rules.petition_outcomes("khieu_nai") == KET_QUA_KN_TC
    assert rules.petition_outcomes("to_cao") == KET_QUA_KN_TC
    assert rules.petition_outcomes("kien_nghi") == KET_QUA_KN_PA + ("rut_don",)
    assert rules.petition_outcomes("phan_anh") == KET_QUA_KN_PA + ("rut_don",)
    assert rules.petition_outcomes(None) is None and rules.petition_outcomes("") is None
    assert "sai" not in rules.petition_outcomes("phan_anh") and "da_tra_loi" not in rules.petition_outcomes("to_cao")
    st = rules.field_states("don_thu", {"loai": "to_cao", "huong_xu_ly": "thu_ly"})
    assert st["ket_qua"] == FieldState(True, KET_QUA_KN_TC)
    assert rules.field_states("don_thu", {"loai": "kien_nghi"})["ket_qua"] == FieldState(
        False, KET_QUA_KN_PA + ("rut_don",))


def test_sender_group_title_says_a_denouncer_is_secret():
    assert rules.sender_group_title("to_cao") == "Người tố cáo (thông tin được giữ bí mật)"
    assert rules.sender_group_title("khieu_nai") == "Người gửi"
    assert rules.sender_group_title(None) == "Người gửi"


def test_a_blank_petition_has_every_state():
    st = rules.field_states("don_thu", {})
    assert set(st) == {"nguon_chi_tiet", "tiep_cong_dan_id", "don_truoc_id", "ly_do_khong_du", "don_goc_id",
                       "huong_xu_ly", "co_quan_nhan", "so_van_ban_chuyen", "gia_han", *rules.RESOLUTION_FIELDS}
    assert active("don_thu", {}) == {"huong_xu_ly"}


# ------------------------------------------------- the other record kinds
@pytest.mark.parametrize("so_nguoi, reps", [(None, False), ("", False), ("1", False), ("4", False), ("5", True),
                                            (12, True), ("1.000", True)])
def test_group_visit_names_representatives(so_nguoi, reps):
    assert rules.field_states("tiep_cong_dan", {"so_nguoi": so_nguoi}) == {"so_dai_dien": FieldState(reps)}


@pytest.mark.parametrize("kq, guidance, ended", [(None, False, False), ("dang", False, False),
                                                  ("thanh", False, True), ("khong_thanh", True, True)])
def test_mediation_end_date_and_guidance_follow_the_outcome(kq, guidance, ended):
    st = rules.field_states("hoa_giai", {"ket_qua": kq})
    assert st["huong_dan"].active is guidance
    assert st["ngay_ket_thuc"].active is ended


def test_indicator_value_label_shows_the_unit():
    items = [{"code": "dan_so", "label": "Dân số", "extra": {"don_vi_tinh": "người"}},
             {"code": "ty_le", "label": "Tỷ lệ", "extra": None},
             {"code": "ho", "label": "Số hộ"}]
    units = rules.indicator_units(items)
    assert units == {"dan_so": "người", "ty_le": "", "ho": ""}
    assert rules.field_states("chi_tieu", {"ma": "dan_so"}, indicator_units=units) == {
        "gia_tri": FieldState(True, label="Giá trị (người)")}
    assert rules.field_states("chi_tieu", {"ma": "ty_le"}, indicator_units=units)["gia_tri"].label == "Giá trị"
    assert rules.field_states("chi_tieu", {"ma": None})["gia_tri"].label == "Giá trị"
    assert rules.value_label("ha") == "Giá trị (ha)" and rules.value_label("") == "Giá trị"


def test_kinds_without_dependent_fields():
    for k in ("doi_thoai", "mo_hinh", "van_ban", "hoat_dong", "thon", "vu_viec", "unit"):
        assert rules.field_states(k, {"ket_qua": "khong_thanh", "so_nguoi": 9}) == {}


def test_stored_preview_files_a_petition_not_fit_for_handling():
    assert rules.stored_preview("don_thu", {"du_dieu_kien": 0})["huong_xu_ly"] == "luu"
    assert rules.stored_preview("don_thu", {"du_dieu_kien": 0, "huong_xu_ly": "huong_dan"})["huong_xu_ly"] == "huong_dan"
    assert rules.stored_preview("don_thu", {"du_dieu_kien": 1}).get("huong_xu_ly") is None
    assert rules.stored_preview("don_thu", {}).get("huong_xu_ly") is None
    assert rules.stored_preview("tiep_cong_dan", {"du_dieu_kien": 0}) == {"du_dieu_kien": 0}
    values = {"du_dieu_kien": 0}
    rules.stored_preview("don_thu", values)
    assert values == {"du_dieu_kien": 0}  # the input is left alone


# ---------------------------------------------------------- status line
def test_petition_status_line():
    assert rules.petition_status(None) == ("", None)
    assert rules.petition_status(PetitionState("da_luu", None, None, None)) == (
        "Trạng thái: Xếp lưu (không xử lý)", None)
    assert rules.petition_status(PetitionState("da_chuyen", None, None, None)) == ("Trạng thái: Đã chuyển", None)
    start, due = D(2026, 3, 2), D(2026, 3, 16)
    assert rules.petition_status(PetitionState("cho_phan_loai", due, start, 10)) == (
        "Trạng thái: Chờ phân loại · hạn 16/03/2026 · còn 10 ngày", "green")
    assert rules.petition_status(PetitionState("cho_phan_loai", due, start, 2)) == (
        "Trạng thái: Chờ phân loại · hạn 16/03/2026 · còn 2 ngày", "amber")
    assert rules.petition_status(PetitionState("dang_giai_quyet", due, start, 0)) == (
        "Trạng thái: Đang giải quyết · hạn 16/03/2026 · hết hạn hôm nay", "amber")
    assert rules.petition_status(PetitionState("qua_han", due, start, -1200)) == (
        "Trạng thái: Quá hạn · hạn 16/03/2026 · trễ 1.200 ngày", "red")


def test_a_petition_not_saved_yet_shows_no_outcome():
    """Issue 15 item 14: "Đã lưu đơn" on a letter nobody saved yet read as "it
    is saved"; the outcome (xếp lưu, đã chuyển …) shows once it is."""
    for status in ("da_luu", "da_chuyen", "da_huong_dan", "da_giai_quyet"):
        assert rules.petition_status(PetitionState(status, None, None, None), saved=False) == ("", None)
    due, start = D(2026, 3, 16), D(2026, 3, 6)
    assert rules.petition_status(PetitionState("cho_phan_loai", due, start, 10), saved=False)[0] == (
        "Trạng thái: Chờ phân loại · hạn 16/03/2026 · còn 10 ngày")  # what is due is not an outcome
    assert "lưu" not in rules.petition_status(PetitionState("da_luu", None, None, None))[0].replace(
        "Xếp lưu", "")  # never "Đã lưu" beside the "Lưu" button


def test_reception_reply_due_line():
    row = {"ngay_tiep": "2026-03-02"}
    due = D(2026, 3, 16)  # 10 working days
    assert rules.reception_reply_pending(row)
    assert rules.reception_status(row, DEADLINES, D(2026, 3, 6)) == ("Hạn trả lời: 16/03/2026 · còn 10 ngày", "green")
    assert rules.reception_status(row, DEADLINES, due - dt.timedelta(days=4)) == (
        "Hạn trả lời: 16/03/2026 · còn 4 ngày", "green")
    assert rules.reception_status(row, DEADLINES, due - dt.timedelta(days=3)) == (
        "Hạn trả lời: 16/03/2026 · còn 3 ngày", "amber")
    assert rules.reception_status(row, DEADLINES, due) == ("Hạn trả lời: 16/03/2026 · còn 0 ngày", "amber")
    assert rules.reception_status(row, DEADLINES, D(2026, 3, 18)) == ("Hạn trả lời: 16/03/2026 · trễ 2 ngày", "red")
    answered = {"ngay_tiep": "2026-03-02", "ngay_ket_qua": "2026-03-05"}
    assert not rules.reception_reply_pending(answered)
    assert rules.reception_status(answered, DEADLINES, D(2026, 3, 18)) == ("", None)
    assert not rules.reception_reply_pending({})
    assert rules.reception_status({}, DEADLINES, D(2026, 3, 18)) == ("", None)


# -------------------------------------------------------- a new record
def test_defaults_of_a_new_record():
    today = D(2026, 5, 20)
    pet = rules.defaults("don_thu", today)
    assert pet["ngay_nhan"] == "2026-05-20" and pet["nguon"] == "truc_tiep" and pet["lan"] == 1
    assert rules.defaults("tiep_cong_dan", today)["ngay_tiep"] == "2026-05-20"
    assert rules.defaults("chi_tieu", today) == {"tu_ngay": "2026-01-01", "den_ngay": "2026-05-20"}
    model = rules.defaults("mo_hinh", today)
    assert model["nam_dang_ky"] == 2026 and model["nam"] == [{"nam": 2026, "trang_thai": "dang_ky_moi"}]
    assert rules.defaults("thon", today) == {"loai": "thon", "thu_tu": 0, "an": 0}


def test_registration_year_moves_the_only_new_row():
    row = [{"nam": "2026", "trang_thai": "dang_ky_moi"}]
    assert rules.follows_registration_year(row, "2024")
    assert rules.follows_registration_year(row, 1990) and rules.follows_registration_year(row, 2100)
    assert not rules.follows_registration_year(row, "1989") and not rules.follows_registration_year(row, 2101)
    assert not rules.follows_registration_year(row, "") and not rules.follows_registration_year(row, None)
    assert not rules.follows_registration_year([{"nam": "2026", "trang_thai": "duy_tri"}], 2024)
    assert not rules.follows_registration_year(row + [{"nam": "2027", "trang_thai": "duy_tri"}], 2024)
    assert not rules.follows_registration_year([], 2024)


def test_editor_title():
    assert rules.editor_title("don_thu", True) == "Thêm đơn thư"
    assert rules.editor_title("don_thu", False, "15", 2025) == "Sửa đơn thư số 15/2025"
    assert rules.editor_title("tiep_cong_dan", False, "15", 2025) == "Sửa lượt tiếp công dân"
    assert rules.editor_title("thon", True) == "Thêm thôn, tổ dân phố"


def test_identity_hidden_only_on_a_stored_denunciation():
    assert rules.identity_hidden("don_thu", True, "to_cao")
    assert not rules.identity_hidden("don_thu", False, "to_cao")  # being typed: the clerk sees it
    assert not rules.identity_hidden("don_thu", True, "khieu_nai")
    assert rules.identity_hidden("tiep_cong_dan", True, "to_cao")  # a tố cáo received in person (issue 13)
    assert not rules.identity_hidden("tiep_cong_dan", True, "kien_nghi")


# ------------------------------------------------ what a link fills in
def test_duplicate_opens_the_picker_of_the_original():
    assert rules.opens_original_picker({"ly_do_khong_du": "trung_lap", "don_goc_id": None})
    assert not rules.opens_original_picker({"ly_do_khong_du": "trung_lap", "don_goc_id": 4})
    assert not rules.opens_original_picker({"ly_do_khong_du": "khong_ro_noi_dung", "don_goc_id": None})


def test_earlier_petition_raises_the_sending_and_brings_its_case():
    earlier = {"id": 3, "lan": 2, "vu_viec_id": 8}
    assert rules.after_earlier_petition({"lan": "1", "vu_viec_id": None}, earlier) == {"lan": 3, "vu_viec_id": 8}
    assert rules.after_earlier_petition({"lan": "5", "vu_viec_id": 9}, earlier) == {}  # never lowered
    assert rules.after_earlier_petition({"lan": "", "vu_viec_id": None}, {"lan": None, "vu_viec_id": None}) == {
        "lan": 2}
    assert rules.after_earlier_petition({"lan": "2", "vu_viec_id": None}, {"lan": 1, "vu_viec_id": None}) == {}


def test_a_visit_fills_only_empty_fields_of_a_petition():
    visit = {"ho_ten": "Trần Văn Hai", "dia_chi": "", "thon_id": 2, "cccd": "051190003333", "loai": "kien_nghi",
             "noi_dung": "Hỏi tiến độ", "vu_viec_id": None, "so_nguoi": 3}
    values = {"ho_ten": "", "dia_chi": None, "thon_id": None, "cccd": "0511", "loai": None, "noi_dung": "",
              "linh_vuc": "khac"}
    assert rules.fill_from_visit(values, visit) == {"ho_ten": "Trần Văn Hai", "thon_id": 2, "loai": "kien_nghi",
                                                    "noi_dung": "Hỏi tiến độ"}
    assert "so_nguoi" not in rules.VISIT_SHARED_FIELDS


def test_first_visit_and_receiver_name():
    assert rules.first_visit(0) == 1 and rules.first_visit(3) == 0
    assert rules.receiver_from_leaders("chu_tich") and rules.receiver_from_leaders("pho_chu_tich")
    assert not rules.receiver_from_leaders("cong_chuc") and not rules.receiver_from_leaders(None)
    assert rules.keeps_receiver_name("Lê Thị Thu", "Phạm Văn Hùng")
    assert rules.keeps_receiver_name("Lê Thị Thu", None)
    assert not rules.keeps_receiver_name("Phạm Văn Hùng", "Phạm Văn Hùng")  # filled in: may follow the role
    assert not rules.keeps_receiver_name("", None) and not rules.keeps_receiver_name(None, "Phạm Văn Hùng")


def test_thon_starts_an_empty_address():
    assert rules.fills_address(3, "") and rules.fills_address(3, None)
    assert not rules.fills_address(3, "Xóm 2") and not rules.fills_address(None, "")


def test_receiving_a_petition_at_a_visit():
    assert rules.visit_handling_on_receive(None) == "tiep_nhan_don"
    assert rules.visit_handling_on_receive("huong_dan") == "huong_dan"
    visit = {"ngay_tiep": "2026-03-02", "unit_id": 1, "ho_ten": "Lê Thị Bích", "dia_chi": "Xóm 2", "thon_id": 4,
             "cccd": None, "dien_thoai": "0905123456", "loai": "khieu_nai", "linh_vuc": "dat_dai",
             "noi_dung": "Khiếu nại việc thu hồi đất", "vu_viec_id": 7, "so_nguoi": 1, "lan_dau": 1}
    assert not rules.earlier_petition_wanted(visit)
    assert rules.petition_prefill(visit, 11) == {
        "nguon": "tiep_cong_dan", "tiep_cong_dan_id": 11, "ngay_nhan": "2026-03-02", "unit_id": 1,
        "ho_ten": "Lê Thị Bích", "dia_chi": "Xóm 2", "thon_id": 4, "dien_thoai": "0905123456", "loai": "khieu_nai",
        "linh_vuc": "dat_dai", "noi_dung": "Khiếu nại việc thu hồi đất", "vu_viec_id": 7}
    group = {**visit, "so_nguoi": 5}
    assert rules.petition_prefill(group, 11)["dong_nguoi"] == 1
    again = {**visit, "lan_dau": 0}
    assert rules.earlier_petition_wanted(again)
    assert not rules.earlier_petition_wanted({**again, "vu_viec_id": None})
    pre = rules.petition_prefill(again, 11, {"id": 5, "lan": 2})
    assert (pre["don_truoc_id"], pre["lan"]) == (5, 3)
    assert "don_truoc_id" not in rules.petition_prefill(again, 11, None)  # the case has no petition yet
    assert rules.petition_prefill(again, 11, {"id": 5, "lan": None})["lan"] == 2
    assert "don_truoc_id" not in rules.petition_prefill(visit, 11, {"id": 5, "lan": 2})  # a first visit
