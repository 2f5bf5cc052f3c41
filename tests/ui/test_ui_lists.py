"""List pages and their models, driven like a clerk (pytest-qt, offscreen)."""
import datetime as dt

import pytest
from PySide6.QtCore import Qt

from core.records import listing
from ui.models import DictTableModel, RecordListModel
from ui.pages import list_page as lp_mod
from ui.pages.list_page import ListPage
from ui.widgets.period import make_period


@pytest.fixture(autouse=True)
def _vi(qapp):
    from ui.widgets import vi
    vi.install(qapp)


def _don(store, ho_ten, ngay="2025-03-10", loai="kien_nghi", **kw):
    data = {"ngay_nhan": ngay, "ho_ten": ho_ten, "loai": loai, "linh_vuc": "dat_dai",
            "noi_dung": "Đề nghị giải quyết việc cấp giấy chứng nhận"}
    data.update(kw)
    return store.create("don_thu", data)


def _page(qtbot, store, kind="don_thu", period=None):
    page = ListPage(store, kind)
    qtbot.addWidget(page)
    page.resize(1100, 600)
    page.set_period(period)
    page.show()
    qtbot.waitExposed(page)
    return page


def _column(page, key):
    cols = [c.key for c in page.model.columns]
    c = cols.index(key)
    return [page.model.data(page.model.index(r, c)) for r in range(page.model.rowCount())]


def _all_cells(model):
    return [model.data(model.index(r, c)) for r in range(model.rowCount()) for c in range(model.columnCount())]


def _fill_every_kind(store):
    to = store.create("to_hoa_giai", {"ten": "Tổ hòa giải thôn An Bình"})
    store.create("tiep_cong_dan", {"ngay_tiep": "2025-02-03", "ho_ten": "Đặng Thị Mai", "noi_dung": "Hỏi về đất"})
    store.create("doi_thoai", {"ngay": "2025-02-03", "chu_de": "Đối thoại về đất đai", "so_nguoi_du": 40})
    store.create("hoa_giai", {"ngay_nhan": "2025-02-03", "ben_a": "Lê Văn A", "noi_dung": "Lối đi chung",
                              "to_hoa_giai_id": to})
    store.create("mo_hinh", {"ten": "Hũ gạo tiết kiệm", "linh_vuc": "kinh_te", "nam_dang_ky": 2024,
                             "nam": [{"nam": 2025, "trang_thai": "duy_tri"}]})
    store.create("van_ban", {"so_ky_hieu": "09/KH-UBND", "ngay_ban_hanh": "2025-02-10", "trich_yeu": "Kế hoạch"})
    store.create("hoat_dong", {"ngay": "2025-02-10", "chu_de": "Tuyên truyền pháp luật", "so_nguoi": 120})
    store.create("chi_tieu", {"tu_ngay": "2025-01-01", "den_ngay": "2025-06-30", "ma": "tthc_tiep_nhan",
                              "gia_tri": 1807})


@pytest.mark.parametrize("kind", listing.LIST_KINDS)
def test_every_record_model_passes_qtmodeltester(qtmodeltester, store, kind):
    _fill_every_kind(store)
    for n in ["Đặng Văn Bình", "Dương Thị Hoa", "Trần Bí Mật"]:
        _don(store, n, loai="to_cao" if "Bí" in n else "kien_nghi")
    model = RecordListModel(store, kind)
    model.refresh()
    assert model.rowCount() >= 1
    qtmodeltester.check(model, force_py=True)
    model.sort(0, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(model, force_py=True)


def test_dict_model_passes_qtmodeltester_and_sorts_vietnamese(qtmodeltester):
    m = DictTableModel([("ten", "Tên"), ("id", "Mã")],
                       [{"id": i, "ten": n} for i, n in enumerate(["Đặng", "Dương", "Ân", "Ăn", "An", "Bình"])])
    qtmodeltester.check(m, force_py=True)
    m.sort(0)
    assert [r["ten"] for r in m.rows] == ["An", "Ăn", "Ân", "Bình", "Dương", "Đặng"]
    qtmodeltester.check(m, force_py=True)


def test_model_fetches_rows_lazily_by_page(store):
    with store.transaction():
        for i in range(450):
            _don(store, f"Người {i}")
    m = RecordListModel(store, "don_thu")
    m.refresh()
    assert m.rowCount() == 450 and m.fetches == 0
    m.data(m.index(0, 2))
    assert m.fetches == 1
    m.data(m.index(199, 2))
    assert m.fetches == 1
    m.data(m.index(449, 2))
    assert m.fetches == 2


def test_search_dang_finds_dang_with_diacritics(qtbot, store):
    _don(store, "Đặng Văn Bình")
    _don(store, "Nguyễn Thị Hoa")
    page = _page(qtbot, store)
    assert page.model.rowCount() == 2
    qtbot.keyClicks(page.filter_bar.search, "dang")
    page.filter_bar.flush()
    assert _column(page, "nguoi_gui") == ["Đặng Văn Bình"]
    assert "1 đơn" in page.count_label.text()
    page.filter_bar.search.clear()
    page.filter_bar.flush()
    qtbot.keyClicks(page.filter_bar.search, "khong co ai")
    page.filter_bar.flush()
    assert page.model.rowCount() == 0
    assert page.stack.currentWidget() is page.empty
    assert "khớp" in page.empty_title.text()
    qtbot.mouseClick(page.empty_action, Qt.MouseButton.LeftButton)
    assert page.model.rowCount() == 2


def test_sorting_by_name_is_vietnamese(qtbot, store):
    for n in ["Đặng Văn Bình", "Dương Thị Hoa", "Ân Văn Tư", "An Văn Tư", "Ăn Văn Tư", "Đỗ Thị Lan", "Dung Văn Ba"]:
        _don(store, n)
    _don(store, "Trần Bí Mật", loai="to_cao")
    page = _page(qtbot, store)
    col = [c.key for c in page.model.columns].index("nguoi_gui")
    page.view.horizontalHeader().setSortIndicator(col, Qt.SortOrder.AscendingOrder)
    names = _column(page, "nguoi_gui")
    assert names[:7] == ["An Văn Tư", "Ăn Văn Tư", "Ân Văn Tư", "Dung Văn Ba", "Dương Thị Hoa",
                         "Đặng Văn Bình", "Đỗ Thị Lan"]
    assert max(i for i, n in enumerate(names) if n.startswith("D")) < min(
        i for i, n in enumerate(names) if n.startswith("Đ"))
    assert names[-1] == listing.SECRET_TEXT


def test_to_cao_denouncer_never_appears_in_any_list_cell(qtbot, store):
    _fill_every_kind(store)
    _don(store, "Trần Bí Mật", loai="to_cao", dia_chi="Xóm Kín", dien_thoai="0905123456", cccd="012345678901")
    _don(store, "Lê Công Khai")
    for kind in listing.LIST_KINDS:
        page = _page(qtbot, store, kind)
        cells = " | ".join(str(x) for x in _all_cells(page.model))
        for secret in ("Bí Mật", "Xóm Kín", "0905123456", "012345678901"):
            assert secret not in cells, kind
        page.filter_bar.search.setText("Bí Mật")
        page.filter_bar.flush()
        assert page.model.rowCount() == 0, kind
    page = _page(qtbot, store, "don_thu")
    assert listing.SECRET_TEXT in _column(page, "nguoi_gui")


def test_delete_asks_and_deletes(qtbot, store, monkeypatch):
    a = _don(store, "Phạm Văn Xóa")
    _don(store, "Lê Văn Giữ")
    page = _page(qtbot, store)
    asked = []
    monkeypatch.setattr(lp_mod.vi, "ask", lambda *a, **k: asked.append(a[2]) or False)
    page.select_id(a)
    qtbot.keyClick(page.view, Qt.Key.Key_Delete)
    assert asked and "Xóa" in asked[0]
    assert store.get("don_thu", a) is not None
    monkeypatch.setattr(lp_mod.vi, "ask", lambda *a, **k: True)
    page.select_id(a)
    qtbot.keyClick(page.view, Qt.Key.Key_Delete)
    assert store.get("don_thu", a) is None
    assert page.model.rowCount() == 1
    assert "Phạm Văn Xóa" not in _column(page, "nguoi_gui")


def test_delete_refused_shows_vietnamese_error(qtbot, store, monkeypatch):
    a = _don(store, "Gốc")
    _don(store, "Trùng", du_dieu_kien=0, ly_do_khong_du="trung_lap", don_goc_id=a)
    page = _page(qtbot, store)
    errors = []
    monkeypatch.setattr(lp_mod.vi, "ask", lambda *a, **k: True)
    monkeypatch.setattr(lp_mod.vi, "error", lambda *a, **k: errors.append(a[2]))
    page.select_id(a)
    assert page.delete_current() is False
    assert errors and "liên kết" in errors[0]
    assert store.get("don_thu", a) is not None


def test_period_selector_filters(qtbot, store):
    _don(store, "Năm Trước", ngay="2024-05-01")
    _don(store, "Năm Nay", ngay="2025-05-01")
    _don(store, "Cuối Năm", ngay="2025-11-20")
    page = _page(qtbot, store, period=make_period(2025))
    assert sorted(_column(page, "nguoi_gui")) == ["Cuối Năm", "Năm Nay"]
    page.set_period(make_period(2025, "h1"))
    assert _column(page, "nguoi_gui") == ["Năm Nay"]
    page.set_period(make_period(2024))
    assert _column(page, "nguoi_gui") == ["Năm Trước"]
    page.set_period(None)
    assert page.model.rowCount() == 3
    page.set_period(make_period(2023))
    assert page.stack.currentWidget() is page.empty
    assert "năm 2023" in page.empty_title.text()


def test_filter_bar_type_and_status(qtbot, store):
    _don(store, "Khiếu Nại", loai="khieu_nai")
    _don(store, "Kiến Nghị")
    _don(store, "Đã Lưu", du_dieu_kien=0, ly_do_khong_du="khong_ro_noi_dung")
    page = _page(qtbot, store)
    cb = page.filter_bar.combos["loai"]
    cb.setCurrentIndex(cb.findData("khieu_nai"))
    assert _column(page, "nguoi_gui") == ["Khiếu Nại"]
    cb.setCurrentIndex(0)
    st = page.filter_bar.combos["trang_thai"]
    st.setCurrentIndex(st.findData("da_luu"))
    assert _column(page, "nguoi_gui") == ["Đã Lưu"]


def test_enter_and_double_click_open_the_editor(qtbot, store, monkeypatch):
    a = _don(store, "Mở Bằng Enter")
    page = _page(qtbot, store)
    opened = []

    def fake_open(parent, st, kind, record_id=None, prefill=None):
        opened.append((kind, record_id))
        if record_id:
            st.update(kind, record_id, {"ho_ten": "Đã Sửa Tên"})
        return record_id

    monkeypatch.setattr(lp_mod, "open_record", fake_open)
    page.select_id(a)
    qtbot.keyClick(page.view, Qt.Key.Key_Return)
    assert opened == [("don_thu", a)]
    assert _column(page, "nguoi_gui") == ["Đã Sửa Tên"]
    idx = page.model.index(0, 1)
    rect = page.view.visualRect(idx)
    qtbot.mouseDClick(page.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened[-1] == ("don_thu", a)


def test_empty_list_says_what_to_do(qtbot, store, monkeypatch):
    for kind in listing.LIST_KINDS:
        page = _page(qtbot, store, kind, period=make_period(2025))
        assert page.stack.currentWidget() is page.empty
        assert "Chưa có" in page.empty_title.text()
        assert "Ctrl+N" in page.empty_hint.text()
    created = []
    monkeypatch.setattr(lp_mod, "open_record",
                        lambda p, st, kind, record_id=None, prefill=None: created.append(kind) or _don(st, "Mới Thêm"))
    page = _page(qtbot, store, "don_thu")
    qtbot.mouseClick(page.empty_action, Qt.MouseButton.LeftButton)
    assert created == ["don_thu"]
    assert _column(page, "nguoi_gui") == ["Mới Thêm"]


def test_status_cell_is_coloured(qtbot, store):
    today = dt.date.today()
    _don(store, "Quá Hạn", ngay=(today - dt.timedelta(days=30)).isoformat())
    page = _page(qtbot, store)
    c = [x.key for x in page.model.columns].index("trang_thai")
    idx = page.model.index(0, c)
    assert page.model.data(idx) == "Quá hạn"  # the days late have their own column (issue 15 item 11)
    assert page.model.data(idx, Qt.ItemDataRole.BackgroundRole) is not None
    due = page.model.index(0, [x.key for x in page.model.columns].index("han"))
    assert "trễ" in page.model.data(due)
    assert page.model.data(due, Qt.ItemDataRole.BackgroundRole) is not None


def test_big_lists_load_ids_in_windows(qtmodeltester, store, monkeypatch):
    with store.transaction():
        for i in range(130):
            _don(store, f"Người {i:03d}", ngay=f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}")
    monkeypatch.setattr(RecordListModel, "WINDOW_THRESHOLD", 50)
    monkeypatch.setattr(RecordListModel, "WINDOW", 20)
    full = listing.query_ids(store, "don_thu")
    m = RecordListModel(store, "don_thu")
    m.refresh()
    assert m.windowed and m.rowCount() == 130
    assert [m.id_at(r) for r in range(130)] == full
    assert m.row_of(full[-1]) == 129
    qtmodeltester.check(m, force_py=True)
    # names are served by the sort_key index too (tố cáo rows share one key
    # that sorts last), so a name sort stays windowed
    m.sort([c.key for c in m.columns].index("nguoi_gui"), Qt.SortOrder.AscendingOrder)
    assert m.windowed
    assert m.ids() == listing.query_ids(store, "don_thu", sort=("nguoi_gui", False))


def test_list_state_gives_the_rows_as_shown(qtbot, store):
    _don(store, "Đặng Văn Bình", ngay="2025-02-01")
    _don(store, "Nguyễn Thị Hoa", ngay="2025-03-01")
    _don(store, "Ngoài Kỳ", ngay="2024-03-01")
    page = _page(qtbot, store, period=make_period(2025))
    page.filter_bar.search.setText("hoa")
    page.filter_bar.flush()
    st = page.list_state()
    headers, rows = listing.list_rows(store, st["kind_key"], st["filters"], st["search"], st["sort"], st["ids"])
    assert headers[2] == "Người gửi" and [r[2] for r in rows] == ["Nguyễn Thị Hoa"]
    assert st["title"] == "Đơn thư — năm 2025"


@pytest.mark.parametrize("kind", listing.LIST_KINDS)
def test_delete_one_record_of_every_kind(qtbot, store, monkeypatch, kind):
    _fill_every_kind(store)
    _don(store, "Phạm Văn Xóa", ngay="2025-02-01")
    page = _page(qtbot, store, kind, period=make_period(2025))
    n = page.model.rowCount()
    assert n >= 1
    rid = page.model.id_at(0)
    monkeypatch.setattr(lp_mod.vi, "ask", lambda *a, **k: True)
    page.view.setFocus()
    page.select_id(rid)
    qtbot.keyClick(page.view, Qt.Key.Key_Delete)
    assert not store.exists(kind, rid)
    assert page.model.rowCount() == n - 1


def test_list_refreshes_when_an_editor_elsewhere_saves_or_deletes(qtbot, store):
    """A petition created from a reception ("Tiếp nhận đơn") appears in the petition list."""
    from ui import ops
    from ui.pages.list_page import ListPage

    page = ListPage(store, "don_thu")
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    assert page.model.rowCount() == 0
    rid = store.create("don_thu", {"ngay_nhan": "05/03/2025", "ho_ten": "Đặng Văn Lâm", "loai": "kien_nghi",
                                   "noi_dung": "Kiến nghị"})
    ops.notify("don_thu", rid)  # what every editor says after saving
    assert page.model.rowCount() == 1
    store.delete("don_thu", rid)
    ops.notify("don_thu", rid)  # … and after deleting
    assert page.model.rowCount() == 0
    store.create("don_thu", {"ngay_nhan": "06/03/2025", "ho_ten": "Lê Văn Muộn", "loai": "kien_nghi",
                             "noi_dung": "Kiến nghị"})
    ops.notify("hoa_giai", 1)  # another kind: read again only when next shown
    assert page.model.rowCount() == 0 and page._dirty
    page.hide()
    page.show()
    assert page.model.rowCount() == 1 and not page._dirty


def test_a_narrow_page_keeps_dates_whole_and_the_search_box_usable(qtbot, store):
    """On a 1024×768 screen the list page is ~800 px wide: the search box
    moves to its own row, dates and numbers keep their width, text columns
    share the rest; on a wide page everything is on one row."""
    _don(store, "Nguyễn Thị Hoa", ngay="2025-12-27")
    page = _page(qtbot, store, period=make_period(2025))
    bar = page.filter_bar
    assert bar.two_rows is False
    page.resize(790, 600)
    qtbot.waitUntil(lambda: bar.two_rows)
    # typing room, not a sliver between combo boxes
    qtbot.waitUntil(lambda: bar.search.width() >= bar.SEARCH_MIN)
    assert bar.search.geometry().bottom() < bar.clear_btn.geometry().top()
    qtbot.waitUntil(lambda: abs(page._fitted - page.view.viewport().width()) < 8)
    cols = [c.key for c in page.model.columns]
    fm = page.view.fontMetrics()
    for key in ("so_den", "ngay_nhan"):
        c = cols.index(key)
        text = page.model.data(page.model.index(0, c))
        assert page.view.columnWidth(c) >= fm.horizontalAdvance(text) + 8, (key, text)
    total = sum(page.view.columnWidth(i) for i in range(len(cols)))
    assert total <= page.view.viewport().width()  # no sideways scrolling at this width either
    page.resize(1300, 600)
    qtbot.waitUntil(lambda: not bar.two_rows)
    # back on the filters' row (once the layout has run)
    qtbot.waitUntil(lambda: abs(bar.search.geometry().center().y() - bar.clear_btn.geometry().center().y()) < 6)
    assert bar.search.geometry().right() < bar.clear_btn.geometry().left()
