"""Text rules (SPEC §2): NFC on the way in, a folded search form, and the
Vietnamese display formats for dates and numbers.

Everything that turns a value into text for a person (UI, report, export)
should go through the formatters here, so ``1.234,5`` and ``05/07/2025`` are
written one way only.
"""
from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal

_WS = re.compile(r"\s+")


def nfc(value):
    """NFC-normalise a string (other values pass through unchanged)."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    return value


# Line breaks other programs write: Windows/Mac ends of line, Word's manual
# line break (Shift+Enter = \x0b), the form feed, NEL and the Unicode line and
# paragraph separators.
_LINE_BREAKS = re.compile(r"\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
# C0 controls but tab and newline, DEL, C1 controls, lone surrogates (no
# UTF-8 form) and the two noncharacters XML refuses.
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_ONE_LINE = re.compile(r"[ ]*[\t\n]+[ ]*")


def printable(text) -> str:
    """NFC text that any document format accepts: line breaks as ``\n``,
    control characters dropped (tab kept).  The DOCX/PDF/Excel writers pass
    every user string through it (a book written by an older version may
    hold anything)."""
    if text is None:
        return ""
    s = unicodedata.normalize("NFC", str(text))
    return _CONTROLS.sub("", _LINE_BREAKS.sub("\n", s))


def clean(value, multiline: bool = True):
    """NFC, control characters dropped, stripped; an empty string becomes
    ``None``.  ``multiline`` keeps tab and newline (a longtext field);
    ``multiline=False`` (a one-line field) turns them into one space."""
    if isinstance(value, str):
        value = printable(value)
        if not multiline:
            value = _ONE_LINE.sub(" ", value)
        value = value.strip()
        return value or None
    return value


def fold(text: str | None) -> str:
    """Search form: diacritics removed, đ→d, case-folded, spaces collapsed.

    ``fold("Nguyễn Văn Đức") == "nguyen van duc"``.
    """
    if not text:
        return ""
    text = unicodedata.normalize("NFD", text)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    text = text.replace("đ", "d").replace("Đ", "D")
    return _WS.sub(" ", text.casefold()).strip()


# ---------------------------------------------------------------- dates
DATE_FMT = "%d/%m/%Y"


def fmt_date(value) -> str:
    """``date``/ISO string → ``dd/mm/yyyy`` ('' for None)."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = _dt.date.fromisoformat(value[:10])
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"  # strftime writes year 1 as "1"


_DATE_RE = re.compile(r"^\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})\s*$")
_ISO_RE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})\s*$")


def parse_date(text) -> _dt.date:
    """Parse ``dd/mm/yyyy`` (also ``d/m/yyyy``, ``dd.mm.yyyy``, ISO).

    Raises ``ValueError`` with a Vietnamese message.
    """
    if isinstance(text, _dt.datetime):
        return text.date()
    if isinstance(text, _dt.date):
        return text
    if not isinstance(text, str):
        raise ValueError("Ngày không hợp lệ, hãy nhập theo dạng dd/mm/yyyy.")
    m = _DATE_RE.match(text)
    try:
        if m:
            d, mo, y = (int(g) for g in m.groups())
            return _dt.date(y, mo, d)
        m = _ISO_RE.match(text)
        if m:
            y, mo, d = (int(g) for g in m.groups())
            return _dt.date(y, mo, d)
    except ValueError:
        raise ValueError("Ngày không tồn tại trong lịch.") from None
    raise ValueError("Ngày không hợp lệ, hãy nhập theo dạng dd/mm/yyyy.")


# -------------------------------------------------------------- numbers
def fmt_int(n) -> str:
    """``1807 → '1.807'``."""
    if n is None:
        return ""
    return f"{int(n):,}".replace(",", ".")


def fmt_number(x, decimals: int = 2) -> str:
    """Vietnamese number: ``.`` thousands, ``,`` decimals, trailing zeros dropped."""
    if x is None:
        return ""
    q = Decimal(str(x)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    sign = "-" if q < 0 else ""
    q = abs(q)
    whole = int(q)
    frac = q - whole
    s = f"{whole:,}".replace(",", ".")
    if decimals and frac:
        digits = f"{frac:.{decimals}f}"[2:].rstrip("0")
        if digits:
            s += "," + digits
    return sign + s


def fmt_percent(numer, denom, decimals: int = 2) -> str:
    """``fmt_percent(110, 143) == '76,92%'``; '' when denom is 0."""
    if not denom:
        return ""
    return fmt_number(Decimal(numer) * 100 / Decimal(denom), decimals) + "%"


ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV"]


def roman(n: int) -> str:
    """Section numbers of a report: 1 → "I" … 15 → "XV"."""
    return ROMAN[n - 1] if 1 <= n <= len(ROMAN) else str(n)


def pad2(n) -> str:
    """Report house style: counts below 10 zero-padded (``01``, ``06``)."""
    n = int(n)
    if 0 <= n < 10:
        return f"0{n}"
    return fmt_int(n)


# ------------------------------------------------------------- sorting
# Vietnamese alphabetical order (SPEC §2): a ă â b c d đ e ê g h i k l m n o ô ơ
# p q r s t u ư v x y; tones compared after letters: none, huyền, hỏi, ngã,
# sắc, nặng.  Python's sorted() and SQLite NOCASE get this wrong.
_ALPHABET = ["a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m", "n",
             "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z"]
_MODIFIER = {"\u0306": "\u0306", "\u0302": "\u0302", "\u031b": "\u031b"}  # breve, circumflex, horn
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_RANK = {unicodedata.normalize("NFC", c): i for i, c in enumerate(_ALPHABET)}


def sort_key(text: str | None) -> str:
    """A string whose binary (code point) order is Vietnamese alphabetical
    order: letters first, then tones, then case.  Stored in ``sort_key``
    columns so SQL ``ORDER BY`` sorts correctly over an index."""
    if not text:
        return ""
    primary: list[str] = []
    tones: list[str] = []
    cases: list[str] = []
    for ch in unicodedata.normalize("NFC", text.strip()):
        decomposed = unicodedata.normalize("NFD", ch)
        base = decomposed[0]
        tone = 0
        mods = ""
        for m in decomposed[1:]:
            if m in _TONES:
                tone = _TONES[m]
            elif m in _MODIFIER:
                mods += m
        letter = unicodedata.normalize("NFC", (base + mods)).lower()
        digit = unicodedata.decimal(base, None)
        if letter in _RANK:
            primary.append(chr(0x100 + _RANK[letter] * 2))
        elif digit is not None:
            primary.append(chr(0x30 + digit))
        elif base.isspace():
            primary.append(" ")
        else:
            primary.append(chr(0x200 + min(ord(base), 0xD000)))
        tones.append(chr(0x41 + tone))
        cases.append("a" if ch == ch.lower() else "b")
    return "".join(primary) + "\x01" + "".join(tones) + "\x01" + "".join(cases)
