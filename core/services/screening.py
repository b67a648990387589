"""Running the anomaly detectors and storing what is new as findings."""

from __future__ import annotations

from core.services import anomaly_review
from core.store import Database


def rescan(db: Database, actor: str = "system") -> int:
    """Run every detector with the configured settings; returns how many findings are new."""
    return anomaly_review.screen(db, actor)
