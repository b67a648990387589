"""Bank holidays: the TARGET2 closing days and Germany's nationwide public holidays, computed.

TARGET2 (the euro area's payment calendar) is closed on 1 January, Good Friday, Easter Monday,
1 May, 25 and 26 December; Germany adds Ascension Day, Whit Monday and German Unity Day
(3 October) nationwide. An invoice dated on one of them was not issued by an ordinary business
day's routine. Regional holidays differ by state and are left to ScanConfig.extra_holidays.
"""

from __future__ import annotations

from datetime import date, timedelta


def easter_sunday(year: int) -> date:
    """Gregorian Easter Sunday (the anonymous Gregorian algorithm, Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    leap = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * leap) // 451
    month = (h + leap - 7 * m + 114) // 31
    day = (h + leap - 7 * m + 114) % 31 + 1
    return date(year, month, day)


def target2_holidays(year: int) -> dict[date, str]:
    easter = easter_sunday(year)
    return {
        date(year, 1, 1): "New Year's Day",
        easter - timedelta(days=2): "Good Friday",
        easter + timedelta(days=1): "Easter Monday",
        date(year, 5, 1): "Labour Day",
        date(year, 12, 25): "Christmas Day",
        date(year, 12, 26): "St Stephen's Day",
    }


def german_holidays(year: int) -> dict[date, str]:
    easter = easter_sunday(year)
    return {
        **target2_holidays(year),
        easter + timedelta(days=39): "Ascension Day",
        easter + timedelta(days=50): "Whit Monday",
        date(year, 10, 3): "German Unity Day",
    }


def holidays_between(first: date, last: date, extra: tuple[date, ...] = ()) -> dict[date, str]:
    found: dict[date, str] = {}
    for year in range(first.year, last.year + 1):
        found.update(german_holidays(year))
    found.update({d: "configured holiday" for d in extra})
    return {d: name for d, name in found.items() if first <= d <= last}
