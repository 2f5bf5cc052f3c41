"""Dialogs of the "Dữ liệu" menu: restore (with a preview of what the
backup holds), guided recovery at start, Excel import (rejected rows and
"import the valid rows"), merge of a predecessor commune, password.

The long steps (backup, restore, recovery, import, merge, password change)
run through ``ui.ops.run``: a worker thread, the progress dialog, the
clerk's input held meanwhile; the dialog's message or label is set when the
step is done.  ``task`` holds the last step started (``task.finished``).
Restore, import and merge announce ``ops.ALL`` when they changed the data."""
from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.records.fields import KINDS, RECORD_KINDS
from core.safety import backup, integrity, merge
from core.safety import secrets as security
from core.text import fmt_date, fmt_int
from ui import ops
from ui.widgets import vi
from ui.widgets.tables import read_only_table

log = logging.getLogger(__name__)


def importer():
    """core.io.importer, loaded when the clerk imports (openpyxl is not needed to start)."""
    from core.io import importer as mod

    return mod

NOTE_STYLE = "color: #444;"
ERROR_STYLE = "color: #b00020;"


def _item(text, align_right=False) -> QTableWidgetItem:
    it = QTableWidgetItem("" if text is None else str(text))
    it.setFlags(it.flags() & ~Qt.ItemFlag.ItemIsEditable)
    if align_right:
        it.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return it


def _size(n: int) -> str:
    from core.text import fmt_number
    if n >= 1024 * 1024:
        return f"{fmt_number(n / 1024 / 1024, 1)} MB"
    return f"{fmt_int(max(1, n // 1024))} KB"


def _when(dtm) -> str:
    return f"{dtm:%H:%M} {fmt_date(dtm.date())}" if dtm else ""


def _wrap(text, style=NOTE_STYLE) -> QLabel:
    lb = QLabel(text)
    lb.setWordWrap(True)
    lb.setStyleSheet(style)
    return lb


# ------------------------------------------------------------ restore
class RestoreDialog(QDialog):
    """Pick a backup, see what it holds next to the current data, restore.

    With ``store`` the open data is replaced in place (``security.restore``:
    current data backed up first).  Without a store (start-up, damaged or
    unreadable file) ``problem`` explains why, and the backup is copied in
    with ``backup.recover`` (the damaged file is moved aside, kept)."""

    def __init__(self, data_dir, store=None, problem: str | None = None, parent=None, preselect: Path | None = None):
        super().__init__(parent)
        self.setObjectName("restore_dialog")
        self.data_dir = Path(data_dir)
        self.store = store
        self.file: Path | None = None
        self.restored = False
        self.safety: Path | None = None
        self.task = None
        self.setWindowTitle("Khôi phục dữ liệu từ bản sao lưu" if store else "Dữ liệu cần khôi phục")
        self.resize(960, 580)
        v = QVBoxLayout(self)
        if problem:
            v.addWidget(_wrap(problem, ERROR_STYLE + " font-weight: bold;"))
        v.addWidget(_wrap("Chọn một bản sao lưu để xem nó chứa gì. Khi khôi phục, dữ liệu hiện tại được sao lưu "
                          "trước rồi mới bị thay thế, nên luôn có thể quay lại." if store else
                          "Chọn bản sao lưu để khôi phục (mặc định: bản gần nhất còn tốt). Tệp dữ liệu hỏng được "
                          "giữ lại riêng trong thư mục sao lưu, không bị xóa."))
        h = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(QLabel("<b>Các bản sao lưu trong máy</b>"))
        self.list = read_only_table(["Thời điểm", "Loại", "Dung lượng"], stretch_last=False)
        self.list.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        left.addWidget(self.list, 1)
        self.other = QPushButton("Chọn tệp khác (USB)…")
        self.other.clicked.connect(self.choose_file)
        left.addWidget(self.other)
        h.addLayout(left, 5)
        box = QGroupBox("Bản sao lưu đã chọn chứa")
        bv = QVBoxLayout(box)
        self.info = QFormLayout()
        self.l_when = QLabel("")
        self.l_unit = QLabel("")
        self.l_last = QLabel("")
        self.l_file = QLabel("")
        self.l_file.setWordWrap(True)
        self.l_file.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.info.addRow("Thời điểm sao lưu:", self.l_when)
        self.info.addRow("Đơn vị:", self.l_unit)
        self.info.addRow("Lần sửa cuối:", self.l_last)
        self.info.addRow("Tệp:", self.l_file)
        bv.addLayout(self.info)
        self.counts = read_only_table(["Loại hồ sơ", "Trong bản sao lưu", "Hiện tại"] if store else
                             ["Loại hồ sơ", "Trong bản sao lưu"])
        self.counts.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.counts.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        bv.addWidget(self.counts, 1)
        self.status = _wrap("")
        bv.addWidget(self.status)
        h.addWidget(box, 6)
        v.addLayout(h, 1)
        bb = QDialogButtonBox()
        self.ok = bb.addButton("Khôi phục bản này", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel = bb.addButton("Đóng" if store else "Thoát chương trình", QDialogButtonBox.ButtonRole.RejectRole)
        self.ok.clicked.connect(self.do_restore)
        self.cancel.clicked.connect(self.reject)
        v.addWidget(bb)
        self.backups = backup.list_backups(self.data_dir)
        self.list.setRowCount(len(self.backups))
        for i, b in enumerate(self.backups):
            self.list.setItem(i, 0, _item(_when(b.when)))
            self.list.setItem(i, 1, _item(b.reason_label))
            self.list.setItem(i, 2, _item(_size(b.size), True))
        self.list.itemSelectionChanged.connect(self._selected)
        self._current = {}
        if store is not None:
            for key in RECORD_KINDS:
                self._current[key] = store.count(key)
        target = preselect
        if target is None and not store:
            target = backup.newest_good_backup(self.data_dir)
        if target is not None:
            self.show_file(Path(target))
            for i, b in enumerate(self.backups):
                if b.path == Path(target):
                    self.list.blockSignals(True)
                    self.list.selectRow(i)
                    self.list.blockSignals(False)
        elif self.backups:
            self.list.selectRow(0)
        else:
            self.show_file(None)

    def _selected(self):
        rows = self.list.selectionModel().selectedRows()
        if rows:
            self.show_file(self.backups[rows[0].row()].path)

    def choose_file(self):
        path, _ = QFileDialog.getOpenFileName(self, "Chọn bản sao lưu", str(self.data_dir),
                                              "Dữ liệu Sổ Dân vận (*.db);;Mọi tệp (*)")
        if path:
            self.list.clearSelection()
            self.show_file(Path(path))

    def show_file(self, path: Path | None):
        self.file = None
        self.ok.setEnabled(False)
        self.counts.setRowCount(0)
        for lb in (self.l_when, self.l_unit, self.l_last, self.l_file):
            lb.setText("")
        if path is None:
            self.status.setText("Chưa có bản sao lưu nào. Hãy chọn tệp sao lưu (ví dụ trên USB).")
            return
        self.l_file.setText(str(path))
        info = backup.describe_backup(path)
        if not info["ok"]:
            self.status.setStyleSheet(ERROR_STYLE)
            self.status.setText(info["error"] or "Tệp không đọc được.")
            return
        chk = integrity.quick_check(path)
        self.l_when.setText(_when(info.get("when")) + (f" — {info.get('reason_label')}" if info.get("reason_label") else ""))
        units = ", ".join(u["ten"] for u in info["units"])
        self.l_unit.setText(units)
        last = info.get("last_change")
        self.l_last.setText(fmt_date(last[:10]) if last else "")
        self.counts.setRowCount(len(info["counts"]))
        for i, (key, n) in enumerate(info["counts"].items()):
            self.counts.setItem(i, 0, _item(info["labels"][key]))
            self.counts.setItem(i, 1, _item(fmt_int(n), True))
            if self.store is not None:
                self.counts.setItem(i, 2, _item(fmt_int(self._current.get(key, 0)), True))
        if info["newer"]:
            self.status.setStyleSheet(ERROR_STYLE)
            self.status.setText("Bản sao lưu này do phiên bản Sổ Dân vận mới hơn tạo ra: không khôi phục được.")
            return
        if not chk.ok:
            self.status.setStyleSheet(ERROR_STYLE)
            self.status.setText("Bản sao lưu này bị hỏng: hãy chọn bản khác.")
            return
        self.status.setStyleSheet(NOTE_STYLE)
        self.status.setText("Bản sao lưu nguyên vẹn. " + ("Dữ liệu hiện tại sẽ được sao lưu trước khi khôi phục."
                                                          if self.store else ""))
        self.file = path
        self.ok.setEnabled(True)

    def do_restore(self):
        """Restore ``file`` in a worker thread; the dialog is accepted when done
        (at start-up, without a store: before this returns)."""
        if self.file is None:
            return None
        store, file, data_dir = self.store, self.file, self.data_dir

        def failed(exc):  # BackupError, SecurityError: their own message
            ops.show_error(self, exc, "Không khôi phục được")

        if store is not None:
            if not vi.ask(self, "Khôi phục dữ liệu",
                          f"Thay toàn bộ dữ liệu hiện tại bằng bản sao lưu lúc {self.l_when.text()}?",
                          "Dữ liệu hiện tại được sao lưu trước, có thể khôi phục lại nếu cần.",
                          yes="Khôi phục", no="Không"):
                return None

            def restored(safety):
                self.safety = safety
                self.restored = True
                notes = "\n".join(getattr(safety, "problems", ()))  # attachment rows refused
                vi.info(self, "Đã khôi phục", "Đã khôi phục dữ liệu từ bản sao lưu.",
                        f"Dữ liệu trước khi khôi phục được giữ trong {safety}." + (f"\n\n{notes}" if notes else ""))
                self.accept()

            self.task = ops.run(self, "Đang khôi phục dữ liệu từ bản sao lưu…",
                                lambda: security.restore(store, file), restored, failed, changes=ops.ALL)
        else:
            # at start-up, before the window: the worker is waited for here, so
            # whoever drives this dialog (startup_hook) has the outcome on return
            try:
                aside = ops.call(self, "Đang khôi phục dữ liệu từ bản sao lưu…",
                                 lambda: backup.recover(data_dir, file))
            except Exception as e:
                failed(e)
                return None
            self.restored = True
            vi.info(self, "Đã khôi phục", "Đã khôi phục dữ liệu từ bản sao lưu.",
                    f"Tệp dữ liệu hỏng được giữ trong {aside}." if aside else None)
            self.accept()
        return self.task


# ------------------------------------------------------------- import
class ImportDialog(QDialog):
    """Choose a file (and the kind, or let it be recognised), check every
    row; nothing is imported while rows are rejected, unless the clerk
    chooses "import the valid rows"."""

    def __init__(self, store, parent=None, path: str | None = None):
        super().__init__(parent)
        self.setObjectName("import_dialog")
        self.store = store
        self.result = None  # core.io.importer.ImportResult
        self.changed = False
        self.task = None
        self.setWindowTitle("Nhập hồ sơ từ Excel")
        self.resize(900, 560)
        v = QVBoxLayout(self)
        v.addWidget(_wrap("Tệp Excel (.xlsx) có dòng tiêu đề cột: tên cột tiếng Việt hoặc mã trường như trong mẫu "
                          "nhập. Mọi dòng được kiểm tra như khi nhập trên màn hình; nếu còn dòng lỗi thì chưa nhập "
                          "dòng nào. Nhập lại cùng một tệp không tạo hồ sơ trùng."))
        f = QFormLayout()
        row = QHBoxLayout()
        self.path = QLineEdit(path or "")
        self.path.setPlaceholderText("Chọn tệp .xlsx…")
        b = QPushButton("Chọn tệp…")
        b.clicked.connect(self.choose)
        row.addWidget(self.path, 1)
        row.addWidget(b)
        f.addRow("Tệp Excel:", row)
        self.kind = QComboBox()
        self.kind.addItem("Tự nhận biết theo tên cột", None)
        for key in RECORD_KINDS:
            self.kind.addItem(KINDS[key].title, key)
        f.addRow("Loại hồ sơ:", self.kind)
        v.addLayout(f)
        self.summary = _wrap("")
        self.summary.setObjectName("import_summary")
        v.addWidget(self.summary)
        self.warn = _wrap("", "color: #8a6d00;")
        self.warn.hide()
        v.addWidget(self.warn)
        self.rejected = read_only_table(["Dòng", "Lý do"])
        self.rejected.setWordWrap(True)
        self.rejected.hide()
        v.addWidget(self.rejected, 1)
        bb = QDialogButtonBox()
        self.run_btn = bb.addButton("Kiểm tra và nhập", QDialogButtonBox.ButtonRole.ActionRole)
        self.valid_btn = bb.addButton("Chỉ nhập các dòng hợp lệ", QDialogButtonBox.ButtonRole.ActionRole)
        self.valid_btn.hide()
        close = bb.addButton("Đóng", QDialogButtonBox.ButtonRole.RejectRole)
        self.run_btn.clicked.connect(lambda: self.run("all_or_nothing"))
        self.valid_btn.clicked.connect(lambda: self.run("valid_rows"))
        close.clicked.connect(self.reject)
        v.addWidget(bb)

    def choose(self):
        p, _ = QFileDialog.getOpenFileName(self, "Chọn tệp Excel", self.path.text() or "", "Excel (*.xlsx)")
        if p:
            self.path.setText(p)

    def run(self, mode: str):
        """Check (and import) the file in the background; the result shows when done."""
        p = self.path.text().strip()
        if not p:
            self.summary.setStyleSheet(ERROR_STYLE)
            self.summary.setText("Hãy chọn tệp Excel cần nhập.")
            return None
        mod, store, kind = importer(), self.store, self.kind.currentData()

        def failed(exc):
            if isinstance(exc, mod.ExcelError):  # the file itself: said under the file name
                self.summary.setStyleSheet(ERROR_STYLE)
                self.summary.setText(str(exc))
            else:
                ops.show_error(self, exc, "Không nhập được")

        self.task = ops.run(self, "Đang kiểm tra và nhập tệp Excel…",
                            lambda: mod.import_xlsx(store, p, kind=kind, mode=mode), self.show_result, failed)
        return self.task

    def show_result(self, r):
        self.result = r
        if r.committed and r.added:
            self.changed = True
            ops.notify(ops.ALL)  # new records, maybe of new years
        i = self.kind.findData(r.kind)
        if i >= 0 and self.kind.currentData() is None:
            self.kind.setCurrentIndex(i)
        title = KINDS[r.kind].title
        if r.rejected and not r.committed:
            self.summary.setStyleSheet(ERROR_STYLE + " font-weight: bold;")
            self.summary.setText(f"{title}: {fmt_int(r.total)} dòng. {r.summary()} Sửa các dòng dưới đây trong tệp "
                                 "rồi nhập lại, hoặc chọn “Chỉ nhập các dòng hợp lệ”.")
        else:
            self.summary.setStyleSheet("color: #1b5e20; font-weight: bold;")
            self.summary.setText(f"{title}: {r.summary()}")
        self.warn.setVisible(bool(r.warnings))
        self.warn.setText("\n".join(r.warnings))
        self.rejected.setVisible(bool(r.rejected))
        self.rejected.setRowCount(len(r.rejected))
        for i, (row_no, reason) in enumerate(r.rejected):
            self.rejected.setItem(i, 0, _item(row_no, True))
            self.rejected.setItem(i, 1, _item(reason))
        self.rejected.resizeRowsToContents()
        self.valid_btn.setVisible(bool(r.rejected) and not r.committed and r.valid > 0)
        self.run_btn.setEnabled(not r.committed)


# ------------------------------------------------------------- merge
class MergeDialog(QDialog):
    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.setObjectName("merge_dialog")
        self.store = store
        self.result = None
        self.task = None
        self.setWindowTitle("Gộp dữ liệu đơn vị cũ")
        self.resize(720, 330)
        v = QVBoxLayout(self)
        v.addWidget(_wrap("Đưa sổ của một xã, phường cũ (trước sáp nhập) vào dữ liệu này: chọn thư mục dữ liệu hoặc "
                          "tệp .db của Sổ Dân vận ở đơn vị cũ. Hồ sơ được ghi dưới tên đơn vị cũ, báo cáo của đơn vị "
                          "hiện tại cộng cả phần này. Gộp lại lần nữa không tạo bản trùng."))
        f = QFormLayout()
        row = QHBoxLayout()
        self.path = QLineEdit()
        b1 = QPushButton("Thư mục…")
        b2 = QPushButton("Tệp .db…")
        b1.clicked.connect(self.choose_dir)
        b2.clicked.connect(self.choose_file)
        row.addWidget(self.path, 1)
        row.addWidget(b1)
        row.addWidget(b2)
        f.addRow("Dữ liệu đơn vị cũ:", row)
        self.name = QLineEdit()
        self.name.setPlaceholderText("ví dụ: Nghĩa Hà")
        f.addRow("Tên đơn vị cũ:", self.name)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("chỉ khi dữ liệu cũ có mật khẩu")
        f.addRow("Mật khẩu dữ liệu cũ:", self.password)
        v.addLayout(f)
        self.status = _wrap("")
        v.addWidget(self.status)
        v.addStretch(1)
        bb = QDialogButtonBox()
        self.go = bb.addButton("Gộp dữ liệu", QDialogButtonBox.ButtonRole.AcceptRole)
        close = bb.addButton("Đóng", QDialogButtonBox.ButtonRole.RejectRole)
        self.go.clicked.connect(self.run)
        close.clicked.connect(self.reject)
        v.addWidget(bb)

    def choose_dir(self):
        p = QFileDialog.getExistingDirectory(self, "Chọn thư mục dữ liệu của đơn vị cũ")
        if p:
            self.path.setText(p)

    def choose_file(self):
        p, _ = QFileDialog.getOpenFileName(self, "Chọn tệp dữ liệu của đơn vị cũ", "", "Dữ liệu Sổ Dân vận (*.db)")
        if p:
            self.path.setText(p)

    def run(self):
        """Merge in the background; the outcome shows under the form when done."""
        if not self.path.text().strip():
            self.status.setStyleSheet(ERROR_STYLE)
            self.status.setText("Hãy chọn thư mục hoặc tệp dữ liệu của đơn vị cũ.")
            return None
        store, source, name = self.store, self.path.text().strip(), self.name.text()
        password = self.password.text() or None

        def merged(result):
            self.result = result
            self.status.setStyleSheet("color: #1b5e20; font-weight: bold;")
            text = result.summary()
            if result.attachments:
                text += f" Đã chép {fmt_int(result.attachments)} tệp đính kèm."
            self.status.setText(text)
            if result.total_added:
                ops.notify(ops.ALL)

        def failed(exc):
            if isinstance(exc, (merge.MergeError, backup.BackupError, security.SecurityError)):
                self.status.setStyleSheet(ERROR_STYLE)
                self.status.setText(str(exc))
            else:
                ops.show_error(self, exc, "Không gộp được")

        self.task = ops.run(self, "Đang gộp dữ liệu đơn vị cũ…",
                            lambda: merge.merge(store, source, name, source_password=password), merged, failed)
        return self.task


# ------------------------------------------------------------ password
class PasswordPrompt(QDialog):
    """At start, before the data is opened: the password, checked against
    the verifier in the data file.  ``key`` holds the AES key when right."""

    def __init__(self, data_dir, parent=None):
        super().__init__(parent)
        self.setObjectName("password_prompt")
        self.params = security.params_in_file(data_dir)
        self.key = None
        self.tries = 0
        self.setWindowTitle("Sổ Dân vận — mật khẩu")
        self.setMinimumWidth(460)
        v = QVBoxLayout(self)
        title = QLabel("Sổ Dân vận")
        title.setStyleSheet("font-size: 18px; font-weight: bold; color: #1f4e79;")
        v.addWidget(title)
        v.addWidget(_wrap("Dữ liệu được bảo vệ bằng mật khẩu. Nhập mật khẩu để mở."))
        self.edit = QLineEdit()
        self.edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.edit.setPlaceholderText("Mật khẩu")
        v.addWidget(self.edit)
        self.err = _wrap("", ERROR_STYLE)
        v.addWidget(self.err)
        bb = QDialogButtonBox()
        self.ok = bb.addButton("Mở", QDialogButtonBox.ButtonRole.AcceptRole)
        quit_ = bb.addButton("Thoát", QDialogButtonBox.ButtonRole.RejectRole)
        self.ok.setDefault(True)
        self.ok.clicked.connect(self.check)
        quit_.clicked.connect(self.reject)
        v.addWidget(bb)

    def check(self):
        pw = self.edit.text()
        key = security.key_from_params(self.params, pw) if pw else None
        if key is None:
            self.tries += 1
            self.err.setText("Mật khẩu không đúng. Hãy thử lại (chú ý bộ gõ tiếng Việt và phím Caps Lock)."
                             if pw else "Hãy nhập mật khẩu.")
            self.edit.selectAll()
            self.edit.setFocus()
            return
        self.key = key
        self.accept()


class PasswordDialog(QDialog):
    """Set, change or clear the password."""

    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.setObjectName("password_dialog")
        self.store = store
        self.done_action = None
        self.task = None
        has = security.is_set(store)
        self.setWindowTitle("Mật khẩu và bảo mật")
        self.setMinimumWidth(560)
        v = QVBoxLayout(self)
        v.addWidget(_wrap("Khi đặt mật khẩu: phải nhập mật khẩu mỗi lần mở chương trình, và thông tin người tố cáo "
                          "(họ tên, địa chỉ, thôn, CCCD, điện thoại) được mã hóa trong dữ liệu và các bản sao lưu tự "
                          "động. Nếu quên mật khẩu thì không xem lại được thông tin người tố cáo; các số liệu khác "
                          "vẫn dùng được khi có mật khẩu mới."))
        f = QFormLayout()
        self.old = QLineEdit()
        self.new = QLineEdit()
        self.again = QLineEdit()
        for e in (self.old, self.new, self.again):
            e.setEchoMode(QLineEdit.EchoMode.Password)
        if has:
            f.addRow("Mật khẩu hiện tại:", self.old)
        f.addRow("Mật khẩu mới:", self.new)
        f.addRow("Nhập lại mật khẩu mới:", self.again)
        v.addLayout(f)
        self.err = _wrap("", ERROR_STYLE)
        v.addWidget(self.err)
        bb = QDialogButtonBox()
        self.set_btn = bb.addButton("Đổi mật khẩu" if has else "Đặt mật khẩu", QDialogButtonBox.ButtonRole.AcceptRole)
        self.clear_btn = bb.addButton("Bỏ mật khẩu", QDialogButtonBox.ButtonRole.DestructiveRole)
        self.clear_btn.setVisible(has)
        cancel = bb.addButton("Hủy", QDialogButtonBox.ButtonRole.RejectRole)
        self.set_btn.clicked.connect(self.do_set)
        self.clear_btn.clicked.connect(self.do_clear)
        cancel.clicked.connect(self.reject)
        v.addWidget(bb)

    def _failed(self, exc):
        if isinstance(exc, security.SecurityError):  # a wrong or too short password: under the fields
            self.err.setText(str(exc))
        else:
            ops.show_error(self, exc, "Không đổi được mật khẩu")

    def do_set(self):
        """Set or change the password (identities and backups re-encrypted in the background)."""
        if self.new.text() != self.again.text():
            self.err.setText("Hai lần nhập mật khẩu mới không khớp.")
            return None
        store, new, old = self.store, self.new.text(), self.old.text() or None

        def done(problems):
            self.done_action = "set"
            vi.info(self, "Đã đặt mật khẩu", "Đã đặt mật khẩu; thông tin người tố cáo đã được mã hóa.",
                    "\n".join(problems) or None)  # each a sentence (core.safety.secrets)
            self.accept()

        # the đơn thư lists show the identities masked from now on
        self.task = ops.run(self, "Đang đặt mật khẩu và mã hóa thông tin người tố cáo…",
                            lambda: security.set_password(store, new, old), done, self._failed, changes="don_thu")
        return self.task

    def do_clear(self):
        store, old = self.store, self.old.text()

        def done(problems):
            self.done_action = "clear"
            vi.info(self, "Đã bỏ mật khẩu", "Đã bỏ mật khẩu.",
                    "\n".join(problems) or None)  # each a sentence (core.safety.secrets)
            self.accept()

        self.task = ops.run(self, "Đang bỏ mật khẩu…", lambda: security.clear_password(store, old), done,
                            self._failed, changes="don_thu")
        return self.task


# ------------------------------------------------------------ template
class TemplateDialog(QDialog):
    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.setObjectName("template_dialog")
        self.store = store
        self.saved: Path | None = None
        self.setWindowTitle("Tải mẫu nhập Excel")
        v = QVBoxLayout(self)
        v.addWidget(_wrap("Mẫu gồm dòng tiêu đề cột (cột chữ đỏ là bắt buộc), danh sách chọn cho các cột danh mục, "
                          "và trang “Hướng dẫn” giải thích từng cột."))
        self.kind = QComboBox()
        for key in RECORD_KINDS:
            self.kind.addItem(KINDS[key].title, key)
        f = QFormLayout()
        f.addRow("Loại hồ sơ:", self.kind)
        v.addLayout(f)
        bb = QDialogButtonBox()
        ok = bb.addButton("Lưu mẫu…", QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = bb.addButton("Hủy", QDialogButtonBox.ButtonRole.RejectRole)
        ok.clicked.connect(self.save)
        cancel.clicked.connect(self.reject)
        v.addWidget(bb)

    def save(self):
        from core.io import excel
        from core.text import fold
        key = self.kind.currentData()
        name = "mau_nhap_" + fold(KINDS[key].title).replace(" ", "_").replace(",", "") + ".xlsx"
        p, _ = QFileDialog.getSaveFileName(self, "Lưu mẫu nhập Excel", name, "Excel (*.xlsx)")
        if not p:
            return
        try:
            self.saved = excel.write_template(key, p, self.store)
        except excel.ExcelError as e:
            vi.error(self, "Không lưu được mẫu", str(e))
            return
        vi.info(self, "Đã lưu mẫu", f"Đã lưu mẫu nhập {KINDS[key].title.lower()}.", str(self.saved))
        self.accept()


def backup_to_folder(store, parent: QWidget | None = None) -> ops.Task | None:
    """"Sao lưu…": a backup (and the attachments) into a chosen folder, made
    in the background; the message says where when done.  Returns the
    running step (``result``: the backup's path and ``describe_backup``), or
    None when no folder was chosen."""
    d = QFileDialog.getExistingDirectory(parent, "Chọn thư mục để lưu bản sao lưu (ví dụ ổ USB)")
    if not d:
        return None

    def work():
        p = backup.make_backup(store, "manual", d)
        return p, backup.describe_backup(p)

    def done(res):
        p, info = res
        counts = "; ".join(f"{info['labels'][k]}: {fmt_int(n)}" for k, n in info["counts"].items() if n)
        vi.info(parent, "Đã sao lưu", f"Đã sao lưu dữ liệu vào {p}.", counts or None)

    return ops.run(parent, "Đang sao lưu dữ liệu…", work, done,
                   lambda exc: ops.show_error(parent, exc, "Không sao lưu được"))


def ask_reveal(parent, store, record_id: int) -> dict | None:
    """For the đơn thư editor: the explicit "Xem thông tin người tố cáo"
    action — a confirmation, then ``security.reveal`` (written to the audit
    log).  Returns the identity fields, or None (declined, or no password
    given this session)."""
    if not vi.ask(parent, "Thông tin bảo mật",
                  "Xem họ tên, địa chỉ, CCCD, điện thoại của người tố cáo?",
                  "Thông tin này được bảo mật theo Luật Tố cáo; việc xem sẽ được ghi vào nhật ký thay đổi.",
                  yes="Xem", no="Không"):
        return None
    try:
        return security.reveal(store, record_id)
    except security.SecurityError as e:
        vi.error(parent, "Không xem được", str(e))
        return None
