"""Consensus: when a reading is doubtful or the amount is large, more agents read and vote.

Each field is decided by a vote weighted by each agent's reputation in the task's context;
an agent that read nothing for a field abstains. A field the agents disagree on becomes a
review item that shows every candidate and who read it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from core.contract import Extraction
from core.learning.fields import REVIEW_FIELDS, canonical, typed

LOW_SCORE = 0.85  # validation score under which a second opinion is bought
HIGH_AMOUNT = Decimal("10000")  # gross amount from which a second opinion is always bought
MAX_VOTERS = 3


@dataclass(frozen=True)
class FieldVote:
    field: str
    chosen: str | None
    candidates: dict[str, list[str]]  # value -> agents that read it
    weights: dict[str, float] = field(default_factory=dict)  # value -> summed reputation

    @property
    def agreed(self) -> bool:
        return len(self.candidates) <= 1


def needs_consensus(extraction: Extraction, score: float) -> str | None:
    """Why a second opinion is needed, or None."""
    if score < LOW_SCORE:
        return f"validation score {score:.2f} < {LOW_SCORE}"
    if extraction.total_amount is not None and abs(extraction.total_amount) >= HIGH_AMOUNT:
        return f"amount {extraction.total_amount} >= {HIGH_AMOUNT}"
    return None


def vote(readings: Sequence[tuple[str, Extraction, float]]) -> tuple[Extraction, list[FieldVote]]:
    """readings: (agent, extraction, weight), the auction winner first; returns the merge."""
    if not readings:
        raise ValueError("a vote needs at least one reading")
    votes: list[FieldVote] = []
    merged = readings[0][1]
    changes = {}
    for name in REVIEW_FIELDS:
        candidates: dict[str, list[str]] = {}
        weights: dict[str, float] = {}
        for agent, extraction, weight in readings:
            value = canonical(name, getattr(extraction, name))
            if value is None:
                continue
            candidates.setdefault(value, []).append(agent)
            weights[value] = weights.get(value, 0.0) + weight
        # Ties go to the earlier reader (the auction's winner), as dicts keep insertion order.
        chosen = max(weights, key=lambda v: weights[v]) if weights else None
        votes.append(FieldVote(name, chosen, candidates, weights))
        if chosen != canonical(name, getattr(merged, name)):
            changes[name] = typed(name, chosen)
    if changes:
        if "issuer" in changes:
            changes["issuer"] = _printed_issuer(readings, changes["issuer"])
        merged = merged.with_changes(**changes)
    flags = (*merged.flags, "consensus")
    return merged.with_changes(flags=flags), votes


def _printed_issuer(readings: Sequence[tuple[str, Extraction, float]], chosen: str) -> str:
    for _, extraction, _ in readings:
        if extraction.issuer and canonical("issuer", extraction.issuer) == chosen:
            return extraction.issuer
    return chosen
