"""Vietnamese alphabetical order for in-memory sorts (QCollator, vi_VN).

SQL lists sort names by the indexed ``sort_key`` column (core.text.sort_key);
small in-memory lists (combo boxes, completer lists, catalogue tables) use
QCollator — see docs/DECISIONS.md ("UI shell").
"""
from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QCollator, QLocale

from core.text import sort_key


@lru_cache(maxsize=1)
def collator() -> QCollator:
    c = QCollator(QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam))
    c.setNumericMode(True)
    c.setCaseSensitivity(__import__("PySide6.QtCore", fromlist=["Qt"]).Qt.CaseSensitivity.CaseInsensitive)
    return c


def _works() -> bool:
    """ICU-less Qt builds fall back to a code-point compare that gets Đ wrong;
    then use core.text.sort_key."""
    c = collator()
    return c.compare("Dương", "Đặng") < 0 and c.compare("Ăn", "Ân") < 0 and c.compare("An", "Ăn") < 0 \
        and c.compare("Đặng", "Em") < 0


_OK = None


def vi_key(text: str | None):
    global _OK
    if _OK is None:
        _OK = _works()
    if _OK:
        return collator().sortKey(text or "")
    return sort_key(text or "")


def vi_sorted(items, key=lambda x: x):
    return sorted(items, key=lambda x: vi_key(key(x)))
