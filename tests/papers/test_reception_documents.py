"""The giấy biên nhận of the documents a citizen hands over at a reception
(issue 14; Thông tư 04/2021/TT-TTCP): the documents are in the record
(``tai_lieu_nhan``, migration m009), the receipt prints them, is offered only
when there are some, hides a denouncer and passes the ND30 check."""
from __future__ import annotations

import datetime as dt
import zipfile

import pytest
from nd30 import assert_nd30

from cli import main
from core.papers import issued as I
from core.papers.common import IssueInfo, PaperError
from core.papers.registry import PAPERS, build, papers_for
from core.records.fields import kind
from core.report.docx_writer import write_docx
from core.report.pdf_writer import write_pdf

DAY = dt.date(2026, 3, 10)
DOCS = "- Bản sao Giấy chứng nhận quyền sử dụng đất số BA 123456\nBiên lai nộp thuế năm 2025 (02 tờ);\n\n  Sơ đồ thửa đất  "


def _text(path) -> str:
    import subprocess

    if str(path).endswith(".pdf"):
        return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    return zipfile.ZipFile(path).read("word/document.xml").decode()


@pytest.fixture
def visits(book):
    store, ids = book
    store.update("tiep_cong_dan", ids["visit"], {"tai_lieu_nhan": DOCS, "nguoi_tiep": "cong_chuc",
                                                  "nguoi_tiep_ten": "Phan Thị Tiếp"})
    store.update("tiep_cong_dan", ids["visit_tc"], {"tai_lieu_nhan": "Ảnh chụp biên lai thu tiền"})
    return store, ids


def test_the_documents_are_a_field_of_the_visit_kept_in_the_book(book):
    store, ids = book
    f = kind("tiep_cong_dan").field("tai_lieu_nhan")
    assert f.label == "Giấy tờ, tài liệu công dân cung cấp" and f.type == "longtext"
    assert "tai_lieu_nhan" in {c.name for c in store.db["tiep_cong_dan"].columns}
    store.update("tiep_cong_dan", ids["visit"], {"tai_lieu_nhan": "Đơn đề nghị\nBản sao CCCD"})
    assert store.get("tiep_cong_dan", ids["visit"])["tai_lieu_nhan"] == "Đơn đề nghị\nBản sao CCCD"


def test_offered_only_when_documents_were_handed_over(visits):
    store, ids = visits
    assert "bien_nhan_tai_lieu" in {p.key for p in papers_for("tiep_cong_dan", store.get("tiep_cong_dan",
                                                                                          ids["visit"]))}
    store.update("tiep_cong_dan", ids["visit"], {"tai_lieu_nhan": " \n - \n"})
    row = store.get("tiep_cong_dan", ids["visit"])
    assert "bien_nhan_tai_lieu" not in {p.key for p in papers_for("tiep_cong_dan", row)}
    with pytest.raises(PaperError, match="Giấy tờ, tài liệu công dân cung cấp"):
        build(store, "bien_nhan_tai_lieu", ids["visit"])


def test_receipt_lists_each_document_and_who_handed_it_to_whom(visits):
    store, ids = visits
    doc = build(store, "bien_nhan_tai_lieu", ids["visit"], IssueInfo(so=4, ngay=DAY))
    assert doc.loai_van_ban == "GIẤY BIÊN NHẬN" and doc.so_ky_hieu == "Số: 4/GBN-UBND"
    lines = [p.text for p in doc.preamble]
    assert "- Bản sao Giấy chứng nhận quyền sử dụng đất số BA 123456;" in lines
    assert "- Biên lai nộp thuế năm 2025 (02 tờ);" in lines and "- Sơ đồ thửa đất." in lines
    t = doc.plain_text()
    assert "Ngày 02/03/2026" in t and "ông (bà) Phan Thị Tiếp, công chức tiếp công dân, đã nhận" in t
    # a title keeps its capital: "ông (bà) Nguyễn Văn Hùng, Chủ tịch UBND"
    store.update("tiep_cong_dan", ids["visit"], {"nguoi_tiep": "chu_tich", "nguoi_tiep_ten": "Nguyễn Văn Hùng"})
    t2 = build(store, "bien_nhan_tai_lieu", ids["visit"], IssueInfo(so=4, ngay=DAY)).plain_text()
    assert "ông (bà) Nguyễn Văn Hùng, Chủ tịch UBND, đã nhận" in t2
    assert "ông (bà) Lê Văn An, địa chỉ: Thôn An Bình, số CCCD: 051080000123" in t
    assert "Khiếu nại thu hồi đất" in t and "Thông tư số 04/2021/TT-TTCP" in t
    # one series with the petition receipt (both GBN-UBND)
    a = I.issue(store, "bien_nhan", ids["kn"], IssueInfo(ngay=DAY))
    b = I.issue(store, "bien_nhan_tai_lieu", ids["visit"], IssueInfo(ngay=DAY))
    assert (a.number, b.number) == ("1/GBN-UBND", "2/GBN-UBND")
    assert [g.id for g in I.issued_for(store, "tiep_cong_dan", ids["visit"])] == [b.id]


def test_a_denouncers_receipt_never_carries_the_identity(visits, tmp_path):
    store, ids = visits
    doc = build(store, "bien_nhan_tai_lieu", ids["visit_tc"], IssueInfo(so=1, ngay=DAY))
    texts = [doc.plain_text(), _text(write_docx(doc, tmp_path / "p.docx")), _text(write_pdf(doc, tmp_path / "p.pdf"))]
    for t in texts:
        for secret in ids["secrets"]:
            assert secret not in t
    assert "người tố cáo (bảo mật)" in texts[0] and "Điều 47 Luật Tố cáo năm 2018" in texts[0]
    assert "- Ảnh chụp biên lai thu tiền." in [p.text for p in doc.preamble]
    g = I.issue(store, "bien_nhan_tai_lieu", ids["visit_tc"], IssueInfo(ngay=DAY))
    raw = store.q1("SELECT noi_dung FROM giay_to WHERE id=?", (g.id,))
    assert all(secret not in raw for secret in ids["secrets"])


@pytest.mark.parametrize("rec", ["visit", "visit_tc"])
def test_receipt_passes_the_nd30_check(visits, tmp_path, rec):
    store, ids = visits
    paper = PAPERS["bien_nhan_tai_lieu"]
    for issue in (IssueInfo(so=15, ngay=DAY), IssueInfo()):
        path = write_docx(build(store, "bien_nhan_tai_lieu", ids[rec], issue), tmp_path / f"{rec}.docx")
        assert_nd30(path, title=paper.title, ky_hieu=paper.ky_hieu)


def test_paper_command_issues_the_receipt(visits, capsys, tmp_path):
    store, ids = visits
    d = ["--data-dir", str(store.data_dir)]
    store.close()
    out = tmp_path / "bn.pdf"
    assert main([*d, "paper", "bien_nhan_tai_lieu", "--record", str(ids["visit"]), "--date", "10/03/2026",
                 "--format", "pdf", "--out", str(out)]) == 0
    assert "số 1/GBN-UBND" in capsys.readouterr().out
    assert "Sơ đồ thửa đất" in _text(out)


def test_the_demo_commune_has_receipts_to_print(tmp_path):
    from core.io.demo import generate
    from core.session import open_session

    s = open_session(tmp_path / "demo")
    try:
        generate(s, years=(2025, 2025), seed=3, today=dt.date(2025, 12, 31))
        rows = s.q("SELECT * FROM tiep_cong_dan WHERE tai_lieu_nhan IS NOT NULL AND unit_id = ?",
                   (s.current_unit_id(),))
        assert rows and all(r["huong_xu_ly"] == "tiep_nhan_don" for r in rows)
        offered = {p.key for p in papers_for("tiep_cong_dan", s.get("tiep_cong_dan", rows[0]["id"]))}
        assert "bien_nhan_tai_lieu" in offered
        path = write_docx(build(s, "bien_nhan_tai_lieu", rows[0]["id"], IssueInfo(so=1, ngay=DAY)), tmp_path / "d.docx")
        assert_nd30(path, title="GIẤY BIÊN NHẬN", ky_hieu="GBN-UBND")
    finally:
        s.close()
