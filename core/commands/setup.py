"""``setup``: start a book from the command line — what the window's
first-start dialog asks (``ui/first_start.py`` calls :func:`apply_setup`
too): the unit's type and name, its province, the predecessor units with the
merger resolution and date, the villages (thôn / tổ dân phố …), the Chairman
and Vice-chairmen, the usual report recipients.  A book can then be made,
scripted and tested without a screen (``setup`` → ``import`` → ``report``).

    setup --ten "Hòa Phong" [--loai xa] [--tinh "Quảng Ngãi"]
          [--don-vi-cu "Hòa Bình" --don-vi-cu "Hòa Lộc" --nghi-quyet "…" --ngay-sap-nhap 01/07/2025]
          [--thon "An Bình" --to-dan-pho "Chợ Mới"] [--chu-tich "…"] [--pho-chu-tich "…"] [--noi-nhan "…"]
"""
from __future__ import annotations

import argparse
import datetime as dt

from core.records.enums import DEFAULT_ENUMS
from core.records.validation import ValidationError
from core.safety.instance import exclusive
from core.text import fmt_date, fold, nfc, parse_date

# The recipients a new book starts with (the clerk edits them in "Danh mục & cài đặt").
DEFAULT_RECIPIENTS = ["Ban Dân vận Đảng ủy xã", "Thường trực Đảng ủy xã", "Thường trực HĐND xã",
                      "Chủ tịch, các Phó Chủ tịch UBND xã", "Ủy ban MTTQ Việt Nam xã", "Lưu: VT, VP"]


# ------------------------------------------------------------------ villages
def village_kind(name: str) -> str:
    """The kind of a village from the word its name starts with ("Tổ dân phố
    Chợ Mới" → to_dan_pho, "Ấp Tân Lợi" → ap); thôn when none is named."""
    f = fold(name)
    for code, label in sorted(DEFAULT_ENUMS["loai_thon"], key=lambda x: -len(x[1])):
        if f == fold(label) or f.startswith(fold(label) + " "):
            return code
    return "to_dan_pho" if f.startswith("to ") else "thon"  # "Tổ 5"


def village_name(name: str, kind: str) -> str:
    """The village's full name: "An Bình" as a thôn → "Thôn An Bình"; a name
    that already starts with a kind word is kept as typed."""
    name = " ".join(nfc(name).split())
    f = fold(name)
    if f.startswith("to ") or any(f == fold(label) or f.startswith(fold(label) + " ")
                                  for _, label in DEFAULT_ENUMS["loai_thon"]):
        return name
    label = dict(DEFAULT_ENUMS["loai_thon"]).get(kind, "Thôn")
    return f"{label} {name}"


def _village(item) -> tuple[str, str]:
    if isinstance(item, (tuple, list)):
        name, kind = item
        return village_name(name, kind), kind
    name = " ".join(nfc(item).split())
    return name, village_kind(name)


# --------------------------------------------------------------------- setup
def apply_setup(store, data: dict) -> int:
    """Create the current unit and its catalogues in one transaction.

    ``data``: ``loai``, ``ten``, ``tinh``, ``dia_danh``; ``predecessors``
    (names), ``nghi_quyet_sap_nhap`` and ``ngay_sap_nhap`` (the merger that
    formed the unit: the resolution's text on the unit, the date on each
    predecessor); ``thon`` (names — the kind read from the first word — or
    (name, kind) pairs); ``chu_tich``; ``pho_chu_tich`` and ``noi_nhan``
    (lists).  Returns the unit id; raises ``ValidationError`` (nothing
    written) on bad input."""
    errors = {}
    ten = " ".join(nfc(data.get("ten") or "").split())
    if not ten:
        errors["ten"] = "Hãy nhập tên xã, phường hoặc đặc khu."
    preds = [" ".join(nfc(x).split()) for x in data.get("predecessors") or [] if (x or "").strip()]
    merged_on = data.get("ngay_sap_nhap")
    if merged_on not in (None, ""):
        try:
            merged_on = parse_date(merged_on)
        except ValueError as e:
            errors["ngay_sap_nhap"] = str(e)
    else:
        merged_on = None
    resolution = " ".join(nfc(data.get("nghi_quyet_sap_nhap") or "").split()) or None
    if (merged_on or resolution) and not preds:
        errors["predecessors"] = "Nghị quyết và ngày sáp nhập đi cùng các đơn vị cũ: hãy kể tên các đơn vị cũ."
    if any(fold(p) == fold(ten) for p in preds):
        errors["predecessors"] = "Đơn vị cũ phải khác tên đơn vị hiện tại."
    if store.current_unit() is not None:
        errors["ten"] = (f"Sổ này đã được thiết lập cho {store.unit_title()}; sửa thông tin ở “Danh mục & cài đặt” "
                         "của chương trình.")
    if errors:
        raise ValidationError(errors)
    loai = data.get("loai") or "xa"
    with store.transaction():
        uid = store.create("unit", {"ten": ten, "loai": loai, "tinh": data.get("tinh") or None,
                                    "dia_danh": data.get("dia_danh") or ten, "is_current": 1,
                                    "nghi_quyet_sap_nhap": resolution if preds else None})
        for name in preds:
            store.create("unit", {"ten": name, "loai": loai, "merged_into_id": uid, "tinh": data.get("tinh") or None,
                                  "ngay_sap_nhap": merged_on.isoformat() if merged_on else None})
        for i, item in enumerate(x for x in data.get("thon") or [] if x):
            name, kind = _village(item)
            store.create("thon", {"ten": name, "loai": kind, "thu_tu": i})
        if (data.get("chu_tich") or "").strip():
            store.create("lanh_dao", {"ho_ten": data["chu_tich"], "chuc_vu": "chu_tich", "thu_tu": 0})
        for i, name in enumerate((x for x in data.get("pho_chu_tich") or [] if x.strip()), start=1):
            store.create("lanh_dao", {"ho_ten": name, "chuc_vu": "pho_chu_tich", "thu_tu": i})
        for i, name in enumerate(x for x in data.get("noi_nhan") or [] if x.strip()):
            store.create("noi_nhan", {"ten": name, "thu_tu": i})
    return uid


# ------------------------------------------------------------ command line
_OPTION = {"ten": "--ten", "loai": "--loai", "tinh": "--tinh", "predecessors": "--don-vi-cu",
           "ngay_sap_nhap": "--ngay-sap-nhap", "nghi_quyet_sap_nhap": "--nghi-quyet", "thon": "--thon",
           "chu_tich": "--chu-tich", "pho_chu_tich": "--pho-chu-tich", "noi_nhan": "--noi-nhan"}


def _unit_type(value: str) -> str:
    v = fold(value).replace(" ", "_")
    for code, label in DEFAULT_ENUMS["loai_don_vi"]:
        if v in (code, fold(label).replace(" ", "_")):
            return code
    raise argparse.ArgumentTypeError(
        "loại đơn vị là một trong: " + ", ".join(label.lower() for _, label in DEFAULT_ENUMS["loai_don_vi"]))


def _date(value: str) -> dt.date:
    try:
        return parse_date(value)
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e)) from None


def register(sub):
    p = sub.add_parser(
        "setup", help="thiết lập sổ mới: đơn vị, đơn vị cũ đã sáp nhập, thôn, lãnh đạo (không cần màn hình)",
        description="Thiết lập sổ của đơn vị trên một thư mục dữ liệu mới — như hộp thoại thiết lập ban đầu "
                    "của chương trình. Sau đó có thể nhập hồ sơ bằng lệnh import và lập báo cáo bằng lệnh report. "
                    "Mọi thông tin đều sửa lại được ở “Danh mục & cài đặt”.",
        epilog="Ví dụ:\n  setup --ten \"Hòa Phong\" --tinh \"Quảng Ngãi\" --don-vi-cu \"Hòa Bình\" "
               "--don-vi-cu \"Hòa Lộc\" \\\n        --nghi-quyet \"Nghị quyết số 1656/NQ-UBTVQH15 ngày 16/6/2025 của "
               "Ủy ban Thường vụ Quốc hội\" --ngay-sap-nhap 01/07/2025 \\\n        --thon \"An Bình\" "
               "--to-dan-pho \"Chợ Mới\" --chu-tich \"Nguyễn Văn Hùng\"")
    p.add_argument("--ten", required=True, metavar="TÊN", help="tên đơn vị, không kèm chữ “xã”, ví dụ: Hòa Phong")
    p.add_argument("--loai", type=_unit_type, default="xa", metavar="LOẠI",
                   help="xã, phường, đặc khu hoặc thị trấn (mặc định: xã)")
    p.add_argument("--tinh", metavar="TỈNH", help="tỉnh, thành phố, ví dụ: Quảng Ngãi")
    p.add_argument("--dia-danh", metavar="ĐỊA_DANH", help="địa danh ghi trên văn bản (mặc định: tên đơn vị)")
    p.add_argument("--don-vi-cu", action="append", default=[], metavar="TÊN",
                   help="đơn vị cũ đã sáp nhập vào đơn vị này (nhắc lại cho mỗi đơn vị)")
    p.add_argument("--nghi-quyet", metavar="NGHỊ_QUYẾT",
                   help="nghị quyết sắp xếp, sáp nhập (số, ngày, cơ quan ban hành)")
    p.add_argument("--ngay-sap-nhap", type=_date, metavar="dd/mm/yyyy", help="ngày sáp nhập có hiệu lực")
    p.add_argument("--thon", action="append", default=[], metavar="TÊN",
                   help="một thôn (nhắc lại cho mỗi thôn); “An Bình” thành “Thôn An Bình”; tên bắt đầu bằng "
                        "“Tổ dân phố”, “Khu phố”, “Ấp”… giữ nguyên loại đó")
    p.add_argument("--to-dan-pho", action="append", default=[], metavar="TÊN",
                   help="một tổ dân phố (nhắc lại cho mỗi tổ); “Chợ Mới” thành “Tổ dân phố Chợ Mới”")
    p.add_argument("--chu-tich", metavar="HỌ_TÊN", help="Chủ tịch UBND (người ký báo cáo)")
    p.add_argument("--pho-chu-tich", action="append", default=[], metavar="HỌ_TÊN",
                   help="một Phó Chủ tịch UBND (nhắc lại cho mỗi người)")
    p.add_argument("--noi-nhan", action="append", default=None, metavar="TÊN",
                   help="một nơi nhận báo cáo (nhắc lại cho mỗi nơi; mặc định: "
                        + "; ".join(DEFAULT_RECIPIENTS) + ")")
    p.set_defaults(func=run)


def data_from_args(args) -> dict:
    return {"loai": args.loai, "ten": args.ten, "tinh": args.tinh, "dia_danh": args.dia_danh,
            "predecessors": args.don_vi_cu, "nghi_quyet_sap_nhap": args.nghi_quyet,
            "ngay_sap_nhap": args.ngay_sap_nhap,
            "thon": [(x, village_kind(x)) for x in args.thon] + [(x, "to_dan_pho") for x in args.to_dan_pho],
            "chu_tich": args.chu_tich, "pho_chu_tich": args.pho_chu_tich,
            "noi_nhan": DEFAULT_RECIPIENTS if args.noi_nhan is None else args.noi_nhan}


@exclusive
def run(args) -> int:
    import sys

    from core.session import open_session
    from core.text import fmt_int

    store = open_session(args.data_dir)
    try:
        try:
            apply_setup(store, data_from_args(args))
        except ValidationError as e:
            for key, msg in e.errors.items():
                print(f"Lỗi: {_OPTION.get(key, key)}: {msg}", file=sys.stderr)
            return 1
        unit = store.current_unit()
        preds = [u for u in store.units() if u["merged_into_id"] == unit["id"]]
        villages = store.q1("SELECT count(*) FROM thon")
        print(f"Đã thiết lập sổ của {store.unit_title(unit)} tại {args.data_dir}.")
        if preds:
            when = f", từ ngày {fmt_date(preds[0]['ngay_sap_nhap'])}" if preds[0]["ngay_sap_nhap"] else ""
            print(f"  Đơn vị cũ đã sáp nhập: {', '.join(store.unit_title(u) for u in preds)}{when}.")
        print(f"  Thôn, tổ dân phố: {fmt_int(villages)}; lãnh đạo: {fmt_int(store.q1('SELECT count(*) FROM lanh_dao'))}; "
              f"nơi nhận báo cáo: {fmt_int(store.q1('SELECT count(*) FROM noi_nhan'))}.")
        print("Tiếp theo: nhập hồ sơ (lệnh import, mẫu Excel từ lệnh template) hoặc mở chương trình.")
    finally:
        store.close()
    return 0
