"""The attachments box of a record editor: add files (kept until the first
save of a new record), open, remove.  A tố cáo's files are secret: their
names show only after the identity is revealed, and opening one is a logged
reveal through a decrypted copy (``core.safety.secrets``).

``AttachmentsPanel`` is a mixin of ``EditorDialog``.
"""
from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
)

from core.errors import UserError
from core.records.attachments import AttachmentPathError
from core.records.secrecy import SECRET_KINDS
from core.records.validation import ValidationError
from core.text import fmt_int

log = logging.getLogger(__name__)

# Item data of a row of the list: the attachment's id (None: not saved yet),
# its file path, and whether it is a tố cáo's secret file.
ID_ROLE = Qt.UserRole
PATH_ROLE = Qt.UserRole + 1
SECRET_ROLE = Qt.UserRole + 2


class AttachmentsPanel:
    """The "Tệp đính kèm" box (mixin of ``EditorDialog``)."""

    def _attachments_box(self) -> QGroupBox:
        box = QGroupBox("Tệp đính kèm", self.body)
        v = QVBoxLayout(box)
        self.attachment_list = QListWidget(box)
        self.attachment_list.setObjectName("attachments")
        fm = self.attachment_list.fontMetrics()
        self.attachment_list.setFixedHeight(fm.lineSpacing() * 3 + 12)
        self.attachment_list.itemActivated.connect(lambda _it: self.open_attachment())
        self.attachment_list.currentItemChanged.connect(lambda *_: self._update_open_button())
        v.addWidget(self.attachment_list)
        h = QHBoxLayout()
        self.add_file_button = QPushButton("Thêm tệp…", box)
        self.open_file_button = QPushButton("Mở", box)
        self.remove_file_button = QPushButton("Bỏ tệp", box)
        for b in (self.add_file_button, self.open_file_button, self.remove_file_button):
            b.setAutoDefault(False)
            h.addWidget(b)
        h.addStretch(1)
        v.addLayout(h)
        self.add_file_button.clicked.connect(self.add_attachment)
        self.open_file_button.clicked.connect(self.open_attachment)
        self.remove_file_button.clicked.connect(self.remove_attachment)
        return box

    def _refresh_attachments(self):
        if not hasattr(self, "attachment_list"):
            return
        lst = self.attachment_list
        lst.clear()
        if self.record_id is not None:
            names = {}
            if self.kind_key in SECRET_KINDS:  # a đơn thư or a visit: its files may be a denouncer's
                self._flush_replaced_files()
                if not self._secret_hidden:  # the identity was revealed (logged): so are the names
                    from core.safety import secret_files

                    names = secret_files.attachment_names(self.store, self.record_id, self.kind_key)
            n_secret = 0
            for a in self.store.attachments(self.kind_key, self.record_id):
                size = a.get("kich_thuoc") or 0
                secret = bool(a.get("bao_mat"))
                if secret:
                    # a tố cáo's file: its name is part of the denouncer's identity,
                    # shown only after the identity is revealed
                    n_secret += 1
                    name = names.get(a["id"]) or f"Tệp {n_secret} (bảo mật)"
                else:
                    name = a["ten_goc"]
                it = QListWidgetItem(f"{name} ({fmt_int(max(1, round(size / 1024)))} KB)")
                it.setData(ID_ROLE, a["id"])
                try:
                    it.setData(PATH_ROLE, str(self.store.attachment_path(a)))
                except AttachmentPathError:  # a row edited by hand to point outside: listed, never opened
                    it.setData(PATH_ROLE, "")
                    it.setToolTip("Đường dẫn tệp không hợp lệ (nằm ngoài thư mục dữ liệu); tệp không được mở.")
                it.setData(SECRET_ROLE, secret)
                if secret:
                    it.setToolTip("Tệp của đơn tố cáo được giữ bí mật; mở tệp được ghi vào nhật ký.")
                lst.addItem(it)
        for p in self._pending_files:
            it = QListWidgetItem(f"{Path(p).name} (sẽ lưu cùng hồ sơ)")
            it.setData(ID_ROLE, None)
            it.setData(PATH_ROLE, p)
            lst.addItem(it)
        if lst.count():
            lst.setCurrentRow(0)
        has = lst.count() > 0
        self.open_file_button.setEnabled(has)
        self.remove_file_button.setEnabled(has)
        self._update_open_button()

    def _update_open_button(self):
        it = self.attachment_list.currentItem() if hasattr(self, "attachment_list") else None
        secret = bool(it is not None and it.data(SECRET_ROLE))
        self.open_file_button.setText("Mở (ghi nhật ký)" if secret else "Mở")

    def _flush_replaced_files(self):
        """Files replaced when a đơn thư became (or stopped being) a tố cáo
        are deleted once nothing refers to them (core.safety.secrets)."""
        from core.safety import secret_files

        try:
            secret_files.flush_pending(self.store)
        except Exception:  # housekeeping only: never in the clerk's way
            log.warning("replaced attachment files not deleted yet", exc_info=True)

    def _add_pending_files(self, record_id: int):
        """A new record was just saved: the files chosen before join it."""
        for p in self._pending_files:
            try:
                self.store.add_attachment(self.kind_key, record_id, p)
            except (ValidationError, OSError) as e:
                log.warning("attachment %s not added: %s", p, e)
        self._pending_files = []

    def add_attachment(self):
        paths, _ = QFileDialog.getOpenFileNames(self, "Chọn tệp đính kèm", str(Path.home()),
                                                "Tất cả các tệp (*)")
        if not paths:
            return
        if self.record_id is None:
            self._pending_files.extend(paths)
        else:
            from core.safety.secrets import SecurityError

            errs = []
            for p in paths:
                try:
                    self.store.add_attachment(self.kind_key, self.record_id, p)
                except (ValidationError, OSError, SecurityError) as e:
                    errs.append(" ".join(e.errors.values()) if isinstance(e, ValidationError) else str(e))
            if errs:
                self.banner.setText(" ".join(errs))
                self.banner.show()
        self._refresh_attachments()

    def open_attachment(self):
        it = self.attachment_list.currentItem()
        if it is None:
            return
        path = it.data(PATH_ROLE)
        if it.data(SECRET_ROLE):
            # a tố cáo's file: a reveal, logged, through a decrypted copy
            from core.safety import secret_files

            try:
                path = str(secret_files.open_attachment(self.store, it.data(ID_ROLE)))
            except (UserError, OSError) as e:
                self.banner.setText(e.message() if isinstance(e, UserError)
                                    else f"Không mở được tệp đính kèm: {e.strerror or e}")
                self.banner.show()
                return
        if not path:
            self.banner.setText("Không mở được tệp đính kèm: đường dẫn của tệp nằm ngoài thư mục dữ liệu "
                                "(có thể dữ liệu đã bị sửa ngoài chương trình).")
            self.banner.show()
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(path))

    def remove_attachment(self):
        it = self.attachment_list.currentItem()
        if it is None:
            return
        att_id = it.data(ID_ROLE)
        path = it.data(PATH_ROLE)
        if att_id is None:
            self._pending_files.remove(path)
        else:
            label = it.text().rsplit(" (", 1)[0] if it.data(SECRET_ROLE) else Path(path).name
            choice = self._ask("Bỏ tệp", f"Bỏ tệp “{label}” khỏi hồ sơ?",
                               [("remove", "Bỏ tệp"), ("cancel", "Không")], "cancel")
            if choice != "remove":
                return
            self.store.remove_attachment(att_id)
        self._refresh_attachments()


__all__ = ["AttachmentsPanel"]
