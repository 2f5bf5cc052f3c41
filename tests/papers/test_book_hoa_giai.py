"""Sổ theo dõi hoạt động hòa giải ở cơ sở (issue 14): per tổ hòa giải, only
grassroots cases, the outcome as of the period's end, the open cases of the
period before carried in; DOCX/PDF/XLSX with the tổ under the title."""
from __future__ import annotations

import zipfile

import pytest
from openpyxl import load_workbook

from cli import main
from core.papers.book_writers import write_book
from core.papers.books import build_book
from core.papers.common import PaperError
from core.report.periods import Period


@pytest.fixture
def mediation(book):
    store, ids = book
    s = store
    a = s.create("to_hoa_giai", {"ten": "Tổ hòa giải thôn An Bình"})
    b = s.create("to_hoa_giai", {"ten": "thôn Đông Hòa"})
    lead = s.create("hoa_giai_vien", {"to_hoa_giai_id": a, "ho_ten": "Trần Văn Trưởng", "vai_tro": "to_truong"})
    member = s.create("hoa_giai_vien", {"to_hoa_giai_id": a, "ho_ten": "An Thị Viên", "vai_tro": "thanh_vien"})
    base = {"kind": "co_so", "nguon": "ben_yeu_cau", "linh_vuc": "lang_gieng", "so_nguoi_lien_quan": 2}
    c = {}
    c["thanh"] = s.create("hoa_giai", {**base, "to_hoa_giai_id": a, "ngay_nhan": "2026-02-10", "ben_a": "Hồ Văn Một",
                                       "ben_a_dia_chi": "Thôn An Bình", "ben_b": "Lý Thị Hai",
                                       "noi_dung": "Tranh chấp lối đi chung", "ket_qua": "thanh",
                                       "ngay_ket_thuc": "2026-02-20", "hoa_giai_vien_ids": [member, lead]})
    c["khong_thanh"] = s.create("hoa_giai", {**base, "to_hoa_giai_id": a, "ngay_nhan": "2026-03-01",
                                             "ben_a": "Phan Văn Ba", "noi_dung": "Nước thải chảy sang nhà bên",
                                             "ket_qua": "khong_thanh", "ngay_ket_thuc": "2026-03-15",
                                             "huong_dan": "Hướng dẫn gửi đơn đến Tòa án nhân dân khu vực"})
    # finished after the half-year: still "đang" in the book of 06 tháng đầu năm
    c["late"] = s.create("hoa_giai", {**base, "to_hoa_giai_id": b, "ngay_nhan": "2026-06-20", "ben_a": "Đỗ Văn Tư",
                                      "noi_dung": "Vật nuôi phá hoa màu", "ket_qua": "thanh",
                                      "ngay_ket_thuc": "2026-07-05"})
    # received the year before and still open on 01/01/2026: carried in
    c["carried"] = s.create("hoa_giai", {**base, "to_hoa_giai_id": a, "ngay_nhan": "2025-12-20",
                                         "ben_a": "Vũ Văn Năm", "noi_dung": "Mâu thuẫn góp tiền làm đường",
                                         "ket_qua": "rut", "ngay_ket_thuc": "2026-01-10"})
    # finished in 2025: not in the 2026 book
    c["old"] = s.create("hoa_giai", {**base, "to_hoa_giai_id": a, "ngay_nhan": "2025-05-01", "ben_a": "Cũ Văn Xong",
                                     "noi_dung": "Việc đã xong", "ket_qua": "thanh", "ngay_ket_thuc": "2025-05-09"})
    c["no_team"] = s.create("hoa_giai", {**base, "to_hoa_giai_id": b, "ngay_nhan": "2026-04-01",
                                         "ben_a": "Mai Văn Sáu", "noi_dung": "Tranh chấp tiền hụi", "ket_qua": "dang"})
    # a case with no tổ (an old book or an import; the form requires one now)
    s.conn.execute("UPDATE hoa_giai SET to_hoa_giai_id = NULL WHERE id = ?", (c["no_team"],))
    # land-dispute mediation at UBND xã: not grassroots mediation (SPEC §3.3)
    c["dat_dai"] = s.create("hoa_giai", {**base, "kind": "dat_dai", "linh_vuc": "dan_su", "ngay_nhan": "2026-03-10",
                                         "ben_a": "Đất Văn Tranh", "noi_dung": "Tranh chấp ranh giới thửa đất",
                                         "ket_qua": "thanh", "ngay_ket_thuc": "2026-03-30"})
    return s, {"a": a, "b": b, "cases": c}


def _by_party(rows):
    return {r[3].split(" – ")[0].split(";")[0]: r for r in rows if len(r) > 1}


def test_one_tos_book_lists_its_grassroots_cases(mediation):
    store, m = mediation
    b = build_book(store, "so_hoa_giai", Period.half(2026, 1), to_id=m["a"])
    assert b.title == "SỔ THEO DÕI HOẠT ĐỘNG HÒA GIẢI Ở CƠ SỞ" and b.scope == "Tổ hòa giải thôn An Bình"
    assert "Tổ hòa giải thôn An Bình" in b.subtitle and "06 tháng đầu năm 2026" in b.subtitle
    head = [c.text for c in b.table.header[0]] + [c.text for c in b.table.header[1]]
    for col in ("STT", "Ngày, tháng, năm nhận vụ, việc", "Họ và tên hòa giải viên", "Nội dung chủ yếu của vụ, việc",
                "Kết quả hòa giải", "Hòa giải thành", "Hòa giải không thành", "Đang hòa giải", "Chữ ký", "Ghi chú"):
        assert col in head, col
    assert [c.text for c in b.table.header[2]] == [str(i) for i in range(1, 13)]
    rows = b.rows()
    assert all(len(r) == 12 for r in rows) and [r[0] for r in rows] == ["1", "2", "3"]
    by = _by_party(rows)
    assert set(by) == {"Vũ Văn Năm", "Hồ Văn Một", "Phan Văn Ba"}  # not team B's, not 2025's finished, no dat_dai
    one = by["Hồ Văn Một"]
    assert one[1] == "10/02/2026" and one[2] == "Trần Văn Trưởng, An Thị Viên"  # tổ trưởng first
    assert one[3] == "Hồ Văn Một – Thôn An Bình; Lý Thị Hai"
    assert one[4] == "Mâu thuẫn trong sinh hoạt, láng giềng: Tranh chấp lối đi chung"
    assert one[6:9] == ["x", "", ""] and one[9] == "20/02/2026"
    kt = by["Phan Văn Ba"]
    assert kt[6:9] == ["", "x", ""] and kt[5] == "Hướng dẫn gửi đơn đến Tòa án nhân dân khu vực"
    carried = by["Vũ Văn Năm"]
    assert carried[1] == "20/12/2025" and "kỳ trước" in carried[11]
    assert carried[6:9] == ["", "", ""] and carried[5] == "Rút yêu cầu, tự hòa giải"


def test_outcome_is_as_of_the_period_end(mediation):
    store, m = mediation
    first = _by_party(build_book(store, "so_hoa_giai", Period.half(2026, 1), to_id=m["b"]).rows())
    assert first["Đỗ Văn Tư"][6:10] == ["", "", "x", ""]  # finished 05/07: still đang on 30/06
    year = _by_party(build_book(store, "so_hoa_giai", Period.year_(2026), to_id=m["b"]).rows())
    assert year["Đỗ Văn Tư"][6:10] == ["x", "", "", "05/07/2026"]


def test_whole_commune_has_one_section_per_to(mediation):
    store, m = mediation
    b = build_book(store, "so_hoa_giai", Period.year_(2026))
    assert b.scope == ""
    sections = [r[0] for r in b.rows() if len(r) == 1]
    assert sections == ["Tổ hòa giải thôn An Bình: 3 vụ, việc", "Tổ hòa giải thôn Đông Hòa: 1 vụ, việc",
                        "(không ghi tổ): 1 vụ, việc"]
    assert b.table.rows[0][0].colspan == 12
    assert "Đất Văn Tranh" not in str(b.rows())
    assert [r[0] for r in b.rows() if len(r) > 1] == ["1", "2", "3", "1", "1"]  # STT restarts per tổ


def test_wrong_to_and_to_on_another_book_are_refused(mediation):
    store, m = mediation
    with pytest.raises(PaperError, match="tổ hòa giải số hiệu 999"):
        build_book(store, "so_hoa_giai", Period.year_(2026), to_id=999)
    with pytest.raises(PaperError, match="theo tổ hòa giải"):
        build_book(store, "so_xu_ly_don", Period.year_(2026), to_id=m["a"])


@pytest.mark.parametrize("fmt", ["docx", "pdf", "xlsx"])
def test_written_landscape_with_the_to_under_the_title(mediation, tmp_path, fmt):
    store, m = mediation
    b = build_book(store, "so_hoa_giai", Period.year_(2026), to_id=m["a"])
    out = write_book(b, fmt, tmp_path / f"hg.{fmt}")
    if fmt == "docx":
        xml = zipfile.ZipFile(out).read("word/document.xml").decode()
        assert 'w:orient="landscape"' in xml and "<w:tblHeader" in xml
        assert "Tổ hòa giải thôn An Bình" in xml and "Hồ Văn Một" in xml
    elif fmt == "xlsx":
        ws = load_workbook(out).active
        texts = [c.value for row in ws.iter_rows() for c in row if c.value]
        assert "Tổ hòa giải thôn An Bình" in texts and ws.page_setup.orientation == "landscape"
        assert ws.print_title_rows
    else:
        import subprocess

        text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True).stdout
        assert "Tổ hòa giải thôn An Bình" in text and "Trang 1" in text


def test_book_command_takes_a_to(mediation, capsys, tmp_path):
    store, m = mediation
    d = ["--data-dir", str(store.data_dir)]
    store.close()
    out = tmp_path / "hg.docx"
    assert main([*d, "book", "so_hoa_giai", "--year", "2026", "--to-hoa-giai", str(m["a"]), "--format", "docx",
                 "--out", str(out)]) == 0
    assert "3 dòng" in capsys.readouterr().out
    assert "Tổ hòa giải thôn An Bình" in zipfile.ZipFile(out).read("word/document.xml").decode()
    assert main([*d, "book", "so_hoa_giai", "--year", "2026", "--to-hoa-giai", "999", "--format", "docx",
                 "--out", str(tmp_path / "x.docx")]) == 2
    assert "999" in capsys.readouterr().err
    with pytest.raises(SystemExit) as e:
        main([*d, "book", "--list"])
    assert e.value.code == 0 and "so_hoa_giai" in capsys.readouterr().out
