"""Papers of one record (issue 14): fields from the record, the ND30 layout,
a tố cáo's denouncer masked, issued papers kept as issued."""
from __future__ import annotations

import datetime as dt
import subprocess
import zipfile

import pytest
from nd30 import assert_nd30

from core.papers import issued as I
from core.papers.common import IssueInfo, PaperError, find_petition
from core.papers.registry import PAPERS, build, papers_for
from core.papers.snapshot import from_json, to_json
from core.report.docx_writer import write_docx
from core.report.pdf_writer import write_pdf

DAY = dt.date(2026, 3, 10)


def docx_text(path) -> str:
    with zipfile.ZipFile(path) as z:
        return "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))


def pdf_text(path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


# ------------------------------------------------------------ fields from the record
def test_receipt_states_the_petition(book):
    store, ids = book
    doc = build(store, "bien_nhan", ids["kn"], IssueInfo(so=7, ngay=DAY))
    t = doc.plain_text()
    assert doc.so_ky_hieu == "Số: 7/GBN-UBND"
    assert doc.ngay == "ngày 10 tháng 3 năm 2026" and doc.dia_danh == "Nghĩa Phương"
    assert doc.ten_co_quan == "ỦY BAN NHÂN DÂN\nXÃ NGHĨA PHƯƠNG"
    assert doc.loai_van_ban == "GIẤY BIÊN NHẬN"
    for want in ("đơn khiếu nại số đến 12/2026", "ngày nhận 02/03/2026", "ông (bà) Lê Văn An", "Thôn An Bình",
                 "051080000123", "Khiếu nại quyết định thu hồi đất thửa số 768", "Trong thời hạn 10 ngày kể từ ngày nhận đơn, "
                 "chậm nhất đến ngày 12/03/2026",
                 "Thông tư số 05/2021/TT-TTCP"):
        assert want in t, want
    assert doc.signer.name == "Nguyễn Văn Hùng" and doc.signer.authority == "TM. ỦY BAN NHÂN DÂN"


def test_transfer_slip_goes_to_the_competent_body_the_record_names(book):
    store, ids = book
    doc = build(store, "chuyen_don", ids["chuyen"], IssueInfo(so=3, ngay=DAY))
    assert doc.kinh_gui == ["Văn phòng Đăng ký đất đai tỉnh Quảng Ngãi"]
    assert doc.so_ky_hieu == "Số: 3/PC-UBND"
    t = doc.plain_text()
    assert "chuyển đơn đến Văn phòng Đăng ký đất đai tỉnh Quảng Ngãi" in t
    assert "đơn kiến nghị (số đến 13/2026" in t and "Võ Thị Bình" in t
    assert "Thông tư số 05/2021/TT-TTCP" in t
    assert doc.noi_nhan[0] == "Như trên" and doc.noi_nhan[-1].startswith("Lưu")
    # without the body named, no slip: the clerk is told what to enter
    store.update("don_thu", ids["chuyen"], {"huong_xu_ly": "luu", "co_quan_nhan": ""})
    with pytest.raises(PaperError, match="Cơ quan nhận đơn chuyển"):
        build(store, "chuyen_don", ids["chuyen"])


def test_notice_of_acceptance_cites_the_law_of_its_kind(book):
    store, ids = book
    kn = build(store, "thong_bao_thu_ly", ids["kn"], IssueInfo(so=1, ngay=DAY))
    assert kn.trich_yeu == "Về việc thụ lý giải quyết khiếu nại"
    t = kn.plain_text()
    assert "Luật Khiếu nại năm 2011 (Điều 27" in t and "từ ngày 06/03/2026" in t
    assert "thời hạn giải quyết đến hết ngày 05/04/2026" in t  # 30 days from thụ lý (Điều 28)
    assert kn.kinh_gui == ["Ông (bà) Lê Văn An"]
    tc = build(store, "thong_bao_thu_ly", ids["tc_thu_ly"], IssueInfo(so=2, ngay=DAY))
    assert tc.trich_yeu == "Về việc thụ lý giải quyết tố cáo"
    assert "Luật Tố cáo năm 2018 (Điều 29" in tc.plain_text() and "từ ngày 09/03/2026" in tc.plain_text()
    # an adjusted deadline is the one stated
    store.update("don_thu", ids["kn"], {"han_giai_quyet": "2026-04-20", "ly_do_dieu_chinh_han": "Phức tạp"})
    assert "đến hết ngày 20/04/2026" in build(store, "thong_bao_thu_ly", ids["kn"]).plain_text()
    # a kiến nghị is not "thụ lý" by notice
    with pytest.raises(PaperError):
        build(store, "thong_bao_thu_ly", ids["chuyen"])


def test_guidance_letter_names_where_to_go(book):
    store, ids = book
    doc = build(store, "huong_dan", ids["hd"], IssueInfo(so=4, ngay=DAY))
    assert doc.so_ky_hieu == "Số: 4/HD-UBND" and doc.kinh_gui == ["Ông (bà) Đặng Văn Cường"]
    assert "gửi đơn đến Sở Xây dựng tỉnh Quảng Ngãi" in doc.plain_text()
    assert "trả lại đơn" in doc.plain_text()


def test_follow_up_slip_and_reception_reply(book):
    store, ids = book
    store.update("don_thu", ids["chuyen"], {"so_van_ban_chuyen": "21/PC-UBND"})
    dd = build(store, "don_doc", ids["chuyen"], IssueInfo(so=2, ngay=DAY))
    assert dd.kinh_gui == ["Văn phòng Đăng ký đất đai tỉnh Quảng Ngãi"] and dd.so_ky_hieu == "Số: 2/PĐĐ-UBND"
    assert "(văn bản số 21/PC-UBND ngày 06/03/2026)" in dd.plain_text()
    tl = build(store, "tra_loi_tiep", ids["visit"], IssueInfo(so=5, ngay=DAY))
    t = tl.plain_text()
    assert tl.kinh_gui == ["Ông (bà) Lê Văn An"] and "Ngày 02/03/2026" in t and "Khiếu nại thu hồi đất" in t
    assert "đã tiếp nhận đơn" in t and "Luật Tiếp công dân năm 2013 (Điều 28)" in t
    # the two THÔNG BÁO share the TB-UBND series
    a = I.issue(store, "thong_bao_thu_ly", ids["kn"], IssueInfo(ngay=DAY))
    b = I.issue(store, "tra_loi_tiep", ids["visit"], IssueInfo(ngay=DAY))
    assert (a.number, b.number) == ("1/TB-UBND", "2/TB-UBND")


def test_papers_offered_follow_the_record_state(book):
    store, ids = book
    offered = lambda rid: {p.key for p in papers_for("don_thu", store.get("don_thu", rid))}  # noqa: E731
    assert offered(ids["chuyen"]) == {"bien_nhan", "de_xuat", "chuyen_don", "don_doc"}
    assert offered(ids["kn"]) == {"bien_nhan", "de_xuat", "thong_bao_thu_ly"}
    assert offered(ids["hd"]) == {"bien_nhan", "de_xuat", "huong_dan"}
    assert find_petition(store, "12/2026") == ids["kn"]
    with pytest.raises(PaperError):
        find_petition(store, "99/2026")


# ------------------------------------------------------------ the denouncer
@pytest.mark.parametrize("key,rec", [("bien_nhan", "tc"), ("de_xuat", "tc"), ("chuyen_don", "tc"),
                                     ("thong_bao_thu_ly", "tc_thu_ly"), ("don_doc", "tc"),
                                     ("tra_loi_tiep", "visit_tc")])
def test_tố_cáo_papers_never_carry_the_denouncer(book, tmp_path, key, rec):
    store, ids = book
    doc = build(store, key, ids[rec], IssueInfo(so=1, ngay=DAY))
    texts = [doc.plain_text(), docx_text(write_docx(doc, tmp_path / "p.docx")),
             pdf_text(write_pdf(doc, tmp_path / "p.pdf"))]
    for t in texts:
        for secret in ids["secrets"]:
            assert secret not in t
    assert "(bảo mật)" in texts[0] and "Điều 47 Luật Tố cáo năm 2018" in texts[0]
    # the issued snapshot kept in the book does not hold it either
    g = I.issue(store, key, ids[rec], IssueInfo(ngay=DAY))
    raw = store.q1("SELECT noi_dung FROM giay_to WHERE id=?", (g.id,))
    assert all(secret not in raw for secret in ids["secrets"])




# ------------------------------------------------------------ ND30
@pytest.mark.parametrize("key,rec", [("bien_nhan", "kn"), ("de_xuat", "kn"), ("chuyen_don", "chuyen"),
                                     ("chuyen_don", "tc"), ("thong_bao_thu_ly", "kn"), ("thong_bao_thu_ly", "tc_thu_ly"),
                                     ("huong_dan", "hd"), ("don_doc", "chuyen"), ("tra_loi_tiep", "visit"),
                                     ("tra_loi_tiep", "visit_tc")])
def test_every_paper_passes_the_nd30_check(book, tmp_path, key, rec):
    store, ids = book
    paper = PAPERS[key]
    for issue in (IssueInfo(so=15, ngay=DAY), IssueInfo()):  # issued, and a draft with "Số:      /…"
        path = write_docx(build(store, key, ids[rec], issue), tmp_path / f"{key}.docx")
        assert_nd30(path, title=paper.title, ky_hieu=paper.ky_hieu)


# ------------------------------------------------------------ issued, kept as issued
def test_numbers_run_per_kind_and_year_and_can_be_typed(book):
    store, ids = book
    a = I.issue(store, "bien_nhan", ids["kn"], IssueInfo(ngay=DAY))
    b = I.issue(store, "bien_nhan", ids["chuyen"], IssueInfo(ngay=DAY))
    c = I.issue(store, "chuyen_don", ids["chuyen"], IssueInfo(ngay=DAY))
    d = I.issue(store, "bien_nhan", ids["hd"], IssueInfo(ngay=dt.date(2027, 1, 4)))
    assert (a.so, b.so, c.so, d.so) == (1, 2, 1, 1)
    e = I.issue(store, "bien_nhan", ids["hd"], IssueInfo(so=40, ngay=DAY))
    assert e.so == 40 and I.next_number(store, "bien_nhan", 2026) == 41
    with pytest.raises(PaperError, match="đã được dùng"):
        I.issue(store, "bien_nhan", ids["kn"], IssueInfo(so=40, ngay=DAY))
    assert [g.loai for g in I.issued_for(store, "don_thu", ids["chuyen"])] == ["bien_nhan", "chuyen_don"]
    # the transfer slip's number fills the record's "số văn bản chuyển"
    assert store.get("don_thu", ids["chuyen"])["so_van_ban_chuyen"] == "1/PC-UBND"


def test_reprint_is_identical_after_the_record_and_letterhead_change(book, tmp_path):
    store, ids = book
    g = I.issue(store, "chuyen_don", ids["chuyen"], IssueInfo(ngay=DAY))
    first = to_json(g.doc)
    write_docx(g.doc, tmp_path / "a.docx")
    # the record, the unit's name and place, and the chairman all change
    store.update("don_thu", ids["chuyen"], {"co_quan_nhan": "Sở Nông nghiệp và Môi trường", "ho_ten": "Người Khác",
                                            "noi_dung": "Nội dung đã sửa"})
    store.update("unit", store.current_unit_id(), {"ten": "Hòa Bình Mới", "dia_chi": "x", "dia_danh": "Hòa Bình"})
    leader = store.q1("SELECT id FROM lanh_dao")
    store.update("lanh_dao", leader, {"ho_ten": "Trần Chủ Tịch Mới"})
    fresh = build(store, "chuyen_don", ids["chuyen"], IssueInfo(so=g.so, ngay=DAY))
    assert "Sở Nông nghiệp và Môi trường" in fresh.plain_text() and "HÒA BÌNH MỚI" in fresh.ten_co_quan
    again = I.reprint(store, g.id)
    assert to_json(again) == first
    assert "Văn phòng Đăng ký đất đai tỉnh Quảng Ngãi" in again.plain_text()
    assert again.signer.name == "Nguyễn Văn Hùng" and "XÃ NGHĨA PHƯƠNG" in again.ten_co_quan
    # the written files say the same, word for word
    write_docx(again, tmp_path / "b.docx")
    assert docx_text(tmp_path / "a.docx") == docx_text(tmp_path / "b.docx")
    assert_nd30(tmp_path / "b.docx", title="PHIẾU CHUYỂN ĐƠN", ky_hieu="PC-UBND")


def test_snapshot_round_trip_keeps_every_block(book):
    store, ids = book
    doc = build(store, "thong_bao_thu_ly", ids["kn"], IssueInfo(so=9, ngay=DAY))
    back = from_json(to_json(doc))
    assert back.plain_text() == doc.plain_text()
    assert [(p.kind, p.text) for p in back.preamble] == [(p.kind, p.text) for p in doc.preamble]


def test_a_merged_away_communes_record_is_issued_under_its_successor(book):
    """A petition received by a commune merged into this one (01/07/2025): a
    paper issued after the merger carries the successor's name, place and
    chairman (the merged-away commune has none left to sign); one dated
    before the merger, the old commune's."""
    store, ids = book
    cur = store.current_unit_id()
    old = store.create("unit", {"ten": "Hòa Bình", "loai": "xa", "dia_danh": "Hòa Bình", "merged_into_id": cur,
                                "ngay_sap_nhap": "2025-07-01"})
    rid = store.create("don_thu", {"unit_id": old, "ngay_nhan": "2025-03-02", "ho_ten": "Đặng Văn Tư",
                                   "loai": "kien_nghi", "linh_vuc": "dat_dai", "noi_dung": "Đề nghị cấp giấy"})
    after = build(store, "bien_nhan", rid, IssueInfo(so=1, ngay=DAY))
    assert after.ten_co_quan == "ỦY BAN NHÂN DÂN\nXÃ NGHĨA PHƯƠNG" and after.dia_danh == "Nghĩa Phương"
    assert after.signer.name == "Nguyễn Văn Hùng"
    before = build(store, "bien_nhan", rid, IssueInfo(so=1, ngay=dt.date(2025, 3, 2)))
    assert before.ten_co_quan == "ỦY BAN NHÂN DÂN\nXÃ HÒA BÌNH" and before.dia_danh == "Hòa Bình"


@pytest.mark.parametrize("huong", ["tiep_nhan_don", "chuyen_don", "huong_dan", "giai_thich", ""])
def test_reception_reply_reads_as_one_sentence(book, huong):
    """Review of issue 14: the reply said "nội dung ông (bà) trình bày nội dung
    không thuộc thẩm quyền" (doubled) and "nội dung ông (bà) trình bày đã
    tiếp nhận đơn" (the content does not receive a letter)."""
    store, ids = book
    store.update("tiep_cong_dan", ids["visit"], {"huong_xu_ly": huong or None})
    t = build(store, "tra_loi_tiep", ids["visit"], IssueInfo(so=1, ngay=DAY)).plain_text()
    assert "nội dung ông (bà) trình bày nội dung" not in t
    assert "trình bày đã tiếp nhận" not in t
    reply = t.split("thông báo để ông (bà) biết: ", 1)[1]
    assert reply.startswith(("Ủy ban nhân dân đã tiếp nhận đơn", "nội dung ông (bà) trình bày "))
    assert reply.count("nội dung") == (0 if huong == "tiep_nhan_don" else 1)


def test_reception_reply_to_a_group_names_its_representative(book):
    """A group visit (đoàn đông người): "tiếp 18 công dân do ông (bà) X đại
    diện", not "tiếp 18 công dân ông (bà) X"."""
    store, ids = book
    store.update("tiep_cong_dan", ids["visit"], {"so_nguoi": 18})
    t = build(store, "tra_loi_tiep", ids["visit"], IssueInfo(so=1, ngay=DAY)).plain_text()
    assert "tiếp 18 công dân do ông (bà) Lê Văn An (địa chỉ: Thôn An Bình) đại diện đến trình bày" in t
    store.update("tiep_cong_dan", ids["visit"], {"so_nguoi": 1})
    t = build(store, "tra_loi_tiep", ids["visit"], IssueInfo(so=1, ngay=DAY)).plain_text()
    assert "tiếp công dân ông (bà) Lê Văn An (địa chỉ: Thôn An Bình) đến trình bày" in t


def test_an_anonymous_letter_gets_no_receipt_nor_guidance(book):
    """Review of issue 14: a đơn nặc danh was offered a giấy biên nhận "giao
    người gửi đơn" and a hướng dẫn "Kính gửi: Ông (bà) " — to nobody."""
    store, _ = book
    rid = store.create("don_thu", {
        "so_den": 40, "ngay_nhan": "2026-03-02", "nguon": "buu_chinh", "nac_danh": 1, "loai": "kien_nghi",
        "linh_vuc": "dat_dai", "noi_dung": "Kiến nghị sửa đường", "du_dieu_kien": 0, "ly_do_khong_du": "nac_danh",
        "huong_xu_ly": "huong_dan", "ngay_xu_ly": "2026-03-05"})
    row = store.get("don_thu", rid)
    offered = [p.key for p in papers_for("don_thu", row)]
    assert "bien_nhan" not in offered and "huong_dan" not in offered and "de_xuat" in offered
    for key in ("bien_nhan", "huong_dan"):
        with pytest.raises(PaperError, match="nặc danh"):
            build(store, key, rid, IssueInfo(so=1, ngay=DAY))
    assert "người gửi không ghi rõ họ tên" in build(store, "de_xuat", rid, IssueInfo(so=1, ngay=DAY)).plain_text()


def test_guidance_does_not_print_the_reason_other(book):
    """"đơn không đủ điều kiện xử lý (khác)" tells the citizen nothing."""
    store, ids = book
    store.update("don_thu", ids["hd"], {"du_dieu_kien": 0, "ly_do_khong_du": "khac"})
    t = build(store, "huong_dan", ids["hd"], IssueInfo(so=1, ngay=DAY)).plain_text()
    assert "(khác)" not in t and "đơn không đủ điều kiện xử lý. Ủy ban nhân dân hướng dẫn" in t
    store.update("don_thu", ids["hd"], {"ly_do_khong_du": "khong_ro_noi_dung"})
    t = build(store, "huong_dan", ids["hd"], IssueInfo(so=1, ngay=DAY)).plain_text()
    assert "đơn không đủ điều kiện xử lý (không rõ nội dung)." in t


def test_the_receipt_names_the_sender_before_the_source(book):
    """"nguồn đơn: đường dây nóng, thư điện tử, của ông (bà) X" read as if the
    sender were one more source: the sender follows the letter, the source
    closes the sentence in brackets."""
    store, ids = book
    store.update("don_thu", ids["kn"], {"nguon": "duong_day_nong"})
    t = build(store, "bien_nhan", ids["kn"], IssueInfo(so=1, ngay=DAY)).plain_text()
    nguon = store.enum_label("nguon_don", "duong_day_nong").lower()
    assert "số đến 12/2026 của ông (bà) Lê Văn An" in t
    assert f"; ngày nhận 02/03/2026 (nguồn đơn: {nguon})." in t


def test_a_letter_signed_by_many_says_so(book):
    """A letter with 21 signers read as from one person: the papers name the
    first signer and the others who signed with them."""
    store, ids = book
    store.update("don_thu", ids["kn"], {"so_nguoi_ky": 21})
    t = build(store, "bien_nhan", ids["kn"], IssueInfo(so=1, ngay=DAY)).plain_text()
    assert "của ông (bà) Lê Văn An (địa chỉ: Thôn An Bình) và 20 người khác cùng ký đơn" in t
    store.update("don_thu", ids["kn"], {"so_nguoi_ky": 1})
    assert "người khác cùng ký" not in build(store, "bien_nhan", ids["kn"], IssueInfo(so=1, ngay=DAY)).plain_text()
