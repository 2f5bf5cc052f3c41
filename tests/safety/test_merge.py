"""Merging a predecessor commune's data: ids and links remapped,
attachments copied, idempotent (merge twice = merge once)."""
from __future__ import annotations

import pytest
from safety_data import DENOUNCER, fill_records, setup_catalogue

from core.records.fields import RECORD_KINDS
from core.safety import audit, merge
from core.safety import secrets as security
from core.session import open_session


@pytest.fixture
def source(tmp_path):
    s = open_session(tmp_path / "nghia_ha")
    s.create("unit", {"ten": "Nghĩa Hà", "loai": "xa", "is_current": 1, "tinh": "Quảng Ngãi"})
    ids = setup_catalogue(s)
    recs = fill_records(s, ids)
    s.enum_save("linh_vuc", "nuoc_sach", "Nước sạch nông thôn")
    recs["hd2"] = s.create("hoat_dong", {"ngay": "21/05/2025", "chu_de": "Nước sạch", "loai": "tuyen_truyen"})
    f = tmp_path / "bien_ban_hoa_giai.txt"
    f.write_text("Biên bản hòa giải thành", encoding="utf-8")
    s.add_attachment("hoa_giai", recs["hg"], f)
    yield s, ids, recs
    s.close()


def _counts(store, unit_ids):
    marks = ",".join("?" * len(unit_ids))
    return {k: store.q1(f"SELECT count(*) FROM {k} WHERE unit_id IN ({marks})", unit_ids) for k in RECORD_KINDS}


def test_merge_remaps_links_and_twice_equals_once(store, source):
    src, sids, srecs = source
    audit.install(store)
    mine = setup_catalogue(store)
    fill_records(store, mine, denouncer=False)
    before_mine = _counts(store, [store.current_unit_id()])

    r = merge.merge(store, src.data_dir, "Nghĩa Hà")
    unit = store.q("SELECT * FROM unit WHERE id=?", (r.unit_id,))[0]
    assert unit["ten"] == "Nghĩa Hà" and unit["merged_into_id"] == store.current_unit_id() and not unit["is_current"]
    assert r.unit_id in store.unit_scope()
    assert _counts(store, [r.unit_id]) == _counts(src, [src.current_unit_id()])
    assert _counts(store, [store.current_unit_id()]) == before_mine
    assert r.attachments == 1 and r.backup.exists()

    def new_id(table, old):
        return store.q1("SELECT new_id FROM merge_map WHERE bang=? AND old_id=?", (table, old))

    d2 = store.get("don_thu", new_id("don_thu", srecs["don2"]))
    assert d2["don_goc_id"] == new_id("don_thu", srecs["don1"]) and d2["unit_id"] == r.unit_id
    d1 = store.get("don_thu", d2["don_goc_id"])
    assert d1["thon_id"] == new_id("thon", sids["thon"]) and d1["noi_dung"] == "Kiến nghị sửa đường liên thôn"
    assert store.q1("SELECT unit_id FROM thon WHERE id=?", (d1["thon_id"],)) == r.unit_id
    assert d1["vu_viec_id"] == new_id("vu_viec", sids["vv"]) != mine["vv"]
    tc = store.get("tiep_cong_dan", new_id("tiep_cong_dan", srecs["tcd"]))
    assert tc["vu_viec_id"] == d1["vu_viec_id"]
    hg = store.get("hoa_giai", new_id("hoa_giai", srecs["hg"]))
    assert hg["hoa_giai_vien_ids"] == sorted([new_id("hoa_giai_vien", sids["hgv"]), new_id("hoa_giai_vien", sids["hgv2"])])
    assert hg["to_hoa_giai_id"] == new_id("to_hoa_giai", sids["to"])
    assert len(store.get("doi_thoai", new_id("doi_thoai", srecs["dt"]))["y_kien"]) == 2
    assert len(store.get("mo_hinh", new_id("mo_hinh", srecs["mh"]))["nam"]) == 2
    att = store.attachments("hoa_giai", hg["id"])
    assert len(att) == 1 and store.attachment_path(att[0]).read_text(encoding="utf-8") == "Biên bản hòa giải thành"
    assert store.enum_label("linh_vuc", "nuoc_sach") == "Nước sạch nông thôn"
    tocao = store.get("don_thu", new_id("don_thu", srecs["tocao"]))
    assert tocao["ho_ten"] == DENOUNCER  # no password here: clear, like the source
    assert store.search_ids("don_thu", "Tố Giác") == []  # …but never searchable
    assert store.search_ids("don_thu", "sửa đường") == sorted(
        [d1["id"], store.q1("SELECT id FROM don_thu WHERE unit_id=? AND noi_dung LIKE 'Kiến nghị sửa%'",
                            (store.current_unit_id(),))], reverse=True)
    assert audit.query(store, action="merge")

    # merge twice = merge once
    snapshot = {t: store.q(f"SELECT * FROM {t} ORDER BY rowid") for t in
                ("unit", "don_thu", "tiep_cong_dan", "hoa_giai", "hoa_giai_hgv", "doi_thoai_y_kien", "mo_hinh_nam",
                 "thon", "vu_viec", "dinh_kem")}
    r2 = merge.merge(store, src.path, "Nghĩa Hà")  # the .db file this time
    assert r2.total_added == 0 and r2.attachments == 0 and r2.unit_id == r.unit_id
    assert "đã được gộp" in r2.summary()
    for t, rows in snapshot.items():
        assert store.q(f"SELECT * FROM {t} ORDER BY rowid") == rows, t

    # a record added later in the source comes in alone
    src.create("hoat_dong", {"ngay": "01/06/2025", "chu_de": "Ghi thêm sau lần gộp đầu"})
    r3 = merge.merge(store, src.data_dir, "Nghĩa Hà")
    assert r3.total_added == 1 and r3.added["hoat_dong"] == 1


def test_merge_encrypted_source_and_target(store, source, tmp_path):
    src, _, srecs = source
    security.set_password(src, "mat-khau-nghia-ha")
    with pytest.raises(merge.MergeError, match="mật khẩu"):
        merge.merge(store, src.data_dir, "Nghĩa Hà")
    assert store.q1("SELECT count(*) FROM unit") == 1  # nothing happened
    security.set_password(store, "mat-khau-nghia-phuong")
    r = merge.merge(store, src.data_dir, "Nghĩa Hà", source_password="mat-khau-nghia-ha")
    rid = store.q1("SELECT new_id FROM merge_map WHERE bang='don_thu' AND old_id=?", (srecs["tocao"],))
    assert store.q1("SELECT ho_ten FROM don_thu WHERE id=?", (rid,)) is None  # encrypted here too
    assert security.reveal(store, rid)["ho_ten"] == DENOUNCER
    assert r.total_added > 0


def test_merge_refuses_bad_sources(store, tmp_path):
    with pytest.raises(merge.MergeError, match="Không tìm thấy"):
        merge.merge(store, tmp_path / "khong_co", "X")
    with pytest.raises(merge.MergeError, match="chính đơn vị"):
        merge.merge(store, store.data_dir, "X")
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"garbage" * 2000)
    with pytest.raises(merge.MergeError):
        merge.merge(store, bad, "X")
    with pytest.raises(merge.MergeError, match="tên đơn vị"):
        merge.merge(store, bad, "  ")


# ------------------------------ source rows validated (issue 13, item 14)
def _tamper(db, sql: str, params=()):
    import sqlite3

    conn = sqlite3.connect(str(db))
    try:
        conn.execute(sql, params)
        conn.commit()
    finally:
        conn.close()


def test_merge_validates_source_rows_like_an_import(store, source, tmp_path):
    from safety_data import DENOUNCER_CCCD

    from core.io import excel

    src, sids, srecs = source
    n_src = {k: src.count(k) for k in RECORD_KINDS}
    db = src.path
    src.close()
    # rows the program would never have written: a petition number with a control
    # character, a visit of an unknown kind, a dialogue whose opinions are not
    # numbers, an activity dated nowhere, a denouncer's CCCD of 3 digits
    _tamper(db, "UPDATE don_thu SET so_den=? WHERE id=?", ("abc\x01", srecs["don1"]))
    _tamper(db, "UPDATE tiep_cong_dan SET loai='khong_co_loai_nay' WHERE id=?", (srecs["tcd"],))
    _tamper(db, "UPDATE doi_thoai_y_kien SET so_luong='nhiều' WHERE doi_thoai_id=?", (srecs["dt"],))
    _tamper(db, "UPDATE hoat_dong SET ngay='31/02/2025' WHERE id=?", (srecs["hd"],))
    _tamper(db, "UPDATE don_thu SET cccd='123' WHERE id=?", (srecs["tocao"],))

    r = merge.merge(store, db.parent, "Nghĩa Hà")
    text = r.summary()
    # don2 is a duplicate of don1: without its original it cannot come either
    assert len(r.rejected) == 6, r.rejected
    assert "Bỏ qua 6 dòng không hợp lệ" in text
    for words in ("Số đến", "Phải là số nguyên", "khong_co_loai_nay", "Ý kiến", "Ngày", "CCCD", "Đơn gốc"):
        assert words in text, words
    assert DENOUNCER not in text and DENOUNCER_CCCD not in text and "“123”" not in text  # no identity echoed
    # the rest is merged, every link in place
    got = {k: store.q1(f"SELECT count(*) FROM {k} WHERE unit_id=?", (r.unit_id,)) for k in RECORD_KINDS}
    assert got["don_thu"] == n_src["don_thu"] - 3 and got["tiep_cong_dan"] == n_src["tiep_cong_dan"] - 1
    assert got["doi_thoai"] == n_src["doi_thoai"] - 1 and got["hoat_dong"] == n_src["hoat_dong"] - 1
    assert got["hoa_giai"] == n_src["hoa_giai"] and got["mo_hinh"] == n_src["mo_hinh"]
    assert not store.q1("SELECT count(*) FROM doi_thoai_y_kien WHERE doi_thoai_id NOT IN (SELECT id FROM doi_thoai)")
    assert r.attachments == 1
    # what came in exports (a control character in a number broke it)
    assert excel.export_kind(store, "don_thu", tmp_path / "don_thu.xlsx") == store.count("don_thu")
    assert excel.export_kind(store, "doi_thoai", tmp_path / "doi_thoai.xlsx") == store.count("doi_thoai")
    # merging again: the same rows refused, nothing added twice
    r2 = merge.merge(store, db.parent, "Nghĩa Hà")
    assert r2.total_added == 0 and len(r2.rejected) == 6


def test_merge_refuses_a_source_whose_commune_does_not_validate(store, source):
    src, _, _ = source
    db = src.path
    src.close()
    _tamper(db, "UPDATE unit SET dan_so='rất đông'")
    before = store.q1("SELECT count(*) FROM unit")
    with pytest.raises(merge.MergeError, match="Dân số|dân số"):
        merge.merge(store, db.parent, "Nghĩa Hà")
    assert store.q1("SELECT count(*) FROM unit") == before
