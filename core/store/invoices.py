"""Extractions, invoices and their line items."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import duckdb
import pandas as pd

from core.contract import Extraction
from core.store.cache import cached_read
from core.store.db import Database


def insert_extraction(
    cur: duckdb.DuckDBPyConnection,
    sha256: str,
    task_id: int | None,
    extraction: Extraction,
    cost: float,
    latency_ms: float,
    at: datetime,
) -> int:
    data = extraction.to_json()
    confidence = data.pop("confidence")
    row = cur.execute(
        "INSERT INTO extractions (document_sha256, task_id, agent, fields, confidence, cost,"
        " latency_ms, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        [
            sha256,
            task_id,
            extraction.agent,
            json.dumps(data),
            json.dumps(confidence),
            cost,
            latency_ms,
            at,
        ],
    ).fetchone()
    return int(row[0])


def insert_invoice(
    cur: duckdb.DuckDBPyConnection,
    sha256: str,
    extraction_id: int,
    extraction: Extraction,
    score: float,
    status: str,
    user: str,
    at: datetime,
) -> int:
    e = extraction
    row = cur.execute(
        "INSERT INTO invoices (document_sha256, extraction_id, issuer, issuer_vat_id,"
        " invoice_number, issue_date, due_date, currency, net_amount, tax_amount, total_amount,"
        " iban, doc_type, validation_score, status, uploaded_by, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        [
            sha256,
            extraction_id,
            e.issuer,
            e.issuer_vat_id,
            e.invoice_number,
            e.issue_date,
            e.due_date,
            e.currency,
            e.net_amount,
            e.tax_amount,
            e.total_amount,
            e.iban,
            e.doc_type,
            score,
            status,
            user,
            at,
        ],
    ).fetchone()
    invoice_id = int(row[0])
    for no, item in enumerate(e.line_items, start=1):
        cur.execute(
            "INSERT INTO invoice_lines VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                invoice_id,
                no,
                item.description,
                item.quantity,
                item.unit_price,
                item.amount,
                item.tax_rate,
            ],
        )
    return invoice_id


def get(db: Database, invoice_id: int) -> dict[str, Any] | None:
    rows = db.query_dicts(
        "SELECT i.*, d.filename, d.kind, e.agent, CAST(e.confidence AS VARCHAR) AS confidence"
        " FROM invoices i JOIN documents d ON d.sha256 = i.document_sha256"
        " JOIN extractions e ON e.id = i.extraction_id WHERE i.id = ?",
        [invoice_id],
    )
    if not rows:
        return None
    row = rows[0]
    row["confidence"] = json.loads(row["confidence"] or "{}")
    return row


def first_reading(db: Database, invoice_id: int) -> dict[str, Any]:
    """The fields as the pipeline read them at ingest, before any person corrected them."""
    raw = db.scalar(
        "SELECT CAST(e.fields AS VARCHAR) FROM invoices i JOIN extractions e"
        " ON e.id = i.extraction_id WHERE i.id = ?",
        [invoice_id],
    )
    return json.loads(raw) if raw else {}


@cached_read
def table(db: Database, limit: int = 1000) -> pd.DataFrame:
    return (
        db.cursor()
        .execute(
            "SELECT i.id, i.issuer, i.invoice_number, i.issue_date, i.currency, i.net_amount,"
            " i.tax_amount, i.total_amount, i.doc_type, i.status, round(i.validation_score, 3)"
            " AS score, e.agent, d.filename, i.uploaded_by, i.approved_by, i.created_at"
            " FROM invoices i JOIN documents d ON d.sha256 = i.document_sha256"
            " JOIN extractions e ON e.id = i.extraction_id ORDER BY i.id DESC LIMIT ?",
            [limit],
        )
        .df()
    )


@cached_read
def recent_refusals(db: Database, limit: int = 50) -> pd.DataFrame:
    return (
        db.cursor()
        .execute(
            "SELECT refused_at, filename, reason, uploaded_by FROM refusals"
            " ORDER BY id DESC LIMIT ?",
            [limit],
        )
        .df()
    )


@cached_read
def uploaders(db: Database) -> dict[str, int]:
    """How many invoices each user uploaded."""
    rows = db.cursor().execute("SELECT uploaded_by, count(*) FROM invoices GROUP BY 1").fetchall()
    return dict(rows)


@cached_read
def overview(db: Database) -> dict[str, Any]:
    row = (
        db.cursor()
        .execute(
            "SELECT count(*), count(DISTINCT issuer),"
            " coalesce(sum(CASE WHEN doc_type = 'credit_note' THEN -total_amount"
            " ELSE total_amount END), 0),"
            " count(*) FILTER (WHERE status = 'extracted'), avg(validation_score) FROM invoices"
        )
        .fetchone()
    )
    by_currency = db.query(
        "SELECT currency, sum(CASE WHEN doc_type = 'credit_note' THEN -total_amount"
        " ELSE total_amount END) FROM invoices GROUP BY currency ORDER BY 2 DESC NULLS LAST"
    )
    return {
        "invoices": row[0],
        "vendors": row[1],
        "gross_total": row[2],
        "awaiting_review": row[3],
        "mean_validation": row[4],
        "spend_by_currency": by_currency,
    }


@cached_read
def monthly_spend(db: Database) -> pd.DataFrame:
    return (
        db.cursor()
        .execute(
            "SELECT date_trunc('month', issue_date) AS month, currency, sum(CASE WHEN doc_type ="
            " 'credit_note' THEN -total_amount ELSE total_amount END) AS gross FROM invoices"
            " WHERE issue_date IS NOT NULL GROUP BY ALL ORDER BY month"
        )
        .df()
    )


def by_ids(cur: duckdb.DuckDBPyConnection, ids: list[int]) -> pd.DataFrame:
    """Some invoices as a finding's evidence shows them, in date order."""
    return cur.execute(
        "SELECT id, issuer AS vendor, invoice_number, issue_date AS invoice_date, due_date,"
        " net_amount, tax_amount, total_amount, currency, iban, doc_type, uploaded_by,"
        " approved_by, created_at FROM invoices WHERE id IN (SELECT unnest(?::BIGINT[]))"
        " ORDER BY issue_date, id",
        [ids],
    ).df()


def vendor_history(cur: duckdb.DuckDBPyConnection, vendor: str, this_id: int) -> pd.DataFrame:
    """The vendor's invoices (by issuer, case aside; credit notes left out) with the given one
    marked: an amount outlier's history."""
    return cur.execute(
        "SELECT id, issue_date AS invoice_date, total_amount, id = ? AS this FROM invoices"
        " WHERE lower(issuer) = lower(?) AND doc_type = 'invoice' ORDER BY invoice_date",
        [this_id, vendor],
    ).df()


def ids_with_status(db: Database, status: str) -> list[int]:
    return [int(r[0]) for r in db.query("SELECT id FROM invoices WHERE status = ?", [status])]


def open_in_other_currencies(db: Database, base: str) -> list[tuple]:
    """Invoices awaiting approval or posting in a currency other than base, with a date:
    id, issuer, invoice_number, issue_date, currency, total_amount."""
    return db.query(
        "SELECT id, issuer, invoice_number, issue_date, currency, total_amount FROM invoices"
        " WHERE status IN ('extracted', 'approved') AND currency IS NOT NULL AND currency <> ?"
        " AND issue_date IS NOT NULL ORDER BY currency, issue_date",
        [base],
    )


@cached_read
def leading_digits(db: Database, width: int) -> dict[int, int]:
    """How many stored invoice totals (of at least 10 ** (width - 1)) lead with each string of
    `width` digits, cents included: Benford's counts over the whole store."""
    rows = db.query(
        "SELECT CAST(substr(CAST(CAST(abs(total_amount) * 100 AS BIGINT) AS VARCHAR), 1, ?)"
        " AS INTEGER) AS d, count(*) FROM invoices WHERE abs(total_amount) >= ?"
        " GROUP BY d",
        [width, 10 ** (width - 1)],
    )
    return {int(d): int(n) for d, n in rows if d is not None}
