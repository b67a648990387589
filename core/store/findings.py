"""Findings from validation, anomaly detectors and controls, with the analyst's decision."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import duckdb
import pandas as pd

from core.store.cache import cached_read
from core.store.db import Database


def insert(
    cur: duckdb.DuckDBPyConnection,
    invoice_id: int | None,
    check_name: str,
    category: str,
    score: float,
    reason: str,
    evidence: dict[str, Any],
    at: datetime,
) -> int:
    row = cur.execute(
        "INSERT INTO findings (invoice_id, check_name, category, score, reason, evidence,"
        " created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
        [invoice_id, check_name, category, score, reason, json.dumps(evidence, default=str), at],
    ).fetchone()
    return int(row[0])


def delete_open(cur: duckdb.DuckDBPyConnection, invoice_id: int, category: str) -> None:
    """An invoice's open findings of one category, which its current fields replace."""
    cur.execute(
        "DELETE FROM findings WHERE invoice_id = ? AND category = ? AND status = 'open'",
        [invoice_id, category],
    )


@cached_read
def counts(db: Database) -> dict[str, int]:
    rows = db.query("SELECT status, count(*) FROM findings GROUP BY status")
    return {status: int(n) for status, n in rows}


def for_invoice(db: Database, invoice_id: int) -> pd.DataFrame:
    return (
        db.cursor()
        .execute(
            "SELECT check_name, category, round(score, 3) AS score, reason, status FROM findings"
            " WHERE invoice_id = ? ORDER BY score DESC",
            [invoice_id],
        )
        .df()
    )
