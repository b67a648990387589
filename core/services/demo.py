"""The demo: generate realistic invoice files, run them through the real pipeline, then let
demo people do what an AP team does (set rates, approve most invoices, leave some to review).
"""

from __future__ import annotations

import random
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from core.config import base_currency
from core.demo.generator import generate_corpus
from core.learning.fields import (
    REVIEW_FIELDS,
    canonical,
    truth_from_generator,
    typed,
    wrong_fields,
)
from core.services import accounting, review
from core.services.pipeline import STORED, IngestResult, Pipeline
from core.services.screening import rescan
from core.store import Database, audit
from core.store import invoices as invoices_repo

DEMO_USER = "demo-clerk"
DEMO_APPROVER = "blair.approver"
DEMO_ADMIN = "dana.admin"
# Rates a treasurer would have entered (1 unit in EUR); the demo's base currency is EUR.
DEMO_RATES_TO_EUR = {"USD": Decimal("0.9200"), "GBP": Decimal("1.1700"), "CHF": Decimal("1.0500")}
REVIEW_SHARE = 0.15  # share of invoices left in the review queue for a person
DEMO_BATCH = 20  # invoices that arrive between two review sessions
DEMO_ENTITY = "demo"  # the audit record of a finished demo load


@dataclass(frozen=True)
class DemoSummary:
    files: int
    stored: int
    skipped: int
    refused: int
    findings: int
    posted: int
    approval_refusals: int


def load_demo(
    db: Database,
    n_invoices: int = 120,
    seed: int = 7,
    out_dir: Path | None = None,
    on_result: Callable[[int, int, IngestResult], None] | None = None,
) -> DemoSummary:
    """Write n_invoices demo files and run them through the pipeline week by week: each
    batch is ingested, then reviewed (most of it corrected, approved and posted) before the
    next arrives, so the market learns from the reviews as an AP department's would.

    on_result(done, total, result) is called after each file, for a progress bar.
    """
    rng = random.Random(seed)
    results: list[IngestResult] = []
    posted = refusals = 0
    with tempfile.TemporaryDirectory(prefix="ledgerloop-demo-") as tmp:
        docs = generate_corpus(out_dir or Path(tmp), n_invoices, seed=seed)
        truths = {doc.path.name: doc.truth for doc in docs}
        pipeline = Pipeline(db)
        for start in range(0, len(docs), DEMO_BATCH):
            batch: list[IngestResult] = []
            for doc in docs[start : start + DEMO_BATCH]:
                result = pipeline.ingest_bytes(doc.path.read_bytes(), doc.path.name, DEMO_USER)
                batch.append(result)
                results.append(result)
                if on_result:
                    on_result(len(results), len(docs), result)
            stored = {
                r.invoice_id: truths[r.filename]
                for r in batch
                if r.status == STORED and r.invoice_id is not None
            }
            batch_posted, batch_refused = _review_most(db, stored, rng)
            posted, refusals = posted + batch_posted, refusals + batch_refused
    summary = DemoSummary(
        files=len(results),
        stored=sum(r.status == STORED for r in results),
        skipped=sum(r.status == "skipped" for r in results),
        refused=sum(r.status == "refused" for r in results),
        findings=rescan(db),
        posted=posted,
        approval_refusals=refusals,
    )
    # only a load that ran to the end is recorded: an interrupted one can be finished later
    with db.transaction() as cur:
        after = {"files": summary.files, "stored": summary.stored}
        audit.append(cur, DEMO_USER, "demo_loaded", DEMO_ENTITY, seed, after=after)
    return summary


def demo_unfinished(db: Database) -> bool:
    """The database holds nothing but demo invoices and no demo load ran to its end: the
    browser left the page while it loaded. Loading it again finishes it (stored files are
    skipped). A database with anyone else's invoice is never offered the demo."""
    if set(invoices_repo.uploaders(db)) != {DEMO_USER}:
        return False
    return audit.records(db, entity=DEMO_ENTITY).empty


def _review_most(
    db: Database, truths: dict[int, dict[str, Any]], rng: random.Random
) -> tuple[int, int]:
    """A demo clerk checks all but a review share against the paper (the generator's ground
    truth) and corrects what was misread; an approver then approves and posts them. The
    controls refuse what they must (duplicates, limits), visible on the Compliance page."""
    _set_demo_rates(db)
    chosen = [i for i in truths if rng.random() >= REVIEW_SHARE]
    for invoice_id in chosen:
        changes = _misread(db, invoice_id, truths[invoice_id])
        if changes:
            accounting.correct(db, invoice_id, changes, DEMO_USER, "checked against the original")
    first = review.approve_many(db, chosen, DEMO_APPROVER)
    over_limit = [i for i, r in first.refused.items() if r.control == "approval_limits"]
    second = review.approve_many(db, over_limit, DEMO_ADMIN)
    refused = len(first.refused) - len(over_limit) + len(second.refused)
    return len(first.posted) + len(second.posted), refused


def _misread(db: Database, invoice_id: int, truth_record: dict[str, Any]) -> dict[str, Any]:
    """The fields the pipeline got wrong, with the values printed on the invoice."""
    invoice = invoices_repo.get(db, invoice_id) or {}
    truth = truth_from_generator(truth_record)
    reading = {name: canonical(name, invoice.get(name)) for name in REVIEW_FIELDS}
    return {
        name: truth_record["issuer"] if name == "issuer" else typed(name, truth[name])
        for name in wrong_fields(reading, truth)
        if truth[name] is not None
    }


def _set_demo_rates(db: Database) -> None:
    """The rates a treasurer would have entered, once."""
    if base_currency() != "EUR" or len(accounting.rates(db)):
        return
    for currency, rate in DEMO_RATES_TO_EUR.items():
        accounting.set_rate(db, currency, date(2025, 1, 1), rate, DEMO_ADMIN)
