"""A person's review closes the loop: approval makes the invoice's fields ground truth.

Approval is the moment a person vouches for every field (corrected or not), so that is
when the market learns: agents are scored against the approved values, and a vendor's
first confirmed invoice teaches the meta-orchestrator its layout.
"""

from __future__ import annotations

from collections.abc import Iterable

from core.services import accounting, market_service
from core.services.accounting import PostingOutcome
from core.store import Database


def approve(db: Database, invoice_id: int, actor: str, post: bool = True) -> PostingOutcome:
    """Approve (and post) one invoice; raises Refused when a control says no."""
    outcome = accounting.approve(db, invoice_id, actor, post=post)
    learn_from(db, outcome.approved or (invoice_id,), actor)
    return outcome


def approve_many(
    db: Database, invoice_ids: Iterable[int], actor: str, post: bool = True
) -> PostingOutcome:
    """Approve many in one go; refusals come back in the outcome, the rest teach the market."""
    outcome = accounting.approve_many(db, invoice_ids, actor, post=post)
    learn_from(db, outcome.approved, actor)
    return outcome


def learn_from(db: Database, invoice_ids: Iterable[int], actor: str) -> int:
    """Record the approved values as human outcomes; returns how many invoices taught."""
    taught = 0
    for invoice_id in invoice_ids:
        market_service.record_review(db, invoice_id, {}, actor)
        taught += 1
    return taught
