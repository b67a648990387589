"""Running the anomaly detectors and storing what is new as findings."""

from __future__ import annotations

from core.anomalies import scan
from core.store import Database, audit
from core.store import findings as findings_repo

CATEGORY = "anomaly"


def rescan(db: Database, actor: str = "system") -> int:
    """Run every detector; store detections not already recorded. Returns how many are new."""
    with db.transaction() as cur:
        known = findings_repo.open_keys(cur, CATEGORY)
        new = 0
        now = audit.now()
        for d in scan(cur):
            if (d.invoice_id, d.detector) in known:
                continue
            known.add((d.invoice_id, d.detector))
            findings_repo.insert(
                cur, d.invoice_id, d.detector, CATEGORY, d.score, d.reason, d.evidence, now
            )
            new += 1
        if new:
            audit.append(cur, actor, "screen", "findings", "anomaly", after={"new": new})
    return new
