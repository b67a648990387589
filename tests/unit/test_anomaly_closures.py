"""The ledger's own closed days, learnt from its volume among its currency's calendars."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date, timedelta

import pytest

from core.anomalies.closures import CLOSED_SHARE, EVIDENCE, learn_closed_days
from core.anomalies.holidays import (
    calendar_days,
    canadian_holidays,
    canadian_provincial_days,
    french_holidays,
    german_holidays,
    us_company_days,
    us_holidays,
)

FIRST, LAST = date(2022, 1, 1), date(2024, 12, 31)


def volume(per_day: int, *closed: Callable[[int], dict[date, str]]) -> dict[date, int]:
    """per_day invoices on every weekday that none of the calendars closes, none on those."""
    shut = {d for calendar in closed for d in calendar_days(calendar, FIRST, LAST)}
    days = (FIRST + timedelta(k) for k in range((LAST - FIRST).days + 1))
    return {d: per_day for d in days if d.weekday() < 5 and d not in shut}


def test_a_french_firm_in_euros_rests_on_bastille_day_and_works_on_german_unity_day() -> None:
    closed = learn_closed_days(volume(20, french_holidays), FIRST, LAST, "EUR")
    assert closed[date(2023, 7, 14)].name == "Bastille Day"
    assert closed[date(2023, 7, 14)].place == "a bank holiday in France"
    assert closed[date(2024, 11, 11)].name == "Armistice Day"
    assert date(2023, 10, 3) not in closed and date(2024, 10, 3) not in closed
    # days both calendars keep stay the base calendar's, with no place
    assert closed[date(2024, 4, 1)].name == "Easter Monday" and not closed[date(2024, 4, 1)].place
    # every weekday France closes, and nothing else
    french = {d for d in calendar_days(french_holidays, FIRST, LAST) if d.weekday() < 5}
    assert {d for d in closed if d.weekday() < 5} == french


def test_the_evidence_is_the_days_dated_against_the_ordinary_weekdays_around_them() -> None:
    closed = learn_closed_days(volume(20, french_holidays), FIRST, LAST, "EUR")
    bastille = closed[date(2023, 7, 14)]
    # 14 July fell on a Thursday in 2022, a Friday in 2023 and a Sunday in 2024
    assert bastille.dated == 0 and bastille.expected == pytest.approx(2 * 20)


def test_a_german_firm_keeps_its_calendar() -> None:
    counts = volume(20, german_holidays)
    closed = learn_closed_days(counts, FIRST, LAST, "EUR")
    assert closed.keys() == calendar_days(german_holidays, FIRST, LAST).keys()
    assert all(not day.place for day in closed.values())


def test_a_small_ledger_tells_too_little_to_move_the_calendar() -> None:
    # one invoice a working day: three Bastille Days without an invoice, and three German
    # Unity Days with one each, are what chance gives about as often as not
    closed = learn_closed_days(volume(1, french_holidays), FIRST, LAST, "EUR")
    assert closed.keys() == calendar_days(german_holidays, FIRST, LAST).keys()
    # the premise: 14 July fell on two weekdays of these years, which tell too little
    assert 2 * (1 - CLOSED_SHARE) < EVIDENCE


def test_an_ontario_firm_closed_on_the_civic_holiday_shows_it() -> None:
    civic = {d: n for d, n in canadian_provincial_days(2023).items() if n == "Civic Holiday"}
    counts = volume(30, canadian_holidays)
    for year in (2022, 2023, 2024):
        for d, name in canadian_provincial_days(year).items():
            if name == "Civic Holiday":
                counts[d] = 1
    closed = learn_closed_days(counts, FIRST, LAST, "CAD")
    assert closed[next(iter(civic))].place == "a holiday in other Canadian provinces"
    # it works on Remembrance Day and Easter Monday: no closed day of its
    assert date(2022, 11, 11) not in closed and date(2023, 4, 10) not in closed


def test_a_us_firm_open_on_columbus_day_and_closed_the_day_after_thanksgiving() -> None:
    counts = volume(25, us_holidays, us_company_days)
    columbus = [d for d, n in calendar_days(us_holidays, FIRST, LAST).items() if "Columbus" in n]
    for d in columbus:
        counts[d] = 25
    closed = learn_closed_days(counts, FIRST, LAST, "USD")
    assert not set(columbus) & closed.keys()
    assert closed[date(2023, 11, 24)].name == "Day after Thanksgiving"
    assert closed[date(2023, 11, 23)].name == "Thanksgiving Day"


def test_a_configured_day_is_closed_whatever_the_volume() -> None:
    day = date(2023, 8, 7)
    closed = learn_closed_days(volume(20), FIRST, LAST, "JPY", (day, date(2030, 1, 2)))
    assert list(closed) == [day]
    assert closed[day].name == "a configured holiday"


def test_a_rule_joins_at_the_threshold_of_its_evidence() -> None:
    # 14 July on two weekdays in these years: it joins once its evidence passes EVIDENCE
    per_day = math.ceil(EVIDENCE / (2 * (1 - CLOSED_SHARE)))
    assert date(2023, 7, 14) in learn_closed_days(
        volume(per_day, french_holidays), FIRST, LAST, "EUR"
    )
    assert date(2023, 7, 14) not in learn_closed_days(
        volume(per_day - 1, french_holidays), FIRST, LAST, "EUR"
    )


def test_a_ledger_that_ends_on_new_years_eve_shows_it_closed() -> None:
    # a US fiscal year to 31 December, closed on New Year's Eve: the days after it are not in
    # the ledger, not days without invoices
    first, last = date(2024, 1, 2), date(2024, 12, 31)
    shut = {
        **calendar_days(us_holidays, first, last),
        **calendar_days(us_company_days, first, last),
    }
    counts = {
        first + timedelta(k): 20
        for k in range((last - first).days + 1)
        if (first + timedelta(k)).weekday() < 5 and first + timedelta(k) not in shut
    }
    closed = learn_closed_days(counts, first, last, "USD")
    assert closed[date(2024, 12, 31)].name == "New Year's Eve"
    assert closed[date(2024, 12, 31)].expected == pytest.approx(20)


def test_scotlands_second_january_day_follows_englands_new_year_substitute() -> None:
    from core.anomalies.holidays import uk_holidays, uk_regional_days

    # 2022: 1 and 2 January a weekend; England rests on Monday the 3rd, Scotland on the 4th too
    assert {d for d, n in uk_regional_days(2022).items() if n == "2 January"} == {date(2022, 1, 4)}
    assert date(2022, 1, 3) in uk_holidays(2022)
    # 2023: 1 January a Sunday; 2 January (Monday) is England's substitute, Scotland adds the 3rd
    assert {d for d, n in uk_regional_days(2023).items() if n == "2 January"} == {date(2023, 1, 3)}
    # 2024: 2 January a Tuesday
    assert {d for d, n in uk_regional_days(2024).items() if n == "2 January"} == {date(2024, 1, 2)}
