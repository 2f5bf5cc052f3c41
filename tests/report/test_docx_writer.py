"""DOCX writer: Nghị định 30/2020 layout checked by the shared nd30 checker,
fonts pinned in all four slots, landscape annexes, LibreOffice conversion."""
from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys
import unicodedata
import zipfile
from pathlib import Path

import pytest

from core.report.build import build_for_cli, date_line
from core.report.document import Para
from core.report.docx_writer import write_docx
from core.report.layout import portrait_table
from core.report.periods import Period

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from _report_sample import sample_doc  # noqa: E402
from nd30 import CHECKER, assert_nd30, nd30  # noqa: E402,F401

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory):
    from core.io.demo import generate
    from core.session import open_session

    s = open_session(tmp_path_factory.mktemp("demo"))
    generate(s, years=(2023, 2025), seed=3, today=dt.date(2025, 12, 31))
    yield s
    s.close()


def test_sample_document_passes_nd30(tmp_path):
    p = write_docx(sample_doc(), tmp_path / "s.docx")
    assert_nd30(p)


@pytest.mark.parametrize("period,outline", [
    (Period.half(2025, 1), None),
    (Period.year_(2025), None),
    (Period.year_(2025, "thanh_tra"), None),
    (Period.years(2023, 2025), None),
    (Period.year_(2025), "chuyen_de_tcd"),
])
def test_generated_reports_pass_nd30(demo_store, tmp_path, period, outline):
    doc = build_for_cli(demo_store, period, outline, compare=True, today=dt.date(2026, 1, 10))
    p = write_docx(doc, tmp_path / "r.docx")
    assert_nd30(p)


def _xml(path, part):
    import xml.etree.ElementTree as ET
    with zipfile.ZipFile(path) as z:
        return ET.fromstring(z.read(part))


def test_times_new_roman_in_all_four_slots_no_theme_fonts(tmp_path):
    p = write_docx(sample_doc(), tmp_path / "s.docx")
    with zipfile.ZipFile(p) as z:
        parts = [n for n in z.namelist() if re.fullmatch(r"word/(document|styles|header\d+|footer\d+)\.xml", n)]
    assert "word/styles.xml" in parts and any(n.startswith("word/header") for n in parts)
    n_fonts = 0
    for part in parts:
        root = _xml(p, part)
        for rf in root.iter(W + "rFonts"):
            n_fonts += 1
            attrs = {k.replace(W, ""): v for k, v in rf.attrib.items()}
            assert not any(k.endswith("Theme") or k == "cstheme" for k in attrs), (part, attrs)
            for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
                assert attrs.get(slot) == "Times New Roman", (part, attrs)
    assert n_fonts > 50
    styles = _xml(p, "word/styles.xml")
    assert styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts") is not None


def test_sections_landscape_annex_then_portrait_end(tmp_path):
    p = write_docx(sample_doc(), tmp_path / "s.docx")
    body = _xml(p, "word/document.xml").find(W + "body")
    sects = list(body.iter(W + "sectPr"))
    sizes = [(int(s.find(W + "pgSz").get(W + "w")), int(s.find(W + "pgSz").get(W + "h"))) for s in sects]
    assert sizes == [(11906, 16838), (16838, 11906), (11906, 16838)]
    assert sects[1].find(W + "pgSz").get(W + "orient") == "landscape"
    # the first section has a different first page; the annex sections number every page
    assert sects[0].find(W + "titlePg") is not None
    assert sects[1].find(W + "titlePg") is None or sects[1].find(W + "titlePg").get(W + "val") in ("0", "false")


def test_annex_tables_fixed_widths_every_cell_and_repeated_header(tmp_path):
    p = write_docx(sample_doc(), tmp_path / "s.docx")
    body = _xml(p, "word/document.xml").find(W + "body")
    tables = list(body.iter(W + "tbl"))
    data = [t for t in tables if t.find(f"{W}tblPr/{W}tblBorders/{W}top").get(W + "val") == "single"]
    assert len(data) == 3  # per-year table in the body + two annex tables
    for t in data:
        assert t.find(f"{W}tblPr/{W}tblLayout").get(W + "type") == "fixed"
        for tc in t.iter(W + "tc"):
            w = tc.find(f"{W}tcPr/{W}tcW")
            assert w is not None and w.get(W + "type") == "dxa" and int(w.get(W + "w")) > 0
        rows = t.findall(W + "tr")
        assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None
    wide = data[1]
    header_rows = [r for r in wide.findall(W + "tr") if r.find(f"{W}trPr/{W}tblHeader") is not None]
    assert len(header_rows) == 2  # both header rows of the reception form repeat
    # a grid wider than the portrait text: it lives in the landscape section
    total = sum(int(g.get(W + "w")) for g in wide.find(W + "tblGrid"))
    assert total / 567 > 20


def test_header_and_footer_tables_borderless_with_widths(tmp_path):
    p = write_docx(sample_doc(), tmp_path / "s.docx")
    body = _xml(p, "word/document.xml").find(W + "body")
    tables = body.findall(W + "tbl")
    head = tables[0]
    foot = next(t for t in tables if "Nơi nhận:" in "".join(x.text or "" for x in t.iter(W + "t")))
    for t in (head, foot):
        for b in t.find(f"{W}tblPr/{W}tblBorders"):
            assert b.get(W + "val") == "nil"
    cols = [int(g.get(W + "w")) / 567 for g in head.find(W + "tblGrid")]
    assert cols[0] == pytest.approx(6.0, abs=0.05) and cols[1] == pytest.approx(10.5, abs=0.05)
    text = "".join(t.text or "" for t in foot.iter(W + "t"))
    assert "Nơi nhận:" in text and "- Lưu: VT, VP." in text and "- Sở Nội vụ;" in text
    assert "TM. ỦY BAN NHÂN DÂN" in text and "Nguyễn Văn An" in text


def test_page_number_field_not_on_first_page(tmp_path):
    p = write_docx(sample_doc(), tmp_path / "s.docx")
    with zipfile.ZipFile(p) as z:
        rels = z.read("word/_rels/document.xml.rels").decode()
        doc = z.read("word/document.xml").decode()
        first_sect = doc[: doc.index("</w:sectPr>")]
        ids = dict(re.findall(r'<w:headerReference w:type="(\w+)" r:id="(\w+)"', first_sect))
        target = dict(re.findall(r'Id="(\w+)"[^>]*Target="([^"]+)"', rels))
        target.update({k: v for v, k in re.findall(r'Target="([^"]+)"[^>]*Id="(\w+)"', rels)})
        default = z.read("word/" + target[ids["default"]]).decode()
        first = z.read("word/" + target[ids["first"]]).decode()
    assert "PAGE" in default and 'w:val="center"' in default
    assert "PAGE" not in first


def test_date_line_padding():
    assert date_line(dt.date(2025, 7, 5)) == "ngày 05 tháng 7 năm 2025"
    assert date_line(dt.date(2025, 2, 5)) == "ngày 05 tháng 02 năm 2025"
    assert date_line(dt.date(2025, 1, 15)) == "ngày 15 tháng 01 năm 2025"
    assert date_line(dt.date(2025, 12, 31)) == "ngày 31 tháng 12 năm 2025"


def test_nfd_input_written_as_nfc(tmp_path):
    d = sample_doc()
    d.preamble.append(Para(unicodedata.normalize("NFD", "Nguyễn Thị Hường đề nghị giải quyết đất đai.")))
    p = write_docx(d, tmp_path / "s.docx")
    with zipfile.ZipFile(p) as z:
        xml = z.read("word/document.xml").decode()
    assert "Nguyễn Thị Hường" in xml
    assert unicodedata.normalize("NFC", xml) == xml


def test_wide_table_on_portrait_page_is_transposed():
    d = sample_doc(landscape_only=True)
    wide = d.annexes[0].tables[0]
    t = portrait_table(wide, 16.5)
    assert t.n_cols == len(wide.header) + len(wide.rows)
    assert sum(t.widths_cm) == pytest.approx(16.5, abs=0.01)
    # every header label is still there, now down the left
    labels = [c.text for r in t.rows for c in r]
    for c in wide.header[0] + wide.header[1]:
        assert c.text in labels


def test_only_landscape_annexes_still_end_portrait(tmp_path):
    p = write_docx(sample_doc(landscape_only=True), tmp_path / "s.docx")
    assert_nd30(p)


def test_overwrites_atomically(tmp_path):
    out = tmp_path / "r.docx"
    out.write_bytes(b"old")
    write_docx(sample_doc(with_annexes=False), out)
    assert zipfile.is_zipfile(out)
    assert not list(tmp_path.glob("*.tmp"))


def test_libreoffice_converts(tmp_path):
    # LibreOffice and poppler come with build_scripts/setup_env.sh
    assert shutil.which("soffice"), "LibreOffice (libreoffice-writer-nogui) is required for this test"
    src = write_docx(sample_doc(), tmp_path / "s.docx")
    profile = tmp_path / "lo-profile"  # own profile: parallel runs do not lock each other
    r = subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(tmp_path), str(src)], capture_output=True, text=True, timeout=180)
    pdf = tmp_path / "s.pdf"
    assert pdf.exists() and pdf.stat().st_size > 5000, r.stdout + r.stderr
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
    text = unicodedata.normalize("NFC", text)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "BÁO CÁO" in text and "58 lượt/59 người/58 vụ việc" in text
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert int(re.search(r"Pages:\s+(\d+)", info).group(1)) >= 3


def test_property_elements_in_schema_order(tmp_path):
    """Word refuses (or 'repairs') files whose rPr/pPr/tblPr children are out of order."""
    from core.report.docx_writer import _ORDER

    p = write_docx(sample_doc(), tmp_path / "s.docx")
    with zipfile.ZipFile(p) as z:
        parts = [n for n in z.namelist() if re.fullmatch(r"word/(document|styles|header\d+)\.xml", n)]
    for part in parts:
        root = _xml(p, part)
        for tag, order in _ORDER.items():
            rank = {name: i for i, name in enumerate(order)}
            for el in root.iter(W + tag):
                seq = [rank.get(k.tag.replace(W, ""), len(order)) for k in el]
                assert seq == sorted(seq), (part, tag, [k.tag.replace(W, "") for k in el])
    body = _xml(p, "word/document.xml")
    for tc_pr in body.iter(W + "tcPr"):  # every table cell of the document: tcW first
        names = [k.tag.replace(W, "") for k in tc_pr]
        assert names and names[0] == "tcW", names


def test_kt_signer_and_parent_agency(tmp_path):
    from core.report.document import Signer

    d = sample_doc(with_annexes=False)
    d.co_quan_chu_quan = "UBND TỈNH QUẢNG NGÃI"
    d.signer = Signer("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Trần Thị Mai")
    p = write_docx(d, tmp_path / "kt.docx")
    assert_nd30(p)
    out = nd30(p)
    assert "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH" in out and "UBND TỈNH QUẢNG NGÃI" in out


def test_agency_name_size_keeps_one_line():
    from core.report.layout import agency_pt

    assert agency_pt(["ỦY BAN NHÂN DÂN", "XÃ NGHĨA PHƯƠNG"]) == 13
    assert agency_pt(["ỦY BAN NHÂN DÂN", "PHƯỜNG NGHĨA LỘ ĐÔNG"]) == 12
    assert agency_pt(["ỦY BAN NHÂN DÂN", "XÃ BA"], ["ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI"]) == 12


def test_the_writers_share_the_layout_not_each_other():
    """Page geometry, sizes and the ND30 rules live in core.report.layout;
    the DOCX and PDF writers import it and nothing from each other."""
    import ast

    root = Path(__file__).resolve().parents[2] / "core" / "report"
    for me, other in (("docx_writer", "pdf_writer"), ("pdf_writer", "docx_writer")):
        tree = ast.parse((root / f"{me}.py").read_text(encoding="utf-8"))
        mods = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        mods |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        assert f"core.report.{other}" not in mods, me
        assert "core.report.layout" in mods, me
