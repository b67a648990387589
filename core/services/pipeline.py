"""The pipeline: bytes -> document -> auction -> extraction -> validation -> entry -> store.

Each file is one unit of work: it is refused alone with a message, or stored whole in one
transaction with its audit record. A file already stored (same sha256) is skipped.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb

from core.contract import Extraction
from core.documents import Document, load_document
from core.errors import DocumentError
from core.extraction import ExtractorAgent, builtin_agents
from core.extraction.sheet_reader import is_invoice_list, iter_sheet_extractions
from core.market.engine import MarketOutcome, allocate_and_extract, store_outcome
from core.services import accounting
from core.store import Database, audit
from core.store import documents as documents_repo
from core.store import findings as findings_repo
from core.store import invoices as invoices_repo
from core.store import journal as journal_repo
from core.store import market as market_repo
from core.validation import ValidationResult, validate

REFUSED, STORED, SKIPPED = "refused", "stored", "skipped"


@dataclass(frozen=True)
class IngestResult:
    filename: str
    status: str  # stored, refused, skipped
    message: str
    invoice_id: int | None = None
    extraction: Extraction | None = None
    score: float | None = None
    agent: str | None = None
    notes: tuple[str, ...] = field(default=())


class Pipeline:
    def __init__(
        self,
        db: Database,
        agents: Sequence[ExtractorAgent] | None = None,
        rng: random.Random | None = None,
        policy: str = "thompson",
    ) -> None:
        self.db = db
        self.policy = policy
        self.agents = list(agents) if agents is not None else builtin_agents()
        self.rng = rng or random.Random()
        market_repo.register_agents(db, [a.info for a in self.agents], audit.now())

    def ingest_bytes(
        self, data: bytes, filename: str, user: str, password: str | None = None
    ) -> IngestResult:
        try:
            doc = load_document(data, filename, password)
        except DocumentError as exc:
            self._refuse(exc.filename, exc.reason, user)
            return IngestResult(exc.filename, REFUSED, str(exc))
        if documents_repo.exists(self.db, doc.sha256):
            return IngestResult(
                doc.filename, SKIPPED, f"{doc.filename}: already stored (same content)"
            )
        return self._process(doc, data, user)

    def _refuse(self, filename: str, reason: str, user: str) -> None:
        with self.db.transaction() as cur:
            documents_repo.record_refusal(cur, filename, reason, user, audit.now())
            audit.append(cur, user, "refuse", "file", filename, after={"reason": reason})

    def _process(self, doc: Document, data: bytes, user: str) -> IngestResult:
        outcome = allocate_and_extract(self.db, doc, self.agents, self.rng, self.policy)
        if outcome.extraction is None or outcome.validation is None:
            reasons = "; ".join(f"{b.agent}: {b.reason}" for b in outcome.auction.bids)
            self._refuse(doc.filename, f"no agent can read it ({reasons})", user)
            return IngestResult(
                doc.filename, REFUSED, f"{doc.filename}: no agent can read it ({reasons})"
            )
        readings = _readings(doc, outcome)
        now = audit.now()
        invoice_ids: list[int] = []
        with self.db.transaction() as cur:
            documents_repo.insert(cur, doc, data, user, now)
            task_id = store_outcome(cur, outcome, doc.sha256, now)
            for extraction, result in readings:
                invoice_id = self._store_invoice(
                    cur, doc, task_id, outcome, extraction, result, user, now
                )
                invoice_ids.append(invoice_id)
        extraction, result = readings[0]
        rows = f", {len(readings)} invoices (one per row)" if len(readings) > 1 else ""
        return IngestResult(
            doc.filename,
            STORED,
            f"{doc.filename}: read by {outcome.winner}, validation score {result.score:.2f}"
            + (f", consensus of {len(outcome.runs)}" if len(outcome.runs) > 1 else "")
            + rows,
            invoice_ids[0],
            extraction,
            result.score,
            outcome.winner,
            doc.notes + outcome.notes,
        )

    def _store_invoice(
        self,
        cur: duckdb.DuckDBPyConnection,
        doc: Document,
        task_id: int,
        outcome: MarketOutcome,
        extraction: Extraction,
        result: ValidationResult,
        user: str,
        now: datetime,
    ) -> int:
        prepared = accounting.prepare_ingest(self.db, extraction)
        extraction_id = invoices_repo.insert_extraction(
            cur, doc.sha256, task_id, extraction, float(outcome.cost),
            outcome.runs[0].latency_ms, now,
        )  # fmt: skip
        invoice_id = invoices_repo.insert_invoice(
            cur, doc.sha256, extraction_id, extraction, result.score, "extracted", user, now
        )
        accounting.record_ingest(cur, invoice_id, prepared, now)
        journal_repo.insert_entry(cur, invoice_id, prepared.entry, "proposed", now)
        for finding in result.findings:
            findings_repo.insert(
                cur, invoice_id, finding.check, "validation",
                1.0 if finding.severity == "error" else 0.5, finding.reason, {}, now,
            )  # fmt: skip
        for item in outcome.disagreements:
            findings_repo.insert(
                cur, invoice_id, "consensus_disagreement", "review", 0.7,
                f"agents disagree on {item.field}: "
                + "; ".join(f"{v} ({', '.join(a)})" for v, a in item.candidates.items()),
                {"field": item.field, "chosen": item.chosen, "candidates": item.candidates,
                 "weights": item.weights},
                now,
            )  # fmt: skip
        audit.append(
            cur, user, "ingest", "invoice", invoice_id,
            after={"file": doc.filename, "sha256": doc.sha256, "agent": outcome.winner,
                   "total": extraction.total_amount, "score": result.score,
                   "consensus": [r.agent for r in outcome.runs[1:]]},
        )  # fmt: skip
        return invoice_id


def _readings(doc: Document, outcome: MarketOutcome) -> list[tuple[Extraction, ValidationResult]]:
    """The invoices a document holds: one, or one per row of a spreadsheet list of invoices."""
    assert outcome.extraction is not None and outcome.validation is not None
    if doc.kind in ("xlsx", "csv") and is_invoice_list(doc):
        rows = list(iter_sheet_extractions(doc, outcome.winner or "sheet-reader"))
        if len(rows) > 1:
            return [(row, validate(row)) for row in rows]
    return [(outcome.extraction, outcome.validation)]


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files as given, folders as their files (sorted, recursive, hidden files skipped)."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out.extend(
                p for p in sorted(path.rglob("*"))
                if p.is_file() and not any(part.startswith(".") for part in p.parts)
                and p.suffix.lower() != ".json"
            )  # fmt: skip
        else:
            out.append(path)
    return out
