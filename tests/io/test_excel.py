"""Excel export (real dates, widths, frozen header), the import template,
and the export → import round trip."""
from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from safety_data import fill_records, setup_catalogue

from core.io import excel, importer
from core.records.fields import KINDS, RECORD_KINDS
from core.session import open_session

SKIP_COLS = {"id", "created_at", "updated_at", "search_text", "sort_key"}


def test_export_rows_real_dates_widths_frozen_header(tmp_path):
    p = tmp_path / "ds.xlsx"
    rows = [["Nguyễn Văn An", dt.date(2025, 3, 5), 1807, 12.5, "=1+1", "Có"],
            ["Trần Thị Bình với một cái tên rất dài để đo độ rộng cột", "2025-04-10", 3, None, None, "Không"]]
    excel.export_rows(p, "Đơn thư: danh sách/2025", ["Họ tên", "Ngày nhận", "Số người", "Giá trị", "Ghi chú", "Có?"],
                      rows, ["text", "date", "int", "float", "text", "text"])
    wb = openpyxl.load_workbook(p)
    ws = wb.active
    assert ws.title == "Đơn thư- danh sách-2025"
    assert [c.value for c in ws[1]] == ["Họ tên", "Ngày nhận", "Số người", "Giá trị", "Ghi chú", "Có?"]
    assert ws[1][0].font.bold
    assert ws.freeze_panes == "A2"
    b2, b3 = ws["B2"], ws["B3"]
    assert b2.is_date and b2.value.date() == dt.date(2025, 3, 5) and b2.number_format == "dd/mm/yyyy"
    assert b3.is_date and b3.value.date() == dt.date(2025, 4, 10)
    assert ws["C2"].value == 1807 and ws["C2"].data_type == "n"
    assert ws["E2"].value == "=1+1" and ws["E2"].data_type == "s"  # user text never becomes a formula
    assert ws.column_dimensions["A"].width > ws.column_dimensions["C"].width >= 8
    assert ws.auto_filter.ref.startswith("A1:F")


def test_template_has_labels_and_a_guide_sheet(tmp_path, store):
    for key in RECORD_KINDS:
        p = excel.write_template(key, tmp_path / f"mau_{key}.xlsx", store)
        wb = openpyxl.load_workbook(p)
        assert wb.sheetnames[1] == "Hướng dẫn" and wb["DanhMuc"].sheet_state == "hidden"
        ws = wb.worksheets[0]
        heads = [c.value for c in ws[1]]
        k = KINDS[key]
        assert heads[: len(k.fields)] == [f.label for f in k.fields]
        guide = wb["Hướng dẫn"]
        codes = [guide.cell(row=r, column=2).value for r in range(5, guide.max_row + 1)]
        assert codes[: len(k.fields)] == [f.name for f in k.fields]
        text = " ".join(str(c.value) for row in guide.iter_rows() for c in row if c.value)
        for f in k.fields:
            if f.type == "enum":
                for it in store.enum_items(f.enum):
                    assert it["label"] in text
        assert ws.data_validations.dataValidation or not any(f.type in ("enum", "bool") for f in k.fields)
    # the empty template imports as nothing
    r = importer.import_xlsx(store, tmp_path / "mau_don_thu.xlsx")
    assert r.kind == "don_thu" and r.total == 0 and not r.rejected


def _records(store, key):
    k = KINDS[key]
    out = []
    for r in store.q(f"SELECT id FROM {k.table} ORDER BY id"):
        row = store.get(key, r["id"])
        out.append({n: v for n, v in row.items() if n not in SKIP_COLS})
    return out


def test_export_import_round_trip_identical_records(tmp_path):
    a = open_session(tmp_path / "a")
    b = open_session(tmp_path / "b")
    try:
        for s in (a, b):
            s.create("unit", {"ten": "Nghĩa Phương", "loai": "xa", "is_current": 1})
            ids = setup_catalogue(s)
        fill_records(a, ids, denouncer=False)
        for key in RECORD_KINDS:
            p = tmp_path / f"{key}.xlsx"
            n = excel.export_kind(a, key, p)
            assert n == a.count(key)
            r = importer.import_xlsx(b, p)
            assert r.kind == key and r.rejected == [] and r.added == n, (key, r.rejected)
            assert _records(b, key) == _records(a, key), key
            again = importer.import_xlsx(b, p)
            assert again.added == 0 and again.duplicates == n
            assert b.count(key) == n
    finally:
        a.close()
        b.close()


def test_export_kind_year_filter(store, tmp_path):
    ids = setup_catalogue(store)
    fill_records(store, ids)
    store.create("hoat_dong", {"ngay": "20/05/2024", "chu_de": "Năm trước"})
    assert excel.export_kind(store, "hoat_dong", tmp_path / "a.xlsx", year=2025) == 1
    assert excel.export_kind(store, "hoat_dong", tmp_path / "b.xlsx") == 2


def test_locked_output_file_message(store, tmp_path, monkeypatch):
    def deny(self, *a, **k):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(openpyxl.Workbook, "save", deny)
    with pytest.raises(excel.ExcelError, match="đang mở trong Excel"):
        excel.export_rows(tmp_path / "x.xlsx", "T", ["A"], [[1]], ["int"])
