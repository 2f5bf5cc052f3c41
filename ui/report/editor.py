"""One report open for editing: sections, general information, preview of
the real output, save, export DOCX/PDF, print."""
from __future__ import annotations

import copy
import datetime as dt
import re
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from core.records.validation import ValidationError
from core.report import saved as R
from core.text import fmt_date
from ui.ops import run as run_task

from ..widgets import vi
from ..widgets.open_file import OpenFileButtons
from .header_form import FIELD_LABELS, HeaderForm
from .pdfview import PdfPreview, print_preview
from .sections import SectionView


def safe_file_name(text: str) -> str:
    """A file name from a title (Windows-forbidden characters removed)."""
    t = re.sub(r'[\\/:*?"<>|\n\r\t]+', " ", text or "").strip()
    t = re.sub(r"\s+", " ", t)
    return (t[:120].rstrip(" .") or "Bao cao")


def error_text(e: ValidationError) -> str:
    lines = []
    for k, v in e.errors.items():
        label = FIELD_LABELS.get(k.split(".")[0], "")
        lines.append(f"{label}: {v}" if label else v)
    return "\n".join(lines)


def _settings() -> QSettings:
    return QSettings("SoDanVan", "SoDanVan")


def check_text(doc) -> str:
    """The report page's check line: the CLI's "Kiểm tra số liệu: N chỗ
    không khớp; M mục chưa nhập", then what is missing and what is a draft."""
    missing = doc.missing()
    mismatches = list(getattr(doc, "mismatches", None) or [])
    lines = list(doc.warnings)
    lines.append(f"Kiểm tra số liệu: {len(mismatches)} chỗ không khớp; {len(missing)} mục chưa nhập"
                 + (" (đánh dấu vàng trong bản in): " + "; ".join(s.label for s in missing) if missing else "") + ".")
    drafts = doc.drafts()
    if drafts:
        lines.append(f"Bản nháp viết từ số liệu, chưa duyệt ({len(drafts)} mục): "
                     + "; ".join(s.label for s in drafts) + ".")
    return "\n".join(lines)


class ReportEditor(QWidget):
    back_requested = Signal()
    saved = Signal(int)

    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.store = store
        self.rep: R.Report | None = None
        self.dirty = False
        self.stats = None
        self.ctx = None
        self.stats_stale = False
        self.task = None  # the running (or last) background task
        self.last_pdf: Path | None = None
        self.last_export: Path | None = None
        self._gen_cache: dict[str, list] = {}
        self._tmp = tempfile.TemporaryDirectory(prefix="sodanvan-xem-truoc-")
        self._tmp_n = 0
        self._token = 0  # bumped on every load: late results of a previous report are dropped
        self._refresh_pending = False
        self._after_stats = None  # what to do once fresh figures are there (export, print)
        self.check_doc = None  # the document as it would be written now (its placeholders, drafts, audit)
        self._states: dict[str, str] = {}

        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 6, 8, 4)
        top = QHBoxLayout()
        self.back_btn = QPushButton("← Danh sách báo cáo")
        self.back_btn.setObjectName("back")
        top.addWidget(self.back_btn)
        self.title = QLabel("")
        self.title.setObjectName("report_title")
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-size: 15px; font-weight: 600; color: #23466e;")
        top.addWidget(self.title, 1)
        self.status_badge = QLabel("")
        self.status_badge.setObjectName("status_badge")
        top.addWidget(self.status_badge)
        lay.addLayout(top)

        bar = QHBoxLayout()
        self.save_btn = QPushButton("Lưu")
        self.save_btn.setObjectName("save")
        self.save_btn.setToolTip("Lưu báo cáo (Ctrl+S)")
        self.refresh_btn = QPushButton("Cập nhật số liệu")
        self.refresh_btn.setObjectName("refresh")
        self.refresh_btn.setToolTip("Tính lại các phần tự động từ sổ theo dõi")
        self.preview_btn = QPushButton("Xem trước")
        self.preview_btn.setObjectName("preview")
        self.docx_btn = QPushButton("Xuất Word (DOCX)…")
        self.docx_btn.setObjectName("export_docx")
        self.pdf_btn = QPushButton("Xuất PDF…")
        self.pdf_btn.setObjectName("export_pdf")
        self.print_btn = QPushButton("In…")
        self.print_btn.setObjectName("print")
        self.print_btn.setToolTip("Xem trước khi in rồi in (Ctrl+P)")
        for b in (self.save_btn, self.refresh_btn, self.preview_btn, self.docx_btn, self.pdf_btn, self.print_btn):
            b.setAutoDefault(False)
            bar.addWidget(b)
        bar.addStretch(1)
        self.message = QLabel("")
        self.message.setObjectName("editor_message")
        bar.addWidget(self.message)
        self.open_export = OpenFileButtons(self)  # "Mở tệp" / "Mở thư mục" after an export
        bar.addWidget(self.open_export)
        lay.addLayout(bar)

        self.lock_note = QLabel("Báo cáo đã ban hành: nội dung chỉ xem. Muốn sửa, chuyển trạng thái về “Nháp” ở thẻ "
                                "“Thông tin chung” (hoặc lập báo cáo cho kỳ tiếp theo từ danh sách).")
        self.lock_note.setObjectName("lock_note")
        self.lock_note.setWordWrap(True)
        self.lock_note.setStyleSheet("background: #fff4d6; border: 1px solid #e8c96a; padding: 4px 8px;")
        lay.addWidget(self.lock_note)

        # what is still missing before signing: the same check as the CLI's last line
        self.check_note = QLabel("")
        self.check_note.setObjectName("check_note")
        self.check_note.setWordWrap(True)
        self.check_note.setTextFormat(Qt.TextFormat.PlainText)
        lay.addWidget(self.check_note)
        self._check_timer = QTimer(self)
        self._check_timer.setSingleShot(True)
        self._check_timer.setInterval(300)
        self._check_timer.timeout.connect(self.update_checks)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("report_tabs")
        self.sections = SectionView()
        self.sections.generated = self.generated
        self.sections.state_of = self._states.get
        self.header = HeaderForm(store)
        self.preview = PdfPreview()
        self.tabs.addTab(self.sections, "Nội dung các mục")
        self.tabs.addTab(self.header, "Thông tin chung, nơi nhận, người ký")
        self.tabs.addTab(self.preview, "Xem trước bản in")
        lay.addWidget(self.tabs, 1)

        self.back_btn.clicked.connect(self.back_requested)
        self.save_btn.clicked.connect(self.save)
        self.refresh_btn.clicked.connect(self.refresh_stats)
        self.sections.refresh_requested.connect(self.refresh_stats)
        self.preview_btn.clicked.connect(self.show_preview)
        self.docx_btn.clicked.connect(lambda: self.export("docx"))
        self.pdf_btn.clicked.connect(lambda: self.export("pdf"))
        self.print_btn.clicked.connect(self.print_report)
        self.sections.changed.connect(self._changed)
        self.header.changed.connect(self._changed)
        self.header.scope_changed.connect(self._scope_changed)
        self.header.status.currentIndexChanged.connect(self._status_changed)
        self.tabs.currentChanged.connect(self._tab_changed)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)
        QShortcut(QKeySequence.StandardKey.Print, self, activated=self.print_report)

    # ------------------------------------------------------------- state
    def busy(self) -> bool:
        return self.task is not None and not self.task.done

    def _changed(self):
        self.dirty = True
        self.message.setText("Có thay đổi chưa lưu")
        self.message.setStyleSheet("color: #a36a00;")
        self._check_timer.start()

    def _scope_changed(self):
        self.stats_stale = True
        self.message.setText("Kỳ hoặc phạm vi số liệu đã đổi: bấm “Cập nhật số liệu”")
        self.message.setStyleSheet("color: #a36a00;")

    def _set_message(self, text: str, ok: bool = True):
        self.message.setText(text)
        self.message.setStyleSheet("color: #2e7d32;" if ok else "color: #b3261e;")

    def _update_title(self):
        rep = self.rep
        if rep is None:
            return
        name = rep.trich_yeu or R.trich_yeu_text(rep.outline.get("trich_yeu") or "", rep.period, "")
        name = name.replace("\n", " ").strip()
        name = name[:1].upper() + name[1:]
        self.header.set_trich_yeu_hint(name)
        so = f"Số {rep.so}/{rep.ky_hieu} — " if rep.so else ""
        self.title.setText(f"{so}{name}")
        self.title.setToolTip(f"{rep.period.label[:1].upper()}{rep.period.label[1:]}: {rep.period.range_text}")
        label = R.STATUS.get(rep.status, rep.status)
        colour = "#2e7d32" if rep.issued else "#5a6472"
        self.status_badge.setText(label)
        self.status_badge.setStyleSheet(f"color: white; background: {colour}; border-radius: 8px; padding: 2px 10px;")

    def _locked(self) -> bool:
        """Issued and saved as issued: read-only until set back to draft."""
        return bool(self.rep and self.rep.id and self._saved_status == "da_ban_hanh"
                    and self.header.status.currentData() == "da_ban_hanh")

    def _apply_lock(self):
        locked = self._locked()
        self.lock_note.setVisible(locked)
        self.sections.set_locked(locked)
        self.header.set_locked(locked)
        self.refresh_btn.setEnabled(not locked)

    def _status_changed(self, *_):
        if self.rep is not None and not self.header._loading:
            self._apply_lock()

    def _tab_changed(self, i):
        if self.tabs.widget(i) is self.sections and self.rep is not None:
            self._collect(quiet=True)
            if self.stats_stale:
                self.refresh_stats()

    # -------------------------------------------------------------- load
    def load(self, rep: R.Report):
        self._token += 1
        self.rep = rep
        self._saved_status = rep.status if rep.id else None
        self.dirty = False
        self.stats = None
        self._gen_cache.clear()
        self._states.clear()
        self.check_doc = None
        self.check_note.setText("")
        self.check_note.setVisible(False)
        self._after_stats = None
        self.header.load(rep)
        self.sections.set_report(rep, keep_current=False)
        self.preview.clear("Chưa có bản xem trước. Bấm “Xem trước” để lập bản PDF của báo cáo.")
        self.tabs.setCurrentWidget(self.sections)
        self._update_title()
        self._apply_lock()
        self.message.setText("")
        self.open_export.set_path(None)
        self.refresh_stats()

    def _collect(self, quiet: bool = False) -> bool:
        """Header form → ``self.rep``; False (with a message) on bad input."""
        try:
            self.header.apply(self.rep)
        except ValidationError as e:
            if not quiet:
                self.tabs.setCurrentWidget(self.header)
                vi.warning(self, "Chưa lưu được báo cáo", "Thông tin chung của báo cáo chưa hợp lệ.", error_text(e))
            return False
        self._update_title()
        return True

    # ------------------------------------------------------------- stats
    def generated(self, sid: str):
        """The builder's blocks for an auto section (None until computed)."""
        if self.stats is None:
            return None
        if sid not in self._gen_cache:
            from core.report import outlines as O
            from core.report.prose import BUILDERS

            node = O.find(self.rep.outline, sid)
            b = node.get("builder") if node else None
            if b in BUILDERS:
                self._gen_cache[sid] = list(BUILDERS[b](self.stats, self.ctx))
            elif node and O.draft_key(node):  # a free-text section pre-written from the records
                from core.report.build import no_records
                from core.report.drafts import draft

                self._gen_cache[sid] = [] if no_records(self.stats) else draft(O.draft_key(node), self.stats,
                                                                               self.ctx)
            else:
                self._gen_cache[sid] = []
        return self._gen_cache[sid]

    # ------------------------------------------------------------ checks
    def update_checks(self):
        """Build the document as it would be written now (from the figures
        already computed: fast) and show what is still missing — the
        sections left as placeholders, the drafts not yet accepted, the
        consistency audit, a period without records."""
        if self.rep is None or self.stats is None:
            return None
        from core.report.build import build_document

        try:
            doc = build_document(self.store, self.rep, stats=self.stats)
        except Exception:  # the check must never cost the clerk her typing
            import logging
            logging.getLogger(__name__).exception("report check failed")
            return None
        self.check_doc = doc
        self._states.clear()
        self._states.update({s.key: s.state for s in doc.all_sections()})
        self.sections.mark_all()
        self.check_note.setText(check_text(doc))
        bad = bool(doc.missing() or getattr(doc, "mismatches", None) or doc.warnings)
        self.check_note.setStyleSheet(
            "background: #fff4c2; border: 1px solid #e8c96a; padding: 4px 8px;" if bad else
            "background: #e3f3e5; border: 1px solid #9fd0a8; padding: 4px 8px;" if doc.drafts() else
            "color: #1b6e35; padding: 2px 8px;")
        self.check_note.setToolTip("\n".join(str(m) for m in getattr(doc, "mismatches", None) or []))
        self.check_note.setVisible(True)
        return doc

    def _when_figures_ready(self, then) -> bool:
        """True when the figures are current; else recompute them and run ``then`` once they are."""
        if self.stats is not None and not self.stats_stale:
            return True
        self._after_stats = then
        self.refresh_stats()
        return False

    def confirm_complete(self, action: str) -> bool:
        """Before export or print: "Còn 3 mục chưa nhập: … Vẫn xuất?" (and a
        period without records, figures that disagree); True to go on."""
        self._collect(quiet=True)
        doc = self.update_checks()
        if doc is None:
            return True
        missing = doc.missing()
        mismatches = list(getattr(doc, "mismatches", None) or [])
        if not (missing or mismatches or doc.warnings):
            return True
        parts = []
        if missing:
            parts.append(f"Còn {len(missing)} mục chưa nhập: " + "; ".join(s.label for s in missing) + ".")
        if mismatches:
            parts.append(f"Kiểm tra số liệu: {len(mismatches)} chỗ không khớp.")
        detail = list(doc.warnings) + [str(m) for m in mismatches[:10]]
        if doc.drafts():
            detail.append(f"{len(doc.drafts())} mục là bản nháp chưa duyệt (in như đang viết).")
        verb = "xuất" if action == "export" else "in"
        return vi.ask(self, "Báo cáo chưa hoàn chỉnh", " ".join(parts + [f"Vẫn {verb}?"]) if parts else
                      f"{doc.warnings[0]} Vẫn {verb}?", "\n".join(detail) or None,
                      yes=f"Vẫn {verb}", no="Quay lại soạn")

    def refresh_stats(self):
        """Recompute the figures (in the background) and redraw the auto text."""
        if self.rep is None:
            return
        if self.busy():
            # another step is running (e.g. a report opened while its predecessor's figures were computed)
            if not self._refresh_pending:
                self._refresh_pending = True
                self.task.finished.connect(self._pending_refresh)
            return
        if not self._collect(quiet=True):
            self._set_message("Kỳ báo cáo chưa hợp lệ: xem thẻ “Thông tin chung”.", ok=False)
            return
        rep = copy.deepcopy(self.rep)
        store = self.store
        token = self._token

        def work():
            from core.report.prose import ProseContext
            from core.report.stats import compute

            # the previous period always: the drafts judge change (the figure sentences follow rep.compare)
            st = compute(store, rep.period, unit_id=rep.unit_id, include_predecessors=rep.include_predecessors,
                         compare=True)
            return st, ProseContext.for_stats(st, compare=rep.compare, decimals=rep.decimals)

        def done(res):
            if token != self._token:
                return
            self.stats, self.ctx = res
            self.stats_stale = False
            self._gen_cache.clear()
            now = dt.datetime.now()
            self.sections.stats_note = f"số liệu {self.rep.period.range_text}, tính lúc {now:%H:%M} ngày {fmt_date(now.date())}"
            self.update_checks()
            self.sections.refresh_current()
            if not self.dirty:
                self.message.setText("")
            then, self._after_stats = self._after_stats, None
            if then is not None:
                then()

        self.sections.refresh_current()
        self.task = run_task(self, "Đang tính số liệu từ sổ theo dõi…", work, done, self._failed("tính số liệu"))

    def _pending_refresh(self):
        self._refresh_pending = False
        self.refresh_stats()

    def _failed(self, what: str):
        def on_error(exc):
            if isinstance(exc, ValidationError):
                vi.warning(self, "Không " + what + " được", error_text(exc))
            else:
                vi.error(self, "Không " + what + " được",
                         f"Đã xảy ra lỗi khi {what}. Nội dung đang soạn vẫn còn nguyên; hãy lưu lại rồi thử lần nữa.",
                         f"{type(exc).__name__}: {exc}")
            self._set_message(f"Chưa {what} được", ok=False)
        return on_error

    # -------------------------------------------------------------- save
    def save(self) -> bool:
        if self.rep is None or self.busy():
            return False
        if not self._collect():
            return False
        try:
            rid = R.save_report(self.store, self.rep)
        except ValidationError as e:
            if any(k in e.errors for k in ("so", "ky_hieu", "ngay", "trang_thai", "nguoi_ky", "thap_phan")):
                self.tabs.setCurrentWidget(self.header)
            vi.warning(self, "Chưa lưu được báo cáo", "Hãy sửa các mục sau rồi lưu lại:", error_text(e))
            return False
        except Exception as e:  # disk full, locked database…: keep the typing, say so
            import logging
            logging.getLogger(__name__).exception("saving report failed")
            vi.error(self, "Chưa lưu được báo cáo", "Không ghi được vào sổ. Nội dung đang soạn vẫn còn nguyên; hãy "
                     "thử lưu lại.", f"{type(e).__name__}: {e}")
            return False
        fresh = R.get_report(self.store, rid)
        if fresh is not None:
            self.rep.created_at, self.rep.updated_at = fresh.created_at, fresh.updated_at
        self._saved_status = self.rep.status
        self.dirty = False
        self._update_title()
        self._apply_lock()
        self._set_message(f"Đã lưu lúc {dt.datetime.now():%H:%M}")
        self.saved.emit(rid)
        return True

    # ----------------------------------------------------- build + write
    def _tmp_pdf(self) -> Path:
        self._tmp_n += 1
        return Path(self._tmp.name) / f"xem-truoc-{self._tmp_n}.pdf"

    def _build_and_write(self, path: Path, fmt: str, label: str, on_done):
        """Build the document from the current report and write it (worker thread)."""
        if self.rep is None or self.busy():
            return None
        if not self._collect():
            return None
        rep = copy.deepcopy(self.rep)
        store = self.store
        token = self._token

        def finished(p):
            if token == self._token:
                on_done(p)

        def work():
            from core.report.build import build_document

            doc = build_document(store, rep)
            if fmt == "docx":
                from core.report.docx_writer import write_docx
                return write_docx(doc, path)
            from core.report.pdf_writer import write_pdf
            return write_pdf(doc, path)

        self.task = run_task(self, label, work, finished, self._failed("lập tệp báo cáo"))
        return self.task

    def show_preview(self):
        path = self._tmp_pdf()

        def done(p):
            self.last_pdf = Path(p)
            self.tabs.setCurrentWidget(self.preview)
            if self.preview.load(p):
                self._set_message(f"Bản xem trước: {self.preview.page_count()} trang")
            else:
                self.preview.clear("Không hiển thị được bản xem trước (tệp PDF không đọc được).")

        return self._build_and_write(path, "pdf", "Đang lập bản xem trước…", done)

    def default_file_name(self, ext: str) -> str:
        rep = self.rep
        name = rep.trich_yeu or R.trich_yeu_text(rep.outline.get("trich_yeu") or "", rep.period, "")
        prefix = f"{rep.so}-{rep.ky_hieu} " if rep.so else ""
        return safe_file_name(f"{prefix}Báo cáo {name}") + f".{ext}"

    def export(self, fmt: str):
        if self.rep is None or self.busy():
            return None
        if not self._when_figures_ready(lambda: self.export(fmt)) or not self.confirm_complete("export"):
            return None
        s = _settings()
        folder = s.value("report/export_dir", "") or str(Path.home())
        title, filt = (("Xuất báo cáo ra tệp Word", "Tài liệu Word (*.docx)") if fmt == "docx"
                       else ("Xuất báo cáo ra tệp PDF", "Tài liệu PDF (*.pdf)"))
        path, _ = QFileDialog.getSaveFileName(self, title, str(Path(folder) / self.default_file_name(fmt)), filt)
        if not path:
            return None
        path = Path(path)
        if path.suffix.lower() != f".{fmt}":
            path = path.with_name(path.name + f".{fmt}")
        s.setValue("report/export_dir", str(path.parent))

        def done(p):
            self.last_export = Path(p)
            self._set_message(f"Đã xuất: {Path(p).name}")
            self.message.setToolTip(str(p))
            self.open_export.set_path(Path(p))

        return self._build_and_write(path, fmt, f"Đang xuất báo cáo ra tệp {fmt.upper()}…", done)

    def print_report(self):
        if self.rep is None or self.busy():
            return None
        if not self._when_figures_ready(self.print_report) or not self.confirm_complete("print"):
            return None
        path = self._tmp_pdf()

        def done(p):
            self.last_pdf = Path(p)
            print_preview(self, p, "Xem trước khi in — " + self.title.text())

        return self._build_and_write(path, "pdf", "Đang chuẩn bị bản in…", done)
