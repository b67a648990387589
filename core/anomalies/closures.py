"""The days a ledger's own firm keeps closed, learnt from its volume.

A currency names a calendar only roughly. The euro is paid in ten countries with ten
calendars: a French firm works on German Unity Day and rests on Bastille Day. A US firm may
close the day after Thanksgiving, an Ontario one on the Civic Holiday, and a Scottish one on
St Andrew's Day. So the base currency's calendar (holidays.CALENDARS) is a prior, and the
ledger's own volume decides, rule by rule (one named day over every year of the ledger),
among the calendars of the currency's area (NEIGHBOURS):

- an ordinary weekday carries Poisson(lam) invoices, lam the mean of the weekdays within
  NEAR_DAYS that no calendar considered holds; a closed day Poisson(CLOSED_SHARE * lam), as
  a few vendors date on it anyway and a few invoices are redated there;
- a rule's evidence that it is closed is the log likelihood ratio summed over its weekdays,
  c log CLOSED_SHARE + (1 - CLOSED_SHARE) lam for a day with c invoices;
- a day of the base calendar stays closed unless the ledger shows it open (evidence under
  -EVIDENCE), a neighbour's joins where the ledger shows it closed (over EVIDENCE). A small
  ledger tells little either way and keeps the base calendar.

Configured days are always closed.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from core.anomalies.holidays import (
    COUNTRY_CALENDARS,
    COUNTRY_NAMES,
    calendar_days,
    canadian_provincial_days,
    holidays_between,
    uk_regional_days,
    us_company_days,
)

_EURO = ("DE", "NL", "FR", "BE", "AT", "IT", "ES", "PT", "IE", "FI")
# The other calendars of the currency's area, each with what its days are
NEIGHBOURS: dict[str, tuple[tuple[str, Callable[[int], dict[date, str]]], ...]] = {
    "EUR": tuple((f"a bank holiday in {COUNTRY_NAMES[cc]}", COUNTRY_CALENDARS[cc]) for cc in _EURO),
    "CAD": (("a holiday in other Canadian provinces", canadian_provincial_days),),
    "USD": (("a day many US firms close", us_company_days),),
    "GBP": (("a bank holiday in Scotland or Northern Ireland", uk_regional_days),),
}
NEAR_DAYS = 10  # calendar days either side whose ordinary weekdays set a day's expected volume
CLOSED_SHARE = 0.2  # of an ordinary day's volume that a closed day still carries
EVIDENCE = math.log(1000)  # odds a rule's days must show to change the base calendar


@dataclass(frozen=True)
class ClosedDay:
    """A closed day and the evidence for its rule: the invoices dated on the rule's weekdays,
    and the mean volume of the ordinary weekdays around each, summed."""

    name: str
    place: str  # what the day is where the base calendar does not hold it ("" where it does)
    dated: int
    expected: float


def learn_closed_days(
    counts: Mapping[date, int],
    first: date,
    last: date,
    currency: str,
    extra: tuple[date, ...] = (),
) -> dict[date, ClosedDay]:
    """The ledger's closed days from first to last: the base currency's holidays its volume
    (invoices per day, counts) does not show open, its neighbours' it shows closed, and the
    configured days (extra)."""
    base = holidays_between(first, last, currency=currency)
    rules = _rules(base, first, last, currency)
    considered = {d for days in rules.values() for d in days}
    closed: dict[date, ClosedDay] = {}
    for (place, name), days in rules.items():
        expected = {
            d: _expected(counts, d, considered, first, last) for d in days if d.weekday() < 5
        }
        evidence = sum(
            counts.get(d, 0) * math.log(CLOSED_SHARE) + (1 - CLOSED_SHARE) * lam
            for d, lam in expected.items()
        )
        if evidence > (EVIDENCE if place else -EVIDENCE):
            dated = sum(counts.get(d, 0) for d in expected)
            for d in days:
                closed.setdefault(
                    d, ClosedDay(base.get(d, name), place, dated, sum(expected.values()))
                )
    for d in extra:
        if first <= d <= last:
            closed.setdefault(d, ClosedDay("a configured holiday", "", counts.get(d, 0), 0.0))
    return closed


def keeps_open(
    counts: Mapping[date, int],
    closed: Iterable[date],
    considered: set[date],
    first: date,
    last: date,
) -> bool:
    """Whether one vendor's own volume shows it dating invoices on the closed days as on any
    other day of that weekday: an agency billing each site's week every Monday, a pharmacy's
    Friday statements. The same model as the ledger's: its volume on an ordinary weekday is
    Poisson(lam), lam its mean over that weekday's ordinary days from its first invoice to its
    last; on a closed day it keeps that volume rather than CLOSED_SHARE of it at odds over
    EVIDENCE. An invoice or two redated onto a holiday shows no such schedule."""
    total, days = [0] * 5, [0] * 5
    d = first
    while d <= last:
        if d.weekday() < 5 and d not in considered:
            total[d.weekday()] += counts.get(d, 0)
            days[d.weekday()] += 1
        d += timedelta(days=1)
    evidence = sum(
        -counts.get(d, 0) * math.log(CLOSED_SHARE)
        - (1 - CLOSED_SHARE) * total[d.weekday()] / max(days[d.weekday()], 1)
        for d in closed
        if first <= d <= last and d.weekday() < 5
    )
    return evidence > EVIDENCE


def considered_days(first: date, last: date, currency: str) -> set[date]:
    """Every day that may be closed: the base currency's holidays and its neighbours'."""
    base = holidays_between(first, last, currency=currency)
    return {d for days in _rules(base, first, last, currency).values() for d in days}


def _rules(
    base: dict[date, str], first: date, last: date, currency: str
) -> dict[tuple[str, str], list[date]]:
    """The days of each rule (place, name): the base calendar's, with no place, then each
    neighbour's that the base calendar does not hold."""
    rules: dict[tuple[str, str], list[date]] = {}
    for d, name in base.items():
        rules.setdefault(("", _rule(name)), []).append(d)
    for place, calendar in NEIGHBOURS.get(currency.upper(), ()):
        for d, name in calendar_days(calendar, first, last).items():
            if d not in base:
                rules.setdefault((place, _rule(name)), []).append(d)
    return rules


def _rule(name: str) -> str:
    """A holiday's rule: its name without '(observed)' or '(substitute day)'."""
    return re.sub(r"\s*\((observed|substitute day)\)$", "", name)


def _expected(
    counts: Mapping[date, int], day: date, considered: set[date], first: date, last: date
) -> float:
    """The mean volume of the ordinary weekdays within NEAR_DAYS of day, in the ledger's span
    (a day before its first invoice carries none because the ledger had not begun)."""
    near = [
        counts.get(d, 0)
        for k in range(-NEAR_DAYS, NEAR_DAYS + 1)
        if k
        and (d := day + timedelta(days=k)).weekday() < 5
        and d not in considered
        and first <= d <= last
    ]
    return sum(near) / len(near) if near else 0.0
