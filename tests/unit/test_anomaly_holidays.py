"""The bank-holiday calendar the date detectors and the split windows use."""

from __future__ import annotations

from datetime import date

from core.anomalies.holidays import easter_sunday, holidays_between


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
