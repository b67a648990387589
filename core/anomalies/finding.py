"""What a detector reports: one finding about an invoice (or, for population tests, a group)."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

# The related invoices an evidence lists, at most: the detail view shows as many. A busy
# vendor's band below a limit can hold thousands, which would fill memory and the store, not
# the page; the finding still counts them all.
RELATED_MAX = 200


@dataclass(frozen=True)
class Detection:
    """invoice_id is the invoice's id (a CSV row number for an imported ledger), or None for a
    finding about a group, such as a vendor failing Benford's test; subject names the group."""

    invoice_id: int | None
    detector: str
    score: float
    reason: str
    evidence: dict[str, Any] = field(default_factory=dict)
    subject: str = ""

    @property
    def key(self) -> tuple[int | None, str, str]:
        """What makes two detections the same finding when a scan is repeated."""
        return (self.invoice_id, self.detector, self.subject)


def strongest(found: Iterable[Detection]) -> list[Detection]:
    """One detection per finding (its key), the highest-scoring; the first on a tie."""
    best: dict[tuple[int | None, str, str], Detection] = {}
    for d in found:
        if d.key not in best or best[d.key].score < d.score:
            best[d.key] = d
    return list(best.values())


def chance_score(chance: float, at: float, base: float, per_decade: float, cap: float) -> float:
    """A finding's score from its chance: base when chance is `at`, per_decade more for each
    tenfold less likely, at most cap; the inbox then ranks by evidence, not by size."""
    return min(cap, base + per_decade * math.log10(at / max(chance, 1e-300)))
