"""Annex tables: header spans cover the grid, widths are set, and every cell
states the same figure as the statistics (one computation)."""
import datetime as dt

import pytest

from core.report.annexes import ANNEX_TITLES, ANNEXES, build_annexes
from core.report.periods import Period
from core.report.prose import ProseContext
from core.report.stats import compute

TODAY = dt.date(2025, 12, 31)


def grid_width(rows) -> list[int]:
    """Number of grid columns each row covers, honouring row spans."""
    occupied = set()
    widths = []
    for ri, row in enumerate(rows):
        ci = 0
        for cell in row:
            while (ri, ci) in occupied:
                ci += 1
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    occupied.add((ri + dr, ci + dc))
            ci += cell.colspan
        widths.append(max([c for r, c in occupied if r == ri], default=-1) + 1)
    return widths


@pytest.fixture
def filled(store):
    t = store.create("to_hoa_giai", {"ten": "Tổ hòa giải thôn 1"})
    base = {"ho_ten": "Nguyễn Văn A", "noi_dung": "Nội dung", "linh_vuc": "dat_dai"}
    for i in range(12):
        store.create("tiep_cong_dan", {**base, "ngay_tiep": f"2025-02-{i + 1:02d}", "so_nguoi": 1 + i % 6,
                                       "hinh_thuc": ("thuong_xuyen", "dinh_ky", "dot_xuat")[i % 3],
                                       "nguoi_tiep": "cong_chuc" if i % 3 == 0 else "chu_tich"})
    for i in range(1200):  # thousands separator in the cells
        store.conn.execute("INSERT INTO tiep_cong_dan (unit_id, ngay_tiep, ho_ten, noi_dung) VALUES (1, ?, 'B', 'x')",
                           (f"2025-03-{1 + i % 28:02d}",))
    for i, loai in enumerate(("khieu_nai", "to_cao", "kien_nghi", "phan_anh")):
        store.create("don_thu", {**base, "loai": loai, "ngay_nhan": f"2025-03-{i + 1:02d}", "du_dieu_kien": 1,
                                 "huong_xu_ly": "thu_ly", "ngay_xu_ly": f"2025-03-{i + 2:02d}",
                                 "ngay_thu_ly": f"2025-03-{i + 2:02d}"})
    store.create("don_thu", {**base, "loai": "kien_nghi", "ngay_nhan": "2025-03-10", "du_dieu_kien": 1,
                             "huong_xu_ly": "thu_ly", "ngay_xu_ly": "2025-03-11", "ngay_thu_ly": "2025-03-11",
                             "ngay_giai_quyet": "2025-03-20", "ket_qua": "da_tra_loi"})
    store.create("don_thu", {**base, "loai": "kien_nghi", "ngay_nhan": "2025-03-10", "du_dieu_kien": 0,
                             "ly_do_khong_du": "trung_lap", "don_goc_id": 1})
    store.create("hoa_giai", {"ben_a": "A", "noi_dung": "x", "to_hoa_giai_id": t, "ngay_nhan": "2025-01-05",
                              "ket_qua": "thanh", "ngay_ket_thuc": "2025-01-09"})
    store.create("mo_hinh", {"ten": "Hũ gạo tiết kiệm", "linh_vuc": "kinh_te", "don_vi": "phu_nu",
                             "nam_dang_ky": 2024, "nam": [{"nam": 2025, "trang_thai": "duy_tri", "tieu_bieu": 1}]})
    return compute(store, Period.half(2025, 1), today=TODAY)


@pytest.mark.parametrize("key", sorted(ANNEXES))
def test_annex_grid_is_consistent(filled, key):
    ctx = ProseContext.for_stats(filled)
    annex = ANNEXES[key](filled, ctx)
    assert annex.title and annex.title == annex.title.upper() and ANNEX_TITLES[key]
    for t in annex.tables:
        n = len(t.widths_cm)
        assert n == t.n_cols and all(w > 0.5 for w in t.widths_cm)
        assert set(grid_width(t.header)) == {n}, grid_width(t.header)
        assert set(grid_width(t.rows)) == {n}
        assert len(t.note) < 120  # a one-line note, never a body paragraph


def test_reception_annex_matches_stats(filled):
    a = ANNEXES["tiep_cong_dan"](filled, ProseContext.for_stats(filled))
    row = [c.text for c in a.tables[0].rows[0]]
    r = filled.reception
    assert row[2:5] == [f"{r.total.luot:,}".replace(",", "."), f"{r.total.nguoi:,}".replace(",", "."),
                        f"{r.total.vu_viec:,}".replace(",", ".")]
    assert row[2] == "1.212"
    assert int(row[12]) == r.chu_tich.luot == r.dinh_ky.luot + r.dot_xuat.luot
    assert int(row[11]) == r.dinh_ky_sessions
    assert int(row[9]) == r.thuong_xuyen.doan


def test_petition_annexes_match_stats(filled):
    ctx = ProseContext.for_stats(filled)
    p = filled.petitions
    row = [c.text for c in ANNEXES["xu_ly_don"](filled, ctx).tables[0].rows[0]]
    assert row[2:7] == ["6", "0", "6", "6", "0"]
    assert row[7] == str(p.du) == "5"
    assert row[9:12] == ["1", "1", "3"] and row[12:16] == ["5", "1", "1", "3"]
    assert row[-2:] == ["1", "4"]
    g = ANNEXES["giai_quyet"](filled, ctx).tables[0]
    total = [c.text for c in g.rows[-1]]
    assert total[1] == "Tổng cộng" and total[2] == "5" and total[5] == "1" and total[-1] == "20,00%"
    assert [c.text for c in g.rows[2]][1] == "Kiến nghị, phản ánh"
    assert [c.text for c in g.rows[2]][12] == "1"  # đã trả lời, giải quyết


def test_mediation_and_models_annexes(filled):
    ctx = ProseContext.for_stats(filled)
    h = ANNEXES["hoa_giai"](filled, ctx).tables[0]
    assert [c.text for c in h.rows[0]][:8] == ["I", "Hòa giải ở cơ sở", "1", "0", "1", "1", "1", "0"]
    assert [c.text for c in h.rows[1]][1] == "Tổ hòa giải thôn 1"
    assert [c.text for c in h.rows[-1]][0] == "II"
    m = ANNEXES["mo_hinh"](filled, ctx).tables[0]
    # issue 12: a half-year report states the year's registered status; the recognition comes with the year's report
    assert [c.text for c in m.rows[0]] == ["1", "Hũ gạo tiết kiệm", "Kinh tế", "Hội Liên hiệp Phụ nữ", "", "2024",
                                          "Duy trì", ""]


def test_empty_store_annexes(store):
    stats = compute(store, Period.year(2025), today=TODAY)
    annexes = build_annexes(stats)
    assert len(annexes) == len(ANNEXES)
    m = annexes[-1].tables[0]
    assert m.rows[0][1].colspan == 7 and set(grid_width(m.rows)) == {8}
