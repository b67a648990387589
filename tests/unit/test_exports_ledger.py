"""Exports of the posted ledger: CSV, XLSX with number formats, and a Beancount round-trip."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from accounting_support import APPROVER, Spec, ingest
from beancount import loader
from beancount.core import data as bc_data
from openpyxl import load_workbook

from core.services import accounting as acc
from core.services import exports
from core.store.db import Database

D = Decimal


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> Database:
    """Invoices and a credit note in EUR, USD and CHF, from vendors with awkward names."""
    db = Database(tmp_path_factory.mktemp("exports") / "ledger.duckdb")
    acc.set_rate(db, "USD", date(2024, 1, 1), "0.9137", "dana.admin")
    acc.set_rate(db, "CHF", date(2024, 1, 1), "1.0412", "dana.admin")
    specs = [
        Spec(vendor='Müller & "Söhne" GmbH', number="R-1", issued="2024-01-15", due="2024-02-14"),
        Spec(
            vendor="Nordwind Consulting GmbH",
            number="R-2",
            issued="2024-02-03",
            net="333.33",
            due="2024-03-03",
        ),
        Spec(
            vendor="Nordwind Consulting GmbH",
            number="G-1",
            credit_note=True,
            net="50.00",
            issued="2024-02-10",
            due="2024-03-10",
        ),
        Spec(
            vendor="Pacific Cloud Inc",
            number="INV-9",
            currency="USD",
            net="1234.57",
            rate="0",
            vat_id="GB980780684",
            issued="2024-02-20",
            due="2024-03-20",
            item="Hosting - reverse charge",
        ),
        Spec(
            vendor="Alpen Treuhand AG",
            number="A-77",
            currency="CHF",
            net="980.00",
            rate="8.1",
            vat_id="CHE-116.281.710 MWST",
            iban="CH9300762011623852957",
            issued="2024-03-01",
            due="2024-03-31",
        ),
    ]
    ids = [ingest(db, s) for s in specs]
    outcome = acc.approve_many(db, ids, APPROVER)
    assert not outcome.refused, {k: str(v) for k, v in outcome.refused.items()}
    yield db
    db.close()


def test_beancount_file_loads_without_errors_and_matches_the_trial_balance(ledger) -> None:
    text = exports.beancount_text(ledger)
    entries, errors, options = loader.load_string(text)
    assert errors == [], [str(e) for e in errors]
    transactions = [e for e in entries if isinstance(e, bc_data.Transaction)]
    assert len(transactions) == 5
    balances: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for txn in transactions:
        for p in txn.postings:
            balances[(p.account, p.units.currency)] += p.units.number
    tb = acc.trial_balance_by_currency(ledger)
    expected = {(r.account, r.currency): r.balance for r in tb.itertuples()}
    assert {k: v for k, v in balances.items()} == expected
    assert len({currency for _, currency in expected}) == 3
    assert options["operating_currency"] == ["EUR"]


def test_beancount_prices_carry_the_rate_table(ledger) -> None:
    entries, _, _ = loader.load_string(exports.beancount_text(ledger))
    prices = {(e.currency, e.amount.number) for e in entries if isinstance(e, bc_data.Price)}
    assert prices == {("USD", D("0.9137")), ("CHF", D("1.0412"))}


def test_eur_only_ledger_beancount_equals_the_base_trial_balance(tmp_path: Path) -> None:
    db = Database(tmp_path / "eur.duckdb")
    ids = [ingest(db, Spec(number=f"E-{i}", net=f"{100 + i}.10")) for i in range(3)]
    acc.approve_many(db, ids, APPROVER)
    entries, errors, _ = loader.load_string(exports.beancount_text(db))
    assert errors == []
    sums: dict[str, Decimal] = defaultdict(Decimal)
    for txn in (e for e in entries if isinstance(e, bc_data.Transaction)):
        for p in txn.postings:
            sums[p.account] += p.units.number
    tb = acc.trial_balance(db)
    assert dict(sums) == dict(zip(tb["account"], tb["balance"], strict=True))
    db.close()


def test_csv_round_trips_every_line_exactly(ledger) -> None:
    rows = list(csv.DictReader(io.StringIO(exports.journal_csv(ledger).decode("utf-8-sig"))))
    journal = acc.journal(ledger)
    assert len(rows) == len(journal)
    assert sum(D(r["debit"]) for r in rows) == sum(journal["debit"])
    assert {r["account"] for r in rows} == set(journal["account"])
    filtered = exports.journal_csv(ledger, currency="USD").decode("utf-8-sig")
    assert "Pacific Cloud" in filtered and "Nordwind" not in filtered


def test_xlsx_has_sheets_numbers_and_number_formats(ledger) -> None:
    book = load_workbook(io.BytesIO(exports.ledger_xlsx(ledger)))
    assert book.sheetnames == [
        "Journal",
        "Trial balance",
        "Trial balance by currency",
        "AP by vendor",
        "Spend by month",
    ]
    sheet = book["Trial balance"]
    header = [c.value for c in sheet[1]]
    balance_col = header.index("balance") + 1
    cells = [sheet.cell(row=r, column=balance_col) for r in range(2, sheet.max_row + 1)]
    assert all(isinstance(c.value, int | float) for c in cells)
    assert all(c.number_format == exports.MONEY_FORMAT for c in cells)
    tb = acc.trial_balance(ledger)
    assert sum(D(str(c.value)) for c in cells) == sum(tb["balance"]) == 0
    journal = book["Journal"]
    jheader = [c.value for c in journal[1]]
    date_cell = journal.cell(row=2, column=jheader.index("date") + 1)
    assert date_cell.number_format == exports.DATE_FORMAT and date_cell.is_date
    rate_cell = journal.cell(row=2, column=jheader.index("fx_rate") + 1)
    assert rate_cell.number_format == exports.RATE_FORMAT


def test_text_read_off_an_invoice_never_becomes_a_spreadsheet_formula(tmp_path: Path) -> None:
    db = Database(tmp_path / "hostile.duckdb")
    vendor = '=HYPERLINK("http://evil.example","Pay here")'
    ids = [ingest(db, Spec(vendor=vendor, number="@SUM(A1)", net="100.00"))]
    ids.append(ingest(db, Spec(vendor="TabCo", number=" =1+1", net="50.00")))
    acc.approve_many(db, ids, APPROVER)
    # a control character, as a spreadsheet or CSV invoice may carry (XML cannot)
    with db.transaction() as cur:
        cur.execute("UPDATE invoices SET issuer = ? WHERE id = ?", ["Tab\x0bCo", ids[1]])
    rows = list(csv.DictReader(io.StringIO(exports.journal_csv(db).decode("utf-8-sig"))))
    assert rows and {r["vendor"] for r in rows} == {"'" + vendor, "Tab\x0bCo"}
    assert {r["invoice_number"] for r in rows} == {"'@SUM(A1)", "'=1+1"}
    assert any(D(r["credit"] or "0") > 0 for r in rows)  # amounts stay numbers
    journal = load_workbook(io.BytesIO(exports.ledger_xlsx(db)))["Journal"]
    header = [c.value for c in journal[1]]
    vendors = {
        journal.cell(row=r, column=header.index("vendor") + 1)
        for r in range(2, journal.max_row + 1)
    }
    assert {(c.value, c.data_type) for c in vendors} == {(vendor, "s"), ("TabCo", "s")}
    db.close()


def test_inert_marks_every_text_a_spreadsheet_would_run_and_nothing_else() -> None:
    import pandas as pd

    frame = pd.DataFrame(
        {
            "text": [" =1+1", "\t=1+1", "\rplain", "-2+3", "@x", "+49 30 1234", "-50.00", None],
            "amount": [D("-5.00"), D("1"), D("2"), D("3"), D("4"), D("5"), D("6"), D("7")],
            "kind": pd.Categorical(["=cmd", "a", "a", "a", "a", "a", "a", "a"]),
        }
    )
    out = exports.inert(frame)
    assert list(out["text"])[:7] == [
        "' =1+1", "'\t=1+1", "'\rplain", "'-2+3", "'@x", "'+49 30 1234", "-50.00"
    ]  # fmt: skip
    assert pd.isna(out["text"].iloc[7])  # a blank stays blank
    assert list(out["amount"]) == list(frame["amount"])  # a negative amount stays a number
    assert list(out["kind"])[:2] == ["'=cmd", "a"]
    assert exports.inert(frame.iloc[:0]).empty
