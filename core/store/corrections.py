"""Fields people corrected during review: who, when, from what to what, and why."""

from __future__ import annotations

from datetime import datetime

import duckdb
import pandas as pd

from core.store.cache import cached_read
from core.store.db import Database


def insert(
    cur: duckdb.DuckDBPyConnection,
    invoice_id: int,
    field: str,
    old_value: str | None,
    new_value: str | None,
    reason: str | None,
    agent: str | None,
    user: str,
    at: datetime,
) -> int:
    row = cur.execute(
        "INSERT INTO corrections (invoice_id, field, old_value, new_value, reason, agent,"
        " corrected_by, corrected_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        [invoice_id, field, old_value, new_value, reason, agent, user, at],
    ).fetchone()
    return int(row[0])


def for_invoice(db: Database, invoice_id: int) -> pd.DataFrame:
    return (
        db.cursor()
        .execute(
            "SELECT field, old_value, new_value, reason, agent, corrected_by, corrected_at"
            " FROM corrections WHERE invoice_id = ? ORDER BY id",
            [invoice_id],
        )
        .df()
    )


@cached_read
def table(db: Database, limit: int = 1000) -> pd.DataFrame:
    """All corrections, newest first, with the vendor: the learning loop's ground truth."""
    return (
        db.cursor()
        .execute(
            "SELECT c.id, c.invoice_id, i.issuer, c.field, c.old_value, c.new_value, c.reason,"
            " c.agent, c.corrected_by, c.corrected_at FROM corrections c"
            " JOIN invoices i ON i.id = c.invoice_id ORDER BY c.id DESC LIMIT ?",
            [limit],
        )
        .df()
    )
