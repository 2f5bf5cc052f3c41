"""Every record kind created, read, updated and deleted through core.Store."""
import unicodedata

import pytest

from core.records.store import open_store
from core.records.validation import ValidationError


def _catalogue(store):
    thon = store.create("thon", {"ten": "Thôn An Bình"})
    team = store.create("to_hoa_giai", {"ten": "Tổ hòa giải thôn An Bình", "thon_id": thon})
    hgv1 = store.create("hoa_giai_vien", {"to_hoa_giai_id": team, "ho_ten": "Lê Văn Tám", "vai_tro": "to_truong"})
    hgv2 = store.create("hoa_giai_vien", {"to_hoa_giai_id": team, "ho_ten": "Phạm Thị Hoa"})
    return thon, team, hgv1, hgv2


CASES = {
    "tiep_cong_dan": ({"ngay_tiep": "03/03/2025", "ho_ten": "Nguyễn Văn Đức", "noi_dung": "Đề nghị cấp GCN",
                       "hinh_thuc": "dinh_ky", "nguoi_tiep": "chu_tich", "so_nguoi": 6, "so_dai_dien": 2},
                      {"noi_dung": "Đề nghị cấp giấy chứng nhận quyền sử dụng đất"}),
    "don_thu": ({"ngay_nhan": "05/03/2025", "ho_ten": "Trần Thị Lan", "loai": "kien_nghi", "linh_vuc": "dat_dai",
                 "noi_dung": "Kiến nghị cấp giấy"},
                {"du_dieu_kien": 1, "huong_xu_ly": "thu_ly", "ngay_xu_ly": "06/03/2025", "ngay_thu_ly": "06/03/2025"}),
    "doi_thoai": ({"ngay": "10/04/2025", "chu_de": "Giải phóng mặt bằng", "so_nguoi_du": 80,
                   "y_kien": [{"linh_vuc": "dat_dai", "so_luong": 5}, {"linh_vuc": "moi_truong", "so_luong": 2}],
                   "so_tra_loi_tai_cho": 5, "so_giao_xu_ly": 2},
                  {"y_kien": [{"linh_vuc": "dat_dai", "so_luong": 7}], "so_giao_xu_ly": 0}),
    "hoa_giai": ({"ngay_nhan": "02/02/2025", "ben_a": "Võ Văn Ba", "ben_b": "Đỗ Thị Tư", "noi_dung": "Lối đi chung",
                  "linh_vuc": "lang_gieng"},
                 {"ket_qua": "thanh", "ngay_ket_thuc": "20/02/2025"}),
    "mo_hinh": ({"ten": "Hũ gạo tiết kiệm", "linh_vuc": "kinh_te", "don_vi": "phu_nu", "nam_dang_ky": 2023,
                 "nam": [{"nam": 2023, "trang_thai": "dang_ky_moi"}, {"nam": 2024, "trang_thai": "duy_tri"}]},
                {"nam": [{"nam": 2023, "trang_thai": "dang_ky_moi"}, {"nam": 2024, "trang_thai": "nhan_rong", "tieu_bieu": 1}]}),
    "van_ban": ({"so_ky_hieu": "09/KH-UBND", "ngay_ban_hanh": "10/02/2025", "trich_yeu": "Triển khai công tác dân vận"},
                {"phoi_hop": "Ủy ban MTTQ xã"}),
    "hoat_dong": ({"ngay": "15/03/2025", "chu_de": "Tuyên truyền Chỉ thị 33", "so_cuoc": 2, "so_nguoi": 140},
                  {"so_nguoi": 150}),
    "chi_tieu": ({"tu_ngay": "01/01/2025", "den_ngay": "30/06/2025", "ma": "tthc_tiep_nhan", "gia_tri": "1.963"},
                 {"gia_tri": 1964}),
    "lanh_dao": ({"ho_ten": "Nguyễn Văn Hùng", "chuc_vu": "chu_tich"}, {"ho_ten": "Nguyễn Văn Hưng"}),
    "noi_nhan": ({"ten": "Sở Nội vụ"}, {"ten": "Sở Nội vụ tỉnh"}),
    "vu_viec": ({"tieu_de": "Tranh chấp đất thửa 12"}, {"linh_vuc": "dat_dai"}),
}


@pytest.mark.parametrize("kind", list(CASES))
def test_crud_every_kind(store, kind):
    thon, team, hgv1, hgv2 = _catalogue(store)
    data, change = CASES[kind]
    data = dict(data)
    if kind == "hoa_giai":
        data.update(to_hoa_giai_id=team, hoa_giai_vien_ids=[hgv1, hgv2])
    rid = store.create(kind, data)
    row = store.get(kind, rid)
    assert row["id"] == rid and row["unit_id"] == store.current_unit_id()
    store.update(kind, rid, change)
    row2 = store.get(kind, rid)
    for k, v in change.items():
        if k in ("y_kien", "nam"):
            assert [r["nam"] if k == "nam" else r["linh_vuc"] for r in row2[k]] == \
                   [r["nam"] if k == "nam" else r["linh_vuc"] for r in v]
        elif k in ("ngay_xu_ly", "ngay_thu_ly", "ngay_ket_thuc"):
            assert row2[k] == "20" + v[-2:] + "-" + v[3:5] + "-" + v[:2]
        else:
            assert row2[k] == v
    assert row2["updated_at"] >= row["updated_at"]
    store.delete(kind, rid)
    assert store.get(kind, rid) is None


def test_children_replaced_and_cascaded(store):
    _, team, h1, h2 = _catalogue(store)
    rid = store.create("hoa_giai", {"ngay_nhan": "02/02/2025", "ben_a": "A", "noi_dung": "x", "to_hoa_giai_id": team,
                                    "hoa_giai_vien_ids": [h1, h2]})
    assert store.get("hoa_giai", rid)["hoa_giai_vien_ids"] == sorted([h1, h2])
    store.update("hoa_giai", rid, {"hoa_giai_vien_ids": [h2]})
    assert store.get("hoa_giai", rid)["hoa_giai_vien_ids"] == [h2]
    store.delete("hoa_giai", rid)
    assert store.q1("SELECT count(*) FROM hoa_giai_hgv") == 0


def test_failed_validation_writes_nothing(store):
    before = store.count("don_thu")
    with pytest.raises(ValidationError):
        store.create("don_thu", {"ngay_nhan": "05/03/2025", "ho_ten": "A", "loai": "kien_nghi", "noi_dung": "x",
                                 "cccd": "12"})
    assert store.count("don_thu") == before


def test_nfd_input_is_stored_as_nfc(store):
    nfd = unicodedata.normalize("NFD", "Nguyễn Văn Đức")
    assert nfd != "Nguyễn Văn Đức"
    rid = store.create("tiep_cong_dan", {"ngay_tiep": "03/03/2025", "ho_ten": nfd, "noi_dung": unicodedata.normalize("NFD", "Đất đai")})
    row = store.get("tiep_cong_dan", rid)
    assert row["ho_ten"] == "Nguyễn Văn Đức" and unicodedata.is_normalized("NFC", row["ho_ten"])
    assert row["noi_dung"] == "Đất đai"


def test_folded_search(store):
    a = store.create("tiep_cong_dan", {"ngay_tiep": "03/03/2025", "ho_ten": "Đặng Thị Hoa", "noi_dung": "x"})
    b = store.create("tiep_cong_dan", {"ngay_tiep": "03/03/2025", "ho_ten": "Nguyễn Văn Đức", "noi_dung": "y"})
    store.create("tiep_cong_dan", {"ngay_tiep": "03/03/2025", "ho_ten": "Lê Văn Tám", "noi_dung": "z"})
    assert store.search_ids("tiep_cong_dan", "dang") == [a]
    assert store.search_ids("tiep_cong_dan", "nguyen van duc") == [b]
    assert store.search_ids("tiep_cong_dan", "NGUYỄN đức") == [b]
    store.update("tiep_cong_dan", a, {"ho_ten": "Đinh Thị Hoa"})
    assert store.search_ids("tiep_cong_dan", "dang") == []
    assert store.search_ids("tiep_cong_dan", "dinh") == [a]


def test_denouncer_identity_not_in_search_index(store):
    rid = store.create("don_thu", {"ngay_nhan": "05/03/2025", "ho_ten": "Hoàng Văn Bí", "loai": "to_cao",
                                   "noi_dung": "Tố cáo cán bộ địa chính"})
    assert store.search_ids("don_thu", "hoang van bi") == []
    assert store.search_ids("don_thu", "dia chinh") == [rid]


def test_search_falls_back_to_like_without_fts(tmp_path, monkeypatch):
    from core.records import schema

    monkeypatch.setattr(schema, "fts5_available", lambda db: False)
    s = open_store(tmp_path / "nofts")
    s.create("unit", {"ten": "X", "is_current": 1})
    assert not schema.has_fts(s.db, "tiep_cong_dan")
    rid = s.create("tiep_cong_dan", {"ngay_tiep": "03/03/2025", "ho_ten": "Đặng Văn Ơn", "noi_dung": "x"})
    assert s.search_ids("tiep_cong_dan", "dang on") == [rid]
    s.close()


def test_so_den_suggested_and_unique_per_unit_and_year(store):
    base = {"ho_ten": "A", "loai": "kien_nghi", "noi_dung": "x"}
    a = store.create("don_thu", {**base, "ngay_nhan": "05/03/2025"})
    b = store.create("don_thu", {**base, "ngay_nhan": "06/03/2025"})
    c = store.create("don_thu", {**base, "ngay_nhan": "06/01/2024"})
    assert [store.get("don_thu", i)["so_den"] for i in (a, b, c)] == [1, 2, 1]
    assert store.next_so_den(nam=2025) == 3
    with pytest.raises(ValidationError) as e:
        store.create("don_thu", {**base, "ngay_nhan": "07/03/2025", "so_den": 2})
    assert e.value.errors["so_den"].startswith("Số đến 2/2025 đã dùng cho đơn khác")
    # another unit may reuse the number
    pred = store.create("unit", {"ten": "Hòa Bình", "merged_into_id": store.current_unit_id()})
    store.create("don_thu", {**base, "ngay_nhan": "07/03/2025", "so_den": 2, "unit_id": pred})


def test_attachments_copied_into_data_folder(store, tmp_path):
    rid = store.create("van_ban", {"so_ky_hieu": "1/KH-UBND", "ngay_ban_hanh": "01/02/2025", "trich_yeu": "x"})
    src = tmp_path / "ke hoạch.pdf"
    src.write_bytes(b"%PDF-1.4 test")
    aid = store.add_attachment("van_ban", rid, src)
    att = store.attachments("van_ban", rid)[0]
    assert att["id"] == aid and not att["duong_dan"].startswith("/")
    p = store.attachment_path(att)
    assert p.read_bytes() == b"%PDF-1.4 test" and store.data_dir in p.parents
    store.remove_attachment(aid)
    assert not p.exists() and store.attachments("van_ban", rid) == []


def test_delete_refused_while_linked(store):
    base = {"ho_ten": "A", "loai": "kien_nghi", "noi_dung": "x", "ngay_nhan": "05/03/2025"}
    orig = store.create("don_thu", base)
    store.create("don_thu", {**base, "du_dieu_kien": 0, "ly_do_khong_du": "trung_lap", "don_goc_id": orig})
    with pytest.raises(ValidationError) as e:
        store.delete("don_thu", orig)
    assert "liên kết" in e.value.errors["id"]
    assert store.get("don_thu", orig) is not None


def test_enumerations_editable_and_used_codes_protected(store):
    store.enum_save("linh_vuc", "giao_duc", "Giáo dục")
    assert store.enum_label("linh_vuc", "giao_duc") == "Giáo dục"
    store.enum_save("linh_vuc", "dat_dai", "Đất đai, nhà ở")
    assert store.enum_label("linh_vuc", "dat_dai") == "Đất đai, nhà ở"
    store.create("don_thu", {"ngay_nhan": "05/03/2025", "ho_ten": "A", "loai": "kien_nghi", "linh_vuc": "giao_duc", "noi_dung": "x"})
    with pytest.raises(ValidationError):
        store.enum_delete("linh_vuc", "giao_duc")
    store.enum_save("linh_vuc", "giao_duc", "Giáo dục", an=1)
    assert "giao_duc" not in [r["code"] for r in store.enum_items("linh_vuc")]
    store.enum_save("linh_vuc", "tam", "Tạm")
    store.enum_delete("linh_vuc", "tam")
    assert "tam" not in store.enum_codes("linh_vuc")


def test_denunciations_sort_after_every_name_without_revealing_it(store):
    """Sorting by sender uses the sort_key index; tố cáo rows share one key
    that sorts last, so their position says nothing about the name."""
    base = {"ngay_nhan": "05/03/2025", "loai": "kien_nghi", "noi_dung": "x"}
    store.create("don_thu", {**base, "ho_ten": "Đặng Văn B"})
    a = store.create("don_thu", {**base, "ho_ten": "An Văn A", "loai": "to_cao"})
    z = store.create("don_thu", {**base, "ho_ten": "Yên Thị Z", "loai": "to_cao"})
    store.create("don_thu", {**base, "ho_ten": "Dương Văn C"})
    order = [r["id"] for r in store.q("SELECT id FROM don_thu ORDER BY sort_key, id")]
    assert order[-2:] == [a, z]
    assert [store.get("don_thu", i)["ho_ten"] for i in order[:2]] == ["Dương Văn C", "Đặng Văn B"]
    plan = " ".join(str(r) for r in store.conn.execute("EXPLAIN QUERY PLAN SELECT id FROM don_thu ORDER BY sort_key"))
    assert "idx_don_thu_sort" in plan
