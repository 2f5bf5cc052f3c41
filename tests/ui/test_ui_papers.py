"""The clerk's side of the papers made from one record (issue 14, "Where the
clerk finds them"): "In…" in the editors, "Lưu và in biên nhận", the issue
dialog with its preview, the "Giấy tờ đã phát hành" list, reprints."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QEvent, QSettings, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from core.papers import issued as I
from ui import main_window as mw_mod
from ui import ops
from ui.editors import EditorDialog
from ui.papers import preview as preview_mod
from ui.papers.editor_menu import NEED_SAVE
from ui.papers.issue_dialog import IssueDialog
from ui.papers.issued_list import IssuedListDialog

TODAY = dt.date.today()
REAL_PRINT = preview_mod.print_pdf  # (the autouse fixture patches the module's)
D = (TODAY - dt.timedelta(days=2)).strftime("%d/%m/%Y")


@pytest.fixture(autouse=True)
def patched(monkeypatch, tmp_path):
    """The modal parts answered: the print dialog records what it was given
    (and "prints"); the file question answers a path in tmp_path; the
    remembered folder goes to a file of the test's own."""
    printed: list[tuple[str, str]] = []

    def fake_print(parent, pdf_path, doc_name="Giấy tờ"):
        from pathlib import Path

        assert Path(pdf_path).read_bytes()[:5] == b"%PDF-"
        printed.append((str(pdf_path), doc_name))
        return True

    monkeypatch.setattr(preview_mod, "print_pdf", fake_print)
    monkeypatch.setattr(preview_mod, "settings",
                        lambda: QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    return printed


def key_text(qtbot, w, text):
    for ch in text:
        if ch.isascii():
            qtbot.keyClick(w, ch)
        else:
            for t in (QEvent.KeyPress, QEvent.KeyRelease):
                QApplication.sendEvent(w, QKeyEvent(t, Qt.Key_unknown, Qt.NoModifier, ch))


def type_into(qtbot, w, text):
    w.setFocus()
    w.clear()
    key_text(qtbot, w, text)


def editor(qtbot, store, kind, record_id=None, prefill=None, parent=None):
    dlg = EditorDialog(store, kind, record_id, prefill, parent)
    if parent is None:
        qtbot.addWidget(dlg)
    dlg.show()
    return dlg


def idle(qtbot, dlg):
    qtbot.waitUntil(lambda: dlg.task is None or dlg.task.done, timeout=60000)


def fill_petition(qtbot, dlg):
    type_into(qtbot, dlg.field_widget("ngay_nhan"), D)
    type_into(qtbot, dlg.field_widget("ho_ten"), "Lê Văn An")
    type_into(qtbot, dlg.field_widget("dia_chi"), "Thôn An Bình")
    dlg.field_widget("loai").setCurrentIndex(dlg.field_widget("loai").findData("kien_nghi"))
    type_into(qtbot, dlg.field_widget("noi_dung"), "Kiến nghị sửa đường liên thôn")


def _petition(store, **kw):
    data = {"ngay_nhan": (TODAY - dt.timedelta(days=5)).isoformat(), "ho_ten": "Trần Văn Hai",
            "dia_chi": "Thôn Đông", "loai": "kien_nghi", "noi_dung": "Kiến nghị sửa đường liên thôn", **kw}
    return store.create("don_thu", data)


def test_save_and_print_receipt_issues_it_and_the_window_says_saved(qtbot, store, patched, ini):
    win = mw_mod.MainWindow(store)
    qtbot.addWidget(win)
    win.show()
    dlg = editor(qtbot, store, "don_thu", parent=win)
    # a new petition: "In…" waits for the first save
    assert not dlg.papers.button.isEnabled() and dlg.papers.button.toolTip() == NEED_SAVE
    assert dlg.papers.receipt_button.isVisible()
    fill_petition(qtbot, dlg)
    qtbot.mouseClick(dlg.papers.receipt_button, Qt.MouseButton.LeftButton)
    rid = dlg.record_id
    assert rid is not None
    row = store.get("don_thu", rid)
    assert win.statusBar().currentMessage() == f"Đã lưu đơn số {row['so_den']}/{row['nam']}"
    issue = dlg.papers.issue_dialog
    assert isinstance(issue, IssueDialog) and issue.isVisible()
    idle(qtbot, issue)
    assert issue.number.text() == "1" and issue.ky_hieu.text() == "/GBN-UBND"
    assert issue.date.text() == TODAY.strftime("%d/%m/%Y")
    assert issue.preview.page_count() >= 1  # the preview shows the paper
    qtbot.mouseClick(issue.issue_button, Qt.MouseButton.LeftButton)
    idle(qtbot, issue)
    assert len(patched) == 1 and patched[0][1] == "Giấy biên nhận đơn (phiếu hẹn) 1/GBN-UBND"
    got = I.issued_for(store, "don_thu", rid)
    assert [(g.loai, g.number) for g in got] == [("bien_nhan", "1/GBN-UBND")]
    assert "Lê Văn An" in got[0].doc.plain_text()
    assert "Đã phát hành" in issue.message.text() and not issue.number.isEnabled()
    # printing again prints the issued copy, no second number
    qtbot.mouseClick(issue.issue_button, Qt.MouseButton.LeftButton)
    idle(qtbot, issue)
    assert len(patched) == 2 and len(I.issued_for(store, "don_thu", rid)) == 1
    issue.close()
    # the saved petition: "In…" on, "Lưu và in biên nhận" gone, the list has the receipt
    assert dlg.papers.button.isEnabled() and not dlg.papers.receipt_button.isVisible()
    assert "Giấy tờ đã phát hành (1)…" in dlg.papers.menu_labels()
    lst = dlg.papers.show_issued()
    qtbot.waitUntil(lambda: lst.shown_id == got[0].id, timeout=60000)
    assert lst.rows()[0][:3] == ["Giấy biên nhận đơn (phiếu hẹn)", "1/GBN-UBND", TODAY.strftime("%d/%m/%Y")]
    lst.close()
    dlg.close()


def test_the_next_number_of_the_series_is_offered_and_can_be_typed(qtbot, store, patched):
    a, b = _petition(store), _petition(store, ho_ten="Võ Thị Bình")
    I.issue(store, "bien_nhan", a)
    issue = IssueDialog(store, "bien_nhan", b)
    qtbot.addWidget(issue)
    issue.show()
    idle(qtbot, issue)
    assert issue.number.text() == "2"
    type_into(qtbot, issue.number, "7")
    qtbot.keyClick(issue.number, Qt.Key.Key_Tab)
    idle(qtbot, issue)
    qtbot.mouseClick(issue.issue_button, Qt.MouseButton.LeftButton)
    idle(qtbot, issue)
    assert [g.number for g in I.issued_for(store, "don_thu", b)] == ["7/GBN-UBND"]


def test_a_date_typed_wrong_is_said_in_vietnamese_and_nothing_issued(qtbot, store, patched):
    rid = _petition(store)
    issue = IssueDialog(store, "bien_nhan", rid)
    qtbot.addWidget(issue)
    issue.show()
    idle(qtbot, issue)
    type_into(qtbot, issue.date, "31/02/2026")
    qtbot.keyClick(issue.date, Qt.Key.Key_Tab)
    assert issue.message.isVisible()
    assert issue.error_text() == "Ngày phát hành “31/02/2026” không đúng: Ngày không tồn tại trong lịch."
    qtbot.mouseClick(issue.issue_button, Qt.MouseButton.LeftButton)
    idle(qtbot, issue)
    assert patched == [] and I.issued_for(store, "don_thu", rid) == []
    assert issue.date.text() == "31/02/2026"  # the typing stays


def test_a_transferred_petition_offers_the_transfer_slip_not_the_acceptance_notice(qtbot, store):
    rid = _petition(store, loai="khieu_nai", du_dieu_kien=1, huong_xu_ly="chuyen",
                    ngay_xu_ly=TODAY.isoformat(), co_quan_nhan="Thanh tra huyện")
    dlg = editor(qtbot, store, "don_thu", rid)
    labels = dlg.papers.menu_labels()
    assert "Phiếu chuyển đơn…" in labels and "Giấy biên nhận đơn (phiếu hẹn)…" in labels
    assert "Thông báo thụ lý giải quyết…" not in labels
    # accepted (thụ lý) and saved: the menu follows the saved state
    dlg.set_value("huong_xu_ly", "thu_ly")
    dlg.set_value("ngay_thu_ly", TODAY.strftime("%d/%m/%Y"))
    assert "Phiếu chuyển đơn…" in dlg.papers.menu_labels()  # not saved yet: still the stored state
    assert dlg.save()
    labels = dlg.papers.menu_labels()
    assert "Thông báo thụ lý giải quyết…" in labels and "Phiếu chuyển đơn…" not in labels
    dlg.close()


def test_unsaved_changes_are_saved_first_when_a_paper_is_chosen(qtbot, store, monkeypatch, patched):
    rid = _petition(store)
    dlg = editor(qtbot, store, "don_thu", rid)
    asked = []
    monkeypatch.setattr(dlg, "_ask", lambda title, text, choices, default=None, icon=None:
                        asked.append(text) or "save")
    type_into(qtbot, dlg.field_widget("noi_dung"), "Kiến nghị làm mương thoát nước")
    assert dlg.is_dirty()
    issue = dlg.papers.choose("bien_nhan")
    assert asked and "chưa lưu" in asked[0]
    assert store.get("don_thu", rid)["noi_dung"] == "Kiến nghị làm mương thoát nước"
    idle(qtbot, issue)
    issue.close()
    dlg.close()


def test_a_paper_that_cannot_be_made_says_why_in_the_dialog(qtbot, store, patched):
    """A transfer slip without the competent body: the core's Vietnamese
    message in the dialog, no preview, nothing issued, no traceback."""
    rid = _petition(store)
    issue = IssueDialog(store, "chuyen_don", rid)
    qtbot.addWidget(issue)
    issue.show()
    idle(qtbot, issue)
    assert issue.message.isVisible()
    assert issue.error_text() == ("Đơn chưa ghi “Cơ quan nhận đơn chuyển”: hãy nhập cơ quan có thẩm quyền "
                                  "rồi in phiếu chuyển.")
    assert not issue.issue_button.isEnabled() and issue.preview.page_count() == 0
    assert issue.number.text() == "1"
    assert I.issued_for(store, "don_thu", rid) == [] and patched == []


def test_a_reprint_after_the_record_was_edited_shows_the_old_text(qtbot, store, monkeypatch, tmp_path):
    rid = _petition(store)
    issue = IssueDialog(store, "bien_nhan", rid)
    qtbot.addWidget(issue)
    issue.show()
    idle(qtbot, issue)
    out = tmp_path / "bien-nhan.pdf"
    monkeypatch.setattr(preview_mod, "ask_save_path", lambda parent, fmt, name, key="": out)
    qtbot.mouseClick(issue.pdf_button, Qt.MouseButton.LeftButton)  # saving issues it
    idle(qtbot, issue)
    assert out.read_bytes()[:5] == b"%PDF-"
    (g,) = I.issued_for(store, "don_thu", rid)
    store.update("don_thu", rid, {"noi_dung": "Nội dung sửa lại sau khi phát hành"})
    lst = IssuedListDialog(store, "don_thu", rid)
    qtbot.addWidget(lst)
    lst.show()
    qtbot.waitUntil(lambda: lst.shown_id == g.id, timeout=60000)
    shown = lst.preview.document
    text = "".join(shown.getAllText(i).text() for i in range(shown.pageCount()))
    assert "liên thôn" in text and "sửa lại" not in text
    again = tmp_path / "in-lai.docx"
    monkeypatch.setattr(preview_mod, "ask_save_path", lambda parent, fmt, name, key="": again)
    qtbot.mouseClick(lst.docx_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: lst.task.done, timeout=60000)
    import zipfile

    with zipfile.ZipFile(again) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    assert "liên thôn" in xml and "sửa lại" not in xml
    assert len(I.issued_for(store, "don_thu", rid)) == 1  # a reprint is no new issue


def test_an_invalid_petition_and_save_and_print_receipt_prints_nothing(qtbot, store, patched):
    dlg = editor(qtbot, store, "don_thu")
    type_into(qtbot, dlg.field_widget("ho_ten"), "Lê Văn An")
    type_into(qtbot, dlg.field_widget("noi_dung"), "")  # content is required
    type_into(qtbot, dlg.field_widget("cccd"), "0512")
    qtbot.mouseClick(dlg.papers.receipt_button, Qt.MouseButton.LeftButton)
    assert dlg.record_id is None and store.count("don_thu") == 0
    assert dlg.banner.isVisible() and dlg.error_text("cccd")
    assert dlg.papers.issue_dialog is None and patched == []
    assert dlg.value("ho_ten") == "Lê Văn An"
    # the "Người này đã gửi … đơn" look-up runs 300 ms after the typing: done before the store closes
    qtbot.waitUntil(lambda: not dlg.behaviour._repeat_timer.isActive(), timeout=5000)
    dlg._snapshot = dlg._collect()  # close without the question
    dlg.close()


def test_an_anonymous_letter_has_no_receipt_to_print(qtbot, store, patched):
    """"Đơn nặc danh" ticked: nobody to hand a receipt to — "Lưu và in biên
    nhận" is greyed and says why; unticked, it is back."""
    dlg = editor(qtbot, store, "don_thu")
    button = dlg.papers.receipt_button
    assert button.isEnabled()
    dlg.field_widget("nac_danh").set_value(1)
    assert not button.isEnabled() and "nặc danh" in button.toolTip()
    dlg.field_widget("nac_danh").set_value(0)
    assert button.isEnabled()
    dlg._snapshot = dlg._collect()
    dlg.close()


def test_receipt_from_a_reception_s_tiep_nhan_don(qtbot, store, patched):
    visit = editor(qtbot, store, "tiep_cong_dan")
    type_into(qtbot, visit.field_widget("ngay_tiep"), D)
    type_into(qtbot, visit.field_widget("ho_ten"), "Lê Thị Bích")
    type_into(qtbot, visit.field_widget("dia_chi"), "Xóm 2")
    visit.field_widget("loai").setCurrentIndex(visit.field_widget("loai").findData("kien_nghi"))
    type_into(qtbot, visit.field_widget("noi_dung"), "Kiến nghị về đường điện")
    visit.receive_button.click()
    pet = visit.child_editor
    qtbot.addWidget(pet)
    said = []
    ops.records_changed().message.connect(said.append)
    assert pet.papers.receipt_button.isVisible()
    qtbot.mouseClick(pet.papers.receipt_button, Qt.MouseButton.LeftButton)
    assert pet.record_id is not None and said == ["Đã lưu đơn số 1/" + str(store.get("don_thu", pet.record_id)["nam"])]
    issue = pet.papers.issue_dialog
    idle(qtbot, issue)
    assert issue.number.text() == "1"
    # the visit's own "In…" offers its reply notice
    assert "Thông báo trả lời sau buổi tiếp công dân…" in visit.papers.menu_labels()
    issue.close()


def test_a_number_already_used_is_refused_in_the_dialog(qtbot, store, patched):
    a, b = _petition(store), _petition(store, ho_ten="Võ Thị Bình")
    I.issue(store, "bien_nhan", a)
    issue = IssueDialog(store, "bien_nhan", b)
    qtbot.addWidget(issue)
    issue.show()
    idle(qtbot, issue)
    type_into(qtbot, issue.number, "1")
    qtbot.keyClick(issue.number, Qt.Key.Key_Tab)
    idle(qtbot, issue)
    qtbot.mouseClick(issue.issue_button, Qt.MouseButton.LeftButton)
    idle(qtbot, issue)
    assert issue.error_text().startswith(f"Số 1/GBN-UBND năm {TODAY.year} đã được dùng")
    assert patched == [] and I.issued_for(store, "don_thu", b) == []
    assert issue.number.text() == "1" and issue.number.isEnabled()  # the clerk types another one


def test_a_draft_is_printed_without_a_number_and_not_kept(qtbot, store, patched):
    rid = _petition(store)
    issue = IssueDialog(store, "bien_nhan", rid)
    qtbot.addWidget(issue)
    issue.show()
    idle(qtbot, issue)
    qtbot.mouseClick(issue.draft, Qt.MouseButton.LeftButton)
    idle(qtbot, issue)
    assert not issue.number.isEnabled() and issue.issue_button.text() == "In bản nháp…"
    qtbot.mouseClick(issue.issue_button, Qt.MouseButton.LeftButton)
    assert [name for _p, name in patched] == ["Giấy biên nhận đơn (phiếu hẹn) (bản nháp)"]
    text = issue.preview.document.getAllText(0).text()
    assert "/GBN-UBND" in text and "1/GBN-UBND" not in text
    assert I.issued_for(store, "don_thu", rid) == []


def test_print_pdf_paints_the_pages_on_the_printer_the_clerk_chose(qtbot, store, monkeypatch, tmp_path):
    """The real ``print_pdf`` (not patched here): the Qt print dialog, then
    the PDF's pages onto its printer (a PDF file stands in for the printer)."""
    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter
    from PySide6.QtWidgets import QDialog

    from core.papers.registry import build
    from core.report.pdf_writer import write_pdf

    src = tmp_path / "giay.pdf"
    write_pdf(build(store, "bien_nhan", _petition(store)), src)
    printed = tmp_path / "printed.pdf"
    titles = []

    def fake_exec(dlg):
        titles.append(dlg.windowTitle())
        dlg.printer().setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        dlg.printer().setOutputFileName(str(printed))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QPrintDialog, "exec", fake_exec)
    assert REAL_PRINT(None, src, "Giấy biên nhận 1/GBN-UBND")
    assert titles == ["In — Giấy biên nhận 1/GBN-UBND"]
    doc = QPdfDocument(None)
    doc.load(str(printed))
    assert doc.pageCount() == 1
    doc.close()
    # cancelled: nothing printed
    monkeypatch.setattr(QPrintDialog, "exec", lambda dlg: QDialog.DialogCode.Rejected)
    assert not REAL_PRINT(None, src, "x")


def test_the_save_question_adds_the_suffix_and_remembers_the_folder(qtbot, monkeypatch, tmp_path):
    from PySide6.QtWidgets import QFileDialog

    asked = []

    def fake(parent, title, start, filt):
        asked.append((title, start, filt))
        return str(tmp_path / "out" / "bien-nhan"), filt

    monkeypatch.setattr(QFileDialog, "getSaveFileName", fake)
    got = preview_mod.ask_save_path(None, "docx", "Giấy biên nhận 1/GBN-UBND")
    assert got == tmp_path / "out" / "bien-nhan.docx"
    assert asked[0][0] == "Lưu ra tệp Word" and asked[0][1].endswith("Giấy biên nhận 1-GBN-UBND.docx")
    preview_mod.ask_save_path(None, "pdf", "x")
    assert asked[1][1] == str(tmp_path / "out" / "x.pdf")  # the folder last saved to
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: ("", ""))
    assert preview_mod.ask_save_path(None, "pdf", "x") is None


def test_a_landscape_book_is_offered_on_landscape_paper(qtbot, store, monkeypatch, tmp_path):
    """A book's pages are landscape: the print dialog opens with landscape
    paper chosen (a portrait paper keeps portrait)."""
    from PySide6.QtGui import QPageLayout
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter
    from PySide6.QtWidgets import QDialog

    from core.papers.book_writers import write_book_pdf
    from core.papers.books import build_book
    from core.papers.registry import build
    from core.report.pdf_writer import write_pdf
    from core.report.periods import Period

    book_pdf = tmp_path / "so.pdf"
    write_book_pdf(build_book(store, "so_tiep_cong_dan", Period.year_(2026)), book_pdf)
    paper_pdf = tmp_path / "giay.pdf"
    write_pdf(build(store, "bien_nhan", _petition(store)), paper_pdf)
    seen = []

    def fake_exec(dlg):
        seen.append(dlg.printer().pageLayout().orientation())
        dlg.printer().setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        dlg.printer().setOutputFileName(str(tmp_path / "out.pdf"))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QPrintDialog, "exec", fake_exec)
    assert REAL_PRINT(None, book_pdf, "Sổ tiếp công dân")
    assert REAL_PRINT(None, paper_pdf, "Giấy biên nhận")
    assert seen == [QPageLayout.Orientation.Landscape, QPageLayout.Orientation.Portrait]
