"""Ledger throughput: post 100,000 generated invoices, then time the trial balance and the
audit chain verification.

Usage: python bench/ledger.py [--invoices 100000] [--batch 5000] [--singles 300] [--db PATH]

Setup (not timed): a fresh DuckDB file gets N extracted invoices in one bulk insert, as the
pipeline leaves them (status 'extracted', expense account suggested, uploaded by a clerk):
500 vendors, 2023-2024 dates, 90% EUR / 7% USD / 3% CHF with rates in the rate table, 4%
credit notes. Timed:
- posting: approve_many (every rule checked per invoice, entries built and converted,
  invoices, entries, lines and two audit records per invoice written) in batches;
- singles: approve() one invoice at a time, the path of a click on the Review page;
- trial balance: the base-currency trial balance over every posted line (uncached), median;
- audit verification: audit.verify over the whole chain, median.
Targets: posting >= 2,000 invoices/s, trial balance < 1 s, verification < 5 s.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core.config import base_currency
from core.ledger.accounts import KEYWORDS
from core.services import accounting
from core.store import audit
from core.store import journal as journal_repo
from core.store.db import Database

CLERK, POSTER = "alex.clerk", "dana.admin"


def generate(db: Database, n: int, seed: int = 11) -> list[int]:
    rng = random.Random(seed)
    accounts = [account for _, account in KEYWORDS]
    vendors = [(f"Vendor {i:03d} GmbH", rng.choice(accounts)) for i in range(500)]
    start = date(2023, 1, 1)
    rows = []
    for i in range(1, n + 1):
        vendor, account = rng.choice(vendors)
        currency = rng.choices(["EUR", "USD", "CHF"], [90, 7, 3])[0]
        net = Decimal(rng.randint(500, 2_000_000)) / 100
        tax = (net * Decimal(rng.choice(["0.19", "0.07"]))).quantize(Decimal("0.01"))
        issued = start + timedelta(days=rng.randint(0, 729))
        rows.append(
            (
                i,
                f"{i:064x}",
                i,
                vendor,
                f"INV-{i:07d}",
                issued,
                issued + timedelta(30),
                currency,
                str(net),
                str(tax),
                str(net + tax),
                "credit_note" if rng.random() < 0.04 else "invoice",
                1.0,
                "extracted",
                CLERK,
                pd.Timestamp.now(),
                account,
                0.8,
                "history",
            )
        )
    frame = pd.DataFrame(
        rows,
        columns=[
            "id",
            "document_sha256",
            "extraction_id",
            "issuer",
            "invoice_number",
            "issue_date",
            "due_date",
            "currency",
            "net_amount",
            "tax_amount",
            "total_amount",
            "doc_type",
            "validation_score",
            "status",
            "uploaded_by",
            "created_at",
            "expense_account",
            "account_confidence",
            "account_source",
        ],
    )
    with db.transaction() as cur:
        cur.register("gen", frame)
        cur.execute(
            "INSERT INTO invoices (id, document_sha256, extraction_id, issuer, invoice_number,"
            " issue_date, due_date, currency, net_amount, tax_amount, total_amount, doc_type,"
            " validation_score, status, uploaded_by, created_at, expense_account,"
            " account_confidence, account_source) SELECT id, document_sha256, extraction_id,"
            " issuer, invoice_number, issue_date, due_date, currency,"
            " CAST(net_amount AS DECIMAL(18, 2)), CAST(tax_amount AS DECIMAL(18, 2)),"
            " CAST(total_amount AS DECIMAL(18, 2)), doc_type, validation_score, status,"
            " uploaded_by, created_at, expense_account, account_confidence, account_source"
            " FROM gen"
        )
        cur.unregister("gen")
    accounting.set_rate(db, "USD", date(2022, 12, 1), "0.9137", POSTER)
    accounting.set_rate(db, "CHF", date(2022, 12, 1), "1.0412", POSTER)
    return list(range(1, n + 1))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--invoices", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=5_000)
    parser.add_argument("--singles", type=int, default=300)
    parser.add_argument("--db", type=Path, default=None)
    args = parser.parse_args(argv)
    os.environ.setdefault("LEDGERLOOP_BASE_CURRENCY", "EUR")
    with tempfile.TemporaryDirectory(prefix="ledger-bench-") as tmp:
        path = args.db or Path(tmp) / "bench.duckdb"
        db = Database(path)
        total = args.invoices + args.singles
        t0 = time.perf_counter()
        ids = generate(db, total)
        print(
            f"setup: {total:,} extracted invoices in {time.perf_counter() - t0:.1f} s "
            f"(base currency {base_currency()})"
        )
        bulk, singles = ids[: args.invoices], ids[args.invoices :]

        t0 = time.perf_counter()
        posted = refused = 0
        for i in range(0, len(bulk), args.batch):
            outcome = accounting.approve_many(db, bulk[i : i + args.batch], POSTER)
            posted += len(outcome.posted)
            refused += len(outcome.refused)
        elapsed = time.perf_counter() - t0
        print(
            f"posting: {posted:,} invoices posted ({refused} refused) in {elapsed:.2f} s = "
            f"{posted / elapsed:,.0f} invoices/s (batches of {args.batch:,}; target >= 2,000)"
        )

        times = []
        for invoice_id in singles:
            t1 = time.perf_counter()
            accounting.approve(db, invoice_id, POSTER)
            times.append(time.perf_counter() - t1)
        if times:
            print(
                f"single approvals: {len(times)} one by one, median "
                f"{statistics.median(times) * 1000:.1f} ms each "
                f"({1 / statistics.median(times):,.0f}/s)"
            )

        raw_tb = journal_repo.trial_balance.__wrapped__
        tb_times = []
        for _ in range(5):
            t1 = time.perf_counter()
            tb = raw_tb(db)
            tb_times.append(time.perf_counter() - t1)
        lines = journal_repo.posted_totals(db)
        print(
            f"trial balance: {len(tb)} accounts over {lines[0]:,} posted entries, median "
            f"{statistics.median(tb_times) * 1000:.0f} ms of 5 (target < 1 s); balanced: "
            f"{sum(tb['balance']) == 0}"
        )

        v_times = []
        for _ in range(3):
            t1 = time.perf_counter()
            report = audit.verify(db)
            v_times.append(time.perf_counter() - t1)
        print(
            f"audit verification: {report.records:,} records, ok={report.ok}, median "
            f"{statistics.median(v_times):.2f} s of 3 (target < 5 s)"
        )
        db.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
