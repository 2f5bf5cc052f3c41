"""Books of a period (issue 14): landscape, the header rows repeated on every
page, pages numbered, the unit and period in the title, tố cáo rows masked —
in DOCX, PDF and XLSX."""
from __future__ import annotations

import re
import subprocess
import zipfile

import pytest
from openpyxl import load_workbook

from core.papers.book_writers import write_book
from core.papers.books import build_book
from core.report.periods import Period

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_xml(path, part="word/document.xml") -> str:
    with zipfile.ZipFile(path) as z:
        return z.read(part).decode("utf-8")


def test_so_tiep_cong_dan_rows_come_from_the_visits(book):
    store, ids = book
    b = build_book(store, "so_tiep_cong_dan", Period.year_(2026))
    assert b.title == "SỔ TIẾP CÔNG DÂN" and b.unit == "Ủy ban nhân dân xã Nghĩa Phương"
    assert b.period_label == "năm 2026" and "Mẫu số 03, Thông tư 04/2021/TT-TTCP" in b.form
    head = [c.text for c in b.table.header[0]] + [c.text for c in b.table.header[1]]
    for col in ("STT", "Ngày tiếp", "Họ tên – Địa chỉ", "Số CCCD", "Nội dung vụ việc", "Phân loại đơn / Số người",
                "Cơ quan đã giải quyết", "Hướng xử lý", "Theo dõi kết quả", "Ghi chú", "Thụ lý",
                "Trả lại đơn, hướng dẫn", "Chuyển đơn đến cơ quan có thẩm quyền"):
        assert col in head, col
    assert [c.text for c in b.table.header[2]] == [str(i) for i in range(1, 13)]  # every column numbered
    rows = b.rows()
    assert len(rows) == 2 and all(len(r) == b.table.n_cols == 12 for r in rows)
    first, tc = rows
    assert first[:7] == ["1", "02/03/2026", "Lê Văn An – Thôn An Bình", "051080000123", "Khiếu nại thu hồi đất",
                         "Khiếu nại; 1 người", "UBND huyện cũ"]
    assert first[7:10] == ["x", "", ""]  # tiếp nhận đơn → thụ lý
    assert tc[2] == "(bảo mật)" and tc[3] == "(bảo mật)" and tc[5] == "Tố cáo; 2 người" and tc[9] == "x"
    # another period: nothing
    assert build_book(store, "so_tiep_cong_dan", Period.half(2026, 2)).rows() == []


def test_so_xu_ly_don_follows_each_petition(book):
    store, ids = book
    b = build_book(store, "so_xu_ly_don", Period.half(2026, 1))
    rows = {r[1]: r for r in b.rows()}
    assert set(rows) == {"12/2026", "13/2026", "14/2026", "15/2026", "16/2026"}
    r = rows["13/2026"]
    assert r[2] == "03/03/2026" and r[4] == "Võ Thị Bình – Thôn Đông Hòa" and r[7] == "Đủ"
    assert r[8].startswith("Chuyển đơn") and r[8].endswith("06/03/2026")
    assert r[9] == "Văn phòng Đăng ký đất đai tỉnh Quảng Ngãi"
    assert rows["12/2026"][10].startswith("thụ lý 06/03/2026")
    assert rows["14/2026"][4] == "(bảo mật)"


@pytest.mark.parametrize("key", ["so_tiep_cong_dan", "so_xu_ly_don"])
def test_books_written_landscape_with_repeated_header_and_no_denouncer(book, tmp_path, key):
    store, ids = book
    b = build_book(store, key, Period.year_(2026))
    # DOCX: landscape section, the header rows flagged w:tblHeader, a PAGE field in the header
    d = write_book(b, "docx", tmp_path / "b.docx")
    xml = docx_xml(d)
    assert 'w:orient="landscape"' in xml
    pg = re.search(r'<w:pgSz w:w="(\d+)" w:h="(\d+)"', xml)
    assert int(pg.group(1)) > int(pg.group(2))
    tbl = xml[xml.index("<w:tbl>"):]
    trs = re.findall(r"<w:tr[ >].*?</w:tr>", tbl, re.S)
    flagged = ["<w:tblHeader/>" in tr for tr in trs]
    assert flagged[:len(b.table.header)] == [True] * len(b.table.header) and not any(flagged[len(b.table.header):])
    headers = "".join(docx_xml(d, n) for n in zipfile.ZipFile(d).namelist() if n.startswith("word/header"))
    assert " PAGE " in headers
    assert "Ủy ban nhân dân xã Nghĩa Phương".upper() in xml and "Năm 2026" in xml and b.title in xml
    # PDF: landscape pages, "Trang N" on each, the header row on each page
    p = write_book(b, "pdf", tmp_path / "b.pdf")
    info = subprocess.run(["pdfinfo", str(p)], capture_output=True, text=True, check=True).stdout
    w, h = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups())
    assert w > h
    text = subprocess.run(["pdftotext", str(p), "-"], capture_output=True, text=True, check=True).stdout
    assert "Trang 1" in text and b.title in text
    # XLSX: landscape, print titles = the header rows
    x = write_book(b, "xlsx", tmp_path / "b.xlsx")
    ws = load_workbook(x).active
    assert ws.page_setup.orientation == "landscape"
    assert re.fullmatch(r"\$?\d+:\$?\d+", ws.print_title_rows.replace("'", "").split("!")[-1])
    cells = " ".join(str(c.value) for row in ws.iter_rows() for c in row if c.value is not None)
    assert "(bảo mật)" in cells
    assert ws.cell(row=ws.max_row, column=1).value == len(b.table.rows)  # STT a number
    for out in (xml, text, cells):
        for secret in ids["secrets"]:
            assert secret not in out, (secret, key)


def test_book_with_many_rows_repeats_its_header_on_every_pdf_page(book, tmp_path):
    store, ids = book
    for i in range(60):
        store.create("tiep_cong_dan", {"ngay_tiep": "2026-04-01", "ho_ten": f"Công dân {i}", "so_nguoi": 1,
                                       "loai": "kien_nghi", "noi_dung": "Kiến nghị sửa đường " * 3})
    p = write_book(build_book(store, "so_tiep_cong_dan", Period.year_(2026)), "pdf", tmp_path / "b.pdf")
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(p)], capture_output=True, text=True,
                                                              check=True).stdout).group(1))
    assert pages >= 3
    for n in range(1, pages + 1):
        t = subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), str(p), "-"], capture_output=True, text=True,
                           check=True).stdout
        t = " ".join(t.split())
        assert f"Trang {n}" in t and "Nội dung vụ việc" in t and "Theo dõi kết quả" in t


@pytest.mark.parametrize("fmt", ["docx", "pdf", "xlsx"])
def test_a_custom_range_is_printed_once(book, tmp_path, fmt):
    """Review of issue 14: a book of a custom range printed "Từ ngày 15/06/2025
    đến ngày 10/02/2026 (từ ngày 15/06/2025 đến ngày 10/02/2026)"."""
    store, _ = book
    b = build_book(store, "so_xu_ly_don", Period.custom("15/06/2025", "10/02/2026"))
    assert b.period_text == "từ ngày 15/06/2025 đến ngày 10/02/2026"
    assert b.subtitle.count("15/06/2025") == 1
    assert build_book(store, "so_xu_ly_don", Period.year_(2026)).period_text == \
        "năm 2026 (từ ngày 01/01/2026 đến ngày 31/12/2026)"
    out = write_book(b, fmt, tmp_path / f"b.{fmt}")
    if fmt == "docx":
        text = docx_xml(out)
    elif fmt == "pdf":
        text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True).stdout
    else:
        ws = load_workbook(out).active
        text = "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value)
    assert "Từ ngày 15/06/2025 đến ngày 10/02/2026" in text and text.count("15/06/2025") == 1


def test_a_merged_away_communes_rows_say_whose_they_are(book):
    """The books of this commune count the letters and visits of a commune merged
    into it, which kept their own numbers (12/2026 may then be there twice):
    such a row names the former commune; this commune's rows stay as they were."""
    store, ids = book
    cur = store.current_unit_id()
    old = store.create("unit", {"ten": "Hòa Bình", "loai": "xa", "merged_into_id": cur, "ngay_sap_nhap": "2026-07-01"})
    store.create("don_thu", {"unit_id": old, "ngay_nhan": "2026-03-04", "so_den": 12, "ho_ten": "Đặng Văn Tư",
                             "loai": "kien_nghi", "linh_vuc": "dat_dai", "noi_dung": "Đề nghị cấp giấy"})
    store.create("tiep_cong_dan", {"unit_id": old, "ngay_tiep": "2026-03-05", "ho_ten": "Đặng Văn Tư",
                                   "loai": "kien_nghi", "linh_vuc": "dat_dai", "noi_dung": "Hỏi về cấp giấy"})
    numbers = [r[1] for r in build_book(store, "so_xu_ly_don", Period.half(2026, 1)).rows()]
    assert numbers.count("12/2026") == 1 and "12/2026 – xã Hòa Bình (cũ)" in numbers
    visits = build_book(store, "so_tiep_cong_dan", Period.year_(2026)).rows()
    notes = {r[2]: r[11] for r in visits}
    assert notes["Đặng Văn Tư"].startswith("Tiếp tại xã Hòa Bình (cũ)")
    assert not notes["Lê Văn An – Thôn An Bình"].startswith("Tiếp tại")


@pytest.mark.parametrize("key", ["so_tiep_cong_dan", "so_xu_ly_don", "so_hoa_giai"])
def test_the_form_line_under_the_title_has_no_brackets_inside_brackets(book, key):
    """"(Theo Thông tư … (tiếp nhận …))" read badly: the form line is put in
    brackets once, so the form's own text carries none."""
    store, _ = book
    b = build_book(store, key, Period.year_(2026))
    assert "(" not in b.form and ")" not in b.form
