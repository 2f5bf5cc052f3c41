"""Issue and write a paper in one call, and write an issued paper again
(``core.commands.papers.write_paper`` / ``write_issued``: what the editor's
issue dialog and "Giấy tờ đã phát hành" list call)."""
from __future__ import annotations

import datetime as dt
import zipfile

import pytest

from core.commands.papers import write_issued, write_paper
from core.papers import issued as I
from core.papers.common import PaperError

DAY = dt.date(2026, 3, 10)


def docx_text(path) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read("word/document.xml").decode("utf-8")


def test_write_paper_issues_numbers_and_writes(book, tmp_path):
    store, ids = book
    g = write_paper(store, "bien_nhan", ids["kn"], "docx", tmp_path / "a.docx", ngay=DAY)
    assert g.number == "1/GBN-UBND" and g.ngay == DAY
    assert "1/GBN-UBND" in docx_text(tmp_path / "a.docx")
    g2 = write_paper(store, "bien_nhan", ids["kn"], "pdf", tmp_path / "b.pdf", ngay=DAY)
    assert g2.so == 2 and (tmp_path / "b.pdf").read_bytes()[:5] == b"%PDF-"
    assert [x.id for x in I.issued_for(store, "don_thu", ids["kn"])] == [g.id, g2.id]


def test_a_draft_is_written_but_not_stored(book, tmp_path):
    store, ids = book
    assert write_paper(store, "bien_nhan", ids["kn"], "docx", tmp_path / "d.docx", draft=True) is None
    assert "Số:       /GBN-UBND" in docx_text(tmp_path / "d.docx")
    assert I.issued_for(store, "don_thu", ids["kn"]) == []


def test_a_paper_that_cannot_be_made_stores_nothing(book, tmp_path):
    store, ids = book
    with pytest.raises(PaperError, match="Cơ quan nhận đơn chuyển"):
        write_paper(store, "chuyen_don", ids["kn"], "pdf", tmp_path / "x.pdf", ngay=DAY)
    assert I.issued_for(store, "don_thu", ids["kn"]) == [] and not (tmp_path / "x.pdf").exists()


def test_write_issued_is_the_paper_as_issued(book, tmp_path):
    store, ids = book
    g = write_paper(store, "bien_nhan", ids["kn"], "docx", tmp_path / "a.docx", ngay=DAY)
    store.update("don_thu", ids["kn"], {"noi_dung": "Nội dung đã sửa sau khi phát hành"})
    again = write_issued(store, g.id, "docx", tmp_path / "again.docx")
    assert again.id == g.id
    text = docx_text(tmp_path / "again.docx")
    assert "thửa số 768" in text and "đã sửa sau" not in text
