"""Converting an entry to the base currency without breaking its balance."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from core.ledger.journal import JournalEntry
from core.money import q2

ONE = Decimal("1")


@dataclass(frozen=True)
class RateTable:
    """A user-maintained table: currency -> [(valid_from, rate)], 1 unit = rate base units."""

    base: str
    rates: dict[str, list[tuple[date, Decimal]]]

    def rate(self, currency: str, day: date) -> Decimal | None:
        """The rate in force on day (the latest valid_from on or before it); None if none is."""
        if currency == self.base:
            return ONE
        history = self.rates.get(currency) or []
        i = bisect_right(history, day, key=lambda item: item[0])
        return history[i - 1][1] if i else None


def missing_rate_reason(currency: str, base: str, day: date) -> str:
    return (
        f"no {base} rate for {currency} on or before {day}: add one to the rate table "
        "before posting (LedgerLoop never assumes 1.0)"
    )


def base_amounts(entry: JournalEntry, rate: Decimal) -> list[tuple[Decimal, Decimal]]:
    """(base debit, base credit) per posting, balanced to the cent.

    Each amount is rounded on its own, so the sides can differ by a cent or two. The
    largest posting (the payable: what is owed must match the converted gross) keeps its
    rounding; the difference goes to the largest posting on the other side, the expense
    line, the usual treatment of conversion rounding.
    """
    amounts = [(q2(p.debit * rate), q2(p.credit * rate)) for p in entry.postings]
    gap = sum(d for d, _ in amounts) - sum(c for _, c in amounts)
    if gap:
        anchor = max(range(len(amounts)), key=lambda k: max(amounts[k]))
        other = 0 if amounts[anchor][1] > amounts[anchor][0] else 1
        i = max(range(len(amounts)), key=lambda k: amounts[k][other])
        debit, credit = amounts[i]
        amounts[i] = (debit - gap, credit) if other == 0 else (debit, credit + gap)
    return amounts
