"""Vietnamese lunar calendar (âm lịch): lunar day/month -> solar ISO date.

The conversion is the ``lunar-vn`` library (MIT; Hồ Ngọc Đức's astronomical algorithm,
"Thuật toán tính âm lịch", computed for the Vietnamese time zone UTC+7 -- which is what makes
the Vietnamese calendar differ from the Chinese one, e.g. Tết 1985 fell on 21/1/1985 in Việt
Nam and on 20/2/1985 in China). Supported solar years: 1900-2100; outside them the functions
return ``None`` rather than raise.

Example::

    >>> lunar_to_solar(15, 1, 2024).isoformat()      # rằm tháng Giêng Giáp Thìn
    '2024-02-24'
    >>> lunar_to_solar(1, 1, 1985).isoformat()       # Vietnamese Tết, not the Chinese one
    '1985-01-21'
    >>> import datetime as dt
    >>> nearest_lunar(23, 12, dt.date(2024, 1, 25))  # 23 tháng Chạp seen from 25/1/2024
    (datetime.date(2024, 2, 2), 2023)
"""
from __future__ import annotations

import datetime as _dt
from functools import lru_cache
from typing import Optional

import lunar_vn

__all__ = ["TIME_ZONE", "lunar_to_solar", "solar_to_lunar", "nearest_lunar"]

TIME_ZONE = 7.0  # Việt Nam, UTC+7 (the Chinese calendar uses UTC+8)


@lru_cache(maxsize=4096)
def lunar_to_solar(day: int, month: int, year: int, leap: bool = False) -> Optional[_dt.date]:
    """The solar date of lunar ``day``/``month`` of lunar ``year`` (``leap``: the leap month).

    Returns ``None`` for an impossible lunar date (day 30 of a 29-day month, a leap month the
    year does not have, a year outside 1900-2100).
    """
    if not (1 <= day <= 30 and 1 <= month <= 12 and 1900 <= year <= 2100):
        return None
    try:
        iso = lunar_vn.convert_lunar_to_solar(day, month, year, 1 if leap else 0, TIME_ZONE)
    except (ValueError, TypeError):
        return None
    if iso is None:
        return None
    if isinstance(iso, _dt.date):
        got = iso
    else:
        try:
            got = _dt.date.fromisoformat(str(iso))
        except ValueError:
            return None
    back = solar_to_lunar(got)
    if back is None or back[:2] != (day, month):
        return None  # the library rolls an impossible day over into the next month
    return got


@lru_cache(maxsize=4096)
def solar_to_lunar(date: _dt.date) -> Optional[tuple[int, int, int, bool]]:
    """``(day, month, lunar_year, leap)`` of a solar ``date`` (None outside 1900-2100)."""
    if not 1900 <= date.year <= 2100:
        return None
    try:
        ld = lunar_vn.convert_solar_to_lunar(date.day, date.month, date.year, TIME_ZONE)
    except (ValueError, TypeError):
        return None
    return ld.day, ld.month, ld.year, bool(ld.leap)


def nearest_lunar(day: int, month: int, ref: _dt.date) -> Optional[tuple[_dt.date, int]]:
    """The occurrence of lunar ``day``/``month`` nearest to the solar date ``ref``.

    Returns ``(solar date, lunar year)``; news about "rằm tháng Giêng" or "23 tháng Chạp"
    speaks of the nearest one, before or after the article's date.
    """
    here = solar_to_lunar(ref)
    if here is None:
        return None
    best: Optional[tuple[_dt.date, int]] = None
    for ly in (here[2] - 1, here[2], here[2] + 1):
        got = lunar_to_solar(day, month, ly)
        if got is not None and (best is None or abs((got - ref).days) < abs((best[0] - ref).days)):
            best = (got, ly)
    return best
