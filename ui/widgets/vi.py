"""Vietnamese for Qt's own texts.

PySide6 ships no Vietnamese translation of Qt, so standard buttons, the
context menu of text boxes and the file dialog would show English.  A
``QTranslator`` subclass answers Qt's ``translate()`` calls from the table
below; ``install(app)`` also sets the vi_VN locale (calendar popups, month
names).  The message-box helpers build questions whose buttons read
"Có" / "Không" / "Hủy" whatever Qt's own table says.
"""
from __future__ import annotations

from PySide6.QtCore import QLocale, QTranslator
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox, QWidget

# source text (as Qt writes it) -> Vietnamese; context-free, Qt's strings are distinct enough
TEXTS: dict[str, str] = {
    # QPlatformTheme standard buttons
    "OK": "Đồng ý", "&OK": "Đồng ý", "Save": "Lưu", "&Save": "&Lưu", "Save All": "Lưu tất cả",
    "Open": "Mở", "&Open": "&Mở", "&Yes": "&Có", "Yes": "Có", "Yes to &All": "Có với &tất cả",
    "&No": "&Không", "No": "Không", "N&o to All": "K&hông với tất cả", "Abort": "Hủy bỏ", "Retry": "Thử lại",
    "Ignore": "Bỏ qua", "Close": "Đóng", "&Close": "Đó&ng", "Cancel": "Hủy", "&Cancel": "&Hủy",
    "Discard": "Bỏ thay đổi", "Don't Save": "Không lưu", "Close without Saving": "Đóng, không lưu",
    "Help": "Trợ giúp", "Apply": "Áp dụng", "Reset": "Đặt lại", "Restore Defaults": "Khôi phục mặc định",
    "Show Details...": "Xem chi tiết...", "Hide Details...": "Ẩn chi tiết...",
    # text box context menus (QLineEdit, QWidgetTextControl)
    "&Undo": "&Hoàn tác", "&Redo": "&Làm lại", "Cu&t": "Cắ&t", "&Copy": "&Sao chép",
    "Copy &Link Location": "Sao chép địa chỉ &liên kết", "&Paste": "&Dán", "Delete": "Xóa",
    "Select All": "Chọn tất cả", "&Delete": "&Xóa",
    # QFileDialog (non-native)
    "Look in:": "Tìm trong:", "File &name:": "Tên &tệp:", "Files of type:": "Loại tệp:",
    "Detail View": "Xem chi tiết", "List View": "Xem danh sách", "Back": "Quay lại", "Forward": "Tiến tới",
    "Parent Directory": "Thư mục cha", "Create New Folder": "Tạo thư mục mới", "New Folder": "Thư mục mới",
    "&Choose": "&Chọn", "All Files (*)": "Mọi tệp (*)", "Directory:": "Thư mục:", "Name": "Tên",
    "Size": "Kích thước", "Type": "Loại", "Date Modified": "Ngày sửa", "My Computer": "Máy tính",
    "Computer": "Máy tính", "&Rename": "Đổi &tên", "Show &hidden files": "Hiện tệp &ẩn",
    "&Look in:": "&Tìm trong:", "Files of &type:": "&Loại tệp:", "File name:": "Tên tệp:",
    # QPrintDialog (Linux: Qt's own; Windows uses the system's dialog)
    "Print": "In", "&Print": "&In", "Printer": "Máy in", "&Name:": "&Tên:", "P&roperties": "Thuộc &tính",
    "Location:": "Vị trí:", "Type:": "Loại:", "Output &file:": "Tệp &xuất:", "&Options >>": "&Tùy chọn >>",
    "&Options <<": "&Tùy chọn <<", "Print range": "Phạm vi in", "Print all": "In tất cả", "Pages from": "Từ trang",
    "to": "đến", "Pages": "Trang", "Current Page": "Trang hiện tại", "Selection": "Vùng chọn",
    "Output Settings": "Thiết lập in", "Copies:": "Số bản:", "Collate": "Sắp theo bộ", "Reverse": "In ngược",
    "Color Mode": "Chế độ màu", "Color": "Màu", "Grayscale": "Thang xám",
    "Double Sided Printing": "In hai mặt", "Off": "Tắt", "Long side binding": "Đóng gáy cạnh dài",
    "Short side binding": "Đóng gáy cạnh ngắn", "Page &Set:": "&Nhóm trang:", "Preview": "Xem trước",
    "Print to File (PDF)": "In ra tệp (PDF)", "All Pages": "Tất cả các trang", "Odd Pages": "Trang lẻ",
    "Even Pages": "Trang chẵn", "Options": "Tùy chọn", "Copies": "Bản in", "Page Setup": "Thiết lập trang",
    "Local file": "Tệp trên máy", "Write PDF file": "Ghi tệp PDF", "Print To File ...": "In ra tệp...",
    # QColorDialog/QInputDialog-ish leftovers and QMessageBox title
    "About Qt": "Giới thiệu Qt",
}


class ViTranslator(QTranslator):
    def translate(self, context, source, disambiguation=None, n=-1):  # noqa: N802 (Qt name)
        # None = "no translation": an empty string would blank every Qt text missing from TEXTS
        return TEXTS.get(source)

    def isEmpty(self):  # noqa: N802
        return False


def install(app) -> ViTranslator:
    """Install the Vietnamese texts and locale on ``app`` (idempotent)."""
    existing = getattr(app, "_vi_translator", None)
    if existing is not None:
        return existing
    QLocale.setDefault(QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam))
    tr = ViTranslator(app)
    app.installTranslator(tr)
    app._vi_translator = tr
    return tr


def vi_buttons(box: QDialogButtonBox) -> QDialogButtonBox:
    """Force Vietnamese texts on a button box's standard buttons."""
    names = {QDialogButtonBox.StandardButton.Ok: "Đồng ý", QDialogButtonBox.StandardButton.Cancel: "Hủy",
             QDialogButtonBox.StandardButton.Save: "Lưu", QDialogButtonBox.StandardButton.Close: "Đóng",
             QDialogButtonBox.StandardButton.Yes: "Có", QDialogButtonBox.StandardButton.No: "Không",
             QDialogButtonBox.StandardButton.Apply: "Áp dụng", QDialogButtonBox.StandardButton.Discard: "Bỏ thay đổi",
             QDialogButtonBox.StandardButton.Help: "Trợ giúp"}
    for sb, text in names.items():
        b = box.button(sb)
        if b is not None:
            b.setText(text)
    return box


# ------------------------------------------------------------ message boxes
def _box(parent: QWidget | None, icon, title: str, text: str, detail: str | None = None) -> QMessageBox:
    m = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, parent)
    if detail:
        m.setInformativeText(detail)
    return m


def ask(parent, title: str, text: str, detail: str | None = None, yes: str = "Có", no: str = "Không",
        default_yes: bool = False) -> bool:
    """A yes/no question; True when the clerk answers yes."""
    m = _box(parent, QMessageBox.Icon.Question, title, text, detail)
    b_yes = m.addButton(yes, QMessageBox.ButtonRole.YesRole)
    b_no = m.addButton(no, QMessageBox.ButtonRole.NoRole)
    m.setDefaultButton(b_yes if default_yes else b_no)
    m.setEscapeButton(b_no)
    m.exec()
    return m.clickedButton() is b_yes


def ask_yes_no_cancel(parent, title: str, text: str, yes: str = "Có", no: str = "Không",
                      cancel: str = "Hủy") -> str:
    """'yes' / 'no' / 'cancel'."""
    m = _box(parent, QMessageBox.Icon.Question, title, text)
    b_yes = m.addButton(yes, QMessageBox.ButtonRole.YesRole)
    b_no = m.addButton(no, QMessageBox.ButtonRole.NoRole)
    b_cancel = m.addButton(cancel, QMessageBox.ButtonRole.RejectRole)
    m.setDefaultButton(b_yes)
    m.setEscapeButton(b_cancel)
    m.exec()
    c = m.clickedButton()
    return "yes" if c is b_yes else "no" if c is b_no else "cancel"


def info(parent, title: str, text: str, detail: str | None = None):
    m = _box(parent, QMessageBox.Icon.Information, title, text, detail)
    m.addButton("Đóng", QMessageBox.ButtonRole.AcceptRole)
    m.exec()


def error(parent, title: str, text: str, detail: str | None = None):
    m = _box(parent, QMessageBox.Icon.Critical, title, text, detail)
    m.addButton("Đóng", QMessageBox.ButtonRole.AcceptRole)
    m.exec()


def warning(parent, title: str, text: str, detail: str | None = None):
    m = _box(parent, QMessageBox.Icon.Warning, title, text, detail)
    m.addButton("Đóng", QMessageBox.ButtonRole.AcceptRole)
    m.exec()
