"""Validation of every record field with a Vietnamese message per field.

``coerce(kind, data)`` turns what a form, an Excel cell or the command line
gives (strings, numbers, dates, ``None``) into store values, NFC-normalised;
``validate(store, kind, values, record_id)`` checks the rules of SPEC §3 and
§8.  Both return ``{field: message}``; the store raises ``ValidationError``
with the merged dict so the UI can show each message next to its field.
"""
from __future__ import annotations

import datetime as dt
import re

from core.errors import UserError
from core.records.enums import KET_QUA_KN_PA, KET_QUA_KN_TC, KN_TC
from core.records.fields import FIXED_ENUMS, Field, Kind
from core.records.fields import kind as get_kind
from core.text import clean, fmt_date, fmt_int, parse_date


class ValidationError(UserError, ValueError):
    def __init__(self, errors: dict[str, str]):
        self.errors = dict(errors)
        super().__init__("; ".join(f"{k}: {v}" for k, v in self.errors.items()))

    def message(self, kind_key: str | None = None) -> str:
        """All messages, one per line, with field labels (for dialogs/CLI)."""
        lines = []
        k = get_kind(kind_key) if kind_key else None
        for name, msg in self.errors.items():
            label = name
            if k is not None:
                try:
                    label = k.field(name).label
                except KeyError:
                    pass
            lines.append(f"{label}: {msg}")
        return "\n".join(lines)


_DIGITS = re.compile(r"^\d+$")
_THOUSANDS = re.compile(r"^-?\d{1,3}(\.\d{3})+$")
_PHONE = re.compile(r"^\+?[\d .\-]{8,15}$")


def _coerce_value(f: Field, v):
    """Return (value, error)."""
    t = f.type
    multiline = t == "longtext"  # a one-line field gets tab and newline as a space
    if isinstance(v, str):
        v = clean(v, multiline)
    if v is None or v == "":
        return None, None
    try:
        if t in ("text", "longtext", "enum"):
            return clean(str(v), multiline) if not isinstance(v, str) else v, None
        if t == "date":
            return parse_date(v).isoformat(), None
        if t == "int" or t == "ref":
            if isinstance(v, bool):
                return int(v), None
            if isinstance(v, float):
                if not v.is_integer():
                    return None, "Phải là số nguyên."
                return int(v), None
            if isinstance(v, str):
                s = v.replace(".", "").replace(" ", "") if t == "int" else v
                if not re.fullmatch(r"-?\d+", s):
                    return None, "Phải là số nguyên." if t == "int" else "Liên kết không hợp lệ."
                return int(s), None
            return int(v), None
        if t == "float":
            if isinstance(v, str):
                s = v.replace(" ", "")
                if "," in s:  # Vietnamese 1.234,5
                    s = s.replace(".", "").replace(",", ".")
                elif _THOUSANDS.match(s):  # Vietnamese 1.963 = one thousand nine hundred sixty-three
                    s = s.replace(".", "")
                return float(s), None
            return float(v), None
        if t == "bool":
            if isinstance(v, str):
                s = v.strip().casefold()
                if s in ("1", "có", "co", "x", "true", "đúng", "yes", "c"):
                    return 1, None
                if s in ("0", "không", "khong", "false", "sai", "no", "k"):
                    return 0, None
                return None, "Chỉ nhận Có hoặc Không."
            return (1 if v else 0), None
    except ValueError as e:
        msg = str(e)
        if t == "float":
            msg = "Phải là số."
        return None, msg
    except (TypeError, OverflowError):
        return None, "Giá trị không hợp lệ."
    return v, None


def coerce(kind: Kind, data: dict) -> tuple[dict, dict[str, str]]:
    """Coerce the known fields of ``data``; unknown keys are ignored."""
    values: dict = {}
    errors: dict[str, str] = {}
    for f in kind.fields:
        if f.name not in data:
            continue
        raw = data[f.name]
        limit = f.max_length
        if limit and isinstance(raw, str) and len(raw) > 2 * limit + 100:
            # refused before any work on it (a hostile file's 60 MB cell)
            errors[f.name] = _too_long(f, len(raw), limit)
            continue
        v, err = _coerce_value(f, raw)
        if not err and limit and isinstance(v, str) and len(v) > limit:
            err = _too_long(f, len(v), limit)
        if not err and isinstance(v, int) and not -2 ** 63 <= v < 2 ** 63:
            err = "Số quá lớn."  # SQLite integers are 64-bit (found by fuzzing)
        if not err and isinstance(v, float) and (v != v or v in (float("inf"), float("-inf"))):
            err = "Phải là số."
        if err:
            errors[f.name] = err
        else:
            values[f.name] = v
    return values, errors


def _too_long(f: Field, n: int, limit: int) -> str:
    return f"{f.label} dài {fmt_int(n)} ký tự, vượt giới hạn {fmt_int(limit)} ký tự."


# Dates: nothing a commune records happened before 1945; a date that is not a
# past event (a deadline, the merger date) lies at most a year ahead, a target
# period (chỉ tiêu, up to a five-year plan) at most ten years ahead.
DATE_MIN = dt.date(1945, 1, 1)
_YEARS_AHEAD = {("chi_tieu", "tu_ngay"): 10, ("chi_tieu", "den_ngay"): 10}
# Fields holding a person's (or a party's) name: never only digits.
NAME_FIELDS = frozenset({"ho_ten", "ben_a", "ben_b", "nguoi_tiep_ten"})


def date_range(kind_key: str, f: Field, today: dt.date) -> tuple[dt.date, dt.date]:
    """(earliest, latest) date accepted in field ``f`` of a kind."""
    if f.no_future:
        return DATE_MIN, today
    years = _YEARS_AHEAD.get((kind_key, f.name), 1)
    try:
        latest = today.replace(year=today.year + years)
    except ValueError:  # 29/02
        latest = today.replace(year=today.year + years, day=28)
    return DATE_MIN, latest


def _check_date(kind: Kind, f: Field, v: str, today: dt.date) -> str | None:
    d = dt.date.fromisoformat(v)
    lo, hi = date_range(kind.key, f, today)
    if d < lo:
        return f"{f.label} {fmt_date(d)} không hợp lệ (trước năm {lo.year}); hãy kiểm tra lại năm."
    if d > hi:
        if f.no_future:
            return f"{f.label} không được sau ngày hôm nay ({fmt_date(today)})."
        return f"{f.label} {fmt_date(d)} không hợp lệ (sau ngày {fmt_date(hi)}); hãy kiểm tra lại năm."
    return None


def _enum_codes(store, key: str) -> set[str]:
    if key in FIXED_ENUMS:
        return {c for c, _ in FIXED_ENUMS[key]}
    return store.enum_codes(key)


def validate(store, kind: Kind, values: dict, record_id: int | None = None,
             today: dt.date | None = None, known: dict[str, str] | None = None) -> dict[str, str]:
    """Check ``values`` (the full record after merge with the stored row).

    ``known``: the messages ``coerce`` already gave (a date such as 31/02/2026
    that does not read): they are kept, those fields are not checked again,
    and every other field and rule is checked in the same pass — the clerk
    sees every message at the first save, not one round at a time."""
    today = today or dt.date.today()
    errors: dict[str, str] = dict(known or {})
    for f in kind.fields:
        if f.name in errors:
            continue  # refused when read (coerce): that message stands
        v = values.get(f.name)
        if v is None:
            if f.required:
                errors[f.name] = f"{f.label} là bắt buộc." if f.type not in ("enum", "ref") else f"Hãy chọn {f.label.lower()}."
            continue
        if f.type == "enum":
            if v not in _enum_codes(store, f.enum):
                errors[f.name] = f"Giá trị “{v}” không có trong danh mục {f.label.lower()}."
        elif f.type in ("int", "float"):
            if f.min is not None and v < f.min:
                errors[f.name] = (f"{f.label} phải từ {int(f.min)} trở lên." if f.min else f"{f.label} không được âm.")
            elif f.max is not None and v > f.max:
                errors[f.name] = f"{f.label} không được lớn hơn {int(f.max)}."
        elif f.type == "date":
            msg = _check_date(kind, f, v, today)
            if msg:
                errors[f.name] = msg
        elif f.type == "ref":
            if not store.exists(f.ref, v):
                errors[f.name] = f"{f.label} đã chọn không còn tồn tại."
        if f.name in NAME_FIELDS and isinstance(v, str) and f.name not in errors \
                and not any(ch.isalpha() for ch in v):
            errors[f.name] = f"{f.label} phải có chữ cái (không chỉ gồm chữ số, dấu)."
        if f.name == "cccd" and v is not None and f.name not in errors:
            if not (_DIGITS.match(v) and len(v) == 12):
                errors[f.name] = "Số CCCD phải gồm đúng 12 chữ số."
        if f.name == "dien_thoai" and v is not None and not _PHONE.match(v):
            errors[f.name] = "Số điện thoại chỉ gồm chữ số (8–15 số)."
    rule = _KIND_RULES.get(kind.key)
    if rule:
        rule(store, values, record_id, errors, today)
    return errors


def check_value(kind: Kind, name: str, value, today: dt.date | None = None) -> str | None:
    """The message saving would give for one typed value on its own (a
    coerce error, a date out of range), or None: the editor checks a date
    when the cursor leaves its field."""
    f = kind.field(name)
    values, errors = coerce(kind, {name: value})
    if errors or values.get(name) is None:
        return errors.get(name)
    alone = Kind(kind.key, kind.table, kind.label, kind.title, None, (f,), has_unit=False)
    try:  # the field's own checks only; the kind's rules need the other fields
        errors = {n: m for n, m in validate(None, alone, values, today=today).items() if n == name}
    except Exception:  # a rule that needs the store: not a message about this value
        return None
    return errors.get(name)


def _before(values, errors, a: str, b: str, msg: str):
    """Require values[a] <= values[b] when both are present."""
    if values.get(a) and values.get(b) and a not in errors and b not in errors:
        if values[a] > values[b]:
            errors.setdefault(b, msg)


def _rules_don_thu(store, v, record_id, errors, today):
    _before(v, errors, "ngay_viet", "ngay_nhan", "Ngày viết đơn không được sau ngày nhận.")
    _before(v, errors, "ngay_nhan", "ngay_xu_ly", "Ngày xử lý không được trước ngày nhận đơn.")
    _before(v, errors, "ngay_nhan", "ngay_thu_ly", "Ngày thụ lý không được trước ngày nhận đơn.")
    _before(v, errors, "ngay_thu_ly", "ngay_giai_quyet", "Ngày giải quyết không được trước ngày thụ lý.")
    _before(v, errors, "ngay_nhan", "ngay_giai_quyet", "Ngày giải quyết không được trước ngày nhận đơn.")
    if v.get("so_den") and v.get("ngay_nhan") and "so_den" not in errors and "ngay_nhan" not in errors:
        nam = int(v["ngay_nhan"][:4])
        other = store.find_so_den(v.get("unit_id"), nam, v["so_den"])
        if other is not None and other != record_id:
            errors["so_den"] = f"Số đến {v['so_den']}/{nam} đã dùng cho đơn khác; số tiếp theo còn trống là {store.next_so_den(v.get('unit_id'), nam)}."
    if not v.get("nac_danh") and not v.get("ho_ten") and "ho_ten" not in errors:
        errors["ho_ten"] = "Hãy nhập họ tên người gửi, hoặc đánh dấu đơn nặc danh."
    if v.get("nguon") == "co_quan_chuyen" and not v.get("nguon_chi_tiet"):
        errors["nguon_chi_tiet"] = "Đơn do cơ quan chuyển đến: hãy ghi cơ quan và số văn bản."
    du = v.get("du_dieu_kien")
    if du == 0:
        if not v.get("ly_do_khong_du"):
            errors["ly_do_khong_du"] = "Đơn không đủ điều kiện: hãy chọn lý do."
        if v.get("huong_xu_ly") not in (None, "luu", "huong_dan"):
            errors["huong_xu_ly"] = "Đơn không đủ điều kiện xử lý chỉ có thể lưu hoặc hướng dẫn, trả lại."
    elif v.get("ly_do_khong_du") and du == 1:
        errors["ly_do_khong_du"] = "Đơn đủ điều kiện thì không ghi lý do không đủ điều kiện."
    if v.get("ly_do_khong_du") == "trung_lap" and not v.get("don_goc_id"):
        errors["don_goc_id"] = "Đơn trùng lặp phải chọn đơn gốc."
    if v.get("don_goc_id") and record_id and v["don_goc_id"] == record_id:
        errors["don_goc_id"] = "Đơn gốc không thể là chính đơn này."
    if v.get("don_truoc_id") and record_id and v["don_truoc_id"] == record_id:
        errors["don_truoc_id"] = "Đơn lần trước không thể là chính đơn này."
    if v.get("huong_xu_ly") == "chuyen" and not v.get("co_quan_nhan"):
        errors["co_quan_nhan"] = "Chuyển đơn: hãy ghi cơ quan nhận."
    if v.get("huong_xu_ly") and not v.get("ngay_xu_ly") and "ngay_xu_ly" not in errors:
        errors["ngay_xu_ly"] = "Đã chọn hướng xử lý: hãy nhập ngày xử lý."
    if v.get("huong_xu_ly") and du is None:
        errors["du_dieu_kien"] = "Hãy xác định đơn đủ hay không đủ điều kiện xử lý trước khi chọn hướng xử lý."
    giai_quyet = v.get("ngay_giai_quyet") or v.get("ket_qua") or v.get("ngay_thu_ly")
    if giai_quyet and v.get("huong_xu_ly") != "thu_ly":
        errors.setdefault("huong_xu_ly", "Chỉ đơn thụ lý giải quyết mới có ngày thụ lý và kết quả giải quyết.")
    if v.get("ket_qua") and not v.get("ngay_giai_quyet") and "ngay_giai_quyet" not in errors:
        errors["ngay_giai_quyet"] = "Đã có kết quả: hãy nhập ngày giải quyết xong."
    if v.get("ngay_giai_quyet") and not v.get("ket_qua") and "ket_qua" not in errors:
        errors["ket_qua"] = "Đã giải quyết xong: hãy chọn kết quả."
    kq = v.get("ket_qua")
    if kq and "ket_qua" not in errors:
        if v.get("loai") in KN_TC and kq not in KET_QUA_KN_TC and kq in KET_QUA_KN_PA:
            errors["ket_qua"] = "Khiếu nại, tố cáo có kết quả: đúng, đúng một phần, sai, rút đơn hoặc đình chỉ."
        if v.get("loai") not in KN_TC and kq in KET_QUA_KN_TC and kq not in ("rut_don",):
            errors["ket_qua"] = "Kiến nghị, phản ánh có kết quả: đã trả lời, giải quyết hoặc không có cơ sở."
    if v.get("gia_han") and v.get("loai") != "to_cao":
        errors["gia_han"] = "Chỉ đơn tố cáo mới được gia hạn giải quyết."
    if v.get("han_giai_quyet") and not v.get("ly_do_dieu_chinh_han"):
        errors["ly_do_dieu_chinh_han"] = "Điều chỉnh hạn giải quyết phải ghi lý do."
    if (v.get("lan") or 1) < 2 and v.get("don_truoc_id"):
        errors["lan"] = "Đơn có đơn lần trước thì lần gửi phải từ 2 trở lên."


def _rules_tiep(store, v, record_id, errors, today):
    _before(v, errors, "ngay_tiep", "ngay_ket_qua", "Ngày trả lời không được trước ngày tiếp.")
    if v.get("so_dai_dien") and v.get("so_nguoi") and v["so_dai_dien"] > v["so_nguoi"]:
        errors["so_dai_dien"] = "Số người đại diện không được lớn hơn số người."
    if v.get("nguoi_tiep") == "cong_chuc" and v.get("hinh_thuc") == "dinh_ky":
        errors["nguoi_tiep"] = "Tiếp định kỳ do Chủ tịch (hoặc Phó Chủ tịch được ủy quyền) thực hiện."


def _rules_doi_thoai(store, v, record_id, errors, today):
    rows = v.get("y_kien") or []
    seen = set()
    for r in rows:
        if r.get("linh_vuc") in seen:
            errors["y_kien"] = "Mỗi lĩnh vực chỉ ghi một dòng ý kiến."
        seen.add(r.get("linh_vuc"))
    total = sum(int(r.get("so_luong") or 0) for r in rows)
    answered = (v.get("so_tra_loi_tai_cho") or 0) + (v.get("so_giao_xu_ly") or 0)
    if rows and answered > total:
        errors["so_giao_xu_ly"] = f"Số ý kiến trả lời và giao xử lý ({answered}) vượt tổng số ý kiến ({total})."


def _rules_hoa_giai(store, v, record_id, errors, today):
    _before(v, errors, "ngay_nhan", "ngay_ket_thuc", "Ngày kết thúc không được trước ngày tiếp nhận.")
    if v.get("kind") == "co_so" and not v.get("to_hoa_giai_id"):
        errors["to_hoa_giai_id"] = "Hòa giải ở cơ sở: hãy chọn tổ hòa giải."
    kq = v.get("ket_qua")
    if kq and kq != "dang" and not v.get("ngay_ket_thuc") and "ngay_ket_thuc" not in errors:
        errors["ngay_ket_thuc"] = "Vụ việc đã kết thúc: hãy nhập ngày kết thúc."
    if kq == "dang" and v.get("ngay_ket_thuc"):
        errors["ket_qua"] = "Đã có ngày kết thúc: hãy chọn kết quả hòa giải."


def _rules_mo_hinh(store, v, record_id, errors, today):
    if v.get("nam_dang_ky") and v["nam_dang_ky"] > today.year and "nam_dang_ky" not in errors:
        errors["nam_dang_ky"] = "Năm đăng ký không được sau năm nay."
    years = set()
    for r in v.get("nam") or []:
        y = r.get("nam")
        if y in years:
            errors["nam"] = f"Năm {y} ghi hai lần."
        years.add(y)
        if y and v.get("nam_dang_ky") and y < v["nam_dang_ky"]:
            errors["nam"] = f"Năm {y} trước năm đăng ký {v['nam_dang_ky']}."
        if y and y > today.year:
            errors["nam"] = f"Năm {y} chưa tới."


def _rules_van_ban(store, v, record_id, errors, today):
    if v.get("cap") == "cap_tren" and not v.get("co_quan_ban_hanh"):
        errors["co_quan_ban_hanh"] = "Văn bản cấp trên: hãy ghi cơ quan ban hành."


def _rules_chi_tieu(store, v, record_id, errors, today):
    _before(v, errors, "tu_ngay", "den_ngay", "Đến ngày không được trước từ ngày.")


_KIND_RULES = {
    "don_thu": _rules_don_thu,
    "tiep_cong_dan": _rules_tiep,
    "doi_thoai": _rules_doi_thoai,
    "hoa_giai": _rules_hoa_giai,
    "mo_hinh": _rules_mo_hinh,
    "van_ban": _rules_van_ban,
    "chi_tieu": _rules_chi_tieu,
}


def coerce_children(kind: Kind, data: dict) -> tuple[dict, dict[str, str]]:
    """Coerce child lists (``y_kien``, ``nam``, ``hoa_giai_vien_ids``)."""
    out: dict = {}
    errors: dict[str, str] = {}
    for ch in kind.children:
        if ch.name not in data:
            continue
        rows = data[ch.name] or []
        if ch.name == "hoa_giai_vien_ids":
            ids = []
            for x in rows:
                try:
                    ids.append(int(x))
                except (TypeError, ValueError):
                    errors[ch.name] = "Hòa giải viên không hợp lệ."
            out[ch.name] = sorted(set(ids))
            continue
        fake = Kind(ch.name, ch.table, ch.label, ch.label, None, ch.fields, has_unit=False)
        clean_rows = []
        for i, r in enumerate(rows, 1):
            if not isinstance(r, dict):  # found by the fuzz tests (tests/test_importer.py)
                errors[ch.name] = f"Dòng {i}: dữ liệu không hợp lệ."
                break
            vals, errs = coerce(fake, r)
            for f in ch.fields:
                if vals.get(f.name) is None and f.default is not None:
                    vals[f.name] = f.default
                if f.required and vals.get(f.name) is None and f.name not in errs:
                    errs[f.name] = f"{f.label} là bắt buộc."
                if f.min is not None and isinstance(vals.get(f.name), (int, float)) and vals[f.name] < f.min:
                    errs[f.name] = f"{f.label} phải từ {int(f.min)} trở lên."
            if errs:
                fname, msg = next(iter(errs.items()))
                errors[ch.name] = f"Dòng {i}: {msg}"
                break
            clean_rows.append(vals)
        out[ch.name] = clean_rows
    return out, errors
