"""Bank holidays, computed: the calendar follows the ledger's base currency.

Euro: TARGET2 (the euro area's payment calendar) is closed on 1 January, Good Friday, Easter
Monday, 1 May, 25 and 26 December; Germany adds Ascension Day, Whit Monday and German Unity
Day (3 October) nationwide. A vendor paid to an IBAN of a country with a calendar of ours
follows that country's calendar instead (COUNTRY_CALENDARS), whatever currency it bills in: the
euro area alone holds many calendars (Germany, the Netherlands, France, Belgium, Austria,
Italy, Spain, Portugal, Ireland, Finland). US dollar: the US federal holidays, a
Saturday one observed on the Friday before and a Sunday one on the Monday after, and the days
of national mourning that closed federal offices. Pound sterling: the bank holidays of England
and Wales, one on a weekend moved to the next free weekday, and the days proclaimed for one
year. Swedish, Norwegian and Danish kronor, Swiss francs and Polish zloty: those countries'
national holidays (with the Nordic eves banks close on). Canadian and Australian dollars: the
public holidays of Ontario and New South Wales, where most of those countries' firms are (the
other provinces' and states' are configured days). Any other currency: no calendar of
ours (a wrong one would flag ordinary working days), only the days configured. An invoice
dated on a bank holiday was not issued by an ordinary business day's routine. Which of these
days, and of the neighbouring calendars' (other euro countries, other provinces, regional and
company days), a ledger's firm keeps closed its own volume shows (closures); other regional
holidays are left to ScanConfig.extra_holidays.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

# The US and UK calendars are modelled from 1971, when both countries' Monday holidays began
# (the Uniform Monday Holiday Act; the Banking and Financial Dealings Act); before, none.
MODERN_FROM = 1971


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
        **({date(year, 10, 3): "German Unity Day"} if year >= 1990 else {}),
    }


def dutch_holidays(year: int) -> dict[date, str]:
    """The Netherlands' general holidays that are days off: Good Friday and Liberation Day
    (5 May) are working days for most, and stay unlisted."""
    easter = easter_sunday(year)
    if year >= 2014:  # King's Day; on a Sunday, the Saturday before
        royal = date(year, 4, 27) if date(year, 4, 27).weekday() != 6 else date(year, 4, 26)
        royal_name = "King's Day"
    else:  # Queen's Day; on a Sunday, the Monday after (the Saturday before from 1980 to 2013)
        royal = date(year, 4, 30)
        if royal.weekday() == 6:
            royal += timedelta(days=-1 if year >= 1980 else 1)
        royal_name = "Queen's Day"
    return {
        date(year, 1, 1): "New Year's Day",
        easter + timedelta(days=1): "Easter Monday",
        royal: royal_name,
        easter + timedelta(days=39): "Ascension Day",
        easter + timedelta(days=50): "Whit Monday",
        date(year, 12, 25): "Christmas Day",
        date(year, 12, 26): "Boxing Day",
    }


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The n-th (1-based; -1 for the last) given weekday (Monday = 0) of a month."""
    if n > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    last = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def _us_observed(day: date, name: str) -> tuple[date, str]:
    if day.weekday() == 5:
        return day - timedelta(days=1), f"{name} (observed)"
    if day.weekday() == 6:
        return day + timedelta(days=1), f"{name} (observed)"
    return day, name


def us_holidays(year: int) -> dict[date, str]:
    if year < MODERN_FROM:
        return {}
    fixed = {
        date(year, 1, 1): "New Year's Day",
        date(year, 7, 4): "Independence Day",
        date(year, 12, 25): "Christmas Day",
    }
    if year >= 1978:  # 1971-1977: the fourth Monday of October
        fixed[date(year, 11, 11)] = "Veterans Day"
    if year >= 2021:
        fixed[date(year, 6, 19)] = "Juneteenth"
    days = dict(_us_observed(d, name) for d, name in fixed.items())
    if year < 1978:
        days[_nth_weekday(year, 10, 0, 4)] = "Veterans Day"
    if year < date.max.year:  # next year's New Year's Day may be observed on 31 December
        new_year = _us_observed(date(year + 1, 1, 1), "New Year's Day")
        days[new_year[0]] = new_year[1]
    days.update(dict(US_ONE_OFF.get(year, [])))
    days.update(
        {
            **({_nth_weekday(year, 1, 0, 3): "Martin Luther King Jr. Day"} if year >= 1986 else {}),
            _nth_weekday(year, 2, 0, 3): "Washington's Birthday",
            _nth_weekday(year, 5, 0, -1): "Memorial Day",
            _nth_weekday(year, 9, 0, 1): "Labor Day",
            _nth_weekday(year, 10, 0, 2): "Columbus Day",
            _nth_weekday(year, 11, 3, 4): "Thanksgiving Day",
        }
    )
    return {d: name for d, name in days.items() if d.year == year}


def uk_holidays(year: int) -> dict[date, str]:
    if year < MODERN_FROM:
        return {}
    easter = easter_sunday(year)
    days = {
        easter - timedelta(days=2): "Good Friday",
        easter + timedelta(days=1): "Easter Monday",
        **({_nth_weekday(year, 5, 0, 1): "Early May bank holiday"} if year >= 1978 else {}),
        _nth_weekday(year, 5, 0, -1): "Spring bank holiday",
        _nth_weekday(year, 8, 0, -1): "Summer bank holiday",
    }
    for replaced, day, name in UK_ONE_OFF.get(year, []):
        if replaced is not None:
            del days[replaced]
        days[day] = name
    fixed = {
        date(year, 12, 25): "Christmas Day",
        date(year, 12, 26): "Boxing Day",
    }
    if year >= 1974:  # New Year's Day became a bank holiday in England and Wales in 1974
        fixed = {date(year, 1, 1): "New Year's Day", **fixed}
    _substitute(days, fixed)
    return days


def _substitute(days: dict[date, str], fixed: dict[date, str]) -> None:
    """Add fixed holidays to days; one on a weekend moves to the next weekday that is not
    already a holiday (the UK's and Ireland's rule)."""
    days.update({d: name for d, name in fixed.items() if d.weekday() < 5})
    for d, name in fixed.items():
        if d.weekday() >= 5:
            while d.weekday() >= 5 or d in days:
                d += timedelta(days=1)
            days[d] = f"{name} (substitute day)"


# Days proclaimed for one year: (the usual bank holiday it replaces, or None, day, name)
UK_ONE_OFF: dict[int, list[tuple[date | None, date, str]]] = {
    1981: [(None, date(1981, 7, 29), "Royal Wedding bank holiday")],
    1995: [(date(1995, 5, 1), date(1995, 5, 8), "Early May bank holiday (VE Day)")],
    1999: [(None, date(1999, 12, 31), "Millennium bank holiday")],
    2002: [
        (date(2002, 5, 27), date(2002, 6, 4), "Spring bank holiday"),
        (None, date(2002, 6, 3), "Golden Jubilee bank holiday"),
    ],
    2011: [(None, date(2011, 4, 29), "Royal Wedding bank holiday")],
    2012: [
        (date(2012, 5, 28), date(2012, 6, 4), "Spring bank holiday"),
        (None, date(2012, 6, 5), "Diamond Jubilee bank holiday"),
    ],
    2020: [(date(2020, 5, 4), date(2020, 5, 8), "Early May bank holiday (VE Day)")],
    2022: [
        (date(2022, 5, 30), date(2022, 6, 2), "Spring bank holiday"),
        (None, date(2022, 6, 3), "Platinum Jubilee bank holiday"),
        (None, date(2022, 9, 19), "State Funeral of Queen Elizabeth II"),
    ],
    2023: [(None, date(2023, 5, 8), "Coronation bank holiday")],
}


# Days of national mourning on which federal offices closed
US_ONE_OFF: dict[int, list[tuple[date, str]]] = {
    1994: [(date(1994, 4, 27), "National Day of Mourning (Richard Nixon)")],
    2004: [(date(2004, 6, 11), "National Day of Mourning (Ronald Reagan)")],
    2007: [(date(2007, 1, 2), "National Day of Mourning (Gerald Ford)")],
    2018: [(date(2018, 12, 5), "National Day of Mourning (George H. W. Bush)")],
    2025: [(date(2025, 1, 9), "National Day of Mourning (Jimmy Carter)")],
}


def _national(
    year: int, fixed: dict[tuple[int, int], str], easter: dict[int, str]
) -> dict[date, str]:
    """Holidays on fixed days (month, day) and at offsets from Easter Sunday."""
    sunday = easter_sunday(year)
    return {
        **{date(year, m, d): name for (m, d), name in fixed.items()},
        **{sunday + timedelta(days=k): name for k, name in easter.items()},
    }


def _friday_between(year: int, month: int, first_day: int) -> date:
    """The Friday in the seven days from first_day (Midsummer Eve: 19-25 June)."""
    first = date(year, month, first_day)
    return first + timedelta(days=(4 - first.weekday()) % 7)


_NEW_YEAR = {(1, 1): "New Year's Day"}
_CHRISTMAS = {(12, 25): "Christmas Day", (12, 26): "Boxing Day"}
# Nordic banks and most offices close on Christmas Eve and New Year's Eve too
_NORDIC_EVES = {(12, 24): "Christmas Eve", (12, 31): "New Year's Eve"}
_EASTER_BANK = {-2: "Good Friday", 1: "Easter Monday"}


def swedish_holidays(year: int) -> dict[date, str]:
    """Sweden's public holidays on weekdays, and the eves banks close on (Midsummer, Christmas,
    New Year). Midsummer Day and All Saints' Day are always Saturdays."""
    days = _national(
        year,
        {**_NEW_YEAR, (1, 6): "Epiphany", (5, 1): "May Day", **_CHRISTMAS, **_NORDIC_EVES},
        {**_EASTER_BANK, 39: "Ascension Day"},
    )
    if year >= 2005:  # National Day replaced Whit Monday
        days[date(year, 6, 6)] = "National Day"
    else:
        days[easter_sunday(year) + timedelta(days=50)] = "Whit Monday"
    days[_friday_between(year, 6, 19)] = "Midsummer Eve"
    return days


def norwegian_holidays(year: int) -> dict[date, str]:
    return _national(
        year,
        {
            **_NEW_YEAR,
            (5, 1): "Labour Day",
            (5, 17): "Constitution Day",
            **_CHRISTMAS,
            **_NORDIC_EVES,
        },
        {-3: "Maundy Thursday", **_EASTER_BANK, 39: "Ascension Day", 50: "Whit Monday"},
    )


def danish_holidays(year: int) -> dict[date, str]:
    easter = {-3: "Maundy Thursday", **_EASTER_BANK, 39: "Ascension Day", 50: "Whit Monday"}
    if year <= 2023:  # Great Prayer Day was abolished from 2024
        easter[26] = "Great Prayer Day"
    return _national(
        year, {**_NEW_YEAR, (6, 5): "Constitution Day", **_CHRISTMAS, **_NORDIC_EVES}, easter
    )


def finnish_holidays(year: int) -> dict[date, str]:
    days = _national(
        year,
        {
            **_NEW_YEAR,
            (1, 6): "Epiphany",
            (5, 1): "May Day",
            (12, 6): "Independence Day",
            (12, 24): "Christmas Eve",
            **_CHRISTMAS,
        },
        {**_EASTER_BANK, 39: "Ascension Day"},
    )
    days[_friday_between(year, 6, 19)] = "Midsummer Eve"
    return days


def swiss_holidays(year: int) -> dict[date, str]:
    """Switzerland's holidays common to nearly every canton (and the exchange's calendar)."""
    return _national(
        year,
        {**_NEW_YEAR, (1, 2): "Berchtold's Day", (8, 1): "Swiss National Day", **_CHRISTMAS},
        {**_EASTER_BANK, 39: "Ascension Day", 50: "Whit Monday"},
    )


def polish_holidays(year: int) -> dict[date, str]:
    fixed = {
        **_NEW_YEAR,
        (5, 1): "Labour Day",
        (5, 3): "Constitution Day",
        (8, 15): "Assumption Day",
        (11, 1): "All Saints' Day",
        (11, 11): "Independence Day",
        **_CHRISTMAS,
    }
    if year >= 2011:
        fixed[(1, 6)] = "Epiphany"
    if year >= 2025:
        fixed[(12, 24)] = "Christmas Eve"
    return _national(year, fixed, {1: "Easter Monday", 60: "Corpus Christi"})


def french_holidays(year: int) -> dict[date, str]:
    return _national(
        year,
        {
            **_NEW_YEAR,
            (5, 1): "Labour Day",
            (5, 8): "Victory in Europe Day",
            (7, 14): "Bastille Day",
            (8, 15): "Assumption Day",
            (11, 1): "All Saints' Day",
            (11, 11): "Armistice Day",
            (12, 25): "Christmas Day",
        },
        {1: "Easter Monday", 39: "Ascension Day", 50: "Whit Monday"},
    )


def belgian_holidays(year: int) -> dict[date, str]:
    return _national(
        year,
        {
            **_NEW_YEAR,
            (5, 1): "Labour Day",
            (7, 21): "National Day",
            (8, 15): "Assumption Day",
            (11, 1): "All Saints' Day",
            (11, 11): "Armistice Day",
            (12, 25): "Christmas Day",
        },
        {1: "Easter Monday", 39: "Ascension Day", 50: "Whit Monday"},
    )


def austrian_holidays(year: int) -> dict[date, str]:
    return _national(
        year,
        {
            **_NEW_YEAR,
            (1, 6): "Epiphany",
            (5, 1): "Labour Day",
            (8, 15): "Assumption Day",
            (10, 26): "National Day",
            (11, 1): "All Saints' Day",
            (12, 8): "Immaculate Conception",
            (12, 25): "Christmas Day",
            (12, 26): "St Stephen's Day",
        },
        {1: "Easter Monday", 39: "Ascension Day", 50: "Whit Monday", 60: "Corpus Christi"},
    )


def italian_holidays(year: int) -> dict[date, str]:
    return _national(
        year,
        {
            **_NEW_YEAR,
            (1, 6): "Epiphany",
            (4, 25): "Liberation Day",
            (5, 1): "Labour Day",
            (6, 2): "Republic Day",
            (8, 15): "Assumption Day",
            (11, 1): "All Saints' Day",
            (12, 8): "Immaculate Conception",
            (12, 25): "Christmas Day",
            (12, 26): "St Stephen's Day",
        },
        {1: "Easter Monday"},
    )


def spanish_holidays(year: int) -> dict[date, str]:
    """Spain's national holidays (the regions add their own: ScanConfig.extra_holidays)."""
    return _national(
        year,
        {
            **_NEW_YEAR,
            (1, 6): "Epiphany",
            (5, 1): "Labour Day",
            (8, 15): "Assumption Day",
            (10, 12): "National Day",
            (11, 1): "All Saints' Day",
            (12, 6): "Constitution Day",
            (12, 8): "Immaculate Conception",
            (12, 25): "Christmas Day",
        },
        {-2: "Good Friday"},
    )


def portuguese_holidays(year: int) -> dict[date, str]:
    fixed = {
        **_NEW_YEAR,
        (4, 25): "Freedom Day",
        (5, 1): "Labour Day",
        (6, 10): "Portugal Day",
        (8, 15): "Assumption Day",
        (12, 8): "Immaculate Conception",
        (12, 25): "Christmas Day",
    }
    easter = {-2: "Good Friday"}
    if not 2013 <= year <= 2015:  # four holidays suspended in those years
        fixed |= {
            (10, 5): "Republic Day",
            (11, 1): "All Saints' Day",
            (12, 1): "Restoration of Independence",
        }
        easter[60] = "Corpus Christi"
    return _national(year, fixed, easter)


def irish_holidays(year: int) -> dict[date, str]:
    """Ireland's public holidays; one on a weekend moves to the next free weekday."""
    days = {
        easter_sunday(year) + timedelta(days=1): "Easter Monday",
        _nth_weekday(year, 5, 0, 1): "May bank holiday",
        _nth_weekday(year, 6, 0, 1): "June bank holiday",
        _nth_weekday(year, 8, 0, 1): "August bank holiday",
        _nth_weekday(year, 10, 0, -1): "October bank holiday",
    }
    if year == 2022:  # proclaimed for that year alone
        days[date(2022, 3, 18)] = "Day of Remembrance and Recognition"
    if year >= 2023:  # St Brigid's Day: 1 February when a Friday, else the first Monday
        first = date(year, 2, 1)
        days[first if first.weekday() == 4 else _nth_weekday(year, 2, 0, 1)] = "St Brigid's Day"
    _substitute(
        days,
        {
            date(year, 1, 1): "New Year's Day",
            date(year, 3, 17): "St Patrick's Day",
            date(year, 12, 25): "Christmas Day",
            date(year, 12, 26): "St Stephen's Day",
        },
    )
    return days


def canadian_holidays(year: int) -> dict[date, str]:
    """Ontario's public holidays (the province with most of Canada's businesses): New Year's
    Day, Family Day (from 2008), Good Friday, Victoria Day, Canada Day, Labour Day,
    Thanksgiving, Christmas and Boxing Day; New Year's, Christmas and Boxing Day on a weekend
    move to the next free weekday, Canada Day on a Sunday to the Monday. The Civic Holiday,
    Remembrance Day and other provinces' days (Quebec's 24 June) are canadian_provincial_days,
    closed where the ledger's volume shows it."""
    easter = easter_sunday(year)
    days = {
        easter - timedelta(days=2): "Good Friday",
        # the Monday before 25 May
        date(year, 5, 24) - timedelta(days=date(year, 5, 24).weekday()): "Victoria Day",
        _nth_weekday(year, 9, 0, 1): "Labour Day",
        _nth_weekday(year, 10, 0, 2): "Thanksgiving",
    }
    if year >= 2008:
        days[_nth_weekday(year, 2, 0, 3)] = "Family Day"
    canada = date(year, 7, 1)
    if canada.weekday() == 6:
        days[canada + timedelta(days=1)] = "Canada Day (observed)"
    else:
        days[canada] = "Canada Day"
    _substitute(
        days,
        {
            date(year, 1, 1): "New Year's Day",
            date(year, 12, 25): "Christmas Day",
            date(year, 12, 26): "Boxing Day",
        },
    )
    return days


def australian_holidays(year: int) -> dict[date, str]:
    """New South Wales's public holidays (the state with most of Australia's businesses): New
    Year's Day and Australia Day, on a weekend moved to the Monday; Good Friday to Easter
    Monday; ANZAC Day; the King's (or Queen's) Birthday; Labour Day; Christmas and Boxing Day,
    on a weekend moved to the next free weekday. Other states' days are configured days."""
    easter = easter_sunday(year)
    days = {
        easter - timedelta(days=2): "Good Friday",
        easter - timedelta(days=1): "Easter Saturday",
        easter: "Easter Sunday",
        easter + timedelta(days=1): "Easter Monday",
        date(year, 4, 25): "ANZAC Day",
        _nth_weekday(year, 6, 0, 2): "King's Birthday" if year >= 2023 else "Queen's Birthday",
        _nth_weekday(year, 10, 0, 1): "Labour Day",
    }
    for day, name in ((date(year, 1, 1), "New Year's Day"), (date(year, 1, 26), "Australia Day")):
        days[day] = name
        if day.weekday() >= 5:
            days[day + timedelta(days=7 - day.weekday())] = f"{name} (observed)"
    _substitute(days, {date(year, 12, 25): "Christmas Day", date(year, 12, 26): "Boxing Day"})
    if year == 2022:
        days[date(2022, 9, 22)] = "National Day of Mourning (Queen Elizabeth II)"
    return days


def canadian_provincial_days(year: int) -> dict[date, str]:
    """Days other provinces, the federal service or many firms close on beside Ontario's
    statutory ones: the Civic Holiday (the first Monday of August, under its provinces'
    names), Easter Monday, Quebec's Saint-Jean-Baptiste Day, the National Day for Truth and
    Reconciliation (from 2021) and Remembrance Day. Only the ledger's volume tells whether
    its firm closes on them (closures.learn_closed_days)."""
    days = {
        _nth_weekday(year, 8, 0, 1): "Civic Holiday",
        easter_sunday(year) + timedelta(days=1): "Easter Monday",
        date(year, 6, 24): "Saint-Jean-Baptiste Day",
        date(year, 11, 11): "Remembrance Day",
    }
    if year >= 2021:
        days[date(year, 9, 30)] = "National Day for Truth and Reconciliation"
    return days


def us_company_days(year: int) -> dict[date, str]:
    """Days many US firms close on beside the federal holidays: the day after Thanksgiving,
    Christmas Eve and New Year's Eve. Only the ledger's volume tells whether its firm does."""
    return {
        _nth_weekday(year, 11, 3, 4) + timedelta(days=1): "Day after Thanksgiving",
        date(year, 12, 24): "Christmas Eve",
        date(year, 12, 31): "New Year's Eve",
    }


def uk_regional_days(year: int) -> dict[date, str]:
    """The bank holidays of Scotland and Northern Ireland that England and Wales do not keep:
    2 January, the first Monday of August, St Andrew's Day, St Patrick's Day and the Battle of
    the Boyne (a weekend's moved to the Monday, 2 January's past New Year's own substitute)."""
    days = {_nth_weekday(year, 8, 0, 1): "Summer bank holiday (Scotland)"}
    # Scotland keeps 1 and 2 January, each on a weekend moved to the next free weekday; the
    # one England and Wales do not keep is its own
    scottish: list[date] = []
    for day in (date(year, 1, 1), date(year, 1, 2)):
        while day.weekday() >= 5 or day in scottish:
            day += timedelta(days=1)
        scottish.append(day)
    england = date(year, 1, 1)
    while england.weekday() >= 5:
        england += timedelta(days=1)
    days.update({day: "2 January" for day in scottish if day != england})
    for day, name in (
        (date(year, 3, 17), "St Patrick's Day"),
        (date(year, 7, 12), "Battle of the Boyne"),
        (date(year, 11, 30), "St Andrew's Day"),
    ):
        days[day + timedelta(days=7 - day.weekday() if day.weekday() >= 5 else 0)] = name
    return days


CALENDARS: dict[str, Callable[[int], dict[date, str]]] = {
    "EUR": german_holidays,
    "USD": us_holidays,
    "GBP": uk_holidays,
    "SEK": swedish_holidays,
    "NOK": norwegian_holidays,
    "DKK": danish_holidays,
    "CHF": swiss_holidays,
    "PLN": polish_holidays,
    "CAD": canadian_holidays,
    "AUD": australian_holidays,
}


# A vendor's own country, told by the IBAN it is paid to, has these calendars: in a euro ledger
# a Dutch supplier works on German Unity Day and rests on King's Day, and in a krona ledger a
# Norwegian one works on Sweden's National Day, whatever currency it bills in. An invoice is
# dated on its issuer's working days.
COUNTRY_CALENDARS: dict[str, Callable[[int], dict[date, str]]] = {
    "DE": german_holidays,
    "NL": dutch_holidays,
    "FR": french_holidays,
    "BE": belgian_holidays,
    "AT": austrian_holidays,
    "IT": italian_holidays,
    "ES": spanish_holidays,
    "PT": portuguese_holidays,
    "IE": irish_holidays,
    "FI": finnish_holidays,
    "GB": uk_holidays,
    "SE": swedish_holidays,
    "NO": norwegian_holidays,
    "DK": danish_holidays,
    "CH": swiss_holidays,
    "PL": polish_holidays,
}
COUNTRY_NAMES = {
    "DE": "Germany",
    "NL": "the Netherlands",
    "FR": "France",
    "BE": "Belgium",
    "AT": "Austria",
    "IT": "Italy",
    "ES": "Spain",
    "PT": "Portugal",
    "IE": "Ireland",
    "FI": "Finland",
    "GB": "England and Wales",
    "SE": "Sweden",
    "NO": "Norway",
    "DK": "Denmark",
    "CH": "Switzerland",
    "PL": "Poland",
}


def _no_calendar(year: int) -> dict[date, str]:
    return {}


def holidays_between(
    first: date, last: date, extra: tuple[date, ...] = (), currency: str = "EUR"
) -> dict[date, str]:
    """The base currency's bank holidays from first to last, and the days configured."""
    return calendar_days(CALENDARS.get(currency.upper(), _no_calendar), first, last, extra)


def country_holidays_between(
    country: str, first: date, last: date, extra: tuple[date, ...] = ()
) -> dict[date, str]:
    """The public holidays of a vendor's country (COUNTRY_CALENDARS), and the days configured."""
    return calendar_days(COUNTRY_CALENDARS[country], first, last, extra)


def calendar_days(
    calendar: Callable[[int], dict[date, str]],
    first: date,
    last: date,
    extra: tuple[date, ...] = (),
) -> dict[date, str]:
    """A calendar's days from first to last, and the days configured."""
    found: dict[date, str] = {}
    for year in range(first.year, last.year + 1):
        found.update(calendar(year))
    for d in extra:  # a configured day the calendar already holds keeps its name
        found.setdefault(d, "a configured holiday")
    return {d: name for d, name in found.items() if first <= d <= last}
