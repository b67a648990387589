"""The market's facade for the pipeline, the review screen and the Market and Learning pages.

The pipeline calls allocate_and_extract + store_outcome (core.market.engine) per document;
the review screen calls record_review when a person confirms or corrects an invoice. The
pages read the market through the functions at the bottom (DataFrames, read-only).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from core.documents import Document, load_document
from core.errors import DocumentError
from core.extraction import ExtractorAgent, builtin_agents
from core.learning import metrics
from core.learning.fields import (
    REVIEW_FIELDS,
    Truth,
    canonical,
    overlay,
    review_outcome,
    truth_of,
)
from core.learning.meta import MarketEvent, learn_from_confirmation, retire_weak, vendor_key
from core.market.engine import MarketOutcome, allocate_and_extract, market_agents, store_outcome
from core.market.reputation import GLOBAL, HUMAN_WEIGHT
from core.store import Database, audit
from core.store import invoices as invoices_repo
from core.store import market as market_repo

__all__ = [
    "MarketOutcome",
    "ReviewOutcome",
    "allocate_and_extract",
    "record_review",
    "store_outcome",
]

# Agents this cheap are re-run on a reviewed document against the person's truth, so every
# local agent learns from each review, not only the one that won the auction.
SHADOW_MAX_COST = 0.001
# A review checks every field: each is one observation of the agent's field accuracy, at a
# person's weight (core.learning.fields.review_outcome).
REVIEW_WEIGHT = HUMAN_WEIGHT * len(REVIEW_FIELDS)


@dataclass(frozen=True)
class ReviewOutcome:
    invoice_id: int
    corrected: tuple[str, ...]  # fields the person changed
    outcomes: dict[str, float]  # agent -> share of the reviewed fields it read right
    events: tuple[MarketEvent, ...] = field(default=())


def record_review(
    db: Database,
    invoice_id: int,
    corrected_fields: Mapping[str, Any],
    user: str,
    agents: Sequence[ExtractorAgent] | None = None,
    learn: bool = True,
) -> ReviewOutcome:
    """A person confirmed an invoice, correcting corrected_fields (field -> true value).

    Every agent that read the document (and every cheap agent that can, re-run now) gets a
    human outcome, weighted above automatic ones; the meta-orchestrator learns the vendor's
    layout (learn=False skips spawning, for baselines) and retires agents under the floor.
    The invoice row itself is updated by the review screen's own repository.
    """
    task = market_repo.task_of_invoice(db, invoice_id)
    invoice = invoices_repo.get(db, invoice_id)
    if task is None or invoice is None:
        raise ValueError(f"invoice {invoice_id}: no such invoice to review")
    # The truth is the invoice as the person leaves it (corrections the review page already
    # saved, plus any given here); what needed correcting is measured against the reading
    # the pipeline first stored, so corrections saved earlier still count.
    current: Truth = {name: canonical(name, invoice.get(name)) for name in REVIEW_FIELDS}
    truth = overlay(current, dict(corrected_fields))
    first = invoices_repo.first_reading(db, invoice_id)
    base: Truth = {name: canonical(name, first.get(name)) for name in REVIEW_FIELDS}
    corrected = {n: truth[n] for n in REVIEW_FIELDS if truth[n] != base[n]}
    task_id = task["task_id"]
    chain = _review_chain(task["context"], truth)
    scored = {
        run["agent"]: review_outcome(run["fields"], truth)
        for run in (market_repo.runs_for_task(db, task_id) if task_id else [])
    }
    doc = _document(task)
    shadow = _shadow_runs(db, doc, agents, truth, set(scored)) if doc else []
    scored.update({name: acc for name, acc, _, _ in shadow})
    now = audit.now()
    with db.transaction() as cur:
        market_repo.insert_review(cur, invoice_id, task_id, task["agent"], len(REVIEW_FIELDS),
                                  corrected, truth, user, now)  # fmt: skip
        if task_id:
            market_repo.insert_runs(
                cur, task_id,
                [(name, "shadow", reading, None, cost, latency)
                 for name, _, reading, (cost, latency) in shadow],
                now,
            )  # fmt: skip
        market_repo.record_outcomes(cur, task_id, list(scored.items()), chain, "human", now,
                                    weight=REVIEW_WEIGHT)  # fmt: skip
        events = learn_from_confirmation(cur, doc, truth, now) if learn and doc else []
        events += retire_weak(cur, now)
        audit.append(
            cur, user, "review", "invoice", invoice_id,
            before={n: base[n] for n in corrected}, after=corrected,
        )  # fmt: skip
    return ReviewOutcome(invoice_id, tuple(corrected), scored, tuple(events))


def _review_chain(context: dict[str, Any], truth: Truth) -> list[str]:
    """The task's contexts, with the vendor added now that a person has named it."""
    chain = list(context.get("chain") or [GLOBAL])
    if truth.get("issuer"):
        vendor = f"vendor:{vendor_key(truth['issuer'] or '')}"
        if vendor not in chain:
            layout = [c for c in chain if c.startswith("layout:")]
            chain = [c for c in chain if not c.startswith("layout:")] + [vendor, *layout]
    return chain


def _document(task: dict[str, Any]) -> Document | None:
    content = task.get("content")
    if not content:
        return None
    try:
        return load_document(bytes(content), task["filename"])
    except DocumentError:
        return None  # e.g. a password-protected PDF: learn from the review without it


def _shadow_runs(
    db: Database,
    doc: Document,
    agents: Sequence[ExtractorAgent] | None,
    truth: Truth,
    done: set[str],
) -> list[tuple[str, float, Truth, tuple[Any, float]]]:
    import time

    out = []
    for agent in market_agents(db, agents if agents is not None else builtin_agents()):
        name = agent.info.name
        if name in done or float(agent.info.cost_per_doc) > SHADOW_MAX_COST:
            continue
        if agent.decline_reason(doc):
            continue
        started = time.perf_counter()
        reading = truth_of(agent.extract(doc))
        latency = (time.perf_counter() - started) * 1000
        out.append((name, review_outcome(reading, truth), reading,
                    (agent.info.cost_per_doc, latency)))  # fmt: skip
    return out


# ------------------------------------------------------------------------------------------
# Read models for the Market and Learning pages
# ------------------------------------------------------------------------------------------


def recent_auctions(db: Database, limit: int = 30) -> pd.DataFrame:
    """One row per bid or decline of the last `limit` tasks: score, winner, why."""
    return metrics.recent_auctions(db, limit)


def reputation_trajectories(db: Database, context: str = GLOBAL) -> pd.DataFrame:
    return metrics.reputation_trajectories(db, context)


def award_share_over_time(db: Database, bucket: int = 50) -> pd.DataFrame:
    return metrics.award_share_over_time(db, bucket)


def cost_vs_quality(db: Database) -> pd.DataFrame:
    return metrics.cost_vs_quality(db)


def learning_curve(db: Database, block: int = 100) -> pd.DataFrame:
    """Corrections per 100 reviewed invoices, per block of `block` reviews."""
    return metrics.corrections_per_block(db, block)


def rolling_accuracy(db: Database, window: int = 50) -> pd.DataFrame:
    return metrics.rolling_accuracy(db, window)


def regret_and_exploration(db: Database) -> pd.DataFrame:
    return metrics.regret_and_exploration(db)


def posterior_bands(db: Database, context: str = GLOBAL) -> pd.DataFrame:
    return metrics.posterior_bands(db, context)


def spawned_agents_over_time(db: Database) -> pd.DataFrame:
    return metrics.market_events(db)


def cost_per_correct_document(db: Database, block: int = 100) -> pd.DataFrame:
    return metrics.cost_per_correct(db, block)


def consensus_items(db: Database, limit: int = 50) -> pd.DataFrame:
    return metrics.consensus_items(db, limit)
