"""``demo``: fill the data folder with realistic Vietnamese demo data."""
from __future__ import annotations

import re
import time

from core.safety.instance import exclusive


def _years(text: str) -> tuple[int, int]:
    m = re.fullmatch(r"\s*(\d{4})\s*(?:[-–]\s*(\d{4}))?\s*", text)
    if not m:
        raise ValueError
    a = int(m.group(1))
    b = int(m.group(2) or a)
    if b < a:
        raise ValueError
    return a, b


def register(sub):
    from core.paths import demo_data_dir

    p = sub.add_parser("demo", help="tạo dữ liệu mẫu (mặc định trong thư mục dữ liệu mẫu riêng, không phải sổ thật)",
                       description="Tạo dữ liệu mẫu (đơn thư, tiếp công dân, hòa giải, mô hình, …) của một xã giả định. "
                                   "\nMặc định ghi vào thư mục dữ liệu mẫu riêng — thư mục nút “Dùng thử với dữ liệu "
                                   f"mẫu” của chương trình dùng:\n  {demo_data_dir()}\nsổ thật của đơn vị không bị "
                                   "đụng tới. Lệnh từ chối thư mục đang chứa một sổ không do lệnh demo tạo.")
    p.add_argument("--records", type=int, default=None, metavar="N",
                   help="tổng số hồ sơ cần tạo, đúng N hồ sơ (ít nhất 10) chia cho các năm (mặc định: khối lượng "
                        "thực tế của một xã mỗi năm)")
    p.add_argument("--years", default=None, metavar="NĂM-NĂM", help="khoảng năm, ví dụ 2021-2025 (mặc định: 2021 đến năm nay)")
    p.add_argument("--seed", type=int, default=1, metavar="S", help="hạt giống ngẫu nhiên (cùng hạt giống → cùng dữ liệu)")
    p.add_argument("--force", action="store_true",
                   help="vẫn ghi dữ liệu mẫu vào thư mục đang chứa một sổ không do lệnh demo tạo (không nên)")
    # without --data-dir: the demo folder beside the data folder (cli reads this default)
    p.set_defaults(func=run, default_data_dir=demo_data_dir)


def _open_with_password(data_dir):
    """The book, unlocked when it has a password (asked on the terminal, or
    ``SODANVAN_PASSWORD``): the demo's tố cáo identities are written
    encrypted like any other (issue 13).  None after a Vietnamese message."""
    import os
    import sys

    from core.safety import secrets as security
    from core.session import open_session

    password = None
    if security.password_required(data_dir):
        from core.commands.safety import PASSWORD_ENV, _ask

        password = os.environ.get(PASSWORD_ENV) or _ask("Dữ liệu này có mật khẩu. Mật khẩu: ")
        if not password:
            print("Lỗi: Dữ liệu này có mật khẩu; thông tin người tố cáo của dữ liệu mẫu phải được mã hóa bằng "
                  "mật khẩu đó. Hãy nhập mật khẩu (hoặc dùng một thư mục dữ liệu khác).", file=sys.stderr)
            return None
    try:
        return open_session(data_dir, password=password)
    except security.SecurityError as e:
        print(f"Lỗi: {e}", file=sys.stderr)
        return None


@exclusive
def run(args) -> int:
    import datetime

    from core.io.demo import MIN_RECORDS, DemoRefused, clerk_book, generate, summary
    from core.paths import demo_data_dir
    from core.records.fields import KINDS
    from core.text import fmt_int, fmt_number

    this_year = datetime.date.today().year
    try:
        years = _years(args.years) if args.years else (2021, this_year)
    except ValueError:
        print("Lỗi: --years phải có dạng 2021-2025.")
        return 2
    if years[0] > this_year:
        print(f"Lỗi: --years phải bắt đầu từ năm {this_year} trở về trước.")
        return 2
    if args.records is not None and args.records < MIN_RECORDS:
        print(f"Lỗi: --records phải từ {MIN_RECORDS} trở lên.")
        return 2
    held = clerk_book(args.data_dir)
    if held and not getattr(args, "force", False):
        raise DemoRefused(
            f"Thư mục {args.data_dir} đang chứa {held} — không phải sổ do lệnh demo tạo. Lệnh demo không ghi hồ sơ "
            f"mẫu vào sổ thật: hãy bỏ --data-dir để dùng thư mục dữ liệu mẫu riêng ({demo_data_dir()}) hoặc chọn "
            "một thư mục trống; thêm --force nếu thật sự muốn ghi vào sổ này.")
    store = _open_with_password(args.data_dir)
    if store is None:
        return 1
    t0 = time.perf_counter()
    in_years = 0

    def labels(counts: dict) -> str:
        return "; ".join(f"{KINDS[k].title} {fmt_int(v)}" for k, v in counts.items() if v)

    def progress(year, counts):
        nonlocal in_years
        n = sum(counts.values())
        in_years += n
        print(f"  Năm {year}: {fmt_int(n)} hồ sơ ({labels(counts)})", flush=True)

    try:
        added = generate(store, records=args.records, years=years, seed=args.seed, progress=progress)
        counts = summary(store)
    finally:
        store.close()
    dt = time.perf_counter() - t0
    total = sum(added.values())
    if total > in_years:  # the models and the documents still in force belong to no one year
        print(f"  Cả giai đoạn: {fmt_int(total - in_years)} hồ sơ (mô hình “Dân vận khéo”, văn bản còn hiệu lực)")
    print(f"Đã tạo {fmt_int(total)} hồ sơ mẫu trong {fmt_number(dt, 1)} giây tại {args.data_dir}: {labels(added)}.")
    print(f"Sổ mẫu hiện có: {labels(counts)}.")
    return 0
