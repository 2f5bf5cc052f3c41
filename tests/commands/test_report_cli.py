"""``python main.py report …``: every period form, both formats, clear errors."""
from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from cli import main

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from nd30 import assert_nd30  # noqa: E402


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    from core.io.demo import generate
    from core.session import open_session

    d = tmp_path_factory.mktemp("cli")
    s = open_session(d)
    generate(s, years=(2023, 2025), seed=7, today=dt.date(2025, 12, 31))
    s.close()
    return d


def run(data_dir, *args):
    return main(["--data-dir", str(data_dir), "report", *args])


@pytest.mark.parametrize("args", [
    ["--year", "2025"],
    ["--half", "1", "--year", "2025", "--compare"],
    ["--quarter", "3", "--year", "2025", "--cutoff", "thanh-tra"],
    ["--months", "9", "--year", "2025"],
    ["--from", "01/03/2025", "--to", "15/05/2025"],
    ["--years", "2023-2025", "--compare"],
    ["--year", "2025", "--outline", "chuyen_de_tcd"],
])
def test_docx_for_every_period_form(data_dir, tmp_path, args, capsys):
    out = tmp_path / "r.docx"
    assert run(data_dir, *args, "--format", "docx", "--out", str(out)) == 0
    assert "Đã ghi báo cáo" in capsys.readouterr().out
    assert_nd30(out)


def test_pdf_and_docx_state_the_same_figures(data_dir, tmp_path):
    docx, pdf = tmp_path / "r.docx", tmp_path / "r.pdf"
    assert run(data_dir, "--year", "2025", "--cutoff", "thanh-tra", "--format", "docx", "--out", str(docx)) == 0
    assert run(data_dir, "--year", "2025", "--cutoff", "thanh-tra", "--format", "pdf", "--out", str(pdf)) == 0
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout.splitlines()[2:]
    assert fonts and all(" yes yes yes " in f for f in fonts)
    import re

    from docx import Document

    d = Document(str(docx))
    body = " ".join(p.text for p in d.paragraphs)
    text = re.sub(r"\s+", " ", unicodedata.normalize("NFC", subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout).replace("\u00a0", " "))
    numbers = set(re.findall(r"\d[\d.,/%]*\d%?", body))
    assert len(numbers) > 20
    assert not [n for n in numbers if n not in text]
    assert "kỳ số liệu" not in body or "15/12/2024" in body  # the Inspectorate bounds are stated


def test_multi_year_review_has_per_year_tables(data_dir, tmp_path):
    from docx import Document

    out = tmp_path / "r.docx"
    assert run(data_dir, "--years", "2023-2025", "--format", "docx", "--out", str(out)) == 0
    d = Document(str(out))
    texts = [p.text for p in d.paragraphs]
    assert any(t.startswith("Sơ kết 03 năm") for t in texts)
    year_cells = {c.text for t in d.tables for r in t.rows for c in r.cells}
    assert {"2023", "2024", "2025"} <= year_cells


def test_subprocess_entry_point(data_dir, tmp_path):
    out = tmp_path / "r.pdf"
    r = subprocess.run([sys.executable, str(ROOT / "main.py"), "--data-dir", str(data_dir), "report", "--year",
                        "2024", "--format", "pdf", "--out", str(out)], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert out.stat().st_size > 10_000


@pytest.mark.parametrize("args,message", [
    ([], "hãy chọn kỳ báo cáo"),
    (["--half", "1"], "hãy chọn kỳ báo cáo"),
    (["--half", "1", "--quarter", "2", "--year", "2025"], "chỉ chọn một"),
    (["--from", "01/01/2025"], "cần cả --from và --to"),
    (["--from", "31/02/2025", "--to", "01/03/2025"], "Ngày không tồn tại"),
    (["--from", "01/03/2025", "--to", "01/02/2025"], "“đến ngày” trước “từ ngày”"),
    (["--years", "2025"], "2021-2025"),
    (["--years", "2025-2021"], "Năm kết thúc"),
    (["--year", "2025", "--years", "2021-2025"], "--years không dùng cùng --year"),
])
def test_bad_periods_are_explained(data_dir, tmp_path, args, message, capsys):
    code = run(data_dir, *args, "--format", "docx", "--out", str(tmp_path / "x.docx"))
    err = capsys.readouterr().err
    assert code == 2 and message in err and "Traceback" not in err
    assert not (tmp_path / "x.docx").exists()


def test_unknown_outline(data_dir, tmp_path, capsys):
    code = run(data_dir, "--year", "2025", "--outline", "khong_co", "--format", "docx", "--out", str(tmp_path / "x.docx"))
    assert code == 1 and "Không có đề cương “khong_co”" in capsys.readouterr().err


def test_format_is_required(data_dir, tmp_path, capsys):
    with pytest.raises(SystemExit) as e:
        run(data_dir, "--year", "2025", "--out", str(tmp_path / "x.docx"))
    assert e.value.code == 2 and "--format" in capsys.readouterr().err


def test_unwritable_target(data_dir, tmp_path, capsys):
    target = tmp_path / "dir.docx"
    target.mkdir()
    assert run(data_dir, "--year", "2025", "--format", "docx", "--out", str(target)) == 2
    assert "thư mục" in capsys.readouterr().err


@pytest.mark.parametrize("outline", ["ket_qua", "giai_doan", "chuyen_de_tcd"])
def test_empty_store_report_passes_nd30(store, tmp_path, outline):
    """A commune that has entered nothing yet still gets a well-formed draft."""
    import re

    from core.report.build import build_for_cli
    from core.report.docx_writer import write_docx
    from core.report.periods import Period

    doc = build_for_cli(store, Period.years(2021, 2025) if outline == "giai_doan" else Period.year_(2025), outline)
    assert not re.search(r"(?<![\d.,/])0 (đơn|lượt|người|vụ|mô hình|cuộc)\b", doc.plain_text())
    assert "[Chưa nhập nội dung. Gợi ý: " in doc.plain_text() or any(
        "Chưa nhập nội dung" in b.text for b in doc.iter_blocks() if hasattr(b, "kind"))
    # no leader declared in this store: the draft leaves the signer's name for later
    assert_nd30(write_docx(doc, tmp_path / "e.docx"), signer_name=False)


def test_file_extension(data_dir, tmp_path, capsys):
    assert run(data_dir, "--year", "2025", "--format", "pdf", "--out", str(tmp_path / "bao-cao")) == 0
    assert (tmp_path / "bao-cao.pdf").read_bytes()[:5] == b"%PDF-"
    assert run(data_dir, "--year", "2025", "--format", "pdf", "--out", str(tmp_path / "x.docx")) == 2
    assert "đuôi .docx" in capsys.readouterr().err and not (tmp_path / "x.docx").exists()


def _received(docx_path) -> int:
    import re

    from docx import Document

    text = "\n".join(p.text for p in Document(str(docx_path)).paragraphs)
    return int(re.search(r"tiếp nhận (\d+) đơn", text).group(1))


def test_unit_scope_as_on_the_report_page(data_dir, tmp_path, capsys):
    """--unit (one old unit alone) and --no-predecessors give the figures of
    that scope — the same computation as the report page's scope choice."""
    from core.report import stats
    from core.report.periods import Period
    from core.session import open_session

    s = open_session(data_dir)
    try:
        cur = s.current_unit()
        olds = [s.get("unit", i) for i in s.unit_scope(cur["id"], True) if i != cur["id"]]
        assert olds, "the demo commune was formed from older units"
        period = Period.year_(2025, "lich")
        expect = {
            "all": stats.compute(s, period, unit_id=cur["id"], include_predecessors=True).petitions.received,
            "alone": stats.compute(s, period, unit_id=cur["id"], include_predecessors=False).petitions.received,
            "old": stats.compute(s, period, unit_id=olds[0]["id"], include_predecessors=False).petitions.received,
        }
    finally:
        s.close()
    assert expect["all"] > expect["alone"] > 0 and expect["old"] > 0
    got = {}
    for key, extra in (("all", []), ("alone", ["--no-predecessors"]), ("old", ["--unit", olds[0]["ten"].upper()])):
        out = tmp_path / f"{key}.docx"
        assert run(data_dir, "--year", "2025", *extra, "--format", "docx", "--out", str(out)) == 0
        got[key] = _received(out)
    assert got == expect
    capsys.readouterr()
    assert run(data_dir, "--year", "2025", "--unit", "Không Có", "--format", "docx", "--out", str(tmp_path / "x.docx")) == 2
    err = capsys.readouterr().err
    assert "không có đơn vị cũ “Không Có”" in err and f"“{olds[0]['ten']}”" in err
    assert run(data_dir, "--year", "2025", "--unit", olds[0]["ten"], "--no-predecessors", "--format", "docx",
               "--out", str(tmp_path / "x.docx")) == 2
    assert "không dùng cùng" in capsys.readouterr().err
    assert not (tmp_path / "x.docx").exists()


# ------------------------------------------------------------ issue 12: the check line, --strict
_CHECK = re.compile(r"^Kiểm tra số liệu: (\d+) chỗ không khớp; (\d+) mục chưa nhập$")


def _check_line(err: str) -> tuple[int, int]:
    last = err.strip().splitlines()[-1]
    m = _CHECK.match(last)
    assert m, err
    return int(m.group(1)), int(m.group(2))


def test_report_ends_with_the_check_line_and_strict_fails_while_any_remains(data_dir, tmp_path, capsys):
    out = tmp_path / "r.docx"
    assert run(data_dir, "--year", "2025", "--format", "docx", "--out", str(out)) == 0
    n, m = _check_line(capsys.readouterr().err)
    assert n == 0
    rc = run(data_dir, "--year", "2025", "--strict", "--format", "docx", "--out", str(out))
    err = capsys.readouterr().err
    assert _check_line(err) == (n, m) and rc == (3 if m else 0)
    if m:
        assert "- Mục chưa nhập: " in err
    # a chuyên đề report has nothing to draft its lessons from and keeps its sections — still 0 mismatches
    assert run(data_dir, "--year", "2025", "--outline", "chuyen_de_tcd", "--format", "pdf",
               "--out", str(tmp_path / "c.pdf")) == 0
    assert _check_line(capsys.readouterr().err)[0] == 0


def test_a_period_without_records_is_warned_before_writing(data_dir, tmp_path, capsys):
    out = tmp_path / "e.pdf"
    assert run(data_dir, "--year", "2030", "--format", "pdf", "--out", str(out)) == 0
    captured = capsys.readouterr()
    err = captured.err.strip().splitlines()
    assert err[0].startswith("Cảnh báo: Không có hồ sơ nào trong kỳ năm 2030 (từ ngày 01/01/2030 đến ngày "
                             "31/12/2030)")
    assert out.exists() and "Đã ghi báo cáo" in captured.out
    n, m = _check_line(captured.err)
    assert n == 0 and m > 5
    assert run(data_dir, "--year", "2030", "--strict", "--format", "pdf", "--out", str(out)) == 3
