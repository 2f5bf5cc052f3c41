"""Form slips a superior notices (issue 12 D), the context the seeds give
(C4), the documents cited (C3) and what stays for a person to write,
highlighted (C2) — each checked on the built document and on the written
DOCX / PDF."""
from __future__ import annotations

import datetime as dt
import re
import subprocess
import zipfile

import pytest

from core.report import saved as R
from core.report.build import build_document, build_for_cli, recipients
from core.report.document import Annex, Cell, Para, ReportDoc, Section, Signer, Table
from core.report.layout import order_annexes, portrait_table, scale_widths, text_area_cm, word_widths
from core.report.periods import Period
from core.report.prose import BUILDERS, ProseContext
from core.report.stats import compute

TODAY = dt.date(2026, 1, 10)


def pdf_text(path, first=None, last=None) -> str:
    args = ["pdftotext"] + (["-f", str(first), "-l", str(last)] if first else []) + [str(path), "-"]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def pdf_pages(path) -> int:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", out).group(1))


@pytest.fixture
def demo_store(store):
    from core.io import demo

    demo.generate(store, years=(2024, 2025), seed=11, today=dt.date(2025, 12, 31))
    return store


# ------------------------------------------------------------ Kính gửi ↔ Nơi nhận "Như trên"
def test_kinh_gui_and_nhu_tren_go_together():
    assert recipients(["Ủy ban nhân dân tỉnh Quảng Ngãi"], ["Sở Nội vụ tỉnh Quảng Ngãi", "Lưu: VT, VP"]) == [
        "Như trên", "Sở Nội vụ tỉnh Quảng Ngãi", "Lưu: VT, VP"]
    # the addressee is not listed twice, "Như trên" not twice either
    assert recipients(["Ủy ban nhân dân tỉnh Quảng Ngãi"],
                      ["- Như trên;", "Ủy ban nhân dân tỉnh Quảng Ngãi;", "Lưu: VT"]) == ["Như trên", "Lưu: VT"]
    # and the reverse: without Kính gửi, "Như trên" would point at nothing
    assert recipients([], ["Như trên", "Sở Nội vụ", "Lưu: VT"]) == ["Sở Nội vụ", "Lưu: VT"]


def test_the_written_report_says_nhu_tren_when_it_has_kinh_gui(demo_store, tmp_path):
    from docx import Document

    from core.report.docx_writer import write_docx

    demo_store.update("unit", demo_store.current_unit_id(), {"kinh_gui": "Ủy ban nhân dân tỉnh Quảng Ngãi"})
    doc = build_for_cli(demo_store, Period.year(2025), today=TODAY)
    assert doc.kinh_gui == ["Ủy ban nhân dân tỉnh Quảng Ngãi"] and doc.noi_nhan[0] == "Như trên"
    texts = [p.text for t in Document(str(write_docx(doc, tmp_path / "r.docx"))).tables for c in t._cells
             for p in c.paragraphs]
    assert "- Như trên;" in texts
    rep = R.new_report(demo_store, None, Period.year(2025), today=TODAY)
    rep.kinh_gui = []
    assert "Như trên" not in build_document(demo_store, rep, today=TODAY).noi_nhan


# ------------------------------------------------------------ reception wording
def test_routine_reception_is_never_credited_to_the_chairman(store):
    base = {"ho_ten": "Bùi Văn K", "noi_dung": "Đất", "linh_vuc": "dat_dai"}
    for i in range(3):
        store.create("tiep_cong_dan", {**base, "ngay_tiep": f"2025-03-{i + 1:02d}"})
    stats = compute(store, Period.year(2025), today=TODAY)
    text = BUILDERS["tiep_cong_dan"](stats, ProseContext.for_stats(stats))[0].text
    assert "trong đó công chức tiếp thường xuyên 03 lượt/03 người" in text and "Chủ tịch" not in text
    store.create("tiep_cong_dan", {**base, "ngay_tiep": "2025-04-01", "hinh_thuc": "dinh_ky",
                                   "nguoi_tiep": "chu_tich"})
    stats = compute(store, Period.year(2025), today=TODAY)
    text = BUILDERS["tiep_cong_dan"](stats, ProseContext.for_stats(stats))[0].text
    assert "Chủ tịch UBND xã tiếp định kỳ 01 lượt/01 người (01 kỳ tiếp); công chức tiếp thường xuyên 03 lượt" in text
    assert not re.search(r"Chủ tịch[^;]*thường xuyên", text)


# ------------------------------------------------------------ no blank last page
def _doc_with_models(short: int, long: int) -> ReportDoc:
    """A report whose last annex has ``short`` one-line rows and ``long`` two-line rows."""
    rows = [[Cell(str(i)), Cell(f"Mô hình số {i}", align="left"), Cell("Duy trì")] for i in range(short)]
    rows += [[Cell(str(i)), Cell("Mô hình có tên rất dài để xuống dòng trong ô của bảng danh sách mô hình " * 2,
                                 align="left"), Cell("Duy trì")] for i in range(long)]
    table = Table(header=[[Cell("STT", bold=True), Cell("Tên mô hình", bold=True), Cell("Tình trạng", bold=True)]],
                  rows=rows, widths_cm=[1.0, 10.0, 4.0])
    return ReportDoc(ten_co_quan="ỦY BAN NHÂN DÂN\nXÃ HÒA PHONG", trich_yeu="Kết quả",
                     sections=[Section("I.", "Kết quả", 1, [Para("Nội dung.")])], noi_nhan=["Lưu: VT"],
                     signer=Signer(name="A"), annexes=[Annex("DANH SÁCH", "(Năm 2025)", [table], landscape=False)])


@pytest.mark.parametrize("short, long", [(30, 2), (25, 4), (31, 2), (24, 4)])
def test_no_blank_last_page_when_the_last_table_fills_its_page(tmp_path, short, long):
    """The last annex table ending at the foot of a page used to push the gap
    after it (a 4-pt Spacer) onto a page of its own: a blank last page with
    only its number ((30, 2) and (25, 4) rows did, with the old writer)."""
    from core.report.pdf_writer import write_pdf

    path = write_pdf(_doc_with_models(short, long), tmp_path / "r.pdf")
    n = pdf_pages(path)
    last = re.sub(r"\s+", "", pdf_text(path, n, n))
    assert last != str(n) and len(last) > 5, f"page {n} is blank"


def test_no_blank_page_in_the_demo_year_report(demo_store, tmp_path):
    from core.report.pdf_writer import write_pdf

    path = write_pdf(build_for_cli(demo_store, Period.year(2025), today=TODAY), tmp_path / "r.pdf")
    for i in range(1, pdf_pages(path) + 1):
        assert len(re.sub(r"\s+", "", pdf_text(path, i, i))) > 5, f"page {i} is blank"


# ------------------------------------------------------------ annex headers keep their words
def test_annex_columns_are_as_wide_as_their_longest_word(demo_store):
    for outline in ("ket_qua", "chuyen_de_tcd"):
        doc = build_for_cli(demo_store, Period.year(2025), outline, today=TODAY)
        wide, _ = order_annexes(doc.annexes)
        for a in doc.annexes:
            land = a in wide
            avail = text_area_cm(land) if land else text_area_cm()
            for t in a.tables:
                t = t if land else portrait_table(t, avail)
                size = 10 if t.n_cols > 12 else 11
                widths, need = scale_widths(t, avail, size), word_widths(t, size)
                assert abs(sum(widths) - avail) < 0.01
                assert all(w >= nd - 1e-9 for w, nd in zip(widths, need)), (a.title, widths, need)


def test_no_word_broken_in_the_pdf_annex_headers(demo_store, tmp_path):
    from core.report.pdf_writer import write_pdf

    text = pdf_text(write_pdf(build_for_cli(demo_store, Period.year(2025), today=TODAY), tmp_path / "r.pdf"))
    for word in ("Hướng", "Chuyển", "Khiếu", "chuyển", "Người", "Nhiều"):
        assert re.search(rf"(?<!\w){word}(?!\w)", text), word
    assert not re.search(r"Hướn\s+g|Chuyể\s+n|Khiế\s+u", text)


# ------------------------------------------------------------ no software notes printed
def test_counting_rules_are_not_printed(demo_store):
    doc = build_for_cli(demo_store, Period.year(2025), today=TODAY)
    assert "chưa gắn vụ việc" not in doc.plain_text()
    assert not [t.note for a in doc.annexes for t in a.tables if "được tính là" in t.note]


# ------------------------------------------------------------ a period without records
def test_a_period_without_records_warns_and_asserts_nothing(store):
    doc = build_for_cli(store, Period.year(2025), today=TODAY)
    assert doc.warnings == ["Không có hồ sơ nào trong kỳ năm 2025 (từ ngày 01/01/2025 đến ngày 31/12/2025): các "
                            "mục số liệu của báo cáo sẽ để trống (đánh dấu vàng)."]
    text = doc.plain_text()
    assert "không có công dân đến trụ sở" not in text and "không tiếp nhận đơn" not in text
    tcd = next(s for s in doc.all_sections() if s.key == "tiep_cong_dan")
    assert tcd.placeholder and tcd.blocks[0].text.startswith("[Không có hồ sơ nào trong kỳ báo cáo")
    assert not doc.drafts()


# ------------------------------------------------------------ a predecessor's work, the merger
@pytest.fixture
def merged(store):
    uid = store.current_unit_id()
    store.update("unit", uid, {"nghi_quyet_sap_nhap": "1656/NQ-UBTVQH15 ngày 16/6/2025 của Ủy ban Thường vụ "
                                                      "Quốc hội"})
    old = store.create("unit", {"ten": "Hòa Bình", "loai": "xa", "merged_into_id": uid,
                                "ngay_sap_nhap": "2025-07-01"})
    store.create("van_ban", {"unit_id": old, "cap": "chi_dao", "so_ky_hieu": "05/KH-UBND", "loai": "ke_hoach",
                             "ngay_ban_hanh": "10/02/2024", "trich_yeu": "Thực hiện dân chủ ở cơ sở năm 2024"})
    store.create("van_ban", {"cap": "chi_dao", "so_ky_hieu": "12/KH-UBND", "loai": "ke_hoach",
                             "ngay_ban_hanh": "10/08/2025", "trich_yeu": "Thực hiện dân chủ ở cơ sở năm 2025"})
    for name, kind in (("Thôn An Bình", "thon"), ("Thôn Phước Thọ", "thon"), ("Tổ dân phố Chợ Mới", "to_dan_pho")):
        store.create("thon", {"ten": name, "loai": kind})
    return store


def test_a_predecessors_documents_are_attributed_to_it_and_the_merger_is_dated(merged):
    stats = compute(merged, Period.years(2021, 2025), today=TODAY)
    ctx = ProseContext.for_stats(stats)
    vb = [p.text for p in BUILDERS["van_ban_chi_dao"](stats, ctx)]
    assert vb == [
        "Trong giai đoạn 2021 – 2025, UBND xã Hòa Bình (cũ) đã ban hành 01 văn bản chỉ đạo, điều hành thực hiện "
        "công tác dân vận chính quyền (trước ngày 01/07/2025):",
        "Kế hoạch số 05/KH-UBND ngày 10/02/2024 về thực hiện dân chủ ở cơ sở năm 2024.",
        "UBND xã Nghĩa Phương đã ban hành 01 văn bản chỉ đạo, điều hành thực hiện công tác dân vận chính quyền (từ "
        "ngày 01/07/2025):",
        "Kế hoạch số 12/KH-UBND ngày 10/08/2025 về thực hiện dân chủ ở cơ sở năm 2025."]
    profile = [p.text for p in BUILDERS["dac_diem"](stats, ctx)]
    # thôn and tổ dân phố counted apart, village names lower-case inside the sentence
    assert profile[0] == "Xã Nghĩa Phương có 02 thôn, 01 tổ dân phố (thôn An Bình, thôn Phước Thọ, tổ dân phố Chợ Mới)."
    assert profile[1] == ("Xã Nghĩa Phương được thành lập từ ngày 01/07/2025 trên cơ sở sắp xếp, hợp nhất xã Hòa "
                          "Bình theo Nghị quyết số 1656/NQ-UBTVQH15 ngày 16/6/2025 của Ủy ban Thường vụ Quốc hội.")


def test_models_say_their_results_and_who_recognised_them(store):
    store.create("mo_hinh", {"ten": "Hũ gạo tiết kiệm", "linh_vuc": "kinh_te", "don_vi": "phu_nu",
                             "dia_ban": "Thôn An Bình", "nam_dang_ky": 2023,
                             "hieu_qua": "Hỗ trợ 12 hộ nghèo với tổng số tiền 36 triệu đồng.",
                             "nam": [{"nam": 2024, "trang_thai": "nhan_rong", "cong_nhan": "Huyện ủy công nhận"},
                                     {"nam": 2025, "trang_thai": "duy_tri"}]})
    stats = compute(store, Period.year(2025), today=TODAY)
    text = "\n".join(p.text for p in BUILDERS["dan_van_kheo"](stats, ProseContext.for_stats(stats)))
    assert ("mô hình “Hũ gạo tiết kiệm” tại thôn An Bình của Hội Liên hiệp Phụ nữ (hỗ trợ 12 hộ nghèo với tổng số "
            "tiền 36 triệu đồng; Huyện ủy công nhận năm 2024)") in text


# ------------------------------------------------------------ căn cứ
@pytest.fixture
def documents(store):
    def vb(cap, so, loai, ngay, trich, org=None, in_force=0):
        return store.create("van_ban", {"cap": cap, "so_ky_hieu": so, "loai": loai, "ngay_ban_hanh": ngay,
                                        "co_quan_ban_hanh": org, "trich_yeu": trich, "con_hieu_luc": in_force})
    ids = {
        "plan": vb("cap_tren", "25/KH-UBND", "ke_hoach", "12/02/2025", "Thực hiện công tác dân vận chính quyền "
                   "năm 2025", "Ủy ban nhân dân tỉnh Quảng Ngãi"),
        "plan_before": vb("cap_tren", "301/KH-UBND", "ke_hoach", "20/12/2024", "Công tác dân vận chính quyền năm "
                          "2025", "Ủy ban nhân dân tỉnh Quảng Ngãi"),
        "old_plan": vb("cap_tren", "12/KH-UBND", "ke_hoach", "05/01/2024", "Dân vận năm 2024", "UBND tỉnh"),
        "ask_half": vb("cap_tren", "217/SNV", "cong_van", "05/06/2025", "Báo cáo kết quả công tác dân vận chính "
                       "quyền 6 tháng đầu năm 2025", "Sở Nội vụ"),
        "ask_year": vb("cap_tren", "439/SNV", "cong_van", "28/11/2025", "Báo cáo kết quả công tác dân vận chính "
                       "quyền năm 2025", "Sở Nội vụ"),
        "programme": vb("chi_dao", "01/CTr-UBND", "chuong_trinh", "15/03/2021", "Phối hợp giữa UBND xã và Ủy ban "
                        "MTTQ xã trong công tác dân vận giai đoạn 2021 – 2025", in_force=1),
    }
    return store, ids


def test_the_preamble_cites_the_request_and_the_years_plans(documents):
    store, ids = documents
    units = store.unit_scope(store.current_unit_id(), True)
    half = R.default_can_cu(store, units, Period.half(2025, 1), dt.date(2025, 7, 5))
    assert half == [ids["ask_half"], ids["plan_before"], ids["plan"]]  # the February plan, 5 months earlier
    year = R.default_can_cu(store, units, Period.year(2025), dt.date(2026, 1, 5))
    assert year == [ids["ask_year"], ids["plan_before"], ids["plan"]]
    nine = R.default_can_cu(store, units, Period.months9(2025), dt.date(2025, 10, 5))
    assert nine == [ids["plan_before"], ids["plan"]]  # neither request is for 9 months
    rep = R.new_report(store, None, Period.half(2025, 1), today=dt.date(2025, 7, 5))
    first = build_document(store, rep).preamble[0].text
    assert first.startswith("Thực hiện Công văn số 217/SNV ngày 05/06/2025 của Sở Nội vụ về báo cáo kết quả")
    assert "Kế hoạch số 25/KH-UBND ngày 12/02/2025 của Ủy ban nhân dân tỉnh Quảng Ngãi" in first
    assert "01/CTr-UBND" not in first


def test_documents_in_force_are_continued_in_the_leadership_section(documents):
    store, _ = documents
    stats = compute(store, Period.year(2025), today=TODAY)
    texts = [p.text for p in BUILDERS["van_ban_chi_dao"](stats, ProseContext.for_stats(stats))]
    assert texts[-1] == ("Đồng thời, UBND xã tiếp tục triển khai Chương trình số 01/CTr-UBND ngày 15/03/2021 về phối "
                         "hợp giữa UBND xã và Ủy ban MTTQ xã trong công tác dân vận giai đoạn 2021 – 2025.")
    # the documents picker offers every document, superior ones first
    rows = R.citable_documents(store)
    assert rows[0]["cap"] == "cap_tren" and rows[-1]["so_ky_hieu"] == "01/CTr-UBND"


# ------------------------------------------------------------ placeholders highlighted
def test_placeholders_are_highlighted_yellow_in_docx_and_pdf(store, tmp_path):
    from PIL import Image

    from core.report.docx_writer import write_docx
    from core.report.pdf_writer import write_pdf

    store.create("tiep_cong_dan", {"ngay_tiep": "2025-03-01", "ho_ten": "Bùi Văn K", "noi_dung": "Đất"})
    doc = build_for_cli(store, Period.year(2025), today=TODAY)
    missing = {s.key for s in doc.missing()}
    assert {"dao_duc_cong_vu", "kien_nghi"} <= missing
    xml = zipfile.ZipFile(write_docx(doc, tmp_path / "r.docx")).read("word/document.xml").decode()
    runs = re.findall(r"<w:r>.*?</w:r>", xml)
    marked = [r for r in runs if '<w:highlight w:val="yellow"/>' in r]
    assert marked and all("[Chưa nhập nội dung" in r or "Gợi ý" in r or "[" in r for r in marked)
    assert not [r for r in runs if "Trong năm 2025, UBND xã tiếp" in r and "highlight" in r]
    pdf = write_pdf(doc, tmp_path / "r.pdf")
    page = next(i for i in range(1, pdf_pages(pdf) + 1) if "[Chưa nhập nội dung" in pdf_text(pdf, i, i))
    subprocess.run(["pdftoppm", "-r", "40", "-f", str(page), "-l", str(page), "-png", str(pdf),
                    str(tmp_path / "p")], check=True)
    png = next(tmp_path.glob("p*.png"))
    img = Image.open(png).convert("RGB")
    yellow = sum(1 for x in range(img.width) for y in range(img.height)
                 if (lambda px: px[0] > 230 and px[1] > 230 and px[2] < 60)(img.getpixel((x, y))))
    assert yellow > 200
