"""The chart of accounts and the expense account each vendor goes to."""

from __future__ import annotations

from datetime import datetime

import duckdb
import pandas as pd

from core.ledger.accounts import vendor_key_sql
from core.store.cache import cached_read
from core.store.db import Database


@cached_read
def accounts(db: Database, active_only: bool = False) -> pd.DataFrame:
    return (
        db.cursor()
        .execute(
            "SELECT account, description, active FROM accounts WHERE active OR NOT ?"
            " ORDER BY account",
            [active_only],
        )
        .df()
    )


def account_row(cur: duckdb.DuckDBPyConnection, account: str) -> tuple[str, bool] | None:
    row = cur.execute(
        "SELECT description, active FROM accounts WHERE account = ?", [account]
    ).fetchone()
    return (str(row[0]), bool(row[1])) if row else None


def upsert_account(
    cur: duckdb.DuckDBPyConnection, account: str, description: str, active: bool
) -> None:
    cur.execute(
        "INSERT INTO accounts (account, description, active) VALUES (?, ?, ?)"
        " ON CONFLICT (account) DO UPDATE SET description = excluded.description,"
        " active = excluded.active",
        [account, description, active],
    )


def mapped_account(cur: duckdb.DuckDBPyConnection, key: str) -> str | None:
    row = cur.execute("SELECT account FROM vendor_accounts WHERE vendor_key = ?", [key]).fetchone()
    return str(row[0]) if row else None


def set_mapping(
    cur: duckdb.DuckDBPyConnection, key: str, vendor: str, account: str, user: str, at: datetime
) -> str | None:
    before = mapped_account(cur, key)
    cur.execute(
        "INSERT INTO vendor_accounts VALUES (?, ?, ?, ?, ?) ON CONFLICT (vendor_key) DO UPDATE"
        " SET vendor = excluded.vendor, account = excluded.account, set_by = excluded.set_by,"
        " set_at = excluded.set_at",
        [key, vendor, account, user, at],
    )
    return before


@cached_read
def mappings(db: Database) -> pd.DataFrame:
    return (
        db.cursor()
        .execute("SELECT vendor, account, set_by, set_at FROM vendor_accounts ORDER BY vendor")
        .df()
    )


def history(cur: duckdb.DuckDBPyConnection, key: str) -> tuple[dict[str, int], dict[str, int]]:
    """Expense accounts of this vendor's posted invoices, and those people corrected to."""
    vendor = vendor_key_sql("i.issuer")
    posted = cur.execute(
        f"SELECT i.expense_account, count(*) FROM invoices i WHERE i.status = 'posted'"
        f" AND i.expense_account IS NOT NULL AND {vendor} = ? GROUP BY 1",
        [key],
    ).fetchall()
    corrected = cur.execute(
        f"SELECT c.new_value, count(*) FROM corrections c JOIN invoices i ON i.id = c.invoice_id"
        f" WHERE c.field = 'expense_account' AND c.new_value IS NOT NULL AND {vendor} = ?"
        " GROUP BY 1",
        [key],
    ).fetchall()
    return {str(a): int(n) for a, n in posted}, {str(a): int(n) for a, n in corrected}
