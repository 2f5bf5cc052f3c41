"""A command on an empty or mistyped folder refuses with a Vietnamese message
and leaves nothing behind (no ``sodanvan.db``, no new folder); ``--data-dir``
works after the subcommand as well as before it."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import cli
from core.paths import DB_FILENAME

ROOT = Path(__file__).resolve().parents[2]

NEEDS_A_BOOK = [
    ["report", "--year", "2025", "--format", "docx", "--out", "{tmp}/bc.docx"],
    ["backup"],
    ["check"],
    ["export", "don_thu", "--out", "{tmp}/d.xlsx"],
    ["import", "{tmp}/d.xlsx"],
    ["merge", "{tmp}/cu", "--as-unit", "Nghĩa Hà"],
    ["password", "clear"],
]


@pytest.mark.parametrize("argv", NEEDS_A_BOOK, ids=lambda a: a[0])
@pytest.mark.parametrize("where", ["mistyped", "empty"])
def test_refused_without_a_book_and_nothing_left_behind(tmp_path, capsys, argv, where):
    d = tmp_path / "SoDanVann"  # a typo
    if where == "empty":
        d.mkdir()
    argv = [a.format(tmp=tmp_path) for a in argv]
    assert cli.main(["--data-dir", str(d), *argv]) == 1
    err = capsys.readouterr().err
    first = "Lỗi: Không có thư mục dữ liệu" if where == "mistyped" else f"Lỗi: Thư mục {d} chưa có sổ Sổ Dân vận"
    assert first in err and "--data-dir" in err and "lệnh setup" in err and "Traceback" not in err
    assert not (d / DB_FILENAME).exists()
    if where == "mistyped":
        assert not d.exists()
    else:
        assert list(d.iterdir()) == []


def test_data_dir_after_the_subcommand(tmp_path, capsys):
    d = tmp_path / "x"
    assert cli.main(["demo", "--records", "10", "--years", "2025", "--data-dir", str(d)]) == 0
    assert (d / DB_FILENAME).is_file()
    assert cli.main(["check", "--data-dir", str(d)]) == 0
    # both given: the one after the command (closer to it) wins
    assert cli.main(["--data-dir", str(tmp_path / "nowhere"), "check", "--data-dir", str(d)]) == 0
    assert not (tmp_path / "nowhere").exists()


def test_data_dir_after_the_subcommand_in_a_real_process(tmp_path):
    d = tmp_path / "x"
    r = subprocess.run([sys.executable, "main.py", "demo", "--data-dir", str(d), "--records", "10", "--years", "2025"],
                       cwd=ROOT, capture_output=True, text=True, encoding="utf-8")
    assert r.returncode == 0, r.stderr
    assert (d / DB_FILENAME).is_file()
    r = subprocess.run([sys.executable, "main.py", "report", "-h"], cwd=ROOT, capture_output=True, text=True,
                       encoding="utf-8")
    help_text = " ".join(r.stdout.split())
    assert "--data-dir THƯ_MỤC" in help_text and "đặt trước hay sau tên lệnh" in help_text
