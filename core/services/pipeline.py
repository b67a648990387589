"""The pipeline: bytes -> document -> auction -> extraction -> validation -> entry -> store.

Each file is one unit of work: it is refused alone with a message, or stored whole in one
transaction with its audit record. A file already stored (same sha256) is skipped.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from core.contract import Extraction
from core.documents import Document, load_document
from core.errors import DocumentError
from core.extraction import ExtractorAgent, builtin_agents
from core.ledger import build_entry
from core.ledger.accounts import DEFAULT_EXPENSE, suggest_by_keywords
from core.market import run_auction
from core.store import Database, audit
from core.store import documents as documents_repo
from core.store import findings as findings_repo
from core.store import invoices as invoices_repo
from core.store import journal as journal_repo
from core.store import market as market_repo
from core.validation import validate

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
    ) -> None:
        self.db = db
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

    def ingest_paths(
        self,
        paths: Iterable[Path],
        user: str,
        on_result: Callable[[IngestResult], None] | None = None,
    ) -> list[IngestResult]:
        results = []
        for path in expand_paths(paths):
            try:
                data = path.read_bytes()
            except OSError as exc:
                result = IngestResult(path.name, REFUSED, f"{path}: cannot read ({exc.strerror})")
            else:
                result = self.ingest_bytes(data, path.name, user)
            results.append(result)
            if on_result:
                on_result(result)
        return results

    def _refuse(self, filename: str, reason: str, user: str) -> None:
        with self.db.transaction() as cur:
            documents_repo.record_refusal(cur, filename, reason, user, audit.now())
            audit.append(cur, user, "refuse", "file", filename, after={"reason": reason})

    def _process(self, doc: Document, data: bytes, user: str) -> IngestResult:
        context = {"kind": doc.kind, "pages": doc.page_count}
        contexts = [market_repo.GLOBAL, f"kind:{doc.kind}"]
        auction = run_auction(
            doc, self.agents, lambda name: market_repo.reputation(self.db, name), self.rng
        )
        if auction.winner is None:
            reasons = "; ".join(f"{b.agent}: {b.reason}" for b in auction.bids)
            self._refuse(doc.filename, f"no agent can read it ({reasons})", user)
            return IngestResult(
                doc.filename, REFUSED, f"{doc.filename}: no agent can read it ({reasons})"
            )
        agent = next(a for a in self.agents if a.info.name == auction.winner)
        started = time.perf_counter()
        extraction = agent.extract(doc)
        latency_ms = (time.perf_counter() - started) * 1000
        result = validate(extraction)
        account = suggest_by_keywords(extraction.issuer) or DEFAULT_EXPENSE
        entry = build_entry(extraction, account)
        now = audit.now()
        with self.db.transaction() as cur:
            documents_repo.insert(cur, doc, data, user, now)
            task_id = market_repo.insert_task(cur, doc.sha256, "extract", context, now)
            market_repo.insert_auction(cur, task_id, auction, now)
            extraction_id = invoices_repo.insert_extraction(
                cur,
                doc.sha256,
                task_id,
                extraction,
                float(agent.info.cost_per_doc),
                latency_ms,
                now,
            )
            invoice_id = invoices_repo.insert_invoice(
                cur, doc.sha256, extraction_id, extraction, result.score, "extracted", user, now
            )
            journal_repo.insert_entry(cur, invoice_id, entry, "proposed", now)
            market_repo.record_outcome(
                cur, task_id, agent.info.name, contexts, result.score, "validation", now
            )
            for finding in result.findings:
                findings_repo.insert(
                    cur, invoice_id, finding.check, "validation",
                    1.0 if finding.severity == "error" else 0.5, finding.reason, {}, now,
                )  # fmt: skip
            audit.append(
                cur, user, "ingest", "invoice", invoice_id,
                after={"file": doc.filename, "sha256": doc.sha256, "agent": agent.info.name,
                       "total": extraction.total_amount, "score": result.score},
            )  # fmt: skip
        return IngestResult(
            doc.filename,
            STORED,
            f"{doc.filename}: read by {agent.info.name}, validation score {result.score:.2f}",
            invoice_id,
            extraction,
            result.score,
            agent.info.name,
            doc.notes,
        )


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
