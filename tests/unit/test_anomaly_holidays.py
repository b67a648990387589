"""The bank-holiday calendar the date detectors and the split windows use."""

from __future__ import annotations

from datetime import date

from core.anomalies.holidays import (
    australian_holidays,
    canadian_holidays,
    danish_holidays,
    dutch_holidays,
    easter_sunday,
    holidays_between,
    irish_holidays,
    polish_holidays,
    portuguese_holidays,
    swedish_holidays,
)


def test_easter_matches_published_dates() -> None:
    published = {2023: date(2023, 4, 9), 2024: date(2024, 3, 31), 2025: date(2025, 4, 20)}
    assert {y: easter_sunday(y) for y in published} == published


def test_2024_has_target2_days_and_german_nationwide_holidays() -> None:
    days = holidays_between(date(2024, 1, 1), date(2024, 12, 31))
    assert days == {
        date(2024, 1, 1): "New Year's Day",
        date(2024, 3, 29): "Good Friday",
        date(2024, 4, 1): "Easter Monday",
        date(2024, 5, 1): "Labour Day",
        date(2024, 5, 9): "Ascension Day",
        date(2024, 5, 20): "Whit Monday",
        date(2024, 10, 3): "German Unity Day",
        date(2024, 12, 25): "Christmas Day",
        date(2024, 12, 26): "St Stephen's Day",
    }


def test_configured_days_are_added_and_the_range_is_inclusive() -> None:
    extra = (date(2025, 11, 1),)  # All Saints' Day, a regional holiday
    days = holidays_between(date(2025, 5, 29), date(2025, 11, 1), extra)
    assert sorted(days) == [
        date(2025, 5, 29),
        date(2025, 6, 9),
        date(2025, 10, 3),
        date(2025, 11, 1),
    ]


def test_a_dollar_ledger_follows_the_us_federal_calendar_with_observed_days() -> None:
    days = holidays_between(date(2021, 1, 1), date(2021, 12, 31), currency="usd")
    assert days[date(2021, 6, 18)] == "Juneteenth (observed)"  # 19 June was a Saturday
    assert days[date(2021, 7, 5)] == "Independence Day (observed)"  # 4 July was a Sunday
    assert days[date(2021, 11, 25)] == "Thanksgiving Day"
    assert days[date(2021, 12, 24)] == "Christmas Day (observed)"
    assert days[date(2021, 12, 31)] == "New Year's Day (observed)"  # of 2022, a Saturday
    assert date(2021, 5, 24) not in days  # Whit Monday is no US holiday
    assert len(holidays_between(date(2024, 1, 1), date(2024, 12, 31), currency="USD")) == 11
    assert (
        "Carter"
        in holidays_between(date(2025, 1, 9), date(2025, 1, 9), currency="USD")[date(2025, 1, 9)]
    )


def test_a_sterling_ledger_follows_the_bank_holidays_of_england_and_wales() -> None:
    days = holidays_between(date(2022, 1, 1), date(2022, 12, 31), currency="GBP")
    assert sorted(days) == [  # as published by gov.uk, one-off days included
        date(2022, 1, 3),
        date(2022, 4, 15),
        date(2022, 4, 18),
        date(2022, 5, 2),
        date(2022, 6, 2),
        date(2022, 6, 3),
        date(2022, 8, 29),
        date(2022, 9, 19),
        date(2022, 12, 26),
        date(2022, 12, 27),
    ]
    assert days[date(2022, 12, 26)] == "Boxing Day"
    assert days[date(2022, 12, 27)] == "Christmas Day (substitute day)"  # 25th was a Sunday
    late = holidays_between(date(2021, 12, 20), date(2021, 12, 31), currency="GBP")
    assert late == {
        date(2021, 12, 27): "Christmas Day (substitute day)",
        date(2021, 12, 28): "Boxing Day (substitute day)",
    }


def test_canadian_and_australian_ledgers_follow_ontario_and_new_south_wales() -> None:
    # as published by Ontario and New South Wales: the provinces and states with most firms
    days = holidays_between(date(2022, 1, 1), date(2022, 12, 31), currency="CAD")
    assert days == {
        date(2022, 1, 3): "New Year's Day (substitute day)",  # 1 January was a Saturday
        date(2022, 2, 21): "Family Day",
        date(2022, 4, 15): "Good Friday",
        date(2022, 5, 23): "Victoria Day",
        date(2022, 7, 1): "Canada Day",
        date(2022, 9, 5): "Labour Day",
        date(2022, 10, 10): "Thanksgiving",
        date(2022, 12, 26): "Boxing Day",
        date(2022, 12, 27): "Christmas Day (substitute day)",  # the 25th was a Sunday
    }
    assert date(2022, 8, 1) not in days  # the Civic Holiday is no public holiday
    assert canadian_holidays(2018)[date(2018, 7, 2)] == "Canada Day (observed)"  # a Sunday
    assert date(2023, 7, 3) not in canadian_holidays(2023)  # ... but not after a Saturday
    assert date(2007, 2, 19) not in canadian_holidays(2007)  # Family Day from 2008
    days = holidays_between(date(2022, 1, 1), date(2022, 12, 31), currency="AUD")
    assert {d for d in days if d.weekday() < 5} == {
        date(2022, 1, 3),  # New Year's Day, observed
        date(2022, 1, 26),
        date(2022, 4, 15),
        date(2022, 4, 18),
        date(2022, 4, 25),
        date(2022, 6, 13),  # the Queen's Birthday
        date(2022, 9, 22),  # the one-off day of mourning for Queen Elizabeth II
        date(2022, 10, 3),  # Labour Day
        date(2022, 12, 26),
        date(2022, 12, 27),
    }
    assert australian_holidays(2025)[date(2025, 1, 27)] == "Australia Day (observed)"
    assert australian_holidays(2024)[date(2024, 6, 10)] == "King's Birthday"


def test_a_currency_without_a_calendar_of_ours_gets_only_the_configured_days() -> None:
    extra = (date(2024, 5, 3),)  # Constitution Memorial Day, configured by the analyst
    days = holidays_between(date(2024, 1, 1), date(2024, 12, 31), extra, currency="JPY")
    assert days == {date(2024, 5, 3): "a configured holiday"}


def test_dutch_holidays_move_kings_day_off_a_sunday_and_leave_good_friday_a_working_day() -> None:
    assert dutch_holidays(2024) == {
        date(2024, 1, 1): "New Year's Day",
        date(2024, 4, 1): "Easter Monday",
        date(2024, 4, 27): "King's Day",
        date(2024, 5, 9): "Ascension Day",
        date(2024, 5, 20): "Whit Monday",
        date(2024, 12, 25): "Christmas Day",
        date(2024, 12, 26): "Boxing Day",
    }
    assert date(2025, 4, 26) in dutch_holidays(2025)  # 27 April 2025 is a Sunday
    assert dutch_holidays(2013)[date(2013, 4, 30)] == "Queen's Day"


def test_a_krona_ledger_follows_swedens_holidays_and_the_eves_banks_close_on() -> None:
    # weekdays only: Midsummer Day (22 June) and All Saints' Day (2 November) fell on Saturdays
    days = holidays_between(date(2024, 1, 1), date(2024, 12, 31), currency="SEK")
    assert {d for d in days if d.weekday() < 5} == {
        date(2024, 1, 1),
        date(2024, 3, 29),
        date(2024, 4, 1),
        date(2024, 5, 1),
        date(2024, 5, 9),
        date(2024, 6, 6),
        date(2024, 6, 21),
        date(2024, 12, 24),
        date(2024, 12, 25),
        date(2024, 12, 26),
        date(2024, 12, 31),
    }
    assert days[date(2024, 6, 21)] == "Midsummer Eve"
    assert days[date(2024, 1, 6)] == "Epiphany"  # a Saturday that year
    assert swedish_holidays(2023)[date(2023, 6, 23)] == "Midsummer Eve"
    # before 2005, Whit Monday, not 6 June
    assert swedish_holidays(2004)[date(2004, 5, 31)] == "Whit Monday"
    assert date(2004, 6, 6) not in swedish_holidays(2004)


def test_calendars_that_changed_keep_each_years_own_days() -> None:
    assert danish_holidays(2023)[date(2023, 5, 5)] == "Great Prayer Day"
    assert date(2024, 4, 26) not in danish_holidays(2024)  # abolished from 2024
    assert date(2024, 12, 24) not in polish_holidays(2024)
    assert polish_holidays(2025)[date(2025, 12, 24)] == "Christmas Eve"
    assert date(2014, 12, 1) not in portuguese_holidays(2014)  # suspended 2013-2015
    assert portuguese_holidays(2016)[date(2016, 12, 1)] == "Restoration of Independence"


def test_irish_holidays_move_off_weekends_and_st_brigids_day_from_2023() -> None:
    assert irish_holidays(2022) == {
        date(2022, 1, 3): "New Year's Day (substitute day)",
        date(2022, 3, 17): "St Patrick's Day",
        date(2022, 3, 18): "Day of Remembrance and Recognition",
        date(2022, 4, 18): "Easter Monday",
        date(2022, 5, 2): "May bank holiday",
        date(2022, 6, 6): "June bank holiday",
        date(2022, 8, 1): "August bank holiday",
        date(2022, 10, 31): "October bank holiday",
        date(2022, 12, 26): "St Stephen's Day",
        date(2022, 12, 27): "Christmas Day (substitute day)",
    }
    assert irish_holidays(2024)[date(2024, 2, 5)] == "St Brigid's Day"
    assert irish_holidays(2027)[date(2027, 2, 1)] == "St Brigid's Day"  # 1 February, a Monday
    assert irish_holidays(2030)[date(2030, 2, 1)] == "St Brigid's Day"  # 1 February, a Friday
    assert irish_holidays(2024)[date(2024, 3, 18)] == "St Patrick's Day (substitute day)"
