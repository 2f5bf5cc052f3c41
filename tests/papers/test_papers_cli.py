"""``paper`` and ``book`` on the command line (issue 14)."""
from __future__ import annotations

import zipfile

import pytest
from nd30 import assert_nd30

from cli import main


def test_paper_list_needs_no_book(capsys, tmp_path):
    with pytest.raises(SystemExit) as e:
        main(["--data-dir", str(tmp_path / "nowhere"), "paper", "--list"])
    assert e.value.code == 0
    out = capsys.readouterr().out
    assert "bien_nhan" in out and "chuyen_don" in out and "thong_bao_thu_ly" in out
    assert not (tmp_path / "nowhere").exists()


def test_issue_then_reprint(book, capsys, tmp_path):
    store, ids = book
    d = ["--data-dir", str(store.data_dir)]
    store.close()
    out = tmp_path / "pc.docx"
    assert main([*d, "paper", "chuyen_don", "--record", "13/2026", "--date", "10/03/2026", "--format", "docx",
                 "--out", str(out)]) == 0
    said = capsys.readouterr().out
    assert "số 1/PC-UBND" in said
    assert_nd30(out, title="PHIẾU CHUYỂN ĐƠN", ky_hieu="PC-UBND")
    gid = int(said.split("(mã ")[1].split(")")[0])
    # a draft is not numbered and not stored
    assert main([*d, "paper", "bien_nhan", "--record", "12/2026", "--draft", "--format", "pdf",
                 "--out", str(tmp_path / "x.pdf")]) == 0
    assert main([*d, "paper", "--reprint", str(gid), "--format", "docx", "--out", str(tmp_path / "again.docx")]) == 0
    with zipfile.ZipFile(out) as a, zipfile.ZipFile(tmp_path / "again.docx") as b:
        assert a.read("word/document.xml") == b.read("word/document.xml")
    capsys.readouterr()
    assert main([*d, "paper", "chuyen_don", "--issued", "--record", "13/2026"]) == 0
    listed = capsys.readouterr().out
    assert "1/PC-UBND" in listed and "10/03/2026" in listed and "Giấy biên nhận" not in listed
    # unknown petition, wrong suffix: Vietnamese errors, exit 2
    assert main([*d, "paper", "bien_nhan", "--record", "99/2026", "--format", "pdf", "--out", str(tmp_path / "y.pdf")]) == 2
    assert "Không có đơn số đến 99/2026" in capsys.readouterr().err
    assert main([*d, "paper", "bien_nhan", "--record", "12/2026", "--format", "pdf", "--out", str(tmp_path / "y.docx")]) == 2


def test_book_command_writes_each_format(book, capsys, tmp_path):
    store, ids = book
    path = str(store.data_dir)
    store.close()
    for fmt in ("docx", "pdf", "xlsx"):
        out = tmp_path / f"so.{fmt}"
        assert main(["--data-dir", path, "book", "so_tiep_cong_dan", "--year", "2026", "--half", "1", "--format", fmt,
                     "--out", str(out)]) == 0
        assert out.stat().st_size > 0
    assert "2 dòng" in capsys.readouterr().out


def test_book_for_dates_from_to(book, capsys, tmp_path):
    store, ids = book
    path = str(store.data_dir)
    store.close()
    out = tmp_path / "so.xlsx"
    assert main(["--data-dir", path, "book", "so_xu_ly_don", "--from", "03/03/2026", "--to", "05/03/2026",
                 "--format", "xlsx", "--out", str(out)]) == 0
    assert "3 dòng" in capsys.readouterr().out  # số đến 13, 14, 15
    assert main(["--data-dir", path, "book", "so_xu_ly_don", "--from", "05/03/2026", "--to", "01/03/2026",
                 "--format", "xlsx", "--out", str(out)]) == 2
    assert "trước" in capsys.readouterr().err
    assert main(["--data-dir", path, "book", "so_xu_ly_don", "--year", "2026", "--from", "01/03/2026",
                 "--to", "05/03/2026", "--format", "xlsx", "--out", str(out)]) == 2
