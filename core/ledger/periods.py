"""Accounting periods are calendar months, written 'YYYY-MM'."""

from __future__ import annotations

import re
from datetime import date

_PERIOD_RE = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def period_of(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def period_problem(period: str) -> str | None:
    if not _PERIOD_RE.match(period or ""):
        return f"period {period!r} is not a month written YYYY-MM (e.g. 2024-03)"
    return None
