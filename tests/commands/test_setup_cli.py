"""``setup``: a book made from the command line — the unit, its predecessors
with the merger resolution and date, the villages with their kind, the
leaders and recipients — then ``template`` → a filled xlsx → ``import`` →
``report``, all without a screen."""
from __future__ import annotations

import openpyxl
import pytest
from nd30 import assert_nd30

import cli
from core.session import open_session

RESOLUTION = "Nghị quyết số 1656/NQ-UBTVQH15 ngày 16/6/2025 của Ủy ban Thường vụ Quốc hội"
SETUP = ["setup", "--ten", "Hòa Phong", "--tinh", "Quảng Ngãi", "--don-vi-cu", "Hòa Bình", "--don-vi-cu", "Hòa Lộc",
         "--nghi-quyet", RESOLUTION, "--ngay-sap-nhap", "01/07/2025", "--thon", "An Bình", "--thon", "Ấp Tân Lợi",
         "--to-dan-pho", "Chợ Mới", "--chu-tich", "Nguyễn Văn Hùng", "--pho-chu-tich", "Trần Thị Mai"]


def test_setup_makes_a_book(tmp_path, capsys):
    d = tmp_path / "data"
    assert cli.main(["--data-dir", str(d), *SETUP]) == 0
    out = capsys.readouterr().out
    assert "Đã thiết lập sổ của xã Hòa Phong" in out and "xã Hòa Bình, xã Hòa Lộc, từ ngày 01/07/2025" in out
    s = open_session(d)
    try:
        unit = s.current_unit()
        assert (unit["ten"], unit["loai"], unit["tinh"], unit["dia_danh"]) == ("Hòa Phong", "xa", "Quảng Ngãi", "Hòa Phong")
        assert unit["nghi_quyet_sap_nhap"] == RESOLUTION
        preds = [u for u in s.units() if u["merged_into_id"] == unit["id"]]
        assert [(u["ten"], u["ngay_sap_nhap"]) for u in preds] == [("Hòa Bình", "2025-07-01"), ("Hòa Lộc", "2025-07-01")]
        assert set(s.unit_scope()) == {unit["id"], *(u["id"] for u in preds)}  # reports add them up
        villages = s.q("SELECT ten, loai FROM thon ORDER BY thu_tu")
        assert [(v["ten"], v["loai"]) for v in villages] == [
            ("Thôn An Bình", "thon"), ("Ấp Tân Lợi", "ap"), ("Tổ dân phố Chợ Mới", "to_dan_pho")]
        leaders = s.q("SELECT ho_ten, chuc_vu FROM lanh_dao ORDER BY thu_tu")
        assert [(x["ho_ten"], x["chuc_vu"]) for x in leaders] == [("Nguyễn Văn Hùng", "chu_tich"),
                                                                 ("Trần Thị Mai", "pho_chu_tich")]
        assert s.q1("SELECT ten FROM noi_nhan ORDER BY thu_tu DESC LIMIT 1") == "Lưu: VT, VP"
    finally:
        s.close()
    # a second setup on the same book is refused, nothing changes
    assert cli.main(["--data-dir", str(d), "setup", "--ten", "Khác"]) == 1
    assert "đã được thiết lập cho xã Hòa Phong" in capsys.readouterr().err


def test_setup_then_import_then_report(tmp_path, capsys):
    d, xlsx, docx = tmp_path / "data", tmp_path / "don.xlsx", tmp_path / "bc.docx"
    assert cli.main([*SETUP, "--data-dir", str(d)]) == 0  # --data-dir after the command
    assert cli.main(["--data-dir", str(d), "template", "don_thu", "--out", str(xlsx)]) == 0
    wb = openpyxl.load_workbook(xlsx)
    ws = wb.worksheets[0]
    heads = [c.value for c in ws[1]]
    for i, (day, loai) in enumerate([("05/03/2025", "Kiến nghị"), ("12/04/2025", "Phản ánh"),
                                     ("20/08/2025", "Khiếu nại")], 1):
        row = {"Số đến": i, "Ngày nhận": day, "Loại đơn": loai, "Nội dung (trích yếu)": f"Đề nghị số {i} về đất đai",
               "Họ tên người gửi": "Trần Văn Bình", "Thôn, tổ dân phố": "Thôn An Bình"}
        ws.append([row.get(h) for h in heads])
    wb.save(xlsx)
    assert cli.main(["--data-dir", str(d), "import", str(xlsx)]) == 0
    assert "Đã nhập 3 đơn thư" in capsys.readouterr().out
    s = open_session(d)
    try:
        assert s.q1("SELECT count(*) FROM don_thu WHERE thon_id IS NOT NULL") == 3
    finally:
        s.close()
    assert cli.main(["--data-dir", str(d), "report", "--year", "2025", "--format", "docx", "--out", str(docx)]) == 0
    assert_nd30(docx)  # the signer is the chairman given to setup
    import docx as python_docx
    text = "\n".join(p.text for p in python_docx.Document(str(docx)).paragraphs)
    assert "tiếp nhận 03 đơn" in text
    assert ("Xã Hòa Phong được thành lập từ ngày 01/07/2025 trên cơ sở sắp xếp, hợp nhất xã Hòa Bình và xã Hòa Lộc "
            f"theo {RESOLUTION}.") in text


@pytest.mark.parametrize("argv,err", [
    (["--ten", "A", "--nghi-quyet", "Nghị quyết số 1"], "--don-vi-cu: Nghị quyết và ngày sáp nhập"),
    (["--ten", "A", "--don-vi-cu", "A"], "--don-vi-cu: Đơn vị cũ phải khác tên"),
    (["--ten", "  "], "--ten: Hãy nhập tên"),
])
def test_setup_refuses_bad_input_and_writes_nothing(tmp_path, capsys, argv, err):
    d = tmp_path / "data"
    assert cli.main(["--data-dir", str(d), "setup", *argv]) == 1
    msg = capsys.readouterr().err
    assert err in msg and "Traceback" not in msg
    s = open_session(d)
    try:
        assert s.current_unit() is None and not s.units()
    finally:
        s.close()


@pytest.mark.parametrize("argv,err", [
    (["--ten", "A", "--ngay-sap-nhap", "31/02/2025"], "Ngày không tồn tại trong lịch"),
    (["--ten", "A", "--loai", "huyện"], "loại đơn vị là một trong: xã, phường, đặc khu"),
    (["--tinh", "B"], "--ten"),
])
def test_setup_option_errors_are_vietnamese(tmp_path, capsys, argv, err):
    with pytest.raises(SystemExit) as e:
        cli.main(["--data-dir", str(tmp_path / "data"), "setup", *argv])
    assert e.value.code == 2
    msg = capsys.readouterr().err
    assert "Lỗi:" in msg and err in msg and "Traceback" not in msg
    assert not (tmp_path / "data").exists()


def test_setup_accepts_a_ward(tmp_path):
    d = tmp_path / "data"
    assert cli.main(["--data-dir", str(d), "setup", "--ten", "Nghĩa Lộ", "--loai", "Phường", "--to-dan-pho", "1"]) == 0
    s = open_session(d)
    try:
        assert s.unit_title() == "phường Nghĩa Lộ"
        assert s.q("SELECT ten, loai FROM thon") == [{"ten": "Tổ dân phố 1", "loai": "to_dan_pho"}]
    finally:
        s.close()
