"""Issue 13 (§8, §9, §10): hostile and broken xlsx files are refused before
openpyxl unpacks them, with the limit in the message; a damaged part is an
``ExcelError``; a huge cell is refused per row; a long sane file shows
progress; a full disk during an import or an export leaves nothing half
written; the Excel export survives what an older book holds."""
from __future__ import annotations

import errno
import re
import zipfile

import openpyxl
import pytest

from core.errors import DiskFullError
from core.io import excel, importer

HEADERS = ["Ngày", "Loại hoạt động", "Chủ đề", "Số cuộc", "so_nguoi"]


def _write(path, rows, headers=HEADERS, title="Hoạt động"):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    ws.append(headers)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def _rewrite(src, dest, replace: dict):
    """Copy the zip ``src`` to ``dest`` with some parts' bytes replaced."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename in replace:
                data = replace[info.filename](data)
            zout.writestr(info.filename, data)
    return dest


@pytest.fixture
def no_openpyxl(monkeypatch):
    """Fails the test if the file reached openpyxl."""
    import openpyxl as mod

    def refuse(*a, **k):
        raise AssertionError("openpyxl was asked to load a file that should have been refused first")

    monkeypatch.setattr(mod, "load_workbook", refuse)


def test_zip_bomb_refused_by_its_compression_ratio(store, tmp_path, no_openpyxl):
    good = _write(tmp_path / "good.xlsx", [["01/02/2025", "Tuyên truyền", "A", 1, 2]])
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(good) as zin, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for info in zin.infolist():
            z.writestr(info.filename, zin.read(info.filename))
        with z.open("xl/worksheets/sheet2.xml", "w") as fh:  # 8 MB of one byte: packs to a few KB
            for _ in range(8):
                fh.write(b"<" * (1024 * 1024))
    assert bomb.stat().st_size < 100_000
    with pytest.raises(excel.ExcelError, match=r"nén bất thường .* quá 200 lần") as e:
        importer.import_xlsx(store, bomb)
    assert "có thể là tệp độc hại" in e.value.message()
    assert store.count("hoat_dong") == 0


def test_declared_unpacked_size_beyond_the_limit_refused(store, tmp_path, monkeypatch, no_openpyxl):
    monkeypatch.setattr(importer, "MAX_UNPACKED_BYTES", 1024 * 1024)  # the real one is 256 MB
    monkeypatch.setattr(importer, "MAX_RATIO", 10 ** 6)
    rows = [["01/02/2025", "Tuyên truyền", f"Chủ đề {i} " + "x" * 400, 1, 2] for i in range(2500)]
    big = _write(tmp_path / "big.xlsx", rows)
    with pytest.raises(excel.ExcelError, match=r"khi giải nén chiếm [\d,]+ MB, vượt giới hạn 1 MB"):
        importer.import_xlsx(store, big)


def test_the_real_limits_are_stated_in_the_messages(store, tmp_path, no_openpyxl):
    assert importer.MAX_UNPACKED_BYTES == 256 * 1024 * 1024 and importer.MAX_ROWS == 100_000
    many = tmp_path / "many.xlsx"
    with zipfile.ZipFile(many, "w") as z:
        for i in range(importer.MAX_ZIP_ENTRIES + 1):
            z.writestr(f"x/{i}.xml", b"")
    with pytest.raises(excel.ExcelError, match="2.001 phần, vượt giới hạn 2.000 phần"):
        importer.import_xlsx(store, many)


SST = (b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
       b'2006/main" count="1" uniqueCount="1"><si><t>Tuy\xc3\xaan truy\xe1\xbb\x81n</t></si></sst>')
SST_TYPE = (b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
            b'officedocument.spreadsheetml.sharedStrings+xml"/></Types>')


def test_malformed_shared_strings_is_an_excel_error(store, tmp_path):
    """A cell pointing at shared string 7 of a table of one: openpyxl's
    ``IndexError`` becomes the Vietnamese "tệp bị hỏng"."""
    good = _write(tmp_path / "good.xlsx", [["01/02/2025", "Tuyên truyền", f"Chủ đề {i}", 1, 2] for i in range(5)])

    def sheet(d):
        d = re.sub(rb'<c r="B2" t="inlineStr"><is><t>[^<]*</t></is></c>', b'<c r="B2" t="s"><v>0</v></c>', d)
        return re.sub(rb'<c r="B4" t="inlineStr"><is><t>[^<]*</t></is></c>', b'<c r="B4" t="s"><v>7</v></c>', d)

    bad = tmp_path / "bad.xlsx"
    _rewrite(good, bad, {"xl/worksheets/sheet1.xml": sheet,
                         "[Content_Types].xml": lambda d: d.replace(b"</Types>", SST_TYPE)})
    with zipfile.ZipFile(bad, "a") as z:
        z.writestr("xl/sharedStrings.xml", SST)
    with pytest.raises(excel.ExcelError, match="bị hỏng: một phần nội dung không đọc được"):
        importer.import_xlsx(store, bad)
    assert store.count("hoat_dong") == 0


def test_a_sheet_declaring_a_million_rows_is_refused(store, tmp_path):
    good = _write(tmp_path / "good.xlsx", [["01/02/2025", "Tuyên truyền", "A", 1, 2]])
    huge = _rewrite(good, tmp_path / "huge.xlsx", {"xl/worksheets/sheet1.xml": lambda d: re.sub(
        rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', d)})
    with pytest.raises(excel.ExcelError, match=r"khai báo 1\.048\.576 dòng, vượt giới hạn 100\.000 dòng"):
        importer.import_xlsx(store, huge)


def test_more_rows_than_the_limit_without_a_dimension(store, tmp_path, monkeypatch):
    monkeypatch.setattr(importer, "MAX_ROWS", 50)
    good = _write(tmp_path / "good.xlsx", [["01/02/2025", "Tuyên truyền", f"A{i}", 1, 2] for i in range(80)])
    undeclared = _rewrite(good, tmp_path / "nodim.xlsx", {"xl/worksheets/sheet1.xml": lambda d: re.sub(
        rb'<dimension ref="[^"]*"/>', b"", d)})
    with pytest.raises(excel.ExcelError, match="có hơn 50 dòng"):
        importer.import_xlsx(store, undeclared)
    assert store.count("hoat_dong") == 0


def test_a_sheet_claiming_16384_columns_is_not_padded(store, tmp_path):
    good = _write(tmp_path / "good.xlsx", [["01/02/2025", "Tuyên truyền", f"A{i}", 1, 2] for i in range(30)])
    wide = _rewrite(good, tmp_path / "wide.xlsx", {"xl/worksheets/sheet1.xml": lambda d: re.sub(
        rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD31"/>', d)})
    r = importer.import_xlsx(store, wide)
    assert r.added == 30


def test_cells_beyond_the_field_limit_are_rejected_per_row(store, tmp_path):
    rows = [["01/02/2025", "Tuyên truyền", "Chủ đề bình thường", 1, 2],
            ["02/02/2025", "Tuyên truyền", "y" * 30_000, 1, 2]]  # chủ đề is one line: 1.000 characters
    p = _write(tmp_path / "long.xlsx", rows)
    r = importer.import_xlsx(store, p, mode="valid_rows")
    assert r.added == 1 and [n for n, _ in r.rejected] == [3]
    assert "30.000 ký tự, vượt giới hạn 1.000 ký tự" in r.rejected[0][1]
    tc = [["03/02/2025", "Trần Văn B", "z" * 10_001]]
    p2 = _write(tmp_path / "tcd.xlsx", tc, ["Ngày tiếp", "Họ tên công dân", "Nội dung vụ việc"], "Tiếp công dân")
    r2 = importer.import_xlsx(store, p2)
    assert not r2.committed and "vượt giới hạn 10.000 ký tự" in r2.rejected[0][1]


def test_a_long_sane_file_reports_progress(store, tmp_path, monkeypatch):
    monkeypatch.setattr(importer, "PROGRESS_EVERY", 100)
    rows = [["01/02/2025", "Tuyên truyền", f"Chủ đề {i}", 1, i] for i in range(450)]
    p = _write(tmp_path / "long.xlsx", rows)
    calls = []
    r = importer.import_xlsx(store, p, progress=lambda done, total: calls.append((done, total)))
    assert r.added == 450
    assert calls == [(100, 450), (200, 450), (300, 450), (400, 450), (450, 450)]


def test_disk_full_during_an_import_keeps_nothing(store, tmp_path):
    """SQLite's own SQLITE_FULL (``max_page_count`` at the current size)."""
    rows = [["01/02/2025", "Tuyên truyền", f"Chủ đề {i} " + "x" * 500, 1, i] for i in range(400)]
    p = _write(tmp_path / "full.xlsx", rows)
    store.create("hoat_dong", {"ngay": "01/01/2025", "chu_de": "Có từ trước"})
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    pages = store.q1("PRAGMA page_count")
    store.conn.execute(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(DiskFullError) as e:
        importer.import_xlsx(store, p, mode="valid_rows")
    assert "chưa nhập dòng nào" in e.value.message() and "Ổ đĩa đã đầy" in e.value.message()
    store.conn.execute("PRAGMA max_page_count = 1073741823")
    assert store.count("hoat_dong") == 1  # what was there stays; nothing of the import


def test_disk_full_during_an_export_leaves_no_file(store, tmp_path, monkeypatch):
    store.create("hoat_dong", {"ngay": "01/01/2025", "chu_de": "Tuyên truyền"})
    folder = tmp_path / "usb"
    folder.mkdir()
    out = folder / "xuat.xlsx"
    out.write_bytes(b"an earlier export")

    def full(self, filename):
        with open(filename, "wb") as fh:
            fh.write(b"PK\x03\x04 half")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(openpyxl.Workbook, "save", full)
    with pytest.raises(excel.ExcelError, match="Ổ đĩa đã đầy"):
        excel.export_kind(store, "hoat_dong", out)
    assert out.read_bytes() == b"an earlier export"  # untouched
    with pytest.raises(excel.ExcelError, match="Ổ đĩa đã đầy"):
        excel.export_kind(store, "hoat_dong", folder / "moi.xlsx")
    with pytest.raises(excel.ExcelError, match="Ổ đĩa đã đầy"):
        excel.write_template("hoat_dong", folder / "mau.xlsx", store)
    assert sorted(p.name for p in folder.iterdir()) == ["xuat.xlsx"]  # no 0-byte .xlsx, no .part


def test_export_survives_control_characters_an_older_book_holds(store, tmp_path):
    rid = store.create("van_ban", {"so_ky_hieu": "01/KH-UBND", "ngay_ban_hanh": "02/01/2025", "trich_yeu": "Kế hoạch"})
    with store.transaction():  # what an older version let in, written behind the validators' back
        store.conn.execute("UPDATE van_ban SET trich_yeu=?, so_ky_hieu=?, ghi_chu=? WHERE id=?",
                           ("Kế hoạch\x0btuyên truyền\x00 năm 2025\x1b", "01/KH\x01-UBND", "\x07", rid))
    out = tmp_path / "vb.xlsx"
    assert excel.export_kind(store, "van_ban", out) == 1
    ws = openpyxl.load_workbook(out).active
    values = [c.value for c in ws[2]]
    assert "Kế hoạch\ntuyên truyền năm 2025" in values and "01/KH-UBND" in values
    from core.records.listing import list_rows

    headers, rows = list_rows(store, "van_ban", None, "", None, None)
    excel.export_list(store, tmp_path / "ds.xlsx", "van_ban")
    assert openpyxl.load_workbook(tmp_path / "ds.xlsx").active.max_row == 3
