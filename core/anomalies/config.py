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


@dataclass(frozen=True)
class ScanConfig:
    """approval_limits are in the base currency; as_of is 'today' for future-dated checks."""

    approval_limits: tuple[Decimal, ...] = (DEFAULT_APPROVAL_LIMIT,)
    base_currency: str = field(default_factory=base_currency)
    as_of: date = field(default_factory=date.today)
    min_history: int = 10
    extra_holidays: tuple[date, ...] = ()

    @property
    def unconfigured_thresholds(self) -> tuple[Decimal, ...]:
        return tuple(t for t in ROUND_THRESHOLDS if t not in self.approval_limits)
