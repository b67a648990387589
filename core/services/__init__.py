"""The facade the pages and the CLI call: nothing above this layer touches the store."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable

from core.services.demo import DemoSummary, load_demo
from core.services.pipeline import REFUSED, SKIPPED, STORED, IngestResult, Pipeline
from core.services.screening import rescan
from core.store import Database, get_db

__all__ = [
    "REFUSED",
    "SKIPPED",
    "STORED",
    "DemoSummary",
    "IngestResult",
    "Pipeline",
    "database",
    "ingest_uploads",
    "load_demo",
    "pipeline_for",
    "rescan",
]

_pipelines: dict[int, Pipeline] = {}
_lock = threading.Lock()


def database() -> Database:
    """The configured database (LEDGERLOOP_DB or data/ledgerloop.duckdb), migrated."""
    return get_db()


def pipeline_for(db: Database) -> Pipeline:
    with _lock:
        pipeline = _pipelines.get(id(db))
        if pipeline is None:
            pipeline = Pipeline(db)
            _pipelines[id(db)] = pipeline
        return pipeline


def ingest_uploads(
    db: Database,
    files: Iterable[tuple[str, bytes]],
    user: str,
    on_result: Callable[[IngestResult], None] | None = None,
) -> list[IngestResult]:
    """Run each uploaded file through the pipeline; a bad file is refused alone."""
    pipeline = pipeline_for(db)
    results = []
    for name, data in files:
        result = pipeline.ingest_bytes(data, name, user)
        results.append(result)
        if on_result:
            on_result(result)
    if any(r.status == STORED for r in results):
        rescan(db, user)
    return results
