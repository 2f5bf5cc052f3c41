"""PDF writer: embedded fonts, extractable Vietnamese text (NFC round trip),
page numbers from page 2, landscape annex pages, same figures as the DOCX."""
from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from core.report.build import build_for_cli
from core.report.document import Para
from core.report.pdf_writer import font_files, write_pdf
from core.report.periods import Period

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from _report_sample import sample_doc  # noqa: E402


def pdftotext(path, first=None, last=None, layout=False) -> str:
    cmd = ["pdftotext"]
    if layout:
        cmd.append("-layout")
    if first:
        cmd += ["-f", str(first), "-l", str(last or first)]
    out = subprocess.run(cmd + [str(path), "-"], capture_output=True, text=True, check=True).stdout
    return out


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


def pdffonts(path) -> list[list[str]]:
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    return [line.split() for line in out.splitlines()[2:] if line.strip()]


def page_sizes(path) -> list[tuple[float, float]]:
    out = subprocess.run(["pdfinfo", "-f", "1", "-l", "99", str(path)], capture_output=True, text=True).stdout
    return [(float(w), float(h)) for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", out)]


@pytest.fixture(scope="module")
def sample_pdf(tmp_path_factory):
    d = sample_doc()
    d.preamble.append(Para(unicodedata.normalize("NFD", "Bà Nguyễn Thị Hường (thôn Đồng Ruộng) đề nghị.")))
    return write_pdf(d, tmp_path_factory.mktemp("pdf") / "s.pdf")


def test_all_fonts_embedded(sample_pdf):
    rows = pdffonts(sample_pdf)
    assert rows, "no fonts listed"
    for r in rows:
        # name type encoding emb sub uni object ID  (type may be two words: "TrueType")
        emb, uni = r[-5], r[-3]
        assert emb == "yes" and uni == "yes", r
        assert "Helvetica" not in r[0]


def test_vietnamese_text_round_trips_nfc(sample_pdf):
    text = unicodedata.normalize("NFC", flat(pdftotext(sample_pdf)))
    raw = flat(pdftotext(sample_pdf))
    assert unicodedata.normalize("NFC", raw) == raw  # extracted text is already NFC
    for phrase in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                   "Nghĩa Phương, ngày 05 tháng 7 năm 2025", "Kết quả công tác dân vận chính quyền 06 tháng đầu năm 2025",
                   "UBND xã tiếp 58 lượt/59 người/58 vụ việc (tăng 12 lượt so với cùng kỳ năm 2024)",
                   "I. ĐẶC ĐIỂM TÌNH HÌNH", "Bà Nguyễn Thị Hường (thôn Đồng Ruộng) đề nghị.",
                   "Nơi nhận:", "- Lưu: VT, VP.", "TM. ỦY BAN NHÂN DÂN", "Nguyễn Văn An",
                   "DANH SÁCH MÔ HÌNH “DÂN VẬN KHÉO”"):
        assert phrase in text, phrase


def test_user_text_is_escaped(sample_pdf):
    # the sample's petition paragraph ends with characters that are markup for reportlab
    assert "<&> “ký tự”" in flat(pdftotext(sample_pdf))


def test_page_numbers_from_page_two(sample_pdf):
    first = pdftotext(sample_pdf, 1).strip().splitlines()
    second = pdftotext(sample_pdf, 2).strip().splitlines()
    assert first[0].strip() != "1"
    assert second[0].strip() == "2"


def test_annexes_on_landscape_pages(sample_pdf):
    sizes = page_sizes(sample_pdf)
    assert sizes[0] == pytest.approx((595.28, 841.89), abs=0.5)
    land = [i for i, (w, h) in enumerate(sizes) if w > h]
    assert land, sizes
    assert "TỔNG HỢP KẾT QUẢ TIẾP CÔNG DÂN" in pdftotext(sample_pdf, land[0] + 1)
    assert sizes[-1][0] < sizes[-1][1]  # the models list (portrait) comes last, as in the DOCX
    assert pdftotext(sample_pdf, land[0] + 1).strip().splitlines()[0].strip() == str(land[0] + 1)


def test_windows_times_new_roman_preferred(tmp_path, monkeypatch):
    fonts = tmp_path / "Fonts"
    fonts.mkdir()
    for name in ("times.ttf", "timesbd.ttf", "timesi.ttf", "timesbi.ttf"):
        (fonts / name).write_bytes(b"x")
    monkeypatch.setenv("WINDIR", str(tmp_path))
    label, files = font_files()
    assert label == "TimesNewRoman" and files["bold"] == fonts / "timesbd.ttf"
    (fonts / "timesbi.ttf").unlink()  # incomplete family: the bundled font
    label, files = font_files()
    assert label == "LiberationSerif" and all(p.is_file() for p in files.values())


def test_bundled_font_and_licence_present():
    from core.paths import resource_path

    for f in ("LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf", "LiberationSerif-Italic.ttf",
              "LiberationSerif-BoldItalic.ttf"):
        assert resource_path("fonts", f).stat().st_size > 100_000
    assert "SIL OPEN FONT LICENSE" in resource_path("fonts", "OFL-LiberationSerif.txt").read_text(encoding="utf-8")


def test_pdf_states_the_same_figures_as_the_document(tmp_path):
    from core.io.demo import generate
    from core.session import open_session

    s = open_session(tmp_path / "d")
    generate(s, years=(2024, 2025), seed=5, today=dt.date(2025, 12, 31))
    doc = build_for_cli(s, Period.half(2025, 1, "thanh_tra"), compare=True, today=dt.date(2025, 7, 5))
    s.close()
    pdf = write_pdf(doc, tmp_path / "r.pdf")
    text = flat(unicodedata.normalize("NFC", pdftotext(pdf)))
    body = []
    for b in doc.iter_blocks():
        if isinstance(b, Para):
            body.append(b.bold_prefix + b.text)
    numbers = set()
    for t in body:
        numbers.update(re.findall(r"\d[\d.,/%]*\d%?|\d", t))
    assert len(numbers) > 20
    missing = [n for n in numbers if n not in text]
    assert not missing, missing[:10]
    # whole sentences survive too (line breaks aside)
    for t in body[:8]:
        assert flat(t) in text, t


def test_bookmarks_for_sections_and_annexes(sample_pdf):
    xml = subprocess.run(["pdftohtml", "-xml", "-i", "-stdout", "-q", str(sample_pdf)],
                         capture_output=True, text=True).stdout
    outline = xml[xml.index("<outline>"):]
    items = re.findall(r'<item page="(\d+)">([^<]+)</item>', outline)
    titles = [t for _, t in items]
    assert titles[:3] == ["I. ĐẶC ĐIỂM TÌNH HÌNH", "II. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO", "III. KẾT QUẢ THỰC HIỆN"]
    assert "1. Tiếp công dân, đối thoại" in titles
    assert any(t.startswith("Phụ lục I. TỔNG HỢP KẾT QUẢ TIẾP CÔNG DÂN") for t in titles)


def test_closing_sentence_on_the_signature_page(sample_pdf):
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(sample_pdf)], capture_output=True,
                                                            text=True).stdout).group(1))
    for i in range(1, pages + 1):
        t = flat(pdftotext(sample_pdf, i))
        if "Nơi nhận:" in t:
            assert "Trên đây là báo cáo" in t
            break
    else:
        pytest.fail("no signature page")
