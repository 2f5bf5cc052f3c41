"""Data safety commands: backup, restore, check, Excel import/export and
template, merge of a predecessor commune, password.

    backup [--to THƯ_MỤC]
    restore TỆP
    check
    import TỆP.xlsx [--kind LOẠI] [--valid-rows]
    template LOẠI --out TỆP
    export LOẠI --out TỆP [--year NĂM]
    merge ĐƯỜNG_DẪN --as-unit TÊN
    password set|clear

Passwords are never options (``--password`` and ``--source-password`` are
kept only to refuse with the reason: a command line is visible to every
user in the process list).  They are asked on the terminal without echo,
read one a line from standard input, or taken from ``SODANVAN_PASSWORD``
(``SODANVAN_SOURCE_PASSWORD`` for a merge source).

Reading commands (backup, export, check, template) work on a read-only
data folder — a write-protected USB stick, a share without write rights —
so the data can be rescued: the book is opened ``mode=ro``, nothing is
written into the folder, no lock is taken (``open_for_reading``).
"""
from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from core.paths import DB_FILENAME
from core.records.fields import KINDS, RECORD_KINDS
from core.safety.instance import exclusive

PASSWORD_ENV = "SODANVAN_PASSWORD"
SOURCE_PASSWORD_ENV = "SODANVAN_SOURCE_PASSWORD"
PASSWORD_OPTION_REFUSED = (
    "không dùng {option} nữa: mật khẩu ghi trên dòng lệnh hiện trong danh sách tiến trình, mọi người dùng máy đều "
    "xem được. Hãy bỏ {option}: chương trình sẽ hỏi mật khẩu (gõ không hiện), hoặc đọc một dòng từ đầu vào "
    "chuẩn, hoặc lấy từ biến môi trường {env}.")


class _RefusedPassword(argparse.Action):
    """A deprecated password option: refused with the reason, before anything runs."""

    def __init__(self, option_strings, dest, env: str = PASSWORD_ENV, **kwargs):
        self.env = env
        kwargs.setdefault("help", argparse.SUPPRESS)
        super().__init__(option_strings, dest, **kwargs)

    def __call__(self, parser, namespace, values, option_string=None):
        parser.error(PASSWORD_OPTION_REFUSED.format(option=option_string, env=self.env))


def _refuse_password_options(p, *, source: bool = False):
    p.add_argument("--password", action=_RefusedPassword, metavar="MẬT_KHẨU")
    if source:
        p.add_argument("--source-password", action=_RefusedPassword, env=SOURCE_PASSWORD_ENV, metavar="MẬT_KHẨU")


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
                       description="Cho biết bản sao lưu chứa gì, sao lưu dữ liệu hiện tại, rồi thay bằng bản sao lưu. "
                                   "Mật khẩu (nếu có) được hỏi trên bàn phím (không hiện), hoặc đọc từ đầu vào chuẩn, "
                                   f"hoặc lấy từ biến môi trường {PASSWORD_ENV}.")
    p.add_argument("file", metavar="TỆP", type=Path, help="tệp sao lưu (.db)")
    _refuse_password_options(p)
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
    _refuse_password_options(p)
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
                                   "Gộp lại lần nữa không tạo bản trùng. Mật khẩu của dữ liệu này và của dữ liệu "
                                   "nguồn (nếu có) được hỏi trên bàn phím (không hiện), hoặc đọc từ đầu vào chuẩn "
                                   f"(mỗi dòng một mật khẩu, theo thứ tự đó), hoặc lấy từ {PASSWORD_ENV} và "
                                   f"{SOURCE_PASSWORD_ENV}.")
    p.add_argument("path", metavar="ĐƯỜNG_DẪN", type=Path, help="thư mục dữ liệu hoặc tệp .db của đơn vị cũ")
    p.add_argument("--as-unit", required=True, metavar="TÊN", help="tên đơn vị cũ, ví dụ “Nghĩa Hà”")
    _refuse_password_options(p, source=True)
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


def _open(args, *, need_key: bool = False, want_key: bool = False, read_only: bool = False):
    """The session of ``args.data_dir``.  ``need_key``: a protected book's
    password is required (asked when not in ``SODANVAN_PASSWORD``);
    ``want_key``: asked too, but an empty answer opens the book locked
    (an import without tố cáo rows)."""
    from core.safety import secrets as security
    from core.safety.logs import setup_logging
    from core.session import open_session

    if not read_only:
        setup_logging(args.data_dir)
    pw = os.environ.get(PASSWORD_ENV) or None
    if not pw and (need_key or want_key) and security.password_required(args.data_dir):
        pw = read_password("Mật khẩu: " if need_key else "Mật khẩu (Enter để bỏ qua nếu không có đơn tố cáo): ")
        if not pw and need_key:
            raise security.SecurityError("Mật khẩu không đúng.")
    store = open_session(args.data_dir, password=pw or None, read_only=read_only)
    for note in security.pending_notes(store):  # a password change of the last session finished, …
        print(f"Lưu ý: {note}", file=sys.stderr)
    return store


def open_for_reading(args):
    """The session for a command that only reads (backup, export, report,
    check): the usual one, or — on a folder that cannot be written — the
    book opened read-only, nothing written into the folder (rescue to a USB
    stick).  A migration due there is refused with the reason."""
    from core.records.store import ReadOnlyError
    from core.safety.integrity import folder_writable

    if folder_writable(args.data_dir):
        try:
            return _open(args)
        except ReadOnlyError:
            pass  # the folder says writable, the file or the share does not
    store = _open(args, read_only=True)
    print(f"Lưu ý: thư mục dữ liệu {args.data_dir} chỉ cho phép đọc: dữ liệu được mở ở chế độ chỉ đọc, không ghi gì "
          "vào thư mục này.", file=sys.stderr)
    return store


def read_password(prompt: str, env: str = PASSWORD_ENV) -> str:
    """A password from the environment variable ``env``, else the terminal
    (no echo), else one line of standard input ('' at its end).  Never from
    the command line."""
    value = os.environ.get(env)
    if value:
        return value
    return _ask(prompt)


def _ask(prompt: str) -> str:
    if sys.stdin is None:
        return ""
    if sys.stdin.isatty():
        return getpass.getpass(prompt)
    try:
        line = sys.stdin.readline()
    except (OSError, ValueError):  # no standard input (a service, a test runner)
        return ""
    return line.rstrip("\r\n")


def _recovery_hint(data_dir) -> str | None:
    """The newest good backup and the command that restores it (a damaged book)."""
    from core.safety import backup

    good = backup.newest_good_backup(data_dir)
    if good is None:
        return ("Trong thư mục sao lưu chưa có bản nào còn tốt; nếu có bản sao lưu trên USB, khôi phục bằng lệnh: "
                "restore \"<tệp trên USB>\"")
    return f"Bản sao lưu tốt gần nhất: {good}\nKhôi phục bằng lệnh: restore \"{good}\""


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
        from core.errors import UserError
        from core.records.store import DamagedBookError
        try:
            return fn(args)
        except DamagedBookError as e:
            code = _err(e.message())
            hint = _recovery_hint(args.data_dir)
            if hint:
                print(hint, file=sys.stderr)
            return code
        except UserError as e:
            return _err(e.message())
    wrapper.__name__ = fn.__name__
    return wrapper


# ----------------------------------------------------------- commands
@_safe
def cmd_backup(args) -> int:
    from core.safety import backup

    store = open_for_reading(args)
    try:
        if store.read_only and not args.to:
            return _err("Thư mục dữ liệu chỉ cho phép đọc nên không sao lưu vào đó được. Hãy sao lưu sang thư mục "
                        "khác, ví dụ ổ USB: backup --to THƯ_MỤC")
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
    checked = backup.check_backup(args.file) if hasattr(backup, "check_backup") else None
    if checked is not None and not checked.ok and checked.problem == "corrupt":
        return _err(f"Bản sao lưu {args.file} bị hỏng nên không dùng để khôi phục được; dữ liệu hiện tại không bị "
                    "thay đổi. Hãy chọn bản sao lưu khác (lệnh check chỉ ra bản tốt gần nhất).")
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
    store = _open(args, need_key=True)
    try:
        safety = security.restore(store, args.file)
        if security.is_set(store) and not security.is_unlocked(store):
            print("Dữ liệu khôi phục có mật khẩu khác: lần mở sau hãy dùng mật khẩu của dữ liệu đó.")
    finally:
        store.close()
    print(f"Đã khôi phục. Dữ liệu trước khi khôi phục được giữ trong {safety}")
    for line in getattr(safety, "problems", ()):  # rows refused by the path rule (core.records.attachments)
        print(f"Lưu ý: {line}")
    return 0


def cmd_check(args) -> int:
    """The full integrity check, the schema the migrations made, the
    settings; on damage the newest good backup to restore.  Reads only
    (a read-only folder is checked too)."""
    from core.safety import integrity
    from core.safety.logs import setup_logging

    path = Path(args.data_dir) / DB_FILENAME
    if not path.exists():
        return _err(f"Chưa có dữ liệu trong {args.data_dir}.")
    if integrity.folder_writable(args.data_dir):
        setup_logging(args.data_dir)
    res = integrity.integrity_check(path)
    if res.ok:
        if integrity.is_newer(path):
            print(integrity.NEWER_MESSAGE)
            return 1
        print(f"{path}: {res.message}")
        return _check_secrets(args)
    print(res.message, file=sys.stderr)
    for d in res.details[:10]:
        print(f"  {d}", file=sys.stderr)
    if res.problem == "corrupt":
        print(_recovery_hint(args.data_dir), file=sys.stderr)
    return 1


def _check_secrets(args) -> int:
    """``check``'s part on the password: a change of the password (or a
    restore, an upgrade) interrupted in an earlier session is finished or
    rolled back here; copies still holding a denouncer in clear are named."""
    from core.safety import integrity
    from core.safety import secrets as security
    from core.safety.instance import FolderBusy, FolderLock

    if security.job_pending(args.data_dir):
        if not integrity.folder_writable(args.data_dir):
            print("Lưu ý: việc đổi mật khẩu lần trước chưa xong nhưng thư mục dữ liệu chỉ cho phép đọc; hãy chạy "
                  "lại lệnh check trên máy có quyền ghi vào thư mục này.", file=sys.stderr)
            return 1
        try:
            with FolderLock(args.data_dir):
                _open(args).close()  # the job is finished (or rolled back) as the book opens; _open says so
        except FolderBusy:
            print("Lưu ý: việc đổi mật khẩu lần trước chưa xong; cửa sổ chương trình đang mở dữ liệu này sẽ tự "
                  "hoàn tất khi mở lại.", file=sys.stderr)
        except security.SecurityError as e:
            return _err(str(e))
    left = security.clear_copies(args.data_dir)
    if left:
        print("Lưu ý: thông tin người tố cáo còn chưa mã hóa trong " + ", ".join(left) + ". Hãy mở chương trình "
              "bằng mật khẩu (hoặc chạy một lệnh có hỏi mật khẩu) để việc mã hóa tự hoàn tất.", file=sys.stderr)
        return 1
    return 0


@_safe
@exclusive
def cmd_import(args) -> int:
    from core.io import importer
    from core.text import fmt_int

    store = _open(args, want_key=True)

    def progress(read, declared):
        if read and (declared or 0) > importer.PROGRESS_EVERY:
            print(f"  đã đọc {fmt_int(read)}/{fmt_int(declared)} dòng", file=sys.stderr, flush=True)

    try:
        r = importer.import_xlsx(store, args.file, kind=args.kind,
                                 mode="valid_rows" if args.valid_rows else "all_or_nothing", progress=progress)
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
        if (Path(args.data_dir) / DB_FILENAME).exists():
            store = open_for_reading(args)  # the commune's own lists in the drop-downs
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

    store = open_for_reading(args)
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

    store = _open(args, want_key=True)
    try:
        source_pw = None
        if _source_protected(args.path):
            source_pw = read_password("Mật khẩu của dữ liệu nguồn: ", SOURCE_PASSWORD_ENV) or None
        r = merge.merge(store, args.path, args.as_unit, source_password=source_pw)
    finally:
        store.close()
    print(r.summary())
    if r.attachments:
        print(f"Đã chép {r.attachments} tệp đính kèm.")
    return 0


def _source_protected(path: Path) -> bool:
    """The merge source (a data folder or a .db file) has a password."""
    import sqlite3

    from core.safety import integrity

    src = Path(path)
    if src.is_dir():
        src = src / DB_FILENAME
    if not src.is_file():
        return False
    try:
        conn = integrity.connect_ro(src)
        try:
            row = conn.execute("SELECT value FROM setting WHERE key=?", (integrity.PASSWORD_SETTING,)).fetchone()
        finally:
            conn.close()
    except integrity.DB_ERRORS + (sqlite3.Error,):
        return False  # merge explains an unreadable source
    return bool(row and row[0] and row[0] != "null")


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
            print(f"Lưu ý: {p}")
    finally:
        store.close()
    return 0
