"""The Vietnamese lunar calendar (pntd_extract.dimensions.dates.lunar): UTC+7, not the Chinese calendar."""
import datetime as dt

import pytest

from pntd_extract.dimensions.dates.lunar import lunar_to_solar, nearest_lunar, solar_to_lunar

# (lunar day, month, year) -> solar date in Việt Nam; the first two differ from China (UTC+8)
VIETNAM = [
    ((1, 1, 1985), dt.date(1985, 1, 21)),   # China: 20/2/1985
    ((1, 1, 2007), dt.date(2007, 2, 17)),   # China: 18/2/2007
    ((1, 1, 2017), dt.date(2017, 1, 28)),
    ((15, 1, 2024), dt.date(2024, 2, 24)),
    ((10, 3, 2024), dt.date(2024, 4, 18)),
    ((23, 12, 2023), dt.date(2024, 2, 2)),
    ((15, 8, 2024), dt.date(2024, 9, 17)),
]


@pytest.mark.parametrize("lunar,solar", VIETNAM, ids=[f"{d}/{m}/{y}" for (d, m, y), _ in VIETNAM])
def test_lunar_to_solar_vietnam(lunar, solar):
    assert lunar_to_solar(*lunar) == solar
    d, m, y = lunar
    assert solar_to_lunar(solar) == (d, m, y, False)


def test_impossible_lunar_dates_give_none():
    assert lunar_to_solar(30, 1, 2024) is None or solar_to_lunar(lunar_to_solar(30, 1, 2024))[:2] == (30, 1)
    assert lunar_to_solar(31, 1, 2024) is None
    assert lunar_to_solar(1, 13, 2024) is None
    assert lunar_to_solar(1, 1, 1800) is None
    assert lunar_to_solar(1, 4, 2023, leap=True) is None  # 2023's leap month is the 2nd


def test_nearest_occurrence_before_or_after_the_reference():
    assert nearest_lunar(23, 12, dt.date(2024, 1, 25)) == (dt.date(2024, 2, 2), 2023)
    assert nearest_lunar(1, 1, dt.date(2024, 3, 1)) == (dt.date(2024, 2, 10), 2024)
    assert nearest_lunar(15, 8, dt.date(2023, 12, 1)) == (dt.date(2023, 9, 29), 2023)
