"""The review state of invoices: fields as corrected, approval, rejection, posting."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import duckdb
import pandas as pd

from core.contract import SCALAR_FIELDS
from core.ledger.accounts import vendor_key_sql

# What a reviewer may correct (each the invoices column of the same name): the contract's
# fields and the booking account.
EDITABLE = (*SCALAR_FIELDS, "expense_account")
_COLUMNS = (
    "id, document_sha256, extraction_id, issuer, issuer_vat_id, invoice_number, issue_date,"
    " due_date, currency, net_amount, tax_amount, total_amount, iban, doc_type,"
    " validation_score, status, uploaded_by, approved_by, approved_at, rejected_by,"
    " rejected_at, rejection_reason, expense_account, account_confidence, account_source,"
    " created_at"
)


def load(cur: duckdb.DuckDBPyConnection, invoice_ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """Invoice rows by id, as the caller's transaction sees them."""
    res = cur.execute(
        f"SELECT {_COLUMNS}, (SELECT agent FROM extractions x WHERE x.id = extraction_id)"
        " AS agent FROM invoices WHERE id IN (SELECT unnest(?::BIGINT[]))",
        [list(invoice_ids)],
    )
    names = [d[0] for d in res.description]
    return {int(row[0]): dict(zip(names, row, strict=True)) for row in res.fetchall()}


def line_items(cur: duckdb.DuckDBPyConnection, invoice_id: int) -> list[dict[str, Any]]:
    res = cur.execute(
        "SELECT description, quantity, unit_price, amount, tax_rate FROM invoice_lines"
        " WHERE invoice_id = ? ORDER BY line_no",
        [invoice_id],
    )
    names = [d[0] for d in res.description]
    return [dict(zip(names, row, strict=True)) for row in res.fetchall()]


def update_fields(
    cur: duckdb.DuckDBPyConnection, invoice_id: int, values: dict[str, Any], score: float
) -> None:
    unknown = set(values) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not editable: {', '.join(sorted(unknown))}")
    assignments = ", ".join(f"{name} = ?" for name in values)
    cur.execute(
        f"UPDATE invoices SET {assignments}, validation_score = ? WHERE id = ?",
        [*values.values(), score, invoice_id],
    )


def set_account(
    cur: duckdb.DuckDBPyConnection, invoice_id: int, account: str, confidence: float, source: str
) -> None:
    cur.execute(
        "UPDATE invoices SET expense_account = ?, account_confidence = ?, account_source = ?"
        " WHERE id = ?",
        [account, confidence, source, invoice_id],
    )


def mark(
    cur: duckdb.DuckDBPyConnection,
    changes: Sequence[tuple[int, str, str, str | None, str | None, datetime | None]],
) -> int:
    """Bulk status change: (id, expected status, new status, approved_by, account, approved_at).

    Only rows still in their expected status change, so a racing writer that got there
    first makes the count come out short instead of approving twice.
    """
    if not changes:
        return 0
    frame = pd.DataFrame(
        changes, columns=["id", "expected", "status", "approved_by", "account", "approved_at"]
    )
    frame["approved_at"] = frame["approved_at"].astype("datetime64[us]")
    cur.register("status_batch", frame)
    try:
        row = cur.execute(
            "UPDATE invoices SET status = b.status,"
            " approved_by = coalesce(b.approved_by, invoices.approved_by),"
            " approved_at = coalesce(CAST(b.approved_at AS TIMESTAMP), invoices.approved_at),"
            " expense_account = coalesce(b.account, invoices.expense_account)"
            " FROM status_batch b WHERE invoices.id = b.id AND invoices.status = b.expected"
        ).fetchone()
    finally:
        cur.unregister("status_batch")
    return int(row[0]) if row else 0


def mark_rejected(
    cur: duckdb.DuckDBPyConnection, invoice_id: int, user: str, reason: str, at: datetime
) -> int:
    row = cur.execute(
        "UPDATE invoices SET status = 'rejected', rejected_by = ?, rejected_at = ?,"
        " rejection_reason = ? WHERE id = ? AND status IN ('extracted', 'approved')",
        [user, at, reason, invoice_id],
    ).fetchone()
    return int(row[0]) if row else 0


def booked_keys(
    cur: duckdb.DuckDBPyConnection, invoice_ids: Sequence[int]
) -> dict[tuple[str, str, str], int]:
    """(vendor key, number key, doc type) -> first id, among approved or posted invoices that
    share a key with one of invoice_ids (only those: the ledger may hold millions)."""
    vendor = vendor_key_sql("issuer")
    number = "regexp_replace(upper(coalesce(invoice_number, '')), '[^A-Z0-9]+', '', 'g')"
    rows = cur.execute(
        f"WITH keyed AS MATERIALIZED (SELECT id, status, {vendor} AS v, {number} AS n,"
        " doc_type AS t"
        " FROM invoices), wanted AS (SELECT DISTINCT v, n, t FROM keyed"
        " WHERE id IN (SELECT unnest(?::BIGINT[])) AND n <> '')"
        " SELECT k.v, k.n, k.t, min(k.id) FROM keyed k JOIN wanted w USING (v, n, t)"
        " WHERE k.status IN ('approved', 'posted') GROUP BY ALL",
        [list(invoice_ids)],
    ).fetchall()
    return {(str(v), str(n), str(t)): int(i) for v, n, t, i in rows}


def review_queue(db_cur: duckdb.DuckDBPyConnection, limit: int = 500) -> pd.DataFrame:
    return db_cur.execute(
        "SELECT id, issuer, invoice_number, issue_date, currency, total_amount, doc_type,"
        " round(validation_score, 3) AS score, expense_account, round(account_confidence, 2)"
        " AS account_confidence, uploaded_by, created_at FROM invoices"
        " WHERE status = 'extracted' ORDER BY validation_score, id LIMIT ?",
        [limit],
    ).df()
