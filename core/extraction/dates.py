"""Dates as invoices print them, in five languages, with day/month order inferred per document."""

from __future__ import annotations

import re
from datetime import date

MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    [
        "january jan januar jän janvier janv janvier januari enero ene",
        "february feb februar février févr fevrier fev februari febrero",
        "march mar märz maerz mär mars maart marzo",
        "april apr avril avr abril abr",
        "may mai mei mayo",
        "june jun juni juin junio",
        "july jul juli juillet juil julio",
        "august aug août aout augustus agosto ago",
        "september sep sept septembre septiembre setiembre",
        "october oct oktober okt octobre octubre",
        "november nov novembre noviembre",
        "december dec dezember dez décembre decembre diciembre dic",
    ],
    start=1,
):
    for _name in _names.split():
        MONTHS[_name] = _number

_MONTH_ALT = "|".join(sorted((re.escape(m) for m in MONTHS), key=len, reverse=True))
ISO_RE = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
NUMERIC_RE = re.compile(r"\b(\d{1,2})([./-])(\d{1,2})\2(\d{4}|\d{2})\b")
DAY_MONTH_NAME_RE = re.compile(
    rf"\b(\d{{1,2}})\.?\s*(?:de\s+)?({_MONTH_ALT})\.?,?\s*(?:de\s+)?(\d{{4}})\b", re.IGNORECASE
)
MONTH_NAME_DAY_RE = re.compile(
    rf"\b({_MONTH_ALT})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.IGNORECASE
)
COMPACT_RE = re.compile(r"\b(20\d{2})(\d{2})(\d{2})\b")


def infer_day_first(text: str, default: bool = True) -> bool:
    """Whether n/n/yyyy dates in this text put the day first, judged from unambiguous ones."""
    votes = 0
    for m in NUMERIC_RE.finditer(text):
        a, b = int(m.group(1)), int(m.group(3))
        if m.group(2) == "." or a > 12 >= b:
            votes += 1
        elif b > 12 >= a:
            votes -= 1
    if votes:
        return votes > 0
    return default


def parse_dates(text: str, day_first: bool = True) -> list[tuple[int, date]]:
    """Every date in text with its character offset, in order of appearance."""
    found: list[tuple[int, date]] = []
    for m in ISO_RE.finditer(text):
        _add(found, m.start(), int(m.group(1)), int(m.group(2)), int(m.group(3)))
    for m in DAY_MONTH_NAME_RE.finditer(text):
        _add(found, m.start(), int(m.group(3)), MONTHS[m.group(2).lower()], int(m.group(1)))
    for m in MONTH_NAME_DAY_RE.finditer(text):
        _add(found, m.start(), int(m.group(3)), MONTHS[m.group(1).lower()], int(m.group(2)))
    for m in NUMERIC_RE.finditer(text):
        a, b, year = int(m.group(1)), int(m.group(3)), int(m.group(4))
        if year < 100:
            year += 2000
        day, month = (a, b) if (day_first or m.group(2) == ".") else (b, a)
        if month > 12 and day <= 12:
            day, month = month, day
        _add(found, m.start(), year, month, day)
    if not found:
        for m in COMPACT_RE.finditer(text):
            _add(found, m.start(), int(m.group(1)), int(m.group(2)), int(m.group(3)))
    return sorted(found, key=lambda item: item[0])


def first_date(text: str, day_first: bool = True) -> date | None:
    dates = parse_dates(text, day_first)
    return dates[0][1] if dates else None


def _add(found: list[tuple[int, date]], offset: int, year: int, month: int, day: int) -> None:
    if not 1900 <= year <= 2100:
        return
    try:
        found.append((offset, date(year, month, day)))
    except ValueError:
        return
