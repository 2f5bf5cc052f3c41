"""The project's own Nghị định 30 check (tests/nd30.py): a report written by
core.report.docx_writer passes every check; a DOCX broken in one way (a font,
a margin, the page number, the header, the date, the footer …) fails the check
that names it, and ``assert_nd30`` fails on it.  The shared checker beside the
repository is optional: it runs in addition when present."""
from __future__ import annotations

import unicodedata
import zipfile

import nd30
import pytest
from _report_sample import sample_doc
from lxml import etree
from nd30 import TWIPS_MM, assert_nd30, check, failed, w

from core.report.docx_writer import write_docx


@pytest.fixture(scope="module")
def good(tmp_path_factory):
    return write_docx(sample_doc(), tmp_path_factory.mktemp("nd30") / "good.docx")


def _mutate(src, dst, fixes: dict):
    """A copy of the DOCX ``src`` with ``fixes[part](root)`` applied to the
    XML of each named part (a regex-free, schema-level edit)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            for part, fn in fixes.items():
                if item.filename == part or (part.endswith("*") and item.filename.startswith(part[:-1])):
                    root = etree.fromstring(data)
                    fn(root)
                    data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            zout.writestr(item, data)
    return dst


def _text(el) -> str:
    return "".join(t.text or "" for t in el.iter(w("t")))


def _para(root, starts: str):
    return next(p for p in root.iter(w("p")) if _text(p).strip().startswith(starts))


def _runs(p):
    return [r for r in p.iter(w("r")) if _text(r).strip()]


def _set_attr(el, name, value):
    el.set(w(name), value)


def _body_sect(root):
    return next(iter(root.iter(w("sectPr"))))


# ------------------------------------------------------------------ mutations
def wrong_font(root):
    for r in _runs(_para(root, "Trong 06 tháng")):
        rf = r.find(f"{w('rPr')}/{w('rFonts')}")
        _set_attr(rf, "ascii", "Arial")
        _set_attr(rf, "hAnsi", "Arial")


def east_asia_unpinned(styles):
    rf = styles.find(f"{w('docDefaults')}/{w('rPrDefault')}/{w('rPr')}/{w('rFonts')}")
    del rf.attrib[w("eastAsia")]


def theme_font_left(styles):
    rf = styles.find(f"{w('docDefaults')}/{w('rPrDefault')}/{w('rPr')}/{w('rFonts')}")
    _set_attr(rf, "asciiTheme", "minorHAnsi")


def no_page_number(header):
    for el in [*header.iter(w("instrText")), *header.iter(w("fldSimple"))]:
        el.getparent().remove(el)


def number_on_first_page(root):
    sect = _body_sect(root)
    sect.remove(sect.find(w("titlePg")))


def left_margin_20mm(root):
    for sect in root.iter(w("sectPr")):
        m = sect.find(w("pgMar"))
        if int(sect.find(w("pgSz")).get(w("h"))) > int(sect.find(w("pgSz")).get(w("w"))):
            _set_attr(m, "left", str(round(20 * TWIPS_MM)))


def letter_paper(root):
    pg = _body_sect(root).find(w("pgSz"))
    _set_attr(pg, "w", "12240")
    _set_attr(pg, "h", "15840")


def agency_not_bold(root):
    for r in _runs(_para(root, "XÃ NGHĨA PHƯƠNG")):
        r.find(f"{w('rPr')}/{w('b')}").set(w("val"), "0")


def day_not_padded(root):
    for t in _para(root, "Nghĩa Phương, ngày").iter(w("t")):
        t.text = t.text.replace("ngày 05", "ngày 5")


def february_not_padded(root):
    for t in _para(root, "Nghĩa Phương, ngày").iter(w("t")):
        t.text = t.text.replace("tháng 7", "tháng 2")


def date_not_italic(root):
    for r in _runs(_para(root, "Nghĩa Phương, ngày")):
        r.find(f"{w('rPr')}/{w('i')}").set(w("val"), "0")


def quoc_hieu_column_narrow(root):
    tbl = next(root.iter(w("tbl")))
    tcw = tbl.findall(f"{w('tr')}/{w('tc')}")[1].find(f"{w('tcPr')}/{w('tcW')}")
    _set_attr(tcw, "w", str(round(80 * TWIPS_MM)))


def header_with_borders(root):
    tbl = next(root.iter(w("tbl")))
    for b in tbl.find(f"{w('tblPr')}/{w('tblBorders')}"):
        _set_attr(b, "val", "single")


def no_agency_rule(root):
    tbl = next(root.iter(w("tbl")))
    for p in tbl.iter(w("p")):
        bdr = p.find(f"{w('pPr')}/{w('pBdr')}")
        if bdr is not None and not _text(p).strip():
            bdr.getparent().remove(bdr)
            break


def so_wrong_size(root):
    for r in _runs(_para(root, "Số: 15/BC-UBND")):
        _set_attr(r.find(f"{w('rPr')}/{w('sz')}"), "val", "22")


def title_not_centred(root):
    _set_attr(_para(root, "BÁO CÁO").find(f"{w('pPr')}/{w('jc')}"), "val", "left")


def heading_not_bold(root):
    for r in _runs(_para(root, "II. CÔNG TÁC")):
        r.find(f"{w('rPr')}/{w('b')}").set(w("val"), "0")


def body_left_aligned(root):
    _set_attr(_para(root, "Trong 06 tháng").find(f"{w('pPr')}/{w('jc')}"), "val", "left")


def body_12pt(root):
    for r in _runs(_para(root, "Tiếp nhận 229 đơn")):
        _set_attr(r.find(f"{w('rPr')}/{w('sz')}"), "val", "24")


def body_no_indent(root):
    _set_attr(_para(root, "Trong 06 tháng").find(f"{w('pPr')}/{w('ind')}"), "firstLine", "0")


def noi_nhan_not_italic(root):
    for r in _runs(_para(root, "Nơi nhận:")):
        r.find(f"{w('rPr')}/{w('i')}").set(w("val"), "0")


def recipients_13pt(root):
    for r in _runs(_para(root, "- Sở Nội vụ")):
        _set_attr(r.find(f"{w('rPr')}/{w('sz')}"), "val", "26")


def authority_not_bold(root):
    for r in _runs(_para(root, "TM. ỦY BAN NHÂN DÂN")):
        r.find(f"{w('rPr')}/{w('b')}").set(w("val"), "0")


def signer_name_not_bold(root):
    for r in _runs(_para(root, "Nguyễn Văn An")):
        r.find(f"{w('rPr')}/{w('b')}").set(w("val"), "0")


def signer_name_removed(root):
    p = _para(root, "Nguyễn Văn An")
    p.getparent().remove(p)


def decomposed_text(root):
    for t in _para(root, "Trong 06 tháng").iter(w("t")):
        t.text = unicodedata.normalize("NFD", t.text)


def red_text(root):
    r = _runs(_para(root, "Trong 06 tháng"))[0]
    color = etree.SubElement(r.find(w("rPr")), w("color"))
    color.set(w("val"), "FF0000")


DOC, STYLES, HEADERS = "word/document.xml", "word/styles.xml", "word/header*"
BROKEN = [
    ("wrong font", {DOC: wrong_font}, "fonts.times_new_roman"),
    ("eastAsia slot not pinned", {STYLES: east_asia_unpinned}, "fonts.defaults_pinned"),
    ("theme font left", {STYLES: theme_font_left}, "fonts.no_theme_font"),
    ("red text", {DOC: red_text}, "fonts.black"),
    ("no page number", {HEADERS: no_page_number}, "pages.number"),
    ("number on the first page", {DOC: number_on_first_page}, "pages.none_on_first"),
    ("left margin 20 mm", {DOC: left_margin_20mm}, "page.margins"),
    ("Letter paper", {DOC: letter_paper}, "page.a4"),
    ("agency name not bold", {DOC: agency_not_bold}, "header.agency"),
    ("no rule under the agency", {DOC: no_agency_rule}, "header.agency_rule"),
    ("Số at 11 pt", {DOC: so_wrong_size}, "header.so_ky_hieu"),
    ("header table with borders", {DOC: header_with_borders}, "header.table"),
    ("Quốc hiệu column 8 cm", {DOC: quoc_hieu_column_narrow}, "header.quoc_hieu_one_line"),
    ("day not zero-padded", {DOC: day_not_padded}, "header.date_padding"),
    ("February not zero-padded", {DOC: february_not_padded}, "header.date_padding"),
    ("date line upright", {DOC: date_not_italic}, "header.date_line"),
    ("title not centred", {DOC: title_not_centred}, "title.name"),
    ("section heading not bold", {DOC: heading_not_bold}, "headings.level1"),
    ("body left-aligned", {DOC: body_left_aligned}, "body.justified"),
    ("body at 12 pt", {DOC: body_12pt}, "body.size"),
    ("body without first-line indent", {DOC: body_no_indent}, "body.first_line_indent"),
    ("Nơi nhận upright", {DOC: noi_nhan_not_italic}, "footer.noi_nhan"),
    ("recipients at 13 pt", {DOC: recipients_13pt}, "footer.recipients"),
    ("authority not bold", {DOC: authority_not_bold}, "footer.signature"),
    ("signer's name not bold", {DOC: signer_name_not_bold}, "footer.signer_name"),
    ("signer's name missing", {DOC: signer_name_removed}, "footer.signer_name"),
    ("decomposed Vietnamese", {DOC: decomposed_text}, "text.nfc"),
]


def test_a_written_report_passes_every_check(good):
    results = check(good)
    assert len(results) >= 30
    assert [c.line() for c in results if not c.ok] == []
    out = nd30.nd30(good)
    assert out.splitlines()[-1] == f"nd30: {len(results)}/{len(results)} checks pass"
    assert "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH" in out and "ỦY BAN NHÂN DÂN / XÃ NGHĨA PHƯƠNG" in out


@pytest.mark.parametrize("fixes,expected", [(f, e) for _, f, e in BROKEN], ids=[n for n, _, _ in BROKEN])
def test_a_broken_docx_fails_the_check_that_names_it(good, tmp_path, fixes, expected):
    bad = _mutate(good, tmp_path / "bad.docx", fixes)
    assert expected in failed(bad), nd30.nd30(bad)
    with pytest.raises(AssertionError):
        assert_nd30(bad)


def test_a_draft_may_leave_the_name_for_later(good, tmp_path):
    """A commune with no leader declared: the name is left out, the room for
    the signature stays (``signer_name=False``)."""
    bad = _mutate(good, tmp_path / "no-name.docx", {DOC: signer_name_removed})
    assert "footer.signer_name" not in failed(bad, signer_name=False)
    assert_nd30(bad, signer_name=False)


def test_not_a_docx_fails(tmp_path):
    p = tmp_path / "x.docx"
    p.write_bytes(b"not a zip")
    assert failed(p) == ["file.readable"]


def test_the_shared_checker_is_optional_and_runs_in_addition(good, tmp_path, monkeypatch):
    # absent: the project's own check decides alone
    monkeypatch.setattr(nd30, "SHARED", tmp_path / "nowhere" / "nd30_check.py")
    assert nd30.shared_nd30(good) is None
    assert_nd30(good)
    # present: its verdict counts too
    fake = tmp_path / "nd30_check.py"
    fake.write_text("print('FAIL  something\\nnd30: 33/34 checks pass')\n", encoding="utf-8")
    monkeypatch.setattr(nd30, "SHARED", fake)
    with pytest.raises(AssertionError, match="shared checker"):
        assert_nd30(good)
    fake.write_text("print('nd30: 34/34 checks pass')\n", encoding="utf-8")
    assert_nd30(good)
