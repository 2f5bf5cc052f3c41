"""Report periods: presets, both bound conventions, labels, previous year."""
import datetime as dt

import pytest

from core.report.periods import Period

D = dt.date


@pytest.mark.parametrize("period, start, end, label", [
    (Period.year(2025), D(2025, 1, 1), D(2025, 12, 31), "năm 2025"),
    (Period.year(2025, "thanh_tra"), D(2024, 12, 15), D(2025, 12, 14), "năm 2025"),
    (Period.half(2025, 1), D(2025, 1, 1), D(2025, 6, 30), "06 tháng đầu năm 2025"),
    (Period.half(2025, 2), D(2025, 7, 1), D(2025, 12, 31), "06 tháng cuối năm 2025"),
    (Period.half(2025, 1, "thanh_tra"), D(2024, 12, 15), D(2025, 6, 14), "06 tháng đầu năm 2025"),
    (Period.half(2025, 2, "thanh_tra"), D(2025, 6, 15), D(2025, 12, 14), "06 tháng cuối năm 2025"),
    (Period.months9(2025), D(2025, 1, 1), D(2025, 9, 30), "09 tháng năm 2025"),
    (Period.months9(2025, "thanh-tra"), D(2024, 12, 15), D(2025, 9, 14), "09 tháng năm 2025"),
    (Period.quarter(2025, 1), D(2025, 1, 1), D(2025, 3, 31), "quý I năm 2025"),
    (Period.quarter(2025, 2), D(2025, 4, 1), D(2025, 6, 30), "quý II năm 2025"),
    (Period.quarter(2025, 4), D(2025, 10, 1), D(2025, 12, 31), "quý IV năm 2025"),
    (Period.quarter(2025, 1, "thanh_tra"), D(2024, 12, 15), D(2025, 3, 14), "quý I năm 2025"),
    (Period.quarter(2025, 2, "thanh_tra"), D(2025, 3, 15), D(2025, 6, 14), "quý II năm 2025"),
    (Period.quarter(2025, 3, "thanh_tra"), D(2025, 6, 15), D(2025, 9, 14), "quý III năm 2025"),
    (Period.quarter(2025, 4, "thanh_tra"), D(2025, 9, 15), D(2025, 12, 14), "quý IV năm 2025"),
    (Period.month(2024, 2), D(2024, 2, 1), D(2024, 2, 29), "tháng 02 năm 2024"),
    (Period.month(2025, 11), D(2025, 11, 1), D(2025, 11, 30), "tháng 11 năm 2025"),
    (Period.years(2021, 2025), D(2021, 1, 1), D(2025, 12, 31), "giai đoạn 2021 – 2025"),
    (Period.years(2021, 2025, "thanh_tra"), D(2020, 12, 15), D(2025, 12, 14), "giai đoạn 2021 – 2025"),
    (Period.custom("01/01/2025", "15/05/2025"), D(2025, 1, 1), D(2025, 5, 15),
     "từ ngày 01/01/2025 đến ngày 15/05/2025"),
])
def test_bounds_and_labels(period, start, end, label):
    assert (period.start, period.end, period.label) == (start, end, label)
    assert period.sql_range() == (start.isoformat(), end.isoformat())


def test_inspectorate_quarters_tile_the_year():
    qs = [Period.quarter(2025, q, "thanh_tra") for q in (1, 2, 3, 4)]
    year = Period.year(2025, "thanh_tra")
    assert qs[0].start == year.start and qs[-1].end == year.end
    for a, b in zip(qs, qs[1:]):
        assert b.start - a.end == dt.timedelta(days=1)
    h1, h2 = Period.half(2025, 1, "thanh_tra"), Period.half(2025, 2, "thanh_tra")
    assert h1.end == qs[1].end and h2.start == qs[2].start and h2.end == year.end


def test_previous_year():
    assert Period.half(2025, 1).previous_year() == Period.half(2024, 1)
    assert Period.quarter(2025, 3, "thanh_tra").previous_year() == Period.quarter(2024, 3, "thanh_tra")
    assert Period.year(2020).previous_year().label == "năm 2019"
    assert Period.months9(2025).previous_year().sql_range() == ("2024-01-01", "2024-09-30")
    assert Period.month(2025, 3).previous_year() == Period.month(2024, 3)
    c = Period.custom("29/02/2024", "10/03/2024").previous_year()
    assert (c.start, c.end) == (D(2023, 2, 28), D(2023, 3, 10))
    # a multi-year review is compared with the previous period of the same length
    assert Period.years(2021, 2025).previous_year().label == "giai đoạn 2016 – 2020"


def test_compare_and_intro_wording():
    assert Period.year(2019).compare_label == "năm 2019"
    assert Period.half(2024, 1).compare_label == "cùng kỳ năm 2024"
    assert Period.quarter(2024, 2).compare_label == "cùng kỳ năm 2024"
    assert Period.half(2025, 1).intro == "Trong 06 tháng đầu năm 2025"
    assert Period.custom("01/01/2025", "15/05/2025").intro == "Từ ngày 01/01/2025 đến ngày 15/05/2025"
    assert Period.half(2025, 1, "thanh_tra").range_text == "từ ngày 15/12/2024 đến ngày 14/06/2025"


def test_multi_year_slices():
    p = Period.years(2021, 2025, "thanh_tra")
    assert p.is_multi_year and not Period.year(2025).is_multi_year
    sl = p.year_slices()
    assert [s.label for s in sl] == [f"năm {y}" for y in range(2021, 2026)]
    assert sl[0].start == p.start and sl[-1].end == p.end
    assert p.years_covered == (2021, 2022, 2023, 2024, 2025)
    assert Period.year(2025, "thanh_tra").years_covered == (2025,)
    assert Period.year(2025).year_slices() == (Period.year(2025),)
    c = Period.custom("01/03/2021", "31/05/2023")
    assert c.is_multi_year
    assert [(s.start, s.end) for s in c.year_slices()] == [
        (D(2021, 3, 1), D(2021, 12, 31)), (D(2022, 1, 1), D(2022, 12, 31)), (D(2023, 1, 1), D(2023, 5, 31))]


def test_contains_and_errors():
    p = Period.half(2025, 1, "thanh_tra")
    assert p.contains("2024-12-15") and p.contains(D(2025, 6, 14))
    assert not p.contains("2024-12-14") and not p.contains("2025-06-15")
    with pytest.raises(ValueError, match="trước"):
        Period.custom("10/05/2025", "01/05/2025")
    with pytest.raises(ValueError):
        Period.quarter(2025, 5)
    with pytest.raises(ValueError, match="dương lịch"):
        Period.year(2025, "abc")
    # immutable and hashable (usable as a cache key)
    with pytest.raises(Exception):
        p.start = D(2020, 1, 1)
    assert len({Period.year(2025), Period.year(2025)}) == 1
