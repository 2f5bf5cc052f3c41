"""Realistic Vietnamese demo data (``python main.py demo``).

A merged commune (xã Hòa Phong, formed on 01/07/2025 from xã Hòa Bình and
xã Hòa Lộc) with villages, leaders, mediation teams, recipients, and a few
years of petitions, reception visits, dialogues, mediation cases, "Dân vận
khéo" models, directive documents, activities and period figures — volumes of
a real commune by default, or ``records=N`` spread over the kinds for
benchmarks (1,000,000 in minutes: rows are generated valid by construction and
written with batched ``executemany``; triggers keep the search index in sync).
"""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from core.errors import UserError
from core.records.secrecy import SECRET_SORT_KEY
from core.text import fold, sort_key

SURNAMES = [("Nguyễn", 38), ("Trần", 11), ("Lê", 9.5), ("Phạm", 7), ("Huỳnh", 4), ("Hoàng", 2), ("Phan", 4.5),
            ("Võ", 3), ("Vũ", 1.5), ("Đặng", 2.1), ("Bùi", 2), ("Đỗ", 1.4), ("Hồ", 1.3), ("Ngô", 1.3),
            ("Dương", 1), ("Lý", 0.5), ("Đinh", 0.8), ("Trương", 0.8), ("Lương", 0.5), ("Mai", 0.4), ("Tạ", 0.3),
            ("Đoàn", 0.6), ("Châu", 0.3), ("Lâm", 0.3)]
MIDDLE_M = ["Văn", "Hữu", "Đức", "Minh", "Quang", "Xuân", "Công", "Thanh", "Ngọc", "Đình"]
MIDDLE_F = ["Thị", "Thị", "Thị", "Ngọc", "Thanh", "Hồng", "Kim", "Thu", "Mỹ"]
GIVEN_M = ["An", "Bình", "Cường", "Dũng", "Đức", "Giang", "Hải", "Hùng", "Hưng", "Khánh", "Long", "Minh", "Nam",
           "Phong", "Phúc", "Quân", "Sơn", "Tài", "Thắng", "Thành", "Trung", "Tuấn", "Việt", "Vinh", "Ân", "Đạt",
           "Lộc", "Toàn", "Hiếu", "Nghĩa"]
GIVEN_F = ["Anh", "Ánh", "Châu", "Dung", "Hà", "Hạnh", "Hằng", "Hoa", "Hương", "Lan", "Liên", "Linh", "Mai",
           "Nga", "Ngọc", "Nhung", "Oanh", "Phương", "Quyên", "Thảo", "Thu", "Trang", "Tuyết", "Vân", "Yến", "Ăn"]

CURRENT = {"ten": "Hòa Phong", "loai": "xa", "tinh": "Quảng Ngãi", "ma": "21001", "is_current": 1,
           "co_quan_chu_quan": "", "dia_danh": "Hòa Phong", "kinh_gui": "Ủy ban nhân dân tỉnh Quảng Ngãi",
           "dien_tich_ha": 3245.6, "dan_so": 18452, "so_ho": 4987,
           "dan_toc_ton_giao": "Dân tộc Kinh chiếm đa số; có 312 hộ đồng bào Hrê. Có 02 tôn giáo: Phật giáo, Công giáo.",
           "ngay_sap_nhap": None}
PREDECESSORS = [{"ten": "Hòa Bình", "loai": "xa", "ma": "20998"}, {"ten": "Hòa Lộc", "loai": "xa", "ma": "20999"}]
MERGE_DATE = dt.date(2025, 7, 1)
VILLAGES = {"Hòa Bình": ["Thôn An Bình", "Thôn Phước Thọ", "Thôn Đông Hòa", "Thôn Tây Sơn"],
            "Hòa Lộc": ["Thôn Lộc Thượng", "Thôn Lộc Hạ", "Thôn Đồng Ruộng", "Tổ dân phố Chợ Mới"]}

CONTENT = {
    "dat_dai": ["Đề nghị cấp giấy chứng nhận quyền sử dụng đất thửa đất số {n}, tờ bản đồ số {m}",
                "Tranh chấp ranh giới thửa đất với hộ ông {name} tại {thon}",
                "Phản ánh hộ {name} lấn chiếm đất công tại {thon}",
                "Đề nghị điều chỉnh diện tích đất sau dồn điền đổi thửa",
                "Kiến nghị giải quyết việc cấp đổi giấy chứng nhận quyền sử dụng đất còn chậm",
                "Đề nghị xác nhận nguồn gốc đất để làm thủ tục chuyển mục đích sử dụng"],
    "boi_thuong": ["Kiến nghị về đơn giá bồi thường khi thu hồi đất làm đường tỉnh 628",
                   "Đề nghị bố trí đất tái định cư cho hộ bị thu hồi đất ở",
                   "Khiếu nại phương án hỗ trợ chuyển đổi nghề khi thu hồi đất nông nghiệp"],
    "do_thi": ["Phản ánh hộ {name} xây dựng nhà không phép tại {thon}",
               "Phản ánh việc lấn chiếm hành lang an toàn giao thông",
               "Đề nghị xử lý công trình xây dựng sai giấy phép gây ảnh hưởng nhà liền kề"],
    "moi_truong": ["Phản ánh cơ sở chăn nuôi heo gây ô nhiễm môi trường tại {thon}",
                   "Phản ánh việc đổ rác thải sai quy định dọc kênh N6",
                   "Kiến nghị nạo vét mương thoát nước gây ngập úng khu dân cư"],
    "chinh_sach": ["Đề nghị xem xét chế độ trợ cấp cho người có công với cách mạng",
                   "Kiến nghị về việc bình xét hộ nghèo, cận nghèo năm {y}",
                   "Đề nghị hưởng trợ cấp bảo trợ xã hội cho người cao tuổi"],
    "tu_phap": ["Đề nghị cải chính hộ tịch trong giấy khai sinh",
                "Kiến nghị về thời gian giải quyết hồ sơ chứng thực"],
    "tham_nhung": ["Phản ánh cán bộ thôn thu các khoản đóng góp không công khai"],
    "khac": ["Phản ánh tiếng ồn của quán karaoke sau 22 giờ",
             "Kiến nghị sửa chữa đường điện chiếu sáng tại {thon}",
             "Đề nghị hỗ trợ kinh phí sửa chữa nhà ở bị hư hỏng do bão"],
}
MEDIATION_CONTENT = {
    "lang_gieng": ["Mâu thuẫn về lối đi chung giữa hai hộ", "Mâu thuẫn do nước thải sinh hoạt chảy sang nhà bên cạnh",
                   "Mâu thuẫn do tiếng ồn, vật nuôi gây hư hại hoa màu"],
    "dan_su": ["Tranh chấp ranh giới đất vườn", "Tranh chấp hợp đồng vay tài sản", "Tranh chấp chia thừa kế quyền sử dụng đất"],
    "hon_nhan": ["Mâu thuẫn vợ chồng, có nguy cơ ly hôn", "Mâu thuẫn giữa mẹ chồng và nàng dâu", "Tranh chấp nghĩa vụ cấp dưỡng nuôi con"],
    "vi_pham": ["Xô xát nhẹ giữa thanh niên hai thôn", "Va chạm giao thông gây thiệt hại nhỏ về tài sản"],
    "khac": ["Mâu thuẫn trong việc góp tiền xây dựng đường bê tông ngõ xóm"],
}
MODELS = [
    ("Hũ gạo tiết kiệm", "kinh_te", "phu_nu"), ("Thắp sáng đường quê", "van_hoa_xa_hoi", "doan_tn"),
    ("Nồi cháo tình thương", "van_hoa_xa_hoi", "phu_nu"), ("Ngôi nhà không đồng", "van_hoa_xa_hoi", "mttq"),
    ("Nuôi heo sinh kế giúp hội viên nghèo", "kinh_te", "nong_dan"), ("Camera an ninh khu dân cư", "quoc_phong_an_ninh", "cong_an"),
    ("Cổng trường an toàn giao thông", "quoc_phong_an_ninh", "cong_an"), ("Tổ hỗ trợ dịch vụ công trực tuyến", "he_thong_chinh_tri", "doan_tn"),
    ("Thu gom phế liệu gây quỹ khuyến học", "van_hoa_xa_hoi", "cuu_chien_binh"), ("Đan giỏ mây xuất khẩu", "kinh_te", "phu_nu"),
    ("Mâm cơm tri ân gia đình chính sách", "van_hoa_xa_hoi", "cuu_chien_binh"), ("Dân vận khéo trong giải phóng mặt bằng", "kinh_te", "ubnd"),
    ("Tuyến đường hoa kiểu mẫu", "van_hoa_xa_hoi", "thon"), ("Tổ liên gia tự quản an ninh trật tự", "quoc_phong_an_ninh", "cong_an"),
    ("Chi bộ thôn gắn với dân", "he_thong_chinh_tri", "dang_uy"), ("Ly cà phê 20 ngàn tiếp sức em đến trường", "van_hoa_xa_hoi", "doan_tn"),
    ("Cắt tóc miễn phí cho người cao tuổi", "van_hoa_xa_hoi", "nguoi_cao_tuoi"), ("Bể chứa bao bì thuốc bảo vệ thực vật", "kinh_te", "nong_dan"),
]
DIRECTIVES = [
    ("ke_hoach", "KH-UBND", "Triển khai thực hiện công tác dân vận chính quyền năm {y} trên địa bàn xã", "Khối vận, Ủy ban MTTQ xã"),
    ("ke_hoach", "KH-UBND", "Thực hiện dân chủ ở cơ sở năm {y}", ""),
    ("quyet_dinh", "QĐ-UBND", "Kiện toàn Tổ tiếp công dân xã năm {y}", ""),
    ("ke_hoach", "KH-UBND", "Tuyên truyền cải cách hành chính năm {y}", ""),
    ("cong_van", "UBND", "Tiếp tục triển khai phong trào thi đua “Dân vận khéo” năm {y}", "Ủy ban MTTQ xã"),
    ("ke_hoach", "KH-UBND", "Kiểm tra việc chấp hành kỷ luật, kỷ cương hành chính năm {y}", ""),
]
SUPERIOR = [("cong_van", "SNV", "Sở Nội vụ tỉnh Quảng Ngãi", "Báo cáo kết quả công tác dân vận chính quyền năm {y}"),
            ("ke_hoach", "KH-UBND", "Ủy ban nhân dân tỉnh Quảng Ngãi", "Thực hiện công tác dân vận chính quyền năm {y}")]
# when in the year each superior document is issued: the year's plan early in the year, the request
# for the year's report at its end (first month, window in days)
SUPERIOR_WINDOW = {"cong_van": (11, 40), "ke_hoach": (1, 75)}
MERGER_RESOLUTION = ("Nghị quyết số 1656/NQ-UBTVQH15 ngày 16/6/2025 của Ủy ban Thường vụ Quốc hội về việc sắp xếp "
                     "các đơn vị hành chính cấp xã của tỉnh Quảng Ngãi năm 2025")
# documents still in force in the later years (cited as "tiếp tục triển khai"); year 0: the first demo year
LASTING = [("chi_dao", "chuong_trinh", "01/CTr-UBND", None, "Phối hợp giữa Ủy ban nhân dân xã và Ủy ban Mặt trận Tổ "
            "quốc Việt Nam xã trong thực hiện công tác dân vận chính quyền giai đoạn {y} – {y2}", "Ủy ban MTTQ xã", 0, 3, 15),
           ("cap_tren", "chi_thi", "33/CT-TTg", "Thủ tướng Chính phủ", "Tiếp tục tăng cường và đổi mới công tác dân "
            "vận của cơ quan hành chính nhà nước, chính quyền các cấp trong tình hình mới", None, 2021, 11, 26)]


@dataclass
class _Ctx:
    rnd: random.Random
    today: dt.date
    villages: dict[int, list[tuple[int, str]]] = field(default_factory=dict)  # unit -> [(thon_id, name)]
    teams: dict[int, list[tuple[int, list[int]]]] = field(default_factory=dict)  # unit -> [(team, [hgv])]


def _weighted(rnd, pairs):
    items, weights = zip(*pairs)
    return rnd.choices(items, weights)[0]


def person(rnd: random.Random) -> str:
    sur = _weighted(rnd, SURNAMES)
    if rnd.random() < 0.55:
        return f"{sur} {rnd.choice(MIDDLE_M)} {rnd.choice(GIVEN_M)}"
    return f"{sur} {rnd.choice(MIDDLE_F)} {rnd.choice(GIVEN_F)}"


def _as_stored(store, kind: str, row: dict) -> dict:
    """A tố cáo row the way the store writes it: through its write filters
    (with a password, the identity encrypted and bound to the row's id —
    ``core.safety.secrets``; refused while the book is locked)."""
    for f in store.write_filters:
        row = f(store, kind, row)
    return row


def _insert(store, table: str, rows: list[dict]):
    if not rows:
        return
    cols = list(rows[0])
    store.conn.executemany(f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                           [[r.get(c) for c in cols] for r in rows])


def _rand_date(rnd, start: dt.date, end: dt.date) -> dt.date:
    span = (end - start).days
    return start + dt.timedelta(days=rnd.randint(0, max(span, 0)))


def _setup_profile(store, ctx: _Ctx) -> tuple[int, list[int]]:
    """Create the commune, its predecessors, villages, people and catalogues
    (each only when absent, so demo data can be added to a real profile)."""
    rnd = ctx.rnd
    cur = store.current_unit()
    if cur is not None:
        cur_id = cur["id"]
        preds = [u["id"] for u in store.units() if u["merged_into_id"] == cur_id]
    else:
        cur_id = store.create("unit", {**CURRENT, "ngay_sap_nhap": None, "nghi_quyet_sap_nhap": MERGER_RESOLUTION})
        store.set_setting(DEMO_MARK, ctx.today.isoformat())  # this book is the demo's (``is_demo_book``)
        preds = []
        for p in PREDECESSORS:
            preds.append(store.create("unit", {**p, "tinh": CURRENT["tinh"], "merged_into_id": cur_id,
                                               "ngay_sap_nhap": MERGE_DATE.isoformat()}))
    unit_ids = [cur_id, *preds]
    if not store.q1("SELECT count(*) FROM thon WHERE unit_id=?", (cur_id,)):
        names = [v for p in PREDECESSORS for v in VILLAGES[p["ten"]]]
        for order, v in enumerate(names, 1):
            # the villages now belong to the merged commune
            store.create("thon", {"unit_id": cur_id, "ten": v, "loai": "to_dan_pho" if v.startswith("Tổ") else "thon",
                                  "thu_tu": order})
    if not store.q1("SELECT count(*) FROM lanh_dao WHERE unit_id=?", (cur_id,)):
        store.create("lanh_dao", {"unit_id": cur_id, "ho_ten": "Nguyễn Văn Hùng", "chuc_vu": "chu_tich", "thu_tu": 1})
        store.create("lanh_dao", {"unit_id": cur_id, "ho_ten": "Trần Thị Mai", "chuc_vu": "pho_chu_tich", "thu_tu": 2})
        store.create("lanh_dao", {"unit_id": cur_id, "ho_ten": "Lê Quang Đạt", "chuc_vu": "pho_chu_tich", "thu_tu": 3})
    if not store.q1("SELECT count(*) FROM noi_nhan WHERE unit_id=?", (cur_id,)):
        for i, nn in enumerate(["Sở Nội vụ tỉnh Quảng Ngãi", "Ban Dân vận Tỉnh ủy", "Thường trực Đảng ủy xã",
                                "Thường trực HĐND xã", "Ủy ban MTTQ Việt Nam xã", "Chủ tịch, các Phó Chủ tịch UBND xã",
                                "Lưu: VT, VP"], 1):
            store.create("noi_nhan", {"unit_id": cur_id, "ten": nn, "thu_tu": i})
    if not store.q1("SELECT count(*) FROM to_hoa_giai WHERE unit_id=?", (cur_id,)):
        for t in store.q("SELECT id, ten FROM thon WHERE unit_id=? ORDER BY thu_tu", (cur_id,)):
            short = t["ten"].replace("Thôn ", "thôn ").replace("Tổ dân phố ", "TDP ")
            team = store.create("to_hoa_giai", {"unit_id": cur_id, "ten": f"Tổ hòa giải {short}", "thon_id": t["id"]})
            for j in range(rnd.randint(3, 5)):
                store.create("hoa_giai_vien", {"to_hoa_giai_id": team, "ho_ten": person(rnd),
                                               "vai_tro": "to_truong" if j == 0 else "thanh_vien"})
    thons = [(r["id"], r["ten"]) for r in store.q("SELECT id, ten FROM thon WHERE unit_id=? ORDER BY thu_tu", (cur_id,))]
    teams = []
    for t in store.q("SELECT id FROM to_hoa_giai WHERE unit_id=? ORDER BY id", (cur_id,)):
        teams.append((t["id"], [r["id"] for r in store.q("SELECT id FROM hoa_giai_vien WHERE to_hoa_giai_id=?", (t["id"],))]))
    for uid in unit_ids:
        ctx.villages[uid] = thons
        ctx.teams[uid] = teams
    return cur_id, preds


def _unit_for(rnd, d: dt.date, cur_id: int, preds: list[int]) -> int:
    if d >= MERGE_DATE or not preds:
        return cur_id
    return preds[0] if rnd.random() < 0.6 else preds[-1]


# Per-year volumes of a real commune (the default).
VOLUMES = {"don_thu": 150, "tiep_cong_dan": 120, "hoa_giai": 40, "doi_thoai": 4, "hoat_dong": 10}
# The kinds counted as records (``summary``), in the order of the summary.
RECORD_KEYS = ("don_thu", "tiep_cong_dan", "doi_thoai", "hoa_giai", "mo_hinh", "van_ban", "hoat_dong", "chi_tieu")
# ``records=N``: the shares of the case kinds, and the (small) shares the
# documents, period figures and models may take at most.
FLOW_SHARE = {"don_thu": 0.45, "tiep_cong_dan": 0.38, "hoa_giai": 0.15, "doi_thoai": 0.005, "hoat_dong": 0.015}
FIXED_SHARE = {"van_ban": 0.03, "chi_tieu": 0.06, "mo_hinh": 0.02}
# The smallest ``records`` that can be met exactly (the two documents still in force).
MIN_RECORDS = 10


def _split(total: int, weights: dict[str, float]) -> dict[str, int]:
    """``total`` shared out by ``weights`` in whole numbers that add up to it
    exactly (largest remainder)."""
    s = sum(weights.values()) or 1.0
    raw = {k: total * w / s for k, w in weights.items()}
    out = {k: int(v) for k, v in raw.items()}
    for k in sorted(raw, key=lambda k: raw[k] - out[k], reverse=True)[:total - sum(out.values())]:
        out[k] += 1
    return out


def _over_years(total: int, years: list[int]) -> dict[int, int]:
    """``total`` spread evenly over ``years``, the remainder on the latest."""
    if not years:
        return {}
    base, extra = divmod(max(total, 0), len(years))
    return {y: base + (1 if i >= len(years) - extra else 0) for i, y in enumerate(years)}


def generate(store, records: int | None = None, years: tuple[int, int] = (2021, 2025), seed: int = 1,
             today: dt.date | None = None, progress=None) -> dict[str, int]:
    """Fill ``store`` with demo data; returns the number of records added per
    kind (the kinds of ``summary``).

    Without ``records``: a real commune's volumes every year.  With
    ``records=N`` (N ≥ ``MIN_RECORDS``): exactly N records in all — a few
    directive documents, period figures and models first (at most
    ``FIXED_SHARE`` of N), the rest petitions, receptions, mediation cases,
    dialogues and activities (``FLOW_SHARE``) spread evenly over the years.
    ``progress(year, counts)``: the records added for that year (per kind);
    the models and the documents still in force belong to no one year and
    are only in the result.  A book the demo creates is marked
    (``is_demo_book``)."""
    rnd = random.Random(seed)
    today = today or dt.date.today()
    ctx = _Ctx(rnd, today)
    y1, y2 = years
    y2 = min(y2, today.year)
    cur_id, preds = _setup_profile(store, ctx)
    year_list = list(range(y1, y2 + 1))
    per_year = {y: dict.fromkeys(RECORD_KEYS, 0) for y in year_list}
    added = dict.fromkeys(RECORD_KEYS, 0)
    caps = {k: _over_years(round(records * s), year_list) for k, s in FIXED_SHARE.items()} if records else None

    def span(year):
        return dt.date(year, 1, 1), min(dt.date(year, 12, 31), today)

    def flows(year, vol):
        start, end = span(year)
        c = per_year[year]
        c["tiep_cong_dan"] += _gen_reception(store, ctx, year, start, end, vol["tiep_cong_dan"], cur_id, preds)
        c["don_thu"] += _gen_petitions(store, ctx, year, start, end, vol["don_thu"], cur_id, preds)
        c["hoa_giai"] += _gen_mediation(store, ctx, start, end, vol["hoa_giai"], cur_id, preds)
        c["doi_thoai"] += _gen_dialogues(store, ctx, start, end, vol["doi_thoai"], cur_id, preds)
        c["hoat_dong"] += _gen_activities(store, ctx, start, end, vol["hoat_dong"], cur_id, preds)

    for year in year_list:
        start, end = span(year)
        c = per_year[year]
        with store.transaction():
            if not records:
                flows(year, VOLUMES)
            c["van_ban"] += _gen_documents(store, ctx, year, start, end, cur_id, preds,
                                           limit=caps["van_ban"][year] if caps else None)
            c["chi_tieu"] += _gen_figures(store, ctx, year, end, cur_id, preds,
                                          limit=caps["chi_tieu"][year] if caps else None)
        if progress and not records:
            progress(year, dict(c))
    with store.transaction():
        added["mo_hinh"] += _gen_models(store, ctx, y1, y2, cur_id, preds,
                                        limit=sum(caps["mo_hinh"].values()) if caps else None)
        added["van_ban"] += _gen_lasting_documents(store, y1, y2, cur_id, preds)
        if not records and y2 == today.year:  # a real commune's volumes up to today
            per_year[y2]["hoa_giai"] += _gen_open_land_disputes(store, ctx, dt.date(y1, 1, 1), cur_id)
    if records:
        # the case kinds take exactly what is left of N
        left = records - sum(added.values()) - sum(sum(c.values()) for c in per_year.values())
        spread = {k: _over_years(n, year_list) for k, n in _split(max(left, 0), FLOW_SHARE).items()}
        for year in year_list:
            with store.transaction():
                flows(year, {k: spread[k][year] for k in FLOW_SHARE})
            if progress:
                progress(year, dict(per_year[year]))
    for c in per_year.values():
        for k, v in c.items():
            added[k] += v
    store.conn.execute("PRAGMA optimize")
    return added


# ------------------------------------------------------------- generators
def _lower_first(name: str) -> str:
    """'Thôn An Bình' → 'thôn An Bình' inside a sentence."""
    return name[:1].lower() + name[1:]


# What a letter of each type says (kiến nghị, phản ánh and "many contents"
# use the field's list; these types have their own wording).
TYPE_CONTENT = {
    "to_cao": ["Tố cáo cán bộ thôn có dấu hiệu thu tiền sai quy định khi làm hồ sơ",
               "Tố cáo việc sử dụng kinh phí xây dựng nhà văn hóa thôn không đúng mục đích",
               "Tố cáo cán bộ địa chính xã gây khó khăn khi giải quyết hồ sơ đất đai"],
    "tranh_chap": ["Tranh chấp ranh giới thửa đất với hộ ông {name} tại {thon}",
                   "Tranh chấp quyền sử dụng đất vườn với hộ bà {name}",
                   "Tranh chấp lối đi chung giữa các hộ tại {thon}"],
    "khieu_nai": ["Khiếu nại quyết định thu hồi đất nông nghiệp của UBND xã",
                  "Khiếu nại việc không được xét hỗ trợ hộ cận nghèo năm {y}",
                  "Khiếu nại phương án hỗ trợ chuyển đổi nghề khi thu hồi đất"],
}


def _content(rnd, lv: str, thons, year, loai: str | None = None) -> str:
    if loai in TYPE_CONTENT:
        pool = TYPE_CONTENT[loai]
    else:
        pool = [t for t in (CONTENT.get(lv) or CONTENT["khac"]) if not t.startswith(("Tố cáo", "Tranh chấp", "Khiếu nại"))]
        pool = pool or CONTENT["khac"]
    t = rnd.choice(pool)
    return t.format(n=rnd.randint(12, 980), m=rnd.randint(1, 42), name=person(rnd),
                    thon=_lower_first(rnd.choice(thons)[1]) if thons else "thôn", y=year)


LOAI_W = [("kien_nghi", 38), ("phan_anh", 25), ("tranh_chap", 14), ("khieu_nai", 10), ("to_cao", 5), ("nhieu_noi_dung", 8)]
LV_W = [("dat_dai", 42), ("boi_thuong", 10), ("do_thi", 10), ("moi_truong", 10), ("chinh_sach", 12), ("tu_phap", 5),
        ("tham_nhung", 2), ("khac", 9)]


def _chunked_insert(store, table, rows, size=20000):
    for i in range(0, len(rows), size):
        _insert(store, table, rows[i:i + size])


RECEPTION_DOCUMENTS = "Đơn trình bày nội dung vụ việc (bản chính)\nBản sao giấy tờ liên quan đến vụ việc"


def _gen_reception(store, ctx, year, start, end, n, cur_id, preds) -> int:
    rnd = ctx.rnd
    if end < start:
        return 0
    # cases first: ~75 % of visits open a new case, the rest return to one
    dates = sorted(_rand_date(rnd, start, end) for _ in range(n))
    case_rows, visit_rows = [], []
    next_case = (store.q1("SELECT max(id) FROM vu_viec") or 0) + 1
    next_visit = (store.q1("SELECT max(id) FROM tiep_cong_dan") or 0) + 1  # ids known: a secret is bound to its row
    open_cases: list[tuple[int, int, str, str]] = []  # (case id, unit, loai, lv)
    chair = store.q1("SELECT ho_ten FROM lanh_dao WHERE chuc_vu='chu_tich' ORDER BY thu_tu LIMIT 1") or ""
    vice = store.q1("SELECT ho_ten FROM lanh_dao WHERE chuc_vu='pho_chu_tich' ORDER BY thu_tu LIMIT 1") or ""
    officer = "Phạm Thị Hồng Nhung"
    for d in dates:
        uid = _unit_for(rnd, d, cur_id, preds)
        thons = ctx.villages[uid]
        r = rnd.random()
        if r < 0.3:
            hinh, nguoi, ten = "dinh_ky", "chu_tich", chair
        elif r < 0.95:
            hinh, nguoi, ten = "thuong_xuyen", "cong_chuc", officer
        else:
            hinh, nguoi, ten = "dot_xuat", "pho_chu_tich", vice
        repeat = open_cases and rnd.random() < 0.25
        if repeat:
            case_id, _, loai, lv = rnd.choice(open_cases[-200:])
        else:
            loai, lv = _weighted(rnd, LOAI_W), _weighted(rnd, LV_W)
            if loai == "to_cao" or lv == "tham_nhung":
                loai, lv = "kien_nghi", ("khac" if lv == "tham_nhung" else lv)  # denunciations come in writing in the demo
            if loai == "tranh_chap":
                lv = "dat_dai"
            case_id = next_case
            next_case += 1
            title = _content(rnd, lv, thons, year, loai)[:120]
            case_rows.append({"id": case_id, "unit_id": uid, "tieu_de": title, "linh_vuc": lv, "search_text": fold(title)})
            open_cases.append((case_id, uid, loai, lv))
        k = rnd.random()
        so_nguoi = 1 if k < 0.86 else (rnd.randint(2, 4) if k < 0.98 else rnd.randint(5, 18))
        name = person(rnd)
        thon = rnd.choice(thons)
        content = case_rows[-1]["tieu_de"] if not repeat else f"Tiếp tục đề nghị giải quyết vụ việc đã phản ánh (vụ việc số {case_id})"
        huong = _weighted(rnd, [("giai_thich", 50), ("tiep_nhan_don", 25), ("huong_dan", 20), ("chuyen_don", 5)])
        reply = _rand_date(rnd, d, min(d + dt.timedelta(days=14), ctx.today)) if (ctx.today - d).days > 14 or rnd.random() < 0.5 else None
        row = {"unit_id": uid, "ngay_tiep": d.isoformat(), "hinh_thuc": hinh, "nguoi_tiep": nguoi, "nguoi_tiep_ten": ten,
               "ho_ten": name, "dia_chi": thon[1], "thon_id": thon[0],
               "cccd": f"0{rnd.randint(51, 52)}{rnd.randint(0, 999999999):09d}" if rnd.random() < 0.7 else None,
               "dien_thoai": f"09{rnd.randint(10000000, 99999999)}" if rnd.random() < 0.6 else None,
               "so_nguoi": so_nguoi, "so_dai_dien": min(so_nguoi, rnd.randint(2, 5)) if so_nguoi >= 5 else None,
               "vu_viec_id": case_id, "lan_dau": 0 if repeat else 1, "loai": loai, "linh_vuc": lv,
               "noi_dung": content, "co_quan_da_giai_quyet": None, "huong_xu_ly": huong,
               "ket_qua": "Đã trả lời, hướng dẫn công dân" if reply else None,
               "ngay_ket_qua": reply.isoformat() if reply else None, "ghi_chu": None,
               # a citizen who hands in a petition leaves papers with it (the giấy biên nhận tài liệu); no draw
               "tai_lieu_nhan": RECEPTION_DOCUMENTS if huong == "tiep_nhan_don" else None}
        row["search_text"] = fold(" ".join(x for x in (name, thon[1], content, ten) if x))
        row["sort_key"] = sort_key(name)
        row["id"], row["bi_mat"] = next_visit, None
        next_visit += 1
        if loai == "to_cao":
            row["search_text"] = fold(" ".join(x for x in (content, ten) if x))
            row["sort_key"] = SECRET_SORT_KEY
            row = _as_stored(store, "tiep_cong_dan", row)
        visit_rows.append(row)
    _chunked_insert(store, "vu_viec", case_rows)
    _chunked_insert(store, "tiep_cong_dan", visit_rows)
    return len(visit_rows)


def _gen_petitions(store, ctx, year, start, end, n, cur_id, preds) -> int:
    rnd = ctx.rnd
    if end < start:
        return 0
    dates = sorted(_rand_date(rnd, start, end) for _ in range(n))
    next_id = (store.q1("SELECT max(id) FROM don_thu") or 0) + 1
    so_den: dict[int, int] = {}
    recent: dict[int, list[int]] = {}
    # receptions of the year whose outcome was "tiếp nhận đơn", to link petitions to
    visits = store.q("SELECT id, ngay_tiep, ho_ten, unit_id, vu_viec_id FROM tiep_cong_dan WHERE huong_xu_ly='tiep_nhan_don' "
                     "AND ngay_tiep BETWEEN ? AND ? ORDER BY id LIMIT 50000", (start.isoformat(), end.isoformat()))
    rows = []
    for d in dates:
        uid = _unit_for(rnd, d, cur_id, preds)
        if uid not in so_den:
            so_den[uid] = store.q1("SELECT coalesce(max(so_den), 0) FROM don_thu WHERE unit_id=? AND nam=?", (uid, year))
        so_den[uid] += 1
        thons = ctx.villages[uid]
        loai, lv = _weighted(rnd, LOAI_W), _weighted(rnd, LV_W)
        if loai == "to_cao":
            lv = "tham_nhung" if rnd.random() < 0.6 else rnd.choice(["dat_dai", "chinh_sach", "khac"])
        elif loai == "tranh_chap":
            lv = "dat_dai"
        elif lv == "tham_nhung":
            loai = "phan_anh"
        thon = rnd.choice(thons)
        nac_danh = 1 if rnd.random() < 0.03 else 0
        name = None if nac_danh else person(rnd)
        nguon = _weighted(rnd, [("truc_tiep", 40), ("tiep_cong_dan", 20), ("buu_chinh", 20), ("co_quan_chuyen", 12),
                                ("hom_thu", 3), ("duong_day_nong", 5)])
        tcd = None
        vu_viec = None
        if nguon == "tiep_cong_dan" and visits:
            v = rnd.choice(visits)
            if v["ngay_tiep"] <= d.isoformat():
                tcd, vu_viec, name, nac_danh = v["id"], v["vu_viec_id"], v["ho_ten"], 0
            else:
                nguon = "truc_tiep"
        elif nguon == "tiep_cong_dan":
            nguon = "truc_tiep"
        age = (ctx.today - d).days
        row = {"id": next_id, "unit_id": uid, "so_den": so_den[uid], "nam": year, "ngay_nhan": d.isoformat(),
               "ngay_viet": (d - dt.timedelta(days=rnd.randint(0, 6))).isoformat() if rnd.random() < 0.7 else None,
               "nguon": nguon,
               "nguon_chi_tiet": rnd.choice(["Ban Tiếp công dân tỉnh, Phiếu chuyển số 1", "Ủy ban MTTQ xã chuyển", "Báo Quảng Ngãi chuyển"]) if nguon == "co_quan_chuyen" else None,
               "tiep_cong_dan_id": tcd, "vu_viec_id": vu_viec,
               "ho_ten": name, "dia_chi": None if nac_danh else thon[1], "thon_id": None if nac_danh else thon[0],
               "cccd": f"0{rnd.randint(51, 52)}{rnd.randint(0, 999999999):09d}" if name and rnd.random() < 0.5 else None,
               "dien_thoai": f"09{rnd.randint(10000000, 99999999)}" if name and rnd.random() < 0.5 else None,
               "nac_danh": nac_danh, "so_nguoi_ky": 1 if rnd.random() < 0.9 else rnd.randint(2, 30),
               "loai": loai, "linh_vuc": lv, "noi_dung": _content(rnd, lv, thons, year, loai),
               "du_dieu_kien": None, "ly_do_khong_du": None, "don_goc_id": None, "huong_xu_ly": None, "ngay_xu_ly": None,
               "co_quan_nhan": None, "so_van_ban_chuyen": None, "phuc_tap": 1 if rnd.random() < 0.08 else 0,
               "dong_nguoi": 0, "keo_dai": 1 if rnd.random() < 0.03 else 0, "lan": 1, "don_truoc_id": None,
               "ngay_thu_ly": None, "han_giai_quyet": None, "ly_do_dieu_chinh_han": None, "gia_han": 0,
               "ngay_giai_quyet": None, "ket_qua": None, "so_van_ban_ket_qua": None, "ghi_chu": None}
        row["so_nguoi_ky"] = row["so_nguoi_ky"] if name else 1
        row["dong_nguoi"] = 1 if row["so_nguoi_ky"] >= 5 else 0
        pool = recent.setdefault(uid, [])
        if pool and rnd.random() < 0.06:
            row["lan"], row["don_truoc_id"] = 2, rnd.choice(pool[-300:])
        # classification (recent letters may still be waiting)
        if age > 12 or rnd.random() < 0.4:
            xu_ly = min(d + dt.timedelta(days=rnd.randint(1, 9)), ctx.today)
            if nac_danh or rnd.random() < 0.12:
                row["du_dieu_kien"] = 0
                reason = "nac_danh" if nac_danh else _weighted(rnd, [("trung_lap", 40), ("khong_ro_dia_chi", 15),
                                                                     ("da_giai_quyet", 25), ("khong_ro_noi_dung", 15), ("khac", 5)])
                if reason == "trung_lap" and not pool:
                    reason = "da_giai_quyet"
                row["ly_do_khong_du"] = reason
                if reason == "trung_lap":
                    row["don_goc_id"] = rnd.choice(pool[-300:])
                row["huong_xu_ly"], row["ngay_xu_ly"] = "luu", xu_ly.isoformat()
            else:
                row["du_dieu_kien"] = 1
                huong = _weighted(rnd, [("thu_ly", 64), ("chuyen", 20), ("huong_dan", 11), ("don_doc", 5)])
                row["huong_xu_ly"], row["ngay_xu_ly"] = huong, xu_ly.isoformat()
                if huong == "chuyen":
                    row["co_quan_nhan"] = rnd.choice(["Phòng Nông nghiệp và Môi trường", "Văn phòng Đăng ký đất đai tỉnh",
                                                      "Công an xã", "Tòa án nhân dân khu vực 5"])
                    row["so_van_ban_chuyen"] = f"{rnd.randint(1, 400)}/UBND"
                elif huong == "huong_dan":
                    row["so_van_ban_chuyen"] = f"{rnd.randint(1, 400)}/UBND-HD"
                elif huong == "thu_ly":
                    row["ngay_thu_ly"] = xu_ly.isoformat()
                    if loai == "to_cao" and row["phuc_tap"] and rnd.random() < 0.5:
                        row["gia_han"] = 1
                    span = (ctx.today - xu_ly).days
                    # a few long-running cases of the last year or so stay open (tồn đọng)
                    stuck = span < 420 and rnd.random() < 0.03
                    if not stuck and (span > 20 and rnd.random() < 0.93 or span > 60):
                        late = rnd.random() < 0.08
                        days = rnd.randint(31, 50) if late else rnd.randint(5, 29)
                        gq = min(xu_ly + dt.timedelta(days=days), ctx.today)
                        row["ngay_giai_quyet"] = gq.isoformat()
                        if loai in ("khieu_nai", "to_cao"):
                            row["ket_qua"] = _weighted(rnd, [("dung", 15), ("dung_mot_phan", 25), ("sai", 45), ("rut_don", 10), ("dinh_chi", 5)])
                        else:
                            row["ket_qua"] = _weighted(rnd, [("da_tra_loi", 85), ("khong_co_co_so", 15)])
                        row["so_van_ban_ket_qua"] = f"{rnd.randint(1, 400)}/{'QĐ' if loai in ('khieu_nai', 'to_cao') else 'TB'}-UBND"
        secret = loai == "to_cao"
        parts = [row["noi_dung"], row["nguon_chi_tiet"], row["co_quan_nhan"], f"{row['so_den']}/{year}"]
        if not secret:
            parts = [name, row["dia_chi"], *parts]
        row["search_text"] = fold(" ".join(p for p in parts if p))
        row["sort_key"] = SECRET_SORT_KEY if secret else sort_key(name)
        row["bi_mat"] = None
        if secret:
            row = _as_stored(store, "don_thu", row)
        rows.append(row)
        pool.append(next_id)
        next_id += 1
    _chunked_insert(store, "don_thu", rows)
    return len(rows)


def _gen_mediation(store, ctx, start, end, n, cur_id, preds) -> int:
    rnd = ctx.rnd
    if end < start:
        return 0
    next_id = (store.q1("SELECT max(id) FROM hoa_giai") or 0) + 1
    rows, links, council = [], [], []
    # the leaders of the current commune chair a land dispute's council (no random draw: the figures stay)
    chair = store.q1("SELECT ho_ten FROM lanh_dao WHERE chuc_vu='chu_tich' ORDER BY thu_tu LIMIT 1") or ""
    vice = store.q1("SELECT ho_ten FROM lanh_dao WHERE chuc_vu='pho_chu_tich' ORDER BY thu_tu LIMIT 1") or ""
    for d in sorted(_rand_date(rnd, start, end) for _ in range(n)):
        uid = _unit_for(rnd, d, cur_id, preds)
        kind = "co_so" if rnd.random() < 0.85 else "dat_dai"
        team, members = rnd.choice(ctx.teams[uid]) if ctx.teams[uid] else (None, [])
        lv = "dan_su" if kind == "dat_dai" else _weighted(rnd, [("lang_gieng", 40), ("dan_su", 25), ("hon_nhan", 20), ("vi_pham", 10), ("khac", 5)])
        age = (ctx.today - d).days
        if age < 20 and rnd.random() < 0.6:
            kq, ket_thuc = "dang", None
        else:
            kq = _weighted(rnd, [("thanh", 76), ("khong_thanh", 16), ("rut", 5), ("khong_thuoc", 3)])
            ket_thuc = min(d + dt.timedelta(days=rnd.randint(2, 30)), ctx.today).isoformat()
        a, b = person(rnd), person(rnd)
        thon = rnd.choice(ctx.villages[uid])[1]
        content = rnd.choice(MEDIATION_CONTENT[lv])
        row = {"id": next_id, "unit_id": uid, "kind": kind, "to_hoa_giai_id": team if kind == "co_so" else None,
               "ngay_nhan": d.isoformat(), "nguon": _weighted(rnd, [("ben_yeu_cau", 70), ("hgv_chung_kien", 20), ("co_quan_de_nghi", 10)]),
               "ben_a": a, "ben_a_dia_chi": thon, "ben_b": b, "ben_b_dia_chi": thon, "so_nguoi_lien_quan": rnd.randint(2, 6),
               "linh_vuc": lv, "noi_dung": content, "ket_qua": kq,
               "huong_dan": "Hướng dẫn các bên gửi đơn đến Tòa án nhân dân khu vực" if kq == "khong_thanh" else None,
               "ngay_ket_thuc": ket_thuc, "ghi_chu": None,
               "ngay_hoa_giai": None, "dia_diem_hoa_giai": None, "y_kien_cac_ben": None, "ket_luan": None}
        row["search_text"] = fold(" ".join((a, b, content, thon, thon)))
        row["sort_key"] = sort_key(a)
        rows.append(row)
        if kind == "co_so" and members:
            for m in rnd.sample(members, min(len(members), rnd.randint(1, 3))):
                links.append({"hoa_giai_id": next_id, "hoa_giai_vien_id": m})
        if kind == "dat_dai":
            council += _land_session(row, chair, vice, thon)
        next_id += 1
    _chunked_insert(store, "hoa_giai", rows)
    _chunked_insert(store, "hoa_giai_hgv", links)
    _chunked_insert(store, "hoa_giai_hoi_dong", council)
    return len(rows)


# Land disputes still being mediated at UBND xã, received this many days
# before today: one late, one in its last week, one just received — so the
# hòa giải list and the home page show the 30-day deadline in its three colours.
OPEN_LAND_DISPUTES = ((34, "Tranh chấp ranh giới đất vườn"), (25, "Tranh chấp chia thừa kế quyền sử dụng đất"),
                      (9, "Tranh chấp lối đi chung trên đất nông nghiệp"))


def _gen_open_land_disputes(store, ctx, first_day: dt.date, cur_id: int) -> int:
    """The open land disputes of ``OPEN_LAND_DISPUTES`` in the current commune,
    with their councils (no draw from ``ctx.rnd``: the other records stay)."""
    villages = ctx.villages.get(cur_id) or []
    if not villages:
        return 0
    chair = store.q1("SELECT ho_ten FROM lanh_dao WHERE chuc_vu='chu_tich' ORDER BY thu_tu LIMIT 1") or ""
    vice = store.q1("SELECT ho_ten FROM lanh_dao WHERE chuc_vu='pho_chu_tich' ORDER BY thu_tu LIMIT 1") or ""
    next_id = (store.q1("SELECT max(id) FROM hoa_giai") or 0) + 1
    rows, council = [], []
    for i, (days, content) in enumerate(OPEN_LAND_DISPUTES):
        d = ctx.today - dt.timedelta(days=days)
        if d < first_day:
            continue
        r = random.Random(next_id * 104729 + days)
        a, b = person(r), person(r)
        thon = villages[(next_id + i) % len(villages)][1]
        row = {"id": next_id, "unit_id": cur_id, "kind": "dat_dai", "to_hoa_giai_id": None, "ngay_nhan": d.isoformat(),
               "nguon": "ben_yeu_cau", "ben_a": a, "ben_a_dia_chi": thon, "ben_b": b, "ben_b_dia_chi": thon,
               "so_nguoi_lien_quan": 2, "linh_vuc": "dan_su", "noi_dung": content, "ket_qua": "dang", "huong_dan": None,
               "ngay_ket_thuc": None, "ghi_chu": None, "ngay_hoa_giai": None, "dia_diem_hoa_giai": None,
               "y_kien_cac_ben": None, "ket_luan": None,
               "search_text": fold(" ".join((a, b, content, thon, thon))), "sort_key": sort_key(a)}
        council += _land_session(row, chair, vice, thon)
        rows.append(row)
        next_id += 1
    _insert(store, "hoa_giai", rows)
    _insert(store, "hoa_giai_hoi_dong", council)
    return len(rows)


def _land_session(row: dict, chair: str, vice: str, thon: str) -> list[dict]:
    """A land dispute's Hội đồng hòa giải and, once mediated (thành / không
    thành), its session (Luật Đất đai 2024 Điều 235).  Drawn from a generator
    of the case's own, so the demo's other records and figures stay the same."""
    r = random.Random(row["id"] * 7919 + 235)
    members = [{"hoa_giai_id": row["id"], "ho_ten": (vice if r.random() < 0.5 else chair) or person(r),
                "chuc_vu": "Phó Chủ tịch UBND xã" if vice else "Chủ tịch UBND xã", "vai_tro": "chu_tich"},
               {"hoa_giai_id": row["id"], "ho_ten": person(r), "chuc_vu": "Phó Chủ tịch Ủy ban MTTQ Việt Nam xã",
                "vai_tro": "thanh_vien"},
               {"hoa_giai_id": row["id"], "ho_ten": person(r), "chuc_vu": f"Trưởng {thon[0].lower()}{thon[1:]}",
                "vai_tro": "thanh_vien"},
               {"hoa_giai_id": row["id"], "ho_ten": person(r), "chuc_vu": "Công chức địa chính - nông nghiệp - xây "
                "dựng và môi trường", "vai_tro": "thu_ky"}]
    if members[0]["ho_ten"] == chair:
        members[0]["chuc_vu"] = "Chủ tịch UBND xã"
    if row["ket_qua"] in ("thanh", "khong_thanh"):
        n = r.randint(100, 900)
        row["ngay_hoa_giai"] = row["ngay_ket_thuc"]
        row["dia_diem_hoa_giai"] = "Hội trường Ủy ban nhân dân xã"
        row["y_kien_cac_ben"] = (f"Ông (bà) {row['ben_a']} cho rằng phần đất tranh chấp (khoảng {r.randint(15, 90)} m², "
                                 f"thửa đất số {n}) do gia đình sử dụng ổn định từ trước năm 2004; ông (bà) "
                                 f"{row['ben_b']} cho rằng ranh giới là theo bản đồ địa chính của xã.")
        row["ket_luan"] = (f"Hai bên thống nhất xác định ranh giới thửa đất số {n} theo bản đồ địa chính; ông (bà) "
                           f"{row['ben_b']} tự nguyện tháo dỡ phần tường rào lấn sang trong thời hạn 30 ngày."
                           if row["ket_qua"] == "thanh" else
                           f"Ranh giới và phần diện tích tranh chấp của thửa đất số {n}; hai bên giữ nguyên ý kiến.")
    return members


def _gen_dialogues(store, ctx, start, end, n, cur_id, preds) -> int:
    rnd = ctx.rnd
    if end < start:
        return 0
    chair = store.q1("SELECT ho_ten FROM lanh_dao WHERE chuc_vu='chu_tich' ORDER BY thu_tu LIMIT 1") or ""
    topics = ["Công tác bồi thường, giải phóng mặt bằng dự án đường tỉnh 628", "Xây dựng nông thôn mới nâng cao",
              "Cải cách thủ tục hành chính, chuyển đổi số", "Bảo vệ môi trường khu dân cư", "Cấp giấy chứng nhận quyền sử dụng đất"]
    next_id = (store.q1("SELECT max(id) FROM doi_thoai") or 0) + 1
    rows, opinions = [], []
    for d in sorted(_rand_date(rnd, start, end) for _ in range(n)):
        uid = _unit_for(rnd, d, cur_id, preds)
        topic = rnd.choice(topics)
        place = rnd.choice(ctx.villages[uid])[1]
        fields = rnd.sample(["dat_dai", "boi_thuong", "moi_truong", "chinh_sach", "do_thi", "khac"], rnd.randint(2, 4))
        counts = {f: rnd.randint(1, 9) for f in fields}
        total = sum(counts.values())
        answered = rnd.randint(total // 2, total)
        rows.append({"id": next_id, "unit_id": uid, "ngay": d.isoformat(),
                     "hinh_thuc": "doi_thoai" if rnd.random() < 0.7 else "hoi_nghi", "chu_tri": f"Chủ tịch UBND xã {chair}".strip(),
                     "chu_de": topic, "dia_diem": f"Nhà văn hóa {place.lower()}", "so_nguoi_du": rnd.randint(40, 160),
                     "so_tra_loi_tai_cho": answered, "so_giao_xu_ly": total - answered, "ghi_chu": None,
                     "search_text": fold(f"{topic} {place} {chair}")})
        for f, c in counts.items():
            opinions.append({"doi_thoai_id": next_id, "linh_vuc": f, "so_luong": c})
        next_id += 1
    _insert(store, "doi_thoai", rows)
    _insert(store, "doi_thoai_y_kien", opinions)
    return len(rows)


def _gen_activities(store, ctx, start, end, n, cur_id, preds) -> int:
    rnd = ctx.rnd
    if end < start:
        return 0
    topics = {"tuyen_truyen": ["Tuyên truyền Chỉ thị số 33/CT-TTg về công tác dân vận chính quyền",
                               "Tuyên truyền Luật Thực hiện dân chủ ở cơ sở", "Tuyên truyền pháp luật về đất đai",
                               "Tuyên truyền phong trào thi đua “Dân vận khéo”"],
              "tap_huan": ["Tập huấn nghiệp vụ hòa giải ở cơ sở", "Tập huấn kỹ năng tiếp công dân, xử lý đơn thư"],
              "kiem_tra": ["Kiểm tra việc chấp hành kỷ luật, kỷ cương hành chính", "Kiểm tra thực hiện Quy chế dân chủ ở các thôn"]}
    rows = []
    for d in sorted(_rand_date(rnd, start, end) for _ in range(n)):
        loai = _weighted(rnd, [("tuyen_truyen", 65), ("tap_huan", 20), ("kiem_tra", 15)])
        topic = rnd.choice(topics[loai])
        rows.append({"unit_id": _unit_for(rnd, d, cur_id, preds), "ngay": d.isoformat(), "loai": loai, "chu_de": topic,
                     "so_cuoc": 1 if rnd.random() < 0.7 else rnd.randint(2, 4),
                     "so_nguoi": rnd.randint(30, 120) if loai != "kiem_tra" else rnd.randint(5, 15), "ghi_chu": None,
                     "search_text": fold(topic)})
    _chunked_insert(store, "hoat_dong", rows)
    return len(rows)


def _gen_documents(store, ctx, year, start, end, cur_id, preds, limit: int | None = None) -> int:
    rnd = ctx.rnd
    rows = []
    uid = cur_id if year >= MERGE_DATE.year and end >= MERGE_DATE else (preds[0] if preds else cur_id)
    numbers = sorted(rnd.sample(range(3, 160), len(DIRECTIVES)))
    for (loai, suffix, trich, phoi), num in zip(DIRECTIVES, numbers):
        d = _rand_date(rnd, start, min(start + dt.timedelta(days=120), end))
        if uid == cur_id and d < MERGE_DATE:
            d = min(MERGE_DATE + dt.timedelta(days=rnd.randint(5, 60)), end)
            if d < MERGE_DATE:
                continue
        so = f"{num:02d}/{suffix}"
        text = trich.format(y=year)
        rows.append({"unit_id": uid, "cap": "chi_dao", "so_ky_hieu": so, "loai": loai, "ngay_ban_hanh": d.isoformat(),
                     "co_quan_ban_hanh": None, "trich_yeu": text, "phoi_hop": phoi or None, "ghi_chu": None,
                     "search_text": fold(f"{so.replace('/', ' ').replace('-', ' ')} {text} {phoi}")})
    for loai, suffix, org, trich in SUPERIOR:
        d = _rand_date(rnd, start, end)
        month, days = SUPERIOR_WINDOW[loai]  # the same draw, moved into the document's usual window
        d = min(dt.date(year, month, 1) + dt.timedelta(days=d.toordinal() % days), end)
        so = f"{rnd.randint(100, 900)}/{suffix}"
        text = trich.format(y=year)
        rows.append({"unit_id": uid, "cap": "cap_tren", "so_ky_hieu": so, "loai": loai, "ngay_ban_hanh": d.isoformat(),
                     "co_quan_ban_hanh": org, "trich_yeu": text, "phoi_hop": None, "ghi_chu": None,
                     "search_text": fold(f"{so.replace('/', ' ').replace('-', ' ')} {text} {org}")})
    if limit is not None:
        rows = rows[:limit]
    _insert(store, "van_ban", rows)
    return len(rows)


def _gen_lasting_documents(store, y1, y2, cur_id, preds) -> int:
    """A programme and a directive of the first year marked still in force
    (no random draw: the other records stay as they were)."""
    if store.q1("SELECT count(*) FROM van_ban WHERE con_hieu_luc = 1"):
        return 0
    uid = cur_id if y1 >= MERGE_DATE.year or not preds else preds[0]
    rows = []
    for cap, loai, so, org, trich, phoi, year, month, day in LASTING:
        text = trich.format(y=y1, y2=y1 + 4)
        rows.append({"unit_id": uid, "cap": cap, "so_ky_hieu": so, "loai": loai,
                     "ngay_ban_hanh": dt.date(year or y1, month, day).isoformat(), "co_quan_ban_hanh": org,
                     "trich_yeu": text, "phoi_hop": phoi, "con_hieu_luc": 1, "ghi_chu": None,
                     "search_text": fold(f"{so.replace('/', ' ').replace('-', ' ')} {text} {org or ''} {phoi or ''}")})
    _insert(store, "van_ban", rows)
    return len(rows)


def _gen_figures(store, ctx, year, end, cur_id, preds, limit: int | None = None) -> int:
    rnd = ctx.rnd
    rows = []
    for half in (1, 2):
        a = dt.date(year, 1, 1) if half == 1 else dt.date(year, 7, 1)
        b = dt.date(year, 6, 30) if half == 1 else dt.date(year, 12, 31)
        if b > end:
            continue
        uid = cur_id if a >= MERGE_DATE else (preds[0] if preds else cur_id)
        total = rnd.randint(900, 1500)
        late = rnd.randint(0, 12)
        mp_t = rnd.randint(150, 260)
        tt_t = rnd.randint(60, 110)
        ks = rnd.randint(150, 250)
        vals = {"tthc_tiep_nhan": total, "tthc_dung_han": total - late, "tthc_tre_han": late,
                "dvc_mot_phan_tong": mp_t, "dvc_mot_phan_truc_tuyen": int(mp_t * rnd.uniform(0.7, 0.95)),
                "dvc_toan_trinh_tong": tt_t, "dvc_toan_trinh_truc_tuyen": int(tt_t * rnd.uniform(0.85, 1.0)),
                "khao_sat_phieu": ks, "khao_sat_hai_long": ks - rnd.randint(0, 4),
                "ttnd_giam_sat": rnd.randint(1, 3), "gsdtcd_cong_trinh": rnd.randint(1, 4), "lay_y_kien": rnd.randint(1, 3)}
        for ma, v in vals.items():
            rows.append({"unit_id": uid, "tu_ngay": a.isoformat(), "den_ngay": b.isoformat(), "ma": ma, "gia_tri": v,
                         "ghi_chu": None})
    if limit is not None:
        rows = rows[:limit]
    if not rows:
        return 0
    cur = store.conn.executemany(
        "INSERT OR IGNORE INTO chi_tieu (unit_id, tu_ngay, den_ngay, ma, gia_tri, ghi_chu) VALUES (?,?,?,?,?,?)",
        [(r["unit_id"], r["tu_ngay"], r["den_ngay"], r["ma"], r["gia_tri"], r["ghi_chu"]) for r in rows])
    return cur.rowcount  # the figures already there are kept, not counted


def _gen_models(store, ctx, y1, y2, cur_id, preds, limit: int | None = None) -> int:
    rnd = ctx.rnd
    if store.q1("SELECT count(*) FROM mo_hinh"):
        return 0
    n_models = min(len(MODELS), 10 + 2 * (y2 - y1), len(MODELS) if limit is None else limit)
    next_id = 1
    rows, years = [], []
    for i, (ten, lv, dv) in enumerate(MODELS[:n_models]):
        reg = y1 - rnd.randint(0, 3) if i < 8 else rnd.randint(y1, y2)
        uid = cur_id if reg >= MERGE_DATE.year else (preds[i % len(preds)] if preds else cur_id)
        place = rnd.choice(["Toàn xã", *[t[1] for t in ctx.villages[uid]]])
        rows.append({"id": next_id, "unit_id": uid, "ten": ten, "linh_vuc": lv, "don_vi": dv, "dia_ban": place,
                     "loai": "mo_hinh", "nam_dang_ky": reg, "mo_ta": f"Mô hình “{ten}” do {store.enum_label('don_vi_mo_hinh', dv)} vận động thực hiện.",
                     "hieu_qua": rnd.choice(["Hỗ trợ 12 hộ nghèo với tổng số tiền 36 triệu đồng",
                                             "Lắp đặt 3,5 km đường điện chiếu sáng", "Giúp 25 hội viên có việc làm ổn định",
                                             "Giảm 40% vụ việc mâu thuẫn trong khu dân cư"]),
                     "ghi_chu": None, "search_text": fold(f"{ten} {place}"), "sort_key": sort_key(ten)})
        stopped = False
        for y in range(reg, y2 + 1):
            if stopped:
                break
            if y == reg:
                st = "dang_ky_moi"
            else:
                st = _weighted(rnd, [("duy_tri", 70), ("nhan_rong", 12), ("cung_co", 12), ("dung", 6)])
            stopped = st == "dung"
            years.append({"mo_hinh_id": next_id, "nam": y, "trang_thai": st,
                          "cong_nhan": "Huyện ủy công nhận" if st == "nhan_rong" else None,
                          "tieu_bieu": 1 if st == "nhan_rong" else 0})
        next_id += 1
    _insert(store, "mo_hinh", rows)
    _insert(store, "mo_hinh_nam", years)
    return len(rows)


# The setting that marks a book the demo created (its value: the day).
DEMO_MARK = "du_lieu_mau"


class DemoRefused(UserError):
    """``demo`` asked to write into a book it did not create."""


def is_demo_book(store) -> bool:
    return bool(store.get_setting(DEMO_MARK))


def clerk_book(data_dir) -> str | None:
    """What the folder holds when it is a book ``demo`` must not write into:
    a short Vietnamese description ("sổ của xã Nghĩa Phương, 1.234 hồ sơ"),
    or None — no book, an empty one (no unit, no record) or a demo book.
    Read without opening the book (no migration, nothing written)."""
    import sqlite3
    from pathlib import Path

    from core.paths import DB_FILENAME
    from core.records.enums import DEFAULT_ENUMS
    from core.records.fields import KINDS, RECORD_KINDS
    from core.text import fmt_int

    db = Path(data_dir) / DB_FILENAME
    if not db.is_file() or db.stat().st_size == 0:
        return None
    try:
        conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
        try:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if "setting" in tables and conn.execute("SELECT 1 FROM setting WHERE key=?", (DEMO_MARK,)).fetchone():
                return None
            n = sum(conn.execute(f"SELECT count(*) FROM {KINDS[k].table}").fetchone()[0]
                    for k in RECORD_KINDS if KINDS[k].table in tables)
            unit = conn.execute("SELECT loai, ten FROM unit WHERE is_current = 1 LIMIT 1").fetchone() \
                if "unit" in tables else None
        finally:
            conn.close()
    except sqlite3.Error:
        return "một tệp dữ liệu không đọc được"
    if unit is None and not n:
        return None
    loai = dict(DEFAULT_ENUMS["loai_don_vi"]).get(unit[0], "Xã").lower() if unit else ""
    who = f"sổ của {loai} {unit[1]}" if unit else "một sổ chưa khai báo đơn vị"
    return f"{who}, {fmt_int(n)} hồ sơ" if n else f"{who}, chưa có hồ sơ nào"


def summary(store) -> dict[str, int]:
    return {k: store.q1(f"SELECT count(*) FROM {k}") for k in
            ("don_thu", "tiep_cong_dan", "doi_thoai", "hoa_giai", "mo_hinh", "van_ban", "hoat_dong", "chi_tieu")}
