"""Land-dispute mediation at UBND xã (issue 14; Luật Đất đai 2024 Điều 235):
the 30-day deadline coloured like a petition's, closed by an outcome,
overridable; the session and the council stored with the record; the
hòa giải list and the home page's due list; an old book migrated (m008)."""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from core.records import listing, rules
from core.records.deadlines import DEADLINE_RULES, Deadlines, PetitionState, mediation_state
from core.session import open_session

DAY = dt.date(2026, 3, 2)
FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "book-0.1.0" / "sodanvan.db"
COUNCIL = [{"ho_ten": "Nguyễn Văn Hùng", "chuc_vu": "Chủ tịch UBND xã", "vai_tro": "chu_tich"},
           {"ho_ten": "Võ Thị Hạnh", "chuc_vu": "Chủ tịch Ủy ban MTTQ Việt Nam xã", "vai_tro": "thanh_vien"},
           {"ho_ten": "Phạm Thị Lan", "chuc_vu": "Công chức địa chính", "vai_tro": "thu_ky"}]


def land(store, **kw) -> int:
    values = {"kind": "dat_dai", "ngay_nhan": DAY.isoformat(), "ben_a": "Lê Văn An", "ben_b": "Trần Văn Bình",
              "noi_dung": "Tranh chấp ranh giới thửa đất số 768", **kw}
    return store.create("hoa_giai", values)


def grassroots(store, **kw) -> int:
    team = store.q1("SELECT id FROM to_hoa_giai") or store.create("to_hoa_giai", {"ten": "Tổ hòa giải thôn An Bình"})
    return store.create("hoa_giai", {"kind": "co_so", "to_hoa_giai_id": team, "ngay_nhan": DAY.isoformat(),
                                     "ben_a": "Đặng Văn Cường", "noi_dung": "Mâu thuẫn lối đi chung", **kw})


# ------------------------------------------------------------ the deadline
def test_the_rule_is_thirty_calendar_days_from_the_request_with_its_legal_basis():
    r = DEADLINE_RULES["hoa_giai_dat_dai"]
    assert (r.days, r.working) == (30, False)
    assert r.basis == "Luật Đất đai 2024, Điều 235" and r.counted_from == "ngày nhận đơn yêu cầu"


def test_deadline_is_computed_from_the_date_received(store):
    rid = land(store)
    st = mediation_state(store.get("hoa_giai", rid), store.deadlines(), DAY)
    assert st.due == dt.date(2026, 4, 1) and st.start == DAY and st.days_left == 30
    assert st.status == "dang_hoa_giai" and st.label == "Đang hòa giải"


@pytest.mark.parametrize("today,left,colour,status", [
    (DAY, 30, "green", "dang_hoa_giai"),
    (dt.date(2026, 3, 24), 8, "green", "dang_hoa_giai"),
    (dt.date(2026, 3, 25), 7, "amber", "dang_hoa_giai"),  # the last quarter of the 30 days
    (dt.date(2026, 4, 1), 0, "amber", "dang_hoa_giai"),
    (dt.date(2026, 4, 3), -2, "red", "qua_han"),
])
def test_colour_by_days_left_as_petitions(store, today, left, colour, status):
    st = mediation_state(store.get("hoa_giai", land(store)), store.deadlines(), today)
    assert (st.days_left, st.colour, st.status) == (left, colour, status)
    # the very colour rule of a petition with the same dates
    assert st.colour == PetitionState("dang_giai_quyet", st.due, st.start, st.days_left).colour
    assert st.label == ("Quá hạn hòa giải" if left < 0 else "Đang hòa giải")


@pytest.mark.parametrize("kq", ["thanh", "khong_thanh", "rut", "khong_thuoc"])
def test_a_closed_case_has_no_deadline(store, kq):
    rid = land(store, ket_qua=kq, ngay_ket_thuc="2026-03-20")
    st = mediation_state(store.get("hoa_giai", rid), store.deadlines(), dt.date(2026, 6, 1))
    assert st.status == "da_ket_thuc" and st.due is None and st.days_left is None and st.colour is None
    assert rules.mediation_status(st) == ("Trạng thái: Đã kết thúc", None)


def test_grassroots_mediation_has_no_legal_deadline(store):
    rid = grassroots(store)
    assert mediation_state(store.get("hoa_giai", rid), store.deadlines(), DAY) is None
    assert rules.mediation_status(None) == ("", None)


def test_the_clerk_can_override_the_rule(store):
    rid = land(store)
    store.set_deadline_override("hoa_giai_dat_dai", 45, False)
    st = mediation_state(store.get("hoa_giai", rid), store.deadlines(), DAY)
    assert st.due == dt.date(2026, 4, 16)
    store.set_deadline_override("hoa_giai_dat_dai", 30, True)  # working days, should the province say so
    st = mediation_state(store.get("hoa_giai", rid), store.deadlines(), DAY)
    assert st.due == store.deadlines().calendar.add_working_days(DAY, 30) and st.due > dt.date(2026, 4, 1)


def test_status_line_text(store):
    st = mediation_state(store.get("hoa_giai", land(store)), store.deadlines(), dt.date(2026, 4, 3))
    assert rules.mediation_status(st) == ("Trạng thái: Quá hạn hòa giải · hạn 01/04/2026 · trễ 2 ngày", "red")


# ------------------------------------------------------------ the list and the home page
def test_the_list_shows_a_coloured_deadline_for_land_disputes_only(store):
    a, b, c = land(store), grassroots(store), land(store, ket_qua="thanh", ngay_ket_thuc="2026-03-20")
    headers = listing.headers("hoa_giai")
    col = headers.index("Hạn / còn (ngày)")
    rows = listing.fetch_rows(store, "hoa_giai", [a, b, c], today=dt.date(2026, 3, 27))
    assert rows[a].cells[col] == "01/04/2026 · còn 5" and rows[a].colour == "amber"
    assert rows[b].cells[col] == "" and rows[b].colour is None
    assert rows[c].cells[col] == "" and rows[c].colour is None
    late = listing.fetch_rows(store, "hoa_giai", [a], today=dt.date(2026, 4, 5))[a]
    assert late.cells[col] == "01/04/2026 · trễ 4" and late.colour == "red"


def test_the_home_page_lists_land_mediations_due_and_overdue(store):
    today = dt.date.today()
    late = land(store, ngay_nhan=(today - dt.timedelta(days=35)).isoformat())
    soon = land(store, ngay_nhan=(today - dt.timedelta(days=27)).isoformat(), ben_a="Hồ Thị Cúc")
    land(store, ngay_nhan=(today - dt.timedelta(days=2)).isoformat())  # far from due
    land(store, ngay_nhan=(today - dt.timedelta(days=40)).isoformat(), ket_qua="thanh",
         ngay_ket_thuc=(today - dt.timedelta(days=10)).isoformat())  # closed
    grassroots(store, ngay_nhan=(today - dt.timedelta(days=40)).isoformat())
    s = listing.due_summary(store, today)
    assert [(i.kind, i.id) for i in s.overdue] == [("hoa_giai", late)]
    assert [(i.kind, i.id) for i in s.due] == [("hoa_giai", soon)]
    assert s.overdue_count["hoa_giai"] == 1 and s.overdue[0].colour == "red"
    assert "Hòa giải tranh chấp đất đai Lê Văn An – Trần Văn Bình" in s.overdue[0].title


# ------------------------------------------------------------ the record
def test_session_and_council_are_stored_with_the_record(store):
    rid = land(store, ngay_hoa_giai="2026-03-20", dia_diem_hoa_giai="Hội trường UBND xã",
               y_kien_cac_ben="Hai bên trình bày", ket_luan="Thống nhất ranh giới", hoi_dong=COUNCIL)
    row = store.get("hoa_giai", rid)
    assert row["ngay_hoa_giai"] == "2026-03-20" and row["dia_diem_hoa_giai"] == "Hội trường UBND xã"
    assert [(m["ho_ten"], m["vai_tro"]) for m in row["hoi_dong"]] == [
        ("Nguyễn Văn Hùng", "chu_tich"), ("Võ Thị Hạnh", "thanh_vien"), ("Phạm Thị Lan", "thu_ky")]
    store.update("hoa_giai", rid, {"hoi_dong": COUNCIL[:1]})
    assert len(store.get("hoa_giai", rid)["hoi_dong"]) == 1
    store.delete("hoa_giai", rid)
    assert store.q1("SELECT count(*) FROM hoa_giai_hoi_dong") == 0
    assert store.enum_labels("vai_tro_hoi_dong") == {"chu_tich": "Chủ tịch Hội đồng", "thanh_vien": "Thành viên",
                                                     "thu_ky": "Thư ký"}


def test_the_session_fields_apply_to_land_disputes_only():
    st = rules.field_states("hoa_giai", {"kind": "co_so", "ket_qua": "thanh"})
    assert all(not st[n].active for n in rules.LAND_MEDIATION_FIELDS)
    st = rules.field_states("hoa_giai", {"kind": "dat_dai", "ket_qua": "thanh"})
    assert all(st[n].active for n in rules.LAND_MEDIATION_FIELDS)
    assert st["ket_luan"].label == "Nội dung các bên thỏa thuận"
    assert rules.field_states("hoa_giai", {"kind": "dat_dai", "ket_qua": "khong_thanh"})["ket_luan"].label == \
        "Nội dung các bên không thống nhất"


# ------------------------------------------------------------ an old book
def test_a_book_of_release_0_1_0_migrates_and_takes_a_council(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy2(FIXTURE, data / "sodanvan.db")
    store = open_session(data)
    try:
        assert ("sodanvan", "m008_land_mediation") in {
            (r["migration_set"], r["name"]) for r in store.q("SELECT * FROM _sqlite_migrations")}
        assert {"ngay_hoa_giai", "dia_diem_hoa_giai", "y_kien_cac_ben", "ket_luan"} <= {
            c.name for c in store.db["hoa_giai"].columns}
        assert set(store.enum_labels("vai_tro_hoi_dong")) == {"chu_tich", "thanh_vien", "thu_ky"}
        rid = store.q1("SELECT id FROM hoa_giai WHERE kind = 'dat_dai' ORDER BY id")
        old = store.get("hoa_giai", rid)
        assert old["hoi_dong"] == [] and old["ngay_hoa_giai"] is None
        store.update("hoa_giai", rid, {"hoi_dong": COUNCIL, "ngay_hoa_giai": old["ngay_nhan"]})
        assert len(store.get("hoa_giai", rid)["hoi_dong"]) == 3
        # every old land dispute gets a deadline state; grassroots ones none
        dl: Deadlines = store.deadlines()
        for r in store.q("SELECT * FROM hoa_giai"):
            st = mediation_state(r, dl, dt.date(2030, 1, 1))
            assert (st is None) == (r["kind"] != "dat_dai")
    finally:
        store.close()
