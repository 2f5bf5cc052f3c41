"""Where an attachment file may live: the one check of a stored path.

``dinh_kem.duong_dan`` holds a path relative to the data folder that starts
with ``core.paths.ATTACHMENTS_DIRNAME`` (``dinh_kem/<kind>/<id>/<file>``).
A book, a backup or a merge source is a file anyone can edit, so before a
stored path is read, copied, moved or deleted it goes through
``resolve_attachment(folder, rel)``, which returns the real file inside
``folder``'s attachment tree or raises ``AttachmentPathError`` (a
``UserError`` with a Vietnamese message).  Refused:

- not text, empty, or a control character (NUL…) anywhere;
- absolute (``/etc/passwd``, ``\\\\server\\share``), a drive (``C:…``, in any
  part: Windows would start again from that drive);
- an empty part (``dinh_kem//x``), ``.``, ``..`` or a part of dots and
  spaces only (Windows drops trailing dots and spaces: ``".. "`` is ``..``),
  with ``/`` and ``\\`` both taken as separators (a book moves between
  Windows and Linux);
- a Windows device name as a part (``CON``, ``NUL``, ``COM1``, ``LPT9``,
  ``CONIN$``…, with or without an extension);
- not under the attachment tree (``sodanvan.db``, ``sao_luu/…``), or the
  tree itself;
- a path that, once symbolic links are followed, ends outside
  ``<folder resolved>/dinh_kem`` (a link planted in a backup folder, or the
  tree itself a link elsewhere).

The check is the same for the data folder, a backup's folder (USB) and a
merge source's folder: pass that folder as ``folder``.  See
docs/DECISIONS.md, "Where attachments may live".
"""
from __future__ import annotations

import os
import re
from pathlib import Path

from core.errors import UserError
from core.paths import ATTACHMENTS_DIRNAME

# Windows reserves these names in every folder, whatever the extension
# (CON.txt opens the console on Windows 10); superscript digits are
# devices too since Windows 11.
_DEVICES = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$", "CLOCK$"}
_DEVICES |= {f"{p}{d}" for p in ("COM", "LPT") for d in "0123456789¹²³"}
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_DRIVE = re.compile(r"^[A-Za-z]:")


class AttachmentPathError(UserError):
    """A stored attachment path that does not stay inside the attachment
    tree; ``reason`` says why, in Vietnamese."""

    def __init__(self, rel, reason: str):
        self.rel = rel
        self.reason = reason
        super().__init__(f"Đường dẫn tệp đính kèm {_shown(rel)} không hợp lệ: {reason}")


def _shown(rel) -> str:
    """The stored path as a clerk may read it (escaped, shortened)."""
    if not isinstance(rel, str):
        return "(trống)"
    s = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", rel)
    if len(s) > 80:
        s = s[:38] + "…" + s[-38:]
    return f"“{s}”"


def _is_device(part: str) -> bool:
    return re.split(r"[.:]", part, maxsplit=1)[0].rstrip(" ").upper() in _DEVICES


def _problem(rel) -> str | None:
    """Why ``rel`` is refused on its text alone, None when it is fine."""
    if not isinstance(rel, str) or not rel.strip():
        return "đường dẫn trống."
    if _CONTROL.search(rel):
        return "có ký tự điều khiển."
    if rel[0] in "/\\" or _DRIVE.match(rel):
        return "là đường dẫn tuyệt đối, trỏ ra ngoài thư mục dữ liệu."
    parts = re.split(r"[/\\]", rel)
    for part in parts:
        if part == "":
            return "có phần tên trống."
        if part in (".", ".."):
            return "có “..” hoặc “.”, có thể trỏ ra ngoài thư mục dữ liệu."
        if part.strip(". ") == "":
            return "có phần tên chỉ gồm dấu chấm hoặc khoảng trắng (Windows hiểu như “..”)."
        if _is_device(part):
            return f"“{part}” là tên thiết bị của Windows, không phải tên tệp."
        if _DRIVE.match(part):
            return "có tên ổ đĩa, trỏ ra ngoài thư mục dữ liệu."
    if parts[0] != ATTACHMENTS_DIRNAME or len(parts) < 2:
        return f"không nằm trong thư mục {ATTACHMENTS_DIRNAME} của dữ liệu."
    return None


def resolve_attachment(folder: str | os.PathLike, rel) -> Path:
    """The file ``rel`` (a ``dinh_kem.duong_dan``) names inside ``folder``'s
    attachment tree, symbolic links followed; ``AttachmentPathError`` when
    it would be anywhere else (module docstring).  The file need not exist."""
    why = _problem(rel)
    if why is not None:
        raise AttachmentPathError(rel, why)
    root = Path(folder).resolve()
    tree = root / ATTACHMENTS_DIRNAME
    try:
        real = (root / Path(*rel.split("/"))).resolve()
    except (OSError, RuntimeError, ValueError) as e:  # a link loop, a name the OS refuses
        raise AttachmentPathError(rel, f"không đọc được đường dẫn ({type(e).__name__}).") from None
    if real == tree or not real.is_relative_to(tree):
        raise AttachmentPathError(rel, "trỏ (qua liên kết tắt) ra ngoài thư mục tệp đính kèm của dữ liệu.")
    return real


def safe_file_name(name: str | None) -> str:
    """A file's name as the last part of a new stored path: control
    characters and the characters Windows refuses replaced, no leading or
    trailing dots and spaces, at most 150 characters."""
    name = re.sub(r'[\x00-\x1f\x7f/\\:*?"<>|]', "_", (name or "").strip()).strip(". ") or "tep_dinh_kem"
    return name[:150]


def attachment_problem(folder: str | os.PathLike, rel) -> str | None:
    """``resolve_attachment``'s message for ``rel``, None when it is fine
    (for reports that list offending rows and go on)."""
    try:
        resolve_attachment(folder, rel)
    except AttachmentPathError as e:
        return e.message()
    return None
