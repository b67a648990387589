"""Small formatting helpers for the plain-language reasons."""

from __future__ import annotations

from decimal import Decimal

from core.money import format_amount


def money(value: Decimal | float | None, currency: str | None) -> str:
    if value is None:
        return "—"
    return format_amount(Decimal(str(value)), currency)
