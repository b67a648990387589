"""Small formatting helpers for the plain-language reasons."""

from __future__ import annotations

from decimal import Decimal

from core.money import format_amount


def money(value: Decimal | float | None, currency: str | None) -> str:
    if value is None:
        return "—"
    return format_amount(Decimal(str(value)), currency)


def below(amount: Decimal, threshold: Decimal) -> str:
    """How far under a threshold an amount lies, in per cent, never rounded to nothing:
    9,999.00 is 0.01 % below 10,000.00, not 0.0 %."""
    gap = (threshold - amount) / threshold * 100
    return f"{gap:.1f} %" if gap >= Decimal("0.1") else f"{float(gap):.2g} %"
