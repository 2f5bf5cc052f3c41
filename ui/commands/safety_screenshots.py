"""``python main.py safety-screenshots --out DIR``: PNGs of the safety
screens (restore dialog, guided recovery, Excel import with rejected rows,
audit log, password prompt and dialog, unexpected-error dialog)."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path


def register(sub):
    p = sub.add_parser("safety-screenshots", help="chụp ảnh các cửa sổ sao lưu, khôi phục, nhập Excel, nhật ký, mật khẩu",
                       description="Chụp ảnh (không cần màn hình) các cửa sổ an toàn dữ liệu trên một bộ dữ liệu nhỏ.")
    p.add_argument("--out", metavar="THƯ_MỤC", type=Path, required=True, help="thư mục lưu ảnh")
    p.set_defaults(func=run)


def run(args) -> int:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from ui.app import make_app
    from ui.safety.shots import grab_all

    make_app()
    with tempfile.TemporaryDirectory(prefix="sodanvan_safety_") as tmp:
        saved = grab_all(args.out, Path(tmp) / "data")
    for p in saved:
        print(p)
    print(f"Đã lưu {len(saved)} ảnh vào {args.out}")
    return 0
