"""Excel import of a record kind (SPEC §8, issue 4).

``import_xlsx(store, path, kind=None, mode="all_or_nothing")``:

- headers are the Vietnamese label *or* the field code of ``core.records.fields``
  (case, diacritics and spacing ignored); the kind is guessed from the
  headers (and the sheet title) when not given;
- enumerated values are the label or the code; links by name (thôn, tổ hòa
  giải, vụ việc — created when missing —, hòa giải viên), ``số/năm`` for
  another đơn thư, the id for a lượt tiếp công dân;
- every row goes through ``Store.create`` — the very validators of the
  forms — inside ONE transaction (each row in its own savepoint);
  ``all_or_nothing`` rolls everything back when a row is rejected,
  ``valid_rows`` keeps the valid ones;
- duplicates are detected by content: a row whose given values all equal an
  existing record's (same date first, through an index) is counted as a
  duplicate and skipped, so importing a file twice adds nothing.  Each
  existing record absorbs one row only, and never a record this import
  created: rows repeated inside one file (a clerk's placeholder rows) are
  all imported, and the summary says so;
- a hostile or broken file is refused before openpyxl unpacks it
  (``inspect_xlsx``: number of parts, declared unpacked size, compression
  ratio — a 394 KB zip bomb declares 3,6 GB), then by its declared and
  actual row count (``MAX_ROWS``); a cell longer than its field allows is
  refused before any work on it; a damaged part (a shared string that does
  not exist) is an ``ExcelError``, never an ``IndexError``;
- a full disk stops the import (``core.errors.DiskFullError``), nothing of
  it written.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import sqlite3
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from core.errors import DISK_FULL_MESSAGE, DiskFullError, UserError, is_disk_full
from core.io.excel import (
    CHILD_PART_SEP,
    REF_DISPLAY,
    UNIT_COLUMN,
    UNIT_LABEL,
    Column,
    ExcelError,
    columns,
    ref_display,
)
from core.records.fields import KINDS, RECORD_KINDS
from core.records.fields import kind as get_kind
from core.records.secrecy import SECRET_MASK, secret_fields
from core.records.validation import ValidationError, coerce, coerce_children
from core.safety import audit
from core.text import clean, fold

log = logging.getLogger(__name__)

MODES = ("all_or_nothing", "valid_rows")
MASKED = "__bao_mat__"  # a row whose denouncer identity was masked in the export
MASKED_MESSAGE = ("Thông tin người tố cáo đã được che “(bảo mật)” trong tệp này nên không nhập được; "
                  "hãy dùng bản xuất đầy đủ nội bộ.")
_SKIP_SHEETS = {fold("Hướng dẫn"), fold("DanhMuc")}
# Limits of a file the importer opens (a commune's year is a few thousand
# rows; the template has ~40 columns and a handful of parts).
MAX_ROWS = 100_000
MAX_COLUMNS = 200
MAX_ZIP_ENTRIES = 2_000
MAX_UNPACKED_BYTES = 256 * 1024 * 1024
MAX_RATIO = 200  # unpacked / packed of one part above RATIO_FLOOR
RATIO_FLOOR = 4 * 1024 * 1024
CHILD_CELL_CHARS = 20_000  # a child list or the unit column: one cell
PROGRESS_EVERY = 200  # rows between two calls of ``progress``


@dataclass
class ImportResult:
    kind: str
    added: int = 0
    duplicates: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)
    total: int = 0  # data rows read (empty rows skipped)
    valid: int = 0  # rows that passed validation (added or would be added)
    committed: bool = False
    warnings: list[str] = field(default_factory=list)
    ids: list[int] = field(default_factory=list)
    mode: str = "all_or_nothing"
    repeated: int = 0  # rows identical to another row of the same file, imported all the same

    def summary(self) -> str:
        from core.text import fmt_int

        k = KINDS[self.kind]
        if self.rejected and not self.committed:
            return (f"{fmt_int(len(self.rejected))} dòng có lỗi, chưa nhập dòng nào. {fmt_int(self.valid)} dòng hợp lệ, "
                    f"{fmt_int(self.duplicates)} dòng trùng với hồ sơ đã có.")
        text = (f"Đã nhập {fmt_int(self.added)} {k.label}; {fmt_int(self.duplicates)} dòng trùng với hồ sơ đã nhập "
                f"trước đây (bỏ qua); {fmt_int(len(self.rejected))} dòng bị từ chối.")
        if self.repeated:
            text += f" {fmt_int(self.repeated)} dòng giống hệt nhau trong tệp đều được nhập."
        return text


class _Rollback(Exception):
    pass


# ------------------------------------------------------------- reading
def _mb(n: int) -> str:
    from core.text import fmt_number

    return fmt_number(n / (1024 * 1024), 1) + " MB"


def inspect_xlsx(path: Path):
    """Refuse, before anything is unpacked, a file that is no zip or whose
    parts are too many, too large once unpacked, or compressed beyond what
    any spreadsheet is (a zip bomb).  Python's zip reader never unpacks more
    than a part declares, so the declared sizes bound the work."""
    from core.text import fmt_int

    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as e:
        raise ExcelError(f"Tệp {path.name} không phải tệp Excel (.xlsx) hợp lệ hoặc đang bị khóa.") from e
    if len(infos) > MAX_ZIP_ENTRIES:
        raise ExcelError(f"Tệp {path.name} gồm {fmt_int(len(infos))} phần, vượt giới hạn {fmt_int(MAX_ZIP_ENTRIES)} "
                         "phần của một tệp Excel: không nhập.")
    total = sum(i.file_size for i in infos)
    if total > MAX_UNPACKED_BYTES:
        raise ExcelError(f"Tệp {path.name} khi giải nén chiếm {_mb(total)}, vượt giới hạn {_mb(MAX_UNPACKED_BYTES)}: "
                         "không nhập. Hãy chia thành nhiều tệp nhỏ hơn (ví dụ mỗi năm một tệp).")
    for i in infos:
        if i.file_size > RATIO_FLOOR and i.file_size > MAX_RATIO * max(i.compress_size, 1):
            raise ExcelError(f"Tệp {path.name} có phần “{i.filename}” nén bất thường ({_mb(i.compress_size)} giải nén "
                             f"thành {_mb(i.file_size)}, quá {fmt_int(MAX_RATIO)} lần): có thể là tệp độc hại, "
                             "không nhập.")


def _damaged(path: Path, e: BaseException) -> ExcelError:
    log.warning("damaged xlsx %s: %r", path.name, e)
    return ExcelError(f"Tệp {path.name} bị hỏng: một phần nội dung không đọc được. Hãy mở tệp bằng Excel, lưu lại "
                      "thành tệp mới rồi nhập lại.")


def _open_sheet(path: Path):
    from openpyxl import load_workbook

    from core.text import fmt_int

    if not path.exists():
        raise ExcelError(f"Không tìm thấy tệp {path}.")
    inspect_xlsx(path)
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as e:
        raise ExcelError(f"Tệp {path.name} không phải tệp Excel (.xlsx) hợp lệ hoặc đang bị khóa: {e}") from e
    except Exception as e:  # openpyxl raises various errors on foreign files
        raise _damaged(path, e) from e
    try:
        sheets = [ws for ws in wb.worksheets if fold(ws.title) not in _SKIP_SHEETS and ws.sheet_state == "visible"]
        if not sheets:
            raise ExcelError(f"Tệp {path.name} không có trang dữ liệu.")
        ws = sheets[0]
        declared = ws.max_row if isinstance(getattr(ws, "max_row", None), int) else None
    except ExcelError:
        wb.close()
        raise
    except Exception as e:
        wb.close()
        raise _damaged(path, e) from e
    if declared is not None and declared > MAX_ROWS + 10:
        wb.close()
        raise ExcelError(f"Trang “{ws.title}” của tệp {path.name} khai báo {fmt_int(declared)} dòng, vượt giới hạn "
                         f"{fmt_int(MAX_ROWS)} dòng một lần nhập: hãy chia thành nhiều tệp nhỏ hơn.")
    return wb, ws


def _sheet_rows(path: Path, ws):
    """The sheet's rows (values, at most ``MAX_COLUMNS`` cells each) —
    a sheet claiming 16.384 columns is not padded to them; a damaged part
    or more than ``MAX_ROWS`` rows is an ``ExcelError``."""
    from core.text import fmt_int

    try:
        if hasattr(ws, "reset_dimensions"):
            ws.reset_dimensions()  # the declared size is read by _open_sheet; rows are read as they are
        it = ws.iter_rows(values_only=True, max_col=MAX_COLUMNS)
        n = 0
        for r in it:
            n += 1
            if n > MAX_ROWS + 10:
                raise ExcelError(f"Trang “{ws.title}” của tệp {path.name} có hơn {fmt_int(MAX_ROWS)} dòng, vượt giới "
                                 "hạn một lần nhập: hãy chia thành nhiều tệp nhỏ hơn.")
            yield tuple(r)
    except UserError:
        raise
    except MemoryError as e:
        raise ExcelError(f"Tệp {path.name} quá lớn để đọc trên máy này: hãy chia thành nhiều tệp nhỏ hơn.") from e
    except Exception as e:  # IndexError (a shared string that does not exist), KeyError, ParseError, zlib …
        raise _damaged(path, e) from e


def _header_map(kind_key: str) -> dict[str, Column]:
    m = {}
    for c in columns(kind_key):
        m[fold(c.label)] = c
        m[fold(c.name)] = c
        m[c.name] = c
    m[fold(UNIT_LABEL)] = m[fold(UNIT_COLUMN)] = next((c for c in columns(kind_key) if c.type == "unit"), None)
    return {k: v for k, v in m.items() if v is not None}


def _norm_header(v) -> str:
    s = fold(str(v)) if v is not None else ""
    return s.rstrip(" *:")


def _find_header(rows: list[tuple], kind_key: str | None, title: str) -> tuple[str, int, list]:
    """(kind, index of the header row, [Column|None per cell])."""
    kinds = [kind_key] if kind_key else list(RECORD_KINDS)
    best = (0, None, None, None)
    for i, row in enumerate(rows[:10]):
        heads = [_norm_header(v) for v in row]
        if not any(heads):
            continue
        for k in kinds:
            hm = _header_map(k)
            cols = [hm.get(h) if h else None for h in heads]
            score = sum(1 for c in cols if c is not None)
            if fold(title) == fold(KINDS[k].title):
                score += 0.5
            if score > best[0]:
                best = (score, k, i, cols)
    if best[1] is None or best[0] < 1:
        label = KINDS[kind_key].title if kind_key else "hồ sơ"
        raise ExcelError(f"Không nhận ra dòng tiêu đề cột của {label.lower()} trong 10 dòng đầu. "
                         "Hãy dùng mẫu nhập Excel (Dữ liệu → Tải mẫu nhập Excel…).")
    return best[1], best[2], best[3]


# ---------------------------------------------------------- converting
class _Resolver:
    """Labels → codes and names → ids, cached for one import."""

    def __init__(self, store):
        self.store = store
        self._enum: dict[str, dict[str, str]] = {}
        self._names: dict[tuple, dict[str, int]] = {}

    def enum(self, key: str, v):
        if key not in self._enum:
            m = {}
            for it in self.store.enum_items(key, include_hidden=True):
                m[fold(it["label"])] = it["code"]
                m[fold(it["code"])] = it["code"]
                m[it["code"]] = it["code"]
            self._enum[key] = m
        s = clean(str(v)) if not isinstance(v, str) else clean(v)
        if s is None:
            return None
        if isinstance(v, float) and v.is_integer():
            s = str(int(v))
        return self._enum[key].get(s) or self._enum[key].get(fold(s)) or s

    def _by_name(self, table: str, col: str, name: str, unit_id=None) -> int | None:
        key = (table, unit_id)
        if key not in self._names:
            sql = f"SELECT id, {col} AS n FROM {table}"
            params = ()
            if unit_id is not None and table in ("thon", "to_hoa_giai"):
                sql += " WHERE unit_id IN (%s)" % ",".join("?" * len(unit_id))
                params = tuple(unit_id)
            self._names[key] = {}
            for r in self.store.q(sql + " ORDER BY id", params):
                self._names[key].setdefault(fold(r["n"]), r["id"])
        return self._names[key].get(fold(name))

    def forget(self, table):
        for k in [k for k in self._names if k[0] == table]:
            del self._names[k]

    def ref(self, ref: str, v, unit_id: int, errors: dict, name: str, label: str, create_missing: bool):
        if v is None or (isinstance(v, str) and not v.strip()):
            return None
        if isinstance(v, bool):
            errors[name] = f"“{v}” không phải {label.lower()}."
            return None
        if isinstance(v, (int, float)) and ref in ("tiep_cong_dan", "don_thu", "thon", "to_hoa_giai", "vu_viec",
                                                    "hoa_giai_vien", "unit"):
            if isinstance(v, float) and not v.is_integer():
                errors[name] = "Liên kết không hợp lệ."
                return None
            if ref != "don_thu" or self.store.exists(ref, int(v)):
                return int(v)
        s = clean(str(v))
        if ref == "tiep_cong_dan":
            if s and s.isdigit():
                return int(s)
            errors[name] = f"{label}: hãy ghi mã số lượt tiếp công dân."
            return None
        if ref == "don_thu":
            parts = s.replace(" ", "").split("/")
            if len(parts) == 2 and parts[0].isdigit() and parts[1].isdigit():
                rid = self.store.find_so_den(unit_id, int(parts[1]), int(parts[0]))
                if rid:
                    return rid
            errors[name] = f"Không tìm thấy đơn số “{s}” (ghi dạng số đến/năm, ví dụ 12/2025)."
            return None
        table_col = {"thon": ("thon", "ten"), "to_hoa_giai": ("to_hoa_giai", "ten"), "vu_viec": ("vu_viec", "tieu_de"),
                     "hoa_giai_vien": ("hoa_giai_vien", "ho_ten"), "unit": ("unit", "ten")}.get(ref)
        if table_col is None:
            errors[name] = "Liên kết không hợp lệ."
            return None
        scope = tuple(self.store.unit_scope()) if ref in ("thon", "to_hoa_giai") else None
        rid = self._by_name(*table_col, s, scope)
        if rid is None and s.isdigit() and self.store.exists(ref, int(s)):
            return int(s)
        if rid is None and ref == "vu_viec" and create_missing:
            rid = self.store.create("vu_viec", {"tieu_de": s, "unit_id": unit_id})
            self.forget("vu_viec")
        if rid is None:
            errors[name] = f"Không tìm thấy {KINDS[ref].label if ref in KINDS else label.lower()} “{s}”."
        return rid


def _cell(v):
    if isinstance(v, str):
        v = clean(v)
    return v


def _as_date(v):
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        from openpyxl.utils.datetime import from_excel
        try:
            d = from_excel(v)
            return d.date() if isinstance(d, dt.datetime) else d
        except (ValueError, OverflowError, TypeError):
            return str(v)
    if isinstance(v, dt.time):
        return str(v)
    return v


def _child_rows(res: _Resolver, ch, text, unit_id, errors: dict):
    if text is None:
        return None
    s = clean(str(text))
    if not s:
        return []
    items = [p.strip() for p in s.replace("\n", ";").split(";") if p.strip()]
    if ch.name == "hoa_giai_vien_ids":
        ids = []
        for it in items:
            rid = res.ref("hoa_giai_vien", it, unit_id, errors, ch.name, ch.label, False)
            if rid is not None:
                ids.append(rid)
        return ids
    rows = []
    for it in items:
        parts = [p.strip() for p in it.split(CHILD_PART_SEP.strip())]
        if len(parts) == 1 and ":" in it:
            parts = [p.strip() for p in it.rsplit(":", 1)]
        r = {}
        for f, p in zip(ch.fields, parts):
            if p == "":
                continue
            r[f.name] = res.enum(f.enum, p) if f.type == "enum" else p
        rows.append(r)
    return rows


def row_to_data(store, res: _Resolver, kind_key: str, cols: list, row: tuple, current_unit: int,
                errors: dict) -> dict:
    """One sheet row → the dict ``Store.create`` takes (+ errors found)."""
    k = get_kind(kind_key)
    data: dict = {}
    unit_id = current_unit
    for c, v in zip(cols, row):  # a cell far beyond its field's limit: refused before any work on it
        if c is not None and isinstance(v, str) and len(v) > _cell_limit(c):
            from core.text import fmt_int

            errors[c.name] = (f"{c.label}: ô dài {fmt_int(len(v))} ký tự, vượt giới hạn "
                              f"{fmt_int(_cell_limit(c))} ký tự.")
    if errors:
        return data
    for c, v in zip(cols, row):
        if c is not None and c.type == "unit":
            v = _cell(v)
            if v not in (None, ""):
                uid = res.ref("unit", v, current_unit, errors, UNIT_COLUMN, UNIT_LABEL, False)
                if uid is not None:
                    unit_id = uid
    if k.has_unit:
        data["unit_id"] = unit_id
    for c, v in zip(cols, row):
        if c is None or c.type == "unit":
            continue
        v = _cell(v)
        if c.type == "child":
            rows = _child_rows(res, c.child, v, unit_id, errors)
            if rows is not None:
                data[c.name] = rows
            continue
        f = c.field
        if f.secret and v == SECRET_MASK:
            data[MASKED] = True
            continue
        if v is None:
            continue  # empty cell: the field's default (as in the form)
        elif f.type == "enum":
            data[f.name] = res.enum(f.enum, v)
        elif f.type == "ref":
            data[f.name] = res.ref(f.ref, v, unit_id, errors, f.name, f.label, True)
        elif f.type == "date":
            data[f.name] = _as_date(v)
        elif f.type in ("text", "longtext") and not isinstance(v, str):
            if isinstance(v, float) and v.is_integer():
                v = int(v)
            if isinstance(v, (dt.datetime, dt.date)):
                from core.text import fmt_date
                v = fmt_date(v if isinstance(v, dt.date) and not isinstance(v, dt.datetime) else v.date())
            data[f.name] = str(v)
        elif f.type == "bool" and isinstance(v, (int, float)) and not isinstance(v, bool) and v not in (0, 1):
            errors[f.name] = "Chỉ nhận Có hoặc Không."
        else:
            data[f.name] = v
    return data


def _cell_limit(c: Column) -> int:
    limit = c.field.max_length if c.field is not None else None
    return limit if limit else CHILD_CELL_CHARS


# ------------------------------------------------------------ duplicates
def _normalised(kind_key: str, data: dict) -> dict:
    """The given (non-empty) values as the store keeps them."""
    k = get_kind(kind_key)
    values, _ = coerce(k, data)
    children, _ = coerce_children(k, data)
    out = {n: v for n, v in values.items() if v is not None}
    for ch in k.children:
        rows = children.get(ch.name)
        if rows and ch.name != "hoa_giai_vien_ids":
            rows = [{f.name: r.get(f.name) for f in ch.fields} for r in rows]
        if rows:
            out[ch.name] = rows
    if k.has_unit and data.get("unit_id") is not None:
        out["unit_id"] = int(data["unit_id"])
    return out


def content_hash(values: dict) -> str:
    return hashlib.sha256(json.dumps(values, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()


def _key_field(kind_key: str) -> str:
    k = get_kind(kind_key)
    return k.date_field or next(f.name for f in k.fields if f.required)


def _existing(store, kind_key: str, rid: int) -> dict:
    from core.safety import secrets as security

    row = store.get(kind_key, rid) or {}
    if row.get("bi_mat"):  # a tố cáo (đơn thư or visit) under the password
        for n in secret_fields(kind_key):
            row[n] = None
        row.update(security.identity(store, rid, kind_key))
    return row


def find_duplicate(store, kind_key: str, values: dict, exclude=()) -> int | None:
    """Id of an existing record holding every given value (not one of
    ``exclude``), else None."""
    found = find_duplicates(store, kind_key, values, exclude, first=True)
    return found[0] if found else None


def find_duplicates(store, kind_key: str, values: dict, exclude=(), first: bool = False) -> list[int]:
    """Ids of the existing records holding every given value, ``exclude``
    left out (records this import already matched or created)."""
    k = get_kind(kind_key)
    key = _key_field(kind_key)
    if values.get(key) is None:
        return []
    cand = [r for r in store.q(f"SELECT id FROM {k.table} WHERE {key} = ? ORDER BY id", (values[key],))
            if r["id"] not in exclude]
    if not cand:
        return []
    # links by name compare by name (two vụ việc may share a title)
    by_name = {f.name: f.ref for f in k.fields if f.type == "ref" and f.ref in REF_DISPLAY and f.name in values}

    def names(d):
        d = dict(d)
        for n, ref in by_name.items():
            v = ref_display(store, ref, d.get(n))
            d[n] = fold(str(v)) if v is not None else None
        return d

    want = content_hash(names(values))
    found = []
    for r in cand:
        row = _existing(store, kind_key, r["id"])
        have = names({n: row.get(n) for n in values})
        for ch in k.children:
            if ch.name in values and ch.name != "hoa_giai_vien_ids":
                child_names = [f.name for f in ch.fields]
                have[ch.name] = [{n: x.get(n) for n in child_names} for x in row.get(ch.name) or []]
        if content_hash(have) == want:
            found.append(r["id"])
            if first:
                break
    return found


# ---------------------------------------------------------------- import
def _reason(kind_key: str, errors: dict) -> str:
    k = get_kind(kind_key)
    parts = []
    for name, msg in errors.items():
        label = name
        if name == UNIT_COLUMN:
            label = UNIT_LABEL
        else:
            try:
                label = k.field(name).label
            except KeyError:
                label = next((ch.label for ch in k.children if ch.name == name), name)
        msg = msg.strip()
        if not msg.endswith((".", "!", "?")):
            msg += "."
        parts.append(msg if msg.lower().startswith(label.lower()) else f"{label}: {msg}")
    return " ".join(parts)


def import_xlsx(store, path, kind: str | None = None, mode: str = "all_or_nothing",
                progress=None) -> ImportResult:
    """Import the first data sheet of ``path``.  ``progress(rows_read,
    rows_declared_or_None)`` is called every ``PROGRESS_EVERY`` rows and at
    the end (a long file shows it is moving)."""
    if mode not in MODES:
        raise ValueError(mode)
    path = Path(path)
    wb, ws = _open_sheet(path)
    try:
        declared = ws.max_row if isinstance(getattr(ws, "max_row", None), int) else None
        rows = _sheet_rows(path, ws)
        head = []
        for r in rows:
            head.append(tuple(r))
            if len(head) >= 10:
                break
        kind_key, hi, cols = _find_header(head, kind, ws.title)
        result = ImportResult(kind=kind_key, mode=mode)
        dup_labels: dict[str, int] = {}
        for c in cols:
            if c is not None:
                dup_labels[c.name] = dup_labels.get(c.name, 0) + 1
        for name, n in dup_labels.items():
            if n > 1:
                raise ExcelError(f"Cột “{next(c.label for c in cols if c is not None and c.name == name)}” có {n} lần "
                                 "trong dòng tiêu đề; hãy giữ một cột.")
        unknown = [str(v) for v, c in zip(head[hi], cols) if c is None and v not in (None, "")]
        if unknown:
            result.warnings.append("Các cột không nhận ra, đã bỏ qua: " + ", ".join(unknown))
        k = get_kind(kind_key)
        missing = [c.label for c in columns(kind_key) if c.required and c not in cols
                   and not (kind_key == "don_thu" and c.name == "so_den")]
        if missing:
            result.warnings.append("Thiếu cột bắt buộc: " + ", ".join(missing))
        current = store.current_unit_id() if k.has_unit else None
        res = _Resolver(store)
        start_row = hi + 2  # 1-based sheet row of the first data row
        if declared is not None:
            declared = max(declared - hi - 1, 0)  # data rows, the header row(s) left out

        def data_rows():
            for i, r in enumerate(head[hi + 1:]):
                yield start_row + i, r
            for i, r in enumerate(rows):
                yield start_row + len(head) - hi - 1 + i, tuple(r)

        used: set[int] = set()  # records matched or created by this import: each absorbs one row
        added_hashes: dict[str, int] = {}
        read = 0
        try:
            with store.transaction():
                for row_no, r in data_rows():
                    read += 1
                    if progress is not None and read % PROGRESS_EVERY == 0:
                        progress(read, declared)
                    if not any(v not in (None, "") and not (isinstance(v, str) and not v.strip()) for v in r):
                        continue
                    result.total += 1
                    errors: dict[str, str] = {}
                    try:
                        with store.transaction():
                            data = row_to_data(store, res, kind_key, cols, r, current, errors)
                            if errors:
                                raise ValidationError(errors)
                            masked = data.pop(MASKED, False)
                            values = _normalised(kind_key, data)
                            if masked:
                                for n in secret_fields(kind_key):
                                    values.pop(n, None)
                            dup = find_duplicate(store, kind_key, values, exclude=used)
                            if dup is not None:  # brought in by an earlier import
                                used.add(dup)
                                result.duplicates += 1
                                continue
                            if masked:
                                raise ValidationError({"ho_ten": MASKED_MESSAGE})
                            rid = store.create(kind_key, data)
                            used.add(rid)
                            h = content_hash(values)
                            added_hashes[h] = added_hashes.get(h, 0) + 1
                            result.ids.append(rid)
                            result.valid += 1
                    except ValidationError as e:
                        result.rejected.append((row_no, _reason(kind_key, e.errors)))
                    except sqlite3.OperationalError:
                        raise  # a full disk, a locked file: the import, not the row
                    except (sqlite3.IntegrityError, ValueError, TypeError, OverflowError) as e:
                        result.rejected.append((row_no, f"Dữ liệu không hợp lệ: {e}"))
                    except UserError as e:
                        if isinstance(e, DiskFullError):
                            raise
                        result.rejected.append((row_no, e.message() or e.__class__.__name__))
                    except Exception as e:  # the unexpected: the row, not the import
                        if is_disk_full(e):
                            raise
                        log.exception("import row %s failed", row_no)
                        result.rejected.append((row_no, str(e) or e.__class__.__name__))
                if progress is not None:
                    progress(read, declared)
                if result.rejected and mode == "all_or_nothing":
                    raise _Rollback
                result.added = len(result.ids)
                result.repeated = sum(n for n in added_hashes.values() if n > 1)
                result.committed = True
                if result.added:
                    audit.log_event(store, "import", kind_key, None,
                                    note=f"Nhập {result.added} {k.label} từ tệp {path.name}")
        except _Rollback:
            result.ids = []
            result.added = 0
            result.repeated = 0
            result.committed = False
        except (sqlite3.OperationalError, OSError) as e:
            if is_disk_full(e):
                log.error("import of %s stopped: disk full", path.name)
                raise DiskFullError(f"Không nhập được tệp {path.name}: chưa nhập dòng nào. {DISK_FULL_MESSAGE}") from e
            raise
    finally:
        wb.close()
    log.info("import %s from %s: added %d, duplicates %d, rejected %d", kind_key, path.name, result.added,
             result.duplicates, len(result.rejected))
    return result
