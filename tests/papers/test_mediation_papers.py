"""The biên bản hòa giải tranh chấp đất đai (issue 14; Luật Đất đai 2024
Điều 235): its fields come from the record, thành and không thành say
different things, it is offered only when it fits, a reprint is the paper
as issued, and it has the Nghị định 30 layout (tests/nd30.py)."""
from __future__ import annotations

import datetime as dt
import zipfile

import pytest
from nd30 import assert_nd30

from core.papers import issued as I
from core.papers.common import IssueInfo, PaperError
from core.papers.registry import PAPERS, build, papers_for
from core.papers.snapshot import to_json
from core.report.document import Table
from core.report.docx_writer import write_docx
from core.report.pdf_writer import write_pdf

DAY = dt.date(2026, 3, 20)
COUNCIL = [{"ho_ten": "Phạm Thị Lan", "chuc_vu": "Công chức địa chính - xây dựng", "vai_tro": "thu_ky"},
           {"ho_ten": "Nguyễn Văn Hùng", "chuc_vu": "Chủ tịch UBND xã", "vai_tro": "chu_tich"},
           {"ho_ten": "Võ Thị Hạnh", "chuc_vu": "Chủ tịch Ủy ban MTTQ Việt Nam xã", "vai_tro": "thanh_vien"}]


@pytest.fixture
def mediation(store):
    s = store
    s.update("unit", s.current_unit_id(), {"dia_danh": "Nghĩa Phương"})
    s.create("lanh_dao", {"ho_ten": "Nguyễn Văn Hùng", "chuc_vu": "chu_tich"})
    base = {"kind": "dat_dai", "ngay_nhan": "2026-03-02", "ben_a": "Lê Văn An", "ben_a_dia_chi": "Thôn An Bình",
            "ben_b": "Trần Văn Bình", "ben_b_dia_chi": "Thôn Đông Hòa",
            "noi_dung": "Tranh chấp ranh giới giữa thửa đất số 768 và thửa đất số 769, tờ bản đồ số 12",
            "ngay_hoa_giai": "2026-03-20", "dia_diem_hoa_giai": "Hội trường Ủy ban nhân dân xã",
            "y_kien_cac_ben": "Ông An cho rằng ranh giới là hàng rào cũ; ông Bình cho rằng ranh giới theo bản đồ "
                              "địa chính năm 2005", "hoi_dong": COUNCIL, "ngay_ket_thuc": "2026-03-20"}
    ids = {
        "thanh": s.create("hoa_giai", {**base, "ket_qua": "thanh",
                                       "ket_luan": "Hai bên lấy ranh giới theo bản đồ địa chính năm 2005"}),
        "khong": s.create("hoa_giai", {**base, "ket_qua": "khong_thanh",
                                       "ket_luan": "Phần diện tích 35 m² dọc lối đi chung",
                                       "huong_dan": "Gửi đơn đến Tòa án nhân dân khu vực để khởi kiện"}),
        "dang": s.create("hoa_giai", {**{k: v for k, v in base.items() if k != "ngay_ket_thuc"}, "ket_qua": "dang"}),
    }
    return s, ids


def test_the_minutes_state_the_record(mediation):
    store, ids = mediation
    doc = build(store, "bien_ban_hoa_giai", ids["thanh"], IssueInfo(so=4, ngay=DAY))
    t = doc.plain_text()
    assert doc.so_ky_hieu == "Số: 4/BB-UBND" and doc.loai_van_ban == "BIÊN BẢN"
    assert doc.trich_yeu == "Hòa giải thành tranh chấp đất đai"
    assert doc.ngay == "ngày 20 tháng 3 năm 2026" and doc.dia_danh == "Nghĩa Phương"
    for want in ("Căn cứ Điều 235 Luật Đất đai năm 2024", "Nghị định số 102/2024/NĐ-CP",
                 "nhận ngày 02/03/2026", "Hôm nay, ngày 20/03/2026, tại Hội trường Ủy ban nhân dân xã",
                 "Bên A: ông (bà) Lê Văn An, địa chỉ: Thôn An Bình", "Bên B: ông (bà) Trần Văn Bình, địa chỉ: Thôn Đông Hòa",
                 "thửa đất số 768", "ranh giới theo bản đồ địa chính năm 2005",
                 "thống nhất giải quyết tranh chấp như sau: Hai bên lấy ranh giới theo bản đồ địa chính năm 2005.",
                 "xác nhận việc hòa giải thành tranh chấp đất đai giữa ông (bà) Lê Văn An và ông (bà) Trần Văn Bình"):
        assert want in t, want
    # the council, chairman first and the secretary last, each with their role
    members = [p.text for p in doc.sections[0].children[0].blocks]
    assert members == ["Ông (bà) Nguyễn Văn Hùng, Chủ tịch UBND xã — chủ tịch hội đồng;",
                       "Ông (bà) Võ Thị Hạnh, Chủ tịch Ủy ban MTTQ Việt Nam xã — thành viên;",
                       "Ông (bà) Phạm Thị Lan, Công chức địa chính - xây dựng — thư ký."]  # the list ends
    # signatures: the parties, the secretary and the chairman; the UBND xã confirms (the footer)
    sig = next(b for b in doc.sections[-1].blocks if isinstance(b, Table))
    cells = [c.text for r in sig.rows for c in r]
    assert sig.borderless
    assert "BÊN A\n\n\n\nLê Văn An" in cells and "BÊN B\n\n\n\nTrần Văn Bình" in cells
    assert "THƯ KÝ HỘI ĐỒNG\n\n\n\nPhạm Thị Lan" in cells and "CHỦ TỊCH HỘI ĐỒNG\n\n\n\nNguyễn Văn Hùng" in cells
    assert (doc.signer.authority, doc.signer.title, doc.signer.name) == ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH",
                                                                         "Nguyễn Văn Hùng")
    assert doc.noi_nhan == ["Các bên tranh chấp", "Lưu: VT, hồ sơ hòa giải"]


def test_failed_mediation_states_what_was_not_agreed_and_the_guidance(mediation):
    store, ids = mediation
    doc = build(store, "bien_ban_hoa_giai", ids["khong"], IssueInfo(so=5, ngay=DAY))
    t = doc.plain_text()
    assert doc.trich_yeu == "Hòa giải không thành tranh chấp đất đai"
    assert "không thống nhất được các nội dung sau: Phần diện tích 35 m² dọc lối đi chung." in t
    assert "Hội đồng hòa giải hướng dẫn các bên: Gửi đơn đến Tòa án nhân dân khu vực để khởi kiện." in t
    assert "KẾT QUẢ HÒA GIẢI KHÔNG THÀNH" in t.upper() and "thỏa thuận, thống nhất" not in t
    # no guidance typed: the general one
    store.update("hoa_giai", ids["khong"], {"huong_dan": ""})
    t = build(store, "bien_ban_hoa_giai", ids["khong"], IssueInfo(ngay=DAY)).plain_text()
    assert "gửi đơn đến cơ quan có thẩm quyền để được giải quyết tranh chấp đất đai" in t


def test_offered_for_land_disputes_with_an_outcome_only(mediation):
    store, ids = mediation
    keys = lambda rid: [p.key for p in papers_for("hoa_giai", store.get("hoa_giai", rid))]  # noqa: E731
    assert keys(ids["thanh"]) == ["bien_ban_hoa_giai"] and keys(ids["khong"]) == ["bien_ban_hoa_giai"]
    assert keys(ids["dang"]) == []
    team = store.create("to_hoa_giai", {"ten": "Tổ hòa giải thôn An Bình"})
    co_so = store.create("hoa_giai", {"kind": "co_so", "to_hoa_giai_id": team, "ngay_nhan": "2026-03-02",
                                      "ben_a": "X", "noi_dung": "Y", "ket_qua": "thanh", "ngay_ket_thuc": "2026-03-05"})
    assert keys(co_so) == []
    # asked anyway (command line): the clerk is told why not
    with pytest.raises(PaperError, match="Hòa giải tranh chấp đất đai tại UBND xã"):
        build(store, "bien_ban_hoa_giai", co_so)
    with pytest.raises(PaperError, match="chưa có kết quả"):
        build(store, "bien_ban_hoa_giai", ids["dang"])
    store.update("hoa_giai", ids["thanh"], {"hoi_dong": []})
    with pytest.raises(PaperError, match="Hội đồng hòa giải"):
        build(store, "bien_ban_hoa_giai", ids["thanh"])


def test_reprint_is_identical_after_the_record_changes(mediation, tmp_path):
    store, ids = mediation
    g = I.issue(store, "bien_ban_hoa_giai", ids["thanh"], IssueInfo(ngay=DAY))
    assert g.number == "1/BB-UBND" and g.ban_ghi_loai == "hoa_giai"
    first = to_json(g.doc)
    write_docx(g.doc, tmp_path / "a.docx")
    store.update("hoa_giai", ids["thanh"], {"ben_a": "Người Khác", "ket_luan": "Thỏa thuận đã sửa",
                                            "hoi_dong": [{"ho_ten": "Chủ Tịch Mới", "vai_tro": "chu_tich"}]})
    store.update("unit", store.current_unit_id(), {"ten": "Hòa Bình Mới"})
    fresh = build(store, "bien_ban_hoa_giai", ids["thanh"], IssueInfo(so=1, ngay=DAY)).plain_text()
    assert "Người Khác" in fresh and "Chủ Tịch Mới" in fresh
    again = I.reprint(store, g.id)
    assert to_json(again) == first
    assert "Lê Văn An" in again.plain_text() and "Người Khác" not in again.plain_text()
    write_docx(again, tmp_path / "b.docx")

    def xml(p):
        with zipfile.ZipFile(p) as z:
            return z.read("word/document.xml")
    assert xml(tmp_path / "a.docx") == xml(tmp_path / "b.docx")
    assert [x.loai for x in I.issued_for(store, "hoa_giai", ids["thanh"])] == ["bien_ban_hoa_giai"]


@pytest.mark.parametrize("rec", ["thanh", "khong"])
def test_the_minutes_pass_the_nd30_check(mediation, tmp_path, rec):
    store, ids = mediation
    paper = PAPERS["bien_ban_hoa_giai"]
    for issue in (IssueInfo(so=7, ngay=DAY), IssueInfo()):
        doc = build(store, "bien_ban_hoa_giai", ids[rec], issue)
        path = write_docx(doc, tmp_path / f"{rec}.docx")
        assert_nd30(path, title=paper.title, ky_hieu=paper.ky_hieu)
        write_pdf(doc, tmp_path / f"{rec}.pdf")
        assert (tmp_path / f"{rec}.pdf").stat().st_size > 1000


def test_command_line_issues_the_minutes_of_a_record_by_id(mediation, capsys, tmp_path):
    from cli import main

    store, ids = mediation
    d = ["--data-dir", str(store.data_dir)]
    store.close()
    out = tmp_path / "bb.docx"
    assert main([*d, "paper", "bien_ban_hoa_giai", "--record", str(ids["khong"]), "--date", "20/03/2026",
                 "--format", "docx", "--out", str(out)]) == 0
    assert "số 1/BB-UBND" in capsys.readouterr().out
    assert_nd30(out, title="BIÊN BẢN", ky_hieu="BB-UBND")
    assert main([*d, "paper", "bien_ban_hoa_giai", "--record", str(ids["dang"]), "--format", "pdf",
                 "--out", str(tmp_path / "x.pdf")]) == 2
    assert "chưa có kết quả" in capsys.readouterr().err


def test_guidance_typed_as_a_sentence_is_not_said_twice(mediation):
    store, ids = mediation
    store.update("hoa_giai", ids["khong"], {"huong_dan": "Hướng dẫn các bên gửi đơn đến Tòa án nhân dân khu vực"})
    t = build(store, "bien_ban_hoa_giai", ids["khong"], IssueInfo(ngay=DAY)).plain_text()
    assert "Hội đồng hòa giải hướng dẫn các bên: Gửi đơn đến Tòa án nhân dân khu vực." in t


def test_the_minutes_are_dated_the_day_of_the_meeting(mediation, tmp_path):
    """Review of issue 14: a biên bản is made and signed at the meeting
    ("Hôm nay, ngày 20/03/2026 …"); issued without a date typed it was dated
    today, so its header contradicted its first sentence.  A typed date still wins."""
    from core.papers.registry import default_date

    store, ids = mediation
    store.update("hoa_giai", ids["thanh"], {"ngay_hoa_giai": "2025-08-18"})
    assert default_date(store, "bien_ban_hoa_giai", ids["thanh"]) == dt.date(2025, 8, 18)
    assert default_date(store, "tra_loi_tiep", 1, dt.date(2026, 1, 2)) == dt.date(2026, 1, 2)
    g = I.issue(store, "bien_ban_hoa_giai", ids["thanh"])
    assert g.ngay == dt.date(2025, 8, 18) and g.number == "1/BB-UBND"
    g2 = I.issue(store, "bien_ban_hoa_giai", ids["thanh"], IssueInfo(ngay=DAY))
    assert g2.ngay == DAY
    from cli import main
    d = ["--data-dir", str(store.data_dir)]
    store.close()
    out = tmp_path / "bb.docx"
    assert main([*d, "paper", "bien_ban_hoa_giai", "--record", str(ids["thanh"]), "--draft", "--format", "docx",
                 "--out", str(out)]) == 0
    with zipfile.ZipFile(out) as z:
        assert "ngày 18 tháng 8 năm 2025" in z.read("word/document.xml").decode()
