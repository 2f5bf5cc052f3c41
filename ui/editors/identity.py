"""The denouncer's identity on a stored tố cáo — a đơn thư of loại tố cáo,
or a visit (tiếp công dân) classified tố cáo (SPEC §3.1, Luật Tố cáo 2018
Điều 9): the identity fields open empty and locked, are neither shown nor
sent on save, until the clerk presses "Xem thông tin người tố cáo" — an
explicit reveal written to the audit log (``core.safety.secrets.reveal``).

``IdentityPanel`` is a mixin of ``EditorDialog``.
"""
from __future__ import annotations

from PySide6.QtWidgets import QPushButton

from core.records.secrecy import SECRET_FIELDS, SECRET_MASK, secret_fields


class IdentityPanel:
    """Hide / reveal the identity fields of a tố cáo (mixin of ``EditorDialog``)."""

    def _build_reveal_button(self, group):
        """The reveal button, at the top of the sender's group box (hidden
        until a stored tố cáo is opened)."""
        self.reveal_button = QPushButton("Xem thông tin người tố cáo (ghi nhật ký)", self.body)
        self.reveal_button.setAutoDefault(False)
        self.reveal_button.setToolTip("Danh tính người tố cáo được giữ bí mật (Luật Tố cáo 2018, Điều 9); "
                                      "mỗi lần xem được ghi vào nhật ký.")
        self.reveal_button.clicked.connect(self.reveal_identity)
        group.layout().insertRow(0, "", self.reveal_button)
        self.reveal_button.hide()

    def _hide_identity(self, hide: bool):
        self._secret_hidden = hide
        for name in secret_fields(self.kind_key):
            w = self.widgets[name]
            if hide:
                w.set_value(None)
            w.setEnabled(not hide)
            lab = self.row_labels.get(name)
            if lab is not None:
                lab.setEnabled(not hide)
        self.widgets["ho_ten"].setPlaceholderText(SECRET_MASK if hide else "")
        if self.reveal_button is not None:
            self.reveal_button.setVisible(hide)

    def reveal_identity(self) -> bool:
        """Show a stored denouncer's identity: an explicit action, written to
        the audit log (needs the password when one is set)."""
        if not self._secret_hidden or self.record_id is None:
            return False
        from core.safety import secrets as security

        try:
            ident = security.reveal(self.store, self.record_id, self.kind_key)
        except security.SecurityError as e:
            self.banner.setText(str(e))
            self.banner.show()
            return False
        self._loading = True
        try:
            self._hide_identity(False)
            for name in secret_fields(self.kind_key):
                self.widgets[name].set_value(ident.get(name))
        finally:
            self._loading = False
        for name in secret_fields(self.kind_key):  # revealing is not an edit
            self._snapshot[name] = self.widgets[name].value()
        self._refresh_attachments()  # the same (logged) reveal shows the names of its files
        return True


__all__ = ["IdentityPanel", "SECRET_FIELDS"]
