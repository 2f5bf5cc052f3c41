"""``report``: write the báo cáo công tác dân vận chính quyền for a period as DOCX or PDF.

    python main.py report (--year Y | --half 1|2 --year Y | --quarter Q --year Y |
        --months 9 --year Y | --from dd/mm/yyyy --to dd/mm/yyyy | --years 2021-2025)
        [--cutoff lich|thanh-tra] [--outline KEY] [--compare] --format docx|pdf --out FILE
"""
from __future__ import annotations

import re
import sys
from pathlib import Path


def register(sub):
    p = sub.add_parser(
        "report", help="xuất báo cáo công tác dân vận chính quyền (DOCX hoặc PDF)",
        description="Lập báo cáo kết quả công tác dân vận chính quyền cho một kỳ từ dữ liệu đã nhập, "
                    "trình bày theo Nghị định 30/2020/NĐ-CP, rồi ghi ra tệp DOCX hoặc PDF.\n\n"
                    "Ví dụ:\n  report --year 2025 --format docx --out bao-cao-2025.docx\n"
                    "  report --half 1 --year 2025 --cutoff thanh-tra --compare --format pdf --out 6thang.pdf\n"
                    "  report --years 2021-2025 --format docx --out so-ket-5-nam.docx")
    p.add_argument("--year", type=int, metavar="NĂM", help="năm báo cáo (một mình: cả năm)")
    p.add_argument("--half", type=int, choices=(1, 2), metavar="1|2", help="6 tháng đầu (1) hoặc cuối (2) năm; cần --year")
    p.add_argument("--quarter", type=int, choices=(1, 2, 3, 4), metavar="QUÝ", help="quý 1–4; cần --year")
    p.add_argument("--months", type=int, choices=(9,), metavar="9", help="9 tháng; cần --year")
    p.add_argument("--from", dest="date_from", metavar="dd/mm/yyyy", help="từ ngày (kỳ tùy chọn, cùng --to)")
    p.add_argument("--to", dest="date_to", metavar="dd/mm/yyyy", help="đến ngày (kỳ tùy chọn, cùng --from)")
    p.add_argument("--years", metavar="NĂM-NĂM", help="giai đoạn nhiều năm, ví dụ 2021-2025 (sơ kết, tổng kết)")
    p.add_argument("--cutoff", choices=("lich", "thanh-tra"), default="lich",
                   help="cách tính kỳ: lich = năm dương lịch (mặc định); thanh-tra = kỳ số liệu thanh tra (15/12–14/12)")
    p.add_argument("--outline", metavar="MÃ", default=None,
                   help="đề cương báo cáo: ket_qua (6 tháng, năm), giai_doan (nhiều năm), chuyen_de_tcd, "
                        "hoặc mã đề cương tự tạo (mặc định: theo kỳ)")
    p.add_argument("--compare", action="store_true", help="so sánh với cùng kỳ năm trước")
    p.add_argument("--unit", metavar="TÊN", default=None,
                   help="riêng một đơn vị cũ trước sáp nhập, theo tên (ví dụ “Hòa Bình”); mặc định: đơn vị hiện tại "
                        "gồm cả số liệu của các đơn vị cũ")
    p.add_argument("--no-predecessors", action="store_true",
                   help="chỉ đơn vị hiện tại, không gồm số liệu của các đơn vị cũ trước sáp nhập")
    p.add_argument("--format", choices=("docx", "pdf"), required=True, help="định dạng tệp: docx hoặc pdf")
    p.add_argument("--out", required=True, type=Path, metavar="TỆP", help="đường dẫn tệp cần ghi")
    p.add_argument("--strict", action="store_true",
                   help="trả mã lỗi 3 khi còn chỗ số liệu không khớp hoặc còn mục chưa nhập (tệp vẫn được ghi)")
    p.set_defaults(func=run, needs_book=True)


def _err(msg: str) -> int:
    print(f"Lỗi: {msg}", file=sys.stderr)
    return 2


def period_from_args(args):
    """The Period the options describe; ValueError with a Vietnamese message otherwise."""
    from core.report.periods import Period

    cutoff = args.cutoff.replace("-", "_")
    chosen = [name for name, v in (("--half", args.half), ("--quarter", args.quarter), ("--months", args.months),
                                   ("--years", args.years)) if v is not None]
    custom = args.date_from is not None or args.date_to is not None
    if custom:
        if chosen or args.year is not None:
            raise ValueError("--from/--to không dùng cùng --year, --half, --quarter, --months, --years.")
        if not (args.date_from and args.date_to):
            raise ValueError("kỳ tùy chọn cần cả --from và --to (dd/mm/yyyy).")
        if args.cutoff != "lich":
            raise ValueError("--cutoff chỉ áp dụng cho các kỳ định sẵn (năm, 6 tháng, quý, 9 tháng, giai đoạn).")
        return Period.custom(args.date_from, args.date_to)
    if len(chosen) > 1:
        raise ValueError("chỉ chọn một trong " + ", ".join(chosen) + ".")
    if args.years is not None:
        if args.year is not None:
            raise ValueError("--years không dùng cùng --year.")
        m = re.fullmatch(r"\s*(\d{4})\s*[-–]\s*(\d{4})\s*", args.years)
        if not m:
            raise ValueError("--years phải có dạng 2021-2025.")
        return Period.years(int(m.group(1)), int(m.group(2)), cutoff)
    if args.year is None:
        raise ValueError("hãy chọn kỳ báo cáo: --year NĂM (kèm --half, --quarter hoặc --months 9 nếu cần), "
                         "--years 2021-2025, hoặc --from … --to ….")
    if not 1900 <= args.year <= 2100:
        raise ValueError("năm báo cáo không hợp lệ.")
    if args.half is not None:
        return Period.half(args.year, args.half, cutoff)
    if args.quarter is not None:
        return Period.quarter(args.year, args.quarter, cutoff)
    if args.months is not None:
        return Period.months9(args.year, cutoff)
    return Period.year_(args.year, cutoff)


def unit_from_args(store, args) -> tuple[int, bool]:
    """(unit_id, include_predecessors) the options describe, as the report
    page's unit-scope choices; ValueError with a Vietnamese message."""
    from core.text import fold

    cur = store.current_unit()
    if args.unit is None:
        return cur["id"], not args.no_predecessors
    if args.no_predecessors:
        raise ValueError("--unit không dùng cùng --no-predecessors.")
    olds = [u for u in (store.get("unit", i) for i in store.unit_scope(cur["id"], True) if i != cur["id"]) if u]
    if not olds:
        raise ValueError(f"{store.unit_title(cur)} chưa khai báo đơn vị cũ trước sáp nhập nào.")
    want = fold(args.unit).strip()
    found = [u for u in olds if want in (fold(u.get("ten") or ""), fold(store.unit_title(u)))]
    if not found:
        names = ", ".join(f"“{u.get('ten')}”" for u in olds)
        raise ValueError(f"không có đơn vị cũ “{args.unit}”; các đơn vị cũ: {names}.")
    return found[0]["id"], False


def run(args) -> int:
    """Reads only: works on a read-only data folder too (``open_for_reading``);
    a full disk or a locked target leaves no half-written file."""
    from core.commands.safety import open_for_reading
    from core.errors import DISK_FULL_MESSAGE, is_disk_full, os_error_text
    from core.records.store import DamagedBookError
    from core.report.build import build_for_cli

    try:
        period = period_from_args(args)
    except ValueError as e:
        return _err(str(e))
    out: Path = args.out
    if not out.suffix:
        out = out.with_name(out.name + "." + args.format)
    elif out.suffix.lower() != "." + args.format:
        return _err(f"tệp {out.name} có đuôi {out.suffix} nhưng định dạng là {args.format}; "
                    f"hãy đặt tên tệp đuôi .{args.format}.")
    if out.exists() and out.is_dir():
        return _err(f"{out} là một thư mục; hãy cho tên tệp.")
    try:
        store = open_for_reading(args)
    except DamagedBookError as e:
        from core.commands.safety import _recovery_hint

        print(f"Lỗi: {e.message()}", file=sys.stderr)
        print(_recovery_hint(args.data_dir), file=sys.stderr)
        return 1
    try:
        if store.current_unit() is None:
            return _err("chưa khai báo đơn vị (xã, phường, đặc khu). Hãy hoàn tất phần thiết lập ban đầu.")
        try:
            unit_id, with_predecessors = unit_from_args(store, args)
        except ValueError as e:
            return _err(str(e))
        doc = build_for_cli(store, period, args.outline, args.compare, unit_id=unit_id,
                            include_predecessors=with_predecessors)
    finally:
        store.close()
    for warning in doc.warnings:  # e.g. no record at all in the period: said before the file is written
        print(f"Cảnh báo: {warning}", file=sys.stderr)
    try:
        if args.format == "docx":
            from core.report.docx_writer import write_docx
            write_docx(doc, out)
        else:
            from core.report.pdf_writer import write_pdf
            write_pdf(doc, out)
    except PermissionError:
        return _err(f"không ghi được {out}: tệp đang mở trong chương trình khác hoặc thư mục chỉ cho phép đọc.")
    except OSError as e:
        if is_disk_full(e):
            return _err(f"không ghi được {out}. {DISK_FULL_MESSAGE}")
        return _err(f"không ghi được {out}: {os_error_text(e)}.")
    print(f"Đã ghi báo cáo {period.label} ({args.format.upper()}) vào {out}.")
    return _check_summary(doc, args.strict)


STRICT_EXIT = 3


def _check_summary(doc, strict: bool) -> int:
    """The last line on standard error: "Kiểm tra số liệu: N chỗ không khớp;
    M mục chưa nhập" (N from the consistency audit of the built document, M
    the sections still showing a placeholder), the details before it; with
    ``--strict`` the exit status is 3 while either is not 0."""
    mismatches = list(getattr(doc, "mismatches", None) or [])
    missing = doc.missing()
    for m in mismatches:
        print(f"- Không khớp: {m}", file=sys.stderr)
    if missing:
        print("- Mục chưa nhập: " + "; ".join(s.label for s in missing), file=sys.stderr)
    print(f"Kiểm tra số liệu: {len(mismatches)} chỗ không khớp; {len(missing)} mục chưa nhập", file=sys.stderr)
    return STRICT_EXIT if strict and (mismatches or missing) else 0
