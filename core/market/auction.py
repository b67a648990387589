"""One auction: announce a task, collect bids or declines, award by expected utility.

U = V * q - c - k * max(0, latency - sla). Under Thompson sampling q is drawn from the
agent's Beta reputation, so a young agent still wins now and then and proves itself; the
greedy, random and round-robin policies exist as baselines for bench/market.py.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from core.documents.model import Document
from core.extraction.base import ExtractorAgent
from core.market.reputation import Reputation

VALUE_OF_CORRECT = 2.0  # EUR of clerk time a correct extraction saves
LATENCY_PENALTY_PER_S = 0.01  # k: EUR per second over the SLA
SLA_MS = 5_000.0
POLICIES = ("thompson", "greedy", "random", "round_robin")


@dataclass(frozen=True)
class Bid:
    agent: str
    decision: str  # bid or decline
    reason: str
    expected_quality: float | None = None
    sampled_quality: float | None = None
    expected_cost: Decimal | None = None
    score: float | None = None


@dataclass(frozen=True)
class AuctionResult:
    bids: tuple[Bid, ...]
    winner: str | None
    reason: str
    explored: bool

    def ranked(self) -> list[Bid]:
        """The bids (not the declines), best score first."""
        live = [b for b in self.bids if b.decision == "bid"]
        return sorted(live, key=lambda b: b.score or 0.0, reverse=True)


@dataclass(frozen=True)
class Offer:
    """An eligible agent's standing in this task's context, before any sampling."""

    agent: str
    reputation: Reputation
    cost: Decimal
    latency_ms: float


def utility(quality: float, cost: Decimal | float, latency_ms: float) -> float:
    late_s = max(0.0, latency_ms - SLA_MS) / 1000
    return VALUE_OF_CORRECT * quality - float(cost) - LATENCY_PENALTY_PER_S * late_s


def award(
    offers: Sequence[Offer],
    rng: random.Random,
    policy: str = "thompson",
    turn: int = 0,
    declines: Sequence[Bid] = (),
) -> AuctionResult:
    """Score every offer and pick the winner under policy; turn drives round-robin."""
    if policy not in POLICIES:
        raise ValueError(f"unknown allocation policy {policy!r}; use one of {POLICIES}")
    bids: list[Bid] = list(declines)
    live: list[Bid] = []
    for offer in offers:
        rep = offer.reputation
        q = rep.sample(rng) if policy == "thompson" else rep.expected
        score = utility(q, offer.cost, offer.latency_ms)
        bid = Bid(
            offer.agent,
            "bid",
            f"E[q]={rep.expected:.3f} from {rep.n} outcome(s)"
            + (f", sampled q={q:.3f}" if policy == "thompson" else "")
            + f", cost {float(offer.cost):.4f}",
            rep.expected,
            q if policy == "thompson" else None,
            offer.cost,
            score,
        )
        live.append(bid)
    bids.extend(live)
    if not live:
        return AuctionResult(tuple(bids), None, "every agent declined", False)
    if policy == "random":
        winner = rng.choice(live)
    elif policy == "round_robin":
        winner = live[turn % len(live)]
    else:
        winner = max(live, key=lambda b: b.score or 0.0)
    best_expected = max(
        live,
        key=lambda b: utility(b.expected_quality or 0.0, b.expected_cost or Decimal(0), 0.0),
    )
    explored = winner.agent != best_expected.agent
    return AuctionResult(tuple(bids), winner.agent, _why(winner, live, policy, explored), explored)


def _why(winner: Bid, live: list[Bid], policy: str, explored: bool) -> str:
    others = sorted((b for b in live if b is not winner), key=lambda b: -(b.score or 0.0))
    if policy in ("random", "round_robin"):
        head = f"{policy.replace('_', '-')} pick among {len(live)} bid(s)"
    else:
        head = f"highest {'sampled ' if policy == 'thompson' else ''}utility {winner.score:.3f}"
        if others:
            head += f" vs {others[0].agent} {others[0].score:.3f}"
    if explored:
        head += "; exploration: not the highest expected utility"
    return head


def run_auction(
    doc: Document,
    agents: Sequence[ExtractorAgent],
    reputation_of: Callable[[str], Reputation],
    rng: random.Random | None = None,
    policy: str = "thompson",
    turn: int = 0,
) -> AuctionResult:
    """Announce doc to agents: each declines with a reason or bids on its reputation."""
    rng = rng or random.Random()
    declines: list[Bid] = []
    offers: list[Offer] = []
    for agent in agents:
        reason = agent.decline_reason(doc)
        if reason:
            declines.append(Bid(agent.info.name, "decline", reason))
            continue
        offers.append(
            Offer(
                agent.info.name,
                reputation_of(agent.info.name),
                agent.info.cost_per_doc,
                agent.info.expected_latency_ms,
            )
        )
    return award(offers, rng, policy, turn, declines)
