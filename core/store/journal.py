"""Journal entries and their lines, and the ledger's read models (posted entries only)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import duckdb
import pandas as pd

from core.ledger.journal import JournalEntry
from core.store.cache import cached_read
from core.store.db import Database

POSTED = "posted"


def insert_entry(
    cur: duckdb.DuckDBPyConnection, invoice_id: int, entry: JournalEntry, status: str, at: datetime
) -> int:
    row = cur.execute(
        "INSERT INTO journal_entries (invoice_id, entry_date, description, currency, status,"
        " created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
        [invoice_id, entry.entry_date, entry.description, entry.currency, status, at],
    ).fetchone()
    entry_id = int(row[0])
    for no, posting in enumerate(entry.postings, start=1):
        cur.execute(
            "INSERT INTO journal_lines (entry_id, line_no, account, debit, credit, memo)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [entry_id, no, posting.account, posting.debit, posting.credit, posting.memo],
        )
    return entry_id


def replace_proposed(
    cur: duckdb.DuckDBPyConnection, invoice_id: int, entry: JournalEntry, at: datetime
) -> int:
    """Supersede the invoice's proposed entry by one built from its corrected fields."""
    set_status_for_invoices(cur, [invoice_id], "proposed", "superseded")
    return insert_entry(cur, invoice_id, entry, "proposed", at)


def set_status_for_invoices(
    cur: duckdb.DuckDBPyConnection, invoice_ids: Sequence[int], old: str, new: str
) -> None:
    cur.execute(
        "UPDATE journal_entries SET status = ? WHERE status = ? AND invoice_id IN"
        " (SELECT unnest(?::BIGINT[]))",
        [new, old, list(invoice_ids)],
    )


def insert_posted(
    cur: duckdb.DuckDBPyConnection, entries: Sequence[dict[str, Any]], lines: list[dict[str, Any]]
) -> list[int]:
    """Bulk-insert posted entries and their lines; entries[i]['key'] links lines to entries.

    One INSERT ... SELECT per table, because a statement per row caps posting at a few
    hundred invoices a second.
    """
    if not entries:
        return []
    ids = sorted(
        int(r[0])
        for r in cur.execute(
            "SELECT nextval('seq_entries') FROM range(?)", [len(entries)]
        ).fetchall()
    )
    id_of = {e["key"]: entry_id for e, entry_id in zip(entries, ids, strict=True)}
    head = pd.DataFrame(
        {
            "id": ids,
            "invoice_id": [e["invoice_id"] for e in entries],
            "entry_date": [e["entry_date"] for e in entries],
            "description": [e["description"] for e in entries],
            "currency": [e["currency"] for e in entries],
            "created_at": [e["at"] for e in entries],
            "period": [e["period"] for e in entries],
            "base_currency": [e["base_currency"] for e in entries],
            "fx_rate": [str(e["fx_rate"]) for e in entries],
            "posted_by": [e["posted_by"] for e in entries],
        }
    )
    body = pd.DataFrame(
        {
            "entry_id": [id_of[x["key"]] for x in lines],
            "line_no": [x["line_no"] for x in lines],
            "account": [x["account"] for x in lines],
            "debit": [str(x["debit"]) for x in lines],
            "credit": [str(x["credit"]) for x in lines],
            "memo": [x["memo"] for x in lines],
            "base_debit": [str(x["base_debit"]) for x in lines],
            "base_credit": [str(x["base_credit"]) for x in lines],
        }
    )
    cur.register("entry_batch", head)
    cur.register("line_batch", body)
    try:
        cur.execute(
            "INSERT INTO journal_entries (id, invoice_id, entry_date, description, currency,"
            " status, created_at, period, base_currency, fx_rate, posted_by, posted_at)"
            " SELECT id, invoice_id, CAST(entry_date AS DATE), description, currency, 'posted',"
            " CAST(created_at AS TIMESTAMP), period, base_currency,"
            " CAST(fx_rate AS DECIMAL(18, 8)), posted_by, CAST(created_at AS TIMESTAMP)"
            " FROM entry_batch"
        )
        cur.execute(
            "INSERT INTO journal_lines (entry_id, line_no, account, debit, credit, memo,"
            " base_debit, base_credit) SELECT entry_id, line_no, account,"
            " CAST(debit AS DECIMAL(18, 2)), CAST(credit AS DECIMAL(18, 2)), memo,"
            " CAST(base_debit AS DECIMAL(18, 2)), CAST(base_credit AS DECIMAL(18, 2))"
            " FROM line_batch"
        )
    finally:
        cur.unregister("entry_batch")
        cur.unregister("line_batch")
    return ids


def _frame(db: Database, sql: str, params: Sequence[Any] = ()) -> pd.DataFrame:
    """A DataFrame that keeps DECIMAL columns as Decimal (DuckDB's .df() turns them to float)."""
    cur = db.cursor().execute(sql, list(params))
    names = [d[0] for d in cur.description]
    return pd.DataFrame(cur.fetchall(), columns=names)


@cached_read
def lines(db: Database, status: str | None = None, limit: int = 5000) -> pd.DataFrame:
    return (
        db.cursor()
        .execute(
            "SELECT e.id AS entry, e.entry_date AS date, e.description, e.status, e.invoice_id,"
            " l.account, l.debit, l.credit, e.currency FROM journal_entries e"
            " JOIN journal_lines l ON l.entry_id = e.id WHERE (? IS NULL OR e.status = ?)"
            " ORDER BY e.entry_date DESC, e.id DESC, l.line_no LIMIT ?",
            [status, status, limit],
        )
        .df()
    )


def entry_for_invoice(db: Database, invoice_id: int) -> pd.DataFrame:
    """The invoice's live entry (proposed or posted), line by line."""
    return _frame(
        db,
        "SELECT e.id AS entry, l.account, l.debit, l.credit, l.memo, e.status, e.currency,"
        " l.base_debit, l.base_credit, e.base_currency FROM journal_entries e"
        " JOIN journal_lines l ON l.entry_id = e.id"
        " WHERE e.invoice_id = ? AND e.status IN ('proposed', 'posted') ORDER BY e.id, l.line_no",
        [invoice_id],
    )


@cached_read
def journal(
    db: Database,
    date_from: date | None = None,
    date_to: date | None = None,
    account: str | None = None,
    vendor: str | None = None,
    currency: str | None = None,
    status: str | None = POSTED,
    limit: int = 20_000,
) -> pd.DataFrame:
    """Journal lines; account matches itself and its sub-accounts, vendor is a substring.

    status None means every entry, whatever its state.
    """
    vendor_like = f"%{vendor.lower()}%" if vendor else None
    return _frame(
        db,
        "SELECT e.id AS entry, e.entry_date AS date, e.period, e.invoice_id, i.issuer AS vendor,"
        " i.invoice_number, e.description, l.line_no, l.account, l.debit, l.credit, e.currency,"
        " l.base_debit, l.base_credit, e.base_currency, e.fx_rate, e.status, e.posted_by,"
        " e.posted_at FROM journal_entries e JOIN journal_lines l ON l.entry_id = e.id"
        " LEFT JOIN invoices i ON i.id = e.invoice_id"
        " WHERE (? IS NULL OR e.status = ?) AND (? IS NULL OR e.entry_date >= ?)"
        " AND (? IS NULL OR e.entry_date <= ?)"
        " AND (? IS NULL OR l.account = ? OR starts_with(l.account, ? || ':'))"
        " AND (? IS NULL OR lower(i.issuer) LIKE ?) AND (? IS NULL OR e.currency = ?)"
        " ORDER BY e.entry_date, e.id, l.line_no LIMIT ?",
        [status, status, date_from, date_from, date_to, date_to, account, account, account,
         vendor_like, vendor_like, currency, currency, limit],
    )  # fmt: skip


@cached_read
def trial_balance(db: Database, as_of: date | None = None) -> pd.DataFrame:
    """Posted balances per account in the base currency; debit-positive balance."""
    return _frame(
        db,
        "SELECT l.account, sum(l.base_debit) AS debit, sum(l.base_credit) AS credit,"
        " sum(l.base_debit) - sum(l.base_credit) AS balance, any_value(e.base_currency)"
        " AS currency FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id"
        " WHERE e.status = 'posted' AND (? IS NULL OR e.entry_date <= ?)"
        " GROUP BY l.account ORDER BY l.account",
        [as_of, as_of],
    )


@cached_read
def trial_balance_by_currency(db: Database, as_of: date | None = None) -> pd.DataFrame:
    """Posted balances per account and invoice currency, in that currency."""
    return _frame(
        db,
        "SELECT l.account, e.currency, sum(l.debit) AS debit, sum(l.credit) AS credit,"
        " sum(l.debit) - sum(l.credit) AS balance FROM journal_lines l"
        " JOIN journal_entries e ON e.id = l.entry_id"
        " WHERE e.status = 'posted' AND (? IS NULL OR e.entry_date <= ?)"
        " GROUP BY ALL ORDER BY l.account, e.currency",
        [as_of, as_of],
    )


@cached_read
def ap_by_vendor(db: Database) -> pd.DataFrame:
    """What is owed to each vendor (credit minus debit on its payable account)."""
    return _frame(
        db,
        "SELECT l.account, any_value(i.issuer) AS vendor, e.currency,"
        " count(DISTINCT e.id) AS entries, sum(l.credit) - sum(l.debit) AS owed,"
        " sum(l.base_credit) - sum(l.base_debit) AS owed_base FROM journal_lines l"
        " JOIN journal_entries e ON e.id = l.entry_id LEFT JOIN invoices i ON i.id = e.invoice_id"
        " WHERE e.status = 'posted' AND starts_with(l.account, 'Liabilities:AccountsPayable')"
        " GROUP BY l.account, e.currency ORDER BY owed_base DESC",
    )


@cached_read
def spend_by_account_month(db: Database) -> pd.DataFrame:
    """Net expense per expense account and month, in the base currency."""
    return _frame(
        db,
        "SELECT e.period AS month, l.account, sum(l.base_debit) - sum(l.base_credit) AS amount"
        " FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id"
        " WHERE e.status = 'posted' AND starts_with(l.account, 'Expenses')"
        " GROUP BY ALL ORDER BY month, l.account",
    )


def posted_totals(db: Database) -> tuple[int, Decimal, Decimal]:
    """How many entries are posted and their base debit and credit totals."""
    row = db.query(
        "SELECT count(DISTINCT e.id), coalesce(sum(l.base_debit), 0),"
        " coalesce(sum(l.base_credit), 0) FROM journal_entries e"
        " JOIN journal_lines l ON l.entry_id = e.id WHERE e.status = 'posted'"
    )[0]
    return int(row[0]), Decimal(row[1]), Decimal(row[2])
