"""Trợ giúp › Hướng dẫn sử dụng: a short Vietnamese guide — the year's
workflow, where the data and its backups are (this book's real folders),
how to make the report (issue 15 item 18)."""
from __future__ import annotations

import html

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout

from core.paths import ATTACHMENTS_DIRNAME, BACKUP_DIRNAME, DB_FILENAME

from .widgets import vi


def guide_html(data_dir) -> str:
    d = html.escape(str(data_dir))
    sep = "\\" if "\\" in str(data_dir) else "/"
    b = html.escape(f"{data_dir}{sep}{BACKUP_DIRNAME}")
    a = html.escape(f"{data_dir}{sep}{ATTACHMENTS_DIRNAME}")
    return f"""
<h2>Hướng dẫn sử dụng Sổ Dân vận</h2>

<h3>1. Công việc trong năm</h3>
<ol>
<li><b>Đầu năm</b>: kiểm tra “Danh mục &amp; cài đặt” — thông tin đơn vị, thôn và tổ dân phố, tổ hòa giải,
lãnh đạo ký báo cáo, nơi nhận; thời hạn theo luật ở thẻ “Thời hạn”.</li>
<li><b>Hằng ngày</b>: mỗi đơn thư nhận được, mỗi lượt tiếp công dân, buổi đối thoại, vụ việc hòa giải
ghi ngay vào trang tương ứng (Ctrl+N: thêm mới, Ctrl+S: lưu, Ctrl+Z: hoàn tác ô vừa sửa).
Trang “Tổng quan” nhắc các đơn sắp đến hạn và quá hạn.</li>
<li><b>Hằng tháng, quý</b>: ghi văn bản chỉ đạo, hoạt động tuyên truyền, mô hình “Dân vận khéo” và
“Số liệu theo kỳ”; cập nhật kết quả giải quyết đơn.</li>
<li><b>Cuối kỳ</b>: lập báo cáo 6 tháng, năm (mục 3 dưới đây).</li>
</ol>

<h3>2. Dữ liệu và bản sao lưu ở đâu</h3>
<ul>
<li>Thư mục dữ liệu của sổ này: <b>{d}</b><br>
(tệp sổ <code>{DB_FILENAME}</code>; tệp đính kèm trong <code>{a}</code>).</li>
<li>Bản sao lưu: <b>{b}</b> — chương trình tự sao lưu; sao lưu thêm bằng
“Dữ liệu › Sao lưu…” (Ctrl+Shift+S), khôi phục bằng “Dữ liệu › Khôi phục…”.</li>
<li>Nên chép định kỳ thư mục sao lưu sang USB hoặc máy khác: máy hỏng thì dữ liệu vẫn còn.</li>
<li>Hồ sơ đã xóa nằm trong “Hồ sơ › Thùng rác…” 30 ngày, khôi phục được; sau đó tự xóa hẳn.</li>
</ul>

<h3>3. Lập báo cáo</h3>
<ol>
<li>Mở trang “Báo cáo”, bấm “Báo cáo mới…”, chọn đề cương và kỳ báo cáo (6 tháng, năm…).</li>
<li>Các mục số liệu được viết tự động từ sổ theo dõi; các mục “nhập tay” soạn thêm (có bản nháp gợi ý).</li>
<li>Thẻ “Thông tin chung, nơi nhận, người ký”: số, ký hiệu, ngày, người ký.</li>
<li>“Xem trước” rồi “Xuất Word (DOCX)…”, “Xuất PDF…” hoặc “In…”. Sau khi xuất, bấm “Mở tệp” hoặc
“Mở thư mục”.</li>
</ol>
"""


class GuideDialog(QDialog):
    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.setObjectName("guide_dialog")
        self.setWindowTitle("Hướng dẫn sử dụng")
        self.resize(760, 620)
        lay = QVBoxLayout(self)
        self.browser = QTextBrowser()
        self.browser.setObjectName("guide_text")
        self.browser.setOpenExternalLinks(False)
        self.browser.setHtml(guide_html(store.data_dir))
        lay.addWidget(self.browser, 1)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        vi.vi_buttons(box)
        box.rejected.connect(self.reject)
        box.accepted.connect(self.accept)
        lay.addWidget(box)
