"""Child process of the kill -9 trials (tests/test_crash_safety.py,
benchmarks/bench_crash.py): writes records through ``Store.create`` in a
loop and prints ``<kind> <id>`` after each commit, until it is killed."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core.session import open_session  # noqa: E402


def main(data_dir: str, seed: int):
    import random

    rng = random.Random(seed)
    store = open_session(data_dir)
    try:
        from core.safety import audit  # the audit log writes in the same transaction
        audit.install(store)
    except ImportError:
        pass
    out = sys.stdout
    out.write("ready\n")
    out.flush()
    n = 0
    while True:
        n += 1
        r = rng.random()
        if r < 0.4:
            rid = store.create("don_thu", {"ngay_nhan": "05/03/2025", "loai": "kien_nghi", "ho_ten": f"Người gửi {n}",
                                           "noi_dung": "Kiến nghị về đường giao thông " * rng.randint(1, 20)})
            kind = "don_thu"
        elif r < 0.7:
            rid = store.create("doi_thoai", {"ngay": "10/04/2025", "chu_de": f"Đối thoại {n}", "so_nguoi_du": n,
                                             "y_kien": [{"linh_vuc": "dat_dai", "so_luong": 3},
                                                        {"linh_vuc": "moi_truong", "so_luong": 2}]})
            kind = "doi_thoai"
        else:
            rid = store.create("hoat_dong", {"ngay": "01/02/2025", "chu_de": f"Tuyên truyền {n}", "so_nguoi": n})
            kind = "hoat_dong"
        out.write(f"{kind} {rid}\n")
        out.flush()
        if rng.random() < 0.2:
            store.update(kind, rid, {"ghi_chu": f"Sửa lần {n}"})


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
