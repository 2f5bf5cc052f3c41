"""First start: on a data folder without a current commune, a short setup
(commune type and name, province, predecessor units if merged, villages,
Chairman and Vice-chairmen, the usual report recipients) — or "Dùng thử với
dữ liệu mẫu", which opens a separate demo folder filled by core.io.demo.
The setup itself (``apply_setup``) and the demo folder's rule
(``core.paths.demo_data_dir``) are the ones the ``setup`` and ``demo``
commands use."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

from core.commands.setup import DEFAULT_RECIPIENTS, apply_setup
from core.paths import demo_data_dir as demo_dir  # one folder rule with the demo command
from core.records.validation import ValidationError


def _lines(text: str) -> list[str]:
    return [x.strip().lstrip("-•").strip() for x in (text or "").splitlines() if x.strip().lstrip("-•").strip()]


def open_demo_store(data_dir, records: int | None = None):
    """Open (and on first use fill) the demo folder beside ``data_dir``."""
    from core.session import open_session
    store = open_session(demo_dir(data_dir))
    if store.current_unit() is None:
        from core.io import demo
        demo.generate(store, records=records)
    return store


class FirstStartDialog(QDialog):
    """``choice`` after exec: 'setup' (the store now has its unit) or 'demo'."""

    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.store = store
        self.choice = None
        self.setWindowTitle("Sổ Dân vận — thiết lập ban đầu")
        self.setMinimumWidth(720)
        lay = QVBoxLayout(self)
        intro = QLabel("<b>Chào mừng!</b> Khai báo vài thông tin về đơn vị để báo cáo đầu tiên ghi đúng tên, "
                       "người ký và nơi nhận. Mọi thông tin đều sửa lại được ở “Danh mục & cài đặt”.")
        intro.setWordWrap(True)
        lay.addWidget(intro)
        form = QFormLayout()
        self.loai = QComboBox()
        for r in store.enum_items("loai_don_vi"):
            self.loai.addItem(r["label"], r["code"])
        self.ten = QLineEdit()
        self.ten.setObjectName("ten")
        self.ten.setPlaceholderText("Ví dụ: Nghĩa Phương (không ghi chữ “xã”)")
        self.ten_err = QLabel("")
        self.ten_err.setStyleSheet("color: #b3261e;")
        self.ten_err.hide()
        self.tinh = QLineEdit()
        self.tinh.setPlaceholderText("Ví dụ: Quảng Ngãi")
        self.preds = self._multi("Nếu đơn vị được sáp nhập từ các xã cũ: mỗi dòng một tên (ví dụ: Hòa Bình)")
        self.thon = self._multi("Mỗi dòng một thôn hoặc tổ dân phố (ví dụ: Thôn An Bình)")
        self.chu_tich = QLineEdit()
        self.chu_tich.setPlaceholderText("Họ tên Chủ tịch UBND")
        self.pho = self._multi("Mỗi dòng một Phó Chủ tịch", 44)
        self.noi_nhan = self._multi("", 96)
        self.noi_nhan.setPlainText("\n".join(DEFAULT_RECIPIENTS))
        form.addRow("Loại đơn vị", self.loai)
        form.addRow("Tên đơn vị *", self.ten)
        form.addRow("", self.ten_err)
        form.addRow("Tỉnh, thành phố", self.tinh)
        form.addRow("Đơn vị cũ đã sáp nhập", self.preds)
        form.addRow("Thôn, tổ dân phố", self.thon)
        form.addRow("Chủ tịch UBND", self.chu_tich)
        form.addRow("Phó Chủ tịch UBND", self.pho)
        form.addRow("Nơi nhận báo cáo", self.noi_nhan)
        lay.addLayout(form)
        row = QHBoxLayout()
        self.demo_btn = QPushButton("Dùng thử với dữ liệu mẫu")
        self.demo_btn.setObjectName("demo")
        self.demo_btn.setToolTip("Mở một thư mục riêng chứa dữ liệu mẫu; dữ liệu thật của đơn vị không bị ảnh hưởng.")
        self.quit_btn = QPushButton("Thoát")
        self.ok_btn = QPushButton("Bắt đầu sử dụng")
        self.ok_btn.setObjectName("start")
        self.ok_btn.setDefault(True)
        row.addWidget(self.demo_btn)
        row.addStretch(1)
        row.addWidget(self.quit_btn)
        row.addWidget(self.ok_btn)
        lay.addLayout(row)
        self.ok_btn.clicked.connect(self.accept_setup)
        self.demo_btn.clicked.connect(self.choose_demo)
        self.quit_btn.clicked.connect(self.reject)
        self.ten.setFocus()

    def _multi(self, placeholder: str, height: int = 56) -> QPlainTextEdit:
        w = QPlainTextEdit()
        w.setPlaceholderText(placeholder)
        w.setTabChangesFocus(True)
        w.setFixedHeight(height)
        return w

    def data(self) -> dict:
        return {"loai": self.loai.currentData(), "ten": self.ten.text().strip(), "tinh": self.tinh.text().strip(),
                "predecessors": _lines(self.preds.toPlainText()), "thon": _lines(self.thon.toPlainText()),
                "chu_tich": self.chu_tich.text().strip(), "pho_chu_tich": _lines(self.pho.toPlainText()),
                "noi_nhan": _lines(self.noi_nhan.toPlainText())}

    def accept_setup(self) -> bool:
        try:
            apply_setup(self.store, self.data())
        except ValidationError as e:
            msg = "\n".join(e.errors.values())
            self.ten_err.setText(msg)
            self.ten_err.show()
            self.ten.setFocus()
            return False
        self.choice = "setup"
        self.accept()
        return True

    def choose_demo(self):
        self.choice = "demo"
        self.accept()

    def keyPressEvent(self, e):  # noqa: N802
        if e.key() == Qt.Key.Key_Escape:
            self.reject()
            return
        super().keyPressEvent(e)
