"""Loading an imported ledger CSV: rows checked one by one, nothing guessed."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import duckdb

from core.anomalies import ledger_import


def _load(text: str) -> tuple[duckdb.DuckDBPyConnection, str, list[ledger_import.RowError]]:
    parsed = ledger_import.read_csv(text.encode("utf-8"), "ledger.csv")
    con = duckdb.connect()
    table, errors = ledger_import.load(con, parsed, ledger_import.guess_mapping(parsed.headers))
    return con, table, errors


def test_iso_date_times_count_by_their_date_and_anything_else_is_refused_by_row() -> None:
    con, table, errors = _load(
        "vendor,invoice_number,invoice_date,total_amount,currency\n"
        "Acme,1,2025-01-07,10.00,EUR\n"
        "Acme,2,2025-01-08T23:30:00+01:00,11.00,EUR\n"
        "Acme,3,2025-01-09 08:15,12.00,EUR\n"
        "Acme,4,09.01.2025,13.00,EUR\n"
        "Acme,5,2025-02-30T10:00,14.00,EUR\n"
        "Acme,6,2025-01-10,(15.00),EUR\n"
    )
    dates = dict(con.execute(f"SELECT id, invoice_date FROM {table} ORDER BY id").fetchall())
    assert dates == {1: date(2025, 1, 7), 2: date(2025, 1, 8), 3: date(2025, 1, 9)}
    assert [(e.row, e.problem) for e in errors] == [
        (4, "invoice_date '09.01.2025' is not an ISO date (YYYY-MM-DD)"),
        (5, "invoice_date '2025-02-30T10:00' is not an ISO date (YYYY-MM-DD)"),
        (6, "total_amount '(15.00)' is not a plain amount such as 1234.56"),
    ]


def test_amounts_with_more_decimals_than_cents_round_to_the_cent() -> None:
    con, table, errors = _load(
        "vendor,invoice_number,invoice_date,total_amount,tax_amount\n"
        "Acme,1,2025-01-07,1190.0000000000002,190.00\n"  # a float written unrounded
        'Acme,2,2025-01-07,"1,234.565",0.30000000000000004\n'
        "Acme,3,2025-01-07,1e3,\n"
        "Acme,4,2025-01-07,12.5,\n"
    )
    amounts = con.execute(f"SELECT id, total_amount, tax_amount FROM {table} ORDER BY id")
    assert amounts.fetchall() == [
        (1, Decimal("1190.00"), Decimal("190.00")),
        (2, Decimal("1234.57"), Decimal("0.30")),
        (4, Decimal("12.50"), None),
    ]
    assert [(e.row, e.problem) for e in errors] == [
        (3, "total_amount '1e3' is not a plain amount such as 1234.56")
    ]


def test_the_main_currency_is_the_one_most_rows_carry() -> None:
    con, table, _ = _load(
        "vendor,invoice_number,invoice_date,total_amount,currency\n"
        "A,1,2025-01-07,1.00,usd\nA,2,2025-01-07,1.00,USD\nB,1,2025-01-07,1.00,EUR\n"
        "C,1,2025-01-07,1.00,\n"
    )
    assert ledger_import.main_currency(con, table) == "USD"
    con, table, _ = _load("vendor,invoice_number,invoice_date,total_amount\nA,1,2025-01-07,1\n")
    assert ledger_import.main_currency(con, table) is None
