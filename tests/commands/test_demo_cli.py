"""The command line: demo data, reopening, Vietnamese help and errors."""
import subprocess
import sys
from pathlib import Path

from core.io.demo import generate
from core.records.fields import KINDS
from core.records.validation import validate
from core.session import open_session

ROOT = Path(__file__).resolve().parents[2]


def _run(*args):
    return subprocess.run([sys.executable, "main.py", *args], cwd=ROOT, capture_output=True, text=True, encoding="utf-8")


def test_demo_then_reopen(tmp_path):
    r = _run("--data-dir", str(tmp_path / "x"), "demo", "--years", "2024-2025", "--seed", "3")
    assert r.returncode == 0, r.stderr
    assert "Đã tạo" in r.stdout and "hồ sơ mẫu" in r.stdout
    s = open_session(tmp_path / "x")
    assert s.current_unit()["ten"] == "Hòa Phong"
    assert len(s.unit_scope()) == 3  # the commune and its two predecessors
    assert s.count("don_thu") > 100 and s.count("tiep_cong_dan") > 100 and s.count("mo_hinh") >= 10
    s.close()


def test_demo_records_are_valid_and_realistic(store):
    generate(store, years=(2024, 2025), seed=7)
    for key in ("don_thu", "tiep_cong_dan", "doi_thoai", "hoa_giai", "mo_hinh", "van_ban", "hoat_dong", "chi_tieu"):
        ids = [r["id"] for r in store.q(f"SELECT id FROM {KINDS[key].table} ORDER BY random() LIMIT 60")]
        assert ids, key
        for i in ids:
            assert validate(store, KINDS[key], store.get(key, i), i) == {}, (key, i)
    names = [r["ho_ten"] for r in store.q("SELECT ho_ten FROM tiep_cong_dan")]
    assert sum(n.startswith("Nguyễn ") for n in names) > len(names) * 0.2
    # a demo with a records target spreads that many over the kinds
    before = sum(store.count(k) for k in ("don_thu", "tiep_cong_dan", "hoa_giai", "doi_thoai", "hoat_dong"))
    generate(store, records=2000, years=(2023, 2023), seed=8)
    after = sum(store.count(k) for k in ("don_thu", "tiep_cong_dan", "hoa_giai", "doi_thoai", "hoat_dong"))
    assert 1900 <= after - before <= 2100


def test_help_and_errors_are_vietnamese(tmp_path):
    r = _run("-h")
    assert r.returncode == 0 and "Cách dùng:" in r.stdout and "thư mục dữ liệu" in r.stdout
    assert "show this help" not in r.stdout
    r = _run("--data-dir", str(tmp_path), "demo", "--years", "abc")
    assert r.returncode == 2 and "--years phải có dạng" in r.stdout
    r = _run("--data-dir", str(tmp_path), "khong-co-lenh")
    assert r.returncode == 2 and "Lỗi:" in r.stderr and "Traceback" not in r.stderr


def test_qt_options_reach_the_gui_only_without_a_subcommand():
    from cli import split_qt_options

    cmds = {"demo", "self-test"}
    assert split_qt_options(["-platform", "offscreen", "--data-dir", "D"], cmds) == (["--data-dir", "D"],
                                                                                  ["-platform", "offscreen"])
    assert split_qt_options(["-reverse"], cmds) == ([], ["-reverse"])
    assert split_qt_options(["self-test", "-platform", "offscreen"], cmds) == (["self-test", "-platform", "offscreen"], [])


def test_opening_the_window_imports_no_command_module():
    """A plain start (no subcommand) goes straight to the GUI without
    importing the subcommand modules (start-up time); a subcommand still
    parses as before."""
    probe = ("import sys, ui.app\n"
             "def fake(args, qt):\n"
             "    mods = sorted(m for m in sys.modules if m.startswith(('core.commands.', 'ui.commands.')))\n"
             "    print(mods, args.data_dir.name, args.command, qt)\n"
             "    return 0\n"
             "ui.app.run_gui = fake\n"
             "from cli import main\n"
             "sys.exit(main(sys.argv[1:]))\n")
    r = subprocess.run([sys.executable, "-c", probe, "--data-dir", "X", "-platform", "offscreen", "-reverse"],
                       cwd=ROOT, capture_output=True, text=True, encoding="utf-8")
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "[] X None ['-platform', 'offscreen', '-reverse']"
    r = subprocess.run([sys.executable, "-c", probe, "--data-dir", "X", "khong-co-lenh"],
                       cwd=ROOT, capture_output=True, text=True, encoding="utf-8")
    assert r.returncode == 2 and "khong-co-lenh" in r.stderr and "Traceback" not in r.stderr
    r = subprocess.run([sys.executable, "-c", probe, "--help"], cwd=ROOT, capture_output=True, text=True,
                       encoding="utf-8")
    assert r.returncode == 0 and "self-test" in r.stdout and "demo" in r.stdout
