"""``paper`` and ``book``: the papers of one record and the books of a period (issue 14).

    python main.py paper --list
    python main.py paper KIND --record SỐ [--so N] [--date dd/mm/yyyy] [--draft] --format docx|pdf --out FILE
    python main.py paper --reprint N --format docx|pdf --out FILE
    python main.py book --list
    python main.py book KIND (--year Y [--half 1|2] | --from dd/mm/yyyy --to dd/mm/yyyy) [--to-hoa-giai ID] --format docx|pdf|xlsx --out FILE

SỐ is a petition's "số đến/năm" (12/2026) or the record id of other kinds.
A paper is issued (numbered, its snapshot kept in the book) unless --draft;
--reprint N writes issued paper N exactly as it was issued.
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path


class _ListAction(argparse.Action):
    """``--list``: print the kinds and stop, before the data folder is looked at."""

    def __init__(self, option_strings, dest, lister=None, **kw):
        self.lister = lister
        super().__init__(option_strings, dest, nargs=0, **kw)

    def __call__(self, parser, namespace, values, option_string=None):
        for line in self.lister():
            print(line)
        parser.exit(0)


def _paper_lines():
    from core.papers.registry import PAPERS

    return [f"{key:<18} {p.label} — {p.form}" for key, p in PAPERS.items()]


def _book_lines():
    from core.papers.books import BOOKS

    return [f"{key:<18} {label}" for key, (label, _) in BOOKS.items()]


def register(sub):
    p = sub.add_parser(
        "paper", help="in giấy tờ từ một bản ghi (giấy biên nhận, phiếu chuyển đơn, thông báo thụ lý …)",
        description="Lập giấy tờ từ một bản ghi theo Nghị định 30/2020/NĐ-CP, cấp số, lưu bản đã phát hành và ghi "
                    "ra tệp DOCX hoặc PDF.\n\nVí dụ:\n  paper --list\n"
                    "  paper bien_nhan --record 12/2026 --format pdf --out bien-nhan.pdf\n"
                    "  paper --reprint 3 --format docx --out ban-in-lai.docx")
    p.add_argument("kind", nargs="?", metavar="LOẠI", help="loại giấy tờ (xem --list)")
    p.add_argument("--list", action=_ListAction, lister=_paper_lines, help="liệt kê các loại giấy tờ")
    p.add_argument("--record", metavar="SỐ", help="số đến/năm của đơn (ví dụ 12/2026) hoặc số hiệu bản ghi")
    p.add_argument("--so", type=int, metavar="N", help="số văn bản (mặc định: số tiếp theo của loại giấy tờ trong năm)")
    p.add_argument("--date", metavar="dd/mm/yyyy", help="ngày ban hành (mặc định: hôm nay)")
    p.add_argument("--draft", action="store_true", help="chỉ in bản nháp, không cấp số, không lưu")
    p.add_argument("--reprint", type=int, metavar="N", help="in lại giấy tờ đã phát hành số hiệu N, đúng như đã phát hành")
    p.add_argument("--issued", action="store_true", help="liệt kê giấy tờ đã phát hành của bản ghi --record")
    p.add_argument("--format", choices=("docx", "pdf"), help="định dạng tệp: docx hoặc pdf")
    p.add_argument("--out", type=Path, metavar="TỆP", help="đường dẫn tệp cần ghi")
    p.set_defaults(func=run_paper, needs_book=True)

    b = sub.add_parser(
        "book", help="in sổ của một kỳ (sổ tiếp công dân, sổ theo dõi xử lý đơn, sổ hòa giải ở cơ sở)",
        description="Lập sổ của một kỳ (trang ngang, tiêu đề cột lặp lại mỗi trang) và ghi ra DOCX, PDF hoặc XLSX."
                    "\n\nVí dụ:\n  book so_tiep_cong_dan --year 2026 --format xlsx --out so-tcd-2026.xlsx\n"
                    "  book so_xu_ly_don --year 2026 --half 1 --format pdf --out so-don.pdf\n"
                    "  book so_hoa_giai --year 2026 --to-hoa-giai 3 --format docx --out so-hoa-giai.docx")
    b.add_argument("kind", nargs="?", metavar="LOẠI", help="loại sổ (xem --list)")
    b.add_argument("--list", action=_ListAction, lister=_book_lines, help="liệt kê các loại sổ")
    b.add_argument("--year", type=int, metavar="NĂM", help="năm")
    b.add_argument("--half", type=int, choices=(1, 2), metavar="1|2", help="6 tháng đầu (1) hoặc cuối (2) năm")
    b.add_argument("--from", dest="date_from", metavar="dd/mm/yyyy", help="từ ngày (cùng --to, thay cho --year)")
    b.add_argument("--to", dest="date_to", metavar="dd/mm/yyyy", help="đến ngày (cùng --from)")
    b.add_argument("--to-hoa-giai", dest="to_id", type=int, metavar="ID",
                   help="sổ hòa giải của một tổ hòa giải (số hiệu của tổ); không ghi: mọi tổ của xã")
    b.add_argument("--format", choices=("docx", "pdf", "xlsx"), help="định dạng tệp: docx, pdf hoặc xlsx")
    b.add_argument("--out", type=Path, metavar="TỆP", help="đường dẫn tệp cần ghi")
    b.set_defaults(func=run_book, needs_book=True)


def _err(msg: str) -> int:
    print(f"Lỗi: {msg}", file=sys.stderr)
    return 2


def _out(args) -> Path | str:
    """The output path with the format's suffix, or an error message (str)."""
    if not args.format or not args.out:
        return "cần --format và --out."
    out: Path = args.out
    if not out.suffix:
        out = out.with_name(out.name + "." + args.format)
    elif out.suffix.lower() != "." + args.format:
        return f"tệp {out.name} có đuôi {out.suffix} nhưng định dạng là {args.format}; hãy đặt tên tệp đuôi .{args.format}."
    if out.is_dir():
        return f"{out} là một thư mục; hãy cho tên tệp."
    return out


def _write(write, out: Path) -> str | None:
    from core.errors import DISK_FULL_MESSAGE, is_disk_full, os_error_text

    try:
        write(out)
    except PermissionError:
        return f"không ghi được {out}: tệp đang mở trong chương trình khác hoặc thư mục chỉ cho phép đọc."
    except OSError as e:
        return f"không ghi được {out}. {DISK_FULL_MESSAGE}" if is_disk_full(e) else f"không ghi được {out}: {os_error_text(e)}."
    return None


def _doc_writer(fmt: str):
    if fmt == "docx":
        from core.report.docx_writer import write_docx
        return write_docx
    from core.report.pdf_writer import write_pdf
    return write_pdf


def write_paper(store, key: str, record_id: int, fmt: str, path, so: int | None = None,
                ngay: dt.date | None = None, draft: bool = False, nguoi_phat_hanh: str = ""):
    """Issue paper ``key`` of the record (numbered, its snapshot kept) and write
    it to ``path`` as ``fmt`` in one call; ``draft``: write the unnumbered paper,
    nothing stored.  Returns the ``Issued`` (None for a draft).  A paper that
    cannot be made raises ``PaperError`` before anything is stored."""
    from core.papers import issued as I
    from core.papers.common import IssueInfo
    from core.papers.registry import build

    if draft:
        _doc_writer(fmt)(build(store, key, record_id, IssueInfo(so=None, ngay=ngay)), path)
        return None
    g = I.issue(store, key, record_id, IssueInfo(so=so, ngay=ngay, nguoi_phat_hanh=nguoi_phat_hanh))
    _doc_writer(fmt)(g.doc, path)
    return g


def write_issued(store, issued_id: int, fmt: str, path):
    """Write issued paper ``issued_id`` exactly as issued (a reprint); returns its ``Issued``."""
    from core.papers import issued as I

    g = I.get_issued(store, issued_id)
    _doc_writer(fmt)(g.doc, path)
    return g


def run_paper(args) -> int:
    from core.commands.safety import _open
    from core.errors import UserError
    from core.papers import issued as I
    from core.papers.common import IssueInfo, find_record
    from core.papers.registry import PAPERS, build, get_paper

    store = None
    try:
        store = _open(args)
        if args.issued:
            if not args.kind or not args.record:
                return _err("cần LOẠI và --record để biết bản ghi.")
            paper = get_paper(args.kind)
            rid = find_record(store, paper.record_kind, args.record)
            for g in I.issued_for(store, paper.record_kind, rid):
                print(f"{g.id:>5}  {PAPERS[g.loai].label if g.loai in PAPERS else g.loai}  số {g.number}  "
                      f"ngày {g.ngay.strftime('%d/%m/%Y')}")
            return 0
        out = _out(args)
        if isinstance(out, str):
            return _err(out)
        if args.reprint is not None:
            g = I.get_issued(store, args.reprint)
            doc, what = g.doc, f"bản in lại {g.number} ngày {g.ngay.strftime('%d/%m/%Y')}"
        else:
            if not args.kind or not args.record:
                return _err("cần LOẠI giấy tờ và --record SỐ (xem paper --list).")
            paper = get_paper(args.kind)
            rid = find_record(store, paper.record_kind, args.record)
            try:
                day = dt.datetime.strptime(args.date, "%d/%m/%Y").date() if args.date else None
            except ValueError:
                return _err(f"ngày “{args.date}” không đúng dạng dd/mm/yyyy.")
            if args.draft:
                doc, what = build(store, paper.key, rid, IssueInfo(so=args.so, ngay=day)), f"bản nháp {paper.label.lower()}"
            else:
                g = I.issue(store, paper.key, rid, IssueInfo(so=args.so, ngay=day))
                doc, what = g.doc, f"{paper.label.lower()} số {g.number} (mã {g.id})"
        problem = _write(lambda p: _doc_writer(args.format)(doc, p), out)
        if problem:
            return _err(problem)
        print(f"Đã ghi {what} ({args.format.upper()}) vào {out}.")
        return 0
    except UserError as e:
        return _err(e.message())
    finally:
        if store is not None:
            store.close()


def run_book(args) -> int:
    from core.commands.safety import open_for_reading
    from core.errors import UserError
    from core.papers.book_writers import write_book
    from core.papers.books import build_book
    from core.report.periods import Period

    custom = args.date_from is not None or args.date_to is not None
    if not args.kind or not (args.year or custom):
        return _err("cần LOẠI sổ và --year (hoặc --from, --to) (xem book --list).")
    if custom and (args.year or args.half):
        return _err("chọn --year/--half hoặc --from/--to, không dùng cả hai.")
    out = _out(args)
    if isinstance(out, str):
        return _err(out)
    try:
        if custom:
            if not (args.date_from and args.date_to):
                return _err("--from và --to phải đi cùng nhau.")
            period = Period.custom(args.date_from, args.date_to)
        else:
            period = Period.half(args.year, args.half) if args.half else Period.year_(args.year)
    except ValueError as e:
        return _err(str(e))
    store = None
    try:
        store = open_for_reading(args)
        book = build_book(store, args.kind, period, to_id=getattr(args, "to_id", None))
    except UserError as e:
        return _err(e.message())
    finally:
        if store is not None:
            store.close()
    problem = _write(lambda p: write_book(book, args.format, p), out)
    if problem:
        return _err(problem)
    print(f"Đã ghi {book.title.lower()} {period.label}: {len(book.table.rows)} dòng ({args.format.upper()}) vào {out}.")
    return 0
