"""The facade the pages and the CLI call: nothing above this layer touches the store."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from pathlib import Path

from core.llm import builtin_and_llm_agents
from core.services import accounting, anomaly_review, exports, market_service, review
from core.services.batch import (
    DEFAULT_WORKERS,
    BatchReport,
    FileProgress,
    items_from_paths,
    items_from_uploads,
    run_batch,
)
from core.services.demo import DemoSummary, load_demo
from core.services.pipeline import REFUSED, SKIPPED, STORED, IngestResult, Pipeline
from core.services.screening import rescan
from core.store import Database, get_db

__all__ = [
    "REFUSED",
    "SKIPPED",
    "STORED",
    "BatchReport",
    "DemoSummary",
    "FileProgress",
    "IngestResult",
    "Pipeline",
    "accounting",
    "anomaly_review",
    "database",
    "exports",
    "ingest_paths",
    "ingest_uploads",
    "load_demo",
    "market_service",
    "pipeline_for",
    "rescan",
    "review",
]

_pipelines: dict[int, Pipeline] = {}
_lock = threading.Lock()


def database() -> Database:
    """The configured database (LEDGERLOOP_DB or data/ledgerloop.duckdb), migrated."""
    return get_db()


def pipeline_for(db: Database) -> Pipeline:
    """The process's pipeline for a database: built-in agents plus any configured LLM agents."""
    with _lock:
        pipeline = _pipelines.get(db.identity)
        if pipeline is None:
            pipeline = Pipeline(db, agents=builtin_and_llm_agents(db))
            _pipelines[db.identity] = pipeline
        return pipeline


def ingest_uploads(
    db: Database,
    files: Iterable[tuple[str, bytes]],
    user: str,
    on_progress: Callable[[FileProgress], None] | None = None,
    workers: int = DEFAULT_WORKERS,
) -> list[IngestResult]:
    """Run uploaded files through the pipeline on a bounded pool; each result is stored as
    soon as it is done, and a bad file is refused alone."""
    report = run_batch(
        pipeline_for(db), items_from_uploads(list(files)), user, workers, on_progress
    )
    if report.stored:
        rescan(db, user)
    return report.results


def ingest_paths(
    db: Database,
    paths: Iterable[Path],
    user: str,
    on_progress: Callable[[FileProgress], None] | None = None,
    workers: int = DEFAULT_WORKERS,
) -> BatchReport:
    """Files, or every file under folders, through the pipeline; re-runs skip stored files."""
    report = run_batch(pipeline_for(db), items_from_paths(list(paths)), user, workers, on_progress)
    if report.stored:
        rescan(db, user)
    return report
