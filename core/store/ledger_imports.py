"""Ledgers imported from another system: the file, its screened rows, and which findings are
about them (migration 007)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa

from core.store.cache import cached_read
from core.store.db import Database

ROW_COLUMNS = (
    "vendor, invoice_number, invoice_date, currency, net_amount, tax_amount, total_amount,"
    " account, iban, uploaded_by, approved_by, recorded_at"
)


def find(cur: duckdb.DuckDBPyConnection, sha256: str) -> dict[str, Any] | None:
    """The import kept under this digest (of a file's bytes and how it was read), if any."""
    row = cur.execute(
        "SELECT id, file_name, imported_by, imported_at FROM ledger_imports WHERE sha256 = ?"
        " ORDER BY id LIMIT 1",
        [sha256],
    ).fetchone()
    if row is None:
        return None
    return dict(zip(("id", "file_name", "imported_by", "imported_at"), row, strict=True))


def insert(
    cur: duckdb.DuckDBPyConnection,
    file_name: str,
    sha256: str,
    data_rows: int,
    base_currency: str,
    user: str,
    at: datetime,
    rows: pa.Table,
) -> int:
    """Keep an import and its screened rows (the scan's canonical columns, id = data row)."""
    import_id = int(
        cur.execute(
            "INSERT INTO ledger_imports (file_name, sha256, data_rows, screened, base_currency,"
            " imported_by, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
            [file_name, sha256, data_rows, rows.num_rows, base_currency, user, at],
        ).fetchone()[0]
    )
    cur.register("ledger_incoming", rows)
    try:
        cur.execute(
            f"INSERT INTO ledger_rows SELECT ?, id, {ROW_COLUMNS} FROM ledger_incoming",
            [import_id],
        )
    finally:
        cur.unregister("ledger_incoming")
    return import_id


def link(cur: duckdb.DuckDBPyConnection, links: list[tuple[int, int, int | None]]) -> None:
    """(finding id, import id, data row or None for a vendor as a whole) for each finding."""
    if links:
        cur.executemany("INSERT INTO ledger_findings VALUES (?, ?, ?)", links)


@cached_read
def imports(db: Database) -> pd.DataFrame:
    """The kept imports, newest first, with how many of their findings are still open."""
    return (
        db.cursor()
        .execute(
            "SELECT li.id, li.file_name, li.imported_by, li.imported_at, li.data_rows,"
            " li.screened, li.base_currency, count(f.id) AS findings,"
            " count(f.id) FILTER (WHERE f.status = 'open') AS open"
            " FROM ledger_imports li LEFT JOIN ledger_findings lf ON lf.import_id = li.id"
            " LEFT JOIN findings f ON f.id = lf.finding_id"
            " GROUP BY ALL ORDER BY li.id DESC"
        )
        .df()
    )


def rows(cur: duckdb.DuckDBPyConnection, import_id: int, numbers: list[int]) -> pd.DataFrame:
    """Some rows of an import, as the detail view shows invoices (id is the data row)."""
    return cur.execute(
        "SELECT row AS id, vendor, invoice_number, invoice_date, net_amount, tax_amount,"
        " total_amount, currency, account, iban, uploaded_by, approved_by FROM ledger_rows"
        " WHERE import_id = ? AND row IN (SELECT unnest(?::BIGINT[])) ORDER BY invoice_date, row",
        [import_id, numbers],
    ).df()


def vendor_history(
    cur: duckdb.DuckDBPyConnection, import_id: int, vendor: str, this_row: int
) -> pd.DataFrame:
    """The vendor's rows in an import (by name, case aside) with the given one marked."""
    return cur.execute(
        "SELECT row AS id, invoice_date, total_amount, row = ? AS this FROM ledger_rows"
        " WHERE import_id = ? AND lower(vendor) = lower(?) AND total_amount > 0"
        " ORDER BY invoice_date, row",
        [this_row, import_id, vendor],
    ).df()
