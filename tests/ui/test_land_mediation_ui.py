"""Land-dispute mediation in the window (issue 14), driven like a clerk
(pytest-qt, offscreen): the editor shows the session and the Hội đồng hòa
giải only for a land dispute, with its deadline in the status line; the
hòa giải list colours the land disputes' deadline."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from ui.editors import EditorDialog
from ui.editors import dialog as dialog_mod
from ui.models import COLOURS
from ui.pages.list_page import ListPage

TODAY = dt.date.today()


@pytest.fixture(autouse=True)
def _vi(qapp, monkeypatch):
    from ui.widgets import vi
    vi.install(qapp)
    monkeypatch.setattr(dialog_mod, "ask", lambda *a, **k: a[3][-1][0])  # no modal question stays open


def _editor(qtbot, store, record_id=None):
    dlg = EditorDialog(store, "hoa_giai", record_id)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    return dlg


def test_the_council_is_shown_only_for_a_land_dispute(qtbot, store):
    team = store.create("to_hoa_giai", {"ten": "Tổ hòa giải thôn An Bình"})
    dlg = _editor(qtbot, store)
    council = dlg.field_widget("hoi_dong")
    session = dlg.group_boxes["hop_hoa_giai"]
    assert dlg.value("kind") == "co_so"
    assert not council.isVisible() and not session.isVisible() and dlg.status_label.text() == ""

    # the clerk picks "Hòa giải tranh chấp đất đai tại UBND xã"
    mediators = dlg.children["hoa_giai_vien_ids"].parentWidget()
    assert mediators.isVisible() and dlg.field_widget("to_hoa_giai_id").isEnabled()
    dlg.field_widget("kind").set_value("dat_dai")
    assert council.isVisible() and session.isVisible()
    # the council mediates, not a grassroots team: no tổ, no hòa giải viên
    assert not mediators.isVisible() and not dlg.field_widget("to_hoa_giai_id").isEnabled()
    assert dlg.field_widget("ngay_hoa_giai").isEnabled()
    received = (TODAY - dt.timedelta(days=25)).strftime("%d/%m/%Y")
    dlg.set_value("ngay_nhan", received)
    dlg.set_value("ben_a", "Lê Văn An")
    dlg.set_value("ben_b", "Trần Văn Bình")
    dlg.set_value("noi_dung", "Tranh chấp ranh giới thửa đất số 768")
    due = (TODAY - dt.timedelta(days=25) + dt.timedelta(days=30)).strftime("%d/%m/%Y")
    assert dlg.status_label.text() == f"Trạng thái: Đang hòa giải · hạn {due} · còn 5 ngày"
    assert dlg.status_label.styleSheet() == f"color: {dialog_mod.COLOURS['amber']};"

    # the council typed row by row: the first member is the chairman
    qtbot.mouseClick(council.add_button, Qt.LeftButton)
    council.table.item(0, 0).setText("Nguyễn Văn Hùng")
    council.table.item(0, 1).setText("Chủ tịch UBND xã")
    qtbot.mouseClick(council.add_button, Qt.LeftButton)
    council.table.item(1, 0).setText("Phạm Thị Lan")
    council.table.cellWidget(1, 2).set_value("thu_ky")
    dlg.set_value("ngay_hoa_giai", TODAY.strftime("%d/%m/%Y"))
    dlg.set_value("dia_diem_hoa_giai", "Hội trường UBND xã")
    assert dlg.save()
    row = store.get("hoa_giai", dlg.record_id)
    assert [(m["ho_ten"], m["vai_tro"]) for m in row["hoi_dong"]] == [("Nguyễn Văn Hùng", "chu_tich"),
                                                                      ("Phạm Thị Lan", "thu_ky")]
    assert row["dia_diem_hoa_giai"] == "Hội trường UBND xã"

    # back to grassroots mediation: hidden again, and the session is not saved
    dlg.field_widget("kind").set_value("co_so")
    dlg.field_widget("to_hoa_giai_id").set_value(team)
    assert not council.isVisible() and not session.isVisible() and dlg.status_label.text() == ""
    assert mediators.isVisible() and dlg.values()["to_hoa_giai_id"] == team
    assert dlg.values()["dia_diem_hoa_giai"] is None


def test_a_thanh_outcome_labels_the_agreement(qtbot, store):
    dlg = _editor(qtbot, store)
    dlg.field_widget("kind").set_value("dat_dai")
    dlg.field_widget("ket_qua").set_value("thanh")
    assert dlg.row_labels["ket_luan"].text() == "Nội dung các bên thỏa thuận:"
    dlg.field_widget("ket_qua").set_value("khong_thanh")
    assert dlg.row_labels["ket_luan"].text() == "Nội dung các bên không thống nhất:"


def test_the_list_colours_the_deadline_of_land_disputes(qtbot, store):
    team = store.create("to_hoa_giai", {"ten": "Tổ hòa giải thôn An Bình"})
    late = store.create("hoa_giai", {"kind": "dat_dai", "ngay_nhan": (TODAY - dt.timedelta(days=33)).isoformat(),
                                     "ben_a": "Lê Văn An", "noi_dung": "Ranh giới"})
    fresh = store.create("hoa_giai", {"kind": "dat_dai", "ngay_nhan": TODAY.isoformat(), "ben_a": "Hồ Thị Cúc",
                                      "noi_dung": "Lối đi"})
    co_so = store.create("hoa_giai", {"kind": "co_so", "to_hoa_giai_id": team, "ngay_nhan": TODAY.isoformat(),
                                      "ben_a": "Đặng Văn Cường", "noi_dung": "Mâu thuẫn"})
    page = ListPage(store, "hoa_giai")
    qtbot.addWidget(page)
    page.resize(1300, 600)
    page.set_period(None)
    page.show()
    qtbot.waitExposed(page)
    m = page.model
    col = [c.key for c in m.columns].index("han")
    assert m.headerData(col, Qt.Horizontal, Qt.DisplayRole) == "Hạn / còn (ngày)"
    cells = {}
    for r in range(m.rowCount()):
        ben_a = m.index(r, [c.key for c in m.columns].index("ben_a")).data()
        cells[ben_a] = (m.index(r, col).data(), m.index(r, col).data(Qt.ForegroundRole))
    due_late = (TODAY - dt.timedelta(days=3)).strftime("%d/%m/%Y")
    assert cells["Lê Văn An"][0] == f"{due_late} · trễ 3"
    assert cells["Lê Văn An"][1].color() == COLOURS["red"][0]
    assert cells["Hồ Thị Cúc"][1].color() == COLOURS["green"][0]
    assert cells["Đặng Văn Cường"] == ("", None)
    assert m.rowCount() == 3 and len({late, fresh, co_so}) == 3


def test_in_offers_the_minutes_once_the_land_dispute_has_an_outcome(qtbot, store):
    rid = store.create("hoa_giai", {"kind": "dat_dai", "ngay_nhan": (TODAY - dt.timedelta(days=5)).isoformat(),
                                    "ben_a": "Lê Văn An", "ben_b": "Trần Văn Bình", "noi_dung": "Ranh giới",
                                    "hoi_dong": [{"ho_ten": "Nguyễn Văn Hùng", "vai_tro": "chu_tich"}]})
    dlg = _editor(qtbot, store, rid)
    assert dlg.papers.menu_labels() == ["Giấy tờ đã phát hành (0)…"]
    store.update("hoa_giai", rid, {"ket_qua": "thanh", "ngay_ket_thuc": TODAY.isoformat(),
                                   "ngay_hoa_giai": TODAY.isoformat()})
    dlg.close()
    dlg = _editor(qtbot, store, rid)
    assert dlg.papers.menu_labels()[0] == "Biên bản hòa giải tranh chấp đất đai (thành / không thành)…"


def test_the_minutes_issue_dialog_is_dated_the_day_of_the_meeting(qtbot, store):
    """Review of issue 14: "In… → Biên bản hòa giải" offered today's date,
    under a text saying "Hôm nay, ngày <the meeting's day>"."""
    from ui.papers.issue_dialog import IssueDialog

    store.create("lanh_dao", {"ho_ten": "Nguyễn Văn Hùng", "chuc_vu": "chu_tich"})
    rid = store.create("hoa_giai", {
        "kind": "dat_dai", "ngay_nhan": "2025-07-31", "ben_a": "Lê Văn An", "ben_b": "Trần Văn Bình",
        "noi_dung": "Ranh giới thửa đất số 768", "ket_qua": "thanh", "ngay_ket_thuc": "2025-08-18",
        "ngay_hoa_giai": "2025-08-18", "dia_diem_hoa_giai": "Hội trường UBND xã", "ket_luan": "Theo bản đồ địa chính",
        "hoi_dong": [{"ho_ten": "Nguyễn Văn Hùng", "chuc_vu": "Chủ tịch UBND xã", "vai_tro": "chu_tich"},
                     {"ho_ten": "Phạm Thị Lan", "chuc_vu": "Công chức địa chính", "vai_tro": "thu_ky"}]})
    dlg = IssueDialog(store, "bien_ban_hoa_giai", rid, today=dt.date(2026, 12, 5))
    qtbot.addWidget(dlg)
    assert dlg.date.text() == "18/08/2025" and dlg.issue_date() == dt.date(2025, 8, 18)
    assert dlg.number.text() == "1"
    if dlg.task is not None:
        dlg.task.wait()
