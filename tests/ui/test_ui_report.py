"""The Báo cáo page driven like a clerk (pytest-qt, offscreen): new report for
a year on a small demo store, auto sections stating the figures of
core.report.stats, free text saved and reopened, an auto section overridden and
marked “đã sửa”, export DOCX (checked by tests/nd30.py) and PDF, preview,
print preview, duplicate for the next period, delete with confirmation."""
from __future__ import annotations

from pathlib import Path

import pytest
from nd30 import assert_nd30  # the project's own ND30 check (+ the shared one when present)
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDialog

from core.io import demo
from core.report import saved as R
from core.report.periods import Period
from core.report.stats import compute
from core.text import fmt_int

REAL_ASK = __import__("ui.widgets.vi", fromlist=["ask"]).ask  # before the ``boxes`` fixture replaces it


@pytest.fixture
def demo_store(store):
    demo.generate(store, years=(2024, 2025), seed=1)
    return store


@pytest.fixture
def boxes(monkeypatch):
    """Record every message box instead of showing it; questions answered from ``answers``."""
    from ui.widgets import vi

    seen = {"warning": [], "error": [], "info": [], "ask": [], "ync": []}
    answers = {"ask": True, "ync": "cancel"}
    monkeypatch.setattr(vi, "warning", lambda parent, title, text, detail=None: seen["warning"].append((title, text, detail)))
    monkeypatch.setattr(vi, "error", lambda parent, title, text, detail=None: seen["error"].append((title, text, detail)))
    monkeypatch.setattr(vi, "info", lambda parent, title, text, detail=None: seen["info"].append((title, text, detail)))

    def ask(parent, title, text, detail=None, yes="Có", no="Không", default_yes=False):
        seen["ask"].append((title, text, detail, yes, no))
        return answers["ask"]

    def ync(parent, title, text, yes="Có", no="Không", cancel="Hủy"):
        seen["ync"].append((title, text, yes, no, cancel))
        return answers["ync"]

    monkeypatch.setattr(vi, "ask", ask)
    monkeypatch.setattr(vi, "ask_yes_no_cancel", ync)
    seen["answers"] = answers
    return seen


@pytest.fixture
def page(qtbot, demo_store, boxes, tmp_path, monkeypatch):
    from ui.report import editor as editor_mod
    from ui.report.page import ReportPage
    from ui.widgets import vi

    vi.install(__import__("PySide6.QtWidgets", fromlist=["QApplication"]).QApplication.instance())
    ini = tmp_path / "settings.ini"
    monkeypatch.setattr(editor_mod, "_settings", lambda: QSettings(str(ini), QSettings.Format.IniFormat))
    p = ReportPage(demo_store)
    qtbot.addWidget(p)
    p.resize(1151, 688)
    p.show()
    return p


def wait_idle(qtbot, page):
    qtbot.waitUntil(lambda: not page.editor.busy(), timeout=60000)


def new_year_report(qtbot, page, monkeypatch, year=2025, outline="ket_qua"):
    """Fill “Báo cáo mới” like a clerk and accept it."""
    from ui.report.new_dialog import NewReportDialog

    def fake_exec(dlg):
        f = dlg.period_form
        f.preset.setCurrentIndex(f.preset.findData("year"))
        f.year.setValue(year)
        f.cut_lich.setChecked(True)
        dlg.outline.setCurrentIndex(dlg.outline.findData(outline))
        dlg.compare.setChecked(True)
        dlg.accept()
        return QDialog.DialogCode.Accepted if dlg.result() == QDialog.DialogCode.Accepted else QDialog.DialogCode.Rejected

    monkeypatch.setattr(NewReportDialog, "exec", fake_exec)
    qtbot.mouseClick(page.list.new_btn, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, page)
    assert page.stack.currentWidget() is page.editor
    return page.editor.rep


def test_new_year_report_auto_sections_state_the_statistics(qtbot, page, demo_store, boxes, monkeypatch):
    rep = new_year_report(qtbot, page, monkeypatch)
    assert rep.id is not None
    assert rep.period == Period.year(2025)
    st = compute(demo_store, Period.year(2025))
    ed = page.editor
    ed.sections.select("tiep_cong_dan")
    text = ed.sections.auto_view.toPlainText()
    luot = st.reception.luot
    assert luot > 0
    assert f"{fmt_int(luot) if luot >= 10 else f'{luot:02d}'} lượt" in text
    ed.sections.select("don_thu")
    text = ed.sections.auto_view.toPlainText()
    assert f"tiếp nhận {fmt_int(st.petitions.received)} đơn" in text
    assert "Nội dung tự động" in ed.sections.auto_caption.text()
    assert not ed.sections.edited_mark.isVisibleTo(page)
    # the list shows the saved report
    assert page.list.table.rowCount() == 1
    assert page.list.table.item(0, 1).text() == "Năm 2025 (01/01/2025 – 31/12/2025)"
    assert page.list.table.item(0, 4).text() == "Nháp"
    assert not boxes["warning"] and not boxes["error"]


def test_free_text_is_saved_and_reopened(qtbot, page, monkeypatch, boxes, demo_store):
    rep = new_year_report(qtbot, page, monkeypatch)
    ed = page.editor
    ed.sections.select("phoi_hop_mttq")
    # a free-text section shows the draft written from the records above the clerk's typing (issue 12)
    assert ed.sections.free_box.isVisibleTo(page) and ed.sections.auto_box.isVisibleTo(page)
    assert ed.sections.draft_mark.isVisibleTo(page) and ed.sections.draft_mark.text() == "bản nháp"
    ed.sections.free_edit.setFocus()
    ed.sections.free_edit.setPlainText("Phối hợp chặt chẽ với Ủy ban MTTQ xã")
    qtbot.keyClick(ed.sections.free_edit, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(ed.sections.free_edit, " trong tuyen truyen.")
    assert ed.dirty
    # switching sections keeps the typing
    ed.sections.select("tiep_cong_dan")
    ed.sections.select("phoi_hop_mttq")
    assert ed.sections.free_edit.toPlainText().endswith("trong tuyen truyen.")
    qtbot.mouseClick(ed.save_btn, Qt.MouseButton.LeftButton)
    assert not ed.dirty and "Đã lưu" in ed.message.text()
    qtbot.mouseClick(ed.back_btn, Qt.MouseButton.LeftButton)
    assert page.stack.currentWidget() is page.list
    saved = R.get_report(demo_store, rep.id)
    assert saved.free_text["phoi_hop_mttq"] == "Phối hợp chặt chẽ với Ủy ban MTTQ xã trong tuyen truyen."
    page.list.select_id(rep.id)
    qtbot.mouseClick(page.list.open_btn, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, page)
    ed.sections.select("phoi_hop_mttq")
    assert ed.sections.free_edit.toPlainText() == "Phối hợp chặt chẽ với Ủy ban MTTQ xã trong tuyen truyen."
    assert not boxes["ync"]  # nothing unsaved, no question


def test_override_auto_section_shows_edited_mark_and_reverts(qtbot, page, monkeypatch, boxes, demo_store):
    from core.report.build import build_document

    rep = new_year_report(qtbot, page, monkeypatch)
    ed = page.editor
    sv = ed.sections
    sv.select("hoa_giai")
    generated = sv.auto_view.toPlainText()
    assert sv.edit_btn.isVisibleTo(page) and sv.edit_btn.isEnabled()
    qtbot.mouseClick(sv.edit_btn, Qt.MouseButton.LeftButton)
    assert sv.edited_mark.isVisibleTo(page) and sv.edited_mark.text() == "đã sửa"
    assert "đã sửa" in sv.item_text("hoa_giai")
    # the generated prose was copied into the editor to be reworded
    first = generated.split("\n")[0].strip()
    assert first and first in sv.override_edit.toPlainText()
    sv.override_edit.setPlainText("Công tác hòa giải ở cơ sở được duy trì thường xuyên, hiệu quả.")
    qtbot.mouseClick(ed.save_btn, Qt.MouseButton.LeftButton)
    saved = R.get_report(demo_store, rep.id)
    assert saved.overrides["hoa_giai"]["edited"] is True
    doc = build_document(demo_store, saved)
    sec = next(s for top in doc.sections for s in [top, *top.children] if s.key == "hoa_giai")
    assert sec.edited and sec.blocks[0].text.startswith("Công tác hòa giải ở cơ sở được duy trì")
    # reopen: the mark is still there
    qtbot.mouseClick(ed.back_btn, Qt.MouseButton.LeftButton)
    page.open_report(rep.id)
    wait_idle(qtbot, page)
    sv.select("hoa_giai")
    assert sv.edited_mark.isVisibleTo(page)
    assert sv.override_edit.toPlainText() == "Công tác hòa giải ở cơ sở được duy trì thường xuyên, hiệu quả."
    # back to the generated text (confirmed)
    qtbot.mouseClick(sv.revert_btn, Qt.MouseButton.LeftButton)
    assert boxes["ask"] and boxes["ask"][-1][0] == "Dùng lại nội dung tự động"
    assert not sv.edited_mark.isVisibleTo(page) and "đã sửa" not in sv.item_text("hoa_giai")
    qtbot.mouseClick(ed.save_btn, Qt.MouseButton.LeftButton)
    assert "hoa_giai" not in R.get_report(demo_store, rep.id).overrides


def test_export_docx_and_pdf(qtbot, page, monkeypatch, boxes, tmp_path):
    from ui.report import editor as editor_mod

    new_year_report(qtbot, page, monkeypatch)
    ed = page.editor
    asked = []
    targets = {"docx": tmp_path / "out" / "bao cao năm 2025", "pdf": tmp_path / "out" / "bao-cao-2025.pdf"}
    (tmp_path / "out").mkdir()

    def save_name(parent, title, start, filt):
        fmt = "docx" if "docx" in filt else "pdf"
        asked.append((title, start, filt))
        return str(targets[fmt]), filt

    monkeypatch.setattr(editor_mod.QFileDialog, "getSaveFileName", save_name)
    qtbot.mouseClick(ed.docx_btn, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, page)
    docx = tmp_path / "out" / "bao cao năm 2025.docx"  # the extension is added
    assert docx.exists() and ed.last_export == docx
    assert asked[0][0] == "Xuất báo cáo ra tệp Word" and asked[0][2] == "Tài liệu Word (*.docx)"
    assert Path(asked[0][1]).name.startswith("Báo cáo Kết quả công tác dân vận chính quyền năm 2025")
    assert_nd30(docx)
    qtbot.mouseClick(ed.pdf_btn, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, page)
    pdf = targets["pdf"]
    assert pdf.exists() and pdf.read_bytes()[:5] == b"%PDF-"
    assert asked[1][0] == "Xuất báo cáo ra tệp PDF"
    assert "Đã xuất" in ed.message.text()
    assert not boxes["warning"] and not boxes["error"]


def test_preview_renders_the_pdf_and_print_preview_paints_it(qtbot, page, monkeypatch, boxes, tmp_path):
    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtPrintSupport import QPrinter

    from ui.report import pdfview

    new_year_report(qtbot, page, monkeypatch)
    ed = page.editor
    qtbot.mouseClick(ed.preview_btn, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, page)
    assert ed.tabs.currentWidget() is ed.preview
    n = ed.preview.page_count()
    assert n >= 2 and ed.preview.pages.text() == f"Trang 1/{n}"
    assert ed.last_pdf.exists()

    printed = tmp_path / "printed.pdf"
    shown = []

    def fake_exec(dlg):
        shown.append(dlg.windowTitle())
        pr = QPrinter(QPrinter.PrinterMode.ScreenResolution)
        pr.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        pr.setOutputFileName(str(printed))
        dlg.paintRequested.emit(pr)
        return 0

    monkeypatch.setattr(pdfview.QPrintPreviewDialog, "exec", fake_exec)
    qtbot.mouseClick(ed.print_btn, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, page)
    assert shown and shown[0].startswith("Xem trước khi in")
    doc = QPdfDocument()
    doc.load(str(printed))
    assert doc.pageCount() == n
    doc.close()


def test_duplicate_for_next_period_and_delete(qtbot, page, monkeypatch, boxes, demo_store):
    rep = new_year_report(qtbot, page, monkeypatch)
    ed = page.editor
    ed.sections.select("kien_nghi")
    ed.sections.free_edit.setPlainText("Đề nghị cấp trên hỗ trợ kinh phí.")
    qtbot.mouseClick(ed.save_btn, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(ed.back_btn, Qt.MouseButton.LeftButton)
    page.list.select_id(rep.id)
    qtbot.mouseClick(page.list.next_btn, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, page)
    new = page.editor.rep
    assert new.id != rep.id and new.period == Period.year(2026) and new.status == "nhap"
    assert new.free_text["kien_nghi"] == "Đề nghị cấp trên hỗ trợ kinh phí."
    qtbot.mouseClick(page.editor.back_btn, Qt.MouseButton.LeftButton)
    assert page.list.table.rowCount() == 2
    assert page.list.table.item(0, 1).text().startswith("Năm 2026")
    # delete asks in Vietnamese; "Không xóa" keeps it
    page.list.select_id(new.id)
    boxes["answers"]["ask"] = False
    qtbot.mouseClick(page.list.del_btn, Qt.MouseButton.LeftButton)
    title, text, detail, yes, no = boxes["ask"][-1]
    assert title == "Xóa báo cáo" and text.startswith("Xóa báo cáo “") and (yes, no) == ("Xóa", "Không xóa")
    assert R.get_report(demo_store, new.id) is not None
    boxes["answers"]["ask"] = True
    qtbot.mouseClick(page.list.del_btn, Qt.MouseButton.LeftButton)
    assert R.get_report(demo_store, new.id) is None
    assert page.list.table.rowCount() == 1


def test_unsaved_changes_are_not_lost_on_leaving(qtbot, page, monkeypatch, boxes, demo_store):
    rep = new_year_report(qtbot, page, monkeypatch)
    ed = page.editor
    ed.sections.select("uu_diem")
    ed.sections.free_edit.setPlainText("Hoàn thành tốt nhiệm vụ.")
    boxes["answers"]["ync"] = "cancel"
    qtbot.mouseClick(ed.back_btn, Qt.MouseButton.LeftButton)
    assert page.stack.currentWidget() is ed and ed.sections.free_edit.toPlainText() == "Hoàn thành tốt nhiệm vụ."
    assert boxes["ync"][-1][1] == "Báo cáo có thay đổi chưa lưu. Lưu trước khi rời đi?"
    boxes["answers"]["ync"] = "yes"
    qtbot.mouseClick(ed.back_btn, Qt.MouseButton.LeftButton)
    assert page.stack.currentWidget() is page.list
    assert R.get_report(demo_store, rep.id).free_text["uu_diem"] == "Hoàn thành tốt nhiệm vụ."


def test_header_fields_validation_and_issued_lock(qtbot, page, monkeypatch, boxes, demo_store):
    rep = new_year_report(qtbot, page, monkeypatch)
    ed = page.editor
    h = ed.header
    ed.tabs.setCurrentWidget(h)
    h.ngay.setText("31/02/2025")
    qtbot.mouseClick(ed.save_btn, Qt.MouseButton.LeftButton)
    assert boxes["warning"] and "Ngày ban hành: Ngày không tồn tại trong lịch." in boxes["warning"][-1][2]
    h.ngay.setText("05/01/2026")
    h.so.setText("15")
    h.kinh_gui.setPlainText("Ban Dân vận Đảng ủy xã\n")
    h.status.setCurrentIndex(h.status.findData("da_ban_hanh"))
    qtbot.mouseClick(ed.save_btn, Qt.MouseButton.LeftButton)
    saved = R.get_report(demo_store, rep.id)
    assert saved.status == "da_ban_hanh" and saved.so == "15" and saved.kinh_gui == ["Ban Dân vận Đảng ủy xã"]
    assert ed.title.text().startswith("Số 15/BC-UBND — ")
    # issued: read-only until set back to draft
    assert ed.lock_note.isVisibleTo(page)
    ed.tabs.setCurrentWidget(ed.sections)
    ed.sections.select("phoi_hop_mttq")
    assert ed.sections.free_edit.isReadOnly()
    h.status.setCurrentIndex(h.status.findData("nhap"))
    assert not ed.lock_note.isVisibleTo(page) and not ed.sections.free_edit.isReadOnly()


def test_period_form_presets_and_cutoff(qtbot):
    from ui.report.period_form import PeriodForm

    f = PeriodForm(year=2025)
    qtbot.addWidget(f)
    f.preset.setCurrentIndex(f.preset.findData("year"))
    f.cut_tt.setChecked(True)
    assert f.period() == Period.year_(2025, "thanh_tra")
    assert f.bounds.text() == "Năm 2025: từ ngày 15/12/2024 đến ngày 14/12/2025."
    f.preset.setCurrentIndex(f.preset.findData("half1"))
    assert f.bounds.text() == "06 tháng đầu năm 2025: từ ngày 15/12/2024 đến ngày 14/06/2025."
    f.preset.setCurrentIndex(f.preset.findData("quarter"))
    f.quarter.setCurrentIndex(2)
    f.cut_lich.setChecked(True)
    assert f.period() == Period.quarter(2025, 3)
    f.preset.setCurrentIndex(f.preset.findData("years"))
    f.year.setValue(2021)
    f.year_to.setValue(2025)
    assert f.period() == Period.years(2021, 2025)
    f.preset.setCurrentIndex(f.preset.findData("custom"))
    assert not f.cut_tt.isEnabled()
    f.d_from.setText("01/03/2025")
    f.d_to.setText("01/02/2025")
    with pytest.raises(ValueError):
        f.period()
    assert "trước" in f.bounds.text()
    f.d_to.setText("15/05/2025")
    assert f.period() == Period.custom("01/03/2025", "15/05/2025")
    f.set_period(Period.months9(2024, "thanh_tra"))
    assert f.preset_code() == "months9" and f.year.value() == 2024 and f.cut_tt.isChecked()


def test_new_dialog_picks_multi_year_outline(qtbot, demo_store):
    from ui.report.new_dialog import NewReportDialog

    d = NewReportDialog(demo_store, year=2025)
    qtbot.addWidget(d)
    assert d.outline.currentData() == "ket_qua"
    d.period_form.preset.setCurrentIndex(d.period_form.preset.findData("years"))
    d.period_form.year.setValue(2021)
    d.period_form.year_to.setValue(2025)
    assert d.outline.currentData() == "giai_doan"
    assert d.scope.count() >= 1 and d.scope.currentText().startswith("Xã Nghĩa Phương")
    rep = d.report()
    assert rep.period == Period.years(2021, 2025) and rep.outline_key == "giai_doan"


def test_page_registered_with_main_window():
    from ui import actions

    actions.load_plugins()
    assert "ui.report_page" in actions.PLUGIN_MODULES
    assert any(k == "bao_cao" and t == "Báo cáo" for k, t, _, _ in actions.PAGES)


def test_refresh_recomputes_the_auto_text(qtbot, page, monkeypatch, boxes, demo_store):
    new_year_report(qtbot, page, monkeypatch)
    ed = page.editor
    ed.sections.select("tiep_cong_dan")
    before = compute(demo_store, Period.year(2025)).reception.luot
    assert f"tiếp {fmt_int(before)} lượt" in ed.sections.auto_view.toPlainText()
    unit = demo_store.current_unit_id()
    for i in range(3):
        demo_store.create("tiep_cong_dan", {"unit_id": unit, "ngay_tiep": "2025-06-1%d" % i, "hinh_thuc": "thuong_xuyen",
                                            "nguoi_tiep": "cong_chuc", "ho_ten": f"Nguyễn Văn Thử {i}", "so_nguoi": 1,
                                            "noi_dung": "Hỏi về thủ tục đất đai"})
    after = compute(demo_store, Period.year(2025)).reception.luot
    assert after == before + 3
    qtbot.mouseClick(ed.sections.refresh_btn, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, page)
    assert f"tiếp {fmt_int(after)} lượt" in ed.sections.auto_view.toPlainText()
    assert "tính lúc" in ed.sections.auto_caption.text()


def test_a_failing_build_is_reported_in_vietnamese_and_keeps_the_typing(qtbot, page, monkeypatch, boxes):
    import core.report.build as RB

    new_year_report(qtbot, page, monkeypatch)
    ed = page.editor
    ed.sections.select("nguyen_nhan")
    ed.sections.free_edit.setPlainText("Do địa bàn rộng.")

    def boom(store, rep, **kw):
        raise RuntimeError("disk full")

    monkeypatch.setattr(RB, "build_document", boom)
    qtbot.mouseClick(ed.preview_btn, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, page)
    title, text, detail = boxes["error"][-1]
    assert title == "Không lập tệp báo cáo được" and "vẫn còn nguyên" in text and "disk full" in detail
    assert ed.message.text() == "Chưa lập tệp báo cáo được"
    assert ed.rep.free_text["nguyen_nhan"] == "Do địa bàn rộng." and ed.dirty


def test_outline_dialog_duplicate_and_edit_then_use_it(qtbot, page, monkeypatch, boxes, demo_store):
    from PySide6.QtWidgets import QInputDialog

    from core.report import outlines as O
    from ui.report.outline_dialog import OutlineDialog

    answers = []
    monkeypatch.setattr(QInputDialog, "getText", lambda parent, title, label, text="": (answers.pop(0), True))
    d = OutlineDialog(demo_store, page, key="ket_qua")
    qtbot.addWidget(d)
    # built-in: read-only
    assert not d.add_btn.isEnabled() and not d.del_btn.isEnabled() and "chỉ xem" in d.note.text()
    answers.append("Báo cáo dân vận của xã (mẫu huyện)")
    qtbot.mouseClick(d.dup_btn, Qt.MouseButton.LeftButton)
    key = d.combo.currentData()
    assert key != "ket_qua" and d.editable() and d.add_btn.isEnabled()
    # add a free-text section after "Đề xuất, kiến nghị", then make it auto with a free part
    d.tree.setCurrentItem(d.tree.topLevelItem(d.tree.topLevelItemCount() - 1))
    answers.append("Công tác phòng, chống tham nhũng")
    qtbot.mouseClick(d.add_btn, Qt.MouseButton.LeftButton)
    o = R.get_outline(demo_store, key)
    assert o["sections"][-1]["title"] == "Công tác phòng, chống tham nhũng" and o["sections"][-1]["free_text"]
    sid = o["sections"][-1]["id"]
    assert d.current_section() == sid
    d.kind.setCurrentIndex(d.kind.findData("don_thu"))
    d.set_kind()
    d.with_free.setChecked(True)
    d.set_kind()
    node = O.find(R.get_outline(demo_store, key), sid)
    assert node["builder"] == "don_thu" and node["free_text"]
    qtbot.mouseClick(d.up_btn, Qt.MouseButton.LeftButton)
    assert [s["id"] for s in R.get_outline(demo_store, key)["sections"]][-2] == sid
    # remove "Đặc điểm tình hình" (confirmed)
    d.tree.setCurrentItem(d.tree.topLevelItem(0))
    qtbot.mouseClick(d.remove_btn, Qt.MouseButton.LeftButton)
    assert boxes["ask"][-1][0] == "Xóa mục"
    assert R.get_outline(demo_store, key)["sections"][0]["id"] == "lanh_dao_chi_dao"
    d.close()
    # the new outline is offered in "Báo cáo mới" and drives the section tree
    rep = new_year_report(qtbot, page, monkeypatch, outline=key)
    assert rep.outline_key == key
    sv = page.editor.sections
    assert "dac_diem" not in sv._items and sid in sv._items
    assert sv._numbers[sid] == "V." and "tự động + nhập tay" in sv.item_text(sid)
    sv.select(sid)
    st = compute(demo_store, Period.year(2025))
    assert f"tiếp nhận {fmt_int(st.petitions.received)} đơn" in sv.auto_view.toPlainText()


def test_report_list_reads_again_after_a_restore_or_import(qtbot, page, demo_store, monkeypatch):
    """``ui.ops.notify(ALL)`` (restore, import, merge): the saved reports are read
    again, at once when the list is on screen, else when it is next shown."""
    from ui import ops

    rep = new_year_report(qtbot, page, monkeypatch)
    page.back_to_list()
    assert len(page.list.rows) == 1
    new_id = R.duplicate_for_next_period(demo_store, rep.id)  # written behind the page's back
    ops.notify(ops.ALL)
    assert {r["id"] for r in page.list.rows} == {rep.id, new_id}
    page.hide()
    R.delete_report(demo_store, new_id)
    ops.notify(ops.ALL)
    assert len(page.list.rows) == 2  # hidden: not yet
    ops.notify("don_thu", 1)  # a record: the list of reports does not change
    page.show()
    assert [r["id"] for r in page.list.rows] == [rep.id]


# ------------------------------------------------------------ issue 12: drafts, placeholders, asking first
def test_drafts_are_marked_until_accepted_or_edited(qtbot, page, monkeypatch, boxes, demo_store):
    rep = new_year_report(qtbot, page, monkeypatch)
    ed = page.editor
    sv = ed.sections
    sv.select("han_che")
    assert sv.auto_box.isVisibleTo(page) and sv.draft_mark.isVisibleTo(page) and sv.draft_mark.text() == "bản nháp"
    assert "bản nháp" in sv.item_text("han_che")
    draft = sv.auto_view.toPlainText()
    assert draft.strip() and "IV.2. Tồn tại, hạn chế" in ed.check_note.text()
    # accepted: kept as it reads, no longer a draft
    assert sv.accept_btn.isVisibleTo(page)
    qtbot.mouseClick(sv.accept_btn, Qt.MouseButton.LeftButton)
    assert sv.draft_mark.text() == "đã duyệt" and "bản nháp đã duyệt" in sv.item_text("han_che")
    qtbot.waitUntil(lambda: "IV.2. Tồn tại, hạn chế" not in ed.check_note.text(), timeout=5000)
    # edited: the draft copied into the editor, marked "đã sửa"
    sv.select("nhiem_vu")
    qtbot.mouseClick(sv.edit_btn, Qt.MouseButton.LeftButton)
    assert sv.edited_mark.isVisibleTo(page) and sv.override_edit.isVisibleTo(page)
    assert sv.override_edit.toPlainText().startswith("- ")
    assert "đã sửa" in sv.item_text("nhiem_vu")
    sv.override_edit.setPlainText("- Nhiệm vụ do cán bộ viết lại.")
    qtbot.mouseClick(ed.save_btn, Qt.MouseButton.LeftButton)
    saved = R.get_report(demo_store, rep.id)
    assert saved.overrides["han_che"]["accepted"] is True and saved.overrides["han_che"]["text"].strip()
    assert saved.overrides["nhiem_vu"] == {"text": "- Nhiệm vụ do cán bộ viết lại.", "edited": True}
    # back to the draft (confirmed)
    qtbot.mouseClick(sv.revert_btn, Qt.MouseButton.LeftButton)
    assert boxes["ask"][-1][0] == "Dùng lại bản nháp"
    assert sv.draft_mark.isVisibleTo(page) and sv.draft_mark.text() == "bản nháp"


def test_typed_text_wins_over_the_draft(qtbot, page, monkeypatch, boxes, demo_store):
    new_year_report(qtbot, page, monkeypatch)
    ed = page.editor
    sv = ed.sections
    sv.select("kien_nghi")
    sv.free_edit.setPlainText("Không có đề xuất, kiến nghị.")
    ed.update_checks()
    assert "nhập tay" == sv.item_text("kien_nghi").split("[")[1].rstrip("]")
    sec = next(s for s in ed.check_doc.all_sections() if s.key == "kien_nghi")
    assert sec.state == "text" and sec.blocks[0].text == "Không có đề xuất, kiến nghị."


def test_export_and_print_ask_first_while_sections_are_missing(qtbot, page, monkeypatch, boxes, tmp_path):
    from ui.report import editor as editor_mod

    new_year_report(qtbot, page, monkeypatch)
    ed = page.editor
    ed.rep.outline["sections"][2]["children"][7]["draft"] = None  # III.8 without a draft: left to the clerk
    doc = ed.update_checks()
    missing = [s.label for s in doc.missing()]
    assert "III.8. Đạo đức công vụ, kỷ luật, kỷ cương hành chính" in missing
    assert f"Kiểm tra số liệu: {len(doc.mismatches)} chỗ không khớp; {len(missing)} mục chưa nhập" in ed.check_note.text()
    asked = []
    monkeypatch.setattr(editor_mod.QFileDialog, "getSaveFileName",
                        lambda *a: (asked.append(a), (str(tmp_path / "r.docx"), a[-1]))[1])
    boxes["answers"]["ask"] = False
    qtbot.mouseClick(ed.docx_btn, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, page)
    title, text, detail, yes, no = boxes["ask"][-1]
    assert title == "Báo cáo chưa hoàn chỉnh" and (yes, no) == ("Vẫn xuất", "Quay lại soạn")
    assert text.startswith(f"Còn {len(missing)} mục chưa nhập: ") and text.endswith("Vẫn xuất?")
    assert "III.8. Đạo đức công vụ" in text
    assert not asked and not (tmp_path / "r.docx").exists()  # declined: nothing written
    boxes["answers"]["ask"] = True
    qtbot.mouseClick(ed.docx_btn, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, page)
    assert (tmp_path / "r.docx").exists()
    boxes["answers"]["ask"] = False
    qtbot.mouseClick(ed.print_btn, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, page)
    assert boxes["ask"][-1][1].endswith("Vẫn in?") and ed.last_pdf is None


def test_the_question_is_a_real_message_box(qtbot, page, monkeypatch, boxes):
    """The clerk's question goes through a QMessageBox (patched: it records
    its text and answers "Quay lại soạn")."""
    from PySide6.QtWidgets import QMessageBox

    from ui.widgets import vi

    new_year_report(qtbot, page, monkeypatch)
    ed = page.editor
    ed.rep.outline["sections"][2]["children"][7]["draft"] = None
    monkeypatch.setattr(vi, "ask", REAL_ASK)  # the real question, on a patched QMessageBox
    seen = []

    def fake_exec(box):
        seen.append((box.windowTitle(), box.text(), [b.text() for b in box.buttons()]))
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    assert ed.confirm_complete("export") is False
    title, text, buttons = seen[-1]
    assert title == "Báo cáo chưa hoàn chỉnh" and text.startswith("Còn ") and text.endswith("Vẫn xuất?")
    assert set(buttons) == {"Vẫn xuất", "Quay lại soạn"}


def test_a_period_without_records_is_told_before_writing(qtbot, page, monkeypatch, boxes, demo_store, tmp_path):
    from ui.report import editor as editor_mod

    rep = R.new_report(demo_store, None, Period.year_(2030))
    rid = R.create_report(demo_store, rep)
    page.list.reload(rid)
    page.open_report(rid)
    wait_idle(qtbot, page)
    ed = page.editor
    assert ed.check_note.text().startswith("Không có hồ sơ nào trong kỳ năm 2030")
    monkeypatch.setattr(editor_mod.QFileDialog, "getSaveFileName", lambda *a: ("", ""))
    boxes["answers"]["ask"] = False
    qtbot.mouseClick(ed.pdf_btn, Qt.MouseButton.LeftButton)
    assert "Không có hồ sơ nào trong kỳ năm 2030" in (boxes["ask"][-1][2] or "")


def test_the_preamble_picker_offers_every_document(qtbot, page, monkeypatch, boxes, demo_store):
    new_year_report(qtbot, page, monkeypatch)
    h = page.editor.header
    items = [h.can_cu.item(i) for i in range(h.can_cu.count())]
    texts = [it.text() for it in items]
    assert any("(cấp trên)" in t for t in texts) and any("(UBND xã" in t for t in texts)
    checked = [it for it in items if it.checkState() == Qt.CheckState.Checked]
    assert checked and items[:len(checked)] == checked  # the ones cited come first
    assert any("Kế hoạch" in it.text() and "năm 2025" in it.text() for it in checked)


def test_the_merger_resolution_is_entered_in_the_unit_profile(qtbot, store):
    """Settings › Đơn vị offers the resolution; the report's merger sentence cites it (issue 12 C4)."""
    from ui.pages.settings import UnitProfile

    store.create("unit", {"ten": "Hòa Bình", "loai": "xa", "merged_into_id": store.current_unit_id(),
                          "ngay_sap_nhap": "2025-07-01"})
    prof = UnitProfile(store)
    qtbot.addWidget(prof)
    prof.form.widgets["nghi_quyet_sap_nhap"].setPlainText("1656/NQ-UBTVQH15 ngày 16/6/2025 của Ủy ban Thường vụ Quốc hội")
    assert prof.save()
    from core.report.prose import BUILDERS, ProseContext

    stats = compute(store, Period.year_(2025))
    text = [p.text for p in BUILDERS["dac_diem"](stats, ProseContext.for_stats(stats))]
    assert ("Xã Nghĩa Phương được thành lập từ ngày 01/07/2025 trên cơ sở sắp xếp, hợp nhất xã Hòa Bình theo Nghị "
            "quyết số 1656/NQ-UBTVQH15 ngày 16/6/2025 của Ủy ban Thường vụ Quốc hội.") in text
