"""The demo: generate realistic invoice files, then run them through the real pipeline."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from core.demo.generator import generate_corpus
from core.services.pipeline import STORED, IngestResult, Pipeline
from core.services.screening import rescan
from core.store import Database

DEMO_USER = "demo-clerk"


@dataclass(frozen=True)
class DemoSummary:
    files: int
    stored: int
    skipped: int
    refused: int
    findings: int


def load_demo(
    db: Database,
    n_invoices: int = 120,
    seed: int = 7,
    out_dir: Path | None = None,
    on_result: Callable[[int, int, IngestResult], None] | None = None,
) -> DemoSummary:
    """Write n_invoices demo files and ingest them.

    on_result(done, total, result) is called after each file, for a progress bar.
    """
    with tempfile.TemporaryDirectory(prefix="ledgerloop-demo-") as tmp:
        folder = out_dir or Path(tmp)
        docs = generate_corpus(folder, n_invoices, seed=seed)
        pipeline = Pipeline(db)
        results: list[IngestResult] = []
        for i, doc in enumerate(docs, start=1):
            result = pipeline.ingest_bytes(doc.path.read_bytes(), doc.path.name, DEMO_USER)
            results.append(result)
            if on_result:
                on_result(i, len(docs), result)
    new_findings = rescan(db)
    return DemoSummary(
        files=len(results),
        stored=sum(r.status == STORED for r in results),
        skipped=sum(r.status == "skipped" for r in results),
        refused=sum(r.status == "refused" for r in results),
        findings=new_findings,
    )
