"""The books and the report's annexes agree (issue 14): on the demo commune
(the report tests' seed), the rows of the Sổ theo dõi xử lý đơn, the Sổ tiếp
công dân and the Sổ theo dõi hoạt động hòa giải ở cơ sở of a period, counted
by their printed columns, give the figures the annexes print for the same
period (Phụ lục II xử lý đơn, Phụ lục I tiếp công dân, the hòa giải annex)."""
from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from core.papers.books import HG_CARRIED_NOTE, _team_label, build_book
from core.report.annexes import build_annexes
from core.report.periods import Period
from core.report.stats import compute
from core.session import open_session

TODAY = dt.date(2025, 12, 31)
PERIODS = {"year": Period.year_(2025), "half": Period.half(2025, 1), "thanh_tra": Period.year_(2024, "thanh_tra"),
           "quarter": Period.quarter(2025, 3)}


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from core.io.demo import generate

    s = open_session(tmp_path_factory.mktemp("demo") / "data")
    generate(s, years=(2021, 2025), seed=11, today=TODAY)
    yield s
    s.close()


def _stats(store, period):
    return compute(store, period, today=TODAY, compare=False)


def _by(counts) -> dict:
    return {c.label: c.n for c in counts if c.n}


def _first(text: str) -> str:
    return text.split("; ")[0] if text else ""


GROUP = {"Khiếu nại": "Khiếu nại", "Tố cáo": "Tố cáo"}  # the rest is "Kiến nghị, phản ánh"


@pytest.mark.parametrize("name", list(PERIODS))
def test_so_xu_ly_don_agrees_with_the_petition_annex(demo, name):
    period = PERIODS[name]
    p = _stats(demo, period).petitions
    rows = build_book(demo, "so_xu_ly_don", period).rows()
    assert p.received > 20 and len(rows) == p.received  # Tiếp nhận trong kỳ
    loai = [_first(r[6]) for r in rows]
    assert dict(Counter(loai)) == _by(p.by_type)
    du = [r for r in rows if r[7] == "Đủ"]
    khong_du = [r for r in rows if r[7] == "Không đủ"]
    assert (len(du), len(khong_du), len(rows) - len(du) - len(khong_du)) == (p.du, p.khong_du, p.chua_phan_loai)
    assert dict(Counter(GROUP.get(_first(r[6]), "Kiến nghị, phản ánh") for r in du)) == _by(p.du_by_group)
    huong = demo.enum_labels("huong_xu_ly_don")
    by_huong = Counter(_first(r[8]) for r in du)
    assert by_huong[huong["thu_ly"]] == p.thu_ly
    assert by_huong[huong["chuyen"]] == p.chuyen  # Chuyển đơn
    assert by_huong[huong["huong_dan"]] == p.huong_dan
    assert by_huong[huong["don_doc"]] == p.don_doc
    assert by_huong[huong["luu"]] == p.luu_du and by_huong[""] == p.du_chua_xu_ly
    assert sum(_first(r[8]) == huong["huong_dan"] for r in khong_du) == p.khong_du_huong_dan
    thu_ly = Counter(GROUP.get(_first(r[6]), "Kiến nghị, phản ánh") for r in du if _first(r[8]) == huong["thu_ly"])
    assert dict(thu_ly) == _by(p.thu_ly_by_group)
    # the numbers the annex prints are these figures
    annex = next(a for a in build_annexes(_stats(demo, period)) if a.title == "TỔNG HỢP KẾT QUẢ XỬ LÝ ĐƠN")
    printed = [c.text for c in annex.tables[0].rows[0]]
    assert int(printed[4]) == len(rows) and int(printed[7]) == len(du)
    assert int(printed[12]) == by_huong[huong["thu_ly"]] and int(printed[17]) == by_huong[huong["chuyen"]]


@pytest.mark.parametrize("name", list(PERIODS))
def test_so_tiep_cong_dan_agrees_with_the_reception_annex(demo, name):
    period = PERIODS[name]
    rec = _stats(demo, period).reception
    rows = build_book(demo, "so_tiep_cong_dan", period).rows()
    people = [int(r[5].rsplit("; ", 1)[-1].split()[0]) for r in rows]  # "Khiếu nại; 3 người"
    assert rec.total.luot > 10 and len(rows) == rec.total.luot  # Lượt
    assert sum(people) == rec.total.nguoi  # Người
    assert (sum(n >= 5 for n in people), sum(n for n in people if n >= 5)) == (rec.total.doan, rec.total.doan_nguoi)
    annex = next(a for a in build_annexes(_stats(demo, period)) if a.title == "TỔNG HỢP KẾT QUẢ TIẾP CÔNG DÂN")
    printed = [c.text for c in annex.tables[0].rows[0]]
    assert int(printed[2].replace(".", "")) == len(rows) and int(printed[3].replace(".", "")) == sum(people)


@pytest.mark.parametrize("name", list(PERIODS))
def test_so_hoa_giai_agrees_with_the_mediation_annex(demo, name):
    period = PERIODS[name]
    m = _stats(demo, period).mediation.co_so
    book = build_book(demo, "so_hoa_giai", period)
    rut, khong_thuoc = (demo.enum_labels("ket_qua_hoa_giai")[k] for k in ("rut", "khong_thuoc"))

    def figures(rows):
        return {"new": sum(HG_CARRIED_NOTE not in r[11] for r in rows),
                "carried": sum(HG_CARRIED_NOTE in r[11] for r in rows),
                "thanh": sum(r[6] == "x" for r in rows), "khong_thanh": sum(r[7] == "x" for r in rows),
                "dang": sum(r[8] == "x" for r in rows), "rut": sum(r[5].startswith(rut) for r in rows),
                "khong_thuoc": sum(r[5].startswith(khong_thuoc) for r in rows)}

    def stated(x):
        return {k: getattr(x, k) for k in ("new", "carried", "thanh", "khong_thanh", "dang", "rut", "khong_thuoc")}

    cases = [r for r in book.rows() if len(r) > 1]
    assert m.new > 5 and figures(cases) == stated(m)
    # per tổ: the book's sections, and the book of each tổ, give the annex's team rows
    sections: dict = {}
    current = None
    for r in book.rows():
        if len(r) == 1:
            current = r[0].rsplit(":", 1)[0]
            sections[current] = []
        else:
            sections[current].append(r)
    teams = {_team_label(t.label) if t.label != "(không ghi tổ)" else t.label: stated(t) for t in m.team_rows}
    assert {k: figures(v) for k, v in sections.items()} == teams
    checked = 0
    for t in demo.q("SELECT id, ten FROM to_hoa_giai WHERE unit_id IN (%s)" % ",".join(map(str, demo.unit_scope()))):
        own = build_book(demo, "so_hoa_giai", period, to_id=t["id"]).rows()
        if own:
            assert figures(own) == teams[_team_label(t["ten"])]
            checked += 1
    assert checked == len([k for k in teams if k != "(không ghi tổ)"]) > 1
