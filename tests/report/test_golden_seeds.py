"""Golden fixtures (issue 5): record sets whose figures equal what the real
reports the project was given as seeds state (the figures are copied here;
the test reads nothing outside the repository), and the exact sentences the
prose builders must write from them."""
import datetime as dt
import random

import pytest

from core.report.annexes import ANNEXES
from core.report.document import Para, Table
from core.report.periods import Period
from core.report.prose import BUILDERS, ProseContext
from core.report.stats import compute
from core.session import open_session
from core.text import sort_key

D = dt.date


def texts(blocks) -> list[str]:
    return [b.text for b in blocks if isinstance(b, Para)]


def joined(blocks) -> str:
    return "\n".join(texts(blocks))


def run(store, period, key, today, **kw):
    stats = compute(store, period, today=today)
    ctx = ProseContext.for_stats(stats, **kw)
    return stats, BUILDERS[key](stats, ctx)


def make_store(tmp_path, ten, loai="xa", **unit):
    s = open_session(tmp_path / "data")
    s.create("unit", {"ten": ten, "loai": loai, "is_current": 1, **unit})
    return s


@pytest.fixture
def seed002(tmp_path):
    """Seed 002, year 2020: 53 periodic (Chairman) visits / 57 people, 170
    regular visits; 182 petitions (206 in 2019) — 94 on compensation, 31 land
    disputes, 05 environment, 52 other; no khiếu nại, no tố cáo, no crowd;
    153 resolved, 29 still within their deadline."""
    s = make_store(tmp_path, "Nghĩa Phương")
    for k in range(53):  # every Wednesday of 2020 (01/01 … 30/12)
        s.create("tiep_cong_dan", {"ngay_tiep": D(2020, 1, 1) + dt.timedelta(days=7 * k), "hinh_thuc": "dinh_ky",
                                   "nguoi_tiep": "chu_tich", "ho_ten": f"Công dân {k}", "noi_dung": "Bồi thường",
                                   "so_nguoi": 2 if k < 4 else 1, "linh_vuc": "boi_thuong"})
    for k in range(170):
        s.create("tiep_cong_dan", {"ngay_tiep": D(2020, 1, 2) + dt.timedelta(days=2 * k), "ho_ten": f"Người {k}",
                                   "noi_dung": "Hỏi chính sách", "linh_vuc": "dat_dai"})
    kinds = ([("kien_nghi", "boi_thuong")] * 94 + [("tranh_chap", "dat_dai")] * 31
             + [("kien_nghi", "moi_truong")] * 5 + [("phan_anh", "khac")] * 52)
    random.Random(2).shuffle(kinds)
    for i, (loai, lv) in enumerate(kinds):
        if i < 153:
            nhan = D(2020, 1, 6) + dt.timedelta(days=2 * i)
            extra = {"ngay_giai_quyet": nhan + dt.timedelta(days=15), "ket_qua": "da_tra_loi"}
        else:
            nhan = D(2020, 12, 5) + dt.timedelta(days=(i - 153) // 2)
            extra = {}
        s.create("don_thu", {"ngay_nhan": nhan, "ho_ten": "Nguyễn Văn A", "loai": loai, "linh_vuc": lv,
                             "noi_dung": "Đề nghị", "du_dieu_kien": 1, "huong_xu_ly": "thu_ly", "ngay_xu_ly": nhan,
                             "ngay_thu_ly": nhan, **extra})
    for i in range(206):
        nhan = D(2019, 1, 3) + dt.timedelta(days=i)
        s.create("don_thu", {"ngay_nhan": nhan, "ho_ten": "Trần Văn B", "loai": "kien_nghi", "noi_dung": "Đề nghị",
                             "du_dieu_kien": 1, "huong_xu_ly": "thu_ly", "ngay_xu_ly": nhan,
                             "ngay_giai_quyet": nhan + dt.timedelta(days=10), "ket_qua": "da_tra_loi"})
    yield s
    s.close()


def test_seed002_reception(seed002):
    stats, blocks = run(seed002, Period.year(2020), "tiep_cong_dan", D(2021, 1, 15))
    assert (stats.reception.dinh_ky.luot, stats.reception.dinh_ky.nguoi) == (53, 57)
    assert stats.reception.thuong_xuyen.luot == 170
    assert texts(blocks)[0] == (
        "Trong năm 2020, UBND xã tiếp 223 lượt/227 người/223 vụ việc; trong đó Chủ tịch UBND xã tiếp định kỳ "
        "53 lượt/57 người (53 kỳ tiếp); công chức tiếp thường xuyên 170 lượt/170 người; không có đoàn đông người.")


def test_seed002_petitions(seed002):
    stats, blocks = run(seed002, Period.year(2020), "don_thu", D(2021, 1, 15))
    assert texts(blocks) == [
        "Trong năm 2020, UBND xã tiếp nhận 182 đơn (giảm 24 đơn so với năm 2019), cả 182 đơn đều đủ điều kiện "
        "xử lý.",
        "Theo nội dung: bồi thường, hỗ trợ, tái định cư 94 đơn, tranh chấp đất đai 31 đơn, môi trường 05 đơn, "
        "khác 52 đơn. Trong kỳ không phát sinh đơn khiếu nại, tố cáo. Không có vụ việc đông người, phức tạp.",
        "Trong số đơn đủ điều kiện: thụ lý giải quyết 182 đơn thuộc thẩm quyền.",
        "Đã giải quyết 153/182 đơn thuộc thẩm quyền, đạt 84,07%; 29 đơn đang giải quyết trong hạn, "
        "không có đơn quá hạn.",
    ]
    # the same figures in the Inspectorate annex (one computation, many renderings)
    ann = ANNEXES["xu_ly_don"](stats, ProseContext.for_stats(stats))
    row = [c.text for c in ann.tables[0].rows[0]]
    assert row[2:5] == ["182", "0", "182"] and row[-2:] == ["153", "29"]
    # one decimal when the report asks for it
    _, blocks1 = run(seed002, Period.year(2020), "don_thu", D(2021, 1, 15), decimals=1)
    assert "đạt 84,1%" in joined(blocks1)
    # without comparison the bracket disappears
    _, blocks2 = run(seed002, Period.year(2020), "don_thu", D(2021, 1, 15), compare=False)
    assert texts(blocks2)[0] == "Trong năm 2020, UBND xã tiếp nhận 182 đơn, cả 182 đơn đều đủ điều kiện xử lý."


@pytest.fixture
def seed001(tmp_path):
    """Seed 001, review 2021–2025 (xã Nghĩa Phương)."""
    s = make_store(tmp_path, "Nghĩa Phương", so_ho=2382, dan_so=10122)
    kinds = ([("kien_nghi", "dat_dai")] * 30 + [("phan_anh", "dat_dai")] * 14 + [("kien_nghi", "moi_truong")] * 7
             + [("phan_anh", "chinh_sach")] * 5)
    for i, (loai, lv) in enumerate(kinds):
        nhan = D(2021, 2, 1) + dt.timedelta(days=31 * i)
        s.create("don_thu", {"ngay_nhan": nhan, "ho_ten": "Lê Văn C", "loai": loai, "linh_vuc": lv,
                             "noi_dung": "Kiến nghị về đất", "du_dieu_kien": 1, "huong_xu_ly": "thu_ly",
                             "ngay_xu_ly": nhan, "ngay_thu_ly": nhan, "ngay_giai_quyet": nhan + dt.timedelta(days=20),
                             "ket_qua": "da_tra_loi"})
    for d, n, people in (("2022-05-10", 3, 200), ("2024-03-15", 2, 150), ("2024-09-20", 2, 128)):
        s.create("hoat_dong", {"ngay": d, "chu_de": "Chỉ thị số 33/CT-TTg", "so_cuoc": n, "so_nguoi": people})
    for tu, den, vals in (("2021-01-01", "2023-12-31", (1000, 800, 300, 290, 900)),
                          ("2024-01-01", "2025-03-31", (963, 837, 499, 489, 970))):
        for ma, v in zip(("dvc_mot_phan_tong", "dvc_mot_phan_truc_tuyen", "dvc_toan_trinh_tong",
                          "dvc_toan_trinh_truc_tuyen", "khao_sat_phieu"), vals):
            s.create("chi_tieu", {"tu_ngay": tu, "den_ngay": den, "ma": ma, "gia_tri": v})
        s.create("chi_tieu", {"tu_ngay": tu, "den_ngay": den, "ma": "khao_sat_hai_long", "gia_tri": vals[-1]})
    for so, ngay, ty in (
            ("36/KH-UBND", "2022-04-21", "triển khai thực hiện công tác Dân vận chính quyền năm 2022 trên địa bàn xã"),
            ("09/KH-UBND", "2023-02-10", "triển khai, thực hiện công tác dân vận chính quyền năm 2023"),
            ("30/KH-UBND", "2024-03-08", "triển khai thực hiện công tác dân vận chính quyền năm 2024")):
        s.create("van_ban", {"so_ky_hieu": so, "ngay_ban_hanh": ngay, "trich_yeu": ty})
    for ten, lv, dv in (("Nồi cháo tình thương", "kinh_te", "mttq"), ("Hũ gạo tình thương", "kinh_te", "phu_nu"),
                        ("Nuôi heo sinh kế", "kinh_te", "nong_dan"),
                        ("Mâm cơm tri ân", "van_hoa_xa_hoi", "cuu_chien_binh"),
                        ("Tổ hỗ trợ thực hiện dịch vụ công trực tuyến", "van_hoa_xa_hoi", "doan_tn"),
                        ("Camera an ninh", "quoc_phong_an_ninh", "cong_an"),
                        ("Cổng trường an toàn giao thông", "quoc_phong_an_ninh", "cong_an")):
        s.create("mo_hinh", {"ten": ten, "linh_vuc": lv, "don_vi": dv, "nam_dang_ky": 2021,
                             "nam": [{"nam": 2021, "trang_thai": "dang_ky_moi"},
                                     {"nam": 2023, "trang_thai": "duy_tri"}]})
    yield s
    s.close()


P001 = Period.years(2021, 2025)
T001 = D(2025, 12, 31)


def test_seed001_petitions(seed001):
    stats, blocks = run(seed001, P001, "don_thu", T001)
    assert texts(blocks) == [
        "Trong giai đoạn 2021 – 2025, UBND xã tiếp nhận 56 đơn, cả 56 đơn đều đủ điều kiện xử lý.",
        "Theo nội dung: đất đai 44 đơn, môi trường 07 đơn, chế độ, chính sách 05 đơn. Trong kỳ không phát sinh "
        "đơn khiếu nại, tố cáo. Không có vụ việc đông người, phức tạp.",
        "Trong số đơn đủ điều kiện: thụ lý giải quyết 56 đơn thuộc thẩm quyền.",
        "Đã giải quyết 56/56 đơn thuộc thẩm quyền, đạt 100%.",
    ]
    table = [b for b in blocks if isinstance(b, Table)][0]
    assert [r[0].text for r in table.rows] == ["2021", "2022", "2023", "2024", "2025", "Tổng"]
    # issue 12: the carried-over column (thụ lý unresolved at the start; the total row: at the period's start)
    assert [c.text for c in table.rows[-1]] == ["Tổng", "56", "0", "56", "56", "100%"]
    assert sum(int(r[1].text) for r in table.rows[:-1]) == 56


def test_seed001_propaganda(seed001):
    _, blocks = run(seed001, P001, "tuyen_truyen", T001)
    t = texts(blocks)
    assert t[0] == "Kết quả giai đoạn 2021 – 2025, UBND xã tổ chức tuyên truyền được 07 cuộc với 478 lượt người nghe."
    table = [b for b in blocks if isinstance(b, Table)][0]
    assert [[c.text for c in r] for r in table.rows] == [
        ["2021", "0", "0"], ["2022", "3", "200"], ["2023", "0", "0"], ["2024", "4", "278"], ["2025", "0", "0"],
        ["Tổng", "7", "478"]]
    _, blocks = run(seed001, Period.year(2024), "tuyen_truyen", T001)
    assert texts(blocks) == ["Kết quả năm 2024, UBND xã tổ chức tuyên truyền được 04 cuộc với 278 lượt người nghe."]


def test_seed001_online_services_and_survey(seed001):
    _, blocks = run(seed001, P001, "cai_cach_hanh_chinh", T001)
    assert texts(blocks) == [
        # issue 12: the entries cover 01/01/2021–31/03/2025, not the whole review (the seed: "từ năm 2021-3/2025"),
        # and every rate has the report's two decimals
        "Kết quả cung cấp dịch vụ công trực tuyến (số liệu từ ngày 01/01/2021 đến ngày 31/03/2025):",
        "Một phần: 1.637/1.963 hồ sơ, đạt 83,39%;",
        "Toàn trình: 779/799 hồ sơ, đạt 97,50%;",
        "Tỷ lệ giải quyết hồ sơ trực tuyến: 2.416/2.762 hồ sơ, đạt 87,47%.",
        "UBND xã đã tổ chức khảo sát mức độ hài lòng của người dân, tổ chức với tổng 1.870 phiếu, trong đó hài "
        "lòng 1.870/1.870 phiếu, đạt 100%.",
    ]


def test_seed001_directive_documents(seed001):
    _, blocks = run(seed001, P001, "van_ban_chi_dao", T001)
    assert texts(blocks) == [
        "Trong giai đoạn 2021 – 2025, UBND xã đã ban hành 03 văn bản chỉ đạo, điều hành thực hiện công tác dân vận "
        "chính quyền, cụ thể:",
        "Kế hoạch số 36/KH-UBND ngày 21/04/2022 về triển khai thực hiện công tác Dân vận chính quyền năm 2022 "
        "trên địa bàn xã;",
        "Kế hoạch số 09/KH-UBND ngày 10/02/2023 về triển khai, thực hiện công tác dân vận chính quyền năm 2023;",
        "Kế hoạch số 30/KH-UBND ngày 08/03/2024 về triển khai thực hiện công tác dân vận chính quyền năm 2024.",
    ]
    assert [b.kind for b in blocks] == ["body", "bullet", "bullet", "bullet"]


def test_seed001_models_in_three_fields(seed001):
    stats, blocks = run(seed001, P001, "dan_van_kheo", T001)
    t = texts(blocks)
    assert t[0] == ("Trong giai đoạn 2021 – 2025, toàn xã triển khai thực hiện 07 mô hình “Dân vận khéo” trên 03 "
                    "lĩnh vực: kinh tế 03 mô hình, văn hóa – xã hội 02 mô hình, quốc phòng – an ninh 02 mô hình.")
    assert t[1] == ("Lĩnh vực kinh tế: mô hình “Hũ gạo tình thương” của Hội Liên hiệp Phụ nữ; mô hình “Nồi cháo "
                    "tình thương” của Ủy ban MTTQ; mô hình “Nuôi heo sinh kế” của Hội Nông dân.")
    assert t[3] == ("Lĩnh vực quốc phòng – an ninh: mô hình “Camera an ninh” của Công an; mô hình “Cổng trường an "
                    "toàn giao thông” của Công an.")
    table = [b for b in blocks if isinstance(b, Table)][0]
    assert [c.text for c in table.header[0]] == ["Năm", "Đăng ký mới", "Duy trì", "Tổng"]
    assert [[c.text for c in r] for r in table.rows][0] == ["2021", "7", "0", "7"]


@pytest.fixture
def seed003(tmp_path):
    """Seed 003, year 2023 (xã Ba Bích): 672 households, 2.273 people, 05
    villages; 06 models maintained, 01 replicated, 01 newly registered."""
    s = make_store(tmp_path, "Ba Bích", so_ho=672, dan_so=2273)
    for i, ten in enumerate(("Con Rã", "Đồng Tiên", "Gò Da", "Làng Mâm", "Nước Lăng")):
        s.create("thon", {"ten": ten, "thu_tu": i})
    models = [
        ("Hũ gạo tiết kiệm", "kinh_te", "phu_nu", "thôn Con Rã", "duy_tri"),
        ("Vệ sinh môi trường “Xanh, sạch, đẹp”", "van_hoa_xa_hoi", "cuu_chien_binh", "thôn Đồng Tiên", "duy_tri"),
        ("Mỗi cơ sở Đoàn hỗ trợ 01 thanh niên yếu thế", "van_hoa_xa_hoi", "doan_tn", None, "duy_tri"),
        ("Cán bộ, giáo viên đóng góp ủng hộ khi ốm đau, tai nạn", "van_hoa_xa_hoi", "truong_hoc", None, "duy_tri"),
        ("Thắp sáng đường quê", "kinh_te", "mttq", None, "duy_tri"),
        ("Dân vận khéo trong cải cách hành chính", "he_thong_chinh_tri", "ubnd", None, "duy_tri"),
        ("Vệ sinh môi trường khu dân cư", "van_hoa_xa_hoi", "mttq", None, "nhan_rong"),
        ("Cán bộ, công chức xã góp quỹ hỗ trợ hộ nghèo", "kinh_te", "dang_uy", None, "dang_ky_moi"),
    ]
    for ten, lv, dv, place, st_ in models:
        s.create("mo_hinh", {"ten": ten, "linh_vuc": lv, "don_vi": dv, "dia_ban": place, "nam_dang_ky": 2021,
                             "nam": [{"nam": 2023, "trang_thai": st_}]})
    for i in range(2):
        s.create("don_thu", {"ngay_nhan": D(2023, 3, 1 + i), "ho_ten": "Đinh Văn E", "loai": "kien_nghi",
                             "linh_vuc": "dat_dai", "noi_dung": "Đề nghị cấp giấy chứng nhận"})
    yield s
    s.close()


def test_seed003_profile(seed003):
    _, blocks = run(seed003, Period.year(2023), "dac_diem", D(2023, 12, 31))
    assert texts(blocks) == ["Xã Ba Bích có 672 hộ với 2.273 nhân khẩu, toàn xã có 05 thôn "
                             "(Con Rã, Đồng Tiên, Gò Da, Làng Mâm, Nước Lăng)."]


def test_seed003_models(seed003):
    stats, blocks = run(seed003, Period.year(2023), "dan_van_kheo", D(2023, 12, 31))
    t = texts(blocks)
    assert t[0] == ("Năm 2023, toàn xã có 08 mô hình “Dân vận khéo”: đăng ký mới 01 mô hình, duy trì 06 mô hình, "
                    "nhân rộng 01 mô hình.")
    i = t.index("Mô hình duy trì: 06 mô hình:")
    assert t[i + 1] == ("Lĩnh vực kinh tế: mô hình “Hũ gạo tiết kiệm” tại thôn Con Rã của Hội Liên hiệp Phụ nữ; "
                        "mô hình “Thắp sáng đường quê” của Ủy ban MTTQ.")
    assert t[i + 2].startswith("Lĩnh vực văn hóa – xã hội: mô hình “Cán bộ, giáo viên đóng góp ủng hộ khi ốm đau, "
                               "tai nạn” của Trường học; ")
    assert "mô hình Vệ sinh môi trường “Xanh, sạch, đẹp” tại thôn Đồng Tiên của Hội Cựu chiến binh." in t[i + 2]
    assert t[i + 3] == ("Lĩnh vực xây dựng hệ thống chính trị: mô hình “Dân vận khéo trong cải cách hành chính” "
                        "của UBND.")
    assert "Mô hình nhân rộng: 01 mô hình:" in t and "Mô hình đăng ký mới: 01 mô hình:" in t
    assert ("Lĩnh vực kinh tế: mô hình “Cán bộ, công chức xã góp quỹ hỗ trợ hộ nghèo” của Đảng ủy.") in t
    ann = ANNEXES["mo_hinh"](stats, ProseContext.for_stats(stats))
    assert len(ann.tables[0].rows) == 8


def test_seed003_no_complaint(seed003):
    _, blocks = run(seed003, Period.year(2023), "don_thu", D(2023, 12, 31))
    t = texts(blocks)
    assert "Trong kỳ không phát sinh đơn khiếu nại, tố cáo." in t[1]
    assert t[0] == "Trong năm 2023, UBND xã tiếp nhận 02 đơn, còn 02 đơn đang phân loại, xử lý."


def _bulk(store, table, rows):
    cols = list(rows[0])
    store.conn.executemany(f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                           [tuple(r[c] for c in cols) for r in rows])


@pytest.fixture
def seed004(tmp_path):
    """Seed 004, review 2015–2025 (phường Thạch Khê), inserted in bulk: 105
    dialogues / 10.250 attendees / 1.020 opinions, 3.650 reception visits,
    823 petitions, 154 models."""
    s = make_store(tmp_path, "Thạch Khê", loai="phuong")
    uid = s.current_unit_id()
    start = D(2015, 1, 5)
    span = (D(2025, 12, 20) - start).days
    with s.transaction():
        for i in range(105):
            cur = s.conn.execute(
                "INSERT INTO doi_thoai (unit_id, ngay, chu_de, so_nguoi_du) VALUES (?, ?, ?, ?)",
                (uid, (start + dt.timedelta(days=span * i // 105)).isoformat(), "Lắng nghe ý kiến Nhân dân",
                 58 if i == 104 else 98))
            n = 10 if i < 75 else 9
            s.conn.executemany("INSERT INTO doi_thoai_y_kien (doi_thoai_id, linh_vuc, so_luong) VALUES (?, ?, ?)",
                               [(cur.lastrowid, "dat_dai", n - 4), (cur.lastrowid, "do_thi", 3),
                                (cur.lastrowid, "moi_truong", 1)])
        _bulk(s, "tiep_cong_dan", [
            {"unit_id": uid, "ngay_tiep": (start + dt.timedelta(days=span * i // 3650)).isoformat(),
             "ho_ten": "Công dân", "noi_dung": "Hỏi", "so_nguoi": 1, "linh_vuc": ("dat_dai", "do_thi")[i % 2]}
            for i in range(3650)])
        per_year: dict[int, int] = {}
        rows = []
        for i in range(823):
            d = start + dt.timedelta(days=span * i // 823)
            per_year[d.year] = per_year.get(d.year, 0) + 1
            rows.append({"unit_id": uid, "so_den": per_year[d.year], "nam": d.year, "ngay_nhan": d.isoformat(),
                         "loai": "kien_nghi", "linh_vuc": "dat_dai", "noi_dung": "Đề nghị", "ho_ten": "X"})
        _bulk(s, "don_thu", rows)
        lvs = ("kinh_te", "van_hoa_xa_hoi", "quoc_phong_an_ninh", "he_thong_chinh_tri")
        models, years = [], []
        for i in range(154):
            y = 2015 + i % 11
            ten = f"Mô hình số {i + 1}"
            models.append({"id": i + 1, "unit_id": uid, "ten": ten, "linh_vuc": lvs[i % 4], "don_vi": "mttq",
                           "nam_dang_ky": y, "sort_key": sort_key(ten)})
            years.append({"mo_hinh_id": i + 1, "nam": y, "trang_thai": "dang_ky_moi"})
            if y < 2025:
                years.append({"mo_hinh_id": i + 1, "nam": y + 1, "trang_thai": "duy_tri"})
        _bulk(s, "mo_hinh", models)
        _bulk(s, "mo_hinh_nam", years)
    yield s
    s.close()


P004 = Period.years(2015, 2025)


def test_seed004_review(seed004):
    stats = compute(seed004, P004, today=D(2025, 12, 31))
    ctx = ProseContext.for_stats(stats)
    assert ctx.unit_title == "UBND phường Thạch Khê" and ctx.unit_short == "UBND phường"
    tcd = joined(BUILDERS["tiep_cong_dan"](stats, ctx))
    assert tcd.startswith("Trong giai đoạn 2015 – 2025, UBND phường tiếp 3.650 lượt/3.650 người/3.650 vụ việc; "
                          "trong đó công chức tiếp thường xuyên 3.650 lượt/3.650 người; không có đoàn đông người.")
    assert ("Trong giai đoạn 2015 – 2025, UBND phường tổ chức 105 cuộc đối thoại trực tiếp, hội nghị lắng nghe ý "
            "kiến Nhân dân với 10.250 lượt người tham dự; tiếp nhận 1.020 ý kiến, tập trung vào lĩnh vực đất đai "
            "(600 ý kiến), quản lý đô thị, trật tự xây dựng (315 ý kiến), môi trường (105 ý kiến).") in tcd
    don = joined(BUILDERS["don_thu"](stats, ctx))
    assert don.startswith("Trong giai đoạn 2015 – 2025, UBND phường tiếp nhận 823 đơn, còn 823 đơn đang phân loại")
    mh = BUILDERS["dan_van_kheo"](stats, ctx)
    assert texts(mh)[0] == ("Trong giai đoạn 2015 – 2025, toàn phường triển khai thực hiện 154 mô hình “Dân vận "
                            "khéo” trên 04 lĩnh vực: kinh tế 39 mô hình, văn hóa – xã hội 39 mô hình, quốc phòng – "
                            "an ninh 38 mô hình, xây dựng hệ thống chính trị 38 mô hình.")
    assert texts(mh)[1].endswith("và 27 mô hình khác.")  # 39 named up to 12
    # the per-year tables add up to the period totals
    t = [b for b in BUILDERS["tiep_cong_dan"](stats, ctx) if isinstance(b, Table)][0]
    assert len(t.rows) == 12 and sum(int(r[1].text.replace(".", "")) for r in t.rows[:-1]) == 3650
    assert t.rows[-1][1].text == "3.650" and t.rows[-1][4].text == "105"
