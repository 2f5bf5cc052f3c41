"""Record editors driven like a clerk (pytest-qt, offscreen): typing, combos,
pickers, Ctrl+S / Esc, validation messages next to the field."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from ui import ops
from ui.editors import EDITOR_KINDS, EditorDialog, PickerDialog, open_editor, show_validation_demo
from ui.editors import dialog as dialog_mod

TODAY = dt.date.today()
D = (TODAY - dt.timedelta(days=3)).strftime("%d/%m/%Y")


@pytest.fixture(autouse=True)
def answers(monkeypatch):
    """Patch the modal questions: pop answers from the list, record the texts."""
    asked: list[str] = []
    replies: list[str] = []

    def fake_ask(parent, title, text, choices, default=None, icon=None):
        asked.append(text)
        return replies.pop(0) if replies else choices[-1][0]

    monkeypatch.setattr(dialog_mod, "ask", fake_ask)
    return asked, replies


def editor(qtbot, store, kind, record_id=None, prefill=None):
    dlg = EditorDialog(store, kind, record_id, prefill)
    qtbot.addWidget(dlg)
    dlg.show()
    return dlg


def key_text(qtbot, w, text):
    """Type ``text`` key by key.  QTest asserts on non-ASCII characters, so
    Vietnamese letters are sent as key events carrying the text (what a
    Vietnamese IME such as Unikey delivers)."""
    for ch in text:
        if ch.isascii():
            qtbot.keyClick(w, ch)
        else:
            for t in (QEvent.KeyPress, QEvent.KeyRelease):
                QApplication.sendEvent(w, QKeyEvent(t, Qt.Key_unknown, Qt.NoModifier, ch))


def type_into(qtbot, dlg, name, text):
    w = dlg.field_widget(name)
    w.setFocus()
    if hasattr(w, "clear"):
        w.clear()
    key_text(qtbot, w, text)


def choose(dlg, name, code):
    """Pick a combo item by its code, as a clerk would with the mouse."""
    w = dlg.field_widget(name)
    i = w.findData(code)
    assert i >= 0, (name, code, w.codes())
    w.setCurrentIndex(i)


def catalogue(store):
    thon = store.create("thon", {"ten": "Thôn An Bình"})
    team = store.create("to_hoa_giai", {"ten": "Tổ hòa giải thôn An Bình", "thon_id": thon})
    h1 = store.create("hoa_giai_vien", {"to_hoa_giai_id": team, "ho_ten": "Lê Văn Tám", "vai_tro": "to_truong"})
    h2 = store.create("hoa_giai_vien", {"to_hoa_giai_id": team, "ho_ten": "Phạm Thị Hoa"})
    team2 = store.create("to_hoa_giai", {"ten": "Tổ hòa giải thôn Đông"})
    h3 = store.create("hoa_giai_vien", {"to_hoa_giai_id": team2, "ho_ten": "Đặng Văn Năm"})
    return thon, team, h1, h2, team2, h3


# ------------------------------------------------ filling every main kind
def fill_don_thu(qtbot, dlg, ctx):
    type_into(qtbot, dlg, "ngay_nhan", D)
    type_into(qtbot, dlg, "ho_ten", "Trần Thị Lan")
    choose(dlg, "thon_id", ctx["thon"])
    assert dlg.value("dia_chi") == "Thôn An Bình"  # the address starts with the chosen thôn
    type_into(qtbot, dlg, "dia_chi", "Xóm 3, thôn An Bình")
    type_into(qtbot, dlg, "cccd", "051190001234")
    choose(dlg, "loai", "kien_nghi")
    choose(dlg, "linh_vuc", "dat_dai")
    type_into(qtbot, dlg, "noi_dung", "Kiến nghị cấp giấy chứng nhận quyền sử dụng đất")
    return {"ho_ten": "Trần Thị Lan", "loai": "kien_nghi", "cccd": "051190001234", "thon_id": ctx["thon"]}


def edit_don_thu(qtbot, dlg, ctx):
    choose(dlg, "du_dieu_kien", 1)
    choose(dlg, "huong_xu_ly", "thu_ly")
    type_into(qtbot, dlg, "ngay_xu_ly", D)
    type_into(qtbot, dlg, "ngay_thu_ly", D)
    return {"huong_xu_ly": "thu_ly", "du_dieu_kien": 1}


def fill_tiep(qtbot, dlg, ctx):
    type_into(qtbot, dlg, "ngay_tiep", D)
    type_into(qtbot, dlg, "ho_ten", "Nguyễn Văn Đức")
    type_into(qtbot, dlg, "noi_dung", "Đề nghị cấp giấy chứng nhận")
    choose(dlg, "loai", "kien_nghi")
    return {"ho_ten": "Nguyễn Văn Đức", "ngay_tiep": (TODAY - dt.timedelta(days=3)).isoformat()}


def edit_tiep(qtbot, dlg, ctx):
    type_into(qtbot, dlg, "so_nguoi", "6")
    type_into(qtbot, dlg, "so_dai_dien", "2")
    choose(dlg, "hinh_thuc", "dinh_ky")
    choose(dlg, "nguoi_tiep", "chu_tich")
    return {"so_nguoi": 6, "so_dai_dien": 2, "hinh_thuc": "dinh_ky"}


def fill_doi_thoai(qtbot, dlg, ctx):
    type_into(qtbot, dlg, "chu_de", "Giải phóng mặt bằng đường ven biển")
    type_into(qtbot, dlg, "so_nguoi_du", "80")
    grid = dlg.field_widget("y_kien")
    grid.set_count("dat_dai", 5)
    grid.set_count("moi_truong", 2)
    type_into(qtbot, dlg, "so_tra_loi_tai_cho", "5")
    type_into(qtbot, dlg, "so_giao_xu_ly", "2")
    return {"so_nguoi_du": 80, "y_kien": [{"linh_vuc": "dat_dai", "so_luong": 5},
                                          {"linh_vuc": "moi_truong", "so_luong": 2}]}


def edit_doi_thoai(qtbot, dlg, ctx):
    dlg.field_widget("y_kien").set_count("dat_dai", 7)
    return {"y_kien": [{"linh_vuc": "dat_dai", "so_luong": 7}, {"linh_vuc": "moi_truong", "so_luong": 2}]}


def fill_hoa_giai(qtbot, dlg, ctx):
    choose(dlg, "to_hoa_giai_id", ctx["team"])
    type_into(qtbot, dlg, "ngay_nhan", D)
    mediators = dlg.field_widget("hoa_giai_vien_ids")
    assert mediators.list.count() == 2  # only this team's members
    mediators.set_checked(ctx["h1"])
    type_into(qtbot, dlg, "ben_a", "Võ Văn Ba")
    type_into(qtbot, dlg, "ben_b", "Đỗ Thị Tư")
    choose(dlg, "linh_vuc", "lang_gieng")
    type_into(qtbot, dlg, "noi_dung", "Tranh chấp lối đi chung")
    return {"to_hoa_giai_id": ctx["team"], "hoa_giai_vien_ids": [ctx["h1"]], "ben_a": "Võ Văn Ba"}


def edit_hoa_giai(qtbot, dlg, ctx):
    choose(dlg, "ket_qua", "thanh")
    type_into(qtbot, dlg, "ngay_ket_thuc", D)
    dlg.field_widget("hoa_giai_vien_ids").set_checked(ctx["h2"])
    return {"ket_qua": "thanh", "hoa_giai_vien_ids": sorted([ctx["h1"], ctx["h2"]])}


def fill_mo_hinh(qtbot, dlg, ctx):
    type_into(qtbot, dlg, "ten", "Hũ gạo tiết kiệm")
    choose(dlg, "linh_vuc", "kinh_te")
    choose(dlg, "don_vi", "phu_nu")
    type_into(qtbot, dlg, "nam_dang_ky", str(TODAY.year - 1))
    grid = dlg.field_widget("nam")
    assert grid.table.rowCount() == 1  # a new model starts with its "đăng ký mới" row
    assert grid.value()[0]["nam"] == str(TODAY.year - 1)  # following the registration year
    grid.add_row()
    assert grid.value()[1]["nam"] == str(TODAY.year)
    assert grid.value()[1]["trang_thai"] == "duy_tri"
    return {"ten": "Hũ gạo tiết kiệm", "nam": [
        {"nam": TODAY.year - 1, "trang_thai": "dang_ky_moi", "cong_nhan": None, "tieu_bieu": 0},
        {"nam": TODAY.year, "trang_thai": "duy_tri", "cong_nhan": None, "tieu_bieu": 0}]}


def edit_mo_hinh(qtbot, dlg, ctx):
    grid = dlg.field_widget("nam")
    grid.table.setCurrentCell(1, 0)
    grid.remove_button.click()
    grid.table.item(0, 2).setText("UBND huyện, 2024")
    grid.table.item(0, 3).setCheckState(Qt.Checked)
    return {"nam": [{"nam": TODAY.year - 1, "trang_thai": "dang_ky_moi", "cong_nhan": "UBND huyện, 2024",
                     "tieu_bieu": 1}]}


def fill_van_ban(qtbot, dlg, ctx):
    type_into(qtbot, dlg, "so_ky_hieu", "09/KH-UBND")
    type_into(qtbot, dlg, "ngay_ban_hanh", D)
    type_into(qtbot, dlg, "trich_yeu", "Triển khai công tác dân vận chính quyền năm 2025")
    return {"so_ky_hieu": "09/KH-UBND"}


def edit_van_ban(qtbot, dlg, ctx):
    type_into(qtbot, dlg, "phoi_hop", "Ủy ban MTTQ xã")
    return {"phoi_hop": "Ủy ban MTTQ xã"}


def fill_hoat_dong(qtbot, dlg, ctx):
    type_into(qtbot, dlg, "chu_de", "Tuyên truyền Luật Tiếp công dân")
    type_into(qtbot, dlg, "so_cuoc", "4")
    type_into(qtbot, dlg, "so_nguoi", "278")
    return {"so_cuoc": 4, "so_nguoi": 278}


def edit_hoat_dong(qtbot, dlg, ctx):
    choose(dlg, "loai", "tap_huan")
    return {"loai": "tap_huan"}


def fill_chi_tieu(qtbot, dlg, ctx):
    choose(dlg, "ma", "tthc_tiep_nhan")
    assert dlg.row_labels["gia_tri"].text() == "Giá trị (hồ sơ) *:"
    type_into(qtbot, dlg, "gia_tri", "1.963")
    return {"gia_tri": 1963.0, "ma": "tthc_tiep_nhan"}


def edit_chi_tieu(qtbot, dlg, ctx):
    type_into(qtbot, dlg, "gia_tri", "12,5")
    return {"gia_tri": 12.5}


MAIN = {
    "don_thu": (fill_don_thu, edit_don_thu),
    "tiep_cong_dan": (fill_tiep, edit_tiep),
    "doi_thoai": (fill_doi_thoai, edit_doi_thoai),
    "hoa_giai": (fill_hoa_giai, edit_hoa_giai),
    "mo_hinh": (fill_mo_hinh, edit_mo_hinh),
    "van_ban": (fill_van_ban, edit_van_ban),
    "hoat_dong": (fill_hoat_dong, edit_hoat_dong),
    "chi_tieu": (fill_chi_tieu, edit_chi_tieu),
}


def _check(row, expected):
    for k, v in expected.items():
        got = row[k]
        if isinstance(v, list) and v and isinstance(v[0], dict):
            got = [{kk: r.get(kk) for kk in v[0]} for r in got]
        assert got == v, (k, got, v)


@pytest.mark.parametrize("kind", list(MAIN))
def test_create_edit_delete_every_main_kind(qtbot, store, answers, kind):
    asked, replies = answers
    thon, team, h1, h2, *_ = catalogue(store)
    ctx = {"thon": thon, "team": team, "h1": h1, "h2": h2}
    fill, edit = MAIN[kind]

    dlg = editor(qtbot, store, kind)
    assert not dlg.is_dirty()
    expected = fill(qtbot, dlg, ctx)
    assert dlg.is_dirty()
    saved = []
    dlg.saved.connect(saved.append)
    assert dlg.save(), {n: lab.text() for n, lab in dlg.errors.items() if lab.text()}
    rid = saved[0]
    assert dlg.record_id == rid and not dlg.is_dirty()
    _check(store.get(kind, rid), expected)

    dlg2 = editor(qtbot, store, kind, rid)
    expected = edit(qtbot, dlg2, ctx)
    assert dlg2.save(), {n: lab.text() for n, lab in dlg2.errors.items() if lab.text()}
    _check(store.get(kind, rid), expected)

    dlg3 = editor(qtbot, store, kind, rid)
    assert dlg3.delete_button.isVisible()
    replies.append("delete")
    deleted = []
    dlg3.deleted.connect(deleted.append)
    dlg3.delete_button.click()
    assert asked and "Thùng rác" in asked[-1]  # issue 15 item 18: deletion goes to the trash
    assert deleted == [rid]
    assert store.get(kind, rid) is None


def test_catalogue_kinds_open_and_save(qtbot, store):
    thon, team, *_ = catalogue(store)
    values = {
        "thon": {"ten": "Tổ dân phố 3"},
        "lanh_dao": {"ho_ten": "Phạm Văn Hùng", "chuc_vu": "chu_tich"},
        "noi_nhan": {"ten": "Ban Dân vận Tỉnh ủy"},
        "to_hoa_giai": {"ten": "Tổ hòa giải TDP 3"},
        "hoa_giai_vien": {"ho_ten": "Ngô Thị Mai", "to_hoa_giai_id": team},
        "vu_viec": {"tieu_de": "Tranh chấp ranh giới đất nhà ông Ba"},
        "unit": {"ten": "Nghĩa Hiệp"},
    }
    assert set(values) | set(MAIN) == set(EDITOR_KINDS)
    for kind, vals in values.items():
        dlg = editor(qtbot, store, kind)
        for name, v in vals.items():
            w = dlg.field_widget(name)
            if not hasattr(w, "findData"):
                type_into(qtbot, dlg, name, v)
            else:
                choose(dlg, name, v)
        assert dlg.save(), (kind, {n: lab.text() for n, lab in dlg.errors.items() if lab.text()})
        row = store.get(kind, dlg.record_id)
        for name, v in vals.items():
            assert row[name] == v


# ------------------------------------------------------------ validation
def test_validation_error_keeps_typing_and_shows_message_under_field(qtbot, store):
    dlg = editor(qtbot, store, "tiep_cong_dan")
    type_into(qtbot, dlg, "ho_ten", "Nguyễn Thị Ánh")
    type_into(qtbot, dlg, "cccd", "0512")
    type_into(qtbot, dlg, "noi_dung", "Hỏi về chế độ người có công")
    type_into(qtbot, dlg, "ngay_ket_qua", "31/02/2025")
    assert not dlg.save()
    assert dlg.record_id is None and store.count("tiep_cong_dan") == 0
    # the typed text is untouched
    assert dlg.value("ho_ten") == "Nguyễn Thị Ánh"
    assert dlg.value("cccd") == "0512"
    assert dlg.value("ngay_ket_qua") == "31/02/2025"
    # each message sits right under its field, all at the first save (issue 15
    # item 9: the date that does not read no longer hides the CCCD's message);
    # the first wrong field has focus
    lab = dlg.error_label("ngay_ket_qua")
    assert lab.isVisible() and "không tồn tại" in lab.text()
    assert dlg.error_label("cccd").text() == "Số CCCD phải gồm đúng 12 chữ số."
    assert dlg.focusWidget() is dlg.field_widget("cccd")
    assert dlg.banner.isVisible() and "có 2 chỗ cần sửa" in dlg.banner.text()
    # fix the date: its message goes away at once, the CCCD's stays
    type_into(qtbot, dlg, "ngay_ket_qua", "")
    assert not lab.isVisible() and dlg.error_label("cccd").isVisible()
    assert not dlg.save()
    assert dlg.error_label("cccd").text() == "Số CCCD phải gồm đúng 12 chữ số."
    assert not dlg.error_label("ngay_ket_qua").isVisible()
    assert dlg.focusWidget() is dlg.field_widget("cccd")
    type_into(qtbot, dlg, "cccd", "051190001234")
    assert dlg.save()
    assert not dlg.banner.isVisible()
    assert store.get("tiep_cong_dan", dlg.record_id)["ho_ten"] == "Nguyễn Thị Ánh"


def test_validation_demo_shows_messages(qtbot, store):
    for kind in ("don_thu", "hoa_giai", "mo_hinh"):
        dlg = editor(qtbot, store, kind)
        show_validation_demo(dlg)
        shown = [n for n, lab in dlg.errors.items() if lab.isVisible()]
        assert len(shown) >= 2, kind


def test_dates_typed_loosely_are_tidied_and_calendar_pops_up(qtbot, store):
    dlg = editor(qtbot, store, "van_ban")
    w = dlg.field_widget("ngay_ban_hanh")
    type_into(qtbot, dlg, "ngay_ban_hanh", "5.3.2025")
    dlg.field_widget("co_quan_ban_hanh").setFocus()  # leaving the field
    w.editingFinished.emit()
    assert w.text() == "05/03/2025"
    w.setFocus()
    qtbot.keyClick(w, Qt.Key_F4)
    assert w.calendar_menu is not None and w.calendar_menu.isVisible()
    w.calendar_menu.close()
    # optional dates can be cleared
    dlg2 = editor(qtbot, store, "unit")
    type_into(qtbot, dlg2, "ten", "Nghĩa Hòa")
    type_into(qtbot, dlg2, "ngay_sap_nhap", "01/07/2025")
    assert dlg2.save()
    type_into(qtbot, dlg2, "ngay_sap_nhap", "")
    assert dlg2.save()
    assert store.get("unit", dlg2.record_id)["ngay_sap_nhap"] is None


# --------------------------------------------------------- keyboard flows
def test_escape_on_dirty_editor_asks(qtbot, store, answers):
    asked, replies = answers
    dlg = editor(qtbot, store, "van_ban")
    qtbot.keyClick(dlg, Qt.Key_Escape)  # nothing typed: closes at once
    assert not dlg.isVisible() and not asked

    dlg = editor(qtbot, store, "van_ban")
    type_into(qtbot, dlg, "so_ky_hieu", "12/KH-UBND")
    replies.append("keep")
    qtbot.keyClick(dlg.field_widget("so_ky_hieu"), Qt.Key_Escape)
    assert asked == ["Bỏ các thay đổi chưa lưu?"]
    assert dlg.isVisible() and dlg.value("so_ky_hieu") == "12/KH-UBND"
    replies.append("discard")
    qtbot.keyClick(dlg.field_widget("so_ky_hieu"), Qt.Key_Escape)
    assert len(asked) == 2 and not dlg.isVisible()
    assert store.count("van_ban") == 0


def test_ctrl_s_saves_and_ctrl_n_starts_new(qtbot, store, answers):
    asked, replies = answers
    dlg = editor(qtbot, store, "hoat_dong")
    dlg.activateWindow()
    qtbot.waitUntil(dlg.isActiveWindow, timeout=1000)
    type_into(qtbot, dlg, "chu_de", "Tập huấn hòa giải viên")
    qtbot.keyClick(dlg.field_widget("chu_de"), Qt.Key_N, Qt.ControlModifier)
    assert asked and "Lưu trước khi thêm mới" in asked[-1]  # answered "Hủy"
    assert dlg.value("chu_de") == "Tập huấn hòa giải viên"
    replies.append("save")
    qtbot.keyClick(dlg.field_widget("chu_de"), Qt.Key_N, Qt.ControlModifier)
    assert store.count("hoat_dong") == 1
    assert dlg.record_id is None and dlg.value("chu_de") == "" and not dlg.is_dirty()
    type_into(qtbot, dlg, "chu_de", "Kiểm tra công tác dân vận")
    qtbot.keyClick(dlg.field_widget("chu_de"), Qt.Key_S, Qt.ControlModifier)
    assert store.count("hoat_dong") == 2
    assert not dlg.isVisible() and dlg.saved_id is not None


def test_tab_order_follows_the_form(qtbot, store):
    dlg = editor(qtbot, store, "don_thu")
    dlg.activateWindow()
    w = dlg.field_widget("so_den")
    assert dlg.focusWidget() is w  # the first field has the focus on opening
    order = []
    for _ in range(6):
        order.append(dlg.focusWidget().objectName())
        dlg.focusNextChild()
    assert order[:4] == ["so_den", "ngay_nhan", "ngay_viet", "nguon"]


def test_open_editor_returns_saved_id_or_none(qtbot, store, monkeypatch):
    def fake_exec(self):
        type_into(qtbot, self, "tieu_de", "Vụ việc lối đi")
        self.save_button.click()
        return 1

    monkeypatch.setattr(EditorDialog, "exec", fake_exec)
    rid = open_editor(None, store, "vu_viec")
    assert store.get("vu_viec", rid)["tieu_de"] == "Vụ việc lối đi"
    monkeypatch.setattr(EditorDialog, "exec", lambda self: 0)
    assert open_editor(None, store, "vu_viec") is None


# -------------------------------------------------------- specific flows
def test_tiep_nhan_don_creates_the_linked_petition(qtbot, store):
    thon, *_ = catalogue(store)
    case = store.create("vu_viec", {"tieu_de": "Tranh chấp đất"})
    dlg = editor(qtbot, store, "tiep_cong_dan")
    type_into(qtbot, dlg, "ngay_tiep", D)
    type_into(qtbot, dlg, "ho_ten", "Lê Thị Bích")
    type_into(qtbot, dlg, "dia_chi", "Xóm 2")
    choose(dlg, "thon_id", thon)
    type_into(qtbot, dlg, "cccd", "051190009999")
    type_into(qtbot, dlg, "dien_thoai", "0905123456")
    choose(dlg, "loai", "khieu_nai")
    choose(dlg, "linh_vuc", "dat_dai")
    type_into(qtbot, dlg, "noi_dung", "Khiếu nại việc thu hồi đất")
    dlg.set_value("vu_viec_id", case)
    events = []
    ops.records_changed().changed.connect(lambda k, i: events.append((k, i)))
    dlg.receive_button.click()
    visit = dlg.record_id
    assert visit is not None
    assert store.get("tiep_cong_dan", visit)["huong_xu_ly"] == "tiep_nhan_don"
    pet = dlg.child_editor
    assert pet is not None and pet.kind_key == "don_thu" and pet.isVisible()
    qtbot.addWidget(pet)
    assert pet.value("nguon") == "tiep_cong_dan"
    assert pet.value("tiep_cong_dan_id") == visit
    assert pet.field_widget("tiep_cong_dan_id").display.text().startswith(D)
    assert pet.value("ngay_nhan") == D
    assert pet.value("ho_ten") == "Lê Thị Bích" and pet.value("cccd") == "051190009999"
    assert pet.value("loai") == "khieu_nai" and pet.value("vu_viec_id") == case
    assert pet.value("so_den") == "1"
    assert pet.save()
    assert events == [("tiep_cong_dan", visit), ("don_thu", pet.record_id)]  # lists can refresh
    row = store.get("don_thu", pet.record_id)
    assert (row["tiep_cong_dan_id"], row["nguon"], row["thon_id"], row["dien_thoai"]) == (
        visit, "tiep_cong_dan", thon, "0905123456")
    # pressing it again opens the petition already received, not a second one
    dlg.receive_button.click()
    qtbot.addWidget(dlg.child_editor)
    assert dlg.child_editor.record_id == pet.record_id
    assert store.count("don_thu") == 1


def _petition(store, **kw):
    data = {"ngay_nhan": TODAY.isoformat(), "ho_ten": "Trần Văn Hai", "loai": "kien_nghi",
            "noi_dung": "Kiến nghị sửa đường liên thôn", **kw}
    return store.create("don_thu", data)


def test_trung_lap_requires_the_original_picked_in_the_picker(qtbot, store, monkeypatch):
    original = _petition(store)
    secret = _petition(store, ho_ten="Người Tố Cáo Bí Mật", loai="to_cao", noi_dung="Tố cáo cán bộ địa chính")
    seen = {}

    def fake_exec(self):  # the clerk searches and picks the original
        self.search.setText("duong lien thon")
        self.refresh()
        seen["labels"] = [self.list.item(i).text() for i in range(self.list.count())]
        self.search.setText("")
        self.refresh()
        seen["all"] = [self.list.item(i).text() for i in range(self.list.count())]
        for i in range(self.list.count()):
            if self.list.item(i).data(Qt.UserRole) == original:
                self.list.setCurrentRow(i)
        self.accept_current()
        return 1

    monkeypatch.setattr(PickerDialog, "exec", fake_exec)
    dlg = editor(qtbot, store, "don_thu")
    type_into(qtbot, dlg, "ho_ten", "Trần Văn Hai")
    choose(dlg, "loai", "kien_nghi")
    type_into(qtbot, dlg, "noi_dung", "Kiến nghị sửa đường liên thôn (gửi lại)")
    assert not dlg.field_widget("ly_do_khong_du").isEnabled()
    choose(dlg, "du_dieu_kien", 0)
    assert dlg.field_widget("ly_do_khong_du").isEnabled()
    assert not dlg.field_widget("don_goc_id").isEnabled()
    choose(dlg, "ly_do_khong_du", "trung_lap")
    assert dlg.field_widget("don_goc_id").isEnabled()
    assert not dlg.save()
    assert dlg.error_label("don_goc_id").text() == "Đơn trùng lặp phải chọn đơn gốc."
    assert dlg.value("noi_dung") == "Kiến nghị sửa đường liên thôn (gửi lại)"
    # choosing "Trùng lặp" from the list opens the picker at once
    w = dlg.field_widget("ly_do_khong_du")
    w.activated.emit(w.currentIndex())
    assert dlg.value("don_goc_id") == original
    picker = dlg.field_widget("don_goc_id")
    assert original and picker.display.text().startswith(f"Số 1/{TODAY.year} – Trần Văn Hai")
    qtbot.keyClick(picker.choose_button, Qt.Key_Delete)  # keyboard: Delete unlinks, F4 picks
    assert dlg.value("don_goc_id") is None
    qtbot.keyClick(picker.choose_button, Qt.Key_F4)
    assert dlg.value("don_goc_id") == original
    assert seen["labels"] == [f"Số 1/{TODAY.year} – Trần Văn Hai – Kiến nghị sửa đường liên thôn"]
    assert any("(bảo mật)" in t for t in seen["all"])
    assert not any("Bí Mật" in t for t in seen["all"])
    assert dlg.save()
    row = store.get("don_thu", dlg.record_id)
    assert (row["don_goc_id"], row["du_dieu_kien"], row["huong_xu_ly"]) == (original, 0, "luu")
    assert secret


def test_petition_fields_follow_the_state_and_deadline_updates_live(qtbot, store):
    dlg = editor(qtbot, store, "don_thu")
    assert dlg.value("so_den") == "1"
    _petition(store)
    assert not dlg.field_widget("co_quan_nhan").isEnabled()
    assert not dlg.field_widget("ngay_thu_ly").isEnabled()
    type_into(qtbot, dlg, "ngay_nhan", (TODAY - dt.timedelta(days=20)).strftime("%d/%m/%Y"))
    assert "Quá hạn" in dlg.status_label.text() and "trễ" in dlg.status_label.text()
    assert "#c62828" in dlg.status_label.styleSheet()
    type_into(qtbot, dlg, "ngay_nhan", (TODAY - dt.timedelta(days=1)).strftime("%d/%m/%Y"))
    assert "còn" in dlg.status_label.text() and "#2e7d32" in dlg.status_label.styleSheet()
    choose(dlg, "loai", "to_cao")
    choose(dlg, "du_dieu_kien", 1)
    choose(dlg, "huong_xu_ly", "chuyen")
    assert dlg.field_widget("co_quan_nhan").isEnabled()
    choose(dlg, "huong_xu_ly", "thu_ly")
    assert dlg.field_widget("ngay_thu_ly").isEnabled() and dlg.field_widget("gia_han").isEnabled()
    # kết quả list filtered by loại
    assert "da_tra_loi" not in dlg.field_widget("ket_qua").codes()
    choose(dlg, "loai", "phan_anh")
    assert "da_tra_loi" in dlg.field_widget("ket_qua").codes() and "sai" not in dlg.field_widget("ket_qua").codes()
    # so_den follows the year of ngày nhận until typed
    dlg.set_value("ngay_nhan", "01/01/2021")
    assert dlg.value("so_den") == "1"
    type_into(qtbot, dlg, "ngay_nhan", TODAY.strftime("%d/%m/%Y"))
    assert dlg.value("so_den") == "2"


def test_completion_from_earlier_values_hides_denouncers(qtbot, store):
    store.create("tiep_cong_dan", {"ngay_tiep": TODAY.isoformat(), "ho_ten": "Nguyễn Văn Ảnh",
                                   "noi_dung": "Hỏi về đất"})
    _petition(store, ho_ten="Nguyễn Văn Tố", loai="to_cao", noi_dung="Tố cáo")
    dlg = editor(qtbot, store, "don_thu")
    w = dlg.field_widget("ho_ten")
    w.setFocus()
    key_text(qtbot, w, "nguyen")
    model = w.completer().model()
    names = [model.index(i, 0).data() for i in range(model.rowCount())]
    assert names == ["Nguyễn Văn Ảnh"]


def test_hoa_giai_team_change_reloads_mediators(qtbot, store):
    thon, team, h1, h2, team2, h3 = catalogue(store)
    dlg = editor(qtbot, store, "hoa_giai")
    lst = dlg.field_widget("hoa_giai_vien_ids")
    assert lst.list.count() == 0
    choose(dlg, "to_hoa_giai_id", team)
    lst.set_checked(h2)
    choose(dlg, "to_hoa_giai_id", team2)
    assert [lst.list.item(i).data(Qt.UserRole) for i in range(lst.list.count())] == [h3]
    assert lst.value() == []


def test_attachments_add_open_remove(qtbot, store, tmp_path, monkeypatch, answers):
    asked, replies = answers
    from PySide6.QtGui import QDesktopServices
    from PySide6.QtWidgets import QFileDialog

    f = tmp_path / "đơn_scan.pdf"
    f.write_bytes(b"%PDF-1.4 test")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *a, **k: ([str(f)], "")))
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url.toLocalFile()) or True))
    dlg = editor(qtbot, store, "van_ban")
    type_into(qtbot, dlg, "so_ky_hieu", "01/KH-UBND")
    type_into(qtbot, dlg, "trich_yeu", "Kế hoạch")
    dlg.add_file_button.click()  # before the first save: kept and added on save
    assert dlg.attachment_list.count() == 1 and dlg.is_dirty()
    assert dlg.save()
    atts = store.attachments("van_ban", dlg.record_id)
    assert [a["ten_goc"] for a in atts] == ["đơn_scan.pdf"]
    dlg.attachment_list.setCurrentRow(0)
    dlg.open_file_button.click()
    assert opened == [str(store.attachment_path(atts[0]))]
    replies.append("remove")
    dlg.remove_file_button.click()
    assert store.attachments("van_ban", dlg.record_id) == []
    assert dlg.attachment_list.count() == 0


def test_an_attachment_row_pointing_outside_the_data_folder_is_listed_never_opened(qtbot, store, tmp_path,
                                                                                  monkeypatch):
    """A book edited by hand (issue 13 item 1): the editor still opens, lists the row, and opening it
    says why instead of handing an outside file to the system."""
    from PySide6.QtGui import QDesktopServices

    outside = tmp_path / "thesis.docx"
    outside.write_bytes(b"not yours")
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url.toLocalFile()) or True))
    rid = store.create("van_ban", {"so_ky_hieu": "02/KH-UBND", "trich_yeu": "Kế hoạch", "ngay_ban_hanh": "02/02/2025",
                                   "loai": "ke_hoach"})
    store.conn.execute("INSERT INTO dinh_kem(record_kind, record_id, ten_goc, duong_dan, kich_thuoc, sha256) "
                       "VALUES ('van_ban', ?, 'thesis.docx', ?, 9, '')", (rid, str(outside)))
    dlg = editor(qtbot, store, "van_ban", rid)
    assert dlg.attachment_list.count() == 1
    dlg.attachment_list.setCurrentRow(0)
    dlg.open_file_button.click()
    assert opened == []
    assert dlg.banner.isVisibleTo(dlg) and "ngoài thư mục dữ liệu" in dlg.banner.text()
    assert outside.read_bytes() == b"not yours"


@pytest.mark.parametrize("password", [None, "mat-khau-cua-xa-2025"])
def test_stored_denouncer_identity_is_hidden_until_revealed(qtbot, store, password):
    from core.safety import secrets as security

    rid = _petition(store, ho_ten="Phan Văn Kín", loai="to_cao", cccd="051190007777",
                    noi_dung="Tố cáo cán bộ địa chính")
    if password:
        security.set_password(store, password)  # encrypts and unlocks (start-up prompt done)
    dlg = editor(qtbot, store, "don_thu", rid)
    assert dlg.reveal_button.isVisible()
    assert dlg.value("ho_ten") == "" and not dlg.field_widget("ho_ten").isEnabled()
    assert dlg.value("cccd") == "" and not dlg.is_dirty()
    # editing another field keeps the stored identity
    type_into(qtbot, dlg, "noi_dung", "Tố cáo cán bộ địa chính thu tiền sai quy định")
    assert dlg.save()
    assert security.identity(store, rid)["ho_ten"] == "Phan Văn Kín"
    assert security.identity(store, rid)["cccd"] == "051190007777"
    before = store.q1("SELECT count(*) FROM nhat_ky_thay_doi WHERE hanh_dong='reveal'")
    dlg.reveal_button.click()
    assert dlg.value("ho_ten") == "Phan Văn Kín" and dlg.field_widget("ho_ten").isEnabled()
    assert not dlg.reveal_button.isVisible() and not dlg.is_dirty()
    assert store.q1("SELECT count(*) FROM nhat_ky_thay_doi WHERE hanh_dong='reveal'") == before + 1
    type_into(qtbot, dlg, "dien_thoai", "0905111222")
    assert dlg.save()
    assert security.identity(store, rid)["dien_thoai"] == "0905111222"
    assert security.identity(store, rid)["ho_ten"] == "Phan Văn Kín"


@pytest.mark.parametrize("password", [None, "mat-khau-cua-xa-2025"])
def test_a_visit_classified_to_cao_hides_its_visitor_until_revealed(qtbot, store, password):
    """Issue 13: a tố cáo received in person is as secret as one in writing."""
    from core.safety import secrets as security

    vid = store.create("tiep_cong_dan", {"ngay_tiep": TODAY.isoformat(), "ho_ten": "Đoàn Thị Tiếp Kín",
                                         "cccd": "051987654321", "loai": "to_cao",
                                         "noi_dung": "Tố cáo trực tiếp cán bộ thu tiền"})
    if password:
        security.set_password(store, password)
    dlg = editor(qtbot, store, "tiep_cong_dan", vid)
    assert dlg.reveal_button.isVisible()
    assert dlg.value("ho_ten") == "" and not dlg.field_widget("ho_ten").isEnabled() and not dlg.is_dirty()
    type_into(qtbot, dlg, "ket_qua", "Đã hướng dẫn viết đơn tố cáo")
    assert dlg.save()  # the hidden (required) name is kept as stored
    assert security.identity(store, vid, "tiep_cong_dan")["ho_ten"] == "Đoàn Thị Tiếp Kín"
    before = store.q1("SELECT count(*) FROM nhat_ky_thay_doi WHERE hanh_dong='reveal'")
    dlg.reveal_button.click()
    assert dlg.value("cccd") == "051987654321" and dlg.field_widget("cccd").isEnabled()
    assert store.q1("SELECT count(*) FROM nhat_ky_thay_doi WHERE hanh_dong='reveal'") == before + 1
    # "Tiếp nhận đơn" after the (logged) reveal: the letter carries the identity
    pre = dlg.behaviour.petition_prefill()
    assert pre["ho_ten"] == "Đoàn Thị Tiếp Kín" and pre["loai"] == "to_cao"


def test_receiver_name_from_the_leaders_list(qtbot, store):
    store.create("lanh_dao", {"ho_ten": "Phạm Văn Hùng", "chuc_vu": "chu_tich"})
    dlg = editor(qtbot, store, "tiep_cong_dan")
    choose(dlg, "hinh_thuc", "dinh_ky")
    choose(dlg, "nguoi_tiep", "chu_tich")
    assert dlg.value("nguoi_tiep_ten") == "Phạm Văn Hùng"
    choose(dlg, "nguoi_tiep", "cong_chuc")
    assert dlg.value("nguoi_tiep_ten") == ""
    type_into(qtbot, dlg, "nguoi_tiep_ten", "Lê Thị Thu")
    choose(dlg, "nguoi_tiep", "chu_tich")  # a typed name is never overwritten
    assert dlg.value("nguoi_tiep_ten") == "Lê Thị Thu"


def test_unexpected_error_on_save_keeps_the_form(qtbot, store):
    dlg = editor(qtbot, store, "hoat_dong")
    type_into(qtbot, dlg, "chu_de", "Tuyên truyền pháp luật về đất đai")

    def boom(*a, **k):
        raise OSError("disk I/O error")

    store.create = boom  # instance attribute shadows the method
    assert not dlg.save()
    assert dlg.banner.isVisible() and "giữ nguyên" in dlg.banner.text()
    assert dlg.value("chu_de") == "Tuyên truyền pháp luật về đất đai" and dlg.is_dirty()
    del store.create
    assert dlg.save() and store.count("hoat_dong") == 1


def test_visit_on_a_known_case_is_not_a_first_visit(qtbot, store, monkeypatch):
    case = store.create("vu_viec", {"tieu_de": "Tranh chấp lối đi xóm 2"})
    store.create("tiep_cong_dan", {"ngay_tiep": TODAY.isoformat(), "ho_ten": "Võ Văn Ba",
                                   "noi_dung": "Tranh chấp lối đi", "vu_viec_id": case})
    new_case = store.create("vu_viec", {"tieu_de": "Xin xác nhận đất"})
    picks = [case, new_case]

    def fake_exec(self):
        assert self.kind_key == "vu_viec"
        self.selected_id = picks.pop(0)
        return 1

    monkeypatch.setattr(PickerDialog, "exec", fake_exec)
    dlg = editor(qtbot, store, "tiep_cong_dan")
    assert dlg.value("lan_dau") == 1
    dlg.field_widget("vu_viec_id").choose_button.click()
    assert dlg.value("vu_viec_id") == case and dlg.value("lan_dau") == 0
    dlg.field_widget("vu_viec_id").choose_button.click()
    assert dlg.value("vu_viec_id") == new_case and dlg.value("lan_dau") == 1


def test_hidden_enum_items_only_when_already_used(qtbot, store):
    rid = store.create("hoat_dong", {"ngay": TODAY.isoformat(), "chu_de": "Kiểm tra", "loai": "kiem_tra"})
    store.enum_save("loai_hoat_dong", "kiem_tra", "Kiểm tra", an=1)
    new = editor(qtbot, store, "hoat_dong")
    assert "kiem_tra" not in new.field_widget("loai").codes()
    old = editor(qtbot, store, "hoat_dong", rid)
    assert old.value("loai") == "kiem_tra" and old.field_widget("loai").currentText() == "Kiểm tra"
    assert old.save() and store.get("hoat_dong", rid)["loai"] == "kiem_tra"


def test_petition_links_fill_what_they_know(qtbot, store):
    case = store.create("vu_viec", {"tieu_de": "Đất nhà ông Hai"})
    first = _petition(store, vu_viec_id=case)
    visit = store.create("tiep_cong_dan", {"ngay_tiep": TODAY.isoformat(), "ho_ten": "Trần Văn Hai",
                                           "cccd": "051190003333", "noi_dung": "Hỏi tiến độ", "loai": "kien_nghi"})
    dlg = editor(qtbot, store, "don_thu")
    type_into(qtbot, dlg, "lan", "2")
    assert dlg.field_widget("don_truoc_id").isEnabled()
    dlg.set_value("don_truoc_id", first)
    assert dlg.value("lan") == "2" and dlg.value("vu_viec_id") == case
    choose(dlg, "nguon", "tiep_cong_dan")
    dlg.set_value("tiep_cong_dan_id", visit)
    assert dlg.value("ho_ten") == "Trần Văn Hai" and dlg.value("cccd") == "051190003333"
    assert dlg.value("loai") == "kien_nghi" and dlg.value("noi_dung") == "Hỏi tiến độ"
    assert dlg.save()
    row = store.get("don_thu", dlg.record_id)
    assert (row["don_truoc_id"], row["lan"], row["tiep_cong_dan_id"]) == (first, 2, visit)
