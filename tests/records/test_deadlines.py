"""Legal deadlines (SPEC §4): working days across weekends, Tết 2026 and a clerk-added day off."""
import datetime as dt

from core.records.deadlines import Calendar, Deadlines, effective_rules, petition_state

D = dt.date


def test_holiday_library_knows_tet_2026():
    cal = Calendar()
    for d in (D(2026, 2, 16), D(2026, 2, 17), D(2026, 2, 20), D(2026, 4, 27), D(2026, 9, 2)):
        assert not cal.is_working_day(d), d
    assert cal.is_working_day(D(2026, 2, 23))
    assert not cal.is_working_day(D(2026, 2, 14))  # Saturday


def test_ten_working_days_across_weekend():
    cal = Calendar()
    # Monday 02/03/2026 + 10 working days = Monday 16/03/2026
    assert cal.add_working_days(D(2026, 3, 2), 10) == D(2026, 3, 16)


def test_ten_working_days_across_tet_2026():
    cal = Calendar()
    # Friday 13/02/2026: weekend, Tết 16–20/02, weekend, then 23/02 … 06/03
    assert cal.add_working_days(D(2026, 2, 13), 10) == D(2026, 3, 6)
    assert cal.working_days_between(D(2026, 2, 13), D(2026, 3, 6)) == 10


def test_clerk_added_day_off_and_compensatory_saturday(store):
    rid = store.create("tiep_cong_dan", {"ngay_tiep": "13/02/2026", "ho_ten": "A", "noi_dung": "x"})
    from core.records.deadlines import reception_reply_due

    assert reception_reply_due(store.get("tiep_cong_dan", rid)["ngay_tiep"], store.deadlines()) == D(2026, 3, 6)
    store.add_day_off("02/03/2026", "Nghỉ bù")
    assert reception_reply_due("2026-02-13", store.deadlines()) == D(2026, 3, 9)
    store.add_day_off("28/02/2026", "Làm bù", lam_viec=True)  # a working Saturday
    assert reception_reply_due("2026-02-13", store.deadlines()) == D(2026, 3, 6)
    store.remove_day_off("28/02/2026")
    assert reception_reply_due("2026-02-13", store.deadlines()) == D(2026, 3, 9)


def test_overrides_change_the_limit(store):
    p = {"ngay_nhan": "2025-03-01", "loai": "khieu_nai", "du_dieu_kien": 1, "huong_xu_ly": "thu_ly",
         "ngay_xu_ly": "2025-03-02", "ngay_thu_ly": "2025-03-02"}
    assert store.petition_state(p, D(2025, 3, 10)).due == D(2025, 4, 1)
    store.set_deadline_override("giai_quyet_khieu_nai", 20, working=True)
    assert store.deadlines().rules["giai_quyet_khieu_nai"].days == 20
    assert store.petition_state(p, D(2025, 3, 10)).due == Calendar().add_working_days(D(2025, 3, 2), 20)


def _dl():
    return Deadlines(effective_rules(None), Calendar())


def test_complaint_complex_and_remote_limits():
    base = {"ngay_nhan": "2025-03-01", "loai": "khieu_nai", "du_dieu_kien": 1, "huong_xu_ly": "thu_ly",
            "ngay_xu_ly": "2025-03-02", "ngay_thu_ly": "2025-03-02"}
    t = D(2025, 3, 3)
    assert petition_state(base, _dl(), t).due == D(2025, 4, 1)
    assert petition_state({**base, "phuc_tap": 1}, _dl(), t).due == D(2025, 4, 16)
    assert petition_state(base, _dl(), t, remote=True).due == D(2025, 4, 16)
    assert petition_state({**base, "phuc_tap": 1}, _dl(), t, remote=True).due == D(2025, 5, 1)


def test_denunciation_extensions():
    base = {"ngay_nhan": "2025-03-01", "loai": "to_cao", "du_dieu_kien": 1, "huong_xu_ly": "thu_ly",
            "ngay_xu_ly": "2025-03-02", "ngay_thu_ly": "2025-03-02"}
    assert petition_state(base, _dl(), D(2025, 3, 3)).due == D(2025, 4, 1)
    assert petition_state({**base, "gia_han": 1}, _dl(), D(2025, 3, 3)).due == D(2025, 5, 1)
    assert petition_state({**base, "gia_han": 2}, _dl(), D(2025, 3, 3)).due == D(2025, 5, 31)


def test_derived_status_and_colours():
    dl = _dl()
    new = {"ngay_nhan": "2025-03-01"}
    s = petition_state(new, dl, D(2025, 3, 2))
    assert (s.status, s.days_left, s.colour) == ("cho_phan_loai", 9, "green")
    assert petition_state(new, dl, D(2025, 3, 10)).colour == "amber"
    late = petition_state(new, dl, D(2025, 3, 14))
    assert (late.status, late.days_left, late.colour) == ("qua_han", -3, "red")
    assert late.describe() == "Quá hạn (trễ 3 ngày)"
    assert petition_state({**new, "du_dieu_kien": 0, "huong_xu_ly": "luu"}, dl, D(2025, 5, 1)).status == "da_luu"
    assert petition_state({**new, "du_dieu_kien": 1, "huong_xu_ly": "chuyen"}, dl, D(2025, 5, 1)).status == "da_chuyen"
    assert petition_state({**new, "du_dieu_kien": 1, "huong_xu_ly": "don_doc"}, dl, D(2025, 5, 1)).status == "da_chuyen"
    assert petition_state({**new, "du_dieu_kien": 1, "huong_xu_ly": "huong_dan"}, dl, D(2025, 5, 1)).status == "da_huong_dan"
    acc = {**new, "loai": "kien_nghi", "du_dieu_kien": 1, "huong_xu_ly": "thu_ly", "ngay_thu_ly": "2025-03-05"}
    assert petition_state(acc, dl, D(2025, 3, 10)).status == "dang_giai_quyet"
    assert petition_state(acc, dl, D(2025, 4, 10)).status == "qua_han"
    assert petition_state({**acc, "ngay_giai_quyet": "2025-03-20"}, dl, D(2025, 4, 10)).status == "da_giai_quyet"
    overridden = {**acc, "han_giai_quyet": "2025-05-30"}
    assert petition_state(overridden, dl, D(2025, 4, 10)).due == D(2025, 5, 30)
