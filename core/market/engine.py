"""The market's one entry point for the pipeline: announce, award, execute, second opinions.

allocate_and_extract runs the auction on the task's context, lets the winner read the
document, validates, and buys a second and third opinion (a reputation-weighted vote) when
the reading is doubtful or the amount is large. store_outcome writes the task, every bid
and decline, the award, every agent's reading, the automatic outcomes and the votes inside
the caller's transaction.
"""

from __future__ import annotations

import random
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

import duckdb

from core.contract import Extraction
from core.documents.model import Document
from core.extraction.base import ExtractorAgent
from core.learning.fields import truth_of
from core.learning.layout import VendorLayout
from core.market.auction import AuctionResult, run_auction
from core.market.consensus import MAX_VOTERS, FieldVote, needs_consensus, vote
from core.market.context import TaskContext, task_context
from core.market.vendor_agent import VendorAgent
from core.store import market as market_repo
from core.store.cache import cached_read
from core.store.db import Database
from core.validation import ValidationResult, validate


@dataclass(frozen=True)
class Run:
    agent: str
    role: str  # winner, consensus
    extraction: Extraction
    validation: ValidationResult
    cost: Decimal
    latency_ms: float


@dataclass(frozen=True)
class MarketOutcome:
    context: TaskContext
    auction: AuctionResult
    runs: tuple[Run, ...] = ()
    extraction: Extraction | None = None  # the final reading (the vote's, when one was held)
    validation: ValidationResult | None = None
    votes: tuple[FieldVote, ...] = ()
    consensus_reason: str | None = None
    notes: tuple[str, ...] = field(default=())

    @property
    def winner(self) -> str | None:
        return self.auction.winner

    @property
    def cost(self) -> Decimal:
        return sum((r.cost for r in self.runs), Decimal(0))

    @property
    def disagreements(self) -> list[FieldVote]:
        return [v for v in self.votes if not v.agreed]


@cached_read
def spawned_agents(db: Database) -> tuple[VendorAgent, ...]:
    """The meta-orchestrator's active vendor agents, rebuilt after each committed write."""
    return tuple(
        VendorAgent(row["agent"], VendorLayout.from_json(row["model"]))
        for row in market_repo.layouts(db)
    )


def market_agents(db: Database, base: Sequence[ExtractorAgent]) -> list[ExtractorAgent]:
    """The built-in agents plus the spawned ones (a spawned name never shadows a built-in)."""
    names = {a.info.name for a in base}
    return [*base, *(a for a in spawned_agents(db) if a.info.name not in names)]


def allocate_and_extract(
    db: Database,
    doc: Document,
    agents: Sequence[ExtractorAgent],
    rng: random.Random,
    policy: str = "thompson",
) -> MarketOutcome:
    """Auction the document among agents (plus spawned vendor agents), execute, vote if needed.

    When every agent declines, the outcome has no winner and no extraction.
    """
    everyone = market_agents(db, agents)
    layouts = [a.layout for a in everyone if isinstance(a, VendorAgent)]
    context = task_context(doc, layouts)
    chain = context.chain()
    kinds = {a.info.name: a.info.kind for a in everyone}
    book = market_repo.reputation_book(db, list(kinds), chain)
    auction = run_auction(
        doc,
        everyone,
        lambda name: book.effective(name, chain, kinds.get(name)),
        rng,
        policy,
        turn=market_repo.task_count(db),
    )
    if auction.winner is None:
        return MarketOutcome(context, auction)
    by_name = {a.info.name: a for a in everyone}
    first = _execute(by_name[auction.winner], doc, "winner")
    runs = [first]
    reason = needs_consensus(first.extraction, first.validation.score)
    if reason is None:
        return MarketOutcome(context, auction, (first,), first.extraction, first.validation)
    for bid in auction.ranked():
        if len(runs) >= MAX_VOTERS:
            break
        if bid.agent != auction.winner:
            runs.append(_execute(by_name[bid.agent], doc, "consensus"))
    if len(runs) == 1:
        note = f"consensus wanted ({reason}) but no other agent bid"
        return MarketOutcome(
            context, auction, (first,), first.extraction, first.validation, (), reason, (note,)
        )
    weights = [book.effective(r.agent, chain, kinds.get(r.agent)).expected for r in runs]
    merged, votes = vote([(r.agent, r.extraction, w) for r, w in zip(runs, weights, strict=True)])
    return MarketOutcome(
        context, auction, tuple(runs), merged, validate(merged), tuple(votes), reason
    )


def _execute(agent: ExtractorAgent, doc: Document, role: str) -> Run:
    started = time.perf_counter()
    extraction = agent.extract(doc)
    latency_ms = (time.perf_counter() - started) * 1000
    return Run(
        # A fallback chain may answer through another agent: credit whoever really read it.
        extraction.agent or agent.info.name,
        role,
        extraction,
        validate(extraction),
        agent.info.cost_per_doc,
        latency_ms,
    )


def store_outcome(
    cur: duckdb.DuckDBPyConnection, outcome: MarketOutcome, sha256: str, at: datetime
) -> int:
    """Write the task and everything decided about it; returns the task id."""
    context = {**outcome.context.to_json(), "chain": outcome.context.chain()}
    task_id = market_repo.insert_task(cur, sha256, "extract", context, at)
    market_repo.insert_auction(cur, task_id, outcome.auction, at)
    market_repo.insert_runs(
        cur,
        task_id,
        [(r.agent, r.role, truth_of(r.extraction), r.validation.score, r.cost, r.latency_ms)
         for r in outcome.runs],
        at,
    )  # fmt: skip
    market_repo.record_outcomes(
        cur, task_id, [(r.agent, r.validation.score) for r in outcome.runs],
        outcome.context.chain(), "validation", at,
    )  # fmt: skip
    if outcome.votes:
        market_repo.insert_votes(
            cur,
            task_id,
            [(v.field, v.chosen, v.candidates, v.agreed) for v in outcome.votes],
            outcome.consensus_reason or "",
            at,
        )
    return task_id
