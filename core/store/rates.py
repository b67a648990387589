"""The exchange-rate table people maintain (no network: a missing rate stays missing)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import duckdb
import pandas as pd

from core.ledger.fx import RateTable
from core.store.cache import cached_read
from core.store.db import Database


def load(cur: duckdb.DuckDBPyConnection, base: str) -> RateTable:
    rows = cur.execute(
        "SELECT currency, valid_from, rate FROM fx_rates WHERE base_currency = ?"
        " ORDER BY currency, valid_from",
        [base],
    ).fetchall()
    table: dict[str, list[tuple[date, Decimal]]] = {}
    for currency, valid_from, rate in rows:
        table.setdefault(str(currency), []).append((valid_from, Decimal(rate)))
    return RateTable(base, table)


def upsert(
    cur: duckdb.DuckDBPyConnection,
    currency: str,
    base: str,
    valid_from: date,
    rate: Decimal,
    user: str,
    at: datetime,
) -> Decimal | None:
    """Set the rate from valid_from on; returns the rate it replaced on that day, if any."""
    row = cur.execute(
        "SELECT rate FROM fx_rates WHERE currency = ? AND base_currency = ? AND valid_from = ?",
        [currency, base, valid_from],
    ).fetchone()
    cur.execute(
        "INSERT INTO fx_rates VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET"
        " rate = excluded.rate, set_by = excluded.set_by, set_at = excluded.set_at",
        [currency, base, valid_from, rate, user, at],
    )
    return Decimal(row[0]) if row else None


@cached_read
def table(db: Database, base: str) -> pd.DataFrame:
    return (
        db.cursor()
        .execute(
            "SELECT currency, valid_from, rate, set_by, set_at FROM fx_rates"
            " WHERE base_currency = ? ORDER BY currency, valid_from DESC",
            [base],
        )
        .df()
    )
