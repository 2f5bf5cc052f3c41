"""What the list pages' "In sổ…" needs of the books (issue 14): ``book_keys_for``
(the books a list offers) and an empty period's book."""
from __future__ import annotations

import subprocess
import zipfile

import pytest
from openpyxl import load_workbook

from core.papers.book_writers import write_book
from core.papers.books import BOOKS, book_keys_for, build_book
from core.records.listing import LIST_KINDS
from core.report.periods import Period


def test_each_record_kind_offers_its_book():
    assert book_keys_for("tiep_cong_dan") == ["so_tiep_cong_dan"]
    assert book_keys_for("don_thu") == ["so_xu_ly_don"]
    assert book_keys_for("hoa_giai") == ["so_hoa_giai"]
    for kind in ("doi_thoai", "mo_hinh", "van_ban", "hoat_dong", "chi_tieu", "khong_co"):
        assert book_keys_for(kind) == []


def test_every_book_is_offered_by_exactly_one_list():
    offered = [k for kind in LIST_KINDS for k in book_keys_for(kind)]
    assert sorted(offered) == sorted(BOOKS)


@pytest.mark.parametrize("key, line", [("so_tiep_cong_dan", "Không có lượt tiếp công dân nào trong kỳ."),
                                       ("so_xu_ly_don", "Không có đơn nào trong kỳ."),
                                       ("so_hoa_giai", "Không có vụ, việc nào trong kỳ.")])
def test_an_empty_period_is_a_book_with_a_line_in_every_format(store, tmp_path, key, line):
    """"In sổ…" on a period without records: the book's title and header, then
    the line, in DOCX, PDF and XLSX — never an error."""
    book = build_book(store, key, Period.year_(2030))
    assert book.rows() == []
    docx = write_book(book, "docx", tmp_path / "b.docx")
    with zipfile.ZipFile(docx) as z:
        assert line in z.read("word/document.xml").decode("utf-8")
    pdf = write_book(book, "pdf", tmp_path / "b.pdf")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert line in text and book.title in text
    xlsx = write_book(book, "xlsx", tmp_path / "b.xlsx")
    cells = [v for r in load_workbook(xlsx).active.iter_rows(values_only=True) for v in r if v]
    assert cells[-1] == line and book.title in cells
