"""The meta-orchestrator: turns confirmed invoices into vendor agents, retires weak agents.

Once a vendor has a confirmed invoice, its layout is learnt and a vendor agent is spawned
that bids on that vendor's documents at near-zero cost. Later confirmations refine the
layout, or add a variant when the vendor's layout changed (a relearn). A spawned agent whose
reputation falls under the floor is retired; the next confirmation spawns a fresh version.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime

import duckdb

from core import names
from core.documents.model import Document
from core.learning.fields import Truth
from core.learning.layout import VendorLayout, add_example, new_layout
from core.market.reputation import GLOBAL, Reputation
from core.market.vendor_agent import VendorAgent, vendor_agent_name
from core.store import market as market_repo

# Cautious field accuracy (mean - 1 sd) under which an agent is retired: it misreads more
# than two fields in eleven, where the template-free label reader misreads about one in 80.
REPUTATION_FLOOR = 0.8
MIN_OUTCOMES_TO_RETIRE = 10


@dataclass(frozen=True)
class MarketEvent:
    event: str  # spawn, relearn, retire
    agent: str
    vendor_key: str | None
    reason: str


def vendor_key(issuer: str) -> str:
    """A slug naming the vendor's layout; a name with no Latin letter or digit keeps its own
    letters rather than sharing one slug with every other such vendor."""
    folded = names.fold(issuer)
    if names.has_other_script(folded):
        slug = names.words(folded, "-")
    else:  # the slug Latin names have always had (stored layouts are keyed by it)
        latin = unicodedata.normalize("NFC", issuer).casefold()
        slug = re.sub(r"[^a-z0-9]+", "-", latin).strip("-") or names.words(folded, "-")
    return slug[:60].strip("-") or "unknown"


def learn_from_confirmation(
    cur: duckdb.DuckDBPyConnection, doc: Document, truth: Truth, at: datetime
) -> list[MarketEvent]:
    """Fold a confirmed invoice into its vendor's layout; spawn or relearn as needed."""
    if doc.kind != "pdf" or not doc.pages or not truth.get("issuer"):
        return []
    key = vendor_key(truth["issuer"] or "")
    current = market_repo.latest_layout(cur, key)
    if current is None or current["status"] == "retired":
        version = 1 if current is None else current["version"] + 1
        layout = new_layout(key, doc, truth)
        reason = (
            "first confirmed invoice of this vendor"
            if current is None
            else f"re-learnt after {current['agent']} was retired"
        )
        return [_spawn(cur, layout, version, reason, at)]
    layout = VendorLayout.from_json(current["model"])
    changed = add_example(layout, doc, truth)
    examples = sum(v.examples for v in layout.variants)
    market_repo.save_layout(cur, current["agent"], key, current["version"],
                            layout.to_json(), examples, at)  # fmt: skip
    if not changed:
        return []
    event = MarketEvent(
        "relearn", current["agent"], key,
        f"new layout seen: variant {len(layout.variants)} learnt from this confirmation",
    )  # fmt: skip
    market_repo.insert_event(cur, event.event, event.agent, key, event.reason,
                             {"variants": len(layout.variants)}, at)  # fmt: skip
    return [event]


def _spawn(
    cur: duckdb.DuckDBPyConnection, layout: VendorLayout, version: int, reason: str, at: datetime
) -> MarketEvent:
    name = vendor_agent_name(layout.vendor_key, version)
    agent = VendorAgent(name, layout)
    market_repo.save_layout(cur, name, layout.vendor_key, version, layout.to_json(), 1, at)
    market_repo.register_spawned(cur, agent.info, f"vendor:{layout.vendor_key}", at)
    fields = {n: len(rules) for v in layout.variants for n, rules in v.rules.items()}
    market_repo.insert_event(cur, "spawn", name, layout.vendor_key, reason,
                             {"issuer": layout.issuer, "rules": fields}, at)  # fmt: skip
    return MarketEvent("spawn", name, layout.vendor_key, reason)


def retire_weak(cur: duckdb.DuckDBPyConnection, at: datetime) -> list[MarketEvent]:
    """Retire active spawned agents whose cautious global reputation is under the floor."""
    rows = cur.execute(
        "SELECT l.agent, l.vendor_key, r.r, r.s, r.n FROM vendor_layouts l"
        " JOIN reputations r ON r.agent = l.agent AND r.context = ?"
        " WHERE l.status = 'active' AND r.n >= ?",
        [GLOBAL, MIN_OUTCOMES_TO_RETIRE],
    ).fetchall()
    events = []
    for agent, key, r, s, n in rows:
        rep = Reputation(r, s, n)
        if rep.cautious() >= REPUTATION_FLOOR:
            continue
        reason = (
            f"reputation {rep.expected:.2f} (cautious {rep.cautious():.2f}) under the floor "
            f"{REPUTATION_FLOOR} after {n} outcomes"
        )
        market_repo.retire(cur, agent, at)
        market_repo.insert_event(cur, "retire", agent, key, reason,
                                 {"r": r, "s": s, "n": n}, at)  # fmt: skip
        events.append(MarketEvent("retire", agent, key, reason))
    return events
