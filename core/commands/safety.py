"""Data safety commands: backup, restore, check, Excel import/export and
template, merge of a predecessor commune, password.

    backup [--to THƯ_MỤC]
    restore TỆP [--password MK]
    check
    import TỆP.xlsx [--kind LOẠI] [--valid-rows]
    template LOẠI --out TỆP
    export LOẠI --out TỆP [--year NĂM]
    merge ĐƯỜNG_DẪN --as-unit TÊN [--source-password MK]
    password set|clear
"""
from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path

from core.paths import DB_FILENAME
from core.records.fields import KINDS, RECORD_KINDS
from core.safety.instance import exclusive

PASSWORD_ENV = "SODANVAN_PASSWORD"


def _kind_arg(value: str) -> str:
    from core.text import fold

    v = fold(value).replace(" ", "_")
    for key in RECORD_KINDS:
        k = KINDS[key]
        if v in (key, fold(k.title).replace(" ", "_"), fold(k.label).replace(" ", "_")):
            return key
    import argparse
    raise argparse.ArgumentTypeError(
        f"không có loại hồ sơ “{value}”; chọn một trong: {', '.join(RECORD_KINDS)}")


def register(sub):
    kinds = ", ".join(RECORD_KINDS)
    p = sub.add_parser("backup", help="sao lưu dữ liệu (mặc định vào thư mục sao lưu; --to: vào thư mục khác, ví dụ USB)",
                       description="Sao lưu toàn bộ dữ liệu bằng cơ chế sao lưu trực tuyến của SQLite. "
                                   "Với --to, tệp đính kèm cũng được chép theo.")
    p.add_argument("--to", metavar="THƯ_MỤC", type=Path, help="thư mục đích (ví dụ ổ USB)")
    p.set_defaults(func=cmd_backup, needs_book=True)

    p = sub.add_parser("restore", help="khôi phục dữ liệu từ một bản sao lưu (dữ liệu hiện tại được sao lưu trước)",
                       description="Cho biết bản sao lưu chứa gì, sao lưu dữ liệu hiện tại, rồi thay bằng bản sao lưu.")
    p.add_argument("file", metavar="TỆP", type=Path, help="tệp sao lưu (.db)")
    p.add_argument("--password", metavar="MẬT_KHẨU", help=f"mật khẩu của dữ liệu (hoặc biến môi trường {PASSWORD_ENV})")
    p.set_defaults(func=cmd_restore)

    p = sub.add_parser("check", help="kiểm tra toàn vẹn dữ liệu (integrity_check)",
                       description="Kiểm tra toàn bộ tệp dữ liệu; nếu hỏng, chỉ ra bản sao lưu tốt gần nhất.")
    p.set_defaults(func=cmd_check, needs_book=True)

    p = sub.add_parser("import", help="nhập hồ sơ từ tệp Excel (.xlsx)",
                       description="Nhập từ Excel: tên cột là tên tiếng Việt hoặc mã trường; giá trị danh mục là tên "
                                   "hoặc mã. Mặc định nhập tất cả hoặc không nhập gì nếu còn dòng lỗi.")
    p.add_argument("file", metavar="TỆP", type=Path, help="tệp .xlsx")
    p.add_argument("--kind", type=_kind_arg, metavar="LOẠI", help=f"loại hồ sơ ({kinds}); mặc định: tự nhận biết")
    p.add_argument("--valid-rows", action="store_true", help="chỉ nhập các dòng hợp lệ, bỏ qua dòng lỗi")
    p.add_argument("--password", metavar="MẬT_KHẨU", help=f"mật khẩu (cần khi nhập đơn tố cáo; hoặc {PASSWORD_ENV})")
    p.set_defaults(func=cmd_import, needs_book=True)

    p = sub.add_parser("template", help="tạo tệp Excel mẫu để nhập một loại hồ sơ",
                       description="Tạo tệp mẫu: dòng tiêu đề cột và trang “Hướng dẫn” giải thích từng cột.")
    p.add_argument("kind", type=_kind_arg, metavar="LOẠI", help=kinds)
    p.add_argument("--out", required=True, type=Path, metavar="TỆP", help="tệp .xlsx cần ghi")
    p.set_defaults(func=cmd_template)

    p = sub.add_parser("export", help="xuất một loại hồ sơ ra Excel (.xlsx)",
                       description="Xuất mọi trường của một loại hồ sơ (đọc lại được bằng lệnh import). "
                                   "Thông tin người tố cáo luôn được che “(bảo mật)”.")
    p.add_argument("kind", type=_kind_arg, metavar="LOẠI", help=kinds)
    p.add_argument("--out", required=True, type=Path, metavar="TỆP", help="tệp .xlsx cần ghi")
    p.add_argument("--year", type=int, metavar="NĂM", help="chỉ hồ sơ của năm này")
    p.set_defaults(func=cmd_export, needs_book=True)

    p = sub.add_parser("merge", help="gộp dữ liệu Sổ Dân vận của đơn vị cũ (trước sáp nhập)",
                       description="Đưa hồ sơ của một thư mục dữ liệu (hoặc tệp .db) khác vào, dưới tên đơn vị cũ. "
                                   "Gộp lại lần nữa không tạo bản trùng.")
    p.add_argument("path", metavar="ĐƯỜNG_DẪN", type=Path, help="thư mục dữ liệu hoặc tệp .db của đơn vị cũ")
    p.add_argument("--as-unit", required=True, metavar="TÊN", help="tên đơn vị cũ, ví dụ “Nghĩa Hà”")
    p.add_argument("--source-password", metavar="MẬT_KHẨU", help="mật khẩu của dữ liệu nguồn (nếu có)")
    p.add_argument("--password", metavar="MẬT_KHẨU", help=f"mật khẩu của dữ liệu này (hoặc {PASSWORD_ENV})")
    p.set_defaults(func=cmd_merge, needs_book=True)

    p = sub.add_parser("password", help="đặt, đổi hoặc bỏ mật khẩu mở chương trình",
                       description="Khi có mật khẩu, thông tin người tố cáo được mã hóa (AES-GCM). Mật khẩu được hỏi "
                                   "trên bàn phím (không hiện), hoặc đọc từ đầu vào chuẩn, mỗi dòng một mật khẩu.")
    p.add_argument("action", choices=("set", "clear"), metavar="set|clear", help="set: đặt hoặc đổi; clear: bỏ")
    p.set_defaults(func=cmd_password, needs_book=True)


# ------------------------------------------------------------ helpers
def _err(msg: str, code: int = 1) -> int:
    print(f"Lỗi: {msg}", file=sys.stderr)
    return code


def _open(args, password: str | None = None, need_key: bool = False):
    from core.safety import secrets as security
    from core.safety.logs import setup_logging
    from core.session import open_session

    setup_logging(args.data_dir)
    pw = password or os.environ.get(PASSWORD_ENV)
    if not pw and need_key and security.password_required(args.data_dir):
        pw = _ask("Mật khẩu: ")
        if not pw:
            raise security.SecurityError("Mật khẩu không đúng.")
    return open_session(args.data_dir, password=pw)


def _ask(prompt: str) -> str:
    if sys.stdin.isatty():
        return getpass.getpass(prompt)
    line = sys.stdin.readline()
    return line.rstrip("\r\n")


def _print_info(info: dict):
    from core.text import fmt_date, fmt_int

    when = info.get("when")
    print(f"Tệp: {info['path']}")
    if when:
        print(f"Thời điểm sao lưu: {when:%H:%M} ngày {fmt_date(when.date())} ({info.get('reason_label', '')})")
    if info.get("unit"):
        print(f"Đơn vị: {info['unit']}")
    print(f"Phiên bản dữ liệu: {info.get('schema_version')}")
    for key, n in info.get("counts", {}).items():
        print(f"  {info['labels'][key]}: {fmt_int(n)}")


def _safe(fn):
    def wrapper(args):
        from core.io.excel import ExcelError
        from core.safety.backup import BackupError
        from core.safety.merge import MergeError
        from core.safety.secrets import SecurityError
        try:
            return fn(args)
        except (BackupError, ExcelError, MergeError, SecurityError) as e:
            return _err(str(e))
    wrapper.__name__ = fn.__name__
    return wrapper


# ----------------------------------------------------------- commands
@_safe
def cmd_backup(args) -> int:
    from core.safety import backup

    store = _open(args)
    try:
        p = backup.make_backup(store, "manual", args.to)
        if not args.to:
            backup.rotate(store.data_dir, backup._max_total_bytes(store))
    finally:
        store.close()
    print(f"Đã sao lưu vào {p}")
    _print_info(backup.describe_backup(p))
    return 0


@_safe
@exclusive
def cmd_restore(args) -> int:
    from core.safety import backup
    from core.safety import secrets as security

    if not args.file.is_file():
        return _err(f"Không tìm thấy tệp {args.file}.")
    info = backup.describe_backup(args.file)
    if not info["ok"]:
        return _err(info["error"] or "Tệp không đọc được.")
    print("Bản sao lưu chứa:")
    _print_info(info)
    res = backup.startup_check(args.data_dir)
    if not res.ok and res.problem == "corrupt":
        aside = backup.recover(args.data_dir, args.file)
        print(f"Dữ liệu hiện tại bị hỏng, đã được chuyển sang {aside}; đã khôi phục từ {args.file}.")
        return 0
    if not res.ok:
        return _err(res.message)
    store = _open(args, args.password, need_key=True)
    try:
        safety = security.restore(store, args.file)
        if security.is_set(store) and not security.is_unlocked(store):
            print("Dữ liệu khôi phục có mật khẩu khác: lần mở sau hãy dùng mật khẩu của dữ liệu đó.")
    finally:
        store.close()
    print(f"Đã khôi phục. Dữ liệu trước khi khôi phục được giữ trong {safety}")
    return 0


def cmd_check(args) -> int:
    from core.safety import backup, integrity
    from core.safety.logs import setup_logging

    path = Path(args.data_dir) / DB_FILENAME
    if not path.exists():
        return _err(f"Chưa có dữ liệu trong {args.data_dir}.")
    setup_logging(args.data_dir)
    res = integrity.integrity_check(path)
    if res.ok:
        info = backup.describe_backup(path)
        if info.get("newer"):
            print(integrity.NEWER_MESSAGE)
            return 1
        print(f"{path}: {res.message}")
        return 0
    print(res.message, file=sys.stderr)
    for d in res.details[:10]:
        print(f"  {d}", file=sys.stderr)
    good = backup.newest_good_backup(args.data_dir) if res.problem == "corrupt" else None
    if good:
        print(f"Bản sao lưu tốt gần nhất: {good}\nKhôi phục bằng lệnh: restore \"{good}\"", file=sys.stderr)
    return 1


@_safe
@exclusive
def cmd_import(args) -> int:
    from core.io import importer

    store = _open(args, args.password)
    try:
        r = importer.import_xlsx(store, args.file, kind=args.kind,
                                 mode="valid_rows" if args.valid_rows else "all_or_nothing")
    finally:
        store.close()
    for w in r.warnings:
        print(f"Lưu ý: {w}")
    for row_no, reason in r.rejected:
        print(f"Dòng {row_no}: {reason}")
    print(r.summary())
    if r.rejected and not r.committed:
        print("Sửa các dòng trên rồi nhập lại, hoặc thêm --valid-rows để chỉ nhập các dòng hợp lệ.")
        return 1
    return 0


@_safe
def cmd_template(args) -> int:
    from core.io import excel

    store = None
    try:
        from core.session import open_session
        if (Path(args.data_dir) / DB_FILENAME).exists():
            store = open_session(args.data_dir)
    except Exception:
        store = None
    try:
        p = excel.write_template(args.kind, args.out, store)
    finally:
        if store is not None:
            store.close()
    print(f"Đã ghi mẫu nhập {KINDS[args.kind].title.lower()}: {p}")
    return 0


@_safe
def cmd_export(args) -> int:
    from core.io import excel

    store = _open(args)
    try:
        n = excel.export_kind(store, args.kind, args.out, year=args.year)
    finally:
        store.close()
    print(f"Đã xuất {n} {KINDS[args.kind].label} ra {args.out}")
    return 0


@_safe
@exclusive
def cmd_merge(args) -> int:
    from core.safety import merge

    store = _open(args, args.password, need_key=False)
    try:
        r = merge.merge(store, args.path, args.as_unit, source_password=args.source_password)
    finally:
        store.close()
    print(r.summary())
    if r.attachments:
        print(f"Đã chép {r.attachments} tệp đính kèm.")
    return 0


@_safe
@exclusive
def cmd_password(args) -> int:
    from core.safety import secrets as security

    store = _open(args)
    try:
        if args.action == "set":
            old = _ask("Mật khẩu hiện tại: ") if security.is_set(store) else None
            new = _ask("Mật khẩu mới: ")
            again = _ask("Nhập lại mật khẩu mới: ")
            if new != again:
                return _err("Hai lần nhập mật khẩu mới không khớp.")
            problems = security.set_password(store, new, old)
            print("Đã đặt mật khẩu. Thông tin người tố cáo đã được mã hóa. Hãy ghi nhớ mật khẩu: nếu quên, "
                  "không thể xem lại thông tin người tố cáo.")
        else:
            if not security.is_set(store):
                print("Chưa đặt mật khẩu.")
                return 0
            problems = security.clear_password(store, _ask("Mật khẩu hiện tại: "))
            print("Đã bỏ mật khẩu.")
        for p in problems:
            print(f"Lưu ý: không xử lý được bản sao lưu {p}")
    finally:
        store.close()
    return 0
