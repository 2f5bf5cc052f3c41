"""``demo`` never writes fake records into the clerk's book: by default it
fills the separate demo folder the window's "Dùng thử" button opens, it
refuses a folder holding a book it did not create (``--force`` to insist),
``--records N`` makes exactly N records, and what it prints reads right
(per-year counts, kind labels, not internal keys)."""
from __future__ import annotations

import re
import sqlite3

import pytest

import cli
from core.io.demo import DEMO_MARK, MIN_RECORDS, clerk_book, generate, summary
from core.paths import DB_FILENAME, demo_data_dir
from core.records.fields import KINDS
from core.session import open_session


def _records(data_dir) -> int:
    conn = sqlite3.connect(data_dir / DB_FILENAME)
    try:
        return sum(conn.execute(f"SELECT count(*) FROM {KINDS[k].table}").fetchone()[0]
                   for k in ("don_thu", "tiep_cong_dan", "doi_thoai", "hoa_giai", "mo_hinh", "van_ban",
                             "hoat_dong", "chi_tieu"))
    finally:
        conn.close()


@pytest.fixture
def real_book(tmp_path):
    d = tmp_path / "SoDanVan"
    assert cli.main(["--data-dir", str(d), "setup", "--ten", "Nghĩa Phương", "--chu-tich", "Nguyễn Văn A"]) == 0
    s = open_session(d)
    s.create("don_thu", {"ngay_nhan": "02/03/2025", "loai": "kien_nghi", "noi_dung": "Đề nghị sửa đường",
                         "ho_ten": "Lê Văn C"})
    s.close()
    return d


def test_without_data_dir_demo_fills_the_demo_folder_the_window_uses(tmp_path, monkeypatch, capsys):
    from ui import first_start

    real = tmp_path / "SoDanVan"
    monkeypatch.setenv("SODANVAN_DATA_DIR", str(real))
    assert cli.main(["demo", "--records", "20", "--years", "2025-2025"]) == 0
    demo = tmp_path / "SoDanVan_DuLieuMau"
    assert demo_data_dir() == demo == first_start.demo_dir(real)  # one rule for the command and the window
    assert (demo / DB_FILENAME).is_file() and not real.exists()
    assert f"tại {demo}" in capsys.readouterr().out
    # the demo's own book: a second run adds to it
    assert cli.main(["demo", "--records", "20", "--years", "2025-2025", "--seed", "2"]) == 0
    assert _records(demo) == 40


def test_demo_refuses_the_clerks_book(real_book, capsys):
    before = _records(real_book)
    assert cli.main(["--data-dir", str(real_book), "demo", "--records", "20"]) == 1
    err = capsys.readouterr().err
    assert "Lỗi: Thư mục" in err and "sổ của xã Nghĩa Phương, 1 hồ sơ" in err
    assert "không phải sổ do lệnh demo tạo" in err and "--force" in err and "Traceback" not in err
    assert _records(real_book) == before
    # insisted on: written, and the book stays the clerk's (not marked as a demo book)
    assert cli.main(["--data-dir", str(real_book), "demo", "--records", "20", "--years", "2025-2025", "--force"]) == 0
    assert _records(real_book) == before + 20
    s = open_session(real_book)
    try:
        assert s.current_unit()["ten"] == "Nghĩa Phương" and not s.get_setting(DEMO_MARK)
    finally:
        s.close()


def test_what_counts_as_the_clerks_book(tmp_path, real_book):
    assert clerk_book(tmp_path / "none") is None  # no folder
    (tmp_path / "empty").mkdir()
    assert clerk_book(tmp_path / "empty") is None
    s = open_session(tmp_path / "blank")  # a book with no unit and no record
    s.close()
    assert clerk_book(tmp_path / "blank") is None
    assert cli.main(["--data-dir", str(tmp_path / "demo"), "demo", "--records", "10", "--years", "2025"]) == 0
    assert clerk_book(tmp_path / "demo") is None  # marked by the generator
    assert clerk_book(real_book) == "sổ của xã Nghĩa Phương, 1 hồ sơ"
    (tmp_path / "junk").mkdir()
    (tmp_path / "junk" / DB_FILENAME).write_bytes(b"not a database" * 100)
    assert clerk_book(tmp_path / "junk") == "một tệp dữ liệu không đọc được"


@pytest.mark.parametrize("n,years", [(10, "2025-2025"), (50, "2021-2026"), (126, "2024-2025"), (2000, "2023-2023")])
def test_records_is_the_exact_total(tmp_path, capsys, n, years):
    d = tmp_path / "d"
    assert cli.main(["--data-dir", str(d), "demo", "--records", str(n), "--years", years]) == 0
    assert _records(d) == n
    out = capsys.readouterr().out
    assert f"Đã tạo {n:,} hồ sơ mẫu".replace(",", ".") in out
    # one line per year with that year's count (not a running total), then the whole period's
    per_year = [int(x.replace(".", "")) for x in re.findall(r"^  Năm \d{4}: ([\d.]+) hồ sơ", out, re.M)]
    period = [int(x.replace(".", "")) for x in re.findall(r"^  Cả giai đoạn: ([\d.]+) hồ sơ", out, re.M)]
    assert per_year and sum(per_year) + sum(period) == n


def test_output_uses_labels_not_internal_keys(tmp_path, capsys):
    assert cli.main(["--data-dir", str(tmp_path / "d"), "demo", "--records", "60", "--years", "2024-2025"]) == 0
    out = capsys.readouterr().out
    for key in ("don_thu", "tiep_cong_dan", "hoa_giai", "mo_hinh", "van_ban", "chi_tieu"):
        assert key not in out
    assert "Đơn thư " in out and "Tiếp công dân " in out and "Sổ mẫu hiện có: " in out


def test_generate_records_exact_on_a_store(store):
    """The library call too: N records in all, whatever is already there."""
    added = generate(store, records=300, years=(2023, 2025), seed=5)
    assert sum(added.values()) == 300 == sum(summary(store).values())
    added = generate(store, records=77, years=(2024, 2024), seed=6)
    assert sum(added.values()) == 77 and sum(summary(store).values()) == 377


def test_too_few_records_or_future_years_are_refused(tmp_path, capsys):
    d = tmp_path / "d"
    assert cli.main(["--data-dir", str(d), "demo", "--records", str(MIN_RECORDS - 1)]) == 2
    assert f"--records phải từ {MIN_RECORDS} trở lên" in capsys.readouterr().out
    assert cli.main(["--data-dir", str(d), "demo", "--years", "2999-3000"]) == 2
    assert "--years phải bắt đầu từ năm" in capsys.readouterr().out
    assert not (d / DB_FILENAME).exists()
