"""Beta reputation (Josang and Ismail) with forgetting and back-off; DESIGN.md section 4.

A reputation is kept per agent and context. A young context (little evidence) borrows
strength from its parent (the agent's reputation one level up, finally its global one): the
parent's evidence, at most BACKOFF_STRENGTH observations of it, tops up what the context
lacks, so a new vendor does not start every agent at an uninformed 0.5. A new agent borrows
its kind's pooled record the same way (KIND_PRIOR_STRENGTH), so a freshly spawned vendor
agent is not a coin flip against an agent with years of record. Evidence is counted in
observations: an automatic validation score is one, a person's review of k fields is
HUMAN_WEIGHT * k (see core.learning.fields.review_outcome).
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# Each new outcome multiplies old evidence by this: ~1 / (1 - lam) = 1,000 outcomes of
# memory per agent and context, long enough for a stationary market to settle (with 500,
# bench/market.py's regret kept growing nearly linearly: near-tied agents never separate),
# short enough that an agent whose quality drops loses its lead within a few hundred tasks.
FORGETTING = 0.999
# Observations a young context borrows from its parent. Kept small: an agent's global
# record mixes contexts it is good and bad at, and a large loan of it keeps a specialist
# from ever being tried where it is best (bench/market.py's regret grows linearly at 30).
BACKOFF_STRENGTH = 6.0
# Observations a new agent borrows from its kind's pooled record (every spawned vendor agent
# so far) until it has as much of its own: a little under one reviewed document (HUMAN_WEIGHT
# x 11 fields = 33), so a freshly spawned agent competes on its kind's record for its first
# document and on its own from its first review.
KIND_PRIOR_STRENGTH = 30.0
HUMAN_WEIGHT = 3.0  # a field a person checked counts as three automatic observations
GLOBAL = "*"


@dataclass(frozen=True)
class Reputation:
    r: float = 0.0
    s: float = 0.0
    n: int = 0

    @property
    def expected(self) -> float:
        return (self.r + 1) / (self.r + self.s + 2)

    @property
    def sd(self) -> float:
        a, b = self.r + 1, self.s + 1
        return math.sqrt(a * b / ((a + b) ** 2 * (a + b + 1)))

    def cautious(self, z: float = 1.0) -> float:
        return self.expected - z * self.sd

    def band(self, z: float = 1.645) -> tuple[float, float]:
        """A normal-approximation credible band, clipped to [0, 1] (90% for z=1.645)."""
        return max(0.0, self.expected - z * self.sd), min(1.0, self.expected + z * self.sd)

    def sample(self, rng: random.Random) -> float:
        return rng.betavariate(self.r + 1, self.s + 1)

    def update(self, outcome: float, lam: float = FORGETTING, weight: float = 1.0) -> Reputation:
        """Fold one outcome x in [0, 1] in: r = lam*r + w*x, s = lam*s + w*(1-x)."""
        x = min(1.0, max(0.0, outcome))
        return Reputation(lam * self.r + weight * x, lam * self.s + weight * (1 - x), self.n + 1)

    @property
    def mass(self) -> float:
        """The evidence held, in (forgotten-down) observations."""
        return self.r + self.s

    def backed_off(self, parent: Reputation, strength: float = BACKOFF_STRENGTH) -> Reputation:
        """This context's evidence topped up with the parent's, up to strength observations.

        The parent lends its own r:s ratio, never more evidence than it has, and less as this
        context's evidence grows; an unproven parent lends nothing.
        """
        lend = min(parent.mass, max(0.0, strength - self.mass))
        if lend <= 0.0:
            return self
        scale = lend / parent.mass
        # n is kept: it says how much this context has seen itself.
        return Reputation(self.r + scale * parent.r, self.s + scale * parent.s, self.n)


def pooled(reputations: Iterable[Reputation]) -> Reputation:
    """Several agents' evidence summed: the prior for a newly spawned agent of their kind."""
    r = s = 0.0
    n = 0
    for rep in reputations:
        r, s, n = r + rep.r, s + rep.s, n + rep.n
    if n == 0:
        return Reputation()
    # Scaled to one agent's worth of evidence, so the pool is a prior, not a certainty.
    scale = min(1.0, KIND_PRIOR_STRENGTH / max(r + s, 1e-9))
    return Reputation(r * scale, s * scale, n)


class ReputationBook:
    """Reputations in memory, keyed (agent, context): the auction's view of the store."""

    def __init__(self, entries: dict[tuple[str, str], Reputation] | None = None) -> None:
        self.entries: dict[tuple[str, str], Reputation] = dict(entries or {})
        self.kind_prior: dict[str, Reputation] = {}

    def get(self, agent: str, context: str = GLOBAL) -> Reputation:
        return self.entries.get((agent, context), Reputation())

    def record(
        self,
        agent: str,
        contexts: Sequence[str],
        outcome: float,
        weight: float = 1.0,
        lam: float = FORGETTING,
    ) -> dict[str, Reputation]:
        """Update the agent in each context; returns the new reputations."""
        out = {}
        for context in contexts:
            rep = self.get(agent, context).update(outcome, lam, weight)
            self.entries[(agent, context)] = rep
            out[context] = rep
        return out

    def effective(self, agent: str, chain: Sequence[str], kind: str | None = None) -> Reputation:
        """The agent's reputation in the most specific context of chain (general first).

        chain runs from general to specific, e.g. ["*", "lang:de", "vendor:acme"]; each level
        backs off to the one before. An agent with less than KIND_PRIOR_STRENGTH observations
        of its own is topped up from its kind's pooled record, if any.
        """
        own = self.get(agent, chain[0] if chain else GLOBAL)
        rep = own
        for context in chain[1:]:
            rep = self.get(agent, context).backed_off(rep)
        prior = self.kind_prior.get(kind) if kind is not None else None
        if prior is not None and own.mass < KIND_PRIOR_STRENGTH:
            rep = rep.backed_off(prior, KIND_PRIOR_STRENGTH)
        return rep
