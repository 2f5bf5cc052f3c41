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
    p = sub.add_parser("demo", help="tạo dữ liệu mẫu trong thư mục dữ liệu",
                       description="Tạo dữ liệu mẫu (đơn thư, tiếp công dân, hòa giải, mô hình, …) của một xã giả định.")
    p.add_argument("--records", type=int, default=None, metavar="N",
                   help="tổng số hồ sơ cần tạo (mặc định: khối lượng thực tế của một xã)")
    p.add_argument("--years", default=None, metavar="NĂM-NĂM", help="khoảng năm, ví dụ 2021-2025 (mặc định: 2021 đến năm nay)")
    p.add_argument("--seed", type=int, default=1, metavar="S", help="hạt giống ngẫu nhiên (cùng hạt giống → cùng dữ liệu)")
    p.set_defaults(func=run)


@exclusive
def run(args) -> int:
    from core.io.demo import generate, summary
    from core.session import open_session
    from core.text import fmt_int

    try:
        years = _years(args.years) if args.years else (2021, __import__("datetime").date.today().year)
    except ValueError:
        print("Lỗi: --years phải có dạng 2021-2025.")
        return 2
    if args.records is not None and args.records < 1:
        print("Lỗi: --records phải từ 1 trở lên.")
        return 2
    store = open_session(args.data_dir)
    t0 = time.perf_counter()

    def progress(year, added):
        total = sum(added.values())
        print(f"  năm {year}: {fmt_int(total)} hồ sơ", flush=True)

    added = generate(store, records=args.records, years=years, seed=args.seed, progress=progress)
    dt = time.perf_counter() - t0
    total = sum(added.values())
    counts = summary(store)
    store.close()
    print(f"Đã tạo {fmt_int(total)} hồ sơ mẫu trong {dt:.1f} giây tại {args.data_dir}.")
    print("Hiện có: " + ", ".join(f"{k} {fmt_int(v)}" for k, v in counts.items()))
    return 0
