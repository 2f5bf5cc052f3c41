"""The argparse front end of ``main.py`` (Vietnamese help text).

Subcommands are discovered from ``core.commands`` and ``ui.commands``.  Each
handler receives the parsed args (``args.data_dir`` already resolved) and
returns an exit code; a ``StoreError``/``ValidationError`` is printed as a
Vietnamese message, never as a traceback — and so is a full disk or a
file-system error any command may meet (``core.errors.is_disk_full``).
"""
from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

from core import APP_NAME, __version__
from core.errors import UserError
from core.paths import DB_FILENAME, default_data_dir


class _Formatter(argparse.RawDescriptionHelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        # argparse passes prefix="" when it builds a subcommand's prog: keep that one bare
        return super().add_usage(usage, actions, groups, prefix="Cách dùng: " if prefix is None else prefix)


class VnArgumentParser(argparse.ArgumentParser):
    """argparse with its fixed texts in Vietnamese."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", _Formatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "Tham số"
        self._optionals.title = "Tùy chọn"
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                          help="hiện hướng dẫn này rồi thoát")

    def error(self, message):
        repl = {
            "the following arguments are required": "thiếu tham số bắt buộc",
            "unrecognized arguments": "tham số không hiểu được",
            "invalid choice": "lựa chọn không hợp lệ",
            "expected one argument": "cần một giá trị",
            "argument": "tham số",
            "invalid int value": "không phải số nguyên",
            "choose from": "chọn một trong",
            "not allowed with argument": "không dùng cùng tham số",
            "is required": "là bắt buộc",
        }
        for en, vi in repl.items():
            message = message.replace(en, vi)
        self.print_usage(sys.stderr)
        self.exit(2, f"Lỗi: {message}\n")


COMMAND_PACKAGES = ("core.commands", "ui.commands")


def _command_modules():
    for pkg_name in COMMAND_PACKAGES:
        try:
            pkg = importlib.import_module(pkg_name)
        except ImportError:
            continue
        import pkgutil  # the commands only: not on the window's start-up

        names = sorted(m.name for m in pkgutil.iter_modules(pkg.__path__))
        for name in names:
            yield importlib.import_module(f"{pkg_name}.{name}")


def _base_parser(name_default: bool = True) -> argparse.ArgumentParser:
    """The options before a subcommand.  ``name_default=False``: the help of
    ``--data-dir`` without the default folder's path (a parser that only
    parses, never prints its help: the window's start-up, which then looks
    the folder up only when no ``--data-dir`` is given)."""
    parser = VnArgumentParser(
        prog="SoDanVan",
        description=f"{APP_NAME} {__version__} — sổ theo dõi công tác dân vận chính quyền cấp xã.\n"
                    "Không có lệnh con: mở giao diện.",
    )
    parser.add_argument("--data-dir", metavar="THƯ_MỤC", type=Path, default=None,
                        help=f"thư mục dữ liệu (mặc định: {default_data_dir() if name_default else '…'})")
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}",
                        help="hiện số phiên bản rồi thoát")
    return parser


def build_parser() -> argparse.ArgumentParser:
    parser = _base_parser()
    sub = parser.add_subparsers(dest="command", metavar="LỆNH", title="Các lệnh",
                                parser_class=VnArgumentParser)
    for mod in _command_modules():
        if hasattr(mod, "register"):
            mod.register(sub)
    _data_dir_after_command(sub)
    return parser


def _data_dir_after_command(sub) -> None:
    """``--data-dir`` is taken after the subcommand too (``demo --data-dir X``),
    same destination; a command's own default folder (``set_defaults(
    default_data_dir=…)``, the demo folder for ``demo``) is named in its help."""
    seen = set()
    for sp in sub.choices.values():
        if id(sp) in seen or any("--data-dir" in a.option_strings for a in sp._actions):
            continue
        seen.add(id(sp))
        own = sp.get_default("default_data_dir")
        sp.add_argument("--data-dir", metavar="THƯ_MỤC", type=Path, default=argparse.SUPPRESS,
                        help=f"thư mục dữ liệu (mặc định: {(own or default_data_dir)()}); "
                             "đặt trước hay sau tên lệnh đều được")


# Qt's own command-line options (``-platform offscreen``, ``-style fusion`` …)
# are passed to the GUI untouched when no subcommand is given.
QT_VALUE_OPTIONS = {"-platform", "-platformpluginpath", "-platformtheme", "-plugin", "-qwindowgeometry",
                    "-qwindowtitle", "-qwindowicon", "-screen", "-style", "-stylesheet", "-session", "-display",
                    "-geometry"}
QT_FLAG_OPTIONS = {"-reverse", "-nograb", "-dograb", "-sync"}


def split_qt_options(argv: list[str], commands) -> tuple[list[str], list[str]]:
    """(arguments for argparse, Qt options) — Qt options are only taken when
    no subcommand is present (a subcommand may define its own ``-platform``)."""
    if any(a in commands for a in argv):
        return list(argv), []
    ours, qt = [], []
    it = iter(argv)
    for a in it:
        if a in QT_VALUE_OPTIONS:
            qt.append(a)
            nxt = next(it, None)
            if nxt is not None:
                qt.append(nxt)
        elif a in QT_FLAG_OPTIONS:
            qt.append(a)
        else:
            ours.append(a)
    return ours, qt


def _quick_data_dir(ours: list[str]):
    """``(data_dir,)`` for the window's usual starts — no argument, ``--data-dir X``
    or ``--data-dir=X`` — read as argparse reads them, without building its
    parser (the first parse costs ≈ 3.5 ms of start-up: gettext, locale);
    None for anything else, which the parser decides."""
    if not ours:
        return (None,)
    if len(ours) == 2 and ours[0] == "--data-dir" and ours[1] and not ours[1].startswith("-"):
        return (Path(ours[1]),)
    if len(ours) == 1 and ours[0].startswith("--data-dir=") and len(ours[0]) > len("--data-dir="):
        return (Path(ours[0][len("--data-dir="):]),)
    return None


def _plain_gui_start(argv: list[str]):
    """(args, Qt options) when ``argv`` only opens the window (no subcommand,
    no help), else None.  Decided without importing the command modules, which
    the window does not need (start-up time)."""
    if any(a in ("-h", "--help") for a in argv):
        return None
    ours, qt_args = split_qt_options(argv, ())
    quick = _quick_data_dir(ours)
    if quick is not None:
        return argparse.Namespace(data_dir=quick[0], command=None), qt_args
    args, extra = _base_parser(name_default=False).parse_known_args(ours)
    if extra:
        return None  # a subcommand, or something the full parser must explain
    args.command = None
    return args, qt_args


def main(argv=None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    plain = _plain_gui_start(argv)
    if plain is not None:
        args, qt_args = plain
        if args.data_dir is None:
            args.data_dir = default_data_dir()
        from ui.app import run_gui  # Qt is imported only for the GUI
        return run_gui(args, qt_args)
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    argv, qt_args = split_qt_options(argv, sub.choices)
    args, extra = parser.parse_known_args(argv)
    if args.data_dir is None:
        # a command may have its own default folder (``demo``: the demo folder)
        args.data_dir = (getattr(args, "default_data_dir", None) or default_data_dir)()
    if not args.command:
        if extra and not all(a.startswith("-") for a in extra):
            parser.error(f"tham số không hiểu được: {' '.join(extra)}")
        from ui.app import run_gui  # Qt is imported only for the GUI
        return run_gui(args, qt_args + extra)
    if extra:
        parser.error(f"tham số không hiểu được: {' '.join(extra)}")
    from core.errors import DISK_FULL_MESSAGE, UserError, is_disk_full, os_error_text
    try:
        if getattr(args, "needs_book", False):
            _require_book(args.data_dir)
        return int(args.func(args) or 0)
    except UserError as e:
        print(f"Lỗi: {e.message()}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Đã dừng.", file=sys.stderr)
        return 130
    except Exception as e:
        if is_disk_full(e):
            _log_failure(args.command)
            print(f"Lỗi: {DISK_FULL_MESSAGE}", file=sys.stderr)
            return 1
        if isinstance(e, OSError) and e.filename:
            _log_failure(args.command)
            print(f"Lỗi: không đọc, ghi được {e.filename}: {os_error_text(e)}.", file=sys.stderr)
            return 1
        raise


class NoBookError(UserError):
    """A command that works on a book was pointed at a folder without one."""


def _require_book(data_dir) -> None:
    """Refuse before anything is created: a command on an empty or mistyped
    folder leaves no new ``sodanvan.db`` (nor the folder) behind."""
    d = Path(data_dir)
    if (d / DB_FILENAME).is_file():
        return
    where = (f"Không có thư mục dữ liệu {d}." if not d.exists()
             else f"Thư mục {d} chưa có sổ Sổ Dân vận (tệp {DB_FILENAME}).")
    raise NoBookError(f"{where} Hãy kiểm tra lại đường dẫn (--data-dir), hoặc tạo sổ mới bằng lệnh setup "
                      "(hay mở chương trình để thiết lập ban đầu).")


def _log_failure(command):
    """The traceback into the data folder's log (when a command set it up)."""
    import logging

    if logging.getLogger().handlers:
        logging.getLogger("cli").error("command %s failed", command, exc_info=True)
