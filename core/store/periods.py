"""Accounting periods (open or closed) and the approval limit of each role."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

import duckdb
import pandas as pd

from core.store.cache import cached_read
from core.store.db import Database


def closed_periods(cur: duckdb.DuckDBPyConnection) -> dict[str, dict[str, Any]]:
    rows = cur.execute(
        "SELECT period, closed_by, closed_at FROM periods WHERE status = 'closed'"
    ).fetchall()
    return {str(p): {"closed_by": by, "closed_at": at} for p, by, at in rows}


def state(cur: duckdb.DuckDBPyConnection, period: str) -> dict[str, Any]:
    row = cur.execute(
        "SELECT status, closed_by, closed_at FROM periods WHERE period = ?", [period]
    ).fetchone()
    if not row:
        return {"status": "open", "closed_by": None, "closed_at": None}
    return {"status": row[0], "closed_by": row[1], "closed_at": row[2]}


def set_status(
    cur: duckdb.DuckDBPyConnection, period: str, status: str, user: str, at: datetime
) -> None:
    closed_by, closed_at = (user, at) if status == "closed" else (None, None)
    cur.execute(
        "INSERT INTO periods VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (period) DO UPDATE SET"
        " status = excluded.status, closed_by = excluded.closed_by,"
        " closed_at = excluded.closed_at, changed_by = excluded.changed_by,"
        " changed_at = excluded.changed_at",
        [period, status, closed_by, closed_at, user, at],
    )


@cached_read
def table(db: Database) -> pd.DataFrame:
    """Every month with entries or a recorded status, with its posted entry count."""
    return (
        db.cursor()
        .execute(
            "WITH months AS (SELECT period FROM periods UNION SELECT period FROM journal_entries"
            " WHERE status = 'posted' AND period IS NOT NULL)"
            " SELECT m.period, coalesce(p.status, 'open') AS status, p.closed_by, p.closed_at,"
            " (SELECT count(*) FROM journal_entries e WHERE e.period = m.period"
            "  AND e.status = 'posted') AS posted_entries"
            " FROM months m LEFT JOIN periods p ON p.period = m.period ORDER BY m.period DESC"
        )
        .df()
    )


def limits(cur: duckdb.DuckDBPyConnection) -> dict[str, Decimal | None]:
    rows = cur.execute("SELECT role, max_amount FROM approval_limits").fetchall()
    return {str(r): (Decimal(m) if m is not None else None) for r, m in rows}


def set_limit(
    cur: duckdb.DuckDBPyConnection, role: str, amount: Decimal | None, user: str, at: datetime
) -> None:
    cur.execute(
        "INSERT INTO approval_limits VALUES (?, ?, ?, ?) ON CONFLICT (role) DO UPDATE SET"
        " max_amount = excluded.max_amount, set_by = excluded.set_by, set_at = excluded.set_at",
        [role, amount, user, at],
    )


def remove_limit(cur: duckdb.DuckDBPyConnection, role: str) -> None:
    cur.execute("DELETE FROM approval_limits WHERE role = ?", [role])


@cached_read
def limits_table(db: Database) -> pd.DataFrame:
    return (
        db.cursor()
        .execute("SELECT role, max_amount, set_by, set_at FROM approval_limits ORDER BY role")
        .df()
    )
