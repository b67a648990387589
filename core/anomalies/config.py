"""What a scan needs to know besides the data: limits, base currency, the scan date."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from core.config import base_currency

DEFAULT_APPROVAL_LIMIT = Decimal("10000")
# A credit note of an invoice's amount this many days after it cancels it: vendors credit in
# their next statement run or two, weeks after the invoice (a credit-and-rebill, no duplicate;
# a cancelled invoice, no part of a split or a repeat)
CANCEL_DAYS = 60

# Round sums people treat as limits even where none is configured (3,000: a common threshold for
# a purchase order)
ROUND_THRESHOLDS: tuple[Decimal, ...] = tuple(
    Decimal(v)
    for v in ("1000", "2000", "2500", "3000", "5000", "10000", "20000", "25000", "50000", "100000")
)
ROUND_STEPS = (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5))
# ... up to a trillion: no one keeps bills under a larger sum, and the band arithmetic of a sum
# near DECIMAL(18, 2)'s top would overflow
ROUND_SUMS_MAX = Decimal(10) ** 12


@dataclass(frozen=True)
class ScanConfig:
    """approval_limits are in the base currency; as_of is 'today' for future-dated checks."""

    approval_limits: tuple[Decimal, ...] = (DEFAULT_APPROVAL_LIMIT,)
    base_currency: str = field(default_factory=base_currency)
    as_of: date = field(default_factory=date.today)
    min_history: int = 10
    extra_holidays: tuple[date, ...] = ()

    def unconfigured_thresholds(self, reach: Decimal) -> tuple[Decimal, ...]:
        """The round sums nobody configured, up to reach (see round_sums)."""
        return tuple(t for t in round_sums(reach) if t not in self.approval_limits)


def round_sums(reach: Decimal) -> tuple[Decimal, ...]:
    """ROUND_THRESHOLDS, and above them the same steps of the next decades (200,000, 250,000,
    500,000, 1,000,000...) as far as reach, the ledger's large amounts: a rupee ledger's
    round sums are a hundred times a euro ledger's, two lakh and five lakh."""
    top, reach = ROUND_THRESHOLDS[-1], min(reach, ROUND_SUMS_MAX)
    sums, decade = list(ROUND_THRESHOLDS), top
    while decade <= reach:
        sums += [Decimal(int(t)) for step in ROUND_STEPS if top < (t := step * decade) <= reach]
        decade *= 10
    return tuple(sums)
