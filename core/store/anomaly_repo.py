"""Anomaly screening's own tables: detector posteriors, their history, screening settings."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import duckdb
import pandas as pd

from core.store.cache import cached_read
from core.store.db import Database


def detector_state(cur: duckdb.DuckDBPyConnection) -> dict[str, tuple[float, float, int, int]]:
    """detector -> (alpha, beta, confirmed, dismissed) for detectors that have a row."""
    rows = cur.execute(
        "SELECT detector, alpha, beta, confirmed, dismissed FROM anomaly_detectors"
    ).fetchall()
    return {r[0]: (float(r[1]), float(r[2]), int(r[3]), int(r[4])) for r in rows}


def save_detector(
    cur: duckdb.DuckDBPyConnection,
    detector: str,
    alpha: float,
    beta: float,
    confirmed: int,
    dismissed: int,
    at: datetime,
) -> None:
    cur.execute(
        "INSERT INTO anomaly_detectors VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (detector) DO UPDATE"
        " SET alpha = excluded.alpha, beta = excluded.beta, confirmed = excluded.confirmed,"
        " dismissed = excluded.dismissed, updated_at = excluded.updated_at",
        [detector, alpha, beta, confirmed, dismissed, at],
    )


def add_history(
    cur: duckdb.DuckDBPyConnection,
    detector: str,
    alpha: float,
    beta: float,
    weight: float,
    finding_id: int | None,
    decision: str | None,
    user: str | None,
    at: datetime,
) -> None:
    cur.execute(
        "INSERT INTO anomaly_weight_history (detector, alpha, beta, weight, finding_id, decision,"
        " decided_by, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [detector, alpha, beta, weight, finding_id, decision, user, at],
    )


@cached_read
def weight_history(db: Database) -> pd.DataFrame:
    return (
        db.cursor()
        .execute(
            "SELECT id, detector, alpha, beta, weight, finding_id, decision, decided_by, changed_at"
            " FROM anomaly_weight_history ORDER BY id"
        )
        .df()
    )


def settings(cur: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    rows = cur.execute("SELECT key, CAST(value AS VARCHAR) FROM anomaly_settings").fetchall()
    return {k: json.loads(v) for k, v in rows}


def save_setting(
    cur: duckdb.DuckDBPyConnection, key: str, value: Any, user: str, at: datetime
) -> None:
    cur.execute(
        "INSERT INTO anomaly_settings VALUES (?, ?, ?, ?) ON CONFLICT (key) DO UPDATE"
        " SET value = excluded.value, updated_by = excluded.updated_by,"
        " updated_at = excluded.updated_at",
        [key, json.dumps(value), user, at],
    )


def findings_for_decision(
    cur: duckdb.DuckDBPyConnection, ids: list[int], category: str
) -> list[tuple[int, str, str]]:
    """(id, detector, status) of the given findings in a category."""
    return cur.execute(
        "SELECT id, check_name, status FROM findings WHERE category = ?"
        " AND id IN (SELECT unnest(?::BIGINT[])) ORDER BY id",
        [category, ids],
    ).fetchall()


def set_status(
    cur: duckdb.DuckDBPyConnection, finding_id: int, status: str, user: str, at: datetime
) -> None:
    cur.execute(
        "UPDATE findings SET status = ?, decided_by = ?, decided_at = ? WHERE id = ?",
        [status, user, at, finding_id],
    )


def stored_keys(cur: duckdb.DuckDBPyConnection, category: str) -> set[tuple[int | None, str, str]]:
    rows = cur.execute(
        "SELECT invoice_id, check_name, coalesce(json_extract_string(evidence, '$.subject'), '')"
        " FROM findings WHERE category = ?"
        # an imported ledger's findings are about its rows, not the stored invoices
        " AND id NOT IN (SELECT finding_id FROM ledger_findings)",
        [category],
    ).fetchall()
    return {(r[0], r[1], r[2]) for r in rows}


def findings(
    db: Database, category: str, uploaded: str, detector: str | None = None
) -> pd.DataFrame:
    """The anomaly findings (of one detector, if given) with the vendor, number, date and
    amount of their invoice, or of their row in an imported ledger (source names the file,
    import_id and row say which; an uploaded invoice's source is `uploaded`); a vendor-wide
    finding's vendor comes from its evidence."""
    return (
        db.cursor()
        .execute(
            "SELECT f.id, f.invoice_id, f.check_name AS detector, f.score, f.reason, f.status,"
            " coalesce(i.issuer, r.vendor, json_extract_string(f.evidence, '$.vendor'))"
            " AS vendor,"
            " coalesce(i.invoice_number, r.invoice_number) AS invoice_number,"
            " coalesce(i.issue_date, r.invoice_date) AS invoice_date,"
            " coalesce(i.total_amount, r.total_amount) AS total_amount,"
            " coalesce(i.currency, r.currency) AS currency,"
            " coalesce(li.file_name, ?) AS source, lf.import_id, lf.row,"
            " f.decided_by, f.decided_at, f.created_at"
            " FROM findings f LEFT JOIN invoices i ON i.id = f.invoice_id"
            " LEFT JOIN ledger_findings lf ON lf.finding_id = f.id"
            " LEFT JOIN ledger_imports li ON li.id = lf.import_id"
            " LEFT JOIN ledger_rows r ON r.import_id = lf.import_id AND r.row = lf.row"
            " WHERE f.category = ? AND (CAST(? AS VARCHAR) IS NULL OR f.check_name = ?)",
            [uploaded, category, detector, detector],
        )
        .df()
        .astype({"import_id": "Int64", "row": "Int64"})
    )


def finding(db: Database, finding_id: int, category: str, uploaded: str) -> dict[str, Any] | None:
    """One finding with its evidence (JSON text) and, for an imported ledger's row, the import
    and row; source as in findings."""
    rows = db.query_dicts(
        "SELECT f.id, f.invoice_id, f.check_name AS detector, f.score, f.reason, f.status,"
        " f.decided_by, f.decided_at, f.created_at, CAST(f.evidence AS VARCHAR) AS evidence,"
        " lf.import_id, lf.row, coalesce(li.file_name, ?) AS source FROM findings f"
        " LEFT JOIN ledger_findings lf ON lf.finding_id = f.id"
        " LEFT JOIN ledger_imports li ON li.id = lf.import_id"
        " WHERE f.id = ? AND f.category = ?",
        [uploaded, finding_id, category],
    )
    return rows[0] if rows else None
