"""Excel (.xlsx) out and the import template (openpyxl), driven by
``core.records.fields``.

- ``export_rows(path, title, headers, rows, types)``: any list exactly as
  shown — Vietnamese headers (bold, wrapped, frozen, auto-filter), dates as
  real Excel dates (``dd/mm/yyyy``), numbers as numbers (``#,##0`` shows
  ``1.807`` in a Vietnamese Excel), column widths from the content.
  Streams rows (write-only workbook), so a long list does not sit in memory.
- ``export_kind(store, kind, path, year=None)``: every field of a kind as the
  importer reads it back (enumerations as labels, links as names) — the
  round trip export → import gives the same records.  The identity of a tố
  cáo denouncer is written "(bảo mật)" unless ``include_secret`` (only
  ``core.io.exports.internal_full_export`` passes it, behind the password).
- ``write_template(kind, path, store=None)``: the import template: the
  header row, drop-down lists for enumerations, and a second sheet "Hướng
  dẫn" explaining each column and its allowed values.
"""
from __future__ import annotations

import datetime as dt
import itertools
import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE as _ILLEGAL
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from core.errors import DISK_FULL_MESSAGE, UserError, is_disk_full, os_error_text
from core.records.enums import DEFAULT_ENUMS
from core.records.fields import FIXED_ENUMS, KINDS, Field, Kind
from core.records.fields import kind as get_kind
from core.records.secrecy import SECRET_MASK, is_secret

log = logging.getLogger(__name__)

DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_THIN = Side(style="thin", color="9BB7D4")
_INVALID_TITLE = re.compile(r"[\[\]\*\?/\\:]")
UNIT_COLUMN = "unit_id"
UNIT_LABEL = "Đơn vị"
CHILD_ROW_SEP = "; "
CHILD_PART_SEP = " | "


class ExcelError(UserError):
    """Problem with an Excel file, with a Vietnamese message."""


def sheet_title(title: str) -> str:
    t = _INVALID_TITLE.sub("-", _text(title or "Danh sách")).strip() or "Danh sách"
    return t[:31]


def _text(v) -> str:
    """A string a sheet accepts: line breaks kept as newline, control
    characters (Word's Shift+Enter, a NUL an older book holds) dropped."""
    from core.text import printable

    return _ILLEGAL.sub("", printable(v))


def save_workbook(wb, path: Path) -> Path:
    """Save ``wb`` to ``path`` through a temporary file beside it: a full
    disk or a locked target leaves neither a 0-byte nor a half-written
    file (an older file of that name stays as it was).  ``ExcelError``
    with a Vietnamese message."""
    path = Path(path)
    tmp = path.with_name(path.name + ".part")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        wb.save(tmp)
        os.replace(tmp, path)
    except BaseException as e:
        for w in getattr(wb, "worksheets", []):  # finish a streamed sheet cleanly
            try:
                w.close()
            except Exception:
                pass
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            log.warning("could not remove %s", tmp)
        if is_disk_full(e):
            raise ExcelError(f"Không ghi được tệp {path.name}. {DISK_FULL_MESSAGE}") from e
        if isinstance(e, PermissionError):
            raise ExcelError(f"Không ghi được tệp {path.name}: tệp đang mở trong Excel hoặc thư mục không cho phép "
                             "ghi. Hãy đóng tệp rồi thử lại.") from e
        if isinstance(e, OSError):
            raise ExcelError(f"Không ghi được tệp {path.name}: {os_error_text(e)}.") from e
        raise
    return path


def _to_cell_value(v, typ: str):
    if v is None or v == "":
        return None
    if typ == "date":
        if isinstance(v, dt.datetime):
            return v.date()
        if isinstance(v, dt.date):
            return v
        try:
            return dt.date.fromisoformat(str(v)[:10])
        except ValueError:
            from core.text import parse_date
            try:
                return parse_date(v)
            except ValueError:
                return _text(v)
    if typ == "datetime":
        if isinstance(v, dt.datetime):
            return v
        try:
            return dt.datetime.fromisoformat(str(v))
        except ValueError:
            return _text(v)
    if typ == "int":
        if isinstance(v, bool):
            return int(v)
        if isinstance(v, (int, float)):
            return v
        return _text(v)
    if typ == "float":
        return v if isinstance(v, (int, float)) else _text(v)
    if typ == "bool":
        if isinstance(v, str):
            return _text(v)
        return "Có" if v else "Không"
    return _text(v)  # control characters pasted into a form, or held by an older book


def _width(v) -> int:
    if v is None:
        return 0
    if isinstance(v, (dt.date, dt.datetime)):
        return 11 if not isinstance(v, dt.datetime) else 16
    s = str(v)
    return max((len(line) for line in s.splitlines()), default=0)


def export_rows(path, title: str, headers: list[str], rows, types: list[str] | None = None,
                subtitle: str | None = None) -> Path:
    """Write one sheet: (optional subtitle line,) header row, rows.  ``types``
    per column: text, longtext, int, float, date, datetime, bool, percent."""
    path = Path(path)
    types = list(types or ["text"] * len(headers))
    rows = iter(rows)
    head = list(itertools.islice(rows, 300))
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet_title(title))
    for i, h in enumerate(headers, 1):
        w = max([len(h) * 0.9] + [_width(r[i - 1]) for r in head if i - 1 < len(r)])
        if types[i - 1] == "longtext":
            w = min(max(w, 30), 60)
        ws.column_dimensions[get_column_letter(i)].width = max(8, min(int(w) + 2, 60))
    header_row = 2 if subtitle else 1
    ws.freeze_panes = f"A{header_row + 1}"  # before the first row: write-only sheets write their view then
    if subtitle:
        c = WriteOnlyCell(ws, value=_text(subtitle))
        c.font = Font(bold=True, size=12)
        ws.append([c])
    cells = []
    for h in headers:
        c = WriteOnlyCell(ws, value=_text(h))
        c.font = Font(bold=True)
        c.fill = _HEADER_FILL
        c.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        c.border = Border(top=_THIN, bottom=_THIN, left=_THIN, right=_THIN)
        cells.append(c)
    ws.append(cells)
    n = 0
    for r in itertools.chain(head, rows):
        out = []
        for i, typ in enumerate(types):
            v = _to_cell_value(r[i] if i < len(r) else None, typ)
            if typ in ("date", "datetime", "int", "float", "percent", "longtext") and v is not None:
                c = WriteOnlyCell(ws, value=v)
                if typ == "date" and isinstance(v, dt.date):
                    c.number_format = DATE_FORMAT
                elif typ == "datetime" and isinstance(v, dt.datetime):
                    c.number_format = DATETIME_FORMAT
                elif typ == "int" and isinstance(v, (int, float)):
                    c.number_format = "#,##0"
                elif typ == "float" and isinstance(v, (int, float)):
                    c.number_format = "#,##0.##"
                elif typ == "percent" and isinstance(v, (int, float)):
                    c.number_format = "0.##%"
                elif typ == "longtext":
                    c.alignment = Alignment(wrap_text=True, vertical="top")
                if isinstance(v, str) and v.startswith("="):
                    c.data_type = "s"  # user text, never a formula
                out.append(c)
            elif isinstance(v, str) and v.startswith("="):
                c = WriteOnlyCell(ws, value=v)
                c.data_type = "s"  # user text, never a formula
                out.append(c)
            else:
                out.append(v)
        ws.append(out)
        n += 1
    if headers:
        ws.auto_filter.ref = f"A{header_row}:{get_column_letter(len(headers))}{header_row + max(n, 1)}"
    save_workbook(wb, path)
    log.info("exported %d rows to %s", n, path)
    return path


# ----------------------------------------------------------- columns
@dataclass(frozen=True)
class Column:
    name: str  # field code (or child name, or unit_id)
    label: str
    type: str  # field type, or "child", "unit"
    field: Field | None = None
    child: object = None
    required: bool = False


def columns(kind_key: str) -> list[Column]:
    """The import/export columns of a kind, in form order."""
    k = get_kind(kind_key)
    cols = []
    for f in k.fields:
        cols.append(Column(f.name, f.label, f.type, f, None, f.required and f.default is None))
    for ch in k.children:
        cols.append(Column(ch.name, ch.label, "child", None, ch, False))
    if k.has_unit:
        cols.append(Column(UNIT_COLUMN, UNIT_LABEL, "unit", None, None, False))
    return cols


def _enum_items(store, key: str) -> list[tuple[str, str]]:
    if key in FIXED_ENUMS:
        return list(FIXED_ENUMS[key])
    if store is not None:
        return [(r["code"], r["label"]) for r in store.enum_items(key)]
    return list(DEFAULT_ENUMS.get(key, []))


# Display of links: what the importer can look up again.
REF_DISPLAY = {
    "thon": ("ten", "SELECT ten FROM thon WHERE id=?"),
    "to_hoa_giai": ("ten", "SELECT ten FROM to_hoa_giai WHERE id=?"),
    "vu_viec": ("tieu_de", "SELECT tieu_de FROM vu_viec WHERE id=?"),
    "hoa_giai_vien": ("ho_ten", "SELECT ho_ten FROM hoa_giai_vien WHERE id=?"),
    "unit": ("ten", "SELECT ten FROM unit WHERE id=?"),
}


def ref_display(store, ref: str, rid):
    if rid is None:
        return None
    if ref in REF_DISPLAY:
        return store.q1(REF_DISPLAY[ref][1], (rid,))
    if ref == "don_thu":
        r = store.q("SELECT so_den, nam FROM don_thu WHERE id=?", (rid,))
        return f"{r[0]['so_den']}/{r[0]['nam']}" if r else None
    return rid  # tiep_cong_dan: the id


def _child_text(store, ch, rows) -> str | None:
    if not rows:
        return None
    if ch.name == "hoa_giai_vien_ids":
        return CHILD_ROW_SEP.join(str(ref_display(store, "hoa_giai_vien", i)) for i in rows)
    parts = []
    for r in rows:
        vals = []
        for f in ch.fields:
            v = r.get(f.name)
            if f.type == "enum":
                v = store.enum_label(f.enum, v) if v is not None else ""
            elif f.type == "bool":
                v = "Có" if v else "Không"
            vals.append("" if v is None else str(v))
        while len(vals) > 1 and vals[-1] in ("", "Không"):
            vals.pop()
        parts.append(CHILD_PART_SEP.join(vals))
    return CHILD_ROW_SEP.join(parts)


def record_cells(store, kind_key: str, row: dict, include_secret: bool = False, cols=None) -> list:
    """One record as the cells of ``export_kind``."""
    cols = cols or columns(kind_key)
    secret_row = is_secret(kind_key, row)
    out = []
    for c in cols:
        if c.type == "child":
            out.append(_child_text(store, c.child, row.get(c.name)))
            continue
        if c.type == "unit":
            out.append(ref_display(store, "unit", row.get("unit_id")))
            continue
        f = c.field
        v = row.get(c.name)
        if secret_row and f.secret and not include_secret:
            out.append(SECRET_MASK if c.name == "ho_ten" else None)
            continue
        if v is None:
            out.append(None)
        elif f.type == "enum":
            out.append(store.enum_label(f.enum, v))
        elif f.type == "ref":
            out.append(ref_display(store, f.ref, v))
        elif f.type == "bool":
            out.append("Có" if v else "Không")
        else:
            out.append(v)
    return out


def _cell_type(c: Column) -> str:
    if c.type in ("date", "int", "float", "longtext"):
        return c.type
    if c.type == "ref" and c.field.ref == "tiep_cong_dan":
        return "int"
    return "text"


def export_kind(store, kind_key: str, path, *, year: int | None = None, ids=None,
                include_secret: bool = False) -> int:
    """All records of a kind (optionally of one year, or given ids), every
    field, readable back by the importer.  Returns the number of rows."""
    from core.safety import secrets as security

    k = get_kind(kind_key)
    cols = columns(kind_key)
    where, params = ["1"], []
    if year and k.date_field:
        where.append(f"{k.date_field} >= ? AND {k.date_field} < ?")
        params += [f"{int(year):04d}-01-01", f"{int(year) + 1:04d}-01-01"]
    elif year and kind_key == "mo_hinh":
        where.append("nam_dang_ky = ?")
        params.append(int(year))
    order = f"{k.date_field}, id" if k.date_field else "id"
    id_list = ids if ids is not None else [r["id"] for r in store.q(
        f"SELECT id FROM {k.table} WHERE {' AND '.join(where)} ORDER BY {order}", params)]

    def gen():
        for rid in id_list:
            row = store.get(kind_key, rid)
            if row is None:
                continue
            if include_secret and (row.get("bi_mat") or is_secret(kind_key, row)):
                row.update(security.identity(store, rid, kind_key))
            yield record_cells(store, kind_key, row, include_secret, cols)

    count = [0]

    def counted():
        for r in gen():
            count[0] += 1
            yield r

    export_rows(path, k.title, [c.label for c in cols], counted(), [_cell_type(c) for c in cols])
    return count[0]


# ----------------------------------------------------------- template
_TYPE_HELP = {
    "text": "Chữ",
    "longtext": "Chữ (có thể nhiều dòng)",
    "date": "Ngày dd/mm/yyyy (hoặc ô kiểu ngày của Excel)",
    "int": "Số nguyên",
    "float": "Số (dấu phẩy thập phân, ví dụ 12,5)",
    "bool": "Có / Không",
    "enum": "Chọn trong danh mục",
    "ref": "Tên (hoặc mã số) của mục đã có",
    "child": "Nhiều dòng, cách nhau bởi dấu chấm phẩy",
    "unit": "Tên đơn vị (để trống: đơn vị hiện tại)",
}

_REF_HELP = {
    "thon": "Tên thôn, tổ dân phố đã khai báo trong Thiết lập",
    "to_hoa_giai": "Tên tổ hòa giải đã khai báo",
    "vu_viec": "Tên vụ việc (tạo mới nếu chưa có)",
    "don_thu": "Số đến/năm của đơn đã có, ví dụ 12/2025",
    "tiep_cong_dan": "Mã số lượt tiếp công dân",
    "hoa_giai_vien": "Họ tên hòa giải viên",
    "unit": "Tên đơn vị",
}


def _child_help(store, ch) -> str:
    if ch.name == "hoa_giai_vien_ids":
        return "Họ tên các hòa giải viên, cách nhau bởi dấu chấm phẩy"
    parts = []
    for f in ch.fields:
        s = f.label
        if f.type == "enum":
            s += " (" + ", ".join(lbl for _, lbl in _enum_items(store, f.enum)) + ")"
        parts.append(s)
    return (f"Mỗi dòng gồm: {CHILD_PART_SEP.join(parts)}; các dòng cách nhau bởi dấu chấm phẩy. "
            f"Ví dụ: {_child_example(store, ch)}")


def _child_example(store, ch) -> str:
    if ch.name == "y_kien":
        items = _enum_items(store, "linh_vuc")
        return f"{items[0][1]}{CHILD_PART_SEP}3; {items[1][1]}{CHILD_PART_SEP}2"
    if ch.name == "nam":
        items = _enum_items(store, "trang_thai_mo_hinh")
        return f"2024{CHILD_PART_SEP}{items[0][1]}; 2025{CHILD_PART_SEP}{items[-1][1]}"
    return ""


def write_template(kind_key: str, path, store=None) -> Path:
    """The import template of a kind: sheet 1 the header row (labels) with
    drop-down lists, sheet 2 "Hướng dẫn", sheet 3 (hidden) the lists."""
    k = get_kind(kind_key)
    cols = columns(kind_key)
    wb = Workbook()
    ws = wb.active
    ws.title = sheet_title(k.title)
    lists = wb.create_sheet("DanhMuc")
    guide = wb.create_sheet("Hướng dẫn")
    wb.move_sheet(guide, offset=-1)
    list_col = 0
    for i, c in enumerate(cols, 1):
        cell = ws.cell(row=1, column=i, value=c.label)
        cell.font = Font(bold=True, color="C00000" if c.required else "000000")
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        ws.column_dimensions[get_column_letter(i)].width = max(12, min(len(c.label) + 4, 40))
        values = None
        if c.type == "enum":
            values = [lbl for _, lbl in _enum_items(store, c.field.enum)]
        elif c.type == "bool":
            values = ["Có", "Không"]
        if values:
            list_col += 1
            letter = get_column_letter(list_col)
            lists.cell(row=1, column=list_col, value=c.label)
            for j, v in enumerate(values, 2):
                lists.cell(row=j, column=list_col, value=v)
            dv = DataValidation(type="list", formula1=f"=DanhMuc!${letter}$2:${letter}${len(values) + 1}",
                                allow_blank=True, showErrorMessage=False)
            ws.add_data_validation(dv)
            col = get_column_letter(i)
            dv.add(f"{col}2:{col}5000")
    ws.freeze_panes = "A2"
    ws.row_dimensions[1].height = 45
    lists.sheet_state = "hidden"

    guide["A1"] = f"Hướng dẫn nhập {k.title.lower()} từ Excel"
    guide["A1"].font = Font(bold=True, size=13)
    guide["A2"] = ("Nhập mỗi hồ sơ trên một dòng của trang đầu, từ dòng 2. Tên cột có thể là tên tiếng Việt "
                   "hoặc mã trường; giá trị danh mục có thể là tên hoặc mã. Cột chữ đỏ là bắt buộc. "
                   "Dòng có lỗi được liệt kê kèm lý do; không dòng nào được nhập khi còn lỗi, "
                   "trừ khi chọn \"chỉ nhập các dòng hợp lệ\". Nhập lại cùng tệp không tạo hồ sơ trùng.")
    guide["A2"].alignment = Alignment(wrap_text=True, vertical="top")
    guide.merge_cells("A2:E2")
    guide.row_dimensions[2].height = 60
    heads = ["Cột", "Mã trường", "Bắt buộc", "Kiểu dữ liệu", "Giá trị cho phép, ghi chú"]
    for j, h in enumerate(heads, 1):
        cell = guide.cell(row=4, column=j, value=h)
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
    r = 5
    for c in cols:
        if c.type == "enum":
            items = _enum_items(store, c.field.enum)
            note = "; ".join(f"{lbl} ({code})" for code, lbl in items)
        elif c.type == "ref":
            note = _REF_HELP.get(c.field.ref, "")
        elif c.type == "child":
            note = _child_help(store, c.child)
        else:
            note = ""
        if c.field is not None:
            extra = []
            if c.field.min is not None:
                extra.append(f"nhỏ nhất {int(c.field.min)}")
            if c.field.max is not None:
                extra.append(f"lớn nhất {int(c.field.max)}")
            if c.field.no_future:
                extra.append("không sau ngày hôm nay")
            if c.field.help:
                extra.append(c.field.help)
            if c.field.default is not None and c.type != "bool":
                d = c.field.default
                if c.type == "enum":
                    d = dict(_enum_items(store, c.field.enum)).get(d, d)
                extra.append(f"để trống: {d}")
            if c.field.secret:
                extra.append("đơn tố cáo: thông tin được bảo mật")
            if extra:
                note = (note + ". " if note else "") + "; ".join(extra).capitalize()
        if kind_key == "don_thu" and c.name == "so_den":
            note = "Để trống: lấy số tiếp theo của năm. " + note
        vals = [c.label, c.name, "Có" if c.required else "", _TYPE_HELP.get(c.type, c.type), note]
        for j, v in enumerate(vals, 1):
            cell = guide.cell(row=r, column=j, value=v)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        r += 1
    for j, w in enumerate((32, 22, 10, 26, 80), 1):
        guide.column_dimensions[get_column_letter(j)].width = w
    guide.freeze_panes = "A5"
    wb.active = 0
    return save_workbook(wb, Path(path))


def kinds_for_import() -> list[Kind]:
    from core.records.fields import RECORD_KINDS

    return [KINDS[k] for k in RECORD_KINDS]


# ------------------------------------------------------- list as shown
_DATE_TEXT = re.compile(r"^\d{2}/\d{2}/\d{4}$")
_INT_TEXT = re.compile(r"^-?\d{1,3}(\.\d{3})*$")
_FLOAT_TEXT = re.compile(r"^-?\d{1,3}(\.\d{3})*,\d+$")


def _infer_types(rows: list[list], n: int) -> list[str]:
    types = []
    for i in range(n):
        vals = [r[i] for r in rows if i < len(r) and r[i] not in (None, "")]
        if vals and all(isinstance(v, str) and _DATE_TEXT.match(v) for v in vals):
            types.append("date")
        elif vals and all(isinstance(v, (int, float)) or (isinstance(v, str) and _INT_TEXT.match(v)) for v in vals):
            types.append("int")
        elif vals and all(isinstance(v, str) and (_FLOAT_TEXT.match(v) or _INT_TEXT.match(v)) for v in vals):
            types.append("float")
        else:
            types.append("text")
    return types


def _convert(v, typ):
    if v in (None, "") or not isinstance(v, str):
        return v
    try:
        if typ == "date":
            return dt.datetime.strptime(v, "%d/%m/%Y").date()
        if typ == "int":
            return int(v.replace(".", ""))
        if typ == "float":
            return float(v.replace(".", "").replace(",", "."))
    except ValueError:
        return v
    return v


def export_list(store, path, kind_key: str, filters=None, search: str = "", sort=None, ids=None,
                title: str | None = None) -> int:
    """The list exactly as shown (``core.records.listing``: same filters, search,
    sort, columns and display texts — a tố cáo sender reads "(bảo mật)"),
    with dates and numbers turned back into real Excel values."""
    from core.records.listing import list_rows

    headers, rows = list_rows(store, kind_key, filters, search, sort, ids)
    types = _infer_types(rows, len(headers))
    data = [[_convert(v, t) for v, t in zip(r, types)] for r in rows]
    k = get_kind(kind_key)
    sub = f"{store.unit_title()} — {title or k.title}".strip(" —")
    export_rows(path, title or k.title, headers, data, types, subtitle=sub[:1:].upper() + sub[1:])
    return len(data)
