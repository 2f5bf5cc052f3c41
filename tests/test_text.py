from hypothesis import given
from hypothesis import strategies as st

from core.text import clean, fmt_date, fmt_int, fmt_number, fmt_percent, fold, nfc, pad2, parse_date, sort_key


def test_fold():
    assert fold("Nguyễn Văn Đức") == "nguyen van duc"
    assert fold("ĐẶNG  thị   Ơn") == "dang thi on"
    assert fold(None) == ""


def test_formats():
    assert fmt_int(1807) == "1.807" and fmt_int(5) == "5"
    assert fmt_number(1234.5) == "1.234,5" and fmt_number(97.50) == "97,5" and fmt_number(100.0) == "100"
    assert fmt_percent(110, 143) == "76,92%" and fmt_percent(56, 56) == "100%" and fmt_percent(1, 0) == ""
    assert fmt_percent(42, 53) == "79,25%" and fmt_percent(779, 799) == "97,5%" and fmt_percent(1637, 1963) == "83,39%"
    assert fmt_percent(2, 3, decimals=1) == "66,7%"
    assert pad2(1) == "01" and pad2(0) == "00" and pad2(12) == "12" and pad2(1020) == "1.020"
    assert fmt_date("2025-07-05") == "05/07/2025"
    assert parse_date("05/07/2025").isoformat() == "2025-07-05"


def test_vietnamese_sort_order():
    names = ["Đặng Văn A", "Dương Thị B", "Ân", "Ăn", "An", "Bình", "Ánh", "Anh", "Ảnh", "Ơn", "Ôn", "On", "Ưu", "Uy"]
    assert sorted(names, key=sort_key) == ["An", "Anh", "Ảnh", "Ánh", "Ăn", "Ân", "Bình", "Dương Thị B", "Đặng Văn A",
                                           "On", "Ôn", "Ơn", "Uy", "Ưu"]


@given(st.text())
def test_fold_and_clean_never_fail(s):
    f = fold(s)
    assert f == f.casefold() and "đ" not in f
    c = clean(s)
    assert c is None or c == nfc(c).strip()
    sort_key(s)
