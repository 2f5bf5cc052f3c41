"""The one base class of the errors a clerk is shown.

Every problem the program can explain — a book that cannot be opened, a
value that does not validate, a wrong password, a backup or Excel file that
cannot be read, a merge refused, a folder held by the window — raises a
subclass of :class:`UserError` whose ``message()`` is a Vietnamese sentence
saying what happened and what to do.  The window's error handler
(``ui.safety.errors``) and the command line (``cli``) show ``message()``
for any ``UserError`` and treat everything else as unexpected (logged, with
a general apology).
"""
from __future__ import annotations


class UserError(Exception):
    """A problem explained to the clerk in Vietnamese."""

    def message(self) -> str:
        return str(self)


class StoreError(UserError):
    """A problem opening the store, with a Vietnamese message for the clerk
    (``core.records.store.StoreError``; here so that the folder lock does not
    import the store, and sqlite-utils, before the window's first paint)."""


DISK_FULL_MESSAGE = ("Ổ đĩa đã đầy nên không ghi được. Dữ liệu đã lưu trước đó vẫn còn nguyên, tệp ghi dở đã được "
                     "xóa. Hãy giải phóng dung lượng (xóa bớt tệp không cần, dọn Thùng rác) rồi làm lại.")


def is_disk_full(exc: BaseException) -> bool:
    """An ``OSError`` ENOSPC/EDQUOT or SQLite's ``SQLITE_FULL`` ("database or
    disk is full")."""
    import errno
    import sqlite3

    if isinstance(exc, OSError):
        return exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC))
    if isinstance(exc, sqlite3.Error):
        return getattr(exc, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL or "is full" in str(exc).lower()
    return False


class DiskFullError(UserError):
    """The disk filled up while writing; nothing half-written is kept."""

    def message(self) -> str:
        return str(self) or DISK_FULL_MESSAGE


def os_error_text(exc: OSError) -> str:
    """A short Vietnamese reason for a file-system error."""
    import errno

    if is_disk_full(exc):
        return "ổ đĩa đã đầy"
    return {errno.EACCES: "không có quyền ghi (tệp đang mở ở chương trình khác hoặc thư mục chỉ cho phép đọc)",
            errno.EPERM: "không có quyền ghi",
            errno.EROFS: "ổ đĩa chỉ cho phép đọc",
            errno.ENOENT: "không tìm thấy thư mục",
            errno.EIO: "lỗi đọc ghi ổ đĩa (ổ USB bị rút ra hoặc hỏng?)"}.get(exc.errno, exc.strerror or str(exc))
